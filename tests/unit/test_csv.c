/* test_csv.c: unit tests for the table reader (runtime/csv.c).
 *
 * Each case states the exact cells, line numbers and error positions it
 * expects, because callers print those positions to users and match header
 * names byte for byte. */
#include "csv.h"
#include "mem.h"
#include "unit.h"

/* the length of cell i (row-major) of the table t in scope */
#define LEN(i) (t.off[(i) + 1] - t.off[(i)] - 1)

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Every case is parsed twice, by csv_parse (which copies the input) and by
 * csv_parse_owned on a buffer handed over, and the two must agree in
 * everything. */
static int parse_both(const char *buf, size_t len, char sep, csv_table *t, csv_error *e)
{
    int rc = csv_parse(buf, len, sep, t, e);
    char *own = mem_realloc(NULL, len + 1);
    memcpy(own, buf, len);
    own[len] = '\0';
    csv_table u;
    csv_error f;
    int rc2 = csv_parse_owned(own, len, sep, &u, &f);
    CHECK(rc == rc2);
    if (rc != 0) {
        CHECK(u.off == NULL && u.text == NULL);
        CHECK_STR(f.msg, e ? e->msg : f.msg);
        return rc;
    }
    CHECK(u.nrows == t->nrows && u.ncols == t->ncols && u.sep == t->sep && u.crlf == t->crlf);
    for (size_t i = 0; i < t->ncols; i++) CHECK_STR(u.header[i], t->header[i]);
    for (size_t r = 0; r < t->nrows; r++) {
        CHECK(u.row_line[r] == t->row_line[r]);
        for (size_t c = 0; c < t->ncols; c++) {
            CHECK(csv_len(&u, r, c) == csv_len(t, r, c));
            CHECK(memcmp(csv_cell(&u, r, c), csv_cell(t, r, c), csv_len(t, r, c) + 1) == 0);
        }
    }
    csv_free(&u);
    return rc;
}

/* String literals may hold NUL bytes, so the length comes from sizeof. */
#define PARSE(lit, sep, t, e) parse_both((lit), sizeof(lit) - 1, (sep), (t), (e))

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Parses `lit` expecting failure; the table must come back empty. */
static int expect_error(const char *buf, size_t len, char sep, csv_error *e)
{
    csv_table t;
    int rc = parse_both(buf, len, sep, &t, e);
    CHECK(rc == -1);
    CHECK(t.off == NULL && t.header == NULL && t.text == NULL && t.nrows == 0 && t.ncols == 0);
    csv_free(&t);
    return rc;
}
#define EXPECT_ERROR(lit, sep, e) expect_error((lit), sizeof(lit) - 1, (sep), (e))

static void test_plain(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("name,age\nAnna,34\nBob,7\n", 0, &t, &e) == 0);
    CHECK(t.sep == ',' && !t.bom && !t.crlf);
    CHECK(t.ncols == 2 && t.nrows == 2);
    CHECK_STR(t.header[0], "name");
    CHECK_STR(t.header[1], "age");
    CHECK_STR(csv_cell(&t, 0, 0), "Anna");
    CHECK_STR(csv_cell(&t, 1, 1), "7");
    CHECK(LEN(0) == 4 && LEN(3) == 1);
    CHECK(t.row_line[0] == 2 && t.row_line[1] == 3);
    CHECK(csv_column(&t, "age") == 1);
    CHECK(csv_column(&t, "name") == 0);
    CHECK(csv_column(&t, "Age") == -1);
    CHECK(csv_column(&t, "ag") == -1);
    csv_free(&t);
}

static void test_quoted_sep_and_quotes(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"\",\"\"\"\"\n", 0, &t, &e) == 0);
    CHECK(t.nrows == 2);
    CHECK_STR(csv_cell(&t, 0, 0), "x,y");
    CHECK_STR(csv_cell(&t, 0, 1), "say \"hi\"");
    CHECK(LEN(1) == 8);
    CHECK_STR(csv_cell(&t, 1, 0), "");
    CHECK_STR(csv_cell(&t, 1, 1), "\"");
    CHECK(LEN(2) == 0 && LEN(3) == 1);
    csv_free(&t);
}

