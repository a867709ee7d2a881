/* SPDX-License-Identifier: Apache-2.0 */
/* Trust and revocation lists under attack: retired revocation keys, lists that age
 * out, pinned roots counted twice, signature padding, memory spent before a
 * list is authenticated, times at the ends of int64_t, lists and credentials
 * from the future, and naming lists for rollback minimums.
 *
 * This executable is linked with --wrap for malloc, calloc, realloc and
 * cry_sign_verify (tests/CMakeLists.txt), so that a test can count the bytes
 * the library allocates and the signatures it checks during one call. */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "verify/lists.h"
#include "wire.h"

/* ---- counting hooks -------------------------------------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t n);
eid_status __real_cry_sign_verify(const uint8_t sig[CRY_SIGNATURE_BYTES], const char *context, const uint8_t *msg,
                                  size_t len, const uint8_t pk[CRY_SIGN_PUBLIC_BYTES]);

static int counting;
static size_t allocated;     /* bytes requested while counting */
static size_t verifications; /* signature checks while counting */

static void count_bytes(size_t n)
{
    if (counting)
        allocated = n > SIZE_MAX - allocated ? SIZE_MAX : allocated + n;
}

void *__wrap_malloc(size_t n)
{
    count_bytes(n);
    return __real_malloc(n);
}

void *__wrap_calloc(size_t count, size_t size)
{
    count_bytes(size != 0 && count > SIZE_MAX / size ? SIZE_MAX : count * size);
    return __real_calloc(count, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    count_bytes(n);
    return __real_realloc(p, n);
}

eid_status __wrap_cry_sign_verify(const uint8_t sig[CRY_SIGNATURE_BYTES], const char *context, const uint8_t *msg,
                                  size_t len, const uint8_t pk[CRY_SIGN_PUBLIC_BYTES])
{
    if (counting)
        verifications++;
    return __real_cry_sign_verify(sig, context, msg, len, pk);
}

static void count_start(void)
{
    allocated = 0;
    verifications = 0;
    counting = 1;
}

static void count_stop(void) { counting = 0; }

/* ---- building messages by hand ------------------------------------------------------ */

typedef struct buf {
    uint8_t *p;
    size_t n, cap;
} buf;

static void put(buf *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
}

static void put_varint(buf *b, uint64_t v)
{
    uint8_t t[10];
    size_t i = 0;
    while (v >= 0x80) {
        t[i++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    t[i++] = (uint8_t)v;
    put(b, t, i);
}

static void put_field(buf *b, uint32_t number, const void *d, size_t n)
{
    put_varint(b, (uint64_t)number << 3 | 2);
    put_varint(b, n);
    put(b, d, n);
}

static void put_number(buf *b, uint32_t number, uint64_t v)
{
    put_varint(b, (uint64_t)number << 3);
    put_varint(b, v);
}

/* `count` two-byte unknown fields (field 15, value 0): the cheapest input
 * that makes a protobuf decoder build one structure per field. */
static void put_junk(buf *b, size_t count)
{
    for (size_t i = 0; i < count; i++)
        put(b, "\x78\x00", 2);
}

static void put_root_signature(buf *b, const uint8_t key_id[8], const uint8_t sig[64])
{
    buf e = {0};
    put_field(&e, 1, key_id, 8);
    put_field(&e, 2, sig, 64);
    put_field(b, 2, e.p, e.n);
    free(e.p);
}

static eid_key *seeded_key(uint8_t n)
{
    uint8_t seed[32];
    memset(seed, n, sizeof seed);
    eid_key *k = NULL;
    assert_int_equal(eid_key_new_from_seed(seed, sizeof seed, &k), EID_OK);
    return k;
}

/* ---- fixtures ---------------------------------------------------------------------- */


static const uint32_t std_claims[] = {0, 1, 2, 3};

static eid_verifier *build_with(fx *f, const eid_bytes *identity_list, eid_status expected)
{
    eid_revocation_list_input lists[FX_DOCS - 1];
    for (uint32_t t = 1; t < FX_DOCS; t++)
        lists[t - 1] = (eid_revocation_list_input){f->status[t].data, f->status[t].len, 0};
    lists[0] = (eid_revocation_list_input){identity_list->data, identity_list->len, 0};
    eid_verifier *v = NULL;
    assert_int_equal(
        eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, lists, FX_DOCS - 1, f->store, &v),
        expected);
    return v;
}

/* A verifier with one revocation list only. */
static eid_verifier *build_alone(fx *f, const eid_bytes *list, eid_status expected)
{
    eid_revocation_list_input in = {list->data, list->len, 0};
    eid_verifier *v = NULL;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, &in, 1, f->store, &v),
                     expected);
    return v;
}

