/* SPDX-License-Identifier: Apache-2.0 */
/* Terminal renderer: UTF-8 half blocks, two module rows per line, so that a
 * module is square in a character cell about twice as high as it is wide. */
#include "eid/qr.h"
#include "common/textbuf.h"

/* Indexed by (upper ink) << 1 | (lower ink). */
static const char *const cells[4] = {" ", "\xe2\x96\x84", "\xe2\x96\x80", "\xe2\x96\x88"};

/* Whether module (x, y) of the quiet-zoned picture is dark. */
static int dark_at(const uint8_t *m, uint32_t width, uint32_t quiet_zone, int64_t x, int64_t y)
{
    x -= quiet_zone;
    y -= quiet_zone;
    if (x < 0 || y < 0 || x >= width || y >= width)
        return 0;
    return m[(size_t)y * width + (size_t)x] != 0;
}

eid_status eid_qr_render_text(const eid_qr *qr, uint32_t quiet_zone, eid_qr_text_style style,
                              eid_bytes *out)
{
    if (out)
        *out = (eid_bytes){0};
    if (!qr || !out || quiet_zone > EID_QR_QUIET_ZONE_MAX ||
        (style != EID_QR_TEXT_DARK_ON_LIGHT && style != EID_QR_TEXT_LIGHT_ON_DARK))
        return EID_ERR_INVALID_ARG;
    uint32_t width = eid_qr_width(qr);
    const uint8_t *m = eid_qr_modules(qr);
    uint32_t side = width + 2 * quiet_zone;
    int ink_is_dark = style == EID_QR_TEXT_DARK_ON_LIGHT;

    textbuf b = {0};
    for (uint32_t y = 0; y < side; y += 2) {
        for (uint32_t x = 0; x < side; x++) {
            int upper = dark_at(m, width, quiet_zone, x, y) == ink_is_dark;
            /* An odd last row pairs with a light row below the picture. */
            int lower = y + 1 < side ? dark_at(m, width, quiet_zone, x, y + 1) == ink_is_dark
                                     : !ink_is_dark;
            textbuf_puts(&b, cells[upper << 1 | lower]);
        }
        textbuf_puts(&b, "\n");
    }
    return textbuf_finish(&b, out);
}
