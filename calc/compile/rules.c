/* SPDX-License-Identifier: MIT */
/*
** rules.c
** Contributions and filing rules (docs/tables.md § Contributions, § Annual figures,
** § Filing rules), compiled at load like benefits, so `yibao contrib` resolves them with
** the same selector code as a settlement (ybp_resolve), by person, tier or age.
**
** Two calendars: an edition's `contribution` holds what documents set and keep until
** replaced — the employee's and employer's rates, a fixed 大额 amount, the personal-account
** credits, the flexible-employment rate. The table's `annual` entries hold what is
** published for a period — the base floor and ceiling (often July to June), the resident
** premium and subsidy (a coverage year). A new premium adds an annual entry and leaves the
** benefits alone; a benefit change adds an edition and leaves the premiums alone.
*/
#include <string.h>

#include "compile/compile.h"

/* Opens block `key` of o (an object with only the keys `k`), citing its own source. */
static json_t *block(ybp_load *L, json_t *o, const char *key, const char *const *k, size_t *saved)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL) return NULL;
    *saved = ybp_push(L, key);
    if (!json_is_object(v)) {
        ybp_fail(L, "expected an object");
        return json_null(); /* a non-NULL marker: the caller checks L->err */
    }
    if (ybp_keys(L, v, k) || ybp_source_of(L, v)) return json_null();
    return v;
}

#define FAILED(v) ((v) != NULL && !json_is_object(v))

static int employee_account(ybp_load *L, json_t *e, ybp_rates *r)
{
    static const char *const k[] = {"in_service", "retired", "source", "notes", NULL};
    static const char *const ki[] = {"individual_share", "source", "notes", NULL};
    static const char *const kr[] = {"monthly", "source", "notes", NULL};
    size_t s, s2;
    json_t *a = block(L, e, "account", k, &s), *x;
    if (a == NULL) return 0;
    if (FAILED(a)) return -1;
    const ybp_source *saved = L->src;
    if ((x = block(L, a, "in_service", ki, &s2)) != NULL) {
        if (FAILED(x) || ybp_opt(L, x, "individual_share", YBP_V_RATIO, &r->share_in_service)) return -1;
        ybp_pop(L, s2);
        L->src = saved;
    }
    if ((x = block(L, a, "retired", kr, &s2)) != NULL) {
        if (FAILED(x) || ybp_opt(L, x, "monthly", YBP_V_AMOUNT, &r->retired_monthly)) return -1;
        ybp_pop(L, s2);
        L->src = saved;
    }
    ybp_pop(L, s);
    return 0;
}

int ybp_rates_parse(ybp_load *L, json_t *v, ybp_rates *r)
{
    static const char *const top[] = {"employee", "flexible", "source", "notes", NULL};
    static const char *const ke[] = {"individual_rate", "individual_fixed", "employer_rate",
                                     "account", "source", "notes", NULL};
    static const char *const kf[] = {"rate", "source", "notes", NULL};
    const ybp_source *outer = L->src;
    json_t *x;
    size_t s;
    if (!json_is_object(v))
        return ybp_fail(L, "expected {\"employee\": {rates}, \"flexible\": {\"rate\"}}");
    if (json_object_get(v, "resident"))
        return ybp_push(L, "resident"),
               ybp_fail(L, "resident premiums are annual figures: give them in the table's "
                           "\"annual\" entries, not in an edition");
    if (ybp_keys(L, v, top) || ybp_source_of(L, v)) return -1;
    const ybp_source *mine = L->src;
    for (int k = YBP_K_EMPLOYEE; k <= YBP_K_FLEXIBLE; k++) {
        json_t *b = json_object_get(v, ybp_kind_names[k]);
        if (json_is_object(b) && (json_object_get(b, "base_floor") || json_object_get(b, "base_ceiling")))
            return ybp_push(L, ybp_kind_names[k]), ybp_push(L, "base_floor"),
                   ybp_fail(L, "base floors and ceilings are annual figures: give them in the "
                               "table's \"annual\" entries, with their period");
    }
    if ((x = block(L, v, "employee", ke, &s)) != NULL) {
        if (FAILED(x)) return -1;
        r->path[YBP_K_EMPLOYEE] = ybp_strdup(L->a, L->path);
        if (ybp_opt(L, x, "individual_rate", YBP_V_RATIO, &r->individual_rate) ||
            ybp_opt(L, x, "individual_fixed", YBP_V_AMOUNT, &r->individual_fixed) ||
            ybp_opt(L, x, "employer_rate", YBP_V_RATIO, &r->employer_rate) ||
            employee_account(L, x, r))
            return -1;
        if (r->individual_rate == NULL)
            return ybp_push(L, "individual_rate"),
                   ybp_fail(L, "the employee rates need at least \"individual_rate\"");
        r->has[YBP_K_EMPLOYEE] = 1;
        ybp_pop(L, s);
        L->src = mine;
    }
    if ((x = block(L, v, "flexible", kf, &s)) != NULL) {
        if (FAILED(x) || ybp_opt(L, x, "rate", YBP_V_RATIO, &r->flexible_rate)) return -1;
        if (r->flexible_rate == NULL)
            return ybp_push(L, "rate"), ybp_fail(L, "missing \"rate\"");
        r->path[YBP_K_FLEXIBLE] = ybp_strdup(L->a, L->path);
        r->has[YBP_K_FLEXIBLE] = 1;
        ybp_pop(L, s);
        L->src = mine;
    }
    L->src = outer;
    return 0;
}

