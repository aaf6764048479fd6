/* SPDX-License-Identifier: MIT */
/*
** check_serve.c
** `yibao serve` for real: the test starts the server ($YIBAO_BIN) on a free loopback port
** and talks HTTP to it over sockets. Every endpoint and every error status; the access
** log (one line per request); 20 000 requests from 8 keep-alive clients, each answer
** byte-equal to the library's own for that claim, with a SIGHUP reload in the middle;
** SIGTERM letting a batch in flight finish; garbage on the socket.
*/
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/* {=== A server and a small HTTP client */

typedef struct server {
    pid_t pid;
    int port;
    char log[64];
} server;

static void start(server *s, const char *extra)
{
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    snprintf(s->log, sizeof s->log, "/tmp/yb_serve_%d.log", (int)getpid());
    unlink(s->log);
    s->pid = fork();
    ck_assert_int_ge(s->pid, 0);
    if (s->pid == 0) {
        char cmd[1024];
        dup2(p[1], 1);
        close(p[0]);
        snprintf(cmd, sizeof cmd, "exec '%s' serve --listen 127.0.0.1:0 --threads 2 --access-log %s %s",
                 getenv("YIBAO_BIN"), s->log, extra ? extra : "");
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    char line[256] = "";
    FILE *f = fdopen(p[0], "r");
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    fclose(f);
    const char *colon = strstr(line, "127.0.0.1:");
    ck_assert_msg(colon != NULL, "server said: %s", line);
    s->port = atoi(colon + 10);
    ck_assert_int_gt(s->port, 0);
}

static int stop(server *s)
{
    int st;
    kill(s->pid, SIGTERM);
    ck_assert_int_eq(waitpid(s->pid, &st, 0), s->pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int dial(int port)
{
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;
    ck_assert_int_ge(fd, 0);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static void send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0) return; /* the server may close first (413): the answer still counts */
        p += k, n -= (size_t)k;
    }
}

typedef struct answer {
    int status;
    char head[2048];
    char *body;
    size_t len;
} answer;

/* Reads one response: headers, then Content-Length bytes, or chunks, or to the end. */
static void read_answer(int fd, answer *a)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap), *end = NULL;
    for (;;) {
        if (n + 4096 > cap) buf = realloc(buf, cap *= 2);
        if ((end = memmem(buf, n, "\r\n\r\n", 4))) break;
        ssize_t k = recv(fd, buf + n, cap - n, 0);
        ck_assert_msg(k > 0, "the connection closed before the headers");
        n += (size_t)k;
    }
    size_t hl = (size_t)(end - buf) + 4;
    snprintf(a->head, sizeof a->head, "%.*s", (int)(hl < sizeof a->head ? hl : sizeof a->head - 1), buf);
    a->status = atoi(buf + 9);
    const char *cl = strcasestr(a->head, "\r\nContent-Length:");
    int chunked = strcasestr(a->head, "Transfer-Encoding: chunked") != NULL;
    size_t want = cl ? strtoul(cl + 17, NULL, 10) : (size_t)-1;
    /* body bytes so far */
    memmove(buf, buf + hl, n - hl);
    n -= hl;
    for (;;) {
        if (cl && n >= want) break;
        if (chunked && n >= 5 && !memcmp(buf + n - 5, "0\r\n\r\n", 5)) break;
        if (n + 4096 > cap) buf = realloc(buf, cap *= 2);
        ssize_t k = recv(fd, buf + n, cap - n, 0);
        if (k <= 0) break;
        n += (size_t)k;
    }
    if (chunked) { /* size CRLF data CRLF …, 0 CRLF CRLF */
        size_t r = 0, w = 0;
        while (r < n) {
            size_t sz = strtoul(buf + r, NULL, 16);
            char *crlf = memmem(buf + r, n - r, "\r\n", 2);
            if (crlf == NULL || sz == 0) break;
            r = (size_t)(crlf - buf) + 2;
            memmove(buf + w, buf + r, sz);
            w += sz, r += sz + 2;
        }
        n = w;
    }
    buf[n] = '\0';
    a->body = buf, a->len = n;
}

