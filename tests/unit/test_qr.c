/* SPDX-License-Identifier: Apache-2.0 */
/* QR encoding, capacity and the three renderers (eid/qr.h). Scanning the
 * rendered codes under distortion is test_qr_scan.c. */
/* The SVG test runs xmllint and rsvg-convert (librsvg2-bin, libxml2-utils). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "eid/qr.h"
#include "test_qr_rp.h"
#include "common/base45.h"

static const eid_qr_ecc all_levels[] = {EID_QR_ECC_L, EID_QR_ECC_M, EID_QR_ECC_Q, EID_QR_ECC_H};

/* n characters cycling through the whole alphanumeric set. */
static char *alnum_text(size_t n)
{
    static const char set[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    char *t = malloc(n + 1);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++)
        t[i] = set[(i * 7 + i / 45) % 45];
    t[n] = 0;
    return t;
}

static fx world; /* issuers, holder and relying party for real payloads */

static char *payload_text(size_t index) { return rp_make_text(&world, &rp_payloads[index], NULL); }

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

/* eid_qr_capacity() is exact for every version and level: libqrencode puts
 * that many characters in that version and one more in the next. A byte-mode
 * encoding would hold far fewer, so this also shows the alphanumeric mode. */
static void capacity_matches_libqrencode(void **state)
{
    (void)state;
    char *text = alnum_text(EID_QR_TEXT_MAX + 1);
    for (size_t e = 0; e < 4; e++) {
        eid_qr_ecc ecc = all_levels[e];
        size_t previous = 0;
        for (int v = EID_QR_VERSION_MIN; v <= EID_QR_VERSION_MAX; v++) {
            size_t cap = eid_qr_capacity(v, ecc);
            assert_true(cap > previous);
            previous = cap;
            assert_int_equal(eid_qr_min_version(cap, ecc), v);
            assert_int_equal(eid_qr_min_version(cap + 1, ecc), v == EID_QR_VERSION_MAX ? 0 : v + 1);

            char saved = text[cap];
            text[cap] = 0;
            eid_qr *qr = NULL;
            assert_status(EID_OK, eid_qr_new(text, ecc, &qr));
            assert_int_equal(eid_qr_version(qr), v);
            assert_int_equal(eid_qr_ecc_level(qr), ecc);
            assert_int_equal(eid_qr_width(qr), 17 + 4 * v);
            eid_qr_free(qr);
            text[cap] = saved;

            saved = text[cap + 1];
            text[cap + 1] = 0;
            eid_status st = eid_qr_new(text, ecc, &qr);
            if (v == EID_QR_VERSION_MAX) {
                assert_status(EID_ERR_DOES_NOT_FIT, st);
                assert_null(qr);
            } else {
                assert_status(EID_OK, st);
                assert_int_equal(eid_qr_version(qr), v + 1);
                eid_qr_free(qr);
            }
            text[cap + 1] = saved;
        }
    }
    free(text);
    assert_int_equal(eid_qr_capacity(40, EID_QR_ECC_L), EID_QR_TEXT_MAX);
    assert_int_equal(eid_qr_text_max(), EID_QR_TEXT_MAX);
    assert_int_equal(eid_qr_capacity(1, EID_QR_ECC_M), 20);
    assert_int_equal(eid_qr_capacity(0, EID_QR_ECC_M), 0);
    assert_int_equal(eid_qr_capacity(41, EID_QR_ECC_M), 0);
    assert_int_equal(eid_qr_capacity(10, (eid_qr_ecc)4), 0);
    assert_int_equal(eid_qr_min_version(0, EID_QR_ECC_H), 1);
    assert_int_equal(eid_qr_min_version(10, (eid_qr_ecc)-1), 0);
}

/* The design's size target: a 430-byte identity presentation is "EID1:" plus
 * 645 base45 characters and fits version 16 at level M; 434 bytes is the most
 * that does. The real standard presentation (claims 0-3, offline) keeps to it. */
