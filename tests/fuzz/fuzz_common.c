/* SPDX-License-Identifier: Apache-2.0 */
/* The set-up the libFuzzer targets share (fuzz_common.h). */
#include "fuzz_common.h"

#include <stdlib.h>

#include "fixture.h"

void fuzz_library(void)
{
    if (eid_init() != EID_OK)
        abort();
}

void fuzz_fixture(struct fx *world)
{
    fuzz_library();
    fx_init(world);
}
