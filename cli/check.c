/* SPDX-License-Identifier: MIT */
/*
** check.c
** `yibao check FILE|DIR…` — settle published worked examples (docs/cases.md, yibao-case/1) and
** compare every expected field to the fen. A case's table is inline (the example's own
** parameters: the engine is tested) or {"ref": code} (the project's table: the data is
** tested too). Visits chain: each starts from the previous one's year_to_date_after.
** Ends with "N passed, N failed, N skipped"; xfail cases count as skipped.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"tables", 1, "table set for {\"ref\": …} cases (default: the embedded set)"},
    {"verbose", 0, "print every case, not only failures"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

typedef struct run {
    int passed, failed, skipped, verbose, tty;
    const char *tables_dir;
    yb_tables *project; /* opened on first {"ref"} */
} run;

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Follows a dotted path ("setlinfo.hifp_pay", "year_to_date_after.layers.hifmi.paid"). */
static json_t *dig(json_t *o, const char *path)
{
    char buf[256], *save = NULL, *tok;
    snprintf(buf, sizeof buf, "%s", path);
    for (tok = strtok_r(buf, ".", &save); tok && o; tok = strtok_r(NULL, ".", &save)) {
        if (json_is_array(o)) o = json_array_get(o, (size_t)strtoul(tok, NULL, 10));
        else o = json_object_get(o, tok);
    }
    return o;
}

