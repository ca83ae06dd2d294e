/* fuzz_run.c: libFuzzer harness for the whole pipeline.
 *
 * The input bytes are a rule file.  When it compiles, its tables are
 * loaded from a small fixed dataset, it is run, and the results are
 * written in all four formats (and per phase, compared and diffed with
 * themselves, and the first entity explained) to /dev/null.  Data and run-time errors are expected and
 * fine; they are rendered to /dev/null too.
 *
 * The dataset: at startup a temporary folder gets two tiny tables with
 * the column names the shipped rule files and golden tests use (every
 * value is 0, 1, 2 or 3, which reads as text, integer, decimal and, for
 * 0/1, bool).  main.csv is given as the main table ({NULL, path}); the
 * other datasets get join.csv by name.  There is no API that lists a
 * program's datasets, so the names are read back from the hint of the
 * error vdl_load gives for an unknown dataset name ("its datasets are:
 * a, b").  If that message changes, only the main table is overridden,
 * and declared relative paths still find copies of main.csv: the rule
 * file is named <tmp>/rules/fuzz.vdl and the usual file names (data.csv,
 * g.csv, ../data/gemeenten.csv, ...) exist there. */
#include "verdeel.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;
static char tmpdir[256];
static char rule_name[300], main_csv[300], join_csv[300];
static char *made[64];   /* files and folders to remove at exit, in order */
static int nmade;
static volatile size_t sink;
static int verbose;      /* FUZZ_RUN_VERBOSE=1: one line per input, how far it got */

static const char HEADER[] =
    "code,k,gm_code,kode,naam,name,key,id,"
    "prov,provincie,province,regio,reg,labour_market_region,arbeidsmarktregio,group,"
    "n,pop,pop_2023,pop_2024,pop_2025,population_2023_01_01,population_2024_01_01,"
    "population_2025_01_01,inwoners,score,ses,ses_woa,actief,active,flag,small,offer,"
    "w,w1,w2,w3,w4,a,b,c,v,x,y,z,t,f,g,p,q,r,s,plaatsen,vraag,budget,bedden,stemmen,eis";
/* keys, group labels, then the value columns */
#define NKEYS   8
#define NGROUPS 8

static void cleanup(void)
{
    for (int i = nmade - 1; i >= 0; i--) {
        if (remove(made[i]) != 0) { /* best effort */ }
        free(made[i]);
    }
    nmade = 0;
}

static void remember(const char *path)
{
    if (nmade < (int)(sizeof made / sizeof made[0])) made[nmade++] = strdup(path);
}

/* One table: rows[i] = key i+1, its group label and its value (0/1). */
static void write_table(const char *path, char sep, const char *eol, int bom, int reverse)
{
    static const struct { const char *key, *group, *val; } rows[] = {
        { "1", "Noord", "1" }, { "2", "Noord", "0" }, { "3", "Zuid", "1" },
    };
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); abort(); }
    if (bom) fputs("\xEF\xBB\xBF", f);
    for (const char *h = HEADER; *h; h++) fputc(*h == ',' ? sep : *h, f);
    fputs(eol, f);
    size_t ncols = 1;
    for (const char *h = HEADER; *h; h++) ncols += *h == ',';
    for (int i = 0; i < 3; i++) {
        int r = reverse ? 2 - i : i;
        for (size_t c = 0; c < ncols; c++) {
            if (c) fputc(sep, f);
            fputs(c < NKEYS ? rows[r].key : c < NKEYS + NGROUPS ? rows[r].group : rows[r].val, f);
        }
        fputs(eol, f);
    }
    if (fclose(f) != 0) { perror(path); abort(); }
    remember(path);
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0700) != 0) { perror(path); abort(); }
    remember(path);
}

