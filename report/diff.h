/* diff.h: the semantic diff of two versions of a rule file (see diff.c). */
#ifndef VDL_DIFF_H
#define VDL_DIFF_H
#include "internal.h"

int dff_write(const vdl_result *a, const vdl_result *b, const vdl_compare_options *o, FILE *out,
              vdl_diags *d, bool *differ);

#endif
