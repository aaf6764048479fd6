/* SPDX-License-Identifier: MIT */
/*
** simulate.c
** `yibao simulate --tables A --against B [--jobs N] [--format text|csv|json] CLAIMS.jsonl`
** — a policy what-if (精算测算): every claim settled under table set A and again under B,
** exact fund totals under each and the change (B − A), by insured region, scheme,
** setting, place and level (docs/cli.md § simulate). "What if the 三级 ratio rose 5
** points?" is a copy of the tables with that ratio changed, given as B.
**
** Both runs go through yb_batch with the totals kept per worker (summary.c), so a year of
** claims costs two batch runs and no output per line. A claim refused under one set and
** not the other is reported on stderr with its line and counted; the totals are of the
** claims each set settled.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"tables", 1, "table set A, the baseline (default: $YIBAO_TABLES, else the embedded set)"},
    {"against", 1, "table set B, the what-if (a directory)"},
    {"jobs", 1, "threads settling in parallel (default 1)"},
    {"format", 1, "text (default), csv or json (yibao-simulate/1)"},
    {"lenient", 0, "with no edition in force on a date, use the latest one (and say so)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

typedef struct side {
    const char *name, *set;
} side;

static int refused(void *ctx, long line, const char *text, size_t len, const yb_error *e)
{
    const side *s = ctx;
    (void)text, (void)len;
    if (e) fprintf(stderr, "yibao: %s:%ld: under %s: %s%s%s\n", s->name, line, s->set, e->path, e->path[0] ? ": " : "", e->text);
    return 0;
}

/* Settles every line of `path` under the tables of `dir` into a fresh summary. */
static int run(const char *path, const char *dir, const char *set, int jobs, int lenient, cli_summary **out,
               yb_batch_stats *st)
{
    yb_error err;
    yb_tables *ts = NULL;
    yb_batch_options bo = YB_BATCH_OPTIONS_INIT;
    FILE *in = fopen(path, "rb");
    int rc;
    if (in == NULL) {
        fprintf(stderr, "yibao: %s: cannot read the claims: %s\n", path, strerror(errno));
        return EXIT_CLAIM;
    }
    if (cli_open_tables(&ts, dir, &err)) {
        fclose(in);
        fprintf(stderr, "yibao: table set %s: ", set);
        return cli_fail(&err);
    }
    bo.jobs = jobs, bo.lenient = lenient;
    side s = {path, set};
    if ((*out = cli_summary_new(&bo)) == NULL) rc = EXIT_INTERNAL;
    else if ((rc = yb_batch(ts, in, refused, &s, &bo, st, &err)) != 0) rc = cli_fail(&err);
    fclose(in);
    yb_tables_free(ts);
    return rc;
}

int cmd_simulate(int argc, char **argv)
{
    cli_args a;
    cli_summary *sa = NULL, *sb = NULL;
    yb_batch_stats sta, stb;
    int rc, jobs = 1;
    if ((rc = cli_parse(&a, argc, argv, opts, "simulate"))) return rc;
    if (cli_has(&a, opts, "help")) {
        cli_help("yibao simulate [--tables A] --against B [--jobs N] [--format text|csv|json] CLAIMS.jsonl",
                 "A policy what-if: every claim settled under table set A and under B; exact fund\n"
                 "totals under each and the change (B − A), by insured region, scheme, setting,\n"
                 "place and level. B is a copy of the tables with the rule in question changed.",
                 opts);
        return EXIT_OK;
    }
    const char *f = cli_get(&a, opts, "format") ? cli_get(&a, opts, "format") : "text";
    if (strcmp(f, "text") && strcmp(f, "csv") && strcmp(f, "json"))
        return cli_usage("simulate", "--format takes text, csv or json");
    if (a.noperand != 1 || !strcmp(a.operand[0], "-"))
        return cli_usage("simulate", "give one claims file (it is read twice, so not stdin)");
    if (!cli_get(&a, opts, "against")) return cli_usage("simulate", "give --against B, the what-if table set");
    if (cli_get(&a, opts, "jobs")) {
        char *end;
        long j = strtol(cli_get(&a, opts, "jobs"), &end, 10);
        if (*end || j < 1 || j > 64) return cli_usage("simulate", "--jobs takes 1 to 64");
        jobs = (int)j;
    }
    int lenient = cli_has(&a, opts, "lenient");
    if ((rc = run(a.operand[0], cli_get(&a, opts, "tables"), "A", jobs, lenient, &sa, &sta)) == 0 &&
        (rc = run(a.operand[0], cli_get(&a, opts, "against"), "B", jobs, lenient, &sb, &stb)) == 0)
        rc = cli_summary_change(sa, sb, f, &sta, &stb);
    cli_summary_free(sa);
    cli_summary_free(sb);
    return rc;
}
