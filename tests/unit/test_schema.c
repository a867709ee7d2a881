/* SPDX-License-Identifier: Apache-2.0 */
/* Doc-type schemas: fixed claim numbers, complete labels in Vietnamese and
 * English, and accept/reject tables for every doc type (each rejection for a
 * different reason, named by the problem it must report). */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "test_cards_fixtures.h"
#include "claims/schema.h"
#include "common/text.h"

static const uint32_t doc_types[] = {EID_DOC_IDENTITY, EID_DOC_DRIVING_LICENCE, EID_DOC_HEALTH_INSURANCE,
                                     EID_DOC_CRIMINAL_RECORD};
#define N_DOCS (sizeof doc_types / sizeof doc_types[0])

/* DESIGN.md's table: the number is the Merkle leaf position and never changes. */
static void claim_numbers_are_the_fixed_ones(void **state)
{
    (void)state;
    static const char *const identity[] = {"personal_id", "full_name", "birth_date", "age_over_18",
                                           "age_over_14", "age_over_16", "age_over_21", "sex", "nationality",
                                           "place_of_origin", "place_of_residence", "phone", "portrait", NULL};
    static const char *const licence[] = {"personal_id", "full_name", "birth_date", "driving_privileges",
                                          "document_number", "issue_date", "issuing_authority", "points", NULL};
    static const char *const health[] = {"personal_id", "full_name", "birth_date", "insurance_number",
                                         "benefit_level", "registered_facility", "valid_from", "valid_until",
                                         "social_insurance_number", "continuous_5y_since", NULL};
    static const char *const criminal[] = {"personal_id", "full_name", "birth_date", "record_status",
                                           "certificate_number", "certificate_type", "convictions",
                                           "management_ban", "purpose", "issuing_authority", "issue_date", NULL};
    const char *const *tables[N_DOCS] = {identity, licence, health, criminal};
    for (size_t d = 0; d < N_DOCS; d++) {
        const doc_schema *s = schema_get(doc_types[d]);
        assert_non_null(s);
        assert_int_equal(s->leaf_count, 16);
        size_t n = 0;
        for (; tables[d][n]; n++) {
            assert_string_equal(eid_claim_name(doc_types[d], (uint32_t)n), tables[d][n]);
            uint32_t back = 99;
            assert_status(EID_OK, eid_claim_number(doc_types[d], tables[d][n], &back));
            assert_int_equal(back, n);
        }
        assert_int_equal(s->n_claims, n);
        assert_null(eid_claim_name(doc_types[d], (uint32_t)n));
        for (size_t i = 0; i < s->n_claims; i++)
            assert_true(s->claims[i].number < s->leaf_count);
    }
    assert_null(schema_get(0));
    assert_null(schema_get(5));
}

static void text_label_ok(const char *label)
{
    assert_non_null(label);
    assert_true(strlen(label) > 0);
    assert_status(EID_OK, text_check((const uint8_t *)label, strlen(label), 128));
}

