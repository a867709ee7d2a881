/* SPDX-License-Identifier: Apache-2.0 */
/* core/store: SQLCipher behind a small record interface. See store.h. */
#define _POSIX_C_SOURCE 200809L
#define SQLITE_HAS_CODEC 1
#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlcipher/sqlite3.h>

#include "common/alloc.h"
#include "crypto/crypto.h"
#include "store/store.h"

int (*store_fsync_hook)(int fd) = fsync;

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

/* ---- SQLite's memory: zeroed when freed ---------------------------------- */

/* Decrypted pages, rows and statements live in memory that SQLite allocates.
 * Every allocation carries its size in front so that it is zeroed when freed
 * (a realloc always moves and zeroes the old block), so nothing decrypted
 * stays in freed heap once a connection is closed. SQLite accepts
 * SQLITE_CONFIG_MALLOC only before it is initialised and the setting is
 * process-wide: store_global_init() installs it once per process (from
 * eid_init() and from the first store call), then initialises SQLite. */
#define MEM_HEADER 16 /* keeps SQLite's 8-byte alignment */

static void *zero_malloc(int n)
{
    if (n <= 0 || (size_t)n > SIZE_MAX - MEM_HEADER)
        return NULL;
    unsigned char *p = mem_alloc((size_t)n + MEM_HEADER);
    if (p == NULL)
        return NULL;
    memcpy(p, &(size_t){(size_t)n}, sizeof(size_t));
    return p + MEM_HEADER;
}

static size_t zero_size_of(void *q)
{
    size_t n;
    memcpy(&n, (unsigned char *)q - MEM_HEADER, sizeof n);
    return n;
}

static void zero_free(void *q)
{
    if (q == NULL)
        return;
    unsigned char *p = (unsigned char *)q - MEM_HEADER;
    mem_free_secret(p, zero_size_of(q) + MEM_HEADER);
}

static void *zero_realloc(void *q, int n)
{
    void *r = zero_malloc(n);
    if (r == NULL)
        return NULL;
    if (q != NULL) {
        size_t old = zero_size_of(q);
        memcpy(r, q, old < (size_t)n ? old : (size_t)n);
        zero_free(q);
    }
    return r;
}

static int zero_size(void *q) { return q == NULL ? 0 : (int)zero_size_of(q); }
static int zero_roundup(int n) { return n > INT_MAX - 7 ? n : (n + 7) & ~7; }
static int zero_init(void *app) { (void)app; return SQLITE_OK; }
static void zero_shutdown(void *app) { (void)app; }

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static _Atomic int memory_zeroed = 0;

static void global_init(void)
{
    static const sqlite3_mem_methods zeroing = {zero_malloc, zero_free, zero_realloc, zero_size,
                                                 zero_roundup, zero_init, zero_shutdown, NULL};
    /* SQLITE_MISUSE when something in the process initialised SQLite first. */
    memory_zeroed = sqlite3_config(SQLITE_CONFIG_MALLOC, &zeroing) == SQLITE_OK;
    sqlite3_initialize();
}

void store_global_init(void) { pthread_once(&global_once, global_init); }

int store_memory_zeroed(void)
{
    store_global_init();
    return memory_zeroed;
}

/* Computed once; a race computes the same value twice. */
static _Atomic int cipher_major = -1;

int store_cipher_major(void)
{
    int known = cipher_major;
    if (known >= 0)
        return known;
    store_global_init();
    int major = 0;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        if (v != NULL)
            major = atoi((const char *)v);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    cipher_major = major;
    return major;
}

int store_native_profile(void)
{
    return store_cipher_major() >= 4 ? STORE_PROFILE_SQLCIPHER4 : STORE_PROFILE_SQLCIPHER3;
}

/* ---- the handle ---------------------------------------------------------- */

enum { ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_PUT, ST_GET, ST_DELETE, ST_DELETE_KIND, ST_COUNT, ST_LIST, ST__N };

