// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/** A keystore failure a {@link KeyStore} reports; the vault sees Status.KEYSTORE. */
public class KeyStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyStoreException(String message) {
        super(message);
    }

    public KeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
