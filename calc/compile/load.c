/* SPDX-License-Identifier: MIT */
/*
** load.c
** The loader's context (compile.h): the JSON Pointer of the value being read, messages
** that name it, unknown keys, the nearest "source", dates, source lists, and the open
** names (person, tier, group) a table's filters use, checked against its selectors.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compile/compile.h"

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
    const char *key = ybp_unknown_key(obj, allowed);
    if (key == NULL) return 0;
    size_t s = ybp_push(L, key);
    ybp_fail(L, "unknown key \"%s\"", key);
    ybp_pop(L, s);
    return -1;
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

/* {=== Dates and source lists */

int ybp_date_of(ybp_load *L, json_t *o, const char *key, int nullable, long *out)
{
    json_t *v = json_object_get(o, key);
    size_t s = ybp_push(L, key);
    *out = -1;
    if (v == NULL && !nullable) return ybp_fail(L, "missing date (\"YYYY-MM-DD\")");
    if (v == NULL || (json_is_null(v) && nullable)) {
        ybp_pop(L, s);
        return 0;
    }
    if (!json_is_string(v) || (*out = ybp_date_parse(json_string_value(v))) < 0)
        return ybp_fail(L, "expected a date \"YYYY-MM-DD\" (a real calendar day)");
    ybp_pop(L, s);
    return 0;
}

int ybp_sources_list(ybp_load *L, json_t *x, const ybp_source ***out, size_t *n)
{
    if (!json_is_array(x) || json_array_size(x) == 0)
        return ybp_fail(L, "expected a non-empty list of source ids");
    *n = json_array_size(x);
    *out = ybp_alloc(L->a, *n * sizeof **out);
    for (size_t i = 0; i < *n; i++) {
        const char *id = json_string_value(json_array_get(x, i));
        size_t s2 = ybp_pushi(L, i);
        if (id == NULL || ((*out)[i] = ybp_source_find(L->t, id)) == NULL)
            return ybp_fail(L, "unknown source id%s%s%s (not in /sources)", id ? " \"" : "",
                            id ? id : "", id ? "\"" : "");
        ybp_pop(L, s2);
    }
    L->src = (*out)[0];
    return 0;
}
/* }=== */

/* {=== Open names */

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
    const char *const *person = ybp_std_person, *const *group = ybp_std_group;
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

/* Keeps on t the distinct person types, tiers and groups its selectors name. */
int ybp_names_keep(ybp_load *L, ybp_table *t)
{
    for (size_t i = 0; i < L->nnames; i++) {
        const struct ybp_name *x = &L->names[i];
        int f = x->field - YBP_W_PERSON;
        if (x->path != NULL) continue; /* a `when` value, not a case */
        size_t j = 0;
        while (j < t->nnames[f] && strcmp(t->names[f][j], x->name)) j++;
        if (j < t->nnames[f]) continue;
        if (t->nnames[f] % 8 == 0) {
            const char **grown = ybp_alloc(L->a, (t->nnames[f] + 8) * sizeof *grown);
            if (grown == NULL) return ybp_fail(L, "out of memory");
            if (t->nnames[f]) memcpy(grown, t->names[f], t->nnames[f] * sizeof *grown);
            t->names[f] = grown;
        }
        t->names[f][t->nnames[f]++] = x->name;
    }
    return 0;
}
/* }=== */
