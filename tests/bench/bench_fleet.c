/* SPDX-License-Identifier: Apache-2.0 */
/* Verifications per second with the Redis fleet replay store (eid/fleet.h)
 * against the in-memory store, in one run: one process, then a fleet of two
 * processes; and the Redis commands each verification costs. Needs a
 * redis-server: EID_REDIS_URL (e.g. redis://127.0.0.1:6379 or
 * unix:///path/redis.sock); without it, or in a build without the fleet
 * store, it says so and does nothing. N presentations (default 4000, or
 * argv[1]) by N / 8 holders, so that no holder reaches its bound. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fleet_support.h"

static const uint32_t claims[] = {0, 1, 2, 3};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Scripts the server has run so far (EVALSHA and EVAL calls in INFO
 * commandstats): each is one round trip of the store. */
static long long server_round_trips(const char *url)
{
    char cmd[1200];
    if (strncmp(url, "unix://", 7) == 0) {
        char path[1100];
        snprintf(path, sizeof path, "%s", url + 7);
        path[strcspn(path, "?")] = 0;
        snprintf(cmd, sizeof cmd, "redis-cli -s '%s' info commandstats", path);
    } else {
        snprintf(cmd, sizeof cmd, "redis-cli -u '%s' info commandstats", url);
    }
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    char line[512];
    long long n = 0;
    while (fgets(line, sizeof line, p) != NULL)
        if (strncmp(line, "cmdstat_evalsha:calls=", 22) == 0 || strncmp(line, "cmdstat_eval:calls=", 19) == 0)
            n += atoll(strchr(line, '=') + 1);
    pclose(p);
    return n;
}

static eid_replay_store *store_for(const char *url, const char *prefix)
{
    eid_replay_store *s = NULL;
    if (url == NULL) {
        if (eid_replay_store_new(0, &s) != EID_OK)
            exit(1);
        return s;
    }
    eid_fleet_options o = fs_options(url, prefix);
    o.command_timeout_ms = 2000;
    eid_status st = eid_fleet_store_new(&o, &s);
    if (st != EID_OK) {
        fprintf(stderr, "bench_fleet: %s: %s\n", url, eid_status_name(st));
        exit(1);
    }
    return s;
}

/* Verifies texts[from..to) with a verifier on a store for `url` (NULL: in
 * memory); with ready/go descriptors, says it is ready and waits for the
 * start. Returns the seconds the verifications took, or exits on a refusal. */
static double verify_range(fx *f, char **texts, size_t from, size_t to, const char *url, const char *prefix,
                           int ready, int go)
{
    eid_replay_store *s = store_for(url, prefix);
    eid_verifier *v = fs_verifier(f, s);
    char c = 'r';
    if (ready >= 0 && (write(ready, &c, 1) != 1 || read(go, &c, 1) != 1))
        exit(1);
    double t0 = now_s();
    for (size_t i = from; i < to; i++) {
        eid_result *r = NULL;
        eid_status st = eid_verifier_check_presentation(v, texts[i], f->now, &r);
        eid_result_free(r);
        if (st != EID_OK) {
            fprintf(stderr, "bench_fleet: presentation %zu: %s\n", i, eid_status_name(st));
            exit(1);
        }
    }
    double dt = now_s() - t0;
    eid_verifier_free(v);
    eid_replay_store_free(s);
    return dt;
}

/* Two processes, each with its verifier and store built, verify half each,
 * started together; the seconds until both are done. */
