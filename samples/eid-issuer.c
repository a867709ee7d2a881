/* SPDX-License-Identifier: Apache-2.0 */
/* eid-issuer: a reference issuer for demos and tests.
 *
 * It plays every authority at once: the trust-list operator (root key), the
 * identity authority and the three document issuers (one key per doc type),
 * and it makes a demo relying party key. It keeps its keys as seed files in
 * its folder (mode 0600): that is how a DEMO keeps keys, never how a real
 * issuer does (real keys stay in an HSM). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "claims_json.h"
#include "common.h"

#define LIST_ID 1
#define LIST_SIZE 65536u               /* indexes are drawn at random among these */
#define LIST_LIFETIME (7 * 86400)      /* a revocation list's next update */
#define TRUST_NEXT_UPDATE (30 * 86400)
#define TRUST_LIFETIME (90 * 86400)
#define CHALLENGE_BYTES 32
#define CHALLENGE_LIFETIME (15 * 60)
#define DEMO_RP_ID "vn.demo.checkpoint"
#define DEMO_RP_NAME "Điểm kiểm tra (demo)"

static const char *const USAGE =
    "eid-issuer COMMAND DIR ...\n"
    "  init DIR                          root key, one issuer key per doc type, a demo relying party,\n"
    "                                    signed trust list (DIR/trust.list), pinned roots (DIR/roots),\n"
    "                                    empty revocation lists (DIR/status/TYPE.list)\n"
    "  challenge DIR [--out FILE]        a fresh challenge (hex) for a wallet's request, valid 15 minutes\n"
    "  issue DIR --type TYPE --holder-request REQ --claims FILE.json [--valid-days N]\n"
    "            [--challenge HEX] --out CRED\n"
    "                                    valid N days from today (default 365; a health-insurance\n"
    "                                    card: until its valid_until claim)\n"
    "                                    identity: REQ is an activation request; documents: an issuance\n"
    "                                    request; prints the revocation index\n"
    "  issue-batch DIR --holder-request REQ [--challenge HEX] [--valid-days N] --out BATCH\n"
    "                                    single-use credentials for a wallet's refill request, one per\n"
    "                                    key, same claims as the document of record, valid N days\n"
    "                                    (default 30, never past the document)\n"
    "  revoke DIR --type TYPE --index N | --credential CRED | --personal-id ID [--type TYPE]\n"
    "                                    revokes each matching document with its single-use credentials;\n"
    "                                    CRED matches by its full fingerprint (BLAKE2b-256)\n"
    "  status DIR --type TYPE --out FILE a freshly signed revocation list\n"
    "  trust DIR --out FILE              a freshly signed trust list\n"
    "TYPE: identity, driving_licence, health_insurance, criminal_record.\n"
    "This is a demo issuer: its keys are seed files in DIR (mode 0600), not how real keys are kept.";

typedef struct authority {
    const char *id, *name;
} authority;

static const authority authorities[5] = {
    {"", ""},
    {"vn.bocongan", "Bộ Công an"},
    {"vn.csgt", "Cục Cảnh sát giao thông"},
    {"vn.bhxh", "Bảo hiểm xã hội Việt Nam"},
    {"vn.lltp", "Trung tâm Lý lịch tư pháp quốc gia"},
};

static int64_t now;
static int32_t today;

/* ---- the issuer's folder ------------------------------------------------------ */

typedef struct issuer {
    const char *dir;
    cJSON *reg; /* register.json: sequences, challenges, what was issued */
} issuer;

static char *in_dir(const issuer *is, const char *name)
{
    return path_join(is->dir, name);
}

static char *key_path(const issuer *is, const char *name)
{
    char file[64];
    snprintf(file, sizeof file, "keys/%s.seed", name);
    return in_dir(is, file);
}

static char *status_path(const issuer *is, uint32_t t)
{
    char file[64];
    snprintf(file, sizeof file, "status/%s.list", eid_doc_type_name(t));
    return in_dir(is, file);
}

static eid_key *load_key(const issuer *is, const char *name)
{
    char *path = key_path(is, name);
    size_t len = 0;
    uint8_t *hex = read_file(path, &len);
    uint8_t seed[EID_KEY_SEED_BYTES];
    long n = hex_decode((const char *)hex, seed, sizeof seed);
    memset(hex, 0, len);
    free(hex);
    eid_key *key = NULL;
    if (n != EID_KEY_SEED_BYTES || eid_key_new_from_seed(seed, sizeof seed, &key) != EID_OK)
        die(EXIT_USAGE, "%s is not a key seed", path);
    memset(seed, 0, sizeof seed);
    free(path);
    return key;
}

static void save_key(const issuer *is, const char *name, const eid_key *key)
{
    eid_bytes seed = {0};
    if (eid_key_seed(key, &seed) != EID_OK)
        die(EXIT_USAGE, "cannot export a key");
    char *hex = hex_encode(seed.data, seed.len);
    size_t n = strlen(hex);
    hex[n] = '\n';
    char *path = key_path(is, name);
    write_file(path, hex, n + 1, 0600);
    memset(hex, 0, n);
    free(hex);
    free(path);
    eid_bytes_free(&seed);
}

