// SPDX-License-Identifier: Apache-2.0
import Foundation
import XCTest
@testable import EID

/// The resident set size of this process, from /proc/self/status (Linux), in KiB.
func residentKiB() -> Int? {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in s.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
    }
    return nil
}

/// No growth over 10 000 cycles: a handle's memory comes back when its owner goes.
final class MemoryTests: XCTestCase {
    static let cycles = 10_000
    /// Allowed growth between the warmed-up process and the end: far below what
    /// a leak of one handle per cycle costs (a vault is kilobytes, a result too).
    static let slackKiB = 2048

    private func measure(_ label: String, cycles: Int = MemoryTests.cycles, _ cycle: (Int) throws -> Void) rethrows {
        for i in 0..<500 { try cycle(i) } // warm-up: caches, allocator arenas
        guard let before = residentKiB() else { return XCTFail("no /proc/self/status") }
        let start = Date()
        for i in 0..<cycles { try autoreleasepool { try cycle(i) } }
        let after = residentKiB()!
        print(String(format: "memory: %@: %d cycles in %.1f s, RSS %d KiB -> %d KiB (%+d KiB)", label, cycles,
                     Date().timeIntervalSince(start), before, after, after - before))
        XCTAssertLessThan(after - before, Self.slackKiB, "\(label): RSS grew by \(after - before) KiB")
    }

    func testOpenUnlockCloseCycles() throws {
        let world = World()
        // in memory where the machine has it: the vault's durable writes
        // (fsync of the attempt counter) would otherwise time the disk, not libeid
        let dir = TempDir("memory", under: FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : nil)
        defer { dir.remove() }
        let ks = try SoftwareKeyStore(directory: dir.sub("keys"))
        let path = dir.sub("vault")
        var p = passcodeA
        try Vault.create(directory: path, passcode: &p, keyStore: ks, options: fastOptions(world)).close()
        let options = fastOptions(world)
        try measure("vault open/close") { _ in
            try Vault.open(directory: path, keyStore: ks, options: options).close()
        }
        try measure("vault open/unlock/wallet/close") { _ in
            let vault = try Vault.open(directory: path, keyStore: ks, options: options)
            var pass = passcodeA
            try vault.unlock(passcode: &pass)
            let wallet = try Wallet(vault: vault)
            _ = try wallet.level()
            vault.close()
        }
    }

    func testVerifyCycles() throws {
        let world = World()
        let holder = try Holder(world)
        try world.activate(holder.wallet, trust: try world.verifier(relyingParty: nil))
        let verifier = try world.verifier(store: ReplayStore(capacity: 64))
        let text = try holder.wallet.present(.identity, claims: [0, 1, 2, 3]).text
        XCTAssertTrue(try verifier.verify(text, at: world.now).isValid)
        try measure("verify (replayed presentation, every check run) + result") { _ in
            let r = try verifier.verify(text, at: world.now)
            if r.status != .replayed { throw EIDError(r.status) }
        }
        try measure("verifier build/free") { _ in
            _ = try world.verifier(store: verifier.store)
        }
    }
}

#if !canImport(ObjectiveC)
/// Linux has no autorelease pool; the loop body runs as is.
func autoreleasepool<R>(invoking body: () throws -> R) rethrows -> R { try body() }
#endif
