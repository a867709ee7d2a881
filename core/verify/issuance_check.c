/* SPDX-License-Identifier: Apache-2.0 */
/* The issuer's checks of an IssuanceRequest and a BatchRefillRequest
 * (eid/verifier.h, "issuer-side checks"). */
#include <string.h>

#include "common/pb.h"
#include "credential/activation.h"
#include "eid/v1/batch.pb-c.h"
#include "eid/v1/issuance.pb-c.h"
#include "verify/verifier_internal.h"

/* The checks of eid_verifier_check_issuance() for 1..max_keys distinct new keys
 * (copied to keys[0..*n_keys)); *doc_type receives the body's document. */
static eid_status issuance_check(const eid_verifier *v, const uint8_t *request, size_t len, const uint8_t *challenge,
                                 size_t challenge_len, int64_t now, size_t max_keys, uint8_t *keys, size_t *n_keys,
                                 uint32_t *key_protection, char personal_id[13], uint32_t *doc_type)
{
    Eid__V1__IssuanceRequest *req = NULL;
    Eid__V1__IssuanceBody *body = NULL;
    eid_result *r = NULL;
    eid_status st = PB_DECODE(Eid__V1__IssuanceRequest, eid__v1__issuance_request__descriptor, request, len,
                              ISSUANCE_MAX_BYTES, &req);
    if (st == EID_OK)
        st = PB_DECODE(Eid__V1__IssuanceBody, eid__v1__issuance_body__descriptor, req->body.data, req->body.len,
                       ISSUANCE_MAX_BYTES, &body);
    if (st != EID_OK)
        goto done;
    st = EID_ERR_FORMAT;
    if (body->version != 1 || body->n_holder_keys == 0 || body->n_holder_keys > max_keys ||
        req->n_key_signatures != body->n_holder_keys || req->identity_signature.len != CRY_SIGNATURE_BYTES)
        goto done;
    for (size_t i = 0; i < body->n_holder_keys; i++) {
        if (body->holder_keys[i].len != 32 || req->key_signatures[i].len != CRY_SIGNATURE_BYTES)
            goto done;
        for (size_t j = 0; j < i; j++) /* one key per credential: a repeated key would link two of them */
            if (memcmp(body->holder_keys[i].data, body->holder_keys[j].data, 32) == 0)
                goto done;
    }
    if (body->challenge.len != challenge_len || !cry_ct_equal(body->challenge.data, challenge, challenge_len)) {
        st = EID_ERR_WRONG_CHALLENGE;
        goto done;
    }
    r = result_new();
    if (r == NULL) {
        st = EID_ERR_NO_MEMORY;
        goto done;
    }
    st = cred_decode(body->identity.data, body->identity.len, &r->cred);
    if (st != EID_OK)
        goto done;
    const Eid__V1__CredentialPayload *p = r->cred.payload;
    if (p->doc_type != EID_DOC_IDENTITY) {
        st = EID_ERR_FORMAT;
        goto done;
    }
    result_pass(r, EID_CHECK_FORMAT);
    const Eid__V1__IssuerEntry *key = verify_check_issuer(v, r, r->cred.cred, p, now);
    merkle_node leaves[MERKLE_MAX_LEAVES];
    uint32_t mask;
    if (verify_check_disclosures(r, p, body->disclosures, body->n_disclosures, leaves, &mask)) {
        merkle_node root;
        if (merkle_root_from_proof((const merkle_node *)leaves, p->leaf_count, mask, body->proof.data,
                                   body->proof.len, root) != EID_OK ||
            !cry_ct_equal(root, p->merkle_root.data, MERKLE_NODE_BYTES))
            result_fail(r, EID_CHECK_PROOF, EID_ERR_PROOF, "the disclosures do not give the signed root");
        result_pass(r, EID_CHECK_PROOF);
    }
    verify_check_status(v, r, key, p, now);
    eid_status possession = cry_sign_verify(req->identity_signature.data, CRY_CTX_ISSUANCE, req->body.data,
                                            req->body.len, p->holder_key.data);
    for (size_t i = 0; i < body->n_holder_keys && possession == EID_OK; i++)
        possession = cry_sign_verify(req->key_signatures[i].data, CRY_CTX_ISSUANCE, req->body.data, req->body.len,
                                     body->holder_keys[i].data);
    if (possession != EID_OK)
        result_fail(r, EID_CHECK_HOLDER_SIGNATURE, verify_signature_status(possession),
                    "a proof of possession does not verify");
    result_pass(r, EID_CHECK_HOLDER_SIGNATURE);
    /* the issuer's own challenge, compared above, stands for freshness and replay */
    result_not_applicable(r, EID_CHECK_FRESHNESS);
    result_not_applicable(r, EID_CHECK_REPLAY);
    st = r->out_of_memory ? EID_ERR_NO_MEMORY : result_finish(r);
    if (st != EID_OK)
        goto done;
    st = EID_ERR_NOT_FOUND;
    for (size_t i = 0; i < r->n_claims; i++)
        if (r->claims[i].number == 0 && r->claims[i].bytes_len == 12) {
            memcpy(personal_id, r->claims[i].bytes, 12);
            personal_id[12] = '\0';
            for (size_t k = 0; k < body->n_holder_keys; k++)
                memcpy(keys + 32 * k, body->holder_keys[k].data, 32);
            *n_keys = body->n_holder_keys;
            *key_protection = (uint32_t)body->key_protection;
            *doc_type = body->doc_type;
            st = EID_OK;
        }
done:
    eid_result_free(r);
    pb_free((ProtobufCMessage *)body);
    pb_free((ProtobufCMessage *)req);
    return st;
}

