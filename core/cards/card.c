/* SPDX-License-Identifier: Apache-2.0 */
/* The card layout model: what a native UI draws for one credential. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "cards/card_internal.h"
#include "crypto/crypto.h"

#define T(lang, vi, en) ((lang) == EID_LANGUAGE_EN ? (en) : (vi))

int32_t eid_validity_expiring_days(void) { return EID_VALIDITY_EXPIRING_DAYS; }
double eid_card_width_mm(void) { return EID_CARD_WIDTH_MM; }
double eid_card_height_mm(void) { return EID_CARD_HEIGHT_MM; }

eid_validity eid_validity_of(int32_t valid_from, int32_t valid_until, int32_t today, int revoked)
{
    if (revoked)
        return EID_VALIDITY_REVOKED;
    if (today < valid_from)
        return EID_VALIDITY_NOT_YET_VALID;
    if (today > valid_until)
        return EID_VALIDITY_EXPIRED;
    if ((int64_t)valid_until - today <= EID_VALIDITY_EXPIRING_DAYS)
        return EID_VALIDITY_EXPIRING;
    return EID_VALIDITY_VALID;
}

void card_format_date(int32_t day, char out[16])
{
    int32_t y, m, d;
    eid_day_to_civil(day, &y, &m, &d);
    snprintf(out, 16, "%02d/%02d/%04d", (int)d, (int)m, (int)y);
}

static char *dup_n(const void *s, size_t n)
{
    char *p = mem_alloc(n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

static char *dup_s(const char *s) { return dup_n(s, strlen(s)); }

static void free_str(char *s) { mem_free_text(s); }

void eid_card_free(eid_card *card)
{
    if (card == NULL)
        return;
    for (size_t i = 0; i < card->n_rows; i++) {
        free_str(card->rows[i].label);
        free_str(card->rows[i].value);
        free_str(card->rows[i].short_value);
    }
    mem_free(card->rows);
    free_str(card->issuer);
    free_str(card->holder);
    mem_free_secret(card->portrait, card->portrait_len);
    mem_free(card);
}

/* Adds a row; takes ownership of label, value and short_value (all freed on failure). */
static int add_row(eid_card *card, const claim_schema *cs, uint32_t index, char *label, char *value,
                   char *short_value, int hidden)
{
    card_row *r = &card->rows[card->n_rows];
    if (label == NULL || value == NULL) {
        free_str(label);
        free_str(value);
        free_str(short_value);
        return 0;
    }
    r->claim = cs->number;
    r->order = (uint32_t)cs->display_order << 16 | index;
    r->label = label;
    r->value = value;
    r->short_value = short_value;
    r->on_face = cs->on_face;
    r->hidden = hidden ? 1 : 0;
    card->n_rows++;
    return 1;
}

static char *format_scalar(const claim_schema *cs, const eid_claim *c, eid_language lang)
{
    char tmp[32];
    switch (cs->type) {
    case EID_VALUE_TEXT:
        return dup_n(c->bytes, c->bytes_len);
    case EID_VALUE_DATE:
        card_format_date((int32_t)c->number_value, tmp);
        return dup_s(tmp);
    case EID_VALUE_BOOLEAN:
        return dup_s(c->number_value ? T(lang, "Có", "Yes") : T(lang, "Không", "No"));
    case EID_VALUE_INTEGER:
    case EID_VALUE_ENUM: {
        const value_label *vl = schema_value_label(cs, c->number_value);
        if (vl)
            return dup_s(T(lang, vl->label_vi, vl->label_en));
        snprintf(tmp, sizeof tmp, "%lld", (long long)c->number_value);
        return dup_s(tmp);
    }
    default:
        return NULL;
    }
}

static int add_privileges(eid_card *card, const claim_schema *cs, const eid_claim *c, eid_language lang)
{
    for (size_t k = 0; k < c->n_entries; k++) {
        const eid_list_entry *e = &c->entries[k];
        const char *cls = schema_licence_class_name(e->code);
        char label[32], from[16], until[16], value[96];
        snprintf(label, sizeof label, "%s %s", T(lang, "Hạng", "Class"), cls);
        card_format_date(e->first_day, from);
        if (e->last_day == EID_DAY_NO_EXPIRY)
            snprintf(until, sizeof until, "%s", "");
        else
            card_format_date(e->last_day, until);
        snprintf(value, sizeof value, "%s \xE2\x80\x93 %s", from,
                 e->last_day == EID_DAY_NO_EXPIRY ? T(lang, "Không thời hạn", "No expiry") : until);
        if (!add_row(card, cs, e->code, dup_s(label), dup_s(value), dup_s(cls), 0))
            return 0;
    }
    return 1;
}

