/* SPDX-License-Identifier: Apache-2.0 */
/* Cards: the layout model (titles, rows, formatting, masks, state), and the SVG
 * renderer checked by real tools: every SVG produced here must parse with
 * libxml2's xmllint and render to PNG with librsvg's rsvg-convert. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "test_cards_fixtures.h"
#include "cards/svg_text.h"
#include "common/text.h"

extern char **environ;

static char *workdir;
static int svg_counter;

/* Runs argv (no shell); stdout goes to out_path (or /dev/null), stderr to the
 * test's stderr. Returns the exit status, or -1 when it could not run. */
static int run(char *const argv[], const char *out_path)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out_path ? out_path : "/dev/null",
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Writes svg to a file, checks it with xmllint and renders it with rsvg-convert.
 * Returns the file's path (static storage until the next call). */
static const char *check_svg(const eid_bytes *svg, const char *tag)
{
    static char path[4096];
    char png[4096 + 8];
    snprintf(path, sizeof path, "%s/%02d-%s.svg", workdir, svg_counter++, tag);
    write_file(path, svg->data, svg->len);
    char *xmllint[] = {"xmllint", "--noout", "--nonet", path, NULL};
    if (run(xmllint, NULL) != 0)
        fail_msg("%s: xmllint rejects it", path);
    snprintf(png, sizeof png, "%s.png", path);
    char *rsvg[] = {"rsvg-convert", "--format=png", "--output", png, path, NULL};
    if (run(rsvg, NULL) != 0)
        fail_msg("%s: rsvg-convert failed", path);
    size_t n = 0;
    uint8_t *img = tu_read_file(png, &n);
    assert_non_null(img);
    assert_true(n > 1000);
    assert_memory_equal(img, "\x89PNG\r\n\x1a\n", 8);
    /* IHDR: 85.6 mm at 96 dpi is 323 px wide, 54 mm is 204 px high */
    uint32_t w = (uint32_t)img[16] << 24 | (uint32_t)img[17] << 16 | (uint32_t)img[18] << 8 | img[19];
    uint32_t h = (uint32_t)img[20] << 24 | (uint32_t)img[21] << 16 | (uint32_t)img[22] << 8 | img[23];
    assert_in_range(w, 322, 324);
    assert_in_range(h, 203, 205);
    free(img);
    return path;
}

/* The text content of the SVG element with id `id`, as libxml2 parses it (malloc'd). */
static char *svg_text(const char *path, const char *id)
{
    char xpath[128], out[4096 + 8];
    snprintf(xpath, sizeof xpath, "string(//*[@id='%s'])", id);
    snprintf(out, sizeof out, "%s.%s.txt", path, id);
    char *argv[] = {"xmllint", "--nonet", "--xpath", xpath, (char *)path, NULL};
    assert_int_equal(run(argv, out), 0);
    size_t n = 0;
    uint8_t *text = tu_read_file(out, &n);
    assert_non_null(text);
    char *s = malloc(n + 1);
    assert_non_null(s);
    if (n > 0 && text[n - 1] == '\n') /* xmllint ends its answer with a newline */
        n--;
    memcpy(s, text, n);
    s[n] = 0;
    free(text);
    return s;
}

static int setup(void **state)
{
    (void)state;
    workdir = tu_temp_dir("cards");
    return workdir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tu_remove_tree(workdir);
    free(workdir);
    return 0;
}

static eid_card *make(fx_doc *f, eid_language lang, int reveal, int32_t today)
{
    eid_card *card = NULL;
    assert_status(EID_OK, eid_card_new(f->doc_type, f->claims, f->n, fx_day(2024, 1, 1), fx_day(2034, 1, 1), today,
                                       0, lang, reveal, &card));
    assert_non_null(card);
    return card;
}

/* The value of the first row showing claim `number`. */
static const char *row_of(const eid_card *card, uint32_t number, const char **label)
{
    for (size_t i = 0; i < eid_card_row_count(card); i++)
        if (eid_card_row_claim(card, i) == number) {
            if (label)
                *label = eid_card_row_label(card, i);
            return eid_card_row_value(card, i);
        }
    return NULL;
}

/* ---- state ---- */

