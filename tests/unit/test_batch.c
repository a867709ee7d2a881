/* SPDX-License-Identifier: Apache-2.0 */
/* Batch issuance: two presentations of one document share nothing a relying
 * party could link them by, beyond what every credential of that issuer, doc
 * type and day carries; once-only use, the empty batch and the reuse flag;
 * revocation of the document and a second device reach every member; the
 * issuer's requests, batches and revocation-index allocator refuse what they must. */
#include "common/pb.h"
#include "eid/v1/credential.pb-c.h"
#include "eid/v1/presentation.pb-c.h"
#include "test_batch_support.h"

static const uint32_t std4[] = {0, 1, 2, 3}; /* personal_id, full_name, birth_date, age_over_18 */

/* ---- a presentation, decoded field by field ------------------------------------------ */

typedef struct decoded {
    Eid__V1__Presentation *p;
    Eid__V1__PresentationBody *b;
    Eid__V1__CredentialPayload *c;
    Eid__V1__Disclosure *d[32];     /* at most one per leaf */
    size_t n_d;
} decoded;

static void decode(const eid_bytes *bytes, decoded *out)
{
    memset(out, 0, sizeof *out);
    assert_int_equal(PB_DECODE(Eid__V1__Presentation, eid__v1__presentation__descriptor, bytes->data, bytes->len,
                               4096, &out->p),
                     EID_OK);
    assert_int_equal(PB_DECODE(Eid__V1__PresentationBody, eid__v1__presentation_body__descriptor,
                               out->p->body.data, out->p->body.len, 4096, &out->b),
                     EID_OK);
    assert_non_null(out->b->credential);
    assert_int_equal(PB_DECODE(Eid__V1__CredentialPayload, eid__v1__credential_payload__descriptor,
                               out->b->credential->payload.data, out->b->credential->payload.len, 4096, &out->c),
                     EID_OK);
    out->n_d = out->b->n_disclosures;
    for (size_t i = 0; i < out->n_d; i++)
        assert_int_equal(PB_DECODE(Eid__V1__Disclosure, eid__v1__disclosure__descriptor,
                                   out->b->disclosures[i].data, out->b->disclosures[i].len, 4096, &out->d[i]),
                         EID_OK);
}

static void decoded_free(decoded *d)
{
    for (size_t i = 0; i < d->n_d; i++)
        pb_free(&d->d[i]->base);
    pb_free(&d->c->base);
    pb_free(&d->b->base);
    pb_free(&d->p->base);
}

