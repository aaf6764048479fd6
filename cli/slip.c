/*
** slip.c
** The settlement slip a patient reads: the national fields with Chinese (or English)
** labels and their field names, aligned in columns, the totals, and a short explanation.
** Chinese characters take two columns on a terminal, so widths are counted in columns.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Display columns of a UTF-8 string: ASCII 1, CJK (3- and 4-byte sequences) 2. */
static int cols(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x80) n++;
        else if (*p >= 0xE0) n += 2;
    }
    return n;
}

static void padded(const char *s, int width)
{
    fputs(s, stdout);
    for (int i = cols(s); i < width; i++) putchar(' ');
}

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static const struct { const char *field, *zh, *en; int total; } rows[] = {
    {"medfee_sumamt", "医疗费总额", "total cost", 1},
    {"fulamt_ownpay_amt", "全自费", "fully self-paid (class C)", 0},
    {"overlmt_selfpay", "超限价自费", "above price ceilings", 0},
    {"preselfpay_amt", "先行自付", "paid first (class B share)", 0},
    {"inscp_scp_amt", "符合政策范围", "in policy", 0},
    {"act_pay_dedc", "起付线", "deductible paid", 0},
    {"hifp_pay", "统筹基金支付", "basic fund", 1},
    {"hifob_pay", "职工大额补助", "employee large-expense fund", 0},
    {"hifmi_pay", "居民大病保险", "resident critical-illness insurance", 0},
    {"cvlserv_pay", "公务员医疗补助", "civil-servant subsidy", 0},
    {"maf_pay", "医疗救助", "medical assistance", 0},
    {"hifes_pay", "企业补充保险", "enterprise supplementary", 0},
    {"oth_pay", "其他基金", "other funds", 0},
    {"fund_pay_sumamt", "基金支付合计", "all funds", 1},
    {"psn_part_amt", "个人负担合计", "patient's share", 1},
    {"acct_pay", "个人账户支付", "personal account", 0},
    {"psn_cash_pay", "个人现金支付", "cash", 1},
};

void slip_print(json_t *r, int en, int explain)
{
    json_t *si = json_object_get(r, "setlinfo"), *x;
    static const char *const place_zh[] = {"本地", "省内异地", "跨省异地"};
    static const char *const place_en[] = {"local", "in-province", "cross-province"};
    const char *place = str(r, "place");
    int pi = !strcmp(place, "in_province") ? 1 : !strcmp(place, "cross_province") ? 2 : 0;
    const char *med = str(si, "med_type");
    const char *setting = !strcmp(med, "21") ? (en ? "inpatient" : "住院")
                          : !strcmp(med, "14") ? (en ? "chronic outpatient" : "门诊慢特病")
                                               : (en ? "outpatient" : "普通门诊");
    size_t i;
    printf("%s  %s → %s · %s · %s · %s\n", en ? "Estimate (not a settlement)" : "医保结算估算（非正式结算）",
           str(si, "insuplc_admdvs"), str(si, "mdtrtarea_admvs"), en ? place_en[pi] : place_zh[pi],
           setting, str(si, "setl_time"));
    printf("%s %s\n\n", en ? "tables:" : "参数表:",
           json_string_value(json_object_get(json_object_get(r, "tables"), "insured")));
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *v = str(si, rows[i].field);
        if (!rows[i].total && !strcmp(v, "0.00")) continue;
        printf("  ");
        padded(en ? rows[i].en : rows[i].zh, en ? 36 : 16);
        padded(rows[i].field, 20);
        printf("%14s\n", v);
        if (!strcmp(rows[i].field, "hifp_pay") && strcmp(str(si, "pool_prop_selfpay"), "0.0000")) {
            printf("  ");
            padded(en ? "  effective ratio" : "  实际报销比例", en ? 36 : 16);
            padded("pool_prop_selfpay", 20);
            printf("%14s\n", str(si, "pool_prop_selfpay"));
        }
    }
    if ((x = json_object_get(r, "manual")) && json_is_object(x)) {
        printf("\n%s\n", en ? "Manual reimbursement (手工报销):" : "手工报销：");
        printf("  %s %s, %s %s, %s %s\n", en ? "pay up front" : "先行垫付", str(x, "upfront_cash"),
               en ? "reimbursed later" : "事后报销", str(x, "reimbursement"),
               en ? "net out of pocket" : "净自付", str(x, "net_out_of_pocket"));
    }
    x = json_object_get(r, "explain");
    if (json_array_size(x)) printf("\n%s\n", en ? "How it was computed:" : "计算说明：");
    for (i = 0; i < json_array_size(x); i++) {
        json_t *e = json_array_get(x, i);
        printf("  - %s\n", str(e, en ? "note_en" : "note"));
        if (explain) {
            if (json_object_get(e, "param")) printf("      %s %s\n", en ? "parameter" : "参数", str(e, "param"));
            if (json_object_get(e, "source")) printf("      %s %s\n", en ? "source" : "来源", str(e, "source"));
        }
    }
    x = json_object_get(r, "warnings");
    if (json_array_size(x)) printf("\n%s\n", en ? "Warnings:" : "提示：");
    for (i = 0; i < json_array_size(x); i++) printf("  ! %s\n", json_string_value(json_array_get(x, i)));
}
