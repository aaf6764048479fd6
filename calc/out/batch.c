/* SPDX-License-Identifier: MIT */
/*
** batch.c
** One claim per line in, one answer per line out, in the input's order (docs/cli.md §
** batch): lines are read in chunks, settled by `jobs` threads that share the table set
** (each with its own engine and claim), written by the caller's callback in order, and
** forgotten, so memory does not grow with the input. Each worker writes its answers
** straight from the typed result into a buffer kept per slot: in steady state no answer
** allocates.
**
** With one job the calling thread reads, settles and writes, chunk after chunk. With more,
** `jobs` − 1 threads started once, and the calling thread as the last worker, take lines
** from the chunk in turn (an atomic counter, so a slow line does not hold the others back).
** Two chunks are in flight: while the threads settle one, the calling thread writes the
** chunk before it and reads the one after, then joins the settling — so `jobs` threads are
** busy, never more, and nobody waits for the output. A thread that cannot start leaves its
** share to the others. Nothing read is ever lost.
**
** A bad line is answered in place — an error object, or an error row in CSV — and the
** run goes on. A write callback that fails stops the run (YB_ESTOPPED), and the stats
** say how many answers were written.
*/
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

#define CHUNK 512
#define BLOCK 65536 /* bytes asked of the input at a time */

typedef struct slot {
    const char *text; /* the line as read (NUL bytes kept), in its chunk's text */
    size_t len;
    ybp_buf out;      /* its answer */
    long line;
    yb_error err;
    int ok;
} slot;

/*
** CHUNK lines and the bytes they were read into. The lines are parsed where they were
** read: text holds whole lines, then the start of the next chunk's first line (from
** `used` to `len`), which the next read carries over.
*/
typedef struct chunk {
    slot *slots;
    size_t n;
    char *text;
    size_t len, cap, used;
} chunk;

struct crew;

typedef struct worker {
    pthread_t th;
    int index, started;
    yb_engine *eng;
    yb_claim *claim; /* reparsed line after line: its memory is reused */
    ybp_jarena ja, *jap; /* Jansson's arena, when yb_json_arena_install() was called */
    const yb_batch_options *opt;
    struct crew *crew;
} worker;

/* The threads settling a chunk, and the chunk they are on. */
typedef struct crew {
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    slot *slots;          /* the chunk being settled */
    size_t n;
    atomic_size_t next;   /* the next slot to take */
    long round;           /* bumped for each chunk handed out */
    int busy;             /* workers still on the current chunk */
    int quit;
} crew;

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
    ybp_w w;
    char name[32];
    s->out.len = 0;
    s->out.oom = 0;
    ybp_wbegin(&w, &s->out, 0);
    so.lenient = o->lenient;
    snprintf(name, sizeof name, "line %ld", s->line);
    ybp_err_clear(&s->err);
    s->ok = ybp_claim_reparse(&wk->claim, wk->eng->ts, s->text, s->len, name, wk->jap, &s->err) == 0 &&
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
    ybp_wend(&w); /* oom is the slot's: write_chunk reports it */
}

/* Takes lines of the crew's chunk until there are none left. */
static void take(worker *w, crew *c)
{
    for (size_t i; (i = atomic_fetch_add(&c->next, 1)) < c->n;) one(w, &c->slots[i]);
}

/* A worker's thread: a chunk at a time, until told to quit; it alone frees its thread's
   MPFR caches and JSON arena on the way out. */
static void *thread_main(void *p)
{
    worker *w = p;
    crew *c = w->crew;
    long seen = 0;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (c->round == seen && !c->quit) pthread_cond_wait(&c->go, &c->mu);
        if (c->quit) break;
        seen = c->round;
        pthread_mutex_unlock(&c->mu);
        take(w, c);
        pthread_mutex_lock(&c->mu);
        if (--c->busy == 0) pthread_cond_signal(&c->done);
    }
    pthread_mutex_unlock(&c->mu);
    yb_thread_cleanup();
    return NULL;
}

