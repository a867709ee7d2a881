/* Trust lists and status lists, the verifier side: loading with every check
 * that does not depend on the time of verification, and lookups. Their
 * limits and body shape are the issuer side's (credential/lists.h). */
#ifndef EID_CORE_LISTS_H
#define EID_CORE_LISTS_H
#include "credential/lists.h"
#include "eid/verifier.h"
#include "eid/v1/lists.pb-c.h"
#include "common/checked.h"

_Static_assert(EID_ID_MAX_BYTES == EID_ISSUER_ID_MAX_BYTES, "issuer ids are named in full");

typedef struct eid_trust {
    Eid__V1__TrustListBody *body;
} eid_trust;

/* Checks the envelope without allocating (at most 32 signature entries, one
 * per root key id), then the signatures of the pinned roots (k distinct keys;
 * each root's entry verified at most once, entries of other keys never),
 * then decodes the body: canonical form, version, every entry's shape, key
 * ids, duplicates, lifetime, and sequence >= min_sequence.
 * EID_ERR_INVALID_ARG (a root pinned twice, k out of range),
 * EID_ERR_TOO_LARGE, EID_ERR_FORMAT, EID_ERR_UNTRUSTED_LIST,
 * EID_ERR_UNSUPPORTED_VERSION, EID_ERR_LIST_ROLLBACK, EID_ERR_NO_MEMORY. */
eid_status eid_trust_load(const uint8_t *b, size_t n, const uint8_t (*roots)[32], size_t n_roots, size_t k,
                          uint64_t min_sequence, eid_trust *t);
void eid_trust_free(eid_trust *t);
const Eid__V1__IssuerEntry *eid_trust_find_key(const eid_trust *t, const uint8_t *key_id, size_t len);
const Eid__V1__RelyingPartyEntry *eid_trust_find_rp(const eid_trust *t, const uint8_t *rp_id, size_t len);
int eid_trust_allows_doc(const Eid__V1__IssuerEntry *e, uint32_t doc_type);

typedef struct eid_status_set {
    uint8_t issuer_id[EID_ID_MAX_BYTES];
    size_t issuer_id_len;
    uint32_t list_id, doc_type, size;
    uint64_t sequence;
    int64_t issued_at, next_update;
    int32_t key_verify_until; /* day: the last day the signing key verifies */
    uint32_t *revoked; /* ascending */
    size_t n_revoked;
} eid_status_set;

/* Verifies a status list against the trust list before decoding its body:
 * signed by a key with status usage whose verifying window is still open on
 * the day of the trust list's issued_at less clock_skew; then, decoded: of the
 * issuer it names, allowed for its doc type, issued within the key's signing
 * window; canonical sparse data; sequence >= min_sequence.
 * EID_ERR_INVALID_ARG, EID_ERR_TOO_LARGE, EID_ERR_FORMAT,
 * EID_ERR_UNSUPPORTED_VERSION, EID_ERR_UNTRUSTED_ISSUER, EID_ERR_BAD_SIGNATURE,
 * EID_ERR_LIST_ROLLBACK, EID_ERR_NO_MEMORY. */
eid_status eid_status_load(const uint8_t *b, size_t n, const eid_trust *t, int64_t clock_skew, uint64_t min_sequence,
                           eid_status_set *s);
/* Whether a loaded list decides status at `now`: EID_OK (*stale = 1 when past
 * next_update within the allowance); EID_ERR_CLOCK (issued after now + skew);
 * EID_ERR_UNTRUSTED_ISSUER (its key's verifying window ended before day(now));
 * EID_ERR_LIST_EXPIRED (more than max_age seconds after its issued_at);
 * EID_ERR_LIST_STALE (past next_update + allowed_staleness). *detail says why. */
eid_status eid_status_usable(const eid_status_set *s, int64_t now, int64_t clock_skew, int64_t max_age,
                             int64_t allowed_staleness, int *stale, const char **detail);
void eid_status_set_free(eid_status_set *s);
int eid_status_is_revoked(const eid_status_set *s, uint32_t index);
/* The public name of a loaded list. */
void eid_status_set_name(const eid_status_set *s, eid_status_list_name *name);

#endif
