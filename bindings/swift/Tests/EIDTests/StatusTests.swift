// SPDX-License-Identifier: Apache-2.0
import CEID
import XCTest
@testable import EID

final class StatusTests: XCTestCase {
    /// "keyInvalidated" -> "EID_ERR_KEY_INVALIDATED", "ok" -> "EID_OK".
    private func cName(_ s: Status) -> String {
        var label = ""
        for ch in "\(s)" {
            if ch.isUppercase { label += "_" }
            label += ch.uppercased()
        }
        return label == "OK" ? "EID_OK" : "EID_ERR_" + label
    }

    func testEveryCStatusHasItsCaseWithTheSameValueAndName() {
        let count = eid_status_count()
        XCTAssertEqual(Status.allCases.count, count, "the Swift mirror and libeid define different numbers of statuses")
        var seen = Set<Int32>()
        for i in 0..<count {
            let c = eid_status_at(i)
            let value = Int32(bitPattern: c.rawValue)
            guard let s = Status(rawValue: value) else {
                XCTFail("libeid status \(value) (\(String(cString: eid_status_name(c)))) has no Swift case")
                continue
            }
            seen.insert(value)
            XCTAssertEqual(cName(s), String(cString: eid_status_name(c)))
            XCTAssertEqual(s.name, String(cString: eid_status_name(c)))
            XCTAssertEqual(s.sentence, String(cString: eid_status_str(c)))
        }
        XCTAssertEqual(seen.count, Status.allCases.count)
        XCTAssertEqual(eid_status_at(count), EID_ERR_INVALID_ARG)
    }

    func testAnUnknownCValueReadsAsInternal() {
        XCTAssertEqual(Status(eid_status(rawValue: 119)), .`internal`)
    }
}
