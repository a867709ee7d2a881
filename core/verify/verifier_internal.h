/* SPDX-License-Identifier: Apache-2.0 */
/* What the files of the verifier share: the verifier and result objects, the
 * recording of check outcomes (result.c) and the checks that more than one
 * entry point runs (verify_checks.c, issuance_check.c). */
#ifndef EID_CORE_VERIFIER_INTERNAL_H
#define EID_CORE_VERIFIER_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "credential/credential.h"
#include "credential/disclosure.h"
#include "credential/lists.h"
#include "credential/merkle.h"
#include "eid/v1/presentation.pb-c.h"
#include "eid/verifier.h"
#include "verify/lists.h"
#include "verify/replay.h"

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
    size_t n_views, n_claims;
    int out_of_memory; /* a check could not run to the end: no verdict */
    /* Last and left unset by result_new (the fields above are zeroed): an
     * entry is written before it is read, views[i] before n_views passes i
     * and claims[i] before n_claims does. */
    disclosure_view views[MERKLE_MAX_LEAVES];
    eid_claim claims[MERKLE_MAX_LEAVES];
};

/* ---- results (result.c) ---------------------------------------------------------- */

/* A result with every check SKIPPED; NULL when out of memory. */
eid_result *result_new(void);
/* Records check c as FAILED with st and detail; the first reason is kept, and
 * EID_ERR_NO_MEMORY marks the result as having no verdict. */
void result_fail(eid_result *r, eid_check c, eid_status st, const char *detail);
/* Records check c as PASSED unless it already FAILED. */
void result_pass(eid_result *r, eid_check c);
/* Records check c as NOT_APPLICABLE (set only by an entry point). */
void result_not_applicable(eid_result *r, eid_check c);
/* 1 when every check but except has PASSED. */
int result_all_passed_but(const eid_result *r, eid_check except);
/* Sets r->status from the checks (verdict()) and exposes the claims only on
 * EID_OK; returns r->status. */
eid_status result_finish(eid_result *r);
/* result_finish(), except that a result that ran out of memory is freed,
 * *result set to NULL and EID_ERR_NO_MEMORY returned. */
eid_status result_conclude(eid_result *r, eid_result **result);

/* ---- the shared checks (verify_checks.c) ------------------------------------------ */

/* A failed signature check is BAD_SIGNATURE unless it could not run. */
eid_status verify_signature_status(eid_status st);
/* Clock, trust list, issuer key, issuer signature, validity, assurance; returns
 * the issuer key (NULL when it is not in the trust list). */
const Eid__V1__IssuerEntry *verify_check_issuer(const eid_verifier *v, eid_result *r, const Eid__V1__Credential *cred,
                                                const Eid__V1__CredentialPayload *p, int64_t now);
/* Decodes and checks each disclosure into r->views; fills leaves and the mask.
 * Returns 0 when the positions are unusable for the proof. */
int verify_check_disclosures(eid_result *r, const Eid__V1__CredentialPayload *p, const ProtobufCBinaryData *d,
                             size_t n, merkle_node *leaves, uint32_t *mask);
/* The revocation check of p against the loaded lists (skipped when key is NULL). */
void verify_check_status(const eid_verifier *v, eid_result *r, const Eid__V1__IssuerEntry *key,
                         const Eid__V1__CredentialPayload *p, int64_t now);

#endif
