/* SPDX-License-Identifier: MIT */
/*
** describe.c
** A region's table as its document states it (docs/cli.md § tables show): code, names,
** sources, and the editions and annual entries — all, or those in force on a date — each
** with the days it is in force, beside its document. Copies, never references: the
** document is shared by every thread, and Jansson's reference counts are not atomic.
*/
#include <string.h>

#include "out/out.h"

static json_t *day_or_null(long day)
{
    char d[11];
    if (day < 0) return json_null();
    ybp_date_format(day, d);
    return json_string(d);
}

int yb_tables_describe(char **out, const yb_tables *ts, const char *region, const char *date,
                       yb_error *err)
{
    const char *code;
    const ybp_table *t;
    long day = -1;
    json_t *o, *eds, *ann, *doc_eds, *doc_ann;
    YBP_BEGIN(err);
    if (out == NULL || ts == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_tables_describe: out and tables are required");
    *out = NULL;
    code = region ? yb_tables_resolve(ts, region) : NULL;
    t = code ? ybp_tables_find(ts, code) : NULL;
    if (t == NULL && region && !strcmp(region, "000000")) t = ts->national;
    if (t == NULL)
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "", "unknown region \"%s\" (see `yibao tables list`)",
                       region ? region : "");
    if (date && (day = ybp_date_parse(date)) < 0)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "\"%s\": expected a date YYYY-MM-DD", date);
    int fell;
    if (day >= 0 && ybp_edition_at(t, day, 0, &fell) == NULL) return ybp_err_out_of_range(err, t, NULL, day);
    o = json_object();
    json_object_set_new(o, "code", json_string(t->code));
    json_object_set_new(o, "name", json_string(t->region_name));
    json_object_set_new(o, "name_en", json_string(t->name_en));
    json_object_set_new(o, "file", json_string(t->name));
    json_object_set_new(o, "date", date ? json_string(date) : json_null());
    json_object_set_new(o, "sources", json_deep_copy(json_object_get(t->doc, "sources")));
    eds = json_array();
    doc_eds = json_object_get(t->doc, "editions");
    for (size_t k = 0; k < t->neditions; k++) {
        const ybp_edition *e = &t->editions[k];
        if (day >= 0 && !(day >= e->from && (e->end < 0 || day <= e->end))) continue;
        json_t *x = json_object();
        json_object_set_new(x, "index", json_integer(e->index));
        json_object_set_new(x, "from", day_or_null(e->from));
        json_object_set_new(x, "end", day_or_null(e->end));
        json_object_set_new(x, "document", json_deep_copy(json_array_get(doc_eds, (size_t)e->index)));
        json_array_append_new(eds, x);
    }
    json_object_set_new(o, "editions", eds);
    ann = json_array();
    doc_ann = json_object_get(t->doc, "annual");
    for (size_t k = 0; k < t->nannual; k++) {
        const ybp_annual *a = &t->annual[k];
        if (day >= 0 && !(day >= a->from && day <= a->to)) continue;
        json_t *x = json_object();
        json_object_set_new(x, "index", json_integer(a->index));
        json_object_set_new(x, "from", day_or_null(a->from));
        json_object_set_new(x, "to", day_or_null(a->to));
        json_object_set_new(x, "document", json_deep_copy(json_array_get(doc_ann, (size_t)a->index)));
        json_array_append_new(ann, x);
    }
    json_object_set_new(o, "annual", ann);
    *out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? 0 : ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
}
