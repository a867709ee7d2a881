// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference issuer's pieces (eid/issuer.h and the issuer-side checks of
 * eid/verifier.h): what a JVM issuer back-end or a test needs to sign
 * credentials, revocation lists and trust lists, and to check a wallet's
 * requests first. A phone never needs it.
 */
public final class Issuer {
    private Issuer() {}

    /** What eid_issue_credential binds besides the claims. */
    public static final class CredentialParams {
        public DocType docType;
        public int assurance = 2;
        public LocalDate issuedOn;
        public LocalDate validFrom;
        public LocalDate validUntil;
        public byte[] holderKey;
        public int keyProtection;
        public int revocationList = 1;
        public int revocationIndex;

        public CredentialParams(DocType docType, byte[] holderKey, LocalDate validFrom, LocalDate validUntil,
                                int revocationIndex) {
            this.docType = docType;
            this.holderKey = holderKey;
            this.issuedOn = validFrom;
            this.validFrom = validFrom;
            this.validUntil = validUntil;
            this.revocationIndex = revocationIndex;
        }
    }

    /** Signs a credential over `claims` (a full claim set of the doc type); the bundle the holder imports. */
    public static byte[] issueCredential(SigningKey issuerKey, CredentialParams p, List<Claim> claims) {
        int n = claims.size();
        int[] numbers = new int[n];
        int[] types = new int[n];
        long[] values = new long[n];
        byte[][] blobs = new byte[n][];
        int[][] lists = new int[n][];
        byte[][][] texts = new byte[n][][];
        for (int i = 0; i < n; i++) {
            Claim c = claims.get(i);
            numbers[i] = c.number();
            types[i] = c.type().ordinal() + 1;
            values[i] = c.rawValue();
            blobs[i] = c.rawBytes();
            List<Claim.ListEntry> es = c.rawEntries();
            if (es != null) {
                lists[i] = new int[es.size() * 3];
                texts[i] = new byte[es.size()][];
                for (int k = 0; k < es.size(); k++) {
                    Claim.ListEntry e = es.get(k);
                    lists[i][k * 3] = e.code;
                    lists[i][k * 3 + 1] = e.first == null ? 0 : (int) e.first.toEpochDay();
                    lists[i][k * 3 + 2] = e.last == null ? Claim.NO_EXPIRY : (int) e.last.toEpochDay();
                    texts[i][k] = e.text == null ? null : e.text.getBytes(StandardCharsets.UTF_8);
                }
            } else {
                texts[i] = new byte[0][];
            }
        }
        int[] params = {p.docType.value(), p.assurance, (int) p.issuedOn.toEpochDay(), (int) p.validFrom.toEpochDay(),
            (int) p.validUntil.toEpochDay(), p.keyProtection, p.revocationList, p.revocationIndex};
        byte[][] out = new byte[1][];
        EidException.check(issuerKey.callInt(k -> Native.issueCredential(k, params, p.holderKey, numbers, types,
                values, blobs, lists, texts, out)), "issuing the credential");
        return out[0];
    }

    /** Signs a revocation list of `size` entries with `revoked` set. Times in seconds since 1970. */
    public static byte[] signRevocationList(SigningKey key, String issuerId, int listId, DocType docType,
                                            long sequence, long issuedAt, long nextUpdate, int size, int... revoked) {
        long[] nums = {listId, docType.value(), sequence, issuedAt, nextUpdate, size};
        byte[][] out = new byte[1][];
        EidException.check(key.callInt(k -> Native.revocationListSign(k, Native.cstr(issuerId), nums, revoked, out)),
                "signing the revocation list");
        return out[0];
    }

    /** An issuer key in a trust list. Usage bits: 1 credentials, 2 revocation lists. */
    public static final class TrustedIssuer {
        public final String issuerId;
        public final String name;
        public final byte[] publicKey;
        public final int usage;
        public final DocType[] docTypes;
        public final int maxAssurance;
        public final LocalDate signFrom;
        public final LocalDate signUntil;
        public final LocalDate verifyUntil;

        public TrustedIssuer(String issuerId, String name, byte[] publicKey, int usage, DocType[] docTypes,
                             int maxAssurance, LocalDate signFrom, LocalDate signUntil, LocalDate verifyUntil) {
            this.issuerId = issuerId;
            this.name = name;
            this.publicKey = publicKey;
            this.usage = usage;
            this.docTypes = docTypes;
            this.maxAssurance = maxAssurance;
            this.signFrom = signFrom;
            this.signUntil = signUntil;
            this.verifyUntil = verifyUntil;
        }
    }

    /** A relying party in a trust list, with the claims it may request of each doc type. */
    public static final class TrustedRelyingParty {
        public final String rpId;
        public final String name;
        public final byte[] publicKey;
        public final Map<DocType, int[]> allowed;