/* Hands a chunk to the started workers. */
static void crew_start(crew *c, int started, slot *slots, size_t n)
{
    pthread_mutex_lock(&c->mu);
    c->slots = slots;
    c->n = n;
    atomic_store(&c->next, 0);
    c->busy = started;
    c->round++;
    pthread_cond_broadcast(&c->go);
    pthread_mutex_unlock(&c->mu);
}

static void crew_wait(crew *c)
{
    pthread_mutex_lock(&c->mu);
    while (c->busy > 0) pthread_cond_wait(&c->done, &c->mu);
    pthread_mutex_unlock(&c->mu);
}

/*
** Reads up to CHUNK non-blank lines into `to`, starting with what `from` (the chunk read
** before, or `to` itself) holds past its last line; *eof once the input is exhausted.
** The bytes are copied once, from the input's buffer into the chunk's text, and the lines
** are found there with memchr: no copy per line. 0, or an error code.
*/
static int read_chunk(FILE *in, chunk *to, const chunk *from, int *eof, long *line, yb_error *err)
{
    size_t carry = from->len - from->used, pos = 0, scan = 0; /* scan: no '\n' before it */
    size_t off[CHUNK];
    if (to->cap < carry + BLOCK) {
        /* to's own tail must move with it; another chunk's old lines are all written */
        char *t = to == from ? realloc(to->text, carry + BLOCK) : malloc(carry + BLOCK);
        if (t == NULL) return ybp_err(err, YB_ENOMEM, "", (int)*line, 0, "", "out of memory at line %ld", *line);
        if (to != from) free(to->text);
        to->text = t, to->cap = carry + BLOCK;
    }
    if (carry) memmove(to->text, from->text + from->used, carry); /* from's tail, or to's own */
    to->len = carry;
    to->n = 0;
    while (to->n < CHUNK) {
        char *nl = memchr(to->text + scan, '\n', to->len - scan);
        if (nl == NULL && !*eof) { /* a line not yet whole: read more after it */
            if (to->cap - to->len < BLOCK) {
                size_t cap = to->cap * 2 > to->len + BLOCK ? to->cap * 2 : to->len + BLOCK;
                char *t = realloc(to->text, cap);
                if (t == NULL)
                    return ybp_err(err, YB_ENOMEM, "", (int)*line + 1, 0, "", "out of memory at line %ld", *line + 1);
                to->text = t, to->cap = cap;
            }
            size_t got = fread(to->text + to->len, 1, BLOCK, in);
            scan = to->len; /* a long line is scanned once, not again for every block */
            to->len += got;
            *eof = got == 0;
            if (*eof && ferror(in)) to->len = scan = pos; /* a line cut short is not answered:
                                                             yb_batch reports the error */
            continue;
        }
        if (nl == NULL && pos == to->len) break; /* the end of the input */
        size_t end = nl ? (size_t)(nl - to->text) : to->len, next = nl ? end + 1 : end;
        ++*line;
        while (end > pos && to->text[end - 1] == '\r') end--;
        if (end > pos) { /* blank lines are skipped, not answered */
            slot *s = &to->slots[to->n];
            off[to->n++] = pos;
            s->len = end - pos;
            s->line = *line;
        }
        pos = scan = next;
    }
    to->used = pos;
    for (size_t i = 0; i < to->n; i++) to->slots[i].text = to->text + off[i];
    return 0;
}

/* Hands a settled chunk's answers to the caller, in order, and counts them. */
static int write_chunk(slot *slots, size_t n, yb_batch_write write, void *ctx, yb_batch_stats *st,
                       yb_error *err)
{
    for (size_t i = 0; i < n; i++) {
        slot *s = &slots[i];
        st->lines++;
        if (s->ok) {
            st->settled++;
        } else {
            st->failed++;
            if (severity(s->err.code) > severity(st->worst)) st->worst = s->err.code;
        }
        if (s->out.oom)
            return ybp_err(err, YB_ENOMEM, "", (int)s->line, 0, "", "out of memory at line %ld", s->line);
        if (write && write(ctx, s->line, s->out.p ? s->out.p : "", s->out.len, s->ok ? NULL : &s->err))
            return ybp_err(err, YB_ESTOPPED, "", (int)s->line, 0, "",
                           "the answer to line %ld could not be written", s->line);
        st->written += write != NULL;
    }
    return 0;
}

