// SPDX-License-Identifier: Apache-2.0
import CEID
import Foundation

/// The wallet's options (eid_wallet_options); unset fields keep libeid's defaults.
public struct WalletOptions: Sendable {
    /// The wallet's clock (nil: the system clock).
    public var clock: (@Sendable () -> Date)?
    public var auditRetentionSeconds: Int64?
    public var batchSize: UInt32?
    public var batchLowWater: UInt32?
    public var batchReuseWhenEmpty: Bool?
    public init() {}
}

/// Where a credential stands on a day (eid_validity).
public enum Validity: Sendable, Equatable {
    case valid, expiring, expired, revoked, notYetValid
    init(_ v: eid_validity) {
        switch v {
        case EID_VALIDITY_EXPIRING: self = .expiring
        case EID_VALIDITY_EXPIRED: self = .expired
        case EID_VALIDITY_REVOKED: self = .revoked
        case EID_VALIDITY_NOT_YET_VALID: self = .notYetValid
        default: self = .valid
        }
    }
}

/// A presentation the wallet made: its bytes and the "EID1:" text its QR code shows.
public struct Presentation: Sendable {
    public let bytes: Data
    public let text: String
    /// The presentation showed a credential relying parties may have seen before.
    public let reused: Bool

    /// The QR code of `text`.
    public func qrCode(ecc: QRCode.ErrorCorrection = .m) throws(EIDError) -> QRCode {
        try QRCode(text: text, ecc: ecc)
    }
}

/// One entry of the audit log: what was shared, when, with whom (never values).
public struct AuditEntry: Sendable, Equatable {
    public let time: Date
    public let docType: DocType
    /// The disclosed claim numbers.
    public let claims: [UInt32]
    /// "" for an offline presentation.
    public let relyingParty: String
}

/// The level-2 identity wallet (eid/wallet.h) in an unlocked vault: one owner
/// of one eid_wallet.
///
/// Sendable because it protects itself: it shares its vault's lock, so the C
/// rule (a wallet, like its vault, is used by one thread at a time) holds
/// whatever threads call it. It keeps its vault alive. After `close()`, or
/// after its vault was closed, every call throws `EIDError(.state)`.
public final class Wallet: @unchecked Sendable {
    private let vault: Vault
    private var handle: OpaquePointer?
    private let callbacks: Callbacks

    /// A wallet over `vault`, which must be unlocked.
    public init(vault: Vault, options: WalletOptions = WalletOptions()) throws(EIDError) {
        self.vault = vault
        let cb = Callbacks(clock: options.clock, elapsedClock: nil, logger: nil)
        callbacks = cb
        var o = eid_wallet_options()
        try check(eid_wallet_options_default(&o, UInt32(EID_WALLET_OPTIONS_VERSION)))
        if options.clock != nil { o.clock = clockThunk; o.clock_ctx = cb.ctx }
        if let v = options.auditRetentionSeconds { o.audit_retention = v }
        if let v = options.batchSize { o.batch_size = v }
        if let v = options.batchLowWater { o.batch_low_water = v }
        if let v = options.batchReuseWhenEmpty { o.batch_reuse_when_empty = v ? 1 : 0 }
        var w: OpaquePointer?
        try vault.withHandle { (v) throws(EIDError) in
            try check(eid_wallet_new(v, &o, &w), "eid_wallet_new")
        }
        handle = w
        vault.handleLock.run { vault.register(self) }
    }

    // Under the vault's lock: another wallet on the same vault may be in use.
    deinit { vault.handleLock.run { eid_wallet_free(handle) } }

    /// Frees the C wallet; called with the vault's lock held.
    func releaseHandle() {
        eid_wallet_free(handle)
        handle = nil
    }

    /// Releases the wallet (the vault stays open). Idempotent.
    public func close() {
        vault.handleLock.run { releaseHandle() }
    }

    private func run<R>(_ body: (OpaquePointer) throws(EIDError) -> R) throws(EIDError) -> R {
        try vault.withHandle { (_) throws(EIDError) -> R in
            guard let h = handle else { throw EIDError(.state, message: "the wallet is closed") }
            return try body(h)
        }
    }

