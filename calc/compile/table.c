/* SPDX-License-Identifier: MIT */
/*
** table.c
** One yibao-table/2 document (docs/tables.md) compiled into a ybp_table: region, sources,
** dated editions, schemes with benefits by setting, layers, personal account, adjustments,
** contributions and filing rules. Everything is validated here, once, strictly: unknown or
** duplicate keys, JSON numbers for decimals, ratios outside [0, 1], negative amounts, bands
** out of order, overlapping or inverted editions and unknown source ids are load errors
** reported as file:line:column: /json/pointer: message.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/compile.h"

/* {=== Layers, account, adjustments */

static int cats(ybp_load *L, json_t *v, int *out, int *n)
{
    if (!json_is_array(v) || json_array_size(v) == 0)
        return ybp_fail(L, "expected a list of categories (preselfpay, deductible, copay, "
                           "over_cap, overlmt, fulamt)");
    *n = 0;
    for (size_t i = 0; i < json_array_size(v); i++) {
        const char *c = json_string_value(json_array_get(v, i));
        int k;
        size_t s = ybp_pushi(L, i);
        for (k = 0; c && k < YBP_NCAT && strcmp(ybp_cat_names[k], c); k++) {}
        if (c == NULL || k == YBP_NCAT)
            return ybp_fail(L, "unknown category (expected preselfpay, deductible, copay, "
                               "over_cap, overlmt or fulamt)");
        for (int j = 0; j < *n; j++)
            if (out[j] == k) return ybp_fail(L, "category \"%s\" listed twice", c);
        out[(*n)++] = k;
        ybp_pop(L, s);
    }
    return 0;
}

static int layer(ybp_load *L, json_t *v, ybp_layer *y)
{
    static const char *const k[] = {"id", "fund", "name", "when", "scope", "basis",
                                    "deductible", "band_axis", "bands", "cap", "source",
                                    "notes", NULL};
    json_t *x;
    const ybp_source *saved_src = L->src;
    if (!json_is_object(v)) return ybp_fail(L, "expected a layer object");
    if (ybp_keys(L, v, k) || ybp_source_of(L, v)) return -1;
    y->path = ybp_strdup(L->a, L->path);
    y->src = L->src;
    size_t s = ybp_push(L, "fund");
    x = json_object_get(v, "fund");
    for (y->fund = 1; json_is_string(x) && y->fund < YBP_NFUND &&
                      strcmp(ybp_fund_names[y->fund], json_string_value(x));
         y->fund++) {}
    if (!json_is_string(x) || y->fund == YBP_NFUND)
        return ybp_fail(L, "expected a fund: hifob, hifmi, cvlserv, maf, hifes or oth");
    ybp_pop(L, s);
    y->id = ybp_fund_names[y->fund];
    if ((x = json_object_get(v, "id")) != NULL) {
        s = ybp_push(L, "id");
        if ((y->id = ybp_str(L, x, "a layer id")) == NULL) return -1;
        ybp_pop(L, s);
    }
    y->name = "";
    if ((x = json_object_get(v, "name")) != NULL) {
        s = ybp_push(L, "name");
        if ((y->name = ybp_str(L, x, "a name")) == NULL) return -1;
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "when")) != NULL) {
        s = ybp_push(L, "when");
        if (ybp_when_parse(L, x, &y->when)) return -1;
        y->has_when = 1;
        ybp_pop(L, s);
    }
    y->scope = YBP_SCOPE_YEAR;
    if (ybp_scope(L, v, "scope", 1, &y->scope)) return -1;
    s = ybp_push(L, "basis");
    if (cats(L, json_object_get(v, "basis"), y->basis, &y->ncat)) return -1;
    ybp_pop(L, s);
    if ((x = json_object_get(v, "band_axis")) != NULL) {
        s = ybp_push(L, "band_axis");
        const char *a = json_is_string(x) ? json_string_value(x) : "";
        if (!strcmp(a, "above_deductible")) y->above_deductible = 1;
        else if (strcmp(a, "gross")) return ybp_fail(L, "expected \"gross\" or \"above_deductible\"");
        ybp_pop(L, s);
    }
    if (ybp_opt(L, v, "deductible", YBP_V_AMOUNT, &y->deductible) ||
        ybp_opt(L, v, "bands", YBP_V_BANDS, &y->bands) || ybp_opt(L, v, "cap", YBP_V_AMOUNT, &y->cap))
        return -1;
    if (y->bands == NULL) {
        s = ybp_push(L, "bands");
        return ybp_fail(L, "a layer needs bands (the share it pays)");
    }
    L->src = saved_src;
    return 0;
}

