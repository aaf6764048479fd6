/* SPDX-License-Identifier: MIT */
/*
** query.c
** What a settlement asks of the model: which table covers a region, which edition and
** which annual figures are in force on a day (and the one refusal when none is), which
** case a selector takes for a visit, whether a `when` filter matches it.
*/
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/model.h"

/* {=== Regions */

const char *yb_tables_digest(const yb_tables *ts) { return ts ? ts->digest : NULL; }

/* Regions, national.json excluded. */
size_t yb_tables_count(const yb_tables *ts) { return ts ? ts->n - (ts->national != NULL) : 0; }

const char *yb_tables_code(const yb_tables *ts, size_t i)
{
    return i < yb_tables_count(ts) ? ts->t[i]->code : NULL;
}

const char *yb_tables_name(const yb_tables *ts, const char *code)
{
    const ybp_table *t = ts && code ? ybp_tables_find(ts, code) : NULL;
    return t ? t->region_name : NULL;
}

const ybp_table *ybp_tables_find(const yb_tables *ts, const char *code)
{
    for (size_t i = 0; i < yb_tables_count(ts); i++)
        if (!strcmp(ts->t[i]->code, code)) return ts->t[i];
    return NULL;
}

/* "宁波市" and "宁波" name the same place: compare without a trailing 市/省. */
int ybp_same_name(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    static const char *const sfx[] = {"市", "省", NULL};
    for (const char *const *s = sfx; *s; s++) {
        size_t ls = strlen(*s);
        if (la > ls && !strcmp(a + la - ls, *s)) la -= ls;
        if (lb > ls && !strcmp(b + lb - ls, *s)) lb -= ls;
    }
    return la == lb && !strncmp(a, b, la);
}

const char *yb_tables_resolve(const yb_tables *ts, const char *r)
{
    size_t nreg = yb_tables_count(ts);
    const ybp_division *d;
    if (ts == NULL || r == NULL || *r == '\0') return NULL;
    if (strlen(r) == 6 && strspn(r, "0123456789") == 6) {
        char city[7] = "000000", prov[7] = "000000";
        memcpy(city, r, 4);
        memcpy(prov, r, 2);
        /* The pool that covers a code: itself, its city, else its province. */
        for (int pass = 0; pass < 3; pass++) {
            const ybp_table *t = ybp_tables_find(ts, pass == 0 ? r : pass == 1 ? city : prov);
            if (t) return t->code;
        }
        return NULL;
    }
    for (size_t i = 0; i < nreg; i++) {
        const ybp_table *t = ts->t[i];
        if (ybp_same_name(t->region_name, r) || !strcasecmp(t->name_en, r)) return t->code;
        for (size_t a = 0; a < t->naliases; a++)
            if (!strcasecmp(t->aliases[a], r) || ybp_same_name(t->aliases[a], r)) return t->code;
    }
    /* A place of China no table names (慈溪, 海曙区, 北京朝阳): the pool covering its code. */
    if (ybp_place_find(r, &d, 1) == 1) return yb_tables_resolve(ts, d->code);
    return NULL;
}

const char *ybp_treated_code(const yb_tables *ts, const char *r)
{
    const ybp_division *d;
    const char *code = yb_tables_resolve(ts, r);
    if (code || r == NULL) return code;
    if (strlen(r) == 6 && strspn(r, "0123456789") == 6) return r;
    return ybp_place_find(r, &d, 1) == 1 ? d->code : NULL;
}

const char *yb_place_name(const char *code)
{
    const ybp_division *d = ybp_place_by_code(code);
    return d ? d->name : NULL;
}
/* }=== */

/* {=== Editions, annual figures, sources */

const ybp_source *ybp_source_find(const ybp_table *t, const char *id)
{
    for (size_t i = 0; i < t->nsources; i++)
        if (t->sources[i].id && !strcmp(t->sources[i].id, id)) return &t->sources[i];
    return NULL;
}

const ybp_edition *ybp_edition_at(const ybp_table *t, long day, int lenient, int *fell_back)
{
    const ybp_edition *e = NULL;
    *fell_back = 0;
    /* The latest edition that has started; in force unless a document ended it. */
    for (size_t i = 0; i < t->neditions && t->editions[i].from <= day; i++) e = &t->editions[i];
    if (e && (e->end < 0 || day <= e->end)) return e;
    if (!lenient || t->neditions == 0) return NULL;
    *fell_back = 1;
    return e ? e : &t->editions[0];
}

