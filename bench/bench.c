/* SPDX-License-Identifier: MIT */
/*
** bench.c
** yibao_bench: how fast yb_settle() settles realistic claims, checked claim by claim
** against a plain int64 reference kernel (kernel.c).
**
**   yibao_bench [--n N] [--seed S] [--chunk C] [--rounds R] [--dump K]
**   yibao_bench [--n N] [--seed S] [--jsonl FILE] [--tables-out DIR]
**
** N claims (default 1 000 000) are generated from seed S by a splitmix64 generator:
** inpatient and outpatient, employee and resident, 1–12 fee lines of 1.00 to 50000.00 yuan,
** classes A/B/C, class B with selfpay_prop 5%/10%/20% or the catalogue default, priced
** lines (pric × cnt) some above their payment ceiling, admissions 1–3, year ledgers some of
** them close to the cap, account balances. They are settled against the synthetic table
** below (region 990001 — SYNTHETIC BENCHMARK DATA, not any real region's policy).
**
** In chunks of C claims (default 100 000): generate and render to JSON, parse with
** yb_claim_parse() — untimed; settle every claim with yb_settle() — timed; settle the same
** claims with the kernel — timed; compare 11 amounts of every claim. Any difference, or
** any settlement error, prints the first few claims and exits 1.
**
** Then, on the first chunk, the cost of reading a result, as ratios to yb_settle alone in
** the same run (each loop settles every claim again, best of three): settle + every typed
** accessor (amounts, texts, rows, lines, ledger); settle + yb_result_json without explain;
** settle + yb_result_json with explain (docs/results.md). Output size is summed so that
** no loop can be optimised away.
**
** --jsonl FILE writes the N claims as JSONL (one claim per line, for `yibao batch`, the
** JSON floor and bench/reference.py) and --tables-out DIR writes the synthetic table to
** DIR/990001-bench-synthetic.json (for `yibao batch --tables DIR`); either one writes its
** files and exits without benchmarking.
**
** No floating point: times are integer nanoseconds (CLOCK_MONOTONIC), ratios are printed as
** fixed-point integers.
*/
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <errno.h>
#include <sys/stat.h>

#include "kernel.h"
#include "yibao.h"

/* {=== The synthetic table (mirrored by bk_synthetic in kernel.c) */

static const char bench_table[] =
    "{\n"
    "  \"format\": \"yibao-table/2\",\n"
    "  \"notes\": \"SYNTHETIC BENCHMARK DATA for bench/bench.c. Not the policy of any real "
    "region: the figures are invented to exercise every step of a settlement.\",\n"
    "  \"region\": {\"code\": \"990001\", \"name\": \"合成基准统筹区（虚构）\",\n"
    "             \"name_en\": \"Synthetic benchmark region (fictitious)\",\n"
    "             \"province\": \"990000\", \"aliases\": [\"bench-synthetic\"]},\n"
    "  \"sources\": {\n"
    "    \"bench-synthetic\": {\"title\": \"Synthetic benchmark parameters (yibao bench/), "
    "not a real policy\",\n"
    "                        \"url\": \"https://example.invalid/bench\", \"published\": null,\n"
    "                        \"checked\": \"2026-11-25\", \"reliability\": \"unverified\"}\n"
    "  },\n"
    "  \"editions\": [{\n"
    "    \"from\": \"2020-01-01\", \"to\": null, \"sources\": [\"bench-synthetic\"],\n"
    "    \"rounding\": {\"unit\": \"0.01\", \"mode\": \"half_up\", \"at\": \"fund\"},\n"
    "    \"catalog\": {\"class_b_selfpay\": \"10%\"},\n"
    "    \"schemes\": {\n"
    "      \"employee\": {\n"
    "        \"inpatient\": {\n"
    "          \"deductible\": {\"by\": \"level\", \"community\": \"300\", \"1\": \"500\",\n"
    "                         \"2\": \"733.33\", \"3\": \"1300\"},\n"
    "          \"deductible_scope\": \"admission\", \"repeat_admission\": [\"1\", \"0.5\"],\n"
    "          \"bands\": [{\"to\": \"10000\", \"ratio\": \"80%\"}, {\"to\": \"30000\", "
    "\"ratio\": \"85%\"},\n"
    "                    {\"ratio\": \"90%\"}],\n"
    "          \"band_scope\": \"admission\", \"cap\": \"150000\", \"cap_group\": \"basic\"},\n"
    "        \"outpatient\": {\n"
    "          \"deductible\": \"800\", \"deductible_scope\": \"year\",\n"
    "          \"bands\": [{\"to\": \"10000\", \"ratio\": \"60%\"}, {\"ratio\": \"70%\"}],\n"
    "          \"band_scope\": \"year\", \"cap\": \"6000\", \"cap_group\": \"outpatient\"},\n"
    "        \"account\": {\"pays\": [\"preselfpay\", \"deductible\", \"copay\", \"over_cap\"]}\n"
    "      },\n"
    "      \"resident\": {\n"
    "        \"inpatient\": {\n"
    "          \"deductible\": {\"by\": \"level\", \"community\": \"200\", \"1\": \"400\",\n"
    "                         \"2\": \"650.55\", \"3\": \"1000\"},\n"
    "          \"deductible_scope\": \"admission\", \"repeat_admission\": [\"1\", \"0.5\"],\n"
    "          \"bands\": [{\"to\": \"10000\", \"ratio\": \"70%\"}, {\"to\": \"30000\", "
    "\"ratio\": \"75%\"},\n"
    "                    {\"ratio\": \"85%\"}],\n"
    "          \"band_scope\": \"admission\", \"cap\": \"120000\", \"cap_group\": \"basic\"},\n"
    "        \"outpatient\": {\n"
    "          \"deductible\": \"200\", \"deductible_scope\": \"year\",\n"
    "          \"bands\": [{\"to\": \"3000\", \"ratio\": \"50%\"}, {\"ratio\": \"55%\"}],\n"
    "          \"band_scope\": \"year\", \"cap\": \"1500\", \"cap_group\": \"outpatient\"}\n"
    "      }\n"
    "    }\n"
    "  }]\n"
    "}\n";

