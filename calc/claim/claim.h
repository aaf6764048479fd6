/* SPDX-License-Identifier: MIT */
/*
** claim.h
** A parsed, validated claim (docs/claims.md): who is insured where, the visit, its fee
** lines or a pre-summed bundle, the year ledger and the account balances, all as exact
** integers. Built by claim.c, changed field by field by set.c, read by settle/.
*/
#ifndef YBP_CLAIM_H
#define YBP_CLAIM_H

#include <stdatomic.h>

#include "model/model.h"

/* {=== Claims (claim.c) */

typedef struct ybp_line {
    const char *code, *name; /* echoed in the result; NULL when not given */
    int cls;                 /* 'A', 'B', 'C' */
    int priced;              /* pric × cnt rather than amount */
    int64_t amount;          /* fen, when !priced */
    int64_t pric, cnt;       /* price (10^-6), count (10^-4) */
    int has_uplmt;
    int64_t uplmt;           /* price ceiling (10^-6) */
    int has_prop;
    int64_t prop;            /* selfpay_prop (10^-6) */
} ybp_line;

typedef struct ybp_ledger {
    int year; /* 0 = not given */
    int64_t admissions;
    int64_t dedc[YBP_NSETTING];
    size_t ngroups;
    const char *group[8];
    int64_t axis[8], fund_paid[8];
    size_t nlayers;
    const char *layer[16];
    int64_t layer_basis[16], layer_paid[16];
} ybp_ledger;

struct yb_claim {
    /* References: the caller's, and an engine's while its result points into the claim,
       so freeing a claim before reading its result is safe (yb_claim_free). */
    atomic_int refs;
    ybp_arena arena;
    const char *name;
    const char *text; /* kept to locate errors found while settling */
    size_t len;
    char *owned_text; /* text, when the claim owns it (yb_claim_parse) */
    const char *top, *vis; /* where the insured's and the visit's keys sit in text */
    const yb_tables *ts;                /* the set it was parsed against */
    const char *id;                     /* the claim's own identifier, echoed; or NULL */
    const ybp_table *insured, *treated; /* treated may be NULL (no table) */
    const char *insured_code, *treated_code;
    int scheme, setting, place;
    const char *person, *tier, *group, *filing, *level, *settlement;
    int age; /* -1 = not given */
    long day;
    int64_t admission; /* 0 = the ledger's count + 1 */
    int manual;
    size_t nlines;
    ybp_line *lines;
    int bundle; /* fees given pre-summed */
    int64_t b_medfee, b_fulamt, b_overlmt, b_preselfpay;
    int b_has_classb;
    int64_t b_classb;
    ybp_ledger ledger;
    int has_balance;
    int64_t balance;
    int has_family;
    int64_t family_balance; /* a family member's account shared under 共济 */
    int nwarn;
    char (*warn)[200]; /* the parser's warnings, in the arena when there are any */
};
/*
** A claim from an already-parsed document: `root` holds the claim's keys; `top` and `vis`
** are where the insured person's and the visit's keys sit in `text`, which is borrowed and
** must outlive the claim (yibao year keeps its document).
*/
YBP_FUNC int ybp_claim_of(yb_claim **out, const yb_tables *ts, json_t *root, const char *text,
                          size_t len, const char *name, const char *top, const char *vis,
                          yb_error *err);
/*
** Parses `text` into *c, reusing the claim (its memory, not its contents) when *c is not
** NULL — a batch worker's one claim, line after line, with no allocation in steady state.
** The text is borrowed and must outlive the claim's use. A failed parse leaves a claim
** that may only be reparsed or freed. With `ja` (Jansson on yibao's allocator), the JSON
** tree is built in that arena and dropped by resetting it.
*/
YBP_FUNC int ybp_claim_reparse(yb_claim **c, const yb_tables *ts, const char *text, size_t len,
                               const char *name, ybp_jarena *ja, yb_error *err);
/* Takes a reference to c (for a result that points into it); yb_claim_free releases one. */
YBP_FUNC void ybp_claim_hold(const yb_claim *c);
/* The document path of a path into the claim (the engine's errors name claim paths). */
YBP_FUNC const char *ybp_claim_path(const yb_claim *c, const char *path, char *buf, size_t size);
/* }=== */

#endif
