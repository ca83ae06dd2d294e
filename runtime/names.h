/* names.h: a string -> int hash table (open addressing, linear probing),
 * so that looking up the names of a file with many rules stays linear.
 * The keys are borrowed: they must outlive the table. */
#ifndef VERDEEL_NAMES_H
#define VERDEEL_NAMES_H

#include <stddef.h>

typedef struct { const char **keys; int *vals; size_t cap, n; } nm_map;

int  nm_get(const nm_map *m, const char *key);           /* the value, or -1 */
void nm_put(nm_map *m, const char *key, int val);        /* key must be new */
void nm_free(nm_map *m);

#endif