#define BENCH_REGION "990001"
#define BENCH_YEAR 2025

/* }=== */

/* {=== Deterministic generator (splitmix64) */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi] (the modulo bias is below 2^-40 for these ranges). */
static int64_t between(rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static int chance(rng *r, int percent) { return between(r, 0, 99) < percent; }

/*
** One fee line. Inpatient lines run from 1.00 to 50000.00 yuan, spread over magnitudes (a
** fifth at most 10 yuan, a fifth at most 100 …, a fifth anywhere up to 50000); outpatient
** lines mostly stay below 1000 yuan, one in twenty goes up to 10000.
*/
static void gen_line(rng *r, bk_line *l, int inpatient)
{
    int k = (int)between(r, 0, 99);
    int mag = inpatient ? (int)between(r, 0, 4) : chance(r, 95) ? (int)between(r, 0, 2) : 3;
    memset(l, 0, sizeof *l);
    l->cls = k < 55 ? 'A' : k < 85 ? 'B' : 'C';
    if (l->cls == 'B' && chance(r, 90)) {
        static const int64_t props[3] = {50000, 100000, 200000}; /* 5%, 10%, 20% */
        l->has_prop = 1;
        l->prop = props[between(r, 0, 2)];
    }
    if (chance(r, 25)) {
        /* pric × cnt: up to 2000.00 yuan a unit (200.00 outpatient), a fifth of them with a
           third decimal; 0.5 to 30 units. */
        int64_t top = inpatient ? 200000 : 20000; /* in fen */
        l->priced = 1;
        l->pric = chance(r, 80) ? between(r, 1, top) * 10000 : between(r, 1, top * 10) * 1000;
        l->cnt = chance(r, 75) ? between(r, 1, 30) * 10000 : between(r, 1, 60) * 5000;
        if (l->pric * l->cnt > INT64_C(50000) * 10000000000) l->cnt = 10000; /* ≤ 50000 yuan */
        if (l->cls != 'C' && chance(r, 50)) {
            /* A payment ceiling at 50–120% of the price, to the fen: often over-limit. */
            l->has_uplmt = 1;
            l->uplmt = l->pric * between(r, 50, 120) / 100 / 10000 * 10000;
        }
    } else {
        int64_t hi = 1000; /* 10.00 yuan */
        while (mag-- > 0) hi *= 10;
        l->amount = between(r, 100, hi < 5000000 ? hi : 5000000);
    }
}

static void gen_claim(rng *r, bk_claim *c)
{
    const bk_params *p = &bk_synthetic;
    memset(c, 0, sizeof *c);
    c->scheme = chance(r, 55) ? BK_EMPLOYEE : BK_RESIDENT;
    c->setting = chance(r, 35) ? BK_INPATIENT : BK_OUTPATIENT;
    c->level = (int)between(r, BK_COMMUNITY, BK_LEVEL3);
    c->year = BENCH_YEAR;
    c->month = (int)between(r, 1, 12);
    c->day = (int)between(r, 1, 28);
    c->nlines = c->setting == BK_INPATIENT ? (int)between(r, 1, 12) : (int)between(r, 1, 6);
    for (int i = 0; i < c->nlines; i++) gen_line(r, &c->lines[i], c->setting == BK_INPATIENT);
    if (c->setting == BK_INPATIENT && chance(r, 80)) {
        int k = (int)between(r, 0, 9);
        c->admission = k < 7 ? 1 : k < 9 ? 2 : 3;
    }
    if (chance(r, 50)) {
        const bk_benefit *in = &p->benefit[c->scheme][BK_INPATIENT];
        const bk_benefit *out = &p->benefit[c->scheme][BK_OUTPATIENT];
        int k = (int)between(r, 0, 19);
        c->has_ledger = 1;
        c->ledger_year = k == 0 ? BENCH_YEAR - 1 : k == 1 ? 0 : BENCH_YEAR; /* stale, absent */
        c->admissions = (int)between(r, 0, 2);
        c->dedc_paid[BK_INPATIENT] = chance(r, 50) ? 0 : between(r, 0, in->deductible[BK_LEVEL3]);
        /* Basic cap group: one ledger in five leaves at most 40000 of the cap (or none). */
        c->fund_paid[BK_GROUP_BASIC] = chance(r, 20)
                                           ? in->cap - between(r, -in->cap / 100, 4000000)
                                           : between(r, 0, in->cap / 2);
        c->axis[BK_GROUP_BASIC] = c->fund_paid[BK_GROUP_BASIC] * between(r, 105, 130) / 100;
        /* Outpatient cap group: the axis so far, the deductible met on it, and the fund's
           payments at the first band's ratio (one ledger in ten close to the cap). */
        int64_t d = out->deductible[0], a = chance(r, 30) ? 0 : between(r, 0, 250000);
        c->axis[BK_GROUP_OUTPATIENT] = a;
        c->dedc_paid[BK_OUTPATIENT] = chance(r, 80) ? (a < d ? a : d) : between(r, 0, d);
        c->fund_paid[BK_GROUP_OUTPATIENT] =
            chance(r, 10) ? between(r, out->cap - out->cap / 5, out->cap + out->cap / 10)
                          : (a > d ? (a - d) * out->ratio[0] / 1000000 : 0);
        if (c->fund_paid[BK_GROUP_OUTPATIENT] > out->cap) c->fund_paid[BK_GROUP_OUTPATIENT] = out->cap;
    }
    if (c->scheme == BK_EMPLOYEE ? chance(r, 70) : chance(r, 5)) {
        c->has_balance = 1;
        c->balance = chance(r, 20) ? 0 : between(r, 0, 2000000);
    }
}

/* }=== */

/* {=== Rendering a claim as yibao-claim/1 JSON */

typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static void die(const char *what)
{
    fprintf(stderr, "yibao_bench: %s\n", what);
    exit(2);
}

static void put(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(sbuf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) die("formatting failed");
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 1 << 20;
        char *np = realloc(b->p, cap);
        if (np == NULL) die("out of memory");
        b->p = np;
        b->cap = cap;
    }
}

