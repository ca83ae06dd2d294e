/* test_apportion.c: unit tests for runtime/apportion.c.
 *
 * The keys are checked three ways: on textbook examples whose answers are
 * known from the literature, against a deliberately naive reference (one
 * seat at a time, straight from the definitions) on many small random
 * cases, and on large cases where only the invariants (totals kept, quota
 * bounds) are checked but where a quadratic implementation would crawl.
 * Random inputs come from a fixed-seed LCG so failures reproduce. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "apportion.h"
#include "mem.h"
#include "num.h"
#include "unit.h"

#define MAX INT64_MAX

static uint64_t lcg_state;
static uint32_t lcg(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 33);
}

static num_t Q(int64_t n, int64_t d)
{
    num_t r;
    if (num_make(n, d, &r) != NUM_OK) return (num_t){999, 1};
    return r;
}

/* Apportion over all n entities in order, ranks 0..n-1 unless given. */
static app_status run(app_method m, int64_t total, const num_t *w, size_t n,
                      const uint32_t *rank, int64_t *got)
{
    size_t idx[64];
    uint32_t rk[64];
    num_t out[64];
    app_error err;
    for (size_t i = 0; i < n; i++) { idx[i] = i; rk[i] = (uint32_t)i; out[i] = num_int(-1); }
    app_status st = app_apportion(m, num_int(total), w, idx, n, rank ? rank : rk, out, &err);
    if (err.status != st) return (app_status)99;
    for (size_t i = 0; i < n; i++) got[i] = out[i].d == 1 ? out[i].n : -999;
    return st;
}

static bool seats_are(const int64_t *got, size_t n, const int64_t *want)
{
    for (size_t i = 0; i < n; i++)
        if (got[i] != want[i]) return false;
    return true;
}

#define EXPECT(m, total, w, rank, ...) do { \
    const int64_t want_[] = { __VA_ARGS__ }; \
    size_t n_ = sizeof want_ / sizeof want_[0]; \
    int64_t got_[64]; \
    app_status st_ = run((m), (total), (w), n_, (rank), got_); \
    if (st_ != APP_OK || !seats_are(got_, n_, want_)) { \
        unit_cur_failed++; \
        fprintf(stderr, "%s:%d: %s total %lld: status %d, got", __FILE__, __LINE__, \
                app_method_name(m), (long long)(total), (int)st_); \
        for (size_t i_ = 0; i_ < n_; i_++) fprintf(stderr, " %lld", (long long)got_[i_]); \
        fprintf(stderr, "\n"); \
    } } while (0)

static void test_names(void)
{
    app_method m = APP_DHONDT;
    CHECK_STR(app_method_name(APP_ROUNDED_QUOTA), "rounded_quota");
    CHECK_STR(app_method_name(APP_LARGEST_REMAINDER), "largest_remainder");
    CHECK_STR(app_method_name(APP_DHONDT), "dhondt");
    CHECK_STR(app_method_name(APP_SAINTE_LAGUE), "sainte_lague");
    CHECK(app_method_lookup("rounded_quota", &m) == 0 && m == APP_ROUNDED_QUOTA);
    CHECK(app_method_lookup("largest_remainder", &m) == 0 && m == APP_LARGEST_REMAINDER);
    CHECK(app_method_lookup("dhondt", &m) == 0 && m == APP_DHONDT);
    CHECK(app_method_lookup("sainte_lague", &m) == 0 && m == APP_SAINTE_LAGUE);
    m = APP_DHONDT;
    CHECK(app_method_lookup("hamilton", &m) != 0 && m == APP_DHONDT);
    CHECK(app_method_lookup("DHONDT", &m) != 0);
    CHECK(app_method_lookup("", &m) != 0);
    CHECK_STR(app_status_text(APP_OK), "ok");
    CHECK_STR(app_status_text(APP_NEGATIVE_WEIGHT), "negative weight");
    CHECK_STR(app_status_text(APP_ZERO_WEIGHTS), "weights sum to zero");
    CHECK_STR(app_status_text(APP_BAD_TOTAL), "total is not a whole number of at least 0");
    CHECK_STR(app_status_text(APP_OVERFLOW), "arithmetic overflow");
}

