/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eid/present.h — the holder's side of a presentation, and relying-party
 * requests.
 *
 * A presentation discloses chosen claims of one credential with a Merkle
 * proof, is signed by the holder key the credential names, and travels as
 * QR text "EID1:" + base45. Offline mode carries a random nonce and its
 * creation time; challenge mode answers a relying party's signed request
 * ("EIDR1:" text) by carrying the request's hash.
 *
 * Thread safety: every function here is reentrant; handles are not shared.
 */
#ifndef EID_PRESENT_H
#define EID_PRESENT_H

#include "issuer.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EID_PRESENTATION_MAX_BYTES 2048  /* the largest legal presentation */
#define EID_REQUEST_MAX_BYTES 1024
#define EID_PRESENTATION_TEXT_PREFIX "EID1:"
#define EID_REQUEST_TEXT_PREFIX "EIDR1:"
#define EID_REQUEST_MAX_LIFETIME 300     /* seconds */
/*! eid_presentation_max_bytes() : EID_PRESENTATION_MAX_BYTES, for bindings. */
EID_API size_t eid_presentation_max_bytes(void);
/*! eid_request_max_bytes() : EID_REQUEST_MAX_BYTES, for bindings. */
EID_API size_t eid_request_max_bytes(void);
/*! eid_presentation_text_prefix(), eid_request_text_prefix() : EID_PRESENTATION_TEXT_PREFIX and EID_REQUEST_TEXT_PREFIX
 *  (static storage), for bindings that tell a scanned presentation from a request. */
EID_API const char *eid_presentation_text_prefix(void);
EID_API const char *eid_request_text_prefix(void);
/*! eid_request_max_lifetime() : EID_REQUEST_MAX_LIFETIME (seconds), for bindings. */
EID_API int64_t eid_request_max_lifetime(void);
/*! eid_presentation_max_text() : the longest "EID1:" text a legal presentation gives (without NUL). */
EID_API size_t eid_presentation_max_text(void);

typedef enum eid_mode {
    EID_MODE_OFFLINE = 0,
    EID_MODE_CHALLENGE = 1
} eid_mode;

/*! eid_present() :
 *  Builds a presentation of the claims numbered claims[0..n_claims) (any order,
 *  at least one) from a credential bundle (as eid_issue_credential made it),
 *  signed with `holder_key`, created at `now` (seconds). With request == NULL
 *  it is an offline presentation with a random nonce; otherwise `request`
 *  (the serialized PresentationRequest, e.g. from eid_request_from_text) is
 *  answered in challenge mode, and the claims must be exactly those the
 *  request asks of the bundle's doc type (a verifier accepts nothing else).
 *  *presentation receives the serialized Presentation (caller frees). Nothing
 *  about the request's sender is checked here: wallets check it against the
 *  trust list before asking for consent.
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_FORMAT (bundle or request not
 *          canonical); EID_ERR_PROOF (bundle leaves do not give its root);
 *          EID_ERR_NOT_FOUND (a claim the bundle does not hold);
 *          EID_ERR_NOT_REQUESTED (the request does not ask for this doc type,
 *          or asks for other claims than these);
 *          EID_ERR_WRONG_HOLDER (holder_key is not the credential's);
 *          EID_ERR_TOO_LARGE (over EID_PRESENTATION_MAX_BYTES); EID_ERR_NO_MEMORY. */
EID_API eid_status eid_present(const uint8_t *bundle, size_t bundle_len, const eid_key *holder_key,
                               const uint32_t *claims, size_t n_claims, const uint8_t *request,
                               size_t request_len, int64_t now, eid_bytes *presentation);

/*! eid_presentation_text() : "EID1:" + base45 of a serialized presentation, as a
 *  NUL-terminated string the caller releases with eid_text_free() (it carries
 *  the disclosed claims: eid/common.h, "library-owned bytes").
 *  @return EID_OK, EID_ERR_INVALID_ARG, EID_ERR_TOO_LARGE, EID_ERR_NO_MEMORY. */
EID_API eid_status eid_presentation_text(const uint8_t *presentation, size_t len, char **text);

/* ---- relying-party requests ---------------------------------------------- */
typedef struct eid_requested_claims {
    uint32_t doc_type;
    const uint32_t *claims;   /* claim numbers, ascending */
    size_t n_claims;
} eid_requested_claims;

/*! eid_request_create() :
 *  A signed PresentationRequest from relying party `rp_id` (as named in the
 *  trust list) for the given claims, with a random 16-byte nonce, valid from
 *  `now` for `lifetime` seconds (1..EID_REQUEST_MAX_LIFETIME). The request
 *  names doc types as alternatives: an answer shows one of them, with exactly
 *  the claims asked of it. *request
 *  receives the serialized request (caller frees); register it with
 *  eid_verifier_open_request() before showing it.
 *  @return EID_OK; EID_ERR_INVALID_ARG (also for 0 or more than 8 doc types, a
 *          doc type named twice, 0 or more than 32 claims, claims not
 *          ascending, a `now` so late that now + lifetime overflows); EID_ERR_NO_MEMORY. */
EID_API eid_status eid_request_create(const eid_key *rp_key, const char *rp_id, const eid_requested_claims *requested,
                                      size_t n_requested, int64_t now, int64_t lifetime, eid_bytes *request);
/*! eid_request_text() : "EIDR1:" + base45 of a serialized request, released with eid_text_free().
 *  @return EID_OK, EID_ERR_INVALID_ARG, EID_ERR_TOO_LARGE, EID_ERR_NO_MEMORY. */
EID_API eid_status eid_request_text(const uint8_t *request, size_t len, char **text);
/*! eid_request_from_text() : the serialized request inside "EIDR1:" text (caller frees).
 *  @return EID_OK, EID_ERR_FORMAT (prefix, base45), EID_ERR_TOO_LARGE, EID_ERR_INVALID_ARG,
 *          EID_ERR_NO_MEMORY. */
EID_API eid_status eid_request_from_text(const char *text, eid_bytes *request);

#ifdef __cplusplus
}
#endif
#endif
