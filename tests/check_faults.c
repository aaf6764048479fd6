/* SPDX-License-Identifier: MIT */
/*
** check_faults.c
** A bad day, on purpose: the defects found by probing (issue 20), one test each, so none
** comes back. Lost or wrong output, internal errors on valid-looking input, hangs, loops
** and round-trips — each run through the real command, in the release build and under
** the sanitizers (tests/all.sh).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static char out[1 << 20], err[1 << 16];
static char dir[64];

static int yibao(const char *args, const char *input)
{
    return run_yibao(args, input, out, sizeof out, err, sizeof err);
}

/* Runs a shell line in the source tree, $Y the yibao binary and $D the test's scratch
   directory; returns the exit code. */
static int sh(const char *line)
{
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cd '%s' && Y='%s' && D='%s' && %s", getenv("YIBAO_SRC"),
             getenv("YIBAO_BIN"), dir, line);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#define HAS(buf, s) ck_assert_msg(strstr(buf, s) != NULL, #buf " lacks \"%s\":\n%.3000s", s, buf)

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/yb_faults_%d", (int)getpid());
    char c[256];
    snprintf(c, sizeof c, "rm -rf %s && mkdir -p %s", dir, dir);
    ck_assert_int_eq(system(c), 0);
}

static void teardown(void)
{
    char c[256];
    snprintf(c, sizeof c, "rm -rf %s", dir);
    ck_assert_int_eq(system(c), 0);
}

#define GOOD "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\", " \
             "\"tier\": \"A\"}, \"visit\": {\"date\": \"2023-06-01\", \"setting\": \"outpatient\", " \
             "\"level\": \"community\"}, \"lines\": [{\"amount\": \"100\", \"class\": \"A\"}]}"

/* 1. A NUL byte in a batch line is a bad line of its own; no earlier result is lost. */
START_TEST(batch_nul_byte)
{
    char p[256];
    snprintf(p, sizeof p, "%s/in.jsonl", dir);
    FILE *f = fopen(p, "wb");
    fputs(GOOD "\n" GOOD "\n", f);
    fwrite("{\"a\":1}\0xxxxxxxx\n", 1, 17, f);
    fputs(GOOD "\n", f);
    fclose(f);
    char args[512];
    snprintf(args, sizeof args, "batch --jobs 2 %s", p);
    ck_assert_int_eq(yibao(args, NULL), 4);
    int lines = 0;
    for (char *s = out; (s = strchr(s, '\n')) != NULL; s++) lines++;
    ck_assert_int_eq(lines, 4);
    HAS(out, "{\"error\":{\"exit\":4,\"code\":-4,\"line\":3,\"column\":8,");
    HAS(out, "a NUL byte in the claim text");
    /* A long line that starts with a NUL, after good ones: every good line answered. */
    ck_assert_int_eq(sh("(for i in 1 2 3; do echo '" GOOD "'; done; printf '{\\0%2000000s\\n' '') "
                        "| \"$Y\" batch > $D/o.jsonl 2>/dev/null; test $? = 4"), 0);
    snprintf(p, sizeof p, "grep -c hifp_pay %s/o.jsonl | grep -qx 3", dir);
    ck_assert_int_eq(system(p), 0);
}
END_TEST

/* 2. A failed write is an error (exit 6), for every command. */
START_TEST(write_errors)
{
    static const char *const cmds[] = {
        "--version", "--help", "estimate --help", "tables list", "tables show 宁波",
        "estimate --insured 宁波 --scheme resident --person adult --tier A --setting outpatient "
        "--level community --total 100 --date 2023-06-01",
        "estimate --json --insured 宁波 --scheme resident --person adult --tier A --setting "
        "outpatient --level community --total 100 --date 2023-06-01",
        "filing --insured 宁波 --treated 上海 --scheme resident --tier A --date 2023-06-01",
        "contrib --region 深圳 --base 10000 --date 2025-06-01",
        "check tests/examples/hlj-2020-employee-inpatient.json", NULL};
    for (const char *const *c = cmds; *c; c++) {
        char line[1024];
        snprintf(line, sizeof line, "\"$Y\" %s > /dev/full 2>/dev/null; test $? = 6", *c);
        ck_assert_msg(sh(line) == 0, "%s > /dev/full", *c);
        snprintf(line, sizeof line, "\"$Y\" %s >&- 2>/dev/null; test $? = 6", *c);
        ck_assert_msg(sh(line) == 0, "%s >&-", *c);
    }
    /* batch: plain, CSV, two workers; the message says how far it got. */
    ck_assert_int_eq(sh("echo '" GOOD "' | \"$Y\" batch > /dev/full 2>$D/e; test $? = 6"), 0);
    ck_assert_int_eq(sh("echo '" GOOD "' | \"$Y\" batch --csv --jobs 2 > /dev/full 2>$D/e; test $? = 6"), 0);
    ck_assert_int_eq(sh("grep -q 'results were written' $D/e"), 0);
}
END_TEST

