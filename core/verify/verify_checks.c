/* SPDX-License-Identifier: Apache-2.0 */
/* Verification in the order of docs/FORMAT.md ("Verification"): every check
 * runs when what it needs is there, each outcome is recorded, and the replay
 * store is written only after all the others passed. */
#include <string.h>

#include "claims/schema.h"
#include "common/checked.h"
#include "common/pb.h"
#include "common/text.h"
#include "present/presentation.h"
#include "verify/request_check.h"
#include "verify/verifier_internal.h"

/* A failed signature check is BAD_SIGNATURE unless it could not run. */
eid_status verify_signature_status(eid_status st) { return st == EID_ERR_NO_MEMORY ? st : EID_ERR_BAD_SIGNATURE; }

static void copy_text(char *dst, size_t cap, const ProtobufCBinaryData *src)
{
    size_t n = src->len < cap - 1 ? src->len : cap - 1;
    memcpy(dst, src->data, n);
    dst[n] = '\0';
}

/* ---- the checks --------------------------------------------------------------------- */

/* Clock, trust list, issuer key, issuer signature, validity, assurance. */
const Eid__V1__IssuerEntry *verify_check_issuer(const eid_verifier *v, eid_result *r, const Eid__V1__Credential *cred,
                                                const Eid__V1__CredentialPayload *p, int64_t now)
{
    const eid_verifier_options *o = &v->opt;
    if (sat_add(now, o->clock_skew) < v->newest_issued_at)
        result_fail(r, EID_CHECK_CLOCK, EID_ERR_CLOCK, "the clock is earlier than a loaded list was issued");
    result_pass(r, EID_CHECK_CLOCK);

    const Eid__V1__TrustListBody *tb = v->trust.body;
    r->trust_sequence = tb->sequence;
    if (now > tb->expires_at)
        result_fail(r, EID_CHECK_TRUST_LIST, EID_ERR_LIST_EXPIRED, "the trust list has expired");
    else if (now > sat_add(tb->next_update, o->allowed_staleness))
        result_fail(r, EID_CHECK_TRUST_LIST, EID_ERR_LIST_STALE, "the trust list is past its next update");
    else if (now > tb->next_update)
        r->stale = 1;
    result_pass(r, EID_CHECK_TRUST_LIST);

    int32_t today = eid_day_of(now);
    const Eid__V1__IssuerEntry *key = trust_find_key(&v->trust, p->issuer_key_id.data, p->issuer_key_id.len);
    if (key == NULL) {
        result_fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "the issuer key is not in the trust list");
    } else {
        copy_text(r->issuer_id, sizeof r->issuer_id, &key->issuer_id);
        copy_text(r->issuer_name, sizeof r->issuer_name, &key->name);
        if (!(key->usage & EID_USAGE_CREDENTIAL))
            result_fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "the issuer key may not sign credentials");
        else if (!trust_allows_doc(key, p->doc_type))
            result_fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "the issuer key may not sign this doc type");
        else if (p->assurance > key->max_assurance)
            result_fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER,
                        "the issuer key may not sign this assurance");
        else if (p->issued_on < key->sign_from || p->issued_on > key->sign_until)
            result_fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "issued outside the key's signing window");
        else if (today > key->verify_until)
            result_fail(r, EID_CHECK_ISSUER_KEY, EID_ERR_UNTRUSTED_ISSUER, "the key's verifying window has ended");
        result_pass(r, EID_CHECK_ISSUER_KEY);
        eid_status sig = cry_sign_verify(cred->issuer_signature.data, CRY_CTX_CREDENTIAL, cred->payload.data,
                                         cred->payload.len, key->public_key.data);
        if (sig != EID_OK)
            result_fail(r, EID_CHECK_ISSUER_SIGNATURE, verify_signature_status(sig),
                        "the issuer signature does not verify");
        result_pass(r, EID_CHECK_ISSUER_SIGNATURE);
    }

    int32_t latest_day = eid_day_of(sat_add(now, o->clock_skew));
    if (latest_day < p->valid_from)
        result_fail(r, EID_CHECK_VALIDITY, EID_ERR_NOT_YET_VALID, "the credential is not yet valid");
    else if (latest_day < p->issued_on)
        result_fail(r, EID_CHECK_VALIDITY, EID_ERR_NOT_YET_VALID, "the credential was issued after today");
    else if (eid_day_of(sat_sub(now, o->clock_skew)) > p->valid_until)
        result_fail(r, EID_CHECK_VALIDITY, EID_ERR_EXPIRED, "the credential has expired");
    result_pass(r, EID_CHECK_VALIDITY);

    if (p->assurance < o->min_assurance)
        result_fail(r, EID_CHECK_ASSURANCE, EID_ERR_WRONG_LEVEL, "the credential's assurance is below the minimum");
    result_pass(r, EID_CHECK_ASSURANCE);
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
int verify_check_disclosures(eid_result *r, const Eid__V1__CredentialPayload *p, const ProtobufCBinaryData *d,
                             size_t n, merkle_node *leaves, uint32_t *mask)
{
    const doc_schema *schema = schema_get(p->doc_type);
    int positions_ok = n > 0;
    if (n == 0)
        result_fail(r, EID_CHECK_DISCLOSURES, EID_ERR_FORMAT, "nothing is disclosed");
    *mask = 0;
    for (size_t i = 0; i < n && i < p->leaf_count; i++) {
        disclosure_view *dv = &r->views[r->n_views];
        eid_status st = disclosure_decode(d[i].data, d[i].len, dv);
        if (st != EID_OK) {
            result_fail(r, EID_CHECK_DISCLOSURES, st == EID_ERR_NO_MEMORY ? st : EID_ERR_FORMAT,
                        "a disclosure is not canonical");
            positions_ok = 0;
            continue;
        }
        r->n_views++;
        uint32_t pos = dv->claim.number;
        if (pos >= p->leaf_count || (*mask >> pos) != 0) {
            result_fail(r, EID_CHECK_DISCLOSURES, EID_ERR_FORMAT,
                        "claims repeat, are out of order or outside the tree");
            positions_ok = 0;
            continue;
        }
        *mask |= 1u << pos;
        merkle_leaf(leaves[pos], d[i].data, d[i].len);
        const claim_schema *cs = schema_claim(schema, pos);
        eid_status text = EID_OK;
        if (dv->msg->salt.len != SALT_BYTES)
            result_fail(r, EID_CHECK_DISCLOSURES, EID_ERR_FORMAT, "a salt is not 16 bytes");
        else if ((text = text_values_check(&dv->claim)) != EID_OK)
            result_fail(r, EID_CHECK_DISCLOSURES, text, "text breaks the text rule (NFC, no controls)");
        else if (cs == NULL)
            result_fail(r, EID_CHECK_DISCLOSURES, EID_ERR_INVALID_CLAIM, "a claim number unknown to the doc type");
        else if (schema_validate_text_checked(cs, &dv->claim) != EID_OK) /* text_values_check ran the text rule */
            result_fail(r, EID_CHECK_DISCLOSURES, EID_ERR_INVALID_CLAIM, "a value is not valid for its claim");
    }
    if (n > p->leaf_count) {
        result_fail(r, EID_CHECK_DISCLOSURES, EID_ERR_FORMAT, "more disclosures than leaves");
        positions_ok = 0;
    }
    result_pass(r, EID_CHECK_DISCLOSURES);
    return positions_ok;
}

