/* SPDX-License-Identifier: MIT */
/*
** tables.c
** `yibao tables list | show R [--date D] [--json] | lint [DIR] | coverage [--date D]` — what
** the table set holds, one region's rules in force on a date with their sources, a linter,
** and which regions are complete on a date. The library answers in JSON (yb_tables_*);
** this file only renders it.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"tables", 1, "table set directory (default: $YIBAO_TABLES, else the embedded set)"},
    {"date", 1, "show, coverage: the date whose edition to show (show's default: every edition)"},
    {"json", 0, "show, list, lint, coverage: print the library's JSON"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* Runs one inspection call and hands its JSON to `render` (or prints it with --json). */
static int answer(int rc, char *text, yb_error *err, int as_json, int (*render)(json_t *))
{
    if (rc) return cli_fail(err);
    if (as_json) {
        printf("%s\n", text);
        yb_free(text);
        return EXIT_OK;
    }
    json_t *o = json_loads(text, 0, NULL);
    yb_free(text);
    rc = render(o);
    json_decref(o);
    return rc;
}

static int list(json_t *o)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(o, "regions"), i, r) {
        printf("%s  %-8s %-12s", str(r, "code"), str(r, "name"), str(r, "name_en"));
        size_t k;
        json_t *e;
        json_array_foreach(json_object_get(r, "editions"), k, e)
            printf(" %s..%s", str(e, "from"), str(e, "end"));
        json_t *n = json_object_get(r, "sources");
        printf("\n        sources: %lld official, %lld third-party, %lld unverified\n",
               json_integer_value(json_object_get(n, "official")),
               json_integer_value(json_object_get(n, "third-party")),
               json_integer_value(json_object_get(n, "unverified")));
    }
    printf("tables %s\n", str(o, "digest"));
    return EXIT_OK;
}

/* {=== A readable rendering of an edition */

static void inline_value(json_t *v, char *buf, size_t n);

/* Bands as ranges on the axis: "≤40000 80%; >40000 85%". */
static void bands_text(json_t *b, char *buf, size_t n)
{
    const char *prev = "0";
    buf[0] = '\0';
    for (size_t i = 0; i < json_array_size(b); i++) {
        json_t *e = json_array_get(b, i), *to = json_object_get(e, "to");
        char r[512], t[64] = "";
        inline_value(json_object_get(e, "ratio"), r, sizeof r);
        if (to) inline_value(to, t, sizeof t);
        size_t l = strlen(buf);
        int sel = json_is_object(json_object_get(e, "ratio")); /* a selector: bracket it */
        snprintf(buf + l, n - l, "%s%s–%s %s%s%s", i ? "; " : "", prev, to ? t : "", sel ? "(" : "",
                 r, sel ? ")" : "");
        if (to && json_is_string(to)) prev = json_string_value(to);
    }
}

/* A value on one line: a decimal as it is, a selector as "by level: 3 1200 · default 600". */
static void inline_value(json_t *v, char *buf, size_t n)
{
    buf[0] = '\0';
    if (json_is_string(v)) {
        snprintf(buf, n, "%s", json_string_value(v));
    } else if (json_is_array(v) && json_array_size(v) && json_is_object(json_array_get(v, 0)) &&
               json_object_get(json_array_get(v, 0), "ratio")) {
        bands_text(v, buf, n);
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            char x[256];
            inline_value(json_array_get(v, i), x, sizeof x);
            size_t l = strlen(buf);
            snprintf(buf + l, n - l, "%s%s", i ? ", " : "", x);
        }
    } else if (json_is_object(v) && json_object_get(v, "value")) {
        inline_value(json_object_get(v, "value"), buf, n);
    } else if (json_is_object(v) && json_object_get(v, "by")) {
        const char *key;
        json_t *x;
        snprintf(buf, n, "by %s: ", json_string_value(json_object_get(v, "by")));
        json_t *ranges = json_object_get(v, "ranges");
        for (size_t i = 0; i < json_array_size(ranges); i++) {
            json_t *rg = json_array_get(ranges, i);
            char y[512];
            inline_value(json_object_get(rg, "value"), y, sizeof y);
            size_t l = strlen(buf);
            if (json_object_get(rg, "to"))
                snprintf(buf + l, n - l, "%s<%lld → %s", i ? " · " : "", json_integer_value(json_object_get(rg, "to")), y);
            else
                snprintf(buf + l, n - l, "%selse → %s", i ? " · " : "", y);
        }
        int first = 1;
        json_object_foreach(v, key, x) {
            if (!strcmp(key, "by") || !strcmp(key, "source") || !strcmp(key, "notes") || !strcmp(key, "ranges")) continue;
            char y[1024];
            inline_value(x, y, sizeof y);
            size_t l = strlen(buf);
            int nested = json_is_object(x) && json_object_get(x, "by"); /* bracket a selector within */
            snprintf(buf + l, n - l, "%s%s → %s%s%s", first ? "" : " · ", key, nested ? "(" : "", y,
                     nested ? ")" : "");
            first = 0;
        }
    } else if (json_is_object(v)) {
        snprintf(buf, n, "{…}");
    }
}

