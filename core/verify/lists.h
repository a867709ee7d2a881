/* Trust lists and status lists: loading with every check that does not depend
 * on the time of verification, lookups, and the issuer side that signs them. */
#ifndef EID_CORE_LISTS_H
#define EID_CORE_LISTS_H
#include "eid/issuer.h"
#include "eid/v1/lists.pb-c.h"

#define EID_TRUST_LIST_MAX_BYTES (1u << 20)
#define EID_STATUS_LIST_MAX_BYTES ((1u << 24) + 4096)
#define EID_ID_MAX_BYTES 64
#define EID_NAME_MAX_BYTES 128

typedef struct eid_trust {
    Eid__V1__TrustList *msg;
    Eid__V1__TrustListBody *body;
} eid_trust;

/* Checks root signatures (k distinct pinned roots), canonical form, version,
 * every entry's shape, key ids, duplicates, and sequence >= min_sequence.
 * EID_ERR_UNTRUSTED_LIST, EID_ERR_LIST_ROLLBACK, EID_ERR_FORMAT,
 * EID_ERR_UNSUPPORTED_VERSION, EID_ERR_TOO_LARGE. */
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
    uint32_t *revoked; /* ascending */
    size_t n_revoked;
} eid_status_set;

/* Verifies a status list against the trust list: signed by a key with status
 * usage of the issuer it names, allowed for its doc type, issued within the
 * key's signing window; canonical sparse data; sequence >= min_sequence.
 * EID_ERR_UNTRUSTED_ISSUER, EID_ERR_BAD_SIGNATURE, EID_ERR_LIST_ROLLBACK,
 * EID_ERR_FORMAT, EID_ERR_UNSUPPORTED_VERSION, EID_ERR_TOO_LARGE. */
eid_status eid_status_load(const uint8_t *b, size_t n, const eid_trust *t, uint64_t min_sequence,
                           eid_status_set *s);
void eid_status_set_free(eid_status_set *s);
int eid_status_is_revoked(const eid_status_set *s, uint32_t index);

#endif
