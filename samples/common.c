/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

const char *prog = "eid";

void die(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(code);
}

int exit_for(eid_status st)
{
    switch (st) {
    case EID_OK:
        return EXIT_OK;
    case EID_ERR_INVALID_ARG:
    case EID_ERR_IO:
    case EID_ERR_FORMAT:
    case EID_ERR_UNSUPPORTED_VERSION:
    case EID_ERR_TOO_LARGE:
    case EID_ERR_NO_MEMORY:
    case EID_ERR_INTERNAL:
    case EID_ERR_WEAK_PASSCODE:
    case EID_ERR_DOES_NOT_FIT:
        return EXIT_USAGE;
    default:
        return EXIT_NO;
    }
}

void die_status(const char *what, eid_status st)
{
    die(exit_for(st), "%s: %s (%s)", what, eid_status_str(st), eid_status_name(st));
}

/* ---- arguments ---------------------------------------------------------------- */

void args_init(args *a, int argc, char **argv)
{
    a->n = argc;
    a->v = argv;
    a->used = calloc((size_t)argc + 1, 1);
    if (a->used == NULL)
        die(EXIT_USAGE, "out of memory");
}

void args_free(args *a)
{
    free(a->used);
    a->used = NULL;
}

static int is_option(const char *s)
{
    return s[0] == '-' && s[1] == '-' && s[2] != 0;
}

const char *arg_value(args *a, const char *name)
{
    const char *found = NULL;
    for (int i = 0; i < a->n; i++) {
        if (a->used[i] || strcmp(a->v[i], name) != 0)
            continue;
        if (i + 1 >= a->n)
            die(EXIT_USAGE, "%s needs a value", name);
        a->used[i] = a->used[i + 1] = 1;
        found = a->v[i + 1];
        i++;
    }
    return found;
}

const char *arg_required(args *a, const char *name)
{
    const char *v = arg_value(a, name);
    if (v == NULL)
        die(EXIT_USAGE, "missing %s (see %s --help)", name, prog);
    return v;
}

const char **arg_values(args *a, const char *name, int greedy, size_t *count)
{
    const char **out = calloc((size_t)a->n + 1, sizeof *out);
    if (out == NULL)
        die(EXIT_USAGE, "out of memory");
    size_t k = 0;
    for (int i = 0; i < a->n; i++) {
        if (a->used[i] || strcmp(a->v[i], name) != 0)
            continue;
        if (i + 1 >= a->n || is_option(a->v[i + 1]))
            die(EXIT_USAGE, "%s needs a value", name);
        a->used[i] = 1;
        for (int j = i + 1; j < a->n && !a->used[j] && !is_option(a->v[j]); j++) {
            a->used[j] = 1;
            out[k++] = a->v[j];
            i = j;
            if (!greedy)
                break;
        }
    }
    *count = k;
    return out;
}

int arg_flag(args *a, const char *name)
{
    int found = 0;
    for (int i = 0; i < a->n; i++)
        if (!a->used[i] && strcmp(a->v[i], name) == 0) {
            a->used[i] = 1;
            found = 1;
        }
    return found;
}

const char *arg_positional(args *a)
{
    for (int i = 0; i < a->n; i++) {
        if (a->used[i])
            continue;
        if (is_option(a->v[i]))
            return NULL; /* options are read first; one left here is unknown */
        a->used[i] = 1;
        return a->v[i];
    }
    return NULL;
}

void args_done(args *a)
{
    for (int i = 0; i < a->n; i++)
        if (!a->used[i])
            die(EXIT_USAGE, "unexpected argument '%s' (see %s --help)", a->v[i], prog);
}

/* ---- files ----------------------------------------------------------------------- */

