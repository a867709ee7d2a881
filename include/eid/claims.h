/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eid/claims.h — the claim model: doc types, typed claim values, their
 * schemas (rules and labels) and the validation of a claim set.
 *
 * A credential's claims are numbered: the number is the claim's leaf position
 * in the credential's Merkle tree and never changes (docs/FORMAT.md has the
 * table). Values are typed as the wire format's ClaimValue.
 *
 * Use:
 *  - Issuer and wallet: eid_claim_set_validate() on a full claim set before
 *    signing or importing (eid_claim_validate() checks one claim).
 *  - Consent screens and cards: eid_claim_label() names a claim in Vietnamese
 *    or English, eid_doc_type_title() a document.
 *
 * docs/CARDS.md has every schema table.
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

/* ---- claim sets, problems and labels -------------------------------------- */

/* The languages of labels, titles and cards. */
typedef enum eid_language {
    EID_LANGUAGE_VI = 0, /* Vietnamese, the first language of every card */
    EID_LANGUAGE_EN = 1
} eid_language;

/* Why a claim or a claim set breaks its doc type's schema. Values are stable. */
typedef enum eid_claim_problem {
    EID_CLAIM_PROBLEM_NONE = 0,
    EID_CLAIM_PROBLEM_TYPE = 1,         /* value type differs from the schema's */
    EID_CLAIM_PROBLEM_EMPTY = 2,        /* empty text or bytes */
    EID_CLAIM_PROBLEM_TEXT = 3,         /* breaks the text rule (UTF-8, NFC, controls, bidi, unassigned) */
    EID_CLAIM_PROBLEM_TOO_LONG = 4,     /* over the claim's byte bound or list's entry bound */
    EID_CLAIM_PROBLEM_DIGITS = 5,       /* not exactly the number of ASCII digits required */
    EID_CLAIM_PROBLEM_FORMAT = 6,       /* breaks the claim's pattern (phone, insurance number...) */
    EID_CLAIM_PROBLEM_RANGE = 7,        /* integer, boolean or enum outside its values */
    EID_CLAIM_PROBLEM_DATE_RANGE = 8,   /* a date outside the schema's bounds */
    EID_CLAIM_PROBLEM_NOT_JPEG = 9,     /* portrait bytes are not a JPEG */
    EID_CLAIM_PROBLEM_LICENCE_CLASS = 10, /* unknown driving licence class */
    EID_CLAIM_PROBLEM_DUPLICATE_CLASS = 11, /* a licence class listed twice */
    EID_CLAIM_PROBLEM_DATE_ORDER = 12,  /* a list entry's first date after its last */
    EID_CLAIM_PROBLEM_LIST_ENTRY = 13,  /* a list entry sets a field its list does not use */
    EID_CLAIM_PROBLEM_UNKNOWN_CLAIM = 14, /* a claim number the doc type does not have */
    EID_CLAIM_PROBLEM_DUPLICATE_CLAIM = 15, /* the same claim number twice */
    EID_CLAIM_PROBLEM_MISSING_CLAIM = 16, /* a required claim is absent */
    EID_CLAIM_PROBLEM_BEFORE_BIRTH = 17, /* a document date before the holder's birth date */
    EID_CLAIM_PROBLEM_AGE_FLAGS = 18,   /* age_over_N answers contradict each other */
    EID_CLAIM_PROBLEM_PERIOD = 19,      /* valid_from after valid_until */
    EID_CLAIM_PROBLEM_BENEFIT_MISMATCH = 20, /* insurance card code's level differs from benefit_level */
    EID_CLAIM_PROBLEM_NUMBER_MISMATCH = 21, /* insurance number and social insurance number differ */
    EID_CLAIM_PROBLEM_CONVICTIONS_MISSING = 22, /* record_status says convictions, none listed */
    EID_CLAIM_PROBLEM_CONVICTIONS_UNEXPECTED = 23 /* record_status says none, convictions listed */
} eid_claim_problem;
#define EID_CLAIM_PROBLEM_COUNT 24
/*! eid_claim_problem_count() : EID_CLAIM_PROBLEM_COUNT, for bindings (problems are 0..count-1). */
EID_API size_t eid_claim_problem_count(void);

/* A driving privilege's expiry day for classes issued without a time limit
 * (A1, A, B1 in Vietnam): shown as "Không thời hạn" / "No expiry". */
#define EID_DAY_NO_EXPIRY INT32_MAX
/*! eid_day_no_expiry() : EID_DAY_NO_EXPIRY, for bindings. */
EID_API int32_t eid_day_no_expiry(void);

/*! eid_claim_set_validate() :
 *  Checks the full claim set of one credential (any order) of signed assurance
 *  `assurance` (1 or 2): every claim obeys its schema, no number is unknown or
 *  repeated, every required claim is present, and the doc type's cross-claim
 *  rules hold (dates after the birth date, consistent age answers, valid_from <=
 *  valid_until, insurance numbers that agree, record_status matching the
 *  convictions list). A self-registered identity (assurance 1) needs only
 *  personal_id, full_name and phone; documents exist at assurance 2 only. The
 *  issuer calls it before signing, the wallet before importing.
 *  `claim_number` and `problem` may be NULL; when given they receive the claim
 *  at fault (the later one of a contradicting pair) and the reason, or 0 and
 *  EID_CLAIM_PROBLEM_NONE on success. Neither ever holds a claim value.
 *  @return EID_OK, EID_ERR_INVALID_CLAIM, EID_ERR_NOT_FOUND (unknown doc type),
 *          EID_ERR_WRONG_LEVEL (a document at assurance 1), EID_ERR_INVALID_ARG
 *          (claims NULL with n_claims > 0, assurance not 1 or 2). */
EID_API eid_status eid_claim_set_validate(uint32_t doc_type, uint32_t assurance, const eid_claim *claims,
                                          size_t n_claims, uint32_t *claim_number, eid_claim_problem *problem);

/*! eid_claim_problem_str() : an English sentence naming `problem` (static storage, never NULL). */
EID_API const char *eid_claim_problem_str(eid_claim_problem problem);

/*! eid_claim_label() : the claim's label in `lang` ("Họ và tên", "Full name"); static storage,
 *  NULL for an unknown doc type, claim or language. */
EID_API const char *eid_claim_label(uint32_t doc_type, uint32_t number, eid_language lang);

/*! eid_claim_is_sensitive() : 1 when the claim is hidden on the card until the holder asks
 *  (convictions, place of residence...), 0 otherwise or when unknown. */
EID_API int eid_claim_is_sensitive(uint32_t doc_type, uint32_t number);

/*! eid_doc_type_title() : the card title of a doc type in `lang` ("GIẤY PHÉP LÁI XE");
 *  static storage, NULL when unknown. */
EID_API const char *eid_doc_type_title(uint32_t doc_type, eid_language lang);

#ifdef __cplusplus
}
#endif
#endif
