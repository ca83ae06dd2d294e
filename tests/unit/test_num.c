/* test_num.c: unit tests for runtime/num.c.
 *
 * Exact arithmetic is only worth having if its edges hold: results at and
 * just past INT64_MAX, INT64_MIN never appearing, reduction before overflow,
 * halves rounded exactly in every mode, and parsing and printing that never
 * silently lose a digit.  The property tests use a fixed-seed LCG so a
 * failure reproduces. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "unit.h"

#define MAX INT64_MAX

/* A normalised value built by num_make, for brevity; a bad literal in a test
 * shows up as the sentinel 999/1. */
static num_t Q(int64_t n, int64_t d)
{
    num_t r;
    if (num_make(n, d, &r) != NUM_OK) return (num_t){999, 1};
    return r;
}

static bool is(num_t a, int64_t n, int64_t d) { return a.n == n && a.d == d; }

/* Normalised as num.h promises: d > 0, coprime, no INT64_MIN. */
static bool normal(num_t a)
{
    if (a.d <= 0 || a.n == INT64_MIN || a.d == INT64_MIN) return false;
    uint64_t x = a.n < 0 ? (uint64_t)(-a.n) : (uint64_t)a.n, y = (uint64_t)a.d;
    while (y) { uint64_t t = x % y; x = y; y = t; }
    return a.n == 0 ? a.d == 1 : x == 1;
}

static uint64_t lcg_state;
static uint32_t lcg(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 33);
}

static char fbuf[256];
static const char *F(num_t a, int decimals)
{
    num_format(a, decimals, fbuf, sizeof fbuf);
    return fbuf;
}

static num_status P(const char *s, num_t *out) { return num_parse(s, strlen(s), out); }

static void test_make(void)
{
    num_t r;
    CHECK(num_make(2, 4, &r) == NUM_OK && is(r, 1, 2));
    CHECK(num_make(3, -6, &r) == NUM_OK && is(r, -1, 2));
    CHECK(num_make(-4, -2, &r) == NUM_OK && is(r, 2, 1));
    CHECK(num_make(0, -5, &r) == NUM_OK && is(r, 0, 1));
    CHECK(num_make(7, 1, &r) == NUM_OK && is(r, 7, 1));
    CHECK(num_make(1, 0, &r) == NUM_DIV_ZERO);
    CHECK(num_make(0, 0, &r) == NUM_DIV_ZERO);
    CHECK(num_make(INT64_MIN, 1, &r) == NUM_OVERFLOW);
    CHECK(num_make(INT64_MIN, -1, &r) == NUM_OVERFLOW);
    CHECK(num_make(1, INT64_MIN, &r) == NUM_OVERFLOW);
    CHECK(num_make(INT64_MIN, 2, &r) == NUM_OK && is(r, -(INT64_C(1) << 62), 1));
    CHECK(num_make(INT64_MIN, INT64_MIN, &r) == NUM_OK && is(r, 1, 1));
    CHECK(num_make(2, INT64_MIN, &r) == NUM_OK && is(r, -1, INT64_C(1) << 62));
    CHECK(num_make(MAX, MAX, &r) == NUM_OK && is(r, 1, 1));
    CHECK(num_make(-MAX, 1, &r) == NUM_OK && is(r, -MAX, 1));
    CHECK(num_make(MAX - 1, MAX, &r) == NUM_OK && is(r, MAX - 1, MAX));
    /* Output is written only on success. */
    r = (num_t){42, 1};
    CHECK(num_make(5, 0, &r) == NUM_DIV_ZERO && is(r, 42, 1));
}

