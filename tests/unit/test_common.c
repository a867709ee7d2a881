/* SPDX-License-Identifier: Apache-2.0 */
/* Foundation: statuses, version, base45 (RFC 9285), the text rule, calendar
 * days, canonical protobuf decoding. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "common/base45.h"
#include "common/pb.h"
#include "common/text.h"
#include "eid/v1/credential.pb-c.h"
#include "eid/v1/lists.pb-c.h"

/* Every enumerator of eid/common.h with the family the design puts it in. A
 * status added to the header but not here (or to the library's table but not
 * the header) changes eid_status_count() and fails the first assertion. */
#define S(st, fam) {st, #st, EID_STATUS_FAMILY_##fam}
static const struct {
    eid_status status;
    const char *name;
    eid_status_family family;
} every_status[] = {
    S(EID_OK, OK),
    S(EID_ERR_INVALID_ARG, CALL), S(EID_ERR_STATE, CALL), S(EID_ERR_NOT_FOUND, CALL), S(EID_ERR_EXISTS, CALL),
    S(EID_ERR_DOES_NOT_FIT, CALL), S(EID_ERR_LIST_FULL, CALL), S(EID_ERR_BATCH_EMPTY, CALL),
    S(EID_ERR_UNSUPPORTED, CALL),
    S(EID_ERR_FORMAT, INPUT), S(EID_ERR_UNSUPPORTED_VERSION, INPUT), S(EID_ERR_TOO_LARGE, INPUT),
    S(EID_ERR_INVALID_CLAIM, INPUT),
    S(EID_ERR_BAD_SIGNATURE, VERIFICATION), S(EID_ERR_UNTRUSTED_ISSUER, VERIFICATION),
    S(EID_ERR_UNTRUSTED_RELYING_PARTY, VERIFICATION), S(EID_ERR_UNTRUSTED_LIST, VERIFICATION),
    S(EID_ERR_NOT_ALLOWED, VERIFICATION), S(EID_ERR_LIST_EXPIRED, VERIFICATION), S(EID_ERR_LIST_STALE, VERIFICATION),
    S(EID_ERR_LIST_ROLLBACK, VERIFICATION), S(EID_ERR_NO_REVOCATION_LIST, VERIFICATION), S(EID_ERR_CLOCK, VERIFICATION),
    S(EID_ERR_EXPIRED, VERIFICATION), S(EID_ERR_NOT_YET_VALID, VERIFICATION), S(EID_ERR_REVOKED, VERIFICATION),
    S(EID_ERR_WRONG_LEVEL, VERIFICATION), S(EID_ERR_WRONG_HOLDER, VERIFICATION), S(EID_ERR_PROOF, VERIFICATION),
    S(EID_ERR_PRESENTATION_EXPIRED, VERIFICATION), S(EID_ERR_CHALLENGE_REQUIRED, VERIFICATION),
    S(EID_ERR_REQUEST_UNKNOWN, VERIFICATION), S(EID_ERR_REQUEST_EXPIRED, VERIFICATION),
    S(EID_ERR_WRONG_CHALLENGE, VERIFICATION), S(EID_ERR_NOT_REQUESTED, VERIFICATION),
    S(EID_ERR_REPLAYED, VERIFICATION), S(EID_ERR_STORE_FULL, VERIFICATION), S(EID_ERR_OLDER, VERIFICATION),
    S(EID_ERR_IDENTITY_REVOKED, VERIFICATION),
    S(EID_ERR_LOCKED, VAULT), S(EID_ERR_WRONG_PASSCODE, VAULT), S(EID_ERR_WEAK_PASSCODE, VAULT),
    S(EID_ERR_LOCKED_OUT, VAULT), S(EID_ERR_WIPED, VAULT), S(EID_ERR_KEYSTORE, VAULT),
    S(EID_ERR_KEYSTORE_CANCELLED, VAULT), S(EID_ERR_KEY_INVALIDATED, VAULT),
    S(EID_ERR_NO_MEMORY, SYSTEM), S(EID_ERR_IO, SYSTEM), S(EID_ERR_CORRUPT, SYSTEM), S(EID_ERR_CRYPTO, SYSTEM),
    S(EID_ERR_INTERNAL, SYSTEM), S(EID_ERR_UNAVAILABLE, SYSTEM), S(EID_ERR_ACCESS_DENIED, SYSTEM),
};
#undef S

