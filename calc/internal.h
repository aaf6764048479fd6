/*
** internal.h
** Declarations shared by the files of calc/; never installed. Internal names carry the
** prefix ybp_ (after Jansson's jsonp_), and are hidden from the shared library.
*/
#ifndef YBP_INTERNAL_H
#define YBP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <mpfr.h>

#include "yibao.h"

#define YBP_FUNC __attribute__((visibility("hidden"))) extern

/* {=== Scales of the exact integers (value = integer × 10^-scale) */
#define YBP_AMT 2   /* money, in fen */
#define YBP_RATIO 6 /* ratios and factors, in millionths */
#define YBP_PRICE 6 /* unit price and its ceiling (national 16,6) */
#define YBP_CNT 4   /* quantity (national 16,4) */
#define YBP_MAXINT 12 /* integer digits accepted in any decimal */
#define YBP_MAXINT_WIDE 16 /* in the year ledger's cumulative amounts (fen scale only) */
#define YBP_LEDGER_MAX 1000000000000000000LL /* 10^16 yuan in fen: ledger amounts stay below */
#define YBP_ONE 1000000 /* 1 at ratio scale */
/* }=== */

/* {=== Errors (error.c) */
YBP_FUNC int ybp_err(yb_error *err, int code, const char *source, int line, int column,
                     const char *path, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
YBP_FUNC void ybp_err_locate(yb_error *err, const char *text, size_t len);
/* Locates the value at JSON Pointer `path` in `text`: 1-based line and column (jsonpos.c). */
YBP_FUNC int ybp_json_locate(const char *text, size_t len, const char *path, int *line,
                             int *column);
YBP_FUNC int ybp_json_raw(const char *text, size_t len, const char *path, char *buf,
                         size_t size);
/* }=== */

/* {=== Arena: every compiled table lives in one, freed at once (arena.c) */
typedef struct ybp_arena {
    struct ybp_chunk *head;
} ybp_arena;
YBP_FUNC void *ybp_alloc(ybp_arena *a, size_t size);
YBP_FUNC char *ybp_strdup(ybp_arena *a, const char *s);
YBP_FUNC void ybp_arena_free(ybp_arena *a);
YBP_FUNC int ybp_grow(void **p, size_t *cap, size_t need, size_t size);
/* }=== */

/* {=== Decimals (dec.c) */
#define YBP_DEC_PCT 0x1 /* accept "85%" */
#define YBP_DEC_NEG 0x2 /* accept a leading '-' */
#define YBP_DEC_WIDE 0x4 /* accept YBP_MAXINT_WIDE integer digits (amounts only) */
YBP_FUNC int ybp_dec_parse(const char *s, int scale, unsigned flags, int64_t *out,
                           const char **why);
/* Writes v × 10^-scale with exactly `places` decimals (places <= scale drops zeros only). */
YBP_FUNC char *ybp_dec_format(int64_t v, int scale, int places, char *buf, size_t size);
/* Day number of "YYYY-MM-DD" (days since 1970-01-01; years 1970–2199), or -1 when not a
   real date in that range. */
YBP_FUNC long ybp_date_parse(const char *s);
YBP_FUNC void ybp_date_format(long day, char buf[11]);
YBP_FUNC int ybp_date_year(long day);
YBP_FUNC long ybp_date_next_year(long day);

enum ybp_round { YBP_HALF_UP, YBP_HALF_EVEN, YBP_DOWN };

/*
** The MPFR scratch of one engine. Every value is an integer held exactly; every operation
** ORs "was it inexact?" into `inexact`, which settlement turns into YB_EINTERNAL. The only
** place where a quotient is rounded is ybp_q_round(), at a named rounding point.
*/
#define YBP_PREC 192
#define YBP_NP10 24
typedef struct ybp_mp {
    mpfr_t q, r, t;          /* private to ybp_q_round */
    mpfr_t p10[YBP_NP10];    /* 10^0 … 10^23, exact */
    int inexact;
} ybp_mp;
YBP_FUNC void ybp_mp_init(ybp_mp *m);
YBP_FUNC void ybp_mp_clear(ybp_mp *m);
/* out = round(num / 10^digits) with the given mode; out may alias num. */
YBP_FUNC void ybp_q_round10(ybp_mp *m, mpfr_t out, const mpfr_t num, int digits, int mode);
/* out = round(num / den) (den > 0, both integers); out may alias num or den. */
YBP_FUNC void ybp_q_round(ybp_mp *m, mpfr_t out, const mpfr_t num, const mpfr_t den,
                          int mode);
/* The integer in x as int64; sets m->inexact when it does not fit. */
YBP_FUNC int64_t ybp_mp_get(ybp_mp *m, const mpfr_t x);
#define YBX(m, call)                                                                       \
    do {                                                                                   \
        if ((call) != 0) (m)->inexact = 1;                                                 \
    } while (0)
/* }=== */

/* {=== Compiled tables (table.c, select.c, tableset.c) */

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

/* Contribution kinds (tables.md § Contributions). */
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
} ybp_edition;

