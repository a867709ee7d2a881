/* SPDX-License-Identifier: Apache-2.0 */
/* The text rule of the wire format: UTF-8, Unicode NFC, no control,
 * bidirectional-override or unassigned code points (Unicode 15.0, as
 * utf8proc 2.8 implements it), at most max_bytes bytes. The issuer normalises before
 * signing (text_normalize); verifier and wallet only check. */
#ifndef EID_CORE_TEXT_H
#define EID_CORE_TEXT_H
#include <stddef.h>
#include <stdint.h>
#include "eid/common.h"

/* EID_OK when s[0..len) obeys the rule; EID_ERR_FORMAT otherwise,
 * EID_ERR_TOO_LARGE when len > max_bytes. Allocates nothing for a text of up
 * to 1024 code points once decomposed; beyond, EID_ERR_NO_MEMORY when the
 * heap refuses. */
eid_status text_check(const uint8_t *s, size_t len, size_t max_bytes);

/* NFC-normalises s[0..len) into a new NUL-terminated buffer (*out, *out_len;
 * release it with mem_free_text) and then applies text_check. For issuers
 * and samples, which take text from people. */
eid_status text_normalize(const uint8_t *s, size_t len, size_t max_bytes, uint8_t **out, size_t *out_len);

/* The Unicode version of the linked utf8proc (static string). */
const char *text_unicode_version(void);

/* The Unicode version the text rule is defined by (docs/FORMAT.md, "Text"). */
#define TEXT_UNICODE_VERSION "15.0.0"
/* EID_OK when `version` is TEXT_UNICODE_VERSION, EID_ERR_UNSUPPORTED_VERSION
 * otherwise (eid_init() refuses a utf8proc of another Unicode version). */
eid_status text_unicode_check(const char *version);

#endif
