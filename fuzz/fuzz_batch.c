/* SPDX-License-Identifier: MIT */
/*
** fuzz_batch.c
** libFuzzer target: any bytes — NUL bytes, invalid UTF-8, long lines, no final newline —
** as a batch input, through yb_batch with one or two workers and every format, Jansson
** on yibao's arena allocator as in the CLI. What must
** hold: the run ends; every non-blank line is answered exactly once, in order; an
** answer is a result or a claim/table error, never an internal one; nothing leaks.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yibao.h"

static yb_tables *ts;

typedef struct seen {
    long last, answers;
} seen;

static int check(void *ctx, long line, const char *text, size_t len, const yb_error *e)
{
    seen *s = ctx;
    if (line <= s->last || len == 0 || text[len - 1] != '\n') abort(); /* in order, one line each */
    if (e && (e->code == YB_EINTERNAL || e->code == 0)) abort();
    s->last = line;
    s->answers++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yb_error err;
    if (ts == NULL && (yb_tables_open(&ts, NULL, &err) || yb_json_arena_install())) abort();
    if (size < 2) return 0; /* fmemopen cannot open zero bytes; an empty input is tested in check_batch */
    FILE *in = fmemopen((void *)(data + 1), size - 1, "r");
    if (in == NULL) return 0;
    yb_batch_options o = YB_BATCH_OPTIONS_INIT;
    o.jobs = 1 + (data[0] & 1);
    o.format = YB_BATCH_JSONL + ((data[0] >> 1) % 3);
    o.lenient = (data[0] >> 3) & 1;
    seen s = {0, 0};
    yb_batch_stats st;
    int rc = yb_batch(ts, in, check, &s, &o, &st, &err);
    fclose(in);
    /* every non-blank line was answered once */
    long lines = 0;
    for (size_t i = 1, start = 1; i <= size; i++)
        if (i == size || data[i] == '\n') {
            size_t n = i - start;
            while (n > 0 && (data[start + n - 1] == '\r')) n--;
            lines += n > 0;
            start = i + 1;
        }
    if (rc != 0 || st.lines != s.answers || s.answers != lines) abort();
    return 0;
}
