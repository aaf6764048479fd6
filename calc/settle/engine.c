/* SPDX-License-Identifier: MIT */
/*
** engine.c
** One visit settled, step by step (docs/settlement.md):
**   1 lines → four parts (split.c)         5 cap (basic.c)
**   2 adjustments (adjust.c)               6 layers (layer.c)
**   3 deductible (basic.c)                 7 personal part and account (account.c)
**   4 bands (basic.c)                      8 manual settlement, 9 the ledger (ledger.c)
** then the identities are checked; a violation is a bug, returned as YB_EINTERNAL and never
** as a number. This file orders the steps and checks the results — nothing else: every
** step records what it did through trace.c, never by calling back here.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "settle/settle.h"

/* {=== Engine lifetime */

int yb_engine_new(yb_engine **out, const yb_tables *ts, yb_error *err)
{
    YBP_BEGIN(err);
    if (out == NULL || ts == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_engine_new: out and tables are required");
    yb_engine *e = calloc(1, sizeof *e);
    *out = NULL;
    if (e == NULL) return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    e->ts = ts;
    ybp_mp_init(&e->mp);
    mpfr_inits2(YBP_PREC, e->a, e->b, e->c, e->d, e->s, (mpfr_ptr)0);
    *out = e;
    return 0;
}

void yb_engine_free(yb_engine *e)
{
    if (e == NULL) return;
    yb_claim_free((yb_claim *)e->held);
    ybp_mp_clear(&e->mp);
    mpfr_clears(e->a, e->b, e->c, e->d, e->s, (mpfr_ptr)0);
    free(e->lines);
    free(e->used);
    free(e->rows);
    free(e->explain);
    free(e->warn);
    free(e->trust_memo.text);
    free(e->adj);
    free(e->adj_table);
    free(e);
}
/* }=== */

static void dims_of(yb_engine *e, const yb_claim *c)
{
    ybp_dims *d = &e->dims;
    d->admission = e->res.admission;
    d->v[YBP_BY_LEVEL] = c->level;
    d->v[YBP_BY_PERSON] = c->person;
    d->v[YBP_BY_TIER] = c->tier;
    d->v[YBP_BY_ADMISSION] = NULL;
    d->v[YBP_BY_PLACE] = ybp_place_names[c->place];
    d->v[YBP_BY_FILING] = c->place == YBP_LOCAL ? "local" : c->filing;
    d->v[YBP_BY_SETTLEMENT] = c->settlement;
    d->v[YBP_BY_GROUP] = c->group;
    d->v[YBP_BY_AGE] = NULL;
    d->age = c->age;
    d->setting = ybp_setting_names[c->setting];
    d->scheme = ybp_scheme_names[c->scheme];
    e->defaulted = 0;
    d->defaulted = &e->defaulted;
}

/* A value the visit did not give, answered by a table's `default` case: said, not hidden
   (a patient who leaves out the hospital's level should know the estimate assumed one). */
static void defaulted_warnings(yb_engine *e)
{
    static const char *const zh[YBP_NDIM] = {"医院等级", "人员类别", "缴费档次", "", "", "备案类型",
                                              "结算方式", "救助对象类别", ""};
    static const char *const en[YBP_NDIM] = {"the hospital's level", "the person type",
                                              "the contribution tier", "", "", "the filing",
                                              "the settlement", "the assistance group", ""};
    for (int k = 0; k < YBP_NDIM; k++)
        if (e->defaulted & (1u << k))
            ybp_warn(e, "未提供%s，按参数表中未列明情形的规定估算 / %s was not given: the table's "
                        "rule for other cases was used", zh[k], en[k]);
}

/* The identities of docs/settlement.md, and the bounds every result keeps. */
static int identities(yb_engine *e, const yb_claim *c)
{
    yb_result *r = &e->res;
    int64_t funds = 0, rows = 0, burden = 0;
    for (int f = 0; f < YBP_NFUND; f++) funds += r->fund[f];
    for (size_t i = 0; i < r->nrows; i++) rows += r->rows[i].pay;
    for (int k = 0; k < YBP_NCAT; k++) burden += r->burden[k];
    const char *broken =
        r->medfee != r->fulamt + r->overlmt + r->preselfpay + r->inscp ? "medfee = four parts"
        : r->fund_sum != funds                    ? "fund_pay_sumamt = Σ funds"
        : r->fund_sum != rows                     ? "fund_pay_sumamt = Σ setldetail"
        : r->medfee != r->fund_sum + r->psn_part  ? "medfee = fund + personal"
        : r->psn_part != r->acct + r->cash        ? "personal = account + cash"
        : r->psn_part != burden                   ? "personal = Σ burden categories"
        : r->dedc > r->inscp                      ? "deductible ≤ in-policy amount"
        : r->fund[YBP_F_HIFP] > r->inscp - r->dedc ? "basic fund ≤ in-policy above deductible"
        : (r->rows[0].has_limit && r->fund[YBP_F_HIFP] > r->rows[0].limit) ? "basic fund ≤ cap left"
                                                   : NULL;
    for (int k = 0; k < YBP_NCAT && !broken; k++)
        if (r->burden[k] < 0) broken = "no negative burden";
    for (int f = 0; f < YBP_NFUND && !broken; f++)
        if (r->fund[f] < 0) broken = "no negative fund payment";
    if (!broken && (r->mulaid > r->acct || r->family_balc < 0))
        broken = "family account share ≤ account payment";
    if (!broken && (r->inscp < 0 || r->cash < 0 || r->acct < 0 || r->balc < 0))
        broken = "no negative amount";
    if (!broken && e->mp.inexact) broken = "every operation exact (an MPFR result was inexact)";
    if (r->oom) return ybp_err(e->err, YB_ENOMEM, c->name, 0, 0, "", "out of memory");
    if (broken)
        return ybp_err(e->err, YB_EINTERNAL, c->name, 0, 0, "",
                       "internal error: invariant broken: %s (please report this claim)", broken);
    return 0;
}

static int settle(const yb_result **out, yb_engine *e, const yb_claim *c, const yb_options *opt,
                  yb_error *err);

/*
** Settles, and when an error points into a table (a selector with no case for this visit,
** say), adds the line and column of that value in the table's text.
*/
int yb_settle(const yb_result **out, yb_engine *e, const yb_claim *c, const yb_options *opt,
              yb_error *err)
{
    YBP_BEGIN(err);
    if (out == NULL || e == NULL || c == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_settle: out, engine and claim are required");
    *out = NULL;
    if (ybp_options_check(opt, err)) return YB_EUSAGE;
    if (c->ts != e->ts)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_settle: the claim was parsed against "
                       "another table set than the engine's");
    /* The previous result ends here; this one keeps its claim alive until the next. */
    yb_claim_free((yb_claim *)e->held);
    e->held = NULL;
    int rc = settle(out, e, c, opt, err);
    if (rc == 0) ybp_claim_hold(e->held = c);
    if (rc && err && err->line == 0) {
        const ybp_table *t = c->insured;
        if (!strcmp(err->source, t->name)) {
            ybp_err_locate(err, t->text, t->len);
        } else if (!strcmp(err->source, c->name) && err->path[0]) {
            char p[sizeof err->path];
            snprintf(err->path, sizeof err->path, "%s", ybp_claim_path(c, err->path, p, sizeof p));
            ybp_err_locate(err, c->text, c->len);
        }
    }
    return rc;
}

static int settle(const yb_result **out, yb_engine *e, const yb_claim *c, const yb_options *opt,
                  yb_error *err)
{
    yb_result *r = &e->res;
    const ybp_scheme *sc;
    int fell = 0, rc, year = ybp_date_year(c->day);
    *out = NULL;
    ybp_result_reset(e);
    e->err = err;
    e->mp.inexact = 0;
    e->nadj = 0;
    e->t = c->insured;
    r->ts = e->ts;
    r->claim = c;
    for (int i = 0; i < c->nwarn; i++) ybp_warn(e, "%s", c->warn[i]);
    r->ed = ybp_edition_at(c->insured, c->day, opt && opt->lenient, &fell);
    if (r->ed == NULL) return ybp_err_out_of_range(err, c->insured, NULL, c->day);
    if (fell) {
        char d[11], f[11];
        ybp_date_format(c->day, d);
        ybp_date_format(r->ed->from, f);
        ybp_warn(e, "按 --lenient 估算：%s 在 %s 没有生效的政策版本，已改用 %s 起的版本 / lenient: no "
                    "edition of %s is in force on %s; the edition from %s was used",
                 c->insured->region_name, d, f, c->insured->name, d, f);
    }
    e->mode = r->ed->round_mode;
    e->at_band = r->ed->round_at_band;
    /* The ledger: a visit in another year than the ledger's starts from zero. */
    r->after = c->ledger;
    if (c->ledger.year > year)
        return ybp_err(err, YB_ECLAIM, c->name, 0, 0, "/year_to_date/year",
                       "year_to_date is for %d, after the visit (%d): a ledger cannot come from a "
                       "later year", c->ledger.year, year);
    if (c->ledger.year && c->ledger.year != year) {
        memset(&r->after, 0, sizeof r->after);
        ybp_warn(e, "年度累计（year_to_date）属于 %d 年，本次就医在 %d 年：累计从零开始 / "
                    "year_to_date is for %d and the visit is in %d: the ledger starts from zero",
                 c->ledger.year, year, c->ledger.year, year);
    }
    r->after.year = year;
    r->admission = (int)(c->admission ? c->admission : r->after.admissions + 1);
    dims_of(e, c);
    sc = &r->ed->scheme[c->scheme];
    if (!sc->present)
        return ybp_err(err, YB_ENODATA, c->insured->name, 0, 0, r->ed->path,
                       "%s（%s）的参数表没有%s的数据 / %s's table has no data for the %s scheme "
                       "in this edition",
                       c->insured->region_name, c->insured->code,
                       c->scheme == YBP_EMPLOYEE ? "职工医保" : "城乡居民医保",
                       c->insured->region_name, ybp_scheme_names[c->scheme]);
    /* Step 1 */
    if ((rc = ybp_split(e, c, ybp_catalogue(e, c)))) return rc;
    /* Step 2 */
    ybp_adjust_collect(e, c);
    if (c->place != YBP_LOCAL && !strcmp(c->filing, "none")) {
        int own = 0; /* does the insured region publish its own rule for this visit? */
        for (size_t i = 0; i < e->nadj; i++) own |= e->adj_table[i] == e->t && e->adj[i]->names_place;
        /* One message in two languages: "中文…；中文… / English…; English…". */
        ybp_warn(e, "%s%s / %s%s",
                 own ? "未备案：按参保地对未备案异地就医的规定估算"
                     : "未备案：参保地未公布未备案异地就医的规定，本估算按国家对其他临时外出就医的降幅假设",
                 c->manual ? "" : "；异地直接结算须先备案，否则先自付再回参保地手工报销",
                 own ? "not filed: the insured region's own rule for unfiled care applies"
                     : "not filed: the insured region publishes no rule for unfiled care; this estimate "
                       "assumes the national cut for other temporary trips",
                 c->manual ? "" : "; direct settlement away from home needs a filing first, otherwise "
                                  "pay and claim back manually");
    }
    for (size_t i = 0; i < e->nadj; i++) {
        ybp_note_source(e, e->adj[i]->src);
        if (e->adj_table[i] != e->t) r->nat_ed = ybp_edition_at(e->adj_table[i], c->day, 0, &fell);
    }
    if (ybp_adjust_has(e, YBP_OP_PREPAY)) {
        int64_t pre = ybp_adjust_prepay(e, r->inscp);
        r->inscp -= pre;
        r->preselfpay += pre;
        ybp_explain_add(e, "prepay", NULL, e->t, "异地就医先行自付 %s 元", "paid first (先自付) %s",
                        XM(pre), X0)->value = pre;
    }
    r->burden[YBP_C_FULAMT] = r->fulamt;
    r->burden[YBP_C_OVERLMT] = r->overlmt;
    r->burden[YBP_C_PRESELFPAY] = r->preselfpay;
    if (ybp_row_add(e, YBP_F_HIFP) == NULL) return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    r->rows[0].inscp = r->inscp;
    /* Steps 3–5 */
    if ((rc = ybp_basic(e, c, sc))) return rc;
    r->rows[0].pay = r->fund[YBP_F_HIFP];
    if (c->setting == YBP_INPATIENT && r->admission > r->after.admissions)
        r->after.admissions = r->admission;
    /* Steps 6–7 */
    if ((rc = ybp_layers(e, c, sc))) return rc;
    for (int f = 0; f < YBP_NFUND; f++) r->fund_sum += r->fund[f];
    r->psn_part = r->medfee - r->fund_sum;
    ybp_account(e, c, sc);
    r->cash = r->psn_part - r->acct;
    /* pool_prop_selfpay: the basic fund's effective ratio, 4 decimals. */
    if (r->inscp - r->dedc > 0) {
        ybp_mp *m = &e->mp;
        YBX(m, mpfr_set_si(e->a, r->fund[YBP_F_HIFP], MPFR_RNDN));
        YBX(m, mpfr_mul_ui(e->a, e->a, 10000, MPFR_RNDN));
        YBX(m, mpfr_set_si(e->b, r->inscp - r->dedc, MPFR_RNDN));
        ybp_q_round(m, e->a, e->a, e->b, YBP_HALF_UP);
        r->pool_prop = ybp_mp_get(m, e->a);
    }
    ybp_freshness(e, c);
    defaulted_warnings(e);
    if ((rc = ybp_ledger_bounds(e, c))) return rc;
    if ((rc = identities(e, c))) return rc;
    *out = r;
    return 0;
}