/* Every claim, enum value, licence class and doc type is named in both languages. */
static void labels_complete_in_both_languages(void **state)
{
    (void)state;
    for (size_t d = 0; d < N_DOCS; d++) {
        const doc_schema *s = schema_get(doc_types[d]);
        text_label_ok(s->title_vi);
        text_label_ok(s->title_en);
        text_label_ok(s->issuer_vi);
        text_label_ok(s->issuer_en);
        assert_string_equal(eid_doc_type_title(doc_types[d], EID_LANGUAGE_VI), s->title_vi);
        assert_string_equal(eid_doc_type_title(doc_types[d], EID_LANGUAGE_EN), s->title_en);
        for (size_t i = 0; i < s->n_claims; i++) {
            const claim_schema *cs = &s->claims[i];
            text_label_ok(cs->label_vi);
            text_label_ok(cs->label_en);
            assert_string_equal(eid_claim_label(doc_types[d], cs->number, EID_LANGUAGE_VI), cs->label_vi);
            assert_string_equal(eid_claim_label(doc_types[d], cs->number, EID_LANGUAGE_EN), cs->label_en);
            /* every value an ENUM (or a labelled INTEGER) can take has both labels */
            if (cs->type == EID_VALUE_ENUM || cs->values != NULL) {
                for (int64_t v = cs->min; v <= cs->max; v++) {
                    const value_label *vl = schema_value_label(cs, v);
                    assert_non_null(vl);
                    text_label_ok(vl->label_vi);
                    text_label_ok(vl->label_en);
                }
            }
            /* rows sort by display order: no two claims share one, the portrait has no row */
            if (cs->type != EID_VALUE_BYTES) {
                assert_true(cs->display_order > 0);
                for (size_t k = 0; k < i; k++)
                    assert_int_not_equal(cs->display_order, s->claims[k].display_order);
            }
        }
        assert_null(eid_claim_label(doc_types[d], 31, EID_LANGUAGE_VI));
        assert_null(eid_claim_label(doc_types[d], 0, (eid_language)7));
    }
    for (uint32_t c = 1; c <= LICENCE_CLASS_COUNT; c++) {
        text_label_ok(schema_licence_class_name(c));
        text_label_ok(schema_licence_class_description(c, EID_LANGUAGE_VI));
        text_label_ok(schema_licence_class_description(c, EID_LANGUAGE_EN));
    }
    assert_null(schema_licence_class_name(0));
    assert_null(schema_licence_class_name(LICENCE_CLASS_COUNT + 1));
    for (int p = 0; p < EID_CLAIM_PROBLEM_COUNT; p++)
        assert_string_not_equal(eid_claim_problem_str((eid_claim_problem)p), "unknown problem");
    assert_string_equal(eid_claim_problem_str((eid_claim_problem)EID_CLAIM_PROBLEM_COUNT), "unknown problem");
}

static void sensitive_claims_are_the_private_ones(void **state)
{
    (void)state;
    assert_true(eid_claim_is_sensitive(EID_DOC_IDENTITY, 10));       /* place_of_residence */
    assert_true(eid_claim_is_sensitive(EID_DOC_IDENTITY, 11));       /* phone */
    assert_true(eid_claim_is_sensitive(EID_DOC_CRIMINAL_RECORD, 3)); /* record_status */
    assert_true(eid_claim_is_sensitive(EID_DOC_CRIMINAL_RECORD, 6)); /* convictions */
    assert_true(eid_claim_is_sensitive(EID_DOC_CRIMINAL_RECORD, 7)); /* management_ban */
    assert_false(eid_claim_is_sensitive(EID_DOC_IDENTITY, 1));
    assert_false(eid_claim_is_sensitive(EID_DOC_IDENTITY, 12));      /* the portrait is how an officer matches a face */
    assert_false(eid_claim_is_sensitive(EID_DOC_IDENTITY, 40));
}

/* ---- accept/reject tables ---- */

typedef enum { M_TEXT, M_NUM, M_TYPE, M_DROP, M_DUP, M_ADD, M_BYTES, M_ENTRIES, M_NULL_ENTRIES } mkind;

typedef struct mutation {
    const char *what;
    mkind kind;
    uint32_t number;
    const char *text;              /* M_TEXT, M_BYTES (with len) */
    size_t len;
    int64_t num;                   /* M_NUM, M_TYPE (the wrong type), M_ENTRIES (entry count) */
    eid_claim_problem expect;
    uint32_t expect_claim;         /* UINT32_MAX: the claim changed */
    void (*entries)(fx_doc *f);    /* M_ENTRIES: fills f->entries */
} mutation;

#define SAME UINT32_MAX

static void apply(fx_doc *f, const mutation *m)
{
    eid_claim *c;
    switch (m->kind) {
    case M_TEXT: fx_text(f, m->number, m->text); break;
    case M_NUM:
        c = fx_find(f, m->number);
        assert_non_null(c);
        c->number_value = m->num;
        break;
    case M_TYPE:
        c = fx_find(f, m->number);
        assert_non_null(c);
        c->type = (eid_value_type)m->num;
        break;
    case M_DROP: fx_drop(f, m->number); break;
    case M_DUP:
        c = fx_find(f, m->number);
        assert_non_null(c);
        f->claims[f->n++] = *c;
        break;
    case M_ADD: fx_text(f, m->number, "x"); break;
    case M_BYTES:
        c = fx_slot(f, m->number, EID_VALUE_BYTES);
        c->bytes = (const uint8_t *)m->text;
        c->bytes_len = m->len;
        break;
    case M_ENTRIES:
        m->entries(f);
        fx_list(f, m->number, (size_t)m->num);
        break;
    case M_NULL_ENTRIES:
        c = fx_find(f, m->number);
        c->entries = NULL;
        c->n_entries = 1;
        break;
    }
}

