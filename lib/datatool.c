/* datatool.c: `verdeel data` on the library side (see verdeel_data.h):
 * tables read exactly as the run's reader splits them, their column types,
 * their terminal/CSV/JSON renderings, the conversion of CBS StatLine and
 * Dutch spreadsheet exports to plain CSV, the check of a rule file's tables
 * against its declarations, and the empty template of a dataset.
 *
 * Everything goes through csv_parse, the one reader a run uses, so that
 * what `data show` prints is what a run sees.  The typing rules of the
 * check are those of runtime/dataset.c (which keeps them static); they are
 * restated here, and a check without errors also loads the data with
 * ds_load itself, so the two can never disagree about data a run refuses. */
#include "internal.h"
#include "csv.h"
#include "mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct vdl_table {
    csv_table csv;          /* header, cells, lens, row_line, text: owned */
    src_file *src;          /* a read table's file, for carets; NULL when made */
    bool      sep_given;    /* the separator was forced, not detected */
    size_t    n_crlf, n_lf, n_cr;   /* the file's line ends, quoted ones included */
    bool      final_break;  /* the file ends in a line break */
};

/* Problems of one kind shown before they are only counted. */
enum { SHOW_MAX = 20, SHOW_PER_COLUMN = 10 };

/* ------------------------------------------------------------ small helpers */

static const char *trim(const char *s, size_t *len)
{
    size_t n = *len;
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    *len = n;
    return s;
}

static bool is_missing(const char *v, size_t len)
{
    return len == 0 || (len == 1 && (v[0] == '.' || v[0] == 'x'));
}

/* A value as it may appear in a message: at most 40 bytes (not cutting a
 * UTF-8 sequence), line breaks and tabs as \n, \r, \t, other control bytes
 * as '?'; the same as a run's messages. */
static const char *shown(const char *v, size_t len, char *buf, size_t cap)
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

/* The span of field `col` (0-based) on line `line` of a table, counted in
 * characters; false when the field does not start on that line (a quoted
 * field with a line break before it). */
static bool field_span(const src_file *f, size_t line, size_t col, char sep, vdl_span *sp)
{
    size_t len;
    const char *t = src_line(f, (int)line, &len);
    size_t i = 0, field = 0;
    int chars = 1, start = 1;
    bool quoted = false;
    if (line == 1 && len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) i = 3;
    for (; i <= len; i++) {
        char c = i < len ? t[i] : sep;
        if (c == '"') quoted = !quoted;
        else if (c == sep && !quoted) {
            if (field == col) {
                *sp = (vdl_span){ (int)line, start, (int)line, chars > start ? chars : start + 1 };
                return true;
            }
            field++;
            start = chars + 1;
        }
        if (((unsigned char)c & 0xC0) != 0x80) chars++;
    }
    return false;
}

/* A diagnostic about a cell: its line with a caret under the cell when the
 * table's text is at hand, else the line number alone. */
static void cell_diag(diag_list *l, diag_level lv, const vdl_table *t, const char *path,
                      size_t row, size_t col, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void cell_diag(diag_list *l, diag_level lv, const vdl_table *t, const char *path,
                      size_t row, size_t col, const char *fmt, ...)
{
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line = t->csv.row_line ? t->csv.row_line[row] : 0;
    vdl_span sp;
    if (t->src && line && field_span(t->src, line, col, t->csv.sep, &sp)) {
        size_t len;
        const char *text = src_line(t->src, (int)line, &len);
        diag_add_line(l, lv, path, sp, text, len, "%s", msg);
    } else {
        diag_add_at(l, lv, path, (int)line, "%s", msg);
    }
}

/* A string map from (bytes, length) to a number; the keys are borrowed.
 * Open addressing, doubled at half full, so a table of any size stays
 * linear. */
typedef struct { const char *s; size_t len, val; } smap_slot;
typedef struct { smap_slot *slot; size_t cap, n; } smap;

static size_t smap_hash(const char *s, size_t len)
{
    size_t h = (size_t)1469598103934665603u;   /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * (size_t)1099511628211u;
    return h;
}

static smap_slot *smap_lookup(const smap *m, const char *s, size_t len)
{
    if (!m->cap) return NULL;
    for (size_t i = smap_hash(s, len) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        smap_slot *e = &m->slot[i];
        if (!e->s) return e;
        if (e->len == len && memcmp(e->s, s, len) == 0) return e;
    }
}

/* The value of a key, or NULL. */
static size_t *smap_get(const smap *m, const char *s, size_t len)
{
    smap_slot *e = smap_lookup(m, s, len);
    return e && e->s ? &e->val : NULL;
}

/* Add a key with a value; when it is there already, its value is returned
 * and nothing changes. */
static size_t *smap_put(smap *m, const char *s, size_t len, size_t val, bool *added)
{
    if ((m->n + 1) * 2 > m->cap) {
        smap old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->slot = mem_array(m->cap, sizeof *m->slot);
        m->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.slot[i].s) {
                smap_slot *e = smap_lookup(m, old.slot[i].s, old.slot[i].len);
                *e = old.slot[i];
                m->n++;
            }
        mem_free(old.slot);
    }
    smap_slot *e = smap_lookup(m, s, len);
    *added = !e->s;
    if (!e->s) {
        *e = (smap_slot){ s, len, val };
        m->n++;
    }
    return &e->val;
}

static void smap_free(smap *m)
{
    mem_free(m->slot);
    memset(m, 0, sizeof *m);
}

/* Join a rule file's folder and a path in it, and fold "dir/.." and "."
 * away, exactly as a run names its files, so messages agree. */
static char *resolve(const char *base, const char *path)
{
    char *full = (!base || !*base || path[0] == '/') ? mem_strdup(path) : diag_fmt("%s/%s", base, path);
    char *out = mem_alloc(strlen(full) + 1);
    size_t n = 0, ups = 0;   /* ups: leading ".." parts kept */
    bool abs = full[0] == '/';
    for (char *seg = full; *seg;) {
        char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if (len == 0 || (len == 1 && seg[0] == '.')) {
            /* skip */
        } else if (len == 2 && seg[0] == '.' && seg[1] == '.' && n > ups * 3) {
            while (n > 0 && out[n - 1] != '/') n--;
            if (n > 0) n--;
        } else {
            if (len == 2 && seg[0] == '.' && seg[1] == '.') ups++;
            if (n > 0 || abs) out[n++] = '/';
            memcpy(out + n, seg, len);
            n += len;
        }
        seg += len + (end ? 1 : 0);
    }
    if (n == 0) out[n++] = abs ? '/' : '.';
    out[n] = '\0';
    mem_free(full);
    return out;
}

/* The table a run reads for dataset `di`: the one given in `over` (a file,
 * or text in memory with *text set), else the declared file resolved
 * against the rule file's folder; NULL if neither. */
static char *dataset_path(const vdl_program *vp, int di, const vdl_source *over, int nover,
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
    return given ? mem_strdup(given->path) : ds->path ? resolve(vp->dir, ds->path) : NULL;
}