/* 3. Year totals cannot overflow: 9300 visits of ten lines of 999999999999.99. */
START_TEST(year_totals_do_not_overflow)
{
    char p[256];
    snprintf(p, sizeof p, "%s/year.json", dir);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\", "
          "\"tier\": \"A\"}, \"visits\": [", f);
    for (int i = 0; i < 9300; i++) {
        fprintf(f, "%s{\"visit\": {\"date\": \"2023-%02d-%02d\", \"setting\": \"outpatient\", "
                   "\"level\": \"community\"}, \"lines\": [", i ? "," : "", 1 + i % 12, 1 + i % 28);
        for (int k = 0; k < 10; k++)
            fprintf(f, "%s{\"amount\": \"999999999999.99\", \"class\": \"C\"}", k ? "," : "");
        fputs("]}", f);
    }
    fputs("]}", f);
    fclose(f);
    /* 999999999999.99 × 93000 = 92999999999999070.00, exactly (past int64's 9.2 × 10^16
       yuan); the output is large, so it is searched on disk */
    ck_assert_int_eq(sh("\"$Y\" year --json $D/year.json > $D/out.json && "
                        "tail -40 $D/out.json | grep -q '\"medfee_sumamt\": \"92999999999999070.00\"'"), 0);
}
END_TEST

/* 4. An over-limit amount with three decimals is refused, not rounded. */
START_TEST(over_limit_decimals)
{
    ck_assert_int_eq(yibao("estimate --insured 宁波 --scheme resident --person adult --tier A "
                           "--setting outpatient --level community --total 100 --over-limit "
                           "100.123 --date 2023-06-01", NULL), 2);
    ck_assert_str_eq(out, "");
    HAS(err, "at most 2 decimals");
}
END_TEST

/* 5. filing prints nothing for invalid input. */
START_TEST(filing_refuses_invalid_input)
{
    ck_assert_int_eq(yibao("filing --insured 宁波 --treated 上海 --date 1990-01-01", NULL), 3);
    ck_assert_str_eq(out, "");
    HAS(err, "no edition of 全国 (000000) is in force on 1990-01-01");
    ck_assert_int_eq(yibao("filing --insured 宁波 --treated 上海 --scheme resident --tier A "
                           "--total abc --date 2023-06-01", NULL), 4);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yibao("filing --insured 宁波 --treated 上海 --scheme alien --date 2023-06-01",
                           NULL), 4);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yibao("filing --insured 宁波 --treated 上海 extra", NULL), 2);
    ck_assert_int_eq(yibao("filing --insured 宁波 --treated 上海 --lang xx", NULL), 2);
}
END_TEST

#define SRC(id) "\"" id "\": {\"title\": \"t\", \"url\": \"u\", \"checked\": \"2026-11-25\", " \
                "\"reliability\": \"official\"}"
#define BANDS "\"bands\": [{\"ratio\": \"80%\"}]"
#define BANDS_FMT "\"bands\": [{\"ratio\": \"80%%\"}]" /* the same, inside a format */

/* 6. The place of treatment's catalogue is the one in force on the visit's date. */
START_TEST(catalogue_honours_the_date)
{
    char p[256];
    snprintf(p, sizeof p, "%s/a.json", dir);
    write_file(p, "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990100\", \"name\": \"甲市\"},"
                  " \"sources\": {" SRC("s") "}, \"editions\": [{\"from\": \"2020-01-01\", \"sources\": [\"s\"],"
                  " \"schemes\": {\"resident\": {\"inpatient\": {" BANDS "}}}}]}");
    snprintf(p, sizeof p, "%s/b.json", dir);
    write_file(p, "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"980100\", \"name\": \"乙市\"},"
                  " \"sources\": {" SRC("s") "}, \"editions\": [{\"from\": \"2025-01-01\", \"sources\": [\"s\"],"
                  " \"catalog\": {\"class_b_selfpay\": \"10%\"}}]}");
    static const char claim[] = "{\"insured\": {\"region\": \"990100\", \"scheme\": \"resident\"}, \"visit\": "
                        "{\"region\": \"980100\", \"date\": \"%s\", \"setting\": \"inpatient\"}, \"lines\": [{\"amount\": \"1000\", \"class\": \"B\"}]}";
    char c[1024], args[512];
    snprintf(c, sizeof c, claim, "2025-06-01");
    snprintf(args, sizeof args, "estimate --json --tables %s -", dir);
    ck_assert_int_eq(yibao(args, c), 0);
    HAS(out, "\"preselfpay_amt\": \"100.00\"");
    HAS(out, "\"treated\": \"980100@2025-01-01\"");
    snprintf(c, sizeof c, claim, "2023-06-01"); /* the 2025 catalogue did not exist yet */
    ck_assert_int_eq(yibao(args, c), 4);
    HAS(err, "no table that applies publishes a catalogue default");
}
END_TEST

