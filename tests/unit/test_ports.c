/* SPDX-License-Identifier: Apache-2.0 */
/* What changes between the machines libeid runs on: 32-bit size_t and long,
 * 32-bit or 64-bit time_t, signed or unsigned plain char. The same checks run
 * on every target (host, -funsigned-char, arm64, i386, armhf); each one must hold
 * whatever the target's types are. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h> /* only to print sizeof(time_t); libeid's time is int64_t */

#include "testutil.h"
#include "common/base45.h"
#include "common/text.h"

#define LOCAL_MIDNIGHT(day) ((int64_t)(day) * 86400 - 7 * 3600) /* UTC+7 */

static int32_t day_number(int32_t y, int32_t m, int32_t d)
{
    int32_t day = 0;
    assert_status(EID_OK, eid_day_from_civil(y, m, d, &day));
    return day;
}

static void prints_the_target(void **state)
{
    (void)state;
    print_message("target: sizeof(time_t)=%u sizeof(size_t)=%u sizeof(long)=%u sizeof(void *)=%u "
                  "plain char %s\n",
                  (unsigned)sizeof(time_t), (unsigned)sizeof(size_t), (unsigned)sizeof(long),
                  (unsigned)sizeof(void *), CHAR_MIN < 0 ? "signed" : "unsigned");
    /* What libeid relies on, on every target. */
    assert_int_equal(sizeof(int64_t), 8);
    assert_int_equal(CHAR_BIT, 8);
    assert_true(sizeof(size_t) >= 4);
}

/* Seconds past 2038 stay exact: 2039, 2099 and 2100 computed from days,
 * taken back to days and to calendar dates. */
static void seconds_past_2038(void **state)
{
    (void)state;
    static const struct { int32_t y, m, d; int64_t utc; } dates[] = {
        /* midnight in Vietnam is 17:00 UTC the day before */
        {2039, 1, 1, INT64_C(2177427600)},
        {2099, 12, 31, INT64_C(4102333200)},
        {2100, 1, 1, INT64_C(4102419600)},
        {2100, 3, 1, INT64_C(4107517200)}, /* 2100 is not a leap year */
    };
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        int32_t day = day_number(dates[i].y, dates[i].m, dates[i].d);
        int64_t t = LOCAL_MIDNIGHT(day);
        assert_true(t > INT32_MAX);       /* would wrap in a 32-bit time_t */
        assert_int_equal(t, dates[i].utc);
        assert_int_equal(eid_day_of(t), day);
        assert_int_equal(eid_day_of(t - 1), day - 1);
        assert_int_equal(eid_day_of(t + 86399), day);
        int32_t y, m, d;
        eid_day_to_civil(eid_day_of(t), &y, &m, &d);
        assert_int_equal(y, dates[i].y);
        assert_int_equal(m, dates[i].m);
        assert_int_equal(d, dates[i].d);
    }
    /* the last second of 32-bit time_t and the one after it fall on the same
     * day (2038-01-19, 10:14 in Vietnam) */
    int32_t day = day_number(2038, 1, 19);
    assert_int_equal(eid_day_of(INT32_MAX), day);
    assert_int_equal(eid_day_of((int64_t)INT32_MAX + 1), day);
    /* 2100-02-29 does not exist; 2100-02-28 is followed by 2100-03-01 */
    int32_t out;
    assert_status(EID_ERR_INVALID_ARG, eid_day_from_civil(2100, 2, 29, &out));
    assert_int_equal(day_number(2100, 3, 1), day_number(2100, 2, 28) + 1);
    /* a validity from 2095 to 2100 in seconds, ordered as int64 on every target */
    int64_t from = LOCAL_MIDNIGHT(day_number(2095, 6, 1)), until = LOCAL_MIDNIGHT(day_number(2100, 6, 1));
    int64_t now = LOCAL_MIDNIGHT(day_number(2099, 6, 1)) + 12 * 3600;
    assert_true(from < now && now < until);
    assert_int_equal((until - from) / 86400, 5 * 365 + 1); /* 2096-02-29 is the only leap day between */
}

/* Every day from 1900-01-01 to 2100-12-31: its first and last second map to
 * it (signed 64-bit division, negative before 1970), and its date maps back. */
static void day_of_round_trip_1900_2100(void **state)
{
    (void)state;
    int32_t first = day_number(1900, 1, 1), last = day_number(2100, 12, 31);
    assert_int_equal(first, -25567);
    assert_int_equal(last, 47846);
    int32_t prev_y = 1899, prev_m = 12, prev_d = 31;
    for (int32_t day = first; day <= last; day++) {
        int64_t t = LOCAL_MIDNIGHT(day);
        assert_int_equal(eid_day_of(t), day);
        assert_int_equal(eid_day_of(t + 86399), day);
        assert_int_equal(eid_day_of(t - 1), day - 1);
        int32_t y, m, d, again;
        eid_day_to_civil(eid_day_of(t), &y, &m, &d);
        assert_status(EID_OK, eid_day_from_civil(y, m, d, &again));
        assert_int_equal(again, day);
        /* consecutive days are consecutive dates */
        if (d == 1) {
            assert_true((m == 1 && y == prev_y + 1 && prev_m == 12 && prev_d == 31) ||
                        (m == prev_m + 1 && y == prev_y));
        } else {
            assert_true(y == prev_y && m == prev_m && d == prev_d + 1);
        }
        prev_y = y;
        prev_m = m;
        prev_d = d;
    }
    /* before 1970, at the edges */
    assert_int_equal(eid_day_of(LOCAL_MIDNIGHT(-1)), -1);
    assert_int_equal(eid_day_of(LOCAL_MIDNIGHT(0) - 1), -1);
    assert_int_equal(eid_day_of(LOCAL_MIDNIGHT(-25567)), -25567);
}

