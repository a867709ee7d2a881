#include <stdlib.h>
#include <string.h>

#include "claims/schema.h"
#include "common/pb.h"
#include "common/text.h"
#include "credential/key.h"
#include "verify/list_wire.h"
#include "verify/lists.h"

/* ---- trust lists ---------------------------------------------------------- */

static int ascending_known_docs(const uint32_t *docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (eid_schema_get(docs[i]) == NULL || (i > 0 && docs[i] <= docs[i - 1]))
            return 0;
    return 1;
}

static int key_ok(const ProtobufCBinaryData *key_id, const ProtobufCBinaryData *pk)
{
    if (key_id->len != EID_KEY_ID_BYTES || pk->len != EID_SIGN_PUBLIC_BYTES)
        return 0;
    uint8_t id[EID_KEY_ID_BYTES];
    eid_crypto_key_id(id, pk->data);
    return memcmp(id, key_id->data, sizeof id) == 0;
}

static int text_ok(const ProtobufCBinaryData *t, size_t max, int may_be_empty)
{
    return (may_be_empty || t->len > 0) && eid_text_check(t->data, t->len, max) == EID_OK;
}

static int same_bytes(const ProtobufCBinaryData *a, const ProtobufCBinaryData *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static eid_status check_body(const Eid__V1__TrustListBody *b)
{
    if (b->version != 1)
        return EID_ERR_UNSUPPORTED_VERSION;
    if (b->issued_at > b->next_update || b->next_update > b->expires_at ||
        b->expires_at > eid_add_sat(b->issued_at, EID_TRUST_LIST_MAX_LIFETIME))
        return EID_ERR_FORMAT;
    for (size_t i = 0; i < b->n_issuers; i++) {
        const Eid__V1__IssuerEntry *e = b->issuers[i];
        if (!text_ok(&e->issuer_id, EID_ID_MAX_BYTES, 0) || !text_ok(&e->name, EID_NAME_MAX_BYTES, 1) ||
            e->alg != 0 || !key_ok(&e->key_id, &e->public_key) || e->usage == 0 ||
            (e->usage & ~(uint32_t)(EID_USAGE_CREDENTIAL | EID_USAGE_STATUS)) != 0 || e->n_doc_types == 0 ||
            !ascending_known_docs(e->doc_types, e->n_doc_types) || e->max_assurance < 1 || e->max_assurance > 2 ||
            e->sign_from > e->sign_until || e->sign_until > e->verify_until)
            return EID_ERR_FORMAT;
        for (size_t j = 0; j < i; j++)
            if (same_bytes(&b->issuers[j]->key_id, &e->key_id))
                return EID_ERR_FORMAT; /* duplicate key id */
    }
    for (size_t i = 0; i < b->n_relying_parties; i++) {
        const Eid__V1__RelyingPartyEntry *r = b->relying_parties[i];
        if (!text_ok(&r->rp_id, EID_ID_MAX_BYTES, 0) || !text_ok(&r->name, EID_NAME_MAX_BYTES, 0) ||
            !key_ok(&r->key_id, &r->public_key))
            return EID_ERR_FORMAT;
        for (size_t j = 0; j < r->n_allowed; j++) {
            const Eid__V1__RelyingPartyPermission *p = r->allowed[j];
            const eid_doc_schema *s = eid_schema_get(p->doc_type);
            if (s == NULL || (j > 0 && p->doc_type <= r->allowed[j - 1]->doc_type))
                return EID_ERR_FORMAT;
            for (size_t c = 0; c < p->n_claims; c++)
                if (eid_schema_claim(s, p->claims[c]) == NULL || (c > 0 && p->claims[c] <= p->claims[c - 1]))
                    return EID_ERR_FORMAT;
        }
        for (size_t j = 0; j < i; j++)
            if (same_bytes(&b->relying_parties[j]->rp_id, &r->rp_id) ||
                same_bytes(&b->relying_parties[j]->key_id, &r->key_id))
                return EID_ERR_FORMAT;
    }
    return EID_OK;
}

eid_status eid_trust_load(const uint8_t *b, size_t n, const uint8_t (*roots)[32], size_t n_roots, size_t k,
                          uint64_t min_sequence, eid_trust *t)
{
    memset(t, 0, sizeof *t);
    if (b == NULL || roots == NULL || n_roots == 0 || n_roots > EID_TRUST_MAX_SIGNATURES || k == 0 || k > n_roots)
        return EID_ERR_INVALID_ARG;
    uint8_t pinned[EID_TRUST_MAX_SIGNATURES][EID_KEY_ID_BYTES];
    for (size_t r = 0; r < n_roots; r++) {
        eid_crypto_key_id(pinned[r], roots[r]);
        for (size_t q = 0; q < r; q++)
            if (memcmp(pinned[q], pinned[r], EID_KEY_ID_BYTES) == 0)
                return EID_ERR_INVALID_ARG; /* one root pinned twice would count twice toward k */
    }
    if (n > EID_TRUST_LIST_MAX_BYTES)
        return EID_ERR_TOO_LARGE;
    /* Signatures first, from the envelope alone: nothing is decoded, and
     * nothing allocated, before the body is trusted. Each pinned root is
     * looked up once, and only entries naming a pinned root are verified. */
    eid_span body;
    eid_root_sig sigs[EID_TRUST_MAX_SIGNATURES];
    size_t n_sigs = 0, valid = 0;
    eid_status st = eid_wire_trust_list(b, n, &body, sigs, &n_sigs);
    if (st != EID_OK)
        return st;
    for (size_t r = 0; r < n_roots && valid < k; r++)
        for (size_t i = 0; i < n_sigs; i++)
            if (memcmp(sigs[i].key_id, pinned[r], EID_KEY_ID_BYTES) == 0) {
                if (eid_sign_verify(sigs[i].signature, EID_CTX_TRUST, body.data, body.len, roots[r]) == EID_OK)
                    valid++;
                break;
            }
    if (valid < k)
        return EID_ERR_UNTRUSTED_LIST;
    st = EID_PB_DECODE(Eid__V1__TrustListBody, eid__v1__trust_list_body__descriptor, body.data, body.len,
                       EID_TRUST_LIST_MAX_BYTES, &t->body);
    if (st == EID_OK)
        st = check_body(t->body);
    if (st == EID_OK && t->body->sequence < min_sequence)
        st = EID_ERR_LIST_ROLLBACK;
    if (st != EID_OK)
        eid_trust_free(t);
    return st;
}

void eid_trust_free(eid_trust *t)
{
    if (t == NULL)
        return;
    eid_pb_free((ProtobufCMessage *)t->body);
    memset(t, 0, sizeof *t);
}

const Eid__V1__IssuerEntry *eid_trust_find_key(const eid_trust *t, const uint8_t *key_id, size_t len)
{
    for (size_t i = 0; i < t->body->n_issuers; i++) {
        const Eid__V1__IssuerEntry *e = t->body->issuers[i];
        if (e->key_id.len == len && memcmp(e->key_id.data, key_id, len) == 0)
            return e;
    }
    return NULL;
}

const Eid__V1__RelyingPartyEntry *eid_trust_find_rp(const eid_trust *t, const uint8_t *rp_id, size_t len)
{
    for (size_t i = 0; i < t->body->n_relying_parties; i++) {
        const Eid__V1__RelyingPartyEntry *r = t->body->relying_parties[i];
        if (r->rp_id.len == len && memcmp(r->rp_id.data, rp_id, len) == 0)
            return r;
    }
    return NULL;
}

int eid_trust_allows_doc(const Eid__V1__IssuerEntry *e, uint32_t doc_type)
{
    for (size_t i = 0; i < e->n_doc_types; i++)
        if (e->doc_types[i] == doc_type)
            return 1;
    return 0;
}

/* ---- status lists ---------------------------------------------------------- */

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

static size_t write_varint(uint8_t *p, uint32_t v)
{
    size_t i = 0;
    while (v >= 0x80) {
        p[i++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[i++] = (uint8_t)v;
    return i;
}

static eid_status decode_revoked(const ProtobufCBinaryData *d, uint32_t size, eid_status_set *s)
{
    /* Every index takes at least one byte, so d->len bounds the count. */
    if (d->len > size)
        return EID_ERR_FORMAT;
    s->revoked = malloc((d->len ? d->len : 1) * sizeof *s->revoked);
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

eid_status eid_status_load(const uint8_t *b, size_t n, const eid_trust *t, int64_t clock_skew, uint64_t min_sequence,
                           eid_status_set *s)
{
    memset(s, 0, sizeof *s);
    if (b == NULL)
        return EID_ERR_INVALID_ARG;
    if (n > EID_STATUS_LIST_MAX_BYTES)
        return EID_ERR_TOO_LARGE;
    /* Until the signature verifies, only the envelope and the key id are
     * read, in place: an unauthenticated list allocates nothing. */
    eid_span signed_body;
    const uint8_t *signature;
    eid_status_peek peek;
    eid_status st = eid_wire_status_list(b, n, &signed_body, &signature);
    if (st == EID_OK)
        st = eid_wire_status_body(signed_body.data, signed_body.len, &peek);
    if (st != EID_OK)
        return st;
    const Eid__V1__IssuerEntry *key = eid_trust_find_key(t, peek.key_id.data, peek.key_id.len);
    /* The earliest clock at which this verifier can verify anything is the
     * trust list's issued_at less the skew (an earlier one fails the clock
     * check); a key whose verifying window closed before that day can never
     * make this list count, so it is refused like an unknown key. */
    if (key == NULL || !(key->usage & EID_USAGE_STATUS) ||
        key->verify_until < eid_day_of(eid_sub_sat(t->body->issued_at, clock_skew)))
        return EID_ERR_UNTRUSTED_ISSUER;
    st = eid_sign_verify(signature, EID_CTX_STATUS, signed_body.data, signed_body.len, key->public_key.data);
    if (st != EID_OK)
        return st;
    Eid__V1__StatusListBody *body = NULL;
    st = EID_PB_DECODE(Eid__V1__StatusListBody, eid__v1__status_list_body__descriptor, signed_body.data,
                       signed_body.len, EID_STATUS_LIST_MAX_BYTES, &body);
    if (st != EID_OK)
        return st;
    st = EID_ERR_FORMAT;
    if (!text_ok(&body->issuer_id, EID_ID_MAX_BYTES, 0) || body->size == 0 || body->size > EID_STATUS_LIST_MAX_SIZE ||
        body->issued_at > body->next_update || eid_schema_get(body->doc_type) == NULL)
        goto done;
    int32_t day = eid_day_of(body->issued_at);
    if (!same_bytes(&key->issuer_id, &body->issuer_id) || !eid_trust_allows_doc(key, body->doc_type) ||
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
        eid_status_set_free(s);
    eid_pb_free((ProtobufCMessage *)body);
    return st;
}

void eid_status_set_free(eid_status_set *s)
{
    if (s == NULL)
        return;
    free(s->revoked);
    memset(s, 0, sizeof *s);
}

int eid_status_is_revoked(const eid_status_set *s, uint32_t index)
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

eid_status eid_status_usable(const eid_status_set *s, int64_t now, int64_t clock_skew, int64_t max_age,
                             int64_t allowed_staleness, int *stale, const char **detail)
{
    *stale = 0;
    if (s->issued_at > eid_add_sat(now, clock_skew)) {
        *detail = "the status list was issued after the verifier's clock";
        return EID_ERR_CLOCK;
    }
    if (eid_day_of(now) > s->key_verify_until) {
        *detail = "the status list's key is past its verifying window";
        return EID_ERR_UNTRUSTED_ISSUER;
    }
    if (now > eid_add_sat(s->issued_at, max_age)) {
        *detail = "the status list is older than the verifier's maximum age";
        return EID_ERR_LIST_EXPIRED;
    }
    if (now > eid_add_sat(s->next_update, allowed_staleness)) {
        *detail = "the status list is past its next update";
        return EID_ERR_LIST_STALE;
    }
    *stale = now > s->next_update;
    *detail = "";
    return EID_OK;
}

void eid_status_set_name(const eid_status_set *s, eid_status_list_name *name)
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

eid_status eid_status_list_peek(const uint8_t *list, size_t len, eid_status_list_name *name)
{
    if (name != NULL)
        memset(name, 0, sizeof *name);
    if (list == NULL || name == NULL)
        return EID_ERR_INVALID_ARG;
    if (len > EID_STATUS_LIST_MAX_BYTES)
        return EID_ERR_TOO_LARGE;
    eid_span body;
    const uint8_t *signature;
    eid_status_peek peek;
    eid_status st = eid_wire_status_list(list, len, &body, &signature);
    if (st == EID_OK)
        st = eid_wire_status_body(body.data, body.len, &peek);
    if (st != EID_OK)
        return st;
    if (peek.issuer_id.len == 0 || eid_text_check(peek.issuer_id.data, peek.issuer_id.len, EID_ID_MAX_BYTES) != EID_OK)
        return EID_ERR_FORMAT;
    memcpy(name->issuer_id, peek.issuer_id.data, peek.issuer_id.len);
    name->doc_type = peek.doc_type;
    name->list_id = peek.list_id;
    name->sequence = peek.sequence;
    name->issued_at = peek.issued_at;
    name->next_update = peek.next_update;
    return EID_OK;
}

/* ---- the issuer side (eid/issuer.h) ---------------------------------------- */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int id_ok(const char *s, size_t max)
{
    return s != NULL && s[0] != '\0' && eid_text_check((const uint8_t *)s, strlen(s), max) == EID_OK;
}

eid_status eid_status_list_sign(const eid_key *status_key, const eid_status_list_params *p, const uint32_t *revoked,
                                size_t n_revoked, eid_bytes *out)
{
    if (out != NULL)
        *out = (eid_bytes){0};
    if (status_key == NULL || p == NULL || out == NULL || (revoked == NULL && n_revoked > 0) ||
        !id_ok(p->issuer_id, EID_ID_MAX_BYTES) || p->size == 0 || p->size > EID_STATUS_LIST_MAX_SIZE ||
        p->next_update < p->issued_at || eid_schema_get(p->doc_type) == NULL || n_revoked > p->size)
        return EID_ERR_INVALID_ARG;
    uint32_t *sorted = malloc((n_revoked ? n_revoked : 1) * sizeof *sorted);
    uint8_t *data = malloc((n_revoked ? n_revoked : 1) * 5);
    eid_status st = EID_ERR_NO_MEMORY;
    if (sorted == NULL || data == NULL)
        goto done;
    if (n_revoked)
        memcpy(sorted, revoked, n_revoked * sizeof *sorted);
    qsort(sorted, n_revoked, sizeof *sorted, cmp_u32);
    size_t len = 0;
    st = EID_ERR_INVALID_ARG;
    for (size_t i = 0; i < n_revoked; i++) {
        if (sorted[i] >= p->size)
            goto done;
        if (i > 0 && sorted[i] == sorted[i - 1])
            continue;
        len += write_varint(data + len, i == 0 ? sorted[0] : sorted[i] - sorted[i - 1]);
    }
    uint8_t key_id[EID_KEY_ID_BYTES];
    eid_crypto_key_id(key_id, status_key->public_key);
    Eid__V1__StatusListBody body = EID__V1__STATUS_LIST_BODY__INIT;
    body.version = 1;
    body.issuer_id.data = (uint8_t *)p->issuer_id;
    body.issuer_id.len = strlen(p->issuer_id);
    body.key_id.data = key_id;
    body.key_id.len = sizeof key_id;
    body.list_id = p->list_id;
    body.doc_type = p->doc_type;
    body.sequence = p->sequence;
    body.issued_at = p->issued_at;
    body.next_update = p->next_update;
    body.size = p->size;
    body.revoked.data = data;
    body.revoked.len = len;
    st = eid_sign_message(&body.base, EID_CTX_STATUS, eid_key_signer, (void *)status_key, out);
done:
    free(sorted);
    free(data);
    return st;
}

eid_status eid_trust_list_sign(const eid_trust_list_params *p, const eid_key *const *roots, size_t n_roots,
                               eid_bytes *out)
{
    if (out != NULL)
        *out = (eid_bytes){0};
    if (p == NULL || roots == NULL || n_roots == 0 || n_roots > 32 || out == NULL ||
        (p->issuers == NULL && p->n_issuers > 0) || (p->relying_parties == NULL && p->n_relying_parties > 0))
        return EID_ERR_INVALID_ARG;
    size_t ni = p->n_issuers, nr = p->n_relying_parties, n_perm = 0;
    /* Counts that could never fit a list are refused before any size is computed from them. */
    if (ni > EID_TRUST_LIST_MAX_BYTES || nr > EID_TRUST_LIST_MAX_BYTES)
        return EID_ERR_INVALID_ARG;
    for (size_t i = 0; i < nr; i++) {
        if (p->relying_parties[i].n_allowed > EID_TRUST_LIST_MAX_BYTES - n_perm)
            return EID_ERR_INVALID_ARG;
        n_perm += p->relying_parties[i].n_allowed;
    }
    Eid__V1__IssuerEntry *issuers = calloc(ni + 1, sizeof *issuers);
    Eid__V1__IssuerEntry **issuer_ptrs = calloc(ni + 1, sizeof *issuer_ptrs);
    uint8_t *issuer_ids = calloc(ni + 1, EID_KEY_ID_BYTES);
    Eid__V1__RelyingPartyEntry *rps = calloc(nr + 1, sizeof *rps);
    Eid__V1__RelyingPartyEntry **rp_ptrs = calloc(nr + 1, sizeof *rp_ptrs);
    uint8_t *rp_ids = calloc(nr + 1, EID_KEY_ID_BYTES);
    Eid__V1__RelyingPartyPermission *perms = calloc(n_perm + 1, sizeof *perms);
    Eid__V1__RelyingPartyPermission **perm_ptrs = calloc(n_perm + 1, sizeof *perm_ptrs);
    Eid__V1__RootSignature *sigs = calloc(n_roots, sizeof *sigs);
    Eid__V1__RootSignature **sig_ptrs = calloc(n_roots, sizeof *sig_ptrs);
    uint8_t (*sig_bytes)[EID_SIGNATURE_BYTES + EID_KEY_ID_BYTES] = calloc(n_roots, sizeof *sig_bytes);
    uint8_t *body_bytes = NULL;
    size_t body_len = 0;
    eid_status st = EID_ERR_NO_MEMORY;
    if (!issuers || !issuer_ptrs || !issuer_ids || !rps || !rp_ptrs || !rp_ids || !perms || !perm_ptrs || !sigs ||
        !sig_ptrs || !sig_bytes)
        goto done;
    st = EID_ERR_INVALID_ARG;
    for (size_t i = 0; i < ni; i++) {
        const eid_trust_issuer *in = &p->issuers[i];
        if (!id_ok(in->issuer_id, EID_ID_MAX_BYTES) || in->public_key == NULL || (in->doc_types == NULL && in->n_doc_types))
            goto done;
        Eid__V1__IssuerEntry e = EID__V1__ISSUER_ENTRY__INIT;
        eid_crypto_key_id(issuer_ids + i * EID_KEY_ID_BYTES, in->public_key);
        e.issuer_id.data = (uint8_t *)in->issuer_id;
        e.issuer_id.len = strlen(in->issuer_id);
        e.key_id.data = issuer_ids + i * EID_KEY_ID_BYTES;
        e.key_id.len = EID_KEY_ID_BYTES;
        e.public_key.data = (uint8_t *)in->public_key;
        e.public_key.len = EID_SIGN_PUBLIC_BYTES;
        e.usage = in->usage;
        e.doc_types = (uint32_t *)in->doc_types;
        e.n_doc_types = in->n_doc_types;
        e.max_assurance = in->max_assurance;
        e.sign_from = in->sign_from;
        e.sign_until = in->sign_until;
        e.verify_until = in->verify_until;
        if (in->name != NULL) {
            e.name.data = (uint8_t *)in->name;
            e.name.len = strlen(in->name);
        }
        issuers[i] = e;
        issuer_ptrs[i] = &issuers[i];
    }
    size_t k = 0;
    for (size_t i = 0; i < nr; i++) {
        const eid_trust_rp *in = &p->relying_parties[i];
        if (!id_ok(in->rp_id, EID_ID_MAX_BYTES) || !id_ok(in->name, EID_NAME_MAX_BYTES) || in->public_key == NULL ||
            (in->allowed == NULL && in->n_allowed))
            goto done;
        Eid__V1__RelyingPartyEntry r = EID__V1__RELYING_PARTY_ENTRY__INIT;
        eid_crypto_key_id(rp_ids + i * EID_KEY_ID_BYTES, in->public_key);
        r.rp_id.data = (uint8_t *)in->rp_id;
        r.rp_id.len = strlen(in->rp_id);
        r.name.data = (uint8_t *)in->name;
        r.name.len = strlen(in->name);
        r.key_id.data = rp_ids + i * EID_KEY_ID_BYTES;
        r.key_id.len = EID_KEY_ID_BYTES;
        r.public_key.data = (uint8_t *)in->public_key;
        r.public_key.len = EID_SIGN_PUBLIC_BYTES;
        r.allowed = perm_ptrs + k;
        r.n_allowed = in->n_allowed;
        for (size_t j = 0; j < in->n_allowed; j++, k++) {
            Eid__V1__RelyingPartyPermission perm = EID__V1__RELYING_PARTY_PERMISSION__INIT;
            perm.doc_type = in->allowed[j].doc_type;
            perm.claims = (uint32_t *)in->allowed[j].claims;
            perm.n_claims = in->allowed[j].n_claims;
            perms[k] = perm;
            perm_ptrs[k] = &perms[k];
        }
        rps[i] = r;
        rp_ptrs[i] = &rps[i];
    }
    Eid__V1__TrustListBody body = EID__V1__TRUST_LIST_BODY__INIT;
    body.version = 1;
    body.sequence = p->sequence;
    body.issued_at = p->issued_at;
    body.next_update = p->next_update;
    body.expires_at = p->expires_at;
    body.issuers = issuer_ptrs;
    body.n_issuers = ni;
    body.relying_parties = rp_ptrs;
    body.n_relying_parties = nr;
    if (check_body(&body) != EID_OK)
        goto done;
    st = eid_pb_encode(&body.base, &body_bytes, &body_len);
    for (size_t r = 0; r < n_roots && st == EID_OK; r++) {
        if (roots[r] == NULL) {
            st = EID_ERR_INVALID_ARG;
            break;
        }
        Eid__V1__RootSignature s = EID__V1__ROOT_SIGNATURE__INIT;
        eid_crypto_key_id(sig_bytes[r], roots[r]->public_key);
        for (size_t q = 0; q < r; q++)
            if (memcmp(sig_bytes[q], sig_bytes[r], EID_KEY_ID_BYTES) == 0)
                st = EID_ERR_INVALID_ARG; /* the same root twice */
        if (st == EID_OK)
            st = eid_key_sign(roots[r], EID_CTX_TRUST, body_bytes, body_len, sig_bytes[r] + EID_KEY_ID_BYTES);
        s.root_key_id.data = sig_bytes[r];
        s.root_key_id.len = EID_KEY_ID_BYTES;
        s.signature.data = sig_bytes[r] + EID_KEY_ID_BYTES;
        s.signature.len = EID_SIGNATURE_BYTES;
        sigs[r] = s;
        sig_ptrs[r] = &sigs[r];
    }
    if (st == EID_OK) {
        Eid__V1__TrustList list = EID__V1__TRUST_LIST__INIT;
        list.body.data = body_bytes;
        list.body.len = body_len;
        list.signatures = sig_ptrs;
        list.n_signatures = n_roots;
        st = eid_pb_encode(&list.base, &out->data, &out->len);
    }
done:
    free(issuers);
    free(issuer_ptrs);
    free(issuer_ids);
    free(rps);
    free(rp_ptrs);
    free(rp_ids);
    free(perms);
    free(perm_ptrs);
    free(sigs);
    free(sig_ptrs);
    free(sig_bytes);
    free(body_bytes);
    return st;
}
