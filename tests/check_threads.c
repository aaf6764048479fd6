/* SPDX-License-Identifier: MIT */
/*
** check_threads.c
** One table set shared by 8 threads, each with its own engine, settling different claims:
** every result must be byte-identical to the single-threaded run. Built with YIBAO_TSAN,
** ThreadSanitizer also checks there is no data race (tables are read-only once opened).
** The same for the read-only table calls (describe, list, lint, coverage, filing) from 16
** threads at once: each answer is byte-identical to the one-thread answer. And yb_batch
** with 4 workers parsing into Jansson arenas (yb_json_arena_install): the same output, in
** the same order, as one worker with Jansson's own allocator.
*/
#define _GNU_SOURCE /* fmemopen, memmem */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NCLAIMS 800
#define NTHREADS 8

static yb_tables *ts;
static char *claims[NCLAIMS], *single[NCLAIMS], *multi[NCLAIMS];

/* Claims against the project's tables: several regions, schemes, places and filings. */
static void make_claims(void)
{
    static const char *who[] = {
        "\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\", \"tier\": \"A\"",
        "\"region\": \"北京\", \"scheme\": \"employee\", \"person\": \"in_service\"",
        "\"region\": \"临沂\", \"scheme\": \"employee\", \"person\": \"retired\"",
        "\"region\": \"江门\", \"scheme\": \"employee\", \"person\": \"in_service\""};
    static const char *date[] = {"2023-06-01", "2024-09-01", "2025-03-01", "2023-06-01"};
    static const char *where[] = {"", ", \"region\": \"310000\"", ", \"region\": \"370100\""};
    static const char *filing[] = {"none", "referral", "temporary", "long_term"};
    uint64_t s = 42;
    for (int i = 0; i < NCLAIMS; i++) {
        char buf[1024];
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        int w = (int)(s >> 60) % 4;
        snprintf(buf, sizeof buf,
                 "{\"insured\": {%s, \"filing\": \"%s\"}, \"visit\": {\"date\": \"%s\", \"setting\":"
                 " \"inpatient\", \"level\": \"%d\"%s}, \"lines\": [{\"amount\": \"%llu.%02llu\","
                 " \"class\": \"A\"}, {\"amount\": \"%llu\", \"class\": \"B\", \"selfpay_prop\": \"10%%\"}]}",
                 who[w], filing[(s >> 20) % 4], date[w], 1 + (int)((s >> 24) % 3),
                 w == 2 ? where[(s >> 28) % 3] : "", (unsigned long long)((s >> 32) % 300000),
                 (unsigned long long)((s >> 8) % 100), (unsigned long long)((s >> 40) % 5000));
        claims[i] = strdup(buf);
    }
}

static void settle_into(yb_engine *e, int i, char **out)
{
    yb_error err = {0};
    char *r = NULL;
    if (yb_estimate_json(&r, e, claims[i], strlen(claims[i]), NULL, &err)) {
        char m[1024];
        yb_error_format(&err, m, sizeof m);
        out[i] = strdup(m); /* errors must be identical too */
    } else {
        out[i] = strdup(r);
        yb_free(r);
    }
}

static void *worker(void *arg)
{
    int t = (int)(intptr_t)arg;
    yb_engine *e;
    yb_error err = {0};
    if (yb_engine_new(&e, ts, &err)) return NULL;
    for (int i = t; i < NCLAIMS; i += NTHREADS) settle_into(e, i, multi);
    yb_engine_free(e);
    yb_thread_cleanup();
    return NULL;
}

START_TEST(shared_tables)
{
    yb_error err = {0};
    yb_engine *e;
    int settled = 0;
    ck_assert_int_eq(yb_tables_open(&ts, NULL, &err), 0);
    make_claims();
    ck_assert_int_eq(yb_engine_new(&e, ts, &err), 0);
    for (int i = 0; i < NCLAIMS; i++) settle_into(e, i, single);
    yb_engine_free(e);
    pthread_t th[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t);
    for (int t = 0; t < NTHREADS; t++) pthread_join(th[t], NULL);
    for (int i = 0; i < NCLAIMS; i++) {
        ck_assert_ptr_nonnull(multi[i]);
        ck_assert_msg(!strcmp(single[i], multi[i]), "claim %d differs between runs", i);
        settled += single[i][0] == '{';
        free(claims[i]), free(single[i]), free(multi[i]);
    }
    ck_assert_int_gt(settled, NCLAIMS * 9 / 10); /* most claims settle; the rest fail alike */
    yb_tables_free(ts);
}
END_TEST

/* {=== The table calls: every thread asks every question; answers must not differ. */

#define NQUERIES 12
#define NREADERS 16

static char *expected[NQUERIES];

