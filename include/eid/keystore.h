/*
 * libeid — eid/keystore.h: the platform keystore hook.
 *
 * The vault needs two factors: the passcode and a key held by the platform
 * keystore (Android Keystore with StrongBox or TEE, iOS Keychain or Secure
 * Enclave), non-exportable and bound to this device. libeid never sees that
 * key: it hands the keystore small blobs to wrap (encrypt and authenticate)
 * and later to unwrap, through the callbacks of an eid_keystore. The app
 * fills the struct (JNI/Swift glue does it for the platform keystores); the
 * vault copies the struct, so `ctx` must outlive every vault using it.
 *
 * Each vault uses one key alias ("eid.vault." followed by 32 hex digits);
 * wrap creates the key under that alias when it does not exist yet, and
 * delete_key removes it when the vault is wiped.
 *
 * The software keystore below keeps its keys in files: it is for host tools
 * and tests only. On a phone, use the platform keystore and refuse a vault
 * whose eid_vault_keystore_kind() is EID_KEYSTORE_SOFTWARE.
 *
 * Thread safety: the vault calls the callbacks from the thread that called
 * the vault function, one call at a time per vault. The software keystore
 * may be shared by vaults used from different threads only if they use
 * distinct aliases (distinct vaults do).
 */
#ifndef EID_KEYSTORE_H
#define EID_KEYSTORE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where the keystore keeps its keys; recorded in the vault header. */
typedef enum eid_keystore_kind {
    EID_KEYSTORE_SOFTWARE = 0,        /* keys in files: host tools and tests only */
    EID_KEYSTORE_TEE = 1,             /* Android Keystore backed by the TEE */
    EID_KEYSTORE_SECURE_ELEMENT = 2   /* Android StrongBox or the iOS Secure Enclave */
} eid_keystore_kind;

/* The largest blob wrap may return, and the longest alias it is given (with NUL). */
#define EID_KEYSTORE_WRAPPED_MAX 512
#define EID_KEYSTORE_ALIAS_MAX 48
/*! eid_keystore_wrapped_max() : EID_KEYSTORE_WRAPPED_MAX, for bindings. */
EID_API size_t eid_keystore_wrapped_max(void);
/*! eid_keystore_alias_max() : EID_KEYSTORE_ALIAS_MAX, for bindings. */
EID_API size_t eid_keystore_alias_max(void);

/* wrap: encrypts and authenticates `in` (at most 256 bytes) under the key
 * named `alias`, creating that key if needed, and writes at most `out_cap`
 * (= EID_KEYSTORE_WRAPPED_MAX) bytes to `out`, their count to `*out_len`.
 * unwrap: the reverse. Statuses the vault passes on to its caller:
 *   EID_OK; EID_ERR_KEYSTORE_CANCELLED (the user dismissed a prompt);
 *   EID_ERR_KEY_INVALIDATED (the key is gone or was invalidated, e.g. the
 *   device's biometrics or lock screen changed); EID_ERR_CORRUPT (unwrap: the
 *   blob does not authenticate under the key); EID_ERR_KEYSTORE (anything else). */
typedef eid_status (*eid_keystore_wrap_fn)(void *ctx, const char *alias, const uint8_t *in, size_t in_len,
                                           uint8_t *out, size_t out_cap, size_t *out_len);
typedef eid_status (*eid_keystore_unwrap_fn)(void *ctx, const char *alias, const uint8_t *in, size_t in_len,
                                             uint8_t *out, size_t out_cap, size_t *out_len);
/* delete_key: removes the key named `alias`; EID_OK also when it did not exist. */
typedef eid_status (*eid_keystore_delete_fn)(void *ctx, const char *alias);

typedef struct eid_keystore {
    eid_keystore_kind kind;
    void *ctx;
    eid_keystore_wrap_fn wrap;
    eid_keystore_unwrap_fn unwrap;
    eid_keystore_delete_fn delete_key;
} eid_keystore;

/*! eid_keystore_software() :
 *  Fills `*ks` with a software keystore keeping one random 256-bit key per
 *  alias in a file (mode 0600) in the existing directory `dir`, wrapping
 *  with XChaCha20-Poly1305. NOT for phones: anyone who copies `dir` holds
 *  the keys. Release with eid_keystore_software_free().
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_NOT_FOUND (no such
 *          directory); EID_ERR_NO_MEMORY. */
EID_API eid_status eid_keystore_software(const char *dir, eid_keystore *ks);
/*! eid_keystore_software_free() : releases what eid_keystore_software() set
 *  up (not the key files) and clears `*ks`. Accepts NULL and a cleared struct. */
EID_API void eid_keystore_software_free(eid_keystore *ks);

#ifdef __cplusplus
}
#endif
#endif /* EID_KEYSTORE_H */
