// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/** An Ed25519 signing key in guarded memory (eid_key): an issuer's, a root's, a relying party's. */
public final class SigningKey extends NativeObject {
    private SigningKey(Handle h) {
        super(h);
    }

    private static SigningKey make(byte[] seed) {
        Eid.init();
        long[] out = new long[1];
        EidException.check(Native.keyNew(seed, out), "signing key");
        try {
            return new SigningKey(new Handle(Handle.KEY, "signing key", out[0]));
        } catch (RuntimeException | Error e) {
            Handle.freeNow(Handle.KEY, out[0]);
            throw e;
        }
    }

    /** A new random key. */
    public static SigningKey generate() {
        return make(null);
    }

    /** The key of a 32-byte seed. */
    public static SigningKey fromSeed(byte[] seed) {
        return make(seed);
    }

    /** The 32-byte public key. */
    public byte[] publicKey() {
        return call(Native::keyPublic);
    }
}
