#!/bin/sh
# make-scenario.sh: write data/scenario-2024.csv, an ILLUSTRATIVE scenario of
# reception places per municipality for the first Spreidingswet cycle (2024),
# so that the enacted law, the 2023 bill and the VNG/IPO alternative can be run
# on the same data.  The per-municipality figures are NOT official.
#
#   data/scenario/make-scenario.sh            # runs ./verdeel for the indicative numbers
#   data/scenario/make-scenario.sh FILE.csv   # or reads them from FILE.csv
#
# Inputs (all read, none changed):
#   data/gemeenten.csv              gm_code -> province_code
#   data/scenario/provinces.csv     REAL provincial and national totals, each with its source
#   data/scenario/municipalities.csv  REAL per-municipality figures (Westerwolde), with source
#   ./verdeel run rules/spreidingswet-2024.vdl --format csv --level gemeente
#                                   indicatief and indicatief_amv per municipality
#
# What is real and what is illustrative (details in data/README.md):
#   REAL    the totals in provinces.csv and municipalities.csv.
#   METHOD  a real total is shared over the municipalities of its province by
#           largest remainder (integer arithmetic, ties to the smaller gm_code).
#   ILLUSTRATIVE  everything else: fixed rules driven by a number h made from
#           the gm_code digits, h = (37 * number) mod 100 (GM0014 -> 14*37 mod 100
#           = 18).  No randomness: the same inputs give the same bytes.
#
# POSIX sh + awk; integers only (all products stay far below 2^53).
set -eu
LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

out=data/scenario-2024.csv
ind=$(mktemp "${TMPDIR:-/tmp}/scenario-ind.XXXXXX")
prog=$(mktemp "${TMPDIR:-/tmp}/scenario-awk.XXXXXX")
tmp=$(mktemp "data/.scenario-2024.csv.XXXXXX")
trap 'rm -f "$ind" "$prog" "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

if [ $# -ge 1 ]; then
    cp "$1" "$ind"
else
    if [ ! -x ./verdeel ]; then
        echo "make-scenario.sh: ./verdeel not found; run make first" >&2
        exit 1
    fi
    ./verdeel run rules/spreidingswet-2024.vdl --format csv --level gemeente >"$ind"
fi

cat >"$prog" <<'AWK'
# ---------------------------------------------------------------- helpers

function die(msg) { print "make-scenario.sh: " msg > "/dev/stderr"; failed = 1; exit 1 }

# Split one CSV line into f[1..n] ("quoted, fields" allowed); returns n.
function csv(line, f,    n, i, c, q, cur) {
    n = 0; cur = ""; q = 0
    for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (q) {
            if (c == "\"") {
                if (substr(line, i + 1, 1) == "\"") { cur = cur c; i++ } else q = 0
            } else cur = cur c
        } else if (c == "\"") q = 1
        else if (c == ",") { f[++n] = cur; cur = "" }
        else cur = cur c
    }
    f[++n] = cur
    return n
}

# A cell of places: "" (no figure) stays "", digits become a number.
function count(s) {
    if (s == "") return ""
    if (s !~ /^[0-9]+$/) die("not a whole number of places: \"" s "\"")
    return s + 0
}

# Column index by header name, or stop.
function need(name, what) {
    if (!(name in col)) die(what ": no column \"" name "\"")
    return col[name]
}

# Largest remainder.  Share `total` over m[1..k] in proportion to the
# weights w[m[i]] (non-negative integers); the result goes to res[m[i]].
# Each member first gets floor(total * w / W); the places left over go one
# each to the largest remainders, ties to the smaller key (gm_code or
# province_code).  Integer arithmetic only.
function apportion(total, k, m, w, res,    i, W, p, r, done, left, best) {
    if (total < 0) die("cannot share a negative total " total)
    W = 0
    for (i = 1; i <= k; i++) W += w[m[i]]
    if (W == 0) {
        if (total != 0) die("cannot share " total " places: all weights are zero")
        for (i = 1; i <= k; i++) res[m[i]] = 0
        return
    }
    left = total
    for (i = 1; i <= k; i++) {
        p = total * w[m[i]]
        r[i] = p % W
        res[m[i]] = (p - r[i]) / W
        left -= res[m[i]]
        done[i] = 0
    }
    while (left > 0) {
        best = 0
        for (i = 1; i <= k; i++)
            if (!done[i] && (best == 0 || r[i] > r[best] || (r[i] == r[best] && m[i] < m[best])))
                best = i
        res[m[best]]++; done[best] = 1; left--
    }
}

