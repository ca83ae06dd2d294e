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

/* Running one law many times (a sweep) is vm_run in parts.  vm_plan finds
 * the rules that depend, directly or through other rules, on some of the
 * parameters: only their code needs to run again when just those
 * parameters change; every other slot is frozen after the first run.  A
 * vm_ctx holds a run's scratch columns, so repeated runs allocate nothing,
 * and, for an apportion whose weights come from a frozen slot, the
 * prepared weights (see app_prepare), so a run after the first pays only
 * for the share-out.  A ctx is for one thread and one vm_result. */
typedef struct { size_t start, end; } vm_range;

typedef struct {
    vm_range *ranges;        /* code to run again, in order */
    int       nranges;
    bool     *frozen;        /* per slot: unchanged by the ranges */
} vm_plan_t;

void vm_plan(const prog_t *p, const int *params, int nparams, vm_plan_t *out);
void vm_plan_free(vm_plan_t *pl);

typedef struct vm_ctx vm_ctx;
/* plan may be NULL (nothing is frozen, nothing cached); it must outlive
 * the ctx. */
vm_ctx *vm_ctx_new(const prog_t *p, const ds_data *d, const vm_plan_t *plan);
void    vm_ctx_free(vm_ctx *cx);

/* Allocate the slots of a run and fill in the parameters (0 or -1). */
int  vm_fill(const prog_t *p, const ds_data *d, vdl_date date,
             const vm_override *ov, int nov, vm_result *out, vm_error *err);
/* Run the code in ranges (all of it when ranges is NULL) on out's slots.
 * On error out keeps its slots (the failed rule's partly written). */
int  vm_exec(const prog_t *p, const ds_data *d, vm_ctx *cx, const vm_range *ranges,
             int nranges, vm_result *out, vm_error *err);
void vm_result_free(vm_result *r);
/* Number of rows at a level. */
size_t vm_level_len(const ds_data *d, int level);

#endif
