/* SPDX-License-Identifier: Apache-2.0 */
/* Activation and issuance requests: the wallet builds them (signing through
 * the vault), issuers check them (eid/verifier.h, core/verify). */
#ifndef EID_CORE_ACTIVATION_H
#define EID_CORE_ACTIVATION_H
#include <protobuf-c/protobuf-c.h>

#include "credential/key.h"

#define DEVICE_LABEL_MAX_BYTES 64
#define ACTIVATION_MAX_BYTES 4096
#define ISSUANCE_MAX_BYTES 16384 /* a batch refill with ISSUANCE_MAX_KEYS keys fits */
#define ISSUANCE_MAX_KEYS 64           /* = EID_BATCH_MAX_MEMBERS */

eid_status activation_build(key_sign_fn sign, void *ctx, const uint8_t holder_key[32], uint32_t key_protection,
                            const char *device_label, const uint8_t *challenge, size_t challenge_len,
                            eid_bytes *request);

/* identity: serialized Credential; disclosures: serialized Disclosures
 * (ascending); proof as in a presentation. Signed by the identity's holder
 * key (identity_sign) and by the new key (new_sign). */
eid_status issuance_build(key_sign_fn identity_sign, void *identity_ctx, key_sign_fn new_sign, void *new_ctx,
                          const uint8_t *identity, size_t identity_len, const ProtobufCBinaryData *disclosures,
                          size_t n_disclosures, const uint8_t *proof, size_t proof_len,
                          const uint8_t new_key[32], uint32_t key_protection, const uint8_t *challenge,
                          size_t challenge_len, eid_bytes *request);

/* The same with n_keys new keys (keys: n_keys * 32 bytes), key i signing
 * through new_key_sign(key_ctx[i], ...), and the document they are for
 * (doc_type, 0 for a first issuance). */
eid_status issuance_build_keys(key_sign_fn identity_sign, void *identity_ctx, key_sign_fn new_key_sign,
                               void *const *key_ctx, const uint8_t *identity, size_t identity_len,
                               const ProtobufCBinaryData *disclosures, size_t n_disclosures, const uint8_t *proof,
                               size_t proof_len, const uint8_t *keys, size_t n_keys, uint32_t key_protection,
                               uint32_t doc_type, const uint8_t *challenge, size_t challenge_len,
                               eid_bytes *request);

#endif
