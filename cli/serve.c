/* SPDX-License-Identifier: MIT */
/*
** serve.c
** `yibao serve [--listen 127.0.0.1:8080] [--tables DIR] [--threads N]` — the API of api.c
** and the patient page over HTTP, on GNU libmicrohttpd (docs/http.md).
**
** What a public service needs:
**  - a worker pool (MHD's thread pool, --threads), each worker with its own engine;
**  - a body limit (--max-body for JSON, --max-batch for /v1/batch: 413 beyond it) and a
**    per-connection timeout (--timeout);
**  - SIGHUP reloads the table set and swaps it atomically: a request holds a reference
**    to the set it started with, so requests in flight finish on the old set and none
**    fails during a reload; a set that does not load is logged and the old one kept;
**  - SIGTERM (or SIGINT) stops accepting, lets the requests in flight finish (at most
**    --grace seconds), then stops;
**  - one access-log line per request (--access-log, default stderr):
**    "2026-12-04T09:50:00Z 127.0.0.1 POST /v1/estimate 200 1234 0.81ms".
**
** POST /v1/batch streams: the body's lines are settled by yb_batch in a thread of their
** own, writing into a pipe that MHD sends on as chunks, in order, as they come.
*/
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const cli_opt opts[] = {
    {"listen", 1, "address:port to listen on (default 127.0.0.1:8080; port 0: any free port)"},
    {"tables", 1, "table set directory (default: $YIBAO_TABLES, else the embedded set)"},
    {"threads", 1, "worker threads (default 2)"},
    {"max-body", 1, "largest request body in bytes (default 1048576)"},
    {"max-batch", 1, "largest /v1/batch body in bytes (default 67108864)"},
    {"timeout", 1, "seconds an idle connection is kept (default 30)"},
    {"grace", 1, "seconds to let requests in flight finish on SIGTERM (default 30)"},
    {"access-log", 1, "file for the access log (default: stderr)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL}};

/* {=== The table set, shared and swapped */

typedef struct shared {
    yb_tables *ts;
    atomic_int refs;
} shared;

static pthread_mutex_t current_mu = PTHREAD_MUTEX_INITIALIZER;
static shared *current;
static atomic_int inflight;
static FILE *access_log;
static size_t max_body, max_batch;

static shared *acquire(void)
{
    pthread_mutex_lock(&current_mu);
    shared *s = current;
    atomic_fetch_add(&s->refs, 1);
    pthread_mutex_unlock(&current_mu);
    return s;
}

static void release(shared *s)
{
    if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
        yb_tables_free(s->ts);
        free(s);
    }
}

/* Makes ts the current set; the old one goes when its last request lets it go. */
static void install(yb_tables *ts)
{
    shared *s = malloc(sizeof *s), *old;
    if (s == NULL) {
        yb_tables_free(ts);
        return;
    }
    s->ts = ts;
    atomic_init(&s->refs, 1);
    pthread_mutex_lock(&current_mu);
    old = current;
    current = s;
    pthread_mutex_unlock(&current_mu);
    release(old);
}

/* Each worker thread's engine, built for one set and rebuilt when the set changes. */
typedef struct worker {
    shared *s;
    yb_engine *eng;
} worker;

static pthread_key_t worker_key;

static void worker_end(void *p)
{
    worker *w = p;
    yb_engine_free(w->eng);
    release(w->s);
    free(w);
    yb_thread_cleanup();
}

static yb_engine *engine_for(shared *s)
{
    worker *w = pthread_getspecific(worker_key);
    yb_error err;
    if (w == NULL) {
        if ((w = calloc(1, sizeof *w)) == NULL) return NULL;
        pthread_setspecific(worker_key, w);
    }
    if (w->s != s) {
        yb_engine_free(w->eng);
        release(w->s);
        w->eng = NULL;
        atomic_fetch_add(&s->refs, 1);
        w->s = s;
        if (yb_engine_new(&w->eng, s->ts, &err)) w->eng = NULL;
    }
    return w->eng;
}

/* }=== */

/* {=== One request */

typedef struct request {
    char method[8], url[120]; /* for the access log */
    char *body;
    size_t len, cap, limit;
    int too_big, status;
    size_t sent;
    struct timespec t0;
} request;

static const char *query_arg(void *ctx, const char *key)
{
    return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, key);
}