static int add_convictions(eid_card *card, const claim_schema *cs, const eid_claim *c, eid_language lang)
{
    for (size_t k = 0; k < c->n_entries; k++) {
        const eid_list_entry *e = &c->entries[k];
        char label[48], from[16], until[16], dates[48];
        snprintf(label, sizeof label, "%s %zu", T(lang, "Án tích", "Conviction"), k + 1);
        card_format_date(e->first_day, from);
        card_format_date(e->last_day, until);
        int n = snprintf(dates, sizeof dates, " (%s \xE2\x80\x93 %s)", from, until);
        size_t dn = n > 0 ? (size_t)n : 0;
        char *value = mem_alloc(e->text_len + dn + 1);
        if (value) {
            memcpy(value, e->text, e->text_len);
            memcpy(value + e->text_len, dates, dn + 1);
        }
        if (!add_row(card, cs, (uint32_t)k, dup_s(label), value, dup_n(e->text, e->text_len), 0))
            return 0;
    }
    return 1;
}

static int add_claim(eid_card *card, const claim_schema *cs, const eid_claim *c, eid_language lang,
                     int reveal)
{
    const char *label = T(lang, cs->label_vi, cs->label_en);
    if (cs->type == EID_VALUE_BYTES)
        return 1; /* the portrait has its own accessor */
    if (cs->sensitive && !reveal)
        return add_row(card, cs, 0, dup_s(label), dup_s(CARD_MASK), NULL, 1);
    if (cs->type != EID_VALUE_LIST)
        return add_row(card, cs, 0, dup_s(label), format_scalar(cs, c, lang), NULL, 0);
    if (c->n_entries == 0)
        return add_row(card, cs, 0, dup_s(label), dup_s(T(lang, "Không", "None")), NULL, 0);
    if (cs->rule == RULE_PRIVILEGES)
        return add_privileges(card, cs, c, lang);
    return add_convictions(card, cs, c, lang);
}

static int row_cmp(const void *a, const void *b)
{
    const card_row *x = a, *y = b;
    return x->order < y->order ? -1 : x->order > y->order;
}

