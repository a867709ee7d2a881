/* SPDX-License-Identifier: Apache-2.0 */
/* The security heart: presentations verified end to end, and one test per
 * check that fails it alone. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "credential/credential.h"
#include "credential/disclosure.h"
#include "verify/verdict.h"
#include "wire.h"


static const uint32_t std_claims[] = {0, 1, 2, 3};

/* Asserts that exactly `check` failed with `status`, everything else passed or was skipped. */
static void assert_only_failure(const eid_result *r, eid_check check, eid_status status)
{
    assert_int_equal(eid_result_status(r), status);
    for (int c = 0; c < EID_CHECK_COUNT; c++) {
        eid_status st;
        eid_check_outcome o = eid_result_check(r, (eid_check)c, &st);
        if (c == (int)check) {
            assert_int_equal(o, EID_CHECK_FAILED);
            assert_int_equal(st, status);
            assert_true(strlen(eid_result_check_detail(r, (eid_check)c)) > 0);
        } else {
            assert_int_not_equal(o, EID_CHECK_FAILED);
        }
    }
    assert_int_equal(eid_result_claim_count(r), 0);
}

static void expect_failure(fx *f, const char *text, int64_t now, eid_check check, eid_status status)
{
    eid_result *r = NULL;
    fx_verify(f, text, now, &r);
    assert_only_failure(r, check, status);
    eid_result_free(r);
}

static void every_doc_type_verifies_with_typed_claims(void **state)
{
    fx *f = *state;
    for (uint32_t t = 1; t < FX_DOCS; t++) {
        eid_bytes b = fx_issue(f, t, 10 + t);
        char *text = fx_present(f, &b, std_claims, 4, f->now);
        assert_true(strncmp(text, "EID1:", 5) == 0);
        eid_result *r = NULL;
        assert_int_equal(fx_verify(f, text, f->now, &r), EID_OK);
        for (int c = 0; c < EID_CHECK_COUNT; c++)
            assert_int_equal(eid_result_check(r, (eid_check)c, NULL), EID_CHECK_PASSED);
        assert_int_equal(eid_result_doc_type(r), t);
        assert_int_equal(eid_result_challenged(r), 0);
        assert_int_equal(eid_result_trust_sequence(r), 5);
        assert_int_equal(eid_result_revocation_sequence(r), 3);
        assert_true(strlen(eid_result_issuer_name(r)) > 0);
        assert_int_equal(eid_result_claim_count(r), 4);
        const eid_claim *id = eid_result_claim(r, 0);
        assert_int_equal(id->number, 0);
        assert_int_equal(id->type, EID_VALUE_TEXT);
        assert_memory_equal(id->bytes, FX_PERSONAL_ID, 12);
        const eid_claim *name = eid_result_claim(r, 1);
        assert_int_equal(name->bytes_len, strlen(FX_FULL_NAME));
        assert_memory_equal(name->bytes, FX_FULL_NAME, name->bytes_len);
        assert_int_equal(eid_result_claim(r, 2)->type, EID_VALUE_DATE);
        assert_null(eid_result_claim(r, 4));
        eid_result_free(r);
        /* the same text again is a replay */
        expect_failure(f, text, f->now + 1, EID_CHECK_REPLAY, EID_ERR_REPLAYED);
        eid_text_free(text);
        eid_bytes_free(&b);
    }
}

static void age_predicate_without_birth_date(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 7);
    const uint32_t only_age[] = {3};
    char *text = fx_present(f, &b, only_age, 1, f->now);
    eid_result *r = NULL;
    assert_int_equal(fx_verify(f, text, f->now, &r), EID_OK);
    assert_int_equal(eid_result_claim_count(r), 1);
    assert_int_equal(eid_result_claim(r, 0)->number, 3);
    assert_int_equal(eid_result_claim(r, 0)->number_value, 1);
    eid_result_free(r);
    eid_text_free(text);
    eid_bytes_free(&b);
}

static void standard_identity_presentation_fits_430_bytes(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 4095);
    eid_bytes p = {0};
    assert_int_equal(eid_present(b.data, b.len, f->holder, std_claims, 4, NULL, 0, f->now, &p), EID_OK);
    assert_int_equal(strlen(FX_FULL_NAME), 24);
    assert_true(p.len <= 430);
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    assert_true(strlen(text) <= 5 + 645);
    eid_text_free(text);
    eid_bytes_free(&p);
    eid_bytes_free(&b);
}

/* ---- one failure per check ------------------------------------------------- */

static void wrong_prefix_bad_base45_truncated_oversize_not_protobuf(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 1);
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    char *bad = strdup(text);
    bad[3] = '2'; /* EID2: */
    expect_failure(f, bad, f->now, EID_CHECK_FORMAT, EID_ERR_FORMAT);
    strcpy(bad, text);
    bad[10] = 'a'; /* not base45 */
    expect_failure(f, bad, f->now, EID_CHECK_FORMAT, EID_ERR_FORMAT);
    strcpy(bad, text);
    bad[strlen(bad) - 3] = '\0'; /* truncated by a base45 group */
    expect_failure(f, bad, f->now, EID_CHECK_FORMAT, EID_ERR_FORMAT);
    expect_failure(f, "EID1:", f->now, EID_CHECK_FORMAT, EID_ERR_FORMAT);
    expect_failure(f, "", f->now, EID_CHECK_FORMAT, EID_ERR_FORMAT);
    expect_failure(f, "EID1:0A0A0A", f->now, EID_CHECK_FORMAT, EID_ERR_FORMAT); /* not protobuf */
    size_t big = eid_presentation_max_text() + 3;
    char *huge = malloc(big + 1);
    memset(huge, '0', big);
    memcpy(huge, "EID1:", 5);
    huge[big] = '\0';
    expect_failure(f, huge, f->now, EID_CHECK_FORMAT, EID_ERR_TOO_LARGE);
    free(huge);
    free(bad);
    /* the original still verifies: nothing was used up */
    assert_int_equal(fx_verify(f, text, f->now, NULL), EID_OK);
    eid_text_free(text);
    eid_bytes_free(&b);
}


/* ---- helpers that break one thing ------------------------------------------------ */

/* A presentation of std_claims whose body went through `edit`. */
static char *edited(fx *f, const eid_bytes *bundle, int64_t when, eid_bytes (*edit)(fx *, const eid_bytes *))
{
    char *text = fx_present(f, bundle, std_claims, 4, when);
    eid_bytes p = wire_from_text(text);
    size_t n;
    const uint8_t *body = wire_get(&p, 1, &n);
    eid_bytes b = wire_copy(body, n);
    eid_bytes nb = edit(f, &b);
    char *out = wire_present_body(f->holder, &nb);
    eid_text_free(text);
    eid_bytes_free(&p);
    eid_bytes_free(&b);
    eid_bytes_free(&nb);
    return out;
}

/* A trusted extra key for issuer "vn.bocongan" (credential usage only). */
static eid_key *extra_key(fx *f, uint32_t doc, uint32_t max_assurance, int32_t sign_from, int32_t sign_until,
                          int32_t verify_until, uint8_t pk[32])
{
    static uint32_t docs[1];
    docs[0] = doc;
    eid_key *k = NULL;
    assert_int_equal(eid_key_new(&k), EID_OK);
    eid_key_public(k, pk);
    f->issuers[f->n_issuers++] = (eid_trust_issuer){
        .issuer_id = "vn.bocongan", .public_key = pk, .usage = EID_USAGE_CREDENTIAL, .doc_types = docs,
        .n_doc_types = 1, .max_assurance = max_assurance, .sign_from = sign_from, .sign_until = sign_until,
        .verify_until = verify_until, .name = "Bộ Công an (khóa phụ)"};
    f->tp.n_issuers = f->n_issuers;
    fx_sign_trust(f);
    assert_int_equal(fx_build(f), EID_OK);
    return k;
}

