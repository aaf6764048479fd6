/* SPDX-License-Identifier: MIT */
/*
** inspect.c
** A table set looked at as a whole (docs/cli.md § tables): the list of regions with their
** editions and sources, the linter, and coverage — what is in force on a date and which
** regions are complete (docs/tables.md § Complete). Each answers in JSON, for the CLI and
** any other front end to render.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "out/out.h"

static json_t *day_json(long day)
{
    char d[11];
    if (day < 0) return json_null();
    ybp_date_format(day, d);
    return json_string(d);
}

static int dump(char **out, json_t *o, yb_error *err)
{
    *out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? 0 : ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
}

/* {=== List */

int yb_places_json(char **out, const yb_tables *ts, const char *prefix, size_t max, yb_error *err)
{
    static const char *const level[] = {"province", "prefecture", "county"};
    const ybp_division *found[200];
    YBP_BEGIN(err);
    if (out == NULL || ts == NULL || prefix == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_places_json: out, tables and prefix are required");
    size_t n = ybp_place_prefix(prefix, found, max < 200 ? max : 200);
    json_t *o = json_object(), *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const ybp_division *p = found[i];
        const char *pool = yb_tables_resolve(ts, p->code);
        json_t *x = json_object();
        json_object_set_new(x, "code", json_string(p->code));
        json_object_set_new(x, "name", json_string(p->name));
        json_object_set_new(x, "pinyin", json_string(p->pinyin));
        json_object_set_new(x, "level", json_string(level[p->parent == NULL ? 0
                                                          : !strcmp(p->code + 4, "00") ? 1 : 2]));
        json_object_set_new(x, "pool", pool ? json_string(pool) : json_null());
        json_object_set_new(x, "pool_name", pool ? json_string(yb_tables_name(ts, pool)) : json_null());
        json_array_append_new(a, x);
    }
    json_object_set_new(o, "places", a);
    return dump(out, o, err);
}

int yb_tables_list_json(char **out, const yb_tables *ts, yb_error *err)
{
    YBP_BEGIN(err);
    if (out == NULL || ts == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_tables_list_json: out and tables are required");
    json_t *o = json_object(), *regions = json_array();
    for (size_t i = 0; i < ts->n; i++) {
        const ybp_table *t = ts->t[i];
        json_t *r = json_object(), *eds = json_array(), *rel = json_object();
        int count[YBP_NREL] = {0};
        json_object_set_new(r, "code", json_string(t->code));
        json_object_set_new(r, "name", json_string(t->region_name));
        json_object_set_new(r, "name_en", json_string(t->name_en));
        json_object_set_new(r, "file", json_string(t->name));
        for (size_t k = 0; k < t->neditions; k++) {
            json_t *e = json_object();
            json_object_set_new(e, "from", day_json(t->editions[k].from));
            json_object_set_new(e, "end", day_json(t->editions[k].end));
            json_array_append_new(eds, e);
        }
        json_object_set_new(r, "editions", eds);
        for (size_t s = 0; s < t->nsources; s++) count[t->sources[s].rel]++;
        for (int k = 0; k < YBP_NREL; k++) json_object_set_new(rel, ybp_rel_names[k], json_integer(count[k]));
        json_object_set_new(r, "sources", rel);
        json_array_append_new(regions, r);
    }
    json_object_set_new(o, "regions", regions);
    json_object_set_new(o, "digest", json_string(ts->digest));
    return dump(out, o, err);
}

/* }=== */

/* {=== Lint */

typedef struct lint {
    json_t *items;
    int findings, notes;
} lint;

static void say(lint *L, const char *file, int finding, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void say(lint *L, const char *file, int finding, const char *path, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *x = json_object();
    json_object_set_new(x, "file", json_string(file));
    json_object_set_new(x, "kind", json_string(finding ? "finding" : "note"));
    json_object_set_new(x, "path", json_string(path ? path : ""));
    json_object_set_new(x, "message", json_string(msg));
    json_array_append_new(L->items, x);
    *(finding ? &L->findings : &L->notes) += 1;
}

/* The value of a plain amount or ratio string, in millionths (ratios) or fen; -1 if none. */
static long long num(json_t *v, int ratio)
{
    int64_t x;
    const char *why;
    if (json_is_object(v) && json_object_get(v, "value")) v = json_object_get(v, "value");
    if (!json_is_string(v)) return -1;
    if (ybp_dec_parse(json_string_value(v), ratio ? YBP_RATIO : YBP_AMT, ratio ? YBP_DEC_PCT : 0, &x, &why))
        return -1;
    return x;
}

/*
** Walks a table's JSON for selectors by hospital level and checks their direction: the
** fund's ratio should not rise with the level (社区 ≥ 一级 ≥ 二级 ≥ 三级), and a deductible
** should not fall with it. Also a cap below the deductible of the same benefit, and an
** implausibly large ratio_plus.
*/
static void values(lint *L, const char *file, json_t *v, char *path, size_t plen)
{
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            size_t l = strlen(path);
            snprintf(path + l, plen - l, "/%zu", i);
            values(L, file, json_array_get(v, i), path, plen);
            path[l] = '\0';
        }
        return;
    }
    if (!json_is_object(v)) return;
    const char *by = json_string_value(json_object_get(v, "by"));
    const char *last = strrchr(path, '/');
    int is_ratio = last && strstr(path, "ratio") != NULL, is_ded = last && !strcmp(last, "/deductible");
    if (by && !strcmp(by, "level") && (is_ratio || is_ded)) {
        static const char *const lv[] = {"community", "1", "2", "3"};
        long long prev = -1;
        const char *prev_lv = NULL;
        for (int i = 0; i < 4; i++) {
            long long x = num(json_object_get(v, lv[i]), is_ratio);
            if (x < 0) continue;
            if (prev >= 0 && (is_ratio ? x > prev : x < prev))
                say(L, file, 1, path, "the %s %s from level %s to level %s (expected it to %s)",
                    is_ratio ? "fund's ratio" : "deductible", is_ratio ? "rises" : "falls", prev_lv,
                    lv[i], is_ratio ? "fall" : "rise");
            prev = x, prev_lv = lv[i];
        }
    }
    long long cap = num(json_object_get(v, "cap"), 0), ded = num(json_object_get(v, "deductible"), 0);
    if (cap >= 0 && ded > 0 && cap < ded)
        say(L, file, 1, path, "cap %lld.%02lld is below the deductible %lld.%02lld", cap / 100,
            cap % 100, ded / 100, ded % 100);
    long long plus = num(json_object_get(v, "ratio_plus"), 1);
    if (plus > 200000 && json_object_get(v, "when"))
        say(L, file, 1, path, "ratio_plus %lld%% is implausibly large", plus / 10000);
    const char *key;
    json_t *x;
    json_object_foreach(v, key, x) {
        if (!strcmp(key, "notes") || !strcmp(key, "sources")) continue;
        size_t l = strlen(path);
        snprintf(path + l, plen - l, "/%s", key);
        values(L, file, x, path, plen);
        path[l] = '\0';
    }
}

