/* test_api.c: the embedding API (verdeel.h) used the way a host program
 * would: compile from a string, load a table, run, read values, override a
 * parameter, and get errors back as statuses and diagnostics. */
#include "unit.h"
#include "verdeel.h"

#include <stdlib.h>
#include <unistd.h>

static char csv_path[64];

static const char rules[] =
    "law \"Test\" valid from 2024-01-01\n"
    "dataset g key code {\n"
    "  code text\n"
    "  prov text group province\n"
    "  pop integer persons\n"
    "}\n"
    "param total : places = 10 [t]\n"
    "rule share : places = apportion(total, pop, largest_remainder) [a]\n"
    "rule half = pop / 2 [b]\n"
    "per province { rule pt : places = sum(share) [c] }\n"
    "output share, half, pt\n";

static void write_csv(void)
{
    snprintf(csv_path, sizeof csv_path, "/tmp/vdl-api-XXXXXX");
    int fd = mkstemp(csv_path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("code,prov,pop\nB,P2,3\nA,P1,1\nC,P2,0\n", f);
    fclose(f);
}

static void test_compile_errors(void)
{
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *p = vdl_compile_string("bad.vdl", "rule x = y [c]\n", 15, d, &st);
    CHECK(p == NULL);
    CHECK(st == VDL_ERULES);
    CHECK(vdl_diags_errors(d) >= 1);
    CHECK_STR(vdl_diags_message(d, 0), "the file declares no dataset");
    vdl_diags_free(d);
}

static void test_run_and_read(void)
{
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *p = vdl_compile_string("t.vdl", rules, sizeof rules - 1, d, &st);
    CHECK(p != NULL && st == VDL_OK);
    CHECK(vdl_default_date(p) == 20240101);
    vdl_source src = { .path = csv_path };
    vdl_data *data = vdl_load(p, 20240101, &src, 1, d, &st);
    CHECK(data != NULL && st == VDL_OK);
    vdl_result *r = vdl_run(p, data, 20240101, NULL, 0, d, &st);
    CHECK(r != NULL && st == VDL_OK);
    /* entities come in key order: A, B, C */
    CHECK(vdl_rows(r, NULL) == 3);
    CHECK_STR(vdl_row_key(r, NULL, 0), "A");
    CHECK_STR(vdl_row_key(r, "g", 2), "C");
    vdl_num v;
    /* quotas 2.5 and 7.5: floors 2 + 7, the one left goes to the larger
     * remainder; both are .5, so to the larger weight: B */
    CHECK(vdl_value(r, "share", 0, &v) == 0 && v.num == 2 && v.den == 1);
    CHECK(vdl_value(r, "share", 1, &v) == 0 && v.num == 8 && v.den == 1);
    CHECK(vdl_value(r, "half", 1, &v) == 0 && v.num == 3 && v.den == 2);
    CHECK(vdl_value(r, "nope", 0, &v) == -1);
    CHECK(vdl_value(r, "share", 3, &v) == -1);
    CHECK(vdl_rows(r, "province") == 2);
    CHECK_STR(vdl_row_key(r, "province", 1), "P2");
    CHECK(vdl_value(r, "pt", 1, &v) == 0 && v.num == 8);
    CHECK_STR(vdl_level_of(r, "pt"), "province");
    CHECK_STR(vdl_text(r, "prov", 0), "P1");
    CHECK(vdl_rows(r, "nolevel") == (size_t)-1);
    vdl_result_free(r);

    vdl_setting set = { "total", "20" };
    r = vdl_run(p, data, 20240101, &set, 1, d, &st);
    CHECK(r != NULL);
    CHECK(vdl_value(r, "share", 1, &v) == 0 && v.num == 15);
    vdl_result_free(r);

    vdl_setting bad = { "total", "-1" };
    r = vdl_run(p, data, 20240101, &bad, 1, d, &st);
    CHECK(r == NULL && st == VDL_ERUNTIME);
    CHECK(vdl_diags_errors(d) == 1);

    vdl_setting unknown = { "nope", "1" };
    r = vdl_run(p, data, 20240101, &unknown, 1, d, &st);
    CHECK(r == NULL && st == VDL_EUSAGE);

    vdl_data_free(data);
    vdl_program_free(p);
    vdl_diags_free(d);
}

static void test_data_errors(void)
{
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *p = vdl_compile_string("t.vdl", rules, sizeof rules - 1, d, &st);
    vdl_data *data = vdl_load(p, 20240101, NULL, 0, d, &st);
    CHECK(data == NULL && st == VDL_EDATA);   /* the dataset names no file */
    vdl_source src = { .path = "/nonexistent/x.csv" };
    data = vdl_load(p, 20240101, &src, 1, d, &st);
    CHECK(data == NULL && st == VDL_EDATA);
    CHECK(vdl_diags_errors(d) == 2);
    vdl_program_free(p);
    vdl_diags_free(d);
}

/* A runner gives, run after run, what vdl_run gives with the same
 * settings; a bad value or a failing run is an error for that run only. */
static void test_runner(void)
{
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *p = vdl_compile_string("t.vdl", rules, sizeof rules - 1, d, &st);
    vdl_source src = { .path = csv_path };
    vdl_data *data = vdl_load(p, 20240101, &src, 1, d, &st);
    CHECK(p && data);
    const char *varied[] = { "total" };
    CHECK(vdl_runner_new(p, data, 20240101, NULL, 0, (const char *[]){ "pop" }, 1, d, &st) == NULL
          && st == VDL_EUSAGE);
    vdl_diags_clear(d);
    vdl_runner *rn = vdl_runner_new(p, data, 20240101, NULL, 0, varied, 1, d, &st);
    CHECK(rn != NULL && st == VDL_OK);
    vdl_ref share_b, pt_p2;
    for (int64_t t = 0; t <= 30; t += 3) {
        vdl_num v = { t, 1 };
        const vdl_result *r = vdl_runner_run(rn, &v, d, &st);
        CHECK(r != NULL && st == VDL_OK);
        if (t == 0) {
            CHECK(vdl_ref_find(r, "share", 1, &share_b) == 0);
            CHECK(vdl_ref_find(r, "pt", 1, &pt_p2) == 0);
            CHECK(vdl_ref_find(r, "share", 3, &pt_p2) == -1);
        }
        char tv[24];
        snprintf(tv, sizeof tv, "%lld", (long long)t);
        vdl_setting set = { "total", tv };
        vdl_result *one = vdl_run(p, data, 20240101, &set, 1, d, &st);
        vdl_num a, b;
        CHECK(vdl_ref_value(r, share_b, &a) == 0 && vdl_value(one, "share", 1, &b) == 0 && a.num == b.num);
        CHECK(vdl_ref_value(r, pt_p2, &a) == 0 && vdl_value(one, "pt", 1, &b) == 0 && a.num == b.num);
        vdl_result_free(one);
    }
    vdl_num half = { 1, 2 };
    CHECK(vdl_runner_run(rn, &half, d, &st) == NULL && st == VDL_ERUNTIME);
    CHECK_STR(vdl_diags_message(d, 0), "apportion: total is not a whole number of at least 0 (total 0.5) in rule 'share'");
    vdl_diags_clear(d);
    vdl_num ten = { 10, 1 }, x;
    const vdl_result *r = vdl_runner_run(rn, &ten, d, &st);
    CHECK(r && vdl_ref_value(r, share_b, &x) == 0 && x.num == 8 && x.den == 1);
    vdl_runner_free(rn);
    vdl_data_free(data);
    vdl_program_free(p);

    /* a value an integer parameter cannot take */
    static const char ints[] = "law \"I\" valid from 2024-01-01\n"
                               "dataset g key code { code text  prov text  pop integer persons }\n"
                               "param n : integer = 1 [t]\n"
                               "rule k = pop * n [a]\n"
                               "output k\n";
    p = vdl_compile_string("i.vdl", ints, sizeof ints - 1, d, &st);
    data = vdl_load(p, 20240101, &src, 1, d, &st);
    rn = vdl_runner_new(p, data, 20240101, NULL, 0, (const char *[]){ "n" }, 1, d, &st);
    CHECK(p && data && rn);
    CHECK(vdl_runner_run(rn, &half, d, &st) == NULL && st == VDL_EUSAGE);
    CHECK_STR(vdl_diags_message(d, 0), "--set n=0.5: not a valid value for this parameter");
    vdl_diags_clear(d);
    vdl_num two = { 2, 1 };
    r = vdl_runner_run(rn, &two, d, &st);
    CHECK(r && vdl_value(r, "k", 1, &x) == 0 && x.num == 6);
    vdl_runner_free(rn);
    vdl_data_free(data);
    vdl_program_free(p);
    vdl_diags_free(d);
}

static void test_dates(void)
{
    int32_t x = 0;
    CHECK(vdl_parse_date("2024-02-29", &x) == 0 && x == 20240229);
    CHECK(vdl_parse_date("2023-02-29", &x) == -1);
    CHECK(vdl_parse_date("2024-2-01", &x) == -1);
    CHECK(vdl_parse_date("", &x) == -1);
}

int main(void)
{
    write_csv();
    UNIT_RUN(test_compile_errors);
    UNIT_RUN(test_run_and_read);
    UNIT_RUN(test_data_errors);
    UNIT_RUN(test_runner);
    UNIT_RUN(test_dates);
    unlink(csv_path);
    return UNIT_DONE("test_api");
}
