/* SPDX-License-Identifier: Apache-2.0 */
/* A relying party that scans, for the QR tests and the QR benchmark: real
 * presentations and a real request built in the test fixture's world, the PNG
 * renderer's output decoded back to grayscale with libpng, the distortion set
 * (box blur, additive noise from a seeded PRNG), and libzbar reading the
 * result. Header-only so that tests/unit and tests/bench share one definition
 * of the payloads and of the distortion set. */
#ifndef EID_TEST_QR_RP_H
#define EID_TEST_QR_RP_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <zbar.h>

#include "eid/qr.h"
#include "fixture.h"

/* ---- deterministic PRNG (splitmix64) ------------------------------------- */
static inline uint64_t rp_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* ---- payloads ------------------------------------------------------------ */
/* The typical presentation of each doc type, built for real in the fixture's
 * world (tests/support/fixture.h: its issuers, its holder, its citizen "Hồ Thị
 * Thanh Hương"), offline at f->now; and the checkpoint's request for the
 * standard identity claims, as "EIDR1:" text. */
typedef struct rp_payload {
    const char *name;
    char tag;            /* one letter for the benchmark's tables */
    uint32_t doc_type;   /* the credential presented (the request: the doc type it asks for) */
    uint32_t claims[8];  /* disclosed (the request: asked for), ascending */
    size_t n_claims;
    int is_request;
} rp_payload;

static const rp_payload rp_payloads[] = {
    {"identity presentation", 'I', EID_DOC_IDENTITY, {0, 1, 2, 3}, 4, 0},
    {"driving licence presentation", 'L', EID_DOC_DRIVING_LICENCE, {0, 1, 3, 4}, 4, 0},
    {"health insurance presentation", 'H', EID_DOC_HEALTH_INSURANCE, {0, 1, 3, 4, 7}, 5, 0},
    {"criminal record presentation", 'C', EID_DOC_CRIMINAL_RECORD, {0, 1, 3, 4, 5}, 5, 0},
    {"presentation request", 'R', EID_DOC_IDENTITY, {0, 1, 2, 3}, 4, 1},
};
#define RP_PAYLOAD_COUNT (sizeof rp_payloads / sizeof rp_payloads[0])
#define RP_CHECKPOINT "vn.csgt.checkpoint"

/* A malloc'd NUL-terminated text for payload p in world f: a fresh
 * presentation (a newly issued credential, so new salts, and a new nonce and
 * signature each call) or a fresh request. *bytes (may be NULL) gets the size
 * of the serialized message. Fails the test (or stops the benchmark) on any
 * error. */
