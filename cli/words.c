/* SPDX-License-Identifier: MIT */
/*
** words.c
** A patient's words (docs/cli.md § Patient words): the Chinese and English a patient types
** for a flag's value (居民, 住院, 三级, 退休, 转诊 …) turned into the values a claim uses,
** the options' help in Chinese, and a missing or unknown value named by its flag
** (`缺少 --tier`), never by a claim path.
**
** A word not listed passes through unchanged: the library then refuses it with the values
** the region's table knows (`可选：A、B`). Nothing is guessed: 一档 is not A, since some
** regions call their tiers 1/2 and others A/B.
*/
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct word {
    const char *kind, *value;
    const char *say;   /* how yibao says it back to a patient */
    const char *words; /* what a patient may type: '|'-separated, matched whole */
} word;

static const word words[] = {
    {"scheme", "employee", "职工医保", "职工|职工医保|城镇职工|城镇职工医保|职工基本医疗保险|职工医疗保险"},
    {"scheme", "resident", "城乡居民医保", "居民|居民医保|城乡居民|城乡居民医保|城乡居民基本医疗保险|城镇居民|新农合"},
    {"setting", "inpatient", "住院", "住院|住院治疗"},
    {"setting", "outpatient", "普通门诊", "门诊|普通门诊|门急诊|看门诊"},
    {"setting", "chronic", "门诊慢特病", "门特|门慢|门诊慢特病|慢特病|慢性病|门诊特殊病|特殊病|门诊慢性病"},
    {"level", "3", "三级医院", "三级|三甲|三乙|三级医院|三级甲等|tertiary"},
    {"level", "2", "二级医院", "二级|二甲|二乙|二级医院|secondary"},
    {"level", "1", "一级医院", "一级|一级医院|primary"},
    {"level", "community", "基层医疗机构", "社区|基层|社区医院|社区卫生服务中心|社区卫生服务站|乡镇卫生院|卫生院|村卫生室"},
    {"person", "in_service", "在职", "在职|在职职工|在职人员|上班"},
    {"person", "retired", "退休", "退休|退休人员|退休职工"},
    {"person", "adult", "成年居民", "成人|成年|成年人|成年居民|一般居民"},
    {"person", "student", "学生", "学生|中小学生|大学生|在校学生|大中专学生"},
    {"person", "child", "儿童", "儿童|少儿|未成年人|婴幼儿|小孩|孩子"},
    {"person", "elderly", "老年居民", "老人|老年|老年人|老年居民"},
    {"group", "low_income", "低保对象", "低保|低保对象|最低生活保障"},
    {"group", "extreme_poverty", "特困人员", "特困|特困人员|特困供养"},
    {"filing", "long_term", "异地长期居住", "长期|长期居住|异地长期居住|异地安置|常驻异地"},
    {"filing", "referral", "转诊转院", "转诊|转院|转外就医|转诊转院"},
    {"filing", "emergency", "急诊抢救", "急诊|急诊抢救|急救|抢救"},
    {"filing", "temporary", "临时外出就医", "临时|临时外出|出差|旅游"},
    {"filing", "none", "未备案", "未备案|没备案|不备案|无"},
    {"settlement", "direct", "直接结算", "直接结算|直接|刷卡|直接报销"},
    {"settlement", "manual", "回参保地手工报销", "手工报销|手工|垫付|回参保地报销"},
    {"kind", "flexible", "灵活就业人员", "灵活就业|灵活就业人员|个体|个体户"},
    {"tier", "1", "一档", "一档|第一档|一档次"},
    {"tier", "2", "二档", "二档|第二档|二档次"},
    {NULL, NULL, NULL, NULL}};

const char *cli_word(const char *kind, const char *v)
{
    if (v == NULL) return NULL;
    for (const word *w = words; w->kind; w++) {
        if (strcmp(w->kind, kind)) continue;
        if (!strcmp(w->say, v)) return w->value;
        size_t n = strlen(v);
        for (const char *p = w->words; *p;) {
            const char *bar = strchr(p, '|');
            size_t k = bar ? (size_t)(bar - p) : strlen(p);
            if (k == n && !strncmp(p, v, n)) return w->value;
            p += k + (bar != NULL);
        }
    }
    return v;
}

const char *cli_say(const char *kind, const char *v)
{
    if (v == NULL) return NULL;
    for (const word *w = words; w->kind; w++)
        if (!strcmp(w->kind, kind) && !strcmp(w->value, v)) return w->say;
    return v;
}

/* Display columns of UTF-8 text: ASCII one, a CJK character (a 3- or 4-byte sequence) two. */
void cli_pad(const char *s, int width)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x80) n++;
        else if (*p >= 0xE0) n += 2; /* lead byte */
    fputs(s, stdout);
    for (; n < width; n++) putchar(' ');
}

