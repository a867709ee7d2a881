/* SPDX-License-Identifier: Apache-2.0 */
/* The growable text buffer (common/textbuf.h). Not realloc: the old block
 * would be freed without being zeroed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/textbuf.h"
#include "crypto/crypto.h"

int textbuf_reserve(textbuf *b, size_t extra)
{
    if (b->failed)
        return 0;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = 1;
        return 0;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *bigger = mem_alloc(cap);
    if (bigger == NULL) {
        b->failed = 1;
        return 0;
    }
    if (b->data) {
        memcpy(bigger, b->data, b->len + 1);
        mem_free_secret(b->data, b->cap);
    }
    b->data = bigger;
    b->cap = cap;
    return 1;
}

void textbuf_append(textbuf *b, const char *s, size_t n)
{
    if (!textbuf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void textbuf_puts(textbuf *b, const char *s) { textbuf_append(b, s, strlen(s)); }

void textbuf_int(textbuf *b, int64_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    if (n > 0 && (size_t)n < sizeof tmp)
        textbuf_append(b, tmp, (size_t)n);
}

eid_status textbuf_finish(textbuf *b, eid_bytes *out)
{
    if (b->failed || b->data == NULL) {
        textbuf_free(b);
        return EID_ERR_NO_MEMORY;
    }
    out->data = (uint8_t *)b->data;
    out->len = b->len;
    memset(b, 0, sizeof *b);
    return EID_OK;
}

void textbuf_free(textbuf *b)
{
    mem_free_secret(b->data, b->cap);
    memset(b, 0, sizeof *b);
}
