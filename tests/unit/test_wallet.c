/* SPDX-License-Identifier: Apache-2.0 */
/* The level-2 wallet end to end with the reference issuer: level 0 -> level-1
 * registration -> level-2 activation -> documents -> presentations verified
 * by a relying party -> audit log; and every refusal, each leaving the vault
 * as it was. */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "fixture.h"
#include "wire.h"
#include "test_vault_support.h"
#include "vault/vault.h"

static int64_t wallet_now;
static int64_t wallet_clock(void *ctx)
{
    (void)ctx;
    return wallet_now;
}

typedef struct world {
    fx f;
    tv_env env;
    eid_vault *vault;
    eid_wallet *wallet;
    uint8_t holder[32];
} world;

static const uint8_t challenge[] = "server-challenge-0001";

/* Digest of every record in the vault, to prove a refusal changed nothing. */
static eid_status digest_visit(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *v, size_t n)
{
    uint8_t *acc = ctx, part[32], buf[64];
    cry_hash(part, 32, v, n);
    memcpy(buf, acc, 32);
    memcpy(buf + 32, part, 32);
    for (size_t i = 0; i < id_len && i < 32; i++)
        buf[32 + i] ^= id[i];
    buf[63] ^= (uint8_t)ord;
    cry_hash(acc, 32, buf, 64);
    return EID_OK;
}

static void snapshot(world *w, uint8_t out[32])
{
    memset(out, 0, 32);
    for (uint32_t kind = VAULT_KIND_HOLDER_KEY; kind < VAULT_KIND_USER_MIN + 4; kind++)
        assert_int_equal(vault_list(w->vault, kind, digest_visit, out), EID_OK);
}

static world *world_new(void)
{
    world *w = calloc(1, sizeof *w);
    fx_init(&w->f);
    wallet_now = w->f.now;
    tv_env_init(&w->env, "wallet");
    eid_vault_options o;
    tv_fast_options(&o);
    assert_int_equal(eid_vault_create(w->env.vault_dir, PASS_A, &w->env.ks, &o, &w->vault), EID_OK);
    eid_wallet_options wo;
    eid_wallet_options_default(&wo, EID_WALLET_OPTIONS_VERSION);
    wo.clock = wallet_clock;
    assert_int_equal(eid_wallet_new(w->vault, &wo, &w->wallet), EID_OK);
    return w;
}

static void world_free(world *w)
{
    eid_wallet_free(w->wallet);
    eid_vault_close(w->vault);
    tv_env_free(&w->env);
    fx_free(&w->f);
    free(w);
}

/* The identity authority: checks the activation request, issues an identity. */
static eid_bytes authority_issue(world *w, eid_wallet *wallet, uint32_t assurance, const char *personal_id,
                                 uint32_t index)
{
    eid_bytes req = {0};
    assert_int_equal(eid_wallet_activation_request(wallet, challenge, sizeof challenge, &req), EID_OK);
    uint32_t protection = 9;
    assert_int_equal(eid_activation_check(req.data, req.len, challenge, sizeof challenge, w->holder, &protection),
                     EID_OK);
    assert_int_equal(protection, EID_KEY_PROTECTION_SOFTWARE);
    eid_bytes_free(&req);
    eid_claim c[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_IDENTITY, c);
    c[0].bytes = (const uint8_t *)personal_id;
    if (assurance == 1) { /* self-registration: ID number, name, phone */
        c[2] = (eid_claim){.number = 11, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)"0912345678",
                           .bytes_len = 10};
        n = 3;
    }
    eid_credential_params p = fx_params(&w->f, EID_DOC_IDENTITY, index);
    p.assurance = assurance;
    p.holder_key = w->holder;
    eid_bytes b = {0};
    assert_int_equal(eid_issue_credential(w->f.issuer[EID_DOC_IDENTITY], &p, c, n, &b), EID_OK);
    return b;
}

