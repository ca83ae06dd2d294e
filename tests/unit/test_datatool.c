/* test_datatool.c: the table API of verdeel_data.h used as a host program
 * would: read a table and its cells exactly, infer column types, write it
 * as JSON and CSV, convert decimal commas, check a rule file's tables and
 * make a template, with every failure a status and a diagnostic. */
#include "unit.h"
#include "verdeel.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[64];

static void put(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static const char *at(const char *name)
{
    static char path[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
    return path[k];
}

/* What vdl_table_write writes, as a string (the caller frees it). */
static char *written(const vdl_table *t, vdl_format f, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    *rc = vdl_table_write(t, f, m);
    fclose(m);
    return buf;
}

static void test_read_exactly(void)
{
    put("r.csv", "naam;opmerking;n\r\n\"Den Haag; stad\";\"a\r\nb\";1\r\n\"Zeg \"\"hoi\"\"\";;2");
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_table *t = vdl_table_read(at("r.csv"), 0, d, &st);
    CHECK(t != NULL && st == VDL_OK);
    if (!t) { vdl_diags_free(d); return; }
    CHECK(vdl_table_rows(t) == 2);
    CHECK(vdl_table_columns(t) == 3);
    CHECK(vdl_table_separator(t) == ';');
    CHECK_STR(vdl_table_header(t, 1), "opmerking");
    CHECK(vdl_table_header(t, 3) == NULL);
    CHECK_STR(vdl_table_cell(t, 0, 0), "Den Haag; stad");
    CHECK_STR(vdl_table_cell(t, 0, 1), "a\r\nb");
    CHECK_STR(vdl_table_cell(t, 1, 0), "Zeg \"hoi\"");
    CHECK_STR(vdl_table_cell(t, 1, 1), "");
    CHECK(vdl_table_cell(t, 2, 0) == NULL);
    CHECK(vdl_table_line(t, 0) == 2);
    CHECK(vdl_table_line(t, 1) == 4);   /* the quoted line break moved it */
    size_t missing = 0;
    CHECK(vdl_table_type(t, 2, &missing) == VDL_COL_INTEGER && missing == 0);
    CHECK(vdl_table_type(t, 1, &missing) == VDL_COL_TEXT && missing == 1);
    CHECK_STR(vdl_column_type_name(VDL_COL_DECIMAL), "decimal");

    int rc;
    char *json = written(t, VDL_FMT_JSON, &rc);
    CHECK(rc == 0);
    CHECK_STR(json, "[\n"
              "  {\"naam\": \"Den Haag; stad\", \"opmerking\": \"a\\r\\nb\", \"n\": \"1\"},\n"
              "  {\"naam\": \"Zeg \\\"hoi\\\"\", \"opmerking\": \"\", \"n\": \"2\"}\n"
              "]\n");
    free(json);
    char *csv = written(t, VDL_FMT_CSV, &rc);
    CHECK(rc == 0);
    CHECK_STR(csv, "naam,opmerking,n\nDen Haag; stad,\"a\r\nb\",1\n\"Zeg \"\"hoi\"\"\",,2\n");
    free(csv);
    char *md = written(t, VDL_FMT_MD, &rc);
    CHECK(rc == -1);
    free(md);
    vdl_table_free(t);

    t = vdl_table_read(at("none.csv"), 0, d, &st);
    CHECK(t == NULL && st == VDL_EDATA && vdl_diags_errors(d) == 1);
    put("bad.csv", "a,b\n1,\"2\n");
    t = vdl_table_read(at("bad.csv"), 0, d, &st);
    CHECK(t == NULL && st == VDL_EDATA && vdl_diags_errors(d) == 2);
    vdl_diags_free(d);
}

static void test_types(void)
{
    put("t.csv", "i,d,b,e,t\n1, 2.0 ,true,.,a\n-3,0.5,0,x,\n.,.,false,,\"1,5\"\n");
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_table *t = vdl_table_read(at("t.csv"), 0, d, &st);
    CHECK(t != NULL);
    if (t) {
        size_t m;
        CHECK(vdl_table_type(t, 0, &m) == VDL_COL_INTEGER && m == 1);
        CHECK(vdl_table_type(t, 1, &m) == VDL_COL_DECIMAL && m == 1);
        CHECK(vdl_table_type(t, 2, &m) == VDL_COL_BOOL && m == 0);
        CHECK(vdl_table_type(t, 3, &m) == VDL_COL_EMPTY && m == 3);
        CHECK(vdl_table_type(t, 4, NULL) == VDL_COL_TEXT);
    }
    vdl_table_free(t);
    vdl_diags_free(d);
}

static void test_convert(void)
{
    put("nl.csv", "gm;n;s\n\"GM01  \";1.234;-0,5\nWK0101;2;x\nGM02;12.345.678;.\n");
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_table *in = vdl_table_read(at("nl.csv"), 0, d, &st);
    CHECK(in != NULL);
    if (!in) { vdl_diags_free(d); return; }
    vdl_convert_options o = { 0 };
    o.rows = "gemeente";
    o.decimal_comma = 1;
    vdl_table *out = vdl_table_convert(in, &o, d, &st);
    CHECK(out == NULL && st == VDL_EDATA);   /* 1.234: a thousands dot or a decimal point? */
    CHECK(vdl_diags_errors(d) == 2);
    vdl_diags_clear(d);
    o.thousands = '.';
    vdl_name_pair cols[] = { { "code", "gm" }, { "inwoners", "n" }, { "score", "s" } };
    o.columns = cols;
    o.ncolumns = 3;
    out = vdl_table_convert(in, &o, d, &st);
    CHECK(out != NULL && st == VDL_OK);
    if (out) {
        int rc;
        char *csv = written(out, VDL_FMT_CSV, &rc);
        CHECK_STR(csv, "code,inwoners,score\nGM01,1234,-0.5\nGM02,12345678,\n");
        free(csv);
        CHECK(vdl_table_line(out, 1) == 4);
    }
    vdl_table_free(out);
    vdl_name_pair unknown[] = { { "x", "nope" } };
    o.columns = unknown;
    o.ncolumns = 1;
    out = vdl_table_convert(in, &o, d, &st);
    CHECK(out == NULL && st == VDL_EUSAGE);
    vdl_table_free(in);
    vdl_diags_free(d);
}

static const char rules[] =
    "law \"T\" valid from 2024-01-01\n"
    "dataset g from \"g.csv\" key code {\n"
    "  code text\n"
    "  prov text group province\n"
    "  pop integer persons\n"
    "}\n"
    "dataset s from \"s.csv\" key code join g {\n"
    "  score decimal\n"
    "}\n"
    "rule w = sum(pop * score) [a]\n"
    "output w\n";

static void test_check_and_template(void)
{
    put("g.csv", "code,prov,pop\nB,P1,3\nA,P1,-1\nC,P2,2\n");
    put("s.csv", "code,score\nA,1\nB,0.5\nD,2\n");
    char name[128];
    snprintf(name, sizeof name, "%s/t.vdl", dir);
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *p = vdl_compile_string(name, rules, sizeof rules - 1, d, &st);
    CHECK(p != NULL);
    if (!p) { vdl_diags_free(d); return; }
    char *buf = NULL;
    size_t len = 0, problems = 0;
    FILE *m = open_memstream(&buf, &len);
    vdl_check_options co = { 0, NULL, 0 };
    st = vdl_data_check(p, &co, m, d, &problems);
    fclose(m);
    /* a negative count, P2 on one row, C without a score, D not in g */
    CHECK(st == VDL_OK);
    CHECK(problems == 4);
    CHECK(strstr(buf, "4 problems: 1 error, 3 warnings\n") != NULL);
    free(buf);

    vdl_source bad = { .dataset = "nope", .path = "x.csv" };
    co.data = &bad;
    co.ndata = 1;
    m = open_memstream(&buf, &len);
    st = vdl_data_check(p, &co, m, d, &problems);
    fclose(m);
    free(buf);
    CHECK(st == VDL_EUSAGE);

    /* a table in memory, as for vdl_load */
    static const char fixed[] = "code,score\nA,1\nB,0.5\nC,2\n";
    vdl_source mem = { .dataset = "s", .path = "fixed.csv", .text = fixed, .len = sizeof fixed - 1 };
    co.data = &mem;
    m = open_memstream(&buf, &len);
    st = vdl_data_check(p, &co, m, d, &problems);
    fclose(m);
    CHECK(st == VDL_OK && problems == 2);   /* the negative count and P2 */
    CHECK(strstr(buf, "dataset s (fixed.csv): 3 rows, ok\n") != NULL);
    free(buf);

    vdl_template_options to = { 0 };
    const char *with[] = { "prov" };
    to.with = with;
    to.nwith = 1;
    vdl_table *t = vdl_data_template(p, &to, d, &st);
    CHECK(t != NULL && st == VDL_OK);
    if (t) {
        int rc;
        char *csv = written(t, VDL_FMT_CSV, &rc);
        CHECK_STR(csv, "code,prov,score\nA,P1,\nB,P1,\nC,P2,\n");
        free(csv);
    }
    vdl_table_free(t);
    to.dataset = "nope";
    t = vdl_data_template(p, &to, d, &st);
    CHECK(t == NULL && st == VDL_EUSAGE);
    vdl_program_free(p);
    vdl_diags_free(d);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/vdl-data-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    UNIT_RUN(test_read_exactly);
    UNIT_RUN(test_types);
    UNIT_RUN(test_convert);
    UNIT_RUN(test_check_and_template);
    const char *files[] = { "r.csv", "bad.csv", "t.csv", "nl.csv", "g.csv", "s.csv" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) unlink(at(files[i]));
    rmdir(dir);
    return UNIT_DONE("test_datatool");
}
