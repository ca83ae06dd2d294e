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
# (Not corpus/run: the top-level .gitignore ignores every path named "run".)
set -eu
ROOT=$(pwd)
C=$ROOT/tests/fuzz/corpus
[ -d "$ROOT/tests/golden" ] || { echo "seeds.sh: run me from the top of the repository" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/verdeel-seeds.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
export LC_ALL=C

for h in fuzz_rules fuzz_run fuzz_csv fuzz_options; do
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

for h in fuzz_rules fuzz_run fuzz_csv fuzz_options; do
    printf '%s: %s seeds\n' "corpus/$h" "$(find "$C/$h" -maxdepth 1 -type f -name 'seed-*' | wc -l | tr -d ' ')"
done