static void test_quoted_line_breaks(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("a,b\n\"line1\nline2\",z\n\"p\r\nq\",w\nlast,row\n", 0, &t, &e) == 0);
    CHECK(t.nrows == 3);
    CHECK_STR(csv_cell(&t, 0, 0), "line1\nline2");
    CHECK_STR(csv_cell(&t, 1, 0), "p\r\nq");
    CHECK(LEN(2) == 4);
    CHECK_STR(csv_cell(&t, 2, 1), "row");
    CHECK(t.row_line[0] == 2 && t.row_line[1] == 4 && t.row_line[2] == 6);
    /* The CRLF inside the quotes is cell text, not a line end. */
    CHECK(!t.crlf);
    csv_free(&t);

    /* A quoted header name with a line break shifts the data rows too. */
    CHECK(PARSE("\"multi\rline\",b\n1,2\n", 0, &t, &e) == 0);
    CHECK_STR(t.header[0], "multi\rline");
    CHECK(t.nrows == 1 && t.row_line[0] == 3);
    csv_free(&t);
}

static void test_crlf(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("a,b\r\n1,2\r\n3,4\r\n", 0, &t, &e) == 0);
    CHECK(t.crlf);
    CHECK(t.nrows == 2);
    CHECK_STR(csv_cell(&t, 0, 1), "2");
    CHECK(LEN(1) == 1);
    CHECK_STR(csv_cell(&t, 1, 1), "4");
    CHECK(t.row_line[1] == 3);
    csv_free(&t);
}

static void test_lone_cr_and_mixed(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("a,b\r1,2\r3,4\r", 0, &t, &e) == 0);
    CHECK(t.nrows == 2 && !t.crlf);
    CHECK_STR(csv_cell(&t, 1, 0), "3");
    CHECK(t.row_line[1] == 3);
    csv_free(&t);

    CHECK(PARSE("a,b\r1,2\r\n3,4\n5,6\r", 0, &t, &e) == 0);
    CHECK(t.nrows == 3 && t.crlf);
    CHECK_STR(csv_cell(&t, 2, 1), "6");
    CHECK(t.row_line[0] == 2 && t.row_line[1] == 3 && t.row_line[2] == 4);
    csv_free(&t);
}

static void test_no_final_newline(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("a,b\n1,2", 0, &t, &e) == 0);
    CHECK(t.nrows == 1);
    CHECK_STR(csv_cell(&t, 0, 1), "2");
    CHECK(LEN(1) == 1);
    csv_free(&t);

    CHECK(PARSE("a,b\n1,\"x y\"", 0, &t, &e) == 0);
    CHECK(t.nrows == 1);
    CHECK_STR(csv_cell(&t, 0, 1), "x y");
    csv_free(&t);
}

static void test_bom(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("\xEF\xBB\xBFid,naam\n1,Ede\n", 0, &t, &e) == 0);
    CHECK(t.bom);
    CHECK_STR(t.header[0], "id");
    CHECK(csv_column(&t, "id") == 0);
    CHECK_STR(csv_cell(&t, 0, 1), "Ede");
    csv_free(&t);

    CHECK(PARSE("id,naam\n1,Ede\n", 0, &t, &e) == 0);
    CHECK(!t.bom);
    csv_free(&t);
}

static void test_bom_in_middle(void)
{
    csv_error e;
    /* Two exports pasted together: the second BOM starts line 3. */
    EXPECT_ERROR("\xEF\xBB\xBF" "a,b\n1,2\n\xEF\xBB\xBF" "a,b\n", 0, &e);
    CHECK_STR(e.msg, "byte-order mark in the middle of the file");
    CHECK(e.line == 3 && e.col == 1);

    EXPECT_ERROR("a,b\n1,x\xEF\xBB\xBF\n", 0, &e);
    CHECK_STR(e.msg, "byte-order mark in the middle of the file");
    CHECK(e.line == 2 && e.col == 4);

    /* A doubled BOM at the very start is not "at the start" twice. */
    EXPECT_ERROR("\xEF\xBB\xBF\xEF\xBB\xBF" "a\n", 0, &e);
    CHECK(e.line == 1 && e.col == 1);
}

