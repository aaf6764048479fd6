/*
** tables.c
** `yibao tables list | show R [--date D] | lint [DIR] | coverage [--date D]` — what the
** table set holds, one region's rules in force on a date with their sources, a linter, and
** which regions are complete on a date. The CLI is part of
** the project, so it reads the compiled tables through the internal header.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "internal.h"

static const cli_opt opts[] = {
    {"tables", 1, "table set directory (default: $YIBAO_TABLES, else the embedded set)"},
    {"date", 1, "show, coverage: the date whose edition to show (show's default: every edition)"},
    {"json", 0, "show: print the edition(s) as JSON"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

static void span(const ybp_edition *e, char *buf, size_t n)
{
    char f[11], t[11] = "";
    ybp_date_format(e->from, f);
    if (e->end >= 0) ybp_date_format(e->end, t);
    snprintf(buf, n, "%s..%s", f, t);
}

static const char *worst_reliability(const ybp_table *t)
{
    int count[YBP_NREL] = {0};
    for (size_t i = 0; i < t->nsources; i++) count[t->sources[i].rel]++;
    static char buf[128];
    snprintf(buf, sizeof buf, "sources: %d official, %d third-party, %d unverified",
             count[YBP_REL_OFFICIAL], count[YBP_REL_THIRD_PARTY], count[YBP_REL_UNVERIFIED]);
    return buf;
}

static int list(yb_tables *ts)
{
    for (size_t i = 0; i < ts->n; i++) {
        const ybp_table *t = ts->t[i];
        printf("%s  %-8s %-12s", t->code, t->region_name, t->name_en);
        for (size_t k = 0; k < t->neditions; k++) {
            char s[32];
            span(&t->editions[k], s, sizeof s);
            printf(" %s", s);
        }
        printf("\n        %s\n", worst_reliability(t));
    }
    printf("tables %s\n", ts->digest);
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

static int show(yb_tables *ts, const char *r, const char *date, int as_json)
{
    const char *code = yb_tables_resolve(ts, r);
    const ybp_table *t = code ? ybp_tables_find(ts, code) : NULL;
    long day = -1;
    json_t *eds = json_object_get(t ? t->doc : NULL, "editions"), *out = json_array();
    if (t == NULL && !strcmp(r, "000000")) t = ts->national, eds = json_object_get(t->doc, "editions");
    if (t == NULL) {
        fprintf(stderr, "yibao tables: unknown region \"%s\" (see `yibao tables list`)\n", r);
        json_decref(out);
        return EXIT_CLAIM;
    }
    if (date && (day = ybp_date_parse(date)) < 0) {
        json_decref(out);
        return cli_usage("tables", "--date takes a real date YYYY-MM-DD");
    }
    int shown = 0;
    for (size_t k = 0; k < t->neditions && day >= 0; k++) /* nothing printed for a bad date */
        shown += day >= t->editions[k].from && (t->editions[k].end < 0 || day <= t->editions[k].end);
    if (day >= 0 && shown == 0) {
        json_decref(out);
        yb_error err = {0};
        return cli_fail((ybp_err_out_of_range(&err, t, NULL, day), &err));
    }
    shown = 0;
    if (!as_json) printf("%s %s (%s)\n", t->code, t->region_name, t->name_en);
    for (size_t k = 0; k < t->neditions; k++) {
        const ybp_edition *e = &t->editions[k];
        char s[32];
        if (day >= 0 && !(day >= e->from && (e->end < 0 || day <= e->end))) continue;
        shown++;
        json_array_append(out, json_array_get(eds, (size_t)e->index));
        if (as_json) continue;
        span(e, s, sizeof s);
        printf("\nedition %s (%s#/editions/%d), sources", s, t->name, e->index);
        for (size_t i = 0; i < e->nsources; i++) printf("%s%s", i ? ", " : " ", e->sources[i]->id);
        printf("\n");
        json_t *ed = json_array_get(eds, (size_t)e->index);
        const char *part;
        json_t *v;
        json_object_foreach(ed, part, v) {
            if (!strcmp(part, "from") || !strcmp(part, "to") || !strcmp(part, "sources") ||
                !strcmp(part, "notes"))
                continue;
            json_t *one = json_object();
            json_object_set(one, part, v);
            render(one, 1);
            json_decref(one);
        }
        printf("sources (the value's own source is in [brackets]; --json shows the notes):\n");
        for (size_t i = 0; i < t->nsources; i++) {
                const ybp_source *x = &t->sources[i];
                printf("  %-24s [%s] %s%s%s%s%s\n", x->id, ybp_rel_names[x->rel], x->title,
                       x->doc_no ? " " : "", x->doc_no ? x->doc_no : "", x->url ? " " : "",
                       x->url ? x->url : "");
            }
    }
    if (as_json) {
        char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("%s\n", text);
        free(text);
    }
    json_decref(out);
    return EXIT_OK;
}

