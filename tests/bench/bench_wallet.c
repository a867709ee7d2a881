/* SPDX-License-Identifier: Apache-2.0 */
/* Wallet figures (issue: level-2 wallet), one run:
 *  - presentation build time on the wallet side (holder key in the vault,
 *    audit row written) divided by the bare holder signature time;
 *  - import, list and status-refresh times, and how the audit log's listing
 *    grows with 1, 100 and 1 000 entries.
 * A wallet holds one credential per doc type (identity + three documents), so
 * "1 000 documents" applies to the audit log, the table that grows.
 *
 *   cmake --preset bench && cmake --build --preset bench --target bench_wallet && build/bench/tests/bench/bench_wallet
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

#include "crypto/crypto.h"
#include "fixture.h"
#include "test_vault_support.h"

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int64_t bench_now;
static int64_t bench_clock(void *ctx)
{
    (void)ctx;
    return bench_now;
}

static const uint8_t challenge[] = "bench-challenge";

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    fx f;
    fx_init(&f);
    bench_now = f.now;
    tv_env env;
    tv_env_init(&env, "bench-wallet");
    eid_vault_options o;
    tv_fast_options(&o);
    eid_vault *vault = NULL;
    eid_wallet *w = NULL;
    eid_wallet_options wo;
    eid_wallet_options_default(&wo, EID_WALLET_OPTIONS_VERSION);
    wo.clock = bench_clock;
    if (eid_vault_create(env.vault_dir, PASS_A, &env.ks, &o, &vault) != EID_OK ||
        eid_wallet_new(vault, &wo, &w) != EID_OK)
        return 1;
    eid_bytes req = {0};
    uint8_t holder[32];
    uint32_t prot;
    eid_wallet_activation_request(w, challenge, sizeof challenge, &req);
    if (eid_activation_check(req.data, req.len, challenge, sizeof challenge, holder, &prot) != EID_OK)
        return 1;
    eid_bytes_free(&req);
    eid_claim c[EID_CLAIM_MAX_COUNT];
    size_t n = fx_claims(EID_DOC_IDENTITY, c);
    eid_credential_params p = fx_params(&f, EID_DOC_IDENTITY, 1);
    p.holder_key = holder;
    eid_bytes id = {0};
    eid_issue_credential(f.issuer[1], &p, c, n, &id);
    double t0 = seconds();
    if (eid_wallet_activate(w, f.verifier, id.data, id.len) != EID_OK)
        return 1;
    double activate = seconds() - t0;
    double import = 0;
    for (uint32_t t = 2; t <= 4; t++) {
        p = fx_params(&f, t, 10 + t);
        p.holder_key = holder;
        eid_bytes d = fx_issue_with(&f, &p, f.issuer[t]);
        t0 = seconds();
        if (eid_wallet_import(w, f.verifier, d.data, d.len) != EID_OK)
            return 1;
        import += seconds() - t0;
        eid_bytes_free(&d);
    }
    uint32_t types[8];
    size_t count;
    t0 = seconds();
    for (int i = 0; i < 1000; i++)
        eid_wallet_list(w, types, 8, &count);
    double list = (seconds() - t0) / 1000;
    t0 = seconds();
    for (int i = 0; i < 20; i++)
        if (eid_wallet_refresh(w, f.verifier, NULL) != EID_OK)
            return 1;
    double refresh = (seconds() - t0) / 20;
    printf("== wallet with identity + 3 documents\n  activate %.2f ms, import %.2f ms each, list %.1f us, "
           "status refresh %.2f ms\n",
           activate * 1e3, import / 3 * 1e3, list * 1e6, refresh * 1e3);

    /* presentation build: wallet (vault key + audit row) vs eid_present (key in memory) vs bare sign */
    const uint32_t std[] = {0, 1, 2, 3};
    const int rounds = 300;
    t0 = seconds();
    for (int i = 0; i < rounds; i++) {
        eid_bytes pr = {0};
        if (eid_wallet_present(w, EID_DOC_IDENTITY, std, 4, NULL, 0, NULL, &pr, NULL) != EID_OK)
            return 1;
        eid_bytes_free(&pr);
    }
    double wallet_present = (seconds() - t0) / rounds;
    eid_bytes b = fx_issue(&f, EID_DOC_IDENTITY, 2);
    t0 = seconds();
    for (int i = 0; i < rounds; i++) {
        eid_bytes pr = {0};
        eid_present(b.data, b.len, f.holder, std, 4, NULL, 0, f.now, &pr);
        eid_bytes_free(&pr);
    }
    double bare_present = (seconds() - t0) / rounds;
    uint8_t msg[350], sig[64];
    uint8_t *sk = cry_secure_alloc(64);
    uint8_t pk[32];
    cry_sign_keypair(pk, sk);
    t0 = seconds();
    for (int i = 0; i < rounds * 10; i++)
        cry_sign_detached(sig, CRY_CTX_PRESENTATION, msg, sizeof msg, sk);
    double sign = (seconds() - t0) / (rounds * 10);
    cry_secure_free(sk);
    printf("== presentation build (identity, claims 0-3)\n"
           "  bare holder signature %.1f us; eid_present %.1f us (ratio %.2f);\n"
           "  eid_wallet_present %.1f us (ratio %.2f: vault key through the keystore + durable audit row)\n",
           sign * 1e6, bare_present * 1e6, bare_present / sign, wallet_present * 1e6, wallet_present / sign);

    /* audit listing at 1, 100, 1 000 entries */
    printf("== audit log listing\n");
    eid_wallet_audit_clear(w);
    int have = 0;
    int sizes[] = {1, 100, 1000};
    for (int s = 0; s < 3; s++) {
        for (; have < sizes[s]; have++) {
            eid_bytes pr = {0};
            if (eid_wallet_present(w, EID_DOC_DRIVING_LICENCE, std, 2, NULL, 0, NULL, &pr, NULL) != EID_OK)
                return 1;
            eid_bytes_free(&pr);
        }
        t0 = seconds();
        eid_audit *log = NULL;
        for (int i = 0; i < 20; i++) {
            eid_wallet_audit(w, &log);
            eid_audit_free(log);
        }
        printf("  %5d entries: %.3f ms per listing\n", sizes[s], (seconds() - t0) / 20 * 1e3);
    }
    eid_bytes_free(&b);
    eid_bytes_free(&id);
    eid_wallet_free(w);
    eid_vault_close(vault);
    tv_env_free(&env);
    fx_free(&f);
    return 0;
}
