/* SPDX-License-Identifier: MIT */
/*
** check_dec.c
** The decimal core: exact parsing (and refusals), formatting, dates, and the rounding
** primitive on MPFR — every expected value worked by hand.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "util.h"

START_TEST(parse_amounts)
{
    static const struct { const char *s; int64_t fen; } ok[] = {
        {"0", 0}, {"1300", 130000}, {"1234.56", 123456}, {"0.01", 1}, {"7.5", 750},
        {"999999999999.99", 99999999999999}, {"409.56", 40956}, {"1.10", 110}, {"1.000", 100}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t v;
        const char *why;
        ck_assert_msg(ybp_dec_parse(ok[i].s, YBP_AMT, 0, &v, &why) == 0, "%s refused", ok[i].s);
        ck_assert_int_eq(v, ok[i].fen);
    }
}
END_TEST

START_TEST(parse_refusals)
{
    static const char *bad[] = {"", "-1", "1.234", "1e3", "1,000", " 12", "12 ", "0x10",
                                ".5", "5.", "01", "1234567890123", "NaN", "inf", "12元",
                                "85%", "1.2.3", "+1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v;
        const char *why = NULL;
        ck_assert_msg(ybp_dec_parse(bad[i], YBP_AMT, 0, &v, &why) != 0, "\"%s\" accepted", bad[i]);
        ck_assert_ptr_nonnull(why);
    }
    /* Too many decimals is an error that says so, never a silent rounding. */
    int64_t v;
    const char *why = NULL;
    ck_assert_int_ne(ybp_dec_parse("1.005", YBP_AMT, 0, &v, &why), 0);
    ck_assert_ptr_nonnull(strstr(why, "2 decimals"));
}
END_TEST

START_TEST(parse_ratios)
{
    static const struct { const char *s; int64_t micro; } ok[] = {
        {"0.85", 850000}, {"85%", 850000}, {"96.1%", 961000}, {"0.955", 955000},
        {"100%", 1000000}, {"0", 0}, {"33.3333%", 333333}, {"1", 1000000}, {"0.000001", 1}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t v;
        const char *why;
        ck_assert_msg(ybp_dec_parse(ok[i].s, YBP_RATIO, YBP_DEC_PCT, &v, &why) == 0, "%s", ok[i].s);
        ck_assert_int_eq(v, ok[i].micro);
    }
    int64_t v;
    const char *why;
    /* 0.0000001 has 7 decimals: not representable at the ratio scale → refused. */
    ck_assert_int_ne(ybp_dec_parse("0.0000001", YBP_RATIO, YBP_DEC_PCT, &v, &why), 0);
    ck_assert_int_ne(ybp_dec_parse("33.33333%", YBP_RATIO, YBP_DEC_PCT, &v, &why), 0);
}
END_TEST

START_TEST(format)
{
    char b[48];
    ck_assert_str_eq(ybp_dec_format(123456, 2, 2, b, sizeof b), "1234.56");
    ck_assert_str_eq(ybp_dec_format(5, 2, 2, b, sizeof b), "0.05");
    ck_assert_str_eq(ybp_dec_format(0, 2, 2, b, sizeof b), "0.00");
    ck_assert_str_eq(ybp_dec_format(-150, 2, 2, b, sizeof b), "-1.50");
    ck_assert_str_eq(ybp_dec_format(7538, 4, 4, b, sizeof b), "0.7538");
    ck_assert_str_eq(ybp_dec_format(850000, 6, 4, b, sizeof b), "0.8500");
    ck_assert_str_eq(ybp_dec_format(INT64_MAX, 2, 2, b, sizeof b), "92233720368547758.07");
    ck_assert_str_eq(ybp_dec_format(INT64_MIN, 2, 2, b, sizeof b), "-92233720368547758.08");
    ck_assert_str_eq(ybp_dec_format(-7, 0, 0, b, sizeof b), "-7");
    ck_assert_str_eq(ybp_dec_format(0, 0, 0, b, sizeof b), "0");
    /* Against printf on many values, every scale and number of places shown. */
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int64_t v = (int64_t)(x >> (1 + x % 63)) * ((x & 1) ? -1 : 1); /* no overflow */
        int scale = (int)(x % 9), places = (int)((x >> 8) % (unsigned)(scale + 1));
        uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, p10 = 1;
        for (int k = 0; k < scale; k++) p10 *= 10;
        char want[64], frac[24];
        snprintf(frac, sizeof frac, "%0*llu", scale, (unsigned long long)(u % p10));
        snprintf(want, sizeof want, "%s%llu%s%.*s", v < 0 ? "-" : "", (unsigned long long)(u / p10),
                 places ? "." : "", places, frac);
        ck_assert_str_eq(ybp_dec_format(v, scale, places, b, sizeof b), want);
        char w[YBP_DEC_CHARS + 1];
        *ybp_dec_write(v, scale, places, w) = '\0'; /* the writer's path, with its own fast ones */
        ck_assert_str_eq(w, want);
        if (x % 4 == 0) { /* ratios of 0 to 10 as results show them: 4 places at scale 4 and 6 */
            int64_t r = (int64_t)(x % 12000000u);
            snprintf(want, sizeof want, "%lld.%04lld", (long long)(r / 1000000), (long long)(r % 1000000 / 100));
            *ybp_dec_write(r, 6, 4, w) = '\0';
            ck_assert_str_eq(w, want);
            snprintf(want, sizeof want, "%lld.%04lld", (long long)(r / 10000), (long long)(r % 10000));
            *ybp_dec_write(r, 4, 4, w) = '\0';
            ck_assert_str_eq(w, want);
        }
    }
    char small[6]; /* truncated, never overrun */
    ck_assert_str_eq(ybp_dec_format(123456, 2, 2, small, sizeof small), "1234.");
}
END_TEST

