#!/bin/sh
# verdeel fmt on every rule file there is: the shipped laws and examples are
# formatted already (fmt --check), and every rule file that compiles (the
# laws, the examples, and the rule files inside the golden tests) formats to
# text that means the same (fmt compiles and compares it, and fails if not)
# and formats again to itself (idempotent).
# Usage: fmt-all.sh VERDEEL
set -u
bin=${1:?usage: fmt-all.sh VERDEEL}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
fail=0

if ! $bin fmt --check rules/*.vdl examples/largest-remainder.vdl; then
    echo "shipped rule files are not formatted (run: verdeel fmt -w rules/*.vdl examples/largest-remainder.vdl)"
    fail=1
fi

# the rule files of the golden tests, one per file
n=0
for t in tests/golden/*/*.test; do
    awk -v dir="$tmp" -v base="$(basename "$t" .test)" '
        /^%% file [^ ]*\.vdl/ { name = base "--" $3; gsub(/\//, "_", name); f = dir "/" name; next }
        /^%% / { f = ""; next }
        f != "" { print > f }
    ' "$t"
done
# Which files compile is asked of the plain binary (the last word of $bin):
# under a wrapper such as valgrind, what is tested is fmt, and one process
# formats them all.
plain=${bin##* }
mkdir "$tmp/once" "$tmp/twice"
for f in rules/*.vdl examples/*.vdl "$tmp"/*; do
    [ -f "$f" ] || continue
    $plain check "$f" >/dev/null 2>&1 || continue     # only files that compile
    n=$((n + 1))
    cp "$f" "$tmp/once/$(printf '%04d' $n)-$(basename "$f")"
done
# format them all in place (fmt compiles the result and refuses a change of
# meaning), then format the results again: nothing may change (idempotent);
# in the same folder, so that datasets resolve alike
for d in once twice; do
    set -- "$tmp/$d"/*.vdl
    while [ $# -gt 0 ]; do
        batch=""
        k=0
        while [ $# -gt 0 ] && [ $k -lt 200 ]; do batch="$batch $1"; shift; k=$((k + 1)); done
        if [ "$d" = once ]; then
            # shellcheck disable=SC2086
            $bin fmt -w $batch 2> "$tmp/err" || { echo "fmt failed:"; cat "$tmp/err"; fail=1; }
        else
            # shellcheck disable=SC2086
            $bin fmt --check $batch > "$tmp/notidem" 2> "$tmp/err" ||
                { echo "fmt is not idempotent on:"; cat "$tmp/notidem" "$tmp/err"; fail=1; }
        fi
    done
    [ "$d" = once ] && cp "$tmp/once"/*.vdl "$tmp/twice/"
done
echo "$n rule files formatted"
[ "$n" -gt 50 ] || { echo "too few rule files found"; fail=1; }
exit $fail
