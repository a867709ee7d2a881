/* SPDX-License-Identifier: Apache-2.0 */
/* Calendar days without the C library: its time type is 32 bits on some phones, and
 * gmtime/mktime go through it. Days from civil and back follow the
 * era-based algorithm for the proleptic Gregorian calendar. */
#include "eid/common.h"

#define VIETNAM_UTC_OFFSET (7 * 3600)
#define SECONDS_PER_DAY 86400

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int32_t days_in_month(int64_t y, int32_t m)
{
    static const int8_t len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && is_leap(y)) ? 29 : len[m - 1];
}

eid_status eid_day_from_civil(int32_t year, int32_t month, int32_t day, int32_t *days)
{
    if (days == NULL || year < -9999 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month))
        return EID_ERR_INVALID_ARG;
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                   /* [0, 399] */
    int64_t mp = (month + 9) % 12;                                 /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + day - 1;                    /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    *days = (int32_t)(era * 146097 + doe - 719468);
    return EID_OK;
}

void eid_day_to_civil(int32_t days, int32_t *year, int32_t *month, int32_t *day)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    if (year) *year = (int32_t)y;
    if (month) *month = (int32_t)m;
    if (day) *day = (int32_t)d;
}

int32_t eid_day_of(int64_t t)
{
    /* floor((t + offset) / day) without forming t + offset, which overflows
     * near INT64_MAX: split t first, then the remainder plus the offset lies
     * within (-1, 2) days. */
    int64_t d = t / SECONDS_PER_DAY, rest = t % SECONDS_PER_DAY + VIETNAM_UTC_OFFSET;
    if (rest < 0)
        d -= 1;
    else if (rest >= SECONDS_PER_DAY)
        d += 1;
    if (d > INT32_MAX) return INT32_MAX;
    if (d < INT32_MIN) return INT32_MIN;
    return (int32_t)d;
}
