/* disasm.c: bytecode -> readable listing, driven by the opcode table.
 *
 * Each rule's code is printed under a header with its name, level and
 * citation; each instruction with its pc, name, operands decoded (slot
 * names, constants, levels), and the source line it came from whenever that
 * changes. */
#include "program.h"
#include "apportion.h"

#include <string.h>

static const char *slot_name(const prog_t *p, uint32_t slot)
{
    for (int i = 0; i < p->nsyms; i++)
        if ((uint32_t)p->syms[i].slot == slot) return p->syms[i].name;
    return "?";
}

/* The comment after an instruction's operands: what they mean. */
static void operand_note(const prog_t *p, vdl_opcode op, const uint32_t *a, char *buf, size_t cap)
{
    static const char *const modes[] = { "half_away", "half_even", "floor", "ceil", "trunc" };
    buf[0] = '\0';
    switch (op) {
    case OP_CONST:
        num_format(p->consts[a[0]], 6, buf, cap);
        break;
    case OP_LOAD: case OP_STORE:
        snprintf(buf, cap, "%s", slot_name(p, a[0]));
        break;
    case OP_BCAST: case OP_UNGROUP:
        snprintf(buf, cap, "%s", prog_level_name(p, (int)a[0]));
        break;
    case OP_CALLX:
        snprintf(buf, cap, "extern %s, %u values", a[0] < (uint32_t)p->nexterns ? p->externs[a[0]].name : "?", a[1]);
        break;
    case OP_WHOLE:
        snprintf(buf, cap, a[0] ? "%u decimals" : "whole", a[0]);
        break;
    case OP_SKIPDEAD:
        snprintf(buf, cap, "to %04zu", (size_t)(a - p->code) + 1 + a[0]);
        break;
    case OP_ROUND:
        snprintf(buf, cap, "%s, %u decimals", a[0] < 5 ? modes[a[0]] : "?", a[1]);
        break;
    case OP_AGG: case OP_AGGW:
        snprintf(buf, cap, "%s to %s", a[0] < 5 ? prog_agg_names[a[0]] : "?", prog_level_name(p, (int)a[1]));
        break;
    case OP_APPORTION: case OP_APPORTIONW:
        snprintf(buf, cap, "%s within %s", app_method_name((app_method)a[0]), prog_level_name(p, (int)a[1]));
        break;
    default:
        break;
    }
}

void disasm_print(const prog_t *p, FILE *out)
{
    fprintf(out, "; %s\n; %zu words, %d constants, %d slots, stack %d, masks %d\n",
            p->file->path, p->ncode, p->nconsts, p->nslots, p->max_stack, p->max_masks);
    for (int r = 0; r < p->norder; r++) {
        const prog_sym *s = &p->syms[p->order[r]];
        fprintf(out, "\nrule %s (per %s) [%s]\n", s->name, prog_level_name(p, s->level),
                s->cite ? s->cite : "");
        int last_line = -1;
        for (size_t pc = s->code_start; pc < s->code_end;) {
            vdl_opcode op = (vdl_opcode)p->code[pc];
            const op_info *in = &prog_op_info[op];
            vdl_span sp = p->locs[pc];
            if (sp.first_line != last_line) {
                size_t len;
                const char *line = src_line(p->file, sp.first_line, &len);
                while (len && (*line == ' ' || *line == '\t')) { line++; len--; }
                fprintf(out, "  %4d| %.*s\n", sp.first_line, (int)(len > 100 ? 100 : len), line);
                last_line = sp.first_line;
            }
            const uint32_t *a = &p->code[pc + 1];
            char ops[32] = "", note[128];
            if (in->nops == 1) snprintf(ops, sizeof ops, "%u", a[0]);
            if (in->nops == 2) snprintf(ops, sizeof ops, "%u %u", a[0], a[1]);
            operand_note(p, op, a, note, sizeof note);
            if (note[0]) fprintf(out, "  %04zu  %-10s %-5s ; %s", pc, in->name, ops, note);
            else if (ops[0]) fprintf(out, "  %04zu  %-10s %s", pc, in->name, ops);
            else fprintf(out, "  %04zu  %s", pc, in->name);
            fputc('\n', out);
            pc += 1 + (size_t)in->nops;
        }
    }
}
