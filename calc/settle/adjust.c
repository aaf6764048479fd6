/* SPDX-License-Identifier: MIT */
/*
** adjust.c
** Step 2: adjustments — rules that change a benefit for some visits (docs/tables.md
** § Adjustments): out-of-area care, filing status, retirees, manual settlement.
**
** Which rules apply: every rule of the insured place's edition whose `when` matches, in
** table order; and before them the national table's matching rules, but only when none of
** the region's matching rules names `place` — a region that publishes its own out-of-area
** rules replaces the national defaults (医保发〔2022〕22号 sets ceilings, regions set values).
**
** Worked example (national default, 22号): a cross-province referral cuts each band ratio
** by at most 10 points: 85% → 75%. Unfiled other trips: at most 20 points: 85% → 65%.
*/
#include <string.h>

#include "settle/settle.h"

static const ybp_edition *national_edition(yb_engine *e, const yb_claim *c)
{
    int fell;
    if (e->ts->national == NULL) return NULL;
    return ybp_edition_at(e->ts->national, c->day, 1, &fell);
}

void ybp_adjust_collect(yb_engine *e, const yb_claim *c)
{
    const ybp_edition *ed = e->res.ed, *nat = national_edition(e, c);
    int region_names_place = 0;
    e->nadj = 0;
    for (size_t i = 0; i < ed->nadjust; i++)
        if (ybp_when_match(&ed->adjust[i].when, &e->dims) && ed->adjust[i].names_place)
            region_names_place = 1;
    for (int pass = 0; pass < 2; pass++) {
        const ybp_edition *x = pass == 0 ? nat : ed;
        if (x == NULL || (pass == 0 && region_names_place)) continue;
        for (size_t i = 0; i < x->nadjust; i++) {
            if (!ybp_when_match(&x->adjust[i].when, &e->dims)) continue;
            size_t cap = e->adj_cap;
            if (ybp_grow((void **)&e->adj, &cap, e->nadj + 1, sizeof *e->adj) ||
                ybp_grow((void **)&e->adj_table, &e->adj_cap, e->nadj + 1, sizeof *e->adj_table)) {
                e->res.oom = 1; /* every matching rule applies, or the settlement fails */
                return;
            }
            e->adj_table[e->nadj] = pass == 0 ? e->ts->national : e->t;
            e->adj[e->nadj++] = &x->adjust[i];
        }
    }
}

int ybp_adjust_has(const yb_engine *e, int op)
{
    for (size_t i = 0; i < e->nadj; i++)
        if (e->adj[i]->has[op]) return 1;
    return 0;
}

/* Applies every matching ratio operation to one band ratio, in order, within [0, 1]. */
int64_t ybp_adjust_ratio(yb_engine *e, int64_t r)
{
    for (size_t i = 0; i < e->nadj; i++) {
        const ybp_adjust *a = e->adj[i];
        if (a->has[YBP_OP_RATIO_MINUS]) r -= a->arg[YBP_OP_RATIO_MINUS];
        if (a->has[YBP_OP_RATIO_PLUS]) r += a->arg[YBP_OP_RATIO_PLUS];
        if (r < 0) r = 0;
        if (r > YBP_ONE) r = YBP_ONE;
        if (a->has[YBP_OP_RATIO_TIMES]) r = ybp_mulr(e, r, a->arg[YBP_OP_RATIO_TIMES], YBP_RATIO);
        if (a->has[YBP_OP_SELFSHARE_TIMES])
            r = YBP_ONE - ybp_mulr(e, YBP_ONE - r, a->arg[YBP_OP_SELFSHARE_TIMES], YBP_RATIO);
        if (a->has[YBP_OP_RATIO_FLOOR] && r < a->arg[YBP_OP_RATIO_FLOOR])
            r = a->arg[YBP_OP_RATIO_FLOOR];
        if (r < 0) r = 0;
        if (r > YBP_ONE) r = YBP_ONE;
    }
    return r;
}

/* Deductible operations in order; the product is rounded to the fen ("deductible"). */
int64_t ybp_adjust_deductible(yb_engine *e, int64_t d)
{
    for (size_t i = 0; i < e->nadj; i++) {
        const ybp_adjust *a = e->adj[i];
        int changed = 0;
        if (a->has[YBP_OP_DEDUCTIBLE_SET]) d = a->arg[YBP_OP_DEDUCTIBLE_SET], changed = 1;
        if (a->has[YBP_OP_DEDUCTIBLE_TIMES])
            d = ybp_mulr(e, d, a->arg[YBP_OP_DEDUCTIBLE_TIMES], YBP_RATIO), changed = 1;
        if (a->has[YBP_OP_DEDUCTIBLE_PCT]) {
            d = ybp_mulr(e, e->res.medfee, a->arg[YBP_OP_DEDUCTIBLE_PCT], YBP_RATIO);
            if (a->has_pct_min && d < a->pct_min) d = a->pct_min;
            if (a->has_pct_max && d > a->pct_max) d = a->pct_max;
            changed = 1;
        }
        if (changed) {
            ybp_explain *x = ybp_explain_add(e, "adjust_deductible", NULL, e->adj_table[i],
                                             "异地/备案规则调整起付线为 %s 元",
                                             "deductible adjusted to %s", XM(d), X0);
            x->value = d;
            x->param = a->path;
            x->src = a->src;
        }
    }
    return d;
}

/* 先自付: the share of the in-policy amount the patient pays first, before the deductible. */
int64_t ybp_adjust_prepay(yb_engine *e, int64_t inscp)
{
    int64_t pre = 0;
    for (size_t i = 0; i < e->nadj; i++) {
        const ybp_adjust *a = e->adj[i];
        if (!a->has[YBP_OP_PREPAY]) continue;
        int64_t p = ybp_mulr(e, inscp - pre, a->arg[YBP_OP_PREPAY], YBP_RATIO);
        pre += p;
    }
    return pre;
}
