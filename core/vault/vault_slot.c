/* SPDX-License-Identifier: Apache-2.0 */
/* The key hierarchy of a header slot:
 *
 *   a = Argon2id(passcode, slot salt)              (this device's CPU)
 *   b = keystore PRF(alias, a)                     (inside the keystore)
 *   slot key = BLAKE2b-256 keyed with a || b over "eid.vault.slot-key.v2" || vault id
 *   database key (random, 256 bits)
 *     sealed with XChaCha20-Poly1305 under the slot key  -> header slot
 *
 * Checking a passcode guess needs b for that guess, i.e. one keystore call. */
#include <stdint.h>
#include <string.h>

#include "vault/vault_internal.h"

/* What the sealed key is bound to: this vault, this key generation and the
 * KDF parameters, so that none of them can be swapped. */
static size_t slot_ad(const vault_header *h, const vault_slot *s, uint8_t ad[80])
{
    static const char label[] = "eid.vault.slot.v2";
    size_t n = 0;
    memcpy(ad, label, sizeof label);
    n += sizeof label;
    memcpy(ad + n, h->vault_id, VAULT_ID_BYTES);
    n += VAULT_ID_BYTES;
    for (int i = 0; i < 4; i++)
        ad[n++] = (uint8_t)(s->generation >> (8 * i));
    for (int i = 0; i < 8; i++)
        ad[n++] = (uint8_t)(s->ops >> (8 * i));
    for (int i = 0; i < 8; i++)
        ad[n++] = (uint8_t)(s->mem >> (8 * i));
    memcpy(ad + n, s->salt, VAULT_SALT_BYTES);
    n += VAULT_SALT_BYTES;
    return n;
}

eid_status vault_slot_stretch(const char *passcode, const vault_slot *s, uint8_t a[PRF_BYTES])
{
    if (s->mem > SIZE_MAX)
        return EID_ERR_CORRUPT;
    return cry_argon2id(a, PRF_BYTES, passcode, strlen(passcode), s->salt, s->ops, (size_t)s->mem);
}

eid_status vault_slot_key(const vault_header *h, const uint8_t a[PRF_BYTES], const uint8_t b[PRF_BYTES],
                          uint8_t key[SLOT_KEY_BYTES])
{
    static const char label[] = "eid.vault.slot-key.v2";
    uint8_t msg[sizeof label + VAULT_ID_BYTES];
    memcpy(msg, label, sizeof label);
    memcpy(msg + sizeof label, h->vault_id, VAULT_ID_BYTES);
    uint8_t *ab = cry_secure_alloc(2 * PRF_BYTES);
    if (ab == NULL) {
        /* No secure memory: a key that opens nothing, never a weaker one,
         * and a status that says so (the guess was not checked). */
        cry_random(key, SLOT_KEY_BYTES);
        return EID_ERR_NO_MEMORY;
    }
    memcpy(ab, a, PRF_BYTES);
    memcpy(ab + PRF_BYTES, b, PRF_BYTES);
    cry_hash_keyed(key, SLOT_KEY_BYTES, msg, sizeof msg, ab, 2 * PRF_BYTES);
    cry_memzero(ab, 2 * PRF_BYTES);
    cry_secure_free(ab);
    return EID_OK;
}

eid_status vault_slot_open(const vault_header *h, const vault_slot *s, const uint8_t key[SLOT_KEY_BYTES],
                           uint8_t db_key[DB_KEY_BYTES])
{
    uint8_t ad[80];
    size_t adlen = slot_ad(h, s, ad);
    eid_status st = cry_aead_open(db_key, s->sealed, VAULT_SEALED_BYTES, ad, adlen, s->nonce, key);
    return st == EID_OK ? EID_OK : EID_ERR_WRONG_PASSCODE;
}

eid_status vault_derive_slot_key(eid_vault *v, const char *passcode, const vault_slot *s, uint8_t *key)
{
    uint8_t *ab = cry_secure_alloc(2 * PRF_BYTES);
    if (ab == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = vault_slot_stretch(passcode, s, ab);
    if (st == EID_OK)
        st = vault_prf(v, ab, ab + PRF_BYTES);
    if (st == EID_OK)
        st = vault_slot_key(&v->hdr, ab, ab + PRF_BYTES, key);
    vault_secure_drop(&ab, 2 * PRF_BYTES);
    return st;
}

eid_status vault_seal_slot(const eid_vault *v, vault_slot *s, const uint8_t *db_key, const uint8_t *key)
{
    uint8_t ad[80];
    s->kdf = VAULT_KDF_ARGON2ID13;
    size_t adlen = slot_ad(&v->hdr, s, ad);
    cry_random(s->nonce, VAULT_NONCE_BYTES);
    return cry_aead_seal(s->sealed, db_key, DB_KEY_BYTES, ad, adlen, s->nonce, key);
}
