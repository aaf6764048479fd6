/*
** value.c
** Values in a table: amounts, ratios, factors, lists, and selectors — objects that pick a
** value by a dimension of the visit ({"by": "level", "3": "1200", "default": "600"}).
** Compiled once at load into ybp_node trees whose leaves hold exact integers, so that a
** settlement resolves them by comparing short keys, without parsing anything.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "load.h"

const char *const ybp_dim_names[YBP_NDIM] = {"level", "person", "tier", "admission", "place",
                                             "filing", "settlement", "group", "age"};

/* The cases a closed dimension accepts; NULL = the region names its own (person, tier …). */
static const char *const level_cases[] = {"community", "1", "2", "3", NULL};
static const char *const place_cases[] = {"local", "in_province", "cross_province", NULL};
static const char *const filing_cases[] = {"long_term", "referral", "emergency", "temporary",
                                           "none", "local", NULL};
static const char *const settlement_cases[] = {"direct", "manual", NULL};
static const char *const *const closed_cases[YBP_NDIM] = {
    level_cases, NULL, NULL, NULL, place_cases, filing_cases, settlement_cases, NULL, NULL};

/* {=== Path and messages */

size_t ybp_push(ybp_load *L, const char *key)
{
    size_t saved = L->plen;
    char *p = L->path + L->plen, *end = L->path + sizeof L->path - 1;
    if (p < end) *p++ = '/';
    for (const char *k = key; *k && p + 2 < end; k++) {
        if (*k == '~' || *k == '/') *p++ = '~', *p++ = *k == '~' ? '0' : '1';
        else *p++ = *k;
    }
    *p = '\0';
    L->plen = (size_t)(p - L->path);
    return saved;
}

size_t ybp_pushi(ybp_load *L, size_t i)
{
    char b[24];
    snprintf(b, sizeof b, "%zu", i);
    return ybp_push(L, b);
}

void ybp_pop(ybp_load *L, size_t saved)
{
    L->plen = saved;
    L->path[saved] = '\0';
}

int ybp_fail(ybp_load *L, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return ybp_err(L->err, YB_ETABLE, L->name, 0, 0, L->path, "%s", text);
}

int ybp_keys(ybp_load *L, json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0) ok = 1;
        if (!ok) {
            size_t s = ybp_push(L, key);
            ybp_fail(L, "unknown key \"%s\"", key);
            ybp_pop(L, s);
            return -1;
        }
    }
    return 0;
}

int ybp_source_of(ybp_load *L, json_t *obj)
{
    json_t *s = json_object_get(obj, "source");
    if (s == NULL) return 0;
    size_t saved = ybp_push(L, "source");
    if (!json_is_string(s)) return ybp_fail(L, "expected a source id (a string)");
    if (ybp_source_find(L->t, json_string_value(s)) == NULL)
        return ybp_fail(L, "unknown source id \"%s\" (not in /sources)", json_string_value(s));
    ybp_pop(L, saved);
    L->src = ybp_source_find(L->t, json_string_value(s));
    return 0;
}

const char *ybp_str(ybp_load *L, json_t *v, const char *what)
{
    if (!json_is_string(v)) {
        ybp_fail(L, "expected %s (a string)", what);
        return NULL;
    }
    return ybp_strdup(L->a, json_string_value(v));
}

/* }=== */

/* {=== Scalars */

/*
** Reads one decimal string: an amount (fen, ≥ 0), a ratio ([0, 1], fraction or percent) or
** a factor (≥ 0, fraction or percent). A JSON number is refused with the reason: Jansson
** reads reals as binary doubles (409.56 would become 409.5599…).
*/
int ybp_scalar(ybp_load *L, json_t *v, int vt, int64_t *out)
{
    const char *why = NULL;
    int amount = vt == YBP_V_AMOUNT;
    if (json_is_number(v))
        return ybp_fail(L, "a JSON number where a decimal is expected: quote it, e.g. \"%s\" "
                           "(numbers would be read as binary floating point)",
                        amount ? "1234.56" : "0.85");
    if (!json_is_string(v))
        return ybp_fail(L, "expected %s", amount ? "an amount such as \"1300\""
                                                 : "a ratio such as \"0.85\" or \"85%\"");
    if (ybp_dec_parse(json_string_value(v), amount ? YBP_AMT : YBP_RATIO,
                      amount ? 0 : YBP_DEC_PCT, out, &why))
        return ybp_fail(L, "\"%s\": %s%s", json_string_value(v), why,
                        json_string_value(v)[0] == '-' ? " (negative values are refused)" : "");
    if (vt == YBP_V_RATIO && *out > YBP_ONE)
        return ybp_fail(L, "ratio \"%s\" is outside [0, 1]", json_string_value(v));
    return 0;
}

