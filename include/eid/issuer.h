/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eid/issuer.h — signing keys and the reference issuer.
 *
 * The reference issuer signs what relying parties trust: credentials (with
 * every disclosure and decoy leaf handed to the holder), revocation lists and
 * trust lists. Tests, samples and issuer back-ends use it; a phone never
 * needs it. Wire formats: docs/FORMAT.md. The checks an issuer runs on a
 * wallet's activation, issuance and refill requests before signing are in
 * eid/verifier.h ("issuer-side checks"), beside every other check.
 *
 * Thread safety: an eid_key may be used by several threads at once for
 * signing; every function here is otherwise independent of global state.
 */
#ifndef EID_ISSUER_H
#define EID_ISSUER_H

#include "claims.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EID_KEY_PUBLIC_BYTES 32
#define EID_KEY_SEED_BYTES 32
#define EID_KEY_ID_BYTES 8
/*! eid_key_public_bytes(), eid_key_seed_bytes(), eid_key_id_bytes() : the macros above, for bindings. */
EID_API size_t eid_key_public_bytes(void);
EID_API size_t eid_key_seed_bytes(void);
EID_API size_t eid_key_id_bytes(void);

/* ---- signing keys -------------------------------------------------------- */
/* An Ed25519 signing key held in guarded memory (locked, zeroed on free). */
typedef struct eid_key eid_key;

/*! eid_key_new() : a new random key. Free with eid_key_free().
 *  @return EID_OK, EID_ERR_INVALID_ARG, EID_ERR_NO_MEMORY. */
EID_API eid_status eid_key_new(eid_key **key);
/*! eid_key_new_from_seed() : the key of a 32-byte seed (as eid_key_seed exported it).
 *  @return EID_OK, EID_ERR_INVALID_ARG (NULL or len != 32), EID_ERR_NO_MEMORY. */
EID_API eid_status eid_key_new_from_seed(const uint8_t *seed, size_t len, eid_key **key);
/*! eid_key_seed() : exports the 32-byte seed into *seed (caller frees with
 *  eid_bytes_free, which zeroes it). For issuer tools that keep keys in files.
 *  @return EID_OK, EID_ERR_INVALID_ARG, EID_ERR_NO_MEMORY. */
EID_API eid_status eid_key_seed(const eid_key *key, eid_bytes *seed);
/*! eid_key_public() : copies the 32-byte public key. */
EID_API void eid_key_public(const eid_key *key, uint8_t public_key[EID_KEY_PUBLIC_BYTES]);
/*! eid_key_id() : the 8-byte key id of a public key (BLAKE2b-256, first 8 bytes). */
EID_API void eid_key_id(const uint8_t public_key[EID_KEY_PUBLIC_BYTES], uint8_t id[EID_KEY_ID_BYTES]);
/*! eid_key_free() : zeroes and frees the key. Accepts NULL. */
EID_API void eid_key_free(eid_key *key);

/* ---- credentials --------------------------------------------------------- */
typedef enum eid_key_protection {
    EID_KEY_PROTECTION_SOFTWARE = 0,
    EID_KEY_PROTECTION_TEE = 1,
    EID_KEY_PROTECTION_STRONGBOX = 2
} eid_key_protection;

typedef struct eid_credential_params {
    uint32_t doc_type;              /* eid_doc_type */
    uint32_t assurance;             /* 1 or 2 */
    int32_t issued_on;              /* days */
    int32_t valid_from;             /* days, first valid day */
    int32_t valid_until;            /* days, last valid day */
    const uint8_t *holder_key;      /* 32-byte Ed25519 public key of the holder */
    uint32_t key_protection;        /* eid_key_protection */
    uint32_t revocation_list;       /* list id in the issuer's revocation lists for this doc type */
    uint32_t revocation_index;      /* index in that list */
} eid_credential_params;

