/* SPDX-License-Identifier: MIT */
/*
** estimate.c
** `yibao estimate [CLAIM.json | -]` — settle one visit, from a claim file, stdin, or the
** patient flags (--insured 宁波 --scheme resident --setting inpatient --total 20000 …),
** which are turned into a claim so both paths meet the same validation.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"json", 0, "print the result object (yibao-result/1) instead of the slip"},
    {"explain", 0, "add every step's parameter and source (to the slip, or the JSON's trace)"},
    {"codes", 0, "show the national settlement field names on the slip"},
    {"lang", 1, "zh (default) or en: the slip's labels"},
    {"tables", 1, "table set directory (default: $YIBAO_TABLES, else the embedded set)"},
    {"lenient", 0, "with no edition in force on the date, use the latest one (and say so)"},
    {"insured", 1, "insured region (参保地): code, alias or Chinese name"},
    {"treated", 1, "region of treatment (就医地); default: the insured region"},
    {"scheme", 1, "employee | resident"},
    {"person", 1, "in_service, retired, adult, child, student, elderly …"},
    {"tier", 1, "resident contribution tier (档次), e.g. A"},
    {"age", 1, "age in years"},
    {"group", 1, "assistance group, e.g. low_income"},
    {"filing", 1, "long_term | referral | emergency | temporary | none"},
    {"setting", 1, "inpatient | outpatient | chronic"},
    {"level", 1, "community | 1 | 2 | 3"},
    {"admission", 1, "which admission of the year this is"},
    {"settlement", 1, "direct | manual"},
    {"date", 1, "date of the visit, YYYY-MM-DD (default: today)"},
    {"total", 1, "in-policy amount (甲类)"},
    {"class-b", 1, "乙类 amount, or AMOUNT@SHARE (5000@10%); else the catalogue's share"},
    {"class-c", 1, "丙类/self-paid amount"},
    {"over-limit", 1, "amount above price ceilings (超限价)"},
    {"balance", 1, "personal account balance"},
    {"family-balance", 1, "a family member's account balance shared with you (家庭共济)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

static void put(json_t *o, const char *k, const char *v)
{
    if (v) json_object_set_new(o, k, json_string(v));
}

/* A fee line from a flag: "5000", or for class B "5000@10%" (the self-pay share). */
static void add_line(json_t *lines, const char *amount, const char *cls)
{
    json_t *l = json_object();
    if (amount == NULL) {
        json_decref(l);
        return;
    }
    const char *at = !strcmp(cls, "B") ? strchr(amount, '@') : NULL;
    char a[64];
    snprintf(a, sizeof a, "%.*s", at ? (int)(at - amount) : (int)strlen(amount), amount);
    json_object_set_new(l, "amount", json_string(a));
    json_object_set_new(l, "class", json_string(cls));
    if (at) json_object_set_new(l, "selfpay_prop", json_string(at + 1));
    json_array_append_new(lines, l);
}

