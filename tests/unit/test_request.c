/* SPDX-License-Identifier: Apache-2.0 */
/* The wallet's side of challenge mode: eid_verifier_inspect_request() gives the
 * consent screen who asks (named by the trust list) and for what, and refuses
 * every request the relying party's own eid_verifier_open_request() refuses,
 * with the same status: both run one check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/pb.h"
#include "credential/key.h"
#include "crypto/crypto.h"
#include "eid/v1/presentation.pb-c.h"
#include "fixture.h"
#include "wire.h"

#define RP_ID "vn.csgt.checkpoint"
#define RP_NAME "Trạm CSGT Hà Nội"

/* The fixture's relying party (the checkpoint) plus the wallet's verifier:
 * built from the same pinned root and trust list, no revocation lists, and a
 * replay store of its own. */
typedef struct world {
    fx f;
    eid_replay_store *wallet_store;
    eid_verifier *wallet;
} world;

static void build_wallet(world *w)
{
    eid_verifier_free(w->wallet);
    w->wallet = NULL;
    assert_int_equal(eid_verifier_new(w->f.root_pk, 1, NULL, w->f.trust.data, w->f.trust.len, NULL, 0,
                                      w->wallet_store, &w->wallet),
                     EID_OK);
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    fx_init(&w->f);
    assert_int_equal(eid_replay_store_new(16, &w->wallet_store), EID_OK);
    build_wallet(w);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    eid_verifier_free(w->wallet);
    eid_replay_store_free(w->wallet_store);
    fx_free(&w->f);
    free(w);
    return 0;
}

static const uint32_t id_claims[] = {0, 1, 2, 3};
static const uint32_t licence_claims[] = {0, 1, 3};

/* A request built field by field, for the shapes eid_request_create() refuses
 * to make. With the defaults below it is an ordinary valid request. */
typedef struct spec {
    const eid_key *signer;
    const uint8_t *key_id_of; /* public key whose id the body names (NULL: the signer's) */
    const char *rp_id;
    uint32_t version;
    int64_t created_at, expires_at;
    const eid_requested_claims *requested;
    size_t n_requested;
} spec;

static spec default_spec(const fx *f)
{
    static const eid_requested_claims rq[] = {{EID_DOC_IDENTITY, id_claims, 4}};
    return (spec){.signer = f->rp, .rp_id = RP_ID, .version = 1, .created_at = f->now,
                  .expires_at = f->now + 120, .requested = rq, .n_requested = 1};
}

static eid_bytes sign_request_body(const eid_key *signer, const uint8_t *body, size_t body_len)
{
    uint8_t sig[CRY_SIGNATURE_BYTES];
    assert_int_equal(key_sign(signer, CRY_CTX_REQUEST, body, body_len, sig), EID_OK);
    Eid__V1__PresentationRequest r = EID__V1__PRESENTATION_REQUEST__INIT;
    r.body.data = (uint8_t *)body;
    r.body.len = body_len;
    r.signature.data = sig;
    r.signature.len = sizeof sig;
    eid_bytes out = {0};
    assert_int_equal(pb_encode(&r.base, &out.data, &out.len), EID_OK);
    return out;
}

static eid_bytes forge(const spec *s)
{
    uint8_t pk[EID_KEY_PUBLIC_BYTES], key_id[EID_KEY_ID_BYTES], nonce[16];
    eid_key_public(s->signer, pk);
    eid_key_id(s->key_id_of ? s->key_id_of : pk, key_id);
    cry_random(nonce, sizeof nonce);
    Eid__V1__RequestedClaims items[8];
    Eid__V1__RequestedClaims *ptrs[8];
    assert_true(s->n_requested <= 8);
    for (size_t i = 0; i < s->n_requested; i++) {
        Eid__V1__RequestedClaims q = EID__V1__REQUESTED_CLAIMS__INIT;
        q.doc_type = s->requested[i].doc_type;
        q.claims = (uint32_t *)s->requested[i].claims;
        q.n_claims = s->requested[i].n_claims;
        items[i] = q;
        ptrs[i] = &items[i];
    }
    Eid__V1__PresentationRequestBody b = EID__V1__PRESENTATION_REQUEST_BODY__INIT;
    b.version = s->version;
    b.rp_id.data = (uint8_t *)s->rp_id;
    b.rp_id.len = strlen(s->rp_id);
    b.rp_key_id.data = key_id;
    b.rp_key_id.len = sizeof key_id;
    b.nonce.data = nonce;
    b.nonce.len = sizeof nonce;
    b.created_at = s->created_at;
    b.expires_at = s->expires_at;
    b.requested = ptrs;
    b.n_requested = s->n_requested;
    uint8_t *body = NULL;
    size_t body_len = 0;
    assert_int_equal(pb_encode(&b.base, &body, &body_len), EID_OK);
    eid_bytes out = sign_request_body(s->signer, body, body_len);
    free(body);
    return out;
}

/* The wallet refuses `req` at `now` with `want` and gets no info; the relying
 * party's verifier refuses to open it with the same status. */
