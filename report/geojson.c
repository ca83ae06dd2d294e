/* geojson.c: a small, strict reader of GeoJSON (RFC 7946) for the report's
 * map: a FeatureCollection whose features are Polygon or MultiPolygon areas
 * in WGS84 longitude/latitude, each with its "id" and its "properties".
 *
 * The JSON is read strictly (RFC 8259): no comments, no trailing commas, no
 * control characters in strings, only valid escapes and valid UTF-8, no
 * member twice in an object, nothing after the value.  Members a map does
 * not need ("bbox", "crs", nested properties) are checked and skipped.
 * Every ring must have four positions or more and end on its first; every
 * position is [longitude, latitude] (an altitude is allowed and ignored)
 * within -180..180 and -90..90.  The first problem is reported with its
 * line and column; nothing is returned then.
 *
 * Numbers are read without strtod, whose decimal point depends on the
 * locale: up to 19 significant digits into an integer, then scaled by exact
 * powers of ten (correctly rounded IEEE operations), so that one text gives
 * the same doubles on every machine.  Coordinates are geometry, not law
 * arithmetic: double is fine here. */
#include "geojson.h"
#include "mem.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define GEO_MAX_DEPTH 64

typedef struct {
    const char *s;
    size_t      n, i;
    const char *path;
    diag_list  *d;
    bool        failed;
    int         depth;
    size_t      line_at, line;     /* a cursor for line numbers: line of byte line_at */
} jp;

/* The 1-based line of byte `at` (at moves forward through the text). */
static int line_of(jp *j, size_t at)
{
    if (at < j->line_at) { j->line_at = 0; j->line = 1; }
    for (; j->line_at < at && j->line_at < j->n; j->line_at++)
        if (j->s[j->line_at] == '\n') j->line++;
    return (int)j->line;
}

