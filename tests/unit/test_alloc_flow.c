/* SPDX-License-Identifier: Apache-2.0 */
/* Out of memory at every allocation of a wallet's whole life: create, unlock,
 * activation request, activate, issuance request, import, present, verify,
 * audit. Each step is walked on its own from the state the steps before it
 * left (refills are not walked yet: a refill request that runs out of memory
 * can still leave its new keys behind): the N-th allocation inside libeid
 * (SQLCipher's included: core/store gives SQLite libeid's allocator) fails,
 * for N = 1, 2, 3, ... until the step needs fewer than N. At every N:
 *   - the step returns EID_ERR_NO_MEMORY or succeeds, nothing else (never
 *     CORRUPT, WRONG_PASSCODE, FORMAT, BAD_SIGNATURE, ...);
 *   - after EID_ERR_NO_MEMORY the vault opens again with the passcode, its
 *     failed-attempt count untouched, holding exactly the records it held
 *     before the call (compared record by record), and the step then works;
 *   - nothing leaks (the asan preset runs this suite under LeakSanitizer).
 * The number of failure points walked per step is printed. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/alloc.h"
#include "test_batch_support.h"

static const uint32_t std2[] = {0, 1}; /* personal_id, full_name */

#define WALK_MAX 50000

static unsigned long walk_stride(void) { return getenv("EID_TEST_EMULATED") ? 7 : 1; }

/* Each step fails somewhere: more than 10 points walked, or 10 / stride under
 * an emulator, which walks every 7th. */
#define WALKED_ENOUGH(n) ((n) > 10 / walk_stride())

/* ---- what a vault holds ----------------------------------------------------- */

typedef struct digest {
    uint64_t h;
    uint64_t records;
} digest;

static void mix(digest *d, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        d->h ^= b[i];
        d->h *= 1099511628211ull;
    }
}

static eid_status visit(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *value,
                        size_t value_len)
{
    digest *d = ctx;
    mix(d, &id_len, sizeof id_len);
    mix(d, id, id_len);
    mix(d, &ord, sizeof ord);
    mix(d, &value_len, sizeof value_len);
    mix(d, value, value_len);
    d->records++;
    return EID_OK;
}

/* Every record of every kind the vault and the wallet use, in order. */
static digest vault_digest(eid_vault *v)
{
    digest d = {14695981039346656037ull, 0};
    for (uint32_t kind = 0; kind < VAULT_KIND_USER_MIN + 16; kind++) {
        mix(&d, &kind, sizeof kind);
        assert_status(EID_OK, vault_list(v, kind, visit, &d));
    }
    assert_status(EID_OK, vault_integrity_check(v));
    return d;
}

/* ---- the files of a state ----------------------------------------------------- */

static void copy_file(const char *from, const char *to)
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
static void copy_dir(const char *from, const char *to)
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
        copy_file(a, b);
    }
    closedir(d);
}

typedef struct snapshot {
    char vault[4200], ks[4200];
} snapshot;

static void close_handles(tb_world *w)
{
    eid_wallet_free(w->wallet);
    w->wallet = NULL;
    eid_vault_close(w->vault);
    w->vault = NULL;
}

static void open_handles(tb_world *w)
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

static void take_snapshot(tb_world *w, snapshot *s)
{
    snprintf(s->vault, sizeof s->vault, "%s/snap-vault", w->env.root);
    snprintf(s->ks, sizeof s->ks, "%s/snap-ks", w->env.root);
    mkdir(s->vault, 0700);
    mkdir(s->ks, 0700);
    close_handles(w);
    copy_dir(w->env.vault_dir, s->vault);
    copy_dir(w->env.ks_dir, s->ks);
    open_handles(w);
}

static void restore_snapshot(tb_world *w, const snapshot *s)
{
    close_handles(w);
    copy_dir(s->vault, w->env.vault_dir);
    copy_dir(s->ks, w->env.ks_dir);
    open_handles(w);
}

/* ---- the walk ------------------------------------------------------------------- */

typedef struct step {
    const char *name;
    void (*before)(tb_world *w, void *arg); /* not armed; may be NULL */
    eid_status (*run)(tb_world *w, void *arg); /* armed */
    void (*after)(tb_world *w, void *arg, eid_status st); /* not armed; frees outputs; may be NULL */
    int locked;                                /* run starts from a locked vault */
} step;

static unsigned long points_total;

/* Walks `s` from the current state; leaves the state the step's success
 * makes. Returns the number of failure points walked. */