static void test_add_sub(void)
{
    num_t r;
    CHECK(num_add(num_int(2), num_int(3), &r) == NUM_OK && is(r, 5, 1));
    CHECK(num_add(num_int(MAX), num_int(1), &r) == NUM_OVERFLOW);
    CHECK(num_add(num_int(MAX), num_int(MAX), &r) == NUM_OVERFLOW);
    CHECK(num_add(num_int(-MAX), num_int(-1), &r) == NUM_OVERFLOW);   /* INT64_MIN */
    CHECK(num_sub(num_int(-MAX), num_int(1), &r) == NUM_OVERFLOW);
    CHECK(num_sub(num_int(-1), num_int(MAX), &r) == NUM_OVERFLOW);
    CHECK(num_sub(num_int(0), num_int(MAX), &r) == NUM_OK && is(r, -MAX, 1));
    CHECK(num_add(num_int(MAX), num_int(-MAX), &r) == NUM_OK && is(r, 0, 1));
    CHECK(num_add(Q(1, 2), Q(1, 3), &r) == NUM_OK && is(r, 5, 6));
    CHECK(num_add(Q(1, 6), Q(1, 3), &r) == NUM_OK && is(r, 1, 2));
    CHECK(num_add(Q(1, 2), Q(1, 2), &r) == NUM_OK && is(r, 1, 1));
    CHECK(num_add(Q(1, 2), Q(-1, 2), &r) == NUM_OK && is(r, 0, 1));
    CHECK(num_add(Q(5, 12), Q(1, 12), &r) == NUM_OK && is(r, 1, 2));
    CHECK(num_add(num_int(3), Q(1, 2), &r) == NUM_OK && is(r, 7, 2));
    CHECK(num_add(Q(-1, 2), num_int(3), &r) == NUM_OK && is(r, 5, 2));
    CHECK(num_sub(Q(1, 2), Q(1, 3), &r) == NUM_OK && is(r, 1, 6));
    CHECK(num_sub(Q(1, 3), Q(1, 2), &r) == NUM_OK && is(r, -1, 6));
    CHECK(num_sub(Q(7, 10), Q(7, 10), &r) == NUM_OK && is(r, 0, 1));
    CHECK(num_add(num_int(MAX), Q(1, 2), &r) == NUM_OVERFLOW);
    CHECK(num_add(num_int(MAX - 1), Q(1, 2), &r) == NUM_OVERFLOW);   /* (2M-1)/2 */
    CHECK(num_add(Q(1, MAX), Q(1, MAX), &r) == NUM_OK && is(r, 2, MAX));
    /* Denominators whose product is past 64 bits but whose sum reduces. */
    int64_t p62 = INT64_C(1) << 62;
    CHECK(num_add(Q(1, p62), Q(1, p62), &r) == NUM_OK && is(r, 1, p62 / 2));
    CHECK(num_add(Q(1, p62), Q(-1, p62 / 2), &r) == NUM_OK && is(r, -1, p62));
    CHECK(num_add(Q(1, 3), Q(1, MAX), &r) == NUM_OVERFLOW);   /* d = 3*MAX */
    /* Intermediate products past 64 bits with a result that fits. */
    int64_t big = 4000000000000000000;
    CHECK(num_add(Q(big, 7), Q(big + 1, 7), &r) == NUM_OK
          && is(r, 2 * big + 1, 7));
    CHECK(num_sub(Q(big / 2, 3), Q(big / 2, 7), &r) == NUM_OK && is(r, 2 * big, 21));
    CHECK(num_add(Q(big, 3), Q(-big, 7), &r) == NUM_OVERFLOW);   /* 16e18/21 */
    CHECK(num_sub(Q(MAX, 2), Q(MAX - 2, 2), &r) == NUM_OK && is(r, 1, 1));
    CHECK(num_add(Q(MAX, 2), Q(MAX, 2), &r) == NUM_OK && is(r, MAX, 1));
    CHECK(num_add(Q(MAX, 2), Q(MAX, 3), &r) == NUM_OVERFLOW);
}

