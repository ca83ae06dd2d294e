/* diff.c: what a change to a rule file changes (verdeel diff).
 *
 * Two things, for a reviewer: the rules compared as structure, not text
 * (parameters, datasets and columns, phases, rules, bonuses, criteria and
 * outputs added, removed or changed, with the changed part before and
 * after; a change of layout or comments alone is no change in meaning),
 * and the impact: both files run on the same data, every output's rows
 * whose value changed, with the totals, and the findings that appear or
 * disappear (the comparison of compare.c, changed rows only). */
#include "diff.h"
#include "compare.h"
#include "table.h"
#include "mem.h"

#include <string.h>

typedef struct {
    const prog_t *a, *b;
    FILE *out;
    vdl_format fmt;
    size_t changes;
    bool first;                 /* JSON: no comma before the first change */
} dff;

/* --- structural equality ----------------------------------------------- */

static bool str_eq(const char *x, const char *y)
{
    if (!x || !y) return x == y;
    return strcmp(x, y) == 0;
}


/* --- reporting one change ---------------------------------------------- */

/* what: "parameter BO", how: "value", before/after (NULL when added or
 * removed). */
static void change(dff *d, const char *what, const char *name, const char *how,
                   const char *before, const char *after)
{
    d->changes++;
    if (d->fmt == VDL_FMT_JSON) {
        fputs(d->first ? "\n    {\"what\": " : ",\n    {\"what\": ", d->out);
        d->first = false;
        tab_json_str(d->out, what);
        fputs(", \"name\": ", d->out);
        tab_json_str(d->out, name);
        fputs(", \"change\": ", d->out);
        tab_json_str(d->out, how);
        fputs(", \"before\": ", d->out);
        if (before) tab_json_str(d->out, before); else fputs("null", d->out);
        fputs(", \"after\": ", d->out);
        if (after) tab_json_str(d->out, after); else fputs("null", d->out);
        fputc('}', d->out);
        return;
    }
    bool md = d->fmt == VDL_FMT_MD;
    const char *q = md ? "`" : "";
    if (!before) fprintf(d->out, "%s%s %s%s%s added: %s%s%s\n", md ? "- " : "  ", what, q, name, q, q, after, q);
    else if (!after) fprintf(d->out, "%s%s %s%s%s removed (was: %s%s%s)\n", md ? "- " : "  ", what, q, name, q, q, before, q);
    else {
        fprintf(d->out, "%s%s %s%s%s: %s changed\n", md ? "- " : "  ", what, q, name, q, how);
        fprintf(d->out, "%s- %s%s%s\n%s+ %s%s%s\n", md ? "  " : "      ", q, before, q, md ? "  " : "      ", q, after, q);
    }
}

static char *param_values(const prog_t *p, const prog_sym *s)
{
    char *acc = mem_strdup("");
    for (int i = 0; i < s->nvalues; i++) {
        const prog_pvalue *v = &s->values[i];
        char val[96], from[11] = "", until[11] = "";
        if (s->type == TY_TEXT) snprintf(val, sizeof val, "\"%s\"", p->strings[v->value.n]);
        else if (s->type == TY_BOOL) snprintf(val, sizeof val, "%s", v->value.n ? "true" : "false");
        else num_format(v->value, 6, val, sizeof val);
        if (v->from) ast_date_format(v->from, from);
        if (v->until) ast_date_format(v->until, until);
        char *next = diag_fmt("%s%s= %s%s%s%s%s [%s]", acc, *acc ? " " : "", val, from[0] ? " from " : "", from,
                              until[0] ? " until " : "", until, v->cite ? v->cite : "");
        mem_free(acc);
        acc = next;
    }
    return acc;
}

static void unit_text(const prog_t *p, const prog_sym *s, char *buf, size_t cap)
{
    prog_unit_format(p, s->unit, buf, cap);
    if (!buf[0]) snprintf(buf, cap, "%s", s->type == TY_BOOL ? "bool" : s->type == TY_TEXT ? "text" : "number");
}

