/* SPDX-License-Identifier: Apache-2.0 */
/* Presenting (eid/wallet.h): choosing the credential to present, signing
 * the presentation inside the vault, and recording it in the audit log in
 * the same transaction; and reading and clearing that log. */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "present/presentation.h"
#include "wallet/wallet_internal.h"

/* ---- the audit log ------------------------------------------------------------------------- */

/* Minutes, not seconds: the log keeps the time to the minute only. */
static int64_t audit_ord(int64_t t)
{
    int64_t minutes = t / 60 - (t % 60 < 0);
    return minutes * (1 << 20);
}

eid_status wallet_audit_append(eid_wallet *w, int64_t now, uint32_t doc_type, uint32_t mask, const char *rp)
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
    cry_random(id, sizeof id);
    uint64_t count = 0;
    eid_status st = vault_count(w->vault, WALLET_KIND_AUDIT, &count);
    if (st != EID_OK)
        return st;
    return vault_put(w->vault, WALLET_KIND_AUDIT, id, sizeof id, audit_ord(now) | (int64_t)(count & 0xFFFFF), value,
                     5 + rp_len);
}

/* ---- presenting ----------------------------------------------------------------------------- */

/* The document may be presented today, and holds every claim asked for;
 * *mask gets the claims (bit n: claim n). */
static eid_status presentable(eid_wallet *w, const stored *doc, const uint32_t *claims, size_t n_claims,
                              int32_t today, uint32_t *mask)
{
    const Eid__V1__CredentialPayload *p = doc->view.cred.payload;
    const char *type = eid_doc_type_name(p->doc_type);
    if (doc->flags & FLAG_REVOKED)
        return wallet_fail(w, EID_ERR_REVOKED, "present", "the last refresh found the %s credential revoked", type);
    if (today > p->valid_until)
        return EID_ERR_EXPIRED;
    if (today < p->valid_from)
        return EID_ERR_NOT_YET_VALID;
    *mask = 0;
    for (size_t i = 0; i < n_claims; i++) {
        if (claims[i] >= doc->view.leaf_count || !(doc->view.present_mask & (1u << claims[i])))
            return wallet_fail(w, EID_ERR_NOT_FOUND, "present", "the %s credential holds no claim number %u", type,
                               (unsigned)claims[i]);
        *mask |= 1u << claims[i];
    }
    return EID_OK;
}

/* The credential a presentation uses, as chosen_credential() decided. */
typedef struct choice {
    member_list members;   /* the document's batch members */
    const member *pick;    /* the member presented, or NULL: the credential of record */
    int keep;              /* the member stays, held for this relying party */
    stored member;         /* pick's credential, when pick != NULL */
} choice;

/* Which credential: a member no relying party has seen (or, per relying
 * party, the one this relying party holds), else the credential of record
 * when the document never had a batch or the app allows reuse. */
static eid_status choose_credential(eid_wallet *w, uint32_t doc_type, const char *rp, size_t rp_len, int32_t today,
                                    choice *c)
{
    eid_status st = wallet_members_of(w, doc_type, &c->members);
    const member_list *l = &c->members;
    int per_rp = w->opt.batch_policy == EID_BATCH_PER_RELYING_PARTY && rp_len > 0;
    if (st == EID_OK && per_rp)
        for (size_t i = 0; i < l->n && c->pick == NULL; i++)
            if (l->m[i].tag_len == rp_len && memcmp(l->m[i].tag, rp, rp_len) == 0 && l->m[i].valid_until >= today)
                c->pick = &l->m[i];
    for (size_t i = 0; i < l->n && c->pick == NULL && st == EID_OK; i++)
        if (wallet_member_usable(&l->m[i], today)) {
            stored s;
            eid_status ms = wallet_member_load(w, doc_type, l->m[i].public_key, &s);
            if (ms != EID_OK) {
                st = ms;
                break;
            }
            if (s.view.cred.payload->valid_from <= today)
                c->pick = &l->m[i];
            wallet_stored_free(&s);
        }
    if (c->pick != NULL) {
        c->keep = per_rp;
        return wallet_member_load(w, doc_type, c->pick->public_key, &c->member);
    }
    if (st != EID_OK)
        return st;
    uint8_t key = (uint8_t)doc_type;
    eid_bytes marker = {0};
    eid_status ms = vault_get(w->vault, WALLET_KIND_BATCH_META, &key, 1, &marker, NULL);
    eid_bytes_free(&marker);
    if (ms != EID_OK && ms != EID_ERR_NOT_FOUND)
        return ms;
    if (ms == EID_OK && !w->opt.batch_reuse_when_empty)
        return wallet_fail(w, EID_ERR_BATCH_EMPTY, "present",
                           "no unused member left in the %s batch, and reuse is off: refill it",
                           eid_doc_type_name(doc_type));
    return EID_OK;
}

/* Tags the chosen member with the relying party it was shown to (inside the
 * caller's transaction). */
static eid_status hold_for(eid_wallet *w, uint32_t doc_type, const choice *c, const char *rp, size_t rp_len)
{
    size_t skip = 1u + c->member.raw.data[0];
    size_t vlen = 1 + rp_len + c->member.raw.len - skip;
    uint8_t *value = mem_alloc(vlen);
    if (value == NULL)
        return EID_ERR_NO_MEMORY;
    value[0] = (uint8_t)rp_len;
    memcpy(value + 1, rp, rp_len);
    memcpy(value + 1 + rp_len, c->member.raw.data + skip, c->member.raw.len - skip);
    uint8_t mid[MEMBER_ID_BYTES];
    wallet_member_id(doc_type, c->pick->public_key, mid);
    eid_status st = vault_put(w->vault, WALLET_KIND_BATCH, mid, sizeof mid, c->pick->valid_until, value, vlen);
    mem_free_secret(value, vlen);
    return st;
}

