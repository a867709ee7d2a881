/* SPDX-License-Identifier: Apache-2.0 */
/* Presentation building shared by the public API and the wallet (whose
 * holder keys stay in the vault, hence the signer callback). */
#ifndef EID_CORE_PRESENTATION_H
#define EID_CORE_PRESENTATION_H
#include "credential/credential.h"
#include "eid/present.h"
#include "eid/v1/presentation.pb-c.h"
#include "present/qr_text.h"
#include "present/request.h"

#define NONCE_BYTES 8
#define HASH_BYTES 16

eid_status present_with(const bundle_view *bundle, key_sign_fn sign, void *sign_ctx,
                        const uint8_t holder_public[32], uint32_t claim_mask, const uint8_t *request,
                        size_t request_len, int64_t now, eid_bytes *presentation);

/* Assembles and signs a PresentationBody from its parts; no checks (tests
 * use it to build presentations the builder would refuse). */
typedef struct presentation_parts {
    uint32_t version;
    uint32_t mode;
    const uint8_t *credential;    /* serialized Credential */
    size_t credential_len;
    const ProtobufCBinaryData *disclosures;
    size_t n_disclosures;
    const uint8_t *proof;
    size_t proof_len;
    const uint8_t *nonce;
    size_t nonce_len;
    int64_t created_at;
    const uint8_t *request_hash;
    size_t request_hash_len;
} presentation_parts;
eid_status presentation_assemble(const presentation_parts *parts, key_sign_fn sign, void *sign_ctx,
                                 eid_bytes *presentation);

#endif