static void expect_status_failure(const eid_result *r, eid_status status)
{
    assert_int_equal(eid_result_status(r), status);
    eid_status st;
    assert_int_equal(eid_result_check(r, EID_CHECK_REVOCATION, &st), EID_CHECK_FAILED);
    assert_int_equal(st, status);
    assert_true(strlen(eid_result_check_detail(r, EID_CHECK_REVOCATION)) > 0);
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        if (c != EID_CHECK_REVOCATION)
            assert_int_not_equal(eid_result_check(r, (eid_check)c, NULL), EID_CHECK_FAILED);
    assert_int_equal(eid_result_revocation_sequence(r), 0);
    eid_revocation_list_name name;
    assert_int_equal(eid_result_revocation_list(r, &name), EID_ERR_NOT_FOUND);
}

/* ---- 3: retired revocation keys, and the age of a list ------------------------------------ */

/* The identity issuer retired a revocation key: its signing window ended 30 days
 * ago. Whoever holds it signs a list dated inside that window, with a high
 * sequence, that clears a revoked credential. */
static void retired_status_key_decides_nothing(void **state)
{
    fx *f = *state;
    eid_key *retired = seeded_key(0x60);
    uint8_t retired_pk[32];
    eid_key_public(retired, retired_pk);
    f->issuers[f->n_issuers++] = (eid_trust_issuer){
        .issuer_id = "vn.bocongan", .public_key = retired_pk, .usage = EID_USAGE_REVOCATION,
        .doc_types = &f->doc_codes[EID_DOC_IDENTITY], .n_doc_types = 1, .max_assurance = 2,
        .sign_from = f->today - 400, .sign_until = f->today - 30, .verify_until = f->today - 1, .name = "Bộ Công an"};
    f->tp.n_issuers = f->n_issuers;
    fx_sign_trust(f);
    const uint32_t revoked[] = {7};
    fx_sign_status(f, EID_DOC_IDENTITY, revoked, 1, 4);
    eid_bytes cred = fx_issue(f, EID_DOC_IDENTITY, 7);

    eid_revocation_list_params p = {.issuer_id = "vn.bocongan", .list_id = 1, .doc_type = EID_DOC_IDENTITY,
                                .sequence = 1000, .issued_at = f->now - 31 * 86400,
                                .next_update = f->now + 30 * 86400, .size = FX_LIST_SIZE};
    eid_bytes forged = {0};
    assert_int_equal(eid_revocation_list_sign(retired, &p, NULL, 0, &forged), EID_OK);

    /* Its key stopped verifying yesterday: the list loads (the verifier
     * could be run on a clock of yesterday) but decides nothing today. */
    eid_verifier *v = build_with(f, &forged, EID_OK);
    char *text = fx_present(f, &cred, std_claims, 4, f->now);
    eid_result *r = NULL;
    assert_int_equal(eid_verifier_check_presentation(v, text, f->now, &r), EID_ERR_UNTRUSTED_ISSUER);
    expect_status_failure(r, EID_ERR_UNTRUSTED_ISSUER);
    eid_result_free(r);
    /* ...and it does not count, so its sequence is never stored as a minimum */
    eid_revocation_list_name name;
    assert_int_equal(eid_verifier_revocation_list(v, 0, f->now, &name), EID_ERR_UNTRUSTED_ISSUER);
    assert_int_equal(name.sequence, 1000);
    eid_verifier_free(v);
    /* Yesterday its key still verified, but the list, dated 31 days back, was too old. */
    v = build_alone(f, &forged, EID_OK);
    assert_int_equal(eid_verifier_revocation_list(v, 0, f->now - 86400 + 3600, &name), EID_ERR_LIST_EXPIRED);
    eid_verifier_free(v);

    /* The genuine list, with the minimum a relying party stores from lists that
     * counted (3, the fixture's first sequence), loads and says revoked. */
    eid_revocation_list_input genuine = {f->status[EID_DOC_IDENTITY].data, f->status[EID_DOC_IDENTITY].len, 3};
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, &genuine, 1, f->store, &v),
                     EID_OK);
    assert_int_equal(eid_verifier_revocation_list(v, 0, f->now, &name), EID_OK);
    assert_int_equal(name.sequence, 4);
    assert_int_equal(eid_verifier_check_presentation(v, text, f->now, &r), EID_ERR_REVOKED);
    eid_result_free(r);
    eid_verifier_free(v);
    eid_text_free(text);

    /* A key that stopped verifying before the trust list was even issued is
     * refused at load, like an unknown key. */
    f->issuers[f->n_issuers - 1].verify_until = f->today - 2;
    fx_sign_trust(f);
    build_with(f, &forged, EID_ERR_UNTRUSTED_ISSUER);

    /* A key still verifying but no longer signing: a backdated list counts
     * no longer than the maximum age after the end of the signing window. */
    f->issuers[f->n_issuers - 1].verify_until = f->today + 365;
    fx_sign_trust(f);
    v = build_with(f, &forged, EID_OK);
    text = fx_present(f, &cred, std_claims, 4, f->now);
    assert_int_equal(eid_verifier_check_presentation(v, text, f->now, &r), EID_ERR_LIST_EXPIRED);
    expect_status_failure(r, EID_ERR_LIST_EXPIRED);
    eid_result_free(r);
    eid_verifier_free(v);
    eid_text_free(text);
    eid_bytes_free(&forged);
    eid_bytes_free(&cred);
    eid_key_free(retired);
}

