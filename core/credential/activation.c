/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/pb.h"
#include "common/text.h"
#include "credential/activation.h"
#include "eid/v1/issuance.pb-c.h"

size_t eid_challenge_max_bytes(void) { return EID_CHALLENGE_MAX_BYTES; }

eid_status activation_build(key_sign_fn sign, void *ctx, const uint8_t holder_key[32], uint32_t key_protection,
                            const char *device_label, const uint8_t *challenge, size_t challenge_len,
                            eid_bytes *request)
{
    *request = (eid_bytes){0};
    size_t label_len = device_label ? strlen(device_label) : 0;
    if (challenge == NULL || challenge_len == 0 || challenge_len > EID_CHALLENGE_MAX_BYTES ||
        key_protection > EID_KEY_PROTECTION_STRONGBOX ||
        text_check((const uint8_t *)device_label, label_len, DEVICE_LABEL_MAX_BYTES) != EID_OK)
        return EID_ERR_INVALID_ARG;
    Eid__V1__ActivationBody body = EID__V1__ACTIVATION_BODY__INIT;
    body.version = 1;
    body.holder_key.data = (uint8_t *)holder_key;
    body.holder_key.len = 32;
    body.key_protection = (Eid__V1__KeyProtection)key_protection;
    body.device_label.data = (uint8_t *)device_label;
    body.device_label.len = label_len;
    body.challenge.data = (uint8_t *)challenge;
    body.challenge.len = challenge_len;
    return key_sign_message(&body.base, CRY_CTX_ACTIVATION, sign, ctx, request);
}

eid_status issuance_build(key_sign_fn identity_sign, void *identity_ctx, key_sign_fn new_sign, void *new_ctx,
                          const uint8_t *identity, size_t identity_len, const ProtobufCBinaryData *disclosures,
                          size_t n_disclosures, const uint8_t *proof, size_t proof_len,
                          const uint8_t new_key[32], uint32_t key_protection, const uint8_t *challenge,
                          size_t challenge_len, eid_bytes *request)
{
    void *ctx[1] = {new_ctx};
    return issuance_build_keys(identity_sign, identity_ctx, new_sign, ctx, identity, identity_len, disclosures,
                               n_disclosures, proof, proof_len, new_key, 1, key_protection, 0, challenge,
                               challenge_len, request);
}

eid_status issuance_build_keys(key_sign_fn identity_sign, void *identity_ctx, key_sign_fn new_key_sign,
                               void *const *key_ctx, const uint8_t *identity, size_t identity_len,
                               const ProtobufCBinaryData *disclosures, size_t n_disclosures, const uint8_t *proof,
                               size_t proof_len, const uint8_t *keys, size_t n_keys, uint32_t key_protection,
                               uint32_t doc_type, const uint8_t *challenge, size_t challenge_len,
                               eid_bytes *request)
{
    *request = (eid_bytes){0};
    if (challenge == NULL || challenge_len == 0 || challenge_len > EID_CHALLENGE_MAX_BYTES || keys == NULL ||
        n_keys == 0 || n_keys > ISSUANCE_MAX_KEYS)
        return EID_ERR_INVALID_ARG;
    Eid__V1__IssuanceBody body = EID__V1__ISSUANCE_BODY__INIT;
    ProtobufCBinaryData key[ISSUANCE_MAX_KEYS], ks[ISSUANCE_MAX_KEYS];
    uint8_t key_sig[ISSUANCE_MAX_KEYS][CRY_SIGNATURE_BYTES];
    for (size_t i = 0; i < n_keys; i++) {
        key[i] = (ProtobufCBinaryData){32, (uint8_t *)keys + 32 * i};
        ks[i] = (ProtobufCBinaryData){CRY_SIGNATURE_BYTES, key_sig[i]};
    }
    body.version = 1;
    body.identity.data = (uint8_t *)identity;
    body.identity.len = identity_len;
    body.disclosures = (ProtobufCBinaryData *)disclosures;
    body.n_disclosures = n_disclosures;
    body.proof.data = (uint8_t *)proof;
    body.proof.len = proof_len;
    body.challenge.data = (uint8_t *)challenge;
    body.challenge.len = challenge_len;
    body.holder_keys = key;
    body.n_holder_keys = n_keys;
    body.key_protection = (Eid__V1__KeyProtection)key_protection;
    body.doc_type = doc_type;
    uint8_t *bb = NULL;
    size_t bl = 0;
    uint8_t id_sig[CRY_SIGNATURE_BYTES];
    eid_status st = pb_encode(&body.base, &bb, &bl);
    if (st == EID_OK)
        st = identity_sign(identity_ctx, CRY_CTX_ISSUANCE, bb, bl, id_sig);
    for (size_t i = 0; i < n_keys && st == EID_OK; i++) /* proof of possession of every new key */
        st = new_key_sign(key_ctx[i], CRY_CTX_ISSUANCE, bb, bl, key_sig[i]);
    if (st == EID_OK) {
        Eid__V1__IssuanceRequest r = EID__V1__ISSUANCE_REQUEST__INIT;
        r.body.data = bb;
        r.body.len = bl;
        r.identity_signature.data = id_sig;
        r.identity_signature.len = sizeof id_sig;
        r.key_signatures = ks;
        r.n_key_signatures = n_keys;
        st = pb_encode(&r.base, &request->data, &request->len);
    }
    mem_free(bb);
    return st;
}
