/* SPDX-License-Identifier: Apache-2.0 */
#include "claims_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int refuse(claim_set *cs, const char *fmt, ...)
{
    char why[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(cs->error, sizeof cs->error, "%s: %s", cs->path ? cs->path : "claims", why);
    return -1;
}

static int claim_error(claim_set *cs, const char *name, const char *why)
{
    return refuse(cs, "claim '%s': %s", name, why);
}

/* An enum or coded integer written as its label ("Nữ", "female", "Phiếu số 1"):
 * the code whose card row shows that label in Vietnamese or English. */
static int code_of_label(uint32_t doc_type, uint32_t number, eid_value_type type, const char *label, int64_t *code)
{
    for (int64_t v = 0; v < 32; v++) {
        eid_claim c = {.number = number, .type = type, .number_value = v};
        if (eid_claim_validate(doc_type, &c) != EID_OK)
            continue;
        for (int lang = EID_LANGUAGE_VI; lang <= EID_LANGUAGE_EN; lang++) {
            eid_card *card = NULL;
            if (eid_card_new(doc_type, &c, 1, 0, 0, 0, 0, (eid_language)lang, 1, &card) != EID_OK)
                continue;
            const char *shown = eid_card_row_count(card) ? eid_card_row_value(card, 0) : "";
            int same = strcmp(shown, label) == 0;
            if (!same && strlen(shown) == strlen(label)) {
                same = 1;
                for (size_t i = 0; shown[i] && same; i++)
                    same = (shown[i] | 0x20) == (label[i] | 0x20) || shown[i] == label[i];
            }
            eid_card_free(card);
            if (same) {
                *code = v;
                return 0;
            }
        }
    }
    return -1;
}

/* A licence class written as its name ("B", "A1"): the code whose card row is "Class NAME". */
static int class_code(uint32_t doc_type, uint32_t number, const char *name, uint32_t *code)
{
    char want[32];
    snprintf(want, sizeof want, "Class %s", name);
    for (uint32_t v = 1; v <= 15; v++) {
        eid_list_entry e = {.code = v, .first_day = 20000, .last_day = 20000};
        eid_claim c = {.number = number, .type = EID_VALUE_LIST, .entries = &e, .n_entries = 1};
        eid_card *card = NULL;
        if (eid_card_new(doc_type, &c, 1, 0, 0, 0, 0, EID_LANGUAGE_EN, 1, &card) != EID_OK)
            continue;
        int same = eid_card_row_count(card) == 1 && strcmp(eid_card_row_label(card, 0), want) == 0;
        eid_card_free(card);
        if (same) {
            *code = v;
            return 0;
        }
    }
    return -1;
}

/* The first of `keys` present in obj, as a day: 0 with *day set, -1 refused. */
static int entry_date(claim_set *cs, const char *claim, const cJSON *obj, const char *const *keys, int32_t absent,
                      int32_t *day)
{
    for (const char *const *k = keys; *k; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, *k);
        if (v == NULL)
            continue;
        if (cJSON_IsString(v) && parse_date(v->valuestring, day) == 0)
            return 0;
        if (cJSON_IsNull(v) || (cJSON_IsString(v) && (strcmp(v->valuestring, "none") == 0 ||
                                                     strcmp(v->valuestring, "no expiry") == 0))) {
            *day = EID_DAY_NO_EXPIRY;
            return 0;
        }
        return claim_error(cs, claim, "a date in a list entry is not YYYY-MM-DD");
    }
    if (absent == INT32_MIN)
        return claim_error(cs, claim, "a list entry lacks a date");
    *day = absent;
    return 0;
}

static int read_list(claim_set *cs, uint32_t t, eid_claim *c, const char *name, const cJSON *v)
{
    static const char *const first[] = {"issue_date", "judgement_date", "from", NULL};
    static const char *const last[] = {"expiry_date", "end_date", "until", NULL};
    eid_list_entry *e = cs->entries[cs->n];
    size_t n = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, v)
    {
        if (n >= 16)
            return claim_error(cs, name, "too many entries");
        if (!cJSON_IsObject(item))
            return claim_error(cs, name, "entries are objects");
        e[n] = (eid_list_entry){0};
        const cJSON *cls = cJSON_GetObjectItemCaseSensitive(item, "class");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(item, "offence");
        if (cJSON_IsString(cls) && class_code(t, c->number, cls->valuestring, &e[n].code) != 0)
            return claim_error(cs, name, "unknown licence class");
        if (cJSON_IsString(text)) {
            e[n].text = (const uint8_t *)text->valuestring;
            e[n].text_len = strlen(text->valuestring);
        }
        if (entry_date(cs, name, item, first, INT32_MIN, &e[n].first_day) != 0 ||
            entry_date(cs, name, item, last, EID_DAY_NO_EXPIRY, &e[n].last_day) != 0)
            return -1;
        n++;
    }
    c->type = EID_VALUE_LIST;
    c->entries = e;
    c->n_entries = n;
    return 0;
}

