/* Status names and messages: one table, so a missing entry fails a test. */
#include "eid/common.h"

static const struct {
    const char *name;
    const char *message;
} status_table[EID_STATUS_COUNT] = {
    [EID_OK] = {"EID_OK", "success"},
    [EID_ERR_INVALID_ARG] = {"EID_ERR_INVALID_ARG", "invalid argument"},
    [EID_ERR_NO_MEMORY] = {"EID_ERR_NO_MEMORY", "out of memory"},
    [EID_ERR_IO] = {"EID_ERR_IO", "file or storage operation failed"},
    [EID_ERR_CORRUPT] = {"EID_ERR_CORRUPT", "stored data is corrupt or was modified"},
    [EID_ERR_LOCKED] = {"EID_ERR_LOCKED", "the vault is locked"},
    [EID_ERR_WRONG_PASSCODE] = {"EID_ERR_WRONG_PASSCODE", "wrong passcode"},
    [EID_ERR_LOCKED_OUT] = {"EID_ERR_LOCKED_OUT", "too many wrong passcodes: wait before trying again"},
    [EID_ERR_WIPED] = {"EID_ERR_WIPED", "the vault was wiped after too many wrong passcodes"},
    [EID_ERR_WEAK_PASSCODE] = {"EID_ERR_WEAK_PASSCODE", "passcode too weak or of the wrong form"},
    [EID_ERR_KEYSTORE] = {"EID_ERR_KEYSTORE", "the platform keystore failed"},
    [EID_ERR_KEYSTORE_CANCELLED] = {"EID_ERR_KEYSTORE_CANCELLED", "the user cancelled the keystore prompt"},
    [EID_ERR_KEY_INVALIDATED] = {"EID_ERR_KEY_INVALIDATED", "the keystore key was invalidated"},
    [EID_ERR_FORMAT] = {"EID_ERR_FORMAT", "malformed or non-canonical input"},
    [EID_ERR_UNSUPPORTED_VERSION] = {"EID_ERR_UNSUPPORTED_VERSION", "unsupported format version"},
    [EID_ERR_TOO_LARGE] = {"EID_ERR_TOO_LARGE", "input or output exceeds its size bound"},
    [EID_ERR_BAD_SIGNATURE] = {"EID_ERR_BAD_SIGNATURE", "signature does not verify"},
    [EID_ERR_UNTRUSTED_ISSUER] = {"EID_ERR_UNTRUSTED_ISSUER", "issuer key not trusted for this use"},
    [EID_ERR_UNTRUSTED_LIST] = {"EID_ERR_UNTRUSTED_LIST", "trust list not signed by enough pinned root keys"},
    [EID_ERR_LIST_EXPIRED] = {"EID_ERR_LIST_EXPIRED", "list has expired or is too old"},
    [EID_ERR_LIST_STALE] = {"EID_ERR_LIST_STALE", "list is past its next update"},
    [EID_ERR_LIST_ROLLBACK] = {"EID_ERR_LIST_ROLLBACK", "list is older than one already seen"},
    [EID_ERR_EXPIRED] = {"EID_ERR_EXPIRED", "credential has expired"},
    [EID_ERR_NOT_YET_VALID] = {"EID_ERR_NOT_YET_VALID", "credential is not yet valid"},
    [EID_ERR_REVOKED] = {"EID_ERR_REVOKED", "credential has been revoked"},
    [EID_ERR_NO_STATUS_LIST] = {"EID_ERR_NO_STATUS_LIST", "no status list loaded for this credential"},
    [EID_ERR_REPLAYED] = {"EID_ERR_REPLAYED", "presentation or request was already used"},
    [EID_ERR_CHALLENGE_REQUIRED] = {"EID_ERR_CHALLENGE_REQUIRED", "this verifier requires a challenged presentation"},
    [EID_ERR_REQUEST_UNKNOWN] = {"EID_ERR_REQUEST_UNKNOWN", "presentation answers no open request of this verifier"},
    [EID_ERR_PRESENTATION_EXPIRED] = {"EID_ERR_PRESENTATION_EXPIRED", "presentation or request is outside its lifetime"},
    [EID_ERR_WRONG_LEVEL] = {"EID_ERR_WRONG_LEVEL", "assurance or account level too low"},
    [EID_ERR_WRONG_HOLDER] = {"EID_ERR_WRONG_HOLDER", "bound to another holder"},
    [EID_ERR_NOT_FOUND] = {"EID_ERR_NOT_FOUND", "not found"},
    [EID_ERR_EXISTS] = {"EID_ERR_EXISTS", "already exists"},
    [EID_ERR_CLOCK] = {"EID_ERR_CLOCK", "clock is earlier than data already loaded"},
    [EID_ERR_STORE_FULL] = {"EID_ERR_STORE_FULL", "replay store is full"},
    [EID_ERR_NOT_ALLOWED] = {"EID_ERR_NOT_ALLOWED", "not allowed by the trust list"},
    [EID_ERR_INVALID_CLAIM] = {"EID_ERR_INVALID_CLAIM", "claim value is not valid for its schema"},
    [EID_ERR_PROOF] = {"EID_ERR_PROOF", "disclosures do not match the signed Merkle root"},
    [EID_ERR_DOES_NOT_FIT] = {"EID_ERR_DOES_NOT_FIT", "text does not fit in one QR code"},
    [EID_ERR_STATE] = {"EID_ERR_STATE", "operation not valid in the current state"},
    [EID_ERR_OLDER] = {"EID_ERR_OLDER", "an older credential cannot replace a newer one"},
    [EID_ERR_CRYPTO] = {"EID_ERR_CRYPTO", "cryptographic operation failed"},
    [EID_ERR_INTERNAL] = {"EID_ERR_INTERNAL", "internal error"},
    [EID_ERR_IDENTITY_REVOKED] = {"EID_ERR_IDENTITY_REVOKED", "this wallet's identity was revoked: activate it again"},
    [EID_ERR_BATCH_EMPTY] = {"EID_ERR_BATCH_EMPTY", "no unused single-use credential left: refill the batch"},
    [EID_ERR_NOT_REQUESTED] = {"EID_ERR_NOT_REQUESTED", "the answer shows other claims than the request asked for"},
};

int eid_status_count(void) { return EID_STATUS_COUNT; }

const char *eid_status_str(eid_status status)
{
    if ((unsigned)status >= EID_STATUS_COUNT || status_table[status].message == NULL)
        return "unknown status";
    return status_table[status].message;
}

const char *eid_status_name(eid_status status)
{
    if ((unsigned)status >= EID_STATUS_COUNT || status_table[status].name == NULL)
        return "EID_ERR_UNKNOWN";
    return status_table[status].name;
}