static void status_lists_age_out(void **state)
{
    fx *f = *state;
    eid_bytes cred = fx_issue(f, EID_DOC_IDENTITY, 9);
    /* eight days old, next update tomorrow: the issuer's dates do not extend the bound */
    eid_revocation_list_params p = {.issuer_id = "vn.bocongan", .list_id = 1, .doc_type = EID_DOC_IDENTITY,
                                .sequence = 4, .issued_at = f->now - 8 * 86400, .next_update = f->now + 86400,
                                .size = FX_LIST_SIZE};
    eid_bytes old = {0};
    assert_int_equal(eid_revocation_list_sign(f->issuer[EID_DOC_IDENTITY], &p, NULL, 0, &old), EID_OK);
    eid_verifier *v = build_with(f, &old, EID_OK);
    char *text = fx_present(f, &cred, std_claims, 4, f->now);
    eid_result *r = NULL;
    assert_int_equal(eid_verifier_check_presentation(v, text, f->now, &r), EID_ERR_LIST_EXPIRED);
    expect_status_failure(r, EID_ERR_LIST_EXPIRED);
    eid_result_free(r);
    eid_verifier_free(v);
    /* nor does any staleness the relying party allows */
    f->opt.allowed_staleness = INT64_MAX;
    v = build_with(f, &old, EID_OK);
    assert_int_equal(eid_verifier_check_presentation(v, text, f->now, &r), EID_ERR_LIST_EXPIRED);
    eid_result_free(r);
    eid_verifier_free(v);
    /* a relying party may allow up to 31 days, no more, and not 0 */
    f->opt.allowed_staleness = 0;
    f->opt.max_revocation_age = 9 * 86400;
    v = build_with(f, &old, EID_OK);
    assert_int_equal(eid_verifier_check_presentation(v, text, f->now, &r), EID_OK);
    eid_revocation_list_name name;
    assert_int_equal(eid_result_revocation_list(r, &name), EID_OK);
    assert_int_equal(name.issued_at, f->now - 8 * 86400);
    eid_result_free(r);
    eid_verifier_free(v);
    f->opt.max_revocation_age = EID_REVOCATION_LIST_MAX_AGE_LIMIT + 1;
    build_with(f, &old, EID_ERR_INVALID_ARG);
    f->opt.max_revocation_age = 0;
    build_with(f, &old, EID_ERR_INVALID_ARG);
    eid_verifier_options d;
    eid_verifier_options_default(&d, EID_VERIFIER_OPTIONS_VERSION);
    assert_int_equal(d.max_revocation_age, 7 * 86400);
    eid_text_free(text);
    eid_bytes_free(&old);
    eid_bytes_free(&cred);
}

/* ---- 6: a root pinned twice ---------------------------------------------------------- */

