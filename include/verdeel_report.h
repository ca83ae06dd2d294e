/* verdeel_report.h: the self-contained HTML report with a map and charts
 * (verdeel report).  Part of the embedding API; included by verdeel.h.
 *
 * A report is one HTML file that needs nothing else: inline CSS, the map
 * and the charts as inline SVG drawn by verdeel itself, no fonts, images or
 * scripts fetched from anywhere (one small inline script sorts the tables;
 * the page reads and prints without it).  It holds the law, the date and
 * the data; a choropleth map of one output per entity; a bar chart per
 * group; the criteria's findings; every result table; the notes; the
 * citations, linked to wetten.overheid.nl where they name the law's
 * articles or a BWBR id.  The same inputs give the same bytes.
 *
 * As everywhere in the API, nothing here prints: problems come back as a
 * status and as diagnostics in a vdl_diags. */
#ifndef VERDEEL_REPORT_H
#define VERDEEL_REPORT_H

/* The areas a map draws: the features of a GeoJSON file. */
typedef struct vdl_boundaries vdl_boundaries;

/* Read boundaries from a GeoJSON file (RFC 7946, read strictly): a
 * FeatureCollection of Polygon and MultiPolygon features in WGS84
 * longitude/latitude, each with an "id" and/or "properties".  Returns the
 * boundaries (the caller's, freed with vdl_boundaries_free), or NULL with
 * *st = VDL_EIO (the file cannot be read) or VDL_EDATA (it is not such
 * GeoJSON: the first problem, with its line and column, is in d). */
vdl_boundaries *vdl_boundaries_read(const char *path, vdl_diags *d, vdl_status *st);
/* The same for text in memory; `name` is how diagnostics name it.  The
 * text is not kept. */
vdl_boundaries *vdl_boundaries_parse(const char *name, const char *text, size_t len,
                                     vdl_diags *d, vdl_status *st);
void            vdl_boundaries_free(vdl_boundaries *b);
/* The number of areas (features). */
size_t          vdl_boundaries_count(const vdl_boundaries *b);

/* The boundaries file a report of run r reads when it is given none:
 * gemeenten-2025.geojson in the folder of the main table's file (for the
 * shipped rule files: data/gemeenten-2025.geojson).  Returns a path that
 * the caller frees with vdl_free. */
char *vdl_report_default_boundaries(const vdl_result *r);

typedef struct {
    /* The value the map shows per entity, or NULL for the first rule the
     * rule file declares per entity in places that it outputs (else its
     * first numeric output per entity).  A value with a unit is shown per
     * 1,000 inhabitants when the main table has a population column: its
     * first column whose unit is persons. */
    const char          *map_output;
    /* The group level of the bar chart, or NULL for the level whose name
     * contains "provinc" (else the first group level).  The chart shows its
     * first rule in places that is output (else its first numeric output)
     * and, if the main table has a column in places whose name contains
     * "realis" (gerealiseerd, realised), that column's sum per group. */
    const char          *group;
    /* How the page names the boundaries file (NULL: not named). */
    const char          *boundaries_name;
    /* With a second run: the map output's name in it, when it differs
     * (a pair whose `a` is the map output), and the movers shown each way
     * (0: 10). */
    const vdl_name_pair *map;
    int                  nmap;
    int                  top;
} vdl_report_options;

/* Write the report of run r to `out`.  The areas of `b` are matched to the
 * entities by the property named like the main table's key column (else
 * by the feature's "id"); an area without an entity, or whose value cannot
 * be computed, is hatched as "no value", and entities without an area are
 * listed.  With `other` (a run of another law, or of the same law with
 * other settings, on the same entities), the page adds a diverging map of
 * the difference other - r of the map output and the largest movers both
 * ways.  Returns VDL_OK; VDL_EUSAGE with a diagnostic when an option names
 * no usable output or level, or the other run lacks the map output;
 * VDL_EDATA with a diagnostic when the boundaries cannot be matched (an
 * area without a key, a key twice); VDL_EOUTPUT when writing failed. */
vdl_status vdl_report(const vdl_result *r, const vdl_result *other, const vdl_boundaries *b,
                      const vdl_report_options *o, FILE *out, vdl_diags *d);

#endif
