/* SPDX-License-Identifier: MIT */
/*
** check_engine.c
** Settlement, mechanism by mechanism, against figures worked by hand (the arithmetic is in
** each comment; none of it is recomputed by the test).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Checks "path=value;path=value" (a bare name means setlinfo.<name>). */
static void expect(json_t *r, const char *spec)
{
    char buf[2048], *save = NULL;
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *t = strtok_r(buf, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
        char path[256], *eq = strchr(t, '=');
        while (*t == ' ') t++;
        *eq = '\0';
        snprintf(path, sizeof path, "%s%s", strchr(t, '.') ? "" : "setlinfo.", t);
        ck_assert_msg(!strcmp(field(r, path), eq + 1), "%s = %s, want %s", path, field(r, path),
                      eq + 1);
    }
}

/* Settles claim against a one-region table built from `scheme`/`body`; checks `spec`. */
static json_t *run(const char *scheme, const char *body, const char *extra, const char *claim)
{
    char *t = table_with(scheme, body, extra);
    yb_tables *ts = tables_of(t);
    yb_error err;
    json_t *r = settle(ts, claim, &err);
    char m[1024];
    yb_error_format(&err, m, sizeof m);
    ck_assert_msg(r != NULL, "settlement failed: %s", m);
    yb_tables_free(ts);
    free(t);
    return r;
}

#define EMP(extra) "\"insured\": {\"region\": \"990100\", \"scheme\": \"employee\"" extra "}"
#define VIS(setting, extra) \
    "\"visit\": {\"date\": \"2024-05-01\", \"setting\": \"" setting "\", \"level\": \"3\"" extra "}"
#define A(x) "{\"amount\": \"" x "\", \"class\": \"A\"}"

START_TEST(repeat_admission)
{
    const char *b = "\"inpatient\": {\"deductible\": \"1300\", \"repeat_admission\": [\"1\", \"0.5\"],"
                    " \"bands\": [{\"ratio\": \"80%\"}]}";
    /* 2nd admission: 1300 × 0.5 = 650; (10000 − 650) × 80% = 7480. */
    json_t *r = run("employee", b, NULL, "{" EMP("") ", " VIS("inpatient", ", \"admission\": 2")
                                         ", \"lines\": [" A("10000") "]}");
    expect(r, "act_pay_dedc=650.00;hifp_pay=7480.00;psn_part_amt=2520.00;pool_prop_selfpay=0.8000");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(r, "year_to_date_after"),
                                                        "admissions")), 2);
    json_decref(r);
    /* No admission given, the ledger has 2: this is the 3rd, the last factor repeats: 650. */
    r = run("employee", b, NULL, "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("10000")
                                 "], \"year_to_date\": {\"year\": 2024, \"admissions\": 2}}");
    expect(r, "act_pay_dedc=650.00;hifp_pay=7480.00");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(r, "year_to_date_after"),
                                                        "admissions")), 3);
    json_decref(r);
}
END_TEST

START_TEST(admission_selector)
{
    /* A deductible by admission, the last case repeating: 1300, then 650 from the 2nd on.
       3rd admission: (10000 − 650) × 80% = 7480; 1st: (10000 − 1300) × 80% = 6960. */
    const char *b = "\"inpatient\": {\"deductible\": {\"by\": \"admission\", \"1\": \"1300\","
                    " \"2\": \"650\"}, \"bands\": [{\"ratio\": \"80%\"}]}";
    json_t *r = run("employee", b, NULL, "{" EMP("") ", " VIS("inpatient", ", \"admission\": 3")
                                         ", \"lines\": [" A("10000") "]}");
    expect(r, "act_pay_dedc=650.00;hifp_pay=7480.00");
    json_decref(r);
    r = run("employee", b, NULL, "{" EMP("") ", " VIS("inpatient", ", \"admission\": 1")
                                 ", \"lines\": [" A("10000") "]}");
    expect(r, "act_pay_dedc=1300.00;hifp_pay=6960.00");
    json_decref(r);
}
END_TEST

