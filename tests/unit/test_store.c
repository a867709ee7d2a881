/* SPDX-License-Identifier: Apache-2.0 */
/* core/store: raw-key opening, cipher settings read back and understood by
 * the sqlcipher command-line tool, wrong keys, schema versions and forward
 * migration, records, transactions, export under a new key, a failing
 * cipher told from a damaged file. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SQLITE_HAS_CODEC 1
#include <sqlcipher/sqlite3.h>

#include "fault_vfs.h"
#include "testutil.h"
#include "store/store.h"

static const uint8_t KEY[32] = {0x2d, 0xd2, 0x9c, 0xa8, 0x51, 0xe7, 0xb5, 0x6e, 0x46, 0x97, 0xb0,
                                0xe1, 0xf0, 0x85, 0x07, 0x29, 0x3d, 0x76, 0x1a, 0x05, 0xce, 0x4d,
                                0x1b, 0x62, 0x86, 0x63, 0xf4, 0x11, 0xa8, 0x08, 0x6d, 0x99};

static void hex_of(const uint8_t *k, char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02X", k[i]);
}

/* Runs the sqlcipher CLI on db with a raw key and the profile's pragmas
 * (exactly the statements store_open issues), then `sql`; output in out. */
static int cli(const char *db, const uint8_t *key, int profile, const char *sql, char *out, size_t cap)
{
    char script[4096], hex[65];
    hex_of(key, hex);
    size_t n = (size_t)snprintf(script, sizeof script, "PRAGMA key = \"x'%s'\";\n", hex);
    char line[128];
    for (size_t i = 0; store_profile_pragma(profile, i, line, sizeof line); i++)
        n += (size_t)snprintf(script + n, sizeof script - n, "%s;\n", line);
    snprintf(script + n, sizeof script - n, "%s\n", sql);
    char path[4200];
    snprintf(path, sizeof path, "%s.sql", db);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(script, f);
    fclose(f);
    char cmd[8600];
    snprintf(cmd, sizeof cmd, "sqlcipher -bail '%s' < '%s' 2>&1", db, path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t got = fread(out, 1, cap - 1, p);
    out[got] = 0;
    int rc = pclose(p);
    unlink(path);
    return rc;
}

static char *temp_db(char **dir, const char *name)
{
    *dir = tu_temp_dir("store");
    assert_non_null(*dir);
    char *path = malloc(4200);
    snprintf(path, 4200, "%s/%s", *dir, name);
    return path;
}

static void raw_key_and_settings_read_back(void **state)
{
    (void)state;
    char *dir, *path = temp_db(&dir, "a.db");
    store_db *s = NULL;
    int profile = store_native_profile();
    assert_int_equal(store_cipher_major(), 3); /* Debian's SQLCipher 3.4 on the host */
    assert_int_equal(profile, STORE_PROFILE_SQLCIPHER3);
    assert_status(EID_OK, store_open(path, KEY, profile, 1, &s));
    store_settings got, want;
    store_settings_of(s, &got);
    assert_status(EID_OK, store_profile_settings(profile, &want));
    assert_int_equal(got.page_size, 4096);
    assert_int_equal(got.kdf_iter, want.kdf_iter);
    assert_int_equal(got.hmac_alg, STORE_HASH_SHA1);
    assert_int_equal(got.kdf_alg, STORE_HASH_SHA1);
    assert_int_equal(store_schema_version(s), store_schema_latest());
    assert_status(EID_OK, store_put(s, 16, (const uint8_t *)"id1", 3, 5, (const uint8_t *)"hello", 5));
    store_close(s);

    /* The CLI reads it with the raw key and the same settings... */
    char out[4096];
    assert_int_equal(0, cli(path, KEY, profile, "SELECT value FROM records; PRAGMA integrity_check;", out,
                            sizeof out));
    assert_non_null(strstr(out, "hello"));
    assert_non_null(strstr(out, "ok"));
    /* ...but not with the same hex taken as a passphrase (PBKDF2 of the text). */
    char script[256], hex[65], cmd[8600];
    hex_of(KEY, hex);
    snprintf(script, sizeof script, "PRAGMA key = '%s'; PRAGMA cipher_page_size = 4096; SELECT count(*) FROM records;",
             hex);
    snprintf(cmd, sizeof cmd, "sqlcipher -bail '%s' \"%s\" >/dev/null 2>&1", path, script);
    assert_int_not_equal(0, system(cmd));
    /* ...nor with the default page size: the settings matter. */
    snprintf(script, sizeof script, "PRAGMA key = \\\"x'%s'\\\"; SELECT count(*) FROM records;", hex);
    snprintf(cmd, sizeof cmd, "sqlcipher -bail '%s' \"%s\" >/dev/null 2>&1", path, script);
    assert_int_not_equal(0, system(cmd));

    uint8_t wrong[32];
    memcpy(wrong, KEY, 32);
    wrong[31] ^= 1;
    assert_status(EID_ERR_CORRUPT, store_open(path, wrong, profile, 0, &s));
    assert_null(s);
    assert_status(EID_ERR_EXISTS, store_open(path, KEY, profile, 1, &s));
    /* SQLCipher 3 cannot apply the SQLCipher 4 profile: refused, not silently downgraded. */
    assert_status(EID_ERR_UNSUPPORTED_VERSION, store_open(path, KEY, STORE_PROFILE_SQLCIPHER4, 0, &s));
    assert_status(EID_ERR_UNSUPPORTED_VERSION, store_open(path, KEY, 9, 0, &s));
    char missing[4300];
    snprintf(missing, sizeof missing, "%s/none.db", dir);
    assert_status(EID_ERR_NOT_FOUND, store_open(missing, KEY, profile, 0, &s));
    free(path);
    tu_remove_tree(dir);
    free(dir);
}

static void schema_migrates_forward_and_refuses_newer(void **state)
{
    (void)state;
    char *dir, *path = temp_db(&dir, "m.db");
    char out[4096];
    int profile = store_native_profile();
    /* An encrypted database with no schema yet (version 0). */
    assert_int_equal(0, cli(path, KEY, profile, "CREATE TABLE scratch(x); DROP TABLE scratch;", out, sizeof out));
    store_db *s = NULL;
    assert_status(EID_OK, store_open(path, KEY, profile, 0, &s));
    assert_int_equal(store_schema_version(s), store_schema_latest());
    store_close(s);
    assert_int_equal(0, cli(path, KEY, profile, "SELECT value FROM meta WHERE name = 'schema_version';", out,
                            sizeof out));
    assert_int_equal(atoi(out), store_schema_latest());
    /* A database from a newer library is not opened by this one. */
    assert_int_equal(0, cli(path, KEY, profile, "UPDATE meta SET value = 999 WHERE name = 'schema_version';", out,
                            sizeof out));
    assert_status(EID_ERR_UNSUPPORTED_VERSION, store_open(path, KEY, profile, 0, &s));
    assert_null(s);
    free(path);
    tu_remove_tree(dir);
    free(dir);
}

static eid_status count_visit(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *value,
                              size_t value_len)
{
    (void)id;
    (void)id_len;
    (void)ord;
    (void)value;
    (void)value_len;
    int *n = ctx;
    return ++*n == 3 ? EID_ERR_EXISTS : EID_OK; /* stops the walk at the third */
}

static void records_transactions_and_limits(void **state)
{
    (void)state;
    char *dir, *path = temp_db(&dir, "r.db");
    store_db *s = NULL;
    assert_status(EID_OK, store_open(path, KEY, store_native_profile(), 1, &s));
    for (int i = 0; i < 10; i++) {
        uint8_t id = (uint8_t)i;
        assert_status(EID_OK, store_put(s, 16, &id, 1, 10 - i, &id, 1));
    }
    int n = 0;
    assert_status(EID_ERR_EXISTS, store_list(s, 16, count_visit, &n));
    assert_int_equal(n, 3);
    uint8_t big_id[STORE_ID_MAX + 1] = {0};
    assert_status(EID_ERR_INVALID_ARG, store_put(s, 16, big_id, sizeof big_id, 0, big_id, 1));
    assert_status(EID_OK, store_put(s, 16, big_id, STORE_ID_MAX, 0, NULL, 0));
    eid_bytes b = {0};
    assert_status(EID_OK, store_get(s, 16, big_id, STORE_ID_MAX, &b, NULL));
    assert_int_equal(b.len, 0);
    eid_bytes_free(&b);
    uint8_t *huge = calloc(STORE_VALUE_MAX + 1, 1);
    assert_status(EID_ERR_TOO_LARGE, store_put(s, 16, big_id, 1, 0, huge, STORE_VALUE_MAX + 1));
    free(huge);

    assert_status(EID_OK, store_begin(s));
    assert_true(store_in_transaction(s));
    assert_status(EID_ERR_STATE, store_begin(s));
    uint64_t deleted = 0, count = 0;
    assert_status(EID_OK, store_delete_kind(s, 16, &deleted));
    assert_int_equal(deleted, 11);
    store_rollback(s);
    assert_false(store_in_transaction(s));
    assert_status(EID_OK, store_count(s, 16, &count));
    assert_int_equal(count, 11);
    assert_status(EID_ERR_STATE, store_commit(s));

    struct stat st;
    char wal[4300];
    snprintf(wal, sizeof wal, "%s-wal", path);
    assert_int_equal(0, stat(wal, &st)); /* WAL mode */
    assert_status(EID_OK, store_integrity_check(s));

    /* Export under a new key: the copy opens with it only. */
    uint8_t key2[32];
    memcpy(key2, KEY, 32);
    key2[0] ^= 0xff;
    char copy[4300];
    snprintf(copy, sizeof copy, "%s/copy.db", dir);
    assert_status(EID_OK, store_export(s, copy, key2));
    assert_status(EID_ERR_EXISTS, store_export(s, copy, key2));
    assert_status(EID_OK, store_close_clean(s));
    assert_int_not_equal(0, stat(wal, &st)); /* left WAL mode: no -wal file */
    assert_status(EID_ERR_CORRUPT, store_open(copy, KEY, store_native_profile(), 0, &s));
    assert_status(EID_OK, store_open(copy, key2, store_native_profile(), 0, &s));
    assert_status(EID_OK, store_count(s, 16, &count));
    assert_int_equal(count, 11);
    assert_int_equal(store_schema_version(s), store_schema_latest());
    assert_status(EID_OK, store_integrity_check(s));
    assert_status(EID_OK, store_checkpoint_truncate(s));
    store_close(s);
    store_close(NULL);
    free(path);
    tu_remove_tree(dir);
    free(dir);
}

static void profiles_are_explicit(void **state)
{
    (void)state;
    store_settings s3, s4;
    assert_status(EID_OK, store_profile_settings(STORE_PROFILE_SQLCIPHER3, &s3));
    assert_status(EID_OK, store_profile_settings(STORE_PROFILE_SQLCIPHER4, &s4));
    assert_int_equal(s3.hmac_alg, STORE_HASH_SHA1);
    assert_int_equal(s4.hmac_alg, STORE_HASH_SHA512);
    assert_int_equal(s4.kdf_alg, STORE_HASH_SHA512);
    assert_int_equal(s3.page_size, s4.page_size);
    assert_status(EID_ERR_UNSUPPORTED_VERSION, store_profile_settings(0, &s3));
    /* Every setting is named, none left to the library's defaults. */
    const char *names[] = {"cipher_page_size",  "kdf_iter",        "cipher_hmac_algorithm",
                           "cipher_kdf_algorithm", "cipher_use_hmac = ON", "cipher_plaintext_header_size = 0"};
    char line[128];
    for (int p = STORE_PROFILE_SQLCIPHER3; p <= STORE_PROFILE_SQLCIPHER4; p++) {
        for (size_t i = 0; i < 6; i++) {
            assert_true(store_profile_pragma(p, i, line, sizeof line));
            assert_non_null(strstr(line, names[i]));
        }
        assert_false(store_profile_pragma(p, 6, line, sizeof line));
    }
    assert_int_equal(s3.use_hmac, 1);
    assert_int_equal(s4.use_hmac, 1);
    assert_false(store_profile_pragma(7, 0, line, sizeof line));
    assert_false(store_profile_pragma(STORE_PROFILE_SQLCIPHER3, 0, line, 8));
}

/* Flips one byte in the middle of every page after the first: with a big
 * value alone on its leaf page that lands inside the value, elsewhere in
 * free space. */
static void tamper_pages(const char *path)
{
    size_t len;
    uint8_t *b = tu_read_file(path, &len);
    assert_non_null(b);
    assert_true(len >= 3 * 4096);
    for (size_t off = 4096 + 2048; off < len; off += 4096)
        b[off] ^= 0x01;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, len, f), len);
    fclose(f);
    free(b);
}