static void open_issuer(issuer *is, const char *dir)
{
    is->dir = dir;
    char *path = in_dir(is, "register.json");
    struct stat st;
    if (stat(path, &st) != 0)
        die(EXIT_USAGE, "%s is not an issuer folder (no register.json: run eid-issuer init %s)", dir, dir);
    is->reg = read_json(path);
    free(path);
}

static void save_register(const issuer *is)
{
    char *path = in_dir(is, "register.json");
    write_json(path, is->reg, 0600); /* it holds personal ID numbers */
    free(path);
}

static double num_item(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static const char *str_item(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static void set_number(cJSON *obj, const char *name, double value)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (v != NULL)
        cJSON_SetNumberValue(v, value);
    else
        cJSON_AddNumberToObject(obj, name, value);
}

/* ---- signing lists ---------------------------------------------------------------- */

static void sign_status(issuer *is, uint32_t t)
{
    cJSON *seqs = cJSON_GetObjectItemCaseSensitive(is->reg, "status_sequences");
    uint64_t sequence = (uint64_t)num_item(seqs, eid_doc_type_name(t)) + 1;
    set_number(seqs, eid_doc_type_name(t), (double)sequence);
    size_t n = 0, cap = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(is->reg, "credentials")) + 1;
    uint32_t *revoked = calloc(cap, sizeof *revoked);
    if (revoked == NULL)
        die(EXIT_USAGE, "out of memory");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(is->reg, "credentials"))
    {
        if (strcmp(str_item(c, "doc_type"), eid_doc_type_name(t)) == 0 &&
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "revoked")))
            revoked[n++] = (uint32_t)num_item(c, "index");
    }
    eid_revocation_list_params p = {.issuer_id = authorities[t].id, .list_id = LIST_ID, .doc_type = t,
                                .sequence = sequence, .issued_at = now - 60, .next_update = now + LIST_LIFETIME,
                                .size = LIST_SIZE};
    eid_key *key = load_key(is, eid_doc_type_name(t));
    eid_bytes list = {0};
    eid_status st = eid_revocation_list_sign(key, &p, revoked, n, &list);
    if (st != EID_OK)
        die_status("signing the revocation list", st);
    char *path = status_path(is, t);
    write_file(path, list.data, list.len, 0644);
    free(path);
    eid_bytes_free(&list);
    eid_key_free(key);
    free(revoked);
}

static void sign_trust(issuer *is)
{
    uint64_t sequence = (uint64_t)num_item(is->reg, "trust_sequence") + 1;
    set_number(is->reg, "trust_sequence", (double)sequence);
    eid_key *keys[5] = {0};
    uint8_t pks[5][EID_KEY_PUBLIC_BYTES];
    uint32_t doc_codes[5];
    eid_trust_issuer issuers[4];
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD; t++) {
        keys[t] = load_key(is, eid_doc_type_name(t));
        eid_key_public(keys[t], pks[t]);
        doc_codes[t] = t;
        issuers[t - 1] = (eid_trust_issuer){.issuer_id = authorities[t].id, .public_key = pks[t],
                                            .usage = EID_USAGE_CREDENTIAL | EID_USAGE_REVOCATION,
                                            .doc_types = &doc_codes[t], .n_doc_types = 1, .max_assurance = 2,
                                            .sign_from = today - 1, .sign_until = today + 3650,
                                            .verify_until = today + 2 * 3650, .name = authorities[t].name};
    }
    /* The demo relying party may ask for every claim of every doc type. */
    uint32_t claims[4][EID_CLAIM_MAX_COUNT];
    eid_rp_permission allowed[4];
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD; t++) {
        size_t n = 0;
        for (uint32_t c = 0; c < EID_CLAIM_MAX_COUNT; c++)
            if (eid_claim_name(t, c) != NULL)
                claims[t - 1][n++] = c;
        allowed[t - 1] = (eid_rp_permission){t, claims[t - 1], n};
    }
    eid_key *rp = load_key(is, "rp");
    uint8_t rp_pk[EID_KEY_PUBLIC_BYTES];
    eid_key_public(rp, rp_pk);
    eid_key_free(rp);
    eid_trust_rp rps[1] = {{DEMO_RP_ID, DEMO_RP_NAME, rp_pk, allowed, 4}};
    eid_trust_list_params p = {.sequence = sequence, .issued_at = now - 60, .next_update = now + TRUST_NEXT_UPDATE,
                               .expires_at = now + TRUST_LIFETIME, .issuers = issuers, .n_issuers = 4,
                               .relying_parties = rps, .n_relying_parties = 1};
    eid_key *root = load_key(is, "root");
    const eid_key *roots[1] = {root};
    eid_bytes list = {0};
    eid_status st = eid_trust_list_sign(&p, roots, 1, &list);
    if (st != EID_OK)
        die_status("signing the trust list", st);
    char *path = in_dir(is, "trust.list");
    write_file(path, list.data, list.len, 0644);
    free(path);
    eid_bytes_free(&list);
    eid_key_free(root);
    for (uint32_t t = 0; t < 5; t++)
        eid_key_free(keys[t]);
}

