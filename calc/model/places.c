/* SPDX-License-Identifier: MIT */
/*
** places.c
** Every province, prefecture and county-level place of China, by code, name, short name
** and pinyin (tables/divisions.tsv, embedded; docs/tables.md § Places): what a patient
** types — 慈溪, 温州市, wenzhou, 北京朝阳区, 330282 — becomes a code, and a code a name.
** A code's pool is found by the table set (model/query.c): itself, its prefecture, its
** province.
**
** The list is parsed once, on first use (pthread_once), into an array sorted by code,
** and never written again: any number of threads may read it.
**
** Matching, in order: a 6-digit code; a name as published (慈溪市); a short name (慈溪);
** pinyin, any case, spaces and apostrophes ignored (Cixi, ci xi); a prefecture or
** province followed by one of its counties (北京朝阳, 宁波市海曙区). When several places
** answer to one text, a prefecture wins over its province's or a county's namesake (吉林 →
** 吉林市: a prefecture is a pool, a province is not); several at the same level make the
** text ambiguous (朝阳区: 北京 or 长春) and the caller lists them.
*/
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

extern const char ybp_places_tsv[];
extern const size_t ybp_places_len;

static ybp_division *places;
static size_t nplaces;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Splits the embedded text into places (a private copy: fields become strings). */
static void load(void)
{
    char *t = malloc(ybp_places_len + 1);
    size_t cap = 4096;
    ybp_division *p = malloc(cap * sizeof *p);
    if (t == NULL || p == NULL) {
        free(t), free(p);
        return; /* no list: places then resolve by code only */
    }
    memcpy(t, ybp_places_tsv, ybp_places_len);
    t[ybp_places_len] = '\0';
    for (char *line = t, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (*line == '#') continue;
        char *f[5];
        int k = 0;
        for (char *c = line; k < 5; k++) {
            f[k] = c;
            c = strchr(c, '\t');
            if (c == NULL) break;
            *c++ = '\0';
        }
        if (k < 4 || strlen(f[0]) != 6) continue;
        if (nplaces == cap) {
            ybp_division *q = realloc(p, 2 * cap * sizeof *p);
            if (q == NULL) break;
            p = q, cap *= 2;
        }
        ybp_division *x = &p[nplaces++];
        memcpy(x->code, f[0], 7);
        x->name = f[1], x->short_name = f[2], x->pinyin = f[3];
        x->parent = f[4][0] ? f[4] : NULL;
    }
    places = p;
}

static int level_of(const ybp_division *p)
{
    return p->parent == NULL ? 0 : !strcmp(p->code + 4, "00") ? 1 : 2; /* province, prefecture, county */
}

const ybp_division *ybp_place_by_code(const char *code)
{
    pthread_once(&once, load);
    size_t lo = 0, hi = nplaces;
    if (code == NULL) return NULL;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(places[mid].code, code);
        if (c == 0) return &places[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* Pinyin as typed: lower case, letters only ("Ci Xi", "ci'xi" → "cixi"); 0 when the text
   has anything but ASCII letters, spaces and apostrophes. */
static int pinyin_key(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\'' || c == '-') continue;
        if (!isalpha(c) || c >= 0x80 || n + 1 >= size) return 0;
        out[n++] = (char)tolower(c);
    }
    out[n] = '\0';
    return n > 0;
}

/* Does place p answer to text t (already a pinyin key in `py`, or not)? */
static int answers(const ybp_division *p, const char *t, const char *py)
{
    return !strcmp(p->name, t) || !strcmp(p->short_name, t) || (py && !strcmp(p->pinyin, py));
}

/* `t` = a prefecture or province, then one of its places: 北京朝阳, 宁波市海曙区. */
static const ybp_division *compound(const char *t)
{
    for (size_t i = 0; i < nplaces; i++) {
        const ybp_division *up = &places[i];
        if (level_of(up) == 2) continue;
        const char *rest = NULL;
        size_t ln = strlen(up->name), ls = strlen(up->short_name);
        if (!strncmp(t, up->name, ln) && t[ln]) rest = t + ln;
        else if (!strncmp(t, up->short_name, ls) && t[ls]) rest = t + ls;
        if (rest == NULL) continue;
        for (size_t j = 0; j < nplaces; j++) {
            const ybp_division *p = &places[j];
            if (strcmp(p->name, rest) && strcmp(p->short_name, rest)) continue;
            const ybp_division *dad = p->parent ? ybp_place_by_code(p->parent) : NULL;
            if (dad && (dad == up || (dad->parent && !strcmp(dad->parent, up->code)))) return p;
        }
    }
    return NULL;
}

