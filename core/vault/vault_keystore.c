/* SPDX-License-Identifier: Apache-2.0 */
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

#include "common/alloc.h"
#include "crypto/crypto.h"
#include "eid/keystore.h"
#include "vault/vault_header.h"

#define SOFT_KEY_BYTES 32

size_t eid_keystore_prf_bytes(void) { return EID_KEYSTORE_PRF_BYTES; }
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

/* Loads the alias's key into secure memory, making it first if absent. */
static eid_status load_key(const soft_ctx *c, const char *alias, uint8_t **key)
{
    char path[4096], tmp[4100];
    key_path(c, alias, path, sizeof path, "");
    *key = cry_secure_alloc(SOFT_KEY_BYTES);
    if (*key == NULL)
        return EID_ERR_NO_MEMORY;
    size_t len = 0;
    eid_status st = vault_read_file(path, *key, SOFT_KEY_BYTES, &len);
    if (st == EID_OK && len == SOFT_KEY_BYTES)
        return EID_OK;
    if (st == EID_ERR_NOT_FOUND) {
        cry_random(*key, SOFT_KEY_BYTES);
        key_path(c, alias, tmp, sizeof tmp, ".tmp");
        if (vault_write_file(c->dir, path, tmp, *key, SOFT_KEY_BYTES) == EID_OK)
            return EID_OK;
    }
    st = EID_ERR_KEYSTORE;
    cry_secure_free(*key);
    *key = NULL;
    return st;
}

/* PRF = BLAKE2b-256 keyed with the alias's key over label || alias || NUL || in:
 * the alias is bound in, so one key file copied under another name is no help. */
static eid_status soft_prf(void *ctx, const char *alias, const uint8_t in[EID_KEYSTORE_PRF_BYTES],
                           uint8_t out[EID_KEYSTORE_PRF_BYTES])
{
    static const char label[] = "eid.keystore.software.prf.v1";
    if (!alias_ok(alias) || in == NULL || out == NULL)
        return EID_ERR_INVALID_ARG;
    uint8_t *key;
    eid_status st = load_key(ctx, alias, &key);
    if (st != EID_OK)
        return st;
    uint8_t msg[sizeof label + EID_KEYSTORE_ALIAS_MAX + EID_KEYSTORE_PRF_BYTES];
    size_t n = 0, alen = strlen(alias);
    memcpy(msg, label, sizeof label);
    n += sizeof label;
    memcpy(msg + n, alias, alen + 1);
    n += alen + 1;
    memcpy(msg + n, in, EID_KEYSTORE_PRF_BYTES);
    n += EID_KEYSTORE_PRF_BYTES;
    cry_hash_keyed(out, EID_KEYSTORE_PRF_BYTES, msg, n, key, SOFT_KEY_BYTES);
    cry_memzero(msg, sizeof msg);
    cry_secure_free(key);
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
        store_fsync_hook(fd);
        close(fd);
    }
    if (unlink(path) != 0 && errno != ENOENT)
        return EID_ERR_KEYSTORE;
    return vault_fsync_dir(c->dir) == EID_OK ? EID_OK : EID_ERR_KEYSTORE;
}

eid_status eid_keystore_software_open(const char *dir, eid_keystore *ks)
{
    if (dir == NULL || ks == NULL)
        return EID_ERR_INVALID_ARG;
    memset(ks, 0, sizeof *ks);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return EID_ERR_NOT_FOUND;
    soft_ctx *c = mem_calloc(1, sizeof *c);
    if (c == NULL || (c->dir = mem_strdup(dir)) == NULL) {
        mem_free(c);
        return EID_ERR_NO_MEMORY;
    }
    ks->kind = EID_KEYSTORE_SOFTWARE;
    ks->ctx = c;
    ks->prf = soft_prf;
    ks->delete_key = soft_delete;
    return EID_OK;
}

void eid_keystore_software_close(eid_keystore *ks)
{
    if (ks == NULL)
        return;
    if (ks->prf == soft_prf && ks->ctx != NULL) {
        soft_ctx *c = ks->ctx;
        mem_free(c->dir);
        mem_free(c);
    }
    memset(ks, 0, sizeof *ks);
}
