/* check.c: syntax tree -> checked tree and symbol table.
 *
 * Resolves every name, checks types, units and evaluation levels, orders the
 * rules so that each comes after the rules it reads (reporting cycles), and
 * fills the symbols of the program (program.h).  Every problem is a
 * diagnostic with a span; checking goes on after an error, so one run shows
 * them all.
 *
 * Levels: a value is per entity, per group of a group level, or one value
 * for all.  A top-level rule takes the level its expression has; an
 * aggregate reduces to the whole (or to a group level with `within`); a rule
 * in `per LEVEL { }` is a value per group of that level, and its aggregates
 * reduce to that level unless they say otherwise. */
#include "program.h"
#include "apportion.h"
#include "mem.h"

#include <string.h>

enum { BI_SUM, BI_COUNT, BI_MIN, BI_MAX, BI_MEAN, BI_ROUND, BI_ROUND_EVEN,
       BI_FLOOR, BI_CEIL, BI_TRUNC, BI_ABS, BI_APPORTION, BI__COUNT };
static const char *const chk_builtins[BI__COUNT] = {
    "sum", "count", "min", "max", "mean", "round", "round_half_even",
    "floor", "ceil", "trunc", "abs", "apportion"
};

typedef struct {
    ast_file   *ast;
    prog_t     *p;
    diag_list  *d;
    const src_file *f;
    int        *rule_ast;      /* symbol -> index into ast->rules, or -1 */
    int        *state;         /* rule symbols: 0 new, 1 being checked, 2 done */
    int        *path;          /* rules being checked, for the cycle message */
    int         npath;
    uint32_t    notes;         /* notes of the values the current rule reads */
    char      **bad_levels;    /* unknown level names already reported */
    int         nbad_levels;
    int         cur_phase;     /* the phase of the rule being checked, or -1 */
    int         dep_phase;     /* the latest phase the current rule reads */
} chk;

#define ERR(sp, ...) diag_add(c->d, DIAG_ERROR, c->f, (sp), __VA_ARGS__)

static vdl_unit unit_none(void) { vdl_unit u; memset(&u, 0, sizeof u); return u; }
static bool unit_eq(vdl_unit a, vdl_unit b) { return memcmp(&a, &b, sizeof a) == 0; }

/* "places", "euro/places", "persons*places/euro": base units multiplied
 * and divided from left to right. */
static bool unit_lookup(chk *c, const char *name, vdl_unit *out)
{
    *out = unit_none();
    int sign = 1;
    for (const char *s = name; *s;) {
        size_t n = strcspn(s, "*/");
        int found = -1;
        for (int i = 0; i < c->p->nunits; i++)
            if (strlen(c->p->units[i]) == n && strncmp(c->p->units[i], s, n) == 0) found = i;
        if (found < 0) return false;
        out->e[found] = (int8_t)(out->e[found] + sign);
        if (!s[n]) break;
        sign = s[n] == '/' ? -1 : 1;
        s += n + 1;
    }
    return true;
}

static const char *unit_text(chk *c, vdl_unit u, char *buf, size_t cap)
{
    prog_unit_format(c->p, u, buf, cap);
    if (!buf[0]) snprintf(buf, cap, "a plain number");
    return buf;
}

static const char *type_name(vdl_type t)
{
    switch (t) {
    case TY_NUM: return "a number";
    case TY_BOOL: return "a bool";
    case TY_TEXT: return "text";
    default: return "an error";
    }
}

static const char *level_text(chk *c, int level, char *buf, size_t cap)
{
    if (level == LEVEL_ALL) snprintf(buf, cap, "one value for all");
    else if (level == LEVEL_ENTITY) snprintf(buf, cap, "a value per entity");
    else snprintf(buf, cap, "a value per %s", prog_level_name(c->p, level));
    return buf;
}

/* Add a symbol; reports a duplicate name with where the first one is. */
static int add_sym(chk *c, const char *name, vdl_span sp, sym_kind k)
{
    int prev = nm_get(&c->p->names, name);
    if (prev >= 0) {
        ERR(sp, "'%s' is already declared", name);
        diag_add(c->d, DIAG_NOTE, c->f, c->p->syms[prev].span, "'%s' was declared here", name);
        return -1;
    }
    prog_t *p = c->p;
    p->syms = mem_realloc(p->syms, (size_t)(p->nsyms + 1) * sizeof *p->syms);
    c->rule_ast = mem_realloc(c->rule_ast, (size_t)(p->nsyms + 1) * sizeof *c->rule_ast);
    prog_sym *s = &p->syms[p->nsyms];
    memset(s, 0, sizeof *s);
    s->name = mem_strdup(name);
    s->kind = k;
    s->span = sp;
    s->slot = p->nslots++;
    s->dataset = -1;
    s->order = -1;
    s->group_level = -1;
    s->rule = -1;
    c->rule_ast[p->nsyms] = -1;
    nm_put(&c->p->names, s->name, p->nsyms);
    return p->nsyms++;
}

/* Two dated values (or sources) overlap when neither ends before the other
 * starts; 0 means open-ended. */
static bool dates_overlap(vdl_date f1, vdl_date u1, vdl_date f2, vdl_date u2)
{
    bool before = u1 && f2 && u1 < f2;
    bool after = u2 && f1 && u2 < f1;
    return !before && !after;
}

static void check_law(chk *c)
{
    ast_law *l = &c->ast->law;
    prog_t *p = c->p;
    if (!l->present) return;
    p->law_title = mem_strdup(l->title ? l->title : "");
    p->law_id = l->id ? mem_strdup(l->id) : NULL;
    p->law_cite = l->cite ? mem_strdup(l->cite) : NULL;
    p->law_valid_from = l->valid_from;
}

static void check_units(chk *c)
{
    static const char *const builtin[] = { "places", "persons", "euro" };
    prog_t *p = c->p;
    for (int i = 0; i < 3; i++) AST_PUSH(p->units, p->nunits, mem_strdup(builtin[i]));
    for (int i = 0; i < c->ast->nunits; i++) {
        if (p->nunits == UNIT_MAX) {
            ERR(c->ast->units[i].span, "too many units: at most %d can be declared besides places, persons and euro",
                UNIT_MAX - 3);
            return;
        }
        AST_PUSH(p->units, p->nunits, mem_strdup(c->ast->units[i].name));
    }
}