static void path_in(char *out, size_t cap, const char *dir, const char *name)
{
    if ((size_t)snprintf(out, cap, "%s/%s", dir, name) >= cap) abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    devnull = fopen("/dev/null", "w");
    if (!devnull) abort();
    verbose = getenv("FUZZ_RUN_VERBOSE") != NULL;
    const char *base = getenv("TMPDIR");
    if (!base || !*base) base = "/tmp";
    if ((size_t)snprintf(tmpdir, sizeof tmpdir, "%s/verdeel-fuzz-run.XXXXXX", base) >= sizeof tmpdir) abort();
    if (!mkdtemp(tmpdir)) { perror(tmpdir); abort(); }
    remember(tmpdir);
    atexit(cleanup);

    char rules_dir[300], data_dir[300], p[400];
    path_in(rules_dir, sizeof rules_dir, tmpdir, "rules");
    path_in(data_dir, sizeof data_dir, tmpdir, "data");
    make_dir(rules_dir);
    make_dir(data_dir);
    path_in(rule_name, sizeof rule_name, rules_dir, "fuzz.vdl");
    path_in(main_csv, sizeof main_csv, tmpdir, "main.csv");
    path_in(join_csv, sizeof join_csv, tmpdir, "join.csv");
    write_table(main_csv, ',', "\n", 0, 0);
    write_table(join_csv, ';', "\r\n", 1, 1);

    /* Copies under the file names rule files declare, for relative paths. */
    static const char *const names[] = {
        "data.csv", "d.csv", "g.csv", "gemeenten.csv", "ses.csv", "s.csv", "f.csv",
        "h.csv", "w.csv", "statline.csv", "indeling.csv", "a.csv", "b.csv",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        path_in(p, sizeof p, rules_dir, names[i]);
        write_table(p, ',', "\n", 0, 0);
    }
    path_in(p, sizeof p, data_dir, "gemeenten.csv");
    write_table(p, ',', "\n", 0, 0);
    path_in(p, sizeof p, data_dir, "ses-woa-2022-estimate.csv");
    write_table(p, ',', "\n", 0, 0);
    return 0;
}

/* The names of the program's datasets, in declaration order, from the hint
 * of vdl_load's unknown-dataset error.  Returns how many (0: unknown). */
static int dataset_names(const vdl_program *p, int32_t date, char *buf, size_t cap,
                         const char **names, int max)
{
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_source bogus = { .dataset = "fuzz-no-such-dataset", .path = main_csv };
    vdl_data *data = vdl_load(p, date, &bogus, 1, d, &st);
    int n = 0;
    if (data) {   /* the name cannot be a dataset's: the load must refuse it */
        vdl_data_free(data);
        __builtin_trap();
    }
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (m) {
        vdl_diags_print(d, m);
        fclose(m);
        static const char tag[] = "its datasets are: ";
        const char *s = text ? strstr(text, tag) : NULL;
        if (s) {
            s += sizeof tag - 1;
            size_t l = strcspn(s, "\n");
            /* vdl_load cuts the list at 255 bytes: drop a name it may have cut */
            int cut = l >= 255;
            if (l >= cap) l = cap - 1;
            memcpy(buf, s, l);
            buf[l] = '\0';
            for (char *q = buf; *q && n < max;) {
                names[n++] = q;
                char *comma = strstr(q, ", ");
                if (!comma) break;
                *comma = '\0';
                q = comma + 2;
            }
            if (cut && n) n--;
        }
        free(text);
    }
    vdl_diags_free(d);
    return n;
}

