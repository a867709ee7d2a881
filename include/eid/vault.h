/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libeid — eid/vault.h: the encrypted vault on the phone.
 *
 * A vault is a directory holding one SQLCipher database (vault.db), a small
 * authenticated header beside it (vault.hdr) and a lock file (vault.lock),
 * every file created with mode 0600. The database key is random; it is sealed
 * under KDF(a || b), where a = Argon2id(passcode) and b is the platform
 * keystore's PRF of a (eid/keystore.h): opening needs both the passcode and
 * this device's keystore key, and every passcode guess costs a keystore call.
 *
 * Lifecycle: eid_vault_create() (unlocked) or eid_vault_open() (locked),
 * eid_vault_unlock() / eid_vault_lock(), eid_vault_change_passcode(),
 * eid_vault_rekey(), eid_vault_wipe(), eid_vault_close(). The wallet
 * (eid/wallet.h) keeps its documents and log in an unlocked vault.
 *
 * Lockout: the failed-attempt counter is written to disk before every
 * passcode attempt and survives restarts. After `backoff_after` consecutive
 * failures each attempt must wait (EID_ERR_LOCKED_OUT, the wait in seconds
 * through eid_vault_retry_after()), timed on a clock the user cannot set;
 * at `wipe_after` failures the vault wipes itself (EID_ERR_WIPED). Each
 * attempt is decided on the latest counter on disk, under an exclusive lock
 * on vault.lock, so several handles on one directory (threads or processes)
 * share one count. Someone who copies the files can roll the counter back;
 * against a copied vault the boundary is the non-exportable keystore key.
 *
 * Thread safety: one thread at a time per eid_vault. Distinct handles, also
 * on the same directory, may be used from different threads.
 */
#ifndef EID_VAULT_H
#define EID_VAULT_H

#include "common.h"
#include "keystore.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct eid_vault eid_vault;

/* Longest passcode accepted, in bytes (without NUL). */
#define EID_VAULT_PASSCODE_MAX 64
/*! eid_vault_passcode_max() : EID_VAULT_PASSCODE_MAX, for bindings. */
EID_API size_t eid_vault_passcode_max(void);

/* Argon2id defaults (t = 3 passes, m = 64 MiB, one lane): about half a
 * second on a mid-range phone; docs/VAULT.md gives the reasoning. */
#define EID_VAULT_ARGON2_OPS_DEFAULT 3
#define EID_VAULT_ARGON2_MEM_DEFAULT (64u * 1024u * 1024u)
/*! eid_vault_argon2_ops_default(), eid_vault_argon2_mem_default() : the macros above, for bindings. */
EID_API uint64_t eid_vault_argon2_ops_default(void);
EID_API uint64_t eid_vault_argon2_mem_default(void);

/* The layout eid_vault_options has in this header (eid/common.h, "Option structs"). */
#define EID_VAULT_OPTIONS_VERSION 1
typedef struct eid_vault_options {
    uint32_t version;                /* EID_VAULT_OPTIONS_VERSION, set by eid_vault_options_default() */
    /* Passcode policy. Default: exactly 6 ASCII digits, weak ones refused. */
    uint32_t passcode_min_length;
    uint32_t passcode_max_length;    /* <= EID_VAULT_PASSCODE_MAX */
    int passcode_digits_only;        /* 0 or 1; 1: only '0'..'9' */
    int passcode_reject_weak;        /* 0 or 1; 1: refuse repeated digits, runs, common PINs */
    /* Argon2id for new or re-sealed passcodes; raising them re-seals at the
     * next successful unlock. Minimum 1 pass and 8 KiB. */
    uint64_t argon2_ops;
    uint64_t argon2_mem_bytes;
    /* Lockout: waits start after `backoff_after` consecutive failures and
     * double from `backoff_base_seconds` up to `backoff_max_seconds`; the
     * vault wipes itself when failures reach `wipe_after` (0: never). */
    uint32_t backoff_after;
    uint32_t wipe_after;
    int64_t backoff_base_seconds;
    int64_t backoff_max_seconds;
    /* Wall clock, for the times recorded with holder keys; NULL: eid_system_clock.
     * Not used for the backoff: setting it forward skips nothing. */
    eid_clock_fn clock;
    void *clock_ctx;
    /* The backoff's clock: seconds elapsed since the device booted, counting
     * sleep, which the user cannot set (Android: SystemClock.elapsedRealtime()
     * / 1000; iOS: the boot-time clock, clock_gettime(CLOCK_MONOTONIC)).
     * NULL: CLOCK_BOOTTIME on Linux and Android, CLOCK_MONOTONIC elsewhere.
     * When it reads less than at the last failure (a restart), the wait counts
     * from boot: a restart never shortens it. */
    eid_clock_fn elapsed_clock;
    void *elapsed_clock_ctx;
    eid_logger logger;                /* fn NULL: silent */
} eid_vault_options;

