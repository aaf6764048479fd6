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

static int fail(cctx *x, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(cctx *x, const char *path, const char *fmt, ...)
{
    char msg[512], p[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ybp_err(x->err, YB_ECLAIM, x->c->name, 0, 0, full(x, path, p, sizeof p), "%s", msg);
}

static void warn(yb_claim *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(yb_claim *c, const char *fmt, ...)
{
    va_list ap;
    if (c->nwarn >= 8) return;
    va_start(ap, fmt);
    vsnprintf(c->warn[c->nwarn++], sizeof c->warn[0], fmt, ap);
    va_end(ap);
}

static int keys(cctx *x, json_t *o, const char *path, const char *const *allowed)
{
    const char *key = ybp_unknown_key(o, allowed);
    char p[512];
    if (key == NULL) return 0;
    snprintf(p, sizeof p, "%s/%s", path, key);
    return fail(x, p, "unknown key \"%s\"", key);
}

/* A decimal at `path` of kind (scale, flags); JSON numbers read from their own text. */
static int dec(cctx *x, json_t *v, const char *path, int scale, unsigned flags, int64_t *out)
{
    const char *why = NULL, *s;
    char raw[64], p[512];
    if (json_is_number(v)) {
        if (ybp_json_raw(x->text, x->len, full(x, path, p, sizeof p), raw, sizeof raw))
            return fail(x, path, "expected a decimal string");
        warn(x->c, "%s: the JSON number %s was read as the amount \"%s\"; write amounts as "
                   "strings", p, raw, raw);
        s = raw;
    } else if (json_is_string(v)) {
        s = json_string_value(v);
    } else {
        return fail(x, path, "expected a decimal string such as \"%s\"",
                    flags & YBP_DEC_PCT ? "10%" : "1234.56");
    }
    if (ybp_dec_parse(s, scale, flags, out, &why))
        return fail(x, path, "\"%s\": %s%s", s, why,
                    s[0] == '-' ? " (negative amounts are refused)" : "");
    if ((flags & YBP_DEC_PCT) && *out > YBP_ONE)
        return fail(x, path, "ratio \"%s\" is outside [0, 1]", s);
    return 0;
}

static const char *opt_str(cctx *x, json_t *o, const char *key, const char *path,
                           const char *dflt, int *bad)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL || json_is_null(v)) return dflt;
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 64) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", path, key);
        *bad = json_is_string(v) && json_string_length(v) > 64
                   ? fail(x, p, "a string of at most 64 bytes (this one has %zu)", json_string_length(v))
                   : fail(x, p, "expected a non-empty string");
        return NULL;
    }
    return ybp_strdup(&x->c->arena, json_string_value(v));
}

static int pick(const char *v, const char *const *names, int n)
{
    for (int i = 0; v && i < n; i++)
        if (!strcmp(v, names[i])) return i;
    return -1;
}

