/* SPDX-License-Identifier: Apache-2.0 */
/* LD_PRELOAD shim for the samples' out-of-memory walk (tests/samples/run.sh):
 * with EID_FAIL_MALLOC_AT=N the N-th malloc, calloc or realloc of the process
 * returns NULL (once); with EID_MALLOC_COUNT_FILE=PATH the number of calls is
 * written there at exit. glibc only (__libc_malloc and friends). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

static unsigned long calls, fail_at;

__attribute__((constructor)) static void fm_init(void)
{
    const char *at = getenv("EID_FAIL_MALLOC_AT");
    fail_at = at != NULL ? strtoul(at, NULL, 10) : 0;
}

__attribute__((destructor)) static void fm_report(void)
{
    const char *path = getenv("EID_MALLOC_COUNT_FILE");
    FILE *f = path != NULL ? fopen(path, "w") : NULL;
    if (f != NULL) {
        fprintf(f, "%lu\n", calls);
        fclose(f);
    }
}

static int fail_now(void) { return ++calls == fail_at; }

void *malloc(size_t n) { return fail_now() ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t size) { return fail_now() ? NULL : __libc_calloc(n, size); }
void *realloc(void *p, size_t n) { return fail_now() ? NULL : __libc_realloc(p, n); }
