/* SPDX-License-Identifier: MIT */
/*
** writer.c
** A small streaming JSON writer: text appended to a growable buffer, no tree built first.
** Results are written from the engine's integers straight into text, in the layout
** Jansson prints (2-space indentation, or compact), so a result costs one pass over its
** fields and, with a buffer reused across results, no allocation in steady state.
**
**   ybp_w w;
**   ybp_wbegin(&w, &buf, 2);
**   ybp_wopen(&w, '{'); ybp_wkeyl(&w, "hifp_pay"); ybp_wmoney(&w, 656000); ybp_wclose(&w, '}');
**   ybp_wend(&w);  → {"hifp_pay": "6560.00"}   (indent 0: {"hifp_pay":"6560.00"})
**
** The cursor and the end of the room live in the writer, so the usual append is one
** comparison, a copy and a store; the text's length and its NUL are set once, at the end.
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

/* The cursor of a writer whose buffer could not be had: no room, never written to. */
static char none[1];

void ybp_wbegin(ybp_w *w, ybp_buf *b, int indent)
{
    *w = (ybp_w){none, none, b, indent, 0, YBP_W_KEY, -1, ""}; /* at the top: no separator */
    if (b->p && !b->oom) w->p = b->p + b->len, w->end = b->p + b->cap - 1;
    else ybp_wroom(w, 0);
}

int ybp_wend(ybp_w *w)
{
    ybp_buf *b = w->b;
    if (b->oom) return 1;
    b->len = (size_t)(w->p - b->p);
    *w->p = '\0'; /* the byte kept for it */
    return 0;
}

/* ybp_wreserve when the room is used up: grows the buffer (from 4 KiB, about one result),
   or marks it broken (oom set, the cursor left with no room). */
char *ybp_wroom(ybp_w *w, size_t n)
{
    ybp_buf *b = w->b;
    if (b->oom) return NULL;
    size_t len = b->p && w->p != none ? (size_t)(w->p - b->p) : b->len;
    size_t need = len + n + 1 > 4096 ? len + n + 1 : 4096;
    if (n > SIZE_MAX / 2 - len || ybp_grow((void **)&b->p, &b->cap, need, 1)) {
        b->oom = 1;
        b->len = len;
        w->p = w->end = none;
        return NULL;
    }
    w->p = b->p + len;
    w->end = b->p + b->cap - 1;
    return w->p;
}

static void puts_(ybp_w *w, const char *s) { ybp_wput(w, s, strlen(s)); }

static void newline(ybp_w *w)
{
    static const char spaces[] = "\n                                                                ";
    size_t n = (size_t)(w->depth * w->indent);
    ybp_wput(w, spaces, 1);
    for (; n > 0; n -= n < 64 ? n : 64) ybp_wput(w, spaces + 1, n < 64 ? n : 64);
}

void ybp_wsep_indent(ybp_w *w)
{
    if (w->state == YBP_W_KEY) return;
    if (w->state == YBP_W_VALUE) ybp_wput(w, ",", 1);
    if (w->depth > 0) newline(w);
}

void ybp_wopen_indent(ybp_w *w, char c)
{
    ybp_wsep_indent(w);
    ybp_wput(w, &c, 1);
    w->depth++;
    w->state = YBP_W_OPEN;
}

void ybp_wclose_indent(ybp_w *w, char c)
{
    w->depth--;
    if (w->state != YBP_W_OPEN) newline(w); /* an empty one stays "{}" */
    ybp_wput(w, &c, 1);
    w->state = YBP_W_VALUE;
}

/* The bytes a JSON string must escape: control characters, the quote, the backslash
   (and the NUL that ends the text). */
static const unsigned char escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1};

/* Whether any of 16 bytes needs an escape: below 0x20, '"' or '\\' (GCC's and Clang's
   vector extension: a few SSE2 instructions on x86-64, plain code elsewhere). Bytes of
   UTF-8 (0x80 and up) never do. */
typedef unsigned char ybp_v16 __attribute__((vector_size(16)));
typedef signed char ybp_m16 __attribute__((vector_size(16)));
static int escapes16(const char *s)
{
    ybp_v16 x;
    uint64_t h[2];
    memcpy(&x, s, 16);
    ybp_m16 bad = (x < 0x20) | (x == '"') | (x == '\\');
    memcpy(h, &bad, 16);
    return (h[0] | h[1]) != 0;
}