static void test_mul_div(void)
{
    num_t r;
    CHECK(num_mul(num_int(6), num_int(7), &r) == NUM_OK && is(r, 42, 1));
    CHECK(num_mul(num_int(MAX), num_int(2), &r) == NUM_OVERFLOW);
    CHECK(num_mul(num_int(MAX), num_int(-1), &r) == NUM_OK && is(r, -MAX, 1));
    CHECK(num_mul(num_int(INT64_C(1) << 62), num_int(-2), &r) == NUM_OVERFLOW);
    CHECK(num_mul(num_int(INT64_C(1) << 62), num_int(2), &r) == NUM_OVERFLOW);
    CHECK(num_mul(Q(INT64_C(1) << 62, 3), num_int(-6), &r) == NUM_OVERFLOW);
    CHECK(num_mul(Q(INT64_C(1) << 61, 3), num_int(-6), &r) == NUM_OK
          && is(r, -(INT64_C(1) << 62), 1));
    CHECK(num_mul(num_int(MAX), Q(1, MAX), &r) == NUM_OK && is(r, 1, 1));
    CHECK(num_mul(Q(1, MAX), num_int(-MAX), &r) == NUM_OK && is(r, -1, 1));
    CHECK(num_mul(Q(MAX, 2), Q(4, MAX), &r) == NUM_OK && is(r, 2, 1));
    CHECK(num_mul(Q(MAX, MAX - 1), Q(MAX - 1, MAX), &r) == NUM_OK && is(r, 1, 1));
    CHECK(num_mul(Q(2, 3), Q(3, 4), &r) == NUM_OK && is(r, 1, 2));
    CHECK(num_mul(Q(-2, 3), Q(9, 4), &r) == NUM_OK && is(r, -3, 2));
    CHECK(num_mul(Q(0, 1), Q(9, 4), &r) == NUM_OK && is(r, 0, 1));
    CHECK(num_mul(Q(9, 4), num_int(0), &r) == NUM_OK && is(r, 0, 1));
    CHECK(num_mul(Q(1, INT64_C(1) << 31), Q(1, INT64_C(1) << 32), &r) == NUM_OVERFLOW);
    CHECK(num_mul(Q(1, INT64_C(1) << 31), Q(1, INT64_C(1) << 31), &r) == NUM_OK
          && is(r, 1, INT64_C(1) << 62));

    CHECK(num_div(num_int(1), num_int(0), &r) == NUM_DIV_ZERO);
    CHECK(num_div(Q(1, 2), num_int(0), &r) == NUM_DIV_ZERO);
    CHECK(num_div(num_int(0), num_int(0), &r) == NUM_DIV_ZERO);
    CHECK(num_div(num_int(1), num_int(-2), &r) == NUM_OK && is(r, -1, 2));
    CHECK(num_div(num_int(-3), num_int(-6), &r) == NUM_OK && is(r, 1, 2));
    CHECK(num_div(num_int(7), num_int(2), &r) == NUM_OK && is(r, 7, 2));
    CHECK(num_div(num_int(8), num_int(-2), &r) == NUM_OK && is(r, -4, 1));
    CHECK(num_div(num_int(MAX), num_int(-1), &r) == NUM_OK && is(r, -MAX, 1));
    CHECK(num_div(num_int(-MAX), num_int(MAX), &r) == NUM_OK && is(r, -1, 1));
    CHECK(num_div(Q(1, 2), Q(1, 4), &r) == NUM_OK && is(r, 2, 1));
    CHECK(num_div(Q(1, 3), Q(-2, 3), &r) == NUM_OK && is(r, -1, 2));
    CHECK(num_div(Q(-1, 3), Q(-2, 3), &r) == NUM_OK && is(r, 1, 2));
    CHECK(num_div(Q(1, MAX), num_int(MAX), &r) == NUM_OVERFLOW);
    CHECK(num_div(num_int(MAX), Q(1, 2), &r) == NUM_OVERFLOW);
    CHECK(num_div(num_int(MAX), Q(MAX, 2), &r) == NUM_OK && is(r, 2, 1));
    CHECK(num_div(num_int(0), Q(-5, 7), &r) == NUM_OK && is(r, 0, 1));
}

static void test_neg_abs_sign(void)
{
    CHECK(is(num_neg(Q(1, 2)), -1, 2));
    CHECK(is(num_neg(num_int(-MAX)), MAX, 1));
    CHECK(is(num_neg(num_int(0)), 0, 1));
    CHECK(is(num_abs(Q(-3, 4)), 3, 4));
    CHECK(is(num_abs(Q(3, 4)), 3, 4));
    CHECK(is(num_abs(num_int(-MAX)), MAX, 1));
    CHECK(num_sign(Q(-1, MAX)) == -1 && num_sign(NUM_ZERO) == 0 && num_sign(Q(1, MAX)) == 1);
    CHECK(num_is_int(num_int(5)) && !num_is_int(Q(5, 2)));
    CHECK(num_eq(Q(2, 4), Q(1, 2)) && !num_eq(Q(1, 2), Q(1, 3)));
}

static void test_cmp(void)
{
    CHECK(num_cmp(num_int(1), num_int(2)) == -1);
    CHECK(num_cmp(num_int(2), num_int(2)) == 0);
    CHECK(num_cmp(num_int(MAX), num_int(-MAX)) == 1);
    CHECK(num_cmp(Q(1, 3), Q(1, 3)) == 0);
    CHECK(num_cmp(Q(1, 3), Q(1, 2)) == -1);
    CHECK(num_cmp(Q(-1, 2), Q(1, 3)) == -1);
    CHECK(num_cmp(Q(-1, 2), Q(-1, 3)) == -1);
    CHECK(num_cmp(Q(2, 3), Q(5, 7)) == -1);
    CHECK(num_cmp(Q(5, 7), Q(2, 3)) == 1);
    /* (M-1)/M vs (M-2)/(M-1): differ by 1/(M(M-1)), only 128 bits see it. */
    CHECK(num_cmp(Q(MAX - 1, MAX), Q(MAX - 2, MAX - 1)) == 1);
    CHECK(num_cmp(Q(MAX - 2, MAX - 1), Q(MAX - 1, MAX)) == -1);
    CHECK(num_cmp(Q(-(MAX - 1), MAX), Q(-(MAX - 2), MAX - 1)) == -1);
    CHECK(num_cmp(Q(1, MAX), Q(1, MAX - 1)) == -1);
    CHECK(num_cmp(num_int(MAX), Q(MAX, 2)) == 1);
    CHECK(num_cmp(Q(MAX, 2), Q(MAX - 1, 2)) == 1);
    CHECK(num_cmp(num_int(-MAX), Q(-MAX, MAX - 1)) == -1);
}