static int same(ProtobufCBinaryData a, ProtobufCBinaryData b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

/* Fields that two presentations of one citizen's document share, 1 each when
 * the values are equal (and non-empty for bytes). */
typedef struct shared {
    int holder_signature, nonce, created_at, request_hash, issuer_signature, holder_key, merkle_root, status_index;
    int salts, proof_nodes;             /* how many salts / 16-byte proof nodes are equal */
    size_t n_nodes;
} shared;

static shared compare(const decoded *x, const decoded *y)
{
    shared s = {0};
    s.holder_signature = same(x->p->holder_signature, y->p->holder_signature);
    s.nonce = x->b->nonce.len > 0 && same(x->b->nonce, y->b->nonce);
    s.created_at = x->b->created_at == y->b->created_at;
    s.request_hash = x->b->request_hash.len > 0 && same(x->b->request_hash, y->b->request_hash);
    s.issuer_signature = same(x->b->credential->issuer_signature, y->b->credential->issuer_signature);
    s.holder_key = same(x->c->holder_key, y->c->holder_key);
    s.merkle_root = same(x->c->merkle_root, y->c->merkle_root);
    s.status_index = x->c->status_index == y->c->status_index;
    /* The allow-list: what every credential of this issuer, doc type and day carries. */
    assert_int_equal(x->b->version, y->b->version);
    assert_int_equal(x->b->mode, y->b->mode);
    assert_int_equal(x->c->version, y->c->version);
    assert_int_equal(x->c->doc_type, y->c->doc_type);
    assert_true(same(x->c->issuer_key_id, y->c->issuer_key_id));
    assert_int_equal(x->c->assurance, y->c->assurance);
    assert_int_equal(x->c->issued_on, y->c->issued_on);
    assert_int_equal(x->c->valid_from, y->c->valid_from);
    assert_int_equal(x->c->valid_until, y->c->valid_until);
    assert_int_equal(x->c->holder_key_alg, y->c->holder_key_alg);
    assert_int_equal(x->c->key_protection, y->c->key_protection);
    assert_int_equal(x->c->leaf_count, y->c->leaf_count);
    assert_int_equal(x->c->status_list, y->c->status_list);
    /* The disclosed values are the same; only their salts may differ. */
    assert_int_equal(x->n_d, y->n_d);
    for (size_t i = 0; i < x->n_d; i++) {
        assert_int_equal(x->d[i]->claim, y->d[i]->claim);
        assert_int_equal(x->d[i]->salt.len, 16);
        uint8_t *vx = NULL, *vy = NULL;
        size_t lx = 0, ly = 0;
        assert_int_equal(pb_encode(&x->d[i]->value->base, &vx, &lx), EID_OK);
        assert_int_equal(pb_encode(&y->d[i]->value->base, &vy, &ly), EID_OK);
        assert_int_equal(lx, ly);
        assert_memory_equal(vx, vy, lx);
        free(vx);
        free(vy);
        s.salts += same(x->d[i]->salt, y->d[i]->salt);
    }
    assert_int_equal(x->b->proof.len, y->b->proof.len);
    assert_int_equal(x->b->proof.len % 16, 0);
    s.n_nodes = x->b->proof.len / 16;
    for (size_t k = 0; k < s.n_nodes; k++)
        s.proof_nodes += memcmp(x->b->proof.data + 16 * k, y->b->proof.data + 16 * k, 16) == 0;
    return s;
}

/* Two presentations of claims 0-3 of doc_type, 37 s apart, both verified. */
static void two_presentations(tb_world *w, uint32_t doc_type, decoded *x, decoded *y, int *reused)
{
    eid_bytes a = tb_present(w, doc_type, std4, 4, &reused[0], EID_OK);
    tb_now += 37;
    eid_bytes b = tb_present(w, doc_type, std4, 4, &reused[1], EID_OK);
    for (int i = 0; i < 2; i++) {
        char *text = tb_text(i == 0 ? &a : &b);
        assert_int_equal(fx_verify(&w->f, text, tb_now, NULL), EID_OK);
        eid_text_free(text);
    }
    decode(&a, x);
    decode(&b, y);
    eid_bytes_free(&a);
    eid_bytes_free(&b);
}

static void batch_members_share_only_the_allow_list(void **state)
{
    (void)state;
    tb_world *w = tb_world_new("batch-unlinkable");
    tb_activate(w, w->wallet, 1, 1);
    tb_import(w, EID_DOC_DRIVING_LICENCE, 20);
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_DRIVING_LICENCE; t++) {
        assert_int_equal(tb_refill(w, t, t), EID_BATCH_DEFAULT_MEMBERS);
        decoded x, y;
        int reused[2] = {9, 9};
        two_presentations(w, t, &x, &y, reused);
        assert_int_equal(reused[0], 0);
        assert_int_equal(reused[1], 0);
        shared s = compare(&x, &y);
        assert_false(s.holder_signature);
        assert_false(s.nonce);
        assert_false(s.created_at);
        assert_false(s.request_hash);
        assert_false(s.issuer_signature);
        assert_false(s.holder_key);
        assert_false(s.merkle_root);
        assert_false(s.status_index);
        assert_int_equal(s.salts, 0);
        assert_true(s.n_nodes > 0);
        assert_int_equal(s.proof_nodes, 0);
        /* short-lived, from the issue day */
        assert_int_equal(x.c->issued_on, eid_day_of(w->f.now));
        assert_int_equal(x.c->valid_from, x.c->issued_on);
        assert_int_equal(x.c->valid_until, x.c->issued_on + EID_BATCH_DEFAULT_VALIDITY_DAYS - 1);
        decoded_free(&x);
        decoded_free(&y);
    }
    tb_world_free(w);
}

