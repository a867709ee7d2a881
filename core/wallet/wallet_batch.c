/* SPDX-License-Identifier: Apache-2.0 */
/* Batches (eid/wallet.h): single-use credentials of one document, their
 * refill requests and imports, and what remains. Each member is kept with the
 * holder key it is bound to; a used member goes with its key. */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "credential/activation.h"
#include "credential/batch.h"
#include "wallet/wallet_internal.h"

static eid_status visit_member(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *value,
                               size_t len)
{
    member_list *l = ctx;
    if (id_len != MEMBER_ID_BYTES || len < 1 || (size_t)value[0] > RP_ID_MAX || len < 1u + value[0])
        return EID_ERR_CORRUPT;
    if (l->doc_type != 0 && id[0] != l->doc_type)
        return EID_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        member *m = mem_realloc_secret(l->m, l->cap * sizeof *m, cap * sizeof *m);
        if (m == NULL)
            return EID_ERR_NO_MEMORY;
        l->m = m;
        l->cap = cap;
    }
    member *m = &l->m[l->n++];
    memcpy(m->public_key, id + 1, 32);
    m->valid_until = (int32_t)ord;
    m->tag_len = value[0];
    memcpy(m->tag, value + 1, value[0]);
    m->tag[value[0]] = '\0';
    return EID_OK;
}

eid_status wallet_members_of(eid_wallet *w, uint32_t doc_type, member_list *l)
{
    memset(l, 0, sizeof *l);
    l->doc_type = doc_type;
    eid_status st = vault_list(w->vault, WALLET_KIND_BATCH, visit_member, l);
    if (st != EID_OK) {
        mem_free_secret(l->m, l->cap * sizeof *l->m);
        memset(l, 0, sizeof *l);
    }
    return st;
}

void wallet_member_id(uint32_t doc_type, const uint8_t public_key[32], uint8_t id[MEMBER_ID_BYTES])
{
    id[0] = (uint8_t)doc_type;
    memcpy(id + 1, public_key, 32);
}

eid_status wallet_member_delete(eid_wallet *w, uint32_t doc_type, const uint8_t public_key[32])
{
    uint8_t id[MEMBER_ID_BYTES];
    wallet_member_id(doc_type, public_key, id);
    eid_status st = vault_delete(w->vault, WALLET_KIND_BATCH, id, sizeof id);
    if (st == EID_OK) {
        st = vault_holder_key_delete(w->vault, public_key);
        if (st == EID_ERR_NOT_FOUND)
            st = EID_OK;
    }
    return st;
}

/* Deletes the keys of an outstanding refill request for doc_type, except
 * those in keep[0..n_keep) (inside the caller's transaction). */
static eid_status pending_drop(eid_wallet *w, uint32_t doc_type, const uint8_t *keep, size_t n_keep)
{
    uint8_t id = (uint8_t)doc_type;
    eid_bytes v = {0};
    eid_status st = vault_get(w->vault, WALLET_KIND_BATCH_PENDING, &id, 1, &v, NULL);
    if (st == EID_ERR_NOT_FOUND)
        return EID_OK;
    if (st != EID_OK)
        return st;
    for (size_t i = 0; i + 32 <= v.len && st == EID_OK; i += 32) {
        int kept = 0;
        for (size_t k = 0; k < n_keep && !kept; k++)
            kept = memcmp(v.data + i, keep + 32 * k, 32) == 0;
        if (!kept) {
            st = vault_holder_key_delete(w->vault, v.data + i);
            if (st == EID_ERR_NOT_FOUND)
                st = EID_OK;
        }
    }
    if (st == EID_OK)
        st = vault_delete(w->vault, WALLET_KIND_BATCH_PENDING, &id, 1);
    eid_bytes_free(&v);
    return st;
}