static void test_semicolon_detection(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("x;y,z\n1;2,5\n", 0, &t, &e) == 0);
    CHECK(t.sep == ';' && t.ncols == 2);
    CHECK_STR(t.header[1], "y,z");
    CHECK_STR(csv_cell(&t, 0, 1), "2,5");
    csv_free(&t);

    /* A ';' inside a quoted header name does not count. */
    CHECK(PARSE("\"a;b\",c\n1,2\n", 0, &t, &e) == 0);
    CHECK(t.sep == ',' && t.ncols == 2);
    CHECK_STR(t.header[0], "a;b");
    csv_free(&t);

    /* Neither: one column, ',' reported. */
    CHECK(PARSE("only\nv\n", 0, &t, &e) == 0);
    CHECK(t.sep == ',' && t.ncols == 1 && t.nrows == 1);
    csv_free(&t);

    /* Detection looks at the header line only. */
    CHECK(PARSE("a\n1;2\n", 0, &t, &e) == 0);
    CHECK(t.sep == ',' && t.ncols == 1);
    CHECK_STR(csv_cell(&t, 0, 0), "1;2");
    csv_free(&t);
}

static void test_forced_separator(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("a;b\tc\n1;2\t3\n", '\t', &t, &e) == 0);
    CHECK(t.sep == '\t' && t.ncols == 2);
    CHECK_STR(t.header[0], "a;b");
    CHECK_STR(csv_cell(&t, 0, 1), "3");
    csv_free(&t);

    CHECK(PARSE("a,b\n1,2\n", ';', &t, &e) == 0);
    CHECK(t.sep == ';' && t.ncols == 1);
    CHECK_STR(t.header[0], "a,b");
    csv_free(&t);

    EXPECT_ERROR("a,b\n", '"', &e);
    CHECK(starts_with(e.msg, "invalid separator"));
}

static void test_statline(void)
{
    static const char sample[] =
        "\"Perioden\";\"Wijken en buurten\";\"Regiocode (gemeente, wijk, buurt) (code)\";"
        "\"Particuliere huishoudens (Aantal)\";\"Opleidingsniveau/Laag/Waarde (%)\";"
        "\"Opleidingsniveau/Middelbaar/Waarde (%)\";\"Opleidingsniveau/Hoog/Waarde (%)\";"
        "\"SES-WOA/Totaalscore/Gemiddelde score (Getal)\";"
        "\"Spreiding/Spreiding totaal/Waarde (Getal)\"\n"
        "\"2019\";\"Amsterdam\";\"GM0363    \";\"  457400\";\"    20.8\";\"    29.8\";"
        "\"    49.5\";\"  -0.100\";\"   1.010\"\n"
        "\"2019\";\"Burgwallen-Oude Zijde\";\"WK036300  \";\"    2900\";\"    12.9\";"
        "\"    28.9\";\"    58.2\";\"  -0.022\";\"   0.892\"\n";
    csv_table t;
    csv_error e;
    CHECK(PARSE(sample, 0, &t, &e) == 0);
    CHECK(t.sep == ';' && t.ncols == 9 && t.nrows == 2);
    CHECK(csv_column(&t, "Regiocode (gemeente, wijk, buurt) (code)") == 2);
    CHECK(csv_column(&t, "SES-WOA/Totaalscore/Gemiddelde score (Getal)") == 7);
    /* Padding inside the quotes is data; trimming is the caller's job. */
    CHECK_STR(csv_cell(&t, 0, 2), "GM0363    ");
    CHECK_STR(csv_cell(&t, 0, 3), "  457400");
    CHECK_STR(csv_cell(&t, 0, 7), "  -0.100");
    CHECK(LEN(7) == 8);
    CHECK_STR(csv_cell(&t, 1, 1), "Burgwallen-Oude Zijde");
    CHECK(t.row_line[1] == 3);
    csv_free(&t);
}

