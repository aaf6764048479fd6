/* SPDX-License-Identifier: MIT */
/*
** trace.c
** What a settlement says beside its amounts: explain entries (each naming the table path
** and source of the parameter used), warnings, the sources behind the result's trust
** block and the freshness warning — and the result's growable arrays, reset per
** settlement, never capped.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "settle/settle.h"

ybp_explain *ybp_explain_add(yb_engine *e, const char *step, const ybp_node *param,
                             const ybp_table *t, const char *zh, const char *en, ybp_xarg a1,
                             ybp_xarg a2)
{
    yb_result *r = &e->res;
    ybp_explain *x = &e->spare;
    if (ybp_grow((void **)&e->explain, &e->explain_cap, r->nexplain + 1, sizeof *e->explain) == 0)
        r->explain = e->explain, x = &r->explain[r->nexplain++];
    else
        r->oom = 1;
    x->step = step;
    x->has_value = 1;
    x->value = 0;
    x->zh = zh;
    x->en = en;
    x->a[0] = a1;
    x->a[1] = a2;
    x->file = t ? t->name : NULL;
    x->param = param ? param->path : NULL;
    x->src = param ? param->src : NULL;
    if (param) ybp_note_source(e, param->src);
    return x;
}

void ybp_explain_note(const ybp_explain *x, int lang, char *buf, size_t size)
{
    char num[2][32];
    const char *a[2];
    for (int i = 0; i < 2; i++) {
        const ybp_xarg *g = &x->a[i];
        a[i] = num[i];
        if (g->kind == 'm') ybp_dec_format(g->v, YBP_AMT, 2, num[i], sizeof num[i]);
        else if (g->kind == 'n') snprintf(num[i], sizeof num[i], "%lld", (long long)g->v);
        else a[i] = g->kind == 's' && g->s ? g->s : "";
    }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(buf, size, lang ? x->en : x->zh, a[0], a[1]);
#pragma GCC diagnostic pop
    ybp_utf8_trim(buf);
}

void ybp_warn(yb_engine *e, const char *fmt, ...)
{
    va_list ap;
    char buf[YBP_WARN_SIZE];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ybp_utf8_trim(buf);
    ybp_warn_text(e, buf);
}

/* A warning already made (at most YBP_WARN_SIZE bytes with its NUL), added once. */
void ybp_warn_text(yb_engine *e, const char *buf)
{
    yb_result *r = &e->res;
    size_t n = strlen(buf) + 1;
    for (int i = 0; i < r->nwarn; i++)
        if (!strcmp(r->warn[i], buf)) return;
    if (ybp_grow((void **)&e->warn, &e->warn_cap, (size_t)r->nwarn + 1, sizeof *e->warn)) {
        r->oom = 1;
        return;
    }
    r->warn = e->warn;
    memcpy(r->warn[r->nwarn++], buf, n < YBP_WARN_SIZE ? n : YBP_WARN_SIZE);
}

/*
** Every parameter read is recorded: the result's trust block lists the sources used, the
** weakest reliability among them and the newest day one was checked; an unverified source
** also becomes a warning, once.
*/
void ybp_note_source(yb_engine *e, const ybp_source *src)
{
    yb_result *r = &e->res;
    if (src == NULL) return;
    for (size_t i = 0; i < r->nused; i++)
        if (r->used[i] == src) return; /* already counted, in this result */
    if (r->nused == e->used_cap) {
        size_t cap = e->used_cap ? 2 * e->used_cap : 16;
        const ybp_source **u = realloc(e->used, cap * sizeof *u);
        if (u == NULL) return; /* the list is information; the money does not depend on it */
        e->used = r->used = u;
        e->used_cap = cap;
    }
    r->used[r->nused++] = src;
    if (src->rel > r->worst) r->worst = src->rel;
    if (src->checked > r->checked) r->checked = src->checked;
    if (src->warning) ybp_warn_text(e, src->warning); /* unverified: made at load */
}

/* The result's fields, all cleared; the growable arrays keep their memory. */
ybp_row *ybp_row_add(yb_engine *e, int fund)
{
    yb_result *r = &e->res;
    if (ybp_grow((void **)&e->rows, &e->rows_cap, r->nrows + 1, sizeof *e->rows)) {
        r->oom = 1;
        return NULL;
    }
    r->rows = e->rows;
    ybp_row *w = &r->rows[r->nrows++];
    memset(w, 0, sizeof *w);
    w->fund = fund;
    return w;
}

void ybp_result_reset(yb_engine *e)
{
    yb_result *r = &e->res;
    memset(r, 0, sizeof *r);
    r->used = e->used;
    r->rows = e->rows;
    r->explain = e->explain;
    r->warn = e->warn;
    r->trust_memo = &e->trust_memo;
    r->worst = -1;
    r->checked = -1;
}

/*
** Freshness: the newest day the rules were checked — a source's `checked`, or the
** edition's `reviewed` (someone looked for a replacing document). A visit more than 12
** months later may meet rules that changed since: the result says so.
*/
void ybp_freshness(yb_engine *e, const yb_claim *c)
{
    yb_result *r = &e->res;
    if (r->ed->reviewed > r->checked) r->checked = r->ed->reviewed;
    /* A year is at least 365 days: most visits are decided without the calendar. */
    if (r->checked >= 0 && c->day > r->checked + 365 && c->day > ybp_date_next_year(r->checked)) {
        char d[11];
        ybp_date_format(r->checked, d);
        ybp_warn(e, "参数最近核对于 %s，距就诊日期已超过 12 个月，政策可能已有调整 / the rules were "
                    "last checked on %s, more than 12 months before the visit: they may have "
                    "changed since", d, d);
    }
}
