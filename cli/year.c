/* SPDX-License-Identifier: MIT */
/*
** year.c
** `yibao year VISITS.json` — a year of care for one insured person: visits settled in date
** order (ties keep file order), each starting from the previous one's year_to_date_after,
** the personal-account balance carried over; one row per visit and a totals row. The same
** answers as feeding each visit's year_to_date_after into the next `yibao estimate`.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"json", 0, "print {\"results\", \"totals\", \"year_to_date_after\"}"},
    {"csv", 0, "one CSV row per visit with the setlinfo fields"},
    {"lang", 1, "zh (default) or en"},
    {"tables", 1, "table set directory (default: $YIBAO_TABLES, else the embedded set)"},
    {"lenient", 0, "with no edition in force on a date, use the latest one (and say so)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

int cmd_year(int argc, char **argv)
{
    cli_args a;
    yb_error err = {0};
    yb_tables *ts = NULL;
    yb_engine *eng = NULL;
    json_t *doc = NULL, *results = NULL, *totals = NULL;
    char *text = NULL, *json = NULL;
    size_t len;
    int rc, en = 0;
    if ((rc = cli_parse(&a, argc, argv, opts, "year"))) goto out;
    if (cli_has(&a, opts, "help")) {
        cli_help("yibao year VISITS.json [--json | --csv] [--lang en]",
                 "Settles a year of visits for one insured person, in date order, carrying the\n"
                 "year's ledger (deductibles, band axis, caps, layers) and the account balance.\n"
                 "Input: {\"insured\": {…}, \"year_to_date\": {…}, \"account_balance\": \"…\",\n"
                 "        \"visits\": [{\"visit\": {…}, \"lines\": […]}, {\"visit\": {…}, \"fees\": {…}}]}",
                 opts);
        rc = EXIT_OK;
        goto out;
    }
    if (a.noperand != 1) {
        rc = cli_usage("year", "give one VISITS.json file (or - for stdin)");
        goto out;
    }
    if ((rc = cli_lang(&a, opts, "year", &en))) goto out;
    const char *name = strcmp(a.operand[0], "-") ? a.operand[0] : "<stdin>";
    if ((text = cli_read(a.operand[0], &len, &err)) == NULL) {
        rc = cli_fail(&err);
        goto out;
    }
    yb_options o = YB_OPTIONS_INIT;
    o.lenient = cli_has(&a, opts, "lenient");
    if (cli_open_tables(&ts, cli_get(&a, opts, "tables"), &err) || yb_engine_new(&eng, ts, &err) ||
        yb_year_json(&json, eng, text, len, name, &o, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    doc = json_loads(json, 0, NULL);
    results = json_incref(json_object_get(doc, "results"));
    totals = json_incref(json_object_get(doc, "totals"));
    size_t n = json_array_size(results);
    /* All settled: only now print, so a bad visit leaves nothing partial on stdout. */
    if (cli_has(&a, opts, "json")) {
        printf("%s\n", json);
    } else if (cli_has(&a, opts, "csv")) {
        cli_csv_header("date");
        for (size_t i = 0; i < n; i++) {
            json_t *r = json_array_get(results, i);
            cli_csv_row_json(json_string_value(json_object_get(json_object_get(r, "setlinfo"), "setl_time")), r);
        }
    } else {
        static const char *cols[] = {"medfee_sumamt", "hifp_pay", "fund_pay_sumamt", "psn_part_amt",
                                     "acct_pay", "psn_cash_pay"};
        printf("%-10s %-6s %-4s", en ? "date" : "日期", en ? "type" : "类别", en ? "lvl" : "等级");
        for (int k = 0; k < 6; k++) printf(" %14s", cols[k]);
        printf("\n");
        for (size_t i = 0; i < n; i++) {
            json_t *r = json_array_get(results, i), *si = json_object_get(r, "setlinfo");
            const char *lv = json_string_value(json_object_get(json_object_get(r, "visit"), "level"));
            printf("%-10s %-6s %-4s", json_string_value(json_object_get(si, "setl_time")),
                   json_string_value(json_object_get(si, "med_type")), lv ? lv : "-");
            for (int k = 0; k < 6; k++) printf(" %14s", json_string_value(json_object_get(si, cols[k])));
            printf("\n");
        }
        printf("%-22s", en ? "total" : "合计");
        for (int k = 0; k < 6; k++) printf(" %14s", json_string_value(json_object_get(totals, cols[k])));
        printf("\n");
        /* Each visit's warnings once, and how far to trust the year's figures. */
        cli_trust_sum trust = CLI_TRUST_SUM_INIT;
        json_t *said = json_object(), *w;
        size_t j;
        for (size_t i = 0; i < n; i++) {
            json_t *r = json_array_get(results, i), *t = json_object_get(r, "trust");
            json_array_foreach(json_object_get(r, "warnings"), j, w) {
                const char *said_text = json_string_value(w);
                if (said_text == NULL || json_object_get(said, said_text)) continue;
                if (json_object_size(said) == 0) printf("\n%s\n", en ? "Please note:" : "提示：");
                json_object_set_new(said, said_text, json_true());
                cli_warning(said_text, en);
            }
            cli_trust_add(&trust, json_string_value(json_object_get(t, "reliability")),
                          json_string_value(json_object_get(t, "checked")));
        }
        json_decref(said);
        cli_trust_print(&trust, en);
    }
    rc = EXIT_OK;
out:
    free(text);
    yb_free(json);
    json_decref(doc);
    json_decref(results);
    json_decref(totals);
    yb_engine_free(eng);
    yb_tables_free(ts);
    return rc;
}
