/* SPDX-License-Identifier: Apache-2.0 */
/* Test vectors for implementers (docs/FORMAT.md): valid presentations of
 * every doc type and one invalid vector per check, with the trust list and
 * revocation lists they verify against. With EID_WRITE_VECTORS=1 in the
 * environment this test regenerates tests/vectors/; with
 * EID_WRITE_VECTORS=missing it writes only the files that do not exist yet
 * (new vectors), leaving the published bytes alone. It always verifies the
 * committed vectors, so a change to the wire format shows up here. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credential/credential.h"
#include "credential/disclosure.h"
#include "crypto/crypto.h"
#include "wire.h"

static char dir[4096];
static int only_missing; /* EID_WRITE_VECTORS=missing: never overwrite a file */

/* Whether the generator writes `path`: always, or only when it is new. */
static int writes(const char *path)
{
    FILE *f = only_missing ? fopen(path, "r") : NULL;
    if (f != NULL)
        fclose(f);
    return f == NULL;
}

static void write_hex(const char *name, const uint8_t *b, size_t n)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!writes(path))
        return;
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

#define RP_ID "vn.csgt.checkpoint" /* the relying party of trust_list.hex */

/* A manifest line with settings (docs/FORMAT.md, "Test vectors"): "" or
 * " key=value ...". */
static void add_with(const char *name, const char *text, int64_t at, eid_status st, const char *check,
                     const char *settings)
{
    eid_bytes p = wire_from_text(text);
    char file[96];
    snprintf(file, sizeof file, "%s.hex", name);
    write_hex(file, p.data, p.len);
    fprintf(manifest, "%s %s %s %lld%s\n", name, eid_status_name(st), check, (long long)at, settings);
    eid_bytes_free(&p);
}

static void add(const char *name, const char *text, int64_t at, eid_status st, const char *check)
{
    add_with(name, text, at, st, check, "");
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

/* A challenge answer that discloses `claims` of `bundle` although `request`
 * asks for others: a wallet will not build it, so it is built for a request
 * that does ask for them and then moved to `request` and re-signed. */
static char *answer_not_as_asked(fx *f, const eid_bytes *bundle, const uint32_t *claims, size_t n,
                                 const eid_bytes *request, int64_t when)
{
    eid_requested_claims rq = {EID_DOC_IDENTITY, claims, n};
    eid_bytes own = {0}, p = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, when, 60, &own), EID_OK);
    assert_int_equal(eid_present(bundle->data, bundle->len, f->holder, claims, n, own.data, own.len, when, &p), EID_OK);
    eid_bytes body = wire_take(&p, 1);
    uint8_t hash[16];
    cry_hash(hash, sizeof hash, request->data, request->len);
    eid_bytes moved = wire_set(&body, 8, 0, hash, sizeof hash);
    char *text = wire_present_body(f->holder, &moved);
    eid_bytes_free(&own);
    eid_bytes_free(&p);
    eid_bytes_free(&body);
    eid_bytes_free(&moved);
    return text;
}

/* The refusals added after the first set: a challenge answer that shows
 * more than was asked (and a valid one beside it), a revocation list whose key
 * has retired, a credential issued after today. Appended, so the lines and
 * files above stay as published. */
