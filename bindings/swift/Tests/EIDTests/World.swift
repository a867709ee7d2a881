// SPDX-License-Identifier: Apache-2.0
// A small world for the tests, after tests/support/fixture.c: a pinned root,
// one issuer key per doc type, a relying party, signed trust and revocation
// lists, at a pinned time; and the issuers' side of activation and issuance,
// through libeid's reference issuer (the C API: an app never needs it).
import CEID
import Foundation
@testable import EID

let passcodeA: [UInt8] = Array("482915".utf8)
let passcodeB: [UInt8] = Array("730264".utf8)
let passcodeWrong: [UInt8] = Array("591374".utf8)
let fullName = "Hồ Thị Thanh Hương"
let personalID = "001203004567"
let rpID = "vn.csgt.checkpoint"
let challenge: [UInt8] = Array("server-challenge-0001".utf8)

/// Memory that lives as long as the arena (C structs pointing into it).
final class Arena {
    private var blocks: [UnsafeMutableRawPointer] = []
    deinit { blocks.forEach { $0.deallocate() } }
    func bytes(_ d: Data) -> UnsafePointer<UInt8> {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(d.count, 1), alignment: 8)
        d.copyBytes(to: p.assumingMemoryBound(to: UInt8.self), count: d.count)
        blocks.append(p)
        return UnsafePointer(p.assumingMemoryBound(to: UInt8.self))
    }
    func cString(_ s: String) -> UnsafePointer<CChar> {
        UnsafeRawPointer(bytes(Data(s.utf8) + [0])).assumingMemoryBound(to: CChar.self)
    }
    func array<T>(_ values: [T]) -> UnsafePointer<T> {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(values.count, 1) * MemoryLayout<T>.stride,
                                                 alignment: MemoryLayout<T>.alignment)
        blocks.append(p)
        let t = p.bindMemory(to: T.self, capacity: max(values.count, 1))
        for (i, v) in values.enumerated() { (t + i).initialize(to: v) }
        return UnsafePointer(t)
    }
}

func seeded(_ n: UInt8) -> SigningKey {
    var seed = [UInt8](repeating: 0x40 + n, count: 32)
    return try! SigningKey(seed: &seed)
}

final class World: @unchecked Sendable {
    static let issuerIDs: [UInt32: String] = [1: "vn.bocongan", 2: "vn.csgt", 3: "vn.bhxh", 4: "vn.botuphap"]
    static let issuerNames: [UInt32: String] = [1: "Bộ Công an", 2: "Cục Cảnh sát giao thông",
                                                3: "Bảo hiểm xã hội Việt Nam", 4: "Bộ Tư pháp"]
    let today: Int32
    let now: Date
    let root = seeded(1)
    let rp = seeded(11)
    let issuers: [UInt32: SigningKey]
    private(set) var trust = Data()
    private(set) var status: [UInt32: Data] = [:]
    var statusSequence: UInt64 = 3

    init(year: Int32 = 2026, month: Int32 = 11, day: Int32 = 25) {
        today = try! Day(year: year, month: month, day: day).days
        now = Date(timeIntervalSince1970: Double(Int64(today) * 86400 - 7 * 3600 + 10 * 3600))
        var keys: [UInt32: SigningKey] = [:]
        for t in UInt32(1)...4 { keys[t] = seeded(UInt8(1 + t)) }
        issuers = keys
        signTrust()
        for t in UInt32(1)...4 { signStatus(t, revoked: []) }
    }

    var roots: [Data] { [root.publicKey] }
    var statusLists: [StatusList] { (UInt32(1)...4).map { StatusList(status[$0]!) } }

