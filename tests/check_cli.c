/* SPDX-License-Identifier: MIT */
/*
** check_cli.c
** The `yibao` command as a user meets it (cli.md): exit codes, nothing on stdout when a
** command fails, errors as file:line:column: /json/pointer: message on stderr, no
** abbreviated options, and the slip, JSON and check outputs.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static char out[1 << 16], err[1 << 16];

/* Runs `yibao ARGS` (with stdin from `input` when given); returns the exit code. */
static int yibao(const char *args, const char *input)
{
    return run_yibao(args, input, out, sizeof out, err, sizeof err);
}

#define HAS(buf, s) ck_assert_msg(strstr(buf, s) != NULL, #buf " lacks \"%s\":\n%.3000s", s, buf)

START_TEST(usage_errors)
{
    ck_assert_int_eq(yibao("", NULL), 2);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yibao("frobnicate", NULL), 2);
    HAS(err, "unknown command 'frobnicate'");
    /* getopt_long would take --js for --json; a stable contract refuses abbreviations. */
    ck_assert_int_eq(yibao("estimate --js x.json", NULL), 2);
    HAS(err, "unknown option '--js'");
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yibao("estimate --lang", NULL), 2);
    HAS(err, "needs a value");
    ck_assert_int_eq(yibao("estimate --json=yes x.json", NULL), 2);
    ck_assert_int_eq(yibao("check", NULL), 2);
    ck_assert_int_eq(yibao("tables frob", NULL), 2);
}
END_TEST

START_TEST(help_and_version)
{
    ck_assert_int_eq(yibao("--version", NULL), 0);
    HAS(out, "yibao " YB_VERSION);
    HAS(out, "sha256:");
    ck_assert_int_eq(yibao("estimate --version", NULL), 0);
    HAS(out, "yibao " YB_VERSION);
    ck_assert_int_eq(yibao("--help", NULL), 0);
    HAS(out, "estimate");
    const char *cmds[] = {"estimate --help", "check --help", "tables --help"};
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(yibao(cmds[i], NULL), 0);
        HAS(out, "usage: yibao");
        HAS(out, "exit codes");
        ck_assert_str_eq(err, "");
    }
}
END_TEST

START_TEST(estimate_flags)
{
    /* The 宁波 published example: 80 元 at a community clinic, fund 60%: 48 / 32. */
    const char *a = "estimate --insured 宁波 --scheme resident --person student --tier A "
                    "--setting outpatient --level community --total 80 --date 2023-06-01";
    ck_assert_int_eq(yibao(a, NULL), 0);
    HAS(out, "48.00");
    HAS(out, "32.00");
    HAS(out, "统筹基金支付");
    char b[1024];
    snprintf(b, sizeof b, "%s --json", a);
    ck_assert_int_eq(yibao(b, NULL), 0);
    json_t *r = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(field(r, "setlinfo.hifp_pay"), "48.00");
    ck_assert_str_eq(field(r, "setlinfo.insuplc_admdvs"), "330200");
    json_decref(r);
    snprintf(b, sizeof b, "%s --lang en --explain", a);
    ck_assert_int_eq(yibao(b, NULL), 0);
    HAS(out, "basic fund");
    HAS(out, "parameter tables/330200-ningbo.json#/editions/0/schemes/resident/outpatient");
}
END_TEST

