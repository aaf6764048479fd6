/*
** load.h
** The loader's context, shared by table.c (document structure) and value.c (values and
** selectors). It tracks the JSON Pointer of the value being read, so every message can say
** where, and the nearest "source", so every compiled value knows whom to cite.
*/
#ifndef YBP_LOAD_H
#define YBP_LOAD_H

#include "internal.h"

typedef struct ybp_load {
    ybp_arena *a;
    yb_error *err;
    ybp_table *t;
    const char *name;
    char path[512];
    size_t plen;
    const ybp_source *src; /* nearest source of what is being read */
    /* Open names (person, tier, group): the cases the table's selectors use, and the
       values its `when` filters name, checked against each other at the end. */
    struct ybp_name {
        int field;        /* YBP_W_PERSON, YBP_W_TIER or YBP_W_GROUP */
        const char *name; /* in the arena */
        const char *path; /* set for a `when` value: where to report it */
    } *names;
    size_t nnames, names_cap;
} ybp_load;

YBP_FUNC int ybp_names_check(ybp_load *L);
/* Records an open name: a selector's case (path NULL) or a `when` value to check. */
YBP_FUNC int ybp_name_note(ybp_load *L, int field, const char *name, const char *path);

/* Path handling: push a key or an index, pop back to a saved length. */
YBP_FUNC size_t ybp_push(ybp_load *L, const char *key);
YBP_FUNC size_t ybp_pushi(ybp_load *L, size_t i);
YBP_FUNC void ybp_pop(ybp_load *L, size_t saved);
YBP_FUNC int ybp_fail(ybp_load *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Refuses keys of obj not in the NULL-terminated list `allowed`. */
YBP_FUNC int ybp_keys(ybp_load *L, json_t *obj, const char *const *allowed);
/* Reads an optional "source" of obj into L->src (checking the id exists). */
YBP_FUNC int ybp_source_of(ybp_load *L, json_t *obj);
YBP_FUNC const char *ybp_str(ybp_load *L, json_t *v, const char *what);
YBP_FUNC int ybp_scalar(ybp_load *L, json_t *v, int vt, int64_t *out);
/* A value of kind vt (or a selector of such values, or {"value": …, "source": …}). */
YBP_FUNC ybp_node *ybp_value(ybp_load *L, json_t *v, int vt);
YBP_FUNC ybp_node *ybp_value_list(ybp_load *L, json_t *v, int elem_vt);
YBP_FUNC int ybp_when_parse(ybp_load *L, json_t *v, ybp_when *w);

/* Reads a date key of o: 0 with *out set (-1 when absent or null and `nullable`). */
YBP_FUNC int ybp_date_of(ybp_load *L, json_t *o, const char *key, int nullable, long *out);
/* A non-empty list of source ids into *out (allocated), the first becoming L->src. */
YBP_FUNC int ybp_sources_list(ybp_load *L, json_t *v, const ybp_source ***out, size_t *n);
/* Compiles an edition's `contribution` block and the table's `annual` entries (rules.c). */
YBP_FUNC int ybp_rates_parse(ybp_load *L, json_t *v, ybp_rates *r);
YBP_FUNC int ybp_annual_parse(ybp_load *L, json_t *v, ybp_annual *a);
YBP_FUNC int ybp_filing_check(ybp_load *L, json_t *v);

/* Compiles a benefit object (table.c); value.c calls it for benefit leaves. */
YBP_FUNC const ybp_benefit *ybp_benefit_parse(ybp_load *L, json_t *v);
YBP_FUNC const ybp_bands *ybp_bands_parse(ybp_load *L, json_t *v);

#endif
