/* SPDX-License-Identifier: Apache-2.0 */
/* Exhaustive tampering: every single-bit flip of a valid presentation's bytes
 * and every single-character substitution of its QR text is rejected, and
 * none of the rejections uses up the genuine presentation. Under an emulator
 * or valgrind (EID_TEST_EMULATED) every fifth byte and character is tried. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "wire.h"

static size_t stride(void) { return getenv("EID_TEST_EMULATED") ? 5 : 1; }

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

static void every_bit_flip_rejected(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    eid_bytes b = fx_issue(&f, EID_DOC_IDENTITY, 17);
    const uint32_t claims[] = {0, 1, 2, 3};
    char *text = fx_present(&f, &b, claims, 4, f.now);
    eid_bytes p = wire_from_text(text);
    size_t flips = 0, bytes = 0;
    for (size_t i = 0; i < p.len; i += stride(), bytes++) {
        for (int bit = 0; bit < 8; bit++) {
            p.data[i] ^= (uint8_t)(1u << bit);
            char *t = NULL;
            assert_int_equal(eid_presentation_text(p.data, p.len, &t), EID_OK);
            eid_status st = fx_verify(&f, t, f.now, NULL);
            if (st == EID_OK)
                fail_msg("flip of bit %d in byte %zu accepted", bit, i);
            eid_text_free(t);
            p.data[i] ^= (uint8_t)(1u << bit);
            flips++;
        }
    }
    assert_int_equal(flips, bytes * 8);
    assert_true(bytes >= p.len / stride());
    assert_int_equal(fx_verify(&f, text, f.now, NULL), EID_OK);
    eid_bytes_free(&p);
    eid_text_free(text);
    eid_bytes_free(&b);
    fx_free(&f);
}

static void every_character_substitution_rejected(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    eid_bytes b = fx_issue(&f, EID_DOC_DRIVING_LICENCE, 18);
    const uint32_t claims[] = {0, 1, 3};
    char *text = fx_present(&f, &b, claims, 3, f.now);
    size_t len = strlen(text);
    char *t = malloc(len + 1);
    size_t tried = 0, places = 0;
    for (size_t i = 0; i < len; i += stride(), places++) {
        for (size_t a = 0; a < sizeof alphabet - 1; a++) {
            if (alphabet[a] == text[i])
                continue;
            memcpy(t, text, len + 1);
            t[i] = alphabet[a];
            if (fx_verify(&f, t, f.now, NULL) == EID_OK)
                fail_msg("substitution of '%c' at %zu accepted", alphabet[a], i);
            tried++;
        }
    }
    assert_int_equal(tried, places * (sizeof alphabet - 2));
    assert_true(places >= len / stride());
    assert_int_equal(fx_verify(&f, text, f.now, NULL), EID_OK);
    free(t);
    eid_text_free(text);
    eid_bytes_free(&b);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_bit_flip_rejected),
        cmocka_unit_test(every_character_substitution_rejected),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("tamper", tests, NULL, NULL);
}
