/* fmt.c: the canonical layout of a rule file (verdeel fmt).
 *
 * The file is printed from its checked tree: declarations in the order they
 * stand, a fixed indent of four, one blank line where the author left one
 * or more, expressions with single spaces and only the parentheses their
 * precedence needs, numbers as written.  Every comment is kept: a comment
 * on a line of its own stays before the declaration (or column, or value)
 * that follows it, a comment after code stays at the end of that line.
 * Formatting never changes meaning: fmt_same() compares what the original
 * and the formatted text compile to, and the formatter refuses to write a
 * result that differs. */
#include "fmt.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const ast_file *a;
    const src_file *f;
    char           *out;       /* the text being built */
    size_t          n, cap;
    bool           *used;      /* per comment: printed */
    bool           *own_line;  /* per comment: nothing but blanks before it */
    int             last;      /* the last source line printed */
    int             wrap;      /* > 0: a call's where/within go on a new line at this indent */
} fm;

/* --- the output buffer ---------------------------------------------------- */

static void put(fm *m, const char *s, size_t len)
{
    MEM_GROW(m->out, m->cap, m->n + len + 1);
    memcpy(m->out + m->n, s, len);
    m->n += len;
    m->out[m->n] = '\0';
}

static void puts_(fm *m, const char *s) { put(m, s, strlen(s)); }

static void indent(fm *m, int n)
{
    for (int i = 0; i < n; i++) put(m, " ", 1);
}

static void putf(fm *m, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void putf(fm *m, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char buf[512];
    int k = vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    if (k < (int)sizeof buf) { put(m, buf, (size_t)(k < 0 ? 0 : k)); return; }
    char *big = mem_alloc((size_t)k + 1);
    va_start(ap, f);
    vsnprintf(big, (size_t)k + 1, f, ap);
    va_end(ap);
    put(m, big, (size_t)k);
    mem_free(big);
}

/* --- comments and blank lines -------------------------------------------- */

static bool blank_line(const fm *m, int line)
{
    size_t len;
    const char *t = src_line(m->f, line, &len);
    for (size_t i = 0; i < len; i++)
        if (t[i] != ' ' && t[i] != '\t') return false;
    return true;
}

/* Is there a blank source line strictly between lines a and b? */
static bool gap(const fm *m, int a, int b)
{
    for (int l = a + 1; l < b; l++)
        if (blank_line(m, l)) return true;
    return false;
}

/* Before an item that starts on source line `line`: the comments on lines
 * of their own above it, then a blank line if the author left one. */
static void lead(fm *m, int line, int ind)
{
    for (int i = 0; i < m->a->ncomments; i++) {
        const ast_comment *c = &m->a->comments[i];
        if (m->used[i] || !m->own_line[i] || c->span.first_line >= line) continue;
        if (m->last > 0 && gap(m, m->last, c->span.first_line)) puts_(m, "\n");
        indent(m, ind);
        puts_(m, c->text);
        puts_(m, "\n");
        m->used[i] = true;
        m->last = c->span.first_line;
    }
    if (m->last > 0 && line <= (int)m->f->nlines && gap(m, m->last, line)) puts_(m, "\n");
}

/* After an item's last printed line: the comments that stood after code on
 * the lines it came from, then the line end. */
static void trail(fm *m, int first, int last)
{
    for (int i = 0; i < m->a->ncomments; i++) {
        const ast_comment *c = &m->a->comments[i];
        if (m->used[i] || m->own_line[i] || c->span.first_line < first || c->span.first_line > last) continue;
        puts_(m, "  ");
        puts_(m, c->text);
        m->used[i] = true;
    }
    puts_(m, "\n");
    if (last > m->last) m->last = last;
}

/* --- expressions ------------------------------------------------------------ */

static void str_lit(fm *m, const char *s)
{
    put(m, "\"", 1);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') { put(m, "\\", 1); put(m, s, 1); }
        else if (*s == '\n') puts_(m, "\\n");
        else if (*s == '\t') puts_(m, "\\t");
        else put(m, s, 1);
    }
    put(m, "\"", 1);
}

