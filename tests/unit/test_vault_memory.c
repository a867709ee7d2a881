/* SPDX-License-Identifier: Apache-2.0 */
/* No decrypted record stays in this process's memory once the vault is
 * locked or closed: a record carrying a distinctive marker is stored and
 * read, the vault is locked and closed, and every private writable mapping
 * of the process (heap, anonymous memory, libraries' data) is searched for
 * the marker. The test keeps no plaintext copy of its own: the marker is
 * built from a masked template into a buffer that is zeroed after use, and
 * the search compares through the mask. While the vault is unlocked the
 * search must find the marker (SQLite's page cache holds it), which shows
 * that the search sees the memory where copies would be. */
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "test_vault_support.h"
#include "crypto/crypto.h"

#define MASK 0x5a
#define MARKER_LEN 28

/* "PID-079203004512-MARKER-" + 4 random hex digits, masked. */
static uint8_t masked[MARKER_LEN];

static void make_template(void)
{
    static const char base[] = {'P' ^ MASK, 'I' ^ MASK, 'D' ^ MASK, '-' ^ MASK, '0' ^ MASK, '7' ^ MASK, '9' ^ MASK,
                                '2' ^ MASK, '0' ^ MASK, '3' ^ MASK, '0' ^ MASK, '0' ^ MASK, '4' ^ MASK, '5' ^ MASK,
                                '1' ^ MASK, '2' ^ MASK, '-' ^ MASK, 'M' ^ MASK, 'K' ^ MASK, 'R' ^ MASK, '-' ^ MASK,
                                'Q' ^ MASK, 'Z' ^ MASK, '-' ^ MASK};
    memcpy(masked, base, sizeof base);
    static const char hex[] = "0123456789abcdef";
    uint8_t r[2];
    cry_random(r, sizeof r);
    for (int i = 0; i < 4; i++)
        masked[sizeof base + (size_t)i] = (uint8_t)(hex[(r[i / 2] >> (4 * (i % 2))) & 15] ^ MASK);
}

/* A heap copy of the marker; the caller zeroes and frees it. */
static uint8_t *marker_copy(void)
{
    uint8_t *m = malloc(MARKER_LEN);
    assert_non_null(m);
    for (int i = 0; i < MARKER_LEN; i++)
        m[i] = masked[i] ^ MASK;
    return m;
}

static void drop(uint8_t *m)
{
    cry_memzero(m, MARKER_LEN);
    free(m);
}

typedef struct region {
    uintptr_t start, end;
} region;

#define REGIONS_MAX 4096
static region regions[REGIONS_MAX];
static char maps_line[1024];

/* Private writable mappings, except the stack (the test's own frames) and
 * mappings too large to search (sanitizer shadow memory: reported). */
static int list_regions(size_t *skipped_bytes)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (f == NULL)
        return -1;
    int n = 0;
    *skipped_bytes = 0;
    while (fgets(maps_line, sizeof maps_line, f) != NULL && n < REGIONS_MAX) {
        unsigned long long lo, hi;
        char perms[8] = {0};
        int path_at = 0;
        if (sscanf(maps_line, "%llx-%llx %7s %*s %*s %*s %n", &lo, &hi, perms, &path_at) < 3)
            continue;
        if (perms[0] != 'r' || perms[1] != 'w' || perms[3] != 'p')
            continue;
        const char *path = maps_line + path_at;
        if (strncmp(path, "[stack", 6) == 0 || strncmp(path, "[vvar", 5) == 0 || strncmp(path, "[vsyscall", 9) == 0)
            continue;
        if (hi - lo > (1ull << 32)) {
            *skipped_bytes += (size_t)(hi - lo);
            continue;
        }
        regions[n].start = (uintptr_t)lo;
        regions[n].end = (uintptr_t)hi;
        n++;
    }
    fclose(f);
    return n;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_ASAN __attribute__((no_sanitize_address))
#endif
#endif
#if !defined(NO_ASAN) && defined(__SANITIZE_ADDRESS__)
#define NO_ASAN __attribute__((no_sanitize_address))
#endif
#ifndef NO_ASAN
#define NO_ASAN
#endif

/* Reads freed memory and redzones on purpose: not instrumented. */
NO_ASAN static int count_in(const volatile uint8_t *p, size_t n)
{
    int found = 0;
    const uint8_t first = (uint8_t)(masked[0] ^ MASK);
    for (size_t i = 0; i + MARKER_LEN <= n; i++) {
        if (p[i] != first)
            continue;
        size_t k = 1;
        while (k < MARKER_LEN && p[i + k] == (uint8_t)(masked[k] ^ MASK))
            k++;
        found += k == MARKER_LEN;
    }
    return found;
}

