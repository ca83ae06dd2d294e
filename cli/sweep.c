/* sweep.c: `verdeel sweep`: one law over many scenarios.
 *
 * Every combination of the varied parameters is a scenario; each runs on
 * the same loaded data (read-only, so scenarios run on several threads at
 * once) and gives one row: the parameter values and the results asked for.
 * Rows come out in scenario order whatever the number of threads, so the
 * output of -j 8 is byte for byte that of -j 1.  The varied values are
 * decimals stepped in scaled integers: 0.1 + 0.1 + 0.1 is exactly 0.3. */
#include "cli.h"
#include "mem.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char sweep_help[] =
    "usage: verdeel sweep RULES --vary NAME=FROM..TO:STEP [options]\n"
    "\n"
    "Run a law once per scenario: every combination of the varied parameters.\n"
    "One row per scenario (in scenario order, whatever -j), with the values\n"
    "varied and the results asked for.\n"
    "\n"
    "options:\n"
    "  --vary NAME=FROM..TO:STEP  a parameter's values, e.g. BO=50000..150000:1000\n"
    "                         (repeat for more parameters: all combinations)\n"
    "  --show NAME[@KEY]      a result per scenario: a one-value rule, or a rule's\n"
    "                         value for an entity or group, e.g. opgave@Utrecht\n"
    "                         (default: every one-value output)\n"
    "  --per-entity           one row per scenario and entity, with the entity\n"
    "                         outputs (or the --show names)\n"
    "  -j N                   run on N threads (default 1)\n"
    "  --data [DATASET=]FILE  --date YYYY-MM-DD  --set NAME=VALUE   as for run\n"
    "  --format FORMAT        csv (default) or json\n"
    "  -o, --output FILE      write to FILE (complete or not at all; on standard\n"
    "                         output the rows before a failed scenario stay)\n";

#define MAX_VARY 8
#define MAX_SHOW 64

typedef struct {
    const char *name;
    int64_t     from, to, step;  /* scaled by 10^scale */
    int         scale;
    size_t      count;
} vary;

typedef struct {
    const char *name;            /* the rule */
    const char *key;             /* NULL, or the entity's or group's key */
    vdl_ref     ref;             /* the value, found once: the rows of a level
                                    keep their order in every scenario (with
                                    --per-entity and no key, row 0 stands for
                                    each entity's) */
} show;

/* Scenarios go out to the threads in blocks of this many; each block's
 * rows are one buffer, written in block order. */
#define BLOCK 256

typedef struct {
    char  *text;
    size_t len, cap;
} outbuf;

typedef struct {
    vdl_program *p;
    vdl_data    *data;
    int32_t      date;
    const cli_opts *o;
    vary        *vary;
    int          nvary;
    show        *show;
    int          nshow;
    bool         per_entity;
    size_t       nscen, nblocks;
    outbuf      *out;            /* per block */
    vdl_runner **runner;         /* per thread */
    size_t       next;           /* the next block to run */
    size_t       written;        /* blocks written so far, in order */
    bool        *complete;       /* per block: run to the end */
    FILE        *f;
    bool         write_failed;
    size_t       done;           /* scenarios run */
    size_t       failed;         /* the first failed scenario (nscen: none) */
    char        *error;          /* its message */
    int          nthreads;
    pthread_mutex_t lock;
} sweep;

/* A decimal as a scaled integer: "0.25" -> 25 at scale 2. */
static int parse_dec(const char *s, size_t n, int64_t *v, int *scale)
{
    int64_t x = 0;
    int sc = -1;
    bool neg = n && s[0] == '-';
    size_t i = neg ? 1 : 0;
    if (i == n) return -1;
    for (; i < n; i++) {
        if (s[i] == '_') continue;
        if (s[i] == '.' && sc < 0) { sc = 0; continue; }
        if (s[i] < '0' || s[i] > '9' || x > (INT64_MAX - 9) / 10) return -1;
        x = x * 10 + (s[i] - '0');
        if (sc >= 0) sc++;
    }
    if (sc > 9) return -1;
    *v = neg ? -x : x;
    *scale = sc < 0 ? 0 : sc;
    return 0;
}

static int rescale(int64_t *v, int from, int to)
{
    for (int i = from; i < to; i++) {
        if (*v > INT64_MAX / 10 || *v < INT64_MIN / 10) return -1;
        *v *= 10;
    }
    return 0;
}

