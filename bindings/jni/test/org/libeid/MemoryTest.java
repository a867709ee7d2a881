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
 * unclosed for the Reaper.
 */
class MemoryTest {
    private static final int WARM_UP = 2000;
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
            long start = 0;
            long[][] at = new long[3][];
            for (int i = 0; i < WARM_UP + ROUNDS; i++) {
                if (i == WARM_UP) {
                    at[0] = measure();
                    start = System.nanoTime();
                } else if (i == WARM_UP + ROUNDS / 2) {
                    at[1] = measure();
                }
                try (Vault v = Vault.open(dir, ks, o)) {
                    assertEquals(KeyStore.Kind.SOFTWARE, v.keystoreKind());
                }
                VerificationResult r = w.verifier.verify(text, w.now);
                assertEquals(Status.REPLAYED, r.status());
                try (QrCode q = QrCode.encode(text)) {
                    assertTrue(q.width() > 0);
                }
                QrCode.encode("EID1:" + i); // left to the Reaper
                EidException e = assertThrows(EidException.class, () -> Vault.create(failDir, weak, ks, o));
                assertEquals(Status.WEAK_PASSCODE, e.status());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            at[2] = measure();
            System.out.printf("memory loop: %d rounds after %d of warm-up, %.1f s; native heap in use %d, %d, %d "
                            + "bytes; VmRSS %d, %d, %d KiB (after the warm-up, half-way, at the end)%n", ROUNDS,
                    WARM_UP, seconds, at[0][0], at[1][0], at[2][0], at[0][1] / 1024, at[1][1] / 1024,
                    at[2][1] / 1024);
            // The JVM's own heap use (compiler arenas) swings by megabytes while it runs (the half-way figure
            // shows it) and settles again; a leak does not. 512 KiB over 10 000 rounds is less than any
            // handle, result or buffer of libeid leaked once per round (over 52 bytes each).
            long heapGrowth = at[2][0] - at[0][0];
            long rssGrowth = at[2][1] - at[0][1];
            assertTrue(heapGrowth < 512 << 10, "native heap grew by " + heapGrowth + " bytes");
            assertTrue(rssGrowth < 16L << 20, "VmRSS grew by " + rssGrowth + " bytes");
        }
    }

    private static long[] measure() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // the Reaper thread frees what the GC found
        }
        MemoryProbe.trim();
        return new long[] {MemoryProbe.heapInUse(), MemoryProbe.rss()};
    }
}
