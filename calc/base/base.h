/* SPDX-License-Identifier: MIT */
/*
** base.h
** The ground floor of calc/: exact decimals and dates, the MPFR context, the arena,
** errors and JSON positions. Depends on libc, MPFR and Jansson only; everything above
** includes it. Internal names carry the prefix ybp_ and are hidden from the shared library.
*/
#ifndef YBP_BASE_H
#define YBP_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <mpfr.h>

#include "yibao.h"

#define YBP_FUNC __attribute__((visibility("hidden"))) extern

/* {=== Scales of the exact integers (value = integer × 10^-scale) */
#define YBP_AMT 2   /* money, in fen */
#define YBP_RATIO 6 /* ratios and factors, in millionths */
#define YBP_PRICE 6 /* unit price and its ceiling (national 16,6) */
#define YBP_CNT 4   /* quantity (national 16,4) */
#define YBP_MAXINT 12 /* integer digits accepted in any decimal */
#define YBP_MAXINT_WIDE 16 /* in the year ledger's cumulative amounts (fen scale only) */
#define YBP_LEDGER_MAX 1000000000000000000LL /* 10^16 yuan in fen: ledger amounts stay below */
#define YBP_ONE 1000000 /* 1 at ratio scale */
/* }=== */

/* {=== Errors (error.c) and JSON positions (jsonpos.c) */
/*
** Every public call that can fail begins with YBP_BEGIN(err): the caller's report is reset
** — or, when err is NULL, a local one is used — so the code a call returns never depends
** on whether the caller passed a report, and a reused report never keeps an old error.
*/
#define YBP_BEGIN(err)                                                                    \
    yb_error ybp_local_err_;                                                              \
    if ((err) == NULL) (err) = &ybp_local_err_;                                           \
    ybp_err_clear(err)
/* An empty report: code, line and column 0, the three texts empty. Only those bytes are
   written, not all 1.3 KB: yb_batch resets a report per line in an array its threads
   share, and clearing it whole moved 21 cache lines from one core to the other per line. */
static inline void ybp_err_clear(yb_error *e)
{
    e->code = e->line = e->column = 0;
    e->source[0] = e->path[0] = e->text[0] = '\0';
}
/* The options a call was given, checked: NULL means the defaults; another version is a
   usage error (returns 0 or YB_EUSAGE with err set). */
