#include <string.h>

#include "cards/schema.h"
#include "common/text.h"

#define DAY_MIN (-73000)  /* 1770 */
#define DAY_MAX 73000     /* 2169 */

/* clang-format off */
#define TEXT(n, id, req, bound, rule_, vi, en) \
    {n, id, EID_VALUE_TEXT, req, 1, 0, rule_, bound, 0, 0, vi, en}
#define DATE(n, id, req, vi, en) \
    {n, id, EID_VALUE_DATE, req, 1, 0, EID_RULE_NONE, 0, DAY_MIN, DAY_MAX, vi, en}
#define BOOL(n, id, req, vi, en) \
    {n, id, EID_VALUE_BOOLEAN, req, 0, 0, EID_RULE_NONE, 0, 0, 1, vi, en}
#define INT(n, id, req, lo, hi, vi, en) \
    {n, id, EID_VALUE_INTEGER, req, 1, 0, EID_RULE_NONE, 0, lo, hi, vi, en}
#define ENUM(n, id, req, lo, hi, vi, en) \
    {n, id, EID_VALUE_ENUM, req, 1, 0, EID_RULE_NONE, 0, lo, hi, vi, en}

static const eid_claim_schema identity_claims[] = {
    TEXT(0, "personal_id", 1, 12, EID_RULE_DIGITS, "Số định danh cá nhân", "Personal ID number"),
    TEXT(1, "full_name", 1, 96, EID_RULE_NONE, "Họ và tên", "Full name"),
    DATE(2, "birth_date", 1, "Ngày sinh", "Date of birth"),
    BOOL(3, "age_over_18", 1, "Trên 18 tuổi", "Over 18"),
    BOOL(4, "age_over_14", 1, "Trên 14 tuổi", "Over 14"),
    BOOL(5, "age_over_16", 1, "Trên 16 tuổi", "Over 16"),
    BOOL(6, "age_over_21", 1, "Trên 21 tuổi", "Over 21"),
    ENUM(7, "sex", 1, 1, 2, "Giới tính", "Sex"),
    TEXT(8, "nationality", 1, 64, EID_RULE_NONE, "Quốc tịch", "Nationality"),
    TEXT(9, "place_of_origin", 0, 192, EID_RULE_NONE, "Quê quán", "Place of origin"),
    TEXT(10, "place_of_residence", 0, 192, EID_RULE_NONE, "Nơi thường trú", "Place of residence"),
    TEXT(11, "phone", 0, 15, EID_RULE_DIGITS, "Số điện thoại", "Phone number"),
    {12, "portrait", EID_VALUE_BYTES, 0, 0, 0, EID_RULE_NONE, 3072, 0, 0, "Ảnh chân dung", "Portrait"},
};

static const eid_claim_schema licence_claims[] = {
    TEXT(0, "personal_id", 1, 12, EID_RULE_DIGITS, "Số định danh cá nhân", "Personal ID number"),
    TEXT(1, "full_name", 1, 96, EID_RULE_NONE, "Họ và tên", "Full name"),
    DATE(2, "birth_date", 1, "Ngày sinh", "Date of birth"),
    {3, "driving_privileges", EID_VALUE_LIST, 1, 1, 0, EID_RULE_PRIVILEGES, 15, 0, 0, "Hạng giấy phép", "Licence classes"},
    TEXT(4, "document_number", 1, 12, EID_RULE_DIGITS, "Số giấy phép lái xe", "Licence number"),
    DATE(5, "issue_date", 1, "Ngày cấp", "Date of issue"),
    TEXT(6, "issuing_authority", 1, 128, EID_RULE_NONE, "Nơi cấp", "Issuing authority"),
    INT(7, "points", 0, 0, 12, "Điểm giấy phép", "Licence points"),
};