static inline char *rp_make_text(fx *f, const rp_payload *p, size_t *bytes)
{
    eid_bytes msg = {0};
    char *text = NULL;
    if (p->is_request) {
        eid_requested_claims rq = {p->doc_type, p->claims, p->n_claims};
        assert_int_equal(eid_request_create(f->rp, RP_CHECKPOINT, &rq, 1, f->now, 120, &msg), EID_OK);
        assert_int_equal(eid_request_text(msg.data, msg.len, &text), EID_OK);
    } else {
        eid_bytes bundle = fx_issue(f, p->doc_type, 100 + p->doc_type);
        assert_int_equal(eid_present(bundle.data, bundle.len, f->holder, p->claims, p->n_claims, NULL, 0, f->now,
                                     &msg),
                         EID_OK);
        assert_int_equal(eid_presentation_text(msg.data, msg.len, &text), EID_OK);
        eid_bytes_free(&bundle);
    }
    if (bytes)
        *bytes = msg.len;
    eid_bytes_free(&msg);
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    assert_non_null(copy);
    memcpy(copy, text, n + 1);
    eid_text_free(text);
    return copy;
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
#define RP_FRAMES 5        /* frames a scanner gets of each case (1/6 s of video) */
#define RP_SENSOR_NOISE 16 /* a camera's own noise, in frames after the first */

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

/* Frame `frame` of distortion d (frame 0: d alone; see rp_expected for later ones). */
static inline void rp_distort_frame(uint8_t *img, uint32_t w, uint32_t h, const rp_distortion *d, uint64_t seed,
                                    int frame)
{
    rp_box_blur(img, w, h, d->blur_radius);
    if (d->noise_amplitude > 0)
        rp_add_noise(img, w, h, d->noise_amplitude, seed + (uint64_t)frame);
    else if (frame > 0)
        rp_add_noise(img, w, h, RP_SENSOR_NOISE, seed + (uint64_t)frame);
}

static inline void rp_distort(uint8_t *img, uint32_t w, uint32_t h, const rp_distortion *d, uint64_t seed)
{
    rp_distort_frame(img, w, h, d, seed, 0);
}

/* ---- what a scanner must read ----------------------------------------------- */
/* The cases of the distortion set a relying party must read, each with the
 * reason; the rest of the set is measured (tests/bench), not asserted.
 *
 * A case is a camera's view: it passes when one of RP_FRAMES frames reads.
 * Frames of a noisy case differ in their noise; frames after the first of a
 * noise-free case add the camera's own sensor noise (+-RP_SENSOR_NOISE, far
 * from mid-grey, so a threshold would read every frame alike). libzbar finds
 * edges along scan lines rather than thresholding, and misses a few frames in
 * a thousand of some codes even among these cases; it has not missed three
 * frames in a row of any code (docs/QR.md). A 3x3 blur at 4 px/module is
 * measured, not asserted: libzbar 0.23 missed every frame of it for about one
 * random presentation in forty, so asserting it made the suite flaky. */
typedef struct rp_expectation {
    const char *distortion; /* a name in rp_distortions */
    uint32_t scale;         /* pixels per module */
    const char *why;
} rp_expectation;

static const rp_expectation rp_expected[] = {
    {"clean", 2, "a sharp code at 2 px/module is the baseline of any scanner"},
    {"clean", 4, "sharp"},
    {"clean", 8, "sharp"},
    {"blur 3x3", 8, "the blur is narrower than a module"},
    {"noise +-32", 2, "noise far from mid-grey"},
    {"noise +-32", 4, "noise far from mid-grey"},
    {"noise +-32", 8, "noise far from mid-grey"},
    {"noise +-64", 2, "noise that never crosses mid-grey"},
    {"noise +-64", 4, "noise that never crosses mid-grey"},
    {"blur 3x3 + noise +-32", 8, "both of the above at once"},
};
#define RP_EXPECTED_COUNT (sizeof rp_expected / sizeof rp_expected[0])

static inline const rp_distortion *rp_distortion_named(const char *name)
{
    for (size_t d = 0; d < RP_DISTORTION_COUNT; d++)
        if (strcmp(rp_distortions[d].name, name) == 0)
            return &rp_distortions[d];
    return NULL;
}

static inline const rp_expectation *rp_expectation_for(const rp_distortion *d, uint32_t scale)
{
    for (size_t i = 0; i < RP_EXPECTED_COUNT; i++)
        if (strcmp(rp_expected[i].distortion, d->name) == 0 && rp_expected[i].scale == scale)
            return &rp_expected[i];
    return NULL;
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

/* The whole relying-party path for one frame of one case: render `qr` as PNG
 * at `scale` pixels per module with the standard quiet zone, decode the PNG,
 * apply frame `frame` of distortion d, scan. Returns 1 when zbar read exactly `expected` (byte for byte), 0 when it
 * read nothing or something else, -1 when rendering or decoding the PNG failed. */
static inline int rp_reads_back_frame(const eid_qr *qr, const char *expected, uint32_t scale,
                                      const rp_distortion *d, uint64_t seed, int frame)
{
    eid_bytes png = {0};
    if (eid_qr_render_png(qr, scale, EID_QR_QUIET_ZONE, &png) != EID_OK)
        return -1;
    uint32_t w = 0, h = 0;
    uint8_t *gray = rp_png_to_gray(png.data, png.len, &w, &h);
    eid_bytes_free(&png);
    if (!gray)
        return -1;
    rp_distort_frame(gray, w, h, d, seed, frame);
    char *text = NULL;
    size_t len = 0;
    int found = rp_scan(gray, w, h, &text, &len);
    free(gray);
    int ok = found == 1 && text && len == strlen(expected) && memcmp(text, expected, len) == 0;
    free(text);
    return ok;
}

/* The first frame: distortion d alone. */
static inline int rp_reads_back(const eid_qr *qr, const char *expected, uint32_t scale,
                                const rp_distortion *d, uint64_t seed)
{
    return rp_reads_back_frame(qr, expected, scale, d, seed, 0);
}

#endif
