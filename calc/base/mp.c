/* SPDX-License-Identifier: MIT */
/*
** mp.c
** The MPFR context of one engine: the only place where a quotient is rounded
** (ybp_q_round, at a named rounding point), and the exact product of two scaled integers.
**
** Why scaled integers: MPFR is binary floating point, so 0.1 has no exact value at any
** precision. An integer count of fen (10^-2 yuan) or of millionths (ratios) is exact. Sums
** and products of such integers are integer steps (int64/int128, docs/settlement.md §
** Arithmetic); a division is the only step that can need rounding, and it is done here,
** on MPFR, so that the region's rule (四舍五入 = half away from zero) is applied to the
** true quotient, never to a binary approximation of it.
**
** Worked example: 7388.51 × 92% = 738851 fen × 920000 millionths = 679742920000, scale 8;
** ÷ 10^6 → 679742.92 toward zero, rounded half-up → 679743 fen = 6797.43.
*/
#include <stdint.h>

#include "base/base.h"

void ybp_mp_init(ybp_mp *m)
{
    mpfr_inits2(YBP_PREC, m->q, m->x, (mpfr_ptr)0);
    m->inexact = 0;
    for (int i = 0; i < YBP_NP10; i++) {
        /* 10^i is exact at 128 bits for i < 55 (5^i needs 2.33·i bits). */
        mpfr_init2(m->p10[i], YBP_PREC);
        YBX(m, mpfr_ui_pow_ui(m->p10[i], 10, (unsigned long)i, MPFR_RNDN));
    }
}

void ybp_mp_clear(ybp_mp *m)
{
    mpfr_clears(m->q, m->x, (mpfr_ptr)0);
    for (int i = 0; i < YBP_NP10; i++) mpfr_clear(m->p10[i]);
}

/*
** out = round(num / den) for integers num and den > 0, at a named rounding point.
**
** One division toward zero at YBP_PREC bits gives q; the integer MPFR rounds q to with
** the mode's rule is the answer:
**   half_up   (四舍五入): mpfr_round, halves away from zero;
**   half_even (银行家舍入): mpfr_rint to nearest, halves to even;
**   down      (舍去): mpfr_trunc.
** Why this is exact. The true quotient n/den either is a multiple of ½ — then it is dyadic
** and small, the division is exact (ternary 0) and q is that multiple — or lies at least
** 1/(2·den) from every multiple of ½. The division's error is below |q|·2^(1−p) (p =
** YBP_PREC), so with |num| < 2^(p−2) (checked here) it is under 1/(2·den): q stays
** between the same multiples of ½ as n/den, and every rule above picks the same integer
** for q as for n/den.
** Bound written down (docs/settlement.md § Arithmetic): p = 128, so |num| < 2^126. The
** largest num the engine forms is a wide ledger amount (at most 10^18 fen) times a ratio
** at scale 10^12 (a band rounded per band, 10^6 × 10^6): 10^30 < 2^100.
** Example: 7388.51 × 92% → num 679742920000, den 10^6: q = 679742.92 → 679743.
*/
/* The rounding to an integer of q, the quotient toward zero, with the mode's rule. Each
   result is an integer below 2^126, held exactly: the ternary says only which way it went
   (the rounding asked for), not an inexact operation. */
static void round_q(mpfr_t out, const mpfr_t q, int mode)
{
    if (mode == YBP_HALF_UP) mpfr_round(out, q);
    else if (mode == YBP_HALF_EVEN) mpfr_rint(out, q, MPFR_RNDN);
    else mpfr_trunc(out, q);
}

void ybp_q_round(ybp_mp *m, mpfr_t out, const mpfr_t num, const mpfr_t den, int mode)
{
    if (!mpfr_zero_p(num) && mpfr_get_exp(num) > YBP_PREC - 2) {
        m->inexact = 1; /* outside the range where the argument above holds: refuse */
        return;
    }
    mpfr_div(m->q, num, den, MPFR_RNDZ); /* inexact unless the quotient is dyadic */
    round_q(out, m->q, mode);
}

