/* native.c: extern functions through libffi (see native.h).
 *
 * The library is opened with RTLD_NOW so that a missing symbol shows when
 * the rule file is loaded, not in the middle of a run; the call interface
 * (ffi_cif) is prepared once per extern.  A double result is the only
 * floating-point value in verdeel: its bits are read as the exact binary
 * fraction they are and rounded half away from zero to the declared number
 * of decimals with exact arithmetic, so nothing inexact reaches the law and
 * the result is the same on every machine. */
#include "native.h"
#include "mem.h"
#include "verdeel_ext.h"

#include <dlfcn.h>
#include <ffi.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    void      *handle;
    void      *fn;
    ffi_cif    cif;
    ffi_type **atypes;       /* the arguments, then the result pointer */
} binding;

/* libffi's description of vdl_decimal: two int64 fields. */
static ffi_type *decimal_elems[] = { &ffi_type_sint64, &ffi_type_sint64, NULL };
static ffi_type decimal_type = { 0, 0, FFI_TYPE_STRUCT, decimal_elems };

static ffi_type *ffi_of(xt_type t)
{
    switch (t) {
    case XT_INT64: return &ffi_type_sint64;
    case XT_BOOL: return &ffi_type_sint;
    case XT_TEXT: return &ffi_type_pointer;
    case XT_DECIMAL: return &decimal_type;
    case XT_DOUBLE: return &ffi_type_double;
    }
    return &ffi_type_sint64;
}

int ffi_bind_all(prog_t *p, diag_list *diags)
{
    int errs = 0;
    for (int i = 0; i < p->nexterns; i++) {
        prog_extern *x = &p->externs[i];
        const char *path = x->lib;
        void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            const char *why = dlerror();
            diag_add(diags, DIAG_ERROR, p->file, x->span, "extern '%s': cannot load library %s", x->name, path);
            diag_hint(diags, "%s", why ? why : "no reason given");
            errs++;
            continue;
        }
        dlerror();
        void *fn = dlsym(h, x->symbol);
        if (!fn) {
            diag_add(diags, DIAG_ERROR, p->file, x->span, "extern '%s': no function '%s' in %s", x->name, x->symbol, path);
            diag_hint(diags, "the symbol is named with `symbol \"NAME\"` when it differs from the extern's name");
            dlclose(h);
            errs++;
            continue;
        }
        binding *b = mem_alloc(sizeof *b);
        b->handle = h;
        b->fn = fn;
        b->atypes = mem_array((size_t)x->nparams + 2, sizeof *b->atypes);
        for (int k = 0; k < x->nparams; k++) b->atypes[k] = ffi_of(x->params[k]);
        b->atypes[x->nparams] = &ffi_type_pointer;
        if (ffi_prep_cif(&b->cif, FFI_DEFAULT_ABI, (unsigned)x->nparams + 1, &ffi_type_sint, b->atypes) != FFI_OK) {
            diag_add(diags, DIAG_ERROR, p->file, x->span, "extern '%s': libffi cannot prepare this signature", x->name);
            dlclose(h);
            mem_free(b->atypes);
            mem_free(b);
            errs++;
            continue;
        }
        x->binding = b;
    }
    return errs;
}

void ffi_unbind_all(prog_t *p)
{
    for (int i = 0; i < p->nexterns; i++) {
        binding *b = p->externs[i].binding;
        if (!b) continue;
        dlclose(b->handle);
        mem_free(b->atypes);
        mem_free(b);
        p->externs[i].binding = NULL;
    }
}

