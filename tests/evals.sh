#!/usr/bin/env bash
# The evaluation cache changes nothing but the time: on a copy of the corpus,
# a warm run evaluates no DriverEntry again and reports byte for byte what a
# run without the cache reports; after a helper's file is edited, and after a
# second definition makes a call resolve differently, exactly the entry that
# reads it is evaluated again; other rules or options are other entries;
# corrupt entries are misses; -j and --parse-all do not matter.
#   tests/evals.sh BINARY SRCROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"

copy_corpus "$root" "$scratch/tree" || exit 2
cd "$scratch/tree" || exit 2
evaluated() { sed -n 's/.*note: evaluated \([0-9]*\) DriverEntry.*/\1/p' "$scratch/$1.err"; }
kept() { sed -n 's/.*, \([0-9]*\) of them taken from the evaluation cache.*/\1/p' "$scratch/$1.err"; }
cache=(--cache-dir "$scratch/c")

corpus_report ref --no-cache
corpus_report cold "${cache[@]}"
same_report cold ref
total=$(evaluated cold)
[ "${total:-0}" -gt 20 ] || fail "cold: only ${total:-no} DriverEntry routines evaluated"
[ "$(kept cold)" = 0 ] || fail "cold: $(kept cold) evaluations taken from an empty cache"
ls "$scratch/c/evals" | grep -q 'tmp-' && fail "cold: a temporary file was left in the cache"

corpus_report warm "${cache[@]}"
same_report warm ref
[ "$(kept warm)" = "$total" ] || fail "warm: $(kept warm) of $total evaluations came from the cache"
corpus_report j1 "${cache[@]}" -j 1
same_report j1 ref
# Other rules, other options: other entries.
corpus_report strict "${cache[@]}" --strict
[ "$(kept strict)" = 0 ] || fail "--strict: $(kept strict) evaluations taken from runs without it"
corpus_report select "${cache[@]}" --select DE
[ "$(kept select)" = 0 ] || fail "--select: $(kept select) evaluations taken from runs of the whole rule set"

# --parse-all parses more files, so some calls resolve differently: those
# entries are evaluated again (and kept as that program answered).
corpus_report all "${cache[@]}" --parse-all
cmp -s <(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["findings"])' "$scratch/ref.json") \
	<(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["findings"])' "$scratch/all.json") ||
	fail "--parse-all: other findings than without the cache"

# A helper's file edited: the one entry that reaches it is evaluated again.
corpus_report rewarm "${cache[@]}"
sed -i 's/config.EvtDriverUnload = HwRngEvtDriverUnload;/config.EvtDriverUnload = NULL;/' corpus/kmdf/hwrng/framework.c
corpus_report edited-ref --no-cache
corpus_report edited "${cache[@]}"
same_report edited edited-ref
[ "$(kept edited)" = $((total - 1)) ] ||
	fail "edited: $(kept edited) of $total evaluations from the cache, expected $((total - 1)) (only hwrng.c reaches framework.c)"

# A second definition of the helper in its directory: the call no longer
# resolves to one body, and that entry is evaluated again.
printf '#include "hwrng.h"\nNTSTATUS HwRngCreateFrameworkDriver(PDRIVER_OBJECT d, PUNICODE_STRING r)\n{\n    UNREFERENCED_PARAMETER(d);\n    UNREFERENCED_PARAMETER(r);\n    return STATUS_SUCCESS;\n}\n' \
	>corpus/kmdf/hwrng/second.c
corpus_report second-ref --no-cache
corpus_report second "${cache[@]}"
same_report second second-ref
[ "$(kept second)" -lt "$total" ] || fail "second: every evaluation came from the cache though HwRngCreateFrameworkDriver has two bodies now"

# Corrupt and torn entries are misses, and are written again.
for f in "$scratch"/c/evals/eval-*; do head -c 256 /dev/urandom >"$f"; done
corpus_report corrupt "${cache[@]}"
same_report corrupt second-ref
[ "$(kept corrupt)" = 0 ] || fail "corrupt: $(kept corrupt) evaluations taken from corrupt entries"
grep -q 'note: [0-9]* cache entr.* failed authentication' "$scratch/corrupt.err" || fail "corrupt: -v does not count the rejected entries"
for f in "$scratch"/c/evals/eval-*; do truncate -s $(($(stat -c %s "$f") / 2)) "$f"; done
corpus_report torn "${cache[@]}"
same_report torn second-ref
[ "$(kept torn)" = 0 ] || fail "torn: $(kept torn) evaluations taken from half entries"
corpus_report rewritten "${cache[@]}"
same_report rewritten second-ref
[ "$(kept rewritten)" = "$(evaluated rewritten)" ] || fail "rewritten: corrupt entries were not written again"

finish "evals: all checks passed"
