/* num.h: exact numbers for law arithmetic.
 *
 * A num_t is an exact rational n/d with 64-bit parts, always normalised:
 * d > 0, gcd(|n|, d) == 1, and neither part is INT64_MIN (so negation is
 * always defined).  Integers have d == 1, and the fast paths test for that.
 * There is no floating point anywhere in this layer.  Every operation that
 * can fail returns a num_status and writes its result through `out` only on
 * NUM_OK; intermediate products use 128-bit integers, so an operation fails
 * only when its exact, reduced result does not fit.
 *
 * Text and bool values travel in the same cell type in the VM: a bool is
 * 0/1 and a text is an interned string id, both with d == 1. */
#ifndef VDL_NUM_H
#define VDL_NUM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct { int64_t n, d; } num_t;

typedef enum {
    NUM_OK = 0,
    NUM_OVERFLOW,    /* the exact result does not fit in 64-bit parts */
    NUM_DIV_ZERO,    /* division by zero */
    NUM_SYNTAX       /* num_parse: not a number */
} num_status;

typedef enum {
    NUM_HALF_AWAY,   /* 'rekenkundig afgerond': 2.5 -> 3, -2.5 -> -3 */
    NUM_HALF_EVEN,   /* banker's rounding: 2.5 -> 2, 3.5 -> 4 */
    NUM_FLOOR,       /* towards minus infinity */
    NUM_CEIL,        /* towards plus infinity */
    NUM_TRUNC        /* towards zero */
} num_round_mode;

#define NUM_ZERO ((num_t){0, 1})
#define NUM_ONE  ((num_t){1, 1})

static inline num_t num_int(int64_t v) { return (num_t){v, 1}; }
static inline bool  num_is_int(num_t a) { return a.d == 1; }
static inline int   num_sign(num_t a) { return (a.n > 0) - (a.n < 0); }

/* Normalise n/d (d != 0; either may be negative) into *out. */
num_status num_make(int64_t n, int64_t d, num_t *out);

/* Sum and product when an operand is a fraction (num.c). */
num_status num_add_frac(num_t a, num_t b, num_t *out);
num_status num_mul_frac(num_t a, num_t b, num_t *out);

/* The result *r of a whole-number operation that overflowed or not
 * (read after the operation has written it): INT64_MIN counts as overflow,
 * as num_t never holds it. */
static inline num_status num_whole_result(bool overflowed, const int64_t *r, num_t *out)
{
    if (overflowed || *r == INT64_MIN) return NUM_OVERFLOW;
    *out = num_int(*r);
    return NUM_OK;
}

/* Inline, so that the VM's loops over whole numbers (the common case) are
 * a hardware operation and an overflow test per value, not a call. */
static inline num_status num_add(num_t a, num_t b, num_t *out)
{
    int64_t r;
    return a.d == 1 && b.d == 1 ? num_whole_result(__builtin_add_overflow(a.n, b.n, &r), &r, out)
                                : num_add_frac(a, b, out);
}

static inline num_status num_sub(num_t a, num_t b, num_t *out)
{
    int64_t r;
    return a.d == 1 && b.d == 1 ? num_whole_result(__builtin_sub_overflow(a.n, b.n, &r), &r, out)
                                : num_add_frac(a, (num_t){ -b.n, b.d }, out);
}

static inline num_status num_mul(num_t a, num_t b, num_t *out)
{
    int64_t r;
    return a.d == 1 && b.d == 1 ? num_whole_result(__builtin_mul_overflow(a.n, b.n, &r), &r, out)
                                : num_mul_frac(a, b, out);
}

num_status num_div(num_t a, num_t b, num_t *out);
num_t      num_neg(num_t a);
num_t      num_abs(num_t a);

/* -1, 0, 1; exact (compares via 128-bit cross products). */
int        num_cmp(num_t a, num_t b);
static inline bool num_eq(num_t a, num_t b) { return a.n == b.n && a.d == b.d; }

/* Round to `digits` decimal places (0 = to an integer; digits in 0..18). */
num_status num_round(num_t a, num_round_mode mode, int digits, num_t *out);

/* Integer part and remainder of a/b for positive b, as floor division:
 * a = q*b + r with 0 <= r < b.  Used by apportion. */
num_status num_floor_div(num_t a, num_t b, num_t *q, num_t *r);

/* Parse a plain decimal: optional sign, digits, optional '.' and digits.
 * No exponent, no thousands separator, no decimal comma (those are data
 * errors the caller reports).  Surrounding spaces are not accepted; the
 * caller trims.  Returns NUM_SYNTAX or NUM_OVERFLOW on failure. */
num_status num_parse(const char *s, size_t len, num_t *out);

/* Write a into buf (always NUL-terminated when cap > 0) and return the
 * length it needs (like snprintf).  A number whose decimal expansion ends
 * within max_decimals digits is written exactly ("1.25", "-3", "0.001");
 * any other is rounded half away from zero to max_decimals digits with
 * trailing zeros kept ("0.333333" for 1/3 at 6). */
size_t     num_format(num_t a, int max_decimals, char *buf, size_t cap);

/* True when the decimal expansion of a terminates (d = 2^i 5^j). */
bool       num_terminates(num_t a);

const char *num_status_text(num_status s);

#endif
