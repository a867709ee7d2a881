// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/**
 * Where verifiers record accepted presentations and open requests, so that
 * nothing is accepted twice. Internally locked: one store may serve several
 * verifiers and threads. A verifier built on a store keeps it open until the
 * verifier is closed.
 */
public final class ReplayStore extends NativeObject {
    private ReplayStore(Handle h) {
        super(h);
    }

    private static ReplayStore wrap(long p) {
        try {
            return new ReplayStore(new Handle(Handle.STORE, "replay store", p));
        } catch (RuntimeException | Error e) {
            Handle.freeNow(Handle.STORE, p);
            throw e;
        }
    }

    /** An in-memory store for `capacity` holders and as many open requests (0: 65536). Does not block. */
    public static ReplayStore inMemory(long capacity) {
        Eid.init();
        long[] out = new long[1];
        EidException.check(Native.storeNew(capacity, out), "replay store");
        return wrap(out[0]);
    }

    /** Options of a Redis store; -1 (the default of every number) keeps libeid's default. */
    public static final class RedisOptions {
        String username;
        char[] password;
        String keyPrefix;
        final long[] nums = {-1, -1, -1, -1};

        public RedisOptions username(String u) {
            username = u;
            return this;
        }

        /** Copied by the call; the binding zeroes its copies. */
        public RedisOptions password(char[] p) {
            password = p;
            return this;
        }

        public RedisOptions keyPrefix(String p) {
            keyPrefix = p;
            return this;
        }

        public RedisOptions timeouts(int connectMs, int commandMs) {
            nums[0] = connectMs;
            nums[1] = commandMs;
            return this;
        }

        public RedisOptions poolSize(int n) {
            nums[2] = n;
            return this;
        }

        /** The fleet's longest offline lifetime + clock skew, seconds. */
        public RedisOptions window(long seconds) {
            nums[3] = seconds;
            return this;
        }
    }

    /**
     * A store on the Redis server `url` ("redis://[[user]:password@]host[:port][/db]" or
     * "unix:///path?db=N") shared by a fleet of verifiers (eid/fleet.h). BLOCKS: connects once to check
     * the address. EidException: UNSUPPORTED (libeid built without hiredis), INVALID_ARG (a malformed URL),
     * UNAVAILABLE, ACCESS_DENIED.
     */
    public static ReplayStore redis(String url, RedisOptions options) {
        Eid.init();
        if (url == null) {
            throw new NullPointerException("url");
        }
        RedisOptions o = options != null ? options : new RedisOptions();
        byte[] pw = o.password == null ? null : Native.passcode(o.password);
        long[] out = new long[1];
        try {
            EidException.check(Native.fleetStoreNew(Native.cstr(url), Native.cstr(o.username), pw,
                    Native.cstr(o.keyPrefix), o.nums, out), "Redis replay store");
        } finally {
            if (pw != null) {
                java.util.Arrays.fill(pw, (byte) 0);
            }
        }
        return wrap(out[0]);
    }
}
