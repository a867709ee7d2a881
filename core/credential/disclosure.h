/* SPDX-License-Identifier: Apache-2.0 */
/* Disclosures: a salt, a claim number and a typed value, hashed and carried
 * as their serialized bytes (docs/FORMAT.md, "Claims"). */
#ifndef EID_CORE_DISCLOSURE_H
#define EID_CORE_DISCLOSURE_H
#include "eid/claims.h"
#include "eid/v1/credential.pb-c.h"

#define SALT_BYTES 16
#define DISCLOSURE_MAX_BYTES 4096
#define LIST_MAX_ENTRIES 15 /* the most entries a schema allows (a schema rule, not a decoding one) */

/* Serializes Disclosure{salt, claim->number, value} into a new malloc'd buffer.
 * The value is taken as given (no schema check). */
eid_status disclosure_encode(const uint8_t *salt, size_t salt_len, const eid_claim *claim, uint8_t **out,
                             size_t *out_len);

/* A decoded disclosure; claim points into msg (and entries). */
typedef struct disclosure_view {
    Eid__V1__Disclosure *msg;
    eid_claim claim;
    eid_list_entry *entries;
} disclosure_view;

/* Canonical decode; EID_ERR_FORMAT when not canonical or when the value is
 * missing (no ClaimValue, or one with no member set). Whether the claim and
 * its value obey the doc type's schema (type, range, byte and entry bounds)
 * is schema_validate()'s question (EID_ERR_INVALID_CLAIM). */
eid_status disclosure_decode(const uint8_t *b, size_t n, disclosure_view *v);
void disclosure_view_free(disclosure_view *v);

#endif
