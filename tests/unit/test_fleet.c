/* SPDX-License-Identifier: Apache-2.0 */
/* The Redis fleet replay store (eid/fleet.h) against a real redis-server that
 * ctest starts for the run (tests/fleet/redis.sh, EID_REDIS_DIR), against
 * fake servers that answer nonsense or nothing, and against the in-memory
 * store, whose semantics it must share. A build without hiredis checks that
 * the feature says it is missing. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fleet_support.h"
#include "verify/replay.h"

extern char **environ;

static const uint32_t std_claims[] = {0, 1, 2, 3};
static char redis_dir[1024];
static int test_serial;

/* A key prefix of its own for each use, so that tests sharing the server
 * never see each other's entries (nor an earlier run's). */
static const char *fresh_prefix(void)
{
    static char prefix[64];
    snprintf(prefix, sizeof prefix, "t%ld.%d.%ld:", (long)getpid(), ++test_serial, (long)time(NULL));
    return prefix;
}

static const char *url_of(int tcp)
{
    static char url[2][1200];
    assert_true(fs_redis_url(redis_dir, tcp, url[tcp], sizeof url[tcp]));
    return url[tcp];
}

static void redis_cli(const char *dir, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "redis-cli -s '%s/redis.sock' %s >/dev/null", dir, args);
    assert_int_equal(system(cmd), 0);
}

static eid_replay_store *fleet_store(const char *url, const char *prefix)
{
    eid_fleet_options o = fs_options(url, prefix);
    eid_replay_store *s = NULL;
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_OK);
    assert_non_null(s);
    return s;
}

static eid_status check(const eid_verifier *v, const char *text, int64_t now, eid_check failed)
{
    eid_result *r = NULL;
    eid_status st = eid_verifier_check_presentation(v, text, now, &r);
    assert_non_null(r);
    assert_int_equal(eid_result_status(r), st);
    if (st != EID_OK) {
        eid_status cs = EID_OK;
        assert_int_equal(eid_result_check(r, failed, &cs), EID_CHECK_FAILED);
        assert_int_equal(cs, st);
        assert_int_equal(eid_result_claim_count(r), 0);
    }
    eid_result_free(r);
    return st;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- options and addresses, no server needed ----------------------------------------- */

static void options_and_urls(void **state)
{
    (void)state;
    eid_fleet_options o;
    assert_int_equal(eid_fleet_options_default(NULL, EID_FLEET_OPTIONS_VERSION), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_fleet_options_default(&o, EID_FLEET_OPTIONS_VERSION + 1), EID_ERR_UNSUPPORTED_VERSION);
    assert_int_equal(eid_fleet_options_default(&o, EID_FLEET_OPTIONS_VERSION), EID_OK);
    assert_null(o.url);
    assert_int_equal(o.pool_size, 8);
    assert_int_equal(o.command_timeout_ms, 500);
    eid_replay_store *s = (eid_replay_store *)&o; /* must be reset to NULL */
    assert_int_equal(eid_fleet_store_new(NULL, &s), EID_ERR_INVALID_ARG);
    assert_null(s);
    o.url = "redis://127.0.0.1:1";
    assert_int_equal(eid_fleet_store_new(&o, NULL), EID_ERR_INVALID_ARG);
    o.version = 2;
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_UNSUPPORTED_VERSION);
    if (!eid_fleet_available()) { /* a build without hiredis */
        o.version = EID_FLEET_OPTIONS_VERSION;
        assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_UNSUPPORTED);
        assert_null(s);
        return;
    }
    /* malformed: refused before any connection */
    static const char *const bad[] = {
        "", "redis:/h", "http://127.0.0.1", "rediss://127.0.0.1", "redis://", "redis://:6379", "redis://h:0",
        "redis://h:65536", "redis://h:12x", "redis://h/abc", "redis://h/1/2", "redis://h?db=1",
        "redis://user@h", "redis://u:p%4@h", "redis://u:p%00@h", "redis://[::1", "redis://[::1]x",
        "unix://", "unix://relative.sock", "unix:///s?db=x", "unix:///s?user=a",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        eid_fleet_options b = fs_options(bad[i], NULL);
        assert_int_equal(eid_fleet_store_new(&b, &s), EID_ERR_INVALID_ARG);
        assert_null(s);
    }
    char long_path[300];
    memset(long_path, 'a', sizeof long_path);
    memcpy(long_path, "unix:///", 8);
    long_path[sizeof long_path - 1] = 0;
    o = fs_options(long_path, NULL);
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_INVALID_ARG);
    /* options out of range */
    o = fs_options("redis://127.0.0.1:1", NULL);
    o.window = -1;
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_INVALID_ARG);
    o.window = EID_VERIFIER_OFFLINE_LIFETIME_MAX + EID_VERIFIER_CLOCK_SKEW_MAX + 1;
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_INVALID_ARG);
    o = fs_options("redis://127.0.0.1:1", NULL);
    o.pool_size = 0;
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_INVALID_ARG);
    o = fs_options("redis://127.0.0.1:1", NULL);
    o.command_timeout_ms = 0; /* an unbounded wait is never allowed */
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_INVALID_ARG);
    o = fs_options("redis://127.0.0.1:1", NULL);
    o.connect_timeout_ms = 0;
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_INVALID_ARG);
    o = fs_options("redis://127.0.0.1:1", NULL);
    o.username = "eid"; /* an ACL user without its password */
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_INVALID_ARG);
    /* well-formed but nobody listens (port 1 on loopback): unavailable, at once */
    static const char *const nobody[] = {"redis://127.0.0.1:1", "redis://u:p%40ss@127.0.0.1:1/3",
                                         "redis://:pw@[::1]:1", "unix:///nonexistent/redis.sock?db=2"};
    for (size_t i = 0; i < sizeof nobody / sizeof *nobody; i++) {
        o = fs_options(nobody[i], NULL);
        assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_UNAVAILABLE);
        assert_null(s);
    }
}

