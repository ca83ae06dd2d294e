/* program.c: the compiled program's tables, lookups and lifetime, and the
 * compile entry point that runs parse -> check -> codegen. */
#include "program.h"
#include "parse.h"
#include "native.h"
#include "mem.h"

#include <string.h>

const op_info prog_op_info[OP__COUNT] = {
#define OP_INFO(name, nops, pops, pushes, doc) { #name, nops, pops, pushes, doc },
    VDL_OPCODES(OP_INFO)
#undef OP_INFO
};

const char *const prog_agg_names[] = { "sum", "count", "min", "max", "mean" };

int prog_find(const prog_t *p, const char *name)
{
    return nm_get(&p->names, name);
}

int prog_phase_find(const prog_t *p, const char *name)
{
    for (int i = 0; i < p->nphases; i++)
        if (strcmp(p->phases[i].name, name) == 0) return i;
    return -1;
}

int prog_level_find(const prog_t *p, const char *name)
{
    for (int i = 0; i < p->nlevels; i++)
        if (strcmp(p->levels[i].name, name) == 0) return LEVEL_GROUP0 + i;
    return -1;
}

const char *prog_level_name(const prog_t *p, int level)
{
    if (level == LEVEL_ALL) return "all";
    if (level == LEVEL_ENTITY) return p->ndatasets ? p->datasets[0].name : "entity";
    return p->levels[level - LEVEL_GROUP0].name;
}

char *prog_span_text(const prog_t *p, vdl_span sp)
{
    char *acc = mem_strdup("");
    for (int line = sp.first_line; line <= sp.last_line && line > 0; line++) {
        size_t len;
        const char *t = src_line(p->file, line, &len);
        int from = line == sp.first_line ? sp.first_column : 1;
        int to = line == sp.last_line ? sp.last_column : (int)len + 1;
        /* columns count characters: find their bytes */
        size_t b0 = len, b1 = len;
        int col = 1;
        for (size_t i = 0; i <= len; i++) {
            if (i < len && ((unsigned char)t[i] & 0xC0) == 0x80) continue;
            if (col == from) b0 = i;
            if (col == to) { b1 = i; break; }
            col++;
        }
        if (b0 > b1) b0 = b1;
        while (b0 < b1 && (t[b0] == ' ' || t[b0] == '\t')) b0++;
        char *next = diag_fmt("%s%s%.*s", acc, *acc ? " " : "", (int)(b1 - b0), t + b0);
        mem_free(acc);
        acc = next;
    }
    return acc;
}

int prog_rule_at(const prog_t *p, size_t pc)
{
    for (int i = 0; i < p->norder; i++) {
        const prog_sym *s = &p->syms[p->order[i]];
        if (pc >= s->code_start && pc < s->code_end) return p->order[i];
    }
    return -1;
}

void prog_unit_format(const prog_t *p, vdl_unit u, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < p->nunits && i < UNIT_MAX; i++) {
            int e = u.e[i];
            if (pass == 0 ? e <= 0 : e >= 0) continue;
            int a = e < 0 ? -e : e;
            const char *sep = n == 0 ? (pass ? "1/" : "") : (pass && !strchr(buf, '/') ? "/" : "*");
            int w = a == 1 ? snprintf(buf + n, n < cap ? cap - n : 0, "%s%s", sep, p->units[i])
                           : snprintf(buf + n, n < cap ? cap - n : 0, "%s%s^%d", sep, p->units[i], a);
            if (w > 0) n += (size_t)w;
            if (n >= cap) { buf[cap - 1] = '\0'; return; }
        }
}

static void free_strs(char **v, int n)
{
    for (int i = 0; i < n; i++) mem_free(v[i]);
    mem_free(v);
}

void prog_free(prog_t *p)
{
    if (!p) return;
    mem_free(p->law_title);
    mem_free(p->law_id);
    mem_free(p->law_cite);
    nm_free(&p->names);
    for (int i = 0; i < p->nsyms; i++) {
        prog_sym *s = &p->syms[i];
        mem_free(s->name);
        mem_free(s->cite);
        for (int j = 0; j < s->nsources; j++) {
            free_strs(s->sources[j].names, s->sources[j].nnames);
            mem_free(s->sources[j].cite);
        }
        mem_free(s->sources);
        for (int j = 0; j < s->nvalues; j++) mem_free(s->values[j].cite);
        mem_free(s->values);
        mem_free(s->refs);
    }
    for (int i = 0; i < p->nphases; i++) {
        mem_free(p->phases[i].name);
        mem_free(p->phases[i].title);
        mem_free(p->phases[i].cite);
    }
    mem_free(p->phases);
    ffi_unbind_all(p);
    for (int i = 0; i < p->nexterns; i++) {
        prog_extern *x = &p->externs[i];
        mem_free(x->name);
        mem_free(x->lib);
        mem_free(x->symbol);
        mem_free(x->params);
        mem_free(x->cite);
    }
    mem_free(p->externs);
    mem_free(p->syms);
    for (int i = 0; i < p->nlevels; i++) mem_free(p->levels[i].name);
    mem_free(p->levels);
    for (int i = 0; i < p->ndatasets; i++) {
        prog_dataset *d = &p->datasets[i];
        mem_free(d->name);
        mem_free(d->path);
        mem_free(d->key);
        free_strs(d->key_headers, d->nkey_headers);
    }
    mem_free(p->datasets);
    free_strs(p->notes, p->nnotes);
    free_strs(p->strings, p->nstrings);
    free_strs(p->units, p->nunits);
    mem_free(p->outputs);
    mem_free(p->order);
    mem_free(p->code);
    mem_free(p->consts);
    mem_free(p->locs);
    if (p->ast) ast_file_free(p->ast);
    mem_free(p->ast);
    mem_free(p);
}

/* A rule file must be UTF-8 without NUL bytes: check before scanning, so
 * the scanner and every message can rely on it. */
static bool check_encoding(const src_file *f, diag_list *d)
{
    const unsigned char *s = (const unsigned char *)f->text;
    int line = 1, col = 1;
    for (size_t i = 0; i < f->len;) {
        unsigned char c = s[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = n > 0 && i + n <= f->len && c != 0;
        for (size_t k = 1; ok && k < n; k++) ok = (s[i + k] & 0xC0) == 0x80;
        if (ok && n == 2) ok = c >= 0xC2;
        if (ok && n == 3) {
            unsigned cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
            ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
        }
        if (ok && n == 4) {
            unsigned cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
            ok = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (!ok) {
            vdl_span sp = { line, col, line, col + 1 };
            if (c == 0) diag_add(d, DIAG_ERROR, f, sp, "NUL byte in the rule file");
            else diag_add(d, DIAG_ERROR, f, sp, "invalid UTF-8 byte 0x%02x", c);
            diag_hint(d, "a rule file is UTF-8 text");
            return false;
        }
        if (c == '\n' || (c == '\r' && (i + 1 >= f->len || s[i + 1] != '\n'))) { line++; col = 1; }
        else if (c != '\r') col++;
        i += n;
    }
    return true;
}

prog_t *prog_compile(const src_file *f, diag_list *diags)
{
    if (!check_encoding(f, diags)) return NULL;
    prog_t *p = mem_alloc(sizeof *p);
    p->file = f;
    p->ast = mem_alloc(sizeof *p->ast);
    int errs = parse_file(f, p->ast, diags);
    if (errs == 0) errs = chk_check(p->ast, p, diags);
    if (errs == 0) cg_generate(p->ast, p);
    if (errs) { prog_free(p); return NULL; }
    return p;
}