static int account(ybp_load *L, json_t *v, ybp_scheme *sc)
{
    static const char *const k[] = {"pays", "family_pays", "source", "notes", NULL};
    int c[YBP_NCAT], n;
    const ybp_source *saved_src = L->src;
    if (!json_is_object(v)) return ybp_fail(L, "expected {\"pays\": [categories]}");
    if (ybp_keys(L, v, k) || ybp_source_of(L, v)) return -1;
    size_t s = ybp_push(L, "pays");
    if (cats(L, json_object_get(v, "pays"), c, &n)) return -1;
    ybp_pop(L, s);
    for (int i = 0; i < n; i++) sc->account_pays[c[i]] = 1;
    if (json_object_get(v, "family_pays")) {
        s = ybp_push(L, "family_pays");
        if (cats(L, json_object_get(v, "family_pays"), c, &n)) return -1;
        ybp_pop(L, s);
        for (int i = 0; i < n; i++) sc->family_pays[c[i]] = 1;
    }
    sc->has_account = 1;
    sc->account_path = ybp_strdup(L->a, L->path);
    sc->account_src = L->src;
    L->src = saved_src;
    return 0;
}

static int adjustment(ybp_load *L, json_t *v, ybp_adjust *j)
{
    const char *key;
    json_t *x;
    const ybp_source *saved_src = L->src;
    if (!json_is_object(v)) return ybp_fail(L, "expected an adjustment object");
    if (ybp_source_of(L, v)) return -1;
    j->path = ybp_strdup(L->a, L->path);
    j->src = L->src;
    json_object_foreach(v, key, x) {
        int op;
        size_t s = ybp_push(L, key);
        if (!strcmp(key, "source")) {
            ybp_pop(L, s);
            continue;
        }
        if (!strcmp(key, "notes")) {
            if (!json_is_string(x)) return ybp_fail(L, "expected a string");
            j->note = ybp_strdup(L->a, json_string_value(x));
        } else if (!strcmp(key, "when")) {
            if (ybp_when_parse(L, x, &j->when)) return -1;
            j->names_place = j->when.n[YBP_W_PLACE] > 0;
        } else {
            for (op = 0; op < YBP_NOP && strcmp(ybp_op_names[op], key); op++) {}
            if (op == YBP_NOP) return ybp_fail(L, "unknown key \"%s\" (not an operation)", key);
            j->has[op] = 1;
            if (op == YBP_OP_NOT_COVERED) {
                if (!json_is_true(x)) return ybp_fail(L, "expected true");
            } else if (op == YBP_OP_DEDUCTIBLE_PCT) {
                static const char *const pk[] = {"pct", "min", "max", NULL};
                if (!json_is_object(x) || ybp_keys(L, x, pk))
                    return json_is_object(x) ? -1
                                             : ybp_fail(L, "expected {\"pct\", \"min\", \"max\"}");
                size_t s2 = ybp_push(L, "pct");
                if (ybp_scalar(L, json_object_get(x, "pct"), YBP_V_RATIO, &j->arg[op]))
                    return -1;
                ybp_pop(L, s2);
                if (json_object_get(x, "min")) {
                    s2 = ybp_push(L, "min");
                    if (ybp_scalar(L, json_object_get(x, "min"), YBP_V_AMOUNT, &j->pct_min))
                        return -1;
                    j->has_pct_min = 1;
                    ybp_pop(L, s2);
                }
                if (json_object_get(x, "max")) {
                    s2 = ybp_push(L, "max");
                    if (ybp_scalar(L, json_object_get(x, "max"), YBP_V_AMOUNT, &j->pct_max))
                        return -1;
                    j->has_pct_max = 1;
                    ybp_pop(L, s2);
                }
            } else {
                int vt = op == YBP_OP_DEDUCTIBLE_SET ? YBP_V_AMOUNT
                         : (op == YBP_OP_RATIO_TIMES || op == YBP_OP_SELFSHARE_TIMES ||
                            op == YBP_OP_DEDUCTIBLE_TIMES)
                             ? YBP_V_FACTOR
                             : YBP_V_RATIO;
                if (ybp_scalar(L, x, vt, &j->arg[op])) return -1;
            }
        }
        ybp_pop(L, s);
    }
    if (json_object_get(v, "when") == NULL) {
        ybp_push(L, "when");
        return ybp_fail(L, "an adjustment needs \"when\" (the visits it applies to)");
    }
    L->src = saved_src;
    return 0;
}

