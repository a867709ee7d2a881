/* SPDX-License-Identifier: Apache-2.0 */
/* A relying party that scans: every payload (a real presentation of each doc
 * type, a real request) is encoded, rendered as PNG, decoded back to pixels
 * with libpng, distorted, and read with libzbar; what zbar reads must equal the
 * encoded text byte for byte. test_qr_verify.c then verifies what was read.
 *
 * Only the cases that a scanner should read are asserted, each for a reason
 * given in rp_expected (test_qr_rp.h); a case passes when one of RP_FRAMES
 * frames reads. The others are run and printed, not asserted:
 *   - any blur at 2 px/module: a 3x3 box is 1.5 modules wide, so a lone dark
 *     module ends lighter than mid-grey (4/9 dark): the information is gone;
 *   - noise +-128: it crosses mid-grey, so single pixels change colour;
 *   - blur 3x3 at 4 px/module (alone or with noise): read by libzbar in all
 *     but about one random presentation in forty, which is a scanner's
 *     limit, not the code's; asserted at 8 px/module;
 *   - blur 5x5 at 4 and 8 px/module and noise +-64 at 8 px/module: the
 *     picture is still recoverable by a threshold, but libzbar 0.23 misses it
 *     often (its edge detector), and how often depends on the code's pattern.
 *     docs/QR.md has the table.
 * The former tests/bench/bench_qr.c measured the rate over the whole set (docs/QR.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "eid/qr.h"
#include "test_qr_rp.h"

static const uint32_t scales[] = {2, 4, 8};
static fx world; /* issuers, holder and relying party for real payloads */

static int world_up(void **state)
{
    (void)state;
    fx_init(&world);
    return 0;
}

static int world_down(void **state)
{
    (void)state;
    fx_free(&world);
    return 0;
}

static const rp_distortion *distortion_named(const char *name)
{
    const rp_distortion *d = rp_distortion_named(name);
    if (d == NULL)
        fail_msg("no distortion named %s", name);
    return d;
}

/* Runs every distortion at every scale for one payload at level M. */
static void scan_payload(size_t index)
{
    const rp_payload *p = &rp_payloads[index];
    size_t bytes = 0;
    char *text = rp_make_text(&world, p, &bytes);
    eid_qr *qr = NULL;
    assert_status(EID_OK, eid_qr_new(text, EID_QR_ECC_M, &qr));
    for (size_t i = 0; i < RP_EXPECTED_COUNT; i++)
        assert_non_null(distortion_named(rp_expected[i].distortion));

    for (size_t s = 0; s < sizeof scales / sizeof scales[0]; s++) {
        for (size_t d = 0; d < RP_DISTORTION_COUNT; d++) {
            const rp_distortion *dist = &rp_distortions[d];
            const rp_expectation *want = rp_expectation_for(dist, scales[s]);
            int first = -1; /* the first frame that reads, as a scanner stops there */
            for (int k = 0; k < RP_FRAMES && first < 0; k++) {
                int r = rp_reads_back_frame(qr, text, scales[s], dist, 500, k);
                assert_true(r >= 0); /* rendering and PNG decoding never fail */
                if (r == 1)
                    first = k;
            }
            if (want && first < 0)
                fail_msg("%s (%zu bytes, version %d-M) not read back in %d frames at %u px/module after %s "
                         "(expected because: %s)",
                         p->name, bytes, eid_qr_version(qr), RP_FRAMES, scales[s], dist->name, want->why);
            if (!want || first > 0)
                print_message("%s: %s at %u px/module, %s: %s %d\n", want ? "asserted" : "not asserted", p->name,
                              scales[s], dist->name, first < 0 ? "no read in frames" : "read at frame",
                              first < 0 ? RP_FRAMES : first + 1);
        }
    }
    eid_qr_free(qr);
    free(text);
}

static void identity_presentation_scans(void **state) { (void)state; scan_payload(0); }
static void driving_licence_presentation_scans(void **state) { (void)state; scan_payload(1); }
static void health_insurance_presentation_scans(void **state) { (void)state; scan_payload(2); }
static void criminal_record_presentation_scans(void **state) { (void)state; scan_payload(3); }
static void presentation_request_scans(void **state) { (void)state; scan_payload(4); }

/* Every error-correction level gives a code zbar reads, for every payload. */
static void every_level_scans(void **state)
{
    (void)state;
    for (size_t i = 0; i < RP_PAYLOAD_COUNT; i++) {
        char *text = rp_make_text(&world, &rp_payloads[i], NULL);
        for (int e = EID_QR_ECC_L; e <= EID_QR_ECC_H; e++) {
            eid_qr *qr = NULL;
            assert_status(EID_OK, eid_qr_new(text, (eid_qr_ecc)e, &qr));
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
    /* two presentations of the same claims differ (nonce, signature) */
    char *a = rp_make_text(&world, &rp_payloads[0], NULL), *b = rp_make_text(&world, &rp_payloads[0], NULL);
    assert_string_not_equal(a, b);
    eid_qr *qr = NULL;
    assert_status(EID_OK, eid_qr_new(b, EID_QR_ECC_M, &qr));
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
        cmocka_unit_test(health_insurance_presentation_scans),
        cmocka_unit_test(criminal_record_presentation_scans),
        cmocka_unit_test(presentation_request_scans),
        cmocka_unit_test(every_level_scans),
        cmocka_unit_test(scanner_reports_what_is_there),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("qr_scan", tests, world_up, world_down);
}