START_TEST(subset_equals_full_set)
{
    /* estimate opens only the tables a visit needs; the answer (digest included) must be
       byte-identical to settling against the whole set read from tables/. */
    static const char *claims[] = {
        "{\"insured\": {\"region\": \"北京\", \"scheme\": \"employee\", \"person\": \"in_service\"},"
        " \"visit\": {\"region\": \"上海\", \"date\": \"2024-09-01\", \"setting\": \"inpatient\", \"level\": \"3\"},"
        " \"lines\": [{\"amount\": \"60000\", \"class\": \"A\"}, {\"amount\": \"900\", \"class\": \"B\", \"selfpay_prop\": \"20%\"}]}",
        "{\"insured\": {\"region\": \"371300\", \"scheme\": \"employee\", \"person\": \"retired\", \"filing\": \"none\"},"
        " \"visit\": {\"region\": \"370100\", \"date\": \"2025-03-01\", \"setting\": \"inpatient\", \"level\": \"1\"},"
        " \"lines\": [{\"amount\": \"20000\", \"class\": \"A\"}]}"};
    char full[1 << 16];
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen("/tmp/yb_subset.json", "w");
        fputs(claims[i], f);
        fclose(f);
        ck_assert_int_eq(yibao("estimate --tables tables --json /tmp/yb_subset.json", NULL), 0);
        snprintf(full, sizeof full, "%s", out);
        ck_assert_int_eq(yibao("estimate --json /tmp/yb_subset.json", NULL), 0);
        ck_assert_str_eq(out, full);
    }
    unlink("/tmp/yb_subset.json");
}
END_TEST

START_TEST(estimate_errors)
{
    const char *bad = "{\n  \"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\"},\n"
                      "  \"visit\": {\"date\": \"2023-06-01\", \"setting\": \"outpatient\"},\n"
                      "  \"lines\": [{\"amount\": \"12.345\", \"class\": \"A\"}]\n}\n";
    ck_assert_int_eq(yibao("estimate -", bad), 4);
    ck_assert_str_eq(out, "");
    HAS(err, "yibao: <stdin>:4:24: /lines/0/amount: \"12.345\": more than 2 decimals");
    ck_assert_int_eq(yibao("estimate --insured 火星 --scheme resident --setting inpatient --total 1", NULL), 4);
    HAS(err, "未知地区「火星」"); /* in the slip's language: Chinese unless --lang en */
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yibao("estimate --tables /nonexistent --insured 宁波 --scheme resident "
                           "--setting inpatient --total 1", NULL), 3);
    ck_assert_str_eq(out, "");
    /* No edition in force: exit 3, naming the nearest edition and --lenient; --lenient uses
       the nearest edition and says so. */
    const char *old = "estimate --insured 宁波 --scheme resident --person student --tier A "
                      "--setting outpatient --level community --total 80 --date 2019-06-01";
    ck_assert_int_eq(yibao(old, NULL), 3);
    HAS(err, "宁波市（330200）在 2019-06-01 没有生效的政策版本；最近的版本自 2023-01-01 起施行至 2023-12-31");
    HAS(err, "no edition of 宁波市 (330200) is in force on 2019-06-01; the nearest edition runs "
             "from 2023-01-01 to 2023-12-31; add --lenient to use the nearest.");
    ck_assert_str_eq(out, "");
    char b[1024];
    snprintf(b, sizeof b, "%s --lenient", old);
    ck_assert_int_eq(yibao(b, NULL), 0);
    HAS(out, "lenient");
    ck_assert_int_eq(yibao("estimate /nonexistent.json", NULL), 4);
    HAS(err, "cannot read");
}
END_TEST

START_TEST(check_cases)
{
    ck_assert_int_eq(yibao("check tests/examples", NULL), 0);
    HAS(out, " 0 failed, 0 skipped\n");
    /* A case whose expectation is wrong fails, names the field, and exits 1. */
    const char *c = "{\"format\": \"yibao-case/1\", \"id\": \"wrong\", \"status\": \"pass\","
                    " \"source\": {\"title\": \"t\"}, \"table\": {\"ref\": \"330200\"},"
                    " \"visits\": [{\"claim\": {\"insured\": {\"region\": \"330200\", \"scheme\":"
                    " \"resident\", \"person\": \"student\", \"tier\": \"A\"}, \"visit\": {\"date\":"
                    " \"2023-06-01\", \"setting\": \"outpatient\", \"level\": \"community\"},"
                    " \"lines\": [{\"amount\": \"80\", \"class\": \"A\"}]},"
                    " \"expect\": {\"setlinfo.hifp_pay\": \"49.00\"}}]}";
    FILE *f = fopen("/tmp/yb_wrong_case.json", "w");
    fputs(c, f);
    fclose(f);
    ck_assert_int_eq(yibao("check /tmp/yb_wrong_case.json", NULL), 1);
    HAS(out, "FAIL  wrong");
    HAS(out, "setlinfo.hifp_pay: expected 49.00, got 48.00");
    HAS(out, "0 passed, 1 failed, 0 skipped");
    unlink("/tmp/yb_wrong_case.json");
}
END_TEST