/* }=== */

/* {=== Schemes and editions */

/*
** {"not_covered": true, "source": "id", "notes": "…"}: the table states, citing a source,
** that the region pays nothing here (for a setting) or has no such fund (for layers).
*/
static int none_of(ybp_load *L, json_t *v, ybp_none *n)
{
    static const char *const k[] = {"not_covered", "source", "notes", NULL};
    const ybp_source *saved = L->src;
    if (ybp_keys(L, v, k) || ybp_source_of(L, v)) return -1;
    if (!json_is_true(json_object_get(v, "not_covered")))
        return ybp_push(L, "not_covered"), ybp_fail(L, "expected true");
    if (json_object_get(v, "source") == NULL)
        return ybp_fail(L, "\"not covered\" is a statement of the rules: cite it with "
                           "\"source\" (a setting the table knows nothing of is left out)");
    n->declared = 1;
    n->path = ybp_strdup(L->a, L->path);
    n->src = L->src;
    if (json_is_string(json_object_get(v, "notes")))
        n->note = ybp_strdup(L->a, json_string_value(json_object_get(v, "notes")));
    L->src = saved;
    return 0;
}

static int is_none(json_t *v) { return json_is_object(v) && json_object_get(v, "not_covered"); }

static int scheme(ybp_load *L, json_t *v, ybp_scheme *sc)
{
    static const char *const k[] = {"inpatient", "outpatient", "chronic", "layers", "account",
                                    "source", "notes", NULL};
    const ybp_source *saved_src = L->src;
    json_t *x;
    if (!json_is_object(v)) return ybp_fail(L, "expected a scheme object");
    if (ybp_keys(L, v, k) || ybp_source_of(L, v)) return -1;
    sc->present = 1;
    for (int s = 0; s < YBP_NSETTING; s++) {
        json_t *b = json_object_get(v, ybp_setting_names[s]);
        if (is_none(b)) {
            size_t s2 = ybp_push(L, ybp_setting_names[s]);
            if (none_of(L, b, &sc->not_covered[s])) return -1;
            ybp_pop(L, s2);
        } else if (ybp_opt(L, v, ybp_setting_names[s], YBP_V_BENEFIT, &sc->benefit[s])) {
            return -1;
        }
    }
    if ((x = json_object_get(v, "layers")) != NULL) {
        size_t s = ybp_push(L, "layers");
        if (is_none(x)) {
            if (none_of(L, x, &sc->no_layers)) return -1;
            x = NULL;
        } else if (!json_is_array(x) || json_array_size(x) == 0) {
            return ybp_fail(L, "expected a list of layers, or {\"not_covered\": true, \"source\": …} "
                               "when a source says the scheme has none");
        }
        sc->nlayers = x ? json_array_size(x) : 0;
        if (sc->nlayers > 16) /* the year ledger keeps at most 16 layers */
            return ybp_fail(L, "%zu layers: at most 16 are supported", sc->nlayers);
        sc->layers = ybp_alloc(L->a, (sc->nlayers + 1) * sizeof *sc->layers);
        for (size_t i = 0; i < sc->nlayers; i++) {
            size_t s2 = ybp_pushi(L, i);
            if (layer(L, json_array_get(x, i), &sc->layers[i])) return -1;
            for (size_t j = 0; j < i; j++)
                if (!strcmp(sc->layers[j].id, sc->layers[i].id))
                    return ybp_fail(L, "two layers share the id \"%s\": give each an \"id\"",
                                    sc->layers[i].id);
            ybp_pop(L, s2);
        }
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "account")) != NULL) {
        size_t s = ybp_push(L, "account");
        if (account(L, x, sc)) return -1;
        ybp_pop(L, s);
    }
    L->src = saved_src;
    return 0;
}

