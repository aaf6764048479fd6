/* SPDX-License-Identifier: MIT */
/*
** result.c
** A settlement result as yibao-result/1 JSON (docs/results.md): the claim's identifiers,
** setlinfo with the national settlement field names (money as 2-decimal strings,
** pool_prop_selfpay with 4), setldetail with one row per fund, the per-line split, the
** personal burden, the manual-settlement block, the ledger after the visit, the warnings,
** the trust block and, on request (YB_JSON_EXPLAIN), the explain trace. Written straight
** from the engine's integers by writer.c — no tree built, never from binary floating point.
** YB_JSON_BRIEF keeps only the identifiers, setlinfo and setldetail: what a billing run
** stores per claim.
*/
#include <stdio.h>
#include <string.h>

#include "out/out.h"

static const char *const med_type[YBP_NSETTING] = {"21", "11", "14"};
static const char *const clr_type[YBP_NSETTING] = {"21", "11", "11"};
static const char *const pay_loc[YBP_NPLACE] = {"1", "3", "4"};

/* "330200@2025-01-01" (made when the table loaded), or null. */
static void edition_ref(ybp_w *w, const ybp_edition *ed)
{
    ybp_wfixed(w, ed ? ed->ref : NULL, 17);
}

/*
** How far to trust the figures (docs/results.md § trust): the weakest reliability among
** the sources of the parameters used, the newest day the rules were checked, each source
** used, and the editions that applied.
*/
static void trust_write(ybp_w *w, const yb_result *r)
{
    const yb_claim *c = r->claim;
    ybp_wopen(w, '{');
    ybp_wkeyl(w, "reliability");
    if (r->worst >= 0) ybp_wname(w, ybp_rel_names[r->worst]);
    else ybp_wnull(w);
    ybp_wkeyl(w, "checked");
    const char *checked = NULL; /* the newest check is one of the sources' own */
    for (size_t i = 0; i < r->nused && !checked; i++)
        if (r->used[i]->checked == r->checked) checked = r->used[i]->checked_text;
    if (checked) ybp_wfixed(w, checked, 10);
    else ybp_wday(w, r->checked);
    ybp_wkeyl(w, "sources");
    ybp_wopen(w, '[');
    for (size_t i = 0; i < r->nused; i++) {
        const ybp_source *x = r->used[i];
        ybp_wopen(w, '{');
        ybp_wkeyl(w, "id"), ybp_wstr(w, x->id);
        ybp_wkeyl(w, "table"), ybp_wstr(w, x->table->name);
        ybp_wkeyl(w, "reliability"), ybp_wname(w, ybp_rel_names[x->rel]);
        ybp_wkeyl(w, "checked"), ybp_wfixed(w, x->checked_text, 10);
        ybp_wclose(w, '}');
    }
    ybp_wclose(w, ']');
    ybp_wkeyl(w, "editions");
    ybp_wopen(w, '[');
    edition_ref(w, r->ed);
    if (r->cat_ed && r->cat_table != c->insured) edition_ref(w, r->cat_ed);
    if (r->nat_ed && r->cat_ed != r->nat_ed) edition_ref(w, r->nat_ed);
    ybp_wclose(w, ']');
    ybp_wclose(w, '}');
}

/* What the trust block depends on, as a memo's key: the editions and tables it names, the
   sources used, the weakest reliability, the newest check, and the layout (indent, depth).
   0 when it cannot be a key (too many sources). */
static int trust_key(ybp_memo *k, const ybp_w *w, const yb_result *r)
{
    const void *p[] = {r->ed, r->cat_ed, r->cat_table, r->nat_ed, r->claim->insured};
    size_t n = sizeof p / sizeof *p;
    if (n + r->nused > YBP_MEMO_PTRS) return 0;
    memcpy(k->ptr, p, sizeof p);
    memcpy(k->ptr + n, r->used, r->nused * sizeof *r->used);
    k->nptr = n + r->nused;
    k->num[0] = r->worst, k->num[1] = r->checked, k->num[2] = w->indent, k->num[3] = w->depth;
    return 1;
}

/* The trust block, always written after its key: copied from the engine's memo when the
   last one had the same key (every claim of a region and year, in a batch), else written
   and kept. */