    func signTrust(sequence: UInt64 = 5) {
        let arena = Arena()
        var entries: [eid_trust_issuer] = []
        for t in UInt32(1)...4 {
            var e = eid_trust_issuer()
            e.issuer_id = arena.cString(World.issuerIDs[t]!)
            e.public_key = arena.bytes(issuers[t]!.publicKey)
            e.usage = EID_USAGE_CREDENTIAL.rawValue | EID_USAGE_REVOCATION.rawValue
            e.doc_types = arena.array([t])
            e.n_doc_types = 1
            e.max_assurance = 2
            e.sign_from = today - 7300
            e.sign_until = today + 365
            e.verify_until = today + 7300
            e.name = arena.cString(World.issuerNames[t]!)
            entries.append(e)
        }
        let allowed = [eid_rp_permission(doc_type: 1, claims: arena.array([UInt32](0..<4)), n_claims: 4),
                       eid_rp_permission(doc_type: 2, claims: arena.array([UInt32](0..<8)), n_claims: 8)]
        let rps = [eid_trust_rp(rp_id: arena.cString(rpID), name: arena.cString("Trạm CSGT Hà Nội"),
                                public_key: arena.bytes(rp.publicKey), allowed: arena.array(allowed), n_allowed: 2)]
        let t = Int64(now.timeIntervalSince1970)
        var p = eid_trust_list_params(sequence: sequence, issued_at: t - 86400, next_update: t + 86400,
                                      expires_at: t + 7 * 86400, issuers: arena.array(entries), n_issuers: 4,
                                      relying_parties: arena.array(rps), n_relying_parties: 1)
        var out = eid_bytes()
        let roots: [OpaquePointer?] = [root.cHandle]
        let st = roots.withUnsafeBufferPointer { eid_trust_list_sign(&p, $0.baseAddress, 1, &out) }
        precondition(st == EID_OK)
        trust = takeBytes(&out)
    }

    func signStatus(_ docType: UInt32, revoked: [UInt32], sequence: UInt64? = nil) {
        let t = Int64(now.timeIntervalSince1970)
        var out = eid_bytes()
        let st: eid_status = World.issuerIDs[docType]!.withCString { id in
            var p = eid_revocation_list_params(issuer_id: id, list_id: 1, doc_type: docType,
                                               sequence: sequence ?? statusSequence, issued_at: t - 3600,
                                               next_update: t + 86400, size: 4096)
            return revoked.withUnsafeBufferPointer {
                eid_revocation_list_sign(issuers[docType]!.cHandle, &p, $0.baseAddress, $0.count, &out)
            }
        }
        precondition(st == EID_OK)
        status[docType] = takeBytes(&out)
    }

    /// The checkpoint's verifier (or a wallet's, rp nil).
    func verifier(store: ReplayStore? = nil, relyingParty: String? = rpID) throws -> Verifier {
        var o = VerifierOptions()
        o.relyingParty = relyingParty
        return try Verifier(roots: roots, trustList: trust, statusLists: statusLists,
                            store: store ?? ReplayStore(capacity: 1024), options: o)
    }

    /// The standard claims of a doc type, for a fixed citizen (fixture.c's fx_claims).
    func claims(_ docType: UInt32) -> [Claim] {
        let birth = try! Day(year: 1990, month: 5, day: 17)
        let day2 = try! Day(year: 2019, month: 8, day: 1)
        var c: [Claim] = [Claim(number: 0, value: .text(personalID)), Claim(number: 1, value: .text(fullName)),
                          Claim(number: 2, value: .date(birth))]
        switch docType {
        case 1:
            for k in UInt32(3)...6 { c.append(Claim(number: k, value: .boolean(true))) }
            c.append(Claim(number: 7, value: .enumeration(2)))
            c.append(Claim(number: 8, value: .text("Việt Nam")))
            c.append(Claim(number: 9, value: .text("Xã Đông Hội, Huyện Đông Anh, Hà Nội")))
            c.append(Claim(number: 10, value: .text("Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội")))
        case 2:
            c.append(Claim(number: 3, value: .list([ListEntry(code: 2, firstDay: Day(days: 17000), lastDay: Day(days: 23000)),
                                                     ListEntry(code: 4, firstDay: Day(days: 18000), lastDay: Day(days: 21000))])))
            c.append(Claim(number: 4, value: .text("790123456789")))
            c.append(Claim(number: 5, value: .date(day2)))
            c.append(Claim(number: 6, value: .text("Sở Giao thông vận tải Hà Nội")))
            c.append(Claim(number: 7, value: .integer(12)))
        case 3:
            c.append(Claim(number: 3, value: .text("DN4010123456789")))
            c.append(Claim(number: 4, value: .integer(4)))
            c.append(Claim(number: 5, value: .text("Bệnh viện Bạch Mai")))
            c.append(Claim(number: 6, value: .date(day2)))
            c.append(Claim(number: 7, value: .date(Day(days: day2.days + 3000))))
            c.append(Claim(number: 8, value: .text("0123456789")))
        default:
            break
        }
        return c
    }

