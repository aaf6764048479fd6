/* SPDX-License-Identifier: MIT */
/*
** basic.c
** Steps 3–5: the basic fund (统筹基金) — the deductible (起付线), the bands (分段) and the
** cap (封顶线) — or, when the table states the region does not cover the setting, nothing,
** citing that statement; when the table knows nothing of it, a refusal.
**
** The axis counts the in-policy amount from zero *including* the deductible, so a band
** {"to": "10000", "ratio": "80%"} with a 400 deductible pays (10000 − 400) × 80% = 7680.
** A visit occupies the segment [s, t) of the axis (s = axis start + deductible paid, t =
** axis start + in-policy amount); each band pays its ratio on its overlap with [s, t).
**
** Rounding: with "at": "fund" the exact products are summed and the fund's payment is
** rounded once; with "at": "band" each band's payment is rounded to the fen.
**
** The cap binds inside a band when the payment would pass what is left of the cap. The
** point where it binds is found by dividing by that band's ratio — a named rounding point,
** to the fen — and the in-policy amount beyond it is over_cap.
**
** Worked example (分段支付表A, first admission, deductible 400, cap 60000): bands to 10000
** at 80%, to 30000 at 85%, then 90%. 7680 + 17000 = 24680 is paid by 30000; the cap leaves
** 35320 for the third band, reached at 30000 + 35320 / 0.9 = 69244.444… → 69244.44.
*/
#include <stdio.h>
#include <string.h>

#include "settle/settle.h"

/* {=== Deductible, bands and cap */

/* Step 3: 起付线. Returns the deductible for this visit before what the year used. */
static int deductible(yb_engine *e, const ybp_benefit *b, int64_t *out)
{
    const ybp_node *d = b->deductible ? ybp_resolve(b->deductible, &e->dims, e->t, e->err) : NULL;

    int64_t ded = d ? d->num : 0;
    if (b->deductible && d == NULL) return YB_ECLAIM;
    if (d) ybp_explain_add(e, "deductible_standard", d, e->t, "起付标准 %s 元",
                           "deductible standard %s", XM(ded), X0)->value = ded;
    if (b->repeat) {
        /* repeat_admission: factors for the 1st, 2nd … admission, the last repeating. */
        const ybp_node *l = ybp_resolve(b->repeat, &e->dims, e->t, e->err);
        const ybp_list *list;
        if (l == NULL) return YB_ECLAIM;
        list = l->ptr;
        size_t k_adm = (size_t)e->res.admission;
        const ybp_node *f = ybp_resolve(list->v[(k_adm < list->n ? k_adm : list->n) - 1],
                                        &e->dims, e->t, e->err);
        if (f == NULL) return YB_ECLAIM;
        ded = b->repeat_amounts ? f->num : ybp_mulr(e, ded, f->num, YBP_RATIO);
        ybp_explain_add(e, "deductible_repeat", f, e->t, "本年度第 %s 次住院，起付线为 %s 元",
                        "admission %s of the year: deductible %s", XN(e->res.admission),
                        XM(ded))->value = ded;
    }
    *out = ybp_adjust_deductible(e, ded);
    return 0;
}

/* The setting's default scope (docs/tables.md: admission for inpatient, year otherwise). */
static int scope_of(int given, int setting)
{
    return given >= 0 ? given : setting == YBP_INPATIENT ? YBP_SCOPE_ADMISSION : YBP_SCOPE_YEAR;
}

int ybp_bands_resolve(yb_engine *e, const ybp_node *bands, int64_t offset, int adjust,
                      ybp_rband *out, size_t *n)
{
    const ybp_node *leaf = ybp_resolve(bands, &e->dims, e->t, e->err);
    const ybp_bands *b;
    int64_t lo = 0;
    if (leaf == NULL) return YB_ECLAIM;
    b = leaf->ptr; /* at most YBP_MAX_BANDS: the loader refuses more */
    for (size_t i = 0; i < b->n; i++) {
        const ybp_node *r = ybp_resolve(b->b[i].ratio, &e->dims, e->t, e->err), *to = NULL;
        if (r == NULL) return YB_ECLAIM;
        if (b->b[i].to && (to = ybp_resolve(b->b[i].to, &e->dims, e->t, e->err)) == NULL)
            return YB_ECLAIM;
        out[i].lo = lo + offset;
        out[i].hi = to ? to->num + offset : -1;
        if (to && to->num <= lo)
            return ybp_err(e->err, YB_ETABLE, e->t->name, 0, 0, to->path,
                           "bands out of order for this visit: \"to\" must increase");
        out[i].ratio = adjust ? ybp_adjust_ratio(e, r->num) : r->num;
        ybp_note_source(e, r->src);
        if (to) lo = to->num;
    }
    *n = b->n;
    return 0;
}