/* A document issuer: checks the issuance request, issues a document. */
static eid_bytes document_issue(world *w, uint32_t doc_type, uint32_t index, int32_t issued_on)
{
    eid_bytes req = {0};
    assert_int_equal(eid_wallet_issuance_request(w->wallet, challenge, sizeof challenge, &req), EID_OK);
    uint8_t key[32];
    uint32_t protection;
    char personal_id[13];
    assert_int_equal(eid_verifier_check_issuance(w->f.verifier, req.data, req.len, challenge, sizeof challenge,
                                                 w->f.now, key,
                                                 &protection, personal_id),
                     EID_OK);
    assert_string_equal(personal_id, FX_PERSONAL_ID);
    eid_bytes_free(&req);
    eid_credential_params p = fx_params(&w->f, doc_type, index);
    p.holder_key = key;
    p.issued_on = issued_on;
    return fx_issue_with(&w->f, &p, w->f.issuer[doc_type]);
}

static void level_2(world *w)
{
    eid_bytes id = authority_issue(w, w->wallet, 2, FX_PERSONAL_ID, 1);
    assert_int_equal(eid_wallet_activate(w->wallet, w->f.verifier, id.data, id.len), EID_OK);
    eid_bytes_free(&id);
}

static char *present_text(world *w, uint32_t doc_type, const uint32_t *claims, size_t n, eid_status expect)
{
    eid_bytes p = {0};
    assert_int_equal(eid_wallet_present(w->wallet, doc_type, claims, n, NULL, 0, NULL, &p, NULL), expect);
    if (expect != EID_OK)
        return NULL;
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    eid_bytes_free(&p);
    return text;
}

