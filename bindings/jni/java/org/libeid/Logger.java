// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/**
 * Receives libeid's log messages (operations and statuses, never a secret or
 * personal data). May be called on any thread; an exception it throws is
 * dropped.
 */
@FunctionalInterface
public interface Logger {
    enum Level {
        DEBUG, INFO, WARN, ERROR;

        static Level of(int v) {
            Level[] all = values();
            return v >= 0 && v < all.length ? all[v] : ERROR;
        }
    }

    void log(Level level, String message);
}