static void diff_params(dff *d)
{
    for (int i = 0; i < d->a->nsyms; i++) {
        const prog_sym *x = &d->a->syms[i];
        if (x->kind != SYM_PARAM) continue;
        int j = prog_find(d->b, x->name);
        const prog_sym *y = j >= 0 && d->b->syms[j].kind == SYM_PARAM ? &d->b->syms[j] : NULL;
        char *vx = param_values(d->a, x);
        if (!y) { change(d, "parameter", x->name, "", vx, NULL); mem_free(vx); continue; }
        char *vy = param_values(d->b, y);
        char ux[64], uy[64];
        unit_text(d->a, x, ux, sizeof ux);
        unit_text(d->b, y, uy, sizeof uy);
        if (strcmp(vx, vy) != 0) change(d, "parameter", x->name, "value", vx, vy);
        if (strcmp(ux, uy) != 0) change(d, "parameter", x->name, "unit", ux, uy);
        if (!str_eq(x->cite, y->cite)) change(d, "parameter", x->name, "citation", x->cite ? x->cite : "", y->cite ? y->cite : "");
        mem_free(vx);
        mem_free(vy);
    }
    for (int j = 0; j < d->b->nsyms; j++) {
        const prog_sym *y = &d->b->syms[j];
        int i = prog_find(d->a, y->name);
        if (y->kind != SYM_PARAM || (i >= 0 && d->a->syms[i].kind == SYM_PARAM)) continue;
        char *vy = param_values(d->b, y);
        change(d, "parameter", y->name, "", NULL, vy);
        mem_free(vy);
    }
}

static char *column_text(const prog_t *p, const prog_sym *s)
{
    char unit[64], *src = mem_strdup("");
    unit_text(p, s, unit, sizeof unit);
    for (int i = 0; i < s->nsources; i++) {
        char from[11] = "", until[11] = "";
        if (s->sources[i].from) ast_date_format(s->sources[i].from, from);
        if (s->sources[i].until) ast_date_format(s->sources[i].until, until);
        char *next = diag_fmt("%s column \"%s\"%s%s%s%s", src, s->sources[i].names[0], from[0] ? " from " : "", from,
                              until[0] ? " until " : "", until);
        mem_free(src);
        src = next;
    }
    char *t = diag_fmt("%s %s%s%s%s in dataset %s", unit, s->integer ? "(integer)" : "",
                       s->group_level >= 0 ? " group " : "", s->group_level >= 0 ? prog_level_name(p, s->group_level) : "",
                       src, p->datasets[s->dataset].name);
    mem_free(src);
    return t;
}

static void diff_columns(dff *d)
{
    for (int i = 0; i < d->a->nsyms; i++) {
        const prog_sym *x = &d->a->syms[i];
        if (x->kind != SYM_COLUMN) continue;
        int j = prog_find(d->b, x->name);
        const prog_sym *y = j >= 0 && d->b->syms[j].kind == SYM_COLUMN ? &d->b->syms[j] : NULL;
        char *tx = column_text(d->a, x), *ty = y ? column_text(d->b, y) : NULL;
        if (!y || strcmp(tx, ty) != 0) change(d, "column", x->name, "declaration", tx, ty);
        mem_free(tx);
        mem_free(ty);
    }
    for (int j = 0; j < d->b->nsyms; j++) {
        const prog_sym *y = &d->b->syms[j];
        int i = prog_find(d->a, y->name);
        if (y->kind != SYM_COLUMN || (i >= 0 && d->a->syms[i].kind == SYM_COLUMN)) continue;
        char *ty = column_text(d->b, y);
        change(d, "column", y->name, "", NULL, ty);
        mem_free(ty);
    }
    for (int i = 0; i < d->a->ndatasets; i++) {
        const prog_dataset *x = &d->a->datasets[i];
        const prog_dataset *y = NULL;
        for (int j = 0; j < d->b->ndatasets; j++) if (strcmp(d->b->datasets[j].name, x->name) == 0) y = &d->b->datasets[j];
        if (y && !str_eq(x->path, y->path)) change(d, "dataset", x->name, "file", x->path ? x->path : "", y->path ? y->path : "");
        if (y && !str_eq(x->key, y->key)) change(d, "dataset", x->name, "key", x->key ? x->key : "", y->key ? y->key : "");
    }
}