/* Whether every text of c (a text value, each list entry's text) obeys the text rule. */
static int texts_obey_the_rule(const eid_claim *c)
{
    if (c->type == EID_VALUE_TEXT)
        return text_check(c->bytes, c->bytes_len, 4096) == EID_OK;
    for (size_t i = 0; c->type == EID_VALUE_LIST && i < c->n_entries; i++)
        if (c->entries == NULL || text_check(c->entries[i].text, c->entries[i].text_len, 4096) != EID_OK)
            return 0;
    return 1;
}

/* The verifier runs the text rule on a disclosed claim first and then
 * schema_validate_text_checked(): for such a claim it must answer as
 * schema_validate() does, every length bound and format rule included. */
static void text_checked_agrees(uint32_t doc_type, const fx_doc *f)
{
    const doc_schema *schema = schema_get(doc_type);
    for (size_t k = 0; k < f->n; k++) {
        const claim_schema *cs = schema_claim(schema, f->claims[k].number);
        if (cs != NULL && texts_obey_the_rule(&f->claims[k]))
            assert_status(schema_validate(cs, &f->claims[k]), schema_validate_text_checked(cs, &f->claims[k]));
    }
}

static void run_table(uint32_t doc_type, const mutation *table, size_t n)
{
    fx_doc f;
    fx_make(&f, doc_type);
    uint32_t at = 99;
    eid_claim_problem why = EID_CLAIM_PROBLEM_COUNT;
    assert_status(EID_OK, eid_claim_set_validate(doc_type, 2, f.claims, f.n, &at, &why));
    assert_int_equal(why, EID_CLAIM_PROBLEM_NONE);

    assert_true(n >= 10);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < i; k++) /* each rejection for a different reason */
            assert_int_not_equal(table[i].expect, table[k].expect);
        fx_make(&f, doc_type);
        apply(&f, &table[i]);
        at = 99;
        why = EID_CLAIM_PROBLEM_NONE;
        eid_status st = eid_claim_set_validate(doc_type, 2, f.claims, f.n, &at, &why);
        if (st != EID_ERR_INVALID_CLAIM || why != table[i].expect)
            fail_msg("%s: got %s / %s, want %s", table[i].what, eid_status_name(st), eid_claim_problem_str(why),
                     eid_claim_problem_str(table[i].expect));
        assert_int_equal(at, table[i].expect_claim == SAME ? table[i].number : table[i].expect_claim);
        text_checked_agrees(doc_type, &f);
        /* the single-claim check agrees for problems of one claim */
        const eid_claim *c = fx_find(&f, at);
        if (c != NULL && why <= EID_CLAIM_PROBLEM_LIST_ENTRY && table[i].kind != M_DUP)
            assert_status(EID_ERR_INVALID_CLAIM, eid_claim_validate(doc_type, c));
    }
}

static void sixteen_classes(fx_doc *f)
{
    for (uint32_t i = 0; i < 16; i++)
        f->entries[i] = (eid_list_entry){.code = i % 15 + 1, .first_day = 15000, .last_day = 16000};
}
static void class_16(fx_doc *f) { f->entries[1].code = 16; }
static void class_twice(fx_doc *f) { f->entries[1].code = 1; }
static void class_reversed(fx_doc *f) { f->entries[1].last_day = f->entries[1].first_day - 1; }
static void class_far_future(fx_doc *f) { f->entries[1].last_day = fx_day(2101, 1, 1); }
static void class_with_text(fx_doc *f)
{
    f->entries[1].text = (const uint8_t *)"B";
    f->entries[1].text_len = 1;
}
static void class_before_birth(fx_doc *f) { f->entries[0].first_day = fx_day(1984, 1, 1); }

