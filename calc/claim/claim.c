/* SPDX-License-Identifier: MIT */
/*
** claim.c
** A claim (yibao-claim/1, docs/claims.md) parsed and validated into a yb_claim: who is insured
** where, the visit, its fee lines or a pre-summed fee bundle, the year ledger and the
** personal-account balance. Amounts are exact integers from here on. Patients type
** numbers, so a JSON number where an amount goes is accepted with a warning, read from its
** own digits in the text (never through a double).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim/claim.h"

#define YBP_MAX_LINES 100000
/* Admissions in a year: more than one a day is possible (transfers), so the bound is wide;
   a ledger the engine writes (at most this + 1) is always one it reads back. */
#define YBP_MAX_ADMISSIONS 100000

/*
** The parse's context. Paths below are the claim's own ("/lines/0/amount"); where the claim
** is part of a larger document (a visit of `yibao year`), `top` prefixes the insured
** person's keys and `vis` the visit's, so every message and every number read from the
** text points into the document the user wrote.
*/
typedef struct cctx {
    yb_claim *c;
    yb_error *err;
    const char *text;
    size_t len;
    const char *top, *vis;
} cctx;

/* The document path of a claim path. */
static const char *full(const cctx *x, const char *path, char *buf, size_t size)
{
    static const char *const person[] = {"/insured", "/year_to_date", "/account_balance",
                                         "/family_account_balance", NULL};
    const char *base = x->vis;
    for (const char *const *k = person; *k; k++)
        if (!strncmp(path, *k, strlen(*k)) && (path[strlen(*k)] == '/' || !path[strlen(*k)]))
            base = x->top;
    snprintf(buf, size, "%s%s", base, path);
    return buf;
}

/*
** Where a value sits in the claim: a base ("/lines"), an index (or -1), then up to three
** keys. It is spelled out as a path only when a message (or a JSON number's own text)
** needs it, so a claim that parses formats no path at all.
*/
typedef struct at {
    const char *base;
    long i;
    const char *k[3];
} at;
#define AT(b) ((at){(b), -1, {NULL, NULL, NULL}})

/* `a` one level down, at key k. */
static at sub(at a, const char *k)
{
    for (int j = 0; j < 3; j++)
        if (a.k[j] == NULL) {
            a.k[j] = k;
            break;
        }
    return a;
}

/* *w, or *w one level down at key k when k is given. The readers below take (w, k) and
   build the place only to refuse: a claim that parses copies no `at` per value. */
static at to(const at *w, const char *k) { return k ? sub(*w, k) : *w; }

/* The claim path of `a` ("/lines/3/amount"). */
static const char *spell(at a, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s", a.base);
    if (a.i >= 0 && n >= 0 && (size_t)n < size) n += snprintf(buf + n, size - (size_t)n, "/%ld", a.i);
    for (int j = 0; j < 3 && a.k[j]; j++)
        if (n >= 0 && (size_t)n < size) n += snprintf(buf + n, size - (size_t)n, "/%s", a.k[j]);
    return buf;
}

