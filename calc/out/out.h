/*
** out.h
** What leaves the library: results as JSON (result.c), a year of visits (year.c),
** contributions (contrib.c), and the table set described, listed, linted and measured
** for coverage (inspect.c) — each built from the engine's and the model's values, never
** from text another writer printed.
*/
#ifndef YBP_OUT_H
#define YBP_OUT_H

#include "settle/settle.h"

/* The result as a yibao-result/1 object, and a ledger as its JSON (result.c). */
YBP_FUNC json_t *ybp_result_build(const yb_result *r);
YBP_FUNC json_t *ybp_ledger_json(const ybp_ledger *g);
/* {"reliability", "checked", "sources": [...]} of the sources a result used (result.c). */
YBP_FUNC json_t *ybp_sources_json(const yb_result *r);

#endif
