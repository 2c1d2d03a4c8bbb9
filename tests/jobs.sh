#!/usr/bin/env bash
# Parallel parsing (--jobs) changes nothing but the time: every report on the
# corpus is byte for byte the same with 1, 2 and 4 workers, with and without
# --parse-all, and so is standard error (problems keep input order). The result
# cache is off, so every run parses. ENTRYCHECK_JOB_COUNTS overrides the worker
# counts compared with 1 (the sanitizer suite, where a run is several times
# slower, compares 1 and 4 only).
#   tests/jobs.sh BINARY SRCROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"

cd "$root" || exit 2
runs=0
counts=${ENTRYCHECK_JOB_COUNTS:-2 4}
# ENTRYCHECK_JOB_REPORTS overrides the reports compared (the sanitizer suite: the
# SARIF one, whose findings are the JSON one's).
reports=${ENTRYCHECK_JOB_REPORTS:-entries:json check:json check:sarif}
for all in "" --parse-all; do
	for report in $reports; do
		report=${report/:/ }
		set -- $report
		name="$1-$2${all:+-all}"
		for n in 1 $counts; do
			"$bin" "$1" --format "$2" --fail-on none --no-progress --no-cache $all -j "$n" corpus \
				>"$scratch/$name.$n.out" 2>"$scratch/$name.$n.err"
			echo $? >"$scratch/$name.$n.rc"
			runs=$((runs + 1))
		done
		[ -s "$scratch/$name.1.out" ] || fail "$name with -j 1 wrote nothing"
		for n in $counts; do
			for part in out err rc; do
				cmp -s "$scratch/$name.1.$part" "$scratch/$name.$n.$part" || {
					diff -u "$scratch/$name.1.$part" "$scratch/$name.$n.$part" | head -20 >&2
					fail "$name: standard $part with -j $n differs from -j 1"
				}
			done
		done
	done
done

# The option's word is checked.
"$bin" entries -j 0 corpus >/dev/null 2>"$scratch/bad.err" && fail "-j 0 was accepted"
grep -q -- "--jobs wants a number" "$scratch/bad.err" || fail "-j 0: $(cat "$scratch/bad.err")"
"$bin" entries --jobs x corpus >/dev/null 2>&1 && fail "--jobs x was accepted"

finish "jobs: $runs runs, identical with 1 and $counts workers"