static void test_validation(void)
{
    num_t w[5] = { num_int(3), num_int(-1), num_int(2), Q(-1, 2), num_int(4) };
    num_t out[5];
    size_t idx[5] = { 4, 3, 2, 1, 0 };
    uint32_t rank[5] = { 0, 1, 2, 3, 4 };
    app_error err = { APP_OK, 12345 };
    for (int i = 0; i < 5; i++) out[i] = num_int(77);

    CHECK(app_apportion(APP_DHONDT, Q(1, 2), w, idx, 5, rank, out, &err) == APP_BAD_TOTAL
          && err.status == APP_BAD_TOTAL);
    CHECK(app_apportion(APP_DHONDT, num_int(-1), w, idx, 5, rank, out, &err) == APP_BAD_TOTAL);
    /* The first negative weight in idx order is entity 3 (idx[1]), not 1. */
    err.index = 12345;
    CHECK(app_apportion(APP_LARGEST_REMAINDER, num_int(5), w, idx, 5, rank, out, &err)
          == APP_NEGATIVE_WEIGHT && err.status == APP_NEGATIVE_WEIGHT && err.index == 3);
    size_t idx2[3] = { 0, 1, 3 };
    CHECK(app_apportion(APP_SAINTE_LAGUE, num_int(5), w, idx2, 3, rank, out, &err)
          == APP_NEGATIVE_WEIGHT && err.index == 1);
    /* A negative weight is an error even when nothing is to be shared. */
    CHECK(app_apportion(APP_ROUNDED_QUOTA, num_int(0), w, idx2, 3, rank, out, &err)
          == APP_NEGATIVE_WEIGHT && err.index == 1);
    for (int i = 0; i < 5; i++) CHECK(num_eq(out[i], num_int(77)));

    num_t z[3] = { NUM_ZERO, NUM_ZERO, NUM_ZERO };
    size_t zi[3] = { 0, 1, 2 };
    for (app_method m = APP_ROUNDED_QUOTA; m <= APP_SAINTE_LAGUE; m++) {
        CHECK(app_apportion(m, num_int(4), z, zi, 3, rank, out, &err) == APP_ZERO_WEIGHTS
              && err.status == APP_ZERO_WEIGHTS);
        CHECK(num_eq(out[0], num_int(77)));
        CHECK(app_apportion(m, num_int(0), z, zi, 3, rank, out, &err) == APP_OK
              && err.status == APP_OK);
        CHECK(num_eq(out[0], NUM_ZERO) && num_eq(out[1], NUM_ZERO) && num_eq(out[2], NUM_ZERO)
              && num_eq(out[3], num_int(77)));
        out[0] = out[1] = out[2] = num_int(77);
        CHECK(app_apportion(m, num_int(3), z, zi, 0, rank, out, &err) == APP_ZERO_WEIGHTS);
        CHECK(app_apportion(m, num_int(0), z, zi, 0, rank, out, &err) == APP_OK);
        CHECK(num_eq(out[0], num_int(77)));
    }
    /* err may be NULL. */
    CHECK(app_apportion(APP_DHONDT, num_int(-3), z, zi, 3, rank, out, NULL) == APP_BAD_TOTAL);
}

static void test_subset_and_zero_weight(void)
{
    /* Only the entities in idx are written; zero weights get 0. */
    num_t w[6] = { num_int(10), num_int(99), NUM_ZERO, num_int(30), num_int(99), num_int(60) };
    num_t out[6];
    size_t idx[4] = { 5, 2, 0, 3 };
    uint32_t rank[6] = { 0, 1, 2, 3, 4, 5 };
    for (app_method m = APP_ROUNDED_QUOTA; m <= APP_SAINTE_LAGUE; m++) {
        for (int i = 0; i < 6; i++) out[i] = num_int(-7);
        app_error err;
        CHECK(app_apportion(m, num_int(10), w, idx, 4, rank, out, &err) == APP_OK);
        CHECK(num_eq(out[0], num_int(1)) && num_eq(out[3], num_int(3))
              && num_eq(out[5], num_int(6)) && num_eq(out[2], NUM_ZERO));
        CHECK(num_eq(out[1], num_int(-7)) && num_eq(out[4], num_int(-7)));
    }
}

