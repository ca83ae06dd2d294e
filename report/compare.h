/* compare.h: two runs side by side (see compare.c). */
#ifndef VDL_COMPARE_H
#define VDL_COMPARE_H
#include "internal.h"

/* Write the comparison of `a` and `b`; problems (nothing to compare, a
 * --map that names nothing) go to `d`.  Returns a vdl_status. */
int cmp_write(const vdl_result *a, const vdl_result *b, const vdl_compare_options *o,
              FILE *out, vdl_diags *d);

#endif
