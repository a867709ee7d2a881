/* SPDX-License-Identifier: Apache-2.0 */
/* eid-verifier: a relying party's scanner on the command line.
 *
 * It pins root keys, loads a signed trust list and revocation lists, and verifies
 * "EID1:" presentations given as text, as a text file, or as a PNG image of
 * the QR code (decoded with libpng and zbar). Challenge mode: `request` makes
 * a signed request (an "EIDR1:" QR) and `verify --request` checks the answer. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>
#include <zbar.h>

#include "common.h"

#define REQUEST_LIFETIME 120

static const char *const USAGE =
    "eid-verifier --trust TRUST [--roots ROOTS] [--status LIST...] [--state FILE] [--replay URL] [--json]\n"
    "             COMMAND\n"
    "  verify TEXT | --image FILE.png | --text-file FILE [--request STATE]\n"
    "                                   verifies a presentation; exit 0 valid, 1 not valid. TEXT is\n"
    "                                   taken as given; FILE may end with one line break (\\n or \\r\\n),\n"
    "                                   nothing else is stripped\n"
    "  request --rp-key KEY --claims TYPE:c1,c2 --out STATE [--png FILE]\n"
    "                                   a signed request (challenge mode), valid 120 s; prints its EIDR1: text\n"
    "Without --roots the root keys are read from the file 'roots' beside the trust list (the layout\n"
    "eid-issuer init writes, for demos), which is said on stderr. A relying party pins its roots.\n"
    "The highest trust-list sequence seen, and per revocation list (issuer/doc type/list id) the highest\n"
    "sequence of a list that counted, are kept in a state file beside the trust list\n"
    "(eid-verifier.state; --state FILE to move it): an older list is refused as a rollback.\n"
    "Replays: without --replay, accepted presentations are remembered in memory only, so a one-shot\n"
    "run cannot see one that an earlier run accepted (an offline presentation lives 60 s). With\n"
    "--replay redis://[[user]:password@]host[:port][/db] or unix:///path/to/socket[?db=N] they are kept\n"
    "in the fleet's Redis (docs/FLEET.md; a password may come from EID_REPLAY_PASSWORD instead of\n"
    "the URL), so one accepted by an earlier run or at another scanner is refused; when Redis does\n"
    "not answer, nothing is valid. In challenge mode the STATE file records that its request was answered,\n"
    "so a second answer to it is refused across runs; the verifier works for the relying party of\n"
    "the --rp-key that made STATE, and accepts only the doc type and exactly the claims it asked.";

static int64_t now;

/* ---- reading a QR image --------------------------------------------------------- */

static char *scan_png(const char *path)
{
    size_t len = 0;
    uint8_t *png = read_file(path, &len);
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, png, len))
        die(EXIT_USAGE, "%s is not a PNG image", path);
    image.format = PNG_FORMAT_GRAY;
    uint8_t *gray = malloc(PNG_IMAGE_SIZE(image));
    if (gray == NULL || !png_image_finish_read(&image, NULL, gray, 0, NULL))
        die(EXIT_USAGE, "%s: cannot decode the PNG image", path);
    free(png);
    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *zi = zbar_image_create();
    zbar_image_set_format(zi, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(zi, image.width, image.height);
    zbar_image_set_data(zi, gray, (unsigned long)image.width * image.height, NULL);
    char *text = NULL;
    if (zbar_scan_image(scanner, zi) > 0) {
        for (const zbar_symbol_t *s = zbar_image_first_symbol(zi); s && !text; s = zbar_symbol_next(s)) {
            if (zbar_symbol_get_type(s) != ZBAR_QRCODE)
                continue;
            unsigned n = zbar_symbol_get_data_length(s);
            text = malloc((size_t)n + 1);
            if (text == NULL)
                die(EXIT_USAGE, "out of memory");
            memcpy(text, zbar_symbol_get_data(s), n);
            text[n] = 0;
        }
    }
    zbar_image_destroy(zi);
    zbar_image_scanner_destroy(scanner);
    free(gray);
    if (text == NULL)
        die(EXIT_USAGE, "no QR code found in %s", path);
    return text;
}

