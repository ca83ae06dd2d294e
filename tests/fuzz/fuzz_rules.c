/* fuzz_rules.c: libFuzzer harness for the compiler.
 *
 * The input bytes are the text of a rule file: vdl_compile_string scans,
 * parses, checks and compiles it.  Every diagnostic is rendered (message,
 * source line, caret, hint) to /dev/null, every message is read, and
 * everything is freed, so LeakSanitizer sees what the compiler leaks on
 * any path. */
#include "verdeel.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static FILE *devnull;
static volatile size_t sink;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    devnull = fopen("/dev/null", "w");
    if (!devnull) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vdl_diags *d = vdl_diags_new();
    vdl_status st = VDL_OK;
    vdl_program *p = vdl_compile_string("fuzz.vdl", (const char *)data, size, d, &st);

    /* The API's contract: a program and OK, or no program, ERULES and an error. */
    if (p) {
        CHECK(st == VDL_OK);
        CHECK(vdl_diags_errors(d) == 0);
        sink += (size_t)vdl_default_date(p) + (size_t)vdl_phase_count(p);
    } else {
        CHECK(st == VDL_ERULES);
        CHECK(vdl_diags_errors(d) > 0);
    }
    size_t n = vdl_diags_count(d);
    CHECK(vdl_diags_errors(d) <= n);
    for (size_t i = 0; i < n; i++) {
        const char *m = vdl_diags_message(d, i);
        CHECK(m != NULL);
        sink += strlen(m);
    }
    CHECK(vdl_diags_message(d, n) == NULL);
    vdl_diags_print(d, devnull);

    vdl_program_free(p);
    vdl_diags_free(d);
    return 0;
}