/* Money written forwards (the JSON writer's hot path) against printf, at the digit-count
   boundaries of its fast path (below 10^8 yuan) and past it, and on random amounts. */
static void money_is(int64_t fen)
{
    char got[YBP_DEC_CHARS + 8], want[48];
    uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(want, sizeof want, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(u / 100),
             (unsigned long long)(u % 100));
    memset(got, 'x', sizeof got);
    char *end = ybp_money_write(fen, got);
    ck_assert_int_le(end - got, YBP_DEC_CHARS);
    *end = '\0';
    ck_assert_str_eq(got, want);
}

START_TEST(money_forwards)
{
    static const int64_t edge[] = {0, 1, 9, 10, 99, 100, 101, 999, 1000, 1099, 123456,
        999999999, 1000000000, 9999999999, 10000000000, 10000000001, 123456789012, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        money_is(edge[i]);
        if (edge[i] != INT64_MIN) money_is(-edge[i]);
    }
    for (int64_t p = 1; p <= INT64_MAX / 10; p *= 10) /* every digit count, and one below */
        money_is(p), money_is(p - 1), money_is(-p), money_is(p * 10 - 1);
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        money_is((int64_t)(x >> (1 + x % 63)) * ((x & 1) ? -1 : 1));
    }
}
END_TEST

/* round(num / den) with each mode, on values worked by hand. */
static int64_t q(int64_t num, int64_t den, int mode)
{
    ybp_mp m;
    mpfr_t a, b;
    ybp_mp_init(&m);
    mpfr_inits2(YBP_PREC, a, b, (mpfr_ptr)0);
    mpfr_set_si(a, num, MPFR_RNDN);
    mpfr_set_si(b, den, MPFR_RNDN);
    ybp_q_round(&m, a, a, b, mode);
    int64_t r = ybp_mp_get(&m, a);
    ck_assert_int_eq(m.inexact, 0);
    mpfr_clears(a, b, (mpfr_ptr)0);
    ybp_mp_clear(&m);
    return r;
}

START_TEST(rounding_modes)
{
    /* 6797.4292 (上海: 7388.51 × 92%) → 6797.43 in every mode but down… */
    ck_assert_int_eq(q(679742920000, 1000000, YBP_HALF_UP), 679743);
    ck_assert_int_eq(q(679742920000, 1000000, YBP_HALF_EVEN), 679743);
    ck_assert_int_eq(q(679742920000, 1000000, YBP_DOWN), 679742);
    /* Exact ties: 2.675 → 2.68 half-up (binary printf would say 2.67), 2.68 half-even. */
    ck_assert_int_eq(q(2675, 10, YBP_HALF_UP), 268);
    ck_assert_int_eq(q(2675, 10, YBP_HALF_EVEN), 268);
    ck_assert_int_eq(q(2665, 10, YBP_HALF_EVEN), 266);
    ck_assert_int_eq(q(2665, 10, YBP_HALF_UP), 267);
    ck_assert_int_eq(q(2669, 10, YBP_DOWN), 266);
    /* 35320 / 0.9 = 39244.444… → 39244.44 (the 分段支付表 cap point). */
    ck_assert_int_eq(q(3532000LL * 1000000, 900000, YBP_HALF_UP), 3924444);
    /* Half away from zero on negatives. */
    ck_assert_int_eq(q(-25, 10, YBP_HALF_UP), -3);
    ck_assert_int_eq(q(-25, 10, YBP_DOWN), -2);
    ck_assert_int_eq(q(0, 7, YBP_HALF_UP), 0);
}
END_TEST