/*! eid_issue_credential() :
 *  Signs a credential over `claims` (any order; each claim number at most once,
 *  every required claim of the doc type present) with `issuer_key`. Text is
 *  normalised to NFC before it is signed. Salts and decoy leaves are random.
 *  *bundle receives the serialized CredentialBundle (credential + every
 *  disclosure + decoy leaves) that the holder imports; the caller frees it.
 *  The claim set must pass eid_claim_set_validate() (eid/claims.h).
 *  @return EID_OK; EID_ERR_INVALID_ARG (NULL, bad dates, assurance, holder key);
 *          EID_ERR_INVALID_CLAIM (a value breaks the schema, a required claim is
 *          missing, a claim repeats, a cross-claim rule fails); EID_ERR_NOT_FOUND
 *          (claim number unknown to the doc type); EID_ERR_WRONG_LEVEL (a
 *          document other than an identity at assurance 1); EID_ERR_NO_MEMORY. */
EID_API eid_status eid_issue_credential(const eid_key *issuer_key, const eid_credential_params *params,
                                        const eid_claim *claims, size_t n_claims, eid_bytes *bundle);

#define EID_CREDENTIAL_FINGERPRINT_BYTES 32
/*! eid_credential_fingerprint_bytes() : EID_CREDENTIAL_FINGERPRINT_BYTES, for bindings. */
EID_API size_t eid_credential_fingerprint_bytes(void);
/*! eid_credential_fingerprint() :
 *  The name of a credential in an issuer's register: BLAKE2b-256 (unkeyed) of
 *  the serialized Credential (payload and issuer signature) inside `bundle`, a
 *  CredentialBundle as eid_issue_credential() writes it. The bundle is decoded
 *  with every shape check and its disclosures and decoys must give the signed
 *  Merkle root, so any altered byte either changes the fingerprint or is
 *  refused. The issuer signature is not checked: a fingerprint names a
 *  credential, the register says whether it issued it.
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_FORMAT (not a well-formed
 *          bundle); EID_ERR_UNSUPPORTED_VERSION; EID_ERR_TOO_LARGE; EID_ERR_PROOF
 *          (the leaves do not give the signed root); EID_ERR_NO_MEMORY. On
 *          failure `fingerprint` is zeroed. */
EID_API eid_status eid_credential_fingerprint(const uint8_t *bundle, size_t len,
                                              uint8_t fingerprint[EID_CREDENTIAL_FINGERPRINT_BYTES]);

/* ---- batches of single-use credentials -------------------------------------- */
/* For one document, N short-lived credentials that differ in every signed
 * byte except the fields every credential of that issuer, doc type and day
 * carries (docs/UNLINKABILITY.md): each has its own holder key (from the
 * wallet's BatchRefillRequest, eid_verifier_check_refill in eid/verifier.h),
 * fresh salts and decoys, and a random revocation index drawn from an
 * eid_revocation_allocator. Wire format: docs/FORMAT.md, "Batches". */
#define EID_BATCH_DEFAULT_MEMBERS 16
#define EID_BATCH_MAX_MEMBERS 64
#define EID_BATCH_DEFAULT_VALIDITY_DAYS 30
/*! eid_batch_default_members(), eid_batch_max_members(), eid_batch_default_validity_days() :
 *  the macros above, for bindings. */
EID_API size_t eid_batch_default_members(void);
EID_API size_t eid_batch_max_members(void);
EID_API uint32_t eid_batch_default_validity_days(void);

/* The revocation indexes of one revocation list (one issuer, doc type and list id):
 * hands out random free indexes, remembers which document each serves and
 * until when, frees them once that credential has expired, and revokes every
 * live index of a document at once. Kept in memory (16 bytes per entry);
 * an issuer back-end keeps the same facts in its register. Not thread-safe:
 * one thread at a time per allocator. */
typedef struct eid_revocation_allocator eid_revocation_allocator;

/*! eid_revocation_allocator_new() : an allocator for a list of `size` entries
 *  (1..EID_REVOCATION_LIST_MAX_SIZE), every entry free. Free with eid_revocation_allocator_free().
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_NO_MEMORY. */
EID_API eid_status eid_revocation_allocator_new(uint32_t size, eid_revocation_allocator **allocator);
/*! eid_revocation_allocator_free() : accepts NULL. */
EID_API void eid_revocation_allocator_free(eid_revocation_allocator *allocator);
/*! eid_revocation_allocator_reserve() : marks `index` live for `document` until `valid_until`
 *  (a credential issued with an index chosen elsewhere, e.g. the document of record).
 *  @return EID_OK; EID_ERR_INVALID_ARG (index >= size); EID_ERR_EXISTS (index in use). */
