// SPDX-License-Identifier: Apache-2.0
import CEID
import Foundation

/// Records accepted presentations and open requests (eid_replay_store). One
/// store may serve several verifiers (build a new verifier for each list
/// refresh and give it the same store). Sendable: the C store is internally locked.
public final class ReplayStore: @unchecked Sendable {
    let handle: OpaquePointer

    /// An in-process store for `capacity` holders and as many open requests (0: libeid's default).
    public init(capacity: Int = 0) throws(EIDError) {
        try ensureInitialized()
        var s: OpaquePointer?
        try check(eid_replay_store_new(capacity, &s))
        handle = s!
    }

    /// A store shared by a fleet of verifiers, on the Redis server `url` names
    /// ("redis://[[user]:password@]host[:port][/db]" or "unix:///path[?db=N]"):
    /// eid/fleet.h. Connects once (blocking). Throws `.invalidArg` for a
    /// malformed URL, `.unsupported` when libeid was built without the Redis
    /// store, `.unavailable` or `.accessDenied` when the server cannot be used.
    public init(fleetURL url: String, keyPrefix: String? = nil, window: Int64? = nil) throws(EIDError) {
        try ensureInitialized()
        var o = eid_fleet_options()
        try check(eid_fleet_options_default(&o, UInt32(EID_FLEET_OPTIONS_VERSION)))
        if let window { o.window = window }
        var s: OpaquePointer?
        let st: eid_status = url.withCString { u in
            (keyPrefix ?? "").withCString { p in
                o.url = u
                if keyPrefix != nil { o.key_prefix = p }
                return eid_fleet_store_new(&o, &s)
            }
        }
        try check(st, "eid_fleet_store_new")
        handle = s!
    }

    /// Whether this libeid was built with the Redis fleet store.
    public static var fleetAvailable: Bool { eid_fleet_available() == 1 }

    deinit { eid_replay_store_free(handle) }
}

/// A verifier's options (eid_verifier_options); unset fields keep libeid's defaults.
public struct VerifierOptions: Sendable {
    public var minAssurance: UInt32?
    public var requireChallenge: Bool?
    public var rootThreshold: UInt32?
    public var offlineLifetime: Int64?
    public var clockSkew: Int64?
    public var allowedStaleness: Int64?
    public var maxRevocationAge: Int64?
    public var minTrustSequence: UInt64?
    /// The relying party this verifier works for (its rp_id in the trust list);
    /// nil makes a verifier that accepts no challenged presentation.
    public var relyingParty: String?
    public init() {}
}

/// A signed revocation list and the lowest sequence accepted for it.
public struct StatusList: Sendable {
    public var data: Data
    public var minSequence: UInt64
    public init(_ data: Data, minSequence: UInt64 = 0) {
        self.data = data
        self.minSequence = minSequence
    }
}

/// The outcome of one check of a verification.
public enum CheckOutcome: Sendable, Equatable {
    case passed, failed, skipped, notApplicable
}

/// One check's outcome, with its status and (when it failed) why.
public struct CheckResult: Sendable, Equatable {
    public let name: String
    public let outcome: CheckOutcome
    public let status: Status
    public let detail: String
}

/// What a verification found (eid_result), copied into Swift values. `isValid`
/// only when every check passed; then `claims` holds the disclosed claims.
public struct VerificationResult: Sendable {
    public let status: Status
    public var isValid: Bool { status == .ok }
    public let docType: DocType
    public let assurance: UInt32
    public let issuerID: String
    public let issuerName: String
    public let validFrom: Day
    public let validUntil: Day
    /// An answer to this verifier's request (challenge mode) rather than an offline presentation.
    public let challenged: Bool
    public let stale: Bool
    public let claims: [Claim]
    public let checks: [CheckResult]
    public let trustSequence: UInt64
    public let revocationSequence: UInt64

    public var failedChecks: [CheckResult] { checks.filter { $0.outcome == .failed } }

    init(_ r: OpaquePointer) {
        status = Status(eid_result_status(r))
        docType = DocType(rawValue: eid_result_doc_type(r))
        assurance = eid_result_assurance(r)
        issuerID = string(eid_result_issuer_id(r))
        issuerName = string(eid_result_issuer_name(r))
        validFrom = Day(days: eid_result_valid_from(r))
        validUntil = Day(days: eid_result_valid_until(r))
        challenged = eid_result_challenged(r) == 1
        stale = eid_result_stale(r) == 1
        var cs: [Claim] = []
        for i in 0..<eid_result_claim_count(r) {
            if let c = eid_result_claim(r, i) { cs.append(Claim(c.pointee, docType: docType)) }
        }
        claims = cs
        var ks: [CheckResult] = []
        for k in 0..<eid_check_count() {
            let check = eid_check(rawValue: UInt32(k))
            var st = EID_OK
            let o = eid_result_check(r, check, &st)
            let outcome: CheckOutcome = switch o {
            case EID_CHECK_PASSED: .passed
            case EID_CHECK_FAILED: .failed
            case EID_CHECK_SKIPPED: .skipped
            default: .notApplicable
            }
            ks.append(CheckResult(name: string(eid_check_name(check)), outcome: outcome, status: Status(st),
                                  detail: string(eid_result_check_detail(r, check))))
        }
        checks = ks
        trustSequence = eid_result_trust_sequence(r)
        revocationSequence = eid_result_revocation_sequence(r)
    }

