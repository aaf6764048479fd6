/* SPDX-License-Identifier: MIT */
/*
** settle.h
** The settlement engine: one thread's scratch (MPFR registers initialised once, growable
** arrays reset per settlement) and the result of its last settlement. engine.c runs the
** steps in order and checks the identities; each step has its own file, and every step
** records what it did through trace.c and the ledger through ledger.c — never by calling
** engine.c back.
*/
#ifndef YBP_SETTLE_H
#define YBP_SETTLE_H

#include "claim/claim.h"

/* Bands per list: a real limit, refused at load (docs/tables.md). Nothing else is capped:
   explain entries, warnings, setldetail rows and matching adjustments live in growable
   arrays owned by the engine, reset (not freed) per settlement. */
#define YBP_MAX_BANDS 32

/* Per-line split (national 2301 output fields), in fen. */
typedef struct ybp_line_out {
    int64_t det, fulamt, overlmt, preselfpay, inscp, prop;
} ybp_line_out;

/*
** An explain argument: money (fen), a whole number, or a string that outlives the result.
** Notes are formatted only when a result is printed (result.c), never while settling.
*/
typedef struct ybp_xarg {
    char kind; /* 'm' money, 'n' number, 's' string, 0 none */
    int64_t v;
    const char *s;
} ybp_xarg;
#define XM(x) ((ybp_xarg){'m', (x), NULL})
#define XN(x) ((ybp_xarg){'n', (x), NULL})
#define XS(x) ((ybp_xarg){'s', 0, (x)})
#define X0 ((ybp_xarg){0, 0, NULL})

typedef struct ybp_explain {
    const char *step;
    int has_value;
    int64_t value; /* fen */
    const char *zh, *en; /* formats with up to two %s */
    ybp_xarg a[2];
    const char *file, *param;
    const ybp_source *src;
} ybp_explain;

typedef struct ybp_row {
    int fund;
    int64_t inscp, limit, pay;
    int has_limit;
} ybp_row;

/* A band resolved for this visit: [lo, hi) on its axis, with the ratio after adjustments. */
typedef struct ybp_rband {
    int64_t lo, hi; /* hi = -1: unbounded */
    int64_t ratio;
} ybp_rband;

/* A part of a result's JSON as last written, with what it depends on (out/result.c): the
   results of one region's claims name the same editions and sources, so their trust block
   is the same text, copied instead of written again. The engine keeps it, as it keeps its
   other scratch, so a result of another thread's engine never sees it. */
#define YBP_MEMO_PTRS 12
typedef struct ybp_memo {
    const void *ptr[YBP_MEMO_PTRS]; /* the editions, tables and sources the text names */
    size_t nptr;
    long num[4];                    /* and the numbers it was written with */
    char *text;                     /* NULL until a text is kept */
    size_t len, cap;
} ybp_memo;

struct yb_result {
    const yb_tables *ts;
    const yb_claim *claim;
    const ybp_edition *ed;      /* insured place's edition */
    const ybp_edition *cat_ed;  /* edition whose catalogue applied (may be NULL) */
    const ybp_table *cat_table;
    int admission;
    int64_t medfee, fulamt, overlmt, preselfpay, inscp, dedc;
    int64_t fund[YBP_NFUND], fund_sum, psn_part, acct, cash, balc;
    int64_t mulaid, family_balc; /* of acct: the part a family account paid (共济) */
    int64_t pool_prop; /* 10^-4 */
    int64_t burden[YBP_NCAT];
    size_t nrows;
    ybp_row *rows; /* the engine's growable array */
    /* Trust: every source a parameter of this result came from, the weakest reliability
       among them and the newest day one of them was checked (docs/results.md § trust). */
    size_t nused;
    const ybp_source **used; /* the engine's growable array */
    int worst;               /* enum ybp_rel; -1 before any source */
    long checked;
    const ybp_edition *nat_ed; /* national.json's edition, when its rules applied */
    size_t nlines;
    ybp_line_out *lines;
    ybp_ledger after;
    size_t nexplain;
    ybp_explain *explain; /* the engine's growable array */
    int nwarn;
    char (*warn)[YBP_WARN_SIZE]; /* the engine's growable array */
    int oom;              /* a growable array could not grow: the settlement fails */
    /* formatted on request by yb_result_text (out/access.c) */
    char text_day[11], text_checked[11];
    ybp_memo *trust_memo; /* the engine's */
};

