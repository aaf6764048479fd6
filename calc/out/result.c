/*
** result.c
** A settlement result as yibao-result/1 JSON (docs/results.md): setlinfo with the national
** settlement field names (money as 2-decimal strings, pool_prop_selfpay with 4), setldetail
** with one row per fund, the per-line split, the manual-settlement block, the ledger after
** the visit, the explain trace and the warnings. Formatting starts from the rounded
** integers, never from binary floating point.
*/
#include <stdio.h>
#include <string.h>

#include "out/out.h"

static const char *const fund_names_zh[YBP_NFUND] = {
    "", "职工大额医疗费用补助基金", "城乡居民大病医疗保险基金", "公务员医疗补助基金",
    "医疗救助基金", "企业补充医疗保险基金", "其他基金"};

static void set(json_t *o, const char *k, json_t *v) { json_object_set_new(o, k, v); }

static json_t *edition_ref(const ybp_table *t, const ybp_edition *ed)
{
    char d[11], b[40];
    if (t == NULL || ed == NULL) return json_null();
    ybp_date_format(ed->from, d);
    snprintf(b, sizeof b, "%s@%s", t->code, d);
    return json_string(b);
}

static json_t *day_json(long day)
{
    char d[11];
    if (day < 0) return json_null();
    ybp_date_format(day, d);
    return json_string(d);
}

/*
** How far to trust the figures (docs/results.md § trust): the weakest reliability among
** the sources of the parameters used, the newest day the rules were checked, and each
** source used.
*/
json_t *ybp_sources_json(const yb_result *r)
{
    json_t *o = json_object(), *src = json_array();
    set(o, "reliability", r->worst >= 0 ? json_string(ybp_rel_names[r->worst]) : json_null());
    set(o, "checked", day_json(r->checked));
    for (size_t i = 0; i < r->nused; i++) {
        const ybp_source *x = r->used[i];
        json_t *one = json_object();
        set(one, "id", json_string(x->id));
        set(one, "table", json_string(x->table->name));
        set(one, "reliability", json_string(ybp_rel_names[x->rel]));
        set(one, "checked", day_json(x->checked));
        json_array_append_new(src, one);
    }
    set(o, "sources", src);
    return o;
}

/* The trust block of a settlement: the above, and the editions that applied. */
static json_t *trust_json(const yb_result *r)
{
    const yb_claim *c = r->claim;
    json_t *o = ybp_sources_json(r), *eds = json_array();
    json_array_append_new(eds, edition_ref(c->insured, r->ed));
    if (r->cat_ed && r->cat_table != c->insured)
        json_array_append_new(eds, edition_ref(r->cat_table, r->cat_ed));
    if (r->nat_ed && r->cat_ed != r->nat_ed)
        json_array_append_new(eds, edition_ref(r->ts->national, r->nat_ed));
    json_object_set_new(o, "editions", eds);
    return o;
}

json_t *ybp_ledger_json(const ybp_ledger *g)
{
    json_t *o = json_object(), *d = json_object(), *ax = json_object(), *fp = json_object(),
           *ly = json_object();
    set(o, "year", json_integer(g->year));
    set(o, "admissions", json_integer(g->admissions));
    for (int s = 0; s < YBP_NSETTING; s++) set(d, ybp_setting_names[s], ybp_money(g->dedc[s]));
    set(o, "deductible_paid", d);
    for (size_t i = 0; i < g->ngroups; i++) {
        set(ax, g->group[i], ybp_money(g->axis[i]));
        set(fp, g->group[i], ybp_money(g->fund_paid[i]));
    }
    set(o, "axis", ax);
    set(o, "fund_paid", fp);
    for (size_t i = 0; i < g->nlayers; i++) {
        json_t *l = json_object();
        set(l, "basis", ybp_money(g->layer_basis[i]));
        set(l, "paid", ybp_money(g->layer_paid[i]));
        set(ly, g->layer[i], l);
    }
    set(o, "layers", ly);
    return o;
}

