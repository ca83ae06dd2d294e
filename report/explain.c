/* explain.c: why one entity gets what it gets (verdeel explain).
 *
 * For one entity and one output, the derivation step by step: every rule
 * the output depends on, in the order a reader follows it (the output
 * first, then what it reads), each with its value for this entity, its
 * expression, the inputs it read (data with their file and column,
 * parameters with the value in force on the date, other rules), the
 * aggregates with their group and row count, the apportion with its total,
 * weight and exact quota, and every rounding made visible; every step with
 * its citation.  The values are re-derived from the checked tree with the
 * same exact arithmetic the VM uses, reading the VM's results for the
 * rules.  JSON adds a receipt (hashes of the rule file and the data, the
 * date, the settings, the version) so that the result can be reproduced. */
#include "explain.h"
#include "apportion.h"
#include "sha256.h"
#include "table.h"
#include "mem.h"

#include <stdarg.h>
#include <string.h>

enum { BI_SUM, BI_COUNT, BI_MIN, BI_MAX, BI_MEAN, BI_ROUND, BI_ROUND_EVEN,
       BI_FLOOR, BI_CEIL, BI_TRUNC, BI_ABS, BI_APPORTION };

typedef struct {
    const vdl_result *r;
    const prog_t     *p;
    const ds_data    *ds;
    size_t            entity;
    FILE             *out;
    bool              json;
    char            **lines;        /* JSON: the current step's details */
    size_t            nlines, caplines;
    bool             *seen;         /* per symbol: already explained */
    const ast_expr   *top;          /* the expression of the rule being explained */
    int              *order;        /* rules in the order explained */
    int               norder;
} ex;

/* --- values -------------------------------------------------------------- */

/* Which row of `level` an entity belongs to. */
static size_t row_of(const ex *x, int level, size_t entity)
{
    if (level == LEVEL_ALL) return 0;
    if (level == LEVEL_ENTITY) return entity;
    return x->ds->levels[level - LEVEL_GROUP0].of_entity[entity];
}

/* The value of symbol s seen from row `row` of `level`. */
static num_t sym_at(const ex *x, const prog_sym *s, int level, size_t row)
{
    const num_t *col = x->r->vm.slot[s->slot];
    if (s->level == LEVEL_ALL) return col[0];
    if (s->level == level) return col[row];
    if (level == LEVEL_ENTITY) return col[x->ds->levels[s->level - LEVEL_GROUP0].of_entity[row]];
    return col[0];
}

/* Rows of `inner` that an aggregate reducing to `target` takes from the
 * context row (`level`, `row`): all of them, or those of the same group. */
static bool in_scope(const ex *x, int inner, size_t i, int target, int level, size_t row)
{
    if (target == LEVEL_ALL) return true;
    const uint32_t *g = x->ds->levels[target - LEVEL_GROUP0].of_entity;
    size_t mine = level == LEVEL_ENTITY ? g[row] : row;
    return inner == LEVEL_ENTITY && g[i] == mine;
}

static bool eval(const ex *x, const ast_expr *e, int level, size_t row, num_t *v);

static bool eval_aggregate(const ex *x, const ast_expr *e, int level, size_t row, num_t *v, size_t *nrows)
{
    int inner = e->inner_level, target = e->agg_level;
    size_t n = vm_level_len(x->ds, inner), cnt = 0;
    num_t acc = NUM_ZERO;
    for (size_t i = 0; i < n; i++) {
        if (!in_scope(x, inner, i, target, level, row)) continue;
        num_t w = NUM_ONE, a = NUM_ZERO;
        if (e->where && (!eval(x, e->where, inner, i, &w) || w.n == 0)) continue;
        if (e->sym != BI_COUNT && !eval(x, e->args[0], inner, i, &a)) return false;
        if (e->sym == BI_COUNT) { cnt++; continue; }
        if (cnt++ == 0) { acc = a; continue; }
        if (e->sym == BI_MIN) { if (num_cmp(a, acc) < 0) acc = a; }
        else if (e->sym == BI_MAX) { if (num_cmp(a, acc) > 0) acc = a; }
        else if (num_add(acc, a, &acc) != NUM_OK) return false;
    }
    *nrows = cnt;
    if (e->sym == BI_COUNT) { *v = num_int((int64_t)cnt); return true; }
    if (e->sym == BI_MEAN) return cnt && num_div(acc, num_int((int64_t)cnt), v) == NUM_OK;
    if (cnt == 0 && e->sym != BI_SUM) return false;
    *v = acc;
    return true;
}