static void full_story(void **state)
{
    (void)state;
    world *w = world_new();
    uint32_t level = 9;
    assert_int_equal(eid_wallet_level(w->wallet, &level), EID_OK);
    assert_int_equal(level, 0);
    /* level 1: self-registration */
    eid_bytes id1 = authority_issue(w, w->wallet, 1, FX_PERSONAL_ID, 2);
    assert_int_equal(eid_wallet_activate(w->wallet, w->f.verifier, id1.data, id1.len), EID_OK);
    assert_int_equal(eid_wallet_level(w->wallet, &level), EID_OK);
    assert_int_equal(level, 1);
    eid_bytes req = {0};
    assert_int_equal(eid_wallet_issuance_request(w->wallet, challenge, sizeof challenge, &req), EID_ERR_WRONG_LEVEL);
    const uint32_t std[] = {0, 1, 2, 3};
    present_text(w, EID_DOC_IDENTITY, std, 2, EID_ERR_WRONG_LEVEL);
    eid_bytes_free(&id1);
    /* level 2: verified in person */
    level_2(w);
    assert_int_equal(eid_wallet_level(w->wallet, &level), EID_OK);
    assert_int_equal(level, 2);
    /* the three documents */
    for (uint32_t t = EID_DOC_DRIVING_LICENCE; t <= EID_DOC_CRIMINAL_RECORD; t++) {
        eid_bytes d = document_issue(w, t, 20 + t, w->f.today - 1);
        assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, d.data, d.len), EID_OK);
        assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, d.data, d.len), EID_ERR_EXISTS);
        eid_bytes_free(&d);
    }
    uint32_t types[8];
    size_t count = 0;
    assert_int_equal(eid_wallet_list(w->wallet, types, 8, &count), EID_OK);
    assert_int_equal(count, 4);
    for (uint32_t i = 0; i < 4; i++)
        assert_int_equal(types[i], i + 1);
    /* cards of every document, and presentations a relying party verifies */
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD; t++) {
        eid_document *doc = NULL;
        assert_int_equal(eid_wallet_document(w->wallet, t, &doc), EID_OK);
        assert_int_equal(eid_document_validity(doc), EID_VALIDITY_VALID);
        assert_true(eid_document_claim_count(doc) >= 6);
        eid_card *card = NULL;
        assert_int_equal(eid_document_card(doc, EID_LANGUAGE_VI, 0, &card), EID_OK);
        assert_string_equal(eid_card_holder_name(card), FX_FULL_NAME);
        eid_card_free(card);
        eid_document_free(doc);
        char *text = present_text(w, t, std, 2, EID_OK);
        eid_result *r = NULL;
        assert_int_equal(fx_verify(&w->f, text, w->f.now, &r), EID_OK);
        assert_int_equal(eid_result_doc_type(r), t);
        assert_int_equal(eid_result_claim_count(r), 2);
        eid_result_free(r);
        eid_text_free(text);
    }
    /* age only, without the birth date */
    const uint32_t age[] = {3};
    char *text = present_text(w, EID_DOC_IDENTITY, age, 1, EID_OK);
    assert_int_equal(fx_verify(&w->f, text, w->f.now, NULL), EID_OK);
    eid_text_free(text);
    /* nothing disclosed by default; claims the credential lacks */
    present_text(w, EID_DOC_IDENTITY, std, 0, EID_ERR_INVALID_ARG);
    const uint32_t absent[] = {12};
    present_text(w, EID_DOC_IDENTITY, absent, 1, EID_ERR_NOT_FOUND);
    /* challenge mode: the audit log names the relying party */
    const uint32_t asked[] = {0, 1};
    eid_requested_claims rq = {EID_DOC_IDENTITY, asked, 2};
    eid_bytes request = {0};
    assert_int_equal(eid_request_create(w->f.rp, "vn.csgt.checkpoint", &rq, 1, w->f.now, 120, &request), EID_OK);
    assert_int_equal(eid_verifier_open_request(w->f.verifier, request.data, request.len, w->f.now), EID_OK);
    eid_bytes p = {0};
    assert_int_equal(eid_wallet_present(w->wallet, EID_DOC_IDENTITY, asked, 2, request.data, request.len,
                                        w->f.verifier, &p, NULL),
                     EID_OK);
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    eid_result *r = NULL;
    assert_int_equal(fx_verify(&w->f, text, w->f.now, &r), EID_OK);
    assert_int_equal(eid_result_challenged(r), 1);
    eid_result_free(r);
    eid_text_free(text);
    eid_bytes_free(&p);
    eid_bytes_free(&request);
    /* an answer shows exactly what the request asks: more, less or another document is refused, unlogged */
    assert_int_equal(eid_request_create(w->f.rp, "vn.csgt.checkpoint", &rq, 1, w->f.now, 120, &request), EID_OK);
    const uint32_t more[] = {0, 1, 2}, less[] = {1};
    const struct {
        uint32_t doc_type;
        const uint32_t *claims;
        size_t n;
    } refusals[] = {{EID_DOC_IDENTITY, more, 3}, {EID_DOC_IDENTITY, less, 1}, {EID_DOC_DRIVING_LICENCE, asked, 2}};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(eid_wallet_present(w->wallet, refusals[i].doc_type, refusals[i].claims, refusals[i].n,
                                            request.data, request.len, w->f.verifier, &p, NULL),
                         EID_ERR_NOT_REQUESTED);
        assert_null(p.data);
    }
    eid_bytes_free(&request);
    /* the audit log: who saw what, when; never a value */
    eid_audit *log = NULL;
    assert_int_equal(eid_wallet_audit(w->wallet, &log), EID_OK);
    assert_int_equal(eid_audit_count(log), 6);
    int64_t when;
    uint32_t doc, claims;
    const char *rp;
    assert_int_equal(eid_audit_entry(log, 0, &when, &doc, &claims, &rp), EID_OK);
    assert_int_equal(when % 60, 0);
    assert_true(when <= w->f.now && when > w->f.now - 60);
    assert_int_equal(doc, EID_DOC_IDENTITY);
    assert_int_equal(claims, 0x3);
    assert_string_equal(rp, "");
    assert_int_equal(eid_audit_entry(log, 5, &when, &doc, &claims, &rp), EID_OK);
    assert_string_equal(rp, "vn.csgt.checkpoint");
    assert_int_equal(eid_audit_entry(log, 6, &when, &doc, &claims, &rp), EID_ERR_INVALID_ARG);
    eid_audit_free(log);
    assert_int_equal(eid_wallet_audit_clear(w->wallet), EID_OK);
    assert_int_equal(eid_wallet_audit(w->wallet, &log), EID_OK);
    assert_int_equal(eid_audit_count(log), 0);
    eid_audit_free(log);
    /* everything survives closing and reopening the vault */
    eid_wallet_free(w->wallet);
    eid_vault_close(w->vault);
    eid_vault_options o;
    tv_fast_options(&o);
    assert_int_equal(eid_vault_open(w->env.vault_dir, &w->env.ks, &o, &w->vault), EID_OK);
    eid_wallet *locked = NULL;
    assert_int_equal(eid_wallet_new(w->vault, NULL, &locked), EID_ERR_LOCKED);
    assert_int_equal(eid_vault_unlock(w->vault, PASS_A), EID_OK);
    assert_int_equal(eid_wallet_new(w->vault, NULL, &w->wallet), EID_OK);
    assert_int_equal(eid_wallet_level(w->wallet, &level), EID_OK);
    assert_int_equal(level, 2);
    assert_int_equal(eid_wallet_list(w->wallet, types, 8, &count), EID_OK);
    assert_int_equal(count, 4);
    world_free(w);
}

