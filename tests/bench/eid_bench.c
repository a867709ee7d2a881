/* SPDX-License-Identifier: Apache-2.0 */
/* eid-bench: every performance figure of libeid, each next to its bound and
 * measured in the same run as the reference it is divided by. One line per
 * figure, "name value unit bound ratio" (ratio: the value over its reference,
 * "-" when there is none; bound: the target the ratio, or else the value,
 * must meet, "-" when there is none); --json prints the same as JSON and
 * --list the names only. Run it through scripts/bench (README, "Performance").
 *
 * The bare baselines: Ed25519 signing and verification and Argon2id through
 * core/crypto (libsodium underneath); QR encoding with libqrencode called
 * directly (a benchmark may; the library calls it only in core/present).
 * The Java and Swift figures come from small programs this one spawns
 * (tests/bench/java, bindings/swift's eid-bench-swift) on presentations it
 * writes to a scratch directory. */
#define _GNU_SOURCE /* pthread, mkdtemp, popen */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <qrencode.h>

#include "crypto/crypto.h"
#include "eid/fleet.h"
#include "eid/qr.h"
#include "fixture.h"
#include "fleet_support.h"
#include "store/store.h"
#include "test_vault_support.h"
#include "vault/vault.h"
#include "verify/lists.h"
#include "wallet/wallet_internal.h"

/* ---- figures ------------------------------------------------------------------------------ */

typedef struct figure {
    char name[48], unit[16], bound[16], note[160];
    double value, ratio; /* NaN: not measured / no ratio */
    int measured, has_ratio;
} figure;

#define FIG_MAX 96
static figure figs[FIG_MAX];
static size_t n_figs;
static int listing; /* --list: names only, nothing measured */

static figure *fig(const char *name, double value, const char *unit, const char *bound, double ratio, int has_ratio)
{
    if (n_figs == FIG_MAX)
        exit(3);
    figure *f = &figs[n_figs++];
    snprintf(f->name, sizeof f->name, "%s", name);
    snprintf(f->unit, sizeof f->unit, "%s", unit);
    snprintf(f->bound, sizeof f->bound, "%s", bound ? bound : "-");
    f->value = value;
    f->ratio = ratio;
    f->has_ratio = has_ratio;
    f->measured = !listing;
    return f;
}
#define FIG(name, value, unit, bound) fig(name, value, unit, bound, 0, 0)
#define FIGR(name, value, unit, bound, ratio) fig(name, value, unit, bound, ratio, 1)

__attribute__((format(printf, 4, 5))) static void not_measured(const char *name, const char *unit,
                                                                const char *bound, const char *why, ...)
{
    figure *f = fig(name, 0, unit, bound, 0, 0);
    f->measured = 0;
    va_list ap;
    va_start(ap, why);
    vsnprintf(f->note, sizeof f->note, why, ap);
    va_end(ap);
}

/* Whether the figure meets its bound: 1 yes, 0 no, -1 no bound. */
static int holds(const figure *f)
{
    if (!f->measured || f->bound[0] == '-')
        return -1;
    double x = f->has_ratio ? f->ratio : f->value, b = atof(f->bound + 2);
    return strncmp(f->bound, ">=", 2) == 0 ? x >= b : x <= b;
}

static void print_text(void)
{
    for (size_t i = 0; i < n_figs; i++) {
        const figure *f = &figs[i];
        if (!f->measured) {
            printf("%-28s %10s %-10s %-7s %6s  # not measured: %s\n", f->name, "-", f->unit, f->bound, "-", f->note);
            continue;
        }
        char r[32] = "-";
        if (f->has_ratio)
            snprintf(r, sizeof r, "%.3f", f->ratio);
        int h = holds(f);
        printf("%-28s %10.*f %-10s %-7s %6s%s\n", f->name, f->value >= 100 || f->value == (long)f->value ? 0 : 3,
               f->value, f->unit, f->bound, r, h == 0 ? "  # target missed" : "");
    }
}

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++)
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s >= 0x20)
            putchar(*s);
    putchar('"');
}

static void print_json(const char *machine)
{
    printf("{\"machine\": ");
    json_str(machine);
    printf(", \"figures\": [\n");
    for (size_t i = 0; i < n_figs; i++) {
        const figure *f = &figs[i];
        printf("  {\"name\": ");
        json_str(f->name);
        printf(", \"unit\": ");
        json_str(f->unit);
        printf(", \"bound\": ");
        json_str(f->bound);
        if (f->measured) {
            printf(", \"value\": %.6g, \"ratio\": ", f->value);
            if (f->has_ratio)
                printf("%.6g", f->ratio);
            else
                printf("null");
            int h = holds(f);
            printf(", \"holds\": %s", h < 0 ? "null" : h ? "true" : "false");
        } else {
            printf(", \"value\": null, \"ratio\": null, \"holds\": null, \"note\": ");
            json_str(f->note);
        }
        printf("}%s\n", i + 1 < n_figs ? "," : "");
    }
    printf("]}\n");
}

/* ---- helpers ------------------------------------------------------------------------------ */

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what)
{
    fprintf(stderr, "eid-bench: %s\n", what);
    exit(1);
}

/* Peak and current resident set (VmHWM, VmRSS) in KiB; clear_peak resets VmHWM. */
static long proc_kib(const char *field)
{
    FILE *fp = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    while (fp != NULL && fgets(line, sizeof line, fp) != NULL)
        if (strncmp(line, field, n) == 0)
            v = atol(line + n + 1);
    if (fp != NULL)
        fclose(fp);
    return v;
}

static int clear_peak(void)
{
    int fd = open("/proc/self/clear_refs", O_WRONLY);
    int ok = fd >= 0 && write(fd, "5", 1) == 1;
    if (fd >= 0)
        close(fd);
    return ok;
}

static int write_file(const char *dir, const char *name, const void *data, size_t n)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (fp == NULL)
        return -1;
    int ok = fwrite(data, 1, n, fp) == n;
    return fclose(fp) == 0 && ok ? 0 : -1;
}

