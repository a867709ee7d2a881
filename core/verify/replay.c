/* SPDX-License-Identifier: Apache-2.0 */
/* In-memory replay store: open addressing over holder slots (each with a few
 * recorded presentations) and request slots, indexed by a keyed hash so that
 * nobody can aim entries at one probe chain. Probing is bounded; when no slot
 * is free within the bound the store fails closed. Every expiry is inclusive:
 * an entry kept until T is live at every now <= T. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/checked.h"
#include "crypto/crypto.h"
#include "verify/replay.h"

#define TAG_BYTES 16
#define MAX_PROBE 64

typedef struct presentation_entry {
    uint8_t key[TAG_BYTES];
    int64_t until;
    int used;
} presentation_entry;

typedef struct holder_slot {
    uint8_t tag[TAG_BYTES];
    presentation_entry e[EID_REPLAY_PER_HOLDER];
} holder_slot;

enum { REQUEST_EMPTY = 0, REQUEST_OPEN = 1, REQUEST_USED = 2 };
typedef struct request_slot {
    uint8_t key[TAG_BYTES];
    int64_t until;
    int state;
    uint8_t record_len;
    uint8_t record[EID_REPLAY_RECORD_MAX_BYTES];
} request_slot;

struct eid_replay_store {
    int external;               /* 1: every entry lives in `backend` */
    eid_replay_backend backend;
    void (*release)(void *ctx); /* a backend libeid built itself: frees its ctx (replay_set_release) */
    pthread_mutex_t lock;       /* guards window, and the slots of an in-memory store */
    int64_t window;             /* the longest offline_lifetime + clock_skew of the verifiers built on it */
    uint8_t key[16];
    size_t capacity;
    holder_slot *holders;
    request_slot *requests;
};

size_t eid_replay_record_max_bytes(void) { return EID_REPLAY_RECORD_MAX_BYTES; }
size_t eid_replay_per_holder(void) { return EID_REPLAY_PER_HOLDER; }
size_t eid_replay_default_capacity(void) { return EID_REPLAY_DEFAULT_CAPACITY; }