static void identity_table(void **state)
{
    (void)state;
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    char long_name[98];
    memset(long_name, 'A', 97);
    long_name[97] = 0;
    const mutation table[] = {
        {"personal_id of 11 digits", M_TEXT, 0, "00109001234", 0, 0, EID_CLAIM_PROBLEM_DIGITS, SAME, NULL},
        {"name in NFD", M_TEXT, 1, "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", 0, 0, EID_CLAIM_PROBLEM_TEXT, SAME, NULL},
        {"name of 97 bytes", M_TEXT, 1, long_name, 0, 0, EID_CLAIM_PROBLEM_TOO_LONG, SAME, NULL},
        {"empty nationality", M_TEXT, 8, "", 0, 0, EID_CLAIM_PROBLEM_EMPTY, SAME, NULL},
        {"born in 1899", M_NUM, 2, NULL, 0, -25568, EID_CLAIM_PROBLEM_DATE_RANGE, SAME, NULL},
        {"sex 3", M_NUM, 7, NULL, 0, 3, EID_CLAIM_PROBLEM_RANGE, SAME, NULL},
        {"phone not starting with 0", M_TEXT, 11, "1912345678", 0, 0, EID_CLAIM_PROBLEM_FORMAT, SAME, NULL},
        {"portrait is a PNG", M_BYTES, 12, png, sizeof png - 1, 0, EID_CLAIM_PROBLEM_NOT_JPEG, SAME, NULL},
        {"nationality missing", M_DROP, 8, NULL, 0, 0, EID_CLAIM_PROBLEM_MISSING_CLAIM, SAME, NULL},
        {"birth date twice", M_DUP, 2, NULL, 0, 0, EID_CLAIM_PROBLEM_DUPLICATE_CLAIM, SAME, NULL},
        {"claim 13", M_ADD, 13, NULL, 0, 0, EID_CLAIM_PROBLEM_UNKNOWN_CLAIM, SAME, NULL},
        {"over 18 but not over 16", M_NUM, 5, NULL, 0, 0, EID_CLAIM_PROBLEM_AGE_FLAGS, 3, NULL},
        {"sex given as text", M_TYPE, 7, NULL, 0, EID_VALUE_TEXT, EID_CLAIM_PROBLEM_TYPE, SAME, NULL},
    };
    run_table(EID_DOC_IDENTITY, table, sizeof table / sizeof table[0]);
}

static void licence_table(void **state)
{
    (void)state;
    const mutation table[] = {
        {"class 16", M_ENTRIES, 3, NULL, 0, 2, EID_CLAIM_PROBLEM_LICENCE_CLASS, SAME, class_16},
        {"class A1 twice", M_ENTRIES, 3, NULL, 0, 2, EID_CLAIM_PROBLEM_DUPLICATE_CLASS, SAME, class_twice},
        {"class B expires before issue", M_ENTRIES, 3, NULL, 0, 2, EID_CLAIM_PROBLEM_DATE_ORDER, SAME, class_reversed},
        {"class B expires in 2101", M_ENTRIES, 3, NULL, 0, 2, EID_CLAIM_PROBLEM_DATE_RANGE, SAME, class_far_future},
        {"class entry with text", M_ENTRIES, 3, NULL, 0, 2, EID_CLAIM_PROBLEM_LIST_ENTRY, SAME, class_with_text},
        {"16 classes", M_ENTRIES, 3, NULL, 0, 16, EID_CLAIM_PROBLEM_TOO_LONG, SAME, sixteen_classes},
        {"class issued before birth", M_ENTRIES, 3, NULL, 0, 2, EID_CLAIM_PROBLEM_BEFORE_BIRTH, SAME, class_before_birth},
        {"licence number with a letter", M_TEXT, 4, "79012345678A", 0, 0, EID_CLAIM_PROBLEM_DIGITS, SAME, NULL},
        {"13 points", M_NUM, 7, NULL, 0, 13, EID_CLAIM_PROBLEM_RANGE, SAME, NULL},
        {"no classes", M_DROP, 3, NULL, 0, 0, EID_CLAIM_PROBLEM_MISSING_CLAIM, SAME, NULL},
        {"authority with RLO", M_TEXT, 6, "S\xe2\x80\xae" "GTVT", 0, 0, EID_CLAIM_PROBLEM_TEXT, SAME, NULL},
        {"classes given as text", M_TYPE, 3, NULL, 0, EID_VALUE_TEXT, EID_CLAIM_PROBLEM_TYPE, SAME, NULL},
        {"entries NULL", M_NULL_ENTRIES, 3, NULL, 0, 0, EID_CLAIM_PROBLEM_EMPTY, SAME, NULL},
        {"claim 8", M_ADD, 8, NULL, 0, 0, EID_CLAIM_PROBLEM_UNKNOWN_CLAIM, SAME, NULL},
    };
    run_table(EID_DOC_DRIVING_LICENCE, table, sizeof table / sizeof table[0]);
}

