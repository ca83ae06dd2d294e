/* verdeel_data.h: inspecting, checking and converting the tables a rule
 * file reads (verdeel data).  Part of the embedding API; included by
 * verdeel.h.
 *
 * A vdl_table is a delimited text table exactly as verdeel's reader splits
 * it: every cell the text that was written (quotes removed, "" unescaped,
 * spaces and line breaks inside quotes kept), with the line each row starts
 * on.  It is read from a file (vdl_table_read), or made by a conversion
 * (vdl_table_convert) or from a rule file (vdl_data_template), and written
 * as a terminal view, RFC 4180 CSV or JSON (vdl_table_write).
 *
 * vdl_data_check checks a rule file's tables against its dataset
 * declarations with the typing rules of a run, and reports more than a run
 * does: every problem rather than the first twenty, and the likely
 * mistakes a run accepts.
 *
 * As everywhere in verdeel.h: nothing here prints except to the FILE it is
 * given; problems come back as a status and diagnostics in a vdl_diags.
 * Every vdl_table returned is the caller's, freed with vdl_table_free. */
#ifndef VERDEEL_DATA_H
#define VERDEEL_DATA_H

typedef struct vdl_table vdl_table;

/* The type `verdeel data show` infers for a column, from its cells with
 * surrounding spaces trimmed (as a run reads them), not counting the
 * missing ones (empty, or CBS's '.' and 'x'):
 *   EMPTY    every cell is missing
 *   BOOL     true/false (1/0 allowed too), at least one true or false
 *   INTEGER  every value a whole number, as an `integer` column accepts it
 *   DECIMAL  every value a plain decimal ("-0.25"; no decimal comma)
 *   TEXT     anything else */
typedef enum {
    VDL_COL_EMPTY, VDL_COL_BOOL, VDL_COL_INTEGER, VDL_COL_DECIMAL, VDL_COL_TEXT
} vdl_column_type;

/* "empty", "bool", "integer", "decimal", "text". */
const char *vdl_column_type_name(vdl_column_type t);

/* --- reading a table ------------------------------------------------------ */

/* Read the table in the file at `path`.  sep: 0 to detect ';' or ',' from
 * the header line, or the separator to use (',', ';', '\t').  Returns NULL
 * with *st = VDL_EDATA and a diagnostic (file, line, column, caret) when the
 * file cannot be opened or is not a well-formed table: empty, an empty or
 * duplicate column name, an unclosed quote, a ragged row, a NUL byte,
 * invalid UTF-8. */
vdl_table  *vdl_table_read(const char *path, char sep, vdl_diags *d, vdl_status *st);
void        vdl_table_free(vdl_table *t);

size_t      vdl_table_rows(const vdl_table *t);      /* data rows, header excluded */
size_t      vdl_table_columns(const vdl_table *t);
/* The name of column `col` (0-based); NULL when out of range. */
const char *vdl_table_header(const vdl_table *t, size_t col);
/* A cell exactly as read (NUL-terminated; cells never hold NUL bytes);
 * NULL when out of range.  Borrowed from the table. */
const char *vdl_table_cell(const vdl_table *t, size_t row, size_t col);
/* The 1-based line where a row starts in its file (0 for a made table). */
size_t      vdl_table_line(const vdl_table *t, size_t row);
/* The separator the table was read with (',' for a made table). */
char        vdl_table_separator(const vdl_table *t);
/* The inferred type of a column; *missing (if not NULL) gets the number of
 * its missing cells. */
vdl_column_type vdl_table_type(const vdl_table *t, size_t col, size_t *missing);

/* --- writing a table -------------------------------------------------------
 * VDL_FMT_TEXT: for a terminal: what was detected (separator, encoding, line
 *   ends, the size), each column's type and missing cells, then the rows in
 *   aligned columns with the line each starts on; line breaks and tabs in a
 *   cell are shown as \n, \r, \t so that a row stays one line.
 * VDL_FMT_CSV: RFC 4180: comma-separated, UTF-8 without a byte-order mark,
 *   LF after every row; a field is quoted when it holds a comma, a quote,
 *   a CR or an LF (and a lone empty field, which would be a blank line).
 *   Cells are written exactly, line breaks inside them included.
 * VDL_FMT_JSON: an array with one object per row, the header's names as
 *   keys in column order, every value a string exactly as read.
 * Returns 0, or -1 for VDL_FMT_MD (not supported) or a write error. */
int         vdl_table_write(const vdl_table *t, vdl_format format, FILE *out);

