/* SPDX-License-Identifier: Apache-2.0 */
/* A wallet's whole life walked under faults, for test_alloc_flow (out of
 * memory) and test_io_flow (a failing or full disk): create, unlock,
 * activation request, activate, issuance request, import, refill request,
 * batch import, present, verify, refresh, audit. Each step is walked on its
 * own from the state the steps before it left: its N-th operation of the
 * fault's kind fails, for N = 1, 2, 3, ... until the step needs fewer than N.
 * At every N:
 *   - the step returns the fault's status or succeeds, nothing else (never
 *     CORRUPT, WRONG_PASSCODE, FORMAT, BAD_SIGNATURE, ...);
 *   - a failed step changed nothing: its own handles still read exactly the
 *     records they read before (compared record by record), and the vault
 *     opens again with the passcode, its failed-attempt count at 0, holding
 *     them too (a fault that leaves the change in doubt, a failed sync, may
 *     instead leave the whole change and nothing less);
 *   - with `retry`, the next call works: alternately the same handles at once
 *     and the handles of a reopened vault, after which the vault passes its
 *     integrity check and holds what the step makes when nothing fails;
 *   - nothing leaks (the asan preset runs these suites under LeakSanitizer).
 * The number of failure points walked per step is printed. */
#ifndef EID_TEST_FLOW_WALK_H
#define EID_TEST_FLOW_WALK_H
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_batch_support.h"

static const uint32_t fw_claims[] = {0, 1}; /* personal_id, full_name */

#define FW_WALK_MAX 50000

/* Under an emulator or valgrind the walk takes every 7th point. */
static unsigned long fw_stride(void) { return getenv("EID_TEST_EMULATED") ? 7 : 1; }

typedef struct fw_fault {
    const char *name;             /* "allocation", "read", ... as printed */
    eid_status status;            /* what a step that meets the fault returns */
    eid_status keystore;          /* or this, when the fault hit the (software) keystore's files */
    void (*arm)(unsigned long n); /* the n-th operation fails; 0 disarms */
    int (*tripped)(void);         /* whether it failed since arm() */
    int in_doubt;                 /* a failure may still have made the whole change */
    int retry;                    /* check that the next call works at every point */
} fw_fault;

/* ---- what a vault holds ----------------------------------------------------- */

typedef struct fw_digest {
    uint64_t h;
    uint64_t records;
} fw_digest;

static void fw_mix(fw_digest *d, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        d->h ^= b[i];
        d->h *= 1099511628211ull;
    }
}

static eid_status fw_visit(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *value,
                           size_t value_len)
{
    fw_digest *d = ctx;
    fw_mix(d, &id_len, sizeof id_len);
    fw_mix(d, id, id_len);
    fw_mix(d, &ord, sizeof ord);
    fw_mix(d, &value_len, sizeof value_len);
    fw_mix(d, value, value_len);
    d->records++;
    return EID_OK;
}

/* Every record of every kind the vault and the wallet use, in order; with
 * `check`, the database's integrity check too. */
static fw_digest fw_vault_digest(eid_vault *v, int check)
{
    fw_digest d = {14695981039346656037ull, 0};
    for (uint32_t kind = 0; kind < VAULT_KIND_USER_MIN + 16; kind++) {
        fw_mix(&d, &kind, sizeof kind);
        assert_status(EID_OK, vault_list(v, kind, fw_visit, &d));
    }
    if (check)
        assert_status(EID_OK, vault_integrity_check(v));
    return d;
}

static int fw_same(fw_digest a, fw_digest b) { return a.h == b.h && a.records == b.records; }

/* ---- the files of a state ----------------------------------------------------- */

static void fw_copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY);
    assert_true(in >= 0);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(out >= 0);
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        assert_int_equal(write(out, buf, (size_t)n), n);
    assert_int_equal(n, 0);
    close(in);
    close(out);
}

/* Empties `to` and copies every file of `from` into it. */
static void fw_copy_dir(const char *from, const char *to)
{
    DIR *d = opendir(to);
    assert_non_null(d);
    struct dirent *e;
    char a[8192], b[8192];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(b, sizeof b, "%s/%s", to, e->d_name);
        assert_int_equal(unlink(b), 0);
    }
    closedir(d);
    d = opendir(from);
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(a, sizeof a, "%s/%s", from, e->d_name);
        snprintf(b, sizeof b, "%s/%s", to, e->d_name);
        fw_copy_file(a, b);
    }
    closedir(d);
}

