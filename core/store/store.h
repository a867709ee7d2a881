/* SPDX-License-Identifier: Apache-2.0 */
/* core/store: the only module that calls SQLCipher.
 *
 * An store_db is one encrypted SQLite database opened with a raw 256-bit key
 * (SQLCipher's x'<64 hex>' form, built in secure memory and handed over with
 * sqlite3_key_v2, never through SQL). Cipher settings are set explicitly from
 * a profile and read back after opening; the schema carries a version number
 * and migrates forward. Every statement is prepared; every mutating call is
 * one transaction unless the caller groups several inside store_begin() /
 * store_commit().
 *
 * Thread safety: one thread at a time per store_db. */
#ifndef EID_CORE_STORE_H
#define EID_CORE_STORE_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

#define STORE_KEY_BYTES 32
/* The throwaway database store_open() writes beside a database that does not
 * decrypt, to tell a damaged file from a failing cipher; removed at once. */
#define STORE_CHECK_SUFFIX "-check"
#define STORE_ID_MAX 255                /* bytes of a record id */
#define STORE_VALUE_MAX (1u << 24)      /* bytes of a record value */
#define STORE_BUSY_TIMEOUT_MS 10000     /* how long a handle waits for another one's write lock */

/* Cipher settings profiles. The number is recorded in the vault header. */
typedef enum store_profile_id {
    /* Both: per-page HMAC on, no plaintext header. */
    STORE_PROFILE_SQLCIPHER3 = 1, /* AES-256-CBC, 4096-byte pages, HMAC-SHA1, PBKDF2-HMAC-SHA1 subkeys */
    STORE_PROFILE_SQLCIPHER4 = 2  /* AES-256-CBC, 4096-byte pages, HMAC-SHA512, PBKDF2-HMAC-SHA512 subkeys */
} store_profile_id;

typedef enum store_hash_alg { STORE_HASH_SHA1 = 1, STORE_HASH_SHA256 = 2, STORE_HASH_SHA512 = 3 } store_hash_alg;

typedef struct store_settings {
    uint8_t profile;      /* store_profile_id */
    uint8_t hmac_alg;     /* store_hash_alg of the per-page HMAC */
    uint8_t kdf_alg;      /* store_hash_alg of PBKDF2 (with a raw key it only derives the HMAC subkey) */
    uint32_t page_size;
    uint32_t kdf_iter;    /* unused with a raw key for the cipher key; set so both versions agree */
    uint8_t use_hmac;     /* 1: every page carries an HMAC (always 1; read back, never assumed) */
    uint32_t plaintext_header; /* bytes of page 1 left unencrypted (always 0; not in the vault header) */
} store_settings;

/* The settings of a profile; EID_ERR_UNSUPPORTED_VERSION for an unknown one. */
eid_status store_profile_settings(int profile, store_settings *out);
/* The profile new databases get with the SQLCipher this library is linked with. */
int store_native_profile(void);
/* SQLCipher's major version as linked (3 on Debian hosts, 4 on phones). */
int store_cipher_major(void);
/* Writes the i-th statement (0-based) that applies `profile` after keying
 * into buf; 0 past the last one (or when buf is too small). Exposed so the
 * SQLCipher 4 cross-check runs exactly these. */
int store_profile_pragma(int profile, size_t i, char *buf, size_t cap);

typedef struct store_db store_db;

/* Once per process, before anything else touches SQLite: installs SQLite's
 * zero-on-free allocator and initialises SQLite. eid_init() and every store
 * entry point call it; thread-safe. */
void store_global_init(void);
/* 1 when SQLite's freed memory is zeroed (the allocator could be installed:
 * nothing in the process had initialised SQLite before libeid did). */
int store_memory_zeroed(void);

/* Opens (create != 0: creates with mode 0600 whatever the umask, failing with
 * EID_ERR_EXISTS if the file is there) the database at `path` with `key` and
 * the settings of `profile`, checks every setting read back (page size,
 * kdf_iter, HMAC and KDF algorithms, per-page HMAC on, no plaintext header),
 * sets WAL, secure_delete, temp_store=MEMORY and synchronous=FULL, and
 * migrates the schema forward. -wal, -shm and -journal files take the
 * database file's mode.
 * @return EID_OK; EID_ERR_CORRUPT when the key does not open the file (wrong
 *         key or damaged file: opened twice, and only once the cipher was seen
 *         to write and read back a throwaway database beside it);
 *         EID_ERR_CRYPTO (the cipher fails on its own throwaway database: the
 *         crypto library, not the file); EID_ERR_UNSUPPORTED_VERSION when the linked
 *         SQLCipher cannot apply the profile (a setting reads back other than
 *         set) or the schema is newer than this library; EID_ERR_NOT_FOUND
 *         (no file, create == 0); EID_ERR_IO. */
eid_status store_open(const char *path, const uint8_t key[STORE_KEY_BYTES], int profile, int create,
                      store_db **out);
/* Closes; accepts NULL. Rolls back an open transaction. */
void store_close(store_db *s);

/* The settings read back from the open database. */
void store_settings_of(const store_db *s, store_settings *out);
/* The schema version of the open database. */
int store_schema_version(const store_db *s);
/* The newest schema version this library knows. */
int store_schema_latest(void);

/* Groups the following calls into one transaction (no nesting). */
eid_status store_begin(store_db *s);
eid_status store_commit(store_db *s);
void store_rollback(store_db *s);
int store_in_transaction(const store_db *s);

/* Records: (kind, id) -> value, with an integer `ord` for ordering (e.g. a time). */
eid_status store_put(store_db *s, uint32_t kind, const uint8_t *id, size_t id_len, int64_t ord,
                     const uint8_t *value, size_t value_len);
/* EID_ERR_NOT_FOUND when absent. value is caller-owned (eid_bytes_free). ord may be NULL. */
eid_status store_get(store_db *s, uint32_t kind, const uint8_t *id, size_t id_len, eid_bytes *value,
                     int64_t *ord);
/* EID_ERR_NOT_FOUND when absent. */
eid_status store_delete(store_db *s, uint32_t kind, const uint8_t *id, size_t id_len);
/* Deletes every record of `kind`; *deleted (may be NULL) gets the count. */
eid_status store_delete_kind(store_db *s, uint32_t kind, uint64_t *deleted);
eid_status store_count(store_db *s, uint32_t kind, uint64_t *count);

/* Visits the records of `kind` by ascending ord, then id. A non-EID_OK return
 * from fn stops the walk and is returned. The pointers live during the call only. */
typedef eid_status (*store_visit_fn)(void *ctx, const uint8_t *id, size_t id_len, int64_t ord,
                                     const uint8_t *value, size_t value_len);
eid_status store_list(store_db *s, uint32_t kind, store_visit_fn fn, void *ctx);

/* PRAGMA integrity_check: EID_OK or EID_ERR_CORRUPT. */
eid_status store_integrity_check(store_db *s);
/* Moves the WAL into the database and truncates it to zero bytes. */
eid_status store_checkpoint_truncate(store_db *s);

/* Writes a copy of the whole database to `path` (which must not exist; it is
 * created 0600), encrypted with `key` under the same settings, and fsyncs it. */
eid_status store_export(store_db *s, const char *path, const uint8_t key[STORE_KEY_BYTES]);
/* Checkpoints, leaves WAL mode so that no -wal file remains, and closes. */
eid_status store_close_clean(store_db *s);

/* Test shim: every fsync the vault and store modules issue on their own files
 * goes through this pointer (fsync by default). SQLite's own syncs do not. */
extern int (*store_fsync_hook)(int fd);

#endif
