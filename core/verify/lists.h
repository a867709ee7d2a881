/* SPDX-License-Identifier: Apache-2.0 */
/* Trust lists and revocation lists, the verifier side: loading with every check
 * that does not depend on the time of verification, and lookups. Their
 * limits and body shape are the issuer side's (credential/lists.h). */
#ifndef EID_CORE_LISTS_H
#define EID_CORE_LISTS_H
#include "credential/lists.h"
#include "eid/verifier.h"
#include "eid/v1/lists.pb-c.h"
#include "common/checked.h"

_Static_assert(ID_MAX_BYTES == EID_ISSUER_ID_MAX_BYTES, "issuer ids are named in full");

typedef struct trust_set {
    Eid__V1__TrustListBody *body;
} trust_set;

/* Checks the envelope without allocating (at most 32 signature entries, one
 * per root key id), then the signatures of the pinned roots (k distinct keys;
 * each root's entry verified at most once, entries of other keys never),
 * then decodes the body: canonical form, version, every entry's shape, key
 * ids, duplicates, lifetime, and sequence >= min_sequence.
 * EID_ERR_INVALID_ARG (a root pinned twice, k out of range),
 * EID_ERR_TOO_LARGE, EID_ERR_FORMAT, EID_ERR_UNTRUSTED_LIST,
 * EID_ERR_UNSUPPORTED_VERSION, EID_ERR_LIST_ROLLBACK, EID_ERR_NO_MEMORY. */
eid_status trust_load(const uint8_t *b, size_t n, const uint8_t (*roots)[32], size_t n_roots, size_t k,
                      uint64_t min_sequence, trust_set *t);
void trust_free(trust_set *t);
const Eid__V1__IssuerEntry *trust_find_key(const trust_set *t, const uint8_t *key_id, size_t len);
const Eid__V1__RelyingPartyEntry *trust_find_rp(const trust_set *t, const uint8_t *rp_id, size_t len);
int trust_allows_doc(const Eid__V1__IssuerEntry *e, uint32_t doc_type);

typedef struct revlist {
    uint8_t issuer_id[ID_MAX_BYTES];
    size_t issuer_id_len;
    uint32_t list_id, doc_type, size;
    uint64_t sequence;
    int64_t issued_at, next_update;
    int32_t key_verify_until; /* day: the last day the signing key verifies */
    uint32_t *revoked; /* ascending */
    size_t n_revoked;
} revlist;

/* Verifies a revocation list against the trust list before decoding its body:
 * signed by a key with revocation usage whose verifying window is still open on
 * the day of the trust list's issued_at less clock_skew; then, decoded: of the
 * issuer it names, allowed for its doc type, issued within the key's signing
 * window; canonical sparse data; sequence >= min_sequence.
 * EID_ERR_INVALID_ARG, EID_ERR_TOO_LARGE, EID_ERR_FORMAT,
 * EID_ERR_UNSUPPORTED_VERSION, EID_ERR_UNTRUSTED_ISSUER, EID_ERR_BAD_SIGNATURE,
 * EID_ERR_LIST_ROLLBACK, EID_ERR_NO_MEMORY. */
eid_status revlist_load(const uint8_t *b, size_t n, const trust_set *t, int64_t clock_skew, uint64_t min_sequence,
                        revlist *s);
/* Whether a loaded list decides status at `now`: EID_OK (*stale = 1 when past
 * next_update within the allowance); EID_ERR_CLOCK (issued after now + skew);
 * EID_ERR_UNTRUSTED_ISSUER (its key's verifying window ended before day(now));
 * EID_ERR_LIST_EXPIRED (more than max_age seconds after its issued_at);
 * EID_ERR_LIST_STALE (past next_update + allowed_staleness). *detail says why. */
eid_status revlist_usable(const revlist *s, int64_t now, int64_t clock_skew, int64_t max_age,
                          int64_t allowed_staleness, int *stale, const char **detail);
void revlist_free(revlist *s);
int revlist_is_revoked(const revlist *s, uint32_t index);
/* The public name of a loaded list. */
void revlist_name(const revlist *s, eid_revocation_list_name *name);

#endif
