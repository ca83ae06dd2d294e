/* test_sha256.c: SHA-256 against the FIPS 180-4 example vectors. */
#include "unit.h"
#include "sha256.h"

#include <string.h>

static void hex_of(const char *msg, size_t n, char out[65])
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, msg, n);
    sha256_hex(&c, out);
}

static void test_vectors(void)
{
    char h[65];
    hex_of("", 0, h);
    CHECK_STR(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    hex_of("abc", 3, h);
    CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    hex_of(two, strlen(two), h);
    CHECK_STR(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_million_a(void)
{
    sha256_ctx c;
    sha256_init(&c);
    char block[1000];
    memset(block, 'a', sizeof block);
    for (int i = 0; i < 1000; i++) sha256_update(&c, block, sizeof block);
    char h[65];
    sha256_hex(&c, h);
    CHECK_STR(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
    UNIT_RUN(test_vectors);
    UNIT_RUN(test_million_a);
    return UNIT_DONE("test_sha256");
}
