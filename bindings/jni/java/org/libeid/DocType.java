// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/** The document kinds (eid_doc_type). */
public enum DocType {
    IDENTITY(1), DRIVING_LICENCE(2), HEALTH_INSURANCE(3), CRIMINAL_RECORD(4);

    private static final DocType[] ALL = values();

    private final int value;

    DocType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The wire name: "identity", "driving_licence", ... */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The document's card title in `language`. */
    public String title(Language language) {
        Eid.init();
        return Native.utf8(Native.docTypeTitle(value, language.ordinal()));
    }

    /** The claim number of a claim name ("full_name"); EidException(NOT_FOUND) when this type has none. */
    public int claimNumber(String name) {
        Eid.init();
        int n = Native.claimNumber(value, Native.cstr(name));
        if (n < 0) {
            throw new EidException(Status.NOT_FOUND.value(), wireName() + " has no claim '" + name + "'");
        }
        return n;
    }

    /** The claim numbers of several names. */
    public int[] claimNumbers(String... names) {
        int[] out = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = claimNumber(names[i]);
        }
        return out;
    }

    /** The name of claim `number`, or null when this type has no such claim. */
    public String claimName(int number) {
        Eid.init();
        return Native.utf8(Native.claimName(value, number));
    }

    /** The label of claim `number` in `language`, or null. */
    public String claimLabel(int number, Language language) {
        Eid.init();
        return Native.utf8(Native.claimLabel(value, number, language.ordinal()));
    }

    /** The type of a C value, or null when unknown (0 included). */
    public static DocType of(int value) {
        for (DocType t : ALL) {
            if (t.value == value) {
                return t;
            }
        }
        return null;
    }

    /** The type of a wire name ("driving_licence"), or null. */
    public static DocType fromWireName(String name) {
        for (DocType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