# Fill the global list mm[1..k] with the municipalities of province p, in
# gm_code order; returns k.
function members(p,    i, k) {
    k = 0
    for (i = 1; i <= N; i++) if (prov[code[i]] == p) mm[++k] = code[i]
    return k
}

# ILLUSTRATIVE, Utrecht only (no provincial figure found): the share of its
# indicative number a municipality offers, from the last digit of h:
# 0-1: nothing, 2-3: 50%, 4-5: 80%, 6-7: 100%, 8: 120%, 9: 150%.
function offer_pct(h,    d) {
    d = h % 10
    return d < 2 ? 0 : d < 4 ? 50 : d < 6 ? 80 : d < 8 ? 100 : d == 8 ? 120 : 150
}

# ILLUSTRATIVE: the share of 100 or more new places that is in locations
# below 100, from the digit sum of h mod 4: 0: 50%, 1: 25%, 2: 10%, 3: 0%.
function small_pct(h,    k) {
    k = (int(h / 10) + h % 10) % 4
    return k == 0 ? 50 : k == 1 ? 25 : k == 2 ? 10 : 0
}

# ---------------------------------------------------------------- reading

{ sub(/\r$/, "") }
FNR == 1 {
    file++
    delete col
    nh = csv($0, hdr)
    for (i = 1; i <= nh; i++) col[hdr[i]] = i
    if (file == 1) {            # data/scenario/provinces.csv
        c_pc = need("province_code", "provinces.csv")
        c_pd = need("duurzaam", "provinces.csv")
        c_po = need("aanbod_fase1", "provinces.csv")
        c_pr = need("gerealiseerd", "provinces.csv")
        c_pa = need("amv_plaatsen", "provinces.csv")
    } else if (file == 2) {     # data/scenario/municipalities.csv
        c_mg = need("gm_code", "municipalities.csv")
        c_md = need("duurzaam", "municipalities.csv")
    } else if (file == 3) {     # data/gemeenten.csv
        c_gg = need("gm_code", "gemeenten.csv")
        c_gp = need("province_code", "gemeenten.csv")
    } else {                    # output of verdeel run
        c_ig = need("gm_code", "verdeel output")
        c_ii = need("indicatief", "verdeel output")
        c_ia = need("indicatief_amv", "verdeel output")
    }
    next
}
$0 == "" { next }
file == 1 {
    csv($0, f); p = f[c_pc]
    # REAL figures; an empty cell means "no real figure".
    real_duur[p] = count(f[c_pd]); real_offer[p] = count(f[c_po])
    real_gereal[p] = count(f[c_pr]); real_amv[p] = count(f[c_pa])
    next
}
file == 2 { csv($0, f); fixed_duur[f[c_mg]] = count(f[c_md]); next }
file == 3 {
    csv($0, f); g = f[c_gg]
    if (g in prov) die("gemeenten.csv: " g " twice")
    prov[g] = f[c_gp]; code[++N] = g
    if (!(f[c_gp] in seenp)) { seenp[f[c_gp]] = 1; pcode[++NP] = f[c_gp] }
    next
}
{
    csv($0, f); g = f[c_ig]
    if (g in ind) die("verdeel output: " g " twice")
    if (f[c_ii] !~ /^[0-9]+$/ || f[c_ia] !~ /^[0-9]+$/) die("verdeel output: " g ": not an integer")
    ind[g] = f[c_ii] + 0; ind_amv[g] = f[c_ia] + 0
}

# ---------------------------------------------------------------- computing

