/* SPDX-License-Identifier: Apache-2.0 */
/* The thread-safety promises of the public headers, tried with threads (the
 * `tsan` preset runs this suite under ThreadSanitizer, which reports any data
 * race these calls make): a shared verifier and a replay store shared by two
 * verifiers (verifier.h), a signing key shared by signers (issuer.h), a card
 * and a QR code rendered by many threads at once (card.h, qr.h), separate
 * wallets on separate threads and two handles on one vault (vault.h,
 * wallet.h), the store's one-time SQLite set-up reached from many threads
 * (store_memory_zeroed). Threads only record; the main thread asserts. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "test_vault_support.h"
#include "store/store.h"

#define THREADS 4
#define ROUNDS 3

static const uint32_t std_claims[] = {0, 1, 2, 3};

static void run_threads(void *(*fn)(void *), void *args, size_t arg_size, int n)
{
    pthread_t th[THREADS * 2];
    assert_true(n <= THREADS * 2);
    for (int i = 0; i < n; i++)
        assert_int_equal(pthread_create(&th[i], NULL, fn, (char *)args + (size_t)i * arg_size), 0);
    for (int i = 0; i < n; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
}

/* ---- one verifier, one replay store shared by two verifiers ------------------------ */

typedef struct verify_job {
    fx *f;
    const eid_verifier *verifier;
    const char *shared_text;  /* every thread tries it: exactly one may pass */
    char *own_text[ROUNDS];   /* this thread's own presentations: each passes */
    eid_status shared_st;
    eid_status own_st[ROUNDS];
    uint32_t doc_type[ROUNDS];
} verify_job;

static void *verify_worker(void *arg)
{
    verify_job *j = arg;
    eid_result *r = NULL;
    j->shared_st = eid_verifier_check_presentation(j->verifier, j->shared_text, j->f->now, &r);
    eid_result_free(r);
    for (int k = 0; k < ROUNDS; k++) {
        r = NULL;
        j->own_st[k] = eid_verifier_check_presentation(j->verifier, j->own_text[k], j->f->now, &r);
        j->doc_type[k] = eid_result_doc_type(r); /* reading a result this thread owns */
        eid_result_free(r);
    }
    return NULL;
}

static void shared_verifier_and_store(void **state)
{
    fx *f = *state;
    /* a second verifier over the same lists and the same store: a daily refresh */
    eid_verifier *second = NULL;
    eid_revocation_list_input in[FX_DOCS - 1];
    for (uint32_t t = 1; t < FX_DOCS; t++)
        in[t - 1] = (eid_revocation_list_input){f->status[t].data, f->status[t].len, 0};
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, in, FX_DOCS - 1, f->store,
                                      &second),
                     EID_OK);
    eid_bytes shared_bundle = fx_issue(f, EID_DOC_IDENTITY, 40);
    char *shared = fx_present(f, &shared_bundle, std_claims, 4, f->now);
    verify_job jobs[THREADS * 2];
    eid_bytes bundles[THREADS * 2];
    eid_key *holders[THREADS * 2];
    for (int i = 0; i < THREADS * 2; i++) {
        /* a holder per thread: the store keeps EID_REPLAY_PER_HOLDER entries per holder */
        uint8_t pk[EID_KEY_PUBLIC_BYTES];
        assert_int_equal(eid_key_new(&holders[i]), EID_OK);
        eid_key_public(holders[i], pk);
        eid_credential_params p = fx_params(f, EID_DOC_DRIVING_LICENCE, 100 + (uint32_t)i);
        p.holder_key = pk;
        bundles[i] = fx_issue_with(f, &p, f->issuer[EID_DOC_DRIVING_LICENCE]);
        jobs[i] = (verify_job){f, i % 2 ? second : f->verifier, shared, {NULL}, EID_ERR_INTERNAL, {0}, {0}};
        for (int k = 0; k < ROUNDS; k++) {
            eid_bytes pres = {0};
            assert_int_equal(eid_present(bundles[i].data, bundles[i].len, holders[i], std_claims, 4, NULL, 0, f->now,
                                         &pres),
                             EID_OK);
            assert_int_equal(eid_presentation_text(pres.data, pres.len, &jobs[i].own_text[k]), EID_OK);
            eid_bytes_free(&pres);
        }
    }
    run_threads(verify_worker, jobs, sizeof jobs[0], THREADS * 2);
    int ok = 0, replayed = 0;
    for (int i = 0; i < THREADS * 2; i++) {
        ok += jobs[i].shared_st == EID_OK;
        replayed += jobs[i].shared_st == EID_ERR_REPLAYED;
        for (int k = 0; k < ROUNDS; k++) {
            assert_int_equal(jobs[i].own_st[k], EID_OK);
            assert_int_equal(jobs[i].doc_type[k], EID_DOC_DRIVING_LICENCE);
            eid_text_free(jobs[i].own_text[k]);
        }
        eid_bytes_free(&bundles[i]);
        eid_key_free(holders[i]);
    }
    /* one store behind both verifiers: one acceptance in all, the rest replays */
    assert_int_equal(ok, 1);
    assert_int_equal(replayed, THREADS * 2 - 1);
    eid_text_free(shared);
    eid_bytes_free(&shared_bundle);
    eid_verifier_free(second);
}

