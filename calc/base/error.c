/* SPDX-License-Identifier: MIT */
/*
** error.c
** The caller-owned error report (after Jansson's json_error_t): the first error wins, so
** the most specific message, reported deepest, survives.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/base.h"

void ybp_utf8_trim(char *s)
{
    size_t n = strlen(s), i = n, need;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i == 0) return;
    unsigned char lead = (unsigned char)s[i - 1];
    need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need) s[i - 1] = '\0';
}

/* Always returns `code`, so callers can write `return ybp_err(err, YB_ETABLE, …);`. */
int ybp_err(yb_error *err, int code, const char *source, int line, int column,
            const char *path, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL || err->code != 0) return code;
    err->code = code;
    err->line = line;
    err->column = column;
    snprintf(err->source, sizeof err->source, "%s", source ? source : "");
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    /* Messages quote region names and table titles: never leave half a character. */
    ybp_utf8_trim(err->source);
    ybp_utf8_trim(err->path);
    ybp_utf8_trim(err->text);
    return code;
}

/* Fills in line and column from the error's JSON Pointer, when the text is known. */
void ybp_err_locate(yb_error *err, const char *text, size_t len)
{
    if (err == NULL || err->code == 0 || err->line > 0 || text == NULL) return;
    ybp_json_locate(text, len, err->path, &err->line, &err->column);
}

void yb_error_format(const yb_error *err, char *buf, size_t size)
{
    if (err == NULL || err->code == 0) {
        snprintf(buf, size, "no error");
        return;
    }
    if (err->line > 0)
        snprintf(buf, size, "%s:%d:%d: %s%s%s", err->source, err->line, err->column,
                 err->path, err->path[0] ? ": " : "", err->text);
    else
        snprintf(buf, size, "%s%s%s%s%s", err->source, err->source[0] ? ": " : "",
                 err->path, err->path[0] ? ": " : "", err->text);
}

const char *ybp_unknown_key(json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++) ok = !strcmp(*a, key);
        if (!ok) return key;
    }
    return NULL;
}

int ybp_options_check(const yb_options *opt, yb_error *err)
{
    if (opt && opt->version != 1 && opt->version != YB_OPTIONS_VERSION)
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_options version %u: this library knows "
                       "versions 1 and %d (initialise with YB_OPTIONS_INIT)", opt->version,
                       YB_OPTIONS_VERSION);
    return 0;
}

const char *yb_strerror(int code)
{
    switch (code) {
    case YB_OK: return "success";
    case YB_EUSAGE: return "usage error: a call's arguments are wrong";
    case YB_ETABLE: return "table error: a table cannot be read or is invalid";
    case YB_ECLAIM: return "claim error: invalid JSON, an unknown region, a missing field, a bad amount";
    case YB_EINTERNAL: return "internal error: an invariant broke (a bug)";
    case YB_ENOMEM: return "out of memory";
    case YB_ENODATE: return "no rules in force on the date (no edition, or no annual figures)";
    case YB_ENODATA: return "no data: the table does not say what the region pays for this";
    case YB_ESTOPPED: return "stopped: a callback (a batch's writer) asked to stop";
    default: return "unknown error code";
    }
}
