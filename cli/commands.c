/* commands.c: `verdeel run`, `check` and `disasm`, on the public API only. */
#include "cli.h"

#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>

static const char run_help[] =
    "usage: verdeel run RULES [options]\n"
    "\n"
    "Run a rule file on its datasets and print every output.\n"
    "\n"
    "options:\n"
    "  --data [DATASET=]FILE  read a dataset from FILE instead of the file the rule\n"
    "                         file names (without DATASET: the main table)\n"
    "  --date YYYY-MM-DD      the date whose parameter values and sources apply\n"
    "                         (default: the law's `valid from` date)\n"
    "  --set NAME=VALUE       override a parameter\n"
    "  --format FORMAT        text (default), csv, json or md\n"
    "  --level LEVEL          write one table only: the dataset, a group level, all,\n"
    "                         or findings\n"
    "  --phase PHASE          only the results and findings of one phase\n"
    "  -o, --output FILE      write to FILE (complete or not at all) instead of stdout\n";

static const char check_help[] =
    "usage: verdeel check RULES\n"
    "\n"
    "Compile a rule file without running it and report every problem.\n";

static const char disasm_help[] =
    "usage: verdeel disasm RULES\n"
    "\n"
    "Print the bytecode a rule file compiles to, rule by rule, with source lines.\n";

static bool wants_help(int argc, char **argv, const char *text)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(text, stdout);
            return true;
        }
    return false;
}

vdl_program *cli_compile(const char *path, vdl_diags *d, vdl_status *st)
{
    vdl_program *p = vdl_compile_file(path, d, st);
    if (p) vdl_set_max_steps(p, cli_max_steps);
    if (p && cli_allow_native && vdl_extern_count(p) > 0 && (*st = vdl_bind_native(p, d)) != VDL_OK) {
        vdl_program_free(p);
        p = NULL;
    }
    vdl_diags_print(d, stderr);
    vdl_diags_clear(d);
    return p;
}

typedef struct { vdl_result *r; cli_opts *o; } run_out;

static bool has_phase(const vdl_program *p, const char *name)
{
    for (int i = 0; i < vdl_phase_count(p); i++)
        if (strcmp(vdl_phase_name(p, i), name) == 0) return true;
    return false;
}

static int write_results(FILE *f, void *arg)
{
    run_out *ro = arg;
    vdl_write_options wo = { ro->o->format, ro->o->level, ro->o->phase };
    return vdl_write(ro->r, &wo, f) == 0 ? 0 : VDL_EOUTPUT;
}

/* One run: the date (from --date or the law), the data, the results.  On
 * failure *st says why and the diagnostics are in d. */
vdl_result *cli_run_side(const char *cmd, const char *opt, const vdl_program *p, const cli_side *sd,
                         vdl_data **data, vdl_diags *d, vdl_status *st)
{
    int32_t date = vdl_default_date(p);
    if (sd->date && vdl_parse_date(sd->date, &date) != 0) {
        *st = (vdl_status)cli_usage_error(cmd, "%s %s: not a date (YYYY-MM-DD)", opt, sd->date);
        return NULL;
    }
    if (!date) {
        *st = (vdl_status)cli_usage_error(cmd, "the rule file has no `valid from` date: give %s YYYY-MM-DD", opt);
        return NULL;
    }
    *data = vdl_load(p, date, sd->data, sd->ndata, d, st);
    if (!*data) return NULL;
    return vdl_run(p, *data, date, sd->set, sd->nset, d, st);
}

int cmd_run(int argc, char **argv)
{
    if (wants_help(argc, argv, run_help)) return 0;
    cli_opts o;
    int rc = cli_parse("run", argc, argv, "dDsflop", &o);
    if (rc) return rc;
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *p = cli_compile(o.rules, d, &st);
    vdl_data *data = NULL;
    vdl_result *r = NULL;
    if (!p) goto out;
    r = cli_run_side("run", "--date", p, &o.a, &data, d, &st);
    if (!r) goto out;
    if (o.phase && !has_phase(p, o.phase)) {
        st = (vdl_status)cli_usage_error("run", "--phase %s: the rule file has no such phase", o.phase);
        goto out;
    }
    if (o.level && strcmp(o.level, "findings") != 0 && vdl_outputs_at(r, o.level, o.phase) <= 0) {
        int n = vdl_outputs_at(r, o.level, NULL);
        st = (vdl_status)cli_usage_error("run", n < 0 ? "--level %s: no such level"
                                         : n == 0 ? "--level %s: the rule file has no outputs at this level"
                                                  : "--level %s: the phase has no outputs at this level", o.level);
        goto out;
    }
    run_out ro = { r, &o };
    st = (vdl_status)cli_write_atomic(o.out, write_results, &ro);
out:
    vdl_diags_print(d, stderr);
    vdl_result_free(r);
    vdl_data_free(data);
    vdl_program_free(p);
    vdl_diags_free(d);
    return (int)st;
}

