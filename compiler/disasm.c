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

static void print_operands(const prog_t *p, vdl_opcode op, const uint32_t *a, FILE *out)
{
    char buf[64];
    switch (op) {
    case OP_CONST:
        num_format(p->consts[a[0]], 6, buf, sizeof buf);
        fprintf(out, "%-4u ; %s", a[0], buf);
        break;
    case OP_LOAD: case OP_STORE:
        fprintf(out, "%-4u ; %s", a[0], slot_name(p, a[0]));
        break;
    case OP_BCAST: case OP_UNGROUP:
        fprintf(out, "%-4u ; %s", a[0], prog_level_name(p, (int)a[0]));
        break;
    case OP_ROUND: {
        static const char *const modes[] = { "half_away", "half_even", "floor", "ceil", "trunc" };
        fprintf(out, "%u %u ; %s, %u decimals", a[0], a[1], a[0] < 5 ? modes[a[0]] : "?", a[1]);
        break;
    }
    case OP_MASK: case OP_MASKNOT:
        fprintf(out, "%u", a[0]);
        break;
    case OP_AGG: case OP_AGGW:
        fprintf(out, "%u %u ; %s to %s", a[0], a[1], a[0] < 5 ? prog_agg_names[a[0]] : "?",
                prog_level_name(p, (int)a[1]));
        break;
    case OP_APPORTION: case OP_APPORTIONW:
        fprintf(out, "%u %u ; %s within %s", a[0], a[1], app_method_name((app_method)a[0]),
                prog_level_name(p, (int)a[1]));
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
            fprintf(out, "  %04zu  %-10s ", pc, in->name);
            print_operands(p, op, &p->code[pc + 1], out);
            fputc('\n', out);
            pc += 1 + (size_t)in->nops;
        }
    }
}