static void fail(jp *j, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(jp *j, size_t at, const char *fmt, ...)
{
    if (j->failed) return;
    j->failed = true;
    if (at > j->n) at = j->n;
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t start = at;
    while (start > 0 && j->s[start - 1] != '\n') start--;
    size_t end = at;
    while (end < j->n && j->s[end] != '\n' && j->s[end] != '\r') end++;
    int col = 1;
    for (size_t k = start; k < at; k++) col += ((unsigned char)j->s[k] & 0xC0) != 0x80;
    int line = line_of(j, at);
    vdl_span sp = { line, col, line, col + 1 };
    diag_add_line(j->d, DIAG_ERROR, j->path, sp, j->s + start, end - start, "%s", msg);
}

/* What is at byte i, for messages: "'x'" or "the end of the file". */
static const char *found(const jp *j, char *buf, size_t cap)
{
    if (j->i >= j->n) return "the end of the file";
    unsigned char c = (unsigned char)j->s[j->i];
    if (c < 0x20 || c >= 0x7f) snprintf(buf, cap, "byte 0x%02x", c);
    else snprintf(buf, cap, "'%c'", c);
    return buf;
}

static void ws(jp *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' || j->s[j->i] == '\r'))
        j->i++;
}

static bool peek(jp *j, char c)
{
    ws(j);
    return j->i < j->n && j->s[j->i] == c;
}

static bool eat(jp *j, char c)
{
    if (!peek(j, c)) return false;
    j->i++;
    return true;
}

static bool expect(jp *j, char c, const char *what)
{
    if (eat(j, c)) return true;
    char buf[16];
    fail(j, j->i, "expected %s, found %s", what, found(j, buf, sizeof buf));
    return false;
}

/* ---------------------------------------------------------------- strings */

typedef struct { char *s; size_t n, cap; } sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
    if (!b) return;
    MEM_GROW(b->s, b->cap, b->n + n + 1);
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void put_utf8(sbuf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    put(b, u, n);
}

static int hex4(const char *s)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        int h = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (s[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

/* A string at the cursor; its UTF-8 text into *out (the caller's) when out
 * is not NULL. */
static bool str(jp *j, char **out)
{
    if (!peek(j, '"')) {
        char buf[16];
        fail(j, j->i, "expected a string, found %s", found(j, buf, sizeof buf));
        return false;
    }
    size_t open = j->i++;
    sbuf b = { 0 }, *pb = out ? &b : NULL;
    put(pb, "", 0);
    for (;;) {
        if (j->i >= j->n) { fail(j, open, "this string is not closed"); break; }
        unsigned char c = (unsigned char)j->s[j->i];
        if (c == '"') { j->i++; if (out) *out = b.s; return true; }
        if (c < 0x20) { fail(j, j->i, "a control character (0x%02x) in a string: write it as an escape", c); break; }
        if (c == '\\') {
            if (j->i + 1 >= j->n) { fail(j, open, "this string is not closed"); break; }
            char e = j->s[j->i + 1];
            const char *plain = strchr("\"\\/bfnrt", e);
            if (e && plain) {
                static const char map[] = "\"\\/\b\f\n\r\t";
                put(pb, &map[plain - "\"\\/bfnrt"], 1);
                j->i += 2;
                continue;
            }
            if (e != 'u') { fail(j, j->i, "'\\%c' is not a JSON escape", e); break; }
            int v = j->i + 6 <= j->n ? hex4(j->s + j->i + 2) : -1;
            if (v < 0) { fail(j, j->i, "'\\u' needs four hexadecimal digits"); break; }
            uint32_t cp = (uint32_t)v;
            size_t at = j->i;
            j->i += 6;
            /* A NUL would end the C string early: "GM\u0000x" would match GM. */
            if (cp == 0) { fail(j, at, "'\\u0000' (a NUL character) in a string"); break; }
            if (cp >= 0xDC00 && cp <= 0xDFFF) { fail(j, at, "a lone low surrogate '\\u%04X'", (unsigned)cp); break; }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                int lo = j->i + 6 <= j->n && j->s[j->i] == '\\' && j->s[j->i + 1] == 'u' ? hex4(j->s + j->i + 2) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF) { fail(j, at, "a high surrogate '\\u%04X' without its low surrogate", (unsigned)cp); break; }
                cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
                j->i += 6;
            }
            if (pb) put_utf8(pb, cp);
            continue;
        }
        size_t len = c < 0x80 ? 1 : utf8_len((const unsigned char *)j->s + j->i, j->n - j->i);
        if (!len) { fail(j, j->i, "not valid UTF-8"); break; }
        put(pb, j->s + j->i, len);
        j->i += len;
    }
    mem_free(b.s);
    return false;
}

/* ---------------------------------------------------------------- numbers */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* A number at the cursor: its value, and where its text starts and ends. */
static bool number(jp *j, double *out, size_t *from, size_t *to)
{
    ws(j);
    const char *s = j->s;
    size_t i = j->i, start = i, n = j->n;
    bool neg = i < n && s[i] == '-';
    if (neg) i++;
    if (i >= n || !is_digit(s[i])) { fail(j, start, "not a number"); return false; }
    uint64_t mant = 0;
    int digits = 0;
    long exp10 = 0;
    if (s[i] == '0') {
        i++;
        if (i < n && is_digit(s[i])) { fail(j, start, "a number cannot start with 0 (leading zeros are not JSON)"); return false; }
    } else {
        for (; i < n && is_digit(s[i]); i++) {
            if (digits < 19) { mant = mant * 10 + (uint64_t)(s[i] - '0'); digits++; }
            else exp10++;
        }
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i])) { fail(j, i, "a digit must follow the decimal point"); return false; }
        for (; i < n && is_digit(s[i]); i++) {
            if (mant == 0 && s[i] == '0') { exp10--; continue; }
            if (digits < 19) { mant = mant * 10 + (uint64_t)(s[i] - '0'); digits++; exp10--; }
        }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = i < n && s[i] == '-';
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || !is_digit(s[i])) { fail(j, i, "a digit must follow the exponent"); return false; }
        long e = 0;
        for (; i < n && is_digit(s[i]); i++) if (e < 100000) e = e * 10 + (s[i] - '0');
        exp10 += eneg ? -e : e;
    }
    static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    double v = (double)mant;
    if (mant != 0) {
        if (exp10 > 400) exp10 = 400;
        if (exp10 < -400) exp10 = -400;
        for (; exp10 > 22; exp10 -= 22) v *= 1e22;
        for (; exp10 < -22; exp10 += 22) v /= 1e22;
        v = exp10 >= 0 ? v * p10[exp10] : v / p10[-exp10];
    }
    *out = neg ? -v : v;
    if (from) *from = start;
    if (to) *to = i;
    j->i = i;
    return true;
}

/* ------------------------------------------------------ objects and arrays */

/* The members of an object, one call each: *first starts true.  Returns 1
 * with the member's name (the caller's) and the cursor at its value, 0 at
 * the closing brace, -1 on an error. */
