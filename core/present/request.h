/* SPDX-License-Identifier: Apache-2.0 */
/* Relying-party requests, the parts the presentation builder and the
 * verifier share. */
#ifndef EID_CORE_REQUEST_H
#define EID_CORE_REQUEST_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

#define REQUEST_NONCE_BYTES 16

/* The claims (bit n: claim n) a serialized PresentationRequest asks of
 * doc_type. EID_ERR_FORMAT (not a request), EID_ERR_NOT_REQUESTED (it does
 * not ask for doc_type). Nothing about its sender is checked here. */
eid_status request_asked(const uint8_t *request, size_t len, uint32_t doc_type, uint32_t *claims);

#endif
