/* SPDX-License-Identifier: Apache-2.0 */
/* Trust and revocation lists from the issuer side: their limits and the shape
 * of a trust list body, shared with verify/ (which loads lists with the same
 * rules), and the signing of both lists (eid/issuer.h). */
#ifndef EID_CORE_CREDENTIAL_LISTS_H
#define EID_CORE_CREDENTIAL_LISTS_H
#include <stdint.h>
#include "eid/issuer.h"
#include "eid/v1/lists.pb-c.h"

#define TRUST_LIST_MAX_BYTES (1u << 20)
#define REVOCATION_LIST_MAX_BYTES ((1u << 24) + 4096)
#define ID_MAX_BYTES 64
#define NAME_MAX_BYTES 128
/* A trust list lives at most this long after its issued_at (expires_at - issued_at). */
#define TRUST_LIST_MAX_LIFETIME ((int64_t)92 * 86400)

/* The shape of a trust list body: version, lifetime, and every entry's shape
 * (ids, names, key ids that match their keys, usages, known doc types and
 * claims in ascending order, windows), no key id or relying party twice.
 * EID_OK, EID_ERR_UNSUPPORTED_VERSION, EID_ERR_FORMAT; EID_ERR_NO_MEMORY when
 * the text rule could not be checked. */
eid_status trust_body_check(const Eid__V1__TrustListBody *b);

#endif
