/* codegen.c: checked tree -> bytecode chunk.
 *
 * One pass over the rules in evaluation order; each rule's expression is
 * compiled to columnar instructions (opcodes.h) ending in a STORE to its
 * slot.  Every instruction word gets the span of the node that produced it
 * in the location table, so run-time errors point at the source.  The
 * stack and mask depths are computed here from the opcode table, so the VM
 * allocates its stacks once. */
#include "program.h"
#include "mem.h"

#include <string.h>

enum { BI_SUM, BI_COUNT, BI_MIN, BI_MAX, BI_MEAN, BI_ROUND, BI_ROUND_EVEN,
       BI_FLOOR, BI_CEIL, BI_TRUNC, BI_ABS, BI_APPORTION, BI__COUNT };

typedef struct {
    prog_t *p;
    size_t  capcode;
    int     depth, masks;
    int    *cslot;      /* the constant pool's hash: index + 1, 0 empty */
    size_t  ccap;
} cg;

static void cg_word(cg *g, uint32_t w, vdl_span sp)
{
    prog_t *p = g->p;
    if (p->ncode == g->capcode) {
        g->capcode = g->capcode ? g->capcode * 2 : 256;
        p->code = mem_realloc(p->code, g->capcode * sizeof *p->code);
        p->locs = mem_realloc(p->locs, g->capcode * sizeof *p->locs);
    }
    p->locs[p->ncode] = sp;
    p->code[p->ncode++] = w;
}

static void cg_op(cg *g, vdl_opcode op, vdl_span sp, uint32_t a, uint32_t b)
{
    const op_info *in = &prog_op_info[op];
    cg_word(g, (uint32_t)op, sp);
    if (in->nops > 0) cg_word(g, a, sp);
    if (in->nops > 1) cg_word(g, b, sp);
    g->depth += in->pushes - in->pops;
    if (g->depth > g->p->max_stack) g->p->max_stack = g->depth;
    if (op == OP_MASK || op == OP_MASKNOT || op == OP_MASKALL) {
        if (++g->masks > g->p->max_masks) g->p->max_masks = g->masks;
    } else if (op == OP_UNMASK) {
        g->masks--;
    }
}

static size_t cg_const_hash(num_t v)
{
    uint64_t h = (uint64_t)v.n * 0x9e3779b97f4a7c15u ^ (uint64_t)v.d * 0xc2b2ae3d27d4eb4fu;
    return (size_t)(h ^ h >> 29);
}

/* The constant pool's index of v, added once: the pool is hashed (slot ->
 * index + 1) so that a file with many constants compiles in linear time.
 * Numbers are kept reduced, so equal values have equal fields. */
static uint32_t cg_const(cg *g, num_t v)
{
    prog_t *p = g->p;
    size_t mask = g->ccap - 1, i = 0;
    if (g->ccap)
        for (i = cg_const_hash(v) & mask; g->cslot[i]; i = (i + 1) & mask)
            if (num_eq(p->consts[g->cslot[i] - 1], v)) return (uint32_t)(g->cslot[i] - 1);
    if ((size_t)(p->nconsts + 1) * 2 > g->ccap) {
        mem_free(g->cslot);
        g->ccap = g->ccap ? g->ccap * 2 : 64;
        g->cslot = mem_array(g->ccap, sizeof *g->cslot);
        mask = g->ccap - 1;
        for (int k = 0; k < p->nconsts; k++) {
            for (i = cg_const_hash(p->consts[k]) & mask; g->cslot[i]; i = (i + 1) & mask) {}
            g->cslot[i] = k + 1;
        }
        for (i = cg_const_hash(v) & mask; g->cslot[i]; i = (i + 1) & mask) {}
    }
    if ((p->nconsts & (p->nconsts - 1)) == 0)      /* grow the pool by doubling */
        p->consts = mem_realloc(p->consts, (size_t)(p->nconsts ? p->nconsts * 2 : 1) * sizeof *p->consts);
    p->consts[p->nconsts] = v;
    g->cslot[i] = p->nconsts + 1;
    return (uint32_t)p->nconsts++;
}

static void cg_expr(cg *g, const ast_expr *e);

/* Emit e for a consumer at level `want`: a group value read per entity is
 * spread to its entities; a scalar stays a scalar unless `full`, when the
 * consumer needs one value per row (a mask, an aggregate, a store). */
