/* SPDX-License-Identifier: Apache-2.0 */
/* The lockout counts guesses, not failures: a wipe needs wipe_after passcodes
 * that were checked and found wrong. An unlock that ends in an internal error
 * before the passcode was checked (out of memory in Argon2id or for a key, a
 * failing keystore) is given back; a passcode found right returns the count
 * to 0 before anything else can fail. Tried with nine wrong passcodes and then
 * eleven unlocks that fail: the right passcode still opens the vault, and
 * wrong ones still wipe it at the limit. Needs the seam's hook
 * (EID_ALLOC_HOOKS). */
#include "test_vault_support.h"
#include "common/alloc.h"

static const uint8_t rec_id[] = "card";

static void nine_wrong(eid_vault *v)
{
    for (int i = 0; i < 9; i++) {
        int64_t wait = 0;
        assert_status(EID_OK, eid_vault_retry_after(v, &wait));
        tv_now += wait;
        assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    }
    uint32_t n = 0;
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 9);
}

static uint32_t failed_of(eid_vault *v)
{
    uint32_t n = 99;
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    return n;
}

static void wait_out(eid_vault *v)
{
    int64_t wait = 0;
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    tv_now += wait;
}

static void expect_record(eid_vault *v)
{
    eid_bytes b = {0};
    assert_status(EID_OK, vault_get(v, VAULT_KIND_USER_MIN, rec_id, sizeof rec_id, &b, NULL));
    assert_int_equal(b.len, 4);
    assert_memory_equal(b.data, "data", 4);
    eid_bytes_free(&b);
}

static eid_vault *fresh_vault(tv_env *e, const eid_keystore *ks)
{
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = NULL;
    assert_status(EID_OK, eid_vault_create(e->vault_dir, PASS_A, ks, &o, &v));
    assert_status(EID_OK, vault_put(v, VAULT_KIND_USER_MIN, rec_id, sizeof rec_id, 0, (const uint8_t *)"data", 4));
    assert_status(EID_OK, eid_vault_lock(v));
    return v;
}

/* One unlock with passcode `pass` that fails before the check (the i-th
 * failure of a kind); returns its status and sets *expected to the status it
 * must return. */
typedef eid_status (*failing_unlock_fn)(void *ctx, eid_vault *v, const char *pass, int i, eid_status *expected);

/* Nine wrong passcodes, then eleven failing unlocks with the right one: the
 * count stays at nine and the right passcode then opens the vault. Nine
 * wrong again, eleven failing unlocks with a wrong one: the tenth wrong
 * passcode wipes the vault. */
static void failures_between_guesses(eid_vault *v, const tv_env *e, failing_unlock_fn unlock, void *ctx)
{
    for (int round = 0; round < 2; round++) {
        const char *pass = round == 0 ? PASS_A : PASS_WRONG;
        nine_wrong(v);
        for (int i = 0; i < 11; i++) {
            wait_out(v);
            eid_status expected = EID_OK;
            eid_status st = unlock(ctx, v, pass, i, &expected);
            assert_status(expected, st);
            assert_int_equal(failed_of(v), 9);
        }
        wait_out(v);
        if (round == 0) {
            assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
            assert_int_equal(failed_of(v), 0);
            expect_record(v);
            assert_status(EID_OK, eid_vault_lock(v));
        } else {
            assert_status(EID_ERR_WIPED, eid_vault_unlock(v, PASS_WRONG));
            assert_false(tv_exists(e->vault_dir, "vault.hdr"));
        }
    }
}

typedef struct before_check {
    unsigned long at[64];
    size_t n;
} before_check;

/* Fails one of the allocations that come before the check. */
static eid_status unlock_out_of_memory(void *ctx, eid_vault *v, const char *pass, int i, eid_status *expected)
{
    const before_check *b = ctx;
    mem_hook_fail_at(b->at[(size_t)i % b->n]);
    eid_status st = eid_vault_unlock(v, pass);
    mem_hook_fail_at(0);
    *expected = EID_ERR_NO_MEMORY;
    return st;
}

static void out_of_memory_never_counts_as_a_guess(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "lockout-oom");
    eid_vault *v = fresh_vault(&e, &e.ks);

    /* Which allocations of an unlock come before the passcode is checked:
     * with nine wrong guesses counted, every one of them fails the unlock
     * with EID_ERR_NO_MEMORY and leaves nine; the first one after the check
     * finds the count already back at 0. */
    nine_wrong(v);
    before_check b = {.n = 0};
    int reset_seen = 0;
    for (unsigned long n = 1; n < 5000 && !reset_seen; n++) {
        wait_out(v);
        mem_hook_fail_at(n);
        eid_status st = eid_vault_unlock(v, PASS_A);
        int tripped = mem_hook_tripped();
        mem_hook_fail_at(0);
        assert_true(tripped); /* the check comes long before the last allocation */
        if (st != EID_ERR_NO_MEMORY)
            fail_msg("allocation %lu failed: unlock returned %s", n, eid_status_name(st));
        uint32_t failed = failed_of(v);
        if (failed == 9) {
            assert_true(b.n < 64);
            b.at[b.n++] = n;
        } else {
            assert_int_equal(failed, 0); /* found right: back to 0 before the failure */
            reset_seen = 1;
        }
    }
    assert_true(reset_seen);
    /* secure memory for the keys and the slot key, Argon2id's memory, the keystore's */
    assert_true(b.n >= 4);

    failures_between_guesses(v, &e, unlock_out_of_memory, &b);
    eid_vault_close(v);
    tv_env_free(&e);
}

/* Fails the keystore's PRF in each of the ways a platform keystore fails. */
static eid_status unlock_keystore_failing(void *ctx, eid_vault *v, const char *pass, int i, eid_status *expected)
{
    static const eid_status fails[] = {EID_ERR_KEYSTORE, EID_ERR_KEYSTORE_CANCELLED, EID_ERR_KEY_INVALIDATED,
                                       EID_ERR_NO_MEMORY, EID_ERR_EXPIRED};
    tv_faulty *f = ctx;
    f->fail_prf = fails[i % 5];
    eid_status st = eid_vault_unlock(v, pass);
    f->fail_prf = EID_OK;
    /* a status the keystore may not return reads as a keystore failure */
    *expected = fails[i % 5] == EID_ERR_EXPIRED ? EID_ERR_KEYSTORE : fails[i % 5];
    return st;
}

static void keystore_failures_never_count_as_a_guess(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "lockout-ks");
    tv_faulty f;
    eid_keystore ks = tv_faulty_keystore(&f, &e.ks);
    eid_vault *v = fresh_vault(&e, &ks);

    failures_between_guesses(v, &e, unlock_keystore_failing, &f);
    eid_vault_close(v);
    tv_env_free(&e);
}

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(out_of_memory_never_counts_as_a_guess),
        cmocka_unit_test(keystore_failures_never_count_as_a_guess),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