static void identity_presentation_fits_version_16_m(void **state)
{
    (void)state;
    assert_int_equal(eid_qr_capacity(16, EID_QR_ECC_M), 656);
    assert_int_equal(5 + base45_encoded_len(430), 650);
    assert_int_equal(eid_qr_min_version(5 + base45_encoded_len(430), EID_QR_ECC_M), 16);
    assert_int_equal(eid_qr_min_version(5 + base45_encoded_len(434), EID_QR_ECC_M), 16);
    assert_int_equal(eid_qr_min_version(5 + base45_encoded_len(435), EID_QR_ECC_M), 17);

    /* the real one, with the size target's 24-byte name */
    size_t bytes = 0;
    char *text = rp_make_text(&world, &rp_payloads[0], &bytes);
    assert_true(bytes <= 430);
    assert_int_equal(strlen(text), 5 + base45_encoded_len(bytes));
    eid_qr *qr = NULL;
    assert_status(EID_OK, eid_qr_new(text, EID_QR_ECC_DEFAULT, &qr));
    assert_true(eid_qr_version(qr) <= 16);
    assert_int_equal(eid_qr_version(qr), eid_qr_min_version(strlen(text), EID_QR_ECC_M));
    assert_int_equal(eid_qr_width(qr), 17 + 4 * (uint32_t)eid_qr_version(qr));
    eid_qr_free(qr);
    free(text);
}

static void refuses_what_alphanumeric_mode_cannot_carry(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "EID1:abc",        /* lower case: base45 and QR alphanumeric are upper case only */
        "EID1:AB#C",       /* outside the 45-character set */
        "EID1:AB\nC",      /* control character */
        "EID1:\xc3\x89",   /* UTF-8 */
        "EID1:AB_C",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        eid_qr *qr = (eid_qr *)&qr; /* must come back NULL */
        assert_status(EID_ERR_INVALID_ARG, eid_qr_new(bad[i], EID_QR_ECC_M, &qr));
        assert_null(qr);
    }
    eid_qr *qr = NULL;
    assert_status(EID_ERR_INVALID_ARG, eid_qr_new("", EID_QR_ECC_M, &qr));
    assert_status(EID_ERR_INVALID_ARG, eid_qr_new(NULL, EID_QR_ECC_M, &qr));
    assert_status(EID_ERR_INVALID_ARG, eid_qr_new("EID1:", EID_QR_ECC_M, NULL));
    assert_status(EID_ERR_INVALID_ARG, eid_qr_new("EID1:", (eid_qr_ecc)4, &qr));
    assert_status(EID_ERR_INVALID_ARG, eid_qr_new("EID1:", (eid_qr_ecc)-1, &qr));

    /* Too long for one code at each level; a bad character wins over length. */
    for (size_t e = 0; e < 4; e++) {
        size_t n = eid_qr_capacity(EID_QR_VERSION_MAX, all_levels[e]) + 1;
        char *text = alnum_text(n);
        assert_status(EID_ERR_DOES_NOT_FIT, eid_qr_new(text, all_levels[e], &qr));
        assert_null(qr);
        text[n / 2] = 'a';
        assert_status(EID_ERR_INVALID_ARG, eid_qr_new(text, all_levels[e], &qr));
        free(text);
    }
    /* The handle accessors tolerate NULL. */
    eid_qr_free(NULL);
    assert_int_equal(eid_qr_version(NULL), 0);
    assert_int_equal(eid_qr_width(NULL), 0);
    assert_null(eid_qr_modules(NULL));
}

/* The three finder patterns sit in three corners: 7x7, dark ring, light ring,
 * dark 3x3 core, as a native UI drawing the matrix will show them. */
static int finder_at(const uint8_t *m, uint32_t w, uint32_t x0, uint32_t y0)
{
    for (uint32_t y = 0; y < 7; y++)
        for (uint32_t x = 0; x < 7; x++) {
            int ring = x == 0 || y == 0 || x == 6 || y == 6;
            int core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            if (m[(size_t)(y0 + y) * w + x0 + x] != (ring || core))
                return 0;
        }
    return 1;
}