const ybp_annual *ybp_annual_at(const ybp_table *t, int kind, long day, int lenient,
                                int *fell_back)
{
    const ybp_annual *before = NULL, *after = NULL;
    *fell_back = 0;
    for (size_t i = 0; i < t->nannual; i++) {
        const ybp_annual *a = &t->annual[i];
        if (!a->has[kind]) continue;
        if (a->from <= day && day <= a->to) return a;
        if (a->to < day) before = a;
        else if (after == NULL) after = a;
    }
    if (!lenient || (before == NULL && after == NULL)) return NULL;
    *fell_back = 1;
    return before ? before : after;
}

int ybp_err_out_of_range(yb_error *err, const ybp_table *t, const char *what, long day)
{
    char d[11], f[11], to[11] = "", zh[96] = "", en[96] = "";
    int fell, kind = -1;
    ybp_date_format(day, d);
    for (int k = 0; what && k < YBP_NKIND; k++)
        if (!strcmp(what, ybp_kind_names[k])) kind = k;
    if (kind >= 0) {
        static const char *const kzh[YBP_NKIND] = {"职工", "灵活就业", "城乡居民"};
        const ybp_annual *a = ybp_annual_at(t, kind, day, 1, &fell);
        if (a) {
            ybp_date_format(a->from, f), ybp_date_format(a->to, to);
            snprintf(zh, sizeof zh, "最近的一期为 %s 至 %s，", f, to);
            snprintf(en, sizeof en, "the nearest covers %s to %s; ", f, to);
        }
        ybp_err(err, YB_ENODATE, t->name, 0, 0, t->nannual ? "/annual" : "",
                "%s（%s）尚未收录 %s 适用的%s缴费数据；%s加 --lenient 可按最近一期估算。/ "
                "%s (%s) has no %s contribution figures for %s; %sadd --lenient to use "
                "the nearest.",
                t->region_name, t->code, d, kzh[kind], zh, t->region_name, t->code, what, d, en);
        ybp_err_locate(err, t->text, t->len);
        return YB_ENODATE;
    }
    const ybp_edition *e = ybp_edition_at(t, day, 1, &fell);
    if (e) {
        ybp_date_format(e->from, f);
        if (e->end >= 0) ybp_date_format(e->end, to);
        snprintf(zh, sizeof zh, "最近的版本自 %s 起施行%s%s，", f, e->end >= 0 ? "至 " : "", to);
        snprintf(en, sizeof en, "the nearest edition runs from %s%s%s; ", f,
                 e->end >= 0 ? " to " : "", to);
    }
    ybp_err(err, YB_ENODATE, t->name, 0, 0, "/editions",
            "%s（%s）在 %s 没有生效的政策版本；%s加 --lenient 可按最近版本估算。/ no edition "
            "of %s (%s) is in force on %s; %sadd --lenient to use the nearest.",
            t->region_name, t->code, d, zh, t->region_name, t->code, d, en);
    ybp_err_locate(err, t->text, t->len);
    return YB_ENODATE;
}
/* }=== */

/* {=== Selectors and filters */

/* Where the visit's value of a dimension comes from in a claim. */
static const char *const claim_path[YBP_NDIM] = {
    "/visit/level", "/insured/person", "/insured/tier", "/visit/admission", "/visit/region",
    "/insured/filing", "/visit/settlement", "/insured/group", "/insured/age"};

/*
** A selector with no case for this visit. When the visit lacks the value (no tier, no
** age) the claim is incomplete: the error names the claim's field (a front end maps it to
** its own flag) and what the table needs it for. When the value is one the table does not
** know, the error lists the ones it does.
*/
static const ybp_node *no_case(const ybp_node *n, const ybp_dims *d, const ybp_table *t,
                               yb_error *err)
{
    static const char *const zh[YBP_NDIM] = {"医院等级", "人员类别", "缴费档次", "住院次数",
                                              "就医地", "备案类型", "结算方式", "救助对象类别", "年龄"};
    static const char *const en[YBP_NDIM] = {
        "the hospital's level", "the insured's person type", "the contribution tier",
        "the admission", "the place", "the filing", "the settlement",
        "the insured's assistance group", "the insured's age"};
    const char *want = d->v[n->dim];
    char known[256] = "", known_zh[300] = "", adm[16];
    for (size_t i = 0; i < n->n && n->keys; i++) {
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "", n->keys[i]);
        snprintf(known_zh + strlen(known_zh), sizeof known_zh - strlen(known_zh), "%s%s", i ? "、" : "", n->keys[i]);
    }
    if ((n->dim == YBP_BY_AGE && d->age < 0) ||
        (n->dim != YBP_BY_AGE && n->dim != YBP_BY_ADMISSION && want == NULL)) {
        ybp_err(err, YB_ECLAIM, "", 0, 0, claim_path[n->dim],
                "%s（%s）的规则按%s区分，请提供%s%s%s / missing: %s's rules depend on %s%s%s%s "
                "(table %s#%s)",
                t->region_name, t->code, zh[n->dim], known[0] ? "（可选：" : "", known_zh,
                known[0] ? "）" : "", t->region_name, en[n->dim], known[0] ? " (one of: " : "", known,
                known[0] ? ")" : "", t->name, n->path);
        return NULL;
    }
    if (n->dim == YBP_BY_ADMISSION) snprintf(adm, sizeof adm, "%d", d->admission), want = adm;
    /* The visit's value is not one the table knows: the claim is where to change it. */
    ybp_err(err, YB_ECLAIM, "", 0, 0, claim_path[n->dim],
            "%s（%s）的规则没有%s「%s」%s%s%s / %s's rules have no case for %s \"%s\"%s%s%s "
            "(table %s#%s, no default)",
            t->region_name, t->code, zh[n->dim], want ? want : "", known[0] ? "，可选：" : "",
            known_zh, known[0] ? "" : "", t->region_name, en[n->dim], want ? want : "",
            known[0] ? " (one of: " : "", known, known[0] ? ")" : "", t->name, n->path);
    return NULL;
}