static void refused(world *w, const eid_bytes *req, int64_t now, eid_status want)
{
    eid_request_info *info = (eid_request_info *)(uintptr_t)1;
    assert_int_equal(eid_verifier_inspect_request(w->wallet, req->data, req->len, now, &info), want);
    assert_null(info);
    assert_int_equal(eid_verifier_open_request(w->f.verifier, req->data, req->len, now), want);
}

static int contains(const eid_bytes *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, s, n) == 0)
            return 1;
    return 0;
}

static void accepted(world *w, const eid_bytes *req, int64_t now)
{
    eid_request_info *info = NULL;
    assert_int_equal(eid_verifier_inspect_request(w->wallet, req->data, req->len, now, &info), EID_OK);
    assert_non_null(info);
    eid_request_info_free(info);
}

/* ---- what the consent screen gets ------------------------------------------------- */

static void consent_screen_shows_who_and_what(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    const eid_requested_claims rq[] = {{EID_DOC_IDENTITY, id_claims, 4},
                                       {EID_DOC_DRIVING_LICENCE, licence_claims, 3}};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, rq, 2, f->now, 90, &req), EID_OK);
    /* scanned as text, as a wallet gets it */
    char *text = NULL;
    assert_int_equal(eid_request_text(req.data, req.len, &text), EID_OK);
    eid_bytes scanned = {0};
    assert_int_equal(eid_request_from_text(text, &scanned), EID_OK);

    eid_request_info *info = NULL;
    assert_int_equal(eid_verifier_inspect_request(w->wallet, scanned.data, scanned.len, f->now + 3, &info), EID_OK);
    assert_string_equal(eid_request_info_rp_id(info), RP_ID);
    assert_string_equal(eid_request_info_rp_name(info), RP_NAME);
    assert_int_equal(eid_request_info_created_at(info), f->now);
    assert_int_equal(eid_request_info_expires_at(info), f->now + 90);
    assert_int_equal(eid_request_info_doc_count(info), 2);
    assert_int_equal(eid_request_info_doc_type(info, 0), EID_DOC_IDENTITY);
    assert_int_equal(eid_request_info_doc_type(info, 1), EID_DOC_DRIVING_LICENCE);
    assert_int_equal(eid_request_info_doc_type(info, 2), 0);
    static const char *const id_names[] = {"personal_id", "full_name", "birth_date", "age_over_18"};
    assert_int_equal(eid_request_info_claim_count(info, 0), 4);
    for (size_t i = 0; i < 4; i++) {
        uint32_t n = 99;
        assert_int_equal(eid_request_info_claim(info, 0, i, &n), EID_OK);
        assert_int_equal(n, id_claims[i]);
        assert_string_equal(eid_claim_name(EID_DOC_IDENTITY, n), id_names[i]);
    }
    static const char *const licence_names[] = {"personal_id", "full_name", "driving_privileges"};
    assert_int_equal(eid_request_info_claim_count(info, 1), 3);
    for (size_t i = 0; i < 3; i++) {
        uint32_t n = 99;
        assert_int_equal(eid_request_info_claim(info, 1, i, &n), EID_OK);
        assert_string_equal(eid_claim_name(EID_DOC_DRIVING_LICENCE, n), licence_names[i]);
    }
    uint32_t n = 99;
    assert_int_equal(eid_request_info_claim(info, 1, 3, &n), EID_ERR_INVALID_ARG);
    assert_int_equal(n, 0);
    assert_int_equal(eid_request_info_claim(info, 2, 0, &n), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_request_info_claim(info, 0, 0, NULL), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_request_info_claim_count(info, 2), 0);
    eid_request_info_free(info);

    /* Inspecting registers nothing: the relying party's verifier (sharing no
     * store with the wallet) opens it once, and inspecting again still works. */
    assert_int_equal(eid_verifier_open_request(f->verifier, req.data, req.len, f->now), EID_OK);
    assert_int_equal(eid_verifier_open_request(f->verifier, req.data, req.len, f->now), EID_ERR_EXISTS);
    accepted(w, &req, f->now);
    /* nor does it on the relying party's own verifier */
    eid_bytes req2 = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, rq, 1, f->now, 60, &req2), EID_OK);
    info = NULL;
    assert_int_equal(eid_verifier_inspect_request(f->verifier, req2.data, req2.len, f->now, &info), EID_OK);
    eid_request_info_free(info);
    assert_int_equal(eid_verifier_open_request(f->verifier, req2.data, req2.len, f->now), EID_OK);

    eid_text_free(text);
    eid_bytes_free(&scanned);
    eid_bytes_free(&req);
    eid_bytes_free(&req2);
}

/* The name shown is the trust list's: the same request bytes show the new name
 * once the trust list renames the relying party. */
static void name_comes_from_the_trust_list(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    eid_bytes req = {0};
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 60, &req), EID_OK);
    f->rps[0].name = "Trạm kiểm soát giao thông số 7";
    f->tp.sequence++;
    fx_sign_trust(f);
    build_wallet(w);
    eid_request_info *info = NULL;
    assert_int_equal(eid_verifier_inspect_request(w->wallet, req.data, req.len, f->now, &info), EID_OK);
    assert_string_equal(eid_request_info_rp_name(info), "Trạm kiểm soát giao thông số 7");
    assert_false(contains(&req, RP_NAME)); /* the request never carried a name */
    eid_request_info_free(info);
    eid_bytes_free(&req);
}

