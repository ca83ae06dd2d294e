/* options.c: command-line options and atomic output files. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("verdeel: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n    hint: see 'verdeel %s --help'\n", cmd);
    return VDL_EUSAGE;
}

static const struct { const char *name; char code; bool arg; } cli_options[] = {
    { "--data", 'd', true }, { "--date", 'D', true }, { "--set", 's', true },
    { "--format", 'f', true }, { "--level", 'l', true }, { "--output", 'o', true },
    { "-o", 'o', true }, { "--phase", 'p', true },
};

int cli_parse(const char *cmd, int argc, char **argv, const char *allow, cli_opts *o)
{
    memset(o, 0, sizeof *o);
    bool only_files = false;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->rules) return cli_usage_error(cmd, "more than one rule file: '%s' and '%s'", o->rules, a);
            o->rules = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { only_files = true; continue; }
        char code = 0;
        const char *val = NULL;
        for (size_t k = 0; k < sizeof cli_options / sizeof cli_options[0]; k++) {
            size_t n = strlen(cli_options[k].name);
            if (strncmp(a, cli_options[k].name, n) != 0) continue;
            if (a[n] == '=') val = a + n + 1;
            else if (a[n] != '\0') continue;
            code = cli_options[k].code;
            break;
        }
        if (!code || !strchr(allow, code)) return cli_usage_error(cmd, "unknown option '%s'", a);
        if (!val) {
            if (i + 1 >= argc) return cli_usage_error(cmd, "option '%s' needs a value", a);
            val = argv[++i];
        }
        switch (code) {
        case 'd': {
            if (o->ndata == 16) return cli_usage_error(cmd, "too many --data options");
            const char *eq = strchr(val, '=');
            vdl_source *s = &o->data[o->ndata++];
            if (eq) {
                static char names[16][64];
                size_t n = (size_t)(eq - val);
                if (n == 0 || n >= 64) return cli_usage_error(cmd, "--data %s: bad dataset name", val);
                memcpy(names[o->ndata - 1], val, n);
                names[o->ndata - 1][n] = '\0';
                s->dataset = names[o->ndata - 1];
                s->path = eq + 1;
            } else {
                s->dataset = NULL;
                s->path = val;
            }
            if (!*s->path) return cli_usage_error(cmd, "--data %s: no file", val);
            for (int k = 0; k < o->ndata - 1; k++) {
                bool same = (!s->dataset && !o->data[k].dataset) ||
                            (s->dataset && o->data[k].dataset && strcmp(s->dataset, o->data[k].dataset) == 0);
                if (same) return cli_usage_error(cmd, "--data given twice for %s%s",
                                                 s->dataset ? "dataset " : "the main table", s->dataset ? s->dataset : "");
            }
            break;
        }
        case 'D': o->date = val; break;
        case 's': {
            if (o->nset == 64) return cli_usage_error(cmd, "too many --set options");
            const char *eq = strchr(val, '=');
            if (!eq || eq == val || !eq[1]) return cli_usage_error(cmd, "--set %s: expected NAME=VALUE", val);
            static char names[64][128];
            size_t n = (size_t)(eq - val);
            if (n >= 128) return cli_usage_error(cmd, "--set: name too long");
            memcpy(names[o->nset], val, n);
            names[o->nset][n] = '\0';
            o->set[o->nset].name = names[o->nset];
            o->set[o->nset].value = eq + 1;
            o->nset++;
            break;
        }
        case 'f':
            if (strcmp(val, "text") == 0) o->format = VDL_FMT_TEXT;
            else if (strcmp(val, "csv") == 0) o->format = VDL_FMT_CSV;
            else if (strcmp(val, "json") == 0) o->format = VDL_FMT_JSON;
            else if (strcmp(val, "md") == 0) o->format = VDL_FMT_MD;
            else return cli_usage_error(cmd, "unknown format '%s' (text, csv, json or md)", val);
            break;
        case 'l': o->level = val; break;
        case 'o': o->out = val; break;
        case 'p': o->phase = val; break;
        }
    }
    if (!o->rules) return cli_usage_error(cmd, "no rule file given");
    return 0;
}

int cli_write_atomic(const char *path, int (*fn)(FILE *, void *), void *arg)
{
    if (!path || strcmp(path, "-") == 0) {
        int rc = fn(stdout, arg);
        if (fflush(stdout) != 0 && rc == 0) rc = VDL_EOUTPUT;
        return rc;
    }
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp) return VDL_EOUTPUT;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(tmp, path, dirlen);
    snprintf(tmp + dirlen, n + 16 - dirlen, ".%s.XXXXXX", path + dirlen);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "verdeel: error: cannot write '%s': %s\n", path, strerror(errno));
        free(tmp);
        return VDL_EOUTPUT;
    }
    /* mkstemp makes the file 0600; give it the mode a new file would get */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    FILE *f = fdopen(fd, "w");
    int rc = f ? fn(f, arg) : VDL_EOUTPUT;
    int err = 0;
    if (f) {
        if (fflush(f) != 0 || fsync(fileno(f)) != 0) err = errno;
        if (fclose(f) != 0 && !err) err = errno;
    } else {
        err = errno;
        close(fd);
    }
    if (rc == 0 && err) {
        fprintf(stderr, "verdeel: error: cannot write '%s': %s\n", path, strerror(err));
        rc = VDL_EOUTPUT;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        fprintf(stderr, "verdeel: error: cannot write '%s': %s\n", path, strerror(errno));
        rc = VDL_EOUTPUT;
    }
    if (rc != 0) unlink(tmp);
    free(tmp);
    return rc;
}
