// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/** A presentation the wallet made: its bytes, its "EID1:" text, and whether it reused a credential. */
public final class Presentation {
    private final byte[] bytes;
    private final boolean reused;
    private String text;

    Presentation(byte[] bytes, boolean reused) {
        this.bytes = bytes;
        this.reused = reused;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** True when it showed a credential relying parties may have seen before. */
    public boolean reused() {
        return reused;
    }

    /** "EID1:" + base45, what the QR code carries. */
    public synchronized String text() {
        if (text == null) {
            byte[][] out = new byte[1][];
            EidException.check(Native.toText(0, bytes, out), "presentation text");
            text = Native.utf8(out[0]);
        }
        return text;
    }

    /** The QR code of the text, at the default error correction. */
    public QrCode qrCode() {
        return QrCode.encode(text());
    }
}
