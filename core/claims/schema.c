/* SPDX-License-Identifier: Apache-2.0 */
/* The doc-type schemas as data: one table per doc type, and the checks that
 * read them. A claim's number is its Merkle leaf position (DESIGN.md fixes
 * them): tables are append-only and never renumbered. */
#include <string.h>

#include "claims/schema.h"
#include "common/text.h"

#define DAY_BIRTH_MIN DAY_1900_01_01
#define DAY_DOC_MIN DAY_1950_01_01
#define DAY_MAX DAY_2100_12_31
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- value labels ---- */

static const value_label sex_values[] = {
    {1, "Nam", "Male"},
    {2, "Nữ", "Female"},
};

static const value_label record_status_values[] = {
    {0, "Không có án tích", "No criminal record"},
    {1, "Có án tích", "Has convictions"},
};

static const value_label certificate_type_values[] = {
    {1, "Phiếu số 1", "Certificate no. 1"},
    {2, "Phiếu số 2", "Certificate no. 2"},
};

/* Licence classes of Vietnam's road traffic law (2024), codes 1..15. */
static const struct {
    const char *name, *vi, *en;
} licence_classes[LICENCE_CLASS_COUNT] = {
    {"A1", "Mô tô đến 125 cm³ hoặc 11 kW", "Motorcycles up to 125 cm³ or 11 kW"},
    {"A", "Mô tô trên 125 cm³ hoặc 11 kW", "Motorcycles over 125 cm³ or 11 kW"},
    {"B1", "Xe mô tô ba bánh", "Three-wheeled motorcycles"},
    {"B", "Ô tô đến 8 chỗ, ô tô tải đến 3.500 kg", "Cars up to 8 seats, trucks up to 3,500 kg"},
    {"C1", "Ô tô tải trên 3.500 kg đến 7.500 kg", "Trucks over 3,500 kg up to 7,500 kg"},
    {"C", "Ô tô tải trên 7.500 kg", "Trucks over 7,500 kg"},
    {"D1", "Ô tô chở người trên 8 đến 16 chỗ", "Passenger vehicles over 8 up to 16 seats"},
    {"D2", "Ô tô chở người trên 16 đến 29 chỗ", "Passenger vehicles over 16 up to 29 seats"},
    {"D", "Ô tô chở người trên 29 chỗ", "Passenger vehicles over 29 seats"},
    {"BE", "Hạng B kéo rơ moóc trên 750 kg", "Class B with a trailer over 750 kg"},
    {"C1E", "Hạng C1 kéo rơ moóc trên 750 kg", "Class C1 with a trailer over 750 kg"},
    {"CE", "Hạng C kéo rơ moóc trên 750 kg", "Class C with a trailer over 750 kg"},
    {"D1E", "Hạng D1 kéo rơ moóc trên 750 kg", "Class D1 with a trailer over 750 kg"},
    {"D2E", "Hạng D2 kéo rơ moóc trên 750 kg", "Class D2 with a trailer over 750 kg"},
    {"DE", "Hạng D kéo rơ moóc trên 750 kg", "Class D with a trailer over 750 kg"},
};

/* ---- the tables ---- */

/* clang-format off */
#define REQ .required = 1
#define FACE .on_face = 1
#define SENSITIVE .sensitive = 1
#define OPT .required = 0
#define L1 .required_l1 = 1
#define TEXT(n, id, bound, rule_, ord, vi, en, ...) \
    {.number = n, .name = id, .type = EID_VALUE_TEXT, .rule = rule_, .max_bytes = bound, \
     .display_order = ord, .label_vi = vi, .label_en = en, __VA_ARGS__}
#define DATE(n, id, lo, ord, vi, en, ...) \
    {.number = n, .name = id, .type = EID_VALUE_DATE, .min = lo, .max = DAY_MAX, \
     .display_order = ord, .label_vi = vi, .label_en = en, __VA_ARGS__}