/* 7. A typo in a `when` value is refused at load, with its place. */
START_TEST(when_typos_are_refused)
{
    static const struct { const char *when, *msg; } t[] = {
        {"{\"place\": \"cross_provice\"}", "unknown place \"cross_provice\""},
        {"{\"filing\": [\"none\", \"referal\"]}", "unknown filing \"referal\""},
        {"{\"setting\": \"inpatent\"}", "unknown setting \"inpatent\""},
        {"{\"group\": \"low_incme\"}", "unknown group \"low_incme\""},
        {"{\"person\": \"retird\"}", "unknown person \"retird\""},
    };
    char p[256], doc[2048], args[300];
    snprintf(p, sizeof p, "%s/t.json", dir);
    snprintf(args, sizeof args, "tables lint %s", dir);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        snprintf(doc, sizeof doc,
                 "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990100\", \"name\": \"x\"},"
                 " \"sources\": {" SRC("s") "}, \"editions\": [{\"from\": \"2020-01-01\", \"sources\": [\"s\"],"
                 " \"schemes\": {\"resident\": {\"inpatient\": {" BANDS_FMT "}}},"
                 " \"adjustments\": [{\"when\": %s, \"ratio_minus\": \"10%%\"}]}]}", t[i].when);
        write_file(p, doc);
        ck_assert_int_eq(yibao(args, NULL), 3);
        HAS(err, t[i].msg);
        HAS(err, "/editions/0/adjustments/0/when/");
    }
    /* A region's own person name is fine when a selector of the table uses it. */
    write_file(p, "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990100\", \"name\": \"x\"},"
                  " \"sources\": {" SRC("s") "}, \"editions\": [{\"from\": \"2020-01-01\", \"sources\": [\"s\"],"
                  " \"schemes\": {\"employee\": {\"inpatient\": {\"deductible\": {\"by\": \"person\","
                  " \"retired_pre2001\": \"700\", \"default\": \"1500\"}, " BANDS "}}},"
                  " \"adjustments\": [{\"when\": {\"person\": \"retired_pre2001\"}, \"ratio_plus\": \"5%\"}]}]}");
    ck_assert_int_eq(yibao(args, NULL), 0);
}
END_TEST

#define ONE_VISIT(lines) "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", " \
    "\"person\": \"adult\", \"tier\": \"A\"}, \"visit\": {\"date\": \"2023-06-01\", " \
    "\"setting\": \"inpatient\", \"level\": \"3\"}, \"lines\": [" lines "]}"

/* 8. A priced line above 10^13 yuan is a claim error at its line, not an internal error. */
START_TEST(huge_priced_line)
{
    ck_assert_int_eq(yibao("estimate -", ONE_VISIT("{\"pric\": \"999999999999.999999\", "
                                                   "\"cnt\": \"1000000\", \"class\": \"A\"}")), 4);
    HAS(err, "/lines/0: pric × cnt is above 10 trillion yuan");
    HAS(err, "<stdin>:1:");
}
END_TEST

/* 9. Limits a table cannot meet are refused at load: 33 bands, a band ending at 0, 17
      layers; 12 layers settle (their rows are not capped). */
