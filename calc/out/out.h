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
    char *p; /* NUL-terminated text once a writer has ended (ybp_wend), or NULL */
    size_t len, cap;
    int oom; /* a write could not grow the buffer: the text is incomplete */
} ybp_buf;
/* What the writer wrote last, which decides the separator before the next item. */
enum { YBP_W_OPEN, YBP_W_VALUE, YBP_W_KEY };
typedef struct ybp_w {
    char *p, *end; /* the cursor in b, and the end of its room (one byte kept for the NUL) */
    ybp_buf *b;
    int indent;    /* 2: Jansson's JSON_INDENT(2) layout; 0: compact */
    int depth, state;
    long day;     /* the day last written, and its text: a result repeats a few dates */
    char ymd[11];
} ybp_w;
/* Starts writing at the end of b's text: ybp_wbegin(&w, &b, 0) … ybp_wend(&w). */
YBP_FUNC void ybp_wbegin(ybp_w *w, ybp_buf *b, int indent);
/* Ends the text (b->len, the NUL); returns b->oom. */
YBP_FUNC int ybp_wend(ybp_w *w);
YBP_FUNC void ybp_buf_free(ybp_buf *b);
YBP_FUNC char *ybp_wroom(ybp_w *w, size_t n); /* ybp_wreserve's slow path */
/* Room for n more bytes at the cursor, or NULL when the buffer cannot grow (then oom is
   set and every later write is dropped). The caller fills them and moves w->p past what
   it wrote. The test is one comparison: a writer's hot path is this, a copy and a store. */
static inline char *ybp_wreserve(ybp_w *w, size_t n)
{
    return (size_t)(w->end - w->p) >= n ? w->p : ybp_wroom(w, n);
}
/* Appends n bytes. */
static inline void ybp_wput(ybp_w *w, const char *s, size_t n)
{
    char *p = ybp_wreserve(w, n);
    if (p == NULL) return;
    memcpy(p, s, n);
    w->p = p + n;
}
/* Before an item in indented layout: the comma, a line break and the indentation. */
YBP_FUNC void ybp_wsep_indent(ybp_w *w);
YBP_FUNC void ybp_wopen_indent(ybp_w *w, char c);
YBP_FUNC void ybp_wclose_indent(ybp_w *w, char c);
/* Opens '{' or '[' (compact inline: a result opens and closes some twenty). */
static inline void ybp_wopen(ybp_w *w, char c)
{
    char *p;
    if (w->indent) {
        ybp_wopen_indent(w, c);
        return;
    }
    if ((p = ybp_wreserve(w, 2)) == NULL) return;
    if (w->state == YBP_W_VALUE) *p++ = ',';
    *p++ = c;
    w->p = p;
    w->depth++;
    w->state = YBP_W_OPEN;
}
/* Closes with '}' or ']'. */
static inline void ybp_wclose(ybp_w *w, char c)
{
    char *p;
    if (w->indent) {
        ybp_wclose_indent(w, c);
        return;
    }
    w->depth--;
    w->state = YBP_W_VALUE;
    if ((p = ybp_wreserve(w, 1)) == NULL) return;
    *p++ = c;
    w->p = p;
}
/* Before a value or a key: nothing after a key, else a comma after an item (and, indented,
   the line break). */
static inline void ybp_wsep(ybp_w *w)
{
    if (w->state == YBP_W_KEY) return;
    if (w->indent) ybp_wsep_indent(w);
    else if (w->state == YBP_W_VALUE) ybp_wput(w, ",", 1);
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
    w->p = p;
    w->state = YBP_W_KEY;
}
/* A value that is already JSON text: a number, null, or a string the program spells with
   its quotes (ybp_wstrl(w, "yibao-result/1")). */
#define ybp_wstrl(w, lit) ybp_wplain((w), "\"" lit "\"", sizeof(lit) + 1)
static inline void ybp_wplain(ybp_w *w, const char *q, size_t n)
{
    ybp_wsep(w);
    ybp_wput(w, q, n);
    w->state = YBP_W_VALUE;
}
YBP_FUNC void ybp_wstr(ybp_w *w, const char *s); /* NULL: null */
YBP_FUNC void ybp_wnull(ybp_w *w);
YBP_FUNC void ybp_wbool(ybp_w *w, int v);
YBP_FUNC void ybp_wint(ybp_w *w, long long v);
YBP_FUNC void ybp_wdec(ybp_w *w, int64_t v, int scale, int places);
/* Money in fen as "1234.56": the value a result writes most, inline. */
static inline void ybp_wmoney(ybp_w *w, int64_t fen)
{
    ybp_wsep(w);
    char *p = ybp_wreserve(w, YBP_DEC_CHARS + 2);
    if (p == NULL) return;
    *p++ = '"';
    p = ybp_money_write(fen, p);
    *p++ = '"';
    w->p = p;
    w->state = YBP_W_VALUE;
}
/* A key and its money together, the pair a result writes most ("hifp_pay":"6560.00"):
   compact, one reserve and the writer's fields read once (a store through a char pointer
   may alias them, so separate calls reload them all). Always inlined, so the key's copy
   is a move or two of known size, not a call: 0.15x of settle time in bench/ (GCC and
   Clang; the writer uses their vector extension too). */
