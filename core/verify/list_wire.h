/* Reading signed lists before anything in them is trusted: a protobuf field
 * walker that allocates nothing, the canonical outer messages of trust and
 * status lists, and the few status-list body fields needed to find the
 * signing key and to name the list. Nothing here allocates: what an
 * unauthenticated list costs does not grow with its shape. */
#ifndef EID_CORE_LIST_WIRE_H
#define EID_CORE_LIST_WIRE_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

/* At most this many RootSignature entries in a trust list (the most roots a
 * verifier may pin); a longer list is EID_ERR_FORMAT before any signature is
 * checked. */
#define EID_TRUST_MAX_SIGNATURES 32

typedef struct eid_span {
    const uint8_t *data;
    size_t len;
} eid_span;

typedef struct eid_root_sig {
    const uint8_t *key_id;    /* 8 bytes */
    const uint8_t *signature; /* 64 bytes */
} eid_root_sig;

/* A TrustList in canonical form: body (field 1, not empty), then 0..32
 * RootSignature entries (field 2), each exactly root_key_id (8 bytes) then
 * signature (64 bytes); no other field, no key id twice, minimal varints.
 * sigs has room for EID_TRUST_MAX_SIGNATURES. EID_OK or EID_ERR_FORMAT. */
eid_status eid_wire_trust_list(const uint8_t *b, size_t n, eid_span *body, eid_root_sig *sigs, size_t *n_sigs);

/* A StatusList in canonical form: body (field 1, not empty) then signature
 * (field 2, 64 bytes), nothing else. EID_OK or EID_ERR_FORMAT. */
eid_status eid_wire_status_list(const uint8_t *b, size_t n, eid_span *body, const uint8_t **signature);

/* The fields of a StatusListBody that name it and its key, read from the
 * first occurrence of each (the canonical decoding after the signature
 * check refuses any body with a field twice). */
typedef struct eid_status_peek {
    uint64_t version;
    eid_span issuer_id;
    eid_span key_id;
    uint32_t list_id, doc_type;
    uint64_t sequence;
    int64_t issued_at, next_update;
} eid_status_peek;

/* EID_OK; EID_ERR_UNSUPPORTED_VERSION (version other than 1); EID_ERR_FORMAT
 * (malformed fields, a known field of the wrong wire type or range, a key id
 * that is not 8 bytes). */
eid_status eid_wire_status_body(const uint8_t *b, size_t n, eid_status_peek *out);

#endif
