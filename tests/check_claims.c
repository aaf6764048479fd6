/* SPDX-License-Identifier: MIT */
/*
** check_claims.c
** Parsing claims (claims.md): every refusal names the JSON pointer and what was expected;
** JSON numbers for amounts are read from their own digits, with a warning; regions, place
** and national codes are understood.
*/
#include <stdlib.h>
#include <string.h>

#include "claim/claim.h"
#include "util.h"

static yb_tables *ts;

static void setup(void)
{
    char *a = table_with("employee", "\"inpatient\": {\"deductible\": \"1000\", \"bands\": "
                                     "[{\"ratio\": \"80%\"}]}, \"account\": {\"pays\": [\"copay\"]}",
                         NULL);
    /* A second region in the same province (99…) for in-province visits. */
    const char *b = "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990200\", \"name\":"
                    " \"邻市\"}, \"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", "
                    "\"checked\": \"2026-11-25\", \"reliability\": \"official\"}}, \"editions\": [{\"from\": \"2020-01-01\","
                    " \"to\": null, \"sources\": [\"s\"]}]}";
    ts = tables_of2(a, b);
    free(a);
}

static void teardown(void) { yb_tables_free(ts); }

#define INS "\"insured\": {\"region\": \"990100\", \"scheme\": \"employee\"}"
#define VIS "\"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\", \"level\": \"3\"}"
#define LINES "\"lines\": [{\"amount\": \"100\", \"class\": \"A\"}]"

