/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libeid umbrella header: includes every public header.
 *
 * libeid keeps a citizen's identity and documents on the phone (vault,
 * wallet), shows them as QR codes that disclose only what a relying party
 * needs (present), and lets relying parties verify those codes offline
 * against signed trust and revocation lists (verifier). The reference issuer
 * (issuer) signs credentials and lists for tests, samples and servers.
 *
 * Use: eid_init() once, then the handles of the headers below. Start with
 * common.h (statuses, buffers, time), then the header of the role you play.
 */
#ifndef EID_EID_H
#define EID_EID_H

#include "common.h"
#include "claims.h"
#include "card.h"
#include "issuer.h"
#include "present.h"
#include "qr.h"
#include "verifier.h"
#include "fleet.h"
#include "keystore.h"
#include "vault.h"
#include "wallet.h"

#endif /* EID_EID_H */
