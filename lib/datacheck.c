/* datacheck.c: vdl_data_check, the check of a rule file's tables against
 * its dataset declarations.  It reports what a run refuses, all of it
 * rather than a run's first twenty errors, and what a run accepts but is
 * likely a mistake.  Cells are typed by ds_cell_read, as in a run, and a
 * check without errors also loads the data with ds_load itself, so that
 * the two can never disagree about data a run refuses. */
#include "datatool.h"
#include "mem.h"

#include <stdarg.h>
#include <string.h>

/* Problems of one column shown before they are only counted. */
enum { SHOW_PER_COLUMN = 10 };

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
    dt_cell_diag(&C->rep, lv, T->t, T->path, row, col, "%s", msg);
    return true;
}

/* "name" or "name (column "header")", as a run's messages say it. */
static const char *col_label(const prog_sym *s, const char *header, char *buf, size_t cap)
{
    if (strcmp(header, s->name) == 0) snprintf(buf, cap, "%s", s->name);
    else snprintf(buf, cap, "%s (column \"%s\")", s->name, header);
    return buf;
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
        if (!dt_in_force(src, C->date)) continue;
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

/* A cell under a run's typing (ds_cell_read): every refusal is an error,
 * in the words of a run's message; a negative count is a warning. */
static void check_cell(checker *C, ctab *T, const prog_sym *s, size_t row, size_t col)
{
    const csv_table *t = &T->t->csv;
    size_t len = csv_len(t, row, col);
    const char *v = csv_cell(t, row, col);
    num_t n;
    ds_cell_status st = ds_cell_read(&v, &len, s->type, s->integer, &n);
    char name[300], vb[128];
    col_label(s, t->header[col], name, sizeof name);
    switch (st) {
    case DS_CELL_OK:
        break;
    case DS_CELL_MISSING:
        if (s->type != TY_TEXT)
            cell_problem(C, T, DIAG_ERROR, row, col, "%s: missing value%s", name,
                         len ? " ('.' or 'x' marks a missing or secret value in CBS tables)" : "");
        else if (s->group_level >= 0)
            cell_problem(C, T, DIAG_ERROR, row, col, "%s: empty group value", name);
        return;
    case DS_CELL_NOT_BOOL:
        cell_problem(C, T, DIAG_ERROR, row, col, "%s: '%s' is not a bool (true, false, 1 or 0)",
                     name, dt_shown(v, len, vb, sizeof vb));
        return;
    case DS_CELL_NOT_NUMBER:
    case DS_CELL_TOO_LARGE: {
        bool shownp = cell_problem(C, T, DIAG_ERROR, row, col, "%s: '%s' is %s", name, dt_shown(v, len, vb, sizeof vb),
                                   st == DS_CELL_TOO_LARGE ? "too large for exact 64-bit arithmetic" : "not a number");
        if (shownp && st == DS_CELL_NOT_NUMBER && memchr(v, ',', len))
            diag_hint(&C->rep, "write decimals with a '.', without thousands separators (verdeel data convert --decimal-comma)");
        return;
    }
    case DS_CELL_NOT_WHOLE:
        cell_problem(C, T, DIAG_ERROR, row, col, "%s: '%s' is not a whole number", name, dt_shown(v, len, vb, sizeof vb));
        return;
    }
    if (s->type != TY_NUM) return;
    bool unit = false;
    for (int k = 0; k < UNIT_MAX; k++) unit |= s->unit.e[k] != 0;
    if (s->integer && unit && num_sign(n) < 0) {
        char u[64];
        prog_unit_format(C->p, s->unit, u, sizeof u);
        cell_problem(C, T, DIAG_WARNING, row, col, "%s: '%s' is negative, but it counts %s", name,
                     dt_shown(v, len, vb, sizeof vb), u);
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
            size_t len;
            const char *v = dt_cell(t, r, col, &len);
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
            size_t len;
            const char *v = dt_cell(t, r, col, &len);
            size_t *n = len ? smap_get(&count, v, len) : NULL;
            if (!n || *n != 1) continue;
            char vb[128], name[300];
            bool sh = cell_problem(C, T, DIAG_WARNING, r, col, "%s: group value '%s' occurs only once",
                                   col_label(sym, t->header[col], name, sizeof name), dt_shown(v, len, vb, sizeof vb));
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
            size_t len;
            const char *k = dt_cell(t, r, (size_t)T->kc, &len);
            bool added;
            char kl[300];
            key_label(C, T, kl, sizeof kl);
            if (len == 0) cell_problem(C, T, DIAG_ERROR, r, (size_t)T->kc, "%s: empty key", kl);
            else {
                size_t *first = smap_put(&T->keys, k, len, r, &added);
                char vb[128];
                if (!added)
                    cell_problem(C, T, DIAG_ERROR, r, (size_t)T->kc, "%s: duplicate key '%s' (also on line %zu)",
                                 kl, dt_shown(k, len, vb, sizeof vb), (size_t)t->row_line[*first]);
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
            size_t len;
            const char *k = dt_cell(mt, r, (size_t)M->kc, &len);
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
        size_t len;
        const char *k = dt_cell(t, r, (size_t)T->kc, &len);
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
                         "%s: duplicate key '%s' (also on line %zu)%s", kl, dt_shown(k, len, vb, sizeof vb),
                         (size_t)t->row_line[*first], used ? "" : "; a run skips these rows");
            continue;
        }
        if (!used) {
            char *sh = key_shape(k, len);
            bool like = smap_get(&shapes, sh, strlen(sh)) != NULL;
            mem_free(sh);
            if (like)
                cell_problem(C, T, DIAG_WARNING, r, (size_t)T->kc,
                             "%s: '%s' is not a key of the main table (%s); a run skips this row",
                             kl, dt_shown(k, len, vb, sizeof vb), M->path);
            else if (other++ == 0)
                dt_shown(k, len, other_example, sizeof other_example);
            continue;
        }
        T->used[r] = true;
        if (mrow) row_of[*mrow] = r + 1;
        check_row_cells(C, T, r);
    }
    if (compare && T->kc >= 0) {
        size_t missing = 0;
        for (size_t r = 0; r < mt->nrows; r++) {
            size_t len;
            const char *k = dt_cell(mt, r, (size_t)M->kc, &len);
            size_t *first = len ? smap_get(&M->keys, k, len) : NULL;
            if (!first || *first != r || row_of[r]) continue;   /* no key, a duplicate, or it has a row */
            tally(T, DIAG_ERROR);
            char vb[128];
            if (missing++ < SHOW_PER_COLUMN)
                diag_add_at(&C->rep, DIAG_ERROR, T->path, 0, "no row for '%s' (dataset '%s', line %zu of the main table)",
                            dt_shown(k, len, vb, sizeof vb), p->datasets[0].name, (size_t)mt->row_line[r]);
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
    if (!dt_sources_known(p, o->data, o->ndata, &d->list)) return VDL_EUSAGE;
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
        T->path = dt_dataset_path(vp, di, o->data, o->ndata, &text, &tlen);
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
        T->t = dt_table_read(T->path, text, tlen, 0, d, &rs);
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

