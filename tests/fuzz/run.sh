#!/bin/sh
# run.sh: run the fuzz harnesses built in build/fuzz (fuzz.mk calls this).
#
#   sh tests/fuzz/run.sh fuzz SECONDS [HARNESS...]   fuzz each for SECONDS
#   sh tests/fuzz/run.sh replay [HARNESS...]         run the stored corpus once
#
# fuzz: the harnesses run one after another.  Each starts from a scratch
# copy of its stored corpus (build/fuzz/seeds/H, without the crash-* files,
# which would stop it at once) and writes what it finds to
# build/fuzz/new/H (kept between runs, never committed); findings (crash-,
# leak-, timeout-, oom-*) go to build/fuzz/artifacts/H/ and the log to
# build/fuzz/logs/H.log.  One line per harness: executions (libFuzzer's
# stat::number_of_executed_units) and what was found.  Exit 1 if anything
# was found.
#
# FUZZ_DIR (default build/fuzz) is where the harnesses and scratch files are.
#
# replay: every file of tests/fuzz/corpus/H is run once (crash-* files one
# by one, so each is reported); exit 1 on any crash, leak, UB or timeout.
#
# The rules harness reads corpus/fuzz_run too: those are rule files that
# compile, and are stored only once.
set -u
ROOT=$(pwd)
B=${FUZZ_DIR:-build/fuzz}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
C=$ROOT/tests/fuzz/corpus
mode=${1:-} secs=0
[ $# -gt 0 ] && shift
case $mode in
    fuzz) secs=${1:-60}; [ $# -gt 0 ] && shift
          case $secs in ''|*[!0-9]*) echo "run.sh: SECONDS must be a number, not '$secs'" >&2; exit 2 ;; esac ;;
    replay) ;;
    *) echo "usage: run.sh fuzz SECONDS [HARNESS...] | run.sh replay [HARNESS...]" >&2; exit 2 ;;
esac
harnesses=${*:-fuzz_rules fuzz_run fuzz_csv fuzz_options fuzz_geojson}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:symbolize=1}
command -v llvm-symbolizer >/dev/null 2>&1 || [ ! -x /usr/lib/llvm-14/bin/llvm-symbolizer ] ||
    export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer

# Per harness: the input cap for fuzzing (the seeds are at most ~15 KB).
max_len() {
    case $1 in
        fuzz_rules) echo 16384 ;;
        fuzz_run) echo 16384 ;;
        fuzz_csv) echo 4096 ;;
        fuzz_options) echo 512 ;;
        fuzz_geojson) echo 8192 ;;
    esac
}
dirs_of() {
    case $1 in
        fuzz_rules) echo "$C/fuzz_rules $C/fuzz_run" ;;
        *) echo "$C/$1" ;;
    esac
}

if [ ! -d "$C/fuzz_rules" ] || [ ! -d "$C/fuzz_run" ] || [ ! -d "$C/fuzz_csv" ] || [ ! -d "$C/fuzz_options" ] ||
   [ ! -d "$C/fuzz_geojson" ]; then
    sh "$ROOT/tests/fuzz/seeds.sh" || exit 1
fi

