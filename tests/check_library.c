/* SPDX-License-Identifier: MIT */
/*
** check_library.c
** The library as a billing vendor uses it (issue 15): only the public header, each
** problem found by trying it reproduced and asserted fixed — typed reads agreeing with the
** JSON, a claim freed before its result is read, NULL arguments, a reused yb_error, the
** same code with and without an error report, no silent limits, versions checked,
** identifiers echoed. Run under ASan/UBSan and valgrind by tests/all.sh.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define NB "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\", " \
           "\"tier\": \"A\"}, \"visit\": {\"date\": \"2023-06-01\", \"setting\": \"inpatient\", " \
           "\"level\": \"3\"}, \"lines\": [{\"amount\": \"20000\", \"class\": \"A\", \"code\": \"X1\", " \
           "\"name\": \"手术费\"}, {\"amount\": \"500\", \"class\": \"C\"}]"

static yb_tables *ts;
static yb_engine *eng;

static void setup(void)
{
    yb_error err;
    ck_assert_int_eq(yb_tables_open(&ts, NULL, &err), 0);
    ck_assert_int_eq(yb_engine_new(&eng, ts, &err), 0);
}

static void teardown(void)
{
    yb_engine_free(eng);
    yb_tables_free(ts);
}

static yb_claim *parse(const char *text)
{
    yb_claim *c = NULL;
    yb_error err;
    ck_assert_msg(yb_claim_parse(&c, ts, text, strlen(text), "t", &err) == 0, "%s", err.text);
    return c;
}

/* 2. Typed reads agree with the JSON, field by field. */
START_TEST(typed_equals_json)
{
    yb_claim *c = parse(NB ", \"id\": \"v-7\"}");
    const yb_result *r;
    yb_error err;
    char *out = NULL;
    ck_assert_int_eq(yb_settle(&r, eng, c, NULL, &err), 0);
    ck_assert_int_eq(yb_result_json(&out, r, YB_JSON_COMPACT, &err), 0);
    json_t *j = json_loads(out, 0, NULL);
    for (int f = 0; f < YB_NFIELDS; f++) {
        const char *name = yb_field_name((yb_field)f);
        char path[80], want[40];
        long long v = yb_result_amount(r, (yb_field)f);
        snprintf(path, sizeof path, "%s%s", strchr(name, '.') ? "" : "setlinfo.", name);
        snprintf(want, sizeof want, "%lld.%02lld", v / 100, v % 100);
        ck_assert_msg(!strcmp(field(j, path), want), "%s: typed %s, JSON %s", path, want, field(j, path));
    }
    ck_assert_str_eq(field(j, "id"), "v-7");
    ck_assert_str_eq(yb_result_text(r, YB_T_ID), "v-7");
    ck_assert_str_eq(field(j, "lines.0.code"), "X1");
    ck_assert_str_eq(field(j, "lines.0.name"), "手术费");
    yb_line_split l;
    ck_assert_int_eq(yb_result_line(r, 0, &l), 0);
    ck_assert_str_eq(l.code, "X1");
    ck_assert_int_eq(yb_result_line(r, 2, &l), YB_EUSAGE);
    yb_fund_row row;
    ck_assert_int_eq(yb_result_row(r, 0, &row), 0);
    ck_assert_str_eq(row.fund_pay_type, "390100");
    ck_assert_str_eq(field(j, "setldetail.0.fund_pay_type"), "390100");
    ck_assert_int_eq((int)json_array_size(json_object_get(j, "setldetail")), (int)yb_result_nrows(r));
    /* explain is opt-in: absent by default, present with YB_JSON_EXPLAIN */
    ck_assert_ptr_null(json_object_get(j, "explain"));
    ck_assert_uint_gt(yb_result_nsteps(r), 0);
    json_decref(j);
    yb_free(out);
    ck_assert_int_eq(yb_result_json(&out, r, YB_JSON_EXPLAIN, &err), 0);
    j = json_loads(out, 0, NULL);
    ck_assert_int_eq((int)json_array_size(json_object_get(j, "explain")), (int)yb_result_nsteps(r));
    json_decref(j);
    yb_free(out);
    /* BRIEF: identifiers, setlinfo, setldetail only */
    ck_assert_int_eq(yb_result_json(&out, r, YB_JSON_BRIEF | YB_JSON_COMPACT, &err), 0);
    j = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(json_object_get(j, "setldetail"));
    ck_assert_ptr_null(json_object_get(j, "lines"));
    ck_assert_ptr_null(json_object_get(j, "trust"));
    json_decref(j);
    yb_free(out);
    yb_claim_free(c);
}
END_TEST

