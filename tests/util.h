/* SPDX-License-Identifier: MIT */
/*
** util.h
** Helpers shared by the Check suites: open a table set from an inline JSON text, settle a
** claim text and get the result as a Jansson object, read fields by dotted path.
*/
#ifndef YB_TEST_UTIL_H
#define YB_TEST_UTIL_H

#include <check.h>
#include <jansson.h>

#include "yibao.h"

/* Opens a table set from one or more JSON texts (names t0.json, t1.json …); aborts on error. */
yb_tables *tables_of(const char *text);
yb_tables *tables_of2(const char *a, const char *b);
/* Settles claim text; returns the result object, or NULL with *err filled. */
json_t *settle(const yb_tables *ts, const char *claim, yb_error *err);
/* The string at a dotted path of a result ("setlinfo.hifp_pay"), or "(absent)". */
const char *field(json_t *r, const char *path);
/* Fen of a 2-decimal money string; aborts on anything else. */
long long fen(const char *money);
/* A minimal valid table whose inpatient benefit is `benefit` (a JSON object text). */
char *table_with(const char *scheme, const char *benefit_json, const char *extra_edition);

/* Runs a suite (Check's runner, normal output); returns the exit status for main. */
int run_suite(Suite *s);
/* Runs `yibao ARGS` ($YIBAO_BIN, in $YIBAO_SRC) with stdin from `input` (NULL: empty);
   captures stdout and stderr into the buffers; returns the exit code. */
int run_yibao(const char *args, const char *input, char *out, size_t outsz, char *err,
              size_t errsz);

#endif
