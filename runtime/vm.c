/* vm.c: the columnar bytecode interpreter.
 *
 * A stack slot is a column: `data` points at its values (its own scratch
 * buffer, a slot's array, or a constant), `len` is 1 for a scalar or the
 * row count of its level.  Each instruction is one loop over a column, so
 * dispatch (a computed-goto table expanded from opcodes.h) costs once per
 * column.  Arithmetic is exact (num.h); a failing row is an error only
 * where the current mask says the row is live (see opcodes.h). */
#include "vm.h"
#include "apportion.h"
#include "native.h"
#include "mem.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const num_t *data;
    num_t       *buf;        /* scratch, capacity = the longest column */
    size_t       len;
    uint64_t     whole;      /* 0: unknown; else every value is whole and
                                |value| < whole (see NEXT) */
} vm_col;

typedef struct {
    uint8_t *m;              /* capacity = the longest column */
    size_t   len;
    bool     all;
} vm_mask;

size_t vm_level_len(const ds_data *d, int level)
{
    if (level == LEVEL_ALL) return 1;
    if (level == LEVEL_ENTITY) return d->n;
    return d->levels[level - LEVEL_GROUP0].ngroups;
}

void vm_result_free(vm_result *r)
{
    for (int i = 0; i < r->nslots; i++)
        if (r->owned[i]) mem_free(r->slot[i]);
    mem_free(r->slot);
    mem_free(r->len);
    mem_free(r->owned);
    memset(r, 0, sizeof *r);
}

/* The value of a parameter in force on `date` (its `from` <= date <= `until`). */
static const prog_pvalue *param_value(const prog_sym *s, vdl_date date)
{
    for (int i = 0; i < s->nvalues; i++) {
        const prog_pvalue *v = &s->values[i];
        if ((!v->from || v->from <= date) && (!v->until || date <= v->until)) return v;
    }
    return NULL;
}

/* No error yet: nothing failed, nowhere. */
static void err_clear(vm_error *err)
{
    memset(err, 0, sizeof *err);
    err->pc = (size_t)-1;
    err->rule = err->param = -1;
    err->row = -1;
}

int vm_fill(const prog_t *p, const ds_data *d, vdl_date date,
            const vm_override *ov, int nov, vm_result *r, vm_error *err)
{
    memset(r, 0, sizeof *r);
    err_clear(err);
    r->nslots = p->nslots;
    r->slot = mem_array((size_t)p->nslots + 1, sizeof *r->slot);
    r->len = mem_array((size_t)p->nslots + 1, sizeof *r->len);
    r->owned = mem_array((size_t)p->nslots + 1, sizeof *r->owned);
    for (int i = 0; i < p->nsyms; i++) {
        const prog_sym *s = &p->syms[i];
        size_t n = vm_level_len(d, s->level);
        r->len[s->slot] = n;
        if (s->kind == SYM_COLUMN) {
            r->slot[s->slot] = d->col[i];
            continue;
        }
        r->slot[s->slot] = mem_array(n ? n : 1, sizeof(num_t));
        r->owned[s->slot] = true;
        if (s->kind != SYM_PARAM) continue;
        bool set = false;
        for (int k = 0; k < nov; k++)
            if (ov[k].sym == i) { r->slot[s->slot][0] = ov[k].value; set = true; }
        if (set) continue;
        const prog_pvalue *v = param_value(s, date);
        if (!v) {
            char ds[11];
            ast_date_format(date, ds);
            snprintf(err->msg, sizeof err->msg, "parameter '%s' has no value in force on %s", s->name, ds);
            err->param = i;
            vm_result_free(r);
            return -1;
        }
        r->slot[s->slot][0] = v->value;
    }
    return 0;
}

void vm_plan(const prog_t *p, const int *params, int nparams, vm_plan_t *out)
{
    bool *dep = mem_array((size_t)p->nslots + 1, sizeof *dep);
    out->ranges = mem_array((size_t)p->norder + 1, sizeof *out->ranges);
    out->nranges = 0;
    for (int k = 0; k < nparams; k++) dep[p->syms[params[k]].slot] = true;
    for (int i = 0; i < p->norder; i++) {
        const prog_sym *s = &p->syms[p->order[i]];
        bool d = false;
        for (size_t pc = s->code_start; pc < s->code_end && !d; pc = prog_next(p, pc))
            /* an extern is native code that need not be a pure function */
            d = (p->code[pc] == OP_LOAD && dep[p->code[pc + 1]]) || p->code[pc] == OP_CALLX;
        if (!d) continue;
        dep[s->slot] = true;
        vm_range *last = out->nranges ? &out->ranges[out->nranges - 1] : NULL;
        if (last && last->end == s->code_start) last->end = s->code_end;
        else out->ranges[out->nranges++] = (vm_range){ s->code_start, s->code_end };
    }
    out->frozen = dep;
    for (int i = 0; i < p->nslots; i++) out->frozen[i] = !dep[i];
}