static int rounding(ybp_load *L, json_t *v, ybp_edition *e)
{
    static const char *const k[] = {"unit", "mode", "at", "source", "notes", NULL};
    json_t *x;
    if (!json_is_object(v) || ybp_keys(L, v, k))
        return json_is_object(v) ? -1 : ybp_fail(L, "expected {\"unit\", \"mode\", \"at\"}");
    if ((x = json_object_get(v, "unit")) != NULL) {
        size_t s = ybp_push(L, "unit");
        if (!json_is_string(x) || strcmp(json_string_value(x), "0.01"))
            return ybp_fail(L, "only \"0.01\" (the fen) is supported as a rounding unit");
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "mode")) != NULL) {
        size_t s = ybp_push(L, "mode");
        const char *m = json_is_string(x) ? json_string_value(x) : "";
        if (!strcmp(m, "half_up")) e->round_mode = YBP_HALF_UP;
        else if (!strcmp(m, "half_even")) e->round_mode = YBP_HALF_EVEN;
        else if (!strcmp(m, "down")) e->round_mode = YBP_DOWN;
        else return ybp_fail(L, "expected \"half_up\", \"half_even\" or \"down\"");
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "at")) != NULL) {
        size_t s = ybp_push(L, "at");
        const char *m = json_is_string(x) ? json_string_value(x) : "";
        if (!strcmp(m, "band")) e->round_at_band = 1;
        else if (strcmp(m, "fund")) return ybp_fail(L, "expected \"fund\" or \"band\"");
        ybp_pop(L, s);
    }
    return 0;
}

static int edition(ybp_load *L, json_t *v, ybp_edition *e, size_t index)
{
    static const char *const k[] = {"from", "to", "ended_by", "reviewed", "sources",
                                    "rounding", "catalog", "schemes", "adjustments",
                                    "contribution", "filing", "notes", NULL};
    json_t *x;
    if (!json_is_object(v)) return ybp_fail(L, "expected an edition object");
    if (ybp_keys(L, v, k)) return -1;
    e->index = (int)index;
    e->path = ybp_strdup(L->a, L->path);
    if (ybp_date_of(L, v, "from", 0, &e->from) || ybp_date_of(L, v, "to", 1, &e->to) ||
        ybp_date_of(L, v, "reviewed", 1, &e->reviewed))
        return -1;
    /* An edition stays in force until a document replaces or ends it: `to` is only for the
       latter, and names the document (docs/tables.md § Editions). */
    if ((e->to >= 0) != (json_object_get(v, "ended_by") != NULL)) {
        ybp_push(L, e->to >= 0 ? "to" : "ended_by");
        return ybp_fail(L, e->to >= 0
                               ? "\"to\" needs \"ended_by\": the source id of the document that "
                                 "ends these rules (a year ending does not; a later edition "
                                 "replaces an earlier one by itself)"
                               : "\"ended_by\" goes with \"to\", the last day in force");
    }
    if (e->to >= 0) {
        size_t s = ybp_push(L, "ended_by");
        const char *id = json_string_value(json_object_get(v, "ended_by"));
        if (id == NULL || (e->ended_by = ybp_source_find(L->t, id)) == NULL)
            return ybp_fail(L, "expected the id of a source in /sources");
        ybp_pop(L, s);
        if (e->to < e->from) {
            ybp_push(L, "to");
            return ybp_fail(L, "edition ends before it starts");
        }
    }
    size_t s = ybp_push(L, "sources");
    if (ybp_sources_list(L, json_object_get(v, "sources"), &e->sources, &e->nsources)) return -1;
    ybp_pop(L, s);
    e->round_mode = YBP_HALF_UP;
    if ((x = json_object_get(v, "rounding")) != NULL) {
        s = ybp_push(L, "rounding");
        if (rounding(L, x, e)) return -1;
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "catalog")) != NULL) {
        static const char *const ck[] = {"class_b_selfpay", "source", "notes", NULL};
        const ybp_source *saved_src = L->src;
        s = ybp_push(L, "catalog");
        if (!json_is_object(x)) return ybp_fail(L, "expected {\"class_b_selfpay\": …}");
        if (ybp_keys(L, x, ck) || ybp_source_of(L, x) ||
            ybp_opt(L, x, "class_b_selfpay", YBP_V_RATIO, &e->class_b_selfpay))
            return -1;
        L->src = saved_src;
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "schemes")) != NULL) {
        static const char *const sk[] = {"employee", "resident", NULL};
        s = ybp_push(L, "schemes");
        if (!json_is_object(x)) return ybp_fail(L, "expected {\"employee\": …, \"resident\": …}");
        if (ybp_keys(L, x, sk)) return -1;
        for (int i = 0; i < YBP_NSCHEME; i++) {
            json_t *y = json_object_get(x, ybp_scheme_names[i]);
            if (y == NULL) continue;
            size_t s2 = ybp_push(L, ybp_scheme_names[i]);
            if (scheme(L, y, &e->scheme[i])) return -1;
            ybp_pop(L, s2);
        }
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "adjustments")) != NULL) {
        s = ybp_push(L, "adjustments");
        if (!json_is_array(x)) return ybp_fail(L, "expected a list of adjustments");
        e->nadjust = json_array_size(x);
        e->adjust = ybp_alloc(L->a, (e->nadjust + 1) * sizeof *e->adjust);
        for (size_t i = 0; i < e->nadjust; i++) {
            size_t s2 = ybp_pushi(L, i);
            if (adjustment(L, json_array_get(x, i), &e->adjust[i])) return -1;
            ybp_pop(L, s2);
        }
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "contribution")) != NULL) {
        s = ybp_push(L, "contribution");
        if (ybp_rates_parse(L, x, &e->rates)) return -1;
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "filing")) != NULL) {
        s = ybp_push(L, "filing");
        if (ybp_filing_check(L, x)) return -1;
        e->filing = x;
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "notes")) != NULL && !json_is_string(x) && !json_is_array(x)) {
        ybp_push(L, "notes");
        return ybp_fail(L, "expected a string or a list of strings");
    }
    return 0;
}