static void cg_at(cg *g, const ast_expr *e, int want, bool full)
{
    cg_expr(g, e);
    if (e->level == want) return;
    if (e->level == LEVEL_ALL) {
        if (full) cg_op(g, OP_BCAST, e->span, (uint32_t)want, 0);
    } else if (e->level >= LEVEL_GROUP0 && want == LEVEL_ENTITY) {
        cg_op(g, OP_UNGROUP, e->span, (uint32_t)e->level, 0);
    }
}

/* Under a mask, an aggregate is skipped when no row is live: its value
 * cannot matter, and computing it could raise an error for nothing
 * (`guard and sum(a / b) > 0`).  Returns the pc of the jump to patch. */
static size_t cg_skip_begin(cg *g, const ast_expr *e)
{
    if (g->masks == 0) return 0;
    cg_op(g, OP_SKIPDEAD, e->span, 0, 0);
    g->depth--;           /* the fall-through path pushes nothing yet */
    return g->p->ncode - 1;
}

static void cg_skip_end(cg *g, size_t patch)
{
    if (patch) g->p->code[patch] = (uint32_t)(g->p->ncode - (patch + 1));
}

/* sum(x [where c]), count([where c]), min, max, mean */
static void cg_aggregate(cg *g, const ast_expr *e)
{
    static const agg_fn fn_of[] = { AGG_SUM, AGG_COUNT, AGG_MIN, AGG_MAX, AGG_MEAN };
    agg_fn fn = fn_of[e->sym];
    int inner = e->inner_level;
    size_t skip = cg_skip_begin(g, e);
    bool reset = g->masks > 0;
    if (reset) cg_op(g, OP_MASKALL, e->span, 0, 0);
    if (fn == AGG_COUNT) {
        if (e->where) cg_at(g, e->where, inner, true);
        else {
            cg_op(g, OP_CONST, e->span, cg_const(g, NUM_ONE), 0);
            cg_op(g, OP_BCAST, e->span, (uint32_t)inner, 0);
        }
        cg_op(g, OP_AGG, e->span, (uint32_t)fn, (uint32_t)e->agg_level);
    } else if (e->where) {
        cg_at(g, e->where, inner, true);
        cg_op(g, OP_MASK, e->where->span, 0, 0);
        cg_at(g, e->args[0], inner, true);
        cg_op(g, OP_UNMASK, e->span, 0, 0);
        cg_op(g, OP_AGGW, e->span, (uint32_t)fn, (uint32_t)e->agg_level);
    } else {
        cg_at(g, e->args[0], inner, true);
        cg_op(g, OP_AGG, e->span, (uint32_t)fn, (uint32_t)e->agg_level);
    }
    if (reset) cg_op(g, OP_UNMASK, e->span, 0, 0);
    cg_skip_end(g, skip);
}

/* apportion(total, weight, method [where c] [within L]) */
static void cg_apportion(cg *g, const ast_expr *e)
{
    size_t skip = cg_skip_begin(g, e);
    bool reset = g->masks > 0;
    if (reset) cg_op(g, OP_MASKALL, e->span, 0, 0);
    cg_at(g, e->args[0], e->agg_level, false);
    cg_at(g, e->args[1], e->level, true);
    uint32_t method = (uint32_t)e->args[2]->sym;
    if (e->where) {
        cg_at(g, e->where, e->level, true);
        cg_op(g, OP_APPORTIONW, e->span, method, (uint32_t)e->agg_level);
    } else {
        cg_op(g, OP_APPORTION, e->span, method, (uint32_t)e->agg_level);
    }
    if (reset) cg_op(g, OP_UNMASK, e->span, 0, 0);
    cg_skip_end(g, skip);
}

static void cg_call(cg *g, const ast_expr *e)
{
    int bi = e->sym;
    if (bi >= BI__COUNT) {
        /* an extern: its arguments, then one call over their rows */
        for (int i = 0; i < e->nargs; i++) cg_at(g, e->args[i], e->level, false);
        cg_op(g, OP_CALLX, e->span, (uint32_t)(bi - BI__COUNT), (uint32_t)e->nargs);
        g->depth -= e->nargs;
        return;
    }
    if (bi == BI_APPORTION) { cg_apportion(g, e); return; }
    if ((bi == BI_MIN || bi == BI_MAX) && e->nargs >= 2) {
        cg_at(g, e->args[0], e->level, false);
        for (int i = 1; i < e->nargs; i++) {
            cg_at(g, e->args[i], e->level, false);
            cg_op(g, bi == BI_MIN ? OP_MIN2 : OP_MAX2, e->span, 0, 0);
        }
        return;
    }
    if (bi <= BI_MEAN) { cg_aggregate(g, e); return; }
    cg_at(g, e->args[0], e->level, false);
    if (bi == BI_ABS) { cg_op(g, OP_ABS, e->span, 0, 0); return; }
    num_round_mode mode = bi == BI_ROUND ? NUM_HALF_AWAY : bi == BI_ROUND_EVEN ? NUM_HALF_EVEN
                        : bi == BI_FLOOR ? NUM_FLOOR : bi == BI_CEIL ? NUM_CEIL : NUM_TRUNC;
    uint32_t digits = e->nargs == 2 ? (uint32_t)e->args[1]->num.n : 0;
    cg_op(g, OP_ROUND, e->span, (uint32_t)mode, digits);
}

