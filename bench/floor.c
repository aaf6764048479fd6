/* SPDX-License-Identifier: MIT */
/*
** floor.c
** yibao_floor: the floor of any JSON-in/JSON-out tool, to compare `yibao batch` with.
**
**   yibao_floor [--parse-only] [IN.jsonl | -]
**
** For each line: parse it with Jansson (json_loads), read the few members a result echoes
** (region, scheme, setting, date, the fee lines), build a result-sized object with Jansson
** and print it compact (json_dumps), one line out per line in. The object has the shape of
** a yibao-result/1 result (src: calc/result.c): the same members in the same order, 27
** setlinfo fields, one setldetail row, six fields per fee line, the burden, the ledger after
** the visit, 4 (outpatient) or 5 (inpatient) explain entries and one warning, so its text is
** about as long as yibao's. Nothing is computed: the amounts are copied from the claim's
** lines. What is left is what a JSON tool cannot avoid: read, parse, allocate, build, dump,
** write.
**
** --parse-only is the floor under that: each line parsed with json_loadb and freed,
** nothing else (no output). No JSON-in tool built on Jansson can go below it.
** --parse-only --arena measures the alternative issue 16 asks about: Jansson allocating
** from a bump arena (json_set_alloc_funcs) reset per line, the tree never freed node by
** node. The allocator is process-wide, which is why the library does not use it
** (bench/README.md, parsing).
**
** Exit 0, or 2 for a usage error, an unreadable file or a line that is not JSON.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static void set(json_t *o, const char *k, json_t *v) { json_object_set_new(o, k, v); }

/* {=== A bump arena for Jansson (--arena): reset per line, frees are no-ops */
static char *arena;
static size_t arena_used, arena_cap = (size_t)64 << 20;

static void *arena_malloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (arena_used + n > arena_cap) return NULL;
    void *p = arena + arena_used;
    arena_used += n;
    return p;
}

static void arena_free(void *p) { (void)p; }
/* }=== */

static const char *str(json_t *o, const char *k, const char *dflt)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : dflt;
}

/* The amounts copied into the result: the claim's line amounts (or prices), in turn. */
typedef struct pool {
    const char *v[16];
    size_t n, next;
} pool;

static json_t *money(pool *p)
{
    const char *s = p->n ? p->v[p->next++ % p->n] : "0.00";
    return json_string(s);
}

static json_t *explain(const char *step, pool *p, const char *zh, const char *en,
                       const char *param)
{
    json_t *e = json_object();
    char note[256], note_en[256];
    json_t *v = money(p);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(note, sizeof note, zh, json_string_value(v));
    snprintf(note_en, sizeof note_en, en, json_string_value(v));
#pragma GCC diagnostic pop
    set(e, "step", json_string(step));
    set(e, "value", v);
    set(e, "note", json_string(note));
    set(e, "note_en", json_string(note_en));
    if (param) {
        set(e, "param", json_string(param));
        set(e, "source", json_string("bench-synthetic"));
    }
    return e;
}