void verify_check_status(const eid_verifier *v, eid_result *r, const Eid__V1__IssuerEntry *key,
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
        result_fail(r, EID_CHECK_REVOCATION, EID_ERR_NO_REVOCATION_LIST,
                    "no revocation list is loaded for this credential");
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
        result_fail(r, EID_CHECK_REVOCATION, st, detail);
        return;
    }
    r->status_sequence = list->sequence;
    revlist_name(list, &r->revocation_list);
    r->has_status_list = 1;
    if (p->status_index >= list->size)
        result_fail(r, EID_CHECK_REVOCATION, EID_ERR_REVOKED, "the revocation index is outside the list");
    else if (revlist_is_revoked(list, p->status_index))
        result_fail(r, EID_CHECK_REVOCATION, EID_ERR_REVOKED, "the credential is revoked");
    else if (stale)
        r->stale = 1;
    result_pass(r, EID_CHECK_REVOCATION);
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
        result_fail(r, EID_CHECK_FRESHNESS, EID_ERR_CHALLENGE_REQUIRED, "this verifier requires a challenge");
    else if (created_at < sat_sub(now, v->opt.offline_lifetime))
        result_fail(r, EID_CHECK_FRESHNESS, EID_ERR_PRESENTATION_EXPIRED, "the presentation is too old");
    else if (created_at > sat_add(now, v->opt.clock_skew))
        result_fail(r, EID_CHECK_FRESHNESS, EID_ERR_PRESENTATION_EXPIRED, "the presentation is from the future");
    result_pass(r, EID_CHECK_FRESHNESS);
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

/* Why a replay store that lives outside the process (eid/fleet.h) gave no
 * answer: the verification fails closed with that status. */
