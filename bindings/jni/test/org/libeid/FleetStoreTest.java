// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * ReplayStore.redis over eid_fleet_store_new: a libeid built without the
 * Redis store says UNSUPPORTED; one with it refuses a malformed URL with
 * INVALID_ARG and a server that does not answer with UNAVAILABLE.
 */
class FleetStoreTest {
    @Test
    void redisStoreWorksOrSaysWhyNot() {
        boolean built = Eid.fleetAvailable();
        EidException bad = assertThrows(EidException.class, () -> ReplayStore.redis("no scheme at all", null));
        assertEquals(built ? Status.INVALID_ARG : Status.UNSUPPORTED, bad.status(), bad.getMessage());
        // nothing listens on port 1: no answer in time
        ReplayStore.RedisOptions o = new ReplayStore.RedisOptions().timeouts(200, 200).password("pw".toCharArray());
        try {
            ReplayStore s = ReplayStore.redis("redis://127.0.0.1:1/0", o);
            s.close();
            assertTrue(built, "a store without the Redis store built");
        } catch (EidException e) {
            assertEquals(built ? Status.UNAVAILABLE : Status.UNSUPPORTED, e.status(), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> ReplayStore.redis(null, null));
    }
}
