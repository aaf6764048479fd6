/* SPDX-License-Identifier: MIT */
/*
** fuzz_api.c
** libFuzzer target: any request to the HTTP API of `yibao serve`, without the sockets
** (cli/api.c's api_answer, the function the server calls for every request but a batch):
** the first byte picks the method and whether the body is sent as JSON, then the path up
** to a newline, the query (k=v&…) up to the next, and the rest is the body. What must
** hold: an answer always; its status one the API documents and never 500 (only a broken
** invariant may be); its body JSON unless it is the page; nothing leaks.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static yb_tables *ts;
static yb_engine *eng;

typedef struct query {
    const char *text; /* "k=v&k2=v2" */
} query;

/* The value of key in the query, copied into a static buffer (one lookup at a time). */
static const char *arg(void *ctx, const char *key)
{
    static char v[256];
    const char *p = ((query *)ctx)->text;
    size_t k = strlen(key);
    while (p && *p) {
        const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p);
        if ((size_t)(end - p) > k && !strncmp(p, key, k) && p[k] == '=') {
            size_t n = (size_t)(end - p) - k - 1;
            if (n >= sizeof v) n = sizeof v - 1;
            memcpy(v, p + k + 1, n);
            v[n] = '\0';
            return v;
        }
        p = amp ? amp + 1 : NULL;
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "POST", "HEAD", "PUT"};
    yb_error err;
    if (ts == NULL && (yb_tables_open(&ts, NULL, &err) || yb_engine_new(&eng, ts, &err))) abort();
    if (size == 0) return 0;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *path = text, *q = strchr(path, '\n'), *body = "";
    if (q) {
        *q++ = '\0';
        char *b = strchr(q, '\n');
        if (b) *b++ = '\0', body = b;
    } else {
        q = "";
    }
    query qq = {q};
    size_t blen = strlen(body); /* the server hands bodies with NULs on as they are; here up to one */
    api_request rq = {methods[data[0] & 3], path, arg, &qq, body, blen, (data[0] >> 2) & 1};
    if (!strcmp(path, "/v1/batch") && !strcmp(rq.method, "POST") && rq.json) {
        free(text); /* streamed by serve.c itself, never through api_answer */
        return 0;
    }
    api_reply r;
    api_answer(&r, &rq, ts, eng);
    int ok = r.status == 200 || r.status == 400 || r.status == 404 || r.status == 405 || r.status == 413 ||
             r.status == 415 || r.status == 422;
    if (!ok) abort();
    if (r.static_body == NULL) {
        json_t *j = json_loadb(r.body, r.len, 0, NULL);
        if (j == NULL) abort();
        json_decref(j);
    }
    if (r.body) r.free_body(r.body);
    free(text);
    return 0;
}
