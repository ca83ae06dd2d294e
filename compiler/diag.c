/* diag.c: reading source files and rendering diagnostics with a caret.
 * See diag.h; this is the only place a diagnostic becomes text. */
#include "diag.h"
#include "mem.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

static void src_index_lines(src_file *f)
{
    size_t cap = 0;
    MEM_GROW(f->line_off, cap, 1);
    f->line_off[0] = 0;
    f->nlines = 1;
    for (size_t i = 0; i < f->len; i++) {
        /* a lone CR ends a line too; CRLF is one line end */
        bool end = f->text[i] == '\n' ||
                   (f->text[i] == '\r' && (i + 1 >= f->len || f->text[i + 1] != '\n'));
        if (end) {
            MEM_GROW(f->line_off, cap, f->nlines + 1);
            f->line_off[f->nlines++] = i + 1;
        }
    }
}

src_file *src_from_string(const char *name, const char *text, size_t len)
{
    src_file *f = mem_alloc(sizeof *f);
    f->path = mem_strdup(name);
    f->text = mem_strndup(text, len);
    f->len = len;
    src_index_lines(f);
    return f;
}

char *src_read_bytes(const char *path, size_t *lenp, int *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) { *err = errno; return NULL; }
    struct stat stb;
    bool have = fstat(fileno(fp), &stb) == 0;
    if (have && S_ISDIR(stb.st_mode)) {
        fclose(fp);
        *err = EISDIR;
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    if (have && S_ISREG(stb.st_mode) && stb.st_size > 0 && (uintmax_t)stb.st_size < SIZE_MAX / 2) {
        /* the size is known: one allocation, no copies, nothing zeroed */
        cap = (size_t)stb.st_size + 1;
        buf = mem_realloc(NULL, cap);
    }
    for (;;) {
        if (len == cap) MEM_GROW(buf, cap, len + 65536);
        /* asking for one byte more than the file holds ends the loop at
         * its size, with room left for the NUL */
        size_t want = cap - len, got = fread(buf + len, 1, want, fp);
        len += got;
        if (got < want) break;      /* end of file, or an error (below) */
    }
    int bad = ferror(fp) ? (errno ? errno : EIO) : 0;
    fclose(fp);
    if (bad) { mem_free(buf); *err = bad; return NULL; }
    MEM_GROW(buf, cap, len + 1);
    buf[len] = '\0';
    *lenp = len;
    return buf;
}

src_file *src_read(const char *path, int *err)
{
    size_t len;
    char *buf = src_read_bytes(path, &len, err);
    if (!buf) return NULL;
    src_file *f = mem_alloc(sizeof *f);
    f->path = mem_strdup(path);
    f->text = buf;
    f->len = len;
    src_index_lines(f);
    return f;
}

void src_free(src_file *f)
{
    if (!f) return;
    mem_free(f->path);
    mem_free(f->text);
    mem_free(f->line_off);
    mem_free(f);
}

char *src_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return mem_strdup("");
    if (slash == path) return mem_strdup("/");
    return mem_strndup(path, (size_t)(slash - path));
}

/* Join a rule file's folder and a path in it, and fold "dir/.." and "."
 * away so that messages show "data/x.csv", not "rules/../data/x.csv". */
char *src_resolve(const char *base, const char *path)
{
    char *full = (!base || !*base || path[0] == '/') ? mem_strdup(path) : diag_fmt("%s/%s", base, path);
    char *out = mem_alloc(strlen(full) + 1);
    size_t n = 0, ups = 0;   /* ups: leading ".." parts kept */
    bool abs = full[0] == '/';
    for (char *seg = full; *seg;) {
        char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if (len == 0 || (len == 1 && seg[0] == '.')) {
            /* skip */
        } else if (len == 2 && seg[0] == '.' && seg[1] == '.' && n > ups * 3) {
            while (n > 0 && out[n - 1] != '/') n--;
            if (n > 0) n--;
        } else {
            if (len == 2 && seg[0] == '.' && seg[1] == '.') ups++;
            if (n > 0 || abs) out[n++] = '/';
            memcpy(out + n, seg, len);
            n += len;
        }
        seg += len + (end ? 1 : 0);
    }
    if (n == 0) out[n++] = abs ? '/' : '.';
    out[n] = '\0';
    mem_free(full);
    return out;
}