static int is_json(struct MHD_Connection *c, int batch)
{
    const char *t = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (t == NULL) return 0;
    return !strncmp(t, "application/json", 16) ||
           (batch && (!strncmp(t, "application/x-ndjson", 20) || !strncmp(t, "application/jsonl", 17)));
}

static enum MHD_Result send_reply(struct MHD_Connection *c, request *q, api_reply *r)
{
    struct MHD_Response *resp =
        r->body ? MHD_create_response_from_buffer_with_free_callback(r->len, r->body, r->free_body)
                : MHD_create_response_from_buffer(r->len, (void *)(r->static_body ? r->static_body : ""),
                                                  MHD_RESPMEM_PERSISTENT);
    if (resp == NULL) {
        if (r->body) r->free_body(r->body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type ? r->type : "application/json");
    if (r->allow) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    q->status = r->status;
    q->sent = r->len;
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* {=== /v1/batch, streamed */

typedef struct batch_job {
    shared *s;
    char *body;
    size_t len;
    int fd;
    int format;
} batch_job;

static int write_fd(void *ctx, long line, const char *text, size_t len, const yb_error *e)
{
    (void)line, (void)e;
    int fd = *(int *)ctx;
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1; /* the client went away: stop the run */
        text += n, len -= (size_t)n;
    }
    return 0;
}

static void *batch_run(void *p)
{
    batch_job *j = p;
    yb_batch_options o = YB_BATCH_OPTIONS_INIT;
    yb_batch_stats st;
    yb_error err;
    o.format = j->format;
    FILE *in = j->len ? fmemopen(j->body, j->len, "r") : NULL;
    if (in) {
        yb_batch(j->s->ts, in, write_fd, &j->fd, &o, &st, &err);
        fclose(in);
    }
    close(j->fd);
    release(j->s);
    free(j->body);
    free(j);
    yb_thread_cleanup();
    atomic_fetch_sub(&inflight, 1);
    return NULL;
}

static enum MHD_Result batch(struct MHD_Connection *c, request *q, shared *s)
{
    int fds[2];
    const char *fmt = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
    int format = fmt == NULL || !strcmp(fmt, "jsonl") ? YB_BATCH_JSONL
                 : !strcmp(fmt, "compact")             ? YB_BATCH_BRIEF
                 : !strcmp(fmt, "csv")                 ? YB_BATCH_CSV : 0;
    api_reply r = {0};
    if (format == 0) {
        api_fail(&r, 400, "format: jsonl, compact or csv");
        return send_reply(c, q, &r);
    }
    batch_job *j = malloc(sizeof *j);
    pthread_t t;
    if (j == NULL || pipe(fds)) {
        free(j);
        return MHD_NO;
    }
    *j = (batch_job){s, q->body, q->len, fds[1], format};
    atomic_fetch_add(&s->refs, 1);
    atomic_fetch_add(&inflight, 1);
    q->body = NULL;
    if (pthread_create(&t, NULL, batch_run, j)) {
        close(fds[0]), close(fds[1]);
        release(s), free(j->body), free(j);
        atomic_fetch_sub(&inflight, 1);
        return MHD_NO;
    }
    pthread_detach(t);
    struct MHD_Response *resp = MHD_create_response_from_pipe(fds[0]);
    if (resp == NULL) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            format == YB_BATCH_CSV ? "text/csv; charset=utf-8" : "application/x-ndjson");
    q->status = 200;
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* }=== */

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **ctx)
{
    (void)cls, (void)version;
    request *q = *ctx;
    if (q == NULL) { /* the headers: nothing read yet */
        if ((q = calloc(1, sizeof *q)) == NULL) return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &q->t0);
        snprintf(q->method, sizeof q->method, "%s", method);
        for (char *u = q->method; *u; u++)
            if ((unsigned char)*u <= 0x20 || *u == 0x7f) *u = '?';
        snprintf(q->url, sizeof q->url, "%s", url);
        for (char *u = q->url; *u; u++)
            if ((unsigned char)*u < 0x20 || *u == 0x7f || *u == ' ') *u = '?'; /* one line per request */
        q->limit = !strcmp(url, "/v1/batch") ? max_batch : max_body;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > q->limit) q->too_big = 1;
        atomic_fetch_add(&inflight, 1);
        *ctx = q;
        return MHD_YES;
    }
    if (*upload_size) { /* a piece of the body: kept up to the limit, then only counted */
        if (!q->too_big && q->len + *upload_size > q->limit) q->too_big = 1;
        if (!q->too_big) {
            if (q->len + *upload_size + 1 > q->cap) {
                size_t cap = 2 * (q->len + *upload_size + 1);
                char *b = realloc(q->body, cap);
                if (b == NULL) return MHD_NO;
                q->body = b, q->cap = cap;
            }
            memcpy(q->body + q->len, upload, *upload_size);
            q->len += *upload_size;
            q->body[q->len] = '\0';
        }
        *upload_size = 0;
        return MHD_YES;
    }
    api_reply r = {0};
    if (q->too_big) {
        char m[128];
        snprintf(m, sizeof m, "the body is larger than %zu bytes", q->limit);
        api_fail(&r, 413, m);
        return send_reply(c, q, &r);
    }
    shared *s = acquire();
    enum MHD_Result ok;
    int batch_post = !strcmp(url, "/v1/batch") && !strcmp(method, "POST");
    if (batch_post && is_json(c, 1)) {
        ok = batch(c, q, s);
    } else {
        yb_engine *eng = engine_for(s);
        api_request rq = {method, url, query_arg, c, q->body ? q->body : "", q->len, is_json(c, 0)};
        if (eng == NULL) api_fail(&r, 500, "out of memory");
        else api_answer(&r, &rq, s->ts, eng);
        ok = send_reply(c, q, &r);
    }
    release(s);
    return ok;
}

