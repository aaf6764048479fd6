/* SPDX-License-Identifier: MIT */
/*
** split.c
** Step 1 of the pipeline: each fee line splits into four parts (national 2301 fields):
**
**   全自费  fulamt_ownpay_amt  the whole line when it is class C (丙类, outside the catalogue);
**   超限价  overlmt_amt        (pric − pric_uplmt_amt) × cnt when the price is above the ceiling;
**   先行自付 preselfpay_amt     (line − over-limit) × selfpay_prop, for class B (乙类);
**   政策内  inscp_scp_amt      the rest, so line = fulamt + overlmt + preselfpay + inscp exactly.
**
** Each part is rounded to the fen where it is computed (named rounding point "line"), with
** the edition's rounding rule; inscp is what is left, so the identity needs no rounding.
** selfpay_prop comes from the line, else from the catalogue that applies: the place of
** treatment's for direct settlement, the insured place's for manual (就医地目录).
**
** Worked example (晋城 bed fee): a VIP room at 480 元/day × 10 days with a payment ceiling
** of 30 元/day: line 4800, over-limit (480 − 30) × 10 = 4500, in policy 300.
** 黑龙江 2020: 乙类 5000 with 10% → preselfpay 500, in policy 4500.
*/
#include <stdio.h>
#include <stdlib.h>

#include "settle/settle.h"

/*
** The catalogue whose 乙类 default applies: 就医地 for direct settlement, 参保地 for manual
** (docs/claims.md § Which catalogue), in the edition in force on the visit's date; national.json's
** default when that place has none (or no edition on that date).
*/
const ybp_node *ybp_catalogue(yb_engine *e, const yb_claim *c)
{
    int fell;
    const ybp_table *t = c->manual ? c->insured : c->treated;
    const ybp_edition *ed = t ? ybp_edition_at(t, c->day, 0, &fell) : NULL;
    if (ed && ed->class_b_selfpay) {
        e->res.cat_table = t;
        e->res.cat_ed = ed;
        return ed->class_b_selfpay;
    }
    if (e->ts->national && (ed = ybp_edition_at(e->ts->national, c->day, 0, &fell)) != NULL &&
        ed->class_b_selfpay) {
        e->res.cat_table = e->ts->national;
        e->res.cat_ed = ed;
        return ed->class_b_selfpay;
    }
    return NULL;
}

static int64_t price_times_count(yb_engine *e, int64_t pric, int64_t cnt)
{
    /* 10^-6 × 10^-4 = 10^-10; to fen drops 8 digits. */
    return ybp_mulr(e, pric, cnt, YBP_PRICE + YBP_CNT - YBP_AMT);
}

int ybp_split(yb_engine *e, const yb_claim *c, const ybp_node *class_b)
{
    yb_result *r = &e->res;
    const ybp_node *dflt = NULL;
    if (c->bundle) {
        int64_t classb_pre = 0;
        if (c->b_has_classb) {
            if ((dflt = ybp_resolve(class_b, &e->dims, e->t, e->err)) == NULL && class_b)
                return YB_ECLAIM;
            if (dflt == NULL)
                return ybp_err(e->err, YB_ECLAIM, c->name, 0, 0, "/fees/class_b",
                               "class_b needs a catalogue default (乙类先行自付比例), and no "
                               "table that applies has one: give preselfpay_amt instead");
            classb_pre = ybp_mulr(e, c->b_classb, dflt->num, YBP_RATIO);
        }
        r->medfee = c->b_medfee;
        r->fulamt = c->b_fulamt;
        r->overlmt = c->b_overlmt;
        r->preselfpay = c->b_preselfpay + classb_pre;
        r->inscp = r->medfee - r->fulamt - r->overlmt - r->preselfpay;
        r->nlines = 0;
        return 0;
    }
    if (c->nlines > e->lines_cap) {
        ybp_line_out *nl = realloc(e->lines, c->nlines * sizeof *nl);
        if (nl == NULL) return ybp_err(e->err, YB_ENOMEM, c->name, 0, 0, "", "out of memory");
        e->lines = nl;
        e->lines_cap = c->nlines;
    }
    r->lines = e->lines;
    r->nlines = c->nlines;
    /* Totals are sums of integers, kept as integers: 100 000 lines of at most 10^15 fen
       (the claim parser's bound) sum below 10^20 < 2^127, exactly. */
    __extension__ __int128 tot[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < c->nlines; i++) {
        const ybp_line *l = &c->lines[i];
        ybp_line_out *o = &e->lines[i];
        o->det = l->priced ? price_times_count(e, l->pric, l->cnt) : l->amount;
        o->fulamt = o->overlmt = o->preselfpay = o->inscp = 0;
        o->prop = 0;
        if (l->cls == 'C') {
            o->fulamt = o->det;
        } else {
            if (l->has_uplmt && l->pric > l->uplmt)
                o->overlmt = price_times_count(e, l->pric - l->uplmt, l->cnt);
            if (l->cls == 'B') {
                if (l->has_prop) {
                    o->prop = l->prop;
                } else {
                    if (dflt == NULL && class_b &&
                        (dflt = ybp_resolve(class_b, &e->dims, e->t, e->err)) == NULL)
                        return YB_ECLAIM;
                    if (dflt == NULL) {
                        char at[40];
                        snprintf(at, sizeof at, "/lines/%zu", i);
                        return ybp_err(e->err, YB_ECLAIM, c->name, 0, 0, at,
                                       "乙类费用没有先行自付比例，适用的参数表也没有公布目录默认"
                                       "比例，请提供比例 / a class B (乙类) line with no "
                                       "selfpay_prop, and no table that applies publishes a "
                                       "catalogue default: give \"selfpay_prop\"");
                    }
                    o->prop = dflt->num;
                }
                o->preselfpay = ybp_mulr(e, o->det - o->overlmt, o->prop, YBP_RATIO);
            }
            o->inscp = o->det - o->overlmt - o->preselfpay;
        }
        tot[0] += o->fulamt, tot[1] += o->overlmt, tot[2] += o->preselfpay, tot[3] += o->inscp;
    }
    /* A visit above 10^13 yuan is not a visit: refuse it rather than overflow. Each part
       is at most the total, so all five fit int64 from here on. */
    if (tot[0] + tot[1] + tot[2] + tot[3] > 1000000000000000LL) /* 10^13 yuan, in fen */
        return ybp_err(e->err, YB_ECLAIM, c->name, 0, 0, "/lines",
                       "the visit's total is above 10 trillion yuan");
    r->fulamt = (int64_t)tot[0];
    r->overlmt = (int64_t)tot[1];
    r->preselfpay = (int64_t)tot[2];
    r->inscp = (int64_t)tot[3];
    r->medfee = r->fulamt + r->overlmt + r->preselfpay + r->inscp;
    if (dflt) ybp_note_source(e, dflt->src);
    return 0;
}
