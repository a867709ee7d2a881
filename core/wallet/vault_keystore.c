/* The software keystore: one random key per alias in a file. Host tools and
 * tests only; a phone uses its platform keystore through the same callbacks. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "eid/keystore.h"
#include "wallet/vault_header.h"

#define SOFT_KEY_BYTES 32

size_t eid_keystore_wrapped_max(void) { return EID_KEYSTORE_WRAPPED_MAX; }
size_t eid_keystore_alias_max(void) { return EID_KEYSTORE_ALIAS_MAX; }

typedef struct soft_ctx {
    char *dir;
} soft_ctx;

static int alias_ok(const char *alias)
{
    size_t n = alias ? strnlen(alias, EID_KEYSTORE_ALIAS_MAX) : 0;
    if (n == 0 || n >= EID_KEYSTORE_ALIAS_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = alias[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

static void key_path(const soft_ctx *c, const char *alias, char *buf, size_t cap, const char *suffix)
{
    snprintf(buf, cap, "%s/%s.key%s", c->dir, alias, suffix);
}

/* Loads the alias's key into secure memory; create != 0 makes it if absent. */
static eid_status load_key(const soft_ctx *c, const char *alias, int create, uint8_t **key)
{
    char path[4096], tmp[4100];
    key_path(c, alias, path, sizeof path, "");
    *key = eid_secure_alloc(SOFT_KEY_BYTES);
    if (*key == NULL)
        return EID_ERR_NO_MEMORY;
    size_t len = 0;
    eid_status st = vault_read_file(path, *key, SOFT_KEY_BYTES, &len);
    if (st == EID_OK && len == SOFT_KEY_BYTES)
        return EID_OK;
    if (st == EID_ERR_NOT_FOUND && create) {
        eid_random(*key, SOFT_KEY_BYTES);
        key_path(c, alias, tmp, sizeof tmp, ".tmp");
        st = vault_write_file(c->dir, path, tmp, *key, SOFT_KEY_BYTES);
        if (st == EID_OK)
            return EID_OK;
    } else if (st == EID_ERR_NOT_FOUND) {
        st = EID_ERR_KEY_INVALIDATED;
    } else {
        st = EID_ERR_KEYSTORE;
    }
    eid_secure_free(*key);
    *key = NULL;
    return st;
}

static eid_status soft_wrap(void *ctx, const char *alias, const uint8_t *in, size_t in_len, uint8_t *out,
                            size_t out_cap, size_t *out_len)
{
    if (!alias_ok(alias) || in == NULL || out == NULL || out_len == NULL || in_len > 256)
        return EID_ERR_INVALID_ARG;
    if (out_cap < EID_AEAD_NONCE_BYTES + in_len + EID_AEAD_TAG_BYTES)
        return EID_ERR_TOO_LARGE;
    uint8_t *key;
    eid_status st = load_key(ctx, alias, 1, &key);
    if (st != EID_OK)
        return st;
    eid_random(out, EID_AEAD_NONCE_BYTES);
    st = eid_aead_seal(out + EID_AEAD_NONCE_BYTES, in, in_len, (const uint8_t *)alias, strlen(alias), out, key);
    eid_secure_free(key);
    if (st != EID_OK)
        return EID_ERR_KEYSTORE;
    *out_len = EID_AEAD_NONCE_BYTES + in_len + EID_AEAD_TAG_BYTES;
    return EID_OK;
}

static eid_status soft_unwrap(void *ctx, const char *alias, const uint8_t *in, size_t in_len, uint8_t *out,
                              size_t out_cap, size_t *out_len)
{
    if (!alias_ok(alias) || in == NULL || out == NULL || out_len == NULL)
        return EID_ERR_INVALID_ARG;
    if (in_len < EID_AEAD_NONCE_BYTES + EID_AEAD_TAG_BYTES)
        return EID_ERR_CORRUPT;
    size_t n = in_len - EID_AEAD_NONCE_BYTES - EID_AEAD_TAG_BYTES;
    if (out_cap < n)
        return EID_ERR_TOO_LARGE;
    uint8_t *key;
    eid_status st = load_key(ctx, alias, 0, &key);
    if (st != EID_OK)
        return st;
    st = eid_aead_open(out, in + EID_AEAD_NONCE_BYTES, in_len - EID_AEAD_NONCE_BYTES, (const uint8_t *)alias,
                       strlen(alias), in, key);
    eid_secure_free(key);
    if (st != EID_OK)
        return EID_ERR_CORRUPT;
    *out_len = n;
    return EID_OK;
}

static eid_status soft_delete(void *ctx, const char *alias)
{
    if (!alias_ok(alias))
        return EID_ERR_INVALID_ARG;
    const soft_ctx *c = ctx;
    char path[4096];
    key_path(c, alias, path, sizeof path, "");
    /* Overwrite before unlinking: the file system may keep the old blocks,
     * which is one more reason this keystore is not for phones. */
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        uint8_t zero[SOFT_KEY_BYTES] = {0};
        ssize_t w = write(fd, zero, sizeof zero);
        (void)w;
        eid_fsync_hook(fd);
        close(fd);
    }
    if (unlink(path) != 0 && errno != ENOENT)
        return EID_ERR_KEYSTORE;
    return vault_fsync_dir(c->dir) == EID_OK ? EID_OK : EID_ERR_KEYSTORE;
}

eid_status eid_keystore_software(const char *dir, eid_keystore *ks)
{
    if (dir == NULL || ks == NULL)
        return EID_ERR_INVALID_ARG;
    memset(ks, 0, sizeof *ks);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return EID_ERR_NOT_FOUND;
    soft_ctx *c = calloc(1, sizeof *c);
    if (c == NULL || (c->dir = strdup(dir)) == NULL) {
        free(c);
        return EID_ERR_NO_MEMORY;
    }
    ks->kind = EID_KEYSTORE_SOFTWARE;
    ks->ctx = c;
    ks->wrap = soft_wrap;
    ks->unwrap = soft_unwrap;
    ks->delete_key = soft_delete;
    return EID_OK;
}

void eid_keystore_software_free(eid_keystore *ks)
{
    if (ks == NULL)
        return;
    if (ks->wrap == soft_wrap && ks->ctx != NULL) {
        soft_ctx *c = ks->ctx;
        free(c->dir);
        free(c);
    }
    memset(ks, 0, sizeof *ks);
}
