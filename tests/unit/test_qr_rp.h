/* A relying party that scans, for the QR tests and the QR benchmark: payloads
 * of the real sizes, the PNG renderer's output decoded back to grayscale with
 * libpng, the distortion set (box blur, additive noise from a seeded PRNG), and
 * libzbar reading the result. Header-only so that tests/unit and tests/bench
 * share one definition of the distortion set. */
#ifndef EID_TEST_QR_RP_H
#define EID_TEST_QR_RP_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <zbar.h>

#include "eid/qr.h"
#include "common/base45.h"

/* ---- deterministic PRNG (splitmix64) ------------------------------------- */
static inline uint64_t rp_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* ---- payloads ------------------------------------------------------------ */
/* Stand-ins for real presentations and requests: prefix + base45 of
 * pseudo-random bytes (random bytes are what signatures, keys, salts and
 * hashes look like, and they make up most of a presentation). */
typedef struct rp_payload {
    const char *name;
    const char *prefix;
    size_t bytes;
} rp_payload;

static const rp_payload rp_payloads[] = {
    {"identity presentation", "EID1:", 430},
    {"driving licence presentation", "EID1:", 520},
    {"criminal record presentation", "EID1:", 600},
    {"presentation request", "EIDR1:", 200},
};
#define RP_PAYLOAD_COUNT (sizeof rp_payloads / sizeof rp_payloads[0])

/* A malloc'd NUL-terminated text for payload p; NULL on failure. */
static inline char *rp_make_text(const rp_payload *p, uint64_t seed)
{
    uint8_t *raw = malloc(p->bytes);
    size_t prefix_len = strlen(p->prefix);
    size_t cap = prefix_len + eid_base45_encoded_len(p->bytes) + 1;
    char *text = malloc(cap);
    if (!raw || !text) {
        free(raw);
        free(text);
        return NULL;
    }
    uint64_t state = seed;
    for (size_t i = 0; i < p->bytes; i++)
        raw[i] = (uint8_t)rp_next(&state);
    memcpy(text, p->prefix, prefix_len);
    if (eid_base45_encode(raw, p->bytes, text + prefix_len, cap - prefix_len) != EID_OK) {
        free(text);
        text = NULL;
    }
    free(raw);
    return text;
}

/* ---- PNG back to pixels --------------------------------------------------- */
/* Decodes a PNG from memory into malloc'd 8-bit grayscale; NULL on failure. */
static inline uint8_t *rp_png_to_gray(const uint8_t *png, size_t len, uint32_t *w, uint32_t *h)
{
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, png, len))
        return NULL;
    image.format = PNG_FORMAT_GRAY;
    uint8_t *gray = malloc(PNG_IMAGE_SIZE(image));
    if (!gray || !png_image_finish_read(&image, NULL, gray, 0, NULL)) {
        png_image_free(&image);
        free(gray);
        return NULL;
    }
    *w = image.width;
    *h = image.height;
    return gray;
}

/* ---- distortions ---------------------------------------------------------- */
typedef struct rp_distortion {
    const char *name;
    int blur_radius;     /* box blur over (2r+1)^2 pixels, applied first; 0 = none */
    int noise_amplitude; /* uniform noise in [-a, a] added to every pixel, clamped */
} rp_distortion;

static const rp_distortion rp_distortions[] = {
    {"clean", 0, 0},
    {"blur 3x3", 1, 0},
    {"blur 5x5", 2, 0},
    {"noise +-32", 0, 32},
    {"noise +-64", 0, 64},
    {"noise +-128", 0, 128},
    {"blur 3x3 + noise +-32", 1, 32},
};
#define RP_DISTORTION_COUNT (sizeof rp_distortions / sizeof rp_distortions[0])

static inline void rp_box_blur(uint8_t *img, uint32_t w, uint32_t h, int r)
{
    if (r <= 0)
        return;
    uint8_t *src = malloc((size_t)w * h);
    if (!src)
        abort();
    memcpy(src, img, (size_t)w * h);
    for (int64_t y = 0; y < h; y++) {
        for (int64_t x = 0; x < w; x++) {
            unsigned sum = 0, n = 0;
            for (int64_t dy = -r; dy <= r; dy++)
                for (int64_t dx = -r; dx <= r; dx++) {
                    int64_t sx = x + dx, sy = y + dy;
                    if (sx < 0 || sy < 0 || sx >= w || sy >= h)
                        continue;
                    sum += src[(size_t)sy * w + (size_t)sx];
                    n++;
                }
            img[(size_t)y * w + (size_t)x] = (uint8_t)((sum + n / 2) / n);
        }
    }
    free(src);
}

static inline void rp_add_noise(uint8_t *img, uint32_t w, uint32_t h, int amplitude, uint64_t seed)
{
    if (amplitude <= 0)
        return;
    uint64_t state = seed;
    for (size_t i = 0; i < (size_t)w * h; i++) {
        int v = img[i] + (int)(rp_next(&state) % (uint64_t)(2 * amplitude + 1)) - amplitude;
        img[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

static inline void rp_distort(uint8_t *img, uint32_t w, uint32_t h, const rp_distortion *d, uint64_t seed)
{
    rp_box_blur(img, w, h, d->blur_radius);
    rp_add_noise(img, w, h, d->noise_amplitude, seed);
}

/* ---- scanning ------------------------------------------------------------- */
/* Reads QR codes in a grayscale image with libzbar. Returns the number of QR
 * symbols found; the first one's text goes to a malloc'd *text (NUL-terminated,
 * *len bytes) when text is not NULL. */
static inline int rp_scan(const uint8_t *gray, uint32_t w, uint32_t h, char **text, size_t *len)
{
    if (text)
        *text = NULL;
    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *image = zbar_image_create();
    zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image, w, h);
    zbar_image_set_data(image, gray, (unsigned long)w * h, NULL);
    int found = 0;
    if (zbar_scan_image(scanner, image) > 0) {
        for (const zbar_symbol_t *s = zbar_image_first_symbol(image); s; s = zbar_symbol_next(s)) {
            if (zbar_symbol_get_type(s) != ZBAR_QRCODE)
                continue;
            if (found++ == 0 && text) {
                unsigned n = zbar_symbol_get_data_length(s);
                *text = malloc((size_t)n + 1);
                if (*text) {
                    memcpy(*text, zbar_symbol_get_data(s), n);
                    (*text)[n] = 0;
                    *len = n;
                }
            }
        }
    }
    zbar_image_destroy(image);
    zbar_image_scanner_destroy(scanner);
    return found;
}

/* The whole relying-party path for one case: render `qr` as PNG at `scale`
 * pixels per module with the standard quiet zone, decode the PNG, distort,
 * scan. Returns 1 when zbar read exactly `expected` (byte for byte), 0 when it
 * read nothing or something else, -1 when rendering or decoding the PNG failed. */
static inline int rp_reads_back(const eid_qr *qr, const char *expected, uint32_t scale,
                                const rp_distortion *d, uint64_t seed)
{
    eid_bytes png = {0};
    if (eid_qr_render_png(qr, scale, EID_QR_QUIET_ZONE, &png) != EID_OK)
        return -1;
    uint32_t w = 0, h = 0;
    uint8_t *gray = rp_png_to_gray(png.data, png.len, &w, &h);
    eid_bytes_free(&png);
    if (!gray)
        return -1;
    rp_distort(gray, w, h, d, seed);
    char *text = NULL;
    size_t len = 0;
    int found = rp_scan(gray, w, h, &text, &len);
    free(gray);
    int ok = found == 1 && text && len == strlen(expected) && memcmp(text, expected, len) == 0;
    free(text);
    return ok;
}

#endif