/* v × 10^-scale as a decimal, trailing zeros dropped down to min_places decimals. */
static const char *dec(char out[32], int64_t v, int scale, int min_places)
{
    int64_t unit = 1, fp;
    int places = scale;
    for (int i = 0; i < scale; i++) unit *= 10;
    fp = v % unit;
    while (places > min_places && fp % 10 == 0) fp /= 10, places--;
    if (places == 0) snprintf(out, 32, "%" PRId64, v / unit);
    else snprintf(out, 32, "%" PRId64 ".%0*" PRId64, v / unit, places, fp);
    return out;
}

static const char *yuan(char out[32], int64_t fen) { return dec(out, fen, 2, 2); }

static void render(sbuf *b, const bk_claim *c)
{
    static const char *const levels[BK_NLEVEL] = {"community", "1", "2", "3"};
    char x[32], y[32], z[32];
    put(b, "{\"format\":\"yibao-claim/1\",\"insured\":{\"region\":\"" BENCH_REGION
           "\",\"scheme\":\"%s\"},\"visit\":{\"date\":\"%04d-%02d-%02d\",\"setting\":\"%s\","
           "\"level\":\"%s\"",
        c->scheme == BK_EMPLOYEE ? "employee" : "resident", c->year, c->month, c->day,
        c->setting == BK_INPATIENT ? "inpatient" : "outpatient", levels[c->level]);
    if (c->admission) put(b, ",\"admission\":%d", c->admission);
    put(b, "},\"lines\":[");
    for (int i = 0; i < c->nlines; i++) {
        const bk_line *l = &c->lines[i];
        if (l->priced)
            put(b, "%s{\"pric\":\"%s\",\"cnt\":\"%s\"", i ? "," : "", dec(x, l->pric, 6, 2),
                dec(y, l->cnt, 4, 0));
        else
            put(b, "%s{\"amount\":\"%s\"", i ? "," : "", yuan(x, l->amount));
        put(b, ",\"class\":\"%c\"", l->cls);
        if (l->has_prop) put(b, ",\"selfpay_prop\":\"%s%%\"", dec(x, l->prop, 4, 0));
        if (l->has_uplmt) put(b, ",\"pric_uplmt_amt\":\"%s\"", dec(x, l->uplmt, 6, 2));
        put(b, "}");
    }
    put(b, "]");
    if (c->has_ledger) {
        put(b, ",\"year_to_date\":{");
        if (c->ledger_year) put(b, "\"year\":%d,", c->ledger_year);
        put(b, "\"admissions\":%d,\"deductible_paid\":{\"inpatient\":\"%s\",\"outpatient\":\"%s\"}",
            c->admissions, yuan(x, c->dedc_paid[BK_INPATIENT]), yuan(y, c->dedc_paid[BK_OUTPATIENT]));
        put(b, ",\"axis\":{\"basic\":\"%s\",\"outpatient\":\"%s\"}",
            yuan(x, c->axis[BK_GROUP_BASIC]), yuan(y, c->axis[BK_GROUP_OUTPATIENT]));
        put(b, ",\"fund_paid\":{\"basic\":\"%s\",\"outpatient\":\"%s\"}}",
            yuan(z, c->fund_paid[BK_GROUP_BASIC]), yuan(y, c->fund_paid[BK_GROUP_OUTPATIENT]));
    }
    if (c->has_balance) put(b, ",\"account_balance\":\"%s\"", yuan(x, c->balance));
    put(b, "}");
}

