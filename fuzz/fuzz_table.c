/* SPDX-License-Identifier: MIT */
/*
** fuzz_table.c
** libFuzzer target: any bytes as a table document must load or be refused with an error;
** never crash, leak or misbehave. Seeds: the project's tables/.
*/
#include <stdint.h>
#include <stdlib.h>

#include "yibao.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *texts[1] = {(const char *)data}, *names[1] = {"fuzz.json"};
    size_t lens[1] = {size};
    yb_tables *ts = NULL;
    yb_error err = {0};
    if (yb_tables_open_texts(&ts, 1, texts, lens, names, &err) == 0) {
        /* A table that loads must also describe itself. */
        char *out = NULL;
        if (yb_tables_count(ts) && yb_tables_describe(&out, ts, yb_tables_code(ts, 0), NULL, &err) == 0)
            yb_free(out);
        yb_tables_free(ts);
    } else if (err.code == 0 || ts != NULL) {
        abort(); /* a failure must say why, and return nothing */
    }
    return 0;
}
