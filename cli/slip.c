/* SPDX-License-Identifier: MIT */
/*
** slip.c
** The settlement slip a patient reads (docs/cli.md § The slip): plain labels in Chinese (or
** English with --lang en), the amounts aligned, how it was computed, the warnings, and how
** far to trust the figures in words; the national field names only with --codes. Read
** from the typed result, never from printed JSON. Chinese characters take two columns on
** a terminal, so widths are counted in columns.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct { yb_field f; const char *zh, *en; int always; } rows[] = {
    {YB_F_MEDFEE_SUMAMT, "医疗费总额", "total cost", 1},
    {YB_F_FULAMT_OWNPAY_AMT, "全自费（丙类）", "fully self-paid (class C)", 0},
    {YB_F_OVERLMT_SELFPAY, "超限价自费", "above price ceilings", 0},
    {YB_F_PRESELFPAY_AMT, "先行自付（乙类等）", "paid first (class B share)", 0},
    {YB_F_INSCP_SCP_AMT, "符合政策范围", "in policy", 0},
    {YB_F_ACT_PAY_DEDC, "起付线（个人先付）", "deductible paid", 0},
    {YB_F_HIFP_PAY, "统筹基金支付", "basic fund pays", 1},
    {YB_F_HIFOB_PAY, "职工大额医疗费用补助支付", "employee large-expense fund", 0},
    {YB_F_HIFMI_PAY, "大病保险支付", "critical-illness insurance", 0},
    {YB_F_CVLSERV_PAY, "公务员医疗补助支付", "civil-servant subsidy", 0},
    {YB_F_MAF_PAY, "医疗救助支付", "medical assistance", 0},
    {YB_F_HIFES_PAY, "企业补充保险支付", "enterprise supplementary", 0},
    {YB_F_OTH_PAY, "其他基金支付", "other funds", 0},
    {YB_F_FUND_PAY_SUMAMT, "基金支付合计", "all funds pay", 1},
    {YB_F_PSN_PART_AMT, "个人负担合计", "you pay in all", 1},
    {YB_F_ACCT_PAY, "其中个人账户支付", "of which the personal account", 0},
    {YB_F_PSN_CASH_PAY, "其中现金支付", "of which cash", 1},
};

static void money(char *b, size_t n, long long fen)
{
    snprintf(b, n, "%s%lld.%02lld", fen < 0 ? "-" : "", (fen < 0 ? -fen : fen) / 100,
             (fen < 0 ? -fen : fen) % 100);
}

/* A region's name: its table's, else the places of China's ("温州市（330300）"). */
static const char *place_name(const yb_tables *ts, const char *code, char *buf, size_t n)
{
    const char *t = yb_tables_name(ts, code), *p = yb_place_name(code);
    if (t) return t;
    if (p) snprintf(buf, n, "%s（%s）", p, code);
    else snprintf(buf, n, "%s", code);
    return buf;
}

void slip_print(const yb_tables *ts, const yb_result *r, int en, int explain, int codes)
{
    static const char *const place_zh[] = {"本地就医", "省内异地就医", "跨省异地就医"};
    static const char *const place_en[] = {"local", "in-province, away from home", "cross-province"};
    const char *place = yb_result_text(r, YB_T_PLACE), *setting = yb_result_text(r, YB_T_SETTING);
    int pi = !strcmp(place, "in_province") ? 1 : !strcmp(place, "cross_province") ? 2 : 0;
    const char *set_zh = !strcmp(setting, "inpatient") ? "住院"
                         : !strcmp(setting, "chronic") ? "门诊慢特病" : "普通门诊";
    const char *ins = yb_result_text(r, YB_T_INSUPLC_ADMDVS), *trt = yb_result_text(r, YB_T_MDTRTAREA_ADMVS);
    char ib[96], tb[96], b[40];
    const char *ins_name = place_name(ts, ins, ib, sizeof ib), *trt_name = place_name(ts, trt, tb, sizeof tb);
    printf("%s\n", en ? "Estimate — not a settlement" : "医保报销估算（非正式结算）");
    printf("%s %s%s%s · %s · %s · %s\n", en ? "insured in" : "参保地", ins_name,
           strcmp(ins, trt) ? (en ? ", treated in " : "，就医地 ") : "",
           strcmp(ins, trt) ? trt_name : "", en ? place_en[pi] : place_zh[pi],
           en ? setting : set_zh, yb_result_text(r, YB_T_SETL_TIME));
    printf("\n");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        long long v = yb_result_amount(r, rows[i].f);
        if (!rows[i].always && v == 0) continue;
        printf("  ");
        cli_pad(en ? rows[i].en : rows[i].zh, en ? 32 : 26);
        if (codes) cli_pad(yb_field_name(rows[i].f), 18);
        money(b, sizeof b, v);
        printf("%14s", b);
        long long p = yb_result_pool_prop(r);
        if (rows[i].f == YB_F_HIFP_PAY && p > 0)
            printf(en ? "  (%lld.%02lld%% of the in-policy cost above the deductible)"
                      : "  （起付线以上政策范围内费用的 %lld.%02lld%%）",
                   p / 100, p % 100);
        printf("\n");
    }
    long long over = yb_result_amount(r, YB_F_BURDEN_OVER_CAP);
    if (over > 0) {
        money(b, sizeof b, over);
        printf(en ? "\n  %s of the in-policy cost is above the basic fund's cap for the year: you pay it\n"
                  : "\n  本次有 %s 元政策范围内费用超过统筹基金的年度支付限额，由个人负担\n",
               b);
    }
    if (!strcmp(yb_result_text(r, YB_T_SETTLEMENT), "manual")) {
        char up[40], back[40];
        money(up, sizeof up, yb_result_amount(r, YB_F_MEDFEE_SUMAMT));
        money(back, sizeof back, yb_result_amount(r, YB_F_FUND_PAY_SUMAMT));
        printf("\n%s\n", en ? "Manual reimbursement (手工报销):" : "手工报销：");
        printf(en ? "  pay %s up front at the hospital; %s is paid back later by the insured place\n"
                  : "  先在医院垫付 %s 元，回参保地报销后退回 %s 元\n",
               up, back);
    }
    size_t n = yb_result_nsteps(r);
    if (n) printf("\n%s\n", en ? "How it was computed:" : "计算说明：");
    for (size_t i = 0; i < n; i++) {
        yb_step s;
        char note[400];
        yb_result_step(r, i, en, &s, note, sizeof note);
        printf("  - %s\n", note);
        if (explain && s.param) printf("      %s tables/%s#%s\n", en ? "parameter" : "参数", s.table, s.param);
        if (explain && s.source) printf("      %s %s\n", en ? "source" : "来源", s.source);
    }
    n = yb_result_nwarnings(r);
    if (n) printf("\n%s\n", en ? "Please note:" : "提示：");
    for (size_t i = 0; i < n; i++) cli_warning(yb_result_warning(r, i), en);
    cli_trust(yb_result_text(r, YB_T_RELIABILITY), yb_result_text(r, YB_T_CHECKED), en);
    printf("%s %s\n", en ? "rules:" : "参数版本：", yb_result_text(r, YB_T_EDITION));
}
