/* SPDX-License-Identifier: MIT */
/*
** filing.c
** `yibao filing --insured R --treated R [--reason …] [--date D]` — whether a trip needs a
** filing (异地就医备案), which kind, how long it lasts, how to file and what to bring (the
** library's yb_filing_json), and, run through the engine, what filing changes in an
** example estimate.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"insured", 1, "insured region (参保地)"},
    {"treated", 1, "region of treatment (就医地)"},
    {"reason", 1, "referral | emergency | long_term | other (default: other)"},
    {"date", 1, "date of the trip, YYYY-MM-DD (default: today)"},
    {"scheme", 1, "for the example estimate: employee | resident (default: the table's first)"},
    {"person", 1, "for the example estimate: person type"},
    {"tier", 1, "for the example estimate: resident tier"},
    {"setting", 1, "for the example estimate (default: inpatient)"},
    {"level", 1, "for the example estimate (default: 3)"},
    {"total", 1, "for the example estimate: in-policy amount (default: 10000)"},
    {"json", 0, "print the answer as JSON"},
    {"lenient", 0, "with no rules in force on the date, use the nearest (and say so)"},
    {"lang", 1, "zh (default) or en"},
    {"tables", 1, "table set directory (default: $YIBAO_TABLES, else the embedded set)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

/*
** Settles the example visit under one filing and settlement, and returns its figures as a
** row {"hifp_pay", "fund_pay_sumamt", "psn_part_amt", "warnings"} read from the typed
** result; NULL with *err set when it cannot be settled.
*/
static json_t *example(yb_engine *eng, const yb_tables *ts, const cli_args *a, const char *ins,
                       const char *trt, const char *date, const char *filing, const char *settlement,
                       const char *scheme, const char *person, const char *tier, yb_error *err)
{
    json_t *c = json_object(), *i = json_object(), *v = json_object(), *l = json_array(), *x;
    const char *p;
    json_object_set_new(i, "region", json_string(ins));
    json_object_set_new(i, "scheme", json_string(scheme));
    json_object_set_new(i, "person", json_string(person));
    if (tier) json_object_set_new(i, "tier", json_string(tier));
    json_object_set_new(i, "filing", json_string(filing));
    json_object_set_new(v, "region", json_string(trt));
    json_object_set_new(v, "date", json_string(date));
    json_object_set_new(v, "setting", json_string((p = cli_word("setting", cli_get(a, opts, "setting"))) ? p : "inpatient"));
    json_object_set_new(v, "level", json_string((p = cli_word("level", cli_get(a, opts, "level"))) ? p : "3"));
    json_object_set_new(v, "settlement", json_string(settlement));
    x = json_object();
    json_object_set_new(x, "amount", json_string((p = cli_get(a, opts, "total")) ? p : "10000"));
    json_object_set_new(x, "class", json_string("A"));
    json_array_append_new(l, x);
    json_object_set_new(c, "insured", i);
    json_object_set_new(c, "visit", v);
    json_object_set_new(c, "lines", l);
    char *text = json_dumps(c, JSON_COMPACT);
    json_decref(c);
    yb_claim *claim = NULL;
    const yb_result *r;
    yb_options o = YB_OPTIONS_INIT;
    json_t *row = NULL;
    o.lenient = cli_has(a, opts, "lenient");
    if (text && yb_claim_parse(&claim, ts, text, strlen(text), "<example>", err) == 0 &&
        yb_settle(&r, eng, claim, &o, err) == 0) {
        static const yb_field f[] = {YB_F_HIFP_PAY, YB_F_FUND_PAY_SUMAMT, YB_F_PSN_PART_AMT};
        json_t *w = json_array();
        row = json_object();
        for (int k = 0; k < 3; k++) {
            long long fen = yb_result_amount(r, f[k]);
            char m[40];
            snprintf(m, sizeof m, "%lld.%02lld", fen / 100, fen % 100);
            json_object_set_new(row, yb_field_name(f[k]), json_string(m));
        }
        for (size_t k = 0; k < yb_result_nwarnings(r); k++)
            json_array_append_new(w, json_string(yb_result_warning(r, k)));
        json_object_set_new(row, "warnings", w);
    }
    yb_claim_free(claim);
    free(text);
    return row;
}