/* ---- fake servers ------------------------------------------------------------------------ */

enum { FAKE_GARBAGE, FAKE_SILENT, FAKE_WRONG_ANSWERS };
typedef struct fake {
    int listener, port, mode;
    pthread_t thread;
} fake;

/* The name and end of one whole RESP command in buf[0..n), or 0 while incomplete. */
static size_t command_end(const char *buf, size_t n, char *name, size_t name_cap)
{
    const char *p = buf, *end = buf + n;
    if (p >= end || *p != '*')
        return 0;
    long count = strtol(p + 1, NULL, 10);
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (nl == NULL)
        return 0;
    p = nl + 1;
    for (long i = 0; i < count; i++) {
        if (p >= end || *p != '$')
            return 0;
        long len = strtol(p + 1, NULL, 10);
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL || end - (nl + 1) < len + 2)
            return 0;
        if (i == 0) {
            size_t k = (size_t)len < name_cap - 1 ? (size_t)len : name_cap - 1;
            memcpy(name, nl + 1, k);
            name[k] = 0;
        }
        p = nl + 1 + len + 2;
    }
    return (size_t)(p - buf);
}

static void send_all(int fd, const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL); /* the test must not die where the library may not */
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* Answers like Redis until the scripts are loaded and probed, then with
 * well-formed replies that no script of the store gives. */
static void serve_wrong_answers(int fd)
{
    static const char *const wrong[] = {":7\r\n", "+OK\r\n", "$3\r\nabc\r\n", "*0\r\n", ":-1\r\n",
                                        "*2\r\n:0\r\n:5\r\n", "*1\r\n:0\r\n", "-ERR no\r\n"};
    char buf[8192];
    size_t have = 0;
    int evals = 0, next = 0;
    for (;;) {
        ssize_t r = read(fd, buf + have, sizeof buf - have);
        if (r <= 0)
            return;
        have += (size_t)r;
        char name[16];
        size_t used;
        while ((used = command_end(buf, have, name, sizeof name)) > 0) {
            if (strcmp(name, "SCRIPT") == 0)
                send_all(fd, "$40\r\n0123456789abcdef0123456789abcdef01234567\r\n");
            else if (evals++ == 0)
                send_all(fd, "*1\r\n:1\r\n"); /* the probe: an unknown request */
            else
                send_all(fd, wrong[next++ % (sizeof wrong / sizeof *wrong)]);
            memmove(buf, buf + used, have - used);
            have -= used;
        }
        if (have == sizeof buf)
            return;
    }
}

