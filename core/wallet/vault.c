/* The vault: key hierarchy, lockout, crash-safe header and rekey.
 *
 *   database key (random, 256 bits)
 *     sealed with XChaCha20-Poly1305 under Argon2id(passcode, slot salt)
 *       wrapped by the platform keystore            -> header slot
 *   header authentication key (random)
 *       wrapped by the platform keystore            -> header
 *
 * The header has two slots. A rekey writes the new key into the pending slot
 * (durably), re-encrypts the database into a new file that replaces the old
 * one by rename, then promotes the pending slot; an unlock after a crash tries
 * the active key and then the pending one, and finishes the promotion. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "crypto/crypto.h"
#include "eid/vault.h"
#include "wallet/vault.h"
#include "wallet/vault_header.h"

#define DB_KEY_BYTES EID_STORE_KEY_BYTES
#define PW_KEY_BYTES 32
#define INNER_BYTES (EID_AEAD_NONCE_BYTES + DB_KEY_BYTES + EID_AEAD_TAG_BYTES)

struct eid_vault {
    char *dir, *db_path, *hdr_path, *hdr_tmp, *db_new;
    char alias[EID_KEYSTORE_ALIAS_MAX];
    eid_keystore ks;
    eid_vault_options opts;
    vault_header hdr;
    uint8_t *auth_key;     /* secure memory, for the handle's life: counter writes need it while locked */
    uint8_t *db_key;       /* secure memory, while unlocked */
    uint8_t *pw_key;       /* secure memory, while unlocked: Argon2id output for the active slot */
    uint8_t *holder_sk;    /* secure memory, the holder key last used, while unlocked */
    uint8_t holder_pk[EID_SIGN_PUBLIC_BYTES];
    eid_store *store;      /* non-NULL exactly when unlocked */
    int wiped;
    char last_error[160];
};

/* ---- small helpers ------------------------------------------------------- */

void eid_vault_options_default(eid_vault_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
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
    o->logger.fn = NULL;
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
        o->backoff_max_seconds < o->backoff_base_seconds)
        return EID_ERR_INVALID_ARG;
    return EID_OK;
}