typedef struct fw_snapshot {
    char vault[4200], ks[4200];
} fw_snapshot;

static void fw_close_handles(tb_world *w)
{
    eid_wallet_free(w->wallet);
    w->wallet = NULL;
    eid_vault_close(w->vault);
    w->vault = NULL;
}

static void fw_open_handles(tb_world *w)
{
    eid_vault_options o;
    tv_fast_options(&o);
    assert_status(EID_OK, eid_vault_open(w->env.vault_dir, &w->env.ks, &o, &w->vault));
    uint32_t failed = 9;
    assert_status(EID_OK, eid_vault_failed_attempts(w->vault, &failed));
    assert_int_equal(failed, 0);
    assert_status(EID_OK, eid_vault_unlock(w->vault, PASS_A));
    tb_wallet_reopen(w);
}

static void fw_take_snapshot(tb_world *w, fw_snapshot *s)
{
    snprintf(s->vault, sizeof s->vault, "%s/snap-vault", w->env.root);
    snprintf(s->ks, sizeof s->ks, "%s/snap-ks", w->env.root);
    mkdir(s->vault, 0700);
    mkdir(s->ks, 0700);
    fw_close_handles(w);
    fw_copy_dir(w->env.vault_dir, s->vault);
    fw_copy_dir(w->env.ks_dir, s->ks);
    fw_open_handles(w);
}

static void fw_restore_snapshot(tb_world *w, const fw_snapshot *s)
{
    fw_close_handles(w);
    fw_copy_dir(s->vault, w->env.vault_dir);
    fw_copy_dir(s->ks, w->env.ks_dir);
    fw_open_handles(w);
}

/* ---- the walk ------------------------------------------------------------------- */

typedef struct fw_step {
    const char *name;
    eid_status (*run)(tb_world *w, void *arg);          /* armed */
    void (*after)(tb_world *w, void *arg, eid_status st); /* not armed; frees outputs; may be NULL */
    int locked;                                         /* run starts from a locked vault */
    int writes;                                         /* the step changes the vault */
} fw_step;

/* One unarmed run of the step, which must succeed. */
static void fw_run_clean(tb_world *w, const fw_step *s, void *arg, const char *why, unsigned long n)
{
    if (s->locked)
        assert_status(EID_OK, eid_vault_lock(w->vault));
    eid_status st = s->run(w, arg);
    if (s->after)
        s->after(w, arg, st);
    if (st != EID_OK)
        fail_msg("%s, %s: %s returned %s", s->name, why, n ? "the next call" : "the step", eid_status_name(st));
}

/* Walks `s` under `ft` from the current state; leaves the state the step's
 * success makes. Returns the number of failure points walked. */