static void state_from_validity_and_today(void **state)
{
    (void)state;
    const int32_t from = 20000, until = 21000;
    assert_int_equal(eid_validity_of(from, until, until - 31, 0), EID_VALIDITY_VALID);
    assert_int_equal(eid_validity_of(from, until, until - 30, 0), EID_VALIDITY_EXPIRING);
    assert_int_equal(eid_validity_of(from, until, until, 0), EID_VALIDITY_EXPIRING); /* last day still counts */
    assert_int_equal(eid_validity_of(from, until, until + 1, 0), EID_VALIDITY_EXPIRED);
    assert_int_equal(eid_validity_of(from, until, from, 0), EID_VALIDITY_VALID);
    assert_int_equal(eid_validity_of(from, until, from - 1, 0), EID_VALIDITY_NOT_YET_VALID);
    assert_int_equal(eid_validity_of(from, until, from + 5, 1), EID_VALIDITY_REVOKED);
    assert_int_equal(eid_validity_of(from, until, until + 100, 1), EID_VALIDITY_REVOKED);
    assert_int_equal(eid_validity_of(INT32_MIN, INT32_MAX, 0, 0), EID_VALIDITY_VALID);
    assert_int_equal(eid_validity_expiring_days(), EID_VALIDITY_EXPIRING_DAYS);
    assert_true(eid_card_width_mm() == (double)EID_CARD_WIDTH_MM && eid_card_height_mm() == (double)EID_CARD_HEIGHT_MM);

    fx_doc f;
    fx_identity(&f);
    const char *vi[] = {"Còn hiệu lực", "Sắp hết hạn", "Hết hạn", "Đã thu hồi", "Chưa có hiệu lực"};
    const char *en[] = {"Valid", "Expiring soon", "Expired", "Revoked", "Not yet valid"};
    const int32_t today[] = {until - 100, until - 3, until + 1, until - 100, from - 1};
    for (int s = 0; s < 5; s++)
        for (int l = 0; l < 2; l++) {
            eid_card *card = NULL;
            assert_status(EID_OK, eid_card_new(f.doc_type, f.claims, f.n, from, until, today[s], s == 3,
                                               (eid_language)l, 0, &card));
            assert_int_equal(eid_card_validity(card), s);
            assert_string_equal(eid_card_validity_label(card), l ? en[s] : vi[s]);
            assert_int_equal(eid_card_days_left(card), until - today[s]);
            assert_int_equal(eid_card_valid_until(card), until);
            eid_bytes svg = {0};
            assert_status(EID_OK, eid_card_svg(card, &svg));
            const char *path = check_svg(&svg, "state");
            char *shown = svg_text(path, "state");
            assert_string_equal(shown, l ? en[s] : vi[s]);
            free(shown);
            eid_bytes_free(&svg);
            eid_card_free(card);
        }
}

/* ---- layout ---- */

