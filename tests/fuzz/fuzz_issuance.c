/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the issuer side's checks of a wallet's requests, on
 * arbitrary bytes: an ActivationRequest (identity authority), an
 * IssuanceRequest and a BatchRefillRequest (document issuer), all against the
 * challenge the seeds were made with. Only a request a holder signed may
 * pass, and whatever passes fills every output. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "fuzz_common.h"

static fx world;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_INITIALIZE(fuzz_fixture(&world))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *ch = fuzz_challenge;
    size_t ch_len = sizeof fuzz_challenge;
    uint8_t key[32];
    uint32_t protection = UINT32_MAX;
    eid_status st = eid_activation_check(data, size, ch, ch_len, key, &protection);
    if (!fuzz_defined(st) || (st == EID_OK && protection == UINT32_MAX))
        abort();
    /* another challenge never passes */
    if (eid_activation_check(data, size, (const uint8_t *)"c", 1, key, &protection) == EID_OK)
        abort();

    char personal_id[13];
    memset(personal_id, 'x', sizeof personal_id);
    protection = UINT32_MAX;
    st = eid_verifier_check_issuance(world.verifier, data, size, ch, ch_len, world.now, key, &protection, personal_id);
    if (!fuzz_defined(st) || (st == EID_OK && (protection == UINT32_MAX || memchr(personal_id, 0, 13) == NULL)))
        abort();

    uint8_t keys[EID_BATCH_MAX_MEMBERS * 32];
    uint32_t doc_type = 0;
    size_t n = SIZE_MAX;
    memset(personal_id, 'x', sizeof personal_id);
    st = eid_verifier_check_refill(world.verifier, data, size, ch, ch_len, world.now, &doc_type, keys,
                                   EID_BATCH_MAX_MEMBERS, &n, &protection, personal_id);
    if (!fuzz_defined(st) ||
        (st == EID_OK && (n == 0 || n > EID_BATCH_MAX_MEMBERS || doc_type == 0 || memchr(personal_id, 0, 13) == NULL)))
        abort();
    /* a smaller buffer is never overrun: the check refuses more keys than it holds */
    st = eid_verifier_check_refill(world.verifier, data, size, ch, ch_len, world.now, &doc_type, keys, 1, &n,
                                   &protection, personal_id);
    if (st == EID_OK && n != 1)
        abort();
    return 0;
}
