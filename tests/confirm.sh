#!/usr/bin/env bash
# A finding on a path that forgot facts at a branch point reached in many
# ways is reported only when the path, replayed with every fact kept, reports
# it again; otherwise it is listed, with -v and as a SARIF notification, as
# not confirmed, with the reason. corpus/wdm/kbdtune.c reaches its last test
# in 256 ways; the path that skipped the dispatch table takes the flag set
# only with it, after forgetting the flag. Its bad/ twin returns success
# without the table on a path that needs no forgotten fact: still reported.
# corpus/wdm/ctxagain.c's tear-down reads its context's buffer through a
# pointer a getter handed out again: the way that reads it as NULL rests on
# a guess, listed with -v; its bad/ twin's leak needs no guess.
#   tests/confirm.sh BINARY SOURCE_DIR
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
src=$root
mkdir -p "$scratch/good" "$scratch/bad"
cp "$src/corpus/wdm/kbdtune.c" "$scratch/good/"
cp "$src/corpus/wdm/bad/kbdtune.c" "$scratch/bad/"
cd "$scratch" || exit 2
export XDG_CACHE_HOME=$scratch/cache

for pass in cold warm; do
	"$bin" check -v good >out.txt 2>err.txt
	rc=$?
	[ "$rc" = 0 ] || fail "$pass: the conforming driver exited $rc: $(cat out.txt)"
	grep -q ": error: \|: warning: " out.txt && fail "$pass: findings on a path that contradicts itself: $(cat out.txt)"
	for rule in WDM001 WDM003; do
		grep -q "good/kbdtune.c:90:5: note: DriverEntry: $rule not reported, as its path was not confirmed: with every fact kept, a branch the path took contradicts what it did before" err.txt ||
			fail "$pass: $rule not listed as not confirmed: $(cat err.txt)"
	done
done
"$bin" check good 2>err.txt >/dev/null
grep -q "not confirmed" err.txt && fail "the unconfirmed paths are listed without -v: $(cat err.txt)"

"$bin" check -v --format sarif -o out.sarif good 2>/dev/null
python3 - <<'PY' || fail "sarif: no notification of the unconfirmed findings"
import json
run = json.load(open("out.sarif"))["runs"][0]
assert not run["results"], run["results"]
notes = [n["message"]["text"] for inv in run["invocations"] for n in inv.get("toolExecutionNotifications", [])]
assert any("WDM001 not reported, as its path was not confirmed" in n for n in notes), notes
PY

"$bin" check bad >out.txt 2>err.txt
[ $? = 1 ] || fail "the bad driver did not exit 1: $(cat out.txt err.txt)"
grep -q "bad/kbdtune.c:87:9: error: .*\[WDM001\]" out.txt || fail "true WDM001 lost: $(cat out.txt)"
grep -q "bad/kbdtune.c:87:9: warning: .*\[WDM003\]" out.txt || fail "true WDM003 lost: $(cat out.txt)"
[ "$(grep -c '^bad/kbdtune.c:[0-9]*:[0-9]*: \(error\|warning\)' out.txt)" = 2 ] || fail "more than the two true findings: $(cat out.txt)"

mkdir -p guess/good guess/bad
cp "$src/corpus/wdm/ctxagain.c" guess/good/
cp "$src/corpus/wdm/bad/ctxagain.c" guess/bad/
"$bin" check -v guess/good >out.txt 2>err.txt
[ $? = 0 ] || fail "ctxagain: the conforming driver has findings: $(cat out.txt)"
grep -q "good/ctxagain.c:[0-9]*:[0-9]*: note: DriverEntry: DE006 not reported, as its path was not confirmed: its path takes Context->Buffer (line [0-9]*) as zero, a field read through a pointer the path cannot name, though it kept what ExAllocatePoolWithTag at line [0-9]* acquired" err.txt ||
	fail "ctxagain: the guess is not listed: $(cat err.txt)"
"$bin" check guess/bad >out.txt 2>err.txt
[ $? = 1 ] || fail "ctxagain: the bad driver did not exit 1: $(cat out.txt err.txt)"
grep -q "bad/ctxagain.c:95:9: warning: .*ExAllocatePoolWithTag at line 46.*\[DE006\]" out.txt || fail "ctxagain: true DE006 lost: $(cat out.txt)"

finish "confirm: every check passed"
