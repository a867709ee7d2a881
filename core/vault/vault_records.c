/* SPDX-License-Identifier: Apache-2.0 */
/* The records the wallet keeps in the vault (vault/vault.h): each call needs
 * an unlocked vault, then goes to the store. */
#include <string.h>

#include "vault/vault_internal.h"

eid_status vault_put(eid_vault *v, uint32_t kind, const uint8_t *id, size_t id_len, int64_t ord,
                     const uint8_t *value, size_t value_len)
{
    eid_status st = vault_need_unlocked(v);
    return st != EID_OK ? st : store_put(v->store, kind, id, id_len, ord, value, value_len);
}

eid_status vault_get(eid_vault *v, uint32_t kind, const uint8_t *id, size_t id_len, eid_bytes *value,
                     int64_t *ord)
{
    eid_status st = vault_need_unlocked(v);
    return st != EID_OK ? st : store_get(v->store, kind, id, id_len, value, ord);
}

eid_status vault_delete(eid_vault *v, uint32_t kind, const uint8_t *id, size_t id_len)
{
    eid_status st = vault_need_unlocked(v);
    return st != EID_OK ? st : store_delete(v->store, kind, id, id_len);
}

eid_status vault_delete_kind(eid_vault *v, uint32_t kind, uint64_t *deleted)
{
    eid_status st = vault_need_unlocked(v);
    return st != EID_OK ? st : store_delete_kind(v->store, kind, deleted);
}

eid_status vault_count(eid_vault *v, uint32_t kind, uint64_t *count)
{
    eid_status st = vault_need_unlocked(v);
    if (st == EID_OK && count == NULL)
        st = EID_ERR_INVALID_ARG;
    return st != EID_OK ? st : store_count(v->store, kind, count);
}

eid_status vault_list(eid_vault *v, uint32_t kind, store_visit_fn fn, void *ctx)
{
    eid_status st = vault_need_unlocked(v);
    return st != EID_OK ? st : store_list(v->store, kind, fn, ctx);
}

eid_status vault_begin(eid_vault *v)
{
    eid_status st = vault_need_unlocked(v);
    return st != EID_OK ? st : store_begin(v->store);
}

eid_status vault_commit(eid_vault *v)
{
    eid_status st = vault_need_unlocked(v);
    return st != EID_OK ? st : store_commit(v->store);
}

void vault_rollback(eid_vault *v)
{
    if (vault_need_unlocked(v) == EID_OK) {
        store_rollback(v->store);
        /* A holder key made in the transaction is gone: forget its copy. */
        vault_secure_drop(&v->holder_sk, CRY_SIGN_SECRET_BYTES);
        memset(v->holder_pk, 0, sizeof v->holder_pk);
    }
}

eid_status vault_checkpoint_truncate(eid_vault *v)
{
    eid_status st = vault_need_unlocked(v);
    return st != EID_OK ? st : store_checkpoint_truncate(v->store);
}

eid_status vault_integrity_check(eid_vault *v)
{
    eid_status st = vault_need_unlocked(v);
    return st != EID_OK ? st : store_integrity_check(v->store);
}

eid_status vault_kdf_params(const eid_vault *v, uint64_t *ops, uint64_t *mem)
{
    if (v == NULL || v->wiped)
        return EID_ERR_INVALID_ARG;
    const vault_slot *s = &v->hdr.slot[vault_active_index(&v->hdr)];
    *ops = s->ops;
    *mem = s->mem;
    return EID_OK;
}

eid_status vault_store_settings(const eid_vault *v, store_settings *out)
{
    eid_status st = vault_need_unlocked(v);
    if (st == EID_OK)
        store_settings_of(v->store, out);
    return st;
}
