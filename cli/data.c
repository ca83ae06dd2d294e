/* data.c: `verdeel data show|check|convert|template`, on the public API
 * only (verdeel_data.h).  check and template take a rule file and the
 * --data/--date options of run, so they go through cli_parse; show and
 * convert take a table and options of their own, parsed here. */
#include "cli.h"

#include <string.h>

static const char data_help[] =
    "usage: verdeel data SUBCOMMAND [ARGS]\n"
    "\n"
    "Inspect, check and convert the tables a rule file reads.\n"
    "\n"
    "subcommands:\n"
    "  show FILE        the table as verdeel reads it: separator, encoding,\n"
    "                   column types and rows (as text, CSV or JSON)\n"
    "  check RULES      check a rule file's tables against its dataset\n"
    "                   declarations without running the law\n"
    "  convert FILE     a CBS StatLine export or a Dutch spreadsheet's CSV as\n"
    "                   plain CSV\n"
    "  template RULES   an empty table of a dataset's columns with a row per\n"
    "                   municipality, to fill in\n"
    "\n"
    "'verdeel data SUBCOMMAND --help' describes each.  Exit status: 0 ok,\n"
    "1 problems found (check), 2 usage, 65 rule-file error, 66 a table cannot\n"
    "be read or has errors, 73 output error, 74 the rule file cannot be read.\n";

static const char show_help[] =
    "usage: verdeel data show FILE [options]\n"
    "\n"
    "Print a table exactly as verdeel reads it: the separator and encoding it\n"
    "detected, the line ends, each column's type (integer, decimal, bool, text,\n"
    "or empty; CBS's '.' and 'x' count as missing) and missing cells, then the\n"
    "rows with the line each starts on.  CSV and JSON keep every cell exactly\n"
    "as read: separators, quotes, line breaks inside quotes, UTF-8.\n"
    "\n"
    "options:\n"
    "  --format FORMAT        text (default); csv (RFC 4180: ',', UTF-8, LF); json\n"
    "                         (an array of objects, one per row, keys from the\n"
    "                         header, every value a string)\n"
    "  --sep SEP              read with this separator: ',', ';' or tab (default:\n"
    "                         the first ',' or ';' on the header line)\n"
    "  -o, --output FILE      write to FILE (complete or not at all) instead of stdout\n";

static const char check_help[] =
    "usage: verdeel data check RULES [options]\n"
    "\n"
    "Check the tables a rule file reads against its dataset declarations,\n"
    "with the typing rules of a run but without running the law.  Errors (a\n"
    "run refuses the data): a missing column, a cell not of its column's type,\n"
    "an empty or duplicate key, an empty group value, a municipality without a\n"
    "row in a joined table.  Warnings (likely mistakes a run accepts): a group\n"
    "value on one row only, a negative count, a key of a joined table that\n"
    "looks like the main table's keys but is not one.  Notes: columns no\n"
    "declaration reads, rows of another kind a run skips.  Each with its file,\n"
    "line, column and value.  Exit status: 0 no problems, 1 problems, 2 or more\n"
    "an error.\n"
    "\n"
    "options:\n"
    "  --data [DATASET=]FILE  check FILE instead of the file the rule file names\n"
    "                         (without DATASET: the main table)\n"
    "  --date YYYY-MM-DD      the date whose column sources apply (default: the\n"
    "                         law's `valid from` date)\n";

static const char convert_help[] =
    "usage: verdeel data convert FILE [options]\n"
    "\n"
    "Write a table as plain CSV (',', UTF-8, LF, '.' before decimals) for a rule\n"
    "file to read: a CBS StatLine export (\"CSV met statistische symbolen\": ';',\n"
    "quoted, padded numbers, '.' for missing, municipality, district and\n"
    "neighbourhood rows mixed) or a Dutch spreadsheet's CSV (';', decimal\n"
    "comma).  Cells are trimmed; CBS's '.' (missing) and 'x' (secret) become\n"
    "empty cells, which a run reports as missing.  A number is never guessed:\n"
    "a ',' in a number needs --decimal-comma, a '.' in a table with decimal\n"
    "commas needs --thousands ., and a cell that does not fit is an error.\n"
    "\n"
    "options:\n"
    "  --rows PREFIX          only the rows whose region code starts with PREFIX:\n"
    "                         GM (or gemeente), WK (wijk), BU (buurt), ...\n"
    "  --code-column HEADER   the column of region codes (default: the one column\n"
    "                         of codes such as GM0363 with one starting with PREFIX)\n"
    "  --column [NAME=]HEADER write column HEADER, named NAME; repeat for more, in\n"
    "                         the order wanted (default: every column as it is)\n"
    "  --decimal-comma        ',' separates the decimals: 1,5 is written 1.5\n"
    "  --thousands SEP        '.' (or ',') separates thousands: 1.234 is 1234\n"
    "  --sep SEP              read with this separator: ',', ';' or tab\n"
    "  -o, --output FILE      write to FILE (complete or not at all) instead of stdout\n";