static int raw_exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* With the process default turned off (`PRAGMA cipher_default_use_hmac =
 * OFF`, which any code in the process can issue), a database without page
 * HMACs reads a tampered page back silently; core/store pins the HMAC on and
 * reads it back, so its database notices. */
static void page_hmac_pinned_against_process_default(void **state)
{
    (void)state;
    char *dir, *path = temp_db(&dir, "nohmac.db");
    char hex[65], keysql[128];
    hex_of(KEY, hex);
    snprintf(keysql, sizeof keysql, "PRAGMA key = \"x'%s'\"", hex);
    uint8_t value[3500];
    memset(value, 'A', sizeof value);

    sqlite3 *raw = NULL;
    assert_int_equal(SQLITE_OK, sqlite3_open(":memory:", &raw));
    assert_int_equal(SQLITE_OK, raw_exec(raw, keysql));
    assert_int_equal(SQLITE_OK, raw_exec(raw, "PRAGMA cipher_default_use_hmac = OFF"));
    sqlite3_close(raw);

    /* The control: what tampering does to a database without HMACs. */
    sqlite3 *db = NULL;
    assert_int_equal(SQLITE_OK, sqlite3_open(path, &db));
    assert_int_equal(SQLITE_OK, raw_exec(db, keysql));
    assert_int_equal(SQLITE_OK, raw_exec(db, "PRAGMA cipher_page_size = 4096; CREATE TABLE t(v BLOB); "
                                             "CREATE TABLE u(x); INSERT INTO u VALUES (1)"));
    sqlite3_stmt *st = NULL;
    assert_int_equal(SQLITE_OK, sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1)", -1, &st, NULL));
    sqlite3_bind_blob(st, 1, value, sizeof value, SQLITE_STATIC);
    assert_int_equal(SQLITE_DONE, sqlite3_step(st));
    sqlite3_finalize(st);
    sqlite3_close(db);
    tamper_pages(path);
    assert_int_equal(SQLITE_OK, sqlite3_open(path, &db));
    assert_int_equal(SQLITE_OK, raw_exec(db, keysql));
    assert_int_equal(SQLITE_OK, raw_exec(db, "PRAGMA cipher_page_size = 4096"));
    assert_int_equal(SQLITE_OK, sqlite3_prepare_v2(db, "SELECT v FROM t", -1, &st, NULL));
    assert_int_equal(SQLITE_ROW, sqlite3_step(st));
    assert_int_equal(sqlite3_column_bytes(st, 0), (int)sizeof value);
    assert_memory_not_equal(sqlite3_column_blob(st, 0), value, sizeof value); /* changed, and nobody noticed */
    sqlite3_finalize(st);
    sqlite3_close(db);

    /* core/store under the same process default. */
    char *spath = malloc(4200);
    snprintf(spath, 4200, "%s/store.db", dir);
    store_db *s = NULL;
    assert_status(EID_OK, store_open(spath, KEY, store_native_profile(), 1, &s));
    store_settings got;
    store_settings_of(s, &got);
    assert_int_equal(got.use_hmac, 1);
    assert_status(EID_OK, store_put(s, 16, (const uint8_t *)"big", 3, 0, value, sizeof value));
    assert_status(EID_OK, store_checkpoint_truncate(s));
    store_close(s);
    tamper_pages(spath);
    eid_status opened = store_open(spath, KEY, store_native_profile(), 0, &s);
    eid_status read = EID_ERR_CORRUPT;
    if (opened == EID_OK) {
        eid_bytes b = {0};
        read = store_get(s, 16, (const uint8_t *)"big", 3, &b, NULL);
        eid_bytes_free(&b);
        store_close(s);
    }
    assert_status(EID_ERR_CORRUPT, read);

    assert_int_equal(SQLITE_OK, sqlite3_open(":memory:", &raw));
    assert_int_equal(SQLITE_OK, raw_exec(raw, keysql));
    assert_int_equal(SQLITE_OK, raw_exec(raw, "PRAGMA cipher_default_use_hmac = ON"));
    sqlite3_close(raw);
    free(spath);
    free(path);
    tu_remove_tree(dir);
    free(dir);
}