        public TrustedRelyingParty(String rpId, String name, byte[] publicKey, Map<DocType, int[]> allowed) {
            this.rpId = rpId;
            this.name = name;
            this.publicKey = publicKey;
            this.allowed = allowed;
        }
    }

    /** Builds and signs a trust list with each of `roots`. Times in seconds since 1970. */
    public static byte[] signTrustList(long sequence, long issuedAt, long nextUpdate, long expiresAt,
                                       List<TrustedIssuer> issuers, List<TrustedRelyingParty> parties,
                                       SigningKey... roots) {
        int ni = issuers.size();
        int nr = parties.size();
        byte[][] ids = new byte[ni][];
        byte[][] keys = new byte[ni][];
        byte[][] names = new byte[ni][];
        int[] ints = new int[ni * 5];
        int[][] docs = new int[ni][];
        for (int i = 0; i < ni; i++) {
            TrustedIssuer t = issuers.get(i);
            ids[i] = Native.cstr(t.issuerId);
            keys[i] = t.publicKey;
            names[i] = Native.cstr(t.name);
            ints[i * 5] = t.usage;
            ints[i * 5 + 1] = t.maxAssurance;
            ints[i * 5 + 2] = (int) t.signFrom.toEpochDay();
            ints[i * 5 + 3] = (int) t.signUntil.toEpochDay();
            ints[i * 5 + 4] = (int) t.verifyUntil.toEpochDay();
            docs[i] = new int[t.docTypes.length];
            for (int k = 0; k < t.docTypes.length; k++) {
                docs[i][k] = t.docTypes[k].value();
            }
        }
        byte[][] rpIds = new byte[nr][];
        byte[][] rpNames = new byte[nr][];
        byte[][] rpKeys = new byte[nr][];
        int[][] perms = new int[nr][];
        for (int i = 0; i < nr; i++) {
            TrustedRelyingParty r = parties.get(i);
            rpIds[i] = Native.cstr(r.rpId);
            rpNames[i] = Native.cstr(r.name);
            rpKeys[i] = r.publicKey;
            List<Integer> l = new ArrayList<>();
            // in doc-type order, whatever the order of the app's map (Map.of has none)
            for (Map.Entry<DocType, int[]> e : new java.util.TreeMap<>(r.allowed).entrySet()) {
                l.add(e.getKey().value());
                l.add(e.getValue().length);
                for (int c : e.getValue()) {
                    l.add(c);
                }
            }
            perms[i] = l.stream().mapToInt(Integer::intValue).toArray();
        }
        long[] times = {sequence, issuedAt, nextUpdate, expiresAt};
        long[] rootHandles = new long[roots.length];
        for (int i = 0; i < roots.length; i++) {
            rootHandles[i] = roots[i].handle.enter();
        }
        byte[][] out = new byte[1][];
        try {
            EidException.check(Native.trustListSign(times, ids, keys, names, ints, docs, rpIds, rpNames, rpKeys, perms,
                    rootHandles, out), "signing the trust list");
        } finally {
            for (SigningKey r : roots) {
                r.handle.exit();
            }
            java.lang.ref.Reference.reachabilityFence(roots);
        }
        return out[0];
    }

    /** What the identity authority learns from a checked activation request. */
    public static final class ActivationCheck {
        public final byte[] holderKey;
        public final int keyProtection;

        ActivationCheck(byte[] holderKey, int keyProtection) {
            this.holderKey = holderKey;
            this.keyProtection = keyProtection;
        }
    }

    /** The identity authority's check of a wallet's activation request. EidException when refused. */
    public static ActivationCheck checkActivation(byte[] request, byte[] challenge) {
        Eid.init();
        byte[] key = new byte[32];
        int[] prot = new int[1];
        EidException.check(Native.activationCheck(request, challenge, key, prot), "activation request");
        return new ActivationCheck(key, prot[0]);
    }

    /** What a document issuer learns from a checked issuance request. */
    public static final class IssuanceCheck {
        public final byte[] holderKey;
        public final int keyProtection;
        public final String personalId;

        IssuanceCheck(byte[] holderKey, int keyProtection, String personalId) {
            this.holderKey = holderKey;
            this.keyProtection = keyProtection;
            this.personalId = personalId;
        }
    }

    /** A document issuer's check of a wallet's issuance request with its verifier. EidException when refused. */
    public static IssuanceCheck checkIssuance(Verifier verifier, byte[] request, byte[] challenge, long now) {
        byte[] key = new byte[32];
        int[] prot = new int[1];
        byte[][] pid = new byte[1][];
        EidException.check(verifier.callInt(v -> Native.verifierCheckIssuance(v, request, challenge, now, key, prot,
                pid)), "issuance request");
        return new IssuanceCheck(key, prot[0], Native.utf8(pid[0]));
    }
}
