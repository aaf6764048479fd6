/* SPDX-License-Identifier: MIT */
/*
** contrib.c
** Monthly contributions (docs/tables.md § Contributions, docs/results.md § Contributions).
**
**   employee: base = clamp(wage, base_floor, base_ceiling);
**             individual = base × individual_rate (rounded) + individual_fixed;
**             employer   = base × employer_rate (rounded);
**             account    = in service: base × individual_rate × individual_share (rounded);
**                          retired: the fixed monthly credit.
**   flexible: base clamped likewise; individual = base × rate; employer 0.
**   resident: the annual premium (by person, tier or age) and the annual fiscal subsidy.
**
** Rates come from the edition in force (documents set them); the base range and the
** premiums from the annual entry in force (they are published for a period). Either may be
** missing on a date: the refusal is the one every command shares (ybp_err_out_of_range).
**
** Worked example (the seed's 阜阳 question, tables/341200-fuyang.json on 2025-06-01): base
** 10700 lies within 4311–21556; individual 10700 × 2% = 214.00, employer × 6.5% = 695.50,
** total 909.50, account 100% of the own 2% = 214.00. Where a fixed 大额 amount is
** published (北京 3 元), it is added to the individual share: 6821 × 2% + 3 = 139.42.
** Products are exact on MPFR and rounded once, to the fen, with the edition's rule.
*/
#include <stdio.h>
#include <string.h>

#include "out/out.h"

/*
** A compiled value for this person: its amount or ratio, or -1 when the table does not
** publish it (n NULL) — and an error when a selector has no case for the person.
*/
static int get(yb_engine *e, const ybp_node *n, const ybp_table *t, int64_t *out, int *missing)
{
    const ybp_node *x;
    *out = 0;
    if (n == NULL) return (*missing = 1), 0;
    if ((x = ybp_resolve(n, &e->dims, t, e->err)) == NULL) return -1;
    ybp_note_source(e, x->src);
    *out = x->num;
    return 0;
}

/* base × rate, then × share when share ≥ 0: the exact product, rounded once. */
static int64_t product(yb_engine *e, int64_t base, int64_t rate, int64_t share)
{
    ybp_mp *m = &e->mp;
    YBX(m, mpfr_set_si(e->a, base, MPFR_RNDN));
    YBX(m, mpfr_mul_si(e->a, e->a, rate, MPFR_RNDN));
    if (share >= 0) YBX(m, mpfr_mul_si(e->a, e->a, share, MPFR_RNDN));
    ybp_q_round10(m, e->a, e->a, share >= 0 ? 2 * YBP_RATIO : YBP_RATIO, e->mode);
    return ybp_mp_get(m, e->a);
}

static json_t *annual_ref(const ybp_table *t, const ybp_annual *a)
{
    char f[11], to[11], b[48];
    ybp_date_format(a->from, f);
    ybp_date_format(a->to, to);
    snprintf(b, sizeof b, "%s@%s..%s", t->code, f, to);
    return json_string(b);
}

