/* SPDX-License-Identifier: Apache-2.0 */
/* base45 (RFC 9285): the QR alphanumeric-mode encoding of EID1:/EIDR1: text. */
#ifndef EID_CORE_BASE45_H
#define EID_CORE_BASE45_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

/* Characters needed to encode n bytes (without a terminator). */
size_t base45_encoded_len(size_t n);
/* Writes the encoding of in[0..n) to out (capacity cap, NUL-terminated).
 * EID_ERR_TOO_LARGE when cap < encoded length + 1. */
eid_status base45_encode(const uint8_t *in, size_t n, char *out, size_t cap);
/* Decodes text[0..len) into out (capacity cap); *out_len receives the byte count.
 * EID_ERR_FORMAT for a character outside the alphabet, a dangling single
 * character, or a group whose value overflows; EID_ERR_TOO_LARGE when cap is short. */
eid_status base45_decode(const char *text, size_t len, uint8_t *out, size_t cap, size_t *out_len);

#endif