static unsigned long walk(tb_world *w, const step *s, void *arg)
{
    snapshot snap;
    take_snapshot(w, &snap);
    digest before = vault_digest(w->vault);
    unsigned long n = 1, points = 0, recovered = 0;
    for (; n < WALK_MAX; n += walk_stride()) {
        if (s->locked)
            assert_status(EID_OK, eid_vault_lock(w->vault));
        if (s->before)
            s->before(w, arg);
        mem_hook_fail_at(n);
        eid_status st = s->run(w, arg);
        int tripped = mem_hook_tripped();
        mem_hook_fail_at(0);
        if (s->after)
            s->after(w, arg, st);
        if (st != EID_OK && st != EID_ERR_NO_MEMORY)
            fail_msg("%s, allocation %lu failed: returned %s", s->name, n, eid_status_name(st));
        if (!tripped) {
            assert_status(EID_OK, st);
            break;
        }
        points++;
        if (st == EID_ERR_NO_MEMORY) {
            /* the vault opens again, holding what it held, its counter at 0 */
            close_handles(w);
            open_handles(w);
            digest now = vault_digest(w->vault);
            if (now.h != before.h || now.records != before.records)
                fail_msg("%s, allocation %lu failed: the vault changed (%llu records, %llu before)", s->name, n,
                         (unsigned long long)now.records, (unsigned long long)before.records);
        } else {
            recovered++;
            restore_snapshot(w, &snap);
        }
    }
    assert_true(n < WALK_MAX);
    if (s->locked && eid_vault_unlock(w->vault, PASS_A) != EID_ERR_STATE)
        fail_msg("%s: the vault is not unlocked after the step", s->name);
    print_message("%-18s %5lu failure points walked (%lu recovered)\n", s->name, points, recovered);
    points_total += points;
    return points;
}

/* ---- the steps ------------------------------------------------------------------ */

typedef struct flow {
    eid_bytes req, bundle, presentation;
    char *text;
    uint8_t key[32];
} flow;

static eid_status run_unlock(tb_world *w, void *arg)
{
    (void)arg;
    return eid_vault_unlock(w->vault, PASS_A);
}

static void drop_req(tb_world *w, void *arg, eid_status st)
{
    (void)w;
    (void)st;
    eid_bytes_free(&((flow *)arg)->req);
}

static eid_status run_activation_request(tb_world *w, void *arg)
{
    flow *f = arg;
    return eid_wallet_activation_request(w->wallet, tb_challenge, sizeof tb_challenge, &f->req);
}

static eid_status run_activate(tb_world *w, void *arg)
{
    flow *f = arg;
    return eid_wallet_activate(w->wallet, w->f.verifier, f->bundle.data, f->bundle.len);
}

static eid_status run_issuance_request(tb_world *w, void *arg)
{
    flow *f = arg;
    return eid_wallet_issuance_request(w->wallet, tb_challenge, sizeof tb_challenge, &f->req);
}

static eid_status run_import(tb_world *w, void *arg)
{
    flow *f = arg;
    return eid_wallet_import(w->wallet, w->f.verifier, f->bundle.data, f->bundle.len);
}

static void drop_presentation(tb_world *w, void *arg, eid_status st)
{
    (void)w;
    flow *f = arg;
    if (st == EID_OK) { /* keep the last one made for the verify step */
        eid_text_free(f->text);
        f->text = tb_text(&f->presentation);
    }
    eid_bytes_free(&f->presentation);
}

static eid_status run_present(tb_world *w, void *arg)
{
    flow *f = arg;
    return eid_wallet_present(w->wallet, EID_DOC_IDENTITY, std2, 2, NULL, 0, NULL, &f->presentation, NULL);
}

static eid_status run_verify(tb_world *w, void *arg)
{
    flow *f = arg;
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

static eid_status run_audit(tb_world *w, void *arg)
{
    (void)arg;
    eid_audit *log = NULL;
    eid_status st = eid_wallet_audit(w->wallet, &log);
    if (st == EID_OK && eid_audit_count(log) == 0)
        st = EID_ERR_INTERNAL;
    eid_audit_free(log);
    return st;
}

static eid_status run_create(const char *dir, const eid_keystore *ks, eid_vault **v)
{
    eid_vault_options o;
    tv_fast_options(&o);
    return eid_vault_create(dir, PASS_A, ks, &o, v);
}

/* Creating: after EID_ERR_NO_MEMORY the directory takes a vault again. */
static unsigned long walk_create(tb_world *w)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/created", w->env.root);
    unsigned long n = 1, points = 0;
    for (; n < WALK_MAX; n += walk_stride()) {
        assert_int_equal(mkdir(dir, 0700), 0);
        eid_vault *v = NULL;
        mem_hook_fail_at(n);
        eid_status st = run_create(dir, &w->env.ks, &v);
        int tripped = mem_hook_tripped();
        mem_hook_fail_at(0);
        if (st != EID_OK && st != EID_ERR_NO_MEMORY)
            fail_msg("create, allocation %lu failed: returned %s", n, eid_status_name(st));
        if (st == EID_ERR_NO_MEMORY) {
            assert_null(v);
            assert_status(EID_OK, run_create(dir, &w->env.ks, &v));
        }
        eid_vault_close(v);
        tu_remove_tree(dir);
        if (!tripped)
            break;
        points++;
    }
    assert_true(n < WALK_MAX);
    print_message("%-18s %5lu failure points walked\n", "create", points);
    points_total += points;
    return points;
}

