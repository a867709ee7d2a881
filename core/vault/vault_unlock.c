/* SPDX-License-Identifier: Apache-2.0 */
/* Unlocking: passcode attempts counted durably before the keystore sees
 * anything derived from the passcode, the lockout that grows with failures
 * on a clock the user cannot set, the wipe at the limit, and the finishing
 * of a rekey that a crash interrupted. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "vault/vault_internal.h"

/* ---- lockout -------------------------------------------------------------- */

static int64_t wait_after(const eid_vault *v, uint32_t failed)
{
    const eid_vault_options *o = &v->opts;
    if (o->backoff_after == 0 || failed < o->backoff_after)
        return 0;
    int64_t w = o->backoff_base_seconds;
    for (uint32_t k = failed - o->backoff_after; k > 0 && w < o->backoff_max_seconds; k--)
        w *= 2;
    return w > o->backoff_max_seconds ? o->backoff_max_seconds : w;
}

/* The wait runs on the elapsed clock, which the user cannot set. If it reads
 * less than at the last failure, the device restarted since: the time since
 * boot is then the only safe lower bound on the time since the failure. */
static int64_t remaining_wait(const eid_vault *v, const vault_header *h)
{
    int64_t w = wait_after(v, h->failed);
    if (w == 0)
        return 0;
    int64_t now = vault_elapsed_now(v);
    if (now < 0)
        now = 0;
    int64_t since = (h->last_failure < 0 || now < h->last_failure) ? now : now - h->last_failure;
    return since >= w ? 0 : w - since;
}

/* The latest durable header, for the read-only queries: the one on disk when
 * it authenticates, else the one this handle holds. */
static eid_status peek(const eid_vault *v, vault_header *h)
{
    eid_status st = vault_read_latest(v, h);
    if (st == EID_ERR_NOT_FOUND)
        return EID_ERR_WIPED;
    if (st != EID_OK)
        *h = v->hdr;
    return EID_OK;
}

