/* output.c: results -> tables -> text, CSV, JSON or Markdown.
 *
 * The results are first laid out as tables of strings (the entities, each
 * group level, the totals), then written in the chosen format, so that all
 * formats show the same cells.  Numbers are exact; a value whose decimal
 * expansion does not end within 6 places is shown rounded half away from
 * zero to 6 places.  A column with a unit gets a total row (a count of
 * places or persons adds up; a ratio does not). */
#include "internal.h"
#include "findings.h"
#include "table.h"
#include "mem.h"

#include <string.h>

#define OUT_DECIMALS 6

char *out_value(const vdl_result *r, const prog_sym *s, num_t v)
{
    if (s->type == TY_TEXT) return mem_strdup(r->data->ds->strs[v.n]);
    if (s->type == TY_BOOL) return mem_strdup(v.n ? "true" : "false");
    char buf[96];
    num_format(v, OUT_DECIMALS, buf, sizeof buf);
    return mem_strdup(buf);
}

/* With --phase, only the rules of that phase are printed, and the
 * bonuses paid at it. */
static bool in_phase(const prog_sym *s, int phase)
{
    if (phase < 0) return true;
    if (s->kind != SYM_RULE) return false;
    return s->rkind == RK_BONUS ? s->paid == phase : s->phase == phase;
}

static bool has_unit(const prog_sym *s)
{
    for (int i = 0; i < UNIT_MAX; i++) if (s->unit.e[i]) return true;
    return false;
}

/* The table of one level: its key column, then its outputs in order. */
static bool build_table(const vdl_result *r, int level, int phase, out_table *t)
{
    const prog_t *p = r->prog->prog;
    const ds_data *ds = r->data->ds;
    int *cols = mem_array((size_t)p->noutputs + 1, sizeof *cols);
    int n = 0;
    for (int i = 0; i < p->noutputs; i++)
        if (p->syms[p->outputs[i]].level == level && in_phase(&p->syms[p->outputs[i]], phase))
            cols[n++] = p->outputs[i];
    if (n == 0 || level == LEVEL_ALL) { mem_free(cols); return false; }
    memset(t, 0, sizeof *t);
    t->title = mem_strdup(prog_level_name(p, level));
    t->ncols = n + 1;
    t->head = mem_array((size_t)t->ncols, sizeof *t->head);
    t->note = mem_array((size_t)t->ncols, sizeof *t->note);
    t->right = mem_array((size_t)t->ncols, sizeof *t->right);
    t->is_bool = mem_array((size_t)t->ncols, sizeof *t->is_bool);
    t->head[0] = mem_strdup(level == LEVEL_ENTITY ? p->datasets[0].key : prog_level_name(p, level));
    for (int c = 0; c < n; c++) {
        const prog_sym *s = &p->syms[cols[c]];
        t->head[c + 1] = mem_strdup(s->name);
        t->note[c + 1] = (int)s->notes;
        t->right[c + 1] = s->type == TY_NUM;
        t->is_bool[c + 1] = s->type == TY_BOOL;
    }
    t->nrows = vm_level_len(ds, level);
    t->cells = mem_array(t->nrows * (size_t)t->ncols + 1, sizeof *t->cells);
    bool any_total = false;
    num_t *sum = mem_array((size_t)n + 1, sizeof *sum);
    bool *sums = mem_array((size_t)n + 1, sizeof *sums);
    for (int c = 0; c < n; c++) {
        sums[c] = p->syms[cols[c]].additive && has_unit(&p->syms[cols[c]]);
        sum[c] = NUM_ZERO;
    }
    for (size_t row = 0; row < t->nrows; row++) {
        const char *key = level == LEVEL_ENTITY ? ds->strs[ds->key[row]]
                        : ds->strs[ds->levels[level - LEVEL_GROUP0].label[row]];
        t->cells[row * (size_t)t->ncols] = mem_strdup(key);
        for (int c = 0; c < n; c++) {
            const prog_sym *s = &p->syms[cols[c]];
            num_t v = r->vm.slot[s->slot][row];
            t->cells[row * (size_t)t->ncols + (size_t)c + 1] = out_value(r, s, v);
            if (sums[c] && num_add(sum[c], v, &sum[c]) != NUM_OK) sums[c] = false;
        }
    }
    for (int c = 0; c < n; c++) any_total |= sums[c];
    if (any_total) {
        t->total = mem_array((size_t)t->ncols, sizeof *t->total);
        t->total[0] = mem_strdup("total");
        for (int c = 0; c < n; c++)
            t->total[c + 1] = sums[c] ? out_value(r, &p->syms[cols[c]], sum[c]) : mem_strdup("");
    }
    mem_free(sum);
    mem_free(sums);
    mem_free(cols);
    return true;
}

/* The one-value outputs as a two-column table. */
static bool build_totals(const vdl_result *r, int phase, out_table *t)
{
    const prog_t *p = r->prog->prog;
    int n = 0;
    for (int i = 0; i < p->noutputs; i++)
        n += p->syms[p->outputs[i]].level == LEVEL_ALL && in_phase(&p->syms[p->outputs[i]], phase);
    if (!n) return false;
    memset(t, 0, sizeof *t);
    t->title = mem_strdup("all");
    t->ncols = 2;
    t->head = mem_array(2, sizeof *t->head);
    t->head[0] = mem_strdup("name");
    t->head[1] = mem_strdup("value");
    t->note = mem_array(2, sizeof *t->note);
    t->right = mem_array(2, sizeof *t->right);
    t->right[1] = true;
    t->cells = mem_array((size_t)n * 2, sizeof *t->cells);
    t->row_note = mem_array((size_t)n, sizeof *t->row_note);
    t->row_type = mem_array((size_t)n, sizeof *t->row_type);
    t->is_bool = mem_array(2, sizeof *t->is_bool);
    for (int i = 0; i < p->noutputs; i++) {
        const prog_sym *s = &p->syms[p->outputs[i]];
        if (s->level != LEVEL_ALL || !in_phase(s, phase)) continue;
        t->row_note[t->nrows] = (int)s->notes;
        t->row_type[t->nrows] = s->type;
        t->cells[t->nrows * 2] = mem_strdup(s->name);
        t->cells[t->nrows * 2 + 1] = out_value(r, s, r->vm.slot[s->slot][0]);
        t->nrows++;
    }
    return true;
}