/* A text file holds the QR text and may end with one line terminator ("\n"
 * or "\r\n"), which is not part of it (docs/FORMAT.md, "QR text"). Nothing
 * else is stripped: SPACE is a base45 character, so a trailing space is part
 * of what is verified (and makes it invalid). */
static void drop_line_terminator(char *text, size_t len)
{
    if (len > 0 && text[len - 1] == '\n') {
        text[--len] = 0;
        if (len > 0 && text[len - 1] == '\r')
            text[--len] = 0;
    }
}

/* Why a text the library refused as malformed may be so: white space around it. */
static const char *whitespace_hint(const char *text)
{
    size_t n = strlen(text);
    if (strpbrk(text, "\t\r\n") != NULL)
        return "the text holds a tab or a line break";
    if (n > 0 && (text[n - 1] == ' ' || text[0] == ' '))
        return "the text begins or ends with a space";
    return NULL;
}

/* ---- the state file ---------------------------------------------------------------- */

static double num_item(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static cJSON *load_state(const char *path)
{
    cJSON *s = access(path, F_OK) != 0 ? cJSON_CreateObject() : read_json(path);
    if (s == NULL)
        die(EXIT_USAGE, "out of memory");
    if (cJSON_GetObjectItemCaseSensitive(s, "trust_sequence") == NULL &&
        cJSON_AddNumberToObject(s, "trust_sequence", 0) == NULL)
        die(EXIT_USAGE, "out of memory");
    if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(s, "status_sequences")) &&
        cJSON_AddObjectToObject(s, "status_sequences") == NULL)
        die(EXIT_USAGE, "out of memory");
    return s;
}

/* ---- output ---------------------------------------------------------------------------- */

/* Prints the verdict only once everything behind it is built: out of memory
 * half-way ends the run with an error and no verdict, never with "VALID" and
 * a claim shown wrong. */
static void report(const eid_result *r, eid_status st, int json)
{
    uint32_t t = eid_result_doc_type(r);
    const char *type = eid_doc_type_name(t);
    size_t n_claims = eid_result_claim_count(r);
    char **values = calloc(n_claims + 1, sizeof *values);
    cJSON *out = cJSON_CreateObject();
    int ok = values != NULL && out != NULL;
    ok = ok && cJSON_AddBoolToObject(out, "valid", st == EID_OK) != NULL;
    ok = ok && cJSON_AddStringToObject(out, "status", eid_status_name(st)) != NULL;
    ok = ok && cJSON_AddStringToObject(out, "doc_type", type ? type : "") != NULL;
    ok = ok && cJSON_AddStringToObject(out, "issuer", eid_result_issuer_id(r)) != NULL;
    ok = ok && cJSON_AddStringToObject(out, "issuer_name", eid_result_issuer_name(r)) != NULL;
    ok = ok && cJSON_AddBoolToObject(out, "challenged", eid_result_challenged(r)) != NULL;
    cJSON *claims = ok ? cJSON_AddObjectToObject(out, "claims") : NULL;
    cJSON *failures = claims != NULL ? cJSON_AddArrayToObject(out, "failures") : NULL;
    ok = ok && failures != NULL;
    for (size_t i = 0; ok && i < n_claims; i++) {
        const eid_claim *c = eid_result_claim(r, i);
        const char *name = eid_claim_name(t, c->number);
        values[i] = claim_text(t, c);
        ok = cJSON_AddStringToObject(claims, name ? name : "?", values[i]) != NULL;
    }
    for (int k = 0; ok && k < EID_CHECK_COUNT; k++) {
        eid_status cs = EID_OK;
        if (eid_result_check(r, (eid_check)k, &cs) != EID_CHECK_FAILED)
            continue;
        cJSON *f = cJSON_CreateObject();
        ok = f != NULL && cJSON_AddItemToArray(failures, f);
        ok = ok && cJSON_AddStringToObject(f, "check", eid_check_name((eid_check)k)) != NULL;
        ok = ok && cJSON_AddStringToObject(f, "status", eid_status_name(cs)) != NULL;
        ok = ok && cJSON_AddStringToObject(f, "detail", eid_result_check_detail(r, (eid_check)k)) != NULL;
    }
    if (!ok)
        die(EXIT_USAGE, "out of memory");
    if (json) {
        print_json(out);
    } else {
        if (st == EID_OK)
            printf("VALID: %s (%s), issued by %s (%s), %s\n", type, eid_doc_type_title(t, EID_LANGUAGE_VI),
                   eid_result_issuer_name(r), eid_result_issuer_id(r),
                   eid_result_challenged(r) ? "answering our request" : "offline presentation");
        else
            printf("NOT VALID: %s (%s)\n", eid_status_str(st), eid_status_name(st));
        for (size_t i = 0; i < n_claims; i++) {
            const eid_claim *c = eid_result_claim(r, i);
            printf("  %-24s %s  (%s)\n", eid_claim_name(t, c->number), values[i],
                   eid_claim_label(t, c->number, EID_LANGUAGE_VI));
        }
        for (int k = 0; k < EID_CHECK_COUNT; k++) {
            eid_status cs = EID_OK;
            if (eid_result_check(r, (eid_check)k, &cs) == EID_CHECK_FAILED)
                printf("  failed check %s: %s (%s)\n", eid_check_name((eid_check)k),
                       eid_result_check_detail(r, (eid_check)k), eid_status_name(cs));
        }
        cJSON_Delete(out);
    }
    for (size_t i = 0; i < n_claims; i++)
        free(values[i]);
    free(values);
}

