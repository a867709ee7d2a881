/* SPDX-License-Identifier: Apache-2.0 */
/* Vault header: encoding, strict parsing, durable file writes. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "vault/vault_header.h"

static const uint8_t magic[8] = {'E', 'I', 'D', 'V', 'A', 'U', 'L', 'T'};

typedef struct writer {
    uint8_t *p;
    size_t len, cap;
    int overflow;
} writer;

static void put(writer *w, const void *src, size_t n)
{
    if (w->overflow || n > w->cap - w->len) {
        w->overflow = 1;
        return;
    }
    memcpy(w->p + w->len, src, n);
    w->len += n;
}

static void put_u(writer *w, uint64_t v, size_t n)
{
    uint8_t b[8];
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    put(w, b, n);
}

typedef struct reader {
    const uint8_t *p;
    size_t len, pos;
    int bad;
} reader;

static const uint8_t *take(reader *r, size_t n)
{
    if (r->bad || n > r->len - r->pos) {
        r->bad = 1;
        return NULL;
    }
    const uint8_t *p = r->p + r->pos;
    r->pos += n;
    return p;
}

static uint64_t take_u(reader *r, size_t n)
{
    const uint8_t *b = take(r, n);
    uint64_t v = 0;
    for (size_t i = 0; b != NULL && i < n; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static void take_copy(reader *r, void *dst, size_t n)
{
    const uint8_t *b = take(r, n);
    if (b != NULL)
        memcpy(dst, b, n);
}

eid_status vault_header_encode(const vault_header *h, const uint8_t auth_key[VAULT_AUTH_KEY_BYTES], uint8_t *buf,
                               size_t cap, size_t *len)
{
    writer w = {buf, 0, cap, 0};
    put(&w, magic, sizeof magic);
    put_u(&w, h->format, 2);
    put_u(&w, h->keystore_kind, 1);
    put_u(&w, h->store.profile, 1);
    put_u(&w, h->store.page_size, 4);
    put_u(&w, h->store.kdf_iter, 4);
    put_u(&w, h->store.hmac_alg, 1);
    put_u(&w, h->store.kdf_alg, 1);
    put_u(&w, h->store.use_hmac, 1);
    put_u(&w, 0, 1);
    put(&w, h->vault_id, VAULT_ID_BYTES);
    put_u(&w, h->failed, 4);
    put_u(&w, (uint64_t)h->last_failure, 8);
    put_u(&w, h->sequence, 4);
    for (int i = 0; i < 2; i++) {
        const vault_slot *s = &h->slot[i];
        put_u(&w, s->state, 1);
        put_u(&w, s->kdf, 1);
        put_u(&w, 0, 2);
        put_u(&w, s->generation, 4);
        put_u(&w, s->ops, 8);
        put_u(&w, s->mem, 8);
        put(&w, s->salt, VAULT_SALT_BYTES);
        put(&w, s->nonce, VAULT_NONCE_BYTES);
        put(&w, s->sealed, VAULT_SEALED_BYTES);
    }
    if (w.overflow || w.cap - w.len < 2 * VAULT_MAC_BYTES)
        return EID_ERR_INTERNAL;
    cry_hash_keyed(buf + w.len, VAULT_MAC_BYTES, buf, w.len, auth_key, VAULT_AUTH_KEY_BYTES);
    w.len += VAULT_MAC_BYTES;
    cry_hash(buf + w.len, VAULT_MAC_BYTES, buf, w.len);
    w.len += VAULT_MAC_BYTES;
    *len = w.len;
    return w.len == VAULT_HEADER_BYTES ? EID_OK : EID_ERR_INTERNAL;
}

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

eid_status vault_header_parse(const uint8_t *buf, size_t len, vault_header *h)
{
    memset(h, 0, sizeof *h);
    if (len < sizeof magic + 2 + 2 * VAULT_MAC_BYTES || memcmp(buf, magic, sizeof magic) != 0)
        return EID_ERR_CORRUPT;
    uint8_t sum[VAULT_MAC_BYTES];
    cry_hash(sum, sizeof sum, buf, len - VAULT_MAC_BYTES);
    if (!cry_ct_equal(sum, buf + len - VAULT_MAC_BYTES, VAULT_MAC_BYTES))
        return EID_ERR_CORRUPT;
    reader r = {buf, len - 2 * VAULT_MAC_BYTES, 0, 0};
    take(&r, sizeof magic);
    h->format = (uint16_t)take_u(&r, 2);
    if (h->format == 0)
        return EID_ERR_CORRUPT;
    if (h->format != VAULT_HEADER_FORMAT)
        return EID_ERR_UNSUPPORTED_VERSION;
    if (len != VAULT_HEADER_BYTES)
        return EID_ERR_CORRUPT;
    h->keystore_kind = (uint8_t)take_u(&r, 1);
    h->store.profile = (uint8_t)take_u(&r, 1);
    h->store.page_size = (uint32_t)take_u(&r, 4);
    h->store.kdf_iter = (uint32_t)take_u(&r, 4);
    h->store.hmac_alg = (uint8_t)take_u(&r, 1);
    h->store.kdf_alg = (uint8_t)take_u(&r, 1);
    h->store.use_hmac = (uint8_t)take_u(&r, 1);
    int bad = take_u(&r, 1) != 0;
    take_copy(&r, h->vault_id, VAULT_ID_BYTES);
    h->failed = (uint32_t)take_u(&r, 4);
    h->last_failure = (int64_t)take_u(&r, 8);
    h->sequence = (uint32_t)take_u(&r, 4);
    int active = 0;
    for (int i = 0; i < 2 && !bad; i++) {
        vault_slot *s = &h->slot[i];
        s->state = (uint8_t)take_u(&r, 1);
        s->kdf = (uint8_t)take_u(&r, 1);
        bad |= take_u(&r, 2) != 0;
        s->generation = (uint32_t)take_u(&r, 4);
        s->ops = take_u(&r, 8);
        s->mem = take_u(&r, 8);
        take_copy(&r, s->salt, VAULT_SALT_BYTES);
        take_copy(&r, s->nonce, VAULT_NONCE_BYTES);
        take_copy(&r, s->sealed, VAULT_SEALED_BYTES);
        bad |= s->state > SLOT_PENDING;
        if (s->state == SLOT_ACTIVE)
            active++;
        if (s->state != SLOT_EMPTY)
            bad |= s->kdf != VAULT_KDF_ARGON2ID13 || s->ops == 0 || s->mem == 0;
        else
            bad |= s->kdf != 0 || s->generation != 0 || s->ops != 0 || s->mem != 0 ||
                   !all_zero(s->salt, VAULT_SALT_BYTES) || !all_zero(s->nonce, VAULT_NONCE_BYTES) ||
                   !all_zero(s->sealed, VAULT_SEALED_BYTES);
    }
    bad |= active != 1 || h->keystore_kind > EID_KEYSTORE_SECURE_ELEMENT;
    if (bad || r.bad || r.pos != r.len)
        return EID_ERR_CORRUPT;
    /* The recorded settings must be exactly those of a profile this library knows. */
    store_settings known;
    if (store_profile_settings(h->store.profile, &known) != EID_OK || known.page_size != h->store.page_size ||
        known.kdf_iter != h->store.kdf_iter || known.hmac_alg != h->store.hmac_alg ||
        known.kdf_alg != h->store.kdf_alg || known.use_hmac != h->store.use_hmac)
        return EID_ERR_CORRUPT;
    return EID_OK;
}