# signature LOG: one line naming a finding: the sanitizer's kind and the
# first frame in the project's own code (not the allocation funnel).
signature() {
    if grep -q 'ERROR: LeakSanitizer' "$1"; then kind="LeakSanitizer: memory leak"
    elif grep -q 'runtime error: ' "$1"; then kind="UBSan: $(grep -m 1 -o 'runtime error: .*' "$1" | cut -c16-100)"
    else kind=$(grep -m 1 '^SUMMARY: ' "$1" | sed -E 's/^SUMMARY: ([A-Za-z]+: [A-Za-z-]+).*/\1/')
    fi
    frame=$(grep -E '^ +#[0-9]+ 0x[0-9a-f]+ in [^ ]+ '"$ROOT"'/' "$1" |
        grep -v -E '/runtime/mem\.c:|/tests/fuzz/' | head -n 1 |
        sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in ([^ ]+) ([^ ]+).*/\1 \2/' | sed "s|$ROOT/||")
    echo "${kind:-exit without a report} at ${frame:-?}"
}

# fuzz_run makes a temporary folder per process; a crash skips its cleanup.
export TMPDIR="$B/tmp"
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"

found_any=0
for h in $harnesses; do
    bin=$B/$h
    [ -x "$bin" ] || { echo "$h: not built ($bin); run 'make fuzz-build'" >&2; exit 2; }
    mkdir -p "$B/logs"
    log=$B/logs/$h.$mode.log
    if [ "$mode" = fuzz ]; then
        art=$B/artifacts/$h
        seeds=$B/seeds/$h
        new=$B/new/$h
        rm -rf "$seeds" "$art"
        mkdir -p "$seeds" "$new" "$art"
        for d in $(dirs_of "$h"); do
            find "$d" -maxdepth 1 -type f ! -name 'crash-*' -exec cp {} "$seeds/" \;
        done
        # A finding stops libFuzzer: start it again for the time left (at
        # most 20 times), so that one bug found early does not hide others.
        : >"$log"
        start=$(date +%s) left=$secs execs=0 runs=0 rc_all=0
        : >"$B/sigs.$h"
        while [ "$left" -gt 0 ] && [ "$runs" -lt 20 ]; do
            runs=$((runs + 1))
            "$bin" -max_total_time="$left" -print_final_stats=1 -max_len="$(max_len "$h")" \
                -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art/" "$new" "$seeds" >"$log.part" 2>&1
            rc=$?
            cat "$log.part" >>"$log"
            e=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log.part" | tail -n 1)
            execs=$((execs + ${e:-0}))
            [ "$rc" -eq 0 ] && break
            rc_all=$rc
            signature "$log.part" >>"$B/sigs.$h"
            left=$((secs - ($(date +%s) - start)))
        done
        rm -f "$log.part"
        finds=$(cd "$art" && ls 2>/dev/null | tr '\n' ' ')
        if [ "$rc_all" -eq 0 ] && [ -z "$finds" ]; then
            echo "$h: $execs executions in ${secs}s, nothing found"
        else
            found_any=1
            nf=$(ls "$art" | wc -l | tr -d ' ')
            echo "$h: $execs executions in ${secs}s ($runs runs), FOUND $nf artifacts in ${art#"$ROOT"/}/ (first: $(ls "$art" | head -n 1)):"
            sort "$B/sigs.$h" | uniq -c | sort -rn | sed 's/^ */    /'
            echo "    log: ${log#"$ROOT"/}"
        fi
    else
        : >"$log"
        bad=0 n=0
        for d in $(dirs_of "$h"); do
            for f in "$d"/crash-*; do
                [ -f "$f" ] || continue
                n=$((n + 1))
                if ! "$bin" -timeout=10 -rss_limit_mb=2048 "$f" >>"$log" 2>&1; then
                    bad=$((bad + 1))
                    echo "$h: FAILS on ${f#"$ROOT"/}"
                fi
            done
        done
        find $(dirs_of "$h") -maxdepth 1 -type f ! -name 'crash-*' | sort >"$B/replay.list"
        m=$(wc -l <"$B/replay.list" | tr -d ' ')
        n=$((n + m))
        if [ "$m" -gt 0 ]; then
            # in chunks, to stay under the argument-list limit
            split -l 200 "$B/replay.list" "$B/replay.chunk."
            for chunk in "$B"/replay.chunk.*; do
                # shellcheck disable=SC2046
                if ! "$bin" -timeout=10 -rss_limit_mb=2048 $(cat "$chunk") >>"$log" 2>&1; then
                    bad=$((bad + 1))
                    echo "$h: FAILS on $(sed -n 's/^Running: //p' "$log" | tail -n 1 | sed "s|^$ROOT/||")"
                fi
            done
            rm -f "$B"/replay.chunk.* "$B/replay.list"
        fi
        if [ "$bad" -eq 0 ]; then
            echo "$h: $n inputs replayed, all ok"
        else
            found_any=1
            echo "$h: $n inputs replayed, $bad failing"
            what=$(grep -m 1 -E '^SUMMARY: |ERROR: libFuzzer: |runtime error: ' "$log")
            echo "    ${what:-see the log}"
            echo "    log: ${log#"$ROOT"/}"
        fi
    fi
done
rm -rf "$TMPDIR"
exit $found_any
