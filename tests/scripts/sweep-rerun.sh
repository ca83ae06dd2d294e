#!/bin/sh
# A sweep computes again only what a varied parameter reaches and keeps
# the prepared weights of an apportion whose weights it does not reach.
# This law has both kinds of every apportion (weights fixed or varied,
# with and without `where`, within groups, all four methods), sums that
# are whole and that are fractions, and a total that is not varied; of its
# 20 scenarios, 8 (the corners and two inside; the rest differ only in
# their values) must give, for every value, what `verdeel run` gives with
# the same settings.  Then a scenario that fails: the error names it,
# and nothing is written.
# Usage: sweep-rerun.sh VERDEEL
set -eu
bin=${1:?usage: sweep-rerun.sh VERDEEL}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/law.vdl" <<'LAW'
law "rerun" valid from 2024-01-01
dataset g from "d.csv" key code {
    code text
    grp text group grp
    pop integer persons
    score decimal
}
param BO : places = 100  [t]
param f = 1  [t]
param vast : places = 7  [t]
rule w1 = (score + 1) * pop  [a]
rule w2 = pop * (f + score + 1)  [a]
rule a1 : places = apportion(BO, w1, rounded_quota)  [a]
rule a2 : places = apportion(BO, w2, largest_remainder)  [a]
rule groot = pop >= 500  [a]
rule a3 : places = apportion(BO, w1, dhondt where groot within grp)  [a]
rule a4 : places = apportion(vast, w2, sainte_lague within grp)  [a]
rule a5 : places = apportion(BO, w1, largest_remainder where w2 > pop * f)  [a]
per grp {
    rule s1 : places = sum(a1)  [a]
    rule s2 = sum(a2 * f)  [a]
    rule m : places = max(a3)  [a]
    rule gem = mean(w2)  [a]
}
per all {
    rule t : places = sum(a1) - BO  [a]
    rule v4 : places = sum(a4)  [a]
    rule v5 : places = sum(a5)  [a]
    rule n3 = count(where a3 > 0)  [a]
}
output a1, a2, a3, a4, a5, s1, s2, m, gem, t, v4, v5, n3
LAW
# 60 municipalities in 5 groups, from a fixed linear congruential sequence
awk 'BEGIN { x = 7; print "code,grp,pop,score";
    for (i = 0; i < 60; i++) {
        x = (x * 1103515245 + 12345) % 2147483648; pop = x % 3001;
        x = (x * 1103515245 + 12345) % 2147483648; sc = (x % 1801) - 900;
        printf "E%02d,G%d,%d,%s%d.%03d\n", i, i % 5, pop, sc < 0 ? "-" : "", (sc < 0 ? -sc : sc) / 1000, (sc < 0 ? -sc : sc) % 1000 } }' > "$tmp/d.csv"
