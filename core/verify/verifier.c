/* SPDX-License-Identifier: Apache-2.0 */
/* Verification in the order of docs/FORMAT.md ("Verification"): every check
 * runs when what it needs is there, each outcome is recorded, and the replay
 * store is written only after all the others passed. */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "claims/schema.h"
#include "common/checked.h"
#include "common/pb.h"
#include "common/text.h"
#include "credential/credential.h"
#include "credential/disclosure.h"
#include "credential/activation.h"
#include "present/presentation.h"
#include "eid/v1/batch.pb-c.h"
#include "eid/v1/issuance.pb-c.h"
#include "verify/lists.h"
#include "verify/replay.h"
#include "verify/request_check.h"
#include "verify/verdict.h"

struct eid_verifier {
    eid_verifier_options opt;
    trust_set trust;
    revlist *lists;
    size_t n_lists;
    int64_t newest_issued_at;
    eid_replay_store *store;
    char *rp_id; /* opt.rp_id points here (or is NULL) */
};

typedef struct check_state {
    eid_check_outcome outcome;
    eid_status status;
    const char *detail;
} check_state;

struct eid_result {
    eid_status status;
    check_state checks[EID_CHECK_COUNT];
    uint32_t doc_type, assurance;
    int32_t valid_from, valid_until;
    int challenged, stale;
    char issuer_id[ID_MAX_BYTES + 1];
    char issuer_name[NAME_MAX_BYTES + 1];
    uint64_t trust_sequence, status_sequence;
    eid_revocation_list_name revocation_list; /* the list that decided status, when one counted */
    int has_status_list;
    /* decoded input the claims point into */
    Eid__V1__Presentation *presentation;
    Eid__V1__PresentationBody *body;
    cred_view cred;
    bundle_view bundle;
    disclosure_view views[MERKLE_MAX_LEAVES];
    size_t n_views;
    eid_claim claims[MERKLE_MAX_LEAVES];
    size_t n_claims;
    int out_of_memory; /* a check could not run to the end: no verdict */
};

/* ---- options and construction ----------------------------------------------- */

int64_t eid_revocation_list_default_max_age(void) { return EID_REVOCATION_LIST_DEFAULT_MAX_AGE; }
int64_t eid_revocation_list_max_age_limit(void) { return EID_REVOCATION_LIST_MAX_AGE_LIMIT; }
int64_t eid_verifier_offline_lifetime_max(void) { return EID_VERIFIER_OFFLINE_LIFETIME_MAX; }
int64_t eid_verifier_clock_skew_max(void) { return EID_VERIFIER_CLOCK_SKEW_MAX; }

eid_status eid_verifier_options_default(eid_verifier_options *o, uint32_t version)
{
    if (o == NULL || version != EID_VERIFIER_OPTIONS_VERSION)
        return EID_ERR_INVALID_ARG;
    memset(o, 0, sizeof *o);
    o->version = version;
    o->min_assurance = 2;
    o->root_threshold = 1;
    o->offline_lifetime = 60;
    o->clock_skew = 30;
    o->max_revocation_age = EID_REVOCATION_LIST_DEFAULT_MAX_AGE;
    return EID_OK;
}

eid_status eid_verifier_new(const uint8_t *root_keys, size_t n_roots, const eid_verifier_options *options,
                            const uint8_t *trust_list, size_t trust_list_len,
                            const eid_revocation_list_input *status_lists,
                            size_t n_status_lists, eid_replay_store *store, eid_verifier **out)
{
    if (out == NULL)
        return EID_ERR_INVALID_ARG;
    *out = NULL;
    eid_verifier_options opt;
    (void)eid_verifier_options_default(&opt, EID_VERIFIER_OPTIONS_VERSION);
    if (options != NULL) {
        if (options->version != EID_VERIFIER_OPTIONS_VERSION) /* the only layout so far */
            return EID_ERR_INVALID_ARG;
        opt = *options;
    }
    if (root_keys == NULL || n_roots == 0 || n_roots > 32 || trust_list == NULL ||
        (status_lists == NULL && n_status_lists > 0) || opt.root_threshold == 0 || opt.root_threshold > n_roots ||
        opt.min_assurance > 2 || (opt.require_challenge != 0 && opt.require_challenge != 1) ||
        opt.offline_lifetime <= 0 || opt.offline_lifetime > EID_VERIFIER_OFFLINE_LIFETIME_MAX ||
        opt.clock_skew < 0 || opt.clock_skew > EID_VERIFIER_CLOCK_SKEW_MAX || opt.allowed_staleness < 0 ||
        opt.max_revocation_age <= 0 || opt.max_revocation_age > EID_REVOCATION_LIST_MAX_AGE_LIMIT)
        return EID_ERR_INVALID_ARG;
    size_t rp_len = 0;
    while (opt.rp_id != NULL && rp_len <= ID_MAX_BYTES && opt.rp_id[rp_len] != '\0')
        rp_len++;
    if (opt.rp_id != NULL &&
        (rp_len == 0 || rp_len > ID_MAX_BYTES || text_check((const uint8_t *)opt.rp_id, rp_len, ID_MAX_BYTES) != EID_OK))
        return EID_ERR_INVALID_ARG;
    eid_verifier *v = mem_calloc(1, sizeof *v);
    if (v == NULL)
        return EID_ERR_NO_MEMORY;
    v->opt = opt;
    v->store = store;
    if (opt.rp_id != NULL) {
        v->rp_id = mem_alloc(rp_len + 1);
        if (v->rp_id == NULL) {
            mem_free(v);
            return EID_ERR_NO_MEMORY;
        }
        memcpy(v->rp_id, opt.rp_id, rp_len + 1);
    }
    v->opt.rp_id = v->rp_id;
    eid_status st = trust_load(trust_list, trust_list_len, (const uint8_t(*)[32])root_keys, n_roots,
                               opt.root_threshold, opt.min_trust_sequence, &v->trust);
    if (st != EID_OK)
        goto fail;
    v->newest_issued_at = v->trust.body->issued_at;
    if (n_status_lists > 0) {
        v->lists = mem_calloc(n_status_lists, sizeof *v->lists);
        if (v->lists == NULL) {
            st = EID_ERR_NO_MEMORY;
            goto fail;
        }
    }
    for (size_t i = 0; i < n_status_lists; i++) {
        if (status_lists[i].data == NULL) {
            st = EID_ERR_INVALID_ARG;
            goto fail;
        }
        revlist *s = &v->lists[v->n_lists];
        st = revlist_load(status_lists[i].data, status_lists[i].len, &v->trust, opt.clock_skew,
                          status_lists[i].min_sequence, s);
        if (st != EID_OK)
            goto fail;
        v->n_lists++;
        for (size_t j = 0; j + 1 < v->n_lists; j++) {
            const revlist *o = &v->lists[j];
            if (o->doc_type == s->doc_type && o->list_id == s->list_id && o->issuer_id_len == s->issuer_id_len &&
                memcmp(o->issuer_id, s->issuer_id, s->issuer_id_len) == 0) {
                st = EID_ERR_EXISTS;
                goto fail;
            }
        }
        if (s->issued_at > v->newest_issued_at)
            v->newest_issued_at = s->issued_at;
    }
    if (store != NULL) /* bounded by the option checks above: no overflow */
        replay_widen(store, opt.offline_lifetime + opt.clock_skew);
    *out = v;
    return EID_OK;
fail:
    eid_verifier_free(v);
    return st;
}

