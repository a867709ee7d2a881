/* SPDX-License-Identifier: Apache-2.0 */
/* Not libeid code: what tests/api/alloc_seam.cmake must find. Lines 7
 * and 10 call the C allocator; the other lines only look as if they did:
 * free(p), malloc(1). */
#include <stdlib.h>
static char table[4] = {0}; // calloc(1, 1)
void *grab(void) { return malloc(16); }
void keep(void *p) { sodium_free(p); eid_free(p); ops->free(p); ops.free(p); }

void drop(void *p) { free(p); }
void *mem_calloc_like(void) { return table; }
