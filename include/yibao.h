/* SPDX-License-Identifier: MIT */
/*
** yibao.h
** Public API of yibao: an exact estimator of what China's basic medical insurance
** (基本医疗保险) pays for a visit, and what the patient pays.
**
** Conventions (after Jansson and libgit2):
**  - every call that can fail returns 0 or a negative YB_E* code, output parameter first;
**  - every fallible call takes a caller-owned `yb_error *` last (NULL allowed); the first
**    error reported wins, and nothing is stored in global or thread-local state;
**  - objects returned through `**out` are owned by the caller and freed with the matching
**    yb_*_free(), which accepts NULL;
**  - a `yb_tables` is immutable after it is opened and may be shared by any number of
**    threads; a `yb_engine` holds one thread's scratch values and must not be used by two
**    threads at once (give each thread its own engine);
**  - money crosses the API only as decimal strings ("1234.56"), never as binary floating point.
*/
#ifndef YIBAO_H
#define YIBAO_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define YB_API
#elif defined(__GNUC__)
#define YB_API __attribute__((visibility("default")))
#else
#define YB_API
#endif

/*
** Versions (docs/abi.md): while the major version is 0, a minor version may break the API
** or the ABI (the shared library's SONAME then changes: libyibao.so.0.2); a patch version
** never does. YB_VERSION_NUM compares: 0x000200 is 0.2.0.
*/
#define YB_VERSION_MAJOR 0
#define YB_VERSION_MINOR 2
#define YB_VERSION_PATCH 0
#define YB_VERSION "0.2.0"
#define YB_VERSION_NUM ((YB_VERSION_MAJOR << 16) | (YB_VERSION_MINOR << 8) | YB_VERSION_PATCH)

/*
** Error codes. The CLI's exit code is the absolute value for the first four; YB_ENODATE
** and YB_ENODATA are table errors there (exit 3), YB_ENOMEM an internal one (exit 5)
** (docs/cli.md § Exit codes).
*/
enum {
    YB_OK = 0,
    YB_EUSAGE = -2,    /* a call's arguments are wrong (CLI: usage error) */
    YB_ETABLE = -3,    /* a table cannot be read or is invalid */
    YB_ECLAIM = -4,    /* a claim is invalid JSON, names an unknown region, a bad amount … */
    YB_EINTERNAL = -5, /* an invariant broke or an operation was inexact: a bug */
    YB_ENOMEM = -6,    /* out of memory */
    YB_ENODATE = -7,   /* no edition (or no annual figures) in force on the date */
    YB_ENODATA = -8,   /* the table has no data for this care: refused, never read as 0 */
    YB_ESTOPPED = -9   /* a caller's callback asked to stop (a batch whose output failed) */
};

/* A sentence for an error code ("no rules in force on the date …"); never NULL. */
YB_API const char *yb_strerror(int code);

/*
** A caller-owned error report. `source` is a file name or a pseudo-name such as
** "<string>" or "<embedded>/330200-ningbo.json"; `line` and `column` are 1-based (0 when
** unknown); `path` is a JSON Pointer into the document ("/editions/0/schemes"), empty when
** the error is not about one value; `text` says what was expected.
*/
typedef struct yb_error {
    int code;
    int line;
    int column;
    char source[512];
    char path[256];
    char text[512];
} yb_error;

/* Formats `err` as "source:line:column: path: text" into buf (always NUL-terminated). */
YB_API void yb_error_format(const yb_error *err, char *buf, size_t size);

typedef struct yb_tables yb_tables; /* an immutable table set */
typedef struct yb_engine yb_engine; /* one thread's settlement scratch */
typedef struct yb_claim yb_claim;   /* a parsed, validated claim */
typedef struct yb_result yb_result; /* a settlement result, borrowed from its engine */

/* {=== Table sets */

/*
** Opens a table set. `dir` NULL opens $YIBAO_TABLES when it is set and not empty, else the
** set embedded at build time (the project's tables/); otherwise every *.json file of the
** directory is loaded (regular files only). The set is validated completely
** (yibao-table/2, docs/tables.md): on any error nothing is returned and *out is NULL.
** All text the library reads — tables and claims — is UTF-8 JSON; invalid UTF-8 and NUL
** bytes are refused with their position.
*/
YB_API int yb_tables_open(yb_tables **out, const char *dir, yb_error *err);