typedef struct {
    num_t total, weight, wsum, quota, result;
    size_t rows;
} ex_app;

/* The apportion at the context row: the group's rows, their weights, the
 * method; *a gets the numbers a reader needs to follow it. */
static bool eval_apportion(const ex *x, const ast_expr *e, int level, size_t row, ex_app *a)
{
    int wl = e->level, target = e->agg_level;
    size_t n = vm_level_len(x->ds, wl);
    size_t me = row_of(x, wl, level == LEVEL_ENTITY ? row : x->entity);
    size_t ctx_row = level == LEVEL_ENTITY || level == wl ? row : me;
    if (!eval(x, e->args[0], target, target == LEVEL_ALL ? 0 : row_of(x, target, x->entity), &a->total))
        return false;
    num_t *w = mem_array(n + 1, sizeof *w), *out = mem_array(n + 1, sizeof *out);
    size_t *idx = mem_array(n + 1, sizeof *idx);
    uint32_t *rank = mem_array(n + 1, sizeof *rank);
    size_t k = 0;
    a->wsum = NUM_ZERO;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        rank[i] = (uint32_t)i;
        if (!in_scope(x, wl, i, target, wl, ctx_row) && target != LEVEL_ALL) continue;
        num_t c = NUM_ONE;
        if (e->where && (!eval(x, e->where, wl, i, &c))) { ok = false; break; }
        if (e->where && c.n == 0) continue;
        ok = eval(x, e->args[1], wl, i, &w[i]) && num_add(a->wsum, w[i], &a->wsum) == NUM_OK;
        idx[k++] = i;
    }
    a->rows = k;
    app_error ae;
    ok = ok && app_apportion((app_method)e->args[2]->sym, a->total, w, idx, k, rank, out, &ae) == APP_OK;
    bool member = false;
    for (size_t i = 0; i < k; i++) member |= idx[i] == ctx_row;
    a->weight = member ? w[ctx_row] : NUM_ZERO;
    a->result = member ? out[ctx_row] : NUM_ZERO;
    num_t t;
    a->quota = NUM_ZERO;
    if (ok && member && a->wsum.n != 0 && num_mul(a->total, a->weight, &t) == NUM_OK)
        num_div(t, a->wsum, &a->quota);
    mem_free(w);
    mem_free(out);
    mem_free(idx);
    mem_free(rank);
    return ok;
}

/* The value of e at a row of `level`, with the same exact arithmetic as
 * the VM; false where it has no value (the branch not taken can fail). */