/* ---- commands ------------------------------------------------------------------------------ */

typedef struct options {
    const char *trust, *roots, *state;
    const char *replay; /* the fleet's Redis URL, or NULL: an in-memory store */
    const char **status;
    size_t n_status;
    int json;
} options;

/* Revocation lists are kept apart by name, "issuer/doc type/list id", each with the
 * highest sequence seen from a list that counted. */
static void status_key(const eid_revocation_list_name *name, char *key, size_t cap)
{
    const char *type = eid_doc_type_name(name->doc_type);
    snprintf(key, cap, "%s/%s/%u", name->issuer_id, type ? type : "?", name->list_id);
}

/* Stores the sequence of every loaded revocation list that counts now (a list that
 * does not, e.g. one signed with a retired key, must never raise a minimum).
 * Returns 1 when the state changed. */
static int remember_status_lists(const eid_verifier *v, cJSON *state)
{
    cJSON *seqs = cJSON_GetObjectItemCaseSensitive(state, "status_sequences");
    int changed = 0;
    for (size_t i = 0; i < eid_verifier_revocation_list_count(v); i++) {
        eid_revocation_list_name name;
        char key[EID_ISSUER_ID_MAX_BYTES + 64];
        if (eid_verifier_revocation_list(v, i, now, &name) != EID_OK)
            continue;
        status_key(&name, key, sizeof key);
        if (name.sequence > (uint64_t)num_item(seqs, key)) {
            /* Replaced in one step, or not at all: a watermark is never
             * dropped, or an older list could undo a revocation. */
            cJSON *seq = cJSON_CreateNumber((double)name.sequence);
            int done = seq != NULL && (cJSON_GetObjectItemCaseSensitive(seqs, key) != NULL
                                           ? cJSON_ReplaceItemInObjectCaseSensitive(seqs, key, seq)
                                           : cJSON_AddItemToObject(seqs, key, seq));
            if (!done) {
                cJSON_Delete(seq);
                die(EXIT_USAGE, "out of memory");
            }
            changed = 1;
        }
    }
    return changed;
}

