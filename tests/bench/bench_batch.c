/* SPDX-License-Identifier: Apache-2.0 */
/* Batch issuance figures (issue: unlinkable presentations), one run:
 *  - issuance time and bytes of a batch of 16 (identity and driving licence),
 *    and the issuer's check of the refill request;
 *  - refill request size;
 *  - vault bytes per batch: the records' bytes (members and their holder
 *    keys) and the database file's growth over 10 batches;
 *  - revocation lists for 10^7 documents x 16 live members at 1% of documents
 *    revoked (every member of a revoked document revoked), over lists of at
 *    most 2^24 entries: total signed size, signing time, and the time for a
 *    verifier to load and check one full list.
 *
 *   cmake --preset bench && cmake --build --preset bench --target bench_batch && build/bench/tests/bench/bench_batch
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "crypto/crypto.h"
#include "test_batch_support.h"

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static eid_status sum_len(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *v, size_t n)
{
    (void)id;
    (void)v;
    (void)ord;
    *(size_t *)ctx += id_len + n;
    return EID_OK;
}

static size_t kind_bytes(eid_vault *v, uint32_t kind)
{
    size_t n = 0;
    vault_list(v, kind, sum_len, &n);
    return n;
}

static long file_size(const char *dir, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

static void issuance_figures(tb_world *w, uint32_t doc_type, const char *name)
{
    eid_bytes req = {0};
    if (eid_wallet_refill_request(w->wallet, doc_type, tb_challenge, sizeof tb_challenge, &req) != EID_OK)
        exit(1);
    const int runs = 20;
    double t0 = seconds();
    eid_bytes batch = {0};
    for (int i = 0; i < runs; i++) {
        eid_bytes_free(&batch);
        batch = tb_issue_for(w, &req, doc_type, doc_type);
        eid_revocation_allocator_expire(w->alloc[doc_type], w->f.today + 400, NULL); /* keep the list from filling */
    }
    double per = (seconds() - t0) / runs;
    uint32_t dt, prot;
    uint8_t keys[EID_BATCH_MAX_MEMBERS * 32];
    size_t n;
    char pid[13];
    t0 = seconds();
    for (int i = 0; i < runs; i++)
        if (eid_verifier_check_refill(w->f.verifier, req.data, req.len, tb_challenge, sizeof tb_challenge, w->f.now,
                                      &dt, keys, EID_BATCH_MAX_MEMBERS, &n, &prot, pid) != EID_OK)
            abort();
    double check = (seconds() - t0) / runs;
    printf("%-16s refill request %zu bytes (16 keys); issuer check %.2f ms; batch of 16 issued in %.2f ms "
           "(check included), %zu bytes (%zu per member)\n",
           name, req.len, check * 1e3, per * 1e3, batch.len, batch.len / 16);
    eid_bytes_free(&batch);
    eid_bytes_free(&req);
}

static void vault_figures(tb_world *w)
{
    vault_checkpoint_truncate(w->vault);
    long before = file_size(w->env.vault_dir, "vault.db");
    size_t members0 = kind_bytes(w->vault, VAULT_KIND_USER_MIN + 3);
    size_t keys0 = kind_bytes(w->vault, VAULT_KIND_HOLDER_KEY);
    for (int i = 0; i < 10; i++)
        tb_refill(w, EID_DOC_IDENTITY, 1);
    vault_checkpoint_truncate(w->vault);
    long after = file_size(w->env.vault_dir, "vault.db");
    size_t members = kind_bytes(w->vault, VAULT_KIND_USER_MIN + 3) - members0;
    size_t keys = kind_bytes(w->vault, VAULT_KIND_HOLDER_KEY) - keys0;
    printf("vault per identity batch of 16: %zu record bytes (%zu members + %zu holder keys); "
           "database file grows %ld bytes per batch (10 batches, page-granular)\n",
           (members + keys) / 10, members / 10, keys / 10, (after - before) / 10);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void status_figures(tb_world *w)
{
    const uint64_t documents = 10000000, members = 16, live = documents * members;
    const uint32_t list_max = EID_REVOCATION_LIST_MAX_SIZE;
    const uint32_t lists = (uint32_t)((live + list_max - 1) / list_max);
    const uint64_t revoked_docs = documents / 100;
    /* every member of a revoked document sits at a random index of a random list */
    uint32_t **idx = calloc(lists, sizeof *idx);
    size_t *n = calloc(lists, sizeof *n), cap = (size_t)(revoked_docs * members / lists * 2);
    for (uint32_t l = 0; l < lists; l++)
        idx[l] = malloc(cap * sizeof **idx);
    for (uint64_t d = 0; d < revoked_docs * members; d++) {
        uint64_t slot = ((uint64_t)cry_random_uniform((uint32_t)(live >> 4)) << 4) | cry_random_uniform(16);
        uint32_t l = (uint32_t)(slot / list_max);
        if (n[l] < cap)
            idx[l][n[l]++] = (uint32_t)(slot % list_max);
    }
    size_t total = 0, largest = 0;
    double sign = 0;
    eid_bytes one = {0};
    for (uint32_t l = 0; l < lists; l++) {
        qsort(idx[l], n[l], sizeof **idx, cmp_u32);
        uint64_t in_list = live - (uint64_t)l * list_max < list_max ? live - (uint64_t)l * list_max : list_max;
        eid_revocation_list_params p = {.issuer_id = "vn.bocongan", .list_id = 1 + l, .doc_type = EID_DOC_IDENTITY,
                                    .sequence = 9, .issued_at = w->f.now - 3600, .next_update = w->f.now + 86400,
                                    .size = (uint32_t)in_list};
        eid_bytes list = {0};
        double t0 = seconds();
        if (eid_revocation_list_sign(w->f.issuer[EID_DOC_IDENTITY], &p, idx[l], n[l], &list) != EID_OK)
            exit(1);
        sign += seconds() - t0;
        total += list.len;
        if (list.len > largest)
            largest = list.len;
        if (l == 0)
            one = list;
        else
            eid_bytes_free(&list);
    }
    /* a verifier loads and checks the first (full) list */
    eid_revocation_list_input in = {one.data, one.len, 0};
    eid_verifier *v = NULL;
    double t0 = seconds();
    eid_status st = eid_verifier_new(w->f.root_pk, 1, &w->f.opt, w->f.trust.data, w->f.trust.len, &in, 1,
                                     w->f.store, &v);
    double load = seconds() - t0;
    printf("revocation lists: 10^7 documents x 16 live = %llu entries over %u lists of <= 2^24; 1%% of documents "
           "revoked = %llu entries: %zu bytes in all (%.2f MB, largest list %zu bytes), signed in %.2f s; "
           "one full list loaded and checked in %.1f ms (%s)\n",
           (unsigned long long)live, lists, (unsigned long long)(revoked_docs * members), total, total / 1e6,
           largest, sign, load * 1e3, eid_status_name(st));
    eid_verifier_free(v);
    eid_bytes_free(&one);
    for (uint32_t l = 0; l < lists; l++)
        free(idx[l]);
    free(idx);
    free(n);
}

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    tb_world *w = tb_world_new("bench-batch");
    tb_activate(w, w->wallet, 1, 1);
    tb_import(w, EID_DOC_DRIVING_LICENCE, 20);
    issuance_figures(w, EID_DOC_IDENTITY, "identity");
    issuance_figures(w, EID_DOC_DRIVING_LICENCE, "driving licence");
    vault_figures(w);
    status_figures(w);
    tb_world_free(w);
    return 0;
}
