/* SPDX-License-Identifier: MIT */
/*
** batch.c
** One claim per line in, one answer per line out, in the input's order (docs/cli.md §
** batch): lines are read in chunks, settled by `jobs` threads that share the table set
** (each with its own engine), written by the caller's callback in order, and forgotten,
** so memory does not grow with the input. Each worker writes its answers straight from
** the typed result into a buffer kept per slot: in steady state no answer allocates.
**
** A bad line is answered in place — an error object, or an error row in CSV — and the
** run goes on. A worker that cannot start has its share settled by the calling thread:
** nothing read is ever lost. A write callback that fails stops the run (YB_ESTOPPED),
** and the stats say how many answers were written.
*/
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

#define CHUNK 512

typedef struct slot {
    ybp_buf in, out; /* the line as read (NUL bytes kept), and its answer */
    long line;
    yb_error err;
    int ok;
} slot;

typedef struct worker {
    pthread_t th;
    int index, started;
    yb_engine *eng;
    yb_claim *claim; /* reparsed line after line: its memory is reused */
    ybp_jarena ja, *jap; /* Jansson's arena, when yb_json_arena_install() was called */
    slot *slots;
    size_t n, first, step;
    const yb_batch_options *opt;
} worker;

/* How grave an error is, for the stats' `worst`: a bug, then a bad claim, then a table. */
static int severity(int code)
{
    return code == YB_EINTERNAL || code == YB_ENOMEM ? 3 : code == YB_ECLAIM ? 2 : code ? 1 : 0;
}

/* A bad line's answer: {"error": {…}} or, in CSV, "line,error,exit,message". */
static void error_answer(ybp_w *w, const slot *s, int format)
{
    int code = s->err.code, exit = code == YB_ENODATE || code == YB_ENODATA ? 3
                                 : code == YB_ENOMEM ? 5 : code < 0 ? -code : code;
    if (format == YB_BATCH_CSV) {
        char head[64], msg[1024];
        snprintf(head, sizeof head, "%ld,error,%d,", s->line, exit);
        ybp_wput(w, head, strlen(head));
        snprintf(msg, sizeof msg, "%s%s%s", s->err.path, s->err.path[0] ? ": " : "", s->err.text);
        ybp_wcsv(w, msg);
        return;
    }
    ybp_wopen(w, '{');
    ybp_wkeyl(w, "error");
    ybp_wopen(w, '{');
    ybp_wkeyl(w, "exit"), ybp_wint(w, exit);
    ybp_wkeyl(w, "code"), ybp_wint(w, code);
    ybp_wkeyl(w, "line"), ybp_wint(w, s->line);
    ybp_wkeyl(w, "column"), ybp_wint(w, s->err.column);
    ybp_wkeyl(w, "path"), ybp_wstr(w, s->err.path);
    ybp_wkeyl(w, "message"), ybp_wstr(w, s->err.text);
    ybp_wclose(w, '}');
    ybp_wclose(w, '}');
}

/* Settles one line into its slot's answer. */
static void one(worker *wk, slot *s)
{
    const yb_batch_options *o = wk->opt;
    yb_options so = YB_OPTIONS_INIT;
    const yb_result *r = NULL;
    ybp_w w = {&s->out, 0, 0, 0, {0}};
    char name[32];
    s->out.len = 0;
    s->out.oom = 0;
    so.lenient = o->lenient;
    snprintf(name, sizeof name, "line %ld", s->line);
    memset(&s->err, 0, sizeof s->err);
    s->ok = ybp_claim_reparse(&wk->claim, wk->eng->ts, s->in.p ? s->in.p : "", s->in.len,
                              name, wk->jap, &s->err) == 0 &&
            yb_settle(&r, wk->eng, wk->claim, &so, &s->err) == 0;
    if (s->ok) {
        if (o->each) o->each(o->each_ctx, wk->index, s->line, r);
        if (o->format == YB_BATCH_CSV) ybp_result_csv(&w, s->line, r);
        else if (o->format != YB_BATCH_NONE)
            ybp_result_write(&w, r, (o->format == YB_BATCH_BRIEF ? YB_JSON_BRIEF : 0) |
                                        (o->json & YB_JSON_EXPLAIN));
    } else if (o->format != YB_BATCH_NONE) {
        error_answer(&w, s, o->format);
    }
    if (o->format != YB_BATCH_NONE) ybp_wput(&w, "\n", 1);
}

static void work(worker *w)
{
    for (size_t i = w->first; i < w->n; i += w->step) one(w, &w->slots[i]);
}

