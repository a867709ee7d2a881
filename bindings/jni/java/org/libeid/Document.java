// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A stored credential decoded for display (eid_document). Immutable; holds personal data: close it. */
public final class Document extends NativeObject {
    Document(Handle h) {
        super(h);
    }

    private long get(int what) {
        return call(p -> Native.documentGet(p, what));
    }

    public DocType docType() {
        return DocType.of((int) get(0));
    }

    public int assurance() {
        return (int) get(1);
    }

    public LocalDate validFrom() {
        return LocalDate.ofEpochDay(get(2));
    }

    public LocalDate validUntil() {
        return LocalDate.ofEpochDay(get(3));
    }

    /** Where it stands on the wallet clock's day when it was read. */
    public Validity validity() {
        return Validity.of(get(4));
    }

    /** True when the last status refresh found it revoked. */
    public boolean revoked() {
        return get(5) == 1;
    }

    /** Every claim it holds. */
    public List<Claim> claims() {
        return call(p -> {
            int n = (int) Native.documentGet(p, 6);
            List<Claim> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(Native.documentClaim(p, i));
            }
            return Collections.unmodifiableList(l);
        });
    }

    /** The document's card in `language`; sensitive rows masked unless `revealSensitive`. */
    public Card card(Language language, boolean revealSensitive) {
        long[] out = new long[1];
        EidException.check(callInt(p -> Native.documentCard(p, language.ordinal(), revealSensitive ? 1 : 0, out)),
                "card");
        try {
            return new Card(new Handle(Handle.CARD, "card", out[0]));
        } catch (RuntimeException | Error e) {
            Handle.freeNow(Handle.CARD, out[0]);
            throw e;
        }
    }
}
