/* SPDX-License-Identifier: MIT */
/*
** cli.h
** Shared pieces of the `yibao` command: exit codes (docs/cli.md), option parsing, table set
** opening, error printing and file reading.
*/
#ifndef YB_CLI_H
#define YB_CLI_H

#include <stddef.h>

#include <jansson.h>

#include "yibao.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_TABLE = 3, EXIT_CLAIM = 4,
       EXIT_INTERNAL = 5, EXIT_OUTPUT = 6 };

/* One option a command accepts: "--name" or "--name=value" / "--name value". */
typedef struct cli_opt {
    const char *name;
    int has_arg;
    const char *help;
} cli_opt;

/* Parsed command line of a subcommand: option values by position in the spec, operands. */
typedef struct cli_args {
    const char *val[32];
    int set[32];
    const char *operand[64];
    int noperand;
} cli_args;

/*
** Parses argv against opts (terminated by {NULL}). Long options must be spelled in full:
** no abbreviation is accepted, so a future option can never change what a command means.
** Returns 0, or prints the problem and returns EXIT_USAGE.
*/
int cli_parse(cli_args *a, int argc, char **argv, const cli_opt *opts, const char *cmd);
int cli_has(const cli_args *a, const cli_opt *opts, const char *name);
const char *cli_get(const cli_args *a, const cli_opt *opts, const char *name);
void cli_help(const char *usage, const char *about, const cli_opt *opts);
/* --lang: zh (the default) or en into *en; anything else is a usage error (EXIT_USAGE). */
int cli_lang(const cli_args *a, const cli_opt *opts, const char *cmd, int *en);

/*
** Whether everything written to stdout so far reached it: 0, or EXIT_OUTPUT with a message
** on stderr naming what failed ("cannot write the output: No space left on device").
*/
int cli_output_ok(void);
/* Exit code for a library error code. */
int cli_exit_of(int code);
/* Prints "yibao: file:line:col: path: message" to stderr; returns the exit code. */
int cli_fail(const yb_error *err);
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Opens --tables DIR, else $YIBAO_TABLES, else the embedded set. */
int cli_open_tables(yb_tables **out, const char *dir, yb_error *err);
/* The same, loading from the embedded set only what visits of these regions need. */
int cli_open_tables_for(yb_tables **out, const char *dir, const char *const *regions,
                        size_t n, yb_error *err);
/* Fen of a result's non-negative 2-decimal money string ("1234.56" → 123456); 0 for NULL. */
long long cli_fen(const char *money);
/* Today's date, YYYY-MM-DD, in local time (the default date of a visit). */
const char *cli_today(char buf[16]);
/* Reads a file ("-" = stdin) whole; NULL on failure with err set. */
char *cli_read(const char *path, size_t *len, yb_error *err);

/* CSV (RFC 4180): a header, and a row per result — the setlinfo amounts, pool_prop_selfpay,
   place and pay_loc — read from the typed result, or (year) from a result object. */
void cli_csv_header(const char *first);
void cli_csv_row(const char *first, const yb_result *result);
void cli_csv_row_json(const char *first, json_t *result);
/* A CSV field, quoted when it holds a comma, a quote or a line break. */
void cli_csv_field(const char *s);

/* batch --summary (summary.c): totals kept per worker through yb_batch's `each`. */
typedef struct cli_summary cli_summary;
cli_summary *cli_summary_new(yb_batch_options *bo); /* sets bo's each and format */
int cli_summary_print(cli_summary *s, const char *format, const yb_batch_stats *st);
void cli_summary_free(cli_summary *s);
/* simulate: the totals under tables A and B side by side, and the change (B − A). */
int cli_summary_change(cli_summary *a, cli_summary *b, const char *format, const yb_batch_stats *sa,
                       const yb_batch_stats *sb);
int cmd_simulate(int argc, char **argv);

/* A patient's words (words.c): 居民 → resident, 三级 → 3 …; other text unchanged. */
const char *cli_word(const char *kind, const char *value);
/* The other way, in plain words: resident → 城乡居民医保, 3 → 三级医院; others unchanged. */
const char *cli_say(const char *kind, const char *value);
/* Prints s, then spaces to `width` terminal columns (a CJK character takes two). */
void cli_pad(const char *s, int width);
/* "数据依据：第三方转载…；最近核对于 2026-11-25。" from a result's reliability and date. */
void cli_trust(const char *reliability, const char *checked, int en);
/* Several answers' trust in one line: the weakest reliability, the newest check. */
typedef struct cli_trust_sum {
    int worst; /* -1 none yet; 0 official, 1 third-party, 2 unverified */
    char checked[11];
} cli_trust_sum;
#define CLI_TRUST_SUM_INIT {-1, ""}
void cli_trust_add(cli_trust_sum *t, const char *reliability, const char *checked);
void cli_trust_print(const cli_trust_sum *t, int en);
/* A library warning ("中文 / English") in one language, as "  ! …". */
void cli_warning(const char *w, int en);
/* Help in Chinese (--lang zh, or a Chinese locale without --lang) or English. */
int cli_help_zh(int argc, char **argv);
void cli_help_lang(int zh, const char *usage, const char *about_zh, const char *about_en,
                   const cli_opt *opts);
/* An error about a claim built from flags, told by the flag to add or change. */
int cli_fail_flags(const yb_error *err, int en);

/* The settlement slip (slip.c). lang: 0 Chinese, 1 English; codes: show field names. */
void slip_print(const yb_tables *ts, const yb_result *result, int lang, int explain, int codes);

/* The HTTP API without the HTTP (api.c; docs/http.md): one request in, one reply out. */
typedef struct api_request {
    const char *method, *path;
    const char *(*arg)(void *ctx, const char *key); /* a query argument, or NULL */
    void *arg_ctx;
    const char *body;
    size_t len;
    int json; /* the body was sent as JSON */
} api_request;
typedef struct api_reply {
    int status;
    const char *type, *allow; /* Content-Type; Allow for a 405 */
    char *body;               /* freed with free_body once sent, or NULL with static_body */
    void (*free_body)(void *);
    const char *static_body;  /* the embedded page */
    size_t len;
} api_reply;
void api_answer(api_reply *r, const api_request *q, const yb_tables *ts, yb_engine *eng);
void api_error(api_reply *r, int status, const yb_error *e);
void api_fail(api_reply *r, int status, const char *message);
int api_status_of(const yb_error *e);

int cmd_serve(int argc, char **argv);
int cmd_estimate(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_tables(int argc, char **argv);
int cmd_year(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_filing(int argc, char **argv);
int cmd_contrib(int argc, char **argv);
int cmd_batch(int argc, char **argv);

#endif
