/* dataset.c: CSV tables -> typed, sorted, joined columns (see dataset.h). */
#include "dataset.h"
#include "csv.h"
#include "mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DS_MAX_ERRORS 20

static size_t ds_hash(const char *s, size_t len)
{
    size_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* Interned strings live end to end in blocks of at least DS_CHUNK bytes:
 * one allocation per block instead of per string, and neighbours in
 * memory, which a table of a million keys notices. */
#define DS_CHUNK 65536
struct ds_chunk {
    struct ds_chunk *next;
    size_t used, cap;
    char   text[];
};

static char *chunk_strndup(ds_data *d, const char *s, size_t len)
{
    struct ds_chunk *c = d->chunks;
    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > DS_CHUNK ? len + 1 : DS_CHUNK;
        c = mem_realloc(NULL, sizeof *c + cap);
        c->next = d->chunks;
        c->used = 0;
        c->cap = cap;
        d->chunks = c;
    }
    char *t = c->text + c->used;
    memcpy(t, s, len);
    t[len] = '\0';
    c->used += len + 1;
    return t;
}

/* A text under an id of its own, without a hash entry: ds_intern for one
 * that is new, and a text column no rule compares (ids then stand for
 * equal texts only among interned ones).  Ids fit the 32 bits a hash slot
 * keeps of them. */
static int64_t ds_append(ds_data *d, const char *s, size_t len)
{
    if (d->nstrs >= 0xFFFFFFFEu) {
        fprintf(stderr, "verdeel: more than 4294967294 distinct texts\n");
        exit(71);
    }
    MEM_GROW(d->strs, d->capstrs, d->nstrs + 1);
    d->strs[d->nstrs] = chunk_strndup(d, s, len);
    return (int64_t)d->nstrs++;
}

/* The id of s (whose ds_hash is h), or -1 with *slot the empty slot where
 * it would go.  Only a slot whose stored hash matches leads to a string
 * compare. */
static int64_t intern_find(const ds_data *d, const char *s, size_t len, size_t h, size_t *slot)
{
    if (!d->hcap) return -1;
    uint64_t tag = (uint64_t)(h >> 32) << 32;
    size_t i = h & (d->hcap - 1);
    for (;; i = (i + 1) & (d->hcap - 1)) {
        uint64_t v = d->hslots[i];
        if (!v) { if (slot) *slot = i; return -1; }
        if ((v & 0xFFFFFFFF00000000u) != tag) continue;
        const char *t = d->strs[(v & 0xFFFFFFFFu) - 1];
        if (strncmp(t, s, len) == 0 && t[len] == '\0') return (int64_t)(v & 0xFFFFFFFFu) - 1;
    }
}

/* A hash slot's word: the text's hash in the high half, its id + 1 below. */
static uint64_t slot_word(size_t h, size_t id)
{
    return ((uint64_t)(h >> 32) << 32) | ((uint64_t)id + 1);
}

int64_t ds_intern(ds_data *d, const char *s, size_t len)
{
    if ((d->nstrs + 1) * 2 > d->hcap) {
        /* Rehash what the table holds, not every text: a text stored by
         * ds_append may equal an interned one, and must not take over its
         * id.  The entries are distinct: each goes to its first empty slot. */
        size_t ncap = d->hcap ? d->hcap * 2 : 1024;
        uint64_t *old = d->hslots;
        d->hslots = mem_array(ncap, sizeof *d->hslots);
        for (size_t k = 0; k < d->hcap; k++) {
            if (!old[k]) continue;
            const char *t = d->strs[(old[k] & 0xFFFFFFFFu) - 1];
            size_t i = ds_hash(t, strlen(t)) & (ncap - 1);
            while (d->hslots[i]) i = (i + 1) & (ncap - 1);
            d->hslots[i] = old[k];
        }
        mem_free(old);
        d->hcap = ncap;
    }
    size_t h = ds_hash(s, len);
    size_t slot = 0;
    int64_t id = intern_find(d, s, len, h, &slot);
    if (id >= 0) return id;
    id = ds_append(d, s, len);
    d->hslots[slot] = slot_word(h, (size_t)id);
    return id;
}

