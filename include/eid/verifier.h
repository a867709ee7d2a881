/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eid/verifier.h — offline verification for relying parties.
 *
 * A verifier is built from the root keys the relying party pins, a signed
 * trust list, the signed revocation lists of the doc types it checks, and a
 * replay store. eid_verifier_check_presentation() then runs every check of docs/FORMAT.md
 * ("Verification") on a scanned "EID1:" text and returns a result that names
 * each check's outcome and, only when all passed, the disclosed claims.
 *
 * Thread safety: an eid_verifier is immutable once eid_verifier_new() has
 * returned; any number of threads may call eid_verifier_check_presentation() on it at once. The
 * replay store is internally locked; one store may serve several verifiers
 * (build a new verifier for each daily list refresh and hand it the same
 * store, so that nothing can be replayed across the refresh). An eid_result
 * belongs to the thread that received it; an eid_request_info is immutable
 * and may be read from any thread.
 *
 * A wallet uses a verifier too, for requests: eid_verifier_inspect_request()
 * checks a scanned "EIDR1:" request against the wallet's trust list and tells
 * the consent screen who asks and for what.
 *
 * In order of use: building a verifier (and naming the revocation lists whose
 * sequences it keeps), verifying, results; then challenges (the relying
 * party's requests and the wallet's look at them), the replay store, and the
 * checks an issuer runs on a wallet's requests.
 */
#ifndef EID_VERIFIER_H
#define EID_VERIFIER_H

#include "present.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- building a verifier ----------------------------------------------------- */
/* The replay store a verifier records into ("the replay store", below). */
typedef struct eid_replay_store eid_replay_store;

/* A revocation list counts for at most max_revocation_age seconds after its
 * issued_at, whatever its next_update and the allowed staleness say
 * (docs/FORMAT.md, "Revocation lists"): by default a week, at most 31 days. */
#define EID_REVOCATION_LIST_DEFAULT_MAX_AGE ((int64_t)7 * 86400)
#define EID_REVOCATION_LIST_MAX_AGE_LIMIT ((int64_t)31 * 86400)
/*! eid_revocation_list_default_max_age(), eid_revocation_list_max_age_limit() : the macros above, for bindings. */
EID_API int64_t eid_revocation_list_default_max_age(void);
EID_API int64_t eid_revocation_list_max_age_limit(void);

#define EID_VERIFIER_OFFLINE_LIFETIME_MAX 3600 /* seconds */
#define EID_VERIFIER_CLOCK_SKEW_MAX 3600 /* seconds */
/*! eid_verifier_offline_lifetime_max(), eid_verifier_clock_skew_max() : the macros above, for bindings. */
EID_API int64_t eid_verifier_offline_lifetime_max(void);
EID_API int64_t eid_verifier_clock_skew_max(void);

/* The layout eid_verifier_options has in this header (eid/common.h, "Option
 * structs"). */
#define EID_VERIFIER_OPTIONS_VERSION 1
typedef struct eid_verifier_options {
    uint32_t version;              /* EID_VERIFIER_OPTIONS_VERSION, set by eid_verifier_options_default() */
    uint32_t min_assurance;        /* default 2: level-1 credentials fail */
    int require_challenge;         /* default 0; 1 refuses offline presentations */
    uint32_t root_threshold;       /* k: distinct pinned roots that must sign the trust list (default 1) */
    int64_t offline_lifetime;      /* seconds an offline presentation lives
                                      (default 60; 1..EID_VERIFIER_OFFLINE_LIFETIME_MAX) */
    int64_t clock_skew;            /* seconds of tolerated clock difference
                                      (default 30; 0..EID_VERIFIER_CLOCK_SKEW_MAX) */
    int64_t allowed_staleness;     /* seconds a list may be past next_update (default 0) */
    int64_t max_revocation_age;    /* seconds a revocation list counts after its issued_at (default
                                      EID_REVOCATION_LIST_DEFAULT_MAX_AGE; 1..EID_REVOCATION_LIST_MAX_AGE_LIMIT) */
    uint64_t min_trust_sequence;   /* the highest trust-list sequence seen before */
    /* The relying party this verifier works for, as its rp_id in the trust list
     * (copied; default NULL). It opens only that party's requests and accepts
     * only answers to them; NULL makes a verifier that accepts no challenged
     * presentation (a wallet's, which only inspects requests). */
    const char *rp_id;
} eid_verifier_options;

