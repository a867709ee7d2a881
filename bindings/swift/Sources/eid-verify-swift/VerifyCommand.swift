// SPDX-License-Identifier: Apache-2.0
// eid-verify-swift: a relying party's scanner in Swift. It verifies an "EID1:"
// text offline against a pinned trust list and revocation lists, as
// `eid-verifier verify` (samples/eid-verifier.c) does, and prints the same
// lines. Exit 0 valid, 1 not valid, 2 a usage or input error.
import EID
import Foundation

let usage = """
    eid-verify-swift --trust TRUST [--roots ROOTS] [--status LIST...] [verify] (TEXT | --text-file FILE)
      verifies a presentation; exit 0 valid, 1 not valid, 2 usage or input error. FILE may end with one
      line break (\\n or \\r\\n); nothing else is stripped. Without --roots the root keys are read from the
      file 'roots' beside the trust list (for demos). Replays are remembered in memory only, for this run;
      the sequences of the lists are not kept across runs (eid-verifier keeps them in a state file).
    """

func die(_ code: Int32, _ message: String) -> Never {
    FileHandle.standardError.write(Data("eid-verify-swift: \(message)\n".utf8))
    exit(code)
}

func read(_ path: String) -> Data {
    guard let d = FileManager.default.contents(atPath: path) else { die(2, "cannot read \(path)") }
    return d
}

/// The exit status of a status that stops the program (samples/common.c, exit_for).
func exitCode(_ s: Status) -> Int32 {
    switch s {
    case .ok: 0
    case .invalidArg, .io, .format, .unsupportedVersion, .tooLarge, .noMemory, .`internal`, .weakPasscode, .doesNotFit: 2
    default: 1
    }
}

@main
enum VerifyCommand {
    static func main() async {
        var trust: String?, roots: String?, textFile: String?, given: String?
        var statusPaths: [String] = []
        let args = Array(CommandLine.arguments.dropFirst())
        if args.first == "--help" || args.first == "-h" {
            print("usage: \(usage)")
            exit(0)
        }
        var i = 0
        func value(_ name: String) -> String {
            i += 1
            guard i < args.count else { die(2, "\(name) needs a value") }
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--trust": trust = value(a)
            case "--roots": roots = value(a)
            case "--text-file": textFile = value(a)
            case "--status":
                while i + 1 < args.count, !args[i + 1].hasPrefix("--"), args[i + 1] != "verify" {
                    i += 1
                    statusPaths.append(args[i])
                }
                if statusPaths.isEmpty { die(2, "--status needs at least one list") }
            case "verify" where given == nil && textFile == nil: break
            default:
                if a.hasPrefix("--") { die(2, "unknown option \(a) (see eid-verify-swift --help)") }
                if given != nil { die(2, "verify takes one TEXT") }
                given = a
            }
            i += 1
        }
        guard let trust else { die(2, "--trust is required (see eid-verify-swift --help)") }
        guard (textFile == nil) != (given == nil) else { die(2, "verify takes one of TEXT, --text-file FILE") }

        // ---- the text
        var text: String
        if let textFile {
            var d = read(textFile)
            if d.contains(0) { die(2, "\(textFile) holds a NUL byte: it is not QR text") }
            if d.last == 0x0a {
                d.removeLast()
                if d.last == 0x0d { d.removeLast() }
            }
            text = String(decoding: d, as: UTF8.self)
        } else {
            text = given!
        }

        // ---- the verifier
        let rootsPath = roots ?? (URL(fileURLWithPath: trust).deletingLastPathComponent().appendingPathComponent("roots").path)
        if roots == nil {
            FileHandle.standardError.write(Data(
                "eid-verify-swift: pinned roots read from \(rootsPath), beside the trust list (pass --roots to pin your own)\n".utf8))
        }
        let rootBytes = read(rootsPath)
        if rootBytes.isEmpty || rootBytes.count % 32 != 0 { die(2, "\(rootsPath) does not hold root public keys (a multiple of 32 bytes)") }
        let rootKeys = stride(from: 0, to: rootBytes.count, by: 32).map { rootBytes.subdata(in: $0..<$0 + 32) }
        let verifier: Verifier
        do {
            verifier = try Verifier(roots: rootKeys, trustList: read(trust), statusLists: statusPaths.map { StatusList(read($0)) },
                                    store: ReplayStore())
        } catch {
            let e = error
            if e.status == .untrustedList { die(1, "\(trust) is not signed by the pinned roots: not trusted") }
            die(exitCode(e.status), "loading the trust and revocation lists: \(e.status.sentence) (\(e.status.name))")
        }

        // ---- verify and report
        let result: VerificationResult
        do {
            result = try await verifier.verify(text)
        } catch {
            let e = error
            die(exitCode(e.status), "verifying: \(e.status.sentence) (\(e.status.name))")
        }

        let t = result.docType
        if result.isValid {
            print("VALID: \(t.name) (\(t.title(.vietnamese))), issued by \(result.issuerName) (\(result.issuerID)), "
                  + (result.challenged ? "answering our request" : "offline presentation"))
        } else {
            print("NOT VALID: \(result.status.sentence) (\(result.status.name))")
        }
        for c in result.claims {
            let name = c.name.padding(toLength: max(24, c.name.count), withPad: " ", startingAt: 0)
            print("  \(name) \(show(c, t))  (\(t.claimLabel(c.number, .vietnamese)))")
        }
        for k in result.failedChecks {
            print("  failed check \(k.name): \(k.detail) (\(k.status.name))")
        }
        exit(result.isValid ? 0 : 1)
    }
}

/// A claim's value as the C sample prints it: text as signed, dates
/// YYYY-MM-DD, bytes by size, and the rest as the card formats them (English).
func show(_ claim: Claim, _ docType: DocType) -> String {
    switch claim.value {
    case .text(let s): return s
    case .date(let d): return d.description
    case .bytes(let b): return "(\(b.count) bytes)"
    default:
        guard let card = try? Card(docType: docType, claims: [claim], today: Day(days: 0), language: .english,
                                   revealSensitive: true) else {
            if case .integer(let n) = claim.value { return "\(n)" }
            return "?"
        }
        let list: Bool = if case .list = claim.value { true } else { false }
        return card.rows.map { list ? "\($0.label): \($0.value)" : $0.value }.joined(separator: "; ")
    }
}

