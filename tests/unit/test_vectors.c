/* Test vectors for implementers (docs/FORMAT.md): valid presentations of
 * every doc type and one invalid vector per check, with the trust list and
 * status lists they verify against. With EID_WRITE_VECTORS=1 in the
 * environment this test regenerates tests/vectors/; it always verifies the
 * committed vectors, so a change to the wire format shows up here. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credential/credential.h"
#include "credential/disclosure.h"
#include "wire.h"

static char dir[4096];

static void write_hex(const char *name, const uint8_t *b, size_t n)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%02x%s", b[i], (i % 32 == 31 || i + 1 == n) ? "\n" : "");
    fclose(f);
}

static eid_bytes read_hex(const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    uint8_t *text = tu_read_file(path, &len);
    if (text == NULL)
        fail_msg("missing vector file %s", path);
    eid_bytes out = {malloc(len / 2 + 1), 0};
    for (size_t i = 0; i + 1 < len;) {
        if (text[i] == '\n') {
            i++;
            continue;
        }
        unsigned v;
        char pair[3] = {(char)text[i], (char)text[i + 1], 0};
        assert_int_equal(sscanf(pair, "%2x", &v), 1);
        out.data[out.len++] = (uint8_t)v;
        i += 2;
    }
    free(text);
    return out;
}

typedef struct vector {
    char name[64];
    eid_status status;
    char check[32];
    int64_t at;
} vector;

static FILE *manifest;

static void add(const char *name, const char *text, int64_t at, eid_status st, const char *check)
{
    eid_bytes p = wire_from_text(text);
    char file[96];
    snprintf(file, sizeof file, "%s.hex", name);
    write_hex(file, p.data, p.len);
    fprintf(manifest, "%s %s %s %lld\n", name, eid_status_name(st), check, (long long)at);
    eid_bytes_free(&p);
}

static eid_bytes resign_body(fx *f, const char *text, eid_bytes (*edit)(const eid_bytes *))
{
    eid_bytes p = wire_from_text(text);
    eid_bytes body = wire_take(&p, 1);
    eid_bytes nb = edit(&body);
    eid_bytes_free(&p);
    eid_bytes_free(&body);
    (void)f;
    return nb;
}

static eid_bytes drop_node(const eid_bytes *body)
{
    size_t n;
    const uint8_t *proof = wire_get(body, 5, &n);
    return wire_set(body, 5, 0, proof, n - 16);
}

static eid_bytes flip_issuer_sig(const eid_bytes *body)
{
    eid_bytes c = wire_take(body, 3);
    c.data[c.len - 1] ^= 1;
    eid_bytes out = wire_set(body, 3, 0, c.data, c.len);
    eid_bytes_free(&c);
    return out;
}

static eid_bytes repeat_disclosure(const eid_bytes *body)
{
    wire_field fs[32];
    int k = wire_fields(body->data, body->len, fs, 32);
    for (int i = 0; i < k; i++)
        if (fs[i].number == 4) {
            size_t w = fs[i].end - fs[i].start;
            eid_bytes out = {malloc(body->len + w), body->len + w};
            memcpy(out.data, body->data, fs[i].end);
            memcpy(out.data + fs[i].end, body->data + fs[i].start, w);
            memcpy(out.data + fs[i].end + w, body->data + fs[i].end, body->len - fs[i].end);
            return out;
        }
    fail();
    return (eid_bytes){0};
}

static void generate(void)
{
    fx f;
    fx_init(&f);
    const uint32_t revoked[] = {666};
    fx_sign_status(&f, EID_DOC_IDENTITY, revoked, 1, 3);
    assert_int_equal(fx_build(&f), EID_OK);
    write_hex("roots.hex", f.root_pk, 32);
    write_hex("trust_list.hex", f.trust.data, f.trust.len);
    for (uint32_t t = 1; t < FX_DOCS; t++) {
        char name[64];
        snprintf(name, sizeof name, "status_list_%u.hex", t);
        write_hex(name, f.status[t].data, f.status[t].len);
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    manifest = fopen(path, "w");
    assert_non_null(manifest);
    static const char *const header[] = {
        "# libeid test vectors: docs/FORMAT.md, \"Test vectors\", says how to use them.\n",
        "# Each line: NAME EXPECTED-STATUS FAILING-CHECK VERIFY-AT (seconds); FAILING-CHECK is - for a valid vector.\n",
        "# NAME.hex is a serialized Presentation (hex, 64 digits a line): verify \"EID1:\" + base45 of it;\n",
        "# a NAME ending in _text has NAME.txt instead: the QR text and one line break.\n",
        "# Verify in this order with one verifier (roots.hex, k = 1, trust_list.hex, status_list_1..4.hex,\n",
        "# default options) and one replay store.\n",
    };
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
        fputs(header[i], manifest);
    static const uint32_t typical[5][6] = {{0}, {0, 1, 2, 3}, {0, 1, 3, 4}, {0, 1, 3, 4, 7}, {0, 1, 3, 4, 5}};
    static const size_t n_typical[5] = {0, 4, 4, 5, 5};
    for (uint32_t t = 1; t < FX_DOCS; t++) {
        eid_bytes b = fx_issue(&f, t, 100 + t);
        char *text = fx_present(&f, &b, typical[t], n_typical[t], f.now);
        char name[64];
        snprintf(name, sizeof name, "valid_%s", eid_doc_type_name(t));
        add(name, text, f.now, EID_OK, "-");
        if (t == EID_DOC_IDENTITY) {
            add("replayed_identity", text, f.now + 1, EID_ERR_REPLAYED, "replay");
            const uint32_t age[] = {3};
            char *a = fx_present(&f, &b, age, 1, f.now);
            add("valid_age_over_18_only", a, f.now, EID_OK, "-");
            eid_free(a);
            a = fx_present(&f, &b, typical[t], 4, f.now - 7200);
            add("clock_before_lists", a, f.now - 7200, EID_ERR_CLOCK, "clock");
            eid_free(a);
            a = fx_present(&f, &b, typical[t], 4, f.now + 86400 + 600);
            add("trust_list_stale", a, f.now + 86400 + 600, EID_ERR_LIST_STALE, "trust_list");
            eid_free(a);
            a = fx_present(&f, &b, typical[t], 4, f.now - 120);
            add("offline_too_old", a, f.now, EID_ERR_PRESENTATION_EXPIRED, "freshness");
            eid_free(a);
            eid_bytes nb = resign_body(&f, text, drop_node);
            a = wire_present_body(f.holder, &nb);
            add("proof_node_missing", a, f.now, EID_ERR_PROOF, "proof");
            eid_free(a);
            eid_bytes_free(&nb);
            nb = resign_body(&f, text, repeat_disclosure);
            a = wire_present_body(f.holder, &nb);
            add("disclosure_repeated", a, f.now, EID_ERR_FORMAT, "disclosures");
            eid_free(a);
            eid_bytes_free(&nb);
            nb = resign_body(&f, text, flip_issuer_sig);
            a = wire_present_body(f.holder, &nb);
            add("issuer_signature_bad", a, f.now, EID_ERR_BAD_SIGNATURE, "issuer_signature");
            eid_bytes_free(&nb);
            eid_free(a);
            eid_bytes p = wire_from_text(text);
            p.data[p.len - 5] ^= 0x10;
            eid_presentation_text(p.data, p.len, &a);
            add("holder_signature_bad", a, f.now, EID_ERR_BAD_SIGNATURE, "holder_signature");
            eid_free(a);
            eid_bytes_free(&p);
            a = strdup(text);
            a[2] = 'X';
            fprintf(manifest, "wrong_prefix_text EID_ERR_FORMAT format %lld\n", (long long)f.now);
            snprintf(path, sizeof path, "%s/wrong_prefix_text.txt", dir);
            FILE *w = fopen(path, "w");
            fprintf(w, "%s\n", a);
            fclose(w);
            free(a);
        }
        eid_free(text);
        eid_bytes_free(&b);
    }
    /* revoked, expired, level 1, unknown issuer */
    eid_bytes b = fx_issue(&f, EID_DOC_IDENTITY, 666);
    const uint32_t std[] = {0, 1, 2, 3};
    char *t = fx_present(&f, &b, std, 4, f.now);
    add("revoked", t, f.now, EID_ERR_REVOKED, "status");
    eid_free(t);
    eid_bytes_free(&b);
    eid_credential_params p = fx_params(&f, EID_DOC_IDENTITY, 5);
    p.valid_from = f.today - 30;
    p.issued_on = f.today - 30;
    p.valid_until = f.today - 2;
    b = fx_issue_with(&f, &p, f.issuer[1]);
    t = fx_present(&f, &b, std, 4, f.now);
    add("expired", t, f.now, EID_ERR_EXPIRED, "validity");
    eid_free(t);
    eid_bytes_free(&b);
    p = fx_params(&f, EID_DOC_IDENTITY, 6);
    p.assurance = 1; /* self-registered: personal ID, name, phone */
    eid_claim c[EID_MAX_CLAIMS];
    fx_claims(EID_DOC_IDENTITY, c);
    c[2] = (eid_claim){.number = 11, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)"0912345678", .bytes_len = 10};
    assert_int_equal(eid_issue_credential(f.issuer[1], &p, c, 3, &b), EID_OK);
    const uint32_t level1[] = {0, 1, 11};
    t = fx_present(&f, &b, level1, 3, f.now);
    add("level_1_at_default_verifier", t, f.now, EID_ERR_WRONG_LEVEL, "assurance");
    eid_free(t);
    eid_bytes_free(&b);
    p = fx_params(&f, EID_DOC_IDENTITY, 7);
    b = fx_issue_with(&f, &p, f.issuer[2]); /* the transport key may not sign identities */
    t = fx_present(&f, &b, std, 4, f.now);
    add("issuer_not_allowed_for_doc_type", t, f.now, EID_ERR_UNTRUSTED_ISSUER, "issuer_key");
    eid_free(t);
    eid_bytes_free(&b);
    fclose(manifest);
    fx_free(&f);
}