/*! eid_vault_options_default() : fills `*opts`, for the layout of `version`
 *  (pass EID_VAULT_OPTIONS_VERSION), with the defaults: 6 digits, weak
 *  refused, Argon2id 3 passes / 64 MiB, backoff after 5 failures from 30 s
 *  doubling to 1 h, wipe after 10, system clock, boot-time clock for the
 *  backoff, no logger.
 *  @return EID_OK; EID_ERR_INVALID_ARG (NULL, or a version this library does
 *          not know: *opts untouched). */
EID_API eid_status eid_vault_options_default(eid_vault_options *opts, uint32_t version);

/*! eid_vault_check_passcode() :
 *  Applies the passcode policy of `opts` (NULL: defaults) without touching
 *  any vault, so a UI can refuse a passcode before asking for it twice.
 *  @return EID_OK; EID_ERR_WEAK_PASSCODE (wrong length or characters, all
 *          digits equal, an ascending or descending run, a common PIN);
 *          EID_ERR_INVALID_ARG (NULL passcode, an options version this
 *          library does not know). */
EID_API eid_status eid_vault_check_passcode(const eid_vault_options *opts, const char *passcode);

/*! eid_vault_create() :
 *  Creates a vault in `dir` (an existing directory with no vault in it)
 *  protected by `passcode` and keystore `ks` (copied; its ctx must outlive
 *  the vault), with `opts` (NULL: defaults, also for every later call on this
 *  handle). `*out` is an unlocked vault; close it with eid_vault_close().
 *  @return EID_OK; EID_ERR_WEAK_PASSCODE; EID_ERR_EXISTS (a vault is there);
 *          a keystore status (EID_ERR_KEYSTORE, _CANCELLED, EID_ERR_KEY_INVALIDATED);
 *          EID_ERR_IO; EID_ERR_NO_MEMORY; EID_ERR_INVALID_ARG (also: an options
 *          version this library does not know, an option out of range). */
EID_NODISCARD EID_API eid_status eid_vault_create(const char *dir, const char *passcode, const eid_keystore *ks,
                                                  const eid_vault_options *opts, eid_vault **out);

/*! eid_vault_open() :
 *  Opens the vault in `dir`, locked, checking its header with a key from
 *  `ks`. Finishes a rekey that a crash interrupted at the next unlock.
 *  `*out` is the vault on EID_OK and NULL on every failure.
 *  EID_ERR_UNSUPPORTED_VERSION means a header format this library does not
 *  read: a newer libeid's, or format 1 (before passcode and keystore were
 *  entangled), which cannot be migrated because its key needs the old
 *  keystore wrap operation: create a new vault and import the documents
 *  again. The options' logger says which format it was.
 *  @return EID_OK; EID_ERR_NOT_FOUND (no vault in dir); EID_ERR_CORRUPT (the
 *          header was modified or damaged, or the keystore key is not the one
 *          that created the vault); EID_ERR_UNSUPPORTED_VERSION;
 *          EID_ERR_KEYSTORE (also: `ks` is not of the kind the vault was
 *          created with); EID_ERR_KEYSTORE_CANCELLED; EID_ERR_KEY_INVALIDATED;
 *          EID_ERR_IO; EID_ERR_NO_MEMORY; EID_ERR_INVALID_ARG (as for
 *          eid_vault_create()). */
EID_NODISCARD EID_API eid_status eid_vault_open(const char *dir, const eid_keystore *ks, const eid_vault_options *opts,
                                                eid_vault **out);

/*! eid_vault_unlock() :
 *  Takes the vault's lock, re-reads the counter from disk, counts the attempt
 *  durably, then derives a = Argon2id(passcode), asks the keystore for its PRF
 *  of a (one call) and opens the database. On success the counter returns to
 *  0. A keystore failure checks no guess: the attempt is not counted.
 *  @return EID_OK; EID_ERR_WRONG_PASSCODE; EID_ERR_LOCKED_OUT (wait
 *          eid_vault_retry_after() seconds; the attempt was not made or
 *          counted); EID_ERR_WIPED (this failure reached the limit, or another
 *          handle wiped the vault: keys and files are gone); EID_ERR_STATE
 *          (already unlocked); a keystore status; EID_ERR_CORRUPT (also: the
 *          header on disk is older than one this handle saw; do not wipe a
 *          vault for it before an unlock in a new process failed the same way:
 *          docs/VAULT.md, "Out of memory"); EID_ERR_CRYPTO (the database's
 *          cipher failed on a throwaway database too: the crypto library, not
 *          the vault; retry after a restart of the app); EID_ERR_IO;
 *          EID_ERR_NO_MEMORY; EID_ERR_INVALID_ARG. */