/* }=== */

/* {=== The document */

static int sources(ybp_load *L, json_t *v)
{
    static const char *const k[] = {"title", "doc_no", "url", "published", "checked",
                                    "reliability", "notes", NULL};
    const char *id;
    json_t *x;
    size_t i = 0;
    if (!json_is_object(v) || json_object_size(v) == 0)
        return ybp_fail(L, "expected an object of sources {\"id\": {\"title\", \"url\", …}}");
    L->t->nsources = json_object_size(v);
    L->t->sources = ybp_alloc(L->a, L->t->nsources * sizeof *L->t->sources);
    json_object_foreach(v, id, x) {
        ybp_source *s = &L->t->sources[i++];
        size_t sv = ybp_push(L, id);
        if (!json_is_object(x)) return ybp_fail(L, "expected a source object");
        if (ybp_keys(L, x, k)) return -1;
        s->id = ybp_strdup(L->a, id);
        s->table = L->t;
        for (const char *const *f = k; *f; f++) {
            json_t *y = json_object_get(x, *f);
            size_t s2 = ybp_push(L, *f);
            if (y && !json_is_string(y) && !(json_is_null(y) && !strcmp(*f, "published")))
                return ybp_fail(L, "expected a string");
            ybp_pop(L, s2);
        }
        s->title = json_string_value(json_object_get(x, "title"));
        s->url = json_string_value(json_object_get(x, "url"));
        s->doc_no = json_string_value(json_object_get(x, "doc_no"));
        if (s->title == NULL) return ybp_fail(L, "a source needs a \"title\"");
        if (s->url == NULL && s->doc_no == NULL)
            return ybp_fail(L, "a source needs a \"url\" or a \"doc_no\"");
        /* `checked` is required: every answer says how fresh its figures are. */
        if (ybp_date_of(L, x, "checked", 0, &s->checked) ||
            ybp_date_of(L, x, "published", 1, &s->published))
            return -1;
        ybp_date_format(s->checked, s->checked_text);
        const char *rel = json_string_value(json_object_get(x, "reliability"));
        size_t s2 = ybp_push(L, "reliability");
        for (s->rel = 0; rel && s->rel < YBP_NREL && strcmp(rel, ybp_rel_names[s->rel]); s->rel++) {}
        if (rel == NULL || s->rel == YBP_NREL)
            return ybp_fail(L, "expected \"official\", \"third-party\" or \"unverified\"");
        ybp_pop(L, s2);
        s->title = ybp_strdup(L->a, s->title);
        if (s->url) s->url = ybp_strdup(L->a, s->url);
        if (s->doc_no) s->doc_no = ybp_strdup(L->a, s->doc_no);
        ybp_pop(L, sv);
    }
    return 0;
}

