/* SPDX-License-Identifier: MIT */
/*
** kernel.c
** The benchmark's reference kernel (see kernel.h): the synthetic claims settled with int64
** arithmetic only. It follows the engine's pipeline (calc/settle/split.c, basic.c,
** calc/band.c, calc/layer.c) step for step, so that any difference is a bug on one side.
**
** Every rounding is half up (四舍五入) on a non-negative exact quotient, the synthetic
** table's rule: q = n / d, and one more when the remainder is at least half of d.
*/
#include "kernel.h"

#define FEN_PER_PRICE_COUNT 100000000 /* 10^-6 × 10^-4 = 10^-10 → fen: drop 8 digits */
#define ONE 1000000                   /* 1 in millionths */

/*
** The synthetic table's parameters, mirroring bench.c's JSON (region 990001). Not a real
** region's policy: numbers chosen to exercise every step, including odd deductibles whose
** half is not a whole fen (733.33 × 0.5 = 366.665 → 366.67).
*/
const bk_params bk_synthetic = {
    .class_b_default = 100000, /* 10% */
    .benefit = {
        [BK_EMPLOYEE] = {
            [BK_INPATIENT] = {
                .deductible = {30000, 50000, 73333, 130000}, /* 300, 500, 733.33, 1300 */
                .nrepeat = 2, .repeat = {ONE, 500000},       /* ["1", "0.5"] */
                .nbands = 3, .to = {1000000, 3000000},       /* to 10000, to 30000, rest */
                .ratio = {800000, 850000, 900000},           /* 80%, 85%, 90% */
                .cap = 15000000, .group = BK_GROUP_BASIC},   /* 150000 */
            [BK_OUTPATIENT] = {
                .deductible = {80000, 80000, 80000, 80000},  /* 800 a year */
                .deductible_year = 1, .band_year = 1,
                .nbands = 2, .to = {1000000},                /* to 10000, rest */
                .ratio = {600000, 700000},                   /* 60%, 70% */
                .cap = 600000, .group = BK_GROUP_OUTPATIENT}, /* 6000 */
        },
        [BK_RESIDENT] = {
            [BK_INPATIENT] = {
                .deductible = {20000, 40000, 65055, 100000}, /* 200, 400, 650.55, 1000 */
                .nrepeat = 2, .repeat = {ONE, 500000},
                .nbands = 3, .to = {1000000, 3000000},
                .ratio = {700000, 750000, 850000},           /* 70%, 75%, 85% */
                .cap = 12000000, .group = BK_GROUP_BASIC},   /* 120000 */
            [BK_OUTPATIENT] = {
                .deductible = {20000, 20000, 20000, 20000},  /* 200 a year */
                .deductible_year = 1, .band_year = 1,
                .nbands = 2, .to = {300000},                 /* to 3000, rest */
                .ratio = {500000, 550000},                   /* 50%, 55% */
                .cap = 150000, .group = BK_GROUP_OUTPATIENT}, /* 1500 */
        },
    },
    .account_pays = {
        [BK_EMPLOYEE] = BK_PAYS_PRESELFPAY | BK_PAYS_DEDUCTIBLE | BK_PAYS_COPAY | BK_PAYS_OVER_CAP,
        [BK_RESIDENT] = 0,
    },
};

const char *const bk_field_names[BK_NFIELDS] = {
    "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt",
    "inscp_scp_amt", "act_pay_dedc",      "hifp_pay",        "psn_part_amt",
    "acct_pay",      "psn_cash_pay",      "over_cap"};

int64_t bk_field(const bk_out *o, int i)
{
    switch (i) {
    case 0: return o->medfee;
    case 1: return o->fulamt;
    case 2: return o->overlmt;
    case 3: return o->preselfpay;
    case 4: return o->inscp;
    case 5: return o->dedc;
    case 6: return o->hifp;
    case 7: return o->psn_part;
    case 8: return o->acct;
    case 9: return o->cash;
    default: return o->over_cap;
    }
}