/* }=== */

/* {=== Measuring and comparing */

static int64_t now_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts)) die("clock_gettime failed");
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The engine's figures for the fields the kernel computes. */
static void take(bk_out *o, const yb_result *r)
{
    o->medfee = yb_result_amount(r, YB_F_MEDFEE_SUMAMT);
    o->fulamt = yb_result_amount(r, YB_F_FULAMT_OWNPAY_AMT);
    o->overlmt = yb_result_amount(r, YB_F_OVERLMT_SELFPAY);
    o->preselfpay = yb_result_amount(r, YB_F_PRESELFPAY_AMT);
    o->inscp = yb_result_amount(r, YB_F_INSCP_SCP_AMT);
    o->dedc = yb_result_amount(r, YB_F_ACT_PAY_DEDC);
    o->hifp = yb_result_amount(r, YB_F_HIFP_PAY);
    o->psn_part = yb_result_amount(r, YB_F_PSN_PART_AMT);
    o->acct = yb_result_amount(r, YB_F_ACCT_PAY);
    o->cash = yb_result_amount(r, YB_F_PSN_CASH_PAY);
    o->over_cap = yb_result_amount(r, YB_F_BURDEN_OVER_CAP);
}

static void show_mismatch(size_t index, const char *json, const bk_out *e, const bk_out *k)
{
    char x[32], y[32];
    printf("MISMATCH claim #%zu\n  %s\n  %-18s %14s %14s\n", index, json, "field", "engine",
           "kernel");
    for (int f = 0; f < BK_NFIELDS; f++) {
        int64_t a = bk_field(e, f), b = bk_field(k, f);
        printf("  %-18s %14s %14s%s\n", bk_field_names[f], yuan(x, a), yuan(y, b),
               a != b ? "  <--" : "");
    }
}

