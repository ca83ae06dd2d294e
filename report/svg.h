/* svg.h: the map's geometry and colour scales (see svg.c). */
#ifndef VDL_SVG_H
#define VDL_SVG_H
#include <stdbool.h>
#include <stdio.h>
#include "geojson.h"
#include "num.h"

/* WGS84 longitude and latitude (degrees) to a plane in metres, x east and
 * y north, centred on Amersfoort like the Dutch RD grid. */
void svg_project(double lon, double lat, double *x, double *y);

/* Projected metres to pixels: the boundaries fitted into a box. */
typedef struct {
    double minx, maxy, scale;   /* pixel = margin + (x - minx) * scale, margin + (maxy - y) * scale */
    int    margin, width, height;
} svg_frame;

/* Fit every feature of `s` into max_w x max_h pixels, `margin` on each side
 * included; width and height are what the map then needs. */
void   svg_frame_fit(svg_frame *fr, const geo_set *s, int max_w, int max_h, int margin);
/* Write the path data ("M.. l.. z") of a feature: every ring projected,
 * simplified (Douglas-Peucker, `tol` pixels) and rounded to 0.1 pixel; a
 * ring that shrinks to a point is left out, but never every ring.  Returns
 * the number of points written. */
size_t svg_path(FILE *out, const svg_frame *fr, const geo_feature *f, double tol);

/* A colour scale over exact values.  Sequential: up to 6 classes by
 * quantile, light to dark blue.  Diverging: classes symmetric around an
 * exact 0 (its own class, "no change"), orange below and purple above. */
typedef struct {
    bool   diverging;
    int    nclasses;
    int    nbreaks;     /* sequential: class k holds brk[k-1] <= v < brk[k] */
    num_t  brk[6];      /* diverging: the positive thresholds, ascending */
    int    decimals;    /* how many decimals the breaks are written with */
    num_t  min, max;
    size_t count[8];    /* values per class */
} svg_scale;

void        svg_scale_sequential(svg_scale *sc, const num_t *v, size_t n);
void        svg_scale_diverging(svg_scale *sc, const num_t *v, size_t n);
int         svg_class(const svg_scale *sc, num_t v);
const char *svg_colour(const svg_scale *sc, int k);
/* "4.5 to 5.0", "under 4.5", "7.5 or more", "0 (no change)". */
void        svg_class_label(const svg_scale *sc, int k, char *buf, size_t cap);
/* v rounded half away from zero and written with exactly `decimals`
 * decimals ("5.20", "-3"); "?" when it does not fit. */
void        svg_fixed(num_t v, int decimals, char *buf, size_t cap);

/* The hatched grey fill of areas without a value, as an SVG <pattern>. */
void svg_nodata_pattern(FILE *out, const char *id);

#endif
