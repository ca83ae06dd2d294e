/* verdeel.h: the embedding API of verdeel, a rules language for
 * distribution law.
 *
 * The pipeline: compile a rule file (vdl_compile_file), load the tables it
 * declares (vdl_load), run it (vdl_run), then read values or write the
 * results (vdl_write).  Nothing here prints or exits: problems come back as
 * a status and as diagnostics in a vdl_diags, which the caller prints with
 * vdl_diags_print or reads one by one.
 *
 * Ownership: every object a vdl_* function returns is the caller's and is
 * freed with its own vdl_*_free.  A vdl_data and a vdl_result borrow the
 * vdl_program they were made from (and a vdl_result its vdl_data): free
 * them before it.  Strings returned by accessors (keys, names, texts) are
 * owned by the object they come from.
 *
 * Threads: separate programs, data and results may be used from separate
 * threads; one object is not to be used from two threads at once.  Out of
 * memory ends the process with status 71: the one error not returned.
 *
 * Building against verdeel: cc prog.c $(pkg-config --cflags --libs verdeel);
 * examples/embed.c is a complete program. */
#ifndef VERDEEL_H
#define VERDEEL_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VDL_VERSION "0.1.0"

typedef enum {
    VDL_OK       = 0,
    VDL_EUSAGE   = 2,    /* bad options or arguments */
    VDL_ERULES   = 65,   /* the rule file has errors */
    VDL_EDATA    = 66,   /* a table is missing or has errors */
    VDL_ERUNTIME = 70,   /* the law could not be computed on this data */
    VDL_EOUTPUT  = 73,   /* an output file cannot be written */
    VDL_EIO      = 74    /* an input file cannot be read */
} vdl_status;

typedef struct vdl_diags   vdl_diags;
typedef struct vdl_program vdl_program;
typedef struct vdl_data    vdl_data;
typedef struct vdl_result  vdl_result;
typedef struct vdl_runner  vdl_runner;

/* An exact number: num/den, den > 0, in lowest terms. */
typedef struct { int64_t num, den; } vdl_num;

/* --- diagnostics ------------------------------------------------------ */
vdl_diags *vdl_diags_new(void);
void       vdl_diags_free(vdl_diags *d);
size_t     vdl_diags_count(const vdl_diags *d);
size_t     vdl_diags_errors(const vdl_diags *d);
/* The i-th message, without place or caret. */
const char *vdl_diags_message(const vdl_diags *d, size_t i);
/* Where the i-th diagnostic points: *path (NULL when nowhere), *line and
 * *column (0 when unknown); returns 0 for an error, 1 a warning, 2 a note,
 * -1 when i is out of range. */
int        vdl_diags_where(const vdl_diags *d, size_t i, const char **path, int *line, int *column);
/* Print all as "file:line:col: error: ...", source line, caret, hint. */
void       vdl_diags_print(const vdl_diags *d, FILE *out);
void       vdl_diags_clear(vdl_diags *d);

/* --- compiling ----------------------------------------------------------- */
vdl_program *vdl_compile_file(const char *path, vdl_diags *d, vdl_status *st);
vdl_program *vdl_compile_string(const char *name, const char *text, size_t len,
                                vdl_diags *d, vdl_status *st);
void         vdl_program_free(vdl_program *p);
/* Native code: a rule file's `extern` functions live in shared libraries
 * and run only when the caller allows it.  vdl_bind_native opens every
 * library, finds every function and prepares its call (once); a missing
 * library or symbol is an error at the extern's declaration (VDL_ERULES).
 * Without it, running a program that uses an extern fails with VDL_EUSAGE. */
vdl_status   vdl_bind_native(vdl_program *p, vdl_diags *d);
int          vdl_extern_count(const vdl_program *p);
const char  *vdl_extern_name(const vdl_program *p, int i);
const char  *vdl_extern_library(const vdl_program *p, int i);
int          vdl_extern_bound(const vdl_program *p, int i);

/* Bound a run's cost: at most n steps (an instruction over a column of
 * r rows is r steps); a run past it stops with VDL_ERUNTIME.  0 restores
 * the default, 10^11. */
void         vdl_set_max_steps(vdl_program *p, uint64_t n);

/* The bytecode listing, with source lines. */
void         vdl_disasm(const vdl_program *p, FILE *out);
/* The outputs the rule file lists, in order, and the name of its entity
 * level (the main dataset's name). */
int          vdl_output_count(const vdl_program *p);
const char  *vdl_output_name(const vdl_program *p, int i);
const char  *vdl_entity_level(const vdl_program *p);
/* An exact number as verdeel writes it: exact when its decimals end within
 * 6 places, else rounded half away from zero to 6.  Returns the length. */
