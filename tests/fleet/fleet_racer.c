/* SPDX-License-Identifier: Apache-2.0 */
/* One verifier process of a fleet, for tests/unit/test_fleet.c: builds the
 * fixture's verifier on the Redis store at URL (key prefix PREFIX), prints
 * "ready", then for each line "<now>\t<text A>\t<text B>" on stdin lets THREADS
 * threads verify at once (even threads A, odd threads B) and prints
 * "<accepted> <replayed> <other>". */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet_support.h"

#define THREADS_MAX 16

typedef struct racer {
    const eid_verifier *v;
    pthread_barrier_t *start;
    const char *text;
    int64_t now;
    eid_status st;
} racer;

static void *verify(void *arg)
{
    racer *r = arg;
    pthread_barrier_wait(r->start);
    eid_result *res = NULL;
    r->st = eid_verifier_check_presentation(r->v, r->text, r->now, &res);
    eid_result_free(res);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4 || atoi(argv[3]) < 1 || atoi(argv[3]) > THREADS_MAX) {
        fprintf(stderr, "usage: fleet_racer URL PREFIX THREADS\n");
        return 2;
    }
    int threads = atoi(argv[3]);
    if (eid_init() != EID_OK)
        return 1;
    static fx f;
    fx_init(&f);
    eid_fleet_options o = fs_options(argv[1], argv[2]);
    o.pool_size = 2; /* fewer connections than threads: they wait their turn */
    eid_replay_store *store = NULL;
    eid_status st = eid_fleet_store_new(&o, &store);
    if (st != EID_OK) {
        fprintf(stderr, "fleet_racer: %s\n", eid_status_name(st));
        return 1;
    }
    eid_verifier *v = fs_verifier(&f, store);
    printf("ready\n");
    fflush(stdout);
    static char line[8192];
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *save = NULL;
        char *now_s = strtok_r(line, "\t\n", &save), *a = strtok_r(NULL, "\t\n", &save),
             *b = strtok_r(NULL, "\t\n", &save);
        if (now_s == NULL || a == NULL || b == NULL)
            return 2;
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, (unsigned)threads);
        pthread_t th[THREADS_MAX];
        racer rs[THREADS_MAX];
        for (int i = 0; i < threads; i++) {
            rs[i] = (racer){v, &start, i % 2 ? b : a, strtoll(now_s, NULL, 10), EID_ERR_INTERNAL};
            if (pthread_create(&th[i], NULL, verify, &rs[i]) != 0)
                return 1;
        }
        int ok = 0, replayed = 0, other = 0;
        for (int i = 0; i < threads; i++) {
            pthread_join(th[i], NULL);
            ok += rs[i].st == EID_OK;
            replayed += rs[i].st == EID_ERR_REPLAYED;
            other += rs[i].st != EID_OK && rs[i].st != EID_ERR_REPLAYED;
            if (rs[i].st != EID_OK && rs[i].st != EID_ERR_REPLAYED)
                fprintf(stderr, "fleet_racer: %s\n", eid_status_name(rs[i].st));
        }
        pthread_barrier_destroy(&start);
        printf("%d %d %d\n", ok, replayed, other);
        fflush(stdout);
    }
    eid_verifier_free(v);
    eid_replay_store_free(store);
    fx_free(&f);
    return 0;
}
