/* SPDX-License-Identifier: MIT */
/*
** ledger.c
** Step 9: the year's accumulators (docs/claims.md § Year ledger) — admissions, the
** deductible paid per setting, the band axis and the fund paid per cap group, each
** year-scope layer's basis and payment — carried as values from visit to visit, and kept
** within what a claim may give back.
*/
#include <string.h>

#include "settle/settle.h"

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

/*
** The ledger the result carries must be one a claim may give back (amounts below 10^16
** yuan): a year past that is refused here rather than written and then refused.
*/
int ybp_ledger_bounds(yb_engine *e, const yb_claim *c)
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