static bool eval(const ex *x, const ast_expr *e, int level, size_t row, num_t *v)
{
    num_t a, b;
    switch (e->kind) {
    case EX_NUM: *v = e->num; return true;
    case EX_BOOL: *v = num_int(e->bval); return true;
    case EX_STR: *v = num_int(e->sym); return true;
    case EX_NAME: *v = sym_at(x, &x->p->syms[e->sym], level, row); return true;
    case EX_UNARY:
        if (!eval(x, e->a, level, row, &a)) return false;
        *v = e->op == OPR_NEG ? num_neg(a) : num_int(a.n == 0);
        return true;
    case EX_IF:
        if (!eval(x, e->a, level, row, &a)) return false;
        return eval(x, a.n ? e->b : e->c, level, row, v);
    case EX_BINARY:
        if (!eval(x, e->a, level, row, &a)) return false;
        if (e->op == OPR_AND && a.n == 0) { *v = NUM_ZERO; return true; }
        if (e->op == OPR_OR && a.n != 0) { *v = NUM_ONE; return true; }
        if (!eval(x, e->b, level, row, &b)) return false;
        switch (e->op) {
        case OPR_ADD: return num_add(a, b, v) == NUM_OK;
        case OPR_SUB: return num_sub(a, b, v) == NUM_OK;
        case OPR_MUL: return num_mul(a, b, v) == NUM_OK;
        case OPR_DIV: return num_div(a, b, v) == NUM_OK;
        case OPR_EQ: *v = num_int(num_eq(a, b)); return true;
        case OPR_NE: *v = num_int(!num_eq(a, b)); return true;
        case OPR_LT: *v = num_int(num_cmp(a, b) < 0); return true;
        case OPR_LE: *v = num_int(num_cmp(a, b) <= 0); return true;
        case OPR_GT: *v = num_int(num_cmp(a, b) > 0); return true;
        case OPR_GE: *v = num_int(num_cmp(a, b) >= 0); return true;
        case OPR_AND: case OPR_OR: *v = num_int(b.n != 0); return true;
        default: return false;
        }
    case EX_CALL: {
        int bi = e->sym;
        if (bi == BI_APPORTION) {
            ex_app ap;
            if (!eval_apportion(x, e, level, row, &ap)) return false;
            *v = ap.result;
            return true;
        }
        if ((bi == BI_MIN || bi == BI_MAX) && e->nargs >= 2) {
            if (!eval(x, e->args[0], level, row, v)) return false;
            for (int i = 1; i < e->nargs; i++) {
                if (!eval(x, e->args[i], level, row, &b)) return false;
                if (bi == BI_MIN ? num_cmp(b, *v) < 0 : num_cmp(b, *v) > 0) *v = b;
            }
            return true;
        }
        if (bi <= BI_MEAN) {
            size_t n;
            return eval_aggregate(x, e, level, row, v, &n);
        }
        if (!eval(x, e->args[0], level, row, &a)) return false;
        if (bi == BI_ABS) { *v = num_abs(a); return true; }
        num_round_mode m = bi == BI_ROUND ? NUM_HALF_AWAY : bi == BI_ROUND_EVEN ? NUM_HALF_EVEN
                         : bi == BI_FLOOR ? NUM_FLOOR : bi == BI_CEIL ? NUM_CEIL : NUM_TRUNC;
        return num_round(a, m, e->nargs == 2 ? (int)e->args[1]->num.n : 0, v) == NUM_OK;
    }
    }
    return false;
}

/* --- text ------------------------------------------------------------- */

static char *fmt(const ex *x, const prog_sym *s, num_t v)
{
    char *t = out_value(x->r, s, v);
    char unit[64];
    prog_unit_format(x->p, s->unit, unit, sizeof unit);
    if (!unit[0] || s->type != TY_NUM) return t;
    char *u = diag_fmt("%s %s", t, unit);
    mem_free(t);
    return u;
}

static char *fmt_num(num_t v)
{
    char buf[96];
    num_format(v, 6, buf, sizeof buf);
    return mem_strdup(buf);
}


static void say(ex *x, int indent, const char *f, ...) __attribute__((format(printf, 3, 4)));
/* One line of a step: printed (text), or kept for the step's "details"
 * (JSON, without the indent). */
static void say(ex *x, int indent, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    if (x->json) {
        char buf[2048];
        vsnprintf(buf, sizeof buf, f, ap);
        MEM_GROW(x->lines, x->caplines, x->nlines + 1);
        x->lines[x->nlines++] = mem_strdup(buf);
    } else {
        fprintf(x->out, "%*s", indent, "");
        vfprintf(x->out, f, ap);
        fputc('\n', x->out);
    }
    va_end(ap);
}

static const char *method_words(app_method m)
{
    switch (m) {
    case APP_ROUNDED_QUOTA: return "the quota rounded half away from zero on its own";
    case APP_LARGEST_REMAINDER: return "largest remainder: the floor of the quota, plus one if its remainder is among the largest";
    case APP_DHONDT: return "D'Hondt highest averages";
    case APP_SAINTE_LAGUE: return "Sainte-Lague highest averages";
    }
    return "";
}

static const prog_pvalue *value_in_force(const prog_sym *s, vdl_date date)
{
    for (int i = 0; i < s->nvalues; i++)
        if ((!s->values[i].from || s->values[i].from <= date) && (!s->values[i].until || date <= s->values[i].until))
            return &s->values[i];
    return NULL;
}

/* Where a value comes from: a table's column, a parameter's value in force,
 * or a rule (explained below). */