/*! eid_verifier_options_default() :
 *  Fills *options with the defaults above, for the layout of `version` (pass
 *  EID_VERIFIER_OPTIONS_VERSION); then set the fields to change.
 *  @return EID_OK; EID_ERR_INVALID_ARG (NULL, or a version this library does
 *          not know: *options untouched). */
EID_API eid_status eid_verifier_options_default(eid_verifier_options *options, uint32_t version);

/* A signed revocation list and the lowest sequence the caller accepts for it. */
typedef struct eid_revocation_list_input {
    const uint8_t *data;
    size_t len;
    uint64_t min_sequence;
} eid_revocation_list_input;

typedef struct eid_verifier eid_verifier;

/*! eid_verifier_new() :
 *  Checks and loads the trust list (signed by options->root_threshold distinct
 *  keys among root_keys, n_roots * 32 bytes, no key pinned twice) and each
 *  revocation list (signed by a revocation key of the issuer it names). Every list is
 *  untrusted input: its signatures are checked on the envelope before its
 *  body is decoded, so an unauthenticated list costs one copy of its body
 *  (for the signature check) and nothing that grows with its shape.
 *  Time-dependent checks (expiry, staleness, age, key windows, the clock)
 *  happen at each eid_verifier_check_presentation(), at its `now`.
 *  Copies what it keeps; `store` is borrowed and must outlive the verifier;
 *  it may be NULL for a verifier that only checks credentials and inspects
 *  requests (a wallet's), whose eid_verifier_check_presentation() and eid_verifier_open_request()
 *  then return EID_ERR_STATE. A verifier built on a store raises the store's
 *  window to its offline_lifetime + clock_skew (above). options may be NULL.
 *  One refused list refuses
 *  the whole call; to learn which, load a list alone with the trust list.
 *  @return EID_OK;
 *          EID_ERR_INVALID_ARG (a NULL input, n_roots outside 1..32, a root key
 *          pinned twice, an options version this library does not know, an
 *          option out of range or a boolean option other than 0 or 1, an rp_id
 *          that is empty, over 64 bytes or not valid text);
 *          EID_ERR_TOO_LARGE (a trust list over 1 MiB, a revocation list over
 *          16 MiB + 4 KiB);
 *          EID_ERR_FORMAT (not canonical, a malformed field, more than 32
 *          root-signature entries or two for one key, a trust list living more
 *          than 92 days after its issued_at);
 *          EID_ERR_UNSUPPORTED_VERSION (a list body of another version);
 *          EID_ERR_UNTRUSTED_LIST (fewer than k distinct pinned roots signed);
 *          EID_ERR_UNTRUSTED_ISSUER (a revocation list whose key is unknown, lacks
 *          revocation usage, belongs to another issuer, may not sign its doc type,
 *          did not cover its issued_at in its signing window, or stopped
 *          verifying before the trust list's issued_at less the clock skew);
 *          EID_ERR_BAD_SIGNATURE (a revocation list's signature);
 *          EID_ERR_LIST_ROLLBACK (a sequence below its minimum);
 *          EID_ERR_EXISTS (two revocation lists for the same issuer, doc type and
 *          list id); EID_ERR_NO_MEMORY. */
EID_API eid_status eid_verifier_new(const uint8_t *root_keys, size_t n_roots, const eid_verifier_options *options,
                                    const uint8_t *trust_list, size_t trust_list_len,
                                    const eid_revocation_list_input *status_lists, size_t n_status_lists,
                                    eid_replay_store *store, eid_verifier **verifier);
/*! eid_verifier_free() : accepts NULL. */
EID_API void eid_verifier_free(eid_verifier *verifier);

