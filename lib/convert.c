/* convert.c: vdl_table_convert, the conversion of CBS StatLine and Dutch
 * spreadsheet exports to the plain CSV a run reads: the rows of one kind of
 * region, the columns asked for, and numbers rewritten as plain decimals
 * only where the options say how, never by a guess. */
#include "datatool.h"
#include "mem.h"

#include <stdarg.h>
#include <string.h>

/* Bad cells shown before they are only counted. */
enum { SHOW_MAX = 20 };

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
    dt_cell_diag(cv->l, DIAG_ERROR, cv->in, cv->path, row, col, "column \"%s\": %s", cv->in->csv.header[col], msg);
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
    const char *sv = dt_shown(v, len, vb, sizeof vb);
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

/* The region-code column for `prefix`: the given one, or the only column
 * whose values all look like region codes and one of which has the prefix. */
static long code_column(const vdl_table *in, const char *given, const char *prefix, diag_list *l)
{
    if (given) {
        long c = csv_column(&in->csv, given);
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
            size_t len;
            const char *v = dt_cell(&in->csv, r, c, &len);
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
        src_col[k] = csv_column(&in->csv, want);
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
        size_t len;
        const char *v = dt_cell(c, r, (size_t)cc, &len);
        keep[r] = len >= plen && memcmp(v, prefix, plen) == 0;
    }

    /* a column's first decimal-comma number, for the ambiguity of a '.' */
    size_t *comma_line = mem_array(nout + 1, sizeof *comma_line);
    for (size_t k = 0; k < nout; k++)
        for (size_t r = 0; r < c->nrows && !comma_line[k]; r++) {
            if (!keep[r]) continue;
            size_t len;
            const char *v = dt_cell(c, r, (size_t)src_col[k], &len);
            /* the last separator a ',': 1,5 and 1.234,5 (not 1,234.5) */
            const char *last = NULL;
            for (size_t i = 0; i < len; i++)
                if (v[i] == ',' || v[i] == '.') last = v + i;
            if (number_like(v, len) && last && *last == ',')
                comma_line[k] = c->row_line ? c->row_line[r] : 1;
        }

    dt_builder b;
    dt_build_init(&b, nout);
    for (size_t k = 0; k < nout; k++) b.head[k] = mem_strdup(names[k]);
    conv cv = { in, path, l, 0, { 0 }, 0 };
    char *num = NULL;
    size_t numcap = 0;
    for (size_t r = 0; r < c->nrows; r++) {
        if (!keep[r]) continue;
        dt_build_row(&b, c->row_line ? c->row_line[r] : 0);
        for (size_t k = 0; k < nout; k++) {
            size_t col = (size_t)src_col[k];
            size_t len = csv_len(c, r, col);
            const char *v = csv_cell(c, r, col);
            num_t n;
            /* what a run reads as missing in a number column, in any column:
             * a converted table is plain, without CBS's markers */
            if (ds_cell_read(&v, &len, TY_NUM, false, &n) == DS_CELL_MISSING) { dt_build_cell(&b, "", 0); continue; }
            if (!number_like(v, len)) { dt_build_cell(&b, v, len); continue; }
            MEM_GROW(num, numcap, len + 1);
            size_t olen = 0;
            if (plain_number(&cv, r, col, v, len, dec, thou, comma_line[k], num, &olen)) dt_build_cell(&b, num, olen);
            else dt_build_cell(&b, "", 0);
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
        dt_build_free(&b);
        *st = VDL_EDATA;
        return NULL;
    }
    *st = VDL_OK;
    return dt_build_finish(&b);
}

