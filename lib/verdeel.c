/* verdeel.c: the embedding API (verdeel.h) over the compiler, the data
 * loader and the VM.  The CLI uses nothing else. */
#include "internal.h"
#include "native.h"
#include "compare.h"
#include "diff.h"
#include "fmt.h"
#include "explain.h"
#include "testrun.h"
#include "findings.h"
#include "mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

vdl_diags *vdl_diags_new(void) { return mem_alloc(sizeof(vdl_diags)); }

void vdl_diags_free(vdl_diags *d)
{
    if (!d) return;
    diag_list_free(&d->list);
    mem_free(d);
}

size_t vdl_diags_count(const vdl_diags *d) { return d->list.n; }
size_t vdl_diags_errors(const vdl_diags *d) { return d->list.nerrors; }
const char *vdl_diags_message(const vdl_diags *d, size_t i) { return i < d->list.n ? d->list.items[i].msg : NULL; }
void vdl_diags_print(const vdl_diags *d, FILE *out) { diag_render_all(out, &d->list); }

int vdl_diags_where(const vdl_diags *d, size_t i, const char **path, int *line, int *column)
{
    if (i >= d->list.n) return -1;
    const vdl_diag *g = &d->list.items[i];
    *path = g->path;
    *line = g->span.first_line > 0 ? g->span.first_line : 0;
    *column = g->span.first_column > 0 ? g->span.first_column : 0;
    return g->level == DIAG_ERROR ? 0 : g->level == DIAG_WARNING ? 1 : 2;
}
void vdl_diags_clear(vdl_diags *d) { diag_list_free(&d->list); }

static vdl_program *compile(src_file *src, vdl_diags *d, vdl_status *st)
{
    prog_t *p = prog_compile(src, &d->list);
    if (!p) {
        src_free(src);
        *st = VDL_ERULES;
        return NULL;
    }
    vdl_program *vp = mem_alloc(sizeof *vp);
    vp->src = src;
    vp->prog = p;
    vp->dir = src_dir(src->path);
    *st = VDL_OK;
    return vp;
}

vdl_program *vdl_compile_file(const char *path, vdl_diags *d, vdl_status *st)
{
    int err = 0;
    src_file *src = src_read(path, &err);
    if (!src) {
        diag_add_at(&d->list, DIAG_ERROR, path, 0, "cannot read rule file: %s", strerror(err));
        *st = VDL_EIO;
        return NULL;
    }
    return compile(src, d, st);
}

vdl_program *vdl_compile_string(const char *name, const char *text, size_t len,
                                vdl_diags *d, vdl_status *st)
{
    return compile(src_from_string(name, text, len), d, st);
}

void vdl_program_free(vdl_program *p)
{
    if (!p) return;
    prog_free(p->prog);
    src_free(p->src);
    mem_free(p->dir);
    mem_free(p);
}

void vdl_disasm(const vdl_program *p, FILE *out) { disasm_print(p->prog, out); }

vdl_status vdl_bind_native(vdl_program *p, vdl_diags *d)
{
    return ffi_bind_all(p->prog, &d->list) ? VDL_ERULES : VDL_OK;
}

int vdl_extern_count(const vdl_program *p) { return p->prog->nexterns; }

void vdl_set_max_steps(vdl_program *p, uint64_t n) { p->prog->max_steps = n; }

const char *vdl_extern_name(const vdl_program *p, int i)
{
    return i >= 0 && i < p->prog->nexterns ? p->prog->externs[i].name : NULL;
}

const char *vdl_extern_library(const vdl_program *p, int i)
{
    return i >= 0 && i < p->prog->nexterns ? p->prog->externs[i].lib : NULL;
}

int vdl_extern_bound(const vdl_program *p, int i)
{
    return i >= 0 && i < p->prog->nexterns && p->prog->externs[i].binding != NULL;
}

int32_t vdl_default_date(const vdl_program *p) { return p->prog->law_valid_from; }

int vdl_output_count(const vdl_program *p) { return p->prog->noutputs; }

const char *vdl_output_name(const vdl_program *p, int i)
{
    return i >= 0 && i < p->prog->noutputs ? p->prog->syms[p->prog->outputs[i]].name : NULL;
}

const char *vdl_entity_level(const vdl_program *p) { return prog_level_name(p->prog, LEVEL_ENTITY); }

