/* program.h: a compiled rule file, as the checker and the code generator
 * leave it for the VM.
 *
 * Every named value (a data column, a parameter, a rule) is a symbol with a
 * slot: at run time a slot is a column with one value per row of its level
 * (entities, the groups of a group level, or one value).  The chunk is one
 * code array for all rules in dependency order; each rule owns a range of
 * it, and a location table gives the source span of every instruction. */
#ifndef VDL_PROGRAM_H
#define VDL_PROGRAM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ast.h"
#include "num.h"
#include "opcodes.h"
#include "names.h"

typedef enum {
#define OP_ENUM(name, nops, pops, pushes, doc) OP_##name,
    VDL_OPCODES(OP_ENUM)
#undef OP_ENUM
    OP__COUNT
} vdl_opcode;

typedef struct {
    const char *name;
    int nops, pops, pushes;
    const char *doc;
} op_info;
extern const op_info prog_op_info[OP__COUNT];

/* Aggregate functions for OP_AGG / OP_AGGW. */
typedef enum { AGG_SUM, AGG_COUNT, AGG_MIN, AGG_MAX, AGG_MEAN } agg_fn;
extern const char *const prog_agg_names[];

typedef enum { SYM_COLUMN, SYM_PARAM, SYM_RULE } sym_kind;

typedef struct {
    char   **names;          /* header names to try, in order */
    int      nnames;
    vdl_date from, until;
    char    *cite;
} prog_source;

typedef struct {
    num_t    value;          /* text: an index into prog.strings */
    vdl_date from, until;
    char    *cite;
    vdl_span span;
} prog_pvalue;

typedef struct {
    char       *name;
    sym_kind    kind;
    vdl_type    type;
    vdl_unit    unit;
    int         level;       /* LEVEL_ALL, LEVEL_ENTITY or a group level */
    int         slot;
    uint32_t    notes;       /* bit i: prog.notes[i] applies */
    bool        additive;    /* a count with a unit: its total means something */
    char       *cite;
    vdl_span    span;
    /* SYM_COLUMN */
    int         dataset;
    bool        integer;     /* values must be whole numbers */
    int         group_level; /* the level this text column defines, or -1 */
    prog_source *sources;
    int         nsources;
    /* SYM_PARAM */
    prog_pvalue *values;
    int         nvalues;
    /* SYM_RULE */
    size_t      code_start, code_end;
    int         order;       /* position in evaluation order */
    rule_kind   rkind;       /* a rule, a bonus or a criterion */
    int         phase;       /* its phase block, or -1 */
    int         eff_phase;   /* the latest phase it depends on, or -1 */
    int         paid;        /* bonus: the phase it is paid at, or -1 */
    int        *refs;        /* criterion: the values it reads, for findings */
    int         nrefs;
    int         rule;        /* its index in ast->rules, or -1 */
} prog_sym;

typedef struct {
    char    *name;
    char    *title;
    vdl_date from, until;
    char    *cite;
} prog_phase;

/* An extern function's C types, as ffi.c passes them. */
typedef enum { XT_INT64, XT_BOOL, XT_TEXT, XT_DECIMAL, XT_DOUBLE } xt_type;

/* An extern bound to a function in a shared library (runtime/native.c). */
typedef struct {
    char     *name;
    char     *lib;           /* resolved against the rule file's folder */
    char     *symbol;
    xt_type  *params;
    int       nparams;
    xt_type   ret;
    int       digits;        /* XT_DOUBLE: decimals kept */
    vdl_unit  ret_unit;
    char     *cite;
    vdl_span  span;
    void     *binding;       /* ffi.c's handle, function and cif; NULL until bound */
} prog_extern;

typedef struct {
    char *name;
    int   column_sym;        /* the text column whose values are the groups */
} prog_level;

typedef struct {
    char   *name;
    char   *path;            /* resolved against the rule file's folder; may be NULL */
    char   *key;             /* the key column's name in this dataset */
    char  **key_headers;     /* header names to try for the key */
    int     nkey_headers;
    int     join;            /* dataset index it joins, -1 for the primary */
    vdl_span span;           /* its name in the rule file */
    uint32_t notes;
} prog_dataset;

typedef struct {
    const src_file *file;    /* borrowed from the vdl_program */
    ast_file   *ast;         /* the checked tree, kept for explain; owned */
    char       *law_title, *law_id, *law_cite;
    vdl_date    law_valid_from;

    prog_sym   *syms;   int nsyms;
    nm_map      names;                    /* symbol name -> index */
    prog_level *levels; int nlevels;      /* group levels; level id = LEVEL_GROUP0 + i */
    prog_dataset *datasets; int ndatasets;
    char      **notes;  int nnotes;
    char      **strings; int nstrings;    /* text constants */
    char      **units;   int nunits;      /* base unit names, the built-ins first */
    int        *outputs; int noutputs;    /* symbol indices */
    int        *order;   int norder;      /* rule symbols in evaluation order */
    prog_phase *phases;  int nphases;     /* in declaration order */
    prog_extern *externs; int nexterns;

    /* the chunk */
    uint32_t   *code;   size_t ncode, capcode;
    num_t      *consts; int nconsts;
    vdl_span   *locs;                     /* locs[pc] for every code word */
    int         max_stack;
    int         max_masks;
    int         nslots;
    uint64_t    max_steps;                /* 0: VM_MAX_STEPS */
} prog_t;

/* The code word after the instruction at pc (its opcode and operands). */
static inline size_t prog_next(const prog_t *p, size_t pc)
{
    return pc + 1 + (size_t)prog_op_info[p->code[pc]].nops;
}

void prog_free(prog_t *p);
int  prog_find(const prog_t *p, const char *name);      /* symbol index or -1 */
const char *prog_level_name(const prog_t *p, int level);
int  prog_level_find(const prog_t *p, const char *name); /* level id or -1 */
int  prog_phase_find(const prog_t *p, const char *name); /* phase index or -1 */
/* The source text of a span, its lines joined with a space; owned by the
 * caller. */
char *prog_span_text(const prog_t *p, vdl_span sp);
/* The rule symbol whose code holds pc, or -1. */
int  prog_rule_at(const prog_t *p, size_t pc);
/* "places", "persons/places", "euro" ... ("" for none). */
void prog_unit_format(const prog_t *p, vdl_unit u, char *buf, size_t cap);

/* Compile: parse, check and generate code.  Returns NULL on any error, with
 * the diagnostics in `diags`. */
prog_t *prog_compile(const src_file *f, diag_list *diags);

/* The stages, for the compiler's own use. */
int  chk_check(ast_file *ast, prog_t *p, diag_list *diags);
void cg_generate(ast_file *ast, prog_t *p);
void disasm_print(const prog_t *p, FILE *out);

#endif