START_TEST(tables_commands)
{
    ck_assert_int_eq(yibao("tables list", NULL), 0);
    HAS(out, "330200");
    ck_assert_int_eq(yibao("tables show 宁波 --date 2023-06-01", NULL), 0);
    HAS(out, "edition 2023-01-01..2023-12-31");
    ck_assert_int_eq(yibao("tables show 火星", NULL), 4);
    /* lint on a directory with a broken table: exit 3, located. */
    system("mkdir -p /tmp/yb_lint_bad && printf '{\\n \"format\": \"yibao-table/2\",\\n \"regoin\": 1\\n}\\n' "
           "> /tmp/yb_lint_bad/x.json");
    ck_assert_int_eq(yibao("tables lint /tmp/yb_lint_bad", NULL), 3);
    HAS(err, "/tmp/yb_lint_bad/x.json:3:12: /regoin: unknown key \"regoin\"");
    ck_assert_str_eq(out, "");
    system("rm -rf /tmp/yb_lint_bad");
    ck_assert_int_eq(yibao("tables lint tables", NULL), 0);
    HAS(out, "0 findings");
    /* Findings: a ratio that rises with the hospital level, a cap below the deductible. */
    system("rm -rf /tmp/yb_lint_f && mkdir /tmp/yb_lint_f && printf '%s' '"
           "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990100\", \"name\": \"x\"},"
           " \"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},"
           " \"editions\": [{\"from\": \"2020-01-01\", \"to\": null, \"sources\": [\"s\"], \"schemes\":"
           " {\"employee\": {\"inpatient\": {\"deductible\": \"1000\", \"cap\": \"800\", \"bands\":"
           " [{\"ratio\": {\"by\": \"level\", \"1\": \"80%\", \"3\": \"90%\"}}]}}}}]}' > /tmp/yb_lint_f/t.json");
    ck_assert_int_eq(yibao("tables lint /tmp/yb_lint_f", NULL), 1);
    HAS(out, "/editions/0/schemes/employee/inpatient/bands/0/ratio: the fund's ratio rises from level 1 to level 3");
    HAS(out, "/editions/0/schemes/employee/inpatient: cap 800.00 is below the deductible 1000.00");
    HAS(out, "2 findings");
    /* Coverage: that region has only employee inpatient rules, so it is not complete. */
    ck_assert_int_eq(yibao("tables coverage --tables /tmp/yb_lint_f --date 2025-06-01", NULL), 0);
    HAS(out, "990100  x               yes -   -   -   -        -   -   -   -   -        no");
    HAS(out, "0 of 1 regions complete on 2025-06-01");
    ck_assert_int_eq(yibao("tables coverage --tables /tmp/yb_lint_f --date 2019-12-31", NULL), 0);
    HAS(out, "990100  x               (no edition in force)");
    ck_assert_int_eq(yibao("tables coverage --tables /tmp/yb_lint_f --date 2025-02-30", NULL), 2);
    ck_assert_str_eq(out, "");
    system("rm -rf /tmp/yb_lint_f");
    /* 深圳 on 2025-06-01: both schemes, their layers and the contributions in force. */
    ck_assert_int_eq(yibao("tables coverage --date 2025-06-01", NULL), 0);
    HAS(out, "440300  深圳市          yes yes -   yes yes      yes yes -   yes yes      yes");
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

/* `yibao contrib` on the test table, 2025-06-01, as JSON: must succeed; the caller frees. */
static json_t *contrib_ok(const char *args)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "contrib --tables /tmp/yb_contrib --region 990100 %s --date 2025-06-01 --json", args);
    ck_assert_msg(yibao(cmd, NULL) == 0, "%s failed: %s", cmd, err);
    json_t *r = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(r);
    return r;
}