/* The value of a plain amount or ratio string, in millionths (ratios) or fen; -1 if none. */
static long long num(json_t *v, int ratio)
{
    int64_t x;
    const char *why;
    if (json_is_object(v) && json_object_get(v, "value")) v = json_object_get(v, "value");
    if (!json_is_string(v)) return -1;
    if (ybp_dec_parse(json_string_value(v), ratio ? YBP_RATIO : YBP_AMT, ratio ? YBP_DEC_PCT : 0, &x, &why))
        return -1;
    return x;
}

/*
** Walks a table's JSON for selectors by hospital level and checks their direction: the
** fund's ratio should not rise with the level (社区 ≥ 一级 ≥ 二级 ≥ 三级), and a deductible
** should not fall with it. Also a cap below the deductible of the same benefit.
*/
static int lint_values(const char *file, json_t *v, char *path, size_t plen)
{
    int found = 0;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            size_t l = strlen(path);
            snprintf(path + l, plen - l, "/%zu", i);
            found += lint_values(file, json_array_get(v, i), path, plen);
            path[l] = '\0';
        }
        return found;
    }
    if (!json_is_object(v)) return 0;
    const char *by = json_string_value(json_object_get(v, "by"));
    const char *last = strrchr(path, '/');
    int is_ratio = last && strstr(path, "ratio") != NULL, is_ded = last && !strcmp(last, "/deductible");
    if (by && !strcmp(by, "level") && (is_ratio || is_ded)) {
        static const char *const lv[] = {"community", "1", "2", "3"};
        long long prev = -1;
        const char *prev_lv = NULL;
        for (int i = 0; i < 4; i++) {
            long long x = num(json_object_get(v, lv[i]), is_ratio);
            if (x < 0) continue;
            if (prev >= 0 && (is_ratio ? x > prev : x < prev)) {
                printf("%s: finding: %s: the %s %s from level %s to level %s (expected it to %s)\n",
                       file, path, is_ratio ? "fund's ratio" : "deductible",
                       is_ratio ? "rises" : "falls", prev_lv, lv[i], is_ratio ? "fall" : "rise");
                found++;
            }
            prev = x, prev_lv = lv[i];
        }
    }
    /* A benefit whose plain cap is below its plain deductible can never pay. */
    long long cap = num(json_object_get(v, "cap"), 0), ded = num(json_object_get(v, "deductible"), 0);
    if (cap >= 0 && ded > 0 && cap < ded) {
        printf("%s: finding: %s: cap %lld.%02lld is below the deductible %lld.%02lld\n", file, path,
               cap / 100, cap % 100, ded / 100, ded % 100);
        found++;
    }
    /* ratio_plus on a band already near 100% is cut at 100%: say so if it would overflow. */
    long long plus = num(json_object_get(v, "ratio_plus"), 1);
    if (plus > 0 && json_object_get(v, "when") && plus > 200000) {
        printf("%s: finding: %s: ratio_plus %lld%% is implausibly large\n", file, path, plus / 10000);
        found++;
    }
    const char *key;
    json_t *x;
    json_object_foreach(v, key, x) {
        if (!strcmp(key, "notes") || !strcmp(key, "sources")) continue;
        size_t l = strlen(path);
        snprintf(path + l, plen - l, "/%s", key);
        found += lint_values(file, x, path, plen);
        path[l] = '\0';
    }
    return found;
}

