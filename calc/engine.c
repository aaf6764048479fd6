/*
** engine.c
** One visit settled, step by step (spec/README.md § The settlement pipeline):
**   1 lines → four parts (split.c)       5 cap (band.c)
**   2 adjustments (adjust.c)             6 layers (layer.c)
**   3 deductible (here)                  7 personal part and account (layer.c)
**   4 bands (band.c)                     8 manual settlement, 9 the ledger (here)
** then the identities are checked; a violation is a bug, returned as YB_EINTERNAL and never
** as a number. Every step that changes an amount leaves an explain entry naming the table
** path and source of the parameters it used.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* {=== Engine lifetime */

int yb_engine_new(yb_engine **out, const yb_tables *ts, yb_error *err)
{
    yb_engine *e = calloc(1, sizeof *e);
    *out = NULL;
    if (e == NULL) return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    e->ts = ts;
    ybp_mp_init(&e->mp);
    mpfr_inits2(YBP_PREC, e->a, e->b, e->c, e->d, e->s, (mpfr_ptr)0);
    *out = e;
    return 0;
}

void yb_engine_free(yb_engine *e)
{
    if (e == NULL) return;
    ybp_mp_clear(&e->mp);
    mpfr_clears(e->a, e->b, e->c, e->d, e->s, (mpfr_ptr)0);
    free(e->lines);
    free(e->used);
    free(e->rows);
    free(e->explain);
    free(e->warn);
    free(e->adj);
    free(e->adj_table);
    free(e);
}

void yb_thread_cleanup(void) { mpfr_free_cache(); }

const char *yb_version(void) { return "yibao " YB_VERSION; }

void yb_free(void *p) { free(p); }

/* }=== */

/* {=== Explain and warnings */

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

/* Cuts buf back to a whole UTF-8 character, so a truncated note is still valid text. */
static void utf8_trim(char *buf)
{
    size_t n = strlen(buf), i = n, need;
    while (i > 0 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80) i--; /* continuation bytes */
    if (i == 0) return;
    unsigned char lead = (unsigned char)buf[i - 1];
    need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need) buf[i - 1] = '\0';
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
    utf8_trim(buf);
}

void ybp_warn(yb_engine *e, const char *fmt, ...)
{
    yb_result *r = &e->res;
    va_list ap;
    char buf[YBP_WARN_SIZE];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    utf8_trim(buf);
    for (int i = 0; i < r->nwarn; i++)
        if (!strcmp(r->warn[i], buf)) return;
    if (ybp_grow((void **)&e->warn, &e->warn_cap, (size_t)r->nwarn + 1, sizeof *e->warn)) {
        r->oom = 1;
        return;
    }
    r->warn = e->warn;
    memcpy(r->warn[r->nwarn++], buf, sizeof buf);
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
    if (src->rel == YBP_REL_UNVERIFIED)
        ybp_warn(e, "未经核实：%s 的参数来自未经核实的来源「%s」（%s），估算仅供参考 / "
                    "unverified: %s uses source \"%s\", which could not be verified",
                 src->table->name, src->id, src->title, src->table->name, src->id);
}

/* }=== */

/* {=== Ledger */

int ybp_ledger_group(ybp_ledger *g, const char *name)
{
    size_t i;
    for (i = 0; i < g->ngroups; i++)
        if (!strcmp(g->group[i], name)) return (int)i;
    if (i == 8) return -1;
    g->group[i] = name;
    g->axis[i] = g->fund_paid[i] = 0;
    g->ngroups++;
    return (int)i;
}

int ybp_ledger_layer(ybp_ledger *g, const char *id)
{
    size_t i;
    for (i = 0; i < g->nlayers; i++)
        if (!strcmp(g->layer[i], id)) return (int)i;
    if (i == 16) return -1;
    g->layer[i] = id;
    g->layer_basis[i] = g->layer_paid[i] = 0;
    g->nlayers++;
    return (int)i;
}

/* }=== */


