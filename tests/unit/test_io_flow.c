/* SPDX-License-Identifier: Apache-2.0 */
/* A failing or full disk at every storage operation of a wallet's whole life
 * (flow_walk.h): the N-th read, write or sync of the vault's database
 * (tests/support/fault_vfs.h) or sync of its own files (the header, the
 * folder) fails. At every N the step returns EID_ERR_IO or succeeds; a failed
 * step changed nothing (a failed sync may have made the whole change, never
 * part of it); the next call works, from the same handles at once or from a
 * reopened vault; the vault passes its integrity check with every record
 * readable, and its failed-attempt count stays at 0. A full disk stays full
 * until the fault clears: every write from the N-th on fails. */
#include "flow_walk.h"

#include "fault_vfs.h"
#include "store/store.h"

static fault_io kind;
static void io_arm(unsigned long n) { fault_vfs_fail_at(kind, n); }

static void walk_kind(fault_io k, const char *name, int in_doubt, unsigned long points[FW_STEPS])
{
    kind = k;
    /* the keystore is the platform's: libeid's software one keeps its key in
     * files, whose failed sync it reports as a keystore failure */
    const fw_fault f = {.name = name, .status = EID_ERR_IO,
                        .keystore = k == FAULT_IO_SYNC ? EID_ERR_KEYSTORE : EID_ERR_IO,
                        .arm = io_arm, .tripped = fault_vfs_tripped, .in_doubt = in_doubt, .retry = 1};
    fw_walk_flow(&f, points);
}

/* The steps that write to the vault's database: create, activation request,
 * activate, import, refill request, batch import, present, refresh (numbered
 * as fw_walk_flow() numbers them). Unlock writes the header only; the
 * issuance request, verify and audit write nothing. */
static const size_t db_writers[] = {0, 2, 3, 5, 6, 7, 8, 10};

/* Walks the flow under a fault of writing: every step that writes meets it. */
static void walk_writers(fault_io k, const char *name, int in_doubt, unsigned long points[FW_STEPS])
{
    walk_kind(k, name, in_doubt, points);
    for (size_t i = 0; i < sizeof db_writers / sizeof *db_writers; i++)
        assert_true(points[db_writers[i]] >= 1);
}

static void every_write_that_fails_leaves_the_vault_whole(void **state)
{
    (void)state;
    unsigned long points[FW_STEPS];
    walk_writers(FAULT_IO_WRITE, "write", 0, points);
}

static void a_full_disk_leaves_the_vault_whole(void **state)
{
    (void)state;
    unsigned long points[FW_STEPS];
    walk_writers(FAULT_IO_FULL, "full", 0, points);
}

static void every_sync_that_fails_leaves_all_or_nothing(void **state)
{
    (void)state;
    unsigned long points[FW_STEPS];
    walk_writers(FAULT_IO_SYNC, "sync", 1, points);
    assert_true(points[1] >= 1); /* unlock syncs the header */
}

static void every_read_that_fails_is_reported(void **state)
{
    (void)state;
    unsigned long points[FW_STEPS];
    walk_kind(FAULT_IO_READ, "read", 0, points);
    assert_true(points[0] >= 1 && points[1] >= 1); /* create and unlock read the database */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_write_that_fails_leaves_the_vault_whole),
        cmocka_unit_test(a_full_disk_leaves_the_vault_whole),
        cmocka_unit_test(every_sync_that_fails_leaves_all_or_nothing),
        cmocka_unit_test(every_read_that_fails_is_reported),
    };
    if (eid_init() != EID_OK)
        return 1;
    fault_vfs_fail_at(FAULT_IO_READ, 0); /* every database from here on */
    store_fsync_hook = fault_vfs_fsync;
    return cmocka_run_group_tests_name("io_flow", tests, NULL, NULL);
}
