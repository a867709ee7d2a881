/* SPDX-License-Identifier: Apache-2.0 */
/* The SVG card: ID-1 size (85.6 x 54 mm, viewBox in millimetres). Every
 * string goes through textbuf_xml, and each has a place of a given width:
 * a value wider than its place (by DejaVu Sans advance widths) is cut at a
 * character boundary and ends in an ellipsis. */
#include <stdio.h>
#include <string.h>

#include "cards/card_internal.h"
#include "cards/svg_text.h"

#define T(lang, vi, en) ((lang) == EID_LANGUAGE_EN ? (en) : (vi))

/* Families with Vietnamese coverage first (DejaVu and Noto on Linux, Roboto on
 * Android, the system fonts of iOS and Windows), then the generic family. */
#define FONTS "'DejaVu Sans', 'Noto Sans', Roboto, -apple-system, 'Helvetica Neue', 'Segoe UI', Arial, sans-serif"

#define W EID_CARD_WIDTH_MM
#define MARGIN 4.0
#define PHOTO_X MARGIN
#define PHOTO_Y 13.0
#define PHOTO_W 18.0
#define PHOTO_H 24.0
#define ROW_Y0 21.0
#define ROW_H 3.5
#define MAX_FACE_ROWS 7

#define FULL_W (W - 2 * MARGIN) /* the width of a line across the card */
#define BOLD_WIDER 1.12            /* DejaVu Sans Bold against Book */

/* Where the face text goes: beside the portrait, or across the card when the
 * doc type has no portrait claim. */
typedef struct face_geometry {
    double text_x, value_x;             /* left edges */
    double holder_w, label_w, value_w;  /* widths in mm */
} face_geometry;
static const face_geometry with_portrait = {25.5, 47.5, W - MARGIN - 25.5, 21.0, W - MARGIN - 47.5};
static const face_geometry without_portrait = {MARGIN, 30.0, FULL_W, 25.0, W - MARGIN - 30.0};

static void colour_attr(textbuf *b, uint32_t rgb)
{
    char tmp[8];
    snprintf(tmp, sizeof tmp, "#%06X", (unsigned)(rgb & 0xFFFFFF));
    textbuf_puts(b, tmp);
}

/* <text id x y font-size [bold] [extra]>text</text>, the text cut with an
 * ellipsis to fit width_mm at this size. */
static void text(textbuf *b, const char *id, double x, double y, double size, int bold, const char *extra,
                 const char *s, size_t n, double width_mm)
{
    textbuf_puts(b, "<text id=\"");
    textbuf_puts(b, id);
    textbuf_puts(b, "\" x=\"");
    textbuf_mm(b, x);
    textbuf_puts(b, "\" y=\"");
    textbuf_mm(b, y);
    textbuf_puts(b, "\" font-size=\"");
    textbuf_mm(b, size);
    textbuf_puts(b, bold ? "\" font-weight=\"bold\"" : "\"");
    if (extra) {
        textbuf_puts(b, " ");
        textbuf_puts(b, extra);
    }
    textbuf_puts(b, ">");
    double em = width_mm / size * 1000.0 / (bold ? BOLD_WIDER : 1.0);
    textbuf_xml_fit(b, s, n, SIZE_MAX, em > 0 ? (uint32_t)em : 0);
    textbuf_puts(b, "</text>\n");
}

static void text_s(textbuf *b, const char *id, double x, double y, double size, int bold, const char *extra,
                   const char *s, double width_mm)
{
    text(b, id, x, y, size, bold, extra, s, strlen(s), width_mm);
}

static uint32_t state_colour(eid_validity s)
{
    switch (s) {
    case EID_VALIDITY_VALID: return 0x1E7B34;
    case EID_VALIDITY_EXPIRING: return 0xB26A00;
    case EID_VALIDITY_NOT_YET_VALID: return 0x5F6368;
    default: return 0xB3261E;
    }
}

