/* apportion.c: the distribution keys of apportion.h.
 *
 * All four keys are computed exactly on integers: the weights are scaled by
 * the lcm of their denominators to int64 W[i] (sum S < 2^127), so a quota
 * T*W[i]/S is a 128-bit quotient and remainder and every comparison is a
 * 128-bit cross product.  Totals can be large (a national seat or budget
 * split may hand out 10^5 units over 10^6 entities), so the highest-averages
 * methods never hand out seats one by one from zero: they start from an
 * allocation that is provably below the final one (every average at or
 * above a threshold divisor is certainly among the winners) and give the
 * fewer than n remaining seats through a binary heap; largest remainder
 * only selects its winners instead of sorting everyone.  Results are
 * written to out[] only on success, so a failed call leaves the caller's
 * cells as they were.  A NULL rank[] ranks entities by position in idx. */
#include "apportion.h"

#include <string.h>
#include "mem.h"

__extension__ typedef unsigned __int128 u128;

static uint64_t gcd64(uint64_t a, uint64_t b)
{
    while (b != 0) { uint64_t t = a % b; a = b; b = t; }
    return a;
}

/* The working set, indexed by position p in idx (not by entity). */
typedef struct {
    size_t    n;
    const int64_t  *W;       /* scaled integer weights */
    const uint32_t *rk;      /* tie-break rank; NULL: the position p */
    int64_t  *seats;
    uint64_t  T;
    u128      S;       /* sum of W */
    size_t    nz;      /* entities with W > 0 */
    int       odd;     /* Sainte-Laguë divisors 1,3,5,... */
} app_work;

#define RANK(a, p) ((a)->rk ? (a)->rk[p] : (uint32_t)(p))

/* A claim on the next seat, kept inline so that heap comparisons touch one
 * cache line instead of chasing W[], seats[] and rank[] across a million
 * entities.  For the highest-averages methods the value is w/div; for
 * largest remainder it is rem (all remainders share the denominator S). */
typedef struct {
    u128     rem;
    uint64_t w, div;
    size_t   pos;
    uint32_t rank;
} claim;

/* x's claim beats y's: larger value, then larger weight, then smaller rank,
 * then earlier in idx (so that even equal ranks give one answer). */
static inline bool avg_before(const claim *x, const claim *y)
{
    u128 l = (u128)x->w * y->div, r = (u128)y->w * x->div;
    if (l != r) return l > r;
    if (x->w != y->w) return x->w > y->w;
    if (x->rank != y->rank) return x->rank < y->rank;
    return x->pos < y->pos;
}

static inline bool rem_before(const claim *x, const claim *y)
{
    if (x->rem != y->rem) return x->rem > y->rem;
    if (x->w != y->w) return x->w > y->w;
    if (x->rank != y->rank) return x->rank < y->rank;
    return x->pos < y->pos;
}

/* Heap orders: the best claim on top, or (for selection) the worst. */
enum { BEST_AVG, BEST_REM, WORST_AVG, WORST_REM };

static inline bool on_top(int order, const claim *x, const claim *y)
{
    switch (order) {
    case BEST_AVG:  return avg_before(x, y);
    case BEST_REM:  return rem_before(x, y);
    case WORST_AVG: return avg_before(y, x);
    default:        return rem_before(y, x);
    }
}

static void heap_down(claim *h, size_t len, size_t i, int order)
{
    claim x = h[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= len) break;
        if (c + 1 < len && on_top(order, &h[c + 1], &h[c])) c++;
        if (!on_top(order, &h[c], &x)) break;
        h[i] = h[c];
        i = c;
    }
    h[i] = x;
}

static void heapify(claim *h, size_t len, int order)
{
    for (size_t i = len / 2; i-- > 0;) heap_down(h, len, i, order);
}

/* Move the k best claims of h[0..len) to h[0..k), in no particular order:
 * a heap of the k best so far with the worst on top, which most claims
 * fail to enter after one comparison, and which stays small and cached
 * when few seats are left among many entities. */