START_TEST(repeat_amounts)
{
    /* 400 → 280 → 200 (分段支付表): 3rd admission 200; (1000 − 200) × 90% = 720. */
    json_t *r = run("employee",
                    "\"inpatient\": {\"deductible\": \"400\", \"repeat_amounts\": [\"400\", \"280\","
                    " \"200\"], \"bands\": [{\"ratio\": \"90%\"}]}",
                    NULL, "{" EMP("") ", " VIS("inpatient", ", \"admission\": 5") ", \"lines\": [" A("1000") "]}");
    expect(r, "act_pay_dedc=200.00;hifp_pay=720.00;psn_part_amt=280.00");
    json_decref(r);
}
END_TEST

START_TEST(year_deductible_tops_up)
{
    /* Outpatient deductible is annual; 300 paid at a community clinic; now at level 3
       (1200): only 900 more (补差). (2000 − 900) × 50% = 550. */
    json_t *r = run("employee",
                    "\"outpatient\": {\"deductible\": {\"by\": \"level\", \"community\": \"300\","
                    " \"3\": \"1200\"}, \"bands\": [{\"ratio\": \"50%\"}], \"cap_group\": \"op\"}",
                    NULL, "{" EMP("") ", " VIS("outpatient", "") ", \"lines\": [" A("2000") "],"
                    " \"year_to_date\": {\"year\": 2024, \"deductible_paid\": {\"outpatient\": \"300\"}}}");
    expect(r, "act_pay_dedc=900.00;hifp_pay=550.00;year_to_date_after.deductible_paid.outpatient=1200.00;"
              "year_to_date_after.axis.op=2000.00");
    json_decref(r);
}
END_TEST

START_TEST(cap_binds_with_ledger)
{
    const char *b = "\"inpatient\": {\"bands\": [{\"ratio\": \"80%\"}], \"cap\": \"10000\"}";
    /* 9000 of 10000 used: 1000 left. 5000 at 80% would be 4000; the cap binds at
       1000 / 0.8 = 1250: over_cap 5000 − 1250 = 3750, copay 1250 − 1000 = 250. */
    json_t *r = run("employee", b, NULL, "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("5000")
                                         "], \"year_to_date\": {\"year\": 2024, \"fund_paid\": {\"basic\": \"9000\"}}}");
    expect(r, "hifp_pay=1000.00;psn_burden.over_cap=3750.00;psn_burden.copay=250.00;"
              "psn_part_amt=4000.00;setldetail.0.crt_payb_lmt_amt=1000.00;"
              "year_to_date_after.fund_paid.basic=10000.00");
    json_decref(r);
    /* Cap exhausted: nothing paid, everything in policy is over the cap. */
    r = run("employee", b, NULL, "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("5000")
                                 "], \"year_to_date\": {\"year\": 2024, \"fund_paid\": {\"basic\": \"10000\"}}}");
    expect(r, "hifp_pay=0.00;psn_burden.over_cap=5000.00;psn_burden.copay=0.00;pool_prop_selfpay=0.0000");
    json_decref(r);
}
END_TEST

START_TEST(cost_ceiling_and_zero_band)
{
    /* 4900 of a 5000 yearly cost ceiling used; 300 more at 60%: only 100 is paid, 60.
       cost_cap: the 200 above is over_cap; a ratio-0 band keeps it in copay instead. */
    const char *claim = "{" EMP("") ", " VIS("outpatient", "") ", \"lines\": [" A("300") "],"
                        " \"year_to_date\": {\"year\": 2024, \"axis\": {\"op\": \"4900\"}}}";
    json_t *r = run("employee", "\"outpatient\": {\"bands\": [{\"ratio\": \"60%\"}], \"cost_cap\":"
                                " \"5000\", \"cap_group\": \"op\"}", NULL, claim);
    expect(r, "hifp_pay=60.00;psn_burden.over_cap=200.00;psn_burden.copay=40.00;"
              "year_to_date_after.axis.op=5200.00");
    json_decref(r);
    r = run("employee", "\"outpatient\": {\"bands\": [{\"to\": \"5000\", \"ratio\": \"60%\"},"
                        " {\"ratio\": \"0\"}], \"cap_group\": \"op\"}", NULL, claim);
    expect(r, "hifp_pay=60.00;psn_burden.over_cap=0.00;psn_burden.copay=240.00");
    json_decref(r);
}
END_TEST

