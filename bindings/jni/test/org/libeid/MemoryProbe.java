// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/** The test helper library's view of native memory (bindings/jni/test-native). */
final class MemoryProbe {
    private MemoryProbe() {}

    static {
        System.load(System.getProperty("org.libeid.test.library"));
    }

    /** glibc heap in use (mallinfo2 uordblks + hblkhd), bytes; -1 when unknown. */
    static native long heapInUse();

    /** VmRSS, bytes. */
    static native long rss();

    static native int trim();
}
