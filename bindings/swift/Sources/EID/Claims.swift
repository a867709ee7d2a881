// SPDX-License-Identifier: Apache-2.0
import CEID
import Foundation

/// A document type (eid_doc_type); other values are allowed for doc types a
/// newer libeid knows.
public struct DocType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let identity = DocType(rawValue: EID_DOC_IDENTITY.rawValue)
    public static let drivingLicence = DocType(rawValue: EID_DOC_DRIVING_LICENCE.rawValue)
    public static let healthInsurance = DocType(rawValue: EID_DOC_HEALTH_INSURANCE.rawValue)
    public static let criminalRecord = DocType(rawValue: EID_DOC_CRIMINAL_RECORD.rawValue)

    /// The doc type of a name ("driving_licence"), or nil.
    public init?(name: String) {
        let t = eid_doc_type_from_name(name)
        if t == 0 { return nil }
        rawValue = t
    }

    /// "identity", "driving_licence", ...; "" when unknown.
    public var name: String { string(eid_doc_type_name(rawValue)) }
    public var description: String { name.isEmpty ? "doc type \(rawValue)" : name }

    /// The card title in `language` ("GIẤY PHÉP LÁI XE").
    public func title(_ language: Language = .vietnamese) -> String {
        string(eid_doc_type_title(rawValue, language.cValue))
    }

    /// The number of the claim called `name` in this doc type.
    public func claimNumber(_ name: String) throws(EIDError) -> UInt32 {
        var n: UInt32 = 0
        try check(eid_claim_number(rawValue, name, &n), name)
        return n
    }

    /// The name of claim `number` ("full_name"), or "" when the doc type has no such claim.
    public func claimName(_ number: UInt32) -> String { string(eid_claim_name(rawValue, number)) }

    /// The label of claim `number` in `language`.
    public func claimLabel(_ number: UInt32, _ language: Language = .vietnamese) -> String {
        string(eid_claim_label(rawValue, number, language.cValue))
    }
}

/// The languages of labels, titles and cards.
public enum Language: Sendable {
    case vietnamese, english
    var cValue: eid_language { self == .vietnamese ? EID_LANGUAGE_VI : EID_LANGUAGE_EN }
}

/// A calendar day as libeid counts it: days since 1970-01-01, a day running
/// midnight to midnight in Vietnam time (UTC+7).
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let days: Int32
    public init(days: Int32) { self.days = days }

    /// The day of a calendar date; throws invalidArg for a date that does not exist.
    public init(year: Int32, month: Int32, day: Int32) throws(EIDError) {
        var d: Int32 = 0
        try check(eid_day_from_civil(year, month, day, &d))
        days = d
    }

    /// The Vietnam-time day on which `date` falls.
    public init(_ date: Date) { days = eid_day_of(seconds(date)) }

    public var civil: (year: Int32, month: Int32, day: Int32) {
        var y: Int32 = 0, m: Int32 = 0, d: Int32 = 0
        eid_day_to_civil(days, &y, &m, &d)
        return (y, m, d)
    }

    /// The day's start (midnight in Vietnam time) as a Date.
    public var date: Date { Date(timeIntervalSince1970: Double(Int64(days) * 86400 - 7 * 3600)) }

    /// "YYYY-MM-DD".
    public var description: String {
        let c = civil
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    public static func < (a: Day, b: Day) -> Bool { a.days < b.days }
}

/// One entry of a list claim: a driving privilege (code = licence class, first
/// and last day = issue and expiry) or a conviction (text, first and last day).
public struct ListEntry: Hashable, Sendable {
    public var code: UInt32
    public var text: String
    public var firstDay: Day
    public var lastDay: Day
    public init(code: UInt32, text: String = "", firstDay: Day, lastDay: Day) {
        self.code = code
        self.text = text
        self.firstDay = firstDay
        self.lastDay = lastDay
    }
}

/// A claim's typed value, as the wire format types it.
public enum ClaimValue: Hashable, Sendable {
    case text(String)
    case date(Day)
    case integer(Int64)
    case boolean(Bool)
    case bytes(Data)
    case enumeration(Int64)
    case list([ListEntry])
}

/// A claim of a credential: its number (its fixed leaf position), its name in
/// the doc type, and its typed value.
public struct Claim: Hashable, Sendable {
    public let number: UInt32
    public let name: String
    public let value: ClaimValue

