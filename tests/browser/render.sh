#!/bin/sh
# tests/browser/render.sh: the HTML report as a browser shows it (make
# test-browser).  Headless Chromium (Debian's; installed with apt-get when
# it is missing) renders three pages to PNG, offline, with a fresh profile:
#
#   1. the report of the enacted law: its map (map-a) must be drawn;
#   2. a comparison of the 2023 bill and the VNG/IPO proposal: the diverging
#      map (map-d) must be drawn;
#   3. the same report with the map's areas hidden by CSS: the check must
#      call it blank, so that it is known to tell the difference.
#
# "Drawn" is decided by tests/browser/mapcheck.py from the PNG's pixels: the
# colours of the map's legend classes must fill a region of at least 250 x
# 250 pixels, at least 5 classes must each cover 300 pixels or more (a legend
# swatch is 192), they must cover 15% of the region, and the region must
# hold at least 20 distinct colours.
#
# Usage: sh tests/browser/render.sh VERDEEL [SCREENSHOT.png]
#   with SCREENSHOT.png: also keep the first render there (docs/report.png
#   is made this way).  The last line is "N passed, M failed".
set -u
bin=${1:?usage: render.sh VERDEEL [SCREENSHOT.png]}
keep=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $keep in ''|/*) ;; *) keep=$(pwd)/$keep ;; esac
cd "$root" || exit 2

find_chromium() {
    for c in chromium chromium-browser; do
        if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
    done
    return 1
}
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! chrome=$(find_chromium); then
    echo "installing Debian's chromium"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium
    chrome=$(find_chromium) || { echo "render.sh: chromium could not be installed"; echo "0 passed, 1 failed"; exit 1; }
fi
if ! command -v python3 >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3 ||
        { echo "render.sh: python3 is needed"; echo "0 passed, 1 failed"; exit 1; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# render HTML PNG HEIGHT: one page, offline, a fresh profile each time
render() {
    rm -rf "$tmp/profile"
    timeout 180 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-default-browser-check --disable-extensions --hide-scrollbars \
        --user-data-dir="$tmp/profile" --force-device-scale-factor=1 \
        --window-size="1200,$3" --screenshot="$2" "file://$1" >"$tmp/chromium.log" 2>&1
    if [ ! -s "$2" ]; then
        echo "render.sh: chromium wrote no screenshot of $1"
        sed -n '1,20p' "$tmp/chromium.log"
        return 1
    fi
}

# check NAME PNG HTML MAP WANT: WANT is drawn or blank
check() {
    if python3 tests/browser/mapcheck.py "$2" "$3" "$4" > "$tmp/check.out" 2>&1; then got=drawn; else got=blank; fi
    sed 's/^/  /' "$tmp/check.out"
    if [ "$got" = "$5" ]; then
        passed=$((passed + 1))
        echo "ok   $1"
    else
        failed=$((failed + 1))
        echo "FAIL $1: the map should be $5"
    fi
}

if "$bin" report rules/spreidingswet-2024.vdl -o "$tmp/report.html" && render "$tmp/report.html" "$tmp/report.png" 1000; then
    check "report: the map is drawn" "$tmp/report.png" "$tmp/report.html" map-a drawn
    if [ -n "$keep" ]; then cp "$tmp/report.png" "$keep" && echo "kept $keep"; fi
else
    failed=$((failed + 1)); echo "FAIL report: not rendered"
fi

if "$bin" report rules/wetsvoorstel-2023.vdl --compare rules/vng-ipo-2023.vdl --map-output eindtaak -o "$tmp/compare.html" &&
   render "$tmp/compare.html" "$tmp/compare.png" 3200; then
    check "compare: the difference map is drawn" "$tmp/compare.png" "$tmp/compare.html" map-d drawn
else
    failed=$((failed + 1)); echo "FAIL compare: not rendered"
fi

sed 's|</style>|#map-a-areas{display:none}</style>|' "$tmp/report.html" > "$tmp/hidden.html"
if render "$tmp/hidden.html" "$tmp/hidden.png" 1000; then
    check "control: a map without its areas is called blank" "$tmp/hidden.png" "$tmp/hidden.html" map-a blank
else
    failed=$((failed + 1)); echo "FAIL control: not rendered"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