static void *fake_main(void *arg)
{
    fake *f = arg;
    for (;;) {
        int fd = accept(f->listener, NULL, NULL);
        if (fd < 0)
            return NULL;
        char buf[4096];
        if (f->mode == FAKE_GARBAGE) {
            if (read(fd, buf, sizeof buf) > 0)
                send_all(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            while (read(fd, buf, sizeof buf) > 0) {
            }
        } else if (f->mode == FAKE_SILENT) {
            while (read(fd, buf, sizeof buf) > 0) {
            }
        } else {
            serve_wrong_answers(fd);
        }
        close(fd);
    }
}

static void fake_start(fake *f, int mode)
{
    f->mode = mode;
    f->listener = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(f->listener >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(f->listener, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(f->listener, 16), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(f->listener, (struct sockaddr *)&a, &len), 0);
    f->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&f->thread, NULL, fake_main, f), 0);
}

static void fake_stop(fake *f)
{
    shutdown(f->listener, SHUT_RDWR);
    close(f->listener);
    pthread_join(f->thread, NULL);
}

static void fake_servers(void **state)
{
    fx *f = *state;
    char url[64];
    eid_replay_store *s = NULL;
    struct timespec t0;
    /* not RESP at all */
    fake g;
    fake_start(&g, FAKE_GARBAGE);
    snprintf(url, sizeof url, "redis://127.0.0.1:%d", g.port);
    eid_fleet_options o = fs_options(url, NULL);
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_UNAVAILABLE);
    assert_null(s);
    o.password = "secret"; /* the AUTH answer is garbage too */
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_UNAVAILABLE);
    fake_stop(&g);
    /* never answers: the command timeout (300 ms) ends the wait */
    fake q;
    fake_start(&q, FAKE_SILENT);
    snprintf(url, sizeof url, "redis://127.0.0.1:%d", q.port);
    o = fs_options(url, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_UNAVAILABLE);
    double waited = seconds_since(&t0);
    assert_true(waited >= 0.25 && waited < 3.0);
    fake_stop(&q);
    /* a server that looks right when the store opens, then answers what no
     * script answers: every verification fails closed, none is valid */
    fake w;
    fake_start(&w, FAKE_WRONG_ANSWERS);
    snprintf(url, sizeof url, "redis://127.0.0.1:%d", w.port);
    o = fs_options(url, NULL);
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_OK);
    eid_verifier *v = fs_verifier(f, s);
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 70);
    for (int i = 0; i < 8; i++) {
        char *text = fx_present(f, &b, std_claims, 4, f->now + i);
        assert_int_equal(check(v, text, f->now + i, EID_CHECK_REPLAY), EID_ERR_UNAVAILABLE);
        eid_text_free(text);
    }
    /* and a request it cannot open or look up */
    eid_requested_claims rq = {EID_DOC_IDENTITY, std_claims, 4};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, "vn.csgt.checkpoint", &rq, 1, f->now, 60, &req), EID_OK);
    eid_status st = eid_verifier_open_request(v, req.data, req.len, f->now);
    assert_true(st == EID_ERR_UNAVAILABLE);
    char *ans = fs_answer(f, &b, &req, f->now);
    for (int i = 0; i < 4; i++)
        assert_int_equal(check(v, ans, f->now, EID_CHECK_FRESHNESS), EID_ERR_UNAVAILABLE);
    eid_text_free(ans);
    eid_bytes_free(&req);
    eid_bytes_free(&b);
    eid_verifier_free(v);
    eid_replay_store_free(s);
    fake_stop(&w);
}

/* ---- one table, both stores -------------------------------------------------------------- */

enum { OPEN, STATE, COMMIT };
typedef struct step {
    int op;
    int holder, sig;         /* COMMIT: which holder key and signature (0..) */
    int request;             /* -1: none (offline) */
    int64_t created, until;  /* COMMIT: created_at offline, the request's expiry when challenged; OPEN: keep_until */
    int64_t now;
    eid_status expect;
} step;

#define P(h, s, c, n, e) {COMMIT, h, s, -1, c, 0, n, e}
#define A(h, s, r, x, n, e) {COMMIT, h, s, r, 0, x, n, e}
#define O(r, u, n, e) {OPEN, 0, 0, r, 0, u, n, e}
#define S(r, n, e) {STATE, 0, 0, r, 0, 0, n, e}

