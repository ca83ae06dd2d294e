#!/bin/sh
# bench/run.sh: verdeel measured against peers on the same work (`make bench`).
#
#   A  `verdeel run` of the enacted law on the 342 municipalities, as a
#      process, against `cat` of the CSVs it reads (the floor);
#   B  `verdeel sweep` of the indicative key (bench/key.vdl) over 100,000
#      values of BO, against hand-written C (bench/key_ref.c), Lua 5.4
#      (key.lua), LuaJIT (key_jit.lua), numpy (key_np.py) and, when npm
#      could install it, GoRules ZEN (key_zen.cjs);
#   C  load and run of a synthetic 1,000,000-row table (bench/gen_big.py)
#      at 250k, 500k and 1M rows: time and peak memory.
#
# Every peer's output is checked to be identical (the run stops with exit
# status 1 if one is not).  Prints the table and writes bench/RESULTS.md.
# Needs `make bench-deps` once (lua5.4, luajit, python3-numpy, time; ZEN
# from npm is optional).  Generated files go to build/bench/.
#
#   sh bench/run.sh                 the benchmark (about 5 minutes on 2 cores)
#   BENCH_QUICK=1 sh bench/run.sh   a smoke run (writes build/bench/RESULTS.quick.md)
#   BENCH_PROFILE=0 sh bench/run.sh without perf/callgrind/massif
set -eu
cd "$(dirname "$0")/.."

OUT=build/bench
mkdir -p "$OUT"

missing=""
for t in lua5.4 luajit /usr/bin/time cc; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
# numpy comes from Debian (python3-numpy): use the system interpreter
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
"$PY" -c 'import numpy' 2>/dev/null || missing="$missing python3-numpy"
if [ -n "$missing" ]; then
    echo "bench: missing:$missing -- run 'make bench-deps' first" >&2
    exit 1
fi

# verdeel, release build (only the binary: ./verdeel is left alone)
make --no-print-directory MODE=release build/release/verdeel >/dev/null
VERDEEL=build/release/verdeel

# the hand-written C reference, and the launcher that times every run
cc -std=c11 -O2 -Wall -Wextra -Werror -o "$OUT/key_ref" bench/key_ref.c
cc -std=c11 -O2 -Wall -Wextra -Werror -o "$OUT/spawn" bench/spawn.c

# workload C's table, generated once (deterministic), again when the generator changes
if [ ! -f "$OUT/big_1000000.csv" ] || [ ! -f "$OUT/big.vdl" ] || [ bench/gen_big.py -nt "$OUT/big_1000000.csv" ]; then
    echo "generating the 1,000,000-row table (bench/gen_big.py) ..."
    "$PY" bench/gen_big.py "$OUT" 1000000
fi

export VERDEEL BENCH_OUT="$OUT" BENCH_PY="$PY"
exec "$PY" bench/bench.py