/* Step 3: 起付线. Returns the deductible for this visit before what the year used. */
static int deductible(yb_engine *e, const ybp_benefit *b, int64_t *out)
{
    const ybp_node *d = b->deductible ? ybp_resolve(b->deductible, &e->dims, e->t, e->err) : NULL;

    int64_t ded = d ? d->num : 0;
    if (b->deductible && d == NULL) return YB_ECLAIM;
    if (d) ybp_explain_add(e, "deductible_standard", d, e->t, "起付标准 %s 元",
                           "deductible standard %s", XM(ded), X0)->value = ded;
    if (b->repeat) {
        /* repeat_admission: factors for the 1st, 2nd … admission, the last repeating. */
        const ybp_node *l = ybp_resolve(b->repeat, &e->dims, e->t, e->err);
        const ybp_list *list;
        if (l == NULL) return YB_ECLAIM;
        list = l->ptr;
        size_t k_adm = (size_t)e->res.admission;
        const ybp_node *f = ybp_resolve(list->v[(k_adm < list->n ? k_adm : list->n) - 1],
                                        &e->dims, e->t, e->err);
        if (f == NULL) return YB_ECLAIM;
        ded = b->repeat_amounts ? f->num : ybp_mul_round(e, ded, f->num, YBP_RATIO);
        ybp_explain_add(e, "deductible_repeat", f, e->t, "本年度第 %s 次住院，起付线为 %s 元",
                        "admission %s of the year: deductible %s", XN(e->res.admission),
                        XM(ded))->value = ded;
    }
    *out = ybp_adjust_deductible(e, ded);
    return 0;
}

/* The setting's default scope (tables.md: admission for inpatient, year otherwise). */
static int scope_of(int given, int setting)
{
    return given >= 0 ? given : setting == YBP_INPATIENT ? YBP_SCOPE_ADMISSION : YBP_SCOPE_YEAR;
}

/* Steps 3–5 for the basic fund. */
static int basic_fund(yb_engine *e, const yb_claim *c, const ybp_benefit *b)
{
    yb_result *r = &e->res;
    ybp_ledger *g = &r->after;
    ybp_rband bands[YBP_MAX_BANDS];
    size_t nb;

    int64_t ded, open, a0 = 0, cap_left = -1, point, cost_cap = -1;
    int gi = ybp_ledger_group(g, b->cap_group);
    int dscope = scope_of(b->deductible_scope, c->setting);
    int bscope = scope_of(b->band_scope, c->setting);
    if (gi < 0)
        return ybp_err(e->err, YB_ECLAIM, c->name, 0, 0, "/year_to_date", "too many cap groups");
    if (deductible(e, b, &ded)) return YB_ECLAIM;
    open = ded;
    if (dscope == YBP_SCOPE_YEAR) {
        /* One deductible a year: what earlier visits paid counts (补差 at a higher level). */
        open = ded > g->dedc[c->setting] ? ded - g->dedc[c->setting] : 0;
    }
    r->dedc = r->inscp < open ? r->inscp : open;
    ybp_explain_add(e, "deductible", NULL, e->t, "本次支付起付线 %s 元（尚余起付标准 %s 元）",
                    "deductible paid this visit %s (open before it: %s)", XM(r->dedc),
                    XM(open))->value = r->dedc;
    if (ybp_bands_resolve(e, b->bands, 0, 1, bands, &nb)) return YB_ECLAIM;
    if (bscope == YBP_SCOPE_YEAR) a0 = g->axis[gi];
    if (b->cap) {
        const ybp_node *cp = ybp_resolve(b->cap, &e->dims, e->t, e->err);
        if (cp == NULL) return YB_ECLAIM;
        cap_left = cp->num > g->fund_paid[gi] ? cp->num - g->fund_paid[gi] : 0;
        ybp_explain_add(e, "cap", cp, e->t, "年度封顶线剩余 %s 元", "annual cap left %s",
                        XM(cap_left), X0)->value = cap_left;
    }
    if (b->cost_cap) {
        const ybp_node *cc = ybp_resolve(b->cost_cap, &e->dims, e->t, e->err);
        if (cc == NULL) return YB_ECLAIM;
        cost_cap = cc->num;
        ybp_note_source(e, cc->src);
    }
    int64_t s = a0 + r->dedc, t = a0 + r->inscp, paid_end = t;
    if (cost_cap >= 0 && paid_end > cost_cap) paid_end = cost_cap > s ? cost_cap : s;
    r->fund[YBP_F_HIFP] = ybp_bands_pay(e, bands, nb, s, paid_end, cap_left, &point);
    r->burden[YBP_C_OVERCAP] = t - point;
    r->burden[YBP_C_DEDUCTIBLE] = r->dedc;
    r->burden[YBP_C_COPAY] = r->inscp - r->dedc - r->fund[YBP_F_HIFP] - r->burden[YBP_C_OVERCAP];
    ybp_explain_add(e, "bands", b->bands, e->t, "统筹基金分段支付 %s 元", "basic fund pays %s by band",
                    XM(r->fund[YBP_F_HIFP]), X0)->value = r->fund[YBP_F_HIFP];
    if (r->burden[YBP_C_OVERCAP] > 0)
        ybp_explain_add(e, "over_cap", b->cap ? b->cap : b->cost_cap, e->t,
                        "超过封顶线的政策内费用 %s 元", "in-policy amount above the cap %s",
                        XM(r->burden[YBP_C_OVERCAP]), X0)->value = r->burden[YBP_C_OVERCAP];
    /* Ledger: the axis and the fund paid of this cap group; the deductible of this setting. */
    g->axis[gi] += r->inscp;
    g->fund_paid[gi] += r->fund[YBP_F_HIFP];
    g->dedc[c->setting] += r->dedc;
    r->rows[0].has_limit = cap_left >= 0;
    r->rows[0].limit = cap_left;
    return 0;
}

