/* SPDX-License-Identifier: MIT */
/*
** arena.c
** A bump allocator: a compiled table or claim is many small immutable pieces that live
** and die together, so they are carved from chunks and freed in one sweep.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

struct ybp_chunk {
    struct ybp_chunk *next;
    size_t used, size;
    max_align_t data[];
};

void *ybp_alloc(ybp_arena *a, size_t size)
{
    struct ybp_chunk *c = a->head;
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (c == NULL || c->size - c->used < size) {
        size_t cap = size > 16384 ? size : 16384;
        c = malloc(sizeof *c + cap);
        if (c == NULL) return NULL;
        c->next = a->head;
        c->used = 0;
        c->size = cap;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *ybp_strdup(ybp_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = ybp_alloc(a, n);
    if (p) memcpy(p, s, n);
    return p;
}

void ybp_arena_free(ybp_arena *a)
{
    struct ybp_chunk *c = a->head;
    while (c) {
        struct ybp_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

void ybp_arena_reset(ybp_arena *a)
{
    struct ybp_chunk *c = a->head;
    if (c == NULL) return;
    /* The newest chunk stays (the one a claim of the usual size fits in); the rest go. */
    struct ybp_chunk *rest = c->next;
    c->next = NULL;
    c->used = 0;
    while (rest) {
        struct ybp_chunk *next = rest->next;
        free(rest);
        rest = next;
    }
}

/*
** Makes room for `need` elements of `size` bytes in a growable array (*p, *cap), doubling.
** Returns 0, or -1 when memory runs out (the array is left as it was).
*/
int ybp_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : 8;
    while (n < need) n *= 2;
    if (n > SIZE_MAX / size) return -1;
    void *q = realloc(*p, n * size);
    if (q == NULL) return -1;
    *p = q;
    *cap = n;
    return 0;
}