START_TEST(rounding_rules)
{
    const char *b = "\"inpatient\": {\"bands\": [{\"to\": \"100.01\", \"ratio\": \"50%\"}, {\"ratio\": \"50%\"}]}";
    const char *claim = "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("200.02") "]}";
    /* Per fund: 200.02 × 50% = 100.01 exactly. Per band: 50.005 → 50.01, twice: 100.02. */
    json_t *r = run("employee", b, NULL, claim);
    expect(r, "hifp_pay=100.01");
    json_decref(r);
    r = run("employee", b, " \"rounding\": {\"at\": \"band\"},", claim);
    expect(r, "hifp_pay=100.02");
    json_decref(r);
    /* 0.05 × 50% = 0.025: half_up 0.03, half_even 0.02, down 0.02. */
    const char *one = "\"inpatient\": {\"bands\": [{\"ratio\": \"50%\"}]}";
    const char *tiny = "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("0.05") "]}";
    r = run("employee", one, NULL, tiny);
    expect(r, "hifp_pay=0.03;psn_part_amt=0.02");
    json_decref(r);
    r = run("employee", one, " \"rounding\": {\"mode\": \"half_even\"},", tiny);
    expect(r, "hifp_pay=0.02");
    json_decref(r);
    r = run("employee", one, " \"rounding\": {\"mode\": \"down\"},", tiny);
    expect(r, "hifp_pay=0.02");
    json_decref(r);
    /* A 乙类 line of 0.15 at 10%: 0.015 → 0.02 first (half_up at the line). */
    r = run("employee", one, NULL, "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [{\"amount\": "
                                   "\"0.15\", \"class\": \"B\", \"selfpay_prop\": \"10%\"}]}");
    expect(r, "preselfpay_amt=0.02;inscp_scp_amt=0.13;lines.0.preselfpay_amt=0.02");
    json_decref(r);
}
END_TEST

START_TEST(catalogue_follows_settlement)
{
    /* 就医地目录: direct settlement takes the place of treatment's 乙类 share (20%), manual
       settlement the insured place's (10%). 1000 of 乙类, fund 100%, no deductible. */
    char *ins = table_with("employee", "\"inpatient\": {\"bands\": [{\"ratio\": \"100%\"}]}",
                           " \"catalog\": {\"class_b_selfpay\": \"10%\"},");
    const char *trt = "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990200\", \"name\": \"邻市\"},"
                      " \"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
                      " \"editions\": [{\"from\": \"2020-01-01\", \"to\": null, \"sources\": [\"s\"],"
                      " \"catalog\": {\"class_b_selfpay\": \"20%\"}}]}";
    yb_tables *ts = tables_of2(ins, trt);
    yb_error err;
    const char *direct = "{" EMP("") ", \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\","
                         " \"region\": \"990200\"}, \"lines\": [{\"amount\": \"1000\", \"class\": \"B\"}]}";
    json_t *r = settle(ts, direct, &err);
    ck_assert_ptr_nonnull(r);
    expect(r, "preselfpay_amt=200.00;hifp_pay=800.00;lines.0.selfpay_prop=0.2000;manual=(absent)");
    json_decref(r);
    const char *manual = "{" EMP("") ", \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\","
                         " \"region\": \"990200\", \"settlement\": \"manual\"}, \"lines\": "
                         "[{\"amount\": \"1000\", \"class\": \"B\"}]}";
    r = settle(ts, manual, &err);
    ck_assert_ptr_nonnull(r);
    expect(r, "preselfpay_amt=100.00;hifp_pay=900.00;manual.upfront_cash=1000.00;"
              "manual.reimbursement=900.00;manual.net_out_of_pocket=100.00");
    json_decref(r);
    yb_tables_free(ts);
    free(ins);
}
END_TEST

