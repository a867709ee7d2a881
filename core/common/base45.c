/* SPDX-License-Identifier: Apache-2.0 */
#include "common/base45.h"

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* Each character's value plus one; 0 for a character outside the alphabet. */
static const uint8_t value_plus_one[256] = {
    ['0'] = 1,   ['1'] = 2,   ['2'] = 3,   ['3'] = 4,   ['4'] = 5,   ['5'] = 6,   ['6'] = 7,   ['7'] = 8,
    ['8'] = 9,   ['9'] = 10,  ['A'] = 11,  ['B'] = 12,  ['C'] = 13,  ['D'] = 14,  ['E'] = 15,  ['F'] = 16,
    ['G'] = 17,  ['H'] = 18,  ['I'] = 19,  ['J'] = 20,  ['K'] = 21,  ['L'] = 22,  ['M'] = 23,  ['N'] = 24,
    ['O'] = 25,  ['P'] = 26,  ['Q'] = 27,  ['R'] = 28,  ['S'] = 29,  ['T'] = 30,  ['U'] = 31,  ['V'] = 32,
    ['W'] = 33,  ['X'] = 34,  ['Y'] = 35,  ['Z'] = 36,  [' '] = 37,  ['$'] = 38,  ['%'] = 39,  ['*'] = 40,
    ['+'] = 41,  ['-'] = 42,  ['.'] = 43,  ['/'] = 44,  [':'] = 45,
};

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
    const unsigned char *t = (const unsigned char *)text;
    size_t o = 0, i = 0;
    for (; len - i >= 3; i += 3) {
        unsigned a = value_plus_one[t[i]], b = value_plus_one[t[i + 1]], c = value_plus_one[t[i + 2]];
        if (a == 0 || b == 0 || c == 0)
            return EID_ERR_FORMAT;
        unsigned v = (a - 1) + (b - 1) * 45 + (c - 1) * 2025;
        if (v > 0xFFFF)
            return EID_ERR_FORMAT;
        out[o++] = (uint8_t)(v >> 8);
        out[o++] = (uint8_t)(v & 0xFF);
    }
    if (len - i == 2) {
        unsigned a = value_plus_one[t[i]], b = value_plus_one[t[i + 1]];
        if (a == 0 || b == 0)
            return EID_ERR_FORMAT;
        unsigned v = (a - 1) + (b - 1) * 45;
        if (v > 0xFF)
            return EID_ERR_FORMAT;
        out[o++] = (uint8_t)v;
    }
    *out_len = o;
    return EID_OK;
}