#define BOOL(n, id, ord, vi, en, ...) \
    {.number = n, .name = id, .type = EID_VALUE_BOOLEAN, .min = 0, .max = 1, \
     .display_order = ord, .label_vi = vi, .label_en = en, __VA_ARGS__}
#define INT(n, id, lo, hi, ord, vi, en, ...) \
    {.number = n, .name = id, .type = EID_VALUE_INTEGER, .min = lo, .max = hi, \
     .display_order = ord, .label_vi = vi, .label_en = en, __VA_ARGS__}
#define ENUM(n, id, lo, hi, vals, ord, vi, en, ...) \
    {.number = n, .name = id, .type = EID_VALUE_ENUM, .min = lo, .max = hi, \
     .values = vals, .n_values = COUNT(vals), \
     .display_order = ord, .label_vi = vi, .label_en = en, __VA_ARGS__}

/* Claims 0-2 are the same in every doc type. */
#define PERSONAL_ID TEXT(0, "personal_id", 12, RULE_DIGITS, 1, "Số định danh cá nhân", "Personal ID number", REQ, L1, FACE)
#define FULL_NAME TEXT(1, "full_name", 96, RULE_NONE, 2, "Họ và tên", "Full name", REQ, L1, FACE)
#define BIRTH_DATE DATE(2, "birth_date", DAY_BIRTH_MIN, 3, "Ngày sinh", "Date of birth", REQ, FACE)

static const claim_schema identity_claims[] = {
    PERSONAL_ID,
    FULL_NAME,
    BIRTH_DATE,
    BOOL(3, "age_over_18", 11, "Trên 18 tuổi", "Over 18", REQ),
    BOOL(4, "age_over_14", 9, "Trên 14 tuổi", "Over 14", REQ),
    BOOL(5, "age_over_16", 10, "Trên 16 tuổi", "Over 16", REQ),
    BOOL(6, "age_over_21", 12, "Trên 21 tuổi", "Over 21", REQ),
    ENUM(7, "sex", 1, 2, sex_values, 4, "Giới tính", "Sex", REQ, FACE),
    TEXT(8, "nationality", 64, RULE_NONE, 5, "Quốc tịch", "Nationality", REQ, FACE),
    TEXT(9, "place_of_origin", 192, RULE_NONE, 6, "Quê quán", "Place of origin", FACE),
    TEXT(10, "place_of_residence", 192, RULE_NONE, 7, "Nơi thường trú", "Place of residence", FACE, SENSITIVE),
    TEXT(11, "phone", 10, RULE_PHONE, 8, "Số điện thoại", "Phone number", L1, SENSITIVE),
    {.number = 12, .name = "portrait", .type = EID_VALUE_BYTES, .rule = RULE_JPEG, .max_bytes = 3072,
     .display_order = 0, .label_vi = "Ảnh chân dung", .label_en = "Portrait", FACE},
};

static const claim_schema licence_claims[] = {
    PERSONAL_ID,
    FULL_NAME,
    BIRTH_DATE,
    {.number = 3, .name = "driving_privileges", .type = EID_VALUE_LIST, .rule = RULE_PRIVILEGES,
     .max_bytes = 15, .min = DAY_DOC_MIN, .max = DAY_MAX, .display_order = 7,
     .label_vi = "Hạng giấy phép", .label_en = "Licence classes", REQ, FACE},
    TEXT(4, "document_number", 12, RULE_DIGITS, 4, "Số giấy phép lái xe", "Licence number", REQ, FACE),
    DATE(5, "issue_date", DAY_DOC_MIN, 5, "Ngày cấp", "Date of issue", REQ, FACE),
    TEXT(6, "issuing_authority", 128, RULE_NONE, 6, "Nơi cấp", "Issuing authority", REQ),
    INT(7, "points", 0, 12, 8, "Điểm giấy phép", "Licence points", OPT),
};

