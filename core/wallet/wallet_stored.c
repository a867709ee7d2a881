/* SPDX-License-Identifier: Apache-2.0 */
/* The wallet's stored credentials (wallet/wallet_internal.h): loading and
 * saving the credential of record, comparing holders, checking a bundle
 * before it is kept, and signing with a holder key inside the vault. */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "credential/disclosure.h"
#include "wallet/wallet_internal.h"

int64_t wallet_now(const eid_wallet *w)
{
    return w->opt.clock ? w->opt.clock(w->opt.clock_ctx) : eid_system_clock(NULL);
}

void wallet_stored_free(stored *s)
{
    bundle_view_free(&s->view);
    eid_bytes_free(&s->raw);
}

eid_status wallet_load(eid_wallet *w, uint32_t doc_type, stored *s)
{
    memset(s, 0, sizeof *s);
    uint8_t id = (uint8_t)doc_type;
    eid_status st = vault_get(w->vault, WALLET_KIND_CREDENTIAL, &id, 1, &s->raw, NULL);
    if (st != EID_OK)
        return st;
    st = s->raw.len < 2 ? EID_ERR_CORRUPT : bundle_decode(s->raw.data + 1, s->raw.len - 1, &s->view);
    if (st != EID_OK) {
        eid_bytes_free(&s->raw);
        return st == EID_ERR_NO_MEMORY ? st : EID_ERR_CORRUPT;
    }
    s->flags = s->raw.data[0];
    return EID_OK;
}

eid_status wallet_save(eid_wallet *w, uint32_t doc_type, uint8_t flags, const uint8_t *bundle, size_t len,
                       int32_t issued_on)
{
    uint8_t *value = mem_alloc(len + 1);
    if (value == NULL)
        return EID_ERR_NO_MEMORY;
    value[0] = flags;
    memcpy(value + 1, bundle, len);
    uint8_t id = (uint8_t)doc_type;
    eid_status st = vault_put(w->vault, WALLET_KIND_CREDENTIAL, &id, 1, issued_on, value, len + 1);
    mem_free_secret(value, len + 1);
    return st;
}

/* The personal_id disclosure of a bundle, or NULL (*st: EID_ERR_NO_MEMORY
 * when it could not be decoded for lack of memory). */
static const ProtobufCBinaryData *personal_id_of(const stored *s, disclosure_view *dv, eid_status *st)
{
    if (!(s->view.present_mask & 1u))
        return NULL;
    eid_status d = disclosure_decode(s->view.disclosure[0]->data, s->view.disclosure[0]->len, dv);
    if (d == EID_ERR_NO_MEMORY)
        *st = d;
    if (d != EID_OK)
        return NULL;
    return &dv->msg->value->text;
}

eid_status wallet_same_person(const stored *a, const stored *b, int *same)
{
    disclosure_view da, db;
    eid_status st = EID_OK;
    const ProtobufCBinaryData *pa = personal_id_of(a, &da, &st), *pb = personal_id_of(b, &db, &st);
    *same = pa != NULL && pb != NULL && pa->len == pb->len && memcmp(pa->data, pb->data, pa->len) == 0;
    if (pa)
        disclosure_view_free(&da);
    if (pb)
        disclosure_view_free(&db);
    return st;
}

eid_status wallet_sign_in_vault(void *ctx, const char *context, const uint8_t *msg, size_t len, uint8_t sig[64])
{
    vault_signer *s = ctx;
    return vault_holder_sign(s->vault, s->public_key, context, msg, len, sig);
}

eid_status wallet_check_bundle(eid_wallet *w, const char *what, const eid_verifier *trust, const uint8_t *bundle,
                               size_t len, int64_t now, int allow_level_1)
{
    eid_result *r = NULL;
    eid_status st = eid_verifier_check_credential(trust, bundle, len, now, &r);
    if (st == EID_ERR_WRONG_LEVEL && allow_level_1 && eid_result_assurance(r) == 1) {
        st = EID_OK; /* the only failure may be the assurance check */
        for (int c = 0; c < EID_CHECK_COUNT; c++)
            if (c != EID_CHECK_ASSURANCE && eid_result_check(r, (eid_check)c, NULL) == EID_CHECK_FAILED)
                st = EID_ERR_WRONG_LEVEL;
    }
    for (int c = 0; st != EID_OK && r != NULL && c < EID_CHECK_COUNT; c++)
        if (eid_result_check(r, (eid_check)c, NULL) == EID_CHECK_FAILED) {
            /* check details never hold claim values (eid/verifier.h) */
            wallet_fail(w, st, what, "the credential failed the %s check: %s", eid_check_name((eid_check)c),
                        eid_result_check_detail(r, (eid_check)c));
            break;
        }
    eid_result_free(r);
    return st;
}

eid_status wallet_require_level_2(eid_wallet *w, stored *id)
{
    eid_status st = wallet_load(w, EID_DOC_IDENTITY, id);
    if (st == EID_ERR_NOT_FOUND)
        return EID_ERR_WRONG_LEVEL;
    if (st != EID_OK)
        return st;
    if (id->flags & FLAG_REVOKED)
        st = EID_ERR_IDENTITY_REVOKED;
    else if (id->view.cred.payload->assurance < 2)
        st = EID_ERR_WRONG_LEVEL;
    if (st != EID_OK)
        wallet_stored_free(id);
    return st;
}

void wallet_identity_for_issuer(const stored *id, identity_for_issuer *out)
{
    const uint32_t mask = 0x7; /* personal_id, full_name, birth_date */
    out->n_disclosures = 0;
    for (uint32_t pos = 0; pos < 3; pos++)
        if (id->view.present_mask & (1u << pos))
            out->disclosures[out->n_disclosures++] = *id->view.disclosure[pos];
    out->n_proof = merkle_proof((const merkle_node *)id->view.leaves, id->view.leaf_count,
                                mask & id->view.present_mask, out->proof);
    memcpy(out->holder_key, id->view.cred.payload->holder_key.data, 32);
}
