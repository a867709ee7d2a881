/* SPDX-License-Identifier: Apache-2.0 */
/* Crash safety: a child process writes records (alone and in groups),
 * changes the passcode and rekeys in a loop, and dies by SIGKILL at a chosen
 * point: in odd rounds just before one of the vault's own fsyncs (the k-th,
 * k < 24), in even rounds just before the k-th write or sync of its
 * databases (tests/support/fault_vfs.h, k < 400). The child's choice of
 * operations and the kill points come from a fixed seed, so every run kills
 * at the same places whatever the machine's speed. After every kill the
 * vault must open with the old or the new passcode, pass
 * PRAGMA integrity_check, and hold every record whose call returned EID_OK
 * (the child reports each completed call through a pipe, after EID_OK). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fault_vfs.h"
#include "test_vault_support.h"
#include "vault/vault_header.h"

#define KILLS 400
#define KILLS_EMULATED 60 /* under qemu-user or valgrind (EID_TEST_EMULATED) */
#define MAX_RECORDS 200000

static const char *const passcodes[2] = {PASS_A, PASS_B};

static size_t record_value(uint32_t id, uint8_t *buf)
{
    size_t n = (size_t)snprintf((char *)buf, 64, "record %u ", id);
    size_t len = n + (id * 7919u) % 180u;
    for (size_t i = n; i < len; i++)
        buf[i] = (uint8_t)('a' + (id + i) % 26);
    return len;
}

static void id_bytes(uint32_t id, uint8_t b[4])
{
    b[0] = (uint8_t)(id >> 24);
    b[1] = (uint8_t)(id >> 16);
    b[2] = (uint8_t)(id >> 8);
    b[3] = (uint8_t)id;
}

/* ---- child -------------------------------------------------------------- */

static int report_fd = -1;
static long syncs_left = -1; /* kill at this many syncs from now; -1: never */

static int dying_fsync(int fd)
{
    if (syncs_left >= 0 && syncs_left-- == 0)
        raise(SIGKILL);
    return fsync(fd);
}

static void report(char tag, unsigned a)
{
    char line[32];
    int n = snprintf(line, sizeof line, "%c %u\n", tag, a);
    if (write(report_fd, line, (size_t)n) != n)
        _exit(3);
}

static void child(const tv_env *e, int believed, uint32_t first_id, unsigned seed, long kill_at_sync,
                  long kill_at_write)
{
    srand(seed);
    kill_vfs_arm(kill_at_write);
    eid_vault_options o;
    tv_fast_options(&o);
    store_fsync_hook = dying_fsync;
    syncs_left = kill_at_sync;
    eid_vault *v = NULL;
    if (eid_vault_open(e->vault_dir, &e->ks, &o, &v) != EID_OK)
        _exit(10);
    int current = believed;
    eid_status st = eid_vault_unlock(v, passcodes[current]);
    if (st == EID_ERR_WRONG_PASSCODE) {
        current = 1 - current;
        st = eid_vault_unlock(v, passcodes[current]);
    }
    if (st != EID_OK)
        _exit(11);
    report('U', (unsigned)current);
    uint32_t id = first_id;
    uint8_t value[256], key[4];
    for (;;) {
        int r = rand() % 100;
        if (r < 55) {
            id_bytes(id, key);
            size_t n = record_value(id, value);
            if (vault_put(v, VAULT_KIND_USER_MIN, key, 4, id, value, n) != EID_OK)
                _exit(12);
            report('R', id);
            id++;
        } else if (r < 75) {
            uint32_t group = 2 + (uint32_t)(rand() % 4);
            if (vault_begin(v) != EID_OK)
                _exit(13);
            for (uint32_t i = 0; i < group; i++) {
                id_bytes(id + i, key);
                size_t n = record_value(id + i, value);
                if (vault_put(v, VAULT_KIND_USER_MIN, key, 4, id + i, value, n) != EID_OK)
                    _exit(14);
            }
            if (vault_commit(v) != EID_OK)
                _exit(15);
            for (uint32_t i = 0; i < group; i++)
                report('R', id + i);
            id += group;
        } else if (r < 88) {
            if (eid_vault_change_passcode(v, passcodes[current], passcodes[1 - current]) != EID_OK)
                _exit(16);
            current = 1 - current;
            report('P', (unsigned)current);
        } else {
            if (eid_vault_rekey(v) != EID_OK)
                _exit(17);
            report('K', 0);
        }
    }
}

