/* SPDX-License-Identifier: Apache-2.0 */
/* Time arithmetic on values from outside (signed messages, options, the
 * caller's clock) that never overflows: sums saturate at the int64_t bounds,
 * which keeps every comparison against them on the side it would fall on
 * with unbounded integers. */
#ifndef EID_CORE_CHECKED_H
#define EID_CORE_CHECKED_H
#include <stdint.h>

static inline int64_t sat_add(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

static inline int64_t sat_sub(int64_t a, int64_t b)
{
    if (b < 0 && a > INT64_MAX + b)
        return INT64_MAX;
    if (b > 0 && a < INT64_MIN + b)
        return INT64_MIN;
    return a - b;
}

#endif