int ybp_source_warnings(ybp_table *t, ybp_arena *a)
{
    for (size_t i = 0; i < t->nsources; i++) {
        ybp_source *s = &t->sources[i];
        char buf[YBP_WARN_SIZE];
        if (s->rel != YBP_REL_UNVERIFIED) continue;
        snprintf(buf, sizeof buf, "未经核实：%s 的参数来自未经核实的来源「%s」（%s），估算仅供参考 / "
                                  "unverified: %s uses source \"%s\", which could not be verified",
                 t->name, s->id, s->title, t->name, s->id);
        ybp_utf8_trim(buf);
        if ((s->warning = ybp_strdup(a, buf)) == NULL) return -1;
    }
    return 0;
}

static int region(ybp_load *L, json_t *v)
{
    static const char *const k[] = {"code", "name", "name_en", "province", "aliases", NULL};
    json_t *x;
    ybp_table *t = L->t;
    if (!json_is_object(v)) return ybp_fail(L, "expected {\"code\", \"name\", …}");
    if (ybp_keys(L, v, k)) return -1;
    size_t s = ybp_push(L, "code");
    x = json_object_get(v, "code");
    if (!json_is_string(x) || strlen(json_string_value(x)) != 6 ||
        strspn(json_string_value(x), "0123456789") != 6)
        return ybp_fail(L, "expected a 6-digit administrative division code (GB/T 2260)");
    t->code = ybp_strdup(L->a, json_string_value(x));
    t->national = !strcmp(t->code, "000000");
    ybp_pop(L, s);
    s = ybp_push(L, "name");
    if ((t->region_name = ybp_str(L, json_object_get(v, "name"), "the region's name")) == NULL)
        return -1;
    ybp_pop(L, s);
    t->name_en = t->province = "";
    if ((x = json_object_get(v, "name_en")) != NULL) {
        s = ybp_push(L, "name_en");
        if ((t->name_en = ybp_str(L, x, "an English name")) == NULL) return -1;
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "province")) != NULL) {
        s = ybp_push(L, "province");
        if (!json_is_string(x) || strlen(json_string_value(x)) != 6)
            return ybp_fail(L, "expected a 6-digit province code");
        t->province = ybp_strdup(L->a, json_string_value(x));
        ybp_pop(L, s);
    }
    if ((x = json_object_get(v, "aliases")) != NULL) {
        s = ybp_push(L, "aliases");
        if (!json_is_array(x)) return ybp_fail(L, "expected a list of strings");
        t->naliases = json_array_size(x);
        t->aliases = ybp_alloc(L->a, (t->naliases + 1) * sizeof *t->aliases);
        for (size_t i = 0; i < t->naliases; i++) {
            size_t s2 = ybp_pushi(L, i);
            if ((t->aliases[i] = ybp_str(L, json_array_get(x, i), "an alias")) == NULL) return -1;
            ybp_pop(L, s2);
        }
        ybp_pop(L, s);
    }
    return 0;
}

/* Editions and annual entries are kept in date order; an edition ends where the next one
   starts unless a document ended it earlier. Same-kind annual entries never overlap. */
static int by_from(const void *a, const void *b)
{
    const ybp_edition *x = a, *y = b;
    return (x->from > y->from) - (x->from < y->from);
}

static int by_from_annual(const void *a, const void *b)
{
    const ybp_annual *x = a, *y = b;
    return (x->from > y->from) - (x->from < y->from);
}

static int order(ybp_load *L)
{
    ybp_table *t = L->t;
    qsort(t->editions, t->neditions, sizeof *t->editions, by_from);
    for (size_t i = 0; i < t->neditions; i++) {
        ybp_edition *e = &t->editions[i], *next = i + 1 < t->neditions ? e + 1 : NULL;
        if (next && next->from == e->from) {
            char p[64];
            snprintf(p, sizeof p, "/editions/%d/from", next->index);
            return ybp_err(L->err, YB_ETABLE, L->name, 0, 0, p,
                           "two editions start on the same day (edition %d too)", e->index);
        }
        if (next && e->to >= next->from) {
            char p[64];
            snprintf(p, sizeof p, "/editions/%d/to", e->index);
            return ybp_err(L->err, YB_ETABLE, L->name, 0, 0, p,
                           "edition overlaps edition %d, which starts before this one ends",
                           next->index);
        }
        e->end = e->to >= 0 ? e->to : next ? next->from - 1 : -1;
        memcpy(e->ref, t->code, 6); /* region() checked: six digits */
        e->ref[6] = '@';
        ybp_date_format(e->from, e->ref + 7);
    }
    if (t->nannual) qsort(t->annual, t->nannual, sizeof *t->annual, by_from_annual);
    for (size_t i = 0; i < t->nannual; i++)
        for (size_t j = i + 1; j < t->nannual && t->annual[j].from <= t->annual[i].to; j++)
            for (int k = 0; k < YBP_NKIND; k++)
                if (t->annual[i].has[k] && t->annual[j].has[k]) {
                    char p[64];
                    snprintf(p, sizeof p, "/annual/%d/from", t->annual[j].index);
                    return ybp_err(L->err, YB_ETABLE, L->name, 0, 0, p,
                                   "its %s figures overlap those of annual entry %d",
                                   ybp_kind_names[k], t->annual[i].index);
                }
    return 0;
}