eid_status eid_card_new(uint32_t doc_type, const eid_claim *claims, size_t n_claims, int32_t valid_from,
                        int32_t valid_until, int32_t today, int revoked, eid_language language,
                        int reveal_sensitive, eid_card **out)
{
    if (out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    if ((claims == NULL && n_claims > 0) || (language != EID_LANGUAGE_VI && language != EID_LANGUAGE_EN) ||
        n_claims > EID_CLAIM_MAX_COUNT)
        return EID_ERR_INVALID_ARG;
    const doc_schema *s = schema_get(doc_type);
    if (s == NULL)
        return EID_ERR_NOT_FOUND;
    size_t n_rows = 0;
    uint64_t seen = 0;
    for (size_t i = 0; i < n_claims; i++) {
        const claim_schema *cs = schema_claim(s, claims[i].number);
        if (cs == NULL || (seen & (UINT64_C(1) << claims[i].number)) ||
            schema_check(cs, &claims[i]) != EID_CLAIM_PROBLEM_NONE)
            return EID_ERR_INVALID_CLAIM;
        seen |= UINT64_C(1) << claims[i].number;
        n_rows += cs->type == EID_VALUE_LIST && claims[i].n_entries > 1 ? claims[i].n_entries : 1;
    }

    eid_card *card = mem_calloc(1, sizeof *card);
    if (card == NULL)
        return EID_ERR_NO_MEMORY;
    card->doc_type = doc_type;
    card->lang = language;
    card->state = eid_validity_of(valid_from, valid_until, today, revoked);
    card->valid_until = valid_until;
    int64_t left = (int64_t)valid_until - today;
    card->days_left = left > INT32_MAX ? INT32_MAX : left < INT32_MIN ? INT32_MIN : (int32_t)left;
    card->colour = s->colour;
    card->title = T(language, s->title_vi, s->title_en);
    card->rows = mem_calloc(n_rows ? n_rows : 1, sizeof *card->rows);
    if (card->rows == NULL)
        goto nomem;

    const char *issuer = T(language, s->issuer_vi, s->issuer_en);
    size_t issuer_len = strlen(issuer);
    for (size_t i = 0; i < n_claims; i++) {
        const eid_claim *c = &claims[i];
        const claim_schema *cs = schema_claim(s, c->number);
        if (strcmp(cs->name, "issuing_authority") == 0) {
            issuer = (const char *)c->bytes;
            issuer_len = c->bytes_len;
        } else if (strcmp(cs->name, "full_name") == 0) {
            if ((card->holder = dup_n(c->bytes, c->bytes_len)) == NULL)
                goto nomem;
        } else if (strcmp(cs->name, "portrait") == 0) {
            if ((card->portrait = mem_alloc(c->bytes_len)) == NULL)
                goto nomem;
            memcpy(card->portrait, c->bytes, c->bytes_len);
            card->portrait_len = c->bytes_len;
        }
        if (!add_claim(card, cs, c, language, reveal_sensitive))
            goto nomem;
    }
    if ((card->issuer = dup_n(issuer, issuer_len)) == NULL)
        goto nomem;
    if (card->holder == NULL && (card->holder = dup_s("")) == NULL)
        goto nomem;
    qsort(card->rows, card->n_rows, sizeof *card->rows, row_cmp);
    *out = card;
    return EID_OK;
nomem:
    eid_card_free(card);
    return EID_ERR_NO_MEMORY;
}

/* ---- accessors ---- */

uint32_t eid_card_doc_type(const eid_card *card) { return card ? card->doc_type : 0; }
eid_language eid_card_language(const eid_card *card) { return card ? card->lang : EID_LANGUAGE_VI; }
const char *eid_card_title(const eid_card *card) { return card ? card->title : NULL; }
const char *eid_card_issuer(const eid_card *card) { return card ? card->issuer : NULL; }
const char *eid_card_holder_name(const eid_card *card) { return card ? card->holder : NULL; }
size_t eid_card_portrait_len(const eid_card *card) { return card ? card->portrait_len : 0; }
const uint8_t *eid_card_portrait(const eid_card *card) { return card ? card->portrait : NULL; }
eid_validity eid_card_validity(const eid_card *card) { return card ? card->state : EID_VALIDITY_REVOKED; }
int32_t eid_card_days_left(const eid_card *card) { return card ? card->days_left : 0; }
int32_t eid_card_valid_until(const eid_card *card) { return card ? card->valid_until : 0; }
uint32_t eid_card_colour(const eid_card *card) { return card ? card->colour : 0; }
size_t eid_card_row_count(const eid_card *card) { return card ? card->n_rows : 0; }

const char *eid_card_validity_label(const eid_card *card)
{
    if (card == NULL)
        return NULL;
    eid_language l = card->lang;
    switch (card->state) {
    case EID_VALIDITY_VALID: return T(l, "Còn hiệu lực", "Valid");
    case EID_VALIDITY_EXPIRING: return T(l, "Sắp hết hạn", "Expiring soon");
    case EID_VALIDITY_EXPIRED: return T(l, "Hết hạn", "Expired");
    case EID_VALIDITY_REVOKED: return T(l, "Đã thu hồi", "Revoked");
    case EID_VALIDITY_NOT_YET_VALID: return T(l, "Chưa có hiệu lực", "Not yet valid");
    }
    return NULL;
}

static const card_row *row(const eid_card *card, size_t i)
{
    return card && i < card->n_rows ? &card->rows[i] : NULL;
}

const char *eid_card_row_label(const eid_card *card, size_t i) { return row(card, i) ? row(card, i)->label : NULL; }
const char *eid_card_row_value(const eid_card *card, size_t i) { return row(card, i) ? row(card, i)->value : NULL; }
uint32_t eid_card_row_claim(const eid_card *card, size_t i) { return row(card, i) ? row(card, i)->claim : UINT32_MAX; }
int eid_card_row_on_face(const eid_card *card, size_t i) { return row(card, i) ? row(card, i)->on_face : 0; }
int eid_card_row_hidden(const eid_card *card, size_t i) { return row(card, i) ? row(card, i)->hidden : 0; }
