/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libeid — portable core of a mobile eID wallet.
 *
 * eid/common.h: what every part of the API shares: the export macro, version,
 * eid_init(), the status codes, library-owned byte buffers, the clock and log
 * callbacks, and calendar days.
 *
 * Thread safety: eid_init() must have returned EID_OK before any other call;
 * after that every function in this header is thread-safe. Handles say their
 * own rules in their headers.
 *
 * What 0.x promises, and what 1.0 will:
 *  - Status values. Each status belongs to a family, a range of values
 *    (eid_status_family below): 0 success; 1-19 the call itself; 20-39 input
 *    that cannot be read; 40-79 input a check refuses; 80-99 the vault and the
 *    keystore; 100-119 the system. A status added later takes a free value in
 *    its family's range, so code that tests families keeps working. In 0.x a
 *    minor release may still renumber; from 1.0 every value is fixed for the
 *    major version, and new statuses are only ever added.
 *  - Option structs (eid_verifier_options, eid_vault_options,
 *    eid_wallet_options) are allocated by the caller and grow by appending
 *    fields. Each begins with `uint32_t version`, which
 *    eid_*_options_default(options, EID_*_OPTIONS_VERSION) sets to the version
 *    of the header the caller was compiled against; the library reads only the
 *    fields of that version, gives every later field its default, and refuses
 *    a version it does not know (0 means the struct was never filled by
 *    _default()) with EID_ERR_INVALID_ARG. A binding passes the constant of the
 *    header it was generated from: that is why the version has no function.
 *    Other caller-filled structs (issuer parameters, trust-list entries,
 *    callback tables) keep their layout for the whole major version; when one
 *    needs a field, a new struct and function come beside it.
 *  - Boolean fields and results are `int`, 0 or 1 (no <stdbool.h> in the API:
 *    `int` has one size and one set of values on every ABI and in every
 *    foreign-function layer, where _Bool's representation is the compiler's
 *    choice); an option that is neither 0 nor 1 is EID_ERR_INVALID_ARG.
 *  - Binary compatibility. In 0.x the shared library's SONAME carries the
 *    minor version (libeid.so.0.1): every 0.x minor may change the ABI, and a
 *    program keeps loading the minor it was linked with. From 1.0 the SONAME
 *    carries the major version only, and the ABI changes only with it.
 *  - Sizes and counts a caller needs are macros and functions (bindings cannot
 *    see macros): a function returns the value of the loaded library.
 */
#ifndef EID_COMMON_H
#define EID_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(EID_BUILDING) && defined(__GNUC__)
#  define EID_API __attribute__((visibility("default")))
#else
#  define EID_API
#endif

/* On a call whose ignored status is a security bug (a verification, an unlock,
 * an import): the compiler warns when the caller drops the status. */
#if defined(__GNUC__) || defined(__clang__)
#  define EID_NODISCARD __attribute__((warn_unused_result))
#else
#  define EID_NODISCARD
#endif

/* ---- version ------------------------------------------------------------ */
#define EID_VERSION_MAJOR 0
#define EID_VERSION_MINOR 1
#define EID_VERSION_PATCH 0
#define EID_VERSION_NUMBER (EID_VERSION_MAJOR * 10000 + EID_VERSION_MINOR * 100 + EID_VERSION_PATCH)
#define EID_VERSION_STRING "0.1.0"

/*! eid_version_number() : the EID_VERSION_NUMBER the loaded library was built with,
 *  so a program can compare it with the header it was compiled against. */
EID_API unsigned eid_version_number(void);
/*! eid_version_string() : "MAJOR.MINOR.PATCH" of the loaded library (static storage). */
EID_API const char *eid_version_string(void);

/* ---- status codes ------------------------------------------------------- */
/* One status space for the whole library, in families (see the top of this
 * header): 0 is success, and a failure's family says what kind of failure it
 * is before its name says which. */
