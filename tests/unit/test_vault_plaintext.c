/* SPDX-License-Identifier: Apache-2.0 */
/* No plaintext on disk: after storing, updating and deleting records that
 * carry known markers (a Vietnamese name with diacritics, a 12-digit personal
 * ID, the passcode), no file in the vault directory (database, WAL, shared
 * memory, journal, header) holds any marker in UTF-8, UTF-16LE or UTF-16BE,
 * at any point: vault open, locked, after rekey and after close; nor does any
 * log line. The sqlcipher command-line tool cannot read the database without
 * its key. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <unistd.h>

#include "test_vault_support.h"

static const char NAME[] = "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b H\xe1\xbb\x93ng Nhung"; /* Nguyễn Thị Hồng Nhung, NFC */
static const char PERSONAL_ID[] = "079203004521";

typedef struct marker {
    uint8_t bytes[128];
    size_t len;
    char label[48];
} marker;

static marker markers[16];
static size_t nmarkers;

/* UTF-8 (BMP only, which Vietnamese is) to UTF-16 in either byte order. */
static void add_marker(const char *label, const char *utf8)
{
    marker *m = &markers[nmarkers++];
    snprintf(m->label, sizeof m->label, "%s/utf-8", label);
    m->len = strlen(utf8);
    memcpy(m->bytes, utf8, m->len);
    for (int be = 0; be < 2; be++) {
        marker *u = &markers[nmarkers++];
        snprintf(u->label, sizeof u->label, "%s/utf-16%s", label, be ? "be" : "le");
        const unsigned char *p = (const unsigned char *)utf8;
        size_t n = 0;
        while (*p) {
            unsigned cp;
            if (*p < 0x80)
                cp = *p++;
            else if ((*p & 0xe0) == 0xc0) {
                cp = (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
                p += 2;
            } else {
                cp = (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
                p += 3;
            }
            u->bytes[n++] = (uint8_t)(be ? cp >> 8 : cp);
            u->bytes[n++] = (uint8_t)(be ? cp : cp >> 8);
        }
        u->len = n;
    }
}

static const char *find_marker(const uint8_t *data, size_t len)
{
    for (size_t m = 0; m < nmarkers; m++) {
        const marker *k = &markers[m];
        for (size_t i = 0; k->len <= len && i + k->len <= len; i++)
            if (data[i] == k->bytes[0] && memcmp(data + i, k->bytes, k->len) == 0)
                return k->label;
    }
    return NULL;
}

/* Scans every file in dir; returns how many files were scanned. */
static int scan_dir(const char *dir, const char *when)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *ent;
    int files = 0;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        size_t len;
        uint8_t *data = tu_read_file(path, &len);
        assert_non_null(data);
        const char *hit = find_marker(data, len);
        if (hit != NULL)
            fail_msg("%s: %s holds marker %s", when, ent->d_name, hit);
        free(data);
        files++;
    }
    closedir(d);
    return files;
}

static char log_text[65536];
static size_t log_len;

static void capture_log(void *ctx, eid_log_level level, const char *message)
{
    (void)ctx;
    (void)level;
    size_t n = strlen(message);
    if (log_len + n + 1 < sizeof log_text) {
        memcpy(log_text + log_len, message, n);
        log_len += n;
        log_text[log_len++] = '\n';
    }
}

static void put(eid_vault *v, const void *id, size_t id_len, const void *value, size_t len)
{
    assert_status(EID_OK, vault_put(v, VAULT_KIND_USER_MIN, id, id_len, 0, value, len));
}

