/* SPDX-License-Identifier: Apache-2.0 */
/* Rules docs/FORMAT.md states so that a second implementer need not guess
 * them: which status a malformed or schema-breaking disclosure gets, the
 * Unicode version of the text rule, and which size bound binds a portrait in
 * a presentation. Each test builds the input the text talks about and checks
 * the library does what the text says. */
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "credential/credential.h"
#include "credential/disclosure.h"
#include "wire.h"


/* The verification of `text` fails at the disclosures check with `st`, and
 * that is the result's status. */
static void fails_at_disclosures(fx *f, const char *text, eid_status st)
{
    eid_result *r = NULL;
    eid_status got = fx_verify(f, text, f->now, &r);
    eid_status check = EID_OK;
    assert_int_equal(eid_result_check(r, EID_CHECK_DISCLOSURES, &check), EID_CHECK_FAILED);
    if (check != st || got != st)
        fail_msg("disclosures check: %s, result: %s, expected %s", eid_status_name(check), eid_status_name(got),
                 eid_status_name(st));
    eid_result_free(r);
}

/* A credential of doc_type signed over the standard claims, with claim `c`
 * replacing (or adding) the disclosure at its position. */
static eid_bytes issue_with(fx *f, uint32_t doc_type, const eid_claim *c, uint32_t status_index)
{
    eid_claim std[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(doc_type, std);
    ProtobufCBinaryData d[MERKLE_MAX_LEAVES];
    memset(d, 0, sizeof d);
    uint8_t salt[16];
    memset(salt, 7, sizeof salt);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(disclosure_encode(salt, 16, &std[i], &d[std[i].number].data, &d[std[i].number].len),
                         EID_OK);
    free(d[c->number].data);
    assert_int_equal(disclosure_encode(salt, 16, c, &d[c->number].data, &d[c->number].len), EID_OK);
    payload_fields pf = {.version = 1, .doc_type = doc_type, .assurance = 2, .issued_on = f->today - 1,
                             .valid_from = f->today - 1, .valid_until = f->today + 30, .leaf_count = 16,
                             .revocation_list = 1, .revocation_index = status_index};
    eid_key_id(f->issuer_pk[doc_type], pf.issuer_key_id);
    memcpy(pf.holder_key, f->holder_pk, 32);
    eid_bytes b = {0};
    assert_int_equal(cred_issue_raw(f->issuer[doc_type], &pf, d, &b), EID_OK);
    for (int i = 0; i < MERKLE_MAX_LEAVES; i++)
        free(d[i].data);
    return b;
}

/* FORMAT: the bytes are not a disclosure (section 5's shape, the text rule).
 * INVALID_CLAIM: a well-formed disclosure the doc type's schema refuses,
 * byte and entry bounds included. */
static void disclosure_statuses_follow_one_rule(void **state)
{
    fx *f = *state;
    /* A disclosure without a value, and one whose ClaimValue sets no member:
     * FORMAT (the holder re-signs, so only the disclosure is wrong). */
    static const uint8_t no_value_tail[] = {0x10, 0x01};
    static const uint8_t empty_value_tail[] = {0x10, 0x01, 0x1a, 0x00};
    const struct {
        const uint8_t *tail;
        size_t len;
    } shapes[] = {{no_value_tail, sizeof no_value_tail}, {empty_value_tail, sizeof empty_value_tail}};
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 3);
    const uint32_t two[] = {0, 1};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char *text = fx_present(f, &b, two, 2, f->now);
        eid_bytes p = wire_from_text(text);
        eid_bytes body = wire_take(&p, 1);
        uint8_t d[18 + 4] = {0x0a, 0x10};
        memset(d + 2, 0x33, 16);
        memcpy(d + 18, shapes[i].tail, shapes[i].len);
        eid_bytes edited = wire_set(&body, 4, 1, d, 18 + shapes[i].len);
        char *bad = wire_present_body(f->holder, &edited);
        fails_at_disclosures(f, bad, EID_ERR_FORMAT);
        eid_text_free(bad);
        eid_bytes_free(&edited);
        eid_bytes_free(&body);
        eid_bytes_free(&p);
        eid_text_free(text);
    }
    eid_bytes_free(&b);

    /* Well-formed disclosures that break the schema: INVALID_CLAIM. */
    char name97[98];
    memset(name97, 'A', 97);
    name97[97] = 0;
    eid_list_entry sixteen[16];
    for (uint32_t i = 0; i < 16; i++)
        sixteen[i] = (eid_list_entry){.code = i % 15 + 1, .first_day = f->today - 400, .last_day = f->today + 400};
    const struct {
        uint32_t doc_type;
        eid_claim c;
    } schema_cases[] = {
        {EID_DOC_IDENTITY, {.number = 1, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)name97, .bytes_len = 97}},
        {EID_DOC_IDENTITY, {.number = 1, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)"", .bytes_len = 0}},
        {EID_DOC_DRIVING_LICENCE, {.number = 3, .type = EID_VALUE_LIST, .entries = sixteen, .n_entries = 16}},
    };
    for (size_t i = 0; i < sizeof schema_cases / sizeof schema_cases[0]; i++) {
        eid_bytes cred = issue_with(f, schema_cases[i].doc_type, &schema_cases[i].c, 4);
        const uint32_t claims[] = {0, schema_cases[i].c.number};
        char *text = fx_present(f, &cred, claims, 2, f->now);
        fails_at_disclosures(f, text, EID_ERR_INVALID_CLAIM);
        eid_text_free(text);
        eid_bytes_free(&cred);
    }
    /* The same sixteen entries in a credential bundle: the wallet's import check says the same. */
    eid_bytes cred = issue_with(f, EID_DOC_DRIVING_LICENCE, &schema_cases[2].c, 5);
    eid_result *r = NULL;
    assert_int_equal(eid_verifier_check_credential(f->verifier, cred.data, cred.len, f->now, &r),
                     EID_ERR_INVALID_CLAIM);
    eid_result_free(r);
    eid_bytes_free(&cred);
}