static int query(int q, char **out)
{
    static const char *regions[] = {"宁波", "北京", "上海", "广州", "深圳", "临沂"};
    yb_error err = {0};
    switch (q) {
    case 0: return yb_tables_list_json(out, ts, &err);
    case 1: return yb_tables_lint_json(out, ts, "2026-12-03", &err);
    case 2: return yb_tables_coverage_json(out, ts, "2025-06-01", &err);
    case 3: return yb_filing_json(out, ts, "宁波", "上海", "referral", "2025-06-01", NULL, &err);
    case 4: return yb_filing_json(out, ts, "北京", "天津", NULL, "2025-06-01", NULL, &err);
    case 5: return yb_tables_describe(out, ts, "宁波", "2025-06-01", &err);
    default: return yb_tables_describe(out, ts, regions[q - 6], NULL, &err);
    }
}

static void *reader(void *arg)
{
    int t = (int)(intptr_t)arg;
    intptr_t bad = 0;
    for (int k = 0; k < NQUERIES; k++) {
        int q = (k + t) % NQUERIES; /* threads start on different questions */
        char *out = NULL;
        if (query(q, &out) || strcmp(out, expected[q])) bad++;
        yb_free(out);
    }
    yb_thread_cleanup();
    return (void *)bad;
}

START_TEST(shared_table_calls)
{
    yb_error err = {0};
    ck_assert_int_eq(yb_tables_open(&ts, NULL, &err), 0);
    for (int q = 0; q < NQUERIES; q++) ck_assert_int_eq(query(q, &expected[q]), 0);
    pthread_t th[NREADERS];
    for (int t = 0; t < NREADERS; t++) pthread_create(&th[t], NULL, reader, (void *)(intptr_t)t);
    for (int t = 0; t < NREADERS; t++) {
        void *bad;
        pthread_join(th[t], &bad);
        ck_assert_msg(bad == NULL, "thread %d: %ld answers differ", t, (long)(intptr_t)bad);
    }
    for (int q = 0; q < NQUERIES; q++) yb_free(expected[q]);
    yb_tables_free(ts);
}
END_TEST

/* }=== */

/* {=== Batch with workers: same bytes as one worker, `each` called once a settled line */

typedef struct sink {
    char *text;
    size_t len, cap;
    long each[4];
    long line[4096]; /* the line number of each answer, in the order written */
    size_t n;
} sink;

static int collect(void *ctx, long line, const char *text, size_t len, const yb_error *e)
{
    sink *k = ctx;
    (void)e;
    if (k->n < sizeof k->line / sizeof k->line[0]) k->line[k->n++] = line;
    if (k->len + len + 1 > k->cap) {
        k->cap = 2 * (k->len + len + 1);
        k->text = realloc(k->text, k->cap);
    }
    memcpy(k->text + k->len, text, len);
    k->len += len;
    k->text[k->len] = '\0';
    return 0;
}

static void count(void *ctx, int worker, long line, const yb_result *r)
{
    (void)line, (void)r;
    ((sink *)ctx)->each[worker]++; /* one counter per worker: no lock needed */
}

static void run_batchn(const char *input, size_t len, int jobs, sink *k, yb_batch_stats *st)
{
    yb_error err = {0};
    FILE *in = fmemopen((void *)input, len, "r");
    yb_batch_options o = YB_BATCH_OPTIONS_INIT;
    o.jobs = jobs;
    o.each = count;
    o.each_ctx = k;
    ck_assert_int_eq(yb_batch(ts, in, collect, k, &o, st, &err), 0);
    fclose(in);
}

static void run_batch(const char *input, int jobs, sink *k, yb_batch_stats *st)
{
    run_batchn(input, strlen(input), jobs, k, st);
}

START_TEST(batch_workers)
{
    yb_error err = {0};
    ck_assert_int_eq(yb_tables_open(&ts, NULL, &err), 0);
    make_claims();
    size_t n = 1;
    for (int i = 0; i < NCLAIMS; i++) n += strlen(claims[i]) + 1;
    char *input = malloc(n), *p = input;
    for (int i = 0; i < NCLAIMS; i++) p += sprintf(p, "%s\n", claims[i]), free(claims[i]);
    sink one = {0}, four = {0};
    yb_batch_stats s1, s4;
    run_batch(input, 1, &one, &s1);
    /* From here Jansson allocates through yibao: 4 workers parse into their own arenas. */
    ck_assert_int_eq(yb_json_arena_install(), 0);
    run_batch(input, 4, &four, &s4);
    ck_assert_int_eq(s1.lines, NCLAIMS);
    ck_assert_int_eq(s4.settled, s1.settled);
    ck_assert_int_gt(s1.settled, NCLAIMS * 9 / 10);
    ck_assert_msg(one.len == four.len && !memcmp(one.text, four.text, one.len),
                  "4 workers wrote other bytes than 1");
    ck_assert_int_eq(four.each[0] + four.each[1] + four.each[2] + four.each[3], s1.settled);
    ck_assert_int_eq(one.each[0], s1.settled);
    free(one.text), free(four.text), free(input);
    yb_tables_free(ts);
}
END_TEST