/* One request on a fresh connection. */
static answer http(int port, const char *method, const char *path, const char *type, const char *body)
{
    answer a = {0};
    char head[1024];
    size_t len = body ? strlen(body) : 0;
    int fd = dial(port);
    int hn = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s%s%s"
                      "Content-Length: %zu\r\n\r\n", method, path, type ? "Content-Type: " : "",
                      type ? type : "", type ? "\r\n" : "", len);
    send_all(fd, head, (size_t)hn);
    if (len) send_all(fd, body, len);
    read_answer(fd, &a);
    close(fd);
    return a;
}

#define JSON "application/json"
#define HAS(a, s) ck_assert_msg(strstr((a).body, s) != NULL, "body lacks \"%s\": %.600s", s, (a).body)
#define STATUS(a, n) ck_assert_msg((a).status == (n), "status %d, expected %d: %.600s", (a).status, n, (a).body)

static long log_lines(const server *s, const char *with)
{
    FILE *f = fopen(s->log, "r");
    char line[1024];
    long n = 0;
    if (f == NULL) return -1;
    while (fgets(line, sizeof line, f)) n += with == NULL ? strstr(line, "yibao serve:") == NULL : strstr(line, with) != NULL;
    fclose(f);
    return n;
}

/* }=== */

/* A 宁波 resident adult's inpatient claim at a level-3 hospital: `where` adds to the visit. */
static void ningbo(char *buf, size_t n, const char *where, const char *amount)
{
    snprintf(buf, n, "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\", "
             "\"tier\": \"A\"}, \"visit\": {\"date\": \"2025-06-01\", \"setting\": \"inpatient\", "
             "\"level\": \"3\"%s}, \"lines\": [{\"amount\": \"%s\", \"class\": \"A\"}]}", where, amount);
}

/* Every endpoint and every error status, each answer as its contract says. Figures
   hand-worked: 宁波 resident adult, level 3, 2025: (10000 − 1200) × 70% = 6160.00;
   unfiled in 上海 the national cut of 20 points, × 50% = 4400.00; a referral 10 points,
   × 60% = 5280.00. 深圳 2025 base floor 6733 × 2% = 134.66. */
