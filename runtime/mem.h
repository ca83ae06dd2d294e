/* mem.h: the one allocation funnel.
 *
 * Every allocation in verdeel (bison's and flex's included) goes through
 * mem_alloc/mem_realloc/mem_free, so that out-of-memory is handled in one
 * place and a test build can inject failures.  Out of memory is not a
 * recoverable condition for a command-line run: mem_* print one line and
 * exit with status 71 (EX_OSERR).
 *
 * Ownership rule: a function that returns a pointer it allocated hands it
 * to the caller, who frees it with the matching *_free of its layer.  Data
 * structures own what they point to unless a field's comment says
 * "borrowed". */
#ifndef VDL_MEM_H
#define VDL_MEM_H
#include <stddef.h>

void *mem_alloc(size_t size);              /* zeroed */
void *mem_realloc(void *p, size_t size);
void *mem_array(size_t n, size_t elem);    /* zeroed, checks n*elem */
void  mem_free(void *p);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);

/* Grow *buf (capacity *cap elements of size elem) so that it holds at
 * least need elements; doubles, so appends are amortised O(1). */
void  mem_grow(void **buf, size_t *cap, size_t need, size_t elem);

#define MEM_GROW(arr, cap, need) \
    mem_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

#endif
