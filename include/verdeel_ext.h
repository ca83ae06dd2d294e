/* verdeel_ext.h: for writing a native function that a rule file calls
 * with `extern`.  Such a function is
 *
 *     int name(ARG..., RESULT *out);
 *
 * and returns 0 with *out set, or any other number as an error code, which
 * verdeel reports with the rule and the row.  The types:
 *
 *     integer         int64_t
 *     bool            int (0 or 1)
 *     text            const char *        (arguments only; UTF-8)
 *     decimal         vdl_decimal         (exact: num / den, den > 0)
 *     approximate(D)  double              (results only; rounded half away
 *                                          from zero to D decimals)
 *
 * verdeel calls it once per row that needs it, from one thread at a time. */
#ifndef VERDEEL_EXT_H
#define VERDEEL_EXT_H
#include <stdint.h>

typedef struct { int64_t num, den; } vdl_decimal;

#endif
