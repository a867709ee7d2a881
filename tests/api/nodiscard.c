/* SPDX-License-Identifier: Apache-2.0 */
/* Compiled, never run, by tests/api/nodiscard.cmake: with -DIGNORE=k the k-th
 * call below drops its status, which must not compile under
 * -Werror=unused-result (EID_NODISCARD); with -DIGNORE=0 every status is used
 * and it must compile. */
#include "eid/eid.h"

#define N_CALLS 20
#define USE(call)                                                                                                      \
    if ((call) != EID_OK)                                                                                              \
    return 1

#ifndef IGNORE
#define IGNORE 0
#endif

int main(void)
{
    static const uint8_t bytes[1] = {0};
    uint8_t key[32];
    uint32_t u32 = 0;
    size_t n = 0;
    char personal_id[13];
    eid_verifier *verifier = NULL;
    eid_result *result = NULL;
    eid_request_info *info = NULL;
    eid_revocation_list_name list_name;
    eid_keystore ks = {0};
    eid_vault *vault = NULL;
    eid_wallet *wallet = NULL;
    eid_bytes out = {0};
#if IGNORE == 1
    eid_init();
#else
    USE(eid_init());
#endif
#if IGNORE == 2
    eid_verifier_check_presentation(verifier, "EID1:", 0, &result);
#else
    USE(eid_verifier_check_presentation(verifier, "EID1:", 0, &result));
#endif
#if IGNORE == 3
    eid_verifier_check_credential(verifier, bytes, 1, 0, &result);
#else
    USE(eid_verifier_check_credential(verifier, bytes, 1, 0, &result));
#endif
#if IGNORE == 4
    eid_verifier_revocation_list(verifier, 0, 0, &list_name);
#else
    USE(eid_verifier_revocation_list(verifier, 0, 0, &list_name));
#endif
#if IGNORE == 5
    eid_verifier_open_request(verifier, bytes, 1, 0);
#else
    USE(eid_verifier_open_request(verifier, bytes, 1, 0));
#endif
#if IGNORE == 6
    eid_verifier_inspect_request(verifier, bytes, 1, 0, &info);
#else
    USE(eid_verifier_inspect_request(verifier, bytes, 1, 0, &info));
#endif
#if IGNORE == 7
    eid_activation_check(bytes, 1, bytes, 1, key, &u32);
#else
    USE(eid_activation_check(bytes, 1, bytes, 1, key, &u32));
#endif
#if IGNORE == 8
    eid_verifier_check_issuance(verifier, bytes, 1, bytes, 1, 0, key, &u32, personal_id);
#else
    USE(eid_verifier_check_issuance(verifier, bytes, 1, bytes, 1, 0, key, &u32, personal_id));
#endif
#if IGNORE == 9
    eid_verifier_check_refill(verifier, bytes, 1, bytes, 1, 0, &u32, key, 1, &n, &u32, personal_id);
#else
    USE(eid_verifier_check_refill(verifier, bytes, 1, bytes, 1, 0, &u32, key, 1, &n, &u32, personal_id));
#endif
#if IGNORE == 10
    eid_vault_create("dir", "123456", &ks, NULL, &vault);
#else
    USE(eid_vault_create("dir", "123456", &ks, NULL, &vault));
#endif
#if IGNORE == 11
    eid_vault_open("dir", &ks, NULL, &vault);
#else
    USE(eid_vault_open("dir", &ks, NULL, &vault));
#endif
#if IGNORE == 12
    eid_vault_unlock(vault, "123456");
#else
    USE(eid_vault_unlock(vault, "123456"));
#endif
#if IGNORE == 13
    eid_vault_change_passcode(vault, "123456", "654321");
#else
    USE(eid_vault_change_passcode(vault, "123456", "654321"));
#endif
#if IGNORE == 14
    eid_vault_rekey(vault);
#else
    USE(eid_vault_rekey(vault));
#endif
#if IGNORE == 15
    eid_vault_wipe(vault);
#else
    USE(eid_vault_wipe(vault));
#endif
#if IGNORE == 16
    eid_wallet_activate(wallet, verifier, bytes, 1);
#else
    USE(eid_wallet_activate(wallet, verifier, bytes, 1));
#endif
#if IGNORE == 17
    eid_wallet_import(wallet, verifier, bytes, 1);
#else
    USE(eid_wallet_import(wallet, verifier, bytes, 1));
#endif
#if IGNORE == 18
    eid_wallet_refresh(wallet, verifier, &n);
#else
    USE(eid_wallet_refresh(wallet, verifier, &n));
#endif
#if IGNORE == 19
    eid_wallet_present(wallet, 1, &u32, 1, NULL, 0, verifier, &out, NULL);
#else
    USE(eid_wallet_present(wallet, 1, &u32, 1, NULL, 0, verifier, &out, NULL));
#endif
#if IGNORE == 20
    eid_wallet_batch_import(wallet, verifier, bytes, 1, &n);
#else
    USE(eid_wallet_batch_import(wallet, verifier, bytes, 1, &n));
#endif
    (void)result;
    (void)info;
    return 0;
}