static void check_round(num_t a, int digits, num_t away, num_t even, num_t fl,
                        num_t ce, num_t tr, int line)
{
    static const num_round_mode modes[] = {
        NUM_HALF_AWAY, NUM_HALF_EVEN, NUM_FLOOR, NUM_CEIL, NUM_TRUNC
    };
    const num_t want[] = { away, even, fl, ce, tr };
    for (int i = 0; i < 5; i++) {
        num_t r = {12345, 1};
        num_status st = num_round(a, modes[i], digits, &r);
        if (st != NUM_OK || !num_eq(r, want[i]) || !normal(r)) {
            unit_cur_failed++;
            fprintf(stderr, "line %d: round %lld/%lld at %d mode %d: got %lld/%lld (%d)\n",
                    line, (long long)a.n, (long long)a.d, digits, i,
                    (long long)r.n, (long long)r.d, (int)st);
        }
    }
}

#define ROUND5(a, dig, w1, w2, w3, w4, w5) check_round(a, dig, w1, w2, w3, w4, w5, __LINE__)

static void test_round(void)
{
    num_t i2 = num_int(2), i3 = num_int(3), m2 = num_int(-2), m3 = num_int(-3);
    /*             value      away  even  floor ceil  trunc */
    ROUND5(Q(5, 2), 0,        i3,   i2,   i2,   i3,   i2);
    ROUND5(Q(-5, 2), 0,       m3,   m2,   m3,   m2,   m2);
    ROUND5(Q(7, 2), 0, num_int(4), num_int(4), i3, num_int(4), i3);
    ROUND5(Q(-7, 2), 0, num_int(-4), num_int(-4), num_int(-4), m3, m3);
    ROUND5(Q(1, 2), 0, num_int(1), NUM_ZERO, NUM_ZERO, num_int(1), NUM_ZERO);
    ROUND5(Q(-1, 2), 0, num_int(-1), NUM_ZERO, num_int(-1), NUM_ZERO, NUM_ZERO);
    ROUND5(Q(1, 3), 0, NUM_ZERO, NUM_ZERO, NUM_ZERO, num_int(1), NUM_ZERO);
    ROUND5(Q(-1, 3), 0, NUM_ZERO, NUM_ZERO, num_int(-1), NUM_ZERO, NUM_ZERO);
    ROUND5(Q(2, 3), 0, num_int(1), num_int(1), NUM_ZERO, num_int(1), NUM_ZERO);
    ROUND5(Q(-2, 3), 0, num_int(-1), num_int(-1), num_int(-1), NUM_ZERO, NUM_ZERO);
    ROUND5(num_int(-7), 0, num_int(-7), num_int(-7), num_int(-7), num_int(-7), num_int(-7));
    ROUND5(num_int(MAX), 3, num_int(MAX), num_int(MAX), num_int(MAX), num_int(MAX), num_int(MAX));
    /* 1.005 is the rational 201/200: an exact half at two decimals. */
    ROUND5(Q(201, 200), 2, Q(101, 100), num_int(1), num_int(1), Q(101, 100), num_int(1));
    ROUND5(Q(-201, 200), 2, Q(-101, 100), num_int(-1), Q(-101, 100), num_int(-1), num_int(-1));
    ROUND5(Q(203, 200), 2, Q(51, 50), Q(51, 50), Q(101, 100), Q(51, 50), Q(101, 100));
    ROUND5(Q(1, 8), 2, Q(13, 100), Q(3, 25), Q(3, 25), Q(13, 100), Q(3, 25));
    ROUND5(Q(3, 8), 2, Q(19, 50), Q(19, 50), Q(37, 100), Q(19, 50), Q(37, 100));
    ROUND5(Q(-3, 8), 2, Q(-19, 50), Q(-19, 50), Q(-19, 50), Q(-37, 100), Q(-37, 100));
    ROUND5(Q(1, 3), 2, Q(33, 100), Q(33, 100), Q(33, 100), Q(17, 50), Q(33, 100));
    ROUND5(Q(2, 3), 2, Q(67, 100), Q(67, 100), Q(33, 50), Q(67, 100), Q(33, 50));
    ROUND5(Q(1, 8), 3, Q(1, 8), Q(1, 8), Q(1, 8), Q(1, 8), Q(1, 8));
    ROUND5(Q(1, 3), 18, Q(333333333333333333, 1000000000000000000),
           Q(333333333333333333, 1000000000000000000),
           Q(333333333333333333, 1000000000000000000),
           Q(333333333333333334, 1000000000000000000),
           Q(333333333333333333, 1000000000000000000));
    ROUND5(Q(1, 1000), 2, NUM_ZERO, NUM_ZERO, NUM_ZERO, Q(1, 100), NUM_ZERO);
    ROUND5(Q(-1, 1000), 2, NUM_ZERO, NUM_ZERO, Q(-1, 100), NUM_ZERO, NUM_ZERO);
    ROUND5(Q(MAX, 2), 0, Q(MAX / 2 + 1, 1), Q(MAX / 2 + 1, 1), Q(MAX / 2, 1),
           Q(MAX / 2 + 1, 1), Q(MAX / 2, 1));

    num_t r;
    CHECK(num_round(Q(1, 3), NUM_HALF_AWAY, 19, &r) == NUM_OVERFLOW);
    CHECK(num_round(Q(1, 3), NUM_HALF_AWAY, -1, &r) == NUM_OVERFLOW);
    /* 10^18 + 1/2 at one decimal needs a 128-bit scaled value; exact. */
    num_t big_half = Q(2000000000000000001, 2);
    CHECK(num_round(big_half, NUM_HALF_AWAY, 1, &r) == NUM_OK && num_eq(r, big_half));
    CHECK(num_round(big_half, NUM_HALF_EVEN, 0, &r) == NUM_OK
          && is(r, 1000000000000000000, 1));
    /* 10^18 + 1/4 at one decimal: an exact half between .2 and .3; .3 does
     * not fit (10000000000000000003/10), .2 does (5000000000000000001/5). */
    num_t quarter = Q(4000000000000000001, 4);
    CHECK(num_round(quarter, NUM_HALF_EVEN, 1, &r) == NUM_OK
          && is(r, 5000000000000000001, 5));
    CHECK(num_round(quarter, NUM_HALF_AWAY, 1, &r) == NUM_OVERFLOW);
    CHECK(num_round(Q(-MAX, 2), NUM_HALF_AWAY, 0, &r) == NUM_OK
          && is(r, -(MAX / 2 + 1), 1));
}

