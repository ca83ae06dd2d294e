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
    uint64_t  *hslots;       /* intern hash: the text's hash in the high 32
                                bits, its id + 1 in the low; 0 = empty */
    size_t     hcap;
    struct ds_chunk *chunks; /* the interned text itself, in large blocks */
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

/* How a cell is read as a column of `type`: trimmed of spaces and tabs, then
 * typed.  Shared with `verdeel data` so that a check can never type a cell
 * otherwise than a run does. */
typedef enum {
    DS_CELL_OK,          /* a number or bool in *out (text: nothing written) */
    DS_CELL_MISSING,     /* text: empty; else also CBS's '.' (missing) or 'x' (secret) */
    DS_CELL_NOT_BOOL,    /* not true, false, 1 or 0 */
    DS_CELL_NOT_NUMBER,
    DS_CELL_TOO_LARGE,   /* beyond exact 64-bit arithmetic */
    DS_CELL_NOT_WHOLE    /* `integer` but a fraction; *out holds it */
} ds_cell_status;
/* *v, *len: the cell in, its trimmed text out. */
ds_cell_status ds_cell_read(const char **v, size_t *len, vdl_type type, bool integer, num_t *out);
/* The span of field `col` (0-based) on line `line` of a table's text,
 * counted in characters; false when the field does not start on that line
 * (a quoted field with a line break before it).  Shared so that a check's
 * caret stands where a run's would. */
bool ds_field_span(const src_file *f, size_t line, size_t col, char sep, vdl_span *sp);

#endif
