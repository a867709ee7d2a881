/* SPDX-License-Identifier: Apache-2.0 */
/* The Redis fleet replay store (eid/fleet.h). This build has no hiredis: the
 * options work, and opening a store says the feature is missing. */
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

int eid_fleet_available(void) { return 0; }

eid_status eid_fleet_store_new(const eid_fleet_options *o, eid_replay_store **store)
{
    if (store != NULL)
        *store = NULL;
    if (o == NULL || store == NULL)
        return EID_ERR_INVALID_ARG;
    if (o->version != EID_FLEET_OPTIONS_VERSION)
        return EID_ERR_UNSUPPORTED_VERSION;
    return EID_ERR_UNSUPPORTED;
}