static void test_empty_file(void)
{
    csv_error e;
    EXPECT_ERROR("", 0, &e);
    CHECK_STR(e.msg, "empty file: no header row");
    CHECK(e.line == 0);
    EXPECT_ERROR("\n\r\n\r", 0, &e);
    CHECK_STR(e.msg, "empty file: no header row");
    EXPECT_ERROR("\xEF\xBB\xBF", 0, &e);
    CHECK_STR(e.msg, "empty file: no header row");

    csv_table t;
    CHECK(csv_parse(NULL, 0, 0, &t, &e) == -1);
    CHECK_STR(e.msg, "empty file: no header row");
}

static void test_header_only(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("a,b\n", 0, &t, &e) == 0);
    CHECK(t.ncols == 2 && t.nrows == 0);
    CHECK_STR(t.header[1], "b");
    csv_free(&t);
    CHECK(PARSE("a;b", 0, &t, &e) == 0);
    CHECK(t.ncols == 2 && t.nrows == 0 && t.sep == ';');
    csv_free(&t);
    /* Blank lines before the header are skipped as well. */
    CHECK(PARSE("\n\na,b\n\n", 0, &t, &e) == 0);
    CHECK(t.ncols == 2 && t.nrows == 0);
    csv_free(&t);
}

static void test_empty_header_name(void)
{
    csv_error e;
    EXPECT_ERROR("a,b,,d\n1,2,3,4\n", 0, &e);
    CHECK_STR(e.msg, "column 3 of the header has no name");
    CHECK(e.line == 1 && e.col == 5);

    EXPECT_ERROR("a,\"\"\n", 0, &e);
    CHECK_STR(e.msg, "column 2 of the header has no name");
    CHECK(e.col == 3);

    EXPECT_ERROR("a,b,\n", 0, &e);
    CHECK_STR(e.msg, "column 3 of the header has no name");
}

static void test_duplicate_header(void)
{
    csv_error e;
    EXPECT_ERROR("id,x,b,c,x\n", 0, &e);
    CHECK_STR(e.msg, "duplicate column name \"x\" (columns 2 and 5)");
    CHECK(e.line == 1 && e.col == 10);

    /* Names are exact: case and spaces make them different. */
    csv_table t;
    CHECK(PARSE("x,X,x \n1,2,3\n", 0, &t, &e) == 0);
    CHECK(t.ncols == 3);
    CHECK(csv_column(&t, "x ") == 2);
    csv_free(&t);
}