static long file_bytes(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* ---- verification ------------------------------------------------------------------------- */

static const uint32_t claims_std[] = {0, 1, 2, 3};

/* Presentations the verifier accepts in order, made by a pool of holders in
 * turn, each holder four times per 61 seconds so that the replay store's
 * per-holder bound is never the limit; each set starts where the last one's
 * entries have expired, and 10^5 presentations span a few hours of the
 * fixture's day (its lists stay fresh for one). */
typedef struct pset {
    size_t n;
    char **texts;
    int64_t *at;
} pset;

#define POOL 64
static eid_key *pool_key[POOL];
static eid_bytes pool_bundle[POOL];
static int64_t pset_later;

static void pool_init(fx *f)
{
    for (size_t h = 0; h < POOL; h++) {
        uint8_t pk[32];
        if (eid_key_new(&pool_key[h]) != EID_OK)
            die("holder key");
        eid_key_public(pool_key[h], pk);
        eid_credential_params p = fx_params(f, EID_DOC_IDENTITY, 1000 + (uint32_t)h);
        p.holder_key = pk;
        pool_bundle[h] = fx_issue_with(f, &p, f->issuer[EID_DOC_IDENTITY]);
    }
}

static void pool_free(void)
{
    for (size_t h = 0; h < POOL; h++) {
        eid_key_free(pool_key[h]);
        eid_bytes_free(&pool_bundle[h]);
    }
}

static pset pset_make(fx *f, const uint32_t *claims, size_t n_claims, size_t n)
{
    pset s = {n, calloc(n, sizeof(char *)), calloc(n, sizeof(int64_t))};
    if (s.texts == NULL || s.at == NULL)
        die("out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t h = i % POOL;
        s.at[i] = f->now + pset_later + (int64_t)(i / (4 * POOL)) * 61;
        eid_bytes p = {0};
        if (eid_present(pool_bundle[h].data, pool_bundle[h].len, pool_key[h], claims, n_claims, NULL, 0, s.at[i],
                        &p) != EID_OK ||
            eid_presentation_text(p.data, p.len, &s.texts[i]) != EID_OK)
            die("presentation");
        eid_bytes_free(&p);
    }
    pset_later = s.at[n - 1] - f->now + 61;
    return s;
}

static void pset_free(pset *s)
{
    for (size_t i = 0; i < s->n; i++)
        eid_text_free(s->texts[i]);
    free(s->texts);
    free(s->at);
}

/* A verifier like the fixture's, on its own in-memory store. */
static eid_verifier *own_verifier(fx *f, eid_replay_store **store)
{
    if (eid_replay_store_new(1024, store) != EID_OK)
        die("replay store");
    return fs_verifier(f, *store);
}

__attribute__((noinline)) static void verify_loop(eid_verifier *v, const pset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        eid_result *r = NULL;
        if (eid_verifier_check_presentation(v, s->texts[i], s->at[i], &r) != EID_OK) {
            fprintf(stderr, "eid-bench: verification %zu: %s\n", i, eid_status_name(eid_result_status(r)));
            exit(1);
        }
        eid_result_free(r);
    }
}

/* This thread's CPU time: the bindings' comparison runs in two processes one
 * after the other, and on a shared machine wall time counts waits for a core. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double verify_time(fx *f, const pset *s, double (*clock)(void))
{
    eid_replay_store *st = NULL;
    eid_verifier *v = own_verifier(f, &st);
    double t0 = clock();
    verify_loop(v, s);
    double t = clock() - t0;
    eid_verifier_free(v);
    eid_replay_store_free(st);
    return t;
}

static double verify_seconds(fx *f, const pset *s)
{
    return verify_time(f, s, seconds);
}

/* Bare Ed25519: 64-byte signatures over messages the length of a signed
 * presentation body, verified through core/crypto. A verification's cost
 * varies with its scalars (the double scalar multiplication takes variable
 * time), so the loop takes BARE_KEYS keys and messages in turn, as the
 * verifications it is compared with come from many holders. */
#define BARE_KEYS 16
typedef struct bare_sig {
    uint8_t pk[BARE_KEYS][32], sig[BARE_KEYS][64], msg[BARE_KEYS][512];
    size_t len;
} bare_sig;

static void bare_sig_init(bare_sig *b, size_t len)
{
    uint8_t *sk = cry_secure_alloc(64);
    if (sk == NULL)
        die("secure memory");
    b->len = len;
    for (size_t k = 0; k < BARE_KEYS; k++) {
        cry_sign_keypair(b->pk[k], sk);
        cry_random(b->msg[k], sizeof b->msg[k]);
        b->msg[k][0] = 'x';
        b->msg[k][1] = 0;
        cry_sign_detached(b->sig[k], "x", b->msg[k] + 2, len - 2, sk); /* context "x" 0x00 + message: len bytes */
    }
    cry_secure_free(sk);
}

__attribute__((noinline)) static void bare_verify_loop(const bare_sig *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = i % BARE_KEYS;
        if (cry_sign_verify_raw(b->sig[k], b->msg[k], b->len, b->pk[k]) != 0)
            die("bare Ed25519 verification failed");
    }
}

static double bare_verify_seconds(const bare_sig *b, size_t n)
{
    double t0 = seconds();
    bare_verify_loop(b, n);
    return seconds() - t0;
}

/* --count-child: the instruction-count run, under callgrind. */
static int count_child(void)
{
    fx f;
    fx_init(&f);
    pool_init(&f);
    pset s = pset_make(&f, claims_std, 4, 100);
    bare_sig bs;
    bare_sig_init(&bs, 400);
    eid_replay_store *st = NULL;
    eid_verifier *v = own_verifier(&f, &st);
    verify_loop(v, &s);
    bare_verify_loop(&bs, 100);
    eid_verifier_free(v);
    eid_replay_store_free(st);
    pset_free(&s);
    pool_free();
    fx_free(&f);
    return 0;
}

/* Inclusive instruction counts of verify_loop and bare_verify_loop from callgrind_annotate. */
static int callgrind_ratio(const char *self, double *per_verification, double *ratio, char *why, size_t why_n)
{
    char dir[] = "/tmp/eid-bench-cg-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        snprintf(why, why_n, "no scratch directory");
        return -1;
    }
    char cmd[8800];
    snprintf(cmd, sizeof cmd,
             "valgrind --tool=callgrind --callgrind-out-file=%s/cg.out '%s' --count-child >/dev/null 2>&1 && "
             "callgrind_annotate --inclusive=yes --threshold=100 %s/cg.out 2>/dev/null",
             dir, self, dir);
    FILE *p = popen(cmd, "r");
    double verify = 0, bare = 0;
    char line[2048];
    while (p != NULL && fgets(line, sizeof line, p) != NULL) {
        char digits[64];
        size_t k = 0;
        const char *c = line;
        while (*c == ' ')
            c++;
        for (; (*c >= '0' && *c <= '9') || *c == ','; c++)
            if (*c != ',' && k + 1 < sizeof digits)
                digits[k++] = *c;
        digits[k] = 0;
        if (k == 0)
            continue;
        if (strstr(line, ":bare_verify_loop") != NULL)
            bare = atof(digits);
        else if (strstr(line, ":verify_loop") != NULL)
            verify = atof(digits);
    }
    int rc = p != NULL ? pclose(p) : -1;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) { /* nothing to do: a scratch directory left behind */
    }
    if (rc != 0 || verify <= 0 || bare <= 0) {
        snprintf(why, why_n, "valgrind or callgrind_annotate failed or not installed");
        return -1;
    }
    *per_verification = verify / 100;
    *ratio = (2 * bare / 100) / (verify / 100);
    return 0;
}