void eid_verifier_free(eid_verifier *v)
{
    if (v == NULL)
        return;
    for (size_t i = 0; i < v->n_lists; i++)
        revlist_free(&v->lists[i]);
    mem_free(v->lists);
    trust_free(&v->trust);
    mem_free(v->rp_id);
    mem_free(v);
}

/* ---- results ---------------------------------------------------------------------- */

static eid_result *result_new(void)
{
    eid_result *r = mem_calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        r->checks[c] = (check_state){EID_CHECK_SKIPPED, EID_OK, ""};
    return r;
}

static void fail(eid_result *r, eid_check c, eid_status st, const char *detail)
{
    if (st == EID_ERR_NO_MEMORY)
        r->out_of_memory = 1;
    if (r->checks[c].outcome == EID_CHECK_FAILED)
        return; /* keep the first reason */
    r->checks[c] = (check_state){EID_CHECK_FAILED, st, detail};
}

static void pass(eid_result *r, eid_check c)
{
    if (r->checks[c].outcome != EID_CHECK_FAILED)
        r->checks[c] = (check_state){EID_CHECK_PASSED, EID_OK, ""};
}

static int passed(const eid_result *r, eid_check c) { return r->checks[c].outcome == EID_CHECK_PASSED; }

static void not_applicable(eid_result *r, eid_check c)
{
    r->checks[c] = (check_state){EID_CHECK_NOT_APPLICABLE, EID_OK, ""};
}

static int all_passed_but(const eid_result *r, eid_check except)
{
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        if (c != (int)except && !passed(r, (eid_check)c))
            return 0;
    return 1;
}

eid_status verdict(const eid_check_outcome outcome[EID_CHECK_COUNT], const eid_status status[EID_CHECK_COUNT])
{
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        if (outcome[c] == EID_CHECK_FAILED)
            return status[c] != EID_OK ? status[c] : EID_ERR_INTERNAL;
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        if (outcome[c] != EID_CHECK_PASSED && outcome[c] != EID_CHECK_NOT_APPLICABLE)
            return EID_ERR_INTERNAL;
    return EID_OK;
}

static eid_status finish(eid_result *r)
{
    eid_check_outcome outcome[EID_CHECK_COUNT];
    eid_status status[EID_CHECK_COUNT];
    for (int c = 0; c < EID_CHECK_COUNT; c++) {
        outcome[c] = r->checks[c].outcome;
        status[c] = r->checks[c].status;
    }
    r->status = verdict(outcome, status);
    if (r->status != EID_OK) {
        r->n_claims = 0;
    } else {
        for (size_t i = 0; i < r->n_views; i++)
            r->claims[i] = r->views[i].claim;
        r->n_claims = r->n_views;
    }
    return r->status;
}

/* The end of eid_verifier_check_presentation() and eid_verifier_check_credential(): a check that
 * ran out of memory gave no verdict, so there is no result either. */
static eid_status conclude(eid_result *r, eid_result **result)
{
    eid_status st = finish(r);
    if (r->out_of_memory) {
        eid_result_free(r);
        *result = NULL;
        return EID_ERR_NO_MEMORY;
    }
    return st;
}

/* A failed signature check is BAD_SIGNATURE unless it could not run. */
static eid_status signature_status(eid_status st) { return st == EID_ERR_NO_MEMORY ? st : EID_ERR_BAD_SIGNATURE; }

