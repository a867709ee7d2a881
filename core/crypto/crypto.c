/* SPDX-License-Identifier: Apache-2.0 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "common/alloc.h"
#include "crypto/crypto.h"

eid_status cry_init(void) { return sodium_init() < 0 ? EID_ERR_CRYPTO : EID_OK; }

void cry_random(void *buf, size_t n) { randombytes_buf(buf, n); }

uint32_t cry_random_uniform(uint32_t upper) { return randombytes_uniform(upper); }

eid_status cry_sign_keypair(uint8_t pk[CRY_SIGN_PUBLIC_BYTES], uint8_t sk[CRY_SIGN_SECRET_BYTES])
{
    return crypto_sign_keypair(pk, sk) == 0 ? EID_OK : EID_ERR_CRYPTO;
}

eid_status cry_sign_seed_keypair(uint8_t pk[CRY_SIGN_PUBLIC_BYTES], uint8_t sk[CRY_SIGN_SECRET_BYTES],
                                 const uint8_t seed[CRY_SIGN_SEED_BYTES])
{
    return crypto_sign_seed_keypair(pk, sk, seed) == 0 ? EID_OK : EID_ERR_CRYPTO;
}

void cry_sign_public_of(uint8_t pk[CRY_SIGN_PUBLIC_BYTES], const uint8_t sk[CRY_SIGN_SECRET_BYTES])
{
    crypto_sign_ed25519_sk_to_pk(pk, sk);
}

/* context || 0x00 || msg, in a buffer the caller frees. Messages are small
 * (a presentation is at most 2 KiB; lists are larger but signed rarely). */
static uint8_t *framed(const char *context, const uint8_t *msg, size_t len, size_t *out_len)
{
    size_t clen = strlen(context);
    if (len > SIZE_MAX - clen - 1)
        return NULL;
    uint8_t *buf = mem_alloc(clen + 1 + len + (len == 0));
    if (buf == NULL)
        return NULL;
    memcpy(buf, context, clen);
    buf[clen] = 0;
    if (len)
        memcpy(buf + clen + 1, msg, len);
    *out_len = clen + 1 + len;
    return buf;
}

eid_status cry_sign_detached(uint8_t sig[CRY_SIGNATURE_BYTES], const char *context, const uint8_t *msg,
                             size_t len, const uint8_t sk[CRY_SIGN_SECRET_BYTES])
{
    size_t n;
    uint8_t *buf = framed(context, msg, len, &n);
    if (buf == NULL)
        return EID_ERR_NO_MEMORY;
    int rc = crypto_sign_detached(sig, NULL, buf, n, sk);
    mem_free_secret(buf, n);
    return rc == 0 ? EID_OK : EID_ERR_CRYPTO;
}

eid_status cry_sign_verify(const uint8_t sig[CRY_SIGNATURE_BYTES], const char *context, const uint8_t *msg,
                           size_t len, const uint8_t pk[CRY_SIGN_PUBLIC_BYTES])
{
    size_t n;
    uint8_t *buf = framed(context, msg, len, &n);
    if (buf == NULL)
        return EID_ERR_NO_MEMORY;
    int rc = crypto_sign_verify_detached(sig, buf, n, pk);
    mem_free_secret(buf, n);
    return rc == 0 ? EID_OK : EID_ERR_BAD_SIGNATURE;
}

int cry_sign_verify_raw(const uint8_t sig[CRY_SIGNATURE_BYTES], const uint8_t *msg, size_t len,
                        const uint8_t pk[CRY_SIGN_PUBLIC_BYTES])
{
    return crypto_sign_verify_detached(sig, msg, len, pk);
}

void cry_key_id(uint8_t id[EID_KEY_ID_BYTES], const uint8_t pk[CRY_SIGN_PUBLIC_BYTES])
{
    uint8_t h[32];
    crypto_generichash(h, sizeof h, pk, CRY_SIGN_PUBLIC_BYTES, NULL, 0);
    memcpy(id, h, EID_KEY_ID_BYTES);
}