static void test_wide_header(void)
{
    /* 100,000 columns: the duplicate check must not be quadratic. */
    enum { N = 100000 };
    size_t cap = (size_t)N * 12 + 64, n = 0;
    char *buf = mem_alloc(cap);
    for (int i = 0; i < N; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%sc%d", i ? "," : "", i);
    size_t base = n;
    n += (size_t)snprintf(buf + n, cap - n, "\n");

    csv_table t;
    csv_error e;
    CHECK(csv_parse(buf, n, 0, &t, &e) == 0);
    CHECK(t.ncols == N);
    CHECK(csv_column(&t, "c99999") == N - 1);
    csv_free(&t);

    n = base + (size_t)snprintf(buf + base, cap - base, ",c0\n");
    CHECK(csv_parse(buf, n, 0, &t, &e) == -1);
    CHECK_STR(e.msg, "duplicate column name \"c0\" (columns 1 and 100001)");
    mem_free(buf);
}

static void test_unclosed_quote(void)
{
    csv_error e;
    EXPECT_ERROR("a,b\n1,2\n3,\"abc\n4,5\n", 0, &e);
    CHECK_STR(e.msg, "unclosed quote (opened at line 3, column 3)");
    CHECK(e.line == 3 && e.col == 3);

    /* Line breaks inside earlier quoted fields are counted. */
    EXPECT_ERROR("a\n\"x\r\ny\"\n\"open\n", 0, &e);
    CHECK_STR(e.msg, "unclosed quote (opened at line 4, column 1)");
    CHECK(e.line == 4 && e.col == 1);
}

static void test_text_after_closing_quote(void)
{
    csv_error e;
    EXPECT_ERROR("a,b\n\"ab\"c,d\n", 0, &e);
    CHECK_STR(e.msg, "unexpected text after closing quote");
    CHECK(e.line == 2 && e.col == 5);

    EXPECT_ERROR("a,b\n1,\"x\" \n", 0, &e);
    CHECK_STR(e.msg, "unexpected text after closing quote");
    CHECK(e.col == 6);

    /* Columns restart after a line break inside the quotes. */
    EXPECT_ERROR("a,b\n1,\"x\r\nyz\"!\n", 0, &e);
    CHECK_STR(e.msg, "unexpected text after closing quote");
    CHECK(e.line == 3 && e.col == 4);
}

static void test_quote_in_unquoted_field(void)
{
    csv_error e;
    EXPECT_ERROR("a,b\nab\"c,d\n", 0, &e);
    CHECK_STR(e.msg, "quote inside an unquoted field");
    CHECK(e.line == 2 && e.col == 3);

    /* A space before the opening quote makes the field unquoted. */
    EXPECT_ERROR("a,b\n1, \"x\"\n", 0, &e);
    CHECK_STR(e.msg, "quote inside an unquoted field");
    CHECK(e.col == 4);
}

static void test_ragged_rows(void)
{
    csv_error e;
    EXPECT_ERROR("a,b,c\n1,2,3\n1,2,3,4\n", 0, &e);
    CHECK_STR(e.msg, "row has 4 fields, the header has 3");
    CHECK(e.line == 3 && e.col == 6);

    EXPECT_ERROR("a,b,c\n1,2,3\n\n1,2\n5,6,7\n", 0, &e);
    CHECK_STR(e.msg, "row has 2 fields, the header has 3");
    CHECK(e.line == 4 && e.col == 4);

    EXPECT_ERROR("a,b,c,d,e\n1,2,3,4\n", 0, &e);
    CHECK_STR(e.msg, "row has 4 fields, the header has 5");
    CHECK(e.line == 2);

    /* A space-only line is not blank: it is a one-field row. */
    EXPECT_ERROR("a,b\n \n", 0, &e);
    CHECK_STR(e.msg, "row has 1 fields, the header has 2");
}

static void test_nul_byte(void)
{
    csv_error e;
    EXPECT_ERROR("a,b\n1,\0\n", 0, &e);
    CHECK_STR(e.msg, "NUL byte in input");
    CHECK(e.line == 2 && e.col == 3);

    EXPECT_ERROR("a,b\n1,\"x\0\"\n", 0, &e);
    CHECK_STR(e.msg, "NUL byte in input");
    CHECK(e.col == 5);
}

/* A table the 32-bit cell offsets cannot span is refused before a byte
 * is read (the length alone decides; nothing is allocated). */
static void test_too_large(void)
{
    csv_table t;
    csv_error e;
    static const char small[] = "a\n1\n";
    CHECK(csv_parse(small, (size_t)UINT32_MAX, 0, &t, &e) == -1);
    CHECK_STR(e.msg, "the table is 4 GiB or larger; split it");
    CHECK(t.off == NULL && t.text == NULL);
}

static void test_invalid_utf8(void)
{
    csv_error e;
    EXPECT_ERROR("a,b\n1,x\xFF\n", 0, &e);
    CHECK_STR(e.msg, "invalid UTF-8 byte 0xff");
    CHECK(e.line == 2 && e.col == 4);

    /* Overlong '/' (C0 AF). */
    EXPECT_ERROR("a,b\n1,\xC0\xAF\n", 0, &e);
    CHECK_STR(e.msg, "invalid UTF-8 byte 0xc0 (overlong encoding)");
    CHECK(e.col == 3);

    /* A truncated euro sign, at the end and before a separator. */
    EXPECT_ERROR("a,b\n1,\xE2\x82", 0, &e);
    CHECK(starts_with(e.msg, "invalid UTF-8 byte 0xe2"));
    EXPECT_ERROR("a,b\n\xE2\x82,1\n", 0, &e);
    CHECK(starts_with(e.msg, "invalid UTF-8 byte 0xe2"));
    CHECK(e.line == 2 && e.col == 1);

    /* Latin-1 'é' inside quotes, as a mis-saved export would have it. */
    EXPECT_ERROR("a\n\"caf\xE9\"\n", 0, &e);
    CHECK(starts_with(e.msg, "invalid UTF-8 byte 0xe9"));

    EXPECT_ERROR("a\n\xE0\x80\x80\n", 0, &e);     /* overlong 3-byte */
    CHECK(starts_with(e.msg, "invalid UTF-8 byte 0xe0"));
    EXPECT_ERROR("a\n\xED\xA0\x80\n", 0, &e);     /* surrogate D800 */
    CHECK(starts_with(e.msg, "invalid UTF-8 byte 0xed"));
    EXPECT_ERROR("a\n\xF0\x8F\xBF\xBF\n", 0, &e); /* overlong 4-byte */
    CHECK(starts_with(e.msg, "invalid UTF-8 byte 0xf0"));
    EXPECT_ERROR("a\n\xF4\x90\x80\x80\n", 0, &e); /* past U+10FFFF */
    CHECK(starts_with(e.msg, "invalid UTF-8 byte 0xf4"));
    EXPECT_ERROR("a\n\xF5\x80\x80\x80\n", 0, &e);
    CHECK(starts_with(e.msg, "invalid UTF-8 byte 0xf5"));
    EXPECT_ERROR("a\n\x80\n", 0, &e);             /* stray continuation */
    CHECK_STR(e.msg, "invalid UTF-8 byte 0x80 (continuation byte without a lead byte)");
    EXPECT_ERROR("\xC3\n", 0, &e);                /* in the header */
    CHECK(starts_with(e.msg, "invalid UTF-8 byte 0xc3"));
    CHECK(e.line == 1 && e.col == 1);
}

static void test_valid_utf8(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("plaats,bedrag,teken\n"
                "Caf\xC3\xA9,\xE2\x82\xAC 5,\"\xF0\x9F\x98\x80\"\n"
                "\xED\x9F\xBF,\xEE\x80\x80,\xF4\x8F\xBF\xBF\n", 0, &t, &e) == 0);
    CHECK(t.nrows == 2);
    CHECK_STR(csv_cell(&t, 0, 0), "Caf\xC3\xA9");
    CHECK_STR(csv_cell(&t, 0, 1), "\xE2\x82\xAC 5");
    CHECK_STR(csv_cell(&t, 0, 2), "\xF0\x9F\x98\x80");
    CHECK(LEN(2) == 4);
    CHECK_STR(csv_cell(&t, 1, 2), "\xF4\x8F\xBF\xBF");
    csv_free(&t);

    /* Non-ASCII header names are matched byte for byte. */
    CHECK(PARSE("Pr\xC3\xA9mie;\xE2\x82\xAC\n1;2\n", 0, &t, &e) == 0);
    CHECK(csv_column(&t, "\xE2\x82\xAC") == 1);
    CHECK(csv_column(&t, "Premie") == -1);
    csv_free(&t);
}