/* A number as its author wrote it (96_000, 0.25). */
static void num_lit(fm *m, const ast_expr *e)
{
    size_t len;
    const char *t = src_line(m->f, e->span.first_line, &len);
    int col = 1;
    size_t b0 = len, b1 = len;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && ((unsigned char)t[i] & 0xC0) == 0x80) continue;
        if (col == e->span.first_column) b0 = i;
        if (col == e->span.last_column) { b1 = i; break; }
        col++;
    }
    if (e->span.first_line == e->span.last_line && b0 < b1) put(m, t + b0, b1 - b0);
    else {
        char buf[96];
        num_format(e->num, 18, buf, sizeof buf);
        puts_(m, buf);
    }
}

static int prec(const ast_expr *e)
{
    if (e->kind == EX_IF) return 1;
    if (e->kind == EX_UNARY) return e->op == OPR_NOT ? 4 : 8;
    if (e->kind != EX_BINARY) return 9;
    switch (e->op) {
    case OPR_OR: return 2;
    case OPR_AND: return 3;
    case OPR_EQ: case OPR_NE: case OPR_LT: case OPR_LE: case OPR_GT: case OPR_GE: return 5;
    case OPR_ADD: case OPR_SUB: return 6;
    default: return 7;
    }
}

static void expr(fm *m, const ast_expr *e, int ctx)
{
    static const char *const ops[] = { "+", "-", "*", "/", "-", "==", "!=", "<", "<=", ">", ">=", "and", "or", "not" };
    int p = prec(e);
    bool paren = p < ctx;
    if (paren) put(m, "(", 1);
    switch (e->kind) {
    case EX_NUM: num_lit(m, e); break;
    case EX_STR: str_lit(m, e->str); break;
    case EX_BOOL: puts_(m, e->bval ? "true" : "false"); break;
    case EX_NAME: puts_(m, e->str); break;
    case EX_UNARY:
        puts_(m, e->op == OPR_NOT ? "not " : "-");
        expr(m, e->a, p);
        break;
    case EX_BINARY:
        /* left-associative: the right side binds tighter; comparisons do not chain */
        expr(m, e->a, p == 5 ? p + 1 : p);
        putf(m, " %s ", ops[e->op]);
        expr(m, e->b, p + 1);
        break;
    case EX_IF:
        puts_(m, "if ");
        expr(m, e->a, 2);
        puts_(m, " then ");
        expr(m, e->b, 2);
        puts_(m, " else ");
        expr(m, e->c, 1);
        break;
    case EX_CALL:
        puts_(m, e->str);
        put(m, "(", 1);
        for (int i = 0; i < e->nargs; i++) {
            if (i) puts_(m, ", ");
            expr(m, e->args[i], 0);
        }
        if (m->wrap && (e->where || e->within) && e->nargs) {
            puts_(m, "\n");
            indent(m, m->wrap);
        } else if (e->where || e->within) {
            if (e->nargs) put(m, " ", 1);
        }
        if (e->where) {
            puts_(m, "where ");
            expr(m, e->where, 0);
        }
        if (e->within) putf(m, "%swithin %s", e->where ? " " : "", e->within);
        put(m, ")", 1);
        break;
    }
    if (paren) put(m, ")", 1);
}

/* --- declarations ----------------------------------------------------------- */

static void cite(fm *m, const char *c)
{
    if (c) putf(m, " [%s]", c);
}

static void date_(fm *m, const char *word, vdl_date d)
{
    if (!d) return;
    char b[11];
    ast_date_format(d, b);
    putf(m, " %s %s", word, b);
}

/* law "title"
 *     id "BWBR..."
 *     valid from DATE
 *     [citation]                                                          */
static void law(fm *m)
{
    const ast_law *l = &m->a->law;
    lead(m, l->at.first_line, 0);
    puts_(m, "law ");
    str_lit(m, l->title ? l->title : "");
    if (l->id) { puts_(m, "\n    id "); str_lit(m, l->id); }
    if (l->valid_from) {
        char b[11];
        ast_date_format(l->valid_from, b);
        putf(m, "\n    valid from %s", b);
    }
    if (l->cite) putf(m, "\n    [%s]", l->cite);
    trail(m, l->at.first_line, l->at.last_line);
}

/* The type of a column as canonical text: integer [UNIT], UNIT, decimal,
 * text, bool (`decimal places` is written `places`: the same type). */
