/* SPDX-License-Identifier: Apache-2.0 */
/* Relying-party presentation requests (eid/present.h). */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/pb.h"
#include "common/text.h"
#include "credential/key.h"
#include "eid/present.h"
#include "eid/v1/presentation.pb-c.h"
#include "present/qr_text.h"
#include "present/request.h"

size_t eid_request_max_bytes(void) { return EID_REQUEST_MAX_BYTES; }
int64_t eid_request_max_lifetime(void) { return EID_REQUEST_MAX_LIFETIME; }
const char *eid_request_text_prefix(void) { return EID_REQUEST_TEXT_PREFIX; }

eid_status eid_request_create(const eid_key *rp_key, const char *rp_id, const eid_requested_claims *requested,
                              size_t n_requested, int64_t now, int64_t lifetime, eid_bytes *request)
{
    if (request != NULL)
        *request = (eid_bytes){0};
    if (rp_key == NULL || rp_id == NULL || request == NULL || (requested == NULL && n_requested > 0) ||
        n_requested == 0 || n_requested > 8 || lifetime < 1 || lifetime > EID_REQUEST_MAX_LIFETIME ||
        now > INT64_MAX - lifetime ||
        text_check((const uint8_t *)rp_id, strlen(rp_id), 64) != EID_OK || rp_id[0] == '\0')
        return EID_ERR_INVALID_ARG;
    Eid__V1__RequestedClaims items[8];
    Eid__V1__RequestedClaims *ptrs[8];
    for (size_t i = 0; i < n_requested; i++) {
        if (requested[i].claims == NULL || requested[i].n_claims == 0 || requested[i].n_claims > 32)
            return EID_ERR_INVALID_ARG;
        for (size_t c = 1; c < requested[i].n_claims; c++)
            if (requested[i].claims[c] <= requested[i].claims[c - 1])
                return EID_ERR_INVALID_ARG;
        for (size_t j = 0; j < i; j++) /* verifiers refuse a doc type named twice */
            if (requested[j].doc_type == requested[i].doc_type)
                return EID_ERR_INVALID_ARG;
        Eid__V1__RequestedClaims r = EID__V1__REQUESTED_CLAIMS__INIT;
        r.doc_type = requested[i].doc_type;
        r.claims = (uint32_t *)requested[i].claims;
        r.n_claims = requested[i].n_claims;
        items[i] = r;
        ptrs[i] = &items[i];
    }
    uint8_t pk[EID_KEY_PUBLIC_BYTES], key_id[EID_KEY_ID_BYTES], nonce[REQUEST_NONCE_BYTES];
    eid_key_public(rp_key, pk);
    eid_key_id(pk, key_id);
    cry_random(nonce, sizeof nonce);
    Eid__V1__PresentationRequestBody body = EID__V1__PRESENTATION_REQUEST_BODY__INIT;
    body.version = 1;
    body.rp_id.data = (uint8_t *)rp_id;
    body.rp_id.len = strlen(rp_id);
    body.rp_key_id.data = key_id;
    body.rp_key_id.len = sizeof key_id;
    body.nonce.data = nonce;
    body.nonce.len = sizeof nonce;
    body.created_at = now;
    body.expires_at = now + lifetime;
    body.requested = ptrs;
    body.n_requested = n_requested;
    eid_status st = key_sign_message(&body.base, CRY_CTX_REQUEST, key_signer, (void *)rp_key, request);
    if (st == EID_OK && request->len > EID_REQUEST_MAX_BYTES) {
        eid_bytes_free(request);
        st = EID_ERR_TOO_LARGE;
    }
    return st;
}

eid_status request_asked(const uint8_t *request, size_t len, uint32_t doc_type, uint32_t *claims)
{
    *claims = 0;
    Eid__V1__PresentationRequest *req = NULL;
    Eid__V1__PresentationRequestBody *body = NULL;
    eid_status st = PB_DECODE(Eid__V1__PresentationRequest, eid__v1__presentation_request__descriptor, request,
                              len, EID_REQUEST_MAX_BYTES, &req);
    if (st == EID_OK)
        st = PB_DECODE(Eid__V1__PresentationRequestBody, eid__v1__presentation_request_body__descriptor,
                       req->body.data, req->body.len, EID_REQUEST_MAX_BYTES, &body);
    if (st != EID_OK) {
        st = st == EID_ERR_TOO_LARGE ? EID_ERR_FORMAT : st;
        goto done;
    }
    st = EID_ERR_NOT_REQUESTED;
    for (size_t i = 0; i < body->n_requested; i++) {
        const Eid__V1__RequestedClaims *q = body->requested[i];
        if (q->doc_type != doc_type)
            continue;
        uint32_t mask = 0;
        for (size_t k = 0; k < q->n_claims; k++) {
            if (q->claims[k] >= 32) { /* no doc type has such a claim */
                st = EID_ERR_FORMAT;
                goto done;
            }
            mask |= UINT32_C(1) << q->claims[k];
        }
        *claims = mask;
        st = EID_OK;
        break;
    }
done:
    pb_free((ProtobufCMessage *)body);
    pb_free((ProtobufCMessage *)req);
    return st;
}

eid_status eid_request_text(const uint8_t *request, size_t len, char **text)
{
    return present_text_encode(EID_REQUEST_TEXT_PREFIX, request, len, EID_REQUEST_MAX_BYTES, text);
}

eid_status eid_request_from_text(const char *text, eid_bytes *request)
{
    if (request != NULL)
        *request = (eid_bytes){0};
    if (text == NULL || request == NULL)
        return EID_ERR_INVALID_ARG;
    uint8_t *buf = mem_alloc(EID_REQUEST_MAX_BYTES);
    if (buf == NULL)
        return EID_ERR_NO_MEMORY;
    size_t n = 0;
    eid_status st = present_text_decode(EID_REQUEST_TEXT_PREFIX, text, EID_REQUEST_MAX_BYTES, buf, &n);
    if (st != EID_OK || n == 0) {
        mem_free(buf);
        return st != EID_OK ? st : EID_ERR_FORMAT;
    }
    request->data = buf;
    request->len = n;
    return EID_OK;
}
