/* compare.c: two runs side by side (verdeel compare).
 *
 * A and B are two rule files on the same data, or one rule file on two
 * datasets, dates or parameter settings.  Every numeric output the two
 * share (by name, or mapped with --map A=B) is matched row by row on the
 * key, at the same level: per entity, per group of a level both declare, or
 * the one value.  For each: A, B, the difference and the relative change
 * per row; how many rows gain, lose or stay equal; the sum of absolute
 * changes; the largest movers each way.  Then the money of the bonuses and
 * the findings that appear in only one of the two. */
#include "compare.h"
#include "findings.h"
#include "table.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    int sa, sb;              /* the output in A and in B */
} cmp_pair;

typedef struct {
    const char *key;
    const num_t *a, *b;      /* NULL: the row is missing on that side */
    num_t diff;
    bool has_diff;
} cmp_row;

typedef struct {
    const vdl_result *a, *b;
    const vdl_compare_options *o;
    FILE *out;
    const char *la, *lb;     /* the runs' labels: "A" and "B", or "old" and "new" */
} cmp;

static const prog_t *P(const vdl_result *r) { return r->prog->prog; }

/* Two levels match when both are the entities, both are one value, or both
 * are group levels of the same name. */
static bool same_level(const vdl_result *a, int la, const vdl_result *b, int lb)
{
    if (la == LEVEL_ENTITY || la == LEVEL_ALL || lb == LEVEL_ENTITY || lb == LEVEL_ALL) return la == lb;
    return strcmp(prog_level_name(P(a), la), prog_level_name(P(b), lb)) == 0;
}

static const char *mapped(const vdl_compare_options *o, const char *name)
{
    for (int i = 0; i < o->nmap; i++)
        if (strcmp(o->map[i].a, name) == 0) return o->map[i].b;
    return name;
}

static size_t find_pairs(const cmp *c, cmp_pair **out, vdl_diags *d)
{
    const prog_t *pa = P(c->a), *pb = P(c->b);
    cmp_pair *v = mem_array((size_t)pa->noutputs + 1, sizeof *v);
    size_t n = 0;
    for (int i = 0; i < pa->noutputs; i++) {
        const prog_sym *sa = &pa->syms[pa->outputs[i]];
        if (sa->type != TY_NUM) continue;
        if (c->o->level && strcmp(prog_level_name(pa, sa->level), c->o->level) != 0) continue;
        const char *nb = mapped(c->o, sa->name);
        int sb = prog_find(pb, nb);
        if (sb < 0 || pb->syms[sb].type != TY_NUM) continue;
        if (!same_level(c->a, sa->level, c->b, pb->syms[sb].level)) {
            diag_add_at(&d->list, DIAG_WARNING, NULL, 0, "'%s' is per %s in A and per %s in B: not compared",
                        sa->name, prog_level_name(pa, sa->level), prog_level_name(pb, pb->syms[sb].level));
            continue;
        }
        v[n++] = (cmp_pair){ pa->outputs[i], sb };
    }
    for (int i = 0; i < c->o->nmap; i++)
        if (prog_find(pa, c->o->map[i].a) < 0 || prog_find(pb, c->o->map[i].b) < 0)
            diag_add_at(&d->list, DIAG_WARNING, NULL, 0, "--map %s=%s: %s", c->o->map[i].a, c->o->map[i].b,
                        prog_find(pa, c->o->map[i].a) < 0 ? "A has no such name" : "B has no such name");
    *out = v;
    return n;
}

static const char *row_key(const vdl_result *r, int level, size_t row)
{
    return level == LEVEL_ALL ? "all" : fnd_key(r, level, row);
}

/* Rows of one output on both sides, matched by key (both sides are in key
 * order, so a merge). */
static size_t match_rows(const cmp *c, const cmp_pair *pr, cmp_row **out)
{
    const prog_sym *sa = &P(c->a)->syms[pr->sa], *sb = &P(c->b)->syms[pr->sb];
    size_t na = c->a->vm.len[sa->slot], nb = c->b->vm.len[sb->slot];
    const num_t *va = c->a->vm.slot[sa->slot], *vb = c->b->vm.slot[sb->slot];
    cmp_row *rows = mem_array(na + nb + 1, sizeof *rows);
    size_t i = 0, j = 0, n = 0;
    while (i < na || j < nb) {
        const char *ka = i < na ? row_key(c->a, sa->level, i) : NULL;
        const char *kb = j < nb ? row_key(c->b, sb->level, j) : NULL;
        int cmpk = !ka ? 1 : !kb ? -1 : strcmp(ka, kb);
        cmp_row *r = &rows[n++];
        r->key = cmpk <= 0 ? ka : kb;
        r->a = cmpk <= 0 ? &va[i++] : NULL;
        r->b = cmpk >= 0 ? &vb[j++] : NULL;
        r->has_diff = r->a && r->b && num_sub(*r->b, *r->a, &r->diff) == NUM_OK;
    }
    *out = rows;
    return n;
}

