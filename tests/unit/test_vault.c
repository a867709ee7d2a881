/* SPDX-License-Identifier: Apache-2.0 */
/* The vault: both factors entangled (each guess costs a keystore call),
 * passcode policy, lockout with a pinned clock, a clock the user cannot set,
 * one count across handles, wipe, header authentication and format, keystore
 * failures, records, transactions, holder keys, change of passcode, rekey,
 * durable writes, private file modes. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <pthread.h>
#include <sys/types.h>
#include <unistd.h>

#include "test_vault_support.h"
#include "crypto/crypto.h"
#include "vault/vault_header.h"

static eid_vault *create_fast(tv_env *e, eid_vault_options *o)
{
    eid_vault *v = NULL;
    assert_status(EID_OK, eid_vault_create(e->vault_dir, PASS_A, &e->ks, o, &v));
    assert_non_null(v);
    return v;
}

static eid_vault *reopen(tv_env *e, eid_vault_options *o)
{
    eid_vault *v = NULL;
    assert_status(EID_OK, eid_vault_open(e->vault_dir, &e->ks, o, &v));
    return v;
}

static void put_text(eid_vault *v, const char *id, const char *text)
{
    assert_status(EID_OK, vault_put(v, VAULT_KIND_USER_MIN, (const uint8_t *)id, strlen(id), 0,
                                    (const uint8_t *)text, strlen(text)));
}

static void expect_text(eid_vault *v, const char *id, const char *text)
{
    eid_bytes b = {0};
    assert_status(EID_OK, vault_get(v, VAULT_KIND_USER_MIN, (const uint8_t *)id, strlen(id), &b, NULL));
    assert_int_equal(b.len, strlen(text));
    assert_memory_equal(b.data, text, b.len);
    eid_bytes_free(&b);
}

static void create_close_open_unlock(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-basic");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    assert_true(eid_vault_is_unlocked(v));
    assert_int_equal(eid_vault_keystore_kind(v), EID_KEYSTORE_SOFTWARE);
    put_text(v, "card-1", "hello");
    eid_vault *again = NULL;
    assert_status(EID_ERR_EXISTS, eid_vault_create(e.vault_dir, PASS_A, &e.ks, &o, &again));
    assert_null(again);
    eid_vault_close(v);

    v = reopen(&e, &o);
    assert_false(eid_vault_is_unlocked(v));
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    assert_status(EID_ERR_STATE, eid_vault_unlock(v, PASS_A));
    expect_text(v, "card-1", "hello");
    store_settings s;
    assert_status(EID_OK, vault_store_settings(v, &s));
    assert_int_equal(s.profile, store_native_profile());
    assert_int_equal(s.page_size, 4096);
    eid_vault_close(v);

    eid_vault *none = NULL;
    char empty[4200];
    snprintf(empty, sizeof empty, "%s/keystore", e.root);
    assert_status(EID_ERR_NOT_FOUND, eid_vault_open(empty, &e.ks, &o, &none));
    assert_null(none);
    tv_env_free(&e);
}

static void passcode_policy(void **state)
{
    (void)state;
    static const char *const weak[] = {"111111", "000000", "123456", "654321", "890123", "321098", "121212",
                                       "123123", "123321", "112233", "159753", "12345",  "1234567", "12a456",
                                       "",       "4829 5"};
    for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++)
        assert_status(EID_ERR_WEAK_PASSCODE, eid_vault_check_passcode(NULL, weak[i]));
    assert_status(EID_OK, eid_vault_check_passcode(NULL, PASS_A));
    assert_status(EID_OK, eid_vault_check_passcode(NULL, PASS_B));
    assert_status(EID_ERR_INVALID_ARG, eid_vault_check_passcode(NULL, NULL));

    eid_vault_options o;
    eid_vault_options_default(&o, EID_VAULT_OPTIONS_VERSION);
    o.passcode_min_length = 8;
    o.passcode_max_length = 32;
    o.passcode_digits_only = 0;
    assert_status(EID_OK, eid_vault_check_passcode(&o, "correct horse"));
    assert_status(EID_ERR_WEAK_PASSCODE, eid_vault_check_passcode(&o, "12345678"));
    assert_status(EID_ERR_WEAK_PASSCODE, eid_vault_check_passcode(&o, PASS_A));
    o.passcode_reject_weak = 0;
    assert_status(EID_OK, eid_vault_check_passcode(&o, "12345678"));

    tv_env e;
    tv_env_init(&e, "vault-weak");
    tv_fast_options(&o);
    eid_vault *v = NULL;
    assert_status(EID_ERR_WEAK_PASSCODE, eid_vault_create(e.vault_dir, "123456", &e.ks, &o, &v));
    assert_null(v);
    assert_false(tv_exists(e.vault_dir, "vault.hdr"));
    assert_false(tv_exists(e.vault_dir, "vault.db"));
    tv_env_free(&e);
}

static void wrong_passcode_counts_and_resets(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-wrong");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    eid_vault_close(v);
    v = reopen(&e, &o);
    uint32_t n = 99;
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_B));
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 2);
    assert_false(eid_vault_is_unlocked(v));
    assert_status(EID_ERR_LOCKED, vault_put(v, VAULT_KIND_USER_MIN, (const uint8_t *)"x", 1, 0, NULL, 0));
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 0);
    eid_vault_close(v);
    tv_env_free(&e);
}

static void lockout_schedule_with_pinned_clock(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-lockout");
    eid_vault_options o;
    tv_fast_options(&o);
    tv_now = 1750000000;
    eid_vault *v = create_fast(&e, &o);
    assert_status(EID_OK, eid_vault_lock(v));
    int64_t wait = -1;
    for (int i = 1; i <= 4; i++) {
        assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
        assert_status(EID_OK, eid_vault_retry_after(v, &wait));
        assert_int_equal(wait, 0);
    }
    /* Fifth failure: from now on each attempt waits 30 s, doubling. */
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    assert_int_equal(wait, 30);
    /* Even the right passcode is refused, and the refusal is not counted. */
    assert_status(EID_ERR_LOCKED_OUT, eid_vault_unlock(v, PASS_A));
    uint32_t n;
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 5);
    tv_now += 29;
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    assert_int_equal(wait, 1);
    assert_status(EID_ERR_LOCKED_OUT, eid_vault_unlock(v, PASS_WRONG));
    tv_now += 1;
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    assert_int_equal(wait, 60);
    tv_now += 60;
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    assert_int_equal(wait, 120);
    tv_now += 120;
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 0);
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    assert_int_equal(wait, 0);
    eid_vault_close(v);
    tv_env_free(&e);
}

static int key_files(const char *dir)
{
    int n = 0;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "ls -1 '%s' | grep -c '\\.key$'", dir);
    FILE *p = popen(cmd, "r");
    if (p != NULL) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