    public init(number: UInt32, name: String = "", value: ClaimValue) {
        self.number = number
        self.name = name
        self.value = value
    }

    /// Reads a claim libeid owns (copies everything).
    init(_ c: eid_claim, docType: DocType) {
        number = c.number
        name = docType.claimName(c.number)
        func bytes() -> Data {
            guard let p = c.bytes, c.bytes_len > 0 else { return Data() }
            return Data(bytes: p, count: c.bytes_len)
        }
        switch c.type {
        case EID_VALUE_TEXT: value = .text(String(decoding: bytes(), as: UTF8.self))
        case EID_VALUE_DATE: value = .date(Day(days: Int32(truncatingIfNeeded: c.number_value)))
        case EID_VALUE_INTEGER: value = .integer(c.number_value)
        case EID_VALUE_BOOLEAN: value = .boolean(c.number_value != 0)
        case EID_VALUE_BYTES: value = .bytes(bytes())
        case EID_VALUE_ENUM: value = .enumeration(c.number_value)
        default:
            var entries: [ListEntry] = []
            if let e = c.entries {
                for i in 0..<c.n_entries {
                    let x = e[i]
                    let text = x.text.map { String(decoding: UnsafeBufferPointer(start: $0, count: x.text_len), as: UTF8.self) } ?? ""
                    entries.append(ListEntry(code: x.code, text: text, firstDay: Day(days: x.first_day),
                                             lastDay: Day(days: x.last_day)))
                }
            }
            value = .list(entries)
        }
    }

    /// Lends `claims` to C as an eid_claim array, valid inside `body` only.
    package static func withCClaims<R>(_ claims: [Claim], _ body: (UnsafePointer<eid_claim>, Int) throws -> R) rethrows -> R {
        // Every pointer the array holds lives in `storage` until body returns.
        var storage: [UnsafeMutableRawPointer] = []
        defer { storage.forEach { $0.deallocate() } }
        func copy(_ d: Data) -> UnsafePointer<UInt8>? {
            let p = UnsafeMutableRawPointer.allocate(byteCount: max(d.count, 1), alignment: 1)
            d.copyBytes(to: p.assumingMemoryBound(to: UInt8.self), count: d.count)
            storage.append(p)
            return UnsafePointer(p.assumingMemoryBound(to: UInt8.self))
        }
        var out: [eid_claim] = []
        for c in claims {
            var x = eid_claim()
            x.number = c.number
            switch c.value {
            case .text(let s):
                x.type = EID_VALUE_TEXT
                let d = Data(s.utf8)
                x.bytes = copy(d)
                x.bytes_len = d.count
            case .bytes(let d):
                x.type = EID_VALUE_BYTES
                x.bytes = copy(d)
                x.bytes_len = d.count
            case .date(let d): x.type = EID_VALUE_DATE; x.number_value = Int64(d.days)
            case .integer(let n): x.type = EID_VALUE_INTEGER; x.number_value = n
            case .boolean(let b): x.type = EID_VALUE_BOOLEAN; x.number_value = b ? 1 : 0
            case .enumeration(let n): x.type = EID_VALUE_ENUM; x.number_value = n
            case .list(let entries):
                x.type = EID_VALUE_LIST
                let p = UnsafeMutableRawPointer.allocate(byteCount: max(entries.count, 1) * MemoryLayout<eid_list_entry>.stride,
                                                         alignment: MemoryLayout<eid_list_entry>.alignment)
                storage.append(p)
                let e = p.bindMemory(to: eid_list_entry.self, capacity: max(entries.count, 1))
                for (i, entry) in entries.enumerated() {
                    let t = Data(entry.text.utf8)
                    e[i] = eid_list_entry(code: entry.code, text: t.isEmpty ? nil : copy(t), text_len: t.count,
                                          first_day: entry.firstDay.days, last_day: entry.lastDay.days)
                }
                x.entries = UnsafePointer(e)
                x.n_entries = entries.count
            }
            out.append(x)
        }
        if out.isEmpty { out.append(eid_claim()) } // a valid pointer for an empty set
        return try out.withUnsafeBufferPointer { try body($0.baseAddress!, claims.count) }
    }
}