static void trust(ybp_w *w, const yb_result *r)
{
    ybp_memo k, *m = r->trust_memo;
    if (m == NULL || w->b->oom || !trust_key(&k, w, r)) {
        trust_write(w, r);
        return;
    }
    if (m->text && m->nptr == k.nptr && !memcmp(m->ptr, k.ptr, k.nptr * sizeof *k.ptr) &&
        !memcmp(m->num, k.num, sizeof k.num)) {
        ybp_wsep(w);
        ybp_wput(w, m->text, m->len);
        w->state = YBP_W_VALUE;
        return;
    }
    size_t from = (size_t)(w->p - w->b->p); /* after its key: the block starts here */
    trust_write(w, r);
    if (w->b->oom) return;
    size_t n = (size_t)(w->p - w->b->p) - from;
    if (ybp_grow((void **)&m->text, &m->cap, n, 1)) return; /* no memo: written each time */
    memcpy(m->text, w->b->p + from, n);
    m->len = n;
    memcpy(m->ptr, k.ptr, sizeof k.ptr), m->nptr = k.nptr;
    memcpy(m->num, k.num, sizeof k.num);
}

/* The same sources as a Jansson object, for contributions (contrib.c). */
json_t *ybp_sources_json(const yb_result *r)
{
    json_t *o = json_object(), *src = json_array();
    char d[11];
    json_object_set_new(o, "reliability", r->worst >= 0 ? json_string(ybp_rel_names[r->worst]) : json_null());
    if (r->checked >= 0) ybp_date_format(r->checked, d);
    json_object_set_new(o, "checked", r->checked >= 0 ? json_string(d) : json_null());
    for (size_t i = 0; i < r->nused; i++) {
        const ybp_source *x = r->used[i];
        json_t *one = json_object();
        json_object_set_new(one, "id", json_string(x->id));
        json_object_set_new(one, "table", json_string(x->table->name));
        json_object_set_new(one, "reliability", json_string(ybp_rel_names[x->rel]));
        ybp_date_format(x->checked, d);
        json_object_set_new(one, "checked", json_string(d));
        json_array_append_new(src, one);
    }
    json_object_set_new(o, "sources", src);
    return o;
}

void ybp_ledger_write(ybp_w *w, const ybp_ledger *g)
{
    ybp_wopen(w, '{');
    ybp_wkeyl(w, "year"), ybp_wint(w, g->year);
    ybp_wkeyl(w, "admissions"), ybp_wint(w, g->admissions);
    ybp_wkeyl(w, "deductible_paid");
    ybp_wopen(w, '{');
    /* The keys spelled out (ybp_setting_names' order): literal keys are copied, not scanned. */
    _Static_assert(YBP_NSETTING == 3, "a setting was added: name it here");
    ybp_wkmoney(w, "inpatient", g->dedc[YBP_INPATIENT]);
    ybp_wkmoney(w, "outpatient", g->dedc[YBP_OUTPATIENT]);
    ybp_wkmoney(w, "chronic", g->dedc[YBP_CHRONIC]);
    ybp_wclose(w, '}');
    for (int k = 0; k < 2; k++) {
        if (k) ybp_wkeyl(w, "fund_paid");
        else ybp_wkeyl(w, "axis");
        ybp_wopen(w, '{');
        for (size_t i = 0; i < g->ngroups; i++)
            ybp_wkey(w, g->group[i]), ybp_wmoney(w, k ? g->fund_paid[i] : g->axis[i]);
        ybp_wclose(w, '}');
    }
    ybp_wkeyl(w, "layers");
    ybp_wopen(w, '{');
    for (size_t i = 0; i < g->nlayers; i++) {
        ybp_wkey(w, g->layer[i]);
        ybp_wopen(w, '{');
        ybp_wkmoney(w, "basis", g->layer_basis[i]);
        ybp_wkmoney(w, "paid", g->layer_paid[i]);
        ybp_wclose(w, '}');
    }
    ybp_wclose(w, '}');
    ybp_wclose(w, '}');
}

