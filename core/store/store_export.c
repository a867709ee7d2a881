/* SPDX-License-Identifier: Apache-2.0 */
/* core/store: a copy of the database under a new key, for rekeying. See
 * store.h. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <unistd.h>

#include "store/store_internal.h"

int (*store_fsync_hook)(int fd) = fsync;

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
    eid_status made = store_create_private(path);
    if (made != EID_OK)
        return made;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "ATTACH DATABASE ?1 AS rekeyed", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        unlink(path);
        return store_status_of(rc);
    }
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        unlink(path);
        return store_status_of(rc);
    }
    /* ATTACH without KEY takes the main key; re-key the new file before its
     * first page is written, then give it the same settings. */
    eid_status res = store_key_schema(s->db, "rekeyed", key);
    if (res == EID_OK)
        res = store_apply_profile(s->db, "rekeyed", s->settings.profile);
    if (res == EID_OK)
        res = store_exec_const(s->db, "SELECT sqlcipher_export('rekeyed')");
    eid_status det = store_exec_const(s->db, "DETACH DATABASE rekeyed");
    if (res == EID_OK)
        res = det;
    if (res == EID_OK)
        res = fsync_path(path);
    if (res != EID_OK)
        unlink(path);
    return res;
}
