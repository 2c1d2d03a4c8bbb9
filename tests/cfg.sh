#!/usr/bin/env bash
# Golden tests of the control-flow graph dump: `entrycheck cfg` of every
# tests/cfg/NAME.c and NAME.cpp must print tests/cfg/NAME.txt exactly, and
# `--format dot` must print NAME.dot for the names in DOT_GOLDENS.
#   tests/cfg.sh BINARY SRCROOT            compare
#   tests/cfg.sh --update BINARY SRCROOT   rewrite the goldens (review the diff)
. "$(dirname "$0")/lib.sh"
update=0
if [ "${1:-}" = "--update" ]; then
	update=1
	shift
fi
if [ $# -ne 2 ]; then
	echo "usage: tests/cfg.sh [--update] BINARY SRCROOT" >&2
	exit 2
fi
use_binary "$1"
cd "$2" || exit 2
DOT_GOLDENS="goto_cleanup_ladder"

# check NAME SOURCE GOLDEN [OPTION...]
check() {
	local name=$1 source=$2 golden=$3
	shift 3
	"$bin" cfg "$@" "$source" >"$scratch/out" 2>"$scratch/err"
	local rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$golden: entrycheck cfg exited with $rc"
		cat "$scratch/err" >&2
		return
	fi
	if [ "$update" -eq 1 ]; then
		cp "$scratch/out" "$golden"
		pass
	elif diff -u "$golden" "$scratch/out" >"$scratch/diff" 2>&1; then
		pass
	else
		fail "$golden"
		cat "$scratch/diff" >&2
	fi
}

for source in tests/cfg/*.c tests/cfg/*.cpp; do
	[ -e "$source" ] || continue
	name=$(basename "${source%.*}")
	check "$name" "$source" "tests/cfg/$name.txt"
	for dot in $DOT_GOLDENS; do
		[ "$dot" = "$name" ] && check "$name" "$source" "tests/cfg/$name.dot" --format dot
	done
done
finish