void ds_free(ds_data *d)
{
    if (!d) return;
    mem_free(d->key);
    for (int i = 0; i < d->ncol; i++) mem_free(d->col[i]);
    mem_free(d->col);
    while (d->chunks) {
        struct ds_chunk *next = d->chunks->next;
        mem_free(d->chunks);
        d->chunks = next;
    }
    mem_free(d->strs);
    mem_free(d->hslots);
    for (int i = 0; i < d->nlevels; i++) {
        mem_free(d->levels[i].of_entity);
        mem_free(d->levels[i].label);
    }
    mem_free(d->levels);
    for (int i = 0; i < d->npaths; i++) mem_free(d->paths[i]);
    mem_free(d->paths);
    mem_free(d);
}

typedef struct {
    const prog_t *p;
    ds_data      *d;
    diag_list    *diags;
    vdl_date      date;
    int           nerr;
    const char   *path;     /* the table being read */
    const char   *text;     /* its bytes when given in memory, else NULL */
    size_t        tlen;
    src_file     *src;      /* its text, read again for showing a bad cell's
                               line (the parse unescapes the first copy in
                               place); NULL until then */
    bool          no_src;   /* reading it again failed */
    char          sep;
    const bool   *loaded;   /* per slot: some instruction loads it */
} loader;

static const src_file *loader_src(loader *L)
{
    if (!L->src && !L->no_src) {
        int e = 0;
        L->src = L->text ? src_from_string(L->path, L->text, L->tlen) : src_read(L->path, &e);
        L->no_src = L->src == NULL;
    }
    return L->src;
}

static bool too_many(loader *L)
{
    if (++L->nerr == DS_MAX_ERRORS)
        diag_add_at(L->diags, DIAG_NOTE, L->path, 0, "stopping after %d errors in this table", DS_MAX_ERRORS);
    return L->nerr >= DS_MAX_ERRORS;
}

#define DERR(line, ...) do { if (L->nerr < DS_MAX_ERRORS) \
    diag_add_at(L->diags, DIAG_ERROR, L->path, (int)(line), __VA_ARGS__); } while (0)

bool ds_field_span(const src_file *f, size_t line, size_t col, char sep, vdl_span *sp)
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

