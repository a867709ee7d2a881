// SPDX-License-Identifier: Apache-2.0
import CEID

/// What every throwing call of this module throws: the libeid status, and for
/// developers the handle's last message (never a secret or personal data).
public struct EIDError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Status
    public let message: String

    public init(_ status: Status, message: String = "") {
        self.status = status
        self.message = message
    }

    public var description: String {
        message.isEmpty ? "\(status.name): \(status.sentence)" : "\(status.name): \(status.sentence) (\(message))"
    }
}

/// Throws unless `status` is EID_OK.
@inline(__always)
func check(_ status: eid_status, _ message: @autoclosure () -> String = "") throws(EIDError) {
    if status != EID_OK {
        throw EIDError(Status(status), message: message())
    }
}

/// eid_init(), once per process, before the first handle.
private let initStatus: eid_status = eid_init()

func ensureInitialized() throws(EIDError) {
    try check(initStatus, "eid_init")
}

/// The version of the loaded libeid ("0.1.0").
public var libraryVersion: String { String(cString: eid_version_string()) }