static void duplicate_roots_count_once(void **state)
{
    fx *f = *state;
    uint8_t pins[64];
    memcpy(pins, f->root_pk, 32);
    memcpy(pins + 32, f->root_pk, 32);
    eid_verifier *v = NULL;
    f->opt.root_threshold = 2;
    assert_int_equal(eid_verifier_new(pins, 2, &f->opt, f->trust.data, f->trust.len, NULL, 0, f->store, &v),
                     EID_ERR_INVALID_ARG);
    f->opt.root_threshold = 1;
    assert_int_equal(eid_verifier_new(pins, 2, &f->opt, f->trust.data, f->trust.len, NULL, 0, f->store, &v),
                     EID_ERR_INVALID_ARG);
    assert_null(v);
    /* two distinct pinned roots, k = 2, and the one root's signature entered twice */
    eid_key *other = seeded_key(0x61);
    eid_key_public(other, pins + 32);
    eid_bytes body = wire_take(&f->trust, 1);
    size_t n;
    const uint8_t *entry = wire_get(&f->trust, 2, &n);
    buf t = {0};
    put_field(&t, 1, body.data, body.len);
    put_field(&t, 2, entry, n);
    put_field(&t, 2, entry, n);
    f->opt.root_threshold = 2;
    count_start();
    eid_status st = eid_verifier_new(pins, 2, &f->opt, t.p, t.n, NULL, 0, f->store, &v);
    count_stop();
    assert_int_equal(st, EID_ERR_FORMAT);
    assert_int_equal(verifications, 0);
    /* with one entry it is one signature of two */
    t.n = 0;
    put_field(&t, 1, body.data, body.len);
    put_field(&t, 2, entry, n);
    assert_int_equal(eid_verifier_new(pins, 2, &f->opt, t.p, t.n, NULL, 0, f->store, &v), EID_ERR_UNTRUSTED_LIST);
    free(t.p);
    eid_bytes_free(&body);
    eid_key_free(other);
}

/* ---- 9: signature padding --------------------------------------------------------------- */

static void signature_padding_is_not_verified(void **state)
{
    fx *f = *state;
    eid_bytes body = wire_take(&f->trust, 1);
    size_t n;
    const uint8_t *genuine = wire_get(&f->trust, 2, &n);
    uint8_t id[8], sig[64], root_id[8];
    memset(sig, 0x5A, sizeof sig);
    cry_key_id(root_id, f->root_pk);
    eid_verifier *v = NULL;

    /* 13 000 bogus entries, then the genuine one: refused before any check */
    buf t = {0};
    put_field(&t, 1, body.data, body.len);
    for (uint32_t i = 0; i < 13000; i++) {
        memcpy(id, &i, sizeof i);
        memset(id + 4, 0xEE, 4);
        put_root_signature(&t, id, sig);
    }
    put_field(&t, 2, genuine, n);
    assert_true(t.n <= (1u << 20));
    count_start();
    eid_status st = eid_verifier_new(f->root_pk, 1, &f->opt, t.p, t.n, NULL, 0, f->store, &v);
    count_stop();
    assert_int_equal(st, EID_ERR_FORMAT);
    assert_int_equal(verifications, 0);
    assert_true(allocated <= 4096);

    /* 31 entries of keys nobody pinned, then the genuine one: accepted, with one check */
    t.n = 0;
    put_field(&t, 1, body.data, body.len);
    for (uint32_t i = 0; i < 31; i++) {
        memset(id, (int)i, sizeof id);
        put_root_signature(&t, id, sig);
    }
    put_field(&t, 2, genuine, n);
    count_start();
    st = eid_verifier_new(f->root_pk, 1, &f->opt, t.p, t.n, NULL, 0, f->store, &v);
    count_stop();
    assert_int_equal(st, EID_OK);
    assert_int_equal(verifications, 1);
    eid_verifier_free(v);

    /* a bogus entry under the pinned root's id beside the genuine one: refused, nothing checked */
    t.n = 0;
    put_field(&t, 1, body.data, body.len);
    put_root_signature(&t, root_id, sig);
    put_field(&t, 2, genuine, n);
    count_start();
    st = eid_verifier_new(f->root_pk, 1, &f->opt, t.p, t.n, NULL, 0, f->store, &v);
    count_stop();
    assert_int_equal(st, EID_ERR_FORMAT);
    assert_int_equal(verifications, 0);

    /* two pinned roots, k = 1, a bad entry for the other root: at most one check per pinned root */
    eid_key *other = seeded_key(0x62);
    uint8_t pins[64];
    memcpy(pins, f->root_pk, 32);
    eid_key_public(other, pins + 32);
    uint8_t other_id[8];
    cry_key_id(other_id, pins + 32);
    t.n = 0;
    put_field(&t, 1, body.data, body.len);
    put_root_signature(&t, other_id, sig);
    for (uint32_t i = 0; i < 30; i++) {
        memset(id, (int)(0x80 + i), sizeof id);
        put_root_signature(&t, id, sig);
    }
    put_field(&t, 2, genuine, n);
    memcpy(pins, pins + 32, 32); /* the other root first */
    memcpy(pins + 32, f->root_pk, 32);
    count_start();
    st = eid_verifier_new(pins, 2, &f->opt, t.p, t.n, NULL, 0, f->store, &v);
    count_stop();
    assert_int_equal(st, EID_OK);
    assert_int_equal(verifications, 2);
    eid_verifier_free(v);
    free(t.p);
    eid_bytes_free(&body);
    eid_key_free(other);
}

