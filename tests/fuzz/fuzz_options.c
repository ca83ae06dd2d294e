/* fuzz_options.c: libFuzzer harness for the command-line options
 * (cli/options.c, cli_parse).
 *
 * The input bytes, split on NUL bytes, are the arguments after the
 * command name (at most 31 of them; argv[0] is the command).  Each is
 * parsed with the option set of every command (the `allow` strings of
 * cli/commands.c: run, compare, explain, diff, check and disasm), and with
 * every option allowed, and on success every string the options point at
 * is read: they must lie in argv or in the options' own pool.
 *
 * cli_parse prints usage errors to stderr.  The `stderr` stream is pointed
 * at /dev/null once at startup (glibc documents stdin/stdout/stderr as
 * assignable variables).  Not freopen: that would reopen file descriptor 2
 * itself, which libFuzzer's own stats and the sanitizers' reports also
 * write to (libFuzzer keeps the original FILE and ASan writes fd 2). */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static const struct { const char *cmd, *allow; } commands[] = {
    { "run", "dDsflop" },
    { "compare", "dDsfo2eESmty" },
    { "explain", "dDsfoxOw" },
    { "diff", "dDsfo2g" },
    { "check", "" },
    { "disasm", "" },
    { "every", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    FILE *null = fopen("/dev/null", "w");
    if (!null) abort();
    fflush(stderr);
    stderr = null;
    return 0;
}

static void touch(const char *s)
{
    if (s) sink += strlen(s);
}

static void touch_side(const cli_side *s)
{
    CHECK(s->ndata >= 0 && s->ndata <= 16);
    CHECK(s->nset >= 0 && s->nset <= 64);
    for (int i = 0; i < s->ndata; i++) {
        touch(s->data[i].dataset);
        CHECK(s->data[i].path != NULL && *s->data[i].path);
        touch(s->data[i].path);
    }
    for (int i = 0; i < s->nset; i++) {
        CHECK(s->set[i].name && *s->set[i].name && s->set[i].value && *s->set[i].value);
        touch(s->set[i].name);
        touch(s->set[i].value);
    }
    touch(s->date);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The arguments, each in its own allocation so ASan sees reads past
     * an argument's terminator. */
    char *argv[33];
    int argc = 1;
    size_t start = 0;
    for (size_t i = 0; i <= size && argc < 32; i++) {
        if (i == size || data[i] == 0) {
            if (i == size && i == start && (argc > 1 || size == 0)) break;   /* a trailing NUL ends the list */
            size_t n = i - start;
            char *a = malloc(n + 1);
            if (!a) abort();
            memcpy(a, data + start, n);
            a[n] = '\0';
            argv[argc++] = a;
            start = i + 1;
        }
    }
    argv[argc] = NULL;

    static cli_opts o;
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        char cmd0[16];
        strcpy(cmd0, commands[c].cmd);
        argv[0] = cmd0;
        int rc = cli_parse(commands[c].cmd, argc, argv, commands[c].allow, &o);
        CHECK(rc == 0 || rc == VDL_EUSAGE);
        if (rc) continue;
        CHECK(o.rules != NULL);
        touch(o.rules);
        touch(o.rules_b);
        touch_side(&o.a);
        touch_side(&o.b);
        CHECK((int)o.format >= 0 && (int)o.format <= 3);
        touch(o.level);
        touch(o.phase);
        touch(o.out);
        touch(o.entity);
        touch(o.explain_output);
        touch(o.why_not);
        touch(o.git_rev);
        CHECK(o.nmap >= 0 && o.nmap <= 32);
        for (int i = 0; i < o.nmap; i++) { touch(o.map[i].a); touch(o.map[i].b); }
        CHECK(o.top >= 0 && o.top <= 1000);
        CHECK(o.npool <= sizeof o.pool);
        if (!strchr(commands[c].allow, '2')) CHECK(o.rules_b == NULL);
    }
    for (int i = 1; i < argc; i++) free(argv[i]);
    return 0;
}
