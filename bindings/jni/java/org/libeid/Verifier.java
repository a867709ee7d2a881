// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A relying party's verifier (eid/verifier.h), built from its pinned roots,
 * the signed trust list, revocation lists and a replay store. Immutable and
 * thread-safe: any number of threads may call {@link #verify} at once.
 * verify() BLOCKS (signature checks; a Redis store goes to the network): run
 * it off the UI thread. A presentation that is not valid is an answer, not an
 * error: verify() returns a {@link VerificationResult} for every input and
 * throws only for misuse (null text, a closed verifier, one without a store).
 */
public final class Verifier extends NativeObject {
    private final Clock clock;

    private Verifier(Handle h, Clock clock) {
        super(h);
        this.clock = clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a verifier's inputs; build() checks them. */
    public static final class Builder {
        private final ByteArrayOutputStream roots = new ByteArrayOutputStream();
        private final long[] opts = new long[8];
        private final List<byte[]> lists = new ArrayList<>();
        private final List<Long> mins = new ArrayList<>();
        private byte[] trust;
        private String rpId;
        private ReplayStore store;
        private Clock clock = Clock.SYSTEM;

        Builder() {
            Eid.init();
            EidException.check(Native.verifierOptionsDefault(opts));
        }

        /** A pinned root public key (32 bytes). */
        public Builder root(byte[] publicKey) {
            roots.write(publicKey, 0, publicKey.length);
            return this;
        }

        /** k: distinct pinned roots that must have signed the trust list (default 1). */
        public Builder rootThreshold(int k) {
            opts[2] = k;
            return this;
        }

        public Builder trustList(byte[] list) {
            trust = list.clone();
            return this;
        }

        /** A signed revocation list, with the lowest sequence accepted for it (0: any). */
        public Builder revocationList(byte[] list, long minSequence) {
            lists.add(list.clone());
            mins.add(minSequence);
            return this;
        }

        public Builder revocationList(byte[] list) {
            return revocationList(list, 0);
        }

        /** The store it records into (kept open while the verifier lives); null for a wallet's verifier. */
        public Builder replayStore(ReplayStore s) {
            store = s;
            return this;
        }

        /** The relying party it works for, as named in the trust list. */
        public Builder rpId(String id) {
            rpId = id;
            return this;
        }

        public Builder minAssurance(int level) {
            opts[0] = level;
            return this;
        }

        public Builder requireChallenge(boolean on) {
            opts[1] = on ? 1 : 0;
            return this;
        }

        public Builder offlineLifetime(long seconds) {
            opts[3] = seconds;
            return this;
        }

        public Builder clockSkew(long seconds) {
            opts[4] = seconds;
            return this;
        }

        public Builder allowedStaleness(long seconds) {
            opts[5] = seconds;
            return this;
        }

        public Builder maxRevocationAge(long seconds) {
            opts[6] = seconds;
            return this;
        }

        public Builder minTrustSequence(long sequence) {
            opts[7] = sequence;
            return this;
        }

        /** The clock verify(text) uses (default: system). */
        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        /** Checks the lists and builds the verifier. EidException with the status of the list refused. */
        public Verifier build() {
            if (trust == null) {
                throw new IllegalStateException("no trust list");
            }
            byte[][] ls = lists.toArray(new byte[0][]);
            long[] ms = new long[mins.size()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = mins.get(i);
            }
            long[] out = new long[1];
            long sp = store != null ? store.handle.enter() : 0; // the pin, left when the verifier is freed
            boolean pinned = false;
            try {
                EidException.check(Native.verifierNew(roots.toByteArray(), opts, Native.cstr(rpId), trust, ls, ms, sp,
                        out), "building the verifier");
                Handle h = store != null ? new Handle(Handle.VERIFIER, "verifier", out[0], store.handle)
                        : new Handle(Handle.VERIFIER, "verifier", out[0]);
                pinned = true;
                return new Verifier(h, clock);
            } catch (RuntimeException | Error e) {
                if (!pinned) {
                    Handle.freeNow(Handle.VERIFIER, out[0]);
                }
                throw e;
            } finally {
                if (!pinned && store != null) {
                    store.handle.exit();
                }
            }
        }
    }

    /** Verifies an "EID1:" text at the builder's clock. Blocks. */
    public VerificationResult verify(String text) {
        return verify(text, clock.now());
    }

    /** Verifies an "EID1:" text at `now` (seconds since 1970). Blocks; thread-safe. */
    public VerificationResult verify(String text, long now) {
        if (text == null) {
            throw new NullPointerException("text");
        }
        byte[] t = Native.cstr(text);
        long[] out = new long[1];
        int st = callInt(p -> Native.verifierCheck(p, t, now, out));
        return VerificationResult.take(st, out[0]);
    }

    /** The wallet's import check of a credential bundle (holder signature, freshness and replay do not apply). */
    public VerificationResult checkCredential(byte[] bundle, long now) {
        long[] out = new long[1];
        int st = callInt(p -> Native.verifierCheckCredential(p, bundle, now, out));
        return VerificationResult.take(st, out[0]);
    }

    /** Registers a request this relying party created as open (before showing its QR code). */
    public void openRequest(Request request, long now) {
        EidException.check(callInt(p -> Native.verifierRequest(p, 0, request.bytes(), now, null)), "opening the request");
    }

    /** The wallet's check of a scanned request: who asks and for what. EidException when it is not trusted. */
    public RequestInfo inspectRequest(Request request, long now) {
        long[] out = new long[1];
        EidException.check(callInt(p -> Native.verifierRequest(p, 1, request.bytes(), now, out)), "the request");
        try {
            return RequestInfo.read(out[0]);
        } finally {
            Handle.freeNow(Handle.INFO, out[0]);
        }
    }
}