static void arguments_are_checked(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    eid_bytes req = {0};
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 60, &req), EID_OK);
    eid_request_info *info = NULL;
    assert_int_equal(eid_verifier_inspect_request(NULL, req.data, req.len, f->now, &info), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_verifier_inspect_request(w->wallet, NULL, req.len, f->now, &info), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_verifier_inspect_request(w->wallet, req.data, req.len, f->now, NULL), EID_ERR_INVALID_ARG);
    assert_null(info);
    eid_request_info_free(NULL);
    assert_string_equal(eid_request_info_rp_id(NULL), "");
    assert_string_equal(eid_request_info_rp_name(NULL), "");
    assert_int_equal(eid_request_info_doc_count(NULL), 0);
    /* longer than any legal request: refused before decoding */
    uint8_t big[EID_REQUEST_MAX_BYTES + 1];
    memset(big, 0, sizeof big);
    memcpy(big, req.data, req.len);
    assert_int_equal(eid_verifier_inspect_request(w->wallet, big, sizeof big, f->now, &info), EID_ERR_TOO_LARGE);
    eid_bytes_free(&req);
}

/* ---- refusals ------------------------------------------------------------------------ */

/* The forging helper makes requests the checks accept, so each refusal below
 * is caused by the one thing it changes. */
static void forged_defaults_are_valid(void **state)
{
    world *w = *state;
    spec s = default_spec(&w->f);
    eid_bytes req = forge(&s);
    accepted(w, &req, w->f.now);
    assert_int_equal(eid_verifier_open_request(w->f.verifier, req.data, req.len, w->f.now), EID_OK);
    eid_bytes_free(&req);
}

static void unknown_relying_party(void **state)
{
    world *w = *state;
    spec s = default_spec(&w->f);
    s.rp_id = "vn.unknown.shop";
    eid_bytes req = forge(&s);
    refused(w, &req, w->f.now, EID_ERR_UNTRUSTED_RELYING_PARTY);
    eid_bytes_free(&req);
    /* the trust list's relying party id, with different case, is another party */
    s.rp_id = "VN.CSGT.CHECKPOINT";
    req = forge(&s);
    refused(w, &req, w->f.now, EID_ERR_UNTRUSTED_RELYING_PARTY);
    eid_bytes_free(&req);
}

static void wrong_key(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    /* a key the trust list does not give the checkpoint, named honestly */
    spec s = default_spec(f);
    s.signer = f->holder;
    eid_bytes req = forge(&s);
    refused(w, &req, f->now, EID_ERR_UNTRUSTED_RELYING_PARTY);
    eid_bytes_free(&req);
    /* the same through the public API */
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    assert_int_equal(eid_request_create(f->issuer[1], RP_ID, &rq, 1, f->now, 60, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_UNTRUSTED_RELYING_PARTY);
    eid_bytes_free(&req);
    /* another key that claims to be the checkpoint's key id */
    s.key_id_of = f->rp_pk;
    req = forge(&s);
    refused(w, &req, f->now, EID_ERR_BAD_SIGNATURE);
    eid_bytes_free(&req);
}

static void bad_signature(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 60, &req), EID_OK);
    /* a flipped bit in the signature */
    size_t sig_len = 0;
    const uint8_t *sig = wire_get(&req, 2, &sig_len);
    assert_int_equal(sig_len, CRY_SIGNATURE_BYTES);
    uint8_t flipped[CRY_SIGNATURE_BYTES];
    memcpy(flipped, sig, sizeof flipped);
    flipped[17] ^= 0x04;
    eid_bytes bad = wire_set(&req, 2, 0, flipped, sizeof flipped);
    refused(w, &bad, f->now, EID_ERR_BAD_SIGNATURE);
    eid_bytes_free(&bad);
    /* a changed body under the original signature: a byte of the nonce */
    eid_bytes body = wire_take(&req, 1);
    wire_field fs[16];
    int n = wire_fields(body.data, body.len, fs, 16);
    int nonce = -1;
    for (int i = 0; i < n; i++)
        if (fs[i].number == 4)
            nonce = i;
    assert_true(nonce >= 0);
    body.data[fs[nonce].value_start + 3] ^= 0x01;
    bad = wire_set(&req, 1, 0, body.data, body.len);
    refused(w, &bad, f->now, EID_ERR_BAD_SIGNATURE);
    eid_bytes_free(&bad);
    /* the right key's signature made in another context (a presentation's) */
    eid_bytes_free(&body);
    body = wire_take(&req, 1);
    uint8_t other[CRY_SIGNATURE_BYTES];
    assert_int_equal(key_sign(f->rp, CRY_CTX_PRESENTATION, body.data, body.len, other), EID_OK);
    bad = wire_set(&req, 2, 0, other, sizeof other);
    refused(w, &bad, f->now, EID_ERR_BAD_SIGNATURE);
    eid_bytes_free(&bad);
    /* and the untouched request still passes */
    accepted(w, &req, f->now);
    eid_bytes_free(&body);
    eid_bytes_free(&req);
}

