#!/bin/sh
# Equal texts have one id, also when a column no rule reads (stored
# without the intern hash) holds the same texts and the hash grows after
# it: here `naam` holds the group names, `grp` is interned after it, the
# two unique columns make the table grow before and after, and `grp2`,
# interned last, must get grp's ids (grp == grp2 in every row).
# Usage: intern.sh VERDEEL
set -eu
bin=${1:?usage: intern.sh VERDEEL}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/law.vdl" <<'LAW'
law "intern" valid from 2024-01-01
dataset g from "d.csv" key code {
    code text
    uniq text
    naam text
    grp text group grp
    uniq2 text
    grp2 text
}
per all {
    rule same = count(where grp == grp2) [t]
    rule gevuld = count(where uniq != "" and uniq2 != "") [t]
}
output same, gevuld
LAW
awk 'BEGIN { print "code,uniq,naam,grp,uniq2,grp2";
    for (i = 0; i < 600; i++) printf "E%04d,U%04d,G%d,G%d,V%04d,G%d\n", i, i, i % 3, i % 3, i, i % 3 }' > "$tmp/d.csv"
out=$($bin run "$tmp/law.vdl" --level all --format csv)
want=$(printf 'name,value\nsame,600\ngevuld,600')
[ "$out" = "$want" ] || { echo "got:"; echo "$out"; exit 1; }
echo ok
