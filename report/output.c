/* output.c: results -> tables -> text, CSV, JSON or Markdown.
 *
 * The results are first laid out as tables of strings (the entities, each
 * group level, the totals), then written in the chosen format, so that all
 * formats show the same cells.  Numbers are exact; a value whose decimal
 * expansion does not end within 6 places is shown rounded half away from
 * zero to 6 places.  A column with a unit gets a total row (a count of
 * places or persons adds up; a ratio does not). */
#include "internal.h"
#include "mem.h"

#include <string.h>

#define OUT_DECIMALS 6

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

static char *fmt_value(const vdl_result *r, const prog_sym *s, num_t v)
{
    if (s->type == TY_TEXT) return mem_strdup(r->data->ds->strs[v.n]);
    if (s->type == TY_BOOL) return mem_strdup(v.n ? "true" : "false");
    char buf[96];
    num_format(v, OUT_DECIMALS, buf, sizeof buf);
    return mem_strdup(buf);
}

static void table_free(out_table *t)
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

static bool has_unit(const prog_sym *s)
{
    for (int i = 0; i < UNIT_MAX; i++) if (s->unit.e[i]) return true;
    return false;
}

/* The table of one level: its key column, then its outputs in order. */
static bool build_table(const vdl_result *r, int level, out_table *t)
{
    const prog_t *p = r->prog->prog;
    const ds_data *ds = r->data->ds;
    int *cols = mem_array((size_t)p->noutputs + 1, sizeof *cols);
    int n = 0;
    for (int i = 0; i < p->noutputs; i++)
        if (p->syms[p->outputs[i]].level == level) cols[n++] = p->outputs[i];
    if (n == 0 || level == LEVEL_ALL) { mem_free(cols); return false; }
    memset(t, 0, sizeof *t);
    t->title = mem_strdup(prog_level_name(p, level));
    t->ncols = n + 1;
    t->head = mem_array((size_t)t->ncols, sizeof *t->head);
    t->note = mem_array((size_t)t->ncols, sizeof *t->note);
    t->right = mem_array((size_t)t->ncols, sizeof *t->right);
    t->is_bool = mem_array((size_t)t->ncols, sizeof *t->is_bool);
    t->head[0] = mem_strdup(level == LEVEL_ENTITY ? p->datasets[0].key : prog_level_name(p, level));
    for (int c = 0; c < n; c++) {
        const prog_sym *s = &p->syms[cols[c]];
        t->head[c + 1] = mem_strdup(s->name);
        t->note[c + 1] = (int)s->notes;
        t->right[c + 1] = s->type == TY_NUM;
        t->is_bool[c + 1] = s->type == TY_BOOL;
    }
    t->nrows = vm_level_len(ds, level);
    t->cells = mem_array(t->nrows * (size_t)t->ncols + 1, sizeof *t->cells);
    bool any_total = false;
    num_t *sum = mem_array((size_t)n + 1, sizeof *sum);
    bool *sums = mem_array((size_t)n + 1, sizeof *sums);
    for (int c = 0; c < n; c++) {
        sums[c] = p->syms[cols[c]].additive && has_unit(&p->syms[cols[c]]);
        sum[c] = NUM_ZERO;
    }
    for (size_t row = 0; row < t->nrows; row++) {
        const char *key = level == LEVEL_ENTITY ? ds->strs[ds->key[row]]
                        : ds->strs[ds->levels[level - LEVEL_GROUP0].label[row]];
        t->cells[row * (size_t)t->ncols] = mem_strdup(key);
        for (int c = 0; c < n; c++) {
            const prog_sym *s = &p->syms[cols[c]];
            num_t v = r->vm.slot[s->slot][row];
            t->cells[row * (size_t)t->ncols + (size_t)c + 1] = fmt_value(r, s, v);
            if (sums[c] && num_add(sum[c], v, &sum[c]) != NUM_OK) sums[c] = false;
        }
    }
    for (int c = 0; c < n; c++) any_total |= sums[c];
    if (any_total) {
        t->total = mem_array((size_t)t->ncols, sizeof *t->total);
        t->total[0] = mem_strdup("total");
        for (int c = 0; c < n; c++)
            t->total[c + 1] = sums[c] ? fmt_value(r, &p->syms[cols[c]], sum[c]) : mem_strdup("");
    }
    mem_free(sum);
    mem_free(sums);
    mem_free(cols);
    return true;
}