static void wipe_after_limit(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-wipe");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    put_text(v, "card", "data");
    assert_status(EID_OK, eid_vault_lock(v));
    assert_int_equal(key_files(e.ks_dir), 1);
    for (int i = 1; i <= 9; i++) {
        int64_t wait;
        assert_status(EID_OK, eid_vault_retry_after(v, &wait));
        tv_now += wait;
        assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    }
    int64_t wait;
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    tv_now += wait;
    assert_status(EID_ERR_WIPED, eid_vault_unlock(v, PASS_WRONG));
    /* Keystore key and every file are gone; the handle refuses everything. */
    assert_int_equal(key_files(e.ks_dir), 0);
    assert_false(tv_exists(e.vault_dir, "vault.hdr"));
    assert_false(tv_exists(e.vault_dir, "vault.db"));
    assert_false(tv_exists(e.vault_dir, "vault.db-wal"));
    assert_status(EID_ERR_WIPED, eid_vault_unlock(v, PASS_A));
    assert_status(EID_ERR_WIPED, eid_vault_lock(v));
    assert_status(EID_ERR_WIPED, eid_vault_retry_after(v, &wait));
    assert_status(EID_ERR_WIPED, eid_vault_wipe(v));
    assert_status(EID_ERR_WIPED, vault_put(v, VAULT_KIND_USER_MIN, (const uint8_t *)"x", 1, 0, NULL, 0));
    eid_vault_close(v);
    eid_vault *w = NULL;
    assert_status(EID_ERR_NOT_FOUND, eid_vault_open(e.vault_dir, &e.ks, &o, &w));
    tv_env_free(&e);
}

static void explicit_wipe_deletes_keystore_key_first(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-wipe2");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    tv_faulty f;
    eid_vault_close(v);
    eid_keystore ks = tv_faulty_keystore(&f, &e.ks);
    assert_status(EID_OK, eid_vault_open(e.vault_dir, &ks, &o, &v));
    /* The keystore refuses: nothing is deleted. */
    f.fail_delete = EID_ERR_KEYSTORE;
    assert_status(EID_ERR_KEYSTORE, eid_vault_wipe(v));
    assert_true(tv_exists(e.vault_dir, "vault.hdr"));
    f.fail_delete = EID_OK;
    assert_status(EID_OK, eid_vault_wipe(v));
    assert_int_equal(key_files(e.ks_dir), 0);
    assert_false(tv_exists(e.vault_dir, "vault.hdr"));
    assert_false(tv_exists(e.vault_dir, "vault.db"));
    eid_vault_close(v);
    tv_env_free(&e);
}

static void counter_survives_reopen(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-reopen");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    eid_vault_close(v);
    for (int round = 0; round < 5; round++) {
        v = reopen(&e, &o);
        uint32_t n;
        assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
        assert_int_equal(n, (uint32_t)round);
        assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
        eid_vault_close(v);
    }
    v = reopen(&e, &o);
    int64_t wait;
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    assert_int_equal(wait, 30);
    assert_status(EID_ERR_LOCKED_OUT, eid_vault_unlock(v, PASS_A));
    eid_vault_close(v);
    tv_now += 30;
    v = reopen(&e, &o);
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    eid_vault_close(v);
    v = reopen(&e, &o);
    uint32_t n;
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 0);
    eid_vault_close(v);
    tv_env_free(&e);
}

static void write_bytes(const char *path, const uint8_t *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    fclose(f);
}

static void header_tampering_detected(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-tamper");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    assert_status(EID_OK, eid_vault_lock(v));
    for (int i = 0; i < 3; i++)
        assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    eid_vault_close(v);
    char path[4200];
    snprintf(path, sizeof path, "%s/vault.hdr", e.vault_dir);
    size_t len;
    uint8_t *orig = tu_read_file(path, &len);
    assert_non_null(orig);
    uint8_t *copy = malloc(len + 1);
    /* Every byte of every region: magic, version, settings, id, counter,
     * slots, MAC, checksum. */
    for (size_t i = 0; i < len; i++) {
        memcpy(copy, orig, len);
        copy[i] ^= 0x20;
        write_bytes(path, copy, len);
        eid_status st = eid_vault_open(e.vault_dir, &e.ks, &o, &v);
        if (st != EID_ERR_CORRUPT) /* the checksum catches it, before the keystore is asked */
            fail_msg("flipping header byte %zu gave %s", i, eid_status_name(st));
        assert_null(v);
    }
    memcpy(copy, orig, len);
    write_bytes(path, copy, len - 1);
    assert_status(EID_ERR_CORRUPT, eid_vault_open(e.vault_dir, &e.ks, &o, &v));
    copy[len] = 0;
    write_bytes(path, copy, len + 1);
    assert_status(EID_ERR_CORRUPT, eid_vault_open(e.vault_dir, &e.ks, &o, &v));

    /* Someone who knows the format and fixes the checksum: rolls the failed
     * counter back, or weakens the Argon2id parameters. The keyed MAC stops both. */
    memcpy(copy, orig, len);
    assert_int_equal(copy[40], 3); /* failed-attempt counter, low byte */
    copy[40] = 0;
    cry_hash(copy + len - 32, 32, copy, len - 32);
    write_bytes(path, copy, len);
    assert_status(EID_ERR_CORRUPT, eid_vault_open(e.vault_dir, &e.ks, &o, &v));

    /* Slot 0's Argon2id passes changed, checksum fixed: the MAC stops it. */
    memcpy(copy, orig, len);
    size_t slot_ops = 56 + 8;
    assert_int_equal(copy[slot_ops], 1);
    copy[slot_ops] = 0;
    copy[slot_ops + 1] = 1; /* 256 passes: any change at all */
    cry_hash(copy + len - 32, 32, copy, len - 32);
    write_bytes(path, copy, len);
    assert_status(EID_ERR_CORRUPT, eid_vault_open(e.vault_dir, &e.ks, &o, &v));

    write_bytes(path, orig, len);
    v = reopen(&e, &o);
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    eid_vault_close(v);
    free(copy);
    free(orig);
    tv_env_free(&e);
}

static void keystore_failures_pass_through(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-ksfail");
    eid_vault_options o;
    tv_fast_options(&o);
    tv_faulty f;
    eid_keystore ks = tv_faulty_keystore(&f, &e.ks);

    /* Create fails cleanly when the keystore fails. */
    eid_vault *v = NULL;
    f.fail_prf = EID_ERR_KEYSTORE_CANCELLED;
    assert_status(EID_ERR_KEYSTORE_CANCELLED, eid_vault_create(e.vault_dir, PASS_A, &ks, &o, &v));
    assert_null(v);
    assert_false(tv_exists(e.vault_dir, "vault.hdr"));
    f.fail_prf = EID_OK;
    assert_status(EID_OK, eid_vault_create(e.vault_dir, PASS_A, &ks, &o, &v));
    eid_vault_close(v);

    static const eid_status fails[] = {EID_ERR_KEYSTORE_CANCELLED, EID_ERR_KEY_INVALIDATED, EID_ERR_KEYSTORE};
    for (size_t i = 0; i < 3; i++) {
        f.fail_prf = fails[i];
        assert_status(fails[i], eid_vault_open(e.vault_dir, &ks, &o, &v));
        assert_null(v);
    }
    /* An undocumented status from the callback is reported as a keystore failure. */
    f.fail_prf = EID_ERR_EXPIRED;
    assert_status(EID_ERR_KEYSTORE, eid_vault_open(e.vault_dir, &ks, &o, &v));

    /* Open works, then the unlock prompt is cancelled: no guess was checked,
     * so it does not count. */
    f.fail_prf = EID_OK;
    assert_status(EID_OK, eid_vault_open(e.vault_dir, &ks, &o, &v));
    for (size_t i = 0; i < 3; i++) {
        f.fail_prf = fails[i];
        assert_status(fails[i], eid_vault_unlock(v, PASS_A));
    }
    uint32_t n;
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 0);
    f.fail_prf = EID_OK;
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    eid_vault_close(v);
    tv_env_free(&e);
}