/* ---- parent ------------------------------------------------------------- */

typedef struct check {
    const uint8_t *reported; /* reported[id] = 1 when its put returned EID_OK */
    uint32_t max_id;
    uint32_t present, bad;
} check;

static eid_status check_record(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *value,
                               size_t value_len)
{
    check *c = ctx;
    if (id_len != 4) {
        c->bad++;
        return EID_OK;
    }
    uint32_t n = (uint32_t)id[0] << 24 | (uint32_t)id[1] << 16 | (uint32_t)id[2] << 8 | id[3];
    uint8_t want[256];
    size_t len = record_value(n, want);
    if (ord != n || value_len != len || memcmp(value, want, len) != 0)
        c->bad++;
    if (n < c->max_id && c->reported[n])
        c->present++;
    return EID_OK;
}

static void crash_loop(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-crash");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = NULL;
    assert_status(EID_OK, eid_vault_create(e.vault_dir, PASS_A, &e.ks, &o, &v));
    eid_vault_close(v);

    uint8_t *reported = calloc(MAX_RECORDS, 1);
    assert_non_null(reported);
    uint32_t reported_count = 0, next_id = 1;
    int believed = 0;
    unsigned seed = 20261129u;
    printf("crash loop: seed %u\n", seed);
    srand(seed);
    int by_write = 0, by_sync = 0, changes = 0, rekeys = 0, flipped = 0, leftovers = 0, pending = 0;

    int kills = getenv("EID_TEST_EMULATED") ? KILLS_EMULATED : KILLS;
    for (int round = 0; round < kills; round++) {
        int fds[2];
        assert_int_equal(0, pipe(fds));
        int sync_mode = round % 2;
        long kill_at_sync = sync_mode ? rand() % 24 : -1;
        long kill_at_write = sync_mode ? 0 : 1 + rand() % 400;
        unsigned child_seed = (unsigned)rand();
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            report_fd = fds[1];
            child(&e, believed, next_id, child_seed, kill_at_sync, kill_at_write);
            _exit(0);
        }
        close(fds[1]);
        {
            /* The child dies at its chosen point; it works forever until then
             * (ctest's timeout bounds a child that would not). */
            int status;
            assert_int_equal(waitpid(pid, &status, 0), pid);
            if (WIFEXITED(status))
                fail_msg("round %d: child failed with code %d", round, WEXITSTATUS(status));
            if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
                fail_msg("round %d: child did not die at its kill point (%s %ld)", round,
                         sync_mode ? "vault fsync" : "database write or sync", sync_mode ? kill_at_sync : kill_at_write);
        }
        sync_mode ? by_sync++ : by_write++;

        /* Everything the child finished before it died. */
        char buf[65536];
        size_t have = 0;
        ssize_t got;
        while ((got = read(fds[0], buf + have, sizeof buf - 1 - have)) > 0)
            have += (size_t)got;
        close(fds[0]);
        buf[have] = 0;
        uint32_t max_seen = next_id;
        for (char *line = buf; *line;) {
            char *nl = strchr(line, '\n');
            if (nl == NULL)
                break; /* a line cut by the kill is not a report */
            *nl = 0;
            unsigned a = 0;
            char tag = line[0];
            if (sscanf(line + 1, " %u", &a) != 1)
                fail_msg("round %d: bad report '%s'", round, line);
            if (tag == 'R') {
                assert_true(a < MAX_RECORDS);
                if (!reported[a])
                    reported_count++;
                reported[a] = 1;
                if (a + 1 > max_seen)
                    max_seen = a + 1;
            } else if (tag == 'P' || tag == 'U') {
                believed = (int)a;
                changes += tag == 'P';
            } else if (tag == 'K') {
                rekeys++;
            }
            line = nl + 1;
        }
        /* Ids of writes that may have committed unreported are not reused. */
        next_id = max_seen + 8;
        assert_true(next_id < MAX_RECORDS - 64);

        if (tv_exists(e.vault_dir, "vault.db.new"))
            leftovers++;
        char hpath[4200];
        snprintf(hpath, sizeof hpath, "%s/vault.hdr", e.vault_dir);
        size_t hlen;
        uint8_t *hbuf = tu_read_file(hpath, &hlen);
        vault_header h;
        assert_non_null(hbuf);
        assert_status(EID_OK, vault_header_parse(hbuf, hlen, &h));
        pending += h.slot[0].state == SLOT_PENDING || h.slot[1].state == SLOT_PENDING;
        free(hbuf);
        /* The vault opens with the old or the new passcode. */
        assert_status(EID_OK, eid_vault_open(e.vault_dir, &e.ks, &o, &v));
        eid_status st = eid_vault_unlock(v, passcodes[believed]);
        if (st == EID_ERR_WRONG_PASSCODE) {
            /* A change finished on disk but was killed before it reported. */
            believed = 1 - believed;
            flipped++;
            st = eid_vault_unlock(v, passcodes[believed]);
        }
        if (st != EID_OK)
            fail_msg("round %d: unlock after kill gave %s", round, eid_status_name(st));
        assert_status(EID_OK, vault_integrity_check(v));
        check c = {reported, MAX_RECORDS, 0, 0};
        assert_status(EID_OK, vault_list(v, VAULT_KIND_USER_MIN, check_record, &c));
        assert_int_equal(c.bad, 0);
        if (c.present != reported_count)
            fail_msg("round %d: %u of %u reported records present", round, c.present, reported_count);
        assert_false(tv_exists(e.vault_dir, "vault.db.new"));
        eid_vault_close(v);
    }
    printf("crash loop: %d kills (%d at a database write or sync, %d at a vault fsync), %u records confirmed, %d passcode changes, "
           "%d rekeys confirmed, %d unreported passcode changes found done, %d interrupted rekey copies cleaned, %d pending keys resolved\n",
           by_write + by_sync, by_write, by_sync, reported_count, changes, rekeys, flipped, leftovers, pending);
    assert_true(pending > 0);
    assert_true(reported_count > 0);
    assert_true(changes > 0);
    assert_true(rekeys > 0);
    free(reported);
    tv_env_free(&e);
}