static void every_status_has_a_message_and_name(void **state)
{
    (void)state;
    size_t n = sizeof every_status / sizeof every_status[0];
    assert_int_equal(eid_status_count(), n);
    for (size_t i = 0; i < n; i++) {
        eid_status s = every_status[i].status;
        assert_int_equal(eid_status_at(i), s); /* listed in ascending order, none missing */
        if (i > 0)
            assert_true(s > every_status[i - 1].status);
        assert_string_equal(eid_status_name(s), every_status[i].name);
        assert_string_not_equal(eid_status_str(s), "unknown status");
        assert_int_equal(eid_status_family_of(s), every_status[i].family);
        for (size_t j = 0; j < i; j++) /* messages tell statuses apart */
            assert_string_not_equal(eid_status_str(s), eid_status_str(every_status[j].status));
    }
    assert_int_equal(eid_status_at(n), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_status_at(SIZE_MAX), EID_ERR_INVALID_ARG);
}

/* A value no status has gets "unknown" text but still its family, so a
 * program built against this header can sort a status a later library adds. */
static void statuses_outside_the_table_keep_their_family(void **state)
{
    (void)state;
    static const struct {
        int value;
        eid_status_family family;
    } gaps[] = {{9, EID_STATUS_FAMILY_CALL},          {19, EID_STATUS_FAMILY_CALL},
                {24, EID_STATUS_FAMILY_INPUT},        {39, EID_STATUS_FAMILY_INPUT},
                {66, EID_STATUS_FAMILY_VERIFICATION}, {79, EID_STATUS_FAMILY_VERIFICATION},
                {88, EID_STATUS_FAMILY_VAULT},        {99, EID_STATUS_FAMILY_VAULT},
                {107, EID_STATUS_FAMILY_SYSTEM},      {119, EID_STATUS_FAMILY_SYSTEM},
                {120, EID_STATUS_FAMILY_UNKNOWN},     {-1, EID_STATUS_FAMILY_UNKNOWN}};
    for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++) {
        eid_status s = (eid_status)gaps[i].value;
        assert_string_equal(eid_status_str(s), "unknown status");
        assert_string_equal(eid_status_name(s), "EID_ERR_UNKNOWN");
        assert_int_equal(eid_status_family_of(s), gaps[i].family);
    }
}

/* Every size, count and limit of the public headers is a macro for C and a
 * function for bindings; both say the same. tests/sizes_complete.cmake checks
 * that every such macro of include/eid is named here. */
