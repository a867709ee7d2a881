/*
 * eid/claims.h — doc types and typed claim values.
 *
 * A credential's claims are numbered: the number is the claim's leaf position
 * in the credential's Merkle tree and never changes (docs/FORMAT.md has the
 * table). Values are typed as the wire format's ClaimValue.
 *
 * Thread safety: everything here is plain data or reads static tables.
 */
#ifndef EID_CLAIMS_H
#define EID_CLAIMS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum eid_doc_type {
    EID_DOC_IDENTITY = 1,          /* eid.identity.v1 */
    EID_DOC_DRIVING_LICENCE = 2,   /* eid.driving_licence.v1 */
    EID_DOC_HEALTH_INSURANCE = 3,  /* eid.health_insurance.v1 */
    EID_DOC_CRIMINAL_RECORD = 4    /* eid.criminal_record.v1 */
} eid_doc_type;

typedef enum eid_value_type {
    EID_VALUE_TEXT = 1,     /* UTF-8 NFC in bytes/len */
    EID_VALUE_DATE = 2,     /* days since 1970 in number */
    EID_VALUE_INTEGER = 3,  /* number */
    EID_VALUE_BOOLEAN = 4,  /* number: 0 or 1 */
    EID_VALUE_BYTES = 5,    /* bytes/len (portrait JPEG) */
    EID_VALUE_ENUM = 6,     /* schema code in number */
    EID_VALUE_LIST = 7      /* entries/n_entries */
} eid_value_type;

/* One entry of a list claim: a driving privilege (code = licence class,
 * first_day = issue date, last_day = expiry date) or a conviction. */
typedef struct eid_list_entry {
    uint32_t code;
    const uint8_t *text;
    size_t text_len;
    int32_t first_day;
    int32_t last_day;
} eid_list_entry;

/* A typed claim. Pointers are borrowed: from the caller when it is input,
 * from the object that returned it (result, wallet) when it is output. */
typedef struct eid_claim {
    uint32_t number;                /* leaf position, see docs/FORMAT.md */
    eid_value_type type;
    const uint8_t *bytes;           /* TEXT, BYTES */
    size_t bytes_len;
    int64_t number_value;           /* DATE, INTEGER, BOOLEAN, ENUM */
    const eid_list_entry *entries;  /* LIST */
    size_t n_entries;
} eid_claim;

/* The most claims one credential holds. */
#define EID_CLAIM_MAX_COUNT 32
/*! eid_claim_max_count() : EID_CLAIM_MAX_COUNT, for bindings. */
EID_API size_t eid_claim_max_count(void);

/*! eid_doc_type_name() : "identity", "driving_licence", ... ; NULL for an unknown type. */
EID_API const char *eid_doc_type_name(uint32_t doc_type);
/*! eid_doc_type_from_name() : the doc type of a name, or 0 when unknown. */
EID_API uint32_t eid_doc_type_from_name(const char *name);
/*! eid_claim_name() : the claim's name in its doc type ("full_name"); NULL when unknown. */
EID_API const char *eid_claim_name(uint32_t doc_type, uint32_t number);
/*! eid_claim_number() : looks a claim up by name.
 *  @return EID_OK, or EID_ERR_NOT_FOUND when the doc type has no such claim. */
EID_API eid_status eid_claim_number(uint32_t doc_type, const char *name, uint32_t *number);
/*! eid_claim_validate() : checks a value against its doc type's schema
 *  (type, text rule, bounds, codes).
 *  @return EID_OK, EID_ERR_NOT_FOUND (no such claim), EID_ERR_INVALID_CLAIM. */
EID_API eid_status eid_claim_validate(uint32_t doc_type, const eid_claim *claim);

#ifdef __cplusplus
}
#endif
#endif