size_t ybp_place_find(const char *text, const ybp_division **out, size_t max)
{
    char py[64];
    const ybp_division *best[16];
    size_t n = 0;
    int lv = 3;
    pthread_once(&once, load);
    if (text == NULL || *text == '\0') return 0;
    if (strlen(text) == 6 && strspn(text, "0123456789") == 6) {
        const ybp_division *p = ybp_place_by_code(text);
        if (p && max) out[0] = p;
        return p != NULL;
    }
    int isp = pinyin_key(text, py, sizeof py);
    for (size_t i = 0; i < nplaces; i++) {
        const ybp_division *p = &places[i];
        if (!answers(p, text, isp ? py : NULL)) continue;
        int l = level_of(p) == 1 ? 0 : level_of(p) == 0 ? 1 : 2; /* prefecture, province, county */
        if (l < lv) lv = l, n = 0;
        if (l == lv && n < 16) best[n++] = p;
    }
    if (n == 0) {
        const ybp_division *p = compound(text);
        if (p) best[n++] = p;
    }
    for (size_t i = 0; i < n && i < max; i++) out[i] = best[i];
    return n;
}

/*
** Places whose name, short name or pinyin begins with `prefix` (宁 → 宁波市, 宁德市 …; ning →
** the same), prefectures first, then provinces, then counties, each in code order: what a
** search box offers as the patient types. Up to max into out; returns how many.
*/
size_t ybp_place_prefix(const char *prefix, const ybp_division **out, size_t max)
{
    char py[64];
    size_t n = 0, len = prefix ? strlen(prefix) : 0;
    pthread_once(&once, load);
    if (len == 0) return 0;
    int isp = pinyin_key(prefix, py, sizeof py);
    size_t plen = isp ? strlen(py) : 0;
    static const int order[3] = {1, 0, 2}; /* prefecture, province, county */
    for (int o = 0; o < 3; o++)
        for (size_t i = 0; i < nplaces && n < max; i++) {
            const ybp_division *p = &places[i];
            if (level_of(p) != order[o]) continue;
            if (!strncmp(p->name, prefix, len) || !strncmp(p->code, prefix, len) ||
                (isp && !strncmp(p->pinyin, py, plen)))
                out[n++] = p;
        }
    return n;
}

/* Edit distance between two UTF-8 strings, by code point, capped at 9. */
static int distance(const char *a, const char *b)
{
    unsigned ca[32], cb[32];
    int na = 0, nb = 0, d[33][33];
    for (const unsigned char *s = (const unsigned char *)a; *s && na < 32; na++) {
        unsigned c = *s++;
        while ((*s & 0xC0) == 0x80) c = c << 8 | *s++;
        ca[na] = c;
    }
    for (const unsigned char *s = (const unsigned char *)b; *s && nb < 32; nb++) {
        unsigned c = *s++;
        while ((*s & 0xC0) == 0x80) c = c << 8 | *s++;
        cb[nb] = c;
    }
    for (int i = 0; i <= na; i++) d[i][0] = i;
    for (int j = 0; j <= nb; j++) d[0][j] = j;
    for (int i = 1; i <= na; i++)
        for (int j = 1; j <= nb; j++) {
            int m = d[i - 1][j - 1] + (ca[i - 1] != cb[j - 1]);
            if (d[i - 1][j] + 1 < m) m = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < m) m = d[i][j - 1] + 1;
            d[i][j] = m;
        }
    return d[na][nb] > 9 ? 9 : d[na][nb];
}

int ybp_near(const char *typed, const char *name)
{
    int d = distance(typed, name);
    size_t n = strlen(typed);
    /* One slip in a short word, two in a long one: 宁博 → 宁波, ningpo → ningbo. */
    return d <= (n > 12 ? 2 : 1) ? d : -1;
}

size_t ybp_place_suggest(const char *text, const ybp_division **out, size_t max)
{
    char py[64];
    size_t n = 0;
    pthread_once(&once, load);
    if (text == NULL || *text == '\0') return 0;
    int isp = pinyin_key(text, py, sizeof py);
    for (int want = 1; want <= 2 && n == 0; want++)
        for (int lv = 1; lv >= 0 && n < max; lv--) /* prefectures first, then provinces */
            for (size_t i = 0; i < nplaces && n < max; i++) {
                const ybp_division *p = &places[i];
                if (level_of(p) != lv) continue;
                int d = isp ? ybp_near(py, p->pinyin) : ybp_near(text, p->short_name);
                if (d < 0 && !isp) d = ybp_near(text, p->name);
                if (d == want) out[n++] = p;
            }
    return n;
}
