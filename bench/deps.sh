#!/bin/sh
# bench/deps.sh: what bench/run.sh needs (`make bench-deps`), on Debian or
# Ubuntu.  Idempotent.  Debian packages: lua5.4, luajit, python3-numpy,
# time (/usr/bin/time), and for the profile in RESULTS.md linux-perf and
# valgrind (optional: the benchmark skips a profiler that is missing).
# GoRules ZEN comes from the npm registry into build/bench/zen/ when npm is
# there; it is optional, and a failure to install it is not an error.
set -e
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

need=""
for p in lua5.4 luajit python3-numpy time; do
    dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
    echo "installing:$need"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need
else
    echo "bench: lua5.4, luajit, python3-numpy and time are installed"
fi

# optional profilers
opt=""
command -v perf >/dev/null 2>&1 || opt="$opt linux-perf"
command -v valgrind >/dev/null 2>&1 || opt="$opt valgrind"
if [ -n "$opt" ]; then
    echo "installing (optional):$opt"
    # shellcheck disable=SC2086
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $opt; } ||
        echo "bench: could not install$opt (optional: the profile section is skipped)"
fi

# optional: GoRules ZEN from npm
ZEN=build/bench/zen
if [ -d "$ZEN/node_modules/@gorules/zen-engine" ]; then
    echo "bench: @gorules/zen-engine is installed"
elif command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    mkdir -p "$ZEN"
    if (cd "$ZEN" && npm install --no-audit --no-fund --no-save --prefix . @gorules/zen-engine >/dev/null 2>&1) &&
        node -e "require('$PWD/$ZEN/node_modules/@gorules/zen-engine')" 2>/dev/null; then
        echo "bench: installed @gorules/zen-engine into $ZEN"
    else
        echo "bench: @gorules/zen-engine did not install (optional: ZEN is skipped)"
        rm -rf "$ZEN/node_modules"
    fi
else
    echo "bench: no npm/node (optional: ZEN is skipped)"
fi