static const char template_help[] =
    "usage: verdeel data template RULES [options]\n"
    "\n"
    "Write an empty table for a dataset of a rule file, as CSV: its key column\n"
    "and every column it declares (named as a run on the date reads them), and\n"
    "a row per municipality of the main table in key order, for an analyst to\n"
    "fill in and pass to a run with --data DATASET=FILE.\n"
    "\n"
    "options:\n"
    "  --dataset NAME         the dataset (default: the one dataset joined to the\n"
    "                         main table)\n"
    "  --with COLUMN          also fill in a column of the main table (such as its\n"
    "                         name) after the key; repeat for more\n"
    "  --data FILE            the municipalities of FILE instead of the main\n"
    "                         table's file\n"
    "  --date YYYY-MM-DD      the date whose column names apply (default: the\n"
    "                         law's `valid from` date)\n"
    "  -o, --output FILE      write to FILE (complete or not at all) instead of stdout\n";

static bool wants_help(int argc, char **argv, const char *text)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(text, stdout);
            return true;
        }
    }
    return false;
}

/* argv[*i] is option `name` ("--name V" or "--name=V"): *val gets V.
 * Returns 1 when it matched, 0 when not, VDL_EUSAGE (printed) when the
 * value is missing. */
static int opt(const char *cmd, int argc, char **argv, int *i, const char *name, bool takes, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0) return 0;
    if (a[n] == '\0') {
        if (!takes) return 1;
        if (*i + 1 >= argc) return -cli_usage_error(cmd, "option '%s' needs a value", name);
        *val = argv[++*i];
        return 1;
    }
    if (a[n] == '=' && takes) {
        *val = a + n + 1;
        return 1;
    }
    return 0;
}

static int parse_sep(const char *cmd, const char *v, char *sep)
{
    if (strcmp(v, ",") == 0 || strcmp(v, ";") == 0 || strcmp(v, "\t") == 0) *sep = v[0];
    else if (strcmp(v, "tab") == 0) *sep = '\t';
    else return cli_usage_error(cmd, "--sep '%s': the separator is ',', ';' or tab", v);
    return 0;
}

enum { MAX_COLUMNS = 256 };

typedef struct {
    const char         *file;
    vdl_format          format;
    char                sep;
    const char         *out;
    vdl_convert_options conv;
    vdl_name_pair       columns[MAX_COLUMNS];
    char                names[MAX_COLUMNS][128];
} table_opts;