    private func fail(_ st: eid_status, _ h: OpaquePointer) throws(EIDError) {
        try check(st, string(eid_wallet_last_error(h)))
    }

    /// 0 (no identity, or a revoked one), 1 self-registered, 2 verified in person.
    public func level() throws(EIDError) -> Int {
        try run { (h) throws(EIDError) in
            var l: UInt32 = 0
            try check(eid_wallet_level(h, &l))
            return Int(l)
        }
    }

    /// The identity authority's challenge answered with a signed ActivationRequest.
    public func activationRequest(challenge: [UInt8]) throws(EIDError) -> Data {
        try run { (h) throws(EIDError) in
            var b = eid_bytes()
            try fail(eid_wallet_activation_request(h, challenge, challenge.count, &b), h)
            return takeBytes(&b)
        }
    }

    /// Stores the identity credential bundle the authority returned.
    public func activate(bundle: Data, trust: Verifier) throws(EIDError) {
        try run { (h) throws(EIDError) in
            try fail(bundle.withBytes { eid_wallet_activate(h, trust.handle, $0, $1) }, h)
        }
    }

    /// A document issuer's challenge answered with an IssuanceRequest (level 2 only).
    public func issuanceRequest(challenge: [UInt8]) throws(EIDError) -> Data {
        try run { (h) throws(EIDError) in
            var b = eid_bytes()
            try fail(eid_wallet_issuance_request(h, challenge, challenge.count, &b), h)
            return takeBytes(&b)
        }
    }

    /// Stores a document credential bundle after checking it against `trust`.
    public func importDocument(_ bundle: Data, trust: Verifier) throws(EIDError) {
        try run { (h) throws(EIDError) in
            try fail(bundle.withBytes { eid_wallet_import(h, trust.handle, $0, $1) }, h)
        }
    }

    public func delete(_ docType: DocType) throws(EIDError) {
        try run { (h) throws(EIDError) in try check(eid_wallet_delete(h, docType.rawValue)) }
    }

    /// The doc types the wallet holds, identity first.
    public func docTypes() throws(EIDError) -> [DocType] {
        try run { (h) throws(EIDError) in
            var types = [UInt32](repeating: 0, count: 16)
            var n = 0
            try check(eid_wallet_list(h, &types, types.count, &n))
            return types.prefix(min(n, types.count)).map { DocType(rawValue: $0) }
        }
    }

    /// The stored credential of `docType`, decoded for display.
    public func document(_ docType: DocType) throws(EIDError) -> Document {
        try run { (h) throws(EIDError) in
            var d: OpaquePointer?
            try check(eid_wallet_document(h, docType.rawValue, &d))
            return Document(d!)
        }
    }

    /// Applies the revocation lists loaded in `lists`; returns how many
    /// credentials are now marked revoked.
    @discardableResult
    public func refresh(lists: Verifier) throws(EIDError) -> Int {
        try run { (h) throws(EIDError) in
            var n = 0
            try fail(eid_wallet_refresh(h, lists.handle, &n), h)
            return n
        }
    }

    /// A presentation of `claims` (claim numbers, at least one) of the document
    /// of `docType`. With `request` (checked against `trust`) it answers that
    /// relying party; without, it is an offline presentation.
    public func present(_ docType: DocType, claims: [UInt32], request: Request? = nil,
                        trust: Verifier? = nil) throws(EIDError) -> Presentation {
        try run { (h) throws(EIDError) in
            var b = eid_bytes()
            var reused: Int32 = 0
            let st: eid_status = claims.withUnsafeBufferPointer { c in
                (request?.bytes ?? Data()).withBytes { rp, rn in
                    eid_wallet_present(h, docType.rawValue, c.baseAddress, c.count, request == nil ? nil : rp, rn,
                                       trust?.handle, &b, &reused)
                }
            }
            try fail(st, h)
            let bytes = takeBytes(&b)
            var t: UnsafeMutablePointer<CChar>?
            try bytes.withBytes { (p, n) throws(EIDError) in try check(eid_presentation_text(p, n, &t)) }
            return Presentation(bytes: bytes, text: takeText(t), reused: reused == 1)
        }
    }