/* ---- naming revocation lists, for rollback minimums -------------------------------- */
/* A relying party keeps, for each revocation list, the highest sequence it has
 * seen, and passes it back as that list's min_sequence. A list is named by
 * (issuer_id, doc_type, list_id): before loading, eid_revocation_list_peek()
 * reads the name from the untrusted bytes, to look the stored minimum up;
 * after loading, eid_verifier_revocation_list() says which lists count at a given
 * time, and only their sequences may be stored (a list that does not count,
 * e.g. signed by a retired key, must never raise a minimum). */
#define EID_ISSUER_ID_MAX_BYTES 64
/*! eid_issuer_id_max_bytes() : EID_ISSUER_ID_MAX_BYTES, for bindings. */
EID_API size_t eid_issuer_id_max_bytes(void);

typedef struct eid_revocation_list_name {
    char issuer_id[EID_ISSUER_ID_MAX_BYTES + 1]; /* UTF-8, NUL-terminated */
    uint32_t doc_type;
    uint32_t list_id;
    uint64_t sequence;
    int64_t issued_at;             /* seconds */
    int64_t next_update;           /* seconds */
} eid_revocation_list_name;

/*! eid_revocation_list_peek() :
 *  Reads the name of a serialized StatusList WITHOUT verifying anything: use
 *  it only to look up the stored minimum sequence, never to decide anything.
 *  Allocates nothing beyond a few bytes.
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_TOO_LARGE; EID_ERR_FORMAT;
 *          EID_ERR_UNSUPPORTED_VERSION. *name is zeroed on failure. */
EID_API eid_status eid_revocation_list_peek(const uint8_t *list, size_t len, eid_revocation_list_name *name);

/*! eid_verifier_revocation_list_count() : how many revocation lists the verifier loaded (0 for NULL). */
EID_API size_t eid_verifier_revocation_list_count(const eid_verifier *verifier);

/*! eid_verifier_revocation_list() :
 *  Names the loaded revocation list at `index` (load order) and says whether it
 *  counts at `now`, i.e. would decide a credential's status then.
 *  @return EID_OK (it counts: its sequence may be stored as the new minimum);
 *          EID_ERR_INVALID_ARG (NULL or index out of range; *name zeroed);
 *          or why it does not count, *name still filled:
 *          EID_ERR_CLOCK (now + skew is before a loaded list's issued_at);
 *          EID_ERR_UNTRUSTED_ISSUER (its key's verifying window has ended);
 *          EID_ERR_LIST_EXPIRED (older than the maximum revocation-list age);
 *          EID_ERR_LIST_STALE (past next_update beyond the allowed staleness). */
EID_NODISCARD EID_API eid_status eid_verifier_revocation_list(const eid_verifier *verifier, size_t index, int64_t now,
                                                              eid_revocation_list_name *name);

/* ---- verifying ----------------------------------------------------------------- */
typedef enum eid_check {
    EID_CHECK_FORMAT = 0,          /* prefix, base45, size bound, canonical decoding, versions */
    EID_CHECK_CLOCK = 1,           /* now is not earlier than a loaded list's issued_at */
    EID_CHECK_TRUST_LIST = 2,      /* trust list neither expired nor stale */
    EID_CHECK_ISSUER_KEY = 3,      /* key known, usage, doc type, max assurance, windows */
    EID_CHECK_ISSUER_SIGNATURE = 4,
    EID_CHECK_VALIDITY = 5,        /* validity days and issued_on not after today, with clock skew */
    EID_CHECK_ASSURANCE = 6,       /* assurance >= the verifier's minimum */
    EID_CHECK_DISCLOSURES = 7,     /* each disclosure canonical, 16-byte salt, known claim, valid value, no duplicate */
    EID_CHECK_PROOF = 8,           /* disclosures + proof give the signed Merkle root */
    EID_CHECK_HOLDER_SIGNATURE = 9,
    EID_CHECK_FRESHNESS = 10,      /* offline: age and lifetime; challenge: an open request of this relying
                                      party, created_at in its lifetime, exactly its claims of its doc type */
    EID_CHECK_REVOCATION = 11,     /* status entry clear in a list that counts at now */
    EID_CHECK_REPLAY = 12          /* first use of this presentation and request */
} eid_check;
#define EID_CHECK_COUNT 13
/*! eid_check_count() : EID_CHECK_COUNT, for bindings (checks are 0..count-1). */
EID_API size_t eid_check_count(void);

