/* SPDX-License-Identifier: Apache-2.0 */
/* Credentials: the Merkle tree and its proofs, the reference issuer's
 * refusals, keys, and sparse revocation lists. */
#include <stdlib.h>
#include <string.h>

#include "common/pb.h"
#include "credential/credential.h"
#include "credential/merkle.h"
#include "crypto/crypto.h"
#include "fixture.h"
#include "wire.h"
#include "verify/lists.h"
#include "eid/v1/lists.pb-c.h"

static void merkle_proofs_for_every_subset(void **state)
{
    (void)state;
    for (uint32_t leaf_count = 16; leaf_count <= 32; leaf_count *= 2) {
        merkle_node leaves[MERKLE_MAX_LEAVES];
        for (uint32_t i = 0; i < leaf_count; i++)
            cry_random(leaves[i], MERKLE_NODE_BYTES);
        merkle_node root;
        merkle_root((const merkle_node *)leaves, leaf_count, root);
        /* all 65535 subsets of 16 (every 13th under an emulator or valgrind); a spread of 32 */
        uint32_t slow = getenv("EID_TEST_EMULATED") ? 13 : 1;
        uint32_t step = leaf_count == 16 ? slow : 40503 * slow;
        uint64_t limit = leaf_count == 16 ? 0xFFFFu : 0xFFFFFFFFu;
        for (uint64_t mask = 1; mask <= limit; mask += step) {
            merkle_node proof[MERKLE_MAX_LEAVES];
            size_t n = merkle_proof((const merkle_node *)leaves, leaf_count, (uint32_t)mask, proof);
            assert_int_equal(n, merkle_proof_count(leaf_count, (uint32_t)mask));
            merkle_node again;
            assert_int_equal(merkle_root_from_proof((const merkle_node *)leaves, leaf_count, (uint32_t)mask,
                                                    (const uint8_t *)proof, n * MERKLE_NODE_BYTES, again),
                             EID_OK);
            assert_memory_equal(again, root, MERKLE_NODE_BYTES);
            /* a missing or extra node is refused */
            if (n > 0)
                assert_int_equal(merkle_root_from_proof((const merkle_node *)leaves, leaf_count, (uint32_t)mask,
                                                        (const uint8_t *)proof, (n - 1) * MERKLE_NODE_BYTES, again),
                                 EID_ERR_PROOF);
            assert_int_equal(merkle_root_from_proof((const merkle_node *)leaves, leaf_count, (uint32_t)mask,
                                                    (const uint8_t *)proof, (n + 1) * MERKLE_NODE_BYTES, again),
                             EID_ERR_PROOF);
        }
    }
    /* the node counts DESIGN promises: claims 0-3 of 16 need 2 nodes; one claim needs 4; all need none */
    assert_int_equal(merkle_proof_count(16, 0xF), 2);
    assert_int_equal(merkle_proof_count(16, 0x8), 4);
    assert_int_equal(merkle_proof_count(16, 0xFFFF), 0);
    assert_int_equal(merkle_proof_count(32, 0x1), 5);
    merkle_node leaves[16] = {{0}}, out;
    assert_int_equal(merkle_root_from_proof((const merkle_node *)leaves, 8, 1, NULL, 0, out), EID_ERR_PROOF);
    assert_int_equal(merkle_root_from_proof((const merkle_node *)leaves, 16, 0, NULL, 0, out), EID_ERR_PROOF);
    assert_int_equal(merkle_root_from_proof((const merkle_node *)leaves, 16, 1u << 16, NULL, 0, out), EID_ERR_PROOF);
}