void vm_plan_free(vm_plan_t *pl)
{
    mem_free(pl->ranges);
    mem_free(pl->frozen);
    memset(pl, 0, sizeof *pl);
}

/* The prepared weights of one APPORTION instruction whose operands are
 * frozen slots: the rows of each group (idx, gstart) and each group's
 * scaled weights. */
typedef struct {
    size_t   pc;
    int      wslot, cslot;       /* the slots it reads; cslot -1: no `where` */
    bool     ready;
    size_t  *idx, *gstart;
    app_prep *prep;
    size_t   ng;
} vm_appcache;

/* Forget what an entry holds (it is filled again on its next run). */
static void appcache_clear(vm_appcache *e)
{
    for (size_t g = 0; e->prep && g < e->ng; g++) app_prep_free(&e->prep[g]);
    mem_free(e->prep);
    mem_free(e->idx);
    mem_free(e->gstart);
    e->prep = NULL;
    e->idx = e->gstart = NULL;
    e->ready = false;
}

struct vm_ctx {
    size_t    maxlen;
    int       nstack, nmask;
    vm_col   *st;
    num_t    *spare;
    vm_mask  *mk;
    size_t   *idx;           /* made when first needed, like gstart and fillp */
    size_t   *gstart, *fillp, gcap;
    uint64_t *whole;         /* per slot: as vm_col.whole, for what it holds */
    vm_appcache *cache;
    int       ncache;
};

/* An APPORTION reads frozen slots when the words before it are LOADs of
 * them (the weight, then the condition); the VM still checks at run time
 * that the operands on the stack are those slots' arrays. */
static void find_cacheable(const prog_t *p, const vm_plan_t *pl, vm_ctx *cx)
{
    for (int i = 0; i < p->norder; i++) {
        const prog_sym *s = &p->syms[p->order[i]];
        size_t prev[2] = { (size_t)-1, (size_t)-1 };
        for (size_t pc = s->code_start; pc < s->code_end; pc = prog_next(p, pc)) {
            uint32_t op = p->code[pc];
            if (op == OP_APPORTION || op == OP_APPORTIONW) {
                bool w = op == OP_APPORTIONW;
                size_t wl = prev[w], cl = w ? prev[0] : (size_t)-1;
                bool ok = wl != (size_t)-1 && p->code[wl] == OP_LOAD && pl->frozen[p->code[wl + 1]] &&
                          (!w || (cl != (size_t)-1 && p->code[cl] == OP_LOAD && pl->frozen[p->code[cl + 1]]));
                if (ok) {
                    cx->cache = mem_realloc(cx->cache, ((size_t)cx->ncache + 1) * sizeof *cx->cache);
                    cx->cache[cx->ncache++] = (vm_appcache){ .pc = pc, .wslot = (int)p->code[wl + 1],
                                                             .cslot = w ? (int)p->code[cl + 1] : -1 };
                }
            }
            prev[1] = prev[0];
            prev[0] = pc;
        }
    }
}

vm_ctx *vm_ctx_new(const prog_t *p, const ds_data *d, const vm_plan_t *plan)
{
    vm_ctx *cx = mem_alloc(sizeof *cx);
    memset(cx, 0, sizeof *cx);
    size_t maxlen = 1;
    for (int lv = LEVEL_ENTITY; lv < LEVEL_GROUP0 + p->nlevels; lv++)
        if (vm_level_len(d, lv) > maxlen) maxlen = vm_level_len(d, lv);
    cx->maxlen = maxlen;
    cx->nstack = p->max_stack + 1;
    cx->nmask = p->max_masks + 1;
    cx->st = mem_array((size_t)cx->nstack, sizeof *cx->st);
    /* the stack's buffers and spare are made when first written (BUF,
     * SPARE): most levels of the stack only ever hold views of slots */
    cx->mk = mem_array((size_t)cx->nmask, sizeof *cx->mk);
    for (int i = 0; i < cx->nmask; i++) cx->mk[i].m = mem_array(maxlen, 1);
    cx->whole = mem_array((size_t)p->nslots + 1, sizeof *cx->whole);
    if (plan) find_cacheable(p, plan, cx);
    return cx;
}

