/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static eid_key *seeded(uint8_t n)
{
    uint8_t seed[32];
    memset(seed, 0x40 + n, sizeof seed);
    eid_key *k = NULL;
    assert_int_equal(eid_key_new_from_seed(seed, sizeof seed, &k), EID_OK);
    return k;
}

static const char *const issuer_ids[FX_DOCS] = {"", "vn.bocongan", "vn.csgt", "vn.bhxh", "vn.botuphap"};
static const char *const issuer_names[FX_DOCS] = {"", "Bộ Công an", "Cục Cảnh sát giao thông",
                                                  "Bảo hiểm xã hội Việt Nam", "Bộ Tư pháp"};

void fx_init(fx *f) { fx_init_at(f, 2026, 11, 25); }

void fx_init_at(fx *f, int32_t year, int32_t month, int32_t day)
{
    memset(f, 0, sizeof *f);
    int32_t d;
    assert_int_equal(eid_day_from_civil(year, month, day, &d), EID_OK);
    f->today = d;
    f->now = (int64_t)d * 86400 - 7 * 3600 + 10 * 3600;
    f->root = seeded(1);
    eid_key_public(f->root, f->root_pk);
    for (uint32_t t = 1; t < FX_DOCS; t++) {
        f->issuer[t] = seeded((uint8_t)(1 + t));
        eid_key_public(f->issuer[t], f->issuer_pk[t]);
        f->doc_codes[t] = t;
        f->issuers[f->n_issuers++] = (eid_trust_issuer){
            .issuer_id = issuer_ids[t], .public_key = f->issuer_pk[t],
            .usage = EID_USAGE_CREDENTIAL | EID_USAGE_REVOCATION, .doc_types = &f->doc_codes[t], .n_doc_types = 1,
            .max_assurance = 2, .sign_from = d - 7300, .sign_until = d + 365, .verify_until = d + 7300,
            .name = issuer_names[t]};
    }
    f->holder = seeded(10);
    eid_key_public(f->holder, f->holder_pk);
    f->rp = seeded(11);
    eid_key_public(f->rp, f->rp_pk);
    for (uint32_t c = 0; c < 4; c++)
        f->rp_claims[0][c] = c;
    f->rp_allowed[0] = (eid_rp_permission){EID_DOC_IDENTITY, f->rp_claims[0], 4};
    for (uint32_t c = 0; c < 8; c++)
        f->rp_claims[1][c] = c;
    f->rp_allowed[1] = (eid_rp_permission){EID_DOC_DRIVING_LICENCE, f->rp_claims[1], 8};
    f->rps[0] = (eid_trust_rp){"vn.csgt.checkpoint", "Trạm CSGT Hà Nội", f->rp_pk, f->rp_allowed, 2};
    f->tp = (eid_trust_list_params){.sequence = 5, .issued_at = f->now - 86400, .next_update = f->now + 86400,
                                    .expires_at = f->now + 7 * 86400, .issuers = f->issuers,
                                    .n_issuers = f->n_issuers, .relying_parties = f->rps, .n_relying_parties = 1};
    fx_sign_trust(f);
    for (uint32_t t = 1; t < FX_DOCS; t++)
        fx_sign_status(f, t, NULL, 0, 3);
    assert_int_equal(eid_replay_store_new(1024, &f->store), EID_OK);
    eid_verifier_options_default(&f->opt, EID_VERIFIER_OPTIONS_VERSION);
    f->opt.rp_id = "vn.csgt.checkpoint"; /* the checkpoint's verifier */
    assert_int_equal(fx_build(f), EID_OK);
}

void fx_free(fx *f)
{
    eid_verifier_free(f->verifier);
    eid_replay_store_free(f->store);
    eid_bytes_free(&f->trust);
    for (uint32_t t = 0; t < FX_DOCS; t++) {
        eid_bytes_free(&f->status[t]);
        eid_key_free(f->issuer[t]);
    }
    eid_key_free(f->root);
    eid_key_free(f->holder);
    eid_key_free(f->rp);
}

void fx_sign_trust(fx *f)
{
    eid_bytes_free(&f->trust);
    const eid_key *roots[1] = {f->root};
    assert_int_equal(eid_trust_list_sign(&f->tp, roots, 1, &f->trust), EID_OK);
}

void fx_sign_status(fx *f, uint32_t doc_type, const uint32_t *revoked, size_t n, uint64_t sequence)
{
    eid_bytes_free(&f->status[doc_type]);
    eid_revocation_list_params p = {.issuer_id = issuer_ids[doc_type], .list_id = 1, .doc_type = doc_type,
                                .sequence = sequence, .issued_at = f->now - 3600, .next_update = f->now + 86400,
                                .size = FX_LIST_SIZE};
    assert_int_equal(eid_revocation_list_sign(f->issuer[doc_type], &p, revoked, n, &f->status[doc_type]), EID_OK);
}

eid_status fx_build(fx *f)
{
    eid_verifier_free(f->verifier);
    f->verifier = NULL;
    eid_revocation_list_input lists[FX_DOCS - 1];
    for (uint32_t t = 1; t < FX_DOCS; t++)
        lists[t - 1] = (eid_revocation_list_input){f->status[t].data, f->status[t].len, 0};
    return eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, lists, FX_DOCS - 1, f->store,
                            &f->verifier);
}

#define TXT(s) .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)(s), .bytes_len = sizeof(s) - 1