START_TEST(table_limits_at_load)
{
    char p[256], args[300], doc[16384], bands[4096] = "", layers[8192] = "";
    snprintf(p, sizeof p, "%s/t.json", dir);
    snprintf(args, sizeof args, "tables lint %s", dir);
    for (int i = 0; i < 32; i++)
        snprintf(bands + strlen(bands), sizeof bands - strlen(bands),
                 "{\"to\": \"%d\", \"ratio\": \"50%%\"}, ", (i + 1) * 100);
    strcat(bands, "{\"ratio\": \"50%\"}");
    snprintf(doc, sizeof doc, "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990100\", \"name\": \"x\"},"
             " \"sources\": {" SRC("s") "}, \"editions\": [{\"from\": \"2020-01-01\", \"sources\": [\"s\"],"
             " \"schemes\": {\"resident\": {\"inpatient\": {\"bands\": [%s]}}}}]}", bands);
    write_file(p, doc);
    ck_assert_int_eq(yibao(args, NULL), 3);
    HAS(err, "33 bands: at most 32");
    write_file(p, "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990100\", \"name\": \"x\"},"
                  " \"sources\": {" SRC("s") "}, \"editions\": [{\"from\": \"2020-01-01\", \"sources\": [\"s\"],"
                  " \"schemes\": {\"resident\": {\"inpatient\": {\"bands\": [{\"to\": \"0\", \"ratio\": \"50%\"},"
                  " {\"ratio\": \"60%\"}]}}}}]}");
    ck_assert_int_eq(yibao(args, NULL), 3);
    HAS(err, "a band's \"to\" must be above 0");
    for (int n = 12; n <= 17; n += 5) {
        layers[0] = '\0';
        for (int i = 0; i < n; i++)
            snprintf(layers + strlen(layers), sizeof layers - strlen(layers),
                     "%s{\"id\": \"l%d\", \"fund\": \"oth\", \"basis\": [\"copay\"], \"bands\": [{\"ratio\": \"1%%\"}]}",
                     i ? ", " : "", i);
        snprintf(doc, sizeof doc, "{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990100\", \"name\": \"x\"},"
                 " \"sources\": {" SRC("s") "}, \"editions\": [{\"from\": \"2020-01-01\", \"sources\": [\"s\"],"
                 " \"schemes\": {\"resident\": {\"inpatient\": {" BANDS_FMT "}, \"layers\": [%s]}}}]}", layers);
        write_file(p, doc);
        if (n == 17) {
            ck_assert_int_eq(yibao(args, NULL), 3);
            HAS(err, "17 layers: at most 16");
            continue;
        }
        char e[512];
        snprintf(e, sizeof e, "estimate --json --tables %s -", dir);
        ck_assert_int_eq(yibao(e, "{\"insured\": {\"region\": \"990100\", \"scheme\": \"resident\"}, "
                                  "\"visit\": {\"date\": \"2023-06-01\", \"setting\": \"inpatient\"}, "
                                  "\"lines\": [{\"amount\": \"10000\", \"class\": \"A\"}]}"), 0);
        /* 2000 copay; each layer pays 1% of what is left: 20.00, 19.80, 19.60 … all 12 rows */
        HAS(out, "\"oth_pay\": ");
        ck_assert_int_eq((int)(strstr(out, "\"fund_pay_type\": \"999997\"") != NULL), 1);
        int rows = 0;
        for (char *s = out; (s = strstr(s, "\"fund_pay_type\"")) != NULL; s++) rows++;
        ck_assert_int_eq(rows, 13);
    }
}
END_TEST

/* 10. Worker threads that cannot start lose nothing (not under the sanitizers, which need
       the address space ulimit -v takes away). */
START_TEST(batch_threads_that_fail_to_start)
{
    if (getenv("YIBAO_SANITIZED")) return;
    ck_assert_int_eq(sh("(for i in $(seq 20); do echo '" GOOD "'; done) | (ulimit -v 300000; "
                        "\"$Y\" batch --jobs 64) > $D/o 2>/dev/null; test $? = 0"), 0);
    ck_assert_int_eq(sh("test $(grep -c '\"hifp_pay\": *\"60.00\"' $D/o) = 20"), 0);
}
END_TEST

/* 11, 14, smaller: check refuses an empty directory and an empty expect, and does not
   follow a link back to its own directory. */
START_TEST(check_directories)
{
    char args[512];
    snprintf(args, sizeof args, "check %s", dir);
    ck_assert_int_eq(yibao(args, NULL), 1);
    HAS(err, "no case (*.json) in this directory");
    HAS(out, "0 passed, 1 failed");
    ck_assert_int_eq(sh("cp tests/examples/hlj-2020-employee-inpatient.json $D/ && ln -s . $D/self"), 0);
    ck_assert_int_eq(sh("ln -s . $D/again"), 0);
    ck_assert_int_eq(yibao(args, NULL), 0);
    HAS(out, "1 passed, 0 failed, 0 skipped");
    ck_assert_int_eq(sh("python3 -c \"import json,sys; c=json.load(open('tests/examples/"
                        "hlj-2020-employee-inpatient.json')); c['visits'][0]['expect']={}; "
                        "json.dump(c, open(sys.argv[1],'w'))\" $D/empty-expect.json"), 0);
    ck_assert_int_eq(yibao(args, NULL), 1);
    HAS(out, "\"expect\" is empty");
}
END_TEST