static void issuer_key_checks(void **state)
{
    fx *f = *state;
    int32_t d = f->today;
    struct {
        uint32_t doc, max_assurance;
        int32_t sign_from, sign_until, verify_until;
    } cases[] = {
        {EID_DOC_DRIVING_LICENCE, 2, d - 10, d + 10, d + 10}, /* not allowed for the doc type */
        {EID_DOC_IDENTITY, 1, d - 10, d + 10, d + 10},        /* assurance above its maximum */
        {EID_DOC_IDENTITY, 2, d, d + 10, d + 10},             /* issued (d-1) before the signing window */
        {EID_DOC_IDENTITY, 2, d - 10, d - 2, d + 10},         /* issued after the signing window */
        {EID_DOC_IDENTITY, 2, d - 10, d - 1, d - 1},          /* verifying window over */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t pk[32];
        eid_key *k = extra_key(f, cases[i].doc, cases[i].max_assurance, cases[i].sign_from, cases[i].sign_until,
                               cases[i].verify_until, pk);
        eid_credential_params p = fx_params(f, EID_DOC_IDENTITY, 1);
        eid_bytes b = fx_issue_with(f, &p, k);
        char *text = fx_present(f, &b, std_claims, 4, f->now);
        eid_result *r = NULL;
        fx_verify(f, text, f->now, &r);
        assert_only_failure(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER);
        assert_string_equal(eid_result_issuer_id(r), "vn.bocongan");
        eid_result_free(r);
        eid_text_free(text);
        eid_bytes_free(&b);
        eid_key_free(k);
        f->n_issuers--;
    }
    /* an unknown key: issuer signature and status cannot run */
    eid_key *stranger = NULL;
    assert_int_equal(eid_key_new(&stranger), EID_OK);
    eid_credential_params p = fx_params(f, EID_DOC_IDENTITY, 1);
    eid_bytes b = fx_issue_with(f, &p, stranger);
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    eid_result *r = NULL;
    fx_verify(f, text, f->now, &r);
    assert_only_failure(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER);
    assert_int_equal(eid_result_check(r, EID_CHECK_ISSUER_SIGNATURE, NULL), EID_CHECK_SKIPPED);
    assert_int_equal(eid_result_check(r, EID_CHECK_REVOCATION, NULL), EID_CHECK_SKIPPED);
    assert_int_equal(eid_result_check(r, EID_CHECK_REPLAY, NULL), EID_CHECK_SKIPPED);
    eid_result_free(r);
    eid_text_free(text);
    eid_bytes_free(&b);
    eid_key_free(stranger);
}

static void wrong_usage(void **state)
{
    fx *f = *state;
    f->issuers[0].usage = EID_USAGE_REVOCATION; /* identity key: revocation lists only */
    fx_sign_trust(f);
    assert_int_equal(fx_build(f), EID_OK);
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 1);
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    expect_failure(f, text, f->now, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER);
    eid_text_free(text);
    eid_bytes_free(&b);
}

static eid_bytes flip_issuer_signature(fx *f, const eid_bytes *body)
{
    (void)f;
    size_t n;
    const uint8_t *cred = wire_get(body, 3, &n);
    eid_bytes c = wire_copy(cred, n);
    c.data[c.len - 1] ^= 1; /* the signature is the credential's last field */
    eid_bytes out = wire_body_with_credential(body, &c);
    eid_bytes_free(&c);
    return out;
}

static void issuer_signature_bad(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_DRIVING_LICENCE, 2);
    char *text = edited(f, &b, f->now, flip_issuer_signature);
    expect_failure(f, text, f->now, EID_CHECK_ISSUER_SIGNATURE, EID_ERR_BAD_SIGNATURE);
    eid_text_free(text);
    eid_bytes_free(&b);
}

static void validity_with_clock_skew(void **state)
{
    fx *f = *state;
    int64_t midnight = (int64_t)(f->today + 1) * 86400 - 7 * 3600; /* start of tomorrow, Vietnam time */
    /* valid until today: fine 20 s into tomorrow (skew 30), expired 40 s in */
    eid_credential_params p = fx_params(f, EID_DOC_IDENTITY, 3);
    p.valid_until = f->today;
    eid_bytes b = fx_issue_with(f, &p, f->issuer[EID_DOC_IDENTITY]);
    char *t1 = fx_present(f, &b, std_claims, 4, midnight + 20);
    assert_int_equal(fx_verify(f, t1, midnight + 20, NULL), EID_OK);
    char *t2 = fx_present(f, &b, std_claims, 4, midnight + 40);
    expect_failure(f, t2, midnight + 40, EID_CHECK_VALIDITY, EID_ERR_EXPIRED);
    eid_text_free(t1);
    eid_text_free(t2);
    eid_bytes_free(&b);
    /* valid from tomorrow: fine 20 s before midnight, not yet valid 40 s before */
    p = fx_params(f, EID_DOC_IDENTITY, 4);
    p.valid_from = f->today + 1;
    b = fx_issue_with(f, &p, f->issuer[EID_DOC_IDENTITY]);
    t1 = fx_present(f, &b, std_claims, 4, midnight - 20);
    assert_int_equal(fx_verify(f, t1, midnight - 20, NULL), EID_OK);
    t2 = fx_present(f, &b, std_claims, 4, midnight - 40);
    expect_failure(f, t2, midnight - 40, EID_CHECK_VALIDITY, EID_ERR_NOT_YET_VALID);
    eid_text_free(t1);
    eid_text_free(t2);
    eid_bytes_free(&b);
}

static void level_one_refused_by_default(void **state)
{
    fx *f = *state;
    eid_credential_params p = fx_params(f, EID_DOC_IDENTITY, 5);
    p.assurance = 1;
    /* a self-registered identity: personal ID, name and phone */
    eid_claim c[EID_CLAIM_MAX_COUNT];
    fx_claims(EID_DOC_IDENTITY, c);
    c[2] = (eid_claim){.number = 11, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)"0912345678", .bytes_len = 10};
    eid_bytes b = {0};
    assert_int_equal(eid_issue_credential(f->issuer[EID_DOC_IDENTITY], &p, c, 3, &b), EID_OK);
    const uint32_t shown[] = {0, 1, 11};
    char *text = fx_present(f, &b, shown, 3, f->now);
    expect_failure(f, text, f->now, EID_CHECK_ASSURANCE, EID_ERR_WRONG_LEVEL);
    /* a verifier that accepts level 1 says yes */
    f->opt.min_assurance = 1;
    assert_int_equal(fx_build(f), EID_OK);
    eid_result *r = NULL;
    assert_int_equal(fx_verify(f, text, f->now, &r), EID_OK);
    assert_int_equal(eid_result_assurance(r), 1);
    eid_result_free(r);
    eid_text_free(text);
    eid_bytes_free(&b);
}

static eid_bytes drop_proof_node(fx *f, const eid_bytes *body)
{
    (void)f;
    size_t n;
    const uint8_t *proof = wire_get(body, 5, &n);
    return wire_set(body, 5, 0, proof, n - 16);
}

static eid_bytes extra_proof_node(fx *f, const eid_bytes *body)
{
    (void)f;
    size_t n;
    const uint8_t *proof = wire_get(body, 5, &n);
    uint8_t more[64 * 16];
    memcpy(more, proof, n);
    memset(more + n, 0x5A, 16);
    return wire_set(body, 5, 0, more, n + 16);
}

static eid_bytes foreign_disclosure(fx *f, const eid_bytes *body)
{
    (void)f;
    eid_claim c = {.number = 1, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)"Nguyễn Văn An",
                   .bytes_len = strlen("Nguyễn Văn An")};
    uint8_t salt[16] = {1};
    uint8_t *d;
    size_t n;
    assert_int_equal(disclosure_encode(salt, 16, &c, &d, &n), EID_OK);
    eid_bytes out = wire_set(body, 4, 1, d, n);
    free(d);
    return out;
}

static eid_bytes duplicate_disclosure(fx *f, const eid_bytes *body)
{
    (void)f;
    size_t n;
    wire_field fs[32];
    int k = wire_fields(body->data, body->len, fs, 32);
    for (int i = 0; i < k; i++)
        if (fs[i].number == 4) { /* insert a copy of the first disclosure after it */
            eid_bytes out = {malloc(body->len + fs[i].end - fs[i].start), 0};
            memcpy(out.data, body->data, fs[i].end);
            memcpy(out.data + fs[i].end, body->data + fs[i].start, fs[i].end - fs[i].start);
            memcpy(out.data + 2 * fs[i].end - fs[i].start, body->data + fs[i].end, body->len - fs[i].end);
            out.len = body->len + fs[i].end - fs[i].start;
            return out;
        }
    (void)n;
    fail();
    return (eid_bytes){0};
}

static void proof_and_disclosure_tampering(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 6);
    char *t = edited(f, &b, f->now, drop_proof_node);
    expect_failure(f, t, f->now, EID_CHECK_PROOF, EID_ERR_PROOF);
    eid_text_free(t);
    t = edited(f, &b, f->now, extra_proof_node);
    expect_failure(f, t, f->now, EID_CHECK_PROOF, EID_ERR_PROOF);
    eid_text_free(t);
    t = edited(f, &b, f->now, foreign_disclosure);
    expect_failure(f, t, f->now, EID_CHECK_PROOF, EID_ERR_PROOF);
    eid_text_free(t);
    t = edited(f, &b, f->now, duplicate_disclosure);
    eid_result *r = NULL;
    fx_verify(f, t, f->now, &r);
    assert_only_failure(r, EID_CHECK_DISCLOSURES, EID_ERR_FORMAT);
    assert_int_equal(eid_result_check(r, EID_CHECK_PROOF, NULL), EID_CHECK_SKIPPED);
    eid_result_free(r);
    eid_text_free(t);
    eid_bytes_free(&b);
}

