/* SPDX-License-Identifier: MIT */
/*
** contrib.c (cli)
** `yibao contrib --region R --base AMOUNT [--kind employee|flexible|resident]` — monthly
** contributions, the personal-account credit, and the base as clamped.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"region", 1, "the pooling region (code, alias or name)"},
    {"base", 1, "monthly wage base, e.g. 10700 (employee, flexible)"},
    {"kind", 1, "employee (default) | flexible | resident"},
    {"person", 1, "in_service (default) | retired, or a resident category"},
    {"tier", 1, "resident contribution tier (档次), e.g. A"},
    {"age", 1, "age in years, where a premium depends on it"},
    {"date", 1, "date, YYYY-MM-DD (default: today)"},
    {"json", 0, "print the contribution result object"},
    {"lenient", 0, "with no figures in force on the date, use the nearest (and say so)"},
    {"tables", 1, "table set directory (default: $YIBAO_TABLES, else the embedded set)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

int cmd_contrib(int argc, char **argv)
{
    cli_args a;
    yb_error err = {0};
    yb_tables *ts = NULL;
    yb_engine *eng = NULL;
    char *out = NULL, today[16];
    yb_options opt = YB_OPTIONS_INIT;
    int rc;
    if ((rc = cli_parse(&a, argc, argv, opts, "contrib"))) return rc;
    if (cli_has(&a, opts, "help")) {
        cli_help("yibao contrib --region R --base AMOUNT [--kind employee|flexible|resident] "
                 "[--person P] [--tier T] [--age N] [--date D] [--json]",
                 "Monthly contributions (individual, employer), the personal-account credit and\n"
                 "the base as clamped to the region's floor and ceiling; residents: the annual\n"
                 "premium and subsidy.",
                 opts);
        return EXIT_OK;
    }
    if (!cli_get(&a, opts, "region")) return cli_usage("contrib", "give --region");
    opt.lenient = cli_has(&a, opts, "lenient");
    const char *date = cli_get(&a, opts, "date");
    if (date == NULL) date = cli_today(today);
    const char *region[1] = {cli_get(&a, opts, "region")}, *age_s = cli_get(&a, opts, "age");
    int age = -1;
    if (age_s) {
        char *end;
        long n = strtol(age_s, &end, 10);
        if (*age_s == '\0' || *end || n < 0 || n > 150) return cli_usage("contrib", "--age takes a whole number of years");
        age = (int)n;
    }
    if (cli_open_tables_for(&ts, cli_get(&a, opts, "tables"), region, 1, &err) ||
        yb_engine_new(&eng, ts, &err) ||
        yb_contrib_json(&out, eng, cli_get(&a, opts, "region"), cli_get(&a, opts, "kind"),
                         cli_get(&a, opts, "base"), cli_get(&a, opts, "person"),
                         cli_get(&a, opts, "tier"), age, date, &opt, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    if (cli_has(&a, opts, "json")) {
        printf("%s\n", out);
    } else {
        json_t *o = json_loads(out, 0, NULL);
        static const struct { const char *k, *zh; } f[] = {
            {"base", "缴费基数"}, {"individual_monthly", "个人月缴"}, {"employer_monthly", "单位月缴"},
            {"total_monthly", "合计月缴"}, {"account_monthly", "个人账户月划入"},
            {"individual_annual", "个人年缴"}, {"subsidy_annual", "财政年补助"}};
        printf("%s %s (%s)\n", json_string_value(json_object_get(o, "region")),
               json_string_value(json_object_get(o, "kind")), date);
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            if (json_object_get(o, f[i].k)) {
                const char *v = json_string_value(json_object_get(o, f[i].k));
                printf("  %-20s %12s  %s\n", f[i].k, v ? v : "未公布", f[i].zh);
            }
        json_t *w;
        size_t i;
        json_array_foreach(json_object_get(o, "warnings"), i, w)
            printf("  ! %s\n", json_string_value(w));
        json_decref(o);
    }
    rc = EXIT_OK;
done:
    yb_free(out);
    yb_engine_free(eng);
    yb_tables_free(ts);
    return rc;
}
