/* svg.c: the geometry and the colour scales of the report's map.
 *
 * Projection.  The Dutch RD grid (EPSG:28992) is an oblique stereographic
 * projection centred on Amersfoort; this is the same projection on a
 * sphere (the RD's Gaussian sphere radius and scale factor), without the
 * datum shift: across the Netherlands it differs from RD by well under a
 * kilometre, under a pixel of the map, and keeps shapes and north-south
 * proportions right (a plain longitude/latitude plot stretches the country
 * by 1/cos(52 degrees), about 1.6).  Paths are simplified with
 * Douglas-Peucker to 0.3 pixel and written in tenths of a pixel, absolute
 * for a ring's first point and relative after it, so that the file stays
 * small.
 *
 * Floating point: this file is geometry, not law arithmetic, and uses
 * double here only.  To give the same bytes on every machine it uses only
 * IEEE-754 basic operations (correctly rounded, no fused multiply-add under
 * -std=c11): sine and cosine are computed here by their series rather than
 * taken from a libm whose last bits differ between systems, and numbers are
 * written from integers, never with printf of a double.
 *
 * Colour scales work on the exact values (num_t).  The sequential scale
 * (ColorBrewer Blues) gets lighter-to-darker with the value, so that it
 * reads in greyscale and for every kind of colour blindness; the diverging
 * one (ColorBrewer PuOr, orange below zero and purple above) is colour-blind
 * safe.  Areas without a value are hatched grey, like no class. */
#include "svg.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ projection */

#define PI 3.14159265358979323846

/* sin x for |x| <= pi/2, by its Taylor series (error below 1e-20). */
static double series_sin(double x)
{
    double x2 = x * x, term = x, sum = x;
    for (int k = 1; k <= 13; k++) {
        term = -term * x2 / (double)((2 * k) * (2 * k + 1));
        sum += term;
    }
    return sum;
}

static double my_sin(double x)
{
    while (x > PI) x -= 2 * PI;
    while (x < -PI) x += 2 * PI;
    if (x > PI / 2) x = PI - x;
    else if (x < -PI / 2) x = -PI - x;
    return series_sin(x);
}

static double my_cos(double x) { return my_sin(x + PI / 2); }

void svg_project(double lon, double lat, double *x, double *y)
{
    /* Amersfoort, the RD origin; the RD sphere's radius times its scale */
    static const double lat0 = 52.15616055555555 * PI / 180, lon0 = 5.38763888888889 * PI / 180;
    static const double r2k = 2 * 6382644.571 * 0.9999079;
    double phi = lat * PI / 180, dl = lon * PI / 180 - lon0;
    double sp = my_sin(phi), cp = my_cos(phi), s0 = my_sin(lat0), c0 = my_cos(lat0), cl = my_cos(dl);
    /* 1 + the cosine of the distance to Amersfoort: 0 at its antipode (near
     * 52.156 S, 174.612 W), where the projection is infinite, and rounded
     * to exactly 0 or below it close by.  Kept at 1e-9 or more: a point
     * there lands some 10^16 m away, finite, and the frame and the pixels
     * computed from it stay finite too. */
    double den = 1 + s0 * sp + c0 * cp * cl;
    if (!(den >= 1e-9)) den = 1e-9;
    double k = r2k / den;
    *x = k * cp * my_sin(dl);
    *y = k * (c0 * sp - s0 * cp * cl);
}

void svg_frame_fit(svg_frame *fr, const geo_set *s, int max_w, int max_h, int margin)
{
    double minx = 0, maxx = 0, miny = 0, maxy = 0;
    bool any = false;
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < s->f[i].npts; k++) {
            double x, y;
            svg_project(s->f[i].pts[k].x, s->f[i].pts[k].y, &x, &y);
            if (!any || x < minx) minx = x;
            if (!any || x > maxx) maxx = x;
            if (!any || y < miny) miny = y;
            if (!any || y > maxy) maxy = y;
            any = true;
        }
    double w = maxx - minx, h = maxy - miny;
    double sx = w > 0 ? (max_w - 2 * margin) / w : 1, sy = h > 0 ? (max_h - 2 * margin) / h : 1;
    fr->scale = sx < sy ? sx : sy;
    fr->minx = minx;
    fr->maxy = maxy;
    fr->margin = margin;
    fr->width = (int)(w * fr->scale + 0.999) + 2 * margin;
    fr->height = (int)(h * fr->scale + 0.999) + 2 * margin;
}

/* ------------------------------------------------------------------ paths */