static void test_textbook(void)
{
    num_t v[4] = { num_int(100000), num_int(80000), num_int(30000), num_int(20000) };
    EXPECT(APP_DHONDT, 8, v, NULL, 4, 3, 1, 0);
    EXPECT(APP_SAINTE_LAGUE, 8, v, NULL, 3, 3, 1, 1);
    /* Quotas 3.48 2.78 1.04 0.70: floors 3 2 1 0, two left for .78 and .70. */
    EXPECT(APP_LARGEST_REMAINDER, 8, v, NULL, 3, 3, 1, 1);
    EXPECT(APP_ROUNDED_QUOTA, 8, v, NULL, 3, 3, 1, 1);
    /* Seat 6 under Sainte-Laguë is a tie, 100000/5 = 20000/1: the larger
     * weight wins it, whatever the ranks say. */
    uint32_t rev[4] = { 3, 2, 1, 0 };
    EXPECT(APP_SAINTE_LAGUE, 6, v, NULL, 3, 2, 1, 0);
    EXPECT(APP_SAINTE_LAGUE, 6, v, rev, 3, 2, 1, 0);
    EXPECT(APP_SAINTE_LAGUE, 7, v, NULL, 3, 2, 1, 1);
    EXPECT(APP_DHONDT, 0, v, NULL, 0, 0, 0, 0);
    EXPECT(APP_DHONDT, 1, v, NULL, 1, 0, 0, 0);

    /* Wikipedia's D'Hondt example: 7 seats, 100k/80k/30k/20k -> 3 3 1 0. */
    EXPECT(APP_DHONDT, 7, v, NULL, 3, 3, 1, 0);

    /* Alabama paradox for Hamilton: 10 -> 11 seats costs C a seat. */
    num_t al[3] = { num_int(6), num_int(6), num_int(2) };
    EXPECT(APP_LARGEST_REMAINDER, 10, al, NULL, 4, 4, 2);
    EXPECT(APP_LARGEST_REMAINDER, 11, al, NULL, 5, 5, 1);
}

static void test_ties(void)
{
    /* Equal remainders, equal weights: the smaller rank wins. */
    num_t eq[3] = { num_int(1), num_int(1), num_int(1) };
    uint32_t r1[3] = { 2, 0, 1 };
    EXPECT(APP_LARGEST_REMAINDER, 2, eq, r1, 0, 1, 1);
    EXPECT(APP_DHONDT, 2, eq, r1, 0, 1, 1);
    EXPECT(APP_SAINTE_LAGUE, 2, eq, r1, 0, 1, 1);
    EXPECT(APP_LARGEST_REMAINDER, 1, eq, r1, 0, 1, 0);
    EXPECT(APP_DHONDT, 4, eq, r1, 1, 2, 1);
    EXPECT(APP_SAINTE_LAGUE, 5, eq, r1, 1, 2, 2);
    EXPECT(APP_LARGEST_REMAINDER, 2, eq, NULL, 1, 1, 0);

    /* Equal remainders, different weights: the larger weight wins, even
     * against a smaller rank.  Weights 1 and 3 over 2 seats: quotas 1/2 and
     * 3/2, both remainders 1/2. */
    num_t w13[2] = { num_int(1), num_int(3) };
    uint32_t r01[2] = { 0, 1 };
    EXPECT(APP_LARGEST_REMAINDER, 2, w13, r01, 0, 2);
    /* Quotas 0.5 and 1.5 round half away to 1 and 2: three of two seats. */
    EXPECT(APP_ROUNDED_QUOTA, 2, w13, r01, 1, 2);
    /* D'Hondt 1/1 vs 3/3 for the third seat of 4: tie, larger weight. */
    EXPECT(APP_DHONDT, 3, w13, r01, 0, 3);
    EXPECT(APP_DHONDT, 4, w13, r01, 1, 3);
    /* Sainte-Laguë 1/1 vs 3/3 for the second seat: larger weight again. */
    EXPECT(APP_SAINTE_LAGUE, 2, w13, r01, 0, 2);
    EXPECT(APP_SAINTE_LAGUE, 3, w13, r01, 1, 2);
}

