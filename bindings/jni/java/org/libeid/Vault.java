// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The encrypted vault (eid/vault.h): a directory holding the SQLCipher
 * database, its header and lock file, opened with a passcode and the keystore
 * key. create(), open() and unlock() BLOCK (Argon2id, file I/O, the keystore):
 * call them off the UI thread. A vault is used by one thread at a time: this
 * class serialises its calls (and those of wallets on it). Passcodes are
 * passed as char[] or UTF-8 byte[]; the binding zeroes every copy it makes,
 * in Java and in C; the caller's array stays the caller's to clear.
 */
public final class Vault extends NativeObject {
    final Object lock = new Object();
    private final KeyStore keystore; // referenced by C through a global ref; kept for clarity

    private Vault(Handle h, KeyStore ks) {
        super(h);
        this.keystore = ks;
    }

    private static Vault make(int create, Path dir, byte[] pass, KeyStore ks, VaultOptions o) {
        Eid.init();
        if (ks == null || dir == null) {
            throw new NullPointerException(ks == null ? "keystore" : "dir");
        }
        VaultOptions opts = o != null ? o : new VaultOptions();
        long[] out = new long[1];
        try {
            int st = Native.vaultNew(create, Native.cstr(dir.toString()), pass, ks, ks.kind().ordinal(), opts.nums,
                    opts.clock, opts.elapsedClock, opts.logger, out);
            EidException.check(st, create == 1 ? "creating the vault" : "opening the vault");
        } finally {
            if (pass != null) {
                Arrays.fill(pass, (byte) 0);
            }
        }
        try {
            return new Vault(new Handle(Handle.VAULT, "vault", out[0]), ks);
        } catch (RuntimeException | Error e) {
            Handle.freeNow(Handle.VAULT, out[0]);
            throw e;
        }
    }

    /** Creates a vault in the existing empty directory `dir`, unlocked. Blocks. */
    public static Vault create(Path dir, char[] passcode, KeyStore ks, VaultOptions options) {
        return make(1, dir, Native.passcode(passcode), ks, options);
    }

    /** As {@link #create(Path, char[], KeyStore, VaultOptions)} with a UTF-8 passcode. */
    public static Vault create(Path dir, byte[] passcode, KeyStore ks, VaultOptions options) {
        return make(1, dir, passcode.clone(), ks, options);
    }

    /** Opens the vault in `dir`, locked (checks its header with the keystore). Blocks. */
    public static Vault open(Path dir, KeyStore ks, VaultOptions options) {
        return make(0, dir, null, ks, options);
    }

    /** Applies the passcode policy of `options` (null: defaults) without touching a vault. */
    public static void checkPasscode(char[] passcode, VaultOptions options) {
        VaultOptions o = options != null ? options : new VaultOptions();
        byte[] p = Native.passcode(passcode);
        try {
            EidException.check(Native.vaultCheckPasscode(o.nums, p), "passcode policy");
        } finally {
            Arrays.fill(p, (byte) 0);
        }
    }

    private int locked(IntCall c) {
        synchronized (lock) {
            return callInt(c);
        }
    }

    private void checked(IntCall c) {
        synchronized (lock) {
            int st = callInt(c);
            if (st != 0) {
                throw new EidException(st, lastErrorLocked());
            }
        }
    }

    private String lastErrorLocked() {
        return call(p -> Native.utf8(Native.vaultLastError(p)));
    }

    /**
     * Unlocks with the passcode. Blocks (Argon2id and one keystore call). Throws EidException: WRONG_PASSCODE,
     * LOCKED_OUT (wait {@link #retryAfterSeconds()}), WIPED, STATE (already unlocked), a keystore status...
     */
    public void unlock(char[] passcode) {
        unlockBytes(Native.passcode(passcode));
    }

    public void unlock(byte[] passcode) {
        unlockBytes(passcode.clone());
    }

    private void unlockBytes(byte[] p) {
        try {
            checked(h -> Native.vaultUnlock(h, p));
        } finally {
            Arrays.fill(p, (byte) 0);
        }
    }

    /** Re-seals the database key under a new passcode. Blocks. */
    public void changePasscode(char[] oldPasscode, char[] newPasscode) {
        byte[] o = Native.passcode(oldPasscode);
        byte[] n = Native.passcode(newPasscode);
        try {
            checked(h -> Native.vaultChangePasscode(h, o, n));
        } finally {
            Arrays.fill(o, (byte) 0);
            Arrays.fill(n, (byte) 0);
        }
    }

    /** Closes the database and zeroes the keys in memory. */
    public void lock() {
        checked(Native::vaultLock);
    }

    public boolean isUnlocked() {
        return locked(Native::vaultIsUnlocked) == 1;
    }

    /** Seconds until the next passcode attempt is allowed (0: now). */
    public long retryAfterSeconds() {
        long[] out = new long[1];
        checked(h -> Native.vaultRetryAfter(h, out));
        return out[0];
    }

    /** Consecutive failed passcode attempts recorded. */
    public int failedAttempts() {
        long[] out = new long[1];
        checked(h -> Native.vaultFailedAttempts(h, out));
        return (int) out[0];
    }

    /** Re-encrypts the database under a new random key. Blocks. */
    public void rekey() {
        checked(Native::vaultRekey);
    }

    /** Deletes the keystore key, then every file of the vault. The object is only good for close() after. */
    public void wipe() {
        checked(Native::vaultWipe);
    }

    /** The kind of keystore the vault was created with (from its authenticated header). */
    public KeyStore.Kind keystoreKind() {
        return KeyStore.Kind.values()[locked(Native::vaultKeystoreKind)];
    }

    /** The last failure's developer message (never a secret). */
    public String lastError() {
        synchronized (lock) {
            return lastErrorLocked();
        }
    }

    KeyStore keystore() {
        return keystore;
    }
}
