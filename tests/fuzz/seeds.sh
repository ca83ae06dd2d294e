#!/bin/sh
# seeds.sh: (re)build the seed files of the fuzz corpora from the
# repository's own inputs.  Run from the top of the repository:
#     sh tests/fuzz/seeds.sh
# Only files named seed-* are replaced; crash-* reproducers and anything
# else in a corpus folder are kept.  Identical seeds are stored once.
#
#   corpus/fuzz_run      every .vdl in rules/ and examples/, and the
#                        `%% file *.vdl` sections of tests/golden/**/*.test
#                        except those of tests that expect a rule-file error
#                        (`%% exit 65`): they never get past compiling
#   corpus/fuzz_rules    the `%% file *.vdl` sections of those tests.  The
#                        rules harness reads corpus/fuzz_run too (see
#                        fuzz.mk), so every rule file is stored once.
#   corpus/fuzz_csv      every .csv under data/ up to 64 KiB (its first 50
#                        lines), and every `%% file *.csv` section of the tests
#   corpus/fuzz_options  argument lists written here by hand (NUL-separated)
#   corpus/fuzz_geojson  every `%% file *.geojson` section of the tests, small
#                        boundaries files written here by hand (valid and
#                        not), and two real areas cut from
#                        data/gemeenten-2025.geojson (one Polygon, one
#                        MultiPolygon)
# (Not corpus/run: the top-level .gitignore ignores every path named "run".)
set -eu
ROOT=$(pwd)
C=$ROOT/tests/fuzz/corpus
[ -d "$ROOT/tests/golden" ] || { echo "seeds.sh: run me from the top of the repository" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/verdeel-seeds.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
export LC_ALL=C

for h in fuzz_rules fuzz_run fuzz_csv fuzz_options fuzz_geojson; do
    mkdir -p "$C/$h"
    find "$C/$h" -maxdepth 1 -type f -name 'seed-*' -exec rm -f {} +
done

# add CORPUS NAME FILE: store FILE as seed-NAME unless the corpus has it.
add() {
    sum=$(cksum <"$3" | tr ' ' '-')
    case " $(cat "$TMP/sums.$1" 2>/dev/null) " in *" $sum "*) return 0 ;; esac
    echo "$sum" >>"$TMP/sums.$1"
    cp "$3" "$C/$1/seed-$(printf '%s' "$2" | tr -c 'A-Za-z0-9._-' '_')"
}

# The `%% file NAME [hex|crlf|nofinalnewline]` sections of one golden test
# whose NAME ends in $2, written into folder $3 as files 1, 2, ... with the
# section's name in NAME.n (the same decoding as tests/run.sh).
EXTRACT_AWK='
function endsec(   i, n, chunk) {
    if (dest == "") return
    if (hex) {
        print "printf \"\" >\047" dest "\047"
        n = length(hexbuf); chunk = ""
        for (i = 1; i < n; i += 2) {
            chunk = chunk sprintf("\\%03o", hv[substr(hexbuf, i, 1)] * 16 + hv[substr(hexbuf, i + 1, 1)])
            if (i % 128 == 127 || i + 2 >= n) { print "printf \047" chunk "\047 >>\047" dest "\047"; chunk = "" }
        }
    } else {
        if (npend) printf "%s%s", pend, (nofinal ? "" : term) > dest
        close(dest)
    }
    dest = ""
}
BEGIN { for (i = 0; i < 16; i++) { hv[sprintf("%x", i)] = i; hv[sprintf("%X", i)] = i }; k = 0 }
/^%% / {
    endsec()
    if ($2 == "file" && NF >= 3 && substr($3, length($3) - length(EXT) + 1) == EXT) {
        hex = crlf = nofinal = 0
        for (i = 4; i <= NF; i++) {
            if ($i == "hex") hex = 1; else if ($i == "crlf") crlf = 1; else if ($i == "nofinalnewline") nofinal = 1
        }
        term = crlf ? "\r\n" : "\n"
        k++; dest = OUT "/" k; npend = 0; hexbuf = ""
        print $3 > (dest ".n"); close(dest ".n")
        if (!hex) printf "" > dest
    }
    next
}
dest == "" { next }
hex { line = $0; gsub(/[ \t\r]/, "", line); hexbuf = hexbuf line; next }
{ if (npend) printf "%s%s", pend, term > dest; pend = $0; npend = 1 }
END { endsec() }'