/* The options of show (convert = false) or convert, and the one FILE. */
static int parse_table_opts(const char *cmd, int argc, char **argv, bool convert, table_opts *o)
{
    memset(o, 0, sizeof *o);
    o->conv.columns = o->columns;
    bool files_only = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (files_only || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->file) return cli_usage_error(cmd, "more than one table: '%s' and '%s'", o->file, a);
            o->file = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { files_only = true; continue; }
        int m;
        if ((m = opt(cmd, argc, argv, &i, "--sep", true, &v)) != 0) {
            if (m < 0) return -m;
            int rc = parse_sep(cmd, v, &o->sep);
            if (rc) return rc;
        } else if ((m = opt(cmd, argc, argv, &i, "--output", true, &v)) != 0 ||
                   (m = opt(cmd, argc, argv, &i, "-o", true, &v)) != 0) {
            if (m < 0) return -m;
            o->out = v;
        } else if (!convert && (m = opt(cmd, argc, argv, &i, "--format", true, &v)) != 0) {
            if (m < 0) return -m;
            if (strcmp(v, "text") == 0) o->format = VDL_FMT_TEXT;
            else if (strcmp(v, "csv") == 0) o->format = VDL_FMT_CSV;
            else if (strcmp(v, "json") == 0) o->format = VDL_FMT_JSON;
            else return cli_usage_error(cmd, "unknown format '%s' (text, csv or json)", v);
        } else if (convert && (m = opt(cmd, argc, argv, &i, "--rows", true, &v)) != 0) {
            if (m < 0) return -m;
            if (!*v) return cli_usage_error(cmd, "--rows: no prefix");
            o->conv.rows = v;
        } else if (convert && (m = opt(cmd, argc, argv, &i, "--code-column", true, &v)) != 0) {
            if (m < 0) return -m;
            o->conv.code_column = v;
        } else if (convert && (m = opt(cmd, argc, argv, &i, "--column", true, &v)) != 0) {
            if (m < 0) return -m;
            if (o->conv.ncolumns == MAX_COLUMNS) return cli_usage_error(cmd, "too many --column options");
            vdl_name_pair *c = &o->columns[o->conv.ncolumns];
            const char *eq = strchr(v, '=');
            c->a = c->b = v;
            if (eq) {
                size_t n = (size_t)(eq - v);
                if (n == 0 || !eq[1] || n >= sizeof o->names[0])
                    return cli_usage_error(cmd, "--column %s: expected [NAME=]HEADER", v);
                memcpy(o->names[o->conv.ncolumns], v, n);
                o->names[o->conv.ncolumns][n] = '\0';
                c->a = o->names[o->conv.ncolumns];
                c->b = eq + 1;
            }
            if (!*c->b) return cli_usage_error(cmd, "--column: no header");
            o->conv.ncolumns++;
        } else if (convert && (m = opt(cmd, argc, argv, &i, "--decimal-comma", false, &v)) != 0) {
            o->conv.decimal_comma = 1;
        } else if (convert && (m = opt(cmd, argc, argv, &i, "--thousands", true, &v)) != 0) {
            if (m < 0) return -m;
            if (strcmp(v, ".") != 0 && strcmp(v, ",") != 0)
                return cli_usage_error(cmd, "--thousands %s: the thousands separator is '.' or ','", v);
            o->conv.thousands = v[0];
        } else {
            return cli_usage_error(cmd, "unknown option '%s'", a);
        }
    }
    if (!o->file) return cli_usage_error(cmd, "no table given");
    if (o->conv.code_column && !o->conv.rows) return cli_usage_error(cmd, "--code-column goes with --rows");
    return 0;
}

typedef struct { const vdl_table *t; vdl_format format; } table_out;

static int write_table(FILE *f, void *arg)
{
    table_out *w = arg;
    return vdl_table_write(w->t, w->format, f) == 0 ? 0 : VDL_EOUTPUT;
}

static int data_show(int argc, char **argv)
{
    if (wants_help(argc, argv, show_help)) return 0;
    table_opts o;
    int rc = parse_table_opts("data show", argc, argv, false, &o);
    if (rc) return rc;
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_table *t = vdl_table_read(o.file, o.sep, d, &st);
    if (t) {
        table_out w = { t, o.format };
        st = (vdl_status)cli_write_atomic(o.out, write_table, &w);
    }
    vdl_diags_print(d, stderr);
    vdl_table_free(t);
    vdl_diags_free(d);
    return (int)st;
}

static int data_convert(int argc, char **argv)
{
    if (wants_help(argc, argv, convert_help)) return 0;
    table_opts o;
    int rc = parse_table_opts("data convert", argc, argv, true, &o);
    if (rc) return rc;
    if (o.conv.thousands && o.conv.thousands == '.' && !o.conv.decimal_comma)
        return cli_usage_error("data convert", "--thousands .: '.' is the decimal separator unless --decimal-comma is given");
    if (o.conv.thousands == ',' && o.conv.decimal_comma)
        return cli_usage_error("data convert", "--thousands , and --decimal-comma exclude each other");
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_table *in = vdl_table_read(o.file, o.sep, d, &st), *out = NULL;
    if (in && (out = vdl_table_convert(in, &o.conv, d, &st))) {
        table_out w = { out, VDL_FMT_CSV };
        st = (vdl_status)cli_write_atomic(o.out, write_table, &w);
    }
    vdl_diags_print(d, stderr);
    vdl_table_free(out);
    vdl_table_free(in);
    vdl_diags_free(d);
    return (int)st;
}

