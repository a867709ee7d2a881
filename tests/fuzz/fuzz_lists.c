/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: arbitrary bytes as a trust list, as a revocation list, and named as one. */
#include <stdint.h>
#include <stdlib.h>

#include "fixture.h"
#include "fuzz_common.h"

static fx world;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_INITIALIZE(fuzz_fixture(&world))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eid_verifier *v = NULL;
    if (eid_verifier_new(world.root_pk, 1, NULL, data, size, NULL, 0, world.store, &v) == EID_OK)
        eid_verifier_free(v);
    eid_revocation_list_input in = {data, size, 0};
    if (eid_verifier_new(world.root_pk, 1, NULL, world.trust.data, world.trust.len, &in, 1, world.store, &v) ==
        EID_OK)
        eid_verifier_free(v);
    eid_revocation_list_name name;
    eid_revocation_list_peek(data, size, &name);
    uint8_t key[32];
    uint32_t prot;
    /* nobody signed a request for challenge "c": nothing the fuzzer makes may pass */
    if (eid_activation_check(data, size, (const uint8_t *)"c", 1, key, &prot) == EID_OK)
        abort();
    return 0;
}
