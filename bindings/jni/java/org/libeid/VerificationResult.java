// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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

    private static final Check[] CHECKS = Check.values();
    private static final Outcome[] OUTCOMES = Outcome.values();
    /** The checks both this binding and the loaded library know. */
    private static final int N_CHECKS = Math.min(Native.checkCount(), CHECKS.length);

    private VerificationResult(long r) {
        // one native call reads it all (see Native.resultRead)
        long[] nums = new long[10];
        int[] cs = new int[2 * N_CHECKS];
        byte[][] texts = new byte[2 + N_CHECKS][];
        Claim[] cl = Native.resultRead(r, nums, cs, texts);
        if (cl == null) {
            throw new IllegalStateException("reading a verification result");
        }
        statusValue = (int) nums[0];
        status = Status.of(statusValue);
        CheckResult[] checkResults = new CheckResult[N_CHECKS];
        for (int k = 0; k < N_CHECKS; k++) {
            int o = cs[2 * k];
            checkResults[k] = new CheckResult(CHECKS[k], o >= 0 && o < OUTCOMES.length ? OUTCOMES[o] : Outcome.FAILED,
                    Status.of(cs[2 * k + 1]), texts[2 + k] == null ? "" : Native.utf8(texts[2 + k]));
        }
        checks = Collections.unmodifiableList(Arrays.asList(checkResults));
        docType = DocType.of((int) nums[1]);
        assurance = (int) nums[2];
        issuerId = Native.utf8(texts[0]);
        issuerName = Native.utf8(texts[1]);
        validFrom = LocalDate.ofEpochDay(nums[3]);
        validUntil = LocalDate.ofEpochDay(nums[4]);
        challenged = nums[5] == 1;
        stale = nums[6] == 1;
        claims = Collections.unmodifiableList(Arrays.asList(cl));
        trustSequence = nums[8];
        revocationSequence = nums[9];
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
