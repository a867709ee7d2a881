/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "common/base45.h"
#include "common/pb.h"
#include "present/presentation.h"

size_t eid_presentation_max_bytes(void) { return EID_PRESENTATION_MAX_BYTES; }
const char *eid_presentation_text_prefix(void) { return EID_PRESENTATION_TEXT_PREFIX; }
size_t eid_presentation_max_text(void)
{
    return strlen(EID_PRESENTATION_TEXT_PREFIX) + base45_encoded_len(EID_PRESENTATION_MAX_BYTES);
}

eid_status presentation_assemble(const presentation_parts *pp, key_sign_fn sign, void *sign_ctx,
                                 eid_bytes *out)
{
    Eid__V1__Credential *cred = NULL;
    eid_status st = PB_DECODE(Eid__V1__Credential, eid__v1__credential__descriptor, pp->credential,
                              pp->credential_len, EID_PRESENTATION_MAX_BYTES, &cred);
    if (st != EID_OK)
        return st;
    Eid__V1__PresentationBody body = EID__V1__PRESENTATION_BODY__INIT;
    body.version = pp->version;
    body.mode = (Eid__V1__PresentationMode)pp->mode;
    body.credential = cred;
    body.disclosures = (ProtobufCBinaryData *)pp->disclosures;
    body.n_disclosures = pp->n_disclosures;
    body.proof.data = (uint8_t *)pp->proof;
    body.proof.len = pp->proof_len;
    body.nonce.data = (uint8_t *)pp->nonce;
    body.nonce.len = pp->nonce_len;
    body.created_at = pp->created_at;
    body.request_hash.data = (uint8_t *)pp->request_hash;
    body.request_hash.len = pp->request_hash_len;
    st = key_sign_message(&body.base, CRY_CTX_PRESENTATION, sign, sign_ctx, out);
    pb_free((ProtobufCMessage *)cred);
    return st;
}

eid_status present_with(const bundle_view *bv, key_sign_fn sign, void *sign_ctx, const uint8_t holder_public[32],
                        uint32_t mask, const uint8_t *request, size_t request_len, int64_t now, eid_bytes *out)
{
    const Eid__V1__CredentialPayload *p = bv->cred.payload;
    if (!cry_ct_equal(holder_public, p->holder_key.data, 32))
        return EID_ERR_WRONG_HOLDER;
    if (mask == 0 || (mask & ~bv->present_mask) != 0)
        return EID_ERR_NOT_FOUND;
    ProtobufCBinaryData disclosures[MERKLE_MAX_LEAVES];
    size_t n = 0;
    for (uint32_t pos = 0; pos < bv->leaf_count; pos++)
        if ((mask >> pos) & 1)
            disclosures[n++] = *bv->disclosure[pos];
    merkle_node proof[MERKLE_MAX_LEAVES];
    size_t n_proof = merkle_proof((const merkle_node *)bv->leaves, bv->leaf_count, mask, proof);
    uint8_t nonce[NONCE_BYTES], request_hash[HASH_BYTES];
    presentation_parts parts = {
        .version = 1, .mode = EID_MODE_OFFLINE, .credential = bv->msg->credential.data,
        .credential_len = bv->msg->credential.len, .disclosures = disclosures, .n_disclosures = n,
        .proof = (const uint8_t *)proof, .proof_len = n_proof * MERKLE_NODE_BYTES, .created_at = now};
    if (request == NULL) {
        cry_random(nonce, sizeof nonce);
        parts.nonce = nonce;
        parts.nonce_len = sizeof nonce;
    } else {
        /* An answer discloses exactly what the request asks of this doc type:
         * nothing it did not ask for, and nothing less (a verifier refuses both). */
        uint32_t asked = 0;
        eid_status st = request_asked(request, request_len, p->doc_type, &asked);
        if (st != EID_OK)
            return st;
        if (mask != asked)
            return EID_ERR_NOT_REQUESTED;
        cry_hash(request_hash, sizeof request_hash, request, request_len);
        parts.mode = EID_MODE_CHALLENGE;
        parts.request_hash = request_hash;
        parts.request_hash_len = sizeof request_hash;
    }
    eid_status st = presentation_assemble(&parts, sign, sign_ctx, out);
    if (st == EID_OK && out->len > EID_PRESENTATION_MAX_BYTES) {
        eid_bytes_free(out);
        return EID_ERR_TOO_LARGE;
    }
    return st;
}

eid_status eid_present(const uint8_t *bundle, size_t bundle_len, const eid_key *holder_key, const uint32_t *claims,
                       size_t n_claims, const uint8_t *request, size_t request_len, int64_t now,
                       eid_bytes *presentation)
{
    if (presentation != NULL)
        *presentation = (eid_bytes){0};
    if (bundle == NULL || holder_key == NULL || claims == NULL || n_claims == 0 || presentation == NULL ||
        (request == NULL && request_len > 0))
        return EID_ERR_INVALID_ARG;
    bundle_view bv;
    eid_status st = bundle_decode(bundle, bundle_len, &bv);
    if (st != EID_OK)
        return st;
    st = bundle_check_root(&bv);
    if (st != EID_OK) {
        bundle_view_free(&bv);
        return st;
    }
    uint32_t mask = 0;
    for (size_t i = 0; i < n_claims; i++) {
        if (claims[i] >= bv.leaf_count) {
            bundle_view_free(&bv);
            return EID_ERR_NOT_FOUND;
        }
        mask |= 1u << claims[i];
    }
    uint8_t pk[EID_KEY_PUBLIC_BYTES];
    eid_key_public(holder_key, pk);
    st = present_with(&bv, key_signer, (void *)holder_key, pk, mask, request, request_len, now, presentation);
    bundle_view_free(&bv);
    return st;
}

eid_status eid_presentation_text(const uint8_t *presentation, size_t len, char **text)
{
    return present_text_encode(EID_PRESENTATION_TEXT_PREFIX, presentation, len, EID_PRESENTATION_MAX_BYTES, text);
}