START_TEST(not_covered_setting)
{
    /* A cited "not covered": the fund pays nothing and the explanation cites the source. */
    json_t *r = run("employee", "\"inpatient\": {\"bands\": [{\"ratio\": \"80%\"}]},"
                    " \"outpatient\": {\"not_covered\": true, \"source\": \"t\"}", NULL,
                    "{" EMP("") ", " VIS("outpatient", "") ", \"lines\": [" A("120") "]}");
    expect(r, "hifp_pay=0.00;psn_part_amt=120.00;psn_burden.copay=120.00;explain.0.step=not_covered;"
              "explain.0.source=t");
    json_decref(r);
    /* No data for the setting: unknown is never zero — refused, naming the setting. */
    char *t = table_with("employee", "\"inpatient\": {\"bands\": [{\"ratio\": \"80%\"}]}", NULL);
    yb_tables *ts = tables_of(t);
    yb_error err;
    ck_assert_ptr_null(settle(ts, "{" EMP("") ", " VIS("outpatient", "") ", \"lines\": [" A("120") "]}", &err));
    ck_assert_int_eq(err.code, YB_ENODATA);
    ck_assert_ptr_nonnull(strstr(err.text, "no data for outpatient care under the employee scheme"));
    ck_assert_ptr_nonnull(strstr(err.text, "没有职工医保普通门诊待遇的数据"));
    yb_tables_free(ts);
    free(t);
}
END_TEST

/* Trust and freshness: the weakest reliability among the parameters used, the newest day
   they were checked, and a warning only when the visit is more than 12 months later. */
START_TEST(trust_and_freshness)
{
    const char *b = "\"inpatient\": {\"deductible\": {\"value\": \"500\", \"source\": \"low\"},"
                    " \"bands\": [{\"ratio\": \"80%\"}]}, \"outpatient\": {\"bands\": [{\"ratio\": \"50%\"}]}";
    char *t = table_with("employee", b, NULL);
    /* a second, unverified source checked later than the table's own (2026-11-25) */
    char *p = strstr(t, "\"sources\": {");
    ck_assert_ptr_nonnull(p);
    size_t at = (size_t)(p - t) + strlen("\"sources\": {");
    const char *low = "\"low\": {\"title\": \"aggregator\", \"url\": \"x\", \"checked\": \"2026-12-01\","
                      " \"reliability\": \"unverified\"}, ";
    char *t2 = malloc(strlen(t) + strlen(low) + 1);
    memcpy(t2, t, at);
    strcpy(t2 + at, low);
    strcat(t2, t + at);
    yb_tables *ts = tables_of(t2);
    yb_error err;
    /* outpatient: only the official source (checked 2026-11-25) */
    json_t *r = settle(ts, "{" EMP("") ", \"visit\": {\"date\": \"2027-11-25\", \"setting\": \"outpatient\","
                           " \"level\": \"3\"}, \"lines\": [" A("100") "]}", &err);
    ck_assert_ptr_nonnull(r);
    expect(r, "trust.reliability=official;trust.checked=2026-11-25;trust.editions.0=990100@2020-01-01");
    ck_assert_int_eq(json_array_size(json_object_get(r, "warnings")), 0); /* 12 months exactly: fine */
    json_decref(r);
    r = settle(ts, "{" EMP("") ", \"visit\": {\"date\": \"2027-11-26\", \"setting\": \"outpatient\","
                   " \"level\": \"3\"}, \"lines\": [" A("100") "]}", &err);
    ck_assert_ptr_nonnull(strstr(field(r, "warnings.0"), "last checked on 2026-11-25, more than 12 months"));
    ck_assert_ptr_nonnull(strstr(field(r, "warnings.0"), "参数最近核对于 2026-11-25"));
    json_decref(r);
    /* inpatient reads the unverified deductible: the weakest is unverified, the newest check
       2026-12-01, so the same date is fresh and an unverified warning is given. */
    r = settle(ts, "{" EMP("") ", \"visit\": {\"date\": \"2027-11-26\", \"setting\": \"inpatient\","
                   " \"level\": \"3\"}, \"lines\": [" A("1000") "]}", &err);
    expect(r, "trust.reliability=unverified;trust.checked=2026-12-01;hifp_pay=400.00");
    ck_assert_int_eq(json_array_size(json_object_get(r, "warnings")), 1);
    ck_assert_ptr_nonnull(strstr(field(r, "warnings.0"), "unverified: t0.json uses source \"low\""));
    json_decref(r);
    yb_tables_free(ts);
    free(t2);
    free(t);
}
END_TEST

