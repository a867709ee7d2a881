/* SPDX-License-Identifier: Apache-2.0 */
/* Doc-type schemas: one table per doc type (core/claims/schema.c), shared by
 * the issuer, the verifier, the wallet and the cards. Claim numbers are leaf
 * positions and never change; tables are append-only. docs/CARDS.md prints
 * the tables. */
#ifndef EID_CORE_CLAIMS_SCHEMA_H
#define EID_CORE_CLAIMS_SCHEMA_H
#include "eid/claims.h"

typedef enum claim_rule {
    RULE_NONE = 0,
    RULE_DIGITS,               /* text of exactly max_bytes ASCII digits */
    RULE_ALNUM,                /* ASCII letters and digits, 1..max_bytes */
    RULE_PRIVILEGES,           /* driving privileges: known class, issue <= expiry, no duplicate class */
    RULE_CONVICTIONS,          /* list of text entries with judgement and end dates */
    RULE_INSURANCE_NUMBER, /* "XX" + level 1-5 + 12 digits (card code), or 10 digits (social insurance) */
    RULE_PHONE,                /* Vietnamese number: "0" + 9 digits */
    RULE_JPEG                  /* bytes that start with a JPEG SOI marker and end with EOI */
} claim_rule;

/* A label for one value of an ENUM (or coded INTEGER) claim. */
typedef struct value_label {
    int64_t value;
    const char *label_vi;
    const char *label_en;
} value_label;

typedef struct claim_schema {
    uint32_t number;
    const char *name;
    eid_value_type type;
    unsigned required : 1;
    unsigned on_face : 1;       /* shown on the card face */
    unsigned sensitive : 1;     /* hidden until the holder asks */
    unsigned required_l1 : 1;   /* required in a self-registered (assurance 1) identity */
    claim_rule rule;
    uint32_t max_bytes;         /* TEXT/BYTES: byte bound; LIST: entry bound */
    int64_t min, max;           /* INTEGER/ENUM/DATE bounds (inclusive) */
    const char *label_vi;
    const char *label_en;
    /* Added by the cards module. */
    uint8_t display_order;      /* rows sort by this, ascending */
    const value_label *values; /* labels of every value in [min, max], or NULL */
    size_t n_values;
} claim_schema;

typedef struct doc_schema {
    uint32_t doc_type;
    const char *name;           /* "driving_licence" */
    const char *type_id;        /* "eid.driving_licence.v1" */
    uint32_t leaf_count;        /* 16 or 32 */
    const claim_schema *claims;
    size_t n_claims;
    /* Added by the cards module. */
    const char *title_vi, *title_en;   /* card title */
    const char *issuer_vi, *issuer_en; /* default issuer line (an issuing_authority claim wins) */
    uint32_t colour;                   /* 0xRRGGBB */
} doc_schema;

const doc_schema *schema_get(uint32_t doc_type);
const claim_schema *schema_claim(const doc_schema *schema, uint32_t number);
eid_status schema_validate(const claim_schema *cs, const eid_claim *claim);
/* schema_validate() for a claim whose text (a text value, each list entry's
 * text) has already passed text_check(): the text rule is not run again;
 * every other rule and each length bound of the schema are. The same answer
 * as schema_validate() for such a claim. */
eid_status schema_validate_text_checked(const claim_schema *cs, const eid_claim *claim);

/* The reason a claim breaks its schema (EID_CLAIM_PROBLEM_NONE when it obeys it). */
eid_claim_problem schema_check(const claim_schema *cs, const eid_claim *claim);
/* Document-level checks on a full claim set of a credential of `assurance`
 * (1 or 2): every claim valid, required ones present (required_l1 ones at
 * assurance 1), no duplicate or unknown number, and the cross-claim rules of
 * the doc type. *claim_number names the claim at fault (the later one of a
 * pair). The caller has checked that `assurance` is 1 or 2. */
eid_claim_problem schema_check_document(const doc_schema *schema, uint32_t assurance, const eid_claim *claims,
                                        size_t n, uint32_t *claim_number);
/* eid_claim_set_validate() of eid/claims.h (claims.c), with its status and
 * problem: what the issuer checks before signing a claim set. */
eid_status schema_validate_document(uint32_t doc_type, uint32_t assurance, const eid_claim *claims, size_t n_claims,
                                    uint32_t *claim_number, eid_claim_problem *problem);
/* The label of a value of claim cs, or NULL when the schema has none. */
const value_label *schema_value_label(const claim_schema *cs, int64_t value);

/* Enumerations of the schemas. */
#define LICENCE_CLASS_COUNT 15
const char *schema_licence_class_name(uint32_t code); /* 1..15 -> "A1".."DE", else NULL */
/* What a licence class lets its holder drive, in the language asked (static). */
const char *schema_licence_class_description(uint32_t code, eid_language lang);

/* Date bounds of the schemas (days since 1970). */
#define DAY_1900_01_01 (-25567)
#define DAY_1950_01_01 (-7305)
#define DAY_2100_12_31 47846

#endif