enum ybp_rel { YBP_REL_OFFICIAL, YBP_REL_THIRD_PARTY, YBP_REL_UNVERIFIED, YBP_NREL };
YBP_FUNC const char *const ybp_rel_names[YBP_NREL];

typedef struct ybp_source {
    const char *id, *title, *url, *doc_no;
    int rel;                 /* enum ybp_rel */
    long published, checked; /* day numbers, -1 when not stated */
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

/* Loads one document into `t` (table.c). */
YBP_FUNC int ybp_table_load(ybp_table *t, ybp_arena *a, const char *text, size_t len,
                            const char *name, yb_error *err);
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
** The one out-of-range refusal every command shares (docs/tables.md § Which edition applies): no edition
** (what = NULL) or no annual `what` figures of t in force on `day`, naming the nearest
** and --lenient, in Chinese and English. Returns YB_ETABLE.
*/
YBP_FUNC int ybp_err_out_of_range(yb_error *err, const ybp_table *t, const char *what, long day);
YBP_FUNC const ybp_source *ybp_source_find(const ybp_table *t, const char *id);
YBP_FUNC void ybp_sha256_hex(const unsigned char *data, size_t len, char out[65]);
/* The embedded table set (generated at build time). */
typedef struct ybp_embedded {
    const char *name;
    const char *text;
    size_t len;
    /* read by the build from the table's region, so regions resolve without parsing */
    const char *code, *region_name, *name_en, *aliases; /* aliases: "a|b|" */
} ybp_embedded;
YBP_FUNC const ybp_embedded ybp_embedded_tables[];
YBP_FUNC const size_t ybp_embedded_count;
YBP_FUNC const char ybp_embedded_digest[]; /* hex SHA-256 of the manifest (tableset.c) */
/* }=== */

/* {=== Claims (claim.c) */
enum ybp_place { YBP_LOCAL, YBP_IN_PROVINCE, YBP_CROSS_PROVINCE };
YBP_FUNC const char *const ybp_place_names[3];

typedef struct ybp_line {
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
    ybp_arena arena;
    const char *name;
    const char *text; /* kept to locate errors found while settling */
    size_t len;
    char *owned_text; /* text, when the claim owns it (yb_claim_parse) */
    const char *top, *vis; /* where the insured's and the visit's keys sit in text */
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
    char warn[8][200];
};
YBP_FUNC int ybp_claim_of(yb_claim **out, const yb_tables *ts, json_t *root, const char *text,
                          size_t len, const char *name, const char *top, const char *vis,
                          yb_error *err);
YBP_FUNC const char *ybp_claim_path(const yb_claim *c, const char *path, char *buf, size_t size);
/* }=== */

/* {=== Resolving selectors for a visit (value.c) */
typedef struct ybp_dims {
    const char *v[YBP_NDIM]; /* the visit's case per dimension (age, admission: unused) */
    int age;                 /* -1 when unknown */
    int admission;           /* which admission of the year this is, from 1 */
} ybp_dims;
/*
** Follows selectors from n down to a leaf for this visit. Returns the leaf, or NULL with
** a claim error naming the table path and the missing case.
*/
YBP_FUNC const ybp_node *ybp_resolve(const ybp_node *n, const ybp_dims *d,
                                     const ybp_table *t, yb_error *err);
/* }=== */
#endif /* YBP_INTERNAL_H */
