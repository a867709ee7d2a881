/* SPDX-License-Identifier: Apache-2.0 */
/* Out of memory at every allocation: the N-th allocation of a call fails, for
 * N = 1, 2, 3, ... until the call needs fewer than N. At every N the call
 * returns EID_ERR_NO_MEMORY (never a verdict on the input: FORMAT,
 * BAD_SIGNATURE, UNTRUSTED, CORRUPT, ...) or succeeds, uses up nothing when it
 * fails (the presentation can still be verified, the wallet still presents,
 * and the audit log holds only what was shown), and frees what it allocated
 * (the asan preset runs this suite under LeakSanitizer).
 *
 * Walked here: eid_verifier_new() + eid_verifier_check_presentation() of a valid offline
 * presentation; eid_wallet_present() from a document's credential of record
 * and from a batch member. Needs the seam's hook (EID_ALLOC_HOOKS). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/text.h"
#include "test_batch_support.h"

static const uint32_t std2[] = {0, 1}; /* personal_id, full_name */

/* Walks past every allocation a call makes; a stride only under an emulator. */
#define WALK_MAX 20000

static unsigned long walk_step(void) { return getenv("EID_TEST_EMULATED") ? 7 : 1; }

static eid_status build_verifier(fx *f, eid_replay_store *store, eid_verifier **v)
{
    eid_revocation_list_input lists[FX_DOCS - 1];
    for (uint32_t t = 1; t < FX_DOCS; t++)
        lists[t - 1] = (eid_revocation_list_input){f->status[t].data, f->status[t].len, 0};
    return eid_verifier_new(f->root_pk, 1, &f->opt, f->trust.data, f->trust.len, lists, FX_DOCS - 1, store, v);
}

/* One armed attempt: build a verifier and verify `text` with a fresh replay
 * store; *tripped says whether the armed allocation was reached. */
static eid_status verify_once(fx *f, const char *text, unsigned long n, int *tripped, unsigned long *count)
{
    eid_replay_store *store = NULL;
    assert_int_equal(eid_replay_store_new(0, &store), EID_OK);
    eid_verifier *v = NULL;
    eid_result *r = NULL;
    mem_hook_fail_at(n);
    eid_status st = build_verifier(f, store, &v);
    if (st == EID_OK)
        st = eid_verifier_check_presentation(v, text, f->now, &r);
    *tripped = mem_hook_tripped();
    *count = mem_hook_count();
    mem_hook_fail_at(0);
    if (st == EID_ERR_NO_MEMORY) {
        assert_null(r); /* eid/verifier.h: no result on EID_ERR_NO_MEMORY */
        /* it used up nothing: the same presentation verifies against the same store */
        eid_verifier_free(v);
        v = NULL;
        assert_int_equal(build_verifier(f, store, &v), EID_OK);
        eid_status again = eid_verifier_check_presentation(v, text, f->now, &r);
        assert_int_equal(again, EID_OK);
    } else if (st == EID_OK) {
        assert_int_equal(eid_result_claim_count(r), 2);
    }
    eid_result_free(r);
    eid_verifier_free(v);
    eid_replay_store_free(store);
    return st;
}

static void verification_fails_only_for_memory(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    eid_bytes bundle = fx_issue(&f, EID_DOC_IDENTITY, 7);
    char *text = fx_present(&f, &bundle, std2, 2, f.now);
    unsigned long n = 1, failures = 0, needed = 0;
    for (; n < WALK_MAX; n += walk_step()) {
        int tripped = 0;
        unsigned long count = 0;
        eid_status st = verify_once(&f, text, n, &tripped, &count);
        if (st != EID_OK && st != EID_ERR_NO_MEMORY)
            fail_msg("allocation %lu failed: eid_verifier_new/eid_verifier_check_presentation returned %s", n,
                     eid_status_name(st));
        if (st == EID_ERR_NO_MEMORY)
            assert_true(tripped); /* no out-of-memory without an allocation that failed */
        failures += st == EID_ERR_NO_MEMORY;
        if (!tripped) {
            assert_int_equal(st, EID_OK);
            needed = count;
            break;
        }
    }
    assert_true(n < WALK_MAX);
    assert_true(needed > 10 && failures > 10 / walk_step()); /* every 7th point under an emulator */
    print_message("verification: %lu allocations, each failed once: %lu times EID_ERR_NO_MEMORY, "
                  "otherwise recovered\n", needed, failures);
    eid_text_free(text);
    eid_bytes_free(&bundle);
    fx_free(&f);
}

