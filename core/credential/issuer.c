/* SPDX-License-Identifier: Apache-2.0 */
/* The reference issuer: checks claims against the schema, normalises text,
 * draws salts and decoys, and signs (eid/issuer.h). */
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "claims/schema.h"
#include "common/text.h"
#include "credential/credential.h"
#include "crypto/crypto.h"
#include "credential/disclosure.h"

/* The day a person born on `birth` turns `age` (29 February -> 1 March). */
static int32_t birthday(int32_t birth, int32_t age)
{
    int32_t y, m, d, out;
    eid_day_to_civil(birth, &y, &m, &d);
    if (eid_day_from_civil(y + age, m, d, &out) != EID_OK)
        eid_day_from_civil(y + age, 3, 1, &out);
    return out;
}

/* age_over_N must be true on valid_from exactly when the person is N by then,
 * and the credential ends the day before any answer would change. */
static eid_status fit_ages(const eid_claim *const *by_number, eid_credential_params *p)
{
    static const struct { uint32_t number; int32_t age; } ages[] = {{3, 18}, {4, 14}, {5, 16}, {6, 21}};
    const eid_claim *birth = by_number[2];
    if (birth == NULL)
        return EID_OK;
    for (size_t i = 0; i < sizeof ages / sizeof ages[0]; i++) {
        int32_t day = birthday((int32_t)birth->number_value, ages[i].age);
        const eid_claim *c = by_number[ages[i].number];
        if (c != NULL && (c->number_value != 0) != (day <= p->valid_from))
            return EID_ERR_INVALID_CLAIM;
        if (day > p->valid_from && day <= p->valid_until)
            p->valid_until = day - 1;
    }
    return EID_OK;
}

eid_status eid_issue_credential(const eid_key *issuer_key, const eid_credential_params *params,
                                const eid_claim *claims, size_t n_claims, eid_bytes *bundle)
{
    if (bundle != NULL)
        *bundle = (eid_bytes){0};
    if (issuer_key == NULL || params == NULL || bundle == NULL || params->holder_key == NULL ||
        (claims == NULL && n_claims > 0) || n_claims > EID_CLAIM_MAX_COUNT)
        return EID_ERR_INVALID_ARG;
    const doc_schema *schema = schema_get(params->doc_type);
    if (schema == NULL || (params->assurance != 1 && params->assurance != 2) ||
        params->valid_from > params->valid_until || params->issued_on > params->valid_until ||
        params->key_protection > EID_KEY_PROTECTION_STRONGBOX)
        return EID_ERR_INVALID_ARG;

    eid_credential_params p = *params;
    const eid_claim *by_number[MERKLE_MAX_LEAVES] = {0};
    eid_claim normalised[EID_CLAIM_MAX_COUNT];
    uint8_t *owned[EID_CLAIM_MAX_COUNT] = {0};
    ProtobufCBinaryData disclosures[MERKLE_MAX_LEAVES];
    memset(disclosures, 0, sizeof disclosures);
    eid_status st = EID_OK;

    for (size_t i = 0; i < n_claims && st == EID_OK; i++) {
        const claim_schema *cs = schema_claim(schema, claims[i].number);
        if (cs == NULL) {
            st = EID_ERR_NOT_FOUND;
            break;
        }
        if (by_number[cs->number] != NULL) {
            st = EID_ERR_INVALID_CLAIM;
            break;
        }
        normalised[i] = claims[i];
        if (claims[i].type == EID_VALUE_TEXT && cs->type == EID_VALUE_TEXT) {
            size_t len;
            st = text_normalize(claims[i].bytes, claims[i].bytes_len, cs->max_bytes, &owned[i], &len);
            if (st != EID_OK) {
                st = st == EID_ERR_NO_MEMORY ? st : EID_ERR_INVALID_CLAIM;
                break;
            }
            normalised[i].bytes = owned[i];
            normalised[i].bytes_len = len;
        }
        st = schema_validate(cs, &normalised[i]);
        by_number[cs->number] = &normalised[i];
    }
    if (st == EID_OK) /* required claims for the assurance, and the doc type's cross-claim rules */
        st = schema_validate_document(p.doc_type, p.assurance, normalised, n_claims, NULL, NULL);
    if (st == EID_OK && p.doc_type == EID_DOC_IDENTITY)
        st = fit_ages(by_number, &p);

    for (uint32_t pos = 0; pos < schema->leaf_count && st == EID_OK; pos++) {
        if (by_number[pos] == NULL)
            continue;
        uint8_t salt[SALT_BYTES];
        cry_random(salt, sizeof salt);
        st = disclosure_encode(salt, sizeof salt, by_number[pos], &disclosures[pos].data, &disclosures[pos].len);
    }
    if (st == EID_OK) {
        payload_fields f = {
            .version = 1, .doc_type = p.doc_type, .assurance = p.assurance, .issued_on = p.issued_on,
            .valid_from = p.valid_from, .valid_until = p.valid_until, .key_protection = p.key_protection,
            .leaf_count = schema->leaf_count, .revocation_list = p.revocation_list,
            .revocation_index = p.revocation_index};
        cry_key_id(f.issuer_key_id, issuer_key->public_key);
        memcpy(f.holder_key, p.holder_key, sizeof f.holder_key);
        st = cred_issue_raw(issuer_key, &f, disclosures, bundle);
    }
    for (uint32_t pos = 0; pos < MERKLE_MAX_LEAVES; pos++)
        mem_free_secret(disclosures[pos].data, disclosures[pos].len);
    for (size_t i = 0; i < n_claims && i < EID_CLAIM_MAX_COUNT; i++)
        mem_free_text((char *)owned[i]);
    return st;
}

size_t eid_credential_fingerprint_bytes(void) { return EID_CREDENTIAL_FINGERPRINT_BYTES; }

eid_status eid_credential_fingerprint(const uint8_t *bundle, size_t len,
                                      uint8_t fingerprint[EID_CREDENTIAL_FINGERPRINT_BYTES])
{
    if (fingerprint != NULL)
        memset(fingerprint, 0, EID_CREDENTIAL_FINGERPRINT_BYTES);
    if (bundle == NULL || fingerprint == NULL)
        return EID_ERR_INVALID_ARG;
    bundle_view v;
    eid_status st = bundle_decode(bundle, len, &v);
    if (st != EID_OK)
        return st;
    st = bundle_check_root(&v);
    if (st == EID_OK)
        cry_hash(fingerprint, EID_CREDENTIAL_FINGERPRINT_BYTES, v.msg->credential.data, v.msg->credential.len);
    bundle_view_free(&v);
    return st;
}
