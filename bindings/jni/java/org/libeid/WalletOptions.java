// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/** The options of a wallet (eid_wallet_options), from libeid's defaults. */
public final class WalletOptions {
    final long[] nums = new long[6];
    Clock clock;
    String deviceLabel;

    public WalletOptions() {
        Eid.init();
        EidException.check(Native.walletOptionsDefault(nums));
    }

    /** The wallet's clock (null: system). */
    public WalletOptions clock(Clock c) {
        clock = c;
        return this;
    }

    /** Shown to the identity authority (default "libeid"). */
    public WalletOptions deviceLabel(String label) {
        deviceLabel = label;
        return this;
    }

    /** Seconds an audit entry is kept (default 365 days). */
    public WalletOptions auditRetention(long seconds) {
        nums[0] = seconds;
        return this;
    }

    /** eid_key_protection of the holder key: 0 software, 1 TEE, 2 StrongBox. */
    public WalletOptions keyProtection(int protection) {
        nums[1] = protection;
        return this;
    }

    /** Batches of single-use credentials: size, low-water mark, reuse of the credential of record when empty. */
    public WalletOptions batches(int size, int lowWater, boolean reuseWhenEmpty) {
        nums[2] = size;
        nums[3] = lowWater;
        nums[5] = reuseWhenEmpty ? 1 : 0;
        return this;
    }
}