typedef enum eid_check_outcome {
    EID_CHECK_PASSED = 0,
    EID_CHECK_FAILED = 1,
    EID_CHECK_SKIPPED = 2,         /* could not run because something it needs failed */
    EID_CHECK_NOT_APPLICABLE = 3   /* not part of this entry point (eid_verifier_check_credential) */
} eid_check_outcome;

typedef struct eid_result eid_result;

/*! eid_verifier_check_presentation() :
 *  Verifies an "EID1:" text at time `now` (seconds). Bad input of any kind
 *  gets a status, never a crash. On a valid presentation the replay store
 *  records it (and consumes its request), so a second eid_verifier_check_presentation() of the same
 *  text fails with EID_ERR_REPLAYED; a presentation rejected for any other
 *  reason uses up nothing.
 *  Every check applies here. The result is EID_OK only when every check
 *  PASSED: a skipped check never counts as passed.
 *  @return EID_OK when every check passed; otherwise the status of the first
 *          failed check in the order of eid_check, or EID_ERR_INTERNAL when no
 *          check failed but one did not run. *result is always set
 *          (except on EID_ERR_INVALID_ARG / EID_ERR_NO_MEMORY / EID_ERR_STATE, when it is NULL)
 *          and must be freed with eid_result_free(). EID_ERR_NO_MEMORY whenever
 *          memory ran out during any check: it is never reported as a verdict
 *          on the text, and the presentation is not used up. A replay store
 *          outside the process (eid/fleet.h) that cannot answer fails the
 *          freshness check of a challenged presentation or the replay check
 *          with EID_ERR_UNAVAILABLE (EID_ERR_ACCESS_DENIED when it refuses the
 *          credentials): never valid without the store's word. */
EID_NODISCARD EID_API eid_status eid_verifier_check_presentation(const eid_verifier *verifier, const char *text,
                                                                 int64_t now,
                                          eid_result **result);

/*! eid_verifier_check_credential() :
 *  The wallet's import check of a credential bundle: the checks of eid_verifier_check_presentation()
 *  except holder signature, freshness and replay, which do not apply to a
 *  bundle and are reported as EID_CHECK_NOT_APPLICABLE, over every disclosure
 *  and decoy of the bundle. EID_OK only when every other check PASSED. The
 *  result's claims are all of the bundle's claims. Statuses as eid_verifier_check_presentation(). */
EID_NODISCARD EID_API eid_status eid_verifier_check_credential(const eid_verifier *verifier, const uint8_t *bundle,
                                                               size_t len, int64_t now, eid_result **result);

/* ---- results ------------------------------------------------------------------- */
/*! eid_result_status() : the status eid_verifier_check_presentation() returned. */
EID_API eid_status eid_result_status(const eid_result *result);
/*! eid_result_check() : the outcome of one check; *status (may be NULL) gets its status. */
EID_API eid_check_outcome eid_result_check(const eid_result *result, eid_check check, eid_status *status);
/*! eid_result_check_detail() : a short English sentence on why a check failed, "" when it
 *  did not (static storage; never contains claim values). */
EID_API const char *eid_result_check_detail(const eid_result *result, eid_check check);
/*! eid_check_name() : "issuer_signature", ... (static storage). */
EID_API const char *eid_check_name(eid_check check);

/* What the presentation claims to be; set whenever the format check passed,
 * trustworthy only when eid_result_status() is EID_OK. */
EID_API uint32_t eid_result_doc_type(const eid_result *result);
EID_API uint32_t eid_result_assurance(const eid_result *result);
/*! eid_result_issuer() : issuer id and display name from the trust list ("" when unknown);
 *  strings live as long as the result. */
EID_API const char *eid_result_issuer_id(const eid_result *result);
EID_API const char *eid_result_issuer_name(const eid_result *result);
EID_API int32_t eid_result_valid_from(const eid_result *result);
EID_API int32_t eid_result_valid_until(const eid_result *result);
/*! eid_result_challenged() : 1 when the presentation is in challenge mode (an answer
 *  to a request; valid only with EID_OK: a request this verifier's relying party
 *  opened, answered with exactly what it asked), 0 for an offline
 *  ("unchallenged") one. */