/* How far to trust the figures, in words a patient reads. */
void cli_trust(const char *rel, const char *checked, int en)
{
    const char *zh = "（无）", *eng = "(none)";
    if (rel && !strcmp(rel, "official"))
        zh = "官方文件（医保局等政府网站或文件原文）", eng = "official documents";
    else if (rel && !strcmp(rel, "third-party"))
        zh = "第三方转载（非官方原文，可能与最新规定有出入）",
        eng = "third-party copies of the rules (not the official text; may differ)";
    else if (rel && !strcmp(rel, "unverified"))
        zh = "未经核实的网页（仅供参考）", eng = "pages that could not be verified (indicative only)";
    printf("\n%s %s%s%s%s\n", en ? "Figures rest on:" : "数据依据：", en ? eng : zh,
           checked ? (en ? "; rules last checked " : "；最近核对于 ") : "", checked ? checked : "",
           en ? "." : "。");
}

static const char *const rel_names[] = {"official", "third-party", "unverified"};

void cli_trust_add(cli_trust_sum *t, const char *rel, const char *checked)
{
    for (int i = 0; rel && i < 3; i++)
        if (!strcmp(rel, rel_names[i]) && i > t->worst) t->worst = i;
    if (checked && strlen(checked) == 10 && strcmp(checked, t->checked) > 0) memcpy(t->checked, checked, 11);
}

void cli_trust_print(const cli_trust_sum *t, int en)
{
    cli_trust(t->worst >= 0 ? rel_names[t->worst] : NULL, t->checked[0] ? t->checked : NULL, en);
}

/* A warning in the slip's language: the library writes "中文 / English". */
void cli_warning(const char *w, int en)
{
    const char *sep = strstr(w, " / ");
    if (sep == NULL) printf("  ! %s\n", w);
    else if (en) printf("  ! %s\n", sep + 3);
    else printf("  ! %.*s\n", (int)(sep - w), w);
}

/* {=== Help in Chinese */

static const struct { const char *name, *zh; } help_zh[] = {
    {"insured", "参保地：地名（宁波、慈溪、北京朝阳）、拼音或 6 位代码"},
    {"treated", "就医地（默认与参保地相同）"},
    {"scheme", "险种：职工 | 居民（employee | resident）"},
    {"person", "人员类别：在职、退休、成人、学生、儿童、老年…"},
    {"tier", "居民缴费档次，如 A、B 或 1、2（按参保地的叫法）"},
    {"age", "年龄（周岁）"},
    {"group", "救助对象类别：低保、特困…"},
    {"filing", "异地就医备案：长期居住 | 转诊 | 急诊 | 临时外出 | 未备案"},
    {"setting", "就医类别：住院 | 门诊 | 门特（门诊慢特病）"},
    {"level", "医院等级：三级 | 二级 | 一级 | 社区"},
    {"admission", "本年度第几次住院"},
    {"settlement", "结算方式：直接结算 | 手工报销"},
    {"date", "就诊日期 YYYY-MM-DD（默认今天）"},
    {"total", "政策范围内费用（甲类），元"},
    {"class-b", "乙类费用，元；可写成 金额@先行自付比例，如 5000@10%"},
    {"class-c", "丙类（全自费）费用，元"},
    {"over-limit", "超过限价的费用，元"},
    {"balance", "个人账户余额，元"},
    {"family-balance", "家庭共济账户（家人个人账户）可用余额，元"},
    {"json", "输出结果对象（yibao-result/1），而不是结算单"},
    {"explain", "列出每一步用到的参数及来源"},
    {"codes", "在结算单上显示国家医保结算字段名"},
    {"lang", "zh（默认）或 en：界面语言"},
    {"tables", "参数表目录（默认：$YIBAO_TABLES，否则用内置参数表）"},
    {"lenient", "就诊日期没有生效的政策版本时，用最近的版本（并说明）"},
    {"reason", "异地就医原因：转诊 | 急诊 | 长期居住 | 其他"},
    {"region", "地区"},
    {"base", "缴费基数（元/月）"},
    {"kind", "职工 | 灵活就业 | 居民（employee | flexible | resident）"},
    {"help", "显示本帮助"},
    {NULL, NULL}};

/* Chinese when --lang zh, or without --lang when the locale is Chinese. */
int cli_help_zh(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--lang")) return !strcmp(argv[i + 1], "zh");
    for (int i = 1; i < argc; i++)
        if (!strncmp(argv[i], "--lang=", 7)) return !strcmp(argv[i] + 7, "zh");
    const char *l = getenv("LC_ALL");
    if (l == NULL || !*l) l = getenv("LC_MESSAGES");
    if (l == NULL || !*l) l = getenv("LANG");
    return l && !strncmp(l, "zh", 2);
}