/* ---- init ------------------------------------------------------------------------------ */

static int cmd_init(args *a)
{
    const char *dir = arg_positional(a);
    args_done(a);
    if (dir == NULL)
        die(EXIT_USAGE, "init needs a folder (see %s --help)", prog);
    make_dir(dir, 0700);
    issuer is = {dir, NULL};
    char *reg = in_dir(&is, "register.json");
    struct stat st;
    if (stat(reg, &st) == 0)
        die(EXIT_USAGE, "%s already holds an issuer (register.json)", dir);
    char *keys = in_dir(&is, "keys"), *status = in_dir(&is, "status"), *creds = in_dir(&is, "credentials");
    make_dir(keys, 0700);
    make_dir(status, 0755);
    make_dir(creds, 0700); /* the credentials of record: personal data */
    free(keys);
    free(status);
    free(creds);

    const char *names[] = {"root", "identity", "driving_licence", "health_insurance", "criminal_record", "rp"};
    uint8_t root_pk[EID_KEY_PUBLIC_BYTES];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        eid_key *k = NULL;
        if (eid_key_new(&k) != EID_OK)
            die(EXIT_USAGE, "cannot generate a key");
        save_key(&is, names[i], k);
        if (i == 0)
            eid_key_public(k, root_pk);
        eid_key_free(k);
    }
    /* The relying party's key file names its id, for eid-verifier request --rp-key. */
    char *rp_path = key_path(&is, "rp");
    size_t len = 0;
    uint8_t *seed = read_file(rp_path, &len);
    cJSON *rp = cJSON_CreateObject();
    cJSON_AddStringToObject(rp, "rp_id", DEMO_RP_ID);
    seed[64] = 0;
    cJSON_AddStringToObject(rp, "seed", (const char *)seed);
    char *rp_file = in_dir(&is, "keys/rp.key");
    write_json(rp_file, rp, 0600);
    memset(seed, 0, len);
    free(seed);
    cJSON_Delete(rp);
    free(rp_file);
    free(rp_path);

    char *roots = in_dir(&is, "roots");
    write_file(roots, root_pk, sizeof root_pk, 0644);
    free(roots);

    is.reg = cJSON_CreateObject();
    cJSON_AddNumberToObject(is.reg, "trust_sequence", 0);
    cJSON_AddObjectToObject(is.reg, "status_sequences");
    cJSON_AddArrayToObject(is.reg, "challenges");
    cJSON_AddArrayToObject(is.reg, "credentials");
    sign_trust(&is);
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD; t++)
        sign_status(&is, t);
    save_register(&is);
    cJSON_Delete(is.reg);
    free(reg);
    printf("issuer ready in %s: trust.list, roots, status/*.list, keys/ (demo keys, mode 0600)\n", dir);
    return EXIT_OK;
}

/* ---- challenges ----------------------------------------------------------------------------- */

static int cmd_challenge(args *a)
{
    const char *out = arg_value(a, "--out");
    const char *dir = arg_positional(a);
    args_done(a);
    if (dir == NULL)
        die(EXIT_USAGE, "challenge needs the issuer folder (see %s --help)", prog);
    issuer is;
    open_issuer(&is, dir);
    uint8_t c[CHALLENGE_BYTES];
    random_bytes(c, sizeof c);
    char *hex = hex_encode(c, sizeof c);
    cJSON *list = cJSON_GetObjectItemCaseSensitive(is.reg, "challenges");
    for (int i = cJSON_GetArraySize(list) - 1; i >= 0; i--) /* forget expired ones */
        if (num_item(cJSON_GetArrayItem(list, i), "expires") < (double)now)
            cJSON_DeleteItemFromArray(list, i);
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "challenge", hex);
    cJSON_AddNumberToObject(entry, "expires", (double)(now + CHALLENGE_LIFETIME));
    cJSON_AddItemToArray(list, entry);
    save_register(&is);
    if (out != NULL) {
        size_t n = strlen(hex);
        hex[n] = '\n';
        write_file(out, hex, n + 1, 0644);
        hex[n] = 0;
    }
    puts(hex);
    free(hex);
    cJSON_Delete(is.reg);
    return EXIT_OK;
}

/* ---- claims from JSON ---------------------------------------------------------------------------- */

/* The portrait named in a claims file, relative to it (or absolute). */
static uint8_t *load_portrait(const char *claims_path, const char *name, size_t *len)
{
    char *path = name[0] == '/' ? path_join("", name + 1) : path_beside(claims_path, name);
    uint8_t *data = read_file(path, len);
    free(path);
    return data;
}

