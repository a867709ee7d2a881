// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keystore in process memory: HMAC-SHA256 under a random 256-bit key per
 * alias, as the Android implementation computes it in AndroidKeyStore. For
 * tests and host tools only (kind SOFTWARE): the keys die with the process,
 * so a vault made with it opens only in the same process.
 */
public final class SoftwareKeyStore implements KeyStore {
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Override
    public Kind kind() {
        return Kind.SOFTWARE;
    }

    @Override
    public byte[] prf(String alias, byte[] input) throws KeyStoreException {
        byte[] key = keys.computeIfAbsent(alias, a -> {
            byte[] k = new byte[32];
            random.nextBytes(k);
            return k;
        });
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public void deleteKey(String alias) {
        byte[] k = keys.remove(alias);
        if (k != null) {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** True while a key exists under {@code alias}. */
    public boolean hasKey(String alias) {
        return keys.containsKey(alias);
    }

    /** How many keys it holds. */
    public int size() {
        return keys.size();
    }
}