static void select_best(claim *h, size_t len, size_t k, bool by_rem)
{
    if (k == 0 || k >= len) return;
    int worst = by_rem ? WORST_REM : WORST_AVG;
    heapify(h, k, worst);
    for (size_t i = k; i < len; i++) {
        if (on_top(worst, &h[0], &h[i])) {
            h[0] = h[i];
            heap_down(h, k, 0, worst);
        }
    }
}

/* Give `left` more seats by highest next average, from a lower bound.
 * Only an entity whose next claim is among the `left` best can win any of
 * them (each later claim of it ranks lower still), so the others are
 * dropped before the heap does the rest. */
static void highest_averages_finish(app_work *a, uint64_t left)
{
    if (left == 0) return;
    claim *h = mem_array(a->nz, sizeof *h);
    size_t len = 0;
    uint64_t step = a->odd ? 2 : 1;
    for (size_t p = 0; p < a->n; p++) {
        if (a->W[p] == 0) continue;
        h[len++] = (claim){ 0, (uint64_t)a->W[p], step * (uint64_t)a->seats[p] + 1,
                            p, RANK(a, p) };
    }
    if (left < len) {
        select_best(h, len, (size_t)left, false);
        len = (size_t)left;
    }
    heapify(h, len, BEST_AVG);
    while (left-- > 0) {
        a->seats[h[0].pos]++;
        h[0].div += step;
        heap_down(h, len, 0, BEST_AVG);
    }
    mem_free(h);
}

static void dhondt(app_work *a)
{
    /* Lower quota is a lower bound for D'Hondt: exactly sum floor(T*W/S)
     * <= T averages are >= S/T, and every other average is below it. */
    uint64_t given = 0;
    for (size_t p = 0; p < a->n; p++) {
        a->seats[p] = (int64_t)(((u128)a->T * (uint64_t)a->W[p]) / a->S);
        given += (uint64_t)a->seats[p];
    }
    highest_averages_finish(a, a->T - given);
}

static void sainte_lague(app_work *a)
{
    /* With threshold L = S/(2T - nz) the averages >= L number
     * sum floor((W*(2T-nz)/S + 1)/2) <= (2T - nz + nz)/2 = T, so they are all
     * winners, and that sum is > T - nz: the heap has at most nz to do. */
    uint64_t given = 0;
    if (2 * a->T > (uint64_t)a->nz) {             /* T <= INT64_MAX: fits */
        uint64_t m = 2 * a->T - (uint64_t)a->nz;
        for (size_t p = 0; p < a->n; p++) {
            u128 num = (u128)(uint64_t)a->W[p] * m + a->S;   /* < 2^128 */
            a->seats[p] = (int64_t)(num / (2 * a->S));
            given += (uint64_t)a->seats[p];
        }
    }
    highest_averages_finish(a, a->T - given);
}

/* Rounded half away from zero (all values >= 0): floor((2TW + S) / 2S).
 * Writes straight to out[]: no working seats array. */
static void rounded_quota(const app_work *a, const app_prep *pr, const size_t *idx, num_t *out)
{
    if (pr->S2 && a->T <= pr->tmax) {
        /* x = 2TW + S < 2^63, so x * inv >> shift is exactly x / 2S (see
         * app_prepare): a multiply and a shift per entity, no divide. */
        const uint64_t inv = pr->inv, T2 = 2 * a->T, S = pr->S2 / 2;
        const unsigned sh = pr->shift;
        if (pr->identity) {
            for (size_t p = 0; p < a->n; p++) {
                uint64_t x = T2 * (uint64_t)a->W[p] + S;
                out[p] = num_int((int64_t)(uint64_t)(((u128)x * inv) >> 64 >> sh));
            }
        } else {
            for (size_t p = 0; p < a->n; p++) {
                uint64_t x = T2 * (uint64_t)a->W[p] + S;
                out[idx[p]] = num_int((int64_t)(uint64_t)(((u128)x * inv) >> 64 >> sh));
            }
        }
        return;
    }
    for (size_t p = 0; p < a->n; p++) {
        u128 x = (u128)a->T * (uint64_t)a->W[p];
        u128 q = x / a->S, r = x % a->S;
        out[idx[p]] = num_int((int64_t)q + (r >= a->S - r ? 1 : 0));
    }
}