static void refusals_leave_the_vault_as_it_was(void **state)
{
    (void)state;
    world *w = world_new();
    /* a document at level 0 */
    eid_bytes early = {0};
    uint8_t before[32], after[32];
    level_2(w);
    eid_bytes licence = document_issue(w, EID_DOC_DRIVING_LICENCE, 30, w->f.today - 1);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, licence.data, licence.len), EID_OK);
    snapshot(w, before);

    /* another person's document, bound to this wallet's key */
    eid_claim c[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_HEALTH_INSURANCE, c);
    c[0].bytes = (const uint8_t *)"079188000123";
    eid_credential_params p = fx_params(&w->f, EID_DOC_HEALTH_INSURANCE, 31);
    p.holder_key = w->holder;
    eid_bytes other = {0};
    assert_int_equal(eid_issue_credential(w->f.issuer[3], &p, c, n, &other), EID_OK);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, other.data, other.len), EID_ERR_WRONG_HOLDER);
    /* this person's document bound to another holder key */
    eid_bytes foreign = fx_issue(&w->f, EID_DOC_HEALTH_INSURANCE, 32);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, foreign.data, foreign.len), EID_ERR_WRONG_HOLDER);
    /* an untrusted issuer */
    eid_key *rogue = NULL;
    assert_int_equal(eid_key_new(&rogue), EID_OK);
    p = fx_params(&w->f, EID_DOC_CRIMINAL_RECORD, 33);
    p.holder_key = w->holder;
    eid_bytes forged = fx_issue_with(&w->f, &p, rogue);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, forged.data, forged.len), EID_ERR_UNTRUSTED_ISSUER);
    /* an older licence over the newer one */
    eid_bytes older = document_issue(w, EID_DOC_DRIVING_LICENCE, 34, w->f.today - 5);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, older.data, older.len), EID_ERR_OLDER);
    /* an identity through import, a tampered bundle */
    eid_bytes id = authority_issue(w, w->wallet, 2, FX_PERSONAL_ID, 35);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, id.data, id.len), EID_ERR_INVALID_ARG);
    licence.data[licence.len / 2] ^= 1;
    assert_int_not_equal(eid_wallet_import(w->wallet, w->f.verifier, licence.data, licence.len), EID_OK);
    licence.data[licence.len / 2] ^= 1;
    /* an identity for another holder key */
    eid_bytes stolen = fx_issue(&w->f, EID_DOC_IDENTITY, 36);
    assert_int_equal(eid_wallet_activate(w->wallet, w->f.verifier, stolen.data, stolen.len), EID_ERR_WRONG_HOLDER);
    snapshot(w, after);
    assert_memory_equal(before, after, 32);
    /* a newer licence replaces the old one */
    eid_bytes newer = document_issue(w, EID_DOC_DRIVING_LICENCE, 37, w->f.today);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, newer.data, newer.len), EID_OK);
    eid_document *doc = NULL;
    assert_int_equal(eid_wallet_document(w->wallet, EID_DOC_DRIVING_LICENCE, &doc), EID_OK);
    assert_int_equal(eid_document_valid_from(doc), w->f.today - 1);
    eid_document_free(doc);
    assert_int_equal(eid_wallet_delete(w->wallet, EID_DOC_DRIVING_LICENCE), EID_OK);
    assert_int_equal(eid_wallet_delete(w->wallet, EID_DOC_DRIVING_LICENCE), EID_ERR_NOT_FOUND);
    assert_int_equal(eid_wallet_delete(w->wallet, EID_DOC_IDENTITY), EID_ERR_INVALID_ARG);
    eid_bytes_free(&early);
    eid_bytes_free(&licence);
    eid_bytes_free(&other);
    eid_bytes_free(&foreign);
    eid_bytes_free(&forged);
    eid_bytes_free(&older);
    eid_bytes_free(&id);
    eid_bytes_free(&stolen);
    eid_bytes_free(&newer);
    eid_key_free(rogue);
    world_free(w);
}