static void module_matrix_is_the_code(void **state)
{
    (void)state;
    char *text = payload_text(4);
    eid_qr *qr = NULL;
    assert_status(EID_OK, eid_qr_new(text, EID_QR_ECC_Q, &qr));
    uint32_t w = eid_qr_width(qr);
    const uint8_t *m = eid_qr_modules(qr);
    assert_non_null(m);
    assert_ptr_equal(m, eid_qr_modules(qr)); /* stable for the handle's life */
    size_t dark = 0;
    for (size_t i = 0; i < (size_t)w * w; i++) {
        assert_true(m[i] == 0 || m[i] == 1);
        dark += m[i];
    }
    /* Masking keeps a QR code near half dark. */
    assert_true(dark > (size_t)w * w * 2 / 5 && dark < (size_t)w * w * 3 / 5);
    assert_true(finder_at(m, w, 0, 0));
    assert_true(finder_at(m, w, w - 7, 0));
    assert_true(finder_at(m, w, 0, w - 7));
    assert_false(finder_at(m, w, w - 7, w - 7));
    /* Timing pattern: row 6 alternates between the finders. */
    for (uint32_t x = 8; x < w - 8; x++)
        assert_int_equal(m[6 * (size_t)w + x], x % 2 == 0);

    /* The matrix is what a scanner reads: draw it by hand with the quiet zone
     * and let zbar read it. */
    uint32_t scale = 3, side = (w + 2 * EID_QR_QUIET_ZONE) * scale;
    uint8_t *img = malloc((size_t)side * side);
    assert_non_null(img);
    for (uint32_t y = 0; y < side; y++)
        for (uint32_t x = 0; x < side; x++) {
            int64_t mx = (int64_t)(x / scale) - EID_QR_QUIET_ZONE, my = (int64_t)(y / scale) - EID_QR_QUIET_ZONE;
            int d = mx >= 0 && my >= 0 && mx < w && my < w && m[(size_t)my * w + (size_t)mx];
            img[(size_t)y * side + x] = d ? 0 : 255;
        }
    char *read = NULL;
    size_t len = 0;
    assert_int_equal(rp_scan(img, side, side, &read, &len), 1);
    assert_int_equal(len, strlen(text));
    assert_memory_equal(read, text, len);
    free(read);
    free(img);
    eid_qr_free(qr);
    free(text);
}

/* ---- SVG ------------------------------------------------------------------ */

/* Runs a shell command (a tool from scripts/setup); returns its exit status. */
static int run(const char *cmd) { return system(cmd); }

/* Parses the path data back into a module grid (side x side, quiet zone
 * included); fails the test on anything but "Mx yhNv1h-Nz" runs. */
static void svg_path_to_grid(const char *svg, uint32_t side, uint8_t *grid)
{
    const char *d = strstr(svg, " d=\"");
    assert_non_null(d);
    assert_null(strstr(d + 1, " d=\"")); /* one path */
    d += 4;
    memset(grid, 0, (size_t)side * side);
    while (*d == 'M') {
        unsigned x, y, run1, run2;
        int used = 0;
        assert_int_equal(sscanf(d, "M%u %uh%uv1h-%uz%n", &x, &y, &run1, &run2, &used), 4);
        assert_int_equal(run1, run2);
        assert_true(run1 >= 1 && x + run1 <= side && y < side);
        for (unsigned i = 0; i < run1; i++) {
            assert_int_equal(grid[(size_t)y * side + x + i], 0); /* no overlaps */
            grid[(size_t)y * side + x + i] = 1;
        }
        d += used;
    }
    assert_int_equal(*d, '"');
}