/* Builds a claim from the patient flags. Numbers stay strings: the parser checks them. */
static char *claim_from_flags(const cli_args *a, size_t *len)
{
    json_t *c = json_object(), *ins = json_object(), *vis = json_object(), *lines = json_array();
    char today[16], *text;
    const char *v;
    /* A patient's words (居民, 住院, 三级 …) become the claim's values (words.c). */
    put(ins, "region", cli_get(a, opts, "insured"));
    put(ins, "scheme", cli_word("scheme", cli_get(a, opts, "scheme")));
    put(ins, "person", cli_word("person", cli_get(a, opts, "person")));
    put(ins, "tier", cli_word("tier", cli_get(a, opts, "tier")));
    put(ins, "group", cli_word("group", cli_get(a, opts, "group")));
    put(ins, "filing", cli_word("filing", cli_get(a, opts, "filing")));
    if ((v = cli_get(a, opts, "age")) != NULL) {
        char *end;
        long age = strtol(v, &end, 10);
        json_object_set_new(ins, "age", *end || end == v ? json_string(v) : json_integer(age));
    }
    put(vis, "region", cli_get(a, opts, "treated"));
    if ((v = cli_get(a, opts, "date")) == NULL) v = cli_today(today);
    put(vis, "date", v);
    put(vis, "setting", cli_word("setting", cli_get(a, opts, "setting")));
    put(vis, "level", cli_word("level", cli_get(a, opts, "level")));
    put(vis, "settlement", cli_word("settlement", cli_get(a, opts, "settlement")));
    if ((v = cli_get(a, opts, "admission")) != NULL) {
        char *end;
        long n = strtol(v, &end, 10);
        json_object_set_new(vis, "admission", *end || end == v ? json_string(v) : json_integer(n));
    }
    add_line(lines, cli_get(a, opts, "total"), "A");
    add_line(lines, cli_get(a, opts, "class-b"), "B");
    add_line(lines, cli_get(a, opts, "class-c"), "C");
    if ((v = cli_get(a, opts, "over-limit")) != NULL) {
        /* Money has at most 2 decimals (fen): checked here, since the line below is priced
           (its price may hold 6 decimals) and would otherwise round 100.123 away. */
        const char *dot = strchr(v, '.');
        if (dot && strlen(dot + 1) > 2) {
            json_decref(c), json_decref(ins), json_decref(vis), json_decref(lines);
            *len = 0;
            return NULL;
        }
        /* An amount above the price ceiling: a priced line whose ceiling is zero. */
        json_t *l = json_object();
        json_object_set_new(l, "pric", json_string(v));
        json_object_set_new(l, "cnt", json_string("1"));
        json_object_set_new(l, "pric_uplmt_amt", json_string("0"));
        json_object_set_new(l, "class", json_string("A"));
        json_array_append_new(lines, l);
    }
    json_object_set_new(c, "insured", ins);
    json_object_set_new(c, "visit", vis);
    json_object_set_new(c, "lines", lines);
    put(c, "account_balance", cli_get(a, opts, "balance"));
    put(c, "family_account_balance", cli_get(a, opts, "family-balance"));
    text = json_dumps(c, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(c);
    *len = text ? strlen(text) : 0;
    return text;
}

int cmd_estimate(int argc, char **argv)
{
    cli_args a;
    yb_error err = {0};
    yb_tables *ts = NULL;
    yb_engine *eng = NULL;
    yb_claim *claim = NULL;
    const yb_result *res;
    yb_options o = YB_OPTIONS_INIT;
    char *text = NULL, *out = NULL;
    const char *name;
    size_t len = 0;
    int rc, lang = 0;
    if ((rc = cli_parse(&a, argc, argv, opts, "estimate"))) return rc;
    if (cli_has(&a, opts, "help")) {
        cli_help_lang(cli_help_zh(argc, argv), "yibao estimate [CLAIM.json | -] [options]",
                      "估算一次就医：各项基金支付多少，个人支付多少。\n"
                      "可以给出结算请求文件（yibao-claim/1），或用下面的选项描述就医情况\n"
                      "（此时需要 --insured、--scheme、--setting 和费用）。选项的值可以用中文。\n\n"
                      "例：yibao estimate --insured 宁波 --scheme 居民 --person 学生 --tier A \\\n"
                      "       --setting 门诊 --level 社区 --total 80",
                      "Settles one visit: what each fund pays and what the patient pays.\n"
                      "Give a claim (yibao-claim/1) as a file or on stdin, or describe the visit\n"
                      "with the flags below (then --insured, --scheme, --setting and an amount are\n"
                      "needed). Values may be given in Chinese (居民, 住院, 三级 …).\n\n"
                      "Example: yibao estimate --insured 宁波 --scheme resident --person student "
                      "--tier A \\\n           --setting outpatient --level community --total 80",
                      opts);
        return EXIT_OK;
    }
    if (a.noperand > 1) return cli_usage("estimate", "one claim at a time (use `yibao batch` for many)");
    if ((rc = cli_lang(&a, opts, "estimate", &lang))) return rc;
    int flags = cli_has(&a, opts, "insured") || cli_has(&a, opts, "total");
    if (a.noperand == 1 && flags)
        return cli_usage("estimate", "give a claim file or the visit flags, not both");
    if (a.noperand == 0 && !flags)
        return cli_usage("estimate", "give a claim file, '-' for stdin, or the visit flags "
                                     "(--insured, --scheme, --setting, --total …)");
    o.lenient = cli_has(&a, opts, "lenient");
    if (flags) {
        /* Ask for what the rules cannot do without, by its flag, in plain words. */
        static const struct { const char *flag, *why; } need[] = {
            {"insured", "参保地，如 --insured 宁波 / where you are insured"},
            {"scheme", "险种：职工或居民，如 --scheme 居民 / employee or resident"},
            {"setting", "就医类别：住院、门诊或门特，如 --setting 住院 / inpatient, outpatient or chronic"},
            {NULL, NULL}};
        for (int i = 0; need[i].flag; i++)
            if (!cli_has(&a, opts, need[i].flag)) {
                fprintf(stderr, "yibao estimate: 缺少 --%s：%s\n", need[i].flag, need[i].why);
                return EXIT_USAGE;
            }
        if (!cli_has(&a, opts, "total") && !cli_has(&a, opts, "class-b") &&
            !cli_has(&a, opts, "class-c") && !cli_has(&a, opts, "over-limit")) {
            fprintf(stderr, "yibao estimate: 缺少费用：--total 金额（政策范围内，元），或 --class-b、"
                            "--class-c、--over-limit / give the cost: --total AMOUNT (yuan)\n");
            return EXIT_USAGE;
        }
        text = claim_from_flags(&a, &len);
        name = "<flags>";
        if (text == NULL) {
            rc = cli_usage("estimate", "--over-limit takes an amount with at most 2 decimals (fen)");
            goto out;
        }
    } else {
        name = strcmp(a.operand[0], "-") ? a.operand[0] : "<stdin>";
        text = cli_read(a.operand[0], &len, &err);
    }
    if (text == NULL) {
        rc = cli_fail(&err);
        goto out;
    }
    {
        /* Open only the tables this visit needs: its two regions and national.json. A claim
           that does not parse gets every table, and the parser's own error. */
        json_t *peek = json_loadb(text, len, 0, NULL);
        const char *regions[2] = {
            json_string_value(json_object_get(json_object_get(peek, "insured"), "region")),
            json_string_value(json_object_get(json_object_get(peek, "visit"), "region"))};
        rc = peek && regions[0] ? cli_open_tables_for(&ts, cli_get(&a, opts, "tables"), regions, 2, &err)
                                : cli_open_tables(&ts, cli_get(&a, opts, "tables"), &err);
        json_decref(peek);
        if (rc) {
            rc = cli_fail(&err);
            goto out;
        }
    }
    o.json = cli_has(&a, opts, "explain") ? YB_JSON_EXPLAIN : 0;
    if (yb_claim_parse(&claim, ts, text, len, name, &err) || yb_engine_new(&eng, ts, &err) ||
        yb_settle(&res, eng, claim, &o, &err) ||
        (cli_has(&a, opts, "json") && yb_result_json(&out, res, o.json, &err))) {
        rc = flags ? cli_fail_flags(&err, lang) : cli_fail(&err); /* flags: tell the flag to add */
        goto out;
    }
    if (cli_has(&a, opts, "json")) printf("%s\n", out);
    else slip_print(ts, res, lang, cli_has(&a, opts, "explain"), cli_has(&a, opts, "codes"));
    rc = EXIT_OK;
out:
    free(text);
    yb_free(out);
    yb_claim_free(claim);
    yb_engine_free(eng);
    yb_tables_free(ts);
    return rc;
}
