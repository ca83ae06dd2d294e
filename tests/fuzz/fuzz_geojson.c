/* fuzz_geojson.c: libFuzzer harness for the boundaries reader of
 * `verdeel report` (report/geojson.c) and the map drawn from it
 * (report/svg.c, report/html.c).
 *
 * The input bytes are a GeoJSON file.  vdl_boundaries_parse reads it; the
 * API's contract is checked (boundaries and OK, or none, EDATA and an
 * error), and every diagnostic is rendered (message, source line, caret)
 * to /dev/null.  When it parses, what geojson.h promises is checked (at
 * least one feature, each with rings of four positions or more that end
 * on their first, in WGS84 range, ring ends ascending to npts, property
 * names and values that geo_prop finds), the features are keyed as the
 * report keys them (a property named like the key column, else the "id"),
 * the map frame is fitted as the report fits it and every feature's SVG
 * path is written to memory and checked: at least one point, only the
 * characters of "M x y l dx dy ... z", and every ring's start inside the
 * frame.  Then the whole report of a small fixed run (the law of
 * tests/golden/report/small.test, its six municipalities GM01..GM06 from a
 * table in memory) is written with these boundaries to /dev/null, alone
 * and compared with a second run; a report may refuse the boundaries
 * (an area without a key, a key twice: EDATA with an error) but nothing
 * else.  Everything is freed, so LeakSanitizer sees any leak. */
#include "verdeel.h"
#include "geojson.h"
#include "svg.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

/* What html.c uses for the map. */
#define MAP_W      560
#define MAP_H      660
#define MAP_MARGIN 8
#define MAP_TOL    0.3

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;
static volatile size_t sink;
static vdl_program *prog;
static vdl_data *tables;
static vdl_result *run_a, *run_b;

static const char RULES[] =
    "law \"Testwet\" id \"BWBR0049307\" valid from 2024-02-01\n"
    "dataset gemeente from \"g.csv\" key code {\n"
    "    code text\n"
    "    naam text\n"
    "    prov text group provincie\n"
    "    inwoners integer persons [CBS]\n"
    "    gewicht integer\n"
    "    gerealiseerd integer places [Wet art. 9 lid 3]\n"
    "}\n"
    "param BO : places [Besluit art. 2.1.3, onder b] = 100 [Stcrt. 2024, 3320]\n"
    "rule aandeel : places = apportion(BO, gewicht, largest_remainder)  [Wet art. 2 lid 1 jo. art. 3]\n"
    "criterion genoeg = gerealiseerd >= aandeel  [Wet art. 9 lid 3]\n"
    "per provincie {\n"
    "    rule opgave : places = sum(aandeel)  [Besluit art. 2.1.2]\n"
    "}\n"
    "per all {\n"
    "    rule totaal : places = sum(aandeel)  [Besluit art. 2.1.2]\n"
    "}\n"
    "output naam, aandeel, gerealiseerd, opgave, totaal\n";

static const char TABLE[] =
    "code,naam,prov,inwoners,gewicht,gerealiseerd\n"
    "GM01,Noord,P1,1000,1,12\n"
    "GM02,Oost,P1,2000,3,20\n"
    "GM03,Zuid,P2,4000,2,20\n"
    "GM04,West,P2,1500,4,30\n"
    "GM05,Eiland,P2,0,0,0\n"
    "GM06,Zee,P1,500,0,3\n";

static void fail_init(const char *what, vdl_diags *d)
{
    fprintf(stderr, "fuzz_geojson: %s failed\n", what);
    vdl_diags_print(d, stderr);
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    devnull = fopen("/dev/null", "w");
    if (!devnull) abort();
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    prog = vdl_compile_string("rules.vdl", RULES, sizeof RULES - 1, d, &st);
    if (!prog) fail_init("compiling the rule file", d);
    vdl_source src = { .path = "g.csv", .text = TABLE, .len = sizeof TABLE - 1 };
    int32_t date = vdl_default_date(prog);
    tables = vdl_load(prog, date, &src, 1, d, &st);
    if (!tables) fail_init("loading the table", d);
    run_a = vdl_run(prog, tables, date, NULL, 0, d, &st);
    if (!run_a) fail_init("the first run", d);
    vdl_setting set = { "BO", "90" };
    run_b = vdl_run(prog, tables, date, &set, 1, d, &st);
    if (!run_b) fail_init("the second run", d);
    vdl_diags_free(d);
    return 0;
}