static vdl_program *compile_rules(const char *path, vdl_diags *d, vdl_status *st)
{
    vdl_program *p = vdl_compile_file(path, d, st);
    vdl_diags_print(d, stderr);
    vdl_diags_clear(d);
    return p;
}

/* --date, or 0 for the law's own date; -1 after a usage error. */
static int32_t date_opt(const char *cmd, const char *date)
{
    int32_t v = 0;
    if (date && vdl_parse_date(date, &v) != 0) {
        cli_usage_error(cmd, "--date %s: not a date (YYYY-MM-DD)", date);
        return -1;
    }
    return v;
}

static int data_check(int argc, char **argv)
{
    if (wants_help(argc, argv, check_help)) return 0;
    cli_opts o;
    int rc = cli_parse("data check", argc, argv, "dD", &o);
    if (rc) return rc;
    int32_t date = date_opt("data check", o.a.date);
    if (date < 0) return VDL_EUSAGE;
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    size_t problems = 0;
    vdl_program *p = compile_rules(o.rules, d, &st);
    if (p) {
        vdl_check_options co = { date, o.a.data, o.a.ndata };
        st = vdl_data_check(p, &co, stdout, d, &problems);
        if (fflush(stdout) != 0 && st == VDL_OK) st = VDL_EOUTPUT;
    }
    vdl_diags_print(d, stderr);
    vdl_program_free(p);
    vdl_diags_free(d);
    if (st != VDL_OK) return (int)st;
    return problems ? 1 : 0;
}

static int data_template(int argc, char **argv)
{
    if (wants_help(argc, argv, template_help)) return 0;
    /* --dataset and --with are template's own: take them out, and let
     * cli_parse read the rest as for run */
    const char *dataset = NULL;
    const char *with[64];
    int nwith = 0, nrest = 1;
    char *rest[512];
    rest[0] = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int m;
        if ((m = opt("data template", argc, argv, &i, "--dataset", true, &v)) != 0) {
            if (m < 0) return -m;
            dataset = v;
        } else if ((m = opt("data template", argc, argv, &i, "--with", true, &v)) != 0) {
            if (m < 0) return -m;
            if (nwith == 64) return cli_usage_error("data template", "too many --with options");
            with[nwith++] = v;
        } else {
            if (nrest == 512) return cli_usage_error("data template", "too many arguments");
            rest[nrest++] = argv[i];
        }
    }
    cli_opts o;
    int rc = cli_parse("data template", nrest, rest, "dDo", &o);
    if (rc) return rc;
    int32_t date = date_opt("data template", o.a.date);
    if (date < 0) return VDL_EUSAGE;
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *p = compile_rules(o.rules, d, &st);
    vdl_table *t = NULL;
    if (p) {
        vdl_template_options to = { date, dataset, with, nwith, o.a.data, o.a.ndata };
        if ((t = vdl_data_template(p, &to, d, &st))) {
            table_out w = { t, VDL_FMT_CSV };
            st = (vdl_status)cli_write_atomic(o.out, write_table, &w);
        }
    }
    vdl_diags_print(d, stderr);
    vdl_table_free(t);
    vdl_program_free(p);
    vdl_diags_free(d);
    return (int)st;
}

int cmd_data(int argc, char **argv)
{
    if (argc < 2) {
        fputs(data_help, stderr);
        return VDL_EUSAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        fputs(data_help, stdout);
        return 0;
    }
    if (strcmp(sub, "show") == 0) return data_show(argc - 1, argv + 1);
    if (strcmp(sub, "check") == 0) return data_check(argc - 1, argv + 1);
    if (strcmp(sub, "convert") == 0) return data_convert(argc - 1, argv + 1);
    if (strcmp(sub, "template") == 0) return data_template(argc - 1, argv + 1);
    fprintf(stderr, "verdeel: error: unknown data subcommand '%s'\n    hint: see 'verdeel data --help'\n", sub);
    return VDL_EUSAGE;
}