eid_status wallet_batch_drop(eid_wallet *w, uint32_t doc_type, int marker)
{
    member_list l;
    eid_status st = wallet_members_of(w, doc_type, &l);
    for (size_t i = 0; i < l.n && st == EID_OK; i++)
        st = wallet_member_delete(w, doc_type, l.m[i].public_key);
    mem_free_secret(l.m, l.cap * sizeof *l.m);
    if (st == EID_OK)
        st = pending_drop(w, doc_type, NULL, 0);
    if (st == EID_OK && marker) {
        uint8_t id = (uint8_t)doc_type;
        st = vault_delete(w->vault, WALLET_KIND_BATCH_META, &id, 1);
        if (st == EID_ERR_NOT_FOUND)
            st = EID_OK;
    }
    return st;
}

eid_status eid_wallet_refill_request(eid_wallet *w, uint32_t doc_type, const uint8_t *challenge,
                                     size_t challenge_len, eid_bytes *request)
{
    if (request != NULL)
        *request = (eid_bytes){0};
    if (w == NULL || challenge == NULL || request == NULL || eid_doc_type_name(doc_type) == NULL)
        return EID_ERR_INVALID_ARG;
    stored id, doc;
    eid_status st = wallet_require_level_2(w, &id);
    if (st != EID_OK)
        return st;
    st = wallet_load(w, doc_type, &doc);
    if (st != EID_OK) {
        wallet_stored_free(&id);
        return st;
    }
    if (doc.flags & FLAG_REVOKED)
        st = EID_ERR_REVOKED;
    size_t n = w->opt.batch_size;
    uint8_t keys[EID_BATCH_MAX_MEMBERS * 32];
    if (st == EID_OK)
        st = vault_begin(w->vault);
    int in_txn = st == EID_OK;
    if (st == EID_OK) {
        st = pending_drop(w, doc_type, NULL, 0);
        for (size_t i = 0; i < n && st == EID_OK; i++)
            st = vault_holder_key_new(w->vault, keys + 32 * i);
        uint8_t key = (uint8_t)doc_type;
        if (st == EID_OK)
            st = vault_put(w->vault, WALLET_KIND_BATCH_PENDING, &key, 1, 0, keys, 32 * n);
    }
    /* The new keys are kept only with the request they went into: a failed
     * call leaves the vault (and the previous request's keys) as they were. */
    if (st == EID_OK) {
        identity_for_issuer shown;
        wallet_identity_for_issuer(&id, &shown);
        vault_signer signer = {w->vault, shown.holder_key};
        vault_signer signers[EID_BATCH_MAX_MEMBERS];
        void *ctx[EID_BATCH_MAX_MEMBERS];
        for (size_t i = 0; i < n; i++) {
            signers[i] = (vault_signer){w->vault, keys + 32 * i};
            ctx[i] = &signers[i];
        }
        eid_bytes issuance = {0};
        st = issuance_build_keys(wallet_sign_in_vault, &signer, wallet_sign_in_vault, ctx,
                                 id.view.msg->credential.data, id.view.msg->credential.len, shown.disclosures,
                                 shown.n_disclosures, (const uint8_t *)shown.proof,
                                 shown.n_proof * MERKLE_NODE_BYTES, keys, n, w->opt.key_protection, doc_type,
                                 challenge, challenge_len, &issuance);
        if (st == EID_OK)
            st = batch_refill_wrap(issuance.data, issuance.len, request);
        eid_bytes_free(&issuance);
    }
    if (in_txn && st == EID_OK) {
        st = vault_commit(w->vault);
        if (st != EID_OK)
            eid_bytes_free(request);
    } else if (in_txn) {
        vault_rollback(w->vault);
    }
    wallet_stored_free(&doc);
    wallet_stored_free(&id);
    return st;
}

