/* SPDX-License-Identifier: MIT */
/*
** model.h
** The compiled table model: what a table set is once compile/ has validated and frozen it
** — selector trees whose leaves hold exact integers, benefits, layers, adjustments, rates,
** annual figures, editions and sources — with the names of every closed set (names.c) and
** the queries a settlement asks of it (query.c): which edition and which annual figures
** are in force, which case a selector takes, whether a `when` filter matches.
*/
#ifndef YBP_MODEL_H
#define YBP_MODEL_H

#include "base/base.h"

enum ybp_place { YBP_LOCAL, YBP_IN_PROVINCE, YBP_CROSS_PROVINCE, YBP_NPLACE };
YBP_FUNC const char *const ybp_place_names[YBP_NPLACE];
/* The cases of the closed dimensions (NULL-terminated), for validation (names.c). */
YBP_FUNC const char *const ybp_level_cases[];
YBP_FUNC const char *const ybp_place_cases[];
YBP_FUNC const char *const ybp_filing_cases[]; /* with "local" */
YBP_FUNC const char *const ybp_settlement_cases[];
YBP_FUNC const char *const ybp_setting_cases[];
YBP_FUNC const char *const ybp_scheme_cases[];

/* {=== The compiled table model (built by compile/, read by everything above it) */

/* Dimensions a selector may switch on. */
enum ybp_dim {
    YBP_BY_LEVEL, YBP_BY_PERSON, YBP_BY_TIER, YBP_BY_ADMISSION, YBP_BY_PLACE,
    YBP_BY_FILING, YBP_BY_SETTLEMENT, YBP_BY_GROUP, YBP_BY_AGE, YBP_NDIM
};
YBP_FUNC const char *const ybp_dim_names[YBP_NDIM];

/* The kinds of value a leaf holds. */
enum ybp_vt { YBP_V_AMOUNT, YBP_V_RATIO, YBP_V_FACTOR, YBP_V_BANDS, YBP_V_BENEFIT,
              YBP_V_LIST };

typedef struct ybp_node ybp_node;
struct ybp_node {
    int select; /* 0: a leaf; 1: a selector */
    /* selector */
    int dim;
    size_t n;
    const char **keys; /* case names (NULL for age) */
    int *cases;        /* age: exclusive upper bounds (-1 last); admission: case numbers */
    ybp_node **kids;
    ybp_node *dflt;
    /* leaf */
    int vt;
    int64_t num;     /* amount (fen) or ratio/factor (millionths) */
    const void *ptr; /* ybp_bands, ybp_benefit, ybp_list */
    /* provenance */
    const char *path;             /* JSON Pointer in its document */
    const struct ybp_source *src; /* nearest source */
};

typedef struct ybp_list {
    size_t n;
    ybp_node **v;
} ybp_list;

typedef struct ybp_band {
    ybp_node *to; /* NULL on the last band */
    ybp_node *ratio;
} ybp_band;

typedef struct ybp_bands {
    size_t n;
    ybp_band *b;
} ybp_bands;

enum { YBP_SCOPE_ADMISSION, YBP_SCOPE_YEAR, YBP_SCOPE_VISIT };

typedef struct ybp_benefit {
    ybp_node *deductible;  /* amount; NULL = 0 */
    int deductible_scope;  /* -1 = the setting's default */
    ybp_node *repeat;      /* list of factors or amounts (repeat_amounts), or NULL */
    int repeat_amounts;
    ybp_node *bands;       /* bands; NULL = one band at 100% */
    int band_scope;        /* -1 = the setting's default */
    ybp_node *cap;         /* amount or NULL */
    ybp_node *cost_cap;    /* amount or NULL */
    const char *cap_group; /* "basic" by default */
    const char *path;
    const struct ybp_source *src;
} ybp_benefit;

/* A `when` filter: for each field a list of accepted values, or none = any. */
enum ybp_when_field { YBP_W_PLACE, YBP_W_FILING, YBP_W_SETTLEMENT, YBP_W_SETTING,
                      YBP_W_SCHEME, YBP_W_LEVEL, YBP_W_PERSON, YBP_W_TIER, YBP_W_GROUP,
                      YBP_NWHEN };