static void without_batches_presentations_share_everything(void **state)
{
    (void)state;
    tb_world *w = tb_world_new("batch-linkable");
    tb_activate(w, w->wallet, 1, 1);
    decoded x, y;
    int reused[2] = {9, 9};
    two_presentations(w, EID_DOC_IDENTITY, &x, &y, reused);
    assert_int_equal(reused[0], 1); /* the credential of record */
    assert_int_equal(reused[1], 1);
    shared s = compare(&x, &y);
    assert_true(s.issuer_signature);
    assert_true(s.holder_key);
    assert_true(s.merkle_root);
    assert_true(s.status_index);
    assert_int_equal(s.salts, 4);
    assert_true(s.n_nodes > 0);
    assert_int_equal(s.proof_nodes, (int)s.n_nodes);
    assert_false(s.holder_signature); /* what each presentation adds is fresh either way */
    assert_false(s.nonce);
    decoded_free(&x);
    decoded_free(&y);
    tb_world_free(w);
}

static uint64_t holder_keys_in_vault(tb_world *w)
{
    uint64_t n = 0;
    assert_int_equal(vault_count(w->vault, VAULT_KIND_HOLDER_KEY, &n), EID_OK);
    return n;
}

static void once_only_then_empty_or_reuse(void **state)
{
    (void)state;
    tb_world *w = tb_world_new("batch-once");
    tb_activate(w, w->wallet, 1, 1);
    assert_int_equal(holder_keys_in_vault(w), 1);
    size_t left = 99;
    int due = 9;
    assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_IDENTITY, &left, &due), EID_OK);
    assert_int_equal(left, 0);
    assert_int_equal(tb_refill(w, EID_DOC_IDENTITY, 1), 16);
    assert_int_equal(holder_keys_in_vault(w), 17);
    assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_IDENTITY, &left, &due), EID_OK);
    assert_int_equal(left, 16);
    assert_int_equal(due, 0);
    uint8_t seen[16][32];
    for (int i = 0; i < 16; i++) {
        int reused = 9;
        eid_bytes p = tb_present(w, EID_DOC_IDENTITY, std4 + 3, 1, &reused, EID_OK);
        assert_int_equal(reused, 0);
        char *text = tb_text(&p);
        assert_int_equal(fx_verify(&w->f, text, tb_now, NULL), EID_OK);
        eid_text_free(text);
        decoded d;
        decode(&p, &d);
        memcpy(seen[i], d.c->holder_key.data, 32);
        for (int j = 0; j < i; j++)
            assert_memory_not_equal(seen[i], seen[j], 32);
        decoded_free(&d);
        eid_bytes_free(&p);
        assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_IDENTITY, &left, &due), EID_OK);
        assert_int_equal(left, (size_t)(15 - i));
        assert_int_equal(due, 15 - i <= 4); /* told before it runs out */
        assert_int_equal(holder_keys_in_vault(w), (uint64_t)(16 - i)); /* the used key went with it */
        tb_now += 5;
    }
    /* the 17th is refused, and nothing was written */
    int reused = 9;
    eid_bytes p = tb_present(w, EID_DOC_IDENTITY, std4, 4, &reused, EID_ERR_BATCH_EMPTY);
    assert_null(p.data);
    assert_int_equal(reused, 0);
    eid_audit *log = NULL;
    assert_int_equal(eid_wallet_audit(w->wallet, &log), EID_OK);
    assert_int_equal(eid_audit_count(log), 16);
    eid_audit_free(log);
    /* the reuse policy: the credential of record, flagged */
    w->wo.batch_reuse_when_empty = 1;
    tb_wallet_reopen(w);
    p = tb_present(w, EID_DOC_IDENTITY, std4, 4, &reused, EID_OK);
    assert_int_equal(reused, 1);
    decoded d;
    decode(&p, &d);
    eid_document *doc = NULL;
    assert_int_equal(eid_wallet_document(w->wallet, EID_DOC_IDENTITY, &doc), EID_OK);
    assert_int_equal(d.c->valid_until, eid_document_valid_until(doc)); /* the long-lived one */
    eid_document_free(doc);
    decoded_free(&d);
    eid_bytes_free(&p);
    /* a refill brings the batch back, and the record is no longer used */
    assert_int_equal(tb_refill(w, EID_DOC_IDENTITY, 1), 16);
    p = tb_present(w, EID_DOC_IDENTITY, std4, 4, &reused, EID_OK);
    assert_int_equal(reused, 0);
    eid_bytes_free(&p);
    tb_world_free(w);
}

