// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole story through the binding: vault, wallet, documents, cards, presentations, audit, revocation. */
class WalletFlowTest {
    private static EidException fails(Status expected, org.junit.jupiter.api.function.Executable call) {
        EidException e = assertThrows(EidException.class, call);
        assertEquals(expected, e.status(), e.getMessage());
        return e;
    }

    @Test
    void fullFlow() throws Exception {
        try (World w = new World()) {
            Path dir = World.newDir("flow");
            SoftwareKeyStore ks = new SoftwareKeyStore();
            Vault v = Vault.create(dir, World.PASSCODE, ks, World.fastOptions());
            assertTrue(v.isUnlocked());
            assertEquals(KeyStore.Kind.SOFTWARE, v.keystoreKind());
            assertTrue(Files.exists(dir.resolve("vault.db")));
            assertEquals(1, ks.size(), "one keystore key per vault");
            // lock, a wrong passcode, unlock
            v.lock();
            assertFalse(v.isUnlocked());
            fails(Status.WRONG_PASSCODE, () -> v.unlock("111111".toCharArray()));
            assertEquals(1, v.failedAttempts());
            char[] pass = World.PASSCODE.clone();
            v.unlock(pass);
            assertArrayEquals(World.PASSCODE, pass, "the caller's array is the caller's");
            assertEquals(0, v.failedAttempts());
            fails(Status.STATE, () -> v.unlock(World.PASSCODE));

            Wallet wal = Wallet.open(v, new WalletOptions().clock(w.clock).deviceLabel("JUnit"));
            assertEquals(0, wal.level());
            fails(Status.WRONG_LEVEL, () -> wal.issuanceRequest(World.CHALLENGE));
            fails(Status.STATE, () -> wal.activate(w.verifier, w.issue(DocType.IDENTITY, w.rp.publicKey(), 1)));
            // activation: garbage, then the identity the authority issued
            wal.activationRequest(World.CHALLENGE);
            EidException bad = assertThrows(EidException.class,
                    () -> wal.activate(w.verifier, new byte[] {1, 2, 3}));
            assertEquals(20, bad.status().family(), "garbage is unreadable input: " + bad.getMessage());
            wal.activate(w.verifier, w.identityFor(wal, 1));
            assertEquals(2, wal.level());
            // the three document kinds
            for (DocType t : new DocType[] {DocType.DRIVING_LICENCE, DocType.HEALTH_INSURANCE,
                DocType.CRIMINAL_RECORD}) {
                byte[] doc = w.documentFor(wal, t, 20 + t.value());
                wal.importDocument(w.verifier, doc);
                fails(Status.EXISTS, () -> wal.importDocument(w.verifier, doc));
            }
            // a document for another holder key is refused
            byte[] other = w.issue(DocType.HEALTH_INSURANCE, w.rp.publicKey(), 40);
            fails(Status.WRONG_HOLDER, () -> wal.importDocument(w.verifier, other));
            assertEquals(List.of(DocType.IDENTITY, DocType.DRIVING_LICENCE, DocType.HEALTH_INSURANCE,
                    DocType.CRIMINAL_RECORD), wal.documents());

            // documents and cards
            for (DocType t : DocType.values()) {
                try (Document d = wal.document(t)) {
                    assertEquals(t, d.docType());
                    assertEquals(Validity.VALID, d.validity());
                    assertEquals(2, d.assurance());
                    assertEquals(w.today.minusDays(1), d.validFrom());
                    assertFalse(d.revoked());
                    List<Claim> claims = d.claims();
                    assertEquals(World.claims(t), claims, "the claims come back as issued, typed");
                    assertEquals(LocalDate.of(1990, 5, 17), claims.get(2).date());
                    try (Card vi = d.card(Language.VI, false); Card en = d.card(Language.EN, true)) {
                        assertEquals(World.FULL_NAME, vi.holderName());
                        assertEquals(t.title(Language.VI), vi.title());
                        assertEquals(t.title(Language.EN), en.title());
                        assertEquals(Validity.VALID, vi.validity());
                        assertTrue(vi.rows().size() >= 3);
                        assertTrue(en.rows().stream().noneMatch(r -> r.hidden), "revealed");
                        assertTrue(vi.svg().startsWith("<?xml") || vi.svg().contains("<svg"));
                        assertEquals(Language.EN, en.language());
                    }
                }
            }
            try (Document id = wal.document(DocType.IDENTITY); Card masked = id.card(Language.VI, false)) {
                assertTrue(masked.rows().stream().anyMatch(r -> r.hidden && r.value.equals("••••••")),
                        "a sensitive row is masked until revealed");
            }

            // offline presentations of each kind, verified with typed claims
            VerificationResult r = verifyOffline(w, wal, DocType.IDENTITY, 1, 2, 3);
            assertEquals(World.FULL_NAME, r.claim("full_name").text());
            assertEquals(LocalDate.of(1990, 5, 17), r.claim("birth_date").date());
            assertTrue(r.claims().get(2).bool());
            assertEquals("vn.bocongan", r.issuerId());
            assertEquals("Bộ Công an", r.issuerName());
            assertFalse(r.challenged());
            assertTrue(r.checks().stream().allMatch(c -> c.outcome == VerificationResult.Outcome.PASSED));
            r = verifyOffline(w, wal, DocType.DRIVING_LICENCE, 1, 3, 7);
            List<Claim.ListEntry> privileges = r.claims().get(1).list();
            assertEquals(2, privileges.size());
            assertEquals(2, privileges.get(0).code);
            assertEquals(LocalDate.ofEpochDay(17000), privileges.get(0).first);
            assertEquals(12, r.claims().get(2).integer());
            r = verifyOffline(w, wal, DocType.HEALTH_INSURANCE, 3, 4);
            assertEquals("DN4010123456789", r.claims().get(0).text());
            assertEquals(4, r.claims().get(1).integer());
            r = verifyOffline(w, wal, DocType.CRIMINAL_RECORD, 3, 6);
            assertEquals(1, r.claims().get(0).enumCode());
            assertEquals("Điều 260 Bộ luật Hình sự", r.claims().get(1).list().get(0).text);

            // a replayed presentation is an answer, not an exception
            Presentation p = wal.present(DocType.IDENTITY, 1);
            assertTrue(w.verifier.verify(p.text(), w.now).valid());
            VerificationResult replay = w.verifier.verify(p.text(), w.now);
            assertFalse(replay.valid());
            assertEquals(Status.REPLAYED, replay.status());
            assertEquals(VerificationResult.Outcome.FAILED, replay.check(VerificationResult.Check.REPLAY).outcome);
            assertTrue(replay.claims().isEmpty());

            // challenge mode: the relying party's request, the wallet's consent screen, the answer
            Request req = Request.create(w.rp, World.RP_ID, DocType.IDENTITY, new int[] {1, 2}, w.now, 120);
            w.verifier.openRequest(req, w.now);
            Request scanned = Request.fromText(req.text());
            RequestInfo info = w.verifier.inspectRequest(scanned, w.now);
            assertEquals(World.RP_NAME, info.rpName);
            assertArrayEquals(new int[] {1, 2}, info.claims.get(DocType.IDENTITY));
            fails(Status.NOT_REQUESTED, () -> wal.present(DocType.IDENTITY, new int[] {1}, scanned, w.verifier));
            Presentation answer = wal.present(DocType.IDENTITY, new int[] {1, 2}, scanned, w.verifier);
            VerificationResult ok = w.verifier.verify(answer.text(), w.now);
            assertTrue(ok.valid(), ok.failures().toString());
            assertTrue(ok.challenged());
            Presentation again = wal.present(DocType.IDENTITY, new int[] {1, 2}, scanned, w.verifier);
            assertEquals(Status.REPLAYED, w.verifier.verify(again.text(), w.now).status(),
                    "a request is answered once");

            // the audit log names what was shared, and with whom
            List<AuditEntry> log = wal.auditLog();
            assertEquals(7, log.size(), "seven presentations were made");
            assertEquals("", log.get(0).relyingParty);
            AuditEntry last = log.get(log.size() - 1);
            assertEquals(World.RP_ID, last.relyingParty);
            assertEquals(DocType.IDENTITY, last.docType);
            assertArrayEquals(new int[] {1, 2}, last.claims());
            wal.clearAuditLog();
            assertTrue(wal.auditLog().isEmpty());

            // revocation: the issuer revokes the licence, the wallet refreshes
            w.lists[DocType.DRIVING_LICENCE.value()] = w.revocationList(DocType.DRIVING_LICENCE, 4, 22);
            try (Verifier lists = w.verifier(null, null)) {
                assertEquals(1, wal.refresh(lists));
            }
            try (Document d = wal.document(DocType.DRIVING_LICENCE)) {
                assertTrue(d.revoked());
                assertEquals(Validity.REVOKED, d.validity());
            }
            fails(Status.REVOKED, () -> wal.present(DocType.DRIVING_LICENCE, 1));
            try (ReplayStore s = ReplayStore.inMemory(16); Verifier fresh = w.verifier(s, World.RP_ID)) {
                VerificationResult health = fresh.verify(wal.present(DocType.HEALTH_INSURANCE, 3).text(), w.now);
                assertTrue(health.valid());
            }
            wal.delete(DocType.HEALTH_INSURANCE);
            fails(Status.NOT_FOUND, () -> wal.delete(DocType.HEALTH_INSURANCE));
            fails(Status.NOT_FOUND, () -> wal.document(DocType.HEALTH_INSURANCE));
            fails(Status.NOT_FOUND, () -> wal.present(DocType.IDENTITY, 30));

            // the vault keeps it all across close and open; locked, the wallet refuses
            v.lock();
            fails(Status.LOCKED, wal::level);
            wal.close();
            v.close();
            try (Vault again2 = Vault.open(dir, ks, World.fastOptions())) {
                assertFalse(again2.isUnlocked());
                again2.unlock(World.PASSCODE);
                try (Wallet reopened = Wallet.open(again2, new WalletOptions().clock(w.clock))) {
                    assertEquals(2, reopened.level());
                    assertEquals(List.of(DocType.IDENTITY, DocType.DRIVING_LICENCE, DocType.CRIMINAL_RECORD),
                            reopened.documents());
                }
                again2.wipe();
                assertFalse(Files.exists(dir.resolve("vault.db")));
                assertEquals(0, ks.size(), "wiping deletes the keystore key");
            }
        }
    }

    private static VerificationResult verifyOffline(World w, Wallet wal, DocType t, int... claims) {
        Presentation p = wal.present(t, claims);
        VerificationResult r = w.verifier.verify(p.text(), w.now);
        assertTrue(r.valid(), t + ": " + r.failures());
        assertEquals(Status.OK, r.status());
        assertEquals(t, r.docType());
        assertEquals(claims.length, r.claims().size());
        for (int i = 0; i < claims.length; i++) {
            assertEquals(claims[i], r.claims().get(i).number());
            assertNotEquals(null, r.claims().get(i).name());
        }
        return r;
    }
}