static const char compare_help[] =
    "usage: verdeel compare A.vdl [B.vdl] [options]\n"
    "\n"
    "Run two laws on the same data (or one law twice, with B's options) and\n"
    "show, for every numeric output both have, each row under A and B, the\n"
    "difference and the change; how many rows go up, down or stay; the largest\n"
    "movers; the bonuses' money; the findings in only one of the two.\n"
    "\n"
    "options:\n"
    "  --data [DATASET=]FILE    --date YYYY-MM-DD    --set NAME=VALUE\n"
    "                         for both runs, as for `verdeel run`\n"
    "  --b-data [DATASET=]FILE  --b-date YYYY-MM-DD  --b-set NAME=VALUE\n"
    "                         for run B only (without B.vdl: A's law again)\n"
    "  --map NAME_A=NAME_B    compare differently named outputs\n"
    "  --top N                movers shown each way (default 10)\n"
    "  --summary              summaries and movers only, no row tables, findings\n"
    "                         counted per criterion\n"
    "  --level LEVEL          only the outputs at one level (e.g. provincie)\n"
    "  --format FORMAT        text (default), csv, json or md\n"
    "  -o, --output FILE      write to FILE (complete or not at all)\n";

typedef struct { vdl_result *a, *b; cli_opts *o; vdl_diags *d; } cmp_out;

static int write_compare(FILE *f, void *arg)
{
    cmp_out *co = arg;
    vdl_compare_options opt = { .format = co->o->format, .map = co->o->map, .nmap = co->o->nmap,
                                .top = co->o->top, .summary = co->o->summary, .level = co->o->level };
    return (int)vdl_compare(co->a, co->b, &opt, f, co->d);
}

/* B's inputs: A's, with the --b-* options on top. */
static void side_b(const cli_opts *o, cli_side *b)
{
    *b = o->a;
    if (o->b.date) b->date = o->b.date;
    for (int i = 0; i < o->b.ndata; i++) {
        int k = 0;
        while (k < b->ndata && !((!b->data[k].dataset && !o->b.data[i].dataset) ||
                                 (b->data[k].dataset && o->b.data[i].dataset &&
                                  strcmp(b->data[k].dataset, o->b.data[i].dataset) == 0)))
            k++;
        if (k == b->ndata && b->ndata < 16) b->ndata++;
        if (k < 16) b->data[k] = o->b.data[i];
    }
    for (int i = 0; i < o->b.nset && b->nset < 64; i++) b->set[b->nset++] = o->b.set[i];
}

int cmd_compare(int argc, char **argv)
{
    if (wants_help(argc, argv, compare_help)) return 0;
    cli_opts o;
    int rc = cli_parse("compare", argc, argv, "dDsfo2eESmtyl", &o);
    if (rc) return rc;
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *pa = cli_compile(o.rules, d, &st), *pb = NULL;
    vdl_data *da = NULL, *db = NULL;
    vdl_result *ra = NULL, *rb = NULL;
    if (!pa) goto out;
    if (o.rules_b && !(pb = cli_compile(o.rules_b, d, &st))) goto out;
    cli_side b;
    side_b(&o, &b);
    if (!(ra = cli_run_side("compare", "--date", pa, &o.a, &da, d, &st))) goto out;
    if (!(rb = cli_run_side("compare", "--b-date", pb ? pb : pa, &b, &db, d, &st))) goto out;
    cmp_out co = { ra, rb, &o, d };
    st = (vdl_status)cli_write_atomic(o.out, write_compare, &co);
out:
    vdl_diags_print(d, stderr);
    vdl_result_free(ra);
    vdl_result_free(rb);
    vdl_data_free(da);
    vdl_data_free(db);
    vdl_program_free(pa);
    vdl_program_free(pb);
    vdl_diags_free(d);
    return (int)st;
}