static unsigned char residency[1 << 16];

/* Copies of the marker in resident pages of every listed region. */
static int count_marker(void)
{
    size_t skipped = 0;
    int n = list_regions(&skipped);
    if (n < 0)
        fail_msg("cannot read /proc/self/maps: the memory search cannot run on this platform");
    assert_true(n > 0);
    if (skipped > 0)
        print_message("not searched: %zu MiB of mappings over 4 GiB (sanitizer shadow)\n", skipped >> 20);
    long page = sysconf(_SC_PAGESIZE);
    assert_true(page > 0);
    int found = 0;
    for (int r = 0; r < n; r++) {
        /* Chunks of whole pages; pages never touched are not resident and
         * hold nothing (mincore), which keeps big reservations cheap. */
        size_t chunk = (size_t)page * sizeof residency;
        for (uintptr_t at = regions[r].start; at < regions[r].end;) {
            size_t len = regions[r].end - at < chunk ? regions[r].end - at : chunk;
            uintptr_t next = at + len; /* never past the end: no wrap on 32-bit targets */
            size_t pages = len / (size_t)page;
            if (mincore((void *)at, len, residency) != 0) {
                found += count_in((const volatile uint8_t *)at, len);
                at = next;
                continue;
            }
            for (size_t i = 0; i < pages; i++) {
                if (!(residency[i] & 1))
                    continue;
                /* Overlap into the next page so a marker across a boundary counts once. */
                size_t span = (size_t)page + (i + 1 < pages ? MARKER_LEN - 1 : 0);
                found += count_in((const volatile uint8_t *)(at + i * (size_t)page), span);
            }
            at = next;
        }
    }
    return found;
}

static void put_marker(eid_vault *v, const char *id)
{
    uint8_t *m = marker_copy();
    /* A record the size of a claim-bearing credential, the marker inside. */
    uint8_t value[600];
    memset(value, '.', sizeof value);
    memcpy(value + 100, m, MARKER_LEN);
    memcpy(value + 400, m, MARKER_LEN);
    drop(m);
    assert_status(EID_OK, vault_put(v, VAULT_KIND_USER_MIN, (const uint8_t *)id, strlen(id), 1, value, sizeof value));
    cry_memzero(value, sizeof value);
}

static void read_marker(eid_vault *v, const char *id)
{
    eid_bytes b = {0};
    assert_status(EID_OK, vault_get(v, VAULT_KIND_USER_MIN, (const uint8_t *)id, strlen(id), &b, NULL));
    assert_int_equal(b.len, 600);
    assert_int_equal(count_in(b.data, b.len), 2);
    eid_bytes_free(&b);
}

static void no_record_left_in_memory(void **state)
{
    (void)state;
    make_template();
    assert_int_equal(count_marker(), 0);
    tv_env e;
    tv_env_init(&e, "vault-memory");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *v = NULL;
    assert_status(EID_OK, eid_vault_create(e.vault_dir, PASS_A, &e.ks, &o, &v));
    put_marker(v, "identity");
    put_marker(v, "licence");
    read_marker(v, "identity");
    assert_status(EID_OK, vault_delete(v, VAULT_KIND_USER_MIN, (const uint8_t *)"licence", 7));
    eid_vault_close(v);

    assert_status(EID_OK, eid_vault_open(e.vault_dir, &e.ks, &o, &v));
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    read_marker(v, "identity");
    read_marker(v, "identity");
    /* The search sees where the copies live: SQLite's cache holds the page. */
    int unlocked = count_marker();
    print_message("copies of the marker while unlocked: %d\n", unlocked);
    assert_true(unlocked > 0);

    assert_status(EID_OK, eid_vault_lock(v));
    int locked = count_marker();
    print_message("copies after lock: %d\n", locked);
    assert_status(EID_OK, eid_vault_unlock(v, PASS_A));
    read_marker(v, "identity");
    assert_status(EID_OK, eid_vault_rekey(v));
    read_marker(v, "identity");
    eid_vault_close(v);
    int closed = count_marker();
    print_message("copies after close: %d\n", closed);
    assert_int_equal(locked, 0);
    assert_int_equal(closed, 0);
    tv_env_free(&e);
}

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_record_left_in_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