extract() {   # extract TEST EXT OUTDIR
    rm -rf "$3"; mkdir -p "$3"
    EXT=$2 OUT=$3 awk -v EXT="$2" -v OUT="$3" "$EXTRACT_AWK" "$1" >"$3.sh"
    sh "$3.sh"
}

# ---------------------------------------------------------------- rule files
for f in "$ROOT"/rules/*.vdl "$ROOT"/examples/*.vdl; do
    [ -f "$f" ] || continue
    rel=${f#"$ROOT"/}
    add fuzz_run "$rel" "$f"
done

find "$ROOT/tests/golden" -type f -name '*.test' | sort >"$TMP/tests"
while IFS= read -r t; do
    rel=${t#"$ROOT"/tests/golden/}
    rel=${rel%.test}
    extract "$t" .vdl "$TMP/x"
    wants_rules_error=0
    grep -q '^%% exit 65[[:space:]]*$' "$t" && wants_rules_error=1
    for n in "$TMP"/x/*.n; do
        [ -f "$n" ] || continue
        f=${n%.n}
        name="golden-$rel-$(cat "$n")"
        if [ "$wants_rules_error" = 1 ]; then add fuzz_rules "$name" "$f"; else add fuzz_run "$name" "$f"; fi
    done
    extract "$t" .csv "$TMP/x"
    for n in "$TMP"/x/*.n; do
        [ -f "$n" ] || continue
        add fuzz_csv "golden-$rel-$(cat "$n")" "${n%.n}"
    done
    extract "$t" .geojson "$TMP/x"
    for n in "$TMP"/x/*.n; do
        [ -f "$n" ] || continue
        add fuzz_geojson "golden-$rel-$(cat "$n")" "${n%.n}"
    done
done <"$TMP/tests"

# ---------------------------------------------------------------- tables
find "$ROOT/data" -type f -name '*.csv' | sort >"$TMP/csvs"
while IFS= read -r f; do
    [ "$(wc -c <"$f")" -le 65536 ] || continue
    head -n 50 "$f" >"$TMP/head.csv"
    add fuzz_csv "${f#"$ROOT"/}" "$TMP/head.csv"
done <"$TMP/csvs"

# ---------------------------------------------------------------- options
# One argument list per line, arguments separated by '|', written with the
# '|' turned into NUL bytes (the harness splits its input on NUL).
while IFS='	' read -r name args; do
    [ -n "$name" ] || continue
    printf '%s' "$args" | tr '|' '\000' >"$TMP/opt"
    add fuzz_options "$name" "$TMP/opt"
done <<'LISTS'
run-plain	rules.vdl
run-every-option	rules.vdl|--data|d.csv|--data|ses=s.csv|--date|2024-02-01|--set|BO=90000|--format|csv|--level|provincie|--output|out.csv|--phase|fase1
run-equals-forms	--data=d.csv|--date=2026-02-01|--set=BO=1|--format=json|--level=all|-o|x.json|--phase=p|rules.vdl
run-dashdash	--format|md|--|-rules.vdl
run-stdin	-|--output|-
run-formats	rules.vdl|--format|text|--format|md|--format|bad
run-data-twice	rules.vdl|--data|a.csv|--data|b.csv
run-bad-data	rules.vdl|--data|=x.csv|--data|ds=
run-bad-set	rules.vdl|--set|BO|--set|=1|--set|BO=
run-missing-value	rules.vdl|--date
run-unknown	rules.vdl|--verbose|-x|--data-file=x
compare-every-option	a.vdl|b.vdl|--data|d.csv|--date|2024-02-01|--set|X=1|--format|csv|-o|out.csv|--b-data|ses=e.csv|--b-date|2026-02-01|--b-set|Y=2|--map|a=b|--top|5|--summary
compare-top-bounds	a.vdl|--top|0|--top|1000|--top|1001|--top|12x|--top|-3
compare-map	a.vdl|--map|x=y|--map|=y|--map|x=|--map|noequals
compare-three-files	a.vdl|b.vdl|c.vdl
explain-every-option	rules.vdl|--entity|GM0363|--output|indicatief|--why-not|eis|--data|d.csv|--date|2024-02-01|--set|BO=1|--format|json|--output-file|x.json
explain-equals-forms	--entity=1|--output=naam|--why-not=x|-o|-|rules.vdl
diff-every-option	old.vdl|new.vdl|--git|HEAD~1|--data|d.csv|--date|2024-02-01|--set|BO=1|--format|md|-o|diff.md
diff-git-only	rules.vdl|--git=main
check-plain	rules.vdl
check-option	rules.vdl|--format|csv
no-arguments	
LISTS

# ---------------------------------------------------------------- boundaries
# One file per line, written as is (name, a tab, the text).
while IFS='	' read -r name text; do
    [ -n "$name" ] || continue
    printf '%s\n' "$text" >"$TMP/geo"
    add fuzz_geojson "$name.geojson" "$TMP/geo"
done <<'GEOJSON'
polygon	{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"GM01","name":"Noord"},"geometry":{"type":"Polygon","coordinates":[[[5.0,52.1],[5.1,52.1],[5.1,52.2],[5.0,52.2],[5.0,52.1]]]}}]}
multipolygon-hole	{"type":"FeatureCollection","features":[{"type":"Feature","id":"GM03","properties":{"code":"GM03"},"geometry":{"type":"MultiPolygon","coordinates":[[[[5.0,52.0],[5.1,52.0],[5.1,52.1],[5.0,52.1],[5.0,52.0]],[[5.03,52.03],[5.07,52.03],[5.07,52.07],[5.03,52.07],[5.03,52.03]]],[[[5.25,52.0],[5.27,52.0],[5.27,52.02],[5.25,52.0]]]]}}]}
every-member	{"bbox":[4,51,6,53],"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[{"id":7,"type":"Feature","bbox":[5,52,5.1,52.1],"properties":{"code":"GM05","naam":"Z\u00fcid \ud83d\ude00 \"q\" \/ \\","inwoners":-1.5e-3,"x":{"a":[1,2.0,true,false,null]},"n":null},"geometry":{"coordinates":[[[5.0,52.0,1.5],[5.1,52.0,0],[5.1,52.1,-2E+2],[5.0,52.0,1.5]]],"type":"Polygon"}},{"type":"Feature","id":"GM06","properties":null,"geometry":{"type":"Polygon","coordinates":[[[5.2,52.0],[5.3,52.0],[5.3,52.1],[5.2,52.0]]]}}]}
speck	{"type":"FeatureCollection","features":[{"type":"Feature","id":"GM01","geometry":{"type":"Polygon","coordinates":[[[5.0,52.0],[5.0,52.0],[5.0,52.0],[5.0,52.0]]]}},{"type":"Feature","id":"GM02","geometry":{"type":"Polygon","coordinates":[[[3.0,50.0],[7.0,50.0],[7.0,54.0],[3.0,50.0]]]}}]}
whole-earth	{"type":"FeatureCollection","features":[{"type":"Feature","id":"GM01","geometry":{"type":"Polygon","coordinates":[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]}},{"type":"Feature","id":"GM02","geometry":{"type":"Polygon","coordinates":[[[-174.6,-52.2],[-174.6,-52.1],[-174.7,-52.1],[-174.6,-52.2]]]}}]}
key-twice	{"type":"FeatureCollection","features":[{"type":"Feature","id":"GM01","geometry":{"type":"Polygon","coordinates":[[[5,52],[6,52],[6,53],[5,52]]]}},{"type":"Feature","properties":{"code":"GM01"},"geometry":{"type":"Polygon","coordinates":[[[6,52],[7,52],[7,53],[6,52]]]}}]}
no-key	{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":[[[5,52],[6,52],[6,53],[5,52]]]}}]}
bad-trailing-comma	{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Polygon","coordinates":[[[5,52],[6,52],[6,53],[5,52],]]}}]}
bad-leading-zero	{"type":"FeatureCollection","features":[{"type":"Feature","id":01,"geometry":null}]}
bad-lone-surrogate	{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"\udc00"},"geometry":{"type":"Polygon","coordinates":[[[5,52],[6,52],[6,53],[5,52]]]}}]}
bad-point	{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[5,52]}}]}
bad-short-ring	{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Polygon","coordinates":[[[5,52],[6,52],[5,52]]]}}]}
bad-lat-lon	{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Polygon","coordinates":[[[155000,463000],[156000,463000],[156000,464000],[155000,463000]]]}}]}
bad-uneven	{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"MultiPolygon","coordinates":[[[[5,52],[6,52],[6,53],[5,52]]],[[5,52],[6,52],[6,53],[5,52]]]}}]}
bad-deep	{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"properties":{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}]}
bad-twice	{"type":"FeatureCollection","features":[],"type":"FeatureCollection"}
bad-empty	{"type":"FeatureCollection","features":[]}
bad-after	{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Polygon","coordinates":[[[5,52],[6,52],[6,53],[5,52]]]}}]} {}
bad-not-an-object	[1,2,3]
GEOJSON
# Bytes that a line above cannot hold: a byte-order mark, a control
# character, invalid UTF-8, a file cut short.
printf '\357\273\277{"type":"FeatureCollection","features":[{"type":"Feature","id":"GM01","geometry":{"type":"Polygon","coordinates":[[[5,52],[6,52],[6,53],[5,52]]]}}]}\r\n' >"$TMP/geo"
add fuzz_geojson bom-crlf.geojson "$TMP/geo"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"a\tb"},"geometry":null}]}' >"$TMP/geo"
add fuzz_geojson bad-control.geojson "$TMP/geo"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"\300\257 \355\240\200"},"geometry":null}]}' >"$TMP/geo"
add fuzz_geojson bad-utf8.geojson "$TMP/geo"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"unclosed' >"$TMP/geo"
add fuzz_geojson bad-cut.geojson "$TMP/geo"

# Two real areas: Groningen (a Polygon) and Amsterdam (a MultiPolygon), one
# feature a line (the file itself is one line of 342 features).
awk '{
    n = split($0, part, /\{"type":"Feature",/)
    for (i = 2; i <= n; i++) {
        f = part[i]
        sub(/(,|\]\}[ \t\r]*)$/, "", f)
        if (f ~ /^"id":"(GM0014|GM0363)"/) keep[++k] = "{\"type\":\"Feature\"," f
    }
    print "{\"type\":\"FeatureCollection\",\"features\":["
    for (i = 1; i <= k; i++) print keep[i] (i < k ? "," : "")
    print "]}"
}' "$ROOT/data/gemeenten-2025.geojson" >"$TMP/geo"
add fuzz_geojson data_gemeenten-2025-two-areas.geojson "$TMP/geo"

for h in fuzz_rules fuzz_run fuzz_csv fuzz_options fuzz_geojson; do
    printf '%s: %s seeds\n' "corpus/$h" "$(find "$C/$h" -maxdepth 1 -type f -name 'seed-*' | wc -l | tr -d ' ')"
done