/* A `data` entry must name a dataset of the program, as vdl_load demands. */
static bool sources_known(const prog_t *p, const vdl_source *over, int nover, diag_list *l)
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

/* A table from the file at `path`, or from `text` (named `path`). */
static vdl_table *table_read(const char *path, const char *text, size_t len, char sep,
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
    return table_read(path, NULL, 0, sep, d, st);
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

/* A table made here: cells are appended to one growing buffer by offset,
 * and turned into the csv_table layout (pointers into one arena) at the
 * end, so that made and read tables are freed the same way. */
typedef struct {
    size_t  ncols;
    char  **head;
    char   *buf;   size_t len, cap;
    size_t *off;   size_t noff, capoff;
    size_t *lines; size_t nlines, caplines;
} builder;

static void b_init(builder *b, size_t ncols)
{
    memset(b, 0, sizeof *b);
    b->ncols = ncols;
    b->head = mem_array(ncols + 1, sizeof *b->head);
}

static void b_cell(builder *b, const char *s, size_t n)
{
    MEM_GROW(b->buf, b->cap, b->len + n + 1);
    if (n) memcpy(b->buf + b->len, s, n);
    MEM_GROW(b->off, b->capoff, b->noff + 1);
    b->off[b->noff++] = b->len;
    b->len += n;
    b->buf[b->len++] = '\0';
}

static void b_row_line(builder *b, size_t line)
{
    MEM_GROW(b->lines, b->caplines, b->nlines + 1);
    b->lines[b->nlines++] = line;
}

static vdl_table *b_finish(builder *b)
{
    vdl_table *t = mem_alloc(sizeof *t);
    csv_table *c = &t->csv;
    c->sep = ',';
    c->ncols = b->ncols;
    c->nrows = b->ncols ? b->noff / b->ncols : 0;
    c->header = b->head;
    c->text = b->buf ? b->buf : mem_alloc(1);
    c->cells = mem_array(b->noff + 1, sizeof *c->cells);
    c->lens = mem_array(b->noff + 1, sizeof *c->lens);
    for (size_t i = 0; i < b->noff; i++) {
        c->cells[i] = c->text + b->off[i];
        c->lens[i] = strlen(c->cells[i]);
    }
    c->row_line = mem_array(c->nrows + 1, sizeof *c->row_line);
    for (size_t r = 0; r < c->nrows && r < b->nlines; r++) c->row_line[r] = b->lines[r];
    mem_free(b->off);
    mem_free(b->lines);
    memset(b, 0, sizeof *b);
    return t;
}

static void b_free(builder *b)
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
        size_t len = t->csv.lens[r * t->csv.ncols + c];
        const char *raw = csv_cell(&t->csv, r, c);
        const char *v = trim(raw, &len);
        if (len != t->csv.lens[r * t->csv.ncols + c]) ci->padded++;
        if (is_missing(v, len)) {
            ci->missing++;
            if (len == 1) { if (v[0] == '.') ci->dots++; else ci->xs++; }
            continue;
        }
        values++;
        bool word = (len == 4 && memcmp(v, "true", 4) == 0) || (len == 5 && memcmp(v, "false", 5) == 0);
        bool digit = len == 1 && (v[0] == '0' || v[0] == '1');
        if (word) word_bool = true;
        if (!word && !digit) can_bool = false;
        if (can_num) {
            num_t n;
            if (num_parse(v, len, &n) != NUM_OK) can_num = can_int = false;
            else if (!num_is_int(n)) can_int = false;
        }
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

static void json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { fputc('\\', out); fputc(c, out); }
        else if (c == '\n') fputs("\\n", out);
        else if (c == '\r') fputs("\\r", out);
        else if (c == '\t') fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f) fprintf(out, "\\u%04x", c);
        else fputc(c, out);   /* UTF-8 as it is: JSON text is UTF-8 */
    }
    fputc('"', out);
}

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
            json_str(out, c->header[i]);
            fputs(": ", out);
            json_str(out, csv_cell(c, r, i));
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
            row[0] = c->row_line && c->row_line[r] ? diag_fmt("%zu", c->row_line[r]) : mem_strdup("");
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

/* ------------------------------------------------------------- converting */

/* A CBS region code: two capitals and digits (NL01, PV20, GM0363,
 * WK036300, BU03630000). */