static int parse_vary(const char *spec, vary *v)
{
    const char *eq = strchr(spec, '='), *dots = eq ? strstr(eq, "..") : NULL, *colon = dots ? strchr(dots, ':') : NULL;
    if (!eq || eq == spec || !dots || !colon) return -1;
    int sa, sb, sc;
    if (parse_dec(eq + 1, (size_t)(dots - eq - 1), &v->from, &sa) || parse_dec(dots + 2, (size_t)(colon - dots - 2), &v->to, &sb) ||
        parse_dec(colon + 1, strlen(colon + 1), &v->step, &sc))
        return -1;
    v->scale = sa > sb ? (sa > sc ? sa : sc) : (sb > sc ? sb : sc);
    if (rescale(&v->from, sa, v->scale) || rescale(&v->to, sb, v->scale) || rescale(&v->step, sc, v->scale)) return -1;
    if (v->step <= 0 || v->to < v->from) return -1;
    v->count = (size_t)((v->to - v->from) / v->step) + 1;
    v->name = spec;
    return 0;
}

/* x in decimal, ending just before end; returns where it starts. */
static char *int_text(int64_t x, char *end)
{
    uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
    do { *--end = (char)('0' + u % 10); u /= 10; } while (u);
    if (x < 0) *--end = '-';
    return end;
}

static void dec_text(int64_t x, int scale, char *buf, size_t cap)
{
    if (scale == 0) {                   /* once per scenario: no printf */
        char t[24], *e = t + sizeof t, *c = int_text(x, e);
        size_t n = (size_t)(e - c) < cap ? (size_t)(e - c) : cap - 1;
        memcpy(buf, c, n);
        buf[n] = '\0';
        return;
    }
    int64_t p = 1;
    for (int i = 0; i < scale; i++) p *= 10;
    long long ip = (long long)(x / p), fp = (long long)(x % p);
    snprintf(buf, cap, "%s%lld.%0*lld", x < 0 && ip == 0 ? "-" : "", ip, scale, fp < 0 ? -fp : fp);
}

static void put(outbuf *b, const char *t, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->text = mem_realloc(b->text, b->cap);
    }
    memcpy(b->text + b->len, t, n);
    b->len += n;
    b->text[b->len] = '\0';
}

static void puts_(outbuf *b, const char *t) { put(b, t, strlen(t)); }

static void csv_cell(outbuf *b, const char *t)
{
    if (!strpbrk(t, ",\"\r\n")) { puts_(b, t); return; }
    put(b, "\"", 1);
    for (const char *c = t; *c; c++) {
        put(b, c, 1);
        if (*c == '"') put(b, c, 1);     /* doubled inside quotes */
    }
    put(b, "\"", 1);
}

/* A number as vdl_num_format writes it; whole numbers without the detour. */
static void put_num(outbuf *b, vdl_num v)
{
    char t[160];
    if (v.den != 1) { put(b, t, vdl_num_format(v, t, sizeof t)); return; }
    char *e = t + sizeof t, *c = int_text(v.num, e);
    put(b, c, (size_t)(e - c));
}

/* Scenario i's value of every varied parameter. */
static void scen_values(const sweep *s, size_t i, vdl_num *v, char (*text)[64])
{
    for (int k = s->nvary - 1; k >= 0; k--) {
        size_t idx = i % s->vary[k].count;
        i /= s->vary[k].count;
        int64_t x = s->vary[k].from + (int64_t)idx * s->vary[k].step, den = 1;
        for (int j = 0; j < s->vary[k].scale; j++) den *= 10;
        v[k] = (vdl_num){ x, den };
        dec_text(x, s->vary[k].scale, text[k], sizeof text[k]);
    }
}

/* One scenario's rows (CSV lines or JSON objects) onto b; -1 on an error,
 * with the message in *msg (owned by the caller). */
