// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Eight Java threads verify one presentation at once: exactly one valid, seven REPLAYED. */
class ConcurrencyTest {
    @Test
    void eightThreadsOneValid() throws Exception {
        final int threads = 8;
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        try (World w = new World();
             Vault v = Vault.create(World.newDir("threads"), World.PASSCODE, new SoftwareKeyStore(),
                     World.fastOptions());
             Wallet wal = w.levelTwoWallet(v, DocType.DRIVING_LICENCE)) {
            for (int round = 0; round < 10; round++) {
                DocType t = round % 2 == 0 ? DocType.IDENTITY : DocType.DRIVING_LICENCE;
                String text = wal.present(t, 1, 2).text();
                try (ReplayStore s = ReplayStore.inMemory(64); Verifier ver = w.verifier(s, World.RP_ID)) {
                    CyclicBarrier start = new CyclicBarrier(threads);
                    List<Future<VerificationResult>> fs = new ArrayList<>();
                    for (int i = 0; i < threads; i++) {
                        fs.add(ex.submit(() -> {
                            start.await(10, TimeUnit.SECONDS);
                            return ver.verify(text, w.now);
                        }));
                    }
                    int valid = 0;
                    int replayed = 0;
                    for (Future<VerificationResult> f : fs) {
                        VerificationResult r = f.get(30, TimeUnit.SECONDS);
                        if (r.valid()) {
                            valid++;
                            assertEquals(World.FULL_NAME, r.claims().get(0).text());
                        } else if (r.status() == Status.REPLAYED) {
                            replayed++;
                            assertEquals(0, r.claims().size());
                        }
                    }
                    assertEquals(1, valid, "round " + round);
                    assertEquals(threads - 1, replayed, "round " + round);
                }
            }
        } finally {
            ex.shutdownNow();
        }
    }
}