/* ---- 8: memory before authentication ---------------------------------------------------- */

/* Before its signature verifies, a list costs one copy of its body (the
 * signature covers context || 0x00 || body) and nothing that grows with its
 * shape; the decoder, which may spend 64 bytes per input byte, runs only on
 * authenticated bodies. */
static void unauthenticated_lists_allocate_one_copy(void **state)
{
    fx *f = *state;
    eid_verifier *v = NULL;
    /* what loading the trust list alone costs */
    count_start();
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, NULL, 0, f->store, &v),
                     EID_OK);
    count_stop();
    size_t baseline = allocated;
    eid_verifier_free(v);

    /* A 16 MiB revocation list: a body naming the identity issuer's revocation key,
     * then 8 million two-byte unknown fields, and a signature that does not
     * verify. */
    uint8_t key_id[8], sig[64];
    cry_key_id(key_id, f->issuer_pk[EID_DOC_IDENTITY]);
    memset(sig, 0x33, sizeof sig);
    buf body = {0};
    put_number(&body, 1, 1);
    put_field(&body, 2, "vn.bocongan", 11);
    put_field(&body, 3, key_id, 8);
    put_junk(&body, ((size_t)1 << 23) - 64);
    buf list = {0};
    put_field(&list, 1, body.p, body.n);
    put_field(&list, 2, sig, 64);
    assert_true(list.n > (size_t)16000000 && list.n <= ((size_t)1 << 24) + 4096);
    eid_revocation_list_input in = {list.p, list.n, 0};
    count_start();
    eid_status st = eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, &in, 1, f->store, &v);
    count_stop();
    assert_int_equal(st, EID_ERR_BAD_SIGNATURE);
    print_message("16 MiB junk revocation list: %zu bytes allocated, %zu for the trust list alone\n", allocated, baseline);
    /* one copy of the body, framed for the signature check, and a few fixed structures */
    assert_true(allocated <= baseline + body.n + 4096);
    /* naming it allocates nothing */
    eid_revocation_list_name name;
    count_start();
    st = eid_revocation_list_peek(list.p, list.n, &name);
    count_stop();
    assert_int_equal(st, EID_OK);
    assert_string_equal(name.issuer_id, "vn.bocongan");
    assert_int_equal(allocated, 0);

    /* A 1 MiB trust list of junk with one signature entry under the pinned
     * root's id: the framed copy for the signature check, and the verifier. */
    uint8_t root_id[8];
    cry_key_id(root_id, f->root_pk);
    body.n = 0;
    put_junk(&body, ((size_t)1 << 19) - 64);
    list.n = 0;
    put_field(&list, 1, body.p, body.n);
    put_root_signature(&list, root_id, sig);
    assert_true(list.n <= (1u << 20));
    count_start();
    st = eid_verifier_new(f->root_pk, 1, &f->opt, list.p, list.n, NULL, 0, f->store, &v);
    count_stop();
    assert_int_equal(st, EID_ERR_UNTRUSTED_LIST);
    print_message("1 MiB junk trust list: %zu bytes allocated\n", allocated);
    assert_true(allocated <= body.n + 4096);
    free(body.p);
    free(list.p);
}

/* ---- 7: times at the ends of int64_t -------------------------------------------------- */

