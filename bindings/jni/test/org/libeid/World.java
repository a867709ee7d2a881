// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A small world for the Java tests, built through the binding only: a pinned
 * root, one issuer key per doc type, a relying party, signed trust and
 * revocation lists, a replay store and the relying party's verifier, at a
 * pinned time (2026-11-25 10:00 Vietnam time), as tests/support/fixture.c.
 */
final class World implements AutoCloseable {
    static final String PERSONAL_ID = "001203004567";
    static final String FULL_NAME = "Hồ Thị Thanh Hương";
    static final String RP_ID = "vn.csgt.checkpoint";
    static final String RP_NAME = "Trạm CSGT Hà Nội";
    static final char[] PASSCODE = "280419".toCharArray();
    static final byte[] CHALLENGE = "server-challenge-0001".getBytes();
    static final String[] ISSUER_IDS = {"", "vn.bocongan", "vn.csgt", "vn.bhxh", "vn.botuphap"};
    static final String[] ISSUER_NAMES = {"", "Bộ Công an", "Cục Cảnh sát giao thông", "Bảo hiểm xã hội Việt Nam",
        "Bộ Tư pháp"};
    static final int LIST_SIZE = 4096;

    final LocalDate today = LocalDate.of(2026, 11, 25);
    final long now = today.atTime(10, 0).toEpochSecond(ZoneOffset.ofHours(7));
    final SigningKey root = SigningKey.fromSeed(seed(1));
    final SigningKey[] issuers = new SigningKey[5];
    final SigningKey rp = SigningKey.fromSeed(seed(11));
    final byte[] trust;
    final byte[][] lists = new byte[5][];
    final ReplayStore store = ReplayStore.inMemory(1024);
    final Verifier verifier;
    final Clock clock = () -> this.now;

    World() {
        Eid.init();
        List<Issuer.TrustedIssuer> ti = new ArrayList<>();
        for (DocType t : DocType.values()) {
            int i = t.value();
            issuers[i] = SigningKey.fromSeed(seed(1 + i));
            ti.add(new Issuer.TrustedIssuer(ISSUER_IDS[i], ISSUER_NAMES[i], issuers[i].publicKey(), 3,
                    new DocType[] {t}, 2, today.minusDays(7300), today.plusDays(365), today.plusDays(7300)));
        }
        Issuer.TrustedRelyingParty party = new Issuer.TrustedRelyingParty(RP_ID, RP_NAME, rp.publicKey(),
                Map.of(DocType.IDENTITY, new int[] {0, 1, 2, 3}, DocType.DRIVING_LICENCE,
                        new int[] {0, 1, 2, 3, 4, 5, 6, 7}));
        trust = Issuer.signTrustList(5, now - 86400, now + 86400, now + 7 * 86400, ti, List.of(party), root);
        for (DocType t : DocType.values()) {
            lists[t.value()] = revocationList(t, 3);
        }
        verifier = verifier(store, RP_ID);
    }

