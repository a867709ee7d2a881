// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.nio.charset.StandardCharsets;

/**
 * One QR code of an "EID1:" or "EIDR1:" text (eid/qr.h): its module matrix for
 * a native UI, or SVG / PNG / terminal renderings. Immutable; any thread may
 * read it. Carries personal data: close it.
 */
public final class QrCode extends NativeObject {
    /** Error-correction levels; the ordinal is the C value. */
    public enum Ecc {
        L, M, Q, H
    }

    /** The light margin the QR standard asks for, in modules. */
    public static final int QUIET_ZONE = 4;

    private QrCode(Handle h) {
        super(h);
    }

    public static QrCode encode(String text) {
        return encode(text, Ecc.M);
    }

    /** Encodes `text` at the smallest version that holds it. EidException INVALID_ARG, DOES_NOT_FIT. */
    public static QrCode encode(String text, Ecc ecc) {
        Eid.init();
        long[] out = new long[1];
        EidException.check(Native.qrNew(Native.cstr(text), ecc.ordinal(), out), "QR code");
        try {
            return new QrCode(new Handle(Handle.QR, "QR code", out[0]));
        } catch (RuntimeException | Error e) {
            Handle.freeNow(Handle.QR, out[0]);
            throw e;
        }
    }

    public int version() {
        return callInt(p -> Native.qrGet(p, 0));
    }

    public Ecc ecc() {
        return Ecc.values()[callInt(p -> Native.qrGet(p, 1))];
    }

    /** Modules per side, without quiet zone. */
    public int width() {
        return callInt(p -> Native.qrGet(p, 2));
    }

    /** The module matrix, [row][column], true = dark, without quiet zone. */
    public boolean[][] modules() {
        byte[] m = call(Native::qrModules);
        int w = width();
        boolean[][] out = new boolean[w][w];
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                out[y][x] = m[y * w + x] != 0;
            }
        }
        return out;
    }

    private byte[] render(int kind, int quiet, int arg) {
        byte[][] out = new byte[1][];
        EidException.check(callInt(p -> Native.qrRender(p, kind, quiet, arg, out)), "QR rendering");
        return out[0];
    }

    public String svg(int quietZone) {
        return new String(render(0, quietZone, 0), StandardCharsets.UTF_8);
    }

    /** An 8-bit grayscale PNG, `scale` pixels per module (1..32). */
    public byte[] png(int scale, int quietZone) {
        return render(1, quietZone, scale);
    }

    /** Half-block text for a terminal (dark on light). */
    public String terminalText(int quietZone) {
        return new String(render(2, quietZone, 0), StandardCharsets.UTF_8);
    }
}