static char *show(json_t *v)
{
    if (v == NULL) return strdup("(absent)");
    if (json_is_string(v)) return strdup(json_string_value(v));
    return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

/* Compares every expected field of a visit with the result; appends failures to why. */
static int compare(json_t *res, json_t *expect, size_t v, char *why, size_t whysz)
{
    const char *key;
    json_t *want;
    int ok = 1;
    json_object_foreach(expect, key, want) {
        char *a = show(dig(res, key)), *b = show(want);
        if (strcmp(a, b)) {
            size_t l = strlen(why);
            snprintf(why + l, whysz - l, "%svisit %zu: %s: expected %s, got %s", l ? "\n    " : "",
                     v, key, b, a);
            ok = 0;
        }
        free(a), free(b);
    }
    return ok;
}

/* One case file. Returns 1 when it passed, 0 when it failed; *xfail tells skipped. */
static int one_case(run *R, const char *file, json_t *cs, char *why, size_t whysz)
{
    json_t *tb = json_object_get(cs, "table"), *tbs = json_object_get(cs, "tables");
    json_t *visits = json_object_get(cs, "visits"), *prev_after = NULL;
    yb_tables *ts = NULL, *owned = NULL;
    yb_engine *eng = NULL;
    yb_error err = {0};
    int ok = 1;
    if (!json_is_array(visits) || json_array_size(visits) == 0) {
        snprintf(why, whysz, "%s: /visits: expected a non-empty list", file);
        return 0;
    }
    if (tb && json_object_get(tb, "ref")) {
        if (R->project == NULL && cli_open_tables(&R->project, R->tables_dir, &err)) {
            char m[900];
            yb_error_format(&err, m, sizeof m);
            snprintf(why, whysz, "%s: project tables: %s", file, m);
            return 0;
        }
        ts = R->project;
    } else if (tb || json_is_array(tbs)) {
        size_t n = tb ? 1 : json_array_size(tbs);
        const char *texts[16], *names[16];
        size_t lens[16];
        char namebuf[16][300];
        char *dumps[16] = {0};
        if (n == 0 || n > 16) {
            snprintf(why, whysz, "%s: /tables: expected 1 to 16 inline tables", file);
            return 0;
        }
        for (size_t i = 0; i < n; i++) {
            json_t *t = tb ? tb : json_array_get(tbs, i);
            dumps[i] = json_dumps(t, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            /* Errors in an inline table name it by its place in the case file. */
            if (tb) snprintf(namebuf[i], sizeof namebuf[i], "%s#/table", file);
            else snprintf(namebuf[i], sizeof namebuf[i], "%s#/tables/%zu", file, i);
            texts[i] = dumps[i] ? dumps[i] : "";
            lens[i] = strlen(texts[i]);
            names[i] = namebuf[i];
        }
        if (yb_tables_open_texts(&owned, n, texts, lens, names, &err)) {
            char m[900];
            yb_error_format(&err, m, sizeof m);
            snprintf(why, whysz, "%s: inline table: %s", file, m);
            ok = 0;
        }
        for (size_t i = 0; i < n; i++) free(dumps[i]);
        if (!ok) return 0;
        ts = owned;
    } else {
        snprintf(why, whysz, "%s: /table: expected an inline table or {\"ref\": \"<code>\"}", file);
        return 0;
    }
    if (yb_engine_new(&eng, ts, &err)) {
        yb_tables_free(owned);
        snprintf(why, whysz, "%s: out of memory", file);
        return 0;
    }
    why[0] = '\0';
    for (size_t v = 0; v < json_array_size(visits) && ok; v++) {
        json_t *vis = json_array_get(visits, v), *claim = json_object_get(vis, "claim");
        json_t *expect = json_object_get(vis, "expect"), *res = NULL;
        yb_claim *c = NULL;
        const yb_result *r;
        char *text, *out = NULL;
        json_t *contrib = json_object_get(vis, "contribution");
        if (!json_is_object(claim) && !json_is_object(contrib)) {
            snprintf(why, whysz, "visit %zu: expected \"claim\" or \"contribution\"", v);
            ok = 0;
            break;
        }
        if (!json_is_object(expect) || json_object_size(expect) == 0) {
            /* a visit that expects nothing would pass whatever the engine did */
            snprintf(why, whysz, "visit %zu: \"expect\" is empty: a case asserts figures", v);
            ok = 0;
            break;
        }
        if (contrib) {
            /* {"contribution": {"region", "kind", "base", "person", "tier", "age", "date"}} → {"contribution": …} */
            memset(&err, 0, sizeof err);
            char *cout = NULL;
            if (yb_contrib_json(&cout, eng, json_string_value(json_object_get(contrib, "region")),
                                 json_string_value(json_object_get(contrib, "kind")),
                                 json_string_value(json_object_get(contrib, "base")),
                                 json_string_value(json_object_get(contrib, "person")),
                                 json_string_value(json_object_get(contrib, "tier")),
                                 json_is_integer(json_object_get(contrib, "age"))
                                     ? (int)json_integer_value(json_object_get(contrib, "age")) : -1,
                                 json_string_value(json_object_get(contrib, "date")), NULL, &err)) {
                char m[900];
                yb_error_format(&err, m, sizeof m);
                snprintf(why, whysz, "visit %zu: %s", v, m);
                ok = 0;
                break;
            }
            json_t *cres = json_object();
            json_object_set_new(cres, "contribution", json_loads(cout, 0, NULL));
            yb_free(cout);
            ok = compare(cres, expect, v, why, whysz);
            json_decref(cres);
            continue;
        }
        claim = json_deep_copy(claim);
        if (prev_after && !json_object_get(claim, "year_to_date"))
            json_object_set(claim, "year_to_date", prev_after);
        text = json_dumps(claim, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(claim);
        memset(&err, 0, sizeof err);
        if (yb_claim_parse(&c, ts, text, strlen(text), file, &err) ||
            yb_settle(&r, eng, c, NULL, &err) || yb_result_json(&out, r, YB_JSON_COMPACT | YB_JSON_EXPLAIN, &err)) {
            char m[900];
            yb_error_format(&err, m, sizeof m);
            snprintf(why, whysz, "visit %zu: %s", v, m);
            ok = 0;
        } else {
            res = json_loads(out, 0, NULL);
            ok = compare(res, expect, v, why, whysz);
            if (!ok) {
                /* The trace of the failing visit, to see which step went astray. */
                json_t *ex = json_object_get(res, "explain");
                for (size_t i = 0; i < json_array_size(ex); i++) {
                    size_t l = strlen(why);
                    json_t *e = json_array_get(ex, i);
                    snprintf(why + l, whysz - l, "\n      step %s = %s (%s)",
                             json_string_value(json_object_get(e, "step")),
                             json_string_value(json_object_get(e, "value")),
                             json_string_value(json_object_get(e, "note_en")));
                }
            }
            json_decref(prev_after);
            prev_after = json_incref(json_object_get(res, "year_to_date_after"));
            json_decref(res);
        }
        free(text);
        yb_free(out);
        yb_claim_free(c);
    }
    json_decref(prev_after);
    yb_engine_free(eng);
    yb_tables_free(owned);
    return ok;
}

static void one_file(run *R, const char *path)
{
    size_t len;
    yb_error err = {0};
    json_error_t je;
    char *text = cli_read(path, &len, &err), why[8192] = "";
    json_t *cs;
    if (text == NULL) {
        fprintf(stderr, "FAIL %s: %s\n", path, err.text);
        R->failed++;
        return;
    }
    cs = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    free(text);
    const char *id = json_string_value(json_object_get(cs, "id"));
    const char *status = json_string_value(json_object_get(cs, "status"));
    const char *fmt = json_string_value(json_object_get(cs, "format"));
    if (cs == NULL || !fmt || strcmp(fmt, "yibao-case/1") || !id || !status ||
        (strcmp(status, "pass") && strcmp(status, "xfail")) || !json_object_get(cs, "source")) {
        if (cs == NULL) fprintf(stderr, "FAIL %s:%d:%d: invalid JSON: %s\n", path, je.line, je.column, je.text);
        else fprintf(stderr, "FAIL %s: not a yibao-case/1 case (format, id, source, status pass|xfail)\n", path);
        R->failed++;
        json_decref(cs);
        return;
    }
    int xfail = !strcmp(status, "xfail");
    int ok = one_case(R, path, cs, why, sizeof why);
    if (xfail) {
        R->skipped++;
        printf("XFAIL %s (%s)%s%s\n", id, json_string_value(json_object_get(cs, "reason")),
               ok ? " — now passes: mark it pass" : "", "");
    } else if (ok) {
        R->passed++;
        if (R->verbose) printf("ok    %s\n", id);
    } else {
        R->failed++;
        printf("FAIL  %s (%s)\n    %s\n", id, path, why);
    }
    json_decref(cs);
    if (R->tty)
        fprintf(stderr, "\ryibao check: %d passed, %d failed, %d skipped", R->passed, R->failed,
                R->skipped);
}

/*
** A file is a case; a directory, every *.json below it, in name order. Links to
** directories are not followed (a link back to a parent would run cases over and over,
** or never end); links to files are read. A directory with no case is an error.
*/
static void walk(run *R, const char *path, int top)
{
    struct stat st;
    if ((top ? stat(path, &st) : lstat(path, &st)) != 0) {
        fprintf(stderr, "FAIL %s: %s\n", path, strerror(errno));
        R->failed++;
        return;
    }
    if (S_ISLNK(st.st_mode)) {
        if (stat(path, &st) != 0 || S_ISDIR(st.st_mode)) return; /* dangling, or a directory */
    }
    if (!S_ISDIR(st.st_mode)) {
        one_file(R, path);
        return;
    }
    DIR *d = opendir(path);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;
    if (d == NULL) {
        fprintf(stderr, "FAIL %s: %s\n", path, strerror(errno));
        R->failed++;
        return;
    }
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.') continue;
        char full[4096];
        struct stat s2;
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        if (lstat(full, &s2)) continue;
        if (!S_ISDIR(s2.st_mode) && (l < 6 || strcmp(e->d_name + l - 5, ".json"))) continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (nn == NULL || (nn[n] = strdup(full)) == NULL) {
            names = nn ? nn : names;
            fprintf(stderr, "FAIL %s: out of memory\n", path);
            R->failed++;
            break;
        }
        names = nn;
        n++;
    }
    closedir(d);
    if (n == 0 && top) {
        fprintf(stderr, "FAIL %s: no case (*.json) in this directory\n", path);
        R->failed++;
    }
    if (n) qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) walk(R, names[i], 0), free(names[i]);
    free(names);
}

int cmd_check(int argc, char **argv)
{
    cli_args a;
    run R = {0};
    int rc;
    if ((rc = cli_parse(&a, argc, argv, opts, "check"))) return rc;
    if (cli_has(&a, opts, "help")) {
        cli_help("yibao check FILE|DIR... [--tables DIR] [--verbose]",
                 "Runs published-example cases (yibao-case/1) and compares every expected\n"
                 "field exactly. Exits 0 when every `pass` case reproduces, 1 otherwise.",
                 opts);
        return EXIT_OK;
    }
    if (a.noperand == 0) return cli_usage("check", "give case files or directories");
    R.tables_dir = cli_get(&a, opts, "tables");
    R.verbose = cli_has(&a, opts, "verbose");
    R.tty = isatty(2);
    for (int i = 0; i < a.noperand; i++) walk(&R, a.operand[i], 1);
    yb_tables_free(R.project);
    if (R.tty) fprintf(stderr, "\n");
    printf("%d passed, %d failed, %d skipped\n", R.passed, R.failed, R.skipped);
    return R.failed ? EXIT_FINDINGS : EXIT_OK;
}
