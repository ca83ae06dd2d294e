/* cli.h: the command-line front end's shared pieces. */
#ifndef VDL_CLI_H
#define VDL_CLI_H
#include <stdbool.h>
#include <stdio.h>
#include "verdeel.h"

typedef struct {
    const char *rules;            /* the rule file */
    vdl_source  data[16];
    int         ndata;
    vdl_setting set[64];
    int         nset;
    const char *date;
    vdl_format  format;
    const char *level;
    const char *out;              /* -o FILE */
    const char *phase;
} cli_opts;

/* Parse the options of a command that takes a rule file; the allowed
 * options are named in `allow` ("dDsflop": data, date, set, format, level,
 * output, phase).  Returns 0, or VDL_EUSAGE after printing the problem. */
int  cli_parse(const char *cmd, int argc, char **argv, const char *allow, cli_opts *o);
int  cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write through `fn` to `path` atomically (a temp file renamed into
 * place), or to stdout when path is NULL.  Returns 0 or VDL_EOUTPUT. */
int  cli_write_atomic(const char *path, int (*fn)(FILE *, void *), void *arg);

int  cmd_run(int argc, char **argv);
int  cmd_check(int argc, char **argv);
int  cmd_disasm(int argc, char **argv);

#endif