static void wrong_keystore_refused(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-wrongks");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    eid_vault_close(v);

    /* Another keystore that never held this vault's key: its PRF is another
     * function, so the header does not authenticate. */
    char other[4200];
    snprintf(other, sizeof other, "%s/other", e.root);
    assert_int_equal(0, mkdir(other, 0700));
    eid_keystore ks2;
    assert_status(EID_OK, eid_keystore_software_open(other, &ks2));
    assert_status(EID_ERR_CORRUPT, eid_vault_open(e.vault_dir, &ks2, &o, &v));
    assert_null(v);

    /* Another keystore with a different key under the same alias. */
    char cmd[8600];
    snprintf(cmd, sizeof cmd, "cd '%s' && for f in *.key; do head -c 32 /dev/urandom > '%s'/\"$f\"; done", e.ks_dir,
             other);
    assert_int_equal(0, system(cmd));
    assert_status(EID_ERR_CORRUPT, eid_vault_open(e.vault_dir, &ks2, &o, &v));
    eid_keystore_software_close(&ks2);

    /* The right keys presented as another kind of keystore. */
    eid_keystore tee = e.ks;
    tee.kind = EID_KEYSTORE_TEE;
    assert_status(EID_ERR_KEYSTORE, eid_vault_open(e.vault_dir, &tee, &o, &v));
    assert_null(v);

    /* The kind is recorded at creation and reported from the header. */
    char tee_dir[4200];
    snprintf(tee_dir, sizeof tee_dir, "%s/tee-vault", e.root);
    assert_int_equal(0, mkdir(tee_dir, 0700));
    assert_status(EID_OK, eid_vault_create(tee_dir, PASS_A, &tee, &o, &v));
    assert_int_equal(eid_vault_keystore_kind(v), EID_KEYSTORE_TEE);
    eid_vault_close(v);
    assert_status(EID_OK, eid_vault_open(tee_dir, &tee, &o, &v));
    assert_int_equal(eid_vault_keystore_kind(v), EID_KEYSTORE_TEE);
    eid_vault_close(v);
    assert_status(EID_ERR_KEYSTORE, eid_vault_open(tee_dir, &e.ks, &o, &v));
    tv_env_free(&e);
}

static void use_while_locked_refused(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-locked");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    uint8_t pk[32], sig[64];
    assert_status(EID_OK, vault_holder_key_new(v, pk));
    assert_status(EID_OK, eid_vault_lock(v));
    assert_status(EID_OK, eid_vault_lock(v));
    assert_false(eid_vault_is_unlocked(v));
    const uint8_t id[1] = {1};
    eid_bytes b = {0};
    uint64_t count;
    assert_status(EID_ERR_LOCKED, vault_put(v, VAULT_KIND_USER_MIN, id, 1, 0, id, 1));
    assert_status(EID_ERR_LOCKED, vault_get(v, VAULT_KIND_USER_MIN, id, 1, &b, NULL));
    assert_status(EID_ERR_LOCKED, vault_delete(v, VAULT_KIND_USER_MIN, id, 1));
    assert_status(EID_ERR_LOCKED, vault_count(v, VAULT_KIND_USER_MIN, &count));
    assert_status(EID_ERR_LOCKED, vault_begin(v));
    assert_status(EID_ERR_LOCKED, vault_holder_sign(v, pk, "eid.v1.presentation", id, 1, sig));
    assert_status(EID_ERR_LOCKED, vault_holder_key_new(v, pk));
    assert_status(EID_ERR_LOCKED, eid_vault_change_passcode(v, PASS_A, PASS_B));
    assert_status(EID_ERR_LOCKED, eid_vault_rekey(v));
    assert_status(EID_ERR_LOCKED, vault_checkpoint_truncate(v));
    assert_null(b.data);
    eid_vault_close(v);
    tv_env_free(&e);
}

static void close_and_null_safe(void **state)
{
    (void)state;
    eid_vault_close(NULL);
    assert_status(EID_ERR_INVALID_ARG, eid_vault_unlock(NULL, PASS_A));
    assert_status(EID_ERR_INVALID_ARG, eid_vault_lock(NULL));
    assert_false(eid_vault_is_unlocked(NULL));
    eid_keystore_software_close(NULL);
    tv_env e;
    tv_env_init(&e, "vault-close");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    eid_vault_close(v);
    v = NULL;
    eid_vault_close(v);
    eid_keystore_software_close(&e.ks);
    eid_keystore_software_close(&e.ks);
    assert_status(EID_OK, eid_keystore_software_open(e.ks_dir, &e.ks));
    tv_env_free(&e);
}

static void change_passcode_rewraps(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-change");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    put_text(v, "a", "kept");
    char db[4200];
    snprintf(db, sizeof db, "%s/vault.db", e.vault_dir);
    assert_status(EID_ERR_WEAK_PASSCODE, eid_vault_change_passcode(v, PASS_A, "111111"));
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_change_passcode(v, PASS_WRONG, PASS_B));
    uint32_t n;
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 1);
    assert_true(eid_vault_is_unlocked(v));
    assert_status(EID_OK, eid_vault_change_passcode(v, PASS_A, PASS_B));
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 0);
    expect_text(v, "a", "kept");
    eid_vault_close(v);
    v = reopen(&e, &o);
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_A));
    assert_status(EID_OK, eid_vault_unlock(v, PASS_B));
    expect_text(v, "a", "kept");
    eid_vault_close(v);
    tv_env_free(&e);
}