void vm_ctx_free(vm_ctx *cx)
{
    if (!cx) return;
    for (int i = 0; i < cx->nstack; i++) mem_free(cx->st[i].buf);
    mem_free(cx->st);
    mem_free(cx->spare);
    for (int i = 0; i < cx->nmask; i++) mem_free(cx->mk[i].m);
    mem_free(cx->mk);
    mem_free(cx->idx);
    mem_free(cx->gstart);
    mem_free(cx->fillp);
    mem_free(cx->whole);
    for (int c = 0; c < cx->ncache; c++) appcache_clear(&cx->cache[c]);
    mem_free(cx->cache);
    mem_free(cx);
}

/* The level of a column from its length, for naming a failing row. */
static int level_of_len(const prog_t *p, const ds_data *d, size_t n)
{
    for (int lv = 0; lv < p->nlevels; lv++)
        if (d->levels[lv].ngroups == n) return LEVEL_GROUP0 + lv;
    return LEVEL_ALL;
}

int vm_run(const prog_t *p, const ds_data *d, vdl_date date,
           const vm_override *ov, int nov, vm_result *out, vm_error *err)
{
    if (vm_fill(p, d, date, ov, nov, out, err) != 0) return -1;
    vm_ctx *cx = vm_ctx_new(p, d, NULL);
    int rc = vm_exec(p, d, cx, NULL, 0, out, err);
    vm_ctx_free(cx);
    if (rc != 0) vm_result_free(out);
    return rc;
}

/* Sums of whole numbers for AGG SUM into out[0..ng); false (and out
 * garbage) when some value is a fraction or the sums might overflow.
 * `whole` is what is known of x (vm_col.whole): when it bounds every value
 * so that no sum overflows, there is nothing to check.
 * With few groups each of 4 interleaved accumulator sets takes every
 * fourth row, so that rows of one group in a row do not wait on each
 * other's store.  (x[i].n ^ (x[i].n >> 63) is |v| or |v| - 1: the OR of
 * them all, plus 1, bounds every |v|.) */
#define SUM_LANES 4
#define SUM_SMALL 64
/* The loops of vm_sum_whole, once for each way of looking at a value
 * (SEE(i) yields x[i].n as uint64_t). */
#define SUM_LOOPS(SEE)                                                        \
    for (size_t g = 0; g < ng; g++) out[g] = NUM_ZERO;                        \
    if (!c && !grp) {                                                         \
        uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;                              \
        size_t i = 0;                                                         \
        for (; i + 4 <= n; i += 4) {                                          \
            t0 += SEE(i); t1 += SEE(i + 1); t2 += SEE(i + 2); t3 += SEE(i + 3); \
        }                                                                     \
        for (; i < n; i++) t0 += SEE(i);                                      \
        out[0].n = (int64_t)(t0 + t1 + t2 + t3);                              \
    } else if (!c && ng <= SUM_SMALL) {                                       \
        uint64_t acc[SUM_LANES * SUM_SMALL], *a0 = acc, *a1 = a0 + ng,        \
                 *a2 = a1 + ng, *a3 = a2 + ng;                                \
        memset(acc, 0, SUM_LANES * ng * sizeof *acc);                         \
        size_t i = 0;                                                         \
        for (; i + SUM_LANES <= n; i += SUM_LANES) {                          \
            a0[grp[i]] += SEE(i);                                             \
            a1[grp[i + 1]] += SEE(i + 1);                                     \
            a2[grp[i + 2]] += SEE(i + 2);                                     \
            a3[grp[i + 3]] += SEE(i + 3);                                     \
        }                                                                     \
        for (; i < n; i++) a0[grp[i]] += SEE(i);                              \
        for (size_t g = 0; g < ng; g++)                                       \
            out[g].n = (int64_t)(a0[g] + a1[g] + a2[g] + a3[g]);              \
    } else {                                                                  \
        for (size_t i = 0; i < n; i++) {                                      \
            uint64_t v = SEE(i);                                              \
            if (c && c[clen > 1 ? i : 0].n == 0) continue;                    \
            num_t *o = &out[grp ? grp[i] : 0];                                \
            o->n = (int64_t)((uint64_t)o->n + v);                             \
        }                                                                     \
    }