static void dims_of(yb_engine *e, const yb_claim *c)
{
    ybp_dims *d = &e->dims;
    d->admission = e->res.admission;
    d->v[YBP_BY_LEVEL] = c->level;
    d->v[YBP_BY_PERSON] = c->person;
    d->v[YBP_BY_TIER] = c->tier;
    d->v[YBP_BY_ADMISSION] = NULL;
    d->v[YBP_BY_PLACE] = ybp_place_names[c->place];
    d->v[YBP_BY_FILING] = c->place == YBP_LOCAL ? "local" : c->filing;
    d->v[YBP_BY_SETTLEMENT] = c->settlement;
    d->v[YBP_BY_GROUP] = c->group;
    d->v[YBP_BY_AGE] = NULL;
    d->age = c->age;
}

/*
** The catalogue whose 乙类 default applies: 就医地 for direct settlement, 参保地 for manual
** (claims.md § Which catalogue), in the edition in force on the visit's date; national.json's
** default when that place has none (or no edition on that date).
*/
static const ybp_node *catalogue(yb_engine *e, const yb_claim *c)
{
    int fell;
    const ybp_table *t = c->manual ? c->insured : c->treated;
    const ybp_edition *ed = t ? ybp_edition_at(t, c->day, 0, &fell) : NULL;
    if (ed && ed->class_b_selfpay) {
        e->res.cat_table = t;
        e->res.cat_ed = ed;
        return ed->class_b_selfpay;
    }
    if (e->ts->national && (ed = ybp_edition_at(e->ts->national, c->day, 0, &fell)) != NULL &&
        ed->class_b_selfpay) {
        e->res.cat_table = e->ts->national;
        e->res.cat_ed = ed;
        return ed->class_b_selfpay;
    }
    return NULL;
}

