#!/usr/bin/env bash
# Changed-lines mode (--changed-since REF) on a git history made here: only
# findings whose location, related location or evidence step is on a line
# changed since the merge base of REF and HEAD (committed, uncommitted or
# untracked) are reported, and only they fail the gate; a tree that is no
# git work tree, an unknown REF or one without a common ancestor is exit 2.
#   tests/changed.sh BINARY
. "$(dirname "$0")/lib.sh"
use_binary "$1"
command -v git >/dev/null || skip "git not found"
cd "$scratch" || exit 2
out=$scratch/out.txt err=$scratch/err.txt
export GIT_CONFIG_NOSYSTEM=1 HOME=$scratch GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
	GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export XDG_CACHE_HOME=$scratch/cache

# FLT004 at line 14; its evidence: lines 9 (also related), 10, 12, 13, 14.
driver() {
	mkdir -p "$(dirname "$1")"
	cat >"$1" <<'C'
#include <fltKernel.h>
static PFLT_FILTER gFilter;
static const FLT_REGISTRATION Reg = { sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION };
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	UNREFERENCED_PARAMETER(RegistryPath);
	status = FltRegisterFilter(DriverObject, &Reg, &gFilter);
	if (!NT_SUCCESS(status))
		return status;
	status = FltStartFiltering(gFilter);
	if (!NT_SUCCESS(status))
		return status;
	return STATUS_SUCCESS;
}
C
}
# Appends a comment to line N of FILE: the line changes, no line moves.
touch_line() { sed -i "$2s|\$| /* edited */|" "$1"; }

check() { # check EXIT ARGS...: runs check, output in $out and $err
	local want=$1
	shift
	"$bin" check --no-progress "$@" >"$out" 2>"$err"
	local got=$?
	[ "$got" = "$want" ] || fail "check $* exited $got, not $want: $(cat "$out" "$err")"
}
reported() { grep -q "^$1:14:[0-9]*: error: .*\[FLT004\]" "$out"; }

mkdir repo && cd repo || exit 2
git init -q . && git checkout -q -b main
driver old/flt.c
git add . && git commit -q -m old

# A branch that changes nothing yet: the old finding is not reported, the gate passes.
git checkout -q -b topic
check 1 .
reported old/flt.c || fail "plain check lost the old finding: $(cat "$out")"
check 0 --changed-since main .
reported old/flt.c && fail "old finding reported with no change: $(cat "$out")"
grep -q "1 finding on lines not changed since 'main'" "$err" || fail "no note of the finding left out: $(cat "$err")"

# A commit adding a driver with a defect: only the new finding is reported.
driver new/flt.c
git add . && git commit -q -m new
check 1 --changed-since main .
reported new/flt.c || fail "new finding not reported: $(cat "$out")"
reported old/flt.c && fail "old finding reported: $(cat "$out")"
check 0 --changed-since main --fail-on error --ignore FLT004 .
# from a subdirectory, the git work tree is found above it
(cd new && "$bin" check --no-progress --changed-since main . >"$out" 2>"$err")
grep -q "flt.c:14:.*\[FLT004\]" "$out" || fail "from a subdirectory: $(cat "$out" "$err")"

# main moves on, editing the old driver's evidence: the merge base is what
# counts, so the topic branch still does not report the old finding.
git checkout -q main
touch_line old/flt.c 9
git commit -q -am "main edits old"
git checkout -q topic
check 1 --changed-since main .
reported old/flt.c && fail "main's own change counted against topic: $(cat "$out")"

# An uncommitted edit of a line of the old finding's evidence only (not its
# location): reported. A line outside its evidence: not.
touch_line old/flt.c 4
check 1 --changed-since main .
reported old/flt.c && fail "a line outside the evidence brought the old finding: $(cat "$out")"
touch_line old/flt.c 12
check 1 --changed-since main .
reported old/flt.c || fail "an edit of an evidence line did not report the old finding: $(cat "$out")"
git checkout -q -- old/flt.c
# a deleted line touches the lines either side of it (the evidence line 10 here)
sed -i '11d' old/flt.c
check 1 --changed-since main --format json .
grep -q '"file":	"old/flt.c"' "$out" || fail "a deletion next to the evidence did not report the finding: $(cat "$out")"
git checkout -q -- old/flt.c

# An untracked file is wholly new; a name git quotes is read back.
driver 'odd "dir"/flt.c'
check 1 --changed-since main .
grep -q 'odd "dir"/flt.c:14:' "$out" || fail "untracked file not reported: $(cat "$out")"
git add . && git commit -q -m odd
check 1 --changed-since main .
grep -q 'odd "dir"/flt.c:14:' "$out" || fail "committed file with a quoted name not reported: $(cat "$out" "$err")"

# The errors, each exit 2 with a message naming the problem.
check 2 --changed-since nosuchref .
grep -q "unknown revision 'nosuchref'" "$err" || fail "unknown ref: $(cat "$err")"
check 2 --changed-since=--output=x .
grep -q "needs a commit, branch or tag, not '--output=x'" "$err" || fail "option-like ref: $(cat "$err")"
[ -e x ] && fail "an option-like ref reached git"
git checkout -q --orphan lone && git commit -q -m lone
check 2 --changed-since topic .
grep -q "have no common ancestor" "$err" || fail "unrelated history: $(cat "$err")"
check 2 --changed-since main --write-baseline b.json .
grep -q "cannot go with '--changed-since'" "$err" || fail "--write-baseline with --changed-since: $(cat "$err")"
cd "$scratch" && mkdir plain && driver plain/flt.c
check 2 --changed-since main plain
grep -q "plain: error: not in a git work tree" "$err" || fail "not a git tree: $(cat "$err")"

finish "changed-lines mode: all cases passed"
