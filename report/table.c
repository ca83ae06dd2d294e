/* table.c: rendering a table of result cells as aligned text, Markdown,
 * CSV or JSON (see table.h). */
#include "table.h"
#include "mem.h"

#include <string.h>

void tab_init(out_table *t, const char *title, int ncols, const char *const *head, size_t nrows)
{
    memset(t, 0, sizeof *t);
    t->title = mem_strdup(title);
    t->ncols = ncols;
    t->head = mem_array((size_t)ncols, sizeof *t->head);
    for (int c = 0; c < ncols; c++) t->head[c] = mem_strdup(head[c]);
    t->note = mem_array((size_t)ncols, sizeof *t->note);
    t->right = mem_array((size_t)ncols, sizeof *t->right);
    t->is_bool = mem_array((size_t)ncols, sizeof *t->is_bool);
    t->nrows = nrows;
    t->cells = mem_array(nrows * (size_t)ncols + 1, sizeof *t->cells);
}

void tab_free(out_table *t)
{
    mem_free(t->title);
    for (int c = 0; c < t->ncols; c++) mem_free(t->head[c]);
    mem_free(t->head);
    mem_free(t->note);
    mem_free(t->right);
    mem_free(t->is_bool);
    for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++) mem_free(t->cells[i]);
    mem_free(t->cells);
    if (t->total) for (int c = 0; c < t->ncols; c++) mem_free(t->total[c]);
    mem_free(t->total);
    mem_free(t->row_note);
    mem_free(t->row_type);
}

static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

char *tab_with_notes(const prog_t *p, const char *name, unsigned notes)
{
    char marks[64] = "";
    for (int k = 0; k < p->nnotes; k++)
        if (notes & (1u << k)) snprintf(marks + strlen(marks), sizeof marks - strlen(marks), " [%d]", k + 1);
    return diag_fmt("%s%s", name, marks);
}

/* A line of a text table is built whole so that its trailing blanks (an
 * empty last cell) can be cut. */
typedef struct { char *s; size_t n, cap; } out_line;

/* n more bytes at the end of l (kept NUL-terminated); returns them. */
static char *line_extend(out_line *l, size_t n)
{
    MEM_GROW(l->s, l->cap, l->n + n + 1);
    char *at = l->s + l->n;
    l->n += n;
    l->s[l->n] = '\0';
    return at;
}

static void line_put(out_line *l, const char *s, size_t n) { memcpy(line_extend(l, n), s, n); }
static void line_pad(out_line *l, size_t n) { memset(line_extend(l, n), ' ', n); }

static void line_flush(out_line *l, FILE *out)
{
    while (l->n && l->s[l->n - 1] == ' ') l->n--;
    fwrite(l->s, 1, l->n, out);
    fputc('\n', out);
    l->n = 0;
}

/* A cell as a text or Markdown table shows it: line breaks as \n, and in
 * Markdown a '|' escaped, so that one row stays one line. */
static char *cell_text(const char *v, bool md)
{
    char *o = mem_alloc(strlen(v) * 2 + 1), *w = o;
    for (; *v; v++) {
        if (*v == '\n' || *v == '\r') { *w++ = '\\'; *w++ = *v == '\n' ? 'n' : 'r'; }
        else if (*v == '|' && md) { *w++ = '\\'; *w++ = '|'; }
        else if (*v == '\t') *w++ = ' ';
        else *w++ = *v;
    }
    *w = '\0';
    return o;
}

void tab_text(const prog_t *p, const out_table *t, FILE *out, bool md)
{
    int nc = t->ncols;
    size_t *w = mem_array((size_t)nc, sizeof *w);
    char **head = mem_array((size_t)nc, sizeof *head);
    for (int c = 0; c < nc; c++) {
        head[c] = tab_with_notes(p, t->head[c], (unsigned)t->note[c]);
        w[c] = text_width(head[c]);
    }
    /* the totals table marks its names with their notes */
    char **cells = mem_array(t->nrows * (size_t)nc + 1, sizeof *cells);
    size_t *cw = mem_array(t->nrows * (size_t)nc + 1, sizeof *cw);     /* their widths */
    for (size_t r = 0; r < t->nrows; r++)
        for (int c = 0; c < nc; c++) {
            size_t i = r * (size_t)nc + (size_t)c;
            char *v = cell_text(t->cells[i], md);
            if (c == 0 && t->row_note && t->row_note[r]) {
                cells[i] = tab_with_notes(p, v, (unsigned)t->row_note[r]);
                mem_free(v);
            } else {
                cells[i] = v;
            }
            cw[i] = text_width(cells[i]);
        }
    for (int c = 0; c < nc; c++) {
        for (size_t r = 0; r < t->nrows; r++)
            if (cw[r * (size_t)nc + (size_t)c] > w[c]) w[c] = cw[r * (size_t)nc + (size_t)c];
        if (t->total && text_width(t->total[c]) > w[c]) w[c] = text_width(t->total[c]);
        if (md && w[c] < 3) w[c] = 3;
    }
    const char *sep = md ? " | " : "  ";
    out_line line = { NULL, 0, 0 };
    for (int pass = 0; pass < 2 + (int)t->nrows + (t->total ? 1 : 0); pass++) {
        char *const *row;
        bool rule = false;
        if (pass == 0) row = head;
        else if (pass == 1) { if (!md) continue; rule = true; row = head; }
        else if (pass - 2 < (int)t->nrows) row = &cells[(size_t)(pass - 2) * (size_t)nc];
        else row = t->total;
        if (md) line_put(&line, "| ", 2);
        for (int c = 0; c < nc; c++) {
            if (rule) {
                for (size_t k = 0; k < w[c]; k++) line_put(&line, k == w[c] - 1 && t->right[c] ? ":" : "-", 1);
            } else {
                const char *s = row[c];
                size_t x = pass >= 2 && pass - 2 < (int)t->nrows ? cw[(size_t)(pass - 2) * (size_t)nc + (size_t)c]
                         : text_width(s);
                if (t->right[c]) line_pad(&line, w[c] - x);
                line_put(&line, s, strlen(s));
                if (!t->right[c]) line_pad(&line, w[c] - x);
            }
            if (c < nc - 1) line_put(&line, sep, strlen(sep));
        }
        if (md) line_put(&line, " |", 2);
        line_flush(&line, out);
    }
    mem_free(line.s);
    for (size_t i = 0; i < t->nrows * (size_t)nc; i++) mem_free(cells[i]);
    mem_free(cells);
    mem_free(cw);
    for (int c = 0; c < nc; c++) mem_free(head[c]);
    mem_free(head);
    mem_free(w);
}

