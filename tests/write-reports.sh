#!/usr/bin/env bash
# Writes the reports of the bundled corpus: usage: write-reports.sh ENTRYCHECK [OUTDIR]
# Run from the repository root so that paths in the reports are repo-relative.
# tests/reports.sh runs it into a scratch directory and compares with reports/.
set -uo pipefail
bin=$1
out=${2:-reports}
mkdir -p "$out"
status=0
"$bin" entries --format json -o "$out/entries.json" corpus 2>"$out/entries.stderr.txt" || status=$?
"$bin" entries --format text -o "$out/entries.txt" corpus 2>/dev/null || status=$?
if [ "$status" -ne 0 ]; then
	echo "entrycheck exited with $status on corpus/:" >&2
	cat "$out/entries.stderr.txt" >&2
	exit "$status"
fi
echo "wrote $out/entries.json, $out/entries.txt and $out/entries.stderr.txt"