static void extreme_times_never_overflow(void **state)
{
    fx *f = *state;
    /* revocation list that never needs an update, a verifier that allows any staleness and skew */
    eid_revocation_list_params p = {.issuer_id = "vn.bocongan", .list_id = 1, .doc_type = EID_DOC_IDENTITY,
                                .sequence = 4, .issued_at = f->now - 3600, .next_update = INT64_MAX,
                                .size = FX_LIST_SIZE};
    eid_bytes list = {0};
    assert_int_equal(eid_revocation_list_sign(f->issuer[EID_DOC_IDENTITY], &p, NULL, 0, &list), EID_OK);
    f->opt.allowed_staleness = INT64_MAX;
    f->opt.clock_skew = EID_VERIFIER_CLOCK_SKEW_MAX;
    eid_verifier *v = build_with(f, &list, EID_OK);
    eid_bytes cred = fx_issue(f, EID_DOC_IDENTITY, 3);
    const int64_t times[] = {INT64_MIN, INT64_MIN + 1, -1, 0, f->now, INT64_MAX - 1, INT64_MAX};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        eid_result *r = NULL;
        eid_status st = eid_verifier_check_credential(v, cred.data, cred.len, times[i], &r);
        assert_int_equal(eid_result_status(r), st);
        eid_result_free(r);
        eid_revocation_list_name name;
        st = eid_verifier_revocation_list(v, 0, times[i], &name);
        assert_int_equal(name.sequence, 4);
        if (times[i] == f->now)
            assert_int_equal(st, EID_OK);
    }
    eid_verifier_free(v);
    eid_bytes_free(&list);

    /* lists issued at the far ends of time, by a key whose windows span every day */
    f->opt.clock_skew = 30;
    f->opt.allowed_staleness = 0;
    f->issuers[0].sign_from = INT32_MIN;
    f->issuers[0].sign_until = INT32_MAX;
    f->issuers[0].verify_until = INT32_MAX;
    const int64_t issued[] = {INT64_MIN, INT64_MAX - 86400};
    for (size_t i = 0; i < 2; i++) {
        f->tp.issued_at = issued[i];
        f->tp.next_update = issued[i] + 3600;
        f->tp.expires_at = issued[i] + 86400;
        fx_sign_trust(f);
        p.issued_at = issued[i];
        p.next_update = INT64_MAX;
        assert_int_equal(eid_revocation_list_sign(f->issuer[EID_DOC_IDENTITY], &p, NULL, 0, &list), EID_OK);
        v = build_alone(f, &list, EID_OK);
        for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
            eid_result *r = NULL;
            eid_status st = eid_verifier_check_credential(v, cred.data, cred.len, times[k], &r);
            assert_non_null(r);
            assert_int_equal(eid_result_status(r), st);
            eid_result_free(r);
            eid_revocation_list_name name;
            assert_int_not_equal(eid_verifier_revocation_list(v, 0, times[k], &name), EID_ERR_INVALID_ARG);
        }
        eid_verifier_free(v);
        eid_bytes_free(&list);
    }
    /* a trust list living from the first second to the last: refused, not wrapped */
    f->tp.issued_at = INT64_MIN;
    f->tp.next_update = 0;
    f->tp.expires_at = INT64_MAX;
    eid_bytes t = {0};
    const eid_key *roots[1] = {f->root};
    assert_int_equal(eid_trust_list_sign(&f->tp, roots, 1, &t), EID_ERR_INVALID_ARG);
    /* entry counts whose sizes would wrap */
    eid_trust_list_params huge = f->tp;
    huge.issued_at = f->now;
    huge.next_update = huge.expires_at = f->now + 86400;
    huge.n_issuers = SIZE_MAX;
    assert_int_equal(eid_trust_list_sign(&huge, roots, 1, &t), EID_ERR_INVALID_ARG);
    huge.n_issuers = f->n_issuers;
    eid_trust_rp rps[2] = {f->rps[0], f->rps[0]};
    rps[0].n_allowed = SIZE_MAX;
    rps[1].n_allowed = 2;
    huge.relying_parties = rps;
    huge.n_relying_parties = 2;
    assert_int_equal(eid_trust_list_sign(&huge, roots, 1, &t), EID_ERR_INVALID_ARG);
    eid_bytes_free(&cred);
}

/* ---- 13: from the future ----------------------------------------------------------------- */

