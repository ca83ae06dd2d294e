#!/bin/sh
# A sweep gives the same bytes on 1 thread and on 3, and every scenario's
# row is what `verdeel run` gives for that scenario.
# Usage: sweep.sh VERDEEL
set -eu
bin=${1:?usage: sweep.sh VERDEEL}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
law="$root/rules/spreidingswet-2024.vdl"
$bin sweep "$law" --vary BO=60000..61000:97 --show opgave@Utrecht --show afrondingsverschil -j 1 > "$tmp/j1"
$bin sweep "$law" --vary BO=60000..61000:97 --show opgave@Utrecht --show afrondingsverschil -j 3 > "$tmp/j3"
cmp "$tmp/j1" "$tmp/j3" || { echo "-j 1 and -j 3 differ"; diff "$tmp/j1" "$tmp/j3" | head; exit 1; }
[ "$(wc -l < "$tmp/j1")" -eq 12 ] || { echo "expected 11 scenarios"; cat "$tmp/j1"; exit 1; }
# three scenarios against single runs
for bo in 60000 60485 60970; do
    row=$(grep "^$bo," "$tmp/j1")
    u=$($bin run "$law" --set BO=$bo --level provincie --format csv | awk -F, '$1 == "Utrecht" { print $2 }')
    a=$($bin run "$law" --set BO=$bo --level all --format csv | awk -F, '$1 == "afrondingsverschil" { print $2 }')
    [ "$row" = "$bo,$u,$a" ] || { echo "scenario $bo: sweep '$row', run '$bo,$u,$a'"; exit 1; }
done
echo ok
