#!/bin/sh
# The enacted law on the shipped data against the figures published for the
# 2024 cycle (data/reference/): every provincial task within 40 places of the
# published one, Noord-Brabant exact, the published municipal numbers within
# 50 places, Utrecht's amv part exact.  The differences come from the SES-WOA
# estimate (data/README.md); the official CBS table should close them.
# Usage: reference-2024.sh VERDEEL   (prints the comparison; exit 1 on a miss)
set -eu
bin=${1:?usage: reference-2024.sh VERDEEL}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$bin run "$root/rules/spreidingswet-2024.vdl" --format csv --level provincie > "$tmp/prov.csv"
$bin run "$root/rules/spreidingswet-2024.vdl" --format csv --level gemeente > "$tmp/gem.csv"

# provinces-2024.csv: province_code,province,opgave_2024,... (names have no commas)
awk -F, '
    FNR == 1 { next }
    FILENAME ~ /prov.csv$/ { ours[$1] = $2; next }
    { pub[$2] = $3; order[++m] = $2 }
    END {
        bad = 0; n = 0; sum_ours = 0; sum_pub = 0
        printf "%-14s %9s %9s %6s\n", "province", "published", "verdeel", "diff"
        for (i = 1; i <= m; i++) {
            p = order[i]; n++
            if (!(p in ours)) { printf "missing province %s\n", p; bad = 1; continue }
            d = ours[p] - pub[p]
            sum_ours += ours[p]; sum_pub += pub[p]
            printf "%-14s %9d %9d %+6d\n", p, pub[p], ours[p], d
            if (d > 40 || d < -40) { printf "  more than 40 places off\n"; bad = 1 }
            if (p == "Noord-Brabant" && d != 0) { printf "  Noord-Brabant should be exact\n"; bad = 1 }
        }
        printf "%-14s %9d %9d %+6d\n", "total", sum_pub, sum_ours, sum_ours - sum_pub
        if (n != 12) { printf "expected 12 provinces, read %d\n", n; bad = 1 }
        exit bad
    }' "$tmp/prov.csv" "$root/data/reference/provinces-2024.csv"

awk -F, '
    FNR == 1 { next }
    FILENAME ~ /gem.csv$/ { ind[$1] = $(NF-1); amv[$1] = $NF; next }
    {
        code = $1; d = ind[code] - $3
        printf "%-8s %9d %9d %+6d\n", code, $3, ind[code], d
        if (!(code in ind) || d > 50 || d < -50) { printf "  more than 50 places off\n"; bad = 1 }
        if ($4 != "" && amv[code] != $4) { printf "  amv %d, published %d\n", amv[code], $4; bad = 1 }
    }
    END { exit bad }' "$tmp/gem.csv" "$root/data/reference/municipalities-2024.csv"
