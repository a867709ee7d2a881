/* SPDX-License-Identifier: Apache-2.0 */
/* Trust and revocation lists, the verifier side: loading, lookups, and the
 * public reading of a revocation list's name. */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "claims/schema.h"
#include "common/pb.h"
#include "common/text.h"
#include "crypto/crypto.h"
#include "verify/list_wire.h"
#include "verify/lists.h"

/* ---- trust lists ---------------------------------------------------------- */

eid_status trust_load(const uint8_t *b, size_t n, const uint8_t (*roots)[32], size_t n_roots, size_t k,
                      uint64_t min_sequence, trust_set *t)
{
    memset(t, 0, sizeof *t);
    if (b == NULL || roots == NULL || n_roots == 0 || n_roots > TRUST_MAX_SIGNATURES || k == 0 || k > n_roots)
        return EID_ERR_INVALID_ARG;
    uint8_t pinned[TRUST_MAX_SIGNATURES][EID_KEY_ID_BYTES];
    for (size_t r = 0; r < n_roots; r++) {
        cry_key_id(pinned[r], roots[r]);
        for (size_t q = 0; q < r; q++)
            if (memcmp(pinned[q], pinned[r], EID_KEY_ID_BYTES) == 0)
                return EID_ERR_INVALID_ARG; /* one root pinned twice would count twice toward k */
    }
    if (n > TRUST_LIST_MAX_BYTES)
        return EID_ERR_TOO_LARGE;
    /* Signatures first, from the envelope alone: nothing is decoded, and
     * nothing allocated, before the body is trusted. Each pinned root is
     * looked up once, and only entries naming a pinned root are verified. */
    wire_span body;
    wire_root_sig sigs[TRUST_MAX_SIGNATURES];
    size_t n_sigs = 0, valid = 0;
    eid_status st = wire_trust_list(b, n, &body, sigs, &n_sigs);
    if (st != EID_OK)
        return st;
    for (size_t r = 0; r < n_roots && valid < k; r++)
        for (size_t i = 0; i < n_sigs; i++)
            if (memcmp(sigs[i].key_id, pinned[r], EID_KEY_ID_BYTES) == 0) {
                st = cry_sign_verify(sigs[i].signature, CRY_CTX_TRUST, body.data, body.len, roots[r]);
                if (st == EID_ERR_NO_MEMORY)
                    return st; /* not a verdict on the list */
                valid += st == EID_OK;
                break;
            }
    if (valid < k)
        return EID_ERR_UNTRUSTED_LIST;
    st = PB_DECODE(Eid__V1__TrustListBody, eid__v1__trust_list_body__descriptor, body.data, body.len,
                   TRUST_LIST_MAX_BYTES, &t->body);
    if (st == EID_OK)
        st = trust_body_check(t->body);
    if (st == EID_OK && t->body->sequence < min_sequence)
        st = EID_ERR_LIST_ROLLBACK;
    if (st != EID_OK)
        trust_free(t);
    return st;
}

void trust_free(trust_set *t)
{
    if (t == NULL)
        return;
    pb_free((ProtobufCMessage *)t->body);
    memset(t, 0, sizeof *t);
}

const Eid__V1__IssuerEntry *trust_find_key(const trust_set *t, const uint8_t *key_id, size_t len)
{
    for (size_t i = 0; i < t->body->n_issuers; i++) {
        const Eid__V1__IssuerEntry *e = t->body->issuers[i];
        if (e->key_id.len == len && memcmp(e->key_id.data, key_id, len) == 0)
            return e;
    }
    return NULL;
}

const Eid__V1__RelyingPartyEntry *trust_find_rp(const trust_set *t, const uint8_t *rp_id, size_t len)
{
    for (size_t i = 0; i < t->body->n_relying_parties; i++) {
        const Eid__V1__RelyingPartyEntry *r = t->body->relying_parties[i];
        if (r->rp_id.len == len && memcmp(r->rp_id.data, rp_id, len) == 0)
            return r;
    }
    return NULL;
}

