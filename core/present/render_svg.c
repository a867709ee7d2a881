/* SPDX-License-Identifier: Apache-2.0 */
/* SVG renderer: one path, in module units, inside a viewBox that includes the
 * quiet zone. Runs of dark modules along a row become one rectangle each, so
 * the path stays small (about 24 KB for a version-16 code) and every edge lies
 * on an integer coordinate: with crispEdges nothing is anti-aliased at any
 * scale. */
#include "eid/qr.h"
#include "common/textbuf.h"

eid_status eid_qr_render_svg(const eid_qr *qr, uint32_t quiet_zone, eid_bytes *out)
{
    if (out)
        *out = (eid_bytes){0};
    if (!qr || !out || quiet_zone > EID_QR_QUIET_ZONE_MAX)
        return EID_ERR_INVALID_ARG;
    uint32_t width = eid_qr_width(qr);
    const uint8_t *m = eid_qr_modules(qr);
    uint32_t side = width + 2 * quiet_zone;

    textbuf b = {0};
    textbuf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 ");
    textbuf_int(&b, side);
    textbuf_puts(&b, " ");
    textbuf_int(&b, side);
    textbuf_puts(&b, "\" shape-rendering=\"crispEdges\">\n<rect width=\"");
    textbuf_int(&b, side);
    textbuf_puts(&b, "\" height=\"");
    textbuf_int(&b, side);
    textbuf_puts(&b, "\" fill=\"#ffffff\"/>\n<path fill=\"#000000\" d=\"");
    for (uint32_t y = 0; y < width; y++) {
        for (uint32_t x = 0; x < width;) {
            if (!m[(size_t)y * width + x]) {
                x++;
                continue;
            }
            uint32_t run = 0;
            while (x + run < width && m[(size_t)y * width + x + run])
                run++;
            /* M x y h run v 1 h -run z : a run-by-one rectangle */
            textbuf_puts(&b, "M");
            textbuf_int(&b, x + quiet_zone);
            textbuf_puts(&b, " ");
            textbuf_int(&b, y + quiet_zone);
            textbuf_puts(&b, "h");
            textbuf_int(&b, run);
            textbuf_puts(&b, "v1h-");
            textbuf_int(&b, run);
            textbuf_puts(&b, "z");
            x += run;
        }
    }
    textbuf_puts(&b, "\"/>\n</svg>\n");
    return textbuf_finish(&b, out);
}