static bool vm_sum_whole(const num_t *x, size_t n, const num_t *c, size_t clen,
                         const uint32_t *grp, size_t ng, uint64_t whole, num_t *out)
{
    uint64_t frac = 0, mag = 0;
    if (whole && n > 0 && whole <= (uint64_t)INT64_MAX / n) {
        /* known whole and small enough: nothing to look at but the sums */
#define SEE_BARE(i) ((uint64_t)x[i].n)
        SUM_LOOPS(SEE_BARE)
#undef SEE_BARE
        return true;
    }
#define SEE_CHECK(i) (frac |= (uint64_t)(x[i].d - 1), mag |= (uint64_t)(x[i].n ^ (x[i].n >> 63)), (uint64_t)x[i].n)
    SUM_LOOPS(SEE_CHECK)
#undef SEE_CHECK
    return frac == 0 && (n == 0 || mag < (uint64_t)INT64_MAX / n - 1);
}

static vm_appcache *cache_at(vm_ctx *cx, size_t pc)
{
    for (int c = 0; c < cx->ncache; c++)
        if (cx->cache[c].pc == pc) return &cx->cache[c];
    return NULL;
}

int vm_exec(const prog_t *p, const ds_data *d, vm_ctx *cx, const vm_range *ranges,
            int nranges, vm_result *out, vm_error *err)
{
    err_clear(err);
    vm_range all = { 0, p->ncode };
    if (!ranges) { ranges = &all; nranges = 1; }
    if (nranges == 0) return 0;

    const size_t maxlen = cx->maxlen;
    vm_col *st = cx->st;
    vm_mask *mk = cx->mk;
    size_t *idx = cx->idx;
#define NEED_IDX() do { if (!cx->idx) cx->idx = mem_array(maxlen, sizeof *cx->idx); idx = cx->idx; } while (0)
    num_t *spare = cx->spare;    /* swapped with stack buffers; put back at the end */
#define BUF(col_) ((col_)->buf ? (col_)->buf : ((col_)->buf = mem_array(maxlen, sizeof(num_t))))
#define SPARE() do { if (!spare) spare = mem_array(maxlen, sizeof(num_t)); } while (0)
    static const num_t zero = { 0, 1 };
    const uint32_t *code = p->code;
    uint64_t steps = 0, max_steps = p->max_steps ? p->max_steps : VM_MAX_STEPS;
    int ri = 0;
    size_t pc = ranges[0].start, end = ranges[0].end, opc = pc;
    int sp = 0, mp = 0;          /* stack and mask depths */
    bool keep = false;           /* the last instruction set st[sp - 1].whole */
    int rc = 0;
    num_status ns = NUM_OK;
    long bad_row = -1;
    int bad_level = LEVEL_ALL;

    /* Is row i of a column of length n live under the current mask? */
#define LIVE(i, n) (mp == 0 || mk[mp - 1].all || mk[mp - 1].len != (n) || mk[mp - 1].m[i])
#define FAIL_ROW(st_, i, n, lvl) do { ns = (st_); bad_row = (long)(i); bad_level = (lvl); goto fail; } while (0)
#define COL_LEVEL(len_) ((len_) == d->n ? LEVEL_ENTITY : level_of_len(p, d, (len_)))

#define BINARY(EXPR_OK)                                                        \
    {                                                                          \
        vm_col *A = &st[sp - 2], *B = &st[sp - 1];                             \
        size_t n = A->len > B->len ? A->len : B->len;                          \
        num_t a0 = A->data[0], b0 = B->data[0];                                \
        const num_t *ad = A->len > 1 ? A->data : &a0;                          \
        const num_t *bd = B->len > 1 ? B->data : &b0;                          \
        size_t sa = A->len > 1, sb = B->len > 1;                               \
        num_t *o = BUF(A);                                                     \
        for (size_t i = 0; i < n; i++) {                                       \
            num_t x = ad[i * sa], y = bd[i * sb];                              \
            EXPR_OK                                                            \
        }                                                                      \
        A->data = o; A->len = n; sp--;                                         \
    }

#define ARITH(fn)                                                              \
    BINARY(num_status s_ = fn(x, y, &o[i]);                                    \
           if (s_ != NUM_OK) {                                                 \
               if (!LIVE(i, n)) { o[i] = NUM_ZERO; continue; }                 \
               FAIL_ROW(s_, i, n, COL_LEVEL(n));                               \
           })
#define COMPARE(test) BINARY(int c_ = num_cmp(x, y); o[i] = num_int(test);)
#define LOGIC(expr)   BINARY(o[i] = num_int(expr);)

#if defined(__GNUC__)
    static const void *const dispatch[OP__COUNT] = {
#define OP_LABEL(name, nops, pops, pushes, doc) &&do_##name,
        VDL_OPCODES(OP_LABEL)
#undef OP_LABEL
    };
/* Every instruction counts as one step per row of the longest column, so
 * a run's cost is bounded (--max-steps) whatever the data. */
/* What is known of a column (vm_col.whole) is set by the instruction that
 * made it, and only LOAD, STORE and APPORTION know anything: after any
 * other instruction the top of the stack (where every instruction leaves
 * its result) counts as unknown. */
#define NEXT do { if (!keep && sp > 0) st[sp - 1].whole = 0; keep = false; \
                  if (pc >= end) goto range_end; \
                  if ((steps += maxlen) > max_steps) goto too_long; \
                  opc = pc; goto *dispatch[code[pc]]; } while (0)