/* ---- issue ---------------------------------------------------------------------------------------- */

/* Tries the request against each open challenge (or the one given); on a match
 * the challenge is used up. Returns the status of the last check. */
typedef eid_status (*request_check)(void *ctx, const uint8_t *challenge, size_t len);

static void check_request(issuer *is, const char *given_hex, request_check check, void *ctx)
{
    uint8_t c[EID_CHALLENGE_MAX_BYTES];
    if (given_hex != NULL) {
        long n = hex_decode(given_hex, c, sizeof c);
        if (n <= 0)
            die(EXIT_USAGE, "--challenge is not 1..64 bytes of hex");
        eid_status st = check(ctx, c, (size_t)n);
        if (st != EID_OK)
            die_status("the holder request", st);
        return;
    }
    cJSON *list = cJSON_GetObjectItemCaseSensitive(is->reg, "challenges");
    eid_status st = EID_ERR_WRONG_CHALLENGE;
    for (int i = 0; i < cJSON_GetArraySize(list); i++) {
        const cJSON *entry = cJSON_GetArrayItem(list, i);
        if (num_item(entry, "expires") < (double)now)
            continue;
        long n = hex_decode(str_item(entry, "challenge"), c, sizeof c);
        if (n <= 0)
            continue;
        st = check(ctx, c, (size_t)n);
        if (st == EID_ERR_WRONG_CHALLENGE)
            continue;
        if (st == EID_OK) {
            cJSON_DeleteItemFromArray(list, i); /* a challenge answers one request */
            return;
        }
        break;
    }
    if (st == EID_ERR_WRONG_CHALLENGE)
        die(EXIT_NO, "the holder request answers no open challenge of this issuer (eid-issuer challenge makes one)");
    die_status("the holder request", st);
}

typedef struct activation_ctx {
    const uint8_t *req;
    size_t len;
    uint8_t holder[EID_KEY_PUBLIC_BYTES];
    uint32_t protection;
} activation_ctx;

static eid_status check_activation(void *ctx, const uint8_t *c, size_t n)
{
    activation_ctx *a = ctx;
    return eid_activation_check(a->req, a->len, c, n, a->holder, &a->protection);
}

typedef struct issuance_ctx {
    const uint8_t *req;
    size_t len;
    const eid_verifier *verifier;
    uint8_t holder[EID_KEY_PUBLIC_BYTES];
    uint32_t protection;
    char personal_id[13];
} issuance_ctx;

static eid_status check_issuance(void *ctx, const uint8_t *c, size_t n)
{
    issuance_ctx *a = ctx;
    return eid_verifier_check_issuance(a->verifier, a->req, a->len, c, n, now, a->holder, &a->protection,
                                       a->personal_id);
}

/* The issuer's own view of trust: its trust list, roots and revocation lists. */
static eid_verifier *own_verifier(const issuer *is, eid_replay_store **store)
{
    char *trust = in_dir(is, "trust.list"), *roots = in_dir(is, "roots");
    char *paths[5] = {0};
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD; t++)
        paths[t] = status_path(is, t);
    eid_verifier *v = NULL;
    eid_status st = load_verifier(trust, roots, (const char *const *)&paths[1], 4, 0, NULL, store, &v);
    if (st != EID_OK)
        die_status("the issuer's own trust list", st);
    for (uint32_t t = 0; t < 5; t++)
        free(paths[t]);
    free(trust);
    free(roots);
    return v;
}

static uint32_t free_index(const issuer *is, uint32_t t)
{
    const cJSON *creds = cJSON_GetObjectItemCaseSensitive(is->reg, "credentials");
    for (int tries = 0; tries < 1000; tries++) {
        uint8_t r[4];
        random_bytes(r, sizeof r);
        uint32_t index = ((uint32_t)r[0] << 24 | (uint32_t)r[1] << 16 | (uint32_t)r[2] << 8 | r[3]) % LIST_SIZE;
        int taken = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, creds) taken |= strcmp(str_item(c, "doc_type"), eid_doc_type_name(t)) == 0 &&
                                              (uint32_t)num_item(c, "index") == index;
        if (!taken)
            return index;
    }
    die(EXIT_NO, "the %s revocation list is full", eid_doc_type_name(t));
}

/* The register names a credential by its full fingerprint (hex of
 * eid_credential_fingerprint: BLAKE2b-256 of the signed credential). */
static eid_status fingerprint_hex(const uint8_t *bundle, size_t len, char out[2 * EID_CREDENTIAL_FINGERPRINT_BYTES + 1])
{
    uint8_t fp[EID_CREDENTIAL_FINGERPRINT_BYTES];
    eid_status st = eid_credential_fingerprint(bundle, len, fp);
    if (st != EID_OK)
        return st;
    char *hex = hex_encode(fp, sizeof fp);
    memcpy(out, hex, 2 * EID_CREDENTIAL_FINGERPRINT_BYTES + 1);
    free(hex);
    return EID_OK;
}