static const char *const stmt_sql[ST__N] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_PUT] = "INSERT OR REPLACE INTO records(kind, id, ord, value) VALUES (?1, ?2, ?3, ?4)",
    [ST_GET] = "SELECT value, ord FROM records WHERE kind = ?1 AND id = ?2",
    [ST_DELETE] = "DELETE FROM records WHERE kind = ?1 AND id = ?2",
    [ST_DELETE_KIND] = "DELETE FROM records WHERE kind = ?1",
    [ST_COUNT] = "SELECT count(*) FROM records WHERE kind = ?1",
    [ST_LIST] = "SELECT id, ord, value FROM records WHERE kind = ?1 ORDER BY ord, id",
};

struct store_db {
    sqlite3 *db;
    sqlite3_stmt *stmt[ST__N];
    store_settings settings;
    int schema_version;
    int in_txn;
};

/* Forward migrations: entry i takes the schema from version i to i + 1, in
 * one transaction together with the version bump. Only ever append. */
static const char *const migrations[] = {
    /* 0 -> 1: settings and records. Records keep a rowid: a value of a few
     * KiB then fits a table leaf, where a WITHOUT ROWID row over ~1 KiB
     * would spill into overflow pages. */
    "CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE records(seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL, id BLOB NOT NULL,"
    " ord INTEGER NOT NULL, value BLOB NOT NULL, UNIQUE (kind, id));"
    "CREATE INDEX records_by_order ON records(kind, ord, id);",
};
#define MIGRATION_COUNT ((int)(sizeof migrations / sizeof migrations[0]))

int store_schema_latest(void) { return MIGRATION_COUNT; }

static eid_status status_of(int rc)
{
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
static eid_status exec_const(sqlite3 *db, const char *sql)
{
    while (sql != NULL && *sql != '\0') {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        int rc = sqlite3_prepare_v2(db, sql, -1, &st, &tail);
        if (rc != SQLITE_OK)
            return status_of(rc);
        if (st != NULL) {
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            }
            sqlite3_finalize(st);
            if (rc != SQLITE_DONE)
                return status_of(rc);
        }
        sql = tail;
    }
    return EID_OK;
}

/* First column of the first row as text into buf; *found = 0 when no row. */
static eid_status query_text(sqlite3 *db, const char *sql, char *buf, size_t cap, int *found)
{
    sqlite3_stmt *st = NULL;
    *found = 0;
    buf[0] = '\0';
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return status_of(rc);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(buf, cap, "%s", t ? (const char *)t : "");
        *found = 1;
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? EID_OK : status_of(rc);
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
static eid_status key_schema(sqlite3 *db, const char *schema, const uint8_t key[STORE_KEY_BYTES])
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
    int rc = sqlite3_key_v2(db, schema, text, (int)n);
    cry_memzero(text, n);
    cry_secure_free(text);
    return rc == SQLITE_OK ? EID_OK : EID_ERR_CRYPTO;
}

/* Applies a profile's settings to `schema` ("main" or an attached name). */
static eid_status apply_profile(sqlite3 *db, const char *schema, int profile)
{
    const profile_pragma *t = profile_table(profile);
    if (t == NULL)
        return EID_ERR_UNSUPPORTED_VERSION;
    for (; t->name != NULL; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "PRAGMA %s.%s = %s", schema, t->name, t->value);
        eid_status s = exec_const(db, sql);
        if (s != EID_OK)
            return s;
    }
    return EID_OK;
}

/* Reads the settings back. A pragma this SQLCipher does not know returns no
 * row; the value is then the one that version has fixed (3.x: SHA1). */
