/* parse.h: the state shared by the scanner and the parser, and the entry
 * point that turns a source file into a syntax tree. */
#ifndef VDL_PARSE_H
#define VDL_PARSE_H
#include "ast.h"
#include "diag.h"

#define LEX_MAX_NESTING 256

struct parse_ctx {
    void           *scanner;     /* the flex scanner (yyscan_t) */
    const src_file *file;        /* borrowed */
    diag_list      *diags;       /* borrowed */
    ast_file       *out;         /* borrowed: the tree being built */
    char          **units;       /* unit names the scanner knows; owned */
    int             nunits;
    int             paren_depth;
};

/* Parse `f` into `out` (zeroed by the caller).  Diagnostics go to `diags`;
 * returns the number of errors.  The tree is usable (freeable) either way. */
int parse_file(const src_file *f, ast_file *out, diag_list *diags);

#endif