size_t       vdl_num_format(vdl_num v, char *buf, size_t cap);

/* The law's `valid from` date as yyyymmdd (0 when the file has none). */
int32_t      vdl_default_date(const vdl_program *p);
/* "2024-02-01" -> 20240201; returns 0 on success, -1 if not a date. */
int          vdl_parse_date(const char *s, int32_t *out);

/* --- data -------------------------------------------------------------- */
typedef struct {
    const char *dataset;   /* a dataset name, or NULL for the main table */
    const char *path;      /* the file; with `text`, only its name in messages */
    const char *text;      /* if not NULL: the table itself, in memory (borrowed) */
    size_t      len;       /* the length of `text` in bytes */
} vdl_source;

/* Load the tables the program declares; `over` replaces declared paths.
 * Declared paths are relative to the rule file's folder. */
vdl_data *vdl_load(const vdl_program *p, int32_t date, const vdl_source *over,
                   int nover, vdl_diags *d, vdl_status *st);
void      vdl_data_free(vdl_data *data);

/* --- running ------------------------------------------------------------ */
typedef struct {
    const char *name;      /* a parameter */
    const char *value;     /* its value as written in a rule file: 90000, 0.5, true, "x" */
} vdl_setting;

vdl_result *vdl_run(const vdl_program *p, const vdl_data *data, int32_t date,
                    const vdl_setting *set, int nset, vdl_diags *d, vdl_status *st);
void        vdl_result_free(vdl_result *r);

/* Rows of a level: NULL or the main dataset's name = entities, "all" = one
 * row, or a group level's name.  Returns (size_t)-1 for an unknown level. */
size_t      vdl_rows(const vdl_result *r, const char *level);
/* The key of a row (an entity's key or a group's value; "" for "all"). */
const char *vdl_row_key(const vdl_result *r, const char *level, size_t row);
/* The value of a named column, parameter or rule at a row of its level.
 * Returns 0, or -1 for an unknown name or row.  Bools are 0/1; text values
 * are returned by vdl_text. */
int         vdl_value(const vdl_result *r, const char *name, size_t row, vdl_num *out);
const char *vdl_text(const vdl_result *r, const char *name, size_t row);
/* The level name of a named value ("all", the dataset, or a group level). */
const char *vdl_level_of(const vdl_result *r, const char *name);
/* How many of the rule file's outputs are at a level (named as for
 * vdl_rows) and, if `phase` is not NULL, belong to that phase (bonuses:
 * are paid at it); -1 for an unknown level. */
int         vdl_outputs_at(const vdl_result *r, const char *level, const char *phase);

/* --- many runs: sweeps --------------------------------------------------- */
/* A runner runs one law on one table many times, each time with other
 * values for a few parameters (`varied`; the others are fixed at creation).
 * The first run computes everything; each later run computes again only
 * the rules that depend on a varied parameter, in buffers it keeps.  The
 * result a run returns is the runner's: valid until its next run or
 * vdl_runner_free.  A runner is for one thread; several runners on one
 * program and table may run on several threads at once. */
vdl_runner *vdl_runner_new(const vdl_program *p, const vdl_data *data, int32_t date,
                           const vdl_setting *fixed, int nfixed,
                           const char *const *varied, int nvaried,
                           vdl_diags *d, vdl_status *st);
/* values[k] is the value of varied[k].  Returns the result, or NULL with
 * the diagnostic in d (a value not allowed for its parameter, or a
 * run-time error) and *st set. */
const vdl_result *vdl_runner_run(vdl_runner *r, const vdl_num *values,
                                 vdl_diags *d, vdl_status *st);
void        vdl_runner_free(vdl_runner *r);

/* A value located once by name and row (as for vdl_value), then read in
 * any result of the same program and table without a lookup. */
typedef struct { int slot; size_t row; int text; } vdl_ref;
int         vdl_ref_find(const vdl_result *r, const char *name, size_t row, vdl_ref *out);
/* 0, or -1 for a text value (read it with vdl_ref_text). */
int         vdl_ref_value(const vdl_result *r, vdl_ref ref, vdl_num *out);
const char *vdl_ref_text(const vdl_result *r, vdl_ref ref);

/* --- writing results ---------------------------------------------------- */
typedef enum { VDL_FMT_TEXT, VDL_FMT_CSV, VDL_FMT_JSON, VDL_FMT_MD } vdl_format;

typedef struct {
    vdl_format  format;
    const char *level;   /* one table only: a level's name, or NULL for all */
    const char *phase;   /* only the outputs and findings of a phase, or NULL */
} vdl_write_options;