    /// Signs a credential of `docType` for `holderKey`, revocation index `index`.
    func issue(_ docType: UInt32, holderKey: Data, index: UInt32, assurance: UInt32 = 2,
               claims: [Claim]? = nil) -> Data {
        let arena = Arena()
        var p = eid_credential_params(doc_type: docType, assurance: assurance, issued_on: today - 1,
                                      valid_from: today - 1, valid_until: today + 365,
                                      holder_key: arena.bytes(holderKey), key_protection: 0, revocation_list: 1,
                                      revocation_index: index)
        var out = eid_bytes()
        let st = Claim.withCClaims(claims ?? self.claims(docType)) {
            eid_issue_credential(issuers[docType]!.cHandle, &p, $0, $1, &out)
        }
        precondition(st == EID_OK, "eid_issue_credential: \(Status(st))")
        return takeBytes(&out)
    }

    /// The identity authority: checks the wallet's activation request and issues its identity.
    func activate(_ wallet: Wallet, trust: Verifier, index: UInt32 = 1, assurance: UInt32 = 2) throws {
        let req = try wallet.activationRequest(challenge: challenge)
        var holder = [UInt8](repeating: 0, count: 32)
        var protection: UInt32 = 9
        let st = req.withUnsafeBytes { r in
            eid_activation_check(r.baseAddress?.assumingMemoryBound(to: UInt8.self), r.count, challenge,
                                 challenge.count, &holder, &protection)
        }
        precondition(st == EID_OK)
        var claims = self.claims(1)
        if assurance == 1 {
            claims = [claims[0], claims[1], Claim(number: 11, value: .text("0912345678"))]
        }
        try wallet.activate(bundle: issue(1, holderKey: Data(holder), index: index, assurance: assurance,
                                          claims: claims), trust: trust)
    }

    /// A document issuer: checks the wallet's issuance request and issues a document.
    func document(_ docType: UInt32, for wallet: Wallet, checker: Verifier, index: UInt32) throws -> Data {
        let req = try wallet.issuanceRequest(challenge: challenge)
        var key = [UInt8](repeating: 0, count: 32)
        var protection: UInt32 = 0
        var pid = [CChar](repeating: 0, count: 13)
        let st = req.withUnsafeBytes { r in
            eid_verifier_check_issuance(checker.handle, r.baseAddress?.assumingMemoryBound(to: UInt8.self), r.count,
                                        challenge, challenge.count, Int64(now.timeIntervalSince1970), &key,
                                        &protection, &pid)
        }
        precondition(st == EID_OK, "eid_verifier_check_issuance: \(Status(st))")
        return issue(docType, holderKey: Data(key), index: index)
    }
}

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TempDir {
    let path: String
    init(_ name: String, under parent: String? = nil) {
        path = (parent ?? NSTemporaryDirectory()) + "eid-swift-\(name)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func sub(_ name: String) -> String {
        let p = path + "/" + name
        try! FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Fast Argon2id and a controllable elapsed clock, as the C tests use.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64
    init(_ v: Int64) { value = v }
    var seconds: Int64 {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

func fastOptions(_ world: World, elapsed: TestClock? = nil) -> VaultOptions {
    var o = VaultOptions()
    o.argon2Ops = 1
    o.argon2MemoryBytes = 8192
    let now = world.now
    o.clock = { now }
    if let elapsed { o.elapsedClock = { elapsed.seconds } }
    return o
}

/// A vault and wallet at level 0 in fresh directories.
final class Holder: @unchecked Sendable {
    let dir = TempDir("holder")
    let keyStore: SoftwareKeyStore
    let vault: Vault
    let wallet: Wallet

    init(_ world: World, keyStore ks: (any KeyStore)? = nil) throws {
        keyStore = try SoftwareKeyStore(directory: dir.sub("keys"))
        var pass = passcodeA
        vault = try Vault.create(directory: dir.sub("vault"), passcode: &pass, keyStore: ks ?? keyStore,
                                 options: fastOptions(world))
        var wo = WalletOptions()
        let now = world.now
        wo.clock = { now }
        wallet = try Wallet(vault: vault, options: wo)
    }

    deinit {
        vault.close()
        dir.remove()
    }
}

/// Catches the EIDError a call throws (nil when it throws none).
func thrownStatus(_ body: () throws -> Void) -> Status? {
    do {
        try body()
        return nil
    } catch let e as EIDError {
        return e.status
    } catch {
        return .`internal`
    }
}