/* No claim value of the credentials in `c` appears in the wallet's last error. */
static void assert_no_claim_value(const world *w, const eid_claim *c, size_t n)
{
    const char *msg = eid_wallet_last_error(w->wallet);
    for (size_t i = 0; i < n; i++) {
        if (c[i].type != EID_VALUE_TEXT || c[i].bytes_len < 3)
            continue;
        char value[256];
        snprintf(value, sizeof value, "%.*s", (int)c[i].bytes_len, (const char *)c[i].bytes);
        if (strstr(msg, value) != NULL)
            fail_msg("last error \"%s\" holds claim %u's value", msg, (unsigned)c[i].number);
    }
    assert_null(strstr(msg, FX_PERSONAL_ID));
    assert_null(strstr(msg, FX_FULL_NAME));
}

/* A failing call says what the status does not (which check, whose document),
 * and never a claim value. */
static void failures_leave_a_message_without_claim_values(void **state)
{
    (void)state;
    world *w = world_new();
    assert_string_equal(eid_wallet_last_error(w->wallet), "");
    assert_string_equal(eid_wallet_last_error(NULL), "");

    /* activating before any activation request */
    eid_bytes stolen = fx_issue(&w->f, EID_DOC_IDENTITY, 40);
    assert_int_equal(eid_wallet_activate(w->wallet, w->f.verifier, stolen.data, stolen.len), EID_ERR_STATE);
    assert_non_null(strstr(eid_wallet_last_error(w->wallet), "activation request"));
    level_2(w);
    /* another holder's identity */
    assert_int_equal(eid_wallet_activate(w->wallet, w->f.verifier, stolen.data, stolen.len), EID_ERR_WRONG_HOLDER);
    assert_non_null(strstr(eid_wallet_last_error(w->wallet), "another holder key"));

    /* another person's document bound to this wallet's key */
    eid_claim c[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_HEALTH_INSURANCE, c);
    c[0].bytes = (const uint8_t *)"079188000123";
    eid_credential_params p = fx_params(&w->f, EID_DOC_HEALTH_INSURANCE, 41);
    p.holder_key = w->holder;
    eid_bytes other = {0};
    assert_int_equal(eid_issue_credential(w->f.issuer[EID_DOC_HEALTH_INSURANCE], &p, c, n, &other), EID_OK);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, other.data, other.len), EID_ERR_WRONG_HOLDER);
    assert_non_null(strstr(eid_wallet_last_error(w->wallet), "import: "));
    assert_non_null(strstr(eid_wallet_last_error(w->wallet), "personal_id"));
    assert_no_claim_value(w, c, n);

    /* a document from an issuer the trust list does not know: the check is named */
    eid_key *rogue = NULL;
    assert_int_equal(eid_key_new(&rogue), EID_OK);
    n = fx_claims(EID_DOC_CRIMINAL_RECORD, c);
    p = fx_params(&w->f, EID_DOC_CRIMINAL_RECORD, 42);
    p.holder_key = w->holder;
    eid_bytes forged = {0};
    assert_int_equal(eid_issue_credential(rogue, &p, c, n, &forged), EID_OK);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, forged.data, forged.len), EID_ERR_UNTRUSTED_ISSUER);
    assert_non_null(strstr(eid_wallet_last_error(w->wallet), "issuer_key"));
    assert_no_claim_value(w, c, n);

    /* a claim the identity does not hold */
    const uint32_t missing[] = {30};
    eid_bytes shown = {0};
    assert_int_equal(eid_wallet_present(w->wallet, EID_DOC_IDENTITY, missing, 1, NULL, 0, NULL, &shown, NULL),
                     EID_ERR_NOT_FOUND);
    assert_non_null(strstr(eid_wallet_last_error(w->wallet), "claim number 30"));
    n = fx_claims(EID_DOC_IDENTITY, c);
    assert_no_claim_value(w, c, n);

    /* a success leaves the last failure as it was */
    const uint32_t name[] = {1};
    assert_int_equal(eid_wallet_present(w->wallet, EID_DOC_IDENTITY, name, 1, NULL, 0, NULL, &shown, NULL), EID_OK);
    assert_non_null(strstr(eid_wallet_last_error(w->wallet), "claim number 30"));
    eid_bytes_free(&shown);
    eid_bytes_free(&stolen);
    eid_bytes_free(&other);
    eid_bytes_free(&forged);
    eid_key_free(rogue);
    world_free(w);
}