/* SQLite's memory is zeroed as it is freed: libeid initialised SQLite first. */
static void sqlite_memory_zeroed(void **state)
{
    (void)state;
    assert_true(store_memory_zeroed());
}

/* SQLCipher reports a crypto library that fails (OpenSSL 3 keeps a failed
 * initialisation for the life of the process) as a page that does not
 * decrypt: a vault is called corrupt only when the cipher still writes and
 * reads back a throwaway database beside it, and that database is removed. */
static void a_failing_cipher_is_not_corruption(void **state)
{
    (void)state;
    char *dir = tu_temp_dir("store-cipher"), path[4300], check[4400];
    snprintf(path, sizeof path, "%s/v.db", dir);
    snprintf(check, sizeof check, "%s%s", path, STORE_CHECK_SUFFIX);
    store_db *s = NULL;
    assert_status(EID_OK, store_open(path, KEY, store_native_profile(), 1, &s));
    assert_status(EID_OK, store_put(s, 16, (const uint8_t *)"a", 1, 0, (const uint8_t *)"x", 1));
    store_close(s);
    s = NULL;
    struct stat sb;

    /* every page read comes back changed, the throwaway database's too */
    fault_vfs_garble_reads(1);
    assert_status(EID_ERR_CRYPTO, store_open(path, KEY, store_native_profile(), 0, &s));
    fault_vfs_garble_reads(0);
    assert_null(s);
    assert_int_not_equal(0, stat(check, &sb));

    /* a wrong key: the cipher works, the file does not open */
    uint8_t wrong[32];
    memcpy(wrong, KEY, 32);
    wrong[0] ^= 1;
    assert_status(EID_ERR_CORRUPT, store_open(path, wrong, store_native_profile(), 0, &s));
    assert_int_not_equal(0, stat(check, &sb));

    /* a damaged page: the same */
    int fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    uint8_t junk[64];
    memset(junk, 0xa5, sizeof junk);
    assert_int_equal(pwrite(fd, junk, sizeof junk, 100), (ssize_t)sizeof junk);
    close(fd);
    assert_status(EID_ERR_CORRUPT, store_open(path, KEY, store_native_profile(), 0, &s));
    assert_int_not_equal(0, stat(check, &sb));
    tu_remove_tree(dir);
    free(dir);
}