static void no_marker_in_any_file(void **state)
{
    (void)state;
    nmarkers = 0;
    add_marker("name", NAME);
    add_marker("personal-id", PERSONAL_ID);
    add_marker("passcode", PASS_A);
    add_marker("new-passcode", PASS_B);

    /* The scanner finds each marker when it is there, at any offset. */
    for (size_t m = 0; m < nmarkers; m++) {
        uint8_t hay[300];
        memset(hay, 0xaa, sizeof hay);
        memcpy(hay + 7 + m, markers[m].bytes, markers[m].len);
        assert_string_equal(find_marker(hay, sizeof hay), markers[m].label);
    }

    tv_env e;
    tv_env_init(&e, "vault-plain");
    eid_vault_options o;
    tv_fast_options(&o);
    o.logger.fn = capture_log;
    o.logger.min_level = EID_LOG_DEBUG;
    eid_vault *v = NULL;
    assert_status(EID_OK, eid_vault_create(e.vault_dir, PASS_A, &e.ks, &o, &v));

    /* The markers as values, as ids, in both UTF-16 orders, many times over
     * (so they cross page boundaries), then updated and deleted so old
     * versions would linger in free pages and the WAL if anything leaked. */
    char record[512];
    for (int i = 0; i < 200; i++) {
        int n = snprintf(record, sizeof record, "{\"full_name\":\"%s\",\"personal_id\":\"%s\",\"n\":%d}", NAME,
                         PERSONAL_ID, i);
        char id[32];
        snprintf(id, sizeof id, "%s-%d", PERSONAL_ID, i);
        put(v, id, strlen(id), record, (size_t)n);
    }
    for (size_t m = 0; m < nmarkers; m++)
        put(v, markers[m].label, strlen(markers[m].label), markers[m].bytes, markers[m].len);
    put(v, PASS_A, strlen(PASS_A), PASS_A, strlen(PASS_A));
    for (int i = 0; i < 200; i += 2) {
        char id[32];
        snprintf(id, sizeof id, "%s-%d", PERSONAL_ID, i);
        assert_status(EID_OK, vault_delete(v, VAULT_KIND_USER_MIN, (const uint8_t *)id, strlen(id)));
    }
    assert_status(EID_OK, vault_begin(v));
    put(v, "rolled-back", 11, NAME, strlen(NAME));
    vault_rollback(v);
    uint8_t pk[32];
    assert_status(EID_OK, vault_holder_key_new(v, pk));

    assert_true(tv_exists(e.vault_dir, "vault.db-wal"));
    int files = scan_dir(e.vault_dir, "open, unlocked");
    assert_true(files >= 3); /* database, WAL, shared memory, header */
    assert_int_equal(files, scan_dir(e.vault_dir, "open, unlocked") );

    assert_status(EID_OK, eid_vault_change_passcode(v, PASS_A, PASS_B));
    scan_dir(e.vault_dir, "after change of passcode");
    assert_status(EID_OK, eid_vault_rekey(v));
    put(v, "after-rekey", 11, NAME, strlen(NAME));
    scan_dir(e.vault_dir, "after rekey");
    assert_status(EID_OK, eid_vault_lock(v));
    scan_dir(e.vault_dir, "locked");
    assert_status(EID_ERR_WRONG_PASSCODE, eid_vault_unlock(v, PASS_A));
    assert_status(EID_OK, eid_vault_unlock(v, PASS_B));
    assert_status(EID_OK, vault_checkpoint_truncate(v));
    scan_dir(e.vault_dir, "after checkpoint");
    eid_vault_close(v);
    scan_dir(e.vault_dir, "closed");
    scan_dir(e.ks_dir, "keystore directory");

    /* Logs name operations and statuses only. */
    assert_true(log_len > 0);
    const char *hit = find_marker((const uint8_t *)log_text, log_len);
    if (hit != NULL)
        fail_msg("log holds marker %s", hit);

    /* The sqlcipher command-line tool: no key, or a wrong raw key, reads nothing. */
    assert_int_equal(0, system("command -v sqlcipher >/dev/null"));
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "sqlcipher '%s/vault.db' 'SELECT count(*) FROM sqlite_master;' >/dev/null 2>&1",
             e.vault_dir);
    assert_int_not_equal(0, system(cmd));
    snprintf(cmd, sizeof cmd,
             "printf \"PRAGMA key = \\\"x'%064d'\\\";\\nPRAGMA cipher_page_size = 4096;\\n"
             "SELECT count(*) FROM sqlite_master;\\n\" | sqlcipher -bail '%s/vault.db' 2>&1 | "
             "grep -q 'file is encrypted or is not a database'",
             0, e.vault_dir);
    assert_int_equal(0, system(cmd));
    tv_env_free(&e);
}

int main(void)
{
    if (eid_init() != EID_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_marker_in_any_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