static int run_one(sweep *s, vdl_runner *rn, size_t i, outbuf *b, vdl_diags *d, char **msg)
{
    vdl_num v[MAX_VARY];
    char vals[MAX_VARY][64];
    scen_values(s, i, v, vals);
    vdl_status st;
    const vdl_result *r = vdl_runner_run(rn, v, d, &st);
    if (!r) {
        const char *m = vdl_diags_count(d) ? vdl_diags_message(d, 0) : "the run failed";
        outbuf e = { 0 };
        char n[32];
        snprintf(n, sizeof n, "scenario %zu (", i + 1);
        puts_(&e, n);
        for (int k = 0; k < s->nvary; k++) {
            if (k) puts_(&e, ", ");
            puts_(&e, s->vary[k].name);
            puts_(&e, "=");
            puts_(&e, vals[k]);
        }
        puts_(&e, "): ");
        puts_(&e, m);
        vdl_diags_clear(d);
        *msg = e.text;
        return -1;
    }
    bool json = s->o->format == VDL_FMT_JSON;
    size_t nrows = s->per_entity ? vdl_rows(r, NULL) : 1;
    for (size_t row = 0; row < nrows; row++) {
        if (json) puts_(b, i || row ? ",\n  {" : "  {");
        for (int k = 0; k < s->nvary; k++) {
            if (json) {
                puts_(b, k ? ", \"" : "\"");
                puts_(b, s->vary[k].name);
                puts_(b, "\": ");
            } else if (k) {
                put(b, ",", 1);
            }
            puts_(b, vals[k]);
        }
        if (s->per_entity) {
            const char *key = vdl_row_key(r, NULL, row);
            if (json) { puts_(b, ", \"key\": \""); puts_(b, key); puts_(b, "\""); }
            else { put(b, ",", 1); csv_cell(b, key); }
        }
        for (int k = 0; k < s->nshow; k++) {
            const show *w = &s->show[k];
            vdl_ref ref = w->ref;
            if (!w->key && s->per_entity) ref.row = row;
            const char *t = vdl_ref_text(r, ref);
            vdl_num x;
            if (json) {
                puts_(b, ", \"");
                puts_(b, w->name);
                if (w->key) { puts_(b, "@"); puts_(b, w->key); }
                puts_(b, t ? "\": \"" : "\": ");
                if (t) { puts_(b, t); puts_(b, "\""); }
                else if (vdl_ref_value(r, ref, &x) == 0) put_num(b, x);
                else puts_(b, "null");
            } else {
                put(b, ",", 1);
                if (t) csv_cell(b, t);
                else if (vdl_ref_value(r, ref, &x) == 0) put_num(b, x);
            }
        }
        puts_(b, json ? "}" : "\n");
    }
    return 0;
}

static void *worker(void *arg)
{
    sweep *s = ((void **)arg)[0];
    vdl_runner *rn = s->runner[(size_t)(uintptr_t)((void **)arg)[1]];
    vdl_diags *d = vdl_diags_new();
    size_t last = 0;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        size_t blk = s->next++;
        bool stop = blk >= s->nblocks || blk * BLOCK > s->failed;
        pthread_mutex_unlock(&s->lock);
        if (stop) break;
        size_t from = blk * BLOCK, to = from + BLOCK < s->nscen ? from + BLOCK : s->nscen, i;
        char *msg = NULL;
        /* as long as the last block, and a little: no growing on the way */
        s->out[blk].cap = last + last / 8 + 256;
        s->out[blk].text = mem_realloc(NULL, s->out[blk].cap);
        s->out[blk].text[0] = '\0';
        for (i = from; i < to; i++)
            if (run_one(s, rn, i, &s->out[blk], d, &msg) != 0) break;
        last = s->out[blk].len;
        pthread_mutex_lock(&s->lock);
        s->done += i - from;
        if (msg && i < s->failed) {
            mem_free(s->error);
            s->error = msg;
            s->failed = i;
        } else {
            mem_free(msg);
        }
        s->complete[blk] = !msg;
        /* out go the blocks that are next in line; their memory is reused
         * by the blocks still to come */
        while (s->written < s->nblocks && s->complete[s->written]) {
            outbuf *o = &s->out[s->written++];
            if (fwrite(o->text, 1, o->len, s->f) != o->len) s->write_failed = true;
            mem_free(o->text);
            o->text = NULL;
        }
        pthread_mutex_unlock(&s->lock);
    }
    vdl_diags_free(d);
    return NULL;
}

/* Run every scenario, writing the rows to f as they come (in scenario
 * order).  On a failed scenario the rows of the blocks before it are out
 * already: on standard output they stay, and a file given with -o is
 * never made (cli_write_atomic). */