/* One transaction: the audit entry, the used member and its key (or its
 * tag), and expired members. */
static eid_status record_presentation(eid_wallet *w, uint32_t doc_type, uint32_t mask, const char *rp,
                                      size_t rp_len, int64_t now, int32_t today, const choice *c)
{
    eid_status st = vault_begin(w->vault);
    if (st != EID_OK)
        return st;
    st = wallet_audit_append(w, now, doc_type, mask, rp);
    if (st == EID_OK && c->pick != NULL && !c->keep)
        st = wallet_member_delete(w, doc_type, c->pick->public_key);
    if (st == EID_OK && c->pick != NULL && c->keep && c->pick->tag_len == 0)
        st = hold_for(w, doc_type, c, rp, rp_len);
    for (size_t i = 0; i < c->members.n && st == EID_OK; i++)
        if (c->members.m[i].valid_until < today && &c->members.m[i] != c->pick)
            st = wallet_member_delete(w, doc_type, c->members.m[i].public_key);
    if (st == EID_OK)
        return vault_commit(w->vault);
    vault_rollback(w->vault);
    return st;
}

static eid_status present(eid_wallet *w, uint32_t doc_type, const uint32_t *claims, size_t n_claims,
                          const uint8_t *request, size_t request_len, const eid_verifier *trust,
                          eid_bytes *presentation, int *reused)
{
    if (presentation == NULL || claims == NULL || n_claims == 0 || (request != NULL && trust == NULL))
        return EID_ERR_INVALID_ARG;
    stored id, doc;
    eid_status st = wallet_require_level_2(w, &id);
    if (st != EID_OK)
        return st;
    int64_t now = wallet_now(w);
    st = wallet_load(w, doc_type, &doc);
    if (st != EID_OK) {
        if (st == EID_ERR_NOT_FOUND)
            wallet_fail(w, st, "present", "the wallet holds no %s credential",
                        eid_doc_type_name(doc_type) ? eid_doc_type_name(doc_type) : "such");
        wallet_stored_free(&id);
        return st;
    }
    int32_t today = eid_day_of(now);
    uint32_t mask = 0;
    st = presentable(w, &doc, claims, n_claims, today, &mask);
    eid_request_info *info = NULL;
    if (st == EID_OK && request != NULL) {
        st = eid_verifier_inspect_request(trust, request, request_len, now, &info);
        if (st != EID_OK)
            wallet_fail(w, st, "present", "the request failed its inspection (%s)", eid_status_name(st));
    }
    const char *rp = info ? eid_request_info_rp_id(info) : NULL;
    size_t rp_len = rp ? strlen(rp) : 0;
    if (rp_len > RP_ID_MAX)
        rp_len = RP_ID_MAX;

    choice c = {0};
    if (st == EID_OK)
        st = choose_credential(w, doc_type, rp, rp_len, today, &c);
    const stored *use = c.pick != NULL ? &c.member : &doc;
    if (st == EID_OK && c.pick != NULL && !wallet_same_claims(&doc.view, &c.member.view))
        st = EID_ERR_CORRUPT;
    if (st == EID_OK) {
        const uint8_t *holder = use->view.cred.payload->holder_key.data;
        vault_signer signer = {w->vault, holder};
        st = present_with(&use->view, wallet_sign_in_vault, &signer, holder, mask, request, request_len, now,
                          presentation);
        if (st == EID_ERR_NOT_REQUESTED)
            wallet_fail(w, st, "present", "the request does not ask for the %s with exactly these claims",
                        eid_doc_type_name(doc_type));
        if (st == EID_OK)
            st = record_presentation(w, doc_type, mask, rp, rp_len, now, today, &c);
        if (st != EID_OK)
            eid_bytes_free(presentation); /* nothing is shown that the log does not record */
    }
    if (st == EID_OK && reused != NULL)
        *reused = c.pick == NULL;
    mem_free_secret(c.members.m, c.members.cap * sizeof *c.members.m);
    eid_request_info_free(info);
    wallet_stored_free(&c.member);
    wallet_stored_free(&doc);
    wallet_stored_free(&id);
    return st;
}

eid_status eid_wallet_present(eid_wallet *w, uint32_t doc_type, const uint32_t *claims, size_t n_claims,
                              const uint8_t *request, size_t request_len, const eid_verifier *trust,
                              eid_bytes *presentation, int *reused)
{
    if (presentation != NULL)
        *presentation = (eid_bytes){0};
    if (reused != NULL)
        *reused = 0;
    if (w == NULL)
        return EID_ERR_INVALID_ARG;
    return wallet_done(w, present(w, doc_type, claims, n_claims, request, request_len, trust, presentation, reused),
                       "present");
}

/* ---- reading and clearing the log -------------------------------------------------------- */

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
        audit_row *rows = mem_realloc_secret(log->rows, log->cap * sizeof *rows, cap * sizeof *rows);
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
    eid_audit *log = mem_calloc(1, sizeof *log);
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
    mem_free_secret(log->rows, log->cap * sizeof *log->rows);
    mem_free(log);
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
        uint8_t(*ids)[8] = mem_realloc(c->ids, cap * sizeof *ids);
        if (ids == NULL)
            return EID_ERR_NO_MEMORY;
        c->ids = ids;
        c->cap = cap;
    }
    memcpy(c->ids[c->n++], id, 8);
    return EID_OK;
}

eid_status wallet_audit_purge(eid_wallet *w)
{
    purge_ctx c = {audit_ord(wallet_now(w) - w->opt.audit_retention), NULL, 0, 0};
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
    mem_free(c.ids);
    return st;
}
