/* SPDX-License-Identifier: Apache-2.0 */
/* A wallet and the reference issuers for the batch suites and bench: a
 * level-2 wallet over a fast vault, one revocation-index allocator per doc type
 * (the issuer's register: document 1 is the identity, document t the doc
 * type t), refill requests answered with eid_issue_batch(). */
#ifndef EID_TEST_BATCH_SUPPORT_H
#define EID_TEST_BATCH_SUPPORT_H
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "test_vault_support.h"

static int64_t tb_now;
static inline int64_t tb_clock(void *ctx)
{
    (void)ctx;
    return tb_now;
}

static const uint8_t tb_challenge[] = "issuer-challenge-0042";

typedef struct tb_world {
    fx f;
    tv_env env;
    eid_vault *vault;
    eid_wallet *wallet;
    eid_wallet_options wo;
    eid_revocation_allocator *alloc[FX_DOCS];
    uint32_t record_index[FX_DOCS];
} tb_world;

static inline void tb_wallet_reopen(tb_world *w)
{
    eid_wallet_free(w->wallet);
    w->wallet = NULL;
    assert_int_equal(eid_wallet_new(w->vault, &w->wo, &w->wallet), EID_OK);
}

/* A world whose identity authority and document issuers share `issuers`'
 * keys and allocators (a second phone of the same citizen), or its own. */
static inline tb_world *tb_world_new(const char *tag)
{
    tb_world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    fx_init(&w->f);
    tb_now = w->f.now;
    tv_env_init(&w->env, tag);
    eid_vault_options o;
    tv_fast_options(&o);
    assert_int_equal(eid_vault_create(w->env.vault_dir, PASS_A, &w->env.ks, &o, &w->vault), EID_OK);
    eid_wallet_options_default(&w->wo, EID_WALLET_OPTIONS_VERSION);
    w->wo.clock = tb_clock;
    tb_wallet_reopen(w);
    for (uint32_t t = 1; t < FX_DOCS; t++)
        assert_int_equal(eid_revocation_allocator_new(FX_LIST_SIZE, &w->alloc[t]), EID_OK);
    return w;
}

static inline void tb_world_free(tb_world *w)
{
    eid_wallet_free(w->wallet);
    eid_vault_close(w->vault);
    tv_env_free(&w->env);
    for (uint32_t t = 1; t < FX_DOCS; t++)
        eid_revocation_allocator_free(w->alloc[t]);
    fx_free(&w->f);
    free(w);
}

/* The identity authority activates `wallet` at level 2 with record index
 * `index` (reserved in the identity allocator for document `document`). */
static inline void tb_activate(tb_world *w, eid_wallet *wallet, uint32_t index, uint64_t document)
{
    eid_bytes req = {0};
    assert_int_equal(eid_wallet_activation_request(wallet, tb_challenge, sizeof tb_challenge, &req), EID_OK);
    uint8_t holder[32];
    uint32_t protection = 9;
    assert_int_equal(eid_activation_check(req.data, req.len, tb_challenge, sizeof tb_challenge, holder, &protection),
                     EID_OK);
    eid_bytes_free(&req);
    eid_credential_params p = fx_params(&w->f, EID_DOC_IDENTITY, index);
    p.holder_key = holder;
    assert_int_equal(eid_revocation_allocator_reserve(w->alloc[EID_DOC_IDENTITY], index, p.valid_until, document),
                     EID_OK);
    eid_bytes b = fx_issue_with(&w->f, &p, w->f.issuer[EID_DOC_IDENTITY]);
    assert_int_equal(eid_wallet_activate(wallet, w->f.verifier, b.data, b.len), EID_OK);
    eid_bytes_free(&b);
}