typedef enum eid_status {
    EID_OK = 0,

    /* 1-19, the call: wrong arguments, or a call the object's state does not allow. */
    EID_ERR_INVALID_ARG = 1,       /* a NULL or out-of-range argument, an unknown options version */
    EID_ERR_STATE = 2,             /* the call is not valid in the object's current state */
    EID_ERR_NOT_FOUND = 3,
    EID_ERR_EXISTS = 4,
    EID_ERR_DOES_NOT_FIT = 5,      /* the text does not fit one QR code */
    EID_ERR_LIST_FULL = 6,         /* every index of the revocation list is in use */
    EID_ERR_BATCH_EMPTY = 7,       /* no unused single-use credential left for this document: refill the batch */
    EID_ERR_UNSUPPORTED = 8,       /* this build of libeid lacks the feature (e.g. the Redis fleet store) */

    /* 20-39, input that cannot be read. */
    EID_ERR_FORMAT = 20,           /* input is not a well-formed, canonical message */
    EID_ERR_UNSUPPORTED_VERSION = 21,
    EID_ERR_TOO_LARGE = 22,        /* input or output exceeds its size bound */
    EID_ERR_INVALID_CLAIM = 23,    /* a claim value breaks its schema */

    /* 40-79, well-formed input that a check refuses. */
    EID_ERR_BAD_SIGNATURE = 40,
    EID_ERR_UNTRUSTED_ISSUER = 41, /* issuer key unknown or not allowed for this use */
    EID_ERR_UNTRUSTED_RELYING_PARTY = 42, /* a request from a relying party, or with a key, the trust list does not name */
    EID_ERR_UNTRUSTED_LIST = 43,   /* trust list not signed by enough pinned roots */
    EID_ERR_NOT_ALLOWED = 44,      /* the trust list does not allow this claim, doc type or use */
    EID_ERR_LIST_EXPIRED = 45,     /* a trust list past its expiry, a revocation list past its maximum age */
    EID_ERR_LIST_STALE = 46,       /* a list past its next_update */
    EID_ERR_LIST_ROLLBACK = 47,    /* a list older than the stored minimum sequence */
    EID_ERR_NO_REVOCATION_LIST = 48, /* no revocation list loaded for the credential */
    EID_ERR_CLOCK = 49,            /* the clock is earlier than data already loaded */
    EID_ERR_EXPIRED = 50,          /* credential past its validity */
    EID_ERR_NOT_YET_VALID = 51,
    EID_ERR_REVOKED = 52,
    EID_ERR_WRONG_LEVEL = 53,      /* assurance or account level too low */
    EID_ERR_WRONG_HOLDER = 54,     /* bound to another holder key or person */
    EID_ERR_PROOF = 55,            /* disclosures and proof do not give the signed Merkle root */
    EID_ERR_PRESENTATION_EXPIRED = 56, /* a presentation outside its lifetime or its request's */
    EID_ERR_CHALLENGE_REQUIRED = 57, /* offline presentation at a verifier that requires challenges */
    EID_ERR_REQUEST_UNKNOWN = 58,  /* the request the presentation answers is not open here */
    EID_ERR_REQUEST_EXPIRED = 59,  /* a relying party's request past its expiry, or created in the future */
    EID_ERR_WRONG_CHALLENGE = 60,  /* a wallet's request answers another challenge than the issuer's */
    EID_ERR_NOT_REQUESTED = 61,    /* an answer shows a doc type or claims other than the request asked for */
    EID_ERR_REPLAYED = 62,         /* presentation or request already used */
    EID_ERR_STORE_FULL = 63,       /* the replay store is full: fails closed */
    EID_ERR_OLDER = 64,            /* an older credential may not replace a newer one */
    EID_ERR_IDENTITY_REVOKED = 65, /* the wallet's identity was revoked (e.g. activated on another phone) */

    /* 80-99, the vault and the platform keystore. */
    EID_ERR_LOCKED = 80,           /* the vault is locked: unlock it first */
    EID_ERR_WRONG_PASSCODE = 81,
    EID_ERR_WEAK_PASSCODE = 82,
    EID_ERR_LOCKED_OUT = 83,       /* too many wrong passcodes: wait and retry */
    EID_ERR_WIPED = 84,            /* the vault wiped itself after too many wrong passcodes */
    EID_ERR_KEYSTORE = 85,         /* the platform keystore failed */
    EID_ERR_KEYSTORE_CANCELLED = 86, /* the user cancelled the keystore prompt */
    EID_ERR_KEY_INVALIDATED = 87,  /* the keystore key is gone (e.g. biometrics changed) */

    /* 100-119, the system. */
    EID_ERR_NO_MEMORY = 100,
    EID_ERR_IO = 101,              /* a file or storage operation failed */
    EID_ERR_CORRUPT = 102,         /* stored data failed its integrity check */
    EID_ERR_CRYPTO = 103,          /* a cryptographic primitive failed */
    EID_ERR_INTERNAL = 104,
    EID_ERR_UNAVAILABLE = 105,     /* a shared store did not answer in time or answered nonsense: fails closed */
    EID_ERR_ACCESS_DENIED = 106    /* a shared store refused the credentials (password, ACL user) */
} eid_status;

/* A status's family; each value is the first status value of its range. */
typedef enum eid_status_family {
    EID_STATUS_FAMILY_UNKNOWN = -1,      /* negative, or 120 and above: reserved */
    EID_STATUS_FAMILY_OK = 0,            /* 0 */
    EID_STATUS_FAMILY_CALL = 1,          /* 1-19: fix the calling code, or call in the right state */
    EID_STATUS_FAMILY_INPUT = 20,        /* 20-39: the input cannot be read */
    EID_STATUS_FAMILY_VERIFICATION = 40, /* 40-79: a check refused well-formed input */
    EID_STATUS_FAMILY_VAULT = 80,        /* 80-99: the vault or the keystore */
    EID_STATUS_FAMILY_SYSTEM = 100       /* 100-119: memory, storage, crypto backend, internal */
} eid_status_family;

/*! eid_status_family_of() : the family whose range holds `status`, also for a
 *  value this library does not define (a status added in a later version). */
EID_API eid_status_family eid_status_family_of(eid_status status);

