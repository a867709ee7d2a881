// SPDX-License-Identifier: Apache-2.0
package org.libeid;

/** The languages of labels and cards (eid_language); the ordinal is the C value. */
public enum Language {
    VI, EN
}
