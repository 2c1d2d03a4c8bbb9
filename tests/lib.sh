# The harness every shell test sources first:  . "$(dirname "$0")/lib.sh"
# (tests/fuzz/ and deeper: . "$(dirname "$0")/../lib.sh"). It gives
#   scratch            a new empty folder (its physical path), removed when the
#                      test exits; KEEP=1 keeps it and names it
#   on_exit CMD        one more command for the exit trap, run before the removal
#   fail MSG           "FAIL MSG" on stderr, counted in $failed; the test goes on,
#                      so one run names every broken check
#   pass [MSG]         counts a check that passed in $passed ("ok: MSG" if given)
#   die MSG            "NAME: MSG" on stderr and exit 1 at once (a step the rest needs)
#   skip MSG           "NAME: skipped: MSG" and exit 77 (ctest's SKIP_RETURN_CODE)
#   skip_outside_ci WHAT HINT
#                      a missing tool: exit 1 when CI is set (the CI image must
#                      have it), else skipped
#   finish [SUMMARY]   the last line of a test: exit 0 printing SUMMARY (else the
#                      counts) when nothing failed, else the counts on stderr, exit 1
#   use_binary PATH    $bin: the built entrycheck's absolute path (exit 2 if it is none)
#   use_root PATH      $root: the source tree's absolute path (exit 2 if it is none)
#   copy_corpus SRCROOT DEST   SRCROOT/corpus into DEST/corpus, only the folders
#                      ENTRYCHECK_TEST_CORPUS names when it is set (the sanitizer
#                      suite names those the tests edit)
#   corpus_report NAME ARGS... (after cd to a corpus copy) `check` of corpus/ as JSON:
#                      $scratch/NAME.json, its stderr NAME.err, its exit code NAME.rc
#   same_report NAME REF   NAME's report and problems (but the caches' own notes)
#                      equal REF's, and NAME exited 0
# $test_name is the script's name without .sh, the prefix of the harness's messages.
# Exit codes stay the tests' own: 0 passed, 1 failed, 77 skipped, 2 could not run.
set -uo pipefail

test_name=$(basename "$0" .sh)
failed=0
passed=0
lib_exit_hooks=()

lib_on_exit() {
	local hook
	for hook in "${lib_exit_hooks[@]}"; do
		eval "$hook"
	done
	if [ -n "${KEEP:-}" ]; then
		echo "$test_name: scratch kept: $scratch" >&2
	else
		rm -rf "$scratch"
	fi
}
on_exit() { lib_exit_hooks+=("$1"); }

scratch=$(mktemp -d) && scratch=$(cd "$scratch" && pwd -P) || { echo "$test_name: no scratch folder" >&2; exit 2; }
trap lib_on_exit EXIT

fail() {
	echo "FAIL $*" >&2
	failed=$((failed + 1))
}

pass() {
	passed=$((passed + 1))
	[ $# -eq 0 ] || echo "ok: $*"
}

die() {
	echo "$test_name: $*" >&2
	exit 1
}

skip() {
	echo "$test_name: skipped: $*"
	exit 77
}

skip_outside_ci() {
	if [ -n "${CI:-}" ]; then
		echo "$test_name: $1 is missing${2:+ ($2)}" >&2
		exit 1
	fi
	skip "no $1${2:+ ($2)}"
}

finish() {
	local counts="$failed failed"
	[ "$passed" -gt 0 ] && counts="$passed passed, $counts"
	if [ "$failed" -eq 0 ]; then
		echo "${1:-$test_name: $counts}"
		exit 0
	fi
	echo "$test_name: $counts" >&2
	exit 1
}

use_binary() {
	[ -n "${1:-}" ] && [ -f "$1" ] && [ -x "$1" ] ||
		{ echo "$test_name: '${1:-}' is not the entrycheck program (the first argument)" >&2; exit 2; }
	bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
}

use_root() {
	[ -n "${1:-}" ] && [ -d "$1/analyzer" ] ||
		{ echo "$test_name: '${1:-}' is not the source tree" >&2; exit 2; }
	root=$(cd "$1" && pwd)
}

copy_corpus() {
	local d
	mkdir -p "$2/corpus" || return 1
	if [ -z "${ENTRYCHECK_TEST_CORPUS:-}" ]; then
		cp -r "$1/corpus/." "$2/corpus/"
		return
	fi
	for d in $ENTRYCHECK_TEST_CORPUS; do
		mkdir -p "$(dirname "$2/corpus/$d")" && cp -r "$1/corpus/$d" "$2/corpus/$d" || return 1
	done
}

corpus_report() {
	local name=$1
	shift
	"$bin" check --format json --fail-on none -v "$@" corpus >"$scratch/$name.json" 2>"$scratch/$name.err"
	echo $? >"$scratch/$name.rc"
}

same_report() {
	local notes='note: (analyzed|evaluated|[0-9]+ cache entr)'
	cmp -s "$scratch/$2.json" "$scratch/$1.json" || fail "$1: the report differs from $2's"
	diff <(grep -Ev "$notes" "$scratch/$2.err") <(grep -Ev "$notes" "$scratch/$1.err") >/dev/null ||
		fail "$1: the problems differ from $2's"
	[ "$(cat "$scratch/$1.rc")" = 0 ] || fail "$1: exit $(cat "$scratch/$1.rc")"
}