/*
** Opens a table set from documents in memory: texts[i] (lens[i] bytes) named names[i]
** (used in error messages and explain paths).
*/
YB_API int yb_tables_open_texts(yb_tables **out, size_t n, const char *const *texts,
                                const size_t *lens, const char *const *names, yb_error *err);

/*
** Opens only what settling visits of these regions needs: their tables and national.json
** (regions as codes, aliases or names; a region no table covers is simply not loaded). A
** CLI settling one visit starts in about a millisecond instead of parsing every table.
** With `dir` non-NULL, or when a region is unknown to the embedded index, the whole set is
** opened, exactly as yb_tables_open does. The digest is the whole set's either way.
*/
YB_API int yb_tables_open_for(yb_tables **out, const char *dir, const char *const *regions,
                              size_t n, yb_error *err);

YB_API void yb_tables_free(yb_tables *tables);

/* "sha256:<hex>" of the set's documents in name order; borrowed from the set. */
YB_API const char *yb_tables_digest(const yb_tables *tables);

/* Number of regions (national.json excluded) and their codes, in code order. */
YB_API size_t yb_tables_count(const yb_tables *tables);
YB_API const char *yb_tables_code(const yb_tables *tables, size_t i);
/* A region's name ("宁波市") by its code, or NULL when no table of the set has that code. */
YB_API const char *yb_tables_name(const yb_tables *tables, const char *code);

/*
** Resolves a region given as a 6-digit code, an alias, or a Chinese name, to the code of
** the pooling region whose table covers it (a district code falls into its city's pool, a
** city code into a province-level pool). Any place of China resolves through its code:
** a county or district by its name or pinyin (慈溪, 海曙区, cixi, 北京朝阳) falls into
** its city's pool. Returns NULL when no table covers it.
*/
YB_API const char *yb_tables_resolve(const yb_tables *tables, const char *region);
/* The name of a place of China by its 6-digit code ("330282" → "慈溪市"), from the
   national division list embedded in the library (docs/tables.md § Places); NULL if
   the code names no place. */
YB_API const char *yb_place_name(const char *code);
/*
** The places whose name, pinyin or code begins with `prefix` (宁 or ning → 宁波市, 宁德市 …),
** prefectures first, at most `max` (≤ 200): {"places": [{"code", "name", "pinyin", "level",
** "pool", "pool_name"}]}, pool null where no table of the set covers the place — what a
** search box offers. Freed with yb_free().
*/
YB_API int yb_places_json(char **out, const yb_tables *tables, const char *prefix, size_t max,
                          yb_error *err);

/*
** Inspection, as JSON the caller frees with yb_free() (docs/cli.md § tables):
**  - describe: one region ("000000" for national.json) — code, names, sources, and the
**    editions and annual entries (all, or those in force on `date`, "YYYY-MM-DD"), each
**    with the days it is in force beside its document; a date with no edition in force is
**    YB_ETABLE, with the nearest;
**  - list: every region with its editions' spans and its sources counted by reliability;
**  - lint: findings (wrong in a table) and notes (unverified or stale sources, nothing in
**    force on `today`), as items {file, kind, path, message};
**  - coverage: per region, what is in force on `date` and whether it is complete
**    (docs/tables.md § Complete).
*/
YB_API int yb_tables_describe(char **out, const yb_tables *tables, const char *region,
                              const char *date, yb_error *err);
YB_API int yb_tables_list_json(char **out, const yb_tables *tables, yb_error *err);
YB_API int yb_tables_lint_json(char **out, const yb_tables *tables, const char *today,
                               yb_error *err);
YB_API int yb_tables_coverage_json(char **out, const yb_tables *tables, const char *date,
                                   yb_error *err);

/* }=== */

/* {=== Claims and settlement */

/*
** Options for a settlement. Initialise with YB_OPTIONS_INIT; `version` says which fields
** the caller knows (version 1 had only `lenient`). Another version is YB_EUSAGE.
*/
typedef struct yb_options {
    unsigned int version; /* YB_OPTIONS_VERSION */
    int lenient;          /* with no edition in force, use the nearest one and warn */
    unsigned int json;    /* YB_JSON_* flags of the JSON calls (yb_estimate_json, batch) */
} yb_options;
#define YB_OPTIONS_VERSION 2
#define YB_OPTIONS_INIT {YB_OPTIONS_VERSION, 0, 0}