START_TEST(endpoints)
{
    server s;
    char claim[1024], body[4096];
    long asked = 0;
    start(&s, NULL);
    answer a = http(s.port, "GET", "/healthz", NULL, NULL);
    STATUS(a, 200), HAS(a, "\"status\":\"ok\""), HAS(a, "sha256:"), asked++;
    free(a.body);
    a = http(s.port, "GET", "/v1/version", NULL, NULL);
    STATUS(a, 200), HAS(a, "\"engine\":\"yibao "), asked++;
    free(a.body);
    a = http(s.port, "GET", "/v1/regions", NULL, NULL);
    STATUS(a, 200), HAS(a, "\"330200\""), asked++;
    free(a.body);
    a = http(s.port, "GET", "/v1/regions/%E5%AE%81%E6%B3%A2?date=2025-06-01", NULL, NULL); /* 宁波 */
    STATUS(a, 200), HAS(a, "宁波市"), HAS(a, "\"reliability\""), asked++;
    free(a.body);
    a = http(s.port, "GET", "/v1/regions/mars", NULL, NULL);
    STATUS(a, 404), HAS(a, "\"status\":404"), asked++;
    free(a.body);
    a = http(s.port, "GET", "/v1/places?q=ning", NULL, NULL);
    STATUS(a, 200), HAS(a, "\"name\": \"宁波市\""), HAS(a, "\"pool\": \"330200\""), asked++;
    free(a.body);
    a = http(s.port, "GET", "/v1/filing?insured=ningbo&treated=shanghai&date=2025-06-01", NULL, NULL);
    STATUS(a, 200), HAS(a, "\"place\": \"cross_province\""), HAS(a, "\"filing_needed\": true"), asked++;
    free(a.body);
    a = http(s.port, "GET", "/v1/filing?insured=ningbo", NULL, NULL);
    STATUS(a, 400), HAS(a, "treated="), asked++;
    free(a.body);
    a = http(s.port, "GET", "/v1/contrib?region=shenzhen&base=1000&date=2025-06-01", NULL, NULL);
    STATUS(a, 200), HAS(a, "\"base\": \"6733.00\""), HAS(a, "\"individual_monthly\": \"134.66\""), asked++;
    free(a.body);
    /* estimate: a figure, the explain trace, and each error status */
    ningbo(claim, sizeof claim, "", "10000");
    a = http(s.port, "POST", "/v1/estimate", JSON, claim);
    STATUS(a, 200), HAS(a, "\"hifp_pay\":\"6160.00\""), asked++;
    ck_assert_ptr_null(strstr(a.body, "\"explain\""));
    free(a.body);
    a = http(s.port, "POST", "/v1/estimate?explain=1", JSON, claim);
    STATUS(a, 200), HAS(a, "\"explain\""), HAS(a, "nb-res-table"), asked++;
    free(a.body);
    a = http(s.port, "POST", "/v1/estimate", JSON, "{\"insured\": oops}");
    STATUS(a, 400), HAS(a, "\"line\":1"), HAS(a, "oops"), HAS(a, "\"exit\":4"), asked++;
    free(a.body);
    ningbo(claim, sizeof claim, "", "10.001");
    a = http(s.port, "POST", "/v1/estimate", JSON, claim);
    STATUS(a, 400), HAS(a, "\"path\":\"/lines/0/amount\""), asked++;
    free(a.body);
    a = http(s.port, "POST", "/v1/estimate", JSON,
             "{\"insured\": {\"region\": \"火星\", \"scheme\": \"resident\"}, \"visit\": {\"date\": \"2025-06-01\", "
             "\"setting\": \"inpatient\"}, \"lines\": [{\"amount\": \"1\", \"class\": \"A\"}]}");
    STATUS(a, 404), HAS(a, "\"path\":\"/insured/region\""), asked++;
    free(a.body);
    a = http(s.port, "POST", "/v1/estimate", JSON,
             "{\"insured\": {\"region\": \"南京\", \"scheme\": \"resident\", \"person\": \"adult\"}, \"visit\": "
             "{\"date\": \"2025-06-01\", \"setting\": \"inpatient\", \"level\": \"3\"}, \"lines\": [{\"amount\": "
             "\"3000\", \"class\": \"A\"}]}");
    STATUS(a, 422), HAS(a, "无法估算"), HAS(a, "\"exit\":3"), asked++; /* no data: never "pays 0" */
    free(a.body);
    a = http(s.port, "GET", "/v1/estimate", NULL, NULL);
    STATUS(a, 405), ck_assert_msg(strcasestr(a.head, "\r\nAllow: POST") != NULL, "no Allow"), asked++;
    free(a.body);
    a = http(s.port, "POST", "/v1/regions", JSON, "{}");
    STATUS(a, 405), asked++;
    free(a.body);
    a = http(s.port, "POST", "/v1/estimate", "text/plain", claim);
    STATUS(a, 415), asked++;
    free(a.body);
    char *big = malloc((2u << 20) + 1);
    memset(big, ' ', 2u << 20), big[2u << 20] = '\0';
    a = http(s.port, "POST", "/v1/estimate", JSON, big);
    STATUS(a, 413), asked++;
    free(a.body), free(big);
    /* year: two visits, the deductible paid once */
    a = http(s.port, "POST", "/v1/year", JSON,
             "{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\", \"tier\": \"A\"}, "
             "\"visits\": [{\"visit\": {\"date\": \"2025-03-01\", \"setting\": \"inpatient\", \"level\": \"3\"}, "
             "\"lines\": [{\"amount\": \"10000\", \"class\": \"A\"}]}, {\"visit\": {\"date\": \"2025-06-01\", "
             "\"setting\": \"inpatient\", \"level\": \"3\"}, \"lines\": [{\"amount\": \"10000\", \"class\": \"A\"}]}]}");
    STATUS(a, 200), HAS(a, "yibao-year/1"), asked++;
    free(a.body);
    /* compare: unfiled vs referral in 上海 */
    ningbo(claim, sizeof claim, ", \"region\": \"上海\"", "10000");
    snprintf(body, sizeof body, "{\"claim\": %s, \"vary\": {\"insured.filing\": [\"none\", \"referral\"]}}", claim);
    a = http(s.port, "POST", "/v1/compare", JSON, body);
    STATUS(a, 200), HAS(a, "yibao-compare/1"), asked++;
    char *one = strstr(a.body, "\"hifp_pay\":\"4400.00\""), *two = one ? strstr(one, "\"hifp_pay\":\"5280.00\"") : NULL;
    ck_assert_msg(one && two, "compare: %.800s", a.body);
    free(a.body);
    a = http(s.port, "POST", "/v1/compare", JSON, "{\"claim\": {}, \"vary\": {}}");
    STATUS(a, 400), asked++;
    free(a.body);
    /* batch: in order, a bad line answered in place, streamed in chunks */
    ningbo(claim, sizeof claim, "", "10000");
    snprintf(body, sizeof body, "%s\n{\"oops\": 1}\n%s\n", claim, claim);
    a = http(s.port, "POST", "/v1/batch", "application/x-ndjson", body);
    STATUS(a, 200), ck_assert_msg(strcasestr(a.head, "chunked") != NULL, "not chunked"), asked++;
    char *l2 = strchr(a.body, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
    ck_assert_int_eq(strncmp(a.body, "{\"format\":\"yibao-result/1\"", 26), 0);
    ck_assert_int_eq(strncmp(l2, "{\"error\":{\"exit\":4", 18), 0);
    ck_assert_int_eq(strncmp(l3, "{\"format\":\"yibao-result/1\"", 26), 0);
    free(a.body);
    /* the page */
    a = http(s.port, "GET", "/", NULL, NULL);
    STATUS(a, 200), HAS(a, "医保报销估算"), ck_assert_msg(strcasestr(a.head, "text/html") != NULL, "not html"), asked++;
    free(a.body);
    a = http(s.port, "GET", "/app.js", NULL, NULL);
    STATUS(a, 200), HAS(a, "/v1/estimate"), asked++;
    free(a.body);
    a = http(s.port, "GET", "/nowhere", NULL, NULL);
    STATUS(a, 404), asked++;
    free(a.body);
    ck_assert_int_eq(stop(&s), 0);
    /* One access-log line per request, and the stop said. */
    ck_assert_int_eq(log_lines(&s, NULL), asked);
    ck_assert_int_eq(log_lines(&s, "yibao serve: stopped"), 1);
    unlink(s.log);
}
END_TEST

/* {=== Load: 8 keep-alive clients, 20 000 requests, a reload in the middle */

#define CLIENTS 8
#define PER_CLIENT 2500

typedef struct client {
    int port, id;
    long ok, bad;
    yb_tables *ts;
} client;

static void *load(void *p)
{
    client *c = p;
    yb_engine *eng;
    yb_error err;
    ck_assert_int_eq(yb_engine_new(&eng, c->ts, &err), 0);
    int fd = dial(c->port);
    for (int i = 0; i < PER_CLIENT; i++) {
        char amount[32], claim[1024], head[1400];
        /* a claim of its own per request: an answer lost or swapped would show */
        snprintf(amount, sizeof amount, "%d.%02d", 100 + c->id * PER_CLIENT + i, i % 100);
        ningbo(claim, sizeof claim, "", amount);
        /* One write per request: a second small write would wait for a delayed ACK. */
        int hn = snprintf(head, sizeof head, "POST /v1/estimate HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          "application/json\r\nContent-Length: %zu\r\n\r\n%s", strlen(claim), claim);
        send_all(fd, head, (size_t)hn);
        answer a = {0};
        read_answer(fd, &a);
        char *want = NULL;
        yb_options o = YB_OPTIONS_INIT;
        if (yb_estimate_json(&want, eng, claim, strlen(claim), &o, &err)) want = NULL;
        /* The library's answer is indented; the server's compact: compare as JSON. */
        json_t *x = json_loads(a.body, 0, NULL), *y = want ? json_loads(want, 0, NULL) : NULL;
        if (a.status == 200 && x && y && json_equal(x, y)) c->ok++;
        else c->bad++;
        json_decref(x), json_decref(y), yb_free(want), free(a.body);
        if (strcasestr(a.head, "Connection: close")) close(fd), fd = dial(c->port);
    }
    close(fd);
    yb_engine_free(eng);
    yb_thread_cleanup();
    return NULL;
}

START_TEST(load_with_reload)
{
    server s;
    yb_tables *ts;
    yb_error err;
    pthread_t t[CLIENTS];
    client c[CLIENTS];
    ck_assert_int_eq(yb_tables_open(&ts, NULL, &err), 0);
    start(&s, "--threads 4");
    for (int i = 0; i < CLIENTS; i++) {
        c[i] = (client){s.port, i, 0, 0, ts};
        ck_assert_int_eq(pthread_create(&t[i], NULL, load, &c[i]), 0);
    }
    /* Reload while the clients run: none of their requests may fail. */
    usleep(300 * 1000);
    kill(s.pid, SIGHUP);
    usleep(300 * 1000);
    kill(s.pid, SIGHUP);
    long ok = 0, bad = 0;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(t[i], NULL);
        ok += c[i].ok, bad += c[i].bad;
    }
    ck_assert_int_eq(stop(&s), 0);
    ck_assert_int_eq(bad, 0);
    ck_assert_int_eq(ok, CLIENTS * PER_CLIENT);
    ck_assert_int_eq(log_lines(&s, "POST /v1/estimate 200"), CLIENTS * PER_CLIENT);
    ck_assert_int_eq(log_lines(&s, "tables reloaded"), 2);
    unlink(s.log);
    yb_tables_free(ts);
}
END_TEST

/* }=== */

/* SIGTERM while a batch streams: the batch is answered whole, then the server exits 0. */
typedef struct big_batch {
    int port;
    char *body;
    answer a;
} big_batch;

static void *post_batch(void *p)
{
    big_batch *b = p;
    b->a = http(b->port, "POST", "/v1/batch?format=csv", "application/x-ndjson", b->body);
    return NULL;
}

START_TEST(graceful_stop)
{
    server s;
    char claim[1024];
    enum { N = 20000 };
    start(&s, "--grace 60");
    ningbo(claim, sizeof claim, "", "10000");
    size_t one = strlen(claim) + 1;
    big_batch b = {s.port, malloc(one * N + 1), {0}};
    for (int i = 0; i < N; i++) memcpy(b.body + one * (size_t)i, claim, one - 1), b.body[one * (size_t)i + one - 1] = '\n';
    b.body[one * N] = '\0';
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, post_batch, &b), 0);
    usleep(150 * 1000); /* the batch is being read or settled */
    kill(s.pid, SIGTERM);
    pthread_join(t, NULL);
    int st;
    ck_assert_int_eq(waitpid(s.pid, &st, 0), s.pid);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    STATUS(b.a, 200);
    long lines = 0;
    for (size_t i = 0; i < b.a.len; i++) lines += b.a.body[i] == '\n';
    ck_assert_int_eq(lines, N);
    ck_assert_ptr_nonnull(strstr(b.a.body, "\n20000,10000.00,"));
    free(b.a.body), free(b.body);
    unlink(s.log);
}
END_TEST

/* Garbage on the socket: bad request lines, a lying Content-Length, binary, a half request.
   The server answers or drops each, and stays up. */
START_TEST(garbage)
{
    static const char *const junk[] = {
        "\x00\x01\x02\xff\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
        "POST /v1/estimate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
        "POST /v1/estimate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{",
        "POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "GET /v1/places?q=%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /v1/regions/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"};
    server s;
    start(&s, "--timeout 2");
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        int fd = dial(s.port);
        send_all(fd, junk[i], strlen(junk[i]) + (i == 0 ? 6 : 0));
        shutdown(fd, SHUT_WR);
        char buf[4096];
        while (recv(fd, buf, sizeof buf, 0) > 0) {}
        close(fd);
    }
    answer a = http(s.port, "GET", "/healthz", NULL, NULL);
    STATUS(a, 200);
    free(a.body);
    ck_assert_int_eq(stop(&s), 0);
    unlink(s.log);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("serve");
    TCase *tc = tcase_create("HTTP");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, endpoints);
    tcase_add_test(tc, load_with_reload);
    tcase_add_test(tc, graceful_stop);
    tcase_add_test(tc, garbage);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
