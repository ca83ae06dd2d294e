/* diag.h: source files, spans and the one diagnostic function.
 *
 * Every message verdeel gives about a rule file (scanner, parser, checker,
 * code generator and the VM at run time) is a vdl_diag with a span into a
 * src_file, and diag_render() is the only code that turns one into
 * "file:line:col: error: message", the source line, a caret under the span
 * and an optional hint.  Layers collect diagnostics in a diag_list and never
 * print: the CLI (or an embedding program) decides where they go. */
#ifndef VDL_DIAG_H
#define VDL_DIAG_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A span: 1-based line and column of the first character, and of the
 * character just past the last one (the bison location type). */
typedef struct vdl_span {
    int first_line, first_column, last_line, last_column;
} vdl_span;

typedef struct src_file {
    char   *path;       /* as given; owned */
    char   *text;       /* the whole file, NUL-terminated; owned */
    size_t  len;
    size_t *line_off;   /* byte offset where each line starts; owned */
    size_t  nlines;
} src_file;

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_level;

typedef struct vdl_diag {
    diag_level      level;
    char           *path;   /* the file's path; NULL: no place; owned */
    char           *line;   /* a copy of the source line, or NULL; owned */
    vdl_span        span;
    char           *msg;    /* owned */
    char           *hint;   /* owned, may be NULL */
} vdl_diag;

typedef struct diag_list {
    vdl_diag *items;
    size_t    n, cap;
    size_t    nerrors;
} diag_list;

/* Read a file into a src_file; returns NULL and sets *err (an errno). */
src_file *src_read(const char *path, int *err);
/* The bytes of a file, NUL-terminated (len + 1 bytes), owned by the caller;
 * NULL with *err set when it cannot be read. */
char     *src_read_bytes(const char *path, size_t *len, int *err);
src_file *src_from_string(const char *name, const char *text, size_t len);
void      src_free(src_file *f);
/* `path` relative to the folder `base` (NULL or "": as it is), with "dir/.."
 * and "." folded away; owned by the caller. */
char     *src_resolve(const char *base, const char *path);
/* The folder of a file's path ("" for none); owned by the caller. */
char     *src_dir(const char *path);
/* The text of line `line` (1-based) without its line end, and its length. */
const char *src_line(const src_file *f, int line, size_t *len);

void diag_add(diag_list *l, diag_level lv, const src_file *f, vdl_span sp,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void diag_vadd(diag_list *l, diag_level lv, const src_file *f, vdl_span sp,
               const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
/* A diagnostic about line `line` (0: the whole file) of a file that is not
 * a rule file (a table): no source line is shown. */
void diag_add_at(diag_list *l, diag_level lv, const char *path, int line,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A diagnostic about a span in a table, with a copy of its source line
 * (`text`, `len` bytes) to show under the message. */
void diag_add_line(diag_list *l, diag_level lv, const char *path, vdl_span sp,
                   const char *text, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* Attach a hint to the last diagnostic added. */
void diag_hint(diag_list *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_list_free(diag_list *l);

/* Write one diagnostic: "file:line:col: error: msg", the source line, a
 * caret line, and "  hint: ..." when there is a hint.  A diagnostic keeps
 * its own copy of the line, so it outlives the file it is about. */
void diag_render(FILE *out, const vdl_diag *d);
void diag_render_all(FILE *out, const diag_list *l);

/* The closest of `n` candidate names to `name` by edit distance, or NULL when
 * none is close enough to be a likely typo (for "did you mean" hints). */
const char *diag_suggest(const char *name, const char *const *cands, size_t n);

char *diag_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
