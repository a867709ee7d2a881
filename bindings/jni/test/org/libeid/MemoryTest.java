// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * 10 000 rounds of open/close and verify calls through the binding, measuring
 * native memory (glibc heap in use and VmRSS) after a warm-up: growth must
 * stay bounded. Each round opens and closes a vault (a keystore callback),
 * verifies a presentation (a result read and freed), reads a document, encodes
 * a QR code, fails a constructor (a weak passcode) and drops a QR code
 * unclosed for the Cleaner.
 */
class MemoryTest {
    private static final int WARM_UP = 1000;
    private static final int ROUNDS = 10_000;

    @Test
    void tenThousandRoundsDoNotGrowNativeMemory() throws Exception {
        try (World w = new World()) {
            SoftwareKeyStore ks = new SoftwareKeyStore();
            Path dir = World.newDir("memory");
            Path failDir = World.newDir("memory-fail");
            VaultOptions o = World.fastOptions();
            String text;
            try (Vault v = Vault.create(dir, World.PASSCODE, ks, o); Wallet wal = w.levelTwoWallet(v)) {
                text = wal.present(DocType.IDENTITY, 1, 2).text();
                assertTrue(w.verifier.verify(text, w.now).valid());
            }
            char[] weak = "123456".toCharArray();
            long start = System.nanoTime();
            long[] before = null;
            for (int i = 0; i < WARM_UP + ROUNDS; i++) {
                if (i == WARM_UP) {
                    before = measure();
                    start = System.nanoTime();
                }
                try (Vault v = Vault.open(dir, ks, o)) {
                    assertEquals(KeyStore.Kind.SOFTWARE, v.keystoreKind());
                }
                VerificationResult r = w.verifier.verify(text, w.now);
                assertEquals(Status.REPLAYED, r.status());
                try (QrCode q = QrCode.encode(text)) {
                    assertTrue(q.width() > 0);
                }
                QrCode.encode("EID1:" + i); // left to the Cleaner
                EidException e = assertThrows(EidException.class, () -> Vault.create(failDir, weak, ks, o));
                assertEquals(Status.WEAK_PASSCODE, e.status());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] after = measure();
            long heapGrowth = after[0] - before[0];
            long rssGrowth = after[1] - before[1];
            System.out.printf("memory loop: %d rounds in %.1f s; native heap %d -> %d bytes (%+d); "
                            + "VmRSS %d -> %d KiB (%+d KiB)%n", ROUNDS, seconds, before[0], after[0], heapGrowth,
                    before[1] / 1024, after[1] / 1024, rssGrowth / 1024);
            // A leak of one small allocation per round would be 10 000 x at least 16 bytes: the bound leaves
            // room for allocator and JVM noise, not for a leak per call.
            assertTrue(heapGrowth < 1 << 20, "native heap grew by " + heapGrowth + " bytes");
            assertTrue(rssGrowth < 16L << 20, "VmRSS grew by " + rssGrowth + " bytes");
        }
    }

    private static long[] measure() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // the Cleaner thread frees what the GC found
        }
        MemoryProbe.trim();
        return new long[] {MemoryProbe.heapInUse(), MemoryProbe.rss()};
    }
}