/* ---- one key, many signers -------------------------------------------------------- */

typedef struct sign_job {
    fx *f;
    uint32_t index;
    eid_status issue_st, present_st;
    eid_bytes presentation;
} sign_job;

static void *sign_worker(void *arg)
{
    sign_job *j = arg;
    eid_claim claims[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_HEALTH_INSURANCE, claims);
    eid_credential_params p = fx_params(j->f, EID_DOC_HEALTH_INSURANCE, j->index);
    eid_bytes bundle = {0};
    /* the issuer key and the holder key are each shared by every thread */
    j->issue_st = eid_issue_credential(j->f->issuer[EID_DOC_HEALTH_INSURANCE], &p, claims, n, &bundle);
    if (j->issue_st == EID_OK)
        j->present_st = eid_present(bundle.data, bundle.len, j->f->holder, std_claims, 4, NULL, 0, j->f->now,
                                    &j->presentation);
    eid_bytes_free(&bundle);
    return NULL;
}

static void shared_keys_sign(void **state)
{
    fx *f = *state;
    sign_job jobs[THREADS];
    for (int i = 0; i < THREADS; i++)
        jobs[i] = (sign_job){f, 200 + (uint32_t)i, EID_ERR_INTERNAL, EID_ERR_INTERNAL, {0}};
    run_threads(sign_worker, jobs, sizeof jobs[0], THREADS);
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(jobs[i].issue_st, EID_OK);
        assert_int_equal(jobs[i].present_st, EID_OK);
        char *text = NULL;
        assert_int_equal(eid_presentation_text(jobs[i].presentation.data, jobs[i].presentation.len, &text), EID_OK);
        /* what the threads signed verifies: no signature was torn */
        assert_int_equal(fx_verify(f, text, f->now, NULL), EID_OK);
        eid_text_free(text);
        eid_bytes_free(&jobs[i].presentation);
    }
}

/* ---- one card, one QR code, many readers ------------------------------------------ */

typedef struct render_job {
    const eid_card *card;
    const eid_qr *qr;
    eid_bytes svg, qr_svg, qr_png, qr_text;
    eid_status st;
    size_t rows;
} render_job;

static void *render_worker(void *arg)
{
    render_job *j = arg;
    j->st = eid_card_svg(j->card, &j->svg);
    for (size_t i = 0; i < eid_card_row_count(j->card); i++)
        j->rows += strlen(eid_card_row_label(j->card, i)) + strlen(eid_card_row_value(j->card, i));
    if (j->st == EID_OK)
        j->st = eid_qr_render_svg(j->qr, eid_qr_quiet_zone(), &j->qr_svg);
    if (j->st == EID_OK)
        j->st = eid_qr_render_png(j->qr, 3, eid_qr_quiet_zone(), &j->qr_png);
    if (j->st == EID_OK)
        j->st = eid_qr_render_text(j->qr, 2, EID_QR_TEXT_DARK_ON_LIGHT, &j->qr_text);
    return NULL;
}

static void same_bytes(const eid_bytes *a, const eid_bytes *b)
{
    assert_int_equal(a->len, b->len);
    assert_memory_equal(a->data, b->data, a->len);
}

static void shared_card_and_qr(void **state)
{
    fx *f = *state;
    eid_claim claims[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_DRIVING_LICENCE, claims);
    eid_card *card = NULL;
    assert_int_equal(eid_card_new(EID_DOC_DRIVING_LICENCE, claims, n, f->today - 1, f->today + 365, f->today, 0,
                                  EID_LANGUAGE_VI, 1, &card),
                     EID_OK);
    eid_bytes bundle = fx_issue(f, EID_DOC_DRIVING_LICENCE, 300);
    char *text = fx_present(f, &bundle, std_claims, 4, f->now);
    eid_qr *qr = NULL;
    assert_int_equal(eid_qr_new(text, eid_qr_ecc_default(), &qr), EID_OK);
    render_job alone = {card, qr, {0}, {0}, {0}, {0}, EID_ERR_INTERNAL, 0};
    render_worker(&alone);
    assert_int_equal(alone.st, EID_OK);
    render_job jobs[THREADS];
    for (int i = 0; i < THREADS; i++)
        jobs[i] = (render_job){card, qr, {0}, {0}, {0}, {0}, EID_ERR_INTERNAL, 0};
    run_threads(render_worker, jobs, sizeof jobs[0], THREADS);
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(jobs[i].st, EID_OK);
        assert_int_equal(jobs[i].rows, alone.rows);
        /* a render at the same time as others is the render made alone */
        same_bytes(&jobs[i].svg, &alone.svg);
        same_bytes(&jobs[i].qr_svg, &alone.qr_svg);
        same_bytes(&jobs[i].qr_png, &alone.qr_png);
        same_bytes(&jobs[i].qr_text, &alone.qr_text);
        eid_bytes_free(&jobs[i].svg);
        eid_bytes_free(&jobs[i].qr_svg);
        eid_bytes_free(&jobs[i].qr_png);
        eid_bytes_free(&jobs[i].qr_text);
    }
    eid_bytes_free(&alone.svg);
    eid_bytes_free(&alone.qr_svg);
    eid_bytes_free(&alone.qr_png);
    eid_bytes_free(&alone.qr_text);
    eid_qr_free(qr);
    eid_text_free(text);
    eid_bytes_free(&bundle);
    eid_card_free(card);
}

