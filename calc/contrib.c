/*
** contrib.c
** Monthly contributions (tables.md § Contributions, claims.md § Contribution result).
**
**   employee: base = clamp(wage, base_floor, base_ceiling);
**             individual = base × individual_rate (rounded) + individual_fixed;
**             employer   = base × employer_rate (rounded);
**             account    = in service: base × individual_rate × individual_share (rounded);
**                          retired: the fixed monthly credit.
**   flexible: base clamped likewise; individual = base × rate; employer 0.
**   resident: the annual premium (by person, tier or age) and the annual fiscal subsidy.
**
** Worked example (the seed's 阜阳 question, tables/341200-fuyang.json on 2025-06-01): base
** 10700 lies within 4311–21556; individual 10700 × 2% = 214.00, employer × 6.5% = 695.50,
** total 909.50, account 100% of the own 2% = 214.00. Where a fixed 大额 amount is
** published (北京 3 元), it is added to the individual share: 6821 × 2% + 3 = 139.42.
** Products are exact on MPFR and rounded once, to the fen, with the edition's rule.
*/
#include <stdio.h>
#include <string.h>

#include "engine.h"

/*
** The person and tier a contribution is for (selectors may switch on either), and what the
** values read cite: the nearest "source" above a value (its own, its selector's, its
** block's), else the edition's sources. Unverified ones become warnings, as in settlement.
*/
typedef struct who {
    const char *person, *tier;
    int age; /* years, or -1 when not given */
    const ybp_table *t;
    const ybp_edition *ed;
    json_t *used, *warnings;
} who;

static void cite_one(const who *w, const char *id, size_t n)
{
    json_t *x;
    size_t i;
    json_array_foreach(w->used, i, x)
        if (strlen(json_string_value(x)) == n && !strncmp(json_string_value(x), id, n)) return;
    json_t *idj = json_stringn(id, n); /* NUL-terminated, for the lookup */
    json_array_append_new(w->used, idj);
    const ybp_source *s = ybp_source_find(w->t, json_string_value(idj));
    if (s && s->unverified) {
        char b[400];
        snprintf(b, sizeof b, "unverified: %s uses source \"%s\" (%s), which could not be verified; "
                              "未经核实的参数，估算仅供参考", w->t->name, s->id, s->title);
        json_array_append_new(w->warnings, json_string(b));
    }
}

static void cite(const who *w, const char *src)
{
    if (src) {
        cite_one(w, src, strlen(src));
        return;
    }
    for (const char *s = w->ed->sources; *s;) { /* "a,b,c": the edition's own list */
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        cite_one(w, s, n);
        s += n + (comma != NULL);
    }
}

static const char *source_of(json_t *o, const char *inherited)
{
    const char *s = json_is_object(o) ? json_string_value(json_object_get(o, "source")) : NULL;
    return s ? s : inherited;
}

/* A contribution value: a decimal string, {"value": …}, or a selector by person, tier or age. */
static int value(json_t *v, const who *w, const char *src, int scale, unsigned flags, int64_t *out)
{
    const char *why;
    src = source_of(v, src);
    if (json_is_object(v) && json_object_get(v, "by")) {
        const char *by = json_string_value(json_object_get(v, "by")), *key = NULL;
        if (by && !strcmp(by, "person")) key = w->person;
        else if (by && !strcmp(by, "tier")) key = w->tier;
        else if (by && !strcmp(by, "age")) { /* ranges, `to` exclusive; the age is needed */
            json_t *rg;
            size_t i;
            if (w->age < 0) return -1;
            json_array_foreach(json_object_get(v, "ranges"), i, rg) {
                json_t *to = json_object_get(rg, "to");
                if (!to || w->age < json_integer_value(to))
                    return value(json_object_get(rg, "value"), w, source_of(rg, src), scale, flags, out);
            }
            return -1;
        }
        json_t *x = key ? json_object_get(v, key) : NULL;
        return value(x ? x : json_object_get(v, "default"), w, src, scale, flags, out);
    }
    if (json_is_object(v)) v = json_object_get(v, "value");
    if (!json_is_string(v)) return -1;
    cite(w, src);
    return ybp_dec_parse(json_string_value(v), scale, flags, out, &why);
}

/* Key k of block o (whose inherited source is src): 0 and absent unless `need`. */
static int get(json_t *o, const char *k, const who *w, const char *src, int ratio, int64_t *out, int need)
{
    json_t *v = json_object_get(o, k);
    if (v == NULL) {
        *out = 0;
        return need ? -1 : 0;
    }
    return value(v, w, source_of(o, src), ratio ? YBP_RATIO : YBP_AMT, ratio ? YBP_DEC_PCT : 0, out);
}

static json_t *money(int64_t fen)
{
    char b[32];
    return json_string(ybp_dec_format(fen, YBP_AMT, 2, b, sizeof b));
}

