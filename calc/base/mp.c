/* SPDX-License-Identifier: MIT */
/*
** mp.c
** The MPFR context of one engine: the only place where a quotient is rounded
** (ybp_q_round, at a named rounding point), and the exact product of two scaled integers.
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
#include "base/base.h"

void ybp_mp_init(ybp_mp *m)
{
    mpfr_inits2(YBP_PREC, m->q, m->r, m->t, m->x, (mpfr_ptr)0);
    m->inexact = 0;
    for (int i = 0; i < YBP_NP10; i++) {
        /* 10^i is exact at 192 bits for i < 50 (5^i needs 2.33·i bits). */
        mpfr_init2(m->p10[i], YBP_PREC);
        YBX(m, mpfr_ui_pow_ui(m->p10[i], 10, (unsigned long)i, MPFR_RNDN));
    }
}

void ybp_mp_clear(ybp_mp *m)
{
    mpfr_clears(m->q, m->r, m->t, m->x, (mpfr_ptr)0);
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

/* x × y / 10^digits, rounded to the integer with `mode`: exact product, one rounding. */
int64_t ybp_mul_round(ybp_mp *m, int64_t x, int64_t y, int digits, int mode)
{
    YBX(m, mpfr_set_si(m->x, x, MPFR_RNDN));
    YBX(m, mpfr_mul_si(m->x, m->x, y, MPFR_RNDN));
    ybp_q_round10(m, m->x, m->x, digits, mode);
    return ybp_mp_get(m, m->x);
}

/* MPFR keeps caches per thread: a thread that settled releases them before it exits. */
void yb_thread_cleanup(void) { mpfr_free_cache(); }