EID_API int eid_result_challenged(const eid_result *result);
/*! eid_result_stale() : 1 when a list used was past next_update within the allowed staleness. */
EID_API int eid_result_stale(const eid_result *result);
/*! eid_result_claim_count() / eid_result_claim() : the disclosed claims, in claim order,
 *  only when every check passed (0 otherwise). Pointers live as long as the result. */
EID_API size_t eid_result_claim_count(const eid_result *result);
EID_API const eid_claim *eid_result_claim(const eid_result *result, size_t index);
/*! eid_result_trust_sequence() / eid_result_revocation_sequence() : the sequences of the trust
 *  list and of the revocation list used (0 when no revocation list counted), for the caller to
 *  store as its new minimums. */
EID_API uint64_t eid_result_trust_sequence(const eid_result *result);
EID_API uint64_t eid_result_revocation_sequence(const eid_result *result);
/*! eid_result_revocation_list() : names the revocation list that decided the credential's status.
 *  @return EID_OK; EID_ERR_NOT_FOUND (no list counted: the revocation check was skipped or
 *          failed before a list was chosen); EID_ERR_INVALID_ARG. *name is zeroed unless EID_OK. */
EID_API eid_status eid_result_revocation_list(const eid_result *result, eid_revocation_list_name *name);
/*! eid_result_free() : accepts NULL. */
EID_API void eid_result_free(eid_result *result);

/* ---- challenges: the relying party's requests ------------------------------------ */
/*! eid_verifier_open_request() :
 *  Registers a request this relying party created (eid_request_create) as open,
 *  after checking that its relying party and key are in the trust list, its
 *  signature, its lifetime, and that the trust list lets it ask for those claims
 *  (the checks of eid_verifier_inspect_request() below), and that it is this
 *  verifier's relying party's (options->rp_id). The store keeps it under
 *  (relying party, request) with what it asks for, until it expires.
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_STATE (no replay store);
 *          EID_ERR_TOO_LARGE; EID_ERR_FORMAT;
 *          EID_ERR_UNTRUSTED_RELYING_PARTY (relying party or key unknown);
 *          EID_ERR_BAD_SIGNATURE; EID_ERR_NOT_ALLOWED (claims the relying party
 *          may not request, or another relying party's request, or a verifier
 *          built without rp_id); EID_ERR_REQUEST_EXPIRED; EID_ERR_LIST_EXPIRED;
 *          EID_ERR_EXISTS; EID_ERR_STORE_FULL; EID_ERR_UNAVAILABLE or
 *          EID_ERR_ACCESS_DENIED (a replay store outside the process, e.g.
 *          eid/fleet.h, did not answer or refused the credentials). */
EID_NODISCARD EID_API eid_status eid_verifier_open_request(const eid_verifier *verifier, const uint8_t *request,
                                                           size_t len, int64_t now);

/* ---- the wallet's side of a request ------------------------------------------------ */
/* A holder app that scans an "EIDR1:" code must show a consent screen naming
 * who asks and for what, and only for a request the trust list vouches for.
 * It gets that from the same checks the relying party runs: the wallet builds
 * an eid_verifier from its own pinned roots and trust list (revocation lists may
 * be omitted: n_status_lists = 0, with a replay store of its own that nothing
 * is ever recorded in), calls eid_request_from_text() on the scanned text and
 * then eid_verifier_inspect_request(). After consent it answers with
 * eid_present(..., request, ...), which binds the presentation to the
 * request's hash and discloses exactly the claims the request asks of the
 * doc type shown. */
typedef struct eid_request_info eid_request_info;