/*
** Contributions (claims.md § Contribution result), worked by hand on a table of our own:
** floor 4000, ceiling 20000, individual 2% + 3 元, employer 8.5%, account 100% of the own
** 2% in service and 150 a month retired; flexible 10%; residents 400 adult / 300 child, by
** tier for adults, subsidy 700. The retiree credit's source is unverified, so using it warns.
*/
START_TEST(contributions)
{
    system("rm -rf /tmp/yb_contrib && mkdir /tmp/yb_contrib");
    write_file("/tmp/yb_contrib/t.json",
        "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990100\", \"name\": \"试验市\"},"
        " \"sources\": {\"s\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", \"reliability\": \"official\"},"
        "  \"r\": {\"title\": \"rates\", \"doc_no\": \"X〔2025〕1号\", \"checked\": \"2026-11-25\", \"reliability\": \"third-party\"},"
        "  \"low\": {\"title\": \"aggregator\", \"url\": \"v\", \"checked\": \"2026-11-25\", \"reliability\": \"unverified\"}},"
        " \"editions\": [{\"from\": \"2025-01-01\", \"sources\": [\"s\"],"
        "  \"schemes\": {\"employee\": {\"inpatient\": {\"bands\": [{\"ratio\": \"80%\"}]}}},"
        "  \"contribution\": {"
        "   \"employee\": {\"individual_rate\": \"2%\","
        "    \"individual_fixed\": \"3\", \"employer_rate\": {\"value\": \"8.5%\", \"source\": \"r\"},"
        "    \"account\": {\"in_service\": {\"individual_share\": \"100%\"},"
        "                  \"retired\": {\"monthly\": \"150\", \"source\": \"low\"}}},"
        "   \"flexible\": {\"rate\": \"10%\"}}}],"
        " \"annual\": [{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"sources\": [\"s\"],"
        "   \"employee\": {\"base_floor\": \"4000\", \"base_ceiling\": \"20000\"},"
        "   \"flexible\": {\"base_floor\": \"4000\", \"base_ceiling\": \"20000\"},"
        "   \"resident\": {\"premium\": {\"by\": \"person\", \"child\": \"300\","
        "                 \"elderly\": {\"by\": \"age\", \"ranges\": [{\"to\": 70, \"value\": \"500\"}, {\"value\": \"450\"}]},"
        "                 \"default\": {\"by\": \"tier\", \"A\": \"400\", \"B\": \"600\"}}, \"subsidy\": \"700\"}}]}");
    /* 3333.33 is raised to the floor: 4000 × 2% + 3 = 83; employer 4000 × 8.5% = 340; account 80. */
    json_t *r = contrib_ok("--base 3333.33");
    ck_assert_str_eq(field(r, "base"), "4000.00");
    ck_assert_str_eq(field(r, "individual_monthly"), "83.00");
    ck_assert_str_eq(field(r, "employer_monthly"), "340.00");
    ck_assert_str_eq(field(r, "total_monthly"), "423.00");
    ck_assert_str_eq(field(r, "account_monthly"), "80.00");
    ck_assert_str_eq(field(r, "base_clamped"), "floor");
    ck_assert_str_eq(field(r, "trust.reliability"), "third-party");
    ck_assert_str_eq(field(r, "editions.annual"), "990100@2025-01-01..2025-12-31");
    /* The sources are the ones the values cite: the edition's, and the rates' own. */
    ck_assert_int_eq((int)json_array_size(json_object_get(r, "sources")), 2);
    ck_assert_str_eq(field(r, "sources.0"), "s");
    ck_assert_str_eq(field(r, "sources.1"), "r");
    ck_assert_int_eq((int)json_array_size(json_object_get(r, "warnings")), 0);
    json_decref(r);
    /* 12345.67: 246.9134 → 246.91 + 3 = 249.91; 1049.38195 → 1049.38; account 246.91. */
    r = contrib_ok("--base 12345.67");
    ck_assert_str_eq(field(r, "individual_monthly"), "249.91");
    ck_assert_str_eq(field(r, "employer_monthly"), "1049.38");
    ck_assert_str_eq(field(r, "total_monthly"), "1299.29");
    ck_assert_str_eq(field(r, "account_monthly"), "246.91");
    json_decref(r);
    /* Above the ceiling; a retiree pays nothing and gets the (unverified) monthly credit. */
    r = contrib_ok("--base 50000 --person retired");
    ck_assert_str_eq(field(r, "base"), "20000.00");
    ck_assert_str_eq(field(r, "individual_monthly"), "0.00");
    ck_assert_str_eq(field(r, "account_monthly"), "150.00");
    HAS(field(r, "warnings.0"), "unverified: t.json uses source \"low\"");
    json_decref(r);
    /* Flexible: 25000 → 20000 × 10% = 2000, no employer. */
    r = contrib_ok("--kind flexible --base 25000");
    ck_assert_str_eq(field(r, "individual_monthly"), "2000.00");
    ck_assert_str_eq(field(r, "employer_monthly"), "0.00");
    json_decref(r);
    /* Residents: by person, then by tier for adults. */
    r = contrib_ok("--kind resident --person child");
    ck_assert_str_eq(field(r, "individual_annual"), "300.00");
    ck_assert_str_eq(field(r, "subsidy_annual"), "700.00");
    json_decref(r);
    r = contrib_ok("--kind resident --person adult --tier B");
    ck_assert_str_eq(field(r, "individual_annual"), "600.00");
    json_decref(r);
    /* Elderly premiums by age (`to` exclusive): 69 → 500, 70 → 450; without an age, exit 3. */
    r = contrib_ok("--kind resident --person elderly --age 69");
    ck_assert_str_eq(field(r, "individual_annual"), "500.00");
    json_decref(r);
    r = contrib_ok("--kind resident --person elderly --age 70");
    ck_assert_str_eq(field(r, "individual_annual"), "450.00");
    json_decref(r);
    /* A premium by age without the age: the input is missing (exit 4), not the table. */
    ck_assert_int_eq(yibao("contrib --tables /tmp/yb_contrib --region 990100 --kind resident"
                           " --person elderly --date 2025-06-01", NULL), 4);
    HAS(err, "age");
    ck_assert_int_eq(yibao("contrib --tables /tmp/yb_contrib --region 990100 --kind resident"
                           " --person elderly --age sixty --date 2025-06-01", NULL), 2);
    /* No tier for an adult: the input lacks what the premium depends on (exit 4). */
    ck_assert_int_eq(yibao("contrib --tables /tmp/yb_contrib --region 990100 --kind resident"
                           " --person adult --date 2025-06-01", NULL), 4);
    ck_assert_str_eq(out, "");
    HAS(err, "tier");
    /* Before the edition: no edition in force (exit 3); a bad base is a usage or claim error. */
    ck_assert_int_eq(yibao("contrib --tables /tmp/yb_contrib --region 990100 --base 5000"
                           " --date 2024-06-01", NULL), 3);
    HAS(err, "no edition of 试验市 (990100) is in force on 2024-06-01");
    /* After the annual figures' period, the rates still hold but the base range does not:
       refused the same way, naming the nearest period; --lenient uses it and says so. */
    ck_assert_int_eq(yibao("contrib --tables /tmp/yb_contrib --region 990100 --base 5000"
                           " --date 2026-03-01", NULL), 3);
    HAS(err, "试验市 (990100) has no employee contribution figures for 2026-03-01; the nearest "
             "covers 2025-01-01 to 2025-12-31; add --lenient");
    HAS(err, "试验市（990100）尚未收录 2026-03-01 适用的职工缴费数据");
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yibao("contrib --tables /tmp/yb_contrib --region 990100 --base 5000"
                           " --date 2026-03-01 --lenient --json", NULL), 0);
    HAS(out, "\"base\": \"5000.00\"");
    HAS(out, "lenient");
    ck_assert_int_ne(yibao("contrib --tables /tmp/yb_contrib --region 990100 --base 5000.001"
                           " --date 2025-06-01", NULL), 0);
    ck_assert_str_eq(out, "");
    system("rm -rf /tmp/yb_contrib");
}
END_TEST