static void identity_layout_in_both_languages(void **state)
{
    (void)state;
    fx_doc f;
    fx_identity(&f);
    eid_card *vi = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
    assert_int_equal(eid_card_doc_type(vi), EID_DOC_IDENTITY);
    assert_int_equal(eid_card_language(vi), EID_LANGUAGE_VI);
    assert_string_equal(eid_card_title(vi), "CĂN CƯỚC");
    assert_string_equal(eid_card_issuer(vi), "Bộ Công an");
    assert_string_equal(eid_card_holder_name(vi), "Nguyễn Thị Minh Khai");
    assert_int_equal(eid_card_portrait_len(vi), sizeof fx_portrait_jpeg);
    assert_memory_equal(eid_card_portrait(vi), fx_portrait_jpeg, sizeof fx_portrait_jpeg);
    assert_int_equal(eid_card_colour(vi), 0x1F4E9A);
    /* rows in display order: personal ID first, then name, birth date, sex */
    assert_int_equal(eid_card_row_count(vi), 12); /* 13 claims but the portrait */
    assert_int_equal(eid_card_row_claim(vi, 0), 0);
    assert_string_equal(eid_card_row_label(vi, 0), "Số định danh cá nhân");
    assert_string_equal(eid_card_row_value(vi, 0), "001090012345");
    assert_int_equal(eid_card_row_claim(vi, 1), 1);
    assert_int_equal(eid_card_row_claim(vi, 2), 2);
    assert_string_equal(eid_card_row_value(vi, 2), "15/03/1990");
    assert_int_equal(eid_card_row_claim(vi, 3), 7);
    assert_string_equal(eid_card_row_value(vi, 3), "Nữ");
    assert_true(eid_card_row_on_face(vi, 3));
    const char *label;
    assert_string_equal(row_of(vi, 3, &label), "Có");
    assert_string_equal(label, "Trên 18 tuổi");
    /* sensitive claims are masked until revealed */
    for (size_t i = 0; i < eid_card_row_count(vi); i++) {
        uint32_t c = eid_card_row_claim(vi, i);
        assert_int_equal(eid_card_row_hidden(vi, i), c == 10 || c == 11);
        if (c == 10 || c == 11)
            assert_string_equal(eid_card_row_value(vi, i), "••••••");
    }
    assert_null(eid_card_row_label(vi, 12));
    assert_null(eid_card_row_value(vi, 12));
    assert_int_equal(eid_card_row_claim(vi, 12), UINT32_MAX);

    eid_card *en = make(&f, EID_LANGUAGE_EN, 1, fx_day(2025, 6, 1));
    assert_string_equal(eid_card_title(en), "IDENTITY CARD");
    assert_string_equal(eid_card_issuer(en), "Ministry of Public Security");
    assert_string_equal(eid_card_row_label(en, 0), "Personal ID number");
    assert_string_equal(row_of(en, 2, NULL), "15/03/1990"); /* dd/mm/yyyy in English too */
    assert_string_equal(row_of(en, 7, NULL), "Female");
    assert_string_equal(row_of(en, 3, NULL), "Yes");
    assert_string_equal(row_of(en, 10, NULL), "Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội");
    for (size_t i = 0; i < eid_card_row_count(en); i++)
        assert_false(eid_card_row_hidden(en, i));

    fx_num(&f, 4, EID_VALUE_BOOLEAN, 1);
    fx_num(&f, 3, EID_VALUE_BOOLEAN, 0);
    fx_num(&f, 6, EID_VALUE_BOOLEAN, 0);
    eid_card *minor = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
    assert_string_equal(row_of(minor, 3, NULL), "Không");
    eid_card_free(minor);
    eid_card_free(vi);
    eid_card_free(en);
}

static void licence_classes_with_their_dates(void **state)
{
    (void)state;
    fx_doc f;
    fx_licence(&f);
    eid_card *vi = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
    assert_string_equal(eid_card_title(vi), "GIẤY PHÉP LÁI XE");
    assert_string_equal(eid_card_issuer(vi), "Sở Giao thông vận tải Thành phố Hồ Chí Minh");
    size_t seen = 0;
    for (size_t i = 0; i < eid_card_row_count(vi); i++) {
        if (eid_card_row_claim(vi, i) != 3)
            continue;
        const char *l = eid_card_row_label(vi, i), *v = eid_card_row_value(vi, i);
        if (seen == 0) {
            assert_string_equal(l, "Hạng A1");
            assert_string_equal(v, "10/01/2005 – Không thời hạn");
        } else {
            assert_string_equal(l, "Hạng B");
            assert_string_equal(v, "20/05/2012 – 20/05/2027");
        }
        seen++;
    }
    assert_int_equal(seen, 2);
    assert_string_equal(row_of(vi, 7, NULL), "12");
    eid_card *en = make(&f, EID_LANGUAGE_EN, 0, fx_day(2025, 6, 1));
    const char *label;
    assert_string_equal(row_of(en, 3, &label), "10/01/2005 – No expiry");
    assert_string_equal(label, "Class A1");
    /* the face collapses the classes into one line */
    eid_bytes svg = {0};
    assert_status(EID_OK, eid_card_svg(vi, &svg));
    const char *path = check_svg(&svg, "licence");
    int found = 0;
    for (int line = 0; line < 7 && !found; line++) {
        char id[16];
        snprintf(id, sizeof id, "value-%d", line);
        char *v = svg_text(path, id);
        found = strcmp(v, "A1, B") == 0;
        free(v);
    }
    assert_true(found);
    eid_bytes_free(&svg);
    eid_card_free(vi);
    eid_card_free(en);
}

