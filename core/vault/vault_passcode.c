/* SPDX-License-Identifier: Apache-2.0 */
/* The vault's options (their defaults and bounds) and its passcode policy:
 * form (length, digits) and the weakest choices refused. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "eid/vault.h"
#include "vault/vault_internal.h"

eid_status eid_vault_options_default(eid_vault_options *o, uint32_t version)
{
    if (o == NULL || version != EID_VAULT_OPTIONS_VERSION)
        return EID_ERR_INVALID_ARG;
    memset(o, 0, sizeof *o);
    o->version = version;
    o->passcode_min_length = 6;
    o->passcode_max_length = 6;
    o->passcode_digits_only = 1;
    o->passcode_reject_weak = 1;
    o->argon2_ops = EID_VAULT_ARGON2_OPS_DEFAULT;
    o->argon2_mem_bytes = EID_VAULT_ARGON2_MEM_DEFAULT;
    o->backoff_after = 5;
    o->wipe_after = 10;
    o->backoff_base_seconds = 30;
    o->backoff_max_seconds = 3600;
    o->clock = NULL;
    o->elapsed_clock = NULL;
    o->logger.fn = NULL;
    return EID_OK;
}

eid_status vault_options_check(const eid_vault_options *o)
{
    if (o->passcode_max_length > EID_VAULT_PASSCODE_MAX || o->passcode_min_length > o->passcode_max_length ||
        o->passcode_max_length == 0 || o->argon2_ops < 1 || o->argon2_mem_bytes < 8192 ||
        o->argon2_mem_bytes > ((uint64_t)1 << 32) || o->backoff_base_seconds < 0 ||
        o->backoff_max_seconds < o->backoff_base_seconds ||
        (o->passcode_digits_only != 0 && o->passcode_digits_only != 1) ||
        (o->passcode_reject_weak != 0 && o->passcode_reject_weak != 1))
        return EID_ERR_INVALID_ARG;
    return EID_OK;
}

/* Among the most frequent 6-digit PINs in published analyses of leaked PIN
 * and password sets, after removing those the rules below already refuse
 * (repeated digits, runs, repeated pairs and triples): keyboard and keypad
 * patterns, mirrored runs, and number words. */
static const char *const common_pins[] = {
    "123321", "112233", "159753", "292513", "123654", "789456", "007007", "520520", "520131", "147258",
    "258369", "159357", "147852", "753951", "951753", "741852", "852963", "963852", "369258", "258456",
    "112358", "100200", "110110", "102030", "121314", "131420", "123789", "456123", "321654", "654123",
    "111222", "222333", "333444", "444555", "555666", "666777", "777888", "888999", "999000", "000111",
    "101010", "010101", "202020", "686868", "868686", "168168", "888666", "666888", "198964", "200000",
    "123457", "123455", "124578", "135790", "246810", "147369", "963741", "357951", "951357", "852456",
    "456852", "654456", "789987", "987789", "456654", "321123", "098765", "567890", "135246", "142536",
};

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* All equal, a run up or down (wrapping 9 -> 0), or a repeat of its first 2 or 3 characters. */
static int patterned(const char *s, size_t n)
{
    if (n < 2)
        return 1;
    int up = 1, down = 1, equal = 1;
    for (size_t i = 1; i < n; i++) {
        int d = (s[i] - s[i - 1] + 10) % 10;
        up &= d == 1;
        down &= d == 9;
        equal &= d == 0;
    }
    if (up || down || equal)
        return 1;
    for (size_t period = 2; period <= 3; period++) {
        if (n % period != 0 || n == period)
            continue;
        int repeats = 1;
        for (size_t i = period; i < n; i++)
            repeats &= s[i] == s[i - period];
        if (repeats)
            return 1;
    }
    return 0;
}

eid_status vault_check_passcode(const eid_vault_options *o, const char *passcode)
{
    if (passcode == NULL)
        return EID_ERR_INVALID_ARG;
    size_t n = strnlen(passcode, EID_VAULT_PASSCODE_MAX + 1);
    if (n > EID_VAULT_PASSCODE_MAX || n < o->passcode_min_length || n > o->passcode_max_length || n == 0)
        return EID_ERR_WEAK_PASSCODE;
    if (o->passcode_digits_only && !all_digits(passcode, n))
        return EID_ERR_WEAK_PASSCODE;
    if (!o->passcode_reject_weak)
        return EID_OK;
    if (all_digits(passcode, n) && patterned(passcode, n))
        return EID_ERR_WEAK_PASSCODE;
    for (size_t i = 0; i < sizeof common_pins / sizeof common_pins[0]; i++)
        if (strcmp(passcode, common_pins[i]) == 0)
            return EID_ERR_WEAK_PASSCODE;
    return EID_OK;
}

eid_status eid_vault_check_passcode(const eid_vault_options *opts, const char *passcode)
{
    eid_vault_options d;
    if (opts == NULL) {
        (void)eid_vault_options_default(&d, EID_VAULT_OPTIONS_VERSION);
        opts = &d;
    } else if (opts->version != EID_VAULT_OPTIONS_VERSION) {
        return EID_ERR_INVALID_ARG;
    }
    return vault_check_passcode(opts, passcode);
}

size_t eid_vault_passcode_max(void) { return EID_VAULT_PASSCODE_MAX; }
uint64_t eid_vault_argon2_ops_default(void) { return EID_VAULT_ARGON2_OPS_DEFAULT; }
uint64_t eid_vault_argon2_mem_default(void) { return EID_VAULT_ARGON2_MEM_DEFAULT; }
