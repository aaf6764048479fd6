/* SPDX-License-Identifier: MIT */
/*
** check_threads.c
** One table set shared by 8 threads, each with its own engine, settling different claims:
** every result must be byte-identical to the single-threaded run. Built with YIBAO_TSAN,
** ThreadSanitizer also checks there is no data race (tables are read-only once opened).
*/
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

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("Shared");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, shared_tables);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    yb_thread_cleanup();
    return rc;
}