static ybp_node *leaf(ybp_load *L, int vt)
{
    ybp_node *n = ybp_alloc(L->a, sizeof *n);
    if (n == NULL) return NULL;
    n->vt = vt;
    n->path = ybp_strdup(L->a, L->path);
    n->src = L->src;
    return n;
}

/* }=== */

/* {=== Selectors */

static ybp_node *selector(ybp_load *L, json_t *obj, int vt, int elem_vt);

static ybp_node *plain(ybp_load *L, json_t *v, int vt, int elem_vt)
{
    ybp_node *n = leaf(L, vt);
    if (n == NULL) return NULL;
    switch (vt) {
    case YBP_V_AMOUNT:
    case YBP_V_RATIO:
    case YBP_V_FACTOR:
        if (ybp_scalar(L, v, vt, &n->num)) return NULL;
        break;
    case YBP_V_BANDS:
        if ((n->ptr = ybp_bands_parse(L, v)) == NULL) return NULL;
        break;
    case YBP_V_BENEFIT:
        if ((n->ptr = ybp_benefit_parse(L, v)) == NULL) return NULL;
        break;
    case YBP_V_LIST: {
        ybp_list *l = ybp_alloc(L->a, sizeof *l);
        if (!json_is_array(v) || json_array_size(v) == 0) {
            ybp_fail(L, "expected a non-empty list");
            return NULL;
        }
        l->n = json_array_size(v);
        l->v = ybp_alloc(L->a, l->n * sizeof *l->v);
        for (size_t i = 0; i < l->n; i++) {
            size_t s = ybp_pushi(L, i);
            if ((l->v[i] = ybp_value(L, json_array_get(v, i), elem_vt)) == NULL) return NULL;
            ybp_pop(L, s);
        }
        n->ptr = l;
        break;
    }
    }
    return n;
}

static ybp_node *value(ybp_load *L, json_t *v, int vt, int elem_vt)
{
    const ybp_source *saved_src = L->src;
    ybp_node *n;
    if (json_is_object(v) && json_object_get(v, "by")) {
        n = selector(L, v, vt, elem_vt);
    } else if (json_is_object(v) && json_object_get(v, "value") &&
               vt != YBP_V_BENEFIT) {
        /* {"value": "300", "source": "id"}: a scalar with a source of its own. */
        static const char *const k[] = {"value", "source", "notes", NULL};
        if (ybp_keys(L, v, k) || ybp_source_of(L, v)) return NULL;
        size_t s = ybp_push(L, "value");
        n = value(L, json_object_get(v, "value"), vt, elem_vt);
        ybp_pop(L, s);
    } else {
        n = plain(L, v, vt, elem_vt);
    }
    L->src = saved_src;
    return n;
}

ybp_node *ybp_value(ybp_load *L, json_t *v, int vt) { return value(L, v, vt, 0); }

ybp_node *ybp_value_list(ybp_load *L, json_t *v, int elem_vt)
{
    return value(L, v, YBP_V_LIST, elem_vt);
}

static ybp_node *age_selector(ybp_load *L, json_t *obj, ybp_node *n, int vt, int elem_vt)
{
    static const char *const k[] = {"by", "ranges", "source", "notes", NULL};
    json_t *r = json_object_get(obj, "ranges");
    int prev = -1;
    if (ybp_keys(L, obj, k)) return NULL;
    size_t s = ybp_push(L, "ranges");
    if (!json_is_array(r) || json_array_size(r) == 0) {
        ybp_fail(L, "expected a list of age ranges [{\"to\": 45, \"value\": …}, {\"value\": …}]");
        return NULL;
    }
    n->n = json_array_size(r);
    n->kids = ybp_alloc(L->a, n->n * sizeof *n->kids);
    n->cases = ybp_alloc(L->a, n->n * sizeof *n->cases);
    for (size_t i = 0; i < n->n; i++) {
        static const char *const rk[] = {"to", "value", "source", "notes", NULL};
        json_t *e = json_array_get(r, i), *to;
        size_t s2 = ybp_pushi(L, i);
        if (!json_is_object(e) || ybp_keys(L, e, rk) || ybp_source_of(L, e)) {
            if (!json_is_object(e)) ybp_fail(L, "expected an age range object");
            return NULL;
        }
        to = json_object_get(e, "to");
        if (i + 1 < n->n || to) {
            size_t s3 = ybp_push(L, "to");
            if (!json_is_integer(to) || json_integer_value(to) <= prev ||
                json_integer_value(to) > 200) {
                ybp_fail(L, "expected an integer age, increasing, below 200 (exclusive bound)");
                return NULL;
            }
            ybp_pop(L, s3);
            prev = (int)json_integer_value(to);
            n->cases[i] = prev;
        } else {
            n->cases[i] = -1;
        }
        size_t s3 = ybp_push(L, "value");
        if (!json_object_get(e, "value")) {
            ybp_fail(L, "missing \"value\"");
            return NULL;
        }
        if ((n->kids[i] = value(L, json_object_get(e, "value"), vt, elem_vt)) == NULL)
            return NULL;
        ybp_pop(L, s3);
        ybp_pop(L, s2);
    }
    ybp_pop(L, s);
    return n;
}