static int one_of(cctx *x, const char *v, const char *path, const char *const *allowed)
{
    for (const char *const *a = allowed; *a; a++)
        if (!strcmp(*a, v)) return 0;
    char list[200] = "";
    for (const char *const *a = allowed; *a; a++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", a == allowed ? "" : ", ", *a);
    return fail(x, path, "\"%s\" is not one of: %s", v, list);
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
    static const char *const k[] = {"region", "scheme", "person", "tier", "age", "group",
                                    "filing", NULL};
    yb_claim *c = x->c;
    int bad = 0;
    json_t *v;
    if (!json_is_object(o)) return fail(x, "/insured", "expected an object {\"region\", \"scheme\", …}");
    if (keys(x, o, "/insured", k)) return -1;
    const char *r = opt_str(x, o, "region", "/insured", NULL, &bad);
    if (bad) return bad;
    if (r == NULL) return fail(x, "/insured/region", "missing: the insured's region (参保地)");
    if ((c->insured_code = yb_tables_resolve(ts, r)) == NULL)
        return fail(x, "/insured/region", "unknown region \"%s\": no table in the set covers it "
                                          "(see `yibao tables list`)", r);
    c->insured = ybp_tables_find(ts, c->insured_code);
    const char *s = opt_str(x, o, "scheme", "/insured", NULL, &bad);
    if (bad) return bad;
    if (s == NULL) return fail(x, "/insured/scheme", "missing: \"employee\" or \"resident\"");
    if ((c->scheme = pick(s, ybp_scheme_names, YBP_NSCHEME)) < 0)
        return fail(x, "/insured/scheme", "\"%s\": expected \"employee\" or \"resident\"", s);
    c->person = opt_str(x, o, "person", "/insured", NULL, &bad);
    c->tier = opt_str(x, o, "tier", "/insured", NULL, &bad);
    c->group = opt_str(x, o, "group", "/insured", NULL, &bad);
    c->filing = opt_str(x, o, "filing", "/insured", "none", &bad);
    if (bad) return bad;
    if (one_of(x, c->filing, "/insured/filing", filings)) return -1;
    c->age = -1;
    if ((v = json_object_get(o, "age")) != NULL && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 150)
            return fail(x, "/insured/age", "expected a whole number of years, 0 to 150");
        c->age = (int)json_integer_value(v);
    }
    return 0;
}

static int visit(cctx *x, const yb_tables *ts, json_t *o)
{
    static const char *const k[] = {"region", "date", "setting", "level", "admission",
                                    "settlement", NULL};
    yb_claim *c = x->c;
    int bad = 0;
    json_t *v;
    if (!json_is_object(o)) return fail(x, "/visit", "expected an object {\"date\", \"setting\", …}");
    if (keys(x, o, "/visit", k)) return -1;
    const char *r = opt_str(x, o, "region", "/visit", NULL, &bad);
    const char *d = opt_str(x, o, "date", "/visit", NULL, &bad);
    const char *s = opt_str(x, o, "setting", "/visit", NULL, &bad);
    c->level = opt_str(x, o, "level", "/visit", NULL, &bad);
    c->settlement = opt_str(x, o, "settlement", "/visit", "direct", &bad);
    if (bad) return bad;
    if (d == NULL) return fail(x, "/visit/date", "missing: the date of the visit (\"YYYY-MM-DD\")");
    if ((c->day = ybp_date_parse(d)) < 0)
        return fail(x, "/visit/date", "\"%s\": expected a real date \"YYYY-MM-DD\"", d);
    if (s == NULL) return fail(x, "/visit/setting", "missing: inpatient, outpatient or chronic");
    if ((c->setting = pick(s, ybp_setting_names, YBP_NSETTING)) < 0)
        return fail(x, "/visit/setting", "\"%s\": expected inpatient, outpatient or chronic", s);
    if (c->level && one_of(x, c->level, "/visit/level", ybp_level_cases)) return -1;
    if (one_of(x, c->settlement, "/visit/settlement", ybp_settlement_cases)) return -1;
    c->manual = !strcmp(c->settlement, "manual");
    if ((v = json_object_get(o, "admission")) != NULL && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > YBP_MAX_ADMISSIONS)
            return fail(x, "/visit/admission", "expected the admission's number in the year, 1 to %d",
                        YBP_MAX_ADMISSIONS);
        c->admission = json_integer_value(v);
    }
    if (r == NULL) {
        c->treated_code = c->insured_code;
    } else if ((c->treated_code = yb_tables_resolve(ts, r)) == NULL) {
        if (strlen(r) != 6 || strspn(r, "0123456789") != 6)
            return fail(x, "/visit/region", "unknown region \"%s\": give a 6-digit code or a "
                                            "region of the table set", r);
        c->treated_code = ybp_strdup(&c->arena, r); /* a place with no table is fine */
    }
    place_of(c, ts);
    return 0;
}