#define SIZE(fn, MACRO) {#MACRO, (int64_t)(fn)(), (int64_t)(MACRO)}
static void every_size_macro_has_an_equal_function(void **state)
{
    (void)state;
    const struct {
        const char *macro;
        int64_t function, value;
    } sizes[] = {
        SIZE(eid_claim_problem_count, EID_CLAIM_PROBLEM_COUNT),
        SIZE(eid_day_no_expiry, EID_DAY_NO_EXPIRY),
        SIZE(eid_validity_expiring_days, EID_VALIDITY_EXPIRING_DAYS),
        SIZE(eid_claim_max_count, EID_CLAIM_MAX_COUNT),
        SIZE(eid_key_public_bytes, EID_KEY_PUBLIC_BYTES),
        SIZE(eid_key_seed_bytes, EID_KEY_SEED_BYTES),
        SIZE(eid_key_id_bytes, EID_KEY_ID_BYTES),
        SIZE(eid_credential_fingerprint_bytes, EID_CREDENTIAL_FINGERPRINT_BYTES),
        SIZE(eid_batch_default_members, EID_BATCH_DEFAULT_MEMBERS),
        SIZE(eid_batch_max_members, EID_BATCH_MAX_MEMBERS),
        SIZE(eid_batch_default_validity_days, EID_BATCH_DEFAULT_VALIDITY_DAYS),
        SIZE(eid_revocation_list_max_size, EID_REVOCATION_LIST_MAX_SIZE),
        SIZE(eid_challenge_max_bytes, EID_CHALLENGE_MAX_BYTES),
        SIZE(eid_keystore_prf_bytes, EID_KEYSTORE_PRF_BYTES),
        SIZE(eid_keystore_alias_max, EID_KEYSTORE_ALIAS_MAX),
        SIZE(eid_presentation_max_bytes, EID_PRESENTATION_MAX_BYTES),
        SIZE(eid_request_max_bytes, EID_REQUEST_MAX_BYTES),
        SIZE(eid_request_max_lifetime, EID_REQUEST_MAX_LIFETIME),
        SIZE(eid_qr_ecc_default, EID_QR_ECC_DEFAULT),
        SIZE(eid_qr_version_min, EID_QR_VERSION_MIN),
        SIZE(eid_qr_version_max, EID_QR_VERSION_MAX),
        SIZE(eid_qr_width_max, EID_QR_WIDTH_MAX),
        SIZE(eid_qr_text_max, EID_QR_TEXT_MAX),
        SIZE(eid_qr_quiet_zone, EID_QR_QUIET_ZONE),
        SIZE(eid_qr_quiet_zone_max, EID_QR_QUIET_ZONE_MAX),
        SIZE(eid_qr_png_scale_max, EID_QR_PNG_SCALE_MAX),
        SIZE(eid_vault_passcode_max, EID_VAULT_PASSCODE_MAX),
        SIZE(eid_vault_argon2_ops_default, EID_VAULT_ARGON2_OPS_DEFAULT),
        SIZE(eid_vault_argon2_mem_default, EID_VAULT_ARGON2_MEM_DEFAULT),
        SIZE(eid_revocation_list_default_max_age, EID_REVOCATION_LIST_DEFAULT_MAX_AGE),
        SIZE(eid_revocation_list_max_age_limit, EID_REVOCATION_LIST_MAX_AGE_LIMIT),
        SIZE(eid_verifier_offline_lifetime_max, EID_VERIFIER_OFFLINE_LIFETIME_MAX),
        SIZE(eid_verifier_clock_skew_max, EID_VERIFIER_CLOCK_SKEW_MAX),
        SIZE(eid_issuer_id_max_bytes, EID_ISSUER_ID_MAX_BYTES),
        SIZE(eid_check_count, EID_CHECK_COUNT),
        SIZE(eid_replay_per_holder, EID_REPLAY_PER_HOLDER),
        SIZE(eid_replay_default_capacity, EID_REPLAY_DEFAULT_CAPACITY),
        SIZE(eid_replay_record_max_bytes, EID_REPLAY_RECORD_MAX_BYTES),
        SIZE(eid_version_number, EID_VERSION_NUMBER),
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (sizes[i].function != sizes[i].value)
            fail_msg("%s is %lld, its function says %lld", sizes[i].macro, (long long)sizes[i].value,
                     (long long)sizes[i].function);
    /* the last of each enum-like range, and the values that are not integers */
    assert_string_equal(eid_check_name((eid_check)(eid_check_count() - 1)), "replay");
    assert_string_equal(eid_check_name((eid_check)eid_check_count()), "unknown");
    assert_string_equal(eid_claim_problem_str((eid_claim_problem)eid_claim_problem_count()), "unknown problem");
    /* stored as doubles first: on i386 the x87 unit evaluates a bare literal in
     * extended precision, where 85.6 is not the double 85.6 */
    const double width = EID_CARD_WIDTH_MM, height = EID_CARD_HEIGHT_MM;
    const double got_width = eid_card_width_mm(), got_height = eid_card_height_mm();
    assert_true(got_width == width);
    assert_true(got_height == height);
    assert_string_equal(eid_presentation_text_prefix(), EID_PRESENTATION_TEXT_PREFIX);
    assert_string_equal(eid_request_text_prefix(), EID_REQUEST_TEXT_PREFIX);
    assert_string_equal(eid_version_string(), EID_VERSION_STRING);
    assert_int_equal(EID_USAGE_CREDENTIAL | EID_USAGE_REVOCATION, 3); /* bits, as the trust list stores them */
}
#undef SIZE

static void version_matches_header(void **state)
{
    (void)state;
    assert_int_equal(eid_version_number(), EID_VERSION_NUMBER);
    assert_string_equal(eid_version_string(), EID_VERSION_STRING);
    assert_status(EID_OK, eid_init());
    assert_status(EID_OK, eid_init()); /* twice is harmless */
}

static void base45_rfc9285_examples(void **state)
{
    (void)state;
    static const struct { const char *plain, *encoded; } ex[] = {
        {"AB", "BB8"}, {"Hello!!", "%69 VD92EX0"}, {"base-45", "UJCLQE7W581"}, {"ietf!", "QED8WEX0"}, {"", ""}};
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        char out[64];
        size_t n = strlen(ex[i].plain);
        assert_int_equal(base45_encoded_len(n), strlen(ex[i].encoded));
        assert_status(EID_OK, base45_encode((const uint8_t *)ex[i].plain, n, out, sizeof out));
        assert_string_equal(out, ex[i].encoded);
        uint8_t back[64];
        size_t blen = 99;
        assert_status(EID_OK, base45_decode(ex[i].encoded, strlen(ex[i].encoded), back, sizeof back, &blen));
        assert_int_equal(blen, n);
        assert_memory_equal(back, ex[i].plain, n);
    }
}