/* The identities of spec/README.md, and the bounds every result keeps. */
static int identities(yb_engine *e, const yb_claim *c)
{
    yb_result *r = &e->res;
    int64_t funds = 0, rows = 0, burden = 0;
    for (int f = 0; f < YBP_NFUND; f++) funds += r->fund[f];
    for (size_t i = 0; i < r->nrows; i++) rows += r->rows[i].pay;
    for (int k = 0; k < YBP_NCAT; k++) burden += r->burden[k];
    const char *broken =
        r->medfee != r->fulamt + r->overlmt + r->preselfpay + r->inscp ? "medfee = four parts"
        : r->fund_sum != funds                    ? "fund_pay_sumamt = Σ funds"
        : r->fund_sum != rows                     ? "fund_pay_sumamt = Σ setldetail"
        : r->medfee != r->fund_sum + r->psn_part  ? "medfee = fund + personal"
        : r->psn_part != r->acct + r->cash        ? "personal = account + cash"
        : r->psn_part != burden                   ? "personal = Σ burden categories"
        : r->dedc > r->inscp                      ? "deductible ≤ in-policy amount"
        : r->fund[YBP_F_HIFP] > r->inscp - r->dedc ? "basic fund ≤ in-policy above deductible"
        : (r->rows[0].has_limit && r->fund[YBP_F_HIFP] > r->rows[0].limit) ? "basic fund ≤ cap left"
                                                   : NULL;
    for (int k = 0; k < YBP_NCAT && !broken; k++)
        if (r->burden[k] < 0) broken = "no negative burden";
    for (int f = 0; f < YBP_NFUND && !broken; f++)
        if (r->fund[f] < 0) broken = "no negative fund payment";
    if (!broken && (r->mulaid > r->acct || r->family_balc < 0))
        broken = "family account share ≤ account payment";
    if (!broken && (r->inscp < 0 || r->cash < 0 || r->acct < 0 || r->balc < 0))
        broken = "no negative amount";
    if (!broken && e->mp.inexact) broken = "every operation exact (an MPFR result was inexact)";
    if (r->oom) return ybp_err(e->err, YB_ENOMEM, c->name, 0, 0, "", "out of memory");
    if (broken)
        return ybp_err(e->err, YB_EINTERNAL, c->name, 0, 0, "",
                       "internal error: invariant broken: %s (please report this claim)", broken);
    return 0;
}

static int settle(const yb_result **out, yb_engine *e, const yb_claim *c, const yb_options *opt,
                  yb_error *err);

/*
** Settles, and when an error points into a table (a selector with no case for this visit,
** say), adds the line and column of that value in the table's text.
*/
int yb_settle(const yb_result **out, yb_engine *e, const yb_claim *c, const yb_options *opt,
              yb_error *err)
{
    int rc = settle(out, e, c, opt, err);
    if (rc && err && err->line == 0) {
        const ybp_table *t = c->insured;
        if (!strcmp(err->source, t->name)) {
            ybp_err_locate(err, t->text, t->len);
        } else if (!strcmp(err->source, c->name) && err->path[0]) {
            char p[sizeof err->path];
            snprintf(err->path, sizeof err->path, "%s", ybp_claim_path(c, err->path, p, sizeof p));
            ybp_err_locate(err, c->text, c->len);
        }
    }
    return rc;
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
    r->worst = -1;
    r->checked = -1;
}

/*
** Freshness: the newest day the rules were checked — a source's `checked`, or the
** edition's `reviewed` (someone looked for a replacing document). A visit more than 12
** months later may meet rules that changed since: the result says so.
*/
static void freshness(yb_engine *e, const yb_claim *c)
{
    yb_result *r = &e->res;
    if (r->ed->reviewed > r->checked) r->checked = r->ed->reviewed;
    if (r->checked >= 0 && c->day > ybp_date_next_year(r->checked)) {
        char d[11];
        ybp_date_format(r->checked, d);
        ybp_warn(e, "参数最近核对于 %s，距就诊日期已超过 12 个月，政策可能已有调整 / the rules were "
                    "last checked on %s, more than 12 months before the visit: they may have "
                    "changed since", d, d);
    }
}

/*
** No benefit for the visit's setting: refused when the table knows nothing of it (unknown
** is never zero), paid by nobody when the table states, with a source, that the region
** does not cover it.
*/
static int uncovered(yb_engine *e, const yb_claim *c, const ybp_scheme *sc, yb_error *err)
{
    yb_result *r = &e->res;
    const ybp_none *n = &sc->not_covered[c->setting];
    static const char *const zh[YBP_NSETTING] = {"住院", "普通门诊", "门诊慢特病"};
    if (!n->declared) {
        char d[11];
        ybp_date_format(c->day, d);
        return ybp_err(err, YB_ETABLE, c->insured->name, 0, 0, r->ed->path,
                       "%s（%s）的参数表没有%s%s待遇的数据（%s），无法估算 / %s's table has no "
                       "data for %s care under the %s scheme on %s: refused rather than "
                       "guessed",
                       c->insured->region_name, c->insured->code,
                       c->scheme == YBP_EMPLOYEE ? "职工医保" : "城乡居民医保", zh[c->setting], d,
                       c->insured->region_name, ybp_setting_names[c->setting],
                       ybp_scheme_names[c->scheme], d);
    }
    r->burden[YBP_C_COPAY] = r->inscp;
    /* One argument per language: each format skips the other's with %.0s. */
    ybp_explain *x = ybp_explain_add(e, "not_covered", NULL, e->t,
                                     "参保地政策不支付%s费用，政策内费用由个人负担%.0s",
                                     "%.0sthe insured place does not cover %s care: the "
                                     "in-policy amount stays personal",
                                     XS(zh[c->setting]), XS(ybp_setting_names[c->setting]));
    x->param = n->path;
    x->src = n->src;
    ybp_note_source(e, n->src);
    return 0;
}

