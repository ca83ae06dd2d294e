/* findings.c: the rows where a criterion fails, with the values its
 * condition read and its citation.  A failed criterion is a finding in the
 * results, never an error: the run goes on and exits 0. */
#include "findings.h"
#include "mem.h"

#include <string.h>

/* The value of symbol `s` as seen from row `row` of `level`: its own row,
 * its group's row, or its one value. */
static num_t value_at(const vdl_result *r, const prog_sym *s, int level, size_t row)
{
    const num_t *col = r->vm.slot[s->slot];
    if (s->level == level) return col[row];
    if (s->level == LEVEL_ALL) return col[0];
    if (level == LEVEL_ENTITY && s->level >= LEVEL_GROUP0)
        return col[r->data->ds->levels[s->level - LEVEL_GROUP0].of_entity[row]];
    return NUM_ZERO;
}

static bool visible_from(const prog_sym *s, int level)
{
    return s->level == level || s->level == LEVEL_ALL ||
           (level == LEVEL_ENTITY && s->level >= LEVEL_GROUP0);
}

size_t fnd_collect(const vdl_result *r, const char *phase, fnd_item **out)
{
    const prog_t *p = r->prog->prog;
    int ph = phase ? prog_phase_find(p, phase) : -1;
    fnd_item *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < p->nsyms; i++) {
        const prog_sym *s = &p->syms[i];
        if (s->kind != SYM_RULE || s->rkind != RK_CRITERION) continue;
        if (phase && s->phase != ph) continue;
        const num_t *col = r->vm.slot[s->slot];
        for (size_t row = 0; row < r->vm.len[s->slot]; row++) {
            if (col[row].n != 0) continue;
            MEM_GROW(v, cap, n + 1);
            v[n++] = (fnd_item){ i, row };
        }
    }
    *out = v;
    return n;
}

const char *fnd_key(const vdl_result *r, int level, size_t row)
{
    const ds_data *ds = r->data->ds;
    if (level == LEVEL_ENTITY) return ds->strs[ds->key[row]];
    if (level >= LEVEL_GROUP0) return ds->strs[ds->levels[level - LEVEL_GROUP0].label[row]];
    return "";
}

char *fnd_values(const vdl_result *r, const fnd_item *f)
{
    const prog_t *p = r->prog->prog;
    const prog_sym *c = &p->syms[f->sym];
    char *acc = mem_strdup("");
    for (int k = 0; k < c->nrefs; k++) {
        const prog_sym *s = &p->syms[c->refs[k]];
        if (!visible_from(s, c->level)) continue;
        char *v = out_value(r, s, value_at(r, s, c->level, f->row));
        char *next = diag_fmt("%s%s%s=%s", acc, *acc ? ", " : "", s->name, v);
        mem_free(v);
        mem_free(acc);
        acc = next;
    }
    return acc;
}

void fnd_json(const vdl_result *r, const fnd_item *items, size_t n, FILE *out)
{
    const prog_t *p = r->prog->prog;
    fputs("  \"findings\": [", out);
    for (size_t i = 0; i < n; i++) {
        const prog_sym *c = &p->syms[items[i].sym];
        fputs(i ? ",\n    {" : "\n    {", out);
        fputs("\"criterion\": ", out);
        tab_json_str(out, c->name);
        fputs(", \"level\": ", out);
        tab_json_str(out, prog_level_name(p, c->level));
        fputs(", \"key\": ", out);
        tab_json_str(out, fnd_key(r, c->level, items[i].row));
        fputs(", \"values\": {", out);
        bool first = true;
        for (int k = 0; k < c->nrefs; k++) {
            const prog_sym *s = &p->syms[c->refs[k]];
            if (!visible_from(s, c->level)) continue;
            if (!first) fputs(", ", out);
            first = false;
            tab_json_str(out, s->name);
            fputs(": ", out);
            char *v = out_value(r, s, value_at(r, s, c->level, items[i].row));
            if (s->type == TY_TEXT) tab_json_str(out, v); else fputs(v, out);
            mem_free(v);
        }
        fputs("}, \"citation\": ", out);
        tab_json_str(out, c->cite ? c->cite : "");
        fputc('}', out);
    }
    fputs(n ? "\n  ]" : "]", out);
}

bool fnd_table(const vdl_result *r, const fnd_item *items, size_t n, out_table *t)
{
    const prog_t *p = r->prog->prog;
    if (!n) return false;
    static const char *const head[] = { "criterion", "at", "values", "citation" };
    tab_init(t, "findings", 4, head, n);
    for (size_t i = 0; i < n; i++) {
        const prog_sym *c = &p->syms[items[i].sym];
        char **row = &t->cells[i * 4];
        row[0] = mem_strdup(c->name);
        row[1] = c->level == LEVEL_ALL ? mem_strdup("all")
               : diag_fmt("%s %s", prog_level_name(p, c->level), fnd_key(r, c->level, items[i].row));
        row[2] = fnd_values(r, &items[i]);
        row[3] = diag_fmt("[%s]", c->cite ? c->cite : "");
    }
    return true;
}