static bool region_code(const char *v, size_t len)
{
    if (len < 3 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z') return false;
    for (size_t i = 2; i < len; i++)
        if (v[i] < '0' || v[i] > '9') return false;
    return true;
}

/* Optional sign, a digit first and last, only digits, '.' and ',' between:
 * a cell the number rules apply to.  Anything else is text, copied. */
static bool number_like(const char *v, size_t len)
{
    size_t i = 0;
    if (len && (v[0] == '-' || v[0] == '+')) i++;
    if (i >= len || v[i] < '0' || v[i] > '9' || v[len - 1] < '0' || v[len - 1] > '9') return false;
    for (; i < len; i++)
        if (v[i] != '.' && v[i] != ',' && (v[i] < '0' || v[i] > '9')) return false;
    return true;
}

typedef struct {
    const vdl_table *in;
    const char      *path;
    diag_list       *l;
    size_t           nbad;
    const char      *hinted[8];   /* hints given once, not under every cell */
    int              nhinted;
} conv;

/* A bad cell: shown for the first SHOW_MAX, counted after that. */
static void conv_bad(conv *cv, size_t row, size_t col, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void conv_bad(conv *cv, size_t row, size_t col, const char *hint, const char *fmt, ...)
{
    if (cv->nbad++ >= SHOW_MAX) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cell_diag(cv->l, DIAG_ERROR, cv->in, cv->path, row, col, "column \"%s\": %s", cv->in->csv.header[col], msg);
    if (!hint) return;
    for (int i = 0; i < cv->nhinted; i++)
        if (cv->hinted[i] == hint) return;
    if (cv->nhinted < 8) cv->hinted[cv->nhinted++] = hint;
    diag_hint(cv->l, "%s", hint);
}

/* Rewrite a number-like cell as a plain decimal into out (room for len + 1
 * bytes).  dec: the decimal separator; thou: the thousands separator or 0;
 * comma_line: a line of this column with a decimal-comma number, or 0.
 * Returns false after reporting why the cell cannot be read without a
 * guess. */
static bool plain_number(conv *cv, size_t row, size_t col, const char *v, size_t len,
                         char dec, char thou, size_t comma_line, char *out, size_t *olen)
{
    char vb[128];
    const char *sv = shown(v, len, vb, sizeof vb);
    bool has_dot = memchr(v, '.', len) != NULL, has_comma = memchr(v, ',', len) != NULL;
    if (has_comma && dec != ',' && thou != ',') {
        conv_bad(cv, row, col, "give --decimal-comma if ',' separates the decimals (1,5 is 1.5), "
                 "or --thousands , if it separates thousands (1,234 is 1234)",
                 "'%s' has a ',' (a decimal comma, or a thousands separator?)", sv);
        return false;
    }
    if (has_dot && dec != '.' && thou != '.') {
        conv_bad(cv, row, col, "give --thousands . if '.' separates thousands (1.234 is 1234)",
                 "'%s' is ambiguous: a '.' in a table with decimal commas", sv);
        return false;
    }
    if (has_dot && dec == '.' && !thou && comma_line) {
        char why[160];
        snprintf(why, sizeof why, "'%s' is ambiguous: the column has a decimal comma on line %zu", sv, comma_line);
        conv_bad(cv, row, col, "give --decimal-comma, and --thousands . if '.' separates thousands", "%s", why);
        return false;
    }
    size_t i = 0, o = 0;
    if (v[0] == '-' || v[0] == '+') out[o++] = v[i++];
    /* the whole part: digits, in groups of three after the first when a
     * thousands separator is used */
    size_t group = 0, groups = 0;
    bool grouped = false;
    for (; i < len && v[i] != dec; i++) {
        if (v[i] == thou) {
            if ((groups == 0 && (group == 0 || group > 3)) || (groups > 0 && group != 3)) break;
            grouped = true;
            groups++;
            group = 0;
            continue;
        }
        out[o++] = v[i];
        group++;
    }
    bool ok = i == len || v[i] == dec;
    if (ok && grouped && group != 3) ok = false;
    if (!ok) {
        conv_bad(cv, row, col, NULL, "'%s': '%c' does not separate thousands here (groups of three digits)", sv, thou);
        return false;
    }
    if (i < len) {
        out[o++] = '.';
        size_t start = ++i;
        for (; i < len; i++) {
            if (v[i] == dec) {
                conv_bad(cv, row, col, dec == '.' ? "give --decimal-comma --thousands . if '.' separates thousands" : NULL,
                         "'%s' has more than one '%c'", sv, dec);
                return false;
            }
            if (v[i] < '0' || v[i] > '9') {
                conv_bad(cv, row, col, NULL, "'%s': a '%c' after the decimal separator", sv, v[i]);
                return false;
            }
            out[o++] = v[i];
        }
        if (i == start) {
            conv_bad(cv, row, col, NULL, "'%s' is not a number: no digits after the decimal separator", sv);
            return false;
        }
    }
    out[o] = '\0';
    *olen = o;
    return true;
}

static long find_header(const vdl_table *t, const char *name)
{
    return csv_column(&t->csv, name);
}

/* The region-code column for `prefix`: the given one, or the only column
 * whose values all look like region codes and one of which has the prefix. */
static long code_column(const vdl_table *in, const char *given, const char *prefix, diag_list *l)
{
    if (given) {
        long c = find_header(in, given);
        if (c < 0) {
            diag_add_at(l, DIAG_ERROR, in->src ? in->src->path : NULL, 1, "--code-column: no column \"%s\" in the header", given);
            const char *best = diag_suggest(given, (const char *const *)in->csv.header, in->csv.ncols);
            if (best) diag_hint(l, "did you mean \"%s\"?", best);
        }
        return c;
    }
    long found = -1;
    char names[512] = "";
    int nfound = 0;
    size_t plen = strlen(prefix);
    for (size_t c = 0; c < in->csv.ncols; c++) {
        bool all = in->csv.nrows > 0, has = false;
        for (size_t r = 0; r < in->csv.nrows && all; r++) {
            size_t len = in->csv.lens[r * in->csv.ncols + c];
            const char *v = trim(csv_cell(&in->csv, r, c), &len);
            if (!region_code(v, len)) all = false;
            else if (len >= plen && memcmp(v, prefix, plen) == 0) has = true;
        }
        if (!all || !has) continue;
        if (nfound++ == 0) found = (long)c;
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s\"%s\"", nfound > 1 ? ", " : "",
                 in->csv.header[c]);
    }
    const char *path = in->src ? in->src->path : NULL;
    if (nfound == 1) return found;
    if (nfound == 0) {
        diag_add_at(l, DIAG_ERROR, path, 0, "--rows %s: no column holds CBS region codes starting with %s", prefix, prefix);
        diag_hint(l, "name the column that holds the codes with --code-column HEADER");
    } else {
        diag_add_at(l, DIAG_ERROR, path, 0, "--rows %s: several columns hold region codes starting with %s: %s",
                    prefix, prefix, names);
        diag_hint(l, "choose one with --code-column HEADER");
    }
    return -1;
}

vdl_table *vdl_table_convert(const vdl_table *in, const vdl_convert_options *o,
                             vdl_diags *d, vdl_status *st)
{
    diag_list *l = &d->list;
    const csv_table *c = &in->csv;
    const char *path = in->src ? in->src->path : "(table)";
    char dec = o->decimal_comma ? ',' : '.';
    char thou = o->thousands;
    *st = VDL_EUSAGE;
    if (thou && thou != '.' && thou != ',') {
        diag_add_at(l, DIAG_ERROR, NULL, 0, "--thousands %c: the thousands separator is '.' or ','", thou);
        return NULL;
    }
    if (thou && thou == dec) {
        diag_add_at(l, DIAG_ERROR, NULL, 0, "--thousands %c: '%c' is already the decimal separator", thou, thou);
        if (thou == '.') diag_hint(l, "with --thousands . give --decimal-comma too");
        return NULL;
    }

    /* the columns to write */
    size_t nout = o->ncolumns ? (size_t)o->ncolumns : c->ncols;
    long *src_col = mem_array(nout + 1, sizeof *src_col);
    const char **names = mem_array(nout + 1, sizeof *names);
    bool bad = false;
    for (size_t k = 0; k < nout; k++) {
        if (!o->ncolumns) { src_col[k] = (long)k; names[k] = c->header[k]; continue; }
        const char *want = o->columns[k].b;
        names[k] = o->columns[k].a && *o->columns[k].a ? o->columns[k].a : want;
        src_col[k] = find_header(in, want);
        if (src_col[k] < 0) {
            diag_add_at(l, DIAG_ERROR, path, 1, "--column: no column \"%s\" in the header", want);
            const char *best = diag_suggest(want, (const char *const *)c->header, c->ncols);
            if (best) diag_hint(l, "did you mean \"%s\"?", best);
            bad = true;
        }
        for (size_t j = 0; j < k; j++)
            if (strcmp(names[j], names[k]) == 0) {
                diag_add_at(l, DIAG_ERROR, NULL, 0, "--column: two columns named \"%s\"", names[k]);
                diag_hint(l, "rename one: --column NEW_NAME=HEADER");
                bad = true;
                break;
            }
    }

    /* the rows to keep */
    const char *prefix = o->rows;
    if (prefix) {
        if (strcmp(prefix, "gemeente") == 0) prefix = "GM";
        else if (strcmp(prefix, "wijk") == 0) prefix = "WK";
        else if (strcmp(prefix, "buurt") == 0) prefix = "BU";
    }
    long cc = -1;
    if (!bad && prefix && (cc = code_column(in, o->code_column, prefix, l)) < 0) bad = true;
    if (bad) {
        mem_free(src_col);
        mem_free(names);
        return NULL;
    }
    bool *keep = mem_array(c->nrows + 1, sizeof *keep);
    size_t plen = prefix ? strlen(prefix) : 0;
    for (size_t r = 0; r < c->nrows; r++) {
        if (!prefix) { keep[r] = true; continue; }
        size_t len = c->lens[r * c->ncols + (size_t)cc];
        const char *v = trim(csv_cell(c, r, (size_t)cc), &len);
        keep[r] = len >= plen && memcmp(v, prefix, plen) == 0;
    }

    /* a column's first decimal-comma number, for the ambiguity of a '.' */
    size_t *comma_line = mem_array(nout + 1, sizeof *comma_line);
    for (size_t k = 0; k < nout; k++)
        for (size_t r = 0; r < c->nrows && !comma_line[k]; r++) {
            if (!keep[r]) continue;
            size_t len = c->lens[r * c->ncols + (size_t)src_col[k]];
            const char *v = trim(csv_cell(c, r, (size_t)src_col[k]), &len);
            /* the last separator a ',': 1,5 and 1.234,5 (not 1,234.5) */
            const char *last = NULL;
            for (size_t i = 0; i < len; i++)
                if (v[i] == ',' || v[i] == '.') last = v + i;
            if (number_like(v, len) && last && *last == ',')
                comma_line[k] = c->row_line ? c->row_line[r] : 1;
        }

    builder b;
    b_init(&b, nout);
    for (size_t k = 0; k < nout; k++) b.head[k] = mem_strdup(names[k]);
    conv cv = { in, path, l, 0, { 0 }, 0 };
    char *num = NULL;
    size_t numcap = 0;
    for (size_t r = 0; r < c->nrows; r++) {
        if (!keep[r]) continue;
        b_row_line(&b, c->row_line ? c->row_line[r] : 0);
        for (size_t k = 0; k < nout; k++) {
            size_t col = (size_t)src_col[k];
            size_t len = c->lens[r * c->ncols + col];
            const char *v = trim(csv_cell(c, r, col), &len);
            if (is_missing(v, len)) { b_cell(&b, "", 0); continue; }
            if (!number_like(v, len)) { b_cell(&b, v, len); continue; }
            MEM_GROW(num, numcap, len + 1);
            size_t olen = 0;
            if (plain_number(&cv, r, col, v, len, dec, thou, comma_line[k], num, &olen)) b_cell(&b, num, olen);
            else b_cell(&b, "", 0);
        }
    }
    mem_free(num);
    mem_free(keep);
    mem_free(comma_line);
    mem_free(src_col);
    mem_free(names);
    if (cv.nbad) {
        if (cv.nbad > SHOW_MAX)
            diag_add_at(l, DIAG_NOTE, path, 0, "%zu cells cannot be converted; the first %d are shown",
                        cv.nbad, SHOW_MAX);
        b_free(&b);
        *st = VDL_EDATA;
        return NULL;
    }
    *st = VDL_OK;
    return b_finish(&b);
}

/* ------------------------------------------------------------------ checking */

/* One table of the check. */
typedef struct {
    int        di;
    char      *path;
    vdl_table *t;         /* NULL: not read */
    long       kc;        /* the key column, or -1 */
    long      *col;       /* per symbol: its header column; -1 missing; -2 not this table's */
    size_t    *per_col;   /* problems per header column, for the cap */
    size_t     errors, warnings;
    smap       keys;      /* trimmed key -> row (first occurrence) */
    bool      *used;      /* per row: a run reads it */
} ctab;

typedef struct {
    const vdl_program *vp;
    const prog_t      *p;
    vdl_date           date;
    diag_list          rep;     /* the report of the table being checked */
    ctab              *tabs;
} checker;

/* Count a problem of a table: errors and warnings are what the exit
 * status and the summary lines report. */
static void tally(ctab *T, diag_level lv)
{
    if (lv == DIAG_ERROR) T->errors++;
    else if (lv == DIAG_WARNING) T->warnings++;
}

/* A problem in a cell, counted always, shown SHOW_PER_COLUMN times per
 * column. */
static bool cell_problem(checker *C, ctab *T, diag_level lv, size_t row, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static bool cell_problem(checker *C, ctab *T, diag_level lv, size_t row, size_t col, const char *fmt, ...)
{
    tally(T, lv);
    if (T->per_col[col]++ >= SHOW_PER_COLUMN) return false;
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cell_diag(&C->rep, lv, T->t, T->path, row, col, "%s", msg);
    return true;
}

/* "name" or "name (column "header")", as a run's messages say it. */
static const char *col_label(const prog_sym *s, const char *header, char *buf, size_t cap)
{
    if (strcmp(header, s->name) == 0) snprintf(buf, cap, "%s", s->name);
    else snprintf(buf, cap, "%s (column \"%s\")", s->name, header);
    return buf;
}

static bool in_force(const prog_source *src, vdl_date date)
{
    return !((src->from && date < src->from) || (src->until && date > src->until));
}

/* The header column of a symbol on the check's date, as a run finds it. */
static long find_col(checker *C, ctab *T, const prog_sym *s)
{
    const csv_table *t = &T->t->csv;
    if (s->nsources == 0) {
        long c = csv_column(t, s->name);
        if (c < 0) {
            tally(T, DIAG_ERROR);
            diag_add_at(&C->rep, DIAG_ERROR, T->path, 1, "no column '%s' in the header", s->name);
            const char *best = diag_suggest(s->name, (const char *const *)t->header, t->ncols);
            if (best) diag_hint(&C->rep, "did you mean '%s'? (map it with: %s ... column \"%s\")", best, s->name, best);
        }
        return c;
    }
    for (int i = 0; i < s->nsources; i++) {
        const prog_source *src = &s->sources[i];
        if (!in_force(src, C->date)) continue;
        for (int k = 0; k < src->nnames; k++) {
            long c = csv_column(t, src->names[k]);
            if (c >= 0) return c;
        }
        tally(T, DIAG_ERROR);
        diag_add_at(&C->rep, DIAG_ERROR, T->path, 1, "no column \"%s\" (for '%s') in the header", src->names[0], s->name);
        const char *best = diag_suggest(src->names[0], (const char *const *)t->header, t->ncols);
        if (best) diag_hint(&C->rep, "did you mean \"%s\"?", best);
        return -1;
    }
    char date[11];
    ast_date_format(C->date, date);
    tally(T, DIAG_ERROR);
    diag_add(&C->rep, DIAG_ERROR, C->p->file, s->span, "column '%s' has no source in force on %s", s->name, date);
    diag_hint(&C->rep, "choose another --date, or give the column a source for this date");
    return -1;
}

/* The key column as messages name it: the key's name, and the header it
 * was read from when that differs. */
static const char *key_label(checker *C, ctab *T, char *buf, size_t cap)
{
    const char *key = C->p->datasets[T->di].key, *h = T->t->csv.header[T->kc];
    if (strcmp(key, h) == 0) snprintf(buf, cap, "%s", key);
    else snprintf(buf, cap, "%s (column \"%s\")", key, h);
    return buf;
}

static long key_col(checker *C, ctab *T)
{
    const prog_dataset *ds = &C->p->datasets[T->di];
    const csv_table *t = &T->t->csv;
    for (int k = 0; k < ds->nkey_headers; k++) {
        long c = csv_column(t, ds->key_headers[k]);
        if (c >= 0) return c;
    }
    tally(T, DIAG_ERROR);
    diag_add_at(&C->rep, DIAG_ERROR, T->path, 1, "no key column \"%s\" in the header", ds->key_headers[0]);
    const char *best = diag_suggest(ds->key_headers[0], (const char *const *)t->header, t->ncols);
    if (best) diag_hint(&C->rep, "did you mean \"%s\"?", best);
    return -1;
}

/* Does any declaration of this dataset read header `name`, on any date? */
static bool header_declared(const prog_t *p, int di, const char *name)
{
    const prog_dataset *ds = &p->datasets[di];
    for (int k = 0; k < ds->nkey_headers; k++)
        if (strcmp(ds->key_headers[k], name) == 0) return true;
    for (int s = 0; s < p->nsyms; s++) {
        const prog_sym *sym = &p->syms[s];
        if (sym->kind != SYM_COLUMN || sym->dataset != di) continue;
        if (sym->nsources == 0 && strcmp(sym->name, name) == 0) return true;
        for (int i = 0; i < sym->nsources; i++)
            for (int k = 0; k < sym->sources[i].nnames; k++)
                if (strcmp(sym->sources[i].names[k], name) == 0) return true;
    }
    return false;
}

/* The columns of the table no declaration reads: one note, not a problem
 * (shipped tables carry more than one law needs). */
static void note_extras(checker *C, ctab *T)
{
    const csv_table *t = &T->t->csv;
    size_t n = 0, len = 0, cap = 0;
    char *list = NULL;
    for (size_t c = 0; c < t->ncols; c++) {
        if (header_declared(C->p, T->di, t->header[c])) continue;
        size_t need = strlen(t->header[c]) + 5;
        MEM_GROW(list, cap, len + need + 1);
        len += (size_t)snprintf(list + len, cap - len, "%s\"%s\"", n ? ", " : "", t->header[c]);
        n++;
    }
    if (n)
        diag_add_at(&C->rep, DIAG_NOTE, T->path, 1, "%zu column%s not read by the rule file: %s",
                    n, n == 1 ? " is" : "s are", list);
    mem_free(list);
}

/* A cell under a run's typing rules (dataset.c's convert_cell): every
 * refusal is an error; a negative count is a warning. */
static void check_cell(checker *C, ctab *T, const prog_sym *s, size_t row, size_t col)
{
    const csv_table *t = &T->t->csv;
    size_t len = t->lens[row * t->ncols + col];
    const char *v = trim(csv_cell(t, row, col), &len);
    char name[300], vb[128];
    col_label(s, t->header[col], name, sizeof name);
    if (s->type == TY_TEXT) {
        if (len == 0 && s->group_level >= 0) cell_problem(C, T, DIAG_ERROR, row, col, "%s: empty group value", name);
        return;
    }
    if (is_missing(v, len)) {
        cell_problem(C, T, DIAG_ERROR, row, col, "%s: missing value%s", name,
                     len ? " ('.' or 'x' marks a missing or secret value in CBS tables)" : "");
        return;
    }
    if (s->type == TY_BOOL) {
        bool ok = (len == 4 && memcmp(v, "true", 4) == 0) || (len == 5 && memcmp(v, "false", 5) == 0) ||
                  (len == 1 && (v[0] == '1' || v[0] == '0'));
        if (!ok)
            cell_problem(C, T, DIAG_ERROR, row, col, "%s: '%s' is not a bool (true, false, 1 or 0)",
                         name, shown(v, len, vb, sizeof vb));
        return;
    }
    num_t n;
    num_status st = num_parse(v, len, &n);
    if (st != NUM_OK) {
        bool shownp = cell_problem(C, T, DIAG_ERROR, row, col, "%s: '%s' is %s", name, shown(v, len, vb, sizeof vb),
                                   st == NUM_OVERFLOW ? "too large for exact 64-bit arithmetic" : "not a number");
        if (shownp && st == NUM_SYNTAX && memchr(v, ',', len))
            diag_hint(&C->rep, "write decimals with a '.', without thousands separators (verdeel data convert --decimal-comma)");
        return;
    }
    if (s->integer && !num_is_int(n)) {
        cell_problem(C, T, DIAG_ERROR, row, col, "%s: '%s' is not a whole number", name, shown(v, len, vb, sizeof vb));
        return;
    }
    bool unit = false;
    for (int k = 0; k < UNIT_MAX; k++) unit |= s->unit.e[k] != 0;
    if (s->integer && unit && num_sign(n) < 0) {
        char u[64];
        prog_unit_format(C->p, s->unit, u, sizeof u);
        cell_problem(C, T, DIAG_WARNING, row, col, "%s: '%s' is negative, but it counts %s", name,
                     shown(v, len, vb, sizeof vb), u);
    }
}

/* The group values of a table's rows a run reads: a value on one row only
 * is a likely typo of another. */
static void check_groups(checker *C, ctab *T)
{
    const prog_t *p = C->p;
    const csv_table *t = &T->t->csv;
    for (int s = 0; s < p->nsyms; s++) {
        const prog_sym *sym = &p->syms[s];
        if (sym->kind != SYM_COLUMN || sym->dataset != T->di || sym->group_level < 0 || T->col[s] < 0) continue;
        size_t col = (size_t)T->col[s];
        smap count = { 0 };
        size_t nvals = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            if (!T->used[r]) continue;
            size_t len = t->lens[r * t->ncols + col];
            const char *v = trim(csv_cell(t, r, col), &len);
            if (!len) continue;
            bool added;
            size_t *n = smap_put(&count, v, len, 0, &added);
            if (added) nvals++;
            (*n)++;
        }
        /* the values on more than one row, as candidates for the hint */
        char **common = mem_array(nvals + 1, sizeof *common);
        size_t ncommon = 0;
        for (size_t i = 0; i < count.cap; i++)
            if (count.slot[i].s && count.slot[i].val > 1)
                common[ncommon++] = mem_strndup(count.slot[i].s, count.slot[i].len);
        for (size_t r = 0; r < t->nrows; r++) {
            if (!T->used[r]) continue;
            size_t len = t->lens[r * t->ncols + col];
            const char *v = trim(csv_cell(t, r, col), &len);
            size_t *n = len ? smap_get(&count, v, len) : NULL;
            if (!n || *n != 1) continue;
            char vb[128], name[300];
            bool sh = cell_problem(C, T, DIAG_WARNING, r, col, "%s: group value '%s' occurs only once",
                                   col_label(sym, t->header[col], name, sizeof name), shown(v, len, vb, sizeof vb));
            if (sh) {
                char *val = mem_strndup(v, len);
                const char *best = diag_suggest(val, (const char *const *)common, ncommon);
                if (best) diag_hint(&C->rep, "did you mean '%s'?", best);
                mem_free(val);
            }
        }
        for (size_t i = 0; i < ncommon; i++) mem_free(common[i]);
        mem_free(common);
        smap_free(&count);
    }
}

/* The shape of a key: letters as 'A', digits as '9', the rest as it is
 * (GM0363 -> AA9999).  A joined table's key of the main keys' shape that
 * is not a main key is likely a mistake; one of another shape is another
 * kind of row (a CBS table's districts), which a run skips by design. */
static char *key_shape(const char *v, size_t len)
{
    char *s = mem_strndup(v, len);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) s[i] = 'A';
        else if (c >= '0' && c <= '9') s[i] = '9';
    }
    return s;
}