    static byte[] seed(int n) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) (0x40 + n));
        return s;
    }

    byte[] revocationList(DocType t, long sequence, int... revoked) {
        return Issuer.signRevocationList(issuers[t.value()], ISSUER_IDS[t.value()], 1, t, sequence, now - 3600,
                now + 86400, LIST_SIZE, revoked);
    }

    /** A verifier on `store` (may be null) with the current lists. */
    Verifier verifier(ReplayStore s, String rpId) {
        Verifier.Builder b = Verifier.builder().root(root.publicKey()).trustList(trust).replayStore(s).rpId(rpId)
                .clock(clock);
        for (DocType t : DocType.values()) {
            b.revocationList(lists[t.value()]);
        }
        return b.build();
    }

    /** The standard claims of a doc type, for a fixed citizen (as fixture.c's fx_claims). */
    static List<Claim> claims(DocType t) {
        LocalDate birth = LocalDate.of(1990, 5, 17);
        LocalDate day2 = LocalDate.of(2019, 8, 1);
        List<Claim> c = new ArrayList<>();
        c.add(Claim.text(0, PERSONAL_ID));
        c.add(Claim.text(1, FULL_NAME));
        c.add(Claim.date(2, birth));
        switch (t) {
            case IDENTITY:
                for (int k = 3; k <= 6; k++) {
                    c.add(Claim.bool(k, true));
                }
                c.add(Claim.enumCode(7, 2));
                c.add(Claim.text(8, "Việt Nam"));
                c.add(Claim.text(9, "Xã Đông Hội, Huyện Đông Anh, Hà Nội"));
                c.add(Claim.text(10, "Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội"));
                break;
            case DRIVING_LICENCE:
                c.add(Claim.list(3, List.of(
                        new Claim.ListEntry(2, null, LocalDate.ofEpochDay(17000), LocalDate.ofEpochDay(23000)),
                        new Claim.ListEntry(4, null, LocalDate.ofEpochDay(18000), LocalDate.ofEpochDay(21000)))));
                c.add(Claim.text(4, "790123456789"));
                c.add(Claim.date(5, day2));
                c.add(Claim.text(6, "Sở Giao thông vận tải Hà Nội"));
                c.add(Claim.integer(7, 12));
                break;
            case HEALTH_INSURANCE:
                c.add(Claim.text(3, "DN4010123456789"));
                c.add(Claim.integer(4, 4));
                c.add(Claim.text(5, "Bệnh viện Bạch Mai"));
                c.add(Claim.date(6, day2));
                c.add(Claim.date(7, day2.plusDays(3000)));
                c.add(Claim.text(8, "0123456789"));
                break;
            default:
                c.add(Claim.enumCode(3, 1));
                c.add(Claim.text(4, "123/2026/LLTP"));
                c.add(Claim.integer(5, 1));
                c.add(Claim.list(6, List.of(new Claim.ListEntry(0, "Điều 260 Bộ luật Hình sự",
                        LocalDate.ofEpochDay(16000), LocalDate.ofEpochDay(16500)))));
                c.add(Claim.text(8, "Xin việc làm"));
                c.add(Claim.text(9, "Sở Tư pháp Hà Nội"));
                c.add(Claim.date(10, day2));
                break;
        }
        return c;
    }

    /** A credential of `t` for `holderKey`, valid from yesterday for a year. */
    byte[] issue(DocType t, byte[] holderKey, int index) {
        Issuer.CredentialParams p = new Issuer.CredentialParams(t, holderKey, today.minusDays(1), today.plusDays(365),
                index);
        return Issuer.issueCredential(issuers[t.value()], p, claims(t));
    }

    /** The identity authority: checks the wallet's activation request and issues its identity. */
    byte[] identityFor(Wallet w, int index) {
        byte[] req = w.activationRequest(CHALLENGE);
        Issuer.ActivationCheck a = Issuer.checkActivation(req, CHALLENGE);
        return issue(DocType.IDENTITY, a.holderKey, index);
    }

    /** A document issuer: checks the wallet's issuance request and issues a document. */
    byte[] documentFor(Wallet w, DocType t, int index) {
        byte[] req = w.issuanceRequest(CHALLENGE);
        Issuer.IssuanceCheck c = Issuer.checkIssuance(verifier, req, CHALLENGE, now);
        if (!PERSONAL_ID.equals(c.personalId)) {
            throw new AssertionError("personal id " + c.personalId);
        }
        return issue(t, c.holderKey, index);
    }

    /** Fast Argon2id for tests (one pass, 8 KiB), as the C tests use. */
    static VaultOptions fastOptions() {
        return new VaultOptions().argon2(1, 8192);
    }

    /** A fresh empty directory under the test work directory. */
    static Path newDir(String name) throws IOException {
        Path base = Paths.get(System.getProperty("org.libeid.test.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, name);
    }

    /** A level-2 wallet in a new vault, with identity and the given documents. */
    Wallet levelTwoWallet(Vault v, DocType... docs) {
        Wallet w = Wallet.open(v, new WalletOptions().clock(clock));
        w.activate(verifier, identityFor(w, 1));
        int index = 20;
        for (DocType t : docs) {
            w.importDocument(verifier, documentFor(w, t, index++));
        }
        return w;
    }

    @Override
    public void close() {
        verifier.close();
        store.close();
        root.close();
        rp.close();
        for (SigningKey k : issuers) {
            if (k != null) {
                k.close();
            }
        }
    }
}