static ybp_node *selector(ybp_load *L, json_t *obj, int vt, int elem_vt)
{
    const char *by, *key;
    json_t *v;
    ybp_node *n;
    size_t s = ybp_push(L, "by");
    if (!json_is_string(json_object_get(obj, "by"))) {
        ybp_fail(L, "expected a dimension name");
        return NULL;
    }
    by = json_string_value(json_object_get(obj, "by"));
    n = leaf(L, vt);
    n->select = 1;
    for (n->dim = 0; n->dim < YBP_NDIM && strcmp(ybp_dim_names[n->dim], by); n->dim++) {}
    if (n->dim == YBP_NDIM) {
        ybp_fail(L, "unknown dimension \"%s\" (expected level, person, tier, admission, place, "
                    "filing, settlement, group or age)", by);
        return NULL;
    }
    ybp_pop(L, s);
    n->path = ybp_strdup(L->a, L->path);
    if (ybp_source_of(L, obj)) return NULL;
    n->src = L->src;
    if (n->dim == YBP_BY_AGE) return age_selector(L, obj, n, vt, elem_vt);
    n->kids = ybp_alloc(L->a, json_object_size(obj) * sizeof *n->kids);
    n->keys = ybp_alloc(L->a, json_object_size(obj) * sizeof *n->keys);
    n->cases = ybp_alloc(L->a, json_object_size(obj) * sizeof *n->cases);
    json_object_foreach(obj, key, v) {
        const char *const *closed = closed_cases[n->dim];
        ybp_node *kid;
        if (!strcmp(key, "by") || !strcmp(key, "source") || !strcmp(key, "notes")) continue;
        s = ybp_push(L, key);
        if (strcmp(key, "default") &&
            (n->dim == YBP_BY_PERSON || n->dim == YBP_BY_TIER || n->dim == YBP_BY_GROUP) &&
            ybp_name_note(L, n->dim == YBP_BY_PERSON ? YBP_W_PERSON
                             : n->dim == YBP_BY_TIER ? YBP_W_TIER : YBP_W_GROUP, key, NULL))
            return NULL;
        if (strcmp(key, "default") != 0) {
            int ok = closed == NULL;
            for (; closed && *closed; closed++)
                if (!strcmp(*closed, key)) ok = 1;
            if (n->dim == YBP_BY_ADMISSION) {
                /* Parsed here, once, so a settlement compares numbers. */
                const char *why;
                int64_t k;
                ok = ybp_dec_parse(key, 0, 0, &k, &why) == 0 && k >= 1 && k <= 366;
                n->cases[n->n] = (int)k;
            }
            if (!ok) {
                ybp_fail(L, "unknown case \"%s\" for \"by\": \"%s\"", key, by);
                return NULL;
            }
        }
        if ((kid = value(L, v, vt, elem_vt)) == NULL) return NULL;
        if (!strcmp(key, "default")) {
            n->dflt = kid;
        } else {
            n->keys[n->n] = ybp_strdup(L->a, key);
            n->kids[n->n++] = kid;
        }
        ybp_pop(L, s);
    }
    if (n->n == 0 && n->dflt == NULL) {
        ybp_fail(L, "a selector needs at least one case");
        return NULL;
    }
    return n;
}

/* }=== */

/* {=== Resolution at settlement */

const ybp_node *ybp_resolve(const ybp_node *n, const ybp_dims *d, const ybp_table *t,
                            yb_error *err)
{
    while (n && n->select) {
        const ybp_node *next = NULL;
        if (n->dim == YBP_BY_AGE) {
            if (d->age < 0) {
                ybp_err(err, YB_ECLAIM, t->name, 0, 0, n->path,
                        "this table needs the insured's age (insured.age)");
                return NULL;
            }
            for (size_t i = 0; i < n->n && !next; i++)
                if (n->cases[i] < 0 || d->age < n->cases[i]) next = n->kids[i];
        } else if (n->dim == YBP_BY_ADMISSION) {
            /* The last case given repeats: {"1": …, "2": …} covers the 3rd admission too. */
            int best = 0;
            for (size_t i = 0; i < n->n; i++)
                if (n->cases[i] <= d->admission && n->cases[i] > best) best = n->cases[i], next = n->kids[i];
        } else {
            const char *want = d->v[n->dim];
            for (size_t i = 0; i < n->n && want && !next; i++)
                if (!strcmp(n->keys[i], want)) next = n->kids[i];
        }
        if (next == NULL) next = n->dflt;
        if (next == NULL) {
            char adm[16];
            const char *want = d->v[n->dim];
            if (n->dim == YBP_BY_ADMISSION) snprintf(adm, sizeof adm, "%d", d->admission), want = adm;
            ybp_err(err, YB_ECLAIM, t->name, 0, 0, n->path,
                    "the table has no case for %s \"%s\" here, and no default",
                    ybp_dim_names[n->dim], want ? want : "(not given)");
            return NULL;
        }
        n = next;
    }
    return n;
}