static void col_type(fm *m, const ast_column *c)
{
    if (c->type == TY_TEXT) puts_(m, "text");
    else if (c->type == TY_BOOL) puts_(m, "bool");
    else if (c->integer) { puts_(m, "integer"); if (c->unit.name) putf(m, " %s", c->unit.name); }
    else puts_(m, c->unit.name ? c->unit.name : "decimal");
}

/* dataset NAME [from "F"] [key K] [join D] { columns; notes } */
static void dataset(fm *m, const ast_dataset *d)
{
    lead(m, d->at.first_line, 0);
    putf(m, "dataset %s", d->name.name);
    if (d->path) { puts_(m, " from "); str_lit(m, d->path); }
    if (d->key.name) putf(m, " key %s", d->key.name);
    if (d->join.name) putf(m, " join %s", d->join.name);
    puts_(m, " {");
    int head_end = d->ncols ? d->cols[0].at.first_line - 1 : d->at.first_line;
    trail(m, d->at.first_line, head_end < d->at.first_line ? d->at.first_line : head_end);
    for (int i = 0; i < d->ncols; i++) {
        const ast_column *c = &d->cols[i];
        lead(m, c->at.first_line, 4);
        putf(m, "    %s ", c->name.name);
        col_type(m, c);
        if (c->group.name) putf(m, " group %s", c->group.name);
        cite(m, c->cite);
        /* one undated source stays on the column's line */
        bool inline_src = c->nsources == 1 && !c->sources[0].from && !c->sources[0].until &&
                          c->sources[0].nnames == 1;
        if (inline_src) {
            const ast_source *s = &c->sources[0];
            puts_(m, " column ");
            for (int j = 0; j < s->nnames; j++) {
                if (j) puts_(m, " or ");
                str_lit(m, s->names[j]);
            }
            cite(m, s->cite);
            trail(m, c->at.first_line, c->at.last_line);
            continue;
        }
        int end = c->nsources ? c->sources[0].span.first_line - 1 : c->at.last_line;
        if (end < c->at.first_line) end = c->at.first_line;
        trail(m, c->at.first_line, end);
        for (int k = 0; k < c->nsources; k++) {
            const ast_source *s = &c->sources[k];
            lead(m, s->span.first_line, 8);
            puts_(m, "        column ");
            for (int j = 0; j < s->nnames; j++) {
                if (j) puts_(m, " or ");
                str_lit(m, s->names[j]);
            }
            date_(m, "from", s->from);
            date_(m, "until", s->until);
            cite(m, s->cite);
            int last = k + 1 < c->nsources ? c->sources[k + 1].span.first_line - 1 : c->at.last_line;
            trail(m, s->span.first_line, last < s->span.first_line ? s->span.first_line : last);
        }
    }
    for (int i = 0; i < d->nnotes; i++) {
        puts_(m, "    note ");
        str_lit(m, d->notes[i]);
        puts_(m, "\n");
    }
    lead(m, d->at.last_line, 4);
    puts_(m, "}");
    trail(m, d->at.last_line, d->at.last_line);
}

static void ann(fm *m, const ast_ann *a)
{
    if (a->name) putf(m, " : %s", a->name);
}

/* param NAME [: UNIT] [citation] = VALUE [from D] [until D] [citation] ...
 * one value on the declaration's line, several each on a line of its own */
static void param(fm *m, const ast_param *p)
{
    lead(m, p->at.first_line, 0);
    putf(m, "param %s", p->name.name);
    ann(m, &p->ann);
    cite(m, p->cite);
    bool one = p->nvalues == 1 && !p->cite;
    for (int i = 0; i < p->nvalues; i++) {
        const ast_pvalue *v = &p->values[i];
        if (!one) {
            trail(m, i == 0 ? p->at.first_line : p->values[i - 1].span.first_line,
                  i == 0 ? v->span.first_line - 1 : v->span.first_line - 1);
            lead(m, v->span.first_line, 4);
            puts_(m, "    =");
        } else {
            puts_(m, " =");
        }
        put(m, " ", 1);
        expr(m, v->value, 0);
        date_(m, "from", v->from);
        date_(m, "until", v->until);
        cite(m, v->cite);
    }
    int from = p->nvalues ? p->values[p->nvalues - 1].span.first_line : p->at.first_line;
    if (one) from = p->at.first_line;
    trail(m, from, p->at.last_line);
}

