/* runner.c: one law run many times with a few parameters changing (a
 * sweep), for vdl_runner_* of verdeel.h.
 *
 * vm_plan (runtime/vm.h) says which rules a varied parameter reaches; the
 * first run is a full one and every later run writes the new values into
 * the parameters' slots and executes only those rules' code, in one run
 * context, so a run after the first allocates nothing.  Should the full
 * run fail, the next run is a full one again with a fresh context: the
 * context's caches are only valid for slots the full run completed. */
#include "internal.h"
#include "mem.h"

#include <string.h>

struct vdl_runner {
    const vdl_program *prog;
    const vdl_data    *data;
    vdl_result         res;      /* res.vm holds the slots between runs */
    vm_override       *ov;       /* the fixed settings, then the varied */
    int                nfixed, nvaried;
    vm_plan_t          plan;
    vm_ctx            *cx;
    bool               primed;   /* a full run has succeeded */
};

vdl_runner *vdl_runner_new(const vdl_program *p, const vdl_data *data, int32_t date,
                           const vdl_setting *fixed, int nfixed,
                           const char *const *varied, int nvaried,
                           vdl_diags *d, vdl_status *st)
{
    const prog_t *pr = p->prog;
    int *syms = mem_array((size_t)nvaried + 1, sizeof *syms);
    for (int k = 0; k < nvaried; k++) {
        int s = prog_find(pr, varied[k]);
        bool param = s >= 0 && pr->syms[s].kind == SYM_PARAM;
        if (!param || pr->syms[s].type == TY_TEXT) {
            if (!param)
                diag_add_at(&d->list, DIAG_ERROR, NULL, 0, "--vary %s: the rule file has no parameter '%s'", varied[k], varied[k]);
            else {
                diag_add_at(&d->list, DIAG_ERROR, NULL, 0, "--vary %s: a text parameter cannot be varied", varied[k]);
                diag_hint(&d->list, "give it one value with --set %s=TEXT", varied[k]);
            }
            mem_free(syms);
            *st = VDL_EUSAGE;
            return NULL;
        }
        syms[k] = s;
    }
    vm_override *fov = run_overrides(p, data, fixed, nfixed, d, st);
    if (!fov) { mem_free(syms); return NULL; }
    vdl_runner *r = mem_alloc(sizeof *r);
    r->prog = p;
    r->data = data;
    r->res.prog = p;
    r->res.data = data;
    r->res.date = date;
    r->ov = mem_array((size_t)nfixed + (size_t)nvaried + 1, sizeof *r->ov);
    memcpy(r->ov, fov, (size_t)nfixed * sizeof *fov);
    mem_free(fov);
    r->nfixed = nfixed;
    r->nvaried = nvaried;
    for (int k = 0; k < nvaried; k++) r->ov[nfixed + k].sym = syms[k];
    vm_plan(pr, syms, nvaried, &r->plan);
    mem_free(syms);
    *st = VDL_OK;
    return r;
}

/* Whether a parameter takes v as --set would: bool 0/1, whole numbers for
 * an integer parameter. */
static bool value_allowed(const prog_sym *s, num_t v)
{
    if (s->type == TY_BOOL) return v.d == 1 && (v.n == 0 || v.n == 1);
    return !s->integer || num_is_int(v);
}

const vdl_result *vdl_runner_run(vdl_runner *r, const vdl_num *values, vdl_diags *d, vdl_status *st)
{
    const prog_t *pr = r->prog->prog;
    for (int k = 0; k < r->nvaried; k++) {
        vm_override *o = &r->ov[r->nfixed + k];
        bool made = num_make(values[k].num, values[k].den, &o->value) == NUM_OK;
        if (!made || !value_allowed(&pr->syms[o->sym], o->value)) {
            char b[64];
            if (made) num_format(o->value, 6, b, sizeof b);
            else snprintf(b, sizeof b, "%lld/%lld", (long long)values[k].num, (long long)values[k].den);
            run_bad_value(r->prog, o->sym, b, d);
            *st = VDL_EUSAGE;
            return NULL;
        }
    }
    vm_error err;
    int rc;
    if (!r->primed) {
        vm_result_free(&r->res.vm);
        vm_ctx_free(r->cx);
        r->cx = NULL;
        rc = vm_fill(pr, r->data->ds, r->res.date, r->ov, r->nfixed + r->nvaried, &r->res.vm, &err);
        if (rc == 0) {
            r->cx = vm_ctx_new(pr, r->data->ds, &r->plan);
            rc = vm_exec(pr, r->data->ds, r->cx, NULL, 0, &r->res.vm, &err);
        }
        r->primed = rc == 0;
    } else {
        for (const vm_override *o = r->ov + r->nfixed; o < r->ov + r->nfixed + r->nvaried; o++)
            r->res.vm.slot[pr->syms[o->sym].slot][0] = o->value;
        rc = vm_exec(pr, r->data->ds, r->cx, r->plan.ranges, r->plan.nranges, &r->res.vm, &err);
    }
    if (rc != 0) {
        run_diag(r->prog, r->data->ds, &err, &d->list);
        *st = VDL_ERUNTIME;
        return NULL;
    }
    *st = VDL_OK;
    return &r->res;
}

void vdl_runner_free(vdl_runner *r)
{
    if (!r) return;
    vm_result_free(&r->res.vm);
    vm_ctx_free(r->cx);
    vm_plan_free(&r->plan);
    mem_free(r->ov);
    mem_free(r);
}

int vdl_ref_find(const vdl_result *r, const char *name, size_t row, vdl_ref *out)
{
    const prog_t *p = r->prog->prog;
    int s = prog_find(p, name);
    if (s < 0 || row >= r->vm.len[p->syms[s].slot]) return -1;
    *out = (vdl_ref){ p->syms[s].slot, row, p->syms[s].type == TY_TEXT };
    return 0;
}

int vdl_ref_value(const vdl_result *r, vdl_ref ref, vdl_num *out)
{
    if (ref.text) return -1;
    num_t v = r->vm.slot[ref.slot][ref.row];
    out->num = v.n;
    out->den = v.d;
    return 0;
}

const char *vdl_ref_text(const vdl_result *r, vdl_ref ref)
{
    return ref.text ? r->data->ds->strs[r->vm.slot[ref.slot][ref.row].n] : NULL;
}