/* round(n / d) half up, for n >= 0 and d > 0. */
static int64_t div_half_up(int64_t n, int64_t d)
{
    int64_t q = n / d, r = n % d;
    return q + (r >= d - r);
}

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/*
** Pays the segment [s, t) of the axis band by band, capped at cap_left (-1 = none), as
** calc/band.c does. `paid` is the payment so far at scale 10^-8 (fen × ratio), exact; it is
** rounded to the fen once at the end ("at": "fund"). When a band would take the payment past
** the cap, the cap binds in it at lo + (cap_left − paid) / ratio, rounded to the fen.
*/
static int64_t bands_pay(const bk_benefit *b, int64_t s, int64_t t, int64_t cap_left,
                         int64_t *point)
{
    int64_t paid = 0, cap = cap_left * ONE, lo_band = 0;
    *point = t;
    if (t <= s) return 0;
    for (int i = 0; i < b->nbands; i++) {
        int last = i + 1 == b->nbands;
        int64_t hi_band = last ? -1 : b->to[i];
        int64_t lo = lo_band > s ? lo_band : s;
        int64_t hi = !last && hi_band < t ? hi_band : t;
        lo_band = hi_band;
        if (hi <= lo) continue;
        int64_t band = (hi - lo) * b->ratio[i];
        if (cap_left >= 0 && paid + band > cap) {
            *point = lo + div_half_up(cap - paid, b->ratio[i]);
            if (*point > hi) *point = hi;
            return cap_left;
        }
        paid += band;
    }
    int64_t pay = div_half_up(paid, ONE);
    return cap_left >= 0 && pay > cap_left ? cap_left : pay;
}

void bk_settle(const bk_params *p, const bk_claim *c, bk_out *o)
{
    const bk_benefit *b = &p->benefit[c->scheme][c->setting];
    int64_t fulamt = 0, overlmt = 0, pre = 0, inscp = 0;

    /* Step 1: each line → fulamt / overlmt / preselfpay / inscp, each rounded to the fen. */
    for (int i = 0; i < c->nlines; i++) {
        const bk_line *l = &c->lines[i];
        int64_t det = l->priced ? div_half_up(l->pric * l->cnt, FEN_PER_PRICE_COUNT) : l->amount;
        int64_t ov = 0, pr = 0;
        if (l->cls == 'C') {
            fulamt += det;
            continue;
        }
        if (l->priced && l->has_uplmt && l->pric > l->uplmt)
            ov = div_half_up((l->pric - l->uplmt) * l->cnt, FEN_PER_PRICE_COUNT);
        if (l->cls == 'B')
            pr = div_half_up((det - ov) * (l->has_prop ? l->prop : p->class_b_default), ONE);
        overlmt += ov;
        pre += pr;
        inscp += det - ov - pr;
    }
    o->fulamt = fulamt;
    o->overlmt = overlmt;
    o->preselfpay = pre;
    o->inscp = inscp;
    o->medfee = fulamt + overlmt + pre + inscp;

    /* The ledger counts only for a visit in its own year (no year given: any year). */
    int ledger = c->has_ledger && (c->ledger_year == 0 || c->ledger_year == c->year);
    int64_t admissions = ledger ? c->admissions : 0;
    int64_t dedc_paid = ledger ? c->dedc_paid[c->setting] : 0;
    int64_t axis = ledger ? c->axis[b->group] : 0;
    int64_t fund_paid = ledger ? c->fund_paid[b->group] : 0;

    /* Step 3: the deductible, with the repeat-admission factor rounded to the fen. */
    int64_t adm = c->admission ? c->admission : admissions + 1;
    int64_t ded = b->deductible[c->level];
    if (b->nrepeat)
        ded = div_half_up(ded * b->repeat[(adm < b->nrepeat ? adm : b->nrepeat) - 1], ONE);
    int64_t open = ded;
    if (b->deductible_year) open = ded > dedc_paid ? ded - dedc_paid : 0;
    o->dedc = min64(inscp, open);

    /* Steps 4–5: bands on [a0 + deductible paid, a0 + in-policy), under the cap. */
    int64_t a0 = b->band_year ? axis : 0, point;
    int64_t cap_left = b->cap < 0 ? -1 : b->cap > fund_paid ? b->cap - fund_paid : 0;
    o->hifp = bands_pay(b, a0 + o->dedc, a0 + inscp, cap_left, &point);
    o->over_cap = a0 + inscp - point;
    int64_t copay = inscp - o->dedc - o->hifp - o->over_cap;

    /* Step 7: personal part, account, cash. */
    o->psn_part = o->medfee - o->hifp;
    o->acct = 0;
    if (p->account_pays[c->scheme] && c->has_balance) {
        int m = p->account_pays[c->scheme];
        int64_t payable = (m & BK_PAYS_PRESELFPAY ? pre : 0) + (m & BK_PAYS_DEDUCTIBLE ? o->dedc : 0) +
                          (m & BK_PAYS_COPAY ? copay : 0) + (m & BK_PAYS_OVER_CAP ? o->over_cap : 0);
        o->acct = min64(payable, c->balance);
    }
    o->cash = o->psn_part - o->acct;
}
