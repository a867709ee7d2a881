/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/pb.h"
#include "credential/disclosure.h"

eid_status disclosure_encode(const uint8_t *salt, size_t salt_len, const eid_claim *c, uint8_t **out,
                             size_t *out_len)
{
    if (c == NULL || out == NULL || out_len == NULL || (salt == NULL && salt_len > 0))
        return EID_ERR_INVALID_ARG;
    Eid__V1__ClaimValue v = EID__V1__CLAIM_VALUE__INIT;
    Eid__V1__ClaimList list = EID__V1__CLAIM_LIST__INIT;
    Eid__V1__ListEntry entries[LIST_MAX_ENTRIES * 2];
    Eid__V1__ListEntry *ptrs[LIST_MAX_ENTRIES * 2];
    switch (c->type) {
    case EID_VALUE_TEXT:
        v.value_case = EID__V1__CLAIM_VALUE__VALUE_TEXT;
        v.text.data = (uint8_t *)c->bytes;
        v.text.len = c->bytes_len;
        break;
    case EID_VALUE_BYTES:
        v.value_case = EID__V1__CLAIM_VALUE__VALUE_DATA;
        v.data.data = (uint8_t *)c->bytes;
        v.data.len = c->bytes_len;
        break;
    case EID_VALUE_DATE:
        if (c->number_value < INT32_MIN || c->number_value > INT32_MAX)
            return EID_ERR_INVALID_CLAIM;
        v.value_case = EID__V1__CLAIM_VALUE__VALUE_DATE;
        v.date = (int32_t)c->number_value;
        break;
    case EID_VALUE_INTEGER:
        v.value_case = EID__V1__CLAIM_VALUE__VALUE_INTEGER;
        v.integer = c->number_value;
        break;
    case EID_VALUE_BOOLEAN:
        v.value_case = EID__V1__CLAIM_VALUE__VALUE_BOOLEAN;
        v.boolean = c->number_value != 0;
        break;
    case EID_VALUE_ENUM:
        if (c->number_value < 0 || c->number_value > UINT32_MAX)
            return EID_ERR_INVALID_CLAIM;
        v.value_case = EID__V1__CLAIM_VALUE__VALUE_ENUMERATION;
        v.enumeration = (uint32_t)c->number_value;
        break;
    case EID_VALUE_LIST:
        if (c->n_entries > LIST_MAX_ENTRIES * 2 || (c->n_entries && c->entries == NULL))
            return EID_ERR_INVALID_CLAIM;
        for (size_t i = 0; i < c->n_entries; i++) {
            Eid__V1__ListEntry e = EID__V1__LIST_ENTRY__INIT;
            e.code = c->entries[i].code;
            e.text.data = (uint8_t *)c->entries[i].text;
            e.text.len = c->entries[i].text_len;
            e.first_day = c->entries[i].first_day;
            e.last_day = c->entries[i].last_day;
            entries[i] = e;
            ptrs[i] = &entries[i];
        }
        list.n_entries = c->n_entries;
        list.entries = ptrs;
        v.value_case = EID__V1__CLAIM_VALUE__VALUE_LIST;
        v.list = &list;
        break;
    default:
        return EID_ERR_INVALID_CLAIM;
    }
    Eid__V1__Disclosure d = EID__V1__DISCLOSURE__INIT;
    d.salt.data = (uint8_t *)salt;
    d.salt.len = salt_len;
    d.claim = c->number;
    d.value = &v;
    return pb_encode(&d.base, out, out_len);
}

eid_status disclosure_decode(const uint8_t *b, size_t n, disclosure_view *v)
{
    memset(v, 0, sizeof *v);
    eid_status st = PB_DECODE(Eid__V1__Disclosure, eid__v1__disclosure__descriptor, b, n,
                              DISCLOSURE_MAX_BYTES, &v->msg);
    if (st != EID_OK)
        return st == EID_ERR_TOO_LARGE ? EID_ERR_FORMAT : st;
    const Eid__V1__ClaimValue *val = v->msg->value;
    if (val == NULL) {
        disclosure_view_free(v);
        return EID_ERR_FORMAT;
    }
    eid_claim *c = &v->claim;
    c->number = v->msg->claim;
    switch (val->value_case) {
    case EID__V1__CLAIM_VALUE__VALUE_TEXT:
        c->type = EID_VALUE_TEXT;
        c->bytes = val->text.data;
        c->bytes_len = val->text.len;
        break;
    case EID__V1__CLAIM_VALUE__VALUE_DATA:
        c->type = EID_VALUE_BYTES;
        c->bytes = val->data.data;
        c->bytes_len = val->data.len;
        break;
    case EID__V1__CLAIM_VALUE__VALUE_DATE:
        c->type = EID_VALUE_DATE;
        c->number_value = val->date;
        break;
    case EID__V1__CLAIM_VALUE__VALUE_INTEGER:
        c->type = EID_VALUE_INTEGER;
        c->number_value = val->integer;
        break;
    case EID__V1__CLAIM_VALUE__VALUE_BOOLEAN:
        c->type = EID_VALUE_BOOLEAN;
        c->number_value = val->boolean ? 1 : 0;
        break;
    case EID__V1__CLAIM_VALUE__VALUE_ENUMERATION:
        c->type = EID_VALUE_ENUM;
        c->number_value = val->enumeration;
        break;
    case EID__V1__CLAIM_VALUE__VALUE_LIST: {
        c->type = EID_VALUE_LIST;
        /* The entry bound is the schema's (INVALID_CLAIM); the byte bound caps k here. */
        size_t k = val->list->n_entries;
        if (k > 0) {
            v->entries = mem_calloc(k, sizeof *v->entries);
            if (v->entries == NULL) {
                disclosure_view_free(v);
                return EID_ERR_NO_MEMORY;
            }
        }
        for (size_t i = 0; i < k; i++) {
            const Eid__V1__ListEntry *e = val->list->entries[i];
            v->entries[i].code = e->code;
            v->entries[i].text = e->text.data;
            v->entries[i].text_len = e->text.len;
            v->entries[i].first_day = e->first_day;
            v->entries[i].last_day = e->last_day;
        }
        c->entries = v->entries;
        c->n_entries = k;
        break;
    }
    default:
        disclosure_view_free(v);
        return EID_ERR_FORMAT;
    }
    return EID_OK;
}

void disclosure_view_free(disclosure_view *v)
{
    if (v == NULL)
        return;
    pb_free((ProtobufCMessage *)v->msg);
    mem_free(v->entries);
    memset(v, 0, sizeof *v);
}