static void health_and_criminal_rows(void **state)
{
    (void)state;
    fx_doc f;
    fx_health(&f);
    eid_card *h = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
    assert_string_equal(eid_card_title(h), "THẺ BẢO HIỂM Y TẾ");
    assert_string_equal(eid_card_issuer(h), "Bảo hiểm xã hội Việt Nam");
    assert_string_equal(row_of(h, 4, NULL), "4");
    assert_string_equal(row_of(h, 7, NULL), "31/12/2025");
    assert_int_equal(eid_card_colour(h), 0x1B7F4B);
    eid_card_free(h);

    fx_criminal_convicted(&f);
    eid_card *hidden = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
    assert_string_equal(row_of(hidden, 3, NULL), "••••••");
    assert_string_equal(row_of(hidden, 6, NULL), "••••••");
    assert_string_equal(row_of(hidden, 7, NULL), "••••••");
    assert_string_equal(row_of(hidden, 5, NULL), "Phiếu số 1");
    eid_card *shown = make(&f, EID_LANGUAGE_VI, 1, fx_day(2025, 6, 1));
    const char *label;
    assert_string_equal(row_of(shown, 3, NULL), "Có án tích");
    assert_string_equal(row_of(shown, 6, &label),
                        "Tội vi phạm quy định về tham gia giao thông đường bộ, 12 tháng tù cho hưởng án treo "
                        "(02/03/2015 – 02/03/2016)");
    assert_string_equal(label, "Án tích 1");
    eid_card *en = make(&f, EID_LANGUAGE_EN, 1, fx_day(2025, 6, 1));
    assert_string_equal(row_of(en, 3, NULL), "Has convictions");
    assert_string_equal(row_of(en, 5, NULL), "Certificate no. 1");
    assert_string_equal(eid_card_title(en), "CRIMINAL RECORD CERTIFICATE");
    eid_card_free(hidden);
    eid_card_free(shown);
    eid_card_free(en);

    fx_criminal(&f);
    fx_list(&f, 6, 0);
    eid_card *clean = make(&f, EID_LANGUAGE_EN, 1, fx_day(2025, 6, 1));
    assert_string_equal(row_of(clean, 3, NULL), "No criminal record");
    assert_string_equal(row_of(clean, 6, NULL), "None");
    eid_card_free(clean);
}

static void colours_differ_per_doc_type(void **state)
{
    (void)state;
    uint32_t colours[4];
    for (uint32_t d = 1; d <= 4; d++) {
        fx_doc f;
        fx_make(&f, d);
        eid_card *card = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
        colours[d - 1] = eid_card_colour(card);
        assert_true(colours[d - 1] != 0 && colours[d - 1] <= 0xFFFFFF);
        for (uint32_t k = 0; k + 1 < d; k++)
            assert_int_not_equal(colours[k], colours[d - 1]);
        eid_card_free(card);
    }
}

static void card_rejects_bad_input(void **state)
{
    (void)state;
    fx_doc f;
    fx_identity(&f);
    eid_card *card = (eid_card *)&f; /* must be reset to NULL on failure */
    assert_status(EID_ERR_NOT_FOUND, eid_card_new(7, f.claims, f.n, 0, 1, 0, 0, EID_LANGUAGE_VI, 0, &card));
    assert_null(card);
    assert_status(EID_ERR_INVALID_ARG, eid_card_new(1, NULL, 3, 0, 1, 0, 0, EID_LANGUAGE_VI, 0, &card));
    assert_status(EID_ERR_INVALID_ARG, eid_card_new(1, f.claims, f.n, 0, 1, 0, 0, (eid_language)2, 0, &card));
    assert_status(EID_ERR_INVALID_ARG, eid_card_new(1, f.claims, f.n, 0, 1, 0, 0, EID_LANGUAGE_VI, 0, NULL));
    fx_text(&f, 1, "a\nb"); /* a control character in a name */
    assert_status(EID_ERR_INVALID_CLAIM, eid_card_new(1, f.claims, f.n, 0, 1, 0, 0, EID_LANGUAGE_VI, 0, &card));
    fx_identity(&f);
    f.claims[f.n++] = f.claims[0];
    assert_status(EID_ERR_INVALID_CLAIM, eid_card_new(1, f.claims, f.n, 0, 1, 0, 0, EID_LANGUAGE_VI, 0, &card));
    fx_identity(&f);
    fx_text(&f, 14, "x");
    assert_status(EID_ERR_INVALID_CLAIM, eid_card_new(1, f.claims, f.n, 0, 1, 0, 0, EID_LANGUAGE_VI, 0, &card));
    eid_card_free(NULL);
    eid_bytes svg = {0};
    assert_status(EID_ERR_INVALID_ARG, eid_card_svg(NULL, &svg));
    assert_null(eid_card_title(NULL));
    assert_int_equal(eid_card_row_count(NULL), 0);

    /* a verifier's card of the standard disclosure: claims 0-3 only, no portrait */
    fx_identity(&f);
    f.n = 4;
    card = make(&f, EID_LANGUAGE_EN, 0, fx_day(2025, 6, 1));
    assert_int_equal(eid_card_row_count(card), 4);
    assert_int_equal(eid_card_portrait_len(card), 0);
    assert_null(eid_card_portrait(card));
    assert_status(EID_OK, eid_card_svg(card, &svg));
    char *shown = svg_text(check_svg(&svg, "partial"), "no-portrait");
    assert_string_equal(shown, "No photo");
    free(shown);
    eid_bytes_free(&svg);
    eid_card_free(card);
    /* no claims at all still draws a card */
    card = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
    eid_card_free(card);
    assert_status(EID_OK, eid_card_new(1, NULL, 0, 0, 1, 0, 0, EID_LANGUAGE_VI, 0, &card));
    assert_string_equal(eid_card_holder_name(card), "");
    assert_status(EID_OK, eid_card_svg(card, &svg));
    check_svg(&svg, "empty");
    eid_bytes_free(&svg);
    eid_card_free(card);
}

