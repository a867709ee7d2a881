/* SPDX-License-Identifier: Apache-2.0 */
/* The relying party that really scans. For every doc type, offline and in
 * challenge mode: the holder's presentation is built for real, drawn as a QR
 * code (PNG, and SVG rasterised by rsvg-convert), read back from the pixels by
 * libzbar, compared byte for byte with what was encoded, and verified with
 * eid_verifier_check_presentation(). In challenge mode the relying party's request travels the same
 * way the other direction: drawn as an "EIDR1:" code, scanned by the wallet,
 * inspected against the wallet's trust list for the consent screen, answered.
 * The SVG test runs rsvg-convert (librsvg2-bin). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credential/credential.h"
#include "fixture.h"
#include "test_qr_rp.h"
#include "wire.h"

#define SCALE 4 /* pixels per module for the plain scans */

/* Who may ask for what (the trust list the fixture signs, extended): the
 * fixture's traffic checkpoint (identity 0-3, licence 0-7), a hospital's
 * reception desk (identity 0-3, health insurance 0-9) and an employer's
 * recruitment office (identity 0-3, criminal record 0-10). */
typedef struct world {
    fx f;
    eid_key *hospital, *employer;
    uint8_t hospital_pk[32], employer_pk[32];
    eid_rp_permission hospital_allowed[2], employer_allowed[2];
    eid_trust_rp rps[3];
    eid_replay_store *wallet_store;
    eid_verifier *wallet; /* the holder's: same pinned root and trust list */
    uint32_t next_index;  /* revocation index of the next credential */
    int64_t now;          /* the scene's clock: starts at f.now */
    char *tmp;            /* for SVG and rasterised files */
} world;