static void issued_in_the_future_is_refused(void **state)
{
    fx *f = *state;
    f->issuers[0].sign_until = f->today + 1000; /* the key itself may sign then */
    fx_sign_trust(f);
    assert_int_equal(fx_build(f), EID_OK);
    const int32_t days[] = {400, 1, 0};
    for (size_t i = 0; i < 3; i++) {
        eid_credential_params cp = fx_params(f, EID_DOC_IDENTITY, 40 + (uint32_t)i);
        cp.issued_on = f->today + days[i];
        cp.valid_until = f->today + 1000;
        eid_bytes cred = fx_issue_with(f, &cp, f->issuer[EID_DOC_IDENTITY]);
        char *text = fx_present(f, &cred, std_claims, 4, f->now);
        eid_result *r = NULL;
        eid_status st = fx_verify(f, text, f->now, &r);
        if (days[i] == 0) {
            assert_int_equal(st, EID_OK);
        } else {
            assert_int_equal(st, EID_ERR_NOT_YET_VALID);
            eid_status cs;
            assert_int_equal(eid_result_check(r, EID_CHECK_VALIDITY, &cs), EID_CHECK_FAILED);
            assert_int_equal(cs, EID_ERR_NOT_YET_VALID);
            assert_non_null(strstr(eid_result_check_detail(r, EID_CHECK_VALIDITY), "issued"));
            for (int c = 0; c < EID_CHECK_COUNT; c++)
                if (c != EID_CHECK_VALIDITY)
                    assert_int_not_equal(eid_result_check(r, (eid_check)c, NULL), EID_CHECK_FAILED);
        }
        eid_result_free(r);
        eid_text_free(text);
        eid_bytes_free(&cred);
    }

    /* a revocation list issued two hours ahead of the clock: the clock check fails, naming it */
    eid_bytes cred = fx_issue(f, EID_DOC_IDENTITY, 50);
    eid_revocation_list_params p = {.issuer_id = "vn.bocongan", .list_id = 1, .doc_type = EID_DOC_IDENTITY,
                                .sequence = 4, .issued_at = f->now + 7200, .next_update = f->now + 86400,
                                .size = FX_LIST_SIZE};
    eid_bytes future = {0};
    assert_int_equal(eid_revocation_list_sign(f->issuer[EID_DOC_IDENTITY], &p, NULL, 0, &future), EID_OK);
    eid_verifier *v = build_with(f, &future, EID_OK);
    char *text = fx_present(f, &cred, std_claims, 4, f->now);
    eid_result *r = NULL;
    assert_int_equal(eid_verifier_check_presentation(v, text, f->now, &r), EID_ERR_CLOCK);
    assert_int_equal(eid_result_check(r, EID_CHECK_CLOCK, NULL), EID_CHECK_FAILED);
    assert_true(strlen(eid_result_check_detail(r, EID_CHECK_CLOCK)) > 0);
    assert_int_not_equal(eid_result_check(r, EID_CHECK_REVOCATION, NULL), EID_CHECK_PASSED);
    eid_result_free(r);
    eid_revocation_list_name name;
    assert_int_equal(eid_verifier_revocation_list(v, 0, f->now, &name), EID_ERR_CLOCK);
    /* within the skew it counts */
    assert_int_equal(eid_verifier_revocation_list(v, 0, f->now + 7200 - 30, &name), EID_OK);
    eid_verifier_free(v);
    eid_bytes_free(&future);
    /* a trust list issued two hours ahead */
    f->tp.issued_at = f->now + 7200;
    fx_sign_trust(f);
    assert_int_equal(fx_build(f), EID_OK);
    r = NULL;
    assert_int_equal(fx_verify(f, text, f->now, &r), EID_ERR_CLOCK);
    assert_int_equal(eid_result_check(r, EID_CHECK_CLOCK, NULL), EID_CHECK_FAILED);
    eid_result_free(r);
    eid_text_free(text);
    eid_bytes_free(&cred);
}

/* ---- 15: naming lists, for rollback minimums ---------------------------------------------- */

static int same_name(const eid_revocation_list_name *a, const eid_revocation_list_name *b)
{
    return strcmp(a->issuer_id, b->issuer_id) == 0 && a->doc_type == b->doc_type && a->list_id == b->list_id &&
           a->sequence == b->sequence && a->issued_at == b->issued_at && a->next_update == b->next_update;
}