static eid_status die_on_delete(void *ctx, const char *alias)
{
    (void)ctx;
    (void)alias;
    raise(SIGKILL);
    return EID_ERR_INTERNAL;
}

/* A process killed after the attempt that reached the limit was counted,
 * but before it could wipe, does not get the vault back: the next unlock
 * wipes, even with the right passcode. */
static void kill_before_wipe_still_wipes(void **state)
{
    (void)state;
    tv_env e;
    tv_env_init(&e, "vault-killwipe");
    eid_vault_options o;
    tv_fast_options(&o);
    o.backoff_after = 0; /* no waits: this is about the limit */
    eid_vault *v = NULL;
    assert_status(EID_OK, eid_vault_create(e.vault_dir, PASS_A, &e.ks, &o, &v));
    assert_status(EID_OK, eid_vault_lock(v));
    for (int i = 0; i < 9; i++)
        assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_WRONG));
    eid_vault_close(v);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* Dies when the vault starts wiping: the keystore is asked first. */
        eid_keystore dying = e.ks;
        dying.delete_key = die_on_delete;
        if (eid_vault_open(e.vault_dir, &dying, &o, &v) != EID_OK)
            _exit(10);
        eid_status st = eid_vault_unlock(v, PASS_WRONG);
        _exit(st == EID_ERR_WRONG_PASSCODE ? 11 : 12);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_true(tv_exists(e.vault_dir, "vault.hdr"));
    assert_status(EID_OK, eid_vault_open(e.vault_dir, &e.ks, &o, &v));
    uint32_t n;
    assert_status(EID_OK, eid_vault_failed_attempts(v, &n));
    assert_int_equal(n, 10);
    assert_status(EID_ERR_WIPED, eid_vault_unlock(v, PASS_A));
    assert_false(tv_exists(e.vault_dir, "vault.hdr"));
    assert_false(tv_exists(e.vault_dir, "vault.db"));
    eid_vault_close(v);
    tv_env_free(&e);
}

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crash_loop),
        cmocka_unit_test(kill_before_wipe_still_wipes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
