/* geojson.h: area boundaries read from GeoJSON (see geojson.c). */
#ifndef VDL_GEOJSON_H
#define VDL_GEOJSON_H
#include <stddef.h>
#include "diag.h"

typedef struct { double x, y; } geo_pt;        /* longitude, latitude (degrees) */

typedef struct {
    char    *id;            /* the feature's "id" (a number as written), or NULL */
    char   **pkey, **pval;  /* its string and number properties, as text */
    int      nprops;
    geo_pt  *pts;           /* every ring's positions, one after another */
    size_t   npts;
    size_t  *ring_end;      /* ring r is pts[r ? ring_end[r-1] : 0 .. ring_end[r]) */
    size_t   nrings;        /* outer rings and holes alike (drawn even-odd) */
    int      line;          /* the line where the feature starts */
} geo_feature;

typedef struct {
    char        *path;      /* as given */
    geo_feature *f;
    size_t       n;
} geo_set;

/* Parse a FeatureCollection of Polygon and MultiPolygon features.  Returns
 * 0, or -1 with a diagnostic (file, line, column) in `d`; on failure *out is
 * left empty. */
int  geo_parse(const char *path, const char *text, size_t len, geo_set *out, diag_list *d);
void geo_free(geo_set *s);
/* The text of property `name` of a feature, or NULL. */
const char *geo_prop(const geo_feature *f, const char *name);

/* What the public handle of verdeel_report.h holds. */
struct vdl_boundaries { geo_set set; };

#endif