/* The access log, once the answer is sent (or the connection dropped). */
static void completed(void *cls, struct MHD_Connection *c, void **ctx, enum MHD_RequestTerminationCode why)
{
    (void)cls;
    request *q = *ctx;
    if (q == NULL) return;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long us = (long long)(t1.tv_sec - q->t0.tv_sec) * 1000000 + (t1.tv_nsec - q->t0.tv_nsec) / 1000;
    char when[32], ip[64] = "-";
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, ip, sizeof ip);
    fprintf(access_log, "%s %s %s %s %d %zu %lld.%02lldms%s\n", when, ip, q->method, q->url, q->status,
            q->sent, us / 1000, us % 1000 / 10, why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (dropped)");
    free(q->body);
    free(q);
    *ctx = NULL;
    atomic_fetch_sub(&inflight, 1);
}

/* }=== */

/* {=== Starting, reloading, stopping */

/* libmicrohttpd's own messages (a malformed request it refused) go to the access log. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    fprintf(access_log, "yibao serve: http: %s\n", line);
}

/* A listening socket on "host:port" (IPv4); *port gets the port bound (for port 0). */
static int listen_on(const char *spec, int *port)
{
    char host[64];
    const char *colon = strrchr(spec, ':');
    struct sockaddr_in a = {0};
    socklen_t n = sizeof a;
    if (colon == NULL || (size_t)(colon - spec) >= sizeof host) return -1;
    snprintf(host, sizeof host, "%.*s", (int)(colon - spec), spec);
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 0 || p > 65535) return -1;
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)p);
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1) return -1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
    if (fd < 0) return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 128) ||
        getsockname(fd, (struct sockaddr *)&a, &n)) {
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

static long number(const cli_args *a, const char *name, long dflt, long lo, long hi)
{
    const char *v = cli_get(a, opts, name);
    char *end;
    if (v == NULL) return dflt;
    long n = strtol(v, &end, 10);
    return *v && !*end && n >= lo && n <= hi ? n : -1;
}

int cmd_serve(int argc, char **argv)
{
    cli_args a;
    yb_error err;
    yb_tables *ts = NULL;
    int rc, port = 0;
    if ((rc = cli_parse(&a, argc, argv, opts, "serve"))) return rc;
    if (cli_has(&a, opts, "help")) {
        cli_help("yibao serve [--listen 127.0.0.1:8080] [--tables DIR] [--threads N]",
                 "The HTTP API (docs/http.md) and the patient page at /. SIGHUP reloads the\n"
                 "tables, SIGTERM stops after the requests in flight.",
                 opts);
        return EXIT_OK;
    }
    long threads = number(&a, "threads", 2, 1, 64), timeout = number(&a, "timeout", 30, 1, 3600);
    long grace = number(&a, "grace", 30, 0, 3600);
    long mb = number(&a, "max-body", 1L << 20, 1024, 1L << 30), mbt = number(&a, "max-batch", 64L << 20, 1024, 1L << 34);
    if (threads < 0 || timeout < 0 || grace < 0 || mb < 0 || mbt < 0)
        return cli_usage("serve", "--threads 1–64, --timeout and --grace in seconds, --max-body and "
                                  "--max-batch in bytes (at least 1024)");
    if (a.noperand) return cli_usage("serve", "unexpected argument '%s'", a.operand[0]);
    max_body = (size_t)mb, max_batch = (size_t)mbt;
    const char *spec = cli_get(&a, opts, "listen") ? cli_get(&a, opts, "listen") : "127.0.0.1:8080";
    const char *dir = cli_get(&a, opts, "tables");
    access_log = stderr;
    if (cli_get(&a, opts, "access-log") && (access_log = fopen(cli_get(&a, opts, "access-log"), "a")) == NULL) {
        fprintf(stderr, "yibao serve: cannot open the access log %s\n", cli_get(&a, opts, "access-log"));
        return EXIT_USAGE;
    }
    setvbuf(access_log, NULL, _IOLBF, 0);
    if (cli_open_tables(&ts, dir, &err)) return cli_fail(&err);
    install(ts);
    int fd = listen_on(spec, &port);
    if (fd < 0) {
        fprintf(stderr, "yibao serve: cannot listen on %s: %s\n", spec, strerror(errno));
        release(current);
        return EXIT_USAGE;
    }
    /* Signals are taken by this thread alone (sigwait); the workers inherit the mask. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM), sigaddset(&sigs, SIGINT), sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    pthread_key_create(&worker_key, worker_end);
    yb_json_arena_install();
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, NULL,
        MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)timeout, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "yibao serve: the HTTP server did not start\n");
        close(fd);
        release(current);
        return EXIT_INTERNAL;
    }
    printf("yibao serve: listening on http://%.*s:%d/ (%ld threads, tables %.16s)\n",
           (int)(strrchr(spec, ':') - spec), spec, port, threads, yb_tables_digest(ts));
    fflush(stdout);
    for (;;) {
        int sig = 0;
        if (sigwait(&sigs, &sig)) continue;
        if (sig == SIGHUP) {
            yb_tables *fresh = NULL;
            if (cli_open_tables(&fresh, dir, &err)) {
                char buf[1024];
                yb_error_format(&err, buf, sizeof buf);
                fprintf(access_log, "yibao serve: reload failed, the old tables stay: %s\n", buf);
            } else {
                install(fresh);
                fprintf(access_log, "yibao serve: tables reloaded (%.16s)\n", yb_tables_digest(fresh));
            }
            continue;
        }
        break;
    }
    /* Stop accepting, let what is in flight finish, then stop. */
    int lfd = MHD_quiesce_daemon(d);
    if (lfd >= 0) close(lfd);
    for (long waited = 0; atomic_load(&inflight) > 0 && waited < grace * 100; waited++) {
        struct timespec ten = {0, 10 * 1000 * 1000};
        nanosleep(&ten, NULL);
    }
    MHD_stop_daemon(d);
    fprintf(access_log, "yibao serve: stopped\n");
    pthread_mutex_lock(&current_mu);
    shared *last = current;
    current = NULL;
    pthread_mutex_unlock(&current_mu);
    release(last);
    if (access_log != stderr) fclose(access_log);
    yb_thread_cleanup();
    return EXIT_OK;
}

/* }=== */