static int line(cctx *x, json_t *o, size_t i, ybp_line *l)
{
    static const char *const k[] = {"amount", "det_item_fee_sumamt", "pric", "cnt", "class",
                                    "chrgitm_lv", "selfpay_prop", "pric_uplmt_amt", "name",
                                    "code", NULL};
    char p[96], q[128];
    json_t *v;
    snprintf(p, sizeof p, "/lines/%zu", i);
    if (!json_is_object(o)) return fail(x, p, "expected a fee line {\"amount\", \"class\"}");
    if (keys(x, o, p, k)) return -1;
    json_t *amt = json_object_get(o, "amount");
    if (amt == NULL) amt = json_object_get(o, "det_item_fee_sumamt");
    json_t *pric = json_object_get(o, "pric"), *cnt = json_object_get(o, "cnt");
    if (amt && (pric || cnt)) return fail(x, p, "give \"amount\" or \"pric\" × \"cnt\", not both");
    if (amt) {
        snprintf(q, sizeof q, "%s/%s", p, json_object_get(o, "amount") ? "amount" : "det_item_fee_sumamt");
        if (dec(x, amt, q, YBP_AMT, 0, &l->amount)) return -1;
    } else if (pric && cnt) {
        l->priced = 1;
        snprintf(q, sizeof q, "%s/pric", p);
        if (dec(x, pric, q, YBP_PRICE, 0, &l->pric)) return -1;
        snprintf(q, sizeof q, "%s/cnt", p);
        if (dec(x, cnt, q, YBP_CNT, 0, &l->cnt)) return -1;
        /* pric × cnt is exact below 10^34 (both at most 12 integer digits): a line above
           10^13 yuan is refused here, where its position is known, not by the engine. */
        __extension__ unsigned __int128 prod = (unsigned __int128)l->pric * (unsigned __int128)l->cnt;
        if (prod > (unsigned __int128)1000000000000000ULL * 100000000ULL) /* 10^15 fen at scale 10^-10 */
            return fail(x, p, "pric × cnt is above 10 trillion yuan");
    } else {
        return fail(x, p, "missing: \"amount\", or \"pric\" and \"cnt\"");
    }
    v = json_object_get(o, "class");
    if (v == NULL) v = json_object_get(o, "chrgitm_lv");
    snprintf(q, sizeof q, "%s/%s", p, json_object_get(o, "chrgitm_lv") ? "chrgitm_lv" : "class");
    if (json_object_get(o, "class") && json_object_get(o, "chrgitm_lv"))
        return fail(x, p, "give \"class\" or \"chrgitm_lv\", not both");
    {
        const char *cl = json_string_value(v);
        if (cl == NULL) return fail(x, q, "missing: \"class\" A (甲类), B (乙类) or C (丙类/自费)");
        if (!strcmp(cl, "A") || !strcmp(cl, "1") || !strcmp(cl, "01")) l->cls = 'A';
        else if (!strcmp(cl, "B") || !strcmp(cl, "2") || !strcmp(cl, "02")) l->cls = 'B';
        else if (!strcmp(cl, "C") || !strcmp(cl, "3") || !strcmp(cl, "03")) l->cls = 'C';
        else return fail(x, q, "\"%s\": expected A, B or C (or chrgitm_lv 1/2/3, 01/02/03)", cl);
    }
    for (int id = 0; id < 2; id++) { /* identifiers, echoed in the result */
        const char *key = id ? "name" : "code";
        if ((v = json_object_get(o, key)) == NULL || json_is_null(v)) continue;
        snprintf(q, sizeof q, "%s/%s", p, key);
        if (!json_is_string(v) || json_string_length(v) > 512)
            return fail(x, q, "expected a string of at most 512 bytes");
        *(id ? &l->name : &l->code) = ybp_strdup(&x->c->arena, json_string_value(v));
    }
    if ((v = json_object_get(o, "selfpay_prop")) != NULL) {
        snprintf(q, sizeof q, "%s/selfpay_prop", p);
        if (dec(x, v, q, YBP_RATIO, YBP_DEC_PCT, &l->prop)) return -1;
        l->has_prop = 1;
    }
    if ((v = json_object_get(o, "pric_uplmt_amt")) != NULL) {
        snprintf(q, sizeof q, "%s/pric_uplmt_amt", p);
        if (!l->priced) return fail(x, q, "a price ceiling needs \"pric\" and \"cnt\"");
        if (dec(x, v, q, YBP_PRICE, 0, &l->uplmt)) return -1;
        l->has_uplmt = 1;
    }
    return 0;
}

