/*
** batch.c
** `yibao batch [--jobs N] [IN.jsonl | -]` — one claim per line in, one result per line out,
** in the same order. Streaming: lines are read in chunks, settled (by N threads sharing one
** table set, each with its own engine), written, and forgotten, so memory does not grow
** with the input. A bad line is answered on its own line with an error object and the run
** goes on. Exit 0 when every line settled; otherwise the highest exit code met (4 for a
** bad claim, 5 for an internal error), with every other line still answered.
*/
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"jobs", 1, "threads settling in parallel (default 1)"},
    {"csv", 0, "one CSV row per claim with the setlinfo fields (errors as an error row)"},
    {"tables", 1, "table set directory (default: $YIBAO_TABLES, else the embedded set)"},
    {"lenient", 0, "with no edition in force on a date, use the latest one (and say so)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

#define CHUNK 512

typedef struct slot {
    char *in;    /* the claim line */
    size_t len;
    long lineno;
    char *out;   /* the result (compact JSON), or NULL on error */
    yb_error err;
} slot;

typedef struct worker {
    pthread_t th;
    yb_engine *eng;
    slot *slots;
    size_t n, first, step;
    yb_options opt;
    int started;
} worker;

static void *work(void *p)
{
    worker *w = p;
    for (size_t i = w->first; i < w->n; i += w->step) {
        slot *s = &w->slots[i];
        memset(&s->err, 0, sizeof s->err);
        s->out = NULL;
        yb_estimate_json(&s->out, w->eng, s->in, s->len, &w->opt, &s->err);
    }
    if (w->step > 1 && w->first > 0) yb_thread_cleanup(); /* MPFR's caches are per thread */
    return NULL;
}

/* A CSV field, quoted per RFC 4180 when it holds a comma, a quote or a line break. */
static void csv_text(const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"') putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static void emit_error(const slot *s, const char *name, int csv)
{
    json_t *e = json_object(), *o = json_object();
    json_object_set_new(e, "exit", json_integer(cli_exit_of(s->err.code)));
    json_object_set_new(e, "source", json_string(name));
    json_object_set_new(e, "line", json_integer(s->lineno));
    json_object_set_new(e, "column", json_integer(s->err.column));
    json_object_set_new(e, "path", json_string(s->err.path));
    /* the message may hold bytes of the bad line: keep only valid UTF-8 for JSON */
    json_t *m = json_string(s->err.text);
    json_object_set_new(e, "message", m ? m : json_string("(the message is not valid UTF-8)"));
    if (csv) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s%s%s", s->err.path, s->err.path[0] ? ": " : "", s->err.text);
        printf("%ld,error,%d,", s->lineno, cli_exit_of(s->err.code));
        csv_text(msg);
        putchar('\n');
    } else {
        json_object_set_new(o, "error", e);
        char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        printf("%s\n", t);
        free(t);
        e = NULL;
    }
    json_decref(e);
    json_decref(o);
    fprintf(stderr, "yibao: %s:%ld:%d: %s%s%s\n", name, s->lineno, s->err.column, s->err.path,
            s->err.path[0] ? ": " : "", s->err.text);
}

/* Settles one chunk with `jobs` workers; 0, or -1 when a thread could not start (the
   chunk is then settled by this thread: nothing is lost). */
static void settle_chunk(worker *w, int jobs, slot *slots, size_t n)
{
    int started = 0;
    for (int j = 0; j < jobs; j++) {
        w[j].slots = slots, w[j].n = n, w[j].first = (size_t)j, w[j].step = (size_t)jobs;
        w[j].started = 0;
    }
    for (int j = 1; j < jobs; j++) /* worker 0 is this thread */
        if (pthread_create(&w[j].th, NULL, work, &w[j]) == 0) w[j].started = 1, started++;
    work(&w[0]);
    for (int j = 1; j < jobs; j++)
        if (w[j].started) pthread_join(w[j].th, NULL);
        else work(&w[j]); /* could not start: its share is settled here, in order */
    (void)started;
}

int cmd_batch(int argc, char **argv)
{
    cli_args a;
    yb_error err = {0};
    yb_tables *ts = NULL;
    worker w[64];
    slot slots[CHUNK];
    int rc, jobs = 1, worst = 0, csv, tty = isatty(2);
    long lineno = 0, done = 0;
    FILE *in = stdin;
    char *buf = NULL;
    size_t cap = 0;
    memset(w, 0, sizeof w);
    if ((rc = cli_parse(&a, argc, argv, opts, "batch"))) return rc;
    if (cli_has(&a, opts, "help")) {
        cli_help("yibao batch [--jobs N] [--csv] [IN.jsonl | -]",
                 "One claim (yibao-claim/1) per line in, one result per line out, in order.\n"
                 "A bad line gets {\"error\": {…}} on its line (and a message on stderr); the\n"
                 "run goes on. Exit 0 when every line settled, else 4 (bad claims) or 5;\n"
                 "6 when the output could not be written (the message says how many were).",
                 opts);
        return EXIT_OK;
    }
    if (a.noperand > 1) return cli_usage("batch", "give one input file, or none for stdin");
    if (cli_get(&a, opts, "jobs")) {
        char *end;
        long j = strtol(cli_get(&a, opts, "jobs"), &end, 10);
        if (*end || j < 1 || j > 64) return cli_usage("batch", "--jobs takes 1 to 64");
        jobs = (int)j;
    }
    csv = cli_has(&a, opts, "csv");
    const char *name = a.noperand && strcmp(a.operand[0], "-") ? a.operand[0] : "<stdin>";
    if (a.noperand && strcmp(a.operand[0], "-") && (in = fopen(a.operand[0], "rb")) == NULL) {
        fprintf(stderr, "yibao: %s: cannot read the input: %s\n", a.operand[0], strerror(errno));
        return EXIT_CLAIM;
    }
    if (cli_open_tables(&ts, cli_get(&a, opts, "tables"), &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    for (int j = 0; j < jobs; j++) {
        if (yb_engine_new(&w[j].eng, ts, &err)) {
            rc = cli_fail(&err);
            goto out;
        }
        w[j].opt = (yb_options)YB_OPTIONS_INIT;
        w[j].opt.lenient = cli_has(&a, opts, "lenient");
    }
    if (csv) cli_csv_header("line");
    for (;;) {
        size_t n = 0;
        ssize_t got;
        while (n < CHUNK && (got = getline(&buf, &cap, in)) >= 0) {
            lineno++;
            while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == '\r')) buf[--got] = '\0';
            if (got == 0) continue; /* blank lines are skipped, not answered */
            /* The line as read, NUL bytes and all: its length is getline's, not strlen's. */
            if ((slots[n].in = malloc((size_t)got + 1)) == NULL) {
                fprintf(stderr, "yibao: out of memory at line %ld\n", lineno);
                worst = EXIT_INTERNAL;
                break;
            }
            memcpy(slots[n].in, buf, (size_t)got + 1);
            slots[n].len = (size_t)got;
            slots[n].lineno = lineno;
            n++;
        }
        if (n == 0) break;
        settle_chunk(w, jobs, slots, n);
        for (size_t i = 0; i < n; i++) {
            if (slots[i].out) {
                if (csv) {
                    json_t *r = json_loads(slots[i].out, 0, NULL);
                    char ln[24];
                    snprintf(ln, sizeof ln, "%ld", slots[i].lineno);
                    cli_csv_row(ln, r);
                    json_decref(r);
                } else {
                    printf("%s\n", slots[i].out);
                }
            } else {
                emit_error(&slots[i], name, csv);
                if (cli_exit_of(slots[i].err.code) > worst) worst = cli_exit_of(slots[i].err.code);
            }
            yb_free(slots[i].out);
            free(slots[i].in);
        }
        /* One flush per chunk: a write that failed stops the run, saying how far it got. */
        if (cli_output_ok()) {
            fprintf(stderr, "yibao: batch stopped: %ld results were written, the chunk ending "
                            "at line %ld was not\n", done, lineno);
            rc = EXIT_OUTPUT;
            goto out;
        }
        done += (long)n;
        if (tty) fprintf(stderr, "\ryibao batch: %ld claims", done);
    }
    if (tty) fprintf(stderr, "\n");
    if (ferror(in)) {
        fprintf(stderr, "yibao: %s: cannot read the input after line %ld: %s\n", name, lineno,
                strerror(errno));
        rc = EXIT_CLAIM;
        goto out;
    }
    rc = worst;
out:
    free(buf);
    for (int j = 0; j < jobs; j++) yb_engine_free(w[j].eng);
    yb_tables_free(ts);
    if (in != stdin) fclose(in);
    return rc;
}