static const eid_claim_schema health_claims[] = {
    TEXT(0, "personal_id", 1, 12, EID_RULE_DIGITS, "Số định danh cá nhân", "Personal ID number"),
    TEXT(1, "full_name", 1, 96, EID_RULE_NONE, "Họ và tên", "Full name"),
    DATE(2, "birth_date", 1, "Ngày sinh", "Date of birth"),
    TEXT(3, "insurance_number", 1, 15, EID_RULE_ALNUM, "Mã số BHYT", "Health insurance number"),
    INT(4, "benefit_level", 1, 1, 5, "Mức hưởng", "Benefit level"),
    TEXT(5, "registered_facility", 1, 128, EID_RULE_NONE, "Nơi đăng ký KCB ban đầu", "Registered facility"),
    DATE(6, "valid_from", 1, "Giá trị sử dụng từ", "Valid from"),
    DATE(7, "valid_until", 1, "Giá trị sử dụng đến", "Valid until"),
    TEXT(8, "social_insurance_number", 0, 10, EID_RULE_DIGITS, "Mã số BHXH", "Social insurance number"),
    DATE(9, "continuous_5y_since", 0, "Thời điểm đủ 5 năm liên tục", "Five continuous years since"),
};

static const eid_claim_schema criminal_claims[] = {
    TEXT(0, "personal_id", 1, 12, EID_RULE_DIGITS, "Số định danh cá nhân", "Personal ID number"),
    TEXT(1, "full_name", 1, 96, EID_RULE_NONE, "Họ và tên", "Full name"),
    DATE(2, "birth_date", 1, "Ngày sinh", "Date of birth"),
    ENUM(3, "record_status", 1, 0, 1, "Tình trạng án tích", "Criminal record"),
    TEXT(4, "certificate_number", 1, 32, EID_RULE_NONE, "Số phiếu", "Certificate number"),
    INT(5, "certificate_type", 1, 1, 2, "Loại phiếu", "Certificate type"),
    {6, "convictions", EID_VALUE_LIST, 0, 0, 1, EID_RULE_CONVICTIONS, 15, 0, 0, "Án tích", "Convictions"},
    TEXT(7, "management_ban", 0, 256, EID_RULE_NONE, "Cấm đảm nhiệm chức vụ", "Ban from management positions"),
    TEXT(8, "purpose", 0, 128, EID_RULE_NONE, "Mục đích sử dụng", "Purpose"),
    TEXT(9, "issuing_authority", 1, 128, EID_RULE_NONE, "Cơ quan cấp", "Issuing authority"),
    DATE(10, "issue_date", 1, "Ngày cấp", "Date of issue"),
};
/* clang-format on */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
static const eid_doc_schema schemas[] = {
    {EID_DOC_IDENTITY, "identity", "eid.identity.v1", 16, identity_claims, COUNT(identity_claims)},
    {EID_DOC_DRIVING_LICENCE, "driving_licence", "eid.driving_licence.v1", 16, licence_claims, COUNT(licence_claims)},
    {EID_DOC_HEALTH_INSURANCE, "health_insurance", "eid.health_insurance.v1", 16, health_claims, COUNT(health_claims)},
    {EID_DOC_CRIMINAL_RECORD, "criminal_record", "eid.criminal_record.v1", 16, criminal_claims, COUNT(criminal_claims)},
};

static const char *const licence_classes[EID_LICENCE_CLASS_COUNT] = {
    "A1", "A", "B1", "B", "C1", "C", "D1", "D2", "D", "BE", "C1E", "CE", "D1E", "D2E", "DE"};

const char *eid_licence_class_name(uint32_t code)
{
    return code >= 1 && code <= EID_LICENCE_CLASS_COUNT ? licence_classes[code - 1] : NULL;
}

const eid_doc_schema *eid_schema_get(uint32_t doc_type)
{
    for (size_t i = 0; i < COUNT(schemas); i++)
        if (schemas[i].doc_type == doc_type)
            return &schemas[i];
    return NULL;
}

const eid_claim_schema *eid_schema_claim(const eid_doc_schema *schema, uint32_t number)
{
    if (schema == NULL)
        return NULL;
    for (size_t i = 0; i < schema->n_claims; i++)
        if (schema->claims[i].number == number)
            return &schema->claims[i];
    return NULL;
}

static int all_digits(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int all_alnum(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return 0;
    }
    return 1;
}

