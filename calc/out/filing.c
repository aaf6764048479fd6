/* SPDX-License-Identifier: MIT */
/*
** filing.c
** Whether a trip needs a filing (异地就医备案), which kind, how long it lasts, how to file
** and what to bring (docs/cli.md § filing): the rules in force on the day — national.json's
** defaults (医保发〔2022〕22号), then what the insured region publishes differently.
**
** Example: 宁波 → 上海 for a referral is cross-province (the first two digits differ), so
** direct settlement needs a filing of the temporary category (临时外出就医), valid at least
** six months; an emergency is treated as filed (视同已备案).
*/
#include <string.h>

#include "out/out.h"

/*
** The filing rules in force: national defaults, then the insured region's overrides (its
** categories merged key by key). A table with no edition in force on the day is refused
** like everywhere else, unless lenient. Copies only: the documents are shared.
*/
static json_t *rules(const yb_tables *ts, const ybp_table *ins, long day, int lenient,
                     int *fell, yb_error *err)
{
    json_t *r = json_object();
    const ybp_table *src[2] = {ts->national, ins};
    *fell = 0;
    for (int i = 0; i < 2; i++) {
        int f = 0;
        const ybp_edition *e = src[i] ? ybp_edition_at(src[i], day, lenient, &f) : NULL;
        const char *k;
        json_t *v;
        if (src[i] && e == NULL) {
            ybp_err_out_of_range(err, src[i], NULL, day);
            json_decref(r);
            return NULL;
        }
        *fell |= f;
        if (e == NULL || e->filing == NULL) continue;
        json_object_foreach(e->filing, k, v) {
            json_t *copy = json_deep_copy(v);
            if (!strcmp(k, "categories") && json_is_object(json_object_get(r, k))) {
                json_t *c = json_deep_copy(json_object_get(r, k));
                json_object_update(c, copy);
                json_decref(copy);
                copy = c;
            }
            json_object_set_new(r, k, copy);
        }
        json_object_set_new(r, i ? "region_table" : "national_table", json_string(src[i]->name));
    }
    return r;
}

/* Every "source" the rules name, found in the national table or the insured region's. */
static void sources_of(json_t *v, const yb_tables *ts, const ybp_table *ins, const ybp_source **used,
                       size_t *n, size_t max)
{
    const char *k;
    json_t *x;
    size_t i;
    if (json_is_object(v)) {
        json_object_foreach(v, k, x) {
            if (!strcmp(k, "cites")) {
                json_t *id;
                const char *part;
                json_object_foreach(x, part, id) {
                    json_t *one = json_object();
                    json_object_set(one, "source", id);
                    sources_of(one, ts, ins, used, n, max);
                    json_decref(one);
                }
            } else if (!strcmp(k, "source") && json_is_string(x)) {
                const ybp_source *s = ybp_source_find(ts->national, json_string_value(x));
                if (s == NULL && ins) s = ybp_source_find(ins, json_string_value(x));
                for (i = 0; s && i < *n && used[i] != s; i++) {}
                if (s && i == *n && *n < max) used[(*n)++] = s;
            } else {
                sources_of(x, ts, ins, used, n, max);
            }
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, x) sources_of(x, ts, ins, used, n, max);
    }
}

/* How far to trust the rules, as a result's `trust`: the weakest reliability among the
   sources they cite and the newest day one was checked. */
static json_t *trust(json_t *fr, const yb_tables *ts, const ybp_table *ins)
{
    const ybp_source *used[32];
    size_t n = 0;
    int worst = -1;
    long checked = -1;
    char d[11];
    sources_of(fr, ts, ins, used, &n, 32);
    json_t *o = json_object(), *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *one = json_object();
        if (used[i]->rel > worst) worst = used[i]->rel;
        if (used[i]->checked > checked) checked = used[i]->checked;
        json_object_set_new(one, "id", json_string(used[i]->id));
        json_object_set_new(one, "table", json_string(used[i]->table->name));
        json_object_set_new(one, "reliability", json_string(ybp_rel_names[used[i]->rel]));
        ybp_date_format(used[i]->checked, d);
        json_object_set_new(one, "checked", json_string(d));
        json_array_append_new(list, one);
    }
    json_object_set_new(o, "reliability", worst >= 0 ? json_string(ybp_rel_names[worst]) : json_null());
    if (checked >= 0) ybp_date_format(checked, d);
    json_object_set_new(o, "checked", checked >= 0 ? json_string(d) : json_null());
    json_object_set_new(o, "sources", list);
    return o;
}

int yb_filing_json(char **out, const yb_tables *ts, const char *insured, const char *treated,
                   const char *reason, const char *date, const yb_options *opt, yb_error *err)
{
    static const char *const reasons[] = {"referral", "emergency", "long_term", "other", NULL};
    const char *ic, *tc;
    long day;
    int ok = 0, fell;
    YBP_BEGIN(err);
    if (out == NULL || ts == NULL || insured == NULL || treated == NULL || date == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_filing_json: out, tables, insured, "
                       "treated and date are required");
    *out = NULL;
    if (ybp_options_check(opt, err)) return YB_EUSAGE;
    if (reason == NULL) reason = "other";
    for (const char *const *r = reasons; *r; r++) ok |= !strcmp(*r, reason);
    if (!ok)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "/reason", "\"%s\": expected referral, emergency, "
                       "long_term or other", reason);
    if ((day = ybp_date_parse(date)) < 0)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "/date", "\"%s\": expected a date YYYY-MM-DD", date);
    if ((ic = yb_tables_resolve(ts, insured)) == NULL)
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "/insured", "unknown insured region \"%s\" (see "
                       "`yibao tables list`)", insured);
    if ((tc = ybp_treated_code(ts, treated)) == NULL) /* 温州 has no table: 330300 */
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "/treated", "未知或不唯一的就医地「%s」：请给出地名或 "
                       "6 位代码 / unknown or ambiguous region of treatment \"%s\": give its name "
                       "or 6-digit code", treated, treated);
    int place = !strcmp(ic, tc) ? YBP_LOCAL : !strncmp(ic, tc, 2) ? YBP_IN_PROVINCE : YBP_CROSS_PROVINCE;
    json_t *fr = rules(ts, ybp_tables_find(ts, ic), day, opt && opt->lenient, &fell, err);
    if (fr == NULL) return err && err->code ? err->code : YB_ETABLE;
    /* reason → the claim's filing value and the category it falls in */
    const char *filing = !strcmp(reason, "long_term") ? "long_term" : !strcmp(reason, "other") ? "temporary" : reason;
    const char *category = !strcmp(reason, "long_term") ? "long_term" : "temporary";
    json_t *cats = json_object_get(fr, "categories");
    int needed = place != YBP_LOCAL &&
                 !json_is_false(json_object_get(json_object_get(cats, reason), "filing_needed"));
    json_t *o = json_object();
    json_object_set_new(o, "format", json_string("yibao-filing/1"));
    json_object_set_new(o, "insured", json_string(ic));
    json_object_set_new(o, "treated", json_string(tc));
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "place", json_string(ybp_place_names[place]));
    json_object_set_new(o, "reason", json_string(reason));
    json_object_set_new(o, "filing", json_string(place == YBP_LOCAL ? "local" : filing));
    json_object_set_new(o, "filing_needed", json_boolean(needed));
    json_object_set_new(o, "category", place != YBP_LOCAL ? json_string(category) : json_null());
    json_object_set_new(o, "lenient", json_boolean(fell));
    json_object_set_new(o, "trust", trust(fr, ts, ybp_tables_find(ts, ic)));
    json_object_set_new(o, "rules", fr);
    *out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? 0 : ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
}