static void lists_are_named_before_and_after_loading(void **state)
{
    fx *f = *state;
    static const char *const ids[FX_DOCS] = {"", "vn.bocongan", "vn.csgt", "vn.bhxh", "vn.botuphap"};
    eid_revocation_list_name before[FX_DOCS], after;
    for (uint32_t t = 1; t < FX_DOCS; t++) {
        assert_int_equal(eid_revocation_list_peek(f->status[t].data, f->status[t].len, &before[t]), EID_OK);
        assert_string_equal(before[t].issuer_id, ids[t]);
        assert_int_equal(before[t].doc_type, t);
        assert_int_equal(before[t].list_id, 1);
        assert_int_equal(before[t].sequence, 3);
        assert_int_equal(before[t].issued_at, f->now - 3600);
        assert_int_equal(before[t].next_update, f->now + 86400);
    }
    assert_int_equal(eid_issuer_id_max_bytes(), EID_ISSUER_ID_MAX_BYTES);
    /* after loading: the same names, in load order, each counting now */
    assert_int_equal(eid_verifier_revocation_list_count(f->verifier), FX_DOCS - 1);
    for (size_t i = 0; i < FX_DOCS - 1; i++) {
        assert_int_equal(eid_verifier_revocation_list(f->verifier, i, f->now, &after), EID_OK);
        assert_true(same_name(&after, &before[i + 1]));
    }
    assert_int_equal(eid_verifier_revocation_list(f->verifier, FX_DOCS - 1, f->now, &after), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_verifier_revocation_list(NULL, 0, f->now, &after), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_verifier_revocation_list_count(NULL), 0);
    /* the result names the list that decided */
    eid_bytes cred = fx_issue(f, EID_DOC_DRIVING_LICENCE, 12);
    char *text = fx_present(f, &cred, std_claims, 4, f->now);
    eid_result *r = NULL;
    assert_int_equal(fx_verify(f, text, f->now, &r), EID_OK);
    assert_int_equal(eid_result_revocation_list(r, &after), EID_OK);
    assert_true(same_name(&after, &before[EID_DOC_DRIVING_LICENCE]));
    assert_int_equal(eid_result_revocation_sequence(r), 3);
    eid_result_free(r);
    eid_text_free(text);
    eid_bytes_free(&cred);

    /* a relying party that stored sequence 5 for (vn.csgt, 2, 1) looks it up
     * by the peeked name and refuses the older list */
    fx_sign_status(f, EID_DOC_DRIVING_LICENCE, NULL, 0, 4);
    eid_revocation_list_name peeked;
    assert_int_equal(eid_revocation_list_peek(f->status[2].data, f->status[2].len, &peeked), EID_OK);
    uint64_t stored = strcmp(peeked.issuer_id, "vn.csgt") == 0 && peeked.doc_type == 2 && peeked.list_id == 1 ? 5 : 0;
    eid_revocation_list_input in = {f->status[2].data, f->status[2].len, stored};
    eid_verifier *v = NULL;
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, &in, 1, f->store, &v),
                     EID_ERR_LIST_ROLLBACK);

    /* peeking untrusted bytes: statuses, and a zeroed name on failure */
    uint8_t junk[16];
    memset(junk, 0xFF, sizeof junk);
    assert_int_equal(eid_revocation_list_peek(junk, sizeof junk, &after), EID_ERR_FORMAT);
    assert_int_equal(after.issuer_id[0], 0);
    assert_int_equal(eid_revocation_list_peek(junk, ((size_t)1 << 24) + 4097, &after), EID_ERR_TOO_LARGE);
    assert_int_equal(eid_revocation_list_peek(NULL, 0, &after), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_revocation_list_peek(junk, sizeof junk, NULL), EID_ERR_INVALID_ARG);
    uint8_t key_id[8], sig[64] = {0};
    cry_key_id(key_id, f->issuer_pk[1]);
    buf body = {0}, list = {0};
    put_number(&body, 1, 2);
    put_field(&body, 3, key_id, 8);
    put_field(&list, 1, body.p, body.n);
    put_field(&list, 2, sig, 64);
    assert_int_equal(eid_revocation_list_peek(list.p, list.n, &after), EID_ERR_UNSUPPORTED_VERSION);
    in = (eid_revocation_list_input){list.p, list.n, 0};
    assert_int_equal(eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, &in, 1, f->store, &v),
                     EID_ERR_UNSUPPORTED_VERSION);
    /* an issuer id that breaks the text rule */
    body.n = 0;
    list.n = 0;
    put_number(&body, 1, 1);
    put_field(&body, 2, "vn\x01", 3);
    put_field(&body, 3, key_id, 8);
    put_field(&list, 1, body.p, body.n);
    put_field(&list, 2, sig, 64);
    assert_int_equal(eid_revocation_list_peek(list.p, list.n, &after), EID_ERR_FORMAT);
    free(body.p);
    free(list.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(retired_status_key_decides_nothing, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(status_lists_age_out, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(duplicate_roots_count_once, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(signature_padding_is_not_verified, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(unauthenticated_lists_allocate_one_copy, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(extreme_times_never_overflow, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(issued_in_the_future_is_refused, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(lists_are_named_before_and_after_loading, fx_setup, fx_teardown),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("lists", tests, NULL, NULL);
}
