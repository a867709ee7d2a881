/* SPDX-License-Identifier: Apache-2.0 */
/* QR figures: for each doc type's typical presentation (built for real in the
 * test fixture's world) and for a request, its size, QR version per level, the
 * cost of eid_qr_new() against bare libqrencode on the same text (a ratio
 * from one run), and how often libzbar reads the rendered PNG back over the
 * distortion set of tests/unit/test_qr_rp.h.
 *
 *   cmake --preset bench && cmake --build --preset bench --target bench
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <qrencode.h>

#include "eid/eid.h"
#include "eid/qr.h"
#include "test_qr_rp.h"

#define ENCODE_ROUNDS 1000
#define PRESENTATIONS 4 /* fresh presentations (new nonce, salts, signature) per payload */
#define SEEDS 4         /* noise seeds per noisy case and presentation */

static const uint32_t scales[] = {2, 4, 8};
#define SCALE_COUNT (sizeof scales / sizeof scales[0])

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The same single alphanumeric segment eid_qr_new() builds, without
 * libeid's checks or its copy of the matrix. */
static int bare_encode(const char *text)
{
    QRinput *input = QRinput_new2(0, QR_ECLEVEL_M);
    if (!input || QRinput_append(input, QR_MODE_AN, (int)strlen(text), (const unsigned char *)text) != 0)
        return -1;
    QRcode *code = QRcode_encodeInput(input);
    QRinput_free(input);
    if (!code)
        return -1;
    int version = code->version;
    QRcode_free(code);
    return version;
}

/* libqrencode's own segmentation (QRcode_encodeString), for comparison. */
static int auto_split_version(const char *text)
{
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return -1;
    int version = code->version;
    QRcode_free(code);
    return version;
}

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    static fx world;
    fx_init(&world);
    printf("libeid %s, libqrencode %s, %d encode rounds; %d presentations per payload, %d noise seeds per noisy "
           "case\n\n",
           eid_version_string(), QRcode_APIVersionString(), ENCODE_ROUNDS, PRESENTATIONS, SEEDS);
    printf("%-31s %5s %6s %5s %4s %4s %4s %4s %9s %10s %16s %16s\n", "payload", "bytes", "chars", "text", "L", "M",
           "Q", "H", "auto(M)", "enc ratio", "decoded (frame)", "asserted (5 fr)");

    static int ok_table[RP_PAYLOAD_COUNT][SCALE_COUNT][RP_DISTORTION_COUNT];
    for (size_t p = 0; p < RP_PAYLOAD_COUNT; p++) {
        size_t bytes = 0;
        char *text = rp_make_text(&world, &rp_payloads[p], &bytes);
        size_t len = strlen(text);
        size_t prefix_len = (size_t)(strchr(text, ':') + 1 - text);
        int versions[4];
        for (int e = 0; e < 4; e++) {
            eid_qr *qr = NULL;
            versions[e] = eid_qr_new(text, (eid_qr_ecc)e, &qr) == EID_OK ? eid_qr_version(qr) : 0;
            eid_qr_free(qr);
        }

        /* Interleave the two so that frequency drift hits both alike. */
        double ours = 0, bare = 0;
        for (int r = 0; r < ENCODE_ROUNDS; r++) {
            double t0 = now_seconds();
            eid_qr *qr = NULL;
            if (eid_qr_new(text, EID_QR_ECC_M, &qr) != EID_OK)
                return 1;
            eid_qr_free(qr);
            double t1 = now_seconds();
            if (bare_encode(text) < 0)
                return 1;
            double t2 = now_seconds();
            ours += t1 - t0;
            bare += t2 - t1;
        }

        /* Decoding, over several presentations: each has its own pattern. */
        int ok = 0, total = 0, asserted_ok = 0, asserted_total = 0;
        for (int n = 0; n < PRESENTATIONS; n++) {
            char *t = n == 0 ? text : rp_make_text(&world, &rp_payloads[p], NULL);
            eid_qr *qr = NULL;
            if (eid_qr_new(t, EID_QR_ECC_M, &qr) != EID_OK)
                return 1;
            for (size_t s = 0; s < SCALE_COUNT; s++)
                for (size_t d = 0; d < RP_DISTORTION_COUNT; d++) {
                    const rp_distortion *dist = &rp_distortions[d];
                    int seeds = dist->noise_amplitude ? SEEDS : 1;
                    for (int k = 0; k < seeds; k++) {
                        int r = rp_reads_back(qr, t, scales[s], dist, 77 + 10 * (uint64_t)n + (uint64_t)k);
                        if (r < 0)
                            return 1;
                        ok_table[p][s][d] += r;
                        ok += r;
                        total++;
                    }
                    /* what the tests assert: one read within RP_FRAMES frames */
                    if (rp_expectation_for(dist, scales[s])) {
                        int read = 0;
                        for (int k = 0; k < RP_FRAMES && !read; k++)
                            read = rp_reads_back_frame(qr, t, scales[s], dist, 300 + (uint64_t)n, k) == 1;
                        asserted_ok += read;
                        asserted_total++;
                    }
                }
            eid_qr_free(qr);
            if (t != text)
                free(t);
        }

        char label[32], asserted[32];
        snprintf(label, sizeof label, "%d/%d (%.0f%%)", ok, total, 100.0 * ok / total);
        snprintf(asserted, sizeof asserted, "%d/%d (%.0f%%)", asserted_ok, asserted_total,
                 100.0 * asserted_ok / asserted_total);
        printf("%-31s %5zu %6zu %5zu %4d %4d %4d %4d %9d %10.3f %16s %16s\n", rp_payloads[p].name, bytes,
               len - prefix_len, len, versions[0], versions[1], versions[2], versions[3], auto_split_version(text),
               ours / bare, label, asserted);
        free(text);
    }

    printf("\ndecoded at level M (first frame), per scale (pixels per module, 4-module quiet zone) and distortion;\n"
           "over %d presentations, noise cases %d seeds each\n\n%-22s",
           PRESENTATIONS, SEEDS, "distortion");
    for (size_t p = 0; p < RP_PAYLOAD_COUNT; p++)
        for (size_t s = 0; s < SCALE_COUNT; s++)
            printf(" %7c%u", rp_payloads[p].tag, scales[s]);
    printf("\n");
    for (size_t d = 0; d < RP_DISTORTION_COUNT; d++) {
        int seeds = PRESENTATIONS * (rp_distortions[d].noise_amplitude ? SEEDS : 1);
        printf("%-22s", rp_distortions[d].name);
        for (size_t p = 0; p < RP_PAYLOAD_COUNT; p++)
            for (size_t s = 0; s < SCALE_COUNT; s++) {
                char cell[24];
                snprintf(cell, sizeof cell, "%d/%d", ok_table[p][s][d], seeds);
                printf(" %8s", cell);
            }
        printf("\n");
    }
    printf("(");
    for (size_t p = 0; p < RP_PAYLOAD_COUNT; p++)
        printf("%s%c = %s", p ? ", " : "", rp_payloads[p].tag, rp_payloads[p].name);
    printf(")\n");
    fx_free(&world);
    return 0;
}
