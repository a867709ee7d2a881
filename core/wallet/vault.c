/* The vault: key hierarchy, lockout, crash-safe header and rekey.
 *
 *   a = Argon2id(passcode, slot salt)              (this device's CPU)
 *   b = keystore PRF(alias, a)                     (inside the keystore)
 *   slot key = BLAKE2b-256 keyed with a || b over "eid.vault.slot-key.v2" || vault id
 *   database key (random, 256 bits)
 *     sealed with XChaCha20-Poly1305 under the slot key  -> header slot
 *   header key = keystore PRF(alias, H("eid.vault.prf.header.v2" || vault id))
 *   holder-key seal key = keystore PRF(alias, H("eid.vault.prf.holder.v2" || vault id))
 *
 * Checking a passcode guess needs b for that guess, i.e. one keystore call.
 *
 * The header has two slots. A rekey writes the new key into the pending slot
 * (durably), re-encrypts the database into a new file that replaces the old
 * one by rename, then promotes the pending slot; an unlock after a crash tries
 * the active key and then the pending one, and finishes the promotion.
 *
 * Every header write happens under an exclusive lock on vault.lock, on the
 * header re-read from disk: two handles on one directory (in one process or
 * two) decide each attempt on the latest durable counter, and no handle
 * writes a header older than the one on disk. */
#if defined(__APPLE__)
#define _DARWIN_C_SOURCE 1
#endif
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "crypto/crypto.h"
#include "eid/vault.h"
#include "wallet/vault.h"
#include "wallet/vault_header.h"

#define DB_KEY_BYTES EID_STORE_KEY_BYTES
#define SLOT_KEY_BYTES 32
#define PRF_BYTES EID_KEYSTORE_PRF_BYTES
#define HOLDER_SEALED_BYTES (EID_AEAD_NONCE_BYTES + EID_SIGN_SECRET_BYTES + EID_AEAD_TAG_BYTES)

struct eid_vault {
    char *dir, *db_path, *hdr_path, *hdr_tmp, *db_new, *lock_path;
    char alias[EID_KEYSTORE_ALIAS_MAX];
    eid_keystore ks;
    eid_vault_options opts;
    vault_header hdr;      /* the latest header this handle read or wrote */
    uint8_t *auth_key;     /* secure memory, for the handle's life: counter writes need it while locked */
    uint8_t *db_key;       /* secure memory, while unlocked */
    uint8_t *slot_key;     /* secure memory, while unlocked: opens the active slot (rekey seals with it) */
    uint8_t *holder_sk;    /* secure memory, the holder key last used, while unlocked */
    uint8_t holder_pk[EID_SIGN_PUBLIC_BYTES];
    eid_store *store;      /* non-NULL exactly when unlocked */
    int lock_fd;           /* vault.lock, held during a header update; -1 otherwise */
    int wiped;
    int refused;           /* opened on a header format this library does not read */
    char last_error[220];
};

/* ---- small helpers ------------------------------------------------------- */

/* What a wiped or refused handle answers. */
static eid_status gone(const eid_vault *v)
{
    return v->refused ? EID_ERR_UNSUPPORTED_VERSION : EID_ERR_WIPED;
}

eid_status eid_vault_options_default(eid_vault_options *o, uint32_t version)
{
    if (o == NULL || version != EID_VAULT_OPTIONS_VERSION)
        return EID_ERR_INVALID_ARG;
    memset(o, 0, sizeof *o);
    o->version = version;
    o->passcode_min_length = 6;
    o->passcode_max_length = 6;
    o->passcode_digits_only = 1;
    o->passcode_reject_weak = 1;
    o->argon2_ops = EID_VAULT_ARGON2_OPS_DEFAULT;
    o->argon2_mem_bytes = EID_VAULT_ARGON2_MEM_DEFAULT;
    o->backoff_after = 5;
    o->wipe_after = 10;
    o->backoff_base_seconds = 30;
    o->backoff_max_seconds = 3600;
    o->clock = NULL;
    o->elapsed_clock = NULL;
    o->logger.fn = NULL;
    return EID_OK;
}

static eid_status fail(eid_vault *v, eid_status st, const char *what)
{
    snprintf(v->last_error, sizeof v->last_error, "%s: %s", what, eid_status_name(st));
    eid_log(&v->opts.logger, st == EID_ERR_WRONG_PASSCODE ? EID_LOG_INFO : EID_LOG_WARN, "vault: %s failed (%s)",
            what, eid_status_name(st));
    return st;
}

static int64_t now_of(const eid_vault *v)
{
    return v->opts.clock ? v->opts.clock(v->opts.clock_ctx) : eid_system_clock(NULL);
}

/* Seconds since boot, counting sleep: a clock the user cannot set. Linux and
 * Android: CLOCK_BOOTTIME; elsewhere CLOCK_MONOTONIC (Apple's counts sleep;
 * one that does not only makes waits longer). */
