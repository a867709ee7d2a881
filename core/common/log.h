/* SPDX-License-Identifier: Apache-2.0 */
/* Internal logging: messages name operations and statuses, never secrets or
 * personal data (no claim values, keys, passcodes, salts or QR text). */
#ifndef EID_CORE_LOG_H
#define EID_CORE_LOG_H
#include "eid/common.h"

#if defined(__GNUC__)
#  define LOG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#  define LOG_PRINTF(a, b)
#endif

void log_emit(const eid_logger *logger, eid_log_level level, const char *fmt, ...) LOG_PRINTF(3, 4);

#endif
