// SPDX-License-Identifier: Apache-2.0
// The Swift side of eid-bench (tests/bench/eid_bench.c), built in release mode by
// scripts/bench: verifies the presentations eid-bench wrote to DIR (root.pk,
// trust.bin, status1..4.bin, presentations.txt: "at text" per line) through
// EID.Verifier, and times eid_status_count() called from Swift: Swift calls
// the C API directly, so the cost of a call that does nothing is the C call's.
// Prints "verify_seconds X" and "noop_ns Y".
import CEID
import EID
import Foundation

@inline(never) func noopLoop(_ n: Int) -> Int {
    var sum = 0
    for _ in 0..<n { sum &+= Int(eid_status_count()) }
    return sum
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// This thread's CPU time, as eid-bench measures the C call.
func cpu() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

let args = CommandLine.arguments
guard args.count == 2 else {
    FileHandle.standardError.write("usage: eid-bench-swift DIR\n".data(using: .utf8)!)
    exit(2)
}
let dir = URL(fileURLWithPath: args[1])
func read(_ name: String) throws -> Data { try Data(contentsOf: dir.appendingPathComponent(name)) }

do {
    let root = try read("root.pk")
    let trust = try read("trust.bin")
    let lists = try (1...4).map { StatusList(try read("status\($0).bin")) }
    let lines = try String(contentsOf: dir.appendingPathComponent("presentations.txt"), encoding: .ascii)
        .split(separator: "\n")
    let work: [(Date, String)] = lines.map { line in
        let parts = line.split(separator: " ", maxSplits: 1)
        return (Date(timeIntervalSince1970: Double(parts[0])!), String(parts[1]))
    }
    var options = VerifierOptions()
    options.relyingParty = "vn.csgt.checkpoint"
    var best = Double.greatestFiniteMagnitude
    for round in 0..<5 {
        let v = try Verifier(roots: [root], trustList: trust, statusLists: lists, store: try ReplayStore(capacity: 1024),
                             options: options)
        let t0 = cpu()
        for (i, (at, text)) in work.enumerated() {
            let r = try v.verify(text, at: at)
            guard r.isValid else {
                FileHandle.standardError.write("presentation \(i) refused: \(r.status)\n".data(using: .utf8)!)
                exit(1)
            }
        }
        if round > 0 { best = min(best, cpu() - t0) } // the first round warms up; the best of four
    }
    print("verify_seconds \(best)")
    let n = 10_000_000
    let t0 = now()
    let sum = noopLoop(n)
    print("noop_ns \((now() - t0) / Double(n) * 1e9)\(sum == 0 ? " " : "")")
} catch {
    FileHandle.standardError.write("eid-bench-swift: \(error)\n".data(using: .utf8)!)
    exit(1)
}