static int64_t elapsed_now(const eid_vault *v)
{
    if (v->opts.elapsed_clock != NULL)
        return v->opts.elapsed_clock(v->opts.elapsed_clock_ctx);
    struct timespec ts;
#ifdef CLOCK_BOOTTIME
    if (clock_gettime(CLOCK_BOOTTIME, &ts) == 0)
        return (int64_t)ts.tv_sec;
#endif
    if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
        return (int64_t)ts.tv_sec;
    return 0;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + 1 + strlen(name) + 1;
    char *p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void secure_drop(uint8_t **p, size_t n)
{
    if (*p != NULL) {
        eid_memzero(*p, n);
        eid_secure_free(*p);
        *p = NULL;
    }
}

static eid_status options_ok(const eid_vault_options *o)
{
    if (o->passcode_max_length > EID_VAULT_PASSCODE_MAX || o->passcode_min_length > o->passcode_max_length ||
        o->passcode_max_length == 0 || o->argon2_ops < 1 || o->argon2_mem_bytes < 8192 ||
        o->argon2_mem_bytes > ((uint64_t)1 << 32) || o->backoff_base_seconds < 0 ||
        o->backoff_max_seconds < o->backoff_base_seconds || (o->passcode_digits_only != 0 && o->passcode_digits_only != 1) ||
        (o->passcode_reject_weak != 0 && o->passcode_reject_weak != 1))
        return EID_ERR_INVALID_ARG;
    return EID_OK;
}

static eid_status vault_alloc(const char *dir, const eid_keystore *ks, const eid_vault_options *opts,
                              eid_vault **out)
{
    if (dir == NULL || ks == NULL || out == NULL || ks->prf == NULL || ks->delete_key == NULL ||
        (opts != NULL && opts->version != EID_VAULT_OPTIONS_VERSION)) /* the only layout so far */
        return EID_ERR_INVALID_ARG;
    eid_vault *v = calloc(1, sizeof *v);
    if (v == NULL)
        return EID_ERR_NO_MEMORY;
    v->lock_fd = -1;
    if (opts != NULL)
        v->opts = *opts;
    else
        (void)eid_vault_options_default(&v->opts, EID_VAULT_OPTIONS_VERSION);
    v->ks = *ks;
    v->dir = strdup(dir);
    v->db_path = join(dir, "vault.db");
    v->hdr_path = join(dir, "vault.hdr");
    v->hdr_tmp = join(dir, "vault.hdr.tmp");
    v->db_new = join(dir, "vault.db.new");
    v->lock_path = join(dir, "vault.lock");
    v->auth_key = eid_secure_alloc(VAULT_AUTH_KEY_BYTES);
    if (!v->dir || !v->db_path || !v->hdr_path || !v->hdr_tmp || !v->db_new || !v->lock_path || !v->auth_key) {
        eid_vault_close(&v);
        return EID_ERR_NO_MEMORY;
    }
    if (options_ok(&v->opts) != EID_OK) {
        eid_vault_close(&v);
        return EID_ERR_INVALID_ARG;
    }
    *out = v;
    return EID_OK;
}

static void set_alias(eid_vault *v)
{
    static const char hex[] = "0123456789abcdef";
    char *p = v->alias + snprintf(v->alias, sizeof v->alias, "eid.vault.");
    for (int i = 0; i < VAULT_ID_BYTES; i++) {
        *p++ = hex[v->hdr.vault_id[i] >> 4];
        *p++ = hex[v->hdr.vault_id[i] & 15];
    }
    *p = '\0';
}

/* ---- the keystore --------------------------------------------------------- */

/* Keystore statuses pass through; anything undocumented becomes EID_ERR_KEYSTORE. */
static eid_status keystore_status(eid_status st)
{
    switch (st) {
    case EID_OK:
    case EID_ERR_KEYSTORE_CANCELLED:
    case EID_ERR_KEY_INVALIDATED:
    case EID_ERR_NO_MEMORY:
        return st;
    default:
        return EID_ERR_KEYSTORE;
    }
}

static eid_status ks_prf(eid_vault *v, const uint8_t in[PRF_BYTES], uint8_t out[PRF_BYTES])
{
    eid_status st = keystore_status(v->ks.prf(v->ks.ctx, v->alias, in, out));
    if (st != EID_OK)
        eid_memzero(out, PRF_BYTES);
    return st;
}

/* The keystore's PRF of a fixed input bound to this vault and a purpose. */
static eid_status ks_prf_fixed(eid_vault *v, const char *purpose, uint8_t out[PRF_BYTES])
{
    uint8_t msg[64], in[PRF_BYTES];
    size_t n = strlen(purpose) + 1;
    memcpy(msg, purpose, n);
    memcpy(msg + n, v->hdr.vault_id, VAULT_ID_BYTES);
    eid_hash(in, sizeof in, msg, n + VAULT_ID_BYTES);
    return ks_prf(v, in, out);
}

#define PRF_HEADER "eid.vault.prf.header.v2"
#define PRF_HOLDER "eid.vault.prf.holder.v2"

/* ---- the header on disk, under the directory lock ------------------------ */

static eid_status dir_lock(eid_vault *v)
{
    int fd = open(v->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return EID_ERR_IO;
    if (fchmod(fd, 0600) != 0) {
        close(fd);
        return EID_ERR_IO;
    }
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            close(fd);
            return EID_ERR_IO;
        }
    }
    v->lock_fd = fd;
    return EID_OK;
}

static void dir_unlock(eid_vault *v)
{
    if (v->lock_fd >= 0) {
        flock(v->lock_fd, LOCK_UN);
        close(v->lock_fd);
        v->lock_fd = -1;
    }
}

/* Reads, parses and authenticates the header on disk. EID_ERR_NOT_FOUND when
 * there is none (wiped); EID_ERR_CORRUPT when it is not this vault's, does
 * not authenticate, or is older than the one this handle last saw. */
static eid_status read_latest(const eid_vault *v, vault_header *h)
{
    uint8_t buf[VAULT_HEADER_MAX];
    size_t len = 0;
    eid_status st = vault_read_file(v->hdr_path, buf, sizeof buf, &len);
    if (st == EID_OK)
        st = vault_header_parse(buf, len, h);
    if (st == EID_OK && memcmp(h->vault_id, v->hdr.vault_id, VAULT_ID_BYTES) != 0)
        st = EID_ERR_CORRUPT;
    if (st == EID_OK)
        st = vault_header_verify(buf, len, v->auth_key);
    if (st == EID_OK && h->sequence < v->hdr.sequence)
        st = EID_ERR_CORRUPT;
    return st;
}

static void drop_keys(eid_vault *v);

/* Adopts the header on disk (the caller holds the lock). A vault that another
 * handle wiped is wiped for this handle too. */
static eid_status refresh(eid_vault *v)
{
    vault_header h;
    eid_status st = read_latest(v, &h);
    if (st == EID_ERR_NOT_FOUND) {
        unlink(v->lock_path); /* dir_lock() may have made it anew after the wipe */
        store_close(v->store);
        v->store = NULL;
        drop_keys(v);
        secure_drop(&v->auth_key, VAULT_AUTH_KEY_BYTES);
        v->wiped = 1;
        return EID_ERR_WIPED;
    }
    if (st == EID_OK)
        v->hdr = h;
    return st;
}

/* Writes h as the next header: only under the lock, and only over the header
 * this handle last saw (sequence check), so nothing older ever replaces a
 * newer header. */
static eid_status write_header(eid_vault *v, const vault_header *h)
{
    if (v->lock_fd < 0)
        return EID_ERR_INTERNAL;
    vault_header disk;
    eid_status st = read_latest(v, &disk);
    if (st == EID_ERR_NOT_FOUND && v->hdr.sequence == 0)
        st = EID_OK; /* the first write of eid_vault_create() */
    else if (st == EID_OK && disk.sequence != v->hdr.sequence)
        st = EID_ERR_STATE;
    if (st != EID_OK)
        return st;
    uint8_t buf[VAULT_HEADER_MAX];
    size_t len;
    vault_header next = *h;
    next.sequence = v->hdr.sequence + 1;
    st = vault_header_encode(&next, v->auth_key, buf, sizeof buf, &len);
    if (st == EID_OK)
        st = vault_write_file(v->dir, v->hdr_path, v->hdr_tmp, buf, len);
    if (st == EID_OK)
        v->hdr = next;
    return st;
}

