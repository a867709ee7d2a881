/* SPDX-License-Identifier: Apache-2.0 */
/* core/store's own pieces, shared by its files and by nothing else: the
 * handle and its prepared statements, the SQL helpers, keying and profiles
 * applied to a schema, the private file and the migrations. core/vault uses
 * store/store.h. This header is the only place that includes SQLCipher's. */
#ifndef EID_CORE_STORE_INTERNAL_H
#define EID_CORE_STORE_INTERNAL_H
#define SQLITE_HAS_CODEC 1
#include <stddef.h>
#include <stdint.h>
#include <sqlcipher/sqlite3.h>

#include "store/store.h"

enum { ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_PUT, ST_GET, ST_DELETE, ST_DELETE_KIND, ST_COUNT, ST_LIST, ST__N };

/* The SQL of each prepared statement (store_records.c). */
extern const char *const store_stmt_sql[ST__N];

struct store_db {
    sqlite3 *db;
    sqlite3_stmt *stmt[ST__N];
    store_settings settings;
    int schema_version;
    int in_txn;
};

/* store.c */
/* Keys a throwaway in-memory database so that SQLCipher sets up its crypto
 * provider, and learns SQLCipher's version: once, from store_global_init(). */
void store_warm_up(void);
/* SQLite result code to status. */
eid_status store_status_of(int rc);
/* Runs constant SQL (no data in it), statement by statement. */
eid_status store_exec_const(sqlite3 *db, const char *sql);
/* First column of the first row as text into buf; *found = 0 when no row. */
eid_status store_query_text(sqlite3 *db, const char *sql, char *buf, size_t cap, int *found);
/* sqlite3_step() for a statement that reads. SQLCipher reports a page its
 * crypto library failed to decrypt (out of memory inside OpenSSL) as a
 * corrupt one: a first step that finds "corrupt" is run once more before the
 * answer stands (a damaged page fails both times). */
int store_step_read(sqlite3_stmt *st);
/* Keys schema `schema` with the raw-key text x'<hex>' built in secure memory. */
eid_status store_key_schema(sqlite3 *db, const char *schema, const uint8_t key[STORE_KEY_BYTES]);
/* Applies a profile's settings to `schema` ("main" or an attached name). */
eid_status store_apply_profile(sqlite3 *db, const char *schema, int profile);
/* Creates an empty file of mode 0600 whatever the umask. */
eid_status store_create_private(const char *path);

/* store_records.c */
/* Migrates the schema forward to the newest version; sets s->schema_version. */
eid_status store_migrate(store_db *s);

#endif
