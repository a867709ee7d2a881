/* SPDX-License-Identifier: Apache-2.0 */
/* The wallet's own pieces, shared by the files of core/wallet: the handle,
 * the records it keeps in the vault, and the helpers more than one job uses.
 *
 * Its records, as the vault's typed records:
 *   holder key     kind WALLET_KIND_HOLDER, id "holder": the 32-byte public key
 *   credentials    kind WALLET_KIND_CREDENTIAL, id = doc type (1 byte),
 *                  ord = issued_on, value = flags (1 byte) || bundle
 *   audit log      kind WALLET_KIND_AUDIT, id = 8 random bytes,
 *                  ord = minutes since 1970 << 20 | entries at that moment (keeps order),
 *                  value = doc type (1) || claims bit set (4, LE) || relying party id
 *   batch members  kind WALLET_KIND_BATCH, id = doc type (1) || holder public key (32),
 *                  ord = last valid day, value = tag length (1) || relying party tag || bundle
 *                  (the tag is set only under EID_BATCH_PER_RELYING_PARTY)
 *   refill keys    kind WALLET_KIND_BATCH_PENDING, id = doc type (1), value = public keys (32 each)
 *                  of the outstanding refill request
 *   batch marker   kind WALLET_KIND_BATCH_META, id = doc type (1), value = 1 byte (version):
 *                  the document is served by batches (present never falls back silently)
 * Level, states and claims are always derived from the stored bundles. */
#ifndef EID_CORE_WALLET_INTERNAL_H
#define EID_CORE_WALLET_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "common/log.h"
#include "credential/credential.h"
#include "eid/wallet.h"
#include "vault/vault.h"

#define WALLET_KIND_HOLDER (VAULT_KIND_USER_MIN + 0)
#define WALLET_KIND_CREDENTIAL (VAULT_KIND_USER_MIN + 1)
#define WALLET_KIND_AUDIT (VAULT_KIND_USER_MIN + 2)
#define WALLET_KIND_BATCH (VAULT_KIND_USER_MIN + 3)
#define WALLET_KIND_BATCH_PENDING (VAULT_KIND_USER_MIN + 4)
#define WALLET_KIND_BATCH_META (VAULT_KIND_USER_MIN + 5)
#define FLAG_REVOKED 1u
#define RP_ID_MAX 64
#define MEMBER_ID_BYTES 33

struct eid_wallet {
    eid_vault *vault;
    eid_wallet_options opt;
    int noted;               /* the running call has recorded its failure */
    char last_error[200];    /* eid_wallet_last_error(): never a secret or personal data */
};

/* ---- the last error (wallet.c) ---- */

/* Records "what: " and the formatted fact as the handle's last error; returns
 * st. The fact names calls, checks, doc types and claim numbers, never a claim
 * value, a key or anything of the person. */
eid_status wallet_fail(eid_wallet *w, eid_status st, const char *what, const char *fmt, ...) LOG_PRINTF(4, 5);
/* Ends a call: a failure nothing recorded gets "what: STATUS" (and the vault's
 * last error when the vault failed). Returns st. */
eid_status wallet_done(eid_wallet *w, eid_status st, const char *what);

/* ---- stored credentials and signing (wallet_stored.c) ---- */

typedef struct stored {
    eid_bytes raw;          /* flags || bundle */
    bundle_view view;
    uint8_t flags;
} stored;

/* The options' clock, else the system clock. */
int64_t wallet_now(const eid_wallet *w);
/* Loads the credential of record of doc_type. EID_ERR_NOT_FOUND, EID_ERR_CORRUPT. */
eid_status wallet_load(eid_wallet *w, uint32_t doc_type, stored *s);
/* Stores flags || bundle as the credential of record of doc_type. */
eid_status wallet_save(eid_wallet *w, uint32_t doc_type, uint8_t flags, const uint8_t *bundle, size_t len,
                       int32_t issued_on);
void wallet_stored_free(stored *s);
/* Both bundles disclose the same personal_id. */
/* *same = 1 when both carry the same personal_id; EID_ERR_NO_MEMORY when
 * that could not be decided. */
eid_status wallet_same_person(const stored *a, const stored *b, int *same);
/* Every check of an import passed, except possibly assurance (level 1) when
 * allowed; a failure records the first failed check as `what`'s last error. */
eid_status wallet_check_bundle(eid_wallet *w, const char *what, const eid_verifier *trust, const uint8_t *bundle,
                               size_t len, int64_t now, int allow_level_1);
/* Level 2 and a live identity, loaded into *id. */
eid_status wallet_require_level_2(eid_wallet *w, stored *id);

/* What a document issuer is shown of the identity: personal_id, full_name and
 * birth_date (those the credential holds), the proof nodes for the rest, and
 * the identity's holder key. Points into *id, which must outlive it. */
typedef struct identity_for_issuer {
    ProtobufCBinaryData disclosures[3];
    size_t n_disclosures;
    merkle_node proof[MERKLE_MAX_LEAVES];
    size_t n_proof;
    uint8_t holder_key[32];
} identity_for_issuer;
void wallet_identity_for_issuer(const stored *id, identity_for_issuer *out);

/* A holder key in the vault as a key_sign_fn context. */
typedef struct vault_signer {
    eid_vault *vault;
    const uint8_t *public_key;
} vault_signer;
eid_status wallet_sign_in_vault(void *ctx, const char *context, const uint8_t *msg, size_t len, uint8_t sig[64]);

/* ---- batches (wallet_batch.c) ---- */

typedef struct member {
    uint8_t public_key[32];
    int32_t valid_until;
    uint8_t tag_len;
    char tag[RP_ID_MAX + 1];
} member;

typedef struct member_list {
    uint32_t doc_type;       /* 0: every document */
    member *m;
    size_t n, cap;
} member_list;

/* The members of doc_type, soonest to expire first (release l->m with
 * mem_free_secret(l->m, l->cap * sizeof *l->m)). */
eid_status wallet_members_of(eid_wallet *w, uint32_t doc_type, member_list *l);
void wallet_member_id(uint32_t doc_type, const uint8_t public_key[32], uint8_t id[MEMBER_ID_BYTES]);
/* Loads the member of doc_type with public key pk into *s (flags 0). */
eid_status wallet_member_load(eid_wallet *w, uint32_t doc_type, const uint8_t pk[32], stored *s);
/* Deletes a member and its holder key (inside the caller's transaction). */
eid_status wallet_member_delete(eid_wallet *w, uint32_t doc_type, const uint8_t public_key[32]);
/* No relying party has seen it and it has not expired by `today`. */
int wallet_member_usable(const member *m, int32_t today);
/* Serialized disclosures equal after their salt. */
int wallet_same_claims(const bundle_view *a, const bundle_view *b);
/* Drops a document's batch, its outstanding refill keys and (with marker)
 * the batch marker, inside the caller's transaction. */
eid_status wallet_batch_drop(eid_wallet *w, uint32_t doc_type, int marker);

/* ---- the audit log (wallet_present.c) ---- */

/* Appends an audit entry (inside the caller's transaction). */
eid_status wallet_audit_append(eid_wallet *w, int64_t now, uint32_t doc_type, uint32_t mask, const char *rp);
/* Deletes the entries older than the retention. */
eid_status wallet_audit_purge(eid_wallet *w);

#endif
