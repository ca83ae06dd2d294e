/* testrun.c: the test blocks of a rule file (verdeel test).
 *
 *     test "Amsterdam, 2024" [Stcrt. 2024, 3320] {
 *         date 2024-02-01
 *         data "fixtures/small.csv"          # the main table; data "ses" "..." for another
 *         set BO = 96000
 *         expect indicatief for "GM0363" = 4479 within 50
 *         expect opgave for provincie "Utrecht" = 8207 within 40
 *         expect dekt_vraag for onderwijsregio "R1" = false   # a finding
 *     }
 *
 * Tests live in the rule file, or beside it in a file of the same name
 * ending in `.tests` that holds only test blocks.  Each test runs the law on
 * its data (by default the rule file's own), date and settings, and checks
 * every expectation exactly (or within the tolerance given).  A failure
 * shows the expected and the actual value and the citation of the rule
 * that produced it.  Rule coverage: the rules no expectation depends on. */
#include "testrun.h"
#include "mem.h"
#include "parse.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

typedef struct {
    char *file, *name;
    char *failure;               /* NULL when the test passed */
} tst_case;

typedef struct {
    const vdl_program *vp;
    const prog_t *p;
    const src_file *tf;          /* the file the current test is in */
    FILE *out;
    bool *covered;               /* per symbol */
    size_t passed, failed;
    tst_case *cases;             /* for the JUnit report */
    size_t ncases, capcases;
} tst;

static void cover(tst *t, int sym)
{
    if (sym < 0 || t->covered[sym]) return;
    t->covered[sym] = true;
    const prog_sym *s = &t->p->syms[sym];
    if (s->kind != SYM_RULE) return;
    /* everything the rule reads */
    const ast_expr *stack[512];
    int n = 0;
    stack[n++] = t->p->ast->rules[s->rule].expr;
    while (n > 0) {
        const ast_expr *e = stack[--n];
        if (!e) continue;
        if (e->kind == EX_NAME) { cover(t, e->sym); continue; }
        if (n + 5 + e->nargs >= 512) continue;
        stack[n++] = e->a;
        stack[n++] = e->b;
        stack[n++] = e->c;
        stack[n++] = e->where;
        for (int i = 0; i < e->nargs; i++) stack[n++] = e->args[i];
    }
}

/* A literal of a test line as text for a setting, or as a value to
 * compare; false when it is not a literal. */
static bool literal(const prog_t *p, const ast_expr *e, num_t *v, const char **text, vdl_type *ty)
{
    (void)p;
    *text = NULL;
    if (e->kind == EX_NUM) { *v = e->num; *ty = TY_NUM; return true; }
    if (e->kind == EX_UNARY && e->op == OPR_NEG && e->a->kind == EX_NUM) { *v = num_neg(e->a->num); *ty = TY_NUM; return true; }
    if (e->kind == EX_BOOL) { *v = num_int(e->bval); *ty = TY_BOOL; return true; }
    if (e->kind == EX_STR) { *text = e->str; *ty = TY_TEXT; return true; }
    return false;
}

