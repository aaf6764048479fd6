/* SPDX-License-Identifier: MIT */
/*
** batch.c
** `yibao batch [--jobs N] [--format jsonl|compact|csv] [IN.jsonl | -]` — one claim per
** line in, one answer per line out, in the same order, through the library's yb_batch
** (threads, chunks, answers written from the typed results). A bad line is answered on its
** own line with an error object and the run goes on. With --summary, no answer per line:
** exact totals by region, scheme, setting, place and level (summary.c). Exit 0 when every line settled; otherwise the
** most severe exit code met (4 for a bad claim, 5 for an internal error), with every other
** line still answered; 6 when the output could not be written.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"jobs", 1, "threads settling in parallel (default 1)"},
    {"format", 1, "jsonl (default: the full result), compact (identifiers, setlinfo, setldetail) or "
                   "csv; with --summary: text (default), csv or json"},
    {"summary", 0, "print exact totals by region, scheme, setting, place and level instead"},
    {"csv", 0, "the same as --format csv"},
    {"explain", 0, "jsonl: add each result's explain trace"},
    {"tables", 1, "table set directory (default: $YIBAO_TABLES, else the embedded set)"},
    {"lenient", 0, "with no edition in force on a date, use the latest one (and say so)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

/* The answers go to stdout, a chunk at a time; a bad line also to stderr, located. */
typedef struct sink {
    const char *name;
    int tty;
    long written;
} sink;

static int write_answer(void *ctx, long line, const char *text, size_t len, const yb_error *e)
{
    sink *k = ctx;
    if (e)
        fprintf(stderr, "yibao: %s:%ld:%d: %s%s%s\n", k->name, line, e->column, e->path,
                e->path[0] ? ": " : "", e->text);
    if (len && fwrite(text, 1, len, stdout) != len) return -1;
    k->written++;
    if (k->written % 512 == 0) {
        if (cli_output_ok()) return -1; /* one flush per chunk: a failed write stops the run */
        if (k->tty) fprintf(stderr, "\ryibao batch: %ld claims", k->written);
    }
    return 0;
}

int cmd_batch(int argc, char **argv)
{
    cli_args a;
    yb_error err = {0};
    yb_tables *ts = NULL;
    yb_batch_options bo = YB_BATCH_OPTIONS_INIT;
    yb_batch_stats st;
    FILE *in = stdin;
    int rc;
    if ((rc = cli_parse(&a, argc, argv, opts, "batch"))) return rc;
    if (cli_has(&a, opts, "help")) {
        cli_help("yibao batch [--jobs N] [--format jsonl|compact|csv] [--explain] [IN.jsonl | -]\n"
                 "       yibao batch --summary [--format text|csv|json] [--jobs N] [IN.jsonl | -]",
                 "One claim (yibao-claim/1) per line in, one answer per line out, in order.\n"
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
        bo.jobs = (int)j;
    }
    const char *f = cli_get(&a, opts, "format");
    int summary = cli_has(&a, opts, "summary");
    if (cli_has(&a, opts, "csv")) f = "csv"; /* the old flag, kept as an alias */
    if (summary) {
        if (f == NULL) f = "text";
        if (strcmp(f, "text") && strcmp(f, "csv") && strcmp(f, "json"))
            return cli_usage("batch", "with --summary, --format takes text, csv or json");
        if (cli_has(&a, opts, "explain")) return cli_usage("batch", "--explain has no place in a summary");
    } else if (f && !strcmp(f, "csv")) {
        bo.format = YB_BATCH_CSV;
    } else if (f && (!strcmp(f, "compact") || !strcmp(f, "brief"))) { /* brief: 0.2's name */
        bo.format = YB_BATCH_BRIEF;
    } else if (f && strcmp(f, "jsonl")) {
        return cli_usage("batch", "--format takes jsonl, compact or csv");
    }
    if (cli_has(&a, opts, "explain")) bo.json = YB_JSON_EXPLAIN;
    bo.lenient = cli_has(&a, opts, "lenient");
    sink k = {a.noperand && strcmp(a.operand[0], "-") ? a.operand[0] : "<stdin>", isatty(2), 0};
    if (a.noperand && strcmp(a.operand[0], "-") && (in = fopen(a.operand[0], "rb")) == NULL) {
        fprintf(stderr, "yibao: %s: cannot read the input: %s\n", a.operand[0], strerror(errno));
        return EXIT_CLAIM;
    }
    if (cli_open_tables(&ts, cli_get(&a, opts, "tables"), &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    /* Lines come in and answers leave in large reads and writes: the thread that does
       both also settles, so every system call it saves is settling time. */
    static char inbuf[1 << 20], outbuf[1 << 20];
    setvbuf(in, inbuf, _IOFBF, sizeof inbuf);
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    cli_summary *sum = NULL;
    if (summary && (sum = cli_summary_new(&bo)) == NULL) {
        fprintf(stderr, "yibao: out of memory\n");
        rc = EXIT_INTERNAL;
        goto out;
    }
    if (bo.format == YB_BATCH_CSV) cli_csv_header("line");
    rc = yb_batch(ts, in, write_answer, &k, &bo, &st, &err);
    if (k.tty) fprintf(stderr, "\n");
    int printed = rc == 0 && sum ? cli_summary_print(sum, f, &st) : EXIT_OK;
    cli_summary_free(sum);
    if (rc == YB_ESTOPPED || (rc == 0 && cli_output_ok())) {
        fprintf(stderr, "yibao: batch stopped: the output could not be written; %ld results were "
                        "written\n", k.written);
        rc = EXIT_OUTPUT;
    } else if (rc) {
        fprintf(stderr, "yibao: %s: %s\n", k.name, err.text);
        rc = cli_exit_of(err.code);
    } else {
        rc = printed ? printed : st.worst ? cli_exit_of(st.worst) : EXIT_OK;
    }
out:
    yb_tables_free(ts);
    if (in != stdin) fclose(in);
    return rc;
}