/* Times are offsets from the fixture's now; the store's window is 90 s. Each
 * holder's and each request's steps go forward in time, as one verifier's
 * clock does. */
static const step table[] = {
    /* a presentation is recorded until created + 90, inclusive */
    P(0, 0, 0, 0, EID_OK), P(0, 0, 0, 0, EID_ERR_REPLAYED), P(0, 0, 0, 90, EID_ERR_REPLAYED),
    P(0, 0, 0, 91, EID_OK), P(0, 0, 0, 91, EID_ERR_REPLAYED),
    /* a commit at a second past the window is kept at least that second */
    P(6, 1, -200, 0, EID_OK), P(6, 1, -200, 0, EID_ERR_REPLAYED), P(6, 1, -200, 1, EID_OK),
    /* the per-holder bound: 8 live entries, then full until the first expires */
    P(1, 10, 100, 100, EID_OK), P(1, 11, 100, 100, EID_OK), P(1, 12, 100, 100, EID_OK),
    P(1, 13, 100, 100, EID_OK), P(1, 14, 100, 100, EID_OK), P(1, 15, 100, 100, EID_OK),
    P(1, 16, 100, 100, EID_OK), P(1, 17, 120, 120, EID_OK), P(1, 18, 120, 120, EID_ERR_STORE_FULL),
    P(1, 10, 100, 120, EID_ERR_REPLAYED), /* a replay is named a replay, not full */
    P(2, 19, 120, 120, EID_OK),           /* another holder is not affected */
    P(1, 18, 120, 190, EID_ERR_STORE_FULL), P(1, 18, 120, 191, EID_OK),
    P(1, 20, 120, 191, EID_OK), P(1, 21, 120, 191, EID_OK), P(1, 22, 120, 191, EID_OK),
    P(1, 23, 120, 191, EID_OK), P(1, 24, 120, 191, EID_OK), P(1, 25, 120, 191, EID_OK),
    P(1, 26, 120, 191, EID_ERR_STORE_FULL), /* 17 (until 210) and the seven above */
    P(1, 26, 120, 211, EID_OK),
    /* requests: open once, answered once, kept until their keep_until inclusive */
    S(0, 0, EID_ERR_REQUEST_UNKNOWN), O(0, 300, 0, EID_OK), O(0, 300, 5, EID_ERR_EXISTS), S(0, 5, EID_OK),
    A(3, 30, 1, 60, 6, EID_ERR_REQUEST_UNKNOWN), /* unknown request: the presentation is not recorded */
    P(3, 30, 6, 6, EID_OK),                       /* ... so it may still be recorded offline */
    A(3, 31, 0, 60, 6, EID_OK), S(0, 7, EID_ERR_REPLAYED), A(3, 32, 0, 60, 7, EID_ERR_REPLAYED),
    A(3, 31, 0, 60, 8, EID_ERR_REPLAYED), O(0, 300, 200, EID_ERR_EXISTS), S(0, 300, EID_ERR_REPLAYED),
    S(0, 301, EID_ERR_REQUEST_UNKNOWN), O(0, 600, 301, EID_OK), S(0, 302, EID_OK),
    /* a full holder does not use a request up */
    P(5, 50, 150, 150, EID_OK), P(5, 51, 150, 150, EID_OK), P(5, 52, 150, 150, EID_OK),
    P(5, 53, 150, 150, EID_OK), P(5, 54, 150, 150, EID_OK), P(5, 55, 150, 150, EID_OK),
    P(5, 56, 150, 150, EID_OK), P(5, 57, 150, 150, EID_OK),
    O(2, 400, 150, EID_OK), A(5, 40, 2, 160, 150, EID_ERR_STORE_FULL), S(2, 150, EID_OK),
    A(4, 41, 2, 160, 150, EID_OK), S(2, 150, EID_ERR_REPLAYED),
    /* the answered presentation is kept until the request's expiry */
    A(4, 41, 2, 160, 160, EID_ERR_REPLAYED), P(4, 41, 100, 161, EID_OK),
    /* a request kept until before now is not live */
    O(3, -10, 0, EID_OK), S(3, 0, EID_ERR_REQUEST_UNKNOWN), O(3, 50, 0, EID_OK), S(3, 50, EID_OK),
};