void eid_result_free(eid_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n_views; i++)
        disclosure_view_free(&r->views[i]);
    cred_view_free(&r->cred);
    bundle_view_free(&r->bundle);
    pb_free((ProtobufCMessage *)r->body);
    pb_free((ProtobufCMessage *)r->presentation);
    mem_free(r);
}

static void copy_text(char *dst, size_t cap, const ProtobufCBinaryData *src)
{
    size_t n = src->len < cap - 1 ? src->len : cap - 1;
    memcpy(dst, src->data, n);
    dst[n] = '\0';
}

/* ---- the checks --------------------------------------------------------------------- */

/* Clock, trust list, issuer key, issuer signature, validity, assurance. */
static const Eid__V1__IssuerEntry *check_issuer(const eid_verifier *v, eid_result *r, const Eid__V1__Credential *cred,
                                                const Eid__V1__CredentialPayload *p, int64_t now)
{
    const eid_verifier_options *o = &v->opt;
    if (sat_add(now, o->clock_skew) < v->newest_issued_at)
        fail(r, EID_CHECK_CLOCK, EID_ERR_CLOCK, "the clock is earlier than a loaded list was issued");
    pass(r, EID_CHECK_CLOCK);

    const Eid__V1__TrustListBody *tb = v->trust.body;
    r->trust_sequence = tb->sequence;
    if (now > tb->expires_at)
        fail(r, EID_CHECK_TRUST_LIST, EID_ERR_LIST_EXPIRED, "the trust list has expired");
    else if (now > sat_add(tb->next_update, o->allowed_staleness))
        fail(r, EID_CHECK_TRUST_LIST, EID_ERR_LIST_STALE, "the trust list is past its next update");
    else if (now > tb->next_update)
        r->stale = 1;
    pass(r, EID_CHECK_TRUST_LIST);

    int32_t today = eid_day_of(now);
    const Eid__V1__IssuerEntry *key = trust_find_key(&v->trust, p->issuer_key_id.data, p->issuer_key_id.len);
    if (key == NULL) {
        fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "the issuer key is not in the trust list");
    } else {
        copy_text(r->issuer_id, sizeof r->issuer_id, &key->issuer_id);
        copy_text(r->issuer_name, sizeof r->issuer_name, &key->name);
        if (!(key->usage & EID_USAGE_CREDENTIAL))
            fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "the issuer key may not sign credentials");
        else if (!trust_allows_doc(key, p->doc_type))
            fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "the issuer key may not sign this doc type");
        else if (p->assurance > key->max_assurance)
            fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "the issuer key may not sign this assurance");
        else if (p->issued_on < key->sign_from || p->issued_on > key->sign_until)
            fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "issued outside the key's signing window");
        else if (today > key->verify_until)
            fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "the key's verifying window has ended");
        pass(r, EID_CHECK_ISSUER_KEY);
        eid_status sig = cry_sign_verify(cred->issuer_signature.data, CRY_CTX_CREDENTIAL, cred->payload.data,
                                         cred->payload.len, key->public_key.data);
        if (sig != EID_OK)
            fail(r, EID_CHECK_ISSUER_SIGNATURE, signature_status(sig), "the issuer signature does not verify");
        pass(r, EID_CHECK_ISSUER_SIGNATURE);
    }

    int32_t latest_day = eid_day_of(sat_add(now, o->clock_skew));
    if (latest_day < p->valid_from)
        fail(r, EID_CHECK_VALIDITY, EID_ERR_NOT_YET_VALID, "the credential is not yet valid");
    else if (latest_day < p->issued_on)
        fail(r, EID_CHECK_VALIDITY, EID_ERR_NOT_YET_VALID, "the credential was issued after today");
    else if (eid_day_of(sat_sub(now, o->clock_skew)) > p->valid_until)
        fail(r, EID_CHECK_VALIDITY, EID_ERR_EXPIRED, "the credential has expired");
    pass(r, EID_CHECK_VALIDITY);

    if (p->assurance < o->min_assurance)
        fail(r, EID_CHECK_ASSURANCE, EID_ERR_WRONG_LEVEL, "the credential's assurance is below the minimum");
    pass(r, EID_CHECK_ASSURANCE);
    return key;
}

/* EID_OK, EID_ERR_FORMAT (text breaks the text rule) or EID_ERR_NO_MEMORY. */
static eid_status text_values_check(const eid_claim *c)
{
    eid_status st = EID_OK;
    if (c->type == EID_VALUE_TEXT)
        st = text_check(c->bytes, c->bytes_len, DISCLOSURE_MAX_BYTES);
    for (size_t i = 0; c->type == EID_VALUE_LIST && i < c->n_entries && st == EID_OK; i++)
        st = text_check(c->entries[i].text, c->entries[i].text_len, DISCLOSURE_MAX_BYTES);
    return st == EID_OK || st == EID_ERR_NO_MEMORY ? st : EID_ERR_FORMAT;
}

/* Decodes and checks each disclosure into r->views; fills leaves and the mask.
 * Returns 0 when the positions are unusable for the proof. */
