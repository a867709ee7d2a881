/* The renderers' growable buffer. Grows geometrically; zeroes what it drops,
 * because a rendered code carries personal data. */
#include <stdlib.h>
#include <string.h>

#include "common/textbuf.h"
#include "crypto/crypto.h"

static void drop(qr_buf *b)
{
    if (b->data) {
        eid_memzero(b->data, b->cap);
        free(b->data);
    }
    b->data = NULL;
    b->len = b->cap = 0;
}

void qr_buf_put(qr_buf *b, const void *p, size_t n)
{
    if (b->failed)
        return;
    if (n + 1 > b->cap - b->len || !b->data) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len < n + 1) {
            if (cap > SIZE_MAX / 2) {
                b->failed = 1;
                return;
            }
            cap *= 2;
        }
        /* Not realloc: the old block would be freed without being zeroed. */
        uint8_t *grown = malloc(cap);
        if (!grown) {
            b->failed = 1;
            return;
        }
        if (b->len)
            memcpy(grown, b->data, b->len);
        size_t len = b->len;
        drop(b);
        b->data = grown;
        b->len = len;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void qr_buf_puts(qr_buf *b, const char *s) { qr_buf_put(b, s, strlen(s)); }

void qr_buf_putu(qr_buf *b, uint32_t v)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    qr_buf_put(b, digits + sizeof digits - n, n);
}

eid_status qr_buf_finish(qr_buf *b, eid_bytes *out)
{
    if (b->failed || !b->data) {
        drop(b);
        return EID_ERR_NO_MEMORY;
    }
    b->data[b->len] = 0;
    out->data = b->data;
    out->len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return EID_OK;
}
