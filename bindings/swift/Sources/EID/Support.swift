// SPDX-License-Identifier: Apache-2.0
import CEID
import Foundation

/// Overwrites the bytes of `bytes` with zeros, keeping its count.
public func zeroize(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { raw in
        guard let base = raw.baseAddress else { return }
        // A volatile-style loop: the stores go through a pointer the optimiser
        // cannot prove dead.
        let p = base.assumingMemoryBound(to: UInt8.self)
        for i in 0..<raw.count { p.advanced(by: i).pointee = 0 }
        withExtendedLifetime(p) {}
    }
}

/// A NUL-terminated copy of a passcode in memory the binding owns and zeroes;
/// the caller's array is zeroed as soon as it is copied.
final class SecretText {
    let pointer: UnsafeMutablePointer<CChar>
    let capacity: Int

    init(consuming bytes: inout [UInt8]) {
        capacity = bytes.count + 1
        pointer = .allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
        for (i, b) in bytes.enumerated() { pointer[i] = CChar(bitPattern: b) }
        zeroize(&bytes)
    }

    deinit {
        for i in 0..<capacity { pointer[i] = 0 }
        pointer.deallocate()
    }
}

/// Seconds since 1970, as libeid counts time.
func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

/// Copies an eid_bytes into Data and releases it (eid_bytes_free zeroes it).
func takeBytes(_ b: inout eid_bytes) -> Data {
    defer { eid_bytes_free(&b) }
    guard let p = b.data, b.len > 0 else { return Data() }
    return Data(bytes: p, count: b.len)
}

/// Copies a library-owned text and releases it with eid_text_free.
func takeText(_ p: UnsafeMutablePointer<CChar>?) -> String {
    guard let p else { return "" }
    defer { eid_text_free(p) }
    return String(cString: p)
}

func string(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }

extension Data {
    /// Runs `body` on the bytes (a valid pointer also for empty data).
    func withBytes<R, E: Error>(_ body: (UnsafePointer<UInt8>, Int) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = withUnsafeBytes { raw in
            do throws(E) {
                if let base = raw.baseAddress, raw.count > 0 {
                    return .success(try body(base.assumingMemoryBound(to: UInt8.self), raw.count))
                }
                let empty = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
                defer { empty.deallocate() }
                return .success(try body(empty, 0))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// A lock that serialises every call on one handle (C handles such as a vault
/// or a wallet allow one thread at a time). Recursive, because a wallet's last
/// reference may go, and its deinit take the lock, while its vault holds it.
final class HandleLock: @unchecked Sendable {
    private let lock = NSRecursiveLock()
    func run<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

/// Runs blocking work on a global dispatch queue, off the caller's actor and off
/// Swift's cooperative thread pool, and resumes the caller with its result.
func offActor<R: Sendable>(_ work: @escaping @Sendable () throws(EIDError) -> R) async throws(EIDError) -> R {
    let result: Result<R, EIDError> = await withCheckedContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(returning: Result { () throws(EIDError) -> R in try work() })
        }
    }
    return try result.get()
}