static void one_member_per_relying_party(void **state)
{
    (void)state;
    tb_world *w = tb_world_new("batch-per-rp");
    w->wo.batch_policy = EID_BATCH_PER_RELYING_PARTY;
    w->wo.batch_size = 4;
    tb_wallet_reopen(w);
    tb_activate(w, w->wallet, 1, 1);
    assert_int_equal(tb_refill(w, EID_DOC_IDENTITY, 1), 4);
    const uint32_t asked[] = {0, 1};
    eid_requested_claims rq = {EID_DOC_IDENTITY, asked, 2};
    uint8_t keys[3][32];
    for (int i = 0; i < 3; i++) {
        eid_bytes request = {0}, p = {0};
        assert_int_equal(eid_request_create(w->f.rp, "vn.csgt.checkpoint", &rq, 1, tb_now, 120, &request), EID_OK);
        assert_int_equal(eid_verifier_open_request(w->f.verifier, request.data, request.len, tb_now), EID_OK);
        int reused = 9;
        assert_int_equal(eid_wallet_present(w->wallet, EID_DOC_IDENTITY, asked, 2, request.data, request.len,
                                               w->f.verifier, &p, &reused),
                         EID_OK);
        assert_int_equal(reused, 0);
        char *text = tb_text(&p);
        assert_int_equal(fx_verify(&w->f, text, tb_now, NULL), EID_OK);
        eid_text_free(text);
        decoded d;
        decode(&p, &d);
        memcpy(keys[i], d.c->holder_key.data, 32);
        decoded_free(&d);
        eid_bytes_free(&p);
        eid_bytes_free(&request);
        tb_now += 61;
    }
    /* the same member for the same relying party; it no longer counts as unseen */
    assert_memory_equal(keys[0], keys[1], 32);
    assert_memory_equal(keys[0], keys[2], 32);
    size_t left = 0;
    assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_IDENTITY, &left, NULL), EID_OK);
    assert_int_equal(left, 3);
    /* an offline presentation takes another member, once */
    eid_bytes p = tb_present(w, EID_DOC_IDENTITY, asked, 2, NULL, EID_OK);
    decoded d;
    decode(&p, &d);
    assert_memory_not_equal(d.c->holder_key.data, keys[0], 32);
    decoded_free(&d);
    eid_bytes_free(&p);
    assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_IDENTITY, &left, NULL), EID_OK);
    assert_int_equal(left, 2);
    tb_world_free(w);
}

/* Presents every member of doc_type's batch (16), returning the texts. */
static void present_all(tb_world *w, uint32_t doc_type, char *texts[16])
{
    for (int i = 0; i < 16; i++) {
        eid_bytes p = tb_present(w, doc_type, std4 + 1, 2, NULL, EID_OK);
        texts[i] = tb_text(&p);
        eid_bytes_free(&p);
    }
    tb_present(w, doc_type, std4 + 1, 2, NULL, EID_ERR_BATCH_EMPTY);
}