static void test_blank_lines(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("a,b\n\n1,2\r\n\r\n\n3,4\n\n", 0, &t, &e) == 0);
    CHECK(t.nrows == 2);
    CHECK(t.row_line[0] == 3 && t.row_line[1] == 6);
    CHECK_STR(csv_cell(&t, 1, 0), "3");
    csv_free(&t);

    /* Error lines after blank lines are physical lines too. */
    EXPECT_ERROR("a,b\n\n\r\n1,2,3\n", 0, &e);
    CHECK(e.line == 4);
}

static void test_empty_fields(void)
{
    csv_table t;
    csv_error e;
    CHECK(PARSE("a,b,c\n1,,3\n,,\n4,5,\n", 0, &t, &e) == 0);
    CHECK(t.nrows == 3);
    CHECK_STR(csv_cell(&t, 0, 1), "");
    CHECK(LEN(1) == 0);
    for (size_t c = 0; c < 3; c++) CHECK(LEN(3 + c) == 0 && csv_cell(&t, 1, c)[0] == '\0');
    CHECK_STR(csv_cell(&t, 2, 1), "5");
    CHECK_STR(csv_cell(&t, 2, 2), "");
    csv_free(&t);

    /* A trailing separator at the very end of the file: one more field. */
    CHECK(PARSE("a,b\n1,", 0, &t, &e) == 0);
    CHECK(t.nrows == 1);
    CHECK_STR(csv_cell(&t, 0, 1), "");
    csv_free(&t);

    /* In a one-column table, an empty value has to be written as "". */
    CHECK(PARSE("a\n\"\"\n\nx\n", 0, &t, &e) == 0);
    CHECK(t.nrows == 2);
    CHECK_STR(csv_cell(&t, 0, 0), "");
    CHECK(t.row_line[1] == 4);
    csv_free(&t);
}