START_TEST(year_equals_chained_estimates)
{
    /* 宁波 residents, 2023: visits given out of order; year settles them by date, carrying the
       ledger; the same visits fed one by one to estimate, each with the previous
       year_to_date_after, must give identical setlinfo. */
    unsigned long long s = 0x7ea2ULL + (unsigned long long)_i;
    char visits[8192] = "";
    int n = 3 + (int)(s % 5);
    for (int i = 0; i < n; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        static const char *lv[] = {"community", "2", "3"};
        snprintf(visits + strlen(visits), sizeof visits - strlen(visits),
                 "%s{\"visit\": {\"date\": \"2023-%02d-%02d\", \"setting\": \"%s\", \"level\": \"%s\"},"
                 " \"lines\": [{\"amount\": \"%llu.%02llu\", \"class\": \"A\"}]}",
                 i ? ", " : "", 12 - (int)((s >> 8) % 12), 1 + (int)((s >> 16) % 28),
                 (s >> 24) % 2 ? "inpatient" : "outpatient", lv[(s >> 28) % 3],
                 (s >> 32) % 60000, (s >> 48) % 100);
    }
    char doc[9000];
    snprintf(doc, sizeof doc, "{\"insured\": {\"region\": \"330200\", \"scheme\": \"resident\","
             " \"person\": \"adult\", \"tier\": \"A\"}, \"visits\": [%s]}", visits);
    write_file("/tmp/yb_year.json", doc);
    ck_assert_int_eq(yibao("year /tmp/yb_year.json --json", NULL), 0);
    json_t *y = json_loads(out, 0, NULL), *results = json_object_get(y, "results");
    ck_assert_int_eq((int)json_array_size(results), n);
    /* Chain estimate in the order year used (by date). */
    json_t *d = json_loads(doc, 0, NULL), *vs = json_object_get(d, "visits"), *after = NULL;
    long long total = 0;
    int used[16] = {0};
    for (size_t i = 0; i < json_array_size(results); i++) {
        json_t *r = json_array_get(results, i);
        const char *date = field(r, "setlinfo.setl_time");
        json_t *v = NULL;
        /* Same-day visits keep file order: take the first one not used yet. */
        for (size_t k = 0; k < json_array_size(vs) && !v; k++)
            if (!used[k] && !strcmp(field(json_array_get(vs, k), "visit.date"), date))
                v = json_array_get(vs, k), used[k] = 1;
        ck_assert_ptr_nonnull(v);
        json_t *c = json_deep_copy(v);
        json_object_set(c, "insured", json_object_get(d, "insured"));
        if (after) json_object_set(c, "year_to_date", after);
        char *text = json_dumps(c, 0);
        write_file("/tmp/yb_claim.json", text);
        free(text);
        json_decref(c);
        ck_assert_int_eq(yibao("estimate /tmp/yb_claim.json --json", NULL), 0);
        json_t *e = json_loads(out, 0, NULL);
        ck_assert_msg(json_equal(json_object_get(e, "setlinfo"), json_object_get(r, "setlinfo")),
                      "visit %zu differs", i);
        json_decref(after);
        after = json_incref(json_object_get(e, "year_to_date_after"));
        total += fen(field(e, "setlinfo.psn_part_amt"));
        json_decref(e);
    }
    ck_assert_int_eq(total, fen(field(y, "totals.psn_part_amt")));
    ck_assert_msg(json_equal(after, json_object_get(y, "year_to_date_after")), "ledgers differ");
    json_decref(after);
    json_decref(d);
    json_decref(y);
    unlink("/tmp/yb_year.json");
    unlink("/tmp/yb_claim.json");
}
END_TEST