static void say_fail(tst *t, const ast_test *ts, vdl_span sp, char **detail, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void say_fail(tst *t, const ast_test *ts, vdl_span sp, char **detail, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(t->out, "FAIL %s:%d:%d: test \"%s\": %s\n", t->tf->path, sp.first_line, sp.first_column, ts->name, msg);
    char *next = diag_fmt("%s%s%s", *detail ? *detail : "", *detail ? "\n" : "", msg);
    mem_free(*detail);
    *detail = next;
}

/* The row of `level` whose key is `key`, or -1. */
static long find_row(const vdl_result *r, int level, const char *key)
{
    const ds_data *ds = r->data->ds;
    size_t n = vm_level_len(ds, level);
    for (size_t i = 0; i < n; i++) {
        const char *k = level == LEVEL_ENTITY ? ds->strs[ds->key[i]]
                      : level == LEVEL_ALL ? "" : ds->strs[ds->levels[level - LEVEL_GROUP0].label[i]];
        if (strcmp(k, key) == 0) return (long)i;
    }
    return -1;
}

static char *show(const vdl_result *r, const prog_sym *s, num_t v)
{
    char *t = out_value(r, s, v);
    char unit[64];
    prog_unit_format(r->prog->prog, s->unit, unit, sizeof unit);
    if (!unit[0] || s->type != TY_NUM) return t;
    char *u = diag_fmt("%s %s", t, unit);
    mem_free(t);
    return u;
}

/* One expectation against a run; true when it holds. */
static bool check_expect(tst *t, const ast_test *ts, const ast_test_item *it, const vdl_result *r, char **detail)
{
    const prog_t *p = t->p;
    int s = prog_find(p, it->name);
    if (s < 0) { say_fail(t, ts, it->span, detail, "no value '%s' in the rule file", it->name); return false; }
    const prog_sym *sym = &p->syms[s];
    cover(t, s);
    long row = 0;
    if (sym->level != LEVEL_ALL) {
        if (!it->key) {
            say_fail(t, ts, it->span, detail, "'%s' has a value per %s: say which, with for \"KEY\"", it->name,
                     prog_level_name(p, sym->level));
            return false;
        }
        if (it->level && prog_level_find(p, it->level) != sym->level &&
            !(sym->level == LEVEL_ENTITY && strcmp(it->level, prog_level_name(p, LEVEL_ENTITY)) == 0)) {
            say_fail(t, ts, it->span, detail, "'%s' is per %s, not per %s", it->name, prog_level_name(p, sym->level), it->level);
            return false;
        }
        row = find_row(r, sym->level, it->key);
        if (row < 0) {
            say_fail(t, ts, it->span, detail, "no %s \"%s\" in the data", prog_level_name(p, sym->level), it->key);
            return false;
        }
    } else if (it->key) {
        say_fail(t, ts, it->span, detail, "'%s' is one value for all: no for \"KEY\"", it->name);
        return false;
    }
    num_t want, tol = NUM_ZERO;
    const char *wtext;
    vdl_type wt;
    if (!literal(p, it->value, &want, &wtext, &wt) || (it->within && (!literal(p, it->within, &tol, &wtext, &wt) || wt != TY_NUM))) {
        say_fail(t, ts, it->span, detail, "an expected value is a literal: a number, true, false or a string");
        return false;
    }
    literal(p, it->value, &want, &wtext, &wt);
    num_t got = r->vm.slot[sym->slot][row];
    bool ok;
    if (sym->type == TY_TEXT) ok = wt == TY_TEXT && strcmp(r->data->ds->strs[got.n], wtext) == 0;
    else if (sym->type != wt) ok = false;
    else if (it->within) {
        num_t d;
        ok = num_sub(got, want, &d) == NUM_OK && num_cmp(num_abs(d), tol) <= 0;
    } else ok = num_eq(got, want);
    if (ok) return true;
    char *g = show(r, sym, got), ws[96] = "";
    if (wt == TY_TEXT) snprintf(ws, sizeof ws, "\"%s\"", wtext);
    else if (wt == TY_BOOL) snprintf(ws, sizeof ws, "%s", want.n ? "true" : "false");
    else num_format(want, 6, ws, sizeof ws);
    char tols[96] = "";
    if (it->within) { char b[64]; num_format(tol, 6, b, sizeof b); snprintf(tols, sizeof tols, " within %s", b); }
    say_fail(t, ts, it->span, detail, "%s%s%s%s: expected %s%s, got %s [%s]", it->name, it->key ? " for " : "",
             it->key ? it->key : "", "", ws, tols, g, sym->cite ? sym->cite : "");
    mem_free(g);
    return false;
}

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void run_test(tst *t, const ast_test *ts, const vdl_source *base, int nbase, vdl_diags *d)
{
    const prog_t *p = t->p;
    int32_t date = p->law_valid_from;
    vdl_source src[32];
    vdl_setting set[64];
    char *paths[32];
    int nsrc = 0, nset = 0, npaths = 0;
    char setbuf[64][96];
    for (int i = 0; i < nbase && nsrc < 32; i++) src[nsrc++] = base[i];
    char *detail = NULL;
    bool bad = false;
    for (int i = 0; i < ts->nitems; i++) {
        const ast_test_item *it = &ts->items[i];
        if (it->kind == TI_DATE) date = it->date;
        else if (it->kind == TI_DATA && nsrc < 32 && npaths < 32) {
            /* a test's data file is relative to the file the test is in */
            const char *slash = strrchr(t->tf->path, '/');
            paths[npaths] = it->file[0] == '/' || !slash ? mem_strdup(it->file)
                          : diag_fmt("%.*s/%s", (int)(slash - t->tf->path), t->tf->path, it->file);
            const char *ds = it->name[0] ? it->name : NULL;
            int k = 0;
            while (k < nsrc && !((!ds && !src[k].dataset) || (ds && src[k].dataset && strcmp(ds, src[k].dataset) == 0))) k++;
            src[k] = (vdl_source){ ds, paths[npaths++], NULL, 0 };
            if (k == nsrc) nsrc++;
        } else if (it->kind == TI_SET && nset < 64) {
            num_t v;
            const char *text;
            vdl_type ty;
            if (!literal(p, it->value, &v, &text, &ty)) {
                say_fail(t, ts, it->span, &detail, "a setting is a literal");
                bad = true;
                continue;
            }
            if (ty == TY_TEXT) snprintf(setbuf[nset], sizeof setbuf[nset], "%s", text);
            else if (ty == TY_BOOL) snprintf(setbuf[nset], sizeof setbuf[nset], "%s", v.n ? "true" : "false");
            else num_format(v, 18, setbuf[nset], sizeof setbuf[nset]);
            set[nset] = (vdl_setting){ it->name, setbuf[nset] };
            nset++;
        }
    }
    vdl_status st = VDL_OK;
    vdl_data *data = NULL;
    vdl_result *r = NULL;
    if (!bad && !date) { say_fail(t, ts, ts->span, &detail, "no date: the law has no `valid from`; add `date YYYY-MM-DD`"); bad = true; }
    if (!bad && !(data = vdl_load(t->vp, date, src, nsrc, d, &st))) bad = true;
    if (!bad && !(r = vdl_run(t->vp, data, date, set, nset, d, &st))) bad = true;
    if (bad && vdl_diags_count(d)) {
        for (size_t i = 0; i < vdl_diags_count(d); i++)
            say_fail(t, ts, ts->span, &detail, "%s", vdl_diags_message(d, i));
        vdl_diags_clear(d);
    }
    bool ok = !bad;
    for (int i = 0; i < ts->nitems && r; i++)
        if (ts->items[i].kind == TI_EXPECT && !check_expect(t, ts, &ts->items[i], r, &detail)) ok = false;
    if (ok) t->passed++; else t->failed++;
    MEM_GROW(t->cases, t->capcases, t->ncases + 1);
    t->cases[t->ncases++] = (tst_case){ mem_strdup(t->tf->path), mem_strdup(ts->name),
                                        ok ? NULL : mem_strdup(detail ? detail : "failed") };
    mem_free(detail);
    vdl_result_free(r);
    vdl_data_free(data);
    for (int i = 0; i < npaths; i++) mem_free(paths[i]);
}

/* The tests beside a rule file: X.tests next to X.vdl, only test blocks. */
static src_file *beside(const char *path, ast_file *tests, diag_list *diags, int *errs)
{
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 4, ".vdl") != 0) return NULL;
    char *name = diag_fmt("%.*s.tests", (int)(n - 4), path);
    int e = 0;
    src_file *f = src_read(name, &e);
    mem_free(name);
    if (!f) return NULL;
    *errs += parse_file(f, tests, diags);
    if (tests->ndatasets || tests->nparams || tests->nrules || tests->noutputs || tests->nphases) {
        vdl_span none = { 0, 0, 0, 0 };
        diag_add(diags, DIAG_ERROR, f, none, "a .tests file holds only test blocks");
        (*errs)++;
    }
    return f;
}