/* How many bytes of s[0..n) need no escape. Sixteen at a time, the last block overlapping
   the one before, and a short string tested padded to sixteen with a byte that needs none;
   byte by byte only from a block that holds an escape. Most strings are short and clean
   ("bench-synthetic", "990001-ningbo.json"): one test, no loop. */
static size_t clean_prefix(const char *s, size_t n)
{
    size_t i = 0;
    if (n < 16) {
        char pad[16];
        memset(pad, 'a', sizeof pad);
        memcpy(pad, s, n);
        if (!escapes16(pad)) return n;
    } else {
        for (; i + 16 <= n && !escapes16(s + i); i += 16) {}
        if (i + 16 > n && (i == n || !escapes16(s + n - 16))) return n; /* all clean */
    }
    while (i < n && !escape[(unsigned char)s[i]]) i++;
    return i;
}

/* A JSON string, then `tail` (": " after a key): quotes, backslashes and control
   characters escaped as Jansson does; UTF-8 passes through unchanged. The clean run before
   the first escape — the whole string, usually — is copied in one piece. */
static void quoted(ybp_w *w, const char *s, const char *tail, size_t ntail)
{
    size_t n = strlen(s), k = clean_prefix(s, n);
    char *p = ybp_wreserve(w, 1 + k + 1 + ntail);
    if (p == NULL) return;
    *p++ = '"';
    memcpy(p, s, k), p += k;
    w->p = p;
    while (k < n) {
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
        size_t i = k + 1;
        k = i + clean_prefix(s + i, n - i);
        ybp_wput(w, s + i, k - i);
    }
    if ((p = ybp_wreserve(w, 1 + ntail)) == NULL) return;
    *p++ = '"';
    for (size_t i = 0; i < ntail; i++) *p++ = tail[i];
    w->p = p;
}

void ybp_wkey(ybp_w *w, const char *k)
{
    ybp_wsep(w);
    quoted(w, k, ": ", w->indent ? 2 : 1);
    w->state = YBP_W_KEY;
}

void ybp_wstr(ybp_w *w, const char *s)
{
    if (s == NULL) {
        ybp_wplain(w, "null", 4);
        return;
    }
    ybp_wsep(w);
    quoted(w, s, "", 0);
    w->state = YBP_W_VALUE;
}

void ybp_wnull(ybp_w *w) { ybp_wplain(w, "null", 4); }

void ybp_wbool(ybp_w *w, int v) { ybp_wplain(w, v ? "true" : "false", v ? 4 : 5); }

void ybp_wint(ybp_w *w, long long v)
{
    char b[YBP_DEC_CHARS];
    if (v >= 0 && v < 10000) { /* counts and years: admissions, a line's number, 2025 */
        int n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
        for (int i = n - 1; i >= 0; i--, v /= 10) b[i] = (char)('0' + v % 10);
        ybp_wplain(w, b, (size_t)n);
        return;
    }
    ybp_wplain(w, b, (size_t)(ybp_dec_write(v, 0, 0, b) - b));
}

/* A scaled integer as a decimal string with `places` decimals: pool_prop_selfpay is
   (v, 4, 4). */
void ybp_wdec(ybp_w *w, int64_t v, int scale, int places)
{
    ybp_wsep(w);
    char *p = ybp_wreserve(w, YBP_DEC_CHARS + 2);
    if (p == NULL) return;
    *p = '"';
    p = ybp_dec_write(v, scale, places, p + 1);
    *p++ = '"';
    w->p = p;
    w->state = YBP_W_VALUE;
}

void ybp_wday(ybp_w *w, long day)
{
    if (day < 0) {
        ybp_wnull(w);
        return;
    }
    ybp_wsep(w);
    char *p = ybp_wreserve(w, 12);
    if (p == NULL) return;
    if (day != w->day) ybp_date_format(day, w->ymd), w->day = day;
    *p = '"';
    memcpy(p + 1, w->ymd, 10);
    p[11] = '"';
    w->p = p + 12;
    w->state = YBP_W_VALUE;
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