static int run_sweep(FILE *f, void *arg)
{
    sweep *s = arg;
    bool json = s->o->format == VDL_FMT_JSON;
    if (json) {
        fputs("[\n", f);
    } else {
        for (int k = 0; k < s->nvary; k++) fprintf(f, "%s%s", k ? "," : "", s->vary[k].name);
        if (s->per_entity) fputs(",key", f);
        for (int k = 0; k < s->nshow; k++)
            fprintf(f, ",%s%s%s", s->show[k].name, s->show[k].key ? "@" : "", s->show[k].key ? s->show[k].key : "");
        fputc('\n', f);
    }
    s->f = f;
    pthread_mutex_init(&s->lock, NULL);
    pthread_t th[256];
    void *args[256][2];
    bool bar = isatty(2) && !getenv("CI");
    for (int t = 0; t < s->nthreads; t++) {
        args[t][0] = s;
        args[t][1] = (void *)(uintptr_t)t;
        pthread_create(&th[t], NULL, worker, args[t]);
    }
    if (bar) {
        for (;;) {
            pthread_mutex_lock(&s->lock);
            size_t done = s->done;
            bool over = s->failed < s->nscen;
            pthread_mutex_unlock(&s->lock);
            int pct = (int)(done * 100 / s->nscen);
            fprintf(stderr, "\r[%-40.*s] %3d%%  %zu/%zu", pct * 40 / 100,
                    "########################################", pct, done, s->nscen);
            if (done == s->nscen || over) break;
            struct timespec ts = { 0, 100000000 };
            nanosleep(&ts, NULL);
        }
        fputs("\r\033[K", stderr);
    }
    for (int t = 0; t < s->nthreads; t++) pthread_join(th[t], NULL);
    pthread_mutex_destroy(&s->lock);
    if (s->error) {
        fflush(f);
        fprintf(stderr, "verdeel: error: %s\n", s->error);
        return VDL_ERUNTIME;
    }
    if (json) fputs("\n]\n", f);
    if (s->write_failed) {
        fprintf(stderr, "verdeel: error: cannot write the output: %s\n", strerror(errno));
        return VDL_EOUTPUT;
    }
    return 0;
}