/*
** Lint: findings are things wrong in a table; notes are what a maintainer should know but
** that are not errors (unverified or stale sources, nothing in force today). Linear in the
** size of the set apart from the clone check (each pair of tables, once).
*/
int yb_tables_lint_json(char **out, const yb_tables *ts, const char *today, yb_error *err)
{
    long day;
    YBP_BEGIN(err);
    if (out == NULL || ts == NULL || today == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_tables_lint_json: out, tables and today are required");
    if ((day = ybp_date_parse(today)) < 0)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "\"%s\": expected a date YYYY-MM-DD", today);
    lint L = {json_array(), 0, 0};
    for (size_t i = 0; i < ts->n; i++) {
        const ybp_table *t = ts->t[i];
        int fell;
        char path[1024] = "/editions";
        values(&L, t->name, json_object_get(t->doc, "editions"), path, sizeof path);
        snprintf(path, sizeof path, "/annual");
        values(&L, t->name, json_object_get(t->doc, "annual"), path, sizeof path);
        if (ybp_edition_at(t, day, 0, &fell) == NULL && !t->national) {
            const ybp_edition *last = &t->editions[t->neditions - 1];
            if (last->ended_by && day > last->end)
                say(&L, t->name, 0, "/editions", "no edition in force today (%s): source \"%s\" "
                    "ended the rules; estimates for today need --lenient", today, last->ended_by->id);
            else
                say(&L, t->name, 0, "/editions", "no edition in force today (%s); estimates for "
                    "today need --lenient", today);
        }
        for (int k = 0; k < YBP_NKIND; k++) {
            int any = 0;
            for (size_t j = 0; j < t->nannual; j++) any |= t->annual[j].has[k];
            if (any && ybp_annual_at(t, k, day, 0, &fell) == NULL)
                say(&L, t->name, 0, "/annual", "no %s contribution figures in force today (%s)",
                    ybp_kind_names[k], today);
        }
        for (size_t s = 0; s < t->nsources; s++) {
            const ybp_source *x = &t->sources[s];
            char p[300];
            snprintf(p, sizeof p, "/sources/%s", x->id);
            if (x->rel == YBP_REL_UNVERIFIED)
                say(&L, t->name, 0, p, "source \"%s\" is unverified; estimates using it say so", x->id);
            if (ybp_date_next_year(x->checked) < day) {
                char c[11];
                ybp_date_format(x->checked, c);
                say(&L, t->name, 0, p, "source \"%s\" was last checked on %s, more than 12 months "
                    "ago", x->id, c);
            }
        }
        for (size_t j = 0; j < i; j++)
            if (json_equal(json_object_get(t->doc, "editions"), json_object_get(ts->t[j]->doc, "editions")))
                say(&L, t->name, 1, "/editions", "its editions are identical to %s's (a copy-paste "
                    "clone?)", ts->t[j]->name);
    }
    json_t *o = json_object();
    json_object_set_new(o, "tables", json_integer((json_int_t)ts->n));
    json_object_set_new(o, "findings", json_integer(L.findings));
    json_object_set_new(o, "notes", json_integer(L.notes));
    json_object_set_new(o, "items", L.items);
    return dump(out, o, err);
}