/* A base range {"base_floor", "base_ceiling"} of kind k; both are required. */
static int base_range(ybp_load *L, json_t *o, int k, ybp_annual *a)
{
    static const char *const kb[] = {"base_floor", "base_ceiling", "source", "notes", NULL};
    size_t s;
    const ybp_source *saved = L->src;
    json_t *x = block(L, o, ybp_kind_names[k], kb, &s);
    if (x == NULL) return 0;
    if (FAILED(x) || ybp_opt(L, x, "base_floor", YBP_V_AMOUNT, &a->base_floor[k]) ||
        ybp_opt(L, x, "base_ceiling", YBP_V_AMOUNT, &a->base_ceiling[k]))
        return -1;
    if (a->base_floor[k] == NULL && a->base_ceiling[k] == NULL)
        return ybp_fail(L, "a base range needs \"base_floor\", \"base_ceiling\" or both");
    if (a->base_floor[k] && a->base_ceiling[k] && !a->base_floor[k]->select && !a->base_ceiling[k]->select &&
        a->base_ceiling[k]->num < a->base_floor[k]->num)
        return ybp_push(L, "base_ceiling"), ybp_fail(L, "the ceiling is below the floor");
    a->has[k] = 1;
    ybp_pop(L, s);
    L->src = saved;
    return 0;
}

int ybp_annual_parse(ybp_load *L, json_t *v, ybp_annual *a)
{
    static const char *const k[] = {"from", "to", "sources", "employee", "flexible",
                                    "resident", "notes", NULL};
    static const char *const kr[] = {"premium", "subsidy", "source", "notes", NULL};
    const ybp_source *outer = L->src;
    json_t *x;
    size_t s;
    if (!json_is_object(v)) return ybp_fail(L, "expected an annual entry {\"from\", \"to\", …}");
    if (ybp_keys(L, v, k)) return -1;
    a->path = ybp_strdup(L->a, L->path);
    if (ybp_date_of(L, v, "from", 0, &a->from) || ybp_date_of(L, v, "to", 0, &a->to)) return -1;
    if (a->to < a->from) return ybp_push(L, "to"), ybp_fail(L, "the period ends before it starts");
    s = ybp_push(L, "sources");
    if (ybp_sources_list(L, json_object_get(v, "sources"), &a->sources, &a->nsources)) return -1;
    ybp_pop(L, s);
    if (base_range(L, v, YBP_K_EMPLOYEE, a) || base_range(L, v, YBP_K_FLEXIBLE, a)) return -1;
    if ((x = block(L, v, "resident", kr, &s)) != NULL) {
        if (FAILED(x) || ybp_opt(L, x, "premium", YBP_V_AMOUNT, &a->premium) ||
            ybp_opt(L, x, "subsidy", YBP_V_AMOUNT, &a->subsidy))
            return -1;
        if (a->premium == NULL) return ybp_push(L, "premium"), ybp_fail(L, "missing \"premium\"");
        a->has[YBP_K_RESIDENT] = 1;
        ybp_pop(L, s);
    }
    if (!a->has[YBP_K_EMPLOYEE] && !a->has[YBP_K_FLEXIBLE] && !a->has[YBP_K_RESIDENT])
        return ybp_fail(L, "an annual entry needs \"employee\", \"flexible\" or \"resident\"");
    L->src = outer;
    return 0;
}

int ybp_filing_check(ybp_load *L, json_t *v)
{
    static const char *const k[] = {"categories", "channels", "materials", "late_filing",
                                    "change", "source", "cites", "notes", NULL};
    if (!json_is_object(v)) return ybp_fail(L, "expected an object");
    if (ybp_keys(L, v, k) || ybp_source_of(L, v)) return -1;
    /* "cites": {"channels": "src-id", …}: where a part comes from, when not `source`. */
    json_t *cites = json_object_get(v, "cites"), *id;
    const char *part;
    if (cites && !json_is_object(cites)) return ybp_push(L, "cites"), ybp_fail(L, "expected an object");
    json_object_foreach(cites, part, id) {
        if (!json_is_string(id) || ybp_source_find(L->t, json_string_value(id)) == NULL) {
            ybp_push(L, "cites"), ybp_push(L, part);
            return ybp_fail(L, "expected a source id of /sources");
        }
    }
    if (json_object_get(v, "channels") && !json_is_array(json_object_get(v, "channels"))) {
        ybp_push(L, "channels");
        return ybp_fail(L, "expected a list of strings");
    }
    return 0;
}