/* Write the outputs the rule file lists: the entity table, each group
 * table, the one-value results, the findings of its criteria, and the
 * notes.  Returns 0, or -1 if `level` names no table or writing failed. */
int vdl_write(const vdl_result *r, const vdl_write_options *o, FILE *out);

/* --- comparing two runs ---------------------------------------------- */
typedef struct { const char *a, *b; } vdl_name_pair;

typedef struct {
    vdl_format           format;
    const vdl_name_pair *map;     /* outputs named differently in A and B */
    int                  nmap;
    int                  top;     /* movers shown each way (0: 10) */
    int                  summary; /* text/md: summaries only, no per-row tables */
    int                  changed_only; /* only rows whose value differs (diff) */
    size_t              *changed; /* if not NULL: gets the number of differing rows and findings */
    const char          *level;   /* only the outputs at this level (a level's name), or NULL */
    const char          *label_a; /* what to call the two runs (default "A" and "B") */
    const char          *label_b;
} vdl_compare_options;

/* Every numeric output A and B share (by name or through `map`), row by
 * row: A, B, difference, relative change; counts up, down and equal; the
 * sum of absolute changes; the largest movers; the bonuses' money; the
 * findings in only one of the two.  Returns VDL_OK, or VDL_EUSAGE (with a
 * diagnostic) when they share nothing to compare. */
vdl_status vdl_compare(const vdl_result *a, const vdl_result *b, const vdl_compare_options *o,
                       FILE *out, vdl_diags *d);

/* --- explaining one entity's results ------------------------------------ */
typedef struct {
    vdl_format         format;   /* text or json */
    const char        *entity;   /* the entity's key, e.g. "GM0363" */
    const char        *output;   /* one rule to explain, or NULL for every output */
    const char        *why_not;  /* a criterion: which condition failed, by how much */
    const vdl_setting *set;      /* the settings of the run, for the receipt */
    int                nset;
} vdl_explain_options;

/* The derivation of the entity's outputs step by step: each rule's value,
 * the inputs and aggregates it used (with group totals), the parameters in
 * force on the date, every rounding, every citation.  JSON carries a
 * receipt: hashes of the rule file and the data, the date, the settings and
 * the version.  Returns VDL_OK, or VDL_EUSAGE with a diagnostic. */
vdl_status vdl_explain(const vdl_result *r, const vdl_explain_options *o, FILE *out, vdl_diags *d);

/* The semantic diff of two versions of a rule file, run on the same data:
 * the rules compared as structure (parameters, columns, phases, rules,
 * bonuses, criteria, outputs added, removed or changed, before and after;
 * layout and comments are not a change), then the impact: the rows of
 * every output whose value changed, and the findings that appear or
 * disappear.  *differ is set when anything differs in meaning or results. */
vdl_status vdl_diff(const vdl_result *old_run, const vdl_result *new_run, const vdl_compare_options *o,
                    FILE *out, vdl_diags *d, int *differ);

/* --- the tests in a rule file ------------------------------------------- */
typedef struct {
    const vdl_source *data;     /* data for every test (a test's own `data` wins) */
    int               ndata;
    FILE             *junit;    /* if not NULL: <testsuite> elements written here */
} vdl_test_options;

/* Run the `test` blocks of a rule file and of the `.tests` file beside it:
 * a line per failed expectation (expected, got, the rule's citation), then
 * the file's counts and rule coverage (the rules no expectation depends
 * on).  The counts are added to *passed and *failed. */
vdl_status vdl_test(const vdl_program *p, const vdl_test_options *o, FILE *out, vdl_diags *d,
                    size_t *passed, size_t *failed);

/* --- the canonical layout ------------------------------------------------- */

/* The rule file in canonical layout, every comment kept.  Returns VDL_OK
 * with *text (free it with vdl_free), or an error status with a diagnostic
 * when the laid-out text would not mean exactly what the file means (it
 * is compiled and compared before it is returned). */
vdl_status vdl_fmt(const vdl_program *p, char **text, vdl_diags *d);
void       vdl_free(void *ptr);

/* Phases: how many, and the name of the i-th (declaration order). */
int         vdl_phase_count(const vdl_program *p);
const char *vdl_phase_name(const vdl_program *p, int i);
/* The number of findings (failed criterion rows) of a run, and the i-th:
 * the criterion, its level, the row's key ("" for all) and its citation
 * (strings owned by the result).  Returns 0, or -1 when i is out of range. */
size_t      vdl_finding_count(const vdl_result *r);
typedef struct { const char *criterion, *level, *key, *citation; } vdl_finding;
int         vdl_finding_get(const vdl_result *r, size_t i, vdl_finding *out);

#include "verdeel_data.h"
#include "verdeel_report.h"

#endif