/*
** Lint: findings (exit 1) are things that are wrong in a table; notes are things a
** maintainer should know but that are not errors: unverified sources, sources not checked
** for 12 months, no edition or annual figures in force today. Linear in the size of the
** set, apart from the clone check (each pair of tables, once).
*/
static int lint(yb_tables *ts)
{
    int findings = 0, notes = 0;
    char today[16];
    long day = ybp_date_parse(cli_today(today));
    for (size_t i = 0; i < ts->n; i++) {
        const ybp_table *t = ts->t[i];
        int fell;
        const ybp_edition *now = ybp_edition_at(t, day, 0, &fell);
        {
            char path[1024] = "/editions";
            findings += lint_values(t->name, json_object_get(t->doc, "editions"), path, sizeof path);
            snprintf(path, sizeof path, "/annual");
            findings += lint_values(t->name, json_object_get(t->doc, "annual"), path, sizeof path);
        }
        if (now == NULL && !t->national) {
            const ybp_edition *last = &t->editions[t->neditions - 1];
            if (last->ended_by && day > last->end)
                printf("%s: note: no edition in force today (%s): source \"%s\" ended the rules; "
                       "estimates for today need --lenient\n", t->name, today, last->ended_by->id);
            else
                printf("%s: note: no edition in force today (%s); estimates for today need "
                       "--lenient\n", t->name, today);
            notes++;
        }
        for (int k = 0; k < YBP_NKIND; k++) {
            int any = 0;
            for (size_t j = 0; j < t->nannual; j++) any |= t->annual[j].has[k];
            if (any && ybp_annual_at(t, k, day, 0, &fell) == NULL) {
                printf("%s: note: no %s contribution figures in force today (%s)\n", t->name,
                       ybp_kind_names[k], today);
                notes++;
            }
        }
        for (size_t s = 0; s < t->nsources; s++) {
            const ybp_source *x = &t->sources[s];
            if (x->rel == YBP_REL_UNVERIFIED) {
                printf("%s: note: source \"%s\" is unverified; estimates using it say so\n",
                       t->name, x->id);
                notes++;
            }
            if (ybp_date_next_year(x->checked) < day) {
                char c[11];
                ybp_date_format(x->checked, c);
                printf("%s: note: source \"%s\" was last checked on %s, more than 12 months ago\n",
                       t->name, x->id, c);
                notes++;
            }
        }
        for (size_t j = 0; j < i; j++) {
            const ybp_table *u = ts->t[j];
            json_t *a = json_object_get(t->doc, "editions"), *b = json_object_get(u->doc, "editions");
            if (json_equal(a, b)) {
                printf("%s: finding: its editions are identical to %s's (a copy-paste clone?)\n",
                       t->name, u->name);
                findings++;
            }
        }
    }
    printf("%zu tables, %d findings, %d notes\n", ts->n, findings, notes);
    return findings ? EXIT_FINDINGS : EXIT_OK;
}

/*
** Coverage: for each region, what is in force on a date (docs/tables.md § Complete). A
** region is complete when, for both schemes, inpatient and outpatient care are known
** (benefits, or a cited "not covered"), the supplementary layers are known (职工大额/大病,
** 居民大病 — or a cited statement that there is none), and the contributions are in force:
** the employee's and employer's rates with a base range, an adult resident's premium. The
** report is information, not a finding: exit 0.
*/

/* Whether a compiled value resolves for an adult resident: a selector by person takes
   "adult", else its default; one by tier, age or anything else if any branch does. */