static void run_table(fx *f, eid_replay_store *s)
{
    replay_widen(s, 90);
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        const step *t = &table[i];
        uint8_t request[16], holder[32], sig[64], record[EID_REPLAY_RECORD_MAX_BYTES], back[EID_REPLAY_RECORD_MAX_BYTES];
        memset(request, 0xA0 + t->request, sizeof request);
        memset(holder, 0x10 + t->holder, sizeof holder);
        memset(sig, 0x30 + t->sig, sizeof sig);
        memset(record, 0x55 + t->request, sizeof record);
        size_t len = 0;
        eid_status st;
        if (t->op == OPEN)
            st = replay_open_request(s, request, record, 40 + (size_t)t->request, f->now + t->until, f->now + t->now);
        else if (t->op == STATE)
            st = replay_request_state(s, request, f->now + t->now, back, &len);
        else
            st = replay_commit(s, holder, sig, sizeof sig, f->now + t->created, t->request >= 0 ? request : NULL,
                               f->now + t->until, f->now + t->now);
        if (st != t->expect)
            fail_msg("step %zu: %s, expected %s", i, eid_status_name(st), eid_status_name(t->expect));
        if (t->op == STATE && st == EID_OK) {
            assert_int_equal(len, 40 + (size_t)t->request);
            assert_memory_equal(back, record, len);
        }
    }
}

static void same_table_in_memory_and_on_redis(void **state)
{
    fx *f = *state;
    eid_replay_store *memory = NULL;
    assert_int_equal(eid_replay_store_new(64, &memory), EID_OK);
    run_table(f, memory);
    eid_replay_store_free(memory);
    eid_replay_store *redis = fleet_store(url_of(0), fresh_prefix());
    run_table(f, redis);
    eid_replay_store_free(redis);
    /* the same over TCP, with the URL's database */
    char url[1300];
    snprintf(url, sizeof url, "%s/2", url_of(1));
    redis = fleet_store(url, fresh_prefix());
    run_table(f, redis);
    eid_replay_store_free(redis);
}

/* ---- a fleet of processes ---------------------------------------------------------------- */

#define PROCS 4
#define THREADS 4

typedef struct proc {
    pid_t pid;
    FILE *in, *out;
} proc;