#else
#error "verdeel's VM needs GCC or Clang (computed goto)"
#endif

    NEXT;

do_CONST:
    st[sp].data = &p->consts[code[pc + 1]];
    st[sp].len = 1;
    sp++; pc += 2; NEXT;
do_LOAD: {
    uint32_t s = code[pc + 1];
    st[sp].data = out->slot[s];
    st[sp].len = out->len[s];
    st[sp].whole = cx->whole[s];
    keep = true;
    sp++; pc += 2; NEXT;
}
do_STORE: {
    uint32_t s = code[pc + 1];
    vm_col *A = &st[--sp];
    size_t n = out->len[s];
    cx->whole[s] = A->whole;
    if (A->len == n && n == maxlen && A->data == A->buf && out->owned[s]) {
        /* a full-length scratch column becomes the slot; the slot's array
         * (as long) becomes scratch: no copy */
        num_t *t = out->slot[s]; out->slot[s] = A->buf; A->buf = t;
    } else if (A->len == n) memcpy(out->slot[s], A->data, n * sizeof(num_t));
    else for (size_t i = 0; i < n; i++) out->slot[s][i] = A->data[0];
    pc += 2; NEXT;
}
do_BCAST: {
    vm_col *A = &st[sp - 1];
    size_t n = vm_level_len(d, (int)code[pc + 1]);
    num_t v = A->data[0], *o = BUF(A);
    for (size_t i = 0; i < n; i++) o[i] = v;
    A->data = A->buf; A->len = n;
    pc += 2; NEXT;
}
do_UNGROUP: {
    vm_col *A = &st[sp - 1];
    const ds_level *g = &d->levels[code[pc + 1] - LEVEL_GROUP0];
    SPARE();
    for (size_t e = 0; e < d->n; e++) spare[e] = A->data[g->of_entity[e]];
    num_t *t = A->buf; A->buf = spare; spare = t;
    A->data = A->buf; A->len = d->n;
    pc += 2; NEXT;
}
do_ADD: ARITH(num_add) pc++; NEXT;
do_SUB: ARITH(num_sub) pc++; NEXT;
do_MUL: ARITH(num_mul) pc++; NEXT;
do_DIV: ARITH(num_div) pc++; NEXT;
do_NEG: {
    vm_col *A = &st[sp - 1];
    BUF(A);
    for (size_t i = 0; i < A->len; i++) A->buf[i] = num_neg(A->data[i]);
    A->data = A->buf; pc++; NEXT;
}
do_ABS: {
    vm_col *A = &st[sp - 1];
    BUF(A);
    for (size_t i = 0; i < A->len; i++) A->buf[i] = num_abs(A->data[i]);
    A->data = A->buf; pc++; NEXT;
}
do_MIN2: BINARY(o[i] = num_cmp(x, y) <= 0 ? x : y;) pc++; NEXT;
do_MAX2: BINARY(o[i] = num_cmp(x, y) >= 0 ? x : y;) pc++; NEXT;
do_ROUND: {
    vm_col *A = &st[sp - 1];
    num_round_mode mode = (num_round_mode)code[pc + 1];
    int digits = (int)code[pc + 2];
    BUF(A);
    for (size_t i = 0; i < A->len; i++) {
        num_status s = num_round(A->data[i], mode, digits, &A->buf[i]);
        if (s != NUM_OK) {
            if (!LIVE(i, A->len)) { A->buf[i] = NUM_ZERO; continue; }
            FAIL_ROW(s, i, A->len, COL_LEVEL(A->len));
        }
    }
    A->data = A->buf; pc += 3; NEXT;
}
do_EQ: LOGIC(num_eq(x, y)) pc++; NEXT;
do_NE: LOGIC(!num_eq(x, y)) pc++; NEXT;
do_LT: COMPARE(c_ < 0) pc++; NEXT;
do_LE: COMPARE(c_ <= 0) pc++; NEXT;
do_GT: COMPARE(c_ > 0) pc++; NEXT;
do_GE: COMPARE(c_ >= 0) pc++; NEXT;
do_NOT: {
    vm_col *A = &st[sp - 1];
    BUF(A);
    for (size_t i = 0; i < A->len; i++) A->buf[i] = num_int(A->data[i].n == 0);
    A->data = A->buf; pc++; NEXT;
}
do_AND: LOGIC(x.n != 0 && y.n != 0) pc++; NEXT;
do_OR:  LOGIC(x.n != 0 || y.n != 0) pc++; NEXT;
do_SELECT: {
    vm_col *C = &st[sp - 3], *A = &st[sp - 2], *B = &st[sp - 1];
    size_t n = C->len;
    if (A->len > n) n = A->len;
    if (B->len > n) n = B->len;
    num_t c0 = C->data[0], a0 = A->data[0], b0 = B->data[0];
    const num_t *cd = C->len > 1 ? C->data : &c0;
    const num_t *ad = A->len > 1 ? A->data : &a0;
    const num_t *bd = B->len > 1 ? B->data : &b0;
    size_t sc = C->len > 1, sa = A->len > 1, sb = B->len > 1;
    BUF(C);
    for (size_t i = 0; i < n; i++) C->buf[i] = cd[i * sc].n ? ad[i * sa] : bd[i * sb];
    C->data = C->buf; C->len = n; sp -= 2; pc++; NEXT;
}
do_MASK:
do_MASKNOT: {
    bool neg = code[pc] == OP_MASKNOT;
    const vm_col *C = &st[sp - 1 - (int)code[pc + 1]];
    vm_mask *m = &mk[mp];
    m->len = C->len;
    m->all = false;
    for (size_t i = 0; i < C->len; i++)
        m->m[i] = (uint8_t)(LIVE(i, C->len) && ((C->data[i].n != 0) != neg));
    mp++; pc += 2; NEXT;
}
do_MASKALL:
    mk[mp].all = true;
    mk[mp].len = 0;
    mp++; pc++; NEXT;
