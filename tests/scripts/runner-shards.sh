#!/bin/sh
# tests/run.sh -j: the shards together run every test once, a failure in
# any shard is printed and counted, and the summary adds up.
# Usage: runner-shards.sh VERDEEL
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1##* }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=1
while [ "$i" -le 5 ]; do
    printf '%%%% args\n--version\n%%%% stdout\n%s\n' "$("$bin" --version)" >"$tmp/ok$i.test"
    i=$((i + 1))
done
printf '%%%% args\n--version\n%%%% stdout\nnot the version\n' >"$tmp/bad.test"
VERDEEL_IN_SCRIPT=1 GOLDEN_DIR=$tmp sh "$root/tests/run.sh" -j 3 --bin "$bin" >"$tmp/out" 2>&1 && { echo "a failing shard went unnoticed"; cat "$tmp/out"; exit 1; }
[ "$(tail -n 1 "$tmp/out")" = "5 passed, 1 failed" ] || { echo "wrong summary:"; cat "$tmp/out"; exit 1; }
grep -q "^FAIL $tmp/bad.test\$" "$tmp/out" || { echo "the failure is not shown:"; cat "$tmp/out"; exit 1; }
VERDEEL_IN_SCRIPT=1 GOLDEN_DIR=$tmp sh "$root/tests/run.sh" -j 4 --bin "$bin" ok >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
[ "$(tail -n 1 "$tmp/out")" = "5 passed, 0 failed" ] || { echo "wrong summary with a filter:"; cat "$tmp/out"; exit 1; }
echo ok