/* The symbols of a table, their header columns; the key symbol of the
 * main table is its key column. */
static void map_columns(checker *C, ctab *T)
{
    const prog_t *p = C->p;
    T->col = mem_array((size_t)p->nsyms + 1, sizeof *T->col);
    for (int s = 0; s < p->nsyms; s++) {
        const prog_sym *sym = &p->syms[s];
        bool mine = sym->kind == SYM_COLUMN && sym->dataset == T->di;
        bool is_key = mine && T->di == 0 && strcmp(sym->name, p->datasets[0].key) == 0;
        T->col[s] = !mine ? -2 : is_key ? (T->kc >= 0 ? T->kc : -1) : find_col(C, T, sym);
    }
}

static void check_row_cells(checker *C, ctab *T, size_t r)
{
    const prog_t *p = C->p;
    for (int s = 0; s < p->nsyms; s++) {
        if (T->col[s] < 0) continue;
        if (T->di == 0 && strcmp(p->syms[s].name, p->datasets[0].key) == 0) continue;   /* checked as the key */
        check_cell(C, T, &p->syms[s], r, (size_t)T->col[s]);
    }
}

static void check_main(checker *C, ctab *T)
{
    const csv_table *t = &T->t->csv;
    T->kc = key_col(C, T);
    map_columns(C, T);
    note_extras(C, T);
    T->used = mem_array(t->nrows + 1, sizeof *T->used);
    if (t->nrows == 0) {
        tally(T, DIAG_ERROR);
        diag_add_at(&C->rep, DIAG_ERROR, T->path, 1, "the table has a header but no rows");
        return;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        T->used[r] = true;
        if (T->kc >= 0) {
            size_t len = t->lens[r * t->ncols + (size_t)T->kc];
            const char *k = trim(csv_cell(t, r, (size_t)T->kc), &len);
            bool added;
            char kl[300];
            key_label(C, T, kl, sizeof kl);
            if (len == 0) cell_problem(C, T, DIAG_ERROR, r, (size_t)T->kc, "%s: empty key", kl);
            else {
                size_t *first = smap_put(&T->keys, k, len, r, &added);
                char vb[128];
                if (!added)
                    cell_problem(C, T, DIAG_ERROR, r, (size_t)T->kc, "%s: duplicate key '%s' (also on line %zu)",
                                 kl, shown(k, len, vb, sizeof vb), t->row_line[*first]);
            }
        }
        check_row_cells(C, T, r);
    }
    check_groups(C, T);
}