static void revocation_and_a_second_device_reach_every_member(void **state)
{
    (void)state;
    tb_world *w = tb_world_new("batch-revoke");
    tb_activate(w, w->wallet, 1, 1);
    tb_import(w, EID_DOC_CRIMINAL_RECORD, 50);
    assert_int_equal(tb_refill(w, EID_DOC_CRIMINAL_RECORD, EID_DOC_CRIMINAL_RECORD), 16);
    assert_int_equal(tb_refill(w, EID_DOC_IDENTITY, 1), 16);
    char *cr[16], *id[16];
    present_all(w, EID_DOC_CRIMINAL_RECORD, cr);
    present_all(w, EID_DOC_IDENTITY, id);
    /* the justice ministry revokes the certificate: its record and all 16 members */
    size_t n = 0;
    assert_int_equal(eid_revocation_allocator_revoke(w->alloc[EID_DOC_CRIMINAL_RECORD], EID_DOC_CRIMINAL_RECORD, &n),
                     EID_OK);
    assert_int_equal(n, 17);
    tb_publish(w, EID_DOC_CRIMINAL_RECORD, 4);
    for (int i = 0; i < 16; i++) {
        assert_int_equal(fx_verify(&w->f, cr[i], tb_now, NULL), EID_ERR_REVOKED);
        eid_text_free(cr[i]);
    }
    /* the citizen activates a new phone: the authority revokes every credential of the old one */
    tb_world *phone2 = tb_world_new("batch-phone2");
    eid_revocation_allocator_free(phone2->alloc[EID_DOC_IDENTITY]);
    phone2->alloc[EID_DOC_IDENTITY] = w->alloc[EID_DOC_IDENTITY]; /* one authority, one register */
    fx_free(&phone2->f);
    phone2->f = w->f;
    /* the authority gives the new record a free index: the old phone's batch members were drawn
     * at random from the same register, so a fixed index could already be taken */
    uint32_t record2 = 0;
    assert_int_equal(eid_revocation_allocator_take(w->alloc[EID_DOC_IDENTITY], (int32_t)(tb_now / 86400) + 365, 2,
                                                   &record2), EID_OK);
    assert_int_equal(eid_revocation_allocator_release(w->alloc[EID_DOC_IDENTITY], record2), EID_OK);
    tb_activate(phone2, phone2->wallet, record2, 2);
    assert_int_equal(eid_revocation_allocator_revoke(w->alloc[EID_DOC_IDENTITY], 1, &n), EID_OK);
    assert_int_equal(n, 17);
    tb_publish(w, EID_DOC_IDENTITY, 5);
    for (int i = 0; i < 16; i++) {
        assert_int_equal(fx_verify(&w->f, id[i], tb_now, NULL), EID_ERR_REVOKED);
        eid_text_free(id[i]);
    }
    /* the new phone's batch verifies */
    phone2->f = w->f;
    assert_int_equal(tb_refill(phone2, EID_DOC_IDENTITY, 2), 16);
    eid_bytes p = tb_present(phone2, EID_DOC_IDENTITY, std4, 4, NULL, EID_OK);
    char *text = tb_text(&p);
    assert_int_equal(fx_verify(&w->f, text, tb_now, NULL), EID_OK);
    eid_text_free(text);
    eid_bytes_free(&p);
    /* the old phone learns it at its next refresh and stops presenting */
    assert_int_equal(eid_wallet_refresh(w->wallet, w->f.verifier, NULL), EID_OK);
    tb_present(w, EID_DOC_IDENTITY, std4, 4, NULL, EID_ERR_IDENTITY_REVOKED);
    phone2->alloc[EID_DOC_IDENTITY] = NULL;
    memset(&phone2->f, 0, sizeof phone2->f);
    tb_world_free(phone2);
    tb_world_free(w);
}

