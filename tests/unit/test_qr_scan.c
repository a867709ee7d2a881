/* A relying party that scans: every payload is encoded, rendered as PNG,
 * decoded back to pixels with libpng, distorted, and read with libzbar; what
 * zbar reads must equal the encoded text byte for byte.
 *
 * Only the cases that a scanner should read are asserted, each for a reason
 * given in `expected` below. The others are run and printed, not asserted:
 *   - any blur at 2 px/module: a 3x3 box is 1.5 modules wide, so a lone dark
 *     module ends lighter than mid-grey (4/9 dark): the information is gone;
 *   - noise +-128: it crosses mid-grey, so single pixels change colour;
 *   - blur 5x5 at 8 px/module and noise +-64 at 8 px/module: the picture is
 *     still recoverable by a threshold, but libzbar 0.23 misses it (its edge
 *     detector; blur 5x5 decodes at 4, 7, 10, 12 px/module and not at 3, 5, 6,
 *     8). docs/QR.md has the table.
 * tests/bench/bench_qr.c measures the rate over the whole set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "eid/qr.h"
#include "test_qr_rp.h"

typedef struct expectation {
    const char *distortion; /* a name in rp_distortions */
    uint32_t scale;         /* pixels per module */
    const char *why;
} expectation;

static const expectation expected[] = {
    {"clean", 2, "a sharp code at 2 px/module is the baseline of any scanner"},
    {"clean", 4, "sharp"},
    {"clean", 8, "sharp"},
    {"blur 3x3", 4, "the blur is narrower than a module"},
    {"blur 3x3", 8, "the blur is narrower than a module"},
    {"noise +-32", 2, "noise far from mid-grey"},
    {"noise +-32", 4, "noise far from mid-grey"},
    {"noise +-32", 8, "noise far from mid-grey"},
    {"noise +-64", 2, "noise that never crosses mid-grey"},
    {"noise +-64", 4, "noise that never crosses mid-grey"},
    {"blur 3x3 + noise +-32", 4, "both of the above at once"},
    {"blur 3x3 + noise +-32", 8, "both of the above at once"},
};
static const uint32_t scales[] = {2, 4, 8};
#define NOISE_SEEDS 3

static const rp_distortion *distortion_named(const char *name)
{
    for (size_t d = 0; d < RP_DISTORTION_COUNT; d++)
        if (strcmp(rp_distortions[d].name, name) == 0)
            return &rp_distortions[d];
    fail_msg("no distortion named %s", name);
    return NULL;
}

static const expectation *expectation_for(const rp_distortion *d, uint32_t scale)
{
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (strcmp(expected[i].distortion, d->name) == 0 && expected[i].scale == scale)
            return &expected[i];
    return NULL;
}

/* Runs every distortion at every scale for one payload at level M. */
static void scan_payload(size_t index)
{
    const rp_payload *p = &rp_payloads[index];
    char *text = rp_make_text(p, 1000 + index);
    assert_non_null(text);
    eid_qr *qr = NULL;
    assert_status(EID_OK, eid_qr_encode(text, EID_QR_ECC_M, &qr));
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        assert_non_null(distortion_named(expected[i].distortion));

    for (size_t s = 0; s < sizeof scales / sizeof scales[0]; s++) {
        for (size_t d = 0; d < RP_DISTORTION_COUNT; d++) {
            const rp_distortion *dist = &rp_distortions[d];
            const expectation *want = expectation_for(dist, scales[s]);
            int seeds = dist->noise_amplitude ? NOISE_SEEDS : 1, ok = 0;
            for (int k = 0; k < seeds; k++) {
                int r = rp_reads_back(qr, text, scales[s], dist, 500 + (uint64_t)k);
                assert_true(r >= 0); /* rendering and PNG decoding never fail */
                if (want && r != 1)
                    fail_msg("%s (%zu bytes, version %d-M) not read back at %u px/module after %s, seed %d "
                             "(expected because: %s)",
                             p->name, p->bytes, eid_qr_version(qr), scales[s], dist->name, k, want->why);
                ok += r;
            }
            if (!want)
                print_message("not asserted: %s at %u px/module, %s: read %d/%d\n", p->name, scales[s],
                              dist->name, ok, seeds);
        }
    }
    eid_qr_free(qr);
    free(text);
}

static void identity_presentation_scans(void **state) { (void)state; scan_payload(0); }
static void driving_licence_presentation_scans(void **state) { (void)state; scan_payload(1); }
static void criminal_record_presentation_scans(void **state) { (void)state; scan_payload(2); }
static void presentation_request_scans(void **state) { (void)state; scan_payload(3); }

/* Every error-correction level gives a code zbar reads, for every payload. */
static void every_level_scans(void **state)
{
    (void)state;
    for (size_t i = 0; i < RP_PAYLOAD_COUNT; i++) {
        char *text = rp_make_text(&rp_payloads[i], 1000 + i);
        assert_non_null(text);
        for (int e = EID_QR_ECC_L; e <= EID_QR_ECC_H; e++) {
            eid_qr *qr = NULL;
            assert_status(EID_OK, eid_qr_encode(text, (eid_qr_ecc)e, &qr));
            assert_int_equal(rp_reads_back(qr, text, 4, distortion_named("clean"), 0), 1);
            eid_qr_free(qr);
        }
        free(text);
    }
}

/* The scanner is not fooled into success: a code of another text is not read
 * as this one, and a picture without its finder patterns reads as nothing. */
static void scanner_reports_what_is_there(void **state)
{
    (void)state;
    char *a = rp_make_text(&rp_payloads[0], 1), *b = rp_make_text(&rp_payloads[0], 2);
    assert_non_null(a);
    assert_non_null(b);
    eid_qr *qr = NULL;
    assert_status(EID_OK, eid_qr_encode(b, EID_QR_ECC_M, &qr));
    assert_int_equal(rp_reads_back(qr, a, 4, distortion_named("clean"), 0), 0);
    assert_int_equal(rp_reads_back(qr, b, 4, distortion_named("clean"), 0), 1);

    eid_bytes png = {0};
    assert_status(EID_OK, eid_qr_render_png(qr, 4, EID_QR_QUIET_ZONE, &png));
    uint32_t w = 0, h = 0;
    uint8_t *gray = rp_png_to_gray(png.data, png.len, &w, &h);
    assert_non_null(gray);
    /* Paint over the top-left finder pattern (7 modules + separator). */
    for (uint32_t y = 0; y < (EID_QR_QUIET_ZONE + 8) * 4; y++)
        memset(gray + (size_t)y * w, 255, (EID_QR_QUIET_ZONE + 8) * 4);
    assert_int_equal(rp_scan(gray, w, h, NULL, NULL), 0);
    free(gray);
    eid_bytes_free(&png);
    eid_qr_free(qr);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identity_presentation_scans),
        cmocka_unit_test(driving_licence_presentation_scans),
        cmocka_unit_test(criminal_record_presentation_scans),
        cmocka_unit_test(presentation_request_scans),
        cmocka_unit_test(every_level_scans),
        cmocka_unit_test(scanner_reports_what_is_there),
    };
    eid_init();
    return cmocka_run_group_tests_name("qr_scan", tests, NULL, NULL);
}