static const char explain_help[] =
    "usage: verdeel explain RULES --entity KEY [options]\n"
    "\n"
    "Show how one entity's results are derived, step by step: each rule's value,\n"
    "the inputs, parameters and group totals it used, every rounding, and the\n"
    "article of every step.\n"
    "\n"
    "options:\n"
    "  --entity KEY           the entity, e.g. GM0363 (required)\n"
    "  --output NAME          explain one rule (default: every output)\n"
    "  --why-not CRITERION    which condition of a criterion failed, and by how much\n"
    "  --data [DATASET=]FILE  --date YYYY-MM-DD  --set NAME=VALUE   as for run\n"
    "  --format FORMAT        text (default) or json (with a receipt: hashes of\n"
    "                         the rule file and the data, date, settings, version)\n"
    "  -o, --output-file FILE write to FILE (complete or not at all)\n";

typedef struct { vdl_result *r; vdl_explain_options *o; vdl_diags *d; } xpl_out;

static int write_explain(FILE *f, void *arg)
{
    xpl_out *xo = arg;
    return (int)vdl_explain(xo->r, xo->o, f, xo->d);
}

int cmd_explain(int argc, char **argv)
{
    if (wants_help(argc, argv, explain_help)) return 0;
    cli_opts o;
    int rc = cli_parse("explain", argc, argv, "dDsfoxOw", &o);
    if (rc) return rc;
    if (!o.entity) return cli_usage_error("explain", "--entity KEY is required");
    if (o.format == VDL_FMT_CSV || o.format == VDL_FMT_MD)
        return cli_usage_error("explain", "--format is text or json");
    if (o.explain_output && o.why_not) return cli_usage_error("explain", "--output and --why-not exclude each other");
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *p = cli_compile(o.rules, d, &st);
    vdl_data *data = NULL;
    vdl_result *r = NULL;
    if (!p) goto out;
    if (!(r = cli_run_side("explain", "--date", p, &o.a, &data, d, &st))) goto out;
    vdl_explain_options xo = { o.format, o.entity, o.explain_output, o.why_not, o.a.set, o.a.nset };
    xpl_out w = { r, &xo, d };
    st = (vdl_status)cli_write_atomic(o.out, write_explain, &w);
out:
    vdl_diags_print(d, stderr);
    vdl_result_free(r);
    vdl_data_free(data);
    vdl_program_free(p);
    vdl_diags_free(d);
    return (int)st;
}

static const char diff_help[] =
    "usage: verdeel diff OLD.vdl NEW.vdl [options]\n"
    "       verdeel diff --git REV FILE.vdl [options]\n"
    "\n"
    "What a change to a rule file changes: the rules compared as structure\n"
    "(parameters, columns, phases, rules, bonuses, criteria, outputs added,\n"
    "removed or changed, before and after; layout and comments alone are no\n"
    "change in meaning), and the impact: both versions run on the same data,\n"
    "the rows of every output whose value changed, and findings that appear\n"
    "or disappear.  Exit status as diff(1): 0 no difference, 1 differences,\n"
    "2 or more an error.\n"
    "\n"
    "options:\n"
    "  --git REV              compare FILE.vdl with its version at git revision REV\n"
    "  --data [DATASET=]FILE  --date YYYY-MM-DD  --set NAME=VALUE   for both runs\n"
    "  --format FORMAT        text (default), md (for a pull request) or json\n"
    "  --summary              impact: summaries and largest movers, no row tables\n"
    "  --level LEVEL          impact: only the outputs at one level\n"
    "  --top N                movers shown each way (default 10)\n"
    "  -o, --output FILE      write to FILE (complete or not at all)\n"
    "\n"
    "As a git diff driver: git config diff.verdeel.command 'verdeel diff'\n"
    "and in .gitattributes: *.vdl diff=verdeel\n";

typedef struct { vdl_result *a, *b; cli_opts *o; vdl_diags *d; int differ; } dff_out;

