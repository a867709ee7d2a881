// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/** Where a credential stands on a day (eid_validity); the ordinal is the C value. */
public enum Validity {
    VALID, EXPIRING, EXPIRED, REVOKED, NOT_YET_VALID;

    static Validity of(long v) {
        Validity[] all = values();
        return v >= 0 && v < all.length ? all[(int) v] : null;
    }
}