static char *origin(const ex *x, const prog_sym *s)
{
    if (s->kind == SYM_COLUMN) {
        const char *header = s->name, *cite = s->cite;
        for (int i = 0; i < s->nsources; i++) {
            const prog_source *src = &s->sources[i];
            if ((src->from && x->r->date < src->from) || (src->until && x->r->date > src->until)) continue;
            header = src->names[0];
            if (src->cite) cite = src->cite;
            break;
        }
        return diag_fmt("data %s, column \"%s\"%s%s%s", x->ds->paths[s->dataset], header,
                        cite ? " [" : "", cite ? cite : "", cite ? "]" : "");
    }
    if (s->kind == SYM_PARAM) {
        const prog_pvalue *v = value_in_force(s, x->r->date);
        const char *cite = v && v->cite ? v->cite : s->cite ? s->cite : "";
        char from[11] = "", until[11] = "";
        if (v && v->from) ast_date_format(v->from, from);
        if (v && v->until) ast_date_format(v->until, until);
        return diag_fmt("parameter%s%s%s%s [%s]", from[0] ? ", from " : "", from, until[0] ? " until " : "",
                        until, cite);
    }
    return diag_fmt("%s (its own step)", s->rkind == RK_BONUS ? "bonus" : s->rkind == RK_CRITERION ? "criterion" : "rule");
}

static void note_marks(const ex *x, const prog_sym *s, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (int k = 0; k < x->p->nnotes; k++)
        if (s->notes & (1u << k)) snprintf(buf + strlen(buf), cap - strlen(buf), " [%d]", k + 1);
}

/* The steps under a rule: its inputs, aggregates, apportions, roundings. */
static void steps(ex *x, const ast_expr *e, int level, size_t row, bool *listed)
{
    if (!e) return;
    if (e->kind == EX_NAME && e->sym >= 0 && !listed[e->sym]) {
        listed[e->sym] = true;
        const prog_sym *s = &x->p->syms[e->sym];
        char *v = fmt(x, s, sym_at(x, s, level, row)), *o = origin(x, s), marks[64];
        note_marks(x, s, marks, sizeof marks);
        const char *scope = s->level >= LEVEL_GROUP0 && level == LEVEL_ENTITY ? prog_level_name(x->p, s->level) : NULL;
        if (scope)
            say(x, 4, "%s = %s (its %s %s)%s; %s", s->name, v, scope,
                fnd_key(x->r, s->level, row_of(x, s->level, row)), marks, o);
        else
            say(x, 4, "%s = %s%s; %s", s->name, v, marks, o);
        mem_free(v);
        mem_free(o);
        return;
    }
    if (e->kind == EX_CALL && e->sym == BI_APPORTION) {
        ex_app ap;
        char *text = prog_span_text(x->p, e->span);
        if (!eval_apportion(x, e, level, row, &ap)) {
            say(x, 4, "%s: not computable for this row", text);
        } else {
            char *t = fmt_num(ap.total), *w = fmt_num(ap.weight), *ws = fmt_num(ap.wsum);
            char *q = fmt_num(ap.quota), *res = fmt_num(ap.result);
            const char *within = e->agg_level == LEVEL_ALL ? "all" : prog_level_name(x->p, e->agg_level);
            if (e != x->top) say(x, 4, "%s", text);
            say(x, 6, "total %s over %zu rows (within %s%s%s); weight %s of %s in all", t, ap.rows, within,
                e->agg_level == LEVEL_ALL ? "" : " ",
                e->agg_level == LEVEL_ALL ? "" : fnd_key(x->r, e->agg_level, row_of(x, e->agg_level, x->entity)),
                w, ws);
            say(x, 6, "quota %s x %s / %s = %s; %s: %s", t, w, ws, q,
                method_words((app_method)e->args[2]->sym), res);
            mem_free(t); mem_free(w); mem_free(ws); mem_free(q); mem_free(res);
        }
        mem_free(text);
        for (int i = 0; i < 2; i++) steps(x, e->args[i], i == 0 ? e->agg_level : e->level,
                                          i == 0 ? row_of(x, e->agg_level, x->entity) : row_of(x, e->level, x->entity), listed);
        return;
    }
    if (e->kind == EX_CALL && e->sym >= 0 && e->sym <= BI_MEAN && !((e->sym == BI_MIN || e->sym == BI_MAX) && e->nargs >= 2)) {
        num_t v;
        size_t n = 0;
        char *text = prog_span_text(x->p, e->span);
        if (eval_aggregate(x, e, level, row, &v, &n)) {
            char *vs = fmt_num(v);
            if (e->agg_level == LEVEL_ALL)
                say(x, 4, "%s = %s, over %zu rows of all", text, vs, n);
            else
                say(x, 4, "%s = %s, over the %zu rows of %s %s", text, vs, n, prog_level_name(x->p, e->agg_level),
                    fnd_key(x->r, e->agg_level, row_of(x, e->agg_level, x->entity)));
            mem_free(vs);
        }
        mem_free(text);
        return;
    }
    if (e->kind == EX_CALL && e->sym >= BI_ROUND && e->sym <= BI_TRUNC) {
        num_t before, after;
        if (eval(x, e->args[0], level, row, &before) && eval(x, e, level, row, &after)) {
            static const char *const how[] = { "rounded half away from zero", "rounded half to even",
                                               "rounded down", "rounded up", "truncated" };
            char *b = fmt_num(before), *a = fmt_num(after), *text = prog_span_text(x->p, e->span);
            say(x, 4, "%s, %s: %s -> %s", text, how[e->sym - BI_ROUND], b, a);
            mem_free(b);
            mem_free(a);
            mem_free(text);
        }
    }
    if (e->kind == EX_IF) {
        num_t c;
        if (eval(x, e->a, level, row, &c)) {
            steps(x, e->a, level, row, listed);
            steps(x, c.n ? e->b : e->c, level, row, listed);
            return;
        }
    }
    steps(x, e->a, level, row, listed);
    steps(x, e->b, level, row, listed);
    steps(x, e->c, level, row, listed);
    for (int i = 0; i < e->nargs; i++) steps(x, e->args[i], level, row, listed);
    steps(x, e->where, level, row, listed);
}