static void later_refusals(fx *f)
{
    const uint32_t age[] = {3}, name_and_age[] = {1, 3};
    const eid_requested_claims rq = {EID_DOC_IDENTITY, age, 1};
    char settings[256];

    /* the relying party asks for age_over_18 of an identity and gets it */
    eid_bytes req = {0}, p = {0};
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 120, &req), EID_OK);
    write_hex("valid_challenge_age_over_18_request.hex", req.data, req.len);
    eid_bytes b = fx_issue(f, EID_DOC_IDENTITY, 8);
    assert_int_equal(eid_present(b.data, b.len, f->holder, age, 1, req.data, req.len, f->now + 5, &p), EID_OK);
    char *t = NULL;
    assert_int_equal(eid_presentation_text(p.data, p.len, &t), EID_OK);
    snprintf(settings, sizeof settings, " request=valid_challenge_age_over_18_request.hex open_at=%lld",
             (long long)f->now);
    add_with("valid_challenge_age_over_18", t, f->now + 5, EID_OK, "-", settings);
    eid_text_free(t);
    eid_bytes_free(&p);
    eid_bytes_free(&req);

    /* ...and an answer to the same question that also shows the full name */
    assert_int_equal(eid_request_create(f->rp, RP_ID, &rq, 1, f->now, 120, &req), EID_OK);
    write_hex("challenge_not_requested_request.hex", req.data, req.len);
    t = answer_not_as_asked(f, &b, name_and_age, 2, &req, f->now + 5);
    snprintf(settings, sizeof settings, " request=challenge_not_requested_request.hex open_at=%lld",
             (long long)f->now);
    add_with("challenge_not_requested", t, f->now + 5, EID_ERR_NOT_REQUESTED, "freshness", settings);
    eid_text_free(t);
    eid_bytes_free(&req);
    eid_bytes_free(&b);

    /* issued tomorrow, though valid since yesterday: refused by issued_on alone */
    eid_credential_params cp = fx_params(f, EID_DOC_IDENTITY, 9);
    cp.issued_on = f->today + 1;
    b = fx_issue_with(f, &cp, f->issuer[EID_DOC_IDENTITY]);
    const uint32_t std[] = {0, 1, 2, 3};
    t = fx_present(f, &b, std, 4, f->now);
    add("issued_in_future", t, f->now, EID_ERR_NOT_YET_VALID, "validity");
    eid_text_free(t);
    eid_bytes_free(&b);

    /* The identity issuer's former revocation key signed its last list two days
     * ago and verified through yesterday. Its list clears index 666, which
     * status_list_1.hex revokes; it loads (a verifier on yesterday's clock
     * could use it) but decides nothing today. */
    uint8_t seed[32], retired_pk[32];
    memset(seed, 0x60, sizeof seed);
    eid_key *retired = NULL;
    assert_int_equal(eid_key_new_from_seed(seed, sizeof seed, &retired), EID_OK);
    eid_key_public(retired, retired_pk);
    f->issuers[f->n_issuers++] = (eid_trust_issuer){
        .issuer_id = "vn.bocongan", .public_key = retired_pk, .usage = EID_USAGE_REVOCATION,
        .doc_types = &f->doc_codes[EID_DOC_IDENTITY], .n_doc_types = 1, .max_assurance = 2,
        .sign_from = f->today - 400, .sign_until = f->today - 2, .verify_until = f->today - 1, .name = "Bộ Công an"};
    f->tp.n_issuers = f->n_issuers;
    f->tp.sequence = 6;
    fx_sign_trust(f);
    write_hex("trust_list_status_key_retired.hex", f->trust.data, f->trust.len);
    eid_revocation_list_params sp = {.issuer_id = "vn.bocongan", .list_id = 1, .doc_type = EID_DOC_IDENTITY,
                                 .sequence = 4, .issued_at = f->now - 2 * 86400, .next_update = f->now + 86400,
                                 .size = FX_LIST_SIZE};
    eid_bytes list = {0};
    assert_int_equal(eid_revocation_list_sign(retired, &sp, NULL, 0, &list), EID_OK);
    write_hex("status_list_status_key_retired.hex", list.data, list.len);
    b = fx_issue(f, EID_DOC_IDENTITY, 666);
    t = fx_present(f, &b, std, 4, f->now);
    add_with("status_key_retired", t, f->now, EID_ERR_UNTRUSTED_ISSUER, "revocation",
             " trust_list=trust_list_status_key_retired.hex status_lists=status_list_status_key_retired.hex");
    eid_text_free(t);
    eid_bytes_free(&b);
    eid_bytes_free(&list);
    eid_key_free(retired);
}

