/* SPDX-License-Identifier: Apache-2.0 */
/* Credentials: decoding with every shape check of docs/FORMAT.md, and the
 * issuing core that the reference issuer and the tests share. */
#ifndef EID_CORE_CREDENTIAL_H
#define EID_CORE_CREDENTIAL_H
#include "credential/key.h"
#include "credential/merkle.h"
#include "eid/v1/credential.pb-c.h"

#define CREDENTIAL_MAX_BYTES 1024
#define BUNDLE_MAX_BYTES 65536

/* A decoded credential; payload points into its own decoded message. */
typedef struct cred_view {
    Eid__V1__Credential *cred;          /* owned unless borrowed */
    Eid__V1__CredentialPayload *payload;
    int borrowed;
} cred_view;

/* Decodes a serialized Credential. EID_ERR_FORMAT (not canonical, a field of
 * the wrong size or range), EID_ERR_UNSUPPORTED_VERSION. */
eid_status cred_decode(const uint8_t *b, size_t n, cred_view *v);
/* Same for a Credential already decoded as part of another message. */
eid_status cred_view_of(Eid__V1__Credential *cred, cred_view *v);
void cred_view_free(cred_view *v);

/* A decoded bundle: the credential, disclosure bytes by claim number, and the
 * full set of leaves. */
typedef struct bundle_view {
    Eid__V1__CredentialBundle *msg;
    cred_view cred;
    uint32_t leaf_count;
    uint32_t present_mask;                         /* positions holding a disclosure */
    const ProtobufCBinaryData *disclosure[MERKLE_MAX_LEAVES];
    merkle_node leaves[MERKLE_MAX_LEAVES];
} bundle_view;

/* Decodes a bundle: canonical, credential shape, disclosures in ascending
 * claim order within the tree, one decoy per remaining leaf (EID_ERR_FORMAT).
 * Signatures and schemas are the verifier's job. */
eid_status bundle_decode(const uint8_t *b, size_t n, bundle_view *v);
/* EID_OK when the bundle's leaves give its signed root, EID_ERR_PROOF otherwise. */
eid_status bundle_check_root(const bundle_view *v);
void bundle_view_free(bundle_view *v);

/* Fields of a payload to sign; raw: no policy checks (tests hand-build bad ones). */
typedef struct payload_fields {
    uint32_t version;
    uint32_t doc_type;
    uint8_t issuer_key_id[8];
    uint32_t assurance;
    int32_t issued_on, valid_from, valid_until;
    uint8_t holder_key[32];
    uint32_t key_protection;
    uint32_t leaf_count;
    uint32_t revocation_list, revocation_index;
} payload_fields;

/* Signs a credential whose leaf i is the hash of disclosures[i] when
 * disclosures[i].data is set, and a random decoy otherwise; writes the bundle. */
eid_status cred_issue_raw(const eid_key *issuer_key, const payload_fields *f, const ProtobufCBinaryData *disclosures,
                          eid_bytes *bundle);

#endif
