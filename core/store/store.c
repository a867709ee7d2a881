/* SPDX-License-Identifier: Apache-2.0 */
/* core/store: the SQLCipher connection (raw-key open, cipher settings
 * profiles set and read back, close) and the SQL helpers the other files of
 * the module share. See store.h. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "crypto/crypto.h"
#include "store/store_internal.h"

/* ---- cipher settings profiles ------------------------------------------ */

typedef struct profile_pragma {
    const char *name;
    const char *value;
} profile_pragma;

/* Applied in this order right after keying and before the first read. The
 * 3 profile is what SQLCipher 3.4 does by default (it ignores the two
 * algorithm pragmas and the plaintext header size); naming every value keeps
 * the process defaults (`PRAGMA cipher_default_use_hmac = OFF` anywhere in
 * the process, a SQLCipher 4 build's own defaults) out of the vault.
 * kdf_iter does not touch a raw key but is part of the settings a reader must
 * agree on, so it is pinned too. */
static const profile_pragma profile3[] = {
    {"cipher_page_size", "4096"},
    {"kdf_iter", "64000"},
    {"cipher_hmac_algorithm", "HMAC_SHA1"},
    {"cipher_kdf_algorithm", "PBKDF2_HMAC_SHA1"},
    {"cipher_use_hmac", "ON"},
    {"cipher_plaintext_header_size", "0"},
    {NULL, NULL},
};
static const profile_pragma profile4[] = {
    {"cipher_page_size", "4096"},
    {"kdf_iter", "256000"},
    {"cipher_hmac_algorithm", "HMAC_SHA512"},
    {"cipher_kdf_algorithm", "PBKDF2_HMAC_SHA512"},
    {"cipher_use_hmac", "ON"},
    {"cipher_plaintext_header_size", "0"},
    {NULL, NULL},
};
#define PROFILE_PRAGMAS 6

static const profile_pragma *profile_table(int profile)
{
    switch (profile) {
    case STORE_PROFILE_SQLCIPHER3: return profile3;
    case STORE_PROFILE_SQLCIPHER4: return profile4;
    default: return NULL;
    }
}

eid_status store_profile_settings(int profile, store_settings *out)
{
    memset(out, 0, sizeof *out);
    out->profile = (uint8_t)profile;
    out->page_size = 4096;
    out->use_hmac = 1;
    switch (profile) {
    case STORE_PROFILE_SQLCIPHER3:
        out->hmac_alg = out->kdf_alg = STORE_HASH_SHA1;
        out->kdf_iter = 64000;
        return EID_OK;
    case STORE_PROFILE_SQLCIPHER4:
        out->hmac_alg = out->kdf_alg = STORE_HASH_SHA512;
        out->kdf_iter = 256000;
        return EID_OK;
    default:
        return EID_ERR_UNSUPPORTED_VERSION;
    }
}

int store_profile_pragma(int profile, size_t i, char *buf, size_t cap)
{
    const profile_pragma *t = profile_table(profile);
    if (t == NULL || i >= PROFILE_PRAGMAS || t[i].name == NULL || buf == NULL || cap == 0)
        return 0;
    int n = snprintf(buf, cap, "PRAGMA %s = %s", t[i].name, t[i].value);
    return n > 0 && (size_t)n < cap;
}

/* Computed once, at store_global_init(); a race computes the same value
 * twice. A failure (out of memory) is not remembered. */
static _Atomic int cipher_major = -1;

static int read_cipher_major(int warm_up)
{
    int major = -1;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        /* Keying runs SQLCipher's lazy setup of its crypto provider (OpenSSL's
         * initialisation among it) now, at eid_init(), rather than in the
         * first unlock, where an allocation failing inside it crashes. */
        static const char throwaway[] = "x'000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F'";
        if (warm_up)
            (void)sqlite3_key_v2(db, "main", throwaway, (int)sizeof throwaway - 1);
        if (warm_up)
            (void)store_exec_const(db, "CREATE TABLE t(x); INSERT INTO t VALUES (randomblob(64));"
                                       "SELECT count(*) FROM t");
        if (sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &st, NULL) == SQLITE_OK) {
            int rc = sqlite3_step(st);
            const unsigned char *v = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
            if (v != NULL)
                major = atoi((const char *)v);
            else if (rc == SQLITE_DONE)
                major = 0; /* not SQLCipher */
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return major;
}

