/* SPDX-License-Identifier: MIT */
/*
** dec.c
** Exact decimals: parsing decimal strings into scaled integers and formatting them back;
** dates as day numbers. Arithmetic on them is mp.c's.
**
** Money is held in fen, ratios and factors in millionths, unit prices in 10^-6 and counts
** in 10^-4 (docs/decisions.md § Numbers): a value with more decimals than its scale is an
** error, never a rounding. "1234.56" → 123456 fen; "85%" → 850000 millionths.
*/
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/base.h"

/*
** Parses a non-negative decimal ("1300", "1234.56", ".5" is refused) into v × 10^scale.
** With YBP_DEC_PCT a trailing '%' divides by 100 ("85%" = 0.85). At most YBP_MAXINT
** integer digits; more fraction digits than the scale can hold exactly is an error, never
** a rounding. Returns 0, or -1 with *why set to a message.
*/
int ybp_dec_parse(const char *s, int scale, unsigned flags, int64_t *out, const char **why)
{
    int neg = 0, nint = 0, nfrac = 0, pct = 0;
    int64_t ip = 0, fp = 0;
    const char *p = s;
    if (*p == '-' && (flags & YBP_DEC_NEG)) neg = 1, p++;
    if (*p < '0' || *p > '9') goto bad;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (nint == 0 && ip == 0 && *p == '0' && p[1] >= '0' && p[1] <= '9') goto bad;
        if (++nint > ((flags & YBP_DEC_WIDE) ? YBP_MAXINT_WIDE : YBP_MAXINT)) {
            *why = (flags & YBP_DEC_WIDE) ? "too many integer digits (at most 16)"
                                          : "too many integer digits (at most 12)";
            return -1;
        }
        ip = ip * 10 + (*p - '0');
    }
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9') goto bad;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (++nfrac > 12) {
                *why = "too many decimals";
                return -1;
            }
            fp = fp * 10 + (*p - '0');
        }
    }
    if (*p == '%' && (flags & YBP_DEC_PCT)) pct = 1, p++;
    if (*p != '\0') goto bad;
    {
        int shift = pct ? 2 : 0; /* a percent has two more digits to its right */
        int room = scale - shift - nfrac;
        int64_t v = ip, f = fp;
        if (room < 0) {
            /* Only trailing zeros may be dropped: "0.850000000" is fine, "0.8512345" not. */
            while (room < 0 && f % 10 == 0) f /= 10, room++, nfrac--;
            if (room < 0) {
                *why = scale - shift == 2 ? "more than 2 decimals (an amount is in fen)"
                                          : "more decimals than can be held exactly";
                return -1;
            }
        }
        for (int i = 0; i < scale - shift; i++) v *= 10;
        for (int i = 0; i < room; i++) f *= 10;
        v += f;
        *out = neg ? -v : v;
        return 0;
    }
bad:
    *why = (flags & YBP_DEC_PCT) ? "expected a decimal string such as \"0.85\" or \"85%\""
                                 : "expected a decimal string such as \"1234.56\"";
    return -1;
}

/* The digits of 0..99, two by two: a number is written two digits a step, no printf (a
   result formats dozens of amounts: bench/README.md, reading results). */
static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                            "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                            "8081828384858687888990919293949596979899";

/* 10^0 … 10^9: the powers a 32-bit count of digits compares with. */
static const uint32_t pow10[10] = {1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u,
                                   100000000u, 1000000000u};

/* Writes v × 10^-scale with `places` decimals leftwards, ending just before `end`;
   returns where it starts. 1234.56 at scale 6 with 4 places: u = 1234560000 → drop 2
   digits → "5600", ".", "1234". */
static const char *digits_right(char *end, int64_t v, int scale, int places)
{
    char *p = end;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (places > scale) places = scale;
    int k = scale - places; /* the digits not shown, dropped by constant divisors */
    for (; k >= 2; k -= 2) u /= 100;
    if (k) u /= 10;
    int i = 0;
    for (; i + 2 <= places; i += 2, u /= 100) {
        const char *d = pairs + 2 * (u % 100);
        *--p = d[1], *--p = d[0];
    }
    if (i < places) *--p = (char)('0' + u % 10), u /= 10;
    if (places > 0) *--p = '.';
    for (; u >= 100; u /= 100) {
        const char *d = pairs + 2 * (u % 100);
        *--p = d[1], *--p = d[0];
    }
    if (u >= 10) *--p = pairs[2 * u + 1], *--p = pairs[2 * u];
    else *--p = (char)('0' + u);
    if (v < 0) *--p = '-';
    return p;
}

char *ybp_dec_write(int64_t v, int scale, int places, char out[YBP_DEC_CHARS])
{
    /* A ratio shown with 4 decimals (selfpay_prop at scale 6, pool_prop_selfpay at 4), a
       few per result: one digit, the point, two pairs. 0.1000 at scale 6 is 100000 →
       1000 → "0" "." "10" "00". */
    if (places == 4 && (scale == 4 || scale == 6) && v >= 0 && v < 10 * (scale == 6 ? YBP_ONE : 10000)) {
        uint32_t u = (uint32_t)(scale == 6 ? v / 100 : v), f = u % 10000;
        out[0] = (char)('0' + u / 10000), out[1] = '.';
        memcpy(out + 2, pairs + 2 * (f / 100), 2), memcpy(out + 4, pairs + 2 * (f % 100), 2);
        return out + 6;
    }
    char tmp[2 * YBP_DEC_CHARS] = {0}; /* the text ends mid-way: a fixed copy stays inside */
    const char *p = digits_right(tmp + YBP_DEC_CHARS, v, scale, places);
    memcpy(out, p, YBP_DEC_CHARS); /* one fixed copy, no call: the bytes past the end are scratch */
    return out + (tmp + YBP_DEC_CHARS - p);
}