static void portrait(textbuf *b, const eid_card *card)
{
    if (card->portrait_len > 0) {
        textbuf_puts(b, "<image id=\"portrait\" x=\"4.00\" y=\"13.00\" width=\"18.00\" height=\"24.00\" "
                            "preserveAspectRatio=\"xMidYMid slice\" xlink:href=\"data:image/jpeg;base64,");
        textbuf_base64(b, card->portrait, card->portrait_len);
        textbuf_puts(b, "\"/>\n");
    } else {
        textbuf_puts(b, "<rect x=\"4.00\" y=\"13.00\" width=\"18.00\" height=\"24.00\" fill=\"#E8EAED\"/>\n");
        text_s(b, "no-portrait", PHOTO_X + PHOTO_W / 2, PHOTO_Y + PHOTO_H / 2, 1.8, 0,
               "text-anchor=\"middle\" fill=\"#5F6368\"", T(card->lang, "Không có ảnh", "No photo"), PHOTO_W - 2);
    }
    textbuf_puts(b, "<rect x=\"4.00\" y=\"13.00\" width=\"18.00\" height=\"24.00\" fill=\"none\" "
                        "stroke=\"#9AA0A6\" stroke-width=\"0.2\"/>\n");
}

/* One face line: a row, or the consecutive rows of one list claim joined
 * ("B, C1, D"). Returns how many rows it consumed. */
static size_t face_line(textbuf *b, const eid_card *card, const face_geometry *g, size_t i, int line)
{
    const card_row *r = &card->rows[i];
    const doc_schema *s = schema_get(card->doc_type);
    const claim_schema *cs = schema_claim(s, r->claim);
    char id[32];
    double y = ROW_Y0 + line * ROW_H;
    size_t used = 1;
    textbuf joined = {0};
    const char *label = r->label, *value = r->value;
    if (r->short_value != NULL && cs != NULL) {
        label = T(card->lang, cs->label_vi, cs->label_en);
        used = 0;
        while (i + used < card->n_rows && card->rows[i + used].claim == r->claim &&
               card->rows[i + used].short_value != NULL) {
            if (used > 0)
                textbuf_puts(&joined, ", ");
            textbuf_puts(&joined, card->rows[i + used].short_value);
            used++;
        }
        value = joined.data ? joined.data : "";
    }
    snprintf(id, sizeof id, "label-%d", line);
    text_s(b, id, g->text_x, y, 1.8, 0, "fill=\"#5F6368\"", label, g->label_w);
    snprintf(id, sizeof id, "value-%d", line);
    text_s(b, id, g->value_x, y, 2.3, 0, r->hidden ? "fill=\"#9AA0A6\"" : "fill=\"#202124\"", value,
           g->value_w);
    if (joined.failed)
        b->failed = 1;
    textbuf_free(&joined);
    return used;
}