EID_API eid_status eid_revocation_allocator_reserve(eid_revocation_allocator *allocator, uint32_t index,
                                                    int32_t valid_until, uint64_t document);
/*! eid_revocation_allocator_take() : a uniformly random free index, now live for `document`
 *  until `valid_until` (days).
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_LIST_FULL (every entry is in use). */
EID_API eid_status eid_revocation_allocator_take(eid_revocation_allocator *allocator, int32_t valid_until,
                                                 uint64_t document, uint32_t *index);
/*! eid_revocation_allocator_release() : frees `index` at once (a credential that was never
 *  handed out). @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_NOT_FOUND (already free). */
EID_API eid_status eid_revocation_allocator_release(eid_revocation_allocator *allocator, uint32_t index);
/*! eid_revocation_allocator_expire() : frees every index, live or revoked, whose credential's
 *  last valid day is before today - 1 (a day of margin for time zones and verifier clock
 *  skew), so the list covers live credentials only. *freed (may be NULL) gets the count.
 *  @return EID_OK; EID_ERR_INVALID_ARG. */
EID_API eid_status eid_revocation_allocator_expire(eid_revocation_allocator *allocator, int32_t today, size_t *freed);
/*! eid_revocation_allocator_revoke() : revokes every live index of `document` (its record and
 *  every batch member). *revoked (may be NULL) gets the count.
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_NOT_FOUND (no live index). */
EID_API eid_status eid_revocation_allocator_revoke(eid_revocation_allocator *allocator, uint64_t document,
                                                   size_t *revoked);
/*! eid_revocation_allocator_revoked() : the revoked indexes not yet expired, ascending, for
 *  eid_revocation_list_sign(). *indexes: caller frees with eid_free (NULL when *count is 0).
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_NO_MEMORY. */
EID_API eid_status eid_revocation_allocator_revoked(const eid_revocation_allocator *allocator, uint32_t **indexes,
                                                    size_t *count);
/*! eid_revocation_allocator_live() : the number of entries in use (live or revoked). */
EID_API size_t eid_revocation_allocator_live(const eid_revocation_allocator *allocator);

typedef struct eid_batch_params {
    uint32_t doc_type;              /* eid_doc_type */
    uint32_t assurance;             /* 1 or 2 */
    int32_t issued_on;              /* day of issuance: also every member's first valid day */
    uint32_t validity_days;         /* 0: EID_BATCH_DEFAULT_VALIDITY_DAYS */
    int32_t document_valid_until;   /* last day of the document of record: no member outlives it */
    uint32_t key_protection;        /* eid_key_protection the wallet declared */
    uint32_t revocation_list;       /* list id of `indexes` */
    uint64_t document;              /* the issuer's id of the document, for revocation */
} eid_batch_params;

/*! eid_issue_batch() :
 *  Issues one credential per holder key (holder_keys: n_keys * 32 bytes,
 *  1..EID_BATCH_MAX_MEMBERS distinct keys, as eid_verifier_check_refill gave
 *  them) over the same `claims` (as eid_issue_credential), each valid from
 *  issued_on for validity_days days (never past document_valid_until), with a
 *  revocation index taken from `indexes` for `document`. *batch receives the
 *  serialized CredentialBatch, members in key order; the caller frees it. On
 *  failure every index taken is released.
 *  @return EID_OK; EID_ERR_INVALID_ARG (NULL, count, a repeated key, dates);
 *          EID_ERR_LIST_FULL (the list has no free entry left); the statuses of
 *          eid_issue_credential(); EID_ERR_NO_MEMORY. */
EID_API eid_status eid_issue_batch(const eid_key *issuer_key, const eid_batch_params *params,
                                   const eid_claim *claims, size_t n_claims, const uint8_t *holder_keys,
                                   size_t n_keys, eid_revocation_allocator *indexes, eid_bytes *batch);

