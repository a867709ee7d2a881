/* SPDX-License-Identifier: Apache-2.0 */
/* PNG renderer: 8-bit grayscale through libpng's simplified write API, into
 * memory (no file, no setjmp in libeid's code). */
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "common/alloc.h"
#include "eid/qr.h"
#include "crypto/crypto.h"

eid_status eid_qr_render_png(const eid_qr *qr, uint32_t scale, uint32_t quiet_zone, eid_bytes *out)
{
    if (out)
        *out = (eid_bytes){0};
    if (!qr || !out || scale < 1 || scale > EID_QR_PNG_SCALE_MAX || quiet_zone > EID_QR_QUIET_ZONE_MAX)
        return EID_ERR_INVALID_ARG;
    uint32_t width = eid_qr_width(qr);
    const uint8_t *m = eid_qr_modules(qr);
    size_t side = ((size_t)width + 2 * (size_t)quiet_zone) * scale; /* at most 6,688 */

    uint8_t *pixels = mem_alloc(side * side);
    if (!pixels)
        return EID_ERR_NO_MEMORY;
    memset(pixels, 0xff, side * side);
    for (uint32_t y = 0; y < width; y++) {
        for (uint32_t x = 0; x < width; x++) {
            if (!m[(size_t)y * width + x])
                continue;
            size_t top = ((size_t)y + quiet_zone) * scale, left = ((size_t)x + quiet_zone) * scale;
            for (uint32_t dy = 0; dy < scale; dy++)
                memset(pixels + (top + dy) * side + left, 0x00, scale);
        }
    }

    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)side;
    image.height = (png_uint_32)side;
    image.format = PNG_FORMAT_GRAY;

    /* First call sizes the output, second writes it. */
    eid_status st = EID_OK;
    png_alloc_size_t size = 0;
    uint8_t *png = NULL;
    if (!png_image_write_to_memory(&image, NULL, &size, 0, pixels, (png_int_32)side, NULL)) {
        st = EID_ERR_INTERNAL;
    } else if (!(png = mem_alloc(size))) {
        st = EID_ERR_NO_MEMORY;
    } else if (!png_image_write_to_memory(&image, png, &size, 0, pixels, (png_int_32)side, NULL)) {
        st = EID_ERR_INTERNAL;
    }
    png_image_free(&image);
    mem_free_secret(pixels, side * side);
    if (st != EID_OK) {
        mem_free_secret(png, size);
        return st;
    }
    out->data = png;
    out->len = (size_t)size;
    return EID_OK;
}