static unsigned long fw_walk(tb_world *w, const fw_fault *ft, const fw_step *s, void *arg)
{
    fw_snapshot snap;
    fw_take_snapshot(w, &snap);
    fw_digest before = fw_vault_digest(w->vault, 1);
    /* what the step makes when nothing fails */
    fw_run_clean(w, s, arg, "without a fault", 0);
    fw_close_handles(w);
    fw_open_handles(w);
    fw_digest made = fw_vault_digest(w->vault, 1);
    fw_restore_snapshot(w, &snap);

    unsigned long n = 1, points = 0, recovered = 0;
    for (; n < FW_WALK_MAX; n += fw_stride()) {
        if (s->locked)
            assert_status(EID_OK, eid_vault_lock(w->vault));
        ft->arm(n);
        eid_status st = s->run(w, arg);
        int tripped = ft->tripped();
        ft->arm(0);
        if (s->after)
            s->after(w, arg, st);
        if (st != EID_OK && st != ft->status && st != ft->keystore)
            fail_msg("%s, %s %lu failed: returned %s", s->name, ft->name, n, eid_status_name(st));
        if (!tripped) {
            assert_status(EID_OK, st);
            break;
        }
        points++;
        if (st == EID_OK) { /* the fault was met and overcome */
            recovered++;
            fw_restore_snapshot(w, &snap);
            continue;
        }
        /* the failed call changed nothing its own handles can see */
        if (!s->locked && !fw_same(fw_vault_digest(w->vault, 0), before))
            fail_msg("%s, %s %lu failed: the vault changed under its own handles", s->name, ft->name, n);
        if (ft->retry && n % 2 == 1) { /* the caller retries at once */
            fw_run_clean(w, s, arg, ft->name, n);
        } else { /* the app is closed and opened again */
            fw_close_handles(w);
            fw_open_handles(w);
            fw_digest now = fw_vault_digest(w->vault, 1);
            if (!fw_same(now, before) && !(ft->in_doubt && now.records == made.records))
                fail_msg("%s, %s %lu failed: the reopened vault changed (%llu records, %llu before)", s->name,
                         ft->name, n, (unsigned long long)now.records, (unsigned long long)before.records);
            if (!ft->retry)
                continue; /* the state is the one before: walk on */
            if (!fw_same(now, before)) { /* the change was made after all */
                fw_restore_snapshot(w, &snap);
                continue;
            }
            fw_run_clean(w, s, arg, ft->name, n);
        }
        /* after the retry: whole, readable, and what the step makes */
        fw_close_handles(w);
        fw_open_handles(w);
        fw_digest now = fw_vault_digest(w->vault, 1);
        if (now.records != made.records)
            fail_msg("%s, %s %lu failed: after the next call the vault holds %llu records, not %llu", s->name,
                     ft->name, n, (unsigned long long)now.records, (unsigned long long)made.records);
        fw_restore_snapshot(w, &snap);
    }
    assert_true(n < FW_WALK_MAX);
    if (s->locked && eid_vault_unlock(w->vault, PASS_A) != EID_ERR_STATE)
        fail_msg("%s: the vault is not unlocked after the step", s->name);
    print_message("%-6s %-18s %5lu failure points walked (%lu overcome)\n", ft->name, s->name, points, recovered);
    return points;
}

/* ---- the steps ------------------------------------------------------------------ */

typedef struct fw_flow {
    eid_bytes req, bundle, presentation;
    char *text;
    uint8_t key[32];
    uint32_t refill_type;
} fw_flow;

static eid_status fw_unlock(tb_world *w, void *arg)
{
    (void)arg;
    return eid_vault_unlock(w->vault, PASS_A);
}

static void fw_drop_req(tb_world *w, void *arg, eid_status st)
{
    (void)w;
    (void)st;
    eid_bytes_free(&((fw_flow *)arg)->req);
}

/* Keeps the request of the last call that succeeded: its keys are the ones the
 * vault holds at the end of the walk. */
static void fw_keep_req(tb_world *w, void *arg, eid_status st)
{
    (void)w;
    fw_flow *f = arg;
    if (st != EID_OK)
        return;
    eid_bytes_free(&f->bundle);
    f->bundle = f->req;
    f->req = (eid_bytes){0};
}

static eid_status fw_activation_request(tb_world *w, void *arg)
{
    fw_flow *f = arg;
    return eid_wallet_activation_request(w->wallet, tb_challenge, sizeof tb_challenge, &f->req);
}

static eid_status fw_activate(tb_world *w, void *arg)
{
    fw_flow *f = arg;
    return eid_wallet_activate(w->wallet, w->f.verifier, f->bundle.data, f->bundle.len);
}

static eid_status fw_issuance_request(tb_world *w, void *arg)
{
    fw_flow *f = arg;
    return eid_wallet_issuance_request(w->wallet, tb_challenge, sizeof tb_challenge, &f->req);
}

static eid_status fw_import(tb_world *w, void *arg)
{
    fw_flow *f = arg;
    return eid_wallet_import(w->wallet, w->f.verifier, f->bundle.data, f->bundle.len);
}

static eid_status fw_refill_request(tb_world *w, void *arg)
{
    fw_flow *f = arg;
    return eid_wallet_refill_request(w->wallet, f->refill_type, tb_challenge, sizeof tb_challenge, &f->req);
}

static eid_status fw_batch_import(tb_world *w, void *arg)
{
    fw_flow *f = arg;
    size_t n = 0;
    eid_status st = eid_wallet_batch_import(w->wallet, w->f.verifier, f->bundle.data, f->bundle.len, &n);
    if (st == EID_OK && n != w->wo.batch_size)
        st = EID_ERR_INTERNAL;
    return st;
}

static void fw_drop_presentation(tb_world *w, void *arg, eid_status st)
{
    (void)w;
    fw_flow *f = arg;
    if (st == EID_OK) { /* keep the last one made for the verify step */
        eid_text_free(f->text);
        f->text = tb_text(&f->presentation);
    }
    eid_bytes_free(&f->presentation);
}

