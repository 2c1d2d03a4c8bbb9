#!/usr/bin/env bash
# Lists the routines that the development set's DriverEntry routines call and
# that come from the Windows headers (or look like DDIs while no header
# declared them): the raw material of analyzer/wdk/ddi-coverage.txt.
#   tests/realworld/ddis.sh [-b ENTRYCHECK] OUTDIR TREES
# OUTDIR is a run.sh output directory (its entries.json files), TREES the
# directory holding the unpacked trees (paths in entries.json are relative to it).
set -euo pipefail
bin=build/entrycheck
if [ "${1:-}" = -b ]; then bin=$2; shift 2; fi
out=$1 trees=$2
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

python3 -c '
import glob, json, os, sys
for p in glob.glob(os.path.join(sys.argv[1], "*", "entries.json")):
    for e in json.load(open(p)).get("entries", []):
        print(e["file"])
' "$out" | sort -u >"$scratch/files"
(cd "$trees" && while read -r f; do
	"$bin" cfg --function DriverEntry "$f" 2>/dev/null || true
done <"$scratch/files") >"$scratch/cfg"
python3 -c '
import re, sys
declared, other = set(), set()
prefixes = ("Io", "Ke", "Ex", "Rtl", "Zw", "Ob", "Ps", "Mm", "Flt", "Ndis", "Wdf", "Cm", "Po", "Se",
            "FsRtl", "StorPort", "ScsiPort", "AtaPort", "Wsk", "Fwps", "Fwpm", "TraceLogging", "Dbg", "Kd")
for line in open(sys.argv[1]):
    m = re.search(r"call#\d+ ([A-Za-z_]\w*)\(", line)
    if m:
        (declared if "[sys]" in line else other).add(m.group(1))
for name in sorted(declared | {n for n in other if n.startswith(prefixes)}):
    print(name)
' "$scratch/cfg"
