/* SPDX-License-Identifier: MIT */
/*
** value.c
** Values in a table: amounts, ratios, factors, lists, and selectors — objects that pick a
** value by a dimension of the visit ({"by": "level", "3": "1200", "default": "600"}) —
** with the bands and benefits a selector may choose (one grammar, so one file), and the
** `when` filters of adjustments and layers. Compiled once at load into ybp_node trees
** whose leaves hold exact integers, so a settlement resolves them by comparing short
** keys, without parsing anything.
*/
#include <stdio.h>
#include <string.h>

#include "compile/compile.h"

/* The cases a closed dimension accepts; NULL = the region names its own (person, tier …). */
static const char *const *const closed_cases[YBP_NDIM] = {
    ybp_level_cases, NULL, NULL, NULL, ybp_place_cases, ybp_filing_cases, ybp_settlement_cases,
    NULL, NULL};

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

/* {=== Values and selectors */

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

/* Reads optional key of o as a value of kind vt into *out (left NULL when absent). */
int ybp_opt(ybp_load *L, json_t *o, const char *key, int vt, ybp_node **out)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL) return 0;
    size_t s = ybp_push(L, key);
    if ((*out = ybp_value(L, v, vt)) == NULL) return -1;
    ybp_pop(L, s);
    return 0;
}
/* }=== */

/* {=== Bands and benefits */

const ybp_bands *ybp_bands_parse(ybp_load *L, json_t *v)
{
    static const char *const k[] = {"to", "ratio", "source", "notes", NULL};
    ybp_bands *b = ybp_alloc(L->a, sizeof *b);
    int64_t prev = 0; /* a band's "to" is above the previous one's, and above 0 */
    if (!json_is_array(v) || json_array_size(v) == 0) {
        ybp_fail(L, "expected a non-empty list of bands [{\"to\": \"40000\", \"ratio\": "
                    "\"80%%\"}, {\"ratio\": \"85%%\"}]");
        return NULL;
    }
    b->n = json_array_size(v);
    if (b->n > 32) /* YBP_MAX_BANDS: no published schedule comes near it */
        return ybp_fail(L, "%zu bands: at most 32 are supported", b->n), NULL;
    b->b = ybp_alloc(L->a, b->n * sizeof *b->b);
    for (size_t i = 0; i < b->n; i++) {
        json_t *e = json_array_get(v, i), *to;
        const ybp_source *saved_src = L->src;
        size_t s = ybp_pushi(L, i);
        if (!json_is_object(e)) {
            ybp_fail(L, "expected a band object");
            return NULL;
        }
        if (ybp_keys(L, e, k) || ybp_source_of(L, e)) return NULL;
        to = json_object_get(e, "to");
        size_t s2 = ybp_push(L, "to");
        if (i + 1 < b->n && to == NULL) {
            ybp_fail(L, "every band but the last needs \"to\" (its exclusive upper edge)");
            return NULL;
        }
        if (i + 1 == b->n && to != NULL) {
            ybp_fail(L, "the last band has no \"to\": it runs to infinity (use a band with "
                        "ratio \"0\" or cost_cap for a ceiling)");
            return NULL;
        }
        if (to) {
            if ((b->b[i].to = ybp_value(L, to, YBP_V_AMOUNT)) == NULL) return NULL;
            if (!b->b[i].to->select) {
                if (b->b[i].to->num <= prev) {
                    ybp_fail(L, i ? "bands out of order: \"to\" must increase"
                                  : "a band's \"to\" must be above 0");
                    return NULL;
                }
                prev = b->b[i].to->num;
            }
        }
        ybp_pop(L, s2);
        s2 = ybp_push(L, "ratio");
        if (!json_object_get(e, "ratio")) {
            ybp_fail(L, "missing \"ratio\"");
            return NULL;
        }
        if ((b->b[i].ratio = ybp_value(L, json_object_get(e, "ratio"), YBP_V_RATIO)) == NULL)
            return NULL;
        ybp_pop(L, s2);
        ybp_pop(L, s);
        L->src = saved_src;
    }
    return b;
}