static int fees(cctx *x, json_t *o)
{
    static const char *const k[] = {"medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay",
                                    "preselfpay_amt", "class_c", "class_b", NULL};
    yb_claim *c = x->c;
    json_t *v;
    if (!json_is_object(o)) return fail(x, "/fees", "expected a fee bundle {\"medfee_sumamt\", …}");
    if (keys(x, o, "/fees", k)) return -1;
    if ((v = json_object_get(o, "medfee_sumamt")) == NULL)
        return fail(x, "/fees/medfee_sumamt", "missing: the total of the visit");
    if (dec(x, v, "/fees/medfee_sumamt", YBP_AMT, 0, &c->b_medfee)) return -1;
    int national = json_object_get(o, "fulamt_ownpay_amt") || json_object_get(o, "overlmt_selfpay") ||
                   json_object_get(o, "preselfpay_amt");
    int simple = json_object_get(o, "class_c") || json_object_get(o, "class_b");
    if (national && simple)
        return fail(x, "/fees", "give the national split (fulamt_ownpay_amt, overlmt_selfpay, "
                                "preselfpay_amt) or class_c/class_b, not both");
    if ((v = json_object_get(o, "fulamt_ownpay_amt")) && dec(x, v, "/fees/fulamt_ownpay_amt", YBP_AMT, 0, &c->b_fulamt)) return -1;
    if ((v = json_object_get(o, "overlmt_selfpay")) && dec(x, v, "/fees/overlmt_selfpay", YBP_AMT, 0, &c->b_overlmt)) return -1;
    if ((v = json_object_get(o, "preselfpay_amt")) && dec(x, v, "/fees/preselfpay_amt", YBP_AMT, 0, &c->b_preselfpay)) return -1;
    if ((v = json_object_get(o, "class_c")) && dec(x, v, "/fees/class_c", YBP_AMT, 0, &c->b_fulamt)) return -1;
    if ((v = json_object_get(o, "class_b")) != NULL) {
        if (dec(x, v, "/fees/class_b", YBP_AMT, 0, &c->b_classb)) return -1;
        c->b_has_classb = 1;
    }
    if (c->b_fulamt + c->b_overlmt + c->b_preselfpay + c->b_classb > c->b_medfee)
        return fail(x, "/fees", "the parts add up to more than medfee_sumamt");
    c->bundle = 1;
    return 0;
}

static int amounts_by(cctx *x, json_t *o, const char *path, size_t max, const char **names,
                      int64_t *vals, size_t *n, int settings)
{
    const char *key;
    json_t *v;
    char p[256];
    if (!json_is_object(o)) return fail(x, path, "expected an object of amounts");
    json_object_foreach(o, key, v) {
        snprintf(p, sizeof p, "%s/%s", path, key);
        if (settings) {
            int s = pick(key, ybp_setting_names, YBP_NSETTING);
            if (s < 0) return fail(x, p, "unknown setting \"%s\"", key);
            if (dec(x, v, p, YBP_AMT, YBP_DEC_WIDE, &vals[s])) return -1;
            continue;
        }
        size_t i;
        for (i = 0; i < *n && strcmp(names[i], key); i++) {}
        if (i == *n) {
            if (*n == max) return fail(x, p, "too many entries (at most %zu)", max);
            names[(*n)++] = ybp_strdup(&x->c->arena, key);
        }
        if (dec(x, v, p, YBP_AMT, 0, &vals[i])) return -1;
    }
    return 0;
}

