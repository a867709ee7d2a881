/* SPDX-License-Identifier: Apache-2.0 */
/* Holder keys (vault/vault.h): Ed25519 keys generated in secure memory,
 * kept in the encrypted database sealed under the keystore's PRF of a fixed
 * input, and used only to sign inside the vault. */
#include <string.h>

#include "vault/vault_internal.h"

/* A holder key record: public key || nonce || secret key sealed under the
 * keystore's PRF of a fixed input, with the public key as associated data. */
#define HOLDER_RECORD_BYTES (CRY_SIGN_PUBLIC_BYTES + HOLDER_SEALED_BYTES)

static eid_status holder_seal(eid_vault *v, const uint8_t pk[CRY_SIGN_PUBLIC_BYTES],
                              const uint8_t sk[CRY_SIGN_SECRET_BYTES], uint8_t record[HOLDER_RECORD_BYTES])
{
    uint8_t *key = cry_secure_alloc(PRF_BYTES);
    if (key == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = vault_prf_fixed(v, PRF_HOLDER, key);
    if (st == EID_OK) {
        memcpy(record, pk, CRY_SIGN_PUBLIC_BYTES);
        uint8_t *nonce = record + CRY_SIGN_PUBLIC_BYTES;
        cry_random(nonce, CRY_AEAD_NONCE_BYTES);
        st = cry_aead_seal(nonce + CRY_AEAD_NONCE_BYTES, sk, CRY_SIGN_SECRET_BYTES, pk, CRY_SIGN_PUBLIC_BYTES, nonce,
                           key);
    }
    vault_secure_drop(&key, PRF_BYTES);
    return st;
}

static eid_status holder_open(eid_vault *v, const uint8_t *record, size_t len, uint8_t sk[CRY_SIGN_SECRET_BYTES])
{
    if (len != HOLDER_RECORD_BYTES)
        return EID_ERR_CORRUPT;
    uint8_t *key = cry_secure_alloc(PRF_BYTES);
    if (key == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = vault_prf_fixed(v, PRF_HOLDER, key);
    if (st == EID_OK) {
        const uint8_t *nonce = record + CRY_SIGN_PUBLIC_BYTES;
        st = cry_aead_open(sk, nonce + CRY_AEAD_NONCE_BYTES, CRY_SIGN_SECRET_BYTES + CRY_AEAD_TAG_BYTES, record,
                           CRY_SIGN_PUBLIC_BYTES, nonce, key);
    }
    vault_secure_drop(&key, PRF_BYTES);
    return st;
}

eid_status vault_holder_key_new(eid_vault *v, uint8_t public_key[CRY_SIGN_PUBLIC_BYTES])
{
    eid_status st = vault_need_unlocked(v);
    if (st != EID_OK)
        return st;
    uint8_t *sk = cry_secure_alloc(CRY_SIGN_SECRET_BYTES);
    if (sk == NULL)
        return EID_ERR_NO_MEMORY;
    uint8_t pk[CRY_SIGN_PUBLIC_BYTES];
    uint8_t value[HOLDER_RECORD_BYTES];
    st = cry_sign_keypair(pk, sk);
    if (st == EID_OK)
        st = holder_seal(v, pk, sk, value);
    if (st == EID_OK) {
        uint8_t id[EID_KEY_ID_BYTES];
        cry_key_id(id, pk);
        st = store_put(v->store, VAULT_KIND_HOLDER_KEY, id, sizeof id, vault_now(v), value, sizeof value);
    }
    if (st != EID_OK) {
        vault_secure_drop(&sk, CRY_SIGN_SECRET_BYTES);
        return st;
    }
    vault_secure_drop(&v->holder_sk, CRY_SIGN_SECRET_BYTES);
    v->holder_sk = sk;
    memcpy(v->holder_pk, pk, sizeof pk);
    memcpy(public_key, pk, sizeof pk);
    return EID_OK;
}

eid_status vault_holder_sign(eid_vault *v, const uint8_t public_key[CRY_SIGN_PUBLIC_BYTES], const char *context,
                             const uint8_t *msg, size_t len, uint8_t signature[CRY_SIGNATURE_BYTES])
{
    eid_status st = vault_need_unlocked(v);
    if (st != EID_OK)
        return st;
    if (public_key == NULL || context == NULL || (msg == NULL && len > 0) || signature == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->holder_sk == NULL || !cry_ct_equal(v->holder_pk, public_key, CRY_SIGN_PUBLIC_BYTES)) {
        uint8_t id[EID_KEY_ID_BYTES];
        cry_key_id(id, public_key);
        eid_bytes rec = {0};
        if ((st = store_get(v->store, VAULT_KIND_HOLDER_KEY, id, sizeof id, &rec, NULL)) != EID_OK)
            return st;
        uint8_t *sk = cry_secure_alloc(CRY_SIGN_SECRET_BYTES);
        if (sk == NULL)
            st = EID_ERR_NO_MEMORY;
        else if (rec.len <= CRY_SIGN_PUBLIC_BYTES || memcmp(rec.data, public_key, CRY_SIGN_PUBLIC_BYTES) != 0)
            st = EID_ERR_NOT_FOUND;
        else
            st = holder_open(v, rec.data, rec.len, sk);
        eid_bytes_free(&rec);
        if (st == EID_OK) {
            uint8_t check[CRY_SIGN_PUBLIC_BYTES];
            cry_sign_public_of(check, sk);
            if (!cry_ct_equal(check, public_key, CRY_SIGN_PUBLIC_BYTES))
                st = EID_ERR_CORRUPT;
        }
        if (st != EID_OK) {
            vault_secure_drop(&sk, CRY_SIGN_SECRET_BYTES);
            return st;
        }
        vault_secure_drop(&v->holder_sk, CRY_SIGN_SECRET_BYTES);
        v->holder_sk = sk;
        memcpy(v->holder_pk, public_key, CRY_SIGN_PUBLIC_BYTES);
    }
    return cry_sign_detached(signature, context, msg, len, v->holder_sk);
}

eid_status vault_holder_key_delete(eid_vault *v, const uint8_t public_key[CRY_SIGN_PUBLIC_BYTES])
{
    eid_status st = vault_need_unlocked(v);
    if (st != EID_OK)
        return st;
    if (public_key == NULL)
        return EID_ERR_INVALID_ARG;
    uint8_t id[EID_KEY_ID_BYTES];
    cry_key_id(id, public_key);
    eid_bytes rec = {0};
    if ((st = store_get(v->store, VAULT_KIND_HOLDER_KEY, id, sizeof id, &rec, NULL)) != EID_OK)
        return st;
    int same = rec.len > CRY_SIGN_PUBLIC_BYTES && memcmp(rec.data, public_key, CRY_SIGN_PUBLIC_BYTES) == 0;
    eid_bytes_free(&rec);
    if (!same)
        return EID_ERR_NOT_FOUND; /* another key with the same id: not ours to delete */
    st = store_delete(v->store, VAULT_KIND_HOLDER_KEY, id, sizeof id);
    if (st == EID_OK && v->holder_sk != NULL && cry_ct_equal(v->holder_pk, public_key, CRY_SIGN_PUBLIC_BYTES))
        vault_secure_drop(&v->holder_sk, CRY_SIGN_SECRET_BYTES);
    return st;
}
