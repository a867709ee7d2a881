/* SPDX-License-Identifier: Apache-2.0 */
/* The result of a verification: the outcome of each check, the verdict that
 * follows from them, and the accessors of eid/verifier.h. */
#include <stddef.h>
#include <string.h>

#include "common/alloc.h"
#include "common/pb.h"
#include "verify/verdict.h"
#include "verify/verifier_internal.h"

/* ---- results ---------------------------------------------------------------------- */

eid_result *result_new(void)
{
    eid_result *r = mem_alloc(sizeof *r);
    if (r == NULL)
        return NULL;
    memset(r, 0, offsetof(eid_result, views)); /* the arrays after it are written before they are read */
    for (int c = 0; c < EID_CHECK_COUNT; c++)
        r->checks[c] = (check_state){EID_CHECK_SKIPPED, EID_OK, ""};
    return r;
}

void result_fail(eid_result *r, eid_check c, eid_status st, const char *detail)
{
    if (st == EID_ERR_NO_MEMORY)
        r->out_of_memory = 1;
    if (r->checks[c].outcome == EID_CHECK_FAILED)
        return; /* keep the first reason */
    r->checks[c] = (check_state){EID_CHECK_FAILED, st, detail};
}

void result_pass(eid_result *r, eid_check c)
{
    if (r->checks[c].outcome != EID_CHECK_FAILED)
        r->checks[c] = (check_state){EID_CHECK_PASSED, EID_OK, ""};
}

static int passed(const eid_result *r, eid_check c) { return r->checks[c].outcome == EID_CHECK_PASSED; }

void result_not_applicable(eid_result *r, eid_check c)
{
    r->checks[c] = (check_state){EID_CHECK_NOT_APPLICABLE, EID_OK, ""};
}

int result_all_passed_but(const eid_result *r, eid_check except)
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

eid_status result_finish(eid_result *r)
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
eid_status result_conclude(eid_result *r, eid_result **result)
{
    eid_status st = result_finish(r);
    if (r->out_of_memory) {
        eid_result_free(r);
        *result = NULL;
        return EID_ERR_NO_MEMORY;
    }
    return st;
}

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