typedef struct ybp_when {
    size_t n[YBP_NWHEN];
    const char **v[YBP_NWHEN];
} ybp_when;

/* Categories of the personal burden, in pipeline order. */
enum ybp_cat { YBP_C_FULAMT, YBP_C_OVERLMT, YBP_C_PRESELFPAY, YBP_C_DEDUCTIBLE,
               YBP_C_COPAY, YBP_C_OVERCAP, YBP_NCAT };
YBP_FUNC const char *const ybp_cat_names[YBP_NCAT];

/* Funds that may appear in setlinfo, in the order of fund_pay_sumamt. */
enum ybp_fund { YBP_F_HIFP, YBP_F_HIFOB, YBP_F_HIFMI, YBP_F_CVLSERV, YBP_F_MAF,
                YBP_F_HIFES, YBP_F_OTH, YBP_NFUND };
YBP_FUNC const char *const ybp_fund_names[YBP_NFUND];

typedef struct ybp_layer {
    const char *id, *name;
    int fund;
    ybp_when when;
    int has_when;
    int scope; /* YBP_SCOPE_VISIT or YBP_SCOPE_YEAR */
    int ncat;
    int basis[YBP_NCAT];
    int above_deductible;
    ybp_node *deductible, *bands, *cap;
    const char *path;
    const struct ybp_source *src;
} ybp_layer;

enum ybp_op {
    YBP_OP_RATIO_MINUS, YBP_OP_RATIO_PLUS, YBP_OP_RATIO_TIMES, YBP_OP_SELFSHARE_TIMES,
    YBP_OP_RATIO_FLOOR, YBP_OP_DEDUCTIBLE_TIMES, YBP_OP_DEDUCTIBLE_SET,
    YBP_OP_DEDUCTIBLE_PCT, YBP_OP_PREPAY, YBP_OP_NOT_COVERED, YBP_NOP
};
YBP_FUNC const char *const ybp_op_names[YBP_NOP];

typedef struct ybp_adjust {
    ybp_when when;
    int names_place; /* its `when` names `place` (a region's own out-of-area rule) */
    int has[YBP_NOP];
    int64_t arg[YBP_NOP];          /* ratio, factor or amount, per op */
    int64_t pct_min, pct_max;      /* deductible_pct_of_total bounds (fen; -1 = none) */
    int has_pct_min, has_pct_max;
    const char *path, *note;
    const struct ybp_source *src;
} ybp_adjust;

enum ybp_setting { YBP_INPATIENT, YBP_OUTPATIENT, YBP_CHRONIC, YBP_NSETTING };
enum { YBP_EMPLOYEE, YBP_RESIDENT, YBP_NSCHEME };
YBP_FUNC const char *const ybp_setting_names[YBP_NSETTING];
YBP_FUNC const char *const ybp_scheme_names[YBP_NSCHEME];

/*
** What a table says of a setting or of the layers: benefits given, explicitly not covered
** (a cited statement that the region pays nothing for it), or nothing at all — no data,
** which a settlement refuses rather than reading as "the fund pays 0" (docs/tables.md).
*/
typedef struct ybp_none {
    int declared;                 /* the table states it is not covered / there is none */
    const char *path, *note;
    const struct ybp_source *src;
} ybp_none;

typedef struct ybp_scheme {
    int present;
    ybp_node *benefit[YBP_NSETTING]; /* benefit (or selector of benefits), or NULL */
    ybp_none not_covered[YBP_NSETTING];
    size_t nlayers;
    ybp_layer *layers;
    ybp_none no_layers;              /* a cited statement that the scheme has no layers */
    int has_account;
    int account_pays[YBP_NCAT];
    int family_pays[YBP_NCAT]; /* what a family account (共济) may pay; none = no sharing */
    const char *account_path;
    const struct ybp_source *account_src;
} ybp_scheme;

/* Contribution kinds (docs/tables.md § Contributions). */
enum ybp_kind { YBP_K_EMPLOYEE, YBP_K_FLEXIBLE, YBP_K_RESIDENT, YBP_NKIND };
YBP_FUNC const char *const ybp_kind_names[YBP_NKIND];