const char *src_line(const src_file *f, int line, size_t *len)
{
    if (line < 1 || (size_t)line > f->nlines) { *len = 0; return ""; }
    size_t s = f->line_off[line - 1];
    size_t e = s;
    while (e < f->len && f->text[e] != '\n' && f->text[e] != '\r') e++;
    *len = e - s;
    return f->text + s;
}

/* printf into a fresh allocation. */
static char *vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *vformat(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *s = mem_alloc((size_t)(n < 0 ? 0 : n) + 1);
    if (n > 0) vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *diag_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

/* A copy of a source line that is safe to print: a NUL, a control
 * character (C0 or C1) or a byte that is not valid UTF-8 becomes '?', one
 * column each, so that neither the terminal nor the caret goes astray. */
static char *clean_line(const char *text, size_t len)
{
    char *out = mem_alloc(len + 1), *o = out;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = n > 0 && i + n <= len && (n > 1 || (c >= 0x20 && c != 0x7f) || c == '\t');
        for (size_t k = 1; ok && k < n; k++) ok = (s[i + k] & 0xC0) == 0x80;
        if (ok && n == 2) ok = c >= 0xC2 && !(c == 0xC2 && s[i + 1] < 0xA0);   /* no overlongs, no C1 */
        if (ok && n == 3) ok = !(c == 0xE0 && s[i + 1] < 0xA0) && !(c == 0xED && s[i + 1] >= 0xA0);
        if (ok && n == 4) ok = c <= 0xF4 && !(c == 0xF0 && s[i + 1] < 0x90) && !(c == 0xF4 && s[i + 1] >= 0x90);
        bool bom = ok && n == 3 && c == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF;   /* invisible otherwise */
        if (!ok || bom) { *o++ = '?'; i += bom ? 3 : 1; continue; }
        memcpy(o, s + i, n);
        o += n;
        i += n;
    }
    *o = '\0';
    return out;
}

static void diag_push(diag_list *l, diag_level lv, const char *path, vdl_span sp,
                      char *line, char *msg)
{
    MEM_GROW(l->items, l->cap, l->n + 1);
    l->items[l->n++] = (vdl_diag){ lv, path ? mem_strdup(path) : NULL, line, sp, msg, NULL };
    if (lv == DIAG_ERROR) l->nerrors++;
}

void diag_vadd(diag_list *l, diag_level lv, const src_file *f, vdl_span sp,
               const char *fmt, va_list ap)
{
    char *line = NULL;
    if (f && sp.first_line > 0 && sp.first_column > 0) {
        size_t len;
        const char *t = src_line(f, sp.first_line, &len);
        if (sp.first_line == 1 && len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) { t += 3; len -= 3; }
        line = clean_line(t, len);
    }
    diag_push(l, lv, f ? f->path : NULL, sp, line, vformat(fmt, ap));
}