int claims_read(claim_set *cs, uint32_t t, const cJSON *json)
{
    cs->error[0] = 0;
    if (!cJSON_IsObject(json))
        return refuse(cs, "expected an object of claim names");
    const cJSON *v;
    cJSON_ArrayForEach(v, json)
    {
        const char *name = v->string;
        if (name == NULL || name[0] == '_')
            continue; /* "_comment" and the like */
        if (cs->n >= EID_CLAIM_MAX_COUNT)
            return refuse(cs, "too many claims");
        eid_claim *c = &cs->claims[cs->n];
        *c = (eid_claim){0};
        if (eid_claim_number(t, name, &c->number) != EID_OK)
            return claim_error(cs, name, "not a claim of this doc type");
        int32_t day;
        int64_t code;
        eid_claim try = *c;
        if (cJSON_IsArray(v)) {
            if (read_list(cs, t, c, name, v) != 0)
                return -1;
        } else if (cJSON_IsBool(v)) {
            c->type = EID_VALUE_BOOLEAN;
            c->number_value = cJSON_IsTrue(v);
        } else if (cJSON_IsNumber(v)) {
            c->type = EID_VALUE_INTEGER;
            c->number_value = (int64_t)v->valuedouble;
            try = *c;
            try.type = EID_VALUE_ENUM;
            if (eid_claim_validate(t, c) != EID_OK && eid_claim_validate(t, &try) == EID_OK)
                c->type = EID_VALUE_ENUM;
        } else if (cJSON_IsString(v)) {
            const char *s = v->valuestring;
            try.type = EID_VALUE_TEXT;
            try.bytes = (const uint8_t *)s;
            try.bytes_len = strlen(s);
            eid_claim as_date = {.number = c->number, .type = EID_VALUE_DATE, .number_value = 20000};
            if (parse_date(s, &day) == 0) {
                c->type = EID_VALUE_DATE;
                c->number_value = day;
            } else if (eid_claim_validate(t, &as_date) == EID_OK) { /* a date claim */
                return claim_error(cs, name, "dates are written YYYY-MM-DD");
            } else if (eid_claim_validate(t, &try) == EID_OK) {
                *c = try;
            } else if (code_of_label(t, c->number, EID_VALUE_ENUM, s, &code) == 0) {
                c->type = EID_VALUE_ENUM;
                c->number_value = code;
            } else if (code_of_label(t, c->number, EID_VALUE_INTEGER, s, &code) == 0) {
                c->type = EID_VALUE_INTEGER;
                c->number_value = code;
            } else if (strcmp(name, "portrait") == 0 && cs->portrait == NULL) {
                /* the portrait: a JPEG file named relative to the claims file */
                size_t len = 0;
                cs->portrait = cs->load ? cs->load(cs->path, s, &len) : NULL;
                if (cs->portrait == NULL)
                    return claim_error(cs, name, "cannot read the portrait file");
                c->type = EID_VALUE_BYTES;
                c->bytes = cs->portrait;
                c->bytes_len = len;
            } else {
                *c = try; /* the document check below names the problem */
            }
        } else {
            return claim_error(cs, name, "values are strings, numbers, true/false or lists");
        }
        cs->n++;
    }
    uint32_t at = 0;
    eid_claim_problem problem = EID_CLAIM_PROBLEM_NONE;
    eid_status st = eid_claim_set_validate(t, 2, cs->claims, cs->n, &at, &problem);
    if (st != EID_OK) {
        const char *n = eid_claim_name(t, at);
        return claim_error(cs, n ? n : "?", eid_claim_problem_str(problem));
    }
    return 0;
}

void claims_release(claim_set *cs)
{
    free(cs->portrait);
    cs->portrait = NULL;
}

const eid_claim *claims_find(const claim_set *cs, uint32_t number)
{
    for (size_t i = 0; i < cs->n; i++)
        if (cs->claims[i].number == number)
            return &cs->claims[i];
    return NULL;
}
