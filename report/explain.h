/* explain.h: the derivation of one entity's results (see explain.c). */
#ifndef VDL_EXPLAIN_H
#define VDL_EXPLAIN_H
#include "findings.h"

int xpl_write(const vdl_result *r, const vdl_explain_options *o, FILE *out, vdl_diags *d);

#endif
