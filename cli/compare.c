/* SPDX-License-Identifier: MIT */
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

/* An amount of fen as "1234.56" (a static buffer per call site row: printed at once). */
static const char *money(long long fen)
{
    static char b[4][40];
    static int i;
    char *p = b[i++ % 4];
    long long a = fen < 0 ? -fen : fen;
    snprintf(p, 40, "%s%lld.%02lld", fen < 0 ? "-" : "", a / 100, a % 100);
    return p;
}

static void print_json_string(const char *s)
{
    json_t *j = json_string(s);
    char *t = json_dumps(j, JSON_ENCODE_ANY);
    fputs(t ? t : "null", stdout);
    free(t);
    json_decref(j);
}

int cmd_compare(int argc, char **argv)
{
    cli_args a;
    yb_error err = {0};
    yb_tables *ts = NULL;
    yb_engine *eng = NULL;
    dim dims[4] = {{"", "", 0, {0}}};
    int nd = 0, rc, en = 0;
    struct variant {
        yb_claim *claim;
        char label[512];
    } *var = NULL;
    int nvar = 0;
    static const yb_field cols[5] = {YB_F_MEDFEE_SUMAMT, YB_F_HIFP_PAY, YB_F_FUND_PAY_SUMAMT,
                                     YB_F_PSN_PART_AMT, YB_F_PSN_CASH_PAY};
    static char notes[65536];
    cli_trust_sum trust = CLI_TRUST_SUM_INIT;
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
    /* Each variant is the user's own text, parsed again, with the varied fields set on the
       parsed claim: numbers keep their digits, errors their line and column. All are
       settled once to find any error before anything is printed, then again as each is
       printed, straight from the typed result (a settlement costs microseconds). */
    if ((var = calloc((size_t)total, sizeof *var)) == NULL) {
        rc = cli_usage("compare", "too many variants");
        goto out;
    }
    for (int k = 0; k < total; k++) {
        const yb_result *res;
        char path[64];
        int rem = k;
        for (int d = nd - 1; d >= 0; d--) idx[d] = rem % dims[d].n, rem /= dims[d].n;
        nvar++;
        rc = yb_claim_parse(&var[k].claim, ts, text, len, name, &err);
        for (int d = 0; d < nd && rc == 0; d++) {
            const char *v = dims[d].v[idx[d]];
            snprintf(path, sizeof path, "%.15s.%.31s", dims[d].obj, dims[d].key);
            rc = yb_claim_set(var[k].claim, ts, path, v, &err);
            snprintf(var[k].label + strlen(var[k].label), sizeof var[k].label - strlen(var[k].label),
                     "%s%s=%s", d ? " " : "", dims[d].key, v);
        }
        if (rc == 0) rc = yb_settle(&res, eng, var[k].claim, &opt, &err);
        if (rc) {
            if (var[k].label[0]) fprintf(stderr, "yibao: variant %s:\n", var[k].label);
            rc = cli_fail(&err);
            goto out;
        }
    }
    long long first = 0;
    if (cli_has(&a, opts, "json")) printf("{\n  \"variants\": [");
    else if (cli_has(&a, opts, "csv")) cli_csv_header("variant");
    else {
        printf("%-36s", en ? "variant" : "方案");
        for (int c = 0; c < 5; c++) printf(" %14s", yb_field_name(cols[c]));
        printf(" %12s\n", en ? "vs first" : "较第一方案");
    }
    for (int k = 0; k < total; k++) {
        const yb_result *res;
        char *json = NULL;
        if (yb_settle(&res, eng, var[k].claim, &opt, &err)) { /* as the first time: cannot fail */
            rc = cli_fail(&err);
            goto out;
        }
        if (cli_has(&a, opts, "json")) {
            if (yb_result_json(&json, res, YB_JSON_COMPACT, &err)) {
                rc = cli_fail(&err);
                goto out;
            }
            printf("%s\n    {\"label\": ", k ? "," : "");
            print_json_string(var[k].label);
            printf(", \"result\": %s}", json);
            yb_free(json);
        } else if (cli_has(&a, opts, "csv")) {
            cli_csv_row(var[k].label, res);
        } else {
            printf("%-36s", var[k].label);
            for (int c = 0; c < 5; c++) printf(" %14s", money(yb_result_amount(res, cols[c])));
            long long part = yb_result_amount(res, YB_F_PSN_PART_AMT);
            if (k == 0) first = part;
            long long d = part - first;
            printf(" %12s%s\n", d > 0 ? "+" : "", money(d));
            for (size_t w = 0; w < yb_result_nwarnings(res); w++) { /* in the slip's language */
                const char *t = yb_result_warning(res, w), *sep = strstr(t, " / ");
                const char *from = sep && en ? sep + 3 : t;
                int n_from = sep && !en ? (int)(sep - t) : (int)strlen(from);
                snprintf(notes + strlen(notes), sizeof notes - strlen(notes), "  ! [%s] %.*s\n",
                         var[k].label, n_from, from);
            }
            cli_trust_add(&trust, yb_result_text(res, YB_T_RELIABILITY), yb_result_text(res, YB_T_CHECKED));
        }
    }
    if (cli_has(&a, opts, "json")) printf("\n  ]\n}\n");
    else if (!cli_has(&a, opts, "csv")) {
        printf("\n%s\n%s", en ? "(vs first: what you pay in all, psn_part_amt, compared with the first variant)"
                                : "（较第一方案：个人负担合计 psn_part_amt 与第一方案之差）", notes);
        cli_trust_print(&trust, en);
    }
    rc = EXIT_OK;
out:
    for (int d = 0; d < nd; d++)
        for (int i = 0; i < dims[d].n; i++) free(dims[d].v[i]);
    for (int k = 0; k < nvar; k++) yb_claim_free(var[k].claim);
    free(var);
    free(text);
    yb_engine_free(eng);
    yb_tables_free(ts);
    return rc;
}
