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

/* The set-up of the libFuzzer targets (fuzz_common.c): eid_init, aborting
 * the run when it fails; fuzz_fixture does that, then fills `world` (the
 * issuer, verifier and objects of fixture.h). */
struct fx;
void fuzz_library(void);
void fuzz_fixture(struct fx *world);

/* Defines the target's LLVMFuzzerInitialize, which libFuzzer calls once
 * before the first input: it runs `setup` (no ';' after the macro). */
#define FUZZ_INITIALIZE(setup)                                                                                         \
    int LLVMFuzzerInitialize(int *argc, char ***argv);                                                                 \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                                                                  \
    {                                                                                                                  \
        (void)argc;                                                                                                    \
        (void)argv;                                                                                                    \
        setup;                                                                                                         \
        return 0;                                                                                                      \
    }

#endif