uint8_t *try_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap + 1);
    while (buf != NULL) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        uint8_t *bigger = cap > (64u << 20) ? NULL : realloc(buf, 2 * cap + 1);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            errno = EFBIG;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int err = ferror(f);
    fclose(f);
    if (buf == NULL || err) {
        free(buf);
        errno = err ? EIO : errno;
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

uint8_t *read_file(const char *path, size_t *len)
{
    uint8_t *data = try_read_file(path, len);
    if (data == NULL)
        die(EXIT_USAGE, "cannot read %s: %s", path, strerror(errno));
    return data;
}

void write_file(const char *path, const void *data, size_t len, unsigned mode)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 8);
    if (tmp == NULL)
        die(EXIT_USAGE, "out of memory");
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmpXXX", 8);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, (mode_t)mode);
    if (fd < 0)
        die(EXIT_USAGE, "cannot write %s: %s", path, strerror(errno));
    fchmod(fd, (mode_t)mode); /* the umask may have narrowed it; never widens past mode */
    const uint8_t *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            die(EXIT_USAGE, "cannot write %s: %s", path, strerror(errno));
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        die(EXIT_USAGE, "cannot write %s: %s", path, strerror(errno));
    }
    free(tmp);
    /* The rename itself must survive a power cut: sync the folder that holds it. */
    const char *slash = strrchr(path, '/');
    char *dir = slash == NULL ? NULL : strndup(path, slash == path ? 1 : (size_t)(slash - path));
    if (slash != NULL && dir == NULL)
        die(EXIT_USAGE, "out of memory");
    int dfd = open(dir != NULL ? dir : ".", O_RDONLY | O_DIRECTORY);
    free(dir);
    if (dfd < 0 || fsync(dfd) != 0) {
        if (dfd >= 0)
            close(dfd);
        die(EXIT_USAGE, "cannot write %s: %s", path, strerror(errno));
    }
    close(dfd);
}

char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *out = malloc(a + b + 2);
    if (out == NULL)
        die(EXIT_USAGE, "out of memory");
    memcpy(out, dir, a);
    out[a] = '/';
    memcpy(out + a + 1, name, b + 1);
    return out;
}

char *path_beside(const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return path_join(".", name);
    size_t a = (size_t)(slash - path);
    char *dir = malloc(a + 2);
    if (dir == NULL)
        die(EXIT_USAGE, "out of memory");
    memcpy(dir, path, a);
    dir[a] = 0;
    if (a == 0)
        strcpy(dir, "/");
    char *out = path_join(dir, name);
    free(dir);
    return out;
}

void make_dir(const char *path, unsigned mode)
{
    if (mkdir(path, (mode_t)mode) != 0 && errno != EEXIST)
        die(EXIT_USAGE, "cannot create %s: %s", path, strerror(errno));
}

/* ---- JSON -------------------------------------------------------------------------- */

/* cJSON returns NULL both for text that is not JSON and when it cannot
 * allocate: its allocations are counted here to tell the two apart. */
static int json_alloc_failed;
static void *json_malloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL)
        json_alloc_failed = 1;
    return p;
}

cJSON *read_json(const char *path)
{
    size_t len = 0;
    uint8_t *text = read_file(path, &len);
    const char *end = NULL;
    cJSON_Hooks hooks = {json_malloc, free};
    cJSON_InitHooks(&hooks);
    json_alloc_failed = 0;
    cJSON *json = cJSON_ParseWithOpts((const char *)text, &end, 1);
    if (json == NULL) {
        long at = end ? (long)(end - (const char *)text) : 0;
        free(text);
        if (json_alloc_failed)
            die(EXIT_USAGE, "out of memory reading %s", path);
        die(EXIT_USAGE, "%s is not valid JSON (near byte %ld)", path, at);
    }
    free(text);
    return json;
}

void write_json(const char *path, const cJSON *json, unsigned mode)
{
    char *text = cJSON_Print(json);
    if (text == NULL)
        die(EXIT_USAGE, "out of memory");
    size_t n = strlen(text);
    text[n] = '\n'; /* replaces the NUL: written with its length */
    write_file(path, text, n + 1, mode);
    cJSON_free(text);
}

void print_json(cJSON *json)
{
    char *text = cJSON_PrintUnformatted(json);
    if (text == NULL)
        die(EXIT_USAGE, "out of memory");
    puts(text);
    cJSON_free(text);
    cJSON_Delete(json);
}

/* ---- hex, random, dates ------------------------------------------------------------------ */