/* ---- SVG ---- */

/* Every doc type, both languages, masked and revealed, parse and render. */
static void every_card_parses_and_renders(void **state)
{
    (void)state;
    for (uint32_t d = 1; d <= 4; d++)
        for (int l = 0; l < 2; l++)
            for (int reveal = 0; reveal < 2; reveal++) {
                fx_doc f;
                fx_make(&f, d);
                eid_card *card = make(&f, (eid_language)l, reveal, fx_day(2025, 6, 1));
                eid_bytes svg = {0};
                assert_status(EID_OK, eid_card_svg(card, &svg));
                assert_int_equal(strlen((const char *)svg.data), svg.len);
                char tag[32];
                snprintf(tag, sizeof tag, "%s-%s-%d", eid_doc_type_name(d), l ? "en" : "vi", reveal);
                const char *path = check_svg(&svg, tag);
                char *title = svg_text(path, "title");
                assert_string_equal(title, eid_card_title(card));
                free(title);
                char *holder = svg_text(path, "holder");
                assert_string_equal(holder, eid_card_holder_name(card));
                free(holder);
                /* the portrait travels inside the file */
                if (d == EID_DOC_IDENTITY)
                    assert_non_null(strstr((const char *)svg.data, "href=\"data:image/jpeg;base64,/9j/"));
                /* a masked value never reaches the file */
                if (d == EID_DOC_IDENTITY && !reveal)
                    assert_null(strstr((const char *)svg.data, "Hàng Bạc"));
                if (d == EID_DOC_CRIMINAL_RECORD && !reveal)
                    assert_null(strstr((const char *)svg.data, "án treo"));
                /* fonts that carry Vietnamese come first */
                assert_non_null(strstr((const char *)svg.data, "font-family=\"'DejaVu Sans', 'Noto Sans', Roboto"));
                eid_bytes_free(&svg);
                eid_card_free(card);
            }
}

/* shown is full cut at a character boundary, followed by "…", and at most
 * max_width thousandths of an em wide by the renderer's estimate */
static void assert_ellipsised(const char *shown, const char *full, uint32_t max_width)
{
    size_t n = strlen(shown);
    assert_true(n >= 3);
    assert_string_equal(shown + n - 3, "…");
    assert_memory_equal(shown, full, n - 3);
    assert_true(n - 3 < strlen(full));
    assert_status(EID_OK, text_check((const uint8_t *)shown, n, 4096));
    assert_int_equal(text_utf8_prefix((const uint8_t *)shown, n, SIZE_MAX, SIZE_MAX, max_width), n);
}