static void svg_is_crisp_scalable_and_scans(void **state)
{
    (void)state;
    char *text = payload_text(0);
    eid_qr *qr = NULL;
    assert_status(EID_OK, eid_qr_new(text, EID_QR_ECC_M, &qr));
    uint32_t w = eid_qr_width(qr);
    const uint8_t *m = eid_qr_modules(qr);

    for (uint32_t qz = 0; qz <= EID_QR_QUIET_ZONE; qz += EID_QR_QUIET_ZONE) {
        eid_bytes svg = {0};
        assert_status(EID_OK, eid_qr_render_svg(qr, qz, &svg));
        const char *s = (const char *)svg.data;
        assert_int_equal(strlen(s), svg.len);
        uint32_t side = w + 2 * qz;
        char want[96];
        snprintf(want, sizeof want, "viewBox=\"0 0 %u %u\"", side, side);
        assert_non_null(strstr(s, want));
        assert_non_null(strstr(s, "shape-rendering=\"crispEdges\""));
        /* Scalable: the <svg> element fixes no size of its own. */
        const char *tag_end = strchr(strstr(s, "<svg"), '>');
        const char *wattr = strstr(s, " width=");
        assert_true(wattr == NULL || wattr > tag_end);
        /* The path is the matrix, shifted by the quiet zone. */
        uint8_t *grid = malloc((size_t)side * side);
        assert_non_null(grid);
        svg_path_to_grid(s, side, grid);
        for (uint32_t y = 0; y < side; y++)
            for (uint32_t x = 0; x < side; x++) {
                int in = x >= qz && y >= qz && x < qz + w && y < qz + w;
                int want_dark = in && m[(size_t)(y - qz) * w + (x - qz)];
                assert_int_equal(grid[(size_t)y * side + x], want_dark);
            }
        free(grid);
        eid_bytes_free(&svg);
    }

    /* A real SVG renderer draws it at any size, and zbar reads the picture. */
    eid_bytes svg = {0};
    assert_status(EID_OK, eid_qr_render_svg(qr, EID_QR_QUIET_ZONE, &svg));
    char *dir = tu_temp_dir("qr-svg");
    assert_non_null(dir);
    char svg_path[4200], png_path[4200], cmd[9000];
    snprintf(svg_path, sizeof svg_path, "%s/code.svg", dir);
    snprintf(png_path, sizeof png_path, "%s/code.png", dir);
    FILE *f = fopen(svg_path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(svg.data, 1, svg.len, f), svg.len);
    fclose(f);
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", svg_path);
    assert_int_equal(run(cmd), 0);
    static const unsigned pixels[] = {267, 356, 600}; /* 3, 4 and about 6.7 px per module */
    for (size_t i = 0; i < sizeof pixels / sizeof pixels[0]; i++) {
        snprintf(cmd, sizeof cmd, "rsvg-convert -w %u -h %u -b white -o '%s' '%s'", pixels[i], pixels[i],
                 png_path, svg_path);
        assert_int_equal(run(cmd), 0);
        size_t png_len = 0;
        uint8_t *png = tu_read_file(png_path, &png_len);
        assert_non_null(png);
        uint32_t pw = 0, ph = 0;
        uint8_t *gray = rp_png_to_gray(png, png_len, &pw, &ph);
        assert_non_null(gray);
        assert_int_equal(pw, pixels[i]);
        char *read = NULL;
        size_t len = 0;
        assert_int_equal(rp_scan(gray, pw, ph, &read, &len), 1);
        assert_int_equal(len, strlen(text));
        assert_memory_equal(read, text, len);
        free(read);
        free(gray);
        free(png);
    }
    tu_remove_tree(dir);
    free(dir);
    eid_bytes_free(&svg);

    assert_status(EID_ERR_INVALID_ARG, eid_qr_render_svg(qr, EID_QR_QUIET_ZONE_MAX + 1, &svg));
    assert_null(svg.data);
    assert_status(EID_ERR_INVALID_ARG, eid_qr_render_svg(NULL, 4, &svg));
    assert_status(EID_ERR_INVALID_ARG, eid_qr_render_svg(qr, 4, NULL));
    eid_qr_free(qr);
    free(text);
}

