/* SPDX-License-Identifier: Apache-2.0 */
/* The level-2 wallet (eid/wallet.h): its lifecycle, its level, and
 * activation (the holder key, the identity, the issuance request).
 *
 * The wallet is split by job: wallet.c (this file), wallet_documents.c
 * (documents and refresh), wallet_present.c (presenting and the audit log),
 * wallet_batch.c (batches of single-use credentials), over wallet_stored.c
 * (the stored credentials). wallet_internal.h lists the records. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "credential/activation.h"
#include "wallet/wallet_internal.h"

#define BATCH_DEFAULT_LOW_WATER 4
#define HOLDER_ID "holder"

eid_status eid_wallet_options_default(eid_wallet_options *o, uint32_t version)
{
    if (o == NULL || version != EID_WALLET_OPTIONS_VERSION)
        return EID_ERR_INVALID_ARG;
    memset(o, 0, sizeof *o);
    o->version = version;
    o->audit_retention = 365 * 86400;
    o->device_label = "libeid";
    o->batch_size = EID_BATCH_DEFAULT_MEMBERS;
    o->batch_low_water = BATCH_DEFAULT_LOW_WATER;
    return EID_OK;
}

/* ---- lifecycle ---------------------------------------------------------------------- */

eid_status eid_wallet_new(eid_vault *vault, const eid_wallet_options *options, eid_wallet **out)
{
    if (out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    if (vault == NULL || (options != NULL && options->version != EID_WALLET_OPTIONS_VERSION))
        return EID_ERR_INVALID_ARG;
    if (!eid_vault_is_unlocked(vault))
        return EID_ERR_LOCKED;
    eid_wallet *w = mem_calloc(1, sizeof *w);
    if (w == NULL)
        return EID_ERR_NO_MEMORY;
    w->vault = vault;
    if (options != NULL)
        w->opt = *options;
    else
        (void)eid_wallet_options_default(&w->opt, EID_WALLET_OPTIONS_VERSION);
    if (w->opt.device_label == NULL)
        w->opt.device_label = "libeid";
    if (w->opt.batch_size == 0) /* options from before batches: their defaults */
        w->opt.batch_size = EID_BATCH_DEFAULT_MEMBERS;
    if (w->opt.key_protection > EID_KEY_PROTECTION_STRONGBOX || w->opt.audit_retention <= 0 ||
        w->opt.batch_size > EID_BATCH_MAX_MEMBERS || w->opt.batch_policy > EID_BATCH_PER_RELYING_PARTY ||
        (w->opt.batch_reuse_when_empty != 0 && w->opt.batch_reuse_when_empty != 1)) {
        mem_free(w);
        return EID_ERR_INVALID_ARG;
    }
    eid_status st = wallet_audit_purge(w);
    if (st != EID_OK) {
        mem_free(w);
        return st;
    }
    *out = w;
    return EID_OK;
}

void eid_wallet_free(eid_wallet *w) { mem_free(w); }

/* ---- the last error ------------------------------------------------------------------ */

const char *eid_wallet_last_error(const eid_wallet *w) { return w == NULL ? "" : w->last_error; }

eid_status wallet_fail(eid_wallet *w, eid_status st, const char *what, const char *fmt, ...)
{
    if (st == EID_OK)
        return st;
    int n = snprintf(w->last_error, sizeof w->last_error, "%s: ", what);
    if (n > 0 && (size_t)n < sizeof w->last_error) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(w->last_error + n, sizeof w->last_error - (size_t)n, fmt, ap);
        va_end(ap);
    }
    w->noted = 1;
    return st;
}

eid_status wallet_done(eid_wallet *w, eid_status st, const char *what)
{
    if (st != EID_OK && !w->noted) {
        const char *vault = eid_vault_last_error(w->vault);
        if (st >= EID_ERR_LOCKED && vault[0] != '\0') /* the vault, the keystore or the system */
            wallet_fail(w, st, what, "%s (vault: %s)", eid_status_name(st), vault);
        else
            wallet_fail(w, st, what, "%s", eid_status_name(st));
    }
    w->noted = 0;
    return st;
}

eid_status eid_wallet_level(eid_wallet *w, uint32_t *level)
{
    if (w == NULL || level == NULL)
        return EID_ERR_INVALID_ARG;
    *level = 0;
    stored id;
    eid_status st = wallet_load(w, EID_DOC_IDENTITY, &id);
    if (st == EID_ERR_NOT_FOUND)
        return EID_OK;
    if (st != EID_OK)
        return st;
    if (!(id.flags & FLAG_REVOKED))
        *level = id.view.cred.payload->assurance;
    wallet_stored_free(&id);
    return EID_OK;
}

/* ---- activation -------------------------------------------------------------------------- */

static eid_status holder_key(eid_wallet *w, uint8_t pk[32])
{
    eid_bytes v = {0};
    eid_status st = vault_get(w->vault, WALLET_KIND_HOLDER, (const uint8_t *)HOLDER_ID, strlen(HOLDER_ID), &v, NULL);
    if (st != EID_OK)
        return st;
    if (v.len != 32) {
        eid_bytes_free(&v);
        return EID_ERR_CORRUPT;
    }
    memcpy(pk, v.data, 32);
    eid_bytes_free(&v);
    return EID_OK;
}