eid_status vault_header_verify(const uint8_t *buf, size_t len, const uint8_t auth_key[VAULT_AUTH_KEY_BYTES])
{
    if (len < 2 * VAULT_MAC_BYTES)
        return EID_ERR_CORRUPT;
    size_t body = len - 2 * VAULT_MAC_BYTES;
    uint8_t mac[VAULT_MAC_BYTES];
    cry_hash_keyed(mac, sizeof mac, buf, body, auth_key, VAULT_AUTH_KEY_BYTES);
    return cry_ct_equal(mac, buf + body, VAULT_MAC_BYTES) ? EID_OK : EID_ERR_CORRUPT;
}

eid_status vault_fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return EID_ERR_IO;
    int rc = store_fsync_hook(fd);
    close(fd);
    return rc == 0 ? EID_OK : EID_ERR_IO;
}

eid_status vault_write_file(const char *dir, const char *path, const char *tmp, const uint8_t *data, size_t len)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return EID_ERR_IO;
    if (fchmod(fd, 0600) != 0) {
        close(fd);
        unlink(tmp);
        return EID_ERR_IO;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            unlink(tmp);
            return EID_ERR_IO;
        }
        off += (size_t)n;
    }
    if (store_fsync_hook(fd) != 0) {
        close(fd);
        unlink(tmp);
        return EID_ERR_IO;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return EID_ERR_IO;
    }
    return vault_fsync_dir(dir);
}

eid_status vault_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? EID_ERR_NOT_FOUND : EID_ERR_IO;
    size_t off = 0;
    for (;;) {
        ssize_t n = read(fd, buf + off, cap - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            close(fd);
            return EID_ERR_IO;
        }
        if (n == 0)
            break;
        off += (size_t)n;
        if (off == cap) {
            uint8_t extra;
            ssize_t more = read(fd, &extra, 1);
            close(fd);
            if (more != 0)
                return EID_ERR_CORRUPT;
            *len = off;
            return EID_OK;
        }
    }
    close(fd);
    *len = off;
    return EID_OK;
}
