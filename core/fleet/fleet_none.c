/* SPDX-License-Identifier: Apache-2.0 */
/* The fleet store in a build without hiredis (EID_BUILD_FLEET off: phone and
 * cross builds): the options work, and opening a store says the feature is
 * missing. */
#include "eid/fleet.h"

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
