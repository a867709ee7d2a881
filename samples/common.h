/* SPDX-License-Identifier: Apache-2.0 */
/* What the three command-line samples share: exit statuses, files, hex,
 * dates, passcodes, building a verifier from files, and claim values as text.
 * Everything here uses libeid's public API only (<eid/eid.h>). */
#ifndef EID_SAMPLES_COMMON_H
#define EID_SAMPLES_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <eid/eid.h>

/* Exit statuses of every sample. */
#define EXIT_OK 0
#define EXIT_NO 1    /* a verification or a check said no */
#define EXIT_USAGE 2 /* a usage or input error */

/* The program's name, for messages ("eid-wallet"). */
extern const char *prog;

/* Prints "prog: message" on stderr and exits with `code`. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3), noreturn))
#endif
void die(int code, const char *fmt, ...);

/* The exit status for a libeid status: 2 for input that is not usable
 * (malformed, unreadable, a bad argument), 1 for everything a check refused. */
int exit_for(eid_status st);
/* die() with "what: <status sentence> (EID_ERR_...)" and exit_for(st). */
#if defined(__GNUC__)
__attribute__((noreturn))
#endif
void die_status(const char *what, eid_status st);

/* ---- arguments ---------------------------------------------------------- */
/* A tiny option scanner: args[0..n) after the command. Positional arguments
 * and "--name value" / "--flag" options in any order. */
typedef struct args {
    int n;
    char **v;
    unsigned char *used;
} args;
void args_init(args *a, int argc, char **argv);
void args_free(args *a);
/* The value of "--name VALUE" (the last one given), or NULL. */
const char *arg_value(args *a, const char *name);
/* Every value of a repeatable "--name VALUE", and of following arguments that
 * do not start with "--" when `greedy` (for "--status A B C"). Caller frees
 * the array (not the strings). */
const char **arg_values(args *a, const char *name, int greedy, size_t *count);
/* 1 when "--name" is present. */
int arg_flag(args *a, const char *name);
/* The next positional argument, or NULL. */
const char *arg_positional(args *a);
/* Dies (usage) when an argument was not consumed. Call after reading all. */
void args_done(args *a);
/* The value of a required option; dies (usage) naming it when absent. */
const char *arg_required(args *a, const char *name);

/* ---- files -------------------------------------------------------------- */
/* Reads a whole file (NUL-terminated past `*len`); dies (usage) when it cannot. */
uint8_t *read_file(const char *path, size_t *len);
/* Reads a file, or returns NULL (errno set) when it cannot. */
uint8_t *try_read_file(const char *path, size_t *len);
/* Writes a file atomically (temporary file, fsync, rename) with `mode`; dies on failure. */
void write_file(const char *path, const void *data, size_t len, unsigned mode);
/* The folder of `path` joined with `name` (malloc'd). */
char *path_beside(const char *path, const char *name);
/* dir + "/" + name (malloc'd). */
char *path_join(const char *dir, const char *name);
/* mkdir -p for one level, with mode; dies on failure other than EEXIST. */
void make_dir(const char *path, unsigned mode);

/* ---- JSON ---------------------------------------------------------------- */
/* Parses a JSON file; dies (usage) naming the file on a syntax error. */
cJSON *read_json(const char *path);
/* Writes `json` pretty-printed with `mode`. */
void write_json(const char *path, const cJSON *json, unsigned mode);
/* Prints `json` unformatted on one line to stdout, and frees it. */
void print_json(cJSON *json);

/* ---- hex, random, dates ---------------------------------------------------- */
/* Lower-case hex of bytes (malloc'd). */
char *hex_encode(const uint8_t *data, size_t len);
/* Decodes hex (surrounding white space ignored) into out[0..cap); returns the
 * byte count, or -1 when it is not hex or too long. */
long hex_decode(const char *hex, uint8_t *out, size_t cap);
/* Bytes from the operating system's random source; dies when it fails. */
void random_bytes(uint8_t *out, size_t len);
/* "YYYY-MM-DD" to a day number; 0 on success, -1 when it is not a date. */
int parse_date(const char *text, int32_t *day);
/* A day number as "YYYY-MM-DD" into buf[11]. */
void format_date(int32_t day, char buf[11]);
/* A time as "YYYY-MM-DD HH:MM" in Vietnam time (UTC+7) into buf[17]. */
void format_time(int64_t t, char buf[17]);

/* ---- passcodes ------------------------------------------------------------- */
/* The passcode from environment variable `env`, or read without echo from the
 * terminal after `prompt`; dies (usage) when neither is available. Copies it
 * into buf[EID_VAULT_PASSCODE_MAX + 1]. Never from the command line. */
void read_passcode(const char *env, const char *prompt, char *buf);
/* Zeroes a passcode buffer. */
void forget_passcode(char *buf);

/* ---- trust -------------------------------------------------------------------- */
/* Builds a verifier from files: the trust list at `trust_path`, the pinned
 * root keys at `roots_path` (NULL: the file "roots" beside the trust list, and
 * a line on stderr saying so), revocation lists, with `min_trust_sequence`.
 * Dies (usage) on an unreadable file; returns the status of eid_verifier_new()
 * otherwise. A store already in *store (a fleet's, eid/fleet.h) is used;
 * otherwise *store gets a new in-memory replay store. The caller frees it
 * after the verifier. */
eid_status load_verifier(const char *trust_path, const char *roots_path, const char *const *status_paths,
                         size_t n_status, uint64_t min_trust_sequence, const eid_verifier_options *options,
                         eid_replay_store **store, eid_verifier **verifier);

/* ---- claims ---------------------------------------------------------------- */
/* A claim's value as text (malloc'd): text as signed, dates YYYY-MM-DD,
 * booleans "yes"/"no", enums and coded integers by their English label, lists
 * as "label: value" entries joined by "; ", bytes as "(N bytes)". */
char *claim_text(uint32_t doc_type, const eid_claim *claim);
/* Looks a doc type up by name; dies (usage) naming the known ones when unknown. */
uint32_t doc_type_arg(const char *name);

#endif
