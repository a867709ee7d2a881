/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "claims/schema.h"
#include "common/pb.h"
#include "credential/credential.h"
#include "credential/disclosure.h"

static size_t popcount(uint32_t x)
{
    size_t n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

static eid_status check_payload(const Eid__V1__CredentialPayload *p)
{
    if (p->version != 1)
        return EID_ERR_UNSUPPORTED_VERSION;
    const doc_schema *schema = schema_get(p->doc_type);
    if (schema == NULL || p->issuer_key_id.len != 8 || p->holder_key.len != 32 || p->merkle_root.len != 16 ||
        p->holder_key_alg != EID__V1__HOLDER_KEY_ALG__HOLDER_KEY_ED25519 || p->leaf_count != schema->leaf_count ||
        (p->assurance != 1 && p->assurance != 2) || p->valid_from > p->valid_until)
        return EID_ERR_FORMAT;
    return EID_OK;
}

eid_status cred_view_of(Eid__V1__Credential *cred, cred_view *v)
{
    memset(v, 0, sizeof *v);
    if (cred == NULL || cred->issuer_signature.len != CRY_SIGNATURE_BYTES)
        return EID_ERR_FORMAT;
    Eid__V1__CredentialPayload *p = NULL;
    eid_status st = PB_DECODE(Eid__V1__CredentialPayload, eid__v1__credential_payload__descriptor,
                              cred->payload.data, cred->payload.len, CREDENTIAL_MAX_BYTES, &p);
    if (st != EID_OK)
        return st == EID_ERR_TOO_LARGE ? EID_ERR_FORMAT : st;
    st = check_payload(p);
    if (st != EID_OK) {
        pb_free((ProtobufCMessage *)p);
        return st;
    }
    v->cred = cred;
    v->payload = p;
    v->borrowed = 1;
    return EID_OK;
}

eid_status cred_decode(const uint8_t *b, size_t n, cred_view *v)
{
    memset(v, 0, sizeof *v);
    Eid__V1__Credential *c = NULL;
    eid_status st = PB_DECODE(Eid__V1__Credential, eid__v1__credential__descriptor, b, n,
                              CREDENTIAL_MAX_BYTES, &c);
    if (st != EID_OK)
        return st == EID_ERR_TOO_LARGE ? EID_ERR_FORMAT : st;
    st = cred_view_of(c, v);
    if (st != EID_OK) {
        pb_free((ProtobufCMessage *)c);
        return st;
    }
    v->borrowed = 0;
    return EID_OK;
}

void cred_view_free(cred_view *v)
{
    if (v == NULL)
        return;
    pb_free((ProtobufCMessage *)v->payload);
    if (!v->borrowed)
        pb_free((ProtobufCMessage *)v->cred);
    memset(v, 0, sizeof *v);
}

eid_status bundle_decode(const uint8_t *b, size_t n, bundle_view *v)
{
    memset(v, 0, sizeof *v);
    eid_status st = PB_DECODE(Eid__V1__CredentialBundle, eid__v1__credential_bundle__descriptor, b, n,
                              BUNDLE_MAX_BYTES, &v->msg);
    if (st != EID_OK)
        return st;
    Eid__V1__Credential *c = NULL;
    st = PB_DECODE(Eid__V1__Credential, eid__v1__credential__descriptor, v->msg->credential.data,
                   v->msg->credential.len, CREDENTIAL_MAX_BYTES, &c);
    if (st == EID_OK) {
        st = cred_view_of(c, &v->cred);
        if (st == EID_OK)
            v->cred.borrowed = 0;
        else
            pb_free((ProtobufCMessage *)c);
    }
    if (st != EID_OK) {
        st = st == EID_ERR_TOO_LARGE ? EID_ERR_FORMAT : st;
        goto fail;
    }
    v->leaf_count = v->cred.payload->leaf_count;
    st = EID_ERR_FORMAT;
    uint32_t last = 0;
    for (size_t i = 0; i < v->msg->n_disclosures; i++) {
        disclosure_view dv;
        eid_status ds = disclosure_decode(v->msg->disclosures[i].data, v->msg->disclosures[i].len, &dv);
        if (ds != EID_OK) {
            if (ds == EID_ERR_NO_MEMORY)
                st = ds; /* not a verdict on the bundle */
            goto fail;
        }
        uint32_t pos = dv.claim.number;
        disclosure_view_free(&dv);
        if (pos >= v->leaf_count || (i > 0 && pos <= last))
            goto fail; /* ascending claim numbers, each at most once */
        last = pos;
        v->present_mask |= 1u << pos;
        v->disclosure[pos] = &v->msg->disclosures[i];
        merkle_leaf(v->leaves[pos], v->msg->disclosures[i].data, v->msg->disclosures[i].len);
    }
    size_t decoys = v->leaf_count - popcount(v->present_mask);
    if (v->msg->decoys.len != decoys * MERKLE_NODE_BYTES)
        goto fail;
    for (uint32_t pos = 0, k = 0; pos < v->leaf_count; pos++)
        if (!((v->present_mask >> pos) & 1))
            memcpy(v->leaves[pos], v->msg->decoys.data + (size_t)(k++) * MERKLE_NODE_BYTES, MERKLE_NODE_BYTES);
    return EID_OK;
fail:
    bundle_view_free(v);
    return st;
}

eid_status bundle_check_root(const bundle_view *v)
{
    merkle_node root;
    merkle_root((const merkle_node *)v->leaves, v->leaf_count, root);
    return cry_ct_equal(root, v->cred.payload->merkle_root.data, MERKLE_NODE_BYTES) ? EID_OK : EID_ERR_PROOF;
}

void bundle_view_free(bundle_view *v)
{
    if (v == NULL)
        return;
    cred_view_free(&v->cred);
    pb_free((ProtobufCMessage *)v->msg);
    memset(v, 0, sizeof *v);
}

eid_status cred_issue_raw(const eid_key *issuer_key, const payload_fields *f, const ProtobufCBinaryData *disclosures,
                          eid_bytes *bundle)
{
    if (!merkle_leaf_count_ok(f->leaf_count))
        return EID_ERR_INVALID_ARG;
    merkle_node leaves[MERKLE_MAX_LEAVES];
    uint8_t decoys[MERKLE_MAX_LEAVES * MERKLE_NODE_BYTES];
    size_t n_decoys = 0, n_disc = 0;
    ProtobufCBinaryData disc[MERKLE_MAX_LEAVES];
    for (uint32_t i = 0; i < f->leaf_count; i++) {
        if (disclosures[i].data != NULL) {
            merkle_leaf(leaves[i], disclosures[i].data, disclosures[i].len);
            disc[n_disc++] = disclosures[i];
        } else {
            cry_random(leaves[i], MERKLE_NODE_BYTES);
            memcpy(decoys + n_decoys++ * MERKLE_NODE_BYTES, leaves[i], MERKLE_NODE_BYTES);
        }
    }
    merkle_node root;
    merkle_root((const merkle_node *)leaves, f->leaf_count, root);

    Eid__V1__CredentialPayload p = EID__V1__CREDENTIAL_PAYLOAD__INIT;
    p.version = f->version;
    p.doc_type = f->doc_type;
    p.issuer_key_id.data = (uint8_t *)f->issuer_key_id;
    p.issuer_key_id.len = sizeof f->issuer_key_id;
    p.assurance = f->assurance;
    p.issued_on = f->issued_on;
    p.valid_from = f->valid_from;
    p.valid_until = f->valid_until;
    p.holder_key.data = (uint8_t *)f->holder_key;
    p.holder_key.len = sizeof f->holder_key;
    p.key_protection = (Eid__V1__KeyProtection)f->key_protection;
    p.leaf_count = f->leaf_count;
    p.merkle_root.data = root;
    p.merkle_root.len = MERKLE_NODE_BYTES;
    p.status_list = f->revocation_list;
    p.status_index = f->revocation_index;

    eid_bytes cred = {0};
    eid_status st = key_sign_message(&p.base, CRY_CTX_CREDENTIAL, key_signer, (void *)issuer_key, &cred);
    if (st == EID_OK) {
        Eid__V1__CredentialBundle b = EID__V1__CREDENTIAL_BUNDLE__INIT;
        b.credential.data = cred.data;
        b.credential.len = cred.len;
        b.n_disclosures = n_disc;
        b.disclosures = disc;
        b.decoys.data = decoys;
        b.decoys.len = n_decoys * MERKLE_NODE_BYTES;
        st = pb_encode(&b.base, &bundle->data, &bundle->len);
    }
    eid_bytes_free(&cred);
    return st;
}
