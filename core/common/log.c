/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stdio.h>

#include "common/log.h"

void log_emit(const eid_logger *logger, eid_log_level level, const char *fmt, ...)
{
    if (logger == NULL || logger->fn == NULL || level < logger->min_level)
        return;
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    logger->fn(logger->ctx, level, line);
}