static void largest_remainder(app_work *a)
{
    uint64_t given = 0;
    size_t nr = 0;
    claim *h = mem_array(a->nz, sizeof *h);
    for (size_t p = 0; p < a->n; p++) {
        u128 x = (u128)a->T * (uint64_t)a->W[p];
        a->seats[p] = (int64_t)(x / a->S);
        given += (uint64_t)a->seats[p];
        u128 r = x % a->S;
        if (r != 0) h[nr++] = (claim){ r, (uint64_t)a->W[p], 0, p, RANK(a, p) };
    }
    /* The remainders sum to (T - given)*S with each below S, so there are
     * more non-zero remainders than seats left, and each of the `left`
     * largest gets one: selecting them is enough, no full sort. */
    uint64_t left = a->T - given;
    if (left > nr) left = nr;   /* cannot happen; keeps the loop in bounds */
    select_best(h, nr, (size_t)left, true);
    for (size_t i = 0; i < (size_t)left; i++) a->seats[h[i].pos]++;
    mem_free(h);
}

static app_status report(app_error *err, app_status st, size_t index)
{
    if (err) { err->status = st; err->index = index; }
    return st;
}

app_status app_check_total(num_t total)
{
    return total.d != 1 || total.n < 0 ? APP_BAD_TOTAL : APP_OK;
}

void app_prep_free(app_prep *pr)
{
    mem_free(pr->W);
    mem_free(pr->rk);
    memset(pr, 0, sizeof *pr);
}

app_status app_prepare(const num_t *w, const size_t *idx, size_t n,
                       const uint32_t *rank, app_prep *pr, app_error *err)
{
    memset(pr, 0, sizeof *pr);
    for (size_t p = 0; p < n; p++)
        if (w[idx[p]].n < 0) return report(err, APP_NEGATIVE_WEIGHT, idx[p]);

    /* A common denominator turns rational weights into integers whose
     * ratios, and so every quota and average, are unchanged. */
    uint64_t L = 1;
    for (size_t p = 0; p < n; p++) {
        num_t x = w[idx[p]];
        if (x.n == 0 || x.d == 1) continue;
        uint64_t d = (uint64_t)x.d, g = gcd64(L, d);
        if (__builtin_mul_overflow(L / g, d, &L) || L > INT64_MAX)
            return report(err, APP_OVERFLOW, 0);
    }

    pr->n = n;
    pr->W = mem_array(n ? n : 1, sizeof *pr->W);
    u128 S = 0;
    uint64_t maxw = 0;
    for (size_t p = 0; p < n; p++) {
        num_t x = w[idx[p]];
        if (__builtin_mul_overflow(x.n, (int64_t)L / x.d, &pr->W[p])) {
            app_prep_free(pr);
            return report(err, APP_OVERFLOW, 0);
        }
        S += (uint64_t)pr->W[p];
        if (pr->W[p] > 0) pr->nz++;
        if ((uint64_t)pr->W[p] > maxw) maxw = (uint64_t)pr->W[p];
    }
    pr->S_lo = (uint64_t)S;
    pr->S_hi = (uint64_t)(S >> 64);
    if (S > 0 && S < ((u128)1 << 62)) {
        /* Division by the invariant 2S as a multiply: with 2^L >= 2S and
         * inv = ceil(2^(63+L) / 2S) (< 2^64), inv*2S = 2^(63+L) + e with
         * e < 2S <= 2^L, so for every x < 2^63 x*inv / 2^(63+L) exceeds x/2S
         * by less than 1/2S, which cannot carry it past the next integer:
         * the floor is exact.  tmax keeps 2TW + S below 2^63. */
        pr->S2 = 2 * (uint64_t)S;
        unsigned bits = 64 - (unsigned)__builtin_clzll(pr->S2 - 1);    /* L; 2S >= 2 */
        u128 pow = (u128)1 << (63 + bits);
        pr->inv = (uint64_t)(pow / pr->S2 + (pow % pr->S2 != 0));
        pr->shift = bits - 1;
        pr->tmax = ((UINT64_MAX >> 1) - (uint64_t)S) / (2 * maxw);
    }
    pr->identity = true;
    for (size_t p = 0; p < n && pr->identity; p++) pr->identity = idx[p] == p;
    if (rank) {
        pr->rk = mem_array(n ? n : 1, sizeof *pr->rk);
        for (size_t p = 0; p < n; p++) pr->rk[p] = rank[idx[p]];
    }
    return report(err, APP_OK, 0);
}