static void setlinfo(ybp_w *w, const yb_result *r)
{
    const yb_claim *c = r->claim;
    ybp_wkeyl(w, "setlinfo");
    ybp_wopen(w, '{');
    /* In the national order (docs/results.md § setlinfo); yb_field_name spells the same. */
#define MONEY(key, f) ybp_wkmoney(w, key, ybp_amount(r, f))
    MONEY("medfee_sumamt", YB_F_MEDFEE_SUMAMT);
    MONEY("fulamt_ownpay_amt", YB_F_FULAMT_OWNPAY_AMT);
    MONEY("overlmt_selfpay", YB_F_OVERLMT_SELFPAY);
    MONEY("preselfpay_amt", YB_F_PRESELFPAY_AMT);
    MONEY("inscp_scp_amt", YB_F_INSCP_SCP_AMT);
    MONEY("act_pay_dedc", YB_F_ACT_PAY_DEDC);
    MONEY("hifp_pay", YB_F_HIFP_PAY);
    ybp_wkeyl(w, "pool_prop_selfpay"), ybp_wdec(w, r->pool_prop, 4, 4);
    MONEY("hifob_pay", YB_F_HIFOB_PAY);
    MONEY("hifmi_pay", YB_F_HIFMI_PAY);
    MONEY("cvlserv_pay", YB_F_CVLSERV_PAY);
    MONEY("maf_pay", YB_F_MAF_PAY);
    MONEY("hifes_pay", YB_F_HIFES_PAY);
    MONEY("oth_pay", YB_F_OTH_PAY);
    MONEY("fund_pay_sumamt", YB_F_FUND_PAY_SUMAMT);
    MONEY("psn_part_amt", YB_F_PSN_PART_AMT);
    MONEY("acct_pay", YB_F_ACCT_PAY);
    MONEY("psn_cash_pay", YB_F_PSN_CASH_PAY);
    MONEY("balc", YB_F_BALC);
    MONEY("acct_mulaid_pay", YB_F_ACCT_MULAID_PAY);
#undef MONEY
    /* Both are codes of the table set (6 digits, checked when it loads). */
    ybp_wkeyl(w, "insuplc_admdvs"), ybp_wfixed(w, c->insured_code, 6);
    ybp_wkeyl(w, "mdtrtarea_admvs"), ybp_wfixed(w, c->treated_code, 6);
    ybp_wkeyl(w, "pay_loc"), ybp_wfixed(w, pay_loc[c->place], 1);
    ybp_wkeyl(w, "insutype");
    if (c->scheme == YBP_EMPLOYEE) ybp_wstrl(w, "310");
    else ybp_wstrl(w, "390");
    ybp_wkeyl(w, "med_type"), ybp_wfixed(w, med_type[c->setting], 2);
    ybp_wkeyl(w, "clr_type"), ybp_wfixed(w, clr_type[c->setting], 2);
    ybp_wkeyl(w, "setl_time"), ybp_wday(w, c->day);
    ybp_wclose(w, '}');
}

static void setldetail(ybp_w *w, const yb_result *r)
{
    yb_fund_row row;
    ybp_wkeyl(w, "setldetail");
    ybp_wopen(w, '[');
    for (size_t i = 0; yb_result_row(r, i, &row) == 0; i++) {
        ybp_wopen(w, '{');
        /* Both are the program's (access.c): the national codes and names of the funds. */
        ybp_wkeyl(w, "fund_pay_type"), ybp_wname(w, row.fund_pay_type);
        ybp_wkeyl(w, "fund_pay_type_name"), ybp_wname(w, row.fund_pay_type_name);
        ybp_wkmoney(w, "inscp_scp_amt", row.inscp_scp_amt);
        ybp_wkeyl(w, "crt_payb_lmt_amt");
        if (row.has_limit) ybp_wmoney(w, row.crt_payb_lmt_amt);
        else ybp_wnull(w);
        ybp_wkmoney(w, "fund_payamt", row.fund_payamt);
        ybp_wclose(w, '}');
    }
    ybp_wclose(w, ']');
}

static void lines(ybp_w *w, const yb_result *r)
{
    const yb_claim *c = r->claim;
    ybp_wkeyl(w, "lines");
    ybp_wopen(w, '[');
    for (size_t i = 0; i < r->nlines; i++) {
        const ybp_line_out *l = &r->lines[i];
        const ybp_line *in = &c->lines[i];
        ybp_wopen(w, '{');
        if (in->code) ybp_wkeyl(w, "code"), ybp_wstr(w, in->code);
        if (in->name) ybp_wkeyl(w, "name"), ybp_wstr(w, in->name);
        ybp_wkmoney(w, "det_item_fee_sumamt", l->det);
        ybp_wkmoney(w, "fulamt_ownpay_amt", l->fulamt);
        ybp_wkmoney(w, "overlmt_amt", l->overlmt);
        ybp_wkmoney(w, "preselfpay_amt", l->preselfpay);
        ybp_wkmoney(w, "inscp_scp_amt", l->inscp);
        ybp_wkeyl(w, "selfpay_prop"), ybp_wdec(w, l->prop, YBP_RATIO, 4);
        ybp_wclose(w, '}');
    }
    ybp_wclose(w, ']');
}

