/* table.h: a table of result cells, and its four renderings.
 *
 * The report layer lays every result out as tables of strings first (the
 * entities, each group level, the one-value results, the findings) and
 * renders them last, so that text, CSV, JSON and Markdown show the same
 * cells. */
#ifndef VDL_TABLE_H
#define VDL_TABLE_H
#include <stdbool.h>
#include <stdio.h>
#include "program.h"

typedef struct {
    char   *title;        /* the level's name */
    int     ncols;
    char  **head;         /* ncols */
    int    *note;         /* per column: notes bitmask (low 32 bits) */
    bool   *right;        /* per column: right-align (numbers) */
    bool   *is_bool;      /* per column: true/false values */
    char  **cells;        /* nrows * ncols */
    size_t  nrows;
    char  **total;        /* ncols, NULL when no column has a total */
    int    *row_note;     /* per row: notes of the row's value (the totals table) */
    vdl_type *row_type;   /* per row: the type of the row's value (the totals table) */
} out_table;

/* A table titled `title` with the given column names and room for nrows
 * rows (cells NULL until set); numeric columns are marked with `right`. */
void tab_init(out_table *t, const char *title, int ncols, const char *const *head, size_t nrows);
void tab_free(out_table *t);
/* An aligned text table, or a Markdown one. */
void tab_text(const prog_t *p, const out_table *t, FILE *out, bool md);
/* RFC 4180 CSV: a header row and the rows (no total). */
void tab_csv(const out_table *t, FILE *out);
/* One JSON object: level, columns, rows, total, notes. */
void tab_json(const prog_t *p, const out_table *t, FILE *out);
void tab_json_str(FILE *out, const char *s);
/* "name [1] [2]": a name with the markers of the notes that apply to it. */
char *tab_with_notes(const prog_t *p, const char *name, unsigned notes);

#endif
