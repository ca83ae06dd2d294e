#!/bin/sh
# --max-memory: a run past the limit ends as out of memory (status 71) and
# leaves no output file.  Skipped under sanitizers and valgrind, which
# reserve memory of their own that an address-space limit would cut.
# Usage: limits.sh VERDEEL
set -u
bin=${1:?usage: limits.sh VERDEEL}
case "$bin" in *valgrind*|*/san/*) echo "skipped under $bin"; exit 0 ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$bin run "$root/rules/spreidingswet-2024.vdl" --max-memory 1 -o "$tmp/out.csv" 2> "$tmp/err"
rc=$?
[ "$rc" -eq 71 ] || { echo "exit $rc, expected 71"; cat "$tmp/err"; exit 1; }
grep -q "out of memory" "$tmp/err" || { echo "no out-of-memory message"; cat "$tmp/err"; exit 1; }
[ ! -e "$tmp/out.csv" ] || { echo "an output file was left"; exit 1; }
[ -z "$(ls -A "$tmp" | grep -v err)" ] || { echo "a temporary file was left:"; ls -A "$tmp"; exit 1; }
# a generous limit changes nothing
$bin run "$root/rules/spreidingswet-2024.vdl" --max-memory 4000 --phase raming --level provincie --format csv > "$tmp/big" \
    || { echo "failed with 4000 MB"; exit 1; }
grep -q '^Noord-Brabant,14689,' "$tmp/big" || { echo "wrong result under the limit"; exit 1; }
# without --max-memory the default is the physical memory: seen in
# /proc/PID/limits while the run waits for its table on a FIFO
if [ -r /proc/self/limits ] && [ "$(ulimit -v)" = unlimited ]; then
    mkfifo "$tmp/fifo"
    $bin run "$root/rules/spreidingswet-2024.vdl" --data "$tmp/fifo" --phase raming --level provincie > "$tmp/fifo.out" 2>&1 &
    pid=$!
    lim=unlimited n=0
    while [ "$lim" = unlimited ] && [ "$n" -lt 50 ]; do
        lim=$(awk '/^Max address space/ { print $4 }' "/proc/$pid/limits" 2>/dev/null || echo gone)
        [ -n "$lim" ] || lim=unlimited
        n=$((n + 1)); sleep 0.1
    done
    cat "$root/data/gemeenten.csv" > "$tmp/fifo"
    wait "$pid" || { echo "the run on a FIFO failed"; cat "$tmp/fifo.out"; exit 1; }
    phys=$(awk '/^MemTotal:/ { printf "%.0f\n", $2 * 1024 }' /proc/meminfo)
    [ "$lim" = "$phys" ] || { echo "default address-space limit $lim, expected the physical memory $phys"; exit 1; }
fi
echo ok
