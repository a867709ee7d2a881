// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a verifier found (a value; nothing to close): valid or not, the status
 * (the first failed check's, in check order), every check's outcome with its
 * status and detail, and, only when valid, the disclosed claims. Doc type,
 * issuer and dates are what the presentation claims to be: trust them only
 * when {@link #valid()}.
 */
public final class VerificationResult {
    /** The checks (eid_check), in the order they run; the ordinal is the C value. */
    public enum Check {
        FORMAT, CLOCK, TRUST_LIST, ISSUER_KEY, ISSUER_SIGNATURE, VALIDITY, ASSURANCE, DISCLOSURES, PROOF,
        HOLDER_SIGNATURE, FRESHNESS, REVOCATION, REPLAY;

        /** libeid's name of the check ("issuer_signature"). */
        public String cName() {
            Eid.init();
            return Native.utf8(Native.checkName(ordinal()));
        }
    }

    /** A check's outcome (eid_check_outcome); the ordinal is the C value. */
    public enum Outcome {
        PASSED, FAILED, SKIPPED, NOT_APPLICABLE
    }

    /** One check: its outcome, its status (OK unless it failed) and a short English detail ("" unless failed). */
    public static final class CheckResult {
        public final Check check;
        public final Outcome outcome;
        public final Status status;
        public final String detail;

        CheckResult(Check check, Outcome outcome, Status status, String detail) {
            this.check = check;
            this.outcome = outcome;
            this.status = status;
            this.detail = detail;
        }

        @Override
        public String toString() {
            return check + ": " + outcome + (outcome == Outcome.FAILED ? " (" + status + ", " + detail + ")" : "");
        }
    }

    private final Status status;
    private final int statusValue;
    private final List<CheckResult> checks;
    private final DocType docType;
    private final int assurance;
    private final String issuerId;
    private final String issuerName;
    private final LocalDate validFrom;
    private final LocalDate validUntil;
    private final boolean challenged;
    private final boolean stale;
    private final List<Claim> claims;
    private final long trustSequence;
    private final long revocationSequence;

    private VerificationResult(long r) {
        statusValue = (int) Native.resultGet(r, 0);
        status = Status.of(statusValue);
        int n = Native.checkCount();
        List<CheckResult> cs = new ArrayList<>(n);
        int[] st = new int[1];
        byte[][] detail = new byte[1][];
        Check[] all = Check.values();
        Outcome[] outcomes = Outcome.values();
        for (int k = 0; k < n && k < all.length; k++) {
            detail[0] = null;
            int o = Native.resultCheck(r, k, st, detail);
            cs.add(new CheckResult(all[k], o >= 0 && o < outcomes.length ? outcomes[o] : Outcome.FAILED,
                    Status.of(st[0]), detail[0] == null ? "" : Native.utf8(detail[0])));
        }
        checks = Collections.unmodifiableList(cs);
        docType = DocType.of((int) Native.resultGet(r, 1));
        assurance = (int) Native.resultGet(r, 2);
        issuerId = Native.utf8(Native.resultText(r, 0));
        issuerName = Native.utf8(Native.resultText(r, 1));
        validFrom = LocalDate.ofEpochDay(Native.resultGet(r, 3));
        validUntil = LocalDate.ofEpochDay(Native.resultGet(r, 4));
        challenged = Native.resultGet(r, 5) == 1;
        stale = Native.resultGet(r, 6) == 1;
        int nc = (int) Native.resultGet(r, 7);
        List<Claim> cl = new ArrayList<>(nc);
        for (int i = 0; i < nc; i++) {
            cl.add(Native.resultClaim(r, i));
        }
        claims = Collections.unmodifiableList(cl);
        trustSequence = Native.resultGet(r, 8);
        revocationSequence = Native.resultGet(r, 9);
    }

    /** Reads and frees a C result; no result is misuse (or no memory): EidException. */
    static VerificationResult take(int st, long r) {
        if (r == 0) {
            throw new EidException(st, "verification did not run");
        }
        try {
            return new VerificationResult(r);
        } finally {
            Handle.freeNow(Handle.RESULT, r);
        }
    }

    /** True only when every check passed. */
    public boolean valid() {
        return statusValue == 0;
    }

    /** The verdict's status (null only for a status newer than this binding; see statusValue()). */
    public Status status() {
        return status;
    }

    public int statusValue() {
        return statusValue;
    }

    public List<CheckResult> checks() {
        return checks;
    }

    public CheckResult check(Check c) {
        return checks.get(c.ordinal());
    }

    /** The failed checks, in order. */
    public List<CheckResult> failures() {
        List<CheckResult> l = new ArrayList<>();
        for (CheckResult c : checks) {
            if (c.outcome == Outcome.FAILED) {
                l.add(c);
            }
        }
        return l;
    }

    public DocType docType() {
        return docType;
    }

    public int assurance() {
        return assurance;
    }

    public String issuerId() {
        return issuerId;
    }

    /** The issuer's display name from the trust list. */
    public String issuerName() {
        return issuerName;
    }

    public LocalDate validFrom() {
        return validFrom;
    }

    public LocalDate validUntil() {
        return validUntil;
    }

    /** True for an answer to this verifier's request (challenge mode). */
    public boolean challenged() {
        return challenged;
    }

    /** True when a list used was past its next update, within the allowed staleness. */
    public boolean stale() {
        return stale;
    }

    /** The disclosed claims in claim order; empty unless valid. */
    public List<Claim> claims() {
        return claims;
    }

    /** The disclosed claim named `name` ("full_name"), or null. */
    public Claim claim(String name) {
        for (Claim c : claims) {
            if (name.equals(c.name())) {
                return c;
            }
        }
        return null;
    }

    public long trustSequence() {
        return trustSequence;
    }

    public long revocationSequence() {
        return revocationSequence;
    }

    @Override
    public String toString() {
        return "VerificationResult(" + (valid() ? "valid" : "not valid") + ", " + status + ", " + docType + ")";
    }
}
