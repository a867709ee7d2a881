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

typedef struct eid_textbuf {
    char *data;
    size_t len, cap;
    int failed;
} eid_textbuf;

/* Makes room for `extra` more bytes and the NUL; 0 (and `failed` set) when it
 * cannot. For writers that fill data + len themselves. */
int eid_textbuf_reserve(eid_textbuf *b, size_t extra);
/* Appends s[0..n). */
void eid_textbuf_append(eid_textbuf *b, const char *s, size_t n);
/* Appends a NUL-terminated string. */
void eid_textbuf_puts(eid_textbuf *b, const char *s);
/* Appends the decimal digits of v. */
void eid_textbuf_int(eid_textbuf *b, int64_t v);
/* Moves the text, NUL-terminated, into *out (len excludes the NUL).
 * EID_ERR_NO_MEMORY when any append failed or nothing was appended; the
 * buffer is released either way. */
eid_status eid_textbuf_finish(eid_textbuf *b, eid_bytes *out);
/* Zeroes and frees the buffer. */
void eid_textbuf_free(eid_textbuf *b);

#endif
