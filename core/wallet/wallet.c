/* The level-2 wallet (eid/wallet.h) over the vault's typed records:
 *   holder key     kind WALLET_KIND_HOLDER, id "holder": the 32-byte public key
 *   credentials    kind WALLET_KIND_CREDENTIAL, id = doc type (1 byte),
 *                  ord = issued_on, value = flags (1 byte) || bundle
 *   audit log      kind WALLET_KIND_AUDIT, id = 8 random bytes,
 *                  ord = minutes since 1970 << 20 | entries at that moment (keeps order),
 *                  value = doc type (1) || claims bit set (4, LE) || relying party id
 *   batch members  kind WALLET_KIND_BATCH, id = doc type (1) || holder public key (32),
 *                  ord = last valid day, value = tag length (1) || relying party tag || bundle
 *                  (the tag is set only under EID_BATCH_PER_RELYING_PARTY)
 *   refill keys    kind WALLET_KIND_BATCH_PENDING, id = doc type (1), value = public keys (32 each)
 *                  of the outstanding refill request
 *   batch marker   kind WALLET_KIND_BATCH_META, id = doc type (1), value = 1 byte (version):
 *                  the document is served by batches (present never falls back silently)
 * Level, states and claims are always derived from the stored bundles. */
#include <stdlib.h>
#include <string.h>

#include "credential/activation.h"
#include "credential/batch.h"
#include "credential/credential.h"
#include "credential/disclosure.h"
#include "present/presentation.h"
#include "wallet/vault.h"
#include "eid/wallet.h"

#define WALLET_KIND_HOLDER (VAULT_KIND_USER_MIN + 0)
#define WALLET_KIND_CREDENTIAL (VAULT_KIND_USER_MIN + 1)
#define WALLET_KIND_AUDIT (VAULT_KIND_USER_MIN + 2)
#define WALLET_KIND_BATCH (VAULT_KIND_USER_MIN + 3)
#define WALLET_KIND_BATCH_PENDING (VAULT_KIND_USER_MIN + 4)
#define WALLET_KIND_BATCH_META (VAULT_KIND_USER_MIN + 5)
#define BATCH_DEFAULT_LOW_WATER 4
#define FLAG_REVOKED 1u
#define HOLDER_ID "holder"
#define RP_ID_MAX 64

struct eid_wallet {
    eid_vault *vault;
    eid_wallet_options opt;
};

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

static int64_t now_of(const eid_wallet *w)
{
    return w->opt.clock ? w->opt.clock(w->opt.clock_ctx) : eid_system_clock(NULL);
}

/* ---- stored credentials ---------------------------------------------------------- */

typedef struct stored {
    eid_bytes raw;          /* flags || bundle */
    eid_bundle_view view;
    uint8_t flags;
} stored;

static void stored_free(stored *s)
{
    eid_bundle_view_free(&s->view);
    eid_bytes_free(&s->raw);
}

static eid_status load(eid_wallet *w, uint32_t doc_type, stored *s)
{
    memset(s, 0, sizeof *s);
    uint8_t id = (uint8_t)doc_type;
    eid_status st = vault_get(w->vault, WALLET_KIND_CREDENTIAL, &id, 1, &s->raw, NULL);
    if (st != EID_OK)
        return st;
    if (s->raw.len < 2 || eid_bundle_decode(s->raw.data + 1, s->raw.len - 1, &s->view) != EID_OK) {
        eid_bytes_free(&s->raw);
        return EID_ERR_CORRUPT;
    }
    s->flags = s->raw.data[0];
    return EID_OK;
}

static eid_status save(eid_wallet *w, uint32_t doc_type, uint8_t flags, const uint8_t *bundle, size_t len,
                       int32_t issued_on)
{
    uint8_t *value = malloc(len + 1);
    if (value == NULL)
        return EID_ERR_NO_MEMORY;
    value[0] = flags;
    memcpy(value + 1, bundle, len);
    uint8_t id = (uint8_t)doc_type;
    eid_status st = vault_put(w->vault, WALLET_KIND_CREDENTIAL, &id, 1, issued_on, value, len + 1);
    eid_memzero(value, len + 1);
    free(value);
    return st;
}

/* The personal_id disclosure of a bundle, or NULL. */
static const ProtobufCBinaryData *personal_id_of(const stored *s, eid_disclosure_view *dv)
{
    if (!(s->view.present_mask & 1u))
        return NULL;
    if (eid_disclosure_decode(s->view.disclosure[0]->data, s->view.disclosure[0]->len, dv) != EID_OK)
        return NULL;
    return &dv->msg->value->text;
}

static int same_person(const stored *a, const stored *b)
{
    eid_disclosure_view da, db;
    const ProtobufCBinaryData *pa = personal_id_of(a, &da), *pb = personal_id_of(b, &db);
    int same = pa != NULL && pb != NULL && pa->len == pb->len && memcmp(pa->data, pb->data, pa->len) == 0;
    if (pa)
        eid_disclosure_view_free(&da);
    if (pb)
        eid_disclosure_view_free(&db);
    return same;
}

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

typedef struct vault_signer {
    eid_vault *vault;
    const uint8_t *public_key;
} vault_signer;

