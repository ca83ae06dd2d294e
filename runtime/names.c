/* names.c: the string -> int hash table of names.h. */
#include "names.h"
#include "mem.h"

#include <string.h>

static size_t nm_hash(const char *s)
{
    size_t h = 1469598103934665603u;   /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

int nm_get(const nm_map *m, const char *key)
{
    if (!m->cap) return -1;
    for (size_t i = nm_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) return -1;
        if (strcmp(m->keys[i], key) == 0) return m->vals[i];
    }
}

void nm_put(nm_map *m, const char *key, int val)
{
    if ((m->n + 1) * 2 > m->cap) {     /* at most half full: probes stay short */
        nm_map old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->keys = mem_array(m->cap, sizeof *m->keys);
        m->vals = mem_array(m->cap, sizeof *m->vals);
        m->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i]) nm_put(m, old.keys[i], old.vals[i]);
        nm_free(&old);
    }
    size_t i = nm_hash(key) & (m->cap - 1);
    while (m->keys[i]) i = (i + 1) & (m->cap - 1);
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
}

void nm_free(nm_map *m)
{
    mem_free(m->keys);
    mem_free(m->vals);
    memset(m, 0, sizeof *m);
}