/* ---- wallets: one per thread; two handles on one vault ------------------------------ */

typedef struct wallet_job {
    const char *dir;
    const eid_keystore *ks;
    const char *challenge;
    eid_status st;
    uint32_t level;
    size_t request_len;
    int step;
} wallet_job;

static void *wallet_worker(void *arg)
{
    wallet_job *j = arg;
    eid_vault_options o;
    tv_fast_options(&o);
    for (int round = 0; round < ROUNDS && j->st == EID_OK; round++) {
        eid_vault *v = NULL;
        eid_wallet *w = NULL;
        eid_bytes req = {0};
        j->step = 1;
        j->st = eid_vault_open(j->dir, j->ks, &o, &v);
        if (j->st == EID_OK && ++j->step)
            j->st = eid_vault_unlock(v, PASS_A);
        if (j->st == EID_OK && ++j->step)
            j->st = eid_wallet_new(v, NULL, &w);
        if (j->st == EID_OK && ++j->step)
            j->st = eid_wallet_level(w, &j->level);
        if (j->st == EID_OK && ++j->step)
            j->st = eid_wallet_activation_request(w, (const uint8_t *)j->challenge, strlen(j->challenge), &req);
        j->request_len = req.len;
        eid_bytes_free(&req);
        eid_wallet_free(w);
        eid_vault_close(v);
    }
    return NULL;
}

static void wallets_on_threads(void **state)
{
    (void)state;
    enum { VAULTS = 3 };
    tv_env env[VAULTS];
    wallet_job jobs[VAULTS + 1];
    eid_vault_options o;
    tv_fast_options(&o);
    for (int i = 0; i < VAULTS; i++) {
        tv_env_init(&env[i], "threads");
        eid_vault *v = NULL;
        assert_int_equal(eid_vault_create(env[i].vault_dir, PASS_A, &env[i].ks, &o, &v), EID_OK);
        eid_vault_close(v);
        jobs[i] = (wallet_job){env[i].vault_dir, &env[i].ks, "challenge-of-thread", EID_OK, 99, 0, 0};
    }
    /* the last thread opens a second handle on the first vault */
    jobs[VAULTS] = (wallet_job){env[0].vault_dir, &env[0].ks, "challenge-of-second-handle", EID_OK, 99, 0, 0};
    run_threads(wallet_worker, jobs, sizeof jobs[0], VAULTS + 1);
    for (int i = 0; i <= VAULTS; i++) {
        if (jobs[i].st != EID_OK) print_error("wallet thread %d: step %d: %s\n", i, jobs[i].step, eid_status_name(jobs[i].st));
        assert_int_equal(jobs[i].st, EID_OK);
        assert_int_equal(jobs[i].level, 0);
        assert_true(jobs[i].request_len > 0);
    }
    for (int i = 0; i < VAULTS; i++)
        tv_env_free(&env[i]);
}

/* ---- the store's one-time set-up, asked by many threads ------------------------------ */

typedef struct once_job {
    int zeroed;
} once_job;

static void *once_worker(void *arg)
{
    once_job *j = arg;
    j->zeroed = store_memory_zeroed();
    return NULL;
}

static void store_setup_once(void **state)
{
    (void)state;
    once_job jobs[THREADS * 2];
    memset(jobs, 0, sizeof jobs);
    run_threads(once_worker, jobs, sizeof jobs[0], THREADS * 2);
    /* every thread sees the zeroing allocator installed by eid_init() */
    for (int i = 0; i < THREADS * 2; i++)
        assert_int_equal(jobs[i].zeroed, 1);
}

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(store_setup_once),
        cmocka_unit_test_setup_teardown(shared_verifier_and_store, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(shared_keys_sign, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(shared_card_and_qr, fx_setup, fx_teardown),
        cmocka_unit_test(wallets_on_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
