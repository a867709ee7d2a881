/* SPDX-License-Identifier: Apache-2.0 */
/* eid-wallet: the holder's wallet on the command line.
 *
 * One folder holds the encrypted vault (vault.db, vault.hdr) and public
 * copies of the trust list and pinned roots it was activated with. The
 * software keystore whose key every unlock needs lives elsewhere
 * ($XDG_DATA_HOME/libeid/keystore or ~/.local/share/libeid/keystore, or
 * --keystore DIR), so that a copy of the wallet folder holds one factor only.
 * A phone app makes the same calls with the platform keystore (Android
 * Keystore, iOS Secure Enclave) instead of the software one, which is for
 * host tools and tests only. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static const char *const USAGE =
    "eid-wallet --vault DIR [--keystore KS] COMMAND ...\n"
    "  create                                   a new vault protected by a 6-digit passcode\n"
    "  activation-request --challenge HEX --out REQ\n"
    "  activate --trust TRUST [--roots ROOTS] --status LIST... CRED\n"
    "                                           store the identity (pins TRUST and ROOTS in DIR)\n"
    "  issuance-request --challenge HEX --out REQ\n"
    "  import [--trust TRUST [--roots ROOTS]] --status LIST... CRED\n"
    "  refill-request DOC --challenge HEX --out REQ [--size N]\n"
    "                                           asks the issuer for N single-use credentials (default 16)\n"
    "  import-batch [--trust TRUST [--roots ROOTS]] --status LIST... BATCH\n"
    "  list [--json]\n"
    "  show DOC [--lang vi|en] [--reveal] [--svg FILE]\n"
    "  present DOC --claims c1,c2 [--request TEXT] [--png FILE] [--svg FILE] [--text FILE] [--show]\n"
    "                                           draws the QR in the terminal unless a file is asked for\n"
    "                                           (--show draws it as well); a document with a batch\n"
    "                                           is shown through an unused single-use credential\n"
    "  refresh [--trust TRUST [--roots ROOTS]] LIST...\n"
    "  audit [--json] [--clear]\n"
    "  change-passcode                          new passcode from EID_NEW_PASSCODE or the terminal\n"
    "  wipe                                     deletes the vault and its keystore key (asks the passcode)\n"
    "DOC is a doc type: identity, driving_licence, health_insurance, criminal_record.\n"
    "HEX is a challenge in hex, or a file holding one. The passcode comes from EID_PASSCODE\n"
    "or is read from the terminal without echo, never from the command line.\n"
    "Unlocking also needs a key of a software keystore kept apart from DIR, so that a copy of DIR\n"
    "holds one factor only: KS, or $XDG_DATA_HOME/libeid/keystore, or ~/.local/share/libeid/keystore\n"
    "(created mode 0700). It is for host tools and tests; on a phone the wallet uses the platform\n"
    "keystore (Android Keystore, iOS Secure Enclave).";

typedef struct wallet_ctx {
    const char *dir;
    const char *ks_given; /* --keystore, or NULL for the default */
    char *ks_dir;
    eid_wallet_options opt;
    eid_keystore ks;
    eid_vault *vault;
    eid_wallet *w;
    char pass[EID_VAULT_PASSCODE_MAX + 1]; /* while the wallet is open; zeroed at close */
} wallet_ctx;

static const char *state_name(eid_validity s)
{
    switch (s) {
    case EID_VALIDITY_VALID: return "valid";
    case EID_VALIDITY_EXPIRING: return "expiring";
    case EID_VALIDITY_EXPIRED: return "expired";
    case EID_VALIDITY_REVOKED: return "revoked";
    case EID_VALIDITY_NOT_YET_VALID: return "not_yet_valid";
    }
    return "unknown";
}

/* The keystore folder: --keystore KS, else $XDG_DATA_HOME/libeid/keystore
 * (an absolute XDG_DATA_HOME only), else $HOME/.local/share/libeid/keystore.
 * With `create`, missing folders are made with mode 0700. The keystore is
 * never inside the wallet folder by default: a copy of the wallet folder
 * must not carry the keystore key that every unlock needs. */