static void expired(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now - 60, 60, &req), EID_OK);
    accepted(w, &req, f->now); /* the last second of its life */
    refused(w, &req, f->now + 1, EID_ERR_REQUEST_EXPIRED);
    eid_bytes_free(&req);
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now - 400, 300, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_REQUEST_EXPIRED);
    eid_bytes_free(&req);
}

static void from_the_future(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    eid_bytes req = {0};
    /* the wallet's clock may lag the relying party's by the skew (30 s), no more */
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now + 30, 60, &req), EID_OK);
    accepted(w, &req, f->now);
    eid_bytes_free(&req);
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now + 31, 60, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_REQUEST_EXPIRED);
    eid_bytes_free(&req);
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now + 3600, 60, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_REQUEST_EXPIRED);
    eid_bytes_free(&req);
}

static void over_long_lifetime(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    spec s = default_spec(f);
    s.expires_at = s.created_at + EID_REQUEST_MAX_LIFETIME;
    eid_bytes req = forge(&s);
    accepted(w, &req, f->now);
    eid_bytes_free(&req);
    s.expires_at = s.created_at + EID_REQUEST_MAX_LIFETIME + 1;
    req = forge(&s);
    refused(w, &req, f->now, EID_ERR_FORMAT);
    eid_bytes_free(&req);
    s.expires_at = s.created_at + 30 * 86400; /* a request that would be good for a month */
    req = forge(&s);
    refused(w, &req, f->now, EID_ERR_FORMAT);
    eid_bytes_free(&req);
    s.created_at = INT64_MIN; /* a lifetime that overflows int64 */
    s.expires_at = INT64_MAX;
    req = forge(&s);
    refused(w, &req, f->now, EID_ERR_FORMAT);
    eid_bytes_free(&req);
    s.created_at = f->now;
    s.expires_at = s.created_at; /* and one that never lives */
    req = forge(&s);
    refused(w, &req, f->now, EID_ERR_FORMAT);
    eid_bytes_free(&req);
    /* eid_request_create will not make either */
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, EID_REQUEST_MAX_LIFETIME + 1, &req),
                     EID_ERR_INVALID_ARG);
}

static void claims_not_allowed(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    /* the checkpoint may ask identity claims 0-3 and licence claims 0-7 */
    static const uint32_t residence[] = {0, 10};
    static const uint32_t all_licence[] = {0, 1, 2, 3, 4, 5, 6, 7};
    static const uint32_t health[] = {0};
    const eid_requested_claims too_much = {EID_DOC_IDENTITY, residence, 2};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &too_much, 1, f->now, 60, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_NOT_ALLOWED);
    eid_bytes_free(&req);
    /* a doc type it has no permission for at all */
    const eid_requested_claims other_doc = {EID_DOC_HEALTH_INSURANCE, health, 1};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &other_doc, 1, f->now, 60, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_NOT_ALLOWED);
    eid_bytes_free(&req);
    /* an allowed doc type next to a forbidden one spoils the whole request */
    const eid_requested_claims mixed[] = {{EID_DOC_DRIVING_LICENCE, all_licence, 8}, {EID_DOC_HEALTH_INSURANCE, health, 1}};
    assert_int_equal(eid_request_create(f->rp, RP_ID, mixed, 2, f->now, 60, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_NOT_ALLOWED);
    eid_bytes_free(&req);
    /* everything it is allowed is fine */
    assert_int_equal(eid_request_create(f->rp, RP_ID, mixed, 1, f->now, 60, &req), EID_OK);
    accepted(w, &req, f->now);
    eid_bytes_free(&req);
    /* and once the trust list allows health insurance, so is that */
    f->rp_allowed[2] = (eid_rp_permission){EID_DOC_HEALTH_INSURANCE, health, 1};
    f->rps[0].n_allowed = 3;
    f->tp.sequence++;
    fx_sign_trust(f);
    build_wallet(w);
    assert_int_equal(eid_request_create(f->rp, RP_ID, &other_doc, 1, f->now, 60, &req), EID_OK);
    accepted(w, &req, f->now);
    eid_bytes_free(&req);
}

static void non_canonical(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    eid_bytes req = {0}, v[5];
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 60, &req), EID_OK);
    /* the outer message */
    int k = wire_noncanonical(&req, v);
    assert_true(k >= 4);
    for (int i = 0; i < k; i++) {
        refused(w, &v[i], f->now, EID_ERR_FORMAT);
        eid_bytes_free(&v[i]);
    }
    /* the body, re-signed by the relying party so that only the encoding is wrong */
    eid_bytes body = wire_take(&req, 1);
    k = wire_noncanonical(&body, v);
    assert_true(k == 5);
    for (int i = 0; i < k; i++) {
        eid_bytes resigned = sign_request_body(f->rp, v[i].data, v[i].len);
        refused(w, &resigned, f->now, EID_ERR_FORMAT);
        eid_bytes_free(&resigned);
        eid_bytes_free(&v[i]);
    }
    /* the canonical body re-signed the same way passes */
    eid_bytes same = sign_request_body(f->rp, body.data, body.len);
    accepted(w, &same, f->now);
    eid_bytes_free(&same);
    eid_bytes_free(&body);
    /* not a request at all, and truncated */
    static const uint8_t junk[] = {0xff, 0xff, 0xff};
    eid_bytes j = wire_copy(junk, sizeof junk);
    refused(w, &j, f->now, EID_ERR_FORMAT);
    eid_bytes_free(&j);
    eid_bytes cut = wire_copy(req.data, req.len - 1);
    refused(w, &cut, f->now, EID_ERR_FORMAT);
    eid_bytes_free(&cut);
    eid_bytes_free(&req);
}

