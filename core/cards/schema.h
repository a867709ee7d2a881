/* Doc-type schemas: one table per doc type (core/cards/schema.c), shared by
 * the issuer, the verifier, the wallet and the cards. Claim numbers are leaf
 * positions and never change; tables are append-only. */
#ifndef EID_CORE_SCHEMA_H
#define EID_CORE_SCHEMA_H
#include "eid/claims.h"

typedef enum eid_claim_rule {
    EID_RULE_NONE = 0,
    EID_RULE_DIGITS,        /* text of exactly max_bytes ASCII digits */
    EID_RULE_ALNUM,         /* ASCII letters and digits, 1..max_bytes */
    EID_RULE_PRIVILEGES,    /* driving privileges: known class, issue <= expiry, no duplicate class */
    EID_RULE_CONVICTIONS    /* list of text entries */
} eid_claim_rule;

typedef struct eid_claim_schema {
    uint32_t number;
    const char *name;
    eid_value_type type;
    unsigned required : 1;
    unsigned on_face : 1;       /* shown on the card face */
    unsigned sensitive : 1;     /* hidden until the holder asks */
    eid_claim_rule rule;
    uint32_t max_bytes;         /* TEXT/BYTES: byte bound; LIST: entry bound */
    int64_t min, max;           /* INTEGER/ENUM/DATE bounds (inclusive) */
    const char *label_vi;
    const char *label_en;
} eid_claim_schema;

typedef struct eid_doc_schema {
    uint32_t doc_type;
    const char *name;           /* "driving_licence" */
    const char *type_id;        /* "eid.driving_licence.v1" */
    uint32_t leaf_count;        /* 16 or 32 */
    const eid_claim_schema *claims;
    size_t n_claims;
} eid_doc_schema;

const eid_doc_schema *eid_schema_get(uint32_t doc_type);
const eid_claim_schema *eid_schema_claim(const eid_doc_schema *schema, uint32_t number);
eid_status eid_schema_validate(const eid_claim_schema *cs, const eid_claim *claim);

/* Enumerations of the schemas. */
#define EID_LICENCE_CLASS_COUNT 15
const char *eid_licence_class_name(uint32_t code); /* 1..15 -> "A1".."DE", else NULL */

#endif
