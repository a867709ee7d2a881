/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eid/wallet.h — the level-2 identity wallet on the phone.
 *
 * A wallet lives in an unlocked vault (eid/vault.h): the app opens and
 * unlocks the vault, then hands it to eid_wallet_new(). The wallet keeps one
 * holder key, the identity credential that sets its level, at most one
 * credential per document type, each document's batch of single-use
 * credentials (each with its own holder key), and the audit log of what was
 * shared.
 *
 * Levels (read from the stored identity credential, never from a flag):
 * 0 no identity (or a revoked one), 1 self-registered, 2 verified in person.
 * Only a level-2 wallet imports and presents documents.
 *
 * The trust context of every check is an eid_verifier (eid/verifier.h) the
 * app builds from its pinned roots, the trust list and the revocation lists it
 * downloaded; the wallet never goes to the network.
 *
 * Thread safety: a wallet, like its vault, is used by one thread at a time.
 * Every mutating call is one vault transaction: after a crash the wallet is
 * as it was before the call or as it is after it.
 */
#ifndef EID_WALLET_H
#define EID_WALLET_H

#include "card.h"
#include "vault.h"
#include "verifier.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct eid_wallet eid_wallet;

/* The layout eid_wallet_options has in this header (eid/common.h, "Option structs"). */
#define EID_WALLET_OPTIONS_VERSION 1
typedef struct eid_wallet_options {
    uint32_t version;                /* EID_WALLET_OPTIONS_VERSION, set by eid_wallet_options_default() */
    eid_clock_fn clock;              /* NULL: eid_system_clock */
    void *clock_ctx;
    int64_t audit_retention;         /* seconds an audit entry is kept (default 365 days) */
    const char *device_label;        /* shown to the identity authority (default "libeid") */
    uint32_t key_protection;         /* eid_key_protection of the holder key (default software) */
    /* Batches of single-use credentials (see "batches" below). */
    uint32_t batch_size;             /* keys a refill request asks for (default 16, 1..EID_BATCH_MAX_MEMBERS) */
    uint32_t batch_low_water;        /* a refill is due when this many or fewer are left (default 4) */
    uint32_t batch_policy;           /* eid_batch_policy (default EID_BATCH_ONCE_ONLY) */
    int batch_reuse_when_empty;      /* 0 or 1; 1: with none left, present the credential of record (and say so);
                                        0 (default): refuse with EID_ERR_BATCH_EMPTY */
} eid_wallet_options;

/* Which batch member a presentation uses. */
typedef enum eid_batch_policy {
    EID_BATCH_ONCE_ONLY = 0,         /* every presentation a member no one has seen; deleted once shown */
    EID_BATCH_PER_RELYING_PARTY = 1  /* one member per relying party of a verified request (shown to it
                                        again, never to another); offline presentations as once-only */
} eid_batch_policy;

/*! eid_wallet_options_default() : fills *options, for the layout of `version`
 *  (pass EID_WALLET_OPTIONS_VERSION), with the defaults: system clock, 365
 *  days of audit log, software key, batches of 16 refilled at 4 left,
 *  once-only, no reuse.
 *  @return EID_OK; EID_ERR_INVALID_ARG (NULL, or a version this library does
 *          not know: *options untouched). */
EID_API eid_status eid_wallet_options_default(eid_wallet_options *options, uint32_t version);

/*! eid_wallet_new() :
 *  A wallet over `vault` (borrowed: it must stay open, and unlocked for every
 *  call below, until eid_wallet_free()). Purges audit entries past retention.
 *  @return EID_OK; EID_ERR_LOCKED; EID_ERR_INVALID_ARG (also: an options version
 *          this library does not know, an option out of range or a boolean
 *          other than 0 or 1); EID_ERR_NO_MEMORY; vault statuses. */
EID_API eid_status eid_wallet_new(eid_vault *vault, const eid_wallet_options *options, eid_wallet **wallet);
/*! eid_wallet_free() : accepts NULL; the vault stays open. */
EID_API void eid_wallet_free(eid_wallet *wallet);

/*! eid_wallet_last_error() : a message about the last failure of this
 *  wallet's activate, import, refresh, present or batch import: the fact the
 *  status lacks (which check failed, which member of a batch, that a document
 *  names another person), for developers. It never holds a secret, a claim
 *  value or anything else of the person. "" before any failure and for NULL;
 *  lives as long as `wallet`, until its next failing call. */