static void copy_sources(prog_sym *s, const ast_column *col)
{
    s->nsources = col->nsources;
    s->sources = mem_array((size_t)(col->nsources ? col->nsources : 1), sizeof *s->sources);
    for (int i = 0; i < col->nsources; i++) {
        const ast_source *a = &col->sources[i];
        prog_source *o = &s->sources[i];
        o->nnames = a->nnames;
        o->names = mem_array((size_t)a->nnames, sizeof *o->names);
        for (int j = 0; j < a->nnames; j++) o->names[j] = mem_strdup(a->names[j]);
        o->from = a->from;
        o->until = a->until;
        o->cite = a->cite ? mem_strdup(a->cite) : NULL;
    }
}

static void check_sources(chk *c, const ast_column *col)
{
    for (int i = 0; i < col->nsources; i++)
        for (int j = i + 1; j < col->nsources; j++) {
            const ast_source *a = &col->sources[i], *b = &col->sources[j];
            if (dates_overlap(a->from, a->until, b->from, b->until)) {
                ERR(b->span, "the sources of column '%s' overlap in time", col->name.name);
                diag_add(c->d, DIAG_NOTE, c->f, a->span, "the other source is here");
                diag_hint(c->d, "give each `column \"...\"` its own `from DATE until DATE`");
            }
        }
}

static void check_datasets(chk *c)
{
    prog_t *p = c->p;
    ast_file *a = c->ast;
    if (a->ndatasets == 0) {
        vdl_span none = { 0, 0, 0, 0 };
        ERR(none, "the file declares no dataset");
        diag_hint(c->d, "declare the table the rules run on: dataset gemeente from \"data.csv\" key gm_code { ... }");
        return;
    }
    p->datasets = mem_array((size_t)a->ndatasets, sizeof *p->datasets);
    for (int i = 0; i < a->ndatasets; i++) {
        ast_dataset *ad = &a->datasets[i];
        prog_dataset *d = &p->datasets[p->ndatasets++];
        d->name = mem_strdup(ad->name.name);
        d->path = ad->path ? mem_strdup(ad->path) : NULL;
        d->join = -1;
        d->span = ad->name.span;
        for (int j = 0; j < i; j++)
            if (strcmp(a->datasets[j].name.name, ad->name.name) == 0)
                ERR(ad->name.span, "dataset '%s' is declared twice", ad->name.name);
        if (i == 0 && ad->join.name)
            ERR(ad->join.span, "the first dataset is the main table; it cannot join another");
        if (i > 0) {
            if (!ad->join.name) {
                ERR(ad->name.span, "dataset '%s' does not say how it joins the main table", ad->name.name);
                diag_hint(c->d, "add `join %s` after the key", a->datasets[0].name.name);
            } else if (strcmp(ad->join.name, a->datasets[0].name.name) != 0) {
                ERR(ad->join.span, "dataset '%s' can only join the main table '%s'",
                    ad->name.name, a->datasets[0].name.name);
            } else d->join = 0;
        }
        for (int n = 0; n < ad->nnotes; n++) {
            if (p->nnotes == 32) { ERR(ad->name.span, "too many notes (at most 32)"); break; }
            d->notes |= 1u << p->nnotes;
            AST_PUSH(p->notes, p->nnotes, mem_strdup(ad->notes[n]));
        }
        if (!ad->key.name) {
            ERR(ad->name.span, "dataset '%s' has no key", ad->name.name);
            diag_hint(c->d, "name the column that identifies a row: `key gm_code`");
        } else d->key = mem_strdup(ad->key.name);
        bool key_declared = false;
        for (int k = 0; k < ad->ncols; k++) {
            ast_column *col = &ad->cols[k];
            check_sources(c, col);
            bool is_key = d->key && strcmp(col->name.name, d->key) == 0;
            if (is_key) {
                key_declared = true;
                if (col->type != TY_TEXT) ERR(col->name.span, "the key column '%s' must be text", col->name.name);
                for (int s = 0; s < col->nsources; s++)
                    for (int n = 0; n < col->sources[s].nnames; n++)
                        AST_PUSH(d->key_headers, d->nkey_headers, mem_strdup(col->sources[s].names[n]));
                if (i > 0) continue;   /* a joined table's key is the main key */
            }
            int s = add_sym(c, col->name.name, col->name.span, SYM_COLUMN);
            if (s < 0) continue;
            prog_sym *sym = &p->syms[s];
            sym->type = (vdl_type)col->type;
            sym->integer = col->integer;
            sym->additive = col->type == TY_NUM;
            sym->level = LEVEL_ENTITY;
            sym->dataset = i;
            sym->notes = d->notes;
            sym->cite = col->cite ? mem_strdup(col->cite) : NULL;
            if (col->unit.name && !unit_lookup(c, col->unit.name, &sym->unit))
                ERR(col->unit.span, "unknown unit '%s'", col->unit.name);
            copy_sources(sym, col);
            if (col->group.name) {
                if (col->type != TY_TEXT)
                    ERR(col->group.span, "a group column must be text");
                else if (prog_level_find(p, col->group.name) >= 0 || strcmp(col->group.name, "all") == 0)
                    ERR(col->group.span, "group level '%s' is declared twice", col->group.name);
                else {
                    prog_level lv = { mem_strdup(col->group.name), s };
                    AST_PUSH(p->levels, p->nlevels, lv);
                    p->syms[s].group_level = LEVEL_GROUP0 + p->nlevels - 1;
                }
            }
        }
        if (d->key && !key_declared) {
            if (i == 0) {
                ERR(ad->key.span, "the key '%s' is not a column of dataset '%s'", d->key, ad->name.name);
                diag_hint(c->d, "declare it: %s text", d->key);
            }
        }
        if (d->key && d->nkey_headers == 0) AST_PUSH(d->key_headers, d->nkey_headers, mem_strdup(d->key));
    }
}

/* Text constants are kept once each: the data loader interns them first,
 * so that constant i is text id i at run time. */
static int intern_string(chk *c, const char *s)
{
    for (int i = 0; i < c->p->nstrings; i++)
        if (strcmp(c->p->strings[i], s) == 0) return i;
    AST_PUSH(c->p->strings, c->p->nstrings, mem_strdup(s));
    return c->p->nstrings - 1;
}

/* A parameter value is a literal: a number (maybe negative), true, false
 * or a string. */
static bool param_literal(chk *c, ast_expr *e, num_t *out, vdl_type *ty)
{
    if (e->kind == EX_NUM) { *out = e->num; *ty = TY_NUM; return true; }
    if (e->kind == EX_UNARY && e->op == OPR_NEG && e->a->kind == EX_NUM) {
        *out = num_neg(e->a->num); *ty = TY_NUM; return true;
    }
    if (e->kind == EX_BOOL) { *out = num_int(e->bval); *ty = TY_BOOL; return true; }
    if (e->kind == EX_STR) {
        *out = num_int(intern_string(c, e->str));
        *ty = TY_TEXT;
        return true;
    }
    ERR(e->span, "a parameter value must be a literal");
    diag_hint(c->d, "compute derived values in a rule");
    return false;
}

