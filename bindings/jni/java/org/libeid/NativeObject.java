// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.lang.ref.Reference;

/**
 * The owner of one C handle. close() frees it (idempotent); a call after
 * close() throws IllegalStateException; an owner the app forgot to close is
 * freed by the {@link Reaper} once unreachable. Every native call goes through
 * {@link #call}, which counts it in flight and keeps the owner reachable until
 * it returns.
 */
abstract class NativeObject implements AutoCloseable {
    final Handle handle;
    private final Reaper.Cleanable cleanable;

    NativeObject(Handle handle) {
        this.handle = handle;
        this.cleanable = Reaper.register(this, handle);
    }

    interface Call<T> {
        T run(long p);
    }

    interface IntCall {
        int run(long p);
    }

    final <T> T call(Call<T> c) {
        long p = handle.enter();
        try {
            return c.run(p);
        } finally {
            handle.exit();
            Reference.reachabilityFence(this);
        }
    }

    final int callInt(IntCall c) {
        long p = handle.enter();
        try {
            return c.run(p);
        } finally {
            handle.exit();
            Reference.reachabilityFence(this);
        }
    }

    /** Frees the C handle, now or when the calls in flight have returned. Idempotent. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** True once close() was called. */
    public boolean isClosed() {
        return handle.isClosed();
    }
}
