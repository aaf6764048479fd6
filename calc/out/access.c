/* SPDX-License-Identifier: MIT */
/*
** access.c
** Typed reads of a result (yibao.h § Typed results): its amounts in fen, by field, so a
** billing tool, the CLI or the benchmark reads a settlement without printing and parsing
** JSON.
*/
#include <stdio.h>

#include "out/out.h"

static const char *const field_names[YB_NFIELDS] = {
    "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt",
    "act_pay_dedc", "hifp_pay", "hifob_pay", "hifmi_pay", "cvlserv_pay", "maf_pay", "hifes_pay",
    "oth_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay", "balc",
    "acct_mulaid_pay", "psn_burden.fulamt", "psn_burden.overlmt", "psn_burden.preselfpay",
    "psn_burden.deductible", "psn_burden.copay", "psn_burden.over_cap"};

const char *yb_field_name(yb_field f)
{
    return (unsigned)f < YB_NFIELDS ? field_names[f] : NULL;
}

long long yb_result_amount(const yb_result *r, yb_field f)
{
    return r ? ybp_amount(r, f) : 0;
}

long long yb_result_pool_prop(const yb_result *r) { return r ? r->pool_prop : 0; }

/* {=== Words */

const char *yb_result_text(const yb_result *r, yb_text t)
{
    const yb_claim *c = r ? r->claim : NULL;
    yb_result *m = (yb_result *)r; /* the result's cache of formatted strings */
    if (c == NULL) return NULL;
    switch (t) {
    case YB_T_ID: return c->id;
    case YB_T_PLACE: return ybp_place_names[c->place];
    case YB_T_INSUPLC_ADMDVS: return c->insured_code;
    case YB_T_MDTRTAREA_ADMVS: return c->treated_code;
    case YB_T_SETL_TIME: ybp_date_format(c->day, m->text_day); return m->text_day;
    case YB_T_SETTING: return ybp_setting_names[c->setting];
    case YB_T_SCHEME: return ybp_scheme_names[c->scheme];
    case YB_T_LEVEL: return c->level;
    case YB_T_FILING: return c->place == YBP_LOCAL ? "local" : c->filing;
    case YB_T_SETTLEMENT: return c->settlement;
    case YB_T_EDITION: return r->ed->ref;
    case YB_T_RELIABILITY: return r->worst >= 0 ? ybp_rel_names[r->worst] : NULL;
    case YB_T_CHECKED:
        if (r->checked < 0) return NULL;
        ybp_date_format(r->checked, m->text_checked);
        return m->text_checked;
    default: return NULL;
    }
}

size_t yb_result_nwarnings(const yb_result *r) { return r ? (size_t)r->nwarn : 0; }

const char *yb_result_warning(const yb_result *r, size_t i)
{
    return r && i < (size_t)r->nwarn ? r->warn[i] : NULL;
}

/* }=== */

/* {=== Rows, lines, steps, ledger */

static const char *const fund_names_zh[YBP_NFUND] = {
    "", "职工大额医疗费用补助基金", "城乡居民大病医疗保险基金", "公务员医疗补助基金",
    "医疗救助基金", "企业补充医疗保险基金", "其他基金"};

/* The rows a result prints: the basic fund's, and each other fund's that paid. */
size_t yb_result_nrows(const yb_result *r)
{
    size_t n = 0;
    for (size_t i = 0; r && i < r->nrows; i++) n += i == 0 || r->rows[i].pay != 0;
    return n;
}

int yb_result_row(const yb_result *r, size_t i, yb_fund_row *out)
{
    if (r == NULL || out == NULL) return YB_EUSAGE;
    for (size_t k = 0; k < r->nrows; k++) {
        const ybp_row *w = &r->rows[k];
        if (k > 0 && w->pay == 0) continue;
        if (i-- > 0) continue;
        int s = r->claim->scheme;
        out->fund_pay_type = ybp_fund_code(w->fund, s);
        out->fund_pay_type_name = w->fund != YBP_F_HIFP ? fund_names_zh[w->fund]
                                  : s == YBP_EMPLOYEE   ? "职工基本医疗保险统筹基金"
                                                        : "城乡居民基本医疗保险基金";
        out->inscp_scp_amt = w->inscp;
        out->fund_payamt = w->pay;
        out->crt_payb_lmt_amt = w->has_limit ? w->limit : 0;
        out->has_limit = w->has_limit;
        return 0;
    }
    return YB_EUSAGE;
}

size_t yb_result_nlines(const yb_result *r) { return r ? r->nlines : 0; }

int yb_result_line(const yb_result *r, size_t i, yb_line_split *out)
{
    if (r == NULL || out == NULL || i >= r->nlines) return YB_EUSAGE;
    const ybp_line_out *l = &r->lines[i];
    out->code = r->claim->lines[i].code;
    out->name = r->claim->lines[i].name;
    out->det_item_fee_sumamt = l->det;
    out->fulamt_ownpay_amt = l->fulamt;
    out->overlmt_amt = l->overlmt;
    out->preselfpay_amt = l->preselfpay;
    out->inscp_scp_amt = l->inscp;
    out->selfpay_prop = l->prop;
    return 0;
}

size_t yb_result_nsteps(const yb_result *r) { return r ? r->nexplain : 0; }

int yb_result_step(const yb_result *r, size_t i, int lang, yb_step *out, char *note,
                   size_t note_size)
{
    if (r == NULL || out == NULL || i >= r->nexplain) return YB_EUSAGE;
    const ybp_explain *x = &r->explain[i];
    out->step = x->step;
    out->has_value = x->has_value;
    out->value = x->value;
    out->table = x->param ? x->file : NULL;
    out->param = x->file ? x->param : NULL;
    out->source = x->src ? x->src->id : NULL;
    if (note && note_size) ybp_explain_note(x, lang != 0, note, note_size);
    return 0;
}

int yb_result_ledger_year(const yb_result *r) { return r ? r->after.year : 0; }

long long yb_result_admissions(const yb_result *r) { return r ? r->after.admissions : 0; }

size_t yb_result_nledger(const yb_result *r)
{
    return r ? YBP_NSETTING + 2 * r->after.ngroups + 2 * r->after.nlayers : 0;
}

int yb_result_ledger(const yb_result *r, size_t i, yb_ledger_item *out)
{
    if (r == NULL || out == NULL || i >= yb_result_nledger(r)) return YB_EUSAGE;
    const ybp_ledger *g = &r->after;
    if (i < YBP_NSETTING) {
        *out = (yb_ledger_item){"deductible_paid", ybp_setting_names[i], g->dedc[i]};
    } else if ((i -= YBP_NSETTING) < 2 * g->ngroups) {
        *out = (yb_ledger_item){i % 2 ? "fund_paid" : "axis", g->group[i / 2],
                                i % 2 ? g->fund_paid[i / 2] : g->axis[i / 2]};
    } else {
        i -= 2 * g->ngroups;
        *out = (yb_ledger_item){i % 2 ? "layer_paid" : "layer_basis", g->layer[i / 2],
                                i % 2 ? g->layer_paid[i / 2] : g->layer_basis[i / 2]};
    }
    return 0;
}

/* }=== */