int wallet_same_claims(const bundle_view *a, const bundle_view *b)
{
    if (a->present_mask != b->present_mask || a->leaf_count != b->leaf_count)
        return 0;
    for (uint32_t pos = 0; pos < a->leaf_count; pos++) {
        if (!(a->present_mask & (1u << pos)))
            continue;
        const ProtobufCBinaryData *x = a->disclosure[pos], *y = b->disclosure[pos];
        if (x->len != y->len || x->len < 18 || memcmp(x->data + 18, y->data + 18, x->len - 18) != 0)
            return 0;
    }
    return 1;
}

static eid_status batch_import(eid_wallet *w, const eid_verifier *trust, const uint8_t *batch, size_t len,
                               size_t *imported)
{
    if (trust == NULL || batch == NULL)
        return EID_ERR_INVALID_ARG;
    stored id, doc;
    eid_status st = wallet_require_level_2(w, &id);
    if (st != EID_OK)
        return st;
    batch_view bv;
    st = batch_decode(batch, len, &bv);
    if (st != EID_OK) {
        wallet_stored_free(&id);
        return st == EID_ERR_TOO_LARGE || st == EID_ERR_NO_MEMORY ? st : EID_ERR_FORMAT;
    }
    uint32_t doc_type = bv.doc_type;
    st = wallet_load(w, doc_type, &doc);
    if (st != EID_OK) {
        if (st == EID_ERR_NOT_FOUND)
            wallet_fail(w, st, "batch import", "the wallet holds no %s credential of record",
                        eid_doc_type_name(doc_type));
        batch_view_free(&bv);
        wallet_stored_free(&id);
        return st;
    }
    eid_bytes pending = {0};
    uint8_t key = (uint8_t)doc_type;
    st = vault_get(w->vault, WALLET_KIND_BATCH_PENDING, &key, 1, &pending, NULL);
    if (st == EID_ERR_NOT_FOUND)
        st = wallet_fail(w, EID_ERR_STATE, "batch import", "no refill request is outstanding for the %s",
                         eid_doc_type_name(doc_type));
    uint8_t used[EID_BATCH_MAX_MEMBERS * 32];
    int32_t until[EID_BATCH_MAX_MEMBERS];
    uint8_t taken[EID_BATCH_MAX_MEMBERS] = {0};
    int64_t now = wallet_now(w);
    for (size_t i = 0; i < bv.n_members && st == EID_OK; i++) {
        const ProtobufCBinaryData *m = &bv.members[i];
        st = wallet_check_bundle(w, "batch import", trust, m->data, m->len, now, 0);
        stored fresh = {0};
        int same = 0;
        if (st == EID_OK)
            st = bundle_decode(m->data, m->len, &fresh.view); /* checked above: only out of memory fails */
        if (st != EID_OK)
            break;
        const Eid__V1__CredentialPayload *p = fresh.view.cred.payload;
        size_t k = pending.len / 32;
        for (size_t j = 0; j < pending.len / 32; j++)
            if (memcmp(pending.data + 32 * j, p->holder_key.data, 32) == 0)
                k = j;
        if (p->doc_type != doc_type)
            st = wallet_fail(w, EID_ERR_FORMAT, "batch import", "member %zu is a %s, the batch a %s", i,
                             eid_doc_type_name(p->doc_type), eid_doc_type_name(doc_type));
        else if (k == pending.len / 32 || taken[k])
            st = wallet_fail(w, EID_ERR_WRONG_HOLDER, "batch import",
                             "member %zu is bound to a key the refill request did not ask for, or to one "
                             "another member uses", i);
        else if ((st = wallet_same_person(&id, &fresh, &same)) != EID_OK)
            ;
        else if (!same)
            st = wallet_fail(w, EID_ERR_WRONG_HOLDER, "batch import",
                             "member %zu's personal_id is not the one of the wallet's identity", i);
        else if (!wallet_same_claims(&doc.view, &fresh.view))
            st = wallet_fail(w, EID_ERR_INVALID_CLAIM, "batch import",
                             "member %zu carries other claims than the credential of record", i);
        if (st == EID_OK) {
            taken[k] = 1;
            memcpy(used + 32 * i, p->holder_key.data, 32);
            until[i] = p->valid_until;
        }
        wallet_stored_free(&fresh);
    }
    if (st == EID_OK)
        st = vault_begin(w->vault);
    if (st == EID_OK) {
        for (size_t i = 0; i < bv.n_members && st == EID_OK; i++) {
            const ProtobufCBinaryData *m = &bv.members[i];
            uint8_t *value = mem_alloc(m->len + 1);
            if (value == NULL) {
                st = EID_ERR_NO_MEMORY;
                break;
            }
            value[0] = 0; /* no relying party tag yet */
            memcpy(value + 1, m->data, m->len);
            uint8_t mid[MEMBER_ID_BYTES];
            wallet_member_id(doc_type, used + 32 * i, mid);
            st = vault_put(w->vault, WALLET_KIND_BATCH, mid, sizeof mid, until[i], value, m->len + 1);
            mem_free_secret(value, m->len + 1);
        }
        if (st == EID_OK)
            st = pending_drop(w, doc_type, used, bv.n_members);
        static const uint8_t marker = 1;
        if (st == EID_OK)
            st = vault_put(w->vault, WALLET_KIND_BATCH_META, &key, 1, 0, &marker, 1);
        if (st == EID_OK)
            st = vault_commit(w->vault);
        else
            vault_rollback(w->vault);
    }
    if (st == EID_OK && imported != NULL)
        *imported = bv.n_members;
    eid_bytes_free(&pending);
    batch_view_free(&bv);
    wallet_stored_free(&doc);
    wallet_stored_free(&id);
    return st;
}