/*
** Batch finds its lines in blocks of 64 KiB read from the input (batch.c read_chunk): each
** line is answered once, in order, with its own number, whatever the block and chunk
** boundaries. 1 300 lines: blank ones (empty, "\r", spaces are not blank), CRLF endings,
** claims padded to lengths around 64 KiB and past 3 blocks, a NUL byte, a line that is no
** JSON, and a last line with no newline; one, two and three jobs.
*/
START_TEST(batch_line_reading)
{
    enum { N = 1300, BLOCK = 65536 };
    static const char good[] = "{\"id\": \"L%d\", \"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", "
                               "\"person\": \"adult\", \"tier\": \"A\"}, \"visit\": {\"date\": \"2023-06-01\", "
                               "\"setting\": \"outpatient\", \"level\": \"community\"}, \"lines\": "
                               "[{\"amount\": \"100\", \"class\": \"A\"}]%*s}";
    static const int pad[] = {BLOCK - 300, BLOCK - 200, BLOCK, BLOCK + 1, 3 * BLOCK + 7};
    size_t cap = (size_t)N * 1024 + 40 * (size_t)(4 * BLOCK), len = 0;
    char *input = malloc(cap);
    char kind[N + 1]; /* per line: 'g' answered with its id, 'e' an error, 'b' blank */
    ck_assert_ptr_nonnull(input);
    yb_error err = {0};
    ck_assert_int_eq(yb_tables_open(&ts, NULL, &err), 0);
    for (int i = 1; i <= N; i++) {
        int k = i % 13;
        kind[i] = 'g';
        if (i == N) { /* the last line has no newline */
            len += (size_t)snprintf(input + len, cap - len, good, i, 0, "");
        } else if (k == 0 || k == 1) {
            len += (size_t)snprintf(input + len, cap - len, k ? "\r\n" : "\n");
            kind[i] = 'b';
        } else if (k == 2) {
            len += (size_t)snprintf(input + len, cap - len, good, i, 0, "");
            len += (size_t)snprintf(input + len, cap - len, "\r\n");
        } else if (k == 3 && i < 40 * 13) { /* 40 lines of 64 KiB and more */
            int w = pad[(i / 13) % 5] - (i / 13) % 3;
            len += (size_t)snprintf(input + len, cap - len, good, i, w, "");
            input[len++] = '\n';
        } else if (k == 4) {
            memcpy(input + len, "{\"a\": 1}\0 x\n", 12), len += 12;
            kind[i] = 'e';
        } else if (k == 5) {
            len += (size_t)snprintf(input + len, cap - len, "not json\n");
            kind[i] = 'e';
        } else if (k == 6) {
            len += (size_t)snprintf(input + len, cap - len, "   \n"); /* not blank: bad JSON */
            kind[i] = 'e';
        } else {
            len += (size_t)snprintf(input + len, cap - len, good, i, 0, "");
            input[len++] = '\n';
        }
        ck_assert_uint_lt(len, cap);
    }
    for (int jobs = 1; jobs <= 3; jobs++) {
        sink *k = calloc(1, sizeof *k);
        yb_batch_stats st;
        run_batchn(input, len, jobs, k, &st);
        const char *at = k->text;
        size_t a = 0;
        for (int i = 1; i <= N; i++) {
            if (kind[i] == 'b') continue;
            ck_assert_msg(a < k->n && k->line[a] == i, "jobs %d: answer %zu is line %ld, want %d", jobs, a,
                          a < k->n ? k->line[a] : -1, i);
            const char *nl = strchr(at, '\n');
            ck_assert_ptr_nonnull(nl);
            char want[64];
            if (kind[i] == 'g') snprintf(want, sizeof want, "\"id\":\"L%d\"", i);
            else snprintf(want, sizeof want, "{\"error\":{\"exit\":4,\"code\":-4,\"line\":%d,", i);
            ck_assert_msg(memmem(at, (size_t)(nl - at), want, strlen(want)) != NULL,
                          "jobs %d, line %d: answer lacks %s: %.200s", jobs, i, want, at);
            at = nl + 1, a++;
        }
        ck_assert_uint_eq(a, k->n);
        ck_assert_str_eq(at, "");
        ck_assert_int_eq(st.lines, (long)a);
        free(k->text), free(k);
    }
    free(input);
    yb_tables_free(ts);
}
END_TEST

/* }=== */

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("Shared");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, shared_tables);
    tcase_add_test(tc, shared_table_calls);
    tcase_add_test(tc, batch_workers);
    tcase_add_test(tc, batch_line_reading);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    yb_thread_cleanup();
    return rc;
}