/* Every feature as geojson.h describes it. */
static void walk(const geo_set *s)
{
    CHECK(s->n >= 1 && s->f != NULL && s->path != NULL);
    for (size_t i = 0; i < s->n; i++) {
        const geo_feature *f = &s->f[i];
        CHECK(f->line >= 1);
        if (f->id) sink += strlen(f->id);
        CHECK(f->nprops >= 0);
        for (int k = 0; k < f->nprops; k++) {
            CHECK(f->pkey[k] != NULL && f->pval[k] != NULL);
            sink += strlen(f->pval[k]);
            /* the first property of that name (a name may hold a NUL) */
            CHECK(geo_prop(f, f->pkey[k]) != NULL);
        }
        CHECK(f->nrings >= 1 && f->ring_end != NULL && f->pts != NULL);
        CHECK(f->ring_end[f->nrings - 1] == f->npts);
        for (size_t r = 0; r < f->nrings; r++) {
            size_t from = r ? f->ring_end[r - 1] : 0, to = f->ring_end[r];
            CHECK(to >= from + 4);
            CHECK(f->pts[from].x == f->pts[to - 1].x && f->pts[from].y == f->pts[to - 1].y);
        }
        for (size_t k = 0; k < f->npts; k++) {
            CHECK(f->pts[k].x >= -180 && f->pts[k].x <= 180);
            CHECK(f->pts[k].y >= -90 && f->pts[k].y <= 90);
        }
    }
}

/* The keys the report matches areas by: the property named like the key
 * column, else the "id" (html.c's match_areas, which vdl_report below runs
 * for the key "code", also refuses a missing or repeated key). */
static void keys(const geo_set *s, const char *keyname)
{
    size_t have = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *k = geo_prop(&s->f[i], keyname);
        if (!k) k = s->f[i].id;
        if (k) { have++; sink += strlen(k); }
    }
    sink += have;
}

/* One path, "M x y l dx dy ... z" per ring: only those characters, as many
 * 'M' as 'z', every ring's first point inside the frame (in pixels). */
static void check_path(const char *p, size_t len, const svg_frame *fr)
{
    CHECK(len >= 1 && p[0] == 'M' && p[len - 1] == 'z');
    size_t nm = 0, nz = 0;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        CHECK(strchr("Mlz -.0123456789", c) != NULL && c != '\0');
        nz += c == 'z';
        if (c != 'M') continue;
        nm++;
        char *end;
        double x = strtod(p + i + 1, &end);
        CHECK(end > p + i + 1 && *end == ' ');
        double y = strtod(end + 1, &end);
        CHECK(*end == 'l');
        CHECK(x >= 0 && x <= fr->width && y >= 0 && y <= fr->height);
    }
    CHECK(nm == nz && nm >= 1);
}

static void paths(const geo_set *s)
{
    svg_frame fr;
    svg_frame_fit(&fr, s, MAP_W, MAP_H, MAP_MARGIN);
    CHECK(fr.width >= 2 * MAP_MARGIN && fr.width <= MAP_W + 1);
    CHECK(fr.height >= 2 * MAP_MARGIN && fr.height <= MAP_H + 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) abort();
    size_t *end = malloc(s->n * sizeof *end);
    if (!end) abort();
    for (size_t i = 0; i < s->n; i++) {
        size_t pts = svg_path(m, &fr, &s->f[i], MAP_TOL);
        CHECK(pts >= 1);
        fflush(m);
        end[i] = len;
    }
    fclose(m);
    for (size_t i = 0; i < s->n; i++) {
        size_t from = i ? end[i - 1] : 0;
        check_path(buf + from, end[i] - from, &fr);
    }
    free(end);
    free(buf);
}

static void report(const vdl_boundaries *b)
{
    for (int with_other = 0; with_other < 2; with_other++) {
        vdl_diags *d = vdl_diags_new();
        vdl_report_options o = { .boundaries_name = "fuzz.geojson", .top = 3 };
        vdl_status st = vdl_report(run_a, with_other ? run_b : NULL, b, &o, devnull, d);
        if (st == VDL_OK) CHECK(vdl_diags_errors(d) == 0);
        else CHECK(st == VDL_EDATA && vdl_diags_errors(d) > 0);
        vdl_diags_print(d, devnull);
        vdl_diags_free(d);
        if (st != VDL_OK) break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly `size` bytes, so reading past the end is caught. */
    char *text = malloc(size ? size : 1);
    if (!text) return 0;
    if (size) memcpy(text, data, size);

    vdl_diags *d = vdl_diags_new();
    vdl_status st = VDL_OK;
    vdl_boundaries *b = vdl_boundaries_parse("fuzz.geojson", text, size, d, &st);
    if (b) {
        CHECK(st == VDL_OK && vdl_diags_errors(d) == 0);
        CHECK(vdl_boundaries_count(b) == b->set.n);
    } else {
        CHECK(st == VDL_EDATA && vdl_diags_errors(d) > 0);
    }
    size_t n = vdl_diags_count(d);
    for (size_t i = 0; i < n; i++) {
        const char *msg = vdl_diags_message(d, i);
        CHECK(msg != NULL);
        const char *path;
        int line, col;
        vdl_diags_where(d, i, &path, &line, &col);
        sink += strlen(msg) + (size_t)line + (size_t)col;
    }
    vdl_diags_print(d, devnull);
    vdl_diags_free(d);

    if (b) {
        walk(&b->set);
        keys(&b->set, "code");
        keys(&b->set, "gm_code");
        paths(&b->set);
        report(b);
    }
    vdl_boundaries_free(b);
    free(text);
    return 0;
}
