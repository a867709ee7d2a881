/* SPDX-License-Identifier: Apache-2.0 */
/* The vault handle's own machinery (vault/vault_internal.h): its clocks, its
 * keystore calls, the directory lock and the header read and written under
 * it, the keys it holds, and the wipe.
 *
 * Every header write happens under an exclusive lock on vault.lock, on the
 * header re-read from disk: two handles on one directory (in one process or
 * two) decide each attempt on the latest durable counter, and no handle
 * writes a header older than the one on disk. */
#if defined(__APPLE__)
#define _DARWIN_C_SOURCE 1
#endif
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "vault/vault_internal.h"

/* ---- small helpers ------------------------------------------------------- */

/* What a wiped handle answers. */
eid_status vault_gone(const eid_vault *v)
{
    (void)v;
    return EID_ERR_WIPED;
}

eid_status vault_fail(eid_vault *v, eid_status st, const char *what)
{
    snprintf(v->last_error, sizeof v->last_error, "%s: %s", what, eid_status_name(st));
    log_emit(&v->opts.logger, st == EID_ERR_WRONG_PASSCODE ? EID_LOG_INFO : EID_LOG_WARN, "vault: %s failed (%s)",
             what, eid_status_name(st));
    return st;
}

int64_t vault_now(const eid_vault *v)
{
    return v->opts.clock ? v->opts.clock(v->opts.clock_ctx) : eid_system_clock(NULL);
}

/* Seconds since boot, counting sleep: a clock the user cannot set. Linux and
 * Android: CLOCK_BOOTTIME; elsewhere CLOCK_MONOTONIC (Apple's counts sleep;
 * one that does not only makes waits longer). */
int64_t vault_elapsed_now(const eid_vault *v)
{
    if (v->opts.elapsed_clock != NULL)
        return v->opts.elapsed_clock(v->opts.elapsed_clock_ctx);
    struct timespec ts;
#ifdef CLOCK_BOOTTIME
    if (clock_gettime(CLOCK_BOOTTIME, &ts) == 0)
        return (int64_t)ts.tv_sec;
#endif
    if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
        return (int64_t)ts.tv_sec;
    return 0;
}

void vault_secure_drop(uint8_t **p, size_t n)
{
    if (*p != NULL) {
        cry_memzero(*p, n);
        cry_secure_free(*p);
        *p = NULL;
    }
}

/* ---- the keystore --------------------------------------------------------- */

/* Keystore statuses pass through; anything undocumented becomes EID_ERR_KEYSTORE. */
eid_status vault_keystore_status(eid_status st)
{
    switch (st) {
    case EID_OK:
    case EID_ERR_KEYSTORE_CANCELLED:
    case EID_ERR_KEY_INVALIDATED:
    case EID_ERR_NO_MEMORY:
        return st;
    default:
        return EID_ERR_KEYSTORE;
    }
}

eid_status vault_prf(eid_vault *v, const uint8_t in[PRF_BYTES], uint8_t out[PRF_BYTES])
{
    eid_status st = vault_keystore_status(v->ks.prf(v->ks.ctx, v->alias, in, out));
    if (st != EID_OK)
        cry_memzero(out, PRF_BYTES);
    return st;
}

/* The keystore's PRF of a fixed input bound to this vault and a purpose. */
eid_status vault_prf_fixed(eid_vault *v, const char *purpose, uint8_t out[PRF_BYTES])
{
    uint8_t msg[64], in[PRF_BYTES];
    size_t n = strlen(purpose) + 1;
    memcpy(msg, purpose, n);
    memcpy(msg + n, v->hdr.vault_id, VAULT_ID_BYTES);
    cry_hash(in, sizeof in, msg, n + VAULT_ID_BYTES);
    return vault_prf(v, in, out);
}

/* ---- the header on disk, under the directory lock ------------------------ */

eid_status vault_dir_lock(eid_vault *v)
{
    int fd = open(v->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return EID_ERR_IO;
    if (fchmod(fd, 0600) != 0) {
        close(fd);
        return EID_ERR_IO;
    }
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            close(fd);
            return EID_ERR_IO;
        }
    }
    v->lock_fd = fd;
    return EID_OK;
}

void vault_dir_unlock(eid_vault *v)
{
    if (v->lock_fd >= 0) {
        flock(v->lock_fd, LOCK_UN);
        close(v->lock_fd);
        v->lock_fd = -1;
    }
}

/* Reads, parses and authenticates the header on disk. EID_ERR_NOT_FOUND when
 * there is none (wiped); EID_ERR_CORRUPT when it is not this vault's, does
 * not authenticate, or is older than the one this handle last saw. */