static bool ann_resolve(chk *c, const ast_ann *ann, vdl_type *ty, vdl_unit *u)
{
    *u = unit_none();
    if (!ann->name) return false;
    if (strcmp(ann->name, "bool") == 0) { *ty = TY_BOOL; return true; }
    if (strcmp(ann->name, "text") == 0) { *ty = TY_TEXT; return true; }
    *ty = TY_NUM;
    if (strcmp(ann->name, "integer") == 0 || strcmp(ann->name, "decimal") == 0) return true;
    if (!unit_lookup(c, ann->name, u)) ERR(ann->span, "unknown unit '%s'", ann->name);
    return true;
}

static void check_params(chk *c)
{
    for (int i = 0; i < c->ast->nparams; i++) {
        ast_param *ap = &c->ast->params[i];
        int s = add_sym(c, ap->name.name, ap->name.span, SYM_PARAM);
        if (s < 0) continue;
        prog_sym *sym = &c->p->syms[s];
        vdl_type ty = TY_ERROR;
        bool annotated = ann_resolve(c, &ap->ann, &ty, &sym->unit);
        sym->level = LEVEL_ALL;
        sym->integer = ap->ann.name && strcmp(ap->ann.name, "integer") == 0;
        sym->cite = ap->cite ? mem_strdup(ap->cite) : NULL;
        sym->values = mem_array((size_t)ap->nvalues, sizeof *sym->values);
        for (int v = 0; v < ap->nvalues; v++) {
            ast_pvalue *pv = &ap->values[v];
            num_t val;
            vdl_type vty;
            if (!param_literal(c, pv->value, &val, &vty)) continue;
            if (ty == TY_ERROR) ty = vty;
            else if (vty != ty) {
                ERR(pv->value->span, "parameter '%s' is %s, this value is %s",
                    ap->name.name, type_name(ty), type_name(vty));
                continue;
            }
            if (ap->ann.name && strcmp(ap->ann.name, "integer") == 0 && vty == TY_NUM && !num_is_int(val)) {
                ERR(pv->value->span, "parameter '%s' is declared integer, this value is not whole", ap->name.name);
                continue;
            }
            prog_pvalue *o = &sym->values[sym->nvalues++];
            o->value = val;
            o->from = pv->from;
            o->until = pv->until;
            o->cite = pv->cite ? mem_strdup(pv->cite) : NULL;
            o->span = pv->span;
            if (!o->cite && !sym->cite) {
                ERR(pv->span, "value of parameter '%s' has no citation", ap->name.name);
                diag_hint(c->d, "cite where the value comes from: = %s [Besluit art. 2.1.3]", "...");
            }
        }
        (void)annotated;
        sym->type = ty == TY_ERROR ? TY_NUM : ty;
        for (int a = 0; a < ap->nvalues; a++)
            for (int b = a + 1; b < ap->nvalues; b++) {
                ast_pvalue *x = &ap->values[a], *y = &ap->values[b];
                if (dates_overlap(x->from, x->until, y->from, y->until)) {
                    ERR(y->span, "the values of parameter '%s' overlap in time", ap->name.name);
                    diag_add(c->d, DIAG_NOTE, c->f, x->span, "the other value is here");
                    diag_hint(c->d, "give each value its own `from DATE` and `until DATE`");
                }
            }
    }
}

static void check_rule(chk *c, int sym);

static void suggest_name(chk *c, const char *name)
{
    size_t n = (size_t)c->p->nsyms;
    const char **cands = mem_array(n + BI__COUNT, sizeof *cands);
    for (size_t i = 0; i < n; i++) cands[i] = c->p->syms[i].name;
    const char *best = diag_suggest(name, cands, n);
    if (best) diag_hint(c->d, "did you mean '%s'?", best);
    mem_free(cands);
}

/* Merge the levels of two operands: one value for all goes with anything,
 * a group value goes with entity values (each entity reads its group's). */
static int level_join(chk *c, int a, int b, vdl_span sp)
{
    if (a == b || b == LEVEL_ALL) return a;
    if (a == LEVEL_ALL) return b;
    if (a == LEVEL_ENTITY || b == LEVEL_ENTITY) return LEVEL_ENTITY;
    ERR(sp, "cannot combine a value per %s with a value per %s",
        prog_level_name(c->p, a), prog_level_name(c->p, b));
    return a;
}

/* Is a value of `level` allowed where the rule is of level `scope`? */
static bool level_fits(int scope, int level)
{
    return scope == LEVEL_ENTITY || level == LEVEL_ALL || level == scope;
}

static void level_misfit(chk *c, ast_expr *e, int scope)
{
    char a[96], b[96];
    ERR(e->span, "%s is used where the rule needs %s", level_text(c, e->level, a, sizeof a),
        level_text(c, scope, b, sizeof b));
    if (e->level == LEVEL_ENTITY) diag_hint(c->d, "aggregate it, for example sum(...)");
}

/* Units of two operands that must agree; a bare literal takes the other's. */
static void unit_unify(chk *c, ast_expr *e, ast_expr *x, ast_expr *y, const char *what)
{
    if (x->type != TY_NUM || y->type != TY_NUM) return;
    e->unit_free = x->unit_free && y->unit_free;
    if (x->unit_free) { e->unit = y->unit; return; }
    e->unit = x->unit;
    if (y->unit_free) return;
    if (!unit_eq(x->unit, y->unit)) {
        char a[64], b[64];
        ERR(e->span, "cannot %s %s and %s", what, unit_text(c, x->unit, a, sizeof a),
            unit_text(c, y->unit, b, sizeof b));
    }
}

static void chk_expr(chk *c, ast_expr *e, int scope, int aggdef);

static bool need_type(chk *c, ast_expr *e, vdl_type t, const char *ctx)
{
    if (e->type == TY_ERROR || e->type == t) return e->type == t;
    ERR(e->span, "%s needs %s, not %s", ctx, type_name(t), type_name(e->type));
    return false;
}

/* The level named `name`, or -1 after an error (reported once per name,
 * with the closest level name as a hint). */