static void write_all(const vdl_program *p, const vdl_result *r)
{
    static const vdl_format fmts[] = { VDL_FMT_TEXT, VDL_FMT_CSV, VDL_FMT_JSON, VDL_FMT_MD };
    for (int i = 0; i < 4; i++) {
        vdl_write_options o = { .format = fmts[i] };
        CHECK(vdl_write(r, &o, devnull) == 0);
    }
    int np = vdl_phase_count(p);
    for (int i = 0; i < np; i++) {
        const char *name = vdl_phase_name(p, i);
        CHECK(name != NULL);
        vdl_write_options o = { .format = VDL_FMT_TEXT, .phase = name };
        CHECK(vdl_write(r, &o, devnull) == 0);
    }
    vdl_write_options bad = { .format = VDL_FMT_CSV, .level = "fuzz-no-such-level" };
    CHECK(vdl_write(r, &bad, devnull) == -1);

    size_t all = vdl_rows(r, "all");
    CHECK(all == 1);
    size_t n = vdl_rows(r, NULL);
    CHECK(n != (size_t)-1);
    for (size_t i = 0; i < n; i++) {
        const char *k = vdl_row_key(r, NULL, i);
        CHECK(k != NULL);
        sink += strlen(k);
    }
    sink += vdl_finding_count(r);

    for (int i = 0; i < 4; i++) {
        vdl_diags *d = vdl_diags_new();
        vdl_compare_options co = { .format = fmts[i], .top = 3, .summary = i & 1 };
        vdl_status st = vdl_compare(r, r, &co, devnull, d);
        CHECK(st == VDL_OK || st == VDL_EUSAGE);
        vdl_diags_print(d, devnull);
        vdl_diags_free(d);
    }

    /* A run against itself: the semantic diff must find nothing. */
    {
        vdl_diags *d = vdl_diags_new();
        vdl_compare_options co = { .format = VDL_FMT_TEXT };
        int differ = -1;
        vdl_status st = vdl_diff(r, r, &co, devnull, d, &differ);
        if (st == VDL_OK) CHECK(differ == 0);
        vdl_diags_print(d, devnull);
        vdl_diags_free(d);
    }

    /* The derivation of the first entity (and of the first group row's
     * key, which is no entity: a usage error). */
    if (n > 0) {
        static const vdl_format ef[] = { VDL_FMT_TEXT, VDL_FMT_JSON };
        for (int i = 0; i < 2; i++) {
            vdl_diags *d = vdl_diags_new();
            vdl_explain_options eo = { .format = ef[i], .entity = vdl_row_key(r, NULL, 0) };
            vdl_status st = vdl_explain(r, &eo, devnull, d);
            CHECK(st == VDL_OK || st == VDL_EUSAGE);
            vdl_diags_print(d, devnull);
            vdl_diags_free(d);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vdl_diags *d = vdl_diags_new();
    vdl_status st = VDL_OK;
    vdl_program *p = vdl_compile_string(rule_name, (const char *)data, size, d, &st);
    if (!p) {
        CHECK(st == VDL_ERULES);
        if (verbose) fprintf(stderr, "fuzz_run: rules error: %s\n", vdl_diags_message(d, 0));
        vdl_diags_print(d, devnull);
        vdl_diags_free(d);
        return 0;
    }
    CHECK(st == VDL_OK);
    vdl_disasm(p, devnull);

    int32_t date = vdl_default_date(p);
    if (!date) date = 20240201;

    char namebuf[512];
    const char *names[15];
    int nnames = dataset_names(p, date, namebuf, sizeof namebuf, names, 15);
    vdl_source src[16];
    int nsrc = 0;
    src[nsrc++] = (vdl_source){ NULL, main_csv };
    for (int i = 0; i < nnames; i++) src[nsrc++] = (vdl_source){ names[i], i == 0 ? main_csv : join_csv };

    vdl_data *dt = vdl_load(p, date, src, nsrc, d, &st);
    if (!dt) {
        CHECK(st != VDL_OK && vdl_diags_errors(d) > 0);
        if (verbose) fprintf(stderr, "fuzz_run: data error (%d datasets named): %s\n", nnames, vdl_diags_message(d, 0));
    } else {
        CHECK(st == VDL_OK);
        vdl_result *r = vdl_run(p, dt, date, NULL, 0, d, &st);
        if (!r) {
            CHECK(st != VDL_OK && vdl_diags_errors(d) > 0);
            if (verbose) fprintf(stderr, "fuzz_run: run error: %s\n", vdl_diags_message(d, 0));
        } else {
            CHECK(st == VDL_OK);
            if (verbose) fprintf(stderr, "fuzz_run: ran, %zu rows\n", vdl_rows(r, NULL));
            write_all(p, r);
            vdl_result_free(r);
        }
        vdl_data_free(dt);
    }
    vdl_diags_print(d, devnull);
    vdl_diags_free(d);
    vdl_program_free(p);
    return 0;
}