static const char *kind_word(rule_kind k)
{
    return k == RK_BONUS ? "bonus" : k == RK_CRITERION ? "criterion" : "rule";
}

static void diff_rules(dff *d)
{
    const ast_file *fa = d->a->ast, *fb = d->b->ast;
    for (int i = 0; i < fa->nrules; i++) {
        const ast_rule *x = &fa->rules[i];
        const ast_rule *y = NULL;
        for (int j = 0; j < fb->nrules; j++) if (strcmp(fb->rules[j].name.name, x->name.name) == 0) y = &fb->rules[j];
        char *ex = prog_span_text(d->a, x->expr->span);
        if (!y) { change(d, kind_word(x->kind), x->name.name, "", ex, NULL); mem_free(ex); continue; }
        char *ey = prog_span_text(d->b, y->expr->span);
        if (x->kind != y->kind) change(d, kind_word(x->kind), x->name.name, "kind", kind_word(x->kind), kind_word(y->kind));
        if (!ast_expr_equal(x->expr, y->expr)) change(d, kind_word(y->kind), x->name.name, "expression", ex, ey);
        if (!str_eq(x->per.name, y->per.name))
            change(d, kind_word(y->kind), x->name.name, "level", x->per.name ? x->per.name : "(top level)",
                   y->per.name ? y->per.name : "(top level)");
        if (!str_eq(x->phase.name, y->phase.name))
            change(d, kind_word(y->kind), x->name.name, "phase", x->phase.name ? x->phase.name : "(none)",
                   y->phase.name ? y->phase.name : "(none)");
        if (!str_eq(x->ann.name, y->ann.name))
            change(d, kind_word(y->kind), x->name.name, "declared unit", x->ann.name ? x->ann.name : "(none)",
                   y->ann.name ? y->ann.name : "(none)");
        if (!str_eq(x->paid.name, y->paid.name))
            change(d, kind_word(y->kind), x->name.name, "payment phase", x->paid.name ? x->paid.name : "(its phase)",
                   y->paid.name ? y->paid.name : "(its phase)");
        if (!str_eq(x->cite, y->cite))
            change(d, kind_word(y->kind), x->name.name, "citation", x->cite ? x->cite : "", y->cite ? y->cite : "");
        mem_free(ex);
        mem_free(ey);
    }
    for (int j = 0; j < fb->nrules; j++) {
        const ast_rule *y = &fb->rules[j];
        bool found = false;
        for (int i = 0; i < fa->nrules && !found; i++) found = strcmp(fa->rules[i].name.name, y->name.name) == 0;
        if (found) continue;
        char *ey = prog_span_text(d->b, y->expr->span);
        change(d, kind_word(y->kind), y->name.name, "", NULL, ey);
        mem_free(ey);
    }
}

static char *phase_text(const prog_phase *ph)
{
    char from[11] = "", until[11] = "";
    if (ph->from) ast_date_format(ph->from, from);
    if (ph->until) ast_date_format(ph->until, until);
    return diag_fmt("%s%s%s%s%s%s%s [%s]", ph->title ? "\"" : "", ph->title ? ph->title : "", ph->title ? "\"" : "",
                    from[0] ? " from " : "", from, until[0] ? " until " : "", until, ph->cite ? ph->cite : "");
}