char *hex_encode(const uint8_t *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    char *out = malloc(2 * len + 1);
    if (out == NULL)
        die(EXIT_USAGE, "out of memory");
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 15];
    }
    out[2 * len] = 0;
    return out;
}

static int nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

long hex_decode(const char *hex, uint8_t *out, size_t cap)
{
    while (*hex == ' ' || *hex == '\n' || *hex == '\r' || *hex == '\t')
        hex++;
    size_t n = 0;
    while (nibble(hex[0]) >= 0) {
        int hi = nibble(hex[0]), lo = nibble(hex[1]);
        if (lo < 0 || n >= cap)
            return -1;
        out[n++] = (uint8_t)(hi << 4 | lo);
        hex += 2;
    }
    while (*hex == ' ' || *hex == '\n' || *hex == '\r' || *hex == '\t')
        hex++;
    return *hex == 0 ? (long)n : -1;
}

void random_bytes(uint8_t *out, size_t len)
{
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL || fread(out, 1, len, f) != len)
        die(EXIT_USAGE, "cannot read /dev/urandom");
    fclose(f);
}

int parse_date(const char *text, int32_t *day)
{
    int y, m, d, used = 0;
    if (strlen(text) != 10 || sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10)
        return -1;
    return eid_day_from_civil(y, m, d, day) == EID_OK ? 0 : -1;
}

void format_date(int32_t day, char buf[11])
{
    int32_t y, m, d;
    eid_day_to_civil(day, &y, &m, &d);
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
    memcpy(buf, tmp, 10);
    buf[10] = 0;
}

void format_time(int64_t t, char buf[17])
{
    int32_t day = eid_day_of(t);
    int64_t secs = t + 7 * 3600 - (int64_t)day * 86400;
    char date[11];
    format_date(day, date);
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%s %02d:%02d", date, (int)(secs / 3600 % 24), (int)(secs / 60 % 60));
    memcpy(buf, tmp, 16);
    buf[16] = 0;
}

/* ---- passcodes ----------------------------------------------------------------------------- */

void read_passcode(const char *env, const char *prompt, char *buf)
{
    const char *value = getenv(env);
    if (value != NULL) {
        if (strlen(value) > EID_VAULT_PASSCODE_MAX)
            die(EXIT_USAGE, "%s is longer than %d bytes", env, EID_VAULT_PASSCODE_MAX);
        strcpy(buf, value);
        return;
    }
    int fd = open("/dev/tty", O_RDWR);
    if (fd < 0)
        die(EXIT_USAGE, "no passcode: set %s or run on a terminal", env);
    struct termios old, quiet;
    if (tcgetattr(fd, &old) != 0) {
        close(fd);
        die(EXIT_USAGE, "no passcode: set %s or run on a terminal", env);
    }
    quiet = old;
    quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
    /* Echo off before the prompt: what is typed after it is seen must not echo or be flushed. */
    if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0 || write(fd, prompt, strlen(prompt)) < 0) {
        tcsetattr(fd, TCSANOW, &old);
        close(fd);
        die(EXIT_USAGE, "cannot prompt for the passcode on the terminal");
    }
    size_t n = 0;
    char c;
    while (read(fd, &c, 1) == 1 && c != '\n' && c != '\r')
        if (n < EID_VAULT_PASSCODE_MAX)
            buf[n++] = c;
    buf[n] = 0;
    tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) { /* nothing to do: the prompt line stays open */
    }
    close(fd);
}

void forget_passcode(char *buf)
{
    volatile char *p = buf;
    for (size_t i = 0; i <= EID_VAULT_PASSCODE_MAX; i++)
        p[i] = 0;
}

/* ---- trust ----------------------------------------------------------------------------------- */

