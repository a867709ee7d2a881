// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A typed claim: its number in its doc type (its leaf position, fixed by the
 * format) and a value of one of the wire format's types. Read it with the
 * accessor of its type; the others throw IllegalStateException. Claims that
 * come from the library (documents, verification results) know their doc
 * type, so {@link #name()} works; claims made for issuance do not need it.
 */
public final class Claim {
    /** The value types (eid_value_type); the C value is ordinal() + 1. */
    public enum Type {
        TEXT, DATE, INTEGER, BOOLEAN, BYTES, ENUM, LIST
    }

    /**
     * One entry of a list claim: a driving privilege (code = licence class, first = issue date, last =
     * expiry, null for no expiry) or a conviction (text, first and last day).
     */
    public static final class ListEntry {
        public final int code;
        public final String text;
        public final LocalDate first;
        public final LocalDate last;

        public ListEntry(int code, String text, LocalDate first, LocalDate last) {
            this.code = code;
            this.text = text;
            this.first = first;
            this.last = last;
        }

        @Override
        public String toString() {
            return "ListEntry(" + code + ", " + text + ", " + first + ", " + (last == null ? "no expiry" : last) + ")";
        }
    }

    private static final Type[] TYPES = Type.values();

    /** EID_DAY_NO_EXPIRY: a list entry's last day for privileges without expiry. */
    static final int NO_EXPIRY = Integer.MAX_VALUE;

    private final DocType docType;
    private final int number;
    private final Type type;
    private final byte[] bytes;
    private final long value;
    private final List<ListEntry> entries;

    private Claim(DocType docType, int number, Type type, byte[] bytes, long value, List<ListEntry> entries) {
        if (number < 0) {
            throw new IllegalArgumentException("claim number " + number);
        }
        this.docType = docType;
        this.number = number;
        this.type = type;
        this.bytes = bytes;
        this.value = value;
        this.entries = entries;
    }

    public static Claim text(int number, String text) {
        return new Claim(null, number, Type.TEXT, text.getBytes(StandardCharsets.UTF_8), 0, null);
    }

    public static Claim date(int number, LocalDate date) {
        return new Claim(null, number, Type.DATE, null, date.toEpochDay(), null);
    }

    public static Claim integer(int number, long value) {
        return new Claim(null, number, Type.INTEGER, null, value, null);
    }

    public static Claim bool(int number, boolean value) {
        return new Claim(null, number, Type.BOOLEAN, null, value ? 1 : 0, null);
    }

    public static Claim enumCode(int number, int code) {
        return new Claim(null, number, Type.ENUM, null, code, null);
    }

    public static Claim bytes(int number, byte[] value) {
        return new Claim(null, number, Type.BYTES, value.clone(), 0, null);
    }

    public static Claim list(int number, List<ListEntry> entries) {
        return new Claim(null, number, Type.LIST, null, 0, Collections.unmodifiableList(new ArrayList<>(entries)));
    }

    /** Called by libeid_jni for a claim the library returns. */
    static Claim make(int docType, int number, int type, byte[] bytes, long value, int[] codes, byte[][] texts,
                      int[] first, int[] last) {
        Type t = type >= 1 && type <= TYPES.length ? TYPES[type - 1] : Type.BYTES;
        List<ListEntry> entries = null;
        if (t == Type.LIST && codes != null) {
            List<ListEntry> l = new ArrayList<>(codes.length);
            for (int i = 0; i < codes.length; i++) {
                l.add(new ListEntry(codes[i], texts[i] == null ? null : Native.utf8(texts[i]), day(first[i]),
                        last[i] == NO_EXPIRY ? null : day(last[i])));
            }
            entries = Collections.unmodifiableList(l);
        }
        return new Claim(DocType.of(docType), number, t, bytes, value, entries);
    }

    private static LocalDate day(int d) {
        return LocalDate.ofEpochDay(d);
    }

    public DocType docType() {
        return docType;
    }

    public int number() {
        return number;
    }

    public Type type() {
        return type;
    }

    /** The claim's name in its doc type ("full_name"), or null when the doc type is not known. */
    public String name() {
        return docType == null ? null : docType.claimName(number);
    }

    private void expect(Type t) {
        if (type != t) {
            throw new IllegalStateException("claim " + number + " is " + type + ", not " + t);
        }
    }

    public String text() {
        expect(Type.TEXT);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public LocalDate date() {
        expect(Type.DATE);
        return day((int) value);
    }

    public long integer() {
        expect(Type.INTEGER);
        return value;
    }

    public boolean bool() {
        expect(Type.BOOLEAN);
        return value != 0;
    }

    public int enumCode() {
        expect(Type.ENUM);
        return (int) value;
    }

    public byte[] bytes() {
        expect(Type.BYTES);
        return bytes.clone();
    }

    public List<ListEntry> list() {
        expect(Type.LIST);
        return entries;
    }

    /** The value as Java sees it: String, LocalDate, Long, Boolean, Integer (enum code), byte[] or List. */
    public Object value() {
        switch (type) {
            case TEXT: return text();
            case DATE: return date();
            case INTEGER: return integer();
            case BOOLEAN: return bool();
            case ENUM: return enumCode();
            case BYTES: return bytes();
            default: return entries;
        }
    }

    // for the issuer's marshalling
    byte[] rawBytes() {
        return bytes;
    }

    long rawValue() {
        return value;
    }

    List<ListEntry> rawEntries() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Claim)) {
            return false;
        }
        Claim c = (Claim) o;
        return number == c.number && type == c.type && value == c.value && Arrays.equals(bytes, c.bytes)
                && Objects.equals(String.valueOf(entries), String.valueOf(c.entries));
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, type, value, Arrays.hashCode(bytes));
    }

    /** Names the claim and its type, never its value (values are personal data). */
    @Override
    public String toString() {
        String n = name();
        return "Claim(" + (n != null ? n : Integer.toString(number)) + ": " + type + ")";
    }
}
