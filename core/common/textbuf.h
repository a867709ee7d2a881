/* SPDX-License-Identifier: Apache-2.0 */
/* A growable text buffer, the one libeid builds text in (QR renderers, SVG
 * cards). It stays NUL-terminated, grows geometrically, and zeroes every block
 * it drops, because what it holds (a rendered code, a card) carries personal
 * data. Once an allocation fails, `failed` stays set and every later append
 * does nothing, so callers check once, at the end. */
#ifndef EID_CORE_TEXTBUF_H
#define EID_CORE_TEXTBUF_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

typedef struct textbuf {
    char *data;
    size_t len, cap;
    int failed;
} textbuf;

/* Makes room for `extra` more bytes and the NUL; 0 (and `failed` set) when it
 * cannot. For writers that fill data + len themselves. */
int textbuf_reserve(textbuf *b, size_t extra);
/* Appends s[0..n). */
void textbuf_append(textbuf *b, const char *s, size_t n);
/* Appends a NUL-terminated string. */
void textbuf_puts(textbuf *b, const char *s);
/* Appends the decimal digits of v. */
void textbuf_int(textbuf *b, int64_t v);
/* Moves the text, NUL-terminated, into *out (len excludes the NUL).
 * EID_ERR_NO_MEMORY when any append failed or nothing was appended; the
 * buffer is released either way. */
eid_status textbuf_finish(textbuf *b, eid_bytes *out);
/* Zeroes and frees the buffer. */
void textbuf_free(textbuf *b);

#endif