static void rule(fm *m, const ast_rule *r, int ind)
{
    static const char *const kw[] = { "rule", "bonus", "criterion" };
    lead(m, r->at.first_line, ind);
    indent(m, ind);
    putf(m, "%s %s", kw[r->kind], r->name.name);
    ann(m, &r->ann);
    puts_(m, " = ");
    size_t start = m->n, line_start = m->n;
    while (line_start > 0 && m->out[line_start - 1] != '\n') line_start--;
    expr(m, r->expr, 0);
    if (m->n - line_start > 100 && r->expr->kind == EX_IF) {
        /* too long for one line: the branches of the if each on their own */
        m->n = start;
        puts_(m, "if ");
        expr(m, r->expr->a, 2);
        puts_(m, "\n");
        indent(m, ind + 4);
        puts_(m, "then ");
        expr(m, r->expr->b, 2);
        puts_(m, "\n");
        indent(m, ind + 4);
        puts_(m, "else ");
        expr(m, r->expr->c, 1);
    } else if (m->n - line_start > 100) {
        /* a long call: its where and within clauses on a line of their own */
        m->n = start;
        m->wrap = ind + 4;
        expr(m, r->expr, 0);
        m->wrap = 0;
    }
    if (r->paid.name) putf(m, " paid at %s", r->paid.name);
    if (r->cite) putf(m, "  [%s]", r->cite);
    trail(m, r->at.first_line, r->at.last_line);
}

