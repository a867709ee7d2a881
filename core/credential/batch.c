/* SPDX-License-Identifier: Apache-2.0 */
/* The reference issuer's batches and revocation-index allocator (eid/issuer.h). */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/pb.h"
#include "credential/batch.h"
#include "credential/credential.h"
#include "eid/v1/batch.pb-c.h"

size_t eid_batch_default_members(void) { return EID_BATCH_DEFAULT_MEMBERS; }
size_t eid_batch_max_members(void) { return EID_BATCH_MAX_MEMBERS; }
uint32_t eid_batch_default_validity_days(void) { return EID_BATCH_DEFAULT_VALIDITY_DAYS; }
uint32_t eid_revocation_list_max_size(void) { return EID_REVOCATION_LIST_MAX_SIZE; }

/* ---- revocation-index allocator ------------------------------------------------------ */

enum { ENTRY_FREE = 0, ENTRY_LIVE = 1, ENTRY_REVOKED = 2 };

struct eid_revocation_allocator {
    uint32_t size;
    size_t used;
    uint8_t *state;
    int32_t *until;
    uint64_t *document;
};

eid_status eid_revocation_allocator_new(uint32_t size, eid_revocation_allocator **out)
{
    if (out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    if (size == 0 || size > EID_REVOCATION_LIST_MAX_SIZE)
        return EID_ERR_INVALID_ARG;
    eid_revocation_allocator *a = mem_calloc(1, sizeof *a);
    if (a == NULL)
        return EID_ERR_NO_MEMORY;
    a->size = size;
    a->state = mem_calloc(size, 1);
    a->until = mem_calloc(size, sizeof *a->until);
    a->document = mem_calloc(size, sizeof *a->document);
    if (a->state == NULL || a->until == NULL || a->document == NULL) {
        eid_revocation_allocator_free(a);
        return EID_ERR_NO_MEMORY;
    }
    *out = a;
    return EID_OK;
}

void eid_revocation_allocator_free(eid_revocation_allocator *a)
{
    if (a == NULL)
        return;
    mem_free(a->state);
    mem_free(a->until);
    mem_free(a->document);
    mem_free(a);
}

static void occupy(eid_revocation_allocator *a, uint32_t i, int32_t valid_until, uint64_t document)
{
    a->state[i] = ENTRY_LIVE;
    a->until[i] = valid_until;
    a->document[i] = document;
    a->used++;
}

eid_status eid_revocation_allocator_reserve(eid_revocation_allocator *a, uint32_t index, int32_t valid_until,
                                            uint64_t document)
{
    if (a == NULL || index >= a->size)
        return EID_ERR_INVALID_ARG;
    if (a->state[index] != ENTRY_FREE)
        return EID_ERR_EXISTS;
    occupy(a, index, valid_until, document);
    return EID_OK;
}

eid_status eid_revocation_allocator_take(eid_revocation_allocator *a, int32_t valid_until, uint64_t document,
                                         uint32_t *index)
{
    if (a == NULL || index == NULL)
        return EID_ERR_INVALID_ARG;
    if (a->used >= a->size)
        return EID_ERR_LIST_FULL;
    /* Uniform over the free entries: draw a rank among them, then find it. A
     * few direct draws first, which is the common case for a sparse list. */
    for (int tries = 0; tries < 32; tries++) {
        uint32_t i = cry_random_uniform(a->size);
        if (a->state[i] == ENTRY_FREE) {
            occupy(a, i, valid_until, document);
            *index = i;
            return EID_OK;
        }
    }
    uint32_t rank = cry_random_uniform((uint32_t)(a->size - a->used));
    for (uint32_t i = 0; i < a->size; i++)
        if (a->state[i] == ENTRY_FREE && rank-- == 0) {
            occupy(a, i, valid_until, document);
            *index = i;
            return EID_OK;
        }
    return EID_ERR_INTERNAL;
}

eid_status eid_revocation_allocator_release(eid_revocation_allocator *a, uint32_t index)
{
    if (a == NULL || index >= a->size)
        return EID_ERR_INVALID_ARG;
    if (a->state[index] == ENTRY_FREE)
        return EID_ERR_NOT_FOUND;
    a->state[index] = ENTRY_FREE;
    a->used--;
    return EID_OK;
}

eid_status eid_revocation_allocator_expire(eid_revocation_allocator *a, int32_t today, size_t *freed)
{
    if (freed != NULL)
        *freed = 0;
    if (a == NULL)
        return EID_ERR_INVALID_ARG;
    size_t n = 0;
    for (uint32_t i = 0; i < a->size; i++)
        if (a->state[i] != ENTRY_FREE && (int64_t)a->until[i] + 1 < (int64_t)today) {
            a->state[i] = ENTRY_FREE;
            a->used--;
            n++;
        }
    if (freed != NULL)
        *freed = n;
    return EID_OK;
}

eid_status eid_revocation_allocator_revoke(eid_revocation_allocator *a, uint64_t document, size_t *revoked)
{
    if (revoked != NULL)
        *revoked = 0;
    if (a == NULL)
        return EID_ERR_INVALID_ARG;
    size_t n = 0;
    for (uint32_t i = 0; i < a->size; i++)
        if (a->state[i] == ENTRY_LIVE && a->document[i] == document) {
            a->state[i] = ENTRY_REVOKED;
            n++;
        }
    if (revoked != NULL)
        *revoked = n;
    return n > 0 ? EID_OK : EID_ERR_NOT_FOUND;
}

eid_status eid_revocation_allocator_revoked(const eid_revocation_allocator *a, uint32_t **indexes, size_t *count)
{
    if (indexes != NULL)
        *indexes = NULL;
    if (count != NULL)
        *count = 0;
    if (a == NULL || indexes == NULL || count == NULL)
        return EID_ERR_INVALID_ARG;
    size_t n = 0;
    for (uint32_t i = 0; i < a->size; i++)
        n += a->state[i] == ENTRY_REVOKED;
    if (n == 0)
        return EID_OK;
    uint32_t *out = mem_alloc(n * sizeof *out);
    if (out == NULL)
        return EID_ERR_NO_MEMORY;
    for (uint32_t i = 0, k = 0; i < a->size; i++)
        if (a->state[i] == ENTRY_REVOKED)
            out[k++] = i;
    *indexes = out;
    *count = n;
    return EID_OK;
}

size_t eid_revocation_allocator_live(const eid_revocation_allocator *a) { return a ? a->used : 0; }

/* ---- issuing a batch ------------------------------------------------------------- */

eid_status eid_issue_batch(const eid_key *issuer_key, const eid_batch_params *params, const eid_claim *claims,
                           size_t n_claims, const uint8_t *holder_keys, size_t n_keys,
                           eid_revocation_allocator *indexes,
                           eid_bytes *batch)
{
    if (batch != NULL)
        *batch = (eid_bytes){0};
    if (issuer_key == NULL || params == NULL || holder_keys == NULL || indexes == NULL || batch == NULL ||
        n_keys == 0 || n_keys > EID_BATCH_MAX_MEMBERS || params->validity_days > 3660)
        return EID_ERR_INVALID_ARG;
    for (size_t i = 0; i < n_keys; i++)
        for (size_t j = 0; j < i; j++)
            if (memcmp(holder_keys + 32 * i, holder_keys + 32 * j, 32) == 0)
                return EID_ERR_INVALID_ARG;
    int64_t last = (int64_t)params->issued_on + (params->validity_days ? params->validity_days
                                                                        : EID_BATCH_DEFAULT_VALIDITY_DAYS) - 1;
    if (last > params->document_valid_until)
        last = params->document_valid_until;
    if (last < params->issued_on)
        return EID_ERR_INVALID_ARG; /* the document ends before the batch would start */

    eid_bytes bundles[EID_BATCH_MAX_MEMBERS];
    uint32_t taken[EID_BATCH_MAX_MEMBERS];
    memset(bundles, 0, sizeof bundles);
    size_t n = 0;
    eid_status st = EID_OK;
    for (; n < n_keys && st == EID_OK; n++) {
        st = eid_revocation_allocator_take(indexes, (int32_t)last, params->document, &taken[n]);
        if (st != EID_OK)
            break;
        eid_credential_params p = {
            .doc_type = params->doc_type, .assurance = params->assurance, .issued_on = params->issued_on,
            .valid_from = params->issued_on, .valid_until = (int32_t)last, .holder_key = holder_keys + 32 * n,
            .key_protection = params->key_protection, .revocation_list = params->revocation_list,
            .revocation_index = taken[n]};
        st = eid_issue_credential(issuer_key, &p, claims, n_claims, &bundles[n]);
        if (st != EID_OK) {
            n++; /* its index was taken */
            break;
        }
    }
    if (st == EID_OK) {
        ProtobufCBinaryData members[EID_BATCH_MAX_MEMBERS];
        for (size_t i = 0; i < n_keys; i++)
            members[i] = (ProtobufCBinaryData){bundles[i].len, bundles[i].data};
        Eid__V1__CredentialBatch b = EID__V1__CREDENTIAL_BATCH__INIT;
        b.version = 1;
        b.doc_type = params->doc_type;
        b.n_members = n_keys;
        b.members = members;
        st = pb_encode(&b.base, &batch->data, &batch->len);
    }
    if (st != EID_OK)
        for (size_t i = 0; i < n; i++)
            eid_revocation_allocator_release(indexes, taken[i]);
    for (size_t i = 0; i < n_keys; i++)
        eid_bytes_free(&bundles[i]);
    return st;
}

/* ---- decoding ---------------------------------------------------------------------- */

eid_status batch_decode(const uint8_t *b, size_t n, batch_view *v)
{
    memset(v, 0, sizeof *v);
    Eid__V1__CredentialBatch *m = NULL;
    eid_status st = PB_DECODE(Eid__V1__CredentialBatch, eid__v1__credential_batch__descriptor, b, n,
                              BATCH_MAX_BYTES, &m);
    if (st != EID_OK)
        return st;
    if (m->version != 1)
        st = m->version == 0 ? EID_ERR_FORMAT : EID_ERR_UNSUPPORTED_VERSION;
    else if (m->n_members == 0 || m->n_members > EID_BATCH_MAX_MEMBERS || eid_doc_type_name(m->doc_type) == NULL)
        st = EID_ERR_FORMAT;
    if (st != EID_OK) {
        pb_free((ProtobufCMessage *)m);
        return st;
    }
    v->msg = m;
    v->doc_type = m->doc_type;
    v->n_members = m->n_members;
    v->members = m->members;
    return EID_OK;
}

void batch_view_free(batch_view *v)
{
    if (v == NULL)
        return;
    pb_free((ProtobufCMessage *)v->msg);
    memset(v, 0, sizeof *v);
}

eid_status batch_refill_wrap(const uint8_t *issuance, size_t len, eid_bytes *request)
{
    Eid__V1__BatchRefillRequest r = EID__V1__BATCH_REFILL_REQUEST__INIT;
    r.version = 1;
    r.issuance.data = (uint8_t *)issuance;
    r.issuance.len = len;
    return pb_encode(&r.base, &request->data, &request->len);
}