static int level_lookup(chk *c, const char *name, vdl_span sp)
{
    if (strcmp(name, "all") == 0) return LEVEL_ALL;
    int lv = prog_level_find(c->p, name);
    if (lv >= 0) return lv;
    for (int i = 0; i < c->nbad_levels; i++)
        if (strcmp(c->bad_levels[i], name) == 0) return -1;
    AST_PUSH(c->bad_levels, c->nbad_levels, mem_strdup(name));
    ERR(sp, "unknown group level '%s'", name);
    const char **cands = mem_array((size_t)c->p->nlevels + 1, sizeof *cands);
    for (int i = 0; i < c->p->nlevels; i++) cands[i] = c->p->levels[i].name;
    const char *best = diag_suggest(name, cands, (size_t)c->p->nlevels);
    if (best) diag_hint(c->d, "did you mean '%s'?", best);
    else diag_hint(c->d, "a group level is declared on a text column: province text group provincie");
    mem_free(cands);
    return -1;
}

/* Both operands must have type t; each wrong one is reported. */
static bool need_both(chk *c, ast_expr *x, ast_expr *y, vdl_type t, const char *ctx)
{
    bool okx = need_type(c, x, t, ctx);
    bool oky = need_type(c, y, t, ctx);
    return okx && oky;
}

static int within_level(chk *c, ast_expr *e, int aggdef)
{
    if (!e->within) return aggdef;
    int lv = level_lookup(c, e->within, e->within_span);
    return lv < 0 ? aggdef : lv;
}

/* sum(x [where c] [within L]), count([where c]), min(x), max(x), mean(x) */
static void chk_aggregate(chk *c, ast_expr *e, int scope, int aggdef, int bi)
{
    int target = within_level(c, e, aggdef);
    int inner = LEVEL_ALL;
    if (bi == BI_COUNT) {
        if (e->nargs > 0) ERR(e->args[0]->span, "count takes no value, only `where`");
        inner = LEVEL_ENTITY;
    } else if (e->nargs != 1) {
        ERR(e->span, "%s takes one value", chk_builtins[bi]);
        e->type = TY_ERROR;
        e->level = target;
        return;
    } else {
        chk_expr(c, e->args[0], LEVEL_ENTITY, aggdef);
        need_type(c, e->args[0], TY_NUM, chk_builtins[bi]);
        inner = e->args[0]->level;
        e->unit = e->args[0]->unit;
        e->unit_free = e->args[0]->unit_free;
    }
    if (e->where) {
        chk_expr(c, e->where, LEVEL_ENTITY, aggdef);
        need_type(c, e->where, TY_BOOL, "where");
        if (bi == BI_COUNT && e->where->level != LEVEL_ALL) inner = e->where->level;
        else inner = level_join(c, inner, e->where->level, e->where->span);
    }
    e->type = TY_NUM;
    if (bi == BI_COUNT) { e->unit = unit_none(); e->unit_free = false; }
    bool ok = (inner == LEVEL_ENTITY && target != LEVEL_ENTITY) ||
              (inner >= LEVEL_GROUP0 && target == LEVEL_ALL);
    if (!ok && inner == LEVEL_ALL) {
        ERR(e->span, "nothing to aggregate: the value is one value for all");
    } else if (!ok && inner == target) {
        char a[96];
        ERR(e->span, "nothing to aggregate: the value is already %s", level_text(c, inner, a, sizeof a));
    } else if (!ok) {
        char a[96], b[96];
        ERR(e->span, "cannot aggregate %s to %s", level_text(c, inner, a, sizeof a),
            level_text(c, target, b, sizeof b));
    }
    e->agg_level = target;
    e->level = target;
    e->inner_level = inner;
    if (!level_fits(scope, e->level)) level_misfit(c, e, scope);
}

/* apportion(TOTAL, WEIGHT, METHOD [where C] [within L]) */
static void chk_apportion(chk *c, ast_expr *e, int scope, int aggdef)
{
    e->type = TY_NUM;
    e->level = LEVEL_ENTITY;
    if (e->nargs != 3) {
        ERR(e->span, "apportion takes a total, a weight and a method");
        diag_hint(c->d, "apportion(BO, inwoners, largest_remainder)");
        return;
    }
    ast_expr *m = e->args[2];
    app_method method = APP_LARGEST_REMAINDER;
    if (m->kind != EX_NAME || app_method_lookup(m->str, &method) != 0) {
        if (m->kind == EX_NAME) ERR(m->span, "unknown apportion method '%s'", m->str);
        else ERR(m->span, "the third value of apportion is its method");
        static const char *const names[] = { "rounded_quota", "largest_remainder", "dhondt", "sainte_lague" };
        const char *best = m->kind == EX_NAME ? diag_suggest(m->str, names, 4) : NULL;
        if (best) diag_hint(c->d, "did you mean '%s'?", best);
        else diag_hint(c->d, "the methods are rounded_quota, largest_remainder, dhondt and sainte_lague");
    }
    m->type = TY_METHOD;
    m->sym = (int)method;
    int target = within_level(c, e, LEVEL_ALL);
    chk_expr(c, e->args[0], LEVEL_ENTITY, aggdef);
    chk_expr(c, e->args[1], LEVEL_ENTITY, aggdef);
    need_type(c, e->args[0], TY_NUM, "the total of apportion");
    need_type(c, e->args[1], TY_NUM, "the weight of apportion");
    int wl = e->args[1]->level;
    if (e->where) {
        chk_expr(c, e->where, LEVEL_ENTITY, aggdef);
        need_type(c, e->where, TY_BOOL, "where");
        wl = level_join(c, wl, e->where->level, e->where->span);
    }
    int tl = e->args[0]->level;
    if (wl == LEVEL_ALL) ERR(e->args[1]->span, "the weight must be a value per entity or per group");
    else if (wl == target) {
        char a[96];
        ERR(e->span, "cannot apportion within %s: the weight is already %s",
            prog_level_name(c->p, target), level_text(c, wl, a, sizeof a));
        diag_hint(c->d, "without `within`, apportion distributes the total over the %s groups",
                  prog_level_name(c->p, target));
    } else if (!((wl == LEVEL_ENTITY && target != LEVEL_ENTITY) || (wl >= LEVEL_GROUP0 && target == LEVEL_ALL))) {
        char a[96], b[96];
        ERR(e->span, "cannot apportion %s within %s", level_text(c, wl, a, sizeof a),
            level_text(c, target, b, sizeof b));
    }
    if (tl != LEVEL_ALL && tl != target) {
        char a[96];
        ERR(e->args[0]->span, "the total must be one value for all%s%s, not %s",
            target >= LEVEL_GROUP0 ? " or a value per " : "",
            target >= LEVEL_GROUP0 ? prog_level_name(c->p, target) : "",
            level_text(c, tl, a, sizeof a));
        if (target == LEVEL_ALL && tl >= LEVEL_GROUP0)
            diag_hint(c->d, "add `within %s`", prog_level_name(c->p, tl));
    }
    e->unit = e->args[0]->unit;
    e->unit_free = e->args[0]->unit_free;
    e->level = wl == LEVEL_ALL ? LEVEL_ENTITY : wl;
    e->agg_level = target;
    if (!level_fits(scope, e->level)) level_misfit(c, e, scope);
}

