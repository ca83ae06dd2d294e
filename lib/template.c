/* template.c: vdl_data_template, the empty table of a joined dataset to
 * fill in: one row per key of the main table, and the headers a run looks
 * for on the date, so that a filled-in template loads as it is. */
#include "datatool.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

/* The header a run on `date` looks for first; NULL when no source is in
 * force. */
static const char *header_on(const prog_sym *s, vdl_date date)
{
    if (s->nsources == 0) return s->name;
    for (int i = 0; i < s->nsources; i++)
        if (dt_in_force(&s->sources[i], date)) return s->sources[i].names[0];
    return NULL;
}

typedef struct { const char *key; size_t len, row; } key_row;

/* Byte order, as a run sorts its entities, so that the rows stand in the
 * order a run's results list them. */
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
    if (!dt_sources_known(p, o->data, o->ndata, l)) return NULL;

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
    char *path = dt_dataset_path(vp, 0, o->data, o->ndata, &text, &tlen);
    if (!path) {
        diag_add(l, DIAG_ERROR, p->file, p->datasets[0].span, "dataset '%s' names no file", p->datasets[0].name);
        diag_hint(l, "give one with --data FILE");
        mem_free(with_sym);
        mem_free(cols);
        *st = VDL_EDATA;
        return NULL;
    }
    vdl_status rs;
    vdl_table *mt = dt_table_read(path, text, tlen, 0, d, &rs);
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
        size_t len;
        const char *k = dt_cell(m, r, (size_t)kc, &len);
        keys[r] = (key_row){ k, len, r };
        if (!len) {
            dt_cell_diag(l, DIAG_ERROR, mt, path, r, (size_t)kc, "empty key");
            keys_ok = false;
        }
    }
    qsort(keys, m->nrows, sizeof *keys, by_key);
    for (size_t i = 1; i < m->nrows; i++)
        if (keys[i].len && by_key(&keys[i - 1], &keys[i]) == 0) {
            char vb[128];
            size_t a = keys[i - 1].row, b = keys[i].row;
            if (a > b) { size_t x = a; a = b; b = x; }
            dt_cell_diag(l, DIAG_ERROR, mt, path, b, (size_t)kc, "duplicate key '%s' (also on line %zu)",
                      dt_shown(keys[i].key, keys[i].len, vb, sizeof vb), (size_t)m->row_line[a]);
            keys_ok = false;
        }
    if (!keys_ok) goto done;

    /* the table: header names must be distinct to be read back */
    size_t w = 1 + (size_t)o->nwith + (size_t)ncols;
    dt_builder b;
    dt_build_init(&b, w);
    size_t k = 0;
    b.head[k++] = mem_strdup(di == 0 ? main_key_header : ds->key_headers[0]);
    for (int i = 0; i < o->nwith; i++) b.head[k++] = mem_strdup(m->header[with_col[i]]);
    for (int i = 0; i < ncols; i++) b.head[k++] = mem_strdup(header_on(&p->syms[cols[i]], date));
    for (size_t i = 0; i < w; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(b.head[i], b.head[j]) == 0) {
                diag_add_at(l, DIAG_ERROR, NULL, 0, "the template would have two columns \"%s\"", b.head[i]);
                diag_hint(l, "leave it out of --with");
                dt_build_free(&b);
                *st = VDL_EUSAGE;
                goto done;
            }
    for (size_t i = 0; i < m->nrows; i++) {
        dt_build_row(&b, 0);
        dt_build_cell(&b, keys[i].key, keys[i].len);
        for (int j = 0; j < o->nwith; j++) {
            size_t len;
            const char *v = dt_cell(m, keys[i].row, (size_t)with_col[j], &len);
            dt_build_cell(&b, v, len);
        }
        for (int j = 0; j < ncols; j++) dt_build_cell(&b, "", 0);
    }
    out = dt_build_finish(&b);
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