static void check_join(checker *C, ctab *T, const ctab *M)
{
    const csv_table *t = &T->t->csv;
    const prog_t *p = C->p;
    T->kc = key_col(C, T);
    map_columns(C, T);
    note_extras(C, T);
    T->used = mem_array(t->nrows + 1, sizeof *T->used);
    bool compare = M->t && M->kc >= 0;
    const csv_table *mt = compare ? &M->t->csv : NULL;
    smap shapes = { 0 };
    if (compare)
        for (size_t r = 0; r < mt->nrows; r++) {
            size_t len = mt->lens[r * mt->ncols + (size_t)M->kc];
            const char *k = trim(csv_cell(mt, r, (size_t)M->kc), &len);
            if (!len) continue;
            char *sh = key_shape(k, len);
            bool added;
            smap_put(&shapes, sh, strlen(sh), 0, &added);
            if (!added) mem_free(sh);
        }
    size_t *row_of = compare ? mem_array(mt->nrows + 1, sizeof *row_of) : NULL;   /* main row -> row + 1 */
    size_t other = 0;
    char other_example[64] = "";
    for (size_t r = 0; r < t->nrows; r++) {
        if (T->kc < 0) { T->used[r] = true; check_row_cells(C, T, r); continue; }
        size_t len = t->lens[r * t->ncols + (size_t)T->kc];
        const char *k = trim(csv_cell(t, r, (size_t)T->kc), &len);
        char vb[128], kl[300];
        key_label(C, T, kl, sizeof kl);
        size_t *mrow = compare && len ? smap_get(&M->keys, k, len) : NULL;
        bool used = !compare || mrow;
        if (len == 0) {
            cell_problem(C, T, used ? DIAG_ERROR : DIAG_WARNING, r, (size_t)T->kc,
                         "%s: empty key%s", kl, compare ? "; a run skips this row" : "");
            continue;
        }
        bool added;
        size_t *first = smap_put(&T->keys, k, len, r, &added);
        if (!added) {
            cell_problem(C, T, used ? DIAG_ERROR : DIAG_WARNING, r, (size_t)T->kc,
                         "%s: duplicate key '%s' (also on line %zu)%s", kl, shown(k, len, vb, sizeof vb),
                         t->row_line[*first], used ? "" : "; a run skips these rows");
            continue;
        }
        if (!used) {
            char *sh = key_shape(k, len);
            bool like = smap_get(&shapes, sh, strlen(sh)) != NULL;
            mem_free(sh);
            if (like)
                cell_problem(C, T, DIAG_WARNING, r, (size_t)T->kc,
                             "%s: '%s' is not a key of the main table (%s); a run skips this row",
                             kl, shown(k, len, vb, sizeof vb), M->path);
            else if (other++ == 0)
                shown(k, len, other_example, sizeof other_example);
            continue;
        }
        T->used[r] = true;
        if (mrow) row_of[*mrow] = r + 1;
        check_row_cells(C, T, r);
    }
    if (compare && T->kc >= 0) {
        size_t missing = 0;
        for (size_t r = 0; r < mt->nrows; r++) {
            size_t len = mt->lens[r * mt->ncols + (size_t)M->kc];
            const char *k = trim(csv_cell(mt, r, (size_t)M->kc), &len);
            size_t *first = len ? smap_get(&M->keys, k, len) : NULL;
            if (!first || *first != r || row_of[r]) continue;   /* no key, a duplicate, or it has a row */
            tally(T, DIAG_ERROR);
            char vb[128];
            if (missing++ < SHOW_PER_COLUMN)
                diag_add_at(&C->rep, DIAG_ERROR, T->path, 0, "no row for '%s' (dataset '%s', line %zu of the main table)",
                            shown(k, len, vb, sizeof vb), p->datasets[0].name, mt->row_line[r]);
        }
        if (missing > SHOW_PER_COLUMN)
            diag_add_at(&C->rep, DIAG_NOTE, T->path, 0, "%zu keys of the main table have no row in this table", missing);
    }
    if (other == 1)
        diag_add_at(&C->rep, DIAG_NOTE, T->path, 0,
                    "1 row whose key is unlike the main table's ('%s') is skipped, as in a run", other_example);
    else if (other)
        diag_add_at(&C->rep, DIAG_NOTE, T->path, 0,
                    "%zu rows whose keys are unlike the main table's (such as '%s') are skipped, as in a run",
                    other, other_example);
    if (!compare)
        diag_add_at(&C->rep, DIAG_NOTE, T->path, 0, "keys not compared with the main table: %s",
                    M->t ? "it has no key column" : "it could not be read");
    mem_free(row_of);
    for (size_t i = 0; i < shapes.cap; i++) mem_free((char *)shapes.slot[i].s);
    smap_free(&shapes);
    check_groups(C, T);
}