int trust_allows_doc(const Eid__V1__IssuerEntry *e, uint32_t doc_type)
{
    for (size_t i = 0; i < e->n_doc_types; i++)
        if (e->doc_types[i] == doc_type)
            return 1;
    return 0;
}

/* ---- revocation lists ---------------------------------------------------------- */

/* Minimal LEB128 varint of at most 32 bits. Returns bytes read, 0 on error. */
static size_t read_varint(const uint8_t *p, size_t n, uint32_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n && i < 5; i++) {
        v |= (uint64_t)(p[i] & 0x7F) << (7 * i);
        if (!(p[i] & 0x80)) {
            if ((i > 0 && p[i] == 0) || v > UINT32_MAX)
                return 0; /* non-minimal or too large */
            *out = (uint32_t)v;
            return i + 1;
        }
    }
    return 0;
}

static eid_status decode_revoked(const ProtobufCBinaryData *d, uint32_t size, revlist *s)
{
    /* Every index takes at least one byte, so d->len bounds the count. */
    if (d->len > size)
        return EID_ERR_FORMAT;
    s->revoked = mem_alloc((d->len ? d->len : 1) * sizeof *s->revoked);
    if (s->revoked == NULL)
        return EID_ERR_NO_MEMORY;
    uint64_t index = 0;
    for (size_t off = 0; off < d->len;) {
        uint32_t v;
        size_t used = read_varint(d->data + off, d->len - off, &v);
        if (used == 0 || (s->n_revoked > 0 && v == 0))
            return EID_ERR_FORMAT;
        index = s->n_revoked == 0 ? v : index + v;
        if (index >= size)
            return EID_ERR_FORMAT;
        s->revoked[s->n_revoked++] = (uint32_t)index;
        off += used;
    }
    return EID_OK;
}

eid_status revlist_load(const uint8_t *b, size_t n, const trust_set *t, int64_t clock_skew, uint64_t min_sequence,
                        revlist *s)
{
    memset(s, 0, sizeof *s);
    if (b == NULL)
        return EID_ERR_INVALID_ARG;
    if (n > REVOCATION_LIST_MAX_BYTES)
        return EID_ERR_TOO_LARGE;
    /* Until the signature verifies, only the envelope and the key id are
     * read, in place: an unauthenticated list allocates nothing. */
    wire_span signed_body;
    const uint8_t *signature;
    wire_revlist_peek peek;
    eid_status st = wire_revlist(b, n, &signed_body, &signature);
    if (st == EID_OK)
        st = wire_revlist_body(signed_body.data, signed_body.len, &peek);
    if (st != EID_OK)
        return st;
    const Eid__V1__IssuerEntry *key = trust_find_key(t, peek.key_id.data, peek.key_id.len);
    /* The earliest clock at which this verifier can verify anything is the
     * trust list's issued_at less the skew (an earlier one fails the clock
     * check); a key whose verifying window closed before that day can never
     * make this list count, so it is refused like an unknown key. */
    if (key == NULL || !(key->usage & EID_USAGE_REVOCATION) ||
        key->verify_until < eid_day_of(sat_sub(t->body->issued_at, clock_skew)))
        return EID_ERR_UNTRUSTED_ISSUER;
    st = cry_sign_verify(signature, CRY_CTX_REVOCATION, signed_body.data, signed_body.len, key->public_key.data);
    if (st != EID_OK)
        return st;
    Eid__V1__StatusListBody *body = NULL;
    st = PB_DECODE(Eid__V1__StatusListBody, eid__v1__status_list_body__descriptor, signed_body.data,
                   signed_body.len, REVOCATION_LIST_MAX_BYTES, &body);
    if (st != EID_OK)
        return st;
    st = pb_text_field(&body->issuer_id, ID_MAX_BYTES, 0);
    if (st != EID_OK)
        goto done;
    st = EID_ERR_FORMAT;
    if (body->size == 0 || body->size > EID_REVOCATION_LIST_MAX_SIZE ||
        body->issued_at > body->next_update || schema_get(body->doc_type) == NULL)
        goto done;
    int32_t day = eid_day_of(body->issued_at);
    if (!pb_bytes_equal(&key->issuer_id, &body->issuer_id) || !trust_allows_doc(key, body->doc_type) ||
        day < key->sign_from || day > key->sign_until) {
        st = EID_ERR_UNTRUSTED_ISSUER;
        goto done;
    }
    if (body->sequence < min_sequence) {
        st = EID_ERR_LIST_ROLLBACK;
        goto done;
    }
    st = decode_revoked(&body->revoked, body->size, s);
    if (st != EID_OK)
        goto done;
    memcpy(s->issuer_id, body->issuer_id.data, body->issuer_id.len);
    s->issuer_id_len = body->issuer_id.len;
    s->list_id = body->list_id;
    s->doc_type = body->doc_type;
    s->size = body->size;
    s->sequence = body->sequence;
    s->issued_at = body->issued_at;
    s->next_update = body->next_update;
    s->key_verify_until = key->verify_until;
done:
    if (st != EID_OK)
        revlist_free(s);
    pb_free((ProtobufCMessage *)body);
    return st;
}