/* ---- slots --------------------------------------------------------------- */

/* What the sealed key is bound to: this vault, this key generation and the
 * KDF parameters, so that none of them can be swapped. */
static size_t slot_ad(const vault_header *h, const vault_slot *s, uint8_t ad[80])
{
    static const char label[] = "eid.vault.slot.v2";
    size_t n = 0;
    memcpy(ad, label, sizeof label);
    n += sizeof label;
    memcpy(ad + n, h->vault_id, VAULT_ID_BYTES);
    n += VAULT_ID_BYTES;
    for (int i = 0; i < 4; i++)
        ad[n++] = (uint8_t)(s->generation >> (8 * i));
    for (int i = 0; i < 8; i++)
        ad[n++] = (uint8_t)(s->ops >> (8 * i));
    for (int i = 0; i < 8; i++)
        ad[n++] = (uint8_t)(s->mem >> (8 * i));
    memcpy(ad + n, s->salt, VAULT_SALT_BYTES);
    n += VAULT_SALT_BYTES;
    return n;
}

eid_status vault_slot_stretch(const char *passcode, const vault_slot *s, uint8_t a[PRF_BYTES])
{
    if (s->mem > SIZE_MAX)
        return EID_ERR_CORRUPT;
    return eid_argon2id(a, PRF_BYTES, passcode, strlen(passcode), s->salt, s->ops, (size_t)s->mem);
}

void vault_slot_key(const vault_header *h, const uint8_t a[PRF_BYTES], const uint8_t b[PRF_BYTES],
                    uint8_t key[SLOT_KEY_BYTES])
{
    static const char label[] = "eid.vault.slot-key.v2";
    uint8_t msg[sizeof label + VAULT_ID_BYTES];
    memcpy(msg, label, sizeof label);
    memcpy(msg + sizeof label, h->vault_id, VAULT_ID_BYTES);
    uint8_t *ab = eid_secure_alloc(2 * PRF_BYTES);
    if (ab == NULL) {
        /* No secure memory: a key that opens nothing, never a weaker one. */
        eid_random(key, SLOT_KEY_BYTES);
        return;
    }
    memcpy(ab, a, PRF_BYTES);
    memcpy(ab + PRF_BYTES, b, PRF_BYTES);
    eid_hash_keyed(key, SLOT_KEY_BYTES, msg, sizeof msg, ab, 2 * PRF_BYTES);
    eid_memzero(ab, 2 * PRF_BYTES);
    eid_secure_free(ab);
}

eid_status vault_slot_open(const vault_header *h, const vault_slot *s, const uint8_t key[SLOT_KEY_BYTES],
                           uint8_t db_key[DB_KEY_BYTES])
{
    uint8_t ad[80];
    size_t adlen = slot_ad(h, s, ad);
    eid_status st = eid_aead_open(db_key, s->sealed, VAULT_SEALED_BYTES, ad, adlen, s->nonce, key);
    return st == EID_OK ? EID_OK : EID_ERR_WRONG_PASSCODE;
}

/* The passcode's slot key: Argon2id here, then one keystore PRF call. */
static eid_status derive_slot_key(eid_vault *v, const char *passcode, const vault_slot *s, uint8_t *key)
{
    uint8_t *ab = eid_secure_alloc(2 * PRF_BYTES);
    if (ab == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = vault_slot_stretch(passcode, s, ab);
    if (st == EID_OK)
        st = ks_prf(v, ab, ab + PRF_BYTES);
    if (st == EID_OK)
        vault_slot_key(&v->hdr, ab, ab + PRF_BYTES, key);
    secure_drop(&ab, 2 * PRF_BYTES);
    return st;
}

/* Seals db_key into s (whose generation, ops, mem and salt are set) under key. */
static eid_status seal_slot(const eid_vault *v, vault_slot *s, const uint8_t *db_key, const uint8_t *key)
{
    uint8_t ad[80];
    s->kdf = VAULT_KDF_ARGON2ID13;
    size_t adlen = slot_ad(&v->hdr, s, ad);
    eid_random(s->nonce, VAULT_NONCE_BYTES);
    return eid_aead_seal(s->sealed, db_key, DB_KEY_BYTES, ad, adlen, s->nonce, key);
}

static int active_index(const vault_header *h) { return h->slot[0].state == SLOT_ACTIVE ? 0 : 1; }

static int same_slot(const vault_slot *a, const vault_slot *b)
{
    return a->state == b->state && a->generation == b->generation && a->ops == b->ops && a->mem == b->mem &&
           memcmp(a->salt, b->salt, VAULT_SALT_BYTES) == 0 && memcmp(a->nonce, b->nonce, VAULT_NONCE_BYTES) == 0 &&
           memcmp(a->sealed, b->sealed, VAULT_SEALED_BYTES) == 0;
}

/* ---- create / open ----------------------------------------------------- */

static void remove_db_files(const eid_vault *v)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s%s", v->db_path, suffix[i]);
        unlink(path);
    }
}