static eid_status fw_present(tb_world *w, void *arg)
{
    fw_flow *f = arg;
    return eid_wallet_present(w->wallet, EID_DOC_IDENTITY, fw_claims, 2, NULL, 0, NULL, &f->presentation, NULL);
}

static eid_status fw_verify(tb_world *w, void *arg)
{
    fw_flow *f = arg;
    eid_replay_store *store = NULL;
    eid_status st = eid_replay_store_new(0, &store);
    eid_verifier *v = NULL;
    eid_result *r = NULL;
    eid_revocation_list_input lists[FX_DOCS - 1];
    for (uint32_t t = 1; t < FX_DOCS; t++)
        lists[t - 1] = (eid_revocation_list_input){w->f.status[t].data, w->f.status[t].len, 0};
    if (st == EID_OK)
        st = eid_verifier_new(w->f.root_pk, 1, &w->f.opt, w->f.trust.data, w->f.trust.len, lists, FX_DOCS - 1,
                              store, &v);
    if (st == EID_OK)
        st = eid_verifier_check_presentation(v, f->text, w->f.now, &r);
    if (st == EID_OK && eid_result_claim_count(r) != 2)
        st = EID_ERR_INTERNAL;
    eid_result_free(r);
    eid_verifier_free(v);
    eid_replay_store_free(store);
    return st;
}

/* The licence was revoked: the refresh marks it so. */
static eid_status fw_refresh(tb_world *w, void *arg)
{
    (void)arg;
    size_t revoked = 0;
    eid_status st = eid_wallet_refresh(w->wallet, w->f.verifier, &revoked);
    if (st == EID_OK && revoked == 0)
        st = EID_ERR_INTERNAL;
    return st;
}

static eid_status fw_audit(tb_world *w, void *arg)
{
    (void)arg;
    eid_audit *log = NULL;
    eid_status st = eid_wallet_audit(w->wallet, &log);
    if (st == EID_OK && eid_audit_count(log) == 0)
        st = EID_ERR_INTERNAL;
    eid_audit_free(log);
    return st;
}

/* Creating: after a failure the folder takes a vault again. */
static unsigned long fw_walk_create(tb_world *w, const fw_fault *ft)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/created", w->env.root);
    eid_vault_options o;
    tv_fast_options(&o);
    unsigned long n = 1, points = 0;
    for (; n < FW_WALK_MAX; n += fw_stride()) {
        assert_int_equal(mkdir(dir, 0700), 0);
        eid_vault *v = NULL;
        ft->arm(n);
        eid_status st = eid_vault_create(dir, PASS_A, &w->env.ks, &o, &v);
        int tripped = ft->tripped();
        ft->arm(0);
        if (st != EID_OK && st != ft->status && st != ft->keystore)
            fail_msg("create, %s %lu failed: returned %s", ft->name, n, eid_status_name(st));
        if (st != EID_OK) {
            assert_null(v);
            st = eid_vault_create(dir, PASS_A, &w->env.ks, &o, &v);
            if (st != EID_OK)
                fail_msg("create, %s %lu failed: the next create returned %s", ft->name, n, eid_status_name(st));
        }
        eid_vault_close(v);
        tu_remove_tree(dir);
        if (!tripped)
            break;
        points++;
    }
    assert_true(n < FW_WALK_MAX);
    print_message("%-6s %-18s %5lu failure points walked\n", ft->name, "create", points);
    return points;
}

/* Walks the whole flow under `ft` in a new world. points[] gets the points
 * walked per step, in the order of the steps (create first); returns the total. */
