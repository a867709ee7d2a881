// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0
//
// libeid for Swift: the C target CEID (a module map over include/eid) and the
// Swift module EID over it. The static libeid and the flags of the libraries it
// needs are staged by scripts/build in .eid/lib (or in $EID_LIB_DIR, which the
// CMake build sets for its own tree); README.md says how.
import Foundation
import PackageDescription

let libDir = Context.environment["EID_LIB_DIR"] ?? Context.packageDirectory + "/.eid/lib"

// link-flags holds what `pkg-config --static --libs eid` says libeid.a needs,
// without libeid itself (scripts/stage-lib writes it).
let stagedFlags = (try? String(contentsOfFile: libDir + "/link-flags", encoding: .utf8))?
    .split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) ?? []
var linker: [LinkerSetting] = [.unsafeFlags(["-L", libDir]), .linkedLibrary("eid")]
var otherFlags: [String] = []
for flag in stagedFlags {
    if flag.hasPrefix("-l") {
        linker.append(.linkedLibrary(String(flag.dropFirst(2))))
    } else if flag == "-pthread" {
        linker.append(.linkedLibrary("pthread"))
    } else if flag.hasPrefix("-L") {
        linker.append(.unsafeFlags([flag]))
    } else {
        otherFlags.append(flag)
    }
}
if !otherFlags.isEmpty {
    linker.append(.unsafeFlags(otherFlags.flatMap { ["-Xlinker", $0] }))
}

// An app build on a Mac puts CEID.xcframework (README.md, "Building libeid for
// iOS") beside this file: CEID is then that binary target, and the app links
// libeid's dependencies itself. Not built here (no Xcode on Linux).
let xcframework = FileManager.default.fileExists(atPath: Context.packageDirectory + "/CEID.xcframework")
let cTarget: Target = xcframework
    ? .binaryTarget(name: "CEID", path: "CEID.xcframework")
    : .systemLibrary(name: "CEID", path: "Sources/CEID")

let package = Package(
    name: "EID",
    platforms: [.macOS(.v13), .iOS(.v16)],
    products: [
        .library(name: "EID", targets: ["EID"]),
        .executable(name: "eid-verify-swift", targets: ["eid-verify-swift"]),
        .executable(name: "eid-bench-swift", targets: ["eid-bench-swift"]),
    ],
    targets: [
        cTarget,
        .target(name: "EID", dependencies: ["CEID"], linkerSettings: xcframework ? [] : linker),
        .executableTarget(name: "eid-verify-swift", dependencies: ["EID"]),
        // eid-bench's Swift side (tests/bench, scripts/bench), built in release mode
        .executableTarget(name: "eid-bench-swift", dependencies: ["EID", "CEID"]),
        .testTarget(name: "EIDTests", dependencies: ["EID", "CEID"]),
    ],
    swiftLanguageModes: [.v6]
)