typedef struct thread_job {
    fx *f;
    const pset *s;
    eid_verifier *v;
    pthread_barrier_t *go;
    double t;
} thread_job;

static void *thread_main(void *arg)
{
    thread_job *j = arg;
    pthread_barrier_wait(j->go);
    double t0 = seconds();
    verify_loop(j->v, j->s);
    j->t = seconds() - t0;
    return NULL;
}

/* Presentations per second with `threads` threads, each its own verifier and set. */
static double threads_rate(fx *f, pset *sets, int threads)
{
    pthread_t th[2];
    thread_job jobs[2];
    eid_replay_store *stores[2];
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, (unsigned)threads);
    for (int k = 0; k < threads; k++) {
        jobs[k] = (thread_job){f, &sets[k], own_verifier(f, &stores[k]), &go, 0};
        if (pthread_create(&th[k], NULL, thread_main, &jobs[k]) != 0)
            die("pthread_create");
    }
    for (int k = 0; k < threads; k++)
        pthread_join(th[k], NULL);
    double total = 0;
    for (int k = 0; k < threads; k++) {
        total += (double)sets[k].n;
        eid_verifier_free(jobs[k].v);
        eid_replay_store_free(stores[k]);
    }
    pthread_barrier_destroy(&go);
    double longest = 0;
    for (int k = 0; k < threads; k++)
        if (jobs[k].t > longest)
            longest = jobs[k].t;
    return total / longest;
}


