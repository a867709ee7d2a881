/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eid/card.h — the cards module: where a credential stands on a day, the card
 * layout model that native UIs draw, and SVG cards.
 *
 * Use:
 *  - Holder app: eid_card_new() with the claims of a stored credential, its
 *    validity, today's day number and the language; draw the accessors, or ask
 *    eid_card_svg() for a ready picture. A verifier may build a card from the
 *    disclosed claims only: a card needs no required claim.
 *  - The claim model the cards draw (doc types, validation, problems, labels,
 *    languages) is eid/claims.h, which this header includes.
 *
 * docs/CARDS.md has every schema table, the layout model and the rendering rules.
 *
 * Thread safety: eid_validity_of() is thread-safe. An eid_card is immutable
 * once eid_card_new() returns: any number of threads may read it and render it
 * at once; free it once.
 */
#ifndef EID_CARD_H
#define EID_CARD_H

#include "claims.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- validity ----------------------------------------------------------- */
/* Where a credential stands on a given day: one enum for every place that
 * says it (eid_validity_of(), eid_card_validity(), eid_document_validity() in
 * eid/wallet.h). */
typedef enum eid_validity {
    EID_VALIDITY_VALID = 0,
    EID_VALIDITY_EXPIRING = 1,      /* valid, and its last day is at most EID_VALIDITY_EXPIRING_DAYS away */
    EID_VALIDITY_EXPIRED = 2,
    EID_VALIDITY_REVOKED = 3,       /* revoked wins over every other state */
    EID_VALIDITY_NOT_YET_VALID = 4
} eid_validity;

#define EID_VALIDITY_EXPIRING_DAYS 30
/*! eid_validity_expiring_days() : EID_VALIDITY_EXPIRING_DAYS, for bindings. */
EID_API int32_t eid_validity_expiring_days(void);

/*! eid_validity_of() :
 *  The state of a credential valid from day `valid_from` to day `valid_until`
 *  (both inclusive, days of eid_day_of()) on day `today`: REVOKED when `revoked`
 *  is non-zero, NOT_YET_VALID before valid_from, EXPIRED after valid_until,
 *  EXPIRING when valid_until - today <= EID_VALIDITY_EXPIRING_DAYS, else VALID. */
EID_API eid_validity eid_validity_of(int32_t valid_from, int32_t valid_until, int32_t today, int revoked);

/* ---- card layout -------------------------------------------------------- */

/* The card's size in millimetres (ID-1, ISO/IEC 7810), the SVG's viewBox. */
#define EID_CARD_WIDTH_MM 85.6
#define EID_CARD_HEIGHT_MM 54.0
/*! eid_card_width_mm(), eid_card_height_mm() : the macros above, for bindings. */
EID_API double eid_card_width_mm(void);
EID_API double eid_card_height_mm(void);

typedef struct eid_card eid_card;

/*! eid_card_new() :
 *  Lays out the card of a credential of `doc_type` holding `claims` (any order,
 *  any subset of the doc type's claims), in `language`. `valid_from`,
 *  `valid_until`, `today` and `revoked` give its state (eid_validity_of()):
 *  the wallet passes the credential's validity, eid_day_of() of its clock, and
 *  what the last revocation list said. Sensitive claims show as a mask until
 *  `reveal_sensitive` is non-zero. The card copies everything it needs: the
 *  claims may be freed after the call.
 *  @return EID_OK and *card (free with eid_card_free); EID_ERR_INVALID_ARG,
 *          EID_ERR_NOT_FOUND (unknown doc type), EID_ERR_INVALID_CLAIM (a claim
 *          breaks its schema, is unknown or repeated), EID_ERR_NO_MEMORY. */
EID_API eid_status eid_card_new(uint32_t doc_type, const eid_claim *claims, size_t n_claims, int32_t valid_from,
                                int32_t valid_until, int32_t today, int revoked, eid_language language,
                                int reveal_sensitive, eid_card **card);