/*
** The ledger the result carries must be one a claim may give back (amounts below 10^16
** yuan): a year past that is refused here rather than written and then refused.
*/
static int ledger_bounds(yb_engine *e, const yb_claim *c)
{
    const ybp_ledger *g = &e->res.after;
    int64_t worst = 0;
    for (int s = 0; s < YBP_NSETTING; s++) worst = g->dedc[s] > worst ? g->dedc[s] : worst;
    for (size_t i = 0; i < g->ngroups; i++) {
        worst = g->axis[i] > worst ? g->axis[i] : worst;
        worst = g->fund_paid[i] > worst ? g->fund_paid[i] : worst;
    }
    for (size_t i = 0; i < g->nlayers; i++) {
        worst = g->layer_basis[i] > worst ? g->layer_basis[i] : worst;
        worst = g->layer_paid[i] > worst ? g->layer_paid[i] : worst;
    }
    if (worst >= YBP_LEDGER_MAX)
        return ybp_err(e->err, YB_ECLAIM, c->name, 0, 0, "/year_to_date",
                       "the year's cumulative amounts would pass 10^16 yuan");
    return 0;
}

static int settle(const yb_result **out, yb_engine *e, const yb_claim *c, const yb_options *opt,
                  yb_error *err)
{
    yb_result *r = &e->res;
    const ybp_scheme *sc;
    const ybp_node *bn = NULL;
    int fell = 0, rc, year = ybp_date_year(c->day);
    *out = NULL;
    ybp_result_reset(e);
    e->err = err;
    e->mp.inexact = 0;
    e->nadj = 0;
    e->t = c->insured;
    r->ts = e->ts;
    r->claim = c;
    for (int i = 0; i < c->nwarn; i++) ybp_warn(e, "%s", c->warn[i]);
    r->ed = ybp_edition_at(c->insured, c->day, opt && opt->lenient, &fell);
    if (r->ed == NULL) return ybp_err_out_of_range(err, c->insured, NULL, c->day);
    if (fell) {
        char d[11], f[11];
        ybp_date_format(c->day, d);
        ybp_date_format(r->ed->from, f);
        ybp_warn(e, "按 --lenient 估算：%s 在 %s 没有生效的政策版本，已改用 %s 起的版本 / lenient: no "
                    "edition of %s is in force on %s; the edition from %s was used",
                 c->insured->region_name, d, f, c->insured->name, d, f);
    }
    e->mode = r->ed->round_mode;
    e->at_band = r->ed->round_at_band;
    /* The ledger: a visit in another year than the ledger's starts from zero. */
    r->after = c->ledger;
    if (c->ledger.year && c->ledger.year != year) {
        memset(&r->after, 0, sizeof r->after);
        ybp_warn(e, "year_to_date is for %d and the visit is in %d: the ledger starts from zero",
                 c->ledger.year, year);
    }
    r->after.year = year;
    r->admission = (int)(c->admission ? c->admission : r->after.admissions + 1);
    dims_of(e, c);
    sc = &r->ed->scheme[c->scheme];
    if (!sc->present)
        return ybp_err(err, YB_ETABLE, c->insured->name, 0, 0, r->ed->path,
                       "%s（%s）的参数表没有%s的数据 / %s's table has no data for the %s scheme "
                       "in this edition",
                       c->insured->region_name, c->insured->code,
                       c->scheme == YBP_EMPLOYEE ? "职工医保" : "城乡居民医保",
                       c->insured->region_name, ybp_scheme_names[c->scheme]);
    /* Step 1 */
    if ((rc = ybp_split(e, c, catalogue(e, c)))) return rc;
    /* Step 2 */
    ybp_adjust_collect(e, c);
    if (c->place != YBP_LOCAL && !strcmp(c->filing, "none")) {
        int own = 0; /* does the insured region publish its own rule for this visit? */
        for (size_t i = 0; i < e->nadj; i++) own |= e->adj_table[i] == e->t && e->adj[i]->names_place;
        ybp_warn(e, "%s%s",
                 own ? "未备案：按参保地对未备案异地就医的规定估算 / not filed: the insured region's "
                       "own rule for unfiled care applies"
                     : "未备案：参保地未公布未备案异地就医的规定，本估算按国家对其他临时外出就医的"
                       "降幅假设 / not filed: the insured region publishes no rule for unfiled "
                       "care; this estimate assumes the national cut for other temporary trips",
                 c->manual ? ""
                           : "；异地直接结算须先备案，否则先自付再回参保地手工报销 / direct "
                             "settlement away from home needs a filing first, otherwise pay and "
                             "claim back manually");
    }
    for (size_t i = 0; i < e->nadj; i++) {
        ybp_note_source(e, e->adj[i]->src);
        if (e->adj_table[i] != e->t) r->nat_ed = ybp_edition_at(e->adj_table[i], c->day, 0, &fell);
    }
    if (ybp_adjust_has(e, YBP_OP_PREPAY)) {
        int64_t pre = ybp_adjust_prepay(e, r->inscp);
        r->inscp -= pre;
        r->preselfpay += pre;
        ybp_explain_add(e, "prepay", NULL, e->t, "异地就医先行自付 %s 元", "paid first (先自付) %s",
                        XM(pre), X0)->value = pre;
    }
    r->burden[YBP_C_FULAMT] = r->fulamt;
    r->burden[YBP_C_OVERLMT] = r->overlmt;
    r->burden[YBP_C_PRESELFPAY] = r->preselfpay;
    if (ybp_row_add(e, YBP_F_HIFP) == NULL) return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    r->rows[0].inscp = r->inscp;
    /* Steps 3–5 */
    if (sc->benefit[c->setting] &&
        (bn = ybp_resolve(sc->benefit[c->setting], &e->dims, e->t, err)) == NULL)
        return YB_ECLAIM;
    if (bn == NULL) {
        if ((rc = uncovered(e, c, sc, err))) return rc;
    } else if (ybp_adjust_has(e, YBP_OP_NOT_COVERED)) {
        r->burden[YBP_C_COPAY] = r->inscp;
        ybp_explain_add(e, "not_covered", NULL, e->t, "按异地就医规则，统筹基金不予支付%s%s",
                        "by the out-of-area rules the basic fund pays nothing%s%s", X0, X0);
    } else {
        ybp_note_source(e, ((const ybp_benefit *)bn->ptr)->src);
        if ((rc = basic_fund(e, c, bn->ptr))) return rc;
    }
    r->rows[0].pay = r->fund[YBP_F_HIFP];
    if (c->setting == YBP_INPATIENT && r->admission > r->after.admissions)
        r->after.admissions = r->admission;
    /* Steps 6–7 */
    if ((rc = ybp_layers(e, c, sc))) return rc;
    for (int f = 0; f < YBP_NFUND; f++) r->fund_sum += r->fund[f];
    r->psn_part = r->medfee - r->fund_sum;
    ybp_account(e, c, sc);
    r->cash = r->psn_part - r->acct;
    /* pool_prop_selfpay: the basic fund's effective ratio, 4 decimals. */
    if (r->inscp - r->dedc > 0) {
        ybp_mp *m = &e->mp;
        YBX(m, mpfr_set_si(e->a, r->fund[YBP_F_HIFP], MPFR_RNDN));
        YBX(m, mpfr_mul_ui(e->a, e->a, 10000, MPFR_RNDN));
        YBX(m, mpfr_set_si(e->b, r->inscp - r->dedc, MPFR_RNDN));
        ybp_q_round(m, e->a, e->a, e->b, YBP_HALF_UP);
        r->pool_prop = ybp_mp_get(m, e->a);
    }
    freshness(e, c);
    if ((rc = ledger_bounds(e, c))) return rc;
    if ((rc = identities(e, c))) return rc;
    *out = r;
    return 0;
}