static int write_diff(FILE *f, void *arg)
{
    dff_out *w = arg;
    vdl_compare_options opt = { .format = w->o->format, .top = w->o->top, .summary = w->o->summary,
                                .level = w->o->level };
    return (int)vdl_diff(w->a, w->b, &opt, f, w->d, &w->differ);
}

/* The bytes of a file, or of `git show REV:./FILE`; NULL after a message. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); return NULL; }
            buf = nb;
            cap *= 2;
        }
    }
    *len = n;
    return buf;
}

static char *git_show(const char *rev, const char *file, size_t *len)
{
    for (const char *c = rev; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || strchr("~^._-/@{}", *c))) {
            fprintf(stderr, "verdeel: error: --git %s: not a revision\n", rev);
            return NULL;
        }
    char cmd[4096];
    if (snprintf(cmd, sizeof cmd, "git show '%s:./%s' 2>/dev/null", rev, file) >= (int)sizeof cmd || strchr(file, '\'')) {
        fprintf(stderr, "verdeel: error: --git: file name not usable\n");
        return NULL;
    }
    FILE *p = popen(cmd, "r");
    if (!p) { fprintf(stderr, "verdeel: error: cannot run git\n"); return NULL; }
    char *text = read_all(p, len);
    int rc = pclose(p);
    if (rc != 0 || !text) {
        fprintf(stderr, "verdeel: error: git has no %s at revision %s\n", file, rev);
        free(text);
        return NULL;
    }
    return text;
}

/* Compile a version kept in memory under a display name whose folder is
 * the real file's, so that its datasets resolve as the file's would. */
static vdl_program *compile_text(const char *name, char *text, size_t len, vdl_diags *d, vdl_status *st)
{
    vdl_program *p = vdl_compile_string(name, text, len, d, st);
    free(text);
    vdl_diags_print(d, stderr);
    vdl_diags_clear(d);
    return p;
}

int cmd_diff(int argc, char **argv)
{
    if (wants_help(argc, argv, diff_help)) return 0;
    /* git's external diff driver: path old-file old-hex old-mode new-file new-hex new-mode */
    bool driver = argc == 8 && argv[1][0] != '-';
    cli_opts o;
    int rc = driver ? (memset(&o, 0, sizeof o), 0) : cli_parse("diff", argc, argv, "dDsfo2gtyl", &o);
    if (rc) return rc;
    if (!driver && !o.git_rev && !o.rules_b) return cli_usage_error("diff", "give OLD.vdl and NEW.vdl, or --git REV FILE.vdl");
    if (o.git_rev && o.rules_b) return cli_usage_error("diff", "--git takes one rule file");
    vdl_diags *d = vdl_diags_new();
    vdl_status st = VDL_OK;
    vdl_program *pa = NULL, *pb = NULL;
    vdl_data *da = NULL, *db = NULL;
    vdl_result *ra = NULL, *rb = NULL;
    dff_out w = { NULL, NULL, &o, d, 0 };
    char name[4200];
    if (driver) {
        size_t len;
        FILE *f = strcmp(argv[2], "/dev/null") == 0 ? NULL : fopen(argv[2], "rb");
        char *text = f ? read_all(f, &len) : NULL;
        if (f) fclose(f);
        if (!text) { fprintf(stderr, "verdeel: error: diff: no old version of %s\n", argv[1]); st = VDL_EIO; goto out; }
        snprintf(name, sizeof name, "%s (old)", argv[1]);
        if (!(pa = compile_text(name, text, len, d, &st))) goto out;
        f = fopen(argv[5], "rb");
        text = f ? read_all(f, &len) : NULL;
        if (f) fclose(f);
        if (!text) { fprintf(stderr, "verdeel: error: diff: no new version of %s\n", argv[1]); st = VDL_EIO; goto out; }
        if (!(pb = compile_text(argv[1], text, len, d, &st))) goto out;
    } else if (o.git_rev) {
        size_t len;
        char *text = git_show(o.git_rev, o.rules, &len);
        if (!text) { st = VDL_EIO; goto out; }
        snprintf(name, sizeof name, "%s@%s", o.rules, o.git_rev);
        for (char *c = name + strlen(o.rules); *c; c++) if (*c == '/') *c = '%';
        if (!(pa = compile_text(name, text, len, d, &st))) goto out;
        if (!(pb = cli_compile(o.rules, d, &st))) goto out;
    } else {
        if (!(pa = cli_compile(o.rules, d, &st))) goto out;
        if (!(pb = cli_compile(o.rules_b, d, &st))) goto out;
    }
    if (!(ra = cli_run_side("diff", "--date", pa, &o.a, &da, d, &st))) goto out;
    if (!(rb = cli_run_side("diff", "--date", pb, &o.a, &db, d, &st))) goto out;
    w.a = ra;
    w.b = rb;
    st = (vdl_status)cli_write_atomic(driver ? NULL : o.out, write_diff, &w);
out:
    vdl_diags_print(d, stderr);
    vdl_result_free(ra);
    vdl_result_free(rb);
    vdl_data_free(da);
    vdl_data_free(db);
    vdl_program_free(pa);
    vdl_program_free(pb);
    vdl_diags_free(d);
    if (st != VDL_OK) return st == VDL_EUSAGE ? 2 : (int)st;
    /* as diff(1); git's driver protocol wants 0 unless the driver failed */
    return driver ? 0 : w.differ ? 1 : 0;
}

