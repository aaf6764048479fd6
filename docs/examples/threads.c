/* SPDX-License-Identifier: MIT */
/*
** threads.c
** The streaming batch API from four threads at once, sharing one table set: each thread
** feeds its own claims (one per line) to yb_batch, with two workers of its own, and sums
** what the funds pay from the typed results (the `each` callback, one total per worker,
** no locks). Every thread must find the same totals (docs/ffi.md).
** Build: cc threads.c $(pkg-config --cflags --libs yibao) -pthread
*/
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yibao.h"

#define CLAIMS 2000

static const yb_tables *tables;

typedef struct job {
    long long fund[2]; /* per worker */
    long lines_written;
    yb_batch_stats stats;
    int rc;
} job;

static void each(void *ctx, int worker, long line, const yb_result *r)
{
    (void)line;
    ((job *)ctx)->fund[worker] += yb_result_amount(r, YB_F_FUND_PAY_SUMAMT);
}

static int written(void *ctx, long line, const char *text, size_t len, const yb_error *e)
{
    (void)line, (void)text, (void)len, (void)e;
    ((job *)ctx)->lines_written++;
    return 0;
}

static void *run(void *p)
{
    job *j = p;
    char *buf = NULL;
    size_t size = 0;
    FILE *in = open_memstream(&buf, &size);
    for (int i = 0; i < CLAIMS; i++)
        fprintf(in, "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": "
                    "\"adult\", \"tier\": \"A\"}, \"visit\": {\"date\": \"2023-06-01\", \"setting\": "
                    "\"inpatient\", \"level\": \"3\"}, \"lines\": [{\"amount\": \"%d.%02d\", "
                    "\"class\": \"A\"}]}\n", 1000 + i * 37, i % 100);
    fclose(in);
    in = fmemopen(buf, size, "r");
    yb_batch_options o = YB_BATCH_OPTIONS_INIT;
    yb_error err;
    o.jobs = 2;
    o.format = YB_BATCH_BRIEF;
    o.each = each;
    o.each_ctx = j;
    j->rc = yb_batch(tables, in, written, j, &o, &j->stats, &err);
    fclose(in);
    free(buf);
    yb_thread_cleanup();
    return NULL;
}

int main(void)
{
    yb_tables *ts = NULL;
    yb_error err;
    pthread_t th[4];
    job jobs[4];
    memset(jobs, 0, sizeof jobs);
    if (yb_tables_open(&ts, NULL, &err)) return fprintf(stderr, "%s\n", err.text), 1;
    tables = ts;
    for (int t = 0; t < 4; t++) pthread_create(&th[t], NULL, run, &jobs[t]);
    for (int t = 0; t < 4; t++) pthread_join(th[t], NULL);
    int ok = 1;
    for (int t = 0; t < 4; t++) {
        long long total = jobs[t].fund[0] + jobs[t].fund[1];
        printf("thread %d: rc %d, %ld settled, %ld written, funds pay %lld fen\n", t, jobs[t].rc,
               jobs[t].stats.settled, jobs[t].lines_written, total);
        ok &= jobs[t].rc == 0 && jobs[t].stats.settled == CLAIMS &&
              jobs[t].lines_written == CLAIMS && total == jobs[0].fund[0] + jobs[0].fund[1];
    }
    yb_tables_free(ts);
    yb_thread_cleanup();
    puts(ok ? "threads: all equal" : "threads: MISMATCH");
    return ok ? 0 : 1;
}
