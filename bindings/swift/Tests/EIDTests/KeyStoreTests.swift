// SPDX-License-Identifier: Apache-2.0
import Foundation
import XCTest
@testable import EID

/// A keystore whose next calls fail the way a platform keystore fails.
final class ScriptedKeyStore: KeyStore, @unchecked Sendable {
    enum Mode { case works, cancels, invalidated, throwsOther, shortOutput }
    private let inner: SoftwareKeyStore
    private let lock = NSLock()
    private var _mode = Mode.works
    private var _calls = 0
    private var _threads = Set<String>()
    let kind = KeyStoreKind.secureElement

    init(_ inner: SoftwareKeyStore) { self.inner = inner }
    var mode: Mode {
        get { lock.withLock { _mode } }
        set { lock.withLock { _mode = newValue } }
    }
    var calls: Int { lock.withLock { _calls } }
    var threads: Int { lock.withLock { _threads.count } }

    struct Other: Error {}

    func prf(alias: String, input: [UInt8]) throws -> [UInt8] {
        let m: Mode = lock.withLock {
            _calls += 1
            _threads.insert(Thread.isMainThread ? "main" : "\(pthread_self())")
            return _mode
        }
        switch m {
        case .works: return try inner.prf(alias: alias, input: input)
        case .cancels: throw KeyStoreError.cancelled
        case .invalidated: throw KeyStoreError.keyInvalidated
        case .throwsOther: throw Other()
        case .shortOutput: return [1, 2, 3]
        }
    }

    func deleteKey(alias: String) throws {
        if mode == .cancels { throw KeyStoreError.cancelled }
        try inner.deleteKey(alias: alias)
    }
}

final class KeyStoreTests: XCTestCase {
    func testFailuresBecomeTheirStatusesAndAreNotCounted() throws {
        let world = World()
        let dir = TempDir("keystore")
        defer { dir.remove() }
        let ks = ScriptedKeyStore(try SoftwareKeyStore(directory: dir.sub("keys")))
        let path = dir.sub("vault")
        for (mode, status) in [(ScriptedKeyStore.Mode.cancels, Status.keystoreCancelled),
                               (.invalidated, .keyInvalidated), (.throwsOther, .keystore), (.shortOutput, .keystore)] {
            ks.mode = mode
            var p = passcodeA
            XCTAssertEqual(thrownStatus {
                _ = try Vault.create(directory: path, passcode: &p, keyStore: ks, options: fastOptions(world))
            }, status)
            XCTAssertEqual(p, [0, 0, 0, 0, 0, 0])
        }
        ks.mode = .works
        var p = passcodeA
        let vault = try Vault.create(directory: path, passcode: &p, keyStore: ks, options: fastOptions(world))
        XCTAssertEqual(vault.keyStoreKind, .secureElement)
        try vault.lock()
        for (mode, status) in [(ScriptedKeyStore.Mode.cancels, Status.keystoreCancelled),
                               (.invalidated, .keyInvalidated), (.throwsOther, .keystore)] {
            ks.mode = mode
            var right = passcodeA
            XCTAssertEqual(thrownStatus { try vault.unlock(passcode: &right) }, status)
            XCTAssertEqual(try vault.failedAttempts(), 0, "a keystore failure checked no guess: not counted")
            XCTAssertEqual(thrownStatus { _ = try Vault.open(directory: path, keyStore: ks) }, status)
        }
        ks.mode = .cancels
        XCTAssertEqual(thrownStatus { try vault.wipe() }, .keystoreCancelled)
        ks.mode = .works
        var right = passcodeA
        try vault.unlock(passcode: &right)
        XCTAssertTrue(vault.isUnlocked)
    }

    /// Callbacks arrive on whatever thread runs the blocking call: here the
    /// async entry points' worker threads, from several tasks at once.
    func testCallbacksFromOtherThreadsAndAsyncEntryPoints() async throws {
        let world = World()
        let dir = TempDir("keystore-async")
        defer { dir.remove() }
        let ks = ScriptedKeyStore(try SoftwareKeyStore(directory: dir.sub("keys")))
        var paths: [String] = []
        for i in 0..<4 {
            let path = dir.sub("vault\(i)")
            var p = passcodeA
            try Vault.create(directory: path, passcode: &p, keyStore: ks, options: fastOptions(world)).close()
            paths.append(path)
        }
        let before = ks.calls
        let logged = TestClock(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for path in paths {
                group.addTask {
                    var o = fastOptions(world)
                    o.logger = { _, _ in logged.seconds += 1 }
                    o.logLevel = .debug
                    let vault = try await Vault.open(directory: path, keyStore: ks, options: o)
                    var p = passcodeA
                    try await vault.unlock(passcode: &p)
                    XCTAssertEqual(p, [0, 0, 0, 0, 0, 0])
                    XCTAssertTrue(vault.isUnlocked)
                    vault.close()
                }
            }
            try await group.waitForAll()
        }
        XCTAssertGreaterThan(ks.calls, before)
        XCTAssertGreaterThanOrEqual(ks.threads, 2)
        ks.mode = .invalidated
        do {
            _ = try await Vault.open(directory: paths[2], keyStore: ks)
            XCTFail("opened with an invalidated key")
        } catch {
            XCTAssertEqual(error.status, .keyInvalidated)
        }
        ks.mode = .works
        let vault = try await Vault.open(directory: paths[2], keyStore: ks, options: fastOptions(world))
        var p = passcodeA
        try await vault.unlock(passcode: &p)
        XCTAssertTrue(vault.isUnlocked)
    }
}