START_TEST(compare_filing_batch_contrib)
{
    const char *claim = "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\","
                        " \"tier\": \"A\"}, \"visit\": {\"region\": \"310000\", \"date\": \"2023-06-01\","
                        " \"setting\": \"inpatient\", \"level\": \"3\"}, \"lines\": [{\"amount\": \"10000\", \"class\": \"A\"}]}";
    write_file("/tmp/yb_trip.json", claim);
    /* 宁波 has no out-of-area rule of its own: national 22号 defaults. Deductible 1200, 70%:
       referral −10 → (10000 − 1200) × 60% = 5280; none −20 → 4400; long_term → 6160. */
    ck_assert_int_eq(yibao("compare /tmp/yb_trip.json --vary filing=none,referral,long_term --json", NULL), 0);
    json_t *r = json_loads(out, 0, NULL);
    ck_assert_str_eq(field(r, "variants.0.result.setlinfo.hifp_pay"), "4400.00");
    ck_assert_str_eq(field(r, "variants.1.result.setlinfo.hifp_pay"), "5280.00");
    ck_assert_str_eq(field(r, "variants.2.result.setlinfo.hifp_pay"), "6160.00");
    json_decref(r);
    ck_assert_int_eq(yibao("compare /tmp/yb_trip.json --vary filing=none,referral", NULL), 0);
    HAS(out, "-880.00"); /* the patient pays 880 less when filed */
    ck_assert_int_eq(yibao("compare /tmp/yb_trip.json --vary settlement=direct,manual --csv", NULL), 0);
    HAS(out, "variant,medfee_sumamt");
    HAS(out, "settlement=manual,10000.00");
    ck_assert_int_eq(yibao("compare /tmp/yb_trip.json", NULL), 2);
    ck_assert_int_eq(yibao("compare /tmp/yb_trip.json --vary level=9", NULL), 4);
    ck_assert_str_eq(out, "");
    /* filing */
    ck_assert_int_eq(yibao("filing --insured 宁波 --treated 310000 --reason referral --date 2023-06-01"
                           " --scheme resident --person adult --tier A --json", NULL), 0);
    r = json_loads(out, 0, NULL);
    ck_assert_str_eq(field(r, "place"), "cross_province");
    ck_assert_int_eq(json_is_true(json_object_get(r, "filing_needed")), 1);
    ck_assert_str_eq(field(r, "example.0.figures.hifp_pay"), "5280.00");
    ck_assert_str_eq(field(r, "example.1.figures.hifp_pay"), "4400.00");
    json_decref(r);
    ck_assert_int_eq(yibao("filing --insured 宁波 --treated 330203 --date 2023-06-01 --scheme resident"
                           " --person adult --tier A", NULL), 0);
    HAS(out, "无需备案");
    ck_assert_int_eq(yibao("filing --insured 宁波 --treated 310000 --reason emergency --date 2023-06-01"
                           " --scheme resident --person adult --tier A --lang en", NULL), 0);
    HAS(out, "treated as filed");
    ck_assert_int_eq(yibao("filing --insured 宁波", NULL), 2);
    /* batch: order kept, a bad line answered in place, exit 4, the rest settled. */
    char lines[8192];
    snprintf(lines, sizeof lines, "%s\n{\"oops\": true}\n\n%s\n", claim, claim);
    ck_assert_int_eq(yibao("batch --jobs 2", lines), 4);
    char *l1 = out, *l2 = strchr(l1, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
    static const char res[] = "{\"format\":\"yibao-result/1\"", bad[] = "{\"error\":{\"exit\":4";
    ck_assert_int_eq(strncmp(l1, res, strlen(res)), 0);
    ck_assert_int_eq(strncmp(l2, bad, strlen(bad)), 0);
    HAS(l2, "\"line\":2");
    ck_assert_int_eq(strncmp(l3, res, strlen(res)), 0);
    HAS(err, "<stdin>:2:");
    ck_assert_int_eq(yibao("batch --jobs 0", ""), 2);
    /* An empty input is no error and answers nothing. */
    ck_assert_int_eq(yibao("batch --jobs 2", ""), 0);
    ck_assert_str_eq(out, "");
    unlink("/tmp/yb_trip.json");
}
END_TEST

/* batch --summary: the totals are the sums of the per-line answers; hand-worked groups. */
START_TEST(batch_summary)
{
    /* Two trips of a 宁波 resident to 上海 unfiled (hifp 4400 each, hand-worked above), one
       visit at home (its figures are only summed here), and a bad line. */
    const char *trip = "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\","
                       " \"tier\": \"A\"}, \"visit\": {\"region\": \"310000\", \"date\": \"2023-06-01\","
                       " \"setting\": \"inpatient\", \"level\": \"3\"}, \"lines\": [{\"amount\": \"10000\", \"class\": \"A\"}]}";
    const char *home = "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\","
                       " \"tier\": \"A\"}, \"visit\": {\"date\": \"2023-06-01\", \"setting\": \"inpatient\","
                       " \"level\": \"3\"}, \"lines\": [{\"amount\": \"12345.67\", \"class\": \"A\"}]}";
    char lines[8192];
    snprintf(lines, sizeof lines, "%s\n%s\n{\"oops\": 1}\n%s\n", trip, home, trip);
    ck_assert_int_eq(yibao("batch --summary --format json --jobs 2", lines), 4); /* a bad line */
    json_t *r = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(field(r, "format"), "yibao-summary/1");
    ck_assert_int_eq(json_integer_value(json_object_get(r, "failed")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(r, "settled")), 3);
    json_t *g = json_object_get(r, "groups");
    ck_assert_int_eq(json_array_size(g), 2); /* cross_province and local, sorted by key */
    ck_assert_str_eq(field(r, "groups.0.place"), "cross_province");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(g, 0), "claims")), 2);
    ck_assert_str_eq(field(r, "groups.0.hifp_pay"), "8800.00");
    ck_assert_str_eq(field(r, "groups.0.medfee_sumamt"), "20000.00");
    ck_assert_str_eq(field(r, "groups.1.place"), "local");
    ck_assert_str_eq(field(r, "groups.1.medfee_sumamt"), "12345.67");
    HAS(err, "<stdin>:3:");
    /* The total equals the sum of the per-line answers of the same input. */
    long long total_hifp = fen(field(r, "total.hifp_pay")), total_cash = fen(field(r, "total.psn_cash_pay"));
    json_decref(r);
    ck_assert_int_eq(yibao("batch", lines), 4);
    long long hifp = 0, cash = 0;
    for (char *l = out; *l; l = strchr(l, '\n') + 1) {
        json_t *one = json_loads(l, JSON_DISABLE_EOF_CHECK, NULL);
        ck_assert_ptr_nonnull(one);
        if (json_object_get(one, "setlinfo")) {
            hifp += fen(field(one, "setlinfo.hifp_pay"));
            cash += fen(field(one, "setlinfo.psn_cash_pay"));
        }
        json_decref(one);
    }
    ck_assert_int_eq(total_hifp, hifp);
    ck_assert_int_eq(total_cash, cash);
    /* Text and CSV say the same totals; nonsense combinations are usage errors. */
    ck_assert_int_eq(yibao("batch --summary", lines), 4);
    HAS(out, "total");
    HAS(out, "3 settled, 1 refused");
    ck_assert_int_eq(yibao("batch --summary --format csv", lines), 4);
    HAS(out, "region,scheme,setting,place,level,claims,medfee_sumamt");
    HAS(out, "cross_province,3,2,20000.00");
    ck_assert_int_eq(yibao("batch --summary --explain", lines), 2);
    ck_assert_int_eq(yibao("batch --summary --format jsonl", lines), 2);
    ck_assert_int_eq(yibao("batch --format compact", lines), 4); /* compact: setlinfo, no lines */
    HAS(out, "\"setlinfo\"");
    ck_assert_ptr_null(strstr(out, "\"lines\""));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("Core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, help_and_version);
    tcase_add_test(tc, estimate_flags);
    tcase_add_test(tc, estimate_errors);
    tcase_add_test(tc, subset_equals_full_set);
    tcase_add_test(tc, check_cases);
    tcase_add_test(tc, tables_commands);
    tcase_add_loop_test(tc, year_equals_chained_estimates, 0, 12);
    tcase_add_test(tc, compare_filing_batch_contrib);
    tcase_add_test(tc, batch_summary);
    tcase_add_test(tc, contributions);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