static const claim_schema health_claims[] = {
    PERSONAL_ID,
    FULL_NAME,
    BIRTH_DATE,
    TEXT(3, "insurance_number", 15, RULE_INSURANCE_NUMBER, 4, "Mã số BHYT", "Health insurance number", REQ, FACE),
    INT(4, "benefit_level", 1, 5, 5, "Mức hưởng", "Benefit level", REQ, FACE),
    TEXT(5, "registered_facility", 128, RULE_NONE, 8, "Nơi đăng ký KCB ban đầu", "Registered facility", REQ, FACE),
    DATE(6, "valid_from", DAY_DOC_MIN, 6, "Giá trị sử dụng từ", "Valid from", REQ, FACE),
    DATE(7, "valid_until", DAY_DOC_MIN, 7, "Giá trị sử dụng đến", "Valid until", REQ, FACE),
    TEXT(8, "social_insurance_number", 10, RULE_DIGITS, 9, "Mã số BHXH", "Social insurance number", OPT),
    DATE(9, "continuous_5y_since", DAY_DOC_MIN, 10, "Thời điểm đủ 5 năm liên tục", "Five continuous years since", OPT),
};

static const claim_schema criminal_claims[] = {
    PERSONAL_ID,
    FULL_NAME,
    BIRTH_DATE,
    ENUM(3, "record_status", 0, 1, record_status_values, 6, "Tình trạng án tích", "Criminal record", REQ, FACE, SENSITIVE),
    TEXT(4, "certificate_number", 32, RULE_NONE, 4, "Số phiếu", "Certificate number", REQ, FACE),
    {.number = 5, .name = "certificate_type", .type = EID_VALUE_INTEGER, .min = 1, .max = 2,
     .values = certificate_type_values, .n_values = COUNT(certificate_type_values), .display_order = 5,
     .label_vi = "Loại phiếu", .label_en = "Certificate type", REQ, FACE},
    {.number = 6, .name = "convictions", .type = EID_VALUE_LIST, .rule = RULE_CONVICTIONS, .max_bytes = 15,
     .min = DAY_DOC_MIN, .max = DAY_MAX, .display_order = 7, .label_vi = "Án tích", .label_en = "Convictions",
     SENSITIVE},
    TEXT(7, "management_ban", 256, RULE_NONE, 8, "Cấm đảm nhiệm chức vụ", "Ban from management positions", SENSITIVE),
    TEXT(8, "purpose", 128, RULE_NONE, 9, "Mục đích sử dụng", "Purpose", OPT),
    TEXT(9, "issuing_authority", 128, RULE_NONE, 10, "Cơ quan cấp", "Issuing authority", REQ),
    DATE(10, "issue_date", DAY_DOC_MIN, 11, "Ngày cấp", "Date of issue", REQ, FACE),
};
/* clang-format on */

static const doc_schema schemas[] = {
    {EID_DOC_IDENTITY, "identity", "eid.identity.v1", 16, identity_claims, COUNT(identity_claims), "CĂN CƯỚC",
     "IDENTITY CARD", "Bộ Công an", "Ministry of Public Security", 0x1F4E9A},
    {EID_DOC_DRIVING_LICENCE, "driving_licence", "eid.driving_licence.v1", 16, licence_claims,
     COUNT(licence_claims), "GIẤY PHÉP LÁI XE", "DRIVING LICENCE", "Cơ quan quản lý giao thông",
     "Transport authority", 0xB5651D},
    {EID_DOC_HEALTH_INSURANCE, "health_insurance", "eid.health_insurance.v1", 16, health_claims,
     COUNT(health_claims), "THẺ BẢO HIỂM Y TẾ", "HEALTH INSURANCE CARD", "Bảo hiểm xã hội Việt Nam",
     "Vietnam Social Security", 0x1B7F4B},
    {EID_DOC_CRIMINAL_RECORD, "criminal_record", "eid.criminal_record.v1", 16, criminal_claims,
     COUNT(criminal_claims), "PHIẾU LÝ LỊCH TƯ PHÁP", "CRIMINAL RECORD CERTIFICATE", "Bộ Tư pháp",
     "Ministry of Justice", 0x7A1F2B},
};

