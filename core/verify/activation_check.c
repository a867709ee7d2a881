/* SPDX-License-Identifier: Apache-2.0 */
/* The identity authority's check of a wallet's ActivationRequest
 * (eid/verifier.h, "issuer-side checks"). */
#include <string.h>

#include "common/pb.h"
#include "common/text.h"
#include "credential/activation.h"
#include "eid/v1/issuance.pb-c.h"
#include "eid/verifier.h"

eid_status eid_activation_check(const uint8_t *request, size_t len, const uint8_t *challenge, size_t challenge_len,
                                uint8_t holder_key[EID_KEY_PUBLIC_BYTES], uint32_t *key_protection)
{
    if (request == NULL || challenge == NULL || holder_key == NULL || key_protection == NULL)
        return EID_ERR_INVALID_ARG;
    Eid__V1__ActivationRequest *r = NULL;
    Eid__V1__ActivationBody *b = NULL;
    eid_status st = PB_DECODE(Eid__V1__ActivationRequest, eid__v1__activation_request__descriptor, request, len,
                              ACTIVATION_MAX_BYTES, &r);
    if (st == EID_OK)
        st = PB_DECODE(Eid__V1__ActivationBody, eid__v1__activation_body__descriptor, r->body.data, r->body.len,
                       ACTIVATION_MAX_BYTES, &b);
    if (st != EID_OK)
        goto done;
    if (b->version != 1) {
        st = b->version == 0 ? EID_ERR_FORMAT : EID_ERR_UNSUPPORTED_VERSION;
        goto done;
    }
    st = EID_ERR_FORMAT;
    if (b->holder_key.len != 32 || b->holder_key_alg != EID__V1__HOLDER_KEY_ALG__HOLDER_KEY_ED25519 ||
        r->signature.len != CRY_SIGNATURE_BYTES ||
        text_check(b->device_label.data, b->device_label.len, DEVICE_LABEL_MAX_BYTES) != EID_OK)
        goto done;
    if (b->challenge.len != challenge_len || !cry_ct_equal(b->challenge.data, challenge, challenge_len)) {
        st = EID_ERR_WRONG_CHALLENGE;
        goto done;
    }
    st = cry_sign_verify(r->signature.data, CRY_CTX_ACTIVATION, r->body.data, r->body.len, b->holder_key.data);
    if (st == EID_OK) {
        memcpy(holder_key, b->holder_key.data, 32);
        *key_protection = (uint32_t)b->key_protection;
    }
done:
    pb_free((ProtobufCMessage *)b);
    pb_free((ProtobufCMessage *)r);
    return st;
}
