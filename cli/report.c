/* report.c: `verdeel report`: a self-contained HTML report with a map and
 * charts, on the public API only (verdeel_report.h). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char report_help[] =
    "usage: verdeel report RULES -o FILE [options]\n"
    "\n"
    "Write one self-contained HTML file about a run: the law, the date and the\n"
    "data; a map of one value per municipality with its legend; a bar chart per\n"
    "province; the findings of the criteria; every result table; the notes; the\n"
    "citations, linked to wetten.overheid.nl.  CSS and SVG are inline and nothing\n"
    "is fetched: it reads offline and prints.  The same inputs give the same file.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE      the HTML file (required; written complete or not at\n"
    "                         all; - for stdout)\n"
    "  --compare OTHER.vdl    also run OTHER.vdl on the same data and add a\n"
    "                         diverging map of its value minus this law's, and the\n"
    "                         largest movers\n"
    "  --map-output NAME      the value to map (default: the first rule per entity\n"
    "                         in places that the rule file outputs, in the order\n"
    "                         it declares its rules); a value with a unit is shown\n"
    "                         per 1,000 inhabitants: divided by the population\n"
    "                         column, the first column of the main table whose\n"
    "                         unit is persons\n"
    "  --map NAME=OTHER_NAME  with --compare: the map value's name in OTHER.vdl\n"
    "  --top N                with --compare: movers shown each way (default 10)\n"
    "  --group LEVEL          the bar chart's group level (default: the one named\n"
    "                         like provincie, else the first): its first rule in\n"
    "                         places that is output, against the sum per group of\n"
    "                         a column in places named like gerealiseerd\n"
    "  --boundaries FILE      the areas, GeoJSON in WGS84 (default:\n"
    "                         gemeenten-2025.geojson in the folder of the main\n"
    "                         table's file), matched by the property named like\n"
    "                         the main table's key, else by the feature's id\n"
    "  --data [DATASET=]FILE  --date YYYY-MM-DD  --set NAME=VALUE\n"
    "                         as for `verdeel run`, for both laws\n";

/* The options only report has, taken out before cli_parse sees the rest. */
typedef struct {
    const char *compare, *map_output, *group, *boundaries;
} report_only;

static int take_own(int argc, char **argv, char **rest, int *nrest, report_only *ro)
{
    static const char *const names[] = { "--compare", "--map-output", "--group", "--boundaries" };
    const char **slot[] = { &ro->compare, &ro->map_output, &ro->group, &ro->boundaries };
    int n = 0;
    bool files = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int k = -1;
        const char *val = NULL;
        for (int j = 0; j < 4 && i > 0 && !files && k < 0; j++) {
            size_t len = strlen(names[j]);
            if (strncmp(a, names[j], len) != 0) continue;
            if (a[len] == '=') { k = j; val = a + len + 1; }
            else if (a[len] == '\0') k = j;
        }
        if (strcmp(a, "--") == 0) files = true;
        if (k < 0) { rest[n++] = argv[i]; continue; }
        if (!val) {
            if (i + 1 >= argc) return cli_usage_error("report", "option '%s' needs a value", a);
            val = argv[++i];
        }
        if (*slot[k]) return cli_usage_error("report", "%s given twice", names[k]);
        *slot[k] = val;
    }
    rest[n] = NULL;
    *nrest = n;
    return 0;
}

typedef struct {
    vdl_result *r, *other;
    vdl_boundaries *b;
    vdl_report_options ro;
    vdl_diags *d;
} report_out;

static int write_report(FILE *f, void *arg)
{
    report_out *w = arg;
    return (int)vdl_report(w->r, w->other, w->b, &w->ro, f, w->d);
}

int cmd_report(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(report_help, stdout);
            return 0;
        }
    report_only own = { 0 };
    char **rest = malloc(((size_t)argc + 1) * sizeof *rest);
    if (!rest) return VDL_EUSAGE;
    int nrest = 0;
    cli_opts o;
    int rc = take_own(argc, argv, rest, &nrest, &own);
    if (!rc) rc = cli_parse("report", nrest, rest, "dDsomt", &o);
    free(rest);
    if (rc) return rc;
    if (!o.out) return cli_usage_error("report", "-o FILE is required: the report is an HTML file");
    if ((o.nmap || o.top) && !own.compare) return cli_usage_error("report", "--map and --top go with --compare");
    vdl_diags *d = vdl_diags_new();
    vdl_status st = VDL_OK;
    vdl_program *pa = NULL, *pb = NULL;
    vdl_data *da = NULL, *db = NULL;
    report_out w = { 0 };
    char *boundaries = NULL;
    if (!(pa = cli_compile(o.rules, d, &st))) goto out;
    if (own.compare && !(pb = cli_compile(own.compare, d, &st))) goto out;
    if (!(w.r = cli_run_side("report", "--date", pa, &o.a, &da, d, &st))) goto out;
    if (pb && !(w.other = cli_run_side("report", "--date", pb, &o.a, &db, d, &st))) goto out;
    boundaries = own.boundaries ? NULL : vdl_report_default_boundaries(w.r);
    const char *path = own.boundaries ? own.boundaries : boundaries;
    if (!(w.b = vdl_boundaries_read(path, d, &st))) goto out;
    w.ro = (vdl_report_options){ .map_output = own.map_output, .group = own.group, .boundaries_name = path,
                                 .map = o.map, .nmap = o.nmap, .top = o.top };
    w.d = d;
    st = (vdl_status)cli_write_atomic(o.out, write_report, &w);
out:
    vdl_diags_print(d, stderr);
    vdl_boundaries_free(w.b);
    vdl_free(boundaries);
    vdl_result_free(w.r);
    vdl_result_free(w.other);
    vdl_data_free(da);
    vdl_data_free(db);
    vdl_program_free(pa);
    vdl_program_free(pb);
    vdl_diags_free(d);
    return (int)st;
}
