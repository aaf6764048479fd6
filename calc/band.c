/*
** band.c
** Steps 4 and 5: bands (分段) and the cap (封顶线).
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
#include "engine.h"

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
** is an integer at scale 10^-8 (held in e->s). cap_left < 0 means no cap.
*/
int64_t ybp_bands_pay(yb_engine *e, const ybp_rband *b, size_t n, int64_t s, int64_t t,
                      int64_t cap_left, int64_t *point)
{
    ybp_mp *m = &e->mp;
    int64_t pay;
    *point = t;
    if (t <= s) return 0;
    /* e->s: payment so far, exact, at scale 10^-8 (or fen × 10^6 when rounding per band). */
    YBX(m, mpfr_set_ui(e->s, 0, MPFR_RNDN));
    if (cap_left >= 0) {
        YBX(m, mpfr_set_si(e->c, cap_left, MPFR_RNDN));
        YBX(m, mpfr_mul_ui(e->c, e->c, YBP_ONE, MPFR_RNDN));
    }
    for (size_t i = 0; i < n; i++) {
        int64_t lo = b[i].lo > s ? b[i].lo : s;
        int64_t hi = b[i].hi >= 0 && b[i].hi < t ? b[i].hi : t;
        if (hi <= lo) continue;
        /* e->b = this band's payment at scale 10^-8 */
        YBX(m, mpfr_set_si(e->b, hi - lo, MPFR_RNDN));
        YBX(m, mpfr_mul_si(e->b, e->b, b[i].ratio, MPFR_RNDN));
        if (e->at_band) {
            ybp_q_round10(m, e->b, e->b, YBP_RATIO, e->mode);
            YBX(m, mpfr_mul_ui(e->b, e->b, YBP_ONE, MPFR_RNDN));
        }
        YBX(m, mpfr_add(e->d, e->s, e->b, MPFR_RNDN));
        if (cap_left >= 0 && mpfr_cmp(e->d, e->c) > 0) {
            /* The cap binds in this band: point = lo + (cap_left − paid so far) / ratio. */
            YBX(m, mpfr_sub(e->d, e->c, e->s, MPFR_RNDN));
            YBX(m, mpfr_set_si(e->a, b[i].ratio, MPFR_RNDN));
            ybp_q_round(m, e->d, e->d, e->a, e->mode);
            *point = lo + ybp_mp_get(m, e->d);
            if (*point > hi) *point = hi;
            return cap_left;
        }
        YBX(m, mpfr_set(e->s, e->d, MPFR_RNDN));
    }
    ybp_q_round10(m, e->a, e->s, YBP_RATIO, e->mode);
    pay = ybp_mp_get(m, e->a);
    if (cap_left >= 0 && pay > cap_left) pay = cap_left; /* rounding up to the cap itself */
    return pay;
}
