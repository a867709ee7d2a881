// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/**
 * libeid's statuses (eid_status), one constant per C value: {@code OK} is
 * EID_OK, every other constant is the C name without "EID_ERR_". A test
 * checks this list against the loaded library (eid_status_count/at/name), so
 * a status added in C cannot be missing here. The family of a value (its
 * range) says what kind of failure it is: see {@link #family()}.
 */
public enum Status {
    OK(0),
    /** a NULL or out-of-range argument, an unknown options version */
    INVALID_ARG(1),
    /** the call is not valid in the object's current state */
    STATE(2),
    NOT_FOUND(3),
    EXISTS(4),
    /** the text does not fit one QR code */
    DOES_NOT_FIT(5),
    /** every index of the revocation list is in use */
    LIST_FULL(6),
    /** no unused single-use credential left for this document: refill the batch */
    BATCH_EMPTY(7),
    /** this build of libeid lacks the feature (e.g. the Redis fleet store) */
    UNSUPPORTED(8),
    /** input is not a well-formed, canonical message */
    FORMAT(20),
    UNSUPPORTED_VERSION(21),
    /** input or output exceeds its size bound */
    TOO_LARGE(22),
    /** a claim value breaks its schema */
    INVALID_CLAIM(23),
    BAD_SIGNATURE(40),
    /** issuer key unknown or not allowed for this use */
    UNTRUSTED_ISSUER(41),
    /** a request from a relying party, or with a key, the trust list does not name */
    UNTRUSTED_RELYING_PARTY(42),
    /** trust list not signed by enough pinned roots */
    UNTRUSTED_LIST(43),
    /** the trust list does not allow this claim, doc type or use */
    NOT_ALLOWED(44),
    /** a trust list past its expiry, a revocation list past its maximum age */
    LIST_EXPIRED(45),
    /** a list past its next_update */
    LIST_STALE(46),
    /** a list older than the stored minimum sequence */
    LIST_ROLLBACK(47),
    /** no revocation list loaded for the credential */
    NO_REVOCATION_LIST(48),
    /** the clock is earlier than data already loaded */
    CLOCK(49),
    /** credential past its validity */
    EXPIRED(50),
    NOT_YET_VALID(51),
    REVOKED(52),
    /** assurance or account level too low */
    WRONG_LEVEL(53),
    /** bound to another holder key or person */
    WRONG_HOLDER(54),
    /** disclosures and proof do not give the signed Merkle root */
    PROOF(55),
    /** a presentation outside its lifetime or its request's */
    PRESENTATION_EXPIRED(56),
    /** offline presentation at a verifier that requires challenges */
    CHALLENGE_REQUIRED(57),
    /** the request the presentation answers is not open here */
    REQUEST_UNKNOWN(58),
    /** a relying party's request past its expiry, or created in the future */
    REQUEST_EXPIRED(59),
    /** a wallet's request answers another challenge than the issuer's */
    WRONG_CHALLENGE(60),
    /** an answer shows a doc type or claims other than the request asked for */
    NOT_REQUESTED(61),
    /** presentation or request already used */
    REPLAYED(62),
    /** the replay store is full: fails closed */
    STORE_FULL(63),
    /** an older credential may not replace a newer one */
    OLDER(64),
    /** the wallet's identity was revoked (e.g. activated on another phone) */
    IDENTITY_REVOKED(65),
    /** the vault is locked: unlock it first */
    LOCKED(80),
    WRONG_PASSCODE(81),
    WEAK_PASSCODE(82),
    /** too many wrong passcodes: wait and retry */
    LOCKED_OUT(83),
    /** the vault wiped itself after too many wrong passcodes */
    WIPED(84),
    /** the platform keystore failed */
    KEYSTORE(85),
    /** the user cancelled the keystore prompt */
    KEYSTORE_CANCELLED(86),
    /** the keystore key is gone (e.g. biometrics changed) */
    KEY_INVALIDATED(87),
    NO_MEMORY(100),
    /** a file or storage operation failed */
    IO(101),
    /** stored data failed its integrity check */
    CORRUPT(102),
    /** a cryptographic primitive failed */
    CRYPTO(103),
    INTERNAL(104),
    /** a shared store did not answer in time or answered nonsense: fails closed */
    UNAVAILABLE(105),
    /** a shared store refused the credentials (password, ACL user) */
    ACCESS_DENIED(106);

    private final int value;

    Status(int value) {
        this.value = value;
    }

    /** The C value. */
    public int value() {
        return value;
    }

    /** The C enumerator's name, e.g. "EID_ERR_REVOKED". */
    public String cName() {
        return this == OK ? "EID_OK" : "EID_ERR_" + name();
    }

    /** The family's first value: 0, 1 (the call), 20 (input), 40 (a check), 80 (vault), 100 (system); -1 unknown. */
    public int family() {
        return familyOf(value);
    }

    static int familyOf(int v) {
        return v == 0 ? 0 : v < 0 ? -1 : v < 20 ? 1 : v < 40 ? 20 : v < 80 ? 40 : v < 100 ? 80 : v < 120 ? 100 : -1;
    }

    /** An English sentence naming the status (from the library). */
    public String describe() {
        return Native.utf8(Native.statusStr(value));
    }

    /** The constant of a C value, or null for a value this binding does not know. */
    public static Status of(int value) {
        return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }

    /** The constants by C value (null where none). */
    private static final Status[] BY_VALUE;

    static {
        int max = 0;
        for (Status s : values()) {
            max = Math.max(max, s.value);
        }
        BY_VALUE = new Status[max + 1];
        for (Status s : values()) {
            BY_VALUE[s.value] = s;
        }
    }
}