void cry_hash16(uint8_t out[CRY_HASH16_BYTES], const char *personal, const uint8_t *a, size_t alen,
                const uint8_t *b, size_t blen)
{
    uint8_t pers[crypto_generichash_blake2b_PERSONALBYTES] = {0};
    size_t plen = strlen(personal);
    memcpy(pers, personal, plen < sizeof pers ? plen : sizeof pers);
    crypto_generichash_blake2b_state st;
    crypto_generichash_blake2b_init_salt_personal(&st, NULL, 0, CRY_HASH16_BYTES, NULL, pers);
    crypto_generichash_blake2b_update(&st, a, alen);
    if (b != NULL)
        crypto_generichash_blake2b_update(&st, b, blen);
    crypto_generichash_blake2b_final(&st, out, CRY_HASH16_BYTES);
}

void cry_hash(uint8_t *out, size_t outlen, const uint8_t *in, size_t len)
{
    crypto_generichash(out, outlen, in, len, NULL, 0);
}

void cry_hash_keyed(uint8_t *out, size_t outlen, const uint8_t *in, size_t len, const uint8_t *key, size_t keylen)
{
    crypto_generichash(out, outlen, in, len, key, keylen);
}

eid_status cry_aead_seal(uint8_t *out, const uint8_t *msg, size_t len, const uint8_t *ad, size_t adlen,
                         const uint8_t nonce[CRY_AEAD_NONCE_BYTES], const uint8_t key[CRY_AEAD_KEY_BYTES])
{
    return crypto_aead_xchacha20poly1305_ietf_encrypt(out, NULL, msg, len, ad, adlen, NULL, nonce, key) == 0
               ? EID_OK
               : EID_ERR_CRYPTO;
}

eid_status cry_aead_open(uint8_t *out, const uint8_t *ct, size_t ctlen, const uint8_t *ad, size_t adlen,
                         const uint8_t nonce[CRY_AEAD_NONCE_BYTES], const uint8_t key[CRY_AEAD_KEY_BYTES])
{
    if (ctlen < CRY_AEAD_TAG_BYTES)
        return EID_ERR_CORRUPT;
    return crypto_aead_xchacha20poly1305_ietf_decrypt(out, NULL, NULL, ct, ctlen, ad, adlen, nonce, key) == 0
               ? EID_OK
               : EID_ERR_CORRUPT;
}

eid_status cry_argon2id(uint8_t *out, size_t outlen, const char *passcode, size_t passlen,
                        const uint8_t salt[CRY_PWHASH_SALT_BYTES], uint64_t opslimit, size_t memlimit)
{
    if (opslimit < crypto_pwhash_OPSLIMIT_MIN || memlimit < crypto_pwhash_MEMLIMIT_MIN)
        return EID_ERR_INVALID_ARG;
    /* Argon2id's memory comes from libsodium's own allocator: the seam's test
     * hook counts it as one allocation. */
    if (mem_hook_refuse())
        return EID_ERR_NO_MEMORY;
    int rc = crypto_pwhash(out, outlen, passcode, passlen, salt, opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13);
    return rc == 0 ? EID_OK : EID_ERR_NO_MEMORY; /* libsodium fails here only when it cannot allocate */
}

void *cry_secure_alloc(size_t n) { return mem_hook_refuse() ? NULL : sodium_malloc(n); }
void cry_secure_free(void *p) { sodium_free(p); }
void cry_secure_readonly(void *p) { sodium_mprotect_readonly(p); }
void cry_secure_readwrite(void *p) { sodium_mprotect_readwrite(p); }
void cry_memzero(void *p, size_t n) { sodium_memzero(p, n); }
int cry_ct_equal(const void *a, const void *b, size_t n) { return sodium_memcmp(a, b, n) == 0; }