static double two_processes(fx *f, char **texts, size_t n, const char *url, const char *prefix)
{
    int go[2], ready[2];
    if (pipe(go) != 0 || pipe(ready) != 0)
        exit(1);
    pid_t pid[2];
    for (int k = 0; k < 2; k++) {
        pid[k] = fork();
        if (pid[k] == 0) {
            close(go[1]);
            close(ready[0]);
            verify_range(f, texts, k * n / 2, (k + 1) * n / 2, url, prefix, ready[1], go[0]);
            _exit(0);
        }
    }
    close(go[0]);
    close(ready[1]);
    char c[2];
    if (read(ready[0], c, 1) != 1 || read(ready[0], c + 1, 1) != 1)
        exit(1);
    double t0 = now_s();
    if (write(go[1], "gg", 2) != 2)
        exit(1);
    int ok = 1;
    for (int k = 0; k < 2; k++) {
        int status = 0;
        waitpid(pid[k], &status, 0);
        ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    double dt = now_s() - t0;
    close(go[1]);
    close(ready[0]);
    if (!ok)
        exit(1);
    return dt;
}

int main(int argc, char **argv)
{
    const char *url = getenv("EID_REDIS_URL");
    if (!eid_fleet_available() || url == NULL) {
        printf("bench_fleet: skipped (%s)\n", eid_fleet_available() ? "set EID_REDIS_URL to a redis-server"
                                                                    : "built without the fleet store");
        return 0;
    }
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 4000;
    if (n < 16 || n > 1000000)
        return 2;
    if (eid_init() != EID_OK)
        return 1;
    static fx f;
    fx_init(&f);
    /* n presentations, eight per holder */
    char **texts = calloc(n, sizeof *texts);
    eid_bytes bundle = {0};
    eid_key *holder = NULL;
    for (size_t i = 0; i < n; i++) {
        if (i % EID_REPLAY_PER_HOLDER == 0) {
            eid_bytes_free(&bundle);
            eid_key_free(holder);
            uint8_t pk[32];
            if (eid_key_new(&holder) != EID_OK)
                return 1;
            eid_key_public(holder, pk);
            eid_credential_params p = fx_params(&f, EID_DOC_IDENTITY, (uint32_t)(i / EID_REPLAY_PER_HOLDER) % 4000);
            p.holder_key = pk;
            bundle = fx_issue_with(&f, &p, f.issuer[EID_DOC_IDENTITY]);
        }
        eid_bytes pres = {0};
        if (eid_present(bundle.data, bundle.len, holder, claims, 4, NULL, 0, f.now, &pres) != EID_OK ||
            eid_presentation_text(pres.data, pres.len, &texts[i]) != EID_OK)
            return 1;
        eid_bytes_free(&pres);
    }
    eid_bytes_free(&bundle);
    eid_key_free(holder);

    char prefix[3][64];
    for (int k = 0; k < 3; k++)
        snprintf(prefix[k], sizeof prefix[k], "bench%ld.%d:", (long)getpid(), k);
    double mem = verify_range(&f, texts, 0, n, NULL, NULL, -1, -1);
    long long c0 = server_round_trips(url);
    double red = verify_range(&f, texts, 0, n, url, prefix[0], -1, -1);
    long long c1 = server_round_trips(url);
    double mem2 = two_processes(&f, texts, n, NULL, NULL);
    double red2 = two_processes(&f, texts, n, url, prefix[1]);

    /* challenged: open a request, answer it once */
    eid_replay_store *s = store_for(url, prefix[2]);
    eid_verifier *v = fs_verifier(&f, s);
    eid_bytes b = fx_issue(&f, EID_DOC_IDENTITY, 1);
    enum { M = 200 };
    eid_bytes reqs[M];
    long long c2 = server_round_trips(url);
    for (size_t i = 0; i < M; i++) {
        eid_requested_claims rq = {EID_DOC_IDENTITY, claims, 4};
        int64_t at = f.now + (int64_t)i * 91;
        reqs[i] = (eid_bytes){0};
        if (eid_request_create(f.rp, "vn.csgt.checkpoint", &rq, 1, at, 60, &reqs[i]) != EID_OK ||
            eid_verifier_open_request(v, reqs[i].data, reqs[i].len, at) != EID_OK)
            return 1;
    }
    long long c2b = server_round_trips(url);
    for (size_t i = 0; i < M; i++) {
        int64_t at = f.now + (int64_t)i * 91;
        char *ans = fs_answer(&f, &b, &reqs[i], at);
        eid_result *r = NULL;
        eid_status st = eid_verifier_check_presentation(v, ans, at, &r);
        eid_result_free(r);
        eid_text_free(ans);
        eid_bytes_free(&reqs[i]);
        if (st != EID_OK)
            return 1;
    }
    long long c3 = server_round_trips(url);
    eid_bytes_free(&b);
    eid_verifier_free(v);
    eid_replay_store_free(s);

    printf("bench_fleet: %zu offline presentations, Redis at %s\n", n,
           strncmp(url, "unix://", 7) == 0 ? "a unix socket" : "TCP");
    printf("  one process, in-memory store : %8.0f verifications/s\n", (double)n / mem);
    printf("  one process, Redis store     : %8.0f verifications/s (%.2f of in-memory)\n", (double)n / red,
           mem / red);
    printf("  two processes, in-memory     : %8.0f verifications/s in total (each its own store)\n",
           (double)n / mem2);
    printf("  two processes, one Redis     : %8.0f verifications/s in total (%.2f of in-memory)\n",
           (double)n / red2, mem2 / red2);
    printf("  Redis round trips per offline verification  : %.2f (EVALSHA calls, INFO commandstats)\n",
           (double)(c1 - c0) / (double)n);
    printf("  Redis round trips per challenged verification: %.2f, plus %.2f to open its request\n",
           (double)(c3 - c2b) / M, (double)(c2b - c2) / M);
    for (size_t i = 0; i < n; i++)
        eid_text_free(texts[i]);
    free(texts);
    fx_free(&f);
    return 0;
}
