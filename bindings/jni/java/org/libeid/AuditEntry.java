// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.util.ArrayList;
import java.util.List;

/** One audit-log entry: when (to the minute), which document, which claims, to whom ("" offline). */
public final class AuditEntry {
    public final long time;
    public final DocType docType;
    /** Bit n set: claim n was disclosed. */
    public final int claimBits;
    public final String relyingParty;

    AuditEntry(long time, DocType docType, int claimBits, String relyingParty) {
        this.time = time;
        this.docType = docType;
        this.claimBits = claimBits;
        this.relyingParty = relyingParty;
    }

    /** The disclosed claim numbers, ascending. */
    public int[] claims() {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            if ((claimBits >>> i & 1) != 0) {
                l.add(i);
            }
        }
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return "AuditEntry(" + time + ", " + docType + ", claims " + java.util.Arrays.toString(claims()) + ", "
                + (relyingParty.isEmpty() ? "offline" : relyingParty) + ")";
    }
}