static const char test_help[] =
    "usage: verdeel test [RULES...] [options]\n"
    "\n"
    "Run the test blocks of rule files (and of the RULES.tests file beside\n"
    "each): every failed expectation with the expected and the actual value\n"
    "and the citation of its rule, each file's rule coverage, and a last line\n"
    "N passed, M failed.  Without RULES: every rules/*.vdl.  Exit 1 when a test\n"
    "fails.\n"
    "\n"
    "options:\n"
    "  --data [DATASET=]FILE  data for every test (a test's own `data` wins)\n"
    "  --junit FILE           also write the results as JUnit XML\n";

int cmd_test(int argc, char **argv)
{
    if (wants_help(argc, argv, test_help)) return 0;
    /* several rule files: take the options from a copy without them */
    char *files[256];
    int nfiles = 0, nrest = 1;
    char *rest[512];
    rest[0] = argv[0];
    for (int i = 1; i < argc && nrest < 511; i++) {
        bool takes = strcmp(argv[i], "--data") == 0 || strcmp(argv[i], "--junit") == 0;
        if (argv[i][0] != '-' && nfiles < 256) { files[nfiles++] = argv[i]; continue; }
        rest[nrest++] = argv[i];
        if (takes && i + 1 < argc) rest[nrest++] = argv[++i];
    }
    rest[nrest++] = (char *)"-";   /* cli_parse needs a rule file; "-" stands in */
    cli_opts o;
    int rc = cli_parse("test", nrest, rest, "dj", &o);
    if (rc) return rc;
    glob_t g;
    memset(&g, 0, sizeof g);
    if (nfiles == 0) {
        if (glob("rules/*.vdl", 0, NULL, &g) != 0 || g.gl_pathc == 0) {
            globfree(&g);
            return cli_usage_error("test", "no rule files given, and no rules/*.vdl here");
        }
        for (size_t i = 0; i < g.gl_pathc && nfiles < 256; i++) files[nfiles++] = g.gl_pathv[i];
    }
    FILE *junit = NULL;
    if (o.junit) {
        junit = fopen(o.junit, "w");
        if (!junit) {
            fprintf(stderr, "verdeel: error: cannot write '%s': %s\n", o.junit, strerror(errno));
            globfree(&g);
            return VDL_EOUTPUT;
        }
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", junit);
    }
    size_t passed = 0, failed = 0;
    int worst = VDL_OK;
    vdl_diags *d = vdl_diags_new();
    for (int i = 0; i < nfiles; i++) {
        vdl_status st;
        vdl_program *p = cli_compile(files[i], d, &st);
        if (!p) { worst = st; continue; }
        vdl_test_options to = { o.a.data, o.a.ndata, junit };
        st = vdl_test(p, &to, stdout, d, &passed, &failed);
        vdl_diags_print(d, stderr);
        vdl_diags_clear(d);
        if (st != VDL_OK) worst = st;
        vdl_program_free(p);
    }
    vdl_diags_free(d);
    globfree(&g);
    if (junit) {
        fputs("</testsuites>\n", junit);
        if (fclose(junit) != 0) worst = VDL_EOUTPUT;
    }
    printf("%zu passed, %zu failed\n", passed, failed);
    if (worst != VDL_OK) return worst;
    return failed ? 1 : 0;
}

