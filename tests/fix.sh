#!/usr/bin/env bash
# entrycheck fix on copies of the corpus files whose findings carry a SARIF
# fix: --diff previews exactly what fix then does (patch -p1 of the diff gives
# the same files), the findings are gone afterwards, and a file modified after
# the analysis started, or a suppressed finding, is left alone.
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
files="corpus/ata/bad/okalways.c corpus/kmdf/bad/logonly.c corpus/minifilter/bad/softfail.c"
mkdir -p "$scratch/fixed" "$scratch/patched"
for f in $files; do cp "$root/$f" "$scratch/fixed/" && cp "$root/$f" "$scratch/patched/"; done

cd "$scratch/fixed" || exit 1
"$bin" fix --diff . >"$scratch/diff" 2>"$scratch/diff.err"
[ $? -eq 1 ] || fail "--diff with fixes pending should exit 1"
grep -q "would apply 3 fixes in 3 files" "$scratch/diff.err" || fail "--diff summary: $(cat "$scratch/diff.err")"
for f in $files; do cmp -s "$root/$f" "$(basename "$f")" || fail "--diff changed $(basename "$f")"; done
"$bin" fix . 2>"$scratch/fix.err" || fail "fix exited $?: $(cat "$scratch/fix.err")"
grep -q "applied 3 fixes in 3 files" "$scratch/fix.err" || fail "fix summary: $(cat "$scratch/fix.err")"
(cd "$scratch/patched" && patch -s -p1 <"$scratch/diff") || fail "the diff does not apply with patch -p1"
for f in $files; do
	f=$(basename "$f")
	cmp -s "$scratch/fixed/$f" "$scratch/patched/$f" || fail "$f: fix and patch of --diff differ"
	grep -q "return status;" "$f" || fail "$f: no 'return status;' after fix"
done
"$bin" check --format json . >"$scratch/after.json"
for id in ATA004 WDF004 FLT005; do
	grep -q "\"rule\":[[:space:]]*\"$id\"" "$scratch/after.json" && fail "$id still reported after fix"
done
"$bin" fix --diff . >/dev/null 2>&1 || fail "nothing left to fix: --diff should exit 0"

# What fix says remains is what the next check finds: the count, and each finding's file:line:col.
remains_as_check() { # remains_as_check FIX-STDERR DIR
	local want
	want=$("$bin" check --format json "$2" 2>/dev/null | python3 -c '
import json, sys
found = [f for f in json.load(sys.stdin)["findings"] if "suppressed" not in f]
print(len(found))
for f in found: print("%s:%d:%d: " % (f["file"], f["line"], f["column"]))')
	local n=${want%%$'\n'*}
	if [ "$n" = 0 ]; then
		grep -q "; no finding remains$" "$1" || fail "fix does not say nothing remains: $(cat "$1")"
	else
		grep -Eq "; $n findings? remains?:$" "$1" || fail "fix does not say $n findings remain: $(cat "$1")"
		while IFS= read -r loc; do
			grep -qF -- "$loc" "$1" || fail "fix does not list $loc: $(cat "$1")"
		done < <(tail -n +2 <<<"$want")
	fi
}
remains_as_check "$scratch/fix.err" .
mkdir -p "$scratch/remain" && cd "$scratch/remain" || exit 1
cp "$root/corpus/minifilter/bad/softfail.c" "$root/corpus/minifilter/bad/portclose.c" .
"$bin" fix . 2>"$scratch/remain.err" || fail "fix in remain/ exited $?: $(cat "$scratch/remain.err")"
grep -q "applied 1 fix in 1 file; [1-9][0-9]* findings\? remains\?:" "$scratch/remain.err" ||
	fail "fix does not say what remains: $(cat "$scratch/remain.err")"
remains_as_check "$scratch/remain.err" .

# A file written after the analysis started is not touched; a suppressed finding is not fixed.
mkdir -p "$scratch/guard" && cd "$scratch/guard" || exit 1
cp "$root/corpus/kmdf/bad/logonly.c" late.c
touch -d '+1 hour' late.c
cp late.c late.orig
sed 's|\(return STATUS_SUCCESS;.*\)// expect: FLT005|// entrycheck-suppress FLT005: kept on purpose\n\1|' \
	"$root/corpus/minifilter/bad/softfail.c" >kept.c
cp kept.c kept.orig
"$bin" fix . 2>"$scratch/guard.err"
[ $? -eq 2 ] || fail "a refused fix should exit 2"
grep -q "late.c: warning: not fixed: the file changed since the analysis started" "$scratch/guard.err" ||
	fail "no refusal message for late.c: $(cat "$scratch/guard.err")"
cmp -s late.c late.orig || fail "late.c was changed"
cmp -s kept.c kept.orig || fail "kept.c (suppressed) was changed"

# A source that is a symbolic link (planted to a file outside the tree) is
# never rewritten: the link is refused by name, exit 2, the target untouched.
mkdir -p "$scratch/linked/tree" "$scratch/linked/outside" && cd "$scratch/linked/tree" || exit 1
cp "$root/corpus/ata/bad/okalways.c" "$scratch/linked/outside/victim.c"
cp "$scratch/linked/outside/victim.c" "$scratch/linked/victim.orig"
ln -s ../outside/victim.c drv.c
"$bin" fix . 2>"$scratch/linked.err"
[ $? -eq 2 ] || fail "fix of a linked source should exit 2"
grep -q "drv.c: error: not fixed: the source is a symbolic link; entrycheck never writes through a link" \
	"$scratch/linked.err" || fail "no refusal for the linked source: $(cat "$scratch/linked.err")"
cmp -s "$scratch/linked/outside/victim.c" "$scratch/linked/victim.orig" || fail "the link's target was rewritten"
[ -L drv.c ] || fail "the link was replaced"
finish