static void base45_rejects_invalid_input(void **state)
{
    (void)state;
    uint8_t out[16];
    size_t n;
    assert_status(EID_ERR_FORMAT, base45_decode("GGW", 3, out, sizeof out, &n));       /* 65536 > 65535 */
    assert_status(EID_ERR_FORMAT, base45_decode("::", 2, out, sizeof out, &n));        /* 2024 > 255 */
    assert_status(EID_ERR_FORMAT, base45_decode("BB8B", 4, out, sizeof out, &n));      /* dangling char */
    assert_status(EID_ERR_FORMAT, base45_decode("bb8", 3, out, sizeof out, &n));       /* lower case */
    assert_status(EID_ERR_FORMAT, base45_decode("B#8", 3, out, sizeof out, &n));       /* not in alphabet */
    assert_status(EID_ERR_FORMAT, base45_decode("B\0008", 3, out, sizeof out, &n));
    assert_status(EID_ERR_TOO_LARGE, base45_decode("BB8BB8", 6, out, 3, &n));           /* output overflow */
    char small[3];
    assert_status(EID_ERR_TOO_LARGE, base45_encode((const uint8_t *)"AB", 2, small, sizeof small));
    /* each byte value, in each place of a group of three and of the final two:
     * decoded exactly when it is one of the 45 characters */
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    for (unsigned c = 0; c < 256; c++) {
        const char *at = c != 0 ? strchr(alphabet, (int)c) : NULL;
        for (size_t place = 0; place < 3; place++) {
            char group[3] = {'0', '0', '0'};
            group[place] = (char)c;
            uint8_t two[2];
            eid_status st = base45_decode(group, 3, two, sizeof two, &n);
            if (at == NULL) {
                assert_status(EID_ERR_FORMAT, st);
                continue;
            }
            unsigned v = (unsigned)(at - alphabet) * (place == 0 ? 1u : place == 1 ? 45u : 2025u);
            if (v > 65535) { /* a third digit of 33 or more */
                assert_status(EID_ERR_FORMAT, st);
                continue;
            }
            assert_status(EID_OK, st);
            assert_int_equal(n, 2);
            assert_int_equal(two[0] * 256u + two[1], v);
            if (place < 2 && v <= 255) { /* the final pair */
                assert_status(EID_OK, base45_decode(group, 2, two, sizeof two, &n));
                assert_int_equal(n, 1);
                assert_int_equal(two[0], v);
            }
        }
        char pair[2] = {'0', (char)c};
        eid_status st = base45_decode(pair, 2, out, sizeof out, &n);
        assert_status(at == NULL ? EID_ERR_FORMAT : (unsigned)(at - alphabet) * 45u > 255 ? EID_ERR_FORMAT : EID_OK,
                      st);
    }
    /* every 2-byte value round-trips */
    for (unsigned v = 0; v < 65536; v += 7) {
        uint8_t in[2] = {(uint8_t)(v >> 8), (uint8_t)v}, back[2];
        char enc[4];
        assert_status(EID_OK, base45_encode(in, 2, enc, sizeof enc));
        assert_status(EID_OK, base45_decode(enc, 3, back, 2, &n));
        assert_memory_equal(in, back, 2);
    }
}