static void generate(void)
{
    fx f;
    fx_init(&f);
    /* The issuer keys' windows of the published trust list (the fixture's
     * have grown since), so that trust_list.hex comes out byte for byte. */
    for (size_t i = 0; i < f.n_issuers; i++) {
        f.issuers[i].sign_from = f.today - 365;
        f.issuers[i].verify_until = f.today + 3650;
    }
    fx_sign_trust(&f);
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
        "# default options, relying-party id vn.csgt.checkpoint) and one replay store.\n",
        "# A line may go on with settings KEY=VALUE: request=FILE open_at=T: first open the request in FILE\n",
        "# at T; trust_list=FILE, status_lists=FILE[,FILE...]: verify this line with a verifier of its own\n",
        "# built from these files instead (same roots, options and replay store).\n",
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
            eid_text_free(a);
            a = fx_present(&f, &b, typical[t], 4, f.now - 7200);
            add("clock_before_lists", a, f.now - 7200, EID_ERR_CLOCK, "clock");
            eid_text_free(a);
            a = fx_present(&f, &b, typical[t], 4, f.now + 86400 + 600);
            add("trust_list_stale", a, f.now + 86400 + 600, EID_ERR_LIST_STALE, "trust_list");
            eid_text_free(a);
            a = fx_present(&f, &b, typical[t], 4, f.now - 120);
            add("offline_too_old", a, f.now, EID_ERR_PRESENTATION_EXPIRED, "freshness");
            eid_text_free(a);
            eid_bytes nb = resign_body(&f, text, drop_node);
            a = wire_present_body(f.holder, &nb);
            add("proof_node_missing", a, f.now, EID_ERR_PROOF, "proof");
            eid_text_free(a);
            eid_bytes_free(&nb);
            nb = resign_body(&f, text, repeat_disclosure);
            a = wire_present_body(f.holder, &nb);
            add("disclosure_repeated", a, f.now, EID_ERR_FORMAT, "disclosures");
            eid_text_free(a);
            eid_bytes_free(&nb);
            nb = resign_body(&f, text, flip_issuer_sig);
            a = wire_present_body(f.holder, &nb);
            add("issuer_signature_bad", a, f.now, EID_ERR_BAD_SIGNATURE, "issuer_signature");
            eid_bytes_free(&nb);
            eid_text_free(a);
            eid_bytes p = wire_from_text(text);
            p.data[p.len - 5] ^= 0x10;
            eid_presentation_text(p.data, p.len, &a);
            add("holder_signature_bad", a, f.now, EID_ERR_BAD_SIGNATURE, "holder_signature");
            eid_text_free(a);
            eid_bytes_free(&p);
            a = strdup(text);
            a[2] = 'X';
            fprintf(manifest, "wrong_prefix_text EID_ERR_FORMAT format %lld\n", (long long)f.now);
            snprintf(path, sizeof path, "%s/wrong_prefix_text.txt", dir);
            if (writes(path)) {
                FILE *w = fopen(path, "w");
                assert_non_null(w);
                fprintf(w, "%s\n", a);
                fclose(w);
            }
            free(a);
        }
        eid_text_free(text);
        eid_bytes_free(&b);
    }
    /* revoked, expired, level 1, unknown issuer */
    eid_bytes b = fx_issue(&f, EID_DOC_IDENTITY, 666);
    const uint32_t std[] = {0, 1, 2, 3};
    char *t = fx_present(&f, &b, std, 4, f.now);
    add("revoked", t, f.now, EID_ERR_REVOKED, "revocation");
    eid_text_free(t);
    eid_bytes_free(&b);
    eid_credential_params p = fx_params(&f, EID_DOC_IDENTITY, 5);
    p.valid_from = f.today - 30;
    p.issued_on = f.today - 30;
    p.valid_until = f.today - 2;
    b = fx_issue_with(&f, &p, f.issuer[1]);
    t = fx_present(&f, &b, std, 4, f.now);
    add("expired", t, f.now, EID_ERR_EXPIRED, "validity");
    eid_text_free(t);
    eid_bytes_free(&b);
    p = fx_params(&f, EID_DOC_IDENTITY, 6);
    p.assurance = 1; /* self-registered: personal ID, name, phone */
    eid_claim c[EID_CLAIM_MAX_COUNT];
    fx_claims(EID_DOC_IDENTITY, c);
    c[2] = (eid_claim){.number = 11, .type = EID_VALUE_TEXT, .bytes = (const uint8_t *)"0912345678", .bytes_len = 10};
    assert_int_equal(eid_issue_credential(f.issuer[1], &p, c, 3, &b), EID_OK);
    const uint32_t level1[] = {0, 1, 11};
    t = fx_present(&f, &b, level1, 3, f.now);
    add("level_1_at_default_verifier", t, f.now, EID_ERR_WRONG_LEVEL, "assurance");
    eid_text_free(t);
    eid_bytes_free(&b);
    p = fx_params(&f, EID_DOC_IDENTITY, 7);
    b = fx_issue_with(&f, &p, f.issuer[2]); /* the transport key may not sign identities */
    t = fx_present(&f, &b, std, 4, f.now);
    add("issuer_not_allowed_for_doc_type", t, f.now, EID_ERR_UNTRUSTED_ISSUER, "issuer_key");
    eid_text_free(t);
    eid_bytes_free(&b);
    later_refusals(&f);
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