int yb_contrib_json(char **out, yb_engine *e, const char *region, const char *kind,
                    const char *base, const char *person, const char *tier, int age,
                    const char *date, const yb_options *opt, yb_error *err)
{
    const char *code = region ? yb_tables_resolve(e->ts, region) : NULL, *why;
    const ybp_table *t = code ? ybp_tables_find(e->ts, code) : NULL;
    const ybp_edition *ed = NULL;
    const ybp_annual *an;
    int64_t wage = 0, v[8] = {0};
    int k, lenient = opt && opt->lenient, fell = 0, fell2 = 0, none[8] = {0};
    long day;
    json_t *o;
    YBP_BEGIN(err);
    if (out == NULL || e == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_contrib_json: out and engine are required");
    if (ybp_options_check(opt, err)) return YB_EUSAGE;
    *out = NULL;
    if (t == NULL)
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "/region", "unknown region \"%s\"", region ? region : "");
    if (date == NULL || (day = ybp_date_parse(date)) < 0)
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "/date", "expected a date YYYY-MM-DD");
    for (k = 0; k < YBP_NKIND && strcmp(kind ? kind : "employee", ybp_kind_names[k]); k++) {}
    if (k == YBP_NKIND)
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "/kind", "\"%s\": expected employee, flexible or resident", kind);
    if (k != YBP_K_RESIDENT && (base == NULL || ybp_dec_parse(base, YBP_AMT, 0, &wage, &why)))
        return ybp_err(err, YB_ECLAIM, "", 0, 0, "/base", "expected the monthly wage base, e.g. \"10700\"");
    if (k != YBP_K_RESIDENT) {
        if ((ed = ybp_edition_at(t, day, lenient, &fell)) == NULL)
            return ybp_err_out_of_range(err, t, NULL, day);
        if (!ed->rates.has[k])
            return ybp_err(err, YB_ENODATA, t->name, 0, 0, ed->path,
                           "%s（%s）的参数表没有%s缴费比例的数据 / the edition in force publishes no "
                           "%s contribution rates",
                           t->region_name, t->code, k == YBP_K_EMPLOYEE ? "职工" : "灵活就业",
                           ybp_kind_names[k]);
    }
    if ((an = ybp_annual_at(t, k, day, lenient, &fell2)) == NULL)
        return ybp_err_out_of_range(err, t, ybp_kind_names[k], day);
    ybp_result_reset(e);
    e->err = err;
    e->mp.inexact = 0;
    e->t = t;
    e->mode = ed ? ed->round_mode : YBP_HALF_UP;
    memset(&e->dims, 0, sizeof e->dims);
    e->dims.v[YBP_BY_PERSON] = person;
    e->dims.v[YBP_BY_TIER] = tier;
    e->dims.age = age;
    if (fell || fell2) {
        char d[11];
        ybp_date_format(day, d);
        ybp_warn(e, "按 --lenient 估算：%s 在 %s 没有生效的缴费数据，已改用最近一期 / lenient: %s "
                    "has no figures in force on %s; the nearest were used",
                 t->region_name, d, t->name, d);
    }
    o = json_object();
    json_object_set_new(o, "format", json_string("yibao-contribution/1"));
    json_object_set_new(o, "kind", json_string(ybp_kind_names[k]));
    json_object_set_new(o, "region", json_string(t->code));
    json_object_set_new(o, "date", json_string(date));
    if (k == YBP_K_RESIDENT) {
        if (get(e, an->premium, t, &v[0], &none[0]) || get(e, an->subsidy, t, &v[1], &none[1]))
            goto bad;
        json_object_set_new(o, "individual_annual", ybp_money(v[0]));
        json_object_set_new(o, "subsidy_annual", none[1] ? json_null() : ybp_money(v[1]));
    } else {
        int64_t lo, hi, b = wage;
        if (get(e, an->base_floor[k], t, &lo, &none[4]) || get(e, an->base_ceiling[k], t, &hi, &none[5]))
            goto bad;
        if (!none[4] && b < lo) b = lo;
        if (!none[5] && b > hi) b = hi;
        if (none[4] || none[5])
            ybp_warn(e, "%s：缴费基数%s未公布，基数未按其调整 / the base %s is not published: the "
                        "wage was not clamped to it",
                     t->region_name, none[4] ? "下限" : "上限", none[4] ? "floor" : "ceiling");
        json_object_set_new(o, "wage", ybp_money(wage));
        json_object_set_new(o, "base", ybp_money(b));
        json_object_set_new(o, "base_clamped", json_string(b > wage ? "floor" : b < wage ? "ceiling" : "none"));
        if (k == YBP_K_FLEXIBLE) {
            if (get(e, ed->rates.flexible_rate, t, &v[0], &none[0])) goto bad;
            int64_t ind = product(e, b, v[0], -1);
            json_object_set_new(o, "individual_monthly", ybp_money(ind));
            json_object_set_new(o, "employer_monthly", ybp_money(0));
            json_object_set_new(o, "total_monthly", ybp_money(ind));
        } else {
            const ybp_rates *rt = &ed->rates;
            int retired = person && !strcmp(person, "retired");
            if (get(e, rt->individual_rate, t, &v[0], &none[0]) ||
                get(e, rt->individual_fixed, t, &v[1], &none[1]) ||
                get(e, rt->employer_rate, t, &v[2], &none[2]))
                goto bad;
            if (retired) {
                /* Retirees who have reached the minimum contribution years pay nothing
                   (国办发〔2021〕14号 keeps this); they only receive the account credit. */
                json_object_set_new(o, "individual_monthly", ybp_money(0));
                json_object_set_new(o, "employer_monthly", ybp_money(0));
                json_object_set_new(o, "total_monthly", ybp_money(0));
            } else {
                int64_t ind = product(e, b, v[0], -1) + v[1];
                int64_t emp = product(e, b, v[2], -1);
                json_object_set_new(o, "individual_monthly", ybp_money(ind));
                /* An employer rate the table does not publish is unknown, not zero. */
                json_object_set_new(o, "employer_monthly", none[2] ? json_null() : ybp_money(emp));
                json_object_set_new(o, "total_monthly", none[2] ? json_null() : ybp_money(ind + emp));
            }
            if (retired) {
                if (get(e, rt->retired_monthly, t, &v[3], &none[3])) goto bad;
                json_object_set_new(o, "account_monthly", none[3] ? json_null() : ybp_money(v[3]));
            } else {
                if (get(e, rt->share_in_service, t, &v[3], &none[3])) goto bad;
                json_object_set_new(o, "account_monthly",
                                    none[3] ? json_null() : ybp_money(product(e, b, v[0], v[3])));
            }
        }
    }
    {
        json_t *eds = json_object(), *w = json_array(), *ids = json_array();
        if (ed) {
            char f[11], b[40];
            ybp_date_format(ed->from, f);
            snprintf(b, sizeof b, "%s@%s", t->code, f);
            json_object_set_new(eds, "rates", json_string(b));
        }
        json_object_set_new(eds, "annual", annual_ref(t, an));
        json_object_set_new(o, "editions", eds);
        for (size_t i = 0; i < e->res.nused; i++)
            json_array_append_new(ids, json_string(e->res.used[i]->id));
        json_object_set_new(o, "sources", ids);
        json_object_set_new(o, "trust", ybp_sources_json(&e->res));
        for (int i = 0; i < e->res.nwarn; i++) json_array_append_new(w, json_string(e->res.warn[i]));
        json_object_set_new(o, "warnings", w);
    }
    if (e->mp.inexact) {
        json_decref(o);
        return ybp_err(err, YB_EINTERNAL, "", 0, 0, "", "internal error: an inexact operation");
    }
    *out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? 0 : ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
bad:
    json_decref(o);
    if (err && err->code) return err->code;
    return ybp_err(err, YB_ETABLE, t->name, 0, 0, ed ? ed->path : an->path,
                   "the %s contribution rules lack a value for this person (check the person, "
                   "tier and age given)", ybp_kind_names[k]);
}