/*
** Pays [s, t) band by band. Amounts are fen, ratios millionths, so a band's exact payment
** is an integer at scale 10^-8: kept as a 128-bit integer (an integer step: |hi − lo| <
** 2^63 and a ratio at most 10^6 · 2^20, so each product and the sum of 32 of them stay
** far below 2^127; overflow is checked all the same). The divisions — the fund's payment
** to the fen, a band's with "at": "band", the point where the cap binds — are MPFR's, at
** the named rounding points. cap_left < 0 means no cap.
*/
int64_t ybp_bands_pay(yb_engine *e, const ybp_rband *b, size_t n, int64_t s, int64_t t,
                      int64_t cap_left, int64_t *point)
{
    ybp_mp *m = &e->mp;
    ybp_i128 paid = 0, cap = (ybp_i128)cap_left * YBP_ONE; /* scale 10^-8 */
    int64_t pay;
    *point = t;
    if (t <= s) return 0;
    for (size_t i = 0; i < n; i++) {
        int64_t lo = b[i].lo > s ? b[i].lo : s;
        int64_t hi = b[i].hi >= 0 && b[i].hi < t ? b[i].hi : t;
        ybp_i128 band, sum;
        if (hi <= lo) continue;
        band = (ybp_i128)(hi - lo) * b[i].ratio; /* this band's payment, scale 10^-8 */
        if (e->at_band) band = (ybp_i128)ybp_round10(m, band, YBP_RATIO, e->mode) * YBP_ONE;
        if (__builtin_add_overflow(paid, band, &sum)) {
            m->inexact = 1;
            return 0;
        }
        if (cap_left >= 0 && sum > cap) {
            /* The cap binds in this band: point = lo + (cap_left − paid so far) / ratio. */
            ybp_mp_set128(m, m->x, cap - paid);
            YBX(m, mpfr_set_si(e->a, b[i].ratio, MPFR_RNDN));
            ybp_q_round(m, m->x, m->x, e->a, e->mode);
            *point = lo + ybp_mp_get(m, m->x);
            if (*point > hi) *point = hi;
            return cap_left;
        }
        paid = sum;
    }
    pay = ybp_round10(m, paid, YBP_RATIO, e->mode);
    if (cap_left >= 0 && pay > cap_left) pay = cap_left; /* rounding up to the cap itself */
    return pay;
}

/* Steps 3–5 for the basic fund. */
static int basic_fund(yb_engine *e, const yb_claim *c, const ybp_benefit *b)
{
    yb_result *r = &e->res;
    ybp_ledger *g = &r->after;
    ybp_rband bands[YBP_MAX_BANDS];
    size_t nb;

    int64_t ded, open, a0 = 0, cap_left = -1, point, cost_cap = -1;
    int gi = ybp_ledger_group(g, b->cap_group);
    int dscope = scope_of(b->deductible_scope, c->setting);
    int bscope = scope_of(b->band_scope, c->setting);
    if (gi < 0)
        return ybp_err(e->err, YB_ECLAIM, c->name, 0, 0, "/year_to_date", "too many cap groups");
    if (deductible(e, b, &ded)) return YB_ECLAIM;
    open = ded;
    if (dscope == YBP_SCOPE_YEAR) {
        /* One deductible a year: what earlier visits paid counts (补差 at a higher level). */
        open = ded > g->dedc[c->setting] ? ded - g->dedc[c->setting] : 0;
    }
    r->dedc = r->inscp < open ? r->inscp : open;
    ybp_explain_add(e, "deductible", NULL, e->t, "本次支付起付线 %s 元（尚余起付标准 %s 元）",
                    "deductible paid this visit %s (open before it: %s)", XM(r->dedc),
                    XM(open))->value = r->dedc;
    if (ybp_bands_resolve(e, b->bands, 0, 1, bands, &nb)) return YB_ECLAIM;
    if (bscope == YBP_SCOPE_YEAR) a0 = g->axis[gi];
    if (b->cap) {
        const ybp_node *cp = ybp_resolve(b->cap, &e->dims, e->t, e->err);
        if (cp == NULL) return YB_ECLAIM;
        cap_left = cp->num > g->fund_paid[gi] ? cp->num - g->fund_paid[gi] : 0;
        ybp_explain_add(e, "cap", cp, e->t, "年度封顶线剩余 %s 元", "annual cap left %s",
                        XM(cap_left), X0)->value = cap_left;
    }
    if (b->cost_cap) {
        const ybp_node *cc = ybp_resolve(b->cost_cap, &e->dims, e->t, e->err);
        if (cc == NULL) return YB_ECLAIM;
        cost_cap = cc->num;
        ybp_note_source(e, cc->src);
    }
    int64_t s = a0 + r->dedc, t = a0 + r->inscp, paid_end = t;
    if (cost_cap >= 0 && paid_end > cost_cap) paid_end = cost_cap > s ? cost_cap : s;
    r->fund[YBP_F_HIFP] = ybp_bands_pay(e, bands, nb, s, paid_end, cap_left, &point);
    r->burden[YBP_C_OVERCAP] = t - point;
    r->burden[YBP_C_DEDUCTIBLE] = r->dedc;
    r->burden[YBP_C_COPAY] = r->inscp - r->dedc - r->fund[YBP_F_HIFP] - r->burden[YBP_C_OVERCAP];
    ybp_explain_add(e, "bands", b->bands, e->t, "统筹基金分段支付 %s 元", "basic fund pays %s by band",
                    XM(r->fund[YBP_F_HIFP]), X0)->value = r->fund[YBP_F_HIFP];
    if (r->burden[YBP_C_OVERCAP] > 0)
        ybp_explain_add(e, "over_cap", b->cap ? b->cap : b->cost_cap, e->t,
                        "超过封顶线的政策内费用 %s 元", "in-policy amount above the cap %s",
                        XM(r->burden[YBP_C_OVERCAP]), X0)->value = r->burden[YBP_C_OVERCAP];
    /* Ledger: the axis and the fund paid of this cap group; the deductible of this setting. */
    g->axis[gi] += r->inscp;
    g->fund_paid[gi] += r->fund[YBP_F_HIFP];
    g->dedc[c->setting] += r->dedc;
    r->rows[0].has_limit = cap_left >= 0;
    r->rows[0].limit = cap_left;
    return 0;
}
/* }=== */