static char *fmt_num(num_t v)
{
    char buf[96];
    num_format(v, 6, buf, sizeof buf);
    return mem_strdup(buf);
}

/* "+12", "-3", "0". */
static char *fmt_signed(num_t v)
{
    char buf[96];
    num_format(v, 6, buf, sizeof buf);
    return v.n > 0 ? diag_fmt("+%s", buf) : mem_strdup(buf);
}

/* The change relative to A, in percent to one decimal ("" when A is 0). */
static char *fmt_change(const cmp_row *r)
{
    num_t q, pct;
    if (!r->has_diff || r->a->n == 0) return mem_strdup("");
    if (num_div(r->diff, num_abs(*r->a), &q) != NUM_OK || num_mul(q, num_int(100), &pct) != NUM_OK ||
        num_round(pct, NUM_HALF_AWAY, 1, &pct) != NUM_OK)
        return mem_strdup("");
    char buf[96];
    num_format(pct, 1, buf, sizeof buf);
    return diag_fmt("%s%s%%", pct.n > 0 ? "+" : "", buf);
}

typedef struct {
    size_t rows, gain, lose, equal, only_a, only_b;
    num_t abs_change, total_a, total_b;
    bool totals;             /* the output adds up (a count with a unit) */
} cmp_summary;

static cmp_summary summarise(const cmp_row *rows, size_t n, const prog_sym *sa)
{
    cmp_summary s;
    memset(&s, 0, sizeof s);
    s.rows = n;
    s.abs_change = s.total_a = s.total_b = NUM_ZERO;
    bool has_unit = false;
    for (int i = 0; i < UNIT_MAX; i++) has_unit |= sa->unit.e[i] != 0;
    s.totals = sa->additive && has_unit;
    for (size_t i = 0; i < n; i++) {
        const cmp_row *r = &rows[i];
        if (!r->a) { s.only_b++; continue; }
        if (!r->b) { s.only_a++; continue; }
        if (r->has_diff) {
            int sg = num_sign(r->diff);
            if (sg > 0) s.gain++; else if (sg < 0) s.lose++; else s.equal++;
            if (num_add(s.abs_change, num_abs(r->diff), &s.abs_change) != NUM_OK) s.totals = false;
        }
        if (num_add(s.total_a, *r->a, &s.total_a) != NUM_OK ||
            num_add(s.total_b, *r->b, &s.total_b) != NUM_OK)
            s.totals = false;
    }
    return s;
}

/* The rows in order of change: the largest increase first (ties in key
 * order, which the stable merge gives). */
static int by_change_desc(const void *x, const void *y)
{
    const cmp_row *a = *(const cmp_row *const *)x, *b = *(const cmp_row *const *)y;
    int c = num_cmp(b->diff, a->diff);
    return c ? c : strcmp(a->key, b->key);
}

static size_t movers(cmp_row *rows, size_t n, const cmp_row ***out)
{
    const cmp_row **v = mem_array(n + 1, sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].has_diff && rows[i].diff.n != 0) v[m++] = &rows[i];
    qsort(v, m, sizeof *v, by_change_desc);
    *out = v;
    return m;
}

static const char *level_title(const cmp *c, const prog_sym *sa)
{
    return prog_level_name(P(c->a), sa->level);
}

static void unit_of(const cmp *c, const prog_sym *sa, char *buf, size_t cap)
{
    prog_unit_format(P(c->a), sa->unit, buf, cap);
}

/* --- text and Markdown ------------------------------------------------- */

