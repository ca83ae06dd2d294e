"""key_np.py: workload B of bench/run.sh in numpy (int64 only).

The indicative key of the enacted Spreidingswet (bench/key.vdl) swept over
BO = FROM..TO; prints the same CSV as `verdeel sweep` (integer formula as in
key_ref.c: q = (2*BO*W + S) // (2*S), W = (1000 + ses) * pop).  Vectorised
over both axes: a block of scenarios x all municipalities as one int64
matrix, the provincial sums by np.add.reduceat over municipalities sorted by
province.  No float anywhere (dtype int64 throughout, checked).

usage: python3 key_np.py GEMEENTEN.csv SES.csv FROM TO   (Debian's python3-numpy)
"""
import csv
import re
import sys

import numpy as np

BLOCK = 4096          # scenarios per block: 4096 x 342 int64 = 11 MB


def milli(s):
    m = re.fullmatch(r"([+-]?)(\d+)(?:\.(\d{0,3}))?", s)
    if not m:
        raise SystemExit(f"key_np: not a decimal with at most 3 decimals: {s}")
    v = int(m.group(2)) * 1000 + int((m.group(3) or "").ljust(3, "0"))
    return -v if m.group(1) == "-" else v


def main():
    gem_path, ses_path, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(ses_path, newline="", encoding="utf-8") as f:
        ses = {r["gm_code"]: milli(r["ses_woa"]) for r in csv.DictReader(f)}
    with open(gem_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pnames = sorted({r["province"] for r in rows}, key=lambda s: s.encode())  # byte order
    pidx = {p: k for k, p in enumerate(pnames)}
    # municipalities grouped by province, for reduceat
    rows.sort(key=lambda r: pidx[r["province"]])
    w = [(1000 + ses[r["gm_code"]]) * int(r["population_2023_01_01"]) for r in rows]
    assert all(0 <= x < 1 << 40 for x in w) and 0 <= lo and hi < 1 << 20
    W = np.array(w, dtype=np.int64)
    S = int(W.sum())
    starts = np.array([next(i for i, r in enumerate(rows) if pidx[r["province"]] == k)
                       for k in range(len(pnames))], dtype=np.intp)

    out = sys.stdout
    out.write(",".join(["BO"] + [f"opgave@{p}" for p in pnames] + ["afrondingsverschil"]) + "\n")
    for b0 in range(lo, hi + 1, BLOCK):
        bo = np.arange(b0, min(b0 + BLOCK, hi + 1), dtype=np.int64)
        q = (2 * bo[:, None] * W[None, :] + S) // (2 * S)       # int64 matrix
        opg = np.add.reduceat(q, starts, axis=1)
        diff = opg.sum(axis=1) - bo
        table = np.concatenate([bo[:, None], opg, diff[:, None]], axis=1)
        assert table.dtype == np.int64
        out.write("".join(",".join(map(str, r)) + "\n" for r in table.tolist()))
    out.flush()


if __name__ == "__main__":
    main()