static eid_status sign_in_vault(void *ctx, const char *context, const uint8_t *msg, size_t len, uint8_t sig[64])
{
    vault_signer *s = ctx;
    return vault_holder_sign(s->vault, s->public_key, context, msg, len, sig);
}

/* ---- lifecycle ---------------------------------------------------------------------- */

static eid_status purge_audit(eid_wallet *w);
static eid_status batch_drop(eid_wallet *w, uint32_t doc_type, int marker);

eid_status eid_wallet_new(eid_vault *vault, const eid_wallet_options *options, eid_wallet **out)
{
    if (out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    if (vault == NULL || (options != NULL && options->version != EID_WALLET_OPTIONS_VERSION))
        return EID_ERR_INVALID_ARG;
    if (!eid_vault_is_unlocked(vault))
        return EID_ERR_LOCKED;
    eid_wallet *w = calloc(1, sizeof *w);
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
        free(w);
        return EID_ERR_INVALID_ARG;
    }
    eid_status st = purge_audit(w);
    if (st != EID_OK) {
        free(w);
        return st;
    }
    *out = w;
    return EID_OK;
}

void eid_wallet_free(eid_wallet *w) { free(w); }

eid_status eid_wallet_level(eid_wallet *w, uint32_t *level)
{
    if (w == NULL || level == NULL)
        return EID_ERR_INVALID_ARG;
    *level = 0;
    stored id;
    eid_status st = load(w, EID_DOC_IDENTITY, &id);
    if (st == EID_ERR_NOT_FOUND)
        return EID_OK;
    if (st != EID_OK)
        return st;
    if (!(id.flags & FLAG_REVOKED))
        *level = id.view.cred.payload->assurance;
    stored_free(&id);
    return EID_OK;
}

/* ---- activation -------------------------------------------------------------------------- */

eid_status eid_wallet_activation_request(eid_wallet *w, const uint8_t *challenge, size_t challenge_len,
                                         eid_bytes *request)
{
    if (request != NULL)
        *request = (eid_bytes){0};
    if (w == NULL || challenge == NULL || request == NULL)
        return EID_ERR_INVALID_ARG;
    uint8_t pk[32];
    eid_status st = holder_key(w, pk);
    if (st == EID_ERR_NOT_FOUND) {
        st = vault_begin(w->vault);
        if (st == EID_OK)
            st = vault_holder_key_new(w->vault, pk);
        if (st == EID_OK)
            st = vault_put(w->vault, WALLET_KIND_HOLDER, (const uint8_t *)HOLDER_ID, strlen(HOLDER_ID), 0, pk, 32);
        if (st == EID_OK)
            st = vault_commit(w->vault);
        else
            vault_rollback(w->vault);
    }
    if (st != EID_OK)
        return st;
    vault_signer signer = {w->vault, pk};
    return eid_activation_build(sign_in_vault, &signer, pk, w->opt.key_protection, w->opt.device_label, challenge,
                                challenge_len, request);
}

/* Every check of the import passed, except possibly assurance (level 1). */
static eid_status checked(const eid_verifier *trust, const uint8_t *bundle, size_t len, int64_t now,
                          int allow_level_1)
{
    eid_result *r = NULL;
    eid_status st = eid_verifier_check_credential(trust, bundle, len, now, &r);
    if (st == EID_ERR_WRONG_LEVEL && allow_level_1 && eid_result_assurance(r) == 1) {
        st = EID_OK; /* the only failure may be the assurance check */
        for (int c = 0; c < EID_CHECK_COUNT; c++)
            if (c != EID_CHECK_ASSURANCE && eid_result_check(r, (eid_check)c, NULL) == EID_CHECK_FAILED)
                st = EID_ERR_WRONG_LEVEL;
    }
    eid_result_free(r);
    return st;
}

eid_status eid_wallet_activate(eid_wallet *w, const eid_verifier *trust, const uint8_t *bundle, size_t len)
{
    if (w == NULL || trust == NULL || bundle == NULL)
        return EID_ERR_INVALID_ARG;
    uint8_t pk[32];
    eid_status st = holder_key(w, pk);
    if (st != EID_OK)
        return st == EID_ERR_NOT_FOUND ? EID_ERR_STATE : st;
    st = checked(trust, bundle, len, now_of(w), 1);
    if (st != EID_OK)
        return st;
    stored fresh = {0};
    if (eid_bundle_decode(bundle, len, &fresh.view) != EID_OK)
        return EID_ERR_FORMAT;
    const Eid__V1__CredentialPayload *p = fresh.view.cred.payload;
    if (p->doc_type != EID_DOC_IDENTITY)
        st = EID_ERR_INVALID_ARG;
    else if (!eid_ct_equal(p->holder_key.data, pk, 32))
        st = EID_ERR_WRONG_HOLDER;
    stored old;
    eid_status had = st == EID_OK ? load(w, EID_DOC_IDENTITY, &old) : EID_ERR_NOT_FOUND;
    if (st == EID_OK)
        st = vault_begin(w->vault);
    if (st == EID_OK) {
        if (had == EID_OK && !same_person(&old, &fresh)) /* another citizen: their documents go */
            for (uint32_t t = EID_DOC_DRIVING_LICENCE; t <= EID_DOC_CRIMINAL_RECORD && st == EID_OK; t++) {
                uint8_t id = (uint8_t)t;
                st = vault_delete(w->vault, WALLET_KIND_CREDENTIAL, &id, 1);
                if (st == EID_ERR_NOT_FOUND)
                    st = EID_OK;
                if (st == EID_OK)
                    st = batch_drop(w, t, 1);
            }
        if (st == EID_OK && had == EID_OK) /* members of the old identity go with it */
            st = batch_drop(w, EID_DOC_IDENTITY, 0);
        if (st == EID_OK)
            st = save(w, EID_DOC_IDENTITY, 0, bundle, len, p->issued_on);
        if (st == EID_OK)
            st = vault_commit(w->vault);
        else
            vault_rollback(w->vault);
    }
    if (had == EID_OK)
        stored_free(&old);
    stored_free(&fresh);
    return st;
}

