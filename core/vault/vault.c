/* SPDX-License-Identifier: Apache-2.0 */
/* The vault: key hierarchy, lockout, crash-safe header and rekey.
 *
 *   a = Argon2id(passcode, slot salt)              (this device's CPU)
 *   b = keystore PRF(alias, a)                     (inside the keystore)
 *   slot key = BLAKE2b-256 keyed with a || b over "eid.vault.slot-key.v2" || vault id
 *   database key (random, 256 bits)
 *     sealed with XChaCha20-Poly1305 under the slot key  -> header slot
 *   header key = keystore PRF(alias, H("eid.vault.prf.header.v2" || vault id))
 *   holder-key seal key = keystore PRF(alias, H("eid.vault.prf.holder.v2" || vault id))
 *
 * Checking a passcode guess needs b for that guess, i.e. one keystore call.
 *
 * The header has two slots. A rekey writes the new key into the pending slot
 * (durably), re-encrypts the database into a new file that replaces the old
 * one by rename, then promotes the pending slot; an unlock after a crash tries
 * the active key and then the pending one, and finishes the promotion.
 *
 *
 * The vault is split by job: this file creates, opens, locks, wipes and
 * closes it; vault_handle.c holds the handle's machinery (keystore calls,
 * directory lock, header writes); vault_slot.c the slots; vault_unlock.c
 * the passcode attempts and lockout; vault_rekey.c passcode change and
 * rekey; vault_records.c the records the wallet keeps; vault_holder.c the
 * holder keys. */
#if defined(__APPLE__)
#define _DARWIN_C_SOURCE 1
#endif
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/log.h"
#include "eid/vault.h"
#include "vault/vault_internal.h"

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + 1 + strlen(name) + 1;
    char *p = mem_alloc(n);
    if (p != NULL)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static eid_status vault_alloc(const char *dir, const eid_keystore *ks, const eid_vault_options *opts,
                              eid_vault **out)
{
    if (dir == NULL || ks == NULL || out == NULL || ks->prf == NULL || ks->delete_key == NULL ||
        (opts != NULL && opts->version != EID_VAULT_OPTIONS_VERSION)) /* the only layout so far */
        return EID_ERR_INVALID_ARG;
    eid_vault *v = mem_calloc(1, sizeof *v);
    if (v == NULL)
        return EID_ERR_NO_MEMORY;
    v->lock_fd = -1;
    if (opts != NULL)
        v->opts = *opts;
    else
        (void)eid_vault_options_default(&v->opts, EID_VAULT_OPTIONS_VERSION);
    v->ks = *ks;
    v->dir = mem_strdup(dir);
    v->db_path = join(dir, "vault.db");
    v->hdr_path = join(dir, "vault.hdr");
    v->hdr_tmp = join(dir, "vault.hdr.tmp");
    v->db_new = join(dir, "vault.db.new");
    v->lock_path = join(dir, "vault.lock");
    v->auth_key = cry_secure_alloc(VAULT_AUTH_KEY_BYTES);
    if (!v->dir || !v->db_path || !v->hdr_path || !v->hdr_tmp || !v->db_new || !v->lock_path || !v->auth_key) {
        eid_vault_close(v);
        return EID_ERR_NO_MEMORY;
    }
    if (vault_options_check(&v->opts) != EID_OK) {
        eid_vault_close(v);
        return EID_ERR_INVALID_ARG;
    }
    *out = v;
    return EID_OK;
}

static void set_alias(eid_vault *v)
{
    static const char hex[] = "0123456789abcdef";
    char *p = v->alias + snprintf(v->alias, sizeof v->alias, "eid.vault.");
    for (int i = 0; i < VAULT_ID_BYTES; i++) {
        *p++ = hex[v->hdr.vault_id[i] >> 4];
        *p++ = hex[v->hdr.vault_id[i] & 15];
    }
    *p = '\0';
}

/* ---- create / open ----------------------------------------------------- */

eid_status eid_vault_create(const char *dir, const char *passcode, const eid_keystore *ks,
                            const eid_vault_options *opts, eid_vault **out)
{
    if (out != NULL)
        *out = NULL;
    if (passcode == NULL)
        return EID_ERR_INVALID_ARG;
    eid_vault *v;
    eid_status st = vault_alloc(dir, ks, opts, &v);
    if (st != EID_OK)
        return st;
    if ((st = vault_check_passcode(&v->opts, passcode)) != EID_OK)
        goto done;
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        st = EID_ERR_NOT_FOUND;
        goto done;
    }
    if ((st = vault_dir_lock(v)) != EID_OK)
        goto done;
    if (stat(v->hdr_path, &sb) == 0) {
        st = EID_ERR_EXISTS;
        goto done;
    }
    /* A database without a header is unreadable (its key died with the
     * process that created it): the header is written last. */
    vault_remove_db_files(v);
    unlink(v->db_new);

    vault_header *h = &v->hdr;
    h->format = VAULT_HEADER_FORMAT;
    h->keystore_kind = (uint8_t)v->ks.kind;
    if ((st = store_profile_settings(store_native_profile(), &h->store)) != EID_OK)
        goto done;
    cry_random(h->vault_id, VAULT_ID_BYTES);
    set_alias(v);
    if ((st = vault_prf_fixed(v, PRF_HEADER, v->auth_key)) != EID_OK)
        goto done;

    v->db_key = cry_secure_alloc(DB_KEY_BYTES);
    v->slot_key = cry_secure_alloc(SLOT_KEY_BYTES);
    if (v->db_key == NULL || v->slot_key == NULL) {
        st = EID_ERR_NO_MEMORY;
        goto done;
    }
    cry_random(v->db_key, DB_KEY_BYTES);
    vault_slot *s = &h->slot[0];
    s->state = SLOT_ACTIVE;
    s->generation = 1;
    s->ops = v->opts.argon2_ops;
    s->mem = v->opts.argon2_mem_bytes;
    cry_random(s->salt, VAULT_SALT_BYTES);
    if ((st = vault_derive_slot_key(v, passcode, s, v->slot_key)) != EID_OK ||
        (st = vault_seal_slot(v, s, v->db_key, v->slot_key)) != EID_OK)
        goto done;
    if ((st = store_open(v->db_path, v->db_key, h->store.profile, 1, &v->store)) != EID_OK)
        goto done;
    st = vault_write_header(v, h);
