/*
** claim.c
** A claim (yibao-claim/1, claims.md) parsed and validated into a yb_claim: who is insured
** where, the visit, its fee lines or a pre-summed fee bundle, the year ledger and the
** personal-account balance. Amounts are exact integers from here on. Patients type
** numbers, so a JSON number where an amount goes is accepted with a warning, read from its
** own digits in the text (never through a double).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *const ybp_place_names[3] = {"local", "in_province", "cross_province"};

#define YBP_MAX_LINES 100000

typedef struct cctx {
    yb_claim *c;
    yb_error *err;
    const char *text;
    size_t len;
} cctx;

static int fail(cctx *x, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(cctx *x, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ybp_err(x->err, YB_ECLAIM, x->c->name, 0, 0, path, "%s", msg);
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
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (!strcmp(*a, key)) ok = 1;
        if (!ok) {
            char p[256];
            snprintf(p, sizeof p, "%s/%s", path, key);
            return fail(x, p, "unknown key \"%s\"", key);
        }
    }
    return 0;
}

/* A decimal at `path` of kind (scale, flags); JSON numbers read from their own text. */
static int dec(cctx *x, json_t *v, const char *path, int scale, unsigned flags, int64_t *out)
{
    const char *why = NULL, *s;
    char raw[64];
    if (json_is_number(v)) {
        if (ybp_json_raw(x->text, x->len, path, raw, sizeof raw))
            return fail(x, path, "expected a decimal string");
        warn(x->c, "%s: the JSON number %s was read as the amount \"%s\"; write amounts as "
                   "strings", path, raw, raw);
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
        *bad = fail(x, p, "expected a non-empty string");
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

static int insured(cctx *x, const yb_tables *ts, json_t *o)
{
    static const char *const k[] = {"region", "scheme", "person", "tier", "age", "group",
                                    "filing", NULL};
    static const char *const filings[] = {"long_term", "referral", "emergency", "temporary",
                                          "none", NULL};
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
    static const char *const levels[] = {"community", "1", "2", "3", NULL};
    static const char *const settlements[] = {"direct", "manual", NULL};
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
    if (c->level && one_of(x, c->level, "/visit/level", levels)) return -1;
    if (one_of(x, c->settlement, "/visit/settlement", settlements)) return -1;
    c->manual = !strcmp(c->settlement, "manual");
    if ((v = json_object_get(o, "admission")) != NULL && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 366)
            return fail(x, "/visit/admission", "expected the admission's number in the year, 1 to 366");
        c->admission = json_integer_value(v);
    }
    /* Place: same pool → local; same province (first two digits) → in_province. */
    if (r == NULL) {
        c->treated_code = c->insured_code;
    } else if ((c->treated_code = yb_tables_resolve(ts, r)) == NULL) {
        if (strlen(r) != 6 || strspn(r, "0123456789") != 6)
            return fail(x, "/visit/region", "unknown region \"%s\": give a 6-digit code or a "
                                            "region of the table set", r);
        c->treated_code = ybp_strdup(&c->arena, r); /* a place with no table is fine */
    }
    c->treated = ybp_tables_find(ts, c->treated_code);
    c->place = !strcmp(c->treated_code, c->insured_code)        ? YBP_LOCAL
               : !strncmp(c->treated_code, c->insured_code, 2) ? YBP_IN_PROVINCE
                                                                : YBP_CROSS_PROVINCE;
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
            if (dec(x, v, p, YBP_AMT, 0, &vals[s])) return -1;
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
        if (!json_is_integer(v) || json_integer_value(v) < 1900 || json_integer_value(v) > 2199)
            return fail(x, "/year_to_date/year", "expected a year such as 2025");
        g->year = (int)json_integer_value(v);
    }
    if ((v = json_object_get(o, "admissions")) != NULL) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 366)
            return fail(x, "/year_to_date/admissions", "expected a count, 0 to 366");
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
            if (dec(x, a, p, YBP_AMT, 0, w ? &g->fund_paid[i] : &g->axis[i])) return -1;
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
                if (dec(x, json_object_get(a, "basis"), q, YBP_AMT, 0, &g->layer_basis[i])) return -1;
            }
            if (json_object_get(a, "paid")) {
                snprintf(q, sizeof q, "%s/paid", p);
                if (dec(x, json_object_get(a, "paid"), q, YBP_AMT, 0, &g->layer_paid[i])) return -1;
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

int yb_claim_parse(yb_claim **out, const yb_tables *ts, const char *text, size_t len,
                   const char *name, yb_error *err)
{
    json_error_t je;
    json_t *root;
    yb_claim *c = calloc(1, sizeof *c);
    cctx x = {c, err, text, len};
    int rc;
    *out = NULL;
    if (c == NULL) return ybp_err(err, YB_ENOMEM, name, 0, 0, "", "out of memory");
    c->name = ybp_strdup(&c->arena, name ? name : "<claim>");
    if (len <= ((size_t)16 << 20)) {
        char *copy = ybp_alloc(&c->arena, len + 1);
        if (copy) memcpy(copy, text, len), copy[len] = '\0', c->text = copy, c->len = len;
    }
    if (len > ((size_t)16 << 20)) {
        yb_claim_free(c);
        return ybp_err(err, YB_ECLAIM, name, 0, 0, "", "claim larger than 16 MiB");
    }
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        yb_claim_free(c);
        return ybp_err(err, YB_ECLAIM, name, je.line, je.column, "", "invalid JSON: %s", je.text);
    }
    rc = parse(&x, ts, root);
    json_decref(root);
    if (rc) {
        ybp_err_locate(err, text, len);
        yb_claim_free(c);
        return err && err->code ? err->code : YB_ECLAIM;
    }
    *out = c;
    return 0;
}

void yb_claim_free(yb_claim *c)
{
    if (c == NULL) return;
    ybp_arena_free(&c->arena);
    free(c);
}