eid_status eid_vault_create(const char *dir, const char *passcode, const eid_keystore *ks,
                            const eid_vault_options *opts, eid_vault **out)
{
    if (out != NULL)
        *out = NULL;
    if (passcode == NULL)
        return EID_ERR_INVALID_ARG;
    eid_vault *v;
    eid_status st = vault_alloc(dir, ks, opts, &v);
    if (st != EID_OK)
        return st;
    if ((st = vault_check_passcode(&v->opts, passcode)) != EID_OK)
        goto done;
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        st = EID_ERR_NOT_FOUND;
        goto done;
    }
    if ((st = dir_lock(v)) != EID_OK)
        goto done;
    if (stat(v->hdr_path, &sb) == 0) {
        st = EID_ERR_EXISTS;
        goto done;
    }
    /* A database without a header is unreadable (its key died with the
     * process that created it): the header is written last. */
    remove_db_files(v);
    unlink(v->db_new);

    vault_header *h = &v->hdr;
    h->format = VAULT_HEADER_FORMAT;
    h->keystore_kind = (uint8_t)v->ks.kind;
    if ((st = store_profile_settings(store_native_profile(), &h->store)) != EID_OK)
        goto done;
    eid_random(h->vault_id, VAULT_ID_BYTES);
    set_alias(v);
    if ((st = ks_prf_fixed(v, PRF_HEADER, v->auth_key)) != EID_OK)
        goto done;

    v->db_key = eid_secure_alloc(DB_KEY_BYTES);
    v->slot_key = eid_secure_alloc(SLOT_KEY_BYTES);
    if (v->db_key == NULL || v->slot_key == NULL) {
        st = EID_ERR_NO_MEMORY;
        goto done;
    }
    eid_random(v->db_key, DB_KEY_BYTES);
    vault_slot *s = &h->slot[0];
    s->state = SLOT_ACTIVE;
    s->generation = 1;
    s->ops = v->opts.argon2_ops;
    s->mem = v->opts.argon2_mem_bytes;
    eid_random(s->salt, VAULT_SALT_BYTES);
    if ((st = derive_slot_key(v, passcode, s, v->slot_key)) != EID_OK ||
        (st = seal_slot(v, s, v->db_key, v->slot_key)) != EID_OK)
        goto done;
    if ((st = store_open(v->db_path, v->db_key, h->store.profile, 1, &v->store)) != EID_OK)
        goto done;
    st = write_header(v, h);
done:
    if (st != EID_OK) {
        fail(v, st, "create");
        if (v->store != NULL) {
            store_close(v->store);
            v->store = NULL;
            remove_db_files(v);
        }
        if (v->lock_fd >= 0 && st != EID_ERR_EXISTS)
            unlink(v->lock_path);
        dir_unlock(v);
        eid_vault_close(&v);
        return st;
    }
    dir_unlock(v);
    if (!store_memory_zeroed())
        eid_log(&v->opts.logger, EID_LOG_WARN, "vault: SQLite was initialised before eid_init(); its freed memory "
                                               "is not zeroed");
    eid_log(&v->opts.logger, EID_LOG_INFO, "vault: created");
    *out = v;
    return EID_OK;
}

eid_status eid_vault_open(const char *dir, const eid_keystore *ks, const eid_vault_options *opts, eid_vault **out)
{
    if (out != NULL)
        *out = NULL;
    eid_vault *v;
    eid_status st = vault_alloc(dir, ks, opts, &v);
    if (st != EID_OK)
        return st;
    uint8_t buf[VAULT_HEADER_MAX];
    size_t len = 0;
    if ((st = vault_read_file(v->hdr_path, buf, sizeof buf, &len)) != EID_OK)
        goto done;
    if ((st = vault_header_parse(buf, len, &v->hdr)) != EID_OK)
        goto done;
    set_alias(v);
    if ((st = ks_prf_fixed(v, PRF_HEADER, v->auth_key)) != EID_OK)
        goto done;
    if ((st = vault_header_verify(buf, len, v->auth_key)) != EID_OK)
        goto done;
    if ((int)v->hdr.keystore_kind != (int)v->ks.kind) {
        st = EID_ERR_KEYSTORE;
        goto done;
    }
done:
    if (st == EID_ERR_UNSUPPORTED_VERSION) {
        /* Format 1 sealed the database key under the passcode alone and had the
         * keystore wrap that blob; without the old wrap hook its key cannot be
         * recovered, so it cannot be migrated. The handle stays, refused, so
         * that the caller can read why. */
        if (v->hdr.format < VAULT_HEADER_FORMAT)
            snprintf(v->last_error, sizeof v->last_error,
                     "open: vault header format %u is not supported and cannot be migrated (it did not entangle "
                     "passcode and keystore): create a new vault and import the documents again",
                     (unsigned)v->hdr.format);
        else
            snprintf(v->last_error, sizeof v->last_error,
                     "open: vault header format %u was written by a newer libeid (this one reads format %u)",
                     (unsigned)v->hdr.format, (unsigned)VAULT_HEADER_FORMAT);
        eid_log(&v->opts.logger, EID_LOG_WARN, "vault: open refused (header format %u)", (unsigned)v->hdr.format);
        v->refused = 1;
        v->wiped = 1;
        *out = v;
        return st;
    }
    if (st != EID_OK) {
        fail(v, st, "open");
        eid_vault_close(&v);
        return st;
    }
    *out = v;
    return EID_OK;
}

/* ---- lockout -------------------------------------------------------------- */

static int64_t wait_after(const eid_vault *v, uint32_t failed)
{
    const eid_vault_options *o = &v->opts;
    if (o->backoff_after == 0 || failed < o->backoff_after)
        return 0;
    int64_t w = o->backoff_base_seconds;
    for (uint32_t k = failed - o->backoff_after; k > 0 && w < o->backoff_max_seconds; k--)
        w *= 2;
    return w > o->backoff_max_seconds ? o->backoff_max_seconds : w;
}

/* The wait runs on the elapsed clock, which the user cannot set. If it reads
 * less than at the last failure, the device restarted since: the time since
 * boot is then the only safe lower bound on the time since the failure. */
static int64_t remaining_wait(const eid_vault *v, const vault_header *h)
{
    int64_t w = wait_after(v, h->failed);
    if (w == 0)
        return 0;
    int64_t now = elapsed_now(v);
    if (now < 0)
        now = 0;
    int64_t since = (h->last_failure < 0 || now < h->last_failure) ? now : now - h->last_failure;
    return since >= w ? 0 : w - since;
}

/* The latest durable header, for the read-only queries: the one on disk when
 * it authenticates, else the one this handle holds. */
static eid_status peek(const eid_vault *v, vault_header *h)
{
    eid_status st = read_latest(v, h);
    if (st == EID_ERR_NOT_FOUND)
        return EID_ERR_WIPED;
    if (st != EID_OK)
        *h = v->hdr;
    return EID_OK;
}

