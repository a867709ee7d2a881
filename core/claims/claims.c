/* SPDX-License-Identifier: Apache-2.0 */
/* eid/claims.h over the schema tables (claims/schema.c): claim-set
 * validation, problem texts, and the labels that consent screens and cards
 * show. */
#include "claims/schema.h"

eid_status eid_claim_set_validate(uint32_t doc_type, uint32_t assurance, const eid_claim *claims,
                                  size_t n_claims, uint32_t *claim_number, eid_claim_problem *problem)
{
    return schema_validate_document(doc_type, assurance, claims, n_claims, claim_number, problem);
}

const char *eid_claim_problem_str(eid_claim_problem problem)
{
    static const char *const text[EID_CLAIM_PROBLEM_COUNT] = {
        [EID_CLAIM_PROBLEM_NONE] = "no problem",
        [EID_CLAIM_PROBLEM_TYPE] = "value has the wrong type",
        [EID_CLAIM_PROBLEM_EMPTY] = "value is empty",
        [EID_CLAIM_PROBLEM_TEXT] = "text is not NFC UTF-8 free of control and bidi characters",
        [EID_CLAIM_PROBLEM_TOO_LONG] = "value exceeds its byte or entry bound",
        [EID_CLAIM_PROBLEM_DIGITS] = "not the required number of digits",
        [EID_CLAIM_PROBLEM_FORMAT] = "value does not have the required format",
        [EID_CLAIM_PROBLEM_RANGE] = "value is outside its allowed values",
        [EID_CLAIM_PROBLEM_DATE_RANGE] = "date is outside its allowed range",
        [EID_CLAIM_PROBLEM_NOT_JPEG] = "portrait is not a JPEG image",
        [EID_CLAIM_PROBLEM_LICENCE_CLASS] = "unknown licence class",
        [EID_CLAIM_PROBLEM_DUPLICATE_CLASS] = "licence class listed twice",
        [EID_CLAIM_PROBLEM_DATE_ORDER] = "an entry ends before it starts",
        [EID_CLAIM_PROBLEM_LIST_ENTRY] = "list entry sets a field its list does not use",
        [EID_CLAIM_PROBLEM_UNKNOWN_CLAIM] = "claim number unknown for this doc type",
        [EID_CLAIM_PROBLEM_DUPLICATE_CLAIM] = "claim given twice",
        [EID_CLAIM_PROBLEM_MISSING_CLAIM] = "required claim missing",
        [EID_CLAIM_PROBLEM_BEFORE_BIRTH] = "date precedes the birth date",
        [EID_CLAIM_PROBLEM_AGE_FLAGS] = "age answers contradict each other",
        [EID_CLAIM_PROBLEM_PERIOD] = "validity starts after it ends",
        [EID_CLAIM_PROBLEM_BENEFIT_MISMATCH] = "insurance number and benefit level disagree",
        [EID_CLAIM_PROBLEM_NUMBER_MISMATCH] = "insurance number and social insurance number disagree",
        [EID_CLAIM_PROBLEM_CONVICTIONS_MISSING] = "record status says convictions but none are listed",
        [EID_CLAIM_PROBLEM_CONVICTIONS_UNEXPECTED] = "record status says none but convictions are listed",
    };
    if ((unsigned)problem >= EID_CLAIM_PROBLEM_COUNT)
        return "unknown problem";
    return text[problem];
}

const char *eid_claim_label(uint32_t doc_type, uint32_t number, eid_language lang)
{
    const claim_schema *cs = schema_claim(schema_get(doc_type), number);
    if (cs == NULL)
        return NULL;
    return lang == EID_LANGUAGE_VI ? cs->label_vi : lang == EID_LANGUAGE_EN ? cs->label_en : NULL;
}

int eid_claim_is_sensitive(uint32_t doc_type, uint32_t number)
{
    const claim_schema *cs = schema_claim(schema_get(doc_type), number);
    return cs != NULL && cs->sensitive;
}

const char *eid_doc_type_title(uint32_t doc_type, eid_language lang)
{
    const doc_schema *s = schema_get(doc_type);
    if (s == NULL)
        return NULL;
    return lang == EID_LANGUAGE_VI ? s->title_vi : lang == EID_LANGUAGE_EN ? s->title_en : NULL;
}

int32_t eid_day_no_expiry(void) { return EID_DAY_NO_EXPIRY; }
size_t eid_claim_max_count(void) { return EID_CLAIM_MAX_COUNT; }
size_t eid_claim_problem_count(void) { return EID_CLAIM_PROBLEM_COUNT; }