static void health_table(void **state)
{
    (void)state;
    const mutation table[] = {
        {"lower-case object code", M_TEXT, 3, "gd4797931234567", 0, 0, EID_CLAIM_PROBLEM_FORMAT, SAME, NULL},
        {"16-character number", M_TEXT, 3, "GD47979312345678", 0, 0, EID_CLAIM_PROBLEM_TOO_LONG, SAME, NULL},
        {"level 3 against code level 4", M_NUM, 4, NULL, 0, 3, EID_CLAIM_PROBLEM_BENEFIT_MISMATCH, SAME, NULL},
        {"level 6", M_NUM, 4, NULL, 0, 6, EID_CLAIM_PROBLEM_RANGE, SAME, NULL},
        {"valid from after valid until", M_NUM, 6, NULL, 0, 20454 + 365, EID_CLAIM_PROBLEM_PERIOD, 7, NULL},
        {"social insurance number differs", M_TEXT, 8, "7931234568", 0, 0, EID_CLAIM_PROBLEM_NUMBER_MISMATCH, SAME, NULL},
        {"social insurance number of 9 digits", M_TEXT, 8, "793123456", 0, 0, EID_CLAIM_PROBLEM_DIGITS, SAME, NULL},
        {"five years since before birth", M_NUM, 9, NULL, 0, 8000, EID_CLAIM_PROBLEM_BEFORE_BIRTH, SAME, NULL},
        {"valid until 2101", M_NUM, 7, NULL, 0, 47847, EID_CLAIM_PROBLEM_DATE_RANGE, SAME, NULL},
        {"no registered facility", M_DROP, 5, NULL, 0, 0, EID_CLAIM_PROBLEM_MISSING_CLAIM, SAME, NULL},
        {"facility with a bell", M_TEXT, 5, "Bệnh viện\x07", 0, 0, EID_CLAIM_PROBLEM_TEXT, SAME, NULL},
        {"valid_until twice", M_DUP, 7, NULL, 0, 0, EID_CLAIM_PROBLEM_DUPLICATE_CLAIM, SAME, NULL},
        {"claim 10", M_ADD, 10, NULL, 0, 0, EID_CLAIM_PROBLEM_UNKNOWN_CLAIM, SAME, NULL},
        {"level as enum", M_TYPE, 4, NULL, 0, EID_VALUE_ENUM, EID_CLAIM_PROBLEM_TYPE, SAME, NULL},
        {"empty facility", M_TEXT, 5, "", 0, 0, EID_CLAIM_PROBLEM_EMPTY, SAME, NULL},
    };
    run_table(EID_DOC_HEALTH_INSURANCE, table, sizeof table / sizeof table[0]);
}

static void one_conviction(fx_doc *f)
{
    f->entries[0] = (eid_list_entry){.text = (const uint8_t *)"Trộm cắp tài sản", .text_len = strlen("Trộm cắp tài sản"),
                                     .first_day = 16000, .last_day = 16400};
}
static void conviction_with_code(fx_doc *f) { f->entries[0].code = 5; }
static void conviction_empty(fx_doc *f) { f->entries[0].text_len = 0; }
static void conviction_reversed(fx_doc *f) { f->entries[0].last_day = f->entries[0].first_day - 1; }
static void conviction_before_birth(fx_doc *f) { f->entries[0].first_day = fx_day(1977, 1, 1); }
static void conviction_lri(fx_doc *f)
{
    f->entries[0].text = (const uint8_t *)"a\xe2\x81\xa6" "b";
    f->entries[0].text_len = 5;
}