eid_status load_verifier(const char *trust_path, const char *roots_path, const char *const *status_paths,
                         size_t n_status, uint64_t min_trust_sequence, const eid_verifier_options *options,
                         eid_replay_store **store, eid_verifier **verifier)
{
    char *beside = NULL;
    if (roots_path == NULL) {
        beside = path_beside(trust_path, "roots");
        roots_path = beside;
        fprintf(stderr, "%s: pinned roots read from %s, beside the trust list (pass --roots to pin your own)\n", prog,
                roots_path);
    }
    size_t trust_len = 0, roots_len = 0;
    uint8_t *trust = read_file(trust_path, &trust_len);
    uint8_t *roots = read_file(roots_path, &roots_len);
    if (roots_len == 0 || roots_len % EID_KEY_PUBLIC_BYTES != 0)
        die(EXIT_USAGE, "%s does not hold root public keys (a multiple of 32 bytes)", roots_path);
    eid_revocation_list_input *lists = calloc(n_status + 1, sizeof *lists);
    if (lists == NULL)
        die(EXIT_USAGE, "out of memory");
    for (size_t i = 0; i < n_status; i++) {
        size_t len = 0;
        lists[i].data = read_file(status_paths[i], &len);
        lists[i].len = len;
    }
    eid_verifier_options opt;
    if (options != NULL)
        opt = *options;
    else
        eid_verifier_options_default(&opt, EID_VERIFIER_OPTIONS_VERSION);
    opt.min_trust_sequence = min_trust_sequence;
    eid_status st = *store != NULL ? EID_OK : eid_replay_store_new(0, store);
    if (st == EID_OK)
        st = eid_verifier_new(roots, roots_len / EID_KEY_PUBLIC_BYTES, &opt, trust, trust_len, lists, n_status, *store,
                              verifier);
    for (size_t i = 0; i < n_status; i++)
        free((void *)lists[i].data);
    free(lists);
    free(trust);
    free(roots);
    free(beside);
    return st;
}

/* ---- claims ------------------------------------------------------------------------------------ */

static char *dup_text(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    if (out == NULL)
        die(EXIT_USAGE, "out of memory");
    memcpy(out, s, n);
    out[n] = 0;
    return out;
}

char *claim_text(uint32_t doc_type, const eid_claim *c)
{
    char buf[64];
    switch (c->type) {
    case EID_VALUE_TEXT:
        return dup_text((const char *)c->bytes, c->bytes_len);
    case EID_VALUE_DATE:
        format_date((int32_t)c->number_value, buf);
        return dup_text(buf, strlen(buf));
    case EID_VALUE_BYTES:
        snprintf(buf, sizeof buf, "(%zu bytes)", c->bytes_len);
        return dup_text(buf, strlen(buf));
    default:
        break;
    }
    /* Booleans, enums, coded integers and lists: the card formats them (English). */
    eid_card *card = NULL;
    eid_status st = eid_card_new(doc_type, c, 1, 0, 0, 0, 0, EID_LANGUAGE_EN, 1, &card);
    if (st != EID_OK) {
        /* Out of memory is an error, never a value shown wrong. */
        if (eid_status_family_of(st) == EID_STATUS_FAMILY_SYSTEM)
            die_status("formatting a claim", st);
        snprintf(buf, sizeof buf, "%lld", (long long)c->number_value);
        return dup_text(buf, strlen(buf));
    }
    size_t rows = eid_card_row_count(card), cap = 1, n = 0;
    for (size_t i = 0; i < rows; i++)
        cap += strlen(eid_card_row_label(card, i)) + strlen(eid_card_row_value(card, i)) + 4;
    char *out = malloc(cap);
    if (out == NULL)
        die(EXIT_USAGE, "out of memory");
    out[0] = 0;
    for (size_t i = 0; i < rows; i++) {
        if (c->type == EID_VALUE_LIST)
            n += (size_t)sprintf(out + n, "%s%s: %s", i ? "; " : "", eid_card_row_label(card, i),
                                 eid_card_row_value(card, i));
        else
            n += (size_t)sprintf(out + n, "%s%s", i ? "; " : "", eid_card_row_value(card, i));
    }
    eid_card_free(card);
    return out;
}

uint32_t doc_type_arg(const char *name)
{
    uint32_t t = name ? eid_doc_type_from_name(name) : 0;
    if (t == 0)
        die(EXIT_USAGE, "unknown doc type '%s' (known: identity, driving_licence, health_insurance, criminal_record)",
            name ? name : "");
    return t;
}
