/* testrun.h: running the test blocks of a rule file (see testrun.c). */
#ifndef VDL_TESTRUN_H
#define VDL_TESTRUN_H
#include "internal.h"

/* Run every test of the program (and of the .tests file beside it); the
 * counts are added to *passed and *failed.  Returns a vdl_status. */
int tst_run(const vdl_program *vp, const vdl_test_options *o, FILE *out, vdl_diags *d,
            size_t *passed, size_t *failed);

#endif
