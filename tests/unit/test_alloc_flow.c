/* SPDX-License-Identifier: Apache-2.0 */
/* Out of memory at every allocation of a wallet's whole life (flow_walk.h):
 * the N-th allocation inside libeid (SQLCipher's included: core/store gives
 * SQLite libeid's allocator) fails. At every N the step returns
 * EID_ERR_NO_MEMORY or succeeds, changes nothing when it fails, and the vault
 * opens again with the passcode, its failed-attempt count untouched. */
#include "flow_walk.h"

#include "common/alloc.h"

static int alloc_tripped(void) { return mem_hook_tripped(); }

static const fw_fault out_of_memory = {.name = "memory", .status = EID_ERR_NO_MEMORY,
                                       .keystore = EID_ERR_NO_MEMORY, .arm = mem_hook_fail_at,
                                       .tripped = alloc_tripped};

static void a_whole_flow_fails_only_for_memory(void **state)
{
    (void)state;
    unsigned long points[FW_STEPS];
    fw_walk_flow(&out_of_memory, points);
    /* every step allocates: more than 10 points each, or 10 / stride under an
     * emulator, which walks every 7th */
    for (size_t i = 0; i < FW_STEPS; i++)
        assert_true(points[i] > 10 / fw_stride());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_whole_flow_fails_only_for_memory),
    };
    if (eid_init() != EID_OK)
        return 1;
    /* Thousands of vault opens, each with its syncs: in memory when there is
     * a memory file system. */
    struct stat sb;
    if (stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) && access("/dev/shm", W_OK) == 0)
        setenv("EID_BINARY_DIR", "/dev/shm", 1);
    return cmocka_run_group_tests_name("alloc_flow", tests, NULL, NULL);
}
