// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The natives of libeid_jni (registered by its JNI_OnLoad) and the helpers C
 * calls back into. Package-private: apps use the owner classes.
 */
final class Native {
    private Native() {}

    static {
        NativeLibrary.load();
    }

    /** Makes sure the class, and with it the library, is loaded. */
    static void ensureLoaded() {}

    // ---- text ------------------------------------------------------------------------------------

    /** NUL-terminated UTF-8 of a string (null stays null). */
    static byte[] cstr(String s) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    static String utf8(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A passcode's UTF-8 bytes (no NUL), leaving no other copy behind. */
    static byte[] passcode(char[] chars) {
        if (chars == null) {
            throw new NullPointerException("passcode");
        }
        ByteBuffer buf;
        try {
            buf = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(chars));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("passcode is not valid UTF-16 text");
        }
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        if (buf.hasArray()) {
            Arrays.fill(buf.array(), (byte) 0);
        }
        return out;
    }

    // ---- callbacks from C: never let a Throwable cross into C ---------------------------------------

    static int keystorePrf(KeyStore ks, byte[] alias, byte[] in, byte[] out) {
        byte[] r = null;
        try {
            r = ks.prf(utf8(alias), in);
            if (r == null || r.length != out.length) {
                return Status.KEYSTORE.value();
            }
            System.arraycopy(r, 0, out, 0, out.length);
            return Status.OK.value();
        } catch (KeyStoreCancelledException e) {
            return Status.KEYSTORE_CANCELLED.value();
        } catch (KeyInvalidatedException e) {
            return Status.KEY_INVALIDATED.value();
        } catch (Throwable t) {
            return Status.KEYSTORE.value();
        } finally {
            if (r != null) {
                Arrays.fill(r, (byte) 0);
            }
        }
    }

    static int keystoreDelete(KeyStore ks, byte[] alias) {
        try {
            ks.deleteKey(utf8(alias));
            return Status.OK.value();
        } catch (KeyStoreCancelledException e) {
            return Status.KEYSTORE_CANCELLED.value();
        } catch (KeyInvalidatedException e) {
            return Status.KEY_INVALIDATED.value();
        } catch (Throwable t) {
            return Status.KEYSTORE.value();
        }
    }

    /** A clock that throws reads as 0 (1970): every time check then fails closed. */
    static long clockNow(Clock c) {
        try {
            return c.now();
        } catch (Throwable t) {
            return 0;
        }
    }

    static void log(Logger l, int level, byte[] message) {
        try {
            l.log(Logger.Level.of(level), utf8(message));
        } catch (Throwable t) {
            // a logger that throws loses its message, nothing else
        }
    }

    // ---- the natives ------------------------------------------------------------------------------------

    static native int init();
    static native byte[] version();
    static native int statusCount();
    static native int statusAt(int index);
    static native byte[] statusName(int status);
    static native byte[] statusStr(int status);
    static native byte[] docTypeName(int docType);
    static native byte[] docTypeTitle(int docType, int lang);
    static native byte[] claimName(int docType, int number);
    static native byte[] claimLabel(int docType, int number, int lang);
    static native int claimNumber(int docType, byte[] name);
    static native byte[] checkName(int check);
    static native int checkCount();
    static native int fleetAvailable();
    static native void free(int kind, long handle);

    static native int vaultOptionsDefault(long[] out);
    static native int vaultCheckPasscode(long[] opts, byte[] passcode);
    static native int vaultNew(int create, byte[] dir, byte[] passcode, KeyStore ks, int kind, long[] opts,
                               Clock clock, Clock elapsed, Logger logger, long[] out);
    static native int vaultUnlock(long h, byte[] passcode);
    static native int vaultChangePasscode(long h, byte[] oldPasscode, byte[] newPasscode);
    static native int vaultLock(long h);
    static native int vaultIsUnlocked(long h);
    static native int vaultRetryAfter(long h, long[] out);
    static native int vaultFailedAttempts(long h, long[] out);
    static native int vaultWipe(long h);
    static native int vaultRekey(long h);
    static native int vaultKeystoreKind(long h);
    static native byte[] vaultLastError(long h);

