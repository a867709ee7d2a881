/* SPDX-License-Identifier: Apache-2.0 */
/* The text of a QR code: a prefix ("EID1:", "EIDR1:") then the base45 of
 * the bytes, in alphanumeric mode. */
#ifndef EID_CORE_QR_TEXT_H
#define EID_CORE_QR_TEXT_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

/* Bytes -> prefix || base45 (*text: caller frees). EID_ERR_INVALID_ARG,
 * EID_ERR_TOO_LARGE (n > max_bytes), EID_ERR_NO_MEMORY. */
eid_status present_text_encode(const char *prefix, const uint8_t *b, size_t n, size_t max_bytes, char **text);
/* prefix || base45 -> bytes (out has room for max_bytes). Reads no further
 * than the longest legal text. EID_ERR_TOO_LARGE, EID_ERR_FORMAT. */
eid_status present_text_decode(const char *prefix, const char *text, size_t max_bytes, uint8_t *out, size_t *out_len);

#endif