/* The problems shown per column were capped: say how many more there are. */
static void note_capped(checker *C, ctab *T)
{
    const csv_table *t = &T->t->csv;
    for (size_t c = 0; c < t->ncols; c++)
        if (T->per_col[c] > SHOW_PER_COLUMN)
            diag_add_at(&C->rep, DIAG_NOTE, T->path, 0, "%zu more problems in column \"%s\" not shown (%zu in all)",
                        T->per_col[c] - SHOW_PER_COLUMN, t->header[c], T->per_col[c]);
}

static void plural(FILE *out, size_t n, const char *what)
{
    fprintf(out, "%zu %s%s", n, what, n == 1 ? "" : "s");
}

/* When the check found no error, load the data as a run does: should the
 * two ever disagree, the run's verdict is reported, so a clean check always
 * means a run can load the data. */
static size_t cross_check(checker *C, const vdl_check_options *o, FILE *out)
{
    ds_source *src = mem_array((size_t)o->ndata + 1, sizeof *src);
    for (int i = 0; i < o->ndata; i++) src[i] = (ds_source){ .dataset = o->data[i].dataset, .path = o->data[i].path,
                                                  .text = o->data[i].text, .len = o->data[i].len };
    diag_list l = { 0 };
    ds_data *ds = ds_load(C->p, C->vp->dir, C->date, src, o->ndata, &l);
    mem_free(src);
    size_t n = l.nerrors;
    if (!ds) diag_render_all(out, &l);
    ds_free(ds);
    diag_list_free(&l);
    return n;
}

