/* SPDX-License-Identifier: Apache-2.0 */
/* The system clock: the one place that meets the C library's time. */
#include <time.h>

#include "eid/common.h"

/* The one place that meets time_t: tv_sec is widened at once. */
int64_t eid_system_clock(void *ctx)
{
    (void)ctx;
    struct timespec ts;
#if defined(__ANDROID__) && __ANDROID_API__ < 29
    /* bionic has C11's timespec_get from API 29 (Android 10); POSIX's
     * clock_gettime from the start */
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return 0;
#else
    if (timespec_get(&ts, TIME_UTC) != TIME_UTC)
        return 0;
#endif
    return (int64_t)ts.tv_sec;
}