done:
    if (st != EID_OK) {
        vault_fail(v, st, "create");
        if (v->store != NULL) {
            store_close(v->store);
            v->store = NULL;
            vault_remove_db_files(v);
            /* A header renamed into place whose folder could not be synced:
             * no vault was made, and the folder must take one again. */
            if (unlink(v->hdr_path) == 0)
                (void)vault_fsync_dir(v->dir);
        }
        if (v->lock_fd >= 0 && st != EID_ERR_EXISTS)
            unlink(v->lock_path);
        vault_dir_unlock(v);
        eid_vault_close(v);
        return st;
    }
    vault_dir_unlock(v);
    if (!store_memory_zeroed())
        log_emit(&v->opts.logger, EID_LOG_WARN, "vault: SQLite was initialised before eid_init(); its freed memory "
                                               "is not zeroed");
    log_emit(&v->opts.logger, EID_LOG_INFO, "vault: created");
    *out = v;
    return EID_OK;
}

eid_status eid_vault_open(const char *dir, const eid_keystore *ks, const eid_vault_options *opts, eid_vault **out)
{
    if (out != NULL)
        *out = NULL;
    eid_vault *v;
    eid_status st = vault_alloc(dir, ks, opts, &v);
    if (st != EID_OK)
        return st;
    uint8_t buf[VAULT_HEADER_MAX];
    size_t len = 0;
    if ((st = vault_read_file(v->hdr_path, buf, sizeof buf, &len)) != EID_OK)
        goto done;
    if ((st = vault_header_parse(buf, len, &v->hdr)) != EID_OK)
        goto done;
    set_alias(v);
    if ((st = vault_prf_fixed(v, PRF_HEADER, v->auth_key)) != EID_OK)
        goto done;
    if ((st = vault_header_verify(buf, len, v->auth_key)) != EID_OK)
        goto done;
    if ((int)v->hdr.keystore_kind != (int)v->ks.kind) {
        st = EID_ERR_KEYSTORE;
        goto done;
    }
done:
    if (st == EID_ERR_UNSUPPORTED_VERSION) {
        /* Format 1 sealed the database key under the passcode alone and had the
         * keystore wrap that blob; without the old wrap hook its key cannot be
         * recovered, so it cannot be migrated. The status says it (eid/vault.h);
         * the logger says which format it was. */
        if (v->hdr.format < VAULT_HEADER_FORMAT)
            log_emit(&v->opts.logger, EID_LOG_WARN,
                     "vault: open refused: header format %u cannot be migrated (it did not entangle passcode and "
                     "keystore): create a new vault and import the documents again",
                     (unsigned)v->hdr.format);
        else
            log_emit(&v->opts.logger, EID_LOG_WARN,
                     "vault: open refused: header format %u was written by a newer libeid (this one reads format %u)",
                     (unsigned)v->hdr.format, (unsigned)VAULT_HEADER_FORMAT);
    }
    if (st != EID_OK) {
        vault_fail(v, st, "open");
        eid_vault_close(v);
        return st;
    }
    *out = v;
    return EID_OK;
}

/* ---- lock, state ------------------------------------------------------------ */

eid_status eid_vault_lock(eid_vault *v)
{
    if (v == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return vault_gone(v);
    store_close(v->store);
    v->store = NULL;
    vault_drop_keys(v);
    return EID_OK;
}

int eid_vault_is_unlocked(const eid_vault *v) { return v != NULL && !v->wiped && v->store != NULL; }

eid_keystore_kind eid_vault_keystore_kind(const eid_vault *v)
{
    return v == NULL ? EID_KEYSTORE_SOFTWARE : (eid_keystore_kind)v->hdr.keystore_kind;
}

const char *eid_vault_last_error(const eid_vault *v) { return v == NULL ? "" : v->last_error; }

/* ---- wipe / close ----------------------------------------------------------- */

eid_status eid_vault_wipe(eid_vault *v)
{
    if (v == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return vault_gone(v);
    eid_status st = vault_dir_lock(v);
    if (st == EID_OK)
        st = vault_wipe_locked(v, 0);
    vault_dir_unlock(v);
    return st == EID_OK ? EID_OK : vault_fail(v, st, "wipe");
}

void eid_vault_close(eid_vault *v)
{
    if (v == NULL)
        return;
    store_close(v->store);
    vault_drop_keys(v);
    vault_dir_unlock(v);
    vault_secure_drop(&v->auth_key, VAULT_AUTH_KEY_BYTES);
    mem_free(v->dir);
    mem_free(v->db_path);
    mem_free(v->hdr_path);
    mem_free(v->hdr_tmp);
    mem_free(v->db_new);
    mem_free(v->lock_path);
    cry_memzero(&v->ks, sizeof v->ks);
    mem_free(v);
}