size_t vdl_num_format(vdl_num v, char *buf, size_t cap)
{
    num_t n;
    if (num_make(v.num, v.den, &n) != NUM_OK) { snprintf(buf, cap, "?"); return 1; }
    return num_format(n, 6, buf, cap);
}

int vdl_parse_date(const char *s, int32_t *out)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
    int32_t d = (int32_t)atoi(s) * 10000 + (int32_t)atoi(s + 5) * 100 + (int32_t)atoi(s + 8);
    if (!ast_date_valid(d)) return -1;
    *out = d;
    return 0;
}

vdl_data *vdl_load(const vdl_program *p, int32_t date, const vdl_source *over,
                   int nover, vdl_diags *d, vdl_status *st)
{
    const prog_t *pr = p->prog;
    for (int i = 0; i < nover; i++) {
        if (!over[i].dataset) continue;
        bool found = false;
        for (int k = 0; k < pr->ndatasets && !found; k++) found = strcmp(pr->datasets[k].name, over[i].dataset) == 0;
        if (found) continue;
        diag_add_at(&d->list, DIAG_ERROR, NULL, 0, "--data %s=...: the rule file has no dataset '%s'",
                    over[i].dataset, over[i].dataset);
        char names[256] = "";
        for (int k = 0; k < pr->ndatasets; k++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "", pr->datasets[k].name);
        diag_hint(&d->list, "its datasets are: %s", names);
        *st = VDL_EUSAGE;
        return NULL;
    }
    ds_source *src = mem_array((size_t)nover + 1, sizeof *src);
    for (int i = 0; i < nover; i++) src[i] = (ds_source){ over[i].dataset, over[i].path, over[i].text, over[i].len };
    ds_data *ds = ds_load(p->prog, p->dir, date, src, nover, &d->list);
    mem_free(src);
    if (!ds) { *st = VDL_EDATA; return NULL; }
    vdl_data *vd = mem_alloc(sizeof *vd);
    vd->prog = p;
    vd->ds = ds;
    *st = VDL_OK;
    return vd;
}

void vdl_data_free(vdl_data *data)
{
    if (!data) return;
    ds_free(data->ds);
    mem_free(data);
}

/* A --set value, read with the rules of a parameter literal. */
static int parse_setting(const prog_t *p, ds_data *ds, const prog_sym *s, const char *v, num_t *out)
{
    size_t len = strlen(v);
    if (s->type == TY_BOOL) {
        if (strcmp(v, "true") == 0) { *out = NUM_ONE; return 0; }
        if (strcmp(v, "false") == 0) { *out = NUM_ZERO; return 0; }
        return -1;
    }
    if (s->type == TY_TEXT) {
        if (len >= 2 && v[0] == '"' && v[len - 1] == '"') { v++; len -= 2; }
        *out = num_int(ds_intern(ds, v, len));
        return 0;
    }
    (void)p;
    char buf[128];
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < sizeof buf; i++)
        if (v[i] != '_') buf[n++] = v[i];
    if (num_parse(buf, n, out) != NUM_OK || len >= sizeof buf) return -1;
    return s->integer && !num_is_int(*out) ? -1 : 0;
}

void run_diag(const vdl_program *vp, const ds_data *ds, const vm_error *e, diag_list *l)
{
    const prog_t *p = vp->prog;
    if (e->param >= 0) {
        const prog_sym *s = &p->syms[e->param];
        diag_add(l, DIAG_ERROR, p->file, s->span, "%s", e->msg);
        diag_hint(l, "choose another --date, or give a value with --set %s=VALUE", s->name);
        return;
    }
    char where[200] = "";
    if (e->row >= 0) {
        if (e->level == LEVEL_ENTITY)
            snprintf(where, sizeof where, " for %s", ds->strs[ds->key[e->row]]);
        else if (e->level >= LEVEL_GROUP0)
            snprintf(where, sizeof where, " for %s %s", prog_level_name(p, e->level),
                     ds->strs[ds->levels[e->level - LEVEL_GROUP0].label[e->row]]);
    }
    vdl_span sp = e->pc != (size_t)-1 ? p->locs[e->pc] : (vdl_span){ 0, 0, 0, 0 };
    const char *rule = e->rule >= 0 ? p->syms[e->rule].name : "?";
    diag_add(l, DIAG_ERROR, p->file, sp, "%s in rule '%s'%s", e->msg, rule, where);
}