/* ---- PNG ------------------------------------------------------------------ */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void png_is_8_bit_gray_at_the_asked_scale(void **state)
{
    (void)state;
    char *text = payload_text(3);
    eid_qr *qr = NULL;
    assert_status(EID_OK, eid_qr_new(text, EID_QR_ECC_L, &qr));
    uint32_t w = eid_qr_width(qr);
    const uint8_t *m = eid_qr_modules(qr);
    static const struct { uint32_t scale, qz; } cases[] = {{1, 0}, {2, 4}, {5, 1}, {8, 4}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint32_t scale = cases[c].scale, qz = cases[c].qz, side = (w + 2 * qz) * scale;
        eid_bytes png = {0};
        assert_status(EID_OK, eid_qr_render_png(qr, scale, qz, &png));
        /* Signature, then IHDR: size, bit depth 8, colour type 0 (grayscale). */
        assert_true(png.len > 33);
        assert_memory_equal(png.data, "\x89PNG\r\n\x1a\n", 8);
        assert_memory_equal(png.data + 12, "IHDR", 4);
        assert_int_equal(be32(png.data + 16), side);
        assert_int_equal(be32(png.data + 20), side);
        assert_int_equal(png.data[24], 8);
        assert_int_equal(png.data[25], 0);
        /* Every pixel is its module's colour: black or white, nothing between. */
        uint32_t pw = 0, ph = 0;
        uint8_t *gray = rp_png_to_gray(png.data, png.len, &pw, &ph);
        assert_non_null(gray);
        assert_int_equal(pw, side);
        assert_int_equal(ph, side);
        for (uint32_t y = 0; y < side; y++)
            for (uint32_t x = 0; x < side; x++) {
                uint32_t mx = x / scale, my = y / scale;
                int in = mx >= qz && my >= qz && mx < qz + w && my < qz + w;
                int dark = in && m[(size_t)(my - qz) * w + (mx - qz)];
                assert_int_equal(gray[(size_t)y * side + x], dark ? 0 : 255);
            }
        free(gray);
        eid_bytes_free(&png);
    }
    eid_bytes png = {0};
    assert_status(EID_ERR_INVALID_ARG, eid_qr_render_png(qr, 0, 4, &png));
    assert_status(EID_ERR_INVALID_ARG, eid_qr_render_png(qr, EID_QR_PNG_SCALE_MAX + 1, 4, &png));
    assert_status(EID_ERR_INVALID_ARG, eid_qr_render_png(qr, 4, EID_QR_QUIET_ZONE_MAX + 1, &png));
    assert_status(EID_ERR_INVALID_ARG, eid_qr_render_png(NULL, 4, 4, &png));
    assert_null(png.data);
    assert_int_equal(png.len, 0);
    /* The largest image the bounds allow still renders. */
    assert_status(EID_OK, eid_qr_render_png(qr, EID_QR_PNG_SCALE_MAX, EID_QR_QUIET_ZONE_MAX, &png));
    assert_int_equal(be32(png.data + 16), (w + 2 * EID_QR_QUIET_ZONE_MAX) * EID_QR_PNG_SCALE_MAX);
    eid_bytes_free(&png);
    eid_qr_free(qr);
    free(text);
}

/* ---- terminal ------------------------------------------------------------- */

/* Reads half-block text back into a module grid of `side` columns and
 * 2 * lines rows (1 = ink). Returns the number of lines. */
static uint32_t text_to_grid(const char *t, uint32_t side, uint8_t *grid, uint32_t max_rows)
{
    uint32_t line = 0, col = 0;
    while (*t) {
        int upper, lower;
        if (*t == '\n') {
            assert_int_equal(col, side);
            line++;
            col = 0;
            t++;
            continue;
        }
        if (*t == ' ') {
            upper = lower = 0;
            t += 1;
        } else if (strncmp(t, "\xe2\x96\x88", 3) == 0) {
            upper = lower = 1;
            t += 3;
        } else if (strncmp(t, "\xe2\x96\x80", 3) == 0) {
            upper = 1, lower = 0;
            t += 3;
        } else if (strncmp(t, "\xe2\x96\x84", 3) == 0) {
            upper = 0, lower = 1;
            t += 3;
        } else {
            fail_msg("unexpected byte 0x%02x in terminal output", (unsigned char)*t);
            return 0;
        }
        assert_true(col < side && 2 * line + 1 < max_rows);
        grid[(size_t)(2 * line) * side + col] = (uint8_t)upper;
        grid[(size_t)(2 * line + 1) * side + col] = (uint8_t)lower;
        col++;
    }
    assert_int_equal(col, 0); /* ends with a newline */
    return line;
}