static void write_rows_text(const cmp *c, const prog_sym *sa, const cmp_row *rows, size_t n, bool md)
{
    const char *const head[] = { "key", c->la, c->lb, "difference", "change" };
    out_table t;
    tab_init(&t, level_title(c, sa), 5, head, n);
    mem_free(t.head[0]);
    t.head[0] = mem_strdup(sa->level == LEVEL_ENTITY ? P(c->a)->datasets[0].key : level_title(c, sa));
    for (int k = 1; k < 5; k++) t.right[k] = true;
    for (size_t i = 0; i < n; i++) {
        char **row = &t.cells[i * 5];
        row[0] = mem_strdup(rows[i].key);
        row[1] = rows[i].a ? fmt_num(*rows[i].a) : mem_strdup("-");
        row[2] = rows[i].b ? fmt_num(*rows[i].b) : mem_strdup("-");
        row[3] = rows[i].has_diff ? fmt_signed(rows[i].diff) : mem_strdup("");
        row[4] = fmt_change(&rows[i]);
    }
    tab_text(P(c->a), &t, c->out, md);
    tab_free(&t);
}

static void write_movers_text(const cmp *c, const cmp_row **mv, size_t m, bool md)
{
    int top = c->o->top > 0 ? c->o->top : 10;
    size_t up = 0, down = 0;
    for (size_t i = 0; i < m; i++) { if (mv[i]->diff.n > 0) up++; else down++; }
    for (int side = 0; side < 2; side++) {
        size_t k = side == 0 ? up : down;
        if (!k) continue;
        size_t shown = k < (size_t)top ? k : (size_t)top;
        fprintf(c->out, "%slargest %s:", md ? "\n**" : "", side == 0 ? "increases" : "decreases");
        if (md) fputs("**", c->out);
        for (size_t i = 0; i < shown; i++) {
            const cmp_row *r = side == 0 ? mv[i] : mv[m - 1 - i];
            char *d = fmt_signed(r->diff);
            fprintf(c->out, "%s %s %s", i ? "," : "", r->key, d);
            mem_free(d);
        }
        fputc('\n', c->out);
    }
}

static void write_summary_text(const cmp *c, const cmp_summary *s, bool md)
{
    fprintf(c->out, "%s%zu row%s: %zu up, %zu down, %zu equal", md ? "\n" : "", s->rows, s->rows == 1 ? "" : "s",
            s->gain, s->lose, s->equal);
    if (s->only_a) fprintf(c->out, ", %zu only in %s", s->only_a, c->la);
    if (s->only_b) fprintf(c->out, ", %zu only in %s", s->only_b, c->lb);
    char *abs = fmt_num(s->abs_change);
    fprintf(c->out, "; sum of absolute changes %s", abs);
    mem_free(abs);
    if (s->totals) {
        char *ta = fmt_num(s->total_a), *tb = fmt_num(s->total_b);
        fprintf(c->out, "; total %s %s, %s %s", c->la, ta, c->lb, tb);
        mem_free(ta);
        mem_free(tb);
    }
    fputc('\n', c->out);
}

static void describe(const cmp *c, const char *label, const vdl_result *r, bool md)
{
    const prog_t *p = P(r);
    char date[11];
    ast_date_format(r->date, date);
    fprintf(c->out, "%s%s: %s (%s), date %s; data ", md ? "- " : "", label,
            p->law_title ? p->law_title : p->file->path, p->file->path, date);
    const ds_data *ds = r->data->ds;
    for (int i = 0; i < ds->npaths; i++) fprintf(c->out, "%s%s", i ? ", " : "", ds->paths[i]);
    fputc('\n', c->out);
}

/* --- money and findings ------------------------------------------------ */

static num_t bonus_total(const vdl_result *r, const prog_sym *s)
{
    num_t t = NUM_ZERO;
    for (size_t i = 0; i < r->vm.len[s->slot]; i++)
        if (num_add(t, r->vm.slot[s->slot][i], &t) != NUM_OK) return NUM_ZERO;
    return t;
}

typedef struct { const char *name; bool a, b; num_t ta, tb; } cmp_money;   /* a, b: A or B has it */

