// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/**
 * Seconds since 1970 (or, for a vault's elapsed clock, since boot: on Android
 * SystemClock.elapsedRealtime() / 1000). libeid may call it on any thread. A
 * clock that throws reads as 0, which fails every time check closed.
 */
@FunctionalInterface
public interface Clock {
    long now();

    /** The system clock. */
    Clock SYSTEM = () -> System.currentTimeMillis() / 1000;
}