/*
** Contribution rates, set by documents and so part of an edition: the employee rates, the
** personal-account credits, the flexible-employment rate. NULL = not published.
*/
typedef struct ybp_rates {
    int has[YBP_NKIND];
    ybp_node *individual_rate, *individual_fixed, *employer_rate; /* employee */
    ybp_node *share_in_service, *retired_monthly;                 /* employee account */
    ybp_node *flexible_rate;
    const char *path[YBP_NKIND];
} ybp_rates;

/*
** Annual figures: they change on their own calendar (a coverage year, a base year from
** July), so they are dated apart from the rules: base floors and ceilings, resident
** premiums and subsidies. An entry holds one or more kinds for one period; entries of the
** same kind never overlap.
*/
typedef struct ybp_annual {
    long from, to; /* inclusive day numbers; always both */
    size_t nsources;
    const struct ybp_source **sources;
    int has[YBP_NKIND];
    ybp_node *base_floor[YBP_NKIND], *base_ceiling[YBP_NKIND]; /* employee, flexible */
    ybp_node *premium, *subsidy;                               /* resident */
    int index;
    const char *path;
} ybp_annual;

typedef struct ybp_edition {
    long from;     /* first day in force */
    long to;       /* the day a document ends it (with ended_by), or -1 */
    long end;      /* last day in force: `to`, else the day before the next edition, or -1 */
    long reviewed; /* the day someone last looked for a replacing document, or -1 */
    const struct ybp_source *ended_by;
    size_t nsources;
    const struct ybp_source **sources; /* the edition's own list, first = default */
    int round_mode;
    int round_at_band;
    ybp_node *class_b_selfpay; /* ratio or NULL */
    ybp_scheme scheme[YBP_NSCHEME];
    size_t nadjust;
    ybp_adjust *adjust;
    ybp_rates rates;
    json_t *filing;       /* validated, read-only */
    int index;            /* position in the document's editions */
    const char *path;
    char ref[24];         /* "330200@2025-01-01": how a result names it, made at load */
} ybp_edition;

enum ybp_rel { YBP_REL_OFFICIAL, YBP_REL_THIRD_PARTY, YBP_REL_UNVERIFIED, YBP_NREL };
YBP_FUNC const char *const ybp_rel_names[YBP_NREL];

/* A warning's room, in bytes (longer texts are cut at a UTF-8 boundary). */
#define YBP_WARN_SIZE 768 /* a warning in both languages: ~130 CJK characters and the English */

typedef struct ybp_source {
    const char *id, *title, *url, *doc_no;
    const char *warning;     /* for an unverified source: the result's warning, made at load */
    int rel;                 /* enum ybp_rel */
    long published, checked; /* day numbers, -1 when not stated */
    char checked_text[11];   /* "2026-11-25": how a result shows `checked`, made at load */
    const struct ybp_table *table;
} ybp_source;

typedef struct ybp_table {
    const char *name; /* file name, e.g. "330200-ningbo.json" */
    const char *code, *region_name, *name_en, *province;
    size_t naliases;
    const char **aliases;
    size_t nsources;
    ybp_source *sources;
    size_t neditions;
    ybp_edition *editions; /* in date order */
    size_t nannual;
    ybp_annual *annual;    /* in date order */
    int national;
    /* Every person type, tier and assistance group this table's selectors name (index
       YBP_W_PERSON − YBP_W_PERSON …): with the standard names, the values a claim may give. */
    size_t nnames[3];
    const char **names[3];
    json_t *doc;      /* the document, kept for `tables show` */
    const char *text; /* its text, kept to locate errors found while settling */
    size_t len;
} ybp_table;

struct yb_tables {
    ybp_arena arena;
    size_t n;
    ybp_table **t; /* by code; national.json last when present */
    ybp_table *national;
    char digest[80];
};

/* }=== */

