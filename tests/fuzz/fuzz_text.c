/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the text rule (UTF-8, NFC, no control, bidi-override or
 * unassigned code points) that every claim, name and list entry must obey.
 * Normalising yields text the rule accepts, and text the rule accepts is
 * already normal: normalising leaves it unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/text.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const size_t max = 4096;
    eid_status checked = text_check(data, size, max);
    if (!fuzz_defined(checked) || (size > max && checked != EID_ERR_TOO_LARGE))
        abort();
    uint8_t *out = NULL;
    size_t out_len = 0;
    eid_status st = text_normalize(data, size, max, &out, &out_len);
    if (!fuzz_defined(st))
        abort();
    if (st == EID_OK) {
        if (out[out_len] != '\0' || text_check(out, out_len, max) != EID_OK)
            abort();
        if (checked == EID_OK && (out_len != size || memcmp(out, data, size) != 0))
            abort();
        mem_free_text((char *)out);
    } else if (checked == EID_OK) {
        abort(); /* a text that passes the rule normalises */
    }
    return 0;
}