/* --- the derivation ------------------------------------------------------ */

/* The rules an output depends on, the output first, each once. */
static void collect(ex *x, const ast_expr *e)
{
    if (!e) return;
    if (e->kind == EX_NAME && e->sym >= 0) {
        const prog_sym *s = &x->p->syms[e->sym];
        if (s->kind == SYM_RULE && !x->seen[e->sym]) {
            x->seen[e->sym] = true;
            x->order[x->norder++] = e->sym;
            collect(x, x->p->ast->rules[s->rule].expr);
        }
        return;
    }
    collect(x, e->a);
    collect(x, e->b);
    collect(x, e->c);
    for (int i = 0; i < e->nargs; i++) collect(x, e->args[i]);
    collect(x, e->where);
}

static void json_lines(ex *x)
{
    fputs("\"details\": [", x->out);
    for (size_t i = 0; i < x->nlines; i++) {
        if (i) fputs(", ", x->out);
        tab_json_str(x->out, x->lines[i]);
        mem_free(x->lines[i]);
    }
    fputc(']', x->out);
    x->nlines = 0;
}

static void explain_rule(ex *x, int sym, bool first)
{
    const prog_sym *s = &x->p->syms[sym];
    const ast_rule *r = &x->p->ast->rules[s->rule];
    size_t row = row_of(x, s->level, x->entity);
    num_t v = x->r->vm.slot[s->slot][row];
    char *val = fmt(x, s, v), *text = prog_span_text(x->p, r->expr->span), marks[64];
    note_marks(x, s, marks, sizeof marks);
    const char *kind = s->rkind == RK_BONUS ? "bonus " : s->rkind == RK_CRITERION ? "criterion " : "";
    bool *listed = mem_array((size_t)x->p->nsyms + 1, sizeof *listed);
    if (x->json) {
        fputs(first ? "\n    {\"rule\": " : ",\n    {\"rule\": ", x->out);
        tab_json_str(x->out, s->name);
        fputs(", \"kind\": ", x->out);
        tab_json_str(x->out, s->rkind == RK_BONUS ? "bonus" : s->rkind == RK_CRITERION ? "criterion" : "rule");
        fputs(", \"level\": ", x->out);
        tab_json_str(x->out, prog_level_name(x->p, s->level));
        fputs(", \"row\": ", x->out);
        tab_json_str(x->out, s->level == LEVEL_ALL ? "" : fnd_key(x->r, s->level, row));
        fputs(", \"value\": ", x->out);
        char *plain = out_value(x->r, s, v);
        if (s->type == TY_TEXT) tab_json_str(x->out, plain); else fputs(plain, x->out);
        mem_free(plain);
        char unit[64];
        prog_unit_format(x->p, s->unit, unit, sizeof unit);
        fputs(", \"unit\": ", x->out);
        tab_json_str(x->out, unit);
        fputs(", \"citation\": ", x->out);
        tab_json_str(x->out, s->cite ? s->cite : "");
        fputs(", \"expression\": ", x->out);
        tab_json_str(x->out, text);
        fputs(",\n     ", x->out);
        x->top = r->expr;
        steps(x, r->expr, s->level, row, listed);
        json_lines(x);
        fputc('}', x->out);
    } else {
        fputc('\n', x->out);
        if (s->level == LEVEL_ENTITY || s->level == LEVEL_ALL)
            say(x, 0, "%s%s = %s%s  [%s]", kind, s->name, val, marks, s->cite ? s->cite : "");
        else
            say(x, 0, "%s%s = %s for %s %s%s  [%s]", kind, s->name, val, prog_level_name(x->p, s->level),
                fnd_key(x->r, s->level, row), marks, s->cite ? s->cite : "");
        say(x, 2, "%s", text);
        x->top = r->expr;
        steps(x, r->expr, s->level, row, listed);
    }
    mem_free(listed);
    mem_free(val);
    mem_free(text);
}

