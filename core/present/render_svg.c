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

    eid_textbuf b = {0};
    eid_textbuf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 ");
    eid_textbuf_int(&b, side);
    eid_textbuf_puts(&b, " ");
    eid_textbuf_int(&b, side);
    eid_textbuf_puts(&b, "\" shape-rendering=\"crispEdges\">\n<rect width=\"");
    eid_textbuf_int(&b, side);
    eid_textbuf_puts(&b, "\" height=\"");
    eid_textbuf_int(&b, side);
    eid_textbuf_puts(&b, "\" fill=\"#ffffff\"/>\n<path fill=\"#000000\" d=\"");
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
            eid_textbuf_puts(&b, "M");
            eid_textbuf_int(&b, x + quiet_zone);
            eid_textbuf_puts(&b, " ");
            eid_textbuf_int(&b, y + quiet_zone);
            eid_textbuf_puts(&b, "h");
            eid_textbuf_int(&b, run);
            eid_textbuf_puts(&b, "v1h-");
            eid_textbuf_int(&b, run);
            eid_textbuf_puts(&b, "z");
            x += run;
        }
    }
    eid_textbuf_puts(&b, "\"/>\n</svg>\n");
    return eid_textbuf_finish(&b, out);
}
