/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "verify/list_wire.h"

typedef struct walker {
    const uint8_t *p;
    size_t n, off;
} walker;

typedef struct field {
    uint32_t number, type;
    uint64_t value;      /* wire type 0 */
    const uint8_t *data; /* wire types 1, 2, 5 */
    size_t len;
} field;

/* A minimal varint of at most 64 bits. */
static int read_varint(walker *w, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 10 && w->off < w->n; i++) {
        uint8_t byte = w->p[w->off++];
        if (i == 9 && byte > 1)
            return 0; /* more than 64 bits */
        v |= (uint64_t)(byte & 0x7F) << (7 * i);
        if (!(byte & 0x80)) {
            if (i > 0 && byte == 0)
                return 0; /* not minimal */
            *out = v;
            return 1;
        }
    }
    return 0;
}

/* 1: *f is the next field; 0: the end; -1: malformed. */
static int next_field(walker *w, field *f)
{
    if (w->off == w->n)
        return 0;
    uint64_t tag, len;
    if (!read_varint(w, &tag) || (tag >> 3) == 0 || (tag >> 3) > 0x1FFFFFFFu)
        return -1;
    *f = (field){.number = (uint32_t)(tag >> 3), .type = (uint32_t)(tag & 7)};
    switch (f->type) {
    case 0:
        return read_varint(w, &f->value) ? 1 : -1;
    case 1:
    case 5:
        len = f->type == 1 ? 8 : 4;
        break;
    case 2:
        if (!read_varint(w, &len))
            return -1;
        break;
    default:
        return -1; /* groups: never in libeid messages */
    }
    if (len > w->n - w->off)
        return -1;
    f->data = w->p + w->off;
    f->len = (size_t)len;
    w->off += (size_t)len;
    return 1;
}

eid_status wire_trust_list(const uint8_t *b, size_t n, wire_span *body, wire_root_sig *sigs, size_t *n_sigs)
{
    walker w = {b, n, 0};
    field f;
    int r;
    *body = (wire_span){NULL, 0};
    *n_sigs = 0;
    while ((r = next_field(&w, &f)) == 1) {
        if (f.type != 2)
            return EID_ERR_FORMAT;
        if (f.number == 1 && body->data == NULL) {
            if (f.len == 0)
                return EID_ERR_FORMAT; /* an empty body is omitted, and then missing */
            *body = (wire_span){f.data, f.len};
            continue;
        }
        if (f.number != 2 || body->data == NULL || *n_sigs == TRUST_MAX_SIGNATURES)
            return EID_ERR_FORMAT;
        walker s = {f.data, f.len, 0};
        field id, sig, extra;
        if (next_field(&s, &id) != 1 || id.number != 1 || id.type != 2 || id.len != 8 ||
            next_field(&s, &sig) != 1 || sig.number != 2 || sig.type != 2 || sig.len != 64 ||
            next_field(&s, &extra) != 0)
            return EID_ERR_FORMAT;
        for (size_t j = 0; j < *n_sigs; j++)
            if (memcmp(sigs[j].key_id, id.data, 8) == 0)
                return EID_ERR_FORMAT; /* one entry per root */
        sigs[(*n_sigs)++] = (wire_root_sig){id.data, sig.data};
    }
    return r == 0 && body->data != NULL ? EID_OK : EID_ERR_FORMAT;
}

eid_status wire_revlist(const uint8_t *b, size_t n, wire_span *body, const uint8_t **signature)
{
    walker w = {b, n, 0};
    field f, g, extra;
    if (next_field(&w, &f) != 1 || f.number != 1 || f.type != 2 || f.len == 0 || next_field(&w, &g) != 1 ||
        g.number != 2 || g.type != 2 || g.len != 64 || next_field(&w, &extra) != 0)
        return EID_ERR_FORMAT;
    *body = (wire_span){f.data, f.len};
    *signature = g.data;
    return EID_OK;
}

/* int64 fields travel as the two's complement varint of their value. */
static int64_t as_int64(uint64_t v)
{
    return v <= (uint64_t)INT64_MAX ? (int64_t)v : -(int64_t)(~v) - 1;
}

eid_status wire_revlist_body(const uint8_t *b, size_t n, wire_revlist_peek *out)
{
    memset(out, 0, sizeof *out);
    walker w = {b, n, 0};
    field f;
    int r, bad = 0;
    uint32_t seen = 0;
    while ((r = next_field(&w, &f)) == 1) {
        if (f.number > 10 || ((seen >> f.number) & 1))
            continue; /* unknown or repeated fields: the canonical decoding refuses them */
        seen |= 1u << f.number;
        uint32_t want = (f.number == 2 || f.number == 3 || f.number == 10) ? 2 : 0;
        if (f.type != want) {
            bad = 1;
            continue;
        }
        switch (f.number) {
        case 1: out->version = f.value; break;
        case 2: out->issuer_id = (wire_span){f.data, f.len}; break;
        case 3: out->key_id = (wire_span){f.data, f.len}; break;
        case 4:
        case 5:
            if (f.value > UINT32_MAX)
                bad = 1;
            else if (f.number == 4)
                out->list_id = (uint32_t)f.value;
            else
                out->doc_type = (uint32_t)f.value;
            break;
        case 6: out->sequence = f.value; break;
        case 7: out->issued_at = as_int64(f.value); break;
        case 8: out->next_update = as_int64(f.value); break;
        default: break; /* size and revoked are read after the signature check */
        }
    }
    if (out->version != 1 && (seen & 2))
        return EID_ERR_UNSUPPORTED_VERSION;
    if (r < 0 || bad)
        return EID_ERR_FORMAT;
    if (out->version != 1)
        return EID_ERR_UNSUPPORTED_VERSION;
    if (out->key_id.len != 8)
        return EID_ERR_FORMAT;
    return EID_OK;
}
