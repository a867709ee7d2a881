/* SPDX-License-Identifier: Apache-2.0 */
/* Presentation requests as the relying party and the wallet both check them,
 * and the consent-screen view the wallet gets (eid/verifier.h). */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/checked.h"
#include "common/pb.h"
#include "crypto/crypto.h"
#include "verify/request_check.h"

void checked_request_free(checked_request *c)
{
    if (c == NULL)
        return;
    pb_free((ProtobufCMessage *)c->body);
    pb_free((ProtobufCMessage *)c->msg);
    memset(c, 0, sizeof *c);
}

/* Shape rules the signature does not give: a consent screen needs something to
 * show, claims in one canonical order, and each doc type once. */
static int well_formed(const Eid__V1__PresentationRequest *req, const Eid__V1__PresentationRequestBody *b)
{
    if (b->version != 1 || b->nonce.len != REQUEST_NONCE_BYTES || b->rp_key_id.len != EID_KEY_ID_BYTES ||
        req->signature.len != CRY_SIGNATURE_BYTES || b->expires_at <= b->created_at ||
        (uint64_t)b->expires_at - (uint64_t)b->created_at > EID_REQUEST_MAX_LIFETIME || b->n_requested == 0 ||
        b->n_requested > REQUEST_MAX_DOCS)
        return 0;
    for (size_t i = 0; i < b->n_requested; i++) {
        const Eid__V1__RequestedClaims *q = b->requested[i];
        if (q->n_claims == 0 || q->n_claims > REQUEST_MAX_CLAIMS)
            return 0;
        for (size_t c = 1; c < q->n_claims; c++)
            if (q->claims[c] <= q->claims[c - 1])
                return 0;
        for (size_t j = 0; j < i; j++)
            if (b->requested[j]->doc_type == q->doc_type)
                return 0;
    }
    return 1;
}

static int allowed(const Eid__V1__RelyingPartyEntry *rp, const Eid__V1__RequestedClaims *q)
{
    const Eid__V1__RelyingPartyPermission *perm = NULL;
    for (size_t j = 0; j < rp->n_allowed; j++)
        if (rp->allowed[j]->doc_type == q->doc_type)
            perm = rp->allowed[j];
    if (perm == NULL)
        return 0;
    for (size_t c = 0; c < q->n_claims; c++) {
        int ok = 0;
        for (size_t k = 0; k < perm->n_claims; k++)
            ok |= perm->claims[k] == q->claims[c];
        if (!ok)
            return 0;
    }
    return 1;
}

eid_status request_check(const trust_set *trust, int64_t clock_skew, const uint8_t *request, size_t len,
                         int64_t now, checked_request *out)
{
    memset(out, 0, sizeof *out);
    if (now > trust->body->expires_at)
        return EID_ERR_LIST_EXPIRED;
    eid_status st = PB_DECODE(Eid__V1__PresentationRequest, eid__v1__presentation_request__descriptor, request,
                              len, EID_REQUEST_MAX_BYTES, &out->msg);
    if (st == EID_OK)
        st = PB_DECODE(Eid__V1__PresentationRequestBody, eid__v1__presentation_request_body__descriptor,
                       out->msg->body.data, out->msg->body.len, EID_REQUEST_MAX_BYTES, &out->body);
    if (st != EID_OK)
        goto fail;
    const Eid__V1__PresentationRequestBody *b = out->body;
    st = EID_ERR_FORMAT;
    if (!well_formed(out->msg, b))
        goto fail;
    const Eid__V1__RelyingPartyEntry *rp = trust_find_rp(trust, b->rp_id.data, b->rp_id.len);
    if (rp == NULL || rp->key_id.len != b->rp_key_id.len ||
        memcmp(b->rp_key_id.data, rp->key_id.data, rp->key_id.len) != 0) {
        st = EID_ERR_UNTRUSTED_RELYING_PARTY;
        goto fail;
    }
    st = cry_sign_verify(out->msg->signature.data, CRY_CTX_REQUEST, out->msg->body.data, out->msg->body.len,
                         rp->public_key.data);
    if (st != EID_OK)
        goto fail;
    for (size_t i = 0; i < b->n_requested; i++)
        if (!allowed(rp, b->requested[i])) {
            st = EID_ERR_NOT_ALLOWED;
            goto fail;
        }
    if (now > b->expires_at || sat_add(now, clock_skew) < b->created_at) {
        st = EID_ERR_REQUEST_EXPIRED;
        goto fail;
    }
    out->rp = rp;
    cry_hash(out->hash, sizeof out->hash, request, len);
    return EID_OK;
fail:
    checked_request_free(out);
    return st;
}

/* ---- the record the replay store keeps -------------------------------------------- */

#define RECORD_VERSION 1