static int check_disclosures(eid_result *r, const Eid__V1__CredentialPayload *p, const ProtobufCBinaryData *d,
                             size_t n, merkle_node *leaves, uint32_t *mask)
{
    const doc_schema *schema = schema_get(p->doc_type);
    int positions_ok = n > 0;
    if (n == 0)
        fail(r, EID_CHECK_DISCLOSURES, EID_ERR_FORMAT, "nothing is disclosed");
    *mask = 0;
    for (size_t i = 0; i < n && i < p->leaf_count; i++) {
        disclosure_view *dv = &r->views[r->n_views];
        eid_status st = disclosure_decode(d[i].data, d[i].len, dv);
        if (st != EID_OK) {
            fail(r, EID_CHECK_DISCLOSURES, st == EID_ERR_NO_MEMORY ? st : EID_ERR_FORMAT,
                 "a disclosure is not canonical");
            positions_ok = 0;
            continue;
        }
        r->n_views++;
        uint32_t pos = dv->claim.number;
        if (pos >= p->leaf_count || (*mask >> pos) != 0) {
            fail(r, EID_CHECK_DISCLOSURES, EID_ERR_FORMAT, "claims repeat, are out of order or outside the tree");
            positions_ok = 0;
            continue;
        }
        *mask |= 1u << pos;
        merkle_leaf(leaves[pos], d[i].data, d[i].len);
        const claim_schema *cs = schema_claim(schema, pos);
        eid_status text = EID_OK;
        if (dv->msg->salt.len != SALT_BYTES)
            fail(r, EID_CHECK_DISCLOSURES, EID_ERR_FORMAT, "a salt is not 16 bytes");
        else if ((text = text_values_check(&dv->claim)) != EID_OK)
            fail(r, EID_CHECK_DISCLOSURES, text, "text breaks the text rule (NFC, no controls)");
        else if (cs == NULL)
            fail(r, EID_CHECK_DISCLOSURES, EID_ERR_INVALID_CLAIM, "a claim number unknown to the doc type");
        else if (schema_validate(cs, &dv->claim) != EID_OK)
            fail(r, EID_CHECK_DISCLOSURES, EID_ERR_INVALID_CLAIM, "a value is not valid for its claim");
    }
    if (n > p->leaf_count) {
        fail(r, EID_CHECK_DISCLOSURES, EID_ERR_FORMAT, "more disclosures than leaves");
        positions_ok = 0;
    }
    pass(r, EID_CHECK_DISCLOSURES);
    return positions_ok;
}

static void check_status(const eid_verifier *v, eid_result *r, const Eid__V1__IssuerEntry *key,
                         const Eid__V1__CredentialPayload *p, int64_t now)
{
    if (key == NULL)
        return; /* skipped: the issuer id is unknown */
    const revlist *list = NULL;
    for (size_t i = 0; i < v->n_lists; i++) {
        const revlist *s = &v->lists[i];
        if (s->doc_type == p->doc_type && s->list_id == p->status_list && s->issuer_id_len == key->issuer_id.len &&
            memcmp(s->issuer_id, key->issuer_id.data, s->issuer_id_len) == 0)
            list = s;
    }
    if (list == NULL) {
        fail(r, EID_CHECK_REVOCATION, EID_ERR_NO_REVOCATION_LIST, "no revocation list is loaded for this credential");
        return;
    }
    /* A list decides only while it counts: its key verifies today, it is not
     * older than the maximum age, not from the future, not too stale. */
    int stale = 0;
    const char *detail = "";
    eid_status st = revlist_usable(list, now, v->opt.clock_skew, v->opt.max_revocation_age, v->opt.allowed_staleness,
                                   &stale, &detail);
    if (st == EID_ERR_CLOCK)
        return; /* skipped: the clock check already failed on this list */
    if (st != EID_OK) {
        fail(r, EID_CHECK_REVOCATION, st, detail);
        return;
    }
    r->status_sequence = list->sequence;
    revlist_name(list, &r->revocation_list);
    r->has_status_list = 1;
    if (p->status_index >= list->size)
        fail(r, EID_CHECK_REVOCATION, EID_ERR_REVOKED, "the revocation index is outside the list");
    else if (revlist_is_revoked(list, p->status_index))
        fail(r, EID_CHECK_REVOCATION, EID_ERR_REVOKED, "the credential is revoked");
    else if (stale)
        r->stale = 1;
    pass(r, EID_CHECK_REVOCATION);
}

static void record_credential(eid_result *r, const Eid__V1__CredentialPayload *p)
{
    r->doc_type = p->doc_type;
    r->assurance = p->assurance;
    r->valid_from = p->valid_from;
    r->valid_until = p->valid_until;
}

/* Offline: fresh at every now in [created_at - skew, created_at + lifetime],
 * both ends inclusive (the store keeps the entry at least that long). */
static void check_offline(const eid_verifier *v, eid_result *r, int64_t created_at, int64_t now)
{
    if (v->opt.require_challenge)
        fail(r, EID_CHECK_FRESHNESS, EID_ERR_CHALLENGE_REQUIRED, "this verifier requires a challenge");
    else if (created_at < sat_sub(now, v->opt.offline_lifetime))
        fail(r, EID_CHECK_FRESHNESS, EID_ERR_PRESENTATION_EXPIRED, "the presentation is too old");
    else if (created_at > sat_add(now, v->opt.clock_skew))
        fail(r, EID_CHECK_FRESHNESS, EID_ERR_PRESENTATION_EXPIRED, "the presentation is from the future");
    pass(r, EID_CHECK_FRESHNESS);
}

static int asked_for(const request_record *rec, uint32_t doc_type, uint32_t *claims)
{
    for (size_t i = 0; i < rec->n_docs; i++)
        if (rec->doc_type[i] == doc_type) {
            *claims = rec->claims[i];
            return 1;
        }
    return 0;
}

/* Challenge: the request is one this verifier's relying party opened, open at
 * now, the answer was made within the request's lifetime, and it shows one of
 * the requested doc types with exactly the claims asked of it. */
