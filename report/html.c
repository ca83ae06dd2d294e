/* html.c: the report page (verdeel report, verdeel_report.h): one
 * self-contained HTML file with the law, the date and the data; a
 * choropleth map of one output per entity; a bar chart per group; the
 * criteria's findings; with a second run, a diverging map of the
 * difference and the largest movers; every result table; the notes; the
 * citations, linked to wetten.overheid.nl.
 *
 * Everything is chosen before anything is written (the map output, the
 * population column, the chart's level and values, the areas' keys), so an
 * error leaves no half page.  Values are exact (num_t): a rate per 1,000
 * inhabitants, a class break, a bar's length in tenths of a pixel are
 * computed exactly and rounded once; only the map's geometry (svg.c) uses
 * floating point.  The page has no date or time of its own: the same
 * inputs give the same bytes. */
#include "internal.h"
#include "findings.h"
#include "geojson.h"
#include "svg.h"
#include "table.h"
#include "mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAP_W      560
#define MAP_H      660
#define MAP_MARGIN 8
#define MAP_TOL    0.3          /* Douglas-Peucker tolerance, pixels */
#define BAR_W      300          /* the longest bar, pixels */

/* ------------------------------------------------------------ boundaries */

vdl_boundaries *vdl_boundaries_parse(const char *name, const char *text, size_t len,
                                     vdl_diags *d, vdl_status *st)
{
    vdl_boundaries *b = mem_alloc(sizeof *b);
    if (geo_parse(name, text, len, &b->set, &d->list) != 0) {
        mem_free(b);
        *st = VDL_EDATA;
        return NULL;
    }
    *st = VDL_OK;
    return b;
}

vdl_boundaries *vdl_boundaries_read(const char *path, vdl_diags *d, vdl_status *st)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add_at(&d->list, DIAG_ERROR, path, 0, "cannot read boundaries: %s", strerror(errno));
        diag_hint(&d->list, "give the map's GeoJSON file with --boundaries FILE");
        *st = VDL_EIO;
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *text = mem_alloc(cap);
    while ((got = fread(text + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) text = mem_realloc(text, cap *= 2);
    }
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (err) {
        mem_free(text);
        diag_add_at(&d->list, DIAG_ERROR, path, 0, "cannot read boundaries: %s", strerror(err));
        *st = VDL_EIO;
        return NULL;
    }
    vdl_boundaries *b = vdl_boundaries_parse(path, text, n, d, st);
    mem_free(text);
    return b;
}

void vdl_boundaries_free(vdl_boundaries *b)
{
    if (!b) return;
    geo_free(&b->set);
    mem_free(b);
}

size_t vdl_boundaries_count(const vdl_boundaries *b) { return b->set.n; }

char *vdl_report_default_boundaries(const vdl_result *r)
{
    const ds_data *ds = r->data->ds;
    const char *main = ds->npaths ? ds->paths[0] : "";
    const char *slash = strrchr(main, '/');
    if (!slash) return mem_strdup("gemeenten-2025.geojson");
    return diag_fmt("%.*s/gemeenten-2025.geojson", (int)(slash - main), main);
}

/* --------------------------------------------------------------- the plan */

typedef struct {
    const vdl_result *r;
    const prog_t     *p;
    const ds_data    *ds;
    const geo_set    *geo;
    const vdl_report_options *o;
    /* areas: per feature, its key, its name and its entity row (-1: none) */
    const char **fkey, **fname;
    long        *frow;
    size_t       unmatched;     /* entities without an area */
    /* the map: per entity, the value shown (has: it could be computed) */
    int          out_sym, pop_sym;
    bool         per_1000;
    num_t       *val;
    bool        *has;
    char         unit[96];      /* the value's unit as shown */
    /* the chart */
    int          level, grp_sym, real_sym;
    /* the comparison: per entity of r, the other run's value and rate */
    const vdl_result *b;
    int          b_sym;
    num_t       *bval, *brate;
    bool        *bhas, *bfound;
    const char **ename;         /* per entity: its name (an area's, or a name column's), or NULL */
} rpt;

static int is_unit(const prog_t *p, vdl_unit u, const char *name)
{
    bool found = false;
    for (int i = 0; i < p->nunits && i < UNIT_MAX; i++) {
        int want = strcmp(p->units[i], name) == 0;
        found |= want;
        if (u.e[i] != want) return false;
    }
    return found;
}

static bool has_unit(vdl_unit u)
{
    for (int i = 0; i < UNIT_MAX; i++) if (u.e[i]) return true;
    return false;
}

static bool is_output(const prog_t *p, int s)
{
    for (int i = 0; i < p->noutputs; i++) if (p->outputs[i] == s) return true;
    return false;
}

/* The first rule at `level` in places that is output (declaration order),
 * else the first numeric output at `level`; -1 if none. */
static int first_places(const prog_t *p, int level)
{
    for (int s = 0; s < p->nsyms; s++) {
        const prog_sym *y = &p->syms[s];
        if (y->kind == SYM_RULE && y->level == level && y->type == TY_NUM && is_unit(p, y->unit, "places") && is_output(p, s))
            return s;
    }
    for (int i = 0; i < p->noutputs; i++) {
        const prog_sym *y = &p->syms[p->outputs[i]];
        if (y->level == level && y->type == TY_NUM) return p->outputs[i];
    }
    return -1;
}

static bool contains_ci(const char *s, const char *part)
{
    size_t n = strlen(part);
    for (; *s; s++) {
        size_t k = 0;
        while (k < n && s[k] && (s[k] | 0x20) == (part[k] | 0x20)) k++;
        if (k == n) return true;
    }
    return false;
}

/* A usage error about an output name, with the names that would do. */
static void bad_output(const prog_t *p, diag_list *l, const char *what, const char *name, const char *why)
{
    diag_add_at(l, DIAG_ERROR, NULL, 0, "%s %s: %s", what, name, why);
    const char **c = mem_array((size_t)p->nsyms + 1, sizeof *c);
    size_t n = 0;
    char list[400] = "";
    for (int s = 0; s < p->nsyms; s++)
        if (p->syms[s].level == LEVEL_ENTITY && p->syms[s].type == TY_NUM) {
            c[n++] = p->syms[s].name;
            if (is_output(p, s) && strlen(list) + strlen(p->syms[s].name) + 3 < sizeof list)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? ", " : "", p->syms[s].name);
        }
    const char *near = diag_suggest(name, c, n);
    if (near) diag_hint(l, "did you mean '%s'?", near);
    else if (*list) diag_hint(l, "numbers per %s that the rule file outputs: %s", p->datasets[0].name, list);
    mem_free(c);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(**(const char *const *const *)a, **(const char *const *const *)b);
}

/* The rows of a table sorted by key, for binary search (no global state:
 * a report may be written on several threads). */
typedef struct { const char *key; size_t row; } keyed;