static void rekey_keeps_records(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-rekey");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    for (int i = 0; i < 50; i++) {
        char id[16];
        snprintf(id, sizeof id, "r%02d", i);
        put_text(v, id, id);
    }
    char db[4200];
    snprintf(db, sizeof db, "%s/vault.db", e.vault_dir);
    assert_status(EID_OK, vault_checkpoint_truncate(v));
    size_t before_len, after_len;
    uint8_t *before = tu_read_file(db, &before_len);
    assert_status(EID_OK, vault_begin(v));
    assert_status(EID_ERR_STATE, eid_vault_rekey(v));
    vault_rollback(v);
    assert_status(EID_OK, eid_vault_rekey(v));
    assert_status(EID_OK, eid_vault_rekey(v));
    expect_text(v, "r07", "r07");
    assert_status(EID_OK, vault_checkpoint_truncate(v));
    uint8_t *after = tu_read_file(db, &after_len);
    /* Same content, different key: no page in common. */
    size_t pages = (before_len < after_len ? before_len : after_len) / 4096;
    for (size_t p = 0; p < pages; p++)
        assert_memory_not_equal(before + p * 4096, after + p * 4096, 64);
    free(before);
    free(after);
    assert_false(tv_exists(e.vault_dir, "vault.db.new"));
    eid_vault_close(v);
    v = reopen(&e, &o);
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    uint64_t count;
    assert_status(EID_OK, vault_count(v, VAULT_KIND_USER_MIN, &count));
    assert_int_equal(count, 50);
    assert_status(EID_OK, vault_integrity_check(v));
    eid_vault_close(v);
    tv_env_free(&e);
}

static void raised_kdf_defaults_rewrap_on_unlock(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-kdf");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    uint64_t ops, mem;
    assert_status(EID_OK, vault_kdf_params(v, &ops, &mem));
    assert_int_equal(ops, 1);
    assert_int_equal(mem, 8192);
    eid_vault_close(v);
    eid_vault_options raised = o;
    raised.argon2_ops = 2;
    raised.argon2_mem_bytes = 16384;
    v = reopen(&e, &raised);
    assert_status(EID_OK, vault_kdf_params(v, &ops, &mem));
    assert_int_equal(ops, 1); /* not before the passcode is known */
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    assert_status(EID_OK, vault_kdf_params(v, &ops, &mem));
    assert_int_equal(ops, 2);
    assert_int_equal(mem, 16384);
    eid_vault_close(v);
    /* Lower options never weaken what is stored. */
    v = reopen(&e, &o);
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    assert_status(EID_OK, vault_kdf_params(v, &ops, &mem));
    assert_int_equal(ops, 2);
    assert_int_equal(mem, 16384);
    eid_vault_close(v);
    tv_env_free(&e);
}

typedef struct visit {
    int n;
    char ids[8][8];
} visit;

static eid_status collect(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *value,
                          size_t value_len)
{
    (void)ord;
    (void)value;
    (void)value_len;
    visit *c = ctx;
    if (c->n < 8 && id_len < 8) {
        memcpy(c->ids[c->n], id, id_len);
        c->ids[c->n][id_len] = 0;
    }
    c->n++;
    return EID_OK;
}

static void records_and_transactions(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-records");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    const uint32_t k = VAULT_KIND_USER_MIN, k2 = VAULT_KIND_USER_MIN + 1;
    assert_status(EID_OK, vault_put(v, k, (const uint8_t *)"c", 1, 30, (const uint8_t *)"3", 1));
    assert_status(EID_OK, vault_put(v, k, (const uint8_t *)"a", 1, 10, (const uint8_t *)"1", 1));
    assert_status(EID_OK, vault_put(v, k, (const uint8_t *)"b", 1, 20, (const uint8_t *)"2", 1));
    assert_status(EID_OK, vault_put(v, k2, (const uint8_t *)"a", 1, 0, (const uint8_t *)"other", 5));
    visit c = {0};
    assert_status(EID_OK, vault_list(v, k, collect, &c));
    assert_int_equal(c.n, 3);
    assert_string_equal(c.ids[0], "a");
    assert_string_equal(c.ids[1], "b");
    assert_string_equal(c.ids[2], "c");
    int64_t ord = 0;
    eid_bytes b = {0};
    assert_status(EID_OK, vault_get(v, k, (const uint8_t *)"b", 1, &b, &ord));
    assert_int_equal(ord, 20);
    eid_bytes_free(&b);
    assert_status(EID_ERR_NOT_FOUND, vault_get(v, k, (const uint8_t *)"z", 1, &b, NULL));
    assert_status(EID_ERR_NOT_FOUND, vault_delete(v, k, (const uint8_t *)"z", 1));
    assert_status(EID_ERR_INVALID_ARG, vault_put(v, k, NULL, 0, 0, NULL, 0));

    /* A group of writes is all or nothing. */
    assert_status(EID_OK, vault_begin(v));
    assert_status(EID_ERR_STATE, vault_begin(v));
    assert_status(EID_OK, vault_delete(v, k, (const uint8_t *)"a", 1));
    assert_status(EID_OK, vault_put(v, k, (const uint8_t *)"d", 1, 40, (const uint8_t *)"4", 1));
    vault_rollback(v);
    uint64_t n;
    assert_status(EID_OK, vault_count(v, k, &n));
    assert_int_equal(n, 3);
    assert_status(EID_OK, vault_get(v, k, (const uint8_t *)"a", 1, &b, NULL));
    eid_bytes_free(&b);
    assert_status(EID_OK, vault_begin(v));
    assert_status(EID_OK, vault_delete(v, k, (const uint8_t *)"a", 1));
    assert_status(EID_OK, vault_put(v, k, (const uint8_t *)"d", 1, 40, (const uint8_t *)"4", 1));
    assert_status(EID_OK, vault_commit(v));
    assert_status(EID_ERR_STATE, vault_commit(v));
    /* Locking inside a transaction rolls it back. */
    assert_status(EID_OK, vault_begin(v));
    assert_status(EID_OK, vault_put(v, k, (const uint8_t *)"e", 1, 50, (const uint8_t *)"5", 1));
    assert_status(EID_OK, eid_vault_lock(v));
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    c.n = 0;
    assert_status(EID_OK, vault_list(v, k, collect, &c));
    assert_int_equal(c.n, 3);
    assert_string_equal(c.ids[0], "b");
    assert_string_equal(c.ids[2], "d");
    uint64_t deleted;
    assert_status(EID_OK, vault_delete_kind(v, k, &deleted));
    assert_int_equal(deleted, 3);
    assert_status(EID_OK, vault_count(v, k2, &n));
    assert_int_equal(n, 1);
    assert_status(EID_OK, vault_checkpoint_truncate(v));
    assert_status(EID_OK, vault_integrity_check(v));
    eid_vault_close(v);
    tv_env_free(&e);
}