/* NAME(args) of an extern: its arity and argument types, and the level
 * of its arguments (it is called once per row). */
static void chk_extern_call(chk *c, ast_expr *e, int scope, int aggdef, int xi)
{
    const ast_extern *ax = &c->ast->externs[xi];
    const prog_extern *x = &c->p->externs[xi];
    e->sym = BI__COUNT + xi;
    e->type = x->ret == XT_BOOL ? TY_BOOL : TY_NUM;
    e->unit = x->ret_unit;
    e->level = LEVEL_ALL;
    if (e->where || e->within) ERR(e->span, "extern '%s' takes no where or within", e->str);
    if (e->nargs != ax->nparams) {
        ERR(e->span, "extern '%s' takes %d value%s, not %d", e->str, ax->nparams, ax->nparams == 1 ? "" : "s", e->nargs);
        diag_add(c->d, DIAG_NOTE, c->f, ax->name.span, "'%s' is declared here", e->str);
        e->type = TY_ERROR;
        return;
    }
    for (int i = 0; i < e->nargs; i++) {
        ast_expr *a = e->args[i];
        const ast_ctype *t = &ax->params[i];
        chk_expr(c, a, scope, aggdef);
        e->level = level_join(c, e->level, a->level, a->span);
        if (a->type == TY_ERROR) continue;
        if (a->type != (vdl_type)t->type) {
            ERR(a->span, "value %d of extern '%s' must be %s, not %s", i + 1, e->str, type_name((vdl_type)t->type),
                type_name(a->type));
            continue;
        }
        vdl_unit u;
        if (t->type == TY_NUM && t->unit.name && unit_lookup(c, t->unit.name, &u) && !a->unit_free && !unit_eq(u, a->unit)) {
            char x1[64], x2[64];
            ERR(a->span, "value %d of extern '%s' must be in %s, not in %s", i + 1, e->str, unit_text(c, u, x1, sizeof x1),
                unit_text(c, a->unit, x2, sizeof x2));
        }
    }
    if (!level_fits(scope, e->level)) level_misfit(c, e, scope);
}

static void chk_call(chk *c, ast_expr *e, int scope, int aggdef)
{
    int bi = -1;
    for (int i = 0; i < BI__COUNT; i++)
        if (strcmp(e->str, chk_builtins[i]) == 0) bi = i;
    e->sym = bi;
    e->type = TY_NUM;
    e->level = LEVEL_ALL;
    for (int i = 0; bi < 0 && i < c->p->nexterns; i++)
        if (strcmp(c->p->externs[i].name, e->str) == 0) { chk_extern_call(c, e, scope, aggdef, i); return; }
    if (bi < 0) {
        ERR(e->span, "unknown function '%s'", e->str);
        const char *best = diag_suggest(e->str, chk_builtins, BI__COUNT);
        if (best) diag_hint(c->d, "did you mean '%s'?", best);
        e->type = TY_ERROR;
        return;
    }
    bool elementwise = (bi == BI_MIN || bi == BI_MAX) && e->nargs >= 2;
    if (bi == BI_APPORTION) { chk_apportion(c, e, scope, aggdef); return; }
    if (bi <= BI_MEAN && !elementwise) { chk_aggregate(c, e, scope, aggdef, bi); return; }
    if (e->where || e->within) {
        ERR(e->where ? e->where->span : e->within_span, "'%s' takes no where or within", e->str);
        if (elementwise) diag_hint(c->d, "%s with one value aggregates; with two or more it takes the %s per row",
                                   e->str, bi == BI_MIN ? "smallest" : "largest");
    }
    int maxargs = (bi >= BI_ROUND && bi <= BI_TRUNC) ? 2 : elementwise ? 1000 : 1;
    if (e->nargs < 1 || e->nargs > maxargs) {
        ERR(e->span, "wrong number of values for '%s'", e->str);
        if (maxargs == 2) diag_hint(c->d, "%s(x) or %s(x, decimals)", e->str, e->str);
        e->type = TY_ERROR;
        return;
    }
    ast_expr *x = e->args[0];
    chk_expr(c, x, scope, aggdef);
    need_type(c, x, TY_NUM, e->str);
    e->unit = x->unit;
    e->unit_free = x->unit_free;
    e->level = x->level;
    if (elementwise) {
        for (int i = 1; i < e->nargs; i++) {
            ast_expr *y = e->args[i];
            chk_expr(c, y, scope, aggdef);
            need_type(c, y, TY_NUM, e->str);
            ast_expr acc = *e;
            unit_unify(c, e, &acc, y, "compare");
            e->level = level_join(c, e->level, y->level, y->span);
        }
        return;
    }
    if (e->nargs == 2) {
        ast_expr *dg = e->args[1];
        if (dg->kind != EX_NUM || !num_is_int(dg->num) || dg->num.n < 0 || dg->num.n > 18) {
            ERR(dg->span, "the number of decimals must be a whole number from 0 to 18");
        }
        dg->type = TY_NUM;
        dg->level = LEVEL_ALL;
    }
}

static void chk_name(chk *c, ast_expr *e, int scope)
{
    int s = nm_get(&c->p->names, e->str);
    e->sym = s;
    e->type = TY_ERROR;
    e->level = LEVEL_ALL;
    if (s < 0) {
        if (prog_level_find(c->p, e->str) >= 0) {
            ERR(e->span, "'%s' is a group level, not a value", e->str);
            diag_hint(c->d, "use it with `within %s` or `per %s { ... }`", e->str, e->str);
        } else {
            ERR(e->span, "unknown name '%s'", e->str);
            suggest_name(c, e->str);
        }
        return;
    }
    if (c->p->syms[s].kind == SYM_RULE) check_rule(c, s);
    prog_sym *sym = &c->p->syms[s];
    if (sym->kind == SYM_RULE && sym->eff_phase >= 0) {
        if (c->cur_phase >= 0 && sym->eff_phase > c->cur_phase) {
            ERR(e->span, "'%s' belongs to phase '%s', which comes after this rule's phase '%s'", sym->name,
                c->p->phases[sym->eff_phase].name, c->p->phases[c->cur_phase].name);
            diag_hint(c->d, "a phase reads only its own results and those of earlier phases");
        }
        if (sym->eff_phase > c->dep_phase) c->dep_phase = sym->eff_phase;
    }
    e->type = sym->type;
    e->unit = sym->unit;
    e->level = sym->level;
    c->notes |= sym->notes;
    if (!level_fits(scope, e->level)) level_misfit(c, e, scope);
}

