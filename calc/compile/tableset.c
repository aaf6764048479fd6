/* SPDX-License-Identifier: MIT */
/*
** tableset.c
** A table set: every region's table plus national.json, loaded together, validated
** completely, then frozen. Opened from a directory, from texts in memory, or from the set
** embedded at build time. Once open it is never written again, so any number of threads
** may read it without locks.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile/compile.h"

static int by_code(const void *a, const void *b)
{
    const ybp_table *x = *(ybp_table *const *)a, *y = *(ybp_table *const *)b;
    return strcmp(x->code, y->code);
}

/* "dir/330200-ningbo.json" → "330200-ningbo.json": the name inside the set. */
static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(base(*(const char *const *)a), base(*(const char *const *)b));
}

static int open_texts(yb_tables **out, size_t n, const char *const *texts, const size_t *lens,
                      const char *const *names, int embedded, yb_error *err);

int yb_tables_open_texts(yb_tables **out, size_t n, const char *const *texts,
                         const size_t *lens, const char *const *names, yb_error *err)
{
    YBP_BEGIN(err);
    if (out == NULL || (n && (texts == NULL || lens == NULL || names == NULL)))
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_tables_open_texts: out, texts, lens and names are required");
    for (size_t i = 0; i < n; i++)
        if (texts[i] == NULL || names[i] == NULL)
            return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_tables_open_texts: text or name %zu is NULL", i);
    return open_texts(out, n, texts, lens, names, 0, err);
}

static int open_texts(yb_tables **out, size_t n, const char *const *texts, const size_t *lens,
                      const char *const *names, int embedded, yb_error *err)
{
    yb_tables *ts = calloc(1, sizeof *ts);
    unsigned char *buf = NULL;
    char hex[65];
    *out = NULL;
    if (ts == NULL) return ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
    ts->t = calloc(n + 1, sizeof *ts->t);
    if (ts->t == NULL) goto nomem;
    for (size_t i = 0; i < n; i++) {
        ybp_table *t = ybp_alloc(&ts->arena, sizeof *t);
        if (t == NULL) goto nomem;
        if (ybp_table_load(t, &ts->arena, texts[i], lens[i], names[i], err)) {
            if (t->doc) json_decref(t->doc);
            goto fail;
        }
        ts->t[ts->n++] = t;
        for (size_t j = 0; j + 1 < ts->n; j++)
            if (!strcmp(ts->t[j]->code, t->code)) {
                ybp_err(err, YB_ETABLE, names[i], 1, 1, "/region/code",
                        "region %s is already defined by %s (one file per pooling region)",
                        t->code, ts->t[j]->name);
                goto fail;
            }
        t->name = base(t->name); /* explain paths cite tables/<file>#/pointer */
        if (ybp_source_warnings(t, &ts->arena)) {
            ybp_err(err, YB_ENOMEM, names[i], 0, 0, "", "out of memory");
            goto fail;
        }
    }
    qsort(ts->t, ts->n, sizeof *ts->t, by_code);
    if (ts->n && ts->t[0]->national) {
        /* national.json sorts first by code; keep it apart from the regions. */
        ts->national = ts->t[0];
        memmove(ts->t, ts->t + 1, (ts->n - 1) * sizeof *ts->t);
        ts->t[ts->n - 1] = ts->national;
    }
    /* Digest: SHA-256 of a manifest, one line "name<TAB>sha256(text)" per document in
       name order — so the build can compute the embedded set's digest in advance. */
    if (embedded) { /* computed by the build (cmake/embed.cmake) */
        snprintf(hex, sizeof hex, "%s", ybp_embedded_digest);
    } else {
        const char **sorted = calloc(n + 1, sizeof *sorted);
        size_t at = 0;
        buf = malloc(n * (65 + 300) + 1);
        if (sorted == NULL || buf == NULL) {
            free(sorted);
            goto nomem;
        }
        for (size_t i = 0; i < n; i++) sorted[i] = names[i];
        qsort(sorted, n, sizeof *sorted, by_name);
        for (size_t i = 0; i < n; i++) {
            size_t k;
            char fh[65];
            for (k = 0; k < n && names[k] != sorted[i]; k++) {}
            ybp_sha256_hex((const unsigned char *)texts[k], lens[k], fh);
            at += (size_t)snprintf((char *)buf + at, 365, "%.290s\t%s\n", base(names[k]), fh);
        }
        free(sorted);
        ybp_sha256_hex(buf, at, hex);
    }
    snprintf(ts->digest, sizeof ts->digest, "sha256:%s", hex);
    free(buf);
    *out = ts;
    return 0;
nomem:
    ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
fail:
    free(buf);
    yb_tables_free(ts);
    return err && err->code ? err->code : YB_ENOMEM;
}