static int member(jp *j, bool *first, char **key)
{
    *key = NULL;
    if (*first) {
        if (!expect(j, '{', "an object")) return -1;
        if (++j->depth > GEO_MAX_DEPTH) { fail(j, j->i - 1, "nested more than %d deep", GEO_MAX_DEPTH); return -1; }
        *first = false;
        if (eat(j, '}')) { j->depth--; return 0; }
    } else {
        if (eat(j, '}')) { j->depth--; return 0; }
        if (!expect(j, ',', "',' or '}'")) return -1;
        if (peek(j, '}')) { fail(j, j->i, "a ',' before '}': JSON has no trailing commas"); return -1; }
    }
    if (!str(j, key)) return -1;
    if (!expect(j, ':', "':'")) { mem_free(*key); *key = NULL; return -1; }
    ws(j);
    return 1;
}

/* The elements of an array, as member(): 1 with the cursor at an element,
 * 0 at the closing bracket, -1 on an error. */
static int element(jp *j, bool *first)
{
    if (*first) {
        if (!expect(j, '[', "an array")) return -1;
        if (++j->depth > GEO_MAX_DEPTH) { fail(j, j->i - 1, "nested more than %d deep", GEO_MAX_DEPTH); return -1; }
        *first = false;
        if (eat(j, ']')) { j->depth--; return 0; }
        return 1;
    }
    if (eat(j, ']')) { j->depth--; return 0; }
    if (!expect(j, ',', "',' or ']'")) return -1;
    if (peek(j, ']')) { fail(j, j->i, "a ',' before ']': JSON has no trailing commas"); return -1; }
    return 1;
}

static bool literal(jp *j, const char *word)
{
    size_t n = strlen(word);
    if (j->n - j->i >= n && memcmp(j->s + j->i, word, n) == 0) { j->i += n; return true; }
    fail(j, j->i, "not a JSON value");
    return false;
}

/* Check and skip any value. */
static bool skip(jp *j)
{
    ws(j);
    if (j->i >= j->n) { fail(j, j->i, "expected a value, found the end of the file"); return false; }
    char c = j->s[j->i];
    bool first = true;
    int r;
    char *key;
    switch (c) {
    case '{':
        while ((r = member(j, &first, &key)) == 1) {
            mem_free(key);
            if (!skip(j)) return false;
        }
        return r == 0;
    case '[':
        while ((r = element(j, &first)) == 1)
            if (!skip(j)) return false;
        return r == 0;
    case '"': return str(j, NULL);
    case 't': return literal(j, "true");
    case 'f': return literal(j, "false");
    case 'n': return literal(j, "null");
    default:
        if (c == '-' || is_digit(c)) { double v; return number(j, &v, NULL, NULL); }
        char buf[16];
        fail(j, j->i, "expected a value, found %s", found(j, buf, sizeof buf));
        return false;
    }
}

/* A member seen twice is an error: which of the two would count? */
static bool once(jp *j, unsigned *seen, unsigned bit, const char *key, size_t at)
{
    if (*seen & bit) { fail(j, at, "\"%s\" given twice in one object", key); return false; }
    *seen |= bit;
    return true;
}

/* --------------------------------------------------------------- geometry */

typedef struct { size_t ptcap, ringcap; } geo_grow;

/* An array of positions, or of such arrays: its nesting depth (a position
 * is 1), or 0 on an error.  Positions go to f->pts; every array of
 * positions is a ring, checked and recorded. */
static int coords(jp *j, geo_feature *f, geo_grow *g)
{
    ws(j);
    size_t at = j->i;
    bool first = true;
    int r = element(j, &first);
    if (r < 0) return 0;
    if (r == 0) { fail(j, at, "an empty array of coordinates"); return 0; }
    ws(j);
    if (j->i < j->n && (j->s[j->i] == '-' || is_digit(j->s[j->i]))) {
        double v[3];
        int k = 0;
        for (; r == 1; r = element(j, &first)) {
            if (k == 3) { fail(j, at, "a position has two numbers (longitude, latitude) or three"); return 0; }
            if (!number(j, &v[k++], NULL, NULL)) return 0;
        }
        if (r < 0) return 0;
        if (k < 2) { fail(j, at, "a position has two numbers (longitude, latitude) or three"); return 0; }
        if (v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90) {
            fail(j, at, "not a WGS84 longitude and latitude (the map needs degrees, longitude first)");
            return 0;
        }
        MEM_GROW(f->pts, g->ptcap, f->npts + 1);
        f->pts[f->npts++] = (geo_pt){ v[0], v[1] };
        return 1;
    }
    int depth = 0;
    size_t start = f->npts;
    for (; r == 1; r = element(j, &first)) {
        ws(j);
        size_t el = j->i;
        int dd = coords(j, f, g);
        if (!dd) return 0;
        if (depth && dd != depth) { fail(j, el, "coordinates nested unevenly"); return 0; }
        depth = dd;
        if (depth > 3) { fail(j, at, "coordinates nested too deep for a Polygon or MultiPolygon"); return 0; }
    }
    if (r < 0) return 0;
    if (depth == 1) {
        size_t n = f->npts - start;
        if (n < 4) { fail(j, at, "a ring needs four positions or more, found %zu", n); return 0; }
        if (f->pts[start].x != f->pts[f->npts - 1].x || f->pts[start].y != f->pts[f->npts - 1].y) {
            fail(j, at, "this ring does not end on its first position");
            return 0;
        }
        MEM_GROW(f->ring_end, g->ringcap, f->nrings + 1);
        f->ring_end[f->nrings++] = f->npts;
    }
    return depth + 1;
}

