/* SPDX-License-Identifier: Apache-2.0 */
/* Status names and messages: one table in ascending order of value, so a
 * missing or misplaced entry fails a test. */
#include "eid/common.h"

typedef struct status_entry {
    eid_status status;
    const char *name;
    const char *message;
} status_entry;

#define ENTRY(s, message) {s, #s, message}

static const status_entry status_table[] = {
    ENTRY(EID_OK, "success"),

    ENTRY(EID_ERR_INVALID_ARG, "invalid argument"),
    ENTRY(EID_ERR_STATE, "operation not valid in the current state"),
    ENTRY(EID_ERR_NOT_FOUND, "not found"),
    ENTRY(EID_ERR_EXISTS, "already exists"),
    ENTRY(EID_ERR_DOES_NOT_FIT, "text does not fit in one QR code"),
    ENTRY(EID_ERR_LIST_FULL, "every index of the revocation list is in use"),
    ENTRY(EID_ERR_BATCH_EMPTY, "no unused single-use credential left: refill the batch"),
    ENTRY(EID_ERR_UNSUPPORTED, "this build of libeid lacks the feature"),

    ENTRY(EID_ERR_FORMAT, "malformed or non-canonical input"),
    ENTRY(EID_ERR_UNSUPPORTED_VERSION, "unsupported format version"),
    ENTRY(EID_ERR_TOO_LARGE, "input or output exceeds its size bound"),
    ENTRY(EID_ERR_INVALID_CLAIM, "claim value is not valid for its schema"),

    ENTRY(EID_ERR_BAD_SIGNATURE, "signature does not verify"),
    ENTRY(EID_ERR_UNTRUSTED_ISSUER, "issuer key not trusted for this use"),
    ENTRY(EID_ERR_UNTRUSTED_RELYING_PARTY, "relying party or its key not in the trust list"),
    ENTRY(EID_ERR_UNTRUSTED_LIST, "trust list not signed by enough pinned root keys"),
    ENTRY(EID_ERR_NOT_ALLOWED, "not allowed by the trust list"),
    ENTRY(EID_ERR_LIST_EXPIRED, "list has expired or is too old"),
    ENTRY(EID_ERR_LIST_STALE, "list is past its next update"),
    ENTRY(EID_ERR_LIST_ROLLBACK, "list is older than one already seen"),
    ENTRY(EID_ERR_NO_REVOCATION_LIST, "no revocation list loaded for this credential"),
    ENTRY(EID_ERR_CLOCK, "clock is earlier than data already loaded"),
    ENTRY(EID_ERR_EXPIRED, "credential has expired"),
    ENTRY(EID_ERR_NOT_YET_VALID, "credential is not yet valid"),
    ENTRY(EID_ERR_REVOKED, "credential has been revoked"),
    ENTRY(EID_ERR_WRONG_LEVEL, "assurance or account level too low"),
    ENTRY(EID_ERR_WRONG_HOLDER, "bound to another holder"),
    ENTRY(EID_ERR_PROOF, "disclosures do not match the signed Merkle root"),
    ENTRY(EID_ERR_PRESENTATION_EXPIRED, "presentation is outside its lifetime"),
    ENTRY(EID_ERR_CHALLENGE_REQUIRED, "this verifier requires a challenged presentation"),
    ENTRY(EID_ERR_REQUEST_UNKNOWN, "presentation answers no open request of this verifier"),
    ENTRY(EID_ERR_REQUEST_EXPIRED, "request is outside its lifetime"),
    ENTRY(EID_ERR_WRONG_CHALLENGE, "request answers another challenge"),
    ENTRY(EID_ERR_NOT_REQUESTED, "the answer shows other claims than the request asked for"),
    ENTRY(EID_ERR_REPLAYED, "presentation or request was already used"),
    ENTRY(EID_ERR_STORE_FULL, "replay store is full"),
    ENTRY(EID_ERR_OLDER, "an older credential cannot replace a newer one"),
    ENTRY(EID_ERR_IDENTITY_REVOKED, "this wallet's identity was revoked: activate it again"),

    ENTRY(EID_ERR_LOCKED, "the vault is locked"),
    ENTRY(EID_ERR_WRONG_PASSCODE, "wrong passcode"),
    ENTRY(EID_ERR_WEAK_PASSCODE, "passcode too weak or of the wrong form"),
    ENTRY(EID_ERR_LOCKED_OUT, "too many wrong passcodes: wait before trying again"),
    ENTRY(EID_ERR_WIPED, "the vault was wiped after too many wrong passcodes"),
    ENTRY(EID_ERR_KEYSTORE, "the platform keystore failed"),
    ENTRY(EID_ERR_KEYSTORE_CANCELLED, "the user cancelled the keystore prompt"),
    ENTRY(EID_ERR_KEY_INVALIDATED, "the keystore key was invalidated"),

    ENTRY(EID_ERR_NO_MEMORY, "out of memory"),
    ENTRY(EID_ERR_IO, "file or storage operation failed"),
    ENTRY(EID_ERR_CORRUPT, "stored data is corrupt or was modified"),
    ENTRY(EID_ERR_CRYPTO, "cryptographic operation failed"),
    ENTRY(EID_ERR_INTERNAL, "internal error"),
    ENTRY(EID_ERR_UNAVAILABLE, "the shared store did not answer in time or answered nonsense"),
    ENTRY(EID_ERR_ACCESS_DENIED, "the shared store refused the credentials"),
};

#define N_STATUSES (sizeof status_table / sizeof status_table[0])

static const status_entry *find(eid_status status)
{
    for (size_t i = 0; i < N_STATUSES; i++)
        if (status_table[i].status == status)
            return &status_table[i];
    return NULL;
}

eid_status_family eid_status_family_of(eid_status status)
{
    int s = (int)status;
    if (s < 0 || s >= 120)
        return EID_STATUS_FAMILY_UNKNOWN;
    if (s >= 100)
        return EID_STATUS_FAMILY_SYSTEM;
    if (s >= 80)
        return EID_STATUS_FAMILY_VAULT;
    if (s >= 40)
        return EID_STATUS_FAMILY_VERIFICATION;
    if (s >= 20)
        return EID_STATUS_FAMILY_INPUT;
    return s == 0 ? EID_STATUS_FAMILY_OK : EID_STATUS_FAMILY_CALL;
}

size_t eid_status_count(void) { return N_STATUSES; }

eid_status eid_status_at(size_t index)
{
    return index < N_STATUSES ? status_table[index].status : EID_ERR_INVALID_ARG;
}

const char *eid_status_str(eid_status status)
{
    const status_entry *e = find(status);
    return e != NULL ? e->message : "unknown status";
}

const char *eid_status_name(eid_status status)
{
    const status_entry *e = find(status);
    return e != NULL ? e->name : "EID_ERR_UNKNOWN";
}
