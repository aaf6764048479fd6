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
    {"lang", 1, "zh (default) or en"},
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
        cli_help_lang(cli_help_zh(argc, argv),
                      "yibao contrib --region 地区 --base 月工资 [--kind 职工|灵活就业|居民] "
                      "[--person P] [--tier T] [--age N] [--date D] [--json]",
                      "每月要交多少医保费（个人、单位）、个人账户每月划入多少，缴费基数按当地\n"
                      "上下限调整后是多少；居民医保：每年个人缴费和财政补助。\n\n"
                      "例：yibao contrib --region 深圳 --base 8000",
                      "Monthly contributions (individual, employer), the personal-account credit and\n"
                      "the base as clamped to the region's floor and ceiling; residents: the annual\n"
                      "premium and subsidy.",
                      opts);
        return EXIT_OK;
    }
    if (!cli_get(&a, opts, "region")) return cli_usage("contrib", "缺少 --region（参保地）/ give --region");
    int en;
    if ((rc = cli_lang(&a, opts, "contrib", &en))) return rc;
    /* A patient's words: 职工/灵活就业/居民, 在职/退休, 一档. */
    const char *kind = cli_word("kind", cli_word("scheme", cli_get(&a, opts, "kind")));
    const char *person = cli_word("person", cli_get(&a, opts, "person"));
    const char *tier = cli_word("tier", cli_get(&a, opts, "tier"));
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
        yb_contrib_json(&out, eng, cli_get(&a, opts, "region"), kind, cli_get(&a, opts, "base"),
                        person, tier, age, date, &opt, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    if (cli_has(&a, opts, "json")) {
        printf("%s\n", out);
    } else {
        json_t *o = json_loads(out, 0, NULL);
        static const struct { const char *k, *zh, *en; } f[] = {
            {"base", "缴费基数（月）", "contribution base (monthly)"},
            {"individual_monthly", "个人每月缴费", "you pay each month"},
            {"employer_monthly", "单位每月缴费", "your employer pays each month"},
            {"total_monthly", "每月缴费合计", "paid each month in all"},
            {"account_monthly", "个人账户每月划入", "credited to your account each month"},
            {"individual_annual", "个人每年缴费", "you pay each year"},
            {"subsidy_annual", "财政每年补助", "government subsidy each year"}};
        const char *code = json_string_value(json_object_get(o, "region"));
        const char *k = json_string_value(json_object_get(o, "kind"));
        const char *name = yb_tables_name(ts, code) ? yb_tables_name(ts, code) : code;
        if (en)
            printf("Contributions in %s (%s), %s, %s\n", name, code, k, date);
        else
            printf("%s（%s）%s缴费 · %s\n", name, code,
                   !strcmp(k, "flexible") ? "灵活就业人员" : cli_say("scheme", k), date);
        /* The base the rules use is not always the wage given: said, never silent. */
        const char *clamp = json_string_value(json_object_get(o, "base_clamped"));
        const char *wage = json_string_value(json_object_get(o, "wage"));
        const char *base = json_string_value(json_object_get(o, "base"));
        if (clamp && strcmp(clamp, "none") && wage && base) {
            int floor = !strcmp(clamp, "floor");
            if (en)
                printf("  the wage given, %s, is %s the base's %s: the base used is %s\n", wage,
                       floor ? "below" : "above", floor ? "floor" : "ceiling", base);
            else
                printf("  所填工资 %s 元%s缴费基数%s，按%s %s 元计算\n", wage, floor ? "低于" : "高于",
                       floor ? "下限" : "上限", floor ? "下限" : "上限", base);
        }
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            if (json_object_get(o, f[i].k)) {
                const char *v = json_string_value(json_object_get(o, f[i].k));
                printf("  ");
                cli_pad(en ? f[i].en : f[i].zh, en ? 38 : 20);
                printf(" %12s\n", v ? v : en ? "not published" : "未公布");
            }
        json_t *w, *t = json_object_get(o, "trust");
        size_t i;
        json_array_foreach(json_object_get(o, "warnings"), i, w) cli_warning(json_string_value(w), en);
        cli_trust(json_string_value(json_object_get(t, "reliability")),
                  json_string_value(json_object_get(t, "checked")), en);
        json_decref(o);
    }
    rc = EXIT_OK;
done:
    yb_free(out);
    yb_engine_free(eng);
    yb_tables_free(ts);
    return rc;
}
