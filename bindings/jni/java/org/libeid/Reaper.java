// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Frees what an app forgot to close once its owner became unreachable: one
 * daemon thread waits on a reference queue and runs each owner's action. It
 * does what java.lang.ref.Cleaner does (Java 9, Android API 33) with the
 * phantom references every Java and Android version has, so the binding runs
 * from Android API 28 (Reference.reachabilityFence) on.
 */
final class Reaper {
    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    /** The registered references, kept reachable until they have run. */
    private static final Set<Cleanable> LIVE = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));

    static {
        Thread t = new Thread(Reaper::reap, "libeid-reaper");
        t.setDaemon(true);
        t.start();
    }

    private Reaper() {
    }

    /** An owner's action: run once, by clean() or after the owner became unreachable. */
    static final class Cleanable extends PhantomReference<Object> {
        private final Runnable action;

        private Cleanable(Object owner, Runnable action) {
            super(owner, QUEUE);
            this.action = action;
        }

        /** Runs the action unless it has run (idempotent, thread-safe). */
        void clean() {
            if (LIVE.remove(this)) {
                clear();
                action.run();
            }
        }
    }

    /** Registers `action` to run when `owner` becomes unreachable; it must not reference `owner`. */
    static Cleanable register(Object owner, Runnable action) {
        Cleanable c = new Cleanable(owner, action);
        LIVE.add(c);
        return c;
    }

    private static void reap() {
        for (;;) {
            try {
                ((Cleanable) QUEUE.remove()).clean();
            } catch (InterruptedException e) {
                // a daemon thread nobody interrupts on purpose: keep reaping
            } catch (RuntimeException | Error e) {
                // an action that threw must not stop the others
            }
        }
    }
}
