#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) in BUILD and runs
# each for SECONDS, seeded from corpus/, rules/, reports/ and tests/; first
# replays every saved crash in tests/fuzz/regressions/HARNESS/ (each one is a
# regression test). Exit 77 (skipped) without clang.
#   tests/fuzz/run.sh SRCROOT BUILD [SECONDS] [HARNESS...]
# A longer run, e.g. 30 minutes each, one after the other:
#   tests/fuzz/run.sh . build-fuzz 1800
. "$(dirname "$0")/../lib.sh"
test_name=fuzz
root=$(cd "$1" && pwd)
build=$2
seconds=${3:-20}
shift 3 2>/dev/null || shift $#
harnesses=${*:-source json suppress facts evals buildfiles includes}
command -v clang >/dev/null || skip "clang not found"
mkdir -p "$build"
build=$(cd "$build" && pwd)
if ! { CC=clang cmake -S "$root" -B "$build" -DENTRYCHECK_FUZZ=ON -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1 &&
	cmake --build "$build" -j2 --target $(printf 'fuzz_%s ' $harnesses) >"$build/build.log" 2>&1; }; then
	tail -n 30 "$build/configure.log" "$build/build.log" >&2
	exit 2
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99}
export LIBCLANG_DISABLE_CRASH_RECOVERY=1

seed() { # HARNESS DIR: the seed corpus
	mkdir -p "$2"
	case $1 in
	source | suppress)
		find "$root/corpus" "$root/tests/cfg" -name '*.c' -size -64k | head -n 400 |
			while read -r f; do cp "$f" "$2/$(echo "$f" | md5sum | cut -c1-16)"; done ;;
	json)
		local i=0
		for f in "$root"/rules/*.json "$root"/tests/rules/*.json "$root"/tests/rules/*/*.json; do
			{ printf '\0'; cat "$f"; } >"$2/rules-$((i++))"
		done
		for f in $(find "$root/corpus" "$root/tests" -name '.entrycheck.json' -o -name 'config*.json' | head -n 50); do
			{ printf '\1'; cat "$f"; } >"$2/config-$((i++))"
		done
		for f in "$root"/reports/check.json "$root"/reports/check.sarif; do
			{ printf '\2'; cat "$f"; } >"$2/baseline-$((i++))"
		done
		printf '\3[{"directory":"/tmp","file":"a.c","command":"cl.exe /I inc /DX=1 -c a.c"}]' >"$2/db-1"
		printf '\3[{"directory":"/tmp","file":"a.c","arguments":["gcc","-MF","/Data/d.d","-c","a.c"]}]' >"$2/db-2" ;;
	buildfiles)
		# Each project of tests/projects with its .props beside it, and the hostile shapes.
		local i=0
		for f in $(find "$root/tests/projects" -name '*.vcxproj' | head -n 100); do
			{ cat "$f"; for p in $(ls "$(dirname "$f")"/*.props 2>/dev/null | head -n 3); do
				printf '\0'; cat "$p"; done; } >"$2/project-$((i++))"
		done
		for f in $(find "$root/tests/projects" -name sources | head -n 50); do
			{ printf '\0\0\0\0'; cat "$f"; } >"$2/sources-$((i++))"
		done
		(cd "$2" && mkdir -p shapes && cd shapes && cp "$root/corpus/other/procaudit.c" drv.c &&
			python3 "$root/tests/bench/gen_buildfiles.py" vcxproj 12 && cp drv.vcxproj ../doubling &&
			python3 "$root/tests/bench/gen_buildfiles.py" links &&
			{ cat drv.vcxproj; printf '\0'; cat a.props; } >../links &&
			python3 "$root/tests/bench/gen_buildfiles.py" sources 12 &&
			{ printf '\0\0\0\0'; cat sources; } >../sources-doubling)
		rm -rf "$2/shapes" ;;
	includes)
		# Corpus sources, the three headers that include each other as "../dK/hK.h", and
		# macros doubling tokens and operators.
		find "$root/corpus" -name '*.c' -size -16k | head -n 100 |
			while read -r f; do cp "$f" "$2/$(echo "$f" | md5sum | cut -c1-16)"; done
		printf '#include "h0.h"\nint x;\0#include "d1/h1.h"\n#include "d2/h2.h"\0#include "../d2/h2.h"\n#include "../h0.h"\0#include "../d1/h1.h"\n#include "l1/h0.h"\n' >"$2/siblings"
		printf '#define M0 1,\n#define M1 M0 M0\n#define M2 M1 M1\nint t[] = { M2 0 };\n#include "h0.h"\0#define M3 M2 M2\n' >"$2/macros"
		printf '#define S0(x) (x)\n#define S1(x) S0(x) + S0(x)\nint t = S1(2);\n#include "h0.h"\0#define S2(x) S1(x) + S1(x); S1(x)\n' >"$2/sums" ;;
	facts)
		# Result cache entries of corpus/ written by $EC_SEED_BIN (an entrycheck), their
		# magic and MAC cut off (the harness decodes the body).
		[ -x "${EC_SEED_BIN:-}" ] || return 0
		"$EC_SEED_BIN" check --fail-on none --cache-dir "$2.cache" "$root/corpus" >/dev/null 2>&1
		for f in "$2.cache"/results/unit-*; do
			python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(d[16 + 32:])' "$f" "$2/$(basename "$f")"
		done
		rm -rf "$2.cache" ;;
	evals)
		# Evaluation cache entries of corpus/, cut as for facts.
		[ -x "${EC_SEED_BIN:-}" ] || return 0
		"$EC_SEED_BIN" check --fail-on none --cache-dir "$2.cache" "$root/corpus" >/dev/null 2>&1
		for f in $(ls "$2.cache"/evals/eval-* | head -n 200); do
			python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(d[16 + 32:])' "$f" "$2/$(basename "$f")"
		done
		rm -rf "$2.cache" ;;
	esac
}

for h in $harnesses; do
	bin=$build/tests/fuzz/fuzz_$h
	regressions=$root/tests/fuzz/regressions/$h
	if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
		"$bin" "$regressions"/* >"$build/fuzz_$h.replay.log" 2>&1 ||
			fail "fuzz_$h: a saved regression input fails again"
	fi
	work=$build/fuzz-corpus/$h
	seed "$h" "$work"
	mkdir -p "$build/artifacts/$h"
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$h/" "$work" >"$build/fuzz_$h.log" 2>&1
	rc=$?
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz_$h.log" | grep -o '[0-9]*$')
	echo "fuzz_$h: ${seconds} s, ${execs:-?} executions, exit $rc"
	if [ "$rc" -ne 0 ]; then
		fail "fuzz_$h: see $build/fuzz_$h.log; save the artifact under tests/fuzz/regressions/$h/"
		grep -m 5 -E 'ERROR|SUMMARY' "$build/fuzz_$h.log" >&2
	fi
done
finish