static bool geometry(jp *j, geo_feature *f)
{
    ws(j);
    size_t at = j->i, coord_at = 0;
    if (j->i < j->n && j->s[j->i] == 'n') {
        fail(j, at, "this feature has no geometry (null): the map needs an area");
        return false;
    }
    bool first = true;
    char *key;
    int r, depth = 0;
    unsigned seen = 0;
    char *type = NULL;
    geo_grow g = { 0, 0 };
    while ((r = member(j, &first, &key)) == 1) {
        size_t kat = j->i;
        bool ok;
        if (strcmp(key, "type") == 0) {
            ok = once(j, &seen, 1, key, kat) && str(j, &type);
            if (ok && strcmp(type, "Polygon") != 0 && strcmp(type, "MultiPolygon") != 0) {
                fail(j, kat, "a geometry of type \"%s\" is not an area: the map needs Polygon or MultiPolygon", type);
                ok = false;
            }
        } else if (strcmp(key, "coordinates") == 0) {
            ws(j);
            coord_at = j->i;
            ok = once(j, &seen, 2, key, kat) && (depth = coords(j, f, &g)) != 0;
        } else {
            ok = skip(j);
        }
        mem_free(key);
        if (!ok) { mem_free(type); return false; }
    }
    if (r < 0) { mem_free(type); return false; }
    bool ok = false;
    if (!type) fail(j, at, "this geometry has no \"type\"");
    else if (strcmp(type, "Polygon") != 0 && strcmp(type, "MultiPolygon") != 0)
        fail(j, at, "a geometry of type \"%s\" is not an area: the map needs Polygon or MultiPolygon", type);
    else if (!(seen & 2)) fail(j, at, "this geometry has no \"coordinates\"");
    else if (depth != (type[0] == 'P' ? 3 : 4))
        fail(j, coord_at, "the coordinates of a %s are nested %d deep, not %d", type, depth, type[0] == 'P' ? 3 : 4);
    else ok = true;
    mem_free(type);
    return ok;
}

static bool properties(jp *j, geo_feature *f)
{
    if (peek(j, 'n')) return literal(j, "null");
    bool first = true;
    char *key;
    int r, cap = 0;
    while ((r = member(j, &first, &key)) == 1) {
        ws(j);
        size_t at = j->i;
        char *val = NULL;
        bool ok = true;
        if (j->i < j->n && j->s[j->i] == '"') {
            ok = str(j, &val);
        } else if (j->i < j->n && (j->s[j->i] == '-' || is_digit(j->s[j->i]))) {
            double v;
            size_t from, to;
            ok = number(j, &v, &from, &to);
            if (ok) val = mem_strndup(j->s + from, to - from);
        } else {
            ok = skip(j);
        }
        for (int k = 0; ok && k < f->nprops; k++)
            if (strcmp(f->pkey[k], key) == 0) { fail(j, at, "property \"%s\" given twice", key); ok = false; }
        if (ok && val) {
            if (f->nprops == cap) {
                cap = cap ? cap * 2 : 8;
                f->pkey = mem_realloc(f->pkey, (size_t)cap * sizeof *f->pkey);
                f->pval = mem_realloc(f->pval, (size_t)cap * sizeof *f->pval);
            }
            f->pkey[f->nprops] = key;
            f->pval[f->nprops++] = val;
            key = NULL;
        } else {
            mem_free(val);
        }
        mem_free(key);
        if (!ok) return false;
    }
    return r == 0;
}

