/* SPDX-License-Identifier: Apache-2.0 */
/* Building a verifier (options, trust and revocation lists), the loaded
 * revocation lists, and the opening and inspection of requests. The checks are
 * in verify_checks.c and issuance_check.c, the result in result.c. */
#include <string.h>

#include "common/alloc.h"
#include "common/checked.h"
#include "common/text.h"
#include "verify/request_check.h"
#include "verify/verifier_internal.h"

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

/* ---- requests ------------------------------------------------------------------------ */

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