int ybp_table_load(ybp_table *t, ybp_arena *a, const char *text, size_t len, const char *name,
                   yb_error *err)
{
    static const char *const k[] = {"format", "region", "sources", "editions", "annual",
                                    "notes", NULL};
    json_error_t je;
    json_t *doc, *x;
    ybp_load L = {a, err, t, name, "", 0, NULL, NULL, 0, 0};
    int rc = YB_ETABLE;
    t->name = ybp_strdup(a, name);
    char *copy = ybp_alloc(a, len + 1);
    if (copy) memcpy(copy, text, len), copy[len] = '\0';
    t->text = copy;
    t->len = copy ? len : 0;
    doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (doc == NULL)
        return ybp_err(err, YB_ETABLE, name, je.line, je.column, "", "invalid JSON: %s",
                       je.text);
    t->doc = doc;
    if (!json_is_object(doc)) {
        ybp_fail(&L, "expected a yibao-table/2 object");
        goto out;
    }
    if (ybp_keys(&L, doc, k)) goto out;
    x = json_object_get(doc, "format");
    if (!json_is_string(x) || strcmp(json_string_value(x), "yibao-table/2")) {
        ybp_push(&L, "format");
        ybp_fail(&L, json_is_string(x) && !strcmp(json_string_value(x), "yibao-table/1")
                         ? "a yibao-table/1 table: version 2 dates editions by legal validity and "
                           "keeps bases and premiums in \"annual\" (docs/tables.md)"
                         : "expected \"yibao-table/2\"");
        goto out;
    }
    size_t s = ybp_push(&L, "region");
    if (region(&L, json_object_get(doc, "region"))) goto out;
    ybp_pop(&L, s);
    s = ybp_push(&L, "sources");
    if (sources(&L, json_object_get(doc, "sources"))) goto out;
    ybp_pop(&L, s);
    s = ybp_push(&L, "editions");
    x = json_object_get(doc, "editions");
    if (!json_is_array(x) || json_array_size(x) == 0) {
        ybp_fail(&L, "expected a non-empty list of editions");
        goto out;
    }
    t->neditions = json_array_size(x);
    t->editions = ybp_alloc(a, t->neditions * sizeof *t->editions);
    for (size_t i = 0; i < t->neditions; i++) {
        size_t s2 = ybp_pushi(&L, i);
        if (edition(&L, json_array_get(x, i), &t->editions[i], i)) goto out;
        ybp_pop(&L, s2);
    }
    ybp_pop(&L, s);
    if ((x = json_object_get(doc, "annual")) != NULL) {
        s = ybp_push(&L, "annual");
        if (!json_is_array(x)) {
            ybp_fail(&L, "expected a list of annual entries");
            goto out;
        }
        t->nannual = json_array_size(x);
        t->annual = ybp_alloc(a, (t->nannual + 1) * sizeof *t->annual);
        for (size_t i = 0; i < t->nannual; i++) {
            size_t s2 = ybp_pushi(&L, i);
            t->annual[i].index = (int)i;
            if (ybp_annual_parse(&L, json_array_get(x, i), &t->annual[i])) goto out;
            ybp_pop(&L, s2);
        }
        ybp_pop(&L, s);
    }
    if (order(&L) || ybp_names_check(&L) || ybp_names_keep(&L, t)) goto out;
    rc = 0;
out:
    free(L.names);
    if (rc) ybp_err_locate(err, text, len);
    return rc;
}

/* }=== */
