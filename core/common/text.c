#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/text.h"

static int forbidden(utf8proc_int32_t cp)
{
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return 1; /* bidirectional embeddings, overrides and isolates */
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CN: /* unassigned, noncharacters */
    case UTF8PROC_CATEGORY_CC: /* C0/C1 controls, including NUL */
    case UTF8PROC_CATEGORY_CS: /* surrogates */
        return 1;
    default:
        return 0;
    }
}

eid_status text_check(const uint8_t *s, size_t len, size_t max_bytes)
{
    if (s == NULL && len > 0)
        return EID_ERR_INVALID_ARG;
    if (len > max_bytes)
        return EID_ERR_TOO_LARGE;
    if (len > (size_t)PTRDIFF_MAX)
        return EID_ERR_FORMAT;
    int ascii = 1;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || forbidden(cp))
            return EID_ERR_FORMAT;
        if (cp >= 0x80)
            ascii = 0;
        i += (size_t)n;
    }
    if (ascii || len == 0)
        return EID_OK; /* ASCII without controls is NFC */
    /* utf8proc wants a NUL-terminated string; text holds no NUL (a control). */
    uint8_t *copy = malloc(len + 1);
    if (copy == NULL)
        return EID_ERR_NO_MEMORY;
    memcpy(copy, s, len);
    copy[len] = 0;
    utf8proc_uint8_t *nfc = utf8proc_NFC(copy);
    free(copy);
    if (nfc == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = (strlen((const char *)nfc) == len && memcmp(nfc, s, len) == 0) ? EID_OK : EID_ERR_FORMAT;
    free(nfc);
    return st;
}

eid_status text_normalize(const uint8_t *s, size_t len, size_t max_bytes, uint8_t **out, size_t *out_len)
{
    if ((s == NULL && len > 0) || out == NULL || out_len == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    *out_len = 0;
    if (memchr(s, 0, len) != NULL || len > (size_t)PTRDIFF_MAX - 1)
        return EID_ERR_FORMAT;
    uint8_t *copy = malloc(len + 1);
    if (copy == NULL)
        return EID_ERR_NO_MEMORY;
    if (len)
        memcpy(copy, s, len);
    copy[len] = 0;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map(copy, 0, &nfc, UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    free(copy);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? EID_ERR_NO_MEMORY : EID_ERR_FORMAT;
    eid_status st = text_check(nfc, (size_t)n, max_bytes);
    if (st != EID_OK) {
        free(nfc);
        return st;
    }
    *out = nfc;
    *out_len = (size_t)n;
    return EID_OK;
}

const char *text_unicode_version(void) { return utf8proc_unicode_version(); }

eid_status text_unicode_check(const char *version)
{
    return version != NULL && strcmp(version, TEXT_UNICODE_VERSION) == 0 ? EID_OK : EID_ERR_UNSUPPORTED_VERSION;
}
