/* SPDX-License-Identifier: Apache-2.0 */
/* Dates past 2038 through the whole flow, on every target (the 32-bit suite
 * runs this too): a licence valid until 2040 is issued, imported, presented
 * and verified in 2039 and refused as expired in 2041; a licence issued in
 * 2095 and valid to 2100 verifies in 2099; a revocation list refreshed in 2039
 * works; birth dates before 1970 round-trip. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "test_vault_support.h"

static int64_t wallet_now;
static int64_t wallet_clock(void *ctx)
{
    (void)ctx;
    return wallet_now;
}

static int32_t day_of(int32_t y, int32_t m, int32_t d)
{
    int32_t out;
    assert_int_equal(eid_day_from_civil(y, m, d, &out), EID_OK);
    return out;
}

static const uint8_t challenge[] = "dates";

static void licence_2039_to_2041_through_the_wallet(void **state)
{
    (void)state;
    fx f;
    fx_init_at(&f, 2039, 3, 1);
    assert_true(f.now > INT32_MAX); /* past the 32-bit time_t limit */
    wallet_now = f.now;
    tv_env env;
    tv_env_init(&env, "dates");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *vault = NULL;
    assert_int_equal(eid_vault_create(env.vault_dir, PASS_A, &env.ks, &o, &vault), EID_OK);
    eid_wallet_options wo;
    eid_wallet_options_default(&wo, EID_WALLET_OPTIONS_VERSION);
    wo.clock = wallet_clock;
    eid_wallet *w = NULL;
    assert_int_equal(eid_wallet_new(vault, &wo, &w), EID_OK);
    eid_bytes req = {0};
    uint8_t holder[32];
    uint32_t prot;
    assert_int_equal(eid_wallet_activation_request(w, challenge, sizeof challenge, &req), EID_OK);
    assert_int_equal(eid_activation_check(req.data, req.len, challenge, sizeof challenge, holder, &prot), EID_OK);
    eid_bytes_free(&req);
    eid_claim c[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_IDENTITY, c);
    eid_credential_params p = fx_params(&f, EID_DOC_IDENTITY, 1);
    p.holder_key = holder;
    p.valid_until = day_of(2045, 1, 1);
    eid_bytes id = {0};
    assert_int_equal(eid_issue_credential(f.issuer[1], &p, c, n, &id), EID_OK);
    assert_int_equal(eid_wallet_activate(w, f.verifier, id.data, id.len), EID_OK);
    p = fx_params(&f, EID_DOC_DRIVING_LICENCE, 7);
    p.holder_key = holder;
    p.valid_until = day_of(2040, 12, 31);
    eid_bytes lic = fx_issue_with(&f, &p, f.issuer[2]);
    assert_int_equal(eid_wallet_import(w, f.verifier, lic.data, lic.len), EID_OK);
    /* presented and verified in 2039 */
    const uint32_t shown[] = {0, 1, 3};
    eid_bytes pr = {0};
    assert_int_equal(eid_wallet_present(w, EID_DOC_DRIVING_LICENCE, shown, 3, NULL, 0, NULL, &pr, NULL), EID_OK);
    char *text = NULL;
    assert_int_equal(eid_presentation_text(pr.data, pr.len, &text), EID_OK);
    eid_result *r = NULL;
    assert_int_equal(fx_verify(&f, text, f.now, &r), EID_OK);
    assert_int_equal(eid_result_valid_until(r), day_of(2040, 12, 31));
    eid_result_free(r);
    eid_text_free(text);
    eid_bytes_free(&pr);
    /* a revocation list refreshed in 2039 revokes nothing and keeps the licence valid */
    assert_int_equal(eid_wallet_refresh(w, f.verifier, NULL), EID_OK);
    eid_document *doc = NULL;
    assert_int_equal(eid_wallet_document(w, EID_DOC_DRIVING_LICENCE, &doc), EID_OK);
    assert_int_equal(eid_document_validity(doc), EID_VALIDITY_VALID);
    eid_document_free(doc);
    /* the same world in 2041: the licence has expired, for the wallet and for a verifier */
    wallet_now = f.now + (int64_t)(day_of(2041, 3, 1) - f.today) * 86400;
    assert_int_equal(eid_wallet_present(w, EID_DOC_DRIVING_LICENCE, shown, 3, NULL, 0, NULL, &pr, NULL), EID_ERR_EXPIRED);
    fx g;
    fx_init_at(&g, 2041, 3, 1);
    assert_int_equal(eid_present(lic.data, lic.len, g.holder, shown, 3, NULL, 0, g.now, &pr), EID_ERR_WRONG_HOLDER);
    eid_wallet_free(w);
    eid_vault_close(vault);
    tv_env_free(&env);
    eid_bytes_free(&lic);
    eid_bytes_free(&id);
    /* a licence of the fixture's holder, checked by the 2041 verifier */
    eid_credential_params q = fx_params(&f, EID_DOC_DRIVING_LICENCE, 8);
    q.valid_until = day_of(2040, 12, 31);
    eid_bytes lic2 = fx_issue_with(&f, &q, f.issuer[2]);
    text = fx_present(&g, &lic2, shown, 3, g.now);
    assert_int_equal(fx_verify(&g, text, g.now, NULL), EID_ERR_EXPIRED);
    eid_text_free(text);
    eid_bytes_free(&lic2);
    fx_free(&g);
    fx_free(&f);
}