static eid_status check_list(const eid_claim_schema *cs, const eid_claim *c)
{
    if (c->n_entries > cs->max_bytes || (c->n_entries > 0 && c->entries == NULL))
        return EID_ERR_INVALID_CLAIM;
    uint32_t seen = 0;
    for (size_t i = 0; i < c->n_entries; i++) {
        const eid_list_entry *e = &c->entries[i];
        if (cs->rule == EID_RULE_PRIVILEGES) {
            if (eid_licence_class_name(e->code) == NULL || (seen & (1u << e->code)) || e->text_len != 0 ||
                e->first_day > e->last_day || e->first_day < DAY_MIN || e->last_day > DAY_MAX)
                return EID_ERR_INVALID_CLAIM;
            seen |= 1u << e->code;
        } else {
            if (e->text_len == 0 || eid_text_check(e->text, e->text_len, 256) != EID_OK)
                return EID_ERR_INVALID_CLAIM;
            if (e->first_day < DAY_MIN || e->first_day > DAY_MAX || e->last_day < DAY_MIN || e->last_day > DAY_MAX)
                return EID_ERR_INVALID_CLAIM;
        }
    }
    return EID_OK;
}

eid_status eid_schema_validate(const eid_claim_schema *cs, const eid_claim *c)
{
    if (cs == NULL || c == NULL)
        return EID_ERR_INVALID_ARG;
    if (c->type != cs->type || c->number != cs->number)
        return EID_ERR_INVALID_CLAIM;
    switch (cs->type) {
    case EID_VALUE_TEXT:
        if (c->bytes_len == 0 || eid_text_check(c->bytes, c->bytes_len, cs->max_bytes) != EID_OK)
            return EID_ERR_INVALID_CLAIM;
        if (cs->rule == EID_RULE_DIGITS && (c->bytes_len != cs->max_bytes || !all_digits(c->bytes, c->bytes_len)))
            return EID_ERR_INVALID_CLAIM;
        if (cs->rule == EID_RULE_ALNUM && !all_alnum(c->bytes, c->bytes_len))
            return EID_ERR_INVALID_CLAIM;
        return EID_OK;
    case EID_VALUE_BYTES:
        return c->bytes_len > 0 && c->bytes_len <= cs->max_bytes && c->bytes != NULL ? EID_OK
                                                                                      : EID_ERR_INVALID_CLAIM;
    case EID_VALUE_DATE:
    case EID_VALUE_INTEGER:
    case EID_VALUE_BOOLEAN:
    case EID_VALUE_ENUM:
        return c->number_value >= cs->min && c->number_value <= cs->max ? EID_OK : EID_ERR_INVALID_CLAIM;
    case EID_VALUE_LIST:
        return check_list(cs, c);
    }
    return EID_ERR_INVALID_CLAIM;
}

/* ---- public lookups (eid/claims.h) ---- */

const char *eid_doc_type_name(uint32_t doc_type)
{
    const eid_doc_schema *s = eid_schema_get(doc_type);
    return s ? s->name : NULL;
}

uint32_t eid_doc_type_from_name(const char *name)
{
    if (name == NULL)
        return 0;
    for (size_t i = 0; i < COUNT(schemas); i++)
        if (strcmp(schemas[i].name, name) == 0 || strcmp(schemas[i].type_id, name) == 0)
            return schemas[i].doc_type;
    return 0;
}

const char *eid_claim_name(uint32_t doc_type, uint32_t number)
{
    const eid_claim_schema *cs = eid_schema_claim(eid_schema_get(doc_type), number);
    return cs ? cs->name : NULL;
}

eid_status eid_claim_number(uint32_t doc_type, const char *name, uint32_t *number)
{
    const eid_doc_schema *s = eid_schema_get(doc_type);
    if (name == NULL || number == NULL)
        return EID_ERR_INVALID_ARG;
    if (s == NULL)
        return EID_ERR_NOT_FOUND;
    for (size_t i = 0; i < s->n_claims; i++)
        if (strcmp(s->claims[i].name, name) == 0) {
            *number = s->claims[i].number;
            return EID_OK;
        }
    return EID_ERR_NOT_FOUND;
}

eid_status eid_claim_validate(uint32_t doc_type, const eid_claim *claim)
{
    if (claim == NULL)
        return EID_ERR_INVALID_ARG;
    const eid_claim_schema *cs = eid_schema_claim(eid_schema_get(doc_type), claim->number);
    if (cs == NULL)
        return EID_ERR_NOT_FOUND;
    return eid_schema_validate(cs, claim);
}