/* Where the issuer keeps a credential of record (for its batches). */
static char *record_path(const issuer *is, const char *fp)
{
    char file[2 * EID_CREDENTIAL_FINGERPRINT_BYTES + 32];
    snprintf(file, sizeof file, "credentials/%s.cred", fp);
    return in_dir(is, file);
}

static int cmd_issue(args *a)
{
    const char *type = arg_required(a, "--type");
    const char *req_path = arg_required(a, "--holder-request");
    const char *claims_path = arg_required(a, "--claims");
    const char *out = arg_required(a, "--out");
    const char *days_text = arg_value(a, "--valid-days");
    const char *challenge = arg_value(a, "--challenge");
    const char *dir = arg_positional(a);
    args_done(a);
    if (dir == NULL)
        die(EXIT_USAGE, "issue needs the issuer folder (see %s --help)", prog);
    uint32_t t = doc_type_arg(type);
    long days = 365;
    if (days_text != NULL) {
        char *end = NULL;
        days = strtol(days_text, &end, 10);
        if (*days_text == 0 || *end != 0 || days < 1 || days > 36500)
            die(EXIT_USAGE, "--valid-days takes a number of days, 1..36500");
    }
    issuer is;
    open_issuer(&is, dir);
    claim_set *cs = calloc(1, sizeof *cs);
    if (cs == NULL)
        die(EXIT_USAGE, "out of memory");
    cs->path = claims_path;
    cs->load = load_portrait;
    cJSON *json = read_json(claims_path);
    if (claims_read(cs, t, json) != 0)
        die(EXIT_USAGE, "%s", cs->error);
    size_t req_len = 0;
    uint8_t *req = read_file(req_path, &req_len);

    uint8_t holder[EID_KEY_PUBLIC_BYTES];
    uint32_t protection = 0;
    const eid_claim *pid = claims_find(cs, 0);
    if (t == EID_DOC_IDENTITY) {
        activation_ctx ctx = {req, req_len, {0}, 0};
        check_request(&is, challenge, check_activation, &ctx);
        memcpy(holder, ctx.holder, sizeof holder);
        protection = ctx.protection;
    } else {
        eid_replay_store *store = NULL;
        eid_verifier *v = own_verifier(&is, &store);
        issuance_ctx ctx = {req, req_len, v, {0}, 0, {0}};
        check_request(&is, challenge, check_issuance, &ctx);
        eid_verifier_free(v);
        eid_replay_store_free(store);
        /* A document goes to the person whose identity asked for it, and no one else. */
        if (pid == NULL || pid->bytes_len != strlen(ctx.personal_id) ||
            memcmp(pid->bytes, ctx.personal_id, pid->bytes_len) != 0)
            die(EXIT_NO, "the request comes from another person than the claims' personal_id");
        memcpy(holder, ctx.holder, sizeof holder);
        protection = ctx.protection;
    }

    uint32_t index = free_index(&is, t);
    int32_t last = today + (int32_t)days - 1;
    const eid_claim *own_end = t == EID_DOC_HEALTH_INSURANCE ? claims_find(cs, 7) : NULL;
    if (days_text == NULL && own_end != NULL && own_end->type == EID_VALUE_DATE)
        last = (int32_t)own_end->number_value; /* a card that states its own end ends that day */
    if (last < today)
        die(EXIT_USAGE, "%s: the document ends before today", claims_path);
    eid_credential_params p = {.doc_type = t, .assurance = 2, .issued_on = today, .valid_from = today,
                               .valid_until = last, .holder_key = holder,
                               .key_protection = protection, .revocation_list = LIST_ID, .revocation_index = index};
    eid_key *key = load_key(&is, eid_doc_type_name(t));
    eid_bytes bundle = {0};
    eid_status st = eid_issue_credential(key, &p, cs->claims, cs->n, &bundle);
    eid_key_free(key);
    if (st != EID_OK)
        die_status("issuing", st);
    char fp[2 * EID_CREDENTIAL_FINGERPRINT_BYTES + 1], from[11], until[11];
    if ((st = fingerprint_hex(bundle.data, bundle.len, fp)) != EID_OK)
        die_status("the new credential's fingerprint", st);
    write_file(out, bundle.data, bundle.len, 0600);
    char *creds = in_dir(&is, "credentials"), *kept = record_path(&is, fp);
    make_dir(creds, 0700);
    write_file(kept, bundle.data, bundle.len, 0600); /* the record its batches repeat */
    free(creds);
    free(kept);

    cJSON *entry = cJSON_CreateObject();
    format_date(p.valid_from, from);
    format_date(p.valid_until, until);
    cJSON_AddStringToObject(entry, "fingerprint", fp);
    cJSON_AddStringToObject(entry, "document", fp);
    cJSON_AddStringToObject(entry, "doc_type", eid_doc_type_name(t));
    char *personal_id = calloc(1, pid->bytes_len + 1);
    if (personal_id == NULL)
        die(EXIT_USAGE, "out of memory");
    memcpy(personal_id, pid->bytes, pid->bytes_len);
    cJSON_AddStringToObject(entry, "personal_id", personal_id);
    cJSON_AddNumberToObject(entry, "list", LIST_ID);
    cJSON_AddNumberToObject(entry, "index", index);
    cJSON_AddStringToObject(entry, "valid_from", from);
    cJSON_AddStringToObject(entry, "valid_until", until);
    cJSON_AddFalseToObject(entry, "revoked");
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(is.reg, "credentials"), entry);
    save_register(&is);
    printf("issued %s valid %s to %s, revocation index %u -> %s\n", eid_doc_type_name(t), from, until, index, out);

    free(personal_id);
    eid_bytes_free(&bundle);
    free(req);
    cJSON_Delete(json);
    free(cs->portrait);
    free(cs);
    cJSON_Delete(is.reg);
    return EXIT_OK;
}