/* Shapes a signature cannot excuse: a version other than 1, nothing asked,
 * claims out of order or repeated, a doc type twice. */
static void malformed_shapes(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    spec s = default_spec(f);
    s.version = 2;
    eid_bytes req = forge(&s);
    refused(w, &req, f->now, EID_ERR_FORMAT);
    eid_bytes_free(&req);

    static const uint32_t unordered[] = {1, 0}, repeated[] = {0, 0}, one[] = {0};
    const eid_requested_claims bad_claims[][2] = {
        {{EID_DOC_IDENTITY, unordered, 2}},
        {{EID_DOC_IDENTITY, repeated, 2}},
        {{EID_DOC_IDENTITY, one, 0}},
        {{EID_DOC_IDENTITY, one, 1}, {EID_DOC_IDENTITY, one, 1}},
    };
    const size_t counts[] = {1, 1, 1, 2};
    for (size_t i = 0; i < 4; i++) {
        s = default_spec(f);
        s.requested = bad_claims[i];
        s.n_requested = counts[i];
        req = forge(&s);
        refused(w, &req, f->now, EID_ERR_FORMAT);
        eid_bytes_free(&req);
    }
    s = default_spec(f);
    s.n_requested = 0;
    req = forge(&s);
    refused(w, &req, f->now, EID_ERR_FORMAT);
    eid_bytes_free(&req);
    /* eid_request_create() makes none of these */
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(eid_request_create(f->rp, RP_ID, bad_claims[i], counts[i], f->now, 60, &req),
                         EID_ERR_INVALID_ARG);
    assert_null(req.data);
}

/* A wallet whose trust list has expired cannot vouch for anyone. */
static void expired_trust_list(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    int64_t later = f->tp.expires_at + 1;
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, later, 60, &req), EID_OK);
    refused(w, &req, later, EID_ERR_LIST_EXPIRED);
    accepted(w, &req, later - 30); /* the list's last seconds, within the clock skew */
    eid_bytes_free(&req);
}

/* ---- an answer belongs to one relying party and shows what it asked ---------------- */

#define BANK_ID "vn.vietcombank.quay"

/* A second relying party in the trust list (a bank counter, allowed the same
 * claims) and a verifier built for it on the checkpoint's replay store. */
static eid_verifier *bank_verifier(world *w, eid_key **bank)
{
    fx *f = &w->f;
    uint8_t seed[32], pk[32];
    memset(seed, 0x77, sizeof seed);
    assert_int_equal(eid_key_new_from_seed(seed, sizeof seed, bank), EID_OK);
    eid_key_public(*bank, pk);
    static uint8_t bank_pk[32];
    memcpy(bank_pk, pk, 32);
    f->rps[1] = (eid_trust_rp){BANK_ID, "Vietcombank – Quầy giao dịch", bank_pk, f->rp_allowed, 2};
    f->tp.n_relying_parties = 2;
    fx_sign_trust(f);
    assert_int_equal(fx_build(f), EID_OK); /* the checkpoint's, on the new trust list */
    build_wallet(w);
    eid_verifier_options opt = f->opt;
    opt.rp_id = BANK_ID;
    eid_revocation_list_input lists[FX_DOCS - 1];
    for (uint32_t t = 1; t < FX_DOCS; t++)
        lists[t - 1] = (eid_revocation_list_input){f->status[t].data, f->status[t].len, 0};
    eid_verifier *v = NULL;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &opt, f->trust.data, f->trust.len, lists, FX_DOCS - 1,
                                      f->store, &v),
                     EID_OK);
    return v;
}

/* The holder's answer to `request`, disclosing claims[0..n) of `bundle`, created at `when`. */
static char *answer(fx *f, const eid_bytes *bundle, const uint32_t *claims, size_t n, const eid_bytes *request,
                    int64_t when)
{
    eid_bytes p = {0};
    assert_int_equal(eid_present(bundle->data, bundle->len, f->holder, claims, n, request->data, request->len, when,
                                 &p),
                     EID_OK);
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    eid_bytes_free(&p);
    return text;
}

/* What a wallet that ignores the rules would send: an answer to `request`
 * disclosing claims[0..n) of `bundle`, whatever the request asked. It answers
 * a request of its own for exactly those claims, then points the signed body
 * at the real request and signs it again with the holder key. */