/* Forwards, straight into the output. Below a hundred million yuan (every amount a visit
   has), on a little-endian machine, the yuan's eight digits, leading zeros and all, are
   gathered in one 64-bit word from the table of pairs, shifted down past the leading
   zeros and stored at once, then the decimals: 1234.56 → "00001234" → "1234", ".56".
   Branches on the number of digits, which varies claim to claim, cost more than this
   (bench/README.md, reading results). Anything else is ybp_dec_write's. */
char *ybp_money_write(int64_t fen, char *out)
{
    if (fen == 0) { /* a third of a result's amounts: the funds that paid nothing */
        memcpy(out, "0.00", 4);
        return out + 4;
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    if (u < 10000000000u) {
        uint32_t y = (uint32_t)(u / 100), f = (uint32_t)(u % 100), hi = y / 10000, lo = y % 10000;
        uint16_t d[4];
        memcpy(&d[0], pairs + 2 * (hi / 100), 2), memcpy(&d[1], pairs + 2 * (hi % 100), 2);
        memcpy(&d[2], pairs + 2 * (lo / 100), 2), memcpy(&d[3], pairs + 2 * (lo % 100), 2);
        uint64_t x = (uint64_t)d[0] | (uint64_t)d[1] << 16 | (uint64_t)d[2] << 32 | (uint64_t)d[3] << 48;
        /* Digits of y: the bit length's estimate of log10 (× 1233 / 4096) is exact or one
           short, and the comparison settles which (y | 1 counts 0 as one digit). */
        unsigned t = ((32u - (unsigned)__builtin_clz(y | 1)) * 1233u) >> 12;
        unsigned nd = t + ((y | 1) >= pow10[t]);
        if (fen < 0) *out++ = '-';
        x >>= 8 * (8 - nd);
        memcpy(out, &x, 8); /* the digits, then zero bytes the decimals overwrite */
        char *p = out + nd;
        *p++ = '.', *p++ = pairs[2 * f], *p++ = pairs[2 * f + 1];
        return p;
    }
#endif
    return ybp_dec_write(fen, YBP_AMT, 2, out);
}

char *ybp_dec_format(int64_t v, int scale, int places, char *buf, size_t size)
{
    char tmp[32];
    const char *p = digits_right(tmp + sizeof tmp, v, scale, places);
    size_t n = (size_t)(tmp + sizeof tmp - p);
    if (size == 0) return buf;
    if (n >= size) n = size - 1; /* too small: truncated, never overrun */
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

json_t *ybp_money(int64_t fen)
{
    char b[32];
    return json_string(ybp_dec_format(fen, YBP_AMT, 2, b, sizeof b));
}

/* {=== Dates: proleptic Gregorian day numbers, 0 = 1970-01-01 */

static long days_from_civil(long y, unsigned m, unsigned d)
{
    /* Howard Hinnant's algorithm: exact for every Gregorian date. */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

long ybp_date_parse(const char *s)
{
    unsigned y, m, d;
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
    y = (unsigned)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + s[3] - '0');
    m = (unsigned)((s[5] - '0') * 10 + s[6] - '0');
    d = (unsigned)((s[8] - '0') * 10 + s[9] - '0');
    if (y < 1970 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return -1;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return -1;
    return days_from_civil((long)y, m, d);
}

void ybp_date_format(long z, char buf[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    /* Dates are 1970–2199 (ybp_date_parse: day numbers stay non-negative, -1 means
       "not a date"), so four digits always suffice. */
    unsigned yy = (unsigned)(y % 10000 + 10000) % 10000u;
    char *p = buf;
    *p++ = (char)('0' + yy / 1000), *p++ = (char)('0' + yy / 100 % 10);
    *p++ = (char)('0' + yy / 10 % 10), *p++ = (char)('0' + yy % 10), *p++ = '-';
    *p++ = (char)('0' + m / 10 % 10), *p++ = (char)('0' + m % 10), *p++ = '-';
    *p++ = (char)('0' + d / 10 % 10), *p++ = (char)('0' + d % 10), *p = '\0';
}

/* The year of a day number, by the same civil-from-days arithmetic, with no formatting. */
int ybp_date_year(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    return (int)((long)yoe + era * 400 + (mp >= 10)); /* Jan and Feb belong to the next year */
}

/* The same day one year later (29 February → 28 February): "within 12 months" checks. */
long ybp_date_next_year(long z)
{
    char b[11];
    ybp_date_format(z, b);
    unsigned m = (unsigned)((b[5] - '0') * 10 + b[6] - '0');
    unsigned d = (unsigned)((b[8] - '0') * 10 + b[9] - '0');
    return days_from_civil(ybp_date_year(z) + 1, m, m == 2 && d == 29 ? 28 : d);
}

/* }=== */