static void holder_key_signs_inside_the_vault(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-holder");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    uint8_t pk[32], pk2[32], sig[64];
    const uint8_t msg[] = "presentation body";
    assert_status(EID_OK, vault_holder_key_new(v, pk));
    assert_status(EID_OK, vault_holder_key_new(v, pk2));
    assert_memory_not_equal(pk, pk2, 32);
    assert_status(EID_OK, vault_holder_sign(v, pk, CRY_CTX_PRESENTATION, msg, sizeof msg, sig));
    assert_status(EID_OK, cry_sign_verify(sig, CRY_CTX_PRESENTATION, msg, sizeof msg, pk));
    assert_status(EID_ERR_BAD_SIGNATURE, cry_sign_verify(sig, CRY_CTX_ACTIVATION, msg, sizeof msg, pk));
    eid_vault_close(v);

    /* After a restart the key comes back through the keystore. */
    tv_faulty f;
    eid_keystore ks = tv_faulty_keystore(&f, &e.ks);
    assert_status(EID_OK, eid_vault_open(e.vault_dir, &ks, &o, &v));
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    f.fail_prf = EID_ERR_KEYSTORE_CANCELLED;
    assert_status(EID_ERR_KEYSTORE_CANCELLED, vault_holder_sign(v, pk2, CRY_CTX_ACTIVATION, msg, 3, sig));
    f.fail_prf = EID_OK;
    assert_status(EID_OK, vault_holder_sign(v, pk2, CRY_CTX_ACTIVATION, msg, 3, sig));
    assert_status(EID_OK, cry_sign_verify(sig, CRY_CTX_ACTIVATION, msg, 3, pk2));
    assert_status(EID_OK, vault_holder_sign(v, pk, CRY_CTX_PRESENTATION, msg, 3, sig));
    assert_status(EID_OK, cry_sign_verify(sig, CRY_CTX_PRESENTATION, msg, 3, pk));
    uint8_t unknown[32] = {7};
    assert_status(EID_ERR_NOT_FOUND, vault_holder_sign(v, unknown, CRY_CTX_PRESENTATION, msg, 3, sig));
    uint64_t n;
    assert_status(EID_OK, vault_count(v, VAULT_KIND_HOLDER_KEY, &n));
    assert_int_equal(n, 2);
    eid_vault_close(v);
    tv_env_free(&e);
}

/* ---- durable writes, counted through the fsync shim ---------------------- */

static char synced[64][64];
static int nsynced;

static int recording_fsync(int fd)
{
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    target[n > 0 ? n : 0] = 0;
    const char *base = strrchr(target, '/');
    const char *name = base ? base + 1 : target;
    if (nsynced < 64) {
        size_t len = strnlen(name, sizeof synced[0] - 1);
        memcpy(synced[nsynced], name, len);
        synced[nsynced][len] = 0;
    }
    nsynced++;
    return fsync(fd);
}

/* The header temp file is synced, then (after the rename) its directory. */
static int header_writes(const char *dirname)
{
    int writes = 0;
    for (int i = 0; i + 1 < nsynced && i + 1 < 64; i++)
        if (strcmp(synced[i], "vault.hdr.tmp") == 0 && strcmp(synced[i + 1], dirname) == 0)
            writes++;
    return writes;
}

static void header_writes_are_synced(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-fsync");
    eid_vault_options o;
    tv_fast_options(&o);
    store_fsync_hook = recording_fsync;
    nsynced = 0;
    eid_vault *v = create_fast(&e, &o);
    assert_int_equal(header_writes("vault"), 1);
    assert_status(EID_OK, eid_vault_lock(v));

    /* A wrong passcode: the counter is on disk before the attempt is decided. */
    nsynced = 0;
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    assert_int_equal(header_writes("vault"), 1);
    /* A right one: counted, reset as soon as it is found right, then the
     * unlock's own header. */
    nsynced = 0;
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    assert_int_equal(header_writes("vault"), 3);
    /* Change of passcode: counted, reset, then re-wrapped. */
    nsynced = 0;
    assert_status(EID_OK, eid_vault_change_passcode(v, PASS_A, PASS_B));
    assert_int_equal(header_writes("vault"), 3);
    /* Rekey: pending slot, synced copy of the database, renamed, promoted. */
    nsynced = 0;
    assert_status(EID_OK, eid_vault_rekey(v));
    assert_int_equal(header_writes("vault"), 2);
    int db_new = 0, dir_after_rename = 0;
    for (int i = 0; i < nsynced && i < 64; i++) {
        if (strcmp(synced[i], "vault.db.new") == 0)
            db_new = i + 1;
        if (db_new && i >= db_new && strcmp(synced[i], "vault") == 0)
            dir_after_rename = 1;
    }
    assert_true(db_new > 0);
    assert_true(dir_after_rename);
    /* A failing fsync fails the call instead of pretending. */
    eid_vault_close(v);
    store_fsync_hook = fsync;
    tv_env_free(&e);
}

static int failing_fsync(int fd)
{
    (void)fd;
    return -1;
}

static void failed_sync_is_an_error(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-fsyncfail");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    assert_status(EID_OK, eid_vault_lock(v));
    store_fsync_hook = failing_fsync;
    /* The attempt cannot be counted, so it is not made. */
    assert_status(EID_ERR_IO, eid_vault_unlock(v, PASS_A));
    assert_false(eid_vault_is_unlocked(v));
    store_fsync_hook = fsync;
    uint32_t n;
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 0);
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    eid_vault_close(v);
    tv_env_free(&e);
}

static void invalid_arguments(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-args");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = NULL;
    assert_status(EID_ERR_INVALID_ARG, eid_vault_create(NULL, PASS_A, &e.ks, &o, &v));
    assert_status(EID_ERR_INVALID_ARG, eid_vault_create(e.vault_dir, NULL, &e.ks, &o, &v));
    assert_status(EID_ERR_INVALID_ARG, eid_vault_create(e.vault_dir, PASS_A, NULL, &o, &v));
    eid_vault_options bad = o;
    bad.argon2_mem_bytes = 1024;
    assert_status(EID_ERR_INVALID_ARG, eid_vault_create(e.vault_dir, PASS_A, &e.ks, &bad, &v));
    bad = o;
    bad.passcode_max_length = EID_VAULT_PASSCODE_MAX + 1;
    assert_status(EID_ERR_INVALID_ARG, eid_vault_create(e.vault_dir, PASS_A, &e.ks, &bad, &v));
    eid_keystore partial = e.ks;
    partial.prf = NULL;
    assert_status(EID_ERR_INVALID_ARG, eid_vault_create(e.vault_dir, PASS_A, &partial, &o, &v));
    /* options never filled by eid_vault_options_default() (version 0) or for a
     * layout this library does not know; booleans other than 0 and 1 */
    const uint32_t versions[] = {0, EID_VAULT_OPTIONS_VERSION + 1, UINT32_MAX};
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        bad = o;
        bad.version = versions[i];
        assert_status(EID_ERR_INVALID_ARG, eid_vault_create(e.vault_dir, PASS_A, &e.ks, &bad, &v));
        assert_status(EID_ERR_INVALID_ARG, eid_vault_open(e.vault_dir, &e.ks, &bad, &v));
        assert_status(EID_ERR_INVALID_ARG, eid_vault_check_passcode(&bad, "582914"));
        assert_status(EID_ERR_INVALID_ARG, eid_vault_options_default(&bad, versions[i]));
        assert_int_equal(bad.version, versions[i]); /* untouched */
    }
    bad = o;
    bad.passcode_digits_only = 2;
    assert_status(EID_ERR_INVALID_ARG, eid_vault_create(e.vault_dir, PASS_A, &e.ks, &bad, &v));
    bad = o;
    bad.passcode_reject_weak = -1;
    assert_status(EID_ERR_INVALID_ARG, eid_vault_create(e.vault_dir, PASS_A, &e.ks, &bad, &v));
    assert_status(EID_ERR_INVALID_ARG, eid_vault_options_default(NULL, EID_VAULT_OPTIONS_VERSION));
    assert_null(v);
    assert_status(EID_ERR_NOT_FOUND, eid_vault_open(e.vault_dir, &e.ks, &o, &v)); /* nothing was created */
    assert_int_equal(eid_vault_passcode_max(), EID_VAULT_PASSCODE_MAX);
    assert_int_equal(eid_keystore_prf_bytes(), EID_KEYSTORE_PRF_BYTES);
    assert_int_equal(eid_keystore_alias_max(), EID_KEYSTORE_ALIAS_MAX);
    eid_keystore ks;
    assert_status(EID_ERR_NOT_FOUND, eid_keystore_software_open("/nonexistent/eid", &ks));
    eid_vault_options d;
    assert_status(EID_OK, eid_vault_options_default(&d, EID_VAULT_OPTIONS_VERSION));
    assert_int_equal(d.version, EID_VAULT_OPTIONS_VERSION);
    assert_int_equal(d.argon2_ops, EID_VAULT_ARGON2_OPS_DEFAULT);
    assert_int_equal(d.argon2_mem_bytes, EID_VAULT_ARGON2_MEM_DEFAULT);
    assert_int_equal(d.backoff_after, 5);
    assert_int_equal(d.wipe_after, 10);
    tv_env_free(&e);
}