static void check_answer(const eid_verifier *v, eid_result *r, uint32_t doc_type, uint32_t disclosed,
                         int64_t created_at, const uint8_t request_hash[16], int64_t now, uint8_t request_key[16],
                         request_record *asked)
{
    eid_status st = EID_ERR_REQUEST_UNKNOWN; /* a verifier without a relying party opened nothing */
    uint8_t record[EID_REPLAY_RECORD_MAX_BYTES];
    size_t record_len = 0;
    if (v->rp_id != NULL) {
        replay_request_key(v->rp_id, request_hash, request_key);
        st = replay_request_state(v->store, request_key, now, record, &record_len);
        if (st == EID_OK)
            st = request_record_decode(record, record_len, asked);
    }
    uint32_t claims = 0;
    if (st != EID_OK)
        fail(r, EID_CHECK_FRESHNESS, st,
             st == EID_ERR_REPLAYED  ? "the request was already answered"
             : st == EID_ERR_CORRUPT ? "the replay store returned a damaged request record"
                                     : "the request is not open for this relying party");
    else if (now > asked->expires_at)
        fail(r, EID_CHECK_FRESHNESS, EID_ERR_REQUEST_EXPIRED, "the request has expired");
    else if (created_at < sat_sub(asked->created_at, v->opt.clock_skew) || created_at > asked->expires_at)
        fail(r, EID_CHECK_FRESHNESS, EID_ERR_PRESENTATION_EXPIRED, "the answer was made outside the request's lifetime");
    else if (!asked_for(asked, doc_type, &claims))
        fail(r, EID_CHECK_FRESHNESS, EID_ERR_NOT_REQUESTED, "the request did not ask for this doc type");
    else if (disclosed != claims)
        fail(r, EID_CHECK_FRESHNESS, EID_ERR_NOT_REQUESTED, "the answer does not disclose exactly the claims asked");
    pass(r, EID_CHECK_FRESHNESS);
}

/* ---- eid_verifier_check_presentation ---------------------------------------------------------------------- */

static eid_status decode_presentation(eid_result *r, const char *text)
{
    uint8_t bytes[EID_PRESENTATION_MAX_BYTES];
    size_t n = 0;
    eid_status st = present_text_decode(EID_PRESENTATION_TEXT_PREFIX, text, sizeof bytes, bytes, &n);
    if (st != EID_OK)
        return st;
    st = PB_DECODE(Eid__V1__Presentation, eid__v1__presentation__descriptor, bytes, n, sizeof bytes,
                   &r->presentation);
    if (st != EID_OK)
        return st;
    const Eid__V1__Presentation *pr = r->presentation;
    st = PB_DECODE(Eid__V1__PresentationBody, eid__v1__presentation_body__descriptor, pr->body.data,
                   pr->body.len, sizeof bytes, &r->body);
    if (st != EID_OK)
        return st;
    const Eid__V1__PresentationBody *b = r->body;
    if (b->version != 1)
        return b->version == 0 ? EID_ERR_FORMAT : EID_ERR_UNSUPPORTED_VERSION; /* 0: no version at all */
    st = cred_view_of(b->credential, &r->cred);
    if (st != EID_OK)
        return st;
    int offline = b->mode == EID__V1__PRESENTATION_MODE__MODE_OFFLINE;
    if (pr->holder_signature.len != CRY_SIGNATURE_BYTES ||
        (offline && (b->nonce.len != NONCE_BYTES || b->request_hash.len != 0)) ||
        (!offline && (b->nonce.len != 0 || b->request_hash.len != HASH_BYTES)))
        return EID_ERR_FORMAT;
    return EID_OK;
}

eid_status eid_verifier_check_presentation(const eid_verifier *v, const char *text, int64_t now, eid_result **result)
{
    if (result != NULL)
        *result = NULL;
    if (v == NULL || text == NULL || result == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->store == NULL)
        return EID_ERR_STATE; /* a verifier built for inspection and import checks only */
    eid_result *r = result_new();
    if (r == NULL)
        return EID_ERR_NO_MEMORY;
    *result = r;
    eid_status st = decode_presentation(r, text);
    if (st != EID_OK) {
        fail(r, EID_CHECK_FORMAT, st, "not a well-formed EID1 presentation");
        return conclude(r, result);
    }
    pass(r, EID_CHECK_FORMAT);
    const Eid__V1__Presentation *pr = r->presentation;
    const Eid__V1__PresentationBody *b = r->body;
    const Eid__V1__CredentialPayload *p = r->cred.payload;
    record_credential(r, p);

    const Eid__V1__IssuerEntry *key = check_issuer(v, r, b->credential, p, now);

    merkle_node leaves[MERKLE_MAX_LEAVES];
    uint32_t mask;
    int positions_ok = check_disclosures(r, p, b->disclosures, b->n_disclosures, leaves, &mask);
    if (positions_ok) {
        merkle_node root;
        if (merkle_root_from_proof((const merkle_node *)leaves, p->leaf_count, mask, b->proof.data, b->proof.len,
                                   root) != EID_OK)
            fail(r, EID_CHECK_PROOF, EID_ERR_PROOF, "the proof has missing or extra nodes");
        else if (!cry_ct_equal(root, p->merkle_root.data, MERKLE_NODE_BYTES))
            fail(r, EID_CHECK_PROOF, EID_ERR_PROOF, "the disclosures do not give the signed root");
        pass(r, EID_CHECK_PROOF);
    }

    st = cry_sign_verify(pr->holder_signature.data, CRY_CTX_PRESENTATION, pr->body.data, pr->body.len,
                         p->holder_key.data);
    if (st != EID_OK)
        fail(r, EID_CHECK_HOLDER_SIGNATURE, signature_status(st), "the holder signature does not verify");
    pass(r, EID_CHECK_HOLDER_SIGNATURE);

    uint8_t request_key[16];
    request_record asked = {0};
    int challenged = b->mode != EID__V1__PRESENTATION_MODE__MODE_OFFLINE;
    if (!challenged)
        check_offline(v, r, b->created_at, now);
    else if (positions_ok) /* else skipped: the disclosed claims it compares are unknown */
        check_answer(v, r, p->doc_type, mask, b->created_at, b->request_hash.data, now, request_key, &asked);
    r->challenged = challenged;

    check_status(v, r, key, p, now);

    if (all_passed_but(r, EID_CHECK_REPLAY)) {
        st = replay_commit(v->store, p->holder_key.data, pr->holder_signature.data, pr->holder_signature.len,
                           b->created_at, challenged ? request_key : NULL, asked.expires_at, now);
        if (st != EID_OK)
            fail(r, EID_CHECK_REPLAY, st,
                 st == EID_ERR_STORE_FULL ? "the replay store is full" : "the presentation was already used");
        pass(r, EID_CHECK_REPLAY);
    }
    return conclude(r, result);
}