    /// The audit log, oldest first.
    public func audit() throws(EIDError) -> [AuditEntry] {
        try run { (h) throws(EIDError) in
            var log: OpaquePointer?
            try check(eid_wallet_audit(h, &log))
            defer { eid_audit_free(log) }
            var out: [AuditEntry] = []
            for i in 0..<eid_audit_count(log) {
                var time: Int64 = 0
                var type: UInt32 = 0
                var bits: UInt32 = 0
                var rp: UnsafePointer<CChar>?
                try check(eid_audit_entry(log, i, &time, &type, &bits, &rp))
                out.append(AuditEntry(time: Date(timeIntervalSince1970: Double(time)), docType: DocType(rawValue: type),
                                      claims: (0..<32).filter { bits & (1 << $0) != 0 }.map { UInt32($0) },
                                      relyingParty: string(rp)))
            }
            return out
        }
    }

    /// Deletes every audit entry.
    public func clearAudit() throws(EIDError) {
        try run { (h) throws(EIDError) in try check(eid_wallet_audit_clear(h)) }
    }
}

/// A stored credential decoded for display (eid_document): its values are
/// copied at creation and the C document is zeroed and freed with this object.
public final class Document: @unchecked Sendable {
    private let handle: OpaquePointer
    public let docType: DocType
    public let assurance: UInt32
    public let validFrom: Day
    public let validUntil: Day
    public let validity: Validity
    public let revoked: Bool
    public let claims: [Claim]

    init(_ d: OpaquePointer) {
        handle = d
        docType = DocType(rawValue: eid_document_doc_type(d))
        assurance = eid_document_assurance(d)
        validFrom = Day(days: eid_document_valid_from(d))
        validUntil = Day(days: eid_document_valid_until(d))
        validity = Validity(eid_document_validity(d))
        revoked = eid_document_revoked(d) == 1
        var cs: [Claim] = []
        for i in 0..<eid_document_claim_count(d) {
            if let c = eid_document_claim(d, i) { cs.append(Claim(c.pointee, docType: DocType(rawValue: eid_document_doc_type(d)))) }
        }
        claims = cs
    }

    deinit { eid_document_free(handle) }

    public func claim(_ name: String) -> Claim? { claims.first { $0.name == name } }

    /// The document's card on the wallet's day, in `language`.
    public func card(language: Language = .vietnamese, revealSensitive: Bool = false) throws(EIDError) -> Card {
        var c: OpaquePointer?
        try check(eid_document_card(handle, language.cValue, revealSensitive ? 1 : 0, &c))
        return Card(c!)
    }
}

/// A card's layout (eid_card), for a native UI to draw, or as SVG. Immutable.
public final class Card: @unchecked Sendable {
    public struct Row: Sendable, Equatable {
        public let label: String
        public let value: String
        public let claim: UInt32
        public let onFace: Bool
        public let hidden: Bool
    }

    private let handle: OpaquePointer

    init(_ c: OpaquePointer) { handle = c }
    deinit { eid_card_free(handle) }

    /// Lays out the card of `claims` of `docType` (any subset: a verifier may
    /// draw the disclosed claims), valid `validFrom`...`validUntil` (nil: no
    /// dates known), on day `today`. Throws `.invalidClaim` for a claim that
    /// breaks its schema, `.notFound` for an unknown doc type.
    public convenience init(docType: DocType, claims: [Claim], validFrom: Day? = nil, validUntil: Day? = nil,
                            today: Day = Day(Date()), revoked: Bool = false, language: Language = .vietnamese,
                            revealSensitive: Bool = false) throws(EIDError) {
        try ensureInitialized()
        var c: OpaquePointer?
        let st: eid_status = Claim.withCClaims(claims) { p, n in
            eid_card_new(docType.rawValue, p, n, validFrom?.days ?? 0, validUntil?.days ?? 0,
                         validFrom == nil ? 0 : today.days, revoked ? 1 : 0, language.cValue,
                         revealSensitive ? 1 : 0, &c)
        }
        try check(st, "eid_card_new")
        self.init(c!)
    }

