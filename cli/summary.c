/* SPDX-License-Identifier: MIT */
/*
** summary.c
** `yibao batch --summary`: exact totals over the input instead of one answer per line —
** the figures an insurer wants from a year of claims (docs/cli.md § batch --summary).
**
** Each worker adds its settled lines into its own groups (the library calls `each` in
** the worker, with the worker's index, so no lock is taken); the groups are merged and
** sorted at the end. A group is one (insured region, scheme, setting, place, level); its
** totals are sums of fen in 128-bit integers, so a billion claims of a billion yuan each
** still add up exactly. Printed as a text table, CSV or JSON (yibao-summary/1).
**
** Example: two inpatient claims of 宁波 residents at level 2 in 宁波 paying 6560.00 and
** 1200.50 make one row: claims 2, hifp_pay 7760.50.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The amounts summed, in this order (the national names of setlinfo). */
static const yb_field summed[] = {
    YB_F_MEDFEE_SUMAMT, YB_F_FULAMT_OWNPAY_AMT, YB_F_OVERLMT_SELFPAY, YB_F_PRESELFPAY_AMT,
    YB_F_INSCP_SCP_AMT, YB_F_ACT_PAY_DEDC, YB_F_HIFP_PAY, YB_F_HIFMI_PAY, YB_F_HIFOB_PAY,
    YB_F_MAF_PAY, YB_F_OTH_PAY, YB_F_FUND_PAY_SUMAMT, YB_F_PSN_PART_AMT, YB_F_ACCT_PAY,
    YB_F_PSN_CASH_PAY};
#define NSUM (sizeof summed / sizeof summed[0])
enum { K_REGION, K_SCHEME, K_SETTING, K_PLACE, K_LEVEL, NKEY };
static const char *const key_names[NKEY] = {"region", "scheme", "setting", "place", "level"};

__extension__ typedef __int128 i128;

typedef struct group {
    char key[NKEY][16]; /* codes and case names: short by construction */
    long long claims;
    i128 sum[NSUM];
} group;

typedef struct groups {
    group *g;
    size_t n, cap;
    int oom;
} groups;

struct cli_summary {
    groups w[64]; /* one per worker */
};

static void key_of(const yb_result *r, char key[NKEY][16])
{
    static const yb_text texts[NKEY] = {YB_T_INSUPLC_ADMDVS, YB_T_SCHEME, YB_T_SETTING, YB_T_PLACE,
                                        YB_T_LEVEL};
    memset(key, 0, NKEY * sizeof key[0]); /* compared whole, with memcmp */
    for (int k = 0; k < NKEY; k++) {
        const char *t = yb_result_text(r, texts[k]);
        snprintf(key[k], sizeof key[k], "%s", t ? t : "-");
    }
}

/* yb_batch's `each`: in the worker's thread, into the worker's own groups. */
static void add(void *ctx, int worker, long line, const yb_result *r)
{
    groups *gs = &((cli_summary *)ctx)->w[worker];
    char key[NKEY][16];
    size_t i;
    (void)line;
    key_of(r, key);
    for (i = 0; i < gs->n && memcmp(gs->g[i].key, key, sizeof key); i++) {}
    if (i == gs->n) {
        if (gs->n == gs->cap) {
            size_t cap = gs->cap ? 2 * gs->cap : 16;
            group *g = realloc(gs->g, cap * sizeof *g);
            if (g == NULL) {
                gs->oom = 1;
                return;
            }
            gs->g = g, gs->cap = cap;
        }
        memset(&gs->g[gs->n], 0, sizeof gs->g[0]);
        memcpy(gs->g[gs->n].key, key, sizeof key);
        gs->n++;
    }
    group *g = &gs->g[i];
    g->claims++;
    for (size_t f = 0; f < NSUM; f++) g->sum[f] += yb_result_amount(r, summed[f]);
}