/* Issues an identity credential whose leaf `pos` is the given disclosure. */
static eid_bytes issue_with_disclosure(fx *f, uint32_t pos, const uint8_t *salt, size_t salt_len, const eid_claim *c)
{
    eid_claim std[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_IDENTITY, std);
    ProtobufCBinaryData d[MERKLE_MAX_LEAVES];
    memset(d, 0, sizeof d);
    uint8_t s16[16];
    memset(s16, 7, sizeof s16);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(disclosure_encode(s16, 16, &std[i], &d[std[i].number].data, &d[std[i].number].len),
                         EID_OK);
    free(d[pos].data);
    assert_int_equal(disclosure_encode(salt, salt_len, c, &d[pos].data, &d[pos].len), EID_OK);
    payload_fields pf = {.version = 1, .doc_type = EID_DOC_IDENTITY, .assurance = 2,
                             .issued_on = f->today - 1, .valid_from = f->today - 1, .valid_until = f->today + 30,
                             .leaf_count = 16, .revocation_list = 1, .revocation_index = 9};
    eid_key_id(f->issuer_pk[EID_DOC_IDENTITY], pf.issuer_key_id);
    memcpy(pf.holder_key, f->holder_pk, 32);
    eid_bytes b = {0};
    assert_int_equal(cred_issue_raw(f->issuer[EID_DOC_IDENTITY], &pf, d, &b), EID_OK);
    for (int i = 0; i < MERKLE_MAX_LEAVES; i++)
        free(d[i].data);
    return b;
}

static void bad_disclosures_fail_alone(void **state)
{
    fx *f = *state;
    uint8_t salt[17];
    memset(salt, 3, sizeof salt);
    const eid_claim name = {.number = 1, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)"An", .bytes_len = 2};
    const eid_claim nfd = {.number = 1, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)"Nguye\xcc\x82\xcc\x83n",
                           .bytes_len = 10};
    const eid_claim ctrl = {.number = 1, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)"An\x1b[2J", .bytes_len = 6};
    const eid_claim bad_id = {.number = 0, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)"12345", .bytes_len = 5};
    const eid_claim unknown = {.number = 13, .type = EID_VALUE_BOOLEAN, .number_value = 1};
    const eid_claim wrong_type = {.number = 3, .type = EID_VALUE_INTEGER, .number_value = 1};
    struct {
        uint32_t pos;
        size_t salt_len;
        const eid_claim *c;
        uint32_t present[4];
        size_t n;
        eid_status st;
    } cases[] = {
        {1, 15, &name, {0, 1}, 2, EID_ERR_FORMAT},
        {1, 17, &name, {0, 1}, 2, EID_ERR_FORMAT},
        {1, 16, &nfd, {0, 1}, 2, EID_ERR_FORMAT},
        {1, 16, &ctrl, {0, 1}, 2, EID_ERR_FORMAT},
        {0, 16, &bad_id, {0, 1}, 2, EID_ERR_INVALID_CLAIM},
        {13, 16, &unknown, {0, 13}, 2, EID_ERR_INVALID_CLAIM},
        {3, 16, &wrong_type, {3}, 1, EID_ERR_INVALID_CLAIM},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eid_bytes b = issue_with_disclosure(f, cases[i].pos, salt, cases[i].salt_len, cases[i].c);
        char *text = fx_present(f, &b, cases[i].present, cases[i].n, f->now);
        expect_failure(f, text, f->now, EID_CHECK_DISCLOSURES, cases[i].st);
        eid_text_free(text);
        eid_bytes_free(&b);
    }
}

static eid_bytes flip_nothing(fx *f, const eid_bytes *body)
{
    (void)f;
    return wire_copy(body->data, body->len);
}

static void holder_signature_bad(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_HEALTH_INSURANCE, 7);
    /* re-signed by another key: the credential names f->holder */
    eid_key *thief = f->holder;
    assert_int_equal(eid_key_new(&f->holder), EID_OK);
    eid_key *other = f->holder;
    f->holder = thief;
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    eid_bytes p = wire_from_text(text);

    eid_bytes body = wire_take(&p, 1);
    char *forged = wire_present_body(other, &body);
    expect_failure(f, forged, f->now, EID_CHECK_HOLDER_SIGNATURE, EID_ERR_BAD_SIGNATURE);
    eid_bytes_free(&p);
    assert_int_equal(eid_present(b.data, b.len, other, std_claims, 4, NULL, 0, f->now, &p) , EID_ERR_WRONG_HOLDER);
    /* the honest presentation was not used up by the forgery */
    assert_int_equal(fx_verify(f, text, f->now, NULL), EID_OK);
    char *same = edited(f, &b, f->now, flip_nothing);
    assert_int_equal(fx_verify(f, same, f->now, NULL), EID_OK);
    eid_text_free(same);
    eid_text_free(forged);
    eid_text_free(text);
    eid_bytes_free(&body);
    eid_bytes_free(&b);
    eid_key_free(other);
}

static void offline_freshness(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 8);
    char *old = fx_present(f, &b, std_claims, 4, f->now - 61);
    expect_failure(f, old, f->now, EID_CHECK_FRESHNESS, EID_ERR_PRESENTATION_EXPIRED);
    char *future = fx_present(f, &b, std_claims, 4, f->now + 31);
    expect_failure(f, future, f->now, EID_CHECK_FRESHNESS, EID_ERR_PRESENTATION_EXPIRED);
    char *ok = fx_present(f, &b, std_claims, 4, f->now - 59);
    f->opt.require_challenge = 1;
    assert_int_equal(fx_build(f), EID_OK);
    expect_failure(f, ok, f->now, EID_CHECK_FRESHNESS, EID_ERR_CHALLENGE_REQUIRED);
    f->opt.require_challenge = 0;
    assert_int_equal(fx_build(f), EID_OK);
    assert_int_equal(fx_verify(f, ok, f->now, NULL), EID_OK); /* rejections used nothing up */
    eid_text_free(old);
    eid_text_free(future);
    eid_text_free(ok);
    eid_bytes_free(&b);
}

static char *answer(fx *f, const eid_bytes *bundle, const eid_bytes *request, int64_t when)
{
    eid_bytes p = {0};
    assert_int_equal(eid_present(bundle->data, bundle->len, f->holder, std_claims, 4, request->data, request->len,
                                 when, &p),
                     EID_OK);
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    eid_bytes_free(&p);
    return text;
}

static void challenge_mode(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 12);
    const uint32_t asked[] = {0, 1, 2, 3};
    eid_requested_claims rq = {EID_DOC_IDENTITY, asked, 4};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, "vn.csgt.checkpoint", &rq, 1, f->now, 120, &req), EID_OK);
    char *rtext = NULL;
    assert_int_equal(eid_request_text(req.data, req.len, &rtext), EID_OK);
    assert_true(strncmp(rtext, "EIDR1:", 6) == 0);
    eid_bytes back = {0};
    assert_int_equal(eid_request_from_text(rtext, &back), EID_OK);
    assert_int_equal(back.len, req.len);
    assert_memory_equal(back.data, req.data, req.len);

    /* not opened yet: unknown */
    char *t1 = answer(f, &b, &req, f->now + 5);
    expect_failure(f, t1, f->now + 5, EID_CHECK_FRESHNESS, EID_ERR_REQUEST_UNKNOWN);
    f->opt.require_challenge = 1;
    assert_int_equal(fx_build(f), EID_OK);
    assert_int_equal(eid_verifier_open_request(f->verifier, req.data, req.len, f->now), EID_OK);
    assert_int_equal(eid_verifier_open_request(f->verifier, req.data, req.len, f->now), EID_ERR_EXISTS);
    /* a tampered answer does not use the request up */
    eid_bytes p = wire_from_text(t1);
    p.data[p.len - 1] ^= 0x80;
    char *bad = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &bad), EID_OK);
    expect_failure(f, bad, f->now + 5, EID_CHECK_HOLDER_SIGNATURE, EID_ERR_BAD_SIGNATURE);
    eid_result *r = NULL;
    assert_int_equal(fx_verify(f, t1, f->now + 5, &r), EID_OK);
    assert_int_equal(eid_result_challenged(r), 1);
    eid_result_free(r);
    /* a second, different answer to the same request */
    char *t2 = answer(f, &b, &req, f->now + 6);
    expect_failure(f, t2, f->now + 6, EID_CHECK_FRESHNESS, EID_ERR_REPLAYED);
    /* an expired request */
    eid_bytes req2 = {0};
    assert_int_equal(eid_request_create(f->rp, "vn.csgt.checkpoint", &rq, 1, f->now, 60, &req2), EID_OK);
    assert_int_equal(eid_verifier_open_request(f->verifier, req2.data, req2.len, f->now), EID_OK);
    char *t3 = answer(f, &b, &req2, f->now + 61);
    expect_failure(f, t3, f->now + 61, EID_CHECK_FRESHNESS, EID_ERR_REQUEST_EXPIRED);
    /* a relying party asking for what the trust list does not allow */
    const uint32_t too_much[] = {0, 10};
    eid_requested_claims rq3 = {EID_DOC_IDENTITY, too_much, 2};
    eid_bytes req3 = {0};
    assert_int_equal(eid_request_create(f->rp, "vn.csgt.checkpoint", &rq3, 1, f->now, 60, &req3), EID_OK);
    assert_int_equal(eid_verifier_open_request(f->verifier, req3.data, req3.len, f->now), EID_ERR_NOT_ALLOWED);
    /* a relying party that is not in the trust list */
    eid_bytes req4 = {0};
    assert_int_equal(eid_request_create(f->holder, "vn.csgt.checkpoint", &rq, 1, f->now, 60, &req4), EID_OK);
    assert_int_equal(eid_verifier_open_request(f->verifier, req4.data, req4.len, f->now), EID_ERR_UNTRUSTED_RELYING_PARTY);
    eid_text_free(rtext);
    eid_text_free(t1);
    eid_text_free(t2);
    eid_text_free(t3);
    eid_text_free(bad);
    eid_bytes_free(&p);
    eid_bytes_free(&back);
    eid_bytes_free(&req);
    eid_bytes_free(&req2);
    eid_bytes_free(&req3);
    eid_bytes_free(&req4);
    eid_bytes_free(&b);
}

