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

typedef struct item {
    json_t *v;
    size_t order;
} item;

static int by_date(const void *a, const void *b)
{
    const item *x = a, *y = b;
    const char *dx = json_string_value(json_object_get(json_object_get(x->v, "visit"), "date"));
    const char *dy = json_string_value(json_object_get(json_object_get(y->v, "visit"), "date"));
    int c = strcmp(dx ? dx : "", dy ? dy : "");
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Adds two 2-decimal money strings exactly (as integer fen). */
static json_t *add_money(json_t *a, const char *b)
{
    long long x = cli_fen(json_string_value(a)), y = cli_fen(b);
    char buf[40];
    snprintf(buf, sizeof buf, "%lld.%02lld", (x + y) / 100, (x + y) % 100);
    return json_string(buf);
}

int cmd_year(int argc, char **argv)
{
    cli_args a;
    yb_error err = {0};
    yb_tables *ts = NULL;
    yb_engine *eng = NULL;
    json_t *doc = NULL, *results = json_array(), *totals = json_object(), *ledger = NULL;
    json_error_t je;
    item *items = NULL;
    char *text = NULL;
    size_t len, n = 0;
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
    if (cli_get(&a, opts, "lang")) en = !strcmp(cli_get(&a, opts, "lang"), "en");
    const char *name = strcmp(a.operand[0], "-") ? a.operand[0] : "<stdin>";
    if ((text = cli_read(a.operand[0], &len, &err)) == NULL) {
        rc = cli_fail(&err);
        goto out;
    }
    doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (doc == NULL) {
        fprintf(stderr, "yibao: %s:%d:%d: invalid JSON: %s\n", name, je.line, je.column, je.text);
        rc = EXIT_CLAIM;
        goto out;
    }
    json_t *visits = json_object_get(doc, "visits");
    const char *key;
    json_t *val;
    json_object_foreach(doc, key, val) {
        if (strcmp(key, "insured") && strcmp(key, "year_to_date") && strcmp(key, "account_balance") &&
            strcmp(key, "visits")) {
            fprintf(stderr, "yibao: %s: /%s: unknown key \"%s\" (expected insured, year_to_date, "
                            "account_balance, visits)\n", name, key, key);
            rc = EXIT_CLAIM;
            goto out;
        }
    }
    if (!json_is_array(visits) || json_array_size(visits) == 0) {
        fprintf(stderr, "yibao: %s: /visits: expected a non-empty list of visits\n", name);
        rc = EXIT_CLAIM;
        goto out;
    }
    n = json_array_size(visits);
    items = calloc(n, sizeof *items);
    for (size_t i = 0; i < n; i++) items[i].v = json_array_get(visits, i), items[i].order = i;
    qsort(items, n, sizeof *items, by_date);
    if ((rc = cli_open_tables(&ts, cli_get(&a, opts, "tables"), &err)) ||
        (rc = yb_engine_new(&eng, ts, &err))) {
        rc = cli_fail(&err);
        goto out;
    }
    ledger = json_incref(json_object_get(doc, "year_to_date"));
    json_t *balance = json_incref(json_object_get(doc, "account_balance"));
    for (size_t i = 0; i < n; i++) {
        json_t *claim = json_deep_copy(items[i].v), *r;
        char vname[600];
        if (!json_is_object(claim)) {
            fprintf(stderr, "yibao: %s: /visits/%zu: expected a visit object\n", name, items[i].order);
            json_decref(claim), json_decref(balance);
            rc = EXIT_CLAIM;
            goto out;
        }
        json_object_set(claim, "insured", json_object_get(doc, "insured"));
        if (ledger && !json_object_get(claim, "year_to_date")) json_object_set(claim, "year_to_date", ledger);
        if (balance && !json_object_get(claim, "account_balance")) json_object_set(claim, "account_balance", balance);
        snprintf(vname, sizeof vname, "%s#/visits/%zu", name, items[i].order);
        r = cli_settle(eng, ts, claim, vname, cli_has(&a, opts, "lenient"), &err);
        json_decref(claim);
        if (r == NULL) {
            json_decref(balance);
            rc = cli_fail(&err);
            goto out;
        }
        json_decref(ledger);
        ledger = json_incref(json_object_get(r, "year_to_date_after"));
        json_t *si = json_object_get(r, "setlinfo");
        if (balance) {
            json_decref(balance);
            balance = json_incref(json_object_get(si, "balc"));
        }
        for (int k = 0; cli_money_fields[k]; k++)
            if (strcmp(cli_money_fields[k], "balc"))
                json_object_set_new(totals, cli_money_fields[k],
                                    add_money(json_object_get(totals, cli_money_fields[k]),
                                              json_string_value(json_object_get(si, cli_money_fields[k]))));
        json_array_append_new(results, r);
        if (isatty(2) && n > 100) fprintf(stderr, "\ryibao year: %zu/%zu visits", i + 1, n);
    }
    if (isatty(2) && n > 100) fprintf(stderr, "\n");
    json_decref(balance);
    /* All settled: only now print, so a bad visit leaves nothing partial on stdout. */
    if (cli_has(&a, opts, "json")) {
        json_t *o = json_object();
        json_object_set(o, "results", results);
        json_object_set(o, "totals", totals);
        json_object_set(o, "year_to_date_after", ledger);
        char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("%s\n", s);
        free(s);
        json_decref(o);
    } else if (cli_has(&a, opts, "csv")) {
        cli_csv_header("date");
        for (size_t i = 0; i < n; i++) {
            json_t *r = json_array_get(results, i);
            cli_csv_row(json_string_value(json_object_get(json_object_get(r, "setlinfo"), "setl_time")), r);
        }
    } else {
        static const char *cols[] = {"medfee_sumamt", "hifp_pay", "fund_pay_sumamt", "psn_part_amt",
                                     "acct_pay", "psn_cash_pay"};
        printf("%-10s %-6s %-4s", en ? "date" : "日期", en ? "type" : "类别", en ? "lvl" : "等级");
        for (int k = 0; k < 6; k++) printf(" %14s", cols[k]);
        printf("\n");
        for (size_t i = 0; i < n; i++) {
            json_t *r = json_array_get(results, i), *si = json_object_get(r, "setlinfo");
            const char *lv = json_string_value(json_object_get(json_object_get(items[i].v, "visit"), "level"));
            printf("%-10s %-6s %-4s", json_string_value(json_object_get(si, "setl_time")),
                   json_string_value(json_object_get(si, "med_type")), lv ? lv : "-");
            for (int k = 0; k < 6; k++) printf(" %14s", json_string_value(json_object_get(si, cols[k])));
            printf("\n");
        }
        printf("%-22s", en ? "total" : "合计");
        for (int k = 0; k < 6; k++) printf(" %14s", json_string_value(json_object_get(totals, cols[k])));
        printf("\n");
    }
    rc = EXIT_OK;
out:
    free(text);
    free(items);
    json_decref(doc);
    json_decref(results);
    json_decref(totals);
    json_decref(ledger);
    yb_engine_free(eng);
    yb_tables_free(ts);
    return rc;
}
