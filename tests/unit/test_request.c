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
 * built from the same pinned root and trust list, no status lists, and a
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
    uint8_t sig[EID_SIGNATURE_BYTES];
    assert_int_equal(eid_key_sign(signer, EID_CTX_REQUEST, body, body_len, sig), EID_OK);
    Eid__V1__PresentationRequest r = EID__V1__PRESENTATION_REQUEST__INIT;
    r.body.data = (uint8_t *)body;
    r.body.len = body_len;
    r.signature.data = sig;
    r.signature.len = sizeof sig;
    eid_bytes out = {0};
    assert_int_equal(eid_pb_encode(&r.base, &out.data, &out.len), EID_OK);
    return out;
}

static eid_bytes forge(const spec *s)
{
    uint8_t pk[EID_PUBLIC_KEY_BYTES], key_id[EID_KEY_ID_BYTES], nonce[16];
    eid_key_public(s->signer, pk);
    eid_key_id(s->key_id_of ? s->key_id_of : pk, key_id);
    eid_random(nonce, sizeof nonce);
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
    assert_int_equal(eid_pb_encode(&b.base, &body, &body_len), EID_OK);
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

    eid_free(text);
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
    refused(w, &req, w->f.now, EID_ERR_UNTRUSTED_ISSUER);
    eid_bytes_free(&req);
    /* the trust list's relying party id, with different case, is another party */
    s.rp_id = "VN.CSGT.CHECKPOINT";
    req = forge(&s);
    refused(w, &req, w->f.now, EID_ERR_UNTRUSTED_ISSUER);
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
    refused(w, &req, f->now, EID_ERR_UNTRUSTED_ISSUER);
    eid_bytes_free(&req);
    /* the same through the public API */
    const eid_requested_claims rq = {EID_DOC_IDENTITY, id_claims, 4};
    assert_int_equal(eid_request_create(f->issuer[1], RP_ID, &rq, 1, f->now, 60, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_UNTRUSTED_ISSUER);
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
    assert_int_equal(sig_len, EID_SIGNATURE_BYTES);
    uint8_t flipped[EID_SIGNATURE_BYTES];
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
    uint8_t other[EID_SIGNATURE_BYTES];
    assert_int_equal(eid_key_sign(f->rp, EID_CTX_PRESENTATION, body.data, body.len, other), EID_OK);
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
    refused(w, &req, f->now + 1, EID_ERR_PRESENTATION_EXPIRED);
    eid_bytes_free(&req);
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now - 400, 300, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_PRESENTATION_EXPIRED);
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
    refused(w, &req, f->now, EID_ERR_PRESENTATION_EXPIRED);
    eid_bytes_free(&req);
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now + 3600, 60, &req), EID_OK);
    refused(w, &req, f->now, EID_ERR_PRESENTATION_EXPIRED);
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
    };
    eid_init();
    return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