/*! eid_verifier_inspect_request() :
 *  Checks a serialized PresentationRequest (untrusted input, e.g. from
 *  eid_request_from_text) at time `now` exactly as eid_verifier_open_request()
 *  does, without registering anything: the trust list has not expired; the
 *  request decodes canonically, has version 1, a 16-byte nonce, at least one
 *  doc type with at least one claim, claims ascending, no doc type twice, and
 *  lives at most EID_REQUEST_MAX_LIFETIME seconds; its relying party and key
 *  id are in the trust list; its signature verifies with that key; the trust
 *  list allows that relying party every claim it asks for; `now` is not after
 *  its expiry nor more than the verifier's clock skew before its creation.
 *  On EID_OK *info receives what the consent screen shows (free with
 *  eid_request_info_free); on failure *info is NULL.
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_TOO_LARGE; EID_ERR_FORMAT (not
 *          canonical, malformed, or a lifetime over EID_REQUEST_MAX_LIFETIME);
 *          EID_ERR_UNTRUSTED_RELYING_PARTY (relying party unknown, or not its
 *          key); EID_ERR_BAD_SIGNATURE; EID_ERR_NOT_ALLOWED (claims or a doc
 *          type the relying party may not request); EID_ERR_REQUEST_EXPIRED
 *          (expired, or created in the future); EID_ERR_LIST_EXPIRED (the
 *          trust list itself has expired); EID_ERR_NO_MEMORY. */
EID_NODISCARD EID_API eid_status eid_verifier_inspect_request(const eid_verifier *verifier, const uint8_t *request,
                                                              size_t len, int64_t now, eid_request_info **info);
/*! eid_request_info_free() : accepts NULL. */
EID_API void eid_request_info_free(eid_request_info *info);
/*! eid_request_info_rp_id() : the relying party's id ("vn.csgt.checkpoint"). */
EID_API const char *eid_request_info_rp_id(const eid_request_info *info);
/*! eid_request_info_rp_name() : the relying party's display name, taken from the
 *  trust list, never from the request. Strings live as long as the info. */
EID_API const char *eid_request_info_rp_name(const eid_request_info *info);
/*! eid_request_info_created_at() / eid_request_info_expires_at() : seconds since 1970;
 *  the answer must reach the relying party before expires_at. */
EID_API int64_t eid_request_info_created_at(const eid_request_info *info);
EID_API int64_t eid_request_info_expires_at(const eid_request_info *info);
/*! eid_request_info_doc_count() : how many doc types the request names (at least 1). */
EID_API size_t eid_request_info_doc_count(const eid_request_info *info);
/*! eid_request_info_doc_type() : the doc type at doc_index (0 when out of range). */
EID_API uint32_t eid_request_info_doc_type(const eid_request_info *info, size_t doc_index);
/*! eid_request_info_claim_count() : how many claims are asked of the doc type at doc_index. */
EID_API size_t eid_request_info_claim_count(const eid_request_info *info, size_t doc_index);
/*! eid_request_info_claim() : the claim number at claim_index (ascending) of the doc type at
 *  doc_index; eid_claim_name(doc_type, number) names it.
 *  @return EID_OK, EID_ERR_INVALID_ARG (NULL or an index out of range; *number = 0). */
EID_API eid_status eid_request_info_claim(const eid_request_info *info, size_t doc_index, size_t claim_index,
                                          uint32_t *number);

/* ---- replay store ---------------------------------------------------------- */
/* Records accepted presentations (keyed on a hash of the holder signature)
 * and the relying parties' open requests, until they expire. Bounded: at most
 * EID_REPLAY_PER_HOLDER live presentations per holder key, and it fails
 * closed (EID_ERR_STORE_FULL) rather than forget a live entry.
 *
 * Time rule (docs/FORMAT.md, "Replay"): an entry recorded until T is live at
 * every `now` <= T, inclusive, just as an offline presentation is fresh at
 * every `now` in [created_at - clock_skew, created_at + offline_lifetime]. The
 * store keeps the longest window (offline_lifetime + clock_skew) of every
 * verifier built on it, and records each offline presentation until
 * created_at + that window, so no verifier sharing the store finds a
 * presentation fresh that it no longer remembers. */
#define EID_REPLAY_PER_HOLDER 8
#define EID_REPLAY_DEFAULT_CAPACITY 65536
/*! eid_replay_per_holder(), eid_replay_default_capacity() : the macros above, for bindings. */
EID_API size_t eid_replay_per_holder(void);
EID_API size_t eid_replay_default_capacity(void);
/* The largest record libeid keeps with an open request (what it asked for). */
#define EID_REPLAY_RECORD_MAX_BYTES 96
/*! eid_replay_record_max_bytes() : EID_REPLAY_RECORD_MAX_BYTES, for bindings. */
EID_API size_t eid_replay_record_max_bytes(void);

