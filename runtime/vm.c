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

static int fill_slots(const prog_t *p, const ds_data *d, vdl_date date,
                      const vm_override *ov, int nov, vm_result *r, vm_error *err)
{
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
            return -1;
        }
        r->slot[s->slot][0] = v->value;
    }
    return 0;
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
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    err->pc = (size_t)-1;
    err->rule = err->param = -1;
    err->row = -1;
    if (fill_slots(p, d, date, ov, nov, out, err) != 0) { vm_result_free(out); return -1; }

    size_t maxlen = 1;
    for (int lv = LEVEL_ENTITY; lv < LEVEL_GROUP0 + p->nlevels; lv++)
        if (vm_level_len(d, lv) > maxlen) maxlen = vm_level_len(d, lv);
    int nstack = p->max_stack + 1, nmask = p->max_masks + 1;
    vm_col *st = mem_array((size_t)nstack, sizeof *st);
    for (int i = 0; i < nstack; i++) st[i].buf = mem_array(maxlen, sizeof(num_t));
    num_t *spare = mem_array(maxlen, sizeof(num_t));
    vm_mask *mk = mem_array((size_t)nmask, sizeof *mk);
    for (int i = 0; i < nmask; i++) mk[i].m = mem_array(maxlen, 1);
    uint32_t *rank = mem_array(maxlen, sizeof *rank);
    size_t *idx = mem_array(maxlen, sizeof *idx);
    size_t *gstart = mem_array(maxlen + 1, sizeof *gstart);
    for (size_t i = 0; i < maxlen; i++) rank[i] = (uint32_t)i;

    static const num_t zero = { 0, 1 };
    const uint32_t *code = p->code;
    uint64_t steps = 0, max_steps = p->max_steps ? p->max_steps : VM_MAX_STEPS;
    size_t pc = 0, opc = 0;
    int sp = 0, mp = 0;          /* stack and mask depths */
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
        num_t *o = A->buf;                                                     \
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
#define NEXT do { if (pc >= p->ncode) goto done; \
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
    sp++; pc += 2; NEXT;
}
do_STORE: {
    uint32_t s = code[pc + 1];
    vm_col *A = &st[--sp];
    size_t n = out->len[s];
    if (A->len == n) memcpy(out->slot[s], A->data, n * sizeof(num_t));
    else for (size_t i = 0; i < n; i++) out->slot[s][i] = A->data[0];
    pc += 2; NEXT;
}
do_BCAST: {
    vm_col *A = &st[sp - 1];
    size_t n = vm_level_len(d, (int)code[pc + 1]);
    num_t v = A->data[0];
    for (size_t i = 0; i < n; i++) A->buf[i] = v;
    A->data = A->buf; A->len = n;
    pc += 2; NEXT;
}
do_UNGROUP: {
    vm_col *A = &st[sp - 1];
    const ds_level *g = &d->levels[code[pc + 1] - LEVEL_GROUP0];
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
    for (size_t i = 0; i < A->len; i++) A->buf[i] = num_neg(A->data[i]);
    A->data = A->buf; pc++; NEXT;
}
do_ABS: {
    vm_col *A = &st[sp - 1];
    for (size_t i = 0; i < A->len; i++) A->buf[i] = num_abs(A->data[i]);
    A->data = A->buf; pc++; NEXT;
}
do_MIN2: BINARY(o[i] = num_cmp(x, y) <= 0 ? x : y;) pc++; NEXT;
do_MAX2: BINARY(o[i] = num_cmp(x, y) >= 0 ? x : y;) pc++; NEXT;
do_ROUND: {
    vm_col *A = &st[sp - 1];
    num_round_mode mode = (num_round_mode)code[pc + 1];
    int digits = (int)code[pc + 2];
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
    bool where = code[pc] == OP_AGGW;
    agg_fn fn = (agg_fn)code[pc + 1];
    int lvl = (int)code[pc + 2];
    vm_col *X = &st[sp - 1];
    const vm_col *C = where ? &st[sp - 2] : NULL;
    size_t n = X->len;
    size_t ng = vm_level_len(d, lvl);
    const uint32_t *grp = lvl >= LEVEL_GROUP0 ? d->levels[lvl - LEVEL_GROUP0].of_entity : NULL;
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
    vm_col *O = where ? &st[sp - 2] : X;
    num_t *t = O->buf; O->buf = spare; spare = t;
    O->data = O->buf; O->len = ng;
    sp -= where; pc += 3; NEXT;
}
do_APPORTION:
do_APPORTIONW: {
    bool where = code[pc] == OP_APPORTIONW;
    app_method method = (app_method)code[pc + 1];
    int lvl = (int)code[pc + 2];
    vm_col *T = &st[sp - 2 - where], *W = &st[sp - 1 - where];
    const vm_col *C = where ? &st[sp - 1] : NULL;
    size_t n = W->len;
    size_t ng = vm_level_len(d, lvl);
    const uint32_t *grp = lvl >= LEVEL_GROUP0 ? d->levels[lvl - LEVEL_GROUP0].of_entity : NULL;
    /* rows of each group, in row (= key) order: a counting sort */
    for (size_t g = 0; g <= ng; g++) gstart[g] = 0;
    for (size_t i = 0; i < n; i++) {
        spare[i] = NUM_ZERO;
        if (C && C->data[C->len > 1 ? i : 0].n == 0) continue;
        gstart[(grp ? grp[i] : 0) + 1]++;
    }
    for (size_t g = 0; g < ng; g++) gstart[g + 1] += gstart[g];
    size_t *fillp = mem_array(ng + 1, sizeof *fillp);
    memcpy(fillp, gstart, (ng + 1) * sizeof *fillp);
    for (size_t i = 0; i < n; i++) {
        if (C && C->data[C->len > 1 ? i : 0].n == 0) continue;
        idx[fillp[grp ? grp[i] : 0]++] = i;
    }
    mem_free(fillp);
    for (size_t g = 0; g < ng; g++) {
        num_t total = T->data[T->len > 1 ? g : 0];
        app_error ae;
        app_status as = app_apportion(method, total, W->data, idx + gstart[g], gstart[g + 1] - gstart[g],
                                      rank, spare, &ae);
        if (as != APP_OK) {
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
    num_t *t = T->buf; T->buf = spare; spare = t;
    T->data = T->buf; T->len = n;
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
    for (int i = 0; i < nstack; i++) mem_free(st[i].buf);
    mem_free(st);
    mem_free(spare);
    for (int i = 0; i < nmask; i++) mem_free(mk[i].m);
    mem_free(mk);
    mem_free(rank);
    mem_free(idx);
    mem_free(gstart);
    if (rc != 0) vm_result_free(out);
    return rc;
}