static json_t *with_national(const char *region_extra, const char *claim)
{
    const char *nat = "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"000000\", \"name\": \"全国\"},"
                      " \"sources\": {\"n\": {\"title\": \"22号\", \"doc_no\": \"医保发〔2022〕22号\","
                      " \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
                      " \"editions\": [{\"from\": \"2022-07-26\", \"to\": null, \"sources\": [\"n\"],"
                      " \"adjustments\": [{\"when\": {\"place\": \"cross_province\", \"filing\":"
                      " [\"referral\", \"emergency\"]}, \"ratio_minus\": \"10%\"},"
                      " {\"when\": {\"place\": \"cross_province\", \"filing\": [\"temporary\", \"none\"]},"
                      " \"ratio_minus\": \"20%\"}]}]}";
    char *t = table_with("employee", "\"inpatient\": {\"bands\": [{\"ratio\": \"80%\"}]}", region_extra);
    yb_tables *ts = tables_of2(t, nat);
    yb_error err;
    json_t *r = settle(ts, claim, &err);
    ck_assert_msg(r != NULL, "%s", err.text);
    yb_tables_free(ts);
    free(t);
    return r;
}

START_TEST(national_and_regional_adjustments)
{
#define CROSS(filing) "{" EMP(", \"filing\": \"" filing "\"") ", \"visit\": {\"date\": \"2024-05-01\"," \
    " \"setting\": \"inpatient\", \"region\": \"310000\"}, \"lines\": [" A("1000") "]}"
    /* National default: referral −10 points: 80% → 70%: 700. Not filed −20: 600.
       Long-term residence: no cut: 800. */
    json_t *r = with_national(NULL, CROSS("referral"));
    expect(r, "hifp_pay=700.00");
    json_decref(r);
    r = with_national(NULL, CROSS("none"));
    expect(r, "hifp_pay=600.00");
    json_decref(r);
    r = with_national(NULL, CROSS("long_term"));
    expect(r, "hifp_pay=800.00");
    json_decref(r);
    /* A local visit is untouched by out-of-area rules even when "not filed". */
    r = with_national(NULL, "{" EMP(", \"filing\": \"none\"") ", " VIS("inpatient", "")
                            ", \"lines\": [" A("1000") "]}");
    expect(r, "hifp_pay=800.00");
    json_decref(r);
    /* The region's own out-of-area rule replaces the national one: × 0.9: 72%: 720. */
    r = with_national(" \"adjustments\": [{\"when\": {\"place\": \"cross_province\"}, "
                      "\"ratio_times\": \"0.9\"}],", CROSS("referral"));
    expect(r, "hifp_pay=720.00");
    json_decref(r);
}
END_TEST

START_TEST(adjustment_operations)
{
    const char *b = "\"inpatient\": {\"deductible\": \"500\", \"bands\": [{\"ratio\": \"80%\"}]}";
    /* 先自付 10%: 10000 → 1000 paid first; 9000 in policy; (9000 − 500) × 80% = 6800. */
    json_t *r = run("employee", b, " \"adjustments\": [{\"when\": {\"setting\": \"inpatient\"},"
                                   " \"prepay_fraction\": \"10%\"}],",
                    "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("10000") "]}");
    expect(r, "preselfpay_amt=1000.00;inscp_scp_amt=9000.00;hifp_pay=6800.00;psn_part_amt=3200.00");
    json_decref(r);
    /* Deductible = 20% of the bill within [2000, 10000]: 30000 → 6000, (30000−6000)×80% = 19200;
       5000 → 1000 → raised to 2000, (5000 − 2000) × 80% = 2400. */
    const char *pct = " \"adjustments\": [{\"when\": {\"level\": \"3\"}, \"deductible_pct_of_total\":"
                      " {\"pct\": \"20%\", \"min\": \"2000\", \"max\": \"10000\"}}],";
    r = run("employee", b, pct, "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("30000") "]}");
    expect(r, "act_pay_dedc=6000.00;hifp_pay=19200.00");
    json_decref(r);
    r = run("employee", b, pct, "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("5000") "]}");
    expect(r, "act_pay_dedc=2000.00;hifp_pay=2400.00");
    json_decref(r);
    /* Retirees pay 30% of the in-service share: 20% × 0.3 = 6% → 94%; deductible × 2 =
       1000: (10000 − 1000) × 94% = 8460. */
    r = run("employee", b, " \"adjustments\": [{\"when\": {\"person\": \"retired\"},"
                           " \"selfshare_times\": \"0.3\", \"deductible_times\": \"2\"}],",
            "{" EMP(", \"person\": \"retired\"") ", " VIS("inpatient", "") ", \"lines\": ["
            "{\"amount\": \"10000\", \"class\": \"A\"}]}");
    expect(r, "act_pay_dedc=1000.00;hifp_pay=8460.00");
    json_decref(r);
    /* not_covered: nothing from the basic fund. */
    r = run("employee", b, " \"adjustments\": [{\"when\": {\"level\": \"3\"}, \"not_covered\": true}],",
            "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("1000") "]}");
    expect(r, "hifp_pay=0.00;psn_part_amt=1000.00");
    json_decref(r);
}
END_TEST

