/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the vault header (vault.hdr), the one file of the vault
 * that is read before anything is authenticated. Parsed as it is, and with
 * its checksum made right so that the fuzzer reaches the strict field parser.
 * A header that parses encodes back to the bytes it came from. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "fuzz_common.h"
#include "vault/vault_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_INITIALIZE(fuzz_library())

static void parse(const uint8_t *buf, size_t len)
{
    vault_header h;
    eid_status st = vault_header_parse(buf, len, &h);
    if (st != EID_OK && st != EID_ERR_CORRUPT && st != EID_ERR_UNSUPPORTED_VERSION)
        abort();
    static const uint8_t zero_key[VAULT_AUTH_KEY_BYTES];
    (void)vault_header_verify(buf, len, zero_key);
    if (st != EID_OK)
        return;
    uint8_t again[VAULT_HEADER_MAX];
    size_t n = 0;
    if (vault_header_encode(&h, zero_key, again, sizeof again, &n) != EID_OK)
        abort();
    /* the MAC differs (another key); everything before it is the same */
    if (n != len || memcmp(again, buf, len - 2 * VAULT_MAC_BYTES) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse(data, size);
    if (size < VAULT_MAC_BYTES || size > VAULT_HEADER_MAX)
        return 0;
    uint8_t *fixed = malloc(size);
    memcpy(fixed, data, size);
    cry_hash(fixed + size - VAULT_MAC_BYTES, VAULT_MAC_BYTES, fixed, size - VAULT_MAC_BYTES);
    parse(fixed, size);
    free(fixed);
    return 0;
}
