// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a consent screen shows about a checked request: who asks (from the trust list), for what, until when. */
public final class RequestInfo {
    public final String rpId;
    public final String rpName;
    public final long createdAt;
    public final long expiresAt;
    /** The doc types asked for (alternatives), each with the claim numbers asked of it. */
    public final Map<DocType, int[]> claims;

    private RequestInfo(String rpId, String rpName, long createdAt, long expiresAt, Map<DocType, int[]> claims) {
        this.rpId = rpId;
        this.rpName = rpName;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.claims = claims;
    }

    static RequestInfo read(long h) {
        int n = (int) Native.infoGet(h, 2);
        Map<DocType, int[]> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int[] d = Native.infoDoc(h, i);
            DocType t = DocType.of(d[0]);
            if (t != null) {
                m.put(t, Arrays.copyOfRange(d, 1, d.length));
            }
        }
        return new RequestInfo(Native.utf8(Native.infoText(h, 0)), Native.utf8(Native.infoText(h, 1)),
                Native.infoGet(h, 0), Native.infoGet(h, 1), Collections.unmodifiableMap(m));
    }
}