static void issuers_and_wallets_refuse_bad_batches(void **state)
{
    (void)state;
    tb_world *w = tb_world_new("batch-refuse");
    tb_activate(w, w->wallet, 1, 1);
    /* no refill outstanding */
    eid_bytes req = {0};
    assert_int_equal(eid_wallet_refill_request(w->wallet, EID_DOC_HEALTH_INSURANCE, tb_challenge,
                                               sizeof tb_challenge, &req),
                     EID_ERR_NOT_FOUND);
    assert_int_equal(eid_wallet_refill_request(w->wallet, EID_DOC_IDENTITY, tb_challenge, sizeof tb_challenge, &req),
                     EID_OK);
    eid_bytes batch = tb_issue_for(w, &req, EID_DOC_IDENTITY, 1);
    /* the issuer: another challenge, a tampered request, a refill through the one-key check */
    uint32_t dt, prot;
    uint8_t keys[EID_BATCH_MAX_MEMBERS * 32], one[32];
    size_t n;
    char pid[13];
    static const uint8_t other[] = "another-challenge";
    assert_int_equal(eid_verifier_check_refill(w->f.verifier, req.data, req.len, other, sizeof other, w->f.now, &dt,
                                               keys, EID_BATCH_MAX_MEMBERS, &n, &prot, pid),
                     EID_ERR_WRONG_CHALLENGE);
    assert_int_equal(eid_verifier_check_refill(w->f.verifier, req.data, req.len, tb_challenge, sizeof tb_challenge,
                                               w->f.now, &dt, keys, 8, &n, &prot, pid),
                     EID_ERR_FORMAT); /* more keys than the issuer takes */
    req.data[req.len - 1] ^= 1; /* the last key's proof of possession */
    assert_int_equal(eid_verifier_check_refill(w->f.verifier, req.data, req.len, tb_challenge, sizeof tb_challenge,
                                               w->f.now, &dt, keys, EID_BATCH_MAX_MEMBERS, &n, &prot, pid),
                     EID_ERR_BAD_SIGNATURE);
    req.data[req.len - 1] ^= 1;
    assert_int_not_equal(eid_verifier_check_issuance(w->f.verifier, req.data, req.len, tb_challenge,
                                                     sizeof tb_challenge,
                                                     w->f.now, one, &prot, pid),
                         EID_OK);
    /* a repeated key would link two members: the issuer refuses to sign it */
    eid_claim claims[EID_CLAIM_MAX_COUNT];
    size_t nc = fx_claims(EID_DOC_IDENTITY, claims);
    memset(keys, 7, 64);
    eid_batch_params bp = {.doc_type = EID_DOC_IDENTITY, .assurance = 2, .issued_on = w->f.today,
                           .document_valid_until = w->f.today + 300, .revocation_list = 1, .document = 1};
    eid_bytes bad = {0};
    size_t live = eid_revocation_allocator_live(w->alloc[EID_DOC_IDENTITY]);
    assert_int_equal(eid_issue_batch(w->f.issuer[1], &bp, claims, nc, keys, 2, w->alloc[1], &bad),
                     EID_ERR_INVALID_ARG);
    /* a failing batch gives back the indexes it took */
    claims[1].bytes_len = 0;
    keys[32] = 8;
    assert_int_not_equal(eid_issue_batch(w->f.issuer[1], &bp, claims, nc, keys, 2, w->alloc[1], &bad), EID_OK);
    assert_int_equal(eid_revocation_allocator_live(w->alloc[EID_DOC_IDENTITY]), live);
    /* the wallet: keys it did not ask for, another person's, a tampered or truncated batch */
    memset(keys, 0, 32);
    eid_key *stranger = NULL;
    assert_int_equal(eid_key_new(&stranger), EID_OK);
    eid_key_public(stranger, keys);
    nc = fx_claims(EID_DOC_IDENTITY, claims);
    assert_int_equal(eid_issue_batch(w->f.issuer[1], &bp, claims, nc, keys, 1, w->alloc[1], &bad), EID_OK);
    assert_int_equal(eid_wallet_batch_import(w->wallet, w->f.verifier, bad.data, bad.len, NULL),
                     EID_ERR_WRONG_HOLDER);
    eid_bytes_free(&bad);
    /* the requested keys, but claims other than the credential of record's */
    assert_int_equal(eid_verifier_check_refill(w->f.verifier, req.data, req.len, tb_challenge, sizeof tb_challenge,
                                               w->f.now, &dt, keys, EID_BATCH_MAX_MEMBERS, &n, &prot, pid),
                     EID_OK);
    for (size_t i = 0; i < nc; i++)
        if (claims[i].number == 10)
            claims[i].bytes_len -= 5; /* another place of residence */
    assert_int_equal(eid_issue_batch(w->f.issuer[1], &bp, claims, nc, keys, n, w->alloc[1], &bad), EID_OK);
    assert_int_equal(eid_wallet_batch_import(w->wallet, w->f.verifier, bad.data, bad.len, NULL),
                     EID_ERR_INVALID_CLAIM);
    eid_bytes_free(&bad);
    batch.data[batch.len - 40] ^= 1;
    assert_int_not_equal(eid_wallet_batch_import(w->wallet, w->f.verifier, batch.data, batch.len, NULL), EID_OK);
    batch.data[batch.len - 40] ^= 1;
    assert_int_equal(eid_wallet_batch_import(w->wallet, w->f.verifier, batch.data, batch.len - 1, NULL),
                     EID_ERR_FORMAT);
    size_t left = 9;
    assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_IDENTITY, &left, NULL), EID_OK);
    assert_int_equal(left, 0);
    /* the real one, once; the refill keys are then spent */
    assert_int_equal(eid_wallet_batch_import(w->wallet, w->f.verifier, batch.data, batch.len, &n), EID_OK);
    assert_int_equal(n, 16);
    assert_int_equal(eid_wallet_batch_import(w->wallet, w->f.verifier, batch.data, batch.len, NULL), EID_ERR_STATE);
    eid_key_free(stranger);
    eid_bytes_free(&batch);
    eid_bytes_free(&req);
    tb_world_free(w);
}