static void revocation_and_a_second_device(void **state)
{
    (void)state;
    world *w = world_new();
    level_2(w);
    eid_bytes cr = document_issue(w, EID_DOC_CRIMINAL_RECORD, 50, w->f.today - 1);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, cr.data, cr.len), EID_OK);
    const uint32_t std[] = {0, 1};
    char *before = present_text(w, EID_DOC_CRIMINAL_RECORD, std, 2, EID_OK);
    /* the justice ministry revokes the certificate */
    const uint32_t r50[] = {50};
    fx_sign_status(&w->f, EID_DOC_CRIMINAL_RECORD, r50, 1, 4);
    assert_int_equal(fx_build(&w->f), EID_OK);
    assert_int_equal(fx_verify(&w->f, before, w->f.now, NULL), EID_ERR_REVOKED);
    size_t revoked = 0;
    assert_int_equal(eid_wallet_refresh(w->wallet, w->f.verifier, &revoked), EID_OK);
    assert_int_equal(revoked, 1);
    present_text(w, EID_DOC_CRIMINAL_RECORD, std, 2, EID_ERR_REVOKED);
    eid_document *doc = NULL;
    assert_int_equal(eid_wallet_document(w->wallet, EID_DOC_CRIMINAL_RECORD, &doc), EID_OK);
    assert_int_equal(eid_document_validity(doc), EID_VALIDITY_REVOKED);
    eid_document_free(doc);
    /* a stale list changes nothing */
    uint8_t s1[32], s2[32];
    snapshot(w, s1);
    wallet_now = w->f.now + 2 * 86400;
    assert_int_not_equal(eid_wallet_refresh(w->wallet, w->f.verifier, NULL), EID_OK);
    snapshot(w, s2);
    assert_memory_equal(s1, s2, 32);
    wallet_now = w->f.now;

    /* the citizen activates a new phone: the authority revokes the old identity (index 1) */
    world *phone2 = world_new();
    eid_bytes id2 = authority_issue(phone2, phone2->wallet, 2, FX_PERSONAL_ID, 2);
    assert_int_equal(eid_wallet_activate(phone2->wallet, w->f.verifier, id2.data, id2.len), EID_OK);
    const uint32_t r1[] = {1};
    fx_sign_status(&w->f, EID_DOC_IDENTITY, r1, 1, 5);
    assert_int_equal(fx_build(&w->f), EID_OK);
    assert_int_equal(eid_wallet_refresh(w->wallet, w->f.verifier, &revoked), EID_OK);
    assert_int_equal(revoked, 2);
    uint32_t level = 9;
    assert_int_equal(eid_wallet_level(w->wallet, &level), EID_OK);
    assert_int_equal(level, 0);
    present_text(w, EID_DOC_IDENTITY, std, 2, EID_ERR_IDENTITY_REVOKED);
    eid_bytes req = {0};
    assert_int_equal(eid_wallet_issuance_request(w->wallet, challenge, sizeof challenge, &req),
                     EID_ERR_IDENTITY_REVOKED);
    /* the new phone presents */
    assert_int_equal(eid_wallet_refresh(phone2->wallet, w->f.verifier, NULL), EID_OK);
    eid_bytes p = {0};
    assert_int_equal(eid_wallet_present(phone2->wallet, EID_DOC_IDENTITY, std, 2, NULL, 0, NULL, &p, NULL), EID_OK);
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    assert_int_equal(fx_verify(&w->f, text, w->f.now, NULL), EID_OK);
    eid_text_free(text);
    eid_bytes_free(&p);
    eid_bytes_free(&id2);
    eid_text_free(before);
    eid_bytes_free(&cr);
    world_free(phone2);
    world_free(w);
}

