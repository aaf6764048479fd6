/* SPDX-License-Identifier: MIT */
/*
** writer.c
** A small streaming JSON writer: text appended to a growable buffer, no tree built first.
** Results are written from the engine's integers straight into text, in the layout
** Jansson prints (2-space indentation, or compact), so a result costs one pass over its
** fields and, with a buffer reused across results, no allocation in steady state.
**
**   ybp_w w = {buf, 0, indent ? 2 : 0};
**   ybp_wopen(&w, '{'); ybp_wkeyl(&w, "hifp_pay"); ybp_wmoney(&w, 656000); ybp_wclose(&w, '}');
**   → {"hifp_pay": "6560.00"}   (compact: {"hifp_pay":"6560.00"})
*/
#include <stdint.h>
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

/* ybp_wreserve when the buffer is full: grows it (from 4 KiB, about one result), or marks
   it broken (len stays, oom set). */
char *ybp_wroom(ybp_w *w, size_t n)
{
    ybp_buf *b = w->b;
    if (b->oom) return NULL;
    size_t need = b->len + n + 1 > 4096 ? b->len + n + 1 : 4096;
    if (n > SIZE_MAX / 2 - b->len || ybp_grow((void **)&b->p, &b->cap, need, 1)) {
        b->oom = 1;
        return NULL;
    }
    return b->p + b->len;
}

static void puts_(ybp_w *w, const char *s) { ybp_wput(w, s, strlen(s)); }

void ybp_wnewline(ybp_w *w)
{
    static const char spaces[] = "\n                                                                ";
    size_t n = (size_t)(w->depth * w->indent);
    ybp_wput(w, spaces, 1);
    for (; n > 0; n -= n < 64 ? n : 64) ybp_wput(w, spaces + 1, n < 64 ? n : 64);
}

void ybp_wopen(ybp_w *w, char c)
{
    ybp_wsep(w);
    ybp_wput(w, &c, 1);
    if (w->depth + 1 < YBP_WDEPTH) w->first[++w->depth] = 1;
}

void ybp_wclose(ybp_w *w, char c)
{
    int empty = w->first[w->depth];
    w->depth--;
    if (w->indent && !empty) ybp_wnewline(w);
    ybp_wput(w, &c, 1);
}

/* The bytes a JSON string must escape: control characters, the quote, the backslash
   (and the NUL that ends the text). */
static const unsigned char escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1};

/* How many bytes of s[0..n) need no escape: eight at a time, then byte by byte from the
   word that may hold one. A word's test is true when a byte is below 0x20 (x - 0x20 borrows
   into its high bit while x's is clear) or equals '"' or '\\' (x ^ that byte has a zero
   byte: the classic "has zero byte" test); it may be true of a clean word after a flagged
   byte, never false of a word that holds one. */
static size_t clean_prefix(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, q, b;
        memcpy(&x, s + i, 8);
        q = x ^ (ones * '"'), b = x ^ (ones * '\\'); /* a zero byte where x has one */
        if ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high) break;
    }
    while (i < n && !escape[(unsigned char)s[i]]) i++;
    return i;
}

/* A JSON string, then `tail` (": " after a key): quotes, backslashes and control
   characters escaped as Jansson does; UTF-8 passes through unchanged. The usual string
   needs no escape and is written in one piece. */
static void quoted(ybp_w *w, const char *s, const char *tail, size_t ntail)
{
    size_t n = strlen(s);
    if (clean_prefix(s, n) == n) {
        char *p = ybp_wreserve(w, n + 2 + ntail);
        if (p == NULL) return;
        *p++ = '"';
        memcpy(p, s, n), p += n;
        *p++ = '"';
        for (size_t i = 0; i < ntail; i++) *p++ = tail[i];
        ybp_wdone(w, p);
        return;
    }
    ybp_wput(w, "\"", 1);
    for (size_t i = 0;;) {
        size_t k = i + clean_prefix(s + i, n - i);
        ybp_wput(w, s + i, k - i);
        if (k == n) break;
        unsigned char c = (unsigned char)s[k];
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
        i = k + 1;
    }
    ybp_wput(w, "\"", 1);
    ybp_wput(w, tail, ntail);
}

void ybp_wkey(ybp_w *w, const char *k)
{
    ybp_wsep(w);
    quoted(w, k, ": ", w->indent ? 2 : 1);
    w->after_key = 1;
}

void ybp_wstr(ybp_w *w, const char *s)
{
    ybp_wsep(w);
    if (s) quoted(w, s, "", 0);
    else puts_(w, "null");
}

void ybp_wnull(ybp_w *w)
{
    ybp_wsep(w);
    puts_(w, "null");
}

void ybp_wbool(ybp_w *w, int v)
{
    ybp_wsep(w);
    puts_(w, v ? "true" : "false");
}

void ybp_wint(ybp_w *w, long long v)
{
    char b[24];
    ybp_wsep(w);
    puts_(w, ybp_dec_format(v, 0, 0, b, sizeof b));
}

/* A scaled integer as a decimal string with `places` decimals: money is (fen, 2, 2). */
void ybp_wdec(ybp_w *w, int64_t v, int scale, int places)
{
    ybp_wsep(w);
    char *p = ybp_wreserve(w, YBP_DEC_CHARS + 2);
    if (p == NULL) return;
    *p = '"';
    p = ybp_dec_write(v, scale, places, p + 1);
    *p++ = '"';
    ybp_wdone(w, p);
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
