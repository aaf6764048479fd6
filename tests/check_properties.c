/* SPDX-License-Identifier: MIT */
/*
** check_properties.c
** Invariants over generated tables and claims (deterministic seeds). Nothing here
** recomputes the settlement; it checks what must hold whatever the rules are:
**  - the identities of spec/README.md, to the fen, and Σ burden = psn_part_amt;
**  - no negative amount; deductible ≤ in-policy; fund ≤ in-policy above the deductible;
**    fund ≤ the cap left (setldetail.crt_payb_lmt_amt); account ≤ balance;
**  - the ledger after = the ledger before + this visit (fund paid, axis, deductible);
**  - monotonic in cost: adding an in-policy amount never lowers the fund's payment or
**    the patient's share, and raises medfee_sumamt by exactly that amount;
**  - printing a result and parsing it back gives the same text.
*/
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint64_t S;
static uint64_t rnd(void)
{
    uint64_t z = (S += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static long long upto(long long n) { return (long long)(rnd() % (uint64_t)n); }

static void money(char *b, size_t n, long long fen) { snprintf(b, n, "%lld.%02lld", fen / 100, fen % 100); }

/* The catalogue's 乙类 share in generated tables; -1 = random. */
static int force_class_b = -1;

/* A random but valid table: deductible, 1–4 bands, maybe a cap, a cost ceiling, a layer. */
static char *gen_table(void)
{
    static char buf[8192];
    char bands[1024] = "", d[32], c[32], x[32];
    long long to = 0;
    int nb = 1 + (int)upto(4);
    for (int i = 0; i < nb; i++) {
        to += 100 + upto(3000000);
        money(x, sizeof x, to);
        snprintf(bands + strlen(bands), sizeof bands - strlen(bands),
                 "%s{%s%s%s\"ratio\": \"%lld.%lld%%\"}", i ? ", " : "",
                 i + 1 < nb ? "\"to\": \"" : "", i + 1 < nb ? x : "", i + 1 < nb ? "\", " : "",
                 upto(100), upto(10));
    }
    money(d, sizeof d, upto(300000));
    money(c, sizeof c, 100000 + upto(20000000));
    money(x, sizeof x, 50000 + upto(5000000));
    char caps[128] = "";
    if (upto(2)) snprintf(caps, sizeof caps, ", \"cap\": \"%s\"", c);
    if (upto(3) == 0)
        snprintf(caps + strlen(caps), sizeof caps - strlen(caps), ", \"cost_cap\": \"%s\"", x);
    static const char *modes[] = {"half_up", "half_even", "down"};
    snprintf(buf, sizeof buf,
             "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990100\", \"name\": \"生成\"},"
             " \"sources\": {\"g\": {\"title\": \"generated\", \"url\": \"https://example.invalid/g\","
             " \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
             " \"editions\": [{\"from\": \"2020-01-01\", \"to\": null, \"sources\": [\"g\"],"
             " \"rounding\": {\"mode\": \"%s\", \"at\": \"%s\"},"
             " \"catalog\": {\"class_b_selfpay\": \"%lld%%\"},"
             " \"schemes\": {\"employee\": {\"inpatient\": {\"deductible\": \"%s\","
             " \"deductible_scope\": \"%s\", \"band_scope\": \"%s\", \"repeat_admission\": [\"1\", \"0.%lld\"],"
             " \"bands\": [%s]%s},"
             " \"account\": {\"pays\": [\"copay\", \"deductible\"%s]}%s}}}]}",
             modes[upto(3)], upto(2) ? "fund" : "band",
             force_class_b >= 0 ? (long long)force_class_b : upto(31), d, upto(2) ? "admission" : "year",
             upto(2) ? "admission" : "year", upto(10), bands, caps,
             upto(2) ? ", \"preselfpay\"" : "",
             upto(2) ? ", \"layers\": [{\"fund\": \"hifob\", \"basis\": [\"over_cap\", \"copay\"],"
                       " \"deductible\": \"1000\", \"band_axis\": \"above_deductible\","
                       " \"bands\": [{\"to\": \"50000\", \"ratio\": \"60%\"}, {\"ratio\": \"85%\"}],"
                       " \"cap\": \"200000\"}]" : "");
    return buf;
}

static char *gen_claim(long long extra_a, int *lines_out, uint64_t seed)
{
    static char buf[16384];
    char lines[12000] = "", a[32], u[32];
    uint64_t saved = S;
    S = seed; /* the same claim again, for the monotonicity pair */
    int n = 1 + (int)upto(8);
    for (int i = 0; i < n; i++) {
        int k = (int)upto(4);
        money(a, sizeof a, 1 + upto(2000000));
        if (i == 0) money(a, sizeof a, 1 + upto(2000000) + extra_a);
        if (k == 3 && i) {
            money(u, sizeof u, upto(50000));
            snprintf(lines + strlen(lines), sizeof lines - strlen(lines),
                     "%s{\"pric\": \"%lld.%02lld\", \"cnt\": \"%lld\", \"class\": \"A\", \"pric_uplmt_amt\": \"%s\"}",
                     i ? ", " : "", upto(100000), upto(100), 1 + upto(20), u);
        } else {
            snprintf(lines + strlen(lines), sizeof lines - strlen(lines),
                     "%s{\"amount\": \"%s\", \"class\": \"%c\"%s}", i ? ", " : "", a,
                     i == 0 ? 'A' : "ABC"[k % 3], k == 1 && upto(2) ? ", \"selfpay_prop\": \"15%\"" : "");
        }
    }
    char fp[32], ax[32], dp[32], bal[32];
    money(fp, sizeof fp, upto(20000000));
    money(ax, sizeof ax, upto(8000000));
    money(dp, sizeof dp, upto(300000));
    money(bal, sizeof bal, upto(1000000));
    snprintf(buf, sizeof buf,
             "{\"insured\": {\"region\": \"990100\", \"scheme\": \"employee\"},"
             " \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\", \"level\": \"3\"},"
             " \"lines\": [%s], \"year_to_date\": {\"year\": 2024, \"admissions\": %lld,"
             " \"fund_paid\": {\"basic\": \"%s\"}, \"axis\": {\"basic\": \"%s\"},"
             " \"deductible_paid\": {\"inpatient\": \"%s\"}}, \"account_balance\": \"%s\"}",
             lines, upto(4), fp, ax, dp, bal);
    *lines_out = n;
    S = saved;
    return buf;
}

#define F(p) fen(field(r, p))

static void invariants(json_t *r, const char *claim_text)
{
    long long funds = 0, burden = 0, rows = 0;
    static const char *fund[] = {"hifp_pay", "hifob_pay", "hifmi_pay", "cvlserv_pay", "maf_pay",
                                 "hifes_pay", "oth_pay"};
    static const char *cat[] = {"fulamt", "overlmt", "preselfpay", "deductible", "copay", "over_cap"};
    char p[64];
    for (int i = 0; i < 7; i++) {
        snprintf(p, sizeof p, "setlinfo.%s", fund[i]);
        ck_assert_int_ge(F(p), 0);
        funds += F(p);
    }
    for (int i = 0; i < 6; i++) {
        snprintf(p, sizeof p, "psn_burden.%s", cat[i]);
        ck_assert_int_ge(F(p), 0);
        burden += F(p);
    }
    json_t *sd = json_object_get(r, "setldetail");
    for (size_t i = 0; i < json_array_size(sd); i++)
        rows += fen(json_string_value(json_object_get(json_array_get(sd, i), "fund_payamt")));
    long long medfee = F("setlinfo.medfee_sumamt"), inscp = F("setlinfo.inscp_scp_amt");
    long long dedc = F("setlinfo.act_pay_dedc"), hifp = F("setlinfo.hifp_pay");
    long long psn = F("setlinfo.psn_part_amt"), fsum = F("setlinfo.fund_pay_sumamt");
    ck_assert_int_eq(medfee, F("setlinfo.fulamt_ownpay_amt") + F("setlinfo.overlmt_selfpay") +
                                 F("setlinfo.preselfpay_amt") + inscp);
    ck_assert_int_eq(fsum, funds);
    ck_assert_int_eq(fsum, rows);
    ck_assert_int_eq(medfee, fsum + psn);
    ck_assert_int_eq(psn, F("setlinfo.acct_pay") + F("setlinfo.psn_cash_pay"));
    ck_assert_int_eq(psn, burden);
    ck_assert_int_ge(inscp, 0);
    ck_assert_int_le(dedc, inscp);
    ck_assert_int_le(hifp, inscp - dedc);
    ck_assert_int_ge(F("setlinfo.psn_cash_pay"), 0);
    json_t *lim = json_object_get(json_array_get(sd, 0), "crt_payb_lmt_amt");
    if (json_is_string(lim)) ck_assert_int_le(hifp, fen(json_string_value(lim)));
    /* The ledger moves by exactly this visit. */
    json_t *c = json_loads(claim_text, 0, NULL);
    json_t *before = json_object_get(c, "year_to_date");
    ck_assert_int_eq(F("year_to_date_after.fund_paid.basic"), fen(field(before, "fund_paid.basic")) + hifp);
    ck_assert_int_eq(F("year_to_date_after.axis.basic"), fen(field(before, "axis.basic")) + inscp);
    ck_assert_int_eq(F("year_to_date_after.deductible_paid.inpatient"),
                     fen(field(before, "deductible_paid.inpatient")) + dedc);
    long long bal = fen(field(c, "account_balance"));
    ck_assert_int_le(F("setlinfo.acct_pay"), bal);
    ck_assert_int_eq(F("setlinfo.balc"), bal - F("setlinfo.acct_pay"));
    json_decref(c);
    /* Print → parse → print is the identity. */
    char *t1 = json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_t *back = json_loads(t1, 0, NULL);
    char *t2 = json_dumps(back, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    ck_assert_str_eq(t1, t2);
    free(t1), free(t2);
    json_decref(back);
}

START_TEST(generated)
{
    int settled = 0, capped = 0, layered = 0, account = 0, below_ded = 0, overlimit = 0;
    S = 0x5eed0000ULL + (uint64_t)_i;
    for (int t = 0; t < 40; t++) {
        yb_tables *ts = tables_of(gen_table());
        for (int k = 0; k < 25; k++) {
            uint64_t seed = rnd();
            int nl;
            yb_error err;
            char *claim = strdup(gen_claim(0, &nl, seed));
            json_t *r = settle(ts, claim, &err);
            char m[1024];
            yb_error_format(&err, m, sizeof m);
            ck_assert_msg(r != NULL, "settlement failed: %s\nclaim: %s", m, claim);
            invariants(r, claim);
            /* Monotonic: the same claim with more in-policy cost on its first line. */
            long long delta = 1 + upto(500000);
            char *more = strdup(gen_claim(delta, &nl, seed));
            json_t *r2 = settle(ts, more, &err);
            ck_assert_ptr_nonnull(r2);
            invariants(r2, more);
            ck_assert_int_eq(fen(field(r2, "setlinfo.medfee_sumamt")),
                             fen(field(r, "setlinfo.medfee_sumamt")) + delta);
            ck_assert_msg(fen(field(r2, "setlinfo.hifp_pay")) >= fen(field(r, "setlinfo.hifp_pay")),
                          "fund fell from %s to %s when cost rose\n%s", field(r, "setlinfo.hifp_pay"),
                          field(r2, "setlinfo.hifp_pay"), claim);
            ck_assert_msg(fen(field(r2, "setlinfo.psn_part_amt")) >= fen(field(r, "setlinfo.psn_part_amt")),
                          "patient's share fell when cost rose\n%s", claim);
            settled += 2;
            capped += fen(field(r, "psn_burden.over_cap")) > 0;
            layered += fen(field(r, "setlinfo.hifob_pay")) > 0;
            account += fen(field(r, "setlinfo.acct_pay")) > 0;
            overlimit += fen(field(r, "setlinfo.overlmt_selfpay")) > 0;
            below_ded += fen(field(r, "setlinfo.hifp_pay")) == 0 &&
                         fen(field(r, "setlinfo.inscp_scp_amt")) > 0;
            json_decref(r), json_decref(r2);
            free(claim), free(more);
        }
        yb_tables_free(ts);
    }
    ck_assert_int_eq(settled, 2000);
    /* The generator must reach the branches that matter, or the invariants prove little. */
    ck_assert_int_gt(capped, 10);
    ck_assert_int_gt(layered, 10);
    ck_assert_int_gt(account, 10);
    ck_assert_int_gt(overlimit, 10);
    ck_assert_int_gt(below_ded, 5);
}
END_TEST

static const char *NATIONAL =
    "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"000000\", \"name\": \"全国\"},"
    " \"sources\": {\"n\": {\"title\": \"22号\", \"doc_no\": \"医保发〔2022〕22号\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
    " \"editions\": [{\"from\": \"2022-07-26\", \"to\": null, \"sources\": [\"n\"],"
    " \"catalog\": {\"class_b_selfpay\": \"10%\"},"
    " \"adjustments\": [{\"when\": {\"place\": \"cross_province\", \"filing\": [\"referral\", \"emergency\"]},"
    " \"ratio_minus\": \"10%\"}, {\"when\": {\"place\": \"cross_province\", \"filing\": [\"temporary\", \"none\"]},"
    " \"ratio_minus\": \"20%\"}]}]}";

/* Generated claims with the place of treatment and filing set, B lines without a share. */
static char *away_claim(const char *filing, const char *settlement, uint64_t seed)
{
    static char buf[20000];
    int nl;
    char *c = gen_claim(0, &nl, seed), *p;
    snprintf(buf, sizeof buf, "%s", c);
    /* Put the visit in 上海 and set filing and settlement. */
    p = strstr(buf, "\"level\": \"3\"}");
    char tail[20000];
    snprintf(tail, sizeof tail, "%s", p + strlen("\"level\": \"3\"}"));
    snprintf(p, sizeof buf - (size_t)(p - buf),
             "\"level\": \"3\", \"region\": \"310000\", \"settlement\": \"%s\"}%s", settlement, tail);
    p = strstr(buf, "\"scheme\": \"employee\"}");
    snprintf(tail, sizeof tail, "%s", p + strlen("\"scheme\": \"employee\"}"));
    snprintf(p, sizeof buf - (size_t)(p - buf), "\"scheme\": \"employee\", \"filing\": \"%s\"}%s", filing, tail);
    return buf;
}

START_TEST(filing_never_worse)
{
    static const char *filed[] = {"referral", "emergency", "temporary", "long_term"};
    S = 0xf11e0000ULL + (uint64_t)_i;
    for (int t = 0; t < 25; t++) {
        yb_tables *ts = tables_of2(gen_table(), NATIONAL);
        for (int k = 0; k < 20; k++) {
            uint64_t seed = rnd();
            yb_error err;
            json_t *none = settle(ts, away_claim("none", "direct", seed), &err);
            ck_assert_msg(none != NULL, "%s", err.text);
            for (int f = 0; f < 4; f++) {
                json_t *r = settle(ts, away_claim(filed[f], "direct", seed), &err);
                ck_assert_ptr_nonnull(r);
                ck_assert_msg(fen(field(r, "setlinfo.hifp_pay")) >= fen(field(none, "setlinfo.hifp_pay")),
                              "filing %s paid %s, not filing %s", filed[f], field(r, "setlinfo.hifp_pay"),
                              field(none, "setlinfo.hifp_pay"));
                ck_assert_int_le(fen(field(r, "setlinfo.psn_part_amt")), fen(field(none, "setlinfo.psn_part_amt")));
                json_decref(r);
            }
            json_decref(none);
        }
        yb_tables_free(ts);
    }
}
END_TEST

START_TEST(manual_equals_direct_when_rules_agree)
{
    /* The generated table has a catalogue default; the place of treatment has no table, so
       direct settlement falls back to national.json's 10%, manual uses the insured place's.
       Every money field must agree except preselfpay and what follows from it — and when
       both catalogues say the same, everything agrees. */
    S = 0x3a1e0000ULL + (uint64_t)_i;
    for (int t = 0; t < 25; t++) {
        int same = t % 2 == 0;
        force_class_b = same ? 10 : -1; /* national.json's share is 10% */
        char *tb = strdup(gen_table());
        force_class_b = -1;
        yb_tables *ts = tables_of2(tb, NATIONAL);
        for (int k = 0; k < 20; k++) {
            uint64_t seed = rnd();
            yb_error err;
            json_t *d = settle(ts, away_claim("long_term", "direct", seed), &err);
            ck_assert_msg(d != NULL, "%s", err.text);
            json_t *m = settle(ts, away_claim("long_term", "manual", seed), &err);
            ck_assert_ptr_nonnull(m);
            ck_assert_str_eq(field(m, "manual.reimbursement"), field(m, "setlinfo.fund_pay_sumamt"));
            ck_assert_str_eq(field(m, "manual.upfront_cash"), field(m, "setlinfo.medfee_sumamt"));
            ck_assert_str_eq(field(d, "setlinfo.medfee_sumamt"), field(m, "setlinfo.medfee_sumamt"));
            if (same || !strcmp(field(d, "setlinfo.preselfpay_amt"), field(m, "setlinfo.preselfpay_amt"))) {
                static const char *f[] = {"setlinfo.hifp_pay", "setlinfo.fund_pay_sumamt",
                                          "setlinfo.psn_part_amt", "setlinfo.act_pay_dedc",
                                          "setlinfo.inscp_scp_amt", "setlinfo.preselfpay_amt"};
                for (int i = 0; i < 6; i++) ck_assert_str_eq(field(d, f[i]), field(m, f[i]));
            }
            json_decref(d), json_decref(m);
        }
        yb_tables_free(ts);
        free(tb);
    }
}
END_TEST

/* Year scope everywhere: one visit split in two moves the year's totals by ≤ 1 fen a visit. */
START_TEST(split_visit_year_scope)
{
    S = 0x5b117000ULL + (uint64_t)_i;
    for (int t = 0; t < 30; t++) {
        char body[2048], bands[512] = "";
        long long to = 0;
        int nb = 1 + (int)upto(3);
        for (int i = 0; i < nb; i++) {
            char x[32];
            to += 1000 + upto(1000000);
            money(x, sizeof x, to);
            snprintf(bands + strlen(bands), sizeof bands - strlen(bands), "%s{%s%s%s\"ratio\": \"%lld%%\"}",
                     i ? ", " : "", i + 1 < nb ? "\"to\": \"" : "", i + 1 < nb ? x : "",
                     i + 1 < nb ? "\", " : "", 30 + upto(70));
        }
        char d[32], c[32];
        money(d, sizeof d, upto(100000));
        money(c, sizeof c, 50000 + upto(3000000));
        snprintf(body, sizeof body,
                 "\"outpatient\": {\"deductible\": \"%s\", \"bands\": [%s], \"cap\": \"%s\", \"cap_group\": \"op\"},"
                 " \"layers\": [{\"fund\": \"hifob\", \"scope\": \"year\", \"basis\": [\"copay\", \"over_cap\"],"
                 " \"deductible\": \"500\", \"bands\": [{\"ratio\": \"50%%\"}]}]", d, bands, c);
        char *tb = table_with("employee", body, NULL);
        yb_tables *ts = tables_of(tb);
        for (int k = 0; k < 20; k++) {
            long long a = 1 + upto(1500000), b = 1 + upto(1500000);
            char one[1024], first[1024], am[32], bm[32], ab[32];
            money(am, sizeof am, a), money(bm, sizeof bm, b), money(ab, sizeof ab, a + b);
            static const char fmt[] = "{\"insured\": {\"region\": \"990100\", \"scheme\": \"employee\"},"
                              " \"visit\": {\"date\": \"2024-0%d-01\", \"setting\": \"outpatient\"},"
                              " \"lines\": [{\"amount\": \"%s\", \"class\": \"A\"}]}";
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
            snprintf(one, sizeof one, fmt, 5, ab);
            snprintf(first, sizeof first, fmt, 5, am);
#pragma GCC diagnostic pop
            yb_error err;
            json_t *whole = settle(ts, one, &err), *r1 = settle(ts, first, &err);
            ck_assert_ptr_nonnull(whole);
            ck_assert_ptr_nonnull(r1);
            json_t *c2 = json_loads(one, 0, NULL);
            json_object_set_new(json_array_get(json_object_get(c2, "lines"), 0), "amount", json_string(bm));
            json_object_set(c2, "year_to_date", json_object_get(r1, "year_to_date_after"));
            char *second = json_dumps(c2, 0);
            json_t *r2 = settle(ts, second, &err);
            ck_assert_ptr_nonnull(r2);
            static const char *f[] = {"setlinfo.hifp_pay", "setlinfo.hifob_pay", "setlinfo.psn_part_amt"};
            for (int i = 0; i < 3; i++) {
                long long split = fen(field(r1, f[i])) + fen(field(r2, f[i])), w = fen(field(whole, f[i]));
                ck_assert_msg(split - w <= 2 && w - split <= 2, "%s: whole %lld, split %lld (%s + %s)",
                              f[i], w, split, am, bm);
            }
            json_decref(whole), json_decref(r1), json_decref(r2), json_decref(c2);
            free(second);
        }
        yb_tables_free(ts);
        free(tb);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("properties");
    TCase *tc = tcase_create("Generated");
    tcase_set_timeout(tc, 300);
    /* 24 seeds × 40 tables × 25 claims × 2 = 48 000 settlements. */
    tcase_add_loop_test(tc, generated, 0, 24);
    tcase_add_loop_test(tc, filing_never_worse, 0, 2);
    tcase_add_loop_test(tc, manual_equals_direct_when_rules_agree, 0, 2);
    tcase_add_loop_test(tc, split_visit_year_scope, 0, 2);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