size_t fx_claims(uint32_t doc_type, eid_claim *c)
{
    int32_t birth, day2;
    eid_day_from_civil(1990, 5, 17, &birth);
    eid_day_from_civil(2019, 8, 1, &day2);
    static const eid_list_entry privileges[] = {{2, NULL, 0, 17000, 23000}, {4, NULL, 0, 18000, 21000}};
    static const eid_list_entry convictions[] = {
        {0, (const uint8_t *)"Điều 260 Bộ luật Hình sự", sizeof("Điều 260 Bộ luật Hình sự") - 1, 16000, 16500}};
    size_t n = 0;
    c[n++] = (eid_claim){.number = 0, TXT(FX_PERSONAL_ID)};
    c[n++] = (eid_claim){.number = 1, TXT(FX_FULL_NAME)};
    c[n++] = (eid_claim){.number = 2, .type = EID_VALUE_DATE, .number_value = birth};
    switch (doc_type) {
    case EID_DOC_IDENTITY:
        for (uint32_t k = 3; k <= 6; k++)
            c[n++] = (eid_claim){.number = k, .type = EID_VALUE_BOOLEAN, .number_value = 1};
        c[n++] = (eid_claim){.number = 7, .type = EID_VALUE_ENUM, .number_value = 2};
        c[n++] = (eid_claim){.number = 8, TXT("Việt Nam")};
        c[n++] = (eid_claim){.number = 9, TXT("Xã Đông Hội, Huyện Đông Anh, Hà Nội")};
        c[n++] = (eid_claim){.number = 10, TXT("Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội")};
        break;
    case EID_DOC_DRIVING_LICENCE:
        c[n++] = (eid_claim){.number = 3, .type = EID_VALUE_LIST, .entries = privileges, .n_entries = 2};
        c[n++] = (eid_claim){.number = 4, TXT("790123456789")};
        c[n++] = (eid_claim){.number = 5, .type = EID_VALUE_DATE, .number_value = day2};
        c[n++] = (eid_claim){.number = 6, TXT("Sở Giao thông vận tải Hà Nội")};
        c[n++] = (eid_claim){.number = 7, .type = EID_VALUE_INTEGER, .number_value = 12};
        break;
    case EID_DOC_HEALTH_INSURANCE:
        c[n++] = (eid_claim){.number = 3, TXT("DN4010123456789")};
        c[n++] = (eid_claim){.number = 4, .type = EID_VALUE_INTEGER, .number_value = 4};
        c[n++] = (eid_claim){.number = 5, TXT("Bệnh viện Bạch Mai")};
        c[n++] = (eid_claim){.number = 6, .type = EID_VALUE_DATE, .number_value = day2};
        c[n++] = (eid_claim){.number = 7, .type = EID_VALUE_DATE, .number_value = day2 + 3000};
        c[n++] = (eid_claim){.number = 8, TXT("0123456789")};
        break;
    case EID_DOC_CRIMINAL_RECORD:
        c[n++] = (eid_claim){.number = 3, .type = EID_VALUE_ENUM, .number_value = 1};
        c[n++] = (eid_claim){.number = 4, TXT("123/2026/LLTP")};
        c[n++] = (eid_claim){.number = 5, .type = EID_VALUE_INTEGER, .number_value = 1};
        c[n++] = (eid_claim){.number = 6, .type = EID_VALUE_LIST, .entries = convictions, .n_entries = 1};
        c[n++] = (eid_claim){.number = 8, TXT("Xin việc làm")};
        c[n++] = (eid_claim){.number = 9, TXT("Sở Tư pháp Hà Nội")};
        c[n++] = (eid_claim){.number = 10, .type = EID_VALUE_DATE, .number_value = day2};
        break;
    default:
        break;
    }
    return n;
}

eid_credential_params fx_params(fx *f, uint32_t doc_type, uint32_t index)
{
    return (eid_credential_params){.doc_type = doc_type, .assurance = 2, .issued_on = f->today - 1,
                                   .valid_from = f->today - 1, .valid_until = f->today + 365,
                                   .holder_key = f->holder_pk, .revocation_list = 1, .revocation_index = index};
}

eid_bytes fx_issue_with(fx *f, const eid_credential_params *p, const eid_key *issuer)
{
    (void)f;
    eid_claim claims[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(p->doc_type, claims);
    eid_bytes b = {0};
    assert_int_equal(eid_issue_credential(issuer, p, claims, n, &b), EID_OK);
    return b;
}

eid_bytes fx_issue(fx *f, uint32_t doc_type, uint32_t index)
{
    eid_credential_params p = fx_params(f, doc_type, index);
    return fx_issue_with(f, &p, f->issuer[doc_type]);
}

char *fx_present(fx *f, const eid_bytes *bundle, const uint32_t *claims, size_t n, int64_t when)
{
    eid_bytes p = {0};
    assert_int_equal(eid_present(bundle->data, bundle->len, f->holder, claims, n, NULL, 0, when, &p), EID_OK);
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    eid_bytes_free(&p);
    return text;
}

eid_status fx_verify(fx *f, const char *text, int64_t now, eid_result **out)
{
    eid_result *r = NULL;
    eid_status st = eid_verifier_check_presentation(f->verifier, text, now, &r);
    assert_non_null(r);
    assert_int_equal(eid_result_status(r), st);
    if (out != NULL)
        *out = r;
    else
        eid_result_free(r);
    return st;
}

int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    fx_init(f);
    *state = f;
    return 0;
}

int fx_teardown(void **state)
{
    fx_free(*state);
    free(*state);
    return 0;
}
