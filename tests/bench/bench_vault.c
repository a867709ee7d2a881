/* SPDX-License-Identifier: Apache-2.0 */
/* Vault benchmarks, each figure measured in this one run:
 *   - unlock time / bare Argon2id time with the same parameters (target <= 1.10)
 *   - record store and read throughput at 10, 1 000 and 10 000 records
 *     (one transaction per record, and all in one transaction)
 *   - bytes on disk per record
 * Usage: bench_vault [ops mem_bytes] (default: the vault's Argon2id defaults). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "testutil.h"
#include "eid/vault.h"
#include "store/store.h"
#include "vault/vault.h"

#define PASSCODE "482915"
#define RECORD_BYTES 1024 /* about one credential with its disclosures */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static long long dir_bytes(const char *path)
{
    long long total = 0;
    DIR *d = opendir(path);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        char child[4096];
        struct stat st;
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        if (e->d_name[0] != '.' && stat(child, &st) == 0 && S_ISREG(st.st_mode))
            total += st.st_size;
    }
    if (d != NULL)
        closedir(d);
    return total;
}

typedef struct env {
    char root[4096], vault[4200], ks_dir[4200];
    eid_keystore ks;
} env;

static int env_init(env *e)
{
    snprintf(e->root, sizeof e->root, "bench-vault-XXXXXX");
    if (mkdtemp(e->root) == NULL)
        return -1;
    snprintf(e->vault, sizeof e->vault, "%s/vault", e->root);
    snprintf(e->ks_dir, sizeof e->ks_dir, "%s/keystore", e->root);
    if (mkdir(e->vault, 0700) != 0 || mkdir(e->ks_dir, 0700) != 0)
        return -1;
    return eid_keystore_software_open(e->ks_dir, &e->ks) == EID_OK ? 0 : -1;
}

static void env_free(env *e)
{
    eid_keystore_software_close(&e->ks);
    tu_remove_tree(e->root);
}

static int bench_unlock(uint64_t ops, uint64_t mem)
{
    enum { RUNS = 9 };
    env e;
    if (env_init(&e) != 0)
        return 1;
    eid_vault_options o;
    eid_vault_options_default(&o, EID_VAULT_OPTIONS_VERSION);
    o.argon2_ops = ops;
    o.argon2_mem_bytes = mem;
    eid_vault *v = NULL;
    if (eid_vault_create(e.vault, PASSCODE, &e.ks, &o, &v) != EID_OK)
        return 1;
    uint8_t pk[32];
    vault_holder_key_new(v, pk);
    double unlock[RUNS], bare[RUNS];
    uint8_t salt[CRY_PWHASH_SALT_BYTES] = {1}, out[32];
    for (int i = 0; i < RUNS; i++) {
        /* Interleaved so that both see the same machine state. */
        eid_vault_lock(v);
        double t0 = now_s();
        if (eid_vault_unlock(v, PASSCODE) != EID_OK)
            return 1;
        unlock[i] = now_s() - t0;
        t0 = now_s();
        if (cry_argon2id(out, sizeof out, PASSCODE, strlen(PASSCODE), salt, ops, (size_t)mem) != EID_OK)
            return 1;
        bare[i] = now_s() - t0;
    }
    double u = median(unlock, RUNS), b = median(bare, RUNS);
    printf("Argon2id t=%llu m=%llu KiB (p=1)\n", (unsigned long long)ops, (unsigned long long)(mem / 1024));
    printf("  unlock (median of %d)        %8.1f ms\n", RUNS, u * 1e3);
    printf("  bare Argon2id (median of %d) %8.1f ms\n", RUNS, b * 1e3);
    printf("  unlock / Argon2id            %8.3f   (target <= 1.10)\n", u / b);
    eid_vault_close(v);
    env_free(&e);
    return 0;
}

static void fill(uint8_t *buf, uint32_t i)
{
    for (size_t k = 0; k < RECORD_BYTES; k++)
        buf[k] = (uint8_t)((i * 131u + k * 7u) ^ (k >> 3));
}

static int bench_records(int n, int one_transaction)
{
    env e;
    if (env_init(&e) != 0)
        return 1;
    eid_vault_options o;
    eid_vault_options_default(&o, EID_VAULT_OPTIONS_VERSION);
    o.argon2_ops = 1; /* the store is measured here, not the KDF */
    o.argon2_mem_bytes = 8192;
    eid_vault *v = NULL;
    if (eid_vault_create(e.vault, PASSCODE, &e.ks, &o, &v) != EID_OK)
        return 1;
    uint8_t value[RECORD_BYTES], id[16];
    double t0 = now_s();
    if (one_transaction && vault_begin(v) != EID_OK)
        return 1;
    for (int i = 0; i < n; i++) {
        fill(value, (uint32_t)i);
        snprintf((char *)id, sizeof id, "%07d", i % 10000000);
        if (vault_put(v, VAULT_KIND_USER_MIN, id, 7, i, value, sizeof value) != EID_OK)
            return 1;
    }
    if (one_transaction && vault_commit(v) != EID_OK)
        return 1;
    double write_s = now_s() - t0;
    t0 = now_s();
    for (int i = 0; i < n; i++) {
        eid_bytes b = {0};
        snprintf((char *)id, sizeof id, "%07d", i % 10000000);
        if (vault_get(v, VAULT_KIND_USER_MIN, id, 7, &b, NULL) != EID_OK || b.len != RECORD_BYTES)
            return 1;
        eid_bytes_free(&b);
    }
    double read_s = now_s() - t0;
    long long before = dir_bytes(e.vault);
    vault_checkpoint_truncate(v);
    eid_vault_close(v);
    long long after = dir_bytes(e.vault);
    printf("  %6d records %-16s write %9.0f rec/s  read %9.0f rec/s  disk %6.0f B/record (%.0f with WAL)\n", n,
           one_transaction ? "(one txn)" : "(txn per record)", n / write_s, n / read_s, (double)after / n,
           (double)before / n);
    env_free(&e);
    return 0;
}

int main(int argc, char **argv)
{
    if (eid_init() != EID_OK)
        return 1;
    uint64_t ops = EID_VAULT_ARGON2_OPS_DEFAULT, mem = EID_VAULT_ARGON2_MEM_DEFAULT;
    if (argc == 3) {
        ops = strtoull(argv[1], NULL, 10);
        mem = strtoull(argv[2], NULL, 10);
    }
    printf("bench_vault (%d-byte records, SQLCipher profile %d, synchronous=FULL, WAL)\n", RECORD_BYTES,
           store_native_profile());
    if (bench_unlock(ops, mem) != 0)
        return 1;
    printf("records:\n");
    static const int sizes[] = {10, 1000, 10000};
    for (size_t i = 0; i < 3; i++) {
        if (bench_records(sizes[i], 0) != 0)
            return 1;
        if (bench_records(sizes[i], 1) != 0)
            return 1;
    }
    return 0;
}