const char *schema_licence_class_name(uint32_t code)
{
    return code >= 1 && code <= LICENCE_CLASS_COUNT ? licence_classes[code - 1].name : NULL;
}

const char *schema_licence_class_description(uint32_t code, eid_language lang)
{
    if (code < 1 || code > LICENCE_CLASS_COUNT)
        return NULL;
    return lang == EID_LANGUAGE_EN ? licence_classes[code - 1].en : licence_classes[code - 1].vi;
}

const doc_schema *schema_get(uint32_t doc_type)
{
    for (size_t i = 0; i < COUNT(schemas); i++)
        if (schemas[i].doc_type == doc_type)
            return &schemas[i];
    return NULL;
}

const claim_schema *schema_claim(const doc_schema *schema, uint32_t number)
{
    if (schema == NULL)
        return NULL;
    for (size_t i = 0; i < schema->n_claims; i++)
        if (schema->claims[i].number == number)
            return &schema->claims[i];
    return NULL;
}

const value_label *schema_value_label(const claim_schema *cs, int64_t value)
{
    if (cs == NULL)
        return NULL;
    for (size_t i = 0; i < cs->n_values; i++)
        if (cs->values[i].value == value)
            return &cs->values[i];
    return NULL;
}

/* ---- one claim ---- */

static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static int is_upper(uint8_t c) { return c >= 'A' && c <= 'Z'; }

static int all_digits(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

static int all_alnum(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]) && !is_upper(s[i]) && !(s[i] >= 'a' && s[i] <= 'z'))
            return 0;
    return 1;
}

/* The card code "XX L PP NNNNNNNNNN" (object code, benefit level, province,
 * social insurance number) or, on cards since 2021, the 10-digit number alone. */
static int insurance_number_ok(const uint8_t *s, size_t n)
{
    if (n == 10)
        return all_digits(s, n);
    return n == 15 && is_upper(s[0]) && is_upper(s[1]) && s[2] >= '1' && s[2] <= '5' && all_digits(s + 3, 12);
}

static int date_in(const claim_schema *cs, int64_t d) { return d >= cs->min && d <= cs->max; }

/* text_check(), or only its length bound for text that has already passed
 * text_check() (with any bound): the same answer either way. */
static eid_status rule_check(const uint8_t *s, size_t len, size_t max, int text_checked)
{
    if (!text_checked)
        return text_check(s, len, max);
    return len > max ? EID_ERR_TOO_LARGE : EID_OK;
}

static eid_claim_problem check_list(const claim_schema *cs, const eid_claim *c, int text_checked)
{
    if (c->n_entries > cs->max_bytes)
        return EID_CLAIM_PROBLEM_TOO_LONG;
    if (c->n_entries > 0 && c->entries == NULL)
        return EID_CLAIM_PROBLEM_EMPTY;
    uint32_t seen = 0;
    for (size_t i = 0; i < c->n_entries; i++) {
        const eid_list_entry *e = &c->entries[i];
        if (cs->rule == RULE_PRIVILEGES) {
            if (e->text_len != 0)
                return EID_CLAIM_PROBLEM_LIST_ENTRY;
            if (schema_licence_class_name(e->code) == NULL)
                return EID_CLAIM_PROBLEM_LICENCE_CLASS;
            if (seen & (1u << e->code))
                return EID_CLAIM_PROBLEM_DUPLICATE_CLASS;
            seen |= 1u << e->code;
            if (!date_in(cs, e->first_day) || (e->last_day != EID_DAY_NO_EXPIRY && !date_in(cs, e->last_day)))
                return EID_CLAIM_PROBLEM_DATE_RANGE;
            if (e->first_day > e->last_day)
                return EID_CLAIM_PROBLEM_DATE_ORDER;
        } else { /* convictions: text, judgement day, day the sentence ended */
            if (e->code != 0)
                return EID_CLAIM_PROBLEM_LIST_ENTRY;
            if (e->text_len == 0 || e->text == NULL)
                return EID_CLAIM_PROBLEM_EMPTY;
            eid_status st = rule_check(e->text, e->text_len, 256, text_checked);
            if (st != EID_OK)
                return st == EID_ERR_TOO_LARGE ? EID_CLAIM_PROBLEM_TOO_LONG : EID_CLAIM_PROBLEM_TEXT;
            if (!date_in(cs, e->first_day) || !date_in(cs, e->last_day))
                return EID_CLAIM_PROBLEM_DATE_RANGE;
            if (e->first_day > e->last_day)
                return EID_CLAIM_PROBLEM_DATE_ORDER;
        }
    }
    return EID_CLAIM_PROBLEM_NONE;
}