cli_summary *cli_summary_new(yb_batch_options *bo)
{
    cli_summary *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    bo->each = add;
    bo->each_ctx = s;
    bo->format = YB_BATCH_NONE;
    return s;
}

static int by_key(const void *a, const void *b)
{
    return memcmp(((const group *)a)->key, ((const group *)b)->key, sizeof ((const group *)a)->key);
}

/* Fen as yuan with two decimals, from a 128-bit total. */
static const char *yuan(i128 v, char buf[48])
{
    char d[48];
    int n = 0, neg = v < 0;
    unsigned __int128 u = neg ? -(unsigned __int128)v : (unsigned __int128)v;
    do d[n++] = (char)('0' + (int)(u % 10)), u /= 10;
    while (u > 0 || n < 3);
    char *p = buf;
    if (neg) *p++ = '-';
    for (int i = n - 1; i >= 2; i--) *p++ = d[i];
    *p++ = '.', *p++ = d[1], *p++ = d[0], *p = '\0';
    return buf;
}

/* Merges the workers' groups into w[0], sorted; the total row is computed by the caller. */
static int merge(cli_summary *s)
{
    groups *all = &s->w[0];
    for (int w = 0; w < 64; w++) all->oom |= s->w[w].oom;
    for (int w = 1; w < 64; w++) {
        for (size_t i = 0; i < s->w[w].n; i++) {
            group *g = &s->w[w].g[i];
            size_t j;
            for (j = 0; j < all->n && memcmp(all->g[j].key, g->key, sizeof g->key); j++) {}
            if (j == all->n) {
                if (all->n == all->cap) {
                    size_t cap = all->cap ? 2 * all->cap : 16;
                    group *ng = realloc(all->g, cap * sizeof *ng);
                    if (ng == NULL) return -1;
                    all->g = ng, all->cap = cap;
                }
                all->g[all->n++] = *g;
                continue;
            }
            all->g[j].claims += g->claims;
            for (size_t f = 0; f < NSUM; f++) all->g[j].sum[f] += g->sum[f];
        }
        free(s->w[w].g);
        s->w[w].g = NULL;
    }
    if (all->oom) return -1;
    if (all->n) qsort(all->g, all->n, sizeof *all->g, by_key);
    return 0;
}