static void chk_binary(chk *c, ast_expr *e, int scope, int aggdef)
{
    chk_expr(c, e->a, scope, aggdef);
    chk_expr(c, e->b, scope, aggdef);
    ast_expr *x = e->a, *y = e->b;
    e->level = level_join(c, x->level, y->level, e->span);
    e->type = TY_ERROR;
    if (x->type == TY_ERROR || y->type == TY_ERROR) return;
    static const char *const opname[] = { "'+'", "'-'", "'*'", "'/'", "'-'", "'=='", "'!='", "'<'", "'<='", "'>'", "'>='", "'and'", "'or'", "'not'" };
    switch (e->op) {
    case OPR_ADD: case OPR_SUB: case OPR_MUL: case OPR_DIV:
        if (!need_both(c, x, y, TY_NUM, opname[e->op])) return;
        e->type = TY_NUM;
        if (e->op == OPR_ADD || e->op == OPR_SUB) {
            unit_unify(c, e, x, y, e->op == OPR_ADD ? "add" : "subtract");
        } else {
            e->unit_free = x->unit_free && y->unit_free;
            for (int i = 0; i < UNIT_MAX; i++) {
                int v = e->op == OPR_MUL ? x->unit.e[i] + y->unit.e[i] : x->unit.e[i] - y->unit.e[i];
                if (v > 100 || v < -100) v = 0;
                e->unit.e[i] = (int8_t)v;
            }
        }
        return;
    case OPR_EQ: case OPR_NE:
        if (x->type != y->type) {
            ERR(e->span, "cannot compare %s with %s", type_name(x->type), type_name(y->type));
            return;
        }
        if (x->type == TY_NUM) unit_unify(c, e, x, y, "compare");
        break;
    case OPR_LT: case OPR_LE: case OPR_GT: case OPR_GE:
        if (x->type == TY_TEXT || y->type == TY_TEXT) {
            ERR(e->span, "cannot order text with %s", opname[e->op]);
            diag_hint(c->d, "text can only be compared with == and !=");
            return;
        }
        if (!need_both(c, x, y, TY_NUM, opname[e->op])) return;
        unit_unify(c, e, x, y, "compare");
        break;
    case OPR_AND: case OPR_OR:
        if (!need_both(c, x, y, TY_BOOL, opname[e->op])) return;
        break;
    default:
        return;
    }
    e->type = TY_BOOL;
    e->unit = unit_none();
    e->unit_free = false;
}

static void chk_expr(chk *c, ast_expr *e, int scope, int aggdef)
{
    switch (e->kind) {
    case EX_NUM:
        e->type = TY_NUM; e->level = LEVEL_ALL; e->unit_free = true; e->unit = unit_none();
        return;
    case EX_BOOL:
        e->type = TY_BOOL; e->level = LEVEL_ALL;
        return;
    case EX_STR:
        e->type = TY_TEXT; e->level = LEVEL_ALL;
        e->sym = intern_string(c, e->str);
        return;
    case EX_NAME:
        chk_name(c, e, scope);
        return;
    case EX_UNARY:
        chk_expr(c, e->a, scope, aggdef);
        e->level = e->a->level;
        e->type = e->a->type;
        e->unit = e->a->unit;
        e->unit_free = e->a->unit_free;
        if (e->op == OPR_NEG) need_type(c, e->a, TY_NUM, "'-'");
        else need_type(c, e->a, TY_BOOL, "'not'");
        return;
    case EX_BINARY:
        chk_binary(c, e, scope, aggdef);
        return;
    case EX_IF:
        chk_expr(c, e->a, scope, aggdef);
        chk_expr(c, e->b, scope, aggdef);
        chk_expr(c, e->c, scope, aggdef);
        need_type(c, e->a, TY_BOOL, "the condition of if");
        e->level = level_join(c, level_join(c, e->a->level, e->b->level, e->span), e->c->level, e->span);
        e->type = e->b->type;
        if (e->b->type != TY_ERROR && e->c->type != TY_ERROR && e->b->type != e->c->type) {
            ERR(e->c->span, "the branches of if differ: %s and %s", type_name(e->b->type), type_name(e->c->type));
            e->type = TY_ERROR;
        } else if (e->type == TY_NUM) {
            unit_unify(c, e, e->b, e->c, "choose between");
        }
        return;
    case EX_CALL:
        chk_call(c, e, scope, aggdef);
        return;
    }
}

/* A bonus is money: a number in euro (a bare literal is taken as euro),
 * checked at run time to be whole cents. */
static void check_bonus(chk *c, prog_sym *sym, const ast_rule *r)
{
    vdl_unit euro;
    unit_lookup(c, "euro", &euro);
    if (r->expr->type != TY_NUM) {
        ERR(r->expr->span, "bonus '%s' is %s; a bonus is an amount of money", sym->name, type_name(r->expr->type));
    } else if (!r->expr->unit_free && !unit_eq(r->expr->unit, euro)) {
        char a[64];
        ERR(r->expr->span, "bonus '%s' is in %s; a bonus is an amount in euro", sym->name,
            unit_text(c, r->expr->unit, a, sizeof a));
        diag_hint(c->d, "multiply the places by an amount per place, declared as param bedrag : euro/places");
    }
    sym->unit = euro;
}

/* The values a criterion's condition reads directly (not inside an
 * aggregate), shown with each finding. */
static void collect_refs(chk *c, prog_sym *sym, const ast_expr *e)
{
    if (!e) return;
    if (e->kind == EX_NAME && e->sym >= 0) {
        for (int i = 0; i < sym->nrefs; i++) if (sym->refs[i] == e->sym) return;
        sym->refs = mem_realloc(sym->refs, (size_t)(sym->nrefs + 1) * sizeof *sym->refs);
        sym->refs[sym->nrefs++] = e->sym;
        return;
    }
    if (e->kind == EX_CALL && e->sym >= 0 && (e->sym <= BI_MEAN || e->sym == BI_APPORTION) &&
        !((e->sym == BI_MIN || e->sym == BI_MAX) && e->nargs >= 2))
        return;
    (void)c;
    collect_refs(c, sym, e->a);
    collect_refs(c, sym, e->b);
    collect_refs(c, sym, e->c);
    for (int i = 0; i < e->nargs; i++) collect_refs(c, sym, e->args[i]);
}

