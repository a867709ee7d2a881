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
 * Stability: status values, sizes and function signatures in this header are
 * stable within a major version; new statuses are only ever appended.
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
/* One status space for the whole library. 0 is success; values are stable. */
typedef enum eid_status {
    EID_OK = 0,
    EID_ERR_INVALID_ARG = 1,       /* a NULL or out-of-range argument */
    EID_ERR_NO_MEMORY = 2,
    EID_ERR_IO = 3,                /* a file or storage operation failed */
    EID_ERR_CORRUPT = 4,           /* stored data failed its integrity check */
    EID_ERR_LOCKED = 5,            /* the vault is locked: unlock it first */
    EID_ERR_WRONG_PASSCODE = 6,
    EID_ERR_LOCKED_OUT = 7,        /* too many wrong passcodes: wait and retry */
    EID_ERR_WIPED = 8,             /* the vault wiped itself after too many wrong passcodes */
    EID_ERR_WEAK_PASSCODE = 9,
    EID_ERR_KEYSTORE = 10,         /* the platform keystore failed */
    EID_ERR_KEYSTORE_CANCELLED = 11, /* the user cancelled the keystore prompt */
    EID_ERR_KEY_INVALIDATED = 12,  /* the keystore key is gone (e.g. biometrics changed) */
    EID_ERR_FORMAT = 13,           /* input is not a well-formed, canonical message */
    EID_ERR_UNSUPPORTED_VERSION = 14,
    EID_ERR_TOO_LARGE = 15,        /* input or output exceeds its size bound */
    EID_ERR_BAD_SIGNATURE = 16,
    EID_ERR_UNTRUSTED_ISSUER = 17, /* issuer key unknown or not allowed for this use */
    EID_ERR_UNTRUSTED_LIST = 18,   /* trust list not signed by enough pinned roots */
    EID_ERR_LIST_EXPIRED = 19,     /* a trust list past its expiry, a status list past its maximum age */
    EID_ERR_LIST_STALE = 20,       /* a list past its next_update */
    EID_ERR_LIST_ROLLBACK = 21,    /* a list older than the stored minimum sequence */
    EID_ERR_EXPIRED = 22,          /* credential past its validity */
    EID_ERR_NOT_YET_VALID = 23,
    EID_ERR_REVOKED = 24,
    EID_ERR_NO_STATUS_LIST = 25,   /* no status list loaded for the credential */
    EID_ERR_REPLAYED = 26,
    EID_ERR_CHALLENGE_REQUIRED = 27, /* offline presentation at a verifier that requires challenges */
    EID_ERR_REQUEST_UNKNOWN = 28,  /* the request the presentation answers is not open here */
    EID_ERR_PRESENTATION_EXPIRED = 29, /* presentation or request outside its lifetime */
    EID_ERR_WRONG_LEVEL = 30,      /* assurance or account level too low */
    EID_ERR_WRONG_HOLDER = 31,     /* bound to another holder key or person */
    EID_ERR_NOT_FOUND = 32,
    EID_ERR_EXISTS = 33,
    EID_ERR_CLOCK = 34,            /* the clock is earlier than data already loaded */
    EID_ERR_STORE_FULL = 35,       /* the replay store is full: fails closed */
    EID_ERR_NOT_ALLOWED = 36,      /* the trust list does not allow this claim, doc type or use */
    EID_ERR_INVALID_CLAIM = 37,    /* a claim value breaks its schema */
    EID_ERR_PROOF = 38,            /* disclosures and proof do not give the signed Merkle root */
    EID_ERR_DOES_NOT_FIT = 39,     /* the text does not fit one QR code */
    EID_ERR_STATE = 40,            /* the call is not valid in the object's current state */
    EID_ERR_OLDER = 41,            /* an older credential may not replace a newer one */
    EID_ERR_CRYPTO = 42,           /* a cryptographic primitive failed */
    EID_ERR_INTERNAL = 43,
    EID_ERR_IDENTITY_REVOKED = 44, /* the wallet's identity was revoked (e.g. activated on another phone) */
    EID_ERR_BATCH_EMPTY = 45,      /* no unused single-use credential left for this document: refill the batch */
    EID_ERR_NOT_REQUESTED = 46     /* an answer shows a doc type or claims other than the request asked for */
} eid_status;
#define EID_STATUS_COUNT 47
/*! eid_status_count() : EID_STATUS_COUNT of the loaded library (statuses are 0..count-1). */
EID_API int eid_status_count(void);

/*! eid_status_str() : an English sentence naming `status` (static storage);
 *  never NULL, "unknown status" for a value libeid does not define. */
EID_API const char *eid_status_str(eid_status status);
/*! eid_status_name() : the enumerator's name, e.g. "EID_ERR_REVOKED" (static storage). */
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
EID_API eid_status eid_init(void);

/* ---- library-owned bytes ------------------------------------------------ */
/* A buffer the library allocated and the caller owns. Release it with
 * eid_bytes_free(), which zeroes the bytes before freeing them. */
typedef struct eid_bytes {
    uint8_t *data;
    size_t len;
} eid_bytes;

/*! eid_bytes_free() : zeroes and frees b->data and resets *b. Accepts NULL and empty. */
EID_API void eid_bytes_free(eid_bytes *b);
/*! eid_free() : frees a string or array the library returned as caller-owned. Accepts NULL. */
EID_API void eid_free(void *p);

/* ---- time --------------------------------------------------------------- */
/* Time is int64 seconds since 1970-01-01T00:00:00Z everywhere (never the C library time type,
 * which is 32 bits on some phones). Dates are signed 32-bit days since
 * 1970-01-01; a day runs midnight to midnight in Vietnam time (UTC+7). */
typedef int64_t (*eid_clock_fn)(void *ctx);

/*! eid_system_clock() : the system clock, in seconds since 1970. The default clock. */
EID_API int64_t eid_system_clock(void *ctx);

/*! eid_days_from_civil() : the day number of a proleptic Gregorian date.
 *  @return EID_OK, or EID_ERR_INVALID_ARG for a date that does not exist
 *          (month 1-12, day within the month, year -9999..9999). */
EID_API eid_status eid_days_from_civil(int32_t year, int32_t month, int32_t day, int32_t *days);
/*! eid_civil_from_days() : the calendar date of a day number. */
EID_API void eid_civil_from_days(int32_t days, int32_t *year, int32_t *month, int32_t *day);
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