    /// The disclosed claim of `name`, if any.
    public func claim(_ name: String) -> Claim? { claims.first { $0.name == name } }
}

/// An offline verifier for one relying party (eid_verifier): pinned roots, a
/// signed trust list, revocation lists, a replay store. Sendable: the C
/// verifier is immutable once built and its store is locked, so any number of
/// tasks may verify at once.
public final class Verifier: @unchecked Sendable {
    let handle: OpaquePointer
    /// Kept alive as long as the verifier, which borrows it.
    public let store: ReplayStore?

    /// Builds a verifier. `roots` are 32-byte public keys; `store` nil makes a
    /// verifier that checks credentials and inspects requests only (a wallet's).
    public init(roots: [Data], trustList: Data, statusLists: [StatusList] = [], store: ReplayStore?,
                options: VerifierOptions = VerifierOptions()) throws(EIDError) {
        try ensureInitialized()
        var o = eid_verifier_options()
        try check(eid_verifier_options_default(&o, UInt32(EID_VERIFIER_OPTIONS_VERSION)))
        if let v = options.minAssurance { o.min_assurance = v }
        if let v = options.requireChallenge { o.require_challenge = v ? 1 : 0 }
        if let v = options.rootThreshold { o.root_threshold = v }
        if let v = options.offlineLifetime { o.offline_lifetime = v }
        if let v = options.clockSkew { o.clock_skew = v }
        if let v = options.allowedStaleness { o.allowed_staleness = v }
        if let v = options.maxRevocationAge { o.max_revocation_age = v }
        if let v = options.minTrustSequence { o.min_trust_sequence = v }
        guard roots.allSatisfy({ $0.count == 32 }) else {
            throw EIDError(.invalidArg, message: "a root key is not 32 bytes")
        }
        let rootBytes = roots.reduce(Data(), +)
        let lists = statusLists.map { $0.data }
        var v: OpaquePointer?
        // Every buffer stays alive while eid_verifier_new copies what it keeps.
        let st: eid_status = rootBytes.withBytes { rp, _ in
            trustList.withBytes { tp, tlen in
                withListInputs(lists, statusLists.map { $0.minSequence }) { inputs in
                    withOptionalCString(options.relyingParty) { rp_id in
                        o.rp_id = rp_id
                        return eid_verifier_new(rp, roots.count, &o, tp, tlen, inputs, lists.count,
                                                store?.handle, &v)
                    }
                }
            }
        }
        try check(st, "eid_verifier_new")
        handle = v!
        self.store = store
    }

    deinit { eid_verifier_free(handle) }

    /// Verifies an "EID1:" text at `now`. A presentation that is not valid is an
    /// answer (the result says why), not an error: this throws only for misuse
    /// (`.invalidArg`, `.state` for a verifier without a store) or `.noMemory`.
    public func verify(_ text: String, at now: Date = Date()) throws(EIDError) -> VerificationResult {
        var r: OpaquePointer?
        let st = eid_verifier_check_presentation(handle, text, seconds(now), &r)
        guard let r else { throw EIDError(Status(st), message: "eid_verifier_check_presentation") }
        defer { eid_result_free(r) }
        return VerificationResult(r)
    }

    /// `verify` off the caller's actor (the C core stays synchronous).
    public func verify(_ text: String, at now: Date = Date()) async throws(EIDError) -> VerificationResult {
        try await offActor { () throws(EIDError) in try self.verify(text, at: now) }
    }

    /// The wallet's import check of a credential bundle (holder signature,
    /// freshness and replay are not applicable).
    public func checkCredential(_ bundle: Data, at now: Date = Date()) throws(EIDError) -> VerificationResult {
        var r: OpaquePointer?
        let st = bundle.withBytes { p, n in eid_verifier_check_credential(handle, p, n, seconds(now), &r) }
        guard let r else { throw EIDError(Status(st), message: "eid_verifier_check_credential") }
        defer { eid_result_free(r) }
        return VerificationResult(r)
    }

    /// Registers a request this relying party created, before showing it.
    public func openRequest(_ request: Request, at now: Date = Date()) throws(EIDError) {
        try request.bytes.withBytes { (p, n) throws(EIDError) in
            try check(eid_verifier_open_request(handle, p, n, seconds(now)))
        }
    }

    /// The wallet's check of a scanned request: who asks, and for what.
    public func inspect(_ request: Request, at now: Date = Date()) throws(EIDError) -> RequestInfo {
        var info: OpaquePointer?
        try request.bytes.withBytes { (p, n) throws(EIDError) in
            try check(eid_verifier_inspect_request(handle, p, n, seconds(now), &info))
        }
        defer { eid_request_info_free(info) }
        return RequestInfo(info!)
    }

    /// How many revocation lists the verifier loaded.
    public var statusListCount: Int { eid_verifier_revocation_list_count(handle) }
}

