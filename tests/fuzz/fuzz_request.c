/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: a presentation request as the wallet receives it, as
 * "EIDR1:" text (the input follows the prefix) and as raw bytes, inspected and
 * opened by a verifier. A text that decodes re-encodes to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "fuzz_common.h"

static fx world;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_INITIALIZE(fuzz_fixture(&world))

static void as_request(const uint8_t *req, size_t len)
{
    eid_request_info *info = NULL;
    eid_status st = eid_verifier_inspect_request(world.verifier, req, len, world.now, &info);
    if (!fuzz_defined(st) || (st == EID_OK) != (info != NULL))
        abort();
    if (info != NULL) {
        /* every accessor stays inside what inspect returned */
        (void)eid_request_info_rp_id(info);
        (void)eid_request_info_rp_name(info);
        for (size_t d = 0; d < eid_request_info_doc_count(info); d++) {
            (void)eid_request_info_doc_type(info, d);
            for (size_t c = 0; c < eid_request_info_claim_count(info, d); c++) {
                uint32_t number = 0;
                if (eid_request_info_claim(info, d, c, &number) != EID_OK)
                    abort();
            }
        }
        eid_request_info_free(info);
    }
    if (!fuzz_defined(eid_verifier_open_request(world.verifier, req, len, world.now)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *prefix = eid_request_text_prefix();
    size_t plen = strlen(prefix);
    char *text = malloc(plen + size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, prefix, plen);
    memcpy(text + plen, data, size);
    text[plen + size] = '\0';
    eid_bytes req = {0};
    eid_status st = eid_request_from_text(text, &req);
    if (!fuzz_defined(st))
        abort();
    if (st == EID_OK) {
        char *again = NULL;
        if (eid_request_text(req.data, req.len, &again) == EID_OK) {
            eid_bytes back = {0};
            if (eid_request_from_text(again, &back) != EID_OK || back.len != req.len ||
                memcmp(back.data, req.data, req.len) != 0)
                abort();
            eid_bytes_free(&back);
            eid_text_free(again);
        }
        as_request(req.data, req.len);
        eid_bytes_free(&req);
    }
    free(text);
    as_request(data, size);
    return 0;
}
