// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every failure path surfaces with its status; a verifier's "no" is a result, not an exception. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureTest {
    private World w;
    private Vault vault;
    private Wallet wallet;

    @BeforeAll
    void setUp() throws Exception {
        w = new World();
        vault = Vault.create(World.newDir("failures"), World.PASSCODE, new SoftwareKeyStore(), World.fastOptions());
        wallet = w.levelTwoWallet(vault, DocType.DRIVING_LICENCE);
    }

    @AfterAll
    void tearDown() {
        wallet.close();
        vault.close();
        w.close();
    }

    private static void fails(Status expected, org.junit.jupiter.api.function.Executable call) {
        EidException e = assertThrows(EidException.class, call);
        assertEquals(expected, e.status(), e.getMessage());
    }

    @Test
    void vaultRefusals() throws Exception {
        SoftwareKeyStore ks = new SoftwareKeyStore();
        Path dir = World.newDir("refusals");
        fails(Status.NOT_FOUND, () -> Vault.open(dir, ks, null));
        fails(Status.WEAK_PASSCODE, () -> Vault.create(dir, "123456".toCharArray(), ks, World.fastOptions()));
        fails(Status.WEAK_PASSCODE, () -> Vault.create(dir, "12a".toCharArray(), ks, World.fastOptions()));
        fails(Status.WEAK_PASSCODE, () -> Vault.create(dir, "28\u000019".toCharArray(), ks, World.fastOptions()));
        fails(Status.WEAK_PASSCODE, () -> Vault.checkPasscode("111111".toCharArray(), null));
        Vault.checkPasscode(World.PASSCODE, null);
        Vault.checkPasscode("correct horse".toCharArray(),
                new VaultOptions().passcodeLength(8, 64).digitsOnly(false).rejectWeak(false));
        assertFalse(Files.exists(dir.resolve("vault.db")), "a refused create leaves nothing");
        try (Vault v = Vault.create(dir, World.PASSCODE, ks, World.fastOptions())) {
            fails(Status.EXISTS, () -> Vault.create(dir, World.PASSCODE, ks, World.fastOptions()));
            fails(Status.INVALID_ARG, () -> Vault.create(dir, World.PASSCODE, ks, World.fastOptions().argon2(0, 1)));
            fails(Status.WRONG_PASSCODE, () -> v.changePasscode("280418".toCharArray(), "284617".toCharArray()));
            v.lock();
            fails(Status.WRONG_PASSCODE, () -> v.unlock("28\u000019".toCharArray()));
            fails(Status.LOCKED, () -> v.changePasscode(World.PASSCODE, "284617".toCharArray()));
            v.unlock(World.PASSCODE);
            fails(Status.WEAK_PASSCODE, () -> v.changePasscode(World.PASSCODE, "000000".toCharArray()));
            v.changePasscode(World.PASSCODE, "284617".toCharArray());
            v.rekey();
            v.lock();
            fails(Status.WRONG_PASSCODE, () -> v.unlock(World.PASSCODE));
            v.unlock("284617".toCharArray());
        }
    }

    @Test
    void lockoutWaitsThenLetsTheRightPasscodeIn() throws Exception {
        long[] elapsed = {1000};
        VaultOptions o = World.fastOptions().lockout(2, 30, 60, 0).elapsedClock(() -> elapsed[0]);
        try (Vault v = Vault.create(World.newDir("lockout"), World.PASSCODE, new SoftwareKeyStore(), o)) {
            v.lock();
            fails(Status.WRONG_PASSCODE, () -> v.unlock("999999".toCharArray()));
            fails(Status.WRONG_PASSCODE, () -> v.unlock("999998".toCharArray()));
            fails(Status.LOCKED_OUT, () -> v.unlock(World.PASSCODE));
            assertEquals(30, v.retryAfterSeconds());
            elapsed[0] += 31;
            assertEquals(0, v.retryAfterSeconds());
            v.unlock(World.PASSCODE);
            assertEquals(0, v.failedAttempts());
        }
    }

    @Test
    void lockoutEndsInAWipe() throws Exception {
        long[] elapsed = {1000};
        SoftwareKeyStore ks = new SoftwareKeyStore();
        Path dir = World.newDir("wipe");
        VaultOptions o = World.fastOptions().lockout(2, 30, 60, 4).elapsedClock(() -> elapsed[0]);
        try (Vault v = Vault.create(dir, World.PASSCODE, ks, o)) {
            v.lock();
            fails(Status.WRONG_PASSCODE, () -> v.unlock("999999".toCharArray()));
            fails(Status.WRONG_PASSCODE, () -> v.unlock("999998".toCharArray()));
            fails(Status.LOCKED_OUT, () -> v.unlock("999997".toCharArray()));
            elapsed[0] += 31;
            fails(Status.WRONG_PASSCODE, () -> v.unlock("999997".toCharArray()));
            assertEquals(3, v.failedAttempts());
            fails(Status.LOCKED_OUT, () -> v.unlock(World.PASSCODE));
            elapsed[0] += 61;
            fails(Status.WIPED, () -> v.unlock("999996".toCharArray()));
            fails(Status.WIPED, () -> v.unlock(World.PASSCODE));
        }
        assertFalse(Files.exists(dir.resolve("vault.db")));
        assertEquals(0, ks.size(), "the wipe deleted the keystore key");
        fails(Status.NOT_FOUND, () -> Vault.open(dir, ks, null));
    }

    @Test
    void walletRefusals() {
        fails(Status.NOT_FOUND, () -> wallet.present(DocType.CRIMINAL_RECORD, 1));
        fails(Status.NOT_FOUND, () -> wallet.present(DocType.IDENTITY, 29));
        fails(Status.INVALID_ARG, () -> wallet.present(DocType.IDENTITY));
        fails(Status.INVALID_ARG, () -> wallet.importDocument(w.verifier, w.issue(DocType.IDENTITY,
                w.rp.publicKey(), 5)));
        Request foreign = Request.create(w.rp, "vn.unknown.party", DocType.IDENTITY, new int[] {1}, w.now, 60);
        fails(Status.UNTRUSTED_RELYING_PARTY, () -> wallet.present(DocType.IDENTITY, new int[] {1}, foreign,
                w.verifier));
        fails(Status.UNTRUSTED_RELYING_PARTY, () -> w.verifier.inspectRequest(foreign, w.now));
        Request late = Request.create(w.rp, World.RP_ID, DocType.IDENTITY, new int[] {1}, w.now, 60);
        fails(Status.REQUEST_EXPIRED, () -> w.verifier.inspectRequest(late, w.now + 600));
        Request tooMuch = Request.create(w.rp, World.RP_ID, DocType.IDENTITY, new int[] {9}, w.now, 60);
        fails(Status.NOT_ALLOWED, () -> w.verifier.openRequest(tooMuch, w.now));
        fails(Status.FORMAT, () -> Request.fromText("EIDR1:NOT A REQUEST"));
        fails(Status.INVALID_ARG, () -> Request.create(w.rp, World.RP_ID, DocType.IDENTITY, new int[] {2, 1}, w.now,
                60));
    }

    @Test
    void verificationFailuresAreResults() {
        for (String text : new String[] {"", "EID1:", "EID1:NOT BASE45!", "hello", "EID1:\u0000AB", "EIDR1:AB"}) {
            VerificationResult r = w.verifier.verify(text, w.now);
            assertFalse(r.valid(), text);
            assertEquals(Status.FORMAT, r.status(), text);
            assertEquals(VerificationResult.Check.FORMAT, r.failures().get(0).check);
            assertTrue(r.claims().isEmpty());
        }
        String good = wallet.present(DocType.IDENTITY, 1, 2).text();
        // tampered: any change is refused, and uses nothing up
        char[] t = good.toCharArray();
        t[t.length / 2] = t[t.length / 2] == 'A' ? 'B' : 'A';
        VerificationResult tampered = w.verifier.verify(new String(t), w.now);
        assertFalse(tampered.valid());
        assertNotEquals(Status.REPLAYED, tampered.status());
        // too late: the offline lifetime is 60 s plus 30 s of clock skew
        VerificationResult late = w.verifier.verify(good, w.now + 3600);
        assertEquals(Status.PRESENTATION_EXPIRED, late.status());
        assertEquals(VerificationResult.Outcome.FAILED, late.check(VerificationResult.Check.FRESHNESS).outcome);
        assertFalse(late.check(VerificationResult.Check.FRESHNESS).detail.isEmpty());
        assertEquals(Status.PRESENTATION_EXPIRED, late.check(VerificationResult.Check.FRESHNESS).status);
        // every check is reported in order; those that did not fail carry OK and no detail (the replay
        // store is written only after all else passed)
        assertEquals(VerificationResult.Check.values().length, late.checks().size());
        for (VerificationResult.Check c : VerificationResult.Check.values()) {
            VerificationResult.CheckResult cr = late.check(c);
            assertEquals(c, cr.check);
            if (c != VerificationResult.Check.FRESHNESS) {
                assertEquals(c == VerificationResult.Check.REPLAY ? VerificationResult.Outcome.SKIPPED
                        : VerificationResult.Outcome.PASSED, cr.outcome, c.toString());
                assertEquals(Status.OK, cr.status, c.toString());
                assertEquals("", cr.detail, c.toString());
            }
        }
        assertEquals(World.ISSUER_NAMES[1], late.issuerName());
        assertEquals(World.ISSUER_IDS[1], late.issuerId());
        // a verifier that requires challenges refuses an offline presentation
        try (ReplayStore s = ReplayStore.inMemory(0);
             Verifier strict = Verifier.builder().root(w.root.publicKey()).trustList(w.trust).replayStore(s)
                     .rpId(World.RP_ID).requireChallenge(true).build()) {
            assertEquals(Status.CHALLENGE_REQUIRED, strict.verify(good, w.now).status());
        }
        // a credential of a doc type whose revocation list is not loaded
        try (ReplayStore s = ReplayStore.inMemory(0);
             Verifier noLists = Verifier.builder().root(w.root.publicKey()).trustList(w.trust).replayStore(s)
                     .build()) {
            assertEquals(Status.NO_REVOCATION_LIST, noLists.verify(good, w.now).status());
        }
        assertTrue(w.verifier.verify(good, w.now).valid(), "none of the refusals used it up");
        // a verifier without a store cannot verify: misuse, an exception
        try (Verifier walletSide = w.verifier(null, null)) {
            fails(Status.STATE, () -> walletSide.verify(good, w.now));
        }
        assertThrows(NullPointerException.class, () -> w.verifier.verify(null, w.now));
    }

    @Test
    void verifierBuildRefusals() {
        try (SigningKey other = SigningKey.generate()) {
            fails(Status.UNTRUSTED_LIST, () -> Verifier.builder().root(other.publicKey()).trustList(w.trust).build());
        }
        fails(Status.LIST_ROLLBACK, () -> Verifier.builder().root(w.root.publicKey()).trustList(w.trust)
                .revocationList(w.lists[1], 10).build());
        fails(Status.LIST_ROLLBACK, () -> Verifier.builder().root(w.root.publicKey()).trustList(w.trust)
                .minTrustSequence(6).build());
        fails(Status.FORMAT, () -> Verifier.builder().root(w.root.publicKey()).trustList(new byte[] {1, 2}).build());
        fails(Status.INVALID_ARG, () -> Verifier.builder().root(new byte[31]).trustList(w.trust).build());
        fails(Status.INVALID_ARG, () -> Verifier.builder().root(w.root.publicKey()).trustList(w.trust)
                .offlineLifetime(0).build());
        fails(Status.EXISTS, () -> Verifier.builder().root(w.root.publicKey()).trustList(w.trust)
                .revocationList(w.lists[1]).revocationList(w.lists[1]).build());
    }

    @Test
    void qrCodes() {
        String text = wallet.present(DocType.IDENTITY, 1).text();
        try (QrCode q = QrCode.encode(text)) {
            assertEquals(17 + 4 * q.version(), q.width());
            boolean[][] m = q.modules();
            assertEquals(q.width(), m.length);
            assertTrue(m[0][0] && m[0][6] && !m[7][7], "a finder pattern in the top-left corner");
            byte[] png = q.png(4, QrCode.QUIET_ZONE);
            assertEquals((byte) 0x89, png[0]);
            assertEquals('P', png[1]);
            assertTrue(q.svg(4).contains("<svg"));
            assertTrue(q.terminalText(1).contains("\u2588"));
            assertEquals(QrCode.Ecc.M, q.ecc());
            fails(Status.INVALID_ARG, () -> q.png(0, 4));
            fails(Status.INVALID_ARG, () -> q.svg(99));
        }
        fails(Status.INVALID_ARG, () -> QrCode.encode("eid1:lower case"));
        fails(Status.INVALID_ARG, () -> QrCode.encode(""));
        fails(Status.DOES_NOT_FIT, () -> QrCode.encode("A".repeat(5000)));
    }
}
