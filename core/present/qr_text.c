/* SPDX-License-Identifier: Apache-2.0 */
/* QR text (present/qr_text.h): a prefix, then base45 (RFC 9285). */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/base45.h"
#include "present/qr_text.h"

eid_status present_text_encode(const char *prefix, const uint8_t *b, size_t n, size_t max_bytes, char **text)
{
    if (text != NULL)
        *text = NULL;
    if (b == NULL || text == NULL || n == 0)
        return EID_ERR_INVALID_ARG;
    if (n > max_bytes)
        return EID_ERR_TOO_LARGE;
    size_t plen = strlen(prefix), cap = plen + base45_encoded_len(n) + 1;
    char *s = mem_alloc(cap);
    if (s == NULL)
        return EID_ERR_NO_MEMORY;
    memcpy(s, prefix, plen);
    eid_status st = base45_encode(b, n, s + plen, cap - plen);
    if (st != EID_OK) {
        mem_free_secret(s, cap);
        return st;
    }
    *text = s;
    return EID_OK;
}

eid_status present_text_decode(const char *prefix, const char *text, size_t max_bytes, uint8_t *out, size_t *out_len)
{
    size_t plen = strlen(prefix);
    /* Bound the scan before measuring: never read past the largest legal text. */
    size_t limit = plen + base45_encoded_len(max_bytes);
    /* memchr stops at the first NUL (C11 7.24.5.1), so it reads no further than the scan would */
    const char *end = memchr(text, '\0', limit + 1);
    size_t len = end != NULL ? (size_t)(end - text) : limit + 1;
    if (len > limit)
        return EID_ERR_TOO_LARGE;
    if (len < plen || memcmp(text, prefix, plen) != 0)
        return EID_ERR_FORMAT;
    return base45_decode(text + plen, len - plen, out, max_bytes, out_len);
}
