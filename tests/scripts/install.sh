#!/bin/sh
# make install into a temporary prefix: the binary runs the installed laws
# on the installed data, the man page is there, and the embedding example
# builds against the installed library and headers with pkg-config and
# prints what the API returns; make uninstall removes it all again.
# Usage: install.sh VERDEEL   (the argument is not used: the build is installed)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v pkg-config >/dev/null 2>&1 || { echo "pkg-config not installed (make deps)"; exit 1; }
# A fresh make, not the sanitizer build that may be running this script:
# the embedding example below links without the sanitizer runtime.
unset MAKEFLAGS MAKELEVEL MFLAGS SAN
make -s -C "$root" install PREFIX="$tmp/p" >/dev/null
p="$tmp/p"
for f in bin/verdeel lib/libverdeel.a include/verdeel.h include/verdeel_ext.h lib/pkgconfig/verdeel.pc \
         share/man/man1/verdeel.1 share/verdeel/rules/spreidingswet-2024.vdl share/verdeel/data/gemeenten.csv \
         share/verdeel/data/gemeenten-2025.geojson; do
    [ -f "$p/$f" ] || { echo "not installed: $f"; exit 1; }
done
"$p/bin/verdeel" run "$p/share/verdeel/rules/spreidingswet-2024.vdl" --phase raming --level provincie --format csv \
    | grep -q '^Noord-Brabant,14689,' || { echo "the installed law does not run on the installed data"; exit 1; }
(cd "$tmp" && "$p/bin/verdeel" report "$p/share/verdeel/rules/spreidingswet-2024.vdl" -o map.html) \
    || { echo "the installed report does not find the installed boundaries"; exit 1; }
[ "$(grep -o '<path[^>]*data-code="GM' "$tmp/map.html" | wc -l)" -eq 342 ] \
    || { echo "the installed report does not draw 342 municipalities"; exit 1; }
PKG_CONFIG_PATH="$p/lib/pkgconfig" cc -std=c11 -Wall -Wextra -Werror -o "$tmp/embed" "$root/examples/embed.c" \
    $(PKG_CONFIG_PATH="$p/lib/pkgconfig" pkg-config --cflags --libs verdeel)
"$tmp/embed" > "$tmp/out"
cat > "$tmp/want" <<'OUT'
A Noord: 30 places
B Noord: 60 places
C Zuid: 210 places
provincie Noord: 90 places
provincie Zuid: 210 places
finding: genoeg for provincie Noord [example]
BO 100: Noord 30 places
BO 200: Noord 60 places
BO 300: Noord 90 places
BO 400: Noord 120 places
BO 500: Noord 150 places
OUT
diff -u "$tmp/want" "$tmp/out"
make -s -C "$root" uninstall PREFIX="$tmp/p" >/dev/null
left=$(find "$p" -type f | wc -l)
[ "$left" -eq 0 ] || { echo "uninstall left files:"; find "$p" -type f; exit 1; }
echo ok