int cli_summary_print(cli_summary *s, const char *format, const yb_batch_stats *st)
{
    groups *all = &s->w[0];
    group total;
    char b[48];
    if (merge(s)) {
        fprintf(stderr, "yibao: batch --summary: out of memory\n");
        return EXIT_INTERNAL;
    }
    memset(&total, 0, sizeof total);
    for (int k = 0; k < NKEY; k++) snprintf(total.key[k], sizeof total.key[k], "%s", k ? "" : "total");
    for (size_t i = 0; i < all->n; i++) {
        total.claims += all->g[i].claims;
        for (size_t f = 0; f < NSUM; f++) total.sum[f] += all->g[i].sum[f];
    }
    if (!strcmp(format, "json")) {
        printf("{\n  \"format\": \"yibao-summary/1\",\n  \"lines\": %ld,\n  \"settled\": %ld,\n"
               "  \"failed\": %ld,\n  \"groups\": [",
               st->lines, st->settled, st->failed);
        for (size_t i = 0; i <= all->n; i++) {
            const group *g = i < all->n ? &all->g[i] : &total;
            if (i == all->n) printf("\n  ],\n  \"total\": ");
            else printf("%s\n    ", i ? "," : "");
            printf("{");
            if (i < all->n)
                for (int k = 0; k < NKEY; k++) printf("\"%s\": \"%s\", ", key_names[k], g->key[k]);
            printf("\"claims\": %lld", g->claims);
            for (size_t f = 0; f < NSUM; f++)
                printf(", \"%s\": \"%s\"", yb_field_name(summed[f]), yuan(g->sum[f], b));
            printf("}");
        }
        printf("\n}\n");
    } else if (!strcmp(format, "csv")) {
        for (int k = 0; k < NKEY; k++) printf("%s,", key_names[k]);
        printf("claims");
        for (size_t f = 0; f < NSUM; f++) printf(",%s", yb_field_name(summed[f]));
        printf("\n");
        for (size_t i = 0; i <= all->n; i++) {
            const group *g = i < all->n ? &all->g[i] : &total;
            for (int k = 0; k < NKEY; k++) printf("%s,", g->key[k]);
            printf("%lld", g->claims);
            for (size_t f = 0; f < NSUM; f++) printf(",%s", yuan(g->sum[f], b));
            printf("\n");
        }
    } else {
        /* A table for people: the main columns, each headed by its national name. */
        static const yb_field cols[] = {YB_F_MEDFEE_SUMAMT, YB_F_HIFP_PAY, YB_F_HIFMI_PAY,
                                        YB_F_MAF_PAY, YB_F_FUND_PAY_SUMAMT, YB_F_ACCT_PAY,
                                        YB_F_PSN_CASH_PAY};
        printf("按参保地、险种、类别、就医地、医院级别汇总，金额单位：元 / totals by insured region, "
               "scheme, setting, place and level, in yuan\n");
        printf("%-8s %-9s %-10s %-14s %-9s %9s", "region", "scheme", "setting", "place", "level", "claims");
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) printf(" %17s", yb_field_name(cols[c]));
        printf("\n");
        for (size_t i = 0; i <= all->n; i++) {
            const group *g = i < all->n ? &all->g[i] : &total;
            printf("%-8s %-9s %-10s %-14s %-9s %9lld", g->key[0], g->key[1], g->key[2], g->key[3],
                   g->key[4], g->claims);
            for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
                size_t f = 0;
                while (summed[f] != cols[c]) f++;
                printf(" %17s", yuan(g->sum[f], b));
            }
            printf("\n");
        }
        printf("%ld lines: %ld settled, %ld refused (see the messages above)\n", st->lines,
               st->settled, st->failed);
    }
    return EXIT_OK;
}

/* {=== simulate: two summaries of the same claims, and the change */

static int key_cmp(const group *a, const group *b)
{
    return memcmp(a->key, b->key, sizeof a->key);
}

/* A group's figures under A and B (a zero group where one side has none). */
static void change_row(const char *format, const group *ga, const group *gb, int first)
{
    char b1[48], b2[48], b3[48];
    const group *g = ga ? ga : gb;
    static const group zero;
    if (ga == NULL) ga = &zero;
    if (gb == NULL) gb = &zero;
    if (!strcmp(format, "json")) {
        printf("%s{", first ? "" : ", ");
        for (int k = 0; k < NKEY && g->key[0][0] && strcmp(g->key[0], "total"); k++)
            printf("\"%s\": \"%s\", ", key_names[k], g->key[k]);
        printf("\"claims\": [%lld, %lld]", ga->claims, gb->claims);
        for (int side = 0; side < 3; side++) {
            printf(", \"%s\": {", side == 0 ? "a" : side == 1 ? "b" : "change");
            for (size_t f = 0; f < NSUM; f++) {
                i128 v = side == 0 ? ga->sum[f] : side == 1 ? gb->sum[f] : gb->sum[f] - ga->sum[f];
                printf("%s\"%s\": \"%s\"", f ? ", " : "", yb_field_name(summed[f]), yuan(v, b1));
            }
            printf("}");
        }
        printf("}");
    } else if (!strcmp(format, "csv")) {
        for (int k = 0; k < NKEY; k++) printf("%s,", g->key[k]);
        printf("%lld,%lld", ga->claims, gb->claims);
        for (size_t f = 0; f < NSUM; f++)
            printf(",%s,%s,%s", yuan(ga->sum[f], b1), yuan(gb->sum[f], b2), yuan(gb->sum[f] - ga->sum[f], b3));
        printf("\n");
    } else {
        static const yb_field cols[] = {YB_F_FUND_PAY_SUMAMT, YB_F_HIFP_PAY, YB_F_PSN_PART_AMT};
        printf("%-8s %-9s %-10s %-14s %-9s %9lld", g->key[0], g->key[1], g->key[2], g->key[3], g->key[4],
               gb->claims);
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
            size_t f = 0;
            while (summed[f] != cols[c]) f++;
            if (c == 0) printf(" %17s %17s", yuan(ga->sum[f], b1), yuan(gb->sum[f], b2));
            printf(" %17s", yuan(gb->sum[f] - ga->sum[f], b3));
        }
        printf("\n");
    }
}