/* ---- issue-batch ------------------------------------------------------------------------------------ */

typedef struct refill_ctx {
    const uint8_t *req;
    size_t len;
    const eid_verifier *verifier;
    uint32_t doc_type;
    uint8_t keys[EID_BATCH_MAX_MEMBERS * EID_KEY_PUBLIC_BYTES];
    size_t n_keys;
    uint32_t protection;
    char personal_id[13];
} refill_ctx;

static eid_status check_refill(void *ctx, const uint8_t *c, size_t n)
{
    refill_ctx *a = ctx;
    return eid_verifier_check_refill(a->verifier, a->req, a->len, c, n, now, &a->doc_type, a->keys,
                                     EID_BATCH_MAX_MEMBERS, &a->n_keys, &a->protection, a->personal_id);
}

static int cmd_issue_batch(args *a)
{
    const char *req_path = arg_required(a, "--holder-request");
    const char *out = arg_required(a, "--out");
    const char *days_text = arg_value(a, "--valid-days");
    const char *challenge = arg_value(a, "--challenge");
    const char *dir = arg_positional(a);
    args_done(a);
    if (dir == NULL)
        die(EXIT_USAGE, "issue-batch needs the issuer folder (see %s --help)", prog);
    long days = 0; /* the library's default */
    if (days_text != NULL) {
        char *end = NULL;
        days = strtol(days_text, &end, 10);
        if (*days_text == 0 || *end != 0 || days < 1 || days > 366)
            die(EXIT_USAGE, "--valid-days takes a number of days, 1..366");
    }
    issuer is;
    open_issuer(&is, dir);
    size_t req_len = 0;
    uint8_t *req = read_file(req_path, &req_len);
    eid_replay_store *store = NULL;
    eid_verifier *v = own_verifier(&is, &store);
    refill_ctx *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        die(EXIT_USAGE, "out of memory");
    ctx->req = req;
    ctx->len = req_len;
    ctx->verifier = v;
    check_request(&is, challenge, check_refill, ctx);
    uint32_t t = ctx->doc_type;

    /* The document of record: this person's latest credential of that doc type, not revoked. */
    const cJSON *record = NULL, *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(is.reg, "credentials"))
    {
        if (strcmp(str_item(c, "doc_type"), eid_doc_type_name(t)) != 0 ||
            strcmp(str_item(c, "personal_id"), ctx->personal_id) != 0 ||
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "single_use")) ||
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "revoked")) || str_item(c, "fingerprint")[0] == 0)
            continue;
        if (record == NULL || strcmp(str_item(c, "valid_until"), str_item(record, "valid_until")) > 0)
            record = c;
    }
    if (record == NULL)
        die(EXIT_NO, "this person holds no %s on the register that is not revoked", eid_doc_type_name(t));
    const char *document = str_item(record, "fingerprint");
    char *kept = record_path(&is, document);
    size_t len = 0;
    uint8_t *bundle = read_file(kept, &len);
    free(kept);
    /* Its claims, as the issuer's own verifier reads them (it checks the status too). */
    eid_result *r = NULL;
    eid_status st = eid_verifier_check_credential(v, bundle, len, now, &r);
    if (st != EID_OK)
        die_status("the document of record", st);
    eid_claim claims[EID_CLAIM_MAX_COUNT];
    size_t n_claims = eid_result_claim_count(r);
    for (size_t i = 0; i < n_claims && i < EID_CLAIM_MAX_COUNT; i++)
        claims[i] = *eid_result_claim(r, i);

    /* The revocation indexes in use; the batch draws its own among the free ones. */
    eid_revocation_allocator *indexes = NULL;
    if ((st = eid_revocation_allocator_new(LIST_SIZE, &indexes)) != EID_OK)
        die_status("the revocation indexes", st);
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(is.reg, "credentials"))
    {
        int32_t until = today;
        parse_date(str_item(c, "valid_until"), &until);
        if (strcmp(str_item(c, "doc_type"), eid_doc_type_name(t)) == 0)
            eid_revocation_allocator_reserve(indexes, (uint32_t)num_item(c, "index"), until, 0);
    }
    const uint64_t this_batch = 1;
    eid_batch_params bp = {.doc_type = t, .assurance = eid_result_assurance(r), .issued_on = today,
                           .validity_days = (uint32_t)days, .document_valid_until = eid_result_valid_until(r),
                           .key_protection = ctx->protection, .revocation_list = LIST_ID, .document = this_batch};
    eid_key *key = load_key(&is, eid_doc_type_name(t));
    eid_bytes batch = {0};
    st = eid_issue_batch(key, &bp, claims, n_claims, ctx->keys, ctx->n_keys, indexes, &batch);
    eid_key_free(key);
    if (st != EID_OK)
        die_status("issuing the batch", st);
    /* The indexes this batch took: the live ones of its document. */
    uint32_t *taken = NULL;
    size_t n_taken = 0;
    if ((st = eid_revocation_allocator_revoke(indexes, this_batch, NULL)) != EID_OK ||
        (st = eid_revocation_allocator_revoked(indexes, &taken, &n_taken)) != EID_OK || n_taken != ctx->n_keys)
        die_status("the batch's revocation indexes", st != EID_OK ? st : EID_ERR_INTERNAL);
    write_file(out, batch.data, batch.len, 0600);

    int64_t last = (int64_t)today + (days ? days : (long)eid_batch_default_validity_days()) - 1;
    if (last > bp.document_valid_until)
        last = bp.document_valid_until;
    char from[11], until[11];
    format_date(today, from);
    format_date((int32_t)last, until);
    for (size_t i = 0; i < n_taken; i++) {
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "document", document);
        cJSON_AddTrueToObject(entry, "single_use");
        cJSON_AddStringToObject(entry, "doc_type", eid_doc_type_name(t));
        cJSON_AddStringToObject(entry, "personal_id", ctx->personal_id);
        cJSON_AddNumberToObject(entry, "list", LIST_ID);
        cJSON_AddNumberToObject(entry, "index", taken[i]);
        cJSON_AddStringToObject(entry, "valid_from", from);
        cJSON_AddStringToObject(entry, "valid_until", until);
        cJSON_AddFalseToObject(entry, "revoked");
        cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(is.reg, "credentials"), entry);
    }
    save_register(&is);
    printf("issued %zu single-use %s credentials valid %s to %s -> %s\n", n_taken, eid_doc_type_name(t), from, until,
           out);
    eid_free(taken);
    eid_revocation_allocator_free(indexes);
    eid_bytes_free(&batch);
    eid_result_free(r);
    free(bundle);
    eid_verifier_free(v);
    eid_replay_store_free(store);
    free(ctx);
    free(req);
    cJSON_Delete(is.reg);
    return EXIT_OK;
}

