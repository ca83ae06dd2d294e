/* internal.h: what the public handles of verdeel.h hold. */
#ifndef VDL_INTERNAL_H
#define VDL_INTERNAL_H
#include "verdeel.h"
#include "dataset.h"
#include "diag.h"
#include "program.h"
#include "vm.h"

struct vdl_diags   { diag_list list; };
struct vdl_program { src_file *src; prog_t *prog; char *dir; };
struct vdl_data    { const vdl_program *prog; ds_data *ds; };
struct vdl_result  {
    const vdl_program *prog;
    const vdl_data    *data;
    vm_result          vm;
    int32_t            date;
};

/* lib/verdeel.c, for lib/runner.c: a run's settings as overrides (NULL,
 * with a diagnostic, when one is bad or native code is not allowed), the
 * diagnostic of a bad setting, and that of a run-time error. */
vm_override *run_overrides(const vdl_program *p, const vdl_data *data, const vdl_setting *set,
                           int nset, vdl_diags *d, vdl_status *st);
void run_bad_value(const vdl_program *p, int sym, const char *value, vdl_diags *d);
void run_diag(const vdl_program *vp, const ds_data *ds, const vm_error *e, diag_list *l);

/* report/output.c */
int   out_write(const vdl_result *r, const vdl_write_options *o, FILE *out);
/* A value as the reports show it: exact, or rounded to 6 decimals. */
char *out_value(const vdl_result *r, const prog_sym *s, num_t v);

#endif