static char *forged_answer(fx *f, const eid_bytes *bundle, uint32_t doc_type, const uint32_t *claims, size_t n,
                           const eid_bytes *request, int64_t when)
{
    eid_requested_claims rq = {doc_type, claims, n};
    eid_bytes own = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, when, 60, &own), EID_OK);
    char *text = answer(f, bundle, claims, n, &own, when);
    eid_bytes presentation = wire_from_text(text);
    eid_bytes body = wire_take(&presentation, 1);
    uint8_t hash[16];
    cry_hash(hash, sizeof hash, request->data, request->len);
    eid_bytes moved = wire_set(&body, 8, 0, hash, sizeof hash);
    char *forged = wire_present_body(f->holder, &moved);
    eid_text_free(text);
    eid_bytes_free(&own);
    eid_bytes_free(&presentation);
    eid_bytes_free(&body);
    eid_bytes_free(&moved);
    return forged;
}

static eid_status verify_at(const eid_verifier *v, const char *text, int64_t now, eid_check *failed)
{
    eid_result *r = NULL;
    eid_status st = eid_verifier_check_presentation(v, text, now, &r);
    assert_non_null(r);
    *failed = EID_CHECK_COUNT;
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        if (eid_result_check(r, (eid_check)c, NULL) == EID_CHECK_FAILED) {
            assert_int_equal(*failed, EID_CHECK_COUNT); /* one check only */
            *failed = (eid_check)c;
            assert_true(strlen(eid_result_check_detail(r, (eid_check)c)) > 0);
        }
    if (st != EID_OK)
        assert_int_equal(eid_result_claim_count(r), 0);
    eid_result_free(r);
    return st;
}

/* Two relying parties share a replay store (one operator, two counters): each
 * opens only its own requests and accepts only answers to them. */
static void requests_belong_to_one_relying_party(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    eid_key *bank_key = NULL;
    eid_verifier *bank = bank_verifier(w, &bank_key);
    eid_bytes id = fx_issue(f, EID_DOC_IDENTITY, 80);
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    eid_check failed;

    /* the checkpoint's request: the bank may not open it, nor take its answer */
    eid_bytes req_a = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 120, &req_a), EID_OK);
    assert_int_equal(eid_verifier_open_request(bank, req_a.data, req_a.len, f->now), EID_ERR_NOT_ALLOWED);
    assert_int_equal(eid_verifier_open_request(f->verifier, req_a.data, req_a.len, f->now), EID_OK);
    char *to_a = answer(f, &id, id_claims, 4, &req_a, f->now + 1);
    assert_int_equal(verify_at(bank, to_a, f->now + 1, &failed), EID_ERR_REQUEST_UNKNOWN);
    assert_int_equal(failed, EID_CHECK_FRESHNESS);
    assert_int_equal(verify_at(f->verifier, to_a, f->now + 2, &failed), EID_OK); /* the bank used nothing up */

    /* the bank's own request works at the bank, and only there */
    eid_bytes req_b = {0};
    assert_int_equal(eid_request_create(bank_key, BANK_ID, &rq, 1, f->now, 120, &req_b), EID_OK);
    assert_int_equal(eid_verifier_open_request(f->verifier, req_b.data, req_b.len, f->now), EID_ERR_NOT_ALLOWED);
    assert_int_equal(eid_verifier_open_request(bank, req_b.data, req_b.len, f->now), EID_OK);
    char *to_b = answer(f, &id, id_claims, 4, &req_b, f->now + 3);
    assert_int_equal(verify_at(f->verifier, to_b, f->now + 3, &failed), EID_ERR_REQUEST_UNKNOWN);
    assert_int_equal(verify_at(bank, to_b, f->now + 4, &failed), EID_OK);
    assert_int_equal(verify_at(bank, to_b, f->now + 5, &failed), EID_ERR_REPLAYED);

    /* a verifier built for no relying party opens nothing and accepts no answer */
    eid_bytes req_c = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 120, &req_c), EID_OK);
    eid_verifier_options opt = f->opt;
    opt.rp_id = NULL;
    eid_verifier *nobody = NULL;
    eid_revocation_list_input in = {f->status[1].data, f->status[1].len, 0};
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &opt, f->trust.data, f->trust.len, &in, 1, f->store, &nobody),
                     EID_OK);
    assert_int_equal(eid_verifier_open_request(nobody, req_c.data, req_c.len, f->now), EID_ERR_NOT_ALLOWED);
    assert_int_equal(eid_verifier_open_request(f->verifier, req_c.data, req_c.len, f->now), EID_OK);
    char *to_c = answer(f, &id, id_claims, 4, &req_c, f->now + 6);
    assert_int_equal(verify_at(nobody, to_c, f->now + 6, &failed), EID_ERR_REQUEST_UNKNOWN);
    assert_int_equal(verify_at(f->verifier, to_c, f->now + 6, &failed), EID_OK);

    /* a relying-party id must be text a trust list could hold */
    char long_id[66];
    memset(long_id, 'a', 65);
    long_id[65] = '\0';
    const char *bad_ids[] = {"", long_id, "vn.\x01"};
    for (size_t i = 0; i < 3; i++) {
        eid_verifier *v = (eid_verifier *)1;
        opt.rp_id = bad_ids[i];
        assert_int_equal(eid_verifier_new(f->root_pk, 1, &opt, f->trust.data, f->trust.len, &in, 1, f->store, &v),
                         EID_ERR_INVALID_ARG);
        assert_null(v);
    }
    /* the verifier keeps its own copy of the id */
    char copy[] = RP_ID;
    opt.rp_id = copy;
    eid_verifier *v = NULL;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &opt, f->trust.data, f->trust.len, &in, 1, f->store, &v),
                     EID_OK);
    memset(copy, 'x', sizeof copy - 1);
    eid_bytes req_d = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 120, &req_d), EID_OK);
    assert_int_equal(eid_verifier_open_request(v, req_d.data, req_d.len, f->now), EID_OK);

    eid_verifier_free(v);
    eid_verifier_free(nobody);
    eid_verifier_free(bank);
    eid_key_free(bank_key);
    eid_text_free(to_a);
    eid_text_free(to_b);
    eid_text_free(to_c);
    eid_bytes_free(&req_a);
    eid_bytes_free(&req_b);
    eid_bytes_free(&req_c);
    eid_bytes_free(&req_d);
    eid_bytes_free(&id);
}