START_TEST(large_values_stay_exact)
{
    /* 10^12 yuan in fen × 0.999999 is 2^77-ish: exact at 192 bits, ternary 0. */
    ybp_mp m;
    mpfr_t a;
    ybp_mp_init(&m);
    mpfr_init2(a, YBP_PREC);
    YBX(&m, mpfr_set_si(a, 99999999999999LL, MPFR_RNDN));
    YBX(&m, mpfr_mul_si(a, a, 999999, MPFR_RNDN));
    ck_assert_int_eq(m.inexact, 0);
    ybp_q_round10(&m, a, a, 6, YBP_HALF_UP);
    ck_assert_int_eq(ybp_mp_get(&m, a), 99999899999999LL); /* …99.99 × 0.999999 = …98.99999…01 */
    ck_assert_int_eq(m.inexact, 0);
    mpfr_clear(a);
    ybp_mp_clear(&m);
}
END_TEST

START_TEST(dates)
{
    char b[11];
    ck_assert_int_eq(ybp_date_parse("1970-01-01"), 0);
    ck_assert_int_eq(ybp_date_parse("2024-02-29"), 19782);
    ck_assert_int_eq(ybp_date_parse("2023-02-29"), -1);
    ck_assert_int_eq(ybp_date_parse("2025-13-01"), -1);
    ck_assert_int_eq(ybp_date_parse("2025-04-31"), -1);
    ck_assert_int_eq(ybp_date_parse("2025-4-1"), -1);
    ck_assert_int_eq(ybp_date_parse("1900-02-29"), -1);
    ck_assert_int_eq(ybp_date_parse("1969-12-31"), -1); /* day numbers stay non-negative */
    ck_assert_int_eq(ybp_date_parse("2200-01-01"), -1);
    ck_assert_int_eq(ybp_date_parse("2000-02-29") > 0, 1);
    for (long d = 0; d < 84000; d += 37) { /* 1970 … 2199 */
        ybp_date_format(d, b);
        ck_assert_int_eq(ybp_date_parse(b), d);
        ck_assert_int_eq(ybp_date_year(d), atoi(b)); /* the year without formatting */
    }
    ck_assert_int_eq(ybp_date_year(ybp_date_parse("2024-01-01")), 2024);
    ck_assert_int_eq(ybp_date_year(ybp_date_parse("2023-12-31")), 2023);
    ck_assert_int_eq(ybp_date_year(ybp_date_parse("2024-02-29")), 2024);
    ck_assert_int_eq(ybp_date_year(ybp_date_parse("2000-03-01")), 2000);
    ck_assert_int_eq(ybp_date_year(ybp_date_parse("2025-12-31")), 2025);
    /* the same day a year later; 29 February goes to 28 February */
    ck_assert_int_eq(ybp_date_next_year(ybp_date_parse("2025-11-25")), ybp_date_parse("2026-11-25"));
    ck_assert_int_eq(ybp_date_next_year(ybp_date_parse("2024-02-29")), ybp_date_parse("2025-02-28"));
    ck_assert_int_eq(ybp_date_next_year(ybp_date_parse("2023-03-01")), ybp_date_parse("2024-03-01"));
}
END_TEST

START_TEST(sha256_vector)
{
    char hex[65];
    ybp_sha256_hex((const unsigned char *)"abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ybp_sha256_hex((const unsigned char *)"", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *s = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ybp_sha256_hex((const unsigned char *)s, strlen(s), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dec");
    TCase *tc = tcase_create("Core");
    tcase_add_test(tc, parse_amounts);
    tcase_add_test(tc, parse_refusals);
    tcase_add_test(tc, parse_ratios);
    tcase_add_test(tc, money_forwards);
    tcase_add_test(tc, format);
    tcase_add_test(tc, rounding_modes);
    tcase_add_test(tc, large_values_stay_exact);
    tcase_add_test(tc, dates);
    tcase_add_test(tc, sha256_vector);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
