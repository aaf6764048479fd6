/* SPDX-License-Identifier: MIT */
/*
** fuzz_estimate.c
** libFuzzer target: any bytes as a claim, settled against the embedded table set through
** the JSON-in/JSON-out call. Every input must give a result or a claim/table error; an
** internal error (a broken identity) aborts, so the fuzzer reports it. Seeds: the claims
** of tests/examples/. With FUZZ_CLAIM_ONLY, only the claim parser is exercised.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yibao.h"

static yb_tables *ts;
static yb_engine *eng;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yb_error err = {0};
    if (ts == NULL) {
        if (yb_tables_open(&ts, NULL, &err) || yb_engine_new(&eng, ts, &err)) abort();
    }
#ifdef FUZZ_CLAIM_ONLY
    yb_claim *c = NULL;
    if (yb_claim_parse(&c, ts, (const char *)data, size, "fuzz", &err) == 0) yb_claim_free(c);
    else if (err.code != YB_ECLAIM) abort();
#else
    char *out = NULL;
    yb_options o = YB_OPTIONS_INIT;
    o.lenient = size % 2; /* exercise both */
    int rc = yb_estimate_json(&out, eng, (const char *)data, size, &o, &err);
    if (rc == 0) yb_free(out);
    else if (rc == YB_EINTERNAL || rc == YB_ENOMEM || err.code == 0) abort();
#endif
    return 0;
}