static const struct { const char *claim, *path, *text; } bad[] = {
    {"", "", "invalid JSON"},
    {"[]", "", "expected a claim object"},
    {"{" VIS ", " LINES "}", "/insured", "missing"},
    {"{\"insured\": {\"region\": \"990100\"}, " VIS ", " LINES "}", "/insured/scheme", "missing"},
    {"{\"insured\": {\"region\": \"宁波\", \"scheme\": \"employee\"}, " VIS ", " LINES "}",
     "/insured/region", "no table yet for 宁波市 (330200)"},
    {"{\"insured\": {\"region\": \"990100\", \"scheme\": \"worker\"}, " VIS ", " LINES "}",
     "/insured/scheme", "\"employee\" or \"resident\""},
    {"{\"insured\": {\"region\": \"990100\", \"scheme\": \"employee\", \"filing\": \"yes\"}, " VIS
     ", " LINES "}", "/insured/filing", "not one of"},
    {"{\"insured\": {\"region\": \"990100\", \"scheme\": \"employee\", \"age\": -3}, " VIS ", " LINES "}",
     "/insured/age", "whole number"},
    {"{\"insured\": {\"region\": \"990100\", \"scheme\": \"employee\", \"salary\": \"1\"}, " VIS ", " LINES "}",
     "/insured/salary", "unknown key"},
    {"{" INS ", \"visit\": {\"setting\": \"inpatient\"}, " LINES "}", "/visit/date", "missing"},
    {"{" INS ", \"visit\": {\"date\": \"2024-02-30\", \"setting\": \"inpatient\"}, " LINES "}",
     "/visit/date", "real date"},
    {"{" INS ", \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"dental\"}, " LINES "}",
     "/visit/setting", "inpatient, outpatient or chronic"},
    {"{" INS ", \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\", \"level\": \"5\"}, "
     LINES "}", "/visit/level", "not one of"},
    {"{" INS ", \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\", \"admission\": 0}, "
     LINES "}", "/visit/admission", "1 to 100000"},
    {"{" INS ", \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\", \"region\": \"纳尼亚\"}, "
     LINES "}", "/visit/region", "unknown region \"纳尼亚\""},
    {"{" INS ", " VIS "}", "/lines", "missing"},
    {"{" INS ", " VIS ", \"lines\": {}}", "/lines", "list of fee lines"},
    {"{" INS ", " VIS ", \"lines\": [{\"amount\": \"-5\", \"class\": \"A\"}]}", "/lines/0/amount",
     "negative"},
    {"{" INS ", " VIS ", \"lines\": [{\"amount\": \"5.123\", \"class\": \"A\"}]}", "/lines/0/amount",
     "2 decimals"},
    {"{" INS ", " VIS ", \"lines\": [{\"amount\": \"5\", \"class\": \"D\"}]}", "/lines/0/class",
     "expected A, B or C"},
    {"{" INS ", " VIS ", \"lines\": [{\"amount\": \"5\"}]}", "/lines/0/class", "missing"},
    {"{" INS ", " VIS ", \"lines\": [{\"amount\": \"5\", \"pric\": \"1\", \"class\": \"A\"}]}",
     "/lines/0", "not both"},
    {"{" INS ", " VIS ", \"lines\": [{\"pric\": \"1\", \"class\": \"A\"}]}", "/lines/0", "missing"},
    {"{" INS ", " VIS ", \"lines\": [{\"amount\": \"5\", \"class\": \"A\", \"pric_uplmt_amt\": \"1\"}]}",
     "/lines/0/pric_uplmt_amt", "needs \"pric\""},
    {"{" INS ", " VIS ", \"lines\": [{\"amount\": \"5\", \"class\": \"B\", \"selfpay_prop\": \"150%\"}]}",
     "/lines/0/selfpay_prop", "outside [0, 1]"},
    {"{" INS ", " VIS ", \"lines\": [{\"amount\": \"5\", \"class\": \"A\", \"qty\": 1}]}",
     "/lines/0/qty", "unknown key"},
    {"{" INS ", " VIS ", \"fees\": {\"class_c\": \"5\"}}", "/fees/medfee_sumamt", "missing"},
    {"{" INS ", " VIS ", \"fees\": {\"medfee_sumamt\": \"100\", \"fulamt_ownpay_amt\": \"80\","
     " \"preselfpay_amt\": \"30\"}}", "/fees", "more than medfee_sumamt"},
    {"{" INS ", " VIS ", \"fees\": {\"medfee_sumamt\": \"100\", \"fulamt_ownpay_amt\": \"8\","
     " \"class_b\": \"30\"}}", "/fees", "not both"},
    {"{" INS ", " VIS ", " LINES ", \"fees\": {\"medfee_sumamt\": \"1\"}}", "", "not both"},
    {"{" INS ", " VIS ", " LINES ", \"year_to_date\": {\"admissions\": -1}}",
     "/year_to_date/admissions", "count"},
    {"{" INS ", " VIS ", " LINES ", \"year_to_date\": {\"fund_paid\": {\"basic\": \"-1\"}}}",
     "/year_to_date/fund_paid/basic", "negative"},
    {"{" INS ", " VIS ", " LINES ", \"year_to_date\": {\"deductible_paid\": {\"dental\": \"1\"}}}",
     "/year_to_date/deductible_paid/dental", "unknown setting"},
    {"{" INS ", " VIS ", " LINES ", \"year_to_date\": {\"year\": 20}}", "/year_to_date/year",
     "a year"},
    {"{" INS ", " VIS ", " LINES ", \"account_balance\": \"abc\"}", "/account_balance", "decimal"},
    {"{" INS ", " VIS ", " LINES ", \"format\": \"yibao-claim/9\"}", "/format", "yibao-claim/1"},
    {"{" INS ", " VIS ", " LINES ", " LINES "}", "", "duplicate"},
};

START_TEST(refusals)
{
    yb_claim *c = NULL;
    yb_error err = {0};
    int rc = yb_claim_parse(&c, ts, bad[_i].claim, strlen(bad[_i].claim), "claim.json", &err);
    ck_assert_int_eq(rc, YB_ECLAIM);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(err.source, "claim.json");
    ck_assert_msg(!strcmp(err.path, bad[_i].path), "path %s, want %s", err.path, bad[_i].path);
    ck_assert_msg(strstr(err.text, bad[_i].text), "\"%s\" lacks \"%s\"", err.text, bad[_i].text);
    if (bad[_i].claim[0]) ck_assert_int_ge(err.line, 1);
}
END_TEST