/* --why-not: the conditions of a criterion, which held and which did not,
 * and by how much a failed comparison missed. */
static void why_not(ex *x, const ast_expr *e, int level, size_t row, int indent)
{
    num_t v, a, b;
    if (!eval(x, e, level, row, &v)) return;
    char *text = prog_span_text(x->p, e->span);
    if (e->kind == EX_BINARY && (e->op == OPR_AND || e->op == OPR_OR)) {
        say(x, indent, "%s: %s", text, v.n ? "holds" : "fails");
        why_not(x, e->a, level, row, indent + 2);
        why_not(x, e->b, level, row, indent + 2);
    } else if (e->kind == EX_BINARY && e->op >= OPR_EQ && e->op <= OPR_GE && e->a->type == TY_NUM &&
               eval(x, e->a, level, row, &a) && eval(x, e->b, level, row, &b)) {
        num_t d;
        char *as = fmt_num(a), *bs = fmt_num(b);
        if (!v.n && num_sub(a, b, &d) == NUM_OK) {
            char *ds = fmt_num(num_abs(d));
            say(x, indent, "%s: fails: %s against %s, off by %s", text, as, bs, ds);
            mem_free(ds);
        } else {
            say(x, indent, "%s: %s: %s against %s", text, v.n ? "holds" : "fails", as, bs);
        }
        mem_free(as);
        mem_free(bs);
    } else {
        say(x, indent, "%s: %s", text, v.n ? "holds" : "fails");
    }
    mem_free(text);
}

static void receipt(ex *x, const vdl_explain_options *o)
{
    char h[65], date[11];
    ast_date_format(x->r->date, date);
    fputs("  \"receipt\": {\"verdeel\": ", x->out);
    tab_json_str(x->out, VDL_VERSION);
    fputs(", \"rules\": {\"path\": ", x->out);
    tab_json_str(x->out, x->p->file->path);
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, x->p->file->text, x->p->file->len);
    sha256_hex(&c, h);
    fprintf(x->out, ", \"sha256\": \"%s\"}, \"data\": [", h);
    for (int i = 0; i < x->ds->npaths; i++) {
        fputs(i ? ", {\"path\": " : "{\"path\": ", x->out);
        tab_json_str(x->out, x->ds->paths[i]);
        if (sha256_file(x->ds->paths[i], h) == 0) fprintf(x->out, ", \"sha256\": \"%s\"}", h);
        else fputs(", \"sha256\": null}", x->out);
    }
    fprintf(x->out, "], \"date\": \"%s\", \"settings\": {", date);
    for (int i = 0; i < o->nset; i++) {
        if (i) fputs(", ", x->out);
        tab_json_str(x->out, o->set[i].name);
        fputs(": ", x->out);
        tab_json_str(x->out, o->set[i].value);
    }
    fputs("}},\n", x->out);
}

static size_t entity_index(const ex *x, const char *key)
{
    for (size_t i = 0; i < x->ds->n; i++)
        if (strcmp(x->ds->strs[x->ds->key[i]], key) == 0) return i;
    return (size_t)-1;
}

