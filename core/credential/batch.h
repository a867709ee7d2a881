/* SPDX-License-Identifier: Apache-2.0 */
/* Batches of single-use credentials (eid/issuer.h, docs/FORMAT.md "Batches"):
 * decoding the CredentialBatch the issuer returns. */
#ifndef EID_CORE_BATCH_H
#define EID_CORE_BATCH_H
#include <protobuf-c/protobuf-c.h>

#include "eid/common.h"

#define BATCH_MAX_BYTES (1u << 21) /* 64 members of up to 32 KiB */

typedef struct batch_view {
    void *msg;                          /* the decoded CredentialBatch */
    uint32_t doc_type;
    size_t n_members;
    const ProtobufCBinaryData *members; /* serialized CredentialBundles */
} batch_view;

/* Canonical decode, version 1, 1..EID_BATCH_MAX_MEMBERS members
 * (EID_ERR_FORMAT, EID_ERR_UNSUPPORTED_VERSION, EID_ERR_TOO_LARGE). The
 * members themselves are checked by whoever imports them. */
eid_status batch_decode(const uint8_t *b, size_t n, batch_view *v);
void batch_view_free(batch_view *v);

/* Wraps a serialized IssuanceRequest (doc_type set, the batch's keys) into a
 * BatchRefillRequest. */
eid_status batch_refill_wrap(const uint8_t *issuance, size_t len, eid_bytes *request);

#endif