/* A request for age_over_18 gets age_over_18 of an identity, nothing more,
 * nothing less, nothing else; refusals use nothing up. */
static void an_answer_shows_exactly_what_was_asked(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    eid_bytes id = fx_issue(f, EID_DOC_IDENTITY, 81);
    eid_bytes licence = fx_issue(f, EID_DOC_DRIVING_LICENCE, 82);
    const uint32_t age[] = {3}, name_and_age[] = {1, 3}, licence_asked[] = {3};
    const eid_requested_claims rq = {EID_DOC_IDENTITY, age, 1};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 120, &req), EID_OK);
    assert_int_equal(eid_verifier_open_request(f->verifier, req.data, req.len, f->now), EID_OK);
    eid_check failed;

    /* the wallet will not build what was not asked */
    eid_bytes p = {0};
    assert_int_equal(eid_present(id.data, id.len, f->holder, name_and_age, 2, req.data, req.len, f->now, &p),
                     EID_ERR_NOT_REQUESTED);
    assert_null(p.data);
    assert_int_equal(eid_present(licence.data, licence.len, f->holder, licence_asked, 1, req.data, req.len, f->now,
                                 &p),
                     EID_ERR_NOT_REQUESTED);
    const uint32_t all_four[] = {0, 1, 2, 3};
    const eid_requested_claims rq4 = {EID_DOC_IDENTITY, all_four, 4};
    eid_bytes req4 = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq4, 1, f->now, 120, &req4), EID_OK);
    assert_int_equal(eid_present(id.data, id.len, f->holder, age, 1, req4.data, req4.len, f->now, &p),
                     EID_ERR_NOT_REQUESTED); /* less than asked: a verifier refuses it too */

    /* a wallet that builds them anyway is refused by the verifier */
    char *more = forged_answer(f, &id, EID_DOC_IDENTITY, name_and_age, 2, &req, f->now + 1);
    assert_int_equal(verify_at(f->verifier, more, f->now + 1, &failed), EID_ERR_NOT_REQUESTED);
    assert_int_equal(failed, EID_CHECK_FRESHNESS);
    char *other_doc = forged_answer(f, &licence, EID_DOC_DRIVING_LICENCE, licence_asked, 1, &req, f->now + 1);
    assert_int_equal(verify_at(f->verifier, other_doc, f->now + 1, &failed), EID_ERR_NOT_REQUESTED);
    assert_int_equal(failed, EID_CHECK_FRESHNESS);
    assert_int_equal(eid_verifier_open_request(f->verifier, req4.data, req4.len, f->now), EID_OK);
    char *less = forged_answer(f, &id, EID_DOC_IDENTITY, age, 1, &req4, f->now + 1);
    assert_int_equal(verify_at(f->verifier, less, f->now + 1, &failed), EID_ERR_NOT_REQUESTED);
    char *exact = answer(f, &id, age, 1, &req, f->now + 2);
    assert_int_equal(verify_at(f->verifier, exact, f->now + 2, &failed), EID_OK); /* the request was still open */

    /* created_at within [request created_at - skew, request expires_at], both ends inclusive */
    struct {
        int64_t created, verified;
        eid_status want;
    } const windows[] = {
        {f->now - 31, f->now + 5, EID_ERR_PRESENTATION_EXPIRED},
        {f->now - 30, f->now + 5, EID_OK},
        {f->now + 121, f->now + 100, EID_ERR_PRESENTATION_EXPIRED},
        {f->now + 120, f->now + 100, EID_OK},
        {INT64_MAX, f->now + 5, EID_ERR_PRESENTATION_EXPIRED},
        {INT64_MIN, f->now + 5, EID_ERR_PRESENTATION_EXPIRED},
    };
    for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
        eid_bytes r = {0};
        assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 120, &r), EID_OK);
        assert_int_equal(eid_verifier_open_request(f->verifier, r.data, r.len, f->now), EID_OK);
        char *t = answer(f, &id, age, 1, &r, windows[i].created);
        assert_int_equal(verify_at(f->verifier, t, windows[i].verified, &failed), windows[i].want);
        if (windows[i].want != EID_OK)
            assert_int_equal(failed, EID_CHECK_FRESHNESS);
        eid_text_free(t);
        eid_bytes_free(&r);
    }

    eid_text_free(more);
    eid_text_free(other_doc);
    eid_text_free(less);
    eid_text_free(exact);
    eid_bytes_free(&req);
    eid_bytes_free(&req4);
    eid_bytes_free(&id);
    eid_bytes_free(&licence);
}

