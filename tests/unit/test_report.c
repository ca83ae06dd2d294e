/* test_report.c: the pieces of the HTML report: the strict GeoJSON reader
 * (what it accepts, what it refuses, the numbers it reads), the projection,
 * the path simplification and its rounding, and the colour scales. */
#include "unit.h"
#include "geojson.h"
#include "svg.h"
#include "verdeel.h"

#include <stdlib.h>

static int parse(const char *text, geo_set *s)
{
    diag_list d = { 0 };
    int rc = geo_parse("t.geojson", text, strlen(text), s, &d);
    if (rc != 0 && d.n == 0) rc = 99;       /* an error must say why */
    diag_list_free(&d);
    return rc;
}

/* The first message for a text that must be refused ("" if accepted). */
static char msg[400];
static const char *refuse(const char *text)
{
    diag_list d = { 0 };
    geo_set s;
    msg[0] = '\0';
    if (geo_parse("t.geojson", text, strlen(text), &s, &d) == 0) geo_free(&s);
    else if (d.n) snprintf(msg, sizeof msg, "%d:%d: %s", d.items[0].span.first_line, d.items[0].span.first_column, d.items[0].msg);
    diag_list_free(&d);
    return msg;
}

#define SQUARE "[[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]]]"
#define FC(features) "{\"type\": \"FeatureCollection\", \"features\": [" features "]}"
#define POLY(props) "{\"type\": \"Feature\", \"properties\": " props ", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": " SQUARE "}}"

static void test_reads_features(void)
{
    geo_set s;
    const char *text =
        "\xEF\xBB\xBF{\"bbox\": [1, 2, 3, 4], \"type\": \"FeatureCollection\", \"features\": [\n"
        "  {\"type\": \"Feature\", \"id\": 17, \"properties\": {\"gm_code\": \"GM0014\", \"name\": \"Fryslân \\u00e9\\ud83d\\ude00\","
        " \"n\": -1.5e3, \"o\": {\"deep\": [true, false, null]}},\n"
        "   \"geometry\": {\"coordinates\": [[[[5.0, 52.0, 1], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]],"
        " [[5.01, 52.01], [5.02, 52.01], [5.02, 52.02], [5.01, 52.01]]], " SQUARE "], \"type\": \"MultiPolygon\"}},\n"
        "  " POLY("null") "\n]}\n";
    CHECK(parse(text, &s) == 0);
    CHECK(s.n == 2);
    if (s.n != 2) return;
    CHECK_STR(s.f[0].id, "17");
    CHECK_STR(geo_prop(&s.f[0], "gm_code"), "GM0014");
    CHECK_STR(geo_prop(&s.f[0], "name"), "Fryslân \xC3\xA9\xF0\x9F\x98\x80");
    CHECK_STR(geo_prop(&s.f[0], "n"), "-1.5e3");
    CHECK(geo_prop(&s.f[0], "o") == NULL);
    CHECK(s.f[0].nrings == 3 && s.f[0].npts == 12);
    CHECK(s.f[0].ring_end[0] == 4 && s.f[0].ring_end[1] == 8);
    CHECK(s.f[0].line == 2 && s.f[1].line == 4);
    CHECK(s.f[1].id == NULL && s.f[1].nprops == 0);
    geo_free(&s);
}