do_UNMASK:
    mp--; pc++; NEXT;
do_AGG:
do_AGGW: {
    SPARE();
    bool where = code[pc] == OP_AGGW;
    agg_fn fn = (agg_fn)code[pc + 1];
    int lvl = (int)code[pc + 2];
    vm_col *X = &st[sp - 1];
    const vm_col *C = where ? &st[sp - 2] : NULL;
    size_t n = X->len;
    size_t ng = vm_level_len(d, lvl);
    const uint32_t *grp = lvl >= LEVEL_GROUP0 ? d->levels[lvl - LEVEL_GROUP0].of_entity : NULL;
    if (fn == AGG_SUM) {
        /* its own loop: no counts, no switch; first as plain wrapping adds
         * of the numerators, which are the exact sums when every value is
         * whole and so small that no sum of n of them can overflow (the
         * OR of their magnitudes bounds each one); otherwise again, exactly. */
        if (vm_sum_whole(X->data, n, C ? C->data : NULL, C ? C->len : 0, grp, ng, X->whole, spare)) goto agg_done;
        for (size_t g = 0; g < ng; g++) spare[g] = NUM_ZERO;
        for (size_t i = 0; i < n; i++) {
            if (C && C->data[C->len > 1 ? i : 0].n == 0) continue;
            size_t g = grp ? grp[i] : 0;
            num_status s = num_add(spare[g], X->data[i], &spare[g]);
            if (s != NUM_OK) FAIL_ROW(s, grp ? (long)g : -1, ng, lvl);
        }
        goto agg_done;
    }
    NEED_IDX();
    size_t *cnt = idx;     /* reuse as per-group counts */
    for (size_t g = 0; g < ng; g++) { spare[g] = NUM_ZERO; cnt[g] = 0; }
    for (size_t i = 0; i < n; i++) {
        if (C && C->data[C->len > 1 ? i : 0].n == 0) continue;
        size_t g = grp ? grp[i] : 0;
        num_t v = X->data[i];
        if (fn == AGG_COUNT) { if (v.n != 0) cnt[g]++; continue; }
        if (cnt[g]++ == 0) { spare[g] = v; continue; }
        num_status s = NUM_OK;
        switch (fn) {
        case AGG_SUM: case AGG_MEAN: s = num_add(spare[g], v, &spare[g]); break;
        case AGG_MIN: if (num_cmp(v, spare[g]) < 0) spare[g] = v; break;
        case AGG_MAX: if (num_cmp(v, spare[g]) > 0) spare[g] = v; break;
        default: break;
        }
        if (s != NUM_OK) FAIL_ROW(s, grp ? (long)g : -1, ng, lvl);
    }
    for (size_t g = 0; g < ng; g++) {
        if (fn == AGG_COUNT) { spare[g] = num_int((int64_t)cnt[g]); continue; }
        if (cnt[g] == 0 && fn != AGG_SUM) {
            snprintf(err->msg, sizeof err->msg, "%s of no values", prog_agg_names[fn]);
            bad_row = grp ? (long)g : -1;
            bad_level = lvl;
            ns = NUM_OK;
            goto fail_msg;
        }
        if (fn == AGG_MEAN) {
            num_status s = num_div(spare[g], num_int((int64_t)cnt[g]), &spare[g]);
            if (s != NUM_OK) FAIL_ROW(s, grp ? (long)g : -1, ng, lvl);
        }
    }
agg_done:;
    vm_col *O = where ? &st[sp - 2] : X;
    num_t *t = O->buf; O->buf = spare; spare = t;
    O->data = O->buf; O->len = ng;
    sp -= where; pc += 3; NEXT;
}
do_APPORTION:
do_APPORTIONW: {
    SPARE();
    bool where = code[pc] == OP_APPORTIONW;
    app_method method = (app_method)code[pc + 1];
    int lvl = (int)code[pc + 2];
    vm_col *T = &st[sp - 2 - where], *W = &st[sp - 1 - where];
    const vm_col *C = where ? &st[sp - 1] : NULL;
    size_t n = W->len;
    size_t ng = vm_level_len(d, lvl);
    const uint32_t *grp = lvl >= LEVEL_GROUP0 ? d->levels[lvl - LEVEL_GROUP0].of_entity : NULL;
    /* frozen operands (checked here, not only by the plan): the groups and
     * the prepared weights are those of the first run */
    vm_appcache *ce = cx->ncache ? cache_at(cx, pc) : NULL;
    if (ce && (W->data != out->slot[ce->wslot] || (C && C->data != out->slot[ce->cslot]))) ce = NULL;
    bool cached = ce && ce->ready;
    const size_t *gi, *gs;
    if (cached) {
        gi = ce->idx;
        gs = ce->gstart;
    } else {
        /* rows of each group, in row (= key) order: a counting sort */
        NEED_IDX();
        if (cx->gcap < ng + 1) {
            mem_free(cx->gstart);
            mem_free(cx->fillp);
            cx->gstart = mem_array(ng + 1, sizeof *cx->gstart);
            cx->fillp = mem_array(ng + 1, sizeof *cx->fillp);
            cx->gcap = ng + 1;
        }
        size_t *gstart = cx->gstart, *fillp = cx->fillp;
        gi = idx;
        gs = gstart;
        for (size_t g = 0; g <= ng; g++) gstart[g] = 0;
        for (size_t i = 0; i < n; i++) {
            if (C && C->data[C->len > 1 ? i : 0].n == 0) continue;
            gstart[(grp ? grp[i] : 0) + 1]++;
        }
        for (size_t g = 0; g < ng; g++) gstart[g + 1] += gstart[g];
        memcpy(fillp, gstart, (ng + 1) * sizeof *fillp);
        for (size_t i = 0; i < n; i++) {
            if (C && C->data[C->len > 1 ? i : 0].n == 0) continue;
            idx[fillp[grp ? grp[i] : 0]++] = i;
        }
        if (ce) {
            ce->ng = ng;
            ce->idx = mem_array(gstart[ng] + 1, sizeof *ce->idx);
            memcpy(ce->idx, idx, gstart[ng] * sizeof *idx);
            ce->gstart = mem_array(ng + 1, sizeof *ce->gstart);
            memcpy(ce->gstart, gstart, (ng + 1) * sizeof *gstart);
            ce->prep = mem_array(ng + 1, sizeof *ce->prep);
        }
    }
    if (C || gs[ng] != n)      /* rows outside every share get 0 */
        for (size_t i = 0; i < n; i++) spare[i] = NUM_ZERO;
    for (size_t g = 0; g < ng; g++) {
        num_t total = T->data[T->len > 1 ? g : 0];
        const size_t *gidx = gi + gs[g];
        app_error ae = { APP_OK, 0 };
        app_prep fresh = { 0 };
        app_prep *pr = ce ? &ce->prep[g] : &fresh;
        app_status as = app_check_total(total);
        /* no rank array: a group's rows are in key order, so their positions
         * rank them as apportion.h's tie-break asks */
        if (as == APP_OK && !cached) as = app_prepare(W->data, gidx, gs[g + 1] - gs[g], NULL, pr, &ae);
        if (as == APP_OK) as = app_share(method, total, pr, gidx, spare, &ae);
        if (!ce) app_prep_free(&fresh);
        if (as != APP_OK) {
            if (ce && !cached) appcache_clear(ce);     /* a cache half filled is no cache */
            if (as == APP_NEGATIVE_WEIGHT) {
                snprintf(err->msg, sizeof err->msg, "apportion: negative weight");
                bad_row = (long)ae.index;
                bad_level = COL_LEVEL(n);
            } else {
                char tb[64];
                num_format(total, 6, tb, sizeof tb);
                snprintf(err->msg, sizeof err->msg, "apportion: %s (total %s)", app_status_text(as), tb);
                bad_row = grp ? (long)g : -1;
                bad_level = lvl;
            }
            ns = NUM_OK;
            goto fail_msg;
        }
    }
    if (ce) ce->ready = true;
    /* no method gives a row more than its group's total */
    uint64_t most = 0;
    for (size_t g = 0; g < (T->len > 1 ? T->len : 1); g++)
        if ((uint64_t)T->data[g].n > most) most = (uint64_t)T->data[g].n;
    num_t *t = T->buf; T->buf = spare; spare = t;
    T->data = T->buf; T->len = n;
    T->whole = most < UINT64_MAX ? most + 1 : 0;
    keep = true;
    sp -= 1 + where; pc += 3; NEXT;
}

