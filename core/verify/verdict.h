/* SPDX-License-Identifier: Apache-2.0 */
/* How a result's status follows from its checks' outcomes: one rule for
 * eid_verifier_check_presentation(), eid_verifier_check_credential() and the issuer's checks. */
#ifndef EID_CORE_VERDICT_H
#define EID_CORE_VERDICT_H
#include "eid/verifier.h"

/* The status of the first FAILED check in eid_check order; otherwise
 * EID_ERR_INTERNAL when a check was SKIPPED (it did not run although nothing
 * failed: a check that did not run never counts as passed); otherwise EID_OK.
 * EID_CHECK_NOT_APPLICABLE is set only by an entry point, for the checks that
 * are not part of it. */
eid_status verdict(const eid_check_outcome outcome[EID_CHECK_COUNT], const eid_status status[EID_CHECK_COUNT]);

#endif