/*! eid_replay_store_new() : a store for `capacity` holders and as many open
 *  requests (0 = EID_REPLAY_DEFAULT_CAPACITY). Free with eid_replay_store_free
 *  after every verifier using it is freed.
 *  @return EID_OK, EID_ERR_INVALID_ARG, EID_ERR_NO_MEMORY. */
EID_API eid_status eid_replay_store_new(size_t capacity, eid_replay_store **store);
/* A replay store kept outside this process, so that a fleet of relying-party
 * servers shares one (Redis, a database). Each callback must be atomic on the
 * backend's side; each names one key, so a single server-side script (a Redis
 * Lua script or MULTI) implements it. Keys are 16 bytes:
 * - `request` = BLAKE2b-128, personalisation "eid.v1.rp-req" (zero-padded
 *   to 16 bytes), of the request's hash (BLAKE2b-128 of the serialized PresentationRequest) followed
 *   by the verifier's relying-party id: requests are keyed by (relying party,
 *   request), so a party never sees another party's request, whatever the
 *   backend does with the keys;
 * - `presentation` = BLAKE2b-128 of the holder signature;
 * - `holder` = BLAKE2b-128 of the holder key.
 * An entry stored "until T" must answer as live for every `now` <= T (the
 * Redis store of eid/fleet.h lets the server drop it T + 1 - now seconds after
 * writing it). Times are seconds since 1970. libeid checks a request's
 * lifetime itself, from the record it stored with it. Any callback may also
 * return EID_ERR_UNAVAILABLE (no answer in time, an error or nonsense) or
 * EID_ERR_ACCESS_DENIED (credentials refused): the verification then fails
 * with that status. */
typedef struct eid_replay_backend {
    void *ctx;
    /* Records an open request with `record` (record_len bytes, at most
     * EID_REPLAY_RECORD_MAX_BYTES: what the request asks for and its lifetime;
     * keep the bytes as given) until keep_until.
     * EID_OK, EID_ERR_EXISTS (already recorded and live), EID_ERR_STORE_FULL. */
    eid_status (*open_request)(void *ctx, const uint8_t request[16], const uint8_t *record, size_t record_len,
                               int64_t keep_until, int64_t now);
    /* EID_OK with the record copied to record[0..*record_len) (a buffer of
     * EID_REPLAY_RECORD_MAX_BYTES); EID_ERR_REQUEST_UNKNOWN (not recorded, or
     * no longer live); EID_ERR_REPLAYED (already answered). */
    eid_status (*request_state)(void *ctx, const uint8_t request[16], int64_t now, uint8_t *record,
                                size_t *record_len);
    /* All or nothing: EID_ERR_REPLAYED when `presentation` is recorded and live;
     * when request != NULL, EID_ERR_REQUEST_UNKNOWN or EID_ERR_REPLAYED as
     * request_state() says; EID_ERR_STORE_FULL when `holder` already has
     * EID_REPLAY_PER_HOLDER live entries or there is no room; otherwise records
     * `presentation` until keep_until, marks the request answered, and returns
     * EID_OK. */
    eid_status (*commit)(void *ctx, const uint8_t presentation[16], const uint8_t holder[16], int64_t keep_until,
                         const uint8_t *request, int64_t now);
    /* Seconds: the longest offline_lifetime + clock_skew of any verifier in the
     * whole fleet (0..EID_VERIFIER_OFFLINE_LIFETIME_MAX + EID_VERIFIER_CLOCK_SKEW_MAX). Each
     * process's store knows only the verifiers built on it, so a fleet whose
     * servers use different options sets this, or an entry one server recorded
     * could expire while another still finds the presentation fresh. */
    int64_t window;
} eid_replay_backend;

/*! eid_replay_store_new_with_backend() : a store whose every operation goes to
 *  `backend` (copied; its ctx must outlive the store). Free with
 *  eid_replay_store_free(), which does not touch the backend.
 *  @return EID_OK, EID_ERR_INVALID_ARG (a NULL callback, a window out of
 *          range), EID_ERR_NO_MEMORY. */
