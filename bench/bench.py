#!/usr/bin/env python3
"""bench.py: the measurements of bench/run.sh (`make bench`).

Runs workloads A, B and C side by side in one run, checks that every peer
produces identical numbers (and stops with exit status 1 when one does
not), prints the table of medians and ratios and writes bench/RESULTS.md.
Python 3 standard library only; run.sh builds what it needs first.

Timing: every command runs under bench/spawn.c (fork, exec, wait4 from a
small process), so the wall time is fork-to-exit of the process itself (no
shell, no interpreter) and the peak RSS is the kernel's ru_maxrss of that
process -- the number GNU time's %M prints (workload C also shows
/usr/bin/time -f %M itself, as a cross-check) -- and its CPU time (user +
system).  Runs of the peers of a workload are interleaved round by round,
so that drift of the machine hits them alike; medians are reported.

Environment: BENCH_QUICK=1 (a short smoke run, numbers not meaningful),
BENCH_PROFILE=0 (skip perf/callgrind/massif), BENCH_ZEN_RUNS (default 3).
"""
import datetime
import difflib
import hashlib
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)

VERDEEL = os.environ.get("VERDEEL", "build/release/verdeel")
OUT = os.environ.get("BENCH_OUT", "build/bench")
PY = os.environ.get("BENCH_PY", sys.executable)
SPAWN = os.path.join(OUT, "spawn")
ZEN_MODULES = os.environ.get("ZEN_NODE_MODULES", os.path.join(OUT, "zen", "node_modules"))
QUICK = os.environ.get("BENCH_QUICK") == "1"
PROFILE = os.environ.get("BENCH_PROFILE", "1") != "0"

GEM = "data/gemeenten.csv"
SES = "data/ses-woa-2022-estimate.csv"
SCEN = "data/scenario-2024.csv"
LAW = "rules/spreidingswet-2024.vdl"
KEY = "bench/key.vdl"

BO_FROM = 50000
BO_TO = 59999 if QUICK else 149999
RUNS_A = 5 if QUICK else 31
RUNS_B = 2 if QUICK else 5
RUNS_C = 1 if QUICK else 5
RUNS_ZEN = 1 if QUICK else int(os.environ.get("BENCH_ZEN_RUNS", "3"))
SIZES = [250000, 500000, 1000000]
RULE_SIZES = [10000, 20000, 40000]    # workload D: rules in one file (from 10,000 up)
RUNS_D = 1 if QUICK else 5
CALLGRIND_SCENARIOS = 2000

REPORT = []          # Markdown lines of RESULTS.md (after the header)


def say(*a):
    print(*a, flush=True)