/* ---- passcode and keystore entangled (header format 2) -------------------- */

static void alias_of(const vault_header *h, char alias[EID_KEYSTORE_ALIAS_MAX])
{
    int n = snprintf(alias, EID_KEYSTORE_ALIAS_MAX, "eid.vault.");
    for (int i = 0; i < VAULT_ID_BYTES; i++)
        n += snprintf(alias + n, (size_t)(EID_KEYSTORE_ALIAS_MAX - n), "%02x", h->vault_id[i]);
}

/* The attacker holds the header, the database and every output the keystore
 * returned while the vault was created, opened, unlocked and used; the
 * keystore itself stays on the device. Checking a passcode guess must cost a
 * keystore PRF call: no recorded output opens the sealed key for a wrong
 * guess, and each check that does work calls the keystore once. */
static void guessing_needs_a_keystore_call_each_time(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-entangled");
    eid_vault_options o;
    tv_fast_options(&o);
    tv_faulty f;
    eid_keystore ks = tv_faulty_keystore(&f, &e.ks);
    eid_vault *v = NULL;
    assert_status(EID_OK, eid_vault_create(e.vault_dir, PASS_A, &ks, &o, &v));
    uint8_t pk[32], sig[64];
    assert_status(EID_OK, vault_holder_key_new(v, pk));
    put_text(v, "card", "079203004512");
    eid_vault_close(v);
    assert_status(EID_OK, eid_vault_open(e.vault_dir, &ks, &o, &v));
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    assert_status(EID_OK, vault_holder_sign(v, pk, CRY_CTX_PRESENTATION, (const uint8_t *)"m", 1, sig));
    assert_status(EID_OK, eid_vault_change_passcode(v, PASS_A, PASS_B));
    eid_vault_close(v);
    assert_status(EID_OK, eid_vault_open(e.vault_dir, &ks, &o, &v));
    assert_status(EID_OK, eid_vault_unlock(v, PASS_B));
    eid_vault_close(v);
    int recorded = f.recorded;
    assert_true(recorded >= 8);

    char path[4200];
    snprintf(path, sizeof path, "%s/vault.hdr", e.vault_dir);
    size_t len;
    uint8_t *bytes = tu_read_file(path, &len);
    assert_non_null(bytes);
    vault_header h;
    assert_status(EID_OK, vault_header_parse(bytes, len, &h));
    free(bytes);
    const vault_slot *s = &h.slot[h.slot[0].state == SLOT_ACTIVE ? 0 : 1];
    uint8_t a[32], key[32], db_key[32], zero[32] = {0};

    /* The boundary, stated: the output for the right passcode's `a` is among
     * the recorded ones and opens the seal (it is as secret as the database
     * key). So the replays below use the very outputs that matter. */
    assert_status(EID_OK, vault_slot_stretch(PASS_B, s, a));
    int opens = 0;
    for (int r = 0; r < recorded; r++) {
        vault_slot_key(&h, a, f.out[r], key);
        opens += vault_slot_open(&h, s, key, db_key) == EID_OK;
    }
    assert_true(opens >= 1); /* recorded at the change of passcode and again at the unlock */
    /* The passcode alone opens nothing: no passcode-only seal, no passcode hash. */
    assert_status(EID_ERR_WRONG_PASSCODE, vault_slot_open(&h, s, a, db_key));
    vault_slot_key(&h, a, zero, key);
    assert_status(EID_ERR_WRONG_PASSCODE, vault_slot_open(&h, s, key, db_key));

    /* k wrong guesses against every recorded output (and every recorded input):
     * none opens. */
    enum { K = 24 };
    char guess[K][8];
    for (int i = 0; i < K; i++)
        snprintf(guess[i], sizeof guess[i], "%06u", (unsigned)(104729u * (unsigned)i + 271828u) % 1000000u);
    for (int i = 0; i < K; i++) {
        assert_string_not_equal(guess[i], PASS_B);
        assert_status(EID_OK, vault_slot_stretch(guess[i], s, a));
        for (int r = 0; r < recorded; r++) {
            vault_slot_key(&h, a, f.out[r], key);
            assert_status(EID_ERR_WRONG_PASSCODE, vault_slot_open(&h, s, key, db_key));
            vault_slot_key(&h, a, f.in[r], key);
            assert_status(EID_ERR_WRONG_PASSCODE, vault_slot_open(&h, s, key, db_key));
            assert_status(EID_ERR_WRONG_PASSCODE, vault_slot_open(&h, s, f.out[r], db_key));
        }
    }

    /* What does check a guess is a call to the keystore: k checks, k calls. */
    char alias[EID_KEYSTORE_ALIAS_MAX];
    alias_of(&h, alias);
    int before = f.prfs;
    int right = 0;
    for (int i = 0; i <= K; i++) {
        const char *g = i < K ? guess[i] : PASS_B;
        uint8_t b[32];
        assert_status(EID_OK, vault_slot_stretch(g, s, a));
        assert_status(EID_OK, ks.prf(ks.ctx, alias, a, b));
        vault_slot_key(&h, a, b, key);
        right += vault_slot_open(&h, s, key, db_key) == EID_OK;
    }
    assert_int_equal(right, 1);
    assert_int_equal(f.prfs - before, K + 1);

    /* Through the library: opening costs one call (the header key), and each
     * unlock attempt exactly one more. */
    before = f.prfs;
    assert_status(EID_OK, eid_vault_open(e.vault_dir, &ks, &o, &v));
    assert_int_equal(f.prfs - before, 1);
    for (int i = 0; i < 4; i++)
        assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, guess[i]));
    assert_int_equal(f.prfs - before, 1 + 4);
    eid_vault_close(v);
    tv_env_free(&e);
}

