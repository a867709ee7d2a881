/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/alloc.h"
#include "common/text.h"

static int forbidden(utf8proc_int32_t cp)
{
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return 1; /* bidirectional embeddings, overrides and isolates */
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CN: /* unassigned, noncharacters */
    case UTF8PROC_CATEGORY_CC: /* C0/C1 controls, including NUL */
    case UTF8PROC_CATEGORY_CS: /* surrogates */
        return 1;
    default:
        return 0;
    }
}

/* Code points the NFC check holds on the stack: every claim but the longest
 * texts fits, so checking text allocates nothing and cannot run out of memory. */
#define NFC_STACK_POINTS 1024

/* Whether valid UTF-8 s[0..len), without NUL, is in NFC: its canonical
 * decomposition composed again (what utf8proc_NFC does, without allocating
 * its output) gives back the same code points. EID_OK, EID_ERR_FORMAT, or
 * EID_ERR_NO_MEMORY for a text too long for the stack and the heap. */
static eid_status is_nfc(const uint8_t *s, size_t len)
{
    const utf8proc_option_t nfc = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    utf8proc_int32_t stack[NFC_STACK_POINTS], *points = stack;
    utf8proc_ssize_t n = utf8proc_decompose(s, (utf8proc_ssize_t)len, points, NFC_STACK_POINTS, nfc);
    /* the stack entries the decomposition may have written: all of them when it failed part way */
    size_t written = n >= 0 && n < NFC_STACK_POINTS ? (size_t)n : NFC_STACK_POINTS;
    if (n > NFC_STACK_POINTS) {
        if ((points = mem_calloc((size_t)n, sizeof *points)) == NULL)
            return EID_ERR_NO_MEMORY;
        n = utf8proc_decompose(s, (utf8proc_ssize_t)len, points, n, nfc);
    }
    if (n >= 0)
        n = utf8proc_normalize_utf32(points, n, nfc);
    eid_status st = n < 0 ? EID_ERR_FORMAT : EID_OK;
    size_t i = 0;
    utf8proc_ssize_t k = 0;
    while (st == EID_OK && i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t used = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (used <= 0 || k >= n || points[k] != cp)
            st = EID_ERR_FORMAT;
        i += used > 0 ? (size_t)used : len;
        k++;
    }
    if (st == EID_OK && k != n)
        st = EID_ERR_FORMAT;
    if (points != stack)
        mem_free_secret(points, (size_t)n * sizeof *points);
    mem_zero(stack, written * sizeof *stack);
    return st;
}

eid_status text_check(const uint8_t *s, size_t len, size_t max_bytes)
{
    if (s == NULL && len > 0)
        return EID_ERR_INVALID_ARG;
    if (len > max_bytes)
        return EID_ERR_TOO_LARGE;
    if (len > (size_t)PTRDIFF_MAX)
        return EID_ERR_FORMAT;
    int ascii = 1;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || forbidden(cp))
            return EID_ERR_FORMAT;
        if (cp >= 0x80)
            ascii = 0;
        i += (size_t)n;
    }
    if (ascii || len == 0)
        return EID_OK; /* ASCII without controls is NFC */
    return is_nfc(s, len);
}

eid_status text_normalize(const uint8_t *s, size_t len, size_t max_bytes, uint8_t **out, size_t *out_len)
{
    if ((s == NULL && len > 0) || out == NULL || out_len == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    *out_len = 0;
    if (memchr(s, 0, len) != NULL || len > (size_t)PTRDIFF_MAX - 1)
        return EID_ERR_FORMAT;
    uint8_t *copy = mem_alloc(len + 1);
    if (copy == NULL)
        return EID_ERR_NO_MEMORY;
    if (len)
        memcpy(copy, s, len);
    copy[len] = 0;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = mem_hook_refuse() ? UTF8PROC_ERROR_NOMEM
                                           : utf8proc_map(copy, 0, &nfc,
                                                          UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    mem_free_secret(copy, len + 1);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? EID_ERR_NO_MEMORY : EID_ERR_FORMAT;
    eid_status st = text_check(nfc, (size_t)n, max_bytes);
    if (st != EID_OK) {
        mem_free_secret(nfc, (size_t)n + 1);
        return st;
    }
    *out = nfc;
    *out_len = (size_t)n;
    return EID_OK;
}

const char *text_unicode_version(void) { return utf8proc_unicode_version(); }

eid_status text_unicode_check(const char *version)
{
    return version != NULL && strcmp(version, TEXT_UNICODE_VERSION) == 0 ? EID_OK : EID_ERR_UNSUPPORTED_VERSION;
}