EID_API const char *eid_wallet_last_error(const eid_wallet *wallet);

/*! eid_wallet_level() : 0, 1 or 2 as above.
 *  @return EID_OK; EID_ERR_LOCKED; EID_ERR_CORRUPT (a stored credential no longer decodes). */
EID_API eid_status eid_wallet_level(eid_wallet *wallet, uint32_t *level);

/* ---- activation --------------------------------------------------------------- */

/*! eid_wallet_activation_request() :
 *  Creates the wallet's holder key in the vault (once; later calls reuse it)
 *  and answers the identity authority's `challenge` (1..64 bytes) with a
 *  signed ActivationRequest (proof of possession). *request: caller frees.
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_LOCKED; keystore statuses. */
EID_API eid_status eid_wallet_activation_request(eid_wallet *wallet, const uint8_t *challenge, size_t challenge_len,
                                                 eid_bytes *request);

/*! eid_wallet_activate() :
 *  Stores the identity credential bundle the authority returned, after
 *  checking it against `trust` (eid_verifier_check_credential: trust, issuer
 *  signature, Merkle leaves, validity, status; assurance 1 or 2 accepted) and
 *  that it names this wallet's holder key. It replaces any earlier identity;
 *  if the new one names another person, the documents go with the old one.
 *  The old identity's batch goes with it.
 *  @return EID_OK; EID_ERR_INVALID_ARG (not an identity); EID_ERR_WRONG_HOLDER;
 *          EID_ERR_STATE (no activation request made yet); the verifier's statuses;
 *          EID_ERR_LOCKED; EID_ERR_IO. */
EID_NODISCARD EID_API eid_status eid_wallet_activate(eid_wallet *wallet, const eid_verifier *trust,
                                                     const uint8_t *bundle, size_t len);

/* ---- documents ------------------------------------------------------------------ */

/*! eid_wallet_issuance_request() :
 *  Answers a document issuer's `challenge` with an IssuanceRequest: the
 *  identity credential disclosing personal_id, full_name and birth_date,
 *  signed by the holder key. Level 2 only.
 *  @return EID_OK; EID_ERR_WRONG_LEVEL; EID_ERR_IDENTITY_REVOKED; EID_ERR_INVALID_ARG;
 *          EID_ERR_LOCKED. */
EID_API eid_status eid_wallet_issuance_request(eid_wallet *wallet, const uint8_t *challenge, size_t challenge_len,
                                               eid_bytes *request);

/*! eid_wallet_import() :
 *  Stores a document credential bundle (driving licence, health insurance,
 *  criminal record) after checking it against `trust`, that the wallet is
 *  level 2, that it names this wallet's holder key and the identity's
 *  personal_id. A newer credential of the same doc type replaces the stored
 *  one (its batch goes with it: presentations of a document that had a batch
 *  then wait for a refill); an older one never does.
 *  @return EID_OK; EID_ERR_WRONG_LEVEL; EID_ERR_IDENTITY_REVOKED; EID_ERR_WRONG_HOLDER
 *          (another holder key or person); EID_ERR_OLDER; EID_ERR_EXISTS (the same
 *          credential); EID_ERR_INVALID_ARG (an identity: use eid_wallet_activate);
 *          the verifier's statuses; EID_ERR_LOCKED; EID_ERR_IO. Every refusal leaves
 *          the vault as it was. */
EID_NODISCARD EID_API eid_status eid_wallet_import(eid_wallet *wallet, const eid_verifier *trust,
                                                   const uint8_t *bundle, size_t len);

/*! eid_wallet_delete() : removes the document of `doc_type` (not the identity), with its
 *  batch and the members' holder keys.
 *  @return EID_OK; EID_ERR_NOT_FOUND; EID_ERR_INVALID_ARG; EID_ERR_LOCKED. */
EID_API eid_status eid_wallet_delete(eid_wallet *wallet, uint32_t doc_type);

/*! eid_wallet_list() :
 *  Writes the doc types the wallet holds (identity first) to doc_types[0..cap)
 *  and their number to *count (which may exceed cap).
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_LOCKED. */
EID_API eid_status eid_wallet_list(eid_wallet *wallet, uint32_t *doc_types, size_t cap, size_t *count);

/* A stored credential, decoded for display. */
typedef struct eid_document eid_document;

/*! eid_wallet_document() : the credential of `doc_type`; free with eid_document_free().
 *  @return EID_OK; EID_ERR_NOT_FOUND; EID_ERR_LOCKED; EID_ERR_CORRUPT; EID_ERR_NO_MEMORY. */