eid_status eid_replay_store_new(size_t capacity, eid_replay_store **out)
{
    if (out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    if (capacity == 0)
        capacity = EID_REPLAY_DEFAULT_CAPACITY;
    if (capacity > (1u << 24))
        return EID_ERR_INVALID_ARG;
    eid_replay_store *s = mem_calloc(1, sizeof *s);
    if (s == NULL)
        return EID_ERR_NO_MEMORY;
    s->capacity = capacity;
    s->holders = mem_calloc(capacity, sizeof *s->holders);
    s->requests = mem_calloc(capacity, sizeof *s->requests);
    if (s->holders == NULL || s->requests == NULL || pthread_mutex_init(&s->lock, NULL) != 0) {
        mem_free(s->holders);
        mem_free(s->requests);
        mem_free(s);
        return EID_ERR_NO_MEMORY;
    }
    cry_random(s->key, sizeof s->key);
    *out = s;
    return EID_OK;
}

eid_status eid_replay_store_new_with_backend(const eid_replay_backend *backend, eid_replay_store **out)
{
    if (out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    if (backend == NULL || backend->open_request == NULL || backend->request_state == NULL ||
        backend->commit == NULL || backend->window < 0 ||
        backend->window > EID_VERIFIER_OFFLINE_LIFETIME_MAX + EID_VERIFIER_CLOCK_SKEW_MAX)
        return EID_ERR_INVALID_ARG;
    eid_replay_store *s = mem_calloc(1, sizeof *s);
    if (s == NULL)
        return EID_ERR_NO_MEMORY;
    if (pthread_mutex_init(&s->lock, NULL) != 0) {
        mem_free(s);
        return EID_ERR_NO_MEMORY;
    }
    s->external = 1;
    s->backend = *backend;
    s->window = backend->window;
    *out = s;
    return EID_OK;
}

void eid_replay_store_free(eid_replay_store *s)
{
    if (s == NULL)
        return;
    if (s->external && s->release != NULL)
        s->release(s->backend.ctx);
    pthread_mutex_destroy(&s->lock);
    mem_free(s->holders);
    mem_free(s->requests);
    mem_free(s);
}

void replay_set_release(eid_replay_store *s, void (*release)(void *ctx))
{
    if (s->external)
        s->release = release;
}

void replay_request_key(const char *rp_id, const uint8_t request_hash[16], uint8_t key[16])
{
    cry_hash16(key, "eid.v1.rp-req", request_hash, 16, (const uint8_t *)rp_id, strlen(rp_id));
}

void replay_widen(eid_replay_store *s, int64_t window)
{
    pthread_mutex_lock(&s->lock);
    if (window > s->window) {
        int64_t more = window - s->window;
        s->window = window;
        /* What was recorded under the shorter window must now last as long as
         * the longer one finds it fresh. */
        for (size_t i = 0; !s->external && i < s->capacity; i++)
            for (int k = 0; k < EID_REPLAY_PER_HOLDER; k++)
                if (s->holders[i].e[k].used)
                    s->holders[i].e[k].until = sat_add(s->holders[i].e[k].until, more);
    }
    pthread_mutex_unlock(&s->lock);
}

static size_t index_of(const eid_replay_store *s, const uint8_t tag[TAG_BYTES])
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | tag[i];
    return (size_t)(v % s->capacity);
}

static int entry_live(const presentation_entry *e, int64_t now) { return e->used && now <= e->until; }

static int holder_live(const holder_slot *h, int64_t now)
{
    for (int i = 0; i < EID_REPLAY_PER_HOLDER; i++)
        if (entry_live(&h->e[i], now))
            return 1;
    return 0;
}

/* The holder's slot, or a free one to claim (NULL when the probe finds neither). */
static holder_slot *find_holder(eid_replay_store *s, const uint8_t tag[TAG_BYTES], int64_t now, int *found)
{
    holder_slot *free_slot = NULL;
    size_t i = index_of(s, tag);
    *found = 0;
    for (size_t p = 0; p < MAX_PROBE && p < s->capacity; p++) {
        holder_slot *h = &s->holders[(i + p) % s->capacity];
        int live = holder_live(h, now);
        if (live && memcmp(h->tag, tag, TAG_BYTES) == 0) {
            *found = 1;
            return h;
        }
        if (!live && free_slot == NULL)
            free_slot = h;
    }
    return free_slot;
}

static request_slot *find_request(eid_replay_store *s, const uint8_t key[TAG_BYTES], int64_t now, int *found)
{
    request_slot *free_slot = NULL;
    uint8_t tag[TAG_BYTES];
    cry_hash_keyed(tag, TAG_BYTES, key, TAG_BYTES, s->key, sizeof s->key);
    size_t i = index_of(s, tag);
    *found = 0;
    for (size_t p = 0; p < MAX_PROBE && p < s->capacity; p++) {
        request_slot *r = &s->requests[(i + p) % s->capacity];
        int live = r->state != REQUEST_EMPTY && now <= r->until;
        if (live && memcmp(r->key, key, TAG_BYTES) == 0) {
            *found = 1;
            return r;
        }
        if (!live && free_slot == NULL)
            free_slot = r;
    }
    return free_slot;
}

eid_status replay_open_request(eid_replay_store *s, const uint8_t key[16], const uint8_t *record, size_t len,
                               int64_t keep_until, int64_t now)
{
    if (len > EID_REPLAY_RECORD_MAX_BYTES)
        return EID_ERR_INTERNAL;
    if (s->external)
        return s->backend.open_request(s->backend.ctx, key, record, len, keep_until, now);
    pthread_mutex_lock(&s->lock);
    int found;
    request_slot *r = find_request(s, key, now, &found);
    eid_status st = EID_OK;
    if (found)
        st = EID_ERR_EXISTS;
    else if (r == NULL)
        st = EID_ERR_STORE_FULL;
    else {
        memcpy(r->key, key, TAG_BYTES);
        r->until = keep_until;
        r->state = REQUEST_OPEN;
        r->record_len = (uint8_t)len;
        memcpy(r->record, record, len);
    }
    pthread_mutex_unlock(&s->lock);
    return st;
}

static eid_status request_state_locked(eid_replay_store *s, const uint8_t key[16], int64_t now, request_slot **slot)
{
    int found;
    request_slot *r = find_request(s, key, now, &found);
    *slot = found ? r : NULL;
    if (!found)
        return EID_ERR_REQUEST_UNKNOWN;
    if (r->state == REQUEST_USED)
        return EID_ERR_REPLAYED;
    return EID_OK;
}

eid_status replay_request_state(eid_replay_store *s, const uint8_t key[16], int64_t now, uint8_t *record,
                                size_t *len)
{
    *len = 0;
    if (s->external) {
        eid_status st = s->backend.request_state(s->backend.ctx, key, now, record, len);
        if (st == EID_OK && *len > EID_REPLAY_RECORD_MAX_BYTES)
            st = EID_ERR_CORRUPT;
        return st;
    }
    pthread_mutex_lock(&s->lock);
    request_slot *r;
    eid_status st = request_state_locked(s, key, now, &r);
    if (st == EID_OK) {
        memcpy(record, r->record, r->record_len);
        *len = r->record_len;
    }
    pthread_mutex_unlock(&s->lock);
    return st;
}

static int recorded(const holder_slot *h, const uint8_t key[TAG_BYTES], int64_t now)
{
    for (int i = 0; i < EID_REPLAY_PER_HOLDER; i++)
        if (entry_live(&h->e[i], now) && memcmp(h->e[i].key, key, TAG_BYTES) == 0)
            return 1;
    return 0;
}

eid_status replay_commit(eid_replay_store *s, const uint8_t holder_key[32], const uint8_t *sig, size_t sig_len,
                         int64_t created_at, const uint8_t *request_key, int64_t request_expires_at, int64_t now)
{
    uint8_t holder[TAG_BYTES], key[TAG_BYTES];
    cry_hash(key, TAG_BYTES, sig, sig_len);
    pthread_mutex_lock(&s->lock);
    int64_t until = request_key != NULL ? request_expires_at : sat_add(created_at, s->window);
    if (s->external) { /* tags a fleet can agree on: unkeyed */
        pthread_mutex_unlock(&s->lock);
        cry_hash(holder, TAG_BYTES, holder_key, 32);
        return s->backend.commit(s->backend.ctx, key, holder, until, request_key, now);
    }
    cry_hash_keyed(holder, TAG_BYTES, holder_key, 32, s->key, sizeof s->key);
    eid_status st = EID_OK;
    request_slot *r = NULL;
    int found;
    holder_slot *h = find_holder(s, holder, now, &found);
    presentation_entry *e = NULL;
    if (found && recorded(h, key, now))
        st = EID_ERR_REPLAYED;
    else if (h == NULL)
        st = EID_ERR_STORE_FULL;
    if (st == EID_OK && request_key != NULL)
        st = request_state_locked(s, request_key, now, &r);
    if (st == EID_OK) {
        if (!found) {
            memset(h, 0, sizeof *h);
            memcpy(h->tag, holder, TAG_BYTES);
        }
        for (int i = 0; i < EID_REPLAY_PER_HOLDER && e == NULL; i++)
            if (!entry_live(&h->e[i], now))
                e = &h->e[i];
        if (e == NULL)
            st = EID_ERR_STORE_FULL; /* this holder already has its share of live entries */
    }
    if (st == EID_OK) {
        memcpy(e->key, key, TAG_BYTES);
        e->until = until > now ? until : now; /* live at least now, so a retry in the same second is a replay */
        e->used = 1;
        if (r != NULL)
            r->state = REQUEST_USED;
    }
    pthread_mutex_unlock(&s->lock);
    return st;
}