static void issuers_check_requests(void **state)
{
    (void)state;
    world *w = world_new();
    eid_bytes req = {0};
    assert_int_equal(eid_wallet_activation_request(w->wallet, challenge, sizeof challenge, &req), EID_OK);
    uint8_t key[32];
    uint32_t prot;
    static const uint8_t other[] = "another-challenge";
    assert_int_equal(eid_activation_check(req.data, req.len, other, sizeof other, key, &prot), EID_ERR_WRONG_CHALLENGE);
    req.data[req.len - 1] ^= 1;
    assert_int_equal(eid_activation_check(req.data, req.len, challenge, sizeof challenge, key, &prot),
                     EID_ERR_BAD_SIGNATURE);
    assert_int_equal(eid_activation_check(req.data, req.len - 1, challenge, sizeof challenge, key, &prot),
                     EID_ERR_FORMAT);
    req.data[req.len - 1] ^= 1;
    /* non-canonical encodings of the request and of its signed body */
    eid_bytes v[5];
    int k = wire_noncanonical(&req, v);
    for (int i = 0; i < k; i++) {
        assert_int_equal(eid_activation_check(v[i].data, v[i].len, challenge, sizeof challenge, key, &prot),
                         EID_ERR_FORMAT);
        eid_bytes_free(&v[i]);
    }
    eid_bytes body = wire_take(&req, 1);
    k = wire_noncanonical(&body, v);
    for (int i = 0; i < k; i++) {
        eid_bytes nr = wire_set(&req, 1, 0, v[i].data, v[i].len);
        assert_int_equal(eid_activation_check(nr.data, nr.len, challenge, sizeof challenge, key, &prot),
                         EID_ERR_FORMAT);
        eid_bytes_free(&nr);
        eid_bytes_free(&v[i]);
    }
    eid_bytes_free(&body);
    eid_bytes_free(&req);
    level_2(w);
    assert_int_equal(eid_wallet_issuance_request(w->wallet, challenge, sizeof challenge, &req), EID_OK);
    char pid[13];
    assert_int_equal(eid_verifier_check_issuance(w->f.verifier, req.data, req.len, other, sizeof other, w->f.now, key,
                                                 &prot,
                                                 pid),
                     EID_ERR_WRONG_CHALLENGE);
    req.data[req.len - 1] ^= 1;
    assert_int_equal(eid_verifier_check_issuance(w->f.verifier, req.data, req.len, challenge, sizeof challenge,
                                                 w->f.now, key,
                                                 &prot, pid),
                     EID_ERR_BAD_SIGNATURE);
    req.data[req.len - 1] ^= 1;
    /* an identity revoked since: document issuers refuse */
    const uint32_t r1[] = {1};
    fx_sign_status(&w->f, EID_DOC_IDENTITY, r1, 1, 5);
    assert_int_equal(fx_build(&w->f), EID_OK);
    assert_int_equal(eid_verifier_check_issuance(w->f.verifier, req.data, req.len, challenge, sizeof challenge,
                                                 w->f.now, key,
                                                 &prot, pid),
                     EID_ERR_REVOKED);
    eid_bytes_free(&req);
    world_free(w);
}

