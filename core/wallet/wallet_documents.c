/* SPDX-License-Identifier: Apache-2.0 */
/* Documents (eid/wallet.h): importing, deleting and listing them, reading
 * one (eid_document), and refreshing their status from the lists. */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "credential/disclosure.h"
#include "wallet/wallet_internal.h"

static eid_status import(eid_wallet *w, const eid_verifier *trust, const uint8_t *bundle, size_t len)
{
    if (trust == NULL || bundle == NULL)
        return EID_ERR_INVALID_ARG;
    stored id;
    eid_status st = wallet_require_level_2(w, &id);
    if (st != EID_OK)
        return st;
    stored fresh = {0}, old = {0};
    eid_status had = EID_ERR_NOT_FOUND;
    st = wallet_check_bundle(w, "import", trust, bundle, len, wallet_now(w), 0);
    if (st == EID_OK)
        st = bundle_decode(bundle, len, &fresh.view); /* checked above: only out of memory fails */
    const Eid__V1__CredentialPayload *p = st == EID_OK ? fresh.view.cred.payload : NULL;
    if (st == EID_OK && p->doc_type == EID_DOC_IDENTITY)
        st = wallet_fail(w, EID_ERR_INVALID_ARG, "import", "the credential is an identity: eid_wallet_activate() "
                                                           "stores it");
    if (st == EID_OK && !cry_ct_equal(p->holder_key.data, id.view.cred.payload->holder_key.data, 32))
        st = wallet_fail(w, EID_ERR_WRONG_HOLDER, "import",
                         "the credential is bound to another holder key than this wallet's");
    int same = 0;
    if (st == EID_OK)
        st = wallet_same_person(&id, &fresh, &same);
    if (st == EID_OK && !same)
        st = wallet_fail(w, EID_ERR_WRONG_HOLDER, "import",
                         "the credential's personal_id is not the one of the wallet's identity");
    if (st == EID_OK) {
        had = wallet_load(w, p->doc_type, &old);
        if (had == EID_OK) {
            const Eid__V1__CredentialPayload *q = old.view.cred.payload;
            if (old.raw.len - 1 == len && memcmp(old.raw.data + 1, bundle, len) == 0)
                st = wallet_fail(w, EID_ERR_EXISTS, "import", "the wallet holds this very %s credential",
                                 eid_doc_type_name(p->doc_type));
            else if (p->issued_on < q->issued_on ||
                     (p->issued_on == q->issued_on && p->valid_until <= q->valid_until))
                st = wallet_fail(w, EID_ERR_OLDER, "import",
                                 "the stored %s credential was issued later or is valid longer",
                                 eid_doc_type_name(p->doc_type));
        } else if (had != EID_ERR_NOT_FOUND) {
            st = had;
        }
    }
    if (st == EID_OK && had == EID_OK) { /* the old credential's batch goes with it */
        st = vault_begin(w->vault);
        if (st == EID_OK)
            st = wallet_batch_drop(w, p->doc_type, 0);
        if (st == EID_OK)
            st = wallet_save(w, p->doc_type, 0, bundle, len, p->issued_on);
        if (st == EID_OK)
            st = vault_commit(w->vault);
        else
            vault_rollback(w->vault);
    } else if (st == EID_OK) {
        st = wallet_save(w, p->doc_type, 0, bundle, len, p->issued_on); /* one statement */
    }
    if (had == EID_OK)
        wallet_stored_free(&old);
    wallet_stored_free(&fresh);
    wallet_stored_free(&id);
    return st;
}

eid_status eid_wallet_import(eid_wallet *w, const eid_verifier *trust, const uint8_t *bundle, size_t len)
{
    if (w == NULL)
        return EID_ERR_INVALID_ARG;
    return wallet_done(w, import(w, trust, bundle, len), "import");
}

eid_status eid_wallet_delete(eid_wallet *w, uint32_t doc_type)
{
    if (w == NULL || doc_type == EID_DOC_IDENTITY || eid_doc_type_name(doc_type) == NULL)
        return EID_ERR_INVALID_ARG;
    uint8_t id = (uint8_t)doc_type;
    eid_status st = vault_begin(w->vault);
    if (st == EID_OK)
        st = vault_delete(w->vault, WALLET_KIND_CREDENTIAL, &id, 1);
    if (st == EID_OK)
        st = wallet_batch_drop(w, doc_type, 1);
    if (st == EID_OK)
        st = vault_commit(w->vault);
    else
        vault_rollback(w->vault);
    return st;
}