#define T(s) (const uint8_t *)(s), sizeof(s) - 1
static void text_rule(void **state)
{
    (void)state;
    assert_status(EID_OK, text_check(T("Nguyễn Văn An"), 96));              /* NFC Vietnamese */
    assert_status(EID_OK, text_check(T("TRẦN THỊ BÍCH NGỌC"), 96));
    assert_status(EID_ERR_FORMAT, text_check(T("Nguye\xcc\x82\xcc\x83n"), 96)); /* NFD: e + U+0302 + U+0303 */
    assert_status(EID_ERR_FORMAT, text_check(T("a\x01" "b"), 96));              /* control */
    assert_status(EID_ERR_FORMAT, text_check(T("a\nb"), 96));
    assert_status(EID_ERR_FORMAT, text_check(T("ab\xe2\x80\xae" "cd"), 96)); /* U+202E RLO */
    assert_status(EID_ERR_FORMAT, text_check(T("x\xe2\x81\xa6y"), 96));          /* U+2066 LRI */
    assert_status(EID_ERR_FORMAT, text_check(T("\xcd\xb8"), 96));                /* unassigned U+0378 */
    assert_status(EID_ERR_FORMAT, text_check(T("\xc3"), 96));                     /* truncated */
    assert_status(EID_ERR_FORMAT, text_check(T("\xed\xa0\x80"), 96));             /* surrogate */
    assert_status(EID_ERR_FORMAT, text_check(T("\xc0\xaf"), 96));                 /* overlong */
    assert_status(EID_ERR_FORMAT, text_check((const uint8_t *)"a\0b", 3, 96)); /* NUL */
    assert_status(EID_ERR_TOO_LARGE, text_check(T("abcdef"), 5));
    uint8_t *nfc;
    size_t n;
    assert_status(EID_OK, text_normalize(T("Nguye\xcc\x82\xcc\x83n"), 96, &nfc, &n));
    assert_status(EID_OK, text_check(nfc, n, 96));
    assert_int_equal(n, strlen("Nguyễn"));
    assert_memory_equal(nfc, "Nguyễn", n);
    free(nfc);
    assert_status(EID_ERR_FORMAT, text_normalize(T("a\x07"), 96, &nfc, &n));
    assert_non_null(text_unicode_version());
}

static void days_round_trip_1900_2100(void **state)
{
    (void)state;
    int32_t d;
    assert_status(EID_OK, eid_day_from_civil(1970, 1, 1, &d));
    assert_int_equal(d, 0);
    assert_status(EID_OK, eid_day_from_civil(1969, 12, 31, &d));
    assert_int_equal(d, -1);
    assert_status(EID_OK, eid_day_from_civil(2038, 1, 20, &d)); /* the day after 32-bit time_t ends */
    assert_int_equal(d, 24856);
    assert_status(EID_OK, eid_day_from_civil(2000, 2, 29, &d));
    assert_status(EID_ERR_INVALID_ARG, eid_day_from_civil(1900, 2, 29, &d));
    assert_status(EID_ERR_INVALID_ARG, eid_day_from_civil(2023, 2, 29, &d));
    assert_status(EID_ERR_INVALID_ARG, eid_day_from_civil(2023, 13, 1, &d));
    assert_status(EID_ERR_INVALID_ARG, eid_day_from_civil(2023, 4, 31, &d));
    assert_status(EID_ERR_INVALID_ARG, eid_day_from_civil(2023, 1, 0, &d));
    int32_t prev;
    assert_status(EID_OK, eid_day_from_civil(1900, 1, 1, &prev));
    assert_int_equal(prev, -25567);
    for (int32_t day = prev + 1; day <= 47846; day++) { /* up to 2100-12-31 */
        int32_t y, m, dd, again;
        eid_day_to_civil(day, &y, &m, &dd);
        assert_status(EID_OK, eid_day_from_civil(y, m, dd, &again));
        assert_int_equal(again, day);
    }
    int32_t m, dd;
    eid_day_to_civil(47846, &prev, &m, &dd);
    assert_int_equal(prev, 2100);
    assert_int_equal(m, 12);
    assert_int_equal(dd, 31);
}

static void vietnam_day_boundaries(void **state)
{
    (void)state;
    /* 1970-01-01 00:00 in UTC+7 is 1969-12-31T17:00Z */
    assert_int_equal(eid_day_of(-7 * 3600), 0);
    assert_int_equal(eid_day_of(-7 * 3600 - 1), -1);
    assert_int_equal(eid_day_of(17 * 3600 - 1), 0);
    assert_int_equal(eid_day_of(17 * 3600), 1);
    /* past 2038 on any target: 2040-01-01T00:00+07 */
    int32_t d;
    assert_status(EID_OK, eid_day_from_civil(2040, 1, 1, &d));
    assert_int_equal(eid_day_of((int64_t)d * 86400 - 7 * 3600), d);
    assert_true(eid_system_clock(NULL) > 1700000000);
}