static eid_status read_settings(sqlite3 *db, store_settings *got)
{
    char buf[64];
    int found;
    eid_status s;
    memset(got, 0, sizeof *got);
    if ((s = query_text(db, "PRAGMA cipher_page_size", buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->page_size = found ? (uint32_t)strtoul(buf, NULL, 10) : 0;
    if ((s = query_text(db, "PRAGMA kdf_iter", buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->kdf_iter = found ? (uint32_t)strtoul(buf, NULL, 10) : 0;
    int fixed = store_cipher_major() < 4 ? STORE_HASH_SHA1 : 0;
    if ((s = query_text(db, "PRAGMA cipher_hmac_algorithm", buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->hmac_alg = (uint8_t)(found ? hash_alg_of(buf) : fixed);
    if ((s = query_text(db, "PRAGMA cipher_kdf_algorithm", buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->kdf_alg = (uint8_t)(found ? hash_alg_of(buf) : fixed);
    if ((s = query_text(db, "PRAGMA cipher_use_hmac", buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->use_hmac = (uint8_t)(found && strcmp(buf, "1") == 0);
    /* Unknown to SQLCipher 3 (no row): it has no plaintext header. */
    if ((s = query_text(db, "PRAGMA cipher_plaintext_header_size", buf, sizeof buf, &found)) != EID_OK)
        return s;
    got->plaintext_header = found ? (uint32_t)strtoul(buf, NULL, 10) : 0;
    return EID_OK;
}

static eid_status schema_version_of(sqlite3 *db, int *version)
{
    char buf[32];
    int found;
    eid_status s = query_text(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", buf,
                              sizeof buf, &found);
    if (s != EID_OK)
        return s;
    if (atoi(buf) == 0) {
        *version = 0;
        return EID_OK;
    }
    s = query_text(db, "SELECT value FROM meta WHERE name = 'schema_version'", buf, sizeof buf, &found);
    if (s != EID_OK)
        return s;
    if (!found)
        return EID_ERR_CORRUPT;
    *version = atoi(buf);
    return EID_OK;
}

static eid_status migrate(store_db *s)
{
    int version;
    eid_status st = schema_version_of(s->db, &version);
    if (st != EID_OK)
        return st;
    if (version > MIGRATION_COUNT)
        return EID_ERR_UNSUPPORTED_VERSION;
    while (version < MIGRATION_COUNT) {
        if ((st = exec_const(s->db, "BEGIN IMMEDIATE")) != EID_OK)
            return st;
        st = exec_const(s->db, migrations[version]);
        if (st == EID_OK) {
            sqlite3_stmt *up = NULL;
            int rc = sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(name, value) VALUES ('schema_version', ?1)",
                                        -1, &up, NULL);
            if (rc == SQLITE_OK) {
                sqlite3_bind_int(up, 1, version + 1);
                rc = sqlite3_step(up);
            }
            sqlite3_finalize(up);
            st = rc == SQLITE_DONE ? EID_OK : status_of(rc);
        }
        if (st == EID_OK)
            st = exec_const(s->db, "COMMIT");
        if (st != EID_OK) {
            exec_const(s->db, "ROLLBACK");
            return st;
        }
        version++;
    }
    s->schema_version = version;
    return EID_OK;
}

/* Creates an empty file of mode 0600 whatever the umask. SQLite gives its
 * -wal, -shm and -journal files the mode of the database file. */
static eid_status create_private(const char *path)
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
    if (create && (st = create_private(path)) != EID_OK)
        return st;

    store_db *s = mem_calloc(1, sizeof *s);
    if (s == NULL)
        return EID_ERR_NO_MEMORY;
    /* CREATE also when opening: ATTACH (store_export) inherits these flags.
     * Existence was checked above. */
    int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        st = rc == SQLITE_CANTOPEN ? EID_ERR_IO : status_of(rc);
        goto fail;
    }
    if ((st = key_schema(s->db, "main", key)) != EID_OK)
        goto fail;
    if ((st = apply_profile(s->db, "main", profile)) != EID_OK)
        goto fail;
    /* The first read decrypts page 1: a wrong key or a damaged file fails here. */
    char buf[32];
    int found;
    if ((st = query_text(s->db, "SELECT count(*) FROM sqlite_master", buf, sizeof buf, &found)) != EID_OK) {
        if (st == EID_ERR_IO)
            st = EID_ERR_CORRUPT;
        goto fail;
    }
    if ((st = read_settings(s->db, &s->settings)) != EID_OK)
        goto fail;
    s->settings.profile = (uint8_t)profile;
    if (s->settings.page_size != want.page_size || s->settings.kdf_iter != want.kdf_iter ||
        s->settings.hmac_alg != want.hmac_alg || s->settings.kdf_alg != want.kdf_alg ||
        s->settings.use_hmac != want.use_hmac || s->settings.plaintext_header != want.plaintext_header) {
        st = EID_ERR_UNSUPPORTED_VERSION;
        goto fail;
    }
    if ((st = query_text(s->db, "PRAGMA journal_mode = WAL", buf, sizeof buf, &found)) != EID_OK)
        goto fail;
    if (strcmp(buf, "wal") != 0) {
        st = EID_ERR_IO;
        goto fail;
    }
    if ((st = exec_const(s->db, "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;"
                                "PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON")) != EID_OK)
        goto fail;
    if ((st = query_text(s->db, "PRAGMA secure_delete", buf, sizeof buf, &found)) != EID_OK)
        goto fail;
    if (strcmp(buf, "1") != 0) {
        st = EID_ERR_INTERNAL;
        goto fail;
    }
    if ((st = migrate(s)) != EID_OK)
        goto fail;
    for (int i = 0; i < ST__N; i++) {
        rc = sqlite3_prepare_v2(s->db, stmt_sql[i], -1, &s->stmt[i], NULL);
        if (rc != SQLITE_OK) {
            st = status_of(rc);
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
    eid_status st = exec_const(s->db, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (st == EID_OK)
        st = query_text(s->db, "PRAGMA journal_mode = DELETE", buf, sizeof buf, &found);
    if (st == EID_OK && strcmp(buf, "delete") != 0)
        st = EID_ERR_IO;
    store_close(s);
    return st;
}

void store_settings_of(const store_db *s, store_settings *out) { *out = s->settings; }
int store_schema_version(const store_db *s) { return s->schema_version; }
int store_in_transaction(const store_db *s) { return s->in_txn; }

static eid_status step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? EID_OK : status_of(rc);
}

eid_status store_begin(store_db *s)
{
    if (s->in_txn)
        return EID_ERR_STATE;
    eid_status st = step_done(s->stmt[ST_BEGIN]);
    if (st == EID_OK)
        s->in_txn = 1;
    return st;
}

eid_status store_commit(store_db *s)
{
    if (!s->in_txn)
        return EID_ERR_STATE;
    eid_status st = step_done(s->stmt[ST_COMMIT]);
    if (st != EID_OK) {
        store_rollback(s);
        return st;
    }
    s->in_txn = 0;
    return EID_OK;
}

void store_rollback(store_db *s)
{
    if (s == NULL || !s->in_txn)
        return;
    if (sqlite3_get_autocommit(s->db) == 0)
        step_done(s->stmt[ST_ROLLBACK]);
    s->in_txn = 0;
}

static eid_status check_id(const uint8_t *id, size_t id_len)
{
    return (id == NULL || id_len == 0 || id_len > STORE_ID_MAX) ? EID_ERR_INVALID_ARG : EID_OK;
}

eid_status store_put(store_db *s, uint32_t kind, const uint8_t *id, size_t id_len, int64_t ord,
                     const uint8_t *value, size_t value_len)
{
    if (check_id(id, id_len) != EID_OK || (value == NULL && value_len > 0))
        return EID_ERR_INVALID_ARG;
    if (value_len > STORE_VALUE_MAX)
        return EID_ERR_TOO_LARGE;
    sqlite3_stmt *st = s->stmt[ST_PUT];
    static const uint8_t empty[1] = {0};
    sqlite3_bind_int64(st, 1, kind);
    sqlite3_bind_blob(st, 2, id, (int)id_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, ord);
    sqlite3_bind_blob(st, 4, value_len ? value : empty, (int)value_len, SQLITE_STATIC);
    return step_done(st);
}

eid_status store_get(store_db *s, uint32_t kind, const uint8_t *id, size_t id_len, eid_bytes *value,
                     int64_t *ord)
{
    if (check_id(id, id_len) != EID_OK || value == NULL)
        return EID_ERR_INVALID_ARG;
    value->data = NULL;
    value->len = 0;
    sqlite3_stmt *st = s->stmt[ST_GET];
    sqlite3_bind_int64(st, 1, kind);
    sqlite3_bind_blob(st, 2, id, (int)id_len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    eid_status res;
    if (rc == SQLITE_ROW) {
        int n = sqlite3_column_bytes(st, 0);
        const void *p = sqlite3_column_blob(st, 0);
        value->data = mem_alloc(n > 0 ? (size_t)n : 1);
        if (value->data == NULL) {
            res = EID_ERR_NO_MEMORY;
        } else {
            if (n > 0)
                memcpy(value->data, p, (size_t)n);
            value->len = (size_t)n;
            if (ord != NULL)
                *ord = sqlite3_column_int64(st, 1);
            res = EID_OK;
        }
    } else {
        res = rc == SQLITE_DONE ? EID_ERR_NOT_FOUND : status_of(rc);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return res;
}

eid_status store_delete(store_db *s, uint32_t kind, const uint8_t *id, size_t id_len)
{
    if (check_id(id, id_len) != EID_OK)
        return EID_ERR_INVALID_ARG;
    sqlite3_stmt *st = s->stmt[ST_DELETE];
    sqlite3_bind_int64(st, 1, kind);
    sqlite3_bind_blob(st, 2, id, (int)id_len, SQLITE_STATIC);
    eid_status res = step_done(st);
    if (res == EID_OK && sqlite3_changes(s->db) == 0)
        res = EID_ERR_NOT_FOUND;
    return res;
}

eid_status store_delete_kind(store_db *s, uint32_t kind, uint64_t *deleted)
{
    sqlite3_stmt *st = s->stmt[ST_DELETE_KIND];
    sqlite3_bind_int64(st, 1, kind);
    eid_status res = step_done(st);
    if (deleted != NULL)
        *deleted = res == EID_OK ? (uint64_t)sqlite3_changes(s->db) : 0;
    return res;
}

eid_status store_count(store_db *s, uint32_t kind, uint64_t *count)
{
    sqlite3_stmt *st = s->stmt[ST_COUNT];
    sqlite3_bind_int64(st, 1, kind);
    int rc = sqlite3_step(st);
    eid_status res = rc == SQLITE_ROW ? EID_OK : status_of(rc);
    if (rc == SQLITE_ROW)
        *count = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return res;
}

eid_status store_list(store_db *s, uint32_t kind, store_visit_fn fn, void *ctx)
{
    if (fn == NULL)
        return EID_ERR_INVALID_ARG;
    /* A fresh statement, so that fn may call other store functions. */
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, stmt_sql[ST_LIST], -1, &st, NULL);
    if (rc != SQLITE_OK)
        return status_of(rc);
    sqlite3_bind_int64(st, 1, kind);
    eid_status res = EID_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        res = fn(ctx, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), sqlite3_column_int64(st, 1),
                 sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2));
        if (res != EID_OK)
            break;
    }
    if (res == EID_OK && rc != SQLITE_DONE)
        res = status_of(rc);
    sqlite3_finalize(st);
    return res;
}

eid_status store_integrity_check(store_db *s)
{
    char buf[64];
    int found;
    eid_status st = query_text(s->db, "PRAGMA integrity_check", buf, sizeof buf, &found);
    if (st != EID_OK)
        return st;
    return found && strcmp(buf, "ok") == 0 ? EID_OK : EID_ERR_CORRUPT;
}

eid_status store_checkpoint_truncate(store_db *s)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return status_of(rc);
    rc = sqlite3_step(st);
    /* Row: busy, log frames, checkpointed frames. busy != 0 means it could not finish. */
    eid_status res = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 0 ? EID_OK : EID_ERR_IO;
    sqlite3_finalize(st);
    return res;
}

static eid_status fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return EID_ERR_IO;
    int rc = store_fsync_hook(fd);
    close(fd);
    return rc == 0 ? EID_OK : EID_ERR_IO;
}

eid_status store_export(store_db *s, const char *path, const uint8_t key[STORE_KEY_BYTES])
{
    if (s->in_txn)
        return EID_ERR_STATE;
    eid_status made = create_private(path);
    if (made != EID_OK)
        return made;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "ATTACH DATABASE ?1 AS rekeyed", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        unlink(path);
        return status_of(rc);
    }
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        unlink(path);
        return status_of(rc);
    }
    /* ATTACH without KEY takes the main key; re-key the new file before its
     * first page is written, then give it the same settings. */
    eid_status res = key_schema(s->db, "rekeyed", key);
    if (res == EID_OK)
        res = apply_profile(s->db, "rekeyed", s->settings.profile);
    if (res == EID_OK)
        res = exec_const(s->db, "SELECT sqlcipher_export('rekeyed')");
    eid_status det = exec_const(s->db, "DETACH DATABASE rekeyed");
    if (res == EID_OK)
        res = det;
    if (res == EID_OK)
        res = fsync_path(path);
    if (res != EID_OK)
        unlink(path);
    return res;
}