/*
** Parses and validates a claim (yibao-claim/1, docs/claims.md). `name` is used in error
** messages ("<stdin>", a file name). Regions are resolved against `tables`.
*/
YB_API int yb_claim_parse(yb_claim **out, const yb_tables *tables, const char *json,
                          size_t len, const char *name, yb_error *err);
YB_API void yb_claim_free(yb_claim *claim);

/*
** Changes one field of a parsed claim, validated as the parser would: "insured.region",
** "insured.scheme", "insured.person", "insured.tier", "insured.group", "insured.filing",
** "insured.age", "visit.region", "visit.date", "visit.setting", "visit.level",
** "visit.admission" or "visit.settlement". Errors: YB_EUSAGE (a key that cannot be
** changed), YB_ECLAIM (a value the parser would refuse; the claim is then unchanged).
*/
YB_API int yb_claim_set(yb_claim *claim, const yb_tables *tables, const char *key,
                        const char *value, yb_error *err);

/* A settlement engine for one thread, bound to a table set that must outlive it. */
YB_API int yb_engine_new(yb_engine **out, const yb_tables *tables, yb_error *err);
YB_API void yb_engine_free(yb_engine *engine);

/*
** Settles one visit. On success *out points into the engine and stays valid until the
** engine's next settlement or until it is freed. Every identity of the settlement
** (docs/settlement.md) is checked: a violation is YB_EINTERNAL and no result is returned.
*/
YB_API int yb_settle(const yb_result **out, yb_engine *engine, const yb_claim *claim,
                     const yb_options *options, yb_error *err);

/*
** Typed results: the amounts of a result in fen (int64), without JSON. Fields follow the
** national settlement names (docs/results.md); the personal burden by category too.
*/
typedef enum yb_field {
    YB_F_MEDFEE_SUMAMT, YB_F_FULAMT_OWNPAY_AMT, YB_F_OVERLMT_SELFPAY, YB_F_PRESELFPAY_AMT,
    YB_F_INSCP_SCP_AMT, YB_F_ACT_PAY_DEDC, YB_F_HIFP_PAY, YB_F_HIFOB_PAY, YB_F_HIFMI_PAY,
    YB_F_CVLSERV_PAY, YB_F_MAF_PAY, YB_F_HIFES_PAY, YB_F_OTH_PAY, YB_F_FUND_PAY_SUMAMT,
    YB_F_PSN_PART_AMT, YB_F_ACCT_PAY, YB_F_PSN_CASH_PAY, YB_F_BALC, YB_F_ACCT_MULAID_PAY,
    YB_F_BURDEN_FULAMT, YB_F_BURDEN_OVERLMT, YB_F_BURDEN_PRESELFPAY, YB_F_BURDEN_DEDUCTIBLE,
    YB_F_BURDEN_COPAY, YB_F_BURDEN_OVER_CAP,
    YB_NFIELDS
} yb_field;

/* The amount of field f, in fen; 0 for a field out of range or a NULL result. */
YB_API long long yb_result_amount(const yb_result *result, yb_field f);
/* The field's national name ("hifp_pay", "psn_burden.copay"), or NULL. */
YB_API const char *yb_field_name(yb_field f);
/* pool_prop_selfpay, the basic fund's effective ratio, in ten-thousandths (7000 = 0.7000). */
YB_API long long yb_result_pool_prop(const yb_result *result);

/*
** The result's words: identifiers, places, the visit as settled, how far to trust it.
** Strings live until the engine's next settlement; NULL when absent (a claim without an
** id, a visit without a level).
*/
typedef enum yb_text {
    YB_T_ID,             /* the claim's "id" */
    YB_T_PLACE,          /* "local", "in_province", "cross_province" */
    YB_T_INSUPLC_ADMDVS, /* the insured region's code */
    YB_T_MDTRTAREA_ADMVS,/* the region of treatment's code */
    YB_T_SETL_TIME,      /* the visit's date, "YYYY-MM-DD" */
    YB_T_SETTING,        /* "inpatient", "outpatient", "chronic" */
    YB_T_LEVEL, YB_T_FILING, YB_T_SETTLEMENT,
    YB_T_EDITION,        /* the insured place's edition, "330200@2025-01-01" */
    YB_T_RELIABILITY,    /* the weakest reliability used: official, third-party, unverified */
    YB_T_CHECKED,        /* the newest day the rules were checked */
    YB_T_SCHEME,         /* "employee" or "resident" */
    YB_NTEXTS
} yb_text;
YB_API const char *yb_result_text(const yb_result *result, yb_text t);

