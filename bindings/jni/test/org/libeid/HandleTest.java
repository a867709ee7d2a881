// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Owner objects: use after close, double close, close racing a call, pins between handles. */
class HandleTest {
    @Test
    void useAfterCloseThrowsAndCloseIsIdempotent() throws Exception {
        try (World w = new World()) {
            QrCode q = QrCode.encode("EID1:ABC");
            q.close();
            q.close();
            assertTrue(q.isClosed());
            assertThrows(IllegalStateException.class, q::width);
            assertThrows(IllegalStateException.class, () -> q.png(4, 4));

            SigningKey k = SigningKey.generate();
            k.close();
            assertThrows(IllegalStateException.class, k::publicKey);
            assertThrows(IllegalStateException.class, () -> Request.create(k, World.RP_ID, DocType.IDENTITY,
                    new int[] {1}, w.now, 60));

            Vault v = Vault.create(World.newDir("closed"), World.PASSCODE, new SoftwareKeyStore(),
                    World.fastOptions());
            Wallet wal = w.levelTwoWallet(v);
            Document d = wal.document(DocType.IDENTITY);
            Card c = d.card(Language.EN, false);
            d.close();
            assertEquals(World.FULL_NAME, c.holderName(), "a card outlives its document");
            c.close();
            c.close();
            assertThrows(IllegalStateException.class, c::holderName);
            assertThrows(IllegalStateException.class, d::claims);
            String text = wal.present(DocType.IDENTITY, 1).text();

            // closing the vault first: the wallet keeps it open until the wallet goes
            v.close();
            assertTrue(v.isClosed());
            assertThrows(IllegalStateException.class, v::isUnlocked);
            assertEquals(2, wal.level(), "the wallet's vault stays open under it");
            wal.close();
            wal.close();
            assertThrows(IllegalStateException.class, wal::level);

            // a closed replay store stays open under its verifier
            ReplayStore s = ReplayStore.inMemory(16);
            Verifier ver = w.verifier(s, World.RP_ID);
            s.close();
            assertTrue(ver.verify(text, w.now).valid());
            ver.close();
            assertThrows(IllegalStateException.class, () -> ver.verify(text, w.now));
            // a verifier on a closed store cannot be built
            assertThrows(IllegalStateException.class, () -> w.verifier(s, World.RP_ID));
        }
    }

    /** close() while the keystore callback holds unlock() inside C: nothing is freed under the call. */
    /** The Reaper runs an owner's action once: when the owner is unreachable, or at clean(), never both. */
    @Test
    void theReaperRunsEachActionOnce() throws Exception {
        AtomicInteger dropped = new AtomicInteger(), closed = new AtomicInteger();
        Reaper.register(new Object(), dropped::incrementAndGet); // unreachable at once
        Object kept = new Object();
        Reaper.Cleanable c = Reaper.register(kept, closed::incrementAndGet);
        c.clean();
        c.clean();
        assertEquals(1, closed.get());
        for (int i = 0; i < 200 && dropped.get() == 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(1, dropped.get(), "an unreachable owner's action ran");
        System.gc();
        Thread.sleep(50);
        assertEquals(1, closed.get(), "a cleaned action does not run again when its owner goes");
        assertEquals(1, dropped.get());
        java.lang.ref.Reference.reachabilityFence(kept);
    }

    @Test
    void closeRacingAVaultCall() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        SoftwareKeyStore soft = new SoftwareKeyStore();
        boolean[] hold = {false};
        KeyStore slow = new KeyStore() {
            @Override
            public Kind kind() {
                return Kind.SOFTWARE;
            }

            @Override
            public byte[] prf(String alias, byte[] in) throws KeyStoreException {
                if (hold[0]) {
                    inCall.countDown();
                    try {
                        closed.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new KeyStoreException("interrupted");
                    }
                }
                return soft.prf(alias, in);
            }

            @Override
            public void deleteKey(String alias) {
                soft.deleteKey(alias);
            }
        };
        Vault v = Vault.create(World.newDir("race"), World.PASSCODE, slow, World.fastOptions());
        v.lock();
        hold[0] = true;
        ExecutorService ex = Executors.newSingleThreadExecutor();
        Future<?> unlock = ex.submit(() -> v.unlock(World.PASSCODE));
        assertTrue(inCall.await(10, TimeUnit.SECONDS));
        v.close(); // returns at once; the vault is freed when unlock() leaves C
        assertTrue(v.isClosed());
        closed.countDown();
        unlock.get(10, TimeUnit.SECONDS); // the call in flight finished normally
        assertThrows(IllegalStateException.class, v::isUnlocked);
        ex.shutdown();
    }

    /** Threads verifying while another closes the verifier: each call returns a result or throws ISE. */
    @Test
    void closeRacingVerifications() throws Exception {
        try (World w = new World();
             Vault v = Vault.create(World.newDir("race2"), World.PASSCODE, new SoftwareKeyStore(),
                     World.fastOptions());
             Wallet wal = w.levelTwoWallet(v)) {
            String text = wal.present(DocType.IDENTITY, 1).text();
            for (int round = 0; round < 20; round++) {
                ReplayStore s = ReplayStore.inMemory(16);
                Verifier ver = w.verifier(s, World.RP_ID);
                s.close();
                AtomicInteger finished = new AtomicInteger();
                AtomicInteger stoppedByClose = new AtomicInteger();
                java.util.List<Throwable> other = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
                CountDownLatch go = new CountDownLatch(1);
                Thread[] ts = new Thread[4];
                for (int i = 0; i < ts.length; i++) {
                    ts[i] = new Thread(() -> {
                        try {
                            go.await();
                            for (int n = 0; n < 50; n++) {
                                VerificationResult r = ver.verify(text, w.now);
                                if (r.status() == null) {
                                    throw new AssertionError("no status");
                                }
                            }
                            finished.incrementAndGet();
                        } catch (IllegalStateException e) {
                            stoppedByClose.incrementAndGet();
                        } catch (Throwable e) {
                            other.add(e);
                        }
                    });
                    ts[i].start();
                }
                go.countDown();
                Thread.sleep(round % 3);
                ver.close();
                for (Thread t : ts) {
                    t.join(10_000);
                    assertFalse(t.isAlive());
                }
                assertTrue(other.isEmpty(), "only results or IllegalStateException: " + other);
                assertEquals(4, finished.get() + stoppedByClose.get());
                assertThrows(IllegalStateException.class, () -> ver.verify(text, w.now));
            }
        }
    }
}