static eid_verifier *build(const options *o, cJSON *state, const char *rp_id, eid_replay_store **store)
{
    eid_verifier *v = NULL;
    uint64_t min = (uint64_t)num_item(state, "trust_sequence");
    eid_verifier_options opt;
    eid_verifier_options_default(&opt, EID_VERIFIER_OPTIONS_VERSION);
    opt.rp_id = rp_id;
    if (o->replay != NULL) {
        eid_fleet_options fo;
        eid_fleet_options_default(&fo, EID_FLEET_OPTIONS_VERSION);
        fo.url = o->replay;
        fo.password = getenv("EID_REPLAY_PASSWORD");
        eid_status fs = eid_fleet_store_new(&fo, store);
        if (fs == EID_ERR_UNSUPPORTED)
            die(EXIT_USAGE, "--replay: this libeid was built without the Redis fleet store (EID_BUILD_FLEET)");
        if (fs == EID_ERR_INVALID_ARG)
            die(EXIT_USAGE, "--replay takes redis://[[user]:password@]host[:port][/db] or unix:///path[?db=N]");
        if (fs != EID_OK) /* never the URL: it may hold the password */
            die(EXIT_NO, "the fleet's replay store: %s (%s): nothing can be verified", eid_status_str(fs),
                eid_status_name(fs));
    }
    eid_status st = load_verifier(o->trust, o->roots, o->status, o->n_status, min, &opt, store, &v);
    if (st == EID_ERR_UNTRUSTED_LIST)
        die(EXIT_NO, "%s is not signed by the pinned roots: not trusted", o->trust);
    if (st == EID_ERR_LIST_ROLLBACK)
        die(EXIT_NO, "%s is older than a list seen before (sequence below %llu): refused as a rollback", o->trust,
            (unsigned long long)min);
    if (st != EID_OK)
        die_status("loading the trust and revocation lists", st);
    /* each revocation list against the minimum kept under its own name */
    const cJSON *seqs = cJSON_GetObjectItemCaseSensitive(state, "status_sequences");
    for (size_t i = 0; i < eid_verifier_revocation_list_count(v); i++) {
        eid_revocation_list_name name;
        char key[EID_ISSUER_ID_MAX_BYTES + 64];
        /* a list that does not count at `now` still names itself, and must not be older either */
        if (eid_verifier_revocation_list(v, i, now, &name) == EID_ERR_INVALID_ARG)
            continue;
        status_key(&name, key, sizeof key);
        uint64_t seen = (uint64_t)num_item(seqs, key);
        if (name.sequence < seen)
            die(EXIT_NO, "the %s revocation list is older than one seen before (sequence %llu < %llu): refused as a rollback",
                key, (unsigned long long)name.sequence, (unsigned long long)seen);
    }
    return v;
}

static int cmd_verify(const options *o, args *a)
{
    const char *image = arg_value(a, "--image"), *text_file = arg_value(a, "--text-file");
    const char *request_state = arg_value(a, "--request");
    const char *given = arg_positional(a);
    args_done(a);
    if ((image != NULL) + (text_file != NULL) + (given != NULL) != 1)
        die(EXIT_USAGE, "verify takes one of TEXT, --image FILE.png, --text-file FILE (see %s --help)", prog);
    char *text = NULL;
    if (image != NULL) {
        text = scan_png(image);
    } else if (text_file != NULL) {
        size_t len = 0;
        text = (char *)read_file(text_file, &len);
        if (strlen(text) != len)
            die(EXIT_USAGE, "%s holds a NUL byte: it is not QR text", text_file);
        drop_line_terminator(text, len);
    } else {
        text = strdup(given);
    }
    cJSON *state = load_state(o->state);
    eid_replay_store *store = NULL;
    cJSON *req_json = NULL;
    const cJSON *rp_id = NULL; /* ours: `request` wrote it from our --rp-key */
    if (request_state != NULL) {
        req_json = read_json(request_state);
        rp_id = cJSON_GetObjectItemCaseSensitive(req_json, "rp_id");
    }
    eid_verifier *v = build(o, state, cJSON_IsString(rp_id) ? rp_id->valuestring : NULL, &store);

    if (request_state != NULL) {
        const cJSON *rt = cJSON_GetObjectItemCaseSensitive(req_json, "request");
        if (!cJSON_IsString(rt) || !cJSON_IsString(rp_id))
            die(EXIT_USAGE, "%s is not a request state file (eid-verifier request makes one)", request_state);
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(req_json, "answered")))
            die(EXIT_NO, "the request in %s was already answered: a second answer is a replay", request_state);
        eid_bytes req = {0};
        eid_status st = eid_request_from_text(rt->valuestring, &req);
        if (st == EID_OK)
            st = eid_verifier_open_request(v, req.data, req.len, now);
        if (st == EID_ERR_EXISTS && o->replay != NULL)
            st = EID_OK; /* opened by an earlier run of the fleet: the store says whether it was answered */
        eid_bytes_free(&req);
        if (st == EID_ERR_REQUEST_EXPIRED)
            die(EXIT_NO, "the request in %s has expired: make a new one", request_state);
        if (st != EID_OK)
            die_status(request_state, st);
    }

    eid_result *r = NULL;
    eid_status st = eid_verifier_check_presentation(v, text, now, &r);
    /* Out of memory or an internal failure is no verdict on the citizen's
     * document: an error (exit 2), never "NOT VALID". */
    if (r == NULL || st == EID_ERR_NO_MEMORY || st == EID_ERR_INTERNAL || st == EID_ERR_CRYPTO) {
        eid_result_free(r);
        die_status("verifying", st);
    }
    int changed = remember_status_lists(v, state);
    if (eid_result_trust_sequence(r) > (uint64_t)num_item(state, "trust_sequence")) {
        cJSON *seq = cJSON_CreateNumber((double)eid_result_trust_sequence(r));
        if (seq == NULL || !cJSON_ReplaceItemInObjectCaseSensitive(state, "trust_sequence", seq)) {
            cJSON_Delete(seq);
            die(EXIT_USAGE, "out of memory");
        }
        changed = 1;
    }
    if (changed)
        write_json(o->state, state, 0644);
    if (st == EID_OK && req_json != NULL) {
        cJSON_ReplaceItemInObjectCaseSensitive(req_json, "answered", cJSON_CreateTrue());
        write_json(request_state, req_json, 0600);
    }
    eid_status format = EID_OK;
    const char *hint = whitespace_hint(text);
    if (hint != NULL && eid_result_check(r, EID_CHECK_FORMAT, &format) == EID_CHECK_FAILED)
        fprintf(stderr, "%s: %s: QR text is the prefix and base45 characters only, nothing before or after "
                        "(a text file may end with one line break)\n", prog, hint);
    report(r, st, o->json);
    eid_result_free(r);
    eid_verifier_free(v);
    eid_replay_store_free(store);
    cJSON_Delete(state);
    cJSON_Delete(req_json);
    free(text);
    return st == EID_OK ? EXIT_OK : EXIT_NO;
}