static void spawn_racer(proc *p, const char *racer, const char *url, const char *prefix)
{
    int to[2], from[2];
    assert_int_equal(pipe(to), 0);
    assert_int_equal(pipe(from), 0);
    for (int i = 0; i < 2; i++) { /* no racer inherits another's pipes (it would never see its EOF) */
        fcntl(to[i], F_SETFD, FD_CLOEXEC);
        fcntl(from[i], F_SETFD, FD_CLOEXEC);
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, to[0], 0);
    posix_spawn_file_actions_adddup2(&fa, from[1], 1);
    posix_spawn_file_actions_addclose(&fa, to[1]);
    posix_spawn_file_actions_addclose(&fa, from[0]);
    char threads[8];
    snprintf(threads, sizeof threads, "%d", THREADS);
    char *argv[] = {(char *)racer, (char *)url, (char *)prefix, threads, NULL};
    assert_int_equal(posix_spawn(&p->pid, racer, &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(to[0]);
    close(from[1]);
    p->in = fdopen(to[1], "w");
    p->out = fdopen(from[0], "r");
    assert_non_null(p->in);
    assert_non_null(p->out);
}

static void race(proc *procs, int64_t now, const char *a, const char *b, int *ok, int *replayed)
{
    for (int i = 0; i < PROCS; i++) {
        fprintf(procs[i].in, "%lld\t%s\t%s\n", (long long)now, a, b); /* base45 holds spaces */
        fflush(procs[i].in);
    }
    *ok = *replayed = 0;
    for (int i = 0; i < PROCS; i++) {
        int k, r, other;
        assert_int_equal(fscanf(procs[i].out, "%d %d %d", &k, &r, &other), 3);
        assert_int_equal(other, 0);
        *ok += k;
        *replayed += r;
    }
}

static void four_processes_one_acceptance(void **state)
{
    fx *f = *state;
    const char *racer = getenv("EID_FLEET_RACER");
    assert_non_null(racer);
    const char *url = url_of(0), *prefix = fresh_prefix();
    proc procs[PROCS];
    char ready[16];
    for (int i = 0; i < PROCS; i++)
        spawn_racer(&procs[i], racer, url, prefix);
    for (int i = 0; i < PROCS; i++) {
        assert_non_null(fgets(ready, sizeof ready, procs[i].out));
        assert_string_equal(ready, "ready\n");
    }
    eid_replay_store *s = fleet_store(url, prefix);
    eid_verifier *v = fs_verifier(f, s); /* the desk that shows the requests */
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 71);
    int rounds = getenv("EID_TEST_EMULATED") != NULL ? 5 : 30;
    for (int round = 0; round < rounds; round++) {
        int64_t now = f->now + round * 91; /* the holder's earlier entries have expired */
        int ok, replayed;
        /* one offline presentation, sixteen verifiers */
        char *text = fx_present(f, &b, std_claims, 4, now);
        race(procs, now, text, text, &ok, &replayed);
        assert_int_equal(ok, 1);
        assert_int_equal(replayed, PROCS * THREADS - 1);
        eid_text_free(text);
        /* two answers to one request, eight verifiers each */
        eid_requested_claims rq = {EID_DOC_IDENTITY, std_claims, 4};
        eid_bytes req = {0};
        assert_int_equal(eid_request_create(f->rp, "vn.csgt.checkpoint", &rq, 1, now, 60, &req), EID_OK);
        assert_int_equal(eid_verifier_open_request(v, req.data, req.len, now), EID_OK);
        char *a1 = fs_answer(f, &b, &req, now), *a2 = fs_answer(f, &b, &req, now + 1);
        race(procs, now + 1, a1, a2, &ok, &replayed);
        assert_int_equal(ok, 1);
        assert_int_equal(replayed, PROCS * THREADS - 1);
        eid_text_free(a1);
        eid_text_free(a2);
        eid_bytes_free(&req);
    }
    for (int i = 0; i < PROCS; i++) {
        fclose(procs[i].in);
        int status = -1;
        assert_int_equal(waitpid(procs[i].pid, &status, 0), procs[i].pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        fclose(procs[i].out);
    }
    eid_bytes_free(&b);
    eid_verifier_free(v);
    eid_replay_store_free(s);
}

/* ---- credentials ------------------------------------------------------------------------- */

static void credentials(void **state)
{
    fx *f = *state;
    redis_cli(redis_dir, "ACL SETUSER eidfleet reset on '>right pass' '~*' '+@all'");
    redis_cli(redis_dir, "ACL SETUSER eidother reset on '>other' '~other:*' '+evalsha' '+eval' '+script|load'");
    eid_replay_store *s = NULL;
    eid_fleet_options o = fs_options(url_of(0), fresh_prefix());
    o.username = "eidfleet";
    o.password = "wrong";
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_ACCESS_DENIED);
    assert_null(s);
    o.username = "nobody";
    o.password = "right pass";
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_ACCESS_DENIED);
    o.username = NULL; /* the default user has no password here: AUTH is refused */
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_ACCESS_DENIED);
    /* a user whose keys are elsewhere: refused when the store opens */
    o.username = "eidother";
    o.password = "other";
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_ERR_ACCESS_DENIED);
    /* the right credentials, in the URL (percent-encoded) or in the options */
    char url[1300];
    const char *tcp = url_of(1);
    snprintf(url, sizeof url, "redis://eidfleet:right%%20pass@%s", tcp + strlen("redis://"));
    o = fs_options(url, fresh_prefix());
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_OK);
    eid_replay_store_free(s);
    o = fs_options(url_of(0), fresh_prefix());
    o.username = "eidfleet";
    o.password = "right pass";
    assert_int_equal(eid_fleet_store_new(&o, &s), EID_OK);
    /* the user loses its keys while the verifier runs: verifications are refused */
    eid_verifier *v = fs_verifier(f, s);
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 72);
    char *t1 = fx_present(f, &b, std_claims, 4, f->now), *t2 = fx_present(f, &b, std_claims, 4, f->now + 1);
    assert_int_equal(check(v, t1, f->now + 1, EID_CHECK_REPLAY), EID_OK);
    redis_cli(redis_dir, "ACL SETUSER eidfleet resetkeys '~other:*'");
    assert_int_equal(check(v, t2, f->now + 1, EID_CHECK_REPLAY), EID_ERR_ACCESS_DENIED);
    assert_int_equal(check(v, t1, f->now + 1, EID_CHECK_REPLAY), EID_ERR_ACCESS_DENIED);
    eid_requested_claims rq = {EID_DOC_IDENTITY, std_claims, 4};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, "vn.csgt.checkpoint", &rq, 1, f->now, 60, &req), EID_OK);
    assert_int_equal(eid_verifier_open_request(v, req.data, req.len, f->now), EID_ERR_ACCESS_DENIED);
    /* and accepted again once it has them back, without a new store */
    redis_cli(redis_dir, "ACL SETUSER eidfleet resetkeys '~*'");
    assert_int_equal(check(v, t1, f->now + 1, EID_CHECK_REPLAY), EID_ERR_REPLAYED);
    assert_int_equal(check(v, t2, f->now + 1, EID_CHECK_REPLAY), EID_OK);
    assert_int_equal(eid_verifier_open_request(v, req.data, req.len, f->now), EID_OK);
    eid_bytes_free(&req);
    eid_text_free(t1);
    eid_text_free(t2);
    eid_bytes_free(&b);
    eid_verifier_free(v);
    eid_replay_store_free(s);
}