static char *keystore_dir(const char *given, int create)
{
    char *dir = NULL;
    if (given != NULL) {
        dir = strdup(given);
        if (dir == NULL)
            die(EXIT_USAGE, "out of memory");
        if (create)
            make_dir(dir, 0700);
    } else {
        const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
        char *data = NULL; /* the XDG data folder */
        if (xdg != NULL && xdg[0] == '/') {
            data = strdup(xdg);
            if (data == NULL)
                die(EXIT_USAGE, "out of memory");
        } else if (home != NULL && home[0] == '/') {
            char *local = path_join(home, ".local");
            if (create)
                make_dir(local, 0700);
            data = path_join(local, "share");
            free(local);
        } else {
            die(EXIT_USAGE, "no keystore folder: set HOME or XDG_DATA_HOME, or pass --keystore DIR");
        }
        char *libeid = path_join(data, "libeid");
        dir = path_join(libeid, "keystore");
        if (create) {
            make_dir(data, 0700);
            make_dir(libeid, 0700);
            make_dir(dir, 0700);
        }
        free(libeid);
        free(data);
    }
    struct stat sb;
    if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) && (sb.st_mode & 077) != 0)
        die(EXIT_USAGE, "the keystore folder %s is open to other users (mode %03o): chmod 700 it", dir,
            (unsigned)(sb.st_mode & 0777));
    return dir;
}

static void keystore_of(wallet_ctx *c, const char *dir, int create)
{
    c->dir = dir;
    if (c->ks_given == NULL) {
        char *inside = path_join(dir, "keystore");
        struct stat sb;
        int old_layout = stat(inside, &sb) == 0;
        free(inside);
        if (old_layout)
            die(EXIT_USAGE, "%s/keystore holds a keystore inside the wallet folder: move it out and pass --keystore",
                dir);
    }
    c->ks_dir = keystore_dir(c->ks_given, create);
    eid_status st = eid_keystore_software_open(c->ks_dir, &c->ks);
    if (st == EID_ERR_NOT_FOUND)
        die(EXIT_USAGE, "no keystore in %s (pass --keystore with the one the wallet was created with)", c->ks_dir);
    if (st != EID_OK)
        die_status("the keystore", st);
}

static void unlock_failed(wallet_ctx *c, eid_status st)
{
    uint32_t failed = 0;
    int64_t wait = 0;
    eid_vault_failed_attempts(c->vault, &failed);
    eid_vault_retry_after(c->vault, &wait);
    if (st == EID_ERR_WRONG_PASSCODE)
        die(EXIT_NO, "wrong passcode (%u failed in a row; after 5 each try waits, at 10 the vault wipes itself)",
            failed);
    if (st == EID_ERR_LOCKED_OUT)
        die(EXIT_NO, "too many wrong passcodes: try again in %lld s", (long long)wait);
    if (st == EID_ERR_WIPED)
        die(EXIT_NO, "too many wrong passcodes: the vault wiped itself");
    die_status("unlocking the vault", st);
}

static void open_wallet(wallet_ctx *c, const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        die(EXIT_USAGE, "no wallet in %s (eid-wallet --vault %s create makes one)", dir, dir);
    keystore_of(c, dir, 0);
    eid_status st = eid_vault_open(dir, &c->ks, NULL, &c->vault);
    if (st == EID_ERR_NOT_FOUND)
        die(EXIT_USAGE, "no wallet in %s (eid-wallet --vault %s create makes one)", dir, dir);
    if (st != EID_OK)
        die_status("opening the vault", st);
    read_passcode("EID_PASSCODE", "Passcode: ", c->pass);
    st = eid_vault_unlock(c->vault, c->pass);
    if (st != EID_OK)
        unlock_failed(c, st);
    st = eid_wallet_new(c->vault, &c->opt, &c->w);
    if (st != EID_OK)
        die_status("opening the wallet", st);
}

static void close_wallet(wallet_ctx *c)
{
    eid_wallet_free(c->w);
    eid_vault_close(c->vault);
    eid_keystore_software_close(&c->ks);
    free(c->ks_dir);
    forget_passcode(c->pass);
}

/* A challenge given as hex, or as a file holding hex. */
static size_t challenge_arg(const char *value, uint8_t out[EID_CHALLENGE_MAX_BYTES])
{
    long n = hex_decode(value, out, EID_CHALLENGE_MAX_BYTES);
    if (n <= 0) {
        size_t len = 0;
        uint8_t *text = try_read_file(value, &len);
        if (text != NULL)
            n = hex_decode((const char *)text, out, EID_CHALLENGE_MAX_BYTES);
        free(text);
    }
    if (n <= 0)
        die(EXIT_USAGE, "--challenge takes 1..64 bytes of hex, or a file holding them");
    return (size_t)n;
}

/* The trust context: `trust` and `roots` (NULL: the copies pinned at activation)
 * and the revocation lists. */
