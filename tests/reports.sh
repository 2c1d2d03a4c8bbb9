#!/usr/bin/env bash
# The committed reports/ must be exactly what the corpus produces now, so
# every change of behaviour shows in review. Regenerate with .ci/reports.
set -uo pipefail
bin=$1
root=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$root"
tests/write-reports.sh "$bin" "$scratch" >/dev/null || exit 1
fail=0
files="entries.json entries.txt entries.stderr.txt check.json check.txt check.sarif check.stderr.txt"
for f in $files; do
	if ! diff -u "reports/$f" "$scratch/$f"; then
		echo "reports/$f is out of date: run .ci/reports and review the change" >&2
		fail=$((fail + 1))
	fi
done
total=$(echo $files | wc -w)
echo "reports: $((total - fail)) passed, $fail failed"
exit "$fail"