vdl_status vdl_data_check(const vdl_program *vp, const vdl_check_options *o, FILE *out,
                          vdl_diags *d, size_t *problems)
{
    const prog_t *p = vp->prog;
    *problems = 0;
    if (!sources_known(p, o->data, o->ndata, &d->list)) return VDL_EUSAGE;
    checker C = { vp, p, o->date ? o->date : p->law_valid_from, { 0 }, NULL };
    C.tabs = mem_array((size_t)p->ndatasets + 1, sizeof *C.tabs);
    vdl_status st = VDL_OK;
    size_t errors = 0, warnings = 0, unread = 0;
    for (int di = 0; di < p->ndatasets; di++) {
        ctab *T = &C.tabs[di];
        T->di = di;
        T->kc = -1;
        const char *text;
        size_t tlen;
        T->path = dataset_path(vp, di, o->data, o->ndata, &text, &tlen);
        const char *name = p->datasets[di].name;
        if (!T->path) {
            diag_add(&d->list, DIAG_ERROR, p->file, p->datasets[di].span, "dataset '%s' names no file", name);
            diag_hint(&d->list, "give one with --data %s=FILE, or declare `dataset %s from \"FILE\"`", name, name);
            fprintf(out, "dataset %s: no file\n", name);
            st = VDL_EDATA;
            unread++;
            continue;
        }
        vdl_status rs;
        T->t = table_read(T->path, text, tlen, 0, d, &rs);
        if (!T->t) {
            fprintf(out, "dataset %s (%s): not read\n", name, T->path);
            st = VDL_EDATA;
            unread++;
            continue;
        }
        T->per_col = mem_array(T->t->csv.ncols + 1, sizeof *T->per_col);
        if (di == 0) check_main(&C, T);
        else check_join(&C, T, &C.tabs[0]);
        note_capped(&C, T);
        diag_render_all(out, &C.rep);
        diag_list_free(&C.rep);
        fprintf(out, "dataset %s (%s): ", name, T->path);
        plural(out, T->t->csv.nrows, "row");
        if (T->errors || T->warnings) {
            fputs(", ", out);
            plural(out, T->errors, "error");
            fputs(", ", out);
            plural(out, T->warnings, "warning");
            fputc('\n', out);
        } else fputs(", ok\n", out);
        errors += T->errors;
        warnings += T->warnings;
    }
    if (st == VDL_OK && errors == 0) errors += cross_check(&C, o, out);
    if (unread) {
        plural(out, unread, "table");
        fputs(" not read", out);
        if (unread == (size_t)p->ndatasets) fputc('\n', out);
        else fputs(errors + warnings ? "; in the others " : "; no problems in the others\n", out);
    }
    if (unread == (size_t)p->ndatasets || (unread && errors + warnings == 0)) {
        /* said */
    } else if (errors + warnings == 0) fputs("no problems\n", out);
    else {
        plural(out, errors + warnings, "problem");
        fputs(": ", out);
        plural(out, errors, "error");
        fputs(", ", out);
        plural(out, warnings, "warning");
        fputc('\n', out);
    }
    for (int di = 0; di < p->ndatasets; di++) {
        ctab *T = &C.tabs[di];
        mem_free(T->path);
        vdl_table_free(T->t);
        mem_free(T->col);
        mem_free(T->per_col);
        mem_free(T->used);
        smap_free(&T->keys);
    }
    mem_free(C.tabs);
    *problems = errors + warnings;
    return st;
}

/* ------------------------------------------------------------------ template */

/* The header a run on `date` looks for first; NULL when no source is in
 * force. */
static const char *header_on(const prog_sym *s, vdl_date date)
{
    if (s->nsources == 0) return s->name;
    for (int i = 0; i < s->nsources; i++)
        if (in_force(&s->sources[i], date)) return s->sources[i].names[0];
    return NULL;
}

typedef struct { const char *key; size_t len, row; } key_row;

static int by_key(const void *a, const void *b)
{
    const key_row *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    if (c) return c;
    return (x->len > y->len) - (x->len < y->len);
}

