// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.util.Map;

/** A relying party's signed request (a value): its bytes and its "EIDR1:" text. */
public final class Request {
    private final byte[] bytes;

    private Request(byte[] bytes) {
        this.bytes = bytes;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** "EIDR1:" + base45, what its QR code carries. */
    public String text() {
        byte[][] out = new byte[1][];
        EidException.check(Native.toText(1, bytes, out), "request text");
        return Native.utf8(out[0]);
    }

    /** The request inside a scanned "EIDR1:" text (not checked: see Verifier.inspectRequest). */
    public static Request fromText(String text) {
        Eid.init();
        byte[][] out = new byte[1][];
        EidException.check(Native.requestFromText(Native.cstr(text), out), "request text");
        return new Request(out[0]);
    }

    public static Request fromBytes(byte[] bytes) {
        return new Request(bytes.clone());
    }

    /** A request for `claims` (ascending) of one doc type, valid from `now` for `lifetime` seconds (1..300). */
    public static Request create(SigningKey rpKey, String rpId, DocType type, int[] claims, long now, long lifetime) {
        return create(rpKey, rpId, Map.of(type, claims), now, lifetime);
    }

    /** A request naming doc types as alternatives, with the claims asked of each. */
    public static Request create(SigningKey rpKey, String rpId, Map<DocType, int[]> claims, long now, long lifetime) {
        int[] types = new int[claims.size()];
        int[][] nums = new int[claims.size()][];
        int i = 0;
        for (Map.Entry<DocType, int[]> e : new java.util.TreeMap<>(claims).entrySet()) {
            types[i] = e.getKey().value();
            nums[i++] = e.getValue();
        }
        byte[][] out = new byte[1][];
        EidException.check(rpKey.callInt(k -> Native.requestCreate(k, Native.cstr(rpId), types, nums, now, lifetime,
                out)), "creating the request");
        return new Request(out[0]);
    }
}