/*! eid_card_free() : zeroes and frees a card (it holds personal data). Accepts NULL. */
EID_API void eid_card_free(eid_card *card);

/* Accessors. Strings are UTF-8, NUL-terminated, and live as long as the card. */
/*! eid_card_doc_type() : the doc type the card was made for. */
EID_API uint32_t eid_card_doc_type(const eid_card *card);
/*! eid_card_language() : the language of every string of the card. */
EID_API eid_language eid_card_language(const eid_card *card);
/*! eid_card_title() : the document's title ("CĂN CƯỚC", "IDENTITY CARD"). */
EID_API const char *eid_card_title(const eid_card *card);
/*! eid_card_issuer() : the issuing_authority claim when present, else the doc type's issuer. */
EID_API const char *eid_card_issuer(const eid_card *card);
/*! eid_card_holder_name() : the full_name claim, "" when it was not given. */
EID_API const char *eid_card_holder_name(const eid_card *card);
/*! eid_card_portrait_len() : bytes of the portrait JPEG, 0 when there is none. */
EID_API size_t eid_card_portrait_len(const eid_card *card);
/*! eid_card_portrait() : the portrait JPEG (eid_card_portrait_len() bytes), NULL when none. */
EID_API const uint8_t *eid_card_portrait(const eid_card *card);
/*! eid_card_validity() : the card's state (see eid_validity_of()). */
EID_API eid_validity eid_card_validity(const eid_card *card);
/*! eid_card_validity_label() : the state in the card's language ("Còn hiệu lực", "Valid"). */
EID_API const char *eid_card_validity_label(const eid_card *card);
/*! eid_card_valid_until() : the credential's last valid day (days since 1970), as given. */
EID_API int32_t eid_card_valid_until(const eid_card *card);
/*! eid_card_days_left() : valid_until - today (negative once expired). */
EID_API int32_t eid_card_days_left(const eid_card *card);
/*! eid_card_colour() : the doc type's colour as 0xRRGGBB. */
EID_API uint32_t eid_card_colour(const eid_card *card);

/* Rows: the claims other than the portrait, one per claim (one per licence
 * class and per conviction), ordered by the schema's display order. */
/*! eid_card_row_count() : the number of rows. */
EID_API size_t eid_card_row_count(const eid_card *card);
/*! eid_card_row_label() : row i's label ("Ngày sinh", "Hạng B"); NULL when i is out of range. */
EID_API const char *eid_card_row_label(const eid_card *card, size_t i);
/*! eid_card_row_value() : row i's formatted value ("02/09/1990", "Nữ", "Có"), or the mask
 *  "••••••" when the row is hidden; NULL when i is out of range. */
EID_API const char *eid_card_row_value(const eid_card *card, size_t i);
/*! eid_card_row_claim() : the claim number row i shows; UINT32_MAX when out of range. */
EID_API uint32_t eid_card_row_claim(const eid_card *card, size_t i);
/*! eid_card_row_on_face() : 1 when row i belongs on the card face, 0 for the detail view. */
EID_API int eid_card_row_on_face(const eid_card *card, size_t i);
/*! eid_card_row_hidden() : 1 when row i is sensitive and not revealed (its value is the mask). */
EID_API int eid_card_row_hidden(const eid_card *card, size_t i);

/* ---- SVG ---------------------------------------------------------------- */

/*! eid_card_svg() :
 *  Draws the card face as a standalone SVG 1.1 document, 85.6 x 54 mm (viewBox
 *  in millimetres): title band in the doc type's colour, issuer, portrait
 *  (embedded as a data: URI), holder name, the face rows, and the state. Every
 *  text is XML-escaped; values too long for their place end in "…", cut at a
 *  character boundary.
 *  @return EID_OK and *svg (UTF-8 bytes, free with eid_bytes_free);
 *          EID_ERR_INVALID_ARG, EID_ERR_NO_MEMORY. */
EID_API eid_status eid_card_svg(const eid_card *card, eid_bytes *svg);

#ifdef __cplusplus
}
#endif
#endif /* EID_CARD_H */
