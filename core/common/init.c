/* SPDX-License-Identifier: Apache-2.0 */
/* Version, init and caller-owned memory. */
#include <stdlib.h>
#include <string.h>

#include "eid/common.h"
#include "common/alloc.h"
#include "common/text.h"
#include "crypto/crypto.h"
#include "store/store.h"

unsigned eid_version_number(void) { return EID_VERSION_NUMBER; }
const char *eid_version_string(void) { return EID_VERSION_STRING; }

eid_status eid_init(void)
{
    /* Text checks refuse unassigned code points: which ones depends on the
     * Unicode version, so the wire format fixes it and a build against
     * another one refuses to run rather than disagree with other verifiers. */
    eid_status st = text_unicode_check(text_unicode_version());
    if (st == EID_OK)
        st = cry_init();
    if (st == EID_OK)
        store_global_init(); /* before anything else in the process initialises SQLite */
    return st;
}

void eid_bytes_free(eid_bytes *b)
{
    if (b == NULL)
        return;
    mem_free_secret(b->data, b->len);
    b->data = NULL;
    b->len = 0;
}

void eid_free(void *p) { mem_free(p); }

void eid_text_free(char *text) { mem_free_text(text); }