static void test_floor_div(void)
{
    num_t q, r;
    CHECK(num_floor_div(num_int(7), num_int(2), &q, &r) == NUM_OK && is(q, 3, 1) && is(r, 1, 1));
    CHECK(num_floor_div(num_int(-7), num_int(2), &q, &r) == NUM_OK && is(q, -4, 1) && is(r, 1, 1));
    CHECK(num_floor_div(num_int(-8), num_int(2), &q, &r) == NUM_OK && is(q, -4, 1) && is(r, 0, 1));
    CHECK(num_floor_div(num_int(0), num_int(5), &q, &r) == NUM_OK && is(q, 0, 1) && is(r, 0, 1));
    CHECK(num_floor_div(num_int(MAX), num_int(1), &q, &r) == NUM_OK && is(q, MAX, 1) && is(r, 0, 1));
    CHECK(num_floor_div(num_int(-MAX), num_int(2), &q, &r) == NUM_OK
          && is(q, -(MAX / 2) - 1, 1) && is(r, 1, 1));
    CHECK(num_floor_div(Q(7, 2), Q(1, 3), &q, &r) == NUM_OK && is(q, 10, 1) && is(r, 1, 6));
    CHECK(num_floor_div(Q(-7, 2), Q(1, 3), &q, &r) == NUM_OK && is(q, -11, 1) && is(r, 1, 6));
    CHECK(num_floor_div(Q(7, 2), num_int(2), &q, &r) == NUM_OK && is(q, 1, 1) && is(r, 3, 2));
    CHECK(num_floor_div(num_int(5), Q(3, 2), &q, &r) == NUM_OK && is(q, 3, 1) && is(r, 1, 2));
    CHECK(num_floor_div(Q(1, 3), Q(1, 2), &q, &r) == NUM_OK && is(q, 0, 1) && is(r, 1, 3));
    CHECK(num_floor_div(Q(-1, 3), Q(1, 2), &q, &r) == NUM_OK && is(q, -1, 1) && is(r, 1, 6));
    CHECK(num_floor_div(num_int(1), num_int(0), &q, &r) == NUM_DIV_ZERO);
    CHECK(num_floor_div(num_int(MAX), Q(1, 2), &q, &r) == NUM_OVERFLOW);
    CHECK(num_floor_div(num_int(MAX), Q(3, 7), &q, &r) == NUM_OVERFLOW);
    /* q*b = 3q/2 with q odd does not fit (numerator ~ 2*MAX), yet q and the
     * remainder a - q*b do: the remainder must not go through q*b. */
    CHECK(num_floor_div(num_int(MAX - 2), Q(3, 2), &q, &r) == NUM_OK
          && is(q, 6148914691236517203, 1) && is(r, 1, 2));
    CHECK(num_floor_div(Q(MAX, 7), Q(3, 7), &q, &r) == NUM_OK
          && is(q, MAX / 3, 1) && is(r, MAX % 3, 7));

    /* Property: a = q*b + r, 0 <= r < b, q an integer. */
    lcg_state = 12345;
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        num_t a = Q((int64_t)(lcg() % 200001) - 100000, (int64_t)(lcg() % 97) + 1);
        num_t b = Q((int64_t)(lcg() % 5000) + 1, (int64_t)(lcg() % 31) + 1);
        num_t qb, back;
        if (num_floor_div(a, b, &q, &r) != NUM_OK || !num_is_int(q) || !normal(r)
            || num_sign(r) < 0 || num_cmp(r, b) >= 0
            || num_mul(q, b, &qb) != NUM_OK || num_add(qb, r, &back) != NUM_OK
            || !num_eq(back, a))
            bad++;
    }
    CHECK(bad == 0);
}

