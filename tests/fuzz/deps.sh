#!/bin/sh
# deps.sh: install what the fuzz harnesses need (clang with its libFuzzer
# and sanitizer runtimes, and the build's flex and bison), on Debian or
# Ubuntu.  Idempotent: does nothing when a fuzzer links already.
set -e
CC=${FUZZ_CC:-clang}
need=""
command -v flex  >/dev/null 2>&1 || need="$need flex"
command -v bison >/dev/null 2>&1 || need="$need bison"
links() {
    command -v "$CC" >/dev/null 2>&1 || return 1
    t=$(mktemp -d "${TMPDIR:-/tmp}/verdeel-fuzz-deps.XXXXXX") || return 1
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' >"$t/t.c"
    "$CC" -fsanitize=fuzzer,address,undefined -o "$t/t" "$t/t.c" >/dev/null 2>&1
    rc=$?
    rm -rf "$t"
    return $rc
}
links || need="$need clang libclang-rt-14-dev"
if [ -n "$need" ]; then
    # shellcheck disable=SC2086
    sh "$(dirname "$0")/../../tools/deps.sh" --install $need
    links || { echo "deps.sh: '$CC -fsanitize=fuzzer,address,undefined' still does not link" >&2; exit 1; }
else
    echo "fuzz dependencies are installed"
fi
