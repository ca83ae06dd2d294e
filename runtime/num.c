/* num.c: exact rational arithmetic for law amounts (see num.h).
 *
 * Law texts round at named points and nowhere else, so every value is an
 * exact fraction of two int64s and every operation either yields the exact,
 * normalised result or says why it cannot.  The VM runs these in its inner
 * loop, so each operation first tries the integer case with the compiler's
 * overflow builtins and only then falls back to 128-bit intermediates with
 * Knuth's cross-reduction (TAOCP 4.5.1), which keeps the operands small
 * enough that a result fails only when its reduced form really does not fit.
 * INT64_MIN is never produced, so negation of any num_t is always defined. */
#include "num.h"

#include <string.h>

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

#define U128_MAX (~(u128)0)

/* Format clamps max_decimals here: every terminating num_t needs at most 63
 * decimals (its denominator is at most 2^63), so nothing exact is lost. */
#define FMT_MAX_DECIMALS 64

static const uint64_t pow10_u64[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
    10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
    100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
    100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL
};

/* |v| without the undefined -INT64_MIN. */
static inline uint64_t uabs64(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static inline u128 uabs128(i128 v)
{
    return v < 0 ? (u128)0 - (u128)v : (u128)v;
}

/* Binary gcd: no division, which matters on the add/mul slow paths. */
static uint64_t gcd64(uint64_t a, uint64_t b)
{
    if (a == 0) return b;
    if (b == 0) return a;
    int shift = __builtin_ctzll(a | b);
    a >>= __builtin_ctzll(a);
    do {
        b >>= __builtin_ctzll(b);
        if (a > b) { uint64_t t = a; a = b; b = t; }
        b -= a;
    } while (b != 0);
    return a << shift;
}

static int ctz128(u128 x)
{
    uint64_t lo = (uint64_t)x;
    return lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll((uint64_t)(x >> 64));
}

static u128 gcd128(u128 a, u128 b)
{
    if ((a >> 64) == 0 && (b >> 64) == 0) return gcd64((uint64_t)a, (uint64_t)b);
    if (a == 0) return b;
    if (b == 0) return a;
    int shift = ctz128(a | b);
    a >>= ctz128(a);
    do {
        b >>= ctz128(b);
        if (a > b) { u128 t = a; a = b; b = t; }
        b -= a;
    } while (b != 0);
    return a << shift;
}

/* x mod m, avoiding the 128-bit library division when x fits 64 bits. */
static inline uint64_t umod128(u128 x, uint64_t m)
{
    return (x >> 64) == 0 ? (uint64_t)x % m : (uint64_t)(x % m);
}

/* Store n/d (d > 0, already coprime) if both parts fit; INT64_MIN counts as
 * not fitting so that negation stays defined everywhere. */
static inline num_status fit(i128 n, i128 d, num_t *out)
{
    if (n == 0) { *out = NUM_ZERO; return NUM_OK; }
    if (n > INT64_MAX || n < -(i128)INT64_MAX || d > INT64_MAX)
        return NUM_OVERFLOW;
    out->n = (int64_t)n;
    out->d = (int64_t)d;
    return NUM_OK;
}

/* Reduce and store n/d for any d > 0; the 128-bit gcd is only for the rare
 * paths (floor_div's remainder) where the parts are not known coprime. */
static num_status reduce_fit(i128 n, u128 d, num_t *out)
{
    if (n == 0) { *out = NUM_ZERO; return NUM_OK; }
    u128 un = uabs128(n);
    u128 g = gcd128(un, d);
    un /= g;
    d /= g;
    if (un > INT64_MAX || d > INT64_MAX) return NUM_OVERFLOW;
    out->n = n < 0 ? -(int64_t)un : (int64_t)un;
    out->d = (int64_t)d;
    return NUM_OK;
}

num_status num_make(int64_t n, int64_t d, num_t *out)
{
    if (d == 0) return NUM_DIV_ZERO;
    if (d == 1) {
        if (n == INT64_MIN) return NUM_OVERFLOW;
        *out = num_int(n);
        return NUM_OK;
    }
    uint64_t un = uabs64(n), ud = uabs64(d);
    uint64_t g = gcd64(un, ud);
    un /= g;
    ud /= g;
    if (un > INT64_MAX || ud > INT64_MAX) return NUM_OVERFLOW;
    bool neg = (n < 0) != (d < 0);
    out->n = neg ? -(int64_t)un : (int64_t)un;
    out->d = (int64_t)ud;
    return NUM_OK;
}

num_status num_add_frac(num_t a, num_t b, num_t *out)
{
    /* With one integer operand the sum keeps the other's denominator and
     * is already reduced: gcd(n + k*d, d) == gcd(n, d) == 1. */
    if (a.d == 1 || b.d == 1)
        return fit((i128)a.n * b.d + (i128)b.n * a.d, (i128)a.d * b.d, out);
    uint64_t g = gcd64((uint64_t)a.d, (uint64_t)b.d);
    if (g == 1)
        return fit((i128)a.n * b.d + (i128)b.n * a.d, (i128)a.d * b.d, out);
    int64_t ad = a.d / (int64_t)g, bd = b.d / (int64_t)g;
    i128 t = (i128)a.n * bd + (i128)b.n * ad;    /* |t| < 2^127 */
    if (t == 0) { *out = NUM_ZERO; return NUM_OK; }
    uint64_t g2 = gcd64(umod128(uabs128(t), g), g);
    if (g2 != 1) t /= (i128)g2;
    return fit(t, (i128)ad * (b.d / (int64_t)g2), out);
}

num_status num_mul_frac(num_t a, num_t b, num_t *out)
{
    if (a.n == 0 || b.n == 0) { *out = NUM_ZERO; return NUM_OK; }
    /* Cross-reduce first: the product is then coprime without another gcd,
     * and (INT64_MAX/1)*(1/INT64_MAX) never leaves 64 bits. */
    int64_t g1 = b.d == 1 ? 1 : (int64_t)gcd64(uabs64(a.n), (uint64_t)b.d);
    int64_t g2 = a.d == 1 ? 1 : (int64_t)gcd64(uabs64(b.n), (uint64_t)a.d);
    return fit((i128)(a.n / g1) * (b.n / g2), (i128)(a.d / g2) * (b.d / g1), out);
}

num_status num_div(num_t a, num_t b, num_t *out)
{
    if (b.n == 0) return NUM_DIV_ZERO;
    if (a.d == 1 && b.d == 1) {
        /* No INT64_MIN / -1 here: normalised values never hold INT64_MIN. */
        if (a.n % b.n == 0) { *out = num_int(a.n / b.n); return NUM_OK; }
        return num_make(a.n, b.n, out);
    }
    num_t inv = b.n < 0 ? (num_t){-b.d, -b.n} : (num_t){b.d, b.n};
    return num_mul(a, inv, out);
}

num_t num_neg(num_t a) { return (num_t){-a.n, a.d}; }

num_t num_abs(num_t a) { return a.n < 0 ? (num_t){-a.n, a.d} : a; }

int num_cmp(num_t a, num_t b)
{
    if (a.d == b.d) return (a.n > b.n) - (a.n < b.n);
    i128 l = (i128)a.n * b.d, r = (i128)b.n * a.d;
    return (l > r) - (l < r);
}

/* Whether q (the truncated quotient, |r| < d the remainder, r's sign the
 * value's sign) moves one step away from zero under mode.  Halves are
 * decided by comparing 2|r| with d, exactly. */
static int round_step(num_round_mode mode, i128 q, uint64_t ur, uint64_t d, bool neg)
{
    if (ur == 0) return 0;
    int away = neg ? -1 : 1;
    switch (mode) {
    case NUM_TRUNC: return 0;
    case NUM_FLOOR: return neg ? -1 : 0;
    case NUM_CEIL:  return neg ? 0 : 1;
    case NUM_HALF_AWAY:
        return ur >= d - ur ? away : 0;
    case NUM_HALF_EVEN:
        if (ur > d - ur) return away;
        if (ur == d - ur && (q & 1) != 0) return away;
        return 0;
    }
    return 0;
}

num_status num_round(num_t a, num_round_mode mode, int digits, num_t *out)
{
    /* Outside 0..18 the scale 10^digits does not fit; that is a caller bug,
     * reported as overflow rather than reading past the power table. */
    if (digits < 0 || digits > 18) return NUM_OVERFLOW;
    if (a.d == 1) { *out = a; return NUM_OK; }
    uint64_t scale = pow10_u64[digits];
    i128 q;
    uint64_t ur;
    int64_t x64;
    if (!__builtin_mul_overflow(a.n, (int64_t)scale, &x64)) {
        q = x64 / a.d;
        ur = uabs64(x64 % a.d);
    } else {
        i128 x = (i128)a.n * (int64_t)scale;
        q = x / a.d;
        ur = (uint64_t)uabs128(x % a.d);
    }
    q += round_step(mode, q, ur, (uint64_t)a.d, a.n < 0);
    if (scale == 1) return fit(q, 1, out);
    if (q == 0) { *out = NUM_ZERO; return NUM_OK; }
    uint64_t g = gcd64(umod128(uabs128(q), scale), scale);
    return fit(q / (i128)g, (i128)(scale / g), out);
}

num_status num_floor_div(num_t a, num_t b, num_t *q, num_t *r)
{
    /* Defined for any b != 0 as q = floor(a/b), r = a - q*b; for b > 0 that
     * gives the 0 <= r < b the header promises (for b < 0, b < r <= 0). */
    if (b.n == 0) return NUM_DIV_ZERO;
    if (a.d == 1 && b.d == 1) {
        int64_t qq = a.n / b.n, rr = a.n % b.n;
        if (rr != 0 && ((rr < 0) != (b.n < 0))) { qq -= 1; rr += b.n; }
        *q = num_int(qq);
        *r = num_int(rr);
        return NUM_OK;
    }
    /* a/b = (a.n*b.d) / (a.d*b.n); the remainder of that division over
     * a.d*b.d is a - q*b exactly, with no q*b intermediate to overflow. */
    i128 num = (i128)a.n * b.d, den = (i128)a.d * b.n;
    i128 qq = num / den, rr = num % den;
    if (rr != 0 && ((rr < 0) != (den < 0))) { qq -= 1; rr += den; }
    if (qq > INT64_MAX || qq < -(i128)INT64_MAX) return NUM_OVERFLOW;
    num_t rem;
    num_status st = reduce_fit(rr, (u128)a.d * (u128)b.d, &rem);
    if (st != NUM_OK) return st;
    *q = num_int((int64_t)qq);
    *r = rem;
    return NUM_OK;
}

/* Strictness: "5." and ".5" are rejected, because a table cell written that
 * way is more often a typo or a truncated value than a deliberate number,
 * and rejecting is the cheaper mistake.  Trailing fractional zeros are
 * counted but only multiplied in when a non-zero digit follows, so
 * "1.000000000000000000000000" does not overflow on the way to 1. */
num_status num_parse(const char *s, size_t len, num_t *out)
{
    size_t i = 0;
    bool neg = false, big = false;
    if (s == NULL) return NUM_SYNTAX;
    if (i < len && (s[i] == '+' || s[i] == '-')) { neg = s[i] == '-'; i++; }

    u128 m = 0;
    size_t start = i;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        unsigned dig = (unsigned)(s[i] - '0');
        if (big || m > (U128_MAX - dig) / 10) big = true;
        else m = m * 10 + dig;
    }
    if (i == start) return NUM_SYNTAX;

    size_t k = 0, zeros = 0;
    if (i < len && s[i] == '.') {
        i++;
        start = i;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            unsigned dig = (unsigned)(s[i] - '0');
            if (dig == 0) { zeros++; continue; }
            for (; !big && zeros > 0; zeros--) {
                if (m > U128_MAX / 10) big = true;
                else m *= 10;
            }
            zeros = 0;
            if (big || m > (U128_MAX - dig) / 10) { big = true; continue; }
            m = m * 10 + dig;
            k = i - start + 1;
        }
        if (i == start) return NUM_SYNTAX;
    }
    if (i != len) return NUM_SYNTAX;
    if (big) return NUM_OVERFLOW;

    /* m / 10^k: m no longer ends in a zero digit (when k > 0), so only
     * powers of 2 or of 5 can cancel against 10^k. */
    uint64_t n, d;
    if (k == 0) {
        if (m > INT64_MAX) return NUM_OVERFLOW;
        n = (uint64_t)m;
        d = 1;
    } else if (k <= 18 && (m >> 64) == 0) {
        uint64_t g = gcd64((uint64_t)m, pow10_u64[k]);
        n = (uint64_t)m / g;
        d = pow10_u64[k] / g;
    } else {
        size_t twos = (size_t)ctz128(m), fives = 0;
        if (twos > k) twos = k;
        m >>= twos;
        while (fives < k && m % 5 == 0) { m /= 5; fives++; }
        if (m > INT64_MAX || k - twos > 62) return NUM_OVERFLOW;
        d = (uint64_t)1 << (k - twos);
        for (size_t f = fives; f < k; f++) {
            if (d > (uint64_t)INT64_MAX / 5) return NUM_OVERFLOW;
            d *= 5;
        }
        n = (uint64_t)m;
    }
    if (n > INT64_MAX || d > INT64_MAX) return NUM_OVERFLOW;
    out->n = neg ? -(int64_t)n : (int64_t)n;
    out->d = n == 0 ? 1 : (int64_t)d;
    return NUM_OK;
}

