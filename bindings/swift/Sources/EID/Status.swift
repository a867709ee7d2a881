// SPDX-License-Identifier: Apache-2.0
import CEID

/// Every status of libeid's `eid_status`, one case per enumerator, with the same
/// value. The case name is the enumerator's name without `EID_ERR_`, in lower
/// camel case (`EID_ERR_KEY_INVALIDATED` is `.keyInvalidated`); a test walks
/// the C library's list (`eid_status_count()`, `eid_status_at()`,
/// `eid_status_name()`) and checks both, so a status added in C cannot be
/// missing here.
public enum Status: Int32, Sendable, CaseIterable {
    case ok = 0
    case invalidArg = 1
    case state = 2
    case notFound = 3
    case exists = 4
    case doesNotFit = 5
    case listFull = 6
    case batchEmpty = 7
    case unsupported = 8
    case format = 20
    case unsupportedVersion = 21
    case tooLarge = 22
    case invalidClaim = 23
    case badSignature = 40
    case untrustedIssuer = 41
    case untrustedRelyingParty = 42
    case untrustedList = 43
    case notAllowed = 44
    case listExpired = 45
    case listStale = 46
    case listRollback = 47
    case noRevocationList = 48
    case clock = 49
    case expired = 50
    case notYetValid = 51
    case revoked = 52
    case wrongLevel = 53
    case wrongHolder = 54
    case proof = 55
    case presentationExpired = 56
    case challengeRequired = 57
    case requestUnknown = 58
    case requestExpired = 59
    case wrongChallenge = 60
    case notRequested = 61
    case replayed = 62
    case storeFull = 63
    case older = 64
    case identityRevoked = 65
    case locked = 80
    case wrongPasscode = 81
    case weakPasscode = 82
    case lockedOut = 83
    case wiped = 84
    case keystore = 85
    case keystoreCancelled = 86
    case keyInvalidated = 87
    case noMemory = 100
    case io = 101
    case corrupt = 102
    case crypto = 103
    case `internal` = 104
    case unavailable = 105
    case accessDenied = 106

    /// The C library's name of the status, e.g. "EID_ERR_REVOKED".
    public var name: String { String(cString: eid_status_name(cValue)) }
    /// An English sentence naming the status.
    public var sentence: String { String(cString: eid_status_str(cValue)) }

    var cValue: eid_status { eid_status(rawValue: UInt32(bitPattern: rawValue)) }

    /// The status of a C value; a value this binding does not know (from a newer
    /// libeid) reads as `.internal`.
    init(_ status: eid_status) {
        self = Status(rawValue: Int32(bitPattern: status.rawValue)) ?? .`internal`
    }
}