/* One object: each key on its own line; plain values and selectors inline, blocks nested. */
static void render(json_t *o, int depth)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (!strcmp(key, "notes") || !strcmp(key, "source")) continue;
        int block = json_is_object(v) && !json_object_get(v, "by") && !json_object_get(v, "value");
        int list_of_objects = json_is_array(v) && json_array_size(v) &&
                              json_is_object(json_array_get(v, 0)) &&
                              !json_object_get(json_array_get(v, 0), "ratio");
        const char *src = json_is_object(v) ? json_string_value(json_object_get(v, "source")) : NULL;
        if (block) {
            printf("%*s%s%s%s%s\n", depth * 2, "", key, src ? "  [" : "", src ? src : "", src ? "]" : "");
            render(v, depth + 1);
        } else if (list_of_objects) {
            printf("%*s%s\n", depth * 2, "", key);
            for (size_t i = 0; i < json_array_size(v); i++) {
                json_t *e = json_array_get(v, i);
                const char *es = json_string_value(json_object_get(e, "source"));
                printf("%*s- %s%s%s\n", depth * 2 + 2, "", es ? "[" : "", es ? es : "", es ? "]" : "");
                render(e, depth + 2);
            }
        } else {
            char line[4096];
            inline_value(v, line, sizeof line);
            if (json_is_true(v)) snprintf(line, sizeof line, "yes");
            if (json_is_integer(v)) snprintf(line, sizeof line, "%lld", json_integer_value(v));
            printf("%*s%-18s %s%s%s%s\n", depth * 2, "", key, line, src ? "  [" : "", src ? src : "", src ? "]" : "");
        }
    }
}

/* }=== */

static int show(json_t *o)
{
    size_t k;
    json_t *e, *src = json_object_get(o, "sources");
    printf("%s %s (%s)\n", str(o, "code"), str(o, "name"), str(o, "name_en"));
    json_array_foreach(json_object_get(o, "editions"), k, e) {
        json_t *ed = json_object_get(e, "document"), *v;
        const char *part;
        printf("\nedition %s..%s (%s#/editions/%lld), sources", str(e, "from"), str(e, "end"),
               str(o, "file"), json_integer_value(json_object_get(e, "index")));
        size_t i;
        json_array_foreach(json_object_get(ed, "sources"), i, v) printf("%s%s", i ? ", " : " ", json_string_value(v));
        printf("\n");
        json_object_foreach(ed, part, v) {
            if (!strcmp(part, "from") || !strcmp(part, "to") || !strcmp(part, "sources") ||
                !strcmp(part, "notes") || !strcmp(part, "ended_by") || !strcmp(part, "reviewed"))
                continue;
            json_t *one = json_object();
            json_object_set(one, part, v);
            render(one, 1);
            json_decref(one);
        }
    }
    json_array_foreach(json_object_get(o, "annual"), k, e) {
        json_t *a = json_object_get(e, "document"), *v;
        const char *part;
        printf("\nannual %s..%s (%s#/annual/%lld)\n", str(e, "from"), str(e, "to"), str(o, "file"),
               json_integer_value(json_object_get(e, "index")));
        json_object_foreach(a, part, v) {
            if (!strcmp(part, "from") || !strcmp(part, "to") || !strcmp(part, "sources") ||
                !strcmp(part, "notes"))
                continue;
            json_t *one = json_object();
            json_object_set(one, part, v);
            render(one, 1);
            json_decref(one);
        }
    }
    printf("\nsources (the value's own source is in [brackets]; --json shows the notes):\n");
    const char *id;
    json_t *x;
    json_object_foreach(src, id, x)
        printf("  %-24s [%s] %s%s%s%s%s\n", id, str(x, "reliability"), str(x, "title"),
               json_object_get(x, "doc_no") ? " " : "", str(x, "doc_no"),
               json_object_get(x, "url") ? " " : "", str(x, "url"));
    return EXIT_OK;
}

