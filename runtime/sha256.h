/* sha256.h: SHA-256 (FIPS 180-4), for the receipts that let a result be
 * reproduced: the hash of the rule file and of every data file. */
#ifndef VDL_SHA256_H
#define VDL_SHA256_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t h[8];
    uint64_t len;            /* bytes hashed so far */
    unsigned char buf[64];
    size_t   nbuf;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t n);
/* Finish and write the digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(sha256_ctx *c, char out[65]);
/* The hash of a file's bytes; returns -1 when it cannot be read. */
int  sha256_file(const char *path, char out[65]);

#endif