static void test_numbers_exact(void)
{
    geo_set s;
    const char *text = FC("{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                          "[[[6.773, 53.283097], [-0.5E-1, 1e1], [0.000123456789012345678901, 12345678901234567890e-18],"
                          " [6.773, 53.283097]]]}}");
    CHECK(parse(text, &s) == 0);
    if (s.n != 1) return;
    const geo_pt *p = s.f[0].pts;
    /* the same doubles a correctly rounding strtod gives */
    CHECK(p[0].x == 6.773 && p[0].y == 53.283097);
    CHECK(p[1].x == -0.05 && p[1].y == 10.0);
    CHECK(p[2].x > 0.00012345678901 && p[2].x < 0.00012345678902);
    CHECK(p[2].y > 12.3456789012 && p[2].y < 12.3456789013);
    geo_free(&s);
}

static void test_refuses(void)
{
    static const struct { const char *text, *want; } cases[] = {
        { "", "1:1: not a GeoJSON FeatureCollection: expected '{', found the end of the file" },
        { "[]", "1:1: not a GeoJSON FeatureCollection: expected '{', found '['" },
        { FC(POLY("{}")) " x", "more text after the JSON value" },
        { FC(POLY("{\"a\": 1,}")), "a ',' before '}'" },
        { FC(POLY("{\"a\": 01}")), "leading zeros" },
        { FC(POLY("{\"a\": .5}")), "expected a value" },
        { FC(POLY("{\"a\": 1.}")), "a digit must follow the decimal point" },
        { FC(POLY("{\"a\": NaN}")), "expected a value" },
        { FC(POLY("{\"a\": tru}")), "not a JSON value" },
        { FC(POLY("{\"a\": \"x\ty\"}")), "a control character" },
        { FC(POLY("{\"a\": \"\\ud800\"}")), "without its low surrogate" },
        { FC(POLY("{\"a\": \"\\udc00\"}")), "a lone low surrogate" },
        { FC(POLY("{\"a\": \"\xC0\xAF\"}")), "not valid UTF-8" },
        { FC(POLY("{\"a\": \"\xED\xA0\x80\"}")), "not valid UTF-8" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"a\": \"x",
          "1:84: this string is not closed" },
        { FC(POLY("{\"a\": 1, \"a\": 2}")), "property \"a\" given twice" },
        { FC(POLY("{} // c")), "found '/'" },
        { "{\"type\": \"FeatureCollection\"}", "no \"features\"" },
        { "{\"type\": \"FeatureCollection\", \"features\": []}", "no features" },
        { "{\"type\": \"Topology\", \"features\": []}", "expected a \"FeatureCollection\"" },
        { "{\"type\": \"FeatureCollection\", \"type\": \"FeatureCollection\", \"features\": []}", "given twice" },
        { FC("{\"type\": \"Feature\", \"properties\": {}, \"geometry\": null}"), "no geometry" },
        { FC("{\"type\": \"Feature\", \"properties\": {}}"), "no \"geometry\"" },
        { FC("{\"type\": \"Feature\", \"id\": true, \"properties\": {}, \"geometry\": null}"), "\"id\" is a string or a number" },
        { FC("{\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[5, 52], [6, 52]]}}"), "not an area" },
        { FC("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[5, 52], [6, 52], [6, 53], [5, 52]]}}"),
          "nested 2 deep, not 3" },
        { FC("{\"type\": \"Feature\", \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\": " SQUARE "}}"),
          "nested 3 deep, not 4" },
        { FC("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[5, 52], [6, 52], [5, 52]]]}}"),
          "four positions or more, found 3" },
        { FC("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[5, 52], [6, 52], [6, 53], [5, 53]]]}}"),
          "does not end on its first" },
        { FC("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[5, 52, 0, 1], [6, 52], [6, 53], [5, 52]]]}}"),
          "two numbers" },
        { FC("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[52, 181], [6, 52], [6, 53], [52, 181]]]}}"),
          "not a WGS84" },
        { FC("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[5, 52], [6, 52], [6, 53], [5, 52]], [5, 52]]}}"),
          "unevenly" },
        { FC("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": []}}"), "empty array" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = refuse(cases[i].text);
        if (!*got || !strstr(got, cases[i].want)) {
            unit_cur_failed++;
            fprintf(stderr, "case %zu: want an error with \"%s\", got \"%s\"\n", i, cases[i].want, got);
        }
    }
    /* nesting is bounded */
    char deep[400];
    size_t n = 0;
    n += (size_t)snprintf(deep, sizeof deep, "{\"x\": ");
    for (int k = 0; k < 100; k++) deep[n++] = '[';
    deep[n] = '\0';
    CHECK(strstr(refuse(deep), "nested more than") != NULL);
    /* a message has the line and column of the problem */
    CHECK_STR(refuse("{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Fea\"}]}"),
              "3:12: expected a \"Feature\", found \"Fea\"");
}

static void test_projection(void)
{
    double x, y;
    svg_project(5.38763888888889, 52.15616055555555, &x, &y);   /* Amersfoort, the RD origin */
    CHECK(x > -1e-6 && x < 1e-6 && y > -1e-6 && y < 1e-6);
    /* RD coordinates (from the RD polynomials), less the origin (155000,
     * 463000): the sphere without the datum shift is within 500 m */
    static const struct { double lon, lat, x, y; } rd[] = {
        { 6.56841, 53.21917, 233898, 582042 },      /* Groningen, Martinitoren */
        { 6.0199, 50.7706, 199635, 309155 },        /* Vaals */
        { 4.7600, 52.9563, 112851, 552324 },        /* Den Helder */
        { 3.4000, 51.3700, 16633, 377530 },         /* Cadzand */
    };
    for (size_t i = 0; i < sizeof rd / sizeof rd[0]; i++) {
        svg_project(rd[i].lon, rd[i].lat, &x, &y);
        double dx = x - (rd[i].x - 155000), dy = y - (rd[i].y - 463000);
        if (dx * dx + dy * dy > 500.0 * 500.0) {
            unit_cur_failed++;
            fprintf(stderr, "point %zu: (%.0f, %.0f), RD (%.0f, %.0f)\n", i, x + 155000, y + 463000, rd[i].x, rd[i].y);
        }
    }
}

/* The path data of one ring. */
static char *path_of(const char *coords, double tol)
{
    char text[2000];
    snprintf(text, sizeof text, FC("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": %s}}"), coords);
    geo_set s;
    if (parse(text, &s) != 0) return NULL;
    svg_frame fr;
    svg_frame_fit(&fr, &s, 200, 200, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    svg_path(f, &fr, &s.f[0], tol);
    fclose(f);
    geo_free(&s);
    return buf;
}

static void test_paths(void)
{
    /* points on a straight edge go; the corners stay */
    char *a = path_of("[[[5.0, 52.0], [5.05, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.1], [5.0, 52.05], [5.0, 52.0]]]", 0.3);
    char *b = path_of("[[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.1], [5.0, 52.0]]]", 0.3);
    CHECK(a && b && strcmp(a, b) == 0);
    /* "M x y l dx dy dx dy dx dy z": four corners, three relative steps */
    size_t spaces = 0;
    for (const char *c = b; c && *c; c++) spaces += *c == ' ';
    CHECK(b && b[0] == 'M' && strchr(b, 'l') && b[strlen(b) - 1] == 'z' && spaces == 6);
    free(a);
    free(b);
    /* a ring far smaller than the rounding still leaves its mark */
    char *c = path_of("[[[5.0, 52.0], [6.0, 52.0], [6.0, 53.0], [5.0, 52.0]], "
                      "[[5.5, 52.5], [5.5000001, 52.5], [5.5000001, 52.5000001], [5.5, 52.5]]]", 0.3);
    CHECK(c && strchr(c + 1, 'M') == NULL);   /* the speck of a second ring is left out */
    free(c);
    /* with tolerance 0, nothing is simplified away */
    char *d = path_of("[[[5.0, 52.0], [5.05, 52.0002], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]]]", 0);
    spaces = 0;
    for (const char *k = d; k && *k; k++) spaces += *k == ' ';
    CHECK(spaces == 6);
    free(d);
}

static num_t q(int64_t n, int64_t d)
{
    num_t v;
    num_make(n, d, &v);
    return v;
}

static void test_scales(void)
{
    num_t v[12];
    for (int i = 0; i < 12; i++) v[i] = q(i + 1, 2);            /* 0.5, 1, ..., 6 */
    svg_scale sc;
    svg_scale_sequential(&sc, v, 12);
    CHECK(sc.nclasses == 6);
    for (int k = 0; k < 6; k++) CHECK(sc.count[k] == 2);
    char buf[64];
    svg_class_label(&sc, 0, buf, sizeof buf);
    CHECK_STR(buf, "under 1.5");
    svg_class_label(&sc, 2, buf, sizeof buf);
    CHECK_STR(buf, "2.5 to 3.5");
    svg_class_label(&sc, 5, buf, sizeof buf);
    CHECK_STR(buf, "5.5 or more");
    CHECK(svg_class(&sc, q(3, 2)) == 1);                        /* a break is in the class it opens */
    CHECK_STR(svg_colour(&sc, 0), "#c6dbef");
    CHECK_STR(svg_colour(&sc, 5), "#084594");
    /* one value: one class, the middle colour */
    svg_scale_sequential(&sc, v, 1);
    CHECK(sc.nclasses == 1);
    svg_class_label(&sc, 0, buf, sizeof buf);
    CHECK_STR(buf, "0.5");
    svg_scale_sequential(&sc, v, 0);
    CHECK(sc.nclasses == 0);

    num_t d[7] = { q(-3, 1), q(-1, 1), q(0, 1), q(1, 2), q(2, 1), q(5, 1), q(7, 1) };
    svg_scale_diverging(&sc, d, 7);
    CHECK(sc.nclasses == 7 && sc.nbreaks == 2);
    CHECK(svg_class(&sc, q(0, 1)) == 3);
    CHECK(svg_class(&sc, q(7, 1)) == 6);
    CHECK(svg_class(&sc, q(-3, 1)) == 1);     /* thresholds 2 and 5 */
    CHECK(svg_class(&sc, q(-5, 1)) == 0);
    CHECK(svg_class(&sc, q(1, 2)) == 4);
    svg_class_label(&sc, 3, buf, sizeof buf);
    CHECK_STR(buf, "0 (no change)");
    CHECK_STR(svg_colour(&sc, 0), "#b35806");
    CHECK_STR(svg_colour(&sc, 6), "#542788");
    num_t zero[2] = { q(0, 1), q(0, 1) };
    svg_scale_diverging(&sc, zero, 2);
    CHECK(sc.nclasses == 3 && svg_class(&sc, q(0, 1)) == 1 && sc.count[1] == 2);

    svg_fixed(q(-1, 25), 1, buf, sizeof buf);
    CHECK_STR(buf, "0.0");
    svg_fixed(q(1, 3), 2, buf, sizeof buf);
    CHECK_STR(buf, "0.33");
    svg_fixed(q(5, 1), 2, buf, sizeof buf);
    CHECK_STR(buf, "5.00");
    svg_fixed(q(-5, 2), 0, buf, sizeof buf);
    CHECK_STR(buf, "-3");
}

static void test_api(void)
{
    vdl_diags *d = vdl_diags_new();
    vdl_status st;
    const char *ok = FC(POLY("{\"code\": \"A\"}") "," POLY("{\"code\": \"B\"}"));
    vdl_boundaries *b = vdl_boundaries_parse("mem.geojson", ok, strlen(ok), d, &st);
    CHECK(b && st == VDL_OK && vdl_boundaries_count(b) == 2 && vdl_diags_count(d) == 0);
    vdl_boundaries_free(b);
    b = vdl_boundaries_parse("mem.geojson", "{", 1, d, &st);
    CHECK(!b && st == VDL_EDATA && vdl_diags_errors(d) == 1);
    vdl_diags_clear(d);
    b = vdl_boundaries_read("/nonexistent/x.geojson", d, &st);
    CHECK(!b && st == VDL_EIO && vdl_diags_errors(d) == 1);
    vdl_diags_free(d);
}

int main(void)
{
    UNIT_RUN(test_reads_features);
    UNIT_RUN(test_numbers_exact);
    UNIT_RUN(test_refuses);
    UNIT_RUN(test_projection);
    UNIT_RUN(test_paths);
    UNIT_RUN(test_scales);
    UNIT_RUN(test_api);
    return UNIT_DONE("test_report");
}