/* Keep the points of a polyline that Douglas-Peucker keeps at `tol`. */
static void simplify(const double *x, const double *y, size_t n, double tol, bool *keep)
{
    size_t *stack = mem_array(2 * n + 2, sizeof *stack), top = 0;
    memset(keep, 0, n * sizeof *keep);
    keep[0] = keep[n - 1] = true;
    stack[top++] = 0;
    stack[top++] = n - 1;
    double tol2 = tol * tol;
    while (top) {
        size_t b = stack[--top], a = stack[--top];
        if (b <= a + 1) continue;
        double dx = x[b] - x[a], dy = y[b] - y[a], len2 = dx * dx + dy * dy, best = -1;
        size_t at = a;
        for (size_t k = a + 1; k < b; k++) {
            double px = x[k] - x[a], py = y[k] - y[a];
            if (len2 > 0) {
                double t = (px * dx + py * dy) / len2;
                if (t < 0) t = 0;
                if (t > 1) t = 1;
                px -= t * dx;
                py -= t * dy;
            }
            double d2 = px * px + py * py;
            if (d2 > best) { best = d2; at = k; }
        }
        if (best > tol2) {
            keep[at] = true;
            stack[top++] = a;
            stack[top++] = at;
            stack[top++] = at;
            stack[top++] = b;
        }
    }
    mem_free(stack);
}

/* Tenths of a pixel, rounded half up (coordinates are never negative). */
static long tenths(double v)
{
    double t = v * 10 + 0.5;
    long l = (long)t;
    if ((double)l > t) l--;
    return l;
}

static void put_tenths(FILE *out, long t)
{
    if (t < 0) { fputc('-', out); t = -t; }
    fprintf(out, "%ld", t / 10);
    if (t % 10) fprintf(out, ".%ld", t % 10);
}

/* One ring as "M x y l dx dy ... z", from points in tenths; duplicates
 * after rounding dropped.  Returns the points written, 0 if fewer than 3
 * distinct ones are left. */
static size_t put_ring(FILE *out, const long *tx, const long *ty, size_t n, bool force)
{
    long *ux = mem_array(n + 1, sizeof *ux), *uy = mem_array(n + 1, sizeof *uy);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (m && tx[k] == ux[m - 1] && ty[k] == uy[m - 1]) continue;
        ux[m] = tx[k];
        uy[m++] = ty[k];
    }
    while (m > 1 && ux[m - 1] == ux[0] && uy[m - 1] == uy[0]) m--;   /* 'z' closes */
    if (m < 3 && !force) { mem_free(ux); mem_free(uy); return 0; }
    fputc('M', out);
    put_tenths(out, ux[0]);
    fputc(' ', out);
    put_tenths(out, uy[0]);
    if (m < 3) {
        /* a ring smaller than the rounding: a speck, so the area is there */
        fputs("l4 0 0 4 -4 0z", out);
        mem_free(ux);
        mem_free(uy);
        return 4;
    }
    fputc('l', out);
    for (size_t k = 1; k < m; k++) {
        if (k > 1) fputc(' ', out);
        put_tenths(out, ux[k] - ux[k - 1]);
        fputc(' ', out);
        put_tenths(out, uy[k] - uy[k - 1]);
    }
    fputc('z', out);
    mem_free(ux);
    mem_free(uy);
    return m;
}

size_t svg_path(FILE *out, const svg_frame *fr, const geo_feature *f, double tol)
{
    size_t written = 0, biggest = 0, bigsize = 0;
    for (size_t r = 0; r < f->nrings; r++) {
        size_t from = r ? f->ring_end[r - 1] : 0, n = f->ring_end[r] - from;
        if (n > bigsize) { bigsize = n; biggest = r; }
    }
    for (int pass = 0; pass < 2 && !written; pass++) {
        for (size_t r = 0; r < f->nrings; r++) {
            if (pass == 1 && r != biggest) continue;
            size_t from = r ? f->ring_end[r - 1] : 0, n = f->ring_end[r] - from;
            double *x = mem_array(n, sizeof *x), *y = mem_array(n, sizeof *y);
            bool *keep = mem_array(n, sizeof *keep);
            for (size_t k = 0; k < n; k++) {
                double px, py;
                svg_project(f->pts[from + k].x, f->pts[from + k].y, &px, &py);
                x[k] = fr->margin + (px - fr->minx) * fr->scale;
                y[k] = fr->margin + (fr->maxy - py) * fr->scale;
            }
            if (pass == 0) simplify(x, y, n, tol, keep);
            else memset(keep, 1, n * sizeof *keep);
            long *tx = mem_array(n, sizeof *tx), *ty = mem_array(n, sizeof *ty);
            size_t m = 0;
            for (size_t k = 0; k < n; k++)
                if (keep[k]) { tx[m] = tenths(x[k]); ty[m++] = tenths(y[k]); }
            written += put_ring(out, tx, ty, m, pass == 1);
            mem_free(x);
            mem_free(y);
            mem_free(keep);
            mem_free(tx);
            mem_free(ty);
        }
    }
    return written;
}