/* One engine, results of many regions, editions and places in turn: each result's JSON
   (compact, indented, with explain) is what a fresh engine prints for the same claim. The
   engine keeps the last trust block it wrote (calc/out/result.c); a stale one would show. */
START_TEST(one_engine_many_places)
{
    static const char *const ins[] = {"宁波", "上海", "北京", "深圳", "宁波", "宁波", "成都", "上海"};
    static const char *const at[] = {"宁波", "上海", "北京", "深圳", "上海", "宁波", "北京", "上海"};
    static const char *const day[] = {"2023-06-01", "2026-11-20", "2025-03-02", "2026-11-20"};
    static const unsigned fl[] = {YB_JSON_COMPACT, 0, YB_JSON_EXPLAIN | YB_JSON_COMPACT};
    int compared = 0;
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < sizeof ins / sizeof *ins; i++) {
            char text[1024];
            snprintf(text, sizeof text,
                     "{\"insured\": {\"region\": \"%s\", \"scheme\": \"employee\", \"person\": "
                     "\"in_service\", \"age\": 40}, \"visit\": {\"region\": \"%s\", \"date\": \"%s\", "
                     "\"setting\": \"inpatient\", \"level\": \"3\"}, \"lines\": [{\"amount\": \"%d\", "
                     "\"class\": \"A\"}]}",
                     ins[i], at[i], day[(i + round) % 4], 1000 + 997 * (int)i);
            yb_claim *c = NULL;
            yb_engine *fresh = NULL;
            const yb_result *r, *rf;
            yb_error err;
            ck_assert_msg(yb_claim_parse(&c, ts, text, strlen(text), "t", &err) == 0, "%s", err.text);
            int rc = yb_settle(&r, eng, c, NULL, &err);
            ck_assert_int_eq(yb_engine_new(&fresh, ts, &err), 0);
            ck_assert_int_eq(yb_settle(&rf, fresh, c, NULL, &err), rc);
            if (rc == 0) {
                unsigned f = fl[(i + round) % 3];
                char *a = NULL, *b = NULL;
                ck_assert_int_eq(yb_result_json(&a, r, f, &err), 0);
                ck_assert_int_eq(yb_result_json(&b, rf, f, &err), 0);
                size_t d = 0;
                while (a[d] && a[d] == b[d]) d++;
                ck_assert_msg(a[d] == b[d], "claim %zu round %d, from byte %zu:\n%.200s\n%.200s", i,
                              round, d, a + d, b + d);
                yb_free(a), yb_free(b);
                compared++;
            }
            yb_engine_free(fresh);
            yb_claim_free(c);
        }
    ck_assert_int_ge(compared, 18);
}
END_TEST

/* 3. Freeing the claim before reading its result is safe (the engine holds it). */
START_TEST(claim_freed_before_result)
{
    yb_claim *c = parse(NB "}");
    const yb_result *r;
    yb_error err;
    char *out = NULL;
    ck_assert_int_eq(yb_settle(&r, eng, c, NULL, &err), 0);
    yb_claim_free(c); /* used to leave the result pointing into freed memory */
    ck_assert_int_eq(yb_result_json(&out, r, YB_JSON_EXPLAIN, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "\"insuplc_admdvs\": \"330200\""));
    ck_assert_str_eq(yb_result_text(r, YB_T_LEVEL), "3");
    yb_free(out);
    /* the next settlement releases it (ASan and valgrind see any leak or misuse) */
    c = parse(NB "}");
    ck_assert_int_eq(yb_settle(&r, eng, c, NULL, &err), 0);
    yb_claim_free(c);
}
END_TEST

