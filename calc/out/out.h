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
YBP_FUNC void ybp_wput(ybp_w *w, const char *s, size_t n);
YBP_FUNC void ybp_wopen(ybp_w *w, char c);  /* '{' or '[' */
YBP_FUNC void ybp_wclose(ybp_w *w, char c); /* '}' or ']' */
YBP_FUNC void ybp_wkey(ybp_w *w, const char *k);
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
