/*
** compare.c
** `yibao compare CLAIM.json --vary KEY=V1,V2,…` — the same visit under variants, side by
** side, with the difference from the first. "Should I file before I travel?" becomes
**   yibao compare trip.json --vary filing=none,temporary,referral,long_term
** Keys: filing, person, tier, group, age (insured.*); settlement, level, setting, region,
** admission (visit.*); or a full path such as insured.region or visit.date. Several
** --vary options multiply (every combination).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"vary", 1, "KEY=V1,V2,… (repeatable): the values to compare"},
    {"json", 0, "print {\"variants\": [{\"vary\": {…}, \"result\": {…}}]}"},
    {"csv", 0, "one CSV row per variant with the setlinfo fields"},
    {"lang", 1, "zh (default) or en"},
    {"tables", 1, "table set directory (default: $YIBAO_TABLES, else the embedded set)"},
    {"lenient", 0, "with no edition in force on the date, use the latest one (and say so)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

typedef struct dim {
    char obj[16], key[32];
    int n;
    char *v[16];
} dim;

static int parse_vary(const char *spec, dim *d)
{
    static const char *const insured[] = {"filing", "person", "tier", "group", "age", "scheme", NULL};
    char buf[48], *eq, *save = NULL;
    if (strlen(spec) >= sizeof buf + 1024) return -1;
    char all[1100];
    snprintf(all, sizeof all, "%s", spec);
    if ((eq = strchr(all, '=')) == NULL || (size_t)(eq - all) >= sizeof buf) return -1;
    snprintf(buf, sizeof buf, "%.*s", (int)(eq - all), all);
    if (0 || eq == buf || eq[1] == '\0') return -1;
    char *dot = strchr(buf, '.');
    if (dot) {
        *dot = '\0';
        if (strcmp(buf, "insured") && strcmp(buf, "visit")) return -1;
        snprintf(d->obj, sizeof d->obj, "%.15s", buf);
        snprintf(d->key, sizeof d->key, "%.31s", dot + 1);
    } else {
        int ins = 0;
        for (const char *const *k = insured; *k; k++) ins |= !strcmp(*k, buf);
        snprintf(d->obj, sizeof d->obj, "%s", ins ? "insured" : "visit");
        snprintf(d->key, sizeof d->key, "%.31s", !strcmp(buf, "treated") ? "region" : buf);
    }
    for (char *t = strtok_r(eq + 1, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (d->n == 16) return -1;
        d->v[d->n++] = strdup(t);
    }
    return d->n ? 0 : -1;
}

static long long fen_of(json_t *r, const char *k)
{
    const char *s = json_string_value(json_object_get(json_object_get(r, "setlinfo"), k));
    return cli_fen(s);
}

int cmd_compare(int argc, char **argv)
{
    cli_args a;
    yb_error err = {0};
    yb_tables *ts = NULL;
    yb_engine *eng = NULL;
    dim dims[4] = {{"", "", 0, {0}}};
    int nd = 0, rc, en = 0;
    json_t *variants = json_array();
    char *text = NULL;
    size_t len;
    /* --vary may repeat: collect every occurrence by hand. */
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (!strcmp(argv[i], "--vary") && i + 1 < argc) v = argv[i + 1];
        else if (!strncmp(argv[i], "--vary=", 7)) v = argv[i] + 7;
        if (v) {
            if (nd == 4 || parse_vary(v, &dims[nd++])) {
                rc = cli_usage("compare", "--vary takes KEY=V1,V2,… (at most 4 keys, 16 values each)");
                goto out;
            }
        }
    }
    if ((rc = cli_parse(&a, argc, argv, opts, "compare"))) goto out;
    if (cli_has(&a, opts, "help")) {
        cli_help("yibao compare CLAIM.json --vary KEY=V1,V2,… [--vary …] [--json | --csv]",
                 "Settles the same visit under variants and shows them side by side with the\n"
                 "difference from the first. Keys: filing, settlement, level, setting, region\n"
                 "(the place of treatment), person, tier, group, age, admission, or a path such\n"
                 "as insured.region. Example:\n"
                 "  yibao compare trip.json --vary filing=none,temporary,referral --vary "
                 "settlement=direct,manual",
                 opts);
        rc = EXIT_OK;
        goto out;
    }
    if (a.noperand != 1 || nd == 0) {
        rc = cli_usage("compare", "give one claim file and at least one --vary KEY=V1,V2,…");
        goto out;
    }
    if ((rc = cli_lang(&a, opts, "compare", &en))) goto out;
    const char *name = strcmp(a.operand[0], "-") ? a.operand[0] : "<stdin>";
    if ((text = cli_read(a.operand[0], &len, &err)) == NULL) {
        rc = cli_fail(&err);
        goto out;
    }
    if (cli_open_tables(&ts, cli_get(&a, opts, "tables"), &err) || yb_engine_new(&eng, ts, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    int total = 1, idx[4] = {0};
    for (int d = 0; d < nd; d++) total *= dims[d].n;
    yb_options opt = YB_OPTIONS_INIT;
    opt.lenient = cli_has(&a, opts, "lenient");
    for (int k = 0; k < total; k++) {
        /* Each variant is the user's own text, parsed again, with the varied fields set on
           the parsed claim: numbers keep their digits, errors their line and column. */
        json_t *vary = json_object(), *r = NULL;
        yb_claim *c = NULL;
        const yb_result *res;
        char *out = NULL, path[64];
        int rem = k;
        char label[512] = "";
        for (int d = nd - 1; d >= 0; d--) idx[d] = rem % dims[d].n, rem /= dims[d].n;
        rc = yb_claim_parse(&c, ts, text, len, name, &err);
        for (int d = 0; d < nd && rc == 0; d++) {
            const char *v = dims[d].v[idx[d]];
            snprintf(path, sizeof path, "%.15s.%.31s", dims[d].obj, dims[d].key);
            rc = yb_claim_set(c, ts, path, v, &err);
            json_object_set_new(vary, dims[d].key, json_string(v));
            snprintf(label + strlen(label), sizeof label - strlen(label), "%s%s=%s", d ? " " : "",
                     dims[d].key, v);
        }
        if (rc == 0 && (rc = yb_settle(&res, eng, c, &opt, &err)) == 0 &&
            (rc = yb_result_json(&out, res, YB_JSON_COMPACT, &err)) == 0)
            r = json_loads(out, 0, NULL);
        yb_free(out);
        yb_claim_free(c);
        if (r == NULL) {
            if (label[0]) fprintf(stderr, "yibao: variant %s:\n", label);
            json_decref(vary);
            rc = cli_fail(&err);
            goto out;
        }
        json_t *row = json_object();
        json_object_set_new(row, "vary", vary);
        json_object_set_new(row, "label", json_string(label));
        json_object_set_new(row, "result", r);
        json_array_append_new(variants, row);
    }
    if (cli_has(&a, opts, "json")) {
        json_t *o = json_object();
        json_object_set(o, "variants", variants);
        char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("%s\n", s);
        free(s);
        json_decref(o);
    } else if (cli_has(&a, opts, "csv")) {
        cli_csv_header("variant");
        for (size_t i = 0; i < json_array_size(variants); i++) {
            json_t *row = json_array_get(variants, i);
            cli_csv_row(json_string_value(json_object_get(row, "label")), json_object_get(row, "result"));
        }
    } else {
        static const char *cols[] = {"medfee_sumamt", "hifp_pay", "fund_pay_sumamt", "psn_part_amt",
                                     "psn_cash_pay"};
        printf("%-36s", en ? "variant" : "方案");
        for (int c = 0; c < 5; c++) printf(" %14s", cols[c]);
        printf(" %12s\n", en ? "vs first" : "较第一方案");
        long long first = 0;
        for (size_t i = 0; i < json_array_size(variants); i++) {
            json_t *row = json_array_get(variants, i), *r = json_object_get(row, "result");
            printf("%-36s", json_string_value(json_object_get(row, "label")));
            for (int c = 0; c < 5; c++)
                printf(" %14s", json_string_value(json_object_get(json_object_get(r, "setlinfo"), cols[c])));
            long long cash = fen_of(r, "psn_part_amt");
            if (i == 0) first = cash;
            long long d = cash - first, ad = d < 0 ? -d : d;
            char diff[40];
            snprintf(diff, sizeof diff, "%s%lld.%02lld", d < 0 ? "-" : d > 0 ? "+" : "", ad / 100, ad % 100);
            printf(" %12s\n", diff);
        }
        printf("\n%s\n", en ? "(vs first: the patient's share psn_part_amt, compared with the first variant)"
                            : "（较第一方案：个人负担 psn_part_amt 与第一方案之差）");
        for (size_t i = 0; i < json_array_size(variants); i++) {
            json_t *w = json_object_get(json_object_get(json_array_get(variants, i), "result"), "warnings");
            for (size_t j = 0; j < json_array_size(w); j++)
                printf("  ! [%s] %s\n", json_string_value(json_object_get(json_array_get(variants, i), "label")),
                       json_string_value(json_array_get(w, j)));
        }
    }
    rc = EXIT_OK;
out:
    for (int d = 0; d < nd; d++)
        for (int i = 0; i < dims[d].n; i++) free(dims[d].v[i]);
    free(text);
    json_decref(variants);
    yb_engine_free(eng);
    yb_tables_free(ts);
    return rc;
}