/* x / n with one decimal, rounded half up (x, n > 0). */
static void print_tenths(int64_t x, int64_t n)
{
    int64_t t = (x * 10 + n / 2) / n;
    printf("%" PRId64 ".%" PRId64, t / 10, t % 10);
}

static int64_t arg_int(const char *opt, const char *v, int64_t lo, int64_t hi)
{
    char *end;
    long long x;
    if (v == NULL) {
        fprintf(stderr, "yibao_bench: %s needs a value\n", opt);
        exit(2);
    }
    x = strtoll(v, &end, 10);
    if (*v == '\0' || *end != '\0' || x < lo || x > hi) {
        fprintf(stderr, "yibao_bench: %s: expected an integer from %" PRId64 " to %" PRId64 "\n",
                opt, lo, hi);
        exit(2);
    }
    return (int64_t)x;
}

/* }=== */

/* {=== Writing the claims (JSONL) and the table for the CLI */

#define BENCH_TABLE_FILE "990001-bench-synthetic.json"

/* DIR/990001-bench-synthetic.json, DIR created when missing (its parent must exist). */
static void write_table(const char *dir)
{
    char path[4096];
    FILE *f;
    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "yibao_bench: %s: cannot create the directory\n", dir);
        exit(2);
    }
    if ((size_t)snprintf(path, sizeof path, "%s/" BENCH_TABLE_FILE, dir) >= sizeof path)
        die("--tables-out: path too long");
    if ((f = fopen(path, "wb")) == NULL || fwrite(bench_table, 1, sizeof bench_table - 1, f) !=
                                                  sizeof bench_table - 1 || fclose(f)) {
        fprintf(stderr, "yibao_bench: %s: cannot write\n", path);
        exit(2);
    }
}

/* The first n claims of the seed, one compact yibao-claim/1 object per line. */
static void write_jsonl(const char *path, rng *r, int64_t n)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
    sbuf text = {0};
    bk_claim c;
    if (f == NULL) {
        fprintf(stderr, "yibao_bench: %s: cannot write\n", path);
        exit(2);
    }
    for (int64_t i = 0; i < n; i++) {
        gen_claim(r, &c);
        render(&text, &c);
        put(&text, "\n");
        if (text.len > ((size_t)1 << 20) || i + 1 == n) { /* flush about every MiB */
            if (fwrite(text.p, 1, text.len, f) != text.len) die("writing the claims failed");
            text.len = 0;
        }
    }
    if (f == stdout ? fflush(f) : fclose(f)) die("writing the claims failed");
    free(text.p);
}

/* }=== */

/* {=== Reading results: typed accessors and JSON, against settle alone */

enum { READ_NONE, READ_TYPED, READ_JSON, READ_JSON_EXPLAIN, NREADS };
static const char *read_names[NREADS] = {
    "settle alone", "settle + typed read", "settle + JSON", "settle + JSON + explain"};

/* Reads everything a billing tool would through the typed accessors; returns a checksum. */
static int64_t read_typed(const yb_result *r)
{
    int64_t sum = yb_result_pool_prop(r);
    for (int f = 0; f < YB_NFIELDS; f++) sum += yb_result_amount(r, (yb_field)f);
    for (int t = 0; t < YB_NTEXTS; t++) sum += yb_result_text(r, (yb_text)t) != NULL;
    for (size_t i = 0; i < yb_result_nwarnings(r); i++) sum += yb_result_warning(r, i)[0];
    yb_fund_row row;
    for (size_t i = 0; i < yb_result_nrows(r); i++)
        if (yb_result_row(r, i, &row) == 0) sum += row.fund_payamt + row.inscp_scp_amt;
    yb_line_split l;
    for (size_t i = 0; i < yb_result_nlines(r); i++)
        if (yb_result_line(r, i, &l) == 0) sum += l.inscp_scp_amt + l.selfpay_prop;
    yb_ledger_item it;
    for (size_t i = 0; i < yb_result_nledger(r); i++)
        if (yb_result_ledger(r, i, &it) == 0) sum += it.amount;
    return sum + yb_result_admissions(r);
}