/* ---- a slow server, a server that goes away ------------------------------------------------- */

static void slow_or_full_server_fails_closed(void **state)
{
    fx *f = *state;
    eid_replay_store *s = fleet_store(url_of(0), fresh_prefix());
    eid_verifier *v = fs_verifier(f, s);
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 73);
    char *text = fx_present(f, &b, std_claims, 4, f->now);
    /* the server holds every write for 1.5 s; the command timeout is 300 ms */
    redis_cli(redis_dir, "CLIENT PAUSE 1500 WRITE");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(check(v, text, f->now, EID_CHECK_REPLAY), EID_ERR_UNAVAILABLE);
    assert_true(seconds_since(&t0) < 1.2);
    redis_cli(redis_dir, "CLIENT UNPAUSE");
    /* the timed-out commit may have run on the server after all: then the
     * text is a replay, never valid twice; a new presentation is accepted */
    eid_status again = check(v, text, f->now, EID_CHECK_REPLAY);
    assert_true(again == EID_OK || again == EID_ERR_REPLAYED);
    assert_int_equal(check(v, text, f->now, EID_CHECK_REPLAY), EID_ERR_REPLAYED);
    /* out of memory (maxmemory, noeviction): writes are refused, the store is full */
    char *t2 = fx_present(f, &b, std_claims, 4, f->now + 1);
    redis_cli(redis_dir, "CONFIG SET maxmemory 1");
    assert_int_equal(check(v, t2, f->now + 1, EID_CHECK_REPLAY), EID_ERR_STORE_FULL);
    redis_cli(redis_dir, "CONFIG SET maxmemory 0");
    assert_int_equal(check(v, t2, f->now + 1, EID_CHECK_REPLAY), EID_OK);
    eid_text_free(t2);
    eid_text_free(text);
    eid_bytes_free(&b);
    eid_verifier_free(v);
    eid_replay_store_free(s);
}

static void redis_start(const char *dir, int keep)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "KEEP=%d bash '%s/tests/fleet/redis.sh' start '%s'", keep, getenv("EID_SOURCE_DIR"),
             dir);
    assert_int_equal(system(cmd), 0);
}

/* Killed (SIGKILL, no goodbye) mid-run and started again: closed meanwhile,
 * open again afterwards with the same store and verifier, and what was
 * accepted before is still refused (appendonly yes, appendfsync always). */