/* Bounded writer: counts every byte, stores only what fits before the NUL. */
typedef struct { char *buf; size_t cap, len; } fmt_out;

static void fmt_put(fmt_out *o, char c)
{
    if (o->len + 1 < o->cap) o->buf[o->len] = c;
    o->len++;
}

static void fmt_u64(fmt_out *o, uint64_t v)
{
    char tmp[20];
    int k = 0;
    do { tmp[k++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (k) fmt_put(o, tmp[--k]);
}

/* A value that rounds to zero prints without a sign ("0.00", not "-0.00"):
 * a report line that reads minus nothing invites a question nobody can
 * answer from the output. */
size_t num_format(num_t a, int max_decimals, char *buf, size_t cap)
{
    fmt_out o = { buf, cap, 0 };
    int maxd = max_decimals < 0 ? 0 : max_decimals > FMT_MAX_DECIMALS
             ? FMT_MAX_DECIMALS : max_decimals;
    uint64_t un = uabs64(a.n), d = a.d > 0 ? (uint64_t)a.d : 1;
    uint64_t ip = un / d, r = un % d;
    char frac[FMT_MAX_DECIMALS];
    int nf = 0;
    while (r != 0 && nf < maxd) {
        u128 t = (u128)r * 10;
        frac[nf++] = (char)('0' + (int)(t / d));
        r = (uint64_t)(t % d);
    }
    if (r != 0) {
        /* Not exact within maxd digits: keep all maxd of them, half away. */
        while (nf < maxd) frac[nf++] = '0';
        if (r >= d - r) {
            int j = nf - 1;
            while (j >= 0 && frac[j] == '9') frac[j--] = '0';
            if (j >= 0) frac[j]++;
            else ip++;
        }
    }
    bool nonzero = ip != 0;
    for (int j = 0; j < nf && !nonzero; j++) nonzero = frac[j] != '0';
    if (a.n < 0 && nonzero) fmt_put(&o, '-');
    fmt_u64(&o, ip);
    if (nf > 0) {
        fmt_put(&o, '.');
        for (int j = 0; j < nf; j++) fmt_put(&o, frac[j]);
    }
    if (cap > 0) buf[o.len < cap ? o.len : cap - 1] = '\0';
    return o.len;
}

bool num_terminates(num_t a)
{
    uint64_t d = (uint64_t)a.d;
    if (d == 0) return false;
    d >>= __builtin_ctzll(d);
    while (d % 5 == 0) d /= 5;
    return d == 1;
}

const char *num_status_text(num_status s)
{
    switch (s) {
    case NUM_OK:       return "ok";
    case NUM_OVERFLOW: return "arithmetic overflow";
    case NUM_DIV_ZERO: return "division by zero";
    case NUM_SYNTAX:   return "not a number";
    }
    return "unknown number status";
}
