/* SPDX-License-Identifier: MIT */
/*
** api.c
** The HTTP API of `yibao serve` (docs/http.md), without the HTTP: one request — method,
** path, query, body — in; a status, a content type and a body out. serve.c carries the
** bytes over GNU libmicrohttpd; here every answer is made through the library's public
** calls, with the CLI's contracts:
**
**   POST /v1/estimate            claim → result            (yibao-result/1)
**   POST /v1/year                a year of visits → year   (yibao-year/1)
**   POST /v1/compare             {"claim", "vary"} → {"variants": [{"vary", "result"}]}
**   GET  /v1/filing?insured=&treated=&reason=&date=         (yibao-filing/1)
**   GET  /v1/contrib?region=&base=&kind=&person=&tier=&age=&date=
**   GET  /v1/regions, /v1/regions/{code}?date=, /v1/places?q=
**   GET  /healthz, /v1/version, and the patient page: /, /app.js, /style.css
**
** (POST /v1/batch streams, so serve.c answers it itself.) An error is
** {"error": {"status", "exit", "code", "path", "line", "column", "message"}} with the status
** its kind calls for: 400 a bad claim or argument, 404 an unknown region or path, 405 a
** method the path does not take, 413 too large, 415 not JSON, 422 no rules or no data for
** this care on this date, 500 only for a broken invariant.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The page (cli/web/), embedded at build time by cmake/embed_web.cmake. */
extern const struct api_asset { const char *path, *type, *data; size_t len; } api_assets[];

/* {=== Replies */

static void reply(api_reply *r, int status, char *body, void (*free_body)(void *))
{
    r->status = status;
    r->type = "application/json; charset=utf-8";
    r->body = body;
    r->free_body = free_body;
    r->len = body ? strlen(body) : 0;
}

static void reply_json(api_reply *r, int status, json_t *o)
{
    reply(r, status, json_dumps(o, JSON_COMPACT), free);
    json_decref(o);
}

/* A library answer, handed on as it is: the server frees it with yb_free once sent. */
static void reply_text(api_reply *r, char *text)
{
    reply(r, 200, text, yb_free);
}

int api_status_of(const yb_error *e)
{
    switch (e->code) {
    case YB_EUSAGE: return 400;
    case YB_ECLAIM:
        /* A region no table covers is a resource that is not there. */
        if (strstr(e->text, "未知地区") || strstr(e->text, "还没有参数表") ||
            strstr(e->text, "unknown region"))
            return 404;
        return 400;
    case YB_ENODATE:
    case YB_ENODATA: return 422;
    default: return 500;
    }
}

void api_error(api_reply *r, int status, const yb_error *e)
{
    json_t *o = json_object(), *x = json_object();
    json_object_set_new(x, "status", json_integer(status));
    json_object_set_new(x, "exit", json_integer(cli_exit_of(e->code)));
    json_object_set_new(x, "code", json_integer(e->code));
    json_object_set_new(x, "path", json_string(e->path));
    json_object_set_new(x, "line", json_integer(e->line));
    json_object_set_new(x, "column", json_integer(e->column));
    json_object_set_new(x, "message", json_string(e->text));
    json_object_set_new(o, "error", x);
    reply_json(r, status, o);
}

void api_fail(api_reply *r, int status, const char *message)
{
    yb_error e = {YB_EUSAGE, 0, 0, "request", "", ""};
    snprintf(e.text, sizeof e.text, "%s", message);
    api_error(r, status, &e);
}

/* }=== */

/* {=== Endpoints */

static const char *arg(const api_request *q, const char *key)
{
    const char *v = q->arg ? q->arg(q->arg_ctx, key) : NULL;
    return v && *v ? v : NULL;
}

