// SPDX-License-Identifier: Apache-2.0
package org.libeid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads libeid_jni once per process. In order: the file named by the system
 * property {@code org.libeid.library} (an absolute path); System.loadLibrary("eid_jni"),
 * which is how an Android app (the .so in its APK) and a server with the
 * library on java.library.path load it; then the copy embedded in the jar
 * under {@code org/libeid/native/OS-ARCH/}, extracted to a temporary file that
 * is deleted when the JVM exits.
 */
final class NativeLibrary {
    private NativeLibrary() {}

    private static String origin;

    static synchronized void load() {
        if (origin != null) {
            return;
        }
        String explicit = System.getProperty("org.libeid.library");
        if (explicit != null) {
            System.load(explicit);
            origin = explicit;
            return;
        }
        UnsatisfiedLinkError first;
        try {
            System.loadLibrary("eid_jni");
            origin = "java.library.path";
            return;
        } catch (UnsatisfiedLinkError e) {
            first = e;
        }
        String resource = "/org/libeid/native/" + platform() + "/libeid_jni.so";
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw first;
            }
            Path tmp = Files.createTempFile("libeid_jni", ".so");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            System.load(tmp.toAbsolutePath().toString());
            origin = "jar:" + resource;
        } catch (IOException e) {
            UnsatisfiedLinkError err = new UnsatisfiedLinkError("cannot extract " + resource + ": " + e);
            err.addSuppressed(first);
            throw err;
        }
    }

    /** Where the library came from: a path, "java.library.path" or "jar:" and the resource. */
    static synchronized String origin() {
        return origin;
    }

    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (arch.equals("amd64")) {
            arch = "x86_64";
        } else if (arch.equals("arm64")) {
            arch = "aarch64";
        }
        return (os.startsWith("linux") ? "linux" : os.replace(' ', '_')) + "-" + arch;
    }
}