eid_status vault_read_latest(const eid_vault *v, vault_header *h)
{
    uint8_t buf[VAULT_HEADER_MAX];
    size_t len = 0;
    eid_status st = vault_read_file(v->hdr_path, buf, sizeof buf, &len);
    if (st == EID_OK)
        st = vault_header_parse(buf, len, h);
    if (st == EID_OK && memcmp(h->vault_id, v->hdr.vault_id, VAULT_ID_BYTES) != 0)
        st = EID_ERR_CORRUPT;
    if (st == EID_OK)
        st = vault_header_verify(buf, len, v->auth_key);
    if (st == EID_OK && h->sequence < v->hdr.sequence)
        st = EID_ERR_CORRUPT;
    return st;
}

/* Adopts the header on disk (the caller holds the lock). A vault that another
 * handle wiped is wiped for this handle too. */
eid_status vault_refresh(eid_vault *v)
{
    vault_header h;
    eid_status st = vault_read_latest(v, &h);
    if (st == EID_ERR_NOT_FOUND) {
        unlink(v->lock_path); /* vault_dir_lock() may have made it anew after the wipe */
        store_close(v->store);
        v->store = NULL;
        vault_drop_keys(v);
        vault_secure_drop(&v->auth_key, VAULT_AUTH_KEY_BYTES);
        v->wiped = 1;
        return EID_ERR_WIPED;
    }
    if (st == EID_OK)
        v->hdr = h;
    return st;
}

/* Writes h as the next header: only under the lock, and only over the header
 * this handle last saw (sequence check), so nothing older ever replaces a
 * newer header. */
eid_status vault_write_header(eid_vault *v, const vault_header *h)
{
    if (v->lock_fd < 0)
        return EID_ERR_INTERNAL;
    vault_header disk;
    eid_status st = vault_read_latest(v, &disk);
    if (st == EID_ERR_NOT_FOUND && v->hdr.sequence == 0)
        st = EID_OK; /* the first write of eid_vault_create() */
    else if (st == EID_OK && disk.sequence != v->hdr.sequence)
        st = EID_ERR_STATE;
    if (st != EID_OK)
        return st;
    uint8_t buf[VAULT_HEADER_MAX];
    size_t len;
    vault_header next = *h;
    next.sequence = v->hdr.sequence + 1;
    st = vault_header_encode(&next, v->auth_key, buf, sizeof buf, &len);
    if (st == EID_OK)
        st = vault_write_file(v->dir, v->hdr_path, v->hdr_tmp, buf, len);
    if (st == EID_OK)
        v->hdr = next;
    else if (vault_read_latest(v, &disk) == EID_OK && disk.sequence == next.sequence)
        v->hdr = disk; /* renamed into place, its folder not synced: the header
                        * is in doubt, and this handle follows the disk */
    return st;
}

/* ---- keys, files, wipe ------------------------------------------------------ */

void vault_drop_keys(eid_vault *v)
{
    vault_secure_drop(&v->db_key, DB_KEY_BYTES);
    vault_secure_drop(&v->slot_key, SLOT_KEY_BYTES);
    vault_secure_drop(&v->holder_sk, CRY_SIGN_SECRET_BYTES);
    memset(v->holder_pk, 0, sizeof v->holder_pk);
}

eid_status vault_need_unlocked(const eid_vault *v)
{
    if (v == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return vault_gone(v);
    return v->store != NULL ? EID_OK : EID_ERR_LOCKED;
}

void vault_remove_db_files(const eid_vault *v)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal", STORE_CHECK_SUFFIX};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s%s", v->db_path, suffix[i]);
        unlink(path);
    }
}

eid_status vault_unlink_if_there(const char *path)
{
    return unlink(path) == 0 || errno == ENOENT ? EID_OK : EID_ERR_IO;
}

eid_status vault_wipe_locked(eid_vault *v, int forced)
{
    store_close(v->store);
    v->store = NULL;
    vault_drop_keys(v);
    eid_status st = vault_keystore_status(v->ks.delete_key(v->ks.ctx, v->alias));
    if (st != EID_OK && !forced)
        return st;
    vault_remove_db_files(v);
    unlink(v->db_new);
    unlink(v->hdr_tmp);
    eid_status fst = vault_unlink_if_there(v->hdr_path);
    unlink(v->lock_path); /* a handle waiting on it finds no header and reports the wipe */
    if (fst == EID_OK)
        fst = vault_fsync_dir(v->dir);
    vault_secure_drop(&v->auth_key, VAULT_AUTH_KEY_BYTES);
    v->wiped = 1;
    log_emit(&v->opts.logger, EID_LOG_WARN, "vault: wiped");
    return st != EID_OK ? st : fst;
}
