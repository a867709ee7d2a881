/* SPDX-License-Identifier: Apache-2.0 */
/* core/crypto: the only module that calls libsodium.
 * Ed25519 with domain-separated contexts, BLAKE2b, XChaCha20-Poly1305,
 * Argon2id, random bytes, guarded secret memory and constant-time compare. */
#ifndef EID_CORE_CRYPTO_H
#define EID_CORE_CRYPTO_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

#define CRY_SIGN_PUBLIC_BYTES 32
#define CRY_SIGN_SECRET_BYTES 64   /* libsodium form: seed || public key */
#define CRY_SIGN_SEED_BYTES 32
#define CRY_SIGNATURE_BYTES 64
#ifndef EID_KEY_ID_BYTES
#define EID_KEY_ID_BYTES 8
#endif
#define CRY_HASH16_BYTES 16
#define CRY_AEAD_KEY_BYTES 32
#define CRY_AEAD_NONCE_BYTES 24
#define CRY_AEAD_TAG_BYTES 16
#define CRY_PWHASH_SALT_BYTES 16

/* Signing contexts (DESIGN: signature over context || 0x00 || bytes). */
#define CRY_CTX_CREDENTIAL "eid.v1.credential"
#define CRY_CTX_PRESENTATION "eid.v1.presentation"
#define CRY_CTX_REQUEST "eid.v1.request"
#define CRY_CTX_REVOCATION "eid.v1.status"
#define CRY_CTX_TRUST "eid.v1.trust"
#define CRY_CTX_ACTIVATION "eid.v1.activation"
#define CRY_CTX_ISSUANCE "eid.v1.issuance"

eid_status cry_init(void);

void cry_random(void *buf, size_t n);
/* Uniform in [0, upper). upper > 0. */
uint32_t cry_random_uniform(uint32_t upper);

/* Ed25519. sk must live in cry_secure_alloc memory. */
eid_status cry_sign_keypair(uint8_t pk[CRY_SIGN_PUBLIC_BYTES], uint8_t sk[CRY_SIGN_SECRET_BYTES]);
eid_status cry_sign_seed_keypair(uint8_t pk[CRY_SIGN_PUBLIC_BYTES], uint8_t sk[CRY_SIGN_SECRET_BYTES],
                                 const uint8_t seed[CRY_SIGN_SEED_BYTES]);
eid_status cry_sign_detached(uint8_t sig[CRY_SIGNATURE_BYTES], const char *context, const uint8_t *msg,
                             size_t len, const uint8_t sk[CRY_SIGN_SECRET_BYTES]);
/* EID_OK when sig is a valid signature of context||0x00||msg; EID_ERR_BAD_SIGNATURE otherwise. */
eid_status cry_sign_verify(const uint8_t sig[CRY_SIGNATURE_BYTES], const char *context, const uint8_t *msg,
                           size_t len, const uint8_t pk[CRY_SIGN_PUBLIC_BYTES]);
/* The bare primitive, for benchmarks that compare against it. */
int cry_sign_verify_raw(const uint8_t sig[CRY_SIGNATURE_BYTES], const uint8_t *msg, size_t len,
                        const uint8_t pk[CRY_SIGN_PUBLIC_BYTES]);
/* The public key inside a secret key. */
void cry_sign_public_of(uint8_t pk[CRY_SIGN_PUBLIC_BYTES], const uint8_t sk[CRY_SIGN_SECRET_BYTES]);

/* key id = first 8 bytes of BLAKE2b-256(public key). */
void cry_key_id(uint8_t id[EID_KEY_ID_BYTES], const uint8_t pk[CRY_SIGN_PUBLIC_BYTES]);

/* BLAKE2b with a 16-byte output and a personalisation string (zero-padded to
 * 16 bytes) over the concatenation of two parts (b may be NULL). */
void cry_hash16(uint8_t out[CRY_HASH16_BYTES], const char *personal, const uint8_t *a, size_t alen,
                const uint8_t *b, size_t blen);
/* Plain BLAKE2b of outlen (16..64) bytes. */
void cry_hash(uint8_t *out, size_t outlen, const uint8_t *in, size_t len);
/* Keyed BLAKE2b (a MAC) of outlen (16..64) bytes; keylen 16..64. */
void cry_hash_keyed(uint8_t *out, size_t outlen, const uint8_t *in, size_t len, const uint8_t *key, size_t keylen);

/* XChaCha20-Poly1305: out gets ciphertext||tag (len + CRY_AEAD_TAG_BYTES). */
eid_status cry_aead_seal(uint8_t *out, const uint8_t *msg, size_t len, const uint8_t *ad, size_t adlen,
                         const uint8_t nonce[CRY_AEAD_NONCE_BYTES], const uint8_t key[CRY_AEAD_KEY_BYTES]);
/* EID_ERR_CORRUPT when the tag does not verify (wrong key or modified data). */
eid_status cry_aead_open(uint8_t *out, const uint8_t *ct, size_t ctlen, const uint8_t *ad, size_t adlen,
                         const uint8_t nonce[CRY_AEAD_NONCE_BYTES], const uint8_t key[CRY_AEAD_KEY_BYTES]);

/* Argon2id (version 0x13). memlimit in bytes. */
eid_status cry_argon2id(uint8_t *out, size_t outlen, const char *passcode, size_t passlen,
                        const uint8_t salt[CRY_PWHASH_SALT_BYTES], uint64_t opslimit, size_t memlimit);

/* Guarded, locked, zeroed-on-free memory for keys and other secrets. */
void *cry_secure_alloc(size_t n);
void cry_secure_free(void *p); /* accepts NULL */
void cry_secure_readonly(void *p);
void cry_secure_readwrite(void *p);
void cry_memzero(void *p, size_t n);
/* 1 when equal, 0 otherwise, in time independent of the contents. */
int cry_ct_equal(const void *a, const void *b, size_t n);

#endif
