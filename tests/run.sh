#!/bin/sh
# tests/run.sh: verdeel's test runner (POSIX sh + awk; runs under dash).
#
#   sh tests/run.sh --bin BIN [--units "U1 U2 ..."] [--wrap "CMD ..."]
#                   [--update] [-v] [-j N] [FILTER...]
#
# Runs every unit-test binary (one test each: it passes when it exits 0),
# then every golden test tests/golden/**/*.test (sorted by path; the
# environment variable GOLDEN_DIR names another directory).  FILTERs keep the
# golden tests whose path, and the unit binaries whose name, contains one of
# them.  Passing tests print nothing (unless -v); a failing one prints
# "FAIL <path>" and a unified diff.  The last line is always
# "N passed, M failed"; the exit status is 1 when M > 0 or nothing ran.
# --update rewrites the expectations of the failing golden tests from what
# the binary actually did (review the diffs first).  -j N runs the tests
# as N interleaved shards at once; the failures are printed shard by shard.
#
# A golden test file.  Lines before the first section are comments.  A
# section starts with a line beginning "%% "; its content is every line up
# to the next such line, blank lines included, each line ending in LF.
#
#   %% args                  one line: the arguments to BIN, split (with
#                            quotes) by the shell, globbing off; $ROOT is the
#                            repository root, $TMP the test's directory
#   %% file NAME [MOD]       a file created in a fresh temporary directory,
#                            the command's cwd (NAME may be sub/dir/x.csv)
#   %% stdin [MOD]           fed to stdin (otherwise stdin is /dev/null)
#   %% stdout [MOD]          expected stdout, byte-exact (absent = empty)
#   %% stderr [MOD]          expected stderr, byte-exact (absent = empty)
#   %% stdout file NAME [MOD]  expected content of file NAME written by the
#                            command (may be repeated for several files)
#   %% exit N                expected exit status (absent = 0)
#
# MOD changes how the content lines map to bytes:
#   nofinalnewline   no LF after the last line
#   crlf             every line ends in CR LF (combines with nofinalnewline)
#   root             $ROOT in the content is replaced by the repository root
#                    (for a rule file that names a library or file in the tree)
#   hex              the lines are hex byte pairs; whitespace is ignored
#
# The command runs in the temporary directory with LC_ALL=C NO_COLOR=1
# TZ=UTC, prefixed by the --wrap command.  In its stdout, stderr and output
# files the temporary directory's path is replaced by $TMP and the
# repository root by $ROOT before comparing.  Under --wrap, exit status 99
# means the wrapper (valgrind) found a memory error: the test fails.

# shellcheck disable=SC2016,SC2154 # awk programs in quotes; t_* come from meta.sh
LC_ALL=C NO_COLOR=1 TZ=UTC
export LC_ALL NO_COLOR TZ

usage() {
    echo "usage: sh tests/run.sh --bin BIN [--units \"BINS\"] [--wrap \"CMD\"] [--update] [-v] [FILTER...]" >&2
    exit 2
}

BIN='' UNITS='' WRAP='' UPDATE=0 VERBOSE=0 FILTERS='' JOBS=1 SHARD=0 NSHARD=1
ARGS0=''   # the options again, quoted, for the shards
keep() { for _a do ARGS0="$ARGS0 '$(printf '%s' "$_a" | sed "s/'/'\\\\''/g")'"; done; }
while [ $# -gt 0 ]; do
    case $1 in
        --bin)    [ $# -ge 2 ] || usage; BIN=$2; keep "$1" "$2"; shift ;;
        --units)  [ $# -ge 2 ] || usage; UNITS=$2; keep "$1" "$2"; shift ;;
        --wrap)   [ $# -ge 2 ] || usage; WRAP=$2; keep "$1" "$2"; shift ;;
        --update) UPDATE=1; keep "$1" ;;
        -v|--verbose) VERBOSE=1; keep "$1" ;;
        -j)       [ $# -ge 2 ] || usage; JOBS=$2; shift
                  case $JOBS in ''|*[!0-9]*|0) usage ;; esac ;;
        --shard)  [ $# -ge 2 ] || usage; SHARD=${2%/*}; NSHARD=${2#*/}; shift ;;
        -h|--help) usage ;;
        --)       shift; break ;;
        -*)       echo "run.sh: unknown option $1" >&2; usage ;;
        *)        break ;;
    esac
    shift
done
# What is left are the filters (kept in "$@").

