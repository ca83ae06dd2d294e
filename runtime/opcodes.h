/* opcodes.h: the instruction set, defined once.
 *
 * OP(name, operands, pops, pushes, meaning) expands into the opcode enum
 * (program.h), the disassembler (compiler/disasm.c), the stack-depth
 * computation of the code generator and the VM's dispatch (runtime/vm.c).
 *
 * The VM is columnar: a stack slot holds a whole column (one value per
 * entity, per group, or a single scalar), so every instruction is a plain C
 * loop over a column and dispatch is paid once per column, not per entity.
 * A scalar (length 1) combines with a column of any length.  Masks make
 * `if`, `and`, `or` and `where` lazy row by row: a row outside the active
 * mask never raises an error (x / y where y == 0 is fine under `if y > 0`),
 * and an aggregate under a mask with no live row is not computed at all.
 *
 * SKIPDEAD's stack effect is listed as the path that jumps (it pushes the
 * value the skipped aggregate would have pushed); the code generator
 * accounts for the path that falls through.  CALLX pops its N arguments
 * (an operand), which the code generator accounts for. */
#ifndef VDL_OPCODES_H
#define VDL_OPCODES_H

#define VDL_OPCODES(OP) \
    OP(CONST,      1, 0, 1, "push constant K as a scalar") \
    OP(LOAD,       1, 0, 1, "push slot S (a view, no copy)") \
    OP(STORE,      1, 1, 0, "pop the top into slot S") \
    OP(BCAST,      1, 1, 1, "scalar -> column of level L") \
    OP(UNGROUP,    1, 1, 1, "group column of level L -> one value per entity") \
    OP(ADD,        0, 2, 1, "a + b") \
    OP(SUB,        0, 2, 1, "a - b") \
    OP(MUL,        0, 2, 1, "a * b") \
    OP(DIV,        0, 2, 1, "a / b; error on division by zero") \
    OP(NEG,        0, 1, 1, "-a") \
    OP(ABS,        0, 1, 1, "|a|") \
    OP(MIN2,       0, 2, 1, "the smaller of a and b") \
    OP(MAX2,       0, 2, 1, "the larger of a and b") \
    OP(ROUND,      2, 1, 1, "round a with mode M to D decimals") \
    OP(EQ,         0, 2, 1, "a == b") \
    OP(NE,         0, 2, 1, "a != b") \
    OP(LT,         0, 2, 1, "a < b") \
    OP(LE,         0, 2, 1, "a <= b") \
    OP(GT,         0, 2, 1, "a > b") \
    OP(GE,         0, 2, 1, "a >= b") \
    OP(NOT,        0, 1, 1, "not a") \
    OP(AND,        0, 2, 1, "a and b") \
    OP(OR,         0, 2, 1, "a or b") \
    OP(SELECT,     0, 3, 1, "c ? a : b (c, a, b on the stack)") \
    OP(MASK,       1, 0, 0, "push mask: active rows where the value K below the top is true") \
    OP(MASKNOT,    1, 0, 0, "push mask: active rows where the value K below the top is false") \
    OP(MASKALL,    0, 0, 0, "push a mask with every row active (aggregates ignore outer masks)") \
    OP(UNMASK,     0, 0, 0, "pop a mask") \
    OP(AGG,        2, 1, 1, "reduce a with function F to level L") \
    OP(AGGW,       2, 2, 1, "reduce a where c (c, a on the stack) with function F to level L") \
    OP(APPORTION,  2, 2, 1, "apportion total t by weight w (t, w) with method M within level L") \
    OP(APPORTIONW, 2, 3, 1, "the same among rows where c (t, w, c)") \
    OP(SKIPDEAD,   1, 0, 1, "if no row of the current mask is live, push 0 and jump N words ahead") \
    OP(WHOLE,      1, 1, 1, "error unless every live value of a is whole to D decimals (money: 2)") \
    OP(CALLX,      2, 0, 1, "call extern X on the N columns on top (popped), row by row")

#endif