static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) { fputs(s, out); return; }
    fputc('"', out);
    for (; *s; s++) { if (*s == '"') fputc('"', out); fputc(*s, out); }
    fputc('"', out);
}

void tab_csv(const out_table *t, FILE *out)
{
    for (size_t r = 0; r <= t->nrows; r++) {
        char *const *row = r == 0 ? t->head : &t->cells[(r - 1) * (size_t)t->ncols];
        for (int c = 0; c < t->ncols; c++) {
            if (c) fputc(',', out);
            csv_field(out, row[c]);
        }
        fputc('\n', out);
    }
}

void tab_json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { fputc('\\', out); fputc(c, out); }
        else if (c == '\n') fputs("\\n", out);
        else if (c == '\t') fputs("\\t", out);
        else if (c == '\r') fputs("\\r", out);
        else if (c < 0x20 || c == 0x7f) fprintf(out, "\\u%04x", c);
        else fputc(c, out);   /* UTF-8 as it is: JSON text is UTF-8 */
    }
    fputc('"', out);
}

/* A number is a JSON number, a bool a JSON bool, text a string: by the
 * value's type, never by what the text looks like. */
static void json_cell(FILE *out, const char *s, vdl_type type)
{
    if (type == TY_NUM || type == TY_BOOL) fputs(*s ? s : "null", out);
    else tab_json_str(out, s);
}

static vdl_type cell_type(const out_table *t, size_t r, int c)
{
    if (t->row_type && c == 1) return t->row_type[r];
    return t->right[c] ? TY_NUM : t->is_bool[c] ? TY_BOOL : TY_TEXT;
}

void tab_json(const prog_t *p, const out_table *t, FILE *out)
{
    fputs("    {\n      \"level\": ", out);
    tab_json_str(out, t->title);
    fputs(",\n      \"columns\": [", out);
    for (int c = 0; c < t->ncols; c++) {
        if (c) fputs(", ", out);
        tab_json_str(out, t->head[c]);
    }
    fputs("],\n      \"rows\": [\n", out);
    for (size_t r = 0; r < t->nrows; r++) {
        fputs("        {", out);
        for (int c = 0; c < t->ncols; c++) {
            if (c) fputs(", ", out);
            tab_json_str(out, t->head[c]);
            fputs(": ", out);
            json_cell(out, t->cells[r * (size_t)t->ncols + (size_t)c], cell_type(t, r, c));
        }
        fputs(r + 1 < t->nrows ? "},\n" : "}\n", out);
    }
    fputs("      ]", out);
    if (t->total) {
        fputs(",\n      \"total\": {", out);
        bool first = true;
        for (int c = 1; c < t->ncols; c++) {
            if (!t->total[c][0]) continue;
            if (!first) fputs(", ", out);
            first = false;
            tab_json_str(out, t->head[c]);
            fputs(": ", out);
            fputs(t->total[c], out);
        }
        fputc('}', out);
    }
    /* notes by column name, or by row name in the totals table */
    bool any = false;
    for (int c = 0; c < t->ncols; c++) any |= t->note[c] != 0;
    for (size_t r = 0; t->row_note && r < t->nrows; r++) any |= t->row_note[r] != 0;
    if (any) {
        fputs(",\n      \"notes\": {", out);
        bool first = true;
        size_t nkeys = (size_t)t->ncols + (t->row_note ? t->nrows : 0);
        for (size_t k = 0; k < nkeys; k++) {
            bool is_col = k < (size_t)t->ncols;
            unsigned mask = is_col ? (unsigned)t->note[k] : (unsigned)t->row_note[k - (size_t)t->ncols];
            if (!mask) continue;
            if (!first) fputs(", ", out);
            first = false;
            tab_json_str(out, is_col ? t->head[k] : t->cells[(k - (size_t)t->ncols) * 2]);
            fputs(": [", out);
            bool f2 = true;
            for (int n = 0; n < p->nnotes; n++)
                if (mask & (1u << n)) { if (!f2) fputs(", ", out); f2 = false; fprintf(out, "%d", n + 1); }
            fputc(']', out);
        }
        fputc('}', out);
    }
    fputs("\n    }", out);
}