static size_t audit_count(tb_world *w)
{
    eid_audit *log = NULL;
    assert_int_equal(eid_wallet_audit(w->wallet, &log), EID_OK);
    size_t n = eid_audit_count(log);
    eid_audit_free(log);
    return n;
}

/* Walks eid_wallet_present() of the identity until it succeeds without a
 * failed allocation; checks that presentation against the verifier. Returns
 * how many presentations were made (more than one when a call recovered). */
static size_t walk_present(tb_world *w, const char *what)
{
    size_t shown = 1;
    size_t logged = audit_count(w);
    unsigned long n = 1, failures = 0, needed = 0;
    eid_bytes p = {0};
    for (; n < WALK_MAX; n += walk_step()) {
        int reused = -1;
        mem_hook_fail_at(n);
        eid_status st = eid_wallet_present(w->wallet, EID_DOC_IDENTITY, std2, 2, NULL, 0, NULL, &p, &reused);
        int tripped = mem_hook_tripped();
        unsigned long count = mem_hook_count();
        mem_hook_fail_at(0);
        if (st != EID_OK && st != EID_ERR_NO_MEMORY)
            fail_msg("%s, allocation %lu failed: eid_wallet_present returned %s", what, n, eid_status_name(st));
        if (st == EID_ERR_NO_MEMORY) {
            assert_true(tripped);
            assert_null(p.data);
            /* nothing shown, nothing logged */
            assert_int_equal(audit_count(w), logged);
            failures++;
            continue;
        }
        if (tripped) { /* recovered from the failure: a valid presentation, logged once */
            assert_int_equal(audit_count(w), logged + 1);
            logged++;
            shown++;
            eid_bytes_free(&p);
            continue;
        }
        needed = count;
        break;
    }
    assert_true(n < WALK_MAX);
    assert_true(needed > 10 && failures > 10 / walk_step()); /* every 7th point under an emulator */
    assert_int_equal(audit_count(w), logged + 1);
    char *text = tb_text(&p);
    assert_int_equal(fx_verify(&w->f, text, w->f.now, NULL), EID_OK);
    eid_text_free(text);
    eid_bytes_free(&p);
    print_message("present (%s): %lu allocations, each failed once: %lu times EID_ERR_NO_MEMORY, "
                  "otherwise recovered\n", what, needed, failures);
    return shown;
}

static void presenting_fails_only_for_memory(void **state)
{
    (void)state;
    tb_world *w = tb_world_new("alloc-present");
    tb_activate(w, w->wallet, 1, 1);
    walk_present(w, "credential of record");
    size_t n = tb_refill(w, EID_DOC_IDENTITY, 1);
    assert_true(n > 0);
    size_t left = 0;
    assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_IDENTITY, &left, NULL), EID_OK);
    assert_int_equal(left, n);
    size_t shown = walk_present(w, "batch member");
    /* failed attempts used up no member: one is gone per presentation made */
    assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_IDENTITY, &left, NULL), EID_OK);
    assert_int_equal(left, n - shown);
    tb_world_free(w);
}

/* The hook itself: the armed allocation fails once, the next ones do not. */
static void the_hook_fails_the_nth_allocation_once(void **state)
{
    (void)state;
    mem_hook_fail_at(2);
    void *a = mem_alloc(8), *b = mem_alloc(8), *c = mem_alloc(8);
    assert_non_null(a);
    assert_null(b);
    assert_non_null(c);
    assert_true(mem_hook_tripped());
    assert_int_equal(mem_hook_count(), 3);
    mem_hook_fail_at(0);
    mem_free(a);
    mem_free(c);
    assert_false(mem_hook_tripped());
}

/* Checking the text rule allocates nothing for claim-sized text, so no check
 * of a claim, a name or an id can fail for memory; a text longer than the
 * stack buffer checks the same on the heap and says when the heap refuses. */