eid_status eid_vault_retry_after(const eid_vault *v, int64_t *seconds)
{
    if (v == NULL || seconds == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return gone(v);
    vault_header h;
    eid_status st = peek(v, &h);
    if (st == EID_OK)
        *seconds = remaining_wait(v, &h);
    return st;
}

eid_status eid_vault_failed_attempts(const eid_vault *v, uint32_t *count)
{
    if (v == NULL || count == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return gone(v);
    vault_header h;
    eid_status st = peek(v, &h);
    if (st == EID_OK)
        *count = h.failed;
    return st;
}

static eid_status do_wipe(eid_vault *v, int forced);

/* One passcode attempt against the active slot of the latest header; the
 * caller holds the directory lock. The attempt is counted durably before the
 * keystore sees anything derived from the passcode; if the keystore then
 * gives no answer (a cancelled prompt), no guess was checked and the count is
 * taken back. On success *db_key and *slot_key (secure memory, caller frees)
 * are set. */
static eid_status attempt(eid_vault *v, const char *passcode, uint8_t **db_key, uint8_t **slot_key)
{
    *db_key = *slot_key = NULL;
    if (strnlen(passcode, EID_VAULT_PASSCODE_MAX + 1) > EID_VAULT_PASSCODE_MAX)
        return EID_ERR_INVALID_ARG;
    eid_status st = refresh(v);
    if (st != EID_OK)
        return st;
    if (v->opts.wipe_after != 0 && v->hdr.failed >= v->opts.wipe_after) {
        /* The limit was reached by an attempt whose process died before it
         * could wipe. */
        do_wipe(v, 1);
        return EID_ERR_WIPED;
    }
    if (remaining_wait(v, &v->hdr) > 0)
        return EID_ERR_LOCKED_OUT;
    const vault_slot s = v->hdr.slot[active_index(&v->hdr)];
    *db_key = eid_secure_alloc(DB_KEY_BYTES);
    *slot_key = eid_secure_alloc(SLOT_KEY_BYTES);
    st = (*db_key && *slot_key) ? EID_OK : EID_ERR_NO_MEMORY;
    vault_header before = v->hdr;
    if (st == EID_OK) {
        vault_header h = v->hdr;
        h.failed++;
        h.last_failure = elapsed_now(v);
        st = write_header(v, &h);
        if (st == EID_OK) {
            st = derive_slot_key(v, passcode, &s, *slot_key);
            if (st != EID_OK) {
                /* Nothing was checked: give the attempt back. */
                vault_header back = v->hdr;
                back.failed = before.failed;
                back.last_failure = before.last_failure;
                write_header(v, &back);
            } else {
                st = vault_slot_open(&v->hdr, &s, *slot_key, *db_key);
            }
        }
    }
    if (st != EID_OK) {
        secure_drop(db_key, DB_KEY_BYTES);
        secure_drop(slot_key, SLOT_KEY_BYTES);
        if (st == EID_ERR_WRONG_PASSCODE && v->opts.wipe_after != 0 && v->hdr.failed >= v->opts.wipe_after) {
            do_wipe(v, 1);
            st = EID_ERR_WIPED;
        }
    }
    return st;
}

/* Resets the counter after a right passcode whose follow-up failed. */
static void reset_counter(eid_vault *v)
{
    if (v->wiped || refresh(v) != EID_OK || v->hdr.failed == 0)
        return;
    vault_header reset = v->hdr;
    reset.failed = 0;
    reset.last_failure = 0;
    write_header(v, &reset);
}

/* ---- unlock / lock -------------------------------------------------------- */

static void drop_keys(eid_vault *v)
{
    secure_drop(&v->db_key, DB_KEY_BYTES);
    secure_drop(&v->slot_key, SLOT_KEY_BYTES);
    secure_drop(&v->holder_sk, EID_SIGN_SECRET_BYTES);
    memset(v->holder_pk, 0, sizeof v->holder_pk);
}

static eid_status unlock_locked(eid_vault *v, const char *passcode)
{
    uint8_t *db_key, *slot_key;
    eid_status st = attempt(v, passcode, &db_key, &slot_key);
    if (st != EID_OK)
        return st;

    vault_header h = v->hdr;
    h.failed = 0;
    h.last_failure = 0;
    int a = active_index(&h), p = 1 - a;
    st = store_open(v->db_path, db_key, h.store.profile, 0, &v->store);
    if (st == EID_ERR_CORRUPT && h.slot[p].state == SLOT_PENDING) {
        /* A rekey renamed the new database into place but did not promote
         * its key: the pending slot opens it (same passcode; the same salt,
         * so the same slot key, unless the parameters differ). */
        if (h.slot[p].ops != h.slot[a].ops || h.slot[p].mem != h.slot[a].mem ||
            memcmp(h.slot[p].salt, h.slot[a].salt, VAULT_SALT_BYTES) != 0)
            st = derive_slot_key(v, passcode, &h.slot[p], slot_key);
        else
            st = EID_OK;
        if (st == EID_OK)
            st = vault_slot_open(&h, &h.slot[p], slot_key, db_key);
        if (st == EID_ERR_WRONG_PASSCODE)
            st = EID_ERR_CORRUPT;
        if (st == EID_OK)
            st = store_open(v->db_path, db_key, h.store.profile, 0, &v->store);
        if (st == EID_OK) {
            h.slot[a] = h.slot[p];
            h.slot[a].state = SLOT_ACTIVE;
            memset(&h.slot[p], 0, sizeof h.slot[p]);
        }
    } else if (st == EID_OK && h.slot[p].state == SLOT_PENDING) {
        /* The rekey never replaced the database: forget its key. */
        memset(&h.slot[p], 0, sizeof h.slot[p]);
    }
    if (st == EID_OK) {
        unlink(v->db_new);
        vault_slot *s = &h.slot[a];
        if (v->opts.argon2_ops > s->ops || v->opts.argon2_mem_bytes > s->mem) {
            /* The defaults rose since this passcode was sealed. */
            s->ops = v->opts.argon2_ops > s->ops ? v->opts.argon2_ops : s->ops;
            s->mem = v->opts.argon2_mem_bytes > s->mem ? v->opts.argon2_mem_bytes : s->mem;
            eid_random(s->salt, VAULT_SALT_BYTES);
            st = derive_slot_key(v, passcode, s, slot_key);
            if (st == EID_OK)
                st = seal_slot(v, s, db_key, slot_key);
        }
    }
    /* The passcode was right: the counter returns to 0 even if the database
     * then failed to open. */
    if (st == EID_OK)
        st = write_header(v, &h);
    if (st != EID_OK) {
        reset_counter(v);
        store_close(v->store);
        v->store = NULL;
        secure_drop(&db_key, DB_KEY_BYTES);
        secure_drop(&slot_key, SLOT_KEY_BYTES);
        return st;
    }
    v->db_key = db_key;
    v->slot_key = slot_key;
    return EID_OK;
}

eid_status eid_vault_unlock(eid_vault *v, const char *passcode)
{
    if (v == NULL || passcode == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return gone(v);
    if (v->store != NULL)
        return fail(v, EID_ERR_STATE, "unlock");
    eid_status st = dir_lock(v);
    if (st == EID_OK)
        st = unlock_locked(v, passcode);
    dir_unlock(v);
    if (st != EID_OK)
        return fail(v, st, "unlock");
    eid_log(&v->opts.logger, EID_LOG_INFO, "vault: unlocked");
    return EID_OK;
}

eid_status eid_vault_lock(eid_vault *v)
{
    if (v == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return gone(v);
    store_close(v->store);
    v->store = NULL;
    drop_keys(v);
    return EID_OK;
}

int eid_vault_is_unlocked(const eid_vault *v) { return v != NULL && !v->wiped && v->store != NULL; }

eid_keystore_kind eid_vault_keystore_kind(const eid_vault *v)
{
    return v == NULL ? EID_KEYSTORE_SOFTWARE : (eid_keystore_kind)v->hdr.keystore_kind;
}

const char *eid_vault_last_error(const eid_vault *v) { return v == NULL ? "" : v->last_error; }

static eid_status need_unlocked(const eid_vault *v)
{
    if (v == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return gone(v);
    return v->store != NULL ? EID_OK : EID_ERR_LOCKED;
}

/* After refresh(): the active slot is still the one this handle unlocked
 * (no other handle changed the passcode or rekeyed in between). */
static eid_status still_ours(const eid_vault *v, const vault_slot *seen)
{
    return same_slot(&v->hdr.slot[active_index(&v->hdr)], seen) ? EID_OK : EID_ERR_STATE;
}

/* ---- passcode change, rekey ------------------------------------------------- */

static eid_status change_locked(eid_vault *v, const char *old_passcode, const char *new_passcode)
{
    uint8_t *db_key, *old_key;
    /* A wrong old passcode counts like a failed unlock; the vault stays
     * unlocked unless the failure reached the wipe limit. */
    eid_status st = attempt(v, old_passcode, &db_key, &old_key);
    if (st != EID_OK)
        return st;
    secure_drop(&old_key, SLOT_KEY_BYTES);
    /* Another handle rekeyed: this one's database is not the vault's any more. */
    if (!eid_ct_equal(db_key, v->db_key, DB_KEY_BYTES))
        st = EID_ERR_STATE;
    secure_drop(&db_key, DB_KEY_BYTES);
    uint8_t *new_key = eid_secure_alloc(SLOT_KEY_BYTES);
    if (st == EID_OK && new_key == NULL)
        st = EID_ERR_NO_MEMORY;
    vault_header h = v->hdr;
    h.failed = 0;
    h.last_failure = 0;
    vault_slot *s = &h.slot[active_index(&h)];
    s->ops = v->opts.argon2_ops;
    s->mem = v->opts.argon2_mem_bytes;
    eid_random(s->salt, VAULT_SALT_BYTES);
    if (st == EID_OK)
        st = derive_slot_key(v, new_passcode, s, new_key);
    if (st == EID_OK)
        st = seal_slot(v, s, v->db_key, new_key);
    if (st == EID_OK)
        st = write_header(v, &h);
    if (st != EID_OK) {
        secure_drop(&new_key, SLOT_KEY_BYTES);
        reset_counter(v);
        return st;
    }
    secure_drop(&v->slot_key, SLOT_KEY_BYTES);
    v->slot_key = new_key;
    return EID_OK;
}

eid_status eid_vault_change_passcode(eid_vault *v, const char *old_passcode, const char *new_passcode)
{
    eid_status st = need_unlocked(v);
    if (st != EID_OK)
        return st;
    if (old_passcode == NULL || new_passcode == NULL)
        return EID_ERR_INVALID_ARG;
    if ((st = vault_check_passcode(&v->opts, new_passcode)) != EID_OK)
        return fail(v, st, "change passcode");
    st = dir_lock(v);
    if (st == EID_OK)
        st = change_locked(v, old_passcode, new_passcode);
    dir_unlock(v);
    return st == EID_OK ? EID_OK : fail(v, st, "change passcode");
}

static eid_status unlink_if_there(const char *path)
{
    return unlink(path) == 0 || errno == ENOENT ? EID_OK : EID_ERR_IO;
}

static eid_status rekey_locked(eid_vault *v)
{
    vault_slot seen = v->hdr.slot[active_index(&v->hdr)];
    eid_status st = refresh(v);
    if (st == EID_OK)
        st = still_ours(v, &seen);
    if (st != EID_OK)
        return st;
    uint8_t *new_key = eid_secure_alloc(DB_KEY_BYTES);
    if (new_key == NULL)
        return EID_ERR_NO_MEMORY;
    eid_random(new_key, DB_KEY_BYTES);

    /* 1. The new key goes into the pending slot, on disk, before any page
     *    is written with it. */
    vault_header h = v->hdr;
    int a = active_index(&h), p = 1 - a;
    h.slot[p] = h.slot[a];
    h.slot[p].state = SLOT_PENDING;
    h.slot[p].generation = h.slot[a].generation + 1;
    st = seal_slot(v, &h.slot[p], new_key, v->slot_key);
    if (st == EID_OK)
        st = write_header(v, &h);
    /* 2. A full copy under the new key, synced, beside the old database. */
    if (st == EID_OK)
        st = unlink_if_there(v->db_new);
    if (st == EID_OK)
        st = store_export(v->store, v->db_new, new_key);
    if (st != EID_OK) {
        if (v->hdr.slot[p].state == SLOT_PENDING) {
            vault_header back = v->hdr;
            memset(&back.slot[p], 0, sizeof back.slot[p]);
            write_header(v, &back);
        }
        secure_drop(&new_key, DB_KEY_BYTES);
        return st;
    }
    /* 3. Close the old database out of WAL mode so no -wal file of the old
     *    key survives, then swap the files atomically. */
    st = store_close_clean(v->store);
    v->store = NULL;
    char shm[4200];
    snprintf(shm, sizeof shm, "%s-shm", v->db_path);
    if (st == EID_OK)
        st = unlink_if_there(shm);
    if (st == EID_OK && rename(v->db_new, v->db_path) != 0)
        st = EID_ERR_IO;
    if (st == EID_OK)
        st = vault_fsync_dir(v->dir);
    /* 4. Promote. */
    if (st == EID_OK) {
        vault_header done = v->hdr;
        done.slot[a] = done.slot[p];
        done.slot[a].state = SLOT_ACTIVE;
        memset(&done.slot[p], 0, sizeof done.slot[p]);
        st = write_header(v, &done);
    }
    if (st == EID_OK) {
        st = store_open(v->db_path, new_key, v->hdr.store.profile, 0, &v->store);
        if (st == EID_OK) {
            secure_drop(&v->db_key, DB_KEY_BYTES);
            v->db_key = new_key;
            return EID_OK;
        }
    }
    /* Something failed half way: reopen with whichever key opens the file. */
    eid_status reopen = store_open(v->db_path, v->db_key, v->hdr.store.profile, 0, &v->store);
    if (reopen != EID_OK)
        reopen = store_open(v->db_path, new_key, v->hdr.store.profile, 0, &v->store);
    if (reopen != EID_OK) {
        v->store = NULL;
        drop_keys(v);
    }
    secure_drop(&new_key, DB_KEY_BYTES);
    return st;
}

eid_status eid_vault_rekey(eid_vault *v)
{
    eid_status st = need_unlocked(v);
    if (st != EID_OK)
        return st;
    if (store_in_transaction(v->store))
        return fail(v, EID_ERR_STATE, "rekey");
    st = dir_lock(v);
    if (st == EID_OK)
        st = rekey_locked(v);
    dir_unlock(v);
    return st == EID_OK ? EID_OK : fail(v, st, "rekey");
}

/* ---- wipe / close ----------------------------------------------------------- */

static eid_status do_wipe(eid_vault *v, int forced)
{
    store_close(v->store);
    v->store = NULL;
    drop_keys(v);
    eid_status st = keystore_status(v->ks.delete_key(v->ks.ctx, v->alias));
    if (st != EID_OK && !forced)
        return st;
    remove_db_files(v);
    unlink(v->db_new);
    unlink(v->hdr_tmp);
    eid_status fst = unlink_if_there(v->hdr_path);
    unlink(v->lock_path); /* a handle waiting on it finds no header and reports the wipe */
    if (fst == EID_OK)
        fst = vault_fsync_dir(v->dir);
    secure_drop(&v->auth_key, VAULT_AUTH_KEY_BYTES);
    v->wiped = 1;
    eid_log(&v->opts.logger, EID_LOG_WARN, "vault: wiped");
    return st != EID_OK ? st : fst;
}

eid_status eid_vault_wipe(eid_vault *v)
{
    if (v == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return gone(v);
    eid_status st = dir_lock(v);
    if (st == EID_OK)
        st = do_wipe(v, 0);
    dir_unlock(v);
    return st == EID_OK ? EID_OK : fail(v, st, "wipe");
}

void eid_vault_close(eid_vault **vp)
{
    if (vp == NULL || *vp == NULL)
        return;
    eid_vault *v = *vp;
    *vp = NULL;
    store_close(v->store);
    drop_keys(v);
    dir_unlock(v);
    secure_drop(&v->auth_key, VAULT_AUTH_KEY_BYTES);
    free(v->dir);
    free(v->db_path);
    free(v->hdr_path);
    free(v->hdr_tmp);
    free(v->db_new);
    free(v->lock_path);
    eid_memzero(&v->ks, sizeof v->ks);
    free(v);
}

/* ---- records (internal API) --------------------------------------------- */

eid_status vault_put(eid_vault *v, uint32_t kind, const uint8_t *id, size_t id_len, int64_t ord,
                     const uint8_t *value, size_t value_len)
{
    eid_status st = need_unlocked(v);
    return st != EID_OK ? st : store_put(v->store, kind, id, id_len, ord, value, value_len);
}

eid_status vault_get(eid_vault *v, uint32_t kind, const uint8_t *id, size_t id_len, eid_bytes *value,
                     int64_t *ord)
{
    eid_status st = need_unlocked(v);
    return st != EID_OK ? st : store_get(v->store, kind, id, id_len, value, ord);
}

eid_status vault_delete(eid_vault *v, uint32_t kind, const uint8_t *id, size_t id_len)
{
    eid_status st = need_unlocked(v);
    return st != EID_OK ? st : store_delete(v->store, kind, id, id_len);
}

eid_status vault_delete_kind(eid_vault *v, uint32_t kind, uint64_t *deleted)
{
    eid_status st = need_unlocked(v);
    return st != EID_OK ? st : store_delete_kind(v->store, kind, deleted);
}

eid_status vault_count(eid_vault *v, uint32_t kind, uint64_t *count)
{
    eid_status st = need_unlocked(v);
    if (st == EID_OK && count == NULL)
        st = EID_ERR_INVALID_ARG;
    return st != EID_OK ? st : store_count(v->store, kind, count);
}

eid_status vault_list(eid_vault *v, uint32_t kind, store_visit_fn fn, void *ctx)
{
    eid_status st = need_unlocked(v);
    return st != EID_OK ? st : store_list(v->store, kind, fn, ctx);
}

eid_status vault_begin(eid_vault *v)
{
    eid_status st = need_unlocked(v);
    return st != EID_OK ? st : store_begin(v->store);
}

eid_status vault_commit(eid_vault *v)
{
    eid_status st = need_unlocked(v);
    return st != EID_OK ? st : store_commit(v->store);
}

void vault_rollback(eid_vault *v)
{
    if (need_unlocked(v) == EID_OK)
        store_rollback(v->store);
}

eid_status vault_checkpoint_truncate(eid_vault *v)
{
    eid_status st = need_unlocked(v);
    return st != EID_OK ? st : store_checkpoint_truncate(v->store);
}

eid_status vault_integrity_check(eid_vault *v)
{
    eid_status st = need_unlocked(v);
    return st != EID_OK ? st : store_integrity_check(v->store);
}

eid_status vault_kdf_params(const eid_vault *v, uint64_t *ops, uint64_t *mem)
{
    if (v == NULL || v->wiped)
        return EID_ERR_INVALID_ARG;
    const vault_slot *s = &v->hdr.slot[active_index(&v->hdr)];
    *ops = s->ops;
    *mem = s->mem;
    return EID_OK;
}

eid_status vault_store_settings(const eid_vault *v, store_settings *out)
{
    eid_status st = need_unlocked(v);
    if (st == EID_OK)
        store_settings_of(v->store, out);
    return st;
}

/* ---- holder keys ------------------------------------------------------------ */

/* A holder key record: public key || nonce || secret key sealed under the
 * keystore's PRF of a fixed input, with the public key as associated data. */
#define HOLDER_RECORD_BYTES (EID_SIGN_PUBLIC_BYTES + HOLDER_SEALED_BYTES)

static eid_status holder_seal(eid_vault *v, const uint8_t pk[EID_SIGN_PUBLIC_BYTES],
                              const uint8_t sk[EID_SIGN_SECRET_BYTES], uint8_t record[HOLDER_RECORD_BYTES])
{
    uint8_t *key = eid_secure_alloc(PRF_BYTES);
    if (key == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = ks_prf_fixed(v, PRF_HOLDER, key);
    if (st == EID_OK) {
        memcpy(record, pk, EID_SIGN_PUBLIC_BYTES);
        uint8_t *nonce = record + EID_SIGN_PUBLIC_BYTES;
        eid_random(nonce, EID_AEAD_NONCE_BYTES);
        st = eid_aead_seal(nonce + EID_AEAD_NONCE_BYTES, sk, EID_SIGN_SECRET_BYTES, pk, EID_SIGN_PUBLIC_BYTES, nonce,
                           key);
    }
    secure_drop(&key, PRF_BYTES);
    return st;
}

static eid_status holder_open(eid_vault *v, const uint8_t *record, size_t len, uint8_t sk[EID_SIGN_SECRET_BYTES])
{
    if (len != HOLDER_RECORD_BYTES)
        return EID_ERR_CORRUPT;
    uint8_t *key = eid_secure_alloc(PRF_BYTES);
    if (key == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = ks_prf_fixed(v, PRF_HOLDER, key);
    if (st == EID_OK) {
        const uint8_t *nonce = record + EID_SIGN_PUBLIC_BYTES;
        st = eid_aead_open(sk, nonce + EID_AEAD_NONCE_BYTES, EID_SIGN_SECRET_BYTES + EID_AEAD_TAG_BYTES, record,
                           EID_SIGN_PUBLIC_BYTES, nonce, key);
    }
    secure_drop(&key, PRF_BYTES);
    return st;
}

eid_status vault_holder_key_new(eid_vault *v, uint8_t public_key[EID_SIGN_PUBLIC_BYTES])
{
    eid_status st = need_unlocked(v);
    if (st != EID_OK)
        return st;
    uint8_t *sk = eid_secure_alloc(EID_SIGN_SECRET_BYTES);
    if (sk == NULL)
        return EID_ERR_NO_MEMORY;
    uint8_t pk[EID_SIGN_PUBLIC_BYTES];
    uint8_t value[HOLDER_RECORD_BYTES];
    st = eid_sign_keypair(pk, sk);
    if (st == EID_OK)
        st = holder_seal(v, pk, sk, value);
    if (st == EID_OK) {
        uint8_t id[EID_KEY_ID_BYTES];
        eid_crypto_key_id(id, pk);
        st = store_put(v->store, VAULT_KIND_HOLDER_KEY, id, sizeof id, now_of(v), value, sizeof value);
    }
    if (st != EID_OK) {
        secure_drop(&sk, EID_SIGN_SECRET_BYTES);
        return st;
    }
    secure_drop(&v->holder_sk, EID_SIGN_SECRET_BYTES);
    v->holder_sk = sk;
    memcpy(v->holder_pk, pk, sizeof pk);
    memcpy(public_key, pk, sizeof pk);
    return EID_OK;
}

eid_status vault_holder_sign(eid_vault *v, const uint8_t public_key[EID_SIGN_PUBLIC_BYTES], const char *context,
                             const uint8_t *msg, size_t len, uint8_t signature[EID_SIGNATURE_BYTES])
{
    eid_status st = need_unlocked(v);
    if (st != EID_OK)
        return st;
    if (public_key == NULL || context == NULL || (msg == NULL && len > 0) || signature == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->holder_sk == NULL || !eid_ct_equal(v->holder_pk, public_key, EID_SIGN_PUBLIC_BYTES)) {
        uint8_t id[EID_KEY_ID_BYTES];
        eid_crypto_key_id(id, public_key);
        eid_bytes rec = {0};
        if ((st = store_get(v->store, VAULT_KIND_HOLDER_KEY, id, sizeof id, &rec, NULL)) != EID_OK)
            return st;
        uint8_t *sk = eid_secure_alloc(EID_SIGN_SECRET_BYTES);
        if (sk == NULL)
            st = EID_ERR_NO_MEMORY;
        else if (rec.len <= EID_SIGN_PUBLIC_BYTES || memcmp(rec.data, public_key, EID_SIGN_PUBLIC_BYTES) != 0)
            st = EID_ERR_NOT_FOUND;
        else
            st = holder_open(v, rec.data, rec.len, sk);
        eid_bytes_free(&rec);
        if (st == EID_OK) {
            uint8_t check[EID_SIGN_PUBLIC_BYTES];
            eid_sign_public_of(check, sk);
            if (!eid_ct_equal(check, public_key, EID_SIGN_PUBLIC_BYTES))
                st = EID_ERR_CORRUPT;
        }
        if (st != EID_OK) {
            secure_drop(&sk, EID_SIGN_SECRET_BYTES);
            return st;
        }
        secure_drop(&v->holder_sk, EID_SIGN_SECRET_BYTES);
        v->holder_sk = sk;
        memcpy(v->holder_pk, public_key, EID_SIGN_PUBLIC_BYTES);
    }
    return eid_sign_detached(signature, context, msg, len, v->holder_sk);
}
eid_status vault_holder_key_delete(eid_vault *v, const uint8_t public_key[EID_SIGN_PUBLIC_BYTES])
{
    eid_status st = need_unlocked(v);
    if (st != EID_OK)
        return st;
    if (public_key == NULL)
        return EID_ERR_INVALID_ARG;
    uint8_t id[EID_KEY_ID_BYTES];
    eid_crypto_key_id(id, public_key);
    eid_bytes rec = {0};
    if ((st = store_get(v->store, VAULT_KIND_HOLDER_KEY, id, sizeof id, &rec, NULL)) != EID_OK)
        return st;
    int same = rec.len > EID_SIGN_PUBLIC_BYTES && memcmp(rec.data, public_key, EID_SIGN_PUBLIC_BYTES) == 0;
    eid_bytes_free(&rec);
    if (!same)
        return EID_ERR_NOT_FOUND; /* another key with the same id: not ours to delete */
    st = store_delete(v->store, VAULT_KIND_HOLDER_KEY, id, sizeof id);
    if (st == EID_OK && v->holder_sk != NULL && eid_ct_equal(v->holder_pk, public_key, EID_SIGN_PUBLIC_BYTES))
        secure_drop(&v->holder_sk, EID_SIGN_SECRET_BYTES);
    return st;
}