/* Known answers from an independent BLAKE2b (Python's hashlib), as printed in docs/FORMAT.md. */
static void hashes_match_an_independent_implementation(void **state)
{
    (void)state;
    uint8_t d[24] = {0x0a, 0x10};
    memset(d + 2, 0xaa, 16);
    memcpy(d + 18, "\x10\x03\x1a\x02\x20\x01", 6);
    static const uint8_t leaf_kat[16] = {0x93, 0x65, 0x71, 0x3d, 0x45, 0x6c, 0x53, 0x1a,
                                         0xa0, 0x1b, 0x84, 0xe2, 0xc1, 0x70, 0x68, 0xaf};
    static const uint8_t node_kat[16] = {0x92, 0x5e, 0x4f, 0xbb, 0xf7, 0x27, 0x28, 0x98,
                                         0xab, 0xd9, 0xc9, 0xa0, 0x6a, 0x67, 0x39, 0xf6};
    static const uint8_t id_kat[8] = {0xcb, 0x2f, 0x51, 0x60, 0xfc, 0x1f, 0x7e, 0x05};
    merkle_node leaf, leaves[16] = {{0}}, root;
    merkle_leaf(leaf, d, sizeof d);
    assert_memory_equal(leaf, leaf_kat, 16);
    /* a node over (leaf, 16 zero bytes): the root of a 2-leaf walk is not exposed, so hash directly */
    memcpy(leaves[0], leaf, 16);
    cry_hash16(root, "eid.v1.node", leaf, 16, leaves[1], 16);
    assert_memory_equal(root, node_kat, 16);
    uint8_t pk[32], id[8];
    for (int i = 0; i < 32; i++)
        pk[i] = (uint8_t)i;
    eid_key_id(pk, id);
    assert_memory_equal(id, id_kat, 8);
}

static void keys_round_trip_and_are_distinct(void **state)
{
    (void)state;
    eid_key *a = NULL, *b = NULL, *c = NULL;
    assert_int_equal(eid_key_new(&a), EID_OK);
    assert_int_equal(eid_key_new(&b), EID_OK);
    eid_bytes seed = {0};
    assert_int_equal(eid_key_seed(a, &seed), EID_OK);
    assert_int_equal(seed.len, eid_key_seed_bytes());
    assert_int_equal(eid_key_new_from_seed(seed.data, seed.len, &c), EID_OK);
    uint8_t pa[32], pb[32], pc[32], id[8];
    eid_key_public(a, pa);
    eid_key_public(b, pb);
    eid_key_public(c, pc);
    assert_memory_equal(pa, pc, 32);
    assert_memory_not_equal(pa, pb, 32);
    eid_key_id(pa, id);
    uint8_t h[32];
    cry_hash(h, 32, pa, 32);
    assert_memory_equal(id, h, 8);
    eid_key *bad = (eid_key *)1;
    assert_int_equal(eid_key_new_from_seed(seed.data, 31, &bad), EID_ERR_INVALID_ARG);
    assert_null(bad);
    eid_bytes_free(&seed);
    eid_key_free(a);
    eid_key_free(b);
    eid_key_free(c);
}

static void issuer_refuses_bad_input(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    eid_claim c[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_IDENTITY, c);
    eid_credential_params p = fx_params(&f, EID_DOC_IDENTITY, 1);
    const eid_key *k = f.issuer[EID_DOC_IDENTITY];
    eid_bytes b = {0};
    /* unknown claim number */
    c[n] = (eid_claim){.number = 14, .type = EID_VALUE_BOOLEAN, .number_value = 1};
    assert_int_equal(eid_issue_credential(k, &p, c, n + 1, &b), EID_ERR_NOT_FOUND);
    /* a claim twice */
    c[n] = c[0];
    assert_int_equal(eid_issue_credential(k, &p, c, n + 1, &b), EID_ERR_INVALID_CLAIM);
    /* a required claim missing (personal_id is first) */
    assert_int_equal(eid_issue_credential(k, &p, c + 1, n - 1, &b), EID_ERR_INVALID_CLAIM);
    /* an invalid value */
    eid_claim saved = c[0];
    c[0].bytes = (const uint8_t *)"00120300456A";
    assert_int_equal(eid_issue_credential(k, &p, c, n, &b), EID_ERR_INVALID_CLAIM);
    c[0] = saved;
    /* bad parameters */
    eid_credential_params q = p;
    q.assurance = 3;
    assert_int_equal(eid_issue_credential(k, &q, c, n, &b), EID_ERR_INVALID_ARG);
    q = p;
    q.valid_until = q.valid_from - 1;
    assert_int_equal(eid_issue_credential(k, &q, c, n, &b), EID_ERR_INVALID_ARG);
    q = p;
    q.doc_type = 9;
    assert_int_equal(eid_issue_credential(k, &q, c, n, &b), EID_ERR_INVALID_ARG);
    q = p;
    q.holder_key = NULL;
    assert_int_equal(eid_issue_credential(k, &q, c, n, &b), EID_ERR_INVALID_ARG);
    assert_null(b.data);
    /* text arrives decomposed: the issuer signs NFC, and the verifier accepts it */
    c[1].bytes = (const uint8_t *)"Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An";
    c[1].bytes_len = strlen((const char *)c[1].bytes);
    assert_int_equal(eid_issue_credential(k, &p, c, n, &b), EID_OK);
    const uint32_t two[] = {1};
    char *text = fx_present(&f, &b, two, 1, f.now);
    eid_result *r = NULL;
    assert_int_equal(fx_verify(&f, text, f.now, &r), EID_OK);
    assert_int_equal(eid_result_claim(r, 0)->bytes_len, strlen("Nguyễn Văn An"));
    assert_memory_equal(eid_result_claim(r, 0)->bytes, "Nguyễn Văn An", strlen("Nguyễn Văn An"));
    eid_result_free(r);
    eid_text_free(text);
    eid_bytes_free(&b);
    fx_free(&f);
}