static void test_rounded_quota(void)
{
    /* Rounded on their own, quotas need not add up: 2/3 each -> 1 each. */
    num_t eq[3] = { num_int(1), num_int(1), num_int(1) };
    EXPECT(APP_ROUNDED_QUOTA, 2, eq, NULL, 1, 1, 1);
    EXPECT(APP_ROUNDED_QUOTA, 10, eq, NULL, 3, 3, 3);
    EXPECT(APP_ROUNDED_QUOTA, 1, eq, NULL, 0, 0, 0);
    EXPECT(APP_LARGEST_REMAINDER, 10, eq, NULL, 4, 3, 3);
    /* Exact halves go up. */
    num_t two[2] = { num_int(1), num_int(1) };
    EXPECT(APP_ROUNDED_QUOTA, 1, two, NULL, 1, 1);
    EXPECT(APP_ROUNDED_QUOTA, 3, two, NULL, 2, 2);
    /* Just below a half stays down, just above goes up: 1000/2001 and
     * 1001/2001 of one seat. */
    num_t nb[2] = { num_int(1000), num_int(1001) };
    EXPECT(APP_ROUNDED_QUOTA, 1, nb, NULL, 0, 1);
}

static void test_rational_weights(void)
{
    num_t w[3] = { Q(1, 2), Q(1, 3), Q(1, 6) };
    for (app_method m = APP_ROUNDED_QUOTA; m <= APP_SAINTE_LAGUE; m++)
        EXPECT(m, 6, w, NULL, 3, 2, 1);
    /* Quotas 2.5 1.67 .83: the two seats left go to .83 and .67. */
    EXPECT(APP_LARGEST_REMAINDER, 5, w, NULL, 2, 2, 1);
    /* Averages 3 2 1.5, then a three-way tie at 1 for two seats. */
    EXPECT(APP_DHONDT, 5, w, NULL, 3, 2, 0);
    /* A weight and an equal weight written differently behave the same. */
    num_t d[3] = { Q(5, 2), Q(25, 10), num_int(5) };
    EXPECT(APP_LARGEST_REMAINDER, 3, d, NULL, 1, 1, 1);    /* .75 .75 1.5 */
    EXPECT(APP_DHONDT, 3, d, NULL, 1, 0, 2);               /* 5, then 2.5 x3 */
}

static void test_overflow_and_big(void)
{
    app_error err;
    num_t out[3];
    size_t idx[3] = { 0, 1, 2 };
    uint32_t rank[3] = { 0, 1, 2 };
    /* lcm(2, MAX) does not fit. */
    num_t w1[2] = { Q(1, 2), Q(1, MAX) };
    CHECK(app_apportion(APP_DHONDT, num_int(5), w1, idx, 2, rank, out, &err) == APP_OVERFLOW
          && err.status == APP_OVERFLOW);
    /* MAX scaled by 2 does not fit. */
    num_t w2[2] = { num_int(MAX), Q(1, 2) };
    CHECK(app_apportion(APP_LARGEST_REMAINDER, num_int(5), w2, idx, 2, rank, out, &err)
          == APP_OVERFLOW);

    /* Huge totals and weights stay exact (T*W ~ 2^126). */
    num_t w3[3] = { num_int(MAX), num_int(MAX), num_int(MAX - 1) };
    int64_t got[3];
    int64_t h = MAX / 3;   /* 3074457345618258602, MAX = 3h + 1 */
    CHECK(run(APP_LARGEST_REMAINDER, MAX, w3, 3, NULL, got) == APP_OK
          && got[0] + got[1] + got[2] == MAX && got[0] == h + 1 && got[1] == h && got[2] == h);
    CHECK(run(APP_DHONDT, MAX, w3, 3, NULL, got) == APP_OK
          && got[0] + got[1] + got[2] == MAX && got[0] >= h && got[2] <= h + 1);
    CHECK(run(APP_SAINTE_LAGUE, MAX, w3, 3, NULL, got) == APP_OK
          && got[0] + got[1] + got[2] == MAX && got[0] >= h && got[2] <= h + 1);
    CHECK(run(APP_ROUNDED_QUOTA, MAX, w3, 3, NULL, got) == APP_OK
          && got[0] == h && got[1] == h && got[2] == h);
    /* Two equal huge weights and an odd total: the last seat is a tie. */
    num_t w4[2] = { num_int(MAX), num_int(MAX) };
    uint32_t r10[2] = { 1, 0 };
    for (app_method m = APP_LARGEST_REMAINDER; m <= APP_SAINTE_LAGUE; m++) {
        CHECK(run(m, MAX, w4, 2, r10, got) == APP_OK
              && got[0] == MAX / 2 && got[1] == MAX / 2 + 1);
    }
}