/* Does e take a largest, smallest or mean value (whose total is no count)? */
static bool has_extreme(const ast_expr *e)
{
    if (!e) return false;
    if (e->kind == EX_CALL && e->nargs <= 1 && (e->sym == BI_MIN || e->sym == BI_MAX || e->sym == BI_MEAN))
        return true;
    for (int i = 0; i < e->nargs; i++) if (has_extreme(e->args[i])) return true;
    return has_extreme(e->a) || has_extreme(e->b) || has_extreme(e->c);
}

static void check_rule(chk *c, int s)
{
    if (c->state[s] == 2) return;
    prog_sym *sym = &c->p->syms[s];
    if (c->state[s] == 1) {
        char *path = mem_strdup(sym->name);
        int from = 0;
        for (int i = 0; i < c->npath; i++) if (c->path[i] == s) from = i;
        for (int i = from + 1; i < c->npath; i++) {
            char *n = diag_fmt("%s -> %s", path, c->p->syms[c->path[i]].name);
            mem_free(path);
            path = n;
        }
        ERR(sym->span, "rule '%s' depends on itself: %s -> %s", sym->name, path, sym->name);
        mem_free(path);
        sym->type = TY_ERROR;
        return;
    }
    c->state[s] = 1;
    c->path[c->npath++] = s;
    ast_rule *r = &c->ast->rules[c->rule_ast[s]];
    int scope = LEVEL_ENTITY, aggdef = LEVEL_ALL;
    if (r->per.name) {
        int lv = level_lookup(c, r->per.name, r->per.span);
        if (lv >= 0) scope = aggdef = lv;
    }
    uint32_t saved = c->notes;
    int saved_phase = c->cur_phase, saved_dep = c->dep_phase;
    c->notes = 0;
    c->cur_phase = sym->phase;
    c->dep_phase = -1;
    size_t errors = c->d->nerrors;
    chk_expr(c, r->expr, scope, aggdef);
    sym->eff_phase = sym->phase >= 0 ? sym->phase : c->dep_phase;
    c->cur_phase = saved_phase;
    c->dep_phase = saved_dep;
    /* a rule with an error is poisoned: the rules that read it are not
     * checked against a type or unit it never really had */
    bool poisoned = c->d->nerrors > errors;
    sym->type = poisoned ? TY_ERROR : r->expr->type;
    sym->unit = r->expr->unit;
    sym->level = scope == LEVEL_ENTITY ? r->expr->level : scope;
    sym->notes = c->notes;
    c->notes = saved | sym->notes;
    /* the largest of, or the mean of, some places is not a count */
    sym->additive = sym->type == TY_NUM && !has_extreme(r->expr);
    vdl_type aty;
    vdl_unit au;
    if (r->ann.name && strcmp(r->ann.name, "integer") == 0) sym->integer = true;
    if (sym->rkind == RK_BONUS && !poisoned && r->expr->type != TY_ERROR) check_bonus(c, sym, r);
    if (sym->rkind == RK_CRITERION && !poisoned && r->expr->type != TY_ERROR) {
        if (r->expr->type != TY_BOOL) {
            ERR(r->expr->span, "criterion '%s' is %s; a criterion is a condition, true or false", sym->name,
                type_name(r->expr->type));
        } else collect_refs(c, sym, r->expr);
    }
    if (ann_resolve(c, &r->ann, &aty, &au) && !poisoned && r->expr->type != TY_ERROR) {
        if (aty != r->expr->type) {
            ERR(r->expr->span, "rule '%s' is declared %s but its value is %s", sym->name,
                type_name(aty), type_name(r->expr->type));
        } else if (aty == TY_NUM && !r->expr->unit_free && !unit_eq(au, r->expr->unit)) {
            char a[64], b[64];
            ERR(r->expr->span, "rule '%s' is declared in %s but its value is in %s", sym->name,
                unit_text(c, au, a, sizeof a), unit_text(c, r->expr->unit, b, sizeof b));
        }
        sym->unit = au;
    }
    c->npath--;
    c->state[s] = 2;
    sym->order = c->p->norder;
    AST_PUSH(c->p->order, c->p->norder, s);
}

static xt_type xt_of(const ast_ctype *t)
{
    if (t->type == TY_TEXT) return XT_TEXT;
    if (t->type == TY_BOOL) return XT_BOOL;
    if (t->approximate) return XT_DOUBLE;
    return t->integer ? XT_INT64 : XT_DECIMAL;
}

/* extern declarations: their C signature and where their library is; the
 * binding itself (dlopen, dlsym, the libffi call interface) happens only
 * when native code is allowed (runtime/native.c). */
static void check_externs(chk *c)
{
    ast_file *a = c->ast;
    prog_t *p = c->p;
    p->externs = mem_array((size_t)a->nexterns + 1, sizeof *p->externs);
    for (int i = 0; i < a->nexterns; i++) {
        ast_extern *ax = &a->externs[i];
        bool dup = false;
        for (int k = 0; k < i; k++) dup |= strcmp(a->externs[k].name.name, ax->name.name) == 0;
        for (int k = 0; k < BI__COUNT; k++) dup |= strcmp(chk_builtins[k], ax->name.name) == 0;
        if (dup) ERR(ax->name.span, "'%s' is already a function", ax->name.name);
        if (!ax->cite) {
            ERR(ax->name.span, "extern '%s' has no citation", ax->name.name);
            diag_hint(c->d, "say where the function's model is documented, e.g. [CBS bevolkingsprognose 2024]");
        }
        prog_extern *x = &p->externs[p->nexterns++];
        x->name = mem_strdup(ax->name.name);
        x->symbol = mem_strdup(ax->symbol ? ax->symbol : ax->name.name);
        /* a library path is relative to the rule file, like its data */
        char *dir = src_dir(p->file->path);
        x->lib = strchr(ax->lib, '/') ? src_resolve(dir, ax->lib) : mem_strdup(ax->lib);
        mem_free(dir);
        x->cite = ax->cite ? mem_strdup(ax->cite) : NULL;
        x->span = ax->name.span;
        x->nparams = ax->nparams;
        x->params = mem_array((size_t)ax->nparams + 1, sizeof *x->params);
        for (int k = 0; k < ax->nparams; k++) {
            x->params[k] = xt_of(&ax->params[k]);
            vdl_unit u;
            if (ax->params[k].approximate) ERR(ax->params[k].span, "approximate is for a result only");
            if (ax->params[k].unit.name && !unit_lookup(c, ax->params[k].unit.name, &u))
                ERR(ax->params[k].unit.span, "unknown unit '%s'", ax->params[k].unit.name);
        }
        x->ret = xt_of(&ax->ret);
        x->digits = ax->ret.digits;
        if (ax->ret.type == TY_TEXT) {
            ERR(ax->ret.span, "an extern returns a number or a bool, not text");
            diag_hint(c->d, "text is passed to an extern, never returned");
        }
        if (ax->ret.unit.name && !unit_lookup(c, ax->ret.unit.name, &x->ret_unit))
            ERR(ax->ret.unit.span, "unknown unit '%s'", ax->ret.unit.name);
    }
}