static void age_answers_end_the_credential_early(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    eid_claim c[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_IDENTITY, c);
    int32_t birth, eighteenth;
    assert_int_equal(eid_day_from_civil(2008, 12, 1, &birth), EID_OK);
    assert_int_equal(eid_day_from_civil(2026, 12, 1, &eighteenth), EID_OK);
    c[2].number_value = birth;
    c[3].number_value = 0; /* not 18 yet */
    c[6].number_value = 0; /* not 21 */
    eid_credential_params p = fx_params(&f, EID_DOC_IDENTITY, 2);
    eid_bytes b = {0};
    assert_int_equal(eid_issue_credential(f.issuer[1], &p, c, n, &b), EID_OK);
    eid_result *r = NULL;
    assert_int_equal(eid_verifier_check_credential(f.verifier, b.data, b.len, f.now, &r), EID_OK);
    assert_int_equal(eid_result_valid_until(r), eighteenth - 1);
    eid_result_free(r);
    eid_bytes_free(&b);
    /* an answer that contradicts the birth date is refused */
    c[3].number_value = 1;
    assert_int_equal(eid_issue_credential(f.issuer[1], &p, c, n, &b), EID_ERR_INVALID_CLAIM);
    fx_free(&f);
}

static void decoys_hide_absent_claims(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    eid_claim c[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_CRIMINAL_RECORD, c);
    eid_credential_params p = fx_params(&f, EID_DOC_CRIMINAL_RECORD, 3);
    eid_bytes with = {0}, without = {0};
    assert_int_equal(eid_issue_credential(f.issuer[4], &p, c, n, &with), EID_OK);
    /* no convictions: drop claim 6 and say "none" */
    eid_claim d[EID_CLAIM_MAX_COUNT];
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i].number != 6)
            d[m++] = c[i];
    d[3].number_value = 0;
    assert_int_equal(eid_issue_credential(f.issuer[4], &p, d, m, &without), EID_OK);
    const uint32_t shown[] = {0, 1, 2};
    eid_bytes pw = {0}, po = {0};
    assert_int_equal(eid_present(with.data, with.len, f.holder, shown, 3, NULL, 0, f.now, &pw), EID_OK);
    assert_int_equal(eid_present(without.data, without.len, f.holder, shown, 3, NULL, 0, f.now, &po), EID_OK);
    assert_int_equal(pw.len, po.len); /* same shape: nothing tells the two apart */
    bundle_view a, b;
    assert_int_equal(bundle_decode(with.data, with.len, &a), EID_OK);
    assert_int_equal(bundle_decode(without.data, without.len, &b), EID_OK);
    assert_int_equal(a.leaf_count, b.leaf_count);
    assert_int_equal(bundle_check_root(&a), EID_OK);
    bundle_view_free(&a);
    bundle_view_free(&b);
    eid_bytes_free(&pw);
    eid_bytes_free(&po);
    eid_bytes_free(&with);
    eid_bytes_free(&without);
    fx_free(&f);
}

