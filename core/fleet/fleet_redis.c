/* SPDX-License-Identifier: Apache-2.0 */
/* The Redis fleet replay store (eid/fleet.h, docs/FLEET.md): the only module
 * that calls hiredis. Each callback of eid_replay_backend is one Lua script,
 * so it is one atomic step on the server; a pool of blocking connections,
 * each with a connect and a command timeout, serves the threads of the
 * process. A connection that failed in any way is closed, and the next call
 * opens a new one: that is the whole reconnection logic.
 *
 * Keys (hex of the 16-byte keys libeid hands over):
 *   <prefix>{<tag>}h:<holder>    sorted set: the holder's presentations, scored by "until"
 *   <prefix>{<tag>}r:<request>   hash: u = until, a = answered (0/1), r = record
 * <tag> is the key prefix (or "eid" when the prefix is empty), so that every
 * key of one deployment hashes to one Redis Cluster slot, and a script that
 * touches a holder and a request never crosses slots. Liveness follows the
 * verifier's `now` (an entry until T is live at every now <= T); the server
 * drops an entry by itself T + 1 - now seconds after writing it, measured on
 * its own clock, so a server clock that differs from the verifiers' does not
 * shorten any entry's life. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

#include "common/alloc.h"
#include "eid/fleet.h"
#include "verify/replay.h"

#define URL_MAX 2048
#define PREFIX_MAX 256
#define CREDENTIAL_MAX 512
#define POOL_MAX 256
#define TIMEOUT_MAX_MS 600000u
#define KEY_MAX (2 * PREFIX_MAX + 8 + 32)
/* Times go to Lua as doubles: exact up to 2^53. */
#define TIME_LIMIT ((int64_t)1 << 52)

/* ---- the scripts ------------------------------------------------------------------- */

/* KEYS[1] request; ARGV: record, keep_until, now. 0 recorded, 1 already live.
 * In both writing scripts the first write is one that Redis refuses when it
 * is out of memory (HSET, ZADD): a script that has written once is let run to
 * its end, so a trimming write first would let a full server grow. */
static const char open_script[] =
    "local now = tonumber(ARGV[3])\n"
    "local u = redis.call('HGET', KEYS[1], 'u')\n"
    "if u and tonumber(u) >= now then return 1 end\n"
    "redis.call('HSET', KEYS[1], 'u', ARGV[2], 'a', '0', 'r', ARGV[1])\n"
    "local ttl = tonumber(ARGV[2]) + 1 - now\n"
    "if ttl < 1 then ttl = 1 end\n"
    "redis.call('EXPIRE', KEYS[1], ttl)\n"
    "return 0\n";

/* KEYS[1] request; ARGV: now. {0, record} open, {1} unknown or no longer live, {2} answered. */
static const char state_script[] =
    "local v = redis.call('HMGET', KEYS[1], 'u', 'a', 'r')\n"
    "if not v[1] or tonumber(v[1]) < tonumber(ARGV[1]) then return {1} end\n"
    "if v[2] ~= '0' then return {2} end\n"
    "return {0, v[3]}\n";

/* KEYS[1] holder, KEYS[2] request (challenged only); ARGV: presentation,
 * keep_until, now, per-holder bound. 0 recorded, 1 replayed, 2 request
 * unknown, 3 full. The checks come in the in-memory store's order
 * (core/verify/replay.c), and nothing is written unless all pass; then the
 * holder's entries that are no longer live are dropped. */
static const char commit_script[] =
    "local now = tonumber(ARGV[3])\n"
    "local s = redis.call('ZSCORE', KEYS[1], ARGV[1])\n"
    "if s and tonumber(s) >= now then return 1 end\n"
    "if #KEYS > 1 then\n"
    "  local v = redis.call('HMGET', KEYS[2], 'u', 'a')\n"
    "  if not v[1] or tonumber(v[1]) < now then return 2 end\n"
    "  if v[2] ~= '0' then return 1 end\n"
    "end\n"
    "if redis.call('ZCOUNT', KEYS[1], ARGV[3], '+inf') >= tonumber(ARGV[4]) then return 3 end\n"
    "local keep = tonumber(ARGV[2])\n"
    "if keep < now then keep = now end\n"
    "redis.call('ZADD', KEYS[1], keep, ARGV[1])\n"
    "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])\n"
    "if #KEYS > 1 then redis.call('HSET', KEYS[2], 'a', '1') end\n"
    "local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])\n"
    "redis.call('EXPIRE', KEYS[1], last + 1 - now)\n"
    "return 0\n";

