/* native.h: calling functions in shared libraries from a rule file (extern).
 *
 * A binding is made once per extern when the rule file is loaded with
 * native code allowed: the library opened, the symbol found, and the
 * libffi call interface prepared; a call per row then only converts the
 * values.  The C convention of every extern function:
 *
 *     int NAME(ARG..., RESULT *out);     returns 0, or an error code
 *
 * with ARG and RESULT: integer -> int64_t, bool -> int, text -> const char *
 * (arguments only), decimal -> vdl_decimal (an exact num/den pair, see
 * include/verdeel_ext.h), approximate(D) -> double (results only; rounded
 * half away from zero to D decimals on the way in). */
#ifndef VDL_NATIVE_H
#define VDL_NATIVE_H
#include "diag.h"
#include "program.h"

/* Bind every extern of p (their library paths are resolved already).
 * Errors (a missing library or symbol) go to diags at the extern's
 * declaration.  Returns the number of errors. */
int  ffi_bind_all(prog_t *p, diag_list *diags);
void ffi_unbind_all(prog_t *p);

/* Call extern x with one row's arguments (numbers and bools in args[],
 * text in texts[]).  Returns 0 with *out set, or -1 with a message in
 * msg (the function's error code, a result that is no number, ...). */
int  ffi_call_row(const prog_extern *x, const num_t *args, const char *const *texts,
                  num_t *out, char *msg, size_t cap);

#endif