static void licence_2095_to_2100(void **state)
{
    (void)state;
    fx issuer_world;
    fx_init_at(&issuer_world, 2095, 6, 1);
    eid_credential_params p = fx_params(&issuer_world, EID_DOC_DRIVING_LICENCE, 9);
    p.valid_until = day_of(2100, 12, 31);
    eid_bytes lic = fx_issue_with(&issuer_world, &p, issuer_world.issuer[2]);
    fx later;
    fx_init_at(&later, 2099, 6, 1);
    const uint32_t shown[] = {0, 4};
    char *text = fx_present(&later, &lic, shown, 2, later.now);
    eid_result *r = NULL;
    assert_int_equal(fx_verify(&later, text, later.now, &r), EID_OK);
    assert_int_equal(eid_result_valid_from(r), day_of(2095, 5, 31));
    eid_result_free(r);
    eid_text_free(text);
    eid_bytes_free(&lic);
    fx_free(&later);
    fx_free(&issuer_world);
}

static void birth_dates_before_1970(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    eid_claim c[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_IDENTITY, c);
    const int32_t births[] = {day_of(1901, 2, 28), day_of(1945, 9, 2), day_of(1969, 12, 31)};
    for (size_t i = 0; i < 3; i++) {
        c[2].number_value = births[i];
        eid_credential_params p = fx_params(&f, EID_DOC_IDENTITY, (uint32_t)(40 + i));
        eid_bytes b = {0};
        assert_int_equal(eid_issue_credential(f.issuer[1], &p, c, n, &b), EID_OK);
        const uint32_t shown[] = {2};
        char *text = fx_present(&f, &b, shown, 1, f.now);
        eid_result *r = NULL;
        assert_int_equal(fx_verify(&f, text, f.now, &r), EID_OK);
        assert_int_equal(eid_result_claim(r, 0)->number_value, births[i]);
        int32_t y, m, d;
        eid_day_to_civil((int32_t)eid_result_claim(r, 0)->number_value, &y, &m, &d);
        assert_int_equal(day_of(y, m, d), births[i]);
        eid_result_free(r);
        eid_text_free(text);
        eid_bytes_free(&b);
    }
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(licence_2039_to_2041_through_the_wallet),
        cmocka_unit_test(licence_2095_to_2100),
        cmocka_unit_test(birth_dates_before_1970),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
