/* SPDX-License-Identifier: Apache-2.0 */
/* A level-2 wallet holding a driving licence, with a refill request
 * outstanding, for the targets that feed a wallet (fuzz_import, fuzz_batch).
 * Its vault lives under EID_BINARY_DIR (or /tmp) and is removed at exit. */
#ifndef EID_FUZZ_WALLET_H
#define EID_FUZZ_WALLET_H
#include <stdlib.h>

#include "fuzz_common.h"
#include "test_batch_support.h"

static tb_world *fuzz_world;
/* A second wallet that asked for activation and was never activated. */
static eid_wallet *fuzz_fresh;
static eid_vault *fuzz_fresh_vault;

static void fuzz_wallet_free(void)
{
    eid_wallet_free(fuzz_fresh);
    eid_vault_close(fuzz_fresh_vault);
    tb_world_free(fuzz_world);
}

static inline void fuzz_wallet_init(const char *tag)
{
    fuzz_library();
    fuzz_world = tb_world_new(tag);
    tb_activate(fuzz_world, fuzz_world->wallet, 1, 1);
    tb_import(fuzz_world, EID_DOC_DRIVING_LICENCE, 5);
    eid_bytes req = {0};
    if (eid_wallet_refill_request(fuzz_world->wallet, EID_DOC_DRIVING_LICENCE, tb_challenge, sizeof tb_challenge,
                                  &req) != EID_OK)
        abort();
    eid_bytes_free(&req);

    char dir[4200];
    snprintf(dir, sizeof dir, "%s/fresh", fuzz_world->env.root);
    eid_vault_options o;
    tv_fast_options(&o);
    if (mkdir(dir, 0700) != 0 || eid_vault_create(dir, PASS_A, &fuzz_world->env.ks, &o, &fuzz_fresh_vault) != EID_OK ||
        eid_wallet_new(fuzz_fresh_vault, &fuzz_world->wo, &fuzz_fresh) != EID_OK ||
        eid_wallet_activation_request(fuzz_fresh, tb_challenge, sizeof tb_challenge, &req) != EID_OK)
        abort();
    eid_bytes_free(&req);
    atexit(fuzz_wallet_free);
}

#endif