eid_status eid_wallet_batch_import(eid_wallet *w, const eid_verifier *trust, const uint8_t *batch, size_t len,
                                   size_t *imported)
{
    if (imported != NULL)
        *imported = 0;
    if (w == NULL)
        return EID_ERR_INVALID_ARG;
    return wallet_done(w, batch_import(w, trust, batch, len, imported), "batch import");
}

int wallet_member_usable(const member *m, int32_t today) { return m->tag_len == 0 && m->valid_until >= today; }

eid_status eid_wallet_batch_remaining(eid_wallet *w, uint32_t doc_type, size_t *remaining, int *refill_due)
{
    if (remaining != NULL)
        *remaining = 0;
    if (refill_due != NULL)
        *refill_due = 0;
    if (w == NULL || remaining == NULL || eid_doc_type_name(doc_type) == NULL)
        return EID_ERR_INVALID_ARG;
    member_list l;
    eid_status st = wallet_members_of(w, doc_type, &l);
    if (st != EID_OK)
        return st;
    int32_t today = eid_day_of(wallet_now(w));
    size_t n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += wallet_member_usable(&l.m[i], today);
    mem_free_secret(l.m, l.cap * sizeof *l.m);
    *remaining = n;
    if (refill_due != NULL)
        *refill_due = n <= w->opt.batch_low_water;
    return EID_OK;
}

eid_status wallet_member_load(eid_wallet *w, uint32_t doc_type, const uint8_t pk[32], stored *s)
{
    memset(s, 0, sizeof *s);
    uint8_t id[MEMBER_ID_BYTES];
    wallet_member_id(doc_type, pk, id);
    eid_status st = vault_get(w->vault, WALLET_KIND_BATCH, id, sizeof id, &s->raw, NULL);
    if (st != EID_OK)
        return st;
    size_t skip = s->raw.len > 0 ? 1u + s->raw.data[0] : 1;
    st = s->raw.len <= skip ? EID_ERR_CORRUPT : bundle_decode(s->raw.data + skip, s->raw.len - skip, &s->view);
    if (st != EID_OK) {
        eid_bytes_free(&s->raw);
        return st == EID_ERR_NO_MEMORY ? st : EID_ERR_CORRUPT;
    }
    return EID_OK;
}
