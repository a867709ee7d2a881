// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Callbacks from C into Java: keystore outcomes, and callbacks that throw, never cross into C. */
class KeyStoreTest {
    enum Mode { NORMAL, CANCEL, INVALIDATED, THROW, ERROR, SHORT, NULL }

    /** A keystore whose next calls behave as `mode` says. */
    static final class Scripted implements KeyStore {
        final SoftwareKeyStore soft = new SoftwareKeyStore();
        volatile Mode mode = Mode.NORMAL;
        volatile Mode deleteMode = Mode.NORMAL;
        volatile int calls;

        @Override
        public Kind kind() {
            return Kind.TEE;
        }

        @Override
        public byte[] prf(String alias, byte[] input) throws KeyStoreException {
            calls++;
            assertEquals(32, input.length);
            assertTrue(alias.startsWith("eid.vault."), alias);
            switch (mode) {
                case CANCEL: throw new KeyStoreCancelledException("the user dismissed the prompt");
                case INVALIDATED: throw new KeyInvalidatedException("biometrics changed");
                case THROW: throw new IllegalStateException("keystore bug");
                case ERROR: throw new StackOverflowError("deep");
                case SHORT: return new byte[16];
                case NULL: return null;
                default: return soft.prf(alias, input);
            }
        }

        @Override
        public void deleteKey(String alias) throws KeyStoreException {
            if (deleteMode == Mode.THROW) {
                throw new KeyStoreException("cannot delete");
            }
            if (deleteMode == Mode.CANCEL) {
                throw new KeyStoreCancelledException("dismissed");
            }
            soft.deleteKey(alias);
        }
    }

    private static void fails(Status expected, org.junit.jupiter.api.function.Executable call) {
        EidException e = assertThrows(EidException.class, call);
        assertEquals(expected, e.status(), e.getMessage());
    }

    @Test
    void eachKeystoreOutcomeHasItsStatus() throws Exception {
        Scripted ks = new Scripted();
        Path dir = World.newDir("keystore");
        for (Mode m : new Mode[] {Mode.THROW, Mode.ERROR, Mode.SHORT, Mode.NULL}) {
            ks.mode = m;
            fails(Status.KEYSTORE, () -> Vault.create(dir, World.PASSCODE, ks, World.fastOptions()));
            assertFalse(Files.exists(dir.resolve("vault.db")), m + ": a refused create leaves no vault");
        }
        ks.mode = Mode.CANCEL;
        fails(Status.KEYSTORE_CANCELLED, () -> Vault.create(dir, World.PASSCODE, ks, World.fastOptions()));
        ks.mode = Mode.NORMAL;
        try (Vault v = Vault.create(dir, World.PASSCODE, ks, World.fastOptions())) {
            assertEquals(KeyStore.Kind.TEE, v.keystoreKind());
            v.lock();
            ks.mode = Mode.CANCEL;
            fails(Status.KEYSTORE_CANCELLED, () -> v.unlock(World.PASSCODE));
            ks.mode = Mode.THROW;
            fails(Status.KEYSTORE, () -> v.unlock(World.PASSCODE));
            ks.mode = Mode.ERROR;
            fails(Status.KEYSTORE, () -> v.unlock(World.PASSCODE));
            assertEquals(0, v.failedAttempts(), "a keystore failure checks no guess");
            ks.mode = Mode.NORMAL;
            v.unlock(World.PASSCODE);
            ks.deleteMode = Mode.THROW;
            fails(Status.KEYSTORE, v::wipe);
            ks.deleteMode = Mode.CANCEL;
            fails(Status.KEYSTORE_CANCELLED, v::wipe);
            assertTrue(Files.exists(dir.resolve("vault.db")), "a refused delete wipes nothing");
        }
        ks.mode = Mode.INVALIDATED;
        fails(Status.KEY_INVALIDATED, () -> Vault.open(dir, ks, World.fastOptions()));
        ks.mode = Mode.NORMAL;
        try (Vault v = Vault.open(dir, ks, World.fastOptions())) {
            ks.mode = Mode.INVALIDATED;
            fails(Status.KEY_INVALIDATED, () -> v.unlock(World.PASSCODE));
        }
        // another keystore (another key) cannot open it: the header does not authenticate
        ks.mode = Mode.NORMAL;
        SoftwareKeyStore other = new SoftwareKeyStore();
        fails(Status.CORRUPT, () -> Vault.open(dir, other, World.fastOptions()));
    }

    @Test
    void clocksAndLoggersThatThrowDoNotCrash() throws Exception {
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        Logger logger = (level, msg) -> {
            messages.add(level + " " + msg);
            throw new RuntimeException("logger bug");
        };
        Clock broken = () -> {
            throw new IllegalStateException("clock bug");
        };
        VaultOptions o = World.fastOptions().logger(logger, Logger.Level.DEBUG).clock(broken).elapsedClock(broken)
                .lockout(1, 30, 60, 0);
        try (Vault v = Vault.create(World.newDir("clocks"), World.PASSCODE, new SoftwareKeyStore(), o)) {
            v.lock();
            fails(Status.WRONG_PASSCODE, () -> v.unlock("999999".toCharArray()));
            fails(Status.LOCKED_OUT, () -> v.unlock(World.PASSCODE));
            assertFalse(messages.isEmpty(), "the logger was called");
            for (String m : messages) {
                assertFalse(m.contains("280419") || m.contains("999999"), "no passcode in a log message: " + m);
            }
        }
        // a wallet whose clock throws reads 1970: the identity is not yet valid, it fails closed
        try (World w = new World(); Vault v = Vault.create(World.newDir("clocks2"), World.PASSCODE,
                new SoftwareKeyStore(), World.fastOptions());
             Wallet wal = Wallet.open(v, new WalletOptions().clock(broken))) {
            EidException e = assertThrows(EidException.class, () -> wal.activate(w.verifier, w.identityFor(wal, 1)));
            assertEquals(40, e.status().family(), e.getMessage());
            assertEquals(0, wal.level());
        }
    }
}
