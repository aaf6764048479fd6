/* SPDX-License-Identifier: MIT */
/*
** opts.c
** Option parsing, errors and input for every subcommand. Hand-rolled rather than
** getopt_long because getopt_long accepts unique abbreviations (--js for --json), which
** would let a future option silently change what an existing command line means.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static int find(const cli_opt *opts, const char *name, size_t len)
{
    for (int i = 0; opts[i].name; i++)
        if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len)) return i;
    return -1;
}

int cli_parse(cli_args *a, int argc, char **argv, const cli_opt *opts, const char *cmd)
{
    int only_operands = 0;
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (only_operands || s[0] != '-' || !strcmp(s, "-")) {
            if (a->noperand == 64) return cli_usage(cmd, "too many arguments");
            a->operand[a->noperand++] = s;
            continue;
        }
        if (!strcmp(s, "--")) {
            only_operands = 1;
            continue;
        }
        if (s[1] != '-') {
            if (!strcmp(s, "-h")) s = "--help";
            else return cli_usage(cmd, "unknown option '%s' (options are spelled in full: --name)", s);
        }
        const char *eq = strchr(s, '=');
        size_t len = eq ? (size_t)(eq - s - 2) : strlen(s) - 2;
        int k = find(opts, s + 2, len);
        if (k < 0) return cli_usage(cmd, "unknown option '%.*s'", (int)(len + 2), s);
        if (opts[k].has_arg) {
            if (eq) a->val[k] = eq + 1;
            else if (i + 1 < argc) a->val[k] = argv[++i];
            else return cli_usage(cmd, "option '--%s' needs a value", opts[k].name);
        } else if (eq) {
            return cli_usage(cmd, "option '--%s' takes no value", opts[k].name);
        }
        a->set[k] = 1;
    }
    return 0;
}

int cli_has(const cli_args *a, const cli_opt *opts, const char *name)
{
    int k = find(opts, name, strlen(name));
    return k >= 0 && a->set[k];
}

const char *cli_get(const cli_args *a, const cli_opt *opts, const char *name)
{
    int k = find(opts, name, strlen(name));
    return k >= 0 && a->set[k] ? a->val[k] : NULL;
}

void cli_help(const char *usage, const char *about, const cli_opt *opts)
{
    printf("usage: %s\n\n%s\n", usage, about);
    if (opts[0].name) printf("\noptions:\n");
    for (int i = 0; opts[i].name; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s", opts[i].name, opts[i].has_arg ? " VALUE" : "");
        printf("  %-24s %s\n", left, opts[i].help);
    }
    printf("\nexit codes: 0 success, 1 findings/failed cases, 2 usage, 3 table error,\n"
           "            4 claim error, 5 internal error (a broken invariant: please report),\n"
           "            6 the output could not be written\n");
}

int cli_lang(const cli_args *a, const cli_opt *opts, const char *cmd, int *en)
{
    const char *l = cli_get(a, opts, "lang");
    *en = 0;
    if (l == NULL || !strcmp(l, "zh")) return EXIT_OK;
    if (!strcmp(l, "en")) return *en = 1, EXIT_OK;
    return cli_usage(cmd, "--lang takes zh or en");
}

int cli_output_ok(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout)) return EXIT_OK;
    fprintf(stderr, "yibao: cannot write the output: %s\n", errno ? strerror(errno) : "write error");
    return EXIT_OUTPUT;
}

int cli_exit_of(int code)
{
    switch (code) {
    case 0: return EXIT_OK;
    case YB_EUSAGE: return EXIT_USAGE;
    case YB_ETABLE:
    case YB_ENODATE:
    case YB_ENODATA: return EXIT_TABLE;
    case YB_ECLAIM: return EXIT_CLAIM;
    default: return EXIT_INTERNAL;
    }
}

int cli_fail(const yb_error *err)
{
    char buf[1024];
    yb_error_format(err, buf, sizeof buf);
    fprintf(stderr, "yibao: %s\n", buf);
    return cli_exit_of(err->code);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "yibao%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'yibao %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return EXIT_USAGE;
}

/* --tables DIR, else $YIBAO_TABLES (when set and not empty), else the embedded set. An
   empty --tables is refused by the library, not read as "the embedded set". */