END {
    if (failed) exit 1
    if (file != 4) die("expected 4 input files")
    for (g in ind) if (!(g in prov)) die(g " is in the verdeel output but not in gemeenten.csv")
    for (i = 1; i <= N; i++) if (!(code[i] in ind)) die(code[i] " has no indicative number")
    for (g in fixed_duur) if (!(g in prov)) die("municipalities.csv: unknown " g)
    if (!("NL" in real_gereal) || real_gereal["NL"] == "") die("provinces.csv: no national gerealiseerd")
    if (real_amv["NL"] == "") die("provinces.csv: no national amv_plaatsen")

    # gm_code and province order (insertion sort; the result must not depend
    # on the order of the input rows).
    for (i = 2; i <= N; i++) { t = code[i]; for (j = i - 1; j >= 1 && code[j] > t; j--) code[j + 1] = code[j]; code[j + 1] = t }
    for (i = 2; i <= NP; i++) { t = pcode[i]; for (j = i - 1; j >= 1 && pcode[j] > t; j--) pcode[j + 1] = pcode[j]; pcode[j + 1] = t }
    for (i = 1; i <= NP; i++) if (!(pcode[i] in real_offer)) die("provinces.csv: no row for " pcode[i])

    # The illustrative number h per municipality.
    for (i = 1; i <= N; i++) { g = code[i]; h[g] = (37 * (substr(g, 3) + 0)) % 100 }

    # 1. duurzaam_bijzonder: ILLUSTRATIVE.  Municipalities with h mod 7 = 0
    #    have 8 * (1 + h mod 5) special places (8..40); 8 is below the
    #    minimum of 16 (Besluit 3.1.2), so some do not count.
    for (i = 1; i <= N; i++) { g = code[i]; bijz[g] = (h[g] % 7 == 0) ? 8 * (1 + h[g] % 5) : 0 }

    # 2. duurzaam: REAL where municipalities.csv has it (Westerwolde 2000).
    #    ILLUSTRATIVE elsewhere: h < 14: an existing centre of 100 * (1 + h mod 6)
    #    places (100..600); 14 <= h < 20: a small location of 10 * (3 + h mod 6)
    #    places (30..80, below the minimum of 100 of Besluit 3.1.1); else 0.
    #    Where provinces.csv has a REAL provincial total (Zuid-Holland 2000),
    #    that total is shared over the province in proportion to these
    #    illustrative sizes instead.
    for (i = 1; i <= N; i++) {
        g = code[i]
        duur_ill[g] = h[g] < 14 ? 100 * (1 + h[g] % 6) : h[g] < 20 ? 10 * (3 + h[g] % 6) : 0
    }
    for (pi = 1; pi <= NP; pi++) {
        p = pcode[pi]; k = members(p); kk = 0; fixed = 0
        for (i = 1; i <= k; i++) {
            g = mm[i]
            if (g in fixed_duur) { duur[g] = fixed_duur[g]; fixed += duur[g] }
            else { duur[g] = duur_ill[g]; free[++kk] = g }
        }
        if (real_duur[p] != "") {
            if (real_duur[p] < fixed) die(p ": duurzaam total below the fixed figures")
            apportion(real_duur[p] - fixed, kk, free, duur_ill, duur)
        }
    }
    for (i = 1; i <= N; i++) { g = code[i]; exist[g] = duur[g] + bijz[g] }

    # 3. aanbod_fase1: places offered at the provincial table (November 2024),
    #    existing durable places included (the provincial reports count them:
    #    Groningen's 4525 include Ter Apel).
    #    REAL provincial total: every municipality offers its existing places
    #    plus a share of (total - existing places in the province) in
    #    proportion to its indicative number.
    #    No total (Utrecht): ILLUSTRATIVE, max(existing, indicatief * offer_pct(h) / 100).
    for (pi = 1; pi <= NP; pi++) {
        p = pcode[pi]; k = members(p); E = 0
        for (i = 1; i <= k; i++) E += exist[mm[i]]
        if (real_offer[p] != "") {
            if (real_offer[p] < E) die(p ": offered total " real_offer[p] " below existing places " E)
            apportion(real_offer[p] - E, k, mm, ind, share)
            for (i = 1; i <= k; i++) offer[mm[i]] = exist[mm[i]] + share[mm[i]]
        } else {
            for (i = 1; i <= k; i++) {
                g = mm[i]; o = int(ind[g] * offer_pct(h[g]) / 100)
                offer[g] = o > exist[g] ? o : exist[g]
            }
        }
        O[p] = 0
        for (i = 1; i <= k; i++) { O[p] += offer[mm[i]]; newoffer[mm[i]] = offer[mm[i]] - exist[mm[i]] }
    }

    # 4. gerealiseerd: places available on 1 July 2025.
    #    REAL: the national 74500 and Zuid-Holland's 13205.  The rest of the
    #    national total is shared over the other provinces in proportion to
    #    their aanbod_fase1 totals (a METHOD, so these provincial sums are
    #    derived, not reported).  Within a province: existing places plus a
    #    share of the remainder in proportion to each municipality's new offer.
    rest = real_gereal["NL"]; k = 0
    for (pi = 1; pi <= NP; pi++) {
        p = pcode[pi]
        if (real_gereal[p] != "") { R[p] = real_gereal[p] + 0; rest -= R[p] } else pl[++k] = p
    }
    apportion(rest, k, pl, O, R)
    for (pi = 1; pi <= NP; pi++) {
        p = pcode[pi]; k = members(p); E = 0
        for (i = 1; i <= k; i++) E += exist[mm[i]]
        if (R[p] < E) die(p ": realised total " R[p] " below existing places " E)
        apportion(R[p] - E, k, mm, newoffer, share)
        for (i = 1; i <= k; i++) realised[mm[i]] = exist[mm[i]] + share[mm[i]]
    }

    # 5. gerealiseerd_klein: ILLUSTRATIVE.  New places (realised - existing):
    #    all small-scale when fewer than 100 (one location below 100), else
    #    small_pct(h) of them; plus existing places in locations below 100:
    #    duurzaam when it is below 100, and all duurzaam_bijzonder (8..40).
    for (i = 1; i <= N; i++) {
        g = code[i]; nw = realised[g] - exist[g]
        small[g] = (nw < 100 ? nw : int(nw * small_pct(h[g]) / 100)) + (duur[g] < 100 ? duur[g] : 0) + bijz[g]
    }

    # 6. amv_plaatsen: amv places.  REAL provincial totals as reported in
    #    November 2024 (GR, GE, OV, NH, ZE, NB, LI) and the national 5731;
    #    the rest of the national total is shared over the other provinces in
    #    proportion to their amv tasks (sum of indicatief_amv).  Within a
    #    province: in proportion to gerealiseerd (amv places are part of the
    #    places, and only where places are).
    rest = real_amv["NL"]; k = 0
    for (pi = 1; pi <= NP; pi++) {
        p = pcode[pi]; k2 = members(p); T_amv[p] = 0
        for (i = 1; i <= k2; i++) T_amv[p] += ind_amv[mm[i]]
        if (real_amv[p] != "") { A[p] = real_amv[p] + 0; rest -= A[p] } else pl2[++k] = p
    }
    apportion(rest, k, pl2, T_amv, A)
    for (pi = 1; pi <= NP; pi++) { p = pcode[pi]; k = members(p); apportion(A[p], k, mm, realised, amv) }

    # 7. amv_vraag: ILLUSTRATIVE, the indicative amv part (indicatief_amv).

    # ------------------------------------------------------------ checking
    if (N != 342) die("expected 342 municipalities, found " N)
    for (i = 1; i <= N; i++) {
        g = code[i]
        if (duur[g] < 0 || bijz[g] < 0 || offer[g] < 0 || realised[g] < 0 || small[g] < 0 || amv[g] < 0 || ind_amv[g] < 0)
            die(g ": negative figure")
        if (small[g] > realised[g]) die(g ": gerealiseerd_klein > gerealiseerd")
        if (amv[g] > realised[g]) die(g ": amv_plaatsen > gerealiseerd")
        if (exist[g] > offer[g] || exist[g] > realised[g]) die(g ": existing places above offer or realised")
        sd[prov[g]] += duur[g]; so[prov[g]] += offer[g]; sr[prov[g]] += realised[g]; sa[prov[g]] += amv[g]
        nr += realised[g]; na += amv[g]
    }
    for (pi = 1; pi <= NP; pi++) {
        p = pcode[pi]
        if (real_duur[p] != "" && sd[p] != real_duur[p]) die(p ": duurzaam sum " sd[p] " != " real_duur[p])
        if (real_offer[p] != "" && so[p] != real_offer[p]) die(p ": aanbod_fase1 sum " so[p] " != " real_offer[p])
        if (real_gereal[p] != "" && sr[p] != real_gereal[p]) die(p ": gerealiseerd sum " sr[p] " != " real_gereal[p])
        if (real_amv[p] != "" && sa[p] != real_amv[p]) die(p ": amv_plaatsen sum " sa[p] " != " real_amv[p])
    }
    if (nr != real_gereal["NL"]) die("national gerealiseerd " nr " != " real_gereal["NL"])
    if (na != real_amv["NL"]) die("national amv_plaatsen " na " != " real_amv["NL"])

    # ------------------------------------------------------------ writing
    print "gm_code,duurzaam,duurzaam_bijzonder,aanbod_fase1,gerealiseerd,gerealiseerd_klein,amv_plaatsen,amv_vraag"
    for (i = 1; i <= N; i++) {
        g = code[i]
        printf "%s,%d,%d,%d,%d,%d,%d,%d\n", g, duur[g], bijz[g], offer[g], realised[g], small[g], amv[g], ind_amv[g]
    }
}
AWK

awk -f "$prog" data/scenario/provinces.csv data/scenario/municipalities.csv \
    data/gemeenten.csv "$ind" >"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"
echo "make-scenario.sh: wrote $out" >&2
