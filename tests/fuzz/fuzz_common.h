/* SPDX-License-Identifier: Apache-2.0 */
/* What the libFuzzer targets and their seed generator (fuzz_corpus.c) share. */
#ifndef EID_FUZZ_COMMON_H
#define EID_FUZZ_COMMON_H
#include <string.h>

#include "eid/eid.h"

/* The challenge of every issuer-side seed, so that seeds reach the signature checks. */
static const uint8_t fuzz_challenge[] = "issuer-challenge-0042";

/* Every status the library returns has a name. */
static inline int fuzz_defined(eid_status st) { return strcmp(eid_status_name(st), "EID_ERR_UNKNOWN") != 0; }

#endif