/* 13. A FIFO named like a table is refused at once, not read forever. */
START_TEST(fifo_in_table_dir)
{
    ck_assert_int_eq(sh("cp tables/national.json $D/ && mkfifo $D/x.json"), 0);
    char args[300];
    snprintf(args, sizeof args, "tables lint %s", dir);
    ck_assert_int_eq(yibao(args, NULL), 3);
    HAS(err, "x.json: cannot read the table: not a regular file");
}
END_TEST

/* 15. lint is near-linear in editions: 2760 editions finish (it was cubic: 2000 took 2 s,
       10 000 did not finish in minutes). */
START_TEST(lint_many_editions)
{
    char p[256];
    snprintf(p, sizeof p, "%s/t.json", dir);
    FILE *f = fopen(p, "w");
    fputs("{\"format\": \"yibao-table/2\", \"region\": {\"code\": \"990100\", \"name\": \"x\"},"
          " \"sources\": {" SRC("s") "}, \"editions\": [", f);
    for (int i = 0; i < 2760; i++) /* every month of 1970–2199, the dates a table may use */
        fprintf(f, "%s{\"from\": \"%04d-%02d-01\", \"sources\": [\"s\"]}", i ? ", " : "",
                1970 + i / 12, 1 + i % 12);
    fputs("]}", f);
    fclose(f);
    char args[300];
    snprintf(args, sizeof args, "tables lint %s", dir);
    ck_assert_int_eq(yibao(args, NULL), 0);
    HAS(out, "1 tables, 0 findings");
}
END_TEST

/* 16. The ledger round-trips: what a result writes, the next claim accepts. */
START_TEST(ledger_round_trip)
{
    char c[2048];
    /* a visit just under 10^13 yuan: its axis has 13 integer digits */
    ck_assert_int_eq(yibao("estimate --json -", ONE_VISIT("{\"amount\": \"999999999999.99\", \"class\": "
                                                          "\"A\"}, {\"amount\": \"999999999999.99\", "
                                                          "\"class\": \"A\"}")), 0);
    char *axis = strstr(out, "\"axis\": {");
    ck_assert_ptr_nonnull(axis);
    HAS(axis, "\"basic\": \"1999999999999.98\"");
    snprintf(c, sizeof c, "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": "
             "\"adult\", \"tier\": \"A\"}, \"visit\": {\"date\": \"2023-07-01\", \"setting\": "
             "\"inpatient\", \"level\": \"3\"}, \"lines\": [{\"amount\": \"100\", \"class\": \"A\"}], "
             "\"year_to_date\": {\"year\": 2023, \"admissions\": 366, \"axis\": {\"basic\": "
             "\"1999999999999.98\"}}}");
    ck_assert_int_eq(yibao("estimate --json -", c), 0);
    HAS(out, "\"admissions\": 367");
    /* and the 367th admission's ledger is read back */
    char *p = strstr(c, "366");
    memcpy(p, "367", 3);
    ck_assert_int_eq(yibao("estimate --json -", c), 0);
    HAS(out, "\"admissions\": 368");
}
END_TEST

/* 17. year and compare read the user's text: numbers keep their digits, errors their place;
       a per-visit insured is refused; batch --csv quotes its error rows. */
