/*
** dec.c
** Exact decimals: parsing decimal strings into scaled integers, formatting them back,
** dates, and the single place where a quotient is rounded (ybp_q_round).
**
** Why scaled integers on MPFR: MPFR is binary floating point, so 0.1 has no exact value
** at any precision. An integer count of fen (10^-2 yuan) or of millionths (ratios) is
** exact, and so are sums and products of such integers as long as they fit the 192-bit
** significand, which MPFR's ternary result proves on every operation. A division is the
** only step that can need rounding; it is done as an exact integer division with
** remainder, so the rounding rule (四舍五入 = half away from zero) is applied to the true
** quotient, never to a binary approximation of it.
**
** Worked example: 7388.51 × 92% = 738851 fen × 920000 millionths = 679742920000, scale 8;
** ÷ 10^6 → quotient 679742, remainder 920000 ≥ 500000, so half-up gives 679743 fen = 6797.43.
*/
#include <stdio.h>
#include <string.h>

#include "internal.h"

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

char *ybp_dec_format(int64_t v, int scale, int places, char *buf, size_t size)
{
    char digits[48];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int n = snprintf(digits, sizeof digits, "%0*llu", scale + 1, (unsigned long long)u);
    int ni = n - scale;
    snprintf(buf, size, "%s%.*s%s%.*s", v < 0 ? "-" : "", ni, digits, places > 0 ? "." : "",
             places, digits + ni);
    return buf;
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
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)(y % 10000 + 10000) % 10000u, m % 100u, d % 100u);
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

/* }=== */

/* {=== MPFR scratch and rounding */

void ybp_mp_init(ybp_mp *m)
{
    mpfr_inits2(YBP_PREC, m->q, m->r, m->t, (mpfr_ptr)0);
    m->inexact = 0;
    for (int i = 0; i < YBP_NP10; i++) {
        /* 10^i is exact at 192 bits for i < 50 (5^i needs 2.33·i bits). */
        mpfr_init2(m->p10[i], YBP_PREC);
        YBX(m, mpfr_ui_pow_ui(m->p10[i], 10, (unsigned long)i, MPFR_RNDN));
    }
}

void ybp_mp_clear(ybp_mp *m)
{
    mpfr_clears(m->q, m->r, m->t, (mpfr_ptr)0);
    for (int i = 0; i < YBP_NP10; i++) mpfr_clear(m->p10[i]);
}

/*
** out = round(num / den) for integers num and den > 0, at a named rounding point.
**
** One division toward zero at 192 bits, then the fraction f = q − trunc(q) decides:
**   half_up   (四舍五入): |f| ≥ ½ moves the integer one away from zero;
**   half_even (银行家舍入): |f| > ½, or = ½ with an odd integer part;
**   down      (舍去): the integer part as it is.
** Why this is exact: the true quotient is n/den with n an integer. A true tie k + ½ is
** dyadic, so the division is exact (ternary 0) and f = ½ is seen exactly. Any other
** quotient lies at least 1/(2·den) from the nearest half, while the division's error is
** below |q|·2^-191; with |num| < 2^127 and den < 2^60 (checked) that is under 2^-64, far
** less than 1/(2·den) > 2^-61, so the side of ½ never changes. The integer part and f are
** then exact (a subtraction of two nearby values).
** Example: 7388.51 × 92% → num 679742920000, den 10^6: q = 679742.92, f = 0.92 → 679743.
*/
void ybp_q_round(ybp_mp *m, mpfr_t out, const mpfr_t num, const mpfr_t den, int mode)
{
    int c;
    if (!mpfr_zero_p(num) && (mpfr_get_exp(num) > 127 || mpfr_get_exp(den) > 60)) {
        m->inexact = 1; /* outside the range where the argument above holds: refuse */
        return;
    }
    mpfr_div(m->q, num, den, MPFR_RNDZ);       /* inexact unless the quotient is dyadic */
    {
        /* The integer part: ±2 means a fraction was dropped exactly (what we want); ±1
           would mean the integer itself could not be held, which cannot happen here. */
        int t = mpfr_trunc(m->r, m->q);
        if (t == 1 || t == -1) m->inexact = 1;
    }
    YBX(m, mpfr_sub(m->t, m->q, m->r, MPFR_RNDN)); /* f, exact: |f| < 1, same binade */
    mpfr_abs(m->t, m->t, MPFR_RNDN);
    c = mpfr_cmp_ui_2exp(m->t, 1, -1);          /* f against ½ */
    if (mode != YBP_DOWN && !mpfr_zero_p(m->t)) {
        int odd = 0;
        if (mode == YBP_HALF_EVEN && c == 0) {
            YBX(m, mpfr_div_2ui(m->q, m->r, 1, MPFR_RNDN)); /* exact: a power of two */
            odd = !mpfr_integer_p(m->q);
        }
        int up = mode == YBP_HALF_UP ? c >= 0 : (c > 0 || (c == 0 && odd));
        if (up) YBX(m, mpfr_add_si(m->r, m->r, mpfr_sgn(num), MPFR_RNDN));
    }
    YBX(m, mpfr_set(out, m->r, MPFR_RNDN));
}

void ybp_q_round10(ybp_mp *m, mpfr_t out, const mpfr_t num, int digits, int mode)
{
    if (digits < 0 || digits >= YBP_NP10) {
        m->inexact = 1;
        return;
    }
    ybp_q_round(m, out, num, m->p10[digits], mode);
}

int64_t ybp_mp_get(ybp_mp *m, const mpfr_t x)
{
    if (!mpfr_integer_p(x) || !mpfr_fits_slong_p(x, MPFR_RNDN)) {
        m->inexact = 1;
        return 0;
    }
    return (int64_t)mpfr_get_si(x, MPFR_RNDN);
}

/* }=== */

/* The same day one year later (29 February → 28 February): "within 12 months" checks. */
long ybp_date_next_year(long z)
{
    char b[11];
    ybp_date_format(z, b);
    unsigned m = (unsigned)((b[5] - '0') * 10 + b[6] - '0');
    unsigned d = (unsigned)((b[8] - '0') * 10 + b[9] - '0');
    return days_from_civil(ybp_date_year(z) + 1, m, m == 2 && d == 29 ? 28 : d);
}