void cli_help_lang(int zh, const char *usage, const char *about_zh, const char *about_en,
                   const cli_opt *opts)
{
    if (!zh) {
        cli_help(usage, about_en, opts);
        return;
    }
    printf("用法：%s\n\n%s\n", usage, about_zh);
    if (opts[0].name) printf("\n选项：\n");
    for (int i = 0; opts[i].name; i++) {
        char left[64];
        const char *h = opts[i].help;
        for (int k = 0; help_zh[k].name; k++)
            if (!strcmp(help_zh[k].name, opts[i].name)) h = help_zh[k].zh;
        snprintf(left, sizeof left, "--%s%s", opts[i].name, opts[i].has_arg ? " 值" : "");
        printf("  %-24s %s\n", left, h);
    }
    printf("\n退出码：0 成功，1 有检查未通过，2 用法错误，3 参数表错误（含无数据），\n"
           "        4 输入有误，5 内部错误（请报告），6 结果无法写出\n");
}

/* }=== */

/*
** An error about a claim the flags built, told by its flag and in the patient's language:
** "/insured/tier: 宁波市… 请提供（可选：A、B） / missing: … (table 330200-ningbo.json#/…)"
** becomes "缺少 --tier：宁波市…请提供（可选：A、B）", with where the table decided it on a
** line of its own. Other errors print as usual.
*/
int cli_fail_flags(const yb_error *err, int en)
{
    static const struct { const char *path, *flag; } map[] = {
        {"/insured/region", "--insured"}, {"/insured/scheme", "--scheme"},
        {"/insured/person", "--person"},  {"/insured/tier", "--tier"},
        {"/insured/age", "--age"},         {"/insured/group", "--group"},
        {"/insured/filing", "--filing"},   {"/visit/region", "--treated"},
        {"/visit/date", "--date"},         {"/visit/setting", "--setting"},
        {"/visit/level", "--level"},       {"/visit/admission", "--admission"},
        {"/visit/settlement", "--settlement"}, {"/account_balance", "--balance"},
        {"/family_account_balance", "--family-balance"}, {NULL, NULL}};
    const char *flag = NULL, *t = err->text;
    for (int i = 0; map[i].path; i++)
        if (!strcmp(err->path, map[i].path)) flag = map[i].flag;
    if (flag == NULL && !strncmp(err->path, "/lines/", 7))
        flag = !strstr(t, "selfpay_prop") ? "--total / --class-b / --class-c / --over-limit"
               : en ? "--class-b AMOUNT@RATIO (e.g. --class-b 5000@10%)"
                    : "--class-b 金额@先行自付比例（如 --class-b 5000@10%）";
    int nodata = err->code == YB_ENODATA || err->code == YB_ENODATE;
    if (flag == NULL && !nodata) return cli_fail(err);
    /* One language: the library writes "中文 / English"; a table's place goes on its own line. */
    const char *sep = strstr(t, " / "), *from = t, *to = t + strlen(t);
    if (sep && en) from = sep + 3;
    if (en && flag && !strncmp(from, "missing: ", 9)) from += 9;
    else if (sep) to = sep;
    const char *ref = strstr(sep ? sep : t, " (table ");
    if (ref && en) to = ref;
    int missing = strstr(t, "missing") != NULL || strstr(t, "请提供") != NULL;
    if (flag)
        fprintf(stderr, en ? "yibao: %s %s: %.*s\n" : "yibao: %s %s：%.*s\n",
                en ? (missing ? "missing" : "check") : (missing ? "缺少" : "请检查"), flag,
                (int)(to - from), from);
    else
        fprintf(stderr, "yibao: %.*s\n", (int)(to - from), from);
    if (nodata)
        fprintf(stderr, en ? "  (in the table: %s:%d %s)\n" : "  （参数表位置：%s:%d %s）\n", err->source,
                err->line, err->path);
    else if (ref)
        fprintf(stderr, en ? "  (in the table: %.*s)\n" : "  （参数表位置：%.*s）\n",
                (int)strcspn(ref + 8, ",)"), ref + 8);
    /* The values in a patient's words too: "--person 人员类别：在职、退休、成人、学生…". */
    for (int k = 0; help_zh[k].name && flag && !en; k++)
        if (!strncmp(flag, "--", 2) && !strcmp(help_zh[k].name, flag + 2))
            fprintf(stderr, "  %s %s\n", flag, help_zh[k].zh);
    return cli_exit_of(err->code);
}