static eid_claim_problem check_text(const claim_schema *cs, const eid_claim *c, int text_checked)
{
    if (c->bytes_len == 0 || c->bytes == NULL)
        return EID_CLAIM_PROBLEM_EMPTY;
    eid_status st = rule_check(c->bytes, c->bytes_len, cs->max_bytes, text_checked);
    if (st == EID_ERR_TOO_LARGE && cs->rule != RULE_DIGITS)
        return EID_CLAIM_PROBLEM_TOO_LONG;
    if (st != EID_OK && st != EID_ERR_TOO_LARGE)
        return EID_CLAIM_PROBLEM_TEXT;
    switch (cs->rule) {
    case RULE_DIGITS:
        return c->bytes_len == cs->max_bytes && all_digits(c->bytes, c->bytes_len) ? EID_CLAIM_PROBLEM_NONE
                                                                                     : EID_CLAIM_PROBLEM_DIGITS;
    case RULE_ALNUM:
        return all_alnum(c->bytes, c->bytes_len) ? EID_CLAIM_PROBLEM_NONE : EID_CLAIM_PROBLEM_FORMAT;
    case RULE_INSURANCE_NUMBER:
        return insurance_number_ok(c->bytes, c->bytes_len) ? EID_CLAIM_PROBLEM_NONE : EID_CLAIM_PROBLEM_FORMAT;
    case RULE_PHONE:
        return c->bytes_len == 10 && c->bytes[0] == '0' && all_digits(c->bytes, 10) ? EID_CLAIM_PROBLEM_NONE
                                                                                       : EID_CLAIM_PROBLEM_FORMAT;
    default:
        return EID_CLAIM_PROBLEM_NONE;
    }
}

static eid_claim_problem check_claim(const claim_schema *cs, const eid_claim *c, int text_checked)
{
    if (c->type != cs->type)
        return EID_CLAIM_PROBLEM_TYPE;
    if (c->number != cs->number)
        return EID_CLAIM_PROBLEM_UNKNOWN_CLAIM;
    switch (cs->type) {
    case EID_VALUE_TEXT:
        return check_text(cs, c, text_checked);
    case EID_VALUE_BYTES:
        if (c->bytes_len == 0 || c->bytes == NULL)
            return EID_CLAIM_PROBLEM_EMPTY;
        if (c->bytes_len > cs->max_bytes)
            return EID_CLAIM_PROBLEM_TOO_LONG;
        if (cs->rule == RULE_JPEG &&
            (c->bytes_len < 4 || c->bytes[0] != 0xFF || c->bytes[1] != 0xD8 || c->bytes[2] != 0xFF ||
             c->bytes[c->bytes_len - 2] != 0xFF || c->bytes[c->bytes_len - 1] != 0xD9))
            return EID_CLAIM_PROBLEM_NOT_JPEG;
        return EID_CLAIM_PROBLEM_NONE;
    case EID_VALUE_DATE:
        return date_in(cs, c->number_value) ? EID_CLAIM_PROBLEM_NONE : EID_CLAIM_PROBLEM_DATE_RANGE;
    case EID_VALUE_INTEGER:
    case EID_VALUE_BOOLEAN:
    case EID_VALUE_ENUM:
        if (c->number_value < cs->min || c->number_value > cs->max)
            return EID_CLAIM_PROBLEM_RANGE;
        if (cs->type == EID_VALUE_ENUM && schema_value_label(cs, c->number_value) == NULL)
            return EID_CLAIM_PROBLEM_RANGE;
        return EID_CLAIM_PROBLEM_NONE;
    case EID_VALUE_LIST:
        return check_list(cs, c, text_checked);
    }
    return EID_CLAIM_PROBLEM_TYPE;
}