    public var docType: DocType { DocType(rawValue: eid_card_doc_type(handle)) }
    public var title: String { string(eid_card_title(handle)) }
    public var issuer: String { string(eid_card_issuer(handle)) }
    public var holderName: String { string(eid_card_holder_name(handle)) }
    public var validity: Validity { Validity(eid_card_validity(handle)) }
    public var validityLabel: String { string(eid_card_validity_label(handle)) }
    public var validUntil: Day { Day(days: eid_card_valid_until(handle)) }
    public var daysLeft: Int { Int(eid_card_days_left(handle)) }
    /// 0xRRGGBB.
    public var colour: UInt32 { eid_card_colour(handle) }
    public var portrait: Data? {
        guard let p = eid_card_portrait(handle) else { return nil }
        return Data(bytes: p, count: eid_card_portrait_len(handle))
    }
    public var rows: [Row] {
        (0..<eid_card_row_count(handle)).map { i in
            Row(label: string(eid_card_row_label(handle, i)), value: string(eid_card_row_value(handle, i)),
                claim: eid_card_row_claim(handle, i), onFace: eid_card_row_on_face(handle, i) == 1,
                hidden: eid_card_row_hidden(handle, i) == 1)
        }
    }

    /// The card face as an SVG document (UTF-8).
    public func svg() throws(EIDError) -> Data {
        var b = eid_bytes()
        try check(eid_card_svg(handle, &b))
        return takeBytes(&b)
    }
}

/// One QR code of an "EID1:" or "EIDR1:" text (eid_qr). Immutable.
public final class QRCode: @unchecked Sendable {
    public enum ErrorCorrection: Sendable {
        case l, m, q, h
        var cValue: eid_qr_ecc {
            switch self {
            case .l: EID_QR_ECC_L
            case .m: EID_QR_ECC_M
            case .q: EID_QR_ECC_Q
            case .h: EID_QR_ECC_H
            }
        }
    }

    private let handle: OpaquePointer

    /// Encodes `text` at the smallest version that holds it; throws
    /// `.invalidArg` (empty, a character outside QR's alphanumeric set) or `.doesNotFit`.
    public init(text: String, ecc: ErrorCorrection = .m) throws(EIDError) {
        try ensureInitialized()
        var q: OpaquePointer?
        try check(eid_qr_new(text, ecc.cValue, &q))
        handle = q!
    }

    deinit { eid_qr_free(handle) }

    public var version: Int { Int(eid_qr_version(handle)) }
    /// Modules per side, without the quiet zone.
    public var width: Int { Int(eid_qr_width(handle)) }
    /// Row-major, 1 dark and 0 light, width * width values.
    public var modules: [UInt8] { Array(UnsafeBufferPointer(start: eid_qr_modules(handle), count: width * width)) }

    public func svg(quietZone: UInt32 = 4) throws(EIDError) -> Data {
        var b = eid_bytes()
        try check(eid_qr_render_svg(handle, quietZone, &b))
        return takeBytes(&b)
    }

    public func png(scale: UInt32 = 6, quietZone: UInt32 = 4) throws(EIDError) -> Data {
        var b = eid_bytes()
        try check(eid_qr_render_png(handle, scale, quietZone, &b))
        return takeBytes(&b)
    }

    /// UTF-8 half blocks for a terminal.
    public func terminalText(quietZone: UInt32 = 4, lightOnDark: Bool = true) throws(EIDError) -> String {
        var b = eid_bytes()
        try check(eid_qr_render_text(handle, quietZone, lightOnDark ? EID_QR_TEXT_LIGHT_ON_DARK : EID_QR_TEXT_DARK_ON_LIGHT, &b))
        return String(decoding: takeBytes(&b), as: UTF8.self)
    }
}