void revlist_free(revlist *s)
{
    if (s == NULL)
        return;
    mem_free(s->revoked);
    memset(s, 0, sizeof *s);
}

int revlist_is_revoked(const revlist *s, uint32_t index)
{
    size_t lo = 0, hi = s->n_revoked;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->revoked[mid] == index)
            return 1;
        if (s->revoked[mid] < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

eid_status revlist_usable(const revlist *s, int64_t now, int64_t clock_skew, int64_t max_age,
                          int64_t allowed_staleness, int *stale, const char **detail)
{
    *stale = 0;
    if (s->issued_at > sat_add(now, clock_skew)) {
        *detail = "the revocation list was issued after the verifier's clock";
        return EID_ERR_CLOCK;
    }
    if (eid_day_of(now) > s->key_verify_until) {
        *detail = "the revocation list's key is past its verifying window";
        return EID_ERR_UNTRUSTED_ISSUER;
    }
    if (now > sat_add(s->issued_at, max_age)) {
        *detail = "the revocation list is older than the verifier's maximum age";
        return EID_ERR_LIST_EXPIRED;
    }
    if (now > sat_add(s->next_update, allowed_staleness)) {
        *detail = "the revocation list is past its next update";
        return EID_ERR_LIST_STALE;
    }
    *stale = now > s->next_update;
    *detail = "";
    return EID_OK;
}

void revlist_name(const revlist *s, eid_revocation_list_name *name)
{
    memset(name, 0, sizeof *name);
    memcpy(name->issuer_id, s->issuer_id, s->issuer_id_len);
    name->doc_type = s->doc_type;
    name->list_id = s->list_id;
    name->sequence = s->sequence;
    name->issued_at = s->issued_at;
    name->next_update = s->next_update;
}

size_t eid_issuer_id_max_bytes(void) { return EID_ISSUER_ID_MAX_BYTES; }

eid_status eid_revocation_list_peek(const uint8_t *list, size_t len, eid_revocation_list_name *name)
{
    if (name != NULL)
        memset(name, 0, sizeof *name);
    if (list == NULL || name == NULL)
        return EID_ERR_INVALID_ARG;
    if (len > REVOCATION_LIST_MAX_BYTES)
        return EID_ERR_TOO_LARGE;
    wire_span body;
    const uint8_t *signature;
    wire_revlist_peek peek;
    eid_status st = wire_revlist(list, len, &body, &signature);
    if (st == EID_OK)
        st = wire_revlist_body(body.data, body.len, &peek);
    if (st != EID_OK)
        return st;
    if (peek.issuer_id.len == 0 || text_check(peek.issuer_id.data, peek.issuer_id.len, ID_MAX_BYTES) != EID_OK)
        return EID_ERR_FORMAT;
    memcpy(name->issuer_id, peek.issuer_id.data, peek.issuer_id.len);
    name->doc_type = peek.doc_type;
    name->list_id = peek.list_id;
    name->sequence = peek.sequence;
    name->issued_at = peek.issued_at;
    name->next_update = peek.next_update;
    return EID_OK;
}