static eid_verifier *trust_of(wallet_ctx *c, const char *trust, const char *roots, const char *const *status,
                              size_t n_status, eid_replay_store **store)
{
    char *own_trust = NULL, *own_roots = NULL;
    if (trust == NULL) {
        own_trust = path_join(c->dir, "trust.list");
        own_roots = path_join(c->dir, "roots");
        if (access(own_trust, R_OK) != 0)
            die(EXIT_USAGE, "no trust list: pass --trust TRUST (the wallet pins one at activation)");
        trust = own_trust;
        roots = roots ? roots : own_roots;
    }
    eid_verifier *v = NULL;
    eid_status st = load_verifier(trust, roots, status, n_status, 0, NULL, store, &v);
    if (st != EID_OK)
        die_status("the trust list", st);
    free(own_trust);
    free(own_roots);
    return v;
}

static uint32_t doc_arg(const char *name)
{
    if (name == NULL)
        die(EXIT_USAGE, "name a document: identity, driving_licence, health_insurance or criminal_record");
    return doc_type_arg(name);
}

/* ---- commands -------------------------------------------------------------------- */

static int cmd_create(wallet_ctx *ctx, args *a)
{
    args_done(a);
    const char *dir = ctx->dir;
    make_dir(dir, 0700);
    wallet_ctx c = {0};
    c.ks_given = ctx->ks_given;
    keystore_of(&c, dir, 1);
    char pass[EID_VAULT_PASSCODE_MAX + 1], again[EID_VAULT_PASSCODE_MAX + 1];
    read_passcode("EID_PASSCODE", "New passcode (6 digits): ", pass);
    eid_status st = eid_vault_check_passcode(NULL, pass);
    if (st == EID_ERR_WEAK_PASSCODE)
        die(EXIT_USAGE, "weak passcode: 6 digits, not all equal, not a run, not a common PIN");
    if (getenv("EID_PASSCODE") == NULL) {
        read_passcode("EID_PASSCODE", "Again: ", again);
        int same = strcmp(pass, again) == 0;
        forget_passcode(again);
        if (!same)
            die(EXIT_USAGE, "the passcodes differ");
    }
    st = eid_vault_create(dir, pass, &c.ks, NULL, &c.vault);
    forget_passcode(pass);
    if (st == EID_ERR_EXISTS)
        die(EXIT_USAGE, "%s already holds a wallet", dir);
    if (st != EID_OK)
        die_status("creating the vault", st);
    printf("wallet created in %s (level 0: activate an identity next); keystore key in %s\n", dir, c.ks_dir);
    close_wallet(&c);
    return EXIT_OK;
}

static int cmd_request(wallet_ctx *c, args *a, int activation)
{
    uint8_t challenge[EID_CHALLENGE_MAX_BYTES];
    size_t n = challenge_arg(arg_required(a, "--challenge"), challenge);
    const char *out = arg_required(a, "--out");
    args_done(a);
    open_wallet(c, c->dir);
    eid_bytes req = {0};
    eid_status st = activation ? eid_wallet_activation_request(c->w, challenge, n, &req)
                               : eid_wallet_issuance_request(c->w, challenge, n, &req);
    if (st != EID_OK)
        die_status(activation ? "the activation request" : "the issuance request", st);
    write_file(out, req.data, req.len, 0644);
    printf("%s request written to %s\n", activation ? "activation" : "issuance", out);
    eid_bytes_free(&req);
    close_wallet(c);
    return EXIT_OK;
}

static void copy_file(const char *from, const char *to)
{
    size_t len = 0;
    uint8_t *data = read_file(from, &len);
    write_file(to, data, len, 0644);
    free(data);
}

/* What cmd_store does with the file it is given. */
enum { IMPORT = 0, ACTIVATE = 1, BATCH = 2 };