static void test_large_table(void)
{
    enum { ROWS = 200000 };
    size_t cap = (size_t)ROWS * 40 + 64, n = 0;
    char *buf = mem_alloc(cap);
    n += (size_t)snprintf(buf + n, cap - n, "id;naam;bedrag\r\n");
    for (int i = 0; i < ROWS; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%d;\"r %d\";%d.%02d\r\n", i, i, i / 100, i % 100);

    csv_table t;
    csv_error e;
    CHECK(csv_parse(buf, n, 0, &t, &e) == 0);
    CHECK(t.nrows == ROWS && t.ncols == 3 && t.crlf && t.sep == ';');
    if (t.nrows == ROWS) {
        CHECK_STR(csv_cell(&t, ROWS - 1, 0), "199999");
        CHECK_STR(csv_cell(&t, ROWS - 1, 1), "r 199999");
        CHECK_STR(csv_cell(&t, ROWS - 1, 2), "1999.99");
        CHECK(LEN((size_t)ROWS * 3 - 1) == 7);
        CHECK(t.row_line[ROWS - 1] == ROWS + 1);
    }
    csv_free(&t);
    mem_free(buf);
}

static void test_free_safety(void)
{
    csv_table t;
    memset(&t, 0, sizeof t);
    csv_free(&t);
    csv_free(&t);
    CHECK(t.header == NULL && t.ncols == 0);

    csv_error e;
    CHECK(PARSE("a,b\n1,2,3\n", 0, &t, &e) == -1);
    csv_free(&t);   /* after a failure: already empty, must stay harmless */
    CHECK(t.text == NULL && t.off == NULL);

    CHECK(PARSE("a,b\n1,2\n", 0, &t, &e) == 0);
    csv_free(&t);
    CHECK(t.text == NULL && t.off == NULL && t.header == NULL && t.nrows == 0 && t.ncols == 0);
    CHECK(csv_column(&t, "a") == -1);
}

int main(void)
{
    UNIT_RUN(test_plain);
    UNIT_RUN(test_too_large);
    UNIT_RUN(test_quoted_sep_and_quotes);
    UNIT_RUN(test_quoted_line_breaks);
    UNIT_RUN(test_crlf);
    UNIT_RUN(test_lone_cr_and_mixed);
    UNIT_RUN(test_no_final_newline);
    UNIT_RUN(test_bom);
    UNIT_RUN(test_bom_in_middle);
    UNIT_RUN(test_semicolon_detection);
    UNIT_RUN(test_forced_separator);
    UNIT_RUN(test_statline);
    UNIT_RUN(test_empty_file);
    UNIT_RUN(test_header_only);
    UNIT_RUN(test_empty_header_name);
    UNIT_RUN(test_duplicate_header);
    UNIT_RUN(test_wide_header);
    UNIT_RUN(test_unclosed_quote);
    UNIT_RUN(test_text_after_closing_quote);
    UNIT_RUN(test_quote_in_unquoted_field);
    UNIT_RUN(test_ragged_rows);
    UNIT_RUN(test_nul_byte);
    UNIT_RUN(test_invalid_utf8);
    UNIT_RUN(test_valid_utf8);
    UNIT_RUN(test_blank_lines);
    UNIT_RUN(test_empty_fields);
    UNIT_RUN(test_large_table);
    UNIT_RUN(test_free_safety);
    return UNIT_DONE("test_csv");
}
