/* SPDX-License-Identifier: Apache-2.0 */
/* Helper for the SQLCipher 4 cross-check (test_sqlcipher4.py): drives
 * core/store exactly as the vault does, on files the Python side made or
 * reads.
 *   store_fixture profile N        the statements store_open applies for profile N
 *   store_fixture settings N       the settings profile N must read back
 *   store_fixture write PATH HEX   a new database (native profile) with three records
 *   store_fixture read PATH HEX N  opens with profile N, prints records, checks integrity */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

static const char *hash_name(int alg, const char *prefix, char *buf, size_t cap)
{
    const char *n = alg == STORE_HASH_SHA1 ? "SHA1" : alg == STORE_HASH_SHA256 ? "SHA256" : "SHA512";
    snprintf(buf, cap, "%s%s", prefix, n);
    return buf;
}

static int parse_key(const char *hex, uint8_t key[32])
{
    if (strlen(hex) != 64)
        return -1;
    for (int i = 0; i < 32; i++) {
        unsigned b;
        if (sscanf(hex + 2 * i, "%2x", &b) != 1)
            return -1;
        key[i] = (uint8_t)b;
    }
    return 0;
}

static eid_status print_record(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *value,
                               size_t value_len)
{
    (void)ctx;
    printf("%.*s=%.*s@%lld\n", (int)id_len, (const char *)id, (int)value_len, (const char *)value, (long long)ord);
    return EID_OK;
}

int main(int argc, char **argv)
{
    if (eid_init() != EID_OK)
        return 2;
    if (argc == 3 && strcmp(argv[1], "profile") == 0) {
        char line[128];
        for (size_t i = 0; store_profile_pragma(atoi(argv[2]), i, line, sizeof line); i++)
            printf("%s\n", line);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "settings") == 0) {
        store_settings s;
        if (store_profile_settings(atoi(argv[2]), &s) != EID_OK)
            return 2;
        char h[32], k[32];
        printf("%u %u %s %s %u %u\n", s.page_size, s.kdf_iter, hash_name(s.hmac_alg, "HMAC_", h, sizeof h),
               hash_name(s.kdf_alg, "PBKDF2_HMAC_", k, sizeof k), (unsigned)s.use_hmac, (unsigned)s.plaintext_header);
        return 0;
    }
    uint8_t key[32];
    if (argc >= 4 && parse_key(argv[3], key) != 0)
        return 2;
    store_db *s = NULL;
    eid_status st;
    if (argc == 4 && strcmp(argv[1], "write") == 0) {
        st = store_open(argv[2], key, store_native_profile(), 1, &s);
        for (int i = 0; st == EID_OK && i < 3; i++) {
            char id[16], value[16];
            snprintf(id, sizeof id, "rec-%d", i);
            snprintf(value, sizeof value, "value-%d", i);
            st = store_put(s, 16, (const uint8_t *)id, strlen(id), i, (const uint8_t *)value, strlen(value));
        }
        if (st == EID_OK)
            st = store_close_clean(s);
        else
            store_close(s);
    } else if (argc == 5 && strcmp(argv[1], "read") == 0) {
        st = store_open(argv[2], key, atoi(argv[4]), 0, &s);
        if (st == EID_OK)
            st = store_list(s, 16, print_record, NULL);
        if (st == EID_OK)
            st = store_integrity_check(s);
        if (st == EID_OK)
            printf("schema %d\n", store_schema_version(s));
        store_close(s);
    } else {
        fprintf(stderr, "usage: store_fixture profile N | settings N | write PATH HEX | read PATH HEX N\n");
        return 2;
    }
    printf("%s\n", eid_status_name(st));
    return st == EID_OK ? 0 : 1;
}
