/* SPDX-License-Identifier: Apache-2.0 */
/* A small world for credential and verifier tests: pinned root, one issuer key
 * per doc type (credential + revocation usage), a relying party, a holder, signed
 * trust and revocation lists, a replay store and a verifier, at a pinned time. */
#ifndef EID_FIXTURE_H
#define EID_FIXTURE_H
#include "testutil.h"

#define FX_DOCS 5 /* index = doc type 1..4 */
#define FX_LIST_SIZE 4096

typedef struct fx {
    int64_t now;          /* 2026-11-25 10:00 Vietnam time */
    int32_t today;
    eid_key *root, *issuer[FX_DOCS], *holder, *rp;
    uint8_t root_pk[32], issuer_pk[FX_DOCS][32], holder_pk[32], rp_pk[32];
    /* editable trust-list inputs */
    uint32_t doc_codes[FX_DOCS];
    eid_trust_issuer issuers[FX_DOCS + 4];
    size_t n_issuers;
    uint32_t rp_claims[4][16];
    eid_rp_permission rp_allowed[4];
    eid_trust_rp rps[2];
    eid_trust_list_params tp;
    eid_bytes trust;
    eid_bytes status[FX_DOCS];
    eid_replay_store *store;
    eid_verifier_options opt;
    eid_verifier *verifier;
} fx;

/* Keys from fixed seeds (seed_base + n), so vectors can be regenerated. */
void fx_init(fx *f);
/* The same world (same keys) on another day, at 10:00 Vietnam time. */
void fx_init_at(fx *f, int32_t year, int32_t month, int32_t day);
void fx_free(fx *f);
/* cmocka setup and teardown for a group whose state is one fx (fx_init / fx_free). */
int fx_setup(void **state);
int fx_teardown(void **state);
/* Re-signs f->trust from f->tp with f->root. */
void fx_sign_trust(fx *f);
/* Signs the revocation list of a doc type with the given revoked indexes. */
void fx_sign_status(fx *f, uint32_t doc_type, const uint32_t *revoked, size_t n, uint64_t sequence);
/* (Re)builds f->verifier from f->trust, f->status and f->opt; returns its status. */
eid_status fx_build(fx *f);

/* The standard claims of a doc type, for a fixed citizen. */
size_t fx_claims(uint32_t doc_type, eid_claim *out);
/* Issues a credential of doc_type to f->holder, revocation index `index`, valid
 * one year from yesterday, assurance 2. */
eid_bytes fx_issue(fx *f, uint32_t doc_type, uint32_t index);
eid_bytes fx_issue_with(fx *f, const eid_credential_params *p, const eid_key *issuer);
eid_credential_params fx_params(fx *f, uint32_t doc_type, uint32_t index);
/* An offline presentation text of claims[0..n) at time `when` (caller frees with eid_free). */
char *fx_present(fx *f, const eid_bytes *bundle, const uint32_t *claims, size_t n, int64_t when);
/* Verifies text at f->now; returns the status, and frees the result unless out != NULL. */
eid_status fx_verify(fx *f, const char *text, int64_t now, eid_result **out);

#define FX_FULL_NAME "Hồ Thị Thanh Hương" /* 24 bytes, the size target's name */
#define FX_PERSONAL_ID "001203004567"

#endif