static int cmd_request(const options *o, args *a)
{
    const char *key_path = arg_required(a, "--rp-key");
    const char *claims = arg_required(a, "--claims");
    const char *out = arg_required(a, "--out");
    const char *png = arg_value(a, "--png");
    args_done(a);
    /* TYPE:c1,c2 */
    const char *colon = strchr(claims, ':');
    if (colon == NULL || colon == claims || colon[1] == 0)
        die(EXIT_USAGE, "--claims takes TYPE:claim1,claim2");
    char type_name[64];
    size_t tn = (size_t)(colon - claims);
    if (tn >= sizeof type_name)
        die(EXIT_USAGE, "--claims takes TYPE:claim1,claim2");
    memcpy(type_name, claims, tn);
    type_name[tn] = 0;
    uint32_t t = doc_type_arg(type_name);
    uint32_t numbers[EID_CLAIM_MAX_COUNT];
    size_t n = 0;
    for (const char *p = colon + 1; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char name[64];
        if (len == 0 || len >= sizeof name || n >= EID_CLAIM_MAX_COUNT)
            die(EXIT_USAGE, "--claims takes TYPE:claim1,claim2");
        memcpy(name, p, len);
        name[len] = 0;
        uint32_t num;
        if (eid_claim_number(t, name, &num) != EID_OK)
            die(EXIT_USAGE, "%s has no claim '%s'", type_name, name);
        size_t at = n++; /* keep them ascending, as a request lists them */
        while (at > 0 && numbers[at - 1] > num) {
            numbers[at] = numbers[at - 1];
            at--;
        }
        numbers[at] = num;
        p += len + (end != NULL);
    }
    cJSON *key_json = read_json(key_path);
    const cJSON *rp_id = cJSON_GetObjectItemCaseSensitive(key_json, "rp_id");
    const cJSON *seed_hex = cJSON_GetObjectItemCaseSensitive(key_json, "seed");
    uint8_t seed[EID_KEY_SEED_BYTES];
    eid_key *key = NULL;
    if (!cJSON_IsString(rp_id) || !cJSON_IsString(seed_hex) ||
        hex_decode(seed_hex->valuestring, seed, sizeof seed) != EID_KEY_SEED_BYTES ||
        eid_key_new_from_seed(seed, sizeof seed, &key) != EID_OK)
        die(EXIT_USAGE, "%s is not a relying-party key ({\"rp_id\": ..., \"seed\": hex})", key_path);
    memset(seed, 0, sizeof seed);
    eid_requested_claims rq = {t, numbers, n};
    eid_bytes req = {0};
    eid_status st = eid_request_create(key, rp_id->valuestring, &rq, 1, now, REQUEST_LIFETIME, &req);
    eid_key_free(key);
    if (st != EID_OK)
        die_status("creating the request", st);
    /* The same checks a wallet runs: is this relying party allowed to ask that? */
    cJSON *state = load_state(o->state);
    eid_replay_store *store = NULL;
    eid_verifier *v = build(o, state, rp_id->valuestring, &store);
    eid_request_info *info = NULL;
    st = eid_verifier_inspect_request(v, req.data, req.len, now, &info);
    if (st != EID_OK)
        die_status("the request", st);
    char *text = NULL;
    if ((st = eid_request_text(req.data, req.len, &text)) != EID_OK)
        die_status("the request text", st);
    cJSON *saved = cJSON_CreateObject();
    cJSON_AddStringToObject(saved, "request", text);
    cJSON_AddStringToObject(saved, "rp_id", eid_request_info_rp_id(info));
    cJSON_AddNumberToObject(saved, "expires", (double)eid_request_info_expires_at(info));
    cJSON_AddFalseToObject(saved, "answered");
    write_json(out, saved, 0600);
    if (png != NULL) {
        eid_qr *qr = NULL;
        eid_bytes img = {0};
        if ((st = eid_qr_new(text, EID_QR_ECC_DEFAULT, &qr)) != EID_OK ||
            (st = eid_qr_render_png(qr, 6, EID_QR_QUIET_ZONE, &img)) != EID_OK)
            die_status("the request QR", st);
        write_file(png, img.data, img.len, 0644);
        eid_bytes_free(&img);
        eid_qr_free(qr);
    }
    if (o->json) {
        cJSON_AddStringToObject(saved, "rp_name", eid_request_info_rp_name(info));
        print_json(saved);
    } else {
        puts(text);
        fprintf(stderr, "request from %s for %s, valid %d s, state in %s\n", eid_request_info_rp_name(info), claims,
                REQUEST_LIFETIME, out);
        cJSON_Delete(saved);
    }
    eid_text_free(text);
    eid_request_info_free(info);
    eid_bytes_free(&req);
    eid_verifier_free(v);
    eid_replay_store_free(store);
    cJSON_Delete(state);
    cJSON_Delete(key_json);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    prog = "eid-verifier";
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: %s\n", USAGE);
        return EXIT_OK;
    }
    if (eid_init() != EID_OK)
        die(EXIT_USAGE, "libeid could not initialise (no random source)");
    now = eid_system_clock(NULL);
    args a;
    args_init(&a, argc - 1, argv + 1);
    /* the command first, so that "--status A B" stops at it */
    const char *cmd = NULL;
    for (int i = 0; i < a.n && cmd == NULL; i++)
        if (strcmp(a.v[i], "verify") == 0 || strcmp(a.v[i], "request") == 0) {
            cmd = a.v[i];
            a.used[i] = 1;
        }
    if (cmd == NULL)
        die(EXIT_USAGE, "no command (verify or request) (see %s --help)", prog);
    options o = {0};
    o.trust = arg_required(&a, "--trust");
    o.roots = arg_value(&a, "--roots");
    o.state = arg_value(&a, "--state");
    o.json = arg_flag(&a, "--json");
    o.replay = arg_value(&a, "--replay");
    o.status = arg_values(&a, "--status", 1, &o.n_status);
    char *state = NULL;
    if (o.state == NULL)
        o.state = state = path_beside(o.trust, "eid-verifier.state");
    int rc = strcmp(cmd, "verify") == 0 ? cmd_verify(&o, &a) : cmd_request(&o, &a);
    free(o.status);
    free(state);
    args_free(&a);
    return rc;
}
