/* The vault header (vault.hdr): everything needed to open the database
 * except the passcode and the keystore key, authenticated by a key that only
 * the keystore can unwrap.
 *
 * Layout (little-endian), fixed fields then length-prefixed blobs:
 *   "EIDVAULT" | u16 format | u8 keystore kind | u8 store profile |
 *   u32 page size | u32 kdf_iter | u8 hmac alg | u8 kdf alg | u16 0 |
 *   16 vault id | u32 failed attempts | i64 last failure | u32 sequence |
 *   u16 n + n auth-key blob (keystore-wrapped) |
 *   2 x slot { u8 state | u8 kdf (1 = Argon2id 1.3) | u16 0 | u32 key generation |
 *              u64 ops | u64 mem | 16 salt | u16 n + n sealed key (keystore-wrapped) } |
 *   32 MAC = BLAKE2b-256 keyed with the auth key over everything before |
 *   32 checksum = BLAKE2b-256 over everything before (catches damage before
 *      the keystore is asked; the MAC catches deliberate changes). */
#ifndef EID_CORE_VAULT_HEADER_H
#define EID_CORE_VAULT_HEADER_H
#include <stddef.h>
#include <stdint.h>
#include "eid/keystore.h"
#include "store/store.h"

#define VAULT_HEADER_FORMAT 1
#define VAULT_ID_BYTES 16
#define VAULT_SALT_BYTES 16
#define VAULT_AUTH_KEY_BYTES 32
#define VAULT_MAC_BYTES 32
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
    uint16_t wrapped_len;
    uint8_t wrapped[EID_KEYSTORE_WRAPPED_MAX];
} vault_slot;

typedef struct vault_header {
    uint16_t format;
    uint8_t keystore_kind;
    store_settings store;
    uint8_t vault_id[VAULT_ID_BYTES];
    uint32_t failed;
    int64_t last_failure;
    uint32_t sequence;     /* bumped by every write */
    uint16_t auth_len;
    uint8_t auth[EID_KEYSTORE_WRAPPED_MAX];
    vault_slot slot[2];
} vault_header;

/* Serialises h and appends MAC (keyed with auth_key) and checksum. */
eid_status vault_header_encode(const vault_header *h, const uint8_t auth_key[VAULT_AUTH_KEY_BYTES], uint8_t *buf,
                               size_t cap, size_t *len);
/* Checks the checksum and parses strictly (the MAC is checked later, once
 * the auth key is unwrapped). EID_ERR_CORRUPT; EID_ERR_UNSUPPORTED_VERSION. */
eid_status vault_header_parse(const uint8_t *buf, size_t len, vault_header *h);
/* EID_OK when the MAC in buf verifies under auth_key, EID_ERR_CORRUPT otherwise. */
eid_status vault_header_verify(const uint8_t *buf, size_t len, const uint8_t auth_key[VAULT_AUTH_KEY_BYTES]);

/* Durable replace: write `tmp`, fsync, rename over `path`, fsync the directory. */
eid_status vault_write_file(const char *dir, const char *path, const char *tmp, const uint8_t *data, size_t len);
eid_status vault_fsync_dir(const char *dir);
/* Reads at most cap bytes; EID_ERR_NOT_FOUND, EID_ERR_CORRUPT when larger. */
eid_status vault_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len);

#endif