int tst_run(const vdl_program *vp, const vdl_test_options *o, FILE *out, vdl_diags *d, size_t *passed, size_t *failed)
{
    tst t;
    memset(&t, 0, sizeof t);
    t.vp = vp;
    t.p = vp->prog;
    t.out = out;
    t.covered = mem_array((size_t)t.p->nsyms + 1, sizeof *t.covered);
    ast_file extra;
    memset(&extra, 0, sizeof extra);
    int errs = 0;
    src_file *tf = beside(t.p->file->path, &extra, &d->list, &errs);
    int rc = VDL_OK;
    if (errs) { rc = VDL_ERULES; goto done; }
    t.tf = t.p->file;
    for (int i = 0; i < t.p->ast->ntests; i++) run_test(&t, &t.p->ast->tests[i], o->data, o->ndata, d);
    t.tf = tf;
    for (int i = 0; tf && i < extra.ntests; i++) run_test(&t, &extra.tests[i], o->data, o->ndata, d);
    size_t rules = 0, covered = 0;
    for (int i = 0; i < t.p->nsyms; i++) {
        if (t.p->syms[i].kind != SYM_RULE) continue;
        rules++;
        covered += t.covered[i];
    }
    fprintf(out, "%s: %zu tests, %zu passed, %zu failed; rule coverage %zu of %zu", t.p->file->path,
            t.passed + t.failed, t.passed, t.failed, covered, rules);
    if (covered < rules) {
        fputs("; not exercised:", out);
        for (int i = 0; i < t.p->nsyms; i++)
            if (t.p->syms[i].kind == SYM_RULE && !t.covered[i]) fprintf(out, " %s", t.p->syms[i].name);
    }
    fputc('\n', out);
    if (o->junit) {
        fprintf(o->junit, "  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\">\n", t.p->file->path,
                t.passed + t.failed, t.failed);
        for (size_t i = 0; i < t.ncases; i++) {
            const tst_case *c = &t.cases[i];
            fputs("    <testcase classname=\"", o->junit);
            xml_text(o->junit, c->file);
            fputs("\" name=\"", o->junit);
            xml_text(o->junit, c->name);
            if (!c->failure) { fputs("\"/>\n", o->junit); continue; }
            fputs("\">\n      <failure message=\"expectations failed\">", o->junit);
            xml_text(o->junit, c->failure);
            fputs("</failure>\n    </testcase>\n", o->junit);
        }
        fputs("  </testsuite>\n", o->junit);
    }
done:
    for (size_t i = 0; i < t.ncases; i++) {
        mem_free(t.cases[i].file);
        mem_free(t.cases[i].name);
        mem_free(t.cases[i].failure);
    }
    mem_free(t.cases);
    mem_free(t.covered);
    ast_file_free(&extra);
    src_free(tf);
    *passed += t.passed;
    *failed += t.failed;
    return rc;
}
