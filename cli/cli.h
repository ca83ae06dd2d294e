/* cli.h: the command-line front end's shared pieces. */
#ifndef VDL_CLI_H
#define VDL_CLI_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "verdeel.h"

/* The inputs of one run: data files, a date, parameter settings. */
typedef struct {
    vdl_source  data[16];
    int         ndata;
    vdl_setting set[64];
    int         nset;
    const char *date;
} cli_side;

typedef struct {
    const char *rules;            /* the rule file */
    const char *rules_b;          /* compare: the second rule file, or NULL */
    cli_side    a;                /* --data, --date, --set */
    cli_side    b;                /* compare: --b-data, --b-date, --b-set */
    vdl_format  format;
    const char *level;
    const char *phase;
    const char *out;              /* -o FILE */
    vdl_name_pair map[32];        /* compare: --map A=B */
    int         nmap;
    int         top;              /* compare: --top N */
    bool        summary;          /* compare: --summary */
    const char *entity;           /* explain: --entity */
    const char *explain_output;   /* explain: --output NAME */
    const char *why_not;          /* explain: --why-not */
    const char *git_rev;          /* diff: --git REV */
    const char *junit;            /* test: --junit FILE */
    char        pool[4096];       /* the names split off NAME=VALUE options */
    size_t      npool;
} cli_opts;

/* Parse the options of a command that takes a rule file.  The options it
 * allows are named in `allow`: d --data, D --date, s --set, f --format,
 * l --level, o --output, p --phase; for compare: 2 a second rule file,
 * e --b-data, E --b-date, S --b-set, m --map, t --top, y --summary; for
 * explain: x --entity, O --output NAME (the rule), w --why-not, and -o /
 * --output-file for the file; for diff: g --git; for test: j --junit.
 * Returns 0, or VDL_EUSAGE after printing the problem. */
int  cli_parse(const char *cmd, int argc, char **argv, const char *allow, cli_opts *o);
int  cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write through `fn` to `path` atomically (a temp file renamed into
 * place), or to stdout when path is NULL.  Returns 0 or VDL_EOUTPUT. */
int  cli_write_atomic(const char *path, int (*fn)(FILE *, void *), void *arg);

/* Set by main from --allow-native or VERDEEL_ALLOW_NATIVE: rule files may
 * call native code through `extern`. */
extern bool cli_allow_native;
/* --max-steps (0: the library's default) and --max-memory, set by main. */
extern uint64_t cli_max_steps;
int cli_limit_memory(unsigned long long mb);

/* Compile a rule file (with the step limit, and native functions bound
 * when allowed); its diagnostics are printed.  NULL with *st on failure. */
vdl_program *cli_compile(const char *path, vdl_diags *d, vdl_status *st);

/* One run of p on sd's data, date and settings (for cmd, whose date option
 * is opt); NULL with *st and d set on failure. */
vdl_result *cli_run_side(const char *cmd, const char *opt, const vdl_program *p, const cli_side *sd,
                         vdl_data **data, vdl_diags *d, vdl_status *st);

int  cmd_run(int argc, char **argv);
int  cmd_check(int argc, char **argv);
int  cmd_disasm(int argc, char **argv);
int  cmd_compare(int argc, char **argv);
int  cmd_explain(int argc, char **argv);
int  cmd_diff(int argc, char **argv);
int  cmd_test(int argc, char **argv);
int  cmd_fmt(int argc, char **argv);
int  cmd_report(int argc, char **argv);
int  cmd_data(int argc, char **argv);
int  cmd_sweep(int argc, char **argv);

#endif
