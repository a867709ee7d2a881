/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "credential/key.h"
#include "wire.h"

static size_t varint(const uint8_t *b, size_t n, uint64_t *v)
{
    *v = 0;
    for (size_t i = 0; i < n && i < 10; i++) {
        *v |= (uint64_t)(b[i] & 0x7F) << (7 * i);
        if (!(b[i] & 0x80))
            return i + 1;
    }
    return 0;
}

static size_t put_varint(uint8_t *p, uint64_t v)
{
    size_t i = 0;
    while (v >= 0x80) {
        p[i++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[i++] = (uint8_t)v;
    return i;
}

int wire_fields(const uint8_t *b, size_t n, wire_field *out, int cap)
{
    int k = 0;
    size_t off = 0;
    while (off < n) {
        if (k == cap)
            return -1;
        uint64_t tag, len;
        size_t t = varint(b + off, n - off, &tag);
        if (t == 0)
            return -1;
        wire_field f = {(uint32_t)(tag >> 3), (uint32_t)(tag & 7), off, 0, off + t};
        size_t p = off + t;
        switch (f.wire_type) {
        case 0: {
            size_t u = varint(b + p, n - p, &len);
            if (u == 0)
                return -1;
            p += u;
            break;
        }
        case 1: p += 8; break;
        case 5: p += 4; break;
        case 2: {
            size_t u = varint(b + p, n - p, &len);
            if (u == 0 || len > n - p - u)
                return -1;
            f.value_start = p + u;
            p += u + len;
            break;
        }
        default:
            return -1;
        }
        if (p > n)
            return -1;
        f.end = p;
        out[k++] = f;
        off = p;
    }
    return k;
}

eid_bytes wire_copy(const uint8_t *b, size_t n)
{
    eid_bytes out = {malloc(n ? n : 1), n};
    if (n)
        memcpy(out.data, b, n);
    return out;
}

static eid_bytes concat3(const uint8_t *a, size_t na, const uint8_t *b, size_t nb, const uint8_t *c, size_t nc)
{
    eid_bytes out = {malloc(na + nb + nc + 1), na + nb + nc};
    memcpy(out.data, a, na);
    if (nb)
        memcpy(out.data + na, b, nb);
    if (nc)
        memcpy(out.data + na + nb, c, nc);
    return out;
}

const uint8_t *wire_get(const eid_bytes *m, uint32_t number, size_t *len)
{
    wire_field fs[64];
    int n = wire_fields(m->data, m->len, fs, 64);
    for (int i = 0; i < n; i++)
        if (fs[i].number == number && fs[i].wire_type == 2) {
            *len = fs[i].end - fs[i].value_start;
            return m->data + fs[i].value_start;
        }
    return NULL;
}

eid_bytes wire_take(const eid_bytes *m, uint32_t number)
{
    size_t n = 0;
    const uint8_t *b = wire_get(m, number, &n);
    assert_non_null(b);
    return wire_copy(b, n);
}

eid_bytes wire_set(const eid_bytes *m, uint32_t number, int nth, const uint8_t *content, size_t len)
{
    wire_field fs[64];
    int n = wire_fields(m->data, m->len, fs, 64);
    for (int i = 0; i < n; i++)
        if (fs[i].number == number && nth-- == 0) {
            uint8_t head[16];
            size_t h = put_varint(head, (uint64_t)number << 3 | 2);
            h += put_varint(head + h, len);
            eid_bytes mid = concat3(head, h, content, len, NULL, 0);
            eid_bytes out = concat3(m->data, fs[i].start, mid.data, mid.len, m->data + fs[i].end, m->len - fs[i].end);
            free(mid.data);
            return out;
        }
    fail_msg("field %u not found", number);
    return (eid_bytes){0};
}

eid_bytes wire_drop(const eid_bytes *m, uint32_t number, int nth)
{
    wire_field fs[64];
    int n = wire_fields(m->data, m->len, fs, 64);
    for (int i = 0; i < n; i++)
        if (fs[i].number == number && nth-- == 0)
            return concat3(m->data, fs[i].start, NULL, 0, m->data + fs[i].end, m->len - fs[i].end);
    fail_msg("field %u not found", number);
    return (eid_bytes){0};
}

eid_bytes wire_append(const eid_bytes *m, const uint8_t *extra, size_t len)
{
    return concat3(m->data, m->len, extra, len, NULL, 0);
}

int wire_noncanonical(const eid_bytes *m, eid_bytes out[5])
{
    wire_field fs[64];
    int n = wire_fields(m->data, m->len, fs, 64);
    assert_true(n >= 1);
    int k = 0;
    const uint8_t *b = m->data;
    /* 1. first field duplicated right after itself */
    out[k++] = concat3(b, fs[0].end, b + fs[0].start, fs[0].end - fs[0].start, b + fs[0].end, m->len - fs[0].end);
    /* 2. the first field's tag as a two-byte varint */
    uint8_t tag[2] = {(uint8_t)(b[0] | 0x80), 0x00};
    assert_true(b[0] < 0x80);
    out[k++] = concat3(tag, 2, b + 1, m->len - 1, NULL, 0);
    /* 3. an unknown field (15, varint 1) */
    static const uint8_t unknown[2] = {0x78, 0x01};
    out[k++] = wire_append(m, unknown, 2);
    /* 4. a trailing byte */
    static const uint8_t zero[1] = {0};
    out[k++] = wire_append(m, zero, 1);
    /* 5. the first two fields swapped, when their numbers differ */
    if (n >= 2 && fs[0].number != fs[1].number) {
        eid_bytes sw = concat3(b + fs[1].start, fs[1].end - fs[1].start, b + fs[0].start, fs[0].end - fs[0].start,
                               b + fs[1].end, m->len - fs[1].end);
        out[k++] = sw;
    }
    return k;
}

eid_bytes wire_from_text(const char *text)
{
    eid_bytes out = {malloc(4096), 0};
    size_t len = strlen(text);
    /* decode base45 after the prefix */
    static const char al[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    const char *s = strchr(text, ':') + 1;
    len -= (size_t)(s - text);
    for (size_t i = 0; i < len; i += 3) {
        size_t g = len - i >= 3 ? 3 : 2;
        unsigned v = 0, mul = 1;
        for (size_t j = 0; j < g; j++) {
            v += (unsigned)(strchr(al, s[i + j]) - al) * mul;
            mul *= 45;
        }
        if (g == 3)
            out.data[out.len++] = (uint8_t)(v >> 8);
        out.data[out.len++] = (uint8_t)v;
    }
    return out;
}

char *wire_present_body(const eid_key *holder, const eid_bytes *body)
{
    uint8_t sig[64];
    assert_int_equal(key_sign(holder, CRY_CTX_PRESENTATION, body->data, body->len, sig), EID_OK);
    uint8_t head[8];
    size_t h = 0;
    head[h++] = 0x0a;
    h += put_varint(head + h, body->len);
    uint8_t tail[2] = {0x12, 64};
    eid_bytes p1 = concat3(head, h, body->data, body->len, tail, 2);
    eid_bytes p = wire_append(&p1, sig, 64);
    free(p1.data);
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    free(p.data);
    return text;
}

eid_bytes wire_body_with_credential(const eid_bytes *body, const eid_bytes *credential)
{
    return wire_set(body, 3, 0, credential->data, credential->len);
}

eid_bytes wire_credential(const eid_key *issuer, const eid_bytes *payload)
{
    uint8_t sig[64];
    assert_int_equal(key_sign(issuer, CRY_CTX_CREDENTIAL, payload->data, payload->len, sig), EID_OK);
    uint8_t head[8];
    size_t h = 0;
    head[h++] = 0x0a;
    h += put_varint(head + h, payload->len);
    uint8_t tail[2] = {0x12, 64};
    eid_bytes c1 = concat3(head, h, payload->data, payload->len, tail, 2);
    eid_bytes c = wire_append(&c1, sig, 64);
    free(c1.data);
    return c;
}