static void test_parse(void)
{
    num_t r;
    CHECK(P("0", &r) == NUM_OK && is(r, 0, 1));
    CHECK(P("-0", &r) == NUM_OK && is(r, 0, 1));
    CHECK(P("-0.000", &r) == NUM_OK && is(r, 0, 1));
    CHECK(P("+5", &r) == NUM_OK && is(r, 5, 1));
    CHECK(P("-12", &r) == NUM_OK && is(r, -12, 1));
    CHECK(P("007", &r) == NUM_OK && is(r, 7, 1));
    CHECK(P("1.5", &r) == NUM_OK && is(r, 3, 2));
    CHECK(P("-0.125", &r) == NUM_OK && is(r, -1, 8));
    CHECK(P("0.10", &r) == NUM_OK && is(r, 1, 10));
    CHECK(P("12.340", &r) == NUM_OK && is(r, 617, 50));
    CHECK(P("0.001", &r) == NUM_OK && is(r, 1, 1000));
    CHECK(P("1.000000000000000000000", &r) == NUM_OK && is(r, 1, 1));
    CHECK(P("1.0000000000000000000000000000000000000000000000000000000000", &r) == NUM_OK
          && is(r, 1, 1));
    CHECK(P("00000000000000000000000000000000000000000000000000042.50", &r) == NUM_OK
          && is(r, 85, 2));
    CHECK(P("9223372036854775807", &r) == NUM_OK && is(r, MAX, 1));
    CHECK(P("-9223372036854775807", &r) == NUM_OK && is(r, -MAX, 1));
    CHECK(P("922337203685477580.7", &r) == NUM_OK && is(r, MAX, 10));
    CHECK(P("0.000000000000000001", &r) == NUM_OK && is(r, 1, 1000000000000000000));
    /* 2^19 / 10^19 = 1/5^19: nineteen decimals, yet it fits. */
    CHECK(P("0.0000000000000524288", &r) == NUM_OK && is(r, 1, 19073486328125));
    CHECK(P("0.0000000000000000000001", &r) == NUM_OVERFLOW);          /* 1/10^22 */
    CHECK(P("-9223372036854775808", &r) == NUM_OVERFLOW);              /* INT64_MIN */
    CHECK(P("9223372036854775808", &r) == NUM_OVERFLOW);
    CHECK(P("99999999999999999999", &r) == NUM_OVERFLOW);
    CHECK(P("999999999999999999999999999999999999999999999999999", &r) == NUM_OVERFLOW);
    CHECK(P("0.33333333333333333333333333333333333333333333333", &r) == NUM_OVERFLOW);
    CHECK(P("1.0000000000000000000000000000000000000000000000001", &r) == NUM_OVERFLOW);

    const char *bad[] = {
        "", "+", "-", ".5", "-.5", "5.", "-5.", ".", "1e5", "1E5", "1,5", "1.000,5",
        " 1", "1 ", "1.2.3", "--1", "+-1", "0x10", "1_000", "1'000", "abc", "1a",
        "\t1", "1\n", "99999999999999999999999999999999999999999999x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = (num_t){77, 1};
        if (P(bad[i], &r) != NUM_SYNTAX || !is(r, 77, 1)) {
            unit_cur_failed++;
            fprintf(stderr, "parse \"%s\" should be a syntax error\n", bad[i]);
        }
    }
    CHECK(num_parse(NULL, 0, &r) == NUM_SYNTAX);
    /* Length, not NUL, ends the input. */
    CHECK(num_parse("12abc", 2, &r) == NUM_OK && is(r, 12, 1));
    CHECK(num_parse("1.5", 2, &r) == NUM_SYNTAX);
    CHECK(num_parse("1\0", 2, &r) == NUM_SYNTAX);

    /* Long inputs: many trailing zeros are fine, a far digit overflows. */
    char longs[2100];
    memcpy(longs, "5.", 2);
    memset(longs + 2, '0', 2000);
    longs[2002] = '\0';
    CHECK(P(longs, &r) == NUM_OK && is(r, 5, 1));
    longs[2002] = '1';
    longs[2003] = '\0';
    CHECK(P(longs, &r) == NUM_OVERFLOW);
    longs[2003] = 'x';
    longs[2004] = '\0';
    CHECK(P(longs, &r) == NUM_SYNTAX);

    /* Round trip: formatting then parsing gives back the value. */
    lcg_state = 99;
    int fails = 0;
    for (int i = 0; i < 5000; i++) {
        int64_t d = (int64_t)1 << (lcg() % 20);
        if (lcg() % 2) d *= 390625;   /* 5^8 */
        num_t a = Q((int64_t)(lcg() % 2000001) - 1000000, d), b;
        char buf[64];
        num_format(a, 40, buf, sizeof buf);
        if (P(buf, &b) != NUM_OK || !num_eq(a, b)) fails++;
    }
    CHECK(fails == 0);
}