static void a_whole_flow_fails_only_for_memory(void **state)
{
    (void)state;
    tb_world *w = tb_world_new("alloc-flow");
    flow f = {0};
    assert_true(WALKED_ENOUGH(walk_create(w)));

    static const step unlock = {"unlock", NULL, run_unlock, NULL, 1};
    assert_true(WALKED_ENOUGH(walk(w, &unlock, &f)));

    /* activation: the request, then the identity authority's bundle */
    static const step activation_request = {"activation request", NULL, run_activation_request, drop_req, 0};
    assert_true(WALKED_ENOUGH(walk(w, &activation_request, &f)));
    assert_status(EID_OK, run_activation_request(w, &f));
    uint8_t holder[32];
    uint32_t protection = 9;
    assert_status(EID_OK, eid_activation_check(f.req.data, f.req.len, tb_challenge, sizeof tb_challenge, holder,
                                               &protection));
    eid_bytes_free(&f.req);
    eid_credential_params p = fx_params(&w->f, EID_DOC_IDENTITY, 1);
    p.holder_key = holder;
    assert_status(EID_OK, eid_revocation_allocator_reserve(w->alloc[EID_DOC_IDENTITY], 1, p.valid_until, 1));
    f.bundle = fx_issue_with(&w->f, &p, w->f.issuer[EID_DOC_IDENTITY]);
    static const step activate = {"activate", NULL, run_activate, NULL, 0};
    assert_true(WALKED_ENOUGH(walk(w, &activate, &f)));
    eid_bytes_free(&f.bundle);

    /* a document issuer's import */
    static const step issuance_request = {"issuance request", NULL, run_issuance_request, drop_req, 0};
    assert_true(WALKED_ENOUGH(walk(w, &issuance_request, &f)));
    assert_status(EID_OK, run_issuance_request(w, &f));
    char personal_id[13];
    assert_status(EID_OK, eid_verifier_check_issuance(w->f.verifier, f.req.data, f.req.len, tb_challenge,
                                                      sizeof tb_challenge, w->f.now, f.key, &protection,
                                                      personal_id));
    eid_bytes_free(&f.req);
    p = fx_params(&w->f, EID_DOC_DRIVING_LICENCE, 3);
    p.holder_key = f.key;
    assert_status(EID_OK, eid_revocation_allocator_reserve(w->alloc[EID_DOC_DRIVING_LICENCE], 3, p.valid_until, EID_DOC_DRIVING_LICENCE));
    f.bundle = fx_issue_with(&w->f, &p, w->f.issuer[EID_DOC_DRIVING_LICENCE]);
    static const step import = {"import", NULL, run_import, NULL, 0};
    assert_true(WALKED_ENOUGH(walk(w, &import, &f)));
    eid_bytes_free(&f.bundle);

    /* presenting and verifying */
    static const step present = {"present", NULL, run_present, drop_presentation, 0};
    assert_true(WALKED_ENOUGH(walk(w, &present, &f)));
    assert_non_null(f.text);
    static const step verify = {"verify", NULL, run_verify, NULL, 0};
    assert_true(WALKED_ENOUGH(walk(w, &verify, &f)));

    static const step audit = {"audit", NULL, run_audit, NULL, 0};
    assert_true(WALKED_ENOUGH(walk(w, &audit, &f)));
    print_message("%-18s %5lu failure points walked\n", "whole flow", points_total);

    eid_text_free(f.text);
    tb_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_whole_flow_fails_only_for_memory),
    };
    if (eid_init() != EID_OK)
        return 1;
    /* Thousands of vault opens, each with its syncs: in memory when there is
     * a memory file system. */
    struct stat sb;
    if (stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) && access("/dev/shm", W_OK) == 0)
        setenv("EID_BINARY_DIR", "/dev/shm", 1);
    return cmocka_run_group_tests_name("alloc_flow", tests, NULL, NULL);
}