#define SHARED_STATUS_LISTS "status_list_1.hex,status_list_2.hex,status_list_3.hex,status_list_4.hex"

/* A verifier from roots.hex (k = 1), the trust list in `trust` and the status
 * lists named in `status` (comma-separated), minimum sequences 0. */
static eid_verifier *verifier_from(const eid_bytes *roots, const char *trust, const char *status,
                                   const eid_verifier_options *opt, eid_replay_store *store)
{
    eid_bytes tl = read_hex(trust);
    eid_bytes lists[8];
    eid_revocation_list_input in[8];
    size_t n = 0;
    char names[1024];
    snprintf(names, sizeof names, "%s", status);
    char *save = NULL;
    for (char *name = strtok_r(names, ",", &save); name != NULL; name = strtok_r(NULL, ",", &save)) {
        assert_true(n < 8);
        lists[n] = read_hex(name);
        in[n] = (eid_revocation_list_input){lists[n].data, lists[n].len, 0};
        n++;
    }
    eid_verifier *v = NULL;
    eid_status st = eid_verifier_new(roots->data, roots->len / 32, opt, tl.data, tl.len, in, n, store, &v);
    if (st != EID_OK)
        fail_msg("verifier from %s and %s: %s", trust, status, eid_status_name(st));
    for (size_t i = 0; i < n; i++)
        eid_bytes_free(&lists[i]);
    eid_bytes_free(&tl);
    return v;
}

/* The settings that may follow the four columns of a manifest line. */
typedef struct settings {
    const char *request, *trust_list, *status_lists;
    long long open_at;
    int has_open_at;
} settings;

static settings parse_settings(const char *name, char *rest)
{
    settings s = {0};
    char *save = NULL;
    for (char *tok = strtok_r(rest, " \n", &save); tok != NULL; tok = strtok_r(NULL, " \n", &save)) {
        char *eq = strchr(tok, '=');
        if (eq == NULL || eq == tok || eq[1] == '\0')
            fail_msg("vector %s: malformed setting %s", name, tok);
        *eq = '\0';
        const char *value = eq + 1;
        const char **slot = strcmp(tok, "request") == 0        ? &s.request
                            : strcmp(tok, "trust_list") == 0   ? &s.trust_list
                            : strcmp(tok, "status_lists") == 0 ? &s.status_lists
                                                               : NULL;
        if (slot != NULL) {
            if (*slot != NULL)
                fail_msg("vector %s: %s twice", name, tok);
            *slot = value;
        } else if (strcmp(tok, "open_at") == 0) {
            char *end = NULL;
            if (s.has_open_at)
                fail_msg("vector %s: open_at twice", name);
            s.open_at = strtoll(value, &end, 10);
            if (*end != '\0')
                fail_msg("vector %s: open_at %s", name, value);
            s.has_open_at = 1;
        } else {
            fail_msg("vector %s: unknown setting %s", name, tok); /* a reader never skips one */
        }
    }
    if ((s.request != NULL) != (s.has_open_at != 0))
        fail_msg("vector %s: request and open_at go together", name);
    return s;
}