/* ---------------------------------------------------------- colour scales */

static const char *const seq_colours[6] = {     /* ColorBrewer Blues, 7 classes without the palest */
    "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"
};
static const char *const div_colours[7] = {     /* ColorBrewer PuOr, 7 classes */
    "#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"
};

static int cmp_num(const void *a, const void *b) { return num_cmp(*(const num_t *)a, *(const num_t *)b); }

/* v rounded half away from zero to d decimals; false if it does not fit. */
static bool round_to(num_t v, int d, num_t *out)
{
    return num_round(v, NUM_HALF_AWAY, d, out) == NUM_OK;
}

/* v rounded down to d decimals: a break never above the value it stands
 * for, so that value stays in the class the break opens. */
static bool floor_to(num_t v, int d, num_t *out)
{
    return num_round(v, NUM_FLOOR, d, out) == NUM_OK;
}

/* Breaks at the given quantile positions of sorted values: each one rounded
 * down to the fewest decimals that keep every value on the side of it that
 * the exact quantile puts it (above the largest value below the quantile),
 * all with the decimals the most precise one needs; duplicates and breaks
 * at the minimum (an empty first class) left out. */
static void pick_breaks(const num_t *sorted, size_t n, const size_t *pos, int npos,
                        num_t *brk, int *nbrk, int *decimals)
{
    int d = 0, nb = 0;
    size_t at[6];
    for (int k = 0; k < npos && pos[k] < n; k++) {
        size_t i = pos[k];
        while (i > 0 && num_eq(sorted[i - 1], sorted[i])) i--;
        if (i == 0 || (nb && num_eq(sorted[at[nb - 1]], sorted[i]))) continue;
        int dk = 0;
        num_t r;
        while (dk < 6 && (!floor_to(sorted[i], dk, &r) || num_cmp(r, sorted[i - 1]) <= 0)) dk++;
        if (dk > d) d = dk;
        at[nb++] = i;
    }
    *nbrk = 0;
    for (int k = 0; k < nb; k++) {
        num_t r;
        if (!floor_to(sorted[at[k]], d, &r)) r = sorted[at[k]];
        if (*nbrk && num_cmp(r, brk[*nbrk - 1]) <= 0) continue;
        brk[(*nbrk)++] = r;
    }
    *decimals = d;
}

void svg_scale_sequential(svg_scale *sc, const num_t *v, size_t n)
{
    memset(sc, 0, sizeof *sc);
    if (!n) return;
    num_t *s = mem_array(n, sizeof *s);
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_num);
    sc->min = s[0];
    sc->max = s[n - 1];
    size_t pos[5];
    for (int k = 1; k <= 5; k++) pos[k - 1] = (size_t)k * n / 6;
    pick_breaks(s, n, pos, 5, sc->brk, &sc->nbreaks, &sc->decimals);
    sc->nclasses = sc->nbreaks + 1;
    if (sc->nclasses == 1) {
        /* one class: its range, with the decimals that show one value
         * exactly, or that tell the two ends apart */
        for (sc->decimals = 0; sc->decimals < 6; sc->decimals++) {
            num_t a, b;
            if (!round_to(sc->min, sc->decimals, &a) || !round_to(sc->max, sc->decimals, &b)) continue;
            if (num_eq(sc->min, sc->max) ? num_eq(a, sc->min) : !num_eq(a, b)) break;
        }
    }
    for (size_t i = 0; i < n; i++) sc->count[svg_class(sc, v[i])]++;
    mem_free(s);
}

void svg_scale_diverging(svg_scale *sc, const num_t *v, size_t n)
{
    memset(sc, 0, sizeof *sc);
    sc->diverging = true;
    num_t *a = mem_array(n + 1, sizeof *a);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || num_cmp(v[i], sc->min) < 0) sc->min = v[i];
        if (i == 0 || num_cmp(v[i], sc->max) > 0) sc->max = v[i];
        if (num_sign(v[i])) a[m++] = num_abs(v[i]);
    }
    if (m) {
        qsort(a, m, sizeof *a, cmp_num);
        size_t pos[2] = { m / 3, 2 * m / 3 };
        pick_breaks(a, m, pos, 2, sc->brk, &sc->nbreaks, &sc->decimals);
    }
    sc->nclasses = 2 * sc->nbreaks + 3;
    for (size_t i = 0; i < n; i++) sc->count[svg_class(sc, v[i])]++;
    mem_free(a);
}

