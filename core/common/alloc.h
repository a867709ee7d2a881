/* SPDX-License-Identifier: Apache-2.0 */
/* The allocation seam. Every heap allocation libeid makes goes through these
 * functions: its own, protobuf-c's (common/pb.c) and SQLite's (store/store.c);
 * libsodium's guarded memory (crypto/) is counted through mem_hook_refuse().
 * tests/api/alloc_seam.cmake fails when core/ calls malloc, calloc, realloc,
 * strdup or free anywhere else.
 *
 * The seam sits under every module, crypto included, and depends on libc
 * alone. It adds no header to a block: mem_free() is free(), so memory a
 * dependency allocated with malloc (utf8proc) may be released here too.
 *
 * Release rule: a block that held a secret or personal data (claims, decoded
 * credentials, QR and card text, relying-party names, decrypted records) is
 * released with mem_free_secret() or mem_free_text(), which zero it first;
 * mem_free() is for everything else. A zero size allocates one byte, so a
 * NULL return always means out of memory.
 *
 * Builds configured with EID_ALLOC_HOOKS (tests only, never a release) can make
 * the N-th allocation fail, to try every out-of-memory path. */
#ifndef EID_CORE_ALLOC_H
#define EID_CORE_ALLOC_H
#include <stddef.h>

void *mem_alloc(size_t size);
void *mem_calloc(size_t count, size_t size); /* NULL when count * size overflows */
/* Plain realloc: the old block is freed without being zeroed. */
void *mem_realloc(void *p, size_t size);
/* Grows (or shrinks) a block that holds personal data: copies the first
 * min(old_size, size) bytes into a new block and zeroes and frees the old one.
 * NULL, with p untouched, when it cannot allocate. */
void *mem_realloc_secret(void *p, size_t old_size, size_t size);
char *mem_strdup(const char *s);
void mem_free(void *p); /* accepts NULL */
/* Zeroes p[0..len) and frees p. Accepts NULL. */
void mem_free_secret(void *p, size_t len);
/* Zeroes a NUL-terminated string, NUL included, and frees it. Accepts NULL. */
void mem_free_text(char *s);
/* Zeroes p[0..len) in a way the compiler cannot drop. */
void mem_zero(void *p, size_t len);

#ifdef EID_ALLOC_HOOKS
/* 1 when the allocation about to be made must fail. The seam asks it on
 * every allocation; crypto/ asks it before sodium_malloc, so that guarded
 * memory counts too. */
int mem_hook_refuse(void);
/* Counts allocations from now on and makes the n-th fail, once (n = 0: none
 * fails, allocations are only counted). The counters are atomic, but which
 * allocation is the n-th is only defined when one thread allocates. */
void mem_hook_fail_at(unsigned long n);
/* Allocations counted since the last mem_hook_fail_at(). */
unsigned long mem_hook_count(void);
/* 1 when the armed allocation was reached and refused. */
int mem_hook_tripped(void);
/* mem_hook_hold(1) ... mem_hook_hold(0), nestable, on this thread: the
 * allocations between neither count nor fail. Only around a dependency's code
 * that is known to crash when an allocation fails (docs/VAULT.md, "Out of
 * memory"), so that a walk does not stop at a crash it cannot avoid. */
void mem_hook_hold(int on);
#else
static inline int mem_hook_refuse(void) { return 0; }
static inline void mem_hook_hold(int on) { (void)on; }
#endif

#endif
