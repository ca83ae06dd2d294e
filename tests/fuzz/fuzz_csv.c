/* fuzz_csv.c: libFuzzer harness for the table reader (runtime/csv.c).
 *
 * The input bytes are one table.  They are parsed with the separator
 * detected, then with ';', ',' and '\t' forced.  On success every cell
 * byte is read (so ASan sees any pointer outside the arena) and what
 * csv.h promises is checked: NUL-free cells, NUL-terminated header names,
 * ascending row lines.  On failure the table must be left empty and the
 * message terminated.  Detecting a separator and then forcing the same one
 * must give the same table, and so must csv_parse_owned on a buffer handed
 * over (both parse in place, which is where cells can overlap their source). */
#include "csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static volatile unsigned sink;

static void walk(const csv_table *t)
{
    unsigned acc = 0;
    CHECK(t->ncols >= 1);
    for (size_t c = 0; c < t->ncols; c++) {
        size_t n = strlen(t->header[c]);
        CHECK(n >= 1);
        for (size_t i = 0; i < n; i++) acc += (unsigned char)t->header[c][i];
    }
    for (size_t r = 0; r < t->nrows; r++) {
        CHECK(t->row_line[r] >= 2);
        if (r) CHECK(t->row_line[r] > t->row_line[r - 1]);
        for (size_t c = 0; c < t->ncols; c++) {
            const char *cell = csv_cell(t, r, c);
            size_t len = csv_len(t, r, c);
            CHECK(cell != NULL);
            CHECK(memchr(cell, '\0', len) == NULL && cell[len] == '\0');
            for (size_t i = 0; i < len; i++) acc += (unsigned char)cell[i];
        }
    }
    CHECK(csv_column(t, t->header[0]) == 0);
    sink += acc;
}

static void same(const csv_table *a, const csv_table *b)
{
    CHECK(a->ncols == b->ncols && a->nrows == b->nrows && a->sep == b->sep);
    CHECK(a->bom == b->bom && a->crlf == b->crlf);
    for (size_t c = 0; c < a->ncols; c++) CHECK(strcmp(a->header[c], b->header[c]) == 0);
    for (size_t r = 0; r < a->nrows; r++) {
        CHECK(a->row_line[r] == b->row_line[r]);
        for (size_t c = 0; c < a->ncols; c++) {
            CHECK(csv_len(a, r, c) == csv_len(b, r, c));
            CHECK(memcmp(csv_cell(a, r, c), csv_cell(b, r, c), csv_len(a, r, c)) == 0);
        }
    }
}

static int parse_one(const uint8_t *data, size_t size, char sep, csv_table *t)
{
    csv_error err;
    int rc = csv_parse((const char *)data, size, sep, t, &err);
    if (rc == 0) {
        walk(t);
        if (sep) CHECK(t->sep == sep);
    } else {
        CHECK(rc == -1);
        CHECK(t->ncols == 0 && t->nrows == 0 && t->off == NULL && t->header == NULL && t->text == NULL);
        CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
        sink += (unsigned)strlen(err.msg) + (unsigned)err.line + (unsigned)err.col;
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly `size` bytes, so reading past the end is caught
     * (libFuzzer's own buffer is exact too, but a replayed file may not be). */
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf) return 0;
    if (size) memcpy(buf, data, size);

    csv_table detected;
    int rc = parse_one(buf, size, 0, &detected);

    /* handed over: an exact copy of size + 1 bytes gives the same table */
    char *own = malloc(size + 1);
    if (own) {
        if (size) memcpy(own, buf, size);
        own[size] = '\0';
        csv_table t;
        csv_error err;
        int rc2 = csv_parse_owned(own, size, 0, &t, &err);
        CHECK(rc2 == rc);
        if (rc == 0) same(&detected, &t);
        csv_free(&t);
    }

    static const char seps[] = { ';', ',', '\t' };
    for (size_t i = 0; i < sizeof seps; i++) {
        csv_table t;
        int rc2 = parse_one(buf, size, seps[i], &t);
        if (rc == 0 && detected.sep == seps[i]) {
            CHECK(rc2 == 0);
            same(&detected, &t);
        }
        csv_free(&t);
    }
    csv_free(&detected);
    free(buf);
    return 0;
}
