/* SPDX-License-Identifier: Apache-2.0 */
/* Crash safety of once-only presentation: a child process presents from a
 * batch in a loop and, once it has unlocked, dies by SIGKILL just before a
 * chosen write or sync of its database (tests/support/fault_vfs.h), over and
 * over: round r kills at the ((7 r) mod 4P + 1)-th, P being the writes and
 * syncs of one presentation, so the kills walk every point of the first four
 * presentations whatever the machine's speed, and each run kills at the same
 * places. The child reports the holder key of every
 * presentation it got back (after EID_OK). After every kill: no reported
 * member is still in the vault, nor its holder key (a used credential is
 * never presentable again); every member still there has its key; and
 * members left + presentations logged = members ever imported (no unused
 * member is lost, none used silently). */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/pb.h"
#include "eid/v1/credential.pb-c.h"
#include "eid/v1/presentation.pb-c.h"
#include "fault_vfs.h"
#include "test_batch_support.h"

#define KILLS 100
#define KILLS_EMULATED 20
#define MAX_USED 8192
#define KIND_BATCH (VAULT_KIND_USER_MIN + 3) /* the wallet's batch members (core/wallet/wallet_internal.h) */

static void holder_key_of(const eid_bytes *p, uint8_t key[32])
{
    Eid__V1__Presentation *pr = NULL;
    Eid__V1__PresentationBody *b = NULL;
    Eid__V1__CredentialPayload *c = NULL;
    if (PB_DECODE(Eid__V1__Presentation, eid__v1__presentation__descriptor, p->data, p->len, 4096, &pr) !=
            EID_OK ||
        PB_DECODE(Eid__V1__PresentationBody, eid__v1__presentation_body__descriptor, pr->body.data, pr->body.len,
                  4096, &b) != EID_OK ||
        PB_DECODE(Eid__V1__CredentialPayload, eid__v1__credential_payload__descriptor,
                  b->credential->payload.data, b->credential->payload.len, 4096, &c) != EID_OK)
        _exit(20);
    memcpy(key, c->holder_key.data, 32);
    pb_free(&c->base);
    pb_free(&b->base);
    pb_free(&pr->base);
}

static void open_wallet(tb_world *w)
{
    eid_vault_options o;
    tv_fast_options(&o);
    assert_int_equal(eid_vault_open(w->env.vault_dir, &w->env.ks, &o, &w->vault), EID_OK);
    assert_int_equal(eid_vault_unlock(w->vault, PASS_A), EID_OK);
    tb_wallet_reopen(w);
}

static void close_wallet(tb_world *w)
{
    eid_wallet_free(w->wallet);
    w->wallet = NULL;
    eid_vault_close(w->vault);
}

static void child(tb_world *w, int fd, int ready, long kill_at)
{
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = NULL;
    eid_wallet *wallet = NULL;
    if (eid_vault_open(w->env.vault_dir, &w->env.ks, &o, &v) != EID_OK || eid_vault_unlock(v, PASS_A) != EID_OK ||
        eid_wallet_new(v, &w->wo, &wallet) != EID_OK)
        _exit(10);
    /* unlocked: from here on every kill lands among presentations, however
     * slowly the unlock ran (under an emulator it takes longer than the wait) */
    if (write(ready, "R", 1) != 1)
        _exit(13);
    close(ready);
    const uint32_t age[] = {3};
    kill_vfs_arm(kill_at);
    for (;;) {
        eid_bytes p = {0};
        eid_status st = eid_wallet_present(wallet, EID_DOC_IDENTITY, age, 1, NULL, 0, NULL, &p, NULL);
        if (st == EID_ERR_BATCH_EMPTY)
            raise(SIGKILL); /* not reached: the batch outlasts every kill point */
        if (st != EID_OK)
            _exit(11);
        uint8_t key[32];
        holder_key_of(&p, key);
        char line[68];
        for (int i = 0; i < 32; i++)
            snprintf(line + 2 * i, 3, "%02x", key[i]);
        line[64] = '\n';
        if (write(fd, line, 65) != 65)
            _exit(12);
        eid_bytes_free(&p);
    }
}

typedef struct census {
    uint8_t (*keys)[32];
    size_t n;
} census;

static eid_status count_member(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *v, size_t n)
{
    (void)ord;
    (void)v;
    (void)n;
    census *c = ctx;
    if (id_len != 33 || c->n >= 1024)
        return EID_ERR_CORRUPT;
    memcpy(c->keys[c->n++], id + 1, 32);
    return EID_OK;
}

static int has_holder_key(tb_world *w, const uint8_t pk[32])
{
    uint8_t id[8];
    eid_key_id(pk, id);
    eid_bytes rec = {0};
    eid_status st = vault_get(w->vault, VAULT_KIND_HOLDER_KEY, id, sizeof id, &rec, NULL);
    eid_bytes_free(&rec);
    assert_true(st == EID_OK || st == EID_ERR_NOT_FOUND);
    return st == EID_OK;
}

