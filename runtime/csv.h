/* csv.h: reading delimited text tables.
 *
 * One reader for every table verdeel reads: plain CSV (RFC 4180), the
 * semicolon-separated tables Dutch spreadsheets write, and CBS StatLine's
 * "CSV met statistische symbolen" export.  The reader only splits: it
 * returns every cell exactly as written (quotes removed and "" unescaped,
 * spaces inside quotes kept), and leaves trimming, numbers and missing-value
 * symbols to the typed layer above (dataset.c).
 *
 * Handled: a UTF-8 byte-order mark at the start; LF, CRLF and lone CR line
 * ends, also mixed; quoted fields with embedded separators, quotes ("") and
 * line breaks; a last line with or without a line break; the separator
 * detected from the header line (',' or ';', or ';' / ',' / '\t' forced).
 *
 * Errors (returned, never printed): an empty input, a header with an empty
 * or duplicate column name, an unclosed quote, text after a closing quote,
 * a row with more or fewer fields than the header, a NUL byte, invalid
 * UTF-8, a table of 4 GiB or more.  Blank lines (no characters at all) are
 * skipped. */
#ifndef VDL_CSV_H
#define VDL_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char     sep;        /* the separator used */
    bool     bom;        /* a UTF-8 BOM was skipped */
    bool     crlf;       /* at least one CRLF line end was seen */
    size_t   ncols;
    size_t   nrows;      /* data rows, header excluded */
    char   **header;     /* ncols names, NUL-terminated, owned */
    uint32_t *off;       /* nrows*ncols + 1 offsets into `text`, row-major:
                            the cells lie end to end, each NUL-terminated,
                            so a cell's length is where the next begins,
                            less one (4 bytes a cell: a table of a million
                            rows holds no pointers) */
    uint32_t *row_line;  /* 1-based source line where each data row starts */
    char     *text;      /* the unescaped cell text, one arena, owned */
} csv_table;

typedef struct {
    size_t line;         /* 1-based line of the problem (0: whole file) */
    size_t col;          /* 1-based byte column in that line (0: unknown) */
    char   msg[256];     /* e.g. "unclosed quote (opened at line 3)" */
} csv_error;

/* sep_hint: 0 to detect (the first of ';' or ',' seen outside quotes on the
 * header line; ',' when neither), or the separator to use.  Returns 0 on
 * success, -1 with *err filled on failure (then *out is left empty). */
int  csv_parse(const char *buf, size_t len, char sep_hint,
               csv_table *out, csv_error *err);
/* The same on a buffer of len + 1 bytes that the table takes over (freed
 * with it, also on failure): the cells are unescaped in place, so the
 * table costs no second copy of its text.  The buffer's original text is
 * gone afterwards, also when parsing fails part way. */
int  csv_parse_owned(char *buf, size_t len, char sep_hint,
                     csv_table *out, csv_error *err);

static inline const char *csv_cell(const csv_table *t, size_t row, size_t col)
{
    return t->text + t->off[row * t->ncols + col];
}

static inline size_t csv_len(const csv_table *t, size_t row, size_t col)
{
    size_t i = row * t->ncols + col;
    return t->off[i + 1] - t->off[i] - 1;
}

/* Index of the header column named `name`, or -1. */
long csv_column(const csv_table *t, const char *name);

void csv_free(csv_table *t);

#endif