static void members_expire_and_indexes_come_back(void **state)
{
    (void)state;
    /* the allocator: random free indexes, full list, expiry, revocation by document */
    eid_revocation_allocator *a = NULL;
    assert_int_equal(eid_revocation_allocator_new(20, &a), EID_OK);
    assert_int_equal(eid_revocation_allocator_reserve(a, 3, 100, 7), EID_OK);
    assert_int_equal(eid_revocation_allocator_reserve(a, 3, 100, 7), EID_ERR_EXISTS);
    uint32_t got[20];
    for (int i = 0; i < 19; i++) {
        assert_int_equal(eid_revocation_allocator_take(a, i < 10 ? 129 : 150, i < 5 ? 7 : 8, &got[i]), EID_OK);
        assert_int_not_equal(got[i], 3);
        for (int j = 0; j < i; j++)
            assert_int_not_equal(got[i], got[j]);
    }
    uint32_t x;
    assert_int_equal(eid_revocation_allocator_take(a, 129, 9, &x), EID_ERR_LIST_FULL);
    size_t n = 0;
    assert_int_equal(eid_revocation_allocator_revoke(a, 7, &n), EID_OK);
    assert_int_equal(n, 6);
    uint32_t *revoked = NULL;
    assert_int_equal(eid_revocation_allocator_revoked(a, &revoked, &n), EID_OK);
    assert_int_equal(n, 6);
    for (size_t i = 1; i < n; i++)
        assert_true(revoked[i] > revoked[i - 1]);
    eid_free(revoked);
    /* a day of margin after the last valid day, then the entries come back */
    assert_int_equal(eid_revocation_allocator_expire(a, 130, &n), EID_OK);
    assert_int_equal(n, 1); /* index 3 (day 100) */
    assert_int_equal(eid_revocation_allocator_expire(a, 131, &n), EID_OK);
    assert_int_equal(n, 10);
    assert_int_equal(eid_revocation_allocator_live(a), 9);
    assert_int_equal(eid_revocation_allocator_revoked(a, &revoked, &n), EID_OK);
    assert_int_equal(n, 0); /* expired revoked entries leave the list */
    assert_int_equal(eid_revocation_allocator_take(a, 200, 9, &x), EID_OK);
    eid_revocation_allocator_free(a);

    /* the wallet skips and deletes expired members */
    tb_world *w = tb_world_new("batch-expiry");
    w->wo.batch_size = 3;
    tb_wallet_reopen(w);
    tb_activate(w, w->wallet, 1, 1);
    assert_int_equal(tb_refill(w, EID_DOC_IDENTITY, 1), 3);
    assert_int_equal(holder_keys_in_vault(w), 4);
    tb_now += 30 * 86400; /* past the members' last day */
    size_t left = 9;
    int due = 0;
    assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_IDENTITY, &left, &due), EID_OK);
    assert_int_equal(left, 0);
    assert_int_equal(due, 1);
    tb_present(w, EID_DOC_IDENTITY, std4, 1, NULL, EID_ERR_BATCH_EMPTY);
    w->wo.batch_reuse_when_empty = 1;
    tb_wallet_reopen(w);
    int reused = 0;
    eid_bytes p = tb_present(w, EID_DOC_IDENTITY, std4, 1, &reused, EID_OK);
    assert_int_equal(reused, 1);
    eid_bytes_free(&p);
    assert_int_equal(holder_keys_in_vault(w), 1); /* the expired members' keys went with them */
    tb_world_free(w);
}