static void presentation_builder_refusals(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    eid_bytes b = fx_issue(&f, EID_DOC_HEALTH_INSURANCE, 4);
    eid_bytes p = {0};
    const uint32_t absent[] = {9}; /* continuous_5y_since was not issued */
    assert_int_equal(eid_present(b.data, b.len, f.holder, absent, 1, NULL, 0, f.now, &p), EID_ERR_NOT_FOUND);
    const uint32_t outside[] = {16};
    assert_int_equal(eid_present(b.data, b.len, f.holder, outside, 1, NULL, 0, f.now, &p), EID_ERR_NOT_FOUND);
    const uint32_t one[] = {0};
    assert_int_equal(eid_present(b.data, b.len, f.holder, one, 0, NULL, 0, f.now, &p), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_present(b.data, b.len - 1, f.holder, one, 1, NULL, 0, f.now, &p), EID_ERR_FORMAT);
    b.data[b.len - 1] ^= 1; /* a decoy changed: the leaves no longer give the root */
    assert_int_equal(eid_present(b.data, b.len, f.holder, one, 1, NULL, 0, f.now, &p), EID_ERR_PROOF);
    assert_null(p.data);
    eid_bytes_free(&b);
    fx_free(&f);
}

/* A revocation list body with raw revoked data, signed by the doc type's key. */
static eid_bytes raw_status(fx *f, const uint8_t *data, size_t len, uint32_t size)
{
    uint8_t key_id[8];
    eid_key_id(f->issuer_pk[3], key_id);
    Eid__V1__StatusListBody body = EID__V1__STATUS_LIST_BODY__INIT;
    body.version = 1;
    body.issuer_id.data = (uint8_t *)"vn.bhxh";
    body.issuer_id.len = 7;
    body.key_id.data = key_id;
    body.key_id.len = 8;
    body.list_id = 1;
    body.doc_type = 3;
    body.sequence = 1;
    body.issued_at = f->now - 10;
    body.next_update = f->now + 10;
    body.size = size;
    body.revoked.data = (uint8_t *)data;
    body.revoked.len = len;
    uint8_t *bb;
    size_t bl;
    assert_int_equal(pb_encode(&body.base, &bb, &bl), EID_OK);
    uint8_t sig[64];
    assert_int_equal(key_sign(f->issuer[3], CRY_CTX_REVOCATION, bb, bl, sig), EID_OK);
    Eid__V1__StatusList l = EID__V1__STATUS_LIST__INIT;
    l.body.data = bb;
    l.body.len = bl;
    l.signature.data = sig;
    l.signature.len = 64;
    eid_bytes out = {0};
    assert_int_equal(pb_encode(&l.base, &out.data, &out.len), EID_OK);
    free(bb);
    return out;
}

