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
    { "--b-data", 'e', true }, { "--b-date", 'E', true }, { "--b-set", 'S', true },
    { "--map", 'm', true }, { "--top", 't', true }, { "--summary", 'y', false },
    { "--git", 'g', true }, { "--junit", 'j', true }, { "--entity", 'x', true }, { "--why-not", 'w', true }, { "--output-file", 'o', true },
};

/* Copy the n bytes at s into the options' own pool; NULL when it is full. */
static const char *keep(cli_opts *o, const char *s, size_t n)
{
    if (o->npool + n + 1 > sizeof o->pool) return NULL;
    char *d = o->pool + o->npool;
    memcpy(d, s, n);
    d[n] = '\0';
    o->npool += n + 1;
    return d;
}

/* Split "NAME=VALUE": the name into the pool, *value after the '='. */
static const char *split_name(cli_opts *o, const char *val, const char **value)
{
    const char *eq = strchr(val, '=');
    if (!eq || eq == val || !eq[1]) return NULL;
    *value = eq + 1;
    return keep(o, val, (size_t)(eq - val));
}

/* --data [DATASET=]FILE for one side. */
static int add_data(const char *cmd, cli_opts *o, cli_side *sd, const char *opt, const char *val)
{
    if (sd->ndata == 16) return cli_usage_error(cmd, "too many %s options", opt);
    vdl_source *s = &sd->data[sd->ndata++];
    const char *eq = strchr(val, '=');
    s->dataset = NULL;
    s->path = val;
    if (eq && !(s->dataset = split_name(o, val, &s->path)))
        return cli_usage_error(cmd, "%s %s: expected [DATASET=]FILE", opt, val);
    if (!*s->path) return cli_usage_error(cmd, "%s %s: no file", opt, val);
    for (int k = 0; k < sd->ndata - 1; k++) {
        bool same = (!s->dataset && !sd->data[k].dataset) ||
                    (s->dataset && sd->data[k].dataset && strcmp(s->dataset, sd->data[k].dataset) == 0);
        if (same) return cli_usage_error(cmd, "%s given twice for %s%s", opt,
                                         s->dataset ? "dataset " : "the main table", s->dataset ? s->dataset : "");
    }
    return 0;
}

/* --set NAME=VALUE for one side. */
static int add_set(const char *cmd, cli_opts *o, cli_side *sd, const char *opt, const char *val)
{
    if (sd->nset == 64) return cli_usage_error(cmd, "too many %s options", opt);
    vdl_setting *s = &sd->set[sd->nset];
    if (!(s->name = split_name(o, val, &s->value)))
        return cli_usage_error(cmd, "%s %s: expected NAME=VALUE", opt, val);
    sd->nset++;
    return 0;
}

static int parse_format(const char *cmd, const char *val, vdl_format *f)
{
    static const char *const names[] = { "text", "csv", "json", "md" };
    for (int i = 0; i < 4; i++)
        if (strcmp(val, names[i]) == 0) { *f = (vdl_format)i; return 0; }
    return cli_usage_error(cmd, "unknown format '%s' (text, csv, json or md)", val);
}

int cli_parse(const char *cmd, int argc, char **argv, const char *allow, cli_opts *o)
{
    memset(o, 0, sizeof *o);
    bool only_files = false;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            if (!o->rules) o->rules = a;
            else if (!o->rules_b && strchr(allow, '2')) o->rules_b = a;
            else if (!strchr(allow, '2')) return cli_usage_error(cmd, "more than one rule file: '%s' and '%s'", o->rules, a);
            else return cli_usage_error(cmd, "more than two rule files: '%s', '%s' and '%s'", o->rules, o->rules_b, a);
            continue;
        }
        if (strcmp(a, "--") == 0) { only_files = true; continue; }
        char code = 0;
        bool takes = false;
        const char *val = NULL;
        for (size_t k = 0; k < sizeof cli_options / sizeof cli_options[0]; k++) {
            size_t n = strlen(cli_options[k].name);
            if (strncmp(a, cli_options[k].name, n) != 0) continue;
            if (a[n] == '=' && cli_options[k].arg) val = a + n + 1;
            else if (a[n] != '\0') continue;
            code = cli_options[k].code;
            takes = cli_options[k].arg;
            break;
        }
        if (!code || !strchr(allow, code)) return cli_usage_error(cmd, "unknown option '%s'", a);
        if (takes && !val) {
            if (i + 1 >= argc) return cli_usage_error(cmd, "option '%s' needs a value", a);
            val = argv[++i];
        }
        int rc = 0;
        switch (code) {
        case 'd': rc = add_data(cmd, o, &o->a, "--data", val); break;
        case 'e': rc = add_data(cmd, o, &o->b, "--b-data", val); break;
        case 's': rc = add_set(cmd, o, &o->a, "--set", val); break;
        case 'S': rc = add_set(cmd, o, &o->b, "--b-set", val); break;
        case 'D': o->a.date = val; break;
        case 'E': o->b.date = val; break;
        case 'f': rc = parse_format(cmd, val, &o->format); break;
        case 'l': o->level = val; break;
        case 'o':
            /* explain's --output names a rule; its file is -o / --output-file */
            if (strchr(allow, 'O') && strcmp(a, "--output") == 0) o->explain_output = val;
            else o->out = val;
            break;
        case 'x': o->entity = val; break;
        case 'g': o->git_rev = val; break;
        case 'j': o->junit = val; break;
        case 'w': o->why_not = val; break;
        case 'p': o->phase = val; break;
        case 'y': o->summary = true; break;
        case 't': {
            char *end;
            long n = strtol(val, &end, 10);
            if (*end || n < 1 || n > 1000) rc = cli_usage_error(cmd, "--top %s: expected a number from 1 to 1000", val);
            o->top = (int)n;
            break;
        }
        case 'm': {
            if (o->nmap == 32) { rc = cli_usage_error(cmd, "too many --map options"); break; }
            vdl_name_pair *m = &o->map[o->nmap];
            if (!(m->a = split_name(o, val, &m->b))) rc = cli_usage_error(cmd, "--map %s: expected NAME_IN_A=NAME_IN_B", val);
            else o->nmap++;
            break;
        }
        }
        if (rc) return rc;
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
