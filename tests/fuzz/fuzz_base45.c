/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: base45 (RFC 9285), the encoding inside every QR text.
 * Arbitrary text decodes or is refused; what decodes encodes back to the same
 * text (one spelling per byte string), and arbitrary bytes survive a round trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/base45.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t cap = size; /* decoding never grows */
    uint8_t *bytes = malloc(cap + 1);
    size_t n = 0;
    eid_status st = base45_decode(text, size, bytes, cap, &n);
    if (!fuzz_defined(st))
        abort();
    if (st == EID_OK) {
        size_t elen = base45_encoded_len(n);
        char *again = malloc(elen + 1);
        if (elen != size || base45_encode(bytes, n, again, elen + 1) != EID_OK || memcmp(again, text, size) != 0)
            abort();
        /* one byte short of room is refused, never overrun */
        if (n > 0 && base45_decode(text, size, bytes, n - 1, &n) != EID_ERR_TOO_LARGE)
            abort();
        free(again);
    }
    free(bytes);

    size_t elen = base45_encoded_len(size);
    char *enc = malloc(elen + 1);
    uint8_t *back = malloc(size + 1);
    if (base45_encode(data, size, enc, elen + 1) != EID_OK || strlen(enc) != elen ||
        base45_decode(enc, elen, back, size, &n) != EID_OK || n != size || memcmp(back, data, size) != 0)
        abort();
    if (base45_encode(data, size, enc, elen) != EID_ERR_TOO_LARGE)
        abort();
    free(enc);
    free(back);
    return 0;
}