/* The one-value outputs as a two-column table. */
static bool build_totals(const vdl_result *r, out_table *t)
{
    const prog_t *p = r->prog->prog;
    int n = 0;
    for (int i = 0; i < p->noutputs; i++) n += p->syms[p->outputs[i]].level == LEVEL_ALL;
    if (!n) return false;
    memset(t, 0, sizeof *t);
    t->title = mem_strdup("all");
    t->ncols = 2;
    t->head = mem_array(2, sizeof *t->head);
    t->head[0] = mem_strdup("name");
    t->head[1] = mem_strdup("value");
    t->note = mem_array(2, sizeof *t->note);
    t->right = mem_array(2, sizeof *t->right);
    t->right[1] = true;
    t->cells = mem_array((size_t)n * 2, sizeof *t->cells);
    t->row_note = mem_array((size_t)n, sizeof *t->row_note);
    t->row_type = mem_array((size_t)n, sizeof *t->row_type);
    t->is_bool = mem_array(2, sizeof *t->is_bool);
    for (int i = 0; i < p->noutputs; i++) {
        const prog_sym *s = &p->syms[p->outputs[i]];
        if (s->level != LEVEL_ALL) continue;
        t->row_note[t->nrows] = (int)s->notes;
        t->row_type[t->nrows] = s->type;
        t->cells[t->nrows * 2] = mem_strdup(s->name);
        t->cells[t->nrows * 2 + 1] = fmt_value(r, s, r->vm.slot[s->slot][0]);
        t->nrows++;
    }
    return true;
}

static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* "name [1] [2]": a name with the markers of the notes that apply to it. */
static char *with_notes(const prog_t *p, const char *name, unsigned notes)
{
    char marks[64] = "";
    for (int k = 0; k < p->nnotes; k++)
        if (notes & (1u << k)) snprintf(marks + strlen(marks), sizeof marks - strlen(marks), " [%d]", k + 1);
    return diag_fmt("%s%s", name, marks);
}

/* A line of a text table is built whole so that its trailing blanks (an
 * empty last cell) can be cut. */
typedef struct { char *s; size_t n, cap; } out_line;

static void line_put(out_line *l, const char *s, size_t n)
{
    MEM_GROW(l->s, l->cap, l->n + n + 1);
    memcpy(l->s + l->n, s, n);
    l->n += n;
    l->s[l->n] = '\0';
}

static void line_pad(out_line *l, size_t n)
{
    while (n--) line_put(l, " ", 1);
}

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

static void write_text(const prog_t *p, const out_table *t, FILE *out, bool md)
{
    int nc = t->ncols;
    size_t *w = mem_array((size_t)nc, sizeof *w);
    char **head = mem_array((size_t)nc, sizeof *head);
    for (int c = 0; c < nc; c++) {
        head[c] = with_notes(p, t->head[c], (unsigned)t->note[c]);
        w[c] = text_width(head[c]);
    }
    /* the totals table marks its names with their notes */
    char **cells = mem_array(t->nrows * (size_t)nc + 1, sizeof *cells);
    for (size_t r = 0; r < t->nrows; r++)
        for (int c = 0; c < nc; c++) {
            char *v = cell_text(t->cells[r * (size_t)nc + (size_t)c], md);
            cells[r * (size_t)nc + (size_t)c] = c == 0 && t->row_note && t->row_note[r]
                ? with_notes(p, v, (unsigned)t->row_note[r]) : mem_strdup(v);
            mem_free(v);
        }
    for (int c = 0; c < nc; c++) {
        for (size_t r = 0; r < t->nrows; r++) {
            size_t x = text_width(cells[r * (size_t)nc + (size_t)c]);
            if (x > w[c]) w[c] = x;
        }
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
                size_t x = text_width(s);
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

static void write_csv(const out_table *t, FILE *out)
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

static void json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { fputc('\\', out); fputc(c, out); }
        else if (c == '\n') fputs("\\n", out);
        else if (c == '\t') fputs("\\t", out);
        else if (c == '\r') fputs("\\r", out);
        else if (c < 0x20) fprintf(out, "\\u%04x", c);
        else fputc(c, out);
    }
    fputc('"', out);
}

/* A number is a JSON number, a bool a JSON bool, text a string: by the
 * value's type, never by what the text looks like. */
static void json_cell(FILE *out, const char *s, vdl_type type)
{
    if (type == TY_NUM || type == TY_BOOL) fputs(*s ? s : "null", out);
    else json_str(out, s);
}

static vdl_type cell_type(const out_table *t, size_t r, int c)
{
    if (t->row_type && c == 1) return t->row_type[r];
    return t->right[c] ? TY_NUM : t->is_bool[c] ? TY_BOOL : TY_TEXT;
}