vdl_table *vdl_data_template(const vdl_program *vp, const vdl_template_options *o,
                             vdl_diags *d, vdl_status *st)
{
    const prog_t *p = vp->prog;
    diag_list *l = &d->list;
    vdl_date date = o->date ? o->date : p->law_valid_from;
    *st = VDL_EUSAGE;
    if (!sources_known(p, o->data, o->ndata, l)) return NULL;

    /* the dataset */
    int di = -1;
    char names[256] = "";
    for (int k = 1; k < p->ndatasets; k++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k > 1 ? ", " : "", p->datasets[k].name);
    if (o->dataset) {
        for (int k = 0; k < p->ndatasets && di < 0; k++)
            if (strcmp(p->datasets[k].name, o->dataset) == 0) di = k;
        if (di < 0) {
            diag_add_at(l, DIAG_ERROR, NULL, 0, "--dataset %s: the rule file has no dataset '%s'", o->dataset, o->dataset);
            diag_hint(l, "its datasets are: %s%s%s", p->datasets[0].name, *names ? ", " : "", names);
            return NULL;
        }
    } else if (p->ndatasets == 2) {
        di = 1;
    } else {
        if (p->ndatasets < 2) diag_add_at(l, DIAG_ERROR, NULL, 0, "the rule file joins no dataset to its main table");
        else diag_add_at(l, DIAG_ERROR, NULL, 0, "the rule file joins %d datasets (%s): choose one", p->ndatasets - 1, names);
        diag_hint(l, "--dataset NAME (the main table's is %s)", p->datasets[0].name);
        return NULL;
    }

    /* its columns: the key, the `with` columns, the declared ones */
    const prog_dataset *ds = &p->datasets[di];
    int *with_sym = mem_array((size_t)o->nwith + 1, sizeof *with_sym);
    int *cols = mem_array((size_t)p->nsyms + 1, sizeof *cols);
    int ncols = 0;
    bool bad = false;
    for (int i = 0; i < o->nwith; i++) {
        int s = prog_find(p, o->with[i]);
        if (s < 0 || p->syms[s].kind != SYM_COLUMN || p->syms[s].dataset != 0) {
            diag_add_at(l, DIAG_ERROR, NULL, 0, "--with %s: the main table '%s' has no column '%s'",
                        o->with[i], p->datasets[0].name, o->with[i]);
            bad = true;
        }
        with_sym[i] = s;
    }
    for (int s = 0; s < p->nsyms; s++) {
        const prog_sym *sym = &p->syms[s];
        if (sym->kind != SYM_COLUMN || sym->dataset != di || strcmp(sym->name, ds->key) == 0) continue;
        if (!header_on(sym, date)) {
            char dt[11];
            ast_date_format(date, dt);
            diag_add(l, DIAG_ERROR, p->file, sym->span, "column '%s' has no source in force on %s", sym->name, dt);
            diag_hint(l, "choose another --date");
            bad = true;
        }
        cols[ncols++] = s;
    }
    const char *main_key_header = NULL;
    for (int i = 0; i < o->nwith && !bad; i++)
        if (!header_on(&p->syms[with_sym[i]], date)) {
            diag_add_at(l, DIAG_ERROR, NULL, 0, "--with %s: the column has no source in force", o->with[i]);
            bad = true;
        }
    if (bad) {
        mem_free(with_sym);
        mem_free(cols);
        return NULL;
    }

    /* the main table's keys (and the `with` cells), in key order */
    const char *text;
    size_t tlen;
    char *path = dataset_path(vp, 0, o->data, o->ndata, &text, &tlen);
    if (!path) {
        diag_add(l, DIAG_ERROR, p->file, p->datasets[0].span, "dataset '%s' names no file", p->datasets[0].name);
        diag_hint(l, "give one with --data FILE");
        mem_free(with_sym);
        mem_free(cols);
        *st = VDL_EDATA;
        return NULL;
    }
    vdl_status rs;
    vdl_table *mt = table_read(path, text, tlen, 0, d, &rs);
    key_row *keys = NULL;
    long *with_col = mem_array((size_t)o->nwith + 1, sizeof *with_col);
    vdl_table *out = NULL;
    *st = VDL_EDATA;
    if (!mt) goto done;
    const csv_table *m = &mt->csv;
    long kc = -1;
    const prog_dataset *md = &p->datasets[0];
    for (int k = 0; k < md->nkey_headers && kc < 0; k++) kc = csv_column(m, md->key_headers[k]);
    if (kc < 0) {
        diag_add_at(l, DIAG_ERROR, path, 1, "no key column \"%s\" in the header", md->key_headers[0]);
        goto done;
    }
    main_key_header = m->header[kc];
    for (int i = 0; i < o->nwith; i++) {
        const prog_sym *ws = &p->syms[with_sym[i]];
        const char *h = strcmp(ws->name, md->key) == 0 ? main_key_header : header_on(ws, date);
        with_col[i] = csv_column(m, h);
        if (with_col[i] < 0) {
            diag_add_at(l, DIAG_ERROR, path, 1, "no column \"%s\" (for '%s') in the header", h, ws->name);
            goto done;
        }
    }
    if (m->nrows == 0) {
        diag_add_at(l, DIAG_ERROR, path, 1, "the table has a header but no rows");
        goto done;
    }
    keys = mem_array(m->nrows, sizeof *keys);
    bool keys_ok = true;
    for (size_t r = 0; r < m->nrows; r++) {
        size_t len = m->lens[r * m->ncols + (size_t)kc];
        const char *k = trim(csv_cell(m, r, (size_t)kc), &len);
        keys[r] = (key_row){ k, len, r };
        if (!len) {
            cell_diag(l, DIAG_ERROR, mt, path, r, (size_t)kc, "empty key");
            keys_ok = false;
        }
    }
    qsort(keys, m->nrows, sizeof *keys, by_key);
    for (size_t i = 1; i < m->nrows; i++)
        if (keys[i].len && by_key(&keys[i - 1], &keys[i]) == 0) {
            char vb[128];
            size_t a = keys[i - 1].row, b = keys[i].row;
            if (a > b) { size_t x = a; a = b; b = x; }
            cell_diag(l, DIAG_ERROR, mt, path, b, (size_t)kc, "duplicate key '%s' (also on line %zu)",
                      shown(keys[i].key, keys[i].len, vb, sizeof vb), m->row_line[a]);
            keys_ok = false;
        }
    if (!keys_ok) goto done;

    /* the table: header names must be distinct to be read back */
    size_t w = 1 + (size_t)o->nwith + (size_t)ncols;
    builder b;
    b_init(&b, w);
    size_t k = 0;
    b.head[k++] = mem_strdup(di == 0 ? main_key_header : ds->key_headers[0]);
    for (int i = 0; i < o->nwith; i++) b.head[k++] = mem_strdup(m->header[with_col[i]]);
    for (int i = 0; i < ncols; i++) b.head[k++] = mem_strdup(header_on(&p->syms[cols[i]], date));
    for (size_t i = 0; i < w; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(b.head[i], b.head[j]) == 0) {
                diag_add_at(l, DIAG_ERROR, NULL, 0, "the template would have two columns \"%s\"", b.head[i]);
                diag_hint(l, "leave it out of --with");
                b_free(&b);
                *st = VDL_EUSAGE;
                goto done;
            }
    for (size_t i = 0; i < m->nrows; i++) {
        b_row_line(&b, 0);
        b_cell(&b, keys[i].key, keys[i].len);
        for (int j = 0; j < o->nwith; j++) {
            size_t len = m->lens[keys[i].row * m->ncols + (size_t)with_col[j]];
            const char *v = trim(csv_cell(m, keys[i].row, (size_t)with_col[j]), &len);
            b_cell(&b, v, len);
        }
        for (int j = 0; j < ncols; j++) b_cell(&b, "", 0);
    }
    out = b_finish(&b);
    *st = VDL_OK;
done:
    mem_free(keys);
    mem_free(with_col);
    vdl_table_free(mt);
    mem_free(path);
    mem_free(with_sym);
    mem_free(cols);
    return out;
}