static eid_check check_by_name(const char *name)
{
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        if (strcmp(eid_check_name((eid_check)c), name) == 0)
            return (eid_check)c;
    fail_msg("unknown check %s", name);
    return EID_CHECK_FORMAT;
}

static void committed_vectors_verify_as_documented(void **state)
{
    (void)state;
    const char *src = getenv("EID_SOURCE_DIR");
    assert_non_null(src);
    snprintf(dir, sizeof dir, "%s/tests/vectors", src);
    const char *write = getenv("EID_WRITE_VECTORS");
    if (write != NULL && strcmp(write, "1") == 0)
        generate();
    eid_bytes roots = read_hex("roots.hex"), trust = read_hex("trust_list.hex");
    eid_bytes lists[4];
    eid_list_input in[4];
    for (int i = 0; i < 4; i++) {
        char name[64];
        snprintf(name, sizeof name, "status_list_%d.hex", i + 1);
        lists[i] = read_hex(name);
        in[i] = (eid_list_input){lists[i].data, lists[i].len, 0};
    }
    eid_replay_store *store = NULL;
    assert_int_equal(eid_replay_store_new(0, &store), EID_OK);
    eid_verifier *v = NULL;
    assert_int_equal(eid_verifier_new(roots.data, 1, NULL, trust.data, trust.len, in, 4, store, &v), EID_OK);
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    FILE *m = fopen(path, "r");
    assert_non_null(m);
    char line[256];
    int count = 0, valid = 0;
    while (fgets(line, sizeof line, m) != NULL) {
        if (line[0] == '#')
            continue;
        vector vec;
        char status[64];
        long long at;
        assert_int_equal(sscanf(line, "%63s %63s %31s %lld", vec.name, status, vec.check, &at), 4);
        char *text = NULL;
        if (strstr(vec.name, "_text") != NULL) {
            snprintf(path, sizeof path, "%s/%s.txt", dir, vec.name);
            size_t len;
            text = (char *)tu_read_file(path, &len);
            assert_non_null(text);
            text[len - 1] = '\0';
        } else {
            char file[96];
            snprintf(file, sizeof file, "%s.hex", vec.name);
            eid_bytes p = read_hex(file);
            assert_int_equal(eid_presentation_text(p.data, p.len, &text), EID_OK);
            eid_bytes_free(&p);
        }
        eid_result *r = NULL;
        eid_status st = eid_verify(v, text, (int64_t)at, &r);
        if (strcmp(eid_status_name(st), status) != 0)
            fail_msg("vector %s: %s, expected %s", vec.name, eid_status_name(st), status);
        if (strcmp(vec.check, "-") != 0)
            assert_int_equal(eid_result_check(r, check_by_name(vec.check), NULL), EID_CHECK_FAILED);
        valid += st == EID_OK;
        count++;
        eid_result_free(r);
        free(text);
    }
    fclose(m);
    assert_true(count >= 18); /* 5 valid, at least one invalid vector per check */
    assert_int_equal(valid, 5);
    eid_verifier_free(v);
    eid_replay_store_free(store);
    for (int i = 0; i < 4; i++)
        eid_bytes_free(&lists[i]);
    eid_bytes_free(&roots);
    eid_bytes_free(&trust);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(committed_vectors_verify_as_documented),
    };
    if (eid_init() != EID_OK)
        return 1;
    return cmocka_run_group_tests_name("vectors", tests, NULL, NULL);
}
