// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/**
 * One C handle and its life: the pointer, the number of native calls using it,
 * and whether its owner was closed. The handle is freed exactly once, by
 * close() or by the Reaper when the owner became unreachable, and never while
 * a call is using it: a close() during a call marks it closed and the last call
 * to leave frees it. A handle may pin others (a wallet pins its vault, a
 * verifier its replay store): each pin counts as a call on the pinned handle
 * until this one is freed, so the pinned one outlives it whatever the order of
 * close() calls. A Handle never references its owner, so the Reaper can run.
 */
final class Handle implements Runnable {
    static final int VAULT = 1, WALLET = 2, DOCUMENT = 3, CARD = 4, QR = 5, STORE = 6, VERIFIER = 7, RESULT = 8,
            INFO = 9, AUDIT = 10, KEY = 11;

    private final int kind;
    private final String what;
    private final Handle[] pins;
    private long ptr;
    private int calls;
    private boolean closed;

    /** The pins must already be entered by the caller; they are left when this handle is freed. */
    Handle(int kind, String what, long ptr, Handle... pins) {
        this.kind = kind;
        this.what = what;
        this.ptr = ptr;
        this.pins = pins;
    }

    /** Starts a call: the pointer, valid until the matching exit(). */
    synchronized long enter() {
        if (closed) {
            throw new IllegalStateException(what + " is closed");
        }
        calls++;
        return ptr;
    }

    void exit() {
        long p = 0;
        synchronized (this) {
            if (--calls == 0 && closed) {
                p = ptr;
                ptr = 0;
            }
        }
        if (p != 0) {
            release(p);
        }
    }

    /** Closes (idempotent): frees now, or when the last call leaves. */
    @Override
    public void run() {
        long p = 0;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (calls == 0) {
                p = ptr;
                ptr = 0;
            }
        }
        if (p != 0) {
            release(p);
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private void release(long p) {
        Native.free(kind, p);
        for (Handle h : pins) {
            h.exit();
        }
    }

    /** Frees a handle that no owner took (a constructor that failed after the native call). */
    static void freeNow(int kind, long p) {
        if (p != 0) {
            Native.free(kind, p);
        }
    }
}