static void status_checks(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_CRIMINAL_RECORD, 77);
    const uint32_t revoked[] = {3, 77, 4000};
    fx_sign_status(f, EID_DOC_CRIMINAL_RECORD, revoked, 3, 4);
    assert_int_equal(fx_build(f), EID_OK);
    char *t = fx_present(f, &b, std_claims, 4, f->now);
    expect_failure(f, t, f->now, EID_CHECK_REVOCATION, EID_ERR_REVOKED);
    eid_text_free(t);
    eid_bytes_free(&b);
    /* an index beyond the list fails closed */
    b = fx_issue(f, EID_DOC_CRIMINAL_RECORD, FX_LIST_SIZE);
    t = fx_present(f, &b, std_claims, 4, f->now);
    expect_failure(f, t, f->now, EID_CHECK_REVOCATION, EID_ERR_REVOKED);
    eid_text_free(t);
    eid_bytes_free(&b);
    /* no list loaded for the credential */
    b = fx_issue(f, EID_DOC_CRIMINAL_RECORD, 5);
    eid_bytes_free(&f->status[EID_DOC_CRIMINAL_RECORD]);
    eid_revocation_list_input lists[3];
    for (uint32_t k = 1; k < 4; k++)
        lists[k - 1] = (eid_revocation_list_input){f->status[k].data, f->status[k].len, 0};
    eid_verifier_free(f->verifier);
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, lists, 3, f->store,
                                      &f->verifier),
                     EID_OK);
    t = fx_present(f, &b, std_claims, 4, f->now);
    expect_failure(f, t, f->now, EID_CHECK_REVOCATION, EID_ERR_NO_REVOCATION_LIST);
    eid_text_free(t);
    eid_bytes_free(&b);
}

static void stale_status_list(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_HEALTH_INSURANCE, 1);
    eid_bytes_free(&f->status[EID_DOC_HEALTH_INSURANCE]);
    eid_revocation_list_params p = {.issuer_id = "vn.bhxh", .list_id = 1, .doc_type = EID_DOC_HEALTH_INSURANCE,
                                .sequence = 9, .issued_at = f->now - 7200, .next_update = f->now - 60,
                                .size = FX_LIST_SIZE};
    assert_int_equal(eid_revocation_list_sign(f->issuer[EID_DOC_HEALTH_INSURANCE], &p, NULL, 0,
                                              &f->status[EID_DOC_HEALTH_INSURANCE]),
                     EID_OK);
    assert_int_equal(fx_build(f), EID_OK);
    char *t = fx_present(f, &b, std_claims, 4, f->now);
    expect_failure(f, t, f->now, EID_CHECK_REVOCATION, EID_ERR_LIST_STALE);
    /* a verifier that allows two minutes of staleness accepts it, and says so */
    f->opt.allowed_staleness = 120;
    assert_int_equal(fx_build(f), EID_OK);
    eid_result *r = NULL;
    assert_int_equal(fx_verify(f, t, f->now, &r), EID_OK);
    assert_int_equal(eid_result_stale(r), 1);
    eid_result_free(r);
    eid_text_free(t);
    eid_bytes_free(&b);
}

static void status_list_signers(void **state)
{
    fx *f = *state;
    eid_revocation_list_params p = {.issuer_id = "vn.bhxh", .list_id = 1, .doc_type = EID_DOC_HEALTH_INSURANCE,
                                .sequence = 9, .issued_at = f->now - 60, .next_update = f->now + 3600,
                                .size = FX_LIST_SIZE};
    /* signed with the revocation key of another issuer */
    eid_bytes_free(&f->status[EID_DOC_HEALTH_INSURANCE]);
    assert_int_equal(eid_revocation_list_sign(f->issuer[EID_DOC_CRIMINAL_RECORD], &p, NULL, 0,
                                              &f->status[EID_DOC_HEALTH_INSURANCE]),
                     EID_OK);
    assert_int_equal(fx_build(f), EID_ERR_UNTRUSTED_ISSUER);
    /* signed by the right issuer's key, which lacks revocation usage */
    eid_bytes_free(&f->status[EID_DOC_HEALTH_INSURANCE]);
    assert_int_equal(eid_revocation_list_sign(f->issuer[EID_DOC_HEALTH_INSURANCE], &p, NULL, 0,
                                              &f->status[EID_DOC_HEALTH_INSURANCE]),
                     EID_OK);
    f->issuers[2].usage = EID_USAGE_CREDENTIAL;
    fx_sign_trust(f);
    assert_int_equal(fx_build(f), EID_ERR_UNTRUSTED_ISSUER);
    f->issuers[2].usage = EID_USAGE_CREDENTIAL | EID_USAGE_REVOCATION;
    fx_sign_trust(f);
    assert_int_equal(fx_build(f), EID_OK);
    /* an older sequence than the stored minimum */
    eid_revocation_list_input lists[4];
    for (uint32_t k = 1; k < 5; k++)
        lists[k - 1] = (eid_revocation_list_input){f->status[k].data, f->status[k].len, k == 3 ? 10 : 0};
    eid_verifier *v = NULL;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, lists, 4, f->store, &v),
                     EID_ERR_LIST_ROLLBACK);
    assert_null(v);
    /* a signature that does not verify */
    f->status[3].data[f->status[3].len - 1] ^= 1;
    assert_int_equal(fx_build(f), EID_ERR_BAD_SIGNATURE);
    f->status[3].data[f->status[3].len - 1] ^= 1;
    /* the same list twice */
    lists[3] = lists[2];
    lists[2].min_sequence = 0;
    lists[3].min_sequence = 0;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, lists, 4, f->store, &v),
                     EID_ERR_EXISTS);
}

static void trust_list_checks(void **state)
{
    fx *f = *state;
    eid_key *other = NULL;
    assert_int_equal(eid_key_new(&other), EID_OK);
    /* signed by a root we do not pin */
    eid_bytes t = {0};
    const eid_key *roots[2] = {other, f->root};
    assert_int_equal(eid_trust_list_sign(&f->tp, roots, 1, &t), EID_OK);
    eid_verifier *v = NULL;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, t.data, t.len, NULL, 0, f->store, &v),
                     EID_ERR_UNTRUSTED_LIST);
    eid_bytes_free(&t);
    /* k = 2 of two pinned roots, only one signed; then both */
    uint8_t pins[64];
    memcpy(pins, f->root_pk, 32);
    eid_key_public(other, pins + 32);
    f->opt.root_threshold = 2;
    assert_int_equal(eid_verifier_new(pins, 2, &f->opt, f->trust.data, f->trust.len, NULL, 0, f->store, &v),
                     EID_ERR_UNTRUSTED_LIST);
    assert_int_equal(eid_trust_list_sign(&f->tp, roots, 2, &t), EID_OK);
    assert_int_equal(eid_verifier_new(pins, 2, &f->opt, t.data, t.len, NULL, 0, f->store, &v), EID_OK);
    eid_verifier_free(v);
    /* one root signing twice does not count as two */
    const eid_key *twice[2] = {f->root, f->root};
    eid_bytes t2 = {0};
    assert_int_equal(eid_trust_list_sign(&f->tp, twice, 2, &t2), EID_ERR_INVALID_ARG);
    eid_bytes_free(&t);
    f->opt.root_threshold = 1;
    /* a bad signature */
    t = wire_copy(f->trust.data, f->trust.len);
    t.data[t.len - 1] ^= 1;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, t.data, t.len, NULL, 0, f->store, &v),
                     EID_ERR_UNTRUSTED_LIST);
    eid_bytes_free(&t);
    /* older than the stored minimum */
    f->opt.min_trust_sequence = 6;
    assert_int_equal(fx_build(f), EID_ERR_LIST_ROLLBACK);
    f->opt.min_trust_sequence = 5;
    assert_int_equal(fx_build(f), EID_OK);
    /* a duplicate key id, signed by the root */
    t = wire_copy(f->trust.data, f->trust.len);
    size_t n;
    eid_bytes body = wire_take(&t, 1);
    const uint8_t *first = wire_get(&body, 6, &n);
    eid_bytes dup = wire_set(&body, 6, 1, first, n);
    uint8_t sig[64];
    assert_int_equal(key_sign(f->root, "eid.v1.trust", dup.data, dup.len, sig), EID_OK);
    eid_bytes t3 = wire_set(&t, 1, 0, dup.data, dup.len);
    size_t sn;
    const uint8_t *rs = wire_get(&t3, 2, &sn);
    eid_bytes rsb = wire_copy(rs, sn);
    memcpy(rsb.data + rsb.len - 64, sig, 64);
    eid_bytes t4 = wire_set(&t3, 2, 0, rsb.data, rsb.len);
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, t4.data, t4.len, NULL, 0, f->store, &v),
                     EID_ERR_FORMAT);
    eid_bytes_free(&t);
    eid_bytes_free(&body);
    eid_bytes_free(&dup);
    eid_bytes_free(&t3);
    eid_bytes_free(&rsb);
    eid_bytes_free(&t4);
    eid_key_free(other);
}