static int ledger(cctx *x, json_t *o)
{
    static const char *const k[] = {"year", "admissions", "deductible_paid", "axis",
                                    "fund_paid", "layers", NULL};
    ybp_ledger *g = &x->c->ledger;
    json_t *v;
    if (!json_is_object(o)) return fail(x, "/year_to_date", "expected the year ledger object");
    if (keys(x, o, "/year_to_date", k)) return -1;
    if ((v = json_object_get(o, "year")) != NULL) {
        if (!json_is_integer(v) || json_integer_value(v) < 1970 || json_integer_value(v) > 2199)
            return fail(x, "/year_to_date/year", "expected a year such as 2025");
        g->year = (int)json_integer_value(v);
    }
    if ((v = json_object_get(o, "admissions")) != NULL) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > YBP_MAX_ADMISSIONS)
            return fail(x, "/year_to_date/admissions", "expected a count, 0 to %d", YBP_MAX_ADMISSIONS);
        g->admissions = json_integer_value(v);
    }
    if ((v = json_object_get(o, "deductible_paid")) != NULL &&
        amounts_by(x, v, "/year_to_date/deductible_paid", 0, NULL, g->dedc, NULL, 1))
        return -1;
    /* axis and fund_paid share the group list. */
    for (int w = 0; w < 2; w++) {
        const char *key;
        json_t *a;
        const char *name = w ? "fund_paid" : "axis";
        char p[256];
        if ((v = json_object_get(o, name)) == NULL) continue;
        if (!json_is_object(v)) return fail(x, w ? "/year_to_date/fund_paid" : "/year_to_date/axis", "expected an object of amounts by cap group");
        json_object_foreach(v, key, a) {
            size_t i;
            snprintf(p, sizeof p, "/year_to_date/%s/%s", name, key);
            for (i = 0; i < g->ngroups && strcmp(g->group[i], key); i++) {}
            if (i == g->ngroups) {
                if (i == 8) return fail(x, p, "too many cap groups (at most 8)");
                g->group[g->ngroups++] = ybp_strdup(&x->c->arena, key);
            }
            if (dec(x, a, p, YBP_AMT, YBP_DEC_WIDE, w ? &g->fund_paid[i] : &g->axis[i])) return -1;
        }
    }
    if ((v = json_object_get(o, "layers")) != NULL) {
        const char *key;
        json_t *a;
        char p[256];
        if (!json_is_object(v)) return fail(x, "/year_to_date/layers", "expected an object by layer id");
        json_object_foreach(v, key, a) {
            static const char *const lk[] = {"basis", "paid", NULL};
            snprintf(p, sizeof p, "/year_to_date/layers/%s", key);
            if (g->nlayers == 16) return fail(x, p, "too many layers (at most 16)");
            if (!json_is_object(a)) return fail(x, p, "expected {\"basis\", \"paid\"}");
            if (keys(x, a, p, lk)) return -1;
            size_t i = g->nlayers++;
            g->layer[i] = ybp_strdup(&x->c->arena, key);
            char q[300];
            if (json_object_get(a, "basis")) {
                snprintf(q, sizeof q, "%s/basis", p);
                if (dec(x, json_object_get(a, "basis"), q, YBP_AMT, YBP_DEC_WIDE, &g->layer_basis[i])) return -1;
            }
            if (json_object_get(a, "paid")) {
                snprintf(q, sizeof q, "%s/paid", p);
                if (dec(x, json_object_get(a, "paid"), q, YBP_AMT, YBP_DEC_WIDE, &g->layer_paid[i])) return -1;
            }
        }
    }
    return 0;
}

/* }=== */