do_SKIPDEAD: {
    bool live = mp == 0 || mk[mp - 1].all;
    for (size_t i = 0; !live && i < mk[mp - 1].len; i++) live = mk[mp - 1].m[i] != 0;
    if (live) { pc += 2; NEXT; }
    st[sp].data = &zero;
    st[sp].len = 1;
    sp++;
    pc += 2 + code[pc + 1];
    NEXT;
}
do_WHOLE: {
    vm_col *A = &st[sp - 1];
    int digits = (int)code[pc + 1];
    for (size_t i = 0; i < A->len; i++) {
        num_t r;
        if (num_is_int(A->data[i]) || !LIVE(i, A->len)) continue;
        if (digits > 0 && num_round(A->data[i], NUM_TRUNC, digits, &r) == NUM_OK && num_eq(r, A->data[i])) continue;
        char v[64];
        num_format(A->data[i], 6, v, sizeof v);
        if (digits == 0) snprintf(err->msg, sizeof err->msg, "the value %s is not a whole number", v);
        else snprintf(err->msg, sizeof err->msg, "the amount %s is not a whole number of cents", v);
        bad_row = (long)i;
        bad_level = COL_LEVEL(A->len);
        goto fail_msg;
    }
    pc += 2; NEXT;
}

do_CALLX: {
    SPARE();
    const prog_extern *x = &p->externs[code[pc + 1]];
    int n = (int)code[pc + 2];
    vm_col *A = &st[sp - n];
    size_t len = 1;
    for (int k = 0; k < n; k++) if (st[sp - n + k].len > len) len = st[sp - n + k].len;
    num_t args[64];
    const char *texts[64];
    for (size_t i = 0; i < len; i++) {
        if (!LIVE(i, len)) { spare[i] = NUM_ZERO; continue; }
        for (int k = 0; k < n && k < 64; k++) {
            const vm_col *C = &st[sp - n + k];
            args[k] = C->data[C->len > 1 ? i : 0];
            texts[k] = x->params[k] == XT_TEXT ? d->strs[args[k].n] : NULL;
        }
        if (ffi_call_row(x, args, texts, &spare[i], err->msg, sizeof err->msg) != 0) {
            bad_row = (long)i;
            bad_level = COL_LEVEL(len);
            goto fail_msg;
        }
    }
    if (n == 0) { A = &st[sp]; sp++; }
    else sp -= n - 1;
    num_t *t = A->buf; A->buf = spare; spare = t;
    A->data = A->buf; A->len = len;
    pc += 3; NEXT;
}

range_end:
    if (++ri < nranges) {
        pc = ranges[ri].start;
        end = ranges[ri].end;
        NEXT;
    }
    goto done;
too_long:
    snprintf(err->msg, sizeof err->msg, "the run would take more than %llu steps (--max-steps)",
             (unsigned long long)max_steps);
    bad_row = -1;
    goto fail_msg;
fail:
    snprintf(err->msg, sizeof err->msg, "%s", num_status_text(ns));
fail_msg:
    err->pc = opc;
    err->rule = prog_rule_at(p, opc);
    err->row = bad_row;
    err->level = bad_level;
    rc = -1;
done:
    cx->spare = spare;
    return rc;
}