static size_t money(const cmp *c, cmp_money **out)
{
    const prog_t *pa = P(c->a), *pb = P(c->b);
    cmp_money *v = mem_array((size_t)(pa->nsyms + pb->nsyms) + 1, sizeof *v);
    size_t n = 0;
    for (int i = 0; i < pa->nsyms; i++) {
        const prog_sym *s = &pa->syms[i];
        if (s->kind != SYM_RULE || s->rkind != RK_BONUS) continue;
        cmp_money m = { s->name, true, false, bonus_total(c->a, s), NUM_ZERO };
        int sb = prog_find(pb, mapped(c->o, s->name));
        if (sb >= 0 && pb->syms[sb].rkind == RK_BONUS) { m.tb = bonus_total(c->b, &pb->syms[sb]); m.b = true; }
        v[n++] = m;
    }
    for (int i = 0; i < pb->nsyms; i++) {
        const prog_sym *s = &pb->syms[i];
        if (s->kind != SYM_RULE || s->rkind != RK_BONUS) continue;
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            if (strcmp(mapped(c->o, v[k].name), s->name) == 0 && v[k].b) seen = true;
        if (seen) continue;
        v[n++] = (cmp_money){ s->name, false, true, NUM_ZERO, bonus_total(c->b, s) };
    }
    *out = v;
    return n;
}

/* A finding's identity: criterion, level and row key. */
static bool same_finding(const vdl_result *x, const fnd_item *f, const vdl_result *y, const fnd_item *g)
{
    const prog_sym *cx = &P(x)->syms[f->sym], *cy = &P(y)->syms[g->sym];
    return strcmp(cx->name, cy->name) == 0 && same_level(x, cx->level, y, cy->level) &&
           strcmp(fnd_key(x, cx->level, f->row), fnd_key(y, cy->level, g->row)) == 0;
}

/* The findings of `x` that `y` does not have. */
static size_t only_in(const vdl_result *x, const fnd_item *fx, size_t nx,
                      const vdl_result *y, const fnd_item *fy, size_t ny, const fnd_item ***out)
{
    const fnd_item **v = mem_array(nx + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < nx; i++) {
        bool found = false;
        for (size_t k = 0; k < ny && !found; k++) found = same_finding(x, &fx[i], y, &fy[k]);
        if (!found) v[n++] = &fx[i];
    }
    *out = v;
    return n;
}

static void write_findings_text(const cmp *c, const vdl_result *r, const fnd_item **v, size_t n,
                                const char *what, bool md)
{
    if (!n) return;
    fprintf(c->out, md ? "\n**findings %s:**\n\n" : "\nfindings %s:\n", what);
    if (c->o->summary) {
        /* how many per criterion, in the order they come */
        for (size_t i = 0; i < n; i++) {
            bool seen = false;
            for (size_t k = 0; k < i && !seen; k++) seen = v[k]->sym == v[i]->sym;
            if (seen) continue;
            size_t count = 0;
            for (size_t k = i; k < n; k++) count += v[k]->sym == v[i]->sym;
            const prog_sym *s = &P(r)->syms[v[i]->sym];
            fprintf(c->out, "%s%s: %zu [%s]\n", md ? "- " : "  ", s->name, count, s->cite ? s->cite : "");
        }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const prog_sym *s = &P(r)->syms[v[i]->sym];
        char *vals = fnd_values(r, v[i]);
        fprintf(c->out, "%s%s at %s %s: %s [%s]\n", md ? "- " : "  ", s->name, prog_level_name(P(r), s->level),
                fnd_key(r, s->level, v[i]->row), vals, s->cite ? s->cite : "");
        mem_free(vals);
    }
}

/* --- JSON and CSV ------------------------------------------------------- */

static void json_num(FILE *out, const num_t *v)
{
    if (!v) { fputs("null", out); return; }
    char buf[96];
    num_format(*v, 6, buf, sizeof buf);
    fputs(buf, out);
}

static void json_side(const cmp *c, const char *label, const vdl_result *r)
{
    const prog_t *p = P(r);
    char date[11];
    ast_date_format(r->date, date);
    fprintf(c->out, "  \"%s\": {\"title\": ", label);
    tab_json_str(c->out, p->law_title ? p->law_title : "");
    fputs(", \"rules\": ", c->out);
    tab_json_str(c->out, p->file->path);
    fputs(", \"date\": ", c->out);
    tab_json_str(c->out, date);
    fputs(", \"data\": [", c->out);
    for (int i = 0; i < r->data->ds->npaths; i++) {
        if (i) fputs(", ", c->out);
        tab_json_str(c->out, r->data->ds->paths[i]);
    }
    fputs("]},\n", c->out);
}

static void json_findings(const cmp *c, const vdl_result *r, const fnd_item **v, size_t n)
{
    fputc('[', c->out);
    for (size_t i = 0; i < n; i++) {
        const prog_sym *s = &P(r)->syms[v[i]->sym];
        fputs(i ? ", {\"criterion\": " : "{\"criterion\": ", c->out);
        tab_json_str(c->out, s->name);
        fputs(", \"level\": ", c->out);
        tab_json_str(c->out, prog_level_name(P(r), s->level));
        fputs(", \"key\": ", c->out);
        tab_json_str(c->out, fnd_key(r, s->level, v[i]->row));
        fputc('}', c->out);
    }
    fputc(']', c->out);
}