enum { SCRIPT_OPEN, SCRIPT_STATE, SCRIPT_COMMIT, SCRIPT_COUNT };
static const char *const scripts[SCRIPT_COUNT] = {open_script, state_script, commit_script};

/* ---- the store ---------------------------------------------------------------------- */

typedef struct fleet {
    char *host;                 /* TCP, or NULL */
    int port;
    char *socket_path;          /* unix socket, or NULL */
    long db;
    char *username;             /* NULL: AUTH with the password alone */
    char *password;             /* NULL: no AUTH; zeroed when freed */
    char *key_head;             /* <prefix>{<tag>} */
    size_t key_head_len;
    struct timeval connect_tv, command_tv;
    char sha[SCRIPT_COUNT][41];

    pthread_mutex_t lock;
    pthread_cond_t returned;
    redisContext **idle;
    size_t n_idle, n_open, pool_size;
} fleet;

static void fleet_free(fleet *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->n_idle; i++)
        redisFree(f->idle[i]);
    mem_free(f->idle);
    mem_free(f->host);
    mem_free(f->socket_path);
    mem_free_text(f->username);
    mem_free_text(f->password);
    mem_free(f->key_head);
    pthread_cond_destroy(&f->returned);
    pthread_mutex_destroy(&f->lock);
    mem_free(f);
}

static void fleet_release(void *ctx) { fleet_free(ctx); }

/* hiredis takes its timeouts as a struct timeval: whole seconds of a uint32_t
 * count of milliseconds (at most 4 294 967) fit its seconds field on every
 * target, 32-bit ones included. */