/* }=== */

/* {=== when filters */

/*
** A `when` filter. Values of closed fields (place, filing, settlement, setting, scheme,
** level) must be known cases: a typo such as "cross_provice" would make the rule never
** apply. Open fields (person, tier, group) are checked once the whole table is read
** (ybp_names_check): a standard name, or one the table's own selectors use.
*/
int ybp_when_parse(ybp_load *L, json_t *v, ybp_when *w)
{
    static const char *const fields[YBP_NWHEN] = {"place", "filing", "settlement", "setting",
                                                  "scheme", "level", "person", "tier", "group"};
    static const char *const setting_cases[] = {"inpatient", "outpatient", "chronic", NULL};
    static const char *const scheme_cases[] = {"employee", "resident", NULL};
    static const char *const *const closed[YBP_NWHEN] = {
        place_cases, filing_cases, settlement_cases, setting_cases, scheme_cases, level_cases,
        NULL, NULL, NULL};
    const char *key;
    json_t *x;
    if (!json_is_object(v)) return ybp_fail(L, "expected an object of conditions");
    json_object_foreach(v, key, x) {
        int f;
        size_t s = ybp_push(L, key);
        for (f = 0; f < YBP_NWHEN && strcmp(fields[f], key); f++) {}
        if (f == YBP_NWHEN) return ybp_fail(L, "unknown condition \"%s\"", key);
        size_t n = json_is_array(x) ? json_array_size(x) : 1;
        w->n[f] = n;
        w->v[f] = ybp_alloc(L->a, n * sizeof *w->v[f]);
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_is_array(x) ? json_array_get(x, i) : x;
            size_t s2 = json_is_array(x) ? ybp_pushi(L, i) : L->plen;
            if (!json_is_string(e)) return ybp_fail(L, "expected a string or a list of strings");
            const char *val = json_string_value(e);
            if (closed[f]) {
                int ok = 0;
                char list[160] = "";
                for (const char *const *c = closed[f]; *c; c++) {
                    ok |= !strcmp(*c, val);
                    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                             c == closed[f] ? "" : ", ", *c);
                }
                if (!ok) return ybp_fail(L, "unknown %s \"%s\" (expected %s)", key, val, list);
            } else if (ybp_name_note(L, f, val, L->path)) {
                return -1;
            }
            w->v[f][i] = ybp_strdup(L->a, val);
            ybp_pop(L, s2);
        }
        if (n == 0) return ybp_fail(L, "an empty list matches nothing");
        ybp_pop(L, s);
    }
    return 0;
}

int ybp_name_note(ybp_load *L, int field, const char *name, const char *path)
{
    if (ybp_grow((void **)&L->names, &L->names_cap, L->nnames + 1, sizeof *L->names))
        return ybp_fail(L, "out of memory");
    struct ybp_name *x = &L->names[L->nnames++];
    x->field = field;
    x->name = ybp_strdup(L->a, name);
    x->path = path ? ybp_strdup(L->a, path) : NULL;
    return 0;
}

/* Every open name a `when` uses is a standard one or a case of the table's selectors. */
int ybp_names_check(ybp_load *L)
{
    static const char *const person[] = {"in_service", "retired", "adult", "child", "student",
                                         "elderly", NULL};
    static const char *const group[] = {"low_income", "extreme_poverty", "major_disease", NULL};
    static const char *const what[] = {[YBP_W_PERSON] = "person", [YBP_W_TIER] = "tier",
                                       [YBP_W_GROUP] = "group"};
    for (size_t i = 0; i < L->nnames; i++) {
        const struct ybp_name *x = &L->names[i];
        const char *const *std = x->field == YBP_W_PERSON ? person : x->field == YBP_W_GROUP ? group : NULL;
        int ok = x->path == NULL;
        for (const char *const *k = std; k && *k && !ok; k++) ok = !strcmp(*k, x->name);
        for (size_t j = 0; j < L->nnames && !ok; j++)
            ok = L->names[j].path == NULL && L->names[j].field == x->field &&
                 !strcmp(L->names[j].name, x->name);
        if (!ok) {
            snprintf(L->path, sizeof L->path, "%s", x->path);
            L->plen = strlen(L->path);
            return ybp_fail(L, "unknown %s \"%s\": not a standard name, and no selector of this "
                               "table has that case (a typo would make the rule never apply)",
                            what[x->field], x->name);
        }
    }
    return 0;
}
