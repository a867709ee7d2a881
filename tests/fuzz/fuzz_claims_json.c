/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the claims file eid-issuer reads (samples/claims_json.c),
 * as any of the four doc types. Whatever the parser accepts is a claim set the
 * library accepts and can sign. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claims_json.h"
#include "fixture.h"
#include "fuzz_common.h"

static fx world;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_INITIALIZE(fuzz_fixture(&world))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *json = cJSON_ParseWithLength((const char *)data, size);
    if (json == NULL)
        return 0;
    static claim_set cs;
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD; t++) {
        memset(&cs, 0, sizeof cs);
        cs.path = "claims.json";
        if (claims_read(&cs, t, json) != 0) {
            if (cs.error[0] == 0)
                abort(); /* a refusal says why */
            claims_release(&cs);
            continue;
        }
        uint32_t at = 0;
        eid_claim_problem problem = EID_CLAIM_PROBLEM_NONE;
        if (eid_claim_set_validate(t, 2, cs.claims, cs.n, &at, &problem) != EID_OK)
            abort();
        eid_credential_params p = fx_params(&world, t, 7);
        eid_bytes bundle = {0};
        eid_status st = eid_issue_credential(world.issuer[t], &p, cs.claims, cs.n, &bundle);
        if (st != EID_OK && st != EID_ERR_TOO_LARGE)
            abort();
        eid_bytes_free(&bundle);
        claims_release(&cs);
    }
    cJSON_Delete(json);
    return 0;
}
