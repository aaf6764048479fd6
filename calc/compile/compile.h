/* SPDX-License-Identifier: MIT */
/*
** compile.h
** The table compiler: JSON documents in, the immutable model out (model/model.h). The
** loader's context tracks the JSON Pointer of the value being read, so every message can
** say where, and the nearest "source", so every compiled value knows whom to cite.
**   load.c     the context: paths, messages, keys, sources, dates, open names
**   value.c    values, selectors, bands and benefits (their grammars recurse)
**   table.c    one document: region, sources, editions, schemes, layers, adjustments
**   rules.c    contribution rates, annual figures, filing rules
**   tableset.c table sets: a directory, texts in memory, the embedded set
*/
#ifndef YBP_COMPILE_H
#define YBP_COMPILE_H

#include "model/model.h"

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
YBP_FUNC int ybp_names_keep(ybp_load *L, ybp_table *t);
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
/* Reads optional key of o as a value of kind vt into *out (left NULL when absent). */
YBP_FUNC int ybp_opt(ybp_load *L, json_t *o, const char *key, int vt, ybp_node **out);
/* A scope key ("admission"/"year", or "visit"/"year" with allow_visit) into *out. */
YBP_FUNC int ybp_scope(ybp_load *L, json_t *o, const char *key, int allow_visit, int *out);
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

/* Compiles a benefit object and a list of bands (value.c: their grammar recurses with the
   values'). */
YBP_FUNC const ybp_benefit *ybp_benefit_parse(ybp_load *L, json_t *v);
YBP_FUNC const ybp_bands *ybp_bands_parse(ybp_load *L, json_t *v);
/* Loads one document into `t` (table.c). */
/* The warning each unverified source of t puts on a result (once t has its final name). */
YBP_FUNC int ybp_source_warnings(ybp_table *t, ybp_arena *a);
YBP_FUNC int ybp_table_load(ybp_table *t, ybp_arena *a, const char *text, size_t len,
                            const char *name, yb_error *err);

/* The embedded table set (generated at build time by cmake/embed.cmake). */
typedef struct ybp_embedded {
    const char *name;
    const char *text;
    size_t len;
    /* read by the build from the table's region, so regions resolve without parsing */
    const char *code, *region_name, *name_en, *aliases; /* aliases: "a|b|" */
} ybp_embedded;
YBP_FUNC const ybp_embedded ybp_embedded_tables[];
YBP_FUNC const size_t ybp_embedded_count;
YBP_FUNC const char ybp_embedded_digest[]; /* hex SHA-256 of the manifest (tableset.c) */

#endif
