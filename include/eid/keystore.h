/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libeid — eid/keystore.h: the platform keystore hook.
 *
 * The vault needs two factors: the passcode and a key held by the platform
 * keystore, non-exportable and bound to this device. libeid never sees that
 * key: it asks the keystore for a pseudorandom function of 32 bytes under it
 * (`out = PRF_key(in)`), through the callbacks of an eid_keystore. The app
 * fills the struct (JNI/Swift glue does it for the platform keystores); the
 * vault copies the struct, so `ctx` must outlive every vault using it.
 *
 * Why a PRF: unlocking computes a = Argon2id(passcode, salt), then
 * b = prf(alias, a), and only KDF(a || b) opens the sealed database key. Every
 * passcode guess therefore costs one PRF call inside this device's keystore,
 * where the platform's own rate limits apply; no value the keystore returns
 * for one input helps with another. (The output for the right passcode is as
 * secret as the database key: the vault keeps it in locked memory and zeroes
 * it at once.) The vault also asks for the PRF of fixed, domain-separated
 * inputs: the key that authenticates the vault header, and the key that seals
 * holder signing keys inside the database.
 *
 * How platforms realise it (in the glue, not in C):
 * - Android: an HMAC-SHA256 key generated in AndroidKeyStore under the alias
 *   (KeyGenParameterSpec with PURPOSE_SIGN, setIsStrongBoxBacked(true) when
 *   the device has StrongBox: kind EID_KEYSTORE_SECURE_ELEMENT, else
 *   EID_KEYSTORE_TEE; setUnlockedDeviceRequired(true)); prf is Mac.doFinal(in).
 * - iOS: a Secure Enclave P-256 key (kSecAttrTokenIDSecureEnclave,
 *   ...ThisDeviceOnly); prf maps `in` to a curve point with a hash-to-curve
 *   method (RFC 9380, P256_XMD:SHA-256_SSWU_RO_), performs key agreement
 *   (SecKeyCopyKeyExchangeResult) between the enclave key and that point, and
 *   returns SHA-256 of the shared secret. The enclave never releases the key.
 * - The software keystore below: keyed BLAKE2b under a key kept in a file.
 *
 * Each vault uses one key alias ("eid.vault." followed by 32 hex digits).
 * prf creates the key under that alias the first time the alias is used (the
 * vault's first call for an alias comes from eid_vault_create()); delete_key
 * removes it when the vault is wiped. A keystore that can tell that a key was
 * invalidated (Android: KeyPermanentlyInvalidatedException) says so with
 * EID_ERR_KEY_INVALIDATED; a key that is simply missing and recreated makes
 * the vault's header fail to authenticate (EID_ERR_CORRUPT).
 *
 * The software keystore keeps its keys in files: it is for host tools and
 * tests only. On a phone, use the platform keystore and refuse a vault whose
 * eid_vault_keystore_kind() is EID_KEYSTORE_SOFTWARE.
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

/* Bytes in and out of prf, and the longest alias it is given (with NUL). */
#define EID_KEYSTORE_PRF_BYTES 32
#define EID_KEYSTORE_ALIAS_MAX 48
/*! eid_keystore_prf_bytes() : EID_KEYSTORE_PRF_BYTES, for bindings. */
EID_API size_t eid_keystore_prf_bytes(void);
/*! eid_keystore_alias_max() : EID_KEYSTORE_ALIAS_MAX, for bindings. */
EID_API size_t eid_keystore_alias_max(void);

/* prf: writes to `out` a pseudorandom function of `in` under the
 * non-exportable key named `alias` (creating that key if it does not exist):
 * deterministic for a given key and input, unpredictable without the key.
 * Statuses the vault passes on to its caller:
 *   EID_OK; EID_ERR_KEYSTORE_CANCELLED (the user dismissed a prompt);
 *   EID_ERR_KEY_INVALIDATED (the key was invalidated, e.g. the device's
 *   biometrics or lock screen changed); EID_ERR_KEYSTORE (anything else).
 * On failure `out` is ignored. */
typedef eid_status (*eid_keystore_prf_fn)(void *ctx, const char *alias, const uint8_t in[EID_KEYSTORE_PRF_BYTES],
                                          uint8_t out[EID_KEYSTORE_PRF_BYTES]);
/* delete_key: removes the key named `alias`; EID_OK also when it did not exist. */
typedef eid_status (*eid_keystore_delete_fn)(void *ctx, const char *alias);

typedef struct eid_keystore {
    eid_keystore_kind kind;
    void *ctx;
    eid_keystore_prf_fn prf;
    eid_keystore_delete_fn delete_key;
} eid_keystore;

/*! eid_keystore_software_open() :
 *  Fills `*ks` with a software keystore keeping one random 256-bit key per
 *  alias in a file (mode 0600) in the existing directory `dir`; its PRF is
 *  BLAKE2b-256 keyed with that key over a label, the alias and the input.
 *  NOT for phones: anyone who copies `dir` holds the keys, so keep `dir`
 *  apart from the vault's directory. Release with eid_keystore_software_close().
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_NOT_FOUND (no such
 *          directory); EID_ERR_NO_MEMORY. */
EID_API eid_status eid_keystore_software_open(const char *dir, eid_keystore *ks);
/*! eid_keystore_software_close() : releases what eid_keystore_software_open() set
 *  up (not the key files) and clears `*ks`. Accepts NULL and a cleared struct. */
EID_API void eid_keystore_software_close(eid_keystore *ks);

#ifdef __cplusplus
}
#endif
#endif /* EID_KEYSTORE_H */
