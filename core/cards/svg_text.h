/* Text building for the cards: a growable byte buffer, XML escaping, base64
 * (RFC 4648) for data: URIs, and UTF-8 prefixes that end on a character
 * boundary. Internal to core/cards. */
#ifndef EID_CORE_TEXTBUF_H
#define EID_CORE_TEXTBUF_H
#include <stddef.h>
#include <stdint.h>

#include "eid/common.h"

/* A NUL-terminated growing buffer. Once an allocation fails, `failed` stays
 * set and every later append does nothing, so callers check once at the end. */
typedef struct eid_textbuf {
    char *data;
    size_t len, cap;
    int failed;
} eid_textbuf;

void eid_textbuf_append(eid_textbuf *b, const char *s, size_t n);
void eid_textbuf_puts(eid_textbuf *b, const char *s);
/* Appends v with two decimals and a point whatever the locale (SVG millimetres). */
void eid_textbuf_mm(eid_textbuf *b, double v);
void eid_textbuf_int(eid_textbuf *b, int64_t v);
/* Appends s[0..n) with &, <, >, " and ' replaced by entities, and any byte
 * XML 1.0 forbids (C0 controls but tab, LF, CR) replaced by U+FFFD, so the
 * result is always character data or an attribute value, never markup. */
void eid_textbuf_xml(eid_textbuf *b, const char *s, size_t n);
/* Appends the base64 (RFC 4648, padded) of in[0..n). */
void eid_textbuf_base64(eid_textbuf *b, const uint8_t *in, size_t n);
/* Zeroes and frees the buffer (it may hold personal data). */
void eid_textbuf_free(eid_textbuf *b);

/* Length of the base64 text of n bytes (without NUL). */
size_t eid_base64_len(size_t n);

/* The byte length of the longest prefix of the UTF-8 text s[0..n) that has at
 * most max_bytes bytes, at most max_chars user-perceived characters (extended
 * grapheme clusters) and is at most max_width thousandths of an em wide in
 * DejaVu Sans (SIZE_MAX / UINT32_MAX for no bound), ending on a cluster
 * boundary: a cut never falls inside a code point, nor between a letter and
 * its combining marks. Invalid UTF-8 stops the prefix before the bad byte. */
size_t eid_utf8_prefix(const uint8_t *s, size_t n, size_t max_bytes, size_t max_chars, uint32_t max_width);

/* Appends s[0..n) XML-escaped, cut to fit max_chars characters and max_width
 * thousandths of an em; a cut value ends in "…" (which counts in both bounds).
 * Returns 1 when it cut. */
int eid_textbuf_xml_fit(eid_textbuf *b, const char *s, size_t n, size_t max_chars, uint32_t max_width);

#endif