static const uint32_t identity_0_3[] = {0, 1, 2, 3};
static const uint32_t health_all[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
static const uint32_t record_all[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

static eid_key *seeded(uint8_t n)
{
    uint8_t seed[32];
    memset(seed, 0x60 + n, sizeof seed);
    eid_key *k = NULL;
    assert_int_equal(eid_key_new_from_seed(seed, sizeof seed, &k), EID_OK);
    return k;
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    fx *f = &w->f;
    fx_init(f);
    w->hospital = seeded(1);
    w->employer = seeded(2);
    eid_key_public(w->hospital, w->hospital_pk);
    eid_key_public(w->employer, w->employer_pk);
    w->hospital_allowed[0] = (eid_rp_permission){EID_DOC_IDENTITY, identity_0_3, 4};
    w->hospital_allowed[1] = (eid_rp_permission){EID_DOC_HEALTH_INSURANCE, health_all, 10};
    w->employer_allowed[0] = (eid_rp_permission){EID_DOC_IDENTITY, identity_0_3, 4};
    w->employer_allowed[1] = (eid_rp_permission){EID_DOC_CRIMINAL_RECORD, record_all, 11};
    w->rps[0] = f->rps[0];
    w->rps[1] = (eid_trust_rp){"vn.benhvienbachmai.tiepdon", "Bệnh viện Bạch Mai – Quầy tiếp đón", w->hospital_pk,
                               w->hospital_allowed, 2};
    w->rps[2] = (eid_trust_rp){"vn.tuyendung.hanoi", "Trung tâm Tuyển dụng Hà Nội", w->employer_pk,
                               w->employer_allowed, 2};
    f->tp.relying_parties = w->rps;
    f->tp.n_relying_parties = 3;
    f->tp.sequence++;
    fx_sign_trust(f);
    assert_int_equal(fx_build(f), EID_OK);
    assert_int_equal(eid_replay_store_new(16, &w->wallet_store), EID_OK);
    assert_int_equal(eid_verifier_new(f->root_pk, 1, NULL, f->trust.data, f->trust.len, NULL, 0, w->wallet_store,
                                      &w->wallet),
                     EID_OK);
    w->next_index = 1;
    w->now = f->now;
    w->tmp = tu_temp_dir("qr-verify");
    assert_non_null(w->tmp);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    eid_verifier_free(w->wallet);
    eid_replay_store_free(w->wallet_store);
    eid_key_free(w->hospital);
    eid_key_free(w->employer);
    fx_free(&w->f);
    tu_remove_tree(w->tmp);
    free(w->tmp);
    free(w);
    return 0;
}

/* ---- the camera ----------------------------------------------------------------------- */

/* Encodes `text` at level M, renders it as PNG at `scale` px/module with the
 * quiet zone, decodes the PNG, applies frame `frame` of distortion d, and
 * returns what zbar read (malloc'd), or NULL when it read nothing. */
static char *scan_png(const char *text, uint32_t scale, const rp_distortion *d, int frame)
{
    eid_qr *qr = NULL;
    assert_int_equal(eid_qr_new(text, EID_QR_ECC_M, &qr), EID_OK);
    eid_bytes png = {0};
    assert_int_equal(eid_qr_render_png(qr, scale, EID_QR_QUIET_ZONE, &png), EID_OK);
    eid_qr_free(qr);
    uint32_t pw = 0, ph = 0;
    uint8_t *gray = rp_png_to_gray(png.data, png.len, &pw, &ph);
    assert_non_null(gray);
    eid_bytes_free(&png);
    rp_distort_frame(gray, pw, ph, d, 900, frame);
    char *read = NULL;
    size_t len = 0;
    int found = rp_scan(gray, pw, ph, &read, &len);
    free(gray);
    if (found != 1) {
        free(read);
        return NULL;
    }
    assert_int_equal(len, strlen(read)); /* no NUL inside */
    return read;
}

/* Renders `text` as SVG, rasterises it with rsvg-convert at SCALE px/module
 * and returns what zbar read from that bitmap (malloc'd, or NULL). */
static char *scan_svg(world *w, const char *text)
{
    eid_qr *qr = NULL;
    assert_int_equal(eid_qr_new(text, EID_QR_ECC_M, &qr), EID_OK);
    eid_bytes svg = {0};
    assert_int_equal(eid_qr_render_svg(qr, EID_QR_QUIET_ZONE, &svg), EID_OK);
    unsigned side = (eid_qr_width(qr) + 2 * EID_QR_QUIET_ZONE) * SCALE;
    eid_qr_free(qr);
    char svg_path[4200], png_path[4200], cmd[9000];
    snprintf(svg_path, sizeof svg_path, "%s/code.svg", w->tmp);
    snprintf(png_path, sizeof png_path, "%s/code.png", w->tmp);
    FILE *file = fopen(svg_path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(svg.data, 1, svg.len, file), svg.len);
    fclose(file);
    eid_bytes_free(&svg);
    snprintf(cmd, sizeof cmd, "rsvg-convert -w %u -h %u -b white -o '%s' '%s'", side, side, png_path, svg_path);
    assert_int_equal(system(cmd), 0);
    size_t png_len = 0;
    uint8_t *png = tu_read_file(png_path, &png_len);
    assert_non_null(png);
    uint32_t pw = 0, ph = 0;
    uint8_t *gray = rp_png_to_gray(png, png_len, &pw, &ph);
    assert_non_null(gray);
    assert_int_equal(pw, side);
    free(png);
    char *read = NULL;
    size_t len = 0;
    int found = rp_scan(gray, pw, ph, &read, &len);
    free(gray);
    /* the pictures hold personal data: leave none behind */
    remove(svg_path);
    remove(png_path);
    if (found != 1) {
        free(read);
        return NULL;
    }
    return read;
}

/* What zbar read is exactly what was encoded. */
static void assert_read_back(const char *read, const char *text)
{
    assert_non_null(read);
    assert_int_equal(strlen(read), strlen(text));
    assert_memory_equal(read, text, strlen(text));
}

static const rp_distortion *clean(void) { return rp_distortion_named("clean"); }

/* ---- the checks on what the relying party learns ---------------------------------------- */

static int claim_equal(const eid_claim *a, const eid_claim *b)
{
    if (a->number != b->number || a->type != b->type || a->number_value != b->number_value ||
        a->bytes_len != b->bytes_len || a->n_entries != b->n_entries)
        return 0;
    if (a->bytes_len && memcmp(a->bytes, b->bytes, a->bytes_len) != 0)
        return 0;
    for (size_t i = 0; i < a->n_entries; i++) {
        const eid_list_entry *x = &a->entries[i], *y = &b->entries[i];
        if (x->code != y->code || x->first_day != y->first_day || x->last_day != y->last_day ||
            x->text_len != y->text_len || (x->text_len && memcmp(x->text, y->text, x->text_len) != 0))
            return 0;
    }
    return 1;
}

/* The result carries exactly the disclosed claims, with the issued values. */
static void assert_claims(const eid_result *r, uint32_t doc_type, const uint32_t *claims, size_t n)
{
    eid_claim issued[EID_CLAIM_MAX_COUNT];
    size_t n_issued = fx_claims(doc_type, issued);
    assert_int_equal(eid_result_doc_type(r), doc_type);
    assert_int_equal(eid_result_claim_count(r), n);
    for (size_t i = 0; i < n; i++) {
        const eid_claim *got = eid_result_claim(r, i);
        assert_non_null(got);
        assert_int_equal(got->number, claims[i]);
        const eid_claim *want = NULL;
        for (size_t k = 0; k < n_issued; k++)
            if (issued[k].number == claims[i])
                want = &issued[k];
        assert_non_null(want);
        assert_true(claim_equal(got, want));
    }
    assert_null(eid_result_claim(r, n));
}

/* Verifies what was scanned: it passes, with the right mode and claims, and a
 * second scan of the same code is a replay. */
static void verify_scanned(world *w, const char *read, uint32_t doc_type, const uint32_t *claims, size_t n,
                           int challenged)
{
    eid_result *r = NULL;
    assert_int_equal(fx_verify(&w->f, read, w->now + 2, &r), EID_OK);
    assert_int_equal(eid_result_challenged(r), challenged);
    assert_int_equal(eid_result_assurance(r), 2);
    assert_claims(r, doc_type, claims, n);
    eid_result_free(r);
    assert_int_equal(fx_verify(&w->f, read, w->now + 3, NULL), EID_ERR_REPLAYED);
}

/* ---- the two directions ----------------------------------------------------------------- */

typedef struct asker {
    const eid_key *key;
    const char *rp_id;
    const char *name; /* what the trust list calls it */
} asker;

static asker asker_for(world *w, uint32_t doc_type)
{
    switch (doc_type) {
    case EID_DOC_HEALTH_INSURANCE: return (asker){w->hospital, w->rps[1].rp_id, w->rps[1].name};
    case EID_DOC_CRIMINAL_RECORD: return (asker){w->employer, w->rps[2].rp_id, w->rps[2].name};
    default: return (asker){w->f.rp, w->rps[0].rp_id, w->rps[0].name};
    }
}

/* The relying party shows a request as an EIDR1 code; the wallet scans it,
 * checks it against its trust list and gets the consent screen; returns the
 * request bytes the wallet read, for it to answer. */
static eid_bytes wallet_scans_request(world *w, uint32_t doc_type, const uint32_t *claims, size_t n)
{
    fx *f = &w->f;
    asker a = asker_for(w, doc_type);
    eid_requested_claims rq = {doc_type, claims, n};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(a.key, a.rp_id, &rq, 1, w->now, 120, &req), EID_OK);
    f->opt.rp_id = a.rp_id; /* the asker's own verifier, on the shared store */
    assert_int_equal(fx_build(f), EID_OK);
    assert_int_equal(eid_verifier_open_request(f->verifier, req.data, req.len, w->now), EID_OK);
    char *rtext = NULL;
    assert_int_equal(eid_request_text(req.data, req.len, &rtext), EID_OK);
    assert_int_equal(strncmp(rtext, EID_REQUEST_TEXT_PREFIX, 6), 0);

    char *read = scan_png(rtext, SCALE, clean(), 0);
    assert_read_back(read, rtext);
    eid_bytes scanned = {0};
    assert_int_equal(eid_request_from_text(read, &scanned), EID_OK);
    assert_int_equal(scanned.len, req.len);
    assert_memory_equal(scanned.data, req.data, req.len);

    eid_request_info *info = NULL;
    assert_int_equal(eid_verifier_inspect_request(w->wallet, scanned.data, scanned.len, w->now + 1, &info), EID_OK);
    assert_string_equal(eid_request_info_rp_id(info), a.rp_id);
    assert_string_equal(eid_request_info_rp_name(info), a.name);
    assert_int_equal(eid_request_info_expires_at(info), w->now + 120);
    assert_int_equal(eid_request_info_doc_count(info), 1);
    assert_int_equal(eid_request_info_doc_type(info, 0), doc_type);
    assert_int_equal(eid_request_info_claim_count(info, 0), n);
    for (size_t i = 0; i < n; i++) {
        uint32_t number = 0;
        assert_int_equal(eid_request_info_claim(info, 0, i, &number), EID_OK);
        assert_int_equal(number, claims[i]);
        assert_non_null(eid_claim_name(doc_type, number));
    }
    eid_request_info_free(info);
    free(read);
    eid_text_free(rtext);
    eid_bytes_free(&req);
    return scanned;
}

/* The holder's presentation text of `claims`, offline or answering `request`. */
static char *present(world *w, const eid_bytes *bundle, const uint32_t *claims, size_t n, const eid_bytes *request)
{
    eid_bytes p = {0};
    assert_int_equal(eid_present(bundle->data, bundle->len, w->f.holder, claims, n, request ? request->data : NULL,
                                 request ? request->len : 0, w->now + 1, &p),
                     EID_OK);
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    eid_bytes_free(&p);
    return text;
}

/* One doc type in one mode, the whole way: PNG and SVG both read back exactly,
 * and what was read verifies. */
static void scan_and_verify(world *w, uint32_t doc_type, const uint32_t *claims, size_t n, int challenge)
{
    eid_bytes bundle = fx_issue(&w->f, doc_type, w->next_index++);
    eid_bytes request = {0};
    if (challenge)
        request = wallet_scans_request(w, doc_type, claims, n);
    char *text = present(w, &bundle, claims, n, challenge ? &request : NULL);
    assert_int_equal(strncmp(text, EID_PRESENTATION_TEXT_PREFIX, 5), 0);

    char *from_png = scan_png(text, SCALE, clean(), 0);
    assert_read_back(from_png, text);
    char *from_svg = scan_svg(w, text);
    assert_read_back(from_svg, text);
    verify_scanned(w, from_png, doc_type, claims, n, challenge);

    free(from_png);
    free(from_svg);
    eid_text_free(text);
    eid_bytes_free(&request);
    eid_bytes_free(&bundle);
}

static const rp_payload *typical(uint32_t doc_type)
{
    for (size_t i = 0; i < RP_PAYLOAD_COUNT; i++)
        if (!rp_payloads[i].is_request && rp_payloads[i].doc_type == doc_type)
            return &rp_payloads[i];
    fail_msg("no typical presentation of doc type %u", doc_type);
    return NULL;
}

#define DOC_TESTS(name, doc)                                                                                 \
    static void name##_offline(void **state)                                                                 \
    {                                                                                                        \
        const rp_payload *p = typical(doc);                                                                  \
        scan_and_verify(*state, doc, p->claims, p->n_claims, 0);                                             \
    }                                                                                                        \
    static void name##_challenge(void **state)                                                               \
    {                                                                                                        \
        const rp_payload *p = typical(doc);                                                                  \
        scan_and_verify(*state, doc, p->claims, p->n_claims, 1);                                             \
    }

DOC_TESTS(identity, EID_DOC_IDENTITY)
DOC_TESTS(driving_licence, EID_DOC_DRIVING_LICENCE)
DOC_TESTS(health_insurance, EID_DOC_HEALTH_INSURANCE)
DOC_TESTS(criminal_record, EID_DOC_CRIMINAL_RECORD)

/* ---- under distortion ------------------------------------------------------------------- */

/* The identity presentation, offline and answering a request, at 4 and 8
 * px/module under every distortion a scanner must read (rp_expected): a fresh
 * presentation per case, a minute apart, read from the first of RP_FRAMES
 * frames that reads, compared byte for byte, verified. */
static void distorted(world *w, int challenge)
{
    const rp_payload *p = typical(EID_DOC_IDENTITY);
    eid_bytes bundle = fx_issue(&w->f, EID_DOC_IDENTITY, w->next_index++);
    size_t cases = 0;
    for (size_t i = 0; i < RP_EXPECTED_COUNT; i++) {
        const rp_expectation *e = &rp_expected[i];
        if (e->scale != 4 && e->scale != 8)
            continue;
        const rp_distortion *d = rp_distortion_named(e->distortion);
        assert_non_null(d);
        eid_bytes request = {0};
        if (challenge)
            request = wallet_scans_request(w, EID_DOC_IDENTITY, p->claims, p->n_claims);
        char *text = present(w, &bundle, p->claims, p->n_claims, challenge ? &request : NULL);
        char *read = NULL;
        for (int k = 0; k < RP_FRAMES && read == NULL; k++)
            read = scan_png(text, e->scale, d, k);
        if (read == NULL)
            fail_msg("not read at %u px/module after %s in %d frames (expected because: %s)", e->scale, d->name,
                     RP_FRAMES, e->why);
        assert_read_back(read, text);
        verify_scanned(w, read, EID_DOC_IDENTITY, p->claims, p->n_claims, challenge);
        free(read);
        eid_text_free(text);
        eid_bytes_free(&request);
        cases++;
        /* the next case a minute later: the replay store keeps at most
         * EID_REPLAY_PER_HOLDER live presentations of one holder */
        w->now += 61;
    }
    assert_true(cases >= 6); /* blur at 8 px, noise at 4 and 8, both at 8 (test_qr_rp.h) */
    eid_bytes_free(&bundle);
}

static void identity_offline_distorted(void **state) { distorted(*state, 0); }
static void identity_challenge_distorted(void **state) { distorted(*state, 1); }

/* ---- age predicate ---------------------------------------------------------------------- */

static int holds(const eid_bytes *hay, const uint8_t *needle, size_t n)
{
    for (size_t i = 0; i + n <= hay->len; i++)
        if (memcmp(hay->data + i, needle, n) == 0)
            return 1;
    return 0;
}

/* age_over_18 alone, through a scanned code: the relying party learns that
 * the holder is over 18 and nothing of the birth date, whose disclosure (salt
 * and value) is nowhere in what the code carries. Offline, and answering the
 * checkpoint's request for age_over_18 only. */
static void age_over_18_without_birth_date(void **state)
{
    world *w = *state;
    static const uint32_t age_only[] = {3};
    uint32_t number = 99;
    assert_int_equal(eid_claim_number(EID_DOC_IDENTITY, "age_over_18", &number), EID_OK);
    assert_int_equal(number, 3);
    assert_int_equal(eid_claim_number(EID_DOC_IDENTITY, "birth_date", &number), EID_OK);
    assert_int_equal(number, 2);

    eid_bytes bundle = fx_issue(&w->f, EID_DOC_IDENTITY, w->next_index++);
    bundle_view view;
    assert_int_equal(bundle_decode(bundle.data, bundle.len, &view), EID_OK);
    const ProtobufCBinaryData *birth = view.disclosure[2];
    assert_non_null(birth);

    for (int challenge = 0; challenge <= 1; challenge++) {
        eid_bytes request = {0};
        if (challenge)
            request = wallet_scans_request(w, EID_DOC_IDENTITY, age_only, 1);
        char *text = present(w, &bundle, age_only, 1, challenge ? &request : NULL);
        char *read = scan_png(text, SCALE, clean(), 0);
        assert_read_back(read, text);
        eid_bytes carried = wire_from_text(read);
        assert_false(holds(&carried, birth->data, birth->len));
        assert_false(holds(&carried, birth->data, 16)); /* not even its salt */

        eid_result *r = NULL;
        assert_int_equal(fx_verify(&w->f, read, w->now + 2, &r), EID_OK);
        assert_int_equal(eid_result_challenged(r), challenge);
        assert_int_equal(eid_result_claim_count(r), 1);
        const eid_claim *c = eid_result_claim(r, 0);
        assert_int_equal(c->number, 3);
        assert_int_equal(c->type, EID_VALUE_BOOLEAN);
        assert_int_equal(c->number_value, 1);
        assert_string_equal(eid_claim_name(EID_DOC_IDENTITY, c->number), "age_over_18");
        eid_result_free(r);
        eid_bytes_free(&carried);
        free(read);
        eid_text_free(text);
        eid_bytes_free(&request);
    }
    bundle_view_free(&view);
    eid_bytes_free(&bundle);
}

/* ---- what binds the answer to the request ---------------------------------------------- */

/* An answer to one relying party's request is worth nothing at another that
 * never opened it, even one the trust list knows; and an offline code is
 * refused by a relying party that requires challenges. */
static void an_answer_binds_to_its_request(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    const rp_payload *p = typical(EID_DOC_HEALTH_INSURANCE);
    eid_bytes bundle = fx_issue(f, EID_DOC_HEALTH_INSURANCE, w->next_index++);
    eid_bytes request = wallet_scans_request(w, EID_DOC_HEALTH_INSURANCE, p->claims, p->n_claims);
    char *text = present(w, &bundle, p->claims, p->n_claims, &request);
    char *read = scan_png(text, SCALE, clean(), 0);
    assert_read_back(read, text);

    /* another hospital desk: same trust list, its own replay store */
    eid_replay_store *other_store = NULL;
    assert_int_equal(eid_replay_store_new(16, &other_store), EID_OK);
    eid_revocation_list_input lists[FX_DOCS - 1];
    for (uint32_t t = 1; t < FX_DOCS; t++)
        lists[t - 1] = (eid_revocation_list_input){f->status[t].data, f->status[t].len, 0};
    eid_verifier *other = NULL;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, lists, FX_DOCS - 1,
                                      other_store, &other),
                     EID_OK);
    eid_result *r = NULL;
    assert_int_equal(eid_verifier_check_presentation(other, read, w->now + 2, &r), EID_ERR_REQUEST_UNKNOWN);
    assert_int_equal(eid_result_check(r, EID_CHECK_FRESHNESS, NULL), EID_CHECK_FAILED);
    eid_result_free(r);
    /* the desk that asked accepts it */
    verify_scanned(w, read, EID_DOC_HEALTH_INSURANCE, p->claims, p->n_claims, 1);

    eid_verifier_free(other);
    eid_replay_store_free(other_store);
    free(read);
    eid_text_free(text);
    eid_bytes_free(&request);
    eid_bytes_free(&bundle);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(identity_offline, setup, teardown),
        cmocka_unit_test_setup_teardown(identity_challenge, setup, teardown),
        cmocka_unit_test_setup_teardown(driving_licence_offline, setup, teardown),
        cmocka_unit_test_setup_teardown(driving_licence_challenge, setup, teardown),
        cmocka_unit_test_setup_teardown(health_insurance_offline, setup, teardown),
        cmocka_unit_test_setup_teardown(health_insurance_challenge, setup, teardown),
        cmocka_unit_test_setup_teardown(criminal_record_offline, setup, teardown),
        cmocka_unit_test_setup_teardown(criminal_record_challenge, setup, teardown),
        cmocka_unit_test_setup_teardown(identity_offline_distorted, setup, teardown),
        cmocka_unit_test_setup_teardown(identity_challenge_distorted, setup, teardown),
        cmocka_unit_test_setup_teardown(age_over_18_without_birth_date, setup, teardown),
        cmocka_unit_test_setup_teardown(an_answer_binds_to_its_request, setup, teardown),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("qr_verify", tests, NULL, NULL);
}
