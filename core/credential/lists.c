/* SPDX-License-Identifier: Apache-2.0 */
/* Trust and revocation lists from the issuer side: the shape every trust list
 * body must have (the verifier loads lists with the same check), and the
 * signing of both lists. */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "claims/schema.h"
#include "common/checked.h"
#include "common/pb.h"
#include "common/text.h"
#include "credential/key.h"
#include "credential/lists.h"

/* ---- the shape of a trust list body ---------------------------------------- */

static int ascending_known_docs(const uint32_t *docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (schema_get(docs[i]) == NULL || (i > 0 && docs[i] <= docs[i - 1]))
            return 0;
    return 1;
}

static int key_ok(const ProtobufCBinaryData *key_id, const ProtobufCBinaryData *pk)
{
    if (key_id->len != EID_KEY_ID_BYTES || pk->len != CRY_SIGN_PUBLIC_BYTES)
        return 0;
    uint8_t id[EID_KEY_ID_BYTES];
    cry_key_id(id, pk->data);
    return memcmp(id, key_id->data, sizeof id) == 0;
}

eid_status trust_body_check(const Eid__V1__TrustListBody *b)
{
    if (b->version != 1)
        return EID_ERR_UNSUPPORTED_VERSION;
    if (b->issued_at > b->next_update || b->next_update > b->expires_at ||
        b->expires_at > sat_add(b->issued_at, TRUST_LIST_MAX_LIFETIME))
        return EID_ERR_FORMAT;
    for (size_t i = 0; i < b->n_issuers; i++) {
        const Eid__V1__IssuerEntry *e = b->issuers[i];
        eid_status st = pb_text_field(&e->issuer_id, ID_MAX_BYTES, 0);
        if (st == EID_OK)
            st = pb_text_field(&e->name, NAME_MAX_BYTES, 1);
        if (st != EID_OK)
            return st;
        if (e->alg != 0 || !key_ok(&e->key_id, &e->public_key) || e->usage == 0 ||
            (e->usage & ~(uint32_t)(EID_USAGE_CREDENTIAL | EID_USAGE_REVOCATION)) != 0 || e->n_doc_types == 0 ||
            !ascending_known_docs(e->doc_types, e->n_doc_types) || e->max_assurance < 1 || e->max_assurance > 2 ||
            e->sign_from > e->sign_until || e->sign_until > e->verify_until)
            return EID_ERR_FORMAT;
        for (size_t j = 0; j < i; j++)
            if (pb_bytes_equal(&b->issuers[j]->key_id, &e->key_id))
                return EID_ERR_FORMAT; /* duplicate key id */
    }
    for (size_t i = 0; i < b->n_relying_parties; i++) {
        const Eid__V1__RelyingPartyEntry *r = b->relying_parties[i];
        eid_status st = pb_text_field(&r->rp_id, ID_MAX_BYTES, 0);
        if (st == EID_OK)
            st = pb_text_field(&r->name, NAME_MAX_BYTES, 0);
        if (st != EID_OK)
            return st;
        if (!key_ok(&r->key_id, &r->public_key))
            return EID_ERR_FORMAT;
        for (size_t j = 0; j < r->n_allowed; j++) {
            const Eid__V1__RelyingPartyPermission *p = r->allowed[j];
            const doc_schema *s = schema_get(p->doc_type);
            if (s == NULL || (j > 0 && p->doc_type <= r->allowed[j - 1]->doc_type))
                return EID_ERR_FORMAT;
            for (size_t c = 0; c < p->n_claims; c++)
                if (schema_claim(s, p->claims[c]) == NULL || (c > 0 && p->claims[c] <= p->claims[c - 1]))
                    return EID_ERR_FORMAT;
        }
        for (size_t j = 0; j < i; j++)
            if (pb_bytes_equal(&b->relying_parties[j]->rp_id, &r->rp_id) ||
                pb_bytes_equal(&b->relying_parties[j]->key_id, &r->key_id))
                return EID_ERR_FORMAT;
    }
    return EID_OK;
}

