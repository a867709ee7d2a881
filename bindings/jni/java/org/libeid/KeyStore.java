// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/**
 * The platform keystore the vault's second factor lives in (eid/keystore.h).
 * libeid never sees the key: it asks for a pseudorandom function of 32 bytes
 * under the non-exportable key named {@code alias}, creating the key the first
 * time an alias is used. On Android: an HMAC-SHA256 key in AndroidKeyStore
 * (KeyGenParameterSpec PURPOSE_SIGN, setIsStrongBoxBacked(true) where the device
 * has StrongBox, setUnlockedDeviceRequired(true)); prf is Mac.doFinal(input).
 * bindings/jni/README.md has the code.
 *
 * <p>The vault calls these methods on the thread that called the vault, one
 * call at a time per vault. Throw {@link KeyStoreCancelledException} when the
 * user dismissed a prompt and {@link KeyInvalidatedException} when the key was
 * permanently invalidated (Android: KeyPermanentlyInvalidatedException); any
 * other exception or a result that is not 32 bytes counts as a keystore
 * failure (Status.KEYSTORE). Nothing thrown here ever crosses into C.
 */
public interface KeyStore {
    /** Where the keys live; recorded in the vault header. */
    enum Kind {
        /** Keys in process memory or files: tests and host tools only. */
        SOFTWARE,
        /** Android Keystore backed by the TEE. */
        TEE,
        /** StrongBox or a secure element. */
        SECURE_ELEMENT
    }

    Kind kind();

    /**
     * PRF of {@code input} (32 bytes) under the key {@code alias}, created if missing: 32 bytes, deterministic
     * for a key and an input. The binding zeroes the returned array after copying it.
     */
    byte[] prf(String alias, byte[] input) throws KeyStoreException;

    /** Removes the key {@code alias}; no error when it does not exist. */
    void deleteKey(String alias) throws KeyStoreException;
}