START_TEST(user_text_not_reserialised)
{
    char p[256], args[512];
    snprintf(p, sizeof p, "%s/y.json", dir);
    write_file(p, "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\", \"tier\": \"A\"},\n"
                  " \"visits\": [{\"visit\": {\"date\": \"2023-06-01\", \"setting\": \"outpatient\", \"level\": \"community\"},\n"
                  "              \"lines\": [{\"amount\": 0.1, \"class\": \"A\"}]}]}\n");
    snprintf(args, sizeof args, "year --json %s", p);
    ck_assert_int_eq(yibao(args, NULL), 0);
    HAS(out, "\"medfee_sumamt\": \"0.10\"");
    HAS(out, "/visits/0/lines/0/amount: the JSON number 0.1 was read as the amount \\\"0.1\\\"");
    write_file(p, "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\", \"tier\": \"A\"},\n"
                  " \"visits\": [{\"visit\": {\"date\": \"2023-06-01\", \"setting\": \"outpatient\"},\n"
                  "              \"lines\": [{\"amount\": \"1,000\", \"class\": \"A\"}]}]}\n");
    ck_assert_int_eq(yibao(args, NULL), 4);
    HAS(err, "y.json:3:36: /visits/0/lines/0/amount: \"1,000\"");
    write_file(p, "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\"},\n"
                  " \"visits\": [{\"insured\": {\"region\": \"上海\"}, \"visit\": {\"date\": \"2023-06-01\","
                  " \"setting\": \"outpatient\"}, \"lines\": []}]}\n");
    ck_assert_int_eq(yibao(args, NULL), 4);
    HAS(err, "/visits/0/insured: \"insured\" does not belong in a visit");
    /* compare: the JSON number stays 0.1; an array is refused at its place */
    snprintf(p, sizeof p, "%s/c.json", dir);
    write_file(p, ONE_VISIT("{\"amount\": 0.1, \"class\": \"A\"}"));
    snprintf(args, sizeof args, "compare --json %s --vary level=2,3", p);
    ck_assert_int_eq(yibao(args, NULL), 0);
    HAS(out, "\"medfee_sumamt\":\"0.10\"");
    write_file(p, "[1, 2]");
    ck_assert_int_eq(yibao(args, NULL), 4);
    HAS(err, "c.json:1:1: expected a claim object");
    ck_assert_int_eq(yibao("batch --csv", "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\"}, "
                                          "\"visit\": {\"date\": \"2023-06-01\", \"setting\": \"outpatient\"}, "
                                          "\"lines\": [{\"amount\": \"1,000\", \"class\": \"A\"}]}\n"), 4);
    HAS(out, "1,error,4,\"/lines/0/amount: \"\"1,000\"\": expected");
}
END_TEST

/* Smaller items. */
START_TEST(smaller_items)
{
    ck_assert_int_eq(yibao("tables show 宁波 --date 1999-01-01", NULL), 3);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(yibao("batch /tmp", NULL), 4);
    HAS(err, "Is a directory");
    ck_assert_int_eq(sh("\"$Y\" batch <&- >/dev/null 2>$D/e; test $? = 4"), 0);
    ck_assert_int_eq(yibao("estimate /tmp", NULL), 4);
    HAS(err, "Is a directory");
    ck_assert_int_eq(yibao("estimate --insured 宁宁宁宁宁宁宁宁宁宁宁宁宁宁宁宁宁宁宁宁宁宁宁 --scheme resident "
                           "--setting outpatient --total 1", NULL), 4);
    HAS(err, "a string of at most 64 bytes");
    ck_assert_int_eq(yibao("year --lang xx tests/examples/hlj-2020-employee-inpatient.json", NULL), 2);
    ck_assert_int_eq(yibao("compare --lang xx x.json --vary level=2", NULL), 2);
    ck_assert_int_eq(yibao("tables list extra", NULL), 2);
    ck_assert_int_eq(yibao("tables list --tables ''", NULL), 3);
    HAS(err, "an empty table directory name");
    /* a long file name is reported whole */
    char name[400], args[600];
    memset(name, 'n', 230); /* a 250-byte name: the old message cut it at 191 */
    snprintf(name + 230, sizeof name - 230, "-%d.json", (int)getpid());
    snprintf(args, sizeof args, "estimate %s/%s", dir, name);
    ck_assert_int_eq(yibao(args, NULL), 4);
    HAS(err, name);
    HAS(err, "No such file or directory");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("faults");
    TCase *tc = tcase_create("Core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, batch_nul_byte);
    tcase_add_test(tc, write_errors);
    tcase_add_test(tc, year_totals_do_not_overflow);
    tcase_add_test(tc, over_limit_decimals);
    tcase_add_test(tc, filing_refuses_invalid_input);
    tcase_add_test(tc, catalogue_honours_the_date);
    tcase_add_test(tc, when_typos_are_refused);
    tcase_add_test(tc, huge_priced_line);
    tcase_add_test(tc, table_limits_at_load);
    tcase_add_test(tc, batch_threads_that_fail_to_start);
    tcase_add_test(tc, check_directories);
    tcase_add_test(tc, fifo_in_table_dir);
    tcase_add_test(tc, lint_many_editions);
    tcase_add_test(tc, ledger_round_trip);
    tcase_add_test(tc, user_text_not_reserialised);
    tcase_add_test(tc, smaller_items);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