const ybp_node *ybp_resolve(const ybp_node *n, const ybp_dims *d, const ybp_table *t,
                            yb_error *err)
{
    while (n && n->select) {
        const ybp_node *next = NULL;
        if (n->dim == YBP_BY_AGE) {
            for (size_t i = 0; i < n->n && !next && d->age >= 0; i++)
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
        if (next == NULL && !(n->dim == YBP_BY_AGE && d->age < 0)) {
            next = n->dflt;
            int absent = n->dim != YBP_BY_AGE && n->dim != YBP_BY_ADMISSION && d->v[n->dim] == NULL;
            if (next && absent && d->defaulted) *d->defaulted |= 1u << n->dim;
        }
        if (next == NULL) return no_case(n, d, t, err);
        n = next;
    }
    return n;
}

const char *const ybp_std_person[7] = {"in_service", "retired", "adult", "child", "student",
                                       "elderly", NULL};
const char *const ybp_std_group[4] = {"low_income", "extreme_poverty", "major_disease", NULL};

/* Appends item to the "、"-separated list when it is not there yet and fits whole. */
static void list_add(char *list, size_t size, const char *item)
{
    static const char sep[] = "、";
    size_t len = strlen(list), k = strlen(item);
    for (const char *p = list; *p;) { /* already listed: a whole entry, not a part of one */
        const char *end = strstr(p, sep);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == k && !strncmp(p, item, k)) return;
        p += n + (end ? sizeof sep - 1 : 0);
    }
    if (len + k + (len ? sizeof sep - 1 : 0) + 1 > size) return;
    snprintf(list + len, size - len, "%s%s", len ? sep : "", item);
}

int ybp_name_known(const ybp_table *t, const ybp_table *national, int field, const char *name,
                   char *list, size_t size)
{
    const char *const *std = field == YBP_W_PERSON ? ybp_std_person
                             : field == YBP_W_GROUP ? ybp_std_group : NULL;
    const ybp_table *in[2] = {t, national};
    int f = field - YBP_W_PERSON, any = std != NULL;
    /* The claim's value is looked up first: the list of values is spelled only for a
       refusal, never for a claim that passes (batch parses one claim after another). */
    for (const char *const *k = std; k && *k; k++)
        if (!strcmp(*k, name)) return 1;
    for (int i = 0; i < 2; i++)
        for (size_t j = 0; in[i] && j < in[i]->nnames[f]; j++, any = 1)
            if (!strcmp(in[i]->names[f][j], name)) return 1;
    if (!any) return 1; /* a tier given to a table without tiers changes nothing */
    list[0] = '\0';
    for (const char *const *k = std; k && *k; k++) list_add(list, size, *k);
    for (int i = 0; i < 2; i++)
        for (size_t j = 0; in[i] && j < in[i]->nnames[f]; j++) list_add(list, size, in[i]->names[f][j]);
    return 0;
}

int ybp_when_match(const ybp_when *w, const ybp_dims *d)
{
    const char *have[YBP_NWHEN] = {
        d->v[YBP_BY_PLACE], d->v[YBP_BY_FILING], d->v[YBP_BY_SETTLEMENT], d->setting,
        d->scheme, d->v[YBP_BY_LEVEL], d->v[YBP_BY_PERSON], d->v[YBP_BY_TIER],
        d->v[YBP_BY_GROUP]};
    for (int f = 0; f < YBP_NWHEN; f++) {
        int ok = w->n[f] == 0;
        for (size_t i = 0; i < w->n[f] && !ok; i++)
            if (have[f] && !strcmp(have[f], w->v[f][i])) ok = 1;
        if (!ok) return 0;
    }
    return 1;
}

/* }=== */