static int cmd_store(wallet_ctx *c, args *a, int mode)
{
    /* CRED is the last argument, so that "--status LIST..." may take several lists. */
    const char *cred = NULL;
    if (a->n > 0 && !a->used[a->n - 1] && strncmp(a->v[a->n - 1], "--", 2) != 0 &&
        (a->n < 2 || strncmp(a->v[a->n - 2], "--", 2) != 0 || strcmp(a->v[a->n - 2], "--status") == 0)) {
        cred = a->v[a->n - 1];
        a->used[a->n - 1] = 1;
    }
    const char *trust = arg_value(a, "--trust"), *roots = arg_value(a, "--roots");
    size_t n_status = 0;
    const char **status = arg_values(a, "--status", 1, &n_status);
    args_done(a);
    if (mode == ACTIVATE && trust == NULL)
        die(EXIT_USAGE, "activate needs --trust TRUST (and --roots ROOTS, or a roots file beside it)");
    if (n_status == 0)
        die(EXIT_USAGE, "pass --status with the issuers' revocation lists (the credential's status is checked)");
    if (cred == NULL)
        die(EXIT_USAGE, "name the %s file to %s", mode == BATCH ? "batch" : "credential",
            mode == ACTIVATE ? "activate" : "import");
    open_wallet(c, c->dir);
    eid_replay_store *store = NULL;
    eid_verifier *v = trust_of(c, trust, roots, status, n_status, &store);
    free(status);
    size_t len = 0;
    uint8_t *bundle = read_file(cred, &len);
    size_t imported = 0;
    eid_status st = mode == BATCH   ? eid_wallet_batch_import(c->w, v, bundle, len, &imported)
                    : mode == ACTIVATE ? eid_wallet_activate(c->w, v, bundle, len)
                                      : eid_wallet_import(c->w, v, bundle, len);
    free(bundle);
    if (st == EID_ERR_STATE && mode == BATCH)
        die(EXIT_NO, "%s: no refill request of this wallet is waiting for that document (eid-wallet refill-request)",
            cred);
    if (st == EID_ERR_WRONG_HOLDER)
        die(EXIT_NO, "%s: the credential belongs to another holder key or another person", cred);
    if (st != EID_OK)
        die_status(cred, st);
    if (mode == ACTIVATE) { /* pin what the identity was checked against */
        char *own = path_join(c->dir, "trust.list");
        copy_file(trust, own);
        free(own);
        char *beside = roots ? NULL : path_beside(trust, "roots");
        own = path_join(c->dir, "roots");
        copy_file(roots ? roots : beside, own);
        free(own);
        free(beside);
    }
    uint32_t level = 0;
    eid_wallet_level(c->w, &level);
    if (mode == ACTIVATE)
        printf("identity stored: the wallet is at level %u\n", level);
    else if (mode == BATCH)
        printf("%s imported: %zu single-use credential%s\n", cred, imported, imported == 1 ? "" : "s");
    else
        printf("%s imported\n", cred);
    eid_verifier_free(v);
    eid_replay_store_free(store);
    close_wallet(c);
    return EXIT_OK;
}

static int cmd_list(wallet_ctx *c, args *a)
{
    int json = arg_flag(a, "--json");
    args_done(a);
    open_wallet(c, c->dir);
    uint32_t level = 0, types[8];
    size_t count = 0;
    eid_status st = eid_wallet_level(c->w, &level);
    if (st == EID_OK)
        st = eid_wallet_list(c->w, types, 8, &count);
    if (st != EID_OK)
        die_status("listing", st);
    cJSON *out = cJSON_CreateObject(), *docs = NULL;
    cJSON_AddNumberToObject(out, "level", level);
    docs = cJSON_AddArrayToObject(out, "documents");
    if (!json)
        printf("level %u, %zu document%s\n", level, count, count == 1 ? "" : "s");
    for (size_t i = 0; i < count && i < 8; i++) {
        eid_document *doc = NULL;
        if ((st = eid_wallet_document(c->w, types[i], &doc)) != EID_OK)
            die_status("reading a document", st);
        char from[11], until[11];
        format_date(eid_document_valid_from(doc), from);
        format_date(eid_document_valid_until(doc), until);
        const char *state = state_name(eid_document_validity(doc));
        size_t single = 0;
        if ((st = eid_wallet_batch_remaining(c->w, types[i], &single, NULL)) != EID_OK)
            die_status("reading a batch", st);
        if (json) {
            cJSON *d = cJSON_CreateObject();
            cJSON_AddStringToObject(d, "id", eid_doc_type_name(types[i]));
            cJSON_AddStringToObject(d, "title", eid_doc_type_title(types[i], EID_LANGUAGE_EN));
            cJSON_AddStringToObject(d, "state", state);
            cJSON_AddStringToObject(d, "valid_from", from);
            cJSON_AddStringToObject(d, "valid_until", until);
            cJSON_AddNumberToObject(d, "assurance", eid_document_assurance(doc));
            cJSON_AddNumberToObject(d, "single_use_left", (double)single);
            cJSON_AddItemToArray(docs, d);
        } else {
            printf("  %-17s %-9s %s .. %s  %s", eid_doc_type_name(types[i]), state, from, until,
                   eid_doc_type_title(types[i], EID_LANGUAGE_VI));
            if (single > 0)
                printf("  (%zu single-use)", single);
            putchar('\n');
        }
        eid_document_free(doc);
    }
    if (json)
        print_json(out);
    else
        cJSON_Delete(out);
    close_wallet(c);
    return EXIT_OK;
}