/* ---- revocation lists -------------------------------------------------------- */
#define EID_REVOCATION_LIST_MAX_SIZE (1u << 24)
/*! eid_revocation_list_max_size() : EID_REVOCATION_LIST_MAX_SIZE, for bindings. */
EID_API uint32_t eid_revocation_list_max_size(void);
typedef struct eid_revocation_list_params {
    const char *issuer_id;          /* the issuer's id in the trust list (UTF-8) */
    uint32_t list_id;
    uint32_t doc_type;
    uint64_t sequence;              /* must grow with every new list */
    int64_t issued_at;              /* seconds */
    int64_t next_update;            /* seconds */
    uint32_t size;                  /* entries, 1..EID_REVOCATION_LIST_MAX_SIZE */
} eid_revocation_list_params;

/*! eid_revocation_list_sign() :
 *  Builds and signs a sparse revocation list whose revoked entries are
 *  revoked[0..n_revoked) (any order, duplicates ignored), with a key the trust
 *  list gives `status` usage. *list receives the serialized StatusList.
 *  @return EID_OK; EID_ERR_INVALID_ARG (an index >= size, size out of range,
 *          next_update before issued_at, bad issuer id); EID_ERR_NO_MEMORY. */
EID_API eid_status eid_revocation_list_sign(const eid_key *status_key, const eid_revocation_list_params *params,
                                            const uint32_t *revoked, size_t n_revoked, eid_bytes *list);

/* ---- trust lists --------------------------------------------------------- */
/* What a key in the trust list may sign: bits of eid_trust_issuer.usage. */
typedef enum eid_key_usage {
    EID_USAGE_CREDENTIAL = 1,
    EID_USAGE_REVOCATION = 2
} eid_key_usage;

typedef struct eid_trust_issuer {
    const char *issuer_id;          /* UTF-8; several keys may share one issuer id */
    const uint8_t *public_key;      /* 32 bytes */
    uint32_t usage;                 /* eid_key_usage bits */
    const uint32_t *doc_types;      /* doc types the key may sign */
    size_t n_doc_types;
    uint32_t max_assurance;         /* 1 or 2 */
    int32_t sign_from, sign_until;  /* days: the key's signing window */
    int32_t verify_until;           /* days: last day its signatures verify */
    const char *name;               /* display name */
} eid_trust_issuer;

typedef struct eid_rp_permission {
    uint32_t doc_type;
    const uint32_t *claims;         /* claim numbers the relying party may request */
    size_t n_claims;
} eid_rp_permission;

typedef struct eid_trust_rp {
    const char *rp_id;
    const char *name;               /* shown on the holder's consent screen */
    const uint8_t *public_key;      /* 32 bytes: signs presentation requests */
    const eid_rp_permission *allowed;
    size_t n_allowed;
} eid_trust_rp;

typedef struct eid_trust_list_params {
    uint64_t sequence;              /* must grow with every new list */
    int64_t issued_at, next_update, expires_at; /* seconds */
    const eid_trust_issuer *issuers;
    size_t n_issuers;
    const eid_trust_rp *relying_parties;
    size_t n_relying_parties;
} eid_trust_list_params;

/*! eid_trust_list_sign() :
 *  Builds a trust list and signs it with each of roots[0..n_roots) (distinct
 *  keys). *list receives the serialized TrustList; the caller frees it.
 *  @return EID_OK; EID_ERR_INVALID_ARG (times out of order, expires_at more
 *          than 92 days after issued_at, a duplicate key or id, a bad window
 *          or assurance, no roots or more than 32, entry counts that cannot
 *          fit a 1 MiB list); EID_ERR_NO_MEMORY. */
EID_API eid_status eid_trust_list_sign(const eid_trust_list_params *params, const eid_key *const *roots,
                                       size_t n_roots, eid_bytes *list);

/* ---- challenges ------------------------------------------------------------ */
/* Before it signs an identity or a document for a wallet, an issuer sends it a
 * fresh random challenge of 1..EID_CHALLENGE_MAX_BYTES bytes; the wallet
 * answers with a signed request (eid/wallet.h) and the issuer checks the
 * answer (eid/verifier.h, "issuer-side checks"). */
#define EID_CHALLENGE_MAX_BYTES 64
/*! eid_challenge_max_bytes() : EID_CHALLENGE_MAX_BYTES, for bindings. */
EID_API size_t eid_challenge_max_bytes(void);

#ifdef __cplusplus
}
#endif
#endif
