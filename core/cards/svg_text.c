/* SPDX-License-Identifier: Apache-2.0 */
/* SVG text for the cards (cards/svg_text.h). */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "cards/svg_text.h"

void textbuf_mm(textbuf *b, double v)
{
    /* Fixed point by hand: printf's %f follows LC_NUMERIC, and a comma would break the SVG. */
    long long hundredths = (long long)(v * 100.0 + (v < 0 ? -0.5 : 0.5));
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%s%lld.%02lld", hundredths < 0 ? "-" : "",
                     (hundredths < 0 ? -hundredths : hundredths) / 100,
                     (hundredths < 0 ? -hundredths : hundredths) % 100);
    if (n > 0 && (size_t)n < sizeof tmp)
        textbuf_append(b, tmp, (size_t)n);
}

void textbuf_xml(textbuf *b, const char *s, size_t n)
{
    size_t run = 0; /* start of the bytes copied as they are */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                rep = "\xEF\xBF\xBD"; /* U+FFFD */
        }
        if (rep) {
            textbuf_append(b, s + run, i - run);
            textbuf_puts(b, rep);
            run = i + 1;
        }
    }
    textbuf_append(b, s + run, n - run);
}

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t textbuf_base64_len(size_t n) { return (n + 2) / 3 * 4; }

void textbuf_base64(textbuf *b, const uint8_t *in, size_t n)
{
    if (n > SIZE_MAX / 2 || !textbuf_reserve(b, textbuf_base64_len(n)))
        return;
    char *out = b->data + b->len;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        *out++ = alphabet[v >> 18];
        *out++ = alphabet[(v >> 12) & 63];
        *out++ = alphabet[(v >> 6) & 63];
        *out++ = alphabet[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        *out++ = alphabet[v >> 18];
        *out++ = alphabet[(v >> 12) & 63];
        *out++ = '=';
        *out++ = '=';
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        *out++ = alphabet[v >> 18];
        *out++ = alphabet[(v >> 12) & 63];
        *out++ = alphabet[(v >> 6) & 63];
        *out++ = '=';
    }
    b->len += textbuf_base64_len(n);
    b->data[b->len] = 0;
}

/* Advance widths of DejaVu Sans, the first family the cards name, in
 * thousandths of an em, for printable ASCII. A Vietnamese letter is as wide as
 * its base letter (the marks stack); anything else counts as a full em. */
static const uint16_t ascii_advance[95] = {
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, /*  !"#$%&'()*+,-./ */
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, /* 0-9 :;<=>? */
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, /* @A-O */
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,  /* P-Z [\]^_ */
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,  /* `a-o */
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,       /* p-z {|}~ */
};

static uint32_t advance(utf8proc_int32_t cp)
{
    if (cp == 0x0110) /* Đ has no decomposition */
        cp = 'D';
    else if (cp == 0x0111)
        cp = 'd';
    else if (cp >= 0x80) {
        utf8proc_int32_t parts[4];
        utf8proc_ssize_t n = utf8proc_decompose_char(cp, parts, 4, UTF8PROC_DECOMPOSE, NULL);
        if (n >= 1 && parts[0] < 0x80)
            cp = parts[0];
    }
    return cp >= 0x20 && cp < 0x7F ? ascii_advance[cp - 0x20] : 1000;
}

size_t text_utf8_prefix(const uint8_t *s, size_t n, size_t max_bytes, size_t max_chars, uint32_t max_width)
{
    size_t best = 0, chars = 0, i = 0;
    uint64_t width = 0;
    utf8proc_int32_t prev = -1, state = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            break;
        /* A cluster boundary lies before cp: everything up to i is a whole prefix. */
        if (prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state)) {
            if (chars == max_chars)
                return i;
            width += advance(cp); /* a cluster is as wide as its first code point */
            if (width > max_width)
                return i;
            chars++;
            best = i;
        }
        if (i + (size_t)k > max_bytes)
            return best;
        i += (size_t)k;
        prev = cp;
    }
    /* The end of valid text is a boundary: the whole (valid) text fits. */
    return i;
}

int textbuf_xml_fit(textbuf *b, const char *s, size_t n, size_t max_chars, uint32_t max_width)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t whole = text_utf8_prefix(u, n, n, max_chars, max_width);
    if (whole == n) {
        textbuf_xml(b, s, n);
        return 0;
    }
    const uint32_t ellipsis = 1000;
    size_t cut = text_utf8_prefix(u, n, n, max_chars ? max_chars - 1 : 0,
                                  max_width > ellipsis ? max_width - ellipsis : 0);
    textbuf_xml(b, s, cut);
    textbuf_puts(b, "\xE2\x80\xA6"); /* … */
    return 1;
}