/* Level 2 and a live identity, loaded into *id. */
static eid_status require_level_2(eid_wallet *w, stored *id)
{
    eid_status st = load(w, EID_DOC_IDENTITY, id);
    if (st == EID_ERR_NOT_FOUND)
        return EID_ERR_WRONG_LEVEL;
    if (st != EID_OK)
        return st;
    if (id->flags & FLAG_REVOKED)
        st = EID_ERR_IDENTITY_REVOKED;
    else if (id->view.cred.payload->assurance < 2)
        st = EID_ERR_WRONG_LEVEL;
    if (st != EID_OK)
        stored_free(id);
    return st;
}

eid_status eid_wallet_issuance_request(eid_wallet *w, const uint8_t *challenge, size_t challenge_len,
                                       eid_bytes *request)
{
    if (request != NULL)
        *request = (eid_bytes){0};
    if (w == NULL || challenge == NULL || request == NULL)
        return EID_ERR_INVALID_ARG;
    stored id;
    eid_status st = require_level_2(w, &id);
    if (st != EID_OK)
        return st;
    const uint32_t mask = 0x7; /* personal_id, full_name, birth_date */
    ProtobufCBinaryData d[3];
    size_t n = 0;
    for (uint32_t pos = 0; pos < 3; pos++)
        if (id.view.present_mask & (1u << pos))
            d[n++] = *id.view.disclosure[pos];
    eid_node proof[EID_MAX_LEAVES];
    size_t n_proof = eid_merkle_proof((const eid_node *)id.view.leaves, id.view.leaf_count,
                                      mask & id.view.present_mask, proof);
    uint8_t pk[32];
    memcpy(pk, id.view.cred.payload->holder_key.data, 32);
    vault_signer signer = {w->vault, pk};
    st = eid_issuance_build(sign_in_vault, &signer, sign_in_vault, &signer, id.view.msg->credential.data,
                            id.view.msg->credential.len, d, n, (const uint8_t *)proof, n_proof * EID_NODE_BYTES, pk,
                            w->opt.key_protection, challenge, challenge_len, request);
    stored_free(&id);
    return st;
}

/* ---- documents ------------------------------------------------------------------------------ */