static int fail(cctx *x, at a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(cctx *x, at a, const char *fmt, ...)
{
    char msg[512], p[512], q[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ybp_err(x->err, YB_ECLAIM, x->c->name, 0, 0, full(x, spell(a, q, sizeof q), p, sizeof p),
                   "%s", msg);
}

static void warn(yb_claim *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(yb_claim *c, const char *fmt, ...)
{
    va_list ap;
    if (c->nwarn >= 8) return;
    if (c->warn == NULL && (c->warn = ybp_alloc(&c->arena, 8 * sizeof *c->warn)) == NULL) return;
    va_start(ap, fmt);
    vsnprintf(c->warn[c->nwarn++], sizeof c->warn[0], fmt, ap);
    va_end(ap);
}

/* a == b, for the short keys of a claim: inline, where a call to strcmp costs more than
   the compare (members() runs it some 45 times a claim). */
static inline int same(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

/*
** The members of object o named in `names` (a NULL-terminated list), into v[] in the
** same order (NULL when absent), in one pass over o: no lookup per name, and an unknown
** member is refused with its path, the first in the document's order.
*/
static int members(cctx *x, json_t *o, const at *where, const char *const *names, json_t **v)
{
    int n = 0;
    while (names[n]) v[n++] = NULL;
    /* An iterator, not json_object_foreach: three calls into Jansson a key, not five. */
    for (void *it = json_object_iter(o); it; it = json_object_iter_next(o, it)) {
        const char *key = json_object_iter_key(it);
        int i = 0;
        while (i < n && (names[i][0] != key[0] || !same(names[i], key))) i++;
        if (i == n) return fail(x, sub(*where, key), "unknown key \"%s\"", key);
        v[i] = json_object_iter_value(it);
    }
    return 0;
}

/* A decimal of kind (scale, flags); JSON numbers read from their own text. */
static int dec(cctx *x, json_t *v, const at *w, const char *k, int scale, unsigned flags, int64_t *out)
{
    const char *why = NULL, *s;
    char raw[64], p[512], q[512];
    if (json_is_string(v)) {
        s = json_string_value(v);
    } else if (json_is_number(v)) {
        full(x, spell(to(w, k), q, sizeof q), p, sizeof p);
        if (ybp_json_raw(x->text, x->len, p, raw, sizeof raw))
            return fail(x, to(w, k), "expected a decimal string");
        warn(x->c, "%s：JSON 数字 %s 按金额「%s」读取，金额请写成字符串 / %s: the JSON number %s was "
                   "read as the amount \"%s\"; write amounts as strings", p, raw, raw, p, raw, raw);
        s = raw;
    } else {
        return fail(x, to(w, k), "expected a decimal string such as \"%s\"",
                    flags & YBP_DEC_PCT ? "10%" : "1234.56");
    }
    if (ybp_dec_parse(s, scale, flags, out, &why))
        return fail(x, to(w, k), "\"%s\": %s%s", s, why,
                    s[0] == '-' ? " (negative amounts are refused)" : "");
    if ((flags & YBP_DEC_PCT) && *out > YBP_ONE)
        return fail(x, to(w, k), "ratio \"%s\" is outside [0, 1]", s);
    return 0;
}

/* An optional short string (a code, a case name): v, or dflt when absent or null. */
static const char *opt_str(cctx *x, json_t *v, const at *w, const char *k, const char *dflt, int *bad)
{
    if (v == NULL || json_is_null(v)) return dflt;
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 64) {
        *bad = json_is_string(v) && json_string_length(v) > 64
                   ? fail(x, to(w, k), "a string of at most 64 bytes (this one has %zu)", json_string_length(v))
                   : fail(x, to(w, k), "expected a non-empty string");
        return NULL;
    }
    return ybp_strdup(&x->c->arena, json_string_value(v));
}

static int pick(const char *v, const char *const *names, int n)
{
    for (int i = 0; v && i < n; i++)
        if (same(v, names[i])) return i;
    return -1;
}

static int one_of(cctx *x, const char *v, const at *w, const char *k, const char *const *allowed)
{
    for (const char *const *a = allowed; *a; a++)
        if (same(*a, v)) return 0;
    char list[200] = "";
    for (const char *const *a = allowed; *a; a++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", a == allowed ? "" : ", ", *a);
    return fail(x, to(w, k), "\"%s\" is not one of: %s", v, list);
}

/*
** A person type, tier or group neither standard nor named by the insured region's (or the
** national) table is refused with the values known: left alone, a typo (学童) would
** silently take the rules' `default` case, an adult's.
*/
static int known(cctx *x, const yb_tables *ts, const yb_claim *c, int field, const char *v, const at *w,
                 const char *k)
{
    static const char *const zh[] = {"人员类别", "缴费档次", "救助对象类别"};
    static const char *const en[] = {"person type", "tier", "assistance group"};
    char list[400];
    int f = field - YBP_W_PERSON;
    if (v == NULL || ybp_name_known(c->insured, ts->national, field, v, list, sizeof list)) return 0;
    return fail(x, to(w, k), "%s（%s）的规则没有%s「%s」，可选：%s / %s's rules know no %s \"%s\" (one of: %s)",
                c->insured->region_name, c->insured->code, zh[f], v, list, c->insured->region_name,
                en[f], v, list);
}

/*
** A region the table set does not cover, explained: a place with no table yet (温州市), a
** name several places share (朝阳区), or a slip of the keyboard (宁博 → 宁波).
*/
static int unknown_region(cctx *x, at where, const yb_tables *ts, const char *r)
{
    const ybp_division *d[8];
    size_t n = ybp_place_find(r, d, 8);
    char list[600] = "", en[600] = "";
    if (n == 1)
        return fail(x, where, "%s（%s）还没有参数表，无法按参保地估算（已有的地区见 `yibao tables list`）"
                              " / no table yet for %s (%s): see `yibao tables list`",
                    d[0]->name, d[0]->code, d[0]->name, d[0]->code);
    for (size_t i = 0; i < n && i < 8; i++) {
        const ybp_division *up = d[i]->parent ? ybp_place_by_code(d[i]->parent) : NULL;
        size_t l = strlen(list), e = strlen(en);
        snprintf(list + l, sizeof list - l, "%s%s%s（%s）", i ? "、" : "", up ? up->name : "", d[i]->name, d[i]->code);
        snprintf(en + e, sizeof en - e, "%s%s%s (%s)", i ? ", " : "", up ? up->name : "", d[i]->name, d[i]->code);
    }
    if (n > 1)
        return fail(x, where, "「%s」不止一处：%s，请给出代码或上级地名 / \"%s\" names several places: %s; "
                              "give the code", r, list, r, en);
    /* Did you mean: the table set's regions first (names, aliases, pinyin), then places. */
    n = 0;
    for (size_t i = 0; i < yb_tables_count(ts) && n < 4; i++) {
        const ybp_table *t = ts->t[i];
        int near = ybp_near(r, t->region_name) >= 0 || (t->name_en && ybp_near(r, t->name_en) >= 0);
        for (size_t a = 0; a < t->naliases && !near; a++) near = ybp_near(r, t->aliases[a]) >= 0;
        if (!near) continue;
        size_t l = strlen(list), e = strlen(en);
        snprintf(list + l, sizeof list - l, "%s%s（%s）", n ? "、" : "", t->region_name, t->code);
        snprintf(en + e, sizeof en - e, "%s%s (%s)", n ? ", " : "", t->region_name, t->code);
        n++;
    }
    if (n == 0) {
        n = ybp_place_suggest(r, d, 4);
        for (size_t i = 0; i < n; i++) {
            size_t l = strlen(list), e = strlen(en);
            snprintf(list + l, sizeof list - l, "%s%s（%s）", i ? "、" : "", d[i]->name, d[i]->code);
            snprintf(en + e, sizeof en - e, "%s%s (%s)", i ? ", " : "", d[i]->name, d[i]->code);
        }
    }
    if (n)
        return fail(x, where, "未知地区「%s」，是否是：%s？ / unknown region \"%s\": did you mean %s?",
                    r, list, r, en);
    return fail(x, where, "未知地区「%s」：请给出地名或 6 位行政区划代码 / unknown region \"%s\": give a "
                          "place name or its 6-digit code (see `yibao tables list`)", r, r);
}

/* {=== Parts */

/* Place: same pool → local; same province (first two digits) → in_province. */
static void place_of(yb_claim *c, const yb_tables *ts)
{
    c->treated = ybp_tables_find(ts, c->treated_code);
    c->place = !strcmp(c->treated_code, c->insured_code)        ? YBP_LOCAL
               : !strncmp(c->treated_code, c->insured_code, 2) ? YBP_IN_PROVINCE
                                                                : YBP_CROSS_PROVINCE;
}

/* A claim's filing is one of the filing cases but "local" (a place, not a filing). */
static const char *const filings[] = {"long_term", "referral", "emergency", "temporary", "none", NULL};

static int insured(cctx *x, const yb_tables *ts, json_t *o)
{
    enum { REGION, SCHEME, PERSON, TIER, AGE, GROUP, FILING, N };
    static const char *const k[N + 1] = {"region", "scheme", "person", "tier", "age", "group",
                                         "filing", NULL};
    const at here = AT("/insured");
    yb_claim *c = x->c;
    int bad = 0;
    json_t *v[N];
    if (!json_is_object(o)) return fail(x, here, "expected an object {\"region\", \"scheme\", …}");
    if (members(x, o, &here, k, v)) return -1;
    const char *r = opt_str(x, v[REGION], &here, "region", NULL, &bad);
    if (bad) return bad;
    if (r == NULL) return fail(x, sub(here, "region"), "missing: the insured's region (参保地)");
    if ((c->insured_code = yb_tables_resolve(ts, r)) == NULL)
        return unknown_region(x, sub(here, "region"), ts, r);
    c->insured = ybp_tables_find(ts, c->insured_code);
    const char *s = opt_str(x, v[SCHEME], &here, "scheme", NULL, &bad);
    if (bad) return bad;
    if (s == NULL) return fail(x, sub(here, "scheme"), "missing: \"employee\" or \"resident\"");
    if ((c->scheme = pick(s, ybp_scheme_names, YBP_NSCHEME)) < 0)
        return fail(x, sub(here, "scheme"), "\"%s\": expected \"employee\" or \"resident\"", s);
    c->person = opt_str(x, v[PERSON], &here, "person", NULL, &bad);
    c->tier = opt_str(x, v[TIER], &here, "tier", NULL, &bad);
    c->group = opt_str(x, v[GROUP], &here, "group", NULL, &bad);
    c->filing = opt_str(x, v[FILING], &here, "filing", "none", &bad);
    if (bad) return bad;
    if (known(x, ts, c, YBP_W_PERSON, c->person, &here, "person") ||
        known(x, ts, c, YBP_W_TIER, c->tier, &here, "tier") ||
        known(x, ts, c, YBP_W_GROUP, c->group, &here, "group"))
        return -1;
    if (one_of(x, c->filing, &here, "filing", filings)) return -1;
    c->age = -1;
    if (v[AGE] != NULL && !json_is_null(v[AGE])) {
        if (!json_is_integer(v[AGE]) || json_integer_value(v[AGE]) < 0 || json_integer_value(v[AGE]) > 150)
            return fail(x, sub(here, "age"), "expected a whole number of years, 0 to 150");
        c->age = (int)json_integer_value(v[AGE]);
    }
    return 0;
}

/* The place of treatment's code (ybp_treated_code), kept in the claim's arena when it is
   the text itself; NULL after refusing an unknown place. */
static const char *treated_code(cctx *x, const yb_tables *ts, const char *r, at where)
{
    const char *code = ybp_treated_code(ts, r);
    if (code == r) return ybp_strdup(&x->c->arena, r);
    if (code == NULL) unknown_region(x, where, ts, r);
    return code;
}

static int visit(cctx *x, const yb_tables *ts, json_t *o)
{
    enum { REGION, DATE, SETTING, LEVEL, ADMISSION, SETTLEMENT, N };
    static const char *const k[N + 1] = {"region", "date", "setting", "level", "admission",
                                         "settlement", NULL};
    const at here = AT("/visit");
    yb_claim *c = x->c;
    int bad = 0;
    json_t *v[N];
    if (!json_is_object(o)) return fail(x, here, "expected an object {\"date\", \"setting\", …}");
    if (members(x, o, &here, k, v)) return -1;
    const char *r = opt_str(x, v[REGION], &here, "region", NULL, &bad);
    const char *d = opt_str(x, v[DATE], &here, "date", NULL, &bad);
    const char *s = opt_str(x, v[SETTING], &here, "setting", NULL, &bad);
    c->level = opt_str(x, v[LEVEL], &here, "level", NULL, &bad);
    c->settlement = opt_str(x, v[SETTLEMENT], &here, "settlement", "direct", &bad);
    if (bad) return bad;
    if (d == NULL) return fail(x, sub(here, "date"), "missing: the date of the visit (\"YYYY-MM-DD\")");
    if ((c->day = ybp_date_parse(d)) < 0)
        return fail(x, sub(here, "date"), "\"%s\": expected a real date \"YYYY-MM-DD\"", d);
    if (s == NULL) return fail(x, sub(here, "setting"), "missing: inpatient, outpatient or chronic");
    if ((c->setting = pick(s, ybp_setting_names, YBP_NSETTING)) < 0)
        return fail(x, sub(here, "setting"), "\"%s\": expected inpatient, outpatient or chronic", s);
    if (c->level && one_of(x, c->level, &here, "level", ybp_level_cases)) return -1;
    if (one_of(x, c->settlement, &here, "settlement", ybp_settlement_cases)) return -1;
    c->manual = !strcmp(c->settlement, "manual");
    if (v[ADMISSION] != NULL && !json_is_null(v[ADMISSION])) {
        json_int_t a = json_integer_value(v[ADMISSION]);
        if (!json_is_integer(v[ADMISSION]) || a < 1 || a > YBP_MAX_ADMISSIONS)
            return fail(x, sub(here, "admission"), "expected the admission's number in the year, 1 to %d",
                        YBP_MAX_ADMISSIONS);
        c->admission = a;
    }
    if (r == NULL) {
        c->treated_code = c->insured_code;
    } else if ((c->treated_code = treated_code(x, ts, r, sub(here, "region"))) == NULL) {
        return -1;
    }
    place_of(c, ts);
    return 0;
}

/* The class of a fee line: A (甲类), B (乙类), C (丙类), or the national 1/2/3, 01/02/03. */
static int class_of(const char *cl)
{
    if (!strcmp(cl, "A") || !strcmp(cl, "1") || !strcmp(cl, "01")) return 'A';
    if (!strcmp(cl, "B") || !strcmp(cl, "2") || !strcmp(cl, "02")) return 'B';
    if (!strcmp(cl, "C") || !strcmp(cl, "3") || !strcmp(cl, "03")) return 'C';
    return 0;
}

static int line(cctx *x, json_t *o, size_t i, ybp_line *l)
{
    enum { AMOUNT, DET, PRIC, CNT, CLASS, LV, PROP, UPLMT, NAME, CODE, N };
    static const char *const k[N + 1] = {"amount", "det_item_fee_sumamt", "pric", "cnt", "class",
                                         "chrgitm_lv", "selfpay_prop", "pric_uplmt_amt", "name",
                                         "code", NULL};
    at here = AT("/lines");
    json_t *v[N];
    here.i = (long)i;
    if (!json_is_object(o)) return fail(x, here, "expected a fee line {\"amount\", \"class\"}");
    if (members(x, o, &here, k, v)) return -1;
    json_t *amt = v[AMOUNT] ? v[AMOUNT] : v[DET];
    if (amt && (v[PRIC] || v[CNT])) return fail(x, here, "give \"amount\" or \"pric\" × \"cnt\", not both");
    if (amt) {
        if (dec(x, amt, &here, v[AMOUNT] ? "amount" : "det_item_fee_sumamt", YBP_AMT, 0, &l->amount))
            return -1;
    } else if (v[PRIC] && v[CNT]) {
        l->priced = 1;
        if (dec(x, v[PRIC], &here, "pric", YBP_PRICE, 0, &l->pric)) return -1;
        if (dec(x, v[CNT], &here, "cnt", YBP_CNT, 0, &l->cnt)) return -1;
        /* pric × cnt is exact below 10^34 (both at most 12 integer digits): a line above
           10^13 yuan is refused here, where its position is known, not by the engine. */
        __extension__ unsigned __int128 prod = (unsigned __int128)l->pric * (unsigned __int128)l->cnt;
        if (prod > (unsigned __int128)1000000000000000ULL * 100000000ULL) /* 10^15 fen at scale 10^-10 */
            return fail(x, here, "pric × cnt is above 10 trillion yuan");
    } else {
        return fail(x, here, "missing: \"amount\", or \"pric\" and \"cnt\"");
    }
    if (v[CLASS] && v[LV]) return fail(x, here, "give \"class\" or \"chrgitm_lv\", not both");
    {
        at cat = sub(here, v[LV] ? "chrgitm_lv" : "class");
        const char *cl = json_string_value(v[CLASS] ? v[CLASS] : v[LV]);
        if (cl == NULL) return fail(x, cat, "missing: \"class\" A (甲类), B (乙类) or C (丙类/自费)");
        if ((l->cls = class_of(cl)) == 0)
            return fail(x, cat, "\"%s\": expected A, B or C (or chrgitm_lv 1/2/3, 01/02/03)", cl);
    }
    for (int id = 0; id < 2; id++) { /* identifiers, echoed in the result */
        json_t *s = v[id ? NAME : CODE];
        if (s == NULL || json_is_null(s)) continue;
        if (!json_is_string(s) || json_string_length(s) > 512)
            return fail(x, sub(here, id ? "name" : "code"), "expected a string of at most 512 bytes");
        *(id ? &l->name : &l->code) = ybp_strdup(&x->c->arena, json_string_value(s));
    }
    if (v[PROP] != NULL) {
        if (dec(x, v[PROP], &here, "selfpay_prop", YBP_RATIO, YBP_DEC_PCT, &l->prop)) return -1;
        l->has_prop = 1;
    }
    if (v[UPLMT] != NULL) {
        if (!l->priced) return fail(x, sub(here, "pric_uplmt_amt"), "a price ceiling needs \"pric\" and \"cnt\"");
        if (dec(x, v[UPLMT], &here, "pric_uplmt_amt", YBP_PRICE, 0, &l->uplmt)) return -1;
        l->has_uplmt = 1;
    }
    return 0;
}

static int fees(cctx *x, json_t *o)
{
    enum { MEDFEE, FULAMT, OVERLMT, PRESELFPAY, CLASS_C, CLASS_B, N };
    static const char *const k[N + 1] = {"medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay",
                                         "preselfpay_amt", "class_c", "class_b", NULL};
    const at here = AT("/fees");
    yb_claim *c = x->c;
    json_t *v[N];
    if (!json_is_object(o)) return fail(x, here, "expected a fee bundle {\"medfee_sumamt\", …}");
    if (members(x, o, &here, k, v)) return -1;
    if (v[MEDFEE] == NULL) return fail(x, sub(here, "medfee_sumamt"), "missing: the total of the visit");
    if (dec(x, v[MEDFEE], &here, "medfee_sumamt", YBP_AMT, 0, &c->b_medfee)) return -1;
    int national = v[FULAMT] || v[OVERLMT] || v[PRESELFPAY], simple = v[CLASS_C] || v[CLASS_B];
    if (national && simple)
        return fail(x, here, "give the national split (fulamt_ownpay_amt, overlmt_selfpay, "
                             "preselfpay_amt) or class_c/class_b, not both");
    if (v[FULAMT] && dec(x, v[FULAMT], &here, "fulamt_ownpay_amt", YBP_AMT, 0, &c->b_fulamt)) return -1;
    if (v[OVERLMT] && dec(x, v[OVERLMT], &here, "overlmt_selfpay", YBP_AMT, 0, &c->b_overlmt)) return -1;
    if (v[PRESELFPAY] && dec(x, v[PRESELFPAY], &here, "preselfpay_amt", YBP_AMT, 0, &c->b_preselfpay)) return -1;
    if (v[CLASS_C] && dec(x, v[CLASS_C], &here, "class_c", YBP_AMT, 0, &c->b_fulamt)) return -1;
    if (v[CLASS_B] != NULL) {
        if (dec(x, v[CLASS_B], &here, "class_b", YBP_AMT, 0, &c->b_classb)) return -1;
        c->b_has_classb = 1;
    }
    if (c->b_fulamt + c->b_overlmt + c->b_preselfpay + c->b_classb > c->b_medfee)
        return fail(x, here, "the parts add up to more than medfee_sumamt");
    c->bundle = 1;
    return 0;
}

/* Amounts keyed by setting (deductible_paid). */
static int by_setting(cctx *x, json_t *o, at where, int64_t *vals)
{
    const char *key;
    json_t *v;
    if (!json_is_object(o)) return fail(x, where, "expected an object of amounts");
    json_object_foreach(o, key, v) {
        int s = pick(key, ybp_setting_names, YBP_NSETTING);
        if (s < 0) return fail(x, sub(where, key), "unknown setting \"%s\"", key);
        if (dec(x, v, &where, key, YBP_AMT, YBP_DEC_WIDE, &vals[s])) return -1;
    }
    return 0;
}

static int ledger(cctx *x, json_t *o)
{
    enum { YEAR, ADMISSIONS, DEDC, AXIS, FUND_PAID, LAYERS, N };
    static const char *const k[N + 1] = {"year", "admissions", "deductible_paid", "axis",
                                         "fund_paid", "layers", NULL};
    const at here = AT("/year_to_date");
    ybp_ledger *g = &x->c->ledger;
    json_t *v[N];
    if (!json_is_object(o)) return fail(x, here, "expected the year ledger object");
    if (members(x, o, &here, k, v)) return -1;
    if (v[YEAR] != NULL) {
        if (!json_is_integer(v[YEAR]) || json_integer_value(v[YEAR]) < 1970 || json_integer_value(v[YEAR]) > 2199)
            return fail(x, sub(here, "year"), "expected a year such as 2025");
        g->year = (int)json_integer_value(v[YEAR]);
    }
    if (v[ADMISSIONS] != NULL) {
        json_int_t a = json_integer_value(v[ADMISSIONS]);
        if (!json_is_integer(v[ADMISSIONS]) || a < 0 || a > YBP_MAX_ADMISSIONS)
            return fail(x, sub(here, "admissions"), "expected a count, 0 to %d", YBP_MAX_ADMISSIONS);
        g->admissions = a;
    }
    if (v[DEDC] != NULL && by_setting(x, v[DEDC], sub(here, "deductible_paid"), g->dedc)) return -1;
    /* axis and fund_paid share the group list. */
    for (int w = 0; w < 2; w++) {
        const char *key;
        json_t *a, *m = v[w ? FUND_PAID : AXIS];
        const at there = sub(here, w ? "fund_paid" : "axis");
        if (m == NULL) continue;
        if (!json_is_object(m)) return fail(x, there, "expected an object of amounts by cap group");
        json_object_foreach(m, key, a) {
            size_t i;
            for (i = 0; i < g->ngroups && !same(g->group[i], key); i++) {}
            if (i == g->ngroups) {
                if (i == 8) return fail(x, sub(there, key), "too many cap groups (at most 8)");
                g->group[g->ngroups++] = ybp_strdup(&x->c->arena, key);
            }
            if (dec(x, a, &there, key, YBP_AMT, YBP_DEC_WIDE, w ? &g->fund_paid[i] : &g->axis[i]))
                return -1;
        }
    }
    if (v[LAYERS] != NULL) {
        static const char *const lk[] = {"basis", "paid", NULL};
        const at there = sub(here, "layers");
        const char *key;
        json_t *a;
        if (!json_is_object(v[LAYERS])) return fail(x, there, "expected an object by layer id");
        json_object_foreach(v[LAYERS], key, a) {
            const at one = sub(there, key);
            json_t *bp[2];
            if (g->nlayers == 16) return fail(x, one, "too many layers (at most 16)");
            if (!json_is_object(a)) return fail(x, one, "expected {\"basis\", \"paid\"}");
            if (members(x, a, &one, lk, bp)) return -1;
            size_t i = g->nlayers++;
            g->layer[i] = ybp_strdup(&x->c->arena, key);
            if (bp[0] && dec(x, bp[0], &one, "basis", YBP_AMT, YBP_DEC_WIDE, &g->layer_basis[i])) return -1;
            if (bp[1] && dec(x, bp[1], &one, "paid", YBP_AMT, YBP_DEC_WIDE, &g->layer_paid[i])) return -1;
        }
    }
    return 0;
}

/* }=== */

static int parse(cctx *x, const yb_tables *ts, json_t *root)
{
    enum { FORMAT, ID, NOTES, INSURED, VISIT, LINES, FEES, LEDGER, BALANCE, FAMILY, N };
    static const char *const k[N + 1] = {"format", "id", "notes", "insured", "visit", "lines",
                                         "fees", "year_to_date", "account_balance",
                                         "family_account_balance", NULL};
    yb_claim *c = x->c;
    json_t *v[N];
    if (!json_is_object(root)) return fail(x, AT(""), "expected a claim object {\"insured\", \"visit\", \"lines\"}");
    if (members(x, root, &AT(""), k, v)) return -1;
    if (v[FORMAT] != NULL && (!json_is_string(v[FORMAT]) || strcmp(json_string_value(v[FORMAT]), "yibao-claim/1")))
        return fail(x, AT("/format"), "expected \"yibao-claim/1\"");
    if (v[ID] != NULL && !json_is_null(v[ID])) {
        if (!json_is_string(v[ID]) || json_string_length(v[ID]) > 128)
            return fail(x, AT("/id"), "expected the claim's identifier, a string of at most 128 bytes");
        c->id = ybp_strdup(&c->arena, json_string_value(v[ID]));
    }
    if (v[INSURED] == NULL) return fail(x, AT("/insured"), "missing: who is insured where");
    if (insured(x, ts, v[INSURED])) return -1;
    if (v[VISIT] == NULL) return fail(x, AT("/visit"), "missing: the visit (date, setting …)");
    if (visit(x, ts, v[VISIT])) return -1;
    if (v[LINES] && v[FEES]) return fail(x, AT(""), "give \"lines\" or \"fees\", not both");
    if (v[LINES]) {
        json_t *lines = v[LINES];
        if (!json_is_array(lines)) return fail(x, AT("/lines"), "expected a list of fee lines");
        if (json_array_size(lines) > YBP_MAX_LINES)
            return fail(x, AT("/lines"), "too many lines (at most %d)", YBP_MAX_LINES);
        c->nlines = json_array_size(lines);
        c->lines = ybp_alloc(&c->arena, (c->nlines + 1) * sizeof *c->lines);
        if (c->lines == NULL) return ybp_err(x->err, YB_ENOMEM, c->name, 0, 0, "", "out of memory");
        for (size_t i = 0; i < c->nlines; i++)
            if (line(x, json_array_get(lines, i), i, &c->lines[i])) return -1;
    } else if (v[FEES]) {
        if (fees(x, v[FEES])) return -1;
    } else {
        return fail(x, AT("/lines"), "missing: \"lines\" (fee lines) or \"fees\" (a pre-summed bundle)");
    }
    if (v[LEDGER] != NULL && ledger(x, v[LEDGER])) return -1;
    if (v[BALANCE] != NULL && !json_is_null(v[BALANCE])) {
        if (dec(x, v[BALANCE], &AT(""), "account_balance", YBP_AMT, 0, &c->balance)) return -1;
        c->has_balance = 1;
    }
    if (v[FAMILY] != NULL && !json_is_null(v[FAMILY])) {
        if (dec(x, v[FAMILY], &AT(""), "family_account_balance", YBP_AMT, 0, &c->family_balance)) return -1;
        c->has_family = 1;
    }
    return 0;
}

/* Fills c (fresh or reset) from an already-parsed document; see ybp_claim_of. */
static int fill(yb_claim *c, const yb_tables *ts, json_t *root, const char *text, size_t len,
                const char *name, const char *top, const char *vis, yb_error *err)
{
    cctx x = {c, err, text, len, top, vis};
    c->name = ybp_strdup(&c->arena, name ? name : "<claim>");
    c->ts = ts;
    c->top = *top ? ybp_strdup(&c->arena, top) : "";
    c->vis = *vis ? ybp_strdup(&c->arena, vis) : "";
    c->text = text;
    c->len = len;
    if (c->name == NULL || c->top == NULL || c->vis == NULL)
        return ybp_err(err, YB_ENOMEM, name, 0, 0, "", "out of memory");
    if (parse(&x, ts, root)) {
        ybp_err_locate(err, text, len);
        return err && err->code ? err->code : YB_ECLAIM;
    }
    return 0;
}

/*
** A claim from an already-parsed document: `root` holds the claim's keys; `top` and `vis`
** are where the insured person's keys and the visit's keys sit in `text` (see cctx). The
** text is borrowed: it must outlive the claim (yibao year keeps its document).
*/
int ybp_claim_of(yb_claim **out, const yb_tables *ts, json_t *root, const char *text,
                 size_t len, const char *name, const char *top, const char *vis, yb_error *err)
{
    yb_claim *c = calloc(1, sizeof *c);
    int rc;
    *out = NULL;
    if (c == NULL) return ybp_err(err, YB_ENOMEM, name, 0, 0, "", "out of memory");
    atomic_init(&c->refs, 1);
    if ((rc = fill(c, ts, root, text, len, name, top, vis, err))) {
        yb_claim_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

/*
** The claim text as JSON: refused (with its place) when it holds a NUL or is too large.
** The NUL is looked for first: Jansson refuses one inside a string or between tokens with
** a misleading message, and silently drops one right after a literal or a number
** ("null\0,"), so it cannot be left to Jansson (check_claims nul_anywhere tries every offset).
*/
static json_t *load(const char *text, size_t len, const char *name, yb_error *err)
{
    json_error_t je;
    json_t *root;
    if (len > ((size_t)16 << 20)) {
        ybp_err(err, YB_ECLAIM, name, 0, 0, "", "claim larger than 16 MiB");
        return NULL;
    }
    const char *nul = len ? memchr(text, '\0', len) : NULL;
    if (nul) {
        int line = 1, col = 1;
        for (const char *p = text; p < nul; p++) (*p == '\n') ? (line++, col = 1) : col++;
        ybp_err(err, YB_ECLAIM, name, line, col, "",
                "a NUL byte in the claim text (a claim is UTF-8 JSON text)");
        return NULL;
    }
    root = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL)
        ybp_err(err, YB_ECLAIM, name, je.line, je.column, "", "invalid JSON: %s", je.text);
    return root;
}

int yb_claim_parse(yb_claim **out, const yb_tables *ts, const char *text, size_t len,
                   const char *name, yb_error *err)
{
    json_t *root;
    char *copy;
    int rc;
    YBP_BEGIN(err);
    if (out == NULL || ts == NULL || (text == NULL && len))
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_claim_parse: out, tables and text are required");
    *out = NULL;
    if (name == NULL) name = "<claim>";
    /* The claim keeps its own copy of the text, to locate errors found while settling. */
    if ((copy = malloc(len + 1)) == NULL) return ybp_err(err, YB_ENOMEM, name, 0, 0, "", "out of memory");
    memcpy(copy, text ? text : "", len);
    copy[len] = '\0';
    ybp_jarena *ja = ybp_jarena_thread(); /* Jansson on yibao's allocator: see reparse */
    if (ja) ybp_jarena_enter(ja);
    if ((root = load(copy, len, name, err)) == NULL) rc = err && err->code ? err->code : YB_ECLAIM;
    else rc = ybp_claim_of(out, ts, root, copy, len, name, "", "", err);
    if (ja) ybp_jarena_leave(), ybp_jarena_reset(ja);
    else if (root) json_decref(root);
    if (rc) free(copy);
    else (*out)->owned_text = copy;
    return rc;
}

int ybp_claim_reparse(yb_claim **c, const yb_tables *ts, const char *text, size_t len,
                      const char *name, ybp_jarena *ja, yb_error *err)
{
    /* With Jansson on yibao's allocator, the tree lives in the worker's arena and is
       dropped by resetting it: nothing in the claim points into it. */
    if (ja) ybp_jarena_enter(ja);
    json_t *root = load(text, len, name, err);
    int rc;
    if (root == NULL) {
        if (ja) ybp_jarena_leave(), ybp_jarena_reset(ja);
        return err && err->code ? err->code : YB_ECLAIM;
    }
    if (*c == NULL) {
        rc = ybp_claim_of(c, ts, root, text, len, name, "", "", err);
    } else {
        /* Everything but the references and the arena (emptied, its chunk kept) is new. */
        yb_claim *k = *c;
        int refs = atomic_load(&k->refs);
        ybp_arena arena = k->arena;
        free(k->owned_text);
        ybp_arena_reset(&arena);
        memset(k, 0, sizeof *k);
        atomic_init(&k->refs, refs);
        k->arena = arena;
        rc = fill(k, ts, root, text, len, name, "", "", err);
    }
    if (ja) ybp_jarena_leave(), ybp_jarena_reset(ja);
    else json_decref(root);
    return rc;
}

/*
** Changes one field of a parsed claim, validated as the parser validates it: the insured
** person's region, scheme, person, tier, group, filing or age; the visit's region (the
** place of treatment), date, setting, level, admission or settlement. `yibao compare` turns
** each --vary value into such a change, so the claim stays the text the user wrote.
*/
int yb_claim_set(yb_claim *c, const yb_tables *ts, const char *key, const char *value,
                 yb_error *err)
{
    static const char *const ins[] = {"region", "scheme", "person", "tier", "group", "filing",
                                      "age", NULL};
    static const char *const vis[] = {"region", "date", "setting", "level", "admission",
                                      "settlement", NULL};
    char obj[16], k[32], p[64];
    const char *dot;
    YBP_BEGIN(err);
    if (c == NULL || ts == NULL || key == NULL || value == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_claim_set: claim, tables, key and value are required");
    cctx x = {c, err, c->text, c->len, c->top, c->vis};
    if ((dot = strchr(key, '.')) == NULL || (size_t)(dot - key) >= sizeof obj || strlen(dot + 1) >= sizeof k)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "\"%s\": expected insured.KEY or visit.KEY", key);
    snprintf(obj, sizeof obj, "%.*s", (int)(dot - key), key);
    snprintf(k, sizeof k, "%s", dot + 1);
    int is_ins = !strcmp(obj, "insured"), ok = 0;
    for (const char *const *a = is_ins ? ins : vis; *a && (is_ins || !strcmp(obj, "visit")); a++)
        ok |= !strcmp(*a, k);
    if (!ok)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "\"%s\" cannot be changed (insured.region, "
                       "scheme, person, tier, group, filing, age; visit.region, date, setting, "
                       "level, admission, settlement)", key);
    snprintf(p, sizeof p, "/%s/%s", obj, k);
    const at where = AT(p);
    const char *v = ybp_strdup(&c->arena, value);
    if (v == NULL) return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    if (*v == '\0' || strlen(v) > 64) return fail(&x, where, "expected a non-empty string of at most 64 bytes");
    if (is_ins && !strcmp(k, "region")) {
        const char *code = yb_tables_resolve(ts, v);
        if (code == NULL) return unknown_region(&x, where, ts, v);
        int local = c->place == YBP_LOCAL;
        c->insured_code = code;
        c->insured = ybp_tables_find(ts, code);
        if (local) c->treated_code = code; /* a visit at home stays at home */
        place_of(c, ts);
    } else if (is_ins && !strcmp(k, "scheme")) {
        int s = pick(v, ybp_scheme_names, YBP_NSCHEME);
        if (s < 0) return fail(&x, where, "\"%s\": expected \"employee\" or \"resident\"", v);
        c->scheme = s;
    } else if (is_ins && !strcmp(k, "filing")) {
        if (one_of(&x, v, &where, NULL, filings)) return YB_ECLAIM;
        c->filing = v;
    } else if (is_ins && !strcmp(k, "age")) {
        const char *why;
        int64_t a;
        if (ybp_dec_parse(v, 0, 0, &a, &why) || a > 150)
            return fail(&x, where, "\"%s\": expected a whole number of years, 0 to 150", v);
        c->age = (int)a;
    } else if (is_ins) {
        int f = !strcmp(k, "person") ? YBP_W_PERSON : !strcmp(k, "tier") ? YBP_W_TIER : YBP_W_GROUP;
        if (known(&x, ts, c, f, v, &where, NULL)) return YB_ECLAIM;
        *(f == YBP_W_PERSON ? &c->person : f == YBP_W_TIER ? &c->tier : &c->group) = v;
    } else if (!strcmp(k, "region")) {
        const char *code = treated_code(&x, ts, v, where);
        if (code == NULL) return YB_ECLAIM;
        c->treated_code = code;
        place_of(c, ts);
    } else if (!strcmp(k, "date")) {
        long d = ybp_date_parse(v);
        if (d < 0) return fail(&x, where, "\"%s\": expected a real date \"YYYY-MM-DD\"", v);
        c->day = d;
    } else if (!strcmp(k, "setting")) {
        int s = pick(v, ybp_setting_names, YBP_NSETTING);
        if (s < 0) return fail(&x, where, "\"%s\": expected inpatient, outpatient or chronic", v);
        c->setting = s;
    } else if (!strcmp(k, "level")) {
        if (one_of(&x, v, &where, NULL, ybp_level_cases)) return YB_ECLAIM;
        c->level = v;
    } else if (!strcmp(k, "admission")) {
        const char *why;
        int64_t a;
        if (ybp_dec_parse(v, 0, 0, &a, &why) || a < 1 || a > YBP_MAX_ADMISSIONS)
            return fail(&x, where, "\"%s\": expected the admission's number in the year, 1 to %d", v,
                        YBP_MAX_ADMISSIONS);
        c->admission = a;
    } else {
        if (one_of(&x, v, &where, NULL, ybp_settlement_cases)) return YB_ECLAIM;
        c->settlement = v;
        c->manual = !strcmp(v, "manual");
    }
    return 0;
}

void ybp_claim_hold(const yb_claim *c)
{
    atomic_fetch_add(&((yb_claim *)c)->refs, 1);
}

/* Releases one reference; the last one frees the claim. */
void yb_claim_free(yb_claim *c)
{
    if (c == NULL || atomic_fetch_sub(&c->refs, 1) > 1) return;
    free(c->owned_text);
    ybp_arena_free(&c->arena);
    free(c);
}

/* The document path of a path into the claim (the engine's errors name claim paths). */
const char *ybp_claim_path(const yb_claim *c, const char *path, char *buf, size_t size)
{
    cctx x = {(yb_claim *)c, NULL, c->text, c->len, c->top ? c->top : "", c->vis ? c->vis : ""};
    return full(&x, path, buf, size);
}