int yb_batch(const yb_tables *ts, FILE *in, yb_batch_write write, void *ctx,
             const yb_batch_options *opt, yb_batch_stats *stats, yb_error *err)
{
    worker w[64];
    crew c = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
              NULL, 0, 0, 0, 0, 0};
    chunk ch[2];
    long line = 0;
    int rc = 0, started = 0, eof = 0;
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
    memset(ch, 0, sizeof ch);
    if ((ch[0].slots = calloc(CHUNK, sizeof *ch[0].slots)) == NULL ||
        (opt->jobs > 1 && (ch[1].slots = calloc(CHUNK, sizeof *ch[1].slots)) == NULL)) {
        free(ch[0].slots);
        return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    }
    for (int j = 0; j < opt->jobs && rc == 0; j++) {
        w[j].index = j;
        w[j].opt = opt;
        w[j].crew = &c;
        w[j].jap = ybp_jarena_installed() ? &w[j].ja : NULL;
        rc = yb_engine_new(&w[j].eng, ts, err);
    }
    /* Helper threads, when more than one job: workers 0..started-1; the calling thread is
       the last worker (the `each` index), w[jobs - 1]. */
    for (int j = 0; j < opt->jobs - 1 && rc == 0; j++) {
        w[started].index = started; /* a worker that did not start leaves no gap */
        if (pthread_create(&w[started].th, NULL, thread_main, &w[started]) == 0)
            w[started].started = 1, started++;
    }
    worker *self = &w[opt->jobs - 1]; /* index jobs - 1, set with its engine */
    if (rc == 0) rc = read_chunk(in, &ch[0], &ch[0], &eof, &line, err);
    if (opt->jobs == 1) { /* one job: read, settle, write in turn */
        while (rc == 0 && ch[0].n > 0) {
            crew_start(&c, 0, ch[0].slots, ch[0].n);
            take(self, &c);
            rc = write_chunk(ch[0].slots, ch[0].n, write, ctx, &st, err);
            if (rc == 0) rc = read_chunk(in, &ch[0], &ch[0], &eof, &line, err);
        }
    }
    int settling = 0; /* the helpers are on a chunk: wait for them before anything is freed */
    if (opt->jobs > 1 && rc == 0 && ch[0].n > 0) crew_start(&c, started, ch[0].slots, ch[0].n), settling = 1;
    for (int k = 0; opt->jobs > 1 && rc == 0 && ch[k].n > 0; k ^= 1) {
        /* Chunk k is being settled: read chunk k ^ 1 (written out last round) from where k's
           lines end, help with k, hand k ^ 1 to the helpers at once, and write k while they
           settle it. */
        int read_rc = read_chunk(in, &ch[k ^ 1], &ch[k], &eof, &line, err);
        take(self, &c);
        crew_wait(&c), settling = 0;
        if (read_rc == 0 && ch[k ^ 1].n > 0) crew_start(&c, started, ch[k ^ 1].slots, ch[k ^ 1].n), settling = 1;
        rc = write_chunk(ch[k].slots, ch[k].n, write, ctx, &st, err);
        if (rc == 0) rc = read_rc;
    }
    if (settling) crew_wait(&c);
    if (rc == 0 && ferror(in))
        rc = ybp_err(err, YB_ECLAIM, "", (int)line, 0, "", "cannot read the input after line %ld: %s",
                     line, strerror(errno));
    pthread_mutex_lock(&c.mu);
    c.quit = 1;
    pthread_cond_broadcast(&c.go);
    pthread_mutex_unlock(&c.mu);
    for (int j = 0; j < started; j++) pthread_join(w[j].th, NULL);
    for (int j = 0; j < opt->jobs; j++) {
        yb_engine_free(w[j].eng);
        yb_claim_free(w[j].claim);
        ybp_jarena_free(&w[j].ja);
    }
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; ch[k].slots && i < CHUNK; i++) ybp_buf_free(&ch[k].slots[i].out);
        free(ch[k].slots);
        free(ch[k].text);
    }
    if (stats) *stats = st;
    return rc;
}
