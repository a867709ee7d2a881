// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Java enums mirror the loaded C library one to one. */
class StatusTest {
    @Test
    void statusEnumMirrorsTheLibrary() {
        int n = Eid.statusCount();
        assertEquals(Status.values().length, n, "the library defines another number of statuses than Status");
        Set<Status> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int value = Eid.statusAt(i);
            Status s = Status.of(value);
            assertNotNull(s, "no Status constant for C value " + value + " (" + Eid.statusName(value) + ")");
            assertEquals(Eid.statusName(value), s.cName(), "name of status " + value);
            assertEquals(value, s.value());
            seen.add(s);
        }
        assertEquals(Status.values().length, seen.size(), "every constant has a C status");
        assertEquals(Status.INVALID_ARG.value(), Eid.statusAt(n), "index out of range");
        assertEquals("EID_ERR_UNKNOWN", Eid.statusName(7777));
        assertNull(Status.of(7777));
        // every other value, in the gaps between the families and around them, has no constant
        for (int v = -3; v < 300; v++) {
            Status s = Status.of(v);
            if (s == null) {
                assertEquals("EID_ERR_UNKNOWN", Eid.statusName(v), "the library knows status " + v);
            } else {
                assertEquals(v, s.value());
            }
        }
        assertNull(Status.of(Integer.MIN_VALUE));
        assertNull(Status.of(Integer.MAX_VALUE));
    }

    @Test
    void familiesFollowTheRanges() {
        assertEquals(0, Status.OK.family());
        assertEquals(1, Status.UNSUPPORTED.family());
        assertEquals(20, Status.FORMAT.family());
        assertEquals(40, Status.REPLAYED.family());
        assertEquals(80, Status.KEY_INVALIDATED.family());
        assertEquals(100, Status.UNAVAILABLE.family());
    }

    @Test
    void checksAndDocTypesMirrorTheLibrary() {
        Eid.init();
        assertEquals(VerificationResult.Check.values().length, Native.checkCount());
        assertEquals("issuer_signature", VerificationResult.Check.ISSUER_SIGNATURE.cName());
        assertEquals("replay", VerificationResult.Check.REPLAY.cName());
        for (DocType t : DocType.values()) {
            assertEquals(t.wireName(), Native.utf8(Native.docTypeName(t.value())));
        }
        assertEquals(1, DocType.IDENTITY.claimNumber("full_name"));
        assertEquals("full_name", DocType.IDENTITY.claimName(1));
        EidException e = assertThrows(EidException.class, () -> DocType.IDENTITY.claimNumber("no_such_claim"));
        assertEquals(Status.NOT_FOUND, e.status());
        assertTrue(Eid.version().matches("\\d+\\.\\d+\\.\\d+"), Eid.version());
    }
}