def fail(msg):
    print(f"\nbench: FAIL: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def run_timed(argv, stdout_path, env=None):
    """One run, through bench/spawn.c: (wall seconds, peak RSS in KiB, CPU
    seconds).  Fails on a non-zero exit."""
    err_path = stdout_path + ".err" if stdout_path != os.devnull else os.path.join(OUT, "last.err")
    e = dict(os.environ)
    e["CI"] = "1"                        # no progress bar from verdeel sweep
    if env:
        e.update(env)
    r = subprocess.run([SPAWN, stdout_path, err_path] + argv, env=e, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"spawn {' '.join(argv)}: {r.stderr.strip()}")
    ns, rss, rc, cpu = (int(x) for x in r.stdout.split()[-4:])
    if rc != 0:
        with open(err_path, errors="replace") as f:
            fail(f"{' '.join(argv)} exited with {rc}:\n{f.read()[-2000:]}")
    return ns / 1e9, rss, cpu / 1e9


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def must_equal(name, path, ref_path, ref_hash):
    if sha(path) == ref_hash:
        return
    with open(ref_path, encoding="utf-8", errors="replace") as a, open(path, encoding="utf-8", errors="replace") as b:
        la, lb = a.readlines(), b.readlines()
    diff = "".join(list(difflib.unified_diff(la, lb, ref_path, path, n=1))[:30])
    fail(f"{name}: output differs from the hand-written C reference ({len(la)} vs {len(lb)} lines):\n{diff}")


def ms(x):
    return f"{x * 1000:.1f} ms"


def sec(x):
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def md_table(head, rows, right=None):
    right = right or [i > 0 for i in range(len(head))]
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join("---:" if r else "---" for r in right) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def emit(lines):
    for line in lines:
        say(line)
    REPORT.extend(lines)


def verdict(ok):
    return "**met**" if ok else "**not met**"


# --------------------------------------------------------------------------
def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    osname = "?"
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as f:
            m = re.search(r'PRETTY_NAME="([^"]*)"', f.read())
            osname = m.group(1) if m else "?"

    def ver(argv, pat=None):
        try:
            r = subprocess.run(argv, capture_output=True, text=True, timeout=20)
            t = (r.stdout + r.stderr).strip().splitlines()[0]
            if pat:
                m = re.search(pat, t)
                t = m.group(0) if m else t
            return t
        except Exception:
            return "not available"

    zen = "not installed"
    pj = os.path.join(ZEN_MODULES, "@gorules", "zen-engine", "package.json")
    if os.path.exists(pj):
        with open(pj) as f:
            zen = "@gorules/zen-engine " + json.load(f)["version"]
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return [
        ("date", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", cpu),
        ("cores (nproc)", str(len(os.sched_getaffinity(0)))),
        ("load average at start (1, 5, 15 min)", load),
        ("memory", mem),
        ("OS", f"{osname}, Linux {platform.release()}"),
        ("C compiler", ver(["cc", "--version"]) + " (verdeel: make MODE=release, -O2; key_ref.c: -O2)"),
        ("Lua", ver(["lua5.4", "-v"], r"Lua \S+")),
        ("LuaJIT", ver(["luajit", "-v"], r"LuaJIT \S+")),
        ("numpy", ver([PY, "-c", "import numpy, sys; print('numpy', numpy.__version__, 'on Python', sys.version.split()[0])"])),
        ("ZEN", zen + (", node " + ver(["node", "-v"]) if zen != "not installed" else "")),
    ]


# --------------------------------------------------------------------------
def workload_a():
    say(f"\n== workload A: verdeel run {LAW} against cat of its 3 CSVs ({RUNS_A} runs each)")
    peers = [("verdeel run (the enacted law, all 4 phases)", [VERDEEL, "run", LAW]),
             ("cat of the 3 CSVs it reads (the floor)", ["cat", GEM, SES, SCEN])]
    for _, argv in peers:                     # warm the page cache and the binary
        for _ in range(3):
            run_timed(argv, os.devnull)
    res = {name: [] for name, _ in peers}
    for _ in range(RUNS_A):
        for name, argv in peers:
            res[name].append(run_timed(argv, os.devnull))
    med = {n: statistics.median(x[0] for x in v) for n, v in res.items()}
    rss = {n: statistics.median(x[1] for x in v) for n, v in res.items()}
    cpu = {n: statistics.median(x[2] for x in v) for n, v in res.items()}
    vname, cname = peers[0][0], peers[1][0]
    ratio = med[vname] / med[cname]
    rows = [[n, ms(med[n]), f"{med[n] / med[cname]:.2f}x", ms(cpu[n]), mib(rss[n])] for n, _ in peers]
    emit(["", f"### Workload A: one run of the enacted law, end to end ({RUNS_A} runs each, interleaved)", ""])
    emit(md_table(["process", "median wall", "ratio to cat", "median CPU (user+sys)", "peak RSS"], rows,
                  [False, True, True, True, True]))
    emit(["", f"Command: `{' '.join(peers[0][1])} > /dev/null` against `{' '.join(peers[1][1])} > /dev/null`;"
          " the law reads those three CSVs (342 rows each)."])
    return {"ratio": ratio, "verdeel": med[vname], "cat": med[cname], "cpu_ratio": cpu[vname] / cpu[cname]}


# --------------------------------------------------------------------------
def provinces():
    r = subprocess.run([VERDEEL, "run", KEY, "--level", "provincie", "--format", "csv"],
                       capture_output=True, text=True, check=True)
    names = [line.split(",")[0] for line in r.stdout.strip().splitlines()[1:]]
    return sorted(names, key=lambda s: s.encode())


def workload_b():
    n = BO_TO - BO_FROM + 1
    say(f"\n== workload B: sweep of {KEY} over {n:,} values of BO ({RUNS_B} runs each)")
    shows = []
    for p in provinces():
        shows += ["--show", f"opgave@{p}"]
    shows += ["--show", "afrondingsverschil"]

    def vsweep(j, lo, hi):
        return [VERDEEL, "sweep", KEY, "--vary", f"BO={lo}..{hi}:1"] + shows + ["-j", str(j)]

    peers = [
        ("c", "hand-written C (bench/key_ref.c, -O2)", lambda lo, hi: [os.path.join(OUT, "key_ref"), GEM, SES, str(lo), str(hi)], {}),
        ("v1", "verdeel sweep -j 1", lambda lo, hi: vsweep(1, lo, hi), {}),
        ("v2", "verdeel sweep -j 2 (for information)", lambda lo, hi: vsweep(2, lo, hi), {}),
        ("lua", "Lua 5.4 (bench/key.lua)", lambda lo, hi: ["lua5.4", "bench/key.lua", GEM, SES, str(lo), str(hi)], {}),
        ("jit", "LuaJIT, FFI int64_t (bench/key_jit.lua)", lambda lo, hi: ["luajit", "bench/key_jit.lua", GEM, SES, str(lo), str(hi)], {}),
        ("np", "numpy (bench/key_np.py)", lambda lo, hi: [PY, "bench/key_np.py", GEM, SES, str(lo), str(hi)], {}),
    ]
    zen_ok = os.path.isdir(os.path.join(ZEN_MODULES, "@gorules", "zen-engine")) and shutil.which("node")
    if zen_ok:
        peers.append(("zen", "GoRules ZEN (bench/key_zen.cjs)",
                      lambda lo, hi: ["node", "bench/key_zen.cjs", GEM, SES, str(lo), str(hi)],
                      {"ZEN_NODE_MODULES": os.path.abspath(ZEN_MODULES)}))
    else:
        say("   ZEN: @gorules/zen-engine is not installed (optional; 'make bench-deps' tries npm): skipped")

    # the reference output, and a check of every peer's output on every run
    ref = os.path.join(OUT, "b_c.csv")
    run_timed(peers[0][2](BO_FROM, BO_TO), ref)
    ref_hash = sha(ref)
    one_ref = os.path.join(OUT, "b_c_one.csv")
    run_timed(peers[0][2](BO_FROM, BO_FROM), one_ref)
    one_hash = sha(one_ref)
    with open(ref, "rb") as f:
        lines = f.read().count(b"\n")
    if lines != n + 1:
        fail(f"the C reference wrote {lines} lines, expected {n + 1}")

    full = {k: [] for k, *_ in peers}
    one = {k: [] for k, *_ in peers}
    for rnd in range(RUNS_B):
        for key, name, mk, env in peers:
            if key == "zen" and rnd >= RUNS_ZEN:
                continue
            path = os.path.join(OUT, f"b_{key}.csv")
            full[key].append(run_timed(mk(BO_FROM, BO_TO), path, env))
            must_equal(name, path, ref, ref_hash)
            path1 = os.path.join(OUT, f"b_{key}_one.csv")
            one[key].append(run_timed(mk(BO_FROM, BO_FROM), path1, env))
            must_equal(name + " (1 scenario)", path1, one_ref, one_hash)
        say(f"   round {rnd + 1}/{RUNS_B} done; all outputs identical to the C reference")

    med = {k: statistics.median(x[0] for x in v) for k, v in full.items()}
    start = {k: statistics.median(x[0] for x in v) for k, v in one.items()}
    sweep = {k: max(med[k] - start[k], 1e-9) for k in med}
    rss = {k: statistics.median(x[1] for x in v) for k, v in full.items()}
    cpu = {k: statistics.median(x[2] for x in v) for k, v in full.items()}
    cpu_one = {k: statistics.median(x[2] for x in v) for k, v in one.items()}
    cpu_sweep = {k: max(cpu[k] - cpu_one[k], 1e-9) for k in cpu}
    rows = []
    for key, name, *_ in peers:
        rows.append([name, len(full[key]), sec(med[key]), ms(start[key]), sec(sweep[key]),
                     f"{sweep[key] / sweep['c']:.2f}x", f"{sweep['v1'] / sweep[key]:.2f}x" if key != "v1" else "1.00x",
                     sec(cpu[key]), mib(rss[key])])
    emit(["", f"### Workload B: the indicative key over {n:,} values of BO ({RUNS_B} runs each" + (f", ZEN {min(RUNS_ZEN, RUNS_B)}" if zen_ok else "") + ", interleaved)", ""])
    emit(md_table(["peer", "runs", "median wall", "startup (1 scenario)", "sweep = wall - startup",
                   "sweep / C sweep", "verdeel -j 1 sweep / peer sweep", "median CPU (user+sys)", "peak RSS"], rows,
                  [False, True, True, True, True, True, True, True, True]))
    emit(["", f"Every run of every peer wrote the same {n + 1:,}-line CSV, byte for byte "
          f"(sha256 `{ref_hash[:16]}...`), and the 1-scenario runs the same 2 lines.  "
          "verdeel: `" + " ".join(vsweep(1, BO_FROM, BO_TO)[:5]) + " --show opgave@<each of the 12 provinces> "
          "--show afrondingsverschil -j 1`.  The startup column is the median of the same command over one "
          "scenario (process start, compile or interpreter start, loading the 2 CSVs); the ratios use the sweep "
          "column, as workload B measures the sweep, not the loading.  In the column `verdeel -j 1 sweep / peer sweep` "
          "a number above 1 means the peer is that many times faster than verdeel.  The CPU column (user + system "
          "time of the whole process) is less disturbed than wall time when the machine is shared."])
    if not zen_ok:
        emit(["", "GoRules ZEN: not installed (`npm install @gorules/zen-engine` failed or was not run); skipped."])
    return {"sweep": sweep, "med": med, "start": start, "zen": bool(zen_ok), "shows": shows, "vsweep": vsweep,
            "cpu_sweep": cpu_sweep}


# --------------------------------------------------------------------------
def milli(s):
    m = re.fullmatch(r"([+-]?)(\d+)(?:\.(\d{0,3}))?", s)
    v = int(m.group(2)) * 1000 + int((m.group(3) or "").ljust(3, "0"))
    return -v if m.group(1) == "-" else v


def big_expected(path):
    """Workload C's results computed independently (integers, stdlib)."""
    import csv
    bo, minimum = 100_000_000, 100
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    w = [(1000 + milli(r["ses_woa"])) * int(r["population_2023_01_01"]) for r in rows]
    s = sum(w)
    opg, best, over = {}, {}, {}
    total = 0
    for r, wi in zip(rows, w):
        q = (2 * bo * wi + s) // (2 * s)
        total += q
        d = int(r["duurzaam"])
        telt = d if d >= minimum else 0
        opg[r["province"]] = opg.get(r["province"], 0) + q
        best[r["province"]] = best.get(r["province"], 0) + telt
        over[r["corop"]] = over.get(r["corop"], 0) + max(0, telt - q)
    return {"provincie": {p: [opg[p], best[p]] for p in opg}, "corop": over, "all": total - bo}


def big_actual(path):
    r = subprocess.run([VERDEEL, "run", os.path.join(OUT, "big.vdl"), "--data", path, "--format", "json"],
                       capture_output=True, text=True, check=True)
    d = json.loads(r.stdout)
    got = {}
    for t in d["tables"]:
        if t["level"] == "provincie":
            got["provincie"] = {x["provincie"]: [x["opgave"], x["bestaand"]] for x in t["rows"]}
        elif t["level"] == "corop":
            got["corop"] = {x["corop"]: x["overschot_corop"] for x in t["rows"]}
        elif t["level"] == "all":
            got["all"] = {x["name"]: x["value"] for x in t["rows"]}.get("afrondingsverschil")
    return got


def workload_c():
    say(f"\n== workload C: synthetic table, load and run ({RUNS_C} runs per size)")
    files = {n: os.path.join(OUT, f"big_{n}.csv") for n in SIZES}
    for n, p in files.items():
        if not os.path.exists(p):
            fail(f"{p} missing (bench/run.sh generates it with bench/gen_big.py)")
    for n, p in files.items():                 # correctness first, at every size
        exp, got = big_expected(p), big_actual(p)
        if exp != got:
            fail(f"workload C, {n} rows: verdeel's results differ from the independent computation:\n"
                 f"expected {json.dumps(exp)[:600]}\ngot      {json.dumps(got)[:600]}")
    say("   results identical to an independent integer computation at every size")
    argv = {n: [VERDEEL, "run", os.path.join(OUT, "big.vdl"), "--data", p] for n, p in files.items()}
    res = {n: [] for n in SIZES}
    for n in SIZES:
        run_timed(argv[n], os.devnull)        # page cache
    for _ in range(RUNS_C):
        for n in SIZES:
            res[n].append(run_timed(argv[n], os.devnull))
    gnu = {}
    for n in SIZES:                            # /usr/bin/time -f %M as a second opinion, once per size
        tf = os.path.join(OUT, f"time_{n}.txt")
        run_timed(["/usr/bin/time", "-f", "%M", "-o", tf] + argv[n], os.devnull)
        with open(tf) as f:
            gnu[n] = int(f.read().strip().splitlines()[-1])
    med = {n: statistics.median(x[0] for x in res[n]) for n in SIZES}
    rss = {n: statistics.median(x[1] for x in res[n]) for n in SIZES}
    cpu = {n: statistics.median(x[2] for x in res[n]) for n in SIZES}
    size = {n: os.path.getsize(files[n]) for n in SIZES}
    rows = [[f"{n:,}", f"{size[n] / 2**20:.1f} MiB", sec(med[n]), sec(cpu[n]), f"{med[n] / n * 1e6:.2f} µs",
             f"{rss[n] / 1024:.0f} MiB", f"{gnu[n] / 1024:.0f} MiB", f"{rss[n] * 1024 / size[n]:.1f}x",
             f"{rss[n] * 1024 / n:.0f} B"] for n in SIZES]
    # log-log slopes: 1.0 is linear
    xs = [math.log(n) for n in SIZES]

    def slope(ys):
        mx, my = statistics.mean(xs), statistics.mean(ys)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    st = slope([math.log(med[n]) for n in SIZES])
    sc = slope([math.log(cpu[n]) for n in SIZES])
    sm = slope([math.log(rss[n]) for n in SIZES])
    emit(["", f"### Workload C: load and run a synthetic table ({RUNS_C} run{'s' if RUNS_C > 1 else ''} per size, interleaved)", ""])
    emit(md_table(["rows", "CSV size", "median wall", "median CPU (user+sys)", "per row (wall)", "peak RSS", "peak RSS (/usr/bin/time -f %M)",
                   "peak RSS / CSV size", "RSS per row"], rows))
    emit(["", f"Command: `{VERDEEL} run {OUT}/big.vdl --data {OUT}/big_N.csv > /dev/null` (bench/gen_big.py: "
          "8 columns shaped like data/gemeenten.csv joined with the SES-WOA table, 12 provinces, 40 COROP "
          "regions; the rule file is the indicative key with provincial, regional and national sums).  "
          f"Fitted exponent (log-log, 1.00 = linear): wall time {st:.2f}, CPU time {sc:.2f}, peak memory {sm:.2f}.  "
          "The results were checked at every size against an independent integer computation in Python."])
    return {"med": med, "rss": rss, "size": size, "slope_t": st, "slope_m": sm, "gnu": gnu, "slope_cpu": sc}


def many_rules(n, path):
    """A rule file of n rules over the shipped municipality table: a chain
    (each rule reads the one before and the first), with aggregates and
    conditions mixed in, so the checker resolves n names and n dependencies."""
    out = ['law "many rules (benchmark)" id "BWBR0049307" valid from 2024-02-01', "",
           'dataset gemeente from "%s" key gm_code {' % os.path.join(ROOT, "data", "gemeenten.csv"),
           "    gm_code text",
           '    provincie text group provincie column "province"',
           '    inwoners integer persons [x] column "population_2023_01_01"',
           "}", "", "rule r1 : persons = inwoners  [Wet art. 1]"]
    for i in range(2, n + 1):
        if i % 3 == 0:
            out.append(f"rule r{i} : persons = if r{i - 1} > 1000 then r{i - 1} - r1 else r{i - 1} + 1  [Wet art. {i}]")
        else:
            out.append(f"rule r{i} : persons = max(r{i - 1}, r1) + {i}  [Wet art. {i}]")
    out += ["", "per provincie {", f"    rule totaal : persons = sum(r{n})  [Wet art. 1]", "}", "",
            f"output r{n}, totaal", ""]
    with open(path, "w") as f:
        f.write("\n".join(out))


def workload_d():
    say(f"\n== workload D: compile rule files of {', '.join(f'{n:,}' for n in RULE_SIZES)} rules ({RUNS_D} runs each)")
    files = {n: os.path.join(OUT, f"rules_{n}.vdl") for n in RULE_SIZES}
    for n, p in files.items():
        many_rules(n, p)
        r = subprocess.run([VERDEEL, "check", p], capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"workload D: verdeel check {p} exited with {r.returncode}:\n{r.stderr[-2000:]}")
    res = {n: [] for n in RULE_SIZES}
    for _ in range(RUNS_D):
        for n in RULE_SIZES:
            res[n].append(run_timed([VERDEEL, "check", files[n]], os.devnull))
    med = {n: statistics.median(x[0] for x in res[n]) for n in RULE_SIZES}
    cpu = {n: statistics.median(x[2] for x in res[n]) for n in RULE_SIZES}
    rss = {n: statistics.median(x[1] for x in res[n]) for n in RULE_SIZES}
    size = {n: os.path.getsize(files[n]) for n in RULE_SIZES}
    xs = [math.log(n) for n in RULE_SIZES]

    def slope(ys):
        mx, my = statistics.mean(xs), statistics.mean(ys)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    st = slope([math.log(cpu[n]) for n in RULE_SIZES])
    emit(["", f"### Workload D: compile a rule file of many rules ({RUNS_D} run{'s' if RUNS_D > 1 else ''} per size, interleaved)", ""])
    emit(md_table(["rules", "file size", "median wall", "median CPU (user+sys)", "per rule (CPU)", "peak RSS"],
                  [[f"{n:,}", f"{size[n] / 1024:.0f} KiB", ms(med[n]), ms(cpu[n]), f"{cpu[n] / n * 1e6:.1f} µs",
                    mib(rss[n])] for n in RULE_SIZES]))
    emit(["", f"Command: `{VERDEEL} check {OUT}/rules_N.vdl > /dev/null` (scan, parse, check and compile; "
          "bench/bench.py writes the files: a chain of rules, each reading the one before, with conditions and "
          f"a provincial sum).  Fitted exponent of CPU time (log-log, 1.00 = linear): {st:.2f}."])
    return {"slope": st}


# --------------------------------------------------------------------------
def profiles(b):
    if not PROFILE:
        return
    emit(["", "## Where verdeel's time goes", ""])
    sweep_full = b["vsweep"](1, BO_FROM, BO_TO)

    def perf_rows(data, extra=()):
        rep = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso,symbol", "--stdio"] +
                             list(extra), capture_output=True, text=True).stdout
        rows = []
        for line in rep.splitlines():
            m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[(.)\]\s+(\S+)", line)
            if m and len(rows) < 18:
                rows.append([m.group(4), m.group(2), m.group(1) + "%"])
        return rows
    if shutil.which("perf"):
        data = os.path.join(OUT, "perf-a.data")
        loop = f"i=0; while [ $i -lt 200 ]; do {VERDEEL} run {LAW} >/dev/null; i=$((i+1)); done"
        r = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "20000", "-o", data, "--", "sh", "-c", loop],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode == 0:
            emit(["### perf: workload A, 200 runs of verdeel run (cpu-clock samples of the verdeel processes, "
                  "self time, kernel included)", ""])
            emit(md_table(["function", "object", "self"], perf_rows(data, ["--comm", "verdeel"]), [False, False, True]))
            emit([""])
    if shutil.which("perf"):
        data = os.path.join(OUT, "perf.data")
        r = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "4000", "-o", data, "--"] + sweep_full,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=dict(os.environ, CI="1"))
        if r.returncode == 0:
            rows = perf_rows(data)
            emit([f"### perf: workload B, verdeel sweep -j 1 over {BO_TO - BO_FROM + 1:,} scenarios (cpu-clock samples, self time)", ""])
            emit(md_table(["function", "object", "self"], rows, [False, False, True]))
            emit([""])
        else:
            emit([f"perf record failed here ({r.stderr.strip()[:200]}); skipped.", ""])
        data = os.path.join(OUT, "perf-c.data")
        n = SIZES[-1]
        r = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "2000", "-o", data, "--", VERDEEL, "run",
                            os.path.join(OUT, "big.vdl"), "--data", os.path.join(OUT, f"big_{n}.csv")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode == 0:
            emit([f"### perf: workload C, verdeel run on {n:,} rows (cpu-clock samples, self time, kernel included)", ""])
            emit(md_table(["function", "object", "self"], perf_rows(data), [False, False, True]))
            emit([""])
    if shutil.which("valgrind") and shutil.which("callgrind_annotate"):
        def instructions(argv):
            f = os.path.join(OUT, "callgrind.count")
            r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={f}"] + argv,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=dict(os.environ, CI="1"))
            m = re.search(r"Collected : (\d+)", r.stderr)
            return int(m.group(1)) if r.returncode == 0 and m else None
        ref = lambda lo, hi: [os.path.join(OUT, "key_ref"), GEM, SES, str(lo), str(hi)]
        last = BO_FROM + CALLGRIND_SCENARIOS - 1
        counts = [instructions(b["vsweep"](1, BO_FROM, last)), instructions(b["vsweep"](1, BO_FROM, BO_FROM)),
                  instructions(ref(BO_FROM, last)), instructions(ref(BO_FROM, BO_FROM))]
        if None not in counts:
            pv = (counts[0] - counts[1]) / (CALLGRIND_SCENARIOS - 1)
            pc = (counts[2] - counts[3]) / (CALLGRIND_SCENARIOS - 1)
            emit([f"### Instructions per scenario (callgrind; ({CALLGRIND_SCENARIOS:,} scenarios - 1 scenario) / "
                  f"{CALLGRIND_SCENARIOS - 1:,})", ""])
            emit(md_table(["program", "instructions per scenario", "ratio"],
                          [["verdeel sweep -j 1", f"{pv:,.0f}", f"{pv / pc:.1f}x"],
                           ["hand-written C", f"{pc:,.0f}", "1.0x"]], [False, True, True]))
            emit([""])
        cg = os.path.join(OUT, "callgrind.out")
        argv = b["vsweep"](1, BO_FROM, BO_FROM + CALLGRIND_SCENARIOS - 1)
        r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}"] + argv,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=dict(os.environ, CI="1"))
        if r.returncode == 0:
            def table(inclusive):
                t = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", cg],
                                   capture_output=True, text=True).stdout
                d, total = {}, None
                for line in t.splitlines():
                    m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)", line)
                    if not m:
                        continue
                    v = int(m.group(1).replace(",", ""))
                    if "PROGRAM TOTALS" in m.group(2):
                        total = v
                        continue
                    fn = m.group(2).split(" [")[0]
                    fn = fn.split(":", 1)[1] if ":" in fn else fn
                    d[fn] = d.get(fn, 0) + v
                return d, total
            self_, total = table(False)
            incl, _ = table(True)
            skip = {"start_thread", "worker", "(below main)", "clone3", "main", "0x0000000000000000"}
            top = [f for f in sorted(incl, key=lambda f: -incl[f]) if f not in skip][:22]
            rows = [[f"`{f}`", f"{100 * self_.get(f, 0) / total:.1f}%", f"{100 * incl[f] / total:.1f}%"] for f in top]
            emit([f"### callgrind: verdeel sweep -j 1 over {CALLGRIND_SCENARIOS:,} scenarios "
                  f"({total:,} instructions in all, startup included)", ""])
            emit(md_table(["function", "self", "inclusive"], rows, [False, True, True]))
            emit([""])
        else:
            emit(["callgrind failed here; skipped.", ""])
        ms_out = os.path.join(OUT, "massif.out")
        n = SIZES[0]                           # massif is slow: the smallest size
        r = subprocess.run(["valgrind", "--tool=massif", f"--massif-out-file={ms_out}", VERDEEL, "run",
                            os.path.join(OUT, "big.vdl"), "--data", os.path.join(OUT, f"big_{n}.csv")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode == 0:
            rows, peak = massif_peak(ms_out)
            csv_size = os.path.getsize(os.path.join(OUT, f"big_{n}.csv"))
            emit([f"### massif: workload C at {n:,} rows, the live heap at its peak ({peak / 2**20:.1f} MiB, "
                  f"{peak / csv_size:.1f}x the {csv_size / 2**20:.1f} MiB CSV)", ""])
            emit(md_table(["allocated by", "called from", "bytes", "share of the CSV size"],
                          [[f"`{a}`", f"`{c}`", f"{v / 2**20:.1f} MiB", f"{v / csv_size:.2f}x"] for a, c, v in rows],
                          [False, False, True, True]))
            emit([""])


WRAPPERS = {"mem_grow", "mem_array", "mem_alloc", "mem_strndup", "mem_strdup", "mem_realloc", "malloc", "calloc",
            "realloc", "strdup", "strndup"}


def massif_peak(path):
    """The peak snapshot of a massif file: live bytes by (allocating function, its caller)."""
    with open(path) as f:
        text = f.read()
    snaps = text.split("snapshot=")
    peak = next(s for s in snaps if "heap_tree=peak" in s)
    lines = peak.splitlines()
    total = int(re.search(r"mem_heap_B=(\d+)", peak).group(1))
    nodes = []
    for line in lines:
        m = re.match(r"(\s*)n(\d+): (\d+) (.*)", line)
        if m:
            fn = m.group(4)
            fm = re.search(r"0x[0-9A-F]+: (\S+)", fn)
            nodes.append((len(m.group(1)), int(m.group(3)), fm.group(1) if fm else fn, int(m.group(2))))
    out = []

    def walk(i, chain):
        depth, size, fn, nchild = nodes[i]
        j = i + 1
        kids = []
        for _ in range(nchild):
            kids.append(j)
            j = skip(j)
        named = [c for c in chain if c not in WRAPPERS and not c.startswith("(heap")]
        if (len(named) >= 2 or not kids) and size > 0:
            if named:
                out.append((named[0], named[1] if len(named) > 1 else "", size))
            return j
        for k in kids:
            walk(k, chain + [nodes[k][2]])
        return j

    def skip(i):
        j = i + 1
        for _ in range(nodes[i][3]):
            j = skip(j)
        return j
    walk(0, [])
    agg = {}
    for a, c, v in out:
        agg[(a, c)] = agg.get((a, c), 0) + v
    rows = sorted(((a, c, v) for (a, c), v in agg.items()), key=lambda x: -x[2])
    return [r for r in rows if r[2] >= total * 0.02], total


# --------------------------------------------------------------------------
def main():
    t_start = time.time()
    os.makedirs(OUT, exist_ok=True)
    info = machine()
    say("machine: " + "; ".join(f"{k} {v}" for k, v in info))
    if QUICK:
        say("BENCH_QUICK=1: a smoke run; the numbers are not the benchmark's")
    a = workload_a()
    b = workload_b()
    c = workload_c()
    d = workload_d()

    # the targets, from this run: by wall time (the verdict) and, as a check
    # against a busy machine, by CPU time
    s, c_ = b["sweep"], b["cpu_sweep"]
    tgt = []

    def faster(r, who):
        return f"verdeel is {r:.2f}x as fast as {who}" if r >= 1 else f"verdeel is {1 / r:.2f}x slower than {who}"
    tgt.append(["B: within 1.5x of the hand-written C", f"verdeel -j 1 sweep is {s['v1'] / s['c']:.2f}x the C sweep",
                f"{c_['v1'] / c_['c']:.2f}x", verdict(s["v1"] / s["c"] <= 1.5)])
    tgt.append(["B: at least 10x faster than Lua 5.4", faster(s["lua"] / s["v1"], "Lua 5.4"),
                faster(c_["lua"] / c_["v1"], "Lua 5.4"), verdict(s["lua"] / s["v1"] >= 10)])
    tgt.append(["B: faster than LuaJIT", faster(s["jit"] / s["v1"], "LuaJIT"),
                faster(c_["jit"] / c_["v1"], "LuaJIT"), verdict(s["jit"] / s["v1"] > 1)])
    tgt.append(["B: faster than numpy", faster(s["np"] / s["v1"], "numpy"),
                faster(c_["np"] / c_["v1"], "numpy"), verdict(s["np"] / s["v1"] > 1)])
    tgt.append(["A: within 3x of cat", f"verdeel run is {a['ratio']:.2f}x cat", f"{a['cpu_ratio']:.2f}x",
                verdict(a["ratio"] <= 3)])
    lin = c["slope_t"] <= 1.10 and c["slope_m"] <= 1.10
    tgt.append(["C: linear", f"fitted exponent: time {c['slope_t']:.2f}, memory {c['slope_m']:.2f} (<= 1.10 counts as linear)",
                f"time {c['slope_cpu']:.2f}", verdict(lin)])
    tgt.append(["D: compiling is linear in the number of rules", f"fitted exponent of CPU time: {d['slope']:.2f} "
                "(<= 1.10 counts as linear)", "", verdict(d["slope"] <= 1.10)])
    big = SIZES[-1]
    rr = c["rss"][big] * 1024 / c["size"][big]
    tgt.append(["C: peak memory under 3x the CSV size", f"{rr:.1f}x at {big:,} rows", "", verdict(rr < 3)])
    emit(["", "### Targets (ratios from this run)", ""])
    emit(md_table(["target", "measured (median wall time)", "the same by CPU time (user+sys)", "verdict (wall time)"],
                  tgt, [False, False, False, False]))

    profiles(b)
    elapsed = time.time() - t_start
    with open("/proc/loadavg") as f:
        info.append(("load average at the end (1, 5, 15 min)", " ".join(f.read().split()[:3]) +
                     " (other work on the machine during the run shows here; 2 cores)"))

    header = ["# Benchmark results", "",
              "Written by `make bench` (bench/run.sh, bench/bench.py); every number below is from the one run "
              "recorded here.  Re-run `make bench` to regenerate this file.", "",
              "## Machine", ""]
    header += md_table(["", ""], [[k, v] for k, v in info], [False, False])
    header += ["", f"Whole benchmark: {elapsed:.0f} s wall.", "", "## Results"]
    analysis = []
    if os.path.exists("bench/analysis.md"):
        with open("bench/analysis.md", encoding="utf-8") as f:
            analysis = ["", f.read().rstrip()]
    if QUICK:
        header.insert(2, "**BENCH_QUICK=1: a smoke run, not the benchmark.**\n")
    with open("bench/RESULTS.md" if not QUICK else os.path.join(OUT, "RESULTS.quick.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(header + REPORT + analysis) + "\n")
    say(f"\nbench: done in {elapsed:.0f} s; wrote {'bench/RESULTS.md' if not QUICK else OUT + '/RESULTS.quick.md'}")


if __name__ == "__main__":
    main()