struct yb_engine {
    const yb_tables *ts;
    ybp_mp mp;
    mpfr_t a, b, c, d, s; /* general registers */
    ybp_line_out *lines;
    size_t lines_cap;
    const ybp_source **used;
    size_t used_cap;
    ybp_row *rows;
    size_t rows_cap;
    ybp_explain *explain, spare; /* spare: written to when explain cannot grow */
    size_t explain_cap;
    char (*warn)[YBP_WARN_SIZE];
    size_t warn_cap;
    yb_result res;
    ybp_memo trust_memo;
    const yb_claim *held; /* the claim res points into, referenced until the next settle */
    /* Per-settlement state */
    ybp_dims dims;
    unsigned defaulted; /* dims.defaulted: values not given that a `default` case answered */
    size_t nadj, adj_cap;
    const ybp_adjust **adj;
    const ybp_table **adj_table;
    int mode, at_band;
    yb_error *err;
    const ybp_table *t; /* insured place's table */
};

/* {=== The trace: explain entries, warnings, sources, rows (trace.c) */
/* Adds an explain entry; zh and en are formats with up to two %s, filled by a1 and a2. */
YBP_FUNC ybp_explain *ybp_explain_add(yb_engine *e, const char *step, const ybp_node *param,
                                      const ybp_table *t, const char *zh, const char *en,
                                      ybp_xarg a1, ybp_xarg a2);
/* Formats an explain entry's note (lang 0 Chinese, 1 English) into buf. */
YBP_FUNC void ybp_explain_note(const ybp_explain *x, int lang, char *buf, size_t size);
YBP_FUNC void ybp_warn(yb_engine *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
YBP_FUNC void ybp_warn_text(yb_engine *e, const char *text);
/* Records that a parameter from `src` was used (trust), warning once if it is unverified. */
YBP_FUNC void ybp_note_source(yb_engine *e, const ybp_source *src);
/* Freshness: a warning when the visit is more than 12 months after the newest check. */
YBP_FUNC void ybp_freshness(yb_engine *e, const yb_claim *c);
/* Adds a setldetail row for fund f; NULL (and the settlement fails) when out of memory. */
YBP_FUNC ybp_row *ybp_row_add(yb_engine *e, int fund);
/* Clears every field of the engine's result (its growable arrays keep their memory). */
YBP_FUNC void ybp_result_reset(yb_engine *e);
/* }=== */

/* {=== The steps, in order */
/* 1 (split.c): the catalogue that applies, then lines (or the fee bundle) → four parts. */
YBP_FUNC const ybp_node *ybp_catalogue(yb_engine *e, const yb_claim *c);
YBP_FUNC int ybp_split(yb_engine *e, const yb_claim *c, const ybp_node *class_b);

/* 2 (adjust.c): the rules that match, and what they do to ratios and deductibles. */
YBP_FUNC void ybp_adjust_collect(yb_engine *e, const yb_claim *c);
YBP_FUNC int ybp_adjust_has(const yb_engine *e, int op);
YBP_FUNC int64_t ybp_adjust_ratio(yb_engine *e, int64_t ratio);
YBP_FUNC int64_t ybp_adjust_deductible(yb_engine *e, int64_t d);
YBP_FUNC int64_t ybp_adjust_prepay(yb_engine *e, int64_t inscp);

/* 3–5 (basic.c): the basic fund — deductible, bands, cap — or a cited "not covered". */
YBP_FUNC int ybp_basic(yb_engine *e, const yb_claim *c, const ybp_scheme *sc);
YBP_FUNC int ybp_bands_resolve(yb_engine *e, const ybp_node *bands, int64_t offset,
                               int adjust, ybp_rband *out, size_t *n);
/*
** Pays the segment [s, t) of an axis band by band, capped at cap_left (-1 = no cap).
** Returns the payment in fen; *point is where the cap binds (t when it does not).
*/
YBP_FUNC int64_t ybp_bands_pay(yb_engine *e, const ybp_rband *b, size_t n, int64_t s,
                               int64_t t, int64_t cap_left, int64_t *point);

/* 6 (layer.c): the funds after the basic fund. */
YBP_FUNC int ybp_layers(yb_engine *e, const yb_claim *c, const ybp_scheme *sc);
/* The national fund_pay_type code of a fund (310100, 390100, 330100 …). */
YBP_FUNC const char *ybp_fund_code(int fund, int scheme);
/* 7 (account.c): the personal account, and a family member's under 共济. */
YBP_FUNC void ybp_account(yb_engine *e, const yb_claim *c, const ybp_scheme *sc);
/* }=== */

/* {=== The year ledger (ledger.c) */
/* Index of a cap group or layer in the ledger, added when absent; -1 when full. */
YBP_FUNC int ybp_ledger_group(ybp_ledger *g, const char *name);
YBP_FUNC int ybp_ledger_layer(ybp_ledger *g, const char *id);
/* The ledger a result carries is one a claim may give back: below 10^16 yuan. */
YBP_FUNC int ybp_ledger_bounds(yb_engine *e, const yb_claim *c);
/* }=== */

/* x × y / 10^digits, rounded with the edition's rule, on the engine's MPFR context. */
#define ybp_mulr(e, x, y, digits) ybp_mul_round(&(e)->mp, (x), (y), (digits), (e)->mode)

#endif