static void trust_list_time(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 20);
    f->tp.next_update = f->now + 3600;
    f->tp.expires_at = f->now + 7200;
    fx_sign_trust(f);
    assert_int_equal(fx_build(f), EID_OK);
    char *t = fx_present(f, &b, std_claims, 4, f->now + 3700);
    expect_failure(f, t, f->now + 3700, EID_CHECK_TRUST_LIST, EID_ERR_LIST_STALE);
    eid_text_free(t);
    t = fx_present(f, &b, std_claims, 4, f->now + 7300);
    f->opt.allowed_staleness = 86400;
    assert_int_equal(fx_build(f), EID_OK);
    expect_failure(f, t, f->now + 7300, EID_CHECK_TRUST_LIST, EID_ERR_LIST_EXPIRED);
    eid_text_free(t);
    /* a clock earlier than the newest list (revocation lists were issued an hour ago) */
    t = fx_present(f, &b, std_claims, 4, f->now - 7200);
    expect_failure(f, t, f->now - 7200, EID_CHECK_CLOCK, EID_ERR_CLOCK);
    eid_text_free(t);
    eid_bytes_free(&b);
}

/* ---- non-canonical encodings of every message ---------------------------------------- */

static eid_bytes g_replacement;
static uint32_t g_field;
static eid_bytes replace_field(fx *f, const eid_bytes *body)
{
    (void)f;
    return wire_set(body, g_field, 0, g_replacement.data, g_replacement.len);
}

static void noncanonical_messages_rejected(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 30);
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    eid_bytes pres = wire_from_text(text);

    eid_bytes body = wire_take(&pres, 1);
    eid_bytes cred = wire_take(&body, 3);
    eid_bytes payload = wire_take(&cred, 1);
    eid_bytes disc = wire_take(&body, 4);
    eid_bytes v[5];
    int k;
    /* Presentation */
    k = wire_noncanonical(&pres, v);
    for (int i = 0; i < k; i++) {
        char *t = NULL;
        assert_int_equal(eid_presentation_text(v[i].data, v[i].len, &t), EID_OK);
        expect_failure(f, t, f->now, EID_CHECK_FORMAT, EID_ERR_FORMAT);
        eid_text_free(t);
        eid_bytes_free(&v[i]);
    }
    /* PresentationBody, re-signed by the holder */
    k = wire_noncanonical(&body, v);
    assert_int_equal(k, 5);
    for (int i = 0; i < k; i++) {
        char *t = wire_present_body(f->holder, &v[i]);
        expect_failure(f, t, f->now, EID_CHECK_FORMAT, EID_ERR_FORMAT);
        eid_text_free(t);
        eid_bytes_free(&v[i]);
    }
    /* Credential inside the body */
    k = wire_noncanonical(&cred, v);
    for (int i = 0; i < k; i++) {
        eid_bytes nb = wire_body_with_credential(&body, &v[i]);
        char *t = wire_present_body(f->holder, &nb);
        expect_failure(f, t, f->now, EID_CHECK_FORMAT, EID_ERR_FORMAT);
        eid_text_free(t);
        eid_bytes_free(&nb);
        eid_bytes_free(&v[i]);
    }
    /* CredentialPayload, re-signed by the issuer and the holder */
    k = wire_noncanonical(&payload, v);
    assert_int_equal(k, 5);
    for (int i = 0; i < k; i++) {
        eid_bytes c = wire_credential(f->issuer[EID_DOC_IDENTITY], &v[i]);
        eid_bytes nb = wire_body_with_credential(&body, &c);
        char *t = wire_present_body(f->holder, &nb);
        expect_failure(f, t, f->now, EID_CHECK_FORMAT, EID_ERR_FORMAT);
        eid_text_free(t);
        eid_bytes_free(&c);
        eid_bytes_free(&nb);
        eid_bytes_free(&v[i]);
    }
    /* Disclosure: fails as a disclosure, before any proof is computed */
    k = wire_noncanonical(&disc, v);
    for (int i = 0; i < k; i++) {
        g_replacement = v[i];
        g_field = 4;
        char *t = edited(f, &b, f->now, replace_field);
        eid_result *r = NULL;
        fx_verify(f, t, f->now, &r);
        assert_only_failure(r, EID_CHECK_DISCLOSURES, EID_ERR_FORMAT);
        eid_result_free(r);
        eid_text_free(t);
        eid_bytes_free(&v[i]);
    }
    /* the honest text still verifies */
    assert_int_equal(fx_verify(f, text, f->now, NULL), EID_OK);
    /* Credential bundle, at the wallet's import check */
    k = wire_noncanonical(&b, v);
    for (int i = 0; i < k; i++) {
        eid_result *r = NULL;
        assert_int_equal(eid_verifier_check_credential(f->verifier, v[i].data, v[i].len, f->now, &r), EID_ERR_FORMAT);
        eid_result_free(r);
        eid_bytes_free(&v[i]);
    }
    /* TrustList and StatusList (outer messages) */
    k = wire_noncanonical(&f->trust, v);
    for (int i = 0; i < k; i++) {
        eid_verifier *vf = NULL;
        assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, v[i].data, v[i].len, NULL, 0, f->store, &vf),
                         EID_ERR_FORMAT);
        eid_bytes_free(&v[i]);
    }
    k = wire_noncanonical(&f->status[1], v);
    for (int i = 0; i < k; i++) {
        eid_verifier *vf = NULL;
        eid_revocation_list_input in = {v[i].data, v[i].len, 0};
        assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, &in, 1, f->store, &vf),
                         EID_ERR_FORMAT);
        eid_bytes_free(&v[i]);
    }
    /* PresentationRequest */
    const uint32_t asked[] = {0};
    eid_requested_claims rq = {EID_DOC_IDENTITY, asked, 1};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, "vn.csgt.checkpoint", &rq, 1, f->now, 60, &req), EID_OK);
    k = wire_noncanonical(&req, v);
    for (int i = 0; i < k; i++) {
        assert_int_equal(eid_verifier_open_request(f->verifier, v[i].data, v[i].len, f->now), EID_ERR_FORMAT);
        eid_bytes_free(&v[i]);
    }
    eid_bytes_free(&req);
    eid_bytes_free(&pres);
    eid_bytes_free(&body);
    eid_bytes_free(&cred);
    eid_bytes_free(&payload);
    eid_bytes_free(&disc);
    eid_text_free(text);
    eid_bytes_free(&b);
}

