/*
 * eid/card.h — the cards module: doc-type schemas (rules and labels), document
 * validation, the card layout model that native UIs draw, and SVG cards.
 *
 * Use:
 *  - Issuer and wallet: eid_claim_set_validate() on a full claim set
 *    before signing or importing (eid_claim_validate() in claims.h checks one
 *    claim).
 *  - Holder app: eid_card_new() with the claims of a stored credential, its
 *    validity, today's day number and the language; draw the accessors, or ask
 *    eid_card_svg() for a ready picture. A verifier may build a card from the
 *    disclosed claims only: a card needs no required claim.
 *  - Consent screens: eid_claim_label() names a claim in Vietnamese or English.
 *
 * docs/CARDS.md has every schema table, the layout model and the rendering rules.
 *
 * Thread safety: schema, label and validation functions read static tables and
 * are thread-safe. An eid_card is immutable once eid_card_new() returns: any
 * number of threads may read it and render it at once; free it once.
 */
#ifndef EID_CARD_H
#define EID_CARD_H

#include "common.h"
#include "claims.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum eid_language {
    EID_LANGUAGE_VI = 0, /* Vietnamese, the first language of every card */
    EID_LANGUAGE_EN = 1
} eid_language;

/* ---- schemas and validation --------------------------------------------- */

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
