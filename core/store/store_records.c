/* SPDX-License-Identifier: Apache-2.0 */
/* core/store: schema versions and migrations, transactions and records.
 * See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "store/store_internal.h"

const char *const store_stmt_sql[ST__N] = {
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

static eid_status schema_version_of(sqlite3 *db, int *version)
{
    char buf[32];
    int found;
    eid_status s = store_query_text(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", buf,
                              sizeof buf, &found);
    if (s != EID_OK)
        return s;
    if (atoi(buf) == 0) {
        *version = 0;
        return EID_OK;
    }
    s = store_query_text(db, "SELECT value FROM meta WHERE name = 'schema_version'", buf, sizeof buf, &found);
    if (s != EID_OK)
        return s;
    if (!found)
        return EID_ERR_CORRUPT;
    *version = atoi(buf);
    return EID_OK;
}

eid_status store_migrate(store_db *s)
{
    int version;
    eid_status st = schema_version_of(s->db, &version);
    if (st != EID_OK)
        return st;
    if (version > MIGRATION_COUNT)
        return EID_ERR_UNSUPPORTED_VERSION;
    while (version < MIGRATION_COUNT) {
        if ((st = store_exec_const(s->db, "BEGIN IMMEDIATE")) != EID_OK)
            return st;
        st = store_exec_const(s->db, migrations[version]);
        if (st == EID_OK) {
            sqlite3_stmt *up = NULL;
            int rc = sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(name, value) VALUES ('schema_version', ?1)",
                                        -1, &up, NULL);
            if (rc == SQLITE_OK) {
                sqlite3_bind_int(up, 1, version + 1);
                rc = sqlite3_step(up);
            }
            sqlite3_finalize(up);
            st = rc == SQLITE_DONE ? EID_OK : store_status_of(rc);
        }
        if (st == EID_OK)
            st = store_exec_const(s->db, "COMMIT");
        if (st != EID_OK) {
            store_exec_const(s->db, "ROLLBACK");
            return st;
        }
        version++;
    }
    s->schema_version = version;
    return EID_OK;
}

int store_schema_version(const store_db *s) { return s->schema_version; }
int store_in_transaction(const store_db *s) { return s->in_txn; }

static eid_status step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? EID_OK : store_status_of(rc);
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
    int rc = store_step_read(st);
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
        res = rc == SQLITE_DONE ? EID_ERR_NOT_FOUND : store_status_of(rc);
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
    int rc = store_step_read(st);
    eid_status res = rc == SQLITE_ROW ? EID_OK : store_status_of(rc);
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
    int rc = sqlite3_prepare_v2(s->db, store_stmt_sql[ST_LIST], -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_status_of(rc);
    sqlite3_bind_int64(st, 1, kind);
    eid_status res = EID_OK;
    for (rc = store_step_read(st); rc == SQLITE_ROW; rc = sqlite3_step(st)) {
        res = fn(ctx, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), sqlite3_column_int64(st, 1),
                 sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2));
        if (res != EID_OK)
            break;
    }
    if (res == EID_OK && rc != SQLITE_DONE)
        res = store_status_of(rc);
    sqlite3_finalize(st);
    return res;
}

eid_status store_integrity_check(store_db *s)
{
    char buf[64];
    int found;
    eid_status st = store_query_text(s->db, "PRAGMA integrity_check", buf, sizeof buf, &found);
    if (st != EID_OK)
        return st;
    return found && strcmp(buf, "ok") == 0 ? EID_OK : EID_ERR_CORRUPT;
}

eid_status store_checkpoint_truncate(store_db *s)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_status_of(rc);
    rc = sqlite3_step(st);
    /* Row: busy, log frames, checkpointed frames. busy != 0 means it could not finish. */
    eid_status res = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 0 ? EID_OK : EID_ERR_IO;
    sqlite3_finalize(st);
    return res;
}
