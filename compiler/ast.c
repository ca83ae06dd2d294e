/* ast.c: constructing and freeing syntax trees, and calendar dates. */
#include "ast.h"
#include "mem.h"

#include <stdio.h>
#include <string.h>

ast_expr *ast_expr_new(ex_kind k, vdl_span sp)
{
    ast_expr *e = mem_alloc(sizeof *e);
    e->kind = k;
    e->span = sp;
    e->num = NUM_ZERO;
    e->sym = -1;
    return e;
}

void ast_expr_free(ast_expr *e)
{
    if (!e) return;
    mem_free(e->str);
    ast_expr_free(e->a);
    ast_expr_free(e->b);
    ast_expr_free(e->c);
    for (int i = 0; i < e->nargs; i++) ast_expr_free(e->args[i]);
    mem_free(e->args);
    ast_expr_free(e->where);
    mem_free(e->within);
    mem_free(e);
}

void ast_column_free(ast_column *c)
{
    mem_free(c->name.name);
    mem_free(c->unit.name);
    mem_free(c->group.name);
    mem_free(c->cite);
    for (int i = 0; i < c->nsources; i++) {
        for (int j = 0; j < c->sources[i].nnames; j++) mem_free(c->sources[i].names[j]);
        mem_free(c->sources[i].names);
        mem_free(c->sources[i].cite);
    }
    mem_free(c->sources);
}

void ast_dataset_free(ast_dataset *d)
{
    mem_free(d->name.name);
    mem_free(d->path);
    mem_free(d->key.name);
    mem_free(d->join.name);
    for (int i = 0; i < d->ncols; i++) ast_column_free(&d->cols[i]);
    mem_free(d->cols);
    for (int i = 0; i < d->nnotes; i++) mem_free(d->notes[i]);
    mem_free(d->notes);
}

void ast_param_free(ast_param *p)
{
    mem_free(p->name.name);
    mem_free(p->ann.name);
    mem_free(p->cite);
    for (int i = 0; i < p->nvalues; i++) {
        ast_expr_free(p->values[i].value);
        mem_free(p->values[i].cite);
    }
    mem_free(p->values);
}

void ast_rule_free(ast_rule *r)
{
    mem_free(r->name.name);
    mem_free(r->ann.name);
    ast_expr_free(r->expr);
    mem_free(r->cite);
    mem_free(r->per.name);
    mem_free(r->phase.name);
    mem_free(r->paid.name);
}

void ast_test_item_free(ast_test_item *it)
{
    mem_free(it->name);
    mem_free(it->level);
    mem_free(it->key);
    mem_free(it->file);
    ast_expr_free(it->value);
    ast_expr_free(it->within);
}

void ast_extern_free(ast_extern *x)
{
    mem_free(x->name.name);
    for (int i = 0; i < x->nparams; i++) mem_free(x->params[i].unit.name);
    mem_free(x->params);
    mem_free(x->ret.unit.name);
    mem_free(x->lib);
    mem_free(x->symbol);
    mem_free(x->cite);
}

void ast_test_free(ast_test *t)
{
    mem_free(t->name);
    mem_free(t->cite);
    for (int i = 0; i < t->nitems; i++) ast_test_item_free(&t->items[i]);
    mem_free(t->items);
}

void ast_file_free(ast_file *f)
{
    mem_free(f->law.title);
    mem_free(f->law.id);
    mem_free(f->law.cite);
    for (int i = 0; i < f->ndatasets; i++) ast_dataset_free(&f->datasets[i]);
    mem_free(f->datasets);
    for (int i = 0; i < f->nparams; i++) ast_param_free(&f->params[i]);
    mem_free(f->params);
    for (int i = 0; i < f->nrules; i++) ast_rule_free(&f->rules[i]);
    mem_free(f->rules);
    for (int i = 0; i < f->noutputs; i++) mem_free(f->outputs[i].name);
    mem_free(f->outputs);
    for (int i = 0; i < f->nunits; i++) mem_free(f->units[i].name);
    mem_free(f->units);
    for (int i = 0; i < f->nphases; i++) {
        mem_free(f->phases[i].name.name);
        mem_free(f->phases[i].title);
        mem_free(f->phases[i].cite);
    }
    mem_free(f->phases);
    for (int i = 0; i < f->ntests; i++) ast_test_free(&f->tests[i]);
    mem_free(f->tests);
    for (int i = 0; i < f->nexterns; i++) ast_extern_free(&f->externs[i]);
    mem_free(f->externs);
    for (int i = 0; i < f->ncomments; i++) mem_free(f->comments[i].text);
    mem_free(f->comments);
}

bool ast_date_valid(vdl_date d)
{
    int y = d / 10000, m = d / 100 % 100, day = d % 100;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1800 || y > 9999 || m < 1 || m > 12 || day < 1) return false;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return day <= mdays[m - 1] + (m == 2 && leap);
}

void ast_date_format(vdl_date d, char *buf)
{
    unsigned u = (unsigned)d;
    snprintf(buf, 11, "%04u-%02u-%02u", u / 10000 % 10000, u / 100 % 100, u % 100);
}

static bool str_same(const char *x, const char *y)
{
    if (!x || !y) return x == y;
    return strcmp(x, y) == 0;
}

bool ast_expr_equal(const ast_expr *x, const ast_expr *y)
{
    if (!x || !y) return x == y;
    if (x->kind != y->kind || x->nargs != y->nargs) return false;
    switch (x->kind) {
    case EX_NUM: return num_eq(x->num, y->num);
    case EX_BOOL: return x->bval == y->bval;
    case EX_STR: case EX_NAME: return str_same(x->str, y->str);
    case EX_UNARY: case EX_BINARY:
        if (x->op != y->op) return false;
        break;
    case EX_CALL:
        if (!str_same(x->str, y->str) || !str_same(x->within, y->within)) return false;
        break;
    case EX_IF:
        break;
    }
    for (int i = 0; i < x->nargs; i++)
        if (!ast_expr_equal(x->args[i], y->args[i])) return false;
    return ast_expr_equal(x->a, y->a) && ast_expr_equal(x->b, y->b) && ast_expr_equal(x->c, y->c) &&
           ast_expr_equal(x->where, y->where);
}