static int cmp_keyed(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

static keyed *rows_by_key(const ds_data *ds)
{
    keyed *v = mem_array(ds->n + 1, sizeof *v);
    for (size_t i = 0; i < ds->n; i++) v[i] = (keyed){ ds->strs[ds->key[i]], i };
    qsort(v, ds->n, sizeof *v, cmp_keyed);
    return v;
}

static long row_of(const ds_data *ds, const keyed *by_key, const char *key)
{
    size_t lo = 0, hi = ds->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(by_key[mid].key, key);
        if (c == 0) return (long)by_key[mid].row;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return -1;
}

/* Each area's key, name and entity. */
static vdl_status match_areas(rpt *R, diag_list *l)
{
    const geo_set *g = R->geo;
    const char *keyname = R->p->ndatasets ? R->p->datasets[0].key : "id";
    R->fkey = mem_array(g->n + 1, sizeof *R->fkey);
    R->fname = mem_array(g->n + 1, sizeof *R->fname);
    R->frow = mem_array(g->n + 1, sizeof *R->frow);
    static const char *const names[] = { "name", "naam", "statnaam", "gemeentenaam" };
    for (size_t i = 0; i < g->n; i++) {
        const geo_feature *f = &g->f[i];
        R->fkey[i] = geo_prop(f, keyname) ? geo_prop(f, keyname) : f->id;
        if (!R->fkey[i]) {
            diag_add_at(l, DIAG_ERROR, g->path, f->line, "this area has no property \"%s\" and no \"id\"", keyname);
            diag_hint(l, "the areas are matched to the rows of %s by its key column %s", R->p->datasets[0].name, keyname);
            return VDL_EDATA;
        }
        R->fname[i] = NULL;
        for (int k = 0; k < 4 && !R->fname[i]; k++) R->fname[i] = geo_prop(f, names[k]);
    }
    const char ***sorted = mem_array(g->n + 1, sizeof *sorted);
    for (size_t i = 0; i < g->n; i++) sorted[i] = &R->fkey[i];
    qsort(sorted, g->n, sizeof *sorted, cmp_str);
    for (size_t i = 1; i < g->n; i++)
        if (strcmp(*sorted[i - 1], *sorted[i]) == 0) {
            size_t a = (size_t)(sorted[i - 1] - R->fkey), b = (size_t)(sorted[i] - R->fkey);
            if (a > b) { size_t t = a; a = b; b = t; }
            diag_add_at(l, DIAG_ERROR, g->path, g->f[b].line, "a second area with key %s (the first is on line %d)",
                        *sorted[i], g->f[a].line);
            mem_free(sorted);
            return VDL_EDATA;
        }
    mem_free(sorted);
    keyed *by_key = rows_by_key(R->ds);
    bool *seen = mem_array(R->ds->n + 1, sizeof *seen);
    for (size_t i = 0; i < g->n; i++) {
        R->frow[i] = row_of(R->ds, by_key, R->fkey[i]);
        if (R->frow[i] >= 0) seen[R->frow[i]] = true;
    }
    for (size_t i = 0; i < R->ds->n; i++) R->unmatched += !seen[i];
    mem_free(seen);
    mem_free(by_key);
    return VDL_OK;
}

/* value * 1000 / population, exactly; false when it cannot be computed. */
static bool rate(num_t v, num_t pop, num_t *out)
{
    num_t t;
    if (num_sign(pop) <= 0) return false;
    return num_mul(v, num_int(1000), &t) == NUM_OK && num_div(t, pop, out) == NUM_OK;
}

static vdl_status plan(rpt *R, diag_list *l)
{
    const prog_t *p = R->p;
    const vdl_report_options *o = R->o;
    if (!p->ndatasets) {
        diag_add_at(l, DIAG_ERROR, p->file->path, 0, "the rule file has no dataset: there is nothing to map");
        return VDL_EUSAGE;
    }
    /* the map's value */
    if (o->map_output) {
        R->out_sym = prog_find(p, o->map_output);
        const prog_sym *y = R->out_sym >= 0 ? &p->syms[R->out_sym] : NULL;
        if (!y) {
            bad_output(p, l, "--map-output", o->map_output, "the rule file has no such value");
            return VDL_EUSAGE;
        }
        if (y->level != LEVEL_ENTITY || y->type != TY_NUM) {
            char why[200];
            if (y->level != LEVEL_ENTITY)
                snprintf(why, sizeof why, "it is %s %s, and the map shows one value per %s",
                         y->level == LEVEL_ALL ? "one value for" : "a value per", prog_level_name(p, y->level),
                         p->datasets[0].name);
            else
                snprintf(why, sizeof why, "it is %s, not a number", y->type == TY_BOOL ? "true or false" : "text");
            bad_output(p, l, "--map-output", o->map_output, why);
            return VDL_EUSAGE;
        }
    } else {
        R->out_sym = first_places(p, LEVEL_ENTITY);
        if (R->out_sym < 0) {
            diag_add_at(l, DIAG_ERROR, p->file->path, 0, "the rule file outputs no number per %s to map",
                        p->datasets[0].name);
            diag_hint(l, "name one with --map-output NAME");
            return VDL_EUSAGE;
        }
    }
    const prog_sym *out = &p->syms[R->out_sym];
    R->pop_sym = -1;
    for (int s = 0; s < p->nsyms && R->pop_sym < 0; s++) {
        const prog_sym *y = &p->syms[s];
        if (y->kind == SYM_COLUMN && y->level == LEVEL_ENTITY && y->type == TY_NUM && is_unit(p, y->unit, "persons"))
            R->pop_sym = s;
    }
    R->per_1000 = R->pop_sym >= 0 && R->pop_sym != R->out_sym && has_unit(out->unit);
    char u[48];
    prog_unit_format(p, out->unit, u, sizeof u);
    snprintf(R->unit, sizeof R->unit, "%s%s", u, R->per_1000 ? " per 1,000 inhabitants" : "");
    size_t n = R->ds->n;
    R->val = mem_array(n + 1, sizeof *R->val);
    R->has = mem_array(n + 1, sizeof *R->has);
    for (size_t i = 0; i < n; i++) {
        num_t v = R->r->vm.slot[out->slot][i];
        R->has[i] = R->per_1000 ? rate(v, R->r->vm.slot[p->syms[R->pop_sym].slot][i], &R->val[i]) : true;
        if (!R->per_1000) R->val[i] = v;
    }
    /* the chart */
    R->level = R->grp_sym = R->real_sym = -1;
    if (o->group) {
        R->level = prog_level_find(p, o->group);
        if (R->level < 0) {
            diag_add_at(l, DIAG_ERROR, NULL, 0, "--group %s: the rule file has no such group level", o->group);
            char list[300] = "";
            for (int i = 0; i < p->nlevels; i++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", p->levels[i].name);
            if (*list) diag_hint(l, "its group levels: %s", list);
            return VDL_EUSAGE;
        }
    } else {
        for (int i = 0; i < p->nlevels && R->level < 0; i++)
            if (contains_ci(p->levels[i].name, "provinc")) R->level = LEVEL_GROUP0 + i;
        if (R->level < 0 && p->nlevels) R->level = LEVEL_GROUP0;
    }
    if (R->level >= 0) {
        R->grp_sym = first_places(p, R->level);
        for (int s = 0; s < p->nsyms && R->real_sym < 0; s++) {
            const prog_sym *y = &p->syms[s];
            if (y->kind == SYM_COLUMN && y->level == LEVEL_ENTITY && y->type == TY_NUM &&
                is_unit(p, y->unit, "places") && contains_ci(y->name, "realis"))
                R->real_sym = s;
        }
    }
    vdl_status st = match_areas(R, l);
    if (st != VDL_OK) return st;
    /* the entities' names: their areas', else a text column called so */
    R->ename = mem_array(n + 1, sizeof *R->ename);
    for (size_t i = 0; i < R->geo->n; i++)
        if (R->frow[i] >= 0) R->ename[R->frow[i]] = R->fname[i];
    for (int s = 0; s < p->nsyms; s++) {
        const prog_sym *y = &p->syms[s];
        if (y->kind != SYM_COLUMN || y->level != LEVEL_ENTITY || y->type != TY_TEXT ||
            (strcmp(y->name, "naam") != 0 && strcmp(y->name, "name") != 0))
            continue;
        for (size_t i = 0; i < n; i++)
            if (!R->ename[i]) R->ename[i] = R->ds->strs[R->r->vm.slot[y->slot][i].n];
        break;
    }
    /* the comparison */
    if (R->b) {
        const prog_t *q = R->b->prog->prog;
        const char *name = out->name;
        for (int i = 0; i < o->nmap; i++)
            if (strcmp(o->map[i].a, out->name) == 0) name = o->map[i].b;
        R->b_sym = prog_find(q, name);
        const prog_sym *y = R->b_sym >= 0 ? &q->syms[R->b_sym] : NULL;
        if (!y || y->level != LEVEL_ENTITY || y->type != TY_NUM) {
            diag_add_at(l, DIAG_ERROR, NULL, 0, "--compare: %s has no number '%s' per %s to compare with the map's",
                        q->file->path, name, q->ndatasets ? q->datasets[0].name : "entity");
            diag_hint(l, "give its name there with --map %s=NAME (NAME: the output in %s)", out->name, q->file->path);
            return VDL_EUSAGE;
        }
        const ds_data *bd = R->b->data->ds;
        keyed *by_key = rows_by_key(bd);
        R->bval = mem_array(n + 1, sizeof *R->bval);
        R->brate = mem_array(n + 1, sizeof *R->brate);
        R->bhas = mem_array(n + 1, sizeof *R->bhas);
        R->bfound = mem_array(n + 1, sizeof *R->bfound);
        for (size_t i = 0; i < n; i++) {
            long row = row_of(bd, by_key, R->ds->strs[R->ds->key[i]]);
            if (row < 0) continue;
            R->bfound[i] = true;
            R->bval[i] = R->b->vm.slot[y->slot][row];
            if (!R->has[i]) continue;
            /* the rate with r's population, so that only the law differs */
            if (R->per_1000) R->bhas[i] = rate(R->bval[i], R->r->vm.slot[p->syms[R->pop_sym].slot][i], &R->brate[i]);
            else { R->bhas[i] = true; R->brate[i] = R->bval[i]; }
        }
        mem_free(by_key);
    }
    return VDL_OK;
}

static void plan_free(rpt *R)
{
    mem_free(R->fkey);
    mem_free(R->fname);
    mem_free(R->frow);
    mem_free(R->val);
    mem_free(R->has);
    mem_free(R->bval);
    mem_free(R->brate);
    mem_free(R->bhas);
    mem_free(R->bfound);
    mem_free(R->ename);
}

/* ---------------------------------------------------------------- writing */

static void esc(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

static void esc_n(FILE *out, const char *s, size_t n)
{
    char *t = mem_strndup(s, n);
    esc(out, t);
    mem_free(t);
}

/* "96000" -> "96,000"; "-1234.5" -> "-1,234.5". */
static void grouped(const char *s, char *buf, size_t cap)
{
    size_t n = 0, digits = strspn(s + (*s == '-'), "0123456789"), lead = *s == '-';
    for (size_t i = 0; s[i] && n + 2 < cap; i++) {
        buf[n++] = s[i];
        size_t pos = i + 1 - lead;          /* digits of the integer part written */
        if (i >= lead && pos < digits && (digits - pos) % 3 == 0) buf[n++] = ',';
    }
    buf[n] = '\0';
}

static void put_num(FILE *out, num_t v, int decimals)
{
    char a[96], b[128];
    svg_fixed(v, decimals, a, sizeof a);
    grouped(a, b, sizeof b);
    fputs(b, out);
}

/* v as the tables show it (exact, or rounded to 6 decimals), grouped. */
static void put_exact(FILE *out, num_t v)
{
    char a[96], b[128];
    num_format(v, 6, a, sizeof a);
    grouped(a, b, sizeof b);
    fputs(b, out);
}

static void put_tenths(FILE *out, int64_t t)
{
    if (t < 0) { fputc('-', out); t = -t; }
    fprintf(out, "%lld", (long long)(t / 10));
    if (t % 10) fprintf(out, ".%lld", (long long)(t % 10));
}

/* A citation, with what it names on wetten.overheid.nl (the law's own
 * articles when the law has a BWBR id: "Wet art. 5 lid 1", and a later
 * "art. 13" in the same citation) or in the official publications
 * ("Stb. 2024, 13", "Stcrt. 2024, 3320") linked. */
static void cite_html(FILE *out, const prog_t *p, const char *c)
{
    const char *law = p->law_id && strncmp(p->law_id, "BWBR", 4) == 0 ? p->law_id : NULL;
    bool in_law = false;
    const char *s = c;
    while (*s) {
        bool word_start = s == c || s[-1] == ' ' || s[-1] == '[' || s[-1] == '(' || s[-1] == ';' || s[-1] == ',';
        size_t n = 0;
        if (word_start && strncmp(s, "BWBR", 4) == 0 && (n = strspn(s + 4, "0123456789")) >= 5) {
            fputs("<a href=\"https://wetten.overheid.nl/", out);
            esc_n(out, s, 4 + n);
            fputs("/\">", out);
            esc_n(out, s, 4 + n);
            fputs("</a>", out);
            s += 4 + n;
            continue;
        }
        if (word_start && (strncmp(s, "Stb. ", 5) == 0 || strncmp(s, "Stcrt. ", 7) == 0)) {
            bool stb = s[3] == '.';
            const char *y = s + (stb ? 5 : 7);
            size_t ny = strspn(y, "0123456789");
            if (ny == 4 && y[4] == ',' && y[5] == ' ') {
                size_t nn = strspn(y + 6, "0123456789");
                if (nn) {
                    fprintf(out, "<a href=\"https://zoek.officielebekendmakingen.nl/%s-%.4s-%.*s.html\">",
                            stb ? "stb" : "stcrt", y, (int)nn, y + 6);
                    esc_n(out, s, (size_t)(y + 6 + nn - s));
                    fputs("</a>", out);
                    s = y + 6 + nn;
                    continue;
                }
            }
        }
        if (word_start && *s >= 'A' && *s <= 'Z') {
            /* a name: "Wet" starts the law's articles, any other word ends them */
            size_t w = strcspn(s, " ,;[]()");
            if (w == 3 && strncmp(s, "Wet", 3) == 0) in_law = true;
            else if (w > 1) in_law = false;
        }
        size_t pre = strncmp(s, "Wet art. ", 9) == 0 ? 4 : 0;
        if (word_start && in_law && law && strncmp(s + pre, "art. ", 5) == 0 &&
            (n = strspn(s + pre + 5, "0123456789")) > 0) {
            const char *a = s + pre;
            size_t art = 5 + n;
            while (a[art] && strchr("0123456789.:abcdefghijklmnopqrstuvwxyz", a[art])) art++;
            while (art > 5 && a[art - 1] == '.') art--;
            size_t end = art, lid = 0, nlid = 0;
            if (strncmp(a + art, " lid ", 5) == 0 && (nlid = strspn(a + art + 5, "0123456789")) > 0) {
                lid = art + 5;
                end = lid + nlid;
            }
            fprintf(out, "<a href=\"https://wetten.overheid.nl/jci1.3:c:%s&amp;artikel=", law);
            esc_n(out, a + 5, art - 5);
            if (lid) { fputs("&amp;lid=", out); esc_n(out, a + lid, nlid); }
            fputs("\">", out);
            esc_n(out, s, pre + end);
            fputs("</a>", out);
            s += pre + end;
            continue;
        }
        esc_n(out, s, 1);
        s++;
    }
}

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
    "color:#1a1a1a;background:#fff;margin:0 auto;max-width:1160px;padding:20px 24px}\n"
    "h1{font-size:24px;line-height:1.25;margin:0 0 6px}\n"
    "h2{font-size:18px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid #d9d9d9}\n"
    "h3{font-size:15px;margin:16px 0 6px}\n"
    ".meta{color:#4d4d4d;margin:2px 0}\n"
    ".row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}\n"
    ".row>div,.row>section{min-width:0}\n"
    "#map{flex:0 1 auto}#groups{flex:1 1 380px}\n"
    "figure{margin:0}\n"
    "figcaption,.caption{color:#4d4d4d;font-size:13px;max-width:560px;margin-top:6px}\n"
    "svg{max-width:100%;height:auto}\n"
    "svg text{font-family:inherit}\n"
    "table{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums}\n"
    "caption{text-align:left;font-weight:600;padding:4px 0}\n"
    "th,td{padding:2px 8px;border-bottom:1px solid #ececec;text-align:left;white-space:nowrap}\n"
    "td.wrap{white-space:normal;min-width:16em}\n"
    ".num{text-align:right}\n"
    "thead th{position:sticky;top:0;background:#f4f4f4}\n"
    "table.sortable thead th{cursor:pointer}\n"
    "tfoot th,tfoot td{border-top:2px solid #8c8c8c;font-weight:600}\n"
    ".scroll{max-height:520px;overflow:auto;border:1px solid #d9d9d9;margin-bottom:14px;display:inline-block;max-width:100%}\n"
    "sup{font-size:9px;color:#4d4d4d}\n"
    "ul.cites{padding-left:18px}\n"
    "a{color:#08519c}\n"
    "footer{margin-top:32px;color:#737373;font-size:12px}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}"
    ".scroll{max-height:none;overflow:visible;border:0;display:block}"
    "thead th{position:static}figure,svg{break-inside:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* Sorting a table by a click on its header; the page reads without it. */
static const char script[] =
    "document.querySelectorAll('table.sortable').forEach(function(t){\n"
    "  t.tHead.querySelectorAll('th').forEach(function(th,i){\n"
    "    th.title='sort';\n"
    "    th.addEventListener('click',function(){\n"
    "      var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),up=th.dataset.dir!=='up';\n"
    "      th.dataset.dir=up?'up':'down';\n"
    "      function v(r){var s=r.cells[i].textContent,n=parseFloat(s.replace(/,/g,''));return isNaN(n)?s:n;}\n"
    "      rows.sort(function(x,y){var a=v(x),c=v(y),d=(typeof a==='number'&&typeof c==='number')?a-c:String(a).localeCompare(String(c));return up?d:-d;});\n"
    "      rows.forEach(function(r){b.appendChild(r);});\n"
    "    });\n"
    "  });\n"
    "});\n";

static void law_title(FILE *out, const prog_t *p)
{
    esc(out, p->law_title ? p->law_title : p->file->path);
}

static void header(FILE *out, rpt *R)
{
    const prog_t *p = R->p;
    char date[11];
    ast_date_format(R->r->date, date);
    fputs("<header>\n<h1>", out);
    law_title(out, p);
    fputs("</h1>\n<p class=\"meta\">", out);
    if (p->law_id && strncmp(p->law_id, "BWBR", 4) == 0) {
        fputs("<a href=\"https://wetten.overheid.nl/", out);
        esc(out, p->law_id);
        fputs("/\">", out);
        esc(out, p->law_id);
        fputs("</a> &middot; ", out);
    } else if (p->law_id) {
        esc(out, p->law_id);
        fputs(" &middot; ", out);
    }
    fprintf(out, "date %s &middot; rules <code>", date);
    esc(out, p->file->path);
    fputs("</code></p>\n<p class=\"meta\">data ", out);
    for (int i = 0; i < R->ds->npaths; i++) {
        fputs(i ? ", <code>" : "<code>", out);
        esc(out, R->ds->paths[i]);
        fputs("</code>", out);
    }
    if (R->o->boundaries_name) {
        fputs("; boundaries <code>", out);
        esc(out, R->o->boundaries_name);
        fputs("</code>", out);
    }
    fputs("</p>\n", out);
    if (R->b) {
        const prog_t *q = R->b->prog->prog;
        char bdate[11];
        ast_date_format(R->b->date, bdate);
        fputs("<p class=\"meta\">compared with <b>", out);
        law_title(out, q);
        fputs("</b> (<code>", out);
        esc(out, q->file->path);
        fprintf(out, "</code>), date %s</p>\n", bdate);
    }
    for (int k = 0; k < p->nnotes; k++) {
        fprintf(out, "<p class=\"meta\">[%d] ", k + 1);
        esc(out, p->notes[k]);
        fputs("</p>\n", out);
    }
    fputs("</header>\n", out);
}

/* The name of an area: its "name" property, else its key. */
static const char *area_name(const rpt *R, size_t i)
{
    return R->fname[i] ? R->fname[i] : R->fkey[i];
}

/* One choropleth: the areas coloured by `sc` from per-entity values. */
static void map_svg(FILE *out, rpt *R, const svg_frame *fr, const char *id, const svg_scale *sc,
                    const num_t *val, const bool *has, const char *title, const char *subtitle, int decimals)
{
    const geo_set *g = R->geo;
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%s\" class=\"map\" viewBox=\"0 0 %d %d\" "
                 "width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"%s-title\">\n",
            id, fr->width, fr->height, fr->width, fr->height, id);
    fprintf(out, "<title id=\"%s-title\">", id);
    esc(out, title);
    fputs(", ", out);
    esc(out, subtitle);
    fputs("</title>\n<defs>", out);
    char pat[64];
    snprintf(pat, sizeof pat, "%s-nodata", id);
    svg_nodata_pattern(out, pat);
    fprintf(out, "</defs>\n<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", fr->width, fr->height);
    fprintf(out, "<g id=\"%s-areas\" stroke=\"#ffffff\" stroke-width=\"0.5\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n", id);
    size_t nodata = 0;
    for (size_t i = 0; i < g->n; i++) {
        long row = R->frow[i];
        bool ok = row >= 0 && has[row];
        int k = ok ? svg_class(sc, val[row]) : -1;
        nodata += !ok;
        fputs("<path data-code=\"", out);
        esc(out, R->fkey[i]);
        if (ok) fprintf(out, "\" data-class=\"%d\" fill=\"%s\" d=\"", k, svg_colour(sc, k));
        else fprintf(out, "\" data-class=\"none\" fill=\"url(#%s)\" d=\"", pat);
        svg_path(out, fr, &g->f[i], MAP_TOL);
        fputs("\"><title>", out);
        esc(out, area_name(R, i));
        if (R->fname[i]) { fputs(" (", out); esc(out, R->fkey[i]); fputs(")", out); }
        fputs(": ", out);
        if (ok) { put_num(out, val[row], decimals); fputs(" ", out); esc(out, subtitle); }
        else fputs(row < 0 ? "not in the data" : "no value", out);
        fputs("</title></path>\n", out);
    }
    fputs("</g>\n", out);
    /* the legend, in the sea to the north-west */
    fputs("<g class=\"legend\" font-size=\"12\" fill=\"#1a1a1a\">\n", out);
    fputs("<text x=\"10\" y=\"20\" font-weight=\"600\">", out);
    esc(out, title);
    fputs("</text>\n<text x=\"10\" y=\"36\">", out);
    esc(out, subtitle);
    fputs("</text>\n", out);
    int y = 46;
    for (int k = sc->diverging ? sc->nclasses - 1 : 0; sc->diverging ? k >= 0 : k < sc->nclasses; k += sc->diverging ? -1 : 1) {
        char label[160];
        svg_class_label(sc, k, label, sizeof label);
        fprintf(out, "<rect data-class=\"%d\" x=\"10\" y=\"%d\" width=\"16\" height=\"12\" fill=\"%s\" stroke=\"#737373\" stroke-width=\"0.5\"/>"
                     "<text x=\"32\" y=\"%d\">", k, y, svg_colour(sc, k), y + 10);
        esc(out, label);
        fprintf(out, " (%zu)</text>\n", sc->count[k]);
        y += 17;
    }
    if (nodata)
        fprintf(out, "<rect data-class=\"none\" x=\"10\" y=\"%d\" width=\"16\" height=\"12\" fill=\"url(#%s)\" stroke=\"#737373\" stroke-width=\"0.5\"/>"
                     "<text x=\"32\" y=\"%d\">no value (%zu)</text>\n", y, pat, y + 10, nodata);
    fputs("</g>\n</svg>\n", out);
}

/* The sum of an entity-level value over the entities, exactly. */
static bool sum_entities(const vdl_result *r, const prog_sym *s, num_t *out)
{
    *out = NUM_ZERO;
    for (size_t i = 0; i < r->data->ds->n; i++)
        if (num_add(*out, r->vm.slot[s->slot][i], out) != NUM_OK) return false;
    return true;
}

static void map_section(FILE *out, rpt *R, const svg_frame *fr)
{
    const prog_t *p = R->p;
    const prog_sym *s = &p->syms[R->out_sym];
    size_t n = R->ds->n, nv = 0;
    num_t *v = mem_array(n + 1, sizeof *v);
    bool *on_map = mem_array(n + 1, sizeof *on_map);
    for (size_t i = 0; i < R->geo->n; i++)
        if (R->frow[i] >= 0) on_map[R->frow[i]] = true;
    for (size_t i = 0; i < n; i++)
        if (R->has[i] && on_map[i]) v[nv++] = R->val[i];
    svg_scale sc;
    svg_scale_sequential(&sc, v, nv);
    fputs("<section id=\"map\">\n<h2>", out);
    esc(out, s->name);
    fputs(", ", out);
    esc(out, R->unit);
    fprintf(out, ", per %s</h2>\n<figure>\n", p->datasets[0].name);
    int decimals = sc.decimals < 2 ? 2 : sc.decimals;
    map_svg(out, R, fr, "map-a", &sc, R->val, R->has, s->name, R->unit, decimals);
    fputs("<figcaption>", out);
    /* the national figure */
    num_t total, pop;
    if (sum_entities(R->r, s, &total)) {
        fputs("Total <b>", out);
        esc(out, s->name);
        fputs("</b>: ", out);
        put_exact(out, total);
        char u[48];
        prog_unit_format(p, s->unit, u, sizeof u);
        if (*u) { fputs(" ", out); esc(out, u); }
        num_t r;
        if (R->per_1000 && sum_entities(R->r, &p->syms[R->pop_sym], &pop) && rate(total, pop, &r)) {
            fputs(" for ", out);
            put_exact(out, pop);
            fputs(" inhabitants (<code>", out);
            esc(out, p->syms[R->pop_sym].name);
            fputs("</code>): ", out);
            put_num(out, r, decimals);
            fputs(" per 1,000", out);
        }
        fputs(".<br>\n", out);
    }
    fprintf(out, "%zu areas; %d classes by quantile, a class includes its lower bound", R->geo->n, sc.nclasses);
    if (R->per_1000) {
        fputs("; per 1,000 inhabitants: divided by <code>", out);
        esc(out, p->syms[R->pop_sym].name);
        fputs("</code>, the first column of the main table in persons", out);
    }
    fputs(".", out);
    if (s->cite) { fputs(" <code>", out); esc(out, s->name); fputs("</code>: [", out); cite_html(out, p, s->cite); fputs("]", out); }
    if (R->unmatched) {
        fprintf(out, "<br>\nNot on the map (no area with their key): %zu of the %zu rows:", R->unmatched, n);
        size_t shown = 0;
        for (size_t i = 0; i < n; i++)
            if (!on_map[i] && shown++ < 50) { fputs(" ", out); esc(out, R->ds->strs[R->ds->key[i]]); }
        if (shown > 50) fputs(" &hellip;", out);
    }
    fputs("</figcaption>\n</figure>\n</section>\n", out);
    mem_free(v);
    mem_free(on_map);
}

/* A bar's length in tenths of a pixel: v / max of BAR_W, exactly rounded. */
static int64_t bar_len(num_t v, num_t max)
{
    num_t t, q, r;
    if (num_sign(v) <= 0 || num_sign(max) <= 0) return 0;
    if (num_mul(v, num_int(BAR_W * 10), &t) != NUM_OK || num_div(t, max, &q) != NUM_OK ||
        num_round(q, NUM_HALF_AWAY, 0, &r) != NUM_OK)
        return 0;
    return r.n;
}

static void chart_section(FILE *out, rpt *R)
{
    const prog_t *p = R->p;
    if (R->level < 0 || (R->grp_sym < 0 && R->real_sym < 0)) return;
    const ds_level *lv = &R->ds->levels[R->level - LEVEL_GROUP0];
    size_t n = lv->ngroups;
    const prog_sym *g = R->grp_sym >= 0 ? &p->syms[R->grp_sym] : NULL;
    const prog_sym *re = R->real_sym >= 0 ? &p->syms[R->real_sym] : NULL;
    num_t *task = mem_array(n + 1, sizeof *task), *real = mem_array(n + 1, sizeof *real);
    for (size_t k = 0; k < n; k++) task[k] = real[k] = NUM_ZERO;
    bool real_ok = re != NULL;
    for (size_t i = 0; re && i < R->ds->n; i++) {
        uint32_t k = lv->of_entity[i];
        if (num_add(real[k], R->r->vm.slot[re->slot][i], &real[k]) != NUM_OK) real_ok = false;
    }
    num_t max = NUM_ZERO, ttask = NUM_ZERO, treal = NUM_ZERO;
    bool ttask_ok = g != NULL, treal_ok = real_ok;
    for (size_t k = 0; k < n; k++) {
        if (g) {
            task[k] = R->r->vm.slot[g->slot][k];
            if (num_cmp(task[k], max) > 0) max = task[k];
            if (num_add(ttask, task[k], &ttask) != NUM_OK) ttask_ok = false;
        }
        if (real_ok) {
            if (num_cmp(real[k], max) > 0) max = real[k];
            if (num_add(treal, real[k], &treal) != NUM_OK) treal_ok = false;
        }
    }
    const char *lname = prog_level_name(p, R->level);
    fputs("<section id=\"groups\">\n<h2>", out);
    if (g) esc(out, g->name);
    if (g && real_ok) fputs(" against ", out);
    if (real_ok) { fputs("places realised (sum of ", out); esc(out, re->name); fputs(")", out); }
    fputs(" per ", out);
    esc(out, lname);
    fputs("</h2>\n<figure>\n", out);
    int bars = (g != NULL) + real_ok, rowh = bars == 2 ? 30 : 18, top = 30, width = 130 + BAR_W + 60;
    int height = top + (int)n * rowh + 6;
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"bars\" class=\"bars\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                 "height=\"%d\" role=\"img\" aria-labelledby=\"bars-title\" font-size=\"12\">\n", width, height, width, height);
    fputs("<title id=\"bars-title\">", out);
    if (g) esc(out, g->name);
    if (g && real_ok) fputs(" and ", out);
    if (real_ok) { fputs("sum of ", out); esc(out, re->name); }
    fputs(" per ", out);
    esc(out, lname);
    fputs("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", out);
    /* not a colour of either map's scale, dark and light in greyscale */
    static const char task_colour[] = "#08306b", real_colour[] = "#fdae61";
    int lx = 130;
    if (g) {
        fprintf(out, "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"15\">", lx, task_colour, lx + 19);
        esc(out, g->name);
        fputs("</text>\n", out);
        lx += 40 + 7 * (int)strlen(g->name);
    }
    if (real_ok) {
        fprintf(out, "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"15\">sum of ", lx, real_colour, lx + 19);
        esc(out, re->name);
        fputs("</text>\n", out);
    }
    for (size_t k = 0; k < n; k++) {
        int y = top + (int)k * rowh;
        const char *label = R->ds->strs[lv->label[k]];
        fprintf(out, "<text x=\"124\" y=\"%d\" text-anchor=\"end\">", y + (bars == 2 ? 15 : 10));
        esc(out, label);
        fputs("</text>\n", out);
        for (int b = 0; b < 2; b++) {
            const prog_sym *s = b == 0 ? g : re;
            if (!s || (b == 1 && !real_ok)) continue;
            num_t v = b == 0 ? task[k] : real[k];
            int64_t len = bar_len(v, max);
            int by = y + (b == 1 && g ? 12 : 0);
            fprintf(out, "<rect x=\"130\" y=\"%d\" width=\"", by);
            put_tenths(out, len);
            fprintf(out, "\" height=\"11\" fill=\"%s\"><title>", b == 0 ? task_colour : real_colour);
            esc(out, label);
            fputs(": ", out);
            esc(out, b == 0 ? s->name : "realised");
            fputs(" ", out);
            put_exact(out, v);
            fputs("</title></rect><text x=\"", out);
            put_tenths(out, 1300 + len + 40);
            fprintf(out, "\" y=\"%d\" font-size=\"11\">", by + 9);
            put_exact(out, v);
            fputs("</text>\n", out);
        }
    }
    fputs("</svg>\n<figcaption>", out);
    if (ttask_ok) { fputs("Total <b>", out); esc(out, g->name); fputs("</b>: ", out); put_exact(out, ttask); }
    if (treal_ok) {
        fputs(ttask_ok ? "; realised (sum of <code>" : "Realised (sum of <code>", out);
        esc(out, re->name);
        fputs("</code>): ", out);
        put_exact(out, treal);
    }
    if (ttask_ok || treal_ok) fputs(".", out);
    if (g && g->cite) { fputs("<br>\n<code>", out); esc(out, g->name); fputs("</code>: [", out); cite_html(out, p, g->cite); fputs("]", out); }
    if (re && re->cite) { fputs("<br>\n<code>", out); esc(out, re->name); fputs("</code>: [", out); cite_html(out, p, re->cite); fputs("]", out); }
    fputs("</figcaption>\n</figure>\n</section>\n", out);
    mem_free(task);
    mem_free(real);
}

/* A table of cells as HTML: a header, the rows, a total row. */
static void html_table(FILE *out, const prog_t *p, const out_table *t, const char *caption, bool sortable, int wrap_col)
{
    fputs("<div class=\"scroll\"><table class=\"data", out);
    fputs(sortable ? " sortable\"" : "\"", out);
    fputs(">\n", out);
    if (caption) { fputs("<caption>", out); esc(out, caption); fputs("</caption>\n", out); }
    fputs("<thead><tr>", out);
    for (int c = 0; c < t->ncols; c++) {
        fputs(t->right[c] ? "<th class=\"num\">" : "<th>", out);
        esc(out, t->head[c]);
        for (int k = 0; k < p->nnotes; k++)
            if ((unsigned)t->note[c] & (1u << k)) fprintf(out, "<sup>[%d]</sup>", k + 1);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t r = 0; r < t->nrows; r++) {
        fputs("<tr>", out);
        for (int c = 0; c < t->ncols; c++) {
            const char *v = t->cells[r * (size_t)t->ncols + (size_t)c];
            fputs(t->right[c] ? "<td class=\"num\">" : c == wrap_col ? "<td class=\"wrap\">" : "<td>", out);
            esc(out, v ? v : "");
            if (t->row_note && c == 0)
                for (int k = 0; k < p->nnotes; k++)
                    if ((unsigned)t->row_note[r] & (1u << k)) fprintf(out, "<sup>[%d]</sup>", k + 1);
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n", out);
    if (t->total) {
        fputs("<tfoot><tr>", out);
        for (int c = 0; c < t->ncols; c++) {
            fputs(c == 0 ? "<th>" : t->right[c] ? "<td class=\"num\">" : "<td>", out);
            esc(out, t->total[c] ? t->total[c] : "");
            fputs(c == 0 ? "</th>" : "</td>", out);
        }
        fputs("</tr></tfoot>\n", out);
    }
    fputs("</table></div>\n", out);
}

/* The outputs at a level as a table, a total row for the counts with a
 * unit (as verdeel run shows them). */
static bool level_table(const vdl_result *r, int level, out_table *t)
{
    const prog_t *p = r->prog->prog;
    const ds_data *ds = r->data->ds;
    int n = 0;
    for (int i = 0; i < p->noutputs; i++) n += p->syms[p->outputs[i]].level == level;
    if (!n) return false;
    const char **head = mem_array((size_t)n + 2, sizeof *head);
    int *cols = mem_array((size_t)n + 1, sizeof *cols), c = 0;
    head[0] = level == LEVEL_ALL ? "name" : level == LEVEL_ENTITY ? p->datasets[0].key : prog_level_name(p, level);
    for (int i = 0; i < p->noutputs; i++)
        if (p->syms[p->outputs[i]].level == level) { cols[c] = p->outputs[i]; head[c + 1] = p->syms[cols[c]].name; c++; }
    if (level == LEVEL_ALL) {
        static const char *const h2[] = { "name", "value" };
        tab_init(t, "all", 2, h2, (size_t)n);
        t->right[1] = true;
        t->row_note = mem_array((size_t)n, sizeof *t->row_note);
        for (int k = 0; k < n; k++) {
            const prog_sym *s = &p->syms[cols[k]];
            t->cells[k * 2] = mem_strdup(s->name);
            t->cells[k * 2 + 1] = out_value(r, s, r->vm.slot[s->slot][0]);
            t->row_note[k] = (int)s->notes;
        }
        mem_free(head);
        mem_free(cols);
        return true;
    }
    size_t rows = vm_level_len(ds, level);
    tab_init(t, prog_level_name(p, level), n + 1, head, rows);
    num_t *sum = mem_array((size_t)n, sizeof *sum);
    bool *sums = mem_array((size_t)n, sizeof *sums), any = false;
    for (int k = 0; k < n; k++) {
        const prog_sym *s = &p->syms[cols[k]];
        t->right[k + 1] = s->type == TY_NUM;
        t->note[k + 1] = (int)s->notes;
        sums[k] = s->additive && has_unit(s->unit);
        sum[k] = NUM_ZERO;
    }
    for (size_t row = 0; row < rows; row++) {
        t->cells[row * (size_t)(n + 1)] = mem_strdup(fnd_key(r, level, row));
        for (int k = 0; k < n; k++) {
            const prog_sym *s = &p->syms[cols[k]];
            num_t v = r->vm.slot[s->slot][row];
            t->cells[row * (size_t)(n + 1) + (size_t)k + 1] = out_value(r, s, v);
            if (sums[k] && num_add(sum[k], v, &sum[k]) != NUM_OK) sums[k] = false;
        }
    }
    for (int k = 0; k < n; k++) any |= sums[k];
    if (any) {
        t->total = mem_array((size_t)n + 1, sizeof *t->total);
        t->total[0] = mem_strdup("total");
        for (int k = 0; k < n; k++)
            t->total[k + 1] = sums[k] ? out_value(r, &p->syms[cols[k]], sum[k]) : mem_strdup("");
    }
    mem_free(sum);
    mem_free(sums);
    mem_free(head);
    mem_free(cols);
    return true;
}

static void findings_section(FILE *out, rpt *R)
{
    const prog_t *p = R->p;
    int ncrit = 0;
    for (int s = 0; s < p->nsyms; s++) ncrit += p->syms[s].kind == SYM_RULE && p->syms[s].rkind == RK_CRITERION;
    fputs("<section id=\"findings\">\n<h2>Findings of the criteria</h2>\n", out);
    fnd_item *items;
    size_t n = fnd_collect(R->r, NULL, &items);
    out_table t;
    if (!ncrit) fputs("<p>The rule file has no criteria.</p>\n", out);
    else if (!n) fprintf(out, "<p>No criterion fails (%d criteria).</p>\n", ncrit);
    else if (fnd_table(R->r, items, n, &t)) {
        fprintf(out, "<p>%zu findings: the rows where a criterion does not hold, with the values it read.</p>\n", n);
        html_table(out, p, &t, NULL, true, 2);
        tab_free(&t);
    }
    mem_free(items);
    fputs("</section>\n", out);
}

typedef struct { size_t row; num_t diff; } mover;
static int cmp_mover(const void *a, const void *b)
{
    const mover *x = a, *y = b;
    int c = num_cmp(y->diff, x->diff);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

static void compare_section(FILE *out, rpt *R, const svg_frame *fr)
{
    const prog_t *p = R->p, *q = R->b->prog->prog;
    const prog_sym *s = &p->syms[R->out_sym], *bs = &q->syms[R->b_sym];
    size_t n = R->ds->n, nv = 0, nm = 0;
    num_t *d = mem_array(n + 1, sizeof *d), *v = mem_array(n + 1, sizeof *v);
    bool *dh = mem_array(n + 1, sizeof *dh);
    mover *mv = mem_array(n + 1, sizeof *mv);
    size_t up = 0, down = 0, same = 0;
    for (size_t i = 0; i < n; i++) {
        if (!R->bfound[i]) continue;
        dh[i] = R->has[i] && R->bhas[i] && num_sub(R->brate[i], R->val[i], &d[i]) == NUM_OK;
        num_t raw;
        if (num_sub(R->bval[i], R->r->vm.slot[s->slot][i], &raw) != NUM_OK) continue;
        int sg = num_sign(raw);
        up += sg > 0;
        down += sg < 0;
        same += sg == 0;
        mv[nm++] = (mover){ i, raw };
    }
    bool *on_map = mem_array(n + 1, sizeof *on_map);
    for (size_t i = 0; i < R->geo->n; i++)
        if (R->frow[i] >= 0) on_map[R->frow[i]] = true;
    for (size_t i = 0; i < n; i++)
        if (dh[i] && on_map[i]) v[nv++] = d[i];
    svg_scale sc;
    svg_scale_diverging(&sc, v, nv);
    char title[200], sub[160];
    if (strcmp(bs->name, s->name) == 0) snprintf(title, sizeof title, "%s: other law minus this", s->name);
    else snprintf(title, sizeof title, "%s (other law) minus %s", bs->name, s->name);
    snprintf(sub, sizeof sub, "%s", R->unit);
    fputs("<section id=\"compare\">\n<h2>Compared with ", out);
    law_title(out, q);
    fputs("</h2>\n<p>", out);
    esc(out, bs->name);
    fputs(" under <code>", out);
    esc(out, q->file->path);
    fputs("</code> minus ", out);
    esc(out, s->name);
    fputs(" under <code>", out);
    esc(out, p->file->path);
    fprintf(out, "</code>: %zu up, %zu down, %zu equal.", up, down, same);
    if (R->per_1000) fputs(" Rates per 1,000 use this law's population for both.", out);
    fputs("</p>\n<div class=\"row\">\n<figure>\n", out);
    int decimals = sc.decimals < 2 ? 2 : sc.decimals;
    map_svg(out, R, fr, "map-d", &sc, d, dh, title, sub, decimals);
    fprintf(out, "<figcaption>Orange: fewer under the other law, purple: more; %zu classes symmetric around no change; "
                 "hatched: no value.</figcaption>\n</figure>\n<div>\n", (size_t)sc.nclasses);
    qsort(mv, nm, sizeof *mv, cmp_mover);
    int top = R->o->top > 0 ? R->o->top : 10;
    for (int way = 0; way < 2; way++) {
        fprintf(out, "<h3>Largest %s</h3>\n", way == 0 ? "increases" : "decreases");
        fputs("<table class=\"data\">\n<thead><tr><th>key</th><th>name</th><th class=\"num\">", out);
        esc(out, s->name);
        fputs("</th><th class=\"num\">other law</th><th class=\"num\">difference</th><th class=\"num\">per 1,000</th></tr></thead>\n<tbody>\n", out);
        int shown = 0;
        for (size_t k = 0; k < nm && shown < top; k++) {
            const mover *m = &mv[way == 0 ? k : nm - 1 - k];
            if (num_sign(m->diff) != (way == 0 ? 1 : -1)) break;
            shown++;
            const char *key = R->ds->strs[R->ds->key[m->row]];
            const char *name = R->ename[m->row] ? R->ename[m->row] : "";
            fputs("<tr><td>", out);
            esc(out, key);
            fputs("</td><td>", out);
            esc(out, name);
            fputs("</td><td class=\"num\">", out);
            put_exact(out, R->r->vm.slot[s->slot][m->row]);
            fputs("</td><td class=\"num\">", out);
            put_exact(out, R->bval[m->row]);
            fputs("</td><td class=\"num\">", out);
            fputs(num_sign(m->diff) > 0 ? "+" : "", out);
            put_exact(out, m->diff);
            fputs("</td><td class=\"num\">", out);
            if (dh[m->row]) {
                fputs(num_sign(d[m->row]) > 0 ? "+" : "", out);
                put_num(out, d[m->row], decimals);
            }
            fputs("</td></tr>\n", out);
        }
        if (!shown) fputs("<tr><td colspan=\"6\">none</td></tr>\n", out);
        fputs("</tbody>\n</table>\n", out);
    }
    fputs("</div>\n</div>\n</section>\n", out);
    mem_free(d);
    mem_free(v);
    mem_free(dh);
    mem_free(mv);
    mem_free(on_map);
}

static void tables_section(FILE *out, rpt *R)
{
    const prog_t *p = R->p;
    fputs("<section id=\"tables\">\n<h2>All results</h2>\n", out);
    out_table t;
    if (level_table(R->r, LEVEL_ENTITY, &t)) {
        char cap[200];
        snprintf(cap, sizeof cap, "per %s (%zu rows)", p->datasets[0].name, t.nrows);
        html_table(out, p, &t, cap, true, -1);
        tab_free(&t);
    }
    for (int lv = 0; lv < p->nlevels; lv++)
        if (level_table(R->r, LEVEL_GROUP0 + lv, &t)) {
            char cap[200];
            snprintf(cap, sizeof cap, "per %s (%zu rows)", p->levels[lv].name, t.nrows);
            html_table(out, p, &t, cap, true, -1);
            tab_free(&t);
        }
    if (level_table(R->r, LEVEL_ALL, &t)) {
        html_table(out, p, &t, "for all", false, -1);
        tab_free(&t);
    }
    if (p->nnotes) {
        fputs("<p class=\"caption\">", out);
        for (int k = 0; k < p->nnotes; k++) {
            fprintf(out, "%s[%d] ", k ? "<br>\n" : "", k + 1);
            esc(out, p->notes[k]);
        }
        fputs("</p>\n", out);
    }
    fputs("</section>\n", out);
}

static const prog_pvalue *value_in_force(const prog_sym *s, vdl_date date)
{
    for (int i = 0; i < s->nvalues; i++)
        if ((!s->values[i].from || s->values[i].from <= date) && (!s->values[i].until || date <= s->values[i].until))
            return &s->values[i];
    return NULL;
}

static void cite_item(FILE *out, const prog_t *p, const char *name, const char *kind, const char *cite)
{
    fputs("<li><code>", out);
    esc(out, name);
    fprintf(out, "</code> (%s): [", kind);
    cite_html(out, p, cite);
    fputs("]</li>\n", out);
}

static void citations_section(FILE *out, rpt *R)
{
    const prog_t *p = R->p;
    fputs("<section id=\"citations\">\n<h2>Citations</h2>\n<p>", out);
    law_title(out, p);
    if (p->law_id && strncmp(p->law_id, "BWBR", 4) == 0) {
        fputs(": <a href=\"https://wetten.overheid.nl/", out);
        esc(out, p->law_id);
        fputs("/\">wetten.overheid.nl/", out);
        esc(out, p->law_id);
        fputs("</a>", out);
    }
    if (p->law_cite) { fputs(" [", out); cite_html(out, p, p->law_cite); fputs("]", out); }
    fputs("</p>\n<ul class=\"cites\">\n", out);
    for (int i = 0; i < p->noutputs; i++) {
        const prog_sym *s = &p->syms[p->outputs[i]];
        if (!s->cite) continue;
        cite_item(out, p, s->name, s->kind == SYM_COLUMN ? "data" : s->rkind == RK_BONUS ? "bonus"
                                   : s->rkind == RK_CRITERION ? "criterion" : "rule", s->cite);
    }
    for (int i = 0; i < p->nsyms; i++) {
        const prog_sym *s = &p->syms[i];
        if (s->kind != SYM_PARAM) continue;
        const prog_pvalue *v = value_in_force(s, R->r->date);
        fputs("<li><code>", out);
        esc(out, s->name);
        fputs("</code> (parameter) = ", out);
        char *val = out_value(R->r, s, R->r->vm.slot[s->slot][0]);
        esc(out, val);
        mem_free(val);
        if (v && !num_eq(v->value, R->r->vm.slot[s->slot][0]) && s->type != TY_TEXT) fputs(" (set for this run)", out);
        if (s->cite) { fputs(": [", out); cite_html(out, p, s->cite); fputs("]", out); }
        if (v && v->cite) { fputs(", value [", out); cite_html(out, p, v->cite); fputs("]", out); }
        fputs("</li>\n", out);
    }
    fputs("</ul>\n</section>\n", out);
}

vdl_status vdl_report(const vdl_result *r, const vdl_result *other, const vdl_boundaries *b,
                      const vdl_report_options *o, FILE *out, vdl_diags *d)
{
    static const vdl_report_options none = { 0 };
    rpt R;
    memset(&R, 0, sizeof R);
    R.r = r;
    R.p = r->prog->prog;
    R.ds = r->data->ds;
    R.geo = &b->set;
    R.o = o ? o : &none;
    R.b = other;
    vdl_status st = plan(&R, &d->list);
    if (st != VDL_OK) { plan_free(&R); return st; }
    svg_frame fr;
    svg_frame_fit(&fr, R.geo, MAP_W, MAP_H, MAP_MARGIN);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"verdeel " VDL_VERSION "\">\n<title>", out);
    law_title(out, R.p);
    fprintf(out, " &middot; verdeel report</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    header(out, &R);
    fputs("<div class=\"row\">\n", out);
    map_section(out, &R, &fr);
    chart_section(out, &R);
    fputs("</div>\n", out);
    findings_section(out, &R);
    if (other) compare_section(out, &R, &fr);
    tables_section(out, &R);
    citations_section(out, &R);
    fputs("<footer>Made with verdeel " VDL_VERSION " from <code>", out);
    esc(out, R.p->file->path);
    fputs("</code>. Map: an oblique stereographic projection like the Dutch RD grid; "
          "boundaries simplified to 0.3 pixel.</footer>\n<script>\n", out);
    fputs(script, out);
    fputs("</script>\n</body>\n</html>\n", out);
    plan_free(&R);
    return ferror(out) ? VDL_EOUTPUT : VDL_OK;
}