static const char base45_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* The digit value of byte c in base45, or -1. */
static int base45_digit(unsigned c)
{
    const char *p = c != 0 ? strchr(base45_alphabet, (int)c) : NULL;
    return p != NULL ? (int)(p - base45_alphabet) : -1;
}

/* base45 text arrives as plain char. A byte >= 0x80 is negative where char is
 * signed and large where it is unsigned; either way it is outside the
 * alphabet and decoding says EID_ERR_FORMAT. Every byte value in every
 * position of a group decodes to the value the alphabet gives it, or fails. */
static void base45_every_byte_in_text(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 256; c++) {
        int digit = base45_digit(c);
        unsigned weight = 1;
        for (unsigned pos = 0; pos < 3; pos++, weight *= 45) {
            char text[3] = {'0', '0', '0'};
            text[pos] = (char)c;
            uint8_t out[2] = {0};
            size_t n = 99;
            eid_status st = base45_decode(text, 3, out, sizeof out, &n);
            if (digit < 0 || (unsigned)digit * weight > 0xFFFF) {
                assert_status(EID_ERR_FORMAT, st);
            } else {
                assert_status(EID_OK, st);
                assert_int_equal(n, 2);
                assert_int_equal(out[0] * 256u + out[1], (unsigned)digit * weight);
            }
            if (pos == 2)
                continue;
            st = base45_decode(text, 2, out, sizeof out, &n); /* a final pair: one byte */
            if (digit < 0 || (unsigned)digit * weight > 0xFF) {
                assert_status(EID_ERR_FORMAT, st);
            } else {
                assert_status(EID_OK, st);
                assert_int_equal(n, 1);
                assert_int_equal(out[0], (unsigned)digit * weight);
            }
        }
    }
}

/* Bytes >= 0x80 in the data round-trip exactly (no sign extension on the way). */
static void base45_high_bytes_in_data(void **state)
{
    (void)state;
    uint8_t in[256], back[256];
    for (unsigned i = 0; i < 256; i++)
        in[i] = (uint8_t)(255 - i);
    char text[400];
    assert_int_equal(base45_encoded_len(sizeof in), 384);
    assert_status(EID_OK, base45_encode(in, sizeof in, text, sizeof text));
    assert_int_equal(strlen(text), 384);
    size_t n = 0;
    assert_status(EID_OK, base45_decode(text, strlen(text), back, sizeof back, &n));
    assert_int_equal(n, sizeof in);
    assert_memory_equal(in, back, sizeof in);
    for (unsigned b = 0x80; b < 0x100; b++) { /* odd tail: one byte, two characters */
        uint8_t one = (uint8_t)b, again = 0;
        char two[3];
        assert_status(EID_OK, base45_encode(&one, 1, two, sizeof two));
        assert_status(EID_OK, base45_decode(two, 2, &again, 1, &n));
        assert_int_equal(n, 1);
        assert_int_equal(again, one);
    }
}

/* Sizes near SIZE_MAX (4 GiB on 32-bit targets) are refused, not wrapped. */
static void sizes_near_size_max(void **state)
{
    (void)state;
    uint8_t in[2] = {0};
    char out[8];
    assert_status(EID_ERR_TOO_LARGE, base45_encode(in, SIZE_MAX / 2 + 1, out, sizeof out));
    assert_status(EID_ERR_TOO_LARGE, base45_encode(in, SIZE_MAX, out, sizeof out));
    uint8_t dec[8];
    size_t n = 1;
    assert_status(EID_ERR_TOO_LARGE, base45_decode("000", SIZE_MAX - SIZE_MAX % 3, dec, sizeof dec, &n));
    assert_int_equal(n, 0);
    assert_status(EID_ERR_TOO_LARGE, text_check((const uint8_t *)"a", SIZE_MAX, 96));
}

/* The text rule on every single byte and on multi-byte text given as plain
 * char strings: the verdict depends on the bytes, never on char's sign. */
static void text_rule_single_bytes(void **state)
{
    (void)state;
    for (unsigned b = 0; b < 256; b++) {
        char s[1] = {(char)b};
        eid_status st = text_check((const uint8_t *)s, 1, 96);
        if (b < 0x20 || b == 0x7F || b >= 0x80) /* controls, and no byte >= 0x80 stands alone */
            assert_status(EID_ERR_FORMAT, st);
        else
            assert_status(EID_OK, st);
    }
    static const char *const ok[] = {
        "Nguyễn Thị Minh Khai", "Đặng Văn Ơn", "\xc2\xa0", /* NBSP */
        "\xe2\x82\xab",                                    /* U+20AB DONG SIGN */
        "\xf0\x9f\x98\x80",                                /* U+1F600 */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_status(EID_OK, text_check((const uint8_t *)ok[i], strlen(ok[i]), 96));
    static const char *const bad[] = {
        "\xc2\x80",         /* U+0080, a C1 control */
        "\xc2\x9f",         /* U+009F */
        "\xe0\x80\x80",     /* overlong */
        "\xf4\x90\x80\x80", /* above U+10FFFF */
        "\xf8\x88\x80\x80\x80",
        "\xef\xbf\xbf",     /* U+FFFF, a noncharacter */
        "a\xff!",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_status(EID_ERR_FORMAT, text_check((const uint8_t *)bad[i], strlen(bad[i]), 96));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prints_the_target),
        cmocka_unit_test(seconds_past_2038),
        cmocka_unit_test(day_of_round_trip_1900_2100),
        cmocka_unit_test(base45_every_byte_in_text),
        cmocka_unit_test(base45_high_bytes_in_data),
        cmocka_unit_test(sizes_near_size_max),
        cmocka_unit_test(text_rule_single_bytes),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("ports", tests, NULL, NULL);
}