static void cg_expr(cg *g, const ast_expr *e)
{
    switch (e->kind) {
    case EX_NUM:
        cg_op(g, OP_CONST, e->span, cg_const(g, e->num), 0);
        return;
    case EX_BOOL:
        cg_op(g, OP_CONST, e->span, cg_const(g, num_int(e->bval)), 0);
        return;
    case EX_STR:
        cg_op(g, OP_CONST, e->span, cg_const(g, num_int(e->sym)), 0);
        return;
    case EX_NAME:
        cg_op(g, OP_LOAD, e->span, (uint32_t)g->p->syms[e->sym].slot, 0);
        return;
    case EX_UNARY:
        cg_expr(g, e->a);
        cg_op(g, e->op == OPR_NEG ? OP_NEG : OP_NOT, e->span, 0, 0);
        return;
    case EX_BINARY: {
        bool lazy = e->op == OPR_AND || e->op == OPR_OR;
        cg_at(g, e->a, e->level, lazy && e->level != LEVEL_ALL);
        if (lazy) cg_op(g, e->op == OPR_AND ? OP_MASK : OP_MASKNOT, e->a->span, 0, 0);
        cg_at(g, e->b, e->level, false);
        if (lazy) cg_op(g, OP_UNMASK, e->span, 0, 0);
        static const vdl_opcode ops[] = {
            [OPR_ADD] = OP_ADD, [OPR_SUB] = OP_SUB, [OPR_MUL] = OP_MUL, [OPR_DIV] = OP_DIV,
            [OPR_EQ] = OP_EQ, [OPR_NE] = OP_NE, [OPR_LT] = OP_LT, [OPR_LE] = OP_LE,
            [OPR_GT] = OP_GT, [OPR_GE] = OP_GE, [OPR_AND] = OP_AND, [OPR_OR] = OP_OR,
        };
        cg_op(g, ops[e->op], e->span, 0, 0);
        return;
    }
    case EX_IF:
        cg_at(g, e->a, e->level, e->level != LEVEL_ALL);
        cg_op(g, OP_MASK, e->a->span, 0, 0);
        cg_at(g, e->b, e->level, false);
        cg_op(g, OP_UNMASK, e->span, 0, 0);
        cg_op(g, OP_MASKNOT, e->a->span, 1, 0);
        cg_at(g, e->c, e->level, false);
        cg_op(g, OP_UNMASK, e->span, 0, 0);
        cg_op(g, OP_SELECT, e->span, 0, 0);
        return;
    case EX_CALL:
        cg_call(g, e);
        return;
    }
}

void cg_generate(ast_file *ast, prog_t *p)
{
    cg g;
    memset(&g, 0, sizeof g);
    g.p = p;
    int *rule_of = mem_array((size_t)p->nsyms + 1, sizeof *rule_of);
    for (int i = 0; i < ast->nrules; i++) {
        int s = prog_find(p, ast->rules[i].name.name);
        if (s >= 0) rule_of[s] = i;
    }
    for (int i = 0; i < p->norder; i++) {
        prog_sym *s = &p->syms[p->order[i]];
        const ast_rule *r = &ast->rules[rule_of[p->order[i]]];
        s->code_start = p->ncode;
        cg_at(&g, r->expr, s->level, true);
        if (s->integer) cg_op(&g, OP_WHOLE, r->expr->span, 0, 0);
        else if (s->rkind == RK_BONUS) cg_op(&g, OP_WHOLE, r->expr->span, 2, 0);
        cg_op(&g, OP_STORE, r->name.span, (uint32_t)s->slot, 0);
        s->code_end = p->ncode;
    }
    mem_free(rule_of);
    mem_free(g.cslot);
}
