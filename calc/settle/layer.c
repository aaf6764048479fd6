/* SPDX-License-Identifier: MIT */
/*
** layer.c
** Steps 6 and 7: the funds after the basic fund, and the personal account.
**
** Layers (docs/tables.md § Layers) pay, in table order, a share of what the patient still bears
** in the categories they cover (their basis): 职工大额 hifob, 居民大病 hifmi, 公务员补助
** cvlserv, 医疗救助 maf, 企业补充 hifes, others oth. A layer has its own deductible, bands
** and cap on its own axis: the year's cumulative basis (scope "year") or this visit's.
** With band_axis "gross" the bands count the basis from zero, deductible included; with
** "above_deductible" they count only what is above the deductible.
** The payment is taken from the basis categories in the order listed, so no category is
** ever paid twice and the next layer sees only what is left.
**
** Worked example (51dongshi 2018, 大病): in-policy personal burden 50000, deductible 20000,
** bands on the amount above it: 0–2万 30%, 2–5万 40% → 20000 × 30% + 10000 × 40% = 10000.
*/
#include <string.h>

#include "settle/settle.h"

static const char *const fund_codes[YBP_NFUND] = {"", "330100", "390200", "320100",
                                                  "610100", "370100", "999997"};

static int64_t cap_amount(yb_engine *e, const ybp_node *n, int *ok)
{
    const ybp_node *x = n ? ybp_resolve(n, &e->dims, e->t, e->err) : NULL;
    *ok = !(n && x == NULL);
    if (x) ybp_note_source(e, x->src);
    return x ? x->num : -1;
}

static int one_layer(yb_engine *e, const yb_claim *c, const ybp_layer *y)
{
    yb_result *r = &e->res;
    ybp_rband b[YBP_MAX_BANDS];
    size_t nb;
    int ok, li = -1;
    int64_t basis = 0, a0 = 0, paid_before = 0, ded = 0, cap, cap_left = -1, pay, point;
    for (int k = 0; k < y->ncat; k++) basis += r->burden[y->basis[k]];
    if (y->scope == YBP_SCOPE_YEAR) {
        if ((li = ybp_ledger_layer(&r->after, y->id)) < 0)
            return ybp_err(e->err, YB_ECLAIM, c->name, 0, 0, "/year_to_date/layers",
                           "too many layers in the ledger");
        a0 = r->after.layer_basis[li];
        paid_before = r->after.layer_paid[li];
    }
    ded = cap_amount(e, y->deductible, &ok);
    if (!ok) return YB_ECLAIM;
    if (ded < 0) ded = 0;
    cap = cap_amount(e, y->cap, &ok);
    if (!ok) return YB_ECLAIM;
    if (cap >= 0) cap_left = cap > paid_before ? cap - paid_before : 0;
    if (ybp_bands_resolve(e, y->bands, y->above_deductible ? ded : 0, 0, b, &nb)) return YB_ECLAIM;
    /* The basis this visit adds lies at [a0, a0 + basis); only what is past the deductible
       is paid. */
    int64_t s = a0 > ded ? a0 : ded;
    pay = ybp_bands_pay(e, b, nb, s, a0 + basis, cap_left, &point);
    if (li >= 0) {
        r->after.layer_basis[li] += basis;
        r->after.layer_paid[li] += pay;
    }
    /* Take the payment from the basis categories in order. */
    int64_t left = pay;
    for (int k = 0; k < y->ncat && left > 0; k++) {
        int64_t take = r->burden[y->basis[k]] < left ? r->burden[y->basis[k]] : left;
        r->burden[y->basis[k]] -= take;
        left -= take;
    }
    if (left != 0)
        return ybp_err(e->err, YB_EINTERNAL, c->name, 0, 0, y->path,
                       "layer %s paid more than its basis", y->id);
    r->fund[y->fund] += pay;
    ybp_row *row = ybp_row_add(e, y->fund);
    if (row) {
        row->inscp = basis;
        row->pay = pay;
        row->has_limit = cap_left >= 0;
        row->limit = cap_left;
    }
    {
        ybp_explain *x = ybp_explain_add(e, "layer", y->bands, e->t, "%s 支付 %s 元",
                                         "%s pays %s", XS(y->name[0] ? y->name : y->id), XM(pay));
        x->value = pay;
        x->param = y->path;
    }
    return 0;
}

int ybp_layers(yb_engine *e, const yb_claim *c, const ybp_scheme *sc)
{
    for (size_t i = 0; i < sc->nlayers; i++) {
        const ybp_layer *y = &sc->layers[i];
        if (y->has_when && !ybp_when_match(&y->when, &e->dims)) continue;
        ybp_note_source(e, y->src);
        if (one_layer(e, c, y)) return e->err && e->err->code ? e->err->code : YB_EINTERNAL;
    }
    return 0;
}

const char *ybp_fund_code(int fund, int scheme)
{
    if (fund == YBP_F_HIFP) return scheme == YBP_EMPLOYEE ? "310100" : "390100";
    return fund_codes[fund];
}
