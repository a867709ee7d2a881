/* SPDX-License-Identifier: Apache-2.0 */
/* Reading signed lists before anything in them is trusted: a protobuf field
 * walker that allocates nothing, the canonical outer messages of trust and
 * revocation lists, and the few revocation-list body fields needed to find the
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
#define TRUST_MAX_SIGNATURES 32

typedef struct wire_span {
    const uint8_t *data;
    size_t len;
} wire_span;

typedef struct wire_root_sig {
    const uint8_t *key_id;    /* 8 bytes */
    const uint8_t *signature; /* 64 bytes */
} wire_root_sig;

/* A TrustList in canonical form: body (field 1, not empty), then 0..32
 * RootSignature entries (field 2), each exactly root_key_id (8 bytes) then
 * signature (64 bytes); no other field, no key id twice, minimal varints.
 * sigs has room for TRUST_MAX_SIGNATURES. EID_OK or EID_ERR_FORMAT. */
eid_status wire_trust_list(const uint8_t *b, size_t n, wire_span *body, wire_root_sig *sigs, size_t *n_sigs);

/* A StatusList in canonical form: body (field 1, not empty) then signature
 * (field 2, 64 bytes), nothing else. EID_OK or EID_ERR_FORMAT. */
eid_status wire_revlist(const uint8_t *b, size_t n, wire_span *body, const uint8_t **signature);

/* The fields of a StatusListBody that name it and its key, read from the
 * first occurrence of each (the canonical decoding after the signature
 * check refuses any body with a field twice). */
typedef struct wire_revlist_peek {
    uint64_t version;
    wire_span issuer_id;
    wire_span key_id;
    uint32_t list_id, doc_type;
    uint64_t sequence;
    int64_t issued_at, next_update;
} wire_revlist_peek;

/* EID_OK; EID_ERR_UNSUPPORTED_VERSION (version other than 1); EID_ERR_FORMAT
 * (malformed fields, a known field of the wrong wire type or range, a key id
 * that is not 8 bytes). */
eid_status wire_revlist_body(const uint8_t *b, size_t n, wire_revlist_peek *out);

#endif
