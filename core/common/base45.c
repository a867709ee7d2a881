/* SPDX-License-Identifier: Apache-2.0 */
#include "common/base45.h"

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

static int value_of(char c)
{
    unsigned char u = (unsigned char)c;
    if (u >= '0' && u <= '9') return u - '0';
    if (u >= 'A' && u <= 'Z') return u - 'A' + 10;
    switch (u) {
    case ' ': return 36;
    case '$': return 37;
    case '%': return 38;
    case '*': return 39;
    case '+': return 40;
    case '-': return 41;
    case '.': return 42;
    case '/': return 43;
    case ':': return 44;
    default: return -1;
    }
}

size_t base45_encoded_len(size_t n) { return (n / 2) * 3 + (n % 2) * 2; }

eid_status base45_encode(const uint8_t *in, size_t n, char *out, size_t cap)
{
    if ((in == NULL && n > 0) || out == NULL)
        return EID_ERR_INVALID_ARG;
    if (n > (SIZE_MAX - 1) / 2 || cap < base45_encoded_len(n) + 1)
        return EID_ERR_TOO_LARGE;
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned v = (unsigned)in[i] * 256u + in[i + 1];
        out[o++] = alphabet[v % 45];
        out[o++] = alphabet[(v / 45) % 45];
        out[o++] = alphabet[v / 2025];
    }
    if (n % 2) {
        unsigned v = in[n - 1];
        out[o++] = alphabet[v % 45];
        out[o++] = alphabet[v / 45];
    }
    out[o] = '\0';
    return EID_OK;
}

eid_status base45_decode(const char *text, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
    if ((text == NULL && len > 0) || out_len == NULL || (out == NULL && cap > 0))
        return EID_ERR_INVALID_ARG;
    *out_len = 0;
    if (len % 3 == 1)
        return EID_ERR_FORMAT;
    size_t need = (len / 3) * 2 + (len % 3 == 2);
    if (need > cap)
        return EID_ERR_TOO_LARGE;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        size_t group = len - i >= 3 ? 3 : 2;
        unsigned v = 0, mul = 1;
        for (size_t k = 0; k < group; k++) {
            int d = value_of(text[i + k]);
            if (d < 0)
                return EID_ERR_FORMAT;
            v += (unsigned)d * mul;
            mul *= 45;
        }
        if (group == 3) {
            if (v > 0xFFFF)
                return EID_ERR_FORMAT;
            out[o++] = (uint8_t)(v >> 8);
            out[o++] = (uint8_t)(v & 0xFF);
        } else {
            if (v > 0xFF)
                return EID_ERR_FORMAT;
            out[o++] = (uint8_t)v;
        }
    }
    *out_len = o;
    return EID_OK;
}