START_TEST(personal_account)
{
    const char *b = "\"inpatient\": {\"deductible\": \"1000\", \"bands\": [{\"ratio\": \"80%\"}]},"
                    " \"account\": {\"pays\": [\"deductible\", \"copay\"]}";
    /* 6000 A + 500 C: dedc 1000, fund 4000, copay 1000, fulamt 500 (not payable by account).
       Balance 500: account 500, cash 2000. Balance 9000: account 2000, cash 500, balc 7000. */
    const char *c1 = "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("6000") ", {\"amount\": "
                     "\"500\", \"class\": \"C\"}], \"account_balance\": \"500\"}";
    json_t *r = run("employee", b, NULL, c1);
    expect(r, "hifp_pay=4000.00;psn_part_amt=2500.00;acct_pay=500.00;psn_cash_pay=2000.00;balc=0.00");
    json_decref(r);
    const char *c2 = "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("6000") ", {\"amount\": "
                     "\"500\", \"class\": \"C\"}], \"account_balance\": \"9000\"}";
    r = run("employee", b, NULL, c2);
    expect(r, "acct_pay=2000.00;psn_cash_pay=500.00;balc=7000.00;acct_mulaid_pay=0.00");
    json_decref(r);
    /* Family sharing (共济): own balance 500 pays first; a family account of 3000 pays the
       remaining 1500 of the 2000 payable; the 500 of class C stays cash. */
    const char *fam = "\"inpatient\": {\"deductible\": \"1000\", \"bands\": [{\"ratio\": \"80%\"}]},"
                      " \"account\": {\"pays\": [\"deductible\", \"copay\"], \"family_pays\": [\"deductible\", \"copay\"]}";
    const char *c3 = "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("6000") ", {\"amount\": "
                     "\"500\", \"class\": \"C\"}], \"account_balance\": \"500\", \"family_account_balance\": \"3000\"}";
    r = run("employee", fam, NULL, c3);
    expect(r, "acct_pay=2000.00;acct_mulaid_pay=1500.00;psn_cash_pay=500.00;balc=0.00");
    json_decref(r);
    /* Without family_pays in the table, a family balance in the claim pays nothing. */
    r = run("employee", b, NULL, c3);
    expect(r, "acct_pay=500.00;acct_mulaid_pay=0.00;psn_cash_pay=2000.00");
    json_decref(r);
}
END_TEST

START_TEST(layer_deductible_crossed_on_third_visit)
{
    /* Basic fund pays 50%; a yearly 大病 layer on the copay: deductible 1000, then 50%.
       Each visit of 800 leaves 400 of copay: the layer's basis is 400, 800, 1200 — the third
       visit crosses the deductible: (1200 − 1000) × 50% = 100. */
    char *t = table_with("resident", "\"inpatient\": {\"bands\": [{\"ratio\": \"50%\"}]},"
                         " \"layers\": [{\"fund\": \"hifmi\", \"name\": \"大病保险\", \"basis\": [\"copay\"],"
                         " \"deductible\": \"1000\", \"bands\": [{\"ratio\": \"50%\"}]}]", NULL);
    yb_tables *ts = tables_of(t);
    json_t *after = NULL;
    const char *want[3] = {"0.00", "0.00", "100.00"};
    for (int v = 0; v < 3; v++) {
        json_t *c = json_loads("{\"insured\": {\"region\": \"990100\", \"scheme\": \"resident\"},"
                               " \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\"},"
                               " \"lines\": [{\"amount\": \"800\", \"class\": \"A\"}]}", 0, NULL);
        if (after) json_object_set(c, "year_to_date", after);
        char *text = json_dumps(c, 0);
        yb_error err;
        json_t *r = settle(ts, text, &err);
        ck_assert_ptr_nonnull(r);
        ck_assert_str_eq(field(r, "setlinfo.hifmi_pay"), want[v]);
        json_decref(after);
        after = json_incref(json_object_get(r, "year_to_date_after"));
        json_decref(r);
        json_decref(c);
        free(text);
    }
    ck_assert_str_eq(field(after, "layers.hifmi.basis"), "1200.00");
    ck_assert_str_eq(field(after, "layers.hifmi.paid"), "100.00");
    ck_assert_int_eq(json_integer_value(json_object_get(after, "admissions")), 3);
    json_decref(after);
    yb_tables_free(ts);
    free(t);
}
END_TEST

START_TEST(errors_and_warnings)
{
    char *t = table_with("employee", "\"inpatient\": {\"deductible\": {\"by\": \"level\", \"3\": \"900\"},"
                         " \"bands\": [{\"ratio\": \"80%\"}]}", NULL);
    yb_tables *ts = tables_of(t);
    yb_error err;
    /* No edition in force: a table error (exit 3). */
    ck_assert_ptr_null(settle(ts, "{" EMP("") ", \"visit\": {\"date\": \"2019-12-31\", \"setting\":"
                                  " \"inpatient\", \"level\": \"3\"}, \"lines\": [" A("1") "]}", &err));
    ck_assert_int_eq(err.code, YB_ENODATE);
    ck_assert_ptr_nonnull(strstr(err.text, "no edition of 测试地区 (990100) is in force on 2019-12-31"));
    ck_assert_ptr_nonnull(strstr(err.text, "the nearest edition runs from 2020-01-01; add --lenient"));
    ck_assert_ptr_nonnull(strstr(err.text, "--lenient"));
    ck_assert_ptr_nonnull(strstr(err.text, "在 2019-12-31 没有生效的政策版本"));
    /* A selector with no case for this visit and no default: a claim error at the claim's
       value, naming the values the table knows and the table path. */
    ck_assert_ptr_null(settle(ts, "{" EMP("") ", \"visit\": {\"date\": \"2024-05-01\", \"setting\":"
                                  " \"inpatient\", \"level\": \"2\"}, \"lines\": [" A("1") "]}", &err));
    ck_assert_int_eq(err.code, YB_ECLAIM);
    ck_assert_str_eq(err.path, "/visit/level");
    ck_assert_ptr_nonnull(strstr(err.text, "医院等级「2」，可选：3"));
    ck_assert_ptr_nonnull(strstr(err.text, "the hospital's level \"2\" (one of: 3)"));
    ck_assert_ptr_nonnull(strstr(err.text, "#/editions/0/schemes/employee/inpatient/deductible"));
    /* A ledger of another year starts from zero, and says so. */
    json_t *r = settle(ts, "{" EMP("") ", " VIS("inpatient", "") ", \"lines\": [" A("1000") "],"
                           " \"year_to_date\": {\"year\": 2023, \"admissions\": 4, \"fund_paid\": {\"basic\": \"5\"}}}", &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(strstr(field(r, "warnings.0"), "starts from zero"));
    ck_assert_str_eq(field(r, "year_to_date_after.fund_paid.basic"), "80.00");
    json_decref(r);
    yb_tables_free(ts);
    free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("Core");
    tcase_add_test(tc, repeat_admission);
    tcase_add_test(tc, repeat_amounts);
    tcase_add_test(tc, admission_selector);
    tcase_add_test(tc, year_deductible_tops_up);
    tcase_add_test(tc, cap_binds_with_ledger);
    tcase_add_test(tc, cost_ceiling_and_zero_band);
    tcase_add_test(tc, rounding_rules);
    tcase_add_test(tc, catalogue_follows_settlement);
    tcase_add_test(tc, not_covered_setting);
    tcase_add_test(tc, trust_and_freshness);
    tcase_add_test(tc, national_and_regional_adjustments);
    tcase_add_test(tc, adjustment_operations);
    tcase_add_test(tc, personal_account);
    tcase_add_test(tc, layer_deductible_crossed_on_third_visit);
    tcase_add_test(tc, errors_and_warnings);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
