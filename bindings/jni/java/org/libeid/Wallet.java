// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The level-2 identity wallet (eid/wallet.h) in an unlocked {@link Vault}.
 * The wallet keeps its vault open until the wallet is closed (closing the
 * vault first only marks it closed). Calls are serialised with the vault's.
 * Every call BLOCKS on the vault's database: run it off the UI thread.
 * Failures throw {@link EidException}; its message carries the wallet's
 * developer detail (eid_wallet_last_error), never a claim value.
 */
public final class Wallet extends NativeObject {
    private final Vault vault;

    private Wallet(Handle h, Vault vault) {
        super(h);
        this.vault = vault;
    }

    /** A wallet over an unlocked vault. Blocks (purges old audit entries). */
    public static Wallet open(Vault vault, WalletOptions options) {
        WalletOptions o = options != null ? options : new WalletOptions();
        long[] out = new long[1];
        synchronized (vault.lock) {
            long vp = vault.handle.enter(); // the pin: left when the wallet is freed
            boolean pinned = false;
            try {
                EidException.check(Native.walletNew(vp, o.nums, o.clock, Native.cstr(o.deviceLabel), out),
                        "opening the wallet");
                Wallet w = new Wallet(new Handle(Handle.WALLET, "wallet", out[0], vault.handle), vault);
                pinned = true;
                return w;
            } catch (RuntimeException | Error e) {
                Handle.freeNow(Handle.WALLET, out[0]);
                throw e;
            } finally {
                if (!pinned) {
                    vault.handle.exit();
                }
            }
        }
    }

    private <T> T locked(Call<T> c) {
        synchronized (vault.lock) {
            return call(c);
        }
    }

    private void checked(IntCall c) {
        synchronized (vault.lock) {
            int st = callInt(c);
            if (st != 0) {
                throw new EidException(st, call(p -> Native.utf8(Native.walletLastError(p))));
            }
        }
    }

    /** 0 no identity (or a revoked one), 1 self-registered, 2 verified in person. */
    public int level() {
        long[] out = new long[1];
        checked(p -> Native.walletLevel(p, out));
        return (int) out[0];
    }

    /** Creates the holder key (once) and answers the identity authority's challenge (1..64 bytes). */
    public byte[] activationRequest(byte[] challenge) {
        byte[][] out = new byte[1][];
        checked(p -> Native.walletRequest(p, 0, challenge, out));
        return out[0];
    }

    /** Stores the identity credential bundle the authority returned, checked against `trust`. */
    public void activate(Verifier trust, byte[] bundle) {
        checked(p -> trust.callInt(v -> Native.walletStore(p, 0, v, bundle)));
    }

    /** Answers a document issuer's challenge with the identity (level 2 only). */
    public byte[] issuanceRequest(byte[] challenge) {
        byte[][] out = new byte[1][];
        checked(p -> Native.walletRequest(p, 1, challenge, out));
        return out[0];
    }

    /** Stores a document credential bundle (driving licence, health insurance, criminal record). */
    public void importDocument(Verifier trust, byte[] bundle) {
        checked(p -> trust.callInt(v -> Native.walletStore(p, 1, v, bundle)));
    }

    /** Removes a document (not the identity). */
    public void delete(DocType type) {
        checked(p -> Native.walletDelete(p, type.value()));
    }

    /** The doc types held, identity first. */
    public List<DocType> documents() {
        int[][] out = new int[1][];
        checked(p -> Native.walletList(p, out));
        List<DocType> l = new ArrayList<>();
        for (int t : out[0]) {
            DocType d = DocType.of(t);
            if (d != null) {
                l.add(d);
            }
        }
        return Collections.unmodifiableList(l);
    }

    /** The stored credential of `type`, decoded for display; close it when done (it holds personal data). */
    public Document document(DocType type) {
        long[] out = new long[1];
        checked(p -> Native.walletDocument(p, type.value(), out));
        try {
            return new Document(new Handle(Handle.DOCUMENT, "document", out[0]));
        } catch (RuntimeException | Error e) {
            Handle.freeNow(Handle.DOCUMENT, out[0]);
            throw e;
        }
    }

    /** Applies the revocation lists loaded in `lists`; returns how many credentials are now revoked. */
    public int refresh(Verifier lists) {
        long[] out = new long[1];
        checked(p -> lists.callInt(v -> Native.walletRefresh(p, v, out)));
        return (int) out[0];
    }

    /** An offline presentation of `claims` of the document of `type`. */
    public Presentation present(DocType type, int... claims) {
        return present(type, claims, null, null);
    }

    /**
     * A presentation of `claims`; with `request` (checked with `trust`) an answer to that relying party,
     * which must ask exactly these claims of this doc type.
     */
    public Presentation present(DocType type, int[] claims, Request request, Verifier trust) {
        byte[][] out = new byte[1][];
        int[] reused = new int[1];
        byte[] req = request == null ? null : request.bytes();
        if (trust == null) {
            checked(p -> Native.walletPresent(p, type.value(), claims, req, 0, out, reused));
        } else {
            checked(p -> trust.callInt(v -> Native.walletPresent(p, type.value(), claims, req, v, out, reused)));
        }
        return new Presentation(out[0], reused[0] == 1);
    }

    /** The audit log, oldest first. */
    public List<AuditEntry> auditLog() {
        long[] out = new long[1];
        checked(p -> Native.walletAudit(p, out));
        try {
            int n = Native.auditCount(out[0]);
            List<AuditEntry> l = new ArrayList<>(n);
            long[] e = new long[3];
            byte[][] rp = new byte[1][];
            for (int i = 0; i < n; i++) {
                EidException.check(Native.auditEntry(out[0], i, e, rp));
                l.add(new AuditEntry(e[0], DocType.of((int) e[1]), (int) e[2], Native.utf8(rp[0])));
            }
            return Collections.unmodifiableList(l);
        } finally {
            Handle.freeNow(Handle.AUDIT, out[0]);
        }
    }

    /** Deletes every audit entry. */
    public void clearAuditLog() {
        checked(Native::walletAuditClear);
    }

    /** The developer message of the last failure ("" before any). */
    public String lastError() {
        return locked(p -> Native.utf8(Native.walletLastError(p)));
    }

    public Vault vault() {
        return vault;
    }
}
