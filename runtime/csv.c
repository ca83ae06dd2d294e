/* csv.c: the one reader for delimited text tables (see csv.h).
 *
 * The whole input is read in a single forward pass.  Cell text is written
 * unescaped into one arena of len + 1 bytes (a copy, or with
 * csv_parse_owned the input itself): every cell
 * consumes at least its own bytes plus one terminator byte (a separator, a
 * line break or a closing quote) from the input, except the very last cell
 * of a file without a final line break, which needs the one extra byte.  So
 * the arena never has to move and cell pointers can be handed out while
 * reading.  Everything else grows by doubling, so a file of any size loads
 * in time linear in its length.
 *
 * The reader is strict where leniency would hide a broken export (stray
 * quotes, ragged rows, invalid UTF-8, a second BOM left by concatenating
 * files) and reports the first problem with its physical line and byte
 * column, so the user can find it in an editor. */
#include "csv.h"
#include "mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* A field of the record being read; kept until the record is complete
 * because a row's field count, and so whether it may be stored, is only
 * known at its end. */
typedef struct {
    size_t off, len;    /* cell text in the arena */
    size_t line, col;   /* where the field starts, for error messages */
} field;

typedef struct {
    const unsigned char *p, *end;
    const unsigned char *line_start;   /* for byte columns */
    size_t line;
    unsigned char sep;
    bool crlf;
    /* Bytes that end a fast copying run; the rest is copied with memcpy. */
    unsigned char stop_plain[256];
    unsigned char stop_quoted[256];
    char *arena;
    size_t apos;
    field *f;
    size_t fcap;
    csv_error *err;
} reader;

enum { MAX_NAME_IN_MSG = 120 };

#ifdef __GNUC__
__attribute__((format(printf, 4, 5)))
#endif
static int set_error(csv_error *err, size_t line, size_t col, const char *fmt, ...)
{
    va_list ap;
    err->line = line;
    err->col = col;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

static size_t col_of(const reader *r, const unsigned char *p)
{
    return (size_t)(p - r->line_start) + 1;
}

/* Validates the UTF-8 sequence at p (p[0] >= 0x80) against the RFC 3629
 * table, which excludes overlongs, surrogates and code points past
 * U+10FFFF.  Returns its length, or 0 with the error set.  A BOM here is
 * not at the start of the file, so it is almost always the seam of two
 * concatenated exports and is refused. */
static size_t utf8_seq(reader *r, const unsigned char *p)
{
    unsigned c = p[0];
    unsigned lo = 0x80, hi = 0xBF;   /* allowed range of the second byte */
    size_t n, avail = (size_t)(r->end - p);
    const char *why;

    if (c < 0xC0) {
        why = " (continuation byte without a lead byte)";
        goto bad;
    } else if (c < 0xC2) {
        why = " (overlong encoding)";
        goto bad;
    } else if (c < 0xE0) {
        n = 2;
    } else if (c < 0xF0) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        else if (c == 0xED) hi = 0x9F;
    } else if (c < 0xF5) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F;
    } else {
        why = "";
        goto bad;
    }
    for (size_t k = 1; k < n; k++) {
        if (k >= avail || (p[k] & 0xC0) != 0x80) {
            why = " (incomplete sequence)";
            goto bad;
        }
    }
    if (p[1] < lo) {
        why = " (overlong encoding)";
        goto bad;
    }
    if (p[1] > hi) {
        why = c == 0xED ? " (UTF-16 surrogate)" : " (beyond U+10FFFF)";
        goto bad;
    }
    if (c == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        set_error(r->err, r->line, col_of(r, p), "byte-order mark in the middle of the file");
        return 0;
    }
    return n;
bad:
    set_error(r->err, r->line, col_of(r, p), "invalid UTF-8 byte 0x%02x%s", c, why);
    return 0;
}

/* Consumes one line break (CRLF counts as one) at r->p. */
static void eat_line_break(reader *r)
{
    if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n') {
        r->crlf = true;
        r->p++;
    }
    r->p++;
    r->line++;
    r->line_start = r->p;
}

/* Copies the character at *p (a NUL is an error, a multibyte one must be
 * valid UTF-8) that stopped a fast run of plain bytes. */
static int copy_char(reader *r, const unsigned char **p, char **o)
{
    if (**p == 0)
        return set_error(r->err, r->line, col_of(r, *p), "NUL byte in input");
    size_t n = utf8_seq(r, *p);
    if (!n) return -1;
    memmove(*o, *p, n);     /* in place, o may overlap p */
    *o += n;
    *p += n;
    return 0;
}

static void skip_blank_lines(reader *r)
{
    while (r->p < r->end && (*r->p == '\n' || *r->p == '\r'))
        eat_line_break(r);
}