static void a_new_record_takes_the_old_batch_with_it(void **state)
{
    (void)state;
    tb_world *w = tb_world_new("batch-replace");
    tb_activate(w, w->wallet, 1, 1);
    tb_import(w, EID_DOC_DRIVING_LICENCE, 20);
    assert_int_equal(tb_refill(w, EID_DOC_DRIVING_LICENCE, EID_DOC_DRIVING_LICENCE), 16);
    assert_int_equal(holder_keys_in_vault(w), 17);
    /* a renewed licence replaces the record: its members go with it (they could show stale data) */
    eid_bytes req = {0};
    assert_int_equal(eid_wallet_issuance_request(w->wallet, tb_challenge, sizeof tb_challenge, &req), EID_OK);
    uint8_t key[32];
    uint32_t prot;
    char pid[13];
    assert_int_equal(eid_verifier_check_issuance(w->f.verifier, req.data, req.len, tb_challenge, sizeof tb_challenge,
                                                 w->f.now, key, &prot, pid),
                     EID_OK);
    eid_credential_params p = fx_params(&w->f, EID_DOC_DRIVING_LICENCE, 21);
    p.holder_key = key;
    p.issued_on = w->f.today;
    eid_claim claims[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_DRIVING_LICENCE, claims);
    eid_bytes renewed = {0};
    assert_int_equal(eid_issue_credential(w->f.issuer[EID_DOC_DRIVING_LICENCE], &p, claims, n, &renewed), EID_OK);
    assert_int_equal(eid_wallet_import(w->wallet, w->f.verifier, renewed.data, renewed.len), EID_OK);
    size_t left = 9;
    assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_DRIVING_LICENCE, &left, NULL), EID_OK);
    assert_int_equal(left, 0);
    assert_int_equal(holder_keys_in_vault(w), 1);
    tb_present(w, EID_DOC_DRIVING_LICENCE, std4, 4, NULL, EID_ERR_BATCH_EMPTY);
    /* deleting the document deletes its batch too */
    assert_int_equal(tb_refill(w, EID_DOC_DRIVING_LICENCE, EID_DOC_DRIVING_LICENCE), 0 + 16);
    assert_int_equal(holder_keys_in_vault(w), 17);
    assert_int_equal(eid_wallet_delete(w->wallet, EID_DOC_DRIVING_LICENCE), EID_OK);
    assert_int_equal(holder_keys_in_vault(w), 1);
    assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_DRIVING_LICENCE, &left, NULL), EID_OK);
    assert_int_equal(left, 0);
    tb_present(w, EID_DOC_DRIVING_LICENCE, std4, 4, NULL, EID_ERR_NOT_FOUND);
    eid_bytes_free(&renewed);
    eid_bytes_free(&req);
    tb_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(batch_members_share_only_the_allow_list),
        cmocka_unit_test(without_batches_presentations_share_everything),
        cmocka_unit_test(once_only_then_empty_or_reuse),
        cmocka_unit_test(one_member_per_relying_party),
        cmocka_unit_test(revocation_and_a_second_device_reach_every_member),
        cmocka_unit_test(issuers_and_wallets_refuse_bad_batches),
        cmocka_unit_test(members_expire_and_indexes_come_back),
        cmocka_unit_test(a_new_record_takes_the_old_batch_with_it),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("batch", tests, NULL, NULL);
}