/*
** Reads a whole regular file; NUL-terminated, length in *len. Anything else (a FIFO, a
** device, a directory) is refused before it is read, so a stray FIFO cannot hang a
** command. Bounded: tables are small. On failure returns NULL with *why set.
*/
static char *slurp(const char *path, size_t *len, const char **why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    *why = NULL;
    if (fd < 0) return *why = strerror(errno), NULL;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        *why = "not a regular file";
        close(fd);
        return NULL;
    }
    for (;;) {
        if (n + 65536 + 1 > cap) {
            char *nb;
            cap = cap ? cap * 2 : 131072;
            if (cap > ((size_t)64 << 20) || (nb = realloc(buf, cap)) == NULL) {
                *why = cap > ((size_t)64 << 20) ? "larger than 64 MiB" : "out of memory";
                free(buf);
                close(fd);
                return NULL;
            }
            buf = nb;
        }
        ssize_t got = read(fd, buf + n, 65536);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            *why = strerror(errno);
            free(buf);
            close(fd);
            return NULL;
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

int yb_tables_open(yb_tables **out, const char *dir, yb_error *err)
{
    DIR *d;
    struct dirent *e;
    char **names = NULL, **texts = NULL;
    size_t *lens = NULL, n = 0, cap = 0;
    int rc;
    YBP_BEGIN(err);
    if (out == NULL) return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_tables_open: out is required");
    *out = NULL;
    if (dir == NULL && (dir = getenv("YIBAO_TABLES")) != NULL && *dir == '\0') dir = NULL;
    if (dir == NULL) {
        const char **nm = calloc(ybp_embedded_count + 1, sizeof *nm);
        const char **tx = calloc(ybp_embedded_count + 1, sizeof *tx);
        size_t *ln = calloc(ybp_embedded_count + 1, sizeof *ln);
        if (!nm || !tx || !ln) rc = ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
        else {
            for (size_t i = 0; i < ybp_embedded_count; i++) {
                nm[i] = ybp_embedded_tables[i].name;
                tx[i] = ybp_embedded_tables[i].text;
                ln[i] = ybp_embedded_tables[i].len;
            }
            rc = open_texts(out, ybp_embedded_count, tx, ln, nm, 1, err);
        }
        free(nm), free(tx), free(ln);
        return rc;
    }
    if (*dir == '\0')
        return ybp_err(err, YB_ETABLE, dir, 0, 0, "", "an empty table directory name");
    if ((d = opendir(dir)) == NULL)
        return ybp_err(err, YB_ETABLE, dir, 0, 0, "", "cannot open the table directory: %s",
                       strerror(errno));
    rc = 0;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        char path[4096];
        if (l < 6 || strcmp(e->d_name + l - 5, ".json") || e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn), **nt;
            if (nn) names = nn;
            nt = realloc(texts, cap * sizeof *nt);
            if (nt) texts = nt;
            size_t *nl = realloc(lens, cap * sizeof *nl);
            if (nl) lens = nl;
            if (!nn || !nt || !nl) {
                rc = ybp_err(err, YB_ENOMEM, "", 0, 0, "", "out of memory");
                break;
            }
        }
        const char *why;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        names[n] = strdup(path); /* errors name the file as the user can open it */
        texts[n] = slurp(path, &lens[n], &why);
        if (texts[n] == NULL) {
            rc = ybp_err(err, YB_ETABLE, path, 0, 0, "", "cannot read the table: %s", why);
            free(names[n]);
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == 0 && n == 0)
        rc = ybp_err(err, YB_ETABLE, dir, 0, 0, "", "no *.json table in the directory");
    if (rc == 0)
        rc = yb_tables_open_texts(out, n, (const char *const *)texts, lens,
                                  (const char *const *)names, err);
    for (size_t i = 0; i < n; i++) free(names[i]), free(texts[i]);
    free(names), free(texts), free(lens);
    return rc;
}