int cli_open_tables(yb_tables **out, const char *dir, yb_error *err)
{
    if (dir == NULL && (dir = getenv("YIBAO_TABLES")) != NULL && *dir == '\0') dir = NULL;
    return yb_tables_open(out, dir, err);
}

int cli_open_tables_for(yb_tables **out, const char *dir, const char *const *regions,
                        size_t n, yb_error *err)
{
    if (dir == NULL && (dir = getenv("YIBAO_TABLES")) != NULL && *dir == '\0') dir = NULL;
    return yb_tables_open_for(out, dir, regions, n, err);
}

char *cli_read(const char *path, size_t *len, yb_error *err)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (f == NULL) {
        snprintf(err->source, sizeof err->source, "%s", path);
        snprintf(err->text, sizeof err->text, "cannot read: %s", strerror(errno));
        err->code = YB_ECLAIM;
        return NULL;
    }
    for (;;) {
        if (n + 65536 + 1 > cap) {
            char *nb;
            cap = cap ? cap * 2 : 65536 * 2;
            if (cap > ((size_t)256 << 20) || (nb = realloc(buf, cap)) == NULL) {
                free(buf);
                if (f != stdin) fclose(f);
                snprintf(err->source, sizeof err->source, "%s", path);
                snprintf(err->text, sizeof err->text, "input larger than 256 MiB");
                err->code = YB_ECLAIM;
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, 65536, f);
        n += got;
        if (got < 65536) break;
    }
    if (ferror(f)) { /* a directory opens, then fails to read */
        int e = errno;
        free(buf);
        if (f != stdin) fclose(f);
        snprintf(err->source, sizeof err->source, "%s", path);
        snprintf(err->text, sizeof err->text, "cannot read: %s", strerror(e));
        err->code = YB_ECLAIM;
        return NULL;
    }
    if (f != stdin) fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The CSV columns: the setlinfo amounts up to balc, then three words. */
#define CSV_AMOUNTS (YB_F_BALC + 1)

void cli_csv_header(const char *first)
{
    cli_csv_field(first);
    for (int f = 0; f < CSV_AMOUNTS; f++) printf(",%s", yb_field_name((yb_field)f));
    printf(",pool_prop_selfpay,place,pay_loc\n");
}

void cli_csv_field(const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"') putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static void csv_money(long long fen)
{
    printf(",%s%lld.%02lld", fen < 0 ? "-" : "", (fen < 0 ? -fen : fen) / 100, (fen < 0 ? -fen : fen) % 100);
}

void cli_csv_row(const char *first, const yb_result *r)
{
    const char *place = yb_result_text(r, YB_T_PLACE);
    long long p = yb_result_pool_prop(r);
    cli_csv_field(first);
    for (int f = 0; f < CSV_AMOUNTS; f++) csv_money(yb_result_amount(r, (yb_field)f));
    printf(",%lld.%04lld,%s,%s\n", p / 10000, p % 10000, place,
           !strcmp(place, "local") ? "1" : !strcmp(place, "in_province") ? "3" : "4");
}

void cli_csv_row_json(const char *first, json_t *r)
{
    json_t *si = json_object_get(r, "setlinfo");
    cli_csv_field(first);
    for (int f = 0; f < CSV_AMOUNTS; f++)
        printf(",%s", json_string_value(json_object_get(si, yb_field_name((yb_field)f))));
    printf(",%s,%s,%s\n", json_string_value(json_object_get(si, "pool_prop_selfpay")),
           json_string_value(json_object_get(r, "place")), json_string_value(json_object_get(si, "pay_loc")));
}

const char *cli_today(char buf[16])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, 16, "%Y-%m-%d", &tm);
    return buf;
}

long long cli_fen(const char *m)
{
    const char *dot = m ? strchr(m, '.') : NULL;
    return m ? atoll(m) * 100 + (dot ? atoll(dot + 1) : 0) : 0;
}
