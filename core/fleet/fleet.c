/* SPDX-License-Identifier: Apache-2.0 */
/* The Redis fleet replay store (eid/fleet.h): its options, the same in every
 * build. The store itself is fleet_redis.c (built with hiredis,
 * EID_BUILD_FLEET) or fleet_none.c (without: opening a store says the feature
 * is missing). */
#include <string.h>

#include "eid/fleet.h"

eid_status eid_fleet_options_default(eid_fleet_options *o, uint32_t version)
{
    if (o == NULL)
        return EID_ERR_INVALID_ARG;
    if (version != EID_FLEET_OPTIONS_VERSION)
        return EID_ERR_UNSUPPORTED_VERSION;
    memset(o, 0, sizeof *o);
    o->version = version;
    o->connect_timeout_ms = 1000;
    o->command_timeout_ms = 500;
    o->pool_size = 8;
    o->window = EID_VERIFIER_OFFLINE_LIFETIME_MAX + EID_VERIFIER_CLOCK_SKEW_MAX;
    return EID_OK;
}
