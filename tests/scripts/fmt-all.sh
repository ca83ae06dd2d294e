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
for f in rules/*.vdl examples/*.vdl "$tmp"/*; do
    [ -f "$f" ] || continue
    $bin check "$f" >/dev/null 2>&1 || continue     # only files that compile
    n=$((n + 1))
    if ! $bin fmt "$f" > "$tmp/once.vdl" 2> "$tmp/err"; then
        echo "fmt failed on $f:"; cat "$tmp/err"; fail=1; continue
    fi
    # format the result again, as a file in the same folder (datasets resolve alike)
    cp "$tmp/once.vdl" "$tmp/again-src.vdl"
    if ! $bin fmt "$tmp/again-src.vdl" > "$tmp/twice.vdl" 2> "$tmp/err"; then
        echo "fmt of fmt failed on $f:"; cat "$tmp/err"; fail=1; continue
    fi
    if ! cmp -s "$tmp/once.vdl" "$tmp/twice.vdl"; then
        echo "fmt is not idempotent on $f:"; diff "$tmp/once.vdl" "$tmp/twice.vdl" | head -20; fail=1
    fi
done
echo "$n rule files formatted"
[ "$n" -gt 50 ] || { echo "too few rule files found"; fail=1; }
exit $fail
