// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/**
 * The options of a vault (eid_vault_options), starting from libeid's defaults:
 * six digits, weak passcodes refused, Argon2id 3 passes / 64 MiB, waits after 5
 * failures from 30 s doubling to 1 h, wipe after 10, system clocks, no logger.
 */
public final class VaultOptions {
    final long[] nums = new long[11];
    Clock clock;
    Clock elapsedClock;
    Logger logger;

    public VaultOptions() {
        Eid.init();
        EidException.check(Native.vaultOptionsDefault(nums));
    }

    public VaultOptions passcodeLength(int min, int max) {
        nums[0] = min;
        nums[1] = max;
        return this;
    }

    public VaultOptions digitsOnly(boolean on) {
        nums[2] = on ? 1 : 0;
        return this;
    }

    public VaultOptions rejectWeak(boolean on) {
        nums[3] = on ? 1 : 0;
        return this;
    }

    /** Argon2id passes and memory (at least 1 and 8 KiB). */
    public VaultOptions argon2(long ops, long memBytes) {
        nums[4] = ops;
        nums[5] = memBytes;
        return this;
    }

    /** Waits start after `after` failures, from `baseSeconds` doubling to `maxSeconds`; wipe at `wipeAfter` (0: never). */
    public VaultOptions lockout(int after, long baseSeconds, long maxSeconds, int wipeAfter) {
        nums[6] = after;
        nums[8] = baseSeconds;
        nums[9] = maxSeconds;
        nums[7] = wipeAfter;
        return this;
    }

    /** The wall clock for times recorded with holder keys (null: system). */
    public VaultOptions clock(Clock c) {
        clock = c;
        return this;
    }

    /** The clock of the lockout waits, seconds since boot (Android: SystemClock.elapsedRealtime() / 1000). */
    public VaultOptions elapsedClock(Clock c) {
        elapsedClock = c;
        return this;
    }

    public VaultOptions logger(Logger l, Logger.Level minLevel) {
        logger = l;
        nums[10] = minLevel.ordinal();
        return this;
    }
}