static void csv_cell(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) { fputs(s, out); return; }
    fputc('"', out);
    for (; *s; s++) { if (*s == '"') fputc('"', out); fputc(*s, out); }
    fputc('"', out);
}

/* --- the whole comparison ----------------------------------------------- */

int cmp_write(const vdl_result *a, const vdl_result *b, const vdl_compare_options *o,
              FILE *out, vdl_diags *d)
{
    cmp c = { a, b, o, out, o->label_a ? o->label_a : "A", o->label_b ? o->label_b : "B" };
    size_t printed = 0;
    cmp_pair *pairs;
    size_t np = find_pairs(&c, &pairs, d);
    if (np == 0) {
        diag_add_at(&d->list, DIAG_ERROR, NULL, 0, "the two runs share no numeric output to compare");
        diag_hint(&d->list, "map differently named outputs with --map NAME_IN_A=NAME_IN_B");
        mem_free(pairs);
        return VDL_EUSAGE;
    }
    bool md = o->format == VDL_FMT_MD, json = o->format == VDL_FMT_JSON, csv = o->format == VDL_FMT_CSV;
    if (json) {
        fputs("{\n", out);
        json_side(&c, "a", a);
        json_side(&c, "b", b);
        fputs("  \"outputs\": [", out);
    } else if (csv) {
        fputs("output,level,key,a,b,difference,change\n", out);
    } else {
        if (md && !o->changed_only) fputs("# Comparison\n\n", out);
        else if (md) fputc('\n', out);
        describe(&c, c.la, a, md);
        describe(&c, c.lb, b, md);
    }
    for (size_t i = 0; i < np; i++) {
        const prog_sym *sa = &P(a)->syms[pairs[i].sa], *sb = &P(b)->syms[pairs[i].sb];
        cmp_row *rows;
        size_t n = match_rows(&c, &pairs[i], &rows);
        cmp_summary s = summarise(rows, n, sa);
        if (o->changed_only) {
            /* keep the rows that differ: a changed value, or a row on one side only */
            size_t k = 0;
            for (size_t r = 0; r < n; r++)
                if (!rows[r].has_diff || rows[r].diff.n != 0) rows[k++] = rows[r];
            n = k;
            if (o->changed) *o->changed += n;
            if (n == 0) { mem_free(rows); continue; }
        }
        const cmp_row **mv;
        size_t m = movers(rows, n, &mv);
        char unit[64];
        unit_of(&c, sa, unit, sizeof unit);
        char name[200];
        if (strcmp(sa->name, sb->name) == 0) snprintf(name, sizeof name, "%s", sa->name);
        else snprintf(name, sizeof name, "%s (B: %s)", sa->name, sb->name);
        if (json) {
            fputs(printed++ ? ",\n    {\"output\": " : "\n    {\"output\": ", out);
            tab_json_str(out, sa->name);
            fputs(", \"output_b\": ", out);
            tab_json_str(out, sb->name);
            fputs(", \"level\": ", out);
            tab_json_str(out, level_title(&c, sa));
            fputs(", \"unit\": ", out);
            tab_json_str(out, unit);
            fprintf(out, ",\n     \"summary\": {\"rows\": %zu, \"up\": %zu, \"down\": %zu, \"equal\": %zu, "
                         "\"only_a\": %zu, \"only_b\": %zu, \"sum_abs_change\": ",
                    s.rows, s.gain, s.lose, s.equal, s.only_a, s.only_b);
            json_num(out, &s.abs_change);
            fputs(", \"total_a\": ", out);
            json_num(out, s.totals ? &s.total_a : NULL);
            fputs(", \"total_b\": ", out);
            json_num(out, s.totals ? &s.total_b : NULL);
            fputs("},\n     \"rows\": [", out);
            for (size_t k = 0; k < n; k++) {
                fputs(k ? ",\n       {\"key\": " : "\n       {\"key\": ", out);
                tab_json_str(out, rows[k].key);
                fputs(", \"a\": ", out);
                json_num(out, rows[k].a);
                fputs(", \"b\": ", out);
                json_num(out, rows[k].b);
                fputs(", \"difference\": ", out);
                json_num(out, rows[k].has_diff ? &rows[k].diff : NULL);
                fputc('}', out);
            }
            fputs("]}", out);
        } else if (csv) {
            for (size_t k = 0; k < n; k++) {
                char *av = rows[k].a ? fmt_num(*rows[k].a) : mem_strdup("");
                char *bv = rows[k].b ? fmt_num(*rows[k].b) : mem_strdup("");
                char *dv = rows[k].has_diff ? fmt_num(rows[k].diff) : mem_strdup("");
                char *cv = fmt_change(&rows[k]);
                csv_cell(out, name);
                fputc(',', out);
                csv_cell(out, level_title(&c, sa));
                fputc(',', out);
                csv_cell(out, rows[k].key);
                fprintf(out, ",%s,%s,%s,%s\n", av, bv, dv, cv);
                mem_free(av); mem_free(bv); mem_free(dv); mem_free(cv);
            }
        } else {
            fprintf(out, md ? "\n## %s per %s%s%s%s\n" : "\n== %s per %s%s%s%s\n", name, level_title(&c, sa),
                    unit[0] ? " (" : "", unit, unit[0] ? ")" : "");
            if (!o->summary) {
                if (md) fputc('\n', out);
                write_rows_text(&c, sa, rows, n, md);
            }
            write_summary_text(&c, &s, md);
            write_movers_text(&c, mv, m, md);
        }
        mem_free(mv);
        mem_free(rows);
    }
    cmp_money *mo;
    size_t nm = money(&c, &mo);
    fnd_item *fa, *fb;
    size_t nfa = fnd_collect(a, NULL, &fa), nfb = fnd_collect(b, NULL, &fb);
    const fnd_item **oa, **ob;
    size_t noa = only_in(a, fa, nfa, b, fb, nfb, &oa), nob = only_in(b, fb, nfb, a, fa, nfa, &ob);
    if (o->changed) *o->changed += noa + nob;
    if (o->changed_only) {   /* money that did not change is no news */
        size_t k = 0;
        for (size_t i = 0; i < nm; i++)
            if (!mo[i].a || !mo[i].b || !num_eq(mo[i].ta, mo[i].tb)) mo[k++] = mo[i];
        nm = k;
    }
    if (json) {
        fputs(printed ? "\n  ],\n  \"money\": [" : "],\n  \"money\": [", out);
        for (size_t i = 0; i < nm; i++) {
            fputs(i ? ", {\"bonus\": " : "{\"bonus\": ", out);
            tab_json_str(out, mo[i].name);
            fputs(", \"a\": ", out);
            json_num(out, mo[i].a ? &mo[i].ta : NULL);
            fputs(", \"b\": ", out);
            json_num(out, mo[i].b ? &mo[i].tb : NULL);
            fputc('}', out);
        }
        fputs("],\n  \"findings_only_a\": ", out);
        json_findings(&c, a, oa, noa);
        fputs(",\n  \"findings_only_b\": ", out);
        json_findings(&c, b, ob, nob);
        fputs("\n}\n", out);
    } else if (!csv) {
        if (nm) {
            fprintf(out, md ? "\n## money (euro)\n\n" : "\n== money (euro)\n");
            for (size_t i = 0; i < nm; i++) {
                char *ta = mo[i].a ? fmt_num(mo[i].ta) : mem_strdup("-");
                char *tb = mo[i].b ? fmt_num(mo[i].tb) : mem_strdup("-");
                fprintf(out, "%s%s: %s %s, %s %s\n", md ? "- " : "", mo[i].name, c.la, ta, c.lb, tb);
                mem_free(ta);
                mem_free(tb);
            }
        }
        char only_a[64], only_b[64];
        snprintf(only_a, sizeof only_a, "only in %s", c.la);
        snprintf(only_b, sizeof only_b, "only in %s", c.lb);
        write_findings_text(&c, a, oa, noa, only_a, md);
        write_findings_text(&c, b, ob, nob, only_b, md);
        if (o->changed_only && o->changed && *o->changed == 0 && !nm)
            fputs(md ? "\nNo change in results.\n" : "\n  no change in results\n", out);
    }
    mem_free(oa);
    mem_free(ob);
    mem_free(fa);
    mem_free(fb);
    mem_free(mo);
    mem_free(pairs);
    return ferror(out) ? VDL_EOUTPUT : VDL_OK;
}