/*
** No benefit for the visit's setting: refused when the table knows nothing of it (unknown
** is never zero), paid by nobody when the table states, with a source, that the region
** does not cover it.
*/
static int uncovered(yb_engine *e, const yb_claim *c, const ybp_scheme *sc, yb_error *err)
{
    yb_result *r = &e->res;
    const ybp_none *n = &sc->not_covered[c->setting];
    static const char *const zh[YBP_NSETTING] = {"住院", "普通门诊", "门诊慢特病"};
    if (!n->declared) {
        char d[11];
        ybp_date_format(c->day, d);
        return ybp_err(err, YB_ENODATA, c->insured->name, 0, 0, r->ed->path,
                       "%s（%s）的参数表没有%s%s待遇的数据（%s），无法估算 / %s's table has no "
                       "data for %s care under the %s scheme on %s: refused rather than "
                       "guessed",
                       c->insured->region_name, c->insured->code,
                       c->scheme == YBP_EMPLOYEE ? "职工医保" : "城乡居民医保", zh[c->setting], d,
                       c->insured->region_name, ybp_setting_names[c->setting],
                       ybp_scheme_names[c->scheme], d);
    }
    r->burden[YBP_C_COPAY] = r->inscp;
    /* One argument per language: each format skips the other's with %.0s. */
    ybp_explain *x = ybp_explain_add(e, "not_covered", NULL, e->t,
                                     "参保地政策不支付%s费用，政策内费用由个人负担%.0s",
                                     "%.0sthe insured place does not cover %s care: the "
                                     "in-policy amount stays personal",
                                     XS(zh[c->setting]), XS(ybp_setting_names[c->setting]));
    x->param = n->path;
    x->src = n->src;
    ybp_note_source(e, n->src);
    return 0;
}

/* Steps 3–5 for the visit's setting: benefits, a cited "not covered", or a refusal. */
int ybp_basic(yb_engine *e, const yb_claim *c, const ybp_scheme *sc)
{
    yb_result *r = &e->res;
    const ybp_node *bn = NULL;
    if (sc->benefit[c->setting] &&
        (bn = ybp_resolve(sc->benefit[c->setting], &e->dims, e->t, e->err)) == NULL)
        return YB_ECLAIM;
    if (bn == NULL) return uncovered(e, c, sc, e->err);
    if (ybp_adjust_has(e, YBP_OP_NOT_COVERED)) {
        r->burden[YBP_C_COPAY] = r->inscp;
        ybp_explain_add(e, "not_covered", NULL, e->t, "按异地就医规则，统筹基金不予支付%s%s",
                        "by the out-of-area rules the basic fund pays nothing%s%s", X0, X0);
        return 0;
    }
    ybp_note_source(e, ((const ybp_benefit *)bn->ptr)->src);
    return basic_fund(e, c, bn->ptr);
}