static void outage_and_recovery(void **state)
{
    fx *f = *state;
    char dir[1100], url[1200], pidfile[1200];
    snprintf(dir, sizeof dir, "%s/tests/redis-outage", getenv("EID_BINARY_DIR"));
    redis_start(dir, 0);
    snprintf(url, sizeof url, "unix://%s/redis.sock", dir);
    snprintf(pidfile, sizeof pidfile, "%s/redis.pid", dir);
    eid_replay_store *s = fleet_store(url, "outage:");
    eid_verifier *v = fs_verifier(f, s);
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 74);
    char *before[4], *during = fx_present(f, &b, std_claims, 4, f->now + 10);
    for (int i = 0; i < 4; i++) {
        before[i] = fx_present(f, &b, std_claims, 4, f->now + i);
        assert_int_equal(check(v, before[i], f->now + 5, EID_CHECK_REPLAY), EID_OK);
    }
    eid_requested_claims rq = {EID_DOC_IDENTITY, std_claims, 4};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, "vn.csgt.checkpoint", &rq, 1, f->now, 60, &req), EID_OK);
    assert_int_equal(eid_verifier_open_request(v, req.data, req.len, f->now), EID_OK);
    char *answered = fs_answer(f, &b, &req, f->now + 1);
    assert_int_equal(check(v, answered, f->now + 5, EID_CHECK_REPLAY), EID_OK);
    FILE *fp = fopen(pidfile, "r");
    assert_non_null(fp);
    long pid = 0;
    assert_int_equal(fscanf(fp, "%ld", &pid), 1);
    fclose(fp);
    assert_int_equal(kill((pid_t)pid, SIGKILL), 0);
    for (int i = 0; i < 100 && kill((pid_t)pid, 0) == 0; i++)
        nanosleep(&(struct timespec){0, 20000000}, NULL);
    /* down: every verification fails closed, none is valid */
    for (int i = 0; i < 4; i++)
        assert_int_equal(check(v, before[i], f->now + 11, EID_CHECK_REPLAY), EID_ERR_UNAVAILABLE);
    assert_int_equal(check(v, during, f->now + 11, EID_CHECK_REPLAY), EID_ERR_UNAVAILABLE);
    assert_int_equal(check(v, answered, f->now + 11, EID_CHECK_FRESHNESS), EID_ERR_UNAVAILABLE);
    assert_int_equal(eid_verifier_open_request(v, req.data, req.len, f->now + 11), EID_ERR_UNAVAILABLE);
    /* back, from its append-only file: the same verifier recovers */
    redis_start(dir, 1);
    assert_int_equal(check(v, during, f->now + 12, EID_CHECK_REPLAY), EID_OK);
    for (int i = 0; i < 4; i++)
        assert_int_equal(check(v, before[i], f->now + 12, EID_CHECK_REPLAY), EID_ERR_REPLAYED);
    assert_int_equal(check(v, answered, f->now + 12, EID_CHECK_FRESHNESS), EID_ERR_REPLAYED);
    assert_int_equal(eid_verifier_open_request(v, req.data, req.len, f->now + 12), EID_ERR_EXISTS);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "bash '%s/tests/fleet/redis.sh' stop '%s'", getenv("EID_SOURCE_DIR"), dir);
    assert_int_equal(system(cmd), 0);
    for (int i = 0; i < 4; i++)
        eid_text_free(before[i]);
    eid_text_free(during);
    eid_text_free(answered);
    eid_bytes_free(&req);
    eid_bytes_free(&b);
    eid_verifier_free(v);
    eid_replay_store_free(s);
}

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    const struct CMUnitTest always[] = {
        cmocka_unit_test(options_and_urls),
    };
    const struct CMUnitTest with_redis[] = {
        cmocka_unit_test_setup_teardown(fake_servers, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(same_table_in_memory_and_on_redis, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(four_processes_one_acceptance, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(credentials, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(slow_or_full_server_fails_closed, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(outage_and_recovery, fx_setup, fx_teardown),
    };
    if (!eid_fleet_available())
        return cmocka_run_group_tests(always, NULL, NULL) != 0;
    const char *dir = getenv("EID_REDIS_DIR");
    if (dir == NULL || strlen(dir) >= sizeof redis_dir) {
        fprintf(stderr, "test_fleet: EID_REDIS_DIR names no redis-server (tests/fleet/redis.sh, run by ctest)\n");
        return 1;
    }
    strcpy(redis_dir, dir);
    int failed = cmocka_run_group_tests(always, NULL, NULL);
    failed += cmocka_run_group_tests(with_redis, NULL, NULL);
    return failed != 0;
}
