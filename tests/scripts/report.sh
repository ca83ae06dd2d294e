#!/bin/sh
# The HTML report of the enacted law on the shipped data: its structure.
# The map has one path per municipality, 342, each with its GM code, the
# codes of data/gemeenten.csv; the legend's classes are those of the paths
# and count all 342; the totals are those of `verdeel run`; the page is
# self-contained (nothing loaded from anywhere: no src, no link, no
# import, no external url) and the same bytes on a second run; --compare
# adds a diverging map of the 342 and the movers; an error leaves no file.
# Usage: report.sh VERDEEL
set -u
bin=${1:?usage: report.sh VERDEEL}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
fail=0
bad() { echo "report.sh: $*"; fail=1; }

$bin report rules/spreidingswet-2024.vdl -o "$tmp/r.html" || { echo "report failed"; exit 1; }
$bin report rules/spreidingswet-2024.vdl -o "$tmp/r2.html" || exit 1
cmp -s "$tmp/r.html" "$tmp/r2.html" || bad "two runs give different files"

# the map: the <svg id="map-a"> element, one line per path
sed -n '/<svg [^>]*id="map-a"/,/<\/svg>/p' "$tmp/r.html" > "$tmp/map"
grep -o '<path data-code="[^"]*"' "$tmp/map" | sed 's/.*="//; s/"$//' | sort > "$tmp/codes"
awk -F, 'NR > 1 { print $1 }' data/gemeenten.csv | sort > "$tmp/want"
n=$(wc -l < "$tmp/codes")
[ "$n" -eq 342 ] || bad "the map has $n paths, not 342"
[ -z "$(uniq -d "$tmp/codes")" ] || bad "a code has two paths: $(uniq -d "$tmp/codes" | head -n 3)"
cmp -s "$tmp/codes" "$tmp/want" || bad "the map's codes are not those of data/gemeenten.csv"
grep -q '<path data-code="GM0363" data-class="[0-9]" fill="#[0-9a-f]\{6\}" d="M[0-9.]* [0-9.]*l' "$tmp/map" ||
    bad "Amsterdam (GM0363) is not a coloured path"

# the legend: its classes are the paths' classes, and count them
awk '
    /<path data-code=/ { match($0, /data-class="[^"]*"/); c = substr($0, RSTART + 12, RLENGTH - 13); paths[c]++ }
    /<rect data-class=/ {
        match($0, /data-class="[^"]*"/); c = substr($0, RSTART + 12, RLENGTH - 13)
        match($0, /\([0-9]+\)<\/text>/); n = substr($0, RSTART + 1, RLENGTH - 9) + 0
        legend[c] = n; classes++; total += n
    }
    END {
        bad = 0
        for (c in paths) if (!(c in legend) || legend[c] != paths[c]) { printf "class %s: %d paths, legend says %s\n", c, paths[c], legend[c]; bad = 1 }
        for (c in legend) if (legend[c] != paths[c] + 0) { printf "legend class %s counts %d, paths %d\n", c, legend[c], paths[c]; bad = 1 }
        if (classes < 5 || classes > 7) { printf "%d legend classes, expected 5 to 7\n", classes; bad = 1 }
        if (total != 342) { printf "the legend counts %d areas\n", total; bad = 1 }
        exit bad
    }' "$tmp/map" || bad "the legend does not match the map"

# the totals: as verdeel run has them
$bin run rules/spreidingswet-2024.vdl --level gemeente --format csv > "$tmp/g.csv" || exit 1
# (a quoted name may hold a comma: "Nuenen, Gerwen en Nederwetten")
want=$(awk '
    { line = $0; out = ""; q = 0
      for (i = 1; i <= length(line); i++) { ch = substr(line, i, 1); if (ch == "\"") q = !q; else if (ch == "," && !q) ch = "\t"; out = out ch }
      n = split(out, f, "\t") }
    NR == 1 { for (i = 1; i <= n; i++) if (f[i] == "indicatief") c = i; next }
    { s += f[c] }
    END { print s }' "$tmp/g.csv")
[ "$want" = 96000 ] || bad "run's indicatief adds up to $want"
grep -q "Total <b>indicatief</b>: 96,000 places for 17,811,291 inhabitants" "$tmp/r.html" || bad "no national total under the map"
got=$(awk '/<caption>per gemeente/ { t = 1 } t && /<tfoot>/ { print; exit }' "$tmp/r.html" | grep -o '<td class="num">[^<]*</td>' | sed 's/<[^>]*>//g' | tr '\n' ' ')
case " $got" in *" $want "*) ;; *) bad "the municipal table's total row lacks $want: $got" ;; esac
nbars=$(sed -n '/<svg [^>]*id="bars"/,/<\/svg>/p' "$tmp/r.html" | grep -c '<rect x="130" y="[0-9]*" width="[0-9.]*" height="11"')
[ "$nbars" -eq 24 ] || bad "the chart has $nbars bars, not 12 provinces x 2"
grep -q '<tr><td>Noord-Brabant</td><td class="num">14689</td>' "$tmp/r.html" || bad "no provincial row for Noord-Brabant"

# self-contained: nothing is fetched
if grep -n -i -E '<(img|link|iframe|object|embed)[ >]|[ "]src=|@import|url\( *["'\'']?(https?:|//)|<script[^>]*src' "$tmp/r.html" | head -n 3 | grep .; then
    bad "the page loads something"
fi
[ "$(grep -c '<script' "$tmp/r.html")" -eq 1 ] || bad "more than the one inline script"
grep -q 'href="https://wetten.overheid.nl/jci1.3:c:BWBR0049307&amp;artikel=9&amp;lid=3"' "$tmp/r.html" ||
    bad "no citation linked to wetten.overheid.nl"

# --compare: a diverging map of all 342 and the movers
$bin report rules/wetsvoorstel-2023.vdl --compare rules/vng-ipo-2023.vdl --map-output eindtaak -o "$tmp/c.html" || exit 1
nd=$(sed -n '/<svg [^>]*id="map-d"/,/<\/svg>/p' "$tmp/c.html" | grep -c '<path data-code="GM')
[ "$nd" -eq 342 ] || bad "the difference map has $nd paths"
grep -q '#542788' "$tmp/c.html" && grep -q '#b35806' "$tmp/c.html" || bad "the difference map does not diverge"
[ "$(grep -c '<h3>Largest ' "$tmp/c.html")" -eq 2 ] || bad "no movers"

# an error leaves no file behind
$bin report rules/spreidingswet-2024.vdl --map-output nope -o "$tmp/x.html" 2>/dev/null
[ $? -eq 2 ] || bad "an unknown --map-output does not exit 2"
[ -z "$(ls -A "$tmp" | grep 'x\.html')" ] || bad "a failed report left a file: $(ls -A "$tmp")"
exit $fail
