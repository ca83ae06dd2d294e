/* datatable.c: the tables of `verdeel data` (see verdeel_data.h): reading
 * them exactly as a run's reader splits them, their column types, their
 * terminal, CSV and JSON renderings, making new ones, and finding the
 * tables a rule file reads; with the helpers its other parts share
 * (datatool.h). */
#include "datatool.h"
#include "mem.h"
#include "table.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- cells */

const char *dt_cell(const csv_table *t, size_t row, size_t col, size_t *len)
{
    const char *v = csv_cell(t, row, col);
    *len = csv_len(t, row, col);
    ds_cell_read(&v, len, TY_TEXT, false, NULL);
    return v;
}

const char *dt_shown(const char *v, size_t len, char *buf, size_t cap)
{
    size_t o = 0, lim = len;
    if (lim > 40) {
        lim = 40;
        while (lim > 0 && ((unsigned char)v[lim] & 0xC0) == 0x80) lim--;
    }
    for (size_t i = 0; i < lim && o + 3 < cap; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '\n' || c == '\r' || c == '\t') {
            buf[o++] = '\\';
            buf[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
        } else buf[o++] = (char)(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (len > lim && o + 4 < cap) { memcpy(buf + o, "...", 3); o += 3; }
    buf[o] = '\0';
    return buf;
}

void dt_cell_diag(diag_list *l, diag_level lv, const vdl_table *t, const char *path,
                  size_t row, size_t col, const char *fmt, ...)
{
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line = t->csv.row_line ? t->csv.row_line[row] : 0;
    vdl_span sp;
    if (t->src && line && ds_field_span(t->src, line, col, t->csv.sep, &sp)) {
        size_t len;
        const char *text = src_line(t->src, (int)line, &len);
        diag_add_line(l, lv, path, sp, text, len, "%s", msg);
    } else {
        diag_add_at(l, lv, path, (int)line, "%s", msg);
    }
}

/* ---------------------------------------------------- a rule file's tables */

char *dt_dataset_path(const vdl_program *vp, int di, const vdl_source *over, int nover,
                      const char **text, size_t *len)
{
    const prog_dataset *ds = &vp->prog->datasets[di];
    const vdl_source *given = NULL;
    for (int i = 0; i < nover; i++)
        if ((!over[i].dataset && di == 0) || (over[i].dataset && strcmp(over[i].dataset, ds->name) == 0))
            given = &over[i];
    *text = given ? given->text : NULL;
    *len = given ? given->len : 0;
    if (given && given->text) return mem_strdup(given->path ? given->path : ds->name);
    return given ? mem_strdup(given->path) : ds->path ? src_resolve(vp->dir, ds->path) : NULL;
}

bool dt_sources_known(const prog_t *p, const vdl_source *over, int nover, diag_list *l)
{
    for (int i = 0; i < nover; i++) {
        if (!over[i].dataset) continue;
        bool found = false;
        for (int k = 0; k < p->ndatasets && !found; k++) found = strcmp(p->datasets[k].name, over[i].dataset) == 0;
        if (found) continue;
        diag_add_at(l, DIAG_ERROR, NULL, 0, "--data %s=...: the rule file has no dataset '%s'",
                    over[i].dataset, over[i].dataset);
        char names[256] = "";
        for (int k = 0; k < p->ndatasets; k++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "", p->datasets[k].name);
        diag_hint(l, "its datasets are: %s", names);
        return false;
    }
    return true;
}

bool dt_in_force(const prog_source *src, vdl_date date)
{
    return !((src->from && date < src->from) || (src->until && date > src->until));
}

/* ------------------------------------------------------------------ reading */

/* A reader's error with a caret; the reader counts bytes after a BOM, the
 * caret counts characters. */
static void parse_error(diag_list *l, const char *path, const src_file *f, const csv_error *err)
{
    size_t len = 0;
    const char *text = err->line ? src_line(f, (int)err->line, &len) : NULL;
    if (text && err->col >= 1 && err->col <= len + 1) {
        size_t from = (err->line == 1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
        int col = 1;
        for (size_t i = from; i + 1 < from + err->col && i < len; i++)
            if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
        vdl_span sp = { (int)err->line, col, (int)err->line, col + 1 };
        diag_add_line(l, DIAG_ERROR, path, sp, text, len, "%s", err->msg);
    } else {
        diag_add_at(l, DIAG_ERROR, path, (int)err->line, "%s", err->msg);
    }
    /* Excel saves "CSV" in the Windows code page: say how to convert it */
    if (strncmp(err->msg, "invalid UTF-8", 13) == 0)
        diag_hint(l, "the file is not UTF-8; if a spreadsheet saved it: iconv -f WINDOWS-1252 -t UTF-8");
}

vdl_table *dt_table_read(const char *path, const char *text, size_t len, char sep,
                         vdl_diags *d, vdl_status *st)
{
    int e = 0;
    src_file *f = text ? src_from_string(path, text, len) : src_read(path, &e);
    if (!f) {
        diag_add_at(&d->list, DIAG_ERROR, path, 0, "cannot open data file: %s", strerror(e));
        *st = VDL_EDATA;
        return NULL;
    }
    vdl_table *t = mem_alloc(sizeof *t);
    csv_error err;
    if (csv_parse(f->text, f->len, sep, &t->csv, &err) != 0) {
        parse_error(&d->list, path, f, &err);
        src_free(f);
        mem_free(t);
        *st = VDL_EDATA;
        return NULL;
    }
    t->src = f;
    t->sep_given = sep != 0;
    for (size_t i = 0; i < f->len; i++) {
        if (f->text[i] == '\r') {
            if (i + 1 < f->len && f->text[i + 1] == '\n') { t->n_crlf++; i++; }
            else t->n_cr++;
        } else if (f->text[i] == '\n') t->n_lf++;
    }
    t->final_break = f->len && (f->text[f->len - 1] == '\n' || f->text[f->len - 1] == '\r');
    *st = VDL_OK;
    return t;
}

vdl_table *vdl_table_read(const char *path, char sep, vdl_diags *d, vdl_status *st)
{
    return dt_table_read(path, NULL, 0, sep, d, st);
}

void vdl_table_free(vdl_table *t)
{
    if (!t) return;
    csv_free(&t->csv);
    src_free(t->src);
    mem_free(t);
}

size_t vdl_table_rows(const vdl_table *t) { return t->csv.nrows; }
size_t vdl_table_columns(const vdl_table *t) { return t->csv.ncols; }
char   vdl_table_separator(const vdl_table *t) { return t->csv.sep; }

const char *vdl_table_header(const vdl_table *t, size_t col)
{
    return col < t->csv.ncols ? t->csv.header[col] : NULL;
}

const char *vdl_table_cell(const vdl_table *t, size_t row, size_t col)
{
    return row < t->csv.nrows && col < t->csv.ncols ? csv_cell(&t->csv, row, col) : NULL;
}

size_t vdl_table_line(const vdl_table *t, size_t row)
{
    return row < t->csv.nrows && t->csv.row_line ? t->csv.row_line[row] : 0;
}

/* ---------------------------------------------------------- building tables */

void dt_build_init(dt_builder *b, size_t ncols)
{
    memset(b, 0, sizeof *b);
    b->ncols = ncols;
    b->head = mem_array(ncols + 1, sizeof *b->head);
}

void dt_build_cell(dt_builder *b, const char *s, size_t n)
{
    MEM_GROW(b->buf, b->cap, b->len + n + 1);
    if (n) memcpy(b->buf + b->len, s, n);
    MEM_GROW(b->off, b->capoff, b->noff + 1);
    b->off[b->noff++] = b->len;
    b->len += n;
    b->buf[b->len++] = '\0';
}

void dt_build_row(dt_builder *b, size_t line)
{
    MEM_GROW(b->lines, b->caplines, b->nlines + 1);
    b->lines[b->nlines++] = line;
}

vdl_table *dt_build_finish(dt_builder *b)
{
    vdl_table *t = mem_alloc(sizeof *t);
    csv_table *c = &t->csv;
    c->sep = ',';
    c->ncols = b->ncols;
    c->nrows = b->ncols ? b->noff / b->ncols : 0;
    c->header = b->head;
    c->text = b->buf ? b->buf : mem_alloc(1);
    /* the cells lie end to end, each NUL-terminated, as csv.h has them */
    c->off = mem_array(b->noff + 1, sizeof *c->off);
    for (size_t i = 0; i < b->noff; i++) c->off[i] = (uint32_t)b->off[i];
    c->off[b->noff] = (uint32_t)b->len;
    c->row_line = mem_array(c->nrows + 1, sizeof *c->row_line);
    for (size_t r = 0; r < c->nrows && r < b->nlines; r++) c->row_line[r] = b->lines[r];
    mem_free(b->off);
    mem_free(b->lines);
    memset(b, 0, sizeof *b);
    return t;
}

void dt_build_free(dt_builder *b)
{
    if (b->head)
        for (size_t i = 0; i < b->ncols; i++) mem_free(b->head[i]);
    mem_free(b->head);
    mem_free(b->buf);
    mem_free(b->off);
    mem_free(b->lines);
    memset(b, 0, sizeof *b);
}

/* ---------------------------------------------------------------- types */

const char *vdl_column_type_name(vdl_column_type t)
{
    static const char *const names[] = { "empty", "bool", "integer", "decimal", "text" };
    return (unsigned)t <= VDL_COL_TEXT ? names[t] : "?";
}

/* "1,5", "-0,25", "1.234,5": a number written with a decimal comma (and
 * perhaps thousands dots): only ever a hint, never a conversion. */
static bool comma_number(const char *v, size_t len)
{
    size_t i = 0, commas = 0;
    if (i < len && (v[i] == '-' || v[i] == '+')) i++;
    if (i >= len || v[i] < '0' || v[i] > '9' || v[len - 1] < '0' || v[len - 1] > '9') return false;
    for (; i < len; i++) {
        if (v[i] == ',') commas++;
        else if (v[i] != '.' && (v[i] < '0' || v[i] > '9')) return false;
    }
    return commas == 1;
}

typedef struct {
    vdl_column_type type;
    size_t missing, dots, xs, padded, commas;
} col_info;

static void infer(const vdl_table *t, size_t c, col_info *ci)
{
    memset(ci, 0, sizeof *ci);
    bool can_bool = true, word_bool = false, can_int = true, can_num = true;
    size_t values = 0;
    for (size_t r = 0; r < t->csv.nrows; r++) {
        size_t raw = csv_len(&t->csv, r, c), len = raw;
        const char *v = csv_cell(&t->csv, r, c);
        num_t n;
        /* the column's type is what a run could read every cell as */
        ds_cell_status as_num = ds_cell_read(&v, &len, TY_NUM, true, &n);
        if (len != raw) ci->padded++;
        if (as_num == DS_CELL_MISSING) {
            ci->missing++;
            if (len == 1) { if (v[0] == '.') ci->dots++; else ci->xs++; }
            continue;
        }
        values++;
        if (ds_cell_read(&v, &len, TY_BOOL, false, &n) != DS_CELL_OK) can_bool = false;   /* v is trimmed already */
        else if (as_num == DS_CELL_NOT_NUMBER) word_bool = true;   /* true or false, not 1 or 0 */
        if (as_num != DS_CELL_OK) can_int = false;
        if (as_num != DS_CELL_OK && as_num != DS_CELL_NOT_WHOLE) can_num = false;
        if (comma_number(v, len)) ci->commas++;
    }
    ci->type = values == 0 ? VDL_COL_EMPTY
             : can_bool && word_bool ? VDL_COL_BOOL
             : can_int ? VDL_COL_INTEGER
             : can_num ? VDL_COL_DECIMAL : VDL_COL_TEXT;
}

vdl_column_type vdl_table_type(const vdl_table *t, size_t col, size_t *missing)
{
    col_info ci;
    if (col >= t->csv.ncols) return VDL_COL_EMPTY;
    infer(t, col, &ci);
    if (missing) *missing = ci.missing;
    return ci.type;
}

/* ---------------------------------------------------------------- writing */

/* `head`: a header field, also quoted when it holds a ';', since verdeel
 * (like a Dutch spreadsheet) takes the separator from the header line. */
static void csv_field(FILE *out, const char *s, bool alone, bool head)
{
    if (!strpbrk(s, head ? ",;\"\r\n" : ",\"\r\n") && !(alone && !*s)) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void write_csv(const vdl_table *t, FILE *out)
{
    const csv_table *c = &t->csv;
    /* A row of one empty field would be a blank line, which readers skip:
     * it is written "" (RFC 4180 allows quoting any field). */
    bool alone = c->ncols == 1;
    for (size_t i = 0; i < c->ncols; i++) {
        if (i) fputc(',', out);
        csv_field(out, c->header[i], alone, true);
    }
    fputc('\n', out);
    for (size_t r = 0; r < c->nrows; r++) {
        for (size_t i = 0; i < c->ncols; i++) {
            if (i) fputc(',', out);
            csv_field(out, csv_cell(c, r, i), alone, false);
        }
        fputc('\n', out);
    }
}

static void write_json(const vdl_table *t, FILE *out)
{
    const csv_table *c = &t->csv;
    if (c->nrows == 0) {
        fputs("[]\n", out);
        return;
    }
    fputs("[\n", out);
    for (size_t r = 0; r < c->nrows; r++) {
        fputs("  {", out);
        for (size_t i = 0; i < c->ncols; i++) {
            if (i) fputs(", ", out);
            tab_json_str(out, c->header[i]);
            fputs(": ", out);
            tab_json_str(out, csv_cell(c, r, i));
        }
        fputs(r + 1 < c->nrows ? "},\n" : "}\n", out);
    }
    fputs("]\n", out);
}

/* A cell for the terminal: control characters written as escapes so that
 * a row stays on one line and nothing moves the cursor. */
static char *term_text(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++) n += ((unsigned char)*p < 0x20 || *p == 0x7f) ? 4 : 1;
    char *o = mem_alloc(n + 1), *q = o;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n') { *q++ = '\\'; *q++ = 'n'; }
        else if (c == '\r') { *q++ = '\\'; *q++ = 'r'; }
        else if (c == '\t') { *q++ = '\\'; *q++ = 't'; }
        else if (c < 0x20 || c == 0x7f) { snprintf(q, 5, "\\x%02x", c); q += 4; }
        else *q++ = (char)c;
    }
    *q = '\0';
    return o;
}

static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* An aligned grid: nrows rows of ncols cells (the first row is the
 * header), two spaces between columns, numbers right-aligned, no trailing
 * blanks. */
static void grid_print(FILE *out, char **cells, size_t nrows, size_t ncols, const bool *right)
{
    size_t *w = mem_array(ncols + 1, sizeof *w);
    for (size_t r = 0; r < nrows; r++)
        for (size_t c = 0; c < ncols; c++) {
            size_t x = text_width(cells[r * ncols + c]);
            if (x > w[c]) w[c] = x;
        }
    for (size_t r = 0; r < nrows; r++) {
        size_t pending = 0;   /* blanks owed before the next text */
        for (size_t c = 0; c < ncols; c++) {
            const char *s = cells[r * ncols + c];
            size_t x = text_width(s), pad = w[c] - x;
            if (c) pending += 2;
            if (right[c]) { pending += pad; pad = 0; }
            if (*s) {
                for (; pending; pending--) fputc(' ', out);
                fputs(s, out);
            }
            pending += pad;
        }
        fputc('\n', out);
    }
    mem_free(w);
}

static const char *sep_name(char sep)
{
    return sep == ',' ? "','" : sep == ';' ? "';'" : sep == '\t' ? "tab" : "?";
}

static void write_text(const vdl_table *t, FILE *out)
{
    const csv_table *c = &t->csv;
    if (t->src) {
        fprintf(out, "%s: separator %s%s, UTF-8%s, line ends ", t->src->path, sep_name(c->sep),
                t->sep_given ? " (given)" : "", c->bom ? " with a byte-order mark" : "");
        size_t kinds = (t->n_crlf > 0) + (t->n_lf > 0) + (t->n_cr > 0);
        if (kinds == 0) fputs("none", out);
        else if (kinds == 1) fputs(t->n_crlf ? "CRLF" : t->n_lf ? "LF" : "CR", out);
        else {
            const char *sepr = "mixed (";
            if (t->n_crlf) { fprintf(out, "%s%zu CRLF", sepr, t->n_crlf); sepr = ", "; }
            if (t->n_lf) { fprintf(out, "%s%zu LF", sepr, t->n_lf); sepr = ", "; }
            if (t->n_cr) fprintf(out, "%s%zu CR", sepr, t->n_cr);
            fputc(')', out);
        }
        if (!t->final_break) fputs(", none after the last line", out);
        fputc('\n', out);
    }
    fprintf(out, "%zu row%s, %zu column%s\n\n", c->nrows, c->nrows == 1 ? "" : "s",
            c->ncols, c->ncols == 1 ? "" : "s");

    /* the columns: name, type, missing cells, and what else a reader
     * should know about them */
    size_t n = c->ncols + 1;
    char **cells = mem_array(n * 4, sizeof *cells);
    bool right[4] = { false, false, true, false };
    cells[0] = mem_strdup("column");
    cells[1] = mem_strdup("type");
    cells[2] = mem_strdup("missing");
    cells[3] = mem_strdup("note");
    bool *num = mem_array(c->ncols + 1, sizeof *num);
    for (size_t i = 0; i < c->ncols; i++) {
        col_info ci;
        infer(t, i, &ci);
        num[i] = ci.type == VDL_COL_INTEGER || ci.type == VDL_COL_DECIMAL;
        char **row = cells + (i + 1) * 4;
        row[0] = term_text(c->header[i]);
        row[1] = mem_strdup(vdl_column_type_name(ci.type));
        row[2] = ci.missing ? diag_fmt("%zu", ci.missing) : mem_strdup("");
        /* the note is short, well under its 256 bytes */
        char note[256] = "";
        size_t k = 0;
        if (ci.dots)
            k += (size_t)snprintf(note + k, sizeof note - k, "%zu %s '.'", ci.dots, ci.dots == 1 ? "is" : "are");
        if (ci.xs)
            k += (size_t)snprintf(note + k, sizeof note - k, "%s%zu %s 'x'", k ? "; " : "", ci.xs,
                                  ci.xs == 1 ? "is" : "are");
        if (ci.padded)
            k += (size_t)snprintf(note + k, sizeof note - k, "%s%zu padded with spaces", k ? "; " : "", ci.padded);
        if (ci.type == VDL_COL_TEXT && ci.commas)
            snprintf(note + k, sizeof note - k, "%s%zu with a decimal comma (data convert --decimal-comma)",
                     k ? "; " : "", ci.commas);
        row[3] = mem_strdup(note);
    }
    grid_print(out, cells, n, 4, right);
    for (size_t i = 0; i < n * 4; i++) mem_free(cells[i]);
    mem_free(cells);

    /* the rows, each with the line it starts on */
    if (c->nrows) {
        fputc('\n', out);
        size_t w = c->ncols + 1, rows = c->nrows + 1;
        cells = mem_array(rows * w, sizeof *cells);
        bool *r_right = mem_array(w, sizeof *r_right);
        r_right[0] = true;
        cells[0] = mem_strdup("line");
        for (size_t i = 0; i < c->ncols; i++) {
            cells[i + 1] = term_text(c->header[i]);
            r_right[i + 1] = num[i];
        }
        for (size_t r = 0; r < c->nrows; r++) {
            char **row = cells + (r + 1) * w;
            row[0] = c->row_line && c->row_line[r] ? diag_fmt("%zu", (size_t)c->row_line[r]) : mem_strdup("");
            for (size_t i = 0; i < c->ncols; i++) row[i + 1] = term_text(csv_cell(c, r, i));
        }
        grid_print(out, cells, rows, w, r_right);
        for (size_t i = 0; i < rows * w; i++) mem_free(cells[i]);
        mem_free(cells);
        mem_free(r_right);
    }
    mem_free(num);
}

int vdl_table_write(const vdl_table *t, vdl_format format, FILE *out)
{
    switch (format) {
    case VDL_FMT_TEXT: write_text(t, out); break;
    case VDL_FMT_CSV:  write_csv(t, out); break;
    case VDL_FMT_JSON: write_json(t, out); break;
    default: return -1;
    }
    return ferror(out) ? -1 : 0;
}