/* Signed bodies of lists, re-signed after the change. */
static void noncanonical_list_bodies_rejected(void **state)
{
    fx *f = *state;

    eid_bytes body = wire_take(&f->trust, 1);
    eid_bytes v[5];
    int k = wire_noncanonical(&body, v);
    assert_int_equal(k, 5);
    for (int i = 0; i < k; i++) {
        uint8_t sig[64];
        assert_int_equal(key_sign(f->root, "eid.v1.trust", v[i].data, v[i].len, sig), EID_OK);
        eid_bytes t = wire_set(&f->trust, 1, 0, v[i].data, v[i].len);
        eid_bytes rs = wire_take(&t, 2);
        memcpy(rs.data + rs.len - 64, sig, 64);
        eid_bytes t2 = wire_set(&t, 2, 0, rs.data, rs.len);
        eid_verifier *vf = NULL;
        assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, t2.data, t2.len, NULL, 0, f->store, &vf),
                         EID_ERR_FORMAT);
        eid_bytes_free(&t);
        eid_bytes_free(&rs);
        eid_bytes_free(&t2);
        eid_bytes_free(&v[i]);
    }
    eid_bytes_free(&body);
    body = wire_take(&f->status[2], 1);
    k = wire_noncanonical(&body, v);
    for (int i = 0; i < k; i++) {
        uint8_t sig[64];
        assert_int_equal(key_sign(f->issuer[2], "eid.v1.status", v[i].data, v[i].len, sig), EID_OK);
        eid_bytes t = wire_set(&f->status[2], 1, 0, v[i].data, v[i].len);
        eid_bytes t2 = wire_set(&t, 2, 0, sig, 64);
        eid_revocation_list_input in = {t2.data, t2.len, 0};
        eid_verifier *vf = NULL;
        assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, &in, 1, f->store, &vf),
                         EID_ERR_FORMAT);
        eid_bytes_free(&t);
        eid_bytes_free(&t2);
        eid_bytes_free(&v[i]);
    }
    eid_bytes_free(&body);
}

/* ---- threads ----------------------------------------------------------------- */

typedef struct race {
    fx *f;
    const char *text;
    eid_status st;
} race;

static void *racer(void *arg)
{
    race *r = arg;
    eid_result *res = NULL;
    r->st = eid_verifier_check_presentation(r->f->verifier, r->text, r->f->now, &res);
    eid_result_free(res);
    return NULL;
}

static void eight_threads_one_success(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_DRIVING_LICENCE, 99);
    for (int round = 0; round < EID_REPLAY_PER_HOLDER; round++) { /* each round records one entry for this holder */
        char *text = fx_present(f, &b, std_claims, 4, f->now);
        pthread_t th[8];
        race rs[8];
        for (int i = 0; i < 8; i++) {
            rs[i] = (race){f, text, EID_ERR_INTERNAL};
            assert_int_equal(pthread_create(&th[i], NULL, racer, &rs[i]), 0);
        }
        int ok = 0, replayed = 0;
        for (int i = 0; i < 8; i++) {
            pthread_join(th[i], NULL);
            ok += rs[i].st == EID_OK;
            replayed += rs[i].st == EID_ERR_REPLAYED;
        }
        assert_int_equal(ok, 1);
        assert_int_equal(replayed, 7);
        eid_text_free(text);
    }
    eid_bytes_free(&b);
}

static void replay_store_bounds(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 31);
    /* one holder gets EID_REPLAY_PER_HOLDER live entries, then the store fails closed for it */
    for (int i = 0; i < EID_REPLAY_PER_HOLDER; i++) {
        char *t = fx_present(f, &b, std_claims, 4, f->now);
        assert_int_equal(fx_verify(f, t, f->now, NULL), EID_OK);
        eid_text_free(t);
    }
    char *t = fx_present(f, &b, std_claims, 4, f->now);
    expect_failure(f, t, f->now, EID_CHECK_REPLAY, EID_ERR_STORE_FULL);
    /* entries are kept through created_at + lifetime + skew (90 s), inclusive: still full at +90, free at +91 */
    eid_text_free(t);
    t = fx_present(f, &b, std_claims, 4, f->now + 90);
    expect_failure(f, t, f->now + 90, EID_CHECK_REPLAY, EID_ERR_STORE_FULL);
    eid_text_free(t);
    t = fx_present(f, &b, std_claims, 4, f->now + 91);
    assert_int_equal(fx_verify(f, t, f->now + 91, NULL), EID_OK);
    eid_text_free(t);
    /* a verifier rebuilt for new lists keeps the store: no replay across the refresh */
    t = fx_present(f, &b, std_claims, 4, f->now + 92);
    assert_int_equal(fx_verify(f, t, f->now + 92, NULL), EID_OK);
    assert_int_equal(fx_build(f), EID_OK);
    expect_failure(f, t, f->now + 93, EID_CHECK_REPLAY, EID_ERR_REPLAYED);
    eid_text_free(t);
    eid_bytes_free(&b);
}

/* A shared "database" two servers use: a few arrays, enough for the test.
 * Every expiry is inclusive, as eid_replay_backend says. */
typedef struct shared_db {
    uint8_t presentations[16][16];
    int64_t p_until[16];
    uint8_t holders[16][16];
    size_t n_p;
    uint8_t requests[8][16];
    uint8_t records[8][EID_REPLAY_RECORD_MAX_BYTES];
    size_t record_len[8];
    int64_t r_until[8];
    int r_used[8];
    size_t n_r;
    int commits;
    int64_t last_keep_until;
} shared_db;

static int find_request(shared_db *db, const uint8_t r[16], int64_t now)
{
    for (size_t i = 0; i < db->n_r; i++)
        if (memcmp(db->requests[i], r, 16) == 0 && now <= db->r_until[i])
            return (int)i;
    return -1;
}

static eid_status db_open(void *ctx, const uint8_t r[16], const uint8_t *record, size_t len, int64_t keep_until,
                          int64_t now)
{
    shared_db *db = ctx;
    if (find_request(db, r, now) >= 0)
        return EID_ERR_EXISTS;
    if (db->n_r == 8 || len > EID_REPLAY_RECORD_MAX_BYTES)
        return EID_ERR_STORE_FULL;
    memcpy(db->requests[db->n_r], r, 16);
    memcpy(db->records[db->n_r], record, len);
    db->record_len[db->n_r] = len;
    db->r_until[db->n_r++] = keep_until;
    return EID_OK;
}

static eid_status db_state(void *ctx, const uint8_t r[16], int64_t now, uint8_t *record, size_t *len)
{
    shared_db *db = ctx;
    int i = find_request(db, r, now);
    if (i < 0)
        return EID_ERR_REQUEST_UNKNOWN;
    if (db->r_used[i])
        return EID_ERR_REPLAYED;
    memcpy(record, db->records[i], db->record_len[i]);
    *len = db->record_len[i];
    return EID_OK;
}

static eid_status db_commit(void *ctx, const uint8_t p[16], const uint8_t holder[16], int64_t keep_until,
                            const uint8_t *r, int64_t now)
{
    shared_db *db = ctx;
    db->commits++;
    for (size_t i = 0; i < db->n_p; i++)
        if (memcmp(db->presentations[i], p, 16) == 0 && now <= db->p_until[i])
            return EID_ERR_REPLAYED;
    if (db->n_p == 16)
        return EID_ERR_STORE_FULL;
    if (r != NULL) {
        int i = find_request(db, r, now);
        if (i < 0)
            return EID_ERR_REQUEST_UNKNOWN;
        if (db->r_used[i])
            return EID_ERR_REPLAYED;
        db->r_used[i] = 1;
    }
    memcpy(db->presentations[db->n_p], p, 16);
    memcpy(db->holders[db->n_p], holder, 16);
    db->p_until[db->n_p++] = keep_until;
    db->last_keep_until = keep_until;
    return EID_OK;
}

static void fleet_shares_a_replay_backend(void **state)
{
    fx *f = *state;
    shared_db db;
    memset(&db, 0, sizeof db);
    /* the fleet's longest window: one server keeps presentations 300 s */
    eid_replay_backend backend = {&db, db_open, db_state, db_commit, 300 + 30};
    eid_replay_store *s1 = NULL, *s2 = NULL;
    assert_int_equal(eid_replay_store_new_with_backend(&backend, &s1), EID_OK);
    assert_int_equal(eid_replay_store_new_with_backend(&backend, &s2), EID_OK);
    eid_replay_backend broken = {&db, db_open, NULL, db_commit, 0};
    eid_replay_store *bad = NULL;
    assert_int_equal(eid_replay_store_new_with_backend(&broken, &bad), EID_ERR_INVALID_ARG);
    broken = (eid_replay_backend){&db, db_open, db_state, db_commit, -1};
    assert_int_equal(eid_replay_store_new_with_backend(&broken, &bad), EID_ERR_INVALID_ARG);
    broken.window = EID_VERIFIER_OFFLINE_LIFETIME_MAX + EID_VERIFIER_CLOCK_SKEW_MAX + 1;
    assert_int_equal(eid_replay_store_new_with_backend(&broken, &bad), EID_ERR_INVALID_ARG);
    eid_revocation_list_input lists[4];
    for (uint32_t k = 1; k < 5; k++)
        lists[k - 1] = (eid_revocation_list_input){f->status[k].data, f->status[k].len, 0};
    eid_verifier *v1 = NULL, *v2 = NULL;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, lists, 4, s1, &v1), EID_OK);
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, lists, 4, s2, &v2), EID_OK);
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 60);
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    eid_result *r = NULL;
    assert_int_equal(eid_verifier_check_presentation(v1, text, f->now, &r), EID_OK);
    eid_result_free(r);
    /* kept for the fleet's window, not this server's 60 + 30 s */
    assert_int_equal(db.last_keep_until, f->now + 330);
    assert_int_equal(eid_verifier_check_presentation(v2, text, f->now, &r),
                     EID_ERR_REPLAYED); /* the other server saw it */
    eid_result_free(r);
    /* a request opened on one server is answered on the other, once */
    eid_requested_claims rq = {EID_DOC_IDENTITY, std_claims, 4};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, "vn.csgt.checkpoint", &rq, 1, f->now, 60, &req), EID_OK);
    assert_int_equal(eid_verifier_open_request(v1, req.data, req.len, f->now), EID_OK);
    char *answer1 = answer(f, &b, &req, f->now);
    assert_int_equal(eid_verifier_check_presentation(v2, answer1, f->now, &r), EID_OK);
    eid_result_free(r);
    char *answer2 = answer(f, &b, &req, f->now + 1);
    assert_int_equal(eid_verifier_check_presentation(v1, answer2, f->now + 1, &r), EID_ERR_REPLAYED);
    eid_result_free(r);
    assert_int_equal(db.commits, 3);
    eid_text_free(answer1);
    eid_text_free(answer2);
    eid_bytes_free(&req);
    eid_text_free(text);
    eid_bytes_free(&b);
    eid_verifier_free(v1);
    eid_verifier_free(v2);
    eid_replay_store_free(s1);
    eid_replay_store_free(s2);
}