/* A bad cell: the message with the table's line and a caret under the cell. */
static void cell_error(loader *L, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cell_error(loader *L, size_t line, size_t col, const char *fmt, ...)
{
    if (L->nerr >= DS_MAX_ERRORS) return;
    va_list ap;
    va_start(ap, fmt);
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    vdl_span sp;
    const src_file *src = loader_src(L);
    if (src && ds_field_span(src, line, col, L->sep, &sp)) {
        size_t len;
        const char *text = src_line(src, (int)line, &len);
        diag_add_line(L->diags, DIAG_ERROR, L->path, sp, text, len, "%s", msg);
    } else {
        diag_add_at(L->diags, DIAG_ERROR, L->path, (int)line, "%s", msg);
    }
}

static bool read_table(loader *L, csv_table *t)
{
    int e = 0;
    size_t len = L->tlen;
    char *bytes = L->text ? mem_strndup(L->text, L->tlen) : src_read_bytes(L->path, &len, &e);
    if (!bytes) {
        diag_add_at(L->diags, DIAG_ERROR, L->path, 0, "cannot open data file: %s", strerror(e));
        return false;
    }
    csv_error err;
    int rc = csv_parse_owned(bytes, len, 0, t, &err);
    L->sep = t->sep;
    if (rc != 0) {
        const src_file *f = loader_src(L);
        size_t llen = 0;
        const char *ltext = f && err.line ? src_line(f, (int)err.line, &llen) : NULL;
        if (ltext && err.col >= 1 && err.col <= llen + 1) {
            /* the reader counts bytes (after a BOM); the caret counts characters */
            size_t from = (err.line == 1 && llen >= 3 && memcmp(ltext, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
            int col = 1;
            for (size_t i = from; i + 1 < from + err.col && i < llen; i++)
                if (((unsigned char)ltext[i] & 0xC0) != 0x80) col++;
            vdl_span sp = { (int)err.line, col, (int)err.line, col + 1 };
            diag_add_line(L->diags, DIAG_ERROR, L->path, sp, ltext, llen, "%s", err.msg);
        } else {
            diag_add_at(L->diags, DIAG_ERROR, L->path, (int)err.line, "%s", err.msg);
        }
        return false;
    }
    return true;
}

static const char *trim(const char *s, size_t *len)
{
    size_t n = *len;
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    *len = n;
    return s;
}

/* Which header column holds a symbol's data on the run date. */
static long find_column(loader *L, const csv_table *t, const prog_sym *s)
{
    char date[11];
    ast_date_format(L->date, date);
    if (s->nsources == 0) {
        long c = csv_column(t, s->name);
        if (c < 0) {
            DERR(1, "no column '%s' in the header", s->name);
            const char *best = diag_suggest(s->name, (const char *const *)t->header, t->ncols);
            if (best) diag_hint(L->diags, "did you mean '%s'? (map it with: %s ... column \"%s\")", best, s->name, best);
            too_many(L);
        }
        return c;
    }
    for (int i = 0; i < s->nsources; i++) {
        const prog_source *src = &s->sources[i];
        if ((src->from && L->date < src->from) || (src->until && L->date > src->until)) continue;
        for (int k = 0; k < src->nnames; k++) {
            long c = csv_column(t, src->names[k]);
            if (c >= 0) return c;
        }
        DERR(1, "no column \"%s\" (for '%s') in the header", src->names[0], s->name);
        const char *best = diag_suggest(src->names[0], (const char *const *)t->header, t->ncols);
        if (best) diag_hint(L->diags, "did you mean \"%s\"?", best);
        too_many(L);
        return -1;
    }
    diag_add(L->diags, DIAG_ERROR, L->p->file, s->span, "column '%s' has no source in force on %s", s->name, date);
    diag_hint(L->diags, "choose another --date, or give the column a source for this date");
    too_many(L);
    return -1;
}

/* The header name a symbol was read from, when it differs from the name. */
static const char *col_label(const prog_sym *s, const csv_table *t, size_t col, char *buf, size_t cap)
{
    if (strcmp(t->header[col], s->name) == 0) snprintf(buf, cap, "%s", s->name);
    else snprintf(buf, cap, "%s (column \"%s\")", s->name, t->header[col]);
    return buf;
}

/* A cell's value as it may appear in a message: at most 40 bytes, line
 * breaks and tabs written as \n, \r, \t, other control bytes as '?'. */
static const char *show(const char *v, size_t len, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len && i < 40 && o + 3 < cap; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '\n' || c == '\r' || c == '\t') {
            buf[o++] = '\\';
            buf[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
        } else buf[o++] = (char)(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (len > 40 && o + 4 < cap) { memcpy(buf + o, "...", 3); o += 3; }
    buf[o] = '\0';
    return buf;
}

ds_cell_status ds_cell_read(const char **v, size_t *len, vdl_type type, bool integer, num_t *out)
{
    const char *s = *v = trim(*v, len);
    size_t n = *len;
    if (type == TY_TEXT) return n ? DS_CELL_OK : DS_CELL_MISSING;
    if (n == 0 || (n == 1 && (s[0] == '.' || s[0] == 'x'))) return DS_CELL_MISSING;
    if (type == TY_BOOL) {
        if ((n == 4 && memcmp(s, "true", 4) == 0) || (n == 1 && s[0] == '1')) { *out = NUM_ONE; return DS_CELL_OK; }
        if ((n == 5 && memcmp(s, "false", 5) == 0) || (n == 1 && s[0] == '0')) { *out = NUM_ZERO; return DS_CELL_OK; }
        return DS_CELL_NOT_BOOL;
    }
    num_status st = num_parse(s, n, out);
    if (st != NUM_OK) return st == NUM_OVERFLOW ? DS_CELL_TOO_LARGE : DS_CELL_NOT_NUMBER;
    return integer && !num_is_int(*out) ? DS_CELL_NOT_WHOLE : DS_CELL_OK;
}

static bool convert_cell(loader *L, const prog_sym *s, const csv_table *t,
                         size_t row, size_t col, num_t *out)
{
    char vb[128], name[256];
    size_t len = csv_len(t, row, col);
    const char *v = csv_cell(t, row, col);
    size_t line = t->row_line[row];
    ds_cell_status st = ds_cell_read(&v, &len, s->type, s->integer, out);
    /* empty text is a value, except where it would name a group */
    if (s->type == TY_TEXT && (st == DS_CELL_OK || s->group_level < 0)) {
        /* a text no rule reads and no level groups by is only shown: a
         * table's names need not go through the intern hash */
        bool shown_only = !L->loaded[s->slot] && s->group_level < 0;
        *out = num_int(shown_only ? ds_append(L->d, v, len) : ds_intern(L->d, v, len));
        return true;
    }
    switch (st) {
    case DS_CELL_OK:
        return true;
    case DS_CELL_MISSING:
        if (s->type == TY_TEXT)
            cell_error(L, line, col, "%s: empty group value", col_label(s, t, col, name, sizeof name));
        else
            cell_error(L, line, col, "%s: missing value%s", col_label(s, t, col, name, sizeof name),
                       len ? " ('.' or 'x' marks a missing or secret value in CBS tables)" : "");
        break;
    case DS_CELL_NOT_BOOL:
        cell_error(L, line, col, "%s: '%s' is not a bool (true, false, 1 or 0)",
                   col_label(s, t, col, name, sizeof name), show(v, len, vb, sizeof vb));
        break;
    case DS_CELL_NOT_NUMBER:
    case DS_CELL_TOO_LARGE:
        cell_error(L, line, col, "%s: '%s' is %s", col_label(s, t, col, name, sizeof name),
                   show(v, len, vb, sizeof vb),
                   st == DS_CELL_TOO_LARGE ? "too large for exact 64-bit arithmetic" : "not a number");
        if (st == DS_CELL_NOT_NUMBER && memchr(v, ',', len))
            diag_hint(L->diags, "write decimals with a '.', without thousands separators");
        break;
    case DS_CELL_NOT_WHOLE:
        cell_error(L, line, col, "%s: '%s' is not a whole number", col_label(s, t, col, name, sizeof name),
                   show(v, len, vb, sizeof vb));
        break;
    }
    too_many(L);
    return false;
}

/* Sorting by text without a global context (loads may run in parallel):
 * each item carries its string. */
typedef struct { const char *s; int64_t id, row; } ds_sortkey;

static int by_text(const void *a, const void *b)
{
    const ds_sortkey *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

static long key_column(loader *L, const csv_table *t, const prog_dataset *ds)
{
    for (int k = 0; k < ds->nkey_headers; k++) {
        long c = csv_column(t, ds->key_headers[k]);
        if (c >= 0) return c;
    }
    DERR(1, "no key column \"%s\" in the header", ds->key_headers[0]);
    const char *best = diag_suggest(ds->key_headers[0], (const char *const *)t->header, t->ncols);
    if (best) diag_hint(L->diags, "did you mean \"%s\"?", best);
    too_many(L);
    return -1;
}

/* The main table: one entity per row, sorted by key. */
static bool load_main(loader *L, const csv_table *t, size_t **line_of)
{
    const prog_t *p = L->p;
    ds_data *d = L->d;
    long kc = key_column(L, t, &p->datasets[0]);
    long *cols = mem_array((size_t)p->nsyms + 1, sizeof *cols);
    for (int s = 0; s < p->nsyms; s++) {
        bool mine = p->syms[s].kind == SYM_COLUMN && p->syms[s].dataset == 0;
        bool is_key = mine && strcmp(p->syms[s].name, p->datasets[0].key) == 0;
        cols[s] = !mine ? -2 : is_key ? kc : find_column(L, t, &p->syms[s]);
    }
    if (L->nerr) { mem_free(cols); return false; }
    if (t->nrows == 0) {
        DERR(1, "the table has a header but no rows");
        mem_free(cols);
        return false;
    }
    size_t n = t->nrows;
    ds_sortkey *pairs = mem_array(n, sizeof *pairs);
    for (size_t r = 0; r < n; r++) {
        size_t len = csv_len(t, r, (size_t)kc);
        const char *k = trim(csv_cell(t, r, (size_t)kc), &len);
        if (len == 0) { cell_error(L, t->row_line[r], (size_t)kc, "empty key"); too_many(L); }
        pairs[r].id = ds_intern(d, k, len);
        pairs[r].row = (int64_t)r;
    }
    for (size_t r = 0; r < n; r++) pairs[r].s = d->strs[pairs[r].id];
    qsort(pairs, n, sizeof *pairs, by_text);
    d->n = n;
    d->key = mem_array(n, sizeof *d->key);
    *line_of = mem_array(n, sizeof **line_of);
    for (size_t i = 0; i < n; i++) {
        d->key[i] = pairs[i].id;
        (*line_of)[i] = t->row_line[pairs[i].row];
        if (i > 0 && d->key[i] == d->key[i - 1] && d->strs[d->key[i]][0]) {
            cell_error(L, (*line_of)[i], (size_t)kc, "duplicate key '%s' (also on line %zu)",
                       d->strs[d->key[i]], (*line_of)[i - 1]);
            too_many(L);
        }
    }
    /* the sort keys go before the columns come: only the row order stays */
    uint32_t *order = mem_array(n, sizeof *order);
    for (size_t i = 0; i < n; i++) order[i] = (uint32_t)pairs[i].row;
    mem_free(pairs);
    for (int s = 0; s < p->nsyms && L->nerr < DS_MAX_ERRORS; s++) {
        if (cols[s] < 0) continue;
        num_t *col = d->col[s] = mem_array(n, sizeof *col);
        if (cols[s] == kc && p->syms[s].type == TY_TEXT) {
            /* the key column is the keys, interned above */
            for (size_t i = 0; i < n; i++) col[i] = num_int(d->key[i]);
            continue;
        }
        for (size_t i = 0; i < n && L->nerr < DS_MAX_ERRORS; i++) {
            convert_cell(L, &p->syms[s], t, order[i], (size_t)cols[s], &col[i]);
        }
    }
    mem_free(order);
    mem_free(cols);
    return L->nerr == 0;
}

/* A joined table: rows matched to entities by key; rows for keys the main
 * table lacks are skipped (a CBS table mixes municipality, district and
 * neighbourhood rows), but every entity must have its row. */
static bool load_join(loader *L, const csv_table *t, int di, const size_t *line_of)
{
    const prog_t *p = L->p;
    ds_data *d = L->d;
    long kc = key_column(L, t, &p->datasets[di]);
    long *cols = mem_array((size_t)p->nsyms + 1, sizeof *cols);
    for (int s = 0; s < p->nsyms; s++)
        cols[s] = (p->syms[s].kind == SYM_COLUMN && p->syms[s].dataset == di) ? find_column(L, t, &p->syms[s]) : -2;
    if (L->nerr) { mem_free(cols); return false; }
    /* text id -> entity; keys are ascending ids only by string, so map */
    size_t nmap = d->nstrs + 1;
    int32_t *ent_of = mem_array(nmap, sizeof *ent_of);
    for (size_t i = 0; i < nmap; i++) ent_of[i] = -1;
    for (size_t i = 0; i < d->n; i++) ent_of[d->key[i]] = (int32_t)i;
    size_t *row_of = mem_array(d->n, sizeof *row_of);   /* row + 1, 0 = none */
    for (int s = 0; s < p->nsyms; s++)
        if (cols[s] >= 0) d->col[s] = mem_array(d->n, sizeof *d->col[s]);
    for (size_t r = 0; r < t->nrows; r++) {
        size_t len = csv_len(t, r, (size_t)kc);
        const char *k = trim(csv_cell(t, r, (size_t)kc), &len);
        int64_t id = intern_find(d, k, len, ds_hash(k, len), NULL);
        if (id < 0 || (size_t)id >= nmap || ent_of[id] < 0) continue;
        size_t e = (size_t)ent_of[id];
        if (row_of[e]) {
            cell_error(L, t->row_line[r], (size_t)kc, "duplicate key '%s' (also on line %zu)",
                       d->strs[id], (size_t)t->row_line[row_of[e] - 1]);
            if (too_many(L)) break;
            continue;
        }
        row_of[e] = r + 1;
        for (int s = 0; s < p->nsyms; s++) {
            if (cols[s] < 0) continue;
            convert_cell(L, &p->syms[s], t, r, (size_t)cols[s], &d->col[s][e]);
        }
        if (L->nerr >= DS_MAX_ERRORS) break;
    }
    size_t missing = 0;
    for (size_t e = 0; e < d->n && L->nerr < DS_MAX_ERRORS; e++)
        if (!row_of[e]) {
            if (missing++ < 5) {
                DERR(0, "no row for '%s' (dataset '%s', line %zu of the main table)",
                     d->strs[d->key[e]], p->datasets[0].name, line_of[e]);
                too_many(L);
            }
        }
    if (missing > 5)
        diag_add_at(L->diags, DIAG_NOTE, L->path, 0, "%zu keys of the main table have no row in this table", missing);
    mem_free(ent_of);
    mem_free(row_of);
    mem_free(cols);
    return L->nerr == 0;
}


/* Groups of each level, in label order, and each entity's group. */
static void build_levels(loader *L)
{
    const prog_t *p = L->p;
    ds_data *d = L->d;
    d->nlevels = p->nlevels;
    d->levels = mem_array((size_t)p->nlevels + 1, sizeof *d->levels);
    int32_t *group_of = mem_array(d->nstrs + 1, sizeof *group_of);
    for (int lv = 0; lv < p->nlevels; lv++) {
        const num_t *col = d->col[p->levels[lv].column_sym];
        ds_level *g = &d->levels[lv];
        for (size_t i = 0; i < d->nstrs + 1; i++) group_of[i] = -1;
        int64_t *labels = NULL;
        size_t cap = 0;
        for (size_t e = 0; e < d->n; e++) {
            int64_t id = col[e].n;
            if (group_of[id] < 0) {
                group_of[id] = 0;
                MEM_GROW(labels, cap, g->ngroups + 1);
                labels[g->ngroups++] = id;
            }
        }
        ds_sortkey *sk = mem_array(g->ngroups + 1, sizeof *sk);
        for (size_t k = 0; k < g->ngroups; k++) sk[k] = (ds_sortkey){ d->strs[labels[k]], labels[k], 0 };
        qsort(sk, g->ngroups, sizeof *sk, by_text);
        for (size_t k = 0; k < g->ngroups; k++) labels[k] = sk[k].id;
        mem_free(sk);
        for (size_t k = 0; k < g->ngroups; k++) group_of[labels[k]] = (int32_t)k;
        g->label = labels;
        g->of_entity = mem_array(d->n, sizeof *g->of_entity);
        for (size_t e = 0; e < d->n; e++) g->of_entity[e] = (uint32_t)group_of[col[e].n];
    }
    mem_free(group_of);
}

ds_data *ds_load(const prog_t *p, const char *base_dir, vdl_date date,
                 const ds_source *over, int nover, diag_list *diags)
{
    ds_data *d = mem_alloc(sizeof *d);
    bool *loaded = mem_array((size_t)p->nslots + 1, sizeof *loaded);
    for (size_t pc = 0; pc < p->ncode; pc = prog_next(p, pc))
        if (p->code[pc] == OP_LOAD) loaded[p->code[pc + 1]] = true;
    loader L = { .p = p, .d = d, .diags = diags, .date = date, .loaded = loaded };
    d->ncol = p->nsyms;
    d->col = mem_array((size_t)p->nsyms + 1, sizeof *d->col);
    for (int i = 0; i < p->nstrings; i++) ds_intern(d, p->strings[i], strlen(p->strings[i]));
    d->paths = mem_array((size_t)p->ndatasets + 1, sizeof *d->paths);
    size_t *line_of = NULL;
    bool ok = true;
    for (int di = 0; di < p->ndatasets && ok; di++) {
        const prog_dataset *ds = &p->datasets[di];
        const char *path = NULL, *text = NULL;
        size_t tlen = 0;
        for (int i = 0; i < nover; i++)
            if ((!over[i].dataset && di == 0) || (over[i].dataset && strcmp(over[i].dataset, ds->name) == 0)) {
                path = over[i].path ? over[i].path : "(memory)";
                text = over[i].text;
                tlen = over[i].len;
            }
        char *full = path ? mem_strdup(path) : ds->path ? src_resolve(base_dir, ds->path) : NULL;
        if (!full) {
            diag_add(diags, DIAG_ERROR, p->file, ds->span, "dataset '%s' names no file", ds->name);
            diag_hint(diags, "give one with --data %s=FILE, or declare `dataset %s from \"FILE\"`", ds->name, ds->name);
            ok = false;
            break;
        }
        d->paths[d->npaths++] = full;
        L.path = full;
        L.text = text;
        L.tlen = tlen;
        L.nerr = 0;
        csv_table t;
        memset(&t, 0, sizeof t);
        ok = read_table(&L, &t) && (di == 0 ? load_main(&L, &t, &line_of) : load_join(&L, &t, di, line_of));
        csv_free(&t);
        src_free(L.src);
        L.src = NULL;
        L.no_src = false;
        if (!ok) break;
    }
    if (ok) build_levels(&L);
    mem_free(line_of);
    mem_free(loaded);
    if (!ok) { ds_free(d); return NULL; }
    return d;
}