/* 4. NULL where a pointer is required: YB_EUSAGE, never a crash. */
START_TEST(null_arguments)
{
    yb_error err;
    char *out = NULL;
    const yb_result *r = NULL;
    yb_claim *c = NULL;
    yb_tables *t = NULL;
    yb_engine *e = NULL;
    ck_assert_int_eq(yb_estimate_json(NULL, eng, "{}", 2, NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_estimate_json(&out, NULL, "{}", 2, NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_estimate_json(&out, eng, NULL, 5, NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_settle(NULL, eng, NULL, NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_settle(&r, NULL, NULL, NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_claim_parse(NULL, ts, "{}", 2, "x", &err), YB_EUSAGE);
    ck_assert_int_eq(yb_claim_parse(&c, NULL, "{}", 2, "x", &err), YB_EUSAGE);
    ck_assert_int_eq(yb_result_json(&out, NULL, 0, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_engine_new(&e, NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_tables_open(NULL, NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_tables_open_texts(&t, 1, NULL, NULL, NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_contrib_json(NULL, eng, "宁波", "employee", "5000", NULL, NULL, -1,
                                     "2025-06-01", NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_year_json(NULL, eng, "{}", 2, NULL, NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_filing_json(&out, ts, NULL, "上海", NULL, "2025-06-01", NULL, &err), YB_EUSAGE);
    ck_assert_int_eq(yb_claim_set(NULL, ts, "visit.level", "3", &err), YB_EUSAGE);
    ck_assert_ptr_null(yb_tables_resolve(NULL, "宁波"));
    ck_assert_int_eq((int)yb_tables_count(NULL), 0);
    ck_assert_int_eq((int)yb_result_amount(NULL, YB_F_HIFP_PAY), 0);
    yb_claim_free(NULL);
    yb_engine_free(NULL);
    yb_tables_free(NULL);
    yb_free(NULL);
    ck_assert_str_eq(yb_strerror(YB_ENODATE), "no rules in force on the date (no edition, or no annual figures)");
    ck_assert_str_eq(yb_strerror(12345), "unknown error code");
}
END_TEST

/* 5. A reused yb_error never keeps an old error. */
START_TEST(reused_error)
{
    yb_error err;
    char *out = NULL;
    const char *bad1 = "{\"insured\": 1}", *bad2 = "[1";
    ck_assert_int_eq(yb_estimate_json(&out, eng, bad1, strlen(bad1), NULL, &err), YB_ECLAIM);
    ck_assert_str_eq(err.path, "/insured");
    ck_assert_int_eq(yb_estimate_json(&out, eng, bad2, strlen(bad2), NULL, &err), YB_ECLAIM);
    ck_assert_ptr_nonnull(strstr(err.text, "invalid JSON")); /* the second error, not the first */
    ck_assert_str_eq(err.path, "");
    const char *good = NB "}";
    ck_assert_int_eq(yb_estimate_json(&out, eng, good, strlen(good), NULL, &err), 0);
    ck_assert_int_eq(err.code, 0); /* used to keep -4 */
    ck_assert_str_eq(err.text, "");
    yb_free(out);
}
END_TEST

/* 6. The code is the same whether the caller passes an error report or NULL. */
START_TEST(code_without_report)
{
    yb_error err;
    yb_tables *t = NULL;
    const char *bad_table = "{\"format\": \"yibao-table/2\", \"region\": 5}", *name = "t.json";
    size_t len = strlen(bad_table);
    int with = yb_tables_open_texts(&t, 1, &bad_table, &len, &name, &err);
    int without = yb_tables_open_texts(&t, 1, &bad_table, &len, &name, NULL);
    ck_assert_int_eq(with, YB_ETABLE);
    ck_assert_int_eq(without, YB_ETABLE); /* used to be YB_ENOMEM */
    ck_assert_ptr_null(t);
    /* a selector with no case for the visit: YB_ECLAIM both ways */
    char *tb = table_with("employee", "\"inpatient\": {\"deductible\": {\"by\": \"level\", \"3\": \"9\"},"
                                      " \"bands\": [{\"ratio\": \"80%\"}]}", NULL);
    yb_tables *t2 = tables_of(tb);
    yb_engine *e2 = NULL;
    yb_claim *c = NULL;
    const yb_result *r;
    const char *claim = "{\"insured\": {\"region\": \"990100\", \"scheme\": \"employee\"}, \"visit\":"
                        " {\"date\": \"2024-01-01\", \"setting\": \"inpatient\", \"level\": \"2\"},"
                        " \"lines\": [{\"amount\": \"1\", \"class\": \"A\"}]}";
    ck_assert_int_eq(yb_engine_new(&e2, t2, NULL), 0);
    ck_assert_int_eq(yb_claim_parse(&c, t2, claim, strlen(claim), "c", NULL), 0);
    ck_assert_int_eq(yb_settle(&r, e2, c, NULL, &err), YB_ECLAIM);
    ck_assert_int_eq(yb_settle(&r, e2, c, NULL, NULL), YB_ECLAIM); /* used to be YB_EINTERNAL */
    /* a claim parsed against another table set is refused */
    ck_assert_int_eq(yb_settle(&r, eng, c, NULL, &err), YB_EUSAGE);
    yb_claim_free(c);
    yb_engine_free(e2);
    yb_tables_free(t2);
    free(tb);
}
END_TEST

/* 7. No silent limits: 20 matching adjustments all apply; 12 layers all pay; a long trace
      and many warnings are all kept. */
START_TEST(no_silent_limits)
{
    char adj[8192] = " \"adjustments\": [", layers[8192] = "";
    for (int i = 0; i < 20; i++)
        snprintf(adj + strlen(adj), sizeof adj - strlen(adj),
                 "%s{\"when\": {\"setting\": \"inpatient\"}, \"ratio_minus\": \"1%%\"}", i ? ", " : "");
    strcat(adj, "],");
    for (int i = 0; i < 12; i++)
        snprintf(layers + strlen(layers), sizeof layers - strlen(layers),
                 "%s{\"id\": \"l%d\", \"fund\": \"oth\", \"basis\": [\"copay\"], \"bands\": [{\"ratio\": \"10%%\"}]}",
                 i ? ", " : "", i);
    char body[16384];
    snprintf(body, sizeof body, "\"inpatient\": {\"bands\": [{\"ratio\": \"80%%\"}]}, \"layers\": [%s]", layers);
    char *tb = table_with("employee", body, adj);
    yb_tables *t2 = tables_of(tb);
    yb_error err;
    json_t *r = settle(t2, "{\"insured\": {\"region\": \"990100\", \"scheme\": \"employee\"}, \"visit\":"
                           " {\"date\": \"2024-01-01\", \"setting\": \"inpatient\"}, \"lines\":"
                           " [{\"amount\": \"10000\", \"class\": \"A\"}]}", &err);
    ck_assert_msg(r != NULL, "%s", err.text);
    /* 80% − 20 × 1 point = 60%: the fund pays 6000 (with the old cap of 16 rules, 6400) */
    ck_assert_str_eq(field(r, "setlinfo.hifp_pay"), "6000.00");
    /* copay 4000; each of the 12 layers pays 10% of what is left: 4000 × (1 − 0.9^12) */
    ck_assert_int_eq((int)json_array_size(json_object_get(r, "setldetail")), 13);
    ck_assert_uint_gt(json_array_size(json_object_get(r, "explain")), 12);
    ck_assert_str_eq(field(r, "setlinfo.medfee_sumamt"), "10000.00");
    json_decref(r);
    yb_tables_free(t2);
    free(tb);
}
END_TEST

/* 8. Options' versions are checked; a ledger from a later year is refused; a missing age
      is the claim's error; YIBAO_TABLES is honoured by yb_tables_open(NULL). */
START_TEST(versions_ledger_age_env)
{
    yb_error err;
    char *out = NULL;
    const char *good = NB "}";
    yb_options bad = {99, 1, 0};
    ck_assert_int_eq(yb_estimate_json(&out, eng, good, strlen(good), &bad, &err), YB_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.text, "yb_options version 99"));
    yb_options v1 = {1, 0, 0}; /* a caller built against version 1 still works */
    ck_assert_int_eq(yb_estimate_json(&out, eng, good, strlen(good), &v1, &err), 0);
    yb_free(out);
    const char *later = NB ", \"year_to_date\": {\"year\": 2024}}";
    ck_assert_int_eq(yb_estimate_json(&out, eng, later, strlen(later), NULL, &err), YB_ECLAIM);
    ck_assert_str_eq(err.path, "/year_to_date/year");
    /* 上海's resident premiums depend on age: without one, the claim's field is named */
    ck_assert_int_eq(yb_contrib_json(&out, eng, "上海", "resident", NULL, "elderly", NULL, -1,
                                     "2025-06-01", NULL, &err), YB_ECLAIM);
    ck_assert_str_eq(err.path, "/insured/age");
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/yb_lib_env_%d", (int)getpid());
    char cmd[256];
    snprintf(cmd, sizeof cmd, "mkdir -p %s && cp %s/tables/national.json %s/", dir, getenv("YIBAO_SRC"), dir);
    ck_assert_int_eq(system(cmd), 0);
    setenv("YIBAO_TABLES", dir, 1);
    yb_tables *t = NULL;
    ck_assert_int_eq(yb_tables_open(&t, NULL, &err), 0);
    ck_assert_int_eq((int)yb_tables_count(t), 0); /* only national.json: the directory's */
    yb_tables_free(t);
    unsetenv("YIBAO_TABLES");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("library");
    TCase *tc = tcase_create("Core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, typed_equals_json);
    tcase_add_test(tc, claim_freed_before_result);
    tcase_add_test(tc, one_engine_many_places);
    tcase_add_test(tc, null_arguments);
    tcase_add_test(tc, reused_error);
    tcase_add_test(tc, code_without_report);
    tcase_add_test(tc, no_silent_limits);
    tcase_add_test(tc, versions_ledger_age_env);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