static void wallet_import_check(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_DRIVING_LICENCE, 40);
    eid_result *r = NULL;
    assert_int_equal(eid_verifier_check_credential(f->verifier, b.data, b.len, f->now, &r), EID_OK);
    assert_int_equal(eid_result_claim_count(r), 8);
    /* what does not apply to a bundle is said so; everything else passed */
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        assert_int_equal(eid_result_check(r, (eid_check)c, NULL),
                         c == EID_CHECK_HOLDER_SIGNATURE || c == EID_CHECK_FRESHNESS || c == EID_CHECK_REPLAY
                             ? EID_CHECK_NOT_APPLICABLE
                             : EID_CHECK_PASSED);
    eid_result_free(r);
    /* a decoy that is not the issuer's */
    b.data[b.len - 1] ^= 1;
    assert_int_equal(eid_verifier_check_credential(f->verifier, b.data, b.len, f->now, &r), EID_ERR_PROOF);
    eid_result_free(r);
    eid_bytes_free(&b);
}

/* ---- the replay boundary -------------------------------------------------------------- */

/* A verifier on `store`, with the fixture's lists and options but `lifetime`. */
static eid_verifier *verifier_on(fx *f, eid_replay_store *store, int64_t lifetime)
{
    eid_verifier_options opt = f->opt;
    opt.offline_lifetime = lifetime;
    eid_revocation_list_input lists[FX_DOCS - 1];
    for (uint32_t t = 1; t < FX_DOCS; t++)
        lists[t - 1] = (eid_revocation_list_input){f->status[t].data, f->status[t].len, 0};
    eid_verifier *v = NULL;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &opt, f->trust.data, f->trust.len, lists, FX_DOCS - 1, store,
                                      &v),
                     EID_OK);
    return v;
}

static eid_status verify_with(const eid_verifier *v, const char *text, int64_t now)
{
    eid_result *r = NULL;
    eid_status st = eid_verifier_check_presentation(v, text, now, &r);
    assert_non_null(r);
    eid_result_free(r);
    return st;
}

/* For every second around an offline presentation's life: accepted once when
 * fresh, and once accepted at any second, refused at every other second
 * (fresh ones as a replay); one inclusive rule on both sides. */
static void sweep(fx *f, const char *text, int64_t created, int64_t lifetime, int64_t skew)
{
    f->opt.clock_skew = skew;
    for (int64_t first = created - skew - 1; first <= created + lifetime + 1; first++) {
        int fresh = first >= created - skew && first <= created + lifetime;
        eid_replay_store *store = NULL;
        assert_int_equal(eid_replay_store_new(16, &store), EID_OK);
        eid_verifier *v = verifier_on(f, store, lifetime);
        assert_int_equal(verify_with(v, text, first), fresh ? EID_OK : EID_ERR_PRESENTATION_EXPIRED);
        for (int64_t again = created - skew - 1; fresh && again <= created + lifetime + 1; again++) {
            int fresh_again = again >= created - skew && again <= created + lifetime;
            assert_int_equal(verify_with(v, text, again), fresh_again ? EID_ERR_REPLAYED : EID_ERR_PRESENTATION_EXPIRED);
        }
        eid_verifier_free(v);
        eid_replay_store_free(store);
    }
}

/* With the default skew, and without skew, where the store's window is the lifetime alone. */
static void replay_accept_once_at_every_second(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 90);
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    sweep(f, text, f->now, 60, 30);
    sweep(f, text, f->now, 60, 0);
    eid_text_free(text);
    eid_bytes_free(&b);
}

/* Verifiers with different lifetimes on one store: whichever accepted a
 * presentation, none accepts it again while it finds it fresh, including a
 * verifier with a longer lifetime built after the first acceptance. */
static void verifiers_with_different_lifetimes_share_a_store(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 91);
    const int64_t created = f->now;
    eid_replay_store *store = NULL;
    assert_int_equal(eid_replay_store_new(64, &store), EID_OK);
    eid_verifier *brief = verifier_on(f, store, 60);
    char *first = fx_present(f, &b, std_claims, 4, created);
    assert_int_equal(verify_with(brief, first, created + 60), EID_OK); /* its last fresh second */
    eid_verifier *patient = verifier_on(f, store, 600); /* built later, on the same store */
    for (int64_t now = created - 30; now <= created + 600; now++)
        assert_int_equal(verify_with(patient, first, now), EID_ERR_REPLAYED);
    assert_int_equal(verify_with(patient, first, created + 601), EID_ERR_PRESENTATION_EXPIRED);
    /* and the other way round */
    char *second = fx_present(f, &b, std_claims, 4, created);
    assert_int_equal(verify_with(patient, second, created + 300), EID_OK);
    for (int64_t now = created - 30; now <= created + 60; now++)
        assert_int_equal(verify_with(brief, second, now), EID_ERR_REPLAYED);
    for (int64_t now = created - 30; now <= created + 600; now++)
        assert_int_equal(verify_with(patient, second, now), EID_ERR_REPLAYED);
    eid_verifier_free(brief);
    eid_verifier_free(patient);
    eid_replay_store_free(store);
    eid_text_free(first);
    eid_text_free(second);
    eid_bytes_free(&b);
}

/* ---- only passed checks count ------------------------------------------------------------ */

static void a_skipped_check_is_never_success(void **state)
{
    (void)state;
    eid_check_outcome outcome[EID_CHECK_COUNT];
    eid_status status[EID_CHECK_COUNT];
    for (int c = 0; c < EID_CHECK_COUNT; c++) {
        outcome[c] = EID_CHECK_PASSED;
        status[c] = EID_OK;
    }
    assert_int_equal(verdict(outcome, status), EID_OK);
    for (int c = 0; c < EID_CHECK_COUNT; c++) {
        /* a check that did not run, with nothing failed, is not success */
        outcome[c] = EID_CHECK_SKIPPED;
        assert_int_equal(verdict(outcome, status), EID_ERR_INTERNAL);
        /* one that does not apply to the entry point is not in the way */
        outcome[c] = EID_CHECK_NOT_APPLICABLE;
        assert_int_equal(verdict(outcome, status), EID_OK);
        /* a failure names its status, and a failure without one is still one */
        outcome[c] = EID_CHECK_FAILED;
        status[c] = EID_ERR_REVOKED;
        assert_int_equal(verdict(outcome, status), EID_ERR_REVOKED);
        status[c] = EID_OK;
        assert_int_equal(verdict(outcome, status), EID_ERR_INTERNAL);
        outcome[c] = (eid_check_outcome)7; /* no outcome at all */
        assert_int_equal(verdict(outcome, status), EID_ERR_INTERNAL);
        outcome[c] = EID_CHECK_PASSED;
    }
    /* the first failure in check order decides */
    outcome[EID_CHECK_REVOCATION] = EID_CHECK_FAILED;
    status[EID_CHECK_REVOCATION] = EID_ERR_REVOKED;
    outcome[EID_CHECK_VALIDITY] = EID_CHECK_FAILED;
    status[EID_CHECK_VALIDITY] = EID_ERR_EXPIRED;
    outcome[EID_CHECK_REPLAY] = EID_CHECK_SKIPPED;
    assert_int_equal(verdict(outcome, status), EID_ERR_EXPIRED);
}

/* eid_verifier_check_presentation() has no check that does not apply: every one is reported as
 * run, and a presentation's result never says "not applicable". */