eid_status eid_wallet_activation_request(eid_wallet *w, const uint8_t *challenge, size_t challenge_len,
                                         eid_bytes *request)
{
    if (request != NULL)
        *request = (eid_bytes){0};
    if (w == NULL || challenge == NULL || request == NULL)
        return EID_ERR_INVALID_ARG;
    uint8_t pk[32];
    eid_status st = holder_key(w, pk);
    if (st != EID_OK && st != EID_ERR_NOT_FOUND)
        return st;
    /* The first request makes the holder key: it is kept only when the
     * request could be built, so a failed call leaves the vault as it was. */
    int fresh = st == EID_ERR_NOT_FOUND;
    if (fresh) {
        st = vault_begin(w->vault);
        if (st == EID_OK)
            st = vault_holder_key_new(w->vault, pk);
        if (st == EID_OK)
            st = vault_put(w->vault, WALLET_KIND_HOLDER, (const uint8_t *)HOLDER_ID, strlen(HOLDER_ID), 0, pk, 32);
    }
    if (st == EID_OK) {
        vault_signer signer = {w->vault, pk};
        st = activation_build(wallet_sign_in_vault, &signer, pk, w->opt.key_protection, w->opt.device_label,
                              challenge, challenge_len, request);
    }
    if (fresh && st == EID_OK) {
        st = vault_commit(w->vault);
        if (st != EID_OK)
            eid_bytes_free(request);
    } else if (fresh) {
        vault_rollback(w->vault);
    }
    return st;
}

static eid_status activate(eid_wallet *w, const eid_verifier *trust, const uint8_t *bundle, size_t len)
{
    if (trust == NULL || bundle == NULL)
        return EID_ERR_INVALID_ARG;
    uint8_t pk[32];
    eid_status st = holder_key(w, pk);
    if (st == EID_ERR_NOT_FOUND)
        return wallet_fail(w, EID_ERR_STATE, "activate", "no activation request was made on this wallet");
    if (st != EID_OK)
        return st;
    st = wallet_check_bundle(w, "activate", trust, bundle, len, wallet_now(w), 1);
    if (st != EID_OK)
        return st;
    stored fresh = {0};
    if ((st = bundle_decode(bundle, len, &fresh.view)) != EID_OK)
        return st; /* checked above: only out of memory fails */
    const Eid__V1__CredentialPayload *p = fresh.view.cred.payload;
    if (p->doc_type != EID_DOC_IDENTITY)
        st = wallet_fail(w, EID_ERR_INVALID_ARG, "activate", "the credential is a %s, not an identity",
                         eid_doc_type_name(p->doc_type));
    else if (!cry_ct_equal(p->holder_key.data, pk, 32))
        st = wallet_fail(w, EID_ERR_WRONG_HOLDER, "activate",
                         "the credential is bound to another holder key than this wallet's");
    stored old;
    eid_status had = st == EID_OK ? wallet_load(w, EID_DOC_IDENTITY, &old) : EID_ERR_NOT_FOUND;
    if (st == EID_OK && had != EID_OK && had != EID_ERR_NOT_FOUND)
        st = had;
    int same = 1;
    if (st == EID_OK && had == EID_OK)
        st = wallet_same_person(&old, &fresh, &same);
    if (st == EID_OK)
        st = vault_begin(w->vault);
    if (st == EID_OK) {
        if (had == EID_OK && !same) /* another citizen: their documents go */
            for (uint32_t t = EID_DOC_DRIVING_LICENCE; t <= EID_DOC_CRIMINAL_RECORD && st == EID_OK; t++) {
                uint8_t id = (uint8_t)t;
                st = vault_delete(w->vault, WALLET_KIND_CREDENTIAL, &id, 1);
                if (st == EID_ERR_NOT_FOUND)
                    st = EID_OK;
                if (st == EID_OK)
                    st = wallet_batch_drop(w, t, 1);
            }
        if (st == EID_OK && had == EID_OK) /* members of the old identity go with it */
            st = wallet_batch_drop(w, EID_DOC_IDENTITY, 0);
        if (st == EID_OK)
            st = wallet_save(w, EID_DOC_IDENTITY, 0, bundle, len, p->issued_on);
        if (st == EID_OK)
            st = vault_commit(w->vault);
        else
            vault_rollback(w->vault);
    }
    if (had == EID_OK)
        wallet_stored_free(&old);
    wallet_stored_free(&fresh);
    return st;
}

eid_status eid_wallet_activate(eid_wallet *w, const eid_verifier *trust, const uint8_t *bundle, size_t len)
{
    if (w == NULL)
        return EID_ERR_INVALID_ARG;
    return wallet_done(w, activate(w, trust, bundle, len), "activate");
}

eid_status eid_wallet_issuance_request(eid_wallet *w, const uint8_t *challenge, size_t challenge_len,
                                       eid_bytes *request)
{
    if (request != NULL)
        *request = (eid_bytes){0};
    if (w == NULL || challenge == NULL || request == NULL)
        return EID_ERR_INVALID_ARG;
    stored id;
    eid_status st = wallet_require_level_2(w, &id);
    if (st != EID_OK)
        return st;
    identity_for_issuer shown;
    wallet_identity_for_issuer(&id, &shown);
    vault_signer signer = {w->vault, shown.holder_key};
    st = issuance_build(wallet_sign_in_vault, &signer, wallet_sign_in_vault, &signer, id.view.msg->credential.data,
                        id.view.msg->credential.len, shown.disclosures, shown.n_disclosures,
                        (const uint8_t *)shown.proof, shown.n_proof * MERKLE_NODE_BYTES, shown.holder_key,
                        w->opt.key_protection, challenge, challenge_len, request);
    wallet_stored_free(&id);
    return st;
}
