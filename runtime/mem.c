/* mem.c: the allocation funnel (see mem.h for the ownership rule). */
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void mem_die(size_t size)
{
    fprintf(stderr, "verdeel: out of memory (asked for %zu bytes)\n", size);
    exit(71);
}

void *mem_alloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p) mem_die(size);
    return p;
}

void *mem_realloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q) mem_die(size);
    return q;
}

void *mem_array(size_t n, size_t elem)
{
    if (elem && n > SIZE_MAX / elem) mem_die(SIZE_MAX);
    return mem_alloc(n * elem);
}

void mem_free(void *p) { free(p); }

char *mem_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);     /* every byte is written: no need to zero */
    if (!d) mem_die(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *mem_strdup(const char *s) { return mem_strndup(s, strlen(s)); }

void mem_grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem) mem_die(SIZE_MAX);
        ncap *= 2;
    }
    *buf = mem_realloc(*buf, ncap * elem);
    memset((char *)*buf + *cap * elem, 0, (ncap - *cap) * elem);
    *cap = ncap;
}