/* ---- naive reference: one seat at a time, straight from the definition. */

/* Entity i's claim beats j's: larger value, larger weight, smaller rank. */
static bool ref_before(num_t vi, num_t vj, num_t wi, num_t wj, uint32_t ri, uint32_t rj)
{
    int c = num_cmp(vi, vj);
    if (c != 0) return c > 0;
    c = num_cmp(wi, wj);
    if (c != 0) return c > 0;
    return ri < rj;
}

static void ref_highest(bool odd, int64_t total, const num_t *w, size_t n,
                        const uint32_t *rk, int64_t *s)
{
    for (size_t i = 0; i < n; i++) s[i] = 0;
    for (int64_t k = 0; k < total; k++) {
        size_t best = n;
        num_t bv = NUM_ZERO;
        for (size_t i = 0; i < n; i++) {
            if (w[i].n == 0) continue;
            num_t v;
            num_div(w[i], num_int(odd ? 2 * s[i] + 1 : s[i] + 1), &v);
            if (best == n || ref_before(v, bv, w[i], w[best], rk[i], rk[best])) {
                best = i;
                bv = v;
            }
        }
        s[best]++;
    }
}

static void ref_quota(bool largest, int64_t total, const num_t *w, size_t n,
                      const uint32_t *rk, int64_t *s)
{
    num_t sum = NUM_ZERO, rem[64];
    for (size_t i = 0; i < n; i++) num_add(sum, w[i], &sum);
    int64_t given = 0;
    for (size_t i = 0; i < n; i++) {
        num_t q, fl;
        num_mul(num_int(total), w[i], &q);
        num_div(q, sum, &q);
        if (!largest) {
            num_round(q, NUM_HALF_AWAY, 0, &fl);
            s[i] = fl.n;
            continue;
        }
        num_floor_div(q, NUM_ONE, &fl, &rem[i]);
        s[i] = fl.n;
        given += fl.n;
    }
    if (!largest) return;
    bool got[64] = { false };
    for (; given < total; given++) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (!got[i] && (best == n || ref_before(rem[i], rem[best], w[i], w[best], rk[i], rk[best])))
                best = i;
        got[best] = true;
        s[best]++;
    }
}

static void test_against_reference(void)
{
    lcg_state = 4711;
    int bad = 0, cases = 0;
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = 1 + lcg() % 12;
        int64_t total = (int64_t)(lcg() % 40);
        num_t w[64];
        uint32_t rk[64];
        bool any = false;
        for (size_t i = 0; i < n; i++) {
            /* Small weights make ties common; some rational, some zero. */
            int64_t num = (int64_t)(lcg() % (iter % 2 ? 6 : 1000));
            int64_t den = iter % 3 == 0 ? (int64_t)(lcg() % 4) + 1 : 1;
            w[i] = Q(num, den);
            rk[i] = lcg() % 100;   /* duplicates possible, like equal keys */
            any |= num != 0;
        }
        /* Distinct ranks: the reference has no position fallback. */
        for (size_t i = 0; i < n; i++) rk[i] = rk[i] * 64 + (uint32_t)i;
        if (!any && total > 0) total = 0;
        for (app_method m = APP_ROUNDED_QUOTA; m <= APP_SAINTE_LAGUE; m++) {
            int64_t got[64], want[64];
            if (m == APP_DHONDT || m == APP_SAINTE_LAGUE)
                ref_highest(m == APP_SAINTE_LAGUE, total, w, n, rk, want);
            else if (total == 0)
                for (size_t i = 0; i < n; i++) want[i] = 0;
            else
                ref_quota(m == APP_LARGEST_REMAINDER, total, w, n, rk, want);
            cases++;
            if (run(m, total, w, n, rk, got) != APP_OK || !seats_are(got, n, want)) {
                if (bad++ < 5) {
                    fprintf(stderr, "mismatch %s total %lld:", app_method_name(m), (long long)total);
                    for (size_t i = 0; i < n; i++)
                        fprintf(stderr, " [w %lld/%lld r %u: got %lld want %lld]",
                                (long long)w[i].n, (long long)w[i].d, rk[i],
                                (long long)got[i], (long long)want[i]);
                    fprintf(stderr, "\n");
                }
            }
        }
    }
    CHECK(cases == 12000);
    CHECK(bad == 0);
}