/* One loop over the chunk's claims in the given mode: its time. *check gathers a checksum
   (or, with `bytes`, the JSON's size: strlen is not timed, so that pass is separate). */
static int64_t read_loop(yb_engine *eng, yb_claim **yc, size_t m, int mode, int bytes,
                         int64_t *check)
{
    const yb_options opt = YB_OPTIONS_INIT;
    const unsigned flags = YB_JSON_COMPACT | (mode == READ_JSON_EXPLAIN ? YB_JSON_EXPLAIN : 0);
    yb_error err = {0};
    int64_t t0 = now_ns();
    for (size_t i = 0; i < m; i++) {
        const yb_result *res;
        char *out;
        if (yb_settle(&res, eng, yc[i], &opt, &err)) continue;
        if (mode == READ_NONE) *check += yb_result_amount(res, YB_F_HIFP_PAY);
        else if (mode == READ_TYPED) *check += read_typed(res);
        else if (yb_result_json(&out, res, flags, &err) == 0)
            *check += bytes ? (int64_t)strlen(out) : out[0], yb_free(out);
    }
    return now_ns() - t0;
}

static int by_value(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* `rounds` rounds, each timing every mode once in turn. A mode's ratio is taken within a
   round (its time over settle alone's in the same round), and the median of the rounds'
   ratios is printed: this machine has slow spells of a minute or more in which every time
   grows by half, and a spell that covers a round moves both sides of its ratios alike.
   The ns/claim printed are each mode's best. */
static void readers(yb_engine *eng, yb_claim **yc, size_t m, int rounds)
{
    int64_t best[NREADS], check = 0, bytes[NREADS] = {0}, ratio[NREADS][64];
    for (int mode = 0; mode < NREADS; mode++) best[mode] = INT64_MAX;
    for (int round = 0; round < rounds; round++) {
        int64_t t[NREADS];
        for (int mode = 0; mode < NREADS; mode++) {
            t[mode] = read_loop(eng, yc, m, mode, 0, &check);
            if (t[mode] < best[mode]) best[mode] = t[mode];
        }
        for (int mode = 0; mode < NREADS; mode++) /* hundredths, rounded */
            ratio[mode][round] = (t[mode] * 100 + t[0] / 2) / (t[0] ? t[0] : 1);
    }
    for (int mode = READ_JSON; mode < NREADS; mode++) read_loop(eng, yc, m, mode, 1, &bytes[mode]);
    printf("reading results      %zu claims, %d rounds, median ratio to settle alone (checksum %" PRId64 ")\n",
           m, rounds, check % 1000);
    for (int mode = 0; mode < NREADS; mode++) {
        qsort(ratio[mode], (size_t)rounds, sizeof **ratio, by_value);
        int64_t r100 = ratio[mode][rounds / 2];
        printf("  %-24s ", read_names[mode]);
        print_tenths(best[mode], (int64_t)m);
        printf(" ns/claim  %" PRId64 ".%02" PRId64 "x", r100 / 100, r100 % 100);
        if (mode >= READ_JSON) printf("  (%" PRId64 " bytes/claim)", bytes[mode] / (int64_t)m);
        printf("\n");
    }
}

/* }=== */

int main(int argc, char **argv)
{
    int64_t n = 1000000, chunk = 100000, dump = -1, rounds = 3;
    uint64_t seed = 1;
    const char *jsonl = NULL, *tables_out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--n")) n = arg_int(a, v, 1, 1000000000), i++;
        else if (!strcmp(a, "--seed")) seed = (uint64_t)arg_int(a, v, 0, INT64_MAX), i++;
        else if (!strcmp(a, "--chunk")) chunk = arg_int(a, v, 1, 10000000), i++;
        else if (!strcmp(a, "--dump")) dump = arg_int(a, v, 1, 1000000), i++;
        else if (!strcmp(a, "--rounds")) rounds = arg_int(a, v, 1, 63), i++;
        else if (!strcmp(a, "--jsonl") && v) jsonl = v, i++;
        else if (!strcmp(a, "--tables-out") && v) tables_out = v, i++;
        else {
            fprintf(stderr, "usage: yibao_bench [--n N] [--seed S] [--chunk C] [--rounds R] [--dump K]\n"
                            "       yibao_bench [--n N] [--seed S] [--jsonl FILE] [--tables-out DIR]\n"
                            "  --n N      claims to settle (default 1000000)\n"
                            "  --seed S   generator seed (default 1)\n"
                            "  --chunk C  claims parsed and held at once (default 100000)\n"
                            "  --rounds R rounds of the reading-results timings (default 3)\n"
                            "  --dump K   print the first K claims as JSON and exit\n"
                            "  --jsonl FILE       write the N claims as JSONL and exit\n"
                            "  --tables-out DIR   write the synthetic table into DIR and exit\n");
            return 2;
        }
    }
    rng r = {seed};
    if (jsonl || tables_out) {
        if (tables_out) write_table(tables_out);
        if (jsonl) write_jsonl(jsonl, &r, n);
        return 0;
    }
    sbuf text = {0};
    if (dump > 0) {
        bk_claim c;
        for (int64_t i = 0; i < dump; i++) {
            gen_claim(&r, &c);
            text.len = 0;
            render(&text, &c);
            printf("%s\n", text.p);
        }
        free(text.p);
        return 0;
    }

    yb_error err = {0};
    yb_tables *ts = NULL;
    yb_engine *eng = NULL;
    const char *texts[1] = {bench_table};
    const size_t lens[1] = {sizeof bench_table - 1};
    const char *names[1] = {"990001-bench-synthetic.json"};
    char msg[1024];
    if (yb_tables_open_texts(&ts, 1, texts, lens, names, &err) ||
        yb_engine_new(&eng, ts, &err)) {
        yb_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "yibao_bench: %s\n", msg);
        return 2;
    }
    if (chunk > n) chunk = n;
    bk_claim *kc = malloc((size_t)chunk * sizeof *kc);
    yb_claim **yc = calloc((size_t)chunk, sizeof *yc);
    size_t *off = malloc(((size_t)chunk + 1) * sizeof *off);
    bk_out *eo = malloc((size_t)chunk * sizeof *eo), *ko = malloc((size_t)chunk * sizeof *ko);
    unsigned char *failed = malloc((size_t)chunk);
    if (!kc || !yc || !off || !eo || !ko || !failed) die("out of memory");
    /* Touch the result arrays now, so that neither timed loop pays their page faults (not
       with zeros: the compiler may turn malloc + memset 0 into calloc, which touches nothing). */
    memset(eo, 0xff, (size_t)chunk * sizeof *eo);
    memset(ko, 0xff, (size_t)chunk * sizeof *ko);

    const yb_options opt = YB_OPTIONS_INIT;
    int64_t engine_ns = 0, kernel_ns = 0, identical = 0, mismatched = 0, errors = 0;
    int64_t nlines = 0, inpatient = 0, cap_binds = 0, over_limit = 0, account = 0, repeat = 0,
            stale = 0, deductible_left = 0;
    yb_error first_err = {0};
    size_t first_err_claim = 0;
    for (int64_t done = 0; done < n; done += chunk) {
        size_t m = (size_t)(n - done < chunk ? n - done : chunk);
        /* Untimed: generate, render, parse. */
        text.len = 0;
        for (size_t i = 0; i < m; i++) {
            gen_claim(&r, &kc[i]);
            off[i] = text.len;
            render(&text, &kc[i]);
            put(&text, "%c", '\0'); /* each claim's text ends with its own NUL */
        }
        for (size_t i = 0; i < m; i++) {
            char name[40];
            snprintf(name, sizeof name, "bench#%" PRId64, done + (int64_t)i);
            if (yb_claim_parse(&yc[i], ts, text.p + off[i], strlen(text.p + off[i]), name, &err)) {
                yb_error_format(&err, msg, sizeof msg);
                fprintf(stderr, "yibao_bench: a generated claim does not parse: %s\n  %s\n", msg,
                        text.p + off[i]);
                return 2;
            }
        }
        /* Timed: the engine. */
        int64_t t0 = now_ns();
        for (size_t i = 0; i < m; i++) {
            const yb_result *res;
            failed[i] = yb_settle(&res, eng, yc[i], &opt, &err) != 0;
            if (failed[i]) {
                if (errors++ == 0) first_err = err, first_err_claim = (size_t)done + i;
                memset(&err, 0, sizeof err);
                continue;
            }
            take(&eo[i], res);
        }
        int64_t t1 = now_ns();
        /* Timed: the kernel. */
        for (size_t i = 0; i < m; i++) bk_settle(&bk_synthetic, &kc[i], &ko[i]);
        int64_t t2 = now_ns();
        engine_ns += t1 - t0;
        kernel_ns += t2 - t1;
        /* Compare, and count what the claims exercised. */
        for (size_t i = 0; i < m; i++) {
            const bk_claim *c = &kc[i];
            nlines += c->nlines;
            inpatient += c->setting == BK_INPATIENT;
            cap_binds += ko[i].over_cap > 0;
            over_limit += ko[i].overlmt > 0;
            account += ko[i].acct > 0;
            repeat += c->setting == BK_INPATIENT &&
                      (c->admission ? c->admission : c->admissions + 1) > 1;
            stale += c->has_ledger && c->ledger_year && c->ledger_year != c->year;
            deductible_left += ko[i].dedc < ko[i].inscp && ko[i].dedc > 0;
            if (failed[i]) continue;
            if (memcmp(&eo[i], &ko[i], sizeof eo[i]) == 0) {
                identical++;
                continue;
            }
            if (mismatched++ < 5) show_mismatch((size_t)done + i, text.p + off[i], &eo[i], &ko[i]);
        }
        if (done == 0) readers(eng, yc, m, (int)rounds);
        for (size_t i = 0; i < m; i++) yb_claim_free(yc[i]);
        if (errors && first_err_claim >= (size_t)done && first_err_claim < (size_t)done + m) {
            yb_error_format(&first_err, msg, sizeof msg);
            printf("SETTLEMENT ERROR claim #%zu: %s\n  %s\n", first_err_claim, msg,
                   text.p + off[first_err_claim - (size_t)done]);
        }
    }

    printf("yibao_bench: seed %" PRIu64 ", region " BENCH_REGION
           " (synthetic benchmark table, unverified), %s\n",
           seed, yb_version());
    printf("claims               %" PRId64 " (inpatient %" PRId64 ", outpatient %" PRId64
           "; %" PRId64 " fee lines)\n",
           n, inpatient, n - inpatient, nlines);
    printf("exercised            cap binds %" PRId64 ", over-limit %" PRId64
           ", account pays %" PRId64 ", repeat admission %" PRId64 ", deductible partly met %"
           PRId64 ", stale ledger %" PRId64 "\n",
           cap_binds, over_limit, account, repeat, deductible_left, stale);
    int64_t ms = (engine_ns + 500000) / 1000000;
    printf("engine yb_settle     ");
    print_tenths(engine_ns, n);
    printf(" ns/claim (%" PRId64 ".%03" PRId64 " s in total)\n", ms / 1000, ms % 1000);
    ms = (kernel_ns + 500000) / 1000000;
    printf("kernel int64         ");
    print_tenths(kernel_ns, n);
    printf(" ns/claim (%" PRId64 ".%03" PRId64 " s in total)\n", ms / 1000, ms % 1000);
    if (kernel_ns > 0) {
        int64_t r100 = (engine_ns * 100 + kernel_ns / 2) / kernel_ns;
        printf("ratio engine/kernel  %" PRId64 ".%02" PRId64 "x\n", r100 / 100, r100 % 100);
    }
    printf("identical: %" PRId64 "/%" PRId64 "\n", identical, n);
    if (errors) printf("settlement errors: %" PRId64 "\n", errors);

    free(kc);
    free(yc);
    free(off);
    free(eo);
    free(ko);
    free(failed);
    free(text.p);
    yb_engine_free(eng);
    yb_tables_free(ts);
    yb_thread_cleanup();
    return identical == n ? 0 : 1;
}