static int resolves_for_adult(const ybp_node *n)
{
    if (n == NULL) return 0;
    if (!n->select) return 1;
    if (n->dim == YBP_BY_PERSON) {
        for (size_t i = 0; i < n->n; i++)
            if (!strcmp(n->keys[i], "adult")) return resolves_for_adult(n->kids[i]);
        return resolves_for_adult(n->dflt);
    }
    for (size_t i = 0; i < n->n; i++)
        if (resolves_for_adult(n->kids[i])) return 1;
    return resolves_for_adult(n->dflt);
}

/* Prints s padded to `cols` terminal columns: a CJK character (3 UTF-8 bytes) takes two. */
static void print_padded(const char *s, int cols)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x80) w++;
        else if (*p >= 0xE0) w += 2; /* lead byte of a 3- or 4-byte sequence */
    printf("%s%*s", s, w < cols ? cols - w : 1, "");
}

/* "yes" (benefits), "n/c" (a cited "not covered"), "-" (no data). */
static const char *known(const ybp_scheme *sc, int setting)
{
    return !sc->present ? "-" : sc->benefit[setting] ? "yes" : sc->not_covered[setting].declared ? "n/c" : "-";
}

static int layers_known(const ybp_scheme *sc, int scheme)
{
    if (sc->no_layers.declared) return 1;
    for (size_t i = 0; i < sc->nlayers; i++) {
        int f = sc->layers[i].fund;
        if (f == YBP_F_HIFMI || (scheme == YBP_EMPLOYEE && f == YBP_F_HIFOB)) return 1;
    }
    return 0;
}

static int coverage(yb_tables *ts, const char *date)
{
    long day = ybp_date_parse(date);
    if (day < 0) return cli_usage("tables", "--date takes a real date YYYY-MM-DD");
    int complete = 0, regions = 0, inforce = 0;
    printf("on %s                employee                  resident\n", date);
    printf("region  name            in  out chr lay con     in  out chr lay con     complete\n");
    for (size_t i = 0; i < ts->n; i++) {
        const ybp_table *t = ts->t[i];
        int fell;
        if (t->national) continue;
        regions++;
        const ybp_edition *e = ybp_edition_at(t, day, 0, &fell); /* the one a visit would use */
        printf("%s  ", t->code);
        print_padded(t->region_name, 14);
        if (e == NULL) {
            printf("  (no edition in force)\n");
            continue;
        }
        inforce++;
        int ok = 1;
        for (int s = 0; s < YBP_NSCHEME; s++) {
            const ybp_scheme *sc = &e->scheme[s];
            const char *in = known(sc, YBP_INPATIENT), *out = known(sc, YBP_OUTPATIENT);
            int lay = sc->present && layers_known(sc, s), con;
            if (s == YBP_EMPLOYEE) {
                con = e->rates.has[YBP_K_EMPLOYEE] && e->rates.employer_rate &&
                      ybp_annual_at(t, YBP_K_EMPLOYEE, day, 0, &fell) != NULL;
            } else {
                const ybp_annual *a = ybp_annual_at(t, YBP_K_RESIDENT, day, 0, &fell);
                con = a && resolves_for_adult(a->premium);
            }
            printf("  %-3s %-3s %-3s %-3s %-7s", in, out, known(sc, YBP_CHRONIC),
                   lay ? "yes" : "-", con ? "yes" : "-");
            ok &= strcmp(in, "-") && strcmp(out, "-") && lay && con;
        }
        printf("  %s\n", ok ? "yes" : "no");
        complete += ok;
    }
    printf("%d of %d regions complete on %s; %d with an edition in force\n", complete, regions,
           date, inforce);
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
    if (!strcmp(sub, "list")) rc = list(ts);
    else if (!strcmp(sub, "show")) rc = show(ts, a.operand[1], cli_get(&a, opts, "date"), cli_has(&a, opts, "json"));
    else if (!strcmp(sub, "coverage")) {
        char today[16];
        const char *d = cli_get(&a, opts, "date");
        rc = coverage(ts, d ? d : cli_today(today));
    } else rc = lint(ts);
    yb_tables_free(ts);
    return rc;
}