/* Reads one field into the arena and leaves r->p on its terminator. */
static int read_field(reader *r, field *f)
{
    const unsigned char *p = r->p, *end = r->end;
    char *out = r->arena + r->apos, *o = out;

    if (p < end && *p == '"') {
        size_t oline = r->line, ocol = col_of(r, p);
        p++;
        for (;;) {
            const unsigned char *run = p;
            while (p < end && !r->stop_quoted[*p]) p++;
            memmove(o, run, (size_t)(p - run));
            o += p - run;
            if (p == end)
                return set_error(r->err, oline, ocol,
                                 "unclosed quote (opened at line %zu, column %zu)", oline, ocol);
            unsigned char c = *p;
            if (c == '"') {
                if (p + 1 < end && p[1] == '"') {
                    *o++ = '"';
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            if (c == '\n' || c == '\r') {
                /* Kept byte for byte: the cell is what the author typed. */
                *o++ = (char)*p++;
                if (c == '\r' && p < end && *p == '\n') *o++ = (char)*p++;
                r->line++;
                r->line_start = p;
                continue;
            }
            if (copy_char(r, &p, &o) != 0) return -1;
        }
        if (p < end && *p != r->sep && *p != '\n' && *p != '\r')
            return set_error(r->err, r->line, col_of(r, p), "unexpected text after closing quote");
    } else {
        for (;;) {
            const unsigned char *run = p;
            while (p < end && !r->stop_plain[*p]) p++;
            memmove(o, run, (size_t)(p - run));
            o += p - run;
            if (p == end) break;
            unsigned char c = *p;
            if (c == r->sep || c == '\n' || c == '\r') break;
            /* RFC 4180 forbids it, and in practice it means a broken export
             * whose quoting went astray, so guessing would corrupt data. */
            if (c == '"')
                return set_error(r->err, r->line, col_of(r, p), "quote inside an unquoted field");
            if (copy_char(r, &p, &o) != 0) return -1;
        }
    }
    /* the NUL comes after the terminator is read (read_record): in place,
     * it may stand where the terminator was */
    f->off = r->apos;
    f->len = (size_t)(o - out);
    r->apos += f->len + 1;
    r->p = p;
    return 0;
}

/* Reads one record (r->p not on a blank line, not at the end) into r->f.
 * end_line, end_col: where the record ended, for a too-short row. */
static int read_record(reader *r, size_t *nfields, size_t *end_line, size_t *end_col)
{
    size_t n = 0;
    for (;;) {
        MEM_GROW(r->f, r->fcap, n + 1);
        r->f[n].line = r->line;
        r->f[n].col = col_of(r, r->p);
        if (read_field(r, &r->f[n]) != 0) return -1;
        char *nul = r->arena + r->f[n].off + r->f[n].len;
        n++;
        if (r->p < r->end && *r->p == r->sep) {
            r->p++;
            *nul = '\0';
            continue;
        }
        *end_line = r->line;
        *end_col = col_of(r, r->p);
        if (r->p < r->end) eat_line_break(r);
        *nul = '\0';
        break;
    }
    *nfields = n;
    return 0;
}

static char detect_sep(const unsigned char *p, const unsigned char *end)
{
    bool quoted = false;
    for (; p < end; p++) {
        if (*p == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            if (*p == ';' || *p == ',') return (char)*p;
            if (*p == '\n' || *p == '\r') break;
        }
    }
    return ',';
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;   /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

/* Bytes of s to quote in a message: at most MAX_NAME_IN_MSG, not cutting
 * a UTF-8 sequence in half. */
static int name_len_for_msg(const char *s, size_t n)
{
    if (n <= MAX_NAME_IN_MSG) return (int)n;
    n = MAX_NAME_IN_MSG;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return (int)n;
}

/* Names are matched exactly by the layers above, so an empty or repeated
 * name would make a column unreachable; refuse them here.  Hashing keeps a
 * very wide header linear. */
static int check_header(const csv_table *t, const field *f, csv_error *err)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (f[i].len == 0)
            return set_error(err, f[i].line, f[i].col, "column %zu of the header has no name", i + 1);

    size_t cap = 16;
    while (cap < 2 * t->ncols) cap *= 2;
    size_t *slot = mem_array(cap, sizeof *slot);   /* column index + 1; 0 = free */
    int rc = 0;
    for (size_t i = 0; i < t->ncols && rc == 0; i++) {
        size_t h = (size_t)hash_bytes(t->header[i], f[i].len) & (cap - 1);
        while (slot[h]) {
            size_t j = slot[h] - 1;
            if (f[j].len == f[i].len && memcmp(t->header[j], t->header[i], f[i].len) == 0) {
                int shown = name_len_for_msg(t->header[i], f[i].len);
                rc = set_error(err, f[i].line, f[i].col,
                               "duplicate column name \"%.*s%s\" (columns %zu and %zu)",
                               shown, t->header[i], (size_t)shown < f[i].len ? "..." : "",
                               j + 1, i + 1);
                break;
            }
            h = (h + 1) & (cap - 1);
        }
        slot[h] = i + 1;
    }
    mem_free(slot);
    return rc;
}

static int parse(reader *r, char sep_hint, csv_table *t)
{
    csv_error *err = r->err;

    if (r->end - r->p >= 3 && r->p[0] == 0xEF && r->p[1] == 0xBB && r->p[2] == 0xBF) {
        t->bom = true;
        r->p += 3;
        /* Columns count what an editor shows; it hides the BOM. */
        r->line_start = r->p;
    }
    skip_blank_lines(r);
    if (r->p == r->end) return set_error(err, 0, 0, "empty file: no header row");

    if (sep_hint) {
        unsigned char s = (unsigned char)sep_hint;
        if (s == '"' || s == '\n' || s == '\r' || s >= 0x80)
            return set_error(err, 0, 0, "invalid separator 0x%02x", s);
        r->sep = s;
    } else {
        r->sep = (unsigned char)detect_sep(r->p, r->end);
    }
    t->sep = (char)r->sep;

    for (int c = 0x80; c < 256; c++) r->stop_plain[c] = r->stop_quoted[c] = 1;
    r->stop_plain[0] = r->stop_quoted[0] = 1;
    r->stop_plain['\n'] = r->stop_quoted['\n'] = 1;
    r->stop_plain['\r'] = r->stop_quoted['\r'] = 1;
    r->stop_plain['"'] = r->stop_quoted['"'] = 1;
    r->stop_plain[r->sep] = 1;

    size_t n, eline, ecol;
    if (read_record(r, &n, &eline, &ecol) != 0) return -1;
    t->header = mem_array(n, sizeof *t->header);
    t->ncols = n;
    for (size_t i = 0; i < n; i++)
        t->header[i] = mem_strndup(r->arena + r->f[i].off, r->f[i].len);
    if (check_header(t, r->f, err) != 0) return -1;

    size_t ncols = t->ncols, off_cap = 0, lines_cap = 0;
    for (;;) {
        skip_blank_lines(r);
        if (r->p == r->end) break;
        size_t start_line = r->line;
        if (read_record(r, &n, &eline, &ecol) != 0) return -1;
        if (n != ncols) {
            /* Point at the first surplus separator, or at the line end of a
             * short row: that is where the user has to look. */
            size_t line = n > ncols ? r->f[ncols].line : eline;
            size_t col = n > ncols ? r->f[ncols].col - 1 : ecol;
            return set_error(err, line, col, "row has %zu fields, the header has %zu", n, ncols);
        }
        size_t base = t->nrows * ncols;
        MEM_GROW(t->off, off_cap, base + ncols + 1);
        MEM_GROW(t->row_line, lines_cap, t->nrows + 1);
        for (size_t c = 0; c < ncols; c++) t->off[base + c] = (uint32_t)r->f[c].off;
        t->row_line[t->nrows++] = (uint32_t)start_line;
    }
    /* the end of the last cell, for its length */
    MEM_GROW(t->off, off_cap, t->nrows * ncols + 1);
    t->off[t->nrows * ncols] = (uint32_t)r->apos;
    t->crlf = r->crlf;
    return 0;
}

int csv_parse_owned(char *buf, size_t len, char sep_hint, csv_table *out, csv_error *err)
{
    csv_error scratch;
    if (!err) err = &scratch;
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    /* cells are found by 32-bit offsets (csv.h) */
    if (len >= UINT32_MAX) {
        mem_free(buf);
        return set_error(err, 0, 0, "the table is 4 GiB or larger; split it");
    }
    /* The arena is buf itself: the output never gets ahead of the input
     * (every cell takes at most the bytes it was read from, its
     * terminator's included), which is also why the copies are memmove. */
    reader r;
    memset(&r, 0, sizeof r);
    r.p = (const unsigned char *)buf;
    r.end = r.p + len;
    r.line_start = r.p;
    r.line = 1;
    r.err = err;
    r.arena = buf;
    out->text = r.arena;

    int rc = parse(&r, sep_hint, out);
    mem_free(r.f);
    if (rc != 0) csv_free(out);
    return rc;
}

int csv_parse(const char *buf, size_t len, char sep_hint, csv_table *out, csv_error *err)
{
    /* A copy to parse in place; of nothing when the table is too large
     * (csv_parse_owned refuses it by its length before reading). */
    size_t n = buf && len < UINT32_MAX ? len : 0;
    char *copy = mem_realloc(NULL, n + 1);
    if (n) memcpy(copy, buf, n);
    copy[n] = '\0';
    return csv_parse_owned(copy, buf ? len : 0, sep_hint, out, err);
}

long csv_column(const csv_table *t, const char *name)
{
    if (!t || !t->header || !name) return -1;
    for (size_t i = 0; i < t->ncols; i++)
        if (t->header[i] && strcmp(t->header[i], name) == 0) return (long)i;
    return -1;
}

void csv_free(csv_table *t)
{
    if (!t) return;
    if (t->header)
        for (size_t i = 0; i < t->ncols; i++) mem_free(t->header[i]);
    mem_free(t->header);
    mem_free(t->off);
    mem_free(t->row_line);
    mem_free(t->text);
    memset(t, 0, sizeof *t);
}
