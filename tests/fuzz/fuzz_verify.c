/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: arbitrary bytes as QR text, as a credential bundle, as a
 * presentation request, against one verifier. Nothing may crash, leak or
 * read out of bounds; whatever verifies verifies once (the second time is a
 * replay). Seed it with tests/vectors (docs/FORMAT.md). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "fuzz_common.h"

static fx world;

static int defined(eid_status st) { return strcmp(eid_status_name(st), "EID_ERR_UNKNOWN") != 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_INITIALIZE(fuzz_fixture(&world))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 6);
    memcpy(text, "EID1:", 5);
    memcpy(text + 5, data, size);
    text[size + 5] = '\0';
    eid_result *r = NULL;
    if (eid_verifier_check_presentation(world.verifier, text, world.now, &r) == EID_OK) {
        eid_result_free(r);
        if (eid_verifier_check_presentation(world.verifier, text, world.now, &r) != EID_ERR_REPLAYED)
            abort();
    }
    eid_result_free(r);
    r = NULL;
    /* every outcome is a status the library defines, and a result says what was returned */
    eid_status st = eid_verifier_check_credential(world.verifier, data, size, world.now, &r);
    if (!defined(st) || (r != NULL && eid_result_status(r) != st))
        abort();
    eid_result_free(r);
    if (!defined(eid_verifier_open_request(world.verifier, data, size, world.now)))
        abort();
    eid_request_info *info = NULL;
    st = eid_verifier_inspect_request(world.verifier, data, size, world.now, &info);
    if (!defined(st) || (st == EID_OK) != (info != NULL))
        abort();
    eid_request_info_free(info);
    free(text);
    return 0;
}