static void kill_between_presentation_and_deletion(void **state)
{
    (void)state;
    kill_vfs_arm(0); /* every database opened from here on counts its writes and syncs */
    tb_world *w = tb_world_new("batch-crash");
    w->wo.batch_size = EID_BATCH_MAX_MEMBERS;
    tb_wallet_reopen(w);
    tb_activate(w, w->wallet, 1, 1);
    int kills = getenv("EID_TEST_EMULATED") ? KILLS_EMULATED : KILLS;
    uint8_t(*used)[32] = calloc(MAX_USED, 32);
    census c = {calloc(1024, 32), 0};
    assert_non_null(used);
    assert_non_null(c.keys);
    size_t n_used = 0, imported = 0, unreported = 0;
    /* P: the writes and syncs of one presentation, counted here (the member it uses is logged) */
    imported += tb_refill(w, EID_DOC_IDENTITY, 1);
    kill_vfs_arm(0);
    const uint32_t age[] = {3};
    eid_bytes first = {0};
    assert_int_equal(eid_wallet_present(w->wallet, EID_DOC_IDENTITY, age, 1, NULL, 0, NULL, &first, NULL), EID_OK);
    eid_bytes_free(&first);
    long per_presentation = kill_vfs_count();
    assert_true(per_presentation > 0);
    long span = 4 * per_presentation;
    printf("batch crash loop: %ld writes and syncs per presentation\n", per_presentation);
    for (int round = 0; round < kills; round++) {
        size_t left = 0;
        assert_int_equal(eid_wallet_batch_remaining(w->wallet, EID_DOC_IDENTITY, &left, NULL), EID_OK);
        if (left < 8)
            imported += tb_refill(w, EID_DOC_IDENTITY, 1);
        close_wallet(w);
        int fds[2], ready[2];
        assert_int_equal(pipe(fds), 0);
        assert_int_equal(pipe(ready), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            close(ready[0]);
            child(w, fds[1], ready[1], 1 + (7L * round) % span);
            _exit(0);
        }
        close(fds[1]);
        close(ready[1]);
        char r;
        if (read(ready[0], &r, 1) != 1) /* EOF: the child died before it unlocked */
            fail_msg("round %d: the child could not open and unlock the wallet", round);
        close(ready[0]);
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (WIFEXITED(status))
            fail_msg("round %d: child exited with code %d", round, WEXITSTATUS(status));
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
            fail_msg("round %d: child did not die at its kill point", round);
        char line[66] = {0}; /* 65 bytes a report, and a NUL that sscanf() stops at */
        ssize_t got;
        size_t have = 0;
        while ((got = read(fds[0], line + have, 65 - have)) > 0) {
            have += (size_t)got;
            if (have < 65)
                continue;
            have = 0;
            assert_true(n_used < MAX_USED);
            for (int i = 0; i < 32; i++) {
                unsigned byte;
                assert_int_equal(sscanf(line + 2 * i, "%2x", &byte), 1);
                used[n_used][i] = (uint8_t)byte;
            }
            n_used++;
        }
        close(fds[0]);

        open_wallet(w);
        assert_int_equal(vault_integrity_check(w->vault), EID_OK);
        c.n = 0;
        assert_int_equal(vault_list(w->vault, KIND_BATCH, count_member, &c), EID_OK);
        eid_audit *log = NULL;
        assert_int_equal(eid_wallet_audit(w->wallet, &log), EID_OK);
        size_t shown = eid_audit_count(log);
        eid_audit_free(log);
        /* nothing lost, nothing used without its log entry */
        if (c.n + shown != imported)
            fail_msg("round %d: %zu members left + %zu logged != %zu imported", round, c.n, shown, imported);
        assert_true(shown >= n_used);
        /* a used member is gone with its key; every member left has its key */
        for (size_t i = 0; i < n_used; i++) {
            for (size_t k = 0; k < c.n; k++)
                assert_memory_not_equal(used[i], c.keys[k], 32);
            assert_false(has_holder_key(w, used[i]));
        }
        for (size_t k = 0; k < c.n; k++)
            assert_true(has_holder_key(w, c.keys[k]));
        unreported = shown - n_used;
    }
    printf("batch crash loop: %d kills, %zu presentations reported, %zu committed but killed before they "
           "returned, %zu members imported\n",
           kills, n_used, unreported, imported);
    /* kill points past the first presentation let it return and report: progress is certain */
    assert_true(n_used >= (size_t)kills / 2);
    free(used);
    free(c.keys);
    tb_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kill_between_presentation_and_deletion),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("batch_crash", tests, NULL, NULL);
}