static void verification(fx *f, const char *self)
{
    if (listing) {
        FIG("verify.ed25519_bare", 0, "verifies/s", NULL);
        FIGR("verify.rate", 0, "pres/s", ">=0.85", 0);
        FIGR("verify.instructions", 0, "Ir/pres", ">=0.95", 0);
        FIGR("verify.claims_1", 0, "us", NULL, 0);
        FIGR("verify.claims_4", 0, "us", NULL, 0);
        FIGR("verify.claims_all", 0, "us", NULL, 0);
        FIG("verify.threads_1", 0, "pres/s", NULL);
        FIGR("verify.threads_2", 0, "pres/s", NULL, 0);
        return;
    }
    bare_sig bs;
    bare_sig_init(&bs, 400);
    /* Interleaved rounds, the median ratio: a shared machine's speed drifts. */
    enum { ROUNDS = 9, PER = 200 };
    double ratios[ROUNDS], rates[ROUNDS], bares[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        pset s = pset_make(f, claims_std, 4, PER);
        double tb = bare_verify_seconds(&bs, 2 * PER);
        double tv = verify_seconds(f, &s);
        pset_free(&s);
        bares[r] = 2 * PER / tb;
        rates[r] = PER / tv;
        ratios[r] = rates[r] / (bares[r] / 2);
    }
    double ratio = median(ratios, ROUNDS), rate = median(rates, ROUNDS);
    FIG("verify.ed25519_bare", median(bares, ROUNDS), "verifies/s", NULL);
    FIGR("verify.rate", rate, "pres/s", ">=0.85", ratio);

    double ir = 0, ir_ratio = 0;
    char why[128];
    if (callgrind_ratio(self, &ir, &ir_ratio, why, sizeof why) == 0)
        FIGR("verify.instructions", ir, "Ir/pres", ">=0.95", ir_ratio);
    else
        not_measured("verify.instructions", "Ir/pres", ">=0.95", "%s", why);

    /* by claims disclosed: time per verification, ratio to the bare pair */
    static const uint32_t one[] = {3}, all[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const struct {
        const char *name;
        const uint32_t *c;
        size_t n;
    } by[] = {{"verify.claims_1", one, 1}, {"verify.claims_4", claims_std, 4}, {"verify.claims_all", all, 11}};
    for (size_t k = 0; k < 3; k++) {
        double t[5], tb[5];
        for (int r = 0; r < 5; r++) {
            pset s = pset_make(f, by[k].c, by[k].n, 100);
            tb[r] = bare_verify_seconds(&bs, 200) / 100;
            t[r] = verify_seconds(f, &s) / 100;
            pset_free(&s);
        }
        double tv = median(t, 5), tbare = median(tb, 5);
        FIGR(by[k].name, tv * 1e6, "us", NULL, tv / tbare);
    }

    /* one and two threads, each its own verifier */
    pset sets[2] = {pset_make(f, claims_std, 4, 600), pset_make(f, claims_std, 4, 600)};
    double t1 = threads_rate(f, sets, 1);
    pset_free(&sets[0]);
    pset_free(&sets[1]);
    sets[0] = pset_make(f, claims_std, 4, 600);
    sets[1] = pset_make(f, claims_std, 4, 600);
    double t2 = threads_rate(f, sets, 2);
    pset_free(&sets[0]);
    pset_free(&sets[1]);
    FIG("verify.threads_1", t1, "pres/s", NULL);
    FIGR("verify.threads_2", t2, "pres/s", NULL, t2 / t1);
}

/* ---- bindings ----------------------------------------------------------------------------- */

/* Writes the world (root key, trust list, revocation lists) and `n`
 * presentations ("at text" per line) for a binding's bench program. */
static int write_world(fx *f, const char *dir, const pset *s)
{
    if (write_file(dir, "root.pk", f->root_pk, 32) != 0 || write_file(dir, "trust.bin", f->trust.data, f->trust.len))
        return -1;
    for (uint32_t t = 1; t < FX_DOCS; t++) {
        char name[32];
        snprintf(name, sizeof name, "status%u.bin", t);
        if (write_file(dir, name, f->status[t].data, f->status[t].len) != 0)
            return -1;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/presentations.txt", dir);
    FILE *fp = fopen(path, "w");
    if (fp == NULL)
        return -1;
    for (size_t i = 0; i < s->n; i++)
        fprintf(fp, "%lld %s\n", (long long)s->at[i], s->texts[i]);
    return fclose(fp);
}

/* Runs a binding's bench; it prints "verify_seconds X" (the verifying
 * thread's CPU time, as the C side here measures its own) and "noop_ns Y". */
static int run_binding(const char *cmd, double *verify_s, double *noop_ns, char *why, size_t why_n)
{
    FILE *p = popen(cmd, "r");
    char line[512];
    *verify_s = -1;
    *noop_ns = -1;
    while (p != NULL && fgets(line, sizeof line, p) != NULL) {
        sscanf(line, "verify_seconds %lf", verify_s);
        sscanf(line, "noop_ns %lf", noop_ns);
    }
    int rc = p != NULL ? pclose(p) : -1;
    if (rc != 0 || *verify_s <= 0 || *noop_ns < 0) {
        snprintf(why, why_n, "the bench program failed (exit %d): %.100s", rc, cmd);
        return -1;
    }
    return 0;
}

__attribute__((noinline)) static size_t noop_loop(size_t n)
{
    size_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += eid_status_count();
    return sum;
}

static void bindings(fx *f, const char *java_cmd, const char *swift_cmd)
{
    if (listing) {
        FIGR("binding.java_verify", 0, "pres/s", ">=0.9", 0);
        FIG("binding.java_noop", 0, "ns", NULL);
        FIGR("binding.swift_verify", 0, "pres/s", ">=0.9", 0);
        FIG("binding.swift_noop", 0, "ns", NULL);
        FIG("binding.c_noop", 0, "ns", NULL);
        return;
    }
    enum { N = 1600 };
    const char *names[2] = {"java", "swift"};
    const char *cmds[2] = {java_cmd, swift_cmd};
    for (int k = 0; k < 2; k++) {
        char vname[48], nname[48];
        snprintf(vname, sizeof vname, "binding.%s_verify", names[k]);
        snprintf(nname, sizeof nname, "binding.%s_noop", names[k]);
        if (cmds[k] == NULL || cmds[k][0] == 0) {
            not_measured(vname, "pres/s", ">=0.9", "no %s bench program given (scripts/bench builds it)", names[k]);
            not_measured(nname, "ns", "-", "no %s bench program given", names[k]);
            continue;
        }
        char dir[] = "/tmp/eid-bench-bind-XXXXXX";
        if (mkdtemp(dir) == NULL)
            die("mkdtemp");
        pset s = pset_make(f, claims_std, 4, N);
        if (write_world(f, dir, &s) != 0)
            die("writing the bindings' world");
        /* The C call on the same presentations and the binding program take
         * turns, ROUNDS times: two C runs, the binding program (it warms up,
         * then takes its best of four), two C runs. Each side's best of twelve:
         * this shared machine has slow spells of seconds, and both sides then
         * sample the same spells. */
        enum { ROUNDS = 3 };
        char cmd[8800], why[200];
        snprintf(cmd, sizeof cmd, "%s '%s'", cmds[k], dir);
        double c = 1e300, vs = 1e300, ns = 1e300;
        int rc = 0;
        for (int r = 0; r < ROUNDS && rc == 0; r++) {
            double t[4], v = 0, n = 0;
            t[0] = verify_time(f, &s, cpu_seconds);
            t[1] = verify_time(f, &s, cpu_seconds);
            rc = run_binding(cmd, &v, &n, why, sizeof why);
            t[2] = verify_time(f, &s, cpu_seconds);
            t[3] = verify_time(f, &s, cpu_seconds);
            for (int i = 0; i < 4; i++)
                c = t[i] < c ? t[i] : c;
            if (rc == 0) {
                vs = v < vs ? v : vs;
                ns = n < ns ? n : ns;
            }
            if (getenv("EID_BENCH_DEBUG") != NULL)
                fprintf(stderr, "%s round %d: C %.4f %.4f s, binding %.4f s, C %.4f %.4f s\n", names[k], r, t[0], t[1],
                        v, t[2], t[3]);
        }
        pset_free(&s);
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) { /* a scratch directory left behind */
        }
        if (rc != 0) {
            not_measured(vname, "pres/s", ">=0.9", "%s", why);
            not_measured(nname, "ns", "-", "%s", why);
            continue;
        }
        c /= N; /* the C call's best run, per presentation */
        FIGR(vname, N / vs, "pres/s", ">=0.9", (N / vs) / (1 / c));
        FIG(nname, ns, "ns", NULL);
    }
    size_t n = 10000000;
    double t0 = seconds();
    volatile size_t sink = noop_loop(n);
    (void)sink;
    FIG("binding.c_noop", (seconds() - t0) / (double)n * 1e9, "ns", NULL);
}

/* ---- wallet, audit log, unlock ---------------------------------------------------------- */

static int64_t bench_wallet_now;
static int64_t bench_wallet_clock(void *ctx)
{
    (void)ctx;
    return bench_wallet_now;
}

static const uint8_t challenge[] = "bench-challenge";

/* libqrencode alone: the single alphanumeric segment eid_qr_new() builds. */
static int bare_qr(const char *text)
{
    QRinput *input = QRinput_new2(0, QR_ECLEVEL_M);
    if (input == NULL || QRinput_append(input, QR_MODE_AN, (int)strlen(text), (const unsigned char *)text) != 0)
        return -1;
    QRcode *code = QRcode_encodeInput(input);
    QRinput_free(input);
    if (code == NULL)
        return -1;
    QRcode_free(code);
    return 0;
}

static void wallet(fx *f)
{
    if (listing) {
        FIGR("wallet.present_qr", 0, "us", NULL, 0);
        FIGR("storage.audit_append_1000", 0, "ms", NULL, 0);
        FIGR("storage.audit_append_10000", 0, "ms", NULL, 0);
        FIGR("storage.audit_list_1000", 0, "us/entry", NULL, 0);
        FIGR("storage.audit_list_10000", 0, "us/entry", NULL, 0);
        return;
    }
    bench_wallet_now = f->now;
    tv_env env;
    tv_env_init(&env, "eid-bench-wallet");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *vault = NULL;
    eid_wallet *w = NULL;
    eid_wallet_options wo;
    eid_wallet_options_default(&wo, EID_WALLET_OPTIONS_VERSION);
    wo.clock = bench_wallet_clock;
    if (eid_vault_create(env.vault_dir, PASS_A, &env.ks, &o, &vault) != EID_OK ||
        eid_wallet_new(vault, &wo, &w) != EID_OK)
        die("wallet");
    eid_bytes req = {0};
    uint8_t holder[32];
    uint32_t prot;
    eid_wallet_activation_request(w, challenge, sizeof challenge, &req);
    if (eid_activation_check(req.data, req.len, challenge, sizeof challenge, holder, &prot) != EID_OK)
        die("activation request");
    eid_bytes_free(&req);
    eid_claim c[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_IDENTITY, c);
    eid_credential_params p = fx_params(f, EID_DOC_IDENTITY, 1);
    p.holder_key = holder;
    eid_bytes id = {0};
    if (eid_issue_credential(f->issuer[1], &p, c, n, &id) != EID_OK || eid_wallet_activate(w, f->verifier, id.data,
                                                                                            id.len) != EID_OK)
        die("activation");
    eid_bytes_free(&id);

    /* present to QR matrix against a bare signature + a bare QR of the same text */
    uint8_t *sk = cry_secure_alloc(64);
    uint8_t pk[32], sig[64], msg[400];
    cry_sign_keypair(pk, sk);
    cry_random(msg, sizeof msg);
    enum { ROUNDS = 7, PER = 30 };
    double ratios[ROUNDS], times[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        char *last = NULL;
        double t0 = seconds();
        for (int i = 0; i < PER; i++) {
            eid_bytes pr = {0};
            char *text = NULL;
            eid_qr *qr = NULL;
            if (eid_wallet_present(w, EID_DOC_IDENTITY, claims_std, 4, NULL, 0, NULL, &pr, NULL) != EID_OK ||
                eid_presentation_text(pr.data, pr.len, &text) != EID_OK || eid_qr_new(text, EID_QR_ECC_M, &qr))
                die("wallet presentation");
            eid_qr_free(qr);
            eid_bytes_free(&pr);
            eid_text_free(last);
            last = text;
        }
        double tw = (seconds() - t0) / PER;
        t0 = seconds();
        for (int i = 0; i < PER; i++)
            if (cry_sign_detached(sig, CRY_CTX_PRESENTATION, msg, sizeof msg, sk) != EID_OK || bare_qr(last) != 0)
                die("bare sign + QR");
        double tb = (seconds() - t0) / PER;
        eid_text_free(last);
        times[r] = tw;
        ratios[r] = tw / tb;
        eid_wallet_audit_clear(w);
    }
    cry_secure_free(sk);
    FIGR("wallet.present_qr", median(times, ROUNDS) * 1e6, "us", NULL, median(ratios, ROUNDS));

    /* the audit log at 10, 1 000 and 10 000 entries: appending one (durable)
     * and listing, per entry, as growth ratios to 10 entries */
    static const int sizes[] = {10, 1000, 10000};
    double append[3], list[3];
    int have = 0;
    for (int k = 0; k < 3; k++) {
        if (vault_begin(vault) != EID_OK)
            die("vault_begin");
        for (; have < sizes[k]; have++)
            if (wallet_audit_append(w, f->now, EID_DOC_IDENTITY, 0xF, "vn.csgt.checkpoint") != EID_OK)
                die("audit append");
        if (vault_commit(vault) != EID_OK)
            die("vault_commit");
        double a[5];
        for (int i = 0; i < 5; i++) {
            double t0 = seconds();
            if (wallet_audit_append(w, f->now, EID_DOC_IDENTITY, 0xF, "vn.csgt.checkpoint") != EID_OK)
                die("audit append");
            a[i] = seconds() - t0;
            have++;
        }
        append[k] = median(a, 5);
        double t0 = seconds();
        int reps = k == 2 ? 3 : 10;
        for (int i = 0; i < reps; i++) {
            eid_audit *log = NULL;
            if (eid_wallet_audit(w, &log) != EID_OK)
                die("audit listing");
            eid_audit_free(log);
        }
        list[k] = (seconds() - t0) / reps / have;
    }
    FIGR("storage.audit_append_1000", append[1] * 1e3, "ms", NULL, append[1] / append[0]);
    FIGR("storage.audit_append_10000", append[2] * 1e3, "ms", NULL, append[2] / append[0]);
    FIGR("storage.audit_list_1000", list[1] * 1e6, "us/entry", NULL, list[1] / list[0]);
    FIGR("storage.audit_list_10000", list[2] * 1e6, "us/entry", NULL, list[2] / list[0]);
    eid_wallet_free(w);
    eid_vault_close(vault);
    tv_env_free(&env);
}

#define RECORD_BYTES 1024 /* about one credential with its disclosures */

/* Documents (1 KiB vault records) at 10, 1 000 and 10 000: one durable write
 * and one read, and bytes on disk per record, as growth ratios to 10. */
static void documents(void)
{
    if (listing) {
        FIGR("storage.doc_write_1000", 0, "ms", NULL, 0);
        FIGR("storage.doc_write_10000", 0, "ms", NULL, 0);
        FIGR("storage.doc_read_1000", 0, "us", NULL, 0);
        FIGR("storage.doc_read_10000", 0, "us", NULL, 0);
        FIG("storage.doc_disk_10000", 0, "B/doc", NULL);
        return;
    }
    tv_env env;
    tv_env_init(&env, "eid-bench-docs");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = NULL;
    if (eid_vault_create(env.vault_dir, PASS_A, &env.ks, &o, &v) != EID_OK)
        die("vault");
    static const int sizes[] = {10, 1000, 10000};
    double wr[3], rd[3];
    uint8_t value[RECORD_BYTES], rid[16];
    int have = 0;
    for (int k = 0; k < 3; k++) {
        if (vault_begin(v) != EID_OK)
            die("vault_begin");
        for (; have < sizes[k]; have++) {
            memset(value, have & 0xFF, sizeof value);
            snprintf((char *)rid, sizeof rid, "%07d", have);
            if (vault_put(v, VAULT_KIND_USER_MIN, rid, 7, have, value, sizeof value) != EID_OK)
                die("vault_put");
        }
        if (vault_commit(v) != EID_OK)
            die("vault_commit");
        double w[5];
        for (int i = 0; i < 5; i++) {
            snprintf((char *)rid, sizeof rid, "%07d", have);
            double t0 = seconds();
            if (vault_put(v, VAULT_KIND_USER_MIN, rid, 7, have, value, sizeof value) != EID_OK)
                die("vault_put");
            w[i] = seconds() - t0;
            have++;
        }
        wr[k] = median(w, 5);
        double t0 = seconds();
        for (int i = 0; i < 1000; i++) {
            eid_bytes b = {0};
            snprintf((char *)rid, sizeof rid, "%07d", (int)cry_random_uniform((uint32_t)have));
            if (vault_get(v, VAULT_KIND_USER_MIN, rid, 7, &b, NULL) != EID_OK)
                die("vault_get");
            eid_bytes_free(&b);
        }
        rd[k] = (seconds() - t0) / 1000;
    }
    vault_checkpoint_truncate(v);
    char path[4200];
    snprintf(path, sizeof path, "%s/vault.db", env.vault_dir);
    long disk = file_bytes(path);
    FIGR("storage.doc_write_1000", wr[1] * 1e3, "ms", NULL, wr[1] / wr[0]);
    FIGR("storage.doc_write_10000", wr[2] * 1e3, "ms", NULL, wr[2] / wr[0]);
    FIGR("storage.doc_read_1000", rd[1] * 1e6, "us", NULL, rd[1] / rd[0]);
    FIGR("storage.doc_read_10000", rd[2] * 1e6, "us", NULL, rd[2] / rd[0]);
    FIG("storage.doc_disk_10000", (double)disk / have, "B/doc", NULL);
    eid_vault_close(v);
    tv_env_free(&env);
}

/* Unlock with the vault's default Argon2id against the bare Argon2id with the
 * same parameters, and against that plus one keystore operation (the PRF). */
static void unlock(void)
{
    if (listing) {
        FIGR("unlock.time", 0, "ms", "<=1.10", 0);
        FIGR("unlock.vs_argon2_keystore", 0, "ms", "<=1.10", 0);
        FIG("memory.unlock_peak", 0, "KiB", NULL);
        FIG("memory.unlock_remainder", 0, "KiB", NULL);
        return;
    }
    tv_env env;
    tv_env_init(&env, "eid-bench-unlock");
    eid_vault_options o;
    eid_vault_options_default(&o, EID_VAULT_OPTIONS_VERSION);
    eid_vault *v = NULL;
    if (eid_vault_create(env.vault_dir, PASS_A, &env.ks, &o, &v) != EID_OK)
        die("vault");
    uint8_t pk[32];
    vault_holder_key_new(v, pk);
    enum { RUNS = 5 };
    double tu[RUNS], ta[RUNS], tk[RUNS];
    uint8_t salt[CRY_PWHASH_SALT_BYTES] = {1}, out[32], in[32] = {2};
    for (int i = 0; i < RUNS; i++) {
        eid_vault_lock(v);
        double t0 = seconds();
        if (eid_vault_unlock(v, PASS_A) != EID_OK)
            die("unlock");
        tu[i] = seconds() - t0;
        t0 = seconds();
        if (cry_argon2id(out, sizeof out, PASS_A, strlen(PASS_A), salt, o.argon2_ops, (size_t)o.argon2_mem_bytes))
            die("argon2id");
        ta[i] = seconds() - t0;
        t0 = seconds();
        if (env.ks.prf(env.ks.ctx, "eid-bench", in, out) != EID_OK)
            die("keystore");
        tk[i] = seconds() - t0;
    }
    double u = median(tu, RUNS), a = median(ta, RUNS), k = median(tk, RUNS);
    FIGR("unlock.time", u * 1e3, "ms", "<=1.10", u / a);
    FIGR("unlock.vs_argon2_keystore", (a + k) * 1e3, "ms", "<=1.10", u / (a + k));

    /* the memory of one unlock: its peak over the resident set before it;
     * the remainder (peak - Argon2id's memory) is within about 100 KiB of
     * zero either way: pages the process already held are reused */
    eid_vault_lock(v);
    long before = proc_kib("VmRSS:");
    if (!clear_peak()) {
        not_measured("memory.unlock_peak", "KiB", "-", "cannot reset VmHWM (/proc/self/clear_refs)");
        not_measured("memory.unlock_remainder", "KiB", "-", "cannot reset VmHWM");
    } else {
        if (eid_vault_unlock(v, PASS_A) != EID_OK)
            die("unlock");
        long peak = proc_kib("VmHWM:") - before;
        FIG("memory.unlock_peak", (double)peak, "KiB", NULL);
        FIG("memory.unlock_remainder", (double)(peak - (long)(o.argon2_mem_bytes / 1024)), "KiB", NULL);
    }
    eid_vault_close(v);
    tv_env_free(&env);
}

/* ---- memory over many verifications ----------------------------------------------------- */

static void memory(fx *f, int quick)
{
    if (listing) {
        FIG("memory.verify_10000", 0, "KiB", NULL);
        FIGR("memory.verify_100000", 0, "KiB", "<=1.05", 0);
        return;
    }
    if (!clear_peak()) {
        not_measured("memory.verify_10000", "KiB", "-", "cannot reset VmHWM (/proc/self/clear_refs)");
        not_measured("memory.verify_100000", "KiB", "<=1.05", "cannot reset VmHWM");
        return;
    }
    eid_replay_store *st = NULL;
    eid_verifier *v = own_verifier(f, &st);
    enum { BATCH = 500 };
    size_t total = quick ? 20000 : 100000, done = 0;
    long at10k = 0; /* the process's peak resident set (VmHWM) after a tenth of the run */
    while (done < total) {
        pset s = pset_make(f, claims_std, 4, BATCH);
        verify_loop(v, &s);
        pset_free(&s);
        done += BATCH;
        if (done == total / 10)
            at10k = proc_kib("VmHWM:");
    }
    long peak = proc_kib("VmHWM:");
    char name[48];
    snprintf(name, sizeof name, "memory.verify_%zu", total / 10);
    FIG(quick ? name : "memory.verify_10000", (double)at10k, "KiB", NULL);
    snprintf(name, sizeof name, "memory.verify_%zu", total);
    FIGR(quick ? name : "memory.verify_100000", (double)peak, "KiB", "<=1.05",
         at10k > 0 ? (double)peak / (double)at10k : 1);
    eid_verifier_free(v);
    eid_replay_store_free(st);
}

/* ---- QR and status lists ---------------------------------------------------------------- */

static void qr(fx *f)
{
    static const uint32_t typical[5][6] = {{0}, {0, 1, 2, 3}, {0, 1, 3, 4}, {0, 1, 3, 4, 7}, {0, 1, 3, 4, 5}};
    static const size_t n_typical[5] = {0, 4, 4, 5, 5};
    for (uint32_t t = 1; t < FX_DOCS; t++) {
        char name[3][64];
        const char *doc = eid_doc_type_name(t);
        snprintf(name[0], sizeof name[0], "qr.%s.bytes", doc);
        snprintf(name[1], sizeof name[1], "qr.%s.chars", doc);
        snprintf(name[2], sizeof name[2], "qr.%s.version_m", doc);
        if (listing) {
            FIG(name[0], 0, "bytes", NULL);
            FIG(name[1], 0, "chars", NULL);
            FIG(name[2], 0, "version", NULL);
            if (t == EID_DOC_IDENTITY)
                FIGR("qr.encode_identity", 0, "us", NULL, 0);
            continue;
        }
        eid_bytes b = fx_issue(f, t, 3002), p = {0};
        char *text = NULL;
        eid_qr *q = NULL;
        if (eid_present(b.data, b.len, f->holder, typical[t], n_typical[t], NULL, 0, f->now, &p) != EID_OK ||
            eid_presentation_text(p.data, p.len, &text) != EID_OK || eid_qr_new(text, EID_QR_ECC_M, &q) != EID_OK)
            die("typical presentation");
        FIG(name[0], (double)p.len, "bytes", NULL);
        FIG(name[1], (double)strlen(text), "chars", NULL);
        FIG(name[2], eid_qr_version(q), "version", NULL);
        if (t == EID_DOC_IDENTITY) { /* eid_qr_new against libqrencode alone, interleaved */
            double ours = 0, bare = 0;
            for (int r = 0; r < 300; r++) {
                eid_qr *q2 = NULL;
                double t0 = seconds();
                if (eid_qr_new(text, EID_QR_ECC_M, &q2) != EID_OK)
                    die("eid_qr_new");
                eid_qr_free(q2);
                double t1 = seconds();
                if (bare_qr(text) != 0)
                    die("libqrencode");
                ours += t1 - t0;
                bare += seconds() - t1;
            }
            FIGR("qr.encode_identity", ours / 300 * 1e6, "us", NULL, ours / bare);
        }
        eid_qr_free(q);
        eid_text_free(text);
        eid_bytes_free(&p);
        eid_bytes_free(&b);
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* 10^8 holders at 1 % revoked over lists of at most 2^24 entries: one entry
 * per holder, or batches of 16 (every member of a revoked holder's batch
 * revoked); bytes in all, and load + verify of every list next to a bare read. */
static void status_lists(fx *f)
{
    for (int batch = 0; batch < 2; batch++) {
        const char *names[2][2] = {{"status.bytes_1e8", "status.load_1e8"},
                                   {"status.bytes_1e8_batch16", "status.load_1e8_batch16"}};
        /* the 1.5 MB target is for one entry per holder; batches have 16 */
        const char *bound = batch ? NULL : "<=1500000";
        if (listing) {
            FIG(names[batch][0], 0, "bytes", bound);
            FIGR(names[batch][1], 0, "ms", NULL, 0);
            continue;
        }
        const uint64_t holders = 100000000, members = batch ? 16 : 1, live = holders * members;
        const uint32_t list_max = EID_REVOCATION_LIST_MAX_SIZE;
        const uint32_t lists = (uint32_t)((live + list_max - 1) / list_max);
        const uint64_t revoked = holders / 100 * members;
        uint32_t **idx = calloc(lists, sizeof *idx);
        size_t *n = calloc(lists, sizeof *n), cap = (size_t)(revoked / lists * 5 / 4 + 4096);
        for (uint32_t l = 0; l < lists; l++)
            if ((idx[l] = malloc(cap * sizeof **idx)) == NULL)
                die("out of memory");
        for (uint64_t d = 0; d < revoked / members; d++) {
            uint64_t first = (uint64_t)cry_random_uniform((uint32_t)holders) * members;
            for (uint64_t m = 0; m < members; m++) {
                uint32_t l = (uint32_t)((first + m) / list_max);
                if (n[l] < cap)
                    idx[l][n[l]++] = (uint32_t)((first + m) % list_max);
            }
        }
        trust_set t;
        if (trust_load(f->trust.data, f->trust.len, (const uint8_t(*)[32])f->root_pk, 1, 1, 0, &t) != EID_OK)
            die("trust_load");
        size_t total = 0;
        double load = 0, bare = 0;
        uint64_t sink = 0;
        for (uint32_t l = 0; l < lists; l++) {
            qsort(idx[l], n[l], sizeof **idx, cmp_u32);
            uint64_t left = live - (uint64_t)l * list_max;
            eid_revocation_list_params p = {.issuer_id = "vn.bocongan", .list_id = 1 + l,
                                            .doc_type = EID_DOC_IDENTITY, .sequence = 9,
                                            .issued_at = f->now - 60, .next_update = f->now + 86400,
                                            .size = (uint32_t)(left < list_max ? left : list_max)};
            eid_bytes list = {0};
            if (eid_revocation_list_sign(f->issuer[EID_DOC_IDENTITY], &p, idx[l], n[l], &list) != EID_OK)
                die("revocation list");
            double t0 = seconds();
            for (size_t i = 0; i < list.len; i++)
                sink += list.data[i];
            bare += seconds() - t0;
            t0 = seconds();
            revlist s;
            if (revlist_load(list.data, list.len, &t, 30, 0, &s) != EID_OK)
                die("revlist_load");
            load += seconds() - t0;
            revlist_free(&s);
            total += list.len;
            eid_bytes_free(&list);
            free(idx[l]);
        }
        trust_free(&t);
        free(idx);
        free(n);
        FIG(names[batch][0], (double)total, "bytes", bound);
        FIGR(names[batch][1], load * 1e3, "ms", NULL, load / (bare > 0 ? bare : 1e-9));
        if (sink == 1) /* keeps the bare read */
            fputc(' ', stderr);
    }
}

/* ---- fleet -------------------------------------------------------------------------------- */

/* Round trips the server has run (EVALSHA and EVAL calls, INFO commandstats). */
static long long round_trips(const char *sock)
{
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "redis-cli -s '%s' info commandstats 2>/dev/null", sock);
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

/* The Redis store against the in-memory one, one process, N presentations
 * by N / 8 holders verified at one time (as bench_fleet measured it). */
static void fleet(fx *f)
{
    const char *names[3] = {"fleet.redis_rate", NULL, "fleet.round_trips"};
    if (listing) {
        FIGR(names[0], 0, "pres/s", NULL, 0);
        FIG(names[2], 0, "rt/pres", NULL);
        return;
    }
    if (!eid_fleet_available()) {
        not_measured(names[0], "pres/s", "-", "built without the fleet store (EID_BUILD_FLEET)");
        not_measured(names[2], "rt/pres", "-", "built without the fleet store");
        return;
    }
    char dir[] = "/tmp/eid-bench-redis-XXXXXX";
    if (mkdtemp(dir) == NULL)
        die("mkdtemp");
    char sock[200], url[240];
    snprintf(sock, sizeof sock, "%s/redis.sock", dir);
    snprintf(url, sizeof url, "unix://%s", sock);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execlp("redis-server", "redis-server", "--port", "0", "--unixsocket", sock, "--save", "", "--appendonly",
               "no", "--dir", dir, (char *)NULL);
        _exit(127);
    }
    int up = 0;
    for (int i = 0; i < 100 && !up; i++) {
        struct stat st;
        up = stat(sock, &st) == 0;
        if (!up)
            usleep(20000);
    }
    int status = 0;
    if (!up || waitpid(pid, &status, WNOHANG) != 0) {
        not_measured(names[0], "pres/s", "-", "redis-server could not be started");
        not_measured(names[2], "rt/pres", "-", "redis-server could not be started");
        if (waitpid(pid, &status, WNOHANG) == 0) {
            kill(pid, SIGTERM);
            waitpid(pid, &status, 0);
        }
        rmdir(dir);
        return;
    }
    enum { N = 2000 };
    char **texts = calloc(N, sizeof *texts);
    eid_bytes bundle = {0};
    eid_key *holder = NULL;
    for (size_t i = 0; i < N; i++) {
        if (i % EID_REPLAY_PER_HOLDER == 0) {
            eid_bytes_free(&bundle);
            eid_key_free(holder);
            uint8_t hpk[32];
            if (eid_key_new(&holder) != EID_OK)
                die("key");
            eid_key_public(holder, hpk);
            eid_credential_params p = fx_params(f, EID_DOC_IDENTITY, (uint32_t)(i / EID_REPLAY_PER_HOLDER));
            p.holder_key = hpk;
            bundle = fx_issue_with(f, &p, f->issuer[EID_DOC_IDENTITY]);
        }
        eid_bytes pres = {0};
        if (eid_present(bundle.data, bundle.len, holder, claims_std, 4, NULL, 0, f->now, &pres) != EID_OK ||
            eid_presentation_text(pres.data, pres.len, &texts[i]) != EID_OK)
            die("fleet presentations");
        eid_bytes_free(&pres);
    }
    eid_bytes_free(&bundle);
    eid_key_free(holder);
    double t[2];
    long long c0 = 0, c1 = 0;
    for (int k = 0; k < 2; k++) {
        eid_replay_store *s = NULL;
        eid_fleet_options o = fs_options(url, "eid-bench:");
        o.command_timeout_ms = 2000;
        if (k == 0 ? eid_replay_store_new(0, &s) != EID_OK : eid_fleet_store_new(&o, &s) != EID_OK)
            die("fleet store");
        eid_verifier *v = fs_verifier(f, s);
        c0 = k ? round_trips(sock) : c0;
        double t0 = seconds();
        for (size_t i = 0; i < N; i++) {
            eid_result *r = NULL;
            eid_status st = eid_verifier_check_presentation(v, texts[i], f->now, &r);
            eid_result_free(r);
            if (st != EID_OK)
                die("fleet verification");
        }
        t[k] = seconds() - t0;
        c1 = k ? round_trips(sock) : c1;
        eid_verifier_free(v);
        eid_replay_store_free(s);
    }
    for (size_t i = 0; i < N; i++)
        eid_text_free(texts[i]);
    free(texts);
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) { /* a scratch directory left behind */
    }
    FIGR(names[0], N / t[1], "pres/s", NULL, t[0] / t[1]);
    FIG(names[2], (double)(c1 - c0) / N, "rt/pres", NULL);
}

/* ---- size --------------------------------------------------------------------------------- */

/* Bytes of `path` after strip (a copy). */
static long stripped_bytes(const char *strip, const char *path)
{
    char tmp[] = "/tmp/eid-bench-strip-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    close(fd);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "%s -o '%s' '%s' 2>/dev/null", strip, tmp, path);
    long n = system(cmd) == 0 ? file_bytes(tmp) : -1;
    unlink(tmp);
    return n;
}

static void sizes(const char *so, const char *so_arm64, const char *verifier, const char *baseline)
{
    if (listing) {
        FIG("size.libeid_so_x86_64", 0, "KB", NULL);
        FIG("size.libeid_so_aarch64", 0, "KB", NULL);
        FIG("size.static_in_verifier", 0, "KB", "<=400");
        return;
    }
    long a = so ? stripped_bytes("strip", so) : -1;
    if (a > 0)
        FIG("size.libeid_so_x86_64", a / 1000.0, "KB", NULL);
    else
        not_measured("size.libeid_so_x86_64", "KB", "-", "no libeid.so given (--so)");
    long b = so_arm64 ? stripped_bytes("aarch64-linux-gnu-strip", so_arm64) : -1;
    if (b > 0)
        FIG("size.libeid_so_aarch64", b / 1000.0, "KB", NULL);
    else
        not_measured("size.libeid_so_aarch64", "KB", "-", "no aarch64 libeid.so (--so-arm64: the arm64 preset)");
    long v = verifier ? stripped_bytes("strip", verifier) : -1, z = baseline ? stripped_bytes("strip", baseline) : -1;
    if (v > 0 && z > 0)
        FIG("size.static_in_verifier", (v - z) / 1000.0, "KB", "<=400");
    else
        not_measured("size.static_in_verifier", "KB", "<=400", "no verifier programs given (--size-programs)");
}

/* ---- main --------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    int json = 0, quick = 0;
    const char *java = NULL, *swift = NULL, *so = NULL, *so_arm64 = NULL, *verifier = NULL, *baseline = NULL;
    const char *machine = "unnamed machine";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--count-child") == 0)
            return eid_init() == EID_OK ? count_child() : 1;
        if (strcmp(a, "--json") == 0)
            json = 1;
        else if (strcmp(a, "--list") == 0)
            listing = 1;
        else if (strcmp(a, "--quick") == 0)
            quick = 1;
        else if (next != NULL && strcmp(a, "--java") == 0)
            java = argv[++i];
        else if (next != NULL && strcmp(a, "--swift") == 0)
            swift = argv[++i];
        else if (next != NULL && strcmp(a, "--so") == 0)
            so = argv[++i];
        else if (next != NULL && strcmp(a, "--so-arm64") == 0)
            so_arm64 = argv[++i];
        else if (next != NULL && i + 2 < argc && strcmp(a, "--size-programs") == 0) {
            verifier = argv[++i];
            baseline = argv[++i];
        } else if (next != NULL && strcmp(a, "--machine") == 0)
            machine = argv[++i];
        else {
            fprintf(stderr,
                    "usage: eid-bench [--json | --list] [--quick] [--java CMD] [--swift CMD] [--so LIB]\n"
                    "                 [--so-arm64 LIB] [--size-programs VERIFIER BASELINE] [--machine TEXT]\n");
            return 2;
        }
    }
    if (eid_init() != EID_OK)
        return 1;
    static fx f;
    if (!listing) {
        fx_init(&f);
        pool_init(&f);
    }
    verification(&f, argv[0]);
    bindings(&f, java, swift);
    wallet(&f);
    documents();
    unlock();
    qr(&f);
    status_lists(&f);
    fleet(&f);
    memory(&f, quick);
    sizes(so, so_arm64, verifier, baseline);
    if (!listing) {
        pool_free();
        fx_free(&f);
    }
    if (listing)
        for (size_t i = 0; i < n_figs; i++)
            printf("%s\n", figs[i].name);
    else if (json)
        print_json(machine);
    else
        print_text();
    return 0;
}