static void rewrite_header(const char *dir, uint16_t format)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/vault.hdr", dir);
    size_t len;
    uint8_t *b = tu_read_file(path, &len);
    assert_non_null(b);
    b[8] = (uint8_t)format;
    b[9] = (uint8_t)(format >> 8);
    cry_hash(b + len - 32, 32, b, len - 32);
    write_bytes(path, b, len);
    free(b);
}

/* What a logger received, to read why an open was refused. */
static char last_log[2048];
static void keep_last_log(void *ctx, eid_log_level level, const char *message)
{
    (void)ctx;
    (void)level;
    size_t n = strlen(last_log);
    snprintf(last_log + n, sizeof last_log - n, "%s\n", message);
}

/* A vault of the old format (keystore-wrapped, passcode-only seal inside) is
 * refused with EID_ERR_UNSUPPORTED_VERSION and no handle, and left as it is;
 * so is a newer one. The logger says which. */
static void old_header_format_refused(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-oldformat");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = create_fast(&e, &o);
    eid_vault_close(v);
    o.logger.fn = keep_last_log;
    o.logger.min_level = EID_LOG_WARN;
    rewrite_header(e.vault_dir, 1);
    last_log[0] = '\0';
    v = (eid_vault *)&e; /* anything but NULL: open must clear it */
    assert_status(EID_ERR_UNSUPPORTED_VERSION, eid_vault_open(e.vault_dir, &e.ks, &o, &v));
    assert_null(v);
    assert_non_null(strstr(last_log, "format 1"));
    assert_non_null(strstr(last_log, "cannot be migrated"));
    assert_true(tv_exists(e.vault_dir, "vault.hdr")); /* refused, not destroyed */
    assert_true(tv_exists(e.vault_dir, "vault.db"));
    rewrite_header(e.vault_dir, 3);
    last_log[0] = '\0';
    assert_status(EID_ERR_UNSUPPORTED_VERSION, eid_vault_open(e.vault_dir, &e.ks, &o, &v));
    assert_null(v);
    assert_non_null(strstr(last_log, "newer"));
    rewrite_header(e.vault_dir, 0);
    assert_status(EID_ERR_CORRUPT, eid_vault_open(e.vault_dir, &e.ks, &o, &v));
    assert_null(v);
    tv_env_free(&e);
}

/* ---- lockout: a clock the user cannot set, one count for every handle ------ */

static int64_t el_now = 5000;
static int64_t el_clock(void *ctx)
{
    (void)ctx;
    return el_now;
}

static void backoff_ignores_wall_clock_jumps(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-clockjump");
    eid_vault_options o;
    tv_fast_options(&o);
    o.elapsed_clock = el_clock;
    el_now = 5000;
    tv_now = 1750000000;
    eid_vault *v = create_fast(&e, &o);
    assert_status(EID_OK, eid_vault_lock(v));
    for (int i = 0; i < 5; i++)
        assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    int64_t wait;
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    assert_int_equal(wait, 30);
    /* The user sets the date a year ahead: the wait is what it was. */
    tv_now += 365 * 86400;
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    assert_int_equal(wait, 30);
    assert_status(EID_ERR_LOCKED_OUT, eid_vault_unlock(v, PASS_A));
    /* A restart (the elapsed clock starts again near 0): the wait counts
     * from boot, never less than from the failure. */
    el_now = 12;
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    assert_int_equal(wait, 18);
    assert_status(EID_ERR_LOCKED_OUT, eid_vault_unlock(v, PASS_A));
    el_now = 30;
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    eid_vault_close(v);

    /* The default elapsed clock (time since boot) is not fooled either. */
    tv_env_free(&e);
    tv_env_init(&e, "vault-clockjump2");
    tv_fast_options(&o);
    o.elapsed_clock = NULL;
    o.backoff_after = 1;
    o.backoff_base_seconds = 600;
    v = create_fast(&e, &o);
    assert_status(EID_OK, eid_vault_lock(v));
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    tv_now += 86400;
    assert_status(EID_OK, eid_vault_retry_after(v, &wait));
    assert_true(wait > 590 && wait <= 600);
    assert_status(EID_ERR_LOCKED_OUT, eid_vault_unlock(v, PASS_A));
    eid_vault_close(v);
    tv_env_free(&e);
}

/* Two handles on one directory, wrong guesses interleaved: they share one
 * durable count, so the vault wipes at exactly wipe_after guesses. */
static void two_handles_share_one_count(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-twohandles");
    eid_vault_options o;
    tv_fast_options(&o);
    o.backoff_after = 0;
    o.wipe_after = 10;
    eid_vault *v = create_fast(&e, &o);
    eid_vault_close(v);
    tv_faulty f1, f2;
    eid_keystore ks1 = tv_faulty_keystore(&f1, &e.ks), ks2 = tv_faulty_keystore(&f2, &e.ks);
    eid_vault *h[2] = {NULL, NULL};
    assert_status(EID_OK, eid_vault_open(e.vault_dir, &ks1, &o, &h[0]));
    assert_status(EID_OK, eid_vault_open(e.vault_dir, &ks2, &o, &h[1]));
    int wrong = 0, wiped_at = 0;
    for (int i = 0; i < 30 && !wiped_at; i++) {
        /* 0, 1, 1, 0, 0, 1, 1, ...: each handle acts on a counter it did not write. */
        eid_vault *x = h[((i + 1) / 2) % 2];
        eid_status st = eid_vault_unlock(x, PASS_WRONG);
        if (st == EID_ERR_WRONG_PASSCODE) {
            wrong++;
            uint32_t n0, n1;
            assert_status(EID_OK, eid_vault_failed_attempts(h[0], &n0));
            assert_status(EID_OK, eid_vault_failed_attempts(h[1], &n1));
            assert_int_equal(n0, (uint32_t)wrong);
            assert_int_equal(n1, (uint32_t)wrong);
        } else {
            assert_status(EID_ERR_WIPED, st);
            wiped_at = i + 1;
        }
    }
    assert_int_equal(wrong, 9);
    assert_int_equal(wiped_at, 10);
    /* Keystore calls for guesses: 10 in all (each handle also paid 1 to open). */
    assert_int_equal(f1.prfs + f2.prfs - 2, 10);
    assert_false(tv_exists(e.vault_dir, "vault.hdr"));
    assert_status(EID_ERR_WIPED, eid_vault_unlock(h[0], PASS_A));
    assert_status(EID_ERR_WIPED, eid_vault_unlock(h[1], PASS_A));
    eid_vault_close(h[0]);
    eid_vault_close(h[1]);
    tv_env_free(&e);
}