#define ybp_wkmoney(w, lit, fen) ybp_wkeymoney((w), "\"" lit "\":\"", sizeof(lit) + 3, (fen))
__attribute__((always_inline)) static inline void ybp_wkeymoney(ybp_w *w, const char *q, size_t n,
                                                               int64_t fen)
{
    if (w->indent) { /* q ends in the colon and the value's quote */
        ybp_wkeyq(w, q, n - 2);
        ybp_wmoney(w, fen);
        return;
    }
    char *p = ybp_wreserve(w, 1 + n + YBP_DEC_CHARS + 1);
    if (p == NULL) return;
    if (w->state == YBP_W_VALUE) *p++ = ',';
    memcpy(p, q, n), p += n;
    p = ybp_money_write(fen, p);
    *p++ = '"';
    w->p = p;
    w->state = YBP_W_VALUE;
}
/* A string of n bytes that needs no escape, so no scan: text whose length the format
   fixes (a region code: 6, a date: 10, an edition "330200@2025-01-01": 17), where with n
   a constant the copy is a move or two, no strlen and no call. NULL: null. */
static inline void ybp_wfixed(ybp_w *w, const char *s, size_t n)
{
    if (s == NULL) {
        ybp_wnull(w);
        return;
    }
    ybp_wsep(w);
    char *p = ybp_wreserve(w, n + 2);
    if (p == NULL) return;
    *p++ = '"';
    memcpy(p, s, n), p += n;
    *p++ = '"';
    w->p = p;
    w->state = YBP_W_VALUE;
}
/* A string from a fixed set the program spells (ybp_place_names, ybp_rel_names) or one
   the loader checked (the digest): the same, its length counted. */
static inline void ybp_wname(ybp_w *w, const char *s) { ybp_wfixed(w, s, s ? strlen(s) : 0); }
YBP_FUNC void ybp_wday(ybp_w *w, long day); /* "YYYY-MM-DD", or null for -1 */
YBP_FUNC void ybp_wcsv(ybp_w *w, const char *s); /* a CSV field, quoted per RFC 4180 */
/* }=== */

/* {=== Results (result.c) */
/* A result's amount by field, in fen (yb_result_amount; inline, so the JSON writer's
   constant fields become plain loads). */
static inline int64_t ybp_amount(const yb_result *r, yb_field f)
{
    switch (f) {
    case YB_F_MEDFEE_SUMAMT: return r->medfee;
    case YB_F_FULAMT_OWNPAY_AMT: return r->fulamt;
    case YB_F_OVERLMT_SELFPAY: return r->overlmt;
    case YB_F_PRESELFPAY_AMT: return r->preselfpay;
    case YB_F_INSCP_SCP_AMT: return r->inscp;
    case YB_F_ACT_PAY_DEDC: return r->dedc;
    case YB_F_HIFP_PAY: return r->fund[YBP_F_HIFP];
    case YB_F_HIFOB_PAY: return r->fund[YBP_F_HIFOB];
    case YB_F_HIFMI_PAY: return r->fund[YBP_F_HIFMI];
    case YB_F_CVLSERV_PAY: return r->fund[YBP_F_CVLSERV];
    case YB_F_MAF_PAY: return r->fund[YBP_F_MAF];
    case YB_F_HIFES_PAY: return r->fund[YBP_F_HIFES];
    case YB_F_OTH_PAY: return r->fund[YBP_F_OTH];
    case YB_F_FUND_PAY_SUMAMT: return r->fund_sum;
    case YB_F_PSN_PART_AMT: return r->psn_part;
    case YB_F_ACCT_PAY: return r->acct;
    case YB_F_PSN_CASH_PAY: return r->cash;
    case YB_F_BALC: return r->balc;
    case YB_F_ACCT_MULAID_PAY: return r->mulaid;
    case YB_F_BURDEN_FULAMT: return r->burden[YBP_C_FULAMT];
    case YB_F_BURDEN_OVERLMT: return r->burden[YBP_C_OVERLMT];
    case YB_F_BURDEN_PRESELFPAY: return r->burden[YBP_C_PRESELFPAY];
    case YB_F_BURDEN_DEDUCTIBLE: return r->burden[YBP_C_DEDUCTIBLE];
    case YB_F_BURDEN_COPAY: return r->burden[YBP_C_COPAY];
    case YB_F_BURDEN_OVER_CAP: return r->burden[YBP_C_OVERCAP];
    default: return 0;
    }
}
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