static const char *s_of(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

int cmd_filing(int argc, char **argv)
{
    cli_args a;
    yb_error err = {0};
    yb_tables *ts = NULL;
    yb_engine *eng = NULL;
    json_t *out = NULL, *fr = NULL;
    char today[16];
    int rc, en;
    if ((rc = cli_parse(&a, argc, argv, opts, "filing"))) goto done;
    if (cli_has(&a, opts, "help")) {
        cli_help_lang(cli_help_zh(argc, argv),
                      "yibao filing --insured 参保地 --treated 就医地 [--reason 转诊|急诊|长期居住|其他] "
                      "[--date D]",
                      "异地就医要不要先备案：办哪一种、有效多久、在哪里办，\n"
                      "以及备案与否、直接结算还是回参保地报销，各要自己付多少（示例估算）。\n\n"
                      "例：yibao filing --insured 宁波 --treated 上海 --reason 转诊 --total 50000",
                      "Whether a trip needs a filing (备案), which kind, how long it lasts, the channels\n"
                      "and materials, and what filing changes in an example estimate.",
                      opts);
        rc = EXIT_OK;
        goto done;
    }
    if ((rc = cli_lang(&a, opts, "filing", &en))) goto done;
    if (a.noperand) {
        rc = cli_usage("filing", "unexpected argument '%s' (filing takes only options)", a.operand[0]);
        goto done;
    }
    const char *insr = cli_get(&a, opts, "insured"), *trtr = cli_get(&a, opts, "treated");
    /* --reason in a patient's words: 转诊 → referral, 长期居住 → long_term, 临时外出 → other. */
    const char *reason = cli_word("filing", cli_get(&a, opts, "reason"));
    if (reason == NULL || !strcmp(reason, "temporary") || !strcmp(reason, "其他")) reason = "other";
    if (!insr || !trtr) {
        rc = cli_usage("filing", "give --insured and --treated");
        goto done;
    }
    if (strcmp(reason, "referral") && strcmp(reason, "emergency") && strcmp(reason, "long_term") &&
        strcmp(reason, "other")) {
        rc = cli_usage("filing", "--reason takes 转诊 | 急诊 | 长期居住 | 其他 (referral, emergency, "
                                 "long_term, other)");
        goto done;
    }
    const char *date = cli_get(&a, opts, "date");
    if (date == NULL) date = cli_today(today);
    const char *both[2] = {insr, trtr};
    yb_options o = YB_OPTIONS_INIT;
    o.lenient = cli_has(&a, opts, "lenient");
    char *text = NULL;
    if (cli_open_tables_for(&ts, cli_get(&a, opts, "tables"), both, 2, &err) ||
        yb_engine_new(&eng, ts, &err) ||
        yb_filing_json(&text, ts, insr, trtr, reason, date, &o, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    out = json_loads(text, 0, NULL);
    yb_free(text);
    fr = json_incref(json_object_get(out, "rules"));
    const char *ic = s_of(out, "insured"), *tc = s_of(out, "treated"), *pl = s_of(out, "place");
    int place = !strcmp(pl, "local") ? 0 : !strcmp(pl, "in_province") ? 1 : 2;
    static const char *const place_zh[] = {"本地就医", "省内异地就医", "跨省异地就医"};
    static const char *const place_en[] = {"local care", "in-province care away from home",
                                           "cross-province care"};
    const char *filing = !strcmp(reason, "long_term") ? "long_term" : !strcmp(reason, "other") ? "temporary" : reason;
    const char *category = !strcmp(reason, "long_term") ? "long_term" : "temporary";
    json_t *cats = json_object_get(fr, "categories"), *cat = json_object_get(cats, category);
    /* What filing changes: filed vs not filed, direct vs manual. */
    /* The example's patient: the flags given, else the most common case — an employee in
       service (a resident adult), in hospital, at a level-3 hospital, 10 000 in policy —
       and for a tier, the first the table answers to; said on the output. */
    const char *scheme = cli_word("scheme", cli_get(&a, opts, "scheme"));
    if (scheme == NULL) scheme = "employee";
    const char *person = cli_word("person", cli_get(&a, opts, "person"));
    if (person == NULL) person = !strcmp(scheme, "resident") ? "adult" : "in_service";
    const char *tier = cli_word("tier", cli_get(&a, opts, "tier"));
    json_t *ex = json_array();
    /* Only what exists: unfiled cross-province care is not settled directly (医保发〔2022〕
       22号: file first, or pay and claim back at home); an emergency counts as filed. */
    typedef struct run { const char *filing, *settlement, *zh, *en; } run;
    run runs[4];
    int nruns = 0;
    int emergency = !strcmp(reason, "emergency");
    runs[nruns++] = place == 0 ? (run){filing, "direct", "本地就医，直接结算", "at home, settled directly"}
                    : emergency ? (run){filing, "direct", "急诊视同已备案，直接结算",
                                        "emergency (counts as filed), settled directly"}
                                : (run){filing, "direct", "已备案，直接结算", "filed, settled directly"};
    if (place == 1)
        runs[nruns++] = (run){"none", "direct", "未备案，直接结算", "not filed, settled directly"};
    if (place && !emergency)
        runs[nruns++] = (run){"none", "manual", "未备案，回参保地手工报销", "not filed, reimbursed manually"};
    static const char *const tiers[] = {NULL, "A", "1"};
    for (int i = 0; i < nruns; i++) {
        /* An example that cannot be settled (a bad --total, a scheme the table lacks) is an
           error of the whole command: nothing is printed but the message. Without --tier,
           a table that needs one is tried with its usual first tier. */
        json_t *r = NULL;
        for (int t = 0; t < 3 && r == NULL; t++) {
            if (tier == NULL && tiers[t]) tier = tiers[t];
            r = example(eng, ts, &a, ic, tc, date, runs[i].filing, runs[i].settlement, scheme, person, tier, &err);
            if (r == NULL && (cli_get(&a, opts, "tier") || strcmp(err.path, "/insured/tier"))) break;
            if (r == NULL) tier = NULL;
        }
        if (r == NULL) {
            json_decref(ex);
            rc = cli_fail_flags(&err, en);
            goto done;
        }
        json_t *row = json_object();
        json_object_set_new(row, "filing", json_string(runs[i].filing));
        json_object_set_new(row, "settlement", json_string(runs[i].settlement));
        json_object_set_new(row, "label", json_string(en ? runs[i].en : runs[i].zh));
        json_object_set_new(row, "figures", r);
        json_array_append_new(ex, row);
    }
    json_object_set_new(out, "example", ex);
    if (cli_has(&a, opts, "json")) {
        char *s = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("%s\n", s);
        free(s);
        rc = EXIT_OK;
        goto done;
    }
    {
        const char *in = yb_tables_name(ts, ic) ? yb_tables_name(ts, ic) : yb_place_name(ic);
        const char *tn = yb_tables_name(ts, tc) ? yb_tables_name(ts, tc) : yb_place_name(tc);
        printf("%s（%s）→ %s（%s）：%s\n", in ? in : ic, ic, tn ? tn : tc, tc, en ? place_en[place] : place_zh[place]);
    }
    if (place == 0) {
        printf("%s\n", en ? "No filing is needed for care in your own pooling region."
                          : "在参保统筹区内就医，无需备案。");
    } else {
        if (!strcmp(reason, "emergency"))
            printf("%s\n", en ? "Emergency care: treated as filed (视同已备案); no filing is needed "
                                "before treatment. File afterwards as your region requires."
                              : "急诊抢救视同已备案，就医前无需备案；事后按参保地规定补办。");
        else
            printf("%s %s\n", en ? "Filing needed for direct settlement:" : "直接结算需先办理备案：",
                   !strcmp(category, "long_term") ? (en ? "long-term residence (异地长期居住)" : "异地长期居住人员备案")
                                                  : (en ? "temporary trip (临时外出就医)" : "临时外出就医人员备案"));
        json_t *val = json_object_get(cat, "validity"), *vm = json_object_get(cat, "validity_months");
        if (!strcmp(category, "long_term") && json_is_null(val))
            printf("  %s\n", en ? "validity: indefinite (长期有效)" : "有效期：长期有效");
        if (json_is_integer(vm))
            printf("  %s %lld %s\n", en ? "validity: at least" : "有效期：原则上不少于",
                   json_integer_value(vm), en ? "months" : "个月");
        /* Unknown is said, never left out: no stored source gives the national waiting rule
           for changing or cancelling a filing, or the list for manual reimbursement. */
        if (json_is_integer(json_object_get(cat, "change_after_months")))
            printf("  %s %lld %s\n", en ? "may be changed or cancelled after" : "备案后可变更或取消的最短期限：",
                   json_integer_value(json_object_get(cat, "change_after_months")), en ? "months" : "个月");
        else
            printf("  %s\n", en ? "changing or cancelling: the tables hold no sourced rule yet; ask the "
                                  "insured place's agency (some require a waiting time)"
                                : "变更或取消备案：参数表尚无有来源的规定，请向参保地医保经办机构确认"
                                  "（部分地区有最短期限）");
        json_t *ch = json_object_get(fr, "channels");
        if (json_array_size(ch)) printf("  %s", en ? "channels:" : "办理渠道：");
        for (size_t i = 0; i < json_array_size(ch); i++)
            printf("%s%s", i ? "、" : " ", json_string_value(json_array_get(ch, i)));
        if (json_array_size(ch)) printf("\n");
        const char *kind = !strcmp(reason, "long_term") ? "long_term_resident" : reason;
        json_t *mat = json_object_get(json_object_get(fr, "materials"), kind);
        if (json_array_size(mat)) printf("  %s", en ? "materials:" : "所需材料：");
        for (size_t i = 0; i < json_array_size(mat); i++)
            printf("%s%s", i ? "；" : " ", json_string_value(json_array_get(mat, i)));
        if (json_array_size(mat)) printf("\n");
        json_t *back = json_object_get(json_object_get(fr, "materials"), "manual_reimbursement");
        if (json_array_size(back)) printf("  %s", en ? "to claim back manually, bring:" : "回参保地手工报销需带：");
        for (size_t i = 0; i < json_array_size(back); i++)
            printf("%s%s", i ? "；" : " ", json_string_value(json_array_get(back, i)));
        if (json_array_size(back)) printf("\n");
        else
            printf("  %s\n", en ? "to claim back manually: the tables hold no sourced list of materials "
                                  "yet; ask the insured place's agency before you pay"
                                : "回参保地手工报销所需材料：参数表尚无有来源的清单，"
                                  "请在就医前向参保地医保经办机构确认");
        json_t *late = json_object_get(fr, "late_filing");
        if (late)
            printf("  %s\n", en ? "filed late: before discharge → settled directly; after discharge → "
                                  "pay, then claim back manually at the insured place"
                                : "补办备案：出院结算前补办的可直接结算；出院自费结算后补办的，回参保地手工报销。");
    }
    printf("\n%s\n", en ? "What it changes — an example" : "备案对待遇的影响（示例）");
    {
        const char *set = cli_word("setting", cli_get(&a, opts, "setting"));
        const char *lvl = cli_word("level", cli_get(&a, opts, "level"));
        const char *total = cli_get(&a, opts, "total");
        if (en)
            printf("  (assumed: %s, %s%s%s, %s, level %s, %s in policy, %s; change with --scheme, "
                   "--person, --tier, --setting, --level, --total)\n",
                   scheme, person, tier ? ", tier " : "", tier ? tier : "", set ? set : "inpatient",
                   lvl ? lvl : "3", total ? total : "10000", date);
        else
            printf("  （示例假定：%s，%s%s%s，%s，%s，政策范围内费用 %s 元，%s；"
                   "可用 --scheme、--person、--tier、--setting、--level、--total 改）\n",
                   cli_say("scheme", scheme), cli_say("person", person), tier ? "，档次 " : "",
                   tier ? tier : "", cli_say("setting", set ? set : "inpatient"),
                   cli_say("level", lvl ? lvl : "3"), total ? total : "10000", date);
    }
    for (size_t i = 0; i < json_array_size(ex); i++) {
        json_t *row = json_array_get(ex, i), *si = json_object_get(row, "figures");
        printf("  ");
        cli_pad(s_of(row, "label"), en ? 46 : 26);
        printf(en ? " basic fund %10s  all funds %10s  you pay %10s\n"
                  : " 统筹基金支付 %10s  基金合计 %10s  个人负担 %10s\n",
               s_of(si, "hifp_pay"), s_of(si, "fund_pay_sumamt"), s_of(si, "psn_part_amt"));
    }
    json_t *t = json_object_get(out, "trust");
    cli_trust(json_string_value(json_object_get(t, "reliability")),
              json_string_value(json_object_get(t, "checked")), en);
    printf("%s %s%s%s\n", en ? "filing rules from" : "备案规则来源：", s_of(fr, "national_table"),
           json_object_get(fr, "region_table") ? ", " : "", s_of(fr, "region_table"));
    rc = EXIT_OK;
done:
    json_decref(out);
    json_decref(fr);
    yb_engine_free(eng);
    yb_tables_free(ts);
    return rc;
}
