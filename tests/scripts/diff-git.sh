#!/bin/sh
# verdeel diff against a git revision, and as git's diff driver: a rule
# file committed, then changed; `diff --git HEAD FILE` and `git diff` with
# the driver configured must both show the structural change.
# Usage: diff-git.sh VERDEEL
set -eu
bin=${1:?usage: diff-git.sh VERDEEL}
command -v git >/dev/null 2>&1 || { echo "git not installed: skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
git init -q .
git config user.email t@example.invalid
git config user.name t
mkdir rules
printf 'code,pop\nA,100\nB,300\n' > rules/d.csv
cat > rules/x.vdl <<'VDL'
law "x" valid from 2024-01-01
dataset g from "d.csv" key code { code text  pop integer persons }
param BO : places = 100 [t]
rule share : places = apportion(BO, pop, largest_remainder) [s]
output share
VDL
git add rules && git commit -qm one
sed -i 's/= 100 \[t\]/= 200 [t]/' rules/x.vdl

out=$($bin diff --git HEAD rules/x.vdl) && { echo "expected exit 1 for a change"; exit 1; } || rc=$?
[ "${rc:-0}" -eq 1 ] || { echo "exit $rc, expected 1"; echo "$out"; exit 1; }
echo "$out" | grep -q "parameter BO: value changed" || { echo "no structural change shown:"; echo "$out"; exit 1; }
echo "$out" | grep -q "rules/x.vdl@HEAD" || { echo "old version not named:"; echo "$out"; exit 1; }
echo "$out" | grep -q "B .*75 .*150" || { echo "no impact shown:"; echo "$out"; exit 1; }

# as a git diff driver
git config diff.verdeel.command "$bin diff"
echo '*.vdl diff=verdeel' > .gitattributes
drv=$(git diff rules/x.vdl)
echo "$drv" | grep -q "parameter BO: value changed" || { echo "driver output:"; echo "$drv"; exit 1; }

# an unknown revision is an error, not a diff
if $bin diff --git nosuchrev rules/x.vdl >/dev/null 2>&1; then echo "unknown revision accepted"; exit 1; fi
echo ok
