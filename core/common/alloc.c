/* SPDX-License-Identifier: Apache-2.0 */
/* The allocation seam (common/alloc.h): the only file in core/ that calls the
 * C library's allocator. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"

#ifdef EID_ALLOC_HOOKS
#include <stdatomic.h>

static atomic_ulong hook_count;
static atomic_ulong hook_fail_at;
static atomic_int hook_hit;
static _Thread_local int hook_held;

int mem_hook_refuse(void)
{
    if (hook_held)
        return 0;
    unsigned long n = atomic_fetch_add(&hook_count, 1) + 1;
    if (n != atomic_load(&hook_fail_at))
        return 0;
    atomic_store(&hook_hit, 1);
    return 1;
}

void mem_hook_fail_at(unsigned long n)
{
    atomic_store(&hook_fail_at, n);
    atomic_store(&hook_count, 0);
    atomic_store(&hook_hit, 0);
}

unsigned long mem_hook_count(void) { return atomic_load(&hook_count); }

int mem_hook_tripped(void) { return atomic_load(&hook_hit); }

void mem_hook_hold(int on) { hook_held += on ? 1 : -1; }
#endif

void *mem_alloc(size_t size)
{
    if (mem_hook_refuse())
        return NULL;
    return malloc(size ? size : 1);
}

void *mem_calloc(size_t count, size_t size)
{
    if (count != 0 && size > SIZE_MAX / count)
        return NULL;
    if (mem_hook_refuse())
        return NULL;
    return count && size ? calloc(count, size) : calloc(1, 1);
}

void *mem_realloc(void *p, size_t size)
{
    if (mem_hook_refuse())
        return NULL;
    return realloc(p, size ? size : 1);
}

void *mem_realloc_secret(void *p, size_t old_size, size_t size)
{
    void *q = mem_alloc(size);
    if (q == NULL)
        return NULL;
    if (p != NULL) {
        memcpy(q, p, old_size < size ? old_size : size);
        mem_free_secret(p, old_size);
    }
    return q;
}

char *mem_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = mem_alloc(n);
    if (copy != NULL)
        memcpy(copy, s, n);
    return copy;
}

void mem_free(void *p) { free(p); }

/* Called through a volatile pointer, so the compiler cannot prove the stores
 * dead and drop them before free(). */
static void *(*const volatile zero_bytes)(void *, int, size_t) = memset;

void mem_zero(void *p, size_t len)
{
    if (p != NULL && len != 0)
        zero_bytes(p, 0, len);
}

void mem_free_secret(void *p, size_t len)
{
    if (p == NULL)
        return;
    mem_zero(p, len);
    free(p);
}

void mem_free_text(char *s)
{
    if (s != NULL)
        mem_free_secret(s, strlen(s) + 1);
}