void store_warm_up(void)
{
    int major = read_cipher_major(1);
    if (major >= 0)
        cipher_major = major;
}

int store_cipher_major(void)
{
    int known = cipher_major;
    if (known >= 0)
        return known;
    store_global_init();
    int major = read_cipher_major(0);
    if (major >= 0)
        cipher_major = major;
    return major < 0 ? 0 : major;
}

int store_native_profile(void)
{
    return store_cipher_major() >= 4 ? STORE_PROFILE_SQLCIPHER4 : STORE_PROFILE_SQLCIPHER3;
}

/* ---- SQL helpers and keying ---------------------------------------------- */

eid_status store_status_of(int rc)
{
    if (rc == SQLITE_IOERR_NOMEM)
        return EID_ERR_NO_MEMORY;
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW: return EID_OK;
    case SQLITE_NOMEM: return EID_ERR_NO_MEMORY;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return EID_ERR_CORRUPT;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISUSE:
    case SQLITE_RANGE: return EID_ERR_INTERNAL;
    default: return EID_ERR_IO;
    }
}

/* Runs constant SQL (no data in it), statement by statement. */
eid_status store_exec_const(sqlite3 *db, const char *sql)
{
    while (sql != NULL && *sql != '\0') {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        int rc = sqlite3_prepare_v2(db, sql, -1, &st, &tail);
        if (rc != SQLITE_OK)
            return store_status_of(rc);
        if (st != NULL) {
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            }
            sqlite3_finalize(st);
            if (rc != SQLITE_DONE)
                return store_status_of(rc);
        }
        sql = tail;
    }
    return EID_OK;
}

static int looks_corrupt(int rc) { return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB; }

int store_step_read(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (looks_corrupt(rc)) {
        sqlite3_reset(st);
        rc = sqlite3_step(st);
    }
    return rc;
}

/* First column of the first row as text into buf; *found = 0 when no row. */
eid_status store_query_text(sqlite3 *db, const char *sql, char *buf, size_t cap, int *found)
{
    sqlite3_stmt *st = NULL;
    *found = 0;
    buf[0] = '\0';
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (looks_corrupt(rc)) /* preparing reads the schema: as store_step_read() */
        rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_status_of(rc);
    rc = store_step_read(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        /* NULL for a value that is not NULL: SQLite could not allocate its
         * text (a count read as "" would be taken for 0). */
        if (t == NULL && sqlite3_errcode(db) == SQLITE_NOMEM) {
            sqlite3_finalize(st);
            return EID_ERR_NO_MEMORY;
        }
        snprintf(buf, cap, "%s", t ? (const char *)t : "");
        *found = 1;
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? EID_OK : store_status_of(rc);
}

static int hash_alg_of(const char *name)
{
    if (strstr(name, "SHA512"))
        return STORE_HASH_SHA512;
    if (strstr(name, "SHA256"))
        return STORE_HASH_SHA256;
    if (strstr(name, "SHA1"))
        return STORE_HASH_SHA1;
    return 0;
}

/* Keys schema `schema` with the raw-key text x'<hex>' built in secure memory. */
eid_status store_key_schema(sqlite3 *db, const char *schema, const uint8_t key[STORE_KEY_BYTES])
{
    static const char hex[] = "0123456789ABCDEF";
    const size_t n = 3 + 2 * STORE_KEY_BYTES;
    char *text = cry_secure_alloc(n + 1);
    if (text == NULL)
        return EID_ERR_NO_MEMORY;
    text[0] = 'x';
    text[1] = '\'';
    for (size_t i = 0; i < STORE_KEY_BYTES; i++) {
        text[2 + 2 * i] = hex[key[i] >> 4];
        text[3 + 2 * i] = hex[key[i] & 15];
    }
    text[n - 1] = '\'';
    text[n] = '\0';
    /* SQLCipher 3.4.1 leaks its half-built codec context when an allocation
     * fails inside sqlite3_key_v2: the allocation walk does not fail
     * allocations there (docs/VAULT.md, "Out of memory"). */
    mem_hook_hold(1);
    int rc = sqlite3_key_v2(db, schema, text, (int)n);
    mem_hook_hold(0);
    cry_memzero(text, n);
    cry_secure_free(text);
    if (rc == SQLITE_OK)
        return EID_OK;
    return (rc & 0xff) == SQLITE_NOMEM ? EID_ERR_NO_MEMORY : EID_ERR_CRYPTO;
}

/* Applies a profile's settings to `schema` ("main" or an attached name). */
eid_status store_apply_profile(sqlite3 *db, const char *schema, int profile)
{
    const profile_pragma *t = profile_table(profile);
    if (t == NULL)
        return EID_ERR_UNSUPPORTED_VERSION;
    for (; t->name != NULL; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "PRAGMA %s.%s = %s", schema, t->name, t->value);
        eid_status s = store_exec_const(db, sql);
        if (s != EID_OK)
            return s;
    }
    return EID_OK;
}

