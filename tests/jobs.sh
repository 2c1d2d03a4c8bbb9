#!/usr/bin/env bash
# The output does not depend on -j: every report format of the corpus is
# byte-for-byte the same with one, two and four jobs.
#   tests/jobs.sh BINARY ROOT
set -uo pipefail
bin=$1 root=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$root" || exit 2
failed=0
for format in text json sarif; do
	for j in 1 2 4; do
		"$bin" check -q -j "$j" --format "$format" corpus >"$scratch/$format.$j" 2>"$scratch/$format.$j.err"
		echo "$?" >>"$scratch/$format.$j"
	done
	for j in 2 4; do
		if ! cmp -s "$scratch/$format.1" "$scratch/$format.$j"; then
			echo "FAIL check --format $format: -j $j differs from -j 1:" >&2
			diff "$scratch/$format.1" "$scratch/$format.$j" | head -20 >&2
			failed=$((failed + 1))
		fi
	done
done
"$bin" check -j 0 corpus >/dev/null 2>"$scratch/err"
[ $? = 2 ] && grep -q "wants a number of jobs" "$scratch/err" || { echo "FAIL -j 0 accepted" >&2; failed=$((failed + 1)); }
[ "$failed" = 0 ] && echo "jobs: every check passed"
exit $((failed > 0))