/* Widths of the places, in thousandths of an em (see svg.c). */
#define HOLDER_EM ((uint32_t)((85.6 - 4 - 25.5) / 3.2 * 1000 / 1.12))
#define VALUE_EM ((uint32_t)((85.6 - 4 - 47.5) / 2.3 * 1000))
#define ISSUER_EM ((uint32_t)((85.6 - 8) / 2.0 * 1000))

static void hostile_values_stay_text(void **state)
{
    (void)state;
    static const char *const hostile[] = {
        "<script>alert(1)</script>",
        "]]><x/>",
        "Tom & Jerry &amp; &#x3C;",
        "\"' onload=\"alert(1)",
        "<![CDATA[ x ]]>",
        "<?xml-stylesheet href=\"x\"?>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        fx_doc f;
        fx_licence(&f);
        fx_text(&f, 1, hostile[i]);
        fx_text(&f, 6, hostile[i]); /* the issuer line */
        assert_status(EID_OK, eid_claim_set_validate(f.doc_type, 2, f.claims, f.n, NULL, NULL));
        eid_card *card = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
        eid_bytes svg = {0};
        assert_status(EID_OK, eid_card_svg(card, &svg));
        const char *body = (const char *)svg.data;
        assert_null(strstr(body, "<script"));
        assert_null(strstr(body, "]]>"));
        assert_null(strstr(body, "<x/>"));
        assert_null(strstr(body, "<!"));
        assert_null(strstr(body, "onload=\""));
        if (i == 0)
            assert_non_null(strstr(body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        if (i == 2)
            assert_non_null(strstr(body, "Tom &amp; Jerry &amp;amp; &amp;#x3C;"));
        /* the parser reads back exactly the value, as text */
        const char *path = check_svg(&svg, "hostile");
        char *holder = svg_text(path, "holder");
        if (strcmp(holder, hostile[i]) != 0) /* too long for the name line: cut, but still text */
            assert_ellipsised(holder, hostile[i], UINT32_MAX);
        free(holder);
        char *issuer = svg_text(path, "issuer");
        assert_string_equal(issuer, hostile[i]);
        free(issuer);
        eid_bytes_free(&svg);
        eid_card_free(card);

        /* in a face row too (identity's place of origin is line 4) */
        fx_identity(&f);
        fx_text(&f, 9, hostile[i]);
        card = make(&f, EID_LANGUAGE_EN, 0, fx_day(2025, 6, 1));
        assert_string_equal(row_of(card, 9, NULL), hostile[i]);
        assert_status(EID_OK, eid_card_svg(card, &svg));
        assert_null(strstr((const char *)svg.data, "<script"));
        assert_null(strstr((const char *)svg.data, "<!"));
        char *label = svg_text(check_svg(&svg, "hostile-row"), "label-4");
        assert_string_equal(label, "Place of origin");
        free(label);
        char *value = svg_text(check_svg(&svg, "hostile-row"), "value-4");
        if (strcmp(value, hostile[i]) != 0)
            assert_ellipsised(value, hostile[i], UINT32_MAX);
        free(value);
        eid_bytes_free(&svg);
        eid_card_free(card);
    }
}

static void long_values_are_ellipsised(void **state)
{
    (void)state;
    static const char name[] = "Tôn Nữ Thị Hoàng Anh Nguyễn Phước Bửu Ngọc Diễm Hương"; /* 53 characters */
    static const char origin[] = "Thôn Đông Thành, Xã Phước Hưng, Huyện Tuy Phước, Tỉnh Bình Định";
    fx_doc f;
    fx_identity(&f);
    fx_text(&f, 1, name);
    fx_text(&f, 9, origin);
    eid_card *card = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
    eid_bytes svg = {0};
    assert_status(EID_OK, eid_card_svg(card, &svg));
    const char *path = check_svg(&svg, "long");
    char *holder = svg_text(path, "holder");
    assert_ellipsised(holder, name, HOLDER_EM);
    free(holder);
    int found = 0;
    for (int line = 0; line < 7; line++) {
        char id[16];
        snprintf(id, sizeof id, "value-%d", line);
        char *v = svg_text(path, id);
        if (strncmp(v, "Thôn Đông", strlen("Thôn Đông")) == 0) {
            assert_ellipsised(v, origin, VALUE_EM);
            found = 1;
        }
        free(v);
    }
    assert_true(found);
    /* the model keeps whole values: cutting is the renderer's business */
    assert_string_equal(eid_card_holder_name(card), name);
    eid_bytes_free(&svg);
    eid_card_free(card);

    /* capitals are wider: a name in capitals is cut sooner than in small letters */
    static const char caps[] = "TÔN NỮ THỊ HOÀNG ANH NGUYỄN PHƯỚC BỬU NGỌC";
    static const char small[] = "tôn nữ thị hoàng anh nguyễn phước bửu ngọc";
    static const char authority[] = "Phòng Cảnh sát giao thông, Công an Thành phố Hồ Chí Minh, "
                                    "Cục Cảnh sát giao thông, Bộ Công an";
    fx_licence(&f);
    fx_text(&f, 1, caps);
    fx_text(&f, 6, authority);
    card = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
    assert_status(EID_OK, eid_card_svg(card, &svg));
    path = check_svg(&svg, "caps");
    char *caps_shown = svg_text(path, "holder");
    assert_ellipsised(caps_shown, caps, (uint32_t)((85.6 - 8) / 3.2 * 1000 / 1.12));
    char *issuer = svg_text(path, "issuer");
    assert_ellipsised(issuer, authority, ISSUER_EM);
    free(issuer);
    eid_bytes_free(&svg);
    eid_card_free(card);
    fx_text(&f, 1, small);
    card = make(&f, EID_LANGUAGE_VI, 0, fx_day(2025, 6, 1));
    assert_status(EID_OK, eid_card_svg(card, &svg));
    char *small_shown = svg_text(check_svg(&svg, "small"), "holder");
    assert_true(strlen(small_shown) > strlen(caps_shown));
    free(small_shown);
    free(caps_shown);
    eid_bytes_free(&svg);
    eid_card_free(card);
}

/* ---- text helpers ---- */

static void utf8_prefix_never_splits_a_character(void **state)
{
    (void)state;
    static const char *const samples[] = {
        "Nguyễn Thị Ánh Tuyết",   /* precomposed (NFC): 3-byte letters */
        "ĐẶNG ỨNG ƯỚC",           /* capitals with two marks */
        "Nguye\xcc\x82\xcc\x83n", /* e + combining circumflex + combining tilde */
        "🇻🇳 Việt Nam 👩‍👩‍👧",        /* flags and a joined emoji */
    };
    for (size_t s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        const uint8_t *u = (const uint8_t *)samples[s];
        size_t n = strlen(samples[s]);
        size_t prev = 0;
        for (size_t max = 0; max <= n + 1; max++) {
            size_t cut = text_utf8_prefix(u, n, max, SIZE_MAX, UINT32_MAX);
            assert_true(cut <= max && cut <= n);
            assert_true(cut >= prev); /* more room never shortens the prefix */
            prev = cut;
            /* never inside a code point */
            assert_true(cut == n || (u[cut] & 0xC0) != 0x80);
            /* never between a letter and its combining marks (U+0300..U+036F) */
            assert_false(cut < n && u[cut] == 0xCC && u[cut + 1] >= 0x80);
            assert_false(cut < n && u[cut] == 0xCD && u[cut + 1] <= 0xAF);
            /* never between the halves of a flag or inside a joined emoji */
            assert_false(cut + 3 <= n && memcmp(u + cut, "\xe2\x80\x8d", 3) == 0);
            if (s == 3 && cut > 0)
                assert_true(cut >= 8);
        }
        assert_int_equal(text_utf8_prefix(u, n, n, SIZE_MAX, UINT32_MAX), n);
    }
    /* characters, not bytes: "Nguyễn" is 6 characters of 8 bytes */
    const uint8_t *nguyen = (const uint8_t *)"Nguyễn Văn";
    assert_int_equal(text_utf8_prefix(nguyen, strlen("Nguyễn Văn"), 100, 6, UINT32_MAX), strlen("Nguyễn"));
    assert_int_equal(text_utf8_prefix(nguyen, strlen("Nguyễn Văn"), 100, 0, UINT32_MAX), 0);
    assert_int_equal(text_utf8_prefix(nguyen, strlen("Nguyễn Văn"), 6, 100, UINT32_MAX), 4); /* "Nguy", ễ would not fit */
    const uint8_t *nfd = (const uint8_t *)"Nguye\xcc\x82\xcc\x83n";
    assert_int_equal(text_utf8_prefix(nfd, 10, 100, 5, UINT32_MAX), 9); /* the e keeps both marks */
    /* widths: a Vietnamese letter is as wide as its base letter, W is wider than i */
    static const char wide[] = "WWWWWWWWWWWWWWWWWWWW", narrow[] = "iiiiiiiiiiiiiiiiiiii";
    size_t w = text_utf8_prefix((const uint8_t *)wide, 20, 100, 100, 5000);
    size_t i = text_utf8_prefix((const uint8_t *)narrow, 20, 100, 100, 5000);
    assert_int_equal(w, 5);  /* 5 x 0.989 em */
    assert_int_equal(i, 17); /* 17 x 0.278 em */
    const uint8_t *caps = (const uint8_t *)"ĐẶNG ỨNG";
    assert_int_equal(text_utf8_prefix(caps, strlen("ĐẶNG ỨNG"), 100, 100, 770 + 684 + 748 + 775),
                     strlen("ĐẶNG"));
    assert_int_equal(text_utf8_prefix(caps, strlen("ĐẶNG ỨNG"), 100, 100, 770 + 684 + 748 + 774),
                     strlen("ĐẶN"));
    /* invalid UTF-8 stops the prefix */
    assert_int_equal(text_utf8_prefix((const uint8_t *)"ab\xff" "cd", 5, 100, 100, UINT32_MAX), 2);

    /* the fitted XML text is always a whole-character prefix plus "…" */
    static const char name[] = "Hồ Thị Ngọc Hân";
    for (size_t max = 1; max <= 16; max++) {
        textbuf b = {0};
        int cut = textbuf_xml_fit(&b, name, strlen(name), max, UINT32_MAX);
        assert_false(b.failed);
        assert_status(EID_OK, text_check((const uint8_t *)b.data, b.len, 4096));
        if (max >= 15) {
            assert_false(cut);
            assert_string_equal(b.data, name);
        } else {
            assert_true(cut);
            assert_ellipsised(b.data, name, UINT32_MAX);
            size_t chars = 0;
            for (size_t k = 0; k < b.len; k++)
                chars += ((uint8_t)b.data[k] & 0xC0) != 0x80;
            assert_int_equal(chars, max);
        }
        textbuf_free(&b);
    }
}

static void xml_escape_and_base64(void **state)
{
    (void)state;
    textbuf b = {0};
    static const char raw[] = "a<b>&\"c'\x01" "d\te";
    textbuf_xml(&b, raw, sizeof raw - 1);
    assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;c&#39;\xEF\xBF\xBD" "d\te");
    textbuf_free(&b);
    assert_null(b.data);
    /* RFC 4648 section 10 */
    static const char *const vec[][2] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                         {"foo", "Zm9v"},  {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                                         {"foobar", "Zm9vYmFy"}};
    for (size_t i = 0; i < 7; i++) {
        textbuf_base64(&b, (const uint8_t *)vec[i][0], strlen(vec[i][0]));
        assert_string_equal(b.data ? b.data : "", vec[i][1]);
        assert_int_equal(textbuf_base64_len(strlen(vec[i][0])), strlen(vec[i][1]));
        textbuf_free(&b);
    }
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    textbuf_base64(&b, all, sizeof all);
    assert_int_equal(b.len, 344);
    assert_string_equal(b.data + 336, "/P3+/w==");
    textbuf_free(&b);
    textbuf_mm(&b, 85.6);
    textbuf_puts(&b, " ");
    textbuf_mm(&b, -1.005);
    textbuf_puts(&b, " ");
    textbuf_mm(&b, 0.0);
    assert_string_equal(b.data, "85.60 -1.00 0.00");
    textbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(state_from_validity_and_today),
        cmocka_unit_test(identity_layout_in_both_languages),
        cmocka_unit_test(licence_classes_with_their_dates),
        cmocka_unit_test(health_and_criminal_rows),
        cmocka_unit_test(colours_differ_per_doc_type),
        cmocka_unit_test(card_rejects_bad_input),
        cmocka_unit_test(every_card_parses_and_renders),
        cmocka_unit_test(hostile_values_stay_text),
        cmocka_unit_test(long_values_are_ellipsised),
        cmocka_unit_test(utf8_prefix_never_splits_a_character),
        cmocka_unit_test(xml_escape_and_base64),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