static void terminal_half_blocks_draw_the_code(void **state)
{
    (void)state;
    char *text = payload_text(4);
    eid_qr *qr = NULL;
    assert_status(EID_OK, eid_qr_new(text, EID_QR_ECC_M, &qr));
    uint32_t w = eid_qr_width(qr); /* odd, so an even quiet zone leaves an odd last row */
    const uint8_t *m = eid_qr_modules(qr);
    static const uint32_t zones[] = {0, 1, EID_QR_QUIET_ZONE};
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        for (int style = 0; style <= 1; style++) {
            uint32_t qz = zones[z], side = w + 2 * qz, rows = side + 1;
            eid_bytes out = {0};
            assert_status(EID_OK, eid_qr_render_text(qr, qz, (eid_qr_text_style)style, &out));
            assert_int_equal(strlen((const char *)out.data), out.len);
            uint8_t *grid = calloc((size_t)rows, side);
            assert_non_null(grid);
            assert_int_equal(text_to_grid((const char *)out.data, side, grid, rows), (side + 1) / 2);
            int ink_is_dark = style == EID_QR_TEXT_DARK_ON_LIGHT;
            for (uint32_t y = 0; y < rows; y++)
                for (uint32_t x = 0; x < side; x++) {
                    int in = x >= qz && y >= qz && x < qz + w && y < qz + w;
                    int dark = in && m[(size_t)(y - qz) * w + (x - qz)];
                    if (y == side) /* the padding row is light */
                        dark = 0;
                    assert_int_equal(grid[(size_t)y * side + x], dark == ink_is_dark);
                }
            free(grid);
            eid_bytes_free(&out);
        }
    }
    eid_bytes out = {0};
    assert_status(EID_ERR_INVALID_ARG, eid_qr_render_text(qr, 4, (eid_qr_text_style)2, &out));
    assert_status(EID_ERR_INVALID_ARG, eid_qr_render_text(qr, EID_QR_QUIET_ZONE_MAX + 1,
                                                          EID_QR_TEXT_DARK_ON_LIGHT, &out));
    assert_status(EID_ERR_INVALID_ARG, eid_qr_render_text(NULL, 4, EID_QR_TEXT_DARK_ON_LIGHT, &out));
    assert_null(out.data);
    eid_qr_free(qr);
    free(text);
}

static void sizes_for_bindings_match_macros(void **state)
{
    (void)state;
    assert_int_equal(eid_qr_width_max(), EID_QR_WIDTH_MAX);
    assert_int_equal(eid_qr_width_max(), 17 + 4 * EID_QR_VERSION_MAX);
    assert_int_equal(eid_qr_quiet_zone(), EID_QR_QUIET_ZONE);
    assert_int_equal(eid_qr_quiet_zone_max(), EID_QR_QUIET_ZONE_MAX);
    assert_int_equal(eid_qr_png_scale_max(), EID_QR_PNG_SCALE_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(capacity_matches_libqrencode),
        cmocka_unit_test(identity_presentation_fits_version_16_m),
        cmocka_unit_test(refuses_what_alphanumeric_mode_cannot_carry),
        cmocka_unit_test(module_matrix_is_the_code),
        cmocka_unit_test(svg_is_crisp_scalable_and_scans),
        cmocka_unit_test(png_is_8_bit_gray_at_the_asked_scale),
        cmocka_unit_test(terminal_half_blocks_draw_the_code),
        cmocka_unit_test(sizes_for_bindings_match_macros),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("qr", tests, world_up, world_down);
}