/* The text rule is Unicode 15.0: a code point assigned in 15.0 is text, one
 * assigned in 15.1 is not, and a library linked against another version
 * refuses to start. */
static void unicode_version_is_fixed(void **state)
{
    (void)state;
    assert_string_equal(text_unicode_version(), "15.0.0");
    assert_int_equal(text_unicode_check("15.0.0"), EID_OK);
    assert_int_equal(text_unicode_check("15.1.0"), EID_ERR_UNSUPPORTED_VERSION);
    assert_int_equal(text_unicode_check("14.0.0"), EID_ERR_UNSUPPORTED_VERSION);
    assert_int_equal(text_unicode_check(NULL), EID_ERR_UNSUPPORTED_VERSION);
    assert_int_equal(eid_init(), EID_OK);
    /* U+1FAE8 SHAKING FACE and U+31350 (CJK extension H) are new in 15.0;
     * U+2FFC (an ideographic description character) is new in 15.1. */
    assert_int_equal(text_check((const uint8_t *)"\xf0\x9f\xab\xa8", 4, 96), EID_OK);
    assert_int_equal(text_check((const uint8_t *)"\xf0\xb1\x8d\x90", 4, 96), EID_OK);
    assert_int_equal(text_check((const uint8_t *)"\xe2\xbf\xbc", 3, 96), EID_ERR_FORMAT);
}

/* A JPEG portrait of n bytes (SOI ... EOI). */
static uint8_t *portrait(size_t n)
{
    uint8_t *p = malloc(n);
    memset(p, 0x55, n);
    p[0] = 0xFF, p[1] = 0xD8, p[2] = 0xFF, p[n - 2] = 0xFF, p[n - 1] = 0xD9;
    return p;
}

/* Whether a portrait of n bytes, disclosed alone, fits a presentation
 * (revocation index 2^24 - 1: the largest varint a reference issuer's list gives). */
static eid_status present_portrait(fx *f, size_t n)
{
    uint8_t *jpeg = portrait(n);
    eid_claim c = {.number = 12, .type = EID_VALUE_BYTES, .bytes = jpeg, .bytes_len = n};
    assert_int_equal(eid_claim_validate(EID_DOC_IDENTITY, &c), n <= 3072 ? EID_OK : EID_ERR_INVALID_CLAIM);
    eid_bytes cred = issue_with(f, EID_DOC_IDENTITY, &c, (1u << 24) - 1);
    const uint32_t only_portrait[] = {12};
    eid_bytes p = {0};
    eid_status st = eid_present(cred.data, cred.len, f->holder, only_portrait, 1, NULL, 0, f->now, &p);
    if (st == EID_OK) {
        assert_true(p.len <= EID_PRESENTATION_MAX_BYTES);
        char *text = NULL;
        assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
        eid_text_free(text);
    }
    eid_bytes_free(&p);
    eid_bytes_free(&cred);
    free(jpeg);
    return st;
}

/* The portrait's schema bound (3,072 bytes) binds credentials and cards; a
 * presentation is at most 2,048 bytes, so a portrait disclosed alone fits up
 * to EID_SPEC_PORTRAIT_PRESENTABLE bytes, as docs/FORMAT.md says, and a
 * larger one is refused as TOO_LARGE by the holder's builder, never sent. */
#define EID_SPEC_PORTRAIT_PRESENTABLE 1706
static void portrait_bound_in_a_presentation(void **state)
{
    fx *f = *state;
    size_t lo = 512, hi = 3072; /* lo fits, hi does not */
    assert_int_equal(present_portrait(f, lo), EID_OK);
    assert_int_equal(present_portrait(f, hi), EID_ERR_TOO_LARGE);
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (present_portrait(f, mid) == EID_OK)
            lo = mid;
        else
            hi = mid;
    }
    if (lo != EID_SPEC_PORTRAIT_PRESENTABLE)
        fail_msg("the largest portrait that fits a presentation is %zu bytes", lo);
    assert_int_equal(present_portrait(f, lo + 1), EID_ERR_TOO_LARGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(disclosure_statuses_follow_one_rule, fx_setup, fx_teardown),
        cmocka_unit_test(unicode_version_is_fixed),
        cmocka_unit_test_setup_teardown(portrait_bound_in_a_presentation, fx_setup, fx_teardown),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("spec", tests, NULL, NULL);
}