eid_claim_problem schema_check(const claim_schema *cs, const eid_claim *c) { return check_claim(cs, c, 0); }

eid_status schema_validate(const claim_schema *cs, const eid_claim *c)
{
    if (cs == NULL || c == NULL)
        return EID_ERR_INVALID_ARG;
    return check_claim(cs, c, 0) == EID_CLAIM_PROBLEM_NONE ? EID_OK : EID_ERR_INVALID_CLAIM;
}

eid_status schema_validate_text_checked(const claim_schema *cs, const eid_claim *c)
{
    if (cs == NULL || c == NULL)
        return EID_ERR_INVALID_ARG;
    return check_claim(cs, c, 1) == EID_CLAIM_PROBLEM_NONE ? EID_OK : EID_ERR_INVALID_CLAIM;
}

/* ---- a whole document ---- */

static const eid_claim *find(const eid_claim *claims, size_t n, uint32_t number)
{
    for (size_t i = 0; i < n; i++)
        if (claims[i].number == number)
            return &claims[i];
    return NULL;
}

static const eid_claim *find_named(const doc_schema *s, const eid_claim *claims, size_t n, const char *name)
{
    for (size_t i = 0; i < s->n_claims; i++)
        if (strcmp(s->claims[i].name, name) == 0)
            return find(claims, n, s->claims[i].number);
    return NULL;
}

#define FAIL(problem, number)      \
    do {                           \
        *claim_number = (number);  \
        return (problem);          \
    } while (0)

/* Cross-claim rules. Every claim present has already passed its own check. */
static eid_claim_problem check_cross(const doc_schema *s, const eid_claim *claims, size_t n,
                                     uint32_t *claim_number)
{
    const eid_claim *birth = find_named(s, claims, n, "birth_date");
    int64_t born = birth ? birth->number_value : INT64_MIN;

    /* Nothing the document records happens before the holder is born. */
    for (size_t i = 0; i < n; i++) {
        const eid_claim *c = &claims[i];
        if (c == birth)
            continue;
        if (c->type == EID_VALUE_DATE && c->number_value < born)
            FAIL(EID_CLAIM_PROBLEM_BEFORE_BIRTH, c->number);
        if (c->type == EID_VALUE_LIST)
            for (size_t k = 0; k < c->n_entries; k++)
                if (c->entries[k].first_day < born)
                    FAIL(EID_CLAIM_PROBLEM_BEFORE_BIRTH, c->number);
    }

    switch (s->doc_type) {
    case EID_DOC_IDENTITY: {
        /* Over 21 implies over 18, over 16 and over 14 (claims 6, 3, 5, 4). */
        static const uint32_t ladder[] = {4, 5, 3, 6};
        int64_t prev = 1;
        for (size_t i = 0; i < COUNT(ladder); i++) {
            const eid_claim *c = find(claims, n, ladder[i]);
            if (c == NULL)
                continue;
            if (c->number_value > prev)
                FAIL(EID_CLAIM_PROBLEM_AGE_FLAGS, c->number);
            prev = c->number_value;
        }
        break;
    }
    case EID_DOC_HEALTH_INSURANCE: {
        const eid_claim *from = find(claims, n, 6), *until = find(claims, n, 7);
        if (from && until && from->number_value > until->number_value)
            FAIL(EID_CLAIM_PROBLEM_PERIOD, 7);
        const eid_claim *num = find(claims, n, 3), *level = find(claims, n, 4), *social = find(claims, n, 8);
        if (num && num->bytes_len == 15 && level && num->bytes[2] - '0' != level->number_value)
            FAIL(EID_CLAIM_PROBLEM_BENEFIT_MISMATCH, 4);
        if (num && social && memcmp(num->bytes + num->bytes_len - 10, social->bytes, 10) != 0)
            FAIL(EID_CLAIM_PROBLEM_NUMBER_MISMATCH, 8);
        break;
    }
    case EID_DOC_CRIMINAL_RECORD: {
        const eid_claim *status = find(claims, n, 3), *list = find(claims, n, 6);
        size_t entries = list ? list->n_entries : 0;
        if (status && status->number_value == 1 && entries == 0)
            FAIL(EID_CLAIM_PROBLEM_CONVICTIONS_MISSING, 6);
        if (status && status->number_value == 0 && entries > 0)
            FAIL(EID_CLAIM_PROBLEM_CONVICTIONS_UNEXPECTED, 6);
        break;
    }
    default:
        break;
    }
    return EID_CLAIM_PROBLEM_NONE;
}