# -j N: run N shards of this script at once, then add up their summaries.
if [ "$JOBS" -gt 1 ]; then
    case $0 in */*) self=$0 ;; *) self=./$0 ;; esac
    SH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/verdeel-shards.XXXXXX") || exit 2
    trap 'rm -rf "$SH_DIR"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    keep -- "$@"
    want=$*
    k=0
    while [ "$k" -lt "$JOBS" ]; do
        eval "sh \"\$self\" --shard $k/$JOBS $ARGS0" >"$SH_DIR/$k" 2>&1 &
        k=$((k + 1))
    done
    wait
    passed=0 failed=0 k=0
    while [ "$k" -lt "$JOBS" ]; do
        last=$(tail -n 1 "$SH_DIR/$k")
        case $last in
            *" passed, "*" failed")
                sed '$d' "$SH_DIR/$k"
                set -- $last
                passed=$((passed + $1)) failed=$((failed + $3)) ;;
            *)  cat "$SH_DIR/$k"; echo "FAIL shard $k/$JOBS (no summary)"
                failed=$((failed + 1)) ;;
        esac
        k=$((k + 1))
    done
    if [ $((passed + failed)) -eq 0 ]; then
        echo "run.sh: no test found${want:+ matching: $want}" >&2
        failed=1
    fi
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] || exit 1
    exit 0
fi

# mine: true for every NSHARD-th test, starting at SHARD.
idx=-1
mine() { idx=$((idx + 1)); [ $((idx % NSHARD)) -eq "$SHARD" ]; }

case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
ROOT=$(cd "$here/.." && pwd) || exit 2
ROOTP=$(cd "$ROOT" && pwd -P)
if [ -n "${GOLDEN_DIR:-}" ]; then
    GOLDEN=$GOLDEN_DIR
elif [ "$ROOT" = "$(pwd)" ]; then
    GOLDEN=tests/golden
else
    GOLDEN=$ROOT/tests/golden
fi
case $BIN in ''|/*) ;; *) BIN=$(pwd)/$BIN ;; esac

BASE=$(mktemp -d "${TMPDIR:-/tmp}/verdeel-tests.XXXXXX") || exit 2
trap 'rm -rf "$BASE"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
BASEP=$(cd "$BASE" && pwd -P)

# diff -u with readable headers when diff has --label (GNU, BusyBox).
if diff -a -u --label a --label b /dev/null /dev/null >/dev/null 2>&1; then
    showdiff() { diff -a -u --label "expected $1" --label "actual $1" "$2" "$3"; }
else
    showdiff() { echo "--- $1 (expected: -, actual: +)"; diff -u "$2" "$3"; }
fi

passed=0 failed=0

# matches NAME: true when there are no filters or NAME contains one.
matches() {
    [ -z "$FILTERS" ] && return 0
    _m=$1
    set -f; set -- $FILTERS; set +f
    for _f do
        case $_m in *"$_f"*) return 0 ;; esac
    done
    return 1
}
FILTERS=$*

# ---------------------------------------------------------------- unit tests
set -f
for u in $UNITS; do
    set +f

    matches "$u" || continue
    mine || continue
    $WRAP "$u" </dev/null >"$BASE/unit.out" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
        [ "$VERBOSE" = 1 ] && echo "ok   $u: $(tail -n 1 "$BASE/unit.out")"
    else
        failed=$((failed + 1))
        if [ -n "$WRAP" ] && [ "$rc" -eq 99 ]; then
            echo "FAIL $u (memory error under: $WRAP)"
        else
            echo "FAIL $u (exit $rc)"
        fi
        cat "$BASE/unit.out"
    fi
done
set +f

# -------------------------------------------------------------- script tests
# tests/scripts/*.sh: checks too involved for one golden file; each gets the
# command to run verdeel as its argument and passes when it exits 0.
for t in "$ROOT"/tests/scripts/*.sh; do
    [ -f "$t" ] || continue
    matches "$t" || continue
    mine || continue
    # A script may run this runner again: that run leaves the scripts out.
    [ -z "${VERDEEL_IN_SCRIPT:-}" ] || continue
    VERDEEL_IN_SCRIPT=1 sh "$t" "$WRAP $BIN" </dev/null >"$BASE/script.out" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
        [ "$VERBOSE" = 1 ] && echo "ok   ${t#"$ROOT"/}"
    else
        failed=$((failed + 1))
        echo "FAIL ${t#"$ROOT"/} (exit $rc)"
        cat "$BASE/script.out"
    fi
done

# -------------------------------------------------------------- golden tests

# Split a .test file.  Files are written into $T_W, expectations and stdin
# into $T_M; stdout is a shell script (sourced) setting t_* and decoding the
# hex sections with printf octal escapes.
PARSE_AWK='
function q(s) { gsub(/\047/, "\047\\\047\047", s); return "\047" s "\047" }
function bad(msg) { if (err == "") err = FILENAME ":" NR ": " msg }
function subvars(s,   r, i, c, n, st, m, name) {
    # $ROOT, ${ROOT}, $TMP, ${TMP} outside single quotes -> the variables
    # _vd_root, _vd_tmp (quoted, so a path with blanks stays one word)
    r = ""; st = ""; n = length(s)
    for (i = 1; i <= n; i++) {
        c = substr(s, i, 1)
        if (st == "\047") { if (c == "\047") st = ""; r = r c; continue }
        if (c == "\\") { r = r substr(s, i, 2); i++; continue }
        if (c == "\047" && st == "") { st = c; r = r c; continue }
        if (c == "\"") { st = (st == "") ? c : ""; r = r c; continue }
        if (c == "$" && match(substr(s, i), /^\$(\{ROOT\}|\{TMP\}|ROOT|TMP)/)) {
            m = substr(s, i, RLENGTH)
            if (m ~ /\}$/ || substr(s, i + RLENGTH, 1) !~ /[A-Za-z0-9_]/) {
                name = (m ~ /ROOT/) ? "_vd_root" : "_vd_tmp"
                r = r (st == "" ? "\"${" name "}\"" : "${" name "}")
                i += RLENGTH - 1
                continue
            }
        }
        r = r c
    }
    return r
}
function mods(first,   i) {
    hex = crlf = nofinal = rootsub = 0
    for (i = first; i <= NF; i++) {
        if ($i == "hex") hex = 1
        else if ($i == "crlf") crlf = 1
        else if ($i == "nofinalnewline") nofinal = 1
        else if ($i == "root") rootsub = 1
        else bad("unknown modifier \"" $i "\"")
    }
    if (hex && (crlf || nofinal)) bad("hex does not combine with other modifiers")
}
function once(k) { if (k in seen) bad("duplicate section \"" k "\""); seen[k] = 1 }
function start(path) {
    dest = path; npend = 0; hexbuf = ""
    if (!hex) printf "" > dest
}
function endsec(   i, n, chunk) {
    if (sec == "args") {
        if (nargs > 1) bad("%% args must be one line")
    } else if (dest != "" && hex) {
        if (length(hexbuf) % 2) bad("odd number of hex digits")
        print "printf \"\" >" q(dest)
        n = length(hexbuf)
        chunk = ""
        for (i = 1; i < n; i += 2) {
            chunk = chunk sprintf("\\%03o", hv[substr(hexbuf, i, 1)] * 16 + hv[substr(hexbuf, i + 1, 1)])
            if (i % 128 == 127 || i + 2 >= n) { print "printf " q(chunk) " >>" q(dest); chunk = "" }
        }
    } else if (dest != "") {
        if (npend) printf "%s%s", pend, (nofinal ? "" : term) > dest
        close(dest)
    }
    sec = ""; dest = ""
}
BEGIN {
    W = ENVIRON["T_W"]; M = ENVIRON["T_M"]
    for (i = 0; i < 16; i++) { hv[sprintf("%x", i)] = i; hv[sprintf("%X", i)] = i }
    err = ""; args = ""; nargs = 0; hasargs = 0; code = 0; stdin = 0; nof = 0
}
/^%% / {
    endsec()
    sec = $2; hex = crlf = nofinal = 0
    if (sec == "args") {
        once(sec); hasargs = 1; if (NF > 2) bad("%% args takes its arguments on the next line")
    } else if (sec == "file") {
        if (NF < 3) { bad("%% file needs a NAME"); sec = "skip"; next }
        name = $3
        if (name ~ /^\// || ("/" name "/") ~ /\/\.\.?\//) bad("bad file name \"" name "\"")
        if (name in files) bad("duplicate file \"" name "\"")
        files[name] = 1
        mods(4)
        if (err != "") { sec = "skip"; next }
        if (name ~ /\//) { d = name; sub(/\/[^\/]*$/, "", d); system("mkdir -p " q(W "/" d)) }
        start(W "/" name)
    } else if (sec == "stdin") {
        once(sec); stdin = 1; mods(3); start(M "/stdin")
    } else if (sec == "stdout" && $3 == "file") {
        if (NF < 4) { bad("%% stdout file needs a NAME"); sec = "skip"; next }
        once("stdout file " $4)
        nof++; ofile[nof] = $4; mods(5); start(M "/expf." nof)
    } else if (sec == "stdout" || sec == "stderr") {
        once(sec); mods(3); start(M "/exp." (sec == "stdout" ? "out" : "err"))
    } else if (sec == "exit") {
        once(sec)
        if (NF != 3 || $3 !~ /^[0-9]+$/ || $3 > 255) bad("%% exit needs a status 0..255")
        else code = $3 + 0
    } else {
        bad("unknown section \"" $0 "\""); sec = "skip"
    }
    term = crlf ? "\r\n" : "\n"
    next
}
sec == "" || sec == "skip" { next }
sec == "args" { if ($0 ~ /[^ \t]/) { nargs++; args = $0 } ; next }
sec == "exit" { if ($0 ~ /[^ \t]/) bad("unexpected text after %% exit"); next }
hex {
    line = $0; gsub(/[ \t\r]/, "", line)
    if (line ~ /[^0-9A-Fa-f]/) bad("not hex: " $0)
    hexbuf = hexbuf line; next
}
{
    if (npend) printf "%s%s", pend, term > dest
    pend = $0; npend = 1
    if (rootsub) gsub(/\$ROOT/, ENVIRON["T_R"], pend)
}
END {
    endsec()
    if (!hasargs && err == "") err = FILENAME ": no %% args section"
    print "t_err=" q(err)
    print "t_args=" q(subvars(args))
    print "t_exit=" code
    print "t_stdin=" stdin
    print "t_nof=" nof
    for (i = 1; i <= nof; i++) print "t_of" i "=" q(ofile[i])
}'

# Normalize the outputs: each input file has an "X" appended (so a missing
# final newline is seen); the result, without it, goes to the next path of
# $N_OUT (one per line).  Paths in $N_FROM (one per line) become $N_TO's.
NORM_AWK='
function rep(s,   k, i, r) {
    for (k = 1; k <= np; k++) {
        r = ""
        while ((i = index(s, from[k])) > 0) {
            r = r substr(s, 1, i - 1) to[k]
            s = substr(s, i + length(from[k]))
        }
        s = r s
    }
    return s
}
function flush() {
    if (out != "") { sub(/X$/, "", last); printf "%s", rep(last) > out; close(out) }
}
BEGIN {
    nout = split(ENVIRON["N_OUT"], outs, "\n")
    np = split(ENVIRON["N_FROM"], from, "\n"); split(ENVIRON["N_TO"], to, "\n")
    k = 0; out = ""
}
FNR == 1 { flush(); out = outs[++k]; last = $0; next }
{ printf "%s\n", rep(last) > out; last = $0 }
END { flush() }'

# For --update: rewrite a test file.  The first input holds "@out", "@err",
# "@f NAME" markers, each followed by an od -tx1 dump of the actual bytes;
# $U_CODE is the actual exit status.  The stdout/stderr/exit sections of the
# test file (the second input) are replaced, the rest copied as it is.
UPDATE_AWK='
function encode(k,   n, i, c, bad, cr, crlf, lines, line, nl, mod) {
    n = cnt[k]; bad = 0; cr = 0; crlf = 0
    body[k] = ""; mod = ""
    if (n == 0) { hdrmod[k] = ""; return }
    for (i = 1; i <= n; i++) {
        c = b[k, i]
        if (c == 13) { cr++; if (i < n && b[k, i + 1] == 10) crlf++; else bad = 1 }
        else if (c == 10 || c == 9) ;
        else if (c < 32 || c == 127) bad = 1
    }
    nl = 0
    for (i = 1; i <= n; i++) if (b[k, i] == 10) nl++
    if (cr && crlf != nl) bad = 1
    if (!bad) {
        line = ""
        for (i = 1; i <= n; i++) {
            c = b[k, i]
            if (c == 13) continue
            if (c == 10) {
                if (line ~ /^%% /) bad = 1
                body[k] = body[k] line "\n"; line = ""
            } else line = line chr[c]
        }
        if (b[k, n] != 10) {
            if (line ~ /^%% /) bad = 1
            body[k] = body[k] line "\n"; mod = " nofinalnewline"
        }
        if (cr) mod = " crlf" mod
    }
    if (bad) {
        body[k] = ""; mod = " hex"
        for (i = 1; i <= n; i++)
            body[k] = body[k] sprintf("%02x", b[k, i]) ((i % 16 == 0 || i == n) ? "\n" : " ")
    }
    hdrmod[k] = mod
}
function emit(k, hdr) { printf "%s%s\n%s", hdr, hdrmod[k], body[k] }
BEGIN { for (i = 1; i < 256; i++) chr[i] = sprintf("%c", i); code = ENVIRON["U_CODE"] }
NR == FNR {
    if ($1 == "@out") { key = "out"; have[key] = 1; cnt[key] = 0 }
    else if ($1 == "@err") { key = "err"; have[key] = 1; cnt[key] = 0 }
    else if ($1 == "@f") { key = "f:" $2; have[key] = 1; cnt[key] = 0 }
    else for (i = 1; i <= NF; i++) {
        v = 0
        for (j = 1; j <= 2; j++) v = v * 16 + index("0123456789abcdef", substr($i, j, 1)) - 1
        b[key, ++cnt[key]] = v
    }
    next
}
FNR == 1 { for (k in have) encode(k) }
/^%% / {
    skip = 0
    if ($2 == "stdout" && $3 == "file") {
        k = "f:" $4
        if (k in have) { emit(k, "%% stdout file " $4); skip = 1; next }
    } else if ($2 == "stdout" || $2 == "stderr") {
        k = ($2 == "stdout") ? "out" : "err"
        done[k] = 1; emit(k, "%% " $2); skip = 1; next
    } else if ($2 == "exit") {
        done["exit"] = 1; print "%% exit " code; next
    }
    print; next
}
skip { next }
{ print }
END {
    if (!done["out"] && cnt["out"] > 0) emit("out", "%% stdout")
    if (!done["err"] && cnt["err"] > 0) emit("err", "%% stderr")
    if (!done["exit"] && code != 0) print "%% exit " code
}'

if [ -d "$GOLDEN" ]; then
    find "$GOLDEN" -type f -name '*.test' | sort >"$BASE/list"
else
    : >"$BASE/list"
fi

# Longest path first, so a path that contains another is replaced whole.
N_FROM='' N_TO=''
addpath() {
    [ -n "$1" ] || return 0
    case "
$N_FROM
" in *"
$1
"*) return 0 ;; esac
    N_FROM=${N_FROM:+$N_FROM
}$1
    N_TO=${N_TO:+$N_TO
}$2
}

binok=1
if [ -s "$BASE/list" ] && ! [ -x "$BIN" ]; then
    echo "run.sh: the binary to test (--bin) \"$BIN\" is not an executable file" >&2
    binok=0
fi

n=0
while IFS= read -r t <&3; do
    matches "$t" || continue
    mine || continue
    if [ "$binok" = 0 ]; then failed=$((failed + 1)); echo "FAIL $t (no binary)"; continue; fi
    n=$((n + 1))
    T_W=$BASE/$n/w T_M=$BASE/$n/m
    mkdir -p "$T_W" "$T_M"
    t_err="awk failed"
    T_W=$T_W T_M=$T_M T_R=$ROOT awk "$PARSE_AWK" "$t" >"$T_M/meta.sh" 2>"$T_M/awk.err" &&
        . "$T_M/meta.sh" 2>>"$T_M/awk.err"
    if [ -n "$t_err" ]; then
        failed=$((failed + 1))
        echo "FAIL $t (malformed test: $t_err)"
        cat "$T_M/awk.err"
        continue
    fi
    stdin=/dev/null
    [ "$t_stdin" = 1 ] && stdin=$T_M/stdin

    (
        cd "$T_W" || exit 125
        _vd_root=$ROOT _vd_tmp=$T_W
        set -f
        eval "set -- $t_args" && exec $WRAP "$BIN" "$@"
    ) <"$stdin" >"$T_M/act.out" 2>"$T_M/act.err"
    rc=$?

    # Normalize what the command produced.
    printf X >>"$T_M/act.out"
    printf X >>"$T_M/act.err"
    norm_in='' N_OUT="$T_M/act.out.n
$T_M/act.err.n"
    i=1
    while [ "$i" -le "$t_nof" ]; do
        eval "of=\$t_of$i"
        if [ -f "$T_W/$of" ]; then
            printf X >>"$T_W/$of"
            N_OUT="$N_OUT
$T_M/actf.$i.n"
            norm_in="$norm_in $i"
        fi
        i=$((i + 1))
    done
    N_FROM='' N_TO=''
    if [ "${#BASEP}" -ge "${#BASE}" ]; then
        addpath "$BASEP/$n/w" '$TMP'; addpath "$T_W" '$TMP'
    else
        addpath "$T_W" '$TMP'; addpath "$BASEP/$n/w" '$TMP'
    fi
    if [ "${#ROOTP}" -ge "${#ROOT}" ]; then
        addpath "$ROOTP" '$ROOT'; addpath "$ROOT" '$ROOT'
    else
        addpath "$ROOT" '$ROOT'; addpath "$ROOTP" '$ROOT'
    fi
    set -f; set -- "$T_M/act.out" "$T_M/act.err"
    for i in $norm_in; do eval "set -- \"\$@\" \"\$T_W/\$t_of$i\""; done
    set +f
    N_OUT=$N_OUT N_FROM=$N_FROM N_TO=$N_TO awk "$NORM_AWK" "$@"

    # Compare.
    eo=/dev/null ee=/dev/null
    [ -f "$T_M/exp.out" ] && eo=$T_M/exp.out
    [ -f "$T_M/exp.err" ] && ee=$T_M/exp.err
    bad_out=0 bad_err=0 bad_exit=0 bad_files=
    cmp -s "$eo" "$T_M/act.out.n" || bad_out=1
    cmp -s "$ee" "$T_M/act.err.n" || bad_err=1
    [ "$rc" = "$t_exit" ] || bad_exit=1
    i=1
    while [ "$i" -le "$t_nof" ]; do
        if ! [ -f "$T_M/actf.$i.n" ] || ! cmp -s "$T_M/expf.$i" "$T_M/actf.$i.n"; then
            bad_files="$bad_files $i"
        fi
        i=$((i + 1))
    done

    if [ -n "$WRAP" ] && [ "$rc" = 99 ]; then
        failed=$((failed + 1))
        echo "FAIL $t (memory error under: $WRAP)"
        cat "$T_M/act.err.n"
        rm -rf "${BASE:?}/$n"
        continue
    fi

    if [ "$bad_out$bad_err$bad_exit" = 000 ] && [ -z "$bad_files" ]; then
        passed=$((passed + 1))
        [ "$VERBOSE" = 1 ] && echo "ok   $t"
        rm -rf "${BASE:?}/$n"
        continue
    fi

    if [ "$UPDATE" = 1 ]; then
        {
            echo @out; od -An -tx1 -v "$T_M/act.out.n"
            echo @err; od -An -tx1 -v "$T_M/act.err.n"
            for i in $norm_in; do
                eval "echo \"@f \$t_of$i\""
                od -An -tx1 -v "$T_M/actf.$i.n"
            done
        } >"$T_M/dump"
        U_CODE=$rc awk "$UPDATE_AWK" "$T_M/dump" "$t" >"$T_M/updated"
        missing=
        for i in $bad_files; do
            [ -f "$T_M/actf.$i.n" ] || eval "missing=\"\$missing \$t_of$i\""
        done
        cmp -s "$T_M/updated" "$t" || { cat "$T_M/updated" >"$t"; echo "UPDATED $t"; }
        if [ -n "$missing" ]; then
            failed=$((failed + 1))
            echo "FAIL $t (not created by the command, cannot update:$missing)"
        else
            passed=$((passed + 1))
        fi
        rm -rf "${BASE:?}/$n"
        continue
    fi

    failed=$((failed + 1))
    echo "FAIL $t"
    [ "$bad_out" = 1 ] && showdiff stdout "$eo" "$T_M/act.out.n"
    [ "$bad_err" = 1 ] && showdiff stderr "$ee" "$T_M/act.err.n"
    if [ "$bad_exit" = 1 ]; then
        echo "$t_exit" >"$T_M/exp.exit"
        echo "$rc" >"$T_M/act.exit"
        showdiff exit "$T_M/exp.exit" "$T_M/act.exit"
    fi
    for i in $bad_files; do
        eval "of=\$t_of$i"
        if [ -f "$T_M/actf.$i.n" ]; then
            showdiff "file $of" "$T_M/expf.$i" "$T_M/actf.$i.n"
        else
            echo "file $of: not created by the command"
        fi
    done
    rm -rf "${BASE:?}/$n"
done 3<"$BASE/list"

if [ $((passed + failed)) -eq 0 ] && [ "$NSHARD" -eq 1 ]; then
    echo "run.sh: no test found${FILTERS:+ matching: $FILTERS}" >&2
    failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || exit 1
exit 0