static eid_status vault_alloc(const char *dir, const eid_keystore *ks, const eid_vault_options *opts,
                              eid_vault **out)
{
    if (dir == NULL || ks == NULL || out == NULL || ks->wrap == NULL || ks->unwrap == NULL ||
        ks->delete_key == NULL)
        return EID_ERR_INVALID_ARG;
    eid_vault *v = calloc(1, sizeof *v);
    if (v == NULL)
        return EID_ERR_NO_MEMORY;
    if (opts != NULL)
        v->opts = *opts;
    else
        eid_vault_options_default(&v->opts);
    v->ks = *ks;
    v->dir = strdup(dir);
    v->db_path = join(dir, "vault.db");
    v->hdr_path = join(dir, "vault.hdr");
    v->hdr_tmp = join(dir, "vault.hdr.tmp");
    v->db_new = join(dir, "vault.db.new");
    v->auth_key = eid_secure_alloc(VAULT_AUTH_KEY_BYTES);
    if (!v->dir || !v->db_path || !v->hdr_path || !v->hdr_tmp || !v->db_new || !v->auth_key) {
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

/* Keystore statuses pass through; anything undocumented becomes EID_ERR_KEYSTORE. */
static eid_status keystore_status(eid_status st)
{
    switch (st) {
    case EID_OK:
    case EID_ERR_KEYSTORE_CANCELLED:
    case EID_ERR_KEY_INVALIDATED:
    case EID_ERR_CORRUPT:
    case EID_ERR_NO_MEMORY:
        return st;
    default:
        return EID_ERR_KEYSTORE;
    }
}

static eid_status ks_wrap(eid_vault *v, const uint8_t *in, size_t len, uint8_t *out, uint16_t *out_len)
{
    size_t n = 0;
    eid_status st = v->ks.wrap(v->ks.ctx, v->alias, in, len, out, EID_KEYSTORE_WRAPPED_MAX, &n);
    if (st == EID_OK && (n == 0 || n > EID_KEYSTORE_WRAPPED_MAX))
        st = EID_ERR_KEYSTORE;
    if (st == EID_OK)
        *out_len = (uint16_t)n;
    return keystore_status(st);
}

/* Unwraps into secure memory of exactly `want` bytes. */
static eid_status ks_unwrap(eid_vault *v, const uint8_t *in, size_t len, uint8_t *out, size_t want)
{
    size_t n = 0;
    eid_status st = v->ks.unwrap(v->ks.ctx, v->alias, in, len, out, want, &n);
    if (st == EID_OK && n != want)
        st = EID_ERR_CORRUPT;
    return keystore_status(st);
}

static eid_status write_header(eid_vault *v, const vault_header *h)
{
    uint8_t buf[VAULT_HEADER_MAX];
    size_t len;
    vault_header next = *h;
    next.sequence = v->hdr.sequence + 1;
    eid_status st = vault_header_encode(&next, v->auth_key, buf, sizeof buf, &len);
    if (st == EID_OK)
        st = vault_write_file(v->dir, v->hdr_path, v->hdr_tmp, buf, len);
    if (st == EID_OK)
        v->hdr = next;
    return st;
}

/* ---- slots --------------------------------------------------------------- */

/* What the sealed key is bound to: this vault, this key generation and the
 * KDF parameters, so that none of them can be swapped. */
static size_t slot_ad(const eid_vault *v, const vault_slot *s, uint8_t ad[80])
{
    static const char label[] = "eid.vault.slot.v1";
    size_t n = 0;
    memcpy(ad, label, sizeof label);
    n += sizeof label;
    memcpy(ad + n, v->hdr.vault_id, VAULT_ID_BYTES);
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

static eid_status derive(const char *passcode, const vault_slot *s, uint8_t *pw_key)
{
    if (s->mem > SIZE_MAX)
        return EID_ERR_CORRUPT;
    return eid_argon2id(pw_key, PW_KEY_BYTES, passcode, strlen(passcode), s->salt, s->ops, (size_t)s->mem);
}

/* Fills s (whose generation, ops, mem and salt are set) with db_key sealed
 * under pw_key and wrapped by the keystore. */
static eid_status seal_slot(eid_vault *v, vault_slot *s, const uint8_t *db_key, const uint8_t *pw_key)
{
    uint8_t ad[80];
    size_t adlen = slot_ad(v, s, ad);
    uint8_t *inner = eid_secure_alloc(INNER_BYTES);
    if (inner == NULL)
        return EID_ERR_NO_MEMORY;
    eid_random(inner, EID_AEAD_NONCE_BYTES);
    eid_status st = eid_aead_seal(inner + EID_AEAD_NONCE_BYTES, db_key, DB_KEY_BYTES, ad, adlen, inner, pw_key);
    s->kdf = VAULT_KDF_ARGON2ID13;
    if (st == EID_OK)
        st = ks_wrap(v, inner, INNER_BYTES, s->wrapped, &s->wrapped_len);
    secure_drop(&inner, INNER_BYTES);
    return st;
}

/* Keystore half of opening a slot: the passcode-sealed blob. */
static eid_status unwrap_slot(eid_vault *v, const vault_slot *s, uint8_t *inner)
{
    return ks_unwrap(v, s->wrapped, s->wrapped_len, inner, INNER_BYTES);
}

/* Passcode half: EID_ERR_WRONG_PASSCODE when the seal does not open. */
static eid_status open_inner(const eid_vault *v, const vault_slot *s, const uint8_t *inner, const uint8_t *pw_key,
                             uint8_t *db_key)
{
    uint8_t ad[80];
    size_t adlen = slot_ad(v, s, ad);
    eid_status st =
        eid_aead_open(db_key, inner + EID_AEAD_NONCE_BYTES, INNER_BYTES - EID_AEAD_NONCE_BYTES, ad, adlen, inner, pw_key);
    return st == EID_OK ? EID_OK : EID_ERR_WRONG_PASSCODE;
}

static int active_index(const vault_header *h) { return h->slot[0].state == SLOT_ACTIVE ? 0 : 1; }

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
    if (stat(v->hdr_path, &sb) == 0) {
        st = EID_ERR_EXISTS;
        goto done;
    }
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        st = EID_ERR_NOT_FOUND;
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
    eid_random(v->auth_key, VAULT_AUTH_KEY_BYTES);
    if ((st = ks_wrap(v, v->auth_key, VAULT_AUTH_KEY_BYTES, h->auth, &h->auth_len)) != EID_OK)
        goto done;

    v->db_key = eid_secure_alloc(DB_KEY_BYTES);
    v->pw_key = eid_secure_alloc(PW_KEY_BYTES);
    if (v->db_key == NULL || v->pw_key == NULL) {
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
    if ((st = derive(passcode, s, v->pw_key)) != EID_OK || (st = seal_slot(v, s, v->db_key, v->pw_key)) != EID_OK)
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
        eid_vault_close(&v);
        return st;
    }
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
    if ((st = ks_unwrap(v, v->hdr.auth, v->hdr.auth_len, v->auth_key, VAULT_AUTH_KEY_BYTES)) != EID_OK)
        goto done;
    if ((st = vault_header_verify(buf, len, v->auth_key)) != EID_OK)
        goto done;
    if ((int)v->hdr.keystore_kind != (int)v->ks.kind) {
        st = EID_ERR_KEYSTORE;
        goto done;
    }
done:
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

/* A clock set back before the last failure restarts the wait from now
 * instead of opening the gate. */
static int64_t remaining_wait(const eid_vault *v)
{
    int64_t w = wait_after(v, v->hdr.failed);
    if (w == 0)
        return 0;
    int64_t now = now_of(v);
    if (now < v->hdr.last_failure)
        return w;
    int64_t left = v->hdr.last_failure + w - now;
    return left > 0 ? left : 0;
}

eid_status eid_vault_retry_after(const eid_vault *v, int64_t *seconds)
{
    if (v == NULL || seconds == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return EID_ERR_WIPED;
    *seconds = remaining_wait(v);
    return EID_OK;
}

eid_status eid_vault_failed_attempts(const eid_vault *v, uint32_t *count)
{
    if (v == NULL || count == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return EID_ERR_WIPED;
    *count = v->hdr.failed;
    return EID_OK;
}

static eid_status do_wipe(eid_vault *v, int forced);

/* One passcode attempt against the active slot: counted durably first.
 * On success *db_key and *pw_key (secure memory, caller frees) are set. */
static eid_status attempt(eid_vault *v, const char *passcode, uint8_t **db_key, uint8_t **pw_key)
{
    *db_key = *pw_key = NULL;
    if (strnlen(passcode, EID_VAULT_PASSCODE_MAX + 1) > EID_VAULT_PASSCODE_MAX)
        return EID_ERR_INVALID_ARG;
    if (v->opts.wipe_after != 0 && v->hdr.failed >= v->opts.wipe_after) {
        /* The limit was reached by an attempt whose process died before it
         * could wipe. */
        do_wipe(v, 1);
        return EID_ERR_WIPED;
    }
    if (remaining_wait(v) > 0)
        return EID_ERR_LOCKED_OUT;
    const vault_slot *s = &v->hdr.slot[active_index(&v->hdr)];
    uint8_t *inner = eid_secure_alloc(INNER_BYTES);
    *db_key = eid_secure_alloc(DB_KEY_BYTES);
    *pw_key = eid_secure_alloc(PW_KEY_BYTES);
    eid_status st = (inner && *db_key && *pw_key) ? EID_OK : EID_ERR_NO_MEMORY;
    /* The keystore first: a cancelled prompt is not a passcode attempt. */
    if (st == EID_OK)
        st = unwrap_slot(v, s, inner);
    if (st == EID_OK) {
        vault_header h = v->hdr;
        h.failed++;
        h.last_failure = now_of(v);
        st = write_header(v, &h);
    }
    if (st == EID_OK)
        st = derive(passcode, s, *pw_key);
    if (st == EID_OK)
        st = open_inner(v, s, inner, *pw_key, *db_key);
    secure_drop(&inner, INNER_BYTES);
    if (st != EID_OK) {
        secure_drop(db_key, DB_KEY_BYTES);
        secure_drop(pw_key, PW_KEY_BYTES);
        if (st == EID_ERR_WRONG_PASSCODE && v->opts.wipe_after != 0 && v->hdr.failed >= v->opts.wipe_after) {
            do_wipe(v, 1);
            st = EID_ERR_WIPED;
        }
    }
    return st;
}

/* ---- unlock / lock -------------------------------------------------------- */

static void drop_keys(eid_vault *v)
{
    secure_drop(&v->db_key, DB_KEY_BYTES);
    secure_drop(&v->pw_key, PW_KEY_BYTES);
    secure_drop(&v->holder_sk, EID_SIGN_SECRET_BYTES);
    memset(v->holder_pk, 0, sizeof v->holder_pk);
}

eid_status eid_vault_unlock(eid_vault *v, const char *passcode)
{
    if (v == NULL || passcode == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return EID_ERR_WIPED;
    if (v->store != NULL)
        return fail(v, EID_ERR_STATE, "unlock");
    uint8_t *db_key, *pw_key;
    eid_status st = attempt(v, passcode, &db_key, &pw_key);
    if (st != EID_OK)
        return fail(v, st, "unlock");

    vault_header h = v->hdr;
    h.failed = 0;
    h.last_failure = 0;
    int a = active_index(&h), p = 1 - a;
    st = store_open(v->db_path, db_key, h.store.profile, 0, &v->store);
    if (st == EID_ERR_CORRUPT && h.slot[p].state == SLOT_PENDING) {
        /* A rekey renamed the new database into place but did not promote
         * its key: the pending slot opens it. Same passcode, same salt. */
        uint8_t *inner = eid_secure_alloc(INNER_BYTES);
        st = inner ? unwrap_slot(v, &h.slot[p], inner) : EID_ERR_NO_MEMORY;
        if (st == EID_OK && (h.slot[p].ops != h.slot[a].ops || h.slot[p].mem != h.slot[a].mem ||
                             memcmp(h.slot[p].salt, h.slot[a].salt, VAULT_SALT_BYTES) != 0))
            st = derive(passcode, &h.slot[p], pw_key);
        if (st == EID_OK)
            st = open_inner(v, &h.slot[p], inner, pw_key, db_key);
        if (st == EID_ERR_WRONG_PASSCODE)
            st = EID_ERR_CORRUPT;
        secure_drop(&inner, INNER_BYTES);
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
            /* The defaults rose since this passcode was wrapped. */
            s->ops = v->opts.argon2_ops > s->ops ? v->opts.argon2_ops : s->ops;
            s->mem = v->opts.argon2_mem_bytes > s->mem ? v->opts.argon2_mem_bytes : s->mem;
            eid_random(s->salt, VAULT_SALT_BYTES);
            st = derive(passcode, s, pw_key);
            if (st == EID_OK)
                st = seal_slot(v, s, db_key, pw_key);
        }
    }
    /* The passcode was right: the counter returns to 0 even if the database
     * then failed to open. */
    if (st == EID_OK)
        st = write_header(v, &h);
    if (st != EID_OK) {
        vault_header reset = v->hdr;
        reset.failed = 0;
        reset.last_failure = 0;
        write_header(v, &reset);
        store_close(v->store);
        v->store = NULL;
        secure_drop(&db_key, DB_KEY_BYTES);
        secure_drop(&pw_key, PW_KEY_BYTES);
        return fail(v, st, "unlock");
    }
    v->db_key = db_key;
    v->pw_key = pw_key;
    eid_log(&v->opts.logger, EID_LOG_INFO, "vault: unlocked");
    return EID_OK;
}

eid_status eid_vault_lock(eid_vault *v)
{
    if (v == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->wiped)
        return EID_ERR_WIPED;
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
        return EID_ERR_WIPED;
    return v->store != NULL ? EID_OK : EID_ERR_LOCKED;
}

/* ---- passcode change, rekey ------------------------------------------------- */

eid_status eid_vault_change_passcode(eid_vault *v, const char *old_passcode, const char *new_passcode)
{
    eid_status st = need_unlocked(v);
    if (st != EID_OK)
        return st;
    if (old_passcode == NULL || new_passcode == NULL)
        return EID_ERR_INVALID_ARG;
    if ((st = vault_check_passcode(&v->opts, new_passcode)) != EID_OK)
        return fail(v, st, "change passcode");
    uint8_t *db_key, *pw_key;
    /* A wrong old passcode counts like a failed unlock; the vault stays
     * unlocked unless the failure reached the wipe limit. */
    if ((st = attempt(v, old_passcode, &db_key, &pw_key)) != EID_OK)
        return fail(v, st, "change passcode");
    if (!eid_ct_equal(db_key, v->db_key, DB_KEY_BYTES))
        st = EID_ERR_CORRUPT;
    secure_drop(&db_key, DB_KEY_BYTES);
    vault_header h = v->hdr;
    h.failed = 0;
    h.last_failure = 0;
    vault_slot *s = &h.slot[active_index(&h)];
    s->ops = v->opts.argon2_ops;
    s->mem = v->opts.argon2_mem_bytes;
    eid_random(s->salt, VAULT_SALT_BYTES);
    if (st == EID_OK)
        st = derive(new_passcode, s, pw_key);
    if (st == EID_OK)
        st = seal_slot(v, s, v->db_key, pw_key);
    if (st == EID_OK)
        st = write_header(v, &h);
    if (st != EID_OK) {
        secure_drop(&pw_key, PW_KEY_BYTES);
        vault_header reset = v->hdr;
        reset.failed = 0;
        reset.last_failure = 0;
        write_header(v, &reset);
        return fail(v, st, "change passcode");
    }
    secure_drop(&v->pw_key, PW_KEY_BYTES);
    v->pw_key = pw_key;
    return EID_OK;
}

static eid_status unlink_if_there(const char *path)
{
    return unlink(path) == 0 || errno == ENOENT ? EID_OK : EID_ERR_IO;
}

eid_status eid_vault_rekey(eid_vault *v)
{
    eid_status st = need_unlocked(v);
    if (st != EID_OK)
        return st;
    if (store_in_transaction(v->store))
        return fail(v, EID_ERR_STATE, "rekey");
    uint8_t *new_key = eid_secure_alloc(DB_KEY_BYTES);
    if (new_key == NULL)
        return fail(v, EID_ERR_NO_MEMORY, "rekey");
    eid_random(new_key, DB_KEY_BYTES);

    /* 1. The new key goes into the pending slot, on disk, before any page
     *    is written with it. */
    vault_header h = v->hdr;
    int a = active_index(&h), p = 1 - a;
    h.slot[p] = h.slot[a];
    h.slot[p].state = SLOT_PENDING;
    h.slot[p].generation = h.slot[a].generation + 1;
    st = seal_slot(v, &h.slot[p], new_key, v->pw_key);
    if (st == EID_OK)
        st = write_header(v, &h);
    /* 2. A full copy under the new key, synced, beside the old database. */
    if (st == EID_OK)
        st = unlink_if_there(v->db_new);
    if (st == EID_OK)
        st = store_export(v->store, v->db_new, new_key);
    if (st != EID_OK) {
        vault_header back = v->hdr;
        memset(&back.slot[p], 0, sizeof back.slot[p]);
        write_header(v, &back);
        secure_drop(&new_key, DB_KEY_BYTES);
        return fail(v, st, "rekey");
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
    return fail(v, st, "rekey");
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
        return EID_ERR_WIPED;
    eid_status st = do_wipe(v, 0);
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
    secure_drop(&v->auth_key, VAULT_AUTH_KEY_BYTES);
    free(v->dir);
    free(v->db_path);
    free(v->hdr_path);
    free(v->hdr_tmp);
    free(v->db_new);
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

eid_status vault_holder_key_new(eid_vault *v, uint8_t public_key[EID_SIGN_PUBLIC_BYTES])
{
    eid_status st = need_unlocked(v);
    if (st != EID_OK)
        return st;
    uint8_t *sk = eid_secure_alloc(EID_SIGN_SECRET_BYTES);
    if (sk == NULL)
        return EID_ERR_NO_MEMORY;
    uint8_t pk[EID_SIGN_PUBLIC_BYTES];
    uint8_t value[EID_SIGN_PUBLIC_BYTES + EID_KEYSTORE_WRAPPED_MAX];
    uint16_t wlen = 0;
    st = eid_sign_keypair(pk, sk);
    if (st == EID_OK)
        st = ks_wrap(v, sk, EID_SIGN_SECRET_BYTES, value + EID_SIGN_PUBLIC_BYTES, &wlen);
    if (st == EID_OK) {
        memcpy(value, pk, sizeof pk);
        uint8_t id[EID_KEY_ID_BYTES];
        eid_crypto_key_id(id, pk);
        st = store_put(v->store, VAULT_KIND_HOLDER_KEY, id, sizeof id, now_of(v), value,
                       EID_SIGN_PUBLIC_BYTES + wlen);
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
            st = ks_unwrap(v, rec.data + EID_SIGN_PUBLIC_BYTES, rec.len - EID_SIGN_PUBLIC_BYTES, sk,
                           EID_SIGN_SECRET_BYTES);
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