eid_status eid_verifier_check_credential(const eid_verifier *v, const uint8_t *bundle, size_t len, int64_t now,
                                         eid_result **result)
{
    if (result != NULL)
        *result = NULL;
    if (v == NULL || bundle == NULL || result == NULL)
        return EID_ERR_INVALID_ARG;
    eid_result *r = result_new();
    if (r == NULL)
        return EID_ERR_NO_MEMORY;
    *result = r;
    eid_status st = bundle_decode(bundle, len, &r->bundle);
    if (st != EID_OK) {
        fail(r, EID_CHECK_FORMAT, st, "not a well-formed credential bundle");
        return conclude(r, result);
    }
    pass(r, EID_CHECK_FORMAT);
    const Eid__V1__CredentialPayload *p = r->bundle.cred.payload;
    record_credential(r, p);
    const Eid__V1__IssuerEntry *key = check_issuer(v, r, r->bundle.cred.cred, p, now);
    merkle_node leaves[MERKLE_MAX_LEAVES];
    uint32_t mask;
    ProtobufCBinaryData *d = r->bundle.msg->disclosures;
    check_disclosures(r, p, d, r->bundle.msg->n_disclosures, leaves, &mask);
    if (bundle_check_root(&r->bundle) != EID_OK)
        fail(r, EID_CHECK_PROOF, EID_ERR_PROOF, "the leaves do not give the signed root");
    pass(r, EID_CHECK_PROOF);
    check_status(v, r, key, p, now);
    /* a bundle is not a presentation: no holder signature, freshness or replay */
    not_applicable(r, EID_CHECK_HOLDER_SIGNATURE);
    not_applicable(r, EID_CHECK_FRESHNESS);
    not_applicable(r, EID_CHECK_REPLAY);
    return conclude(r, result);
}

eid_status eid_verifier_open_request(const eid_verifier *v, const uint8_t *request, size_t len, int64_t now)
{
    if (v == NULL || request == NULL)
        return EID_ERR_INVALID_ARG;
    if (v->store == NULL)
        return EID_ERR_STATE;
    checked_request c;
    eid_status st = request_check(&v->trust, v->opt.clock_skew, request, len, now, &c);
    if (st != EID_OK)
        return st;
    request_record rec;
    if (v->rp_id == NULL || c.rp->rp_id.len != strlen(v->rp_id) ||
        memcmp(c.rp->rp_id.data, v->rp_id, c.rp->rp_id.len) != 0)
        st = EID_ERR_NOT_ALLOWED; /* another relying party's request */
    else
        st = request_record_of(&c, &rec);
    if (st == EID_OK) {
        uint8_t key[16], record[EID_REPLAY_RECORD_MAX_BYTES];
        replay_request_key(v->rp_id, c.hash, key);
        size_t record_len = request_record_encode(&rec, record);
        /* kept past its expiry so that a late answer is named expired, not unknown */
        st = replay_open_request(v->store, key, record, record_len,
                                 sat_add(rec.expires_at, EID_REQUEST_MAX_LIFETIME), now);
    }
    checked_request_free(&c);
    return st;
}

eid_status eid_verifier_inspect_request(const eid_verifier *v, const uint8_t *request, size_t len, int64_t now,
                                        eid_request_info **info)
{
    if (info != NULL)
        *info = NULL;
    if (v == NULL || request == NULL || info == NULL)
        return EID_ERR_INVALID_ARG;
    checked_request c;
    eid_status st = request_check(&v->trust, v->opt.clock_skew, request, len, now, &c);
    if (st != EID_OK)
        return st;
    st = request_info_new(&c, info);
    checked_request_free(&c);
    return st;
}

/* The checks of eid_verifier_check_issuance() for 1..max_keys distinct new keys
 * (copied to keys[0..*n_keys)); *doc_type receives the body's document. */
