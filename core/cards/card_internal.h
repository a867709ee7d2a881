/* SPDX-License-Identifier: Apache-2.0 */
/* The card object, shared by the layout (card.c) and the renderer (svg.c). */
#ifndef EID_CORE_CARD_INTERNAL_H
#define EID_CORE_CARD_INTERNAL_H
#include "claims/schema.h"
#include "eid/card.h"

typedef struct card_row {
    uint32_t claim;
    uint32_t order;        /* display_order << 16 | entry index, for sorting */
    char *label;
    char *value;
    char *short_value;     /* a list entry's text when entries share one face line: "B", or NULL */
    unsigned on_face : 1;
    unsigned hidden : 1;
} card_row;

struct eid_card {
    uint32_t doc_type;
    eid_language lang;
    eid_validity state;
    int32_t valid_until;
    int32_t days_left;
    uint32_t colour;
    const char *title;     /* static */
    char *issuer;
    char *holder;
    uint8_t *portrait;
    size_t portrait_len;
    card_row *rows;
    size_t n_rows;
};

/* dd/mm/yyyy into out (at least 16 bytes). */
void card_format_date(int32_t day, char out[16]);
/* The mask a hidden value shows. */
#define CARD_MASK "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"

#endif
