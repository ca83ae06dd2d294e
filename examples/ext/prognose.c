/* prognose.c: an example of native functions a rule file can call with
 * `extern` (see examples/extern.vdl and include/verdeel_ext.h).
 *
 * groei: a population projection per province.  The growth rates are
 * ILLUSTRATIVE, chosen to show the mechanism, not a CBS forecast.
 * afronden_op_tiental: a rounding rule a province might use: to the
 * nearest ten places, halves away from zero, on an exact decimal.
 * aandeel_benadering: a share computed in floating point, to show how an
 * approximate result is declared and rounded on its way into verdeel.
 *
 * Each returns 0 with its result in *out, or an error code. */
#include <stdint.h>
#include <string.h>
#include "verdeel_ext.h"

int groei(const char *provincie, int64_t inwoners, int64_t *out);
int afronden_op_tiental(vdl_decimal x, int64_t *out);
int aandeel_benadering(int64_t deel, int64_t geheel, double *out);

/* growth to 2030 in tenths of a percent (illustrative) */
static const struct { const char *provincie; int promille; } rates[] = {
    {"Drenthe", 8}, {"Flevoland", 61}, {"Fryslân", 12}, {"Gelderland", 27},
    {"Groningen", 15}, {"Limburg", -6}, {"Noord-Brabant", 30}, {"Noord-Holland", 42},
    {"Overijssel", 24}, {"Utrecht", 51}, {"Zeeland", 4}, {"Zuid-Holland", 39},
};

int groei(const char *provincie, int64_t inwoners, int64_t *out)
{
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        if (strcmp(rates[i].provincie, provincie) != 0) continue;
        if (inwoners < 0 || inwoners > INT64_MAX / 2000) return 2;   /* out of range */
        /* inwoners * (1000 + promille) / 1000, rounded half away from zero */
        int64_t scaled = inwoners * (1000 + rates[i].promille);
        *out = (scaled + 500) / 1000;
        return 0;
    }
    return 1;   /* unknown province */
}

int afronden_op_tiental(vdl_decimal x, int64_t *out)
{
    if (x.den <= 0) return 1;
    /* x / 10 rounded half away from zero, times 10, in integers only */
    int64_t num = x.num < 0 ? -x.num : x.num;
    if (num > INT64_MAX / 2) return 2;
    int64_t q = (2 * num + 10 * x.den) / (20 * x.den);
    *out = (x.num < 0 ? -q : q) * 10;
    return 0;
}

int aandeel_benadering(int64_t deel, int64_t geheel, double *out)
{
    if (geheel == 0) return 3;   /* no share of nothing */
    *out = (double)deel / (double)geheel;
    return 0;
}
