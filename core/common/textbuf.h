/* A growable byte buffer for the QR renderers; ends in an eid_bytes. */
#ifndef EID_CORE_QR_BUF_H
#define EID_CORE_QR_BUF_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

typedef struct qr_buf {
    uint8_t *data;
    size_t len, cap;
    int failed; /* an allocation failed: later appends do nothing */
} qr_buf;

/* Appends n bytes. */
void qr_buf_put(qr_buf *b, const void *p, size_t n);
/* Appends a NUL-terminated string. */
void qr_buf_puts(qr_buf *b, const char *s);
/* Appends the decimal digits of v. */
void qr_buf_putu(qr_buf *b, uint32_t v);
/* Moves the contents, NUL-terminated, into *out (len excludes the NUL).
 * EID_ERR_NO_MEMORY when any append failed; the buffer is released either way. */
eid_status qr_buf_finish(qr_buf *b, eid_bytes *out);

#endif
