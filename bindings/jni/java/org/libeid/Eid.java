// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/**
 * The library as a whole: loading and initialisation, its version, the status
 * list it defines. Every owner class initialises the library on first use; call
 * {@link #init()} early (before anything else in the process uses SQLite) to
 * learn about a failure at a place of your choosing.
 */
public final class Eid {
    private Eid() {}

    private static boolean ready;

    /** Loads libeid_jni and runs eid_init() once. Thread-safe; later calls are cheap. */
    public static synchronized void init() {
        if (!ready) {
            Native.ensureLoaded();
            EidException.check(Native.init(), "eid_init");
            ready = true;
        }
    }

    /** The loaded library's version, "MAJOR.MINOR.PATCH". */
    public static String version() {
        init();
        return Native.utf8(Native.version());
    }

    /** Where libeid_jni was loaded from: a path, "java.library.path", or "jar:" and the resource. */
    public static String libraryOrigin() {
        init();
        return NativeLibrary.origin();
    }

    /** 1 when this libeid was built with the Redis fleet store. */
    public static boolean fleetAvailable() {
        init();
        return Native.fleetAvailable() == 1;
    }

    /** How many statuses the loaded library defines (EID_OK included). */
    public static int statusCount() {
        init();
        return Native.statusCount();
    }

    /** The C value of the index-th status (ascending), as eid_status_at(). */
    public static int statusAt(int index) {
        init();
        return Native.statusAt(index);
    }

    /** The C name of a status value, as eid_status_name() ("EID_ERR_UNKNOWN" when undefined). */
    public static String statusName(int value) {
        init();
        return Native.utf8(Native.statusName(value));
    }
}