/* Reads the settings back. A pragma this SQLCipher does not know returns no
 * row; the value is then the one that version has fixed (3.x: SHA1). A pragma
 * it knows answers with a row unless SQLCipher could not allocate the answer
 * (it drops the row without an error): EID_ERR_NO_MEMORY, never a setting
 * read back as 0 and taken for another profile's. */
static eid_status read_setting(sqlite3 *db, const char *sql, int known, char *buf, size_t cap, int *found)
{
    eid_status s = store_query_text(db, sql, buf, cap, found);
    if (s == EID_OK && known && (!*found || buf[0] == '\0'))
        s = EID_ERR_NO_MEMORY;
    return s;
}

static eid_status read_settings(sqlite3 *db, store_settings *got)
{
    char buf[64];
    int found;
    eid_status s;
    int v4 = store_cipher_major() >= 4;
    memset(got, 0, sizeof *got);
    if ((s = read_setting(db, "PRAGMA cipher_page_size", 1, buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->page_size = (uint32_t)strtoul(buf, NULL, 10);
    if ((s = read_setting(db, "PRAGMA kdf_iter", 1, buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->kdf_iter = (uint32_t)strtoul(buf, NULL, 10);
    int fixed = v4 ? 0 : STORE_HASH_SHA1;
    if ((s = read_setting(db, "PRAGMA cipher_hmac_algorithm", v4, buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->hmac_alg = (uint8_t)(found ? hash_alg_of(buf) : fixed);
    if ((s = read_setting(db, "PRAGMA cipher_kdf_algorithm", v4, buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->kdf_alg = (uint8_t)(found ? hash_alg_of(buf) : fixed);
    if ((s = read_setting(db, "PRAGMA cipher_use_hmac", 1, buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->use_hmac = (uint8_t)(strcmp(buf, "1") == 0);
    /* Unknown to SQLCipher 3 (no row): it has no plaintext header. */
    if ((s = read_setting(db, "PRAGMA cipher_plaintext_header_size", v4, buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->plaintext_header = found ? (uint32_t)strtoul(buf, NULL, 10) : 0;
    return EID_OK;
}

/* ---- the handle ---------------------------------------------------------- */

/* Creates an empty file of mode 0600 whatever the umask. SQLite gives its
 * -wal, -shm and -journal files the mode of the database file. */
eid_status store_create_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? EID_ERR_EXISTS : EID_ERR_IO;
    int ok = fchmod(fd, 0600) == 0;
    ok &= close(fd) == 0;
    if (!ok) {
        unlink(path);
        return EID_ERR_IO;
    }
    return EID_OK;
}

/* Whether SQLCipher can still write a database and read it back: checked
 * before a file that does not decrypt is called corrupt, because SQLCipher
 * reports a failing crypto library (OpenSSL 3 keeps a failed initialisation,
 * out of memory, for the life of the process) exactly as a page that does
 * not decrypt. The check writes a throwaway database beside `path` (its name
 * with STORE_CHECK_SUFFIX, random content under a throwaway key and the
 * file's profile, no journal) and removes it. EID_OK: the cipher works, so the file is corrupt. */
static eid_status cipher_works(const char *path, int profile)
{
    char check[4200];
    int n = snprintf(check, sizeof check, "%s%s", path, STORE_CHECK_SUFFIX);
    if (n < 0 || (size_t)n >= sizeof check)
        return EID_ERR_INVALID_ARG;
    static const char throwaway[] = "x'0F0E0D0C0B0A09080706050403020100000102030405060708090A0B0C0D0E0F'";
    unlink(check);
    eid_status st = EID_OK;
    for (int pass = 0; pass < 2 && st == EID_OK; pass++) {
        sqlite3 *db = NULL;
        int rc = sqlite3_open_v2(check, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_key_v2(db, "main", throwaway, (int)sizeof throwaway - 1);
        st = rc == SQLITE_OK ? EID_OK : store_status_of(rc);
        if (st == EID_OK)
            st = store_apply_profile(db, "main", profile);
        if (st == EID_OK && pass == 0)
            st = store_exec_const(db, "PRAGMA journal_mode = OFF; CREATE TABLE t(x);"
                                      "INSERT INTO t VALUES (randomblob(64))");
        if (st == EID_OK && pass == 1) {
            char buf[32];
            int found = 0;
            st = store_query_text(db, "SELECT count(*) FROM t", buf, sizeof buf, &found);
            if (st == EID_OK && (!found || strcmp(buf, "1") != 0))
                st = EID_ERR_CRYPTO;
        }
        sqlite3_close_v2(db);
    }
    unlink(check);
    /* The cipher failed on a database it wrote itself: EID_ERR_CRYPTO. A
     * folder that takes no file (EID_ERR_IO) or no memory leaves it open. */
    return st == EID_ERR_CORRUPT || st == EID_ERR_INTERNAL ? EID_ERR_CRYPTO : st;
}

/* Opens `path` into s->db, keys it and makes the first read, which decrypts
 * page 1: a wrong key or a damaged file fails here (EID_ERR_CORRUPT), a disk
 * that refuses the read with EID_ERR_IO. On failure s->db may be open. */
static eid_status open_keyed(store_db *s, const char *path, const uint8_t key[STORE_KEY_BYTES], int profile)
{
    /* CREATE also when opening: ATTACH (store_export) inherits these flags.
     * Existence was checked by the caller. */
    int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK)
        return rc == SQLITE_CANTOPEN ? EID_ERR_IO : store_status_of(rc);
    /* Another handle on the same vault (another thread or process) may hold
     * the write lock for a moment: wait for it rather than fail, and never
     * call a database that is busy corrupt. */
    sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
    /* SQLCipher 3.4.1 frees a key twice when an allocation fails while it
     * derives the page keys (on the first read): the allocation walk does not
     * fail allocations there (docs/VAULT.md, "Out of memory"). */
    eid_status st = store_key_schema(s->db, "main", key);
    if (st == EID_OK)
        st = store_apply_profile(s->db, "main", profile);
    if (st != EID_OK)
        return st;
    char buf[32];
    int found;
    mem_hook_hold(1);
    st = store_query_text(s->db, "SELECT count(*) FROM sqlite_master", buf, sizeof buf, &found);
    mem_hook_hold(0);
    /* SQLCipher reports a page it cannot decrypt as an error of its own:
     * only what the disk refused stays an I/O error. */
    if (st == EID_ERR_IO && (sqlite3_extended_errcode(s->db) & 0xff) != SQLITE_IOERR)
        st = EID_ERR_CORRUPT;
    return st;
}

eid_status store_open(const char *path, const uint8_t key[STORE_KEY_BYTES], int profile, int create,
                      store_db **out)
{
    if (path == NULL || key == NULL || out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    store_settings want;
    eid_status st = store_profile_settings(profile, &want);
    if (st != EID_OK)
        return st;
    /* SQLCipher 3 cannot read or write anything but its own algorithms. */
    if (store_cipher_major() < 4 && (want.hmac_alg != STORE_HASH_SHA1 || want.kdf_alg != STORE_HASH_SHA1))
        return EID_ERR_UNSUPPORTED_VERSION;
    store_global_init();
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (create && exists)
        return EID_ERR_EXISTS;
    if (!create && !exists)
        return EID_ERR_NOT_FOUND;
    if (create && (st = store_create_private(path)) != EID_OK)
        return st;

    store_db *s = mem_calloc(1, sizeof *s);
    if (s == NULL)
        return EID_ERR_NO_MEMORY;
    /* SQLCipher 3.4 reads the file's salt once, when the key is set, and
     * takes a random one if that read fails: a readable file then looks
     * undecryptable. A file found so is opened once more before it is called
     * corrupt (the second attempt reads the salt again). */
    for (int attempt = 0;; attempt++) {
        st = open_keyed(s, path, key, profile);
        if (st != EID_ERR_CORRUPT || create || attempt == 1)
            break;
        sqlite3_close_v2(s->db);
        s->db = NULL;
    }
    if (st == EID_ERR_CORRUPT) {
        eid_status works = cipher_works(path, profile);
        if (works != EID_OK)
            st = works;
    }
    if (st != EID_OK)
        goto fail;
    char buf[32];
    int found;
    mem_hook_hold(1);
    st = read_settings(s->db, &s->settings);
    /* A new database derives its keys on its first write, here. */
    if (st == EID_OK)
        st = store_query_text(s->db, "PRAGMA journal_mode = WAL", buf, sizeof buf, &found);
    mem_hook_hold(0);
    if (st != EID_OK)
        goto fail;
    s->settings.profile = (uint8_t)profile;
    if (s->settings.page_size != want.page_size || s->settings.kdf_iter != want.kdf_iter ||
        s->settings.hmac_alg != want.hmac_alg || s->settings.kdf_alg != want.kdf_alg ||
        s->settings.use_hmac != want.use_hmac || s->settings.plaintext_header != want.plaintext_header) {
        st = EID_ERR_UNSUPPORTED_VERSION;
        goto fail;
    }
    if (strcmp(buf, "wal") != 0) {
        st = EID_ERR_IO;
        goto fail;
    }
    if ((st = store_exec_const(s->db, "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;"
                                "PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON")) != EID_OK)
        goto fail;
    if ((st = store_query_text(s->db, "PRAGMA secure_delete", buf, sizeof buf, &found)) != EID_OK)
        goto fail;
    if (strcmp(buf, "1") != 0) {
        /* No answer: SQLite could not allocate it. */
        st = !found || buf[0] == '\0' ? EID_ERR_NO_MEMORY : EID_ERR_INTERNAL;
        goto fail;
    }
    if ((st = store_migrate(s)) != EID_OK)
        goto fail;
    for (int i = 0; i < ST__N; i++) {
        int rc = sqlite3_prepare_v2(s->db, store_stmt_sql[i], -1, &s->stmt[i], NULL);
        if (rc != SQLITE_OK) {
            st = store_status_of(rc);
            goto fail;
        }
    }
    *out = s;
    return EID_OK;
fail:
    store_close(s);
    return st;
}

void store_close(store_db *s)
{
    if (s == NULL)
        return;
    if (s->in_txn)
        store_rollback(s);
    for (int i = 0; i < ST__N; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_close_v2(s->db);
    mem_free(s);
}

eid_status store_close_clean(store_db *s)
{
    if (s == NULL)
        return EID_OK;
    if (s->in_txn)
        store_rollback(s);
    char buf[16];
    int found;
    eid_status st = store_exec_const(s->db, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (st == EID_OK)
        st = store_query_text(s->db, "PRAGMA journal_mode = DELETE", buf, sizeof buf, &found);
    if (st == EID_OK && strcmp(buf, "delete") != 0)
        st = EID_ERR_IO;
    store_close(s);
    return st;
}

void store_settings_of(const store_db *s, store_settings *out) { *out = s->settings; }