json_t *ybp_result_build(const yb_result *r)
{
    const yb_claim *c = r->claim;
    json_t *o = json_object(), *si = json_object(), *sd = json_array(), *ln = json_array(),
           *ex = json_array(), *wa = json_array(), *tb = json_object(), *bu = json_object();
    char b[40], d[11];
    static const char *const med_type[YBP_NSETTING] = {"21", "11", "14"};
    static const char *const clr_type[YBP_NSETTING] = {"21", "11", "11"};
    static const char *const pay_loc[3] = {"1", "3", "4"};
    set(o, "format", json_string("yibao-result/1"));
    set(o, "estimate", json_true());
    set(o, "engine", json_string(yb_version()));
    int fell;
    set(tb, "insured", edition_ref(c->insured, r->ed));
    set(tb, "treated", edition_ref(c->treated, c->treated ? ybp_edition_at(c->treated, c->day, 0, &fell) : NULL));
    set(tb, "digest", json_string(r->ts->digest));
    set(o, "tables", tb);
    set(o, "place", json_string(ybp_place_names[c->place]));
    {
        /* The visit as settled, echoed so a row of a batch or a year reads on its own. */
        json_t *v = json_object();
        ybp_date_format(c->day, d);
        set(v, "date", json_string(d));
        set(v, "setting", json_string(ybp_setting_names[c->setting]));
        set(v, "level", c->level ? json_string(c->level) : json_null());
        set(v, "filing", json_string(c->place == YBP_LOCAL ? "local" : c->filing));
        set(v, "settlement", json_string(c->settlement));
        set(v, "admission", json_integer(r->admission));
        set(o, "visit", v);
    }
    set(si, "medfee_sumamt", ybp_money(r->medfee));
    set(si, "fulamt_ownpay_amt", ybp_money(r->fulamt));
    set(si, "overlmt_selfpay", ybp_money(r->overlmt));
    set(si, "preselfpay_amt", ybp_money(r->preselfpay));
    set(si, "inscp_scp_amt", ybp_money(r->inscp));
    set(si, "act_pay_dedc", ybp_money(r->dedc));
    set(si, "hifp_pay", ybp_money(r->fund[YBP_F_HIFP]));
    set(si, "pool_prop_selfpay", json_string(ybp_dec_format(r->pool_prop, 4, 4, b, sizeof b)));
    set(si, "hifob_pay", ybp_money(r->fund[YBP_F_HIFOB]));
    set(si, "hifmi_pay", ybp_money(r->fund[YBP_F_HIFMI]));
    set(si, "cvlserv_pay", ybp_money(r->fund[YBP_F_CVLSERV]));
    set(si, "maf_pay", ybp_money(r->fund[YBP_F_MAF]));
    set(si, "hifes_pay", ybp_money(r->fund[YBP_F_HIFES]));
    set(si, "oth_pay", ybp_money(r->fund[YBP_F_OTH]));
    set(si, "fund_pay_sumamt", ybp_money(r->fund_sum));
    set(si, "psn_part_amt", ybp_money(r->psn_part));
    set(si, "acct_pay", ybp_money(r->acct));
    set(si, "psn_cash_pay", ybp_money(r->cash));
    set(si, "balc", ybp_money(r->balc));
    set(si, "acct_mulaid_pay", ybp_money(r->mulaid));
    set(si, "insuplc_admdvs", json_string(c->insured_code));
    set(si, "mdtrtarea_admvs", json_string(c->treated_code));
    set(si, "pay_loc", json_string(pay_loc[c->place]));
    set(si, "insutype", json_string(c->scheme == YBP_EMPLOYEE ? "310" : "390"));
    set(si, "med_type", json_string(med_type[c->setting]));
    set(si, "clr_type", json_string(clr_type[c->setting]));
    ybp_date_format(c->day, d);
    set(si, "setl_time", json_string(d));
    set(o, "setlinfo", si);
    for (size_t i = 0; i < r->nrows; i++) {
        const ybp_row *w = &r->rows[i];
        if (i > 0 && w->pay == 0) continue; /* one row per fund that paid; the basic fund always */
        json_t *row = json_object();
        set(row, "fund_pay_type", json_string(ybp_fund_code(w->fund, c->scheme)));
        set(row, "fund_pay_type_name",
            json_string(w->fund == YBP_F_HIFP ? (c->scheme == YBP_EMPLOYEE
                                                     ? "职工基本医疗保险统筹基金"
                                                     : "城乡居民基本医疗保险基金")
                                              : fund_names_zh[w->fund]));
        set(row, "inscp_scp_amt", ybp_money(w->inscp));
        set(row, "crt_payb_lmt_amt", w->has_limit ? ybp_money(w->limit) : json_null());
        set(row, "fund_payamt", ybp_money(w->pay));
        json_array_append_new(sd, row);
    }
    set(o, "setldetail", sd);
    for (size_t i = 0; i < r->nlines; i++) {
        const ybp_line_out *l = &r->lines[i];
        json_t *x = json_object();
        set(x, "det_item_fee_sumamt", ybp_money(l->det));
        set(x, "fulamt_ownpay_amt", ybp_money(l->fulamt));
        set(x, "overlmt_amt", ybp_money(l->overlmt));
        set(x, "preselfpay_amt", ybp_money(l->preselfpay));
        set(x, "inscp_scp_amt", ybp_money(l->inscp));
        set(x, "selfpay_prop", json_string(ybp_dec_format(l->prop, YBP_RATIO, 4, b, sizeof b)));
        json_array_append_new(ln, x);
    }
    set(o, "lines", ln);
    for (int k = 0; k < YBP_NCAT; k++) set(bu, ybp_cat_names[k], ybp_money(r->burden[k]));
    set(o, "psn_burden", bu);
    if (c->manual) {
        json_t *m = json_object(), *bring = NULL;
        set(m, "upfront_cash", ybp_money(r->medfee));
        set(m, "reimbursement", ybp_money(r->fund_sum));
        set(m, "net_out_of_pocket", ybp_money(r->psn_part));
        /* What to bring back to the insured place: the filing rules' list of materials for
           manual reimbursement, the insured region's first, else national.json's. */
        const ybp_edition *eds[2] = {r->ed, NULL};
        if (r->ts->national) eds[1] = ybp_edition_at(r->ts->national, c->day, 0, &fell);
        for (int i = 0; i < 2 && !bring; i++)
            if (eds[i] && eds[i]->filing)
                bring = json_object_get(json_object_get(eds[i]->filing, "materials"),
                                        "manual_reimbursement");
        set(m, "bring", bring ? json_deep_copy(bring) : json_null()); /* never share the table's */
        set(o, "manual", m);
    } else {
        set(o, "manual", json_null());
    }
    set(o, "year_to_date_after", ybp_ledger_json(&r->after));
    for (size_t i = 0; i < r->nexplain; i++) {
        const ybp_explain *x = &r->explain[i];
        json_t *e = json_object();
        char p[700];
        set(e, "step", json_string(x->step));
        if (x->has_value) set(e, "value", ybp_money(x->value));
        char note[400];
        ybp_explain_note(x, 0, note, sizeof note);
        set(e, "note", json_string(note));
        ybp_explain_note(x, 1, note, sizeof note);
        set(e, "note_en", json_string(note));
        if (x->param && x->file) {
            snprintf(p, sizeof p, "tables/%s#%s", x->file, x->param);
            set(e, "param", json_string(p));
        }
        if (x->src) set(e, "source", json_string(x->src->id));
        json_array_append_new(ex, e);
    }
    set(o, "explain", ex);
    set(o, "trust", trust_json(r));
    for (int i = 0; i < r->nwarn; i++) json_array_append_new(wa, json_string(r->warn[i]));
    set(o, "warnings", wa);
    return o;
}

int yb_result_json(char **out, const yb_result *r, unsigned int flags, yb_error *err)
{
    json_t *o = ybp_result_build(r);
    *out = o ? json_dumps(o, JSON_PRESERVE_ORDER |
                                 ((flags & YB_JSON_COMPACT) ? JSON_COMPACT : JSON_INDENT(2))) : NULL;
    json_decref(o);
    if (*out == NULL) return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    return 0;
}

int yb_estimate_json(char **out, yb_engine *e, const char *text, size_t len,
                     const yb_options *opt, yb_error *err)
{
    yb_claim *c = NULL;
    const yb_result *r;
    int rc;
    *out = NULL;
    if ((rc = yb_claim_parse(&c, e->ts, text, len, "<claim>", err))) return rc;
    if ((rc = yb_settle(&r, e, c, opt, err)) == 0) rc = yb_result_json(out, r, YB_JSON_COMPACT, err);
    yb_claim_free(c);
    return rc;
}
