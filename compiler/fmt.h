/* fmt.h: the canonical layout of a rule file (see fmt.c). */
#ifndef VDL_FMT_H
#define VDL_FMT_H
#include <stdarg.h>
#include "ast.h"
#include "program.h"

/* The file's text in canonical layout, with every comment; the caller
 * frees it.  `a` is the tree parsed from `f`. */
char *fmt_text(const ast_file *a, const src_file *f);

/* Do two programs mean the same: the same bytecode and constants, the same
 * parameters, datasets, columns, phases, outputs, citations and tests? */
bool fmt_same(const prog_t *x, const prog_t *y);

#endif
