/* SPDX-License-Identifier: Apache-2.0 */
/* SVG text for the cards, written into the common text buffer: millimetres,
 * XML escaping, base64 (RFC 4648) for data: URIs, and UTF-8 prefixes that end
 * on a character boundary. Internal to core/cards. */
#ifndef EID_CORE_SVG_TEXT_H
#define EID_CORE_SVG_TEXT_H
#include <stddef.h>
#include <stdint.h>

#include "common/textbuf.h"

/* Appends v with two decimals and a point whatever the locale (SVG millimetres). */
void textbuf_mm(textbuf *b, double v);
/* Appends s[0..n) with &, <, >, " and ' replaced by entities, and any byte
 * XML 1.0 forbids (C0 controls but tab, LF, CR) replaced by U+FFFD, so the
 * result is always character data or an attribute value, never markup. */
void textbuf_xml(textbuf *b, const char *s, size_t n);
/* Appends the base64 (RFC 4648, padded) of in[0..n). */
void textbuf_base64(textbuf *b, const uint8_t *in, size_t n);

/* Length of the base64 text of n bytes (without NUL). */
size_t textbuf_base64_len(size_t n);

/* The byte length of the longest prefix of the UTF-8 text s[0..n) that has at
 * most max_bytes bytes, at most max_chars user-perceived characters (extended
 * grapheme clusters) and is at most max_width thousandths of an em wide in
 * DejaVu Sans (SIZE_MAX / UINT32_MAX for no bound), ending on a cluster
 * boundary: a cut never falls inside a code point, nor between a letter and
 * its combining marks. Invalid UTF-8 stops the prefix before the bad byte. */
size_t text_utf8_prefix(const uint8_t *s, size_t n, size_t max_bytes, size_t max_chars, uint32_t max_width);

/* Appends s[0..n) XML-escaped, cut to fit max_chars characters and max_width
 * thousandths of an em; a cut value ends in "…" (which counts in both bounds).
 * Returns 1 when it cut. */
int textbuf_xml_fit(textbuf *b, const char *s, size_t n, size_t max_chars, uint32_t max_width);

#endif