int svg_class(const svg_scale *sc, num_t v)
{
    if (!sc->diverging) {
        int k = 0;
        while (k < sc->nbreaks && num_cmp(v, sc->brk[k]) >= 0) k++;
        return k;
    }
    int mid = sc->nbreaks + 1, s = num_sign(v), c = 0;
    if (!s) return mid;
    num_t a = num_abs(v);
    while (c < sc->nbreaks && num_cmp(a, sc->brk[c]) >= 0) c++;
    return s > 0 ? mid + 1 + c : mid - 1 - c;
}

const char *svg_colour(const svg_scale *sc, int k)
{
    if (sc->diverging) return div_colours[k + 2 - sc->nbreaks];
    if (sc->nclasses <= 1) return seq_colours[3];
    /* fewer classes than colours: spread them over the palette */
    return seq_colours[(k * 5 * 2 + (sc->nclasses - 1)) / (2 * (sc->nclasses - 1))];
}

void svg_fixed(num_t v, int decimals, char *buf, size_t cap)
{
    num_t r;
    if (!round_to(v, decimals, &r)) { snprintf(buf, cap, "?"); return; }
    char tmp[96];
    num_format(r, decimals, tmp, sizeof tmp);
    char *dot = strchr(tmp, '.');
    int have = dot ? (int)strlen(dot + 1) : 0;
    size_t len = strlen(tmp);
    if (decimals > 0 && !dot && len + 1 < sizeof tmp) { tmp[len++] = '.'; tmp[len] = '\0'; }
    while (have < decimals && len + 1 < sizeof tmp) { tmp[len++] = '0'; tmp[len] = '\0'; have++; }
    if (strcmp(tmp, "-0") == 0 || (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1)))
        memmove(tmp, tmp + 1, strlen(tmp));     /* no "-0.0" */
    snprintf(buf, cap, "%s", tmp);
}

void svg_class_label(const svg_scale *sc, int k, char *buf, size_t cap)
{
    char a[64], b[64];
    int d = sc->decimals;
    if (!sc->diverging) {
        if (sc->nclasses <= 1) {
            svg_fixed(sc->min, d, a, sizeof a);
            svg_fixed(sc->max, d, b, sizeof b);
            if (strcmp(a, b) == 0) snprintf(buf, cap, "%s", a);
            else snprintf(buf, cap, "%s to %s", a, b);
        } else if (k == 0) {
            svg_fixed(sc->brk[0], d, a, sizeof a);
            snprintf(buf, cap, "under %s", a);
        } else if (k == sc->nclasses - 1) {
            svg_fixed(sc->brk[k - 1], d, a, sizeof a);
            snprintf(buf, cap, "%s or more", a);
        } else {
            svg_fixed(sc->brk[k - 1], d, a, sizeof a);
            svg_fixed(sc->brk[k], d, b, sizeof b);
            snprintf(buf, cap, "%s to %s", a, b);
        }
        return;
    }
    int mid = sc->nbreaks + 1, off = k - mid, c = off < 0 ? -off - 1 : off - 1;
    if (off == 0) { snprintf(buf, cap, "0 (no change)"); return; }
    /* c: how many thresholds the class lies beyond */
    const char *sign = off < 0 ? "-" : "+";
    if (c == 0 && sc->nbreaks == 0) { snprintf(buf, cap, off < 0 ? "below 0" : "above 0"); return; }
    if (c == 0) {
        svg_fixed(sc->brk[0], d, a, sizeof a);
        snprintf(buf, cap, off < 0 ? "-%s to 0" : "0 to +%s", a);
    } else if (c == sc->nbreaks) {
        svg_fixed(sc->brk[c - 1], d, a, sizeof a);
        snprintf(buf, cap, off < 0 ? "-%s or less" : "+%s or more", a);
    } else {
        svg_fixed(sc->brk[c - 1], d, a, sizeof a);
        svg_fixed(sc->brk[c], d, b, sizeof b);
        if (off < 0) snprintf(buf, cap, "%s%s to %s%s", sign, b, sign, a);
        else snprintf(buf, cap, "%s%s to %s%s", sign, a, sign, b);
    }
}

void svg_nodata_pattern(FILE *out, const char *id)
{
    fprintf(out, "<pattern id=\"%s\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
                 "patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#f0f0f0\"/>"
                 "<rect width=\"1.6\" height=\"5\" fill=\"#969696\"/></pattern>", id);
}