static void manual(ybp_w *w, const yb_result *r)
{
    const yb_claim *c = r->claim;
    ybp_wkeyl(w, "manual");
    if (!c->manual) {
        ybp_wnull(w);
        return;
    }
    ybp_wopen(w, '{');
    ybp_wkmoney(w, "upfront_cash", r->medfee);
    ybp_wkmoney(w, "reimbursement", r->fund_sum);
    ybp_wkmoney(w, "net_out_of_pocket", r->psn_part);
    /* What to bring back to the insured place: the filing rules' list of materials for
       manual reimbursement, the insured region's first, else national.json's. */
    int fell;
    const ybp_edition *eds[2] = {r->ed, r->ts->national ? ybp_edition_at(r->ts->national, c->day, 0, &fell) : NULL};
    json_t *bring = NULL;
    for (int i = 0; i < 2 && !bring; i++)
        if (eds[i] && eds[i]->filing)
            bring = json_object_get(json_object_get(eds[i]->filing, "materials"), "manual_reimbursement");
    ybp_wkeyl(w, "bring");
    if (!json_is_array(bring)) {
        ybp_wnull(w);
    } else {
        size_t i;
        json_t *x;
        ybp_wopen(w, '[');
        json_array_foreach(bring, i, x) ybp_wstr(w, json_string_value(x));
        ybp_wclose(w, ']');
    }
    ybp_wclose(w, '}');
}

static void explain(ybp_w *w, const yb_result *r)
{
    ybp_wkeyl(w, "explain");
    ybp_wopen(w, '[');
    for (size_t i = 0; i < r->nexplain; i++) {
        const ybp_explain *x = &r->explain[i];
        char note[400], p[700];
        ybp_wopen(w, '{');
        ybp_wkeyl(w, "step"), ybp_wstr(w, x->step);
        if (x->has_value) ybp_wkmoney(w, "value", x->value);
        ybp_explain_note(x, 0, note, sizeof note);
        ybp_wkeyl(w, "note"), ybp_wstr(w, note);
        ybp_explain_note(x, 1, note, sizeof note);
        ybp_wkeyl(w, "note_en"), ybp_wstr(w, note);
        if (x->param && x->file) {
            snprintf(p, sizeof p, "tables/%s#%s", x->file, x->param);
            ybp_wkeyl(w, "param"), ybp_wstr(w, p);
        }
        if (x->src) ybp_wkeyl(w, "source"), ybp_wstr(w, x->src->id);
        ybp_wclose(w, '}');
    }
    ybp_wclose(w, ']');
}

