/* SPDX-License-Identifier: Apache-2.0 */
/* core/store: SQLite's process-wide setup, its zero-on-free allocator
 * installed before SQLite is initialised. See store.h. */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "common/alloc.h"
#include "store/store_internal.h"

/* ---- SQLite's memory: zeroed when freed ---------------------------------- */

/* Decrypted pages, rows and statements live in memory that SQLite allocates.
 * Every allocation carries its size in front so that it is zeroed when freed
 * (a realloc always moves and zeroes the old block), so nothing decrypted
 * stays in freed heap once a connection is closed. SQLite accepts
 * SQLITE_CONFIG_MALLOC only before it is initialised and the setting is
 * process-wide: store_global_init() installs it once per process (from
 * eid_init() and from the first store call), then initialises SQLite. */
#define MEM_HEADER 16 /* keeps SQLite's 8-byte alignment */

static void *zero_malloc(int n)
{
    if (n <= 0 || (size_t)n > SIZE_MAX - MEM_HEADER)
        return NULL;
    unsigned char *p = mem_alloc((size_t)n + MEM_HEADER);
    if (p == NULL)
        return NULL;
    memcpy(p, &(size_t){(size_t)n}, sizeof(size_t));
    return p + MEM_HEADER;
}

static size_t zero_size_of(void *q)
{
    size_t n;
    memcpy(&n, (unsigned char *)q - MEM_HEADER, sizeof n);
    return n;
}

static void zero_free(void *q)
{
    if (q == NULL)
        return;
    unsigned char *p = (unsigned char *)q - MEM_HEADER;
    mem_free_secret(p, zero_size_of(q) + MEM_HEADER);
}

static void *zero_realloc(void *q, int n)
{
    void *r = zero_malloc(n);
    if (r == NULL)
        return NULL;
    if (q != NULL) {
        size_t old = zero_size_of(q);
        memcpy(r, q, old < (size_t)n ? old : (size_t)n);
        zero_free(q);
    }
    return r;
}

static int zero_size(void *q) { return q == NULL ? 0 : (int)zero_size_of(q); }
static int zero_roundup(int n) { return n > INT_MAX - 7 ? n : (n + 7) & ~7; }
static int zero_init(void *app) { (void)app; return SQLITE_OK; }
static void zero_shutdown(void *app) { (void)app; }

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static _Atomic int memory_zeroed = 0;

static void global_init(void)
{
    static const sqlite3_mem_methods zeroing = {zero_malloc, zero_free, zero_realloc, zero_size,
                                                 zero_roundup, zero_init, zero_shutdown, NULL};
    /* SQLITE_MISUSE when something in the process initialised SQLite first. */
    memory_zeroed = sqlite3_config(SQLITE_CONFIG_MALLOC, &zeroing) == SQLITE_OK;
    sqlite3_initialize();
    store_warm_up();
}

void store_global_init(void) { pthread_once(&global_once, global_init); }

int store_memory_zeroed(void)
{
    store_global_init();
    return memory_zeroed;
}
