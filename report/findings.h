/* findings.h: criteria that fail, as findings (see findings.c). */
#ifndef VDL_FINDINGS_H
#define VDL_FINDINGS_H
#include "internal.h"
#include "table.h"

typedef struct {
    int    sym;      /* the criterion */
    size_t row;      /* the failing row at the criterion's level */
} fnd_item;

/* Every failing row of every criterion (of `phase`, when not NULL), in
 * declaration order, then row order.  Returns the count; *out is the
 * caller's to free. */
size_t fnd_collect(const vdl_result *r, const char *phase, fnd_item **out);
/* The key of a row at a level ("" for all). */
const char *fnd_key(const vdl_result *r, int level, size_t row);
/* "amv_plaatsen=120, amv_vraag=150": the values the criterion read. */
char *fnd_values(const vdl_result *r, const fnd_item *f);
/* The findings as a table (criterion, at, values, citation); false if none. */
bool fnd_table(const vdl_result *r, const fnd_item *items, size_t n, out_table *t);
/* The findings as a JSON member "findings": [...] (no trailing comma). */
void fnd_json(const vdl_result *r, const fnd_item *items, size_t n, FILE *out);

#endif