static int lint(json_t *o)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(o, "items"), i, x) {
        const char *path = str(x, "path");
        printf("%s: %s: %s%s%s\n", str(x, "file"), str(x, "kind"), path, *path ? ": " : "",
               str(x, "message"));
    }
    long long findings = json_integer_value(json_object_get(o, "findings"));
    printf("%lld tables, %lld findings, %lld notes\n", json_integer_value(json_object_get(o, "tables")),
           findings, json_integer_value(json_object_get(o, "notes")));
    return findings ? EXIT_FINDINGS : EXIT_OK;
}

static int coverage(json_t *o)
{
    size_t i;
    json_t *r;
    printf("on %s                employee                  resident\n", str(o, "date"));
    printf("region  name            in  out chr lay con     in  out chr lay con     complete\n");
    json_array_foreach(json_object_get(o, "regions"), i, r) {
        printf("%s  ", str(r, "code"));
        cli_pad(str(r, "name"), 14); /* the loop below starts with two spaces */
        if (!json_is_true(json_object_get(r, "in_force"))) {
            printf("  (no edition in force)\n");
            continue;
        }
        for (int s = 0; s < 2; s++) {
            json_t *x = json_object_get(r, s ? "resident" : "employee");
            printf("  %-3s %-3s %-3s %-3s %-7s", str(x, "inpatient"), str(x, "outpatient"),
                   str(x, "chronic"), json_is_true(json_object_get(x, "layers")) ? "yes" : "-",
                   json_is_true(json_object_get(x, "contributions")) ? "yes" : "-");
        }
        printf("  %s\n", json_is_true(json_object_get(r, "complete")) ? "yes" : "no");
    }
    printf("%lld of %lld regions complete on %s; %lld with an edition in force\n",
           json_integer_value(json_object_get(o, "complete")), json_integer_value(json_object_get(o, "total")),
           str(o, "date"), json_integer_value(json_object_get(o, "in_force")));
    return EXIT_OK;
}

int cmd_tables(int argc, char **argv)
{
    cli_args a;
    yb_error err = {0};
    yb_tables *ts = NULL;
    int rc;
    if ((rc = cli_parse(&a, argc, argv, opts, "tables"))) return rc;
    if (cli_has(&a, opts, "help") || a.noperand == 0) {
        if (a.noperand == 0 && !cli_has(&a, opts, "help"))
            return cli_usage("tables", "give a subcommand: list, show R, lint [DIR] or coverage");
        cli_help("yibao tables list | show R [--date D] [--json] | lint [DIR] | coverage [--date D]",
                 "list: the regions and editions of the table set.\n"
                 "show: one region's parameters (the edition in force on --date), with sources.\n"
                 "lint: load a table set strictly (exit 3 on any error) and report findings\n"
                 "      (exit 1) and notes (unverified or stale sources, nothing in force\n"
                 "      today; exit 0).\n"
                 "coverage: per region, what is in force on --date (default today): care by\n"
                 "      setting, layers, contributions; complete when all are known.",
                 opts);
        return EXIT_OK;
    }
    const char *sub = a.operand[0], *dir = cli_get(&a, opts, "tables");
    if (!strcmp(sub, "lint") && a.noperand > 1) dir = a.operand[1];
    if (strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "lint") && strcmp(sub, "coverage"))
        return cli_usage("tables", "unknown subcommand '%s' (list, show, lint or coverage)", sub);
    if (!strcmp(sub, "show") && a.noperand != 2) return cli_usage("tables", "show takes one region");
    if ((!strcmp(sub, "list") || !strcmp(sub, "coverage")) && a.noperand > 1)
        return cli_usage("tables", "%s takes no argument ('%s' given)", sub, a.operand[1]);
    if (!strcmp(sub, "lint") && a.noperand > 2)
        return cli_usage("tables", "lint takes at most one directory");
    if (cli_open_tables(&ts, dir, &err)) return cli_fail(&err);
    char *text = NULL, today[16];
    const char *date = cli_get(&a, opts, "date");
    int as_json = cli_has(&a, opts, "json");
    int (*draw)(json_t *);
    if (!strcmp(sub, "list")) {
        rc = yb_tables_list_json(&text, ts, &err), draw = list;
    } else if (!strcmp(sub, "show")) {
        rc = yb_tables_describe(&text, ts, a.operand[1], date, &err), draw = show;
    } else if (!strcmp(sub, "coverage")) {
        rc = yb_tables_coverage_json(&text, ts, date ? date : cli_today(today), &err), draw = coverage;
    } else {
        rc = yb_tables_lint_json(&text, ts, cli_today(today), &err), draw = lint;
    }
    rc = answer(rc, text, &err, as_json, draw);
    yb_tables_free(ts);
    return rc;
}