/* The double's exact value m * 2^e, rounded to `digits` decimals. */
static int double_to_num(double f, int digits, num_t *out)
{
    uint64_t bits;
    memcpy(&bits, &f, sizeof bits);
    bool neg = bits >> 63;
    int ex = (int)((bits >> 52) & 0x7ff);
    uint64_t mant = bits & ((UINT64_C(1) << 52) - 1);
    if (ex == 0x7ff) return -1;                       /* infinity or NaN */
    int e = ex ? ex - 1075 : -1074;
    if (ex) mant |= UINT64_C(1) << 52;
    int64_t num, den = 1;
    if (e >= 0) {
        if (mant && (63 - __builtin_clzll(mant)) + e > 61) return -1;
        num = (int64_t)(mant << e);
    } else {
        /* past 2^-62 the bits below cannot change a result of 18 decimals
         * or fewer except on an exact tie; round them half away */
        int sh = -e;
        while (sh > 62) { mant = (mant >> 1) + (mant & 1); sh--; }
        num = (int64_t)mant;
        den = (int64_t)(UINT64_C(1) << sh);
    }
    num_t exact;
    if (num_make(neg ? -num : num, den, &exact) != NUM_OK) return -1;
    return num_round(exact, NUM_HALF_AWAY, digits, out) == NUM_OK ? 0 : -1;
}

/* One argument slot: big enough for any of the types. */
typedef union { int64_t i; int b; const char *t; vdl_decimal d; double f; } arg_slot;

int ffi_call_row(const prog_extern *x, const num_t *args, const char *const *texts,
                 num_t *out, char *msg, size_t cap)
{
    const binding *b = x->binding;
    if (!b) {
        snprintf(msg, cap, "extern '%s' is not loaded: native code is not allowed", x->name);
        return -1;
    }
    arg_slot vals[64];
    void *ptrs[65];
    if (x->nparams > 63) { snprintf(msg, cap, "extern '%s' has too many values", x->name); return -1; }
    for (int k = 0; k < x->nparams; k++) {
        switch (x->params[k]) {
        case XT_INT64:
            if (!num_is_int(args[k])) {
                char v[64];
                num_format(args[k], 6, v, sizeof v);
                snprintf(msg, cap, "value %d of extern '%s' is an integer, not %s", k + 1, x->name, v);
                return -1;
            }
            vals[k].i = args[k].n;
            break;
        case XT_BOOL: vals[k].b = args[k].n != 0; break;
        case XT_TEXT: vals[k].t = texts[k]; break;
        case XT_DECIMAL: vals[k].d = (vdl_decimal){ args[k].n, args[k].d }; break;
        case XT_DOUBLE: vals[k].f = 0; break;   /* not a parameter type (the checker refuses it) */
        }
        ptrs[k] = &vals[k];
    }
    arg_slot result;
    memset(&result, 0, sizeof result);
    void *rp = &result;
    ptrs[x->nparams] = &rp;
    ffi_arg status = 0;
    ffi_call((ffi_cif *)&b->cif, FFI_FN(b->fn), &status, ptrs);
    if ((int)status != 0) {
        snprintf(msg, cap, "extern '%s' returned error code %d", x->name, (int)status);
        return -1;
    }
    switch (x->ret) {
    case XT_INT64:
        if (result.i == INT64_MIN) { snprintf(msg, cap, "extern '%s' returned a number out of range", x->name); return -1; }
        *out = num_int(result.i);
        return 0;
    case XT_BOOL:
        *out = num_int(result.b != 0);
        return 0;
    case XT_DECIMAL:
        if (result.d.den == 0 || num_make(result.d.num, result.d.den, out) != NUM_OK) {
            snprintf(msg, cap, "extern '%s' returned a decimal that is no number (%lld/%lld)", x->name,
                     (long long)result.d.num, (long long)result.d.den);
            return -1;
        }
        return 0;
    case XT_DOUBLE:
        if (double_to_num(result.f, x->digits, out) != 0) {
            snprintf(msg, cap, "extern '%s' returned an approximate value that is infinite, not a number, "
                     "or out of range", x->name);
            return -1;
        }
        return 0;
    case XT_TEXT:
        break;
    }
    snprintf(msg, cap, "extern '%s' returns a type verdeel cannot read", x->name);
    return -1;
}
