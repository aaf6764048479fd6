/* SPDX-License-Identifier: MIT */
/*
** writer.c
** A small streaming JSON writer: text appended to a growable buffer, no tree built first.
** Results are written from the engine's integers straight into text, in the layout
** Jansson prints (2-space indentation, or compact), so a result costs one pass over its
** fields and, with a buffer reused across results, no allocation in steady state.
**
**   ybp_w w = {buf, 0, indent ? 2 : 0};
**   ybp_wopen(&w, '{'); ybp_wkey(&w, "hifp_pay"); ybp_wmoney(&w, 656000); ybp_wclose(&w, '}');
**   → {"hifp_pay": "6560.00"}   (compact: {"hifp_pay":"6560.00"})
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

void ybp_buf_free(ybp_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* Appends n bytes; on failure marks the buffer broken (len stays, oom set). */
void ybp_wput(ybp_w *w, const char *s, size_t n)
{
    ybp_buf *b = w->b;
    if (b->oom) return;
    if (ybp_grow((void **)&b->p, &b->cap, b->len + n + 1, 1)) {
        b->oom = 1;
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void puts_(ybp_w *w, const char *s) { ybp_wput(w, s, strlen(s)); }

/* Before a value or a key: the comma and the line break the layout needs. */
static void sep(ybp_w *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth == 0) return;
    if (!w->first[w->depth]) ybp_wput(w, ",", 1);
    w->first[w->depth] = 0;
    if (w->indent) {
        ybp_wput(w, "\n", 1);
        for (int i = 0; i < w->depth * w->indent; i++) ybp_wput(w, " ", 1);
    }
}

void ybp_wopen(ybp_w *w, char c)
{
    sep(w);
    ybp_wput(w, &c, 1);
    if (w->depth + 1 < YBP_WDEPTH) w->first[++w->depth] = 1;
}

void ybp_wclose(ybp_w *w, char c)
{
    int empty = w->first[w->depth];
    w->depth--;
    if (w->indent && !empty) {
        ybp_wput(w, "\n", 1);
        for (int i = 0; i < w->depth * w->indent; i++) ybp_wput(w, " ", 1);
    }
    ybp_wput(w, &c, 1);
}

/* A JSON string: quotes, backslashes and control characters escaped as Jansson does;
   UTF-8 passes through unchanged. */
static void quoted(ybp_w *w, const char *s)
{
    ybp_wput(w, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        ybp_wput(w, run, (size_t)(s - run));
        char e[8];
        switch (c) {
        case '"': puts_(w, "\\\""); break;
        case '\\': puts_(w, "\\\\"); break;
        case '\b': puts_(w, "\\b"); break;
        case '\f': puts_(w, "\\f"); break;
        case '\n': puts_(w, "\\n"); break;
        case '\r': puts_(w, "\\r"); break;
        case '\t': puts_(w, "\\t"); break;
        default: snprintf(e, sizeof e, "\\u%04X", c), puts_(w, e);
        }
        run = s + 1;
    }
    ybp_wput(w, run, (size_t)(s - run));
    ybp_wput(w, "\"", 1);
}

void ybp_wkey(ybp_w *w, const char *k)
{
    sep(w);
    quoted(w, k);
    puts_(w, w->indent ? ": " : ":");
    w->after_key = 1;
}

void ybp_wstr(ybp_w *w, const char *s)
{
    sep(w);
    if (s) quoted(w, s);
    else puts_(w, "null");
}

void ybp_wnull(ybp_w *w)
{
    sep(w);
    puts_(w, "null");
}

void ybp_wbool(ybp_w *w, int v)
{
    sep(w);
    puts_(w, v ? "true" : "false");
}

void ybp_wint(ybp_w *w, long long v)
{
    char b[24];
    sep(w);
    snprintf(b, sizeof b, "%lld", v);
    puts_(w, b);
}

/* A scaled integer as a decimal string with `places` decimals: money is (fen, 2, 2). */
void ybp_wdec(ybp_w *w, int64_t v, int scale, int places)
{
    char b[48];
    sep(w);
    ybp_wput(w, "\"", 1);
    puts_(w, ybp_dec_format(v, scale, places, b, sizeof b));
    ybp_wput(w, "\"", 1);
}

void ybp_wday(ybp_w *w, long day)
{
    char d[11];
    if (day < 0) {
        ybp_wnull(w);
        return;
    }
    ybp_date_format(day, d);
    ybp_wstr(w, d);
}

void ybp_wcsv(ybp_w *w, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        puts_(w, s);
        return;
    }
    ybp_wput(w, "\"", 1);
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        ybp_wput(w, s, (size_t)(q - s + 1));
        ybp_wput(w, "\"", 1); /* a quote is doubled */
    }
    puts_(w, s);
    ybp_wput(w, "\"", 1);
}