static void sparse_status_lists(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    uint32_t revoked[500];
    for (uint32_t i = 0; i < 500; i++)
        revoked[i] = (i * 7919u) % 100000u;
    eid_revocation_list_params p = {"vn.bhxh", 1, 3, 2, f.now - 10, f.now + 10, 100000};
    eid_bytes l = {0};
    assert_int_equal(eid_revocation_list_sign(f.issuer[3], &p, revoked, 500, &l), EID_OK);
    revlist s;
    trust_set t;
    assert_int_equal(trust_load(f.trust.data, f.trust.len, (const uint8_t(*)[32])f.root_pk, 1, 1, 0, &t), EID_OK);
    assert_int_equal(revlist_load(l.data, l.len, &t, 30, 0, &s), EID_OK);
    assert_int_equal(s.n_revoked, 500);
    for (uint32_t i = 0; i < 500; i++)
        assert_true(revlist_is_revoked(&s, revoked[i]));
    size_t clear = 0;
    for (uint32_t i = 0; i < 100000; i++)
        clear += !revlist_is_revoked(&s, i);
    assert_int_equal(clear, 100000 - 500);
    revlist_free(&s);
    eid_bytes_free(&l);
    /* the issuer refuses an index outside the list */
    revoked[0] = 100000;
    assert_int_equal(eid_revocation_list_sign(f.issuer[3], &p, revoked, 1, &l), EID_ERR_INVALID_ARG);
    /* hand-made data: valid, then non-minimal varint, zero gap, beyond size, truncated varint */
    static const struct { uint8_t data[4]; size_t len; eid_status st; } cases[] = {
        {{5, 1, 1}, 3, EID_OK},
        {{0x85, 0x00}, 2, EID_ERR_FORMAT},
        {{5, 0}, 2, EID_ERR_FORMAT},
        {{5, 5}, 2, EID_ERR_FORMAT},    /* 10 >= size 10 */
        {{5, 0x80}, 2, EID_ERR_FORMAT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eid_bytes raw = raw_status(&f, cases[i].data, cases[i].len, 10);
        assert_int_equal(revlist_load(raw.data, raw.len, &t, 30, 0, &s), cases[i].st);
        if (cases[i].st == EID_OK) {
            assert_int_equal(s.n_revoked, 3);
            assert_true(revlist_is_revoked(&s, 5) && revlist_is_revoked(&s, 6) && revlist_is_revoked(&s, 7));
            revlist_free(&s);
        }
        eid_bytes_free(&raw);
    }
    trust_free(&t);
    fx_free(&f);
}

/* An issuer's register names a credential by its fingerprint: the same
 * credential always gives the same one, another credential (even with the
 * same claims) another one, and a file with any one byte changed never gives
 * the fingerprint of the genuine credential. */
static void fingerprints_name_one_credential(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    eid_bytes a = fx_issue(&f, EID_DOC_CRIMINAL_RECORD, 7), b = fx_issue(&f, EID_DOC_CRIMINAL_RECORD, 7);
    uint8_t fa[EID_CREDENTIAL_FINGERPRINT_BYTES], fb[EID_CREDENTIAL_FINGERPRINT_BYTES], again[EID_CREDENTIAL_FINGERPRINT_BYTES];
    assert_int_equal(eid_credential_fingerprint_bytes(), 32);
    assert_int_equal(eid_credential_fingerprint(a.data, a.len, fa), EID_OK);
    assert_int_equal(eid_credential_fingerprint(b.data, b.len, fb), EID_OK);
    assert_memory_not_equal(fa, fb, sizeof fa);
    assert_int_equal(eid_credential_fingerprint(a.data, a.len, again), EID_OK);
    assert_memory_equal(fa, again, sizeof fa);
    /* BLAKE2b-256 of the serialized Credential, field 1 of the bundle */
    size_t n = 0;
    const uint8_t *cred = wire_get(&a, 1, &n);
    assert_non_null(cred);
    uint8_t expect[32];
    cry_hash(expect, sizeof expect, cred, n);
    assert_memory_equal(fa, expect, sizeof fa);
    /* every one-byte change: refused, or another fingerprint */
    for (size_t i = 0; i < a.len; i++) {
        for (int bit = 0; bit < 8; bit += 7) {
            a.data[i] ^= (uint8_t)(1u << bit);
            eid_status st = eid_credential_fingerprint(a.data, a.len, again);
            a.data[i] ^= (uint8_t)(1u << bit);
            if (st == EID_OK && memcmp(again, fa, sizeof fa) == 0)
                fail_msg("byte %zu bit %d changed and the fingerprint stayed", i, bit);
            if (st != EID_OK)
                assert_memory_equal(again, (uint8_t[EID_CREDENTIAL_FINGERPRINT_BYTES]){0}, sizeof again);
        }
    }
    /* a truncated file, junk, and bad arguments */
    assert_int_not_equal(eid_credential_fingerprint(a.data, a.len - 1, again), EID_OK);
    assert_int_equal(eid_credential_fingerprint((const uint8_t *)"junk", 4, again), EID_ERR_FORMAT);
    assert_int_equal(eid_credential_fingerprint(NULL, 4, again), EID_ERR_INVALID_ARG);
    assert_int_equal(eid_credential_fingerprint(a.data, a.len, NULL), EID_ERR_INVALID_ARG);
    eid_bytes_free(&a);
    eid_bytes_free(&b);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(merkle_proofs_for_every_subset),
        cmocka_unit_test(hashes_match_an_independent_implementation),
        cmocka_unit_test(keys_round_trip_and_are_distinct),
        cmocka_unit_test(issuer_refuses_bad_input),
        cmocka_unit_test(age_answers_end_the_credential_early),
        cmocka_unit_test(decoys_hide_absent_claims),
        cmocka_unit_test(presentation_builder_refusals),
        cmocka_unit_test(sparse_status_lists),
        cmocka_unit_test(fingerprints_name_one_credential),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("credential", tests, NULL, NULL);
}