law="$tmp/law.vdl"
shows="--show s1@G2 --show s2@G0 --show m@G4 --show gem@G1 --show t --show v4 --show v5 --show n3"
# shellcheck disable=SC2086
$bin sweep "$law" --vary BO=0..80:20 --vary f=0..1.5:0.5 $shows > "$tmp/sweep"
# shellcheck disable=SC2086
$bin sweep "$law" --vary BO=0..80:20 --vary f=0..1.5:0.5 $shows -j 3 > "$tmp/sweep3"
cmp "$tmp/sweep" "$tmp/sweep3" || { echo "-j 1 and -j 3 differ"; exit 1; }
$bin sweep "$law" --vary BO=0..80:20 --vary f=0..1.5:0.5 --per-entity > "$tmp/entities"
[ "$(wc -l < "$tmp/sweep")" -eq 21 ] || { echo "expected 20 scenarios"; cat "$tmp/sweep"; exit 1; }
n=0
# one run per scenario (all its tables), for the corners and two inside
for sc in 0:0.0 0:1.5 20:0.5 40:0.0 60:1.0 80:0.0 80:1.5 40:1.5; do
    bo=${sc%:*} f=${sc#*:}
    $bin run "$law" --set BO=$bo --set f=$f --format csv > "$tmp/run"
    # the tables: entities, then groups, then the one-value rules
    awk -v d="$tmp" 'BEGIN { t = 0 } /^$/ { t++; next } { print > (d "/t" t) }' "$tmp/run"
    g() { awk -F, -v k="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) col = i } $1 == k { print $col }' "$tmp/t1"; }
    a() { awk -F, -v k="$1" '$1 == k { print $2 }' "$tmp/t2"; }
    want="$bo,$f,$(g G2 s1),$(g G0 s2),$(g G4 m),$(g G1 gem),$(a t),$(a v4),$(a v5),$(a n3)"
    got=$(awk -F, -v b="$bo" -v f="$f" '$1 == b && $2 == f' "$tmp/sweep")
    [ "$got" = "$want" ] || { echo "BO=$bo f=$f: sweep '$got', run '$want'"; exit 1; }
    sed 1d "$tmp/t0" | sed "s/^/$bo,$f,/" > "$tmp/ent_want"
    awk -F, -v b="$bo" -v f="$f" '$1 == b && $2 == f' "$tmp/entities" > "$tmp/ent_got"
    cmp "$tmp/ent_want" "$tmp/ent_got" || { echo "BO=$bo f=$f: per entity"; diff "$tmp/ent_want" "$tmp/ent_got" | head; exit 1; }
    n=$((n + 1))
done
[ $n -eq 8 ] || { echo "compared $n scenarios"; exit 1; }
# the second scenario divides by f - 1 = 0; the first runs (and BO = 290
# by BO - 290)
cat > "$tmp/div.vdl" <<'LAW'
law "div" valid from 2024-01-01
dataset g from "d.csv" key code { code text  pop integer persons }
param BO : places = 1  [t]
param f = 0  [t]
per all { rule q = f / (f - 1) + f / (BO - 290) * BO  [q] }
output q
LAW
rc=0
$bin sweep "$tmp/div.vdl" --vary BO=1..2:1 --vary f=0..2:1 -o "$tmp/out.csv" 2> "$tmp/err" || rc=$?
[ $rc -eq 70 ] || { echo "a failing scenario: exit $rc"; cat "$tmp/err"; exit 1; }
[ "$(cat "$tmp/err")" = "verdeel: error: scenario 2 (BO=1, f=1): division by zero in rule 'q'" ] || { cat "$tmp/err"; exit 1; }
[ ! -e "$tmp/out.csv" ] || { echo "a failed sweep wrote its output"; exit 1; }
# negative values, whole and decimal, as varied and as results
$bin sweep "$tmp/div.vdl" --vary BO=-2..-1:1 --vary f=-0.5..2:2.5 > "$tmp/neg.csv"
printf 'BO,f,q\n-2,-0.5,0.329909\n-2,2.0,2.013699\n-1,-0.5,0.331615\n-1,2.0,2.006873\n' | cmp - "$tmp/neg.csv" ||
    { echo "negative values:"; cat "$tmp/neg.csv"; exit 1; }
# on standard output, the rows go out as they come: a failure at BO=290
# leaves the first block's 256 rows (and the header) written, not the
# rows after them; with -j 2 the same
for j in 1 2; do
    rc=0
    $bin sweep "$tmp/div.vdl" --vary BO=1..400:1 --vary f=2..2:1 -j $j > "$tmp/part.csv" 2> "$tmp/err" || rc=$?
    [ $rc -eq 70 ] || { echo "-j $j: exit $rc"; exit 1; }
    [ "$(wc -l < "$tmp/part.csv")" -eq 257 ] && [ "$(sed -n 257p "$tmp/part.csv")" = "256,2,-13.058824" ] ||
        { echo "-j $j: $(wc -l < "$tmp/part.csv") lines written"; exit 1; }
done
echo ok