/* A started worker's thread: it alone frees its thread's MPFR caches on the way out. */
static void *thread_main(void *p)
{
    work(p);
    yb_thread_cleanup();
    return NULL;
}

/* Settles a chunk: worker 0 is the calling thread; one that cannot start is run here. */
static void settle_chunk(worker *w, int jobs, slot *slots, size_t n)
{
    for (int j = 0; j < jobs; j++) {
        w[j].slots = slots, w[j].n = n, w[j].first = (size_t)j, w[j].step = (size_t)jobs;
        w[j].started = 0;
    }
    for (int j = 1; j < jobs; j++)
        if (pthread_create(&w[j].th, NULL, thread_main, &w[j]) == 0) w[j].started = 1;
    work(&w[0]);
    for (int j = 1; j < jobs; j++) {
        if (w[j].started) pthread_join(w[j].th, NULL);
        else work(&w[j]);
    }
}

int yb_batch(const yb_tables *ts, FILE *in, yb_batch_write write, void *ctx,
             const yb_batch_options *opt, yb_batch_stats *stats, yb_error *err)
{
    worker w[64];
    slot *slots = NULL;
    char *buf = NULL;
    size_t cap = 0;
    long line = 0;
    int rc = 0;
    yb_batch_stats st = {0, 0, 0, 0, 0};
    YBP_BEGIN(err);
    if (ts == NULL || in == NULL || opt == NULL)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_batch: tables, input and options are required");
    if (opt->version != YB_BATCH_OPTIONS_VERSION)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_batch_options version %u: expected %d",
                       opt->version, YB_BATCH_OPTIONS_VERSION);
    if (opt->jobs < 1 || opt->jobs > 64)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_batch: jobs must be 1 to 64");
    if (opt->format < YB_BATCH_JSONL || opt->format > YB_BATCH_NONE ||
        (write == NULL && opt->format != YB_BATCH_NONE))
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_batch: a format, and a write callback for it");
    memset(w, 0, sizeof w);
    if ((slots = calloc(CHUNK, sizeof *slots)) == NULL)
        return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    for (int j = 0; j < opt->jobs && rc == 0; j++) {
        w[j].index = j;
        w[j].opt = opt;
        w[j].jap = ybp_jarena_installed() ? &w[j].ja : NULL;
        rc = yb_engine_new(&w[j].eng, ts, err);
    }
    while (rc == 0) {
        size_t n = 0;
        ssize_t got;
        while (n < CHUNK && (got = getline(&buf, &cap, in)) >= 0) {
            line++;
            while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == '\r')) got--;
            if (got == 0) continue; /* blank lines are skipped, not answered */
            slot *s = &slots[n];
            s->in.len = 0;
            s->in.oom = 0;
            ybp_w wi = {&s->in, 0, 0, 0, {0}};
            ybp_wput(&wi, buf, (size_t)got); /* getline's length: NUL bytes and all */
            if (s->in.oom) {
                rc = ybp_err(err, YB_ENOMEM, "", (int)line, 0, "", "out of memory at line %ld", line);
                break;
            }
            s->line = line;
            n++;
        }
        if (n == 0 || rc) break;
        settle_chunk(w, opt->jobs, slots, n);
        for (size_t i = 0; i < n; i++) {
            slot *s = &slots[i];
            st.lines++;
            if (s->ok) {
                st.settled++;
            } else {
                st.failed++;
                if (severity(s->err.code) > severity(st.worst)) st.worst = s->err.code;
            }
            if (s->out.oom) {
                rc = ybp_err(err, YB_ENOMEM, "", (int)s->line, 0, "", "out of memory at line %ld", s->line);
                break;
            }
            if (write && write(ctx, s->line, s->out.p ? s->out.p : "", s->out.len, s->ok ? NULL : &s->err)) {
                rc = ybp_err(err, YB_ESTOPPED, "", (int)s->line, 0, "",
                             "the answer to line %ld could not be written", s->line);
                break;
            }
            st.written += write != NULL;
        }
    }
    if (rc == 0 && ferror(in))
        rc = ybp_err(err, YB_ECLAIM, "", (int)line, 0, "", "cannot read the input after line %ld: %s",
                     line, strerror(errno));
    for (int j = 0; j < opt->jobs; j++) {
        yb_engine_free(w[j].eng);
        yb_claim_free(w[j].claim);
        ybp_jarena_free(&w[j].ja);
    }
    for (size_t i = 0; i < CHUNK; i++) ybp_buf_free(&slots[i].in), ybp_buf_free(&slots[i].out);
    free(slots);
    free(buf);
    if (stats) *stats = st;
    return rc;
}