static eid_status issuance_check(const eid_verifier *v, const uint8_t *request, size_t len, const uint8_t *challenge,
                                 size_t challenge_len, int64_t now, size_t max_keys, uint8_t *keys, size_t *n_keys,
                                 uint32_t *key_protection, char personal_id[13], uint32_t *doc_type)
{
    Eid__V1__IssuanceRequest *req = NULL;
    Eid__V1__IssuanceBody *body = NULL;
    eid_result *r = NULL;
    eid_status st = PB_DECODE(Eid__V1__IssuanceRequest, eid__v1__issuance_request__descriptor, request, len,
                              ISSUANCE_MAX_BYTES, &req);
    if (st == EID_OK)
        st = PB_DECODE(Eid__V1__IssuanceBody, eid__v1__issuance_body__descriptor, req->body.data, req->body.len,
                       ISSUANCE_MAX_BYTES, &body);
    if (st != EID_OK)
        goto done;
    st = EID_ERR_FORMAT;
    if (body->version != 1 || body->n_holder_keys == 0 || body->n_holder_keys > max_keys ||
        req->n_key_signatures != body->n_holder_keys || req->identity_signature.len != CRY_SIGNATURE_BYTES)
        goto done;
    for (size_t i = 0; i < body->n_holder_keys; i++) {
        if (body->holder_keys[i].len != 32 || req->key_signatures[i].len != CRY_SIGNATURE_BYTES)
            goto done;
        for (size_t j = 0; j < i; j++) /* one key per credential: a repeated key would link two of them */
            if (memcmp(body->holder_keys[i].data, body->holder_keys[j].data, 32) == 0)
                goto done;
    }
    if (body->challenge.len != challenge_len || !cry_ct_equal(body->challenge.data, challenge, challenge_len)) {
        st = EID_ERR_WRONG_CHALLENGE;
        goto done;
    }
    r = result_new();
    if (r == NULL) {
        st = EID_ERR_NO_MEMORY;
        goto done;
    }
    st = cred_decode(body->identity.data, body->identity.len, &r->cred);
    if (st != EID_OK)
        goto done;
    const Eid__V1__CredentialPayload *p = r->cred.payload;
    if (p->doc_type != EID_DOC_IDENTITY) {
        st = EID_ERR_FORMAT;
        goto done;
    }
    pass(r, EID_CHECK_FORMAT);
    const Eid__V1__IssuerEntry *key = check_issuer(v, r, r->cred.cred, p, now);
    merkle_node leaves[MERKLE_MAX_LEAVES];
    uint32_t mask;
    if (check_disclosures(r, p, body->disclosures, body->n_disclosures, leaves, &mask)) {
        merkle_node root;
        if (merkle_root_from_proof((const merkle_node *)leaves, p->leaf_count, mask, body->proof.data,
                                   body->proof.len, root) != EID_OK ||
            !cry_ct_equal(root, p->merkle_root.data, MERKLE_NODE_BYTES))
            fail(r, EID_CHECK_PROOF, EID_ERR_PROOF, "the disclosures do not give the signed root");
        pass(r, EID_CHECK_PROOF);
    }
    check_status(v, r, key, p, now);
    eid_status possession = cry_sign_verify(req->identity_signature.data, CRY_CTX_ISSUANCE, req->body.data,
                                            req->body.len, p->holder_key.data);
    for (size_t i = 0; i < body->n_holder_keys && possession == EID_OK; i++)
        possession = cry_sign_verify(req->key_signatures[i].data, CRY_CTX_ISSUANCE, req->body.data, req->body.len,
                                     body->holder_keys[i].data);
    if (possession != EID_OK)
        fail(r, EID_CHECK_HOLDER_SIGNATURE, signature_status(possession), "a proof of possession does not verify");
    pass(r, EID_CHECK_HOLDER_SIGNATURE);
    /* the issuer's own challenge, compared above, stands for freshness and replay */
    not_applicable(r, EID_CHECK_FRESHNESS);
    not_applicable(r, EID_CHECK_REPLAY);
    st = r->out_of_memory ? EID_ERR_NO_MEMORY : finish(r);
    if (st != EID_OK)
        goto done;
    st = EID_ERR_NOT_FOUND;
    for (size_t i = 0; i < r->n_claims; i++)
        if (r->claims[i].number == 0 && r->claims[i].bytes_len == 12) {
            memcpy(personal_id, r->claims[i].bytes, 12);
            personal_id[12] = '\0';
            for (size_t k = 0; k < body->n_holder_keys; k++)
                memcpy(keys + 32 * k, body->holder_keys[k].data, 32);
            *n_keys = body->n_holder_keys;
            *key_protection = (uint32_t)body->key_protection;
            *doc_type = body->doc_type;
            st = EID_OK;
        }
done:
    eid_result_free(r);
    pb_free((ProtobufCMessage *)body);
    pb_free((ProtobufCMessage *)req);
    return st;
}

eid_status eid_verifier_check_issuance(const eid_verifier *v, const uint8_t *request, size_t len,
                                       const uint8_t *challenge,
                                       size_t challenge_len, int64_t now, uint8_t holder_key[32],
                                       uint32_t *key_protection,
                                       char personal_id[13])
{
    if (v == NULL || request == NULL || challenge == NULL || holder_key == NULL || key_protection == NULL ||
        personal_id == NULL)
        return EID_ERR_INVALID_ARG;
    size_t n = 0;
    uint32_t doc_type = 0;
    eid_status st = issuance_check(v, request, len, challenge, challenge_len, now, 1, holder_key, &n,
                                   key_protection, personal_id, &doc_type);
    if (st == EID_OK && doc_type != 0) /* a batch refill goes through eid_verifier_check_refill */
        st = EID_ERR_FORMAT;
    return st;
}