/* {=== Queries (query.c) */
/* The standard person types and assistance groups (docs/claims.md), NULL-terminated. */
YBP_FUNC const char *const ybp_std_person[7];
YBP_FUNC const char *const ybp_std_group[4];
/*
** Is `name` a value t (or national) knows for field (YBP_W_PERSON, _TIER or _GROUP)? A
** standard name, or a case of a selector; a tier only where the table has tiers. *list
** gets the known values, "、"-separated, for the refusal.
*/
YBP_FUNC int ybp_name_known(const ybp_table *t, const ybp_table *national, int field,
                            const char *name, char *list, size_t size);
YBP_FUNC const ybp_table *ybp_tables_find(const yb_tables *ts, const char *code);
/*
** The edition in force on `day`, or NULL. With `lenient`, the nearest edition instead
** (*fell_back = 1): the first when the day is before every edition, else the latest.
*/
YBP_FUNC const ybp_edition *ybp_edition_at(const ybp_table *t, long day, int lenient,
                                           int *fell_back);
/* The annual entry of `kind` in force on `day`, or NULL; lenient as above. */
YBP_FUNC const ybp_annual *ybp_annual_at(const ybp_table *t, int kind, long day, int lenient,
                                         int *fell_back);
/*
** The one out-of-range refusal every command shares (docs/tables.md § Which edition
** applies): no edition (what = NULL) or no annual `what` figures of t in force on `day`,
** naming the nearest and --lenient, in Chinese and English. Returns YB_ENODATE.
*/
YBP_FUNC int ybp_err_out_of_range(yb_error *err, const ybp_table *t, const char *what, long day);
YBP_FUNC const ybp_source *ybp_source_find(const ybp_table *t, const char *id);
/*
** A place of treatment's code: the pool covering it, else — a place with no table is fine
** as a place of treatment — a 6-digit code as given (r itself) or the place `r` names
** (温州 → 330300); NULL when r is neither.
*/
YBP_FUNC const char *ybp_treated_code(const yb_tables *ts, const char *r);
/* {=== Places of China (places.c; docs/tables.md § Places) */
typedef struct ybp_division {
    char code[7];
    const char *name, *short_name, *pinyin; /* 慈溪市, 慈溪, cixi */
    const char *parent;                     /* prefecture or province code; NULL: a province */
} ybp_division;
YBP_FUNC const ybp_division *ybp_place_by_code(const char *code);
/* The places `text` names (a code, name, short name, pinyin, or 北京朝阳), the most
   likely level only; up to max into out. 0: none; more than 1: ambiguous. */
YBP_FUNC size_t ybp_place_find(const char *text, const ybp_division **out, size_t max);
/* Places whose name, code or pinyin begins with prefix, prefectures first. */
YBP_FUNC size_t ybp_place_prefix(const char *prefix, const ybp_division **out, size_t max);
/* Places whose name or pinyin is one slip away from text (two for long pinyin). */
YBP_FUNC size_t ybp_place_suggest(const char *text, const ybp_division **out, size_t max);
/* The edit distance of typed to name when it is small enough to suggest, else -1. */
YBP_FUNC int ybp_near(const char *typed, const char *name);
/* }=== */

/* The code of the pool covering a region (code, alias, name); see yb_tables_resolve. */
YBP_FUNC int ybp_same_name(const char *a, const char *b);
/* }=== */

/* {=== Resolving selectors and filters for a visit (query.c) */
typedef struct ybp_dims {
    const char *v[YBP_NDIM]; /* the visit's case per dimension (age, admission: unused) */
    int age;                 /* -1 when unknown */
    int admission;           /* which admission of the year this is, from 1 */
    const char *setting, *scheme; /* for `when` filters */
    /* Set by ybp_resolve (the only thing it writes): bit k when the visit gave no value for
       dimension k and the table's `default` case answered — the engine says so. */
    unsigned *defaulted;
} ybp_dims;
/*
** Follows selectors from n down to a leaf for this visit. Returns the leaf, or NULL with
** a claim error naming the table path and the missing case.
*/
YBP_FUNC const ybp_node *ybp_resolve(const ybp_node *n, const ybp_dims *d,
                                     const ybp_table *t, yb_error *err);
/* Whether a `when` filter accepts the visit described by d. */
YBP_FUNC int ybp_when_match(const ybp_when *w, const ybp_dims *d);
/* }=== */

#endif