EID_API eid_status eid_replay_store_new_with_backend(const eid_replay_backend *backend, eid_replay_store **store);
/*! eid_replay_store_free() : accepts NULL. */
EID_API void eid_replay_store_free(eid_replay_store *store);

/* ---- issuer-side checks of a wallet's requests -------------------------------------- */
/* What an identity authority or a document issuer runs on a wallet's request
 * before it signs anything for it (eid/issuer.h signs). They sit here, with
 * every other check of untrusted input, because two of them run eid_verifier_check_presentation()'s
 * checks on the identity credential inside the request through a verifier. */
/*! eid_activation_check() :
 *  The identity authority's check of a wallet's ActivationRequest: canonical,
 *  version 1, an Ed25519 holder key, the expected `challenge`, and a signature
 *  by that holder key (proof of possession). On EID_OK, holder_key (32 bytes)
 *  and *key_protection receive what eid_issue_credential() binds.
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_FORMAT; EID_ERR_UNSUPPORTED_VERSION;
 *          EID_ERR_WRONG_CHALLENGE (another challenge); EID_ERR_BAD_SIGNATURE. */
EID_NODISCARD EID_API eid_status eid_activation_check(const uint8_t *request, size_t len, const uint8_t *challenge,
                                                      size_t challenge_len,
                                                      uint8_t holder_key[EID_KEY_PUBLIC_BYTES],
                                                      uint32_t *key_protection);

/*! eid_verifier_check_issuance() :
 *  A document issuer's check of a wallet's IssuanceRequest: the identity
 *  credential inside passes every check of eid_verifier_check_presentation() that applies to it
 *  (trust, signature, validity, the verifier's minimum assurance, status) with
 *  its disclosures and proof, personal_id is among them, the request carries
 *  the issuer's `challenge`, and it is signed both by the identity's holder
 *  key and by the new holder key (proof of possession of each). On EID_OK,
 *  holder_key (32 bytes), *key_protection and personal_id (NUL-terminated,
 *  13 bytes) receive what the issuer binds into the document.
 *  @return EID_OK; EID_ERR_INVALID_ARG; EID_ERR_FORMAT; EID_ERR_WRONG_CHALLENGE
 *          (another challenge); EID_ERR_WRONG_LEVEL; EID_ERR_BAD_SIGNATURE;
 *          EID_ERR_NOT_FOUND (personal_id not disclosed); or the identity's
 *          failing status as eid_verifier_check_presentation() names it. */
EID_NODISCARD EID_API eid_status eid_verifier_check_issuance(const eid_verifier *verifier, const uint8_t *request,
                                                             size_t len,
                                                             const uint8_t *challenge, size_t challenge_len,
                                                             int64_t now,
                                                             uint8_t holder_key[32], uint32_t *key_protection,
                                                             char personal_id[13]);

/*! eid_verifier_check_refill() :
 *  An issuer's check of a wallet's BatchRefillRequest (docs/FORMAT.md,
 *  "Batches"): every check of eid_verifier_check_issuance(), for 1..cap distinct new
 *  holder keys (at most EID_BATCH_MAX_MEMBERS), each with its proof of
 *  possession, and a known doc type. On EID_OK, *doc_type names the document
 *  to refill, holder_keys[0..32 * *n_keys) receives the keys in request order
 *  (the caller's buffer holds cap * 32 bytes), *key_protection and
 *  personal_id (NUL-terminated, 13 bytes) what eid_issue_batch() binds.
 *  @return as eid_verifier_check_issuance(); EID_ERR_FORMAT also for more than cap
 *          keys or a repeated key. */
EID_NODISCARD EID_API eid_status eid_verifier_check_refill(const eid_verifier *verifier, const uint8_t *request,
                                                           size_t len, const uint8_t *challenge, size_t challenge_len,
                                                           int64_t now, uint32_t *doc_type, uint8_t *holder_keys,
                                                           size_t cap, size_t *n_keys, uint32_t *key_protection,
                                                           char personal_id[13]);

#ifdef __cplusplus
}
#endif
#endif
