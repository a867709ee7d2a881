// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A card's layout (eid/card.h) for a native UI to draw, or an SVG picture.
 * Immutable: any thread may read it. Holds personal data: close it.
 */
public final class Card extends NativeObject {
    /** One row: label, formatted value (the mask when hidden), claim number, on the face, hidden. */
    public static final class Row {
        public final String label;
        public final String value;
        public final int claim;
        public final boolean onFace;
        public final boolean hidden;

        Row(String label, String value, int claim, boolean onFace, boolean hidden) {
            this.label = label;
            this.value = value;
            this.claim = claim;
            this.onFace = onFace;
            this.hidden = hidden;
        }
    }

    Card(Handle h) {
        super(h);
    }

    private long get(int what) {
        return call(p -> Native.cardGet(p, what));
    }

    private String text(int what) {
        return call(p -> Native.utf8(Native.cardText(p, what)));
    }

    public DocType docType() {
        return DocType.of((int) get(0));
    }

    public Language language() {
        return Language.values()[(int) get(1)];
    }

    public String title() {
        return text(0);
    }

    public String issuer() {
        return text(1);
    }

    public String holderName() {
        return text(2);
    }

    public Validity validity() {
        return Validity.of(get(2));
    }

    /** The state in the card's language ("Còn hiệu lực", "Valid"). */
    public String validityLabel() {
        return text(3);
    }

    public LocalDate validUntil() {
        return LocalDate.ofEpochDay(get(3));
    }

    public int daysLeft() {
        return (int) get(4);
    }

    /** The doc type's colour, 0xRRGGBB. */
    public int colour() {
        return (int) get(5);
    }

    /** The portrait JPEG, or null. */
    public byte[] portrait() {
        return call(Native::cardPortrait);
    }

    public List<Row> rows() {
        return call(p -> {
            int n = (int) Native.cardGet(p, 6);
            List<Row> l = new ArrayList<>(n);
            byte[][] t = new byte[2][];
            int[] nums = new int[3];
            for (int i = 0; i < n; i++) {
                EidException.check(Native.cardRow(p, i, t, nums));
                l.add(new Row(Native.utf8(t[0]), Native.utf8(t[1]), nums[0], nums[1] == 1, nums[2] == 1));
            }
            return Collections.unmodifiableList(l);
        });
    }

    /** The card face as an SVG document. */
    public String svg() {
        byte[][] out = new byte[1][];
        EidException.check(callInt(p -> Native.cardSvg(p, out)), "card SVG");
        return new String(out[0], StandardCharsets.UTF_8);
    }
}