/* Largest remainder keeps the total and the quota rule on many vectors. */
static void test_largest_remainder_property(void)
{
    lcg_state = 20240601;
    int bad = 0;
    for (int iter = 0; iter < 5000; iter++) {
        size_t n = 1 + lcg() % 40;
        int64_t total = (int64_t)(lcg() % 100000);
        num_t w[64], out[64];
        size_t idx[64];
        uint32_t rk[64];
        for (size_t i = 0; i < n; i++) {
            w[i] = num_int((int64_t)(lcg() % 1000000) + 1);
            idx[i] = n - 1 - i;
            rk[i] = (uint32_t)i;
        }
        app_error err;
        if (app_apportion(APP_LARGEST_REMAINDER, num_int(total), w, idx, n, rk, out, &err) != APP_OK) {
            bad++;
            continue;
        }
        num_t sum = NUM_ZERO, sumw = NUM_ZERO;
        for (size_t i = 0; i < n; i++) num_add(sumw, w[i], &sumw);
        for (size_t i = 0; i < n; i++) {
            num_t q, fl, ce;
            num_add(sum, out[i], &sum);
            num_mul(num_int(total), w[i], &q);
            num_div(q, sumw, &q);
            num_round(q, NUM_FLOOR, 0, &fl);
            num_round(q, NUM_CEIL, 0, &ce);
            if (num_cmp(out[i], fl) < 0 || num_cmp(out[i], ce) > 0) bad++;
        }
        if (!num_eq(sum, num_int(total))) bad++;
    }
    CHECK(bad == 0);
}

/* Large cases: must finish fast and keep the invariants. */
static void check_large(app_method m, int64_t total, size_t n, uint64_t seed)
{
    num_t *w = mem_array(n, sizeof *w), *out = mem_array(n, sizeof *out);
    size_t *idx = mem_array(n, sizeof *idx);
    uint32_t *rk = mem_array(n, sizeof *rk);
    lcg_state = seed;
    int64_t sumw = 0;
    for (size_t i = 0; i < n; i++) {
        /* A skewed spread with a share of zeros, like municipalities. */
        uint32_t r = lcg();
        int64_t v = r % 10 == 0 ? 0 : (int64_t)(r % 1000) * (int64_t)(1 + r % 7) * (int64_t)(1 + (r >> 20) % 50);
        w[i] = num_int(v);
        sumw += v;
        idx[i] = i;
        rk[i] = (uint32_t)(n - i);
    }
    app_error err;
    CHECK(app_apportion(m, num_int(total), w, idx, n, rk, out, &err) == APP_OK);
    int64_t sum = 0;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (out[i].d != 1 || out[i].n < 0) bad++;
        if (w[i].n == 0 && out[i].n != 0) bad++;
        sum += out[i].n;
        /* Quota bounds: Hamilton and rounded quota stay within floor and
         * ceiling of the quota; D'Hondt never goes below the floor. */
        __extension__ unsigned __int128 tw = (unsigned __int128)(uint64_t)total * (uint64_t)w[i].n;
        int64_t lower = (int64_t)(tw / (uint64_t)sumw);
        if (m != APP_SAINTE_LAGUE && out[i].n < lower) bad++;
        if ((m == APP_LARGEST_REMAINDER || m == APP_ROUNDED_QUOTA) && out[i].n > lower + 1) bad++;
    }
    if (m != APP_ROUNDED_QUOTA && sum != total) bad++;
    if (m == APP_ROUNDED_QUOTA && (sum < total - (int64_t)n || sum > total + (int64_t)n)) bad++;
    CHECK(bad == 0);
    mem_free(w);
    mem_free(out);
    mem_free(idx);
    mem_free(rk);
}

