#!/usr/bin/env python3
"""gen_big.py: the synthetic table of workload C of bench/run.sh.

Writes, into OUTDIR, a table shaped like the shipped municipality data
(data/gemeenten.csv joined with the SES-WOA estimate: a code, a name with
a quoted comma now and then, a province, a COROP region, two population
columns, an SES-WOA score with 3 decimals, existing durable places), and a
rule file for it (big.vdl) that runs the enacted law's indicative key and
its provincial and regional sums on it:

    big_1000000.csv       ROWS rows (default 1,000,000)
    big_500000.csv        its first half       } to show that load+run
    big_250000.csv        its first quarter    } time and memory are linear
    big.vdl

Python 3 standard library only; deterministic (a fixed seed and only
random.random(), whose sequence Python keeps stable), so every run of the
benchmark measures the same bytes.

usage: python3 gen_big.py OUTDIR [ROWS]
"""
import os
import random
import sys

SEED = 20240201
PROVINCES = ["Drenthe", "Flevoland", "Fryslân", "Gelderland", "Groningen", "Limburg",
             "Noord-Brabant", "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland"]
NCOROP = 40

RULES = """\
# big.vdl: the rule file of workload C (bench/gen_big.py writes it).
# The enacted law's indicative key and the provincial and regional sums,
# on a synthetic table of any size (verdeel run big.vdl --data FILE).

law "Synthetische tabel (benchmark)"
    valid from 2024-02-01

dataset gemeente from "big_1000000.csv" key gm_code {
    gm_code text
    naam text column "name"
    provincie text group provincie column "province"
    corop text group corop
    inwoners integer persons [Besluit art. 2.1.3, onder c] column "population_2023_01_01"
    ses_woa decimal [Wet art. 3 lid 1]
    duurzaam integer places [Wet art. 2 lid 3]
}

param BO : places [Besluit art. 2.1.3, onder b]
    = 100_000_000 [synthetic: about 100 places per row]
param min_regulier : places [Besluit art. 3.1.1]
    = 100 [Besluit art. 3.1.1]

rule weging = (ses_woa + 1) * inwoners  [Besluit art. 2.1.3, Wf]
rule indicatief : places = apportion(BO, weging, rounded_quota)  [Besluit art. 2.1.3, Iv]
rule telt : places = if duurzaam >= min_regulier then duurzaam else 0  [Besluit art. 3.1.1]
rule overschot : places = max(0, telt - indicatief)  [Wet art. 13 lid 3]

per provincie {
    rule opgave : places = sum(indicatief)  [Besluit art. 2.1.2]
    rule bestaand : places = sum(telt)  [Wet art. 2 lid 3]
}

per corop {
    rule overschot_corop : places = sum(overschot)  [Wet art. 13 lid 3]
}

per all {
    rule afrondingsverschil : places = sum(indicatief) - BO  [Besluit art. 2.1.3]
}

output opgave, bestaand, overschot_corop, afrondingsverschil
"""


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: gen_big.py OUTDIR [ROWS]")
    outdir = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) == 3 else 1_000_000
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(SEED)
    r = rng.random
    header = ("gm_code,name,province,corop,population_2023_01_01,"
              "population_2025_01_01,ses_woa,duurzaam\n")
    cuts = sorted({rows // 4, rows // 2, rows})
    files = {n: open(os.path.join(outdir, f"big_{n}.csv"), "w", encoding="utf-8", newline="\n") for n in cuts}
    for f in files.values():
        f.write(header)
    buf = []
    for i in range(1, rows + 1):
        corop = int(r() * NCOROP)
        prov = PROVINCES[corop * len(PROVINCES) // NCOROP]
        pop = int(900 * 10 ** (r() * 3.0)) + 100          # 1,000 .. 900,000, skewed small
        pop25 = pop + int(r() * 0.04 * pop)
        milli = int(r() * 1000) - 500                      # -0.500 .. 0.499
        ses = f"{'-' if milli < 0 else ''}{abs(milli) // 1000}.{abs(milli) % 1000:03d}"
        duurz = int(r() * 300) if r() < 0.3 else 0
        name = f"\"Gemeente {i}, deel {i % 7}\"" if i % 97 == 0 else f"Gemeente {i}"
        buf.append(f"GM{i:07d},{name},{prov},CR{corop + 1:02d},{pop},{pop25},{ses},{duurz}\n")
        if len(buf) == 10000 or i in files:
            chunk = "".join(buf)
            for n, f in files.items():
                if i <= n:
                    f.write(chunk)
            buf = []
    for f in files.values():
        f.close()
    with open(os.path.join(outdir, "big.vdl"), "w", encoding="utf-8") as f:
        f.write(RULES)


if __name__ == "__main__":
    main()