static void write_json_table(const prog_t *p, const out_table *t, FILE *out)
{
    fputs("    {\n      \"level\": ", out);
    json_str(out, t->title);
    fputs(",\n      \"columns\": [", out);
    for (int c = 0; c < t->ncols; c++) {
        if (c) fputs(", ", out);
        json_str(out, t->head[c]);
    }
    fputs("],\n      \"rows\": [\n", out);
    for (size_t r = 0; r < t->nrows; r++) {
        fputs("        {", out);
        for (int c = 0; c < t->ncols; c++) {
            if (c) fputs(", ", out);
            json_str(out, t->head[c]);
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
            json_str(out, t->head[c]);
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
            json_str(out, is_col ? t->head[k] : t->cells[(k - (size_t)t->ncols) * 2]);
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

int out_write(const vdl_result *r, vdl_format fmt, const char *level, FILE *out)
{
    const prog_t *p = r->prog->prog;
    const ds_data *ds = r->data->ds;
    out_table *tabs = mem_array((size_t)p->nlevels + 3, sizeof *tabs);
    int nt = 0;
    if (build_table(r, LEVEL_ENTITY, &tabs[nt])) nt++;
    for (int lv = 0; lv < p->nlevels; lv++)
        if (build_table(r, LEVEL_GROUP0 + lv, &tabs[nt])) nt++;
    if (build_totals(r, &tabs[nt])) nt++;
    int only = -1;
    if (level) {
        for (int i = 0; i < nt; i++) if (strcmp(tabs[i].title, level) == 0) only = i;
        if (only < 0) {
            for (int i = 0; i < nt; i++) table_free(&tabs[i]);
            mem_free(tabs);
            return -1;
        }
    }
    char date[11];
    ast_date_format(r->date, date);
    uint32_t used = 0;
    for (int i = 0; i < nt; i++)
        for (int c = 0; c < tabs[i].ncols; c++)
            if (only < 0 || only == i) used |= (uint32_t)tabs[i].note[c];
    for (int i = 0; i < nt; i++)
        if (strcmp(tabs[i].title, "all") == 0 && (only < 0 || only == i))
            for (int k = 0; k < p->noutputs; k++)
                if (p->syms[p->outputs[k]].level == LEVEL_ALL) used |= p->syms[p->outputs[k]].notes;

    if (fmt == VDL_FMT_JSON) {
        fputs("{\n  \"law\": {\"title\": ", out);
        json_str(out, p->law_title ? p->law_title : "");
        fputs(", \"id\": ", out);
        json_str(out, p->law_id ? p->law_id : "");
        fputs(", \"date\": ", out);
        json_str(out, date);
        fputs("},\n  \"data\": [", out);
        for (int i = 0; i < ds->npaths; i++) { if (i) fputs(", ", out); json_str(out, ds->paths[i]); }
        fputs("],\n  \"notes\": [", out);
        for (int k = 0; k < p->nnotes; k++) { if (k) fputs(", ", out); json_str(out, p->notes[k]); }
        fputs("],\n  \"tables\": [\n", out);
        bool first = true;
        for (int i = 0; i < nt; i++) {
            if (only >= 0 && i != only) continue;
            if (!first) fputs(",\n", out);
            first = false;
            write_json_table(p, &tabs[i], out);
        }
        fputs("\n  ]\n}\n", out);
    } else if (fmt == VDL_FMT_CSV) {
        bool first = true;
        for (int i = 0; i < nt; i++) {
            if (only >= 0 && i != only) continue;
            if (!first) fputc('\n', out);
            first = false;
            write_csv(&tabs[i], out);
        }
    } else {
        bool md = fmt == VDL_FMT_MD;
        if (md) fputs("# ", out);
        fputs(p->law_title ? p->law_title : p->file->path, out);
        if (p->law_id) fprintf(out, " (%s)", p->law_id);
        fputc('\n', out);
        if (md) fputc('\n', out);
        fprintf(out, "date %s; data ", date);
        for (int i = 0; i < ds->npaths; i++) fprintf(out, "%s%s", i ? ", " : "", ds->paths[i]);
        fputs(md ? "\n" : "\n", out);
        for (int i = 0; i < nt; i++) {
            if (only >= 0 && i != only) continue;
            fputc('\n', out);
            if (md) fprintf(out, "## %s\n\n", tabs[i].title);
            write_text(p, &tabs[i], out, md);
        }
        if (used) fputc('\n', out);
        for (int k = 0; k < p->nnotes; k++)
            if (used & (1u << k)) fprintf(out, "[%d] %s\n", k + 1, p->notes[k]);
    }
    for (int i = 0; i < nt; i++) table_free(&tabs[i]);
    mem_free(tabs);
    return ferror(out) ? -1 : 0;
}