static void test_large(void)
{
    for (app_method m = APP_ROUNDED_QUOTA; m <= APP_SAINTE_LAGUE; m++) {
        check_large(m, 96000, 342, 1);
        check_large(m, 100000, 1000000, 2);
        check_large(m, 3000000, 1000000, 3);
        check_large(m, 1000000000000, 5000, 4);
    }
}

/* The rounded quota straight from its definition in 128 bits. */
static int64_t quota128(uint64_t t, uint64_t w, unsigned __int128 S)
{
    unsigned __int128 x = (unsigned __int128)t * w, q = x / S, r = x % S;
    return (int64_t)q + (2 * r >= S);
}

/* app_prepare once, app_share for many totals: the 64-bit path (a
 * multiply by the reciprocal of 2S) must agree with 128-bit division on
 * every total, on both sides of tmax where the path changes, and for
 * weights large and small. */
static void test_prepared_shares(void)
{
    enum { N = 40 };
    num_t w[N], out[N];
    size_t idx[N];
    lcg_state = 77;
    int bad = 0;
    for (int round = 0; round < 200; round++) {
        int bits = 1 + (int)(lcg() % 60);
        unsigned __int128 S = 0;
        for (size_t i = 0; i < N; i++) {
            uint64_t v = (((uint64_t)lcg() << 32) | lcg()) >> (64 - bits);
            if (lcg() % 7 == 0) v = 0;
            w[i] = num_int((int64_t)v);
            idx[i] = i;
            S += v;
        }
        if (S == 0) continue;
        app_prep pr;
        app_error err;
        CHECK(app_prepare(w, idx, N, NULL, &pr, &err) == APP_OK);
        uint64_t ts[8] = { 0, 1, 2, 1000 + lcg(), pr.tmax, pr.tmax + 1, pr.tmax ? pr.tmax - 1 : 3,
                           (uint64_t)INT64_MAX >> (lcg() % 40) };
        for (int k = 0; k < 8; k++) {
            uint64_t t = ts[k] > (uint64_t)INT64_MAX ? (uint64_t)INT64_MAX : ts[k];
            if (app_share(APP_ROUNDED_QUOTA, num_int((int64_t)t), &pr, idx, out, &err) != APP_OK) {
                /* only a quota beyond int64 may fail, and then not here */
                bad++;
                continue;
            }
            for (size_t i = 0; i < N; i++) {
                unsigned __int128 x = (unsigned __int128)t * (uint64_t)w[i].n;
                if (x / S > (unsigned __int128)INT64_MAX - 1) continue;
                if (out[i].d != 1 || out[i].n != quota128(t, (uint64_t)w[i].n, S)) bad++;
            }
        }
        app_prep_free(&pr);
    }
    CHECK(bad == 0);
    /* a divisor of 2 (S = 1): the reciprocal is 2^63 */
    num_t one[2] = { num_int(0), num_int(1) };
    size_t i2[2] = { 0, 1 };
    app_prep pr;
    CHECK(app_prepare(one, i2, 2, NULL, &pr, NULL) == APP_OK && pr.tmax > 0);
    for (int64_t t = 0; t < 50; t++) {
        CHECK(app_share(APP_ROUNDED_QUOTA, num_int(t), &pr, i2, out, NULL) == APP_OK);
        CHECK(out[0].n == 0 && out[1].n == t);
    }
    app_prep_free(&pr);
}

int main(void)
{
    UNIT_RUN(test_names);
    UNIT_RUN(test_validation);
    UNIT_RUN(test_subset_and_zero_weight);
    UNIT_RUN(test_textbook);
    UNIT_RUN(test_ties);
    UNIT_RUN(test_rounded_quota);
    UNIT_RUN(test_rational_weights);
    UNIT_RUN(test_overflow_and_big);
    UNIT_RUN(test_against_reference);
    UNIT_RUN(test_largest_remainder_property);
    UNIT_RUN(test_large);
    UNIT_RUN(test_prepared_shares);
    return UNIT_DONE("test_apportion");
}