static json_t *result_sized(json_t *claim)
{
    json_t *ins = json_object_get(claim, "insured"), *vis = json_object_get(claim, "visit");
    json_t *lines = json_object_get(claim, "lines");
    const char *region = str(ins, "region", "000000"), *scheme = str(ins, "scheme", "employee");
    const char *setting = str(vis, "setting", "outpatient"), *date = str(vis, "date", "");
    int inpatient = !strcmp(setting, "inpatient"), employee = !strcmp(scheme, "employee");
    pool p = {{0}, 0, 0};
    size_t nl = json_array_size(lines);
    char ref[40], param[200];
    for (size_t i = 0; i < nl && p.n < 16; i++) {
        json_t *l = json_array_get(lines, i);
        const char *a = str(l, "amount", NULL);
        p.v[p.n++] = a ? a : str(l, "pric", "0.00");
    }

    json_t *o = json_object(), *tb = json_object(), *si = json_object(), *sd = json_array(),
           *ln = json_array(), *bu = json_object(), *ya = json_object(), *ex = json_array(),
           *wa = json_array();
    set(o, "format", json_string("yibao-result/1"));
    set(o, "estimate", json_true());
    set(o, "engine", json_string("yibao 0.2.0"));
    snprintf(ref, sizeof ref, "%s@2020-01-01", region);
    set(tb, "insured", json_string(ref));
    set(tb, "treated", json_string(ref));
    set(tb, "digest",
        json_string("sha256:0000000000000000000000000000000000000000000000000000000000000000"));
    set(o, "tables", tb);
    set(o, "place", json_string("local"));
    static const char *const money_fields[] = {
        "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt",
        "inscp_scp_amt", "act_pay_dedc", "hifp_pay"};
    static const char *const more_money[] = {
        "hifob_pay", "hifmi_pay", "cvlserv_pay", "maf_pay", "hifes_pay", "oth_pay",
        "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay", "balc",
        "acct_mulaid_pay"};
    for (size_t i = 0; i < sizeof money_fields / sizeof *money_fields; i++)
        set(si, money_fields[i], money(&p));
    set(si, "pool_prop_selfpay", json_string("0.0000"));
    for (size_t i = 0; i < sizeof more_money / sizeof *more_money; i++)
        set(si, more_money[i], money(&p));
    set(si, "insuplc_admdvs", json_string(region));
    set(si, "mdtrtarea_admvs", json_string(region));
    set(si, "pay_loc", json_string("1"));
    set(si, "insutype", json_string(employee ? "310" : "390"));
    set(si, "med_type", json_string(inpatient ? "21" : "11"));
    set(si, "clr_type", json_string(inpatient ? "21" : "11"));
    set(si, "setl_time", json_string(date));
    set(o, "setlinfo", si);
    json_t *row = json_object();
    set(row, "fund_pay_type", json_string(employee ? "310100" : "390100"));
    set(row, "fund_pay_type_name",
        json_string(employee ? "职工基本医疗保险统筹基金" : "城乡居民基本医疗保险基金"));
    set(row, "inscp_scp_amt", money(&p));
    set(row, "crt_payb_lmt_amt", money(&p));
    set(row, "fund_payamt", money(&p));
    json_array_append_new(sd, row);
    set(o, "setldetail", sd);
    for (size_t i = 0; i < nl; i++) {
        json_t *x = json_object();
        set(x, "det_item_fee_sumamt", money(&p));
        set(x, "fulamt_ownpay_amt", money(&p));
        set(x, "overlmt_amt", money(&p));
        set(x, "preselfpay_amt", money(&p));
        set(x, "inscp_scp_amt", money(&p));
        set(x, "selfpay_prop", json_string("0.1000"));
        json_array_append_new(ln, x);
    }
    set(o, "lines", ln);
    static const char *const cats[] = {"fulamt", "overlmt", "preselfpay", "deductible", "copay",
                                       "over_cap"};
    for (size_t i = 0; i < 6; i++) set(bu, cats[i], money(&p));
    set(o, "psn_burden", bu);
    set(o, "manual", json_null());
    json_t *dp = json_object(), *ax = json_object(), *fp = json_object();
    set(ya, "year", json_integer(2025));
    set(ya, "admissions", json_integer(inpatient));
    set(dp, "inpatient", money(&p));
    set(dp, "outpatient", money(&p));
    set(dp, "chronic", json_string("0.00"));
    set(ya, "deductible_paid", dp);
    set(ax, inpatient ? "basic" : "outpatient", money(&p));
    set(fp, inpatient ? "basic" : "outpatient", money(&p));
    set(ya, "axis", ax);
    set(ya, "fund_paid", fp);
    set(ya, "layers", json_object());
    set(o, "year_to_date_after", ya);
    snprintf(param, sizeof param, "tables/%s-bench-synthetic.json#/editions/0/schemes/%s/%s/",
             region, scheme, setting);
    size_t plen = strlen(param);
    snprintf(param + plen, sizeof param - plen, "deductible");
    json_array_append_new(ex, explain("deductible_standard", &p, "起付标准 %s 元",
                                      "deductible standard %s", param));
    if (inpatient) {
        snprintf(param + plen, sizeof param - plen, "repeat_admission/0");
        json_array_append_new(ex, explain("deductible_repeat", &p,
                                          "本年度第 1 次住院，起付线为 %s 元",
                                          "admission 1 of the year: deductible %s", param));
    }
    json_array_append_new(ex, explain("deductible", &p, "本次支付起付线 %s 元（尚余起付标准 "
                                      "0.00 元）", "deductible paid this visit %s (open before "
                                      "it: 0.00)", NULL));
    snprintf(param + plen, sizeof param - plen, "cap");
    json_array_append_new(ex, explain("cap", &p, "年度封顶线剩余 %s 元", "annual cap left %s",
                                      param));
    snprintf(param + plen, sizeof param - plen, "bands");
    json_array_append_new(ex, explain("bands", &p, "统筹基金分段支付 %s 元",
                                      "basic fund pays %s by band", param));
    set(o, "explain", ex);
    json_array_append_new(wa, json_string(
        "unverified: 990001-bench-synthetic.json uses source \"bench-synthetic\" (Synthetic "
        "benchmark parameters (yibao bench/), not a real policy), which could not be "
        "verified; 未经核实的参数，估算仅供参考"));
    set(o, "warnings", wa);
    return o;
}

int main(int argc, char **argv)
{
    FILE *in = stdin;
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    long lineno = 0;
    int parse_only = argc > 1 && !strcmp(argv[1], "--parse-only");
    argc -= parse_only, argv += parse_only;
    int use_arena = parse_only && argc > 1 && !strcmp(argv[1], "--arena");
    argc -= use_arena, argv += use_arena;
    if (use_arena) {
        if ((arena = malloc(arena_cap)) == NULL) return 2;
        json_set_alloc_funcs(arena_malloc, arena_free);
    }
    if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1] != '\0')) {
        fprintf(stderr, "usage: yibao_floor [--parse-only [--arena]] [IN.jsonl | -]\n");
        return 2;
    }
    if (argc == 2 && strcmp(argv[1], "-") && (in = fopen(argv[1], "rb")) == NULL) {
        fprintf(stderr, "yibao_floor: %s: cannot read\n", argv[1]);
        return 2;
    }
    while ((got = getline(&buf, &cap, in)) >= 0) {
        json_error_t e;
        lineno++;
        while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == '\r')) buf[--got] = '\0';
        if (got == 0) continue;
        arena_used = 0;
        json_t *claim = json_loadb(buf, (size_t)got, JSON_REJECT_DUPLICATES, &e);
        if (claim == NULL) {
            fprintf(stderr, "yibao_floor: line %ld: %s\n", lineno, e.text);
            return 2;
        }
        if (parse_only) {
            if (!use_arena) json_decref(claim); /* with the arena, the reset frees it */
            continue;
        }
        json_t *r = result_sized(claim);
        char *t = json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (t == NULL) {
            fprintf(stderr, "yibao_floor: out of memory\n");
            return 2;
        }
        puts(t);
        free(t);
        json_decref(r);
        json_decref(claim);
    }
    free(buf);
    if (in != stdin) fclose(in);
    return 0;
}