/* ---- revocation list data: ascending indexes as minimal LEB128 deltas ---------- */

static size_t write_varint(uint8_t *p, uint32_t v)
{
    size_t i = 0;
    while (v >= 0x80) {
        p[i++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[i++] = (uint8_t)v;
    return i;
}

/* ---- signing (eid/issuer.h) ------------------------------------------------ */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int id_ok(const char *s, size_t max)
{
    return s != NULL && s[0] != '\0' && text_check((const uint8_t *)s, strlen(s), max) == EID_OK;
}

eid_status eid_revocation_list_sign(const eid_key *status_key, const eid_revocation_list_params *p,
                                    const uint32_t *revoked,
                                    size_t n_revoked, eid_bytes *out)
{
    if (out != NULL)
        *out = (eid_bytes){0};
    if (status_key == NULL || p == NULL || out == NULL || (revoked == NULL && n_revoked > 0) ||
        !id_ok(p->issuer_id, ID_MAX_BYTES) || p->size == 0 || p->size > EID_REVOCATION_LIST_MAX_SIZE ||
        p->next_update < p->issued_at || schema_get(p->doc_type) == NULL || n_revoked > p->size)
        return EID_ERR_INVALID_ARG;
    uint32_t *sorted = mem_alloc((n_revoked ? n_revoked : 1) * sizeof *sorted);
    uint8_t *data = mem_alloc((n_revoked ? n_revoked : 1) * 5);
    eid_status st = EID_ERR_NO_MEMORY;
    if (sorted == NULL || data == NULL)
        goto done;
    if (n_revoked)
        memcpy(sorted, revoked, n_revoked * sizeof *sorted);
    qsort(sorted, n_revoked, sizeof *sorted, cmp_u32);
    size_t len = 0;
    st = EID_ERR_INVALID_ARG;
    for (size_t i = 0; i < n_revoked; i++) {
        if (sorted[i] >= p->size)
            goto done;
        if (i > 0 && sorted[i] == sorted[i - 1])
            continue;
        len += write_varint(data + len, i == 0 ? sorted[0] : sorted[i] - sorted[i - 1]);
    }
    uint8_t key_id[EID_KEY_ID_BYTES];
    cry_key_id(key_id, status_key->public_key);
    Eid__V1__StatusListBody body = EID__V1__STATUS_LIST_BODY__INIT;
    body.version = 1;
    body.issuer_id.data = (uint8_t *)p->issuer_id;
    body.issuer_id.len = strlen(p->issuer_id);
    body.key_id.data = key_id;
    body.key_id.len = sizeof key_id;
    body.list_id = p->list_id;
    body.doc_type = p->doc_type;
    body.sequence = p->sequence;
    body.issued_at = p->issued_at;
    body.next_update = p->next_update;
    body.size = p->size;
    body.revoked.data = data;
    body.revoked.len = len;
    st = key_sign_message(&body.base, CRY_CTX_REVOCATION, key_signer, (void *)status_key, out);
done:
    mem_free(sorted);
    mem_free(data);
    return st;
}

eid_status eid_trust_list_sign(const eid_trust_list_params *p, const eid_key *const *roots, size_t n_roots,
                               eid_bytes *out)
{
    if (out != NULL)
        *out = (eid_bytes){0};
    if (p == NULL || roots == NULL || n_roots == 0 || n_roots > 32 || out == NULL ||
        (p->issuers == NULL && p->n_issuers > 0) || (p->relying_parties == NULL && p->n_relying_parties > 0))
        return EID_ERR_INVALID_ARG;
    size_t ni = p->n_issuers, nr = p->n_relying_parties, n_perm = 0;
    /* Counts that could never fit a list are refused before any size is computed from them. */
    if (ni > TRUST_LIST_MAX_BYTES || nr > TRUST_LIST_MAX_BYTES)
        return EID_ERR_INVALID_ARG;
    for (size_t i = 0; i < nr; i++) {
        if (p->relying_parties[i].n_allowed > TRUST_LIST_MAX_BYTES - n_perm)
            return EID_ERR_INVALID_ARG;
        n_perm += p->relying_parties[i].n_allowed;
    }
    Eid__V1__IssuerEntry *issuers = mem_calloc(ni + 1, sizeof *issuers);
    Eid__V1__IssuerEntry **issuer_ptrs = mem_calloc(ni + 1, sizeof *issuer_ptrs);
    uint8_t *issuer_ids = mem_calloc(ni + 1, EID_KEY_ID_BYTES);
    Eid__V1__RelyingPartyEntry *rps = mem_calloc(nr + 1, sizeof *rps);
    Eid__V1__RelyingPartyEntry **rp_ptrs = mem_calloc(nr + 1, sizeof *rp_ptrs);
    uint8_t *rp_ids = mem_calloc(nr + 1, EID_KEY_ID_BYTES);
    Eid__V1__RelyingPartyPermission *perms = mem_calloc(n_perm + 1, sizeof *perms);
    Eid__V1__RelyingPartyPermission **perm_ptrs = mem_calloc(n_perm + 1, sizeof *perm_ptrs);
    Eid__V1__RootSignature *sigs = mem_calloc(n_roots, sizeof *sigs);
    Eid__V1__RootSignature **sig_ptrs = mem_calloc(n_roots, sizeof *sig_ptrs);
    uint8_t (*sig_bytes)[CRY_SIGNATURE_BYTES + EID_KEY_ID_BYTES] = mem_calloc(n_roots, sizeof *sig_bytes);
    uint8_t *body_bytes = NULL;
    size_t body_len = 0;
    eid_status st = EID_ERR_NO_MEMORY;
    if (!issuers || !issuer_ptrs || !issuer_ids || !rps || !rp_ptrs || !rp_ids || !perms || !perm_ptrs || !sigs ||
        !sig_ptrs || !sig_bytes)
        goto done;
    st = EID_ERR_INVALID_ARG;
    for (size_t i = 0; i < ni; i++) {
        const eid_trust_issuer *in = &p->issuers[i];
        if (!id_ok(in->issuer_id, ID_MAX_BYTES) || in->public_key == NULL || (in->doc_types == NULL && in->n_doc_types))
            goto done;
        Eid__V1__IssuerEntry e = EID__V1__ISSUER_ENTRY__INIT;
        cry_key_id(issuer_ids + i * EID_KEY_ID_BYTES, in->public_key);
        e.issuer_id.data = (uint8_t *)in->issuer_id;
        e.issuer_id.len = strlen(in->issuer_id);
        e.key_id.data = issuer_ids + i * EID_KEY_ID_BYTES;
        e.key_id.len = EID_KEY_ID_BYTES;
        e.public_key.data = (uint8_t *)in->public_key;
        e.public_key.len = CRY_SIGN_PUBLIC_BYTES;
        e.usage = in->usage;
        e.doc_types = (uint32_t *)in->doc_types;
        e.n_doc_types = in->n_doc_types;
        e.max_assurance = in->max_assurance;
        e.sign_from = in->sign_from;
        e.sign_until = in->sign_until;
        e.verify_until = in->verify_until;
        if (in->name != NULL) {
            e.name.data = (uint8_t *)in->name;
            e.name.len = strlen(in->name);
        }
        issuers[i] = e;
        issuer_ptrs[i] = &issuers[i];
    }
    size_t k = 0;
    for (size_t i = 0; i < nr; i++) {
        const eid_trust_rp *in = &p->relying_parties[i];
        if (!id_ok(in->rp_id, ID_MAX_BYTES) || !id_ok(in->name, NAME_MAX_BYTES) || in->public_key == NULL ||
            (in->allowed == NULL && in->n_allowed))
            goto done;
        Eid__V1__RelyingPartyEntry r = EID__V1__RELYING_PARTY_ENTRY__INIT;
        cry_key_id(rp_ids + i * EID_KEY_ID_BYTES, in->public_key);
        r.rp_id.data = (uint8_t *)in->rp_id;
        r.rp_id.len = strlen(in->rp_id);
        r.name.data = (uint8_t *)in->name;
        r.name.len = strlen(in->name);
        r.key_id.data = rp_ids + i * EID_KEY_ID_BYTES;
        r.key_id.len = EID_KEY_ID_BYTES;
        r.public_key.data = (uint8_t *)in->public_key;
        r.public_key.len = CRY_SIGN_PUBLIC_BYTES;
        r.allowed = perm_ptrs + k;
        r.n_allowed = in->n_allowed;
        for (size_t j = 0; j < in->n_allowed; j++, k++) {
            Eid__V1__RelyingPartyPermission perm = EID__V1__RELYING_PARTY_PERMISSION__INIT;
            perm.doc_type = in->allowed[j].doc_type;
            perm.claims = (uint32_t *)in->allowed[j].claims;
            perm.n_claims = in->allowed[j].n_claims;
            perms[k] = perm;
            perm_ptrs[k] = &perms[k];
        }
        rps[i] = r;
        rp_ptrs[i] = &rps[i];
    }
    Eid__V1__TrustListBody body = EID__V1__TRUST_LIST_BODY__INIT;
    body.version = 1;
    body.sequence = p->sequence;
    body.issued_at = p->issued_at;
    body.next_update = p->next_update;
    body.expires_at = p->expires_at;
    body.issuers = issuer_ptrs;
    body.n_issuers = ni;
    body.relying_parties = rp_ptrs;
    body.n_relying_parties = nr;
    eid_status shape = trust_body_check(&body);
    if (shape != EID_OK) {
        if (shape == EID_ERR_NO_MEMORY)
            st = shape; /* otherwise the parameters are refused */
        goto done;
    }
    st = pb_encode(&body.base, &body_bytes, &body_len);
    for (size_t r = 0; r < n_roots && st == EID_OK; r++) {
        if (roots[r] == NULL) {
            st = EID_ERR_INVALID_ARG;
            break;
        }
        Eid__V1__RootSignature s = EID__V1__ROOT_SIGNATURE__INIT;
        cry_key_id(sig_bytes[r], roots[r]->public_key);
        for (size_t q = 0; q < r; q++)
            if (memcmp(sig_bytes[q], sig_bytes[r], EID_KEY_ID_BYTES) == 0)
                st = EID_ERR_INVALID_ARG; /* the same root twice */
        if (st == EID_OK)
            st = key_sign(roots[r], CRY_CTX_TRUST, body_bytes, body_len, sig_bytes[r] + EID_KEY_ID_BYTES);
        s.root_key_id.data = sig_bytes[r];
        s.root_key_id.len = EID_KEY_ID_BYTES;
        s.signature.data = sig_bytes[r] + EID_KEY_ID_BYTES;
        s.signature.len = CRY_SIGNATURE_BYTES;
        sigs[r] = s;
        sig_ptrs[r] = &sigs[r];
    }
    if (st == EID_OK) {
        Eid__V1__TrustList list = EID__V1__TRUST_LIST__INIT;
        list.body.data = body_bytes;
        list.body.len = body_len;
        list.signatures = sig_ptrs;
        list.n_signatures = n_roots;
        st = pb_encode(&list.base, &out->data, &out->len);
    }
done:
    mem_free(issuers);
    mem_free(issuer_ptrs);
    mem_free(issuer_ids);
    mem_free(rps);
    mem_free(rp_ptrs);
    mem_free(rp_ids);
    mem_free(perms);
    mem_free(perm_ptrs);
    mem_free(sigs);
    mem_free(sig_ptrs);
    mem_free(sig_bytes);
    mem_free(body_bytes);
    return st;
}