int cmd_sweep(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) { fputs(sweep_help, stdout); return 0; }
    sweep s;
    memset(&s, 0, sizeof s);
    vary vs[MAX_VARY];
    show sh[MAX_SHOW];
    char *rest[512];
    int nrest = 0;
    s.nthreads = 1;
    rest[nrest++] = argv[0];
    for (int i = 1; i < argc && nrest < 510; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if (strcmp(a, "--vary") == 0 || strcmp(a, "--show") == 0 || strcmp(a, "-j") == 0) {
            if (!has) return cli_usage_error("sweep", "option '%s' needs a value", a);
            const char *v = argv[++i];
            if (a[2] == 'v') {
                if (s.nvary == MAX_VARY) return cli_usage_error("sweep", "at most %d --vary options", MAX_VARY);
                if (parse_vary(v, &vs[s.nvary]) != 0)
                    return cli_usage_error("sweep", "--vary %s: expected NAME=FROM..TO:STEP with FROM <= TO and STEP > 0", v);
                s.nvary++;
            } else if (a[2] == 's') {
                if (s.nshow == MAX_SHOW) return cli_usage_error("sweep", "at most %d --show options", MAX_SHOW);
                const char *at = strchr(v, '@');
                sh[s.nshow].name = v;
                sh[s.nshow].key = at ? at + 1 : NULL;
                s.nshow++;
            } else {
                char *end;
                long n = strtol(v, &end, 10);
                if (*end || n < 1 || n > 256) return cli_usage_error("sweep", "-j %s: expected a number from 1 to 256", v);
                s.nthreads = (int)n;
            }
        } else if (strcmp(a, "--per-entity") == 0) {
            s.per_entity = true;
        } else {
            rest[nrest++] = argv[i];
        }
    }
    cli_opts o;
    int rc = cli_parse("sweep", nrest, rest, "dDsfo", &o);
    if (rc) return rc;
    if (!o.format || o.format == VDL_FMT_TEXT) o.format = VDL_FMT_CSV;
    if (o.format == VDL_FMT_MD) return cli_usage_error("sweep", "--format is csv or json");
    if (s.nvary == 0) return cli_usage_error("sweep", "nothing to vary: give --vary NAME=FROM..TO:STEP");
    /* --vary NAME=...: keep the name only */
    static char names[MAX_VARY][128];
    for (int k = 0; k < s.nvary; k++) {
        size_t n = (size_t)(strchr(vs[k].name, '=') - vs[k].name);
        if (n >= sizeof names[k]) return cli_usage_error("sweep", "--vary: name too long");
        memcpy(names[k], vs[k].name, n);
        names[k][n] = '\0';
        vs[k].name = names[k];
    }
    static char shown[MAX_SHOW][128];
    for (int k = 0; k < s.nshow; k++) {
        const char *at = sh[k].key ? sh[k].key - 1 : NULL;
        size_t n = at ? (size_t)(at - sh[k].name) : strlen(sh[k].name);
        if (n >= sizeof shown[k] || n == 0) return cli_usage_error("sweep", "--show %s: bad name", sh[k].name);
        memcpy(shown[k], sh[k].name, n);
        shown[k][n] = '\0';
        sh[k].name = shown[k];
    }
    size_t nscen = 1;
    for (int k = 0; k < s.nvary; k++) {
        if (vs[k].count > 10000000 / nscen) return cli_usage_error("sweep", "more than 10,000,000 scenarios");
        nscen *= vs[k].count;
    }
    s.vary = vs;
    s.show = sh;
    s.o = &o;
    s.nscen = nscen;
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    s.p = cli_compile(o.rules, d, &st);
    int result = VDL_OK;
    if (!s.p) { result = st; goto out; }
    s.date = vdl_default_date(s.p);
    if (o.a.date && vdl_parse_date(o.a.date, &s.date) != 0) {
        result = cli_usage_error("sweep", "--date %s: not a date (YYYY-MM-DD)", o.a.date);
        goto out;
    }
    if (!(s.data = vdl_load(s.p, s.date, o.a.data, o.a.ndata, d, &st))) { result = st; goto out; }
    const char *varied[MAX_VARY];
    for (int k = 0; k < s.nvary; k++) varied[k] = vs[k].name;
    s.runner = mem_array((size_t)s.nthreads, sizeof *s.runner);
    /* made here, one after another: a fixed text setting interns its text
     * into the shared table */
    for (int t = 0; t < s.nthreads; t++)
        if (!(s.runner[t] = vdl_runner_new(s.p, s.data, s.date, o.a.set, o.a.nset, varied, s.nvary, d, &st))) {
            result = st;
            goto out;
        }
    /* check the names once, on a first run, before spending threads on them */
    {
        vdl_setting probe[64 + MAX_VARY];
        vdl_num v0[MAX_VARY];
        char vals[MAX_VARY][64];
        int np = 0;
        for (int k = 0; k < o.a.nset && np < 64; k++) probe[np++] = o.a.set[k];
        scen_values(&s, 0, v0, vals);
        for (int k = 0; k < s.nvary; k++) probe[np++] = (vdl_setting){ vs[k].name, vals[k] };
        vdl_result *r = vdl_run(s.p, s.data, s.date, probe, np, d, &st);
        if (!r) { result = st; goto out; }
        if (s.nshow == 0) {
            /* default: every one-value output, or with --per-entity every entity output */
            const char *want = s.per_entity ? vdl_entity_level(s.p) : "all";
            for (int k = 0; k < vdl_output_count(s.p) && s.nshow < MAX_SHOW; k++) {
                const char *nm = vdl_output_name(s.p, k);
                if (strcmp(vdl_level_of(r, nm), want) == 0) sh[s.nshow++] = (show){ .name = nm };
            }
        }
        for (int k = 0; k < s.nshow; k++) {
            const char *l = vdl_level_of(r, sh[k].name);
            if (!l) { vdl_result_free(r); result = cli_usage_error("sweep", "--show %s: the rule file has no such value", sh[k].name); goto out; }
            bool one = strcmp(l, "all") == 0;
            if (!sh[k].key && !one && !s.per_entity) {
                vdl_result_free(r);
                result = cli_usage_error("sweep", "--show %s: a value per %s needs @KEY (or --per-entity)", sh[k].name, l);
                goto out;
            }
            if (sh[k].key && one) {
                vdl_result_free(r);
                result = cli_usage_error("sweep", "--show %s@%s: %s is one value for all, without @KEY",
                                         sh[k].name, sh[k].key, sh[k].name);
                goto out;
            }
            size_t at = 0;
            if (sh[k].key) {
                size_t n = vdl_rows(r, l);
                for (at = 0; at < n && strcmp(vdl_row_key(r, l, at), sh[k].key) != 0; at++) {}
                if (at == n) {
                    vdl_result_free(r);
                    result = cli_usage_error("sweep", "--show %s@%s: no %s '%s'", sh[k].name, sh[k].key,
                                             l, sh[k].key);
                    goto out;
                }
            }
            /* fails only for --per-entity on a table without rows, where it is never read */
            vdl_ref_find(r, sh[k].name, at, &sh[k].ref);
        }
        vdl_result_free(r);
    }
    s.nblocks = (nscen + BLOCK - 1) / BLOCK;
    s.out = mem_array(s.nblocks, sizeof *s.out);
    s.complete = mem_array(s.nblocks, sizeof *s.complete);
    s.failed = nscen;
    result = cli_write_atomic(o.out, run_sweep, &s);
out:
    vdl_diags_print(d, stderr);
    for (size_t b = 0; s.out && b < s.nblocks; b++) mem_free(s.out[b].text);
    mem_free(s.out);
    mem_free(s.complete);
    for (int t = 0; s.runner && t < s.nthreads; t++) vdl_runner_free(s.runner[t]);
    mem_free(s.runner);
    mem_free(s.error);
    vdl_data_free(s.data);
    vdl_program_free(s.p);
    vdl_diags_free(d);
    return result;
}