/*
** A NUL byte anywhere in a claim is refused and named with its line and column: replacing
** each byte of a claim in turn, and inserting one before each — in strings, numbers,
** literals, whitespace, between tokens and after the value. Jansson alone would accept
** some of them: it drops a NUL right after a literal or a number ("null\0,").
*/
START_TEST(nul_anywhere)
{
    static const char claim[] =
        "{\"format\": \"yibao-claim/1\", \"id\": null,\n \"insured\": {\"region\": \"990100\", "
        "\"scheme\": \"employee\", \"age\": 40},\r\n\t\"visit\": {\"date\": \"2024-05-01\", "
        "\"setting\": \"inpatient\", \"admission\": 2}, \"lines\": [{\"amount\": 409.56, "
        "\"class\": \"A\", \"name\": \"\\u4e2d 药\\n\"}, {\"pric\": \"1.5\", \"cnt\": \"2\", "
        "\"class\": \"B\", \"selfpay_prop\": \"10%\"}], \"year_to_date\": {\"year\": 2024, "
        "\"fund_paid\": {\"basic\": \"1e2\"}}, \"account_balance\": -0.5e+1, \"x\": [true, false]} ";
    const size_t n = sizeof claim - 1;
    char text[sizeof claim + 1];
    for (size_t i = 0; i <= n; i++)
        for (int insert = 0; insert < 2; insert++) {
            if (!insert && i == n) continue;
            memcpy(text, claim, i);
            text[i] = '\0';
            memcpy(text + i + 1, claim + i + !insert, n - i - !insert);
            size_t len = n + insert;
            int line = 1, col = 1;
            for (size_t k = 0; k < i; k++) (claim[k] == '\n') ? (line++, col = 1) : col++;
            yb_claim *c = NULL;
            yb_error err = {0};
            ck_assert_int_eq(yb_claim_parse(&c, ts, text, len, "nul.json", &err), YB_ECLAIM);
            ck_assert_ptr_null(c);
            ck_assert_msg(strstr(err.text, "a NUL byte") && err.line == line && err.column == col,
                          "NUL %s at %zu: %d:%d %s", insert ? "inserted" : "replacing", i, err.line,
                          err.column, err.text);
        }
}
END_TEST

START_TEST(json_number_read_exactly)
{
    /* 409.56 as a JSON number would be 409.5599… as a double; it is read from its text. */
    const char *claim = "{" INS ", " VIS ", \"lines\": [{\"amount\": 409.56, \"class\": \"A\"},"
                        " {\"amount\": 0.1, \"class\": \"A\"}, {\"amount\": 3, \"class\": \"C\"}]}";
    yb_error err;
    json_t *r = settle(ts, claim, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(field(r, "setlinfo.medfee_sumamt"), "412.66");
    ck_assert_str_eq(field(r, "setlinfo.inscp_scp_amt"), "409.66");
    ck_assert_ptr_nonnull(strstr(field(r, "warnings.0"), "409.56"));
    json_decref(r);
}
END_TEST

START_TEST(place_and_codes)
{
    yb_error err;
    const char *local = "{" INS ", \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\","
                        " \"region\": \"990105\"}, \"lines\": [{\"amount\": \"100\", \"chrgitm_lv\": \"01\"}]}";
    json_t *r = settle(ts, local, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(field(r, "place"), "local"); /* a district of the insured pool */
    ck_assert_str_eq(field(r, "setlinfo.pay_loc"), "1");
    ck_assert_str_eq(field(r, "setlinfo.mdtrtarea_admvs"), "990100");
    json_decref(r);
    const char *inprov = "{" INS ", \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\","
                         " \"region\": \"邻市\"}, \"lines\": [{\"amount\": \"100\", \"chrgitm_lv\": \"3\"}]}";
    r = settle(ts, inprov, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(field(r, "place"), "in_province");
    ck_assert_str_eq(field(r, "setlinfo.pay_loc"), "3");
    ck_assert_str_eq(field(r, "setlinfo.fulamt_ownpay_amt"), "100.00"); /* chrgitm_lv 3 = 丙类 */
    json_decref(r);
    const char *cross = "{" INS ", \"visit\": {\"date\": \"2024-05-01\", \"setting\": \"inpatient\","
                        " \"region\": \"310000\"}, \"lines\": [{\"amount\": \"100\", \"class\": \"A\"}]}";
    r = settle(ts, cross, &err); /* a place of treatment with no table is fine */
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(field(r, "place"), "cross_province");
    ck_assert_str_eq(field(r, "setlinfo.pay_loc"), "4");
    ck_assert_str_eq(field(r, "tables.treated"), "(absent)");
    json_decref(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("claims");
    TCase *tc = tcase_create("Errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, refusals, 0, sizeof bad / sizeof bad[0]);
    tcase_add_test(tc, nul_anywhere);
    suite_add_tcase(s, tc);
    tc = tcase_create("Core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, json_number_read_exactly);
    tcase_add_test(tc, place_and_codes);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