/* ---- revoke, status, trust ---------------------------------------------------------------------------- */

/* The document a register entry belongs to: a credential of record is its
 * own document; a single-use credential belongs to its record's. */
static const char *document_of(const cJSON *entry)
{
    const char *d = str_item(entry, "document");
    return d[0] ? d : str_item(entry, "fingerprint");
}

static int cmd_revoke(args *a)
{
    const char *type = arg_value(a, "--type");
    const char *index_text = arg_value(a, "--index");
    const char *cred = arg_value(a, "--credential");
    const char *person = arg_value(a, "--personal-id");
    const char *dir = arg_positional(a);
    args_done(a);
    if (dir == NULL)
        die(EXIT_USAGE, "revoke needs the issuer folder (see %s --help)", prog);
    if ((index_text != NULL) + (cred != NULL) + (person != NULL) != 1)
        die(EXIT_USAGE, "revoke takes one of --index N, --credential FILE, --personal-id ID");
    uint32_t t = type ? doc_type_arg(type) : 0;
    if (index_text != NULL && t == 0)
        die(EXIT_USAGE, "--index needs --type");
    long index = -1;
    if (index_text != NULL) {
        char *end = NULL;
        index = strtol(index_text, &end, 10);
        if (*index_text == 0 || *end != 0 || index < 0 || index >= (long)LIST_SIZE)
            die(EXIT_USAGE, "--index takes a revocation index, 0..%u", LIST_SIZE - 1);
    }
    char fp[2 * EID_CREDENTIAL_FINGERPRINT_BYTES + 1] = "";
    if (cred != NULL) {
        size_t len = 0;
        uint8_t *data = read_file(cred, &len);
        eid_status st = fingerprint_hex(data, len, fp);
        free(data);
        if (st != EID_OK)
            die(exit_for(st), "%s is not an intact credential: %s (%s)", cred, eid_status_str(st),
                eid_status_name(st));
    }
    issuer is;
    open_issuer(&is, dir);
    /* The documents that match; then every credential of those documents. */
    cJSON *documents = cJSON_CreateArray();
    cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(is.reg, "credentials"))
    {
        uint32_t ct = eid_doc_type_from_name(str_item(c, "doc_type"));
        if (ct == 0 || (t != 0 && ct != t))
            continue;
        int match = (index >= 0 && (long)num_item(c, "index") == index) ||
                    (cred != NULL && strcmp(str_item(c, "fingerprint"), fp) == 0) ||
                    (person != NULL && strcmp(str_item(c, "personal_id"), person) == 0);
        if (match)
            cJSON_AddItemToArray(documents, cJSON_CreateString(document_of(c)));
    }
    int touched[5] = {0}, count = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(is.reg, "credentials"))
    {
        uint32_t ct = eid_doc_type_from_name(str_item(c, "doc_type"));
        int match = 0;
        const cJSON *d;
        cJSON_ArrayForEach(d, documents) match |= strcmp(d->valuestring, document_of(c)) == 0;
        if (ct == 0 || !match)
            continue;
        cJSON_ReplaceItemInObjectCaseSensitive(c, "revoked", cJSON_CreateTrue());
        touched[ct] = 1;
        count++;
        printf("revoked %s%s, revocation index %u\n", eid_doc_type_name(ct),
               cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "single_use")) ? " (single-use)" : "",
               (unsigned)num_item(c, "index"));
    }
    cJSON_Delete(documents);
    if (count == 0) {
        cJSON_Delete(is.reg);
        die(EXIT_NO, "no such credential in the register");
    }
    for (uint32_t k = EID_DOC_IDENTITY; k <= EID_DOC_CRIMINAL_RECORD; k++)
        if (touched[k]) {
            sign_status(&is, k);
            char *path = status_path(&is, k);
            printf("re-signed %s\n", path);
            free(path);
        }
    save_register(&is);
    cJSON_Delete(is.reg);
    return EXIT_OK;
}