void diag_add_line(diag_list *l, diag_level lv, const char *path, vdl_span sp,
                   const char *text, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (text && sp.first_line == 1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { text += 3; len -= 3; }
    diag_push(l, lv, path, sp, text ? clean_line(text, len) : NULL, vformat(fmt, ap));
    va_end(ap);
}

void diag_add_at(diag_list *l, diag_level lv, const char *path, int line,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdl_span sp = { line, 0, line, 0 };
    diag_push(l, lv, path, sp, NULL, vformat(fmt, ap));
    va_end(ap);
}

void diag_add(diag_list *l, diag_level lv, const src_file *f, vdl_span sp,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(l, lv, f, sp, fmt, ap);
    va_end(ap);
}

void diag_hint(diag_list *l, const char *fmt, ...)
{
    if (!l->n) return;
    va_list ap;
    va_start(ap, fmt);
    char *h = vformat(fmt, ap);
    va_end(ap);
    vdl_diag *d = &l->items[l->n - 1];
    mem_free(d->hint);
    d->hint = h;
}

void diag_list_free(diag_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        mem_free(l->items[i].msg);
        mem_free(l->items[i].path);
        mem_free(l->items[i].line);
        mem_free(l->items[i].hint);
    }
    mem_free(l->items);
    memset(l, 0, sizeof *l);
}

static const char *level_name(diag_level lv)
{
    switch (lv) {
    case DIAG_ERROR: return "error";
    case DIAG_WARNING: return "warning";
    case DIAG_NOTE: return "note";
    }
    return "error";
}

/* Control characters and bytes that are not printable ASCII are shown as
 * '?', so a hostile file cannot move the terminal's cursor; UTF-8
 * continuation bytes do not advance the caret column. */
void diag_render(FILE *out, const vdl_diag *d)
{
    if (!d->path) {
        fprintf(out, "verdeel: %s: %s\n", level_name(d->level), d->msg);
    } else if (d->span.first_line <= 0) {
        fprintf(out, "%s: %s: %s\n", d->path, level_name(d->level), d->msg);
    } else if (!d->line || d->span.first_column <= 0) {
        fprintf(out, "%s:%d: %s: %s\n", d->path, d->span.first_line, level_name(d->level), d->msg);
    } else {
        fprintf(out, "%s:%d:%d: %s: %s\n", d->path, d->span.first_line,
                d->span.first_column, level_name(d->level), d->msg);
        const char *line = d->line;
        size_t len = strlen(line);
        int first = d->span.first_column;
        int last = d->span.last_line == d->span.first_line ? d->span.last_column : (int)len + 1;
        if (last <= first) last = first + 1;
        /* A long line is shown as a window around the span (columns count
         * characters; continuation bytes of UTF-8 take no column). */
        size_t from = 0;
        int col = 1;
        bool cut = false;
        if (first > 100) {
            while (from < len && col < first - 40) {
                from++;
                if (from < len && ((unsigned char)line[from] & 0xC0) != 0x80) col++;
            }
            cut = true;
        }
        size_t to = from, shown = 0;
        while (to < len && shown < 160) {
            to++;
            if (to >= len || ((unsigned char)line[to] & 0xC0) != 0x80) shown++;
        }
        fputs(cut ? "    ..." : "    ", out);
        for (size_t i = from; i < to; i++) {
            unsigned char c = (unsigned char)line[i];
            fputc(c == '\t' ? ' ' : c, out);
        }
        fputs(to < len ? "...\n" : "\n", out);
        fputs(cut ? "       " : "    ", out);
        for (size_t i = from; i < to && col < first; i++) {
            if (((unsigned char)line[i] & 0xC0) != 0x80) { fputc(' ', out); col++; }
        }
        int carets = 0;
        for (int c = first; c < last && c <= (int)len + 1 && shown > 0; c++, shown--, carets++) fputc('^', out);
        if (!carets) fputc('^', out);
        fputc('\n', out);
    }
    if (d->hint) fprintf(out, "    hint: %s\n", d->hint);
}

void diag_render_all(FILE *out, const diag_list *l)
{
    for (size_t i = 0; i < l->n; i++) diag_render(out, &l->items[i]);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return (size_t)-1;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

const char *diag_suggest(const char *name, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(name, cands[i]);
        if (dist < bestd) { bestd = dist; best = cands[i]; }
    }
    size_t len = strlen(name);
    size_t limit = len < 2 ? 0 : len < 3 ? 1 : len / 3 + 1;
    if (limit > 3) limit = 3;
    return bestd <= limit ? best : NULL;
}