/* Warnings (Chinese, then English), in order. */
YB_API size_t yb_result_nwarnings(const yb_result *result);
YB_API const char *yb_result_warning(const yb_result *result, size_t i);

/* One row of setldetail: a fund that paid (the basic fund always). */
typedef struct yb_fund_row {
    const char *fund_pay_type, *fund_pay_type_name;
    long long inscp_scp_amt, fund_payamt; /* fen */
    long long crt_payb_lmt_amt;           /* the cap left before the visit, when has_limit */
    int has_limit;
} yb_fund_row;
YB_API size_t yb_result_nrows(const yb_result *result);
YB_API int yb_result_row(const yb_result *result, size_t i, yb_fund_row *out);

/* One fee line's split (national 2301 fields), with the claim's code and name. */
typedef struct yb_line_split {
    const char *code, *name;
    long long det_item_fee_sumamt, fulamt_ownpay_amt, overlmt_amt, preselfpay_amt,
        inscp_scp_amt;         /* fen */
    long long selfpay_prop;    /* millionths */
} yb_line_split;
YB_API size_t yb_result_nlines(const yb_result *result);
YB_API int yb_result_line(const yb_result *result, size_t i, yb_line_split *out);

/* One explain step; the note is formatted into note (lang 0 Chinese, 1 English). */
typedef struct yb_step {
    const char *step;
    int has_value;
    long long value;           /* fen */
    const char *table, *param; /* the parameter's table file and JSON Pointer, or NULL */
    const char *source;        /* its source id, or NULL */
} yb_step;
YB_API size_t yb_result_nsteps(const yb_result *result);
YB_API int yb_result_step(const yb_result *result, size_t i, int lang, yb_step *out,
                          char *note, size_t note_size);

/* The ledger after the visit: its year, admissions, and amounts by kind and key —
   kind "deductible_paid" (key: a setting), "axis" and "fund_paid" (a cap group),
   "layer_basis" and "layer_paid" (a layer id). */
typedef struct yb_ledger_item {
    const char *kind, *key;
    long long amount; /* fen */
} yb_ledger_item;
YB_API int yb_result_ledger_year(const yb_result *result);
YB_API long long yb_result_admissions(const yb_result *result);
YB_API size_t yb_result_nledger(const yb_result *result);
YB_API int yb_result_ledger(const yb_result *result, size_t i, yb_ledger_item *out);

/* Flags for yb_result_json. */
#define YB_JSON_COMPACT 0x1 /* one line, no indentation */
#define YB_JSON_EXPLAIN 0x2 /* add the explain trace (every step, its parameter and source) */
#define YB_JSON_BRIEF 0x4   /* only the identifiers, setlinfo and setldetail */

/* The result as yibao-result/1 JSON text; the caller frees it with yb_free(). */
YB_API int yb_result_json(char **out, const yb_result *result, unsigned int flags,
                          yb_error *err);

/*
** JSON in, JSON out: parses a claim, settles it and returns the result text. The call a
** billing tool makes through an FFI. The caller frees *out with yb_free().
*/
YB_API int yb_estimate_json(char **out, yb_engine *engine, const char *claim_json,
                            size_t len, const yb_options *options, yb_error *err);

/*
** A year of care for one insured person: `text` is {"insured", "year_to_date",
** "account_balance", "visits": [{"visit", "lines" | "fees"}, …]} (docs/cli.md § year).
** The visits are settled in date order, each from the previous one's ledger and balance;
** *out is {"format": "yibao-year/1", "results": […], "totals": {…},
** "year_to_date_after": {…}}, freed with yb_free(). Errors point into `text`.
*/
YB_API int yb_year_json(char **out, yb_engine *engine, const char *text, size_t len,
                        const char *name, const yb_options *options, yb_error *err);