vm_override *run_overrides(const vdl_program *p, const vdl_data *data, const vdl_setting *set,
                           int nset, vdl_diags *d, vdl_status *st)
{
    const prog_t *pr = p->prog;
    vm_override *ov = mem_array((size_t)nset + 1, sizeof *ov);
    for (int i = 0; i < nset; i++) {
        int s = prog_find(pr, set[i].name);
        if (s < 0 || pr->syms[s].kind != SYM_PARAM) {
            diag_add_at(&d->list, DIAG_ERROR, NULL, 0, "--set %s: the rule file has no parameter '%s'",
                        set[i].name, set[i].name);
            mem_free(ov);
            *st = VDL_EUSAGE;
            return NULL;
        }
        ov[i].sym = s;
        if (parse_setting(pr, data->ds, &pr->syms[s], set[i].value, &ov[i].value) != 0) {
            run_bad_value(p, s, set[i].value, d);
            mem_free(ov);
            *st = VDL_EUSAGE;
            return NULL;
        }
    }
    for (int i = 0; i < pr->nexterns; i++) {
        if (pr->externs[i].binding) continue;
        diag_add(&d->list, DIAG_ERROR, pr->file, pr->externs[i].span,
                 "extern '%s' calls native code (%s), which is not allowed", pr->externs[i].name, pr->externs[i].lib);
        diag_hint(&d->list, "allow it with --allow-native, or VERDEEL_ALLOW_NATIVE=1 in the environment");
        mem_free(ov);
        *st = VDL_EUSAGE;
        return NULL;
    }
    return ov;
}

void run_bad_value(const vdl_program *p, int sym, const char *value, vdl_diags *d)
{
    const prog_sym *ps = &p->prog->syms[sym];
    diag_add_at(&d->list, DIAG_ERROR, NULL, 0, "--set %s=%s: not a valid value for this parameter",
                ps->name, value);
    diag_hint(&d->list, "%s is %s", ps->name,
              ps->type == TY_BOOL ? "true or false" : ps->integer ? "a whole number, such as 96000"
              : "a number such as 96000 or 0.25 (a '.' for the decimals)");
}

vdl_result *vdl_run(const vdl_program *p, const vdl_data *data, int32_t date,
                    const vdl_setting *set, int nset, vdl_diags *d, vdl_status *st)
{
    vm_override *ov = run_overrides(p, data, set, nset, d, st);
    if (!ov) return NULL;
    vdl_result *r = mem_alloc(sizeof *r);
    r->prog = p;
    r->data = data;
    r->date = date;
    vm_error err;
    int rc = vm_run(p->prog, data->ds, date, ov, nset, &r->vm, &err);
    mem_free(ov);
    if (rc != 0) {
        run_diag(p, data->ds, &err, &d->list);
        mem_free(r);
        *st = VDL_ERUNTIME;
        return NULL;
    }
    *st = VDL_OK;
    return r;
}

void vdl_result_free(vdl_result *r)
{
    if (!r) return;
    vm_result_free(&r->vm);
    mem_free(r);
}

static int level_named(const prog_t *p, const char *level)
{
    if (!level || (p->ndatasets && strcmp(level, p->datasets[0].name) == 0)) return LEVEL_ENTITY;
    if (strcmp(level, "all") == 0) return LEVEL_ALL;
    return prog_level_find(p, level);
}

size_t vdl_rows(const vdl_result *r, const char *level)
{
    int lv = level_named(r->prog->prog, level);
    return lv < 0 ? (size_t)-1 : vm_level_len(r->data->ds, lv);
}

const char *vdl_row_key(const vdl_result *r, const char *level, size_t row)
{
    int lv = level_named(r->prog->prog, level);
    const ds_data *ds = r->data->ds;
    if (lv < 0 || row >= vm_level_len(ds, lv)) return NULL;
    if (lv == LEVEL_ALL) return "";
    if (lv == LEVEL_ENTITY) return ds->strs[ds->key[row]];
    return ds->strs[ds->levels[lv - LEVEL_GROUP0].label[row]];
}

static const num_t *value_at(const vdl_result *r, const char *name, size_t row, const prog_sym **sym)
{
    const prog_t *p = r->prog->prog;
    int s = prog_find(p, name);
    if (s < 0) return NULL;
    *sym = &p->syms[s];
    if (row >= r->vm.len[p->syms[s].slot]) return NULL;
    return &r->vm.slot[p->syms[s].slot][row];
}