/* Times at the ends of int64_t in a request, or as the clock, are refused
 * with a status, never overflow (the asan build aborts on overflow). */
static void extreme_request_times(void **state)
{
    world *w = *state;
    fx *f = &w->f;
    spec s = default_spec(f);
    const struct {
        int64_t created, expires;
    } times[] = {{INT64_MAX - 100, INT64_MAX}, {INT64_MIN, INT64_MIN + 100}, {INT64_MAX - 1, INT64_MAX},
                 {INT64_MIN, INT64_MAX}, {INT64_MAX, INT64_MIN}};
    const int64_t clocks[] = {f->now, INT64_MAX, INT64_MIN, INT64_MAX - 30, INT64_MIN + 30};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        s.created_at = times[i].created;
        s.expires_at = times[i].expires;
        eid_bytes req = forge(&s);
        /* today: refused; at the ends of time: whatever the times say, the same on both sides */
        for (size_t k = 0; k < sizeof clocks / sizeof clocks[0]; k++) {
            eid_request_info *info = NULL;
            eid_status inspected = eid_verifier_inspect_request(w->wallet, req.data, req.len, clocks[k], &info);
            eid_request_info_free(info);
            eid_status opened = eid_verifier_open_request(f->verifier, req.data, req.len, clocks[k]);
            if (k == 0)
                assert_int_not_equal(inspected, EID_OK);
            if (opened != EID_ERR_EXISTS)
                assert_int_equal(opened, inspected);
        }
        eid_bytes_free(&req);
    }
    /* a trust list issued at the end of time lets a clock near it
     * reach the request's own times: still a status (where the trust list
     * is refused for lasting that long, there is nothing to reach) */
    const int64_t issued_at = f->tp.issued_at, next_update = f->tp.next_update, expires_at = f->tp.expires_at;
    f->tp.issued_at = INT64_MAX - 86400; /* a trust list lives at most 92 days after its issued_at */
    f->tp.next_update = INT64_MAX - 1;
    f->tp.expires_at = INT64_MAX;
    fx_sign_trust(f);
    eid_verifier_free(w->wallet);
    w->wallet = NULL;
    if (eid_verifier_new(f->root_pk, 1, NULL, f->trust.data, f->trust.len, NULL, 0, w->wallet_store, &w->wallet) ==
        EID_OK) {
        s = default_spec(f);
        for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
            s.created_at = times[i].created;
            s.expires_at = times[i].expires;
            eid_bytes req = forge(&s);
            for (size_t k = 0; k < sizeof clocks / sizeof clocks[0]; k++) {
                eid_request_info *info = NULL;
                eid_status st = eid_verifier_inspect_request(w->wallet, req.data, req.len, clocks[k], &info);
                assert_true(st == EID_OK ? info != NULL : info == NULL);
                eid_request_info_free(info);
            }
            eid_bytes_free(&req);
        }
    }
    f->tp.issued_at = issued_at;
    f->tp.next_update = next_update;
    f->tp.expires_at = expires_at;
    fx_sign_trust(f);
    build_wallet(w);
    /* a request that would expire past the end of time is not made */
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    eid_bytes req = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, INT64_MAX - 10, 60, &req), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, INT64_MAX - 60, 60, &req), EID_OK);
    eid_bytes_free(&req);
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, INT64_MIN, 60, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_REQUEST_EXPIRED);
    eid_bytes_free(&req);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(consent_screen_shows_who_and_what, setup, teardown),
        cmocka_unit_test_setup_teardown(name_comes_from_the_trust_list, setup, teardown),
        cmocka_unit_test_setup_teardown(arguments_are_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(forged_defaults_are_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_relying_party, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_key, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(expired, setup, teardown),
        cmocka_unit_test_setup_teardown(from_the_future, setup, teardown),
        cmocka_unit_test_setup_teardown(over_long_lifetime, setup, teardown),
        cmocka_unit_test_setup_teardown(claims_not_allowed, setup, teardown),
        cmocka_unit_test_setup_teardown(non_canonical, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_shapes, setup, teardown),
        cmocka_unit_test_setup_teardown(expired_trust_list, setup, teardown),
        cmocka_unit_test_setup_teardown(requests_belong_to_one_relying_party, setup, teardown),
        cmocka_unit_test_setup_teardown(an_answer_shows_exactly_what_was_asked, setup, teardown),
        cmocka_unit_test_setup_teardown(extreme_request_times, setup, teardown),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
