/* unit.h: a minimal harness for the C unit tests.
 *
 * Each test file defines static test functions and lists them in main()
 * with UNIT_RUN.  CHECK records a failure with file:line and goes on, so one
 * run shows every broken case.  The binary prints one line per failed check,
 * then "<file>: N passed, M failed" and exits 1 when anything failed. */
#ifndef VDL_UNIT_H
#define VDL_UNIT_H
#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed, unit_cur_failed;

#define CHECK(cond) do { if (!(cond)) { unit_cur_failed++; \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)

#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); \
    if (strcmp(g_, w_) != 0) { unit_cur_failed++; \
    fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, g_, w_); } } while (0)

#define UNIT_RUN(fn) do { unit_cur_failed = 0; fn(); \
    if (unit_cur_failed) { unit_failed++; fprintf(stderr, "FAIL %s\n", #fn); } \
    else unit_passed++; } while (0)

#define UNIT_DONE(name) (printf("%s: %d passed, %d failed\n", (name), \
    unit_passed, unit_failed), unit_failed ? 1 : 0)

#endif
