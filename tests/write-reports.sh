#!/usr/bin/env bash
# Writes the reports of the bundled corpus: usage: write-reports.sh ENTRYCHECK [OUTDIR]
# Run from the repository root so that paths in the reports are repo-relative.
# tests/reports.sh runs it into a scratch directory and compares with reports/.
set -uo pipefail
bin=$1
out=${2:-reports}
mkdir -p "$out"

# run NAME EXPECTED-STATUS ARGS...: one report, its stderr kept beside it.
run() {
	local name=$1 want=$2
	shift 2
	"$bin" "$@" -o "$out/$name" corpus 2>"$out/${name%.*}.stderr.txt"
	local got=$?
	if [ "$got" -ne "$want" ]; then
		echo "entrycheck $* corpus exited with $got, not $want:" >&2
		cat "$out/${name%.*}.stderr.txt" >&2
		return 1
	fi
}

status=0
run entries.json 0 entries --format json || status=1
run entries.txt 0 entries --format text || status=1
# The corpus holds deliberate violations: check exits 1 (findings), never 2.
run check.json 1 check --format json || status=1
run check.txt 1 check --format text || status=1
# SARIF without originalUriBaseIds: the absolute path of the checkout would
# make the committed file differ from machine to machine. Without the rules'
# help pages too: they are rules/docs/, and would make the file 2.5 MB.
run check.sarif 1 check --format sarif --srcroot-uri none --sarif-help short || status=1
[ "$status" -eq 0 ] && echo "wrote $(cd "$out" && ls | tr '\n' ' ')"
exit "$status"
