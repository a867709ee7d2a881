/* SPDX-License-Identifier: Apache-2.0 */
/* The vault's own pieces, shared by the files of core/vault and by nothing
 * else: the handle, its keystore calls, the directory lock and the header
 * read and written under it, the keys it holds, and the header slots. The
 * wallet uses vault/vault.h. */
#ifndef EID_CORE_VAULT_INTERNAL_H
#define EID_CORE_VAULT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"
#include "vault/vault.h"
#include "vault/vault_header.h"

#define DB_KEY_BYTES STORE_KEY_BYTES
#define SLOT_KEY_BYTES 32
#define PRF_BYTES EID_KEYSTORE_PRF_BYTES
#define HOLDER_SEALED_BYTES (CRY_AEAD_NONCE_BYTES + CRY_SIGN_SECRET_BYTES + CRY_AEAD_TAG_BYTES)
#define PRF_HEADER "eid.vault.prf.header.v2"
#define PRF_HOLDER "eid.vault.prf.holder.v2"

struct eid_vault {
    char *dir, *db_path, *hdr_path, *hdr_tmp, *db_new, *lock_path;
    char alias[EID_KEYSTORE_ALIAS_MAX];
    eid_keystore ks;
    eid_vault_options opts;
    vault_header hdr;      /* the latest header this handle read or wrote */
    uint8_t *auth_key;     /* secure memory, for the handle's life: counter writes need it while locked */
    uint8_t *db_key;       /* secure memory, while unlocked */
    uint8_t *slot_key;     /* secure memory, while unlocked: opens the active slot (rekey seals with it) */
    uint8_t *holder_sk;    /* secure memory, the holder key last used, while unlocked */
    uint8_t holder_pk[CRY_SIGN_PUBLIC_BYTES];
    store_db *store;       /* non-NULL exactly when unlocked */
    int lock_fd;           /* vault.lock, held during a header update; -1 otherwise */
    int wiped;
    char last_error[220];
};


/* ---- the handle (vault_handle.c) ---- */

/* What a wiped handle answers. */
eid_status vault_gone(const eid_vault *v);
/* Records `what` failed with st as the handle's last error, logs it, returns st. */
eid_status vault_fail(eid_vault *v, eid_status st, const char *what);
/* The options' clock, else the system clock. */
int64_t vault_now(const eid_vault *v);
/* Seconds since boot, counting sleep: a clock the user cannot set. */
int64_t vault_elapsed_now(const eid_vault *v);
/* Zeroes and frees secure memory of n bytes, and clears the pointer. */
void vault_secure_drop(uint8_t **p, size_t n);
/* Keystore statuses pass through; anything undocumented becomes EID_ERR_KEYSTORE. */
eid_status vault_keystore_status(eid_status st);
/* The keystore's PRF of `in` under the vault's alias (out zeroed on failure). */
eid_status vault_prf(eid_vault *v, const uint8_t in[PRF_BYTES], uint8_t out[PRF_BYTES]);
/* The keystore's PRF of a fixed input bound to this vault and a purpose. */
eid_status vault_prf_fixed(eid_vault *v, const char *purpose, uint8_t out[PRF_BYTES]);
/* The exclusive lock on vault.lock that every header write holds. */
eid_status vault_dir_lock(eid_vault *v);
void vault_dir_unlock(eid_vault *v);
/* The header on disk, authenticated, no older than the handle's.
 * EID_ERR_NOT_FOUND (wiped), EID_ERR_CORRUPT. */
eid_status vault_read_latest(const eid_vault *v, vault_header *h);
/* Adopts the header on disk (under the lock); EID_ERR_WIPED when another handle wiped. */
eid_status vault_refresh(eid_vault *v);
/* Writes h as the next header, under the lock, over the header this handle last saw. */
eid_status vault_write_header(eid_vault *v, const vault_header *h);
/* Drops every key the unlocked handle holds. */
void vault_drop_keys(eid_vault *v);
/* EID_OK when unlocked; EID_ERR_INVALID_ARG, EID_ERR_WIPED, EID_ERR_UNSUPPORTED_VERSION, EID_ERR_LOCKED. */
eid_status vault_need_unlocked(const eid_vault *v);
/* Deletes the database and its side files. */
void vault_remove_db_files(const eid_vault *v);
eid_status vault_unlink_if_there(const char *path);
/* Deletes the keystore key, the database and the header (the caller holds
 * the lock). When forced, a keystore failure does not stop the wipe. */
eid_status vault_wipe_locked(eid_vault *v, int forced);

/* ---- slots (vault_slot.c) ---- */

/* The passcode's slot key: Argon2id here, then one keystore PRF call. */
eid_status vault_derive_slot_key(eid_vault *v, const char *passcode, const vault_slot *s, uint8_t *key);
/* Seals db_key into s (whose generation, ops, mem and salt are set) under key. */
eid_status vault_seal_slot(const eid_vault *v, vault_slot *s, const uint8_t *db_key, const uint8_t *key);
static inline int vault_active_index(const vault_header *h) { return h->slot[0].state == SLOT_ACTIVE ? 0 : 1; }

/* ---- options (vault_passcode.c) ---- */

/* EID_OK or EID_ERR_INVALID_ARG for options no vault can use. */
eid_status vault_options_check(const eid_vault_options *o);

/* ---- passcode attempts (vault_unlock.c) ---- */

/* One counted passcode attempt against the active slot of the latest header
 * (the caller holds the lock); on success *db_key and *slot_key are set
 * (secure memory, the caller frees). */
eid_status vault_attempt(eid_vault *v, const char *passcode, uint8_t **db_key, uint8_t **slot_key);
/* Resets the counter after a right passcode whose follow-up failed. */
void vault_reset_counter(eid_vault *v);

#endif
