/* embed.c: verdeel inside another program, through the embedding API only.
 *
 * A rule file is compiled from a string, its table is given from memory,
 * the law runs with a parameter set by the program, and the results are
 * read value by value: no files, no command line, nothing printed by the
 * library.  Then a runner runs the law for many values of BO, as `verdeel
 * sweep` does, computing again only what BO reaches.  Build against an installed verdeel with
 *     cc embed.c $(pkg-config --cflags --libs verdeel)
 */
#include <stdio.h>
#include <string.h>
#include <verdeel.h>

static const char rules[] =
    "law \"Embedded example\" valid from 2024-01-01\n"
    "dataset gemeente key code {\n"
    "    code text\n"
    "    provincie text group provincie\n"
    "    inwoners integer persons\n"
    "}\n"
    "param BO : places = 100  [example]\n"
    "rule aandeel : places = apportion(BO, inwoners, largest_remainder)  [example]\n"
    "per provincie {\n"
    "    rule taak : places = sum(aandeel)  [example]\n"
    "    criterion genoeg = taak >= 100  [example]\n"
    "}\n"
    "output aandeel, taak\n";

static const char table[] =
    "code,provincie,inwoners\n"
    "A,Noord,100\n"
    "B,Noord,200\n"
    "C,Zuid,700\n";

/* An error from the library: its diagnostics, then an exit status. */
static int fail(vdl_diags *d, vdl_status st)
{
    vdl_diags_print(d, stderr);
    return (int)st;
}

int main(void)
{
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    vdl_program *p = vdl_compile_string("embedded.vdl", rules, sizeof rules - 1, d, &st);
    if (!p) return fail(d, st);
    vdl_source src = { NULL, "table.csv", table, sizeof table - 1 };
    vdl_data *data = vdl_load(p, vdl_default_date(p), &src, 1, d, &st);
    if (!data) return fail(d, st);
    vdl_setting set = { "BO", "300" };
    vdl_result *r = vdl_run(p, data, vdl_default_date(p), &set, 1, d, &st);
    if (!r) return fail(d, st);

    for (size_t i = 0; i < vdl_rows(r, NULL); i++) {
        vdl_num v;
        vdl_value(r, "aandeel", i, &v);
        printf("%s %s: %lld places\n", vdl_row_key(r, NULL, i), vdl_text(r, "provincie", i), (long long)v.num);
    }
    for (size_t i = 0; i < vdl_rows(r, "provincie"); i++) {
        vdl_num v;
        vdl_value(r, "taak", i, &v);
        printf("provincie %s: %lld places\n", vdl_row_key(r, "provincie", i), (long long)v.num);
    }
    for (size_t i = 0; i < vdl_finding_count(r); i++) {
        vdl_finding f;
        vdl_finding_get(r, i, &f);
        printf("finding: %s for %s %s [%s]\n", f.criterion, f.level, f.key, f.citation);
    }

    /* many scenarios: Noord's task for BO = 100, 200, ..., 500 */
    vdl_ref noord;
    vdl_ref_find(r, "taak", 0, &noord);
    const char *varied[] = { "BO" };
    vdl_runner *rn = vdl_runner_new(p, data, vdl_default_date(p), NULL, 0, varied, 1, d, &st);
    if (!rn) return fail(d, st);
    for (int64_t bo = 100; bo <= 500; bo += 100) {
        vdl_num value = { bo, 1 }, taak;
        const vdl_result *one = vdl_runner_run(rn, &value, d, &st);
        if (!one) return fail(d, st);
        vdl_ref_value(one, noord, &taak);
        printf("BO %lld: Noord %lld places\n", (long long)bo, (long long)taak.num);
    }
    vdl_runner_free(rn);

    vdl_result_free(r);
    vdl_data_free(data);
    vdl_program_free(p);
    vdl_diags_free(d);
    return 0;
}