#define FW_STEPS 12
static unsigned long fw_walk_flow(const fw_fault *ft, unsigned long points[FW_STEPS])
{
    tb_world *w = tb_world_new(ft->name);
    /* two copies per refill walk every path of sixteen, an eighth as often */
    w->wo.batch_size = 2;
    tb_wallet_reopen(w);
    fw_flow f = {.refill_type = EID_DOC_DRIVING_LICENCE};
    size_t k = 0;
    points[k++] = fw_walk_create(w, ft);

    static const fw_step unlock = {"unlock", fw_unlock, NULL, 1, 1};
    points[k++] = fw_walk(w, ft, &unlock, &f);

    /* activation: the request, then the identity authority's bundle */
    static const fw_step activation_request = {"activation request", fw_activation_request, fw_drop_req, 0, 1};
    points[k++] = fw_walk(w, ft, &activation_request, &f);
    assert_status(EID_OK, fw_activation_request(w, &f));
    uint8_t holder[32];
    uint32_t protection = 9;
    assert_status(EID_OK, eid_activation_check(f.req.data, f.req.len, tb_challenge, sizeof tb_challenge, holder,
                                               &protection));
    eid_bytes_free(&f.req);
    eid_credential_params p = fx_params(&w->f, EID_DOC_IDENTITY, 1);
    p.holder_key = holder;
    assert_status(EID_OK, eid_revocation_allocator_reserve(w->alloc[EID_DOC_IDENTITY], 1, p.valid_until, 1));
    f.bundle = fx_issue_with(&w->f, &p, w->f.issuer[EID_DOC_IDENTITY]);
    static const fw_step activate = {"activate", fw_activate, NULL, 0, 1};
    points[k++] = fw_walk(w, ft, &activate, &f);
    eid_bytes_free(&f.bundle);

    /* a document issuer's import */
    static const fw_step issuance_request = {"issuance request", fw_issuance_request, fw_drop_req, 0, 1};
    points[k++] = fw_walk(w, ft, &issuance_request, &f);
    assert_status(EID_OK, fw_issuance_request(w, &f));
    char personal_id[13];
    assert_status(EID_OK, eid_verifier_check_issuance(w->f.verifier, f.req.data, f.req.len, tb_challenge,
                                                      sizeof tb_challenge, w->f.now, f.key, &protection,
                                                      personal_id));
    eid_bytes_free(&f.req);
    p = fx_params(&w->f, EID_DOC_DRIVING_LICENCE, 3);
    p.holder_key = f.key;
    assert_status(EID_OK, eid_revocation_allocator_reserve(w->alloc[EID_DOC_DRIVING_LICENCE], 3, p.valid_until,
                                                           EID_DOC_DRIVING_LICENCE));
    f.bundle = fx_issue_with(&w->f, &p, w->f.issuer[EID_DOC_DRIVING_LICENCE]);
    static const fw_step import = {"import", fw_import, NULL, 0, 1};
    points[k++] = fw_walk(w, ft, &import, &f);
    eid_bytes_free(&f.bundle);

    /* single-use copies of the licence: the request, then the issuer's batch */
    static const fw_step refill_request = {"refill request", fw_refill_request, fw_keep_req, 0, 1};
    points[k++] = fw_walk(w, ft, &refill_request, &f);
    eid_bytes batch = tb_issue_for(w, &f.bundle, EID_DOC_DRIVING_LICENCE, EID_DOC_DRIVING_LICENCE);
    eid_bytes_free(&f.bundle);
    f.bundle = batch;
    static const fw_step batch_import = {"batch import", fw_batch_import, NULL, 0, 1};
    points[k++] = fw_walk(w, ft, &batch_import, &f);
    eid_bytes_free(&f.bundle);

    /* presenting and verifying */
    static const fw_step present = {"present", fw_present, fw_drop_presentation, 0, 1};
    points[k++] = fw_walk(w, ft, &present, &f);
    assert_non_null(f.text);
    static const fw_step verify = {"verify", fw_verify, NULL, 0, 0};
    points[k++] = fw_walk(w, ft, &verify, &f);

    /* the licence's issuer revokes it and every copy; the wallet learns it */
    size_t n = 0;
    assert_status(EID_OK, eid_revocation_allocator_revoke(w->alloc[EID_DOC_DRIVING_LICENCE],
                                                          EID_DOC_DRIVING_LICENCE, &n));
    assert_int_equal(n, 1 + w->wo.batch_size);
    tb_publish(w, EID_DOC_DRIVING_LICENCE, 9);
    static const fw_step refresh = {"refresh", fw_refresh, NULL, 0, 1};
    points[k++] = fw_walk(w, ft, &refresh, &f);

    static const fw_step audit = {"audit", fw_audit, NULL, 0, 0};
    points[k++] = fw_walk(w, ft, &audit, &f);
    assert_int_equal(k, FW_STEPS);
    unsigned long total = 0;
    for (size_t i = 0; i < k; i++)
        total += points[i];
    print_message("%-6s %-18s %5lu failure points walked\n", ft->name, "whole flow", total);

    eid_text_free(f.text);
    tb_world_free(w);
    return total;
}

#endif