eid_status eid_card_svg(const eid_card *card, eid_bytes *svg)
{
    if (svg == NULL)
        return EID_ERR_INVALID_ARG;
    svg->data = NULL;
    svg->len = 0;
    if (card == NULL)
        return EID_ERR_INVALID_ARG;
    textbuf b = {0};
    const eid_language l = card->lang;

    textbuf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                         "version=\"1.1\" width=\"85.6mm\" height=\"54mm\" viewBox=\"0 0 85.6 54\" xml:lang=\"");
    textbuf_puts(&b, l == EID_LANGUAGE_EN ? "en" : "vi");
    textbuf_puts(&b, "\" font-family=\"" FONTS "\">\n<title>");
    textbuf_xml(&b, card->title, strlen(card->title));
    textbuf_puts(&b, "</title>\n");

    /* card body and title band */
    textbuf_puts(&b, "<rect x=\"0\" y=\"0\" width=\"85.6\" height=\"54\" rx=\"3.18\" ry=\"3.18\" fill=\"#FFFFFF\" "
                         "stroke=\"");
    colour_attr(&b, card->colour);
    textbuf_puts(&b, "\" stroke-width=\"0.3\"/>\n<path d=\"M0,3.18 A3.18,3.18 0 0 1 3.18,0 H82.42 "
                         "A3.18,3.18 0 0 1 85.6,3.18 V10.5 H0 Z\" fill=\"");
    colour_attr(&b, card->colour);
    textbuf_puts(&b, "\"/>\n");
    text_s(&b, "title", MARGIN, 5.2, 3.4, 1, "fill=\"#FFFFFF\"", card->title, FULL_W);
    text_s(&b, "issuer", MARGIN, 8.9, 2.0, 0, "fill=\"#FFFFFF\"", card->issuer, FULL_W);

    const doc_schema *s = schema_get(card->doc_type);
    int has_portrait = 0;
    for (size_t k = 0; k < s->n_claims; k++)
        has_portrait |= s->claims[k].type == EID_VALUE_BYTES;
    const face_geometry *g = has_portrait ? &with_portrait : &without_portrait;
    if (has_portrait)
        portrait(&b, card);
    text_s(&b, "holder", g->text_x, 16.5, 3.2, 1, "fill=\"#202124\"", card->holder, g->holder_w);

    /* face rows but the holder name, which has its own line */
    int line = 0;
    size_t i = 0;
    while (i < card->n_rows) {
        const claim_schema *cs = schema_claim(s, card->rows[i].claim);
        if (!card->rows[i].on_face || (cs && strcmp(cs->name, "full_name") == 0)) {
            i++;
            continue;
        }
        if (line == MAX_FACE_ROWS) {
            text_s(&b, "more", W - MARGIN, ROW_Y0 + line * ROW_H - 1.2, 1.8, 0,
                   "text-anchor=\"end\" fill=\"#5F6368\"", "\xE2\x80\xA6", 3);
            break;
        }
        i += face_line(&b, card, g, i, line++);
    }

    /* footer: valid until, and the state badge */
    char date[16], foot[96];
    card_format_date(card->valid_until, date);
    snprintf(foot, sizeof foot, "%s: %s", T(l, "Có giá trị đến", "Valid until"), date);
    text_s(&b, "valid-until", MARGIN, 50.6, 2.0, 0, "fill=\"#5F6368\"", foot, 48.6);
    uint32_t sc = state_colour(card->state);
    textbuf_puts(&b, "<rect x=\"53.60\" y=\"47.00\" width=\"28.00\" height=\"5.00\" rx=\"1.20\" fill=\"");
    colour_attr(&b, sc);
    textbuf_puts(&b, "\"/>\n");
    const char *state = eid_card_validity_label(card);
    text_s(&b, "state", 67.6, 50.3, 2.3, 1, "text-anchor=\"middle\" fill=\"#FFFFFF\"", state, 26.0);
    if (card->state == EID_VALIDITY_EXPIRED || card->state == EID_VALIDITY_REVOKED) {
        /* A watermark across the face: an officer cannot miss it. */
        char attrs[160];
        char hex[8];
        snprintf(hex, sizeof hex, "#%06X", (unsigned)sc);
        snprintf(attrs, sizeof attrs,
                 "text-anchor=\"middle\" fill=\"%s\" fill-opacity=\"0.28\" "
                 "transform=\"rotate(-18 42.8 30)\"",
                 hex);
        char upper[64];
        snprintf(upper, sizeof upper, "%s", card->state == EID_VALIDITY_REVOKED ? T(l, "ĐÃ THU HỒI", "REVOKED")
                                                                            : T(l, "HẾT HẠN", "EXPIRED"));
        text_s(&b, "watermark", 42.8, 32.0, 7.0, 1, attrs, upper, 70.0);
    }
    textbuf_puts(&b, "</svg>\n");

    return textbuf_finish(&b, svg);
}