YBP_FUNC int ybp_options_check(const yb_options *opt, yb_error *err);
YBP_FUNC int ybp_err(yb_error *err, int code, const char *source, int line, int column,
                     const char *path, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
YBP_FUNC void ybp_err_locate(yb_error *err, const char *text, size_t len);
/* Locates the value at JSON Pointer `path` in `text`: 1-based line and column (jsonpos.c). */
YBP_FUNC int ybp_json_locate(const char *text, size_t len, const char *path, int *line,
                             int *column);
/* Copies the raw text of the value at `path` (a JSON number's own digits) into buf. */
YBP_FUNC int ybp_json_raw(const char *text, size_t len, const char *path, char *buf,
                         size_t size);
/* Cuts s back to a whole UTF-8 character after a truncating snprintf. */
YBP_FUNC void ybp_utf8_trim(char *s);
/* The first key of obj not in the NULL-terminated list `allowed`, or NULL. */
YBP_FUNC const char *ybp_unknown_key(json_t *obj, const char *const *allowed);
/* }=== */

/* {=== Arena: every compiled table lives in one, freed at once (arena.c) */
typedef struct ybp_arena {
    struct ybp_chunk *head;
} ybp_arena;
YBP_FUNC void *ybp_alloc(ybp_arena *a, size_t size);
YBP_FUNC char *ybp_strdup(ybp_arena *a, const char *s);
YBP_FUNC void ybp_arena_free(ybp_arena *a);
/* Empties the arena for reuse, keeping one chunk: no allocation for the next of a kind. */
YBP_FUNC void ybp_arena_reset(ybp_arena *a);

/* Jansson's blocks from a per-thread arena, when yb_json_arena_install() was called
   (jalloc.c): enter before json_loadb, leave after, reset instead of json_decref. */
typedef struct ybp_jarena {
    struct ybp_jchunk *head;
} ybp_jarena;
YBP_FUNC int ybp_jarena_installed(void);
YBP_FUNC void ybp_jarena_enter(ybp_jarena *a);
YBP_FUNC void ybp_jarena_leave(void);
YBP_FUNC void ybp_jarena_reset(ybp_jarena *a);
YBP_FUNC void ybp_jarena_free(ybp_jarena *a);
/* The calling thread's own arena when installed (else NULL); freed by yb_thread_cleanup. */
YBP_FUNC ybp_jarena *ybp_jarena_thread(void);
YBP_FUNC void ybp_jarena_thread_free(void);
YBP_FUNC int ybp_grow(void **p, size_t *cap, size_t need, size_t size);
/* }=== */

/* {=== Decimals (dec.c) */
#define YBP_DEC_PCT 0x1 /* accept "85%" */
#define YBP_DEC_NEG 0x2 /* accept a leading '-' */
#define YBP_DEC_WIDE 0x4 /* accept YBP_MAXINT_WIDE integer digits (amounts only) */
YBP_FUNC int ybp_dec_parse(const char *s, int scale, unsigned flags, int64_t *out,
                           const char **why);
/* Writes v × 10^-scale with exactly `places` decimals (places <= scale drops zeros only). */
YBP_FUNC char *ybp_dec_format(int64_t v, int scale, int places, char *buf, size_t size);
#define YBP_DEC_CHARS 24 /* "-" + 20 digits + "." + a spare */
/* The same text at out, not NUL-terminated; returns its end. It may write scratch bytes
   past the end, never past out + YBP_DEC_CHARS (the caller reserves that much). */
YBP_FUNC char *ybp_dec_write(int64_t v, int scale, int places, char out[YBP_DEC_CHARS]);
/* Money: fen as yuan with 2 decimals, written forwards at out; returns the end. It may
   write scratch bytes past the end, never past out + YBP_DEC_CHARS (so the caller reserves
   that much), and no NUL. 123456 → "1234.56", -5 → "-0.05". */
YBP_FUNC char *ybp_money_write(int64_t fen, char *out);
/* Day number of "YYYY-MM-DD" (days since 1970-01-01; years 1970–2199), or -1 when not a
   real date in that range. */
YBP_FUNC long ybp_date_parse(const char *s);
YBP_FUNC void ybp_date_format(long day, char buf[11]);
YBP_FUNC int ybp_date_year(long day);
YBP_FUNC long ybp_date_next_year(long day);
/* An amount of fen as a JSON string "1234.56". */
YBP_FUNC json_t *ybp_money(int64_t fen);
YBP_FUNC void ybp_sha256_hex(const unsigned char *data, size_t len, char out[65]);

enum ybp_round { YBP_HALF_UP, YBP_HALF_EVEN, YBP_DOWN };

/*
** The MPFR scratch of one engine. Every value is an integer held exactly; every operation
** ORs "was it inexact?" into `inexact`, which settlement turns into YB_EINTERNAL. The only
** place where a quotient is rounded is ybp_q_round(), at a named rounding point.
*/
#define YBP_PREC 128 /* bits: see ybp_q_round for the bound it proves */
#define YBP_NP10 24
typedef struct ybp_mp {
    mpfr_t q;                /* private to ybp_q_round */
    mpfr_t x;                /* private to ybp_mul_round */
    mpfr_t p10[YBP_NP10];    /* 10^0 … 10^23, exact */
    int inexact;
} ybp_mp;
YBP_FUNC void ybp_mp_init(ybp_mp *m);
YBP_FUNC void ybp_mp_clear(ybp_mp *m);
/* out = round(num / 10^digits) with the given mode; out may alias num. */
YBP_FUNC void ybp_q_round10(ybp_mp *m, mpfr_t out, const mpfr_t num, int digits, int mode);
/* out = round(num / den) (den > 0, both integers); out may alias num or den. */
YBP_FUNC void ybp_q_round(ybp_mp *m, mpfr_t out, const mpfr_t num, const mpfr_t den,
                          int mode);
/* The integer in x as int64; sets m->inexact when it does not fit. */
YBP_FUNC int64_t ybp_mp_get(ybp_mp *m, const mpfr_t x);
/* A 128-bit integer (an exact sum or product of amounts) into x; exact at YBP_PREC. */
__extension__ typedef __int128 ybp_i128;
YBP_FUNC void ybp_mp_set128(ybp_mp *m, mpfr_t x, ybp_i128 v);
/* v / 10^digits, rounded once with `mode`, as int64 (m->inexact when it does not fit). */
YBP_FUNC int64_t ybp_round10(ybp_mp *m, ybp_i128 v, int digits, int mode);
/* x × y / 10^digits, rounded once with `mode`: the product of two scaled integers. */
YBP_FUNC int64_t ybp_mul_round(ybp_mp *m, int64_t x, int64_t y, int digits, int mode);
#define YBX(m, call)                                                                       \
    do {                                                                                   \
        if ((call) != 0) (m)->inexact = 1;                                                 \
    } while (0)
/* }=== */

#endif