EID_API eid_status eid_wallet_document(eid_wallet *wallet, uint32_t doc_type, eid_document **document);
/*! eid_document_free() : zeroes and frees (it holds personal data). Accepts NULL. */
EID_API void eid_document_free(eid_document *document);
EID_API uint32_t eid_document_doc_type(const eid_document *document);
EID_API uint32_t eid_document_assurance(const eid_document *document);
EID_API int32_t eid_document_valid_from(const eid_document *document);
EID_API int32_t eid_document_valid_until(const eid_document *document);
/*! eid_document_validity() : valid, expiring within 30 days, expired, not yet valid, or
 *  revoked (by the last status refresh), on the wallet clock's day when it was read. */
EID_API eid_validity eid_document_validity(const eid_document *document);
/*! eid_document_revoked() : 1 when the last status refresh found it revoked. */
EID_API int eid_document_revoked(const eid_document *document);
/*! eid_document_claim_count() / eid_document_claim() : every claim the credential holds,
 *  by claim number; pointers live as long as the document. */
EID_API size_t eid_document_claim_count(const eid_document *document);
EID_API const eid_claim *eid_document_claim(const eid_document *document, size_t index);
/*! eid_document_card() : the document's card (eid/card.h) on the wallet's day, in `language`. */
EID_API eid_status eid_document_card(const eid_document *document, eid_language language, int reveal_sensitive,
                                     eid_card **card);

/*! eid_wallet_refresh() :
 *  Applies the revocation lists loaded in `lists` to every stored credential, in
 *  one transaction: a credential found revoked is marked revoked (a revoked
 *  identity drops the level to 0 and stops every presentation). Credentials
 *  whose list is not loaded keep their state. *revoked (may be NULL) gets the
 *  number of credentials now marked revoked.
 *  @return EID_OK; EID_ERR_LIST_STALE (a list past its next update: nothing
 *          changed); EID_ERR_CLOCK; EID_ERR_LIST_EXPIRED; EID_ERR_LOCKED; EID_ERR_IO. */
EID_NODISCARD EID_API eid_status eid_wallet_refresh(eid_wallet *wallet, const eid_verifier *lists,
                                                    size_t *revoked);

/* ---- presenting -------------------------------------------------------------------- */

/*! eid_wallet_present() :
 *  A presentation of the claims numbered claims[0..n_claims) (at least one:
 *  nothing is disclosed by default) of the document of `doc_type`, signed by
 *  the holder key in the vault. With `request` (the bytes of an EIDR1: QR, see
 *  eid_request_from_text) it answers that relying party in challenge mode,
 *  after checking the request with `trust` (eid_verifier_inspect_request);
 *  otherwise it is an offline presentation. A document with a batch is shown
 *  through an unseen batch member (below). The audit log records it in the
 *  same transaction (time to the minute, doc type, claim numbers, and the
 *  relying party of a verified request; never values); a once-only member is
 *  deleted, with its holder key, in that transaction, and a crash before the
 *  commit returns nothing. *reused (may be NULL) gets 1 when the presentation
 *  showed a credential relying parties may have seen before (the credential
 *  of record: a document without a batch, or an empty batch under
 *  batch_reuse_when_empty) and 0 otherwise. *presentation: caller frees.
 *  @return EID_OK; EID_ERR_WRONG_LEVEL (below level 2); EID_ERR_IDENTITY_REVOKED;
 *          EID_ERR_NOT_FOUND (no such document or claim); EID_ERR_REVOKED;
 *          EID_ERR_EXPIRED; EID_ERR_NOT_YET_VALID; EID_ERR_INVALID_ARG; the
 *          request statuses of eid_verifier_inspect_request(); EID_ERR_NOT_REQUESTED
 *          (with a request: doc_type is not one it asks for, or claims are not
 *          exactly the claims it asks of doc_type); EID_ERR_BATCH_EMPTY
 *          (the document has had a batch, none is left, and reuse is off);
 *          EID_ERR_LOCKED; EID_ERR_NO_MEMORY (nothing was shown, logged or
 *          used up). */
EID_NODISCARD EID_API eid_status eid_wallet_present(eid_wallet *wallet, uint32_t doc_type, const uint32_t *claims,
                                                    size_t n_claims, const uint8_t *request, size_t request_len,
                                                    const eid_verifier *trust, eid_bytes *presentation,
                                                    int *reused);

