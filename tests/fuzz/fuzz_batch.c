/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: arbitrary bytes as the CredentialBatch an issuer returns
 * for a refill: decoded, and imported by the wallet whose refill request is
 * outstanding. Nobody signed these members for this wallet: nothing may be
 * stored. */
#include <stdint.h>
#include <stdlib.h>

#include "credential/batch.h"
#include "fuzz_common.h"
#include "fuzz_wallet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_INITIALIZE(fuzz_wallet_init("fuzz-batch"))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    batch_view v;
    eid_status st = batch_decode(data, size, &v);
    if (!fuzz_defined(st))
        abort();
    if (st == EID_OK) {
        if (v.n_members == 0 || v.n_members > EID_BATCH_MAX_MEMBERS)
            abort();
        batch_view_free(&v);
    }
    size_t imported = 99;
    st = eid_wallet_batch_import(fuzz_world->wallet, fuzz_world->f.verifier, data, size, &imported);
    if (!fuzz_defined(st) || st == EID_OK)
        abort();
    size_t remaining = 1;
    if (eid_wallet_batch_remaining(fuzz_world->wallet, EID_DOC_DRIVING_LICENCE, &remaining, NULL) != EID_OK ||
        remaining != 0)
        abort();
    return 0;
}
