/* SPDX-License-Identifier: MIT */
/*
** out.h
** What leaves the library: results as JSON (result.c), a year of visits (year.c),
** contributions (contrib.c), and the table set described, listed, linted and measured
** for coverage (inspect.c) — each built from the engine's and the model's values, never
** from text another writer printed.
*/
#ifndef YBP_OUT_H
#define YBP_OUT_H

#include <string.h>

#include "settle/settle.h"

/* {=== The JSON writer (writer.c) */
typedef struct ybp_buf {
    char *p; /* NUL-terminated text, or NULL before anything is written */
    size_t len, cap;
    int oom; /* a write could not grow the buffer: the text is incomplete */
} ybp_buf;
#define YBP_WDEPTH 32
typedef struct ybp_w {
    ybp_buf *b;
    int indent; /* 2: Jansson's JSON_INDENT(2) layout; 0: compact */
    int depth, after_key;
    unsigned char first[YBP_WDEPTH]; /* per open container: nothing written in it yet */
} ybp_w;
YBP_FUNC void ybp_buf_free(ybp_buf *b);
YBP_FUNC char *ybp_wroom(ybp_w *w, size_t n); /* ybp_wreserve's slow path */
/* Room for n more bytes at the end of the text, or NULL when the buffer cannot grow (then
   oom is set and every later write is dropped). The caller fills them, then ybp_wdone. */
static inline char *ybp_wreserve(ybp_w *w, size_t n)
{
    ybp_buf *b = w->b;
    return b->len + n + 1 <= b->cap && !b->oom ? b->p + b->len : ybp_wroom(w, n);
}
/* The text now ends at `end` (inside the room reserved). */
static inline void ybp_wdone(ybp_w *w, char *end)
{
    w->b->len = (size_t)(end - w->b->p);
    *end = '\0';
}
/* Appends n bytes. */
static inline void ybp_wput(ybp_w *w, const char *s, size_t n)
{
    char *p = ybp_wreserve(w, n);
    if (p == NULL) return;
    memcpy(p, s, n);
    ybp_wdone(w, p + n);
}
YBP_FUNC void ybp_wopen(ybp_w *w, char c);  /* '{' or '[' */
YBP_FUNC void ybp_wclose(ybp_w *w, char c); /* '}' or ']' */
/* A line break and the indentation of the current depth, in one append. */
YBP_FUNC void ybp_wnewline(ybp_w *w);
/* Before a value or a key: the comma and the line break the layout needs. */
static inline void ybp_wsep(ybp_w *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth == 0) return;
    if (!w->first[w->depth]) ybp_wput(w, ",", 1);
    w->first[w->depth] = 0;
    if (w->indent) ybp_wnewline(w);
}
YBP_FUNC void ybp_wkey(ybp_w *w, const char *k); /* any key: escaped as needed */
/* A key the program spells ("hifp_pay"): plain ASCII, copied without a scan. Inline, so
   the copy of a literal of known length is a few moves. */
#define ybp_wkeyl(w, lit) ybp_wkeyq((w), "\"" lit "\"", sizeof(lit) + 1)
static inline void ybp_wkeyq(ybp_w *w, const char *q, size_t n)
{
    ybp_wsep(w);
    char *p = ybp_wreserve(w, n + 2);
    if (p == NULL) return;
    memcpy(p, q, n), p += n;
    *p++ = ':';
    if (w->indent) *p++ = ' ';
    ybp_wdone(w, p);
    w->after_key = 1;
}
YBP_FUNC void ybp_wstr(ybp_w *w, const char *s); /* NULL: null */
YBP_FUNC void ybp_wnull(ybp_w *w);
YBP_FUNC void ybp_wbool(ybp_w *w, int v);
YBP_FUNC void ybp_wint(ybp_w *w, long long v);
YBP_FUNC void ybp_wdec(ybp_w *w, int64_t v, int scale, int places);
YBP_FUNC void ybp_wday(ybp_w *w, long day); /* "YYYY-MM-DD", or null for -1 */
YBP_FUNC void ybp_wcsv(ybp_w *w, const char *s); /* a CSV field, quoted per RFC 4180 */
#define ybp_wmoney(w, fen) ybp_wdec((w), (fen), YBP_AMT, 2)
/* }=== */

/* {=== Results (result.c) */
/* Writes the result at the writer's place: yibao-result/1 with YB_JSON_* flags (EXPLAIN
   adds the trace, BRIEF keeps setlinfo, setldetail and the identifiers). */
YBP_FUNC void ybp_result_write(ybp_w *w, const yb_result *r, unsigned flags);
YBP_FUNC void ybp_ledger_write(ybp_w *w, const ybp_ledger *g);
/* The trust block's sources part: {"reliability", "checked", "sources"} (contributions). */
YBP_FUNC json_t *ybp_sources_json(const yb_result *r);
/* A result as a CSV row (line number first; no newline) into the writer's buffer. */
YBP_FUNC void ybp_result_csv(ybp_w *w, long line, const yb_result *r);
/* }=== */

#endif
