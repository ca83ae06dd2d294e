/* datatool.h: what the parts of `verdeel data` (datatable.c, convert.c,
 * datacheck.c, template.c) share; internal to the library.
 *
 * Every table goes through csv_parse, the one reader a run uses, and every
 * cell through ds_cell_read, the one typing a run uses, so that what
 * `verdeel data` shows, converts and checks is what a run sees. */
#ifndef VDL_DATATOOL_H
#define VDL_DATATOOL_H
#include "internal.h"
#include "csv.h"

struct vdl_table {
    csv_table csv;          /* header, cells, lens, row_line, text: owned */
    src_file *src;          /* a read table's file, for carets; NULL when made */
    bool      sep_given;    /* the separator was forced, not detected */
    size_t    n_crlf, n_lf, n_cr;   /* the file's line ends, quoted ones included */
    bool      final_break;  /* the file ends in a line break */
};

/* --- datatable.c ------------------------------------------------------- */

/* A table from the file at `path`, or from `text` (named `path`). */
vdl_table  *dt_table_read(const char *path, const char *text, size_t len, char sep,
                          vdl_diags *d, vdl_status *st);
/* A cell as a run reads text (trimmed); *len gets its length. */
const char *dt_cell(const csv_table *t, size_t row, size_t col, size_t *len);
/* A value as it may appear in a message: at most 40 bytes (not cutting a
 * UTF-8 sequence), line breaks and tabs as \n, \r, \t, other control bytes
 * as '?'. */
const char *dt_shown(const char *v, size_t len, char *buf, size_t cap);
/* A diagnostic about a cell: its line with a caret under the cell when the
 * table's text is at hand, else the line number alone. */
void        dt_cell_diag(diag_list *l, diag_level lv, const vdl_table *t, const char *path,
                         size_t row, size_t col, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* A table made here (a conversion, a template): cells are appended to one
 * growing buffer by offset and turned into the csv_table layout at the end,
 * so that made and read tables are freed the same way. */
typedef struct {
    size_t  ncols;
    char  **head;           /* the caller fills in ncols names (owned) */
    char   *buf;   size_t len, cap;
    size_t *off;   size_t noff, capoff;
    size_t *lines; size_t nlines, caplines;
} dt_builder;

void       dt_build_init(dt_builder *b, size_t ncols);
void       dt_build_row(dt_builder *b, size_t line);   /* before a row's cells */
void       dt_build_cell(dt_builder *b, const char *s, size_t n);
vdl_table *dt_build_finish(dt_builder *b);
void       dt_build_free(dt_builder *b);                /* instead of finishing */

/* The table a run reads for dataset `di`: the one given in `over` (a file,
 * or text in memory with *text set), else the declared file resolved
 * against the rule file's folder; NULL if neither. */
char *dt_dataset_path(const vdl_program *vp, int di, const vdl_source *over, int nover,
                      const char **text, size_t *len);
/* A `data` entry must name a dataset of the program, as vdl_load demands. */
bool  dt_sources_known(const prog_t *p, const vdl_source *over, int nover, diag_list *l);
/* Whether a column source applies on `date`, as a run chooses it. */
bool  dt_in_force(const prog_source *src, vdl_date date);

#endif