eid_claim_problem schema_check_document(const doc_schema *s, uint32_t assurance, const eid_claim *claims,
                                        size_t n, uint32_t *claim_number)
{
    uint32_t ignored;
    if (claim_number == NULL)
        claim_number = &ignored;
    *claim_number = 0;
    uint64_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        const eid_claim *c = &claims[i];
        const claim_schema *cs = schema_claim(s, c->number);
        if (cs == NULL)
            FAIL(EID_CLAIM_PROBLEM_UNKNOWN_CLAIM, c->number);
        if (seen & (UINT64_C(1) << c->number))
            FAIL(EID_CLAIM_PROBLEM_DUPLICATE_CLAIM, c->number);
        seen |= UINT64_C(1) << c->number;
        eid_claim_problem p = schema_check(cs, c);
        if (p != EID_CLAIM_PROBLEM_NONE)
            FAIL(p, c->number);
    }
    for (size_t i = 0; i < s->n_claims; i++)
        if ((assurance == 1 ? s->claims[i].required_l1 : s->claims[i].required) &&
            !(seen & (UINT64_C(1) << s->claims[i].number)))
            FAIL(EID_CLAIM_PROBLEM_MISSING_CLAIM, s->claims[i].number);
    return check_cross(s, claims, n, claim_number);
}

/* ---- public lookups (eid/claims.h) ---- */

const char *eid_doc_type_name(uint32_t doc_type)
{
    const doc_schema *s = schema_get(doc_type);
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
    const claim_schema *cs = schema_claim(schema_get(doc_type), number);
    return cs ? cs->name : NULL;
}

eid_status eid_claim_number(uint32_t doc_type, const char *name, uint32_t *number)
{
    const doc_schema *s = schema_get(doc_type);
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
    const claim_schema *cs = schema_claim(schema_get(doc_type), claim->number);
    if (cs == NULL)
        return EID_ERR_NOT_FOUND;
    return schema_validate(cs, claim);
}

eid_status schema_validate_document(uint32_t doc_type, uint32_t assurance, const eid_claim *claims, size_t n_claims,
                                    uint32_t *claim_number, eid_claim_problem *problem)
{
    if (claim_number)
        *claim_number = 0;
    if (problem)
        *problem = EID_CLAIM_PROBLEM_NONE;
    if ((claims == NULL && n_claims > 0) || assurance < 1 || assurance > 2)
        return EID_ERR_INVALID_ARG;
    const doc_schema *s = schema_get(doc_type);
    if (s == NULL)
        return EID_ERR_NOT_FOUND;
    if (assurance == 1 && doc_type != EID_DOC_IDENTITY)
        return EID_ERR_WRONG_LEVEL; /* only a level-2 wallet holds documents */
    eid_claim_problem p = schema_check_document(s, assurance, claims, n_claims, claim_number);
    if (problem)
        *problem = p;
    return p == EID_CLAIM_PROBLEM_NONE ? EID_OK : EID_ERR_INVALID_CLAIM;
}
