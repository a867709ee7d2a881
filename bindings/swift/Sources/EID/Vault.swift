// SPDX-License-Identifier: Apache-2.0
import CEID
import Foundation

/// Log levels of libeid's logger (messages name operations and statuses only).
public enum LogLevel: Int, Sendable, Comparable {
    case debug = 0, info, warn, error
    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// The vault's options (eid_vault_options); unset fields keep libeid's defaults.
public struct VaultOptions: Sendable {
    public var passcodeMinLength: UInt32?
    public var passcodeMaxLength: UInt32?
    public var passcodeDigitsOnly: Bool?
    public var passcodeRejectWeak: Bool?
    /// Argon2id passes and memory (minimum 1 and 8 KiB; defaults 3 and 64 MiB).
    public var argon2Ops: UInt64?
    public var argon2MemoryBytes: UInt64?
    public var backoffAfter: UInt32?
    public var wipeAfter: UInt32?
    public var backoffBaseSeconds: Int64?
    public var backoffMaxSeconds: Int64?
    /// The wall clock (nil: the system clock).
    public var clock: (@Sendable () -> Date)?
    /// Seconds since boot, counting sleep, that the user cannot set (nil: the
    /// boot-time clock); times the lockout's waits.
    public var elapsedClock: (@Sendable () -> Int64)?
    public var logger: (@Sendable (LogLevel, String) -> Void)?
    public var logLevel: LogLevel = .info

    public init() {}
}

/// The closures C calls back, kept alive as long as the handle using them.
final class Callbacks: @unchecked Sendable {
    let clock: (@Sendable () -> Date)?
    let elapsedClock: (@Sendable () -> Int64)?
    let logger: (@Sendable (LogLevel, String) -> Void)?

    init(clock: (@Sendable () -> Date)?, elapsedClock: (@Sendable () -> Int64)?,
         logger: (@Sendable (LogLevel, String) -> Void)?) {
        self.clock = clock
        self.elapsedClock = elapsedClock
        self.logger = logger
    }

    var ctx: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
    static func from(_ ctx: UnsafeMutableRawPointer?) -> Callbacks? {
        ctx.map { Unmanaged<Callbacks>.fromOpaque($0).takeUnretainedValue() }
    }
}

let clockThunk: eid_clock_fn = { ctx in
    guard let clock = Callbacks.from(ctx)?.clock else { return eid_system_clock(nil) }
    return seconds(clock())
}
let elapsedThunk: eid_clock_fn = { ctx in
    Callbacks.from(ctx)?.elapsedClock?() ?? 0
}
let logThunk: eid_log_fn = { ctx, level, message in
    guard let logger = Callbacks.from(ctx)?.logger else { return }
    logger(LogLevel(rawValue: Int(level.rawValue)) ?? .error, message.map { String(cString: $0) } ?? "")
}

extension VaultOptions {
    func cOptions(_ callbacks: Callbacks) throws(EIDError) -> eid_vault_options {
        var o = eid_vault_options()
        try check(eid_vault_options_default(&o, UInt32(EID_VAULT_OPTIONS_VERSION)))
        if let v = passcodeMinLength { o.passcode_min_length = v }
        if let v = passcodeMaxLength { o.passcode_max_length = v }
        if let v = passcodeDigitsOnly { o.passcode_digits_only = v ? 1 : 0 }
        if let v = passcodeRejectWeak { o.passcode_reject_weak = v ? 1 : 0 }
        if let v = argon2Ops { o.argon2_ops = v }
        if let v = argon2MemoryBytes { o.argon2_mem_bytes = v }
        if let v = backoffAfter { o.backoff_after = v }
        if let v = wipeAfter { o.wipe_after = v }
        if let v = backoffBaseSeconds { o.backoff_base_seconds = v }
        if let v = backoffMaxSeconds { o.backoff_max_seconds = v }
        if clock != nil { o.clock = clockThunk; o.clock_ctx = callbacks.ctx }
        if elapsedClock != nil { o.elapsed_clock = elapsedThunk; o.elapsed_clock_ctx = callbacks.ctx }
        if logger != nil {
            o.logger = eid_logger(fn: logThunk, ctx: callbacks.ctx,
                                  min_level: eid_log_level(rawValue: UInt32(logLevel.rawValue)))
        }
        return o
    }
}

/// The encrypted vault on the phone (eid/vault.h): one owner of one eid_vault.
///
/// Sendable because it protects itself: every call takes the vault's lock, so
/// the C rule "one thread at a time per vault" holds whatever threads call it.
/// After `close()` (or when the vault is released) every call throws
/// `EIDError(.state)`; closing closes the vault's wallets first.
public final class Vault: @unchecked Sendable {
    let handleLock = HandleLock()
    private var handle: OpaquePointer?
    private let keyStore: KeyStoreBridge
    private let callbacks: Callbacks
    private var wallets: [WeakWallet] = []

    private init(handle: OpaquePointer, keyStore: KeyStoreBridge, callbacks: Callbacks) {
        self.handle = handle
        self.keyStore = keyStore
        self.callbacks = callbacks
    }

    deinit { eid_vault_close(handle) }

    /// The policy check a UI runs before asking for a new passcode twice.
    /// Throws `.weakPasscode`; zeroes `passcode`.
    public static func checkPasscode(_ passcode: inout [UInt8], options: VaultOptions = VaultOptions()) throws(EIDError) {
        try ensureInitialized()
        let secret = SecretText(consuming: &passcode)
        let cb = Callbacks(clock: nil, elapsedClock: nil, logger: nil)
        var o = try options.cOptions(cb)
        try check(eid_vault_check_passcode(&o, secret.pointer))
    }