static struct timeval timeval_of_ms(uint32_t ms)
{
    struct timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

/* ---- the URL ------------------------------------------------------------------------ */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A percent-decoded copy of s[0..n), or NULL (bad escape, a NUL, no memory:
 * *st says which). */
static char *decoded(const char *s, size_t n, eid_status *st)
{
    char *out = mem_alloc(n + 1);
    if (out == NULL) {
        *st = EID_ERR_NO_MEMORY;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            int hi = i + 2 < n ? hex_value(s[i + 1]) : -1;
            int lo = i + 2 < n ? hex_value(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                mem_free_secret(out, n + 1);
                *st = EID_ERR_INVALID_ARG;
                return NULL;
            }
            out[k++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = 0;
    return out;
}

/* Digits only, at most `max`. */
static int parse_number(const char *s, size_t n, long max, long *out)
{
    if (n == 0 || n > 10)
        return 0;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (v > max)
        return 0;
    *out = v;
    return 1;
}

static eid_status parse_tcp(fleet *f, const char *s, char **url_user, char **url_password)
{
    size_t end = strcspn(s, "/?#");
    const char *path = s + end;
    /* userinfo: everything before the last '@' of the authority */
    const char *host = s;
    size_t host_len = end;
    for (size_t i = end; i > 0; i--)
        if (s[i - 1] == '@') {
            const char *colon = memchr(s, ':', i - 1);
            if (colon == NULL)
                return EID_ERR_INVALID_ARG; /* user@ without a password */
            eid_status st = EID_OK;
            if (colon > s) {
                *url_user = decoded(s, (size_t)(colon - s), &st);
                if (*url_user == NULL)
                    return st;
            }
            *url_password = decoded(colon + 1, (size_t)(s + i - 1 - colon - 1), &st);
            if (*url_password == NULL)
                return st;
            host = s + i;
            host_len = end - i;
            break;
        }
    /* host, [v6] or a name, then :port */
    const char *port = NULL;
    size_t name_len;
    const char *name = host;
    if (host_len > 0 && host[0] == '[') {
        const char *close = memchr(host, ']', host_len);
        if (close == NULL)
            return EID_ERR_INVALID_ARG;
        name = host + 1;
        name_len = (size_t)(close - host - 1);
        size_t used = (size_t)(close - host) + 1;
        if (used < host_len) {
            if (host[used] != ':')
                return EID_ERR_INVALID_ARG;
            port = host + used + 1;
        }
    } else {
        const char *colon = memchr(host, ':', host_len);
        name_len = colon != NULL ? (size_t)(colon - host) : host_len;
        if (colon != NULL)
            port = colon + 1;
    }
    if (name_len == 0 || memchr(name, '@', name_len) != NULL)
        return EID_ERR_INVALID_ARG;
    long p = 6379;
    if (port != NULL && (!parse_number(port, (size_t)(host + host_len - port), 65535, &p) || p == 0))
        return EID_ERR_INVALID_ARG;
    f->port = (int)p;
    f->host = mem_alloc(name_len + 1);
    if (f->host == NULL)
        return EID_ERR_NO_MEMORY;
    memcpy(f->host, name, name_len);
    f->host[name_len] = 0;
    /* /db */
    if (path[0] == 0 || strcmp(path, "/") == 0)
        return EID_OK;
    if (path[0] != '/' || !parse_number(path + 1, strlen(path + 1), INT_MAX, &f->db))
        return EID_ERR_INVALID_ARG;
    return EID_OK;
}

static eid_status parse_unix(fleet *f, const char *s)
{
    size_t end = strcspn(s, "?#");
    if (end == 0 || s[0] != '/' || end >= sizeof(((struct sockaddr_un *)0)->sun_path))
        return EID_ERR_INVALID_ARG;
    f->socket_path = mem_alloc(end + 1);
    if (f->socket_path == NULL)
        return EID_ERR_NO_MEMORY;
    memcpy(f->socket_path, s, end);
    f->socket_path[end] = 0;
    const char *q = s + end;
    if (q[0] == 0)
        return EID_OK;
    if (strncmp(q, "?db=", 4) != 0 || !parse_number(q + 4, strlen(q + 4), INT_MAX, &f->db))
        return EID_ERR_INVALID_ARG;
    return EID_OK;
}

static eid_status copy_credential(const char *given, char **from_url, char **out)
{
    if (given != NULL) {
        if (strlen(given) > CREDENTIAL_MAX)
            return EID_ERR_INVALID_ARG;
        *out = mem_strdup(given);
        return *out == NULL ? EID_ERR_NO_MEMORY : EID_OK;
    }
    *out = *from_url;
    *from_url = NULL;
    if (*out != NULL && strlen(*out) > CREDENTIAL_MAX)
        return EID_ERR_INVALID_ARG;
    return EID_OK;
}

static eid_status configure(fleet *f, const eid_fleet_options *o)
{
    if (o->url == NULL || strlen(o->url) > URL_MAX || o->window < 0 ||
        o->window > EID_VERIFIER_OFFLINE_LIFETIME_MAX + EID_VERIFIER_CLOCK_SKEW_MAX || o->pool_size == 0 ||
        o->pool_size > POOL_MAX || o->connect_timeout_ms == 0 || o->connect_timeout_ms > TIMEOUT_MAX_MS ||
        o->command_timeout_ms == 0 || o->command_timeout_ms > TIMEOUT_MAX_MS)
        return EID_ERR_INVALID_ARG;
    char *url_user = NULL, *url_password = NULL;
    eid_status st = EID_ERR_INVALID_ARG;
    if (strncmp(o->url, "redis://", 8) == 0)
        st = parse_tcp(f, o->url + 8, &url_user, &url_password);
    else if (strncmp(o->url, "unix://", 7) == 0)
        st = parse_unix(f, o->url + 7);
    if (st == EID_OK)
        st = copy_credential(o->username, &url_user, &f->username);
    if (st == EID_OK)
        st = copy_credential(o->password, &url_password, &f->password);
    mem_free_text(url_user);
    mem_free_text(url_password);
    if (st != EID_OK)
        return st;
    if (f->username != NULL && f->password == NULL)
        return EID_ERR_INVALID_ARG; /* an ACL user needs its password */

    const char *prefix = o->key_prefix != NULL ? o->key_prefix : "eid:";
    size_t n = strlen(prefix);
    if (n > PREFIX_MAX)
        return EID_ERR_INVALID_ARG;
    const char *tag = n > 0 ? prefix : "eid";
    f->key_head_len = n + strlen(tag) + 2;
    f->key_head = mem_alloc(f->key_head_len + 1);
    if (f->key_head == NULL)
        return EID_ERR_NO_MEMORY;
    snprintf(f->key_head, f->key_head_len + 1, "%s{%s}", prefix, tag);

    f->connect_tv = timeval_of_ms(o->connect_timeout_ms);
    f->command_tv = timeval_of_ms(o->command_timeout_ms);
    f->pool_size = o->pool_size;
    f->idle = mem_calloc(f->pool_size, sizeof *f->idle);
    return f->idle == NULL ? EID_ERR_NO_MEMORY : EID_OK;
}

/* ---- replies ------------------------------------------------------------------------- */

static int starts(const redisReply *r, const char *word)
{
    size_t n = strlen(word);
    return r->len >= n && memcmp(r->str, word, n) == 0;
}

/* What an error reply means: the credentials were refused, or anything else. */
static eid_status error_status(const redisReply *r)
{
    if (starts(r, "NOPERM") || starts(r, "NOAUTH") || starts(r, "WRONGPASS"))
        return EID_ERR_ACCESS_DENIED;
    return EID_ERR_UNAVAILABLE;
}

/* ---- connections ----------------------------------------------------------------------- */

/* Sends AUTH from a buffer of our own, wiped afterwards, so that the password
 * never sits in hiredis's output buffer (freed without wiping). */
static eid_status authenticate(fleet *f, redisContext *c)
{
    size_t pn = strlen(f->password), un = f->username != NULL ? strlen(f->username) : 0;
    size_t cap = 64 + pn + un;
    char *cmd = mem_alloc(cap);
    if (cmd == NULL)
        return EID_ERR_NO_MEMORY;
    int len;
    if (f->username != NULL)
        len = snprintf(cmd, cap, "*3\r\n$4\r\nAUTH\r\n$%zu\r\n%s\r\n$%zu\r\n%s\r\n", un, f->username, pn, f->password);
    else
        len = snprintf(cmd, cap, "*2\r\n$4\r\nAUTH\r\n$%zu\r\n%s\r\n", pn, f->password);
    eid_status st = EID_OK;
    for (size_t done = 0; st == EID_OK && len > 0 && done < (size_t)len;) {
        ssize_t w = write(c->fd, cmd + done, (size_t)len - done);
        if (w > 0)
            done += (size_t)w;
        else if (w < 0 && errno == EINTR)
            continue;
        else
            st = EID_ERR_UNAVAILABLE; /* includes the send timeout */
    }
    mem_free_secret(cmd, cap);
    if (st != EID_OK)
        return st;
    void *reply = NULL;
    if (redisGetReply(c, &reply) != REDIS_OK || reply == NULL)
        return EID_ERR_UNAVAILABLE;
    redisReply *r = reply;
    if (r->type == REDIS_REPLY_STATUS && r->len == 2 && memcmp(r->str, "OK", 2) == 0)
        st = EID_OK;
    else if (r->type == REDIS_REPLY_ERROR)
        /* WRONGPASS, or "ERR AUTH ... no password is set" and the like: the
         * server is there and says no; a loading or busy server is unavailable */
        st = starts(r, "LOADING") || starts(r, "BUSY") || starts(r, "MASTERDOWN") ? EID_ERR_UNAVAILABLE
                                                                                  : EID_ERR_ACCESS_DENIED;
    else
        st = EID_ERR_UNAVAILABLE;
    freeReplyObject(r);
    return st;
}

static eid_status dial(fleet *f, redisContext **out)
{
    *out = NULL;
    redisContext *c = f->socket_path != NULL ? redisConnectUnixWithTimeout(f->socket_path, f->connect_tv)
                                             : redisConnectWithTimeout(f->host, f->port, f->connect_tv);
    if (c == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = EID_OK;
    if (c->err != 0 || redisSetTimeout(c, f->command_tv) != REDIS_OK)
        st = EID_ERR_UNAVAILABLE;
    if (st == EID_OK && f->password != NULL)
        st = authenticate(f, c);
    if (st == EID_OK && f->db != 0) {
        redisReply *r = redisCommand(c, "SELECT %ld", f->db);
        if (r == NULL)
            st = EID_ERR_UNAVAILABLE;
        else if (r->type == REDIS_REPLY_ERROR)
            st = error_status(r);
        else if (r->type != REDIS_REPLY_STATUS)
            st = EID_ERR_UNAVAILABLE;
        if (r != NULL)
            freeReplyObject(r);
    }
    if (st != EID_OK) {
        redisFree(c);
        return st;
    }
    *out = c;
    return EID_OK;
}

/* A connection for this thread: an idle one, a new one while the pool has
 * room, else the next one another thread returns. */
static eid_status take(fleet *f, redisContext **out)
{
    pthread_mutex_lock(&f->lock);
    while (f->n_idle == 0 && f->n_open >= f->pool_size)
        pthread_cond_wait(&f->returned, &f->lock);
    if (f->n_idle > 0) {
        *out = f->idle[--f->n_idle];
        pthread_mutex_unlock(&f->lock);
        return EID_OK;
    }
    f->n_open++;
    pthread_mutex_unlock(&f->lock);
    eid_status st = dial(f, out);
    if (st != EID_OK) {
        pthread_mutex_lock(&f->lock);
        f->n_open--;
        pthread_cond_signal(&f->returned);
        pthread_mutex_unlock(&f->lock);
    }
    return st;
}

/* Back to the pool; a connection that failed in any way is closed instead,
 * and the next call opens a new one. */
static void give(fleet *f, redisContext *c, int broken)
{
    if (broken)
        redisFree(c);
    pthread_mutex_lock(&f->lock);
    if (broken)
        f->n_open--;
    else
        f->idle[f->n_idle++] = c;
    pthread_cond_signal(&f->returned);
    pthread_mutex_unlock(&f->lock);
}

/* ---- SIGPIPE ----------------------------------------------------------------------------- */

/* hiredis writes with write(): a server that closed the connection would
 * raise SIGPIPE and end the verifier's process. While the store talks to the
 * server, the calling thread blocks SIGPIPE, and a SIGPIPE that the store
 * raised is taken before the signal is unblocked; the process's own handling
 * of SIGPIPE is never touched. */
typedef struct pipe_guard {
    sigset_t old;
    int was_pending;
} pipe_guard;

static void guard_on(pipe_guard *g)
{
    sigset_t pipe_only, pending;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    sigemptyset(&pending);
    sigpending(&pending);
    g->was_pending = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_only, &g->old);
}

static void guard_off(pipe_guard *g)
{
    sigset_t pipe_only, pending;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    sigemptyset(&pending);
    if (!g->was_pending && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1) {
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_only, NULL, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &g->old, NULL);
}

/* ---- running a script ------------------------------------------------------------------ */

#define ARGS_MAX 10

typedef struct call {
    const char *argv[ARGS_MAX];
    size_t len[ARGS_MAX];
    int argc;
} call;

static void arg(call *k, const void *p, size_t n)
{
    k->argv[k->argc] = p;
    k->len[k->argc++] = n;
}

/* Runs script `which` with the call's keys and arguments (after "EVALSHA sha
 * numkeys"), by EVALSHA, or by EVAL when the server lost the script (a
 * restart). *reply is the script's answer, or NULL with the status that
 * says why. */
static eid_status run_unguarded(fleet *f, int which, int numkeys, const call *args, redisReply **reply)
{
    *reply = NULL;
    redisContext *c = NULL;
    eid_status st = take(f, &c);
    if (st != EID_OK)
        return st;
    char nk[4];
    snprintf(nk, sizeof nk, "%d", numkeys);
    call k = {.argc = 0};
    arg(&k, "EVALSHA", 7);
    arg(&k, f->sha[which], 40);
    arg(&k, nk, strlen(nk));
    for (int i = 0; i < args->argc; i++)
        arg(&k, args->argv[i], args->len[i]);
    redisReply *r = redisCommandArgv(c, k.argc, k.argv, k.len);
    if (r != NULL && r->type == REDIS_REPLY_ERROR && starts(r, "NOSCRIPT")) {
        freeReplyObject(r);
        k.argv[0] = "EVAL";
        k.len[0] = 4;
        k.argv[1] = scripts[which];
        k.len[1] = strlen(scripts[which]);
        r = redisCommandArgv(c, k.argc, k.argv, k.len);
    }
    if (r == NULL) {
        give(f, c, 1); /* no answer in time, a broken connection, or not RESP */
        return EID_ERR_UNAVAILABLE;
    }
    if (r->type == REDIS_REPLY_ERROR) {
        st = error_status(r);
        if (starts(r, "OOM"))
            st = EID_ERR_STORE_FULL;
        freeReplyObject(r);
        give(f, c, 1); /* LOADING, READONLY after a failover, NOAUTH after a restart: start afresh */
        return st;
    }
    give(f, c, 0);
    *reply = r;
    return EID_OK;
}

static eid_status run(fleet *f, int which, int numkeys, const call *args, redisReply **reply)
{
    int saved = errno;
    pipe_guard g;
    guard_on(&g);
    eid_status st = run_unguarded(f, which, numkeys, args, reply);
    guard_off(&g);
    errno = saved;
    return st;
}

static void hex16(const uint8_t id[16], char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hex[id[i] >> 4];
        out[2 * i + 1] = hex[id[i] & 15];
    }
}

/* <prefix>{<tag>}<kind>:<hex of id> */
static void key_of(const fleet *f, char kind, const uint8_t id[16], char *out, size_t *len)
{
    memcpy(out, f->key_head, f->key_head_len);
    size_t n = f->key_head_len;
    out[n++] = kind;
    out[n++] = ':';
    hex16(id, out + n);
    *len = n + 32;
}

static int time_ok(int64_t t) { return t > -TIME_LIMIT && t < TIME_LIMIT; }

/* The integer answer of a script, within 0..max; -1 for anything else. */
static int code_of(const redisReply *r, long long max)
{
    if (r->type != REDIS_REPLY_INTEGER || r->integer < 0 || r->integer > max)
        return -1;
    return (int)r->integer;
}

/* ---- the backend ------------------------------------------------------------------------- */

static eid_status fleet_open_request(void *ctx, const uint8_t request[16], const uint8_t *record, size_t record_len,
                                     int64_t keep_until, int64_t now)
{
    fleet *f = ctx;
    if (!time_ok(keep_until) || !time_ok(now) || record_len > EID_REPLAY_RECORD_MAX_BYTES)
        return EID_ERR_INVALID_ARG;
    char key[KEY_MAX], until[24], at[24];
    size_t key_len;
    key_of(f, 'r', request, key, &key_len);
    snprintf(until, sizeof until, "%lld", (long long)keep_until);
    snprintf(at, sizeof at, "%lld", (long long)now);
    call a = {.argc = 0};
    arg(&a, key, key_len);
    arg(&a, record_len > 0 ? (const char *)record : "", record_len);
    arg(&a, until, strlen(until));
    arg(&a, at, strlen(at));
    redisReply *r;
    eid_status st = run(f, SCRIPT_OPEN, 1, &a, &r);
    if (st != EID_OK)
        return st;
    int code = code_of(r, 1);
    freeReplyObject(r);
    return code == 0 ? EID_OK : code == 1 ? EID_ERR_EXISTS : EID_ERR_UNAVAILABLE;
}

static eid_status fleet_request_state(void *ctx, const uint8_t request[16], int64_t now, uint8_t *record,
                                      size_t *record_len)
{
    fleet *f = ctx;
    *record_len = 0;
    if (!time_ok(now))
        return EID_ERR_INVALID_ARG;
    char key[KEY_MAX], at[24];
    size_t key_len;
    key_of(f, 'r', request, key, &key_len);
    snprintf(at, sizeof at, "%lld", (long long)now);
    call a = {.argc = 0};
    arg(&a, key, key_len);
    arg(&a, at, strlen(at));
    redisReply *r;
    eid_status st = run(f, SCRIPT_STATE, 1, &a, &r);
    if (st == EID_ERR_STORE_FULL)
        st = EID_ERR_UNAVAILABLE; /* a read has no room to lack */
    if (st != EID_OK)
        return st;
    st = EID_ERR_UNAVAILABLE; /* unless the answer is one the script gives */
    int code = r->type == REDIS_REPLY_ARRAY && r->elements >= 1 ? code_of(r->element[0], 2) : -1;
    if (code == 1 && r->elements == 1)
        st = EID_ERR_REQUEST_UNKNOWN;
    else if (code == 2 && r->elements == 1)
        st = EID_ERR_REPLAYED;
    else if (code == 0 && r->elements == 2 && r->element[1]->type == REDIS_REPLY_STRING &&
             r->element[1]->len <= EID_REPLAY_RECORD_MAX_BYTES) {
        memcpy(record, r->element[1]->str, r->element[1]->len);
        *record_len = r->element[1]->len;
        st = EID_OK;
    }
    freeReplyObject(r);
    return st;
}

static eid_status fleet_commit(void *ctx, const uint8_t presentation[16], const uint8_t holder[16],
                               int64_t keep_until, const uint8_t *request, int64_t now)
{
    fleet *f = ctx;
    if (!time_ok(keep_until) || !time_ok(now))
        return EID_ERR_INVALID_ARG;
    char hkey[KEY_MAX], rkey[KEY_MAX], member[32], until[24], at[24], bound[8];
    size_t hkey_len, rkey_len = 0;
    key_of(f, 'h', holder, hkey, &hkey_len);
    if (request != NULL)
        key_of(f, 'r', request, rkey, &rkey_len);
    hex16(presentation, member);
    snprintf(until, sizeof until, "%lld", (long long)keep_until);
    snprintf(at, sizeof at, "%lld", (long long)now);
    snprintf(bound, sizeof bound, "%d", EID_REPLAY_PER_HOLDER);
    call a = {.argc = 0};
    arg(&a, hkey, hkey_len);
    if (request != NULL)
        arg(&a, rkey, rkey_len);
    arg(&a, member, 32);
    arg(&a, until, strlen(until));
    arg(&a, at, strlen(at));
    arg(&a, bound, strlen(bound));
    redisReply *r;
    eid_status st = run(f, SCRIPT_COMMIT, request != NULL ? 2 : 1, &a, &r);
    if (st != EID_OK)
        return st;
    int code = code_of(r, 3);
    freeReplyObject(r);
    static const eid_status by_code[] = {EID_OK, EID_ERR_REPLAYED, EID_ERR_REQUEST_UNKNOWN, EID_ERR_STORE_FULL};
    return code < 0 ? EID_ERR_UNAVAILABLE : by_code[code];
}

/* ---- opening ------------------------------------------------------------------------------ */

static int is_sha(const redisReply *r)
{
    if (r->type != REDIS_REPLY_STRING || r->len != 40)
        return 0;
    for (size_t i = 0; i < 40; i++)
        if (hex_value(r->str[i]) < 0)
            return 0;
    return 1;
}

/* Loads the scripts, then reads one request key: the address, the
 * credentials and the key pattern of an ACL user are all tried once. */
static eid_status load_scripts(fleet *f)
{
    redisContext *c = NULL;
    eid_status st = take(f, &c);
    if (st != EID_OK)
        return st;
    for (int i = 0; st == EID_OK && i < SCRIPT_COUNT; i++) {
        redisReply *r = redisCommand(c, "SCRIPT LOAD %s", scripts[i]);
        if (r == NULL)
            st = EID_ERR_UNAVAILABLE;
        else if (r->type == REDIS_REPLY_ERROR)
            st = error_status(r);
        else if (!is_sha(r))
            st = EID_ERR_UNAVAILABLE;
        else
            memcpy(f->sha[i], r->str, 40);
        if (r != NULL)
            freeReplyObject(r);
    }
    give(f, c, st != EID_OK);
    return st;
}

static eid_status first_contact(fleet *f)
{
    pipe_guard g;
    guard_on(&g);
    eid_status st = load_scripts(f);
    guard_off(&g);
    if (st != EID_OK)
        return st;
    uint8_t probe[16] = {0}, record[EID_REPLAY_RECORD_MAX_BYTES];
    size_t len;
    st = fleet_request_state(f, probe, 0, record, &len);
    return st == EID_OK || st == EID_ERR_REQUEST_UNKNOWN || st == EID_ERR_REPLAYED ? EID_OK : st;
}

int eid_fleet_available(void) { return 1; }

eid_status eid_fleet_store_new(const eid_fleet_options *o, eid_replay_store **store)
{
    if (store != NULL)
        *store = NULL;
    if (o == NULL || store == NULL)
        return EID_ERR_INVALID_ARG;
    if (o->version != EID_FLEET_OPTIONS_VERSION)
        return EID_ERR_UNSUPPORTED_VERSION;
    fleet *f = mem_calloc(1, sizeof *f);
    if (f == NULL)
        return EID_ERR_NO_MEMORY;
    if (pthread_mutex_init(&f->lock, NULL) != 0) {
        mem_free(f);
        return EID_ERR_NO_MEMORY;
    }
    if (pthread_cond_init(&f->returned, NULL) != 0) {
        pthread_mutex_destroy(&f->lock);
        mem_free(f);
        return EID_ERR_NO_MEMORY;
    }
    eid_status st = configure(f, o);
    if (st == EID_OK)
        st = first_contact(f);
    eid_replay_store *s = NULL;
    if (st == EID_OK) {
        eid_replay_backend b = {f, fleet_open_request, fleet_request_state, fleet_commit, o->window};
        st = eid_replay_store_new_with_backend(&b, &s);
    }
    if (st != EID_OK) {
        fleet_free(f);
        return st;
    }
    replay_set_release(s, fleet_release);
    *store = s;
    return EID_OK;
}