int out_write(const vdl_result *r, const vdl_write_options *o, FILE *out)
{
    const prog_t *p = r->prog->prog;
    const ds_data *ds = r->data->ds;
    vdl_format fmt = o->format;
    const char *level = o->level;
    int phase = o->phase ? prog_phase_find(p, o->phase) : -1;
    if (o->phase && phase < 0) return -1;
    out_table *tabs = mem_array((size_t)p->nlevels + 4, sizeof *tabs);
    int nt = 0;
    if (build_table(r, LEVEL_ENTITY, phase, &tabs[nt])) nt++;
    for (int lv = 0; lv < p->nlevels; lv++)
        if (build_table(r, LEVEL_GROUP0 + lv, phase, &tabs[nt])) nt++;
    if (build_totals(r, phase, &tabs[nt])) nt++;
    fnd_item *found;
    size_t nfound = fnd_collect(r, o->phase, &found);
    if (fmt != VDL_FMT_JSON && fnd_table(r, found, nfound, &tabs[nt])) nt++;
    int only = -1;              /* the one table to write; -2: none (JSON findings only) */
    if (level) {
        for (int i = 0; i < nt; i++) if (strcmp(tabs[i].title, level) == 0) only = i;
        if (strcmp(level, "findings") == 0 && (fmt == VDL_FMT_JSON || nfound == 0)) only = -2;
        if (only == -1) {
            for (int i = 0; i < nt; i++) tab_free(&tabs[i]);
            mem_free(tabs);
            mem_free(found);
            return -1;
        }
    }
    char date[11];
    ast_date_format(r->date, date);
    uint32_t used = 0;
    for (int i = 0; i < nt; i++)
        for (int c = 0; c < tabs[i].ncols; c++)
            if (only == -1 || only == i) used |= (uint32_t)tabs[i].note[c];
    for (int i = 0; i < nt; i++)
        if (strcmp(tabs[i].title, "all") == 0 && (only == -1 || only == i))
            for (int k = 0; k < p->noutputs; k++)
                if (p->syms[p->outputs[k]].level == LEVEL_ALL) used |= p->syms[p->outputs[k]].notes;

    if (fmt == VDL_FMT_JSON) {
        fputs("{\n  \"law\": {\"title\": ", out);
        tab_json_str(out, p->law_title ? p->law_title : "");
        fputs(", \"id\": ", out);
        tab_json_str(out, p->law_id ? p->law_id : "");
        fputs(", \"date\": ", out);
        tab_json_str(out, date);
        fputs("},\n  \"data\": [", out);
        for (int i = 0; i < ds->npaths; i++) { if (i) fputs(", ", out); tab_json_str(out, ds->paths[i]); }
        fputs("],\n  \"notes\": [", out);
        for (int k = 0; k < p->nnotes; k++) { if (k) fputs(", ", out); tab_json_str(out, p->notes[k]); }
        fputs("],\n  \"tables\": [", out);
        bool first = true;
        for (int i = 0; i < nt; i++) {
            if (only != -1 && i != only) continue;
            fputs(first ? "\n" : ",\n", out);
            first = false;
            tab_json(p, &tabs[i], out);
        }
        fputs(first ? "]" : "\n  ]", out);
        if (!level || strcmp(level, "findings") == 0) {
            fputs(",\n", out);
            fnd_json(r, found, nfound, out);
        }
        fputs("\n}\n", out);
    } else if (fmt == VDL_FMT_CSV) {
        bool first = true;
        for (int i = 0; i < nt; i++) {
            if (only != -1 && i != only) continue;
            if (!first) fputc('\n', out);
            first = false;
            tab_csv(&tabs[i], out);
        }
    } else {
        bool md = fmt == VDL_FMT_MD;
        if (md) fputs("# ", out);
        fputs(p->law_title ? p->law_title : p->file->path, out);
        if (p->law_id) fprintf(out, " (%s)", p->law_id);
        fputc('\n', out);
        if (md) fputc('\n', out);
        fprintf(out, "date %s; data ", date);
        for (int i = 0; i < ds->npaths; i++) fprintf(out, "%s%s", i ? ", " : "", ds->paths[i]);
        fputs(md ? "\n" : "\n", out);
        for (int i = 0; i < nt; i++) {
            if (only != -1 && i != only) continue;
            fputc('\n', out);
            if (md) fprintf(out, "## %s\n\n", tabs[i].title);
            tab_text(p, &tabs[i], out, md);
        }
        if (used) fputc('\n', out);
        for (int k = 0; k < p->nnotes; k++)
            if (used & (1u << k)) fprintf(out, "[%d] %s\n", k + 1, p->notes[k]);
    }
    for (int i = 0; i < nt; i++) tab_free(&tabs[i]);
    mem_free(tabs);
    mem_free(found);
    return ferror(out) ? -1 : 0;
}