static void the_text_rule_allocates_nothing(void **state)
{
    (void)state;
    static const char nfc[] = "Nguyễn Thị Ánh Tuyết, Bộ Công an";
    static const char nfd[] = "Nguye\xcc\x82\xcc\x83n"; /* e + U+0302 + U+0303: not NFC */
    mem_hook_fail_at(1);
    assert_int_equal(text_check((const uint8_t *)nfc, strlen(nfc), 128), EID_OK);
    assert_int_equal(text_check((const uint8_t *)nfd, strlen(nfd), 128), EID_ERR_FORMAT);
    assert_int_equal(mem_hook_count(), 0);
    mem_hook_fail_at(0);

    /* 1,100 x U+1EC5 (3 bytes, 3 code points once decomposed): past the stack buffer */
    enum { REPEAT = 1100 };
    char *text = malloc(3 * REPEAT + 1);
    assert_non_null(text);
    for (size_t i = 0; i < REPEAT; i++)
        memcpy(text + 3 * i, "\xe1\xbb\x85", 3);
    text[3 * REPEAT] = '\0';
    mem_hook_fail_at(0);
    assert_int_equal(text_check((const uint8_t *)text, 3 * REPEAT, 4096), EID_OK);
    assert_int_equal(mem_hook_count(), 1);
    mem_hook_fail_at(1);
    assert_int_equal(text_check((const uint8_t *)text, 3 * REPEAT, 4096), EID_ERR_NO_MEMORY);
    mem_hook_fail_at(0);
    memcpy(text + 3 * (REPEAT - 1), "e\xcc\x82", 3); /* the last one decomposed: not NFC */
    assert_int_equal(text_check((const uint8_t *)text, 3 * REPEAT, 4096), EID_ERR_FORMAT);
    free(text);
}

/* The C library's free() as the seam calls it (this suite links with
 * --wrap=free): when the block being freed is the watched one, records
 * whether its bytes were all zero by then. */
void __real_free(void *p);
void __wrap_free(void *p);
static const void *watched;
static size_t watched_len;
static int watched_zero = -1;

void __wrap_free(void *p)
{
    if (p != NULL && p == watched) {
        const unsigned char *b = p;
        watched_zero = 1;
        for (size_t i = 0; i < watched_len; i++)
            watched_zero &= b[i] == 0;
        watched = NULL;
    }
    __real_free(p);
}

static void watch(const void *p, size_t len)
{
    watched = p;
    watched_len = len;
    watched_zero = -1;
}

/* eid/common.h's rule: text and bytes that carry personal data are zeroed
 * before their memory goes back to the heap; a plain array is only freed. */
static void released_text_and_bytes_are_zeroed(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    eid_bytes bundle = fx_issue(&f, EID_DOC_IDENTITY, 7);
    eid_bytes p = {0};
    assert_int_equal(eid_present(bundle.data, bundle.len, f.holder, std2, 2, NULL, 0, f.now, &p), EID_OK);
    char *text = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
    assert_non_null(strstr(text, "EID1:"));
    watch(text, strlen(text) + 1);
    eid_text_free(text);
    assert_int_equal(watched_zero, 1);
    watch(p.data, p.len);
    eid_bytes_free(&p);
    assert_int_equal(watched_zero, 1);

    eid_revocation_allocator *indexes = NULL;
    assert_int_equal(eid_revocation_allocator_new(64, &indexes), EID_OK);
    assert_int_equal(eid_revocation_allocator_reserve(indexes, 5, f.today + 30, 1), EID_OK);
    assert_int_equal(eid_revocation_allocator_revoke(indexes, 1, NULL), EID_OK);
    uint32_t *revoked = NULL;
    size_t n = 0;
    assert_int_equal(eid_revocation_allocator_revoked(indexes, &revoked, &n), EID_OK);
    assert_int_equal(n, 1);
    assert_int_equal(revoked[0], 5);
    watch(revoked, sizeof *revoked);
    eid_free(revoked);
    assert_int_equal(watched_zero, 0); /* the watch sees what it is shown: 5 was still there */
    eid_revocation_allocator_free(indexes);
    eid_bytes_free(&bundle);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_hook_fails_the_nth_allocation_once),
        cmocka_unit_test(the_text_rule_allocates_nothing),
        cmocka_unit_test(released_text_and_bytes_are_zeroed),
        cmocka_unit_test(verification_fails_only_for_memory),
        cmocka_unit_test(presenting_fails_only_for_memory),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("alloc_fail", tests, NULL, NULL);
}