/* }=== */

/* {=== Coverage */

/* Whether a compiled value resolves for an adult resident: a selector by person takes
   "adult", else its default; one by tier, age or anything else if any branch does. */
static int resolves_for_adult(const ybp_node *n)
{
    if (n == NULL) return 0;
    if (!n->select) return 1;
    if (n->dim == YBP_BY_PERSON) {
        for (size_t i = 0; i < n->n; i++)
            if (!strcmp(n->keys[i], "adult")) return resolves_for_adult(n->kids[i]);
        return resolves_for_adult(n->dflt);
    }
    for (size_t i = 0; i < n->n; i++)
        if (resolves_for_adult(n->kids[i])) return 1;
    return resolves_for_adult(n->dflt);
}

/* "yes" (benefits), "n/c" (a cited "not covered"), "-" (no data). */
static const char *known(const ybp_scheme *sc, int setting)
{
    return !sc->present ? "-" : sc->benefit[setting] ? "yes" : sc->not_covered[setting].declared ? "n/c" : "-";
}

static int layers_known(const ybp_scheme *sc, int scheme)
{
    if (sc->no_layers.declared) return 1;
    for (size_t i = 0; i < sc->nlayers; i++) {
        int f = sc->layers[i].fund;
        if (f == YBP_F_HIFMI || (scheme == YBP_EMPLOYEE && f == YBP_F_HIFOB)) return 1;
    }
    return 0;
}

/*
** Complete on a date: for both schemes, inpatient and outpatient care known (benefits, or
** a cited "not covered"), the layers known (职工大额/大病, 居民大病, or a cited statement
** that there is none), the contributions in force (the employee's and employer's rates
** with a base range; an adult resident's premium).
*/
int yb_tables_coverage_json(char **out, const yb_tables *ts, const char *date, yb_error *err)
{
    long day;
    YBP_BEGIN(err);
    if (out == NULL || ts == NULL || date == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_tables_coverage_json: out, tables and date are required");
    if ((day = ybp_date_parse(date)) < 0)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "\"%s\": expected a date YYYY-MM-DD", date);
    json_t *o = json_object(), *rows = json_array();
    int complete = 0, regions = 0, inforce = 0;
    for (size_t i = 0; i < ts->n; i++) {
        const ybp_table *t = ts->t[i];
        int fell;
        if (t->national) continue;
        regions++;
        const ybp_edition *e = ybp_edition_at(t, day, 0, &fell); /* the one a visit would use */
        json_t *row = json_object();
        json_object_set_new(row, "code", json_string(t->code));
        json_object_set_new(row, "name", json_string(t->region_name));
        json_object_set_new(row, "in_force", json_boolean(e != NULL));
        int ok = e != NULL;
        for (int s = 0; e && s < YBP_NSCHEME; s++) {
            const ybp_scheme *sc = &e->scheme[s];
            const char *in = known(sc, YBP_INPATIENT), *op = known(sc, YBP_OUTPATIENT);
            int lay = sc->present && layers_known(sc, s), con;
            if (s == YBP_EMPLOYEE) {
                con = e->rates.has[YBP_K_EMPLOYEE] && e->rates.employer_rate &&
                      ybp_annual_at(t, YBP_K_EMPLOYEE, day, 0, &fell) != NULL;
            } else {
                const ybp_annual *a = ybp_annual_at(t, YBP_K_RESIDENT, day, 0, &fell);
                con = a && resolves_for_adult(a->premium);
            }
            json_t *x = json_object();
            json_object_set_new(x, "inpatient", json_string(in));
            json_object_set_new(x, "outpatient", json_string(op));
            json_object_set_new(x, "chronic", json_string(known(sc, YBP_CHRONIC)));
            json_object_set_new(x, "layers", json_boolean(lay));
            json_object_set_new(x, "contributions", json_boolean(con));
            json_object_set_new(row, ybp_scheme_names[s], x);
            ok &= strcmp(in, "-") && strcmp(op, "-") && lay && con;
        }
        json_object_set_new(row, "complete", json_boolean(ok));
        json_array_append_new(rows, row);
        complete += ok;
        inforce += e != NULL;
    }
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "regions", rows);
    json_object_set_new(o, "total", json_integer(regions));
    json_object_set_new(o, "complete", json_integer(complete));
    json_object_set_new(o, "in_force", json_integer(inforce));
    return dump(out, o, err);
}

/* }=== */
