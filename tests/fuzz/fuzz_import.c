/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: arbitrary bytes as a credential bundle handed to a
 * wallet: imported as a document by a level-2 wallet, and as the identity by
 * a wallet waiting for its activation. Nobody signed these bytes for these
 * wallets, so nothing may be stored, and the wallet still holds its licence. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "fuzz_wallet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_INITIALIZE(fuzz_wallet_init("fuzz-import"))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eid_wallet *w = fuzz_world->wallet;
    eid_status st = eid_wallet_import(w, fuzz_world->f.verifier, data, size);
    if (!fuzz_defined(st) || st == EID_OK)
        abort();
    st = eid_wallet_activate(fuzz_fresh, fuzz_world->f.verifier, data, size);
    if (!fuzz_defined(st) || st == EID_OK)
        abort();
    uint32_t level = 0;
    if (eid_wallet_level(fuzz_fresh, &level) != EID_OK || level != 0)
        abort();
    uint8_t fp[EID_CREDENTIAL_FINGERPRINT_BYTES];
    if (!fuzz_defined(eid_credential_fingerprint(data, size, fp)))
        abort();
    return 0;
}