static void criminal_table(void **state)
{
    (void)state;
    char ban[258];
    memset(ban, 'x', 257);
    ban[257] = 0;
    const mutation table[] = {
        {"convictions status without entries", M_ENTRIES, 6, NULL, 0, 0, EID_CLAIM_PROBLEM_CONVICTIONS_MISSING, SAME, one_conviction},
        {"status 2", M_NUM, 3, NULL, 0, 2, EID_CLAIM_PROBLEM_RANGE, SAME, NULL},
        {"conviction with a code", M_ENTRIES, 6, NULL, 0, 1, EID_CLAIM_PROBLEM_LIST_ENTRY, SAME, conviction_with_code},
        {"conviction without text", M_ENTRIES, 6, NULL, 0, 1, EID_CLAIM_PROBLEM_EMPTY, SAME, conviction_empty},
        {"conviction ends before judgement", M_ENTRIES, 6, NULL, 0, 1, EID_CLAIM_PROBLEM_DATE_ORDER, SAME, conviction_reversed},
        {"conviction before birth", M_ENTRIES, 6, NULL, 0, 1, EID_CLAIM_PROBLEM_BEFORE_BIRTH, SAME, conviction_before_birth},
        {"conviction with LRI", M_ENTRIES, 6, NULL, 0, 1, EID_CLAIM_PROBLEM_TEXT, SAME, conviction_lri},
        {"ban of 257 bytes", M_TEXT, 7, ban, 0, 0, EID_CLAIM_PROBLEM_TOO_LONG, SAME, NULL},
        {"issued in 1949", M_NUM, 10, NULL, 0, -7306, EID_CLAIM_PROBLEM_DATE_RANGE, SAME, NULL},
        {"no issuing authority", M_DROP, 9, NULL, 0, 0, EID_CLAIM_PROBLEM_MISSING_CLAIM, SAME, NULL},
        {"issue date twice", M_DUP, 10, NULL, 0, 0, EID_CLAIM_PROBLEM_DUPLICATE_CLAIM, SAME, NULL},
        {"claim 11", M_ADD, 11, NULL, 0, 0, EID_CLAIM_PROBLEM_UNKNOWN_CLAIM, SAME, NULL},
        {"type as boolean", M_TYPE, 5, NULL, 0, EID_VALUE_BOOLEAN, EID_CLAIM_PROBLEM_TYPE, SAME, NULL},
        {"personal_id with a space", M_TEXT, 0, "00109001234 ", 0, 0, EID_CLAIM_PROBLEM_DIGITS, SAME, NULL},
    };
    run_table(EID_DOC_CRIMINAL_RECORD, table, sizeof table / sizeof table[0]);

    /* a clean record listing a conviction */
    fx_doc f;
    fx_criminal(&f);
    one_conviction(&f);
    fx_list(&f, 6, 1);
    eid_claim_problem why;
    uint32_t at;
    assert_status(EID_ERR_INVALID_CLAIM, eid_claim_set_validate(EID_DOC_CRIMINAL_RECORD, 2, f.claims, f.n, &at, &why));
    assert_int_equal(why, EID_CLAIM_PROBLEM_CONVICTIONS_UNEXPECTED);
    assert_int_equal(at, 6);
}

