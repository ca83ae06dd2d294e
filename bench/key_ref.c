/* key_ref.c: the hand-written C reference for workload B of bench/run.sh.
 *
 * The indicative key of the enacted Spreidingswet (bench/key.vdl), swept
 * over BO = FROM..TO, written straight in C: one row per BO with the 12
 * provincial sums of the per-municipality quotas and the rounding
 * difference, byte for byte the CSV of
 *   verdeel sweep bench/key.vdl --vary BO=FROM..TO:1 --show opgave@P... --show afrondingsverschil
 *
 * Integers only.  ses_woa has at most 3 decimals, so with ses in thousandths
 * W = (1000 + ses) * population is an integer, and each quota
 * BO * W / S (S = sum W, everything positive) rounded half away from zero is
 * floor((2*BO*W + S) / (2*S)).  Bounds (checked at load): W < 2^40 and
 * BO < 2^20, so 2*BO*W + S < 2^62: int64 is enough.
 *
 * usage: key_ref GEMEENTEN.csv SES.csv FROM TO */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 4096
#define MAXF 32
#define MAXP 64

static void die(const char *m, const char *x)
{
    fprintf(stderr, "key_ref: %s%s%s\n", m, x ? ": " : "", x ? x : "");
    exit(1);
}

/* Split one CSV record (RFC 4180 quotes, no newline inside a field) in
 * place into at most MAXF fields; returns the count. */
static int split(char *line, char **f)
{
    int n = 0;
    char *p = line;
    size_t len = strlen(p);
    while (len && (p[len - 1] == '\n' || p[len - 1] == '\r')) p[--len] = '\0';
    for (;;) {
        if (n == MAXF) die("too many fields", line);
        if (*p == '"') {
            char *w = ++p;
            f[n++] = w;
            for (;;) {
                if (!*p) die("unterminated quote", NULL);
                if (*p == '"' && p[1] == '"') { *w++ = '"'; p += 2; continue; }
                if (*p == '"') { p++; break; }
                *w++ = *p++;
            }
            *w = '\0';
            if (*p == ',') { p++; continue; }
            if (*p) die("text after a quoted field", NULL);
            return n;
        }
        f[n++] = p;
        char *c = strchr(p, ',');
        if (!c) return n;
        *c = '\0';
        p = c + 1;
    }
}

static int col(char **h, int nh, const char *name, const char *file)
{
    for (int i = 0; i < nh; i++) if (strcmp(h[i], name) == 0) return i;
    die("no such column", name);
    (void)file;
    return -1;
}

static int64_t parse_int(const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end) die("not an integer", s);
    return v;
}

/* A decimal with at most 3 decimals, in thousandths, exactly. */
static int64_t parse_milli(const char *s)
{
    int neg = *s == '-';
    if (*s == '-' || *s == '+') s++;
    int64_t ip = 0, fp = 0;
    int nd = 0;
    if (*s < '0' || *s > '9') die("not a decimal", s);
    while (*s >= '0' && *s <= '9') ip = ip * 10 + (*s++ - '0');
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9') {
            if (++nd > 3) die("more than 3 decimals", s);
            fp = fp * 10 + (*s++ - '0');
        }
    }
    if (*s) die("not a decimal", s);
    for (; nd < 3; nd++) fp *= 10;
    return (neg ? -1 : 1) * (ip * 1000 + fp);
}

static char *codes[MAXN];
static int64_t pop[MAXN], W[MAXN];
static int prov[MAXN];
static char *pnames[MAXP];
static int np, n;

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void load(const char *gem, const char *ses)
{
    static char line[8192];
    char *f[MAXF];
    FILE *g = fopen(gem, "r");
    if (!g) die("cannot open", gem);
    if (!fgets(line, sizeof line, g)) die("empty", gem);
    int nh = split(line, f);
    int ccode = col(f, nh, "gm_code", gem), cprov = col(f, nh, "province", gem),
        cpop = col(f, nh, "population_2023_01_01", gem);
    char *provs[MAXN];
    while (fgets(line, sizeof line, g)) {
        if (n == MAXN) die("too many rows", gem);
        int k = split(line, f);
        if (k != nh) die("wrong field count", gem);
        codes[n] = strdup(f[ccode]);
        provs[n] = strdup(f[cprov]);
        pop[n] = parse_int(f[cpop]);
        W[n] = -1;
        n++;
    }
    fclose(g);
    /* provinces: distinct names in byte order (verdeel's group order) */
    for (int i = 0; i < n; i++) {
        int found = 0;
        for (int p = 0; p < np && !found; p++) found = strcmp(pnames[p], provs[i]) == 0;
        if (!found) { if (np == MAXP) die("too many provinces", NULL); pnames[np++] = provs[i]; }
    }
    qsort(pnames, (size_t)np, sizeof *pnames, cmpstr);
    for (int i = 0; i < n; i++)
        for (int p = 0; p < np; p++) if (strcmp(pnames[p], provs[i]) == 0) prov[i] = p;
    FILE *s = fopen(ses, "r");
    if (!s) die("cannot open", ses);
    if (!fgets(line, sizeof line, s)) die("empty", ses);
    nh = split(line, f);
    int scode = col(f, nh, "gm_code", ses), sses = col(f, nh, "ses_woa", ses);
    while (fgets(line, sizeof line, s)) {
        int k = split(line, f);
        if (k != nh) die("wrong field count", ses);
        for (int i = 0; i < n; i++)        /* 342 x 342: loading is not measured */
            if (strcmp(codes[i], f[scode]) == 0) {
                int64_t m = 1000 + parse_milli(f[sses]);
                if (m < 0 || pop[i] < 0) die("negative weight", codes[i]);
                W[i] = m * pop[i];
                if (W[i] >= ((int64_t)1 << 40)) die("weight too large for int64 bounds", codes[i]);
            }
    }
    fclose(s);
    for (int i = 0; i < n; i++) if (W[i] < 0) die("no ses_woa for", codes[i]);
}

int main(int argc, char **argv)
{
    if (argc != 5) die("usage: key_ref GEMEENTEN.csv SES.csv FROM TO", NULL);
    load(argv[1], argv[2]);
    int64_t from = parse_int(argv[3]), to = parse_int(argv[4]);
    if (from < 0 || to >= ((int64_t)1 << 20)) die("BO out of range 0..2^20", NULL);
    int64_t S = 0;
    for (int i = 0; i < n; i++) S += W[i];
    if (S <= 0 || S >= ((int64_t)1 << 50)) die("sum of weights out of range", NULL);
    const int64_t S2 = 2 * S;

    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    fputs("BO", stdout);
    for (int p = 0; p < np; p++) printf(",opgave@%s", pnames[p]);
    fputs(",afrondingsverschil\n", stdout);
    for (int64_t bo = from; bo <= to; bo++) {
        int64_t sum[MAXP] = { 0 }, total = 0;
        const int64_t b2 = 2 * bo;
        for (int i = 0; i < n; i++) {
            int64_t q = (b2 * W[i] + S) / S2;
            sum[prov[i]] += q;
        }
        printf("%lld", (long long)bo);
        for (int p = 0; p < np; p++) { printf(",%lld", (long long)sum[p]); total += sum[p]; }
        printf(",%lld\n", (long long)(total - bo));
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