static void committed_vectors_verify_as_documented(void **state)
{
    (void)state;
    const char *src = getenv("EID_SOURCE_DIR");
    assert_non_null(src);
    snprintf(dir, sizeof dir, "%s/tests/vectors", src);
    const char *write = getenv("EID_WRITE_VECTORS");
    if (write != NULL && (strcmp(write, "1") == 0 || strcmp(write, "missing") == 0)) {
        only_missing = strcmp(write, "missing") == 0;
        generate();
    }
    eid_bytes roots = read_hex("roots.hex");
    eid_replay_store *store = NULL;
    assert_int_equal(eid_replay_store_new(0, &store), EID_OK);
    eid_verifier_options opt;
    assert_int_equal(eid_verifier_options_default(&opt, EID_VERIFIER_OPTIONS_VERSION), EID_OK);
    opt.rp_id = RP_ID;
    eid_verifier *v = verifier_from(&roots, "trust_list.hex", SHARED_STATUS_LISTS, &opt, store);
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    FILE *m = fopen(path, "r");
    assert_non_null(m);
    char line[1024];
    int count = 0, valid = 0, challenged = 0, own_lists = 0;
    while (fgets(line, sizeof line, m) != NULL) {
        assert_non_null(strchr(line, '\n')); /* a whole line */
        if (line[0] == '#')
            continue;
        vector vec;
        char status[64];
        long long at;
        int used = 0;
        assert_int_equal(sscanf(line, "%63s %63s %31s %lld%n", vec.name, status, vec.check, &at, &used), 4);
        settings set = parse_settings(vec.name, line + used);
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
        eid_verifier *own = NULL;
        if (set.trust_list != NULL || set.status_lists != NULL) {
            own = verifier_from(&roots, set.trust_list ? set.trust_list : "trust_list.hex",
                                set.status_lists ? set.status_lists : SHARED_STATUS_LISTS, &opt, store);
            own_lists++;
        }
        const eid_verifier *use = own != NULL ? own : v;
        if (set.request != NULL) {
            eid_bytes rq = read_hex(set.request);
            eid_status st = eid_verifier_open_request(use, rq.data, rq.len, (int64_t)set.open_at);
            if (st != EID_OK)
                fail_msg("vector %s: opening %s: %s", vec.name, set.request, eid_status_name(st));
            eid_bytes_free(&rq);
        }
        eid_result *r = NULL;
        eid_status st = eid_verifier_check_presentation(use, text, (int64_t)at, &r);
        if (strcmp(eid_status_name(st), status) != 0)
            fail_msg("vector %s: %s, expected %s", vec.name, eid_status_name(st), status);
        if (strcmp(vec.check, "-") != 0)
            assert_int_equal(eid_result_check(r, check_by_name(vec.check), NULL), EID_CHECK_FAILED);
        /* an answer to a request is a challenged presentation */
        assert_int_equal(eid_result_challenged(r), set.request != NULL);
        challenged += set.request != NULL;
        valid += st == EID_OK;
        count++;
        eid_result_free(r);
        eid_verifier_free(own);
        free(text);
    }
    fclose(m);
    assert_true(count >= 22);   /* 6 valid, at least one invalid vector per check, the later refusals */
    assert_int_equal(valid, 6); /* one per doc type, age only, a challenge answer */
    assert_true(challenged >= 2 && own_lists >= 1);
    eid_verifier_free(v);
    eid_replay_store_free(store);
    eid_bytes_free(&roots);
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