eid_status eid_vault_retry_after(const eid_vault *v, int64_t *seconds)
{
    if (v == NULL || seconds == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return vault_gone(v);
    vault_header h;
    eid_status st = peek(v, &h);
    if (st == EID_OK)
        *seconds = remaining_wait(v, &h);
    return st;
}

eid_status eid_vault_failed_attempts(const eid_vault *v, uint32_t *count)
{
    if (v == NULL || count == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return vault_gone(v);
    vault_header h;
    eid_status st = peek(v, &h);
    if (st == EID_OK)
        *count = h.failed;
    return st;
}

/* One passcode attempt against the active slot of the latest header; the
 * caller holds the directory lock. The attempt is counted durably before the
 * keystore sees anything derived from the passcode, so that a process killed
 * during the check has used up a guess. Then, before anything else:
 *   - the passcode was found wrong: the count stays (and wipes at the limit);
 *   - the passcode was found right: the count returns to 0;
 *   - it was never checked (out of memory in Argon2id or for a key, a
 *     keystore failure or cancelled prompt): the attempt is given back.
 * So only passcodes checked and found wrong count towards a wipe. On success
 * *db_key and *slot_key (secure memory, caller frees) are set. */
eid_status vault_attempt(eid_vault *v, const char *passcode, uint8_t **db_key, uint8_t **slot_key)
{
    *db_key = *slot_key = NULL;
    if (strnlen(passcode, EID_VAULT_PASSCODE_MAX + 1) > EID_VAULT_PASSCODE_MAX)
        return EID_ERR_INVALID_ARG;
    eid_status st = vault_refresh(v);
    if (st != EID_OK)
        return st;
    if (v->opts.wipe_after != 0 && v->hdr.failed >= v->opts.wipe_after) {
        /* The limit was reached by an attempt whose process died before it
         * could wipe. */
        vault_wipe_locked(v, 1);
        return EID_ERR_WIPED;
    }
    if (remaining_wait(v, &v->hdr) > 0)
        return EID_ERR_LOCKED_OUT;
    const vault_slot s = v->hdr.slot[vault_active_index(&v->hdr)];
    *db_key = cry_secure_alloc(DB_KEY_BYTES);
    *slot_key = cry_secure_alloc(SLOT_KEY_BYTES);
    st = (*db_key && *slot_key) ? EID_OK : EID_ERR_NO_MEMORY;
    vault_header before = v->hdr;
    if (st == EID_OK) {
        vault_header h = v->hdr;
        h.failed++;
        h.last_failure = vault_elapsed_now(v);
        st = vault_write_header(v, &h);
        if (st != EID_OK && v->hdr.failed != before.failed) {
            /* The count landed although the write failed (its folder was
             * not synced): the passcode was never checked, so give it back. */
            vault_header back = v->hdr;
            back.failed = before.failed;
            back.last_failure = before.last_failure;
            (void)vault_write_header(v, &back);
        } else if (st == EID_OK) {
            st = vault_derive_slot_key(v, passcode, &s, *slot_key);
            if (st == EID_OK)
                st = vault_slot_open(&v->hdr, &s, *slot_key, *db_key);
            if (st != EID_ERR_WRONG_PASSCODE) {
                /* Right (the count returns to 0) or never checked (the attempt
                 * is given back). Should this write fail, the right passcode
                 * still unlocks: the unlock's own header write resets the
                 * count, and reports the failure if it cannot. */
                vault_header back = v->hdr;
                back.failed = st == EID_OK ? 0 : before.failed;
                back.last_failure = st == EID_OK ? 0 : before.last_failure;
                (void)vault_write_header(v, &back);
            }
        }
    }
    if (st != EID_OK) {
        vault_secure_drop(db_key, DB_KEY_BYTES);
        vault_secure_drop(slot_key, SLOT_KEY_BYTES);
        if (st == EID_ERR_WRONG_PASSCODE && v->opts.wipe_after != 0 && v->hdr.failed >= v->opts.wipe_after) {
            vault_wipe_locked(v, 1);
            st = EID_ERR_WIPED;
        }
    }
    return st;
}

void vault_reset_counter(eid_vault *v)
{
    if (v->wiped || vault_refresh(v) != EID_OK || v->hdr.failed == 0)
        return;
    vault_header reset = v->hdr;
    reset.failed = 0;
    reset.last_failure = 0;
    vault_write_header(v, &reset);
}

/* ---- unlock ----------------------------------------------------------------- */

static eid_status unlock_locked(eid_vault *v, const char *passcode)
{
    uint8_t *db_key, *slot_key;
    eid_status st = vault_attempt(v, passcode, &db_key, &slot_key);
    if (st != EID_OK)
        return st;

    vault_header h = v->hdr;
    h.failed = 0;
    h.last_failure = 0;
    int a = vault_active_index(&h), p = 1 - a;
    st = store_open(v->db_path, db_key, h.store.profile, 0, &v->store);
    if (st == EID_ERR_CORRUPT && h.slot[p].state == SLOT_PENDING) {
        /* A rekey renamed the new database into place but did not promote
         * its key: the pending slot opens it (same passcode; the same salt,
         * so the same slot key, unless the parameters differ). */
        if (h.slot[p].ops != h.slot[a].ops || h.slot[p].mem != h.slot[a].mem ||
            memcmp(h.slot[p].salt, h.slot[a].salt, VAULT_SALT_BYTES) != 0)
            st = vault_derive_slot_key(v, passcode, &h.slot[p], slot_key);
        else
            st = EID_OK;
        if (st == EID_OK)
            st = vault_slot_open(&h, &h.slot[p], slot_key, db_key);
        if (st == EID_ERR_WRONG_PASSCODE)
            st = EID_ERR_CORRUPT;
        if (st == EID_OK)
            st = store_open(v->db_path, db_key, h.store.profile, 0, &v->store);
        if (st == EID_OK) {
            h.slot[a] = h.slot[p];
            h.slot[a].state = SLOT_ACTIVE;
            memset(&h.slot[p], 0, sizeof h.slot[p]);
        }
    } else if (st == EID_OK && h.slot[p].state == SLOT_PENDING) {
        /* The rekey never replaced the database: forget its key. */
        memset(&h.slot[p], 0, sizeof h.slot[p]);
    }
    if (st == EID_OK) {
        unlink(v->db_new);
        vault_slot *s = &h.slot[a];
        if (v->opts.argon2_ops > s->ops || v->opts.argon2_mem_bytes > s->mem) {
            /* The defaults rose since this passcode was sealed. */
            s->ops = v->opts.argon2_ops > s->ops ? v->opts.argon2_ops : s->ops;
            s->mem = v->opts.argon2_mem_bytes > s->mem ? v->opts.argon2_mem_bytes : s->mem;
            cry_random(s->salt, VAULT_SALT_BYTES);
            st = vault_derive_slot_key(v, passcode, s, slot_key);
            if (st == EID_OK)
                st = vault_seal_slot(v, s, db_key, slot_key);
        }
    }
    /* The passcode was right: the counter returns to 0 even if the database
     * then failed to open. */
    if (st == EID_OK)
        st = vault_write_header(v, &h);
    if (st != EID_OK) {
        vault_reset_counter(v);
        store_close(v->store);
        v->store = NULL;
        vault_secure_drop(&db_key, DB_KEY_BYTES);
        vault_secure_drop(&slot_key, SLOT_KEY_BYTES);
        return st;
    }
    v->db_key = db_key;
    v->slot_key = slot_key;
    return EID_OK;
}

eid_status eid_vault_unlock(eid_vault *v, const char *passcode)
{
    if (v == NULL || passcode == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return vault_gone(v);
    if (v->store != NULL)
        return vault_fail(v, EID_ERR_STATE, "unlock");
    eid_status st = vault_dir_lock(v);
    if (st == EID_OK)
        st = unlock_locked(v, passcode);
    vault_dir_unlock(v);
    if (st != EID_OK)
        return vault_fail(v, st, "unlock");
    log_emit(&v->opts.logger, EID_LOG_INFO, "vault: unlocked");
    return EID_OK;
}
