/* main.c: `verdeel COMMAND ...`: dispatch to a command. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* --max-memory: the address-space limit of the process, in megabytes.  A
 * run past it ends as out of memory (status 71), never half-done. */
int cli_limit_memory(unsigned long long mb)
{
    struct rlimit rl;
    if (mb > (unsigned long long)(RLIM_INFINITY / (1024 * 1024))) return -1;
    rl.rlim_cur = rl.rlim_max = (rlim_t)(mb * 1024 * 1024);
    return setrlimit(RLIMIT_AS, &rl);
}

/* Without --max-memory a run may use at most the machine's physical memory
 * (as a soft limit, lower only): a runaway rule file then ends as out of
 * memory instead of driving the machine into swap.  Not under
 * AddressSanitizer or ThreadSanitizer, whose shadow memory is address space
 * of their own. */
static void default_memory_limit(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return;
#else
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    struct rlimit rl;
    if (pages <= 0 || size <= 0 || getrlimit(RLIMIT_AS, &rl) != 0) return;
    rlim_t phys = (rlim_t)pages * (rlim_t)size;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur <= phys) return;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < phys) return;
    rl.rlim_cur = phys;
    setrlimit(RLIMIT_AS, &rl);
#endif
}

static const char usage[] =
    "usage: verdeel COMMAND [ARGS]\n"
    "\n"
    "verdeel runs distribution law written as rules (*.vdl) on municipality data.\n"
    "\n"
    "commands:\n"
    "  run RULES       run a rule file and print its results\n"
    "  check RULES     compile a rule file and report every problem\n"
    "  compare A [B]   run two laws (or one law twice) and show what differs\n"
    "  sweep RULES     run a law over many scenarios (--vary BO=50000..150000:1000)\n"
    "  explain RULES   show how one entity's results are derived, step by step\n"
    "  report RULES    write an HTML report with a map and charts (-o FILE)\n"
    "  diff OLD NEW    what a rule change changes: in the rules and in the results\n"
    "  test [RULES]    run the test blocks of rule files, with rule coverage\n"
    "  fmt RULES       print rule files in the canonical layout (-w: rewrite them)\n"
    "  data ...        inspect, check and convert tables\n"
    "  disasm RULES    print the bytecode a rule file compiles to\n"
    "\n"
    "--allow-native (or VERDEEL_ALLOW_NATIVE=1) lets rule files call native code\n"
    "through `extern`.  --max-steps N bounds a run's steps (default 10^11);\n"
    "--max-memory MB bounds the process's memory (default: the physical memory).\n"
    "\n"
    "'verdeel COMMAND --help' describes a command.  Exit status: 0 ok, 2 usage,\n"
    "65 rule-file error, 66 data error, 70 run-time error, 71 out of memory,\n"
    "73 output error, 74 input error.\n";

bool cli_allow_native;
uint64_t cli_max_steps;

int main(int argc, char **argv)
{
    /* --allow-native may stand anywhere; it is taken out before the
     * command sees its arguments */
    default_memory_limit();
    int k = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--allow-native") == 0) { cli_allow_native = true; continue; }
        if (strcmp(argv[i], "--max-steps") == 0 || strcmp(argv[i], "--max-memory") == 0) {
            char *end = NULL;
            unsigned long long n = i + 1 < argc ? strtoull(argv[i + 1], &end, 10) : 0;
            if (i + 1 >= argc || !end || *end || n == 0 || argv[i + 1][0] == '-') {
                fprintf(stderr, "verdeel: error: %s needs a positive whole number\n", argv[i]);
                return VDL_EUSAGE;
            }
            if (argv[i][6] == 's') cli_max_steps = n;
            else if (cli_limit_memory(n) != 0) {
                fprintf(stderr, "verdeel: error: --max-memory %llu: cannot set the limit\n", n);
                return VDL_EUSAGE;
            }
            i++;
            continue;
        }
        argv[k++] = argv[i];
    }
    argc = k;
    argv[argc] = NULL;
    const char *env = getenv("VERDEEL_ALLOW_NATIVE");
    if (env && *env && strcmp(env, "0") != 0) cli_allow_native = true;
    if (argc < 2) {
        fputs(usage, stderr);
        return VDL_EUSAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("verdeel %s\n", VDL_VERSION);
        return 0;
    }
    if (strcmp(cmd, "run") == 0) return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0) return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "disasm") == 0) return cmd_disasm(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0) return cmd_compare(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0) return cmd_explain(argc - 1, argv + 1);
    if (strcmp(cmd, "diff") == 0) return cmd_diff(argc - 1, argv + 1);
    if (strcmp(cmd, "test") == 0) return cmd_test(argc - 1, argv + 1);
    if (strcmp(cmd, "fmt") == 0) return cmd_fmt(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0) return cmd_report(argc - 1, argv + 1);
    if (strcmp(cmd, "data") == 0) return cmd_data(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0) return cmd_sweep(argc - 1, argv + 1);
    fprintf(stderr, "verdeel: error: unknown command '%s'\n    hint: see 'verdeel --help'\n", cmd);
    return VDL_EUSAGE;
}