func withOptionalCString<R>(_ s: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let s else { return body(nil) }
    return s.withCString { body($0) }
}

private func withListInputs<R>(_ lists: [Data], _ mins: [UInt64],
                               _ body: (UnsafePointer<eid_revocation_list_input>?) -> R) -> R {
    // Copies the lists into one buffer whose pointers stay valid inside body.
    let total = lists.reduce(0) { $0 + $1.count }
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
    defer { buffer.deallocate() }
    var inputs: [eid_revocation_list_input] = []
    var offset = 0
    for (i, l) in lists.enumerated() {
        l.copyBytes(to: buffer + offset, count: l.count)
        inputs.append(eid_revocation_list_input(data: buffer + offset, len: l.count, min_sequence: mins[i]))
        offset += l.count
    }
    return inputs.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// What a request asks (eid_request_info), for the holder's consent screen.
public struct RequestInfo: Sendable {
    public let relyingParty: String
    /// From the trust list, never from the request.
    public let relyingPartyName: String
    public let createdAt: Date
    public let expiresAt: Date
    /// The doc types asked for (alternatives) and the claim numbers asked of each.
    public let asked: [(docType: DocType, claims: [UInt32])]

    init(_ info: OpaquePointer) {
        relyingParty = string(eid_request_info_rp_id(info))
        relyingPartyName = string(eid_request_info_rp_name(info))
        createdAt = Date(timeIntervalSince1970: Double(eid_request_info_created_at(info)))
        expiresAt = Date(timeIntervalSince1970: Double(eid_request_info_expires_at(info)))
        var a: [(DocType, [UInt32])] = []
        for d in 0..<eid_request_info_doc_count(info) {
            var claims: [UInt32] = []
            for c in 0..<eid_request_info_claim_count(info, d) {
                var n: UInt32 = 0
                if eid_request_info_claim(info, d, c, &n) == EID_OK { claims.append(n) }
            }
            a.append((DocType(rawValue: eid_request_info_doc_type(info, d)), claims))
        }
        asked = a
    }
}

/// A relying party's signed request (a serialized PresentationRequest), as
/// scanned from an "EIDR1:" QR or made with `create`.
public struct Request: Sendable, Equatable {
    public let bytes: Data

    public init(bytes: Data) { self.bytes = bytes }

    /// The request inside "EIDR1:" text; throws `.format` for anything else.
    public init(text: String) throws(EIDError) {
        try ensureInitialized()
        var b = eid_bytes()
        try check(eid_request_from_text(text, &b))
        bytes = takeBytes(&b)
    }

    /// The "EIDR1:" text to show as a QR code.
    public func text() throws(EIDError) -> String {
        var t: UnsafeMutablePointer<CChar>?
        try bytes.withBytes { (p, n) throws(EIDError) in try check(eid_request_text(p, n, &t)) }
        return takeText(t)
    }

    /// A signed request from relying party `relyingParty` for `claims` of one
    /// or more doc types (alternatives; claim numbers ascending), valid from
    /// `now` for `lifetime` seconds.
    public static func create(key: SigningKey, relyingParty: String, asking: [(DocType, [UInt32])],
                              at now: Date = Date(), lifetime: Int64 = 120) throws(EIDError) -> Request {
        let flat = asking.flatMap { $0.1 }
        var b = eid_bytes()
        let st: eid_status = flat.withUnsafeBufferPointer { all in
            var requested: [eid_requested_claims] = []
            var offset = 0
            for (docType, claims) in asking {
                requested.append(eid_requested_claims(doc_type: docType.rawValue,
                                                      claims: all.baseAddress.map { $0 + offset },
                                                      n_claims: claims.count))
                offset += claims.count
            }
            return requested.withUnsafeBufferPointer { r in
                eid_request_create(key.handle, relyingParty, r.baseAddress, r.count, seconds(now), lifetime, &b)
            }
        }
        try check(st, "eid_request_create")
        return Request(bytes: takeBytes(&b))
    }
}

/// An Ed25519 signing key in guarded memory (eid_key): a relying party's
/// request key. Sendable: libeid allows signing from several threads at once.
public final class SigningKey: @unchecked Sendable {
    let handle: OpaquePointer

    /// A new random key.
    public init() throws(EIDError) {
        try ensureInitialized()
        var k: OpaquePointer?
        try check(eid_key_new(&k))
        handle = k!
    }

    /// The key of a 32-byte seed; `seed` is zeroed.
    public init(seed: inout [UInt8]) throws(EIDError) {
        try ensureInitialized()
        defer { zeroize(&seed) }
        var k: OpaquePointer?
        try check(seed.withUnsafeBufferPointer { eid_key_new_from_seed($0.baseAddress, $0.count, &k) })
        handle = k!
    }

    deinit { eid_key_free(handle) }

    /// The 32-byte public key.
    public var publicKey: Data {
        var pk = [UInt8](repeating: 0, count: 32)
        eid_key_public(handle, &pk)
        return Data(pk)
    }

    /// For test fixtures that sign with libeid's issuer API.
    package var cHandle: OpaquePointer { handle }
}
