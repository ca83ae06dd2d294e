/* dataset.h: the tables a program runs on, typed and joined.
 *
 * ds_load reads the main table and every joined table a program declares,
 * picks for each declared column the CSV column in force on the run date,
 * converts cells to exact numbers, bools or interned text, sorts the
 * entities by key (so results never depend on row order), joins the other
 * tables by key, and builds the group levels.  Every problem is a data
 * error with file, line and column name; a missing value is never zero. */
#ifndef VDL_DATASET_H
#define VDL_DATASET_H
#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "program.h"

typedef struct {
    size_t    ngroups;
    uint32_t *of_entity;     /* group index of each entity */
    int64_t  *label;         /* text id of each group, groups in label order */
} ds_level;

typedef struct {
    size_t     n;            /* entities */
    int64_t   *key;          /* text id of each entity's key, ascending */
    num_t    **col;          /* per symbol: the column of a SYM_COLUMN, else NULL */
    int        ncol;         /* = the program's number of symbols */
    ds_level  *levels;       /* per group level */
    int        nlevels;
    char     **strs;         /* interned text; the program's constants first */
    size_t     nstrs, capstrs;
    int64_t   *hslots;       /* intern hash: text id + 1, 0 = empty */
    size_t     hcap;
    char     **paths;        /* the file each dataset was read from */
    int        npaths;
} ds_data;

typedef struct {
    const char *dataset;     /* NULL: the main table */
    const char *path;        /* with text: the name used in messages */
    const char *text;        /* NULL, or the table's bytes in memory (borrowed) */
    size_t      len;
} ds_source;

/* Load.  `base_dir` resolves the paths in the rule file; `over` replaces
 * them.  Returns NULL with diagnostics on any data error. */
ds_data *ds_load(const prog_t *p, const char *base_dir, vdl_date date,
                 const ds_source *over, int nover, diag_list *diags);
void     ds_free(ds_data *d);
int64_t  ds_intern(ds_data *d, const char *s, size_t len);

#endif
