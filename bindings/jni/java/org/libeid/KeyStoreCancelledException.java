// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/** The user dismissed the keystore's prompt; the vault call fails with Status.KEYSTORE_CANCELLED. */
public class KeyStoreCancelledException extends KeyStoreException {
    private static final long serialVersionUID = 1L;

    public KeyStoreCancelledException(String message) {
        super(message);
    }
}
