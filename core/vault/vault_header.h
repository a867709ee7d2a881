/* SPDX-License-Identifier: Apache-2.0 */
/* The vault header (vault.hdr): everything needed to open the database
 * except the passcode and the keystore key, authenticated by a key that only
 * the keystore can compute (its PRF of a fixed input).
 *
 * Layout of format 2 (little-endian, fixed size):
 *   "EIDVAULT" | u16 format | u8 keystore kind | u8 store profile |
 *   u32 page size | u32 kdf_iter | u8 hmac alg | u8 kdf alg | u8 use_hmac | u8 0 |
 *   16 vault id | u32 failed attempts | i64 last failure (trusted clock, s) | u32 sequence |
 *   2 x slot { u8 state | u8 kdf (1 = Argon2id 1.3) | u16 0 | u32 key generation |
 *              u64 ops | u64 mem | 16 salt | 24 nonce | 48 sealed key } |
 *   32 MAC = BLAKE2b-256 keyed with the header key over everything before |
 *   32 checksum = BLAKE2b-256 over everything before (catches damage before
 *      the keystore is asked; the MAC catches deliberate changes).
 * The sealed key is the database key under XChaCha20-Poly1305 with the key
 * KDF(Argon2id(passcode) || keystore PRF of it). Format 1 (a passcode-sealed
 * blob wrapped by the keystore) is refused: it cannot be migrated without
 * the keystore's old wrap operation. */
#ifndef EID_CORE_VAULT_HEADER_H
#define EID_CORE_VAULT_HEADER_H
#include <stddef.h>
#include <stdint.h>
#include "eid/keystore.h"
#include "store/store.h"

#define VAULT_HEADER_FORMAT 2
#define VAULT_ID_BYTES 16
#define VAULT_SALT_BYTES 16
#define VAULT_NONCE_BYTES 24
#define VAULT_SEALED_BYTES 48   /* 32-byte key + 16-byte tag */
#define VAULT_AUTH_KEY_BYTES 32
#define VAULT_MAC_BYTES 32
#define VAULT_HEADER_BYTES 344
#define VAULT_HEADER_MAX 2048

enum { SLOT_EMPTY = 0, SLOT_ACTIVE = 1, SLOT_PENDING = 2 };
enum { VAULT_KDF_ARGON2ID13 = 1 };

typedef struct vault_slot {
    uint8_t state;
    uint8_t kdf;
    uint32_t generation;   /* of the database key it seals */
    uint64_t ops;
    uint64_t mem;
    uint8_t salt[VAULT_SALT_BYTES];
    uint8_t nonce[VAULT_NONCE_BYTES];
    uint8_t sealed[VAULT_SEALED_BYTES];
} vault_slot;

typedef struct vault_header {
    uint16_t format;
    uint8_t keystore_kind;
    store_settings store;
    uint8_t vault_id[VAULT_ID_BYTES];
    uint32_t failed;
    int64_t last_failure;  /* reading of the vault's trusted clock */
    uint32_t sequence;     /* bumped by every write */
    vault_slot slot[2];
} vault_header;

/* Serialises h and appends MAC (keyed with auth_key) and checksum. */
eid_status vault_header_encode(const vault_header *h, const uint8_t auth_key[VAULT_AUTH_KEY_BYTES], uint8_t *buf,
                               size_t cap, size_t *len);
/* Checks the checksum and parses strictly (the MAC is checked later, once
 * the keystore gave the header key). EID_ERR_CORRUPT;
 * EID_ERR_UNSUPPORTED_VERSION (h->format then says which). */
eid_status vault_header_parse(const uint8_t *buf, size_t len, vault_header *h);
/* EID_OK when the MAC in buf verifies under auth_key, EID_ERR_CORRUPT otherwise. */
eid_status vault_header_verify(const uint8_t *buf, size_t len, const uint8_t auth_key[VAULT_AUTH_KEY_BYTES]);

/* Durable replace: write `tmp` (mode 0600 whatever the umask), fsync, rename
 * over `path`, fsync the directory. */
eid_status vault_write_file(const char *dir, const char *path, const char *tmp, const uint8_t *data, size_t len);
eid_status vault_fsync_dir(const char *dir);
/* Reads at most cap bytes; EID_ERR_NOT_FOUND, EID_ERR_CORRUPT when larger. */
eid_status vault_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len);

#endif