/*
** Monthly contributions (docs/results.md § Contributions) as JSON: kind "employee",
** "flexible" or "resident"; base is the monthly wage ("10700"; not used for residents);
** person selects in_service/retired (employee) or a resident category, tier a resident
** contribution tier (档次), age the person's age in years for premiums set by age (-1 when
** unknown); person and tier may be NULL; date picks the edition. The caller frees *out
** with yb_free().
*/
YB_API int yb_contrib_json(char **out, yb_engine *engine, const char *region, const char *kind,
                           const char *base, const char *person, const char *tier, int age,
                           const char *date, const yb_options *options, yb_error *err);

/* }=== */

/*
** Whether a trip from `insured` to `treated` needs a filing (备案) on `date`, for `reason`
** ("referral", "emergency", "long_term" or "other"; NULL = other): the place, the
** category, and the filing rules in force (national defaults, then the insured region's),
** as JSON (yibao-filing/1) freed with yb_free(). A date with no rules in force is
** YB_ETABLE unless options->lenient.
*/
YB_API int yb_filing_json(char **out, const yb_tables *tables, const char *insured,
                          const char *treated, const char *reason, const char *date,
                          const yb_options *options, yb_error *err);

/* {=== Batch: one claim per line in, one answer per line out, in order */

enum {
    YB_BATCH_JSONL = 1, /* the full result, one line each (json: YB_JSON_EXPLAIN adds the trace) */
    YB_BATCH_BRIEF,     /* identifiers, setlinfo and setldetail */
    YB_BATCH_CSV,       /* a CSV row: line number, the setlinfo amounts, ratio, place */
    YB_BATCH_NONE       /* no answer text: for callers that only read results (`each`) */
};
#define YB_BATCH_OPTIONS_VERSION 1
typedef struct yb_batch_options {
    unsigned int version; /* YB_BATCH_OPTIONS_VERSION */
    int jobs;             /* threads settling in parallel, 1 to 64 */
    int lenient;
    int format;           /* YB_BATCH_* */
    unsigned int json;    /* YB_JSON_EXPLAIN */
    /* Called in a worker thread right after a line settled, with the typed result (valid
       during the call); `worker` is 0..jobs-1, so a caller can keep one total per worker
       without locks. NULL: not called. */
    void (*each)(void *ctx, int worker, long line, const yb_result *result);
    void *each_ctx;
} yb_batch_options;
#define YB_BATCH_OPTIONS_INIT {YB_BATCH_OPTIONS_VERSION, 1, 0, YB_BATCH_JSONL, 0, NULL, NULL}

/* Receives each answer in input order, in the calling thread: its text (ending in a
   newline), the input line number, and for a bad line its error. Non-zero stops the run. */
typedef int (*yb_batch_write)(void *ctx, long line, const char *text, size_t len,
                              const yb_error *line_error);

typedef struct yb_batch_stats {
    long lines, settled, failed, written;
    int worst; /* the gravest error of a bad line (internal, then claim, then table), or 0 */
} yb_batch_stats;

/*
** Reads claims (yibao-claim/1, one per line) from `in` until its end, settles them with
** options->jobs threads sharing `tables`, and hands each answer to `write` in order. A bad
** line is answered in place (an error object, or a CSV error row) and the run goes on.
** Returns 0 when the input was read to its end; YB_ESTOPPED when `write` stopped the run;
** YB_ECLAIM when the input could not be read; *stats (may be NULL) says what happened.
*/
YB_API int yb_batch(const yb_tables *tables, FILE *in, yb_batch_write write, void *ctx,
                    const yb_batch_options *options, yb_batch_stats *stats, yb_error *err);

/*
** Optional, process-wide: makes Jansson allocate through yibao, so that yb_batch parses
** each line into a per-thread arena and drops the tree at once instead of freeing it node
** by node (about a fifth of the parse; docs/abi.md § JSON arena). Everywhere else the
** functions are malloc and free. It calls json_set_alloc_funcs: do it only if nothing
** else in the process sets Jansson's allocator, preferably before other threads start.
** The yibao CLI does. Returns 0.
*/
YB_API int yb_json_arena_install(void);

/* }=== */

/* Frees text returned by the library. */
YB_API void yb_free(void *p);

/* The engine version, e.g. "yibao 0.2.0". */
YB_API const char *yb_version(void);

/* Releases MPFR's caches of the calling thread; call before a thread or program exits. */
YB_API void yb_thread_cleanup(void);

#ifdef __cplusplus
}
#endif

#endif /* YIBAO_H */
