/* apportion.h: distributing a whole number of places over entities by weight.
 *
 * The distribution keys of distribution law ("verdeling naar rato van"):
 *   APP_ROUNDED_QUOTA      each entity gets its quota total*w/sum(w) rounded
 *                          half away from zero on its own (Besluit art. 2.1.3);
 *                          the results need not add up to the total.
 *   APP_LARGEST_REMAINDER  Hamilton: each gets the floor of its quota, the
 *                          seats left go to the largest remainders; adds up.
 *   APP_DHONDT             highest averages with divisors 1, 2, 3, ...
 *   APP_SAINTE_LAGUE       highest averages with divisors 1, 3, 5, ...
 * Ties (equal remainders or equal averages) go to the larger weight, then to
 * the entity with the smaller rank (the caller passes each entity's position
 * in key order), so the result is the same on every machine.
 *
 * The total must be a non-negative integer; weights must be >= 0; when the
 * total is positive the weights must not all be zero.  Entities are named by
 * index into w[], rank[] and out[]; idx[0..n) lists the ones to share in
 * (one group).  The others' out[] is left alone. */
#ifndef VDL_APPORTION_H
#define VDL_APPORTION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "num.h"

typedef enum {
    APP_ROUNDED_QUOTA,
    APP_LARGEST_REMAINDER,
    APP_DHONDT,
    APP_SAINTE_LAGUE
} app_method;

typedef enum {
    APP_OK = 0,
    APP_NEGATIVE_WEIGHT,   /* err->index: the entity */
    APP_ZERO_WEIGHTS,      /* positive total, all weights zero */
    APP_BAD_TOTAL,         /* negative or not an integer */
    APP_OVERFLOW           /* exact arithmetic overflowed */
} app_status;

typedef struct {
    app_status status;
    size_t     index;      /* offending entity, for APP_NEGATIVE_WEIGHT */
} app_error;

app_status app_apportion(app_method m, num_t total, const num_t *w,
                         const size_t *idx, size_t n, const uint32_t *rank,
                         num_t *out, app_error *err);

/* The same in two steps, for callers that share the same weights out over
 * many totals (a sweep over the total): app_prepare turns one group's
 * weights into scaled integers once; app_share then costs one multiply and
 * one division by an invariant divisor per entity for rounded_quota.
 * app_apportion(m, t, ...) is app_check_total(t), app_prepare, app_share. */
typedef struct {
    size_t    n;
    int64_t  *W;           /* scaled integer weights, by position in idx */
    uint32_t *rk;          /* tie-break rank, by position in idx; NULL
                              when app_prepare had no rank[] */
    uint64_t  S_lo, S_hi;  /* the sum of W, 128 bits */
    size_t    nz;          /* entities with W > 0 */
    uint64_t  tmax;        /* with S2 > 0, totals up to tmax take the 64-bit path */
    uint64_t  S2, inv;     /* 2*S and its reciprocal, or 0: no such path */
    unsigned  shift;       /* x / 2S = (x * inv) >> 64 >> shift */
    bool      identity;    /* idx[p] == p for every p */
} app_prep;

app_status app_check_total(num_t total);
app_status app_prepare(const num_t *w, const size_t *idx, size_t n,
                       const uint32_t *rank, app_prep *out, app_error *err);
/* total must have passed app_check_total. */
app_status app_share(app_method m, num_t total, const app_prep *pr,
                     const size_t *idx, num_t *out, app_error *err);
void       app_prep_free(app_prep *pr);

/* "rounded_quota", "largest_remainder", "dhondt", "sainte_lague" */
const char *app_method_name(app_method m);
int         app_method_lookup(const char *name, app_method *out);  /* 0 ok */
const char *app_status_text(app_status s);

#endif