static void audit_entries_expire(void **state)
{
    (void)state;
    world *w = world_new();
    level_2(w);
    const uint32_t one[] = {3};
    char *t = present_text(w, EID_DOC_IDENTITY, one, 1, EID_OK);
    eid_text_free(t);
    wallet_now = w->f.now + 200 * 86400;
    t = present_text(w, EID_DOC_IDENTITY, one, 1, EID_OK);
    eid_text_free(t);
    /* a year and a day after the first: only the second is left */
    wallet_now = w->f.now + 366 * 86400;
    eid_wallet_free(w->wallet);
    eid_wallet_options wo;
    eid_wallet_options_default(&wo, EID_WALLET_OPTIONS_VERSION);
    wo.clock = wallet_clock;
    assert_int_equal(eid_wallet_new(w->vault, &wo, &w->wallet), EID_OK);
    eid_audit *log = NULL;
    assert_int_equal(eid_wallet_audit(w->wallet, &log), EID_OK);
    assert_int_equal(eid_audit_count(log), 1);
    int64_t when;
    assert_int_equal(eid_audit_entry(log, 0, &when, NULL, NULL, NULL), EID_OK);
    assert_true(when > w->f.now + 199 * 86400);
    eid_audit_free(log);
    wallet_now = w->f.now;
    world_free(w);
}

/* Wallet options carry their layout version and 0/1 booleans, as every
 * options struct does: anything else is refused before the wallet exists. */
static void options_carry_their_version(void **state)
{
    (void)state;
    world *w = world_new();
    eid_wallet_free(w->wallet);
    w->wallet = NULL;
    eid_wallet_options wo;
    assert_int_equal(eid_wallet_options_default(&wo, EID_WALLET_OPTIONS_VERSION), EID_OK);
    assert_int_equal(wo.version, EID_WALLET_OPTIONS_VERSION);
    eid_wallet_options bad = wo;
    assert_int_equal(eid_wallet_options_default(&bad, EID_WALLET_OPTIONS_VERSION + 1), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_wallet_options_default(NULL, EID_WALLET_OPTIONS_VERSION), EID_ERR_INVALID_ARG);
    eid_wallet *x = NULL;
    const uint32_t versions[] = {0, EID_WALLET_OPTIONS_VERSION + 1};
    for (size_t i = 0; i < 2; i++) {
        bad = wo;
        bad.version = versions[i];
        assert_int_equal(eid_wallet_new(w->vault, &bad, &x), EID_ERR_INVALID_ARG);
        assert_null(x);
    }
    bad = wo;
    bad.batch_reuse_when_empty = 2;
    assert_int_equal(eid_wallet_new(w->vault, &bad, &x), EID_ERR_INVALID_ARG);
    assert_null(x);
    wo.batch_reuse_when_empty = 1;
    assert_int_equal(eid_wallet_new(w->vault, &wo, &w->wallet), EID_OK);
    world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_story),
        cmocka_unit_test(refusals_leave_the_vault_as_it_was),
        cmocka_unit_test(failures_leave_a_message_without_claim_values),
        cmocka_unit_test(revocation_and_a_second_device),
        cmocka_unit_test(issuers_check_requests),
        cmocka_unit_test(audit_entries_expire),
        cmocka_unit_test(options_carry_their_version),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("wallet", tests, NULL, NULL);
}
