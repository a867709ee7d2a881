// SPDX-License-Identifier: Apache-2.0
import CEID
import Foundation

/// Where a keystore keeps its keys (recorded in the vault header).
public enum KeyStoreKind: Sendable {
    case software, trustedExecution, secureElement
    var cValue: eid_keystore_kind {
        switch self {
        case .software: EID_KEYSTORE_SOFTWARE
        case .trustedExecution: EID_KEYSTORE_TEE
        case .secureElement: EID_KEYSTORE_SECURE_ELEMENT
        }
    }
    init(_ k: eid_keystore_kind) {
        switch k {
        case EID_KEYSTORE_TEE: self = .trustedExecution
        case EID_KEYSTORE_SECURE_ELEMENT: self = .secureElement
        default: self = .software
        }
    }
}

/// The outcomes of a keystore call other than success, each its own libeid status.
public enum KeyStoreError: Error, Sendable {
    /// The user dismissed the prompt (EID_ERR_KEYSTORE_CANCELLED).
    case cancelled
    /// The key is gone for good, e.g. the device's biometrics or passcode changed
    /// (EID_ERR_KEY_INVALIDATED).
    case keyInvalidated
    /// Anything else (EID_ERR_KEYSTORE).
    case failed
}

/// The platform keystore the vault's second factor lives in (eid/keystore.h):
/// a pseudorandom function of 32 bytes under a non-exportable key named by
/// `alias`, created the first time the alias is used. On iOS, an app realises
/// it with the Secure Enclave (README.md). libeid calls it from the thread of
/// the vault call, one call at a time per vault; distinct vaults may call one
/// keystore from different threads at once. Any error other than
/// `KeyStoreError` counts as `.failed`: no Swift error ever reaches C.
public protocol KeyStore: AnyObject, Sendable {
    var kind: KeyStoreKind { get }
    /// 32 bytes: PRF_key(alias)(input). `input` is 32 bytes and secret: zero copies of it.
    func prf(alias: String, input: [UInt8]) throws -> [UInt8]
    /// Removes the key of `alias` (also when it does not exist).
    func deleteKey(alias: String) throws
}

/// libeid's software keystore (keyed BLAKE2b under keys kept in files in
/// `directory`): for tests and host tools only, never on a phone.
public final class SoftwareKeyStore: KeyStore, @unchecked Sendable {
    // The C keystore is immutable after opening and safe for distinct aliases;
    // the lock makes one alias safe from several threads too.
    private var ks = eid_keystore()
    private let lock = NSLock()
    public let kind = KeyStoreKind.software

    public init(directory: String) throws(EIDError) {
        try ensureInitialized()
        try check(eid_keystore_software_open(directory, &ks), directory)
    }

    deinit { eid_keystore_software_close(&ks) }

    public func prf(alias: String, input: [UInt8]) throws -> [UInt8] {
        guard input.count == 32 else { throw KeyStoreError.failed }
        var out = [UInt8](repeating: 0, count: 32)
        let st: eid_status = lock.withLock {
            input.withUnsafeBufferPointer { i in
                out.withUnsafeMutableBufferPointer { o in ks.prf(ks.ctx, alias, i.baseAddress, o.baseAddress) }
            }
        }
        if st != EID_OK { throw KeyStoreError.failed }
        return out
    }

    public func deleteKey(alias: String) throws {
        let st: eid_status = lock.withLock { ks.delete_key(ks.ctx, alias) }
        if st != EID_OK { throw KeyStoreError.failed }
    }
}

/// What a vault hands to C: the Swift keystore behind a C callback table.
final class KeyStoreBridge {
    let store: any KeyStore
    var table: eid_keystore

    init(_ store: any KeyStore) {
        self.store = store
        table = eid_keystore()
        table.kind = store.kind.cValue
        table.prf = keyStorePRF
        table.delete_key = keyStoreDelete
        table.ctx = nil
    }

    /// The table with ctx pointing at self; valid while self lives.
    var cTable: eid_keystore {
        var t = table
        t.ctx = Unmanaged.passUnretained(self).toOpaque()
        return t
    }
}

private func status(of error: any Error) -> eid_status {
    switch error as? KeyStoreError {
    case .cancelled?: EID_ERR_KEYSTORE_CANCELLED
    case .keyInvalidated?: EID_ERR_KEY_INVALIDATED
    default: EID_ERR_KEYSTORE
    }
}

private let keyStorePRF: eid_keystore_prf_fn = { ctx, alias, input, output in
    guard let ctx, let alias, let input, let output else { return EID_ERR_KEYSTORE }
    let bridge = Unmanaged<KeyStoreBridge>.fromOpaque(ctx).takeUnretainedValue()
    var inBytes = [UInt8](UnsafeBufferPointer(start: input, count: 32))
    defer { zeroize(&inBytes) }
    do {
        var out = try bridge.store.prf(alias: String(cString: alias), input: inBytes)
        defer { zeroize(&out) }
        guard out.count == 32 else { return EID_ERR_KEYSTORE }
        out.withUnsafeBufferPointer { output.update(from: $0.baseAddress!, count: 32) }
        return EID_OK
    } catch {
        return status(of: error)
    }
}

private let keyStoreDelete: eid_keystore_delete_fn = { ctx, alias in
    guard let ctx, let alias else { return EID_ERR_KEYSTORE }
    let bridge = Unmanaged<KeyStoreBridge>.fromOpaque(ctx).takeUnretainedValue()
    do {
        try bridge.store.deleteKey(alias: String(cString: alias))
        return EID_OK
    } catch {
        return status(of: error)
    }
}
