// SPDX-License-Identifier: Apache-2.0
// The Java side of eid-bench: verifies the presentations eid-bench wrote to DIR
// (root.pk, trust.bin, status1..4.bin, presentations.txt: "at text" per line)
// through org.libeid.Verifier (the thread's CPU time, best of four, after two
// warm-up passes; the JVM's GC and JIT threads are not counted), and times
// Eid.statusCount(), the binding's cheapest native call (it returns
// a constant), as the cost of one call that does nothing. Prints
// "verify_seconds X" and "noop_ns Y".
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.libeid.Eid;
import org.libeid.ReplayStore;
import org.libeid.VerificationResult;
import org.libeid.Verifier;

public final class EidBench {
    private EidBench() {}

    private static Verifier verifier(Path dir) throws Exception {
        Verifier.Builder b = Verifier.builder().root(Files.readAllBytes(dir.resolve("root.pk")))
                .trustList(Files.readAllBytes(dir.resolve("trust.bin"))).rpId("vn.csgt.checkpoint")
                .replayStore(ReplayStore.inMemory(1024));
        for (int t = 1; t <= 4; t++) {
            b.revocationList(Files.readAllBytes(dir.resolve("status" + t + ".bin")));
        }
        return b.build();
    }

    private static void run(Verifier v, long[] at, String[] texts) {
        for (int i = 0; i < texts.length; i++) {
            VerificationResult r = v.verify(texts[i], at[i]);
            if (!r.valid()) {
                throw new IllegalStateException("presentation " + i + " refused");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<String> lines = Files.readAllLines(dir.resolve("presentations.txt"), StandardCharsets.US_ASCII);
        long[] at = new long[lines.size()];
        String[] texts = new String[lines.size()];
        for (int i = 0; i < texts.length; i++) {
            String[] f = lines.get(i).split(" ", 2);
            at[i] = Long.parseLong(f[0]);
            texts[i] = f[1];
        }
        // warm-up: the JIT compiles the binding's path
        for (int k = 0; k < 2; k++) {
            try (Verifier w = verifier(dir)) {
                run(w, at, texts);
            }
        }
        // the verifying thread's CPU time, as eid-bench measures the C call
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int k = 0; k < 4; k++) { // the best of four
            try (Verifier v = verifier(dir)) {
                long t0 = cpu.getCurrentThreadCpuTime();
                run(v, at, texts);
                best = Math.min(best, (cpu.getCurrentThreadCpuTime() - t0) / 1e9);
            }
        }
        System.out.println("verify_seconds " + best);
        int n = 2_000_000;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Eid.statusCount();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sum += Eid.statusCount();
        }
        double ns = (System.nanoTime() - t0) / (double) n;
        System.out.println("noop_ns " + ns + (sum == 0 ? " " : ""));
    }
}
