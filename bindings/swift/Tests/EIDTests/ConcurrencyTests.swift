// SPDX-License-Identifier: Apache-2.0
import Foundation
import XCTest
@testable import EID

/// Many tasks on one Verifier, one ReplayStore and one Wallet. Run under
/// ThreadSanitizer by ctest (swift test --sanitize=thread --filter ConcurrencyTests).
final class ConcurrencyTests: XCTestCase {
    func testOnePresentationVerifiedByManyTasksIsAcceptedExactlyOnce() async throws {
        let world = World()
        let holder = try Holder(world)
        try world.activate(holder.wallet, trust: try world.verifier(relyingParty: nil))
        let store = try ReplayStore(capacity: 1024)
        let verifier = try world.verifier(store: store)
        for round in 0..<5 {
            let text = try holder.wallet.present(.identity, claims: [0, 1, 3]).text
            let statuses = try await withThrowingTaskGroup(of: Status.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await verifier.verify(text, at: world.now).status }
                }
                var all: [Status] = []
                for try await s in group { all.append(s) }
                return all
            }
            XCTAssertEqual(statuses.filter { $0 == .ok }.count, 1, "round \(round): \(statuses)")
            XCTAssertEqual(statuses.filter { $0 == .replayed }.count, 15, "round \(round): \(statuses)")
        }
        // a verifier rebuilt for new lists on the same store remembers
        let text = try holder.wallet.present(.identity, claims: [0]).text
        let first = try await verifier.verify(text, at: world.now)
        XCTAssertTrue(first.isValid)
        let rebuilt = try world.verifier(store: store)
        let second = try await rebuilt.verify(text, at: world.now)
        XCTAssertEqual(second.status, .replayed)
    }

    func testOneWalletSharedByManyTasks() async throws {
        let world = World()
        let holder = try Holder(world)
        let walletTrust = try world.verifier(relyingParty: nil)
        try world.activate(holder.wallet, trust: walletTrust)
        let wallet = holder.wallet
        let verifier = try world.verifier()
        let valid = try await withThrowingTaskGroup(of: Bool.self) { group in
            // EID_REPLAY_PER_HOLDER (8) live presentations per holder key
            for i in 0..<8 {
                group.addTask {
                    let p = try wallet.present(.identity, claims: [UInt32(i % 4)])
                    return try await verifier.verify(p.text, at: world.now).isValid
                }
            }
            var n = 0
            for try await ok in group where ok { n += 1 }
            return n
        }
        XCTAssertEqual(valid, 8)
        XCTAssertEqual(try wallet.audit().count, 8)
    }

    func testCloseWhileOtherTasksUseTheWallet() async throws {
        let world = World()
        let holder = try Holder(world)
        try world.activate(holder.wallet, trust: try world.verifier(relyingParty: nil))
        let wallet = holder.wallet
        let vault = holder.vault
        let outcomes = await withTaskGroup(of: Status?.self) { group in
            for i in 0..<16 {
                group.addTask {
                    if i == 8 { vault.close(); return nil }
                    return thrownStatus { _ = try wallet.present(.identity, claims: [0]) } ?? .ok
                }
            }
            var all: [Status?] = []
            for await s in group { all.append(s) }
            return all
        }
        // each call either ran before the close or was refused after it; none crashed
        XCTAssertTrue(outcomes.compactMap { $0 }.allSatisfy { $0 == .ok || $0 == .state }, "\(outcomes)")
        XCTAssertEqual(thrownStatus { _ = try wallet.level() }, .state)
    }
}