void ybp_result_write(ybp_w *w, const yb_result *r, unsigned flags)
{
    const yb_claim *c = r->claim;
    int fell;
    ybp_wopen(w, '{');
    ybp_wkeyl(w, "format"), ybp_wstrl(w, "yibao-result/1");
    if (c->id) ybp_wkeyl(w, "id"), ybp_wstr(w, c->id);
    ybp_wkeyl(w, "estimate"), ybp_wbool(w, 1);
    ybp_wkeyl(w, "engine"), ybp_wname(w, yb_version());
    ybp_wkeyl(w, "tables");
    ybp_wopen(w, '{');
    ybp_wkeyl(w, "insured"), edition_ref(w, r->ed);
    ybp_wkeyl(w, "treated");
    edition_ref(w, c->treated ? ybp_edition_at(c->treated, c->day, 0, &fell) : NULL);
    ybp_wkeyl(w, "digest"), ybp_wname(w, r->ts->digest);
    ybp_wclose(w, '}');
    ybp_wkeyl(w, "place"), ybp_wname(w, ybp_place_names[c->place]);
    /* The visit as settled, echoed so a row of a batch or a year reads on its own. */
    ybp_wkeyl(w, "visit");
    ybp_wopen(w, '{');
    ybp_wkeyl(w, "date"), ybp_wday(w, c->day);
    ybp_wkeyl(w, "setting"), ybp_wname(w, ybp_setting_names[c->setting]);
    ybp_wkeyl(w, "level"), ybp_wstr(w, c->level);
    ybp_wkeyl(w, "filing"), ybp_wstr(w, c->place == YBP_LOCAL ? "local" : c->filing);
    ybp_wkeyl(w, "settlement"), ybp_wstr(w, c->settlement);
    ybp_wkeyl(w, "admission"), ybp_wint(w, r->admission);
    ybp_wclose(w, '}');
    setlinfo(w, r);
    setldetail(w, r);
    if (!(flags & YB_JSON_BRIEF)) {
        lines(w, r);
        ybp_wkeyl(w, "psn_burden");
        ybp_wopen(w, '{');
        _Static_assert(YBP_NCAT == 6, "a burden category was added: name it here");
        ybp_wkmoney(w, "fulamt", r->burden[YBP_C_FULAMT]);
        ybp_wkmoney(w, "overlmt", r->burden[YBP_C_OVERLMT]);
        ybp_wkmoney(w, "preselfpay", r->burden[YBP_C_PRESELFPAY]);
        ybp_wkmoney(w, "deductible", r->burden[YBP_C_DEDUCTIBLE]);
        ybp_wkmoney(w, "copay", r->burden[YBP_C_COPAY]);
        ybp_wkmoney(w, "over_cap", r->burden[YBP_C_OVERCAP]);
        ybp_wclose(w, '}');
        manual(w, r);
        ybp_wkeyl(w, "year_to_date_after");
        ybp_ledger_write(w, &r->after);
        if (flags & YB_JSON_EXPLAIN) explain(w, r);
        ybp_wkeyl(w, "warnings");
        ybp_wopen(w, '[');
        for (int i = 0; i < r->nwarn; i++) ybp_wstr(w, r->warn[i]);
        ybp_wclose(w, ']');
        ybp_wkeyl(w, "trust");
        trust(w, r);
    }
    ybp_wclose(w, '}');
}

/* line, the setlinfo amounts up to balc, pool_prop_selfpay, place, pay_loc (docs/cli.md). */
void ybp_result_csv(ybp_w *w, long line, const yb_result *r)
{
    const char *place = ybp_place_names[r->claim->place];
    size_t nplace = strlen(place);
    /* The row's longest: a number per amount and a comma each, the place, pay_loc. */
    char *p = ybp_wreserve(w, (YB_F_BALC + 3) * (YBP_DEC_CHARS + 1) + nplace + 3);
    if (p == NULL) return;
    p = ybp_dec_write(line, 0, 0, p);
    for (yb_field f = YB_F_MEDFEE_SUMAMT; f <= YB_F_BALC; f++) {
        *p++ = ',';
        p = ybp_money_write(ybp_amount(r, f), p);
    }
    *p++ = ',';
    p = ybp_dec_write(r->pool_prop, 4, 4, p);
    *p++ = ',';
    memcpy(p, place, nplace), p += nplace;
    *p++ = ',';
    *p++ = pay_loc[r->claim->place][0];
    w->p = p;
}

int yb_result_json(char **out, const yb_result *r, unsigned int flags, yb_error *err)
{
    YBP_BEGIN(err);
    if (out == NULL || r == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_result_json: out and result are required");
    ybp_buf b = {0};
    ybp_w w;
    *out = NULL;
    ybp_wbegin(&w, &b, (flags & YB_JSON_COMPACT) ? 0 : 2);
    ybp_result_write(&w, r, flags);
    if (ybp_wend(&w)) {
        ybp_buf_free(&b);
        return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    }
    *out = b.p; /* the caller frees it with yb_free() */
    return 0;
}

int yb_estimate_json(char **out, yb_engine *e, const char *text, size_t len,
                     const yb_options *opt, yb_error *err)
{
    yb_claim *c = NULL;
    const yb_result *r;
    int rc;
    YBP_BEGIN(err);
    if (out == NULL || e == NULL || (text == NULL && len))
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_estimate_json: out, engine and text are required");
    *out = NULL;
    if (ybp_options_check(opt, err)) return YB_EUSAGE;
    unsigned flags = YB_JSON_COMPACT | (opt && opt->version >= 2 ? opt->json : 0);
    if ((rc = yb_claim_parse(&c, e->ts, text, len, "<claim>", err))) return rc;
    if ((rc = yb_settle(&r, e, c, opt, err)) == 0) rc = yb_result_json(out, r, flags, err);
    yb_claim_free(c);
    return rc;
}