int cli_summary_change(cli_summary *a, cli_summary *b, const char *format, const yb_batch_stats *sa,
                       const yb_batch_stats *sb)
{
    if (merge(a) || merge(b)) {
        fprintf(stderr, "yibao: simulate: out of memory\n");
        return EXIT_INTERNAL;
    }
    groups *A = &a->w[0], *B = &b->w[0];
    group ta, tb;
    memset(&ta, 0, sizeof ta), memset(&tb, 0, sizeof tb);
    snprintf(ta.key[0], sizeof ta.key[0], "total"), snprintf(tb.key[0], sizeof tb.key[0], "total");
    for (size_t i = 0; i < A->n; i++) {
        ta.claims += A->g[i].claims;
        for (size_t f = 0; f < NSUM; f++) ta.sum[f] += A->g[i].sum[f];
    }
    for (size_t i = 0; i < B->n; i++) {
        tb.claims += B->g[i].claims;
        for (size_t f = 0; f < NSUM; f++) tb.sum[f] += B->g[i].sum[f];
    }
    if (!strcmp(format, "json"))
        printf("{\"format\": \"yibao-simulate/1\", \"lines\": %ld, \"settled\": [%ld, %ld], "
               "\"refused\": [%ld, %ld], \"groups\": [", sa->lines, sa->settled, sb->settled, sa->failed, sb->failed);
    else if (!strcmp(format, "csv")) {
        for (int k = 0; k < NKEY; k++) printf("%s,", key_names[k]);
        printf("claims_a,claims_b");
        for (size_t f = 0; f < NSUM; f++)
            printf(",%s_a,%s_b,%s_change", yb_field_name(summed[f]), yb_field_name(summed[f]), yb_field_name(summed[f]));
        printf("\n");
    } else {
        printf("两套参数表下的基金支付及变化（B − A），按参保地、险种、类别、就医地、医院级别，金额单位：元 / "
               "fund totals under tables A and B and the change (B − A), in yuan\n");
        printf("%-8s %-9s %-10s %-14s %-9s %9s %17s %17s %17s %17s %17s\n", "region", "scheme", "setting",
               "place", "level", "claims", "fund_pay A", "fund_pay B", "fund_pay change", "hifp_pay change",
               "psn_part change");
    }
    size_t i = 0, j = 0;
    int first = 1;
    while (i < A->n || j < B->n) { /* both sorted by key: a merge */
        int c = i == A->n ? 1 : j == B->n ? -1 : key_cmp(&A->g[i], &B->g[j]);
        change_row(format, c <= 0 ? &A->g[i] : NULL, c >= 0 ? &B->g[j] : NULL, first);
        first = 0;
        if (c <= 0) i++;
        if (c >= 0) j++;
    }
    if (!strcmp(format, "json")) printf("], \"total\": ");
    change_row(format, &ta, &tb, 1);
    if (!strcmp(format, "json")) printf("}\n");
    else if (strcmp(format, "csv"))
        printf("%ld lines: %ld settled under A, %ld under B; refused %ld and %ld (see the messages above)\n",
               sa->lines, sa->settled, sb->settled, sa->failed, sb->failed);
    return EXIT_OK;
}

/* }=== */

void cli_summary_free(cli_summary *s)
{
    if (s == NULL) return;
    for (int w = 0; w < 64; w++) free(s->w[w].g);
    free(s);
}
