// SPDX-License-Identifier: Apache-2.0
import Foundation
import XCTest
@testable import EID

/// Every refusal is a thrown EIDError with the status libeid gave; a verifier's
/// "no" is a result, not an error.
final class ErrorTests: XCTestCase {
    func testRefusalsThrowTheirStatus() throws {
        let world = World()
        let holder = try Holder(world)
        let walletTrust = try world.verifier(relyingParty: nil)
        let checkpoint = try world.verifier()

        // the vault
        var weak = Array("123456".utf8)
        XCTAssertEqual(thrownStatus { try Vault.checkPasscode(&weak) }, .weakPasscode)
        XCTAssertEqual(weak, [0, 0, 0, 0, 0, 0])
        var weak2 = Array("111111".utf8)
        XCTAssertEqual(thrownStatus {
            _ = try Vault.create(directory: holder.dir.sub("weak"), passcode: &weak2, keyStore: holder.keyStore)
        }, .weakPasscode)
        var again = passcodeA
        XCTAssertEqual(thrownStatus {
            _ = try Vault.create(directory: holder.dir.path + "/vault", passcode: &again, keyStore: holder.keyStore,
                                 options: fastOptions(world))
        }, .exists)
        XCTAssertEqual(thrownStatus { _ = try Vault.open(directory: holder.dir.sub("empty"), keyStore: holder.keyStore) },
                       .notFound)
        var o = VaultOptions()
        o.argon2MemoryBytes = 1
        var p = passcodeA
        XCTAssertEqual(thrownStatus {
            _ = try Vault.create(directory: holder.dir.sub("bad-options"), passcode: &p, keyStore: holder.keyStore, options: o)
        }, .invalidArg)
        var unlocked = passcodeA
        XCTAssertEqual(thrownStatus { try holder.vault.unlock(passcode: &unlocked) }, .state)
        XCTAssertEqual(thrownStatus { _ = try SoftwareKeyStore(directory: holder.dir.path + "/missing") }, .notFound)

        // the wallet
        XCTAssertEqual(thrownStatus { _ = try holder.wallet.document(.identity) }, .notFound)
        XCTAssertEqual(thrownStatus { _ = try holder.wallet.activationRequest(challenge: []) }, .invalidArg)
        let stranger = world.issue(1, holderKey: world.rp.publicKey, index: 5)
        _ = try holder.wallet.activationRequest(challenge: challenge)
        XCTAssertEqual(thrownStatus { try holder.wallet.activate(bundle: stranger, trust: walletTrust) }, .wrongHolder)
        var tampered = stranger
        tampered[tampered.count / 2] ^= 1
        XCTAssertNotNil(thrownStatus { try holder.wallet.activate(bundle: tampered, trust: walletTrust) })
        XCTAssertEqual(thrownStatus { try holder.wallet.activate(bundle: Data([1, 2, 3]), trust: walletTrust) }, .format)
        try world.activate(holder.wallet, trust: walletTrust)
        XCTAssertEqual(thrownStatus { _ = try holder.wallet.present(.criminalRecord, claims: [0]) }, .notFound)
        XCTAssertEqual(thrownStatus { _ = try holder.wallet.present(.identity, claims: []) }, .invalidArg)
        XCTAssertEqual(thrownStatus { _ = try holder.wallet.present(.identity, claims: [31]) }, .notFound)
        XCTAssertEqual(thrownStatus { try holder.wallet.importDocument(world.issue(1, holderKey: world.rp.publicKey, index: 6),
                                                                       trust: walletTrust) }, .invalidArg)
        XCTAssertEqual(thrownStatus { try holder.wallet.delete(.drivingLicence) }, .notFound)
        let foreign = world.issue(2, holderKey: world.rp.publicKey, index: 7)
        XCTAssertEqual(thrownStatus { try holder.wallet.importDocument(foreign, trust: walletTrust) }, .wrongHolder)

        // requests
        XCTAssertEqual(thrownStatus { _ = try Request(text: "EID1:ABC") }, .format)
        let request = try Request.create(key: world.rp, relyingParty: rpID, asking: [(.identity, [0, 1])], at: world.now)
        XCTAssertEqual(thrownStatus { _ = try walletTrust.inspect(request, at: world.now.addingTimeInterval(3600)) },
                       .requestExpired)
        let unknown = try Request.create(key: world.root, relyingParty: "vn.unknown", asking: [(.identity, [0])], at: world.now)
        XCTAssertEqual(thrownStatus { _ = try walletTrust.inspect(unknown, at: world.now) }, .untrustedRelyingParty)
        let greedy = try Request.create(key: world.rp, relyingParty: rpID, asking: [(.identity, [0, 10])], at: world.now)
        XCTAssertEqual(thrownStatus { try checkpoint.openRequest(greedy, at: world.now) }, .notAllowed)
        XCTAssertEqual(thrownStatus { try walletTrust.openRequest(request, at: world.now) }, .notAllowed)
        XCTAssertEqual(thrownStatus {
            _ = try Request.create(key: world.rp, relyingParty: rpID, asking: [(.identity, [1, 0])], at: world.now)
        }, .invalidArg)

        // verifiers: building refuses bad lists; verifying answers with a result
        XCTAssertEqual(thrownStatus {
            _ = try Verifier(roots: [world.rp.publicKey], trustList: world.trust, store: nil)
        }, .untrustedList)
        XCTAssertEqual(thrownStatus { _ = try Verifier(roots: [Data(count: 31)], trustList: world.trust, store: nil) },
                       .invalidArg)
        XCTAssertEqual(thrownStatus { _ = try Verifier(roots: world.roots, trustList: Data([0x0a]), store: nil) }, .format)
        var badOptions = VerifierOptions()
        badOptions.offlineLifetime = 0
        XCTAssertEqual(thrownStatus {
            _ = try Verifier(roots: world.roots, trustList: world.trust, store: nil, options: badOptions)
        }, .invalidArg)
        let noStore = try Verifier(roots: world.roots, trustList: world.trust, store: nil)
        XCTAssertEqual(thrownStatus { _ = try noStore.verify("EID1:00", at: world.now) }, .state)
        let junk = try checkpoint.verify("EID1:not base45", at: world.now)
        XCTAssertEqual(junk.status, .format)
        XCTAssertFalse(junk.isValid)
        let late = try checkpoint.verify(holder.wallet.present(.identity, claims: [0]).text,
                                         at: world.now.addingTimeInterval(600))
        XCTAssertEqual(late.status, .presentationExpired)

        // values
        XCTAssertEqual(thrownStatus { _ = try Day(year: 2026, month: 2, day: 30) }, .invalidArg)
        XCTAssertEqual(thrownStatus { _ = try DocType.identity.claimNumber("shoe_size") }, .notFound)
        XCTAssertEqual(try DocType.drivingLicence.claimNumber("points"), 7)
        XCTAssertEqual(thrownStatus { _ = try QRCode(text: "EID1:lower case") }, .invalidArg)
        XCTAssertEqual(thrownStatus { _ = try QRCode(text: String(repeating: "A", count: 5000)) }, .doesNotFit)
        var seed = [UInt8](repeating: 1, count: 31)
        XCTAssertEqual(thrownStatus { _ = try SigningKey(seed: &seed) }, .invalidArg)
        XCTAssertEqual(seed, [UInt8](repeating: 0, count: 31))
    }