int vdl_value(const vdl_result *r, const char *name, size_t row, vdl_num *out)
{
    const prog_sym *s;
    const num_t *v = value_at(r, name, row, &s);
    if (!v || s->type == TY_TEXT) return -1;
    out->num = v->n;
    out->den = v->d;
    return 0;
}

const char *vdl_text(const vdl_result *r, const char *name, size_t row)
{
    const prog_sym *s;
    const num_t *v = value_at(r, name, row, &s);
    if (!v || s->type != TY_TEXT) return NULL;
    return r->data->ds->strs[v->n];
}

const char *vdl_level_of(const vdl_result *r, const char *name)
{
    const prog_t *p = r->prog->prog;
    int s = prog_find(p, name);
    return s < 0 ? NULL : prog_level_name(p, p->syms[s].level);
}

int vdl_outputs_at(const vdl_result *r, const char *level, const char *phase)
{
    const prog_t *p = r->prog->prog;
    int lv = level_named(p, level);
    if (lv < 0) return -1;
    int ph = phase ? prog_phase_find(p, phase) : -1;
    int n = 0;
    for (int i = 0; i < p->noutputs; i++) {
        const prog_sym *s = &p->syms[p->outputs[i]];
        bool in = !phase || (s->kind == SYM_RULE && (s->rkind == RK_BONUS ? s->paid : s->phase) == ph);
        n += s->level == lv && in;
    }
    return n;
}

int vdl_write(const vdl_result *r, const vdl_write_options *o, FILE *out)
{
    return out_write(r, o, out);
}

vdl_status vdl_compare(const vdl_result *a, const vdl_result *b, const vdl_compare_options *o,
                       FILE *out, vdl_diags *d)
{
    return (vdl_status)cmp_write(a, b, o, out, d);
}

vdl_status vdl_explain(const vdl_result *r, const vdl_explain_options *o, FILE *out, vdl_diags *d)
{
    return (vdl_status)xpl_write(r, o, out, d);
}

vdl_status vdl_diff(const vdl_result *old_run, const vdl_result *new_run, const vdl_compare_options *o,
                    FILE *out, vdl_diags *d, int *differ)
{
    bool dif = false;
    vdl_status st = (vdl_status)dff_write(old_run, new_run, o, out, d, &dif);
    *differ = dif;
    return st;
}

vdl_status vdl_test(const vdl_program *p, const vdl_test_options *o, FILE *out, vdl_diags *d,
                    size_t *passed, size_t *failed)
{
    return (vdl_status)tst_run(p, o, out, d, passed, failed);
}

vdl_status vdl_fmt(const vdl_program *p, char **text, vdl_diags *d)
{
    char *t = fmt_text(p->prog->ast, p->src);
    src_file *f = src_from_string(p->src->path, t, strlen(t));
    diag_list quiet = { 0 };
    prog_t *q = prog_compile(f, &quiet);
    bool ok = q && fmt_same(p->prog, q);
    prog_free(q);
    src_free(f);
    diag_list_free(&quiet);
    if (!ok) {
        mem_free(t);
        diag_add_at(&d->list, DIAG_ERROR, p->src->path, 0,
                    "the formatted text would not mean what the file means; the file is left as it is");
        diag_hint(&d->list, "this is a bug in verdeel fmt: please report it with the file");
        *text = NULL;
        return VDL_ERUNTIME;
    }
    *text = t;
    return VDL_OK;
}

void vdl_free(void *ptr) { mem_free(ptr); }

int vdl_phase_count(const vdl_program *p) { return p->prog->nphases; }

const char *vdl_phase_name(const vdl_program *p, int i)
{
    return i >= 0 && i < p->prog->nphases ? p->prog->phases[i].name : NULL;
}

size_t vdl_finding_count(const vdl_result *r)
{
    fnd_item *items;
    size_t n = fnd_collect(r, NULL, &items);
    mem_free(items);
    return n;
}

int vdl_finding_get(const vdl_result *r, size_t i, vdl_finding *out)
{
    fnd_item *items;
    size_t n = fnd_collect(r, NULL, &items);
    int rc = -1;
    if (i < n) {
        const prog_t *p = r->prog->prog;
        const prog_sym *c = &p->syms[items[i].sym];
        out->criterion = c->name;
        out->level = prog_level_name(p, c->level);
        out->key = fnd_key(r, c->level, items[i].row);
        out->citation = c->cite ? c->cite : "";
        rc = 0;
    }
    mem_free(items);
    return rc;
}