eid_status eid_verifier_check_issuance(const eid_verifier *v, const uint8_t *request, size_t len,
                                       const uint8_t *challenge,
                                       size_t challenge_len, int64_t now, uint8_t holder_key[32],
                                       uint32_t *key_protection,
                                       char personal_id[13])
{
    if (v == NULL || request == NULL || challenge == NULL || holder_key == NULL || key_protection == NULL ||
        personal_id == NULL)
        return EID_ERR_INVALID_ARG;
    size_t n = 0;
    uint32_t doc_type = 0;
    eid_status st = issuance_check(v, request, len, challenge, challenge_len, now, 1, holder_key, &n,
                                   key_protection, personal_id, &doc_type);
    if (st == EID_OK && doc_type != 0) /* a batch refill goes through eid_verifier_check_refill */
        st = EID_ERR_FORMAT;
    return st;
}

eid_status eid_verifier_check_refill(const eid_verifier *v, const uint8_t *request, size_t len,
                                     const uint8_t *challenge, size_t challenge_len, int64_t now, uint32_t *doc_type,
                                     uint8_t *holder_keys, size_t cap, size_t *n_keys, uint32_t *key_protection,
                                     char personal_id[13])
{
    if (n_keys != NULL)
        *n_keys = 0;
    if (v == NULL || request == NULL || challenge == NULL || doc_type == NULL || holder_keys == NULL ||
        n_keys == NULL || key_protection == NULL || personal_id == NULL || cap == 0)
        return EID_ERR_INVALID_ARG;
    Eid__V1__BatchRefillRequest *req = NULL;
    eid_status st = PB_DECODE(Eid__V1__BatchRefillRequest, eid__v1__batch_refill_request__descriptor, request,
                              len, ISSUANCE_MAX_BYTES + 16, &req);
    if (st != EID_OK)
        return st;
    if (req->version != 1)
        st = req->version == 0 ? EID_ERR_FORMAT : EID_ERR_UNSUPPORTED_VERSION;
    if (st == EID_OK)
        st = issuance_check(v, req->issuance.data, req->issuance.len, challenge, challenge_len, now,
                            cap < ISSUANCE_MAX_KEYS ? cap : ISSUANCE_MAX_KEYS, holder_keys, n_keys,
                            key_protection, personal_id, doc_type);
    if (st == EID_OK && eid_doc_type_name(*doc_type) == NULL) {
        *n_keys = 0;
        st = EID_ERR_FORMAT;
    }
    pb_free((ProtobufCMessage *)req);
    return st;
}