/* A page read wrong once (a crypto library that failed for lack of memory, a
 * flaky read) is read again: opening and reading never call a sound file
 * corrupt for it. Every read of an open, and of a count and a lookup, is
 * garbled in turn. */
static void a_page_read_wrong_once_is_read_again(void **state)
{
    (void)state;
    char *dir = tu_temp_dir("store-garble"), path[4300];
    snprintf(path, sizeof path, "%s/v.db", dir);
    store_db *s = NULL;
    assert_status(EID_OK, store_open(path, KEY, store_native_profile(), 1, &s));
    uint8_t big[3000];
    memset(big, 7, sizeof big);
    for (uint8_t i = 0; i < 40; i++)
        assert_status(EID_OK, store_put(s, 16, &i, 1, 0, big, sizeof big));
    store_close(s);
    unsigned long opens = 0, gets = 0;
    for (unsigned long n = 1;; n++) {
        fault_vfs_fail_at(FAULT_IO_GARBLE, n);
        s = NULL;
        eid_status st = store_open(path, KEY, store_native_profile(), 0, &s);
        int tripped = fault_vfs_tripped();
        fault_vfs_fail_at(FAULT_IO_GARBLE, 0);
        if (st != EID_OK)
            fail_msg("read %lu of an open garbled: %s", n, eid_status_name(st));
        store_close(s);
        if (!tripped)
            break;
        opens++;
    }
    for (unsigned long n = 1;; n++) {
        s = NULL;
        assert_status(EID_OK, store_open(path, KEY, store_native_profile(), 0, &s));
        fault_vfs_fail_at(FAULT_IO_GARBLE, n);
        eid_bytes v = {0};
        uint8_t id = 39;
        uint64_t count = 0;
        eid_status st = store_count(s, 16, &count);
        if (st == EID_OK)
            st = store_get(s, 16, &id, 1, &v, NULL);
        int tripped = fault_vfs_tripped();
        fault_vfs_fail_at(FAULT_IO_GARBLE, 0);
        if (st != EID_OK || count != 40 || v.len != sizeof big || memcmp(v.data, big, sizeof big) != 0)
            fail_msg("read %lu of a count and a lookup garbled: %s", n, eid_status_name(st));
        eid_bytes_free(&v);
        store_close(s);
        if (!tripped)
            break;
        gets++;
    }
    assert_true(opens > 0 && gets > 0);
    print_message("garbled reads walked: %lu in an open, %lu in a count and a lookup\n", opens, gets);
    tu_remove_tree(dir);
    free(dir);
}

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(raw_key_and_settings_read_back),
        cmocka_unit_test(schema_migrates_forward_and_refuses_newer),
        cmocka_unit_test(records_transactions_and_limits),
        cmocka_unit_test(profiles_are_explicit),
        cmocka_unit_test(page_hmac_pinned_against_process_default),
        cmocka_unit_test(sqlite_memory_zeroed),
        cmocka_unit_test(a_failing_cipher_is_not_corruption),
        cmocka_unit_test(a_page_read_wrong_once_is_read_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