/* A document issuer imports a credential of record of doc_type at `index`. */
static inline void tb_import(tb_world *w, uint32_t doc_type, uint32_t index)
{
    eid_bytes req = {0};
    assert_int_equal(eid_wallet_issuance_request(w->wallet, tb_challenge, sizeof tb_challenge, &req), EID_OK);
    uint8_t key[32];
    uint32_t protection;
    char personal_id[13];
    assert_int_equal(eid_verifier_check_issuance(w->f.verifier, req.data, req.len, tb_challenge, sizeof tb_challenge,
                                                 w->f.now, key, &protection, personal_id),
                     EID_OK);
    eid_bytes_free(&req);
    eid_credential_params p = fx_params(&w->f, doc_type, index);
    p.holder_key = key;
    assert_int_equal(eid_revocation_allocator_reserve(w->alloc[doc_type], index, p.valid_until, doc_type), EID_OK);
    eid_bytes b = fx_issue_with(&w->f, &p, w->f.issuer[doc_type]);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, b.data, b.len), EID_OK);
    eid_bytes_free(&b);
    w->record_index[doc_type] = index;
}

/* The issuer's side of a refill: checks the request, issues the batch. */
static inline eid_bytes tb_issue_for(tb_world *w, const eid_bytes *req, uint32_t doc_type, uint64_t document)
{
    uint32_t dt = 0, protection = 9;
    uint8_t keys[EID_BATCH_MAX_MEMBERS * 32];
    size_t n = 0;
    char personal_id[13];
    assert_int_equal(eid_verifier_check_refill(w->f.verifier, req->data, req->len, tb_challenge, sizeof tb_challenge,
                                               w->f.now, &dt, keys, EID_BATCH_MAX_MEMBERS, &n, &protection,
                                               personal_id),
                     EID_OK);
    assert_int_equal(dt, doc_type);
    assert_string_equal(personal_id, FX_PERSONAL_ID);
    eid_claim claims[EID_CLAIM_MAX_COUNT];
    size_t n_claims = fx_claims(doc_type, claims);
    eid_credential_params rec = fx_params(&w->f, doc_type, 0);
    eid_batch_params bp = {.doc_type = doc_type, .assurance = 2, .issued_on = eid_day_of(tb_now),
                           .document_valid_until = rec.valid_until, .key_protection = protection,
                           .revocation_list = 1, .document = document};
    eid_bytes batch = {0};
    assert_int_equal(eid_issue_batch(w->f.issuer[doc_type], &bp, claims, n_claims, keys, n, w->alloc[doc_type],
                                     &batch),
                     EID_OK);
    return batch;
}

/* Refill request -> issuer -> import; returns the number imported. */
static inline size_t tb_refill(tb_world *w, uint32_t doc_type, uint64_t document)
{
    eid_bytes req = {0};
    assert_int_equal(eid_wallet_refill_request(w->wallet, doc_type, tb_challenge, sizeof tb_challenge, &req), EID_OK);
    eid_bytes batch = tb_issue_for(w, &req, doc_type, document);
    size_t n = 0;
    assert_int_equal(eid_wallet_batch_import(w->wallet, w->f.verifier, batch.data, batch.len, &n), EID_OK);
    eid_bytes_free(&batch);
    eid_bytes_free(&req);
    return n;
}

/* Re-signs the revocation list of doc_type from its allocator's revoked indexes. */
static inline void tb_publish(tb_world *w, uint32_t doc_type, uint64_t sequence)
{
    uint32_t *revoked = NULL;
    size_t n = 0;
    assert_int_equal(eid_revocation_allocator_revoked(w->alloc[doc_type], &revoked, &n), EID_OK);
    fx_sign_status(&w->f, doc_type, revoked, n, sequence);
    eid_free(revoked);
    assert_int_equal(fx_build(&w->f), EID_OK);
}

static inline eid_bytes tb_present(tb_world *w, uint32_t doc_type, const uint32_t *claims, size_t n, int *reused,
                                   eid_status expect)
{
    eid_bytes p = {0};
    assert_int_equal(eid_wallet_present(w->wallet, doc_type, claims, n, NULL, 0, NULL, &p, reused), expect);
    return p;
}

static inline char *tb_text(const eid_bytes *p)
{
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p->data, p->len, &text), EID_OK);
    return text;
}

#endif
