/* core/crypto: the only module that calls libsodium.
 * Ed25519 with domain-separated contexts, BLAKE2b, XChaCha20-Poly1305,
 * Argon2id, random bytes, guarded secret memory and constant-time compare. */
#ifndef EID_CORE_CRYPTO_H
#define EID_CORE_CRYPTO_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

#define EID_SIGN_PUBLIC_BYTES 32
#define EID_SIGN_SECRET_BYTES 64   /* libsodium form: seed || public key */
#define EID_SIGN_SEED_BYTES 32
#define EID_SIGNATURE_BYTES 64
#ifndef EID_KEY_ID_BYTES
#define EID_KEY_ID_BYTES 8
#endif
#define EID_HASH16_BYTES 16
#define EID_AEAD_KEY_BYTES 32
#define EID_AEAD_NONCE_BYTES 24
#define EID_AEAD_TAG_BYTES 16
#define EID_PWHASH_SALT_BYTES 16

/* Signing contexts (DESIGN: signature over context || 0x00 || bytes). */
#define EID_CTX_CREDENTIAL "eid.v1.credential"
#define EID_CTX_PRESENTATION "eid.v1.presentation"
#define EID_CTX_REQUEST "eid.v1.request"
#define EID_CTX_STATUS "eid.v1.status"
#define EID_CTX_TRUST "eid.v1.trust"
#define EID_CTX_ACTIVATION "eid.v1.activation"
#define EID_CTX_ISSUANCE "eid.v1.issuance"

eid_status eid_crypto_init(void);

void eid_random(void *buf, size_t n);
/* Uniform in [0, upper). upper > 0. */
uint32_t eid_random_uniform(uint32_t upper);

/* Ed25519. sk must live in eid_secure_alloc memory. */
eid_status eid_sign_keypair(uint8_t pk[EID_SIGN_PUBLIC_BYTES], uint8_t sk[EID_SIGN_SECRET_BYTES]);
eid_status eid_sign_seed_keypair(uint8_t pk[EID_SIGN_PUBLIC_BYTES], uint8_t sk[EID_SIGN_SECRET_BYTES],
                                 const uint8_t seed[EID_SIGN_SEED_BYTES]);
eid_status eid_sign_detached(uint8_t sig[EID_SIGNATURE_BYTES], const char *context, const uint8_t *msg,
                             size_t len, const uint8_t sk[EID_SIGN_SECRET_BYTES]);
/* EID_OK when sig is a valid signature of context||0x00||msg; EID_ERR_BAD_SIGNATURE otherwise. */
eid_status eid_sign_verify(const uint8_t sig[EID_SIGNATURE_BYTES], const char *context, const uint8_t *msg,
                           size_t len, const uint8_t pk[EID_SIGN_PUBLIC_BYTES]);
/* The bare primitive, for benchmarks that compare against it. */
int eid_sign_verify_raw(const uint8_t sig[EID_SIGNATURE_BYTES], const uint8_t *msg, size_t len,
                        const uint8_t pk[EID_SIGN_PUBLIC_BYTES]);
/* The public key inside a secret key. */
void eid_sign_public_of(uint8_t pk[EID_SIGN_PUBLIC_BYTES], const uint8_t sk[EID_SIGN_SECRET_BYTES]);

/* key id = first 8 bytes of BLAKE2b-256(public key). */
void eid_crypto_key_id(uint8_t id[EID_KEY_ID_BYTES], const uint8_t pk[EID_SIGN_PUBLIC_BYTES]);

/* BLAKE2b with a 16-byte output and a personalisation string (zero-padded to
 * 16 bytes) over the concatenation of two parts (b may be NULL). */
void eid_hash16(uint8_t out[EID_HASH16_BYTES], const char *personal, const uint8_t *a, size_t alen,
                const uint8_t *b, size_t blen);
/* Plain BLAKE2b of outlen (16..64) bytes. */
void eid_hash(uint8_t *out, size_t outlen, const uint8_t *in, size_t len);
/* Keyed BLAKE2b (a MAC) of outlen (16..64) bytes; keylen 16..64. */
void eid_hash_keyed(uint8_t *out, size_t outlen, const uint8_t *in, size_t len, const uint8_t *key, size_t keylen);

/* XChaCha20-Poly1305: out gets ciphertext||tag (len + EID_AEAD_TAG_BYTES). */
eid_status eid_aead_seal(uint8_t *out, const uint8_t *msg, size_t len, const uint8_t *ad, size_t adlen,
                         const uint8_t nonce[EID_AEAD_NONCE_BYTES], const uint8_t key[EID_AEAD_KEY_BYTES]);
/* EID_ERR_CORRUPT when the tag does not verify (wrong key or modified data). */
eid_status eid_aead_open(uint8_t *out, const uint8_t *ct, size_t ctlen, const uint8_t *ad, size_t adlen,
                         const uint8_t nonce[EID_AEAD_NONCE_BYTES], const uint8_t key[EID_AEAD_KEY_BYTES]);

/* Argon2id (version 0x13). memlimit in bytes. */
eid_status eid_argon2id(uint8_t *out, size_t outlen, const char *passcode, size_t passlen,
                        const uint8_t salt[EID_PWHASH_SALT_BYTES], uint64_t opslimit, size_t memlimit);

/* Guarded, locked, zeroed-on-free memory for keys and other secrets. */
void *eid_secure_alloc(size_t n);
void eid_secure_free(void *p); /* accepts NULL */
void eid_secure_readonly(void *p);
void eid_secure_readwrite(void *p);
void eid_memzero(void *p, size_t n);
/* 1 when equal, 0 otherwise, in time independent of the contents. */
int eid_ct_equal(const void *a, const void *b, size_t n);

#endif