/* --- converting a table ------------------------------------------------- */
typedef struct {
    /* Keep the rows whose region code starts with this prefix: "GM"
     * (municipalities), "WK" (districts), "BU" (neighbourhoods) or any
     * other; "gemeente", "wijk" and "buurt" stand for the first three.
     * NULL keeps every row. */
    const char          *rows;
    /* The header of the region-code column.  NULL: the one column whose
     * values all look like CBS region codes (two capitals and digits, such
     * as GM0363) and of which at least one starts with `rows`. */
    const char          *code_column;
    /* The columns to write, in this order: a = the name to write, b = the
     * header in the file (exact).  NULL: every column, names kept. */
    const vdl_name_pair *columns;
    int                  ncolumns;
    /* ',' separates decimals: "1,5" is written 1.5.  Without it a ',' in a
     * number is an error, never guessed. */
    int                  decimal_comma;
    /* 0, or the thousands separator ('.' or ','): "1.234" is written 1234.
     * Groups must have three digits.  Without it a '.' in a number of a
     * table with decimal commas is ambiguous and an error. */
    char                 thousands;
} vdl_convert_options;

/* A plain table made from `in`: the rows and columns asked for, every cell
 * trimmed of surrounding spaces and tabs (CBS pads numbers), CBS's '.'
 * (missing) and 'x' (secret) written as an empty cell (a run reads both as
 * missing), numbers with a decimal comma or thousands separators rewritten
 * as plain decimals as the options say.  Text cells are copied.
 * Returns NULL with *st = VDL_EUSAGE and a diagnostic for options that do
 * not fit the table (an unknown header, two output columns of one name, no
 * or several region-code columns), or with *st = VDL_EDATA and a
 * diagnostic for every bad cell (file, line, column, value; the first 20
 * shown, then their number). */
vdl_table  *vdl_table_convert(const vdl_table *in, const vdl_convert_options *o,
                              vdl_diags *d, vdl_status *st);

/* --- checking a rule file's tables ------------------------------------ */
typedef struct {
    int32_t           date;   /* the date whose column sources apply (0: the law's `valid from`) */
    const vdl_source *data;   /* tables (files, or text in memory) that replace the
                                 declared files, as for vdl_load */
    int               ndata;
} vdl_check_options;

/* Read every table the program declares, as vdl_load would, and write to
 * `out` every problem with its file, line, column name and value, then a
 * line per table and a last line with the counts:
 *   errors   (a run refuses the data) a missing key or column, a column
 *            without a source on the date, a cell that is not of its
 *            column's type (missing values, '.', 'x', not a number, not
 *            whole, not a bool, too large), an empty key, a duplicate key, an
 *            empty group value, an entity without a row in a joined table;
 *   warnings (a run accepts the data, but it looks wrong) a group value that
 *            occurs once (with the nearest other value, a likely typo), a
 *            negative value in an integer column with a unit (a count), a
 *            joined table's key that looks like the main table's keys but is
 *            not one of them, an empty or duplicate key on a row a run skips;
 *   notes    (not counted) columns no declaration reads, rows a run skips
 *            because their keys are of another kind (a CBS table's WK and
 *            BU rows).
 * Only the rows a run reads are type-checked.  When a table has no errors
 * the data is also loaded exactly as a run loads it, so a clean check
 * means a run can load it.  *problems gets errors + warnings.
 * Returns VDL_OK when every table was read; VDL_EDATA (the other tables
 * still checked and reported) with a diagnostic in `d` for a table that
 * cannot be read or parsed, or a dataset that names no file; VDL_EUSAGE
 * for a `data` entry naming no dataset of the program. */
vdl_status  vdl_data_check(const vdl_program *p, const vdl_check_options *o, FILE *out,
                           vdl_diags *d, size_t *problems);

/* --- a template to fill in --------------------------------------------- */
typedef struct {
    int32_t            date;     /* the date whose column sources give the headers (0: `valid from`) */
    const char        *dataset;  /* the dataset; NULL: the program's one joined dataset */
    const char *const *with;     /* columns of the main dataset (their names in the rule
                                    file) copied in after the key, for orientation */
    int                nwith;
    const vdl_source  *data;     /* the main table from another file (or text in
                                    memory), as for vdl_load */
    int                ndata;
} vdl_template_options;

/* An empty table for `dataset`: its key column and every column it
 * declares, named by the header a run on `date` looks for first, and one
 * row per key of the main table (its default file, or the one in `data`),
 * in key order, every cell but the key (and the `with` columns) empty.
 * Returns NULL with *st = VDL_EUSAGE and a diagnostic for an unknown or
 * ambiguous dataset, an unknown `with` column or a column without a source
 * on the date; VDL_EDATA for a main table that cannot be read or has a
 * missing, empty or duplicate key. */
vdl_table  *vdl_data_template(const vdl_program *p, const vdl_template_options *o,
                              vdl_diags *d, vdl_status *st);

#endif