eid_status eid_verifier_check_refill(const eid_verifier *v, const uint8_t *request, size_t len,
                                     const uint8_t *challenge, size_t challenge_len, int64_t now, uint32_t *doc_type,
                                     uint8_t *holder_keys, size_t cap, size_t *n_keys, uint32_t *key_protection,
                                     char personal_id[13])
{
    if (n_keys != NULL)
        *n_keys = 0;
    if (v == NULL || request == NULL || challenge == NULL || doc_type == NULL || holder_keys == NULL ||
        n_keys == NULL || key_protection == NULL || personal_id == NULL || cap == 0)
        return EID_ERR_INVALID_ARG;
    Eid__V1__BatchRefillRequest *req = NULL;
    eid_status st = PB_DECODE(Eid__V1__BatchRefillRequest, eid__v1__batch_refill_request__descriptor, request,
                              len, ISSUANCE_MAX_BYTES + 16, &req);
    if (st != EID_OK)
        return st;
    if (req->version != 1)
        st = req->version == 0 ? EID_ERR_FORMAT : EID_ERR_UNSUPPORTED_VERSION;
    if (st == EID_OK)
        st = issuance_check(v, req->issuance.data, req->issuance.len, challenge, challenge_len, now,
                            cap < ISSUANCE_MAX_KEYS ? cap : ISSUANCE_MAX_KEYS, holder_keys, n_keys,
                            key_protection, personal_id, doc_type);
    if (st == EID_OK && eid_doc_type_name(*doc_type) == NULL) {
        *n_keys = 0;
        st = EID_ERR_FORMAT;
    }
    pb_free((ProtobufCMessage *)req);
    return st;
}

/* ---- result accessors ---------------------------------------------------------------- */

eid_status eid_result_status(const eid_result *r) { return r ? r->status : EID_ERR_INVALID_ARG; }

eid_check_outcome eid_result_check(const eid_result *r, eid_check c, eid_status *status)
{
    if (r == NULL || (unsigned)c >= EID_CHECK_COUNT) {
        if (status)
            *status = EID_ERR_INVALID_ARG;
        return EID_CHECK_SKIPPED;
    }
    if (status)
        *status = r->checks[c].status;
    return r->checks[c].outcome;
}

const char *eid_result_check_detail(const eid_result *r, eid_check c)
{
    if (r == NULL || (unsigned)c >= EID_CHECK_COUNT)
        return "";
    return r->checks[c].detail;
}

const char *eid_check_name(eid_check c)
{
    static const char *const names[EID_CHECK_COUNT] = {
        "format", "clock", "trust_list", "issuer_key", "issuer_signature", "validity", "assurance",
        "disclosures", "proof", "holder_signature", "freshness", "revocation", "replay"};
    return (unsigned)c < EID_CHECK_COUNT ? names[c] : "unknown";
}

size_t eid_check_count(void) { return EID_CHECK_COUNT; }

uint32_t eid_result_doc_type(const eid_result *r) { return r ? r->doc_type : 0; }
uint32_t eid_result_assurance(const eid_result *r) { return r ? r->assurance : 0; }
const char *eid_result_issuer_id(const eid_result *r) { return r ? r->issuer_id : ""; }
const char *eid_result_issuer_name(const eid_result *r) { return r ? r->issuer_name : ""; }
int32_t eid_result_valid_from(const eid_result *r) { return r ? r->valid_from : 0; }
int32_t eid_result_valid_until(const eid_result *r) { return r ? r->valid_until : 0; }
int eid_result_challenged(const eid_result *r) { return r ? r->challenged : 0; }
int eid_result_stale(const eid_result *r) { return r ? r->stale : 0; }
size_t eid_result_claim_count(const eid_result *r) { return r ? r->n_claims : 0; }
const eid_claim *eid_result_claim(const eid_result *r, size_t i)
{
    return r != NULL && i < r->n_claims ? &r->claims[i] : NULL;
}
uint64_t eid_result_trust_sequence(const eid_result *r) { return r ? r->trust_sequence : 0; }
uint64_t eid_result_revocation_sequence(const eid_result *r) { return r ? r->status_sequence : 0; }

eid_status eid_result_revocation_list(const eid_result *r, eid_revocation_list_name *name)
{
    if (name != NULL)
        memset(name, 0, sizeof *name);
    if (r == NULL || name == NULL)
        return EID_ERR_INVALID_ARG;
    if (!r->has_status_list)
        return EID_ERR_NOT_FOUND;
    *name = r->revocation_list;
    return EID_OK;
}

/* ---- the loaded revocation lists ------------------------------------------------------------ */

size_t eid_verifier_revocation_list_count(const eid_verifier *v) { return v ? v->n_lists : 0; }

eid_status eid_verifier_revocation_list(const eid_verifier *v, size_t index, int64_t now,
                                        eid_revocation_list_name *name)
{
    if (name != NULL)
        memset(name, 0, sizeof *name);
    if (v == NULL || name == NULL || index >= v->n_lists)
        return EID_ERR_INVALID_ARG;
    const revlist *s = &v->lists[index];
    revlist_name(s, name);
    if (sat_add(now, v->opt.clock_skew) < v->newest_issued_at)
        return EID_ERR_CLOCK; /* nothing verifies at this clock */
    int stale = 0;
    const char *detail = "";
    return revlist_usable(s, now, v->opt.clock_skew, v->opt.max_revocation_age, v->opt.allowed_staleness, &stale,
                          &detail);
}