static int cmd_status(args *a)
{
    uint32_t t = doc_type_arg(arg_required(a, "--type"));
    const char *out = arg_required(a, "--out");
    const char *dir = arg_positional(a);
    args_done(a);
    if (dir == NULL)
        die(EXIT_USAGE, "status needs the issuer folder (see %s --help)", prog);
    issuer is;
    open_issuer(&is, dir);
    sign_status(&is, t);
    save_register(&is);
    char *path = status_path(&is, t);
    size_t len = 0;
    uint8_t *list = read_file(path, &len);
    write_file(out, list, len, 0644);
    printf("%s revocation list (sequence %.0f) written to %s\n", eid_doc_type_name(t),
           num_item(cJSON_GetObjectItemCaseSensitive(is.reg, "status_sequences"), eid_doc_type_name(t)), out);
    free(list);
    free(path);
    cJSON_Delete(is.reg);
    return EXIT_OK;
}

static int cmd_trust(args *a)
{
    const char *out = arg_required(a, "--out");
    const char *dir = arg_positional(a);
    args_done(a);
    if (dir == NULL)
        die(EXIT_USAGE, "trust needs the issuer folder (see %s --help)", prog);
    issuer is;
    open_issuer(&is, dir);
    sign_trust(&is);
    save_register(&is);
    char *path = in_dir(&is, "trust.list");
    size_t len = 0;
    uint8_t *list = read_file(path, &len);
    write_file(out, list, len, 0644);
    printf("trust list (sequence %.0f) written to %s\n", num_item(is.reg, "trust_sequence"), out);
    free(list);
    free(path);
    cJSON_Delete(is.reg);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    prog = "eid-issuer";
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: %s\n", USAGE);
        return EXIT_OK;
    }
    if (argc < 2)
        die(EXIT_USAGE, "no command (see %s --help)", prog);
    if (eid_init() != EID_OK)
        die(EXIT_USAGE, "libeid could not initialise (no random source)");
    now = eid_system_clock(NULL);
    today = eid_day_of(now);
    args a;
    args_init(&a, argc - 2, argv + 2);
    const char *cmd = argv[1];
    int rc;
    if (strcmp(cmd, "init") == 0)
        rc = cmd_init(&a);
    else if (strcmp(cmd, "challenge") == 0)
        rc = cmd_challenge(&a);
    else if (strcmp(cmd, "issue") == 0)
        rc = cmd_issue(&a);
    else if (strcmp(cmd, "issue-batch") == 0)
        rc = cmd_issue_batch(&a);
    else if (strcmp(cmd, "revoke") == 0)
        rc = cmd_revoke(&a);
    else if (strcmp(cmd, "status") == 0)
        rc = cmd_status(&a);
    else if (strcmp(cmd, "trust") == 0)
        rc = cmd_trust(&a);
    else
        die(EXIT_USAGE, "unknown command '%s' (see %s --help)", cmd, prog);
    args_free(&a);
    return rc;
}