/* Documents that differ from the fixtures but are right. */
static void accepted_variants(void **state)
{
    (void)state;
    fx_doc f;
    /* every doc type's fixture, and the clean criminal record */
    for (size_t d = 0; d < N_DOCS; d++) {
        fx_make(&f, doc_types[d]);
        assert_status(EID_OK, eid_claim_set_validate(doc_types[d], 2, f.claims, f.n, NULL, NULL));
    }
    fx_criminal(&f);
    assert_status(EID_OK, eid_claim_set_validate(EID_DOC_CRIMINAL_RECORD, 2, f.claims, f.n, NULL, NULL));
    fx_list(&f, 6, 0); /* an empty convictions list on a clean record */
    assert_status(EID_OK, eid_claim_set_validate(EID_DOC_CRIMINAL_RECORD, 2, f.claims, f.n, NULL, NULL));
    /* a level-2 identity without the optional claims, a minor */
    fx_identity(&f);
    fx_drop(&f, 9);
    fx_drop(&f, 10);
    fx_drop(&f, 11);
    fx_drop(&f, 12);
    fx_num(&f, 2, EID_VALUE_DATE, fx_day(2010, 2, 28));
    fx_num(&f, 3, EID_VALUE_BOOLEAN, 0);
    fx_num(&f, 5, EID_VALUE_BOOLEAN, 0);
    fx_num(&f, 6, EID_VALUE_BOOLEAN, 0);
    assert_status(EID_OK, eid_claim_set_validate(EID_DOC_IDENTITY, 2, f.claims, f.n, NULL, NULL));
    /* claims in any order */
    eid_claim tmp = f.claims[0];
    f.claims[0] = f.claims[f.n - 1];
    f.claims[f.n - 1] = tmp;
    assert_status(EID_OK, eid_claim_set_validate(EID_DOC_IDENTITY, 2, f.claims, f.n, NULL, NULL));
    /* the 10-digit insurance number of cards since 2021, and no social insurance number */
    fx_health(&f);
    fx_text(&f, 3, "7931234567");
    assert_status(EID_OK, eid_claim_set_validate(EID_DOC_HEALTH_INSURANCE, 2, f.claims, f.n, NULL, NULL));
    fx_drop(&f, 8);
    fx_drop(&f, 9);
    assert_status(EID_OK, eid_claim_set_validate(EID_DOC_HEALTH_INSURANCE, 2, f.claims, f.n, NULL, NULL));
    /* validity of one day; all 15 licence classes; points 0 */
    fx_health(&f);
    fx_date(&f, 7, 2025, 1, 1);
    assert_status(EID_OK, eid_claim_set_validate(EID_DOC_HEALTH_INSURANCE, 2, f.claims, f.n, NULL, NULL));
    fx_licence(&f);
    for (uint32_t i = 0; i < 15; i++)
        f.entries[i] = (eid_list_entry){.code = i + 1, .first_day = fx_day(2010, 1, 1),
                                        .last_day = i < 3 ? EID_DAY_NO_EXPIRY : fx_day(2030, 1, 1)};
    fx_list(&f, 3, 15);
    fx_num(&f, 7, EID_VALUE_INTEGER, 0);
    assert_status(EID_OK, eid_claim_set_validate(EID_DOC_DRIVING_LICENCE, 2, f.claims, f.n, NULL, NULL));
    /* arguments */
    assert_status(EID_ERR_NOT_FOUND, eid_claim_set_validate(9, 2, f.claims, f.n, NULL, NULL));
    assert_status(EID_ERR_INVALID_ARG, eid_claim_set_validate(EID_DOC_IDENTITY, 2, NULL, 1, NULL, NULL));
    assert_status(EID_ERR_INVALID_ARG, eid_claim_set_validate(EID_DOC_IDENTITY, 3, f.claims, 0, NULL, NULL));
    assert_status(EID_ERR_INVALID_ARG, eid_claim_set_validate(EID_DOC_IDENTITY, 0, f.claims, 0, NULL, NULL));
    assert_int_equal(eid_day_no_expiry(), INT32_MAX);
}

/* A self-registered identity has personal ID, name and phone; documents need level 2. */
static void assurance_one(void **state)
{
    (void)state;
    fx_doc f;
    memset(&f, 0, sizeof f);
    fx_text(&f, 0, "001090012345");
    fx_text(&f, 1, "Nguyễn Văn An");
    fx_text(&f, 11, "0912345678");
    uint32_t at;
    eid_claim_problem why;
    assert_status(EID_OK, eid_claim_set_validate(EID_DOC_IDENTITY, 1, f.claims, f.n, &at, &why));
    /* the same claims are not a level-2 identity */
    assert_status(EID_ERR_INVALID_CLAIM, eid_claim_set_validate(EID_DOC_IDENTITY, 2, f.claims, f.n, &at, &why));
    assert_int_equal(why, EID_CLAIM_PROBLEM_MISSING_CLAIM);
    assert_int_equal(at, 2);
    fx_drop(&f, 11);
    assert_status(EID_ERR_INVALID_CLAIM, eid_claim_set_validate(EID_DOC_IDENTITY, 1, f.claims, f.n, &at, &why));
    assert_int_equal(why, EID_CLAIM_PROBLEM_MISSING_CLAIM);
    assert_int_equal(at, 11);
    /* claims a level-1 identity carries are still checked */
    fx_text(&f, 11, "0912345678");
    fx_num(&f, 7, EID_VALUE_ENUM, 9);
    assert_status(EID_ERR_INVALID_CLAIM, eid_claim_set_validate(EID_DOC_IDENTITY, 1, f.claims, f.n, &at, &why));
    assert_int_equal(why, EID_CLAIM_PROBLEM_RANGE);
    fx_licence(&f);
    assert_status(EID_ERR_WRONG_LEVEL, eid_claim_set_validate(EID_DOC_DRIVING_LICENCE, 1, f.claims, f.n, &at, &why));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(claim_numbers_are_the_fixed_ones),
        cmocka_unit_test(labels_complete_in_both_languages),
        cmocka_unit_test(sensitive_claims_are_the_private_ones),
        cmocka_unit_test(identity_table),
        cmocka_unit_test(licence_table),
        cmocka_unit_test(health_table),
        cmocka_unit_test(criminal_table),
        cmocka_unit_test(accepted_variants),
        cmocka_unit_test(assurance_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