/* A scope key: "admission" or "year" (or "visit" and "year" for layers). */
int ybp_scope(ybp_load *L, json_t *o, const char *key, int allow_visit, int *out)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL) return 0;
    size_t s = ybp_push(L, key);
    const char *x = json_is_string(v) ? json_string_value(v) : "";
    if (!strcmp(x, "admission") && !allow_visit) *out = YBP_SCOPE_ADMISSION;
    else if (!strcmp(x, "year")) *out = YBP_SCOPE_YEAR;
    else if (!strcmp(x, "visit") && allow_visit) *out = YBP_SCOPE_VISIT;
    else return ybp_fail(L, allow_visit ? "expected \"visit\" or \"year\""
                                        : "expected \"admission\" or \"year\"");
    ybp_pop(L, s);
    return 0;
}

const ybp_benefit *ybp_benefit_parse(ybp_load *L, json_t *v)
{
    static const char *const k[] = {"deductible", "deductible_scope", "repeat_admission",
                                    "repeat_amounts", "bands", "band_scope", "cap",
                                    "cap_group", "cost_cap", "source", "notes", NULL};
    ybp_benefit *b = ybp_alloc(L->a, sizeof *b);
    json_t *x;
    if (!json_is_object(v)) {
        ybp_fail(L, "expected a benefit object (deductible, bands, cap …)");
        return NULL;
    }
    if (ybp_keys(L, v, k) || ybp_source_of(L, v)) return NULL;
    b->path = ybp_strdup(L->a, L->path);
    b->src = L->src;
    b->deductible_scope = b->band_scope = -1;
    b->cap_group = "basic";
    if (ybp_opt(L, v, "deductible", YBP_V_AMOUNT, &b->deductible) ||
        ybp_scope(L, v, "deductible_scope", 0, &b->deductible_scope) ||
        ybp_opt(L, v, "bands", YBP_V_BANDS, &b->bands) ||
        ybp_scope(L, v, "band_scope", 0, &b->band_scope) ||
        ybp_opt(L, v, "cap", YBP_V_AMOUNT, &b->cap) ||
        ybp_opt(L, v, "cost_cap", YBP_V_AMOUNT, &b->cost_cap))
        return NULL;
    if (b->bands == NULL) {
        ybp_push(L, "bands");
        ybp_fail(L, "a benefit needs bands (the share the fund pays): [{\"ratio\": \"80%%\"}]");
        return NULL;
    }
    if (json_object_get(v, "repeat_admission") && json_object_get(v, "repeat_amounts")) {
        ybp_fail(L, "give repeat_admission (factors) or repeat_amounts, not both");
        return NULL;
    }
    if ((x = json_object_get(v, "repeat_admission")) != NULL ||
        (x = json_object_get(v, "repeat_amounts")) != NULL) {
        b->repeat_amounts = json_object_get(v, "repeat_amounts") != NULL;
        size_t s = ybp_push(L, b->repeat_amounts ? "repeat_amounts" : "repeat_admission");
        b->repeat = ybp_value_list(L, x, b->repeat_amounts ? YBP_V_AMOUNT : YBP_V_FACTOR);
        if (b->repeat == NULL) return NULL;
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "cap_group")) != NULL) {
        size_t s = ybp_push(L, "cap_group");
        if ((b->cap_group = ybp_str(L, x, "a cap group name")) == NULL) return NULL;
        ybp_pop(L, s);
    }
    return b;
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
    static const char *const *const closed[YBP_NWHEN] = {
        ybp_place_cases, ybp_filing_cases, ybp_settlement_cases, ybp_setting_cases,
        ybp_scheme_cases, ybp_level_cases, NULL, NULL, NULL};
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
/* }=== */
