/* SPDX-License-Identifier: Apache-2.0 */
/* Internal vault interface for the wallet: typed records, transactions and
 * the holder signing keys. Every function needs an unlocked vault and
 * returns EID_ERR_LOCKED otherwise (EID_ERR_WIPED after a wipe).
 *
 * Records are (kind, id) -> value with an integer `ord` for ordering (a time,
 * a sequence). Kinds below VAULT_KIND_USER_MIN belong to the vault itself.
 * Outside vault_begin()/vault_commit() each call is its own transaction;
 * inside, the calls commit together or not at all (a crash leaves the vault
 * as before vault_begin()). */
#ifndef EID_CORE_WALLET_VAULT_H
#define EID_CORE_WALLET_VAULT_H
#include <stddef.h>
#include <stdint.h>
#include "eid/vault.h"
#include "store/store.h"
#include "vault/vault_header.h"

#define VAULT_KIND_HOLDER_KEY 1u  /* id: key id (8 bytes); value: public key || nonce || sealed secret key */
#define VAULT_KIND_USER_MIN 16u   /* first kind free for the wallet */

eid_status vault_check_passcode(const eid_vault_options *o, const char *passcode);

eid_status vault_put(eid_vault *v, uint32_t kind, const uint8_t *id, size_t id_len, int64_t ord,
                     const uint8_t *value, size_t value_len);
/* value is caller-owned (eid_bytes_free); ord may be NULL. EID_ERR_NOT_FOUND. */
eid_status vault_get(eid_vault *v, uint32_t kind, const uint8_t *id, size_t id_len, eid_bytes *value,
                     int64_t *ord);
eid_status vault_delete(eid_vault *v, uint32_t kind, const uint8_t *id, size_t id_len);
eid_status vault_delete_kind(eid_vault *v, uint32_t kind, uint64_t *deleted);
eid_status vault_count(eid_vault *v, uint32_t kind, uint64_t *count);
/* By ascending ord, then id; fn may not write to the vault. */
eid_status vault_list(eid_vault *v, uint32_t kind, store_visit_fn fn, void *ctx);

eid_status vault_begin(eid_vault *v);
eid_status vault_commit(eid_vault *v);
/* Accepts a vault with no open transaction. */
void vault_rollback(eid_vault *v);

/* Moves the WAL into the database and truncates it (after deleting what
 * must not linger, e.g. a cleared log). */
eid_status vault_checkpoint_truncate(eid_vault *v);
eid_status vault_integrity_check(eid_vault *v);

/* Holder keys (Ed25519). The secret key is generated in secure memory,
 * stored inside the encrypted database sealed under the keystore's PRF of a
 * fixed input, and only ever used through vault_holder_sign(). */
eid_status vault_holder_key_new(eid_vault *v, uint8_t public_key[32]);
/* Signs context || 0x00 || msg with the holder key whose public key is given.
 * EID_ERR_NOT_FOUND (no such key); keystore statuses. */
eid_status vault_holder_sign(eid_vault *v, const uint8_t public_key[32], const char *context, const uint8_t *msg,
                             size_t len, uint8_t signature[64]);

/* Deletes the holder key whose public key is given (a used or expired
 * single-use credential's), and drops it from memory. Inside a transaction it
 * goes with the rest. EID_ERR_NOT_FOUND (no such key). */
eid_status vault_holder_key_delete(eid_vault *v, const uint8_t public_key[32]);

/* The steps that open a header slot, exposed so tests can play the attacker
 * with exactly the vault's own derivation:
 *   a = vault_slot_stretch(passcode)            Argon2id with the slot's salt and parameters
 *   b = keystore PRF(alias, a)                  the keystore call each guess costs
 *   key = vault_slot_key(h, a, b)               BLAKE2b keyed with a || b, bound to the vault id
 *                                               (EID_ERR_NO_MEMORY: no secure memory, key opens nothing)
 *   vault_slot_open(h, s, key, db_key)          EID_OK or EID_ERR_WRONG_PASSCODE */
eid_status vault_slot_stretch(const char *passcode, const vault_slot *s, uint8_t a[32]);
eid_status vault_slot_key(const vault_header *h, const uint8_t a[32], const uint8_t b[32], uint8_t key[32]);
eid_status vault_slot_open(const vault_header *h, const vault_slot *s, const uint8_t key[32], uint8_t db_key[32]);

/* For tests and diagnostics: the Argon2id parameters of the active slot,
 * the database's cipher settings, the schema version. */
eid_status vault_kdf_params(const eid_vault *v, uint64_t *ops, uint64_t *mem);
eid_status vault_store_settings(const eid_vault *v, store_settings *out);

#endif
