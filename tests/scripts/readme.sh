#!/bin/sh
# Every example in README.md is real: each "$ ..." line inside a ```console
# block that calls ./verdeel is run from the repository root, and what it
# prints (stdout and stderr together) must be exactly the lines that follow
# it, up to the next "$ " line or the end of the block.  Other commands
# (make ...) are shown, not run.
# Usage: readme.sh VERDEEL
set -u
bin=${1:?usage: readme.sh VERDEEL}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2

# Split the README into numbered commands and expected outputs.
awk -v dir="$tmp" '
    /^```console$/ { inblock = 1; next }
    /^```/ && inblock { inblock = 0; cur = ""; next }
    !inblock { next }
    /^\$ / {
        cur = ""
        if (index($0, "./verdeel") == 0) next
        n++
        cur = dir "/" n
        printf "%s\n", substr($0, 3) > (cur ".cmd")
        printf "" > (cur ".want")
        next
    }
    cur != "" { print > (cur ".want") }
' README.md

fail=0 count=0
for cmd in "$tmp"/*.cmd; do
    [ -f "$cmd" ] || continue
    count=$((count + 1))
    base=${cmd%.cmd}
    line=$(cat "$cmd")
    # run the README's ./verdeel as the binary under test
    run=$(printf '%s\n' "$line" | sed "s#\\./verdeel#$bin#g")
    LC_ALL=C NO_COLOR=1 sh -c "$run" > "$base.got" 2>&1 </dev/null
    if ! cmp -s "$base.want" "$base.got"; then
        echo "README example differs: \$ $line"
        diff -u "$base.want" "$base.got" | sed -n '1,40p'
        fail=1
    fi
done
if [ "$count" -eq 0 ]; then
    echo "no examples found in README.md"
    exit 1
fi
exit $fail