static int cmd_show(wallet_ctx *c, args *a)
{
    const char *lang = arg_value(a, "--lang"), *svg_path = arg_value(a, "--svg");
    int reveal = arg_flag(a, "--reveal");
    uint32_t t = doc_arg(arg_positional(a));
    args_done(a);
    eid_language language = EID_LANGUAGE_VI;
    if (lang != NULL && strcmp(lang, "en") == 0)
        language = EID_LANGUAGE_EN;
    else if (lang != NULL && strcmp(lang, "vi") != 0)
        die(EXIT_USAGE, "--lang takes vi or en");
    open_wallet(c, c->dir);
    eid_document *doc = NULL;
    eid_status st = eid_wallet_document(c->w, t, &doc);
    if (st == EID_ERR_NOT_FOUND)
        die(EXIT_NO, "the wallet holds no %s", eid_doc_type_name(t));
    if (st != EID_OK)
        die_status("reading the document", st);
    eid_card *card = NULL;
    if ((st = eid_document_card(doc, language, reveal, &card)) != EID_OK)
        die_status("laying out the card", st);
    if (svg_path != NULL) {
        eid_bytes svg = {0};
        if ((st = eid_card_svg(card, &svg)) != EID_OK)
            die_status("drawing the card", st);
        write_file(svg_path, svg.data, svg.len, 0600);
        eid_bytes_free(&svg);
        printf("%s card (%s) written to %s\n", eid_doc_type_name(t), language == EID_LANGUAGE_VI ? "vi" : "en",
               svg_path);
    } else {
        printf("%s — %s\n%s  [%s]\n", eid_card_title(card), eid_card_issuer(card), eid_card_holder_name(card),
               eid_card_validity_label(card));
        for (size_t i = 0; i < eid_card_row_count(card); i++)
            printf("  %s: %s\n", eid_card_row_label(card, i), eid_card_row_value(card, i));
    }
    eid_card_free(card);
    eid_document_free(doc);
    close_wallet(c);
    return EXIT_OK;
}

static size_t claims_arg(uint32_t t, const char *list, uint32_t *out)
{
    size_t n = 0;
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char name[64];
        if (len == 0 || len >= sizeof name || n >= EID_CLAIM_MAX_COUNT)
            die(EXIT_USAGE, "--claims takes claim names separated by commas");
        memcpy(name, p, len);
        name[len] = 0;
        if (eid_claim_number(t, name, &out[n]) != EID_OK)
            die(EXIT_USAGE, "%s has no claim '%s'", eid_doc_type_name(t), name);
        n++;
        p += len + (end != NULL);
    }
    if (n == 0)
        die(EXIT_USAGE, "--claims names at least one claim: nothing is disclosed by default");
    return n;
}