/* Disclosure{salt=16x0xAA, claim=3, value{boolean=true}} */
static size_t canonical_disclosure(uint8_t *buf)
{
    Eid__V1__ClaimValue v = EID__V1__CLAIM_VALUE__INIT;
    v.value_case = EID__V1__CLAIM_VALUE__VALUE_BOOLEAN;
    v.boolean = 1;
    Eid__V1__Disclosure d = EID__V1__DISCLOSURE__INIT;
    static uint8_t salt[16];
    memset(salt, 0xAA, sizeof salt);
    d.salt.data = salt;
    d.salt.len = sizeof salt;
    d.claim = 3;
    d.value = &v;
    return eid__v1__disclosure__pack(&d, buf);
}

static eid_status decode(const uint8_t *b, size_t n)
{
    Eid__V1__Disclosure *d = NULL;
    eid_status st = PB_DECODE(Eid__V1__Disclosure, eid__v1__disclosure__descriptor, b, n, 256, &d);
    pb_free((ProtobufCMessage *)d);
    return st;
}

static void canonical_decoding(void **state)
{
    (void)state;
    uint8_t b[64];
    size_t n = canonical_disclosure(b);
    /* 0a 10 <salt> 10 03 1a 02 20 01 (24 bytes) */
    assert_int_equal(n, 24);
    assert_status(EID_OK, decode(b, n));
    /* a oneof member set to false is still encoded, and decodes */
    uint8_t f[64];
    memcpy(f, b, n);
    f[23] = 0x00;
    assert_status(EID_OK, decode(f, n));
    uint8_t m[80];
    /* reordered: claim before salt */
    memcpy(m, b + 18, 2);
    memcpy(m + 2, b, 18);
    memcpy(m + 20, b + 20, 4);
    assert_status(EID_ERR_FORMAT, decode(m, n));
    /* duplicated field */
    memcpy(m, b, n);
    memcpy(m + n, b + 18, 2);
    assert_status(EID_ERR_FORMAT, decode(m, n + 2));
    /* non-minimal varint for claim: 10 83 00 */
    memcpy(m, b, 19);
    m[19] = 0x83;
    m[20] = 0x00;
    memcpy(m + 21, b + 20, 4);
    assert_status(EID_ERR_FORMAT, decode(m, n + 1));
    /* unknown field 15 (varint) at top level, and inside the nested value */
    memcpy(m, b, n);
    m[n] = 0x78;
    m[n + 1] = 0x01;
    assert_status(EID_ERR_FORMAT, decode(m, n + 2));
    memcpy(m, b, 20);
    m[20] = 0x1a;
    m[21] = 0x04;
    m[22] = 0x20;
    m[23] = 0x01;
    m[24] = 0x78;
    m[25] = 0x01;
    assert_status(EID_ERR_FORMAT, decode(m, 26));
    /* explicit zero scalar (claim = 0 encoded) */
    memcpy(m, b, 18);
    m[18] = 0x10;
    m[19] = 0x00;
    memcpy(m + 20, b + 20, 4);
    assert_status(EID_ERR_FORMAT, decode(m, n));
    /* trailing byte, truncation, oversize */
    memcpy(m, b, n);
    m[n] = 0;
    assert_status(EID_ERR_FORMAT, decode(m, n + 1));
    assert_status(EID_ERR_FORMAT, decode(b, n - 1));
    Eid__V1__Disclosure *d = NULL;
    assert_status(EID_ERR_TOO_LARGE,
                  PB_DECODE(Eid__V1__Disclosure, eid__v1__disclosure__descriptor, b, n, n - 1, &d));
    assert_null(d);
}

static void unknown_enum_value_rejected(void **state)
{
    (void)state;
    Eid__V1__CredentialPayload p = EID__V1__CREDENTIAL_PAYLOAD__INIT;
    p.version = 1;
    p.key_protection = (Eid__V1__KeyProtection)7;
    uint8_t b[64];
    size_t n = eid__v1__credential_payload__pack(&p, b);
    Eid__V1__CredentialPayload *out = NULL;
    assert_status(EID_ERR_FORMAT,
                  PB_DECODE(Eid__V1__CredentialPayload, eid__v1__credential_payload__descriptor, b, n, 512, &out));
    p.key_protection = EID__V1__KEY_PROTECTION__KEY_PROTECTION_STRONGBOX;
    n = eid__v1__credential_payload__pack(&p, b);
    assert_status(EID_OK,
                  PB_DECODE(Eid__V1__CredentialPayload, eid__v1__credential_payload__descriptor, b, n, 512, &out));
    pb_free((ProtobufCMessage *)out);
}