static int flag(const api_request *q, const char *key)
{
    const char *v = arg(q, key);
    return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

static void estimate(api_reply *r, const api_request *q, const yb_tables *ts, yb_engine *eng)
{
    yb_claim *c = NULL;
    const yb_result *res;
    yb_options o = YB_OPTIONS_INIT;
    yb_error err;
    char *out = NULL;
    o.lenient = flag(q, "lenient");
    unsigned fl = YB_JSON_COMPACT | (flag(q, "explain") ? YB_JSON_EXPLAIN : 0);
    if (yb_claim_parse(&c, ts, q->body, q->len, "request", &err) || yb_settle(&res, eng, c, &o, &err) ||
        yb_result_json(&out, res, fl, &err))
        api_error(r, api_status_of(&err), &err);
    else
        reply_text(r, out);
    yb_claim_free(c);
}

static void year(api_reply *r, const api_request *q, yb_engine *eng)
{
    yb_options o = YB_OPTIONS_INIT;
    yb_error err;
    char *out = NULL;
    o.lenient = flag(q, "lenient");
    if (yb_year_json(&out, eng, q->body, q->len, "request", &o, &err)) api_error(r, api_status_of(&err), &err);
    else reply_text(r, out);
}

/*
** {"claim": {…}, "vary": {"insured.filing": ["none", "temporary"], "visit.settlement": […]}}:
** every combination (at most 64), each the claim with those fields set (yb_claim_set), in
** order — the last key varies fastest, as `yibao compare`.
*/
static void compare(api_reply *r, const api_request *q, const yb_tables *ts, yb_engine *eng)
{
    json_error_t je;
    yb_error err;
    json_t *in = json_loadb(q->body, q->len, 0, &je), *claim = json_object_get(in, "claim");
    json_t *vary = json_object_get(in, "vary"), *v;
    const char *keys[4], *key;
    json_t *vals[4];
    size_t nk = 0, total = 1;
    char *text = NULL;
    if (in == NULL || !json_is_object(claim) || !json_is_object(vary) || json_object_size(vary) == 0) {
        api_fail(r, 400, "expected {\"claim\": {…}, \"vary\": {\"insured.filing\": [\"none\", …], …}}");
        goto out;
    }
    json_object_foreach(vary, key, v) {
        if (nk == 4 || !json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 16) {
            api_fail(r, 400, "/vary: at most 4 keys, each a list of 1 to 16 values");
            goto out;
        }
        keys[nk] = key, vals[nk++] = v, total *= json_array_size(v);
    }
    if (total > 64) {
        api_fail(r, 400, "/vary: at most 64 combinations");
        goto out;
    }
    /* The answer is written as text around each result as the library printed it: a
       result is never parsed again to be put in a tree. */
    char *body = NULL;
    size_t blen = 0;
    FILE *f = open_memstream(&body, &blen);
    if (f == NULL || (text = json_dumps(claim, JSON_COMPACT)) == NULL) {
        api_fail(r, 500, "out of memory");
        goto out;
    }
    fputs("{\"format\":\"yibao-compare/1\",\"variants\":[", f);
    yb_options opt = YB_OPTIONS_INIT;
    opt.lenient = flag(q, "lenient");
    for (size_t k = 0; k < total; k++) {
        yb_claim *c = NULL;
        const yb_result *res;
        char *out = NULL, *set_text;
        json_t *set = json_object();
        size_t rem = k, idx[4];
        for (size_t d = nk; d-- > 0;) idx[d] = rem % json_array_size(vals[d]), rem /= json_array_size(vals[d]);
        int rc = yb_claim_parse(&c, ts, text, strlen(text), "request/claim", &err);
        for (size_t d = 0; d < nk && rc == 0; d++) {
            const char *val = json_string_value(json_array_get(vals[d], idx[d]));
            if (val == NULL) {
                rc = -1;
                err = (yb_error){YB_EUSAGE, 0, 0, "request", "/vary", "/vary: values are strings"};
                break;
            }
            json_object_set_new(set, keys[d], json_string(val));
            rc = yb_claim_set(c, ts, keys[d], val, &err);
        }
        if (rc == 0) rc = yb_settle(&res, eng, c, &opt, &err);
        if (rc == 0) rc = yb_result_json(&out, res, YB_JSON_COMPACT, &err);
        yb_claim_free(c);
        set_text = rc ? NULL : json_dumps(set, JSON_COMPACT);
        json_decref(set);
        if (rc == 0 && set_text == NULL)
            rc = -1, err = (yb_error){YB_ENOMEM, 0, 0, "request", "", "out of memory"};
        if (rc == 0) fprintf(f, "%s{\"vary\":%s,\"result\":%s}", k ? "," : "", set_text, out);
        free(set_text);
        yb_free(out);
        if (rc) {
            fclose(f);
            free(body);
            api_error(r, api_status_of(&err), &err);
            goto out;
        }
    }
    fputs("]}", f);
    int bad = ferror(f);
    if (fclose(f) || bad) {
        free(body);
        api_fail(r, 500, "out of memory");
        goto out;
    }
    reply(r, 200, body, free);
out:
    free(text);
    json_decref(in);
}

static void filing(api_reply *r, const api_request *q, const yb_tables *ts)
{
    yb_options o = YB_OPTIONS_INIT;
    yb_error err;
    char *out = NULL, today[16];
    const char *reason = cli_word("filing", arg(q, "reason"));
    if (reason && !strcmp(reason, "temporary")) reason = "other";
    o.lenient = flag(q, "lenient");
    if (!arg(q, "insured") || !arg(q, "treated")) {
        api_fail(r, 400, "give insured= and treated= (names, pinyin or 6-digit codes)");
        return;
    }
    if (yb_filing_json(&out, ts, arg(q, "insured"), arg(q, "treated"), reason,
                       arg(q, "date") ? arg(q, "date") : cli_today(today), &o, &err))
        api_error(r, api_status_of(&err), &err);
    else
        reply_text(r, out);
}

static void contrib(api_reply *r, const api_request *q, yb_engine *eng)
{
    yb_options o = YB_OPTIONS_INIT;
    yb_error err;
    char *out = NULL, today[16], *end;
    int age = -1;
    o.lenient = flag(q, "lenient");
    if (arg(q, "age")) {
        long n = strtol(arg(q, "age"), &end, 10);
        if (*end || n < 0 || n > 150) {
            api_fail(r, 400, "age: a whole number of years, 0 to 150");
            return;
        }
        age = (int)n;
    }
    if (!arg(q, "region")) {
        api_fail(r, 400, "give region=");
        return;
    }
    if (yb_contrib_json(&out, eng, arg(q, "region"), cli_word("kind", cli_word("scheme", arg(q, "kind"))),
                        arg(q, "base"), cli_word("person", arg(q, "person")), cli_word("tier", arg(q, "tier")),
                        age, arg(q, "date") ? arg(q, "date") : cli_today(today), &o, &err))
        api_error(r, api_status_of(&err), &err);
    else
        reply_text(r, out);
}

static void region(api_reply *r, const api_request *q, const yb_tables *ts, const char *name)
{
    yb_error err;
    char *out = NULL;
    const char *code = !strcmp(name, "000000") ? name : yb_tables_resolve(ts, name);
    if (code == NULL) {
        yb_error e = {YB_ECLAIM, 0, 0, "request", "", ""};
        snprintf(e.text, sizeof e.text, "未知地区「%.100s」 / unknown region \"%.100s\"", name, name);
        api_error(r, 404, &e);
        return;
    }
    if (yb_tables_describe(&out, ts, code, arg(q, "date"), &err)) api_error(r, api_status_of(&err), &err);
    else reply_text(r, out);
}

/* }=== */

static void version(api_reply *r, const yb_tables *ts, int health)
{
    json_t *o = json_object();
    if (health) json_object_set_new(o, "status", json_string("ok"));
    json_object_set_new(o, "engine", json_string(yb_version()));
    json_object_set_new(o, "tables", json_string(yb_tables_digest(ts)));
    json_object_set_new(o, "regions", json_integer((json_int_t)yb_tables_count(ts)));
    reply_json(r, 200, o);
}

static void places(api_reply *r, const api_request *q, const yb_tables *ts)
{
    yb_error err;
    char *out = NULL;
    const char *max = arg(q, "max");
    size_t m = max ? strtoul(max, NULL, 10) : 20;
    if (!arg(q, "q")) api_fail(r, 400, "give q= (a name, pinyin or code prefix)");
    else if (yb_places_json(&out, ts, arg(q, "q"), m ? m : 20, &err)) api_error(r, 400, &err);
    else reply_text(r, out);
}

static void regions(api_reply *r, const yb_tables *ts)
{
    yb_error err;
    char *out = NULL;
    if (yb_tables_list_json(&out, ts, &err)) api_error(r, 500, &err);
    else reply_text(r, out);
}

static int page(api_reply *r, const char *p)
{
    for (const struct api_asset *a = api_assets; a->path; a++)
        if (!strcmp(p, a->path) || (!strcmp(p, "/") && !strcmp(a->path, "/index.html"))) {
            r->status = 200, r->type = a->type, r->static_body = a->data, r->len = a->len;
            return 1;
        }
    return 0;
}

/*
** The routes: a path (a prefix when it ends in '/'), whether it takes POST (else GET and
** HEAD), and what answers it. POST bodies must be JSON.
*/
void api_answer(api_reply *r, const api_request *q, const yb_tables *ts, yb_engine *eng)
{
    enum { ESTIMATE, YEAR, COMPARE, BATCH, FILING, CONTRIB, REGION, REGIONS, PLACES, VERSION, HEALTH };
    static const struct { const char *path; int post; } routes[] = {
        [ESTIMATE] = {"/v1/estimate", 1}, [YEAR] = {"/v1/year", 1},       [COMPARE] = {"/v1/compare", 1},
        [BATCH] = {"/v1/batch", 1},       [FILING] = {"/v1/filing", 0},   [CONTRIB] = {"/v1/contrib", 0},
        [REGION] = {"/v1/regions/", 0},   [REGIONS] = {"/v1/regions", 0}, [PLACES] = {"/v1/places", 0},
        [VERSION] = {"/v1/version", 0},   [HEALTH] = {"/healthz", 0}};
    const char *p = q->path;
    int get = !strcmp(q->method, "GET") || !strcmp(q->method, "HEAD"), post = !strcmp(q->method, "POST");
    memset(r, 0, sizeof *r);
    size_t i, n = sizeof routes / sizeof routes[0];
    for (i = 0; i < n; i++) {
        size_t len = strlen(routes[i].path);
        if (routes[i].path[len - 1] == '/' ? !strncmp(p, routes[i].path, len) && p[len]
                                           : !strcmp(p, routes[i].path))
            break;
    }
    if (i == n) {
        if (!get || !page(r, p)) {
            yb_error e = {YB_EUSAGE, 0, 0, "request", "", ""};
            snprintf(e.text, sizeof e.text, "no such path: %.200s", p);
            api_error(r, 404, &e);
        }
        return;
    }
    if (routes[i].post ? !post : !get) {
        r->allow = routes[i].post ? "POST" : "GET, HEAD";
        api_fail(r, 405, routes[i].post ? "this path takes POST" : "this path takes GET");
        return;
    }
    if (routes[i].post && !q->json) {
        api_fail(r, 415, "send the body as application/json (batch: application/x-ndjson)");
        return;
    }
    switch (i) {
    case ESTIMATE: estimate(r, q, ts, eng); break;
    case YEAR: year(r, q, eng); break;
    case COMPARE: compare(r, q, ts, eng); break;
    case FILING: filing(r, q, ts); break;
    case CONTRIB: contrib(r, q, eng); break;
    case REGION: region(r, q, ts, p + strlen(routes[REGION].path)); break;
    case REGIONS: regions(r, ts); break;
    case PLACES: places(r, q, ts); break;
    case VERSION: version(r, ts, 0); break;
    case HEALTH: version(r, ts, 1); break;
    default: api_fail(r, 500, "batch is answered by the server"); break;
    }
}