/* ---- batches of single-use credentials ---------------------------------------------
 * Each document keeps its long-lived credential of record (level, import,
 * cards, issuer flows); relying parties are served from its batch: short-lived
 * credentials, each with its own holder key, salts and revocation index, so that
 * relying parties comparing notes cannot link two presentations (the issuer
 * still can: docs/UNLINKABILITY.md). Once a document has received a batch,
 * eid_wallet_present() never shows its credential of record unless the app
 * set batch_reuse_when_empty. A document that never had a batch is presented
 * with its credential of record, as before. */

/*! eid_wallet_refill_request() :
 *  Creates batch_size new holder keys in the vault for the document of
 *  `doc_type` (replacing the keys of an earlier unanswered request) and
 *  answers its issuer's `challenge` with a BatchRefillRequest: the identity
 *  disclosing personal_id, full_name and birth_date, signed by the identity's
 *  holder key and by every new key. *request: caller frees. Level 2 only.
 *  @return EID_OK; EID_ERR_WRONG_LEVEL; EID_ERR_IDENTITY_REVOKED; EID_ERR_NOT_FOUND
 *          (no such document); EID_ERR_REVOKED; EID_ERR_INVALID_ARG; EID_ERR_LOCKED;
 *          keystore statuses. */
EID_API eid_status eid_wallet_refill_request(eid_wallet *wallet, uint32_t doc_type, const uint8_t *challenge,
                                             size_t challenge_len, eid_bytes *request);

/*! eid_wallet_batch_import() :
 *  Stores the CredentialBatch an issuer returned for the last refill request,
 *  after checking every member as eid_wallet_import() checks a document, and
 *  that each is bound to one of that request's keys (each at most once), names
 *  the identity's personal_id and carries exactly the claims of the credential
 *  of record. Keys the batch did not use are deleted. All or nothing.
 *  *imported (may be NULL) gets the number of members stored.
 *  @return EID_OK; EID_ERR_STATE (no refill request outstanding for that document);
 *          EID_ERR_WRONG_HOLDER (another key or person); EID_ERR_INVALID_CLAIM (claims
 *          differ from the credential of record); EID_ERR_NOT_FOUND (no credential of
 *          record); EID_ERR_FORMAT; the verifier's statuses; EID_ERR_WRONG_LEVEL;
 *          EID_ERR_IDENTITY_REVOKED; EID_ERR_LOCKED; EID_ERR_IO. */
EID_NODISCARD EID_API eid_status eid_wallet_batch_import(eid_wallet *wallet, const eid_verifier *trust,
                                                         const uint8_t *batch, size_t len, size_t *imported);

/*! eid_wallet_batch_remaining() :
 *  *remaining gets how many members of the document's batch no relying party
 *  has seen and that are valid today or later; *refill_due (may be NULL) gets 1
 *  when that is at most batch_low_water, so the app refills before it runs out.
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_LOCKED. */
EID_API eid_status eid_wallet_batch_remaining(eid_wallet *wallet, uint32_t doc_type, size_t *remaining,
                                              int *refill_due);

/* ---- audit log ------------------------------------------------------------------------ */
typedef struct eid_audit eid_audit;

/*! eid_wallet_audit() : the audit log, oldest first; free with eid_audit_free().
 *  @return EID_OK; EID_ERR_LOCKED; EID_ERR_NO_MEMORY. */
EID_API eid_status eid_wallet_audit(eid_wallet *wallet, eid_audit **log);
EID_API size_t eid_audit_count(const eid_audit *log);
/*! eid_audit_entry() : entry `index`: time (seconds, rounded down to the minute), doc type,
 *  the disclosed claim numbers as a bit set (bit n = claim n), and the relying party's
 *  id ("" when the presentation was offline); strings live as long as the log.
 *  @return EID_OK; EID_ERR_INVALID_ARG (index out of range). */
EID_API eid_status eid_audit_entry(const eid_audit *log, size_t index, int64_t *time, uint32_t *doc_type,
                                   uint32_t *claims, const char **relying_party);
EID_API void eid_audit_free(eid_audit *log);
/*! eid_wallet_audit_clear() : deletes every entry and truncates the write-ahead log, so
 *  no entry remains in any file of the vault. @return EID_OK; EID_ERR_LOCKED; EID_ERR_IO. */
EID_API eid_status eid_wallet_audit_clear(eid_wallet *wallet);

#ifdef __cplusplus
}
#endif
#endif
