#!/usr/bin/env bash
# The evaluation cache changes nothing but the time: on a copy of the corpus,
# a warm run evaluates no DriverEntry again and reports byte for byte what a
# run without the cache reports; after a helper's file is edited, and after a
# second definition makes a call resolve differently, exactly the entry that
# reads it is evaluated again; other rules or options are other entries;
# corrupt entries are misses; -j and --parse-all do not matter.
#   tests/evals.sh BINARY SRCROOT
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
scratch=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "scratch: $scratch"
trap '[ -n "${KEEP:-}" ] || rm -rf "$scratch"' EXIT
failed=0
fail() { echo "FAIL $*" >&2; failed=$((failed + 1)); }

. "$(dirname "$0")/copy-corpus.sh"
copy_corpus "$root" "$scratch/tree" || exit 2
cd "$scratch/tree" || exit 2
run() { # NAME ARGS...: the JSON report in $scratch/NAME.json, stderr in NAME.err
	local name=$1
	shift
	"$bin" check --format json --fail-on none -v "$@" corpus >"$scratch/$name.json" 2>"$scratch/$name.err"
	echo $? >"$scratch/$name.rc"
}
# NAME REF: the report and the problems (but the cache's own notes) equal REF's.
same() {
	cmp -s "$scratch/$2.json" "$scratch/$1.json" || fail "$1: the report differs from $2's"
	diff <(grep -Ev 'note: (analyzed|evaluated|[0-9]+ cache entr)' "$scratch/$2.err") \
		<(grep -Ev 'note: (analyzed|evaluated|[0-9]+ cache entr)' "$scratch/$1.err") >/dev/null ||
		fail "$1: the problems differ from $2's"
	[ "$(cat "$scratch/$1.rc")" = 0 ] || fail "$1: exit $(cat "$scratch/$1.rc")"
}
evaluated() { sed -n 's/.*note: evaluated \([0-9]*\) DriverEntry.*/\1/p' "$scratch/$1.err"; }
kept() { sed -n 's/.*, \([0-9]*\) of them taken from the evaluation cache.*/\1/p' "$scratch/$1.err"; }
cache=(--cache-dir "$scratch/c")

run ref --no-cache
run cold "${cache[@]}"
same cold ref
total=$(evaluated cold)
[ "${total:-0}" -gt 50 ] || fail "cold: only ${total:-no} DriverEntry routines evaluated"
[ "$(kept cold)" = 0 ] || fail "cold: $(kept cold) evaluations taken from an empty cache"
ls "$scratch/c/evals" | grep -q 'tmp-' && fail "cold: a temporary file was left in the cache"

run warm "${cache[@]}"
same warm ref
[ "$(kept warm)" = "$total" ] || fail "warm: $(kept warm) of $total evaluations came from the cache"
run j1 "${cache[@]}" -j 1
same j1 ref
# Other rules, other options: other entries.
run strict "${cache[@]}" --strict
[ "$(kept strict)" = 0 ] || fail "--strict: $(kept strict) evaluations taken from runs without it"
run select "${cache[@]}" --select DE
[ "$(kept select)" = 0 ] || fail "--select: $(kept select) evaluations taken from runs of the whole rule set"

# --parse-all parses more files, so some calls resolve differently: those
# entries are evaluated again (and kept as that program answered).
run all "${cache[@]}" --parse-all
cmp -s <(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["findings"])' "$scratch/ref.json") \
	<(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["findings"])' "$scratch/all.json") ||
	fail "--parse-all: other findings than without the cache"

# A helper's file edited: the one entry that reaches it is evaluated again.
run rewarm "${cache[@]}"
sed -i 's/config.EvtDriverUnload = HwRngEvtDriverUnload;/config.EvtDriverUnload = NULL;/' corpus/kmdf/hwrng/framework.c
run edited-ref --no-cache
run edited "${cache[@]}"
same edited edited-ref
[ "$(kept edited)" = $((total - 1)) ] ||
	fail "edited: $(kept edited) of $total evaluations from the cache, expected $((total - 1)) (only hwrng.c reaches framework.c)"

# A second definition of the helper in its directory: the call no longer
# resolves to one body, and that entry is evaluated again.
printf '#include "hwrng.h"\nNTSTATUS HwRngCreateFrameworkDriver(PDRIVER_OBJECT d, PUNICODE_STRING r)\n{\n    UNREFERENCED_PARAMETER(d);\n    UNREFERENCED_PARAMETER(r);\n    return STATUS_SUCCESS;\n}\n' \
	>corpus/kmdf/hwrng/second.c
run second-ref --no-cache
run second "${cache[@]}"
same second second-ref
[ "$(kept second)" -lt "$total" ] || fail "second: every evaluation came from the cache though HwRngCreateFrameworkDriver has two bodies now"

# Corrupt and torn entries are misses, and are written again.
for f in "$scratch"/c/evals/eval-*; do head -c 256 /dev/urandom >"$f"; done
run corrupt "${cache[@]}"
same corrupt second-ref
[ "$(kept corrupt)" = 0 ] || fail "corrupt: $(kept corrupt) evaluations taken from corrupt entries"
grep -q 'note: [0-9]* cache entr.* failed authentication' "$scratch/corrupt.err" || fail "corrupt: -v does not count the rejected entries"
for f in "$scratch"/c/evals/eval-*; do truncate -s $(($(stat -c %s "$f") / 2)) "$f"; done
run torn "${cache[@]}"
same torn second-ref
[ "$(kept torn)" = 0 ] || fail "torn: $(kept torn) evaluations taken from half entries"
run rewritten "${cache[@]}"
same rewritten second-ref
[ "$(kept rewritten)" = "$(evaluated rewritten)" ] || fail "rewritten: corrupt entries were not written again"

[ "$failed" = 0 ] && echo "evals: all checks passed"
exit $((failed > 0))