int yb_contrib_json(char **out, yb_engine *e, const char *region, const char *kind,
                    const char *base, const char *person, const char *tier, int age,
                    const char *date, yb_error *err)
{
    const char *code = yb_tables_resolve(e->ts, region), *why;
    const ybp_table *t = code ? ybp_tables_find(e->ts, code) : NULL;
    const ybp_edition *ed;
    json_t *c, *o, *srcs;
    int64_t wage = 0, v[8] = {0};
    long day;
    int fell;
    *out = NULL;
    if (t == NULL)
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "/region", "unknown region \"%s\"", region ? region : "");
    if (date == NULL || (day = ybp_date_parse(date)) < 0)
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "/date", "expected a date YYYY-MM-DD");
    if (kind == NULL) kind = "employee";
    if (strcmp(kind, "employee") && strcmp(kind, "flexible") && strcmp(kind, "resident"))
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "/kind", "\"%s\": expected employee, flexible or resident", kind);
    if (strcmp(kind, "resident") && (base == NULL || ybp_dec_parse(base, YBP_AMT, 0, &wage, &why)))
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "/base", "expected the monthly wage base, e.g. \"10700\"");
    if ((ed = ybp_edition_at(t, day, 0, &fell)) == NULL)
        return ybp_err(err, YB_ETABLE, t->name, 0, 0, "/editions", "no edition in force on %s", date);
    c = ed->contribution ? json_object_get(ed->contribution, kind) : NULL;
    const char *csrc = source_of(ed->contribution, NULL);
    if (c == NULL)
        return ybp_err(err, YB_ETABLE, t->name, 0, 0, ed->path,
                       "this edition publishes no %s contribution rules", kind);
    e->mode = ed->round_mode;
    srcs = json_array();
    json_t *warnings = json_array();
    const who w = {person, tier, age, t, ed, srcs, warnings};
    o = json_object();
    json_object_set_new(o, "kind", json_string(kind));
    json_object_set_new(o, "region", json_string(t->code));
    if (!strcmp(kind, "resident")) {
        if (get(c, "annual", &w, csrc, 0, &v[0], 1) || get(c, "subsidy", &w, csrc, 0, &v[1], 0)) goto bad;
        json_object_set_new(o, "individual_annual", money(v[0]));
        json_object_set_new(o, "subsidy_annual",
                            json_object_get(c, "subsidy") ? money(v[1]) : json_null());
    } else {
        int64_t lo, hi, b;
        if (get(c, "base_floor", &w, csrc, 0, &lo, 0) || get(c, "base_ceiling", &w, csrc, 0, &hi, 0)) goto bad;
        b = wage;
        if (lo && b < lo) b = lo;
        if (hi && b > hi) b = hi;
        json_object_set_new(o, "base", money(b));
        if (!strcmp(kind, "flexible")) {
            if (get(c, "rate", &w, csrc, 1, &v[0], 1)) goto bad;
            int64_t ind = ybp_mul_round(e, b, v[0], YBP_RATIO);
            json_object_set_new(o, "individual_monthly", money(ind));
            json_object_set_new(o, "employer_monthly", money(0));
            json_object_set_new(o, "total_monthly", money(ind));
        } else {
            int retired = person && !strcmp(person, "retired");
            int has_emp = json_object_get(c, "employer_rate") != NULL;
            if (get(c, "individual_rate", &w, csrc, 1, &v[0], 1) ||
                get(c, "individual_fixed", &w, csrc, 0, &v[1], 0) ||
                get(c, "employer_rate", &w, csrc, 1, &v[2], 0))
                goto bad;
            if (retired) {
                /* Retirees who have reached the minimum contribution years pay nothing
                   (国办发〔2021〕14号 keeps this); they only receive the account credit. */
                json_object_set_new(o, "individual_monthly", money(0));
                json_object_set_new(o, "employer_monthly", money(0));
                json_object_set_new(o, "total_monthly", money(0));
            } else {
                int64_t ind = ybp_mul_round(e, b, v[0], YBP_RATIO) + v[1];
                int64_t emp = ybp_mul_round(e, b, v[2], YBP_RATIO);
                json_object_set_new(o, "individual_monthly", money(ind));
                /* An employer rate the table does not publish is unknown, not zero. */
                json_object_set_new(o, "employer_monthly", has_emp ? money(emp) : json_null());
                json_object_set_new(o, "total_monthly", has_emp ? money(ind + emp) : json_null());
            }
            json_t *acc = json_object_get(c, "account");
            json_t *rule = acc ? json_object_get(acc, retired ? "retired" : "in_service") : NULL;
            const char *asrc = source_of(acc, source_of(c, csrc));
            if (rule == NULL) {
                json_object_set_new(o, "account_monthly", json_null()); /* not published */
            } else if (retired) {
                if (get(rule, "monthly", &w, asrc, 0, &v[3], 1)) goto bad;
                json_object_set_new(o, "account_monthly", money(v[3]));
            } else {
                if (get(rule, "individual_share", &w, asrc, 1, &v[3], 1)) goto bad;
                /* base × rate × share: exact product of three, rounded once. */
                ybp_mp *m = &e->mp;
                YBX(m, mpfr_set_si(e->a, b, MPFR_RNDN));
                YBX(m, mpfr_mul_si(e->a, e->a, v[0], MPFR_RNDN));
                YBX(m, mpfr_mul_si(e->a, e->a, v[3], MPFR_RNDN));
                ybp_q_round10(m, e->a, e->a, 2 * YBP_RATIO, e->mode);
                json_object_set_new(o, "account_monthly", money(ybp_mp_get(m, e->a)));
            }
        }
    }
    json_object_set_new(o, "sources", srcs);
    json_object_set_new(o, "warnings", warnings);
    if (e->mp.inexact) {
        json_decref(o);
        return ybp_err(err, YB_EINTERNAL, "", 0, 0, "", "internal error: an inexact operation");
    }
    *out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    return 0;
bad:
    json_decref(o);
    json_decref(srcs);
    json_decref(warnings);
    return ybp_err(err, YB_ETABLE, t->name, 0, 0, ed->path,
                   "the %s contribution rules lack a value for this person (check the person, "
                   "tier and age given)", kind);
}
