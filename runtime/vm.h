/* vm.h: running a compiled program on loaded data.
 *
 * The VM executes the chunk once over whole columns (see opcodes.h) and
 * leaves every slot filled: the value of every rule for every entity or
 * group.  A run-time error (overflow, division by zero, an empty aggregate,
 * an apportion that cannot be done) stops the run and says where: the
 * instruction (so the source span), the rule, and the row. */
#ifndef VDL_VM_H
#define VDL_VM_H
#include "dataset.h"
#include "program.h"

/* The default bound on a run's steps (instructions times rows): far above
 * any law on any real table, low enough to stop a runaway in minutes. */
#define VM_MAX_STEPS 100000000000ull

typedef struct {
    int   sym;               /* a SYM_PARAM */
    num_t value;
} vm_override;

typedef struct {
    num_t **slot;            /* per slot: its values (borrowed for data columns) */
    size_t *len;             /* per slot: number of values */
    bool   *owned;
    int     nslots;
} vm_result;

typedef struct {
    char    msg[256];
    size_t  pc;              /* the failing instruction; (size_t)-1: none */
    int     rule;            /* symbol of the rule being computed, or -1 */
    int     param;           /* symbol of a parameter without a value, or -1 */
    int     level;           /* level of the failing row */
    long    row;             /* row at that level, or -1 */
} vm_error;

/* Returns 0, or -1 with *err filled (and *out empty). */
int  vm_run(const prog_t *p, const ds_data *d, vdl_date date,
            const vm_override *ov, int nov, vm_result *out, vm_error *err);
void vm_result_free(vm_result *r);
/* Number of rows at a level. */
size_t vm_level_len(const ds_data *d, int level);

#endif
