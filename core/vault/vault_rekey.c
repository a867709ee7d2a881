/* SPDX-License-Identifier: Apache-2.0 */
/* Changing the passcode (a new slot key for the same database key) and
 * rekeying (a new database key): the header has two slots, so a rekey writes
 * the new key into the pending slot (durably), re-encrypts the database into
 * a new file that replaces the old one by rename, then promotes the pending
 * slot; an unlock after a crash tries the active key and then the pending
 * one, and finishes the promotion (vault_unlock.c). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "vault/vault_internal.h"

static int same_slot(const vault_slot *a, const vault_slot *b)
{
    return a->state == b->state && a->generation == b->generation && a->ops == b->ops && a->mem == b->mem &&
           memcmp(a->salt, b->salt, VAULT_SALT_BYTES) == 0 && memcmp(a->nonce, b->nonce, VAULT_NONCE_BYTES) == 0 &&
           memcmp(a->sealed, b->sealed, VAULT_SEALED_BYTES) == 0;
}

/* After vault_refresh(): the active slot is still the one this handle unlocked
 * (no other handle changed the passcode or rekeyed in between). */
static eid_status still_ours(const eid_vault *v, const vault_slot *seen)
{
    return same_slot(&v->hdr.slot[vault_active_index(&v->hdr)], seen) ? EID_OK : EID_ERR_STATE;
}

/* ---- passcode change, rekey ------------------------------------------------- */

static eid_status change_locked(eid_vault *v, const char *old_passcode, const char *new_passcode)
{
    uint8_t *db_key, *old_key;
    /* A wrong old passcode counts like a failed unlock; the vault stays
     * unlocked unless the failure reached the wipe limit. */
    eid_status st = vault_attempt(v, old_passcode, &db_key, &old_key);
    if (st != EID_OK)
        return st;
    vault_secure_drop(&old_key, SLOT_KEY_BYTES);
    /* Another handle rekeyed: this one's database is not the vault's any more. */
    if (!cry_ct_equal(db_key, v->db_key, DB_KEY_BYTES))
        st = EID_ERR_STATE;
    vault_secure_drop(&db_key, DB_KEY_BYTES);
    uint8_t *new_key = cry_secure_alloc(SLOT_KEY_BYTES);
    if (st == EID_OK && new_key == NULL)
        st = EID_ERR_NO_MEMORY;
    vault_header h = v->hdr;
    h.failed = 0;
    h.last_failure = 0;
    vault_slot *s = &h.slot[vault_active_index(&h)];
    s->ops = v->opts.argon2_ops;
    s->mem = v->opts.argon2_mem_bytes;
    cry_random(s->salt, VAULT_SALT_BYTES);
    if (st == EID_OK)
        st = vault_derive_slot_key(v, new_passcode, s, new_key);
    if (st == EID_OK)
        st = vault_seal_slot(v, s, v->db_key, new_key);
    if (st == EID_OK)
        st = vault_write_header(v, &h);
    if (st != EID_OK) {
        vault_secure_drop(&new_key, SLOT_KEY_BYTES);
        vault_reset_counter(v);
        return st;
    }
    vault_secure_drop(&v->slot_key, SLOT_KEY_BYTES);
    v->slot_key = new_key;
    return EID_OK;
}

eid_status eid_vault_change_passcode(eid_vault *v, const char *old_passcode, const char *new_passcode)
{
    eid_status st = vault_need_unlocked(v);
    if (st != EID_OK)
        return st;
    if (old_passcode == NULL || new_passcode == NULL)
        return EID_ERR_INVALID_ARG;
    if ((st = vault_check_passcode(&v->opts, new_passcode)) != EID_OK)
        return vault_fail(v, st, "change passcode");
    st = vault_dir_lock(v);
    if (st == EID_OK)
        st = change_locked(v, old_passcode, new_passcode);
    vault_dir_unlock(v);
    return st == EID_OK ? EID_OK : vault_fail(v, st, "change passcode");
}

static eid_status rekey_locked(eid_vault *v)
{
    vault_slot seen = v->hdr.slot[vault_active_index(&v->hdr)];
    eid_status st = vault_refresh(v);
    if (st == EID_OK)
        st = still_ours(v, &seen);
    if (st != EID_OK)
        return st;
    uint8_t *new_key = cry_secure_alloc(DB_KEY_BYTES);
    if (new_key == NULL)
        return EID_ERR_NO_MEMORY;
    cry_random(new_key, DB_KEY_BYTES);

    /* 1. The new key goes into the pending slot, on disk, before any page
     *    is written with it. */
    vault_header h = v->hdr;
    int a = vault_active_index(&h), p = 1 - a;
    h.slot[p] = h.slot[a];
    h.slot[p].state = SLOT_PENDING;
    h.slot[p].generation = h.slot[a].generation + 1;
    st = vault_seal_slot(v, &h.slot[p], new_key, v->slot_key);
    if (st == EID_OK)
        st = vault_write_header(v, &h);
    /* 2. A full copy under the new key, synced, beside the old database. */
    if (st == EID_OK)
        st = vault_unlink_if_there(v->db_new);
    if (st == EID_OK)
        st = store_export(v->store, v->db_new, new_key);
    if (st != EID_OK) {
        if (v->hdr.slot[p].state == SLOT_PENDING) {
            vault_header back = v->hdr;
            memset(&back.slot[p], 0, sizeof back.slot[p]);
            vault_write_header(v, &back);
        }
        vault_secure_drop(&new_key, DB_KEY_BYTES);
        return st;
    }
    /* 3. Close the old database out of WAL mode so no -wal file of the old
     *    key survives, then swap the files atomically. */
    st = store_close_clean(v->store);
    v->store = NULL;
    char shm[4200];
    snprintf(shm, sizeof shm, "%s-shm", v->db_path);
    if (st == EID_OK)
        st = vault_unlink_if_there(shm);
    if (st == EID_OK && rename(v->db_new, v->db_path) != 0)
        st = EID_ERR_IO;
    if (st == EID_OK)
        st = vault_fsync_dir(v->dir);
    /* 4. Promote. */
    if (st == EID_OK) {
        vault_header done = v->hdr;
        done.slot[a] = done.slot[p];
        done.slot[a].state = SLOT_ACTIVE;
        memset(&done.slot[p], 0, sizeof done.slot[p]);
        st = vault_write_header(v, &done);
    }
    if (st == EID_OK) {
        st = store_open(v->db_path, new_key, v->hdr.store.profile, 0, &v->store);
        if (st == EID_OK) {
            vault_secure_drop(&v->db_key, DB_KEY_BYTES);
            v->db_key = new_key;
            return EID_OK;
        }
    }
    /* Something failed half way: reopen with whichever key opens the file. */
    eid_status reopen = store_open(v->db_path, v->db_key, v->hdr.store.profile, 0, &v->store);
    if (reopen != EID_OK)
        reopen = store_open(v->db_path, new_key, v->hdr.store.profile, 0, &v->store);
    if (reopen != EID_OK) {
        v->store = NULL;
        vault_drop_keys(v);
    }
    vault_secure_drop(&new_key, DB_KEY_BYTES);
    return st;
}

eid_status eid_vault_rekey(eid_vault *v)
{
    eid_status st = vault_need_unlocked(v);
    if (st != EID_OK)
        return st;
    if (store_in_transaction(v->store))
        return vault_fail(v, EID_ERR_STATE, "rekey");
    st = vault_dir_lock(v);
    if (st == EID_OK)
        st = rekey_locked(v);
    vault_dir_unlock(v);
    return st == EID_OK ? EID_OK : vault_fail(v, st, "rekey");
}