/* Decoding never allocates more than 64 x input + 16 KiB: a canonical
 * trust-list body of 30 000 empty issuer entries (2 bytes each) decodes into
 * 30 000 structures; where they outgrow the bound (64-bit targets) the decoder
 * refuses rather than expands, where they fit (32-bit) it decodes. */
static void decoding_allocations_are_bounded(void **state)
{
    (void)state;
    size_t n = 30000;
    uint8_t *b = malloc(2 * n);
    for (size_t i = 0; i < n; i++) {
        b[2 * i] = 0x32; /* field 6 (issuers), length-delimited */
        b[2 * i + 1] = 0x00;
    }
    size_t needed = sizeof(Eid__V1__TrustListBody) + n * (sizeof(Eid__V1__IssuerEntry) + sizeof(void *));
    eid_status expected = needed > 64 * 2 * n + 16384 ? EID_ERR_FORMAT : EID_OK;
    print_message("%zu bytes of structures for %zu input bytes: %s\n", needed, 2 * n,
                  expected == EID_OK ? "within the bound" : "over the bound");
    Eid__V1__TrustListBody *body = NULL;
    assert_status(expected, PB_DECODE(Eid__V1__TrustListBody, eid__v1__trust_list_body__descriptor, b, 2 * n,
                                      1u << 20, &body));
    pb_free((ProtobufCMessage *)body);
    body = NULL;
    /* a few entries always decode: the bound is about size, not about shape */
    assert_status(EID_OK, PB_DECODE(Eid__V1__TrustListBody, eid__v1__trust_list_body__descriptor, b, 2 * 10,
                                    1u << 20, &body));
    assert_int_equal(body->n_issuers, 10);
    pb_free((ProtobufCMessage *)body);
    free(b);
}

static void bytes_free_zeroes_and_accepts_null(void **state)
{
    (void)state;
    eid_bytes_free(NULL);
    eid_bytes b = {0};
    eid_bytes_free(&b);
    b.data = malloc(8);
    b.len = 8;
    eid_bytes_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    eid_free(NULL);
}

/* free() is wrapped (tests/CMakeLists.txt): it notes whether the watched text
 * was all zero bytes when the library released it. */
static const char *watched;
static size_t watched_len;
static int watched_zero = -1;
void __real_free(void *p);
void __wrap_free(void *p);
void __wrap_free(void *p)
{
    if (p != NULL && p == watched) {
        int zero = 1;
        for (size_t i = 0; i < watched_len; i++)
            zero &= ((const volatile char *)p)[i] == 0;
        watched_zero = zero;
    }
    __real_free(p);
}

/* Text that may carry personal data (a presentation's QR text) is zeroed
 * before its memory goes back to the allocator. */
static void text_free_zeroes_and_accepts_null(void **state)
{
    (void)state;
    eid_text_free(NULL);
    const uint8_t presentation[] = {0x0a, 0x03, 'N', 'g', 'a', 0x12, 0x02, 0x01, 0x02};
    char *text = NULL;
    assert_int_equal(eid_presentation_text(presentation, sizeof presentation, &text), EID_OK);
    assert_non_null(text);
    watched = text;
    watched_len = strlen(text);
    assert_true(watched_len > strlen(EID_PRESENTATION_TEXT_PREFIX));
    eid_text_free(text);
    assert_int_equal(watched_zero, 1);
    watched = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_status_has_a_message_and_name),
        cmocka_unit_test(statuses_outside_the_table_keep_their_family),
        cmocka_unit_test(version_matches_header),
        cmocka_unit_test(every_size_macro_has_an_equal_function),
        cmocka_unit_test(base45_rfc9285_examples),
        cmocka_unit_test(base45_rejects_invalid_input),
        cmocka_unit_test(text_rule),
        cmocka_unit_test(days_round_trip_1900_2100),
        cmocka_unit_test(vietnam_day_boundaries),
        cmocka_unit_test(canonical_decoding),
        cmocka_unit_test(unknown_enum_value_rejected),
        cmocka_unit_test(decoding_allocations_are_bounded),
        cmocka_unit_test(bytes_free_zeroes_and_accepts_null),
        cmocka_unit_test(text_free_zeroes_and_accepts_null),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
