/* SPDX-License-Identifier: MIT */
/*
** jalloc.c
** Jansson allocating from a per-thread arena, for batch parsing (docs/abi.md § JSON arena).
**
** Parsing a claim with Jansson builds a tree of a hundred small blocks, and freeing it
** node by node costs a tenth of the parse again. yb_json_arena_install() makes Jansson
** call the two functions below. In a thread that has entered an arena (yb_batch's
** workers, around each line's parse), blocks are carved from it and frees are no-ops; the
** tree is dropped at once by resetting the arena, never walked. Everywhere else — other
** threads, the table loader, the host's own Jansson use — they are malloc and free.
**
** Why a free can tell the two apart: only the thread that owns an arena ever allocates
** from it, and only while it is entered; a tree made there is never handed out, so any
** block freed outside an entered arena came from malloc.
*/
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

struct ybp_jchunk {
    struct ybp_jchunk *next;
    size_t used, size;
    max_align_t data[];
};

static _Thread_local ybp_jarena *current;
static _Thread_local ybp_jarena scratch; /* this thread's, for one-off parses */

/* A new chunk at the head of a, big enough for n: the rare way out of arena_malloc. */
static __attribute__((noinline)) void *arena_grow(ybp_jarena *a, size_t n)
{
    size_t cap = n > 65536 ? n : 65536;
    struct ybp_jchunk *c = malloc(sizeof *c + cap);
    if (c == NULL) return NULL;
    c->next = a->head, c->used = n, c->size = cap;
    a->head = c;
    return c->data;
}

/* Jansson calls this some 120 times a claim: a bump of the head chunk, aligned as malloc
   aligns (_Alignof(max_align_t), 16 bytes here), with no call on the way. */
static void *arena_malloc(size_t n)
{
    ybp_jarena *a = current;
    if (a == NULL) return malloc(n);
    if (n > (size_t)-1 / 2) return NULL; /* rounded up below, it would wrap */
    n = (n + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
    struct ybp_jchunk *c = a->head;
    if (__builtin_expect(c == NULL || c->size - c->used < n, 0)) return arena_grow(a, n);
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

static void arena_free(void *p)
{
    if (current == NULL) free(p); /* an arena's blocks go when it is reset */
}

int yb_json_arena_install(void)
{
    json_set_alloc_funcs(arena_malloc, arena_free);
    return 0;
}

int ybp_jarena_installed(void)
{
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    return m == arena_malloc && f == arena_free;
}

void ybp_jarena_enter(ybp_jarena *a) { current = a; }

void ybp_jarena_leave(void) { current = NULL; }

void ybp_jarena_reset(ybp_jarena *a)
{
    struct ybp_jchunk *c = a->head;
    if (c == NULL) return;
    for (struct ybp_jchunk *rest = c->next, *next; rest; rest = next) next = rest->next, free(rest);
    c->next = NULL;
    c->used = 0;
}

void ybp_jarena_free(ybp_jarena *a)
{
    for (struct ybp_jchunk *c = a->head, *next; c; c = next) next = c->next, free(c);
    a->head = NULL;
}

ybp_jarena *ybp_jarena_thread(void) { return ybp_jarena_installed() ? &scratch : NULL; }

void ybp_jarena_thread_free(void) { ybp_jarena_free(&scratch); }