    /// Creates a vault in `directory` (existing, with no vault in it), unlocked.
    /// `passcode` is zeroed before this returns.
    public static func create(directory: String, passcode: inout [UInt8], keyStore: any KeyStore,
                              options: VaultOptions = VaultOptions()) throws(EIDError) -> Vault {
        try ensureInitialized()
        let secret = SecretText(consuming: &passcode)
        let bridge = KeyStoreBridge(keyStore)
        let cb = Callbacks(clock: options.clock, elapsedClock: options.elapsedClock, logger: options.logger)
        var o = try options.cOptions(cb)
        var ks = bridge.cTable
        var v: OpaquePointer?
        try check(eid_vault_create(directory, secret.pointer, &ks, &o, &v), "eid_vault_create")
        return Vault(handle: v!, keyStore: bridge, callbacks: cb)
    }

    /// Opens the vault in `directory`, locked. Blocks on file I/O and a keystore call.
    public static func open(directory: String, keyStore: any KeyStore,
                            options: VaultOptions = VaultOptions()) throws(EIDError) -> Vault {
        try ensureInitialized()
        let bridge = KeyStoreBridge(keyStore)
        let cb = Callbacks(clock: options.clock, elapsedClock: options.elapsedClock, logger: options.logger)
        var o = try options.cOptions(cb)
        var ks = bridge.cTable
        var v: OpaquePointer?
        try check(eid_vault_open(directory, &ks, &o, &v), "eid_vault_open")
        return Vault(handle: v!, keyStore: bridge, callbacks: cb)
    }

    /// `open` off the caller's actor.
    public static func open(directory: String, keyStore: any KeyStore,
                            options: VaultOptions = VaultOptions()) async throws(EIDError) -> Vault {
        try await offActor { () throws(EIDError) in try Vault.open(directory: directory, keyStore: keyStore, options: options) }
    }

    /// Runs `body` on the open handle under the vault's lock.
    func withHandle<R>(_ body: (OpaquePointer) throws(EIDError) -> R) throws(EIDError) -> R {
        try handleLock.run { () throws(EIDError) -> R in
            guard let h = handle else { throw EIDError(.state, message: "the vault is closed") }
            return try body(h)
        }
    }

    private func lastError(_ h: OpaquePointer) -> String { string(eid_vault_last_error(h)) }

    /// Unlocks with `passcode` (Argon2id and one keystore call: blocks for about
    /// half a second with the default options). `passcode` is zeroed.
    public func unlock(passcode: inout [UInt8]) throws(EIDError) {
        let secret = SecretText(consuming: &passcode)
        try withHandle { (h) throws(EIDError) in try check(eid_vault_unlock(h, secret.pointer), lastError(h)) }
    }

    /// `unlock` off the caller's actor; `passcode` is zeroed before the work starts.
    public func unlock(passcode: inout [UInt8]) async throws(EIDError) {
        let secret = SendableSecret(SecretText(consuming: &passcode))
        try await offActor { () throws(EIDError) in
            try self.withHandle { (h) throws(EIDError) in
                try check(eid_vault_unlock(h, secret.value.pointer), self.lastError(h))
            }
        }
    }

    public func lock() throws(EIDError) {
        try withHandle { (h) throws(EIDError) in try check(eid_vault_lock(h)) }
    }

    public var isUnlocked: Bool {
        (try? withHandle { (h) throws(EIDError) in eid_vault_is_unlocked(h) == 1 }) ?? false
    }

    /// Seconds until the next passcode attempt is allowed (0: now).
    public func retryAfter() throws(EIDError) -> Int64 {
        try withHandle { (h) throws(EIDError) in
            var s: Int64 = 0
            try check(eid_vault_retry_after(h, &s))
            return s
        }
    }

    public func failedAttempts() throws(EIDError) -> UInt32 {
        try withHandle { (h) throws(EIDError) in
            var n: UInt32 = 0
            try check(eid_vault_failed_attempts(h, &n))
            return n
        }
    }

    public var keyStoreKind: KeyStoreKind {
        (try? withHandle { (h) throws(EIDError) in KeyStoreKind(eid_vault_keystore_kind(h)) }) ?? .software
    }

    /// Re-seals under `new`; both arrays are zeroed.
    public func changePasscode(old: inout [UInt8], new: inout [UInt8]) throws(EIDError) {
        let o = SecretText(consuming: &old), n = SecretText(consuming: &new)
        try withHandle { (h) throws(EIDError) in
            try check(eid_vault_change_passcode(h, o.pointer, n.pointer), lastError(h))
        }
    }

    public func rekey() throws(EIDError) {
        try withHandle { (h) throws(EIDError) in try check(eid_vault_rekey(h), lastError(h)) }
    }

    /// Deletes the keystore key and every file; afterwards only `close()` is useful.
    public func wipe() throws(EIDError) {
        try withHandle { (h) throws(EIDError) in try check(eid_vault_wipe(h), lastError(h)) }
    }

    /// Closes the vault's wallets, then locks and releases the vault. Idempotent.
    public func close() {
        handleLock.run {
            for w in wallets { w.value?.releaseHandle() }
            wallets.removeAll()
            eid_vault_close(handle)
            handle = nil
        }
    }

    /// Called with the lock held.
    func register(_ wallet: Wallet) {
        wallets.removeAll { $0.value == nil }
        wallets.append(WeakWallet(value: wallet))
    }
}

struct WeakWallet {
    weak var value: Wallet?
}

/// A secret handed to a dispatch queue: used by one work item at a time.
struct SendableSecret: @unchecked Sendable {
    let value: SecretText
    init(_ value: SecretText) { self.value = value }
}
