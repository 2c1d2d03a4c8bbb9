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
for f in entries.json entries.txt entries.stderr.txt; do
	if ! diff -u "reports/$f" "$scratch/$f"; then
		echo "reports/$f is out of date: run .ci/reports and review the change" >&2
		fail=$((fail + 1))
	fi
done
[ "$fail" -eq 0 ] && echo "reports: 3 passed, 0 failed" || echo "reports: $((3 - fail)) passed, $fail failed"
exit "$fail"
