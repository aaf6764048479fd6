/* SPDX-License-Identifier: MIT */
/*
** jsonpos.c
** Where is /editions/0/schemes/resident in this text? Jansson keeps no positions for
** values, so on the error path we walk the text once more with a minimal tokenizer and
** stop at the value the JSON Pointer names. Only called for messages; speed is irrelevant.
** On text Jansson refused, it reports the position reached.
*/
#include <string.h>

#include "base/base.h"

typedef struct cur {
    const char *s, *end;
    int line, col;
} cur;

static void adv(cur *c)
{
    if (c->s >= c->end) return;
    /* Columns count characters: UTF-8 continuation bytes do not advance them. */
    if (*c->s == '\n') c->line++, c->col = 1;
    else if (((unsigned char)*c->s & 0xC0) != 0x80) c->col++;
    c->s++;
}

static void ws(cur *c)
{
    while (c->s < c->end && (*c->s == ' ' || *c->s == '\t' || *c->s == '\n' || *c->s == '\r'))
        adv(c);
}

/* Copies a string token's raw contents (escapes kept, except \/ and \") into buf. */
static int str(cur *c, char *buf, size_t size)
{
    size_t n = 0;
    if (c->s >= c->end || *c->s != '"') return -1;
    adv(c);
    while (c->s < c->end && *c->s != '"') {
        char ch = *c->s;
        if (ch == '\\') {
            adv(c);
            if (c->s >= c->end) return -1;
            ch = *c->s;
            if (ch == 'n') ch = '\n';
            else if (ch == 't') ch = '\t';
        }
        if (buf && n + 1 < size) buf[n++] = ch;
        adv(c);
    }
    if (buf) buf[n] = '\0';
    if (c->s >= c->end) return -1;
    adv(c);
    return 0;
}

static int skip(cur *c, int depth);

static int skip_container(cur *c, int depth)
{
    char open = *c->s, close = open == '{' ? '}' : ']';
    adv(c);
    ws(c);
    if (c->s < c->end && *c->s == close) {
        adv(c);
        return 0;
    }
    for (;;) {
        if (open == '{') {
            if (str(c, NULL, 0)) return -1;
            ws(c);
            if (c->s >= c->end || *c->s != ':') return -1;
            adv(c);
        }
        if (skip(c, depth + 1)) return -1;
        ws(c);
        if (c->s >= c->end) return -1;
        if (*c->s == ',') {
            adv(c);
            ws(c);
            continue;
        }
        if (*c->s == close) {
            adv(c);
            return 0;
        }
        return -1;
    }
}

static int skip(cur *c, int depth)
{
    ws(c);
    if (c->s >= c->end || depth > 4096) return -1;
    if (*c->s == '{' || *c->s == '[') return skip_container(c, depth);
    if (*c->s == '"') return str(c, NULL, 0);
    while (c->s < c->end && strchr(",]} \t\r\n", *c->s) == NULL) adv(c);
    return 0;
}

/* Next reference token of a JSON Pointer (~1 → /, ~0 → ~) into tok; returns the rest. */
static const char *token(const char *p, char *tok, size_t size)
{
    size_t n = 0;
    for (p++; *p && *p != '/'; p++) {
        char ch = *p;
        if (ch == '~' && (p[1] == '0' || p[1] == '1')) ch = p[1] == '1' ? '/' : '~', p++;
        if (n + 1 < size) tok[n++] = ch;
    }
    tok[n] = '\0';
    return p;
}

static void walk(cur *c, const char *path);

int ybp_json_locate(const char *text, size_t len, const char *path, int *line, int *column)
{
    cur c = {text, text + len, 1, 1};
    walk(&c, path);
    *line = c.line;
    *column = c.col;
    return 0;
}

/* The raw text of the scalar at `path` (a JSON number's digits as written). */
int ybp_json_raw(const char *text, size_t len, const char *path, char *buf, size_t size)
{
    cur c = {text, text + len, 1, 1};
    size_t n = 0;
    walk(&c, path);
    while (c.s < c.end && strchr(",]} \t\r\n", *c.s) == NULL && n + 1 < size) buf[n++] = *c.s++;
    buf[n] = '\0';
    return n ? 0 : -1;
}

static void walk(cur *c0, const char *path)
{
    cur c = *c0;
    char tok[256], key[256];
    const char *p = path ? path : "";
    ws(&c);
    while (*p == '/') {
        p = token(p, tok, sizeof tok);
        if (c.s >= c.end) break;
        if (*c.s == '{') {
            int found = 0;
            adv(&c);
            ws(&c);
            while (c.s < c.end && *c.s == '"') {
                if (str(&c, key, sizeof key)) goto out;
                ws(&c);
                if (c.s >= c.end || *c.s != ':') goto out;
                adv(&c);
                ws(&c);
                if (strcmp(key, tok) == 0) {
                    found = 1;
                    break;
                }
                if (skip(&c, 0)) goto out;
                ws(&c);
                if (c.s < c.end && *c.s == ',') adv(&c), ws(&c);
            }
            if (!found) goto out;
        } else if (*c.s == '[') {
            long idx = 0;
            for (const char *q = tok; *q; q++) idx = idx * 10 + (*q - '0');
            adv(&c);
            ws(&c);
            for (long i = 0; i < idx; i++) {
                if (skip(&c, 0)) goto out;
                ws(&c);
                if (c.s < c.end && *c.s == ',') adv(&c), ws(&c);
                else goto out;
            }
        } else
            break;
    }
out:
    *c0 = c;
}