static int cmd_present(wallet_ctx *c, args *a)
{
    const char *claims = arg_required(a, "--claims");
    const char *request_text = arg_value(a, "--request");
    const char *png = arg_value(a, "--png"), *svg = arg_value(a, "--svg"), *text_path = arg_value(a, "--text");
    int show = arg_flag(a, "--show") || (png == NULL && svg == NULL && text_path == NULL);
    uint32_t t = doc_arg(arg_positional(a));
    uint32_t numbers[EID_CLAIM_MAX_COUNT];
    size_t n = claims_arg(t, claims, numbers);
    args_done(a);
    open_wallet(c, c->dir);
    eid_bytes request = {0};
    eid_replay_store *store = NULL;
    eid_verifier *trust = NULL;
    eid_status st;
    if (request_text != NULL) {
        if ((st = eid_request_from_text(request_text, &request)) != EID_OK)
            die_status("--request", st);
        trust = trust_of(c, NULL, NULL, NULL, 0, &store);
        /* What a consent screen shows: who asks, for what, from the trust list. */
        eid_request_info *info = NULL;
        st = eid_verifier_inspect_request(trust, request.data, request.len, eid_system_clock(NULL), &info);
        if (st != EID_OK)
            die_status("the request", st);
        fprintf(stderr, "request from %s (%s) for", eid_request_info_rp_name(info), eid_request_info_rp_id(info));
        for (size_t d = 0; d < eid_request_info_doc_count(info); d++) {
            uint32_t dt = eid_request_info_doc_type(info, d);
            fprintf(stderr, " %s:", eid_doc_type_name(dt));
            for (size_t k = 0; k < eid_request_info_claim_count(info, d); k++) {
                uint32_t num = 0;
                eid_request_info_claim(info, d, k, &num);
                fprintf(stderr, "%s%s", k ? "," : "", eid_claim_name(dt, num));
            }
        }
        fputc('\n', stderr);
        eid_request_info_free(info);
    }
    eid_bytes p = {0};
    int reused = 0;
    st = eid_wallet_present(c->w, t, numbers, n, request.data, request.len, trust, &p, &reused);
    if (st == EID_ERR_NOT_FOUND)
        die(EXIT_NO, "the wallet holds no %s with those claims", eid_doc_type_name(t));
    if (st == EID_ERR_BATCH_EMPTY)
        die(EXIT_NO, "no unused single-use %s credential is left: ask the issuer for a refill "
                     "(eid-wallet refill-request)", eid_doc_type_name(t));
    if (st != EID_OK)
        die_status("presenting", st);
    char *text = NULL;
    eid_qr *qr = NULL;
    if ((st = eid_presentation_text(p.data, p.len, &text)) != EID_OK ||
        (st = eid_qr_new(text, EID_QR_ECC_DEFAULT, &qr)) != EID_OK)
        die_status("the QR code", st);
    if (text_path != NULL) {
        size_t len = strlen(text);
        text[len] = '\n'; /* written with its length; restored below */
        write_file(text_path, text, len + 1, 0600);
        text[len] = 0;
    }
    eid_bytes img = {0};
    if (png != NULL) {
        if ((st = eid_qr_render_png(qr, 6, EID_QR_QUIET_ZONE, &img)) != EID_OK)
            die_status("the PNG", st);
        write_file(png, img.data, img.len, 0600);
        eid_bytes_free(&img);
    }
    if (svg != NULL) {
        if ((st = eid_qr_render_svg(qr, EID_QR_QUIET_ZONE, &img)) != EID_OK)
            die_status("the SVG", st);
        write_file(svg, img.data, img.len, 0600);
        eid_bytes_free(&img);
    }
    if (show) {
        if ((st = eid_qr_render_text(qr, EID_QR_QUIET_ZONE, EID_QR_TEXT_LIGHT_ON_DARK, &img)) != EID_OK)
            die_status("the terminal QR", st);
        fwrite(img.data, 1, img.len, stdout);
        eid_bytes_free(&img);
    }
    size_t left = 0;
    int due = 0;
    if ((st = eid_wallet_batch_remaining(c->w, t, &left, &due)) != EID_OK)
        die_status("reading the batch", st);
    printf("%s: %zu claim%s disclosed, %zu bytes, QR version %d%s\n", eid_doc_type_name(t), n, n == 1 ? "" : "s",
           p.len, eid_qr_version(qr), request.len ? ", answering the request" : ", offline (valid 60 s)");
    if (reused)
        printf("shown with the credential of record: relying parties comparing notes can link its presentations "
               "(refill-request gets single-use ones)\n");
    else
        printf("shown with a single-use credential, now deleted: %zu left%s\n", left,
               due ? " (refill due: eid-wallet refill-request)" : "");
    eid_qr_free(qr);
    eid_text_free(text);
    eid_bytes_free(&p);
    eid_bytes_free(&request);
    eid_verifier_free(trust);
    eid_replay_store_free(store);
    close_wallet(c);
    return EXIT_OK;
}

static int cmd_refill_request(wallet_ctx *c, args *a)
{
    uint8_t challenge[EID_CHALLENGE_MAX_BYTES];
    size_t n = challenge_arg(arg_required(a, "--challenge"), challenge);
    const char *out = arg_required(a, "--out");
    const char *size = arg_value(a, "--size");
    uint32_t t = doc_arg(arg_positional(a));
    args_done(a);
    if (size != NULL) {
        char *end = NULL;
        long k = strtol(size, &end, 10);
        if (*size == 0 || *end != 0 || k < 1 || k > (long)EID_BATCH_MAX_MEMBERS)
            die(EXIT_USAGE, "--size takes 1..%d single-use credentials", EID_BATCH_MAX_MEMBERS);
        c->opt.batch_size = (uint32_t)k;
    }
    open_wallet(c, c->dir);
    eid_bytes req = {0};
    eid_status st = eid_wallet_refill_request(c->w, t, challenge, n, &req);
    if (st == EID_ERR_NOT_FOUND)
        die(EXIT_NO, "the wallet holds no %s to refill", eid_doc_type_name(t));
    if (st != EID_OK)
        die_status("the refill request", st);
    write_file(out, req.data, req.len, 0644);
    printf("refill request for %u single-use %s credentials written to %s\n", c->opt.batch_size,
           eid_doc_type_name(t), out);
    eid_bytes_free(&req);
    close_wallet(c);
    return EXIT_OK;
}

