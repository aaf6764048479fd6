/* SPDX-License-Identifier: MIT */
/*
** kernel.h
** The benchmark's reference kernel: the settlement of the benchmark's synthetic claims
** in plain int64 arithmetic (no MPFR, no floating point), used to check yb_settle() claim
** by claim and as a speed baseline. It knows only what the synthetic table uses: line
** split, deductible by level with a repeat-admission factor, year-scope outpatient
** deductible net of the ledger, bands on an axis that includes the deductible, an annual
** cap per cap group with the exact over_cap point, rounding half up once per fund, and an
** employee personal account. No adjustments, no layers, no fee bundles.
**
** Scales (as in the engine): money in fen (10^-2), ratios and factors in millionths
** (10^-6), unit prices in 10^-6 yuan, counts in 10^-4.
**
** Bounds that keep every product inside int64 (|x| < 9.2e18), guaranteed by the
** generator in bench.c: a line is at most 50000.00 yuan (5e6 fen); price × count is at
** most 5e4 yuan = 5e16 at scale 10^-10; an amount times a ratio is at most
** 1e10 fen × 1e6 = 1e16; ledger amounts stay below 1e8 fen.
*/
#ifndef BENCH_KERNEL_H
#define BENCH_KERNEL_H

#include <stdint.h>

#define BK_MAX_LINES 12
#define BK_MAX_BANDS 4
#define BK_MAX_REPEAT 4

enum { BK_EMPLOYEE, BK_RESIDENT, BK_NSCHEME };
enum { BK_INPATIENT, BK_OUTPATIENT, BK_NSETTING };
enum { BK_COMMUNITY, BK_LEVEL1, BK_LEVEL2, BK_LEVEL3, BK_NLEVEL };
enum { BK_GROUP_BASIC, BK_GROUP_OUTPATIENT, BK_NGROUP }; /* cap groups */
/* Burden categories the personal account may pay (bit mask). */
enum { BK_PAYS_PRESELFPAY = 1, BK_PAYS_DEDUCTIBLE = 2, BK_PAYS_COPAY = 4, BK_PAYS_OVER_CAP = 8 };

/* One fee line: `amount`, or `pric` × `cnt` (with an optional price ceiling). */
typedef struct bk_line {
    char cls;          /* 'A', 'B' or 'C' */
    char priced;       /* pric × cnt rather than amount */
    char has_uplmt;    /* pric_uplmt_amt given */
    char has_prop;     /* selfpay_prop given (else the catalogue default) */
    int64_t amount;    /* fen */
    int64_t pric, cnt; /* 10^-6 yuan, 10^-4 */
    int64_t uplmt;     /* 10^-6 yuan */
    int64_t prop;      /* millionths */
} bk_line;

/* One synthetic claim, as the generator made it (bench.c renders it to JSON). */
typedef struct bk_claim {
    int scheme, setting, level;
    int year, month, day;   /* visit date */
    int admission;          /* 0 = not given: the ledger's count + 1 */
    int has_ledger;         /* year_to_date given */
    int ledger_year;        /* 0 = not given; another year than the visit's = zero */
    int admissions;         /* ledger: admissions so far */
    int64_t dedc_paid[BK_NSETTING];
    int64_t axis[BK_NGROUP], fund_paid[BK_NGROUP];
    int has_balance;
    int64_t balance;        /* account balance, fen */
    int nlines;
    bk_line lines[BK_MAX_LINES];
} bk_claim;

/* What the benchmark compares with the engine's result. */
typedef struct bk_out {
    int64_t medfee, fulamt, overlmt, preselfpay, inscp, dedc, hifp, psn_part, acct, cash,
        over_cap;
} bk_out;
#define BK_NFIELDS 11
extern const char *const bk_field_names[BK_NFIELDS];
/* The fields of o in bk_field_names order. */
int64_t bk_field(const bk_out *o, int i);

/* A benefit (one scheme, one setting) of the synthetic table. */
typedef struct bk_benefit {
    int64_t deductible[BK_NLEVEL]; /* fen, by hospital level */
    int nrepeat;                   /* repeat_admission factors; 0 = none */
    int64_t repeat[BK_MAX_REPEAT]; /* millionths */
    int deductible_year;           /* deductible_scope "year" (net of the ledger) */
    int band_year;                 /* band_scope "year" (the axis continues the ledger's) */
    int nbands;
    int64_t to[BK_MAX_BANDS];      /* exclusive upper edges, fen; the last is unbounded */
    int64_t ratio[BK_MAX_BANDS];   /* millionths */
    int64_t cap;                   /* fen; -1 = no cap */
    int group;                     /* cap group */
} bk_benefit;

/* The parameters of the synthetic table, hard-coded (bench.c holds the same as JSON). */
typedef struct bk_params {
    int64_t class_b_default; /* catalog.class_b_selfpay, millionths */
    bk_benefit benefit[BK_NSCHEME][BK_NSETTING];
    int account_pays[BK_NSCHEME]; /* BK_PAYS_* mask; 0 = no personal account */
} bk_params;

extern const bk_params bk_synthetic;

/* Settles one claim. */
void bk_settle(const bk_params *p, const bk_claim *c, bk_out *o);

#endif