static int parse(cctx *x, const yb_tables *ts, json_t *root)
{
    static const char *const k[] = {"format", "id", "notes", "insured", "visit", "lines",
                                    "fees", "year_to_date", "account_balance",
                                    "family_account_balance", NULL};
    yb_claim *c = x->c;
    json_t *v;
    if (!json_is_object(root)) return fail(x, "", "expected a claim object {\"insured\", \"visit\", \"lines\"}");
    if (keys(x, root, "", k)) return -1;
    if ((v = json_object_get(root, "format")) != NULL &&
        (!json_is_string(v) || strcmp(json_string_value(v), "yibao-claim/1")))
        return fail(x, "/format", "expected \"yibao-claim/1\"");
    if ((v = json_object_get(root, "id")) != NULL && !json_is_null(v)) {
        if (!json_is_string(v) || json_string_length(v) > 128)
            return fail(x, "/id", "expected the claim's identifier, a string of at most 128 bytes");
        c->id = ybp_strdup(&c->arena, json_string_value(v));
    }
    if ((v = json_object_get(root, "insured")) == NULL) return fail(x, "/insured", "missing: who is insured where");
    if (insured(x, ts, v)) return -1;
    if ((v = json_object_get(root, "visit")) == NULL) return fail(x, "/visit", "missing: the visit (date, setting …)");
    if (visit(x, ts, v)) return -1;
    json_t *lines = json_object_get(root, "lines"), *f = json_object_get(root, "fees");
    if (lines && f) return fail(x, "", "give \"lines\" or \"fees\", not both");
    if (lines) {
        if (!json_is_array(lines)) return fail(x, "/lines", "expected a list of fee lines");
        if (json_array_size(lines) > YBP_MAX_LINES)
            return fail(x, "/lines", "too many lines (at most %d)", YBP_MAX_LINES);
        c->nlines = json_array_size(lines);
        c->lines = ybp_alloc(&c->arena, (c->nlines + 1) * sizeof *c->lines);
        if (c->lines == NULL) return ybp_err(x->err, YB_ENOMEM, c->name, 0, 0, "", "out of memory");
        for (size_t i = 0; i < c->nlines; i++)
            if (line(x, json_array_get(lines, i), i, &c->lines[i])) return -1;
    } else if (f) {
        if (fees(x, f)) return -1;
    } else {
        return fail(x, "/lines", "missing: \"lines\" (fee lines) or \"fees\" (a pre-summed bundle)");
    }
    if ((v = json_object_get(root, "year_to_date")) != NULL && ledger(x, v)) return -1;
    if ((v = json_object_get(root, "account_balance")) != NULL && !json_is_null(v)) {
        if (dec(x, v, "/account_balance", YBP_AMT, 0, &c->balance)) return -1;
        c->has_balance = 1;
    }
    if ((v = json_object_get(root, "family_account_balance")) != NULL && !json_is_null(v)) {
        if (dec(x, v, "/family_account_balance", YBP_AMT, 0, &c->family_balance)) return -1;
        c->has_family = 1;
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
    cctx x = {c, err, text, len, top, vis};
    *out = NULL;
    if (c == NULL) return ybp_err(err, YB_ENOMEM, name, 0, 0, "", "out of memory");
    c->name = ybp_strdup(&c->arena, name ? name : "<claim>");
    atomic_init(&c->refs, 1);
    c->ts = ts;
    c->top = ybp_strdup(&c->arena, top);
    c->vis = ybp_strdup(&c->arena, vis);
    c->text = text;
    c->len = len;
    if (c->name == NULL || c->top == NULL || c->vis == NULL) {
        yb_claim_free(c);
        return ybp_err(err, YB_ENOMEM, name, 0, 0, "", "out of memory");
    }
    if (parse(&x, ts, root)) {
        ybp_err_locate(err, text, len);
        yb_claim_free(c);
        return err && err->code ? err->code : YB_ECLAIM;
    }
    *out = c;
    return 0;
}

int yb_claim_parse(yb_claim **out, const yb_tables *ts, const char *text, size_t len,
                   const char *name, yb_error *err)
{
    json_error_t je;
    json_t *root;
    char *copy;
    int rc;
    YBP_BEGIN(err);
    if (out == NULL || ts == NULL || (text == NULL && len))
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_claim_parse: out, tables and text are required");
    *out = NULL;
    if (name == NULL) name = "<claim>";
    if (len > ((size_t)16 << 20))
        return ybp_err(err, YB_ECLAIM, name, 0, 0, "", "claim larger than 16 MiB");
    /* Jansson stops at a NUL byte with a misleading message; name it, with its place. */
    const char *nul = len ? memchr(text, '\0', len) : NULL;
    if (nul) {
        int line = 1, col = 1;
        for (const char *p = text; p < nul; p++) (*p == '\n') ? (line++, col = 1) : col++;
        return ybp_err(err, YB_ECLAIM, name, line, col, "",
                       "a NUL byte in the claim text (a claim is UTF-8 JSON text)");
    }
    root = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL)
        return ybp_err(err, YB_ECLAIM, name, je.line, je.column, "", "invalid JSON: %s", je.text);
    /* The claim keeps its own copy of the text, to locate errors found while settling. */
    if ((copy = malloc(len + 1)) == NULL) {
        json_decref(root);
        return ybp_err(err, YB_ENOMEM, name, 0, 0, "", "out of memory");
    }
    memcpy(copy, text ? text : "", len);
    copy[len] = '\0';
    rc = ybp_claim_of(out, ts, root, copy, len, name, "", "", err);
    json_decref(root);
    if (rc) free(copy);
    else (*out)->owned_text = copy;
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
    const char *v = ybp_strdup(&c->arena, value);
    if (v == NULL) return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    if (*v == '\0' || strlen(v) > 64) return fail(&x, p, "expected a non-empty string of at most 64 bytes");
    if (is_ins && !strcmp(k, "region")) {
        const char *code = yb_tables_resolve(ts, v);
        if (code == NULL)
            return fail(&x, p, "unknown region \"%s\": no table in the set covers it", v);
        int local = c->place == YBP_LOCAL;
        c->insured_code = code;
        c->insured = ybp_tables_find(ts, code);
        if (local) c->treated_code = code; /* a visit at home stays at home */
        place_of(c, ts);
    } else if (is_ins && !strcmp(k, "scheme")) {
        int s = pick(v, ybp_scheme_names, YBP_NSCHEME);
        if (s < 0) return fail(&x, p, "\"%s\": expected \"employee\" or \"resident\"", v);
        c->scheme = s;
    } else if (is_ins && !strcmp(k, "filing")) {
        if (one_of(&x, v, p, filings)) return YB_ECLAIM;
        c->filing = v;
    } else if (is_ins && !strcmp(k, "age")) {
        const char *why;
        int64_t a;
        if (ybp_dec_parse(v, 0, 0, &a, &why) || a > 150)
            return fail(&x, p, "\"%s\": expected a whole number of years, 0 to 150", v);
        c->age = (int)a;
    } else if (is_ins) {
        *(!strcmp(k, "person") ? &c->person : !strcmp(k, "tier") ? &c->tier : &c->group) = v;
    } else if (!strcmp(k, "region")) {
        const char *code = yb_tables_resolve(ts, v);
        if (code == NULL && (strlen(v) != 6 || strspn(v, "0123456789") != 6))
            return fail(&x, p, "unknown region \"%s\": give a 6-digit code or a region of the "
                               "table set", v);
        c->treated_code = code ? code : v;
        place_of(c, ts);
    } else if (!strcmp(k, "date")) {
        long d = ybp_date_parse(v);
        if (d < 0) return fail(&x, p, "\"%s\": expected a real date \"YYYY-MM-DD\"", v);
        c->day = d;
    } else if (!strcmp(k, "setting")) {
        int s = pick(v, ybp_setting_names, YBP_NSETTING);
        if (s < 0) return fail(&x, p, "\"%s\": expected inpatient, outpatient or chronic", v);
        c->setting = s;
    } else if (!strcmp(k, "level")) {
        if (one_of(&x, v, p, ybp_level_cases)) return YB_ECLAIM;
        c->level = v;
    } else if (!strcmp(k, "admission")) {
        const char *why;
        int64_t a;
        if (ybp_dec_parse(v, 0, 0, &a, &why) || a < 1 || a > YBP_MAX_ADMISSIONS)
            return fail(&x, p, "\"%s\": expected the admission's number in the year, 1 to %d", v,
                        YBP_MAX_ADMISSIONS);
        c->admission = a;
    } else {
        if (one_of(&x, v, p, ybp_settlement_cases)) return YB_ECLAIM;
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
