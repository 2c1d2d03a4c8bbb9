#!/usr/bin/env bash
# The committed reports/ must be exactly what the corpus produces now, so
# every change of behaviour shows in review. Regenerate with .ci/reports.
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
cd "$root"
tests/write-reports.sh "$bin" "$scratch" >/dev/null || die "tests/write-reports.sh failed"
for f in entries.json entries.txt entries.stderr.txt check.json check.txt check.sarif check.stderr.txt; do
	if diff -u "reports/$f" "$scratch/$f"; then
		pass
	else
		fail "reports/$f is out of date: run .ci/reports and review the change"
	fi
done
finish