static int cmd_refresh(wallet_ctx *c, args *a)
{
    const char *trust = arg_value(a, "--trust"), *roots = arg_value(a, "--roots");
    arg_flag(a, "--status"); /* "refresh --status A B" reads as "refresh A B" */
    size_t n = 0;
    const char **lists = calloc((size_t)a->n + 1, sizeof *lists);
    const char *l;
    while (lists != NULL && (l = arg_positional(a)) != NULL)
        lists[n++] = l;
    args_done(a);
    if (n == 0)
        die(EXIT_USAGE, "refresh needs the revocation lists to apply");
    open_wallet(c, c->dir);
    char *own_trust = NULL, *own_roots = NULL;
    if (trust == NULL) {
        own_trust = path_join(c->dir, "trust.list");
        own_roots = path_join(c->dir, "roots");
        trust = own_trust;
        roots = roots ? roots : own_roots;
    }
    eid_replay_store *store = NULL;
    eid_verifier *v = NULL;
    eid_status st = load_verifier(trust, roots, lists, n, 0, NULL, &store, &v);
    if (st != EID_OK)
        die_status("the trust or revocation lists", st);
    size_t revoked = 0;
    if ((st = eid_wallet_refresh(c->w, v, &revoked)) != EID_OK)
        die_status("refreshing", st);
    printf("status applied: %zu credential%s revoked\n", revoked, revoked == 1 ? "" : "s");
    eid_verifier_free(v);
    eid_replay_store_free(store);
    free(lists);
    free(own_trust);
    free(own_roots);
    close_wallet(c);
    return EXIT_OK;
}

static int cmd_audit(wallet_ctx *c, args *a)
{
    int json = arg_flag(a, "--json"), clear = arg_flag(a, "--clear");
    args_done(a);
    open_wallet(c, c->dir);
    eid_status st;
    if (clear) {
        if ((st = eid_wallet_audit_clear(c->w)) != EID_OK)
            die_status("clearing the audit log", st);
        if (json) {
            cJSON *out = cJSON_CreateObject();
            cJSON_AddTrueToObject(out, "cleared");
            print_json(out);
        } else {
            printf("audit log cleared\n");
        }
        close_wallet(c);
        return EXIT_OK;
    }
    eid_audit *log = NULL;
    if ((st = eid_wallet_audit(c->w, &log)) != EID_OK)
        die_status("reading the audit log", st);
    cJSON *out = cJSON_CreateObject();
    cJSON *entries = cJSON_AddArrayToObject(out, "entries");
    for (size_t i = 0; i < eid_audit_count(log); i++) {
        int64_t when = 0;
        uint32_t t = 0, bits = 0;
        const char *rp = "";
        eid_audit_entry(log, i, &when, &t, &bits, &rp);
        char time_text[17];
        format_time(when, time_text);
        cJSON *e = cJSON_CreateObject(), *names = NULL;
        cJSON_AddStringToObject(e, "time", time_text);
        cJSON_AddNumberToObject(e, "time_unix", (double)when);
        cJSON_AddStringToObject(e, "doc_type", eid_doc_type_name(t));
        names = cJSON_AddArrayToObject(e, "claims");
        for (uint32_t k = 0; k < 32; k++)
            if (bits & (1u << k))
                cJSON_AddItemToArray(names, cJSON_CreateString(eid_claim_name(t, k)));
        cJSON_AddStringToObject(e, "relying_party", rp);
        if (!json) {
            printf("%s  %-17s %-22s ", time_text, eid_doc_type_name(t), rp[0] ? rp : "(offline)");
            for (int k = 0; k < cJSON_GetArraySize(names); k++)
                printf("%s%s", k ? "," : "", cJSON_GetArrayItem(names, k)->valuestring);
            putchar('\n');
        }
        cJSON_AddItemToArray(entries, e);
    }
    if (!json)
        printf("%zu entr%s (times in Vietnam time, to the minute; values are never logged)\n", eid_audit_count(log),
               eid_audit_count(log) == 1 ? "y" : "ies");
    eid_audit_free(log);
    if (json)
        print_json(out);
    else
        cJSON_Delete(out);
    close_wallet(c);
    return EXIT_OK;
}