static void every_check_applies_to_a_presentation(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 92);
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    eid_result *r = NULL;
    assert_int_equal(fx_verify(f, text, f->now, &r), EID_OK);
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        assert_int_equal(eid_result_check(r, (eid_check)c, NULL), EID_CHECK_PASSED);
    eid_result_free(r);
    /* a failure early on: the checks after it that could not run are skipped, never passed */
    eid_bytes p = wire_from_text(text);
    p.data[p.len - 1] ^= 1;
    char *bad = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &bad), EID_OK);
    assert_int_equal(fx_verify(f, bad, f->now, &r), EID_ERR_BAD_SIGNATURE);
    assert_int_equal(eid_result_check(r, EID_CHECK_REPLAY, NULL), EID_CHECK_SKIPPED);
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        assert_int_not_equal(eid_result_check(r, (eid_check)c, NULL), EID_CHECK_NOT_APPLICABLE);
    eid_result_free(r);
    eid_text_free(bad);
    eid_bytes_free(&p);
    eid_text_free(text);
    eid_bytes_free(&b);
}

/* ---- no overflow on outside times ------------------------------------------------------- */

/* created_at and the clock at the ends of int64_t, with the widest options:
 * statuses, never undefined behaviour (the asan preset aborts on overflow). */
/* Options carry the layout version they were filled for: a struct never
 * filled by eid_verifier_options_default() (version 0), or filled for a
 * layout this library does not know, is refused rather than half read. */
static void options_carry_their_version(void **state)
{
    fx *f = *state;
    eid_verifier_options o;
    memset(&o, 0xA5, sizeof o);
    assert_int_equal(eid_verifier_options_default(&o, EID_VERIFIER_OPTIONS_VERSION + 1), EID_ERR_INVALID_ARG);
    assert_int_equal(o.version, 0xA5A5A5A5u); /* untouched */
    assert_int_equal(eid_verifier_options_default(&o, 0), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_verifier_options_default(NULL, EID_VERIFIER_OPTIONS_VERSION), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_verifier_options_default(&o, EID_VERIFIER_OPTIONS_VERSION), EID_OK);
    assert_int_equal(o.version, EID_VERIFIER_OPTIONS_VERSION);
    assert_int_equal(o.min_assurance, 2);

    eid_verifier_options filled = f->opt;
    assert_int_equal(fx_build(f), EID_OK);
    f->opt.version = 0;
    assert_int_equal(fx_build(f), EID_ERR_INVALID_ARG);
    assert_null(f->verifier);
    f->opt.version = EID_VERIFIER_OPTIONS_VERSION + 1;
    assert_int_equal(fx_build(f), EID_ERR_INVALID_ARG);
    /* a struct set field by field, never filled: its version is 0 */
    eid_verifier_options by_hand = {.min_assurance = 2, .root_threshold = 1, .offline_lifetime = 60,
                                    .max_revocation_age = EID_REVOCATION_LIST_DEFAULT_MAX_AGE};
    f->opt = by_hand;
    assert_int_equal(fx_build(f), EID_ERR_INVALID_ARG);
    /* a boolean is 0 or 1: anything else is a caller's bug, refused */
    f->opt = filled;
    f->opt.require_challenge = 2;
    assert_int_equal(fx_build(f), EID_ERR_INVALID_ARG);
    f->opt.require_challenge = -1;
    assert_int_equal(fx_build(f), EID_ERR_INVALID_ARG);
    f->opt.require_challenge = 1;
    assert_int_equal(fx_build(f), EID_OK);
    f->opt = filled;
    assert_int_equal(fx_build(f), EID_OK);
}

static void extreme_times_and_options(void **state)
{
    fx *f = *state;
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 93);
    /* options out of range are refused */
    const int64_t lifetimes[] = {0, -1, EID_VERIFIER_OFFLINE_LIFETIME_MAX + 1, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof lifetimes / sizeof lifetimes[0]; i++) {
        f->opt.offline_lifetime = lifetimes[i];
        assert_int_equal(fx_build(f), EID_ERR_INVALID_ARG);
    }
    f->opt.offline_lifetime = 60;
    const int64_t skews[] = {-1, EID_VERIFIER_CLOCK_SKEW_MAX + 1, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof skews / sizeof skews[0]; i++) {
        f->opt.clock_skew = skews[i];
        assert_int_equal(fx_build(f), EID_ERR_INVALID_ARG);
    }
    f->opt.allowed_staleness = -1;
    assert_int_equal(fx_build(f), EID_ERR_INVALID_ARG);
    /* the widest accepted ones */
    f->opt.offline_lifetime = EID_VERIFIER_OFFLINE_LIFETIME_MAX;
    f->opt.clock_skew = EID_VERIFIER_CLOCK_SKEW_MAX;
    f->opt.allowed_staleness = INT64_MAX;
    assert_int_equal(fx_build(f), EID_OK);
    const int64_t times[] = {INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, INT64_MAX - EID_VERIFIER_CLOCK_SKEW_MAX,
                             INT64_MIN + EID_VERIFIER_OFFLINE_LIFETIME_MAX};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        char *text = fx_present(f, &b, std_claims, 4, times[i]);
        /* today: far too old or far in the future */
        expect_failure(f, text, f->now, EID_CHECK_FRESHNESS, EID_ERR_PRESENTATION_EXPIRED);
        /* a clock at the same end of time: whatever the lists say, a status */
        for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
            eid_result *r = NULL;
            eid_status st = eid_verifier_check_presentation(f->verifier, text, times[k], &r);
            assert_non_null(r);
            assert_int_equal(eid_result_status(r), st);
            eid_result_free(r);
        }
        eid_text_free(text);
    }
    /* an accepted presentation at the widest window is still refused as a replay */
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    assert_int_equal(fx_verify(f, text, f->now + EID_VERIFIER_OFFLINE_LIFETIME_MAX, NULL), EID_OK);
    expect_failure(f, text, f->now - EID_VERIFIER_CLOCK_SKEW_MAX, EID_CHECK_REPLAY, EID_ERR_REPLAYED);
    eid_text_free(text);
    eid_bytes_free(&b);
}

static void invalid_arguments(void **state)
{
    fx *f = *state;
    eid_result *r = (eid_result *)1;
    assert_int_equal(eid_verifier_check_presentation(NULL, "EID1:", f->now, &r), EID_ERR_INVALID_ARG);
    assert_null(r);
    assert_int_equal(eid_verifier_check_presentation(f->verifier, NULL, f->now, &r), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_verifier_check_presentation(f->verifier, "EID1:", f->now, NULL), EID_ERR_INVALID_ARG);
    eid_verifier *v = (eid_verifier *)1;
    assert_int_equal(eid_verifier_new(NULL, 1, NULL, f->trust.data, f->trust.len, NULL, 0, f->store, &v),
                     EID_ERR_INVALID_ARG);
    assert_null(v);
    /* a wallet's verifier: no replay store, so it checks credentials but verifies nothing */
    eid_revocation_list_input in = {f->status[1].data, f->status[1].len, 0};
    assert_int_equal(eid_verifier_new(f->root_pk, 1, NULL, f->trust.data, f->trust.len, &in, 1, NULL, &v), EID_OK);
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 70);
    assert_int_equal(eid_verifier_check_credential(v, b.data, b.len, f->now, &r), EID_OK);
    eid_result_free(r);
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    assert_int_equal(eid_verifier_check_presentation(v, text, f->now, &r), EID_ERR_STATE);
    assert_null(r);
    eid_text_free(text);
    eid_bytes_free(&b);
    eid_verifier_free(v);
    eid_verifier_free(NULL);
    eid_result_free(NULL);
    eid_replay_store_free(NULL);
    eid_key_free(NULL);
    assert_int_equal(eid_result_status(NULL), EID_ERR_INVALID_ARG);
    assert_string_equal(eid_check_name(EID_CHECK_REPLAY), "replay");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_doc_type_verifies_with_typed_claims, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(age_predicate_without_birth_date, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(standard_identity_presentation_fits_430_bytes, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(wrong_prefix_bad_base45_truncated_oversize_not_protobuf, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(issuer_key_checks, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(wrong_usage, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(issuer_signature_bad, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(validity_with_clock_skew, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(level_one_refused_by_default, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(proof_and_disclosure_tampering, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(bad_disclosures_fail_alone, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(holder_signature_bad, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(offline_freshness, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(challenge_mode, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(status_checks, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(stale_status_list, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(status_list_signers, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(trust_list_checks, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(trust_list_time, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(noncanonical_messages_rejected, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(noncanonical_list_bodies_rejected, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(eight_threads_one_success, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(replay_store_bounds, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(fleet_shares_a_replay_backend, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(wallet_import_check, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(invalid_arguments, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(replay_accept_once_at_every_second, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(verifiers_with_different_lifetimes_share_a_store, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(a_skipped_check_is_never_success, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(every_check_applies_to_a_presentation, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(options_carry_their_version, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(extreme_times_and_options, fx_setup, fx_teardown),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("verify", tests, NULL, NULL);
}