app_status app_share(app_method m, num_t total, const app_prep *pr,
                     const size_t *idx, num_t *out, app_error *err)
{
    app_work a = { .n = pr->n, .W = pr->W, .rk = pr->rk, .T = (uint64_t)total.n,
                   .S = ((u128)pr->S_hi << 64) | pr->S_lo, .nz = pr->nz,
                   .odd = m == APP_SAINTE_LAGUE };
    if (a.S == 0) {
        if (a.T > 0) return report(err, APP_ZERO_WEIGHTS, 0);
        for (size_t p = 0; p < a.n; p++) out[idx[p]] = NUM_ZERO;
        return report(err, APP_OK, 0);
    }
    if (m == APP_ROUNDED_QUOTA) {
        rounded_quota(&a, pr, idx, out);
        return report(err, APP_OK, 0);
    }
    a.seats = mem_array(a.n, sizeof *a.seats);
    if (a.T > 0) {
        switch (m) {
        case APP_LARGEST_REMAINDER: largest_remainder(&a); break;
        case APP_DHONDT:            dhondt(&a); break;
        case APP_SAINTE_LAGUE:      sainte_lague(&a); break;
        default: break;
        }
    }
    for (size_t p = 0; p < a.n; p++) out[idx[p]] = num_int(a.seats[p]);
    mem_free(a.seats);
    return report(err, APP_OK, 0);
}

app_status app_apportion(app_method m, num_t total, const num_t *w,
                         const size_t *idx, size_t n, const uint32_t *rank,
                         num_t *out, app_error *err)
{
    if (app_check_total(total) != APP_OK) return report(err, APP_BAD_TOTAL, 0);
    app_prep pr;
    app_status st = app_prepare(w, idx, n, rank, &pr, err);
    if (st != APP_OK) return st;
    st = app_share(m, total, &pr, idx, out, err);
    app_prep_free(&pr);
    return st;
}

static const char *const method_names[] = {
    [APP_ROUNDED_QUOTA] = "rounded_quota",
    [APP_LARGEST_REMAINDER] = "largest_remainder",
    [APP_DHONDT] = "dhondt",
    [APP_SAINTE_LAGUE] = "sainte_lague",
};

const char *app_method_name(app_method m)
{
    if ((unsigned)m < sizeof method_names / sizeof method_names[0])
        return method_names[m];
    return "unknown";
}

int app_method_lookup(const char *name, app_method *out)
{
    for (unsigned i = 0; i < sizeof method_names / sizeof method_names[0]; i++) {
        if (name && strcmp(name, method_names[i]) == 0) {
            *out = (app_method)i;
            return 0;
        }
    }
    return -1;
}

const char *app_status_text(app_status s)
{
    switch (s) {
    case APP_OK:              return "ok";
    case APP_NEGATIVE_WEIGHT: return "negative weight";
    case APP_ZERO_WEIGHTS:    return "weights sum to zero";
    case APP_BAD_TOTAL:       return "total is not a whole number of at least 0";
    case APP_OVERFLOW:        return "arithmetic overflow";
    }
    return "unknown apportion status";
}