static void diff_phases_and_outputs(dff *d)
{
    for (int i = 0; i < d->a->nphases; i++) {
        int j = prog_phase_find(d->b, d->a->phases[i].name);
        char *tx = phase_text(&d->a->phases[i]), *ty = j >= 0 ? phase_text(&d->b->phases[j]) : NULL;
        if (!ty || strcmp(tx, ty) != 0) change(d, "phase", d->a->phases[i].name, "declaration", tx, ty);
        mem_free(tx);
        mem_free(ty);
    }
    for (int j = 0; j < d->b->nphases; j++) {
        if (prog_phase_find(d->a, d->b->phases[j].name) >= 0) continue;
        char *ty = phase_text(&d->b->phases[j]);
        change(d, "phase", d->b->phases[j].name, "", NULL, ty);
        mem_free(ty);
    }
    for (int side = 0; side < 2; side++) {
        const prog_t *p = side ? d->b : d->a, *q = side ? d->a : d->b;
        for (int i = 0; i < p->noutputs; i++) {
            const char *name = p->syms[p->outputs[i]].name;
            bool found = false;
            for (int k = 0; k < q->noutputs && !found; k++) found = strcmp(q->syms[q->outputs[k]].name, name) == 0;
            if (!found) change(d, "output", name, "", side ? NULL : "listed", side ? "listed" : NULL);
        }
    }
    if (!str_eq(d->a->law_title, d->b->law_title))
        change(d, "law", "title", "title", d->a->law_title ? d->a->law_title : "", d->b->law_title ? d->b->law_title : "");
    if (d->a->law_valid_from != d->b->law_valid_from) {
        char x[11] = "", y[11] = "";
        if (d->a->law_valid_from) ast_date_format(d->a->law_valid_from, x);
        if (d->b->law_valid_from) ast_date_format(d->b->law_valid_from, y);
        change(d, "law", "valid from", "date", x, y);
    }
}

int dff_write(const vdl_result *a, const vdl_result *b, const vdl_compare_options *o, FILE *out,
              vdl_diags *diags, bool *differ)
{
    dff d = { a->prog->prog, b->prog->prog, out, o->format, 0, true };
    bool json = o->format == VDL_FMT_JSON, md = o->format == VDL_FMT_MD;
    if (json) {
        fputs("{\n  \"old\": ", out);
        tab_json_str(out, d.a->file->path);
        fputs(", \"new\": ", out);
        tab_json_str(out, d.b->file->path);
        fputs(",\n  \"rules\": [", out);
    } else {
        fprintf(out, md ? "# Changes from `%s` to `%s`\n\n## Rules\n\n" : "changes from %s to %s\n\nrules:\n",
                d.a->file->path, d.b->file->path);
    }
    diff_params(&d);
    diff_columns(&d);
    diff_phases_and_outputs(&d);
    diff_rules(&d);
    size_t rule_changes = d.changes;
    if (json) fputs(rule_changes ? "\n  ],\n  \"impact\": " : "],\n  \"impact\": ", out);
    else if (!rule_changes) fputs(md ? "No change in meaning.\n" : "  no change in meaning\n", out);
    if (!json) fputs(md ? "\n## Impact\n" : "\nimpact:\n", out);
    size_t changed_rows = 0;
    vdl_compare_options co = *o;
    co.changed_only = 1;
    co.changed = &changed_rows;
    co.label_a = "old";
    co.label_b = "new";
    int rc = cmp_write(a, b, &co, out, diags);
    if (rc == VDL_EUSAGE) {   /* no shared output: nothing to run against */
        vdl_diags_clear(diags);
        if (json) fputs("null", out);
        else fputs(md ? "\nThe two files share no output.\n" : "  the two files share no output\n", out);
        rc = VDL_OK;
    }
    if (json) fprintf(out, ",\n  \"changes\": %zu, \"changed_rows\": %zu\n}\n", rule_changes, changed_rows);
    *differ = rule_changes > 0 || changed_rows > 0;
    return rc;
}