static void check_phases(chk *c)
{
    ast_file *a = c->ast;
    prog_t *p = c->p;
    p->phases = mem_array((size_t)a->nphases + 1, sizeof *p->phases);
    for (int i = 0; i < a->nphases; i++) {
        ast_phase *ph = &a->phases[i];
        if (prog_phase_find(p, ph->name.name) >= 0) {
            ERR(ph->name.span, "phase '%s' is declared twice", ph->name.name);
            continue;
        }
        prog_phase *o = &p->phases[p->nphases++];
        o->name = mem_strdup(ph->name.name);
        o->title = ph->title ? mem_strdup(ph->title) : NULL;
        o->from = ph->from;
        o->until = ph->until;
        o->cite = ph->cite ? mem_strdup(ph->cite) : NULL;
        if (ph->from && ph->until && ph->until < ph->from)
            ERR(ph->name.span, "phase '%s' ends before it starts", ph->name.name);
        if (p->nphases > 1) {
            const prog_phase *prev = &p->phases[p->nphases - 2];
            vdl_date prev_end = prev->until ? prev->until : prev->from;
            vdl_date start = o->from ? o->from : o->until;
            if (prev_end && start && start < prev_end) {
                ERR(ph->name.span, "phase '%s' is dated before the phase '%s' it follows", ph->name.name, prev->name);
                diag_hint(c->d, "phases run in the order they are declared");
            }
        }
    }
}

static const char *kind_name(rule_kind k)
{
    return k == RK_BONUS ? "bonus" : k == RK_CRITERION ? "criterion" : "rule";
}

static void check_rules(chk *c)
{
    ast_file *a = c->ast;
    int first = c->p->nsyms;
    check_phases(c);
    for (int i = 0; i < a->nrules; i++) {
        ast_rule *r = &a->rules[i];
        int s = add_sym(c, r->name.name, r->name.span, SYM_RULE);
        if (s < 0) continue;
        c->rule_ast[s] = i;
        prog_sym *sym = &c->p->syms[s];
        sym->rule = i;
        sym->cite = r->cite ? mem_strdup(r->cite) : NULL;
        sym->rkind = r->kind;
        sym->phase = r->phase.name ? prog_phase_find(c->p, r->phase.name) : -1;
        sym->eff_phase = sym->phase;
        sym->paid = sym->phase;
        if (r->paid.name) {
            sym->paid = prog_phase_find(c->p, r->paid.name);
            if (sym->paid < 0) {
                ERR(r->paid.span, "unknown phase '%s'", r->paid.name);
                const char **cands = mem_array((size_t)c->p->nphases + 1, sizeof *cands);
                for (int k = 0; k < c->p->nphases; k++) cands[k] = c->p->phases[k].name;
                const char *best = diag_suggest(r->paid.name, cands, (size_t)c->p->nphases);
                if (best) diag_hint(c->d, "did you mean '%s'?", best);
                mem_free(cands);
            } else if (sym->phase >= 0 && sym->paid < sym->phase) {
                ERR(r->paid.span, "bonus '%s' is paid at phase '%s', before its own phase '%s'", r->name.name,
                    r->paid.name, c->p->phases[sym->phase].name);
            }
        }
        if (!r->cite) {
            ERR(r->name.span, "%s '%s' has no citation", kind_name(r->kind), r->name.name);
            diag_hint(c->d, "end the %s with the article it implements, e.g. [Besluit art. 2.1.3]", kind_name(r->kind));
        }
    }
    c->state = mem_array((size_t)c->p->nsyms + 1, sizeof *c->state);
    c->path = mem_array((size_t)c->p->nsyms + 1, sizeof *c->path);
    for (int s = first; s < c->p->nsyms; s++)
        if (c->p->syms[s].kind == SYM_RULE) check_rule(c, s);
}

static void check_outputs(chk *c)
{
    ast_file *a = c->ast;
    for (int i = 0; i < a->noutputs; i++) {
        int s = nm_get(&c->p->names, a->outputs[i].name);
        if (s < 0) {
            ERR(a->outputs[i].span, "unknown output '%s'", a->outputs[i].name);
            suggest_name(c, a->outputs[i].name);
            continue;
        }
        for (int j = 0; j < c->p->noutputs; j++)
            if (c->p->outputs[j] == s) {
                ERR(a->outputs[i].span, "'%s' is listed as an output twice", a->outputs[i].name);
                s = -1;
                break;
            }
        if (s >= 0) AST_PUSH(c->p->outputs, c->p->noutputs, s);
    }
    if (a->noutputs == 0) {
        vdl_span none = { 0, 0, 0, 0 };
        diag_add(c->d, DIAG_WARNING, c->f, none, "no output list: every rule is printed");
        for (int i = 0; i < c->p->norder; i++) AST_PUSH(c->p->outputs, c->p->noutputs, c->p->order[i]);
    }
}

int chk_check(ast_file *ast, prog_t *p, diag_list *d)
{
    chk c;
    memset(&c, 0, sizeof c);
    c.ast = ast;
    c.p = p;
    c.d = d;
    c.f = p->file;
    c.cur_phase = c.dep_phase = -1;
    size_t before = d->nerrors;
    check_law(&c);
    check_units(&c);
    check_datasets(&c);
    check_params(&c);
    check_externs(&c);
    check_rules(&c);
    if (d->nerrors == before) check_outputs(&c);
    mem_free(c.rule_ast);
    for (int i = 0; i < c.nbad_levels; i++) mem_free(c.bad_levels[i]);
    mem_free(c.bad_levels);
    mem_free(c.state);
    mem_free(c.path);
    return (int)(d->nerrors - before);
}