eid_status eid_wallet_list(eid_wallet *w, uint32_t *doc_types, size_t cap, size_t *count)
{
    if (w == NULL || count == NULL || (doc_types == NULL && cap > 0))
        return EID_ERR_INVALID_ARG;
    *count = 0;
    /* identity first, then documents by doc type */
    size_t n = 0;
    stored id;
    eid_status st = wallet_load(w, EID_DOC_IDENTITY, &id);
    if (st == EID_OK) {
        if (cap > 0)
            doc_types[0] = EID_DOC_IDENTITY;
        n = 1;
        wallet_stored_free(&id);
    } else if (st != EID_ERR_NOT_FOUND) {
        return st;
    }
    for (uint32_t t = EID_DOC_DRIVING_LICENCE; t <= EID_DOC_CRIMINAL_RECORD; t++) {
        uint8_t key = (uint8_t)t;
        eid_bytes v = {0};
        st = vault_get(w->vault, WALLET_KIND_CREDENTIAL, &key, 1, &v, NULL);
        if (st == EID_ERR_NOT_FOUND)
            continue;
        if (st != EID_OK)
            return st;
        eid_bytes_free(&v);
        if (n < cap)
            doc_types[n] = t;
        n++;
    }
    *count = n;
    return EID_OK;
}

struct eid_document {
    stored s;
    int32_t today;
    disclosure_view views[MERKLE_MAX_LEAVES];
    eid_claim claims[MERKLE_MAX_LEAVES];
    size_t n_claims;
};

