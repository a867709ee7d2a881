// SPDX-License-Identifier: Apache-2.0
import Foundation
import XCTest
@testable import EID

/// The whole story through the Swift API, as tests/unit/test_wallet.c tells it in C.
final class WalletFlowTests: XCTestCase {
    func testFullFlow() throws {
        let world = World()
        let holder = try Holder(world)
        let wallet = holder.wallet
        let checkpoint = try world.verifier()
        let walletTrust = try world.verifier(relyingParty: nil)
        XCTAssertEqual(try wallet.level(), 0)

        // level 1: self-registration; documents need level 2
        try world.activate(wallet, trust: walletTrust, index: 2, assurance: 1)
        XCTAssertEqual(try wallet.level(), 1)
        XCTAssertEqual(thrownStatus { _ = try wallet.issuanceRequest(challenge: challenge) }, .wrongLevel)
        XCTAssertEqual(thrownStatus { _ = try wallet.present(.identity, claims: [0, 1]) }, .wrongLevel)

        // level 2: verified in person
        try world.activate(wallet, trust: walletTrust, index: 1)
        XCTAssertEqual(try wallet.level(), 2)

        // documents: identity, driving licence, health insurance
        for (t, index) in [(UInt32(2), UInt32(22)), (3, 23)] {
            let bundle = try world.document(t, for: wallet, checker: checkpoint, index: index)
            try wallet.importDocument(bundle, trust: walletTrust)
            XCTAssertEqual(thrownStatus { try wallet.importDocument(bundle, trust: walletTrust) }, .exists)
        }
        XCTAssertEqual(try wallet.docTypes(), [.identity, .drivingLicence, .healthInsurance])

        // cards, and offline presentations the checkpoint verifies
        for t in [DocType.identity, .drivingLicence, .healthInsurance] {
            let doc = try wallet.document(t)
            XCTAssertEqual(doc.docType, t)
            XCTAssertEqual(doc.validity, .valid)
            XCTAssertEqual(doc.claim("full_name")?.value, .text(fullName))
            XCTAssertEqual(doc.claim("birth_date")?.value, .date(try Day(year: 1990, month: 5, day: 17)))
            let card = try doc.card(language: .english)
            XCTAssertEqual(card.holderName, fullName)
            XCTAssertEqual(card.docType, t)
            XCTAssertFalse(card.rows.isEmpty)
            XCTAssertTrue(String(decoding: try card.svg(), as: UTF8.self).contains("<svg"))

            let p = try wallet.present(t, claims: [0, 1])
            XCTAssertTrue(p.text.hasPrefix("EID1:"))
            let r = try checkpoint.verify(p.text, at: world.now)
            XCTAssertTrue(r.isValid, "\(r.status) \(r.failedChecks)")
            XCTAssertEqual(r.docType, t)
            XCTAssertFalse(r.challenged)
            XCTAssertEqual(r.claims.map(\.name), ["personal_id", "full_name"])
            XCTAssertEqual(r.claim("personal_id")?.value, .text(personalID))
            XCTAssertEqual(r.issuerName, World.issuerNames[t.rawValue])
            // the same text again: a replay, an answer rather than an error
            let again = try checkpoint.verify(p.text, at: world.now)
            XCTAssertEqual(again.status, .replayed)
            XCTAssertTrue(again.claims.isEmpty)
            XCTAssertEqual(again.failedChecks.map(\.name), ["replay"])
        }
        let licence = try wallet.document(.drivingLicence)
        guard case .list(let classes)? = licence.claim("driving_privileges")?.value else {
            return XCTFail("the licence has no list of classes")
        }
        XCTAssertEqual(classes.map(\.code), [2, 4])

        // the QR code of a presentation
        let shown = try wallet.present(.identity, claims: [3])
        let qr = try shown.qrCode()
        XCTAssertEqual(qr.modules.count, qr.width * qr.width)
        XCTAssertEqual(qr.width, 17 + 4 * qr.version)
        XCTAssertEqual(Array(try qr.png().prefix(4)), [0x89, 0x50, 0x4e, 0x47])
        XCTAssertTrue(try checkpoint.verify(shown.text, at: world.now).isValid)

        // a presentation answering the checkpoint's request
        let request = try Request.create(key: world.rp, relyingParty: rpID, asking: [(.identity, [0, 1, 2, 3])],
                                         at: world.now)
        try checkpoint.openRequest(request, at: world.now)
        let scanned = try Request(text: request.text())
        XCTAssertEqual(scanned, request)
        let info = try walletTrust.inspect(scanned, at: world.now)
        XCTAssertEqual(info.relyingParty, rpID)
        XCTAssertEqual(info.relyingPartyName, "Trạm CSGT Hà Nội")
        XCTAssertEqual(info.asked.count, 1)
        XCTAssertEqual(info.asked[0].claims, [0, 1, 2, 3])
        XCTAssertEqual(thrownStatus { _ = try wallet.present(.identity, claims: [0, 1], request: scanned, trust: walletTrust) },
                       .notRequested)
        let answer = try wallet.present(.identity, claims: [0, 1, 2, 3], request: scanned, trust: walletTrust)
        let challenged = try checkpoint.verify(answer.text, at: world.now)
        XCTAssertTrue(challenged.isValid, "\(challenged.status)")
        XCTAssertTrue(challenged.challenged)
        XCTAssertEqual(challenged.claims.count, 4)
        XCTAssertEqual(challenged.claim("age_over_18")?.value, .boolean(true))

        // the audit log: what was shared, with whom, never values
        let audit = try wallet.audit()
        XCTAssertEqual(audit.count, 5)
        XCTAssertEqual(audit.first?.docType, .identity)
        XCTAssertEqual(audit.first?.claims, [0, 1])
        XCTAssertEqual(audit.last?.relyingParty, rpID)
        XCTAssertEqual(audit.last?.claims, [0, 1, 2, 3])
        XCTAssertEqual(audit.dropLast().map(\.relyingParty), ["", "", "", ""])

        // revocation: the transport authority revokes the licence, the wallet refreshes
        let old = try wallet.present(.drivingLicence, claims: [0, 1])
        world.statusSequence = 4
        world.signStatus(2, revoked: [22])
        let newLists = try world.verifier()
        XCTAssertEqual(try wallet.refresh(lists: newLists), 1)
        XCTAssertEqual(try wallet.document(.drivingLicence).validity, .revoked)
        XCTAssertTrue(try wallet.document(.drivingLicence).revoked)
        XCTAssertEqual(thrownStatus { _ = try wallet.present(.drivingLicence, claims: [0, 1]) }, .revoked)
        let refused = try newLists.verify(old.text, at: world.now)
        XCTAssertEqual(refused.status, .revoked)
        XCTAssertEqual(refused.failedChecks.map(\.name), ["revocation"])
        XCTAssertTrue(try newLists.verify(wallet.present(.identity, claims: [0]).text, at: world.now).isValid)

        // delete, and clear the log
        try wallet.delete(.healthInsurance)
        XCTAssertEqual(thrownStatus { _ = try wallet.document(.healthInsurance) }, .notFound)
        try wallet.clearAudit()
        XCTAssertEqual(try wallet.audit().count, 0)

        // lock: the wallet cannot be used until the vault is unlocked again
        try holder.vault.lock()
        XCTAssertFalse(holder.vault.isUnlocked)
        XCTAssertEqual(thrownStatus { _ = try wallet.level() }, .locked)
        var wrong = passcodeWrong
        XCTAssertEqual(thrownStatus { try holder.vault.unlock(passcode: &wrong) }, .wrongPasscode)
        XCTAssertEqual(wrong, [0, 0, 0, 0, 0, 0], "the passcode was not zeroed")
        XCTAssertEqual(try holder.vault.failedAttempts(), 1)
        var right = passcodeA
        try holder.vault.unlock(passcode: &right)
        XCTAssertEqual(right, [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(try holder.vault.failedAttempts(), 0)
        XCTAssertEqual(try wallet.level(), 2)
        XCTAssertEqual(holder.vault.keyStoreKind, .software)
    }

    func testChangePasscodeAndReopen() throws {
        let world = World()
        let dir = TempDir("reopen")
        defer { dir.remove() }
        let ks = try SoftwareKeyStore(directory: dir.sub("keys"))
        let path = dir.sub("vault")
        var a = passcodeA
        let vault = try Vault.create(directory: path, passcode: &a, keyStore: ks, options: fastOptions(world))
        var old = passcodeA, new = passcodeB
        try vault.changePasscode(old: &old, new: &new)
        XCTAssertEqual(old + new, [UInt8](repeating: 0, count: 12))
        vault.close()
        let again = try Vault.open(directory: path, keyStore: ks, options: fastOptions(world))
        XCTAssertFalse(again.isUnlocked)
        var first = passcodeA
        XCTAssertEqual(thrownStatus { try again.unlock(passcode: &first) }, .wrongPasscode)
        var second = passcodeB
        try again.unlock(passcode: &second)
        XCTAssertTrue(again.isUnlocked)
        try again.rekey()
        try again.wipe()
        XCTAssertEqual(thrownStatus { try again.lock() }, .wiped)
        XCTAssertEqual(thrownStatus { _ = try Vault.open(directory: path, keyStore: ks) }, .notFound)
    }

    func testLockoutWaitsThenWipes() throws {
        let world = World()
        let dir = TempDir("lockout")
        defer { dir.remove() }
        let ks = try SoftwareKeyStore(directory: dir.sub("keys"))
        let elapsed = TestClock(1000)
        var o = fastOptions(world, elapsed: elapsed)
        o.backoffAfter = 2
        o.wipeAfter = 4
        o.backoffBaseSeconds = 30
        var a = passcodeA
        let vault = try Vault.create(directory: dir.sub("vault"), passcode: &a, keyStore: ks, options: o)
        try vault.lock()
        for _ in 0..<2 {
            var w = passcodeWrong
            XCTAssertEqual(thrownStatus { try vault.unlock(passcode: &w) }, .wrongPasscode)
        }
        // now every attempt waits, the right passcode too
        var right = passcodeA
        XCTAssertEqual(thrownStatus { try vault.unlock(passcode: &right) }, .lockedOut)
        XCTAssertEqual(right, [0, 0, 0, 0, 0, 0])
        let wait = try vault.retryAfter()
        XCTAssertGreaterThan(wait, 0)
        XCTAssertEqual(try vault.failedAttempts(), 2)
        elapsed.seconds += wait
        var w3 = passcodeWrong
        XCTAssertEqual(thrownStatus { try vault.unlock(passcode: &w3) }, .wrongPasscode)
        elapsed.seconds += try vault.retryAfter()
        var w4 = passcodeWrong
        XCTAssertEqual(thrownStatus { try vault.unlock(passcode: &w4) }, .wiped)
        var late = passcodeA
        XCTAssertEqual(thrownStatus { try vault.unlock(passcode: &late) }, .wiped)
    }
}