    func testFleetStore() {
        // a build without the Redis store refuses before it reads the URL
        XCTAssertEqual(thrownStatus { _ = try ReplayStore(fleetURL: "not a url") },
                       ReplayStore.fleetAvailable ? .invalidArg : .unsupported)
        // a well-formed address of a server that does not answer: the store works,
        // or this libeid lacks it, or the server is unavailable; never a crash
        let status = thrownStatus { _ = try ReplayStore(fleetURL: "redis://127.0.0.1:1/0") }
        XCTAssertTrue(status == nil || status == .unsupported || status == .unavailable, "\(String(describing: status))")
        XCTAssertEqual(status == .unsupported, !ReplayStore.fleetAvailable)
    }

    func testUseAfterClose() throws {
        let world = World()
        let holder = try Holder(world)
        let walletTrust = try world.verifier(relyingParty: nil)
        try world.activate(holder.wallet, trust: walletTrust)
        let second = try Wallet(vault: holder.vault)
        XCTAssertEqual(try second.level(), 2)
        holder.wallet.close()
        holder.wallet.close()
        XCTAssertEqual(thrownStatus { _ = try holder.wallet.level() }, .state)
        XCTAssertEqual(thrownStatus { _ = try holder.wallet.present(.identity, claims: [0]) }, .state)
        XCTAssertEqual(try second.level(), 2)
        // closing the vault closes the wallets on it first
        holder.vault.close()
        holder.vault.close()
        XCTAssertEqual(thrownStatus { _ = try second.level() }, .state)
        XCTAssertEqual(thrownStatus { _ = try second.audit() }, .state)
        var p = passcodeA
        XCTAssertEqual(thrownStatus { try holder.vault.unlock(passcode: &p) }, .state)
        XCTAssertEqual(p, [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(thrownStatus { try holder.vault.lock() }, .state)
        XCTAssertFalse(holder.vault.isUnlocked)
        XCTAssertEqual(thrownStatus { _ = try Wallet(vault: holder.vault) }, .state)
        // documents and cards outlive the wallet they came from
        let other = try Holder(world)
        try world.activate(other.wallet, trust: walletTrust)
        let doc = try other.wallet.document(.identity)
        let card = try doc.card()
        other.vault.close()
        XCTAssertEqual(doc.claim("full_name")?.value, .text(fullName))
        XCTAssertEqual(card.holderName, fullName)
        XCTAssertEqual(try doc.card().holderName, fullName)
    }
}