static void test_format(void)
{
    CHECK_STR(F(NUM_ZERO, 6), "0");
    CHECK_STR(F(num_int(-12), 6), "-12");
    CHECK_STR(F(num_int(7), 0), "7");
    CHECK_STR(F(Q(1, 2), 6), "0.5");
    CHECK_STR(F(Q(-1, 2), 6), "-0.5");
    CHECK_STR(F(Q(-1, 8), 6), "-0.125");
    CHECK_STR(F(Q(1, 8), 3), "0.125");
    CHECK_STR(F(Q(1, 8), 2), "0.13");
    CHECK_STR(F(Q(-1, 8), 2), "-0.13");
    CHECK_STR(F(Q(5, 4), 6), "1.25");
    CHECK_STR(F(Q(1, 1000), 6), "0.001");
    CHECK_STR(F(Q(1, 3), 6), "0.333333");
    CHECK_STR(F(Q(2, 3), 6), "0.666667");
    CHECK_STR(F(Q(-2, 3), 2), "-0.67");
    CHECK_STR(F(Q(1, 7), 3), "0.143");
    CHECK_STR(F(Q(1, 3), 0), "0");
    CHECK_STR(F(Q(1, 2), 0), "1");
    CHECK_STR(F(Q(-1, 2), 0), "-1");
    CHECK_STR(F(Q(-5, 2), 0), "-3");
    CHECK_STR(F(Q(199, 200), 2), "1.00");
    CHECK_STR(F(Q(9999, 1000), 2), "10.00");
    CHECK_STR(F(Q(-9999, 1000), 2), "-10.00");
    CHECK_STR(F(Q(1, 300), 2), "0.00");
    CHECK_STR(F(Q(-1, 300), 2), "0.00");
    CHECK_STR(F(Q(-1, 3), -5), "0");
    CHECK_STR(F(Q(101, 30), 3), "3.367");
    CHECK_STR(F(num_int(MAX), 2), "9223372036854775807");
    CHECK_STR(F(num_int(-MAX), 2), "-9223372036854775807");
    CHECK_STR(F(Q(MAX, 2), 1), "4611686018427387903.5");
    CHECK_STR(F(Q(MAX, 2), 0), "4611686018427387904");
    CHECK_STR(F(Q(MAX, 3), 2), "3074457345618258602.33");
    CHECK_STR(F(Q(-MAX, 1000000000000000000), 18), "-9.223372036854775807");
    CHECK_STR(F(Q(1, MAX), 20), "0.00000000000000000011");
    /* 1/2^62 terminates after 62 decimals: all of them, exactly. */
    CHECK_STR(F(Q(1, INT64_C(1) << 62), 70),
              "0.00000000000000000021684043449710088680149056017398834228515625");
    CHECK_STR(F(Q(1, 3), 100),
              "0.3333333333333333333333333333333333333333333333333333333333333333");

    /* snprintf contract: the needed length, never past cap, NUL-terminated. */
    char small[8];
    memset(small, 'X', sizeof small);
    CHECK(num_format(Q(-1, 8), 6, small, 4) == 6);
    CHECK_STR(small, "-0.");
    CHECK(small[4] == 'X');
    CHECK(num_format(Q(-1, 8), 6, small, 7) == 6);
    CHECK_STR(small, "-0.125");
    CHECK(num_format(Q(-1, 8), 6, small, 1) == 6 && small[0] == '\0');
    CHECK(num_format(num_int(-MAX), 0, NULL, 0) == 20);
    memset(small, 'X', sizeof small);
    CHECK(num_format(num_int(123), 0, small, 0) == 3 && small[0] == 'X');
}

