/* SPDX-License-Identifier: Apache-2.0 */
/* Internal view of eid_key: the libsodium secret key lives in guarded memory. */
#ifndef EID_CORE_KEY_H
#define EID_CORE_KEY_H
#include <protobuf-c/protobuf-c.h>

#include "crypto/crypto.h"
#include "eid/issuer.h"

struct eid_key {
    uint8_t *secret;                        /* CRY_SIGN_SECRET_BYTES, cry_secure_alloc */
    uint8_t public_key[CRY_SIGN_PUBLIC_BYTES];
};

eid_status key_sign(const eid_key *key, const char *context, const uint8_t *msg, size_t len,
                    uint8_t sig[CRY_SIGNATURE_BYTES]);

/* A signer callback, so that presentations can be signed by keys that live
 * elsewhere (the vault). */
typedef eid_status (*key_sign_fn)(void *ctx, const char *context, const uint8_t *msg, size_t len,
                                  uint8_t sig[CRY_SIGNATURE_BYTES]);
eid_status key_signer(void *key, const char *context, const uint8_t *msg, size_t len,
                      uint8_t sig[CRY_SIGNATURE_BYTES]);


/* Serializes `body`, signs it under `context`, and writes the wrapper that
 * Credential, Presentation, PresentationRequest, ActivationRequest and
 * StatusList share: {1: body bytes, 2: 64-byte signature}, canonically. */
eid_status key_sign_message(const ProtobufCMessage *body, const char *context, key_sign_fn sign, void *sign_ctx,
                            eid_bytes *out);

#endif
