// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/**
 * A libeid call failed: {@link #status()} says why, in terms an app can branch
 * on (a wrong passcode, a lockout, a revoked document...). The message adds
 * the library's developer detail for the handle, which never holds a secret or
 * a claim value. Verification does not throw for a presentation that is not
 * valid: {@link Verifier#verify} returns a {@link VerificationResult}.
 */
public class EidException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int value;
    private final transient Status status;

    public EidException(int status, String detail) {
        super(message(status, detail));
        this.value = status;
        this.status = Status.of(status);
    }

    private static String message(int status, String detail) {
        Status s = Status.of(status);
        String name = s != null ? s.cName() : "EID_ERR_UNKNOWN(" + status + ")";
        return detail == null || detail.isEmpty() ? name : name + ": " + detail;
    }

    /** The status, or null for a value this binding does not know (a newer library). */
    public Status status() {
        return status;
    }

    /** The status's C value. */
    public int statusValue() {
        return value;
    }

    /** Throws an EidException unless {@code st} is EID_OK. */
    static void check(int st, String detail) {
        if (st != 0) {
            throw new EidException(st, detail);
        }
    }

    static void check(int st) {
        check(st, null);
    }
}