static void test_terminates_and_text(void)
{
    CHECK(num_terminates(Q(1, 8)));
    CHECK(num_terminates(Q(3, 40)));
    CHECK(num_terminates(num_int(7)));
    CHECK(num_terminates(Q(1, INT64_C(1) << 62)));
    CHECK(num_terminates(Q(1, 19073486328125)));
    CHECK(!num_terminates(Q(1, 3)));
    CHECK(!num_terminates(Q(1, 6)));
    CHECK(!num_terminates(Q(1, MAX)));
    CHECK_STR(num_status_text(NUM_OK), "ok");
    CHECK_STR(num_status_text(NUM_OVERFLOW), "arithmetic overflow");
    CHECK_STR(num_status_text(NUM_DIV_ZERO), "division by zero");
    CHECK_STR(num_status_text(NUM_SYNTAX), "not a number");
}

/* Random small-ish fractions against each other: results normalised, the
 * operations invert each other, and cmp agrees with the sign of a - b. */
static void test_properties(void)
{
    lcg_state = 2024;
    int bad = 0;
    for (int i = 0; i < 50000; i++) {
        int64_t an = (int64_t)(lcg() % 2000001) - 1000000;
        int64_t bn = (int64_t)(lcg() % 2000001) - 1000000;
        int64_t ad = (int64_t)(lcg() % 1000) + 1, bd = (int64_t)(lcg() % 1000) + 1;
        if (i % 3 == 0) ad = 1;
        if (i % 5 == 0) bd = 1;
        num_t a = Q(an, ad), b = Q(bn, bd), s, t, p, qt;
        if (!normal(a) || !normal(b)) { bad++; continue; }
        if (num_add(a, b, &s) != NUM_OK || !normal(s)) { bad++; continue; }
        if (num_sub(s, b, &t) != NUM_OK || !num_eq(t, a)) bad++;
        if (num_sub(a, b, &t) != NUM_OK || !normal(t)) { bad++; continue; }
        if (num_cmp(a, b) != num_sign(t)) bad++;
        if (num_cmp(b, a) != -num_sign(t)) bad++;
        if (num_mul(a, b, &p) != NUM_OK || !normal(p)) { bad++; continue; }
        if (b.n != 0) {
            if (num_div(p, b, &qt) != NUM_OK || !num_eq(qt, a)) bad++;
        } else if (num_div(p, b, &qt) != NUM_DIV_ZERO) bad++;
        /* Rounding brackets the value: floor <= a <= ceil, one step apart. */
        num_t fl, ce, diff;
        int dg = (int)(lcg() % 4);
        if (num_round(a, NUM_FLOOR, dg, &fl) != NUM_OK
            || num_round(a, NUM_CEIL, dg, &ce) != NUM_OK
            || num_cmp(fl, a) > 0 || num_cmp(ce, a) < 0
            || num_sub(ce, fl, &diff) != NUM_OK
            || (!num_eq(diff, NUM_ZERO) && !num_eq(diff, Q(1, dg == 0 ? 1 : dg == 1 ? 10 : dg == 2 ? 100 : 1000))))
            bad++;
    }
    CHECK(bad == 0);

    /* Big values: whenever add succeeds the result is normalised and exact
     * per cmp; overflow is reported, never wrapped. */
    lcg_state = 7;
    int bigbad = 0;
    for (int i = 0; i < 20000; i++) {
        int64_t an = (int64_t)(((uint64_t)lcg() << 31) ^ lcg()) & MAX;
        int64_t bn = (int64_t)(((uint64_t)lcg() << 31) ^ lcg()) & MAX;
        int64_t ad = (int64_t)(lcg() % 100000) + 1, bd = (int64_t)(lcg() % 100000) + 1;
        if (lcg() % 2) an = -an;
        num_t a = Q(an, ad), b = Q(bn, bd), s, back;
        num_status st = num_add(a, b, &s);
        if (st == NUM_OK) {
            if (!normal(s) || num_sub(s, b, &back) != NUM_OK || !num_eq(back, a)) bigbad++;
        } else if (st != NUM_OVERFLOW) bigbad++;
        num_t p;
        st = num_mul(a, b, &p);
        if (st == NUM_OK ? !normal(p) : st != NUM_OVERFLOW) bigbad++;
    }
    CHECK(bigbad == 0);
}

int main(void)
{
    UNIT_RUN(test_make);
    UNIT_RUN(test_add_sub);
    UNIT_RUN(test_mul_div);
    UNIT_RUN(test_neg_abs_sign);
    UNIT_RUN(test_cmp);
    UNIT_RUN(test_round);
    UNIT_RUN(test_floor_div);
    UNIT_RUN(test_parse);
    UNIT_RUN(test_format);
    UNIT_RUN(test_terminates_and_text);
    UNIT_RUN(test_properties);
    return UNIT_DONE("test_num");
}