/* The same for den = 10^digits; up to 10^9 (which fits any unsigned long) the divisor is
   one limb, MPFR's fast path. */
void ybp_q_round10(ybp_mp *m, mpfr_t out, const mpfr_t num, int digits, int mode)
{
    static const unsigned long p10[] = {1UL, 10UL, 100UL, 1000UL, 10000UL, 100000UL,
                                        1000000UL, 10000000UL, 100000000UL, 1000000000UL};
    if (digits < 0 || digits >= YBP_NP10) {
        m->inexact = 1;
        return;
    }
    if (digits >= (int)(sizeof p10 / sizeof *p10)) {
        ybp_q_round(m, out, num, m->p10[digits], mode);
        return;
    }
    if (!mpfr_zero_p(num) && mpfr_get_exp(num) > YBP_PREC - 2) {
        m->inexact = 1; /* as in ybp_q_round */
        return;
    }
    mpfr_div_ui(m->q, num, p10[digits], MPFR_RNDZ);
    round_q(out, m->q, mode);
}

int64_t ybp_mp_get(ybp_mp *m, const mpfr_t x)
{
    /* Every value is an integer (made of integers by exact operations); one below 2^63 in
       magnitude fits: exponent e at most 63. Read through MPFR's documented custom
       interface: the top limb holds the leading bits, so |x| = top >> (64 − e), and the bits
       below must all be zero (an integer). mpfr_get_si does the same with checks and
       thread-local flags, at ten times the cost. */
    if (mpfr_zero_p(x)) return 0;
    mpfr_exp_t e = mpfr_get_exp(x);
    if (!mpfr_number_p(x) || e < 1 || e > 63) {
        m->inexact = 1;
        return 0;
    }
    const mp_limb_t *d = mpfr_custom_get_significand(x);
    const int top = (YBP_PREC - 1) / GMP_NUMB_BITS; /* the limbs, least significant first */
    uint64_t mag = (uint64_t)(d[top] >> (GMP_NUMB_BITS - e));
    int frac = (d[top] << e) != 0; /* bits of the top limb below the point */
    for (int i = 0; i < top; i++) frac |= d[i] != 0;
    if (frac) {
        m->inexact = 1;
        return 0;
    }
    return mpfr_sgn(x) < 0 ? -(int64_t)mag : (int64_t)mag;
}

void ybp_mp_set128(ybp_mp *m, mpfr_t x, ybp_i128 v)
{
    if (v >= INT64_MIN && v <= INT64_MAX) {
        YBX(m, mpfr_set_si(x, (long)v, MPFR_RNDN));
        return;
    }
    /* |v| = hi · 2^64 + lo, both parts exact, their sum exact below 2^128. */
    unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
    YBX(m, mpfr_set_ui(x, (unsigned long)(uint64_t)(u >> 64), MPFR_RNDN));
    YBX(m, mpfr_mul_2ui(x, x, 64, MPFR_RNDN));
    YBX(m, mpfr_add_ui(x, x, (unsigned long)(uint64_t)u, MPFR_RNDN));
    if (v < 0) mpfr_neg(x, x, MPFR_RNDN);
}

int64_t ybp_round10(ybp_mp *m, ybp_i128 v, int digits, int mode)
{
    ybp_mp_set128(m, m->x, v);
    ybp_q_round10(m, m->x, m->x, digits, mode);
    return ybp_mp_get(m, m->x);
}

/*
** x × y / 10^digits, rounded to the integer with `mode`. The product of two int64 is an
** integer step, exact in 128 bits (|x·y| < 2^126); the division and its rounding — the
** named rounding point — are MPFR's, checked.
*/
int64_t ybp_mul_round(ybp_mp *m, int64_t x, int64_t y, int digits, int mode)
{
    return ybp_round10(m, (ybp_i128)x * y, digits, mode);
}

/* MPFR keeps caches per thread, and so does the JSON arena: a thread that settled
   releases them before it exits. */
void yb_thread_cleanup(void)
{
    mpfr_free_cache();
    ybp_jarena_thread_free();
}