static bool feature(jp *j, geo_feature *f)
{
    ws(j);
    size_t at = j->i;
    f->line = line_of(j, at);
    bool first = true;
    char *key;
    int r;
    unsigned seen = 0;
    while ((r = member(j, &first, &key)) == 1) {
        size_t kat = j->i;
        bool ok;
        if (strcmp(key, "type") == 0) {
            char *type = NULL;
            ok = once(j, &seen, 1, key, kat) && str(j, &type);
            if (ok && strcmp(type, "Feature") != 0) { fail(j, kat, "expected a \"Feature\", found \"%s\"", type); ok = false; }
            mem_free(type);
        } else if (strcmp(key, "id") == 0) {
            ok = once(j, &seen, 2, key, kat);
            if (ok && peek(j, '"')) {
                ok = str(j, &f->id);
            } else if (ok && j->i < j->n && (j->s[j->i] == '-' || is_digit(j->s[j->i]))) {
                double v;
                size_t from, to;
                ok = number(j, &v, &from, &to);
                if (ok) f->id = mem_strndup(j->s + from, to - from);
            } else if (ok) {
                fail(j, j->i, "a feature's \"id\" is a string or a number");
                ok = false;
            }
        } else if (strcmp(key, "properties") == 0) {
            ok = once(j, &seen, 4, key, kat) && properties(j, f);
        } else if (strcmp(key, "geometry") == 0) {
            ok = once(j, &seen, 8, key, kat) && geometry(j, f);
        } else {
            ok = skip(j);
        }
        mem_free(key);
        if (!ok) return false;
    }
    if (r < 0) return false;
    if (!(seen & 1)) { fail(j, at, "this feature has no \"type\": \"Feature\""); return false; }
    if (!(seen & 8)) { fail(j, at, "this feature has no \"geometry\""); return false; }
    return true;
}

static void feature_free(geo_feature *f)
{
    mem_free(f->id);
    for (int k = 0; k < f->nprops; k++) { mem_free(f->pkey[k]); mem_free(f->pval[k]); }
    mem_free(f->pkey);
    mem_free(f->pval);
    mem_free(f->pts);
    mem_free(f->ring_end);
}

void geo_free(geo_set *s)
{
    for (size_t i = 0; i < s->n; i++) feature_free(&s->f[i]);
    mem_free(s->f);
    mem_free(s->path);
    memset(s, 0, sizeof *s);
}

int geo_parse(const char *path, const char *text, size_t len, geo_set *out, diag_list *d)
{
    memset(out, 0, sizeof *out);
    jp j = { text, len, 0, path, d, false, 0, 0, 1 };
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) j.i = 3;     /* a byte-order mark */
    size_t cap = 0;
    bool first = true, ok = true, is_fc = false;
    char *key;
    int r = 0;
    unsigned seen = 0;
    ws(&j);
    size_t top = j.i;
    if (!peek(&j, '{')) {
        char buf[16];
        fail(&j, j.i, "not a GeoJSON FeatureCollection: expected '{', found %s", found(&j, buf, sizeof buf));
        return -1;
    }
    while (ok && (r = member(&j, &first, &key)) == 1) {
        size_t kat = j.i;
        if (strcmp(key, "type") == 0) {
            char *type = NULL;
            ok = once(&j, &seen, 1, key, kat) && str(&j, &type);
            if (ok && strcmp(type, "FeatureCollection") != 0) {
                fail(&j, kat, "expected a \"FeatureCollection\", found \"%s\"", type);
                ok = false;
            }
            is_fc = ok;
            mem_free(type);
        } else if (strcmp(key, "features") == 0) {
            bool efirst = true;
            int e = 0;
            ok = once(&j, &seen, 2, key, kat);
            while (ok && (e = element(&j, &efirst)) == 1) {
                MEM_GROW(out->f, cap, out->n + 1);
                memset(&out->f[out->n], 0, sizeof out->f[out->n]);
                ok = feature(&j, &out->f[out->n++]);
            }
            if (ok && e < 0) ok = false;
        } else {
            ok = skip(&j);
        }
        mem_free(key);
    }
    if (ok && r < 0) ok = false;
    if (ok && !is_fc) { fail(&j, top, "not a GeoJSON FeatureCollection: no \"type\": \"FeatureCollection\""); ok = false; }
    if (ok && !(seen & 2)) { fail(&j, top, "this FeatureCollection has no \"features\""); ok = false; }
    if (ok && out->n == 0) { fail(&j, top, "this FeatureCollection has no features"); ok = false; }
    ws(&j);
    if (ok && j.i < j.n) { fail(&j, j.i, "more text after the JSON value"); ok = false; }
    if (!ok) { geo_free(out); return -1; }
    out->path = mem_strdup(path);
    return 0;
}

const char *geo_prop(const geo_feature *f, const char *name)
{
    for (int k = 0; k < f->nprops; k++)
        if (strcmp(f->pkey[k], name) == 0) return f->pval[k];
    return NULL;
}