EID_NODISCARD EID_API eid_status eid_vault_unlock(eid_vault *v, const char *passcode);

/*! eid_vault_retry_after() :
 *  Seconds until the next passcode attempt is allowed (0: now), by the
 *  vault's elapsed clock, from the latest header on disk.
 *  @return EID_OK; EID_ERR_WIPED; EID_ERR_INVALID_ARG. */
EID_API eid_status eid_vault_retry_after(const eid_vault *v, int64_t *seconds);

/*! eid_vault_failed_attempts() : consecutive failed attempts recorded (the
 *  latest header on disk). @return EID_OK; EID_ERR_WIPED; EID_ERR_INVALID_ARG. */
EID_API eid_status eid_vault_failed_attempts(const eid_vault *v, uint32_t *count);

/*! eid_vault_lock() : closes the database and zeroes every key in memory;
 *  the memory SQLite held for it is zeroed as it is freed (see eid_init()).
 *  Locking a locked vault is harmless. @return EID_OK; EID_ERR_WIPED; EID_ERR_INVALID_ARG. */
EID_API eid_status eid_vault_lock(eid_vault *v);

/*! eid_vault_is_unlocked() : 1 when unlocked, 0 otherwise (also for NULL). */
EID_API int eid_vault_is_unlocked(const eid_vault *v);

/*! eid_vault_keystore_kind() : the kind of keystore the vault was created
 *  with (from its authenticated header), so an app can refuse a software one. */
EID_API eid_keystore_kind eid_vault_keystore_kind(const eid_vault *v);

/*! eid_vault_change_passcode() :
 *  Re-seals the database key under `new_passcode` (fresh salt, current
 *  Argon2id options, one keystore call for each passcode); the database is
 *  not re-encrypted. The vault must be unlocked and `old_passcode` right; a
 *  wrong one counts as a failed attempt.
 *  @return EID_OK; EID_ERR_LOCKED; EID_ERR_WEAK_PASSCODE (new passcode);
 *          the statuses of eid_vault_unlock() for the old passcode;
 *          EID_ERR_STATE (another handle rekeyed the vault since this one
 *          unlocked: lock and unlock again); EID_ERR_IO. */
EID_NODISCARD EID_API eid_status eid_vault_change_passcode(eid_vault *v, const char *old_passcode,
                                                           const char *new_passcode);

/*! eid_vault_rekey() :
 *  Re-encrypts the database under a new random key. Crash-safe: the new key
 *  is stored (pending) before the database is rewritten, and promoted after.
 *  @return EID_OK; EID_ERR_LOCKED; EID_ERR_STATE (inside a transaction, or
 *          another handle changed the passcode or rekeyed since this one
 *          unlocked); EID_ERR_WIPED; EID_ERR_IO; EID_ERR_NO_MEMORY. */
EID_NODISCARD EID_API eid_status eid_vault_rekey(eid_vault *v);

/*! eid_vault_wipe() :
 *  Deletes the keystore key first (so copies of the files become useless),
 *  then every file of the vault (database, WAL, shared memory, journal,
 *  header, lock). Works locked or unlocked. The handle stays
 *  valid for eid_vault_close() only; other calls return EID_ERR_WIPED.
 *  @return EID_OK; EID_ERR_WIPED (already wiped); EID_ERR_IO (a file could not
 *          be removed; the keystore key is gone regardless); a keystore status
 *          (nothing was deleted). */
EID_NODISCARD EID_API eid_status eid_vault_wipe(eid_vault *v);

/*! eid_vault_close() :
 *  Locks and releases the vault; `v` is invalid afterwards (set your pointer
 *  to NULL). Accepts NULL. */
EID_API void eid_vault_close(eid_vault *v);

/*! eid_vault_last_error() : a message about the last failure of this handle,
 *  for developers (never secrets or personal data); lives as long as `v`. */
EID_API const char *eid_vault_last_error(const eid_vault *v);

#ifdef __cplusplus
}
#endif
#endif /* EID_VAULT_H */