eid_status request_record_of(const checked_request *c, request_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->created_at = c->body->created_at;
    rec->expires_at = c->body->expires_at;
    rec->n_docs = c->body->n_requested;
    for (size_t i = 0; i < rec->n_docs; i++) {
        const Eid__V1__RequestedClaims *q = c->body->requested[i];
        rec->doc_type[i] = q->doc_type;
        for (size_t k = 0; k < q->n_claims; k++) {
            if (q->claims[k] >= 32)
                return EID_ERR_FORMAT;
            rec->claims[i] |= UINT32_C(1) << q->claims[k];
        }
    }
    return EID_OK;
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 3; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

/* Two's complement back to int64_t without implementation-defined conversion. */
static int64_t signed64(uint64_t v)
{
    return v <= (uint64_t)INT64_MAX ? (int64_t)v : -(int64_t)(~v) - 1;
}

static uint32_t get32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* version (1), created_at and expires_at (8 each, big-endian two's
 * complement), doc count (1), then per doc type: doc_type and claim mask (4 each). */
size_t request_record_encode(const request_record *rec, uint8_t *out)
{
    size_t n = 0;
    out[n++] = RECORD_VERSION;
    put64(out + n, (uint64_t)rec->created_at);
    n += 8;
    put64(out + n, (uint64_t)rec->expires_at);
    n += 8;
    out[n++] = (uint8_t)rec->n_docs;
    for (size_t i = 0; i < rec->n_docs; i++) {
        put32(out + n, rec->doc_type[i]);
        put32(out + n + 4, rec->claims[i]);
        n += 8;
    }
    return n;
}

eid_status request_record_decode(const uint8_t *b, size_t n, request_record *rec)
{
    memset(rec, 0, sizeof *rec);
    if (n < 18 || b[0] != RECORD_VERSION || b[17] == 0 || b[17] > REQUEST_MAX_DOCS || n != 18 + 8u * b[17])
        return EID_ERR_CORRUPT;
    rec->created_at = signed64(get64(b + 1));
    rec->expires_at = signed64(get64(b + 9));
    rec->n_docs = b[17];
    for (size_t i = 0; i < rec->n_docs; i++) {
        rec->doc_type[i] = get32(b + 18 + 8 * i);
        rec->claims[i] = get32(b + 22 + 8 * i);
    }
    return EID_OK;
}

/* ---- the consent-screen view ------------------------------------------------------ */

typedef struct info_doc {
    uint32_t doc_type;
    uint32_t claims[REQUEST_MAX_CLAIMS];
    size_t n_claims;
} info_doc;

struct eid_request_info {
    char rp_id[ID_MAX_BYTES + 1];
    char rp_name[NAME_MAX_BYTES + 1];
    int64_t created_at, expires_at;
    info_doc docs[REQUEST_MAX_DOCS];
    size_t n_docs;
};

static void copy_text(char *dst, size_t cap, const ProtobufCBinaryData *src)
{
    size_t n = src->len < cap - 1 ? src->len : cap - 1;
    memcpy(dst, src->data, n);
    dst[n] = '\0';
}

eid_status request_info_new(const checked_request *c, eid_request_info **out)
{
    eid_request_info *info = mem_calloc(1, sizeof *info);
    if (info == NULL)
        return EID_ERR_NO_MEMORY;
    copy_text(info->rp_id, sizeof info->rp_id, &c->rp->rp_id);
    copy_text(info->rp_name, sizeof info->rp_name, &c->rp->name);
    info->created_at = c->body->created_at;
    info->expires_at = c->body->expires_at;
    info->n_docs = c->body->n_requested;
    for (size_t i = 0; i < info->n_docs; i++) {
        const Eid__V1__RequestedClaims *q = c->body->requested[i];
        info->docs[i].doc_type = q->doc_type;
        info->docs[i].n_claims = q->n_claims;
        memcpy(info->docs[i].claims, q->claims, q->n_claims * sizeof q->claims[0]);
    }
    *out = info;
    return EID_OK;
}

void eid_request_info_free(eid_request_info *info) { mem_free(info); }

const char *eid_request_info_rp_id(const eid_request_info *info) { return info ? info->rp_id : ""; }
const char *eid_request_info_rp_name(const eid_request_info *info) { return info ? info->rp_name : ""; }
int64_t eid_request_info_created_at(const eid_request_info *info) { return info ? info->created_at : 0; }
int64_t eid_request_info_expires_at(const eid_request_info *info) { return info ? info->expires_at : 0; }
size_t eid_request_info_doc_count(const eid_request_info *info) { return info ? info->n_docs : 0; }

uint32_t eid_request_info_doc_type(const eid_request_info *info, size_t doc_index)
{
    return info != NULL && doc_index < info->n_docs ? info->docs[doc_index].doc_type : 0;
}

size_t eid_request_info_claim_count(const eid_request_info *info, size_t doc_index)
{
    return info != NULL && doc_index < info->n_docs ? info->docs[doc_index].n_claims : 0;
}

eid_status eid_request_info_claim(const eid_request_info *info, size_t doc_index, size_t claim_index,
                                  uint32_t *number)
{
    if (number != NULL)
        *number = 0;
    if (info == NULL || number == NULL || doc_index >= info->n_docs || claim_index >= info->docs[doc_index].n_claims)
        return EID_ERR_INVALID_ARG;
    *number = info->docs[doc_index].claims[claim_index];
    return EID_OK;
}