static const char fmt_help[] =
    "usage: verdeel fmt [-w | --check] RULES...\n"
    "\n"
    "Print rule files in the canonical layout, every comment kept.  Formatting\n"
    "never changes meaning: the result is compiled and compared with the file,\n"
    "and refused if it differs.\n"
    "\n"
    "options:\n"
    "  -w, --write            rewrite the files in place (complete or not at all)\n"
    "  --check                print the files that are not formatted; exit 1 if any\n";

typedef struct { const char *text; } fmt_out;

static int write_text(FILE *f, void *arg)
{
    fputs(((fmt_out *)arg)->text, f);
    return 0;
}

int cmd_fmt(int argc, char **argv)
{
    if (wants_help(argc, argv, fmt_help)) return 0;
    bool write = false, check = false;
    char *files[256];
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-w") == 0 || strcmp(argv[i], "--write") == 0) write = true;
        else if (strcmp(argv[i], "--check") == 0) check = true;
        else if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error("fmt", "unknown option '%s'", argv[i]);
        else if (nfiles < 256) files[nfiles++] = argv[i];
        else return cli_usage_error("fmt", "at most 256 files at once");
    }
    if (!nfiles) return cli_usage_error("fmt", "no rule file given");
    if (write && check) return cli_usage_error("fmt", "-w and --check exclude each other");
    int worst = VDL_OK, unformatted = 0;
    vdl_diags *d = vdl_diags_new();
    for (int i = 0; i < nfiles; i++) {
        vdl_status st;
        vdl_program *p = cli_compile(files[i], d, &st);
        if (!p) { worst = st; continue; }
        char *text = NULL;
        st = vdl_fmt(p, &text, d);
        vdl_diags_print(d, stderr);
        vdl_diags_clear(d);
        if (st != VDL_OK) { worst = st; vdl_program_free(p); continue; }
        FILE *f = fopen(files[i], "rb");
        size_t len = 0;
        char *orig = f ? read_all(f, &len) : NULL;
        if (f) fclose(f);
        bool differs = !orig || len != strlen(text) || memcmp(orig, text, len) != 0;
        free(orig);
        if (check) {
            if (differs) { printf("%s\n", files[i]); unformatted++; }
        } else if (write) {
            fmt_out fo = { text };
            if (differs && (st = (vdl_status)cli_write_atomic(files[i], write_text, &fo)) != VDL_OK) worst = st;
        } else {
            fputs(text, stdout);
        }
        vdl_free(text);
        vdl_program_free(p);
    }
    vdl_diags_free(d);
    if (worst != VDL_OK) return worst;
    return unformatted ? 1 : 0;
}

/* check and disasm: compile one rule file, then act on the program. */
static int compile_only(const char *cmd, const char *help, int argc, char **argv,
                        void (*act)(const char *, vdl_program *))
{
    if (wants_help(argc, argv, help)) return 0;
    cli_opts o;
    int rc = cli_parse(cmd, argc, argv, "", &o);
    if (rc) return rc;
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *p = cli_compile(o.rules, d, &st);
    if (p) act(o.rules, p);
    vdl_program_free(p);
    vdl_diags_free(d);
    return (int)st;
}

static void say_ok(const char *path, vdl_program *p)
{
    printf("%s: ok\n", path);
    for (int i = 0; i < vdl_extern_count(p); i++)
        printf("  needs native code: %s from %s (%s)\n", vdl_extern_name(p, i), vdl_extern_library(p, i),
               vdl_extern_bound(p, i) ? "loaded" : "not allowed: --allow-native");
}
static void print_disasm(const char *path, vdl_program *p) { (void)path; vdl_disasm(p, stdout); }

int cmd_check(int argc, char **argv) { return compile_only("check", check_help, argc, argv, say_ok); }
int cmd_disasm(int argc, char **argv) { return compile_only("disasm", disasm_help, argc, argv, print_disasm); }