static int cmd_change_passcode(wallet_ctx *c, args *a)
{
    args_done(a);
    open_wallet(c, c->dir);
    char fresh[EID_VAULT_PASSCODE_MAX + 1], again[EID_VAULT_PASSCODE_MAX + 1];
    read_passcode("EID_NEW_PASSCODE", "New passcode (6 digits): ", fresh);
    if (getenv("EID_NEW_PASSCODE") == NULL) {
        read_passcode("EID_NEW_PASSCODE", "Again: ", again);
        int same = strcmp(fresh, again) == 0;
        forget_passcode(again);
        if (!same)
            die(EXIT_USAGE, "the passcodes differ");
    }
    eid_status st = eid_vault_change_passcode(c->vault, c->pass, fresh);
    forget_passcode(fresh);
    if (st == EID_ERR_WEAK_PASSCODE)
        die(EXIT_USAGE, "weak passcode: 6 digits, not all equal, not a run, not a common PIN");
    if (st != EID_OK)
        unlock_failed(c, st);
    printf("passcode changed\n");
    close_wallet(c);
    return EXIT_OK;
}

static int cmd_wipe(wallet_ctx *c, args *a)
{
    args_done(a);
    open_wallet(c, c->dir);
    eid_wallet_free(c->w);
    c->w = NULL;
    eid_status st = eid_vault_wipe(c->vault);
    if (st != EID_OK)
        die_status("wiping", st);
    char *own = path_join(c->dir, "trust.list");
    unlink(own);
    free(own);
    own = path_join(c->dir, "roots");
    unlink(own);
    free(own);
    printf("wallet wiped: the keystore key and the vault files are gone\n");
    close_wallet(c);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    prog = "eid-wallet";
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: %s\n", USAGE);
        return EXIT_OK;
    }
    if (eid_init() != EID_OK)
        die(EXIT_USAGE, "libeid could not initialise (no random source)");
    args a;
    args_init(&a, argc - 1, argv + 1);
    const char *dir = arg_value(&a, "--vault");
    const char *ks = arg_value(&a, "--keystore");
    const char *cmd = arg_positional(&a);
    if (cmd == NULL)
        die(EXIT_USAGE, "no command (see %s --help)", prog);
    if (dir == NULL)
        die(EXIT_USAGE, "missing --vault DIR (see %s --help)", prog);
    wallet_ctx c = {0};
    c.dir = dir;
    c.ks_given = ks;
    eid_wallet_options_default(&c.opt, EID_WALLET_OPTIONS_VERSION);
    int rc;
    if (strcmp(cmd, "create") == 0)
        rc = cmd_create(&c, &a);
    else if (strcmp(cmd, "activation-request") == 0)
        rc = cmd_request(&c, &a, 1);
    else if (strcmp(cmd, "issuance-request") == 0)
        rc = cmd_request(&c, &a, 0);
    else if (strcmp(cmd, "activate") == 0)
        rc = cmd_store(&c, &a, ACTIVATE);
    else if (strcmp(cmd, "import") == 0)
        rc = cmd_store(&c, &a, IMPORT);
    else if (strcmp(cmd, "import-batch") == 0)
        rc = cmd_store(&c, &a, BATCH);
    else if (strcmp(cmd, "refill-request") == 0)
        rc = cmd_refill_request(&c, &a);
    else if (strcmp(cmd, "list") == 0)
        rc = cmd_list(&c, &a);
    else if (strcmp(cmd, "show") == 0)
        rc = cmd_show(&c, &a);
    else if (strcmp(cmd, "present") == 0)
        rc = cmd_present(&c, &a);
    else if (strcmp(cmd, "refresh") == 0)
        rc = cmd_refresh(&c, &a);
    else if (strcmp(cmd, "audit") == 0)
        rc = cmd_audit(&c, &a);
    else if (strcmp(cmd, "change-passcode") == 0)
        rc = cmd_change_passcode(&c, &a);
    else if (strcmp(cmd, "wipe") == 0)
        rc = cmd_wipe(&c, &a);
    else
        die(EXIT_USAGE, "unknown command '%s' (see %s --help)", cmd, prog);
    args_free(&a);
    return rc;
}
