/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the vault suites: fast Argon2id options, a pinned clock,
 * a keystore wrapper that fails on demand and records, and file helpers. */
#ifndef EID_TEST_VAULT_SUPPORT_H
#define EID_TEST_VAULT_SUPPORT_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "eid/vault.h"
#include "vault/vault.h"

#define PASS_A "482915"
#define PASS_B "730264"
#define PASS_WRONG "591374"

static int64_t tv_now = 1750000000;
static inline int64_t tv_clock(void *ctx)
{
    (void)ctx;
    return tv_now;
}

/* The fast profile: 1 pass over 8 KiB, so lockout and crash loops stay
 * quick; tv_now drives both the wall clock and the backoff's elapsed clock. */
static inline void tv_fast_options(eid_vault_options *o)
{
    eid_vault_options_default(o, EID_VAULT_OPTIONS_VERSION);
    o->argon2_ops = 1;
    o->argon2_mem_bytes = 8192;
    o->clock = tv_clock;
    o->elapsed_clock = tv_clock;
}

/* A keystore that forwards to another one unless told to fail, counts its
 * PRF calls and can record every (input, output) pair it returned. */
#define TV_RECORD_MAX 64
typedef struct tv_faulty {
    const eid_keystore *inner;
    eid_status fail_prf; /* EID_OK: forward */
    eid_status fail_delete;
    int prfs;
    int recorded;
    uint8_t in[TV_RECORD_MAX][32];
    uint8_t out[TV_RECORD_MAX][32];
} tv_faulty;

static inline eid_status tv_faulty_prf(void *ctx, const char *alias, const uint8_t in[32], uint8_t out[32])
{
    tv_faulty *f = ctx;
    f->prfs++;
    if (f->fail_prf != EID_OK)
        return f->fail_prf;
    eid_status st = f->inner->prf(f->inner->ctx, alias, in, out);
    if (st == EID_OK && f->recorded < TV_RECORD_MAX) {
        memcpy(f->in[f->recorded], in, 32);
        memcpy(f->out[f->recorded], out, 32);
        f->recorded++;
    }
    return st;
}

static inline eid_status tv_faulty_delete(void *ctx, const char *alias)
{
    tv_faulty *f = ctx;
    if (f->fail_delete != EID_OK)
        return f->fail_delete;
    return f->inner->delete_key(f->inner->ctx, alias);
}

static inline eid_keystore tv_faulty_keystore(tv_faulty *f, const eid_keystore *inner)
{
    memset(f, 0, sizeof *f);
    f->inner = inner;
    eid_keystore ks = {inner->kind, f, tv_faulty_prf, tv_faulty_delete};
    return ks;
}

/* A vault directory and a keystore directory under one temp root. */
typedef struct tv_env {
    char *root;
    char vault_dir[4096];
    char ks_dir[4096];
    eid_keystore ks;
} tv_env;

static inline void tv_env_init(tv_env *e, const char *tag)
{
    e->root = tu_temp_dir(tag);
    assert_non_null(e->root);
    snprintf(e->vault_dir, sizeof e->vault_dir, "%s/vault", e->root);
    snprintf(e->ks_dir, sizeof e->ks_dir, "%s/keystore", e->root);
    assert_int_equal(0, mkdir(e->vault_dir, 0700));
    assert_int_equal(0, mkdir(e->ks_dir, 0700));
    assert_status(EID_OK, eid_keystore_software_open(e->ks_dir, &e->ks));
}

static inline void tv_env_free(tv_env *e)
{
    eid_keystore_software_close(&e->ks);
    tu_remove_tree(e->root);
    free(e->root);
}

static inline int tv_exists(const char *dir, const char *name)
{
    char path[8192];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

#endif