static const char *replay_store_failure(eid_status st)
{
    return st == EID_ERR_ACCESS_DENIED ? "the replay store refused the verifier's credentials"
                                       : "the replay store did not answer in time or answered nonsense";
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
        result_fail(r, EID_CHECK_FRESHNESS, st,
                    st == EID_ERR_REPLAYED                                       ? "the request was already answered"
                    : st == EID_ERR_CORRUPT                                      ? "the replay store returned a damaged request record"
                    : st == EID_ERR_UNAVAILABLE || st == EID_ERR_ACCESS_DENIED ? replay_store_failure(st)
                                                                                 : "the request is not open for this relying party");
    else if (now > asked->expires_at)
        result_fail(r, EID_CHECK_FRESHNESS, EID_ERR_REQUEST_EXPIRED, "the request has expired");
    else if (created_at < sat_sub(asked->created_at, v->opt.clock_skew) || created_at > asked->expires_at)
        result_fail(r, EID_CHECK_FRESHNESS, EID_ERR_PRESENTATION_EXPIRED,
                    "the answer was made outside the request's lifetime");
    else if (!asked_for(asked, doc_type, &claims))
        result_fail(r, EID_CHECK_FRESHNESS, EID_ERR_NOT_REQUESTED, "the request did not ask for this doc type");
    else if (disclosed != claims)
        result_fail(r, EID_CHECK_FRESHNESS, EID_ERR_NOT_REQUESTED,
                    "the answer does not disclose exactly the claims asked");
    result_pass(r, EID_CHECK_FRESHNESS);
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
        result_fail(r, EID_CHECK_FORMAT, st, "not a well-formed EID1 presentation");
        return result_conclude(r, result);
    }
    result_pass(r, EID_CHECK_FORMAT);
    const Eid__V1__Presentation *pr = r->presentation;
    const Eid__V1__PresentationBody *b = r->body;
    const Eid__V1__CredentialPayload *p = r->cred.payload;
    record_credential(r, p);

    const Eid__V1__IssuerEntry *key = verify_check_issuer(v, r, b->credential, p, now);

    merkle_node leaves[MERKLE_MAX_LEAVES];
    uint32_t mask;
    int positions_ok = verify_check_disclosures(r, p, b->disclosures, b->n_disclosures, leaves, &mask);
    if (positions_ok) {
        merkle_node root;
        if (merkle_root_from_proof((const merkle_node *)leaves, p->leaf_count, mask, b->proof.data, b->proof.len,
                                   root) != EID_OK)
            result_fail(r, EID_CHECK_PROOF, EID_ERR_PROOF, "the proof has missing or extra nodes");
        else if (!cry_ct_equal(root, p->merkle_root.data, MERKLE_NODE_BYTES))
            result_fail(r, EID_CHECK_PROOF, EID_ERR_PROOF, "the disclosures do not give the signed root");
        result_pass(r, EID_CHECK_PROOF);
    }

    st = cry_sign_verify(pr->holder_signature.data, CRY_CTX_PRESENTATION, pr->body.data, pr->body.len,
                         p->holder_key.data);
    if (st != EID_OK)
        result_fail(r, EID_CHECK_HOLDER_SIGNATURE, verify_signature_status(st), "the holder signature does not verify");
    result_pass(r, EID_CHECK_HOLDER_SIGNATURE);

    uint8_t request_key[16];
    request_record asked = {0};
    int challenged = b->mode != EID__V1__PRESENTATION_MODE__MODE_OFFLINE;
    if (!challenged)
        check_offline(v, r, b->created_at, now);
    else if (positions_ok) /* else skipped: the disclosed claims it compares are unknown */
        check_answer(v, r, p->doc_type, mask, b->created_at, b->request_hash.data, now, request_key, &asked);
    r->challenged = challenged;

    verify_check_status(v, r, key, p, now);

    if (result_all_passed_but(r, EID_CHECK_REPLAY)) {
        st = replay_commit(v->store, p->holder_key.data, pr->holder_signature.data, pr->holder_signature.len,
                           b->created_at, challenged ? request_key : NULL, asked.expires_at, now);
        if (st != EID_OK)
            result_fail(r, EID_CHECK_REPLAY, st,
                        st == EID_ERR_STORE_FULL                                     ? "the replay store is full"
                        : st == EID_ERR_UNAVAILABLE || st == EID_ERR_ACCESS_DENIED ? replay_store_failure(st)
                        : st == EID_ERR_REPLAYED || st == EID_ERR_REQUEST_UNKNOWN
                            ? "the presentation was already used"
                            : "the replay store failed");
        result_pass(r, EID_CHECK_REPLAY);
    }
    return result_conclude(r, result);
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
        result_fail(r, EID_CHECK_FORMAT, st, "not a well-formed credential bundle");
        return result_conclude(r, result);
    }
    result_pass(r, EID_CHECK_FORMAT);
    const Eid__V1__CredentialPayload *p = r->bundle.cred.payload;
    record_credential(r, p);
    const Eid__V1__IssuerEntry *key = verify_check_issuer(v, r, r->bundle.cred.cred, p, now);
    merkle_node leaves[MERKLE_MAX_LEAVES];
    uint32_t mask;
    ProtobufCBinaryData *d = r->bundle.msg->disclosures;
    verify_check_disclosures(r, p, d, r->bundle.msg->n_disclosures, leaves, &mask);
    if (bundle_check_root(&r->bundle) != EID_OK)
        result_fail(r, EID_CHECK_PROOF, EID_ERR_PROOF, "the leaves do not give the signed root");
    result_pass(r, EID_CHECK_PROOF);
    verify_check_status(v, r, key, p, now);
    /* a bundle is not a presentation: no holder signature, freshness or replay */
    result_not_applicable(r, EID_CHECK_HOLDER_SIGNATURE);
    result_not_applicable(r, EID_CHECK_FRESHNESS);
    result_not_applicable(r, EID_CHECK_REPLAY);
    return result_conclude(r, result);
}
