#!/usr/bin/env bash
# The result cache changes nothing but the time: on a copy of the corpus, a
# warm run parses nothing and reports byte for byte what a run without the
# cache reports; after an edit to a header, to a source, and after a file
# is added where a missing include may be found, exactly the files that
# depend on it are parsed again and the report is still the uncached one;
# corrupt or torn entries are misses; -j and runs in parallel do not matter.
#   tests/results.sh BINARY SRCROOT
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
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
# NAME [STATE]: the run with the cache equals one without it, on the tree as
# it is now. STATE names an earlier run made on the tree as it is now, whose
# uncached reference is reused (uncached runs are most of this test's time).
same() {
	local ref=${2:-$1}
	[ -f "$scratch/$ref-ref.json" ] || run "$ref-ref" --no-cache
	cmp -s "$scratch/$ref-ref.json" "$scratch/$1.json" || fail "$1: the report differs from one made without the cache"
	diff <(grep -Ev 'note: (analyzed|evaluated)' "$scratch/$ref-ref.err") <(grep -Ev 'note: (analyzed|evaluated)' "$scratch/$1.err") >/dev/null ||
		fail "$1: the problems differ from a run without the cache"
	[ "$(cat "$scratch/$1.rc")" = 0 ] || fail "$1: exit $(cat "$scratch/$1.rc")"
}
analyzed() { sed -n 's/.*note: analyzed \([0-9]*\) of.*/\1/p' "$scratch/$1.err"; }
unchanged() { sed -n 's/.*files, \([0-9]*\) of them unchanged.*/\1/p' "$scratch/$1.err"; }
cache=(--cache-dir "$scratch/c")

run cold "${cache[@]}"
same cold
[ "$(unchanged cold)" = 0 ] || fail "cold: $(unchanged cold) files from an empty cache"
total=$(analyzed cold)
[ "$total" -gt 50 ] || fail "cold: only $total files analyzed"
ls "$scratch/c/results" | grep -q 'tmp-' && fail "cold: a temporary file was left in the cache"

run warm "${cache[@]}"
same warm cold
[ "$(unchanged warm)" = "$total" ] || fail "warm: $(unchanged warm) of $total files came from the cache"

# Other flags are other entries; -j does not matter.
run flags "${cache[@]}" -DENTRYCHECK_RESULTS_TEST=1
[ "$(unchanged flags)" = 0 ] || fail "flags: $(unchanged flags) files taken from entries made with other flags"
run j1 "${cache[@]}" -j 1
cmp -s "$scratch/warm.json" "$scratch/j1.json" || fail "-j 1: the report differs"

# A header edited: the file that includes it is parsed again (driver.c;
# device.c includes it too, but nothing an entry point reaches is in it, so
# it is not analyzed at all).
header=corpus/kmdf/fpgabar/driver.h
printf '\n#define ENTRYCHECK_EDITED 1\n' >>"$header"
run header "${cache[@]}"
same header
[ "$(unchanged header)" = $((total - 1)) ] ||
	fail "header: $(unchanged header) unchanged, expected $((total - 1)) (corpus/kmdf/fpgabar/driver.c includes $header)"

# An ETW manifest edited: the file including the header mc.exe generates
# from it (entrycheck's model of it) is parsed again.
manifest=corpus/wdm/bad/etwlog/thermlog.man
printf '<!-- edited -->\n' >>"$manifest"
run manifest "${cache[@]}"
same manifest
[ "$(unchanged manifest)" = $((total - 1)) ] ||
	fail "manifest: $(unchanged manifest) unchanged, expected $((total - 1)) (corpus/wdm/bad/etwlog/thermlog.c includes its header)"

# A source replaced by one with findings: parsed again, its findings reported.
cp corpus/kmdf/bad/latetrace.c corpus/kmdf/hwrng/entrycheck-replaced.c
run source "${cache[@]}"
same source
[ "$(analyzed source)" = $((total + 1)) ] && [ "$(unchanged source)" = "$total" ] ||
	fail "source: $(unchanged source) of $(analyzed source) unchanged, expected $total of $((total + 1))"

# A file added where a missing include may now be found (a stub is made from
# the nearest file of that name): the files that missed it are parsed again.
missing=$(grep -l "'latetrace.tmh' not found" "$scratch/source.err" >/dev/null && echo latetrace.tmh)
[ -n "$missing" ] || fail "expected corpus/kmdf/bad/latetrace.c to miss latetrace.tmh"
mkdir -p corpus/kmdf/bad/gen
printf '/* generated */\n#define WPP_INIT_TRACING(d, r)\n#define WPP_CLEANUP(d)\n' >corpus/kmdf/bad/gen/latetrace.tmh
run added "${cache[@]}"
same added
[ "$(unchanged added)" -lt "$(analyzed added)" ] || fail "added: every file came from the cache after latetrace.tmh appeared"

# Corrupt and torn entries are misses, and are written again.
for f in "$scratch"/c/results/unit-*; do head -c 512 /dev/urandom >"$f"; done
run corrupt "${cache[@]}"
same corrupt added
[ "$(unchanged corrupt)" = 0 ] || fail "corrupt: $(unchanged corrupt) files taken from corrupt entries"
for f in "$scratch"/c/results/unit-*; do truncate -s $(($(stat -c %s "$f") / 2)) "$f"; done
run torn "${cache[@]}"
same torn added
[ "$(unchanged torn)" = 0 ] || fail "torn: $(unchanged torn) files taken from half entries"
run rewritten "${cache[@]}"
[ "$(unchanged rewritten)" = "$(analyzed rewritten)" ] || fail "rewritten: corrupt entries were not written again"

# Two runs at once on an empty cache, then a run from what they left.
run par1 --cache-dir "$scratch/p" &
run par2 --cache-dir "$scratch/p" &
wait
same par1 added
cmp -s "$scratch/par1.json" "$scratch/par2.json" || fail "parallel: the two reports differ"
ls "$scratch/p/results" | grep -q 'tmp-' && fail "parallel: a temporary file was left in the cache"
run after --cache-dir "$scratch/p"
cmp -s "$scratch/par1.json" "$scratch/after.json" || fail "after parallel runs: the report differs"

[ "$failed" = 0 ] && echo "results: all checks passed"
exit $((failed > 0))