/*! eid_status_count() : how many statuses the loaded library defines, EID_OK included. */
EID_API size_t eid_status_count(void);
/*! eid_status_at() : the index-th defined status in ascending order of value
 *  (0 <= index < eid_status_count()), so a binding can list every status;
 *  EID_ERR_INVALID_ARG for an index out of range. */
EID_API eid_status eid_status_at(size_t index);

/*! eid_status_str() : an English sentence naming `status` (static storage);
 *  never NULL, "unknown status" for a value libeid does not define. */
EID_API const char *eid_status_str(eid_status status);
/*! eid_status_name() : the enumerator's name, e.g. "EID_ERR_REVOKED" (static
 *  storage); "EID_ERR_UNKNOWN" for a value libeid does not define. */
EID_API const char *eid_status_name(eid_status status);

/*! eid_init() :
 *  Initialises the library (the crypto backend, and SQLite with an allocator
 *  that zeroes freed memory: call it before anything else in the process
 *  initialises the SQLite that libeid links, or that memory is not zeroed).
 *  Call once per process before anything else; later calls are harmless.
 *  Thread-safe.
 *  @return EID_OK; EID_ERR_CRYPTO when no secure random source is available;
 *          EID_ERR_UNSUPPORTED_VERSION when the linked utf8proc implements
 *          another Unicode version than 15.0, the one the text rule is
 *          defined by (docs/FORMAT.md, "Text"). */
EID_NODISCARD EID_API eid_status eid_init(void);

/* ---- library-owned bytes ------------------------------------------------ */
/* What the library allocates and hands to the caller, the caller releases
 * with the function its header names, and one rule decides which: memory
 * that may carry personal data is zeroed before it is freed.
 *  - eid_bytes (presentations, requests, bundles, rendered QR codes and
 *    cards): eid_bytes_free(), which zeroes them.
 *  - char * text (eid_presentation_text, eid_request_text): eid_text_free(),
 *    which zeroes it through its NUL. A presentation's text carries the same
 *    claims as its QR code, so it is released the same way.
 *  - Plain arrays of numbers (eid_revocation_allocator_revoked): eid_free().
 *  - Handles (eid_card, eid_document, eid_audit, ...): their own _free(),
 *    which zeroes what they held.
 * Never pass libeid's memory to free(): how the library allocates is its own
 * business. Zeroing protects the freed heap, not copies the caller made. */
typedef struct eid_bytes {
    uint8_t *data;
    size_t len;
} eid_bytes;

/*! eid_bytes_free() : zeroes and frees b->data and resets *b. Accepts NULL and empty. */
EID_API void eid_bytes_free(eid_bytes *b);
/*! eid_text_free() : zeroes a NUL-terminated text the library returned
 *  (eid_presentation_text, eid_request_text), NUL included, and frees it.
 *  Accepts NULL. */
EID_API void eid_text_free(char *text);
/*! eid_free() : frees an array of numbers the library returned as caller-owned
 *  (eid_revocation_allocator_revoked). Text goes to eid_text_free(). Accepts NULL. */
EID_API void eid_free(void *p);

/* ---- time --------------------------------------------------------------- */
/* Time is int64 seconds since 1970-01-01T00:00:00Z everywhere (never the C library time type,
 * which is 32 bits on some phones). Dates are signed 32-bit days since
 * 1970-01-01; a day runs midnight to midnight in Vietnam time (UTC+7). */
typedef int64_t (*eid_clock_fn)(void *ctx);

/*! eid_system_clock() : the system clock, in seconds since 1970. The default clock. */
EID_API int64_t eid_system_clock(void *ctx);

/*! eid_day_from_civil() : the day number of a proleptic Gregorian date.
 *  @return EID_OK, or EID_ERR_INVALID_ARG for a date that does not exist
 *          (month 1-12, day within the month, year -9999..9999). */
EID_API eid_status eid_day_from_civil(int32_t year, int32_t month, int32_t day, int32_t *days);
/*! eid_day_to_civil() : the calendar date of a day number. */
EID_API void eid_day_to_civil(int32_t days, int32_t *year, int32_t *month, int32_t *day);
/*! eid_day_of() : the Vietnam-time (UTC+7) day on which second `t` falls. */
EID_API int32_t eid_day_of(int64_t t);

/* ---- logging ------------------------------------------------------------ */
/* libeid never logs a secret (passcode, key, salt) or personal data (claim
 * values, QR text): messages name operations and statuses only. */
typedef enum eid_log_level {
    EID_LOG_DEBUG = 0,
    EID_LOG_INFO = 1,
    EID_LOG_WARN = 2,
    EID_LOG_ERROR = 3
} eid_log_level;
typedef void (*eid_log_fn)(void *ctx, eid_log_level level, const char *message);

/* A logger handed to a handle at creation; fn == NULL means silence. */
typedef struct eid_logger {
    eid_log_fn fn;
    void *ctx;
    eid_log_level min_level;
} eid_logger;

#ifdef __cplusplus
}
#endif
#endif /* EID_COMMON_H */
