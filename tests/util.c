/* SPDX-License-Identifier: MIT */
/*
** util.c
** Test helpers (see util.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

yb_tables *tables_of2(const char *a, const char *b)
{
    const char *texts[2] = {a, b}, *names[2] = {"t0.json", "t1.json"};
    size_t lens[2] = {strlen(a), b ? strlen(b) : 0};
    yb_tables *ts = NULL;
    yb_error err = {0};
    if (yb_tables_open_texts(&ts, b ? 2 : 1, texts, lens, names, &err)) {
        char m[1024];
        yb_error_format(&err, m, sizeof m);
        ck_abort_msg("table did not load: %s", m);
    }
    return ts;
}

yb_tables *tables_of(const char *text) { return tables_of2(text, NULL); }

json_t *settle(const yb_tables *ts, const char *claim, yb_error *err)
{
    yb_claim *c = NULL;
    yb_engine *e = NULL;
    const yb_result *r;
    char *out = NULL;
    json_t *res = NULL;
    memset(err, 0, sizeof *err);
    if (yb_claim_parse(&c, ts, claim, strlen(claim), "<test>", err) == 0 &&
        yb_engine_new(&e, ts, err) == 0 && yb_settle(&r, e, c, NULL, err) == 0 &&
        yb_result_json(&out, r, YB_JSON_EXPLAIN, err) == 0) {
        res = json_loads(out, 0, NULL);
        ck_assert_msg(res != NULL, "the result is not JSON:\n%s", out);
        /* yibao's writer lays text out as Jansson does (calc/out/writer.c): the same bytes,
           indented and compact, as Jansson's own printing of what it parsed. */
        char *again = json_dumps(res, JSON_INDENT(2) | JSON_PRESERVE_ORDER), *compact = NULL;
        ck_assert_str_eq(out, again);
        free(again);
        ck_assert_int_eq(yb_result_json(&compact, r, YB_JSON_EXPLAIN | YB_JSON_COMPACT, err), 0);
        again = json_dumps(res, JSON_COMPACT | JSON_PRESERVE_ORDER);
        ck_assert_str_eq(compact, again);
        free(again);
        yb_free(compact);
    }
    yb_free(out);
    yb_engine_free(e);
    yb_claim_free(c);
    return res;
}

const char *field(json_t *r, const char *path)
{
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", path);
    for (char *t = strtok_r(buf, ".", &save); t && r; t = strtok_r(NULL, ".", &save))
        r = json_is_array(r) ? json_array_get(r, (size_t)atoi(t)) : json_object_get(r, t);
    return json_is_string(r) ? json_string_value(r) : "(absent)";
}

long long fen(const char *m)
{
    const char *dot = strchr(m, '.');
    ck_assert_msg(dot && strlen(dot) == 3, "not a 2-decimal amount: %s", m);
    return atoll(m) * 100 + (m[0] == '-' ? -1 : 1) * atoll(dot + 1);
}

char *table_with(const char *scheme, const char *benefit, const char *extra)
{
    static const char *fmt =
        "{\"format\": \"yibao-table/2\",\n"
        " \"region\": {\"code\": \"990100\", \"name\": \"测试地区\", \"name_en\": \"Testland\","
        " \"province\": \"990000\", \"aliases\": [\"testland\"]},\n"
        " \"sources\": {\"t\": {\"title\": \"hand-made test table\", \"url\": "
        "\"https://example.invalid/t\", \"published\": null, \"checked\": \"2026-11-25\", \"reliability\": \"official\"}},\n"
        " \"editions\": [{\"from\": \"2020-01-01\", \"to\": null, \"sources\": [\"t\"],%s\n"
        "   \"schemes\": {\"%s\": {%s}}}]}\n";
    size_t n = strlen(fmt) + strlen(scheme) + strlen(benefit) + (extra ? strlen(extra) : 0) + 1;
    char *s = malloc(n);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(s, n, fmt, extra ? extra : "", scheme, benefit);
#pragma GCC diagnostic pop
    return s;
}

int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

static void slurp(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "rb");
    size_t k = f ? fread(buf, 1, n - 1, f) : 0;
    buf[k] = '\0';
    if (f) fclose(f);
    unlink(path);
}

int run_yibao(const char *args, const char *input, char *out, size_t outsz, char *err,
              size_t errsz)
{
    char cmd[8192], in[64] = "/dev/null", o[64], e[64];
    const char *bin = getenv("YIBAO_BIN"), *src = getenv("YIBAO_SRC");
    ck_assert_msg(bin && src, "YIBAO_BIN and YIBAO_SRC are not set (run through ctest)");
    if (input) {
        snprintf(in, sizeof in, "/tmp/yb_test_in_%d", (int)getpid());
        FILE *f = fopen(in, "w");
        fputs(input, f);
        fclose(f);
    }
    snprintf(o, sizeof o, "/tmp/yb_test_out_%d", (int)getpid());
    snprintf(e, sizeof e, "/tmp/yb_test_err_%d", (int)getpid());
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s < %s > %s 2> %s", src, bin, args, in, o, e);
    int st = system(cmd);
    slurp(o, out, outsz);
    slurp(e, err, errsz);
    if (input) unlink(in);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
