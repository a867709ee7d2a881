/* SPDX-License-Identifier: Apache-2.0 */
/* Checking a relying party's PresentationRequest against a trust list: the one
 * place both the relying party (eid_verifier_open_request) and the wallet
 * (eid_verifier_inspect_request) run it, so that they can never disagree on
 * what a valid request is. */
#ifndef EID_CORE_REQUEST_CHECK_H
#define EID_CORE_REQUEST_CHECK_H
#include "eid/verifier.h"
#include "eid/v1/presentation.pb-c.h"
#include "present/presentation.h"
#include "verify/lists.h"

#define REQUEST_MAX_DOCS 8       /* doc types one request may name */
#define REQUEST_MAX_CLAIMS 32 /* claims per doc type */

typedef struct checked_request {
    Eid__V1__PresentationRequest *msg;
    Eid__V1__PresentationRequestBody *body;
    const Eid__V1__RelyingPartyEntry *rp; /* points into the trust list */
    uint8_t hash[HASH_BYTES];             /* what a presentation's request_hash names */
} checked_request;

/* Decodes `request` canonically and checks, in this order: the trust list has
 * not expired at `now` (EID_ERR_LIST_EXPIRED); version, nonce, signature size,
 * at least one doc type and claim, claims ascending, no doc type twice, and a
 * lifetime of 1..EID_REQUEST_MAX_LIFETIME seconds (EID_ERR_FORMAT); relying
 * party and key id in the trust list (EID_ERR_UNTRUSTED_RELYING_PARTY); the signature
 * (EID_ERR_BAD_SIGNATURE); every claim allowed to that relying party
 * (EID_ERR_NOT_ALLOWED); `now` not after expires_at and not earlier than
 * created_at - clock_skew (EID_ERR_REQUEST_EXPIRED). Also EID_ERR_TOO_LARGE.
 * On EID_OK *out holds the decoded request (free with checked_request_free);
 * on failure it is empty. */
eid_status request_check(const trust_set *trust, int64_t clock_skew, const uint8_t *request, size_t len,
                         int64_t now, checked_request *out);
void checked_request_free(checked_request *c);

/* What an open request asks for, as the replay store keeps it: its lifetime
 * and, per doc type, the claim numbers as a bit mask (bit n: claim n). */
typedef struct request_record {
    int64_t created_at, expires_at;
    size_t n_docs;
    uint32_t doc_type[REQUEST_MAX_DOCS];
    uint32_t claims[REQUEST_MAX_DOCS];
} request_record;
/* The record of a checked request; EID_ERR_FORMAT for a claim number of 32
 * or more (no doc type has one; trust lists allow only known claims). */
eid_status request_record_of(const checked_request *c, request_record *rec);
/* Bytes for the store (at most EID_REPLAY_RECORD_MAX_BYTES); returns the length. */
size_t request_record_encode(const request_record *rec, uint8_t *out);
/* EID_ERR_CORRUPT when the bytes are not a record this library wrote. */
eid_status request_record_decode(const uint8_t *b, size_t n, request_record *rec);

/* The consent-screen view of a checked request (copies what it keeps). */
eid_status request_info_new(const checked_request *c, eid_request_info **info);

#endif
