// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/**
 * The keystore key was permanently invalidated (biometrics or lock screen
 * changed); the vault call fails with Status.KEY_INVALIDATED and the vault can
 * never be opened again: create a new one and import the documents again.
 */
public class KeyInvalidatedException extends KeyStoreException {
    private static final long serialVersionUID = 1L;

    public KeyInvalidatedException(String message) {
        super(message);
    }
}