    static native int walletOptionsDefault(long[] out);
    static native int walletNew(long vault, long[] opts, Clock clock, byte[] label, long[] out);
    static native byte[] walletLastError(long h);
    static native int walletLevel(long h, long[] out);
    static native int walletRequest(long h, int kind, byte[] challenge, byte[][] out);
    static native int walletStore(long h, int kind, long verifier, byte[] bundle);
    static native int walletDelete(long h, int docType);
    static native int walletList(long h, int[][] out);
    static native int walletDocument(long h, int docType, long[] out);
    static native int walletRefresh(long h, long verifier, long[] out);
    static native int walletPresent(long h, int docType, int[] claims, byte[] request, long verifier,
                                    byte[][] out, int[] reused);
    static native int walletAudit(long h, long[] out);
    static native int walletAuditClear(long h);
    static native int auditCount(long h);
    static native int auditEntry(long h, int index, long[] out, byte[][] rp);

    static native long documentGet(long h, int what);
    static native Claim documentClaim(long h, int index);
    static native int documentCard(long h, int lang, int reveal, long[] out);
    static native long cardGet(long h, int what);
    static native byte[] cardText(long h, int what);
    static native byte[] cardPortrait(long h);
    static native int cardRow(long h, int index, byte[][] text, int[] nums);
    static native int cardSvg(long h, byte[][] out);

    static native int qrNew(byte[] text, int ecc, long[] out);
    static native int qrGet(long h, int what);
    static native byte[] qrModules(long h);
    static native int qrRender(long h, int kind, int quiet, int arg, byte[][] out);

    static native int storeNew(long capacity, long[] out);
    static native int fleetStoreNew(byte[] url, byte[] user, byte[] password, byte[] prefix, long[] nums,
                                    long[] out);

    static native int verifierOptionsDefault(long[] out);
    static native int verifierNew(byte[] roots, long[] opts, byte[] rpId, byte[] trust, byte[][] lists,
                                  long[] mins, long store, long[] out);
    static native int verifierCheck(long h, byte[] text, long now, long[] out);
    static native int verifierCheckCredential(long h, byte[] bundle, long now, long[] out);
    static native int verifierRequest(long h, int kind, byte[] request, long now, long[] out);
    static native int verifierCheckIssuance(long h, byte[] request, byte[] challenge, long now, byte[] key,
                                            int[] protection, byte[][] personalId);
    static native int activationCheck(byte[] request, byte[] challenge, byte[] key, int[] protection);
    static native long resultGet(long h, int what);
    static native byte[] resultText(long h, int what);
    static native int resultCheck(long h, int check, int[] status, byte[][] detail);
    static native Claim resultClaim(long h, int index);
    static native Claim[] resultRead(long h, long[] nums, int[] checks, byte[][] texts);
    static native long infoGet(long h, int what);
    static native byte[] infoText(long h, int what);
    static native int[] infoDoc(long h, int doc);

    static native int toText(int kind, byte[] data, byte[][] out);
    static native int requestFromText(byte[] text, byte[][] out);
    static native int requestCreate(long key, byte[] rpId, int[] docTypes, int[][] claims, long now, long lifetime,
                                    byte[][] out);
    static native int keyNew(byte[] seed, long[] out);
    static native byte[] keyPublic(long h);
    static native int issueCredential(long key, int[] params, byte[] holderKey, int[] numbers, int[] types,
                                      long[] values, byte[][] blobs, int[][] lists, byte[][][] listTexts,
                                      byte[][] out);
    static native int revocationListSign(long key, byte[] issuerId, long[] nums, int[] revoked, byte[][] out);
    static native int trustListSign(long[] times, byte[][] issuerIds, byte[][] issuerKeys, byte[][] issuerNames,
                                    int[] issuerInts, int[][] issuerDocs, byte[][] rpIds, byte[][] rpNames,
                                    byte[][] rpKeys, int[][] rpPermissions, long[] roots, byte[][] out);
}