void yb_tables_free(yb_tables *ts)
{
    if (ts == NULL) return;
    for (size_t i = 0; i < ts->n; i++) /* the regions, then national.json */
        if (ts->t[i]->doc) json_decref(ts->t[i]->doc);
    free(ts->t);
    ybp_arena_free(&ts->arena);
    free(ts);
}

/* {=== Opening only what a visit needs */

/* Does the embedded entry cover `r` (a code, its city or province, a name or an alias)? */
static int covers(const ybp_embedded *e, const char *r, int pass)
{
    char want[7];
    if (e->code == NULL || !*e->code) return 0;
    if (strlen(r) == 6 && strspn(r, "0123456789") == 6) {
        /* pass 0: the code itself; 1: its city (xxxx00); 2: its province (xx0000) */
        snprintf(want, sizeof want, pass == 0 ? "%.6s" : pass == 1 ? "%.4s00" : "%.2s0000", r);
        return !strcmp(e->code, want);
    }
    if (pass) return 0;
    if (ybp_same_name(e->region_name, r) || !strcasecmp(e->name_en, r)) return 1;
    for (const char *a = e->aliases; a && *a;) {
        const char *bar = strchr(a, '|');
        char one[128];
        size_t n = bar ? (size_t)(bar - a) : strlen(a);
        snprintf(one, sizeof one, "%.*s", (int)n, a);
        if (!strcasecmp(one, r) || ybp_same_name(one, r)) return 1;
        a += n + (bar != NULL);
    }
    return 0;
}

int yb_tables_open_for(yb_tables **out, const char *dir, const char *const *regions, size_t n,
                       yb_error *err)
{
    YBP_BEGIN(err);
    if (out == NULL || (n && regions == NULL))
        return ybp_err(err, YB_EUSAGE, "", 0, 0, "", "yb_tables_open_for: out and regions are required");
    const char *nm[32], *tx[32], *env = getenv("YIBAO_TABLES"), *as[16];
    size_t ln[32], k = 0;
    if (dir != NULL || n > 16 || (env && *env)) return yb_tables_open(out, dir, err);
    /* A place no table names but the places of China know (慈溪, 北京朝阳) is looked for
       by its code, as yb_tables_resolve will. */
    for (size_t r = 0; r < n; r++) {
        int named = 0;
        const ybp_division *d;
        as[r] = regions[r];
        for (size_t j = 0; regions[r] && j < ybp_embedded_count && !named; j++)
            named = covers(&ybp_embedded_tables[j], regions[r], 0);
        if (regions[r] && !named && ybp_place_find(regions[r], &d, 1) == 1) as[r] = d->code;
    }
    regions = as;
    for (size_t i = 0; i < ybp_embedded_count; i++) {
        const ybp_embedded *e = &ybp_embedded_tables[i];
        int want = e->code && !strcmp(e->code, "000000");
        for (size_t r = 0; r < n && !want; r++) {
            if (regions[r] == NULL) continue;
            /* The same precedence as yb_tables_resolve: the code, then its city, then its
               province; a name or alias only matches on the first pass. */
            for (int pass = 0; pass < 3 && !want; pass++) {
                int any = 0;
                for (size_t j = 0; j < ybp_embedded_count; j++)
                    any |= covers(&ybp_embedded_tables[j], regions[r], pass);
                if (any) {
                    want = covers(e, regions[r], pass);
                    break;
                }
            }
        }
        if (want && k < 32) nm[k] = e->name, tx[k] = e->text, ln[k] = e->len, k++;
    }
    /* A name the index does not know: open everything, so the error is the usual one. (An
       unknown 6-digit code is fine: a place of treatment needs no table.) */
    for (size_t r = 0; r < n; r++) {
        int known = regions[r] == NULL ||
                    (strlen(regions[r]) == 6 && strspn(regions[r], "0123456789") == 6);
        for (int pass = 0; pass < 3 && !known; pass++)
            for (size_t j = 0; j < ybp_embedded_count && !known; j++)
                known = covers(&ybp_embedded_tables[j], regions[r], pass);
        if (!known) return yb_tables_open(out, NULL, err);
    }
    return open_texts(out, k, tx, ln, nm, 1, err);
}
/* }=== */