eid_status eid_wallet_document(eid_wallet *w, uint32_t doc_type, eid_document **out)
{
    if (out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    if (w == NULL)
        return EID_ERR_INVALID_ARG;
    eid_document *d = mem_calloc(1, sizeof *d);
    if (d == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = wallet_load(w, doc_type, &d->s);
    if (st != EID_OK) {
        mem_free(d);
        return st;
    }
    d->today = eid_day_of(wallet_now(w));
    for (uint32_t pos = 0; pos < d->s.view.leaf_count; pos++) {
        if (!(d->s.view.present_mask & (1u << pos)))
            continue;
        const ProtobufCBinaryData *b = d->s.view.disclosure[pos];
        st = disclosure_decode(b->data, b->len, &d->views[d->n_claims]);
        if (st != EID_OK) {
            eid_document_free(d);
            return st == EID_ERR_NO_MEMORY ? st : EID_ERR_CORRUPT;
        }
        d->claims[d->n_claims] = d->views[d->n_claims].claim;
        d->n_claims++;
    }
    *out = d;
    return EID_OK;
}

void eid_document_free(eid_document *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n_claims; i++)
        disclosure_view_free(&d->views[i]);
    wallet_stored_free(&d->s);
    mem_free_secret(d, sizeof *d);
}

uint32_t eid_document_doc_type(const eid_document *d) { return d ? d->s.view.cred.payload->doc_type : 0; }
uint32_t eid_document_assurance(const eid_document *d) { return d ? d->s.view.cred.payload->assurance : 0; }
int32_t eid_document_valid_from(const eid_document *d) { return d ? d->s.view.cred.payload->valid_from : 0; }
int32_t eid_document_valid_until(const eid_document *d) { return d ? d->s.view.cred.payload->valid_until : 0; }
int eid_document_revoked(const eid_document *d) { return d ? (d->s.flags & FLAG_REVOKED) != 0 : 0; }
eid_validity eid_document_validity(const eid_document *d)
{
    if (d == NULL)
        return EID_VALIDITY_EXPIRED;
    return eid_validity_of(eid_document_valid_from(d), eid_document_valid_until(d), d->today,
                             eid_document_revoked(d));
}
size_t eid_document_claim_count(const eid_document *d) { return d ? d->n_claims : 0; }

const eid_claim *eid_document_claim(const eid_document *d, size_t i)
{
    return d != NULL && i < d->n_claims ? &d->claims[i] : NULL;
}

eid_status eid_document_card(const eid_document *d, eid_language language, int reveal_sensitive, eid_card **card)
{
    if (d == NULL || card == NULL)
        return EID_ERR_INVALID_ARG;
    return eid_card_new(eid_document_doc_type(d), d->claims, d->n_claims, eid_document_valid_from(d),
                        eid_document_valid_until(d), d->today, eid_document_revoked(d), language, reveal_sensitive,
                        card);
}

static eid_status refresh(eid_wallet *w, const eid_verifier *lists, size_t *revoked)
{
    if (lists == NULL)
        return EID_ERR_INVALID_ARG;
    int64_t now = wallet_now(w);
    stored held[EID_DOC_CRIMINAL_RECORD + 1];
    uint8_t flags[EID_DOC_CRIMINAL_RECORD + 1] = {0};
    int present[EID_DOC_CRIMINAL_RECORD + 1] = {0};
    eid_status st = EID_OK;
    /* Decide everything first; write only when every credential was checked. */
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD && st == EID_OK; t++) {
        eid_status ls = wallet_load(w, t, &held[t]);
        if (ls == EID_ERR_NOT_FOUND)
            continue;
        if (ls != EID_OK) {
            st = ls;
            break;
        }
        present[t] = 1;
        flags[t] = held[t].flags;
        eid_result *r = NULL;
        /* Only the clock, trust-list and revocation checks decide a refresh, not the verdict. */
        eid_status vs = eid_verifier_check_credential(lists, held[t].raw.data + 1, held[t].raw.len - 1, now, &r);
        eid_status cs = EID_OK, clock = EID_OK, list = EID_OK;
        eid_check_outcome o = eid_result_check(r, EID_CHECK_REVOCATION, &cs);
        eid_result_check(r, EID_CHECK_CLOCK, &clock);
        eid_result_check(r, EID_CHECK_TRUST_LIST, &list);
        if (r == NULL)
            st = vs != EID_OK ? vs : EID_ERR_NO_MEMORY;
        else if (clock != EID_OK)
            st = wallet_fail(w, clock, "refresh", "checking the %s credential: %s", eid_doc_type_name(t),
                             eid_result_check_detail(r, EID_CHECK_CLOCK));
        else if (list != EID_OK)
            st = wallet_fail(w, list, "refresh", "checking the %s credential: %s", eid_doc_type_name(t),
                             eid_result_check_detail(r, EID_CHECK_TRUST_LIST));
        else if (o == EID_CHECK_FAILED && cs == EID_ERR_LIST_STALE)
            st = wallet_fail(w, EID_ERR_LIST_STALE, "refresh", "the revocation list of the %s credential: %s",
                             eid_doc_type_name(t), eid_result_check_detail(r, EID_CHECK_REVOCATION));
        else if (o == EID_CHECK_FAILED && cs == EID_ERR_REVOKED)
            flags[t] |= FLAG_REVOKED;
        else if (o == EID_CHECK_PASSED)
            flags[t] &= (uint8_t)~FLAG_REVOKED; /* an issuer may lift a suspension */
        eid_result_free(r);
    }
    if (st == EID_OK)
        st = vault_begin(w->vault);
    if (st == EID_OK) {
        for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD && st == EID_OK; t++) {
            if (!present[t])
                continue;
            if (held[t].flags != flags[t])
                st = wallet_save(w, t, flags[t], held[t].raw.data + 1, held[t].raw.len - 1,
                                 held[t].view.cred.payload->issued_on);
            if (revoked != NULL && (flags[t] & FLAG_REVOKED))
                (*revoked)++;
        }
        if (st == EID_OK)
            st = vault_commit(w->vault);
        else
            vault_rollback(w->vault);
    }
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD; t++)
        if (present[t])
            wallet_stored_free(&held[t]);
    return st;
}

eid_status eid_wallet_refresh(eid_wallet *w, const eid_verifier *lists, size_t *revoked)
{
    if (revoked != NULL)
        *revoked = 0;
    if (w == NULL)
        return EID_ERR_INVALID_ARG;
    return wallet_done(w, refresh(w, lists, revoked), "refresh");
}