typedef struct guesser {
    const char *dir;
    const eid_keystore *ks;
    const eid_vault_options *o;
    tv_faulty f;
    int wrong, wiped, other;
} guesser;

static void *guess_until_wiped(void *arg)
{
    guesser *g = arg;
    eid_keystore ks = tv_faulty_keystore(&g->f, g->ks);
    eid_vault *v = NULL;
    if (eid_vault_open(g->dir, &ks, g->o, &v) != EID_OK) {
        g->other++;
        return NULL;
    }
    for (int i = 0; i < 40; i++) {
        eid_status st = eid_vault_unlock(v, PASS_WRONG);
        if (st == EID_ERR_WRONG_PASSCODE) {
            g->wrong++;
        } else if (st == EID_ERR_WIPED) {
            g->wiped++;
            break;
        } else {
            g->other++;
        }
    }
    eid_vault_close(v);
    return NULL;
}

/* The same with two threads racing, each with its own handle: exactly
 * wipe_after guesses reach the keystore. */
static void racing_handles_wipe_at_the_limit(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-race");
    eid_vault_options o;
    tv_fast_options(&o);
    o.backoff_after = 0;
    o.wipe_after = 10;
    o.logger.fn = NULL;
    eid_vault *v = create_fast(&e, &o);
    eid_vault_close(v);
    guesser g[2];
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        memset(&g[i], 0, sizeof g[i]);
        g[i].dir = e.vault_dir;
        g[i].ks = &e.ks;
        g[i].o = &o;
        assert_int_equal(0, pthread_create(&t[i], NULL, guess_until_wiped, &g[i]));
    }
    for (int i = 0; i < 2; i++)
        assert_int_equal(0, pthread_join(t[i], NULL));
    assert_int_equal(g[0].other + g[1].other, 0);
    assert_int_equal(g[0].wrong + g[1].wrong, 9);
    assert_int_equal(g[0].wiped + g[1].wiped, 2);
    assert_int_equal(g[0].f.prfs + g[1].f.prfs - 2, 10);
    assert_false(tv_exists(e.vault_dir, "vault.hdr"));
    tv_env_free(&e);
}

/* A handle never writes over a newer header, and a header on disk older than
 * one the handle saw (a copy put back under a live handle) is refused. */
static void stale_header_never_written(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-stale");
    eid_vault_options o;
    tv_fast_options(&o);
    o.backoff_after = 0;
    eid_vault *v = create_fast(&e, &o);
    assert_status(EID_OK, eid_vault_lock(v));
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    char path[4200];
    snprintf(path, sizeof path, "%s/vault.hdr", e.vault_dir);
    size_t len;
    uint8_t *old = tu_read_file(path, &len);
    assert_non_null(old);
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    write_bytes(path, old, len); /* counter rolled back from 2 to 1 */
    assert_status(EID_ERR_CORRUPT, eid_vault_unlock(v, PASS_A));
    assert_false(eid_vault_is_unlocked(v));
    size_t now_len;
    uint8_t *now = tu_read_file(path, &now_len);
    assert_memory_equal(now, old, len); /* nothing was written over it */
    free(now);
    free(old);
    eid_vault_close(v);
    tv_env_free(&e);
}

/* ---- files: private whatever the umask -------------------------------------- */

static void expect_private_files(const char *dir, int *seen_wal, int *seen_shm)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "ls -1A '%s'", dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char name[512];
    int files = 0;
    while (fgets(name, sizeof name, p) != NULL) {
        name[strcspn(name, "\n")] = '\0';
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        struct stat st;
        assert_int_equal(0, stat(path, &st));
        if ((st.st_mode & 0777) != 0600)
            fail_msg("%s has mode %o", name, (unsigned)(st.st_mode & 0777));
        files++;
        if (seen_wal && strcmp(name, "vault.db-wal") == 0)
            (*seen_wal)++;
        if (seen_shm && strcmp(name, "vault.db-shm") == 0)
            (*seen_shm)++;
    }
    pclose(p);
    assert_true(files > 0);
}

static void files_are_private_whatever_the_umask(void **state)
{
    (void)state;
    static const mode_t masks[] = {022, 0};
    for (size_t m = 0; m < 2; m++) {
        mode_t saved = umask(masks[m]);
        tv_env e;
        tv_env_init(&e, "vault-umask");
        eid_vault_options o;
        tv_fast_options(&o);
        int wal = 0, shm = 0;
        eid_vault *v = create_fast(&e, &o);
        put_text(v, "card", "one");
        expect_private_files(e.vault_dir, &wal, &shm);
        assert_status(EID_OK, eid_vault_rekey(v)); /* vault.db.new, renamed over vault.db */
        put_text(v, "card", "two");
        expect_private_files(e.vault_dir, &wal, &shm);
        assert_status(EID_OK, eid_vault_change_passcode(v, PASS_A, PASS_B));
        assert_status(EID_OK, eid_vault_lock(v));
        assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
        assert_status(EID_OK, eid_vault_unlock(v, PASS_B));
        put_text(v, "card", "three");
        expect_private_files(e.vault_dir, &wal, &shm);
        expect_private_files(e.ks_dir, NULL, NULL);
        assert_true(wal >= 3 && shm >= 3); /* the WAL and shared memory were there to check */
        eid_vault_close(v);
        expect_private_files(e.vault_dir, NULL, NULL);
        tv_env_free(&e);
        umask(saved);
    }
}

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_close_open_unlock),
        cmocka_unit_test(passcode_policy),
        cmocka_unit_test(wrong_passcode_counts_and_resets),
        cmocka_unit_test(lockout_schedule_with_pinned_clock),
        cmocka_unit_test(wipe_after_limit),
        cmocka_unit_test(explicit_wipe_deletes_keystore_key_first),
        cmocka_unit_test(counter_survives_reopen),
        cmocka_unit_test(header_tampering_detected),
        cmocka_unit_test(keystore_failures_pass_through),
        cmocka_unit_test(wrong_keystore_refused),
        cmocka_unit_test(use_while_locked_refused),
        cmocka_unit_test(close_and_null_safe),
        cmocka_unit_test(change_passcode_rewraps),
        cmocka_unit_test(rekey_keeps_records),
        cmocka_unit_test(raised_kdf_defaults_rewrap_on_unlock),
        cmocka_unit_test(records_and_transactions),
        cmocka_unit_test(holder_key_signs_inside_the_vault),
        cmocka_unit_test(header_writes_are_synced),
        cmocka_unit_test(failed_sync_is_an_error),
        cmocka_unit_test(invalid_arguments),
        cmocka_unit_test(guessing_needs_a_keystore_call_each_time),
        cmocka_unit_test(old_header_format_refused),
        cmocka_unit_test(backoff_ignores_wall_clock_jumps),
        cmocka_unit_test(two_handles_share_one_count),
        cmocka_unit_test(racing_handles_wipe_at_the_limit),
        cmocka_unit_test(stale_header_never_written),
        cmocka_unit_test(files_are_private_whatever_the_umask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