static bool same(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Rules [from, to) of one `per` level (or none), at an indent. */
static int per_run(fm *m, int from, int to, int ind)
{
    const ast_rule *r = &m->a->rules[from];
    int end = from;
    while (end < to && same(m->a->rules[end].per.name, r->per.name)) end++;
    if (!r->per.name) {
        for (int i = from; i < end; i++) rule(m, &m->a->rules[i], ind);
        return end;
    }
    int per_line = r->per.span.first_line;
    lead(m, per_line, ind);
    indent(m, ind);
    putf(m, "per %s {", r->per.name);
    trail(m, per_line, per_line);
    for (int i = from; i < end; i++) rule(m, &m->a->rules[i], ind + 4);
    indent(m, ind);
    puts_(m, "}\n");
    m->last = m->a->rules[end - 1].at.last_line + 1;
    return end;
}

/* phase NAME ["title"] [from D] [until D] [citation] { rules and per blocks } */
static int phase(fm *m, int from)
{
    const ast_rule *r = &m->a->rules[from];
    const ast_phase *ph = NULL;
    for (int i = 0; i < m->a->nphases; i++)
        if (strcmp(m->a->phases[i].name.name, r->phase.name) == 0) ph = &m->a->phases[i];
    int end = from;
    while (end < m->a->nrules && same(m->a->rules[end].phase.name, r->phase.name)) end++;
    lead(m, ph->at.first_line, 0);
    putf(m, "phase %s", ph->name.name);
    if (ph->title) { put(m, " ", 1); str_lit(m, ph->title); }
    date_(m, "from", ph->from);
    date_(m, "until", ph->until);
    cite(m, ph->cite);
    puts_(m, " {");
    trail(m, ph->at.first_line, ph->at.last_line);
    for (int i = from; i < end;) i = per_run(m, i, end, 4);
    puts_(m, "}\n");
    m->last = m->a->rules[end - 1].at.last_line + 1;
    return end;
}

static void test_block(fm *m, const ast_test *t)
{
    lead(m, t->at.first_line, 0);
    puts_(m, "test ");
    str_lit(m, t->name);
    cite(m, t->cite);
    puts_(m, " {");
    trail(m, t->at.first_line, t->nitems ? t->items[0].span.first_line - 1 : t->at.first_line);
    for (int i = 0; i < t->nitems; i++) {
        const ast_test_item *it = &t->items[i];
        lead(m, it->span.first_line, 4);
        puts_(m, "    ");
        switch (it->kind) {
        case TI_DATE: { char b[11]; ast_date_format(it->date, b); putf(m, "date %s", b); break; }
        case TI_DATA:
            puts_(m, "data ");
            if (it->name && it->name[0]) putf(m, "%s ", it->name);
            str_lit(m, it->file);
            break;
        case TI_SET:
        case TI_EXPECT:
            putf(m, "%s %s", it->kind == TI_SET ? "set" : "expect", it->name);
            if (it->key) {
                puts_(m, " for ");
                if (it->level) putf(m, "%s ", it->level);
                str_lit(m, it->key);
            }
            puts_(m, " = ");
            expr(m, it->value, 0);
            if (it->within) { puts_(m, " within "); expr(m, it->within, 0); }
            break;
        }
        trail(m, it->span.first_line, it->span.last_line);
    }
    lead(m, t->at.last_line, 4);
    puts_(m, "}");
    trail(m, t->at.last_line, t->at.last_line);
}

/* output a, b, c: wrapped before 80 columns, continued under the first name */
static void outputs(fm *m)
{
    const ast_file *a = m->a;
    lead(m, a->outputs[0].span.first_line, 0);
    puts_(m, "output ");
    size_t col = 7;
    for (int i = 0; i < a->noutputs; i++) {
        size_t len = strlen(a->outputs[i].name);
        if (i) {
            puts_(m, ",");
            col++;
            if (col + 1 + len > 79) { puts_(m, "\n       "); col = 7; }
            else { puts_(m, " "); col++; }
        }
        puts_(m, a->outputs[i].name);
        col += len;
    }
    trail(m, a->outputs[0].span.first_line, a->outputs[a->noutputs - 1].span.first_line);
}

static void ctype(fm *m, const ast_ctype *t)
{
    if (t->type == TY_TEXT) { puts_(m, "text"); return; }
    if (t->type == TY_BOOL) { puts_(m, "bool"); return; }
    if (t->approximate) putf(m, "approximate(%d)%s%s", t->digits, t->unit.name ? " " : "", t->unit.name ? t->unit.name : "");
    else if (t->integer) putf(m, "integer%s%s", t->unit.name ? " " : "", t->unit.name ? t->unit.name : "");
    else puts_(m, t->unit.name ? t->unit.name : "decimal");
}

/* extern NAME(TYPE, ...) : TYPE from "LIBRARY" [symbol "SYMBOL"] [citation] */
static void extern_decl(fm *m, const ast_extern *x)
{
    lead(m, x->at.first_line, 0);
    putf(m, "extern %s(", x->name.name);
    for (int i = 0; i < x->nparams; i++) {
        if (i) puts_(m, ", ");
        ctype(m, &x->params[i]);
    }
    puts_(m, ") : ");
    ctype(m, &x->ret);
    puts_(m, " from ");
    str_lit(m, x->lib);
    if (x->symbol) { puts_(m, " symbol "); str_lit(m, x->symbol); }
    if (x->cite) putf(m, "  [%s]", x->cite);
    trail(m, x->at.first_line, x->at.last_line);
}

/* --- the file --------------------------------------------------------------- */

typedef enum { EL_LAW, EL_UNIT, EL_DATASET, EL_PARAM, EL_RULES, EL_PHASE, EL_OUTPUT, EL_TEST, EL_EXTERN } el_kind;
typedef struct { el_kind kind; int line; int index; } element;

static int by_line(const void *x, const void *y)
{
    const element *a = x, *b = y;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

char *fmt_text(const ast_file *a, const src_file *f)
{
    fm m;
    memset(&m, 0, sizeof m);
    m.a = a;
    m.f = f;
    m.used = mem_array((size_t)a->ncomments + 1, sizeof *m.used);
    m.own_line = mem_array((size_t)a->ncomments + 1, sizeof *m.own_line);
    for (int i = 0; i < a->ncomments; i++) {
        size_t len;
        const char *t = src_line(f, a->comments[i].span.first_line, &len);
        bool own = true;
        for (int c = 0, col = 1; c < (int)len && col < a->comments[i].span.first_column; c++) {
            if (((unsigned char)t[c] & 0xC0) == 0x80) continue;
            if (t[c] != ' ' && t[c] != '\t' && !(c < 3 && (unsigned char)t[c] >= 0x80)) own = false;
            col++;
        }
        m.own_line[i] = own;
    }
    size_t cap = (size_t)(a->nunits + a->ndatasets + a->nparams + a->nrules + a->ntests + a->nexterns) + 4;
    element *el = mem_array(cap, sizeof *el);
    size_t n = 0;
    if (a->law.present) el[n++] = (element){ EL_LAW, a->law.at.first_line, 0 };
    for (int i = 0; i < a->nunits; i++) el[n++] = (element){ EL_UNIT, a->units[i].span.first_line, i };
    for (int i = 0; i < a->ndatasets; i++) el[n++] = (element){ EL_DATASET, a->datasets[i].at.first_line, i };
    for (int i = 0; i < a->nparams; i++) el[n++] = (element){ EL_PARAM, a->params[i].at.first_line, i };
    for (int i = 0; i < a->nrules;) {
        const ast_rule *r = &a->rules[i];
        int j = i;
        if (r->phase.name) {
            while (j < a->nrules && same(a->rules[j].phase.name, r->phase.name)) j++;
            int line = r->at.first_line;
            for (int k = 0; k < a->nphases; k++)
                if (strcmp(a->phases[k].name.name, r->phase.name) == 0) line = a->phases[k].at.first_line;
            el[n++] = (element){ EL_PHASE, line, i };
        } else {
            while (j < a->nrules && !a->rules[j].phase.name && same(a->rules[j].per.name, r->per.name)) j++;
            el[n++] = (element){ EL_RULES, r->per.name ? r->per.span.first_line : r->at.first_line, i };
        }
        i = j;
    }
    if (a->noutputs) el[n++] = (element){ EL_OUTPUT, a->outputs[0].span.first_line, 0 };
    for (int i = 0; i < a->ntests; i++) el[n++] = (element){ EL_TEST, a->tests[i].at.first_line, i };
    for (int i = 0; i < a->nexterns; i++) el[n++] = (element){ EL_EXTERN, a->externs[i].at.first_line, i };
    qsort(el, n, sizeof *el, by_line);
    for (size_t i = 0; i < n; i++) {
        switch (el[i].kind) {
        case EL_LAW: law(&m); break;
        case EL_UNIT:
            lead(&m, el[i].line, 0);
            putf(&m, "unit %s", a->units[el[i].index].name);
            trail(&m, el[i].line, el[i].line);
            break;
        case EL_DATASET: dataset(&m, &a->datasets[el[i].index]); break;
        case EL_PARAM: param(&m, &a->params[el[i].index]); break;
        case EL_RULES: {
            int from = el[i].index, to = from;
            const ast_rule *r = &a->rules[from];
            while (to < a->nrules && !a->rules[to].phase.name && same(a->rules[to].per.name, r->per.name)) to++;
            per_run(&m, from, to, 0);
            break;
        }
        case EL_PHASE: phase(&m, el[i].index); break;
        case EL_OUTPUT: outputs(&m); break;
        case EL_TEST: test_block(&m, &a->tests[el[i].index]); break;
        case EL_EXTERN: extern_decl(&m, &a->externs[el[i].index]); break;
        }
    }
    lead(&m, (int)f->nlines + 1, 0);   /* the comments at the end of the file */
    mem_free(el);
    mem_free(m.used);
    mem_free(m.own_line);
    if (!m.out) m.out = mem_strdup("");
    return m.out;
}

/* --- the same meaning ------------------------------------------------------ */

static bool units_same(vdl_unit a, vdl_unit b) { return memcmp(&a, &b, sizeof a) == 0; }

static bool sym_same(const prog_sym *a, const prog_sym *b)
{
    if (strcmp(a->name, b->name) || a->kind != b->kind || a->type != b->type || !units_same(a->unit, b->unit) ||
        a->level != b->level || a->integer != b->integer || a->group_level != b->group_level ||
        a->rkind != b->rkind || a->phase != b->phase || a->paid != b->paid || a->notes != b->notes ||
        !same(a->cite, b->cite) || a->dataset != b->dataset || a->nsources != b->nsources ||
        a->nvalues != b->nvalues || a->slot != b->slot || a->order != b->order)
        return false;
    for (int i = 0; i < a->nsources; i++) {
        const prog_source *x = &a->sources[i], *y = &b->sources[i];
        if (x->nnames != y->nnames || x->from != y->from || x->until != y->until || !same(x->cite, y->cite)) return false;
        for (int k = 0; k < x->nnames; k++) if (strcmp(x->names[k], y->names[k])) return false;
    }
    for (int i = 0; i < a->nvalues; i++) {
        const prog_pvalue *x = &a->values[i], *y = &b->values[i];
        if (!num_eq(x->value, y->value) || x->from != y->from || x->until != y->until || !same(x->cite, y->cite))
            return false;
    }
    return true;
}

static bool tests_same(const ast_file *a, const ast_file *b)
{
    if (a->ntests != b->ntests) return false;
    for (int i = 0; i < a->ntests; i++) {
        const ast_test *x = &a->tests[i], *y = &b->tests[i];
        if (strcmp(x->name, y->name) || !same(x->cite, y->cite) || x->nitems != y->nitems) return false;
        for (int k = 0; k < x->nitems; k++) {
            const ast_test_item *p = &x->items[k], *q = &y->items[k];
            if (p->kind != q->kind || p->date != q->date || !same(p->name, q->name) || !same(p->level, q->level) ||
                !same(p->key, q->key) || !same(p->file, q->file) || !ast_expr_equal(p->value, q->value) ||
                !ast_expr_equal(p->within, q->within))
                return false;
        }
    }
    return true;
}

bool fmt_same(const prog_t *x, const prog_t *y)
{
    if (x->nsyms != y->nsyms || x->ndatasets != y->ndatasets || x->nlevels != y->nlevels ||
        x->nphases != y->nphases || x->noutputs != y->noutputs || x->nstrings != y->nstrings ||
        x->nnotes != y->nnotes || x->nunits != y->nunits || x->ncode != y->ncode || x->nconsts != y->nconsts ||
        !same(x->law_title, y->law_title) || !same(x->law_id, y->law_id) || !same(x->law_cite, y->law_cite) ||
        x->law_valid_from != y->law_valid_from)
        return false;
    for (int i = 0; i < x->nsyms; i++) if (!sym_same(&x->syms[i], &y->syms[i])) return false;
    for (int i = 0; i < x->ndatasets; i++) {
        const prog_dataset *a = &x->datasets[i], *b = &y->datasets[i];
        if (strcmp(a->name, b->name) || !same(a->path, b->path) || !same(a->key, b->key) || a->join != b->join ||
            a->notes != b->notes || a->nkey_headers != b->nkey_headers)
            return false;
        for (int k = 0; k < a->nkey_headers; k++) if (strcmp(a->key_headers[k], b->key_headers[k])) return false;
    }
    for (int i = 0; i < x->nlevels; i++)
        if (strcmp(x->levels[i].name, y->levels[i].name) || x->levels[i].column_sym != y->levels[i].column_sym) return false;
    for (int i = 0; i < x->nphases; i++) {
        const prog_phase *a = &x->phases[i], *b = &y->phases[i];
        if (strcmp(a->name, b->name) || !same(a->title, b->title) || a->from != b->from || a->until != b->until ||
            !same(a->cite, b->cite))
            return false;
    }
    for (int i = 0; i < x->noutputs; i++) if (x->outputs[i] != y->outputs[i]) return false;
    for (int i = 0; i < x->nstrings; i++) if (strcmp(x->strings[i], y->strings[i])) return false;
    for (int i = 0; i < x->nnotes; i++) if (strcmp(x->notes[i], y->notes[i])) return false;
    for (int i = 0; i < x->nunits; i++) if (strcmp(x->units[i], y->units[i])) return false;
    for (int i = 0; i < x->nconsts; i++) if (!num_eq(x->consts[i], y->consts[i])) return false;
    if (x->ncode && memcmp(x->code, y->code, x->ncode * sizeof *x->code)) return false;
    if (x->nexterns != y->nexterns) return false;
    for (int i = 0; i < x->nexterns; i++) {
        const prog_extern *a = &x->externs[i], *b = &y->externs[i];
        if (strcmp(a->name, b->name) || strcmp(a->lib, b->lib) || strcmp(a->symbol, b->symbol) ||
            a->nparams != b->nparams || a->ret != b->ret || a->digits != b->digits ||
            !units_same(a->ret_unit, b->ret_unit) || !same(a->cite, b->cite) ||
            memcmp(a->params, b->params, (size_t)a->nparams * sizeof *a->params))
            return false;
    }
    return tests_same(x->ast, y->ast);
}