eid_status eid_wallet_import(eid_wallet *w, const eid_verifier *trust, const uint8_t *bundle, size_t len)
{
    if (w == NULL || trust == NULL || bundle == NULL)
        return EID_ERR_INVALID_ARG;
    stored id;
    eid_status st = require_level_2(w, &id);
    if (st != EID_OK)
        return st;
    stored fresh = {0}, old = {0};
    eid_status had = EID_ERR_NOT_FOUND;
    st = checked(trust, bundle, len, now_of(w), 0);
    if (st == EID_OK && eid_bundle_decode(bundle, len, &fresh.view) != EID_OK)
        st = EID_ERR_FORMAT;
    const Eid__V1__CredentialPayload *p = st == EID_OK ? fresh.view.cred.payload : NULL;
    if (st == EID_OK && p->doc_type == EID_DOC_IDENTITY)
        st = EID_ERR_INVALID_ARG;
    if (st == EID_OK && (!eid_ct_equal(p->holder_key.data, id.view.cred.payload->holder_key.data, 32) ||
                         !same_person(&id, &fresh)))
        st = EID_ERR_WRONG_HOLDER;
    if (st == EID_OK) {
        had = load(w, p->doc_type, &old);
        if (had == EID_OK) {
            const Eid__V1__CredentialPayload *q = old.view.cred.payload;
            if (old.raw.len - 1 == len && memcmp(old.raw.data + 1, bundle, len) == 0)
                st = EID_ERR_EXISTS;
            else if (p->issued_on < q->issued_on ||
                     (p->issued_on == q->issued_on && p->valid_until <= q->valid_until))
                st = EID_ERR_OLDER;
        } else if (had != EID_ERR_NOT_FOUND) {
            st = had;
        }
    }
    if (st == EID_OK && had == EID_OK) { /* the old credential's batch goes with it */
        st = vault_begin(w->vault);
        if (st == EID_OK)
            st = batch_drop(w, p->doc_type, 0);
        if (st == EID_OK)
            st = save(w, p->doc_type, 0, bundle, len, p->issued_on);
        if (st == EID_OK)
            st = vault_commit(w->vault);
        else
            vault_rollback(w->vault);
    } else if (st == EID_OK) {
        st = save(w, p->doc_type, 0, bundle, len, p->issued_on); /* one statement */
    }
    if (had == EID_OK)
        stored_free(&old);
    stored_free(&fresh);
    stored_free(&id);
    return st;
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
        st = batch_drop(w, doc_type, 1);
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
    eid_status st = load(w, EID_DOC_IDENTITY, &id);
    if (st == EID_OK) {
        if (cap > 0)
            doc_types[0] = EID_DOC_IDENTITY;
        n = 1;
        stored_free(&id);
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
    eid_disclosure_view views[EID_MAX_LEAVES];
    eid_claim claims[EID_MAX_LEAVES];
    size_t n_claims;
};

eid_status eid_wallet_document(eid_wallet *w, uint32_t doc_type, eid_document **out)
{
    if (out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    if (w == NULL)
        return EID_ERR_INVALID_ARG;
    eid_document *d = calloc(1, sizeof *d);
    if (d == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = load(w, doc_type, &d->s);
    if (st != EID_OK) {
        free(d);
        return st;
    }
    d->today = eid_day_of(now_of(w));
    for (uint32_t pos = 0; pos < d->s.view.leaf_count; pos++) {
        if (!(d->s.view.present_mask & (1u << pos)))
            continue;
        const ProtobufCBinaryData *b = d->s.view.disclosure[pos];
        if (eid_disclosure_decode(b->data, b->len, &d->views[d->n_claims]) != EID_OK) {
            eid_document_free(d);
            return EID_ERR_CORRUPT;
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
        eid_disclosure_view_free(&d->views[i]);
    stored_free(&d->s);
    eid_memzero(d, sizeof *d);
    free(d);
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

eid_status eid_wallet_refresh(eid_wallet *w, const eid_verifier *lists, size_t *revoked)
{
    if (revoked != NULL)
        *revoked = 0;
    if (w == NULL || lists == NULL)
        return EID_ERR_INVALID_ARG;
    int64_t now = now_of(w);
    stored held[EID_DOC_CRIMINAL_RECORD + 1];
    uint8_t flags[EID_DOC_CRIMINAL_RECORD + 1] = {0};
    int present[EID_DOC_CRIMINAL_RECORD + 1] = {0};
    eid_status st = EID_OK;
    /* Decide everything first; write only when every credential was checked. */
    for (uint32_t t = EID_DOC_IDENTITY; t <= EID_DOC_CRIMINAL_RECORD && st == EID_OK; t++) {
        eid_status ls = load(w, t, &held[t]);
        if (ls == EID_ERR_NOT_FOUND)
            continue;
        if (ls != EID_OK) {
            st = ls;
            break;
        }
        present[t] = 1;
        flags[t] = held[t].flags;
        eid_result *r = NULL;
        /* Only the clock, trust-list and status checks decide a refresh, not the verdict. */
        eid_status vs = eid_verifier_check_credential(lists, held[t].raw.data + 1, held[t].raw.len - 1, now, &r);
        eid_status cs = EID_OK, clock = EID_OK, list = EID_OK;
        eid_check_outcome o = eid_result_check(r, EID_CHECK_STATUS, &cs);
        eid_result_check(r, EID_CHECK_CLOCK, &clock);
        eid_result_check(r, EID_CHECK_TRUST_LIST, &list);
        if (r == NULL)
            st = vs != EID_OK ? vs : EID_ERR_NO_MEMORY;
        else if (clock != EID_OK)
            st = clock;
        else if (list != EID_OK)
            st = list;
        else if (o == EID_CHECK_FAILED && cs == EID_ERR_LIST_STALE)
            st = EID_ERR_LIST_STALE;
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
                st = save(w, t, flags[t], held[t].raw.data + 1, held[t].raw.len - 1,
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
            stored_free(&held[t]);
    return st;
}

/* ---- presenting and the audit log ---------------------------------------------------------- */

/* Minutes, not seconds: the log keeps the time to the minute only. */
static int64_t audit_ord(int64_t t)
{
    int64_t minutes = t / 60 - (t % 60 < 0);
    return minutes * (1 << 20);
}

static eid_status audit_append(eid_wallet *w, int64_t now, uint32_t doc_type, uint32_t mask, const char *rp)
{
    size_t rp_len = rp ? strlen(rp) : 0;
    if (rp_len > RP_ID_MAX)
        rp_len = RP_ID_MAX;
    uint8_t value[1 + 4 + RP_ID_MAX];
    value[0] = (uint8_t)doc_type;
    for (int i = 0; i < 4; i++)
        value[1 + i] = (uint8_t)(mask >> (8 * i));
    if (rp_len)
        memcpy(value + 5, rp, rp_len);
    uint8_t id[8];
    eid_random(id, sizeof id);
    uint64_t count = 0;
    eid_status st = vault_count(w->vault, WALLET_KIND_AUDIT, &count);
    if (st != EID_OK)
        return st;
    return vault_put(w->vault, WALLET_KIND_AUDIT, id, sizeof id, audit_ord(now) | (int64_t)(count & 0xFFFFF), value,
                     5 + rp_len);
}

/* ---- batches ------------------------------------------------------------------------------- */

#define MEMBER_ID_BYTES 33

typedef struct member {
    uint8_t public_key[32];
    int32_t valid_until;
    uint8_t tag_len;
    char tag[RP_ID_MAX + 1];
} member;

typedef struct member_list {
    uint32_t doc_type;       /* 0: every document */
    member *m;
    size_t n, cap;
} member_list;

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
        member *m = realloc(l->m, cap * sizeof *m);
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

/* The members of doc_type, soonest to expire first. */
static eid_status members_of(eid_wallet *w, uint32_t doc_type, member_list *l)
{
    memset(l, 0, sizeof *l);
    l->doc_type = doc_type;
    eid_status st = vault_list(w->vault, WALLET_KIND_BATCH, visit_member, l);
    if (st != EID_OK) {
        free(l->m);
        memset(l, 0, sizeof *l);
    }
    return st;
}

static void member_id(uint32_t doc_type, const uint8_t public_key[32], uint8_t id[MEMBER_ID_BYTES])
{
    id[0] = (uint8_t)doc_type;
    memcpy(id + 1, public_key, 32);
}

/* Deletes a member and its holder key (inside the caller's transaction). */
static eid_status member_delete(eid_wallet *w, uint32_t doc_type, const uint8_t public_key[32])
{
    uint8_t id[MEMBER_ID_BYTES];
    member_id(doc_type, public_key, id);
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

/* Drops a document's batch, its outstanding refill keys and (with marker)
 * the batch marker, inside the caller's transaction. */
static eid_status batch_drop(eid_wallet *w, uint32_t doc_type, int marker)
{
    member_list l;
    eid_status st = members_of(w, doc_type, &l);
    for (size_t i = 0; i < l.n && st == EID_OK; i++)
        st = member_delete(w, doc_type, l.m[i].public_key);
    free(l.m);
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
    eid_status st = require_level_2(w, &id);
    if (st != EID_OK)
        return st;
    st = load(w, doc_type, &doc);
    if (st != EID_OK) {
        stored_free(&id);
        return st;
    }
    if (doc.flags & FLAG_REVOKED)
        st = EID_ERR_REVOKED;
    size_t n = w->opt.batch_size;
    uint8_t keys[EID_BATCH_MAX_MEMBERS * 32];
    if (st == EID_OK)
        st = vault_begin(w->vault);
    if (st == EID_OK) {
        st = pending_drop(w, doc_type, NULL, 0);
        for (size_t i = 0; i < n && st == EID_OK; i++)
            st = vault_holder_key_new(w->vault, keys + 32 * i);
        uint8_t key = (uint8_t)doc_type;
        if (st == EID_OK)
            st = vault_put(w->vault, WALLET_KIND_BATCH_PENDING, &key, 1, 0, keys, 32 * n);
        if (st == EID_OK)
            st = vault_commit(w->vault);
        else
            vault_rollback(w->vault);
    }
    if (st == EID_OK) {
        const uint32_t mask = 0x7; /* personal_id, full_name, birth_date */
        ProtobufCBinaryData d[3];
        size_t nd = 0;
        for (uint32_t pos = 0; pos < 3; pos++)
            if (id.view.present_mask & (1u << pos))
                d[nd++] = *id.view.disclosure[pos];
        eid_node proof[EID_MAX_LEAVES];
        size_t n_proof = eid_merkle_proof((const eid_node *)id.view.leaves, id.view.leaf_count,
                                          mask & id.view.present_mask, proof);
        uint8_t pk[32];
        memcpy(pk, id.view.cred.payload->holder_key.data, 32);
        vault_signer signer = {w->vault, pk};
        vault_signer signers[EID_BATCH_MAX_MEMBERS];
        void *ctx[EID_BATCH_MAX_MEMBERS];
        for (size_t i = 0; i < n; i++) {
            signers[i] = (vault_signer){w->vault, keys + 32 * i};
            ctx[i] = &signers[i];
        }
        eid_bytes issuance = {0};
        st = eid_issuance_build_keys(sign_in_vault, &signer, sign_in_vault, ctx, id.view.msg->credential.data,
                                     id.view.msg->credential.len, d, nd, (const uint8_t *)proof,
                                     n_proof * EID_NODE_BYTES, keys, n, w->opt.key_protection, doc_type, challenge,
                                     challenge_len, &issuance);
        if (st == EID_OK)
            st = eid_batch_refill_wrap(issuance.data, issuance.len, request);
        eid_bytes_free(&issuance);
    }
    stored_free(&doc);
    stored_free(&id);
    return st;
}

/* Serialized disclosures equal after their salt (tag, length, 16 bytes). */
static int same_claims(const eid_bundle_view *a, const eid_bundle_view *b)
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

eid_status eid_wallet_batch_import(eid_wallet *w, const eid_verifier *trust, const uint8_t *batch, size_t len,
                                   size_t *imported)
{
    if (imported != NULL)
        *imported = 0;
    if (w == NULL || trust == NULL || batch == NULL)
        return EID_ERR_INVALID_ARG;
    stored id, doc;
    eid_status st = require_level_2(w, &id);
    if (st != EID_OK)
        return st;
    eid_batch_view bv;
    st = eid_batch_decode(batch, len, &bv);
    if (st != EID_OK) {
        stored_free(&id);
        return st == EID_ERR_TOO_LARGE ? st : EID_ERR_FORMAT;
    }
    uint32_t doc_type = bv.doc_type;
    st = load(w, doc_type, &doc);
    if (st != EID_OK) {
        eid_batch_view_free(&bv);
        stored_free(&id);
        return st;
    }
    eid_bytes pending = {0};
    uint8_t key = (uint8_t)doc_type;
    st = vault_get(w->vault, WALLET_KIND_BATCH_PENDING, &key, 1, &pending, NULL);
    if (st == EID_ERR_NOT_FOUND)
        st = EID_ERR_STATE;
    uint8_t used[EID_BATCH_MAX_MEMBERS * 32];
    int32_t until[EID_BATCH_MAX_MEMBERS];
    uint8_t taken[EID_BATCH_MAX_MEMBERS] = {0};
    int64_t now = now_of(w);
    for (size_t i = 0; i < bv.n_members && st == EID_OK; i++) {
        const ProtobufCBinaryData *m = &bv.members[i];
        st = checked(trust, m->data, m->len, now, 0);
        stored fresh = {0};
        if (st == EID_OK && eid_bundle_decode(m->data, m->len, &fresh.view) != EID_OK)
            st = EID_ERR_FORMAT;
        if (st != EID_OK)
            break;
        const Eid__V1__CredentialPayload *p = fresh.view.cred.payload;
        size_t k = pending.len / 32;
        for (size_t j = 0; j < pending.len / 32; j++)
            if (memcmp(pending.data + 32 * j, p->holder_key.data, 32) == 0)
                k = j;
        if (p->doc_type != doc_type)
            st = EID_ERR_FORMAT;
        else if (k == pending.len / 32 || taken[k] || !same_person(&id, &fresh))
            st = EID_ERR_WRONG_HOLDER;
        else if (!same_claims(&doc.view, &fresh.view))
            st = EID_ERR_INVALID_CLAIM;
        if (st == EID_OK) {
            taken[k] = 1;
            memcpy(used + 32 * i, p->holder_key.data, 32);
            until[i] = p->valid_until;
        }
        stored_free(&fresh);
    }
    if (st == EID_OK)
        st = vault_begin(w->vault);
    if (st == EID_OK) {
        for (size_t i = 0; i < bv.n_members && st == EID_OK; i++) {
            const ProtobufCBinaryData *m = &bv.members[i];
            uint8_t *value = malloc(m->len + 1);
            if (value == NULL) {
                st = EID_ERR_NO_MEMORY;
                break;
            }
            value[0] = 0; /* no relying party tag yet */
            memcpy(value + 1, m->data, m->len);
            uint8_t mid[MEMBER_ID_BYTES];
            member_id(doc_type, used + 32 * i, mid);
            st = vault_put(w->vault, WALLET_KIND_BATCH, mid, sizeof mid, until[i], value, m->len + 1);
            eid_memzero(value, m->len + 1);
            free(value);
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
    eid_batch_view_free(&bv);
    stored_free(&doc);
    stored_free(&id);
    return st;
}

static int usable(const member *m, int32_t today) { return m->tag_len == 0 && m->valid_until >= today; }

eid_status eid_wallet_batch_remaining(eid_wallet *w, uint32_t doc_type, size_t *remaining, int *refill_due)
{
    if (remaining != NULL)
        *remaining = 0;
    if (refill_due != NULL)
        *refill_due = 0;
    if (w == NULL || remaining == NULL || eid_doc_type_name(doc_type) == NULL)
        return EID_ERR_INVALID_ARG;
    member_list l;
    eid_status st = members_of(w, doc_type, &l);
    if (st != EID_OK)
        return st;
    int32_t today = eid_day_of(now_of(w));
    size_t n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += usable(&l.m[i], today);
    free(l.m);
    *remaining = n;
    if (refill_due != NULL)
        *refill_due = n <= w->opt.batch_low_water;
    return EID_OK;
}

/* Loads the member of doc_type with public key pk into *s (flags 0). */
static eid_status member_load(eid_wallet *w, uint32_t doc_type, const uint8_t pk[32], stored *s)
{
    memset(s, 0, sizeof *s);
    uint8_t id[MEMBER_ID_BYTES];
    member_id(doc_type, pk, id);
    eid_status st = vault_get(w->vault, WALLET_KIND_BATCH, id, sizeof id, &s->raw, NULL);
    if (st != EID_OK)
        return st;
    size_t skip = s->raw.len > 0 ? 1u + s->raw.data[0] : 1;
    if (s->raw.len <= skip || eid_bundle_decode(s->raw.data + skip, s->raw.len - skip, &s->view) != EID_OK) {
        eid_bytes_free(&s->raw);
        return EID_ERR_CORRUPT;
    }
    return EID_OK;
}

eid_status eid_wallet_present(eid_wallet *w, uint32_t doc_type, const uint32_t *claims, size_t n_claims,
                                 const uint8_t *request, size_t request_len, const eid_verifier *trust,
                                 eid_bytes *presentation, int *reused)
{
    if (presentation != NULL)
        *presentation = (eid_bytes){0};
    if (reused != NULL)
        *reused = 0;
    if (w == NULL || presentation == NULL || claims == NULL || n_claims == 0 || (request != NULL && trust == NULL))
        return EID_ERR_INVALID_ARG;
    stored id, doc, chosen = {0};
    eid_status st = require_level_2(w, &id);
    if (st != EID_OK)
        return st;
    int64_t now = now_of(w);
    st = load(w, doc_type, &doc);
    if (st != EID_OK) {
        stored_free(&id);
        return st;
    }
    const Eid__V1__CredentialPayload *p = doc.view.cred.payload;
    int32_t today = eid_day_of(now);
    if (doc.flags & FLAG_REVOKED)
        st = EID_ERR_REVOKED;
    else if (today > p->valid_until)
        st = EID_ERR_EXPIRED;
    else if (today < p->valid_from)
        st = EID_ERR_NOT_YET_VALID;
    uint32_t mask = 0;
    for (size_t i = 0; i < n_claims && st == EID_OK; i++) {
        if (claims[i] >= doc.view.leaf_count || !(doc.view.present_mask & (1u << claims[i])))
            st = EID_ERR_NOT_FOUND;
        else
            mask |= 1u << claims[i];
    }
    eid_request_info *info = NULL;
    if (st == EID_OK && request != NULL)
        st = eid_verifier_inspect_request(trust, request, request_len, now, &info);
    const char *rp = info ? eid_request_info_rp_id(info) : NULL;
    size_t rp_len = rp ? strlen(rp) : 0;
    if (rp_len > RP_ID_MAX)
        rp_len = RP_ID_MAX;

    /* Which credential: a member no relying party has seen (or, per relying
     * party, the one this relying party holds), else the credential of record
     * when the document never had a batch or the app allows reuse. */
    member_list l = {0};
    const member *pick = NULL;
    int keep = 0, had_batch = 0;
    if (st == EID_OK)
        st = members_of(w, doc_type, &l);
    if (st == EID_OK && w->opt.batch_policy == EID_BATCH_PER_RELYING_PARTY && rp_len > 0)
        for (size_t i = 0; i < l.n && pick == NULL; i++)
            if (l.m[i].tag_len == rp_len && memcmp(l.m[i].tag, rp, rp_len) == 0 && l.m[i].valid_until >= today)
                pick = &l.m[i];
    for (size_t i = 0; i < l.n && pick == NULL && st == EID_OK; i++)
        if (usable(&l.m[i], today)) {
            stored s;
            eid_status ms = member_load(w, doc_type, l.m[i].public_key, &s);
            if (ms != EID_OK) {
                st = ms;
                break;
            }
            if (s.view.cred.payload->valid_from <= today)
                pick = &l.m[i];
            stored_free(&s);
        }
    if (pick != NULL) {
        keep = w->opt.batch_policy == EID_BATCH_PER_RELYING_PARTY && rp_len > 0;
        st = member_load(w, doc_type, pick->public_key, &chosen);
    } else if (st == EID_OK) {
        uint8_t key = (uint8_t)doc_type;
        eid_bytes marker = {0};
        eid_status ms = vault_get(w->vault, WALLET_KIND_BATCH_META, &key, 1, &marker, NULL);
        eid_bytes_free(&marker);
        had_batch = ms == EID_OK;
        if (ms != EID_OK && ms != EID_ERR_NOT_FOUND)
            st = ms;
        else if (had_batch && !w->opt.batch_reuse_when_empty)
            st = EID_ERR_BATCH_EMPTY;
    }
    const stored *use = pick != NULL ? &chosen : &doc;
    if (st == EID_OK && pick != NULL && !same_claims(&doc.view, &chosen.view))
        st = EID_ERR_CORRUPT;
    if (st == EID_OK) {
        const uint8_t *holder = use->view.cred.payload->holder_key.data;
        vault_signer signer = {w->vault, holder};
        st = eid_present_with(&use->view, sign_in_vault, &signer, holder, mask, request, request_len, now,
                              presentation);
    }
    /* One transaction: the audit entry, the used member and its key, and
     * expired members. Nothing is returned unless it committed. */
    if (st == EID_OK)
        st = vault_begin(w->vault);
    if (st == EID_OK) {
        st = audit_append(w, now, doc_type, mask, rp);
        if (st == EID_OK && pick != NULL && !keep)
            st = member_delete(w, doc_type, pick->public_key);
        if (st == EID_OK && pick != NULL && keep && pick->tag_len == 0) {
            size_t skip = 1u + chosen.raw.data[0];
            size_t vlen = 1 + rp_len + chosen.raw.len - skip;
            uint8_t *value = malloc(vlen);
            if (value == NULL) {
                st = EID_ERR_NO_MEMORY;
            } else {
                value[0] = (uint8_t)rp_len;
                memcpy(value + 1, rp, rp_len);
                memcpy(value + 1 + rp_len, chosen.raw.data + skip, chosen.raw.len - skip);
                uint8_t mid[MEMBER_ID_BYTES];
                member_id(doc_type, pick->public_key, mid);
                st = vault_put(w->vault, WALLET_KIND_BATCH, mid, sizeof mid, pick->valid_until, value, vlen);
                eid_memzero(value, vlen);
                free(value);
            }
        }
        for (size_t i = 0; i < l.n && st == EID_OK; i++)
            if (l.m[i].valid_until < today && &l.m[i] != pick)
                st = member_delete(w, doc_type, l.m[i].public_key);
        if (st == EID_OK)
            st = vault_commit(w->vault);
        else
            vault_rollback(w->vault);
        if (st != EID_OK)
            eid_bytes_free(presentation); /* nothing is shown that the log does not record */
    }
    if (st == EID_OK && reused != NULL)
        *reused = pick == NULL;
    free(l.m);
    eid_request_info_free(info);
    stored_free(&chosen);
    stored_free(&doc);
    stored_free(&id);
    return st;
}

typedef struct audit_row {
    int64_t time;
    uint32_t doc_type, claims;
    char rp[RP_ID_MAX + 1];
} audit_row;

struct eid_audit {
    audit_row *rows;
    size_t n, cap;
};

static eid_status visit_audit(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *value,
                              size_t len)
{
    (void)id;
    (void)id_len;
    eid_audit *log = ctx;
    if (len < 5 || len > 5 + RP_ID_MAX)
        return EID_ERR_CORRUPT;
    if (log->n == log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 16;
        audit_row *rows = realloc(log->rows, cap * sizeof *rows);
        if (rows == NULL)
            return EID_ERR_NO_MEMORY;
        log->rows = rows;
        log->cap = cap;
    }
    audit_row *r = &log->rows[log->n++];
    r->time = (ord >> 20) * 60;
    r->doc_type = value[0];
    r->claims = (uint32_t)value[1] | (uint32_t)value[2] << 8 | (uint32_t)value[3] << 16 | (uint32_t)value[4] << 24;
    memcpy(r->rp, value + 5, len - 5);
    r->rp[len - 5] = '\0';
    return EID_OK;
}

eid_status eid_wallet_audit(eid_wallet *w, eid_audit **out)
{
    if (out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    if (w == NULL)
        return EID_ERR_INVALID_ARG;
    eid_audit *log = calloc(1, sizeof *log);
    if (log == NULL)
        return EID_ERR_NO_MEMORY;
    eid_status st = vault_list(w->vault, WALLET_KIND_AUDIT, visit_audit, log);
    if (st != EID_OK) {
        eid_audit_free(log);
        return st;
    }
    *out = log;
    return EID_OK;
}

size_t eid_audit_count(const eid_audit *log) { return log ? log->n : 0; }

eid_status eid_audit_entry(const eid_audit *log, size_t i, int64_t *time, uint32_t *doc_type, uint32_t *claims,
                           const char **rp)
{
    if (log == NULL || i >= log->n)
        return EID_ERR_INVALID_ARG;
    if (time)
        *time = log->rows[i].time;
    if (doc_type)
        *doc_type = log->rows[i].doc_type;
    if (claims)
        *claims = log->rows[i].claims;
    if (rp)
        *rp = log->rows[i].rp;
    return EID_OK;
}

void eid_audit_free(eid_audit *log)
{
    if (log == NULL)
        return;
    if (log->rows)
        eid_memzero(log->rows, log->cap * sizeof *log->rows);
    free(log->rows);
    free(log);
}

eid_status eid_wallet_audit_clear(eid_wallet *w)
{
    if (w == NULL)
        return EID_ERR_INVALID_ARG;
    eid_status st = vault_delete_kind(w->vault, WALLET_KIND_AUDIT, NULL);
    if (st == EID_OK)
        st = vault_checkpoint_truncate(w->vault);
    return st;
}

typedef struct purge_ctx {
    int64_t before;
    uint8_t (*ids)[8];
    size_t n, cap;
} purge_ctx;

static eid_status visit_old(void *ctx, const uint8_t *id, size_t id_len, int64_t ord, const uint8_t *value, size_t len)
{
    (void)value;
    (void)len;
    purge_ctx *c = ctx;
    if (ord >= c->before || id_len != 8)
        return EID_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        uint8_t(*ids)[8] = realloc(c->ids, cap * sizeof *ids);
        if (ids == NULL)
            return EID_ERR_NO_MEMORY;
        c->ids = ids;
        c->cap = cap;
    }
    memcpy(c->ids[c->n++], id, 8);
    return EID_OK;
}

static eid_status purge_audit(eid_wallet *w)
{
    purge_ctx c = {audit_ord(now_of(w) - w->opt.audit_retention), NULL, 0, 0};
    eid_status st = vault_list(w->vault, WALLET_KIND_AUDIT, visit_old, &c);
    if (st == EID_OK && c.n > 0) {
        st = vault_begin(w->vault);
        for (size_t i = 0; i < c.n && st == EID_OK; i++)
            st = vault_delete(w->vault, WALLET_KIND_AUDIT, c.ids[i], 8);
        if (st == EID_OK)
            st = vault_commit(w->vault);
        else
            vault_rollback(w->vault);
        if (st == EID_OK)
            st = vault_checkpoint_truncate(w->vault);
    }
    free(c.ids);
    return st;
}