int xpl_write(const vdl_result *r, const vdl_explain_options *o, FILE *out, vdl_diags *d)
{
    ex x;
    memset(&x, 0, sizeof x);
    x.r = r;
    x.p = r->prog->prog;
    x.ds = r->data->ds;
    x.out = out;
    x.json = o->format == VDL_FMT_JSON;
    x.entity = entity_index(&x, o->entity);
    if (x.entity == (size_t)-1) {
        diag_add_at(&d->list, DIAG_ERROR, NULL, 0, "--entity %s: no such %s", o->entity, x.p->datasets[0].name);
        const char **keys = mem_array(x.ds->n + 1, sizeof *keys);
        for (size_t i = 0; i < x.ds->n; i++) keys[i] = x.ds->strs[x.ds->key[i]];
        const char *best = diag_suggest(o->entity, keys, x.ds->n);
        if (best) diag_hint(&d->list, "did you mean '%s'?", best);
        mem_free(keys);
        return VDL_EUSAGE;
    }
    /* what to explain: the named output (or criterion), else every rule output */
    const char *names[2] = { o->why_not ? o->why_not : o->output, NULL };
    int target = names[0] ? prog_find(x.p, names[0]) : -1;
    if (names[0] && (target < 0 || x.p->syms[target].kind != SYM_RULE ||
                     (o->why_not && x.p->syms[target].rkind != RK_CRITERION))) {
        diag_add_at(&d->list, DIAG_ERROR, NULL, 0, "%s %s: the rule file has no %s of that name",
                    o->why_not ? "--why-not" : "--output", names[0], o->why_not ? "criterion" : "rule");
        return VDL_EUSAGE;
    }
    x.seen = mem_array((size_t)x.p->nsyms + 1, sizeof *x.seen);
    x.order = mem_array((size_t)x.p->nsyms + 1, sizeof *x.order);
    if (target >= 0) {
        x.seen[target] = true;
        x.order[x.norder++] = target;
        collect(&x, x.p->ast->rules[x.p->syms[target].rule].expr);
    } else {
        for (int i = 0; i < x.p->noutputs; i++) {
            int s = x.p->outputs[i];
            if (x.p->syms[s].kind != SYM_RULE || x.seen[s]) continue;
            x.seen[s] = true;
            x.order[x.norder++] = s;
            collect(&x, x.p->ast->rules[x.p->syms[s].rule].expr);
        }
    }
    const char *key = o->entity;
    char date[11];
    ast_date_format(r->date, date);
    if (x.json) {
        fputs("{\n", out);
        receipt(&x, o);
        fputs("  \"entity\": ", out);
        tab_json_str(out, key);
        fputs(", \"law\": ", out);
        tab_json_str(out, x.p->law_title ? x.p->law_title : "");
        fputs(",\n  \"steps\": [", out);
    } else {
        fprintf(out, "%s %s under %s%s%s%s, on %s\n", x.p->datasets[0].name, key,
                x.p->law_title ? x.p->law_title : x.p->file->path, x.p->law_id ? " (" : "",
                x.p->law_id ? x.p->law_id : "", x.p->law_id ? ")" : "", date);
    }
    if (o->why_not) {
        const prog_sym *c = &x.p->syms[target];
        size_t row = row_of(&x, c->level, x.entity);
        num_t v = r->vm.slot[c->slot][row];
        if (x.json) {
            fputs("],\n  \"why_not\": {\"criterion\": ", out);
            tab_json_str(out, c->name);
            fprintf(out, ", \"holds\": %s, ", v.n ? "true" : "false");
        } else {
            fprintf(out, "\ncriterion %s %s  [%s]\n", c->name, v.n ? "holds" : "fails", c->cite ? c->cite : "");
        }
        why_not(&x, x.p->ast->rules[c->rule].expr, c->level, row, 2);
        if (x.json) { json_lines(&x); fputs("}\n}\n", out); }
    } else {
        for (int i = 0; i < x.norder; i++) explain_rule(&x, x.order[i], i == 0);
        if (x.json) fputs("\n  ]\n}\n", out);
    }
    if (!x.json) {
        uint32_t used = 0;
        for (int i = 0; i < x.norder; i++) used |= x.p->syms[x.order[i]].notes;
        if (used) fputc('\n', out);
        for (int k = 0; k < x.p->nnotes; k++)
            if (used & (1u << k)) fprintf(out, "[%d] %s\n", k + 1, x.p->notes[k]);
    }
    mem_free(x.lines);
    mem_free(x.seen);
    mem_free(x.order);
    return ferror(out) ? VDL_EOUTPUT : VDL_OK;
}
