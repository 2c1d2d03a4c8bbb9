#!/usr/bin/env bash
# The licence identifier in our C sources: every .c and .h under analyzer/
# (the header model included) and the test programs of tests/ (tests/*.c,
# tests/*.h, tests/fuzz/, tests/bench/; not the fixtures of tests/cfg/ and
# tests/projects/, whose line numbers are expectations).
#   tests/spdx.sh check ROOT   list the files without the identifier in their
#                              first 3 lines; exit 1 if there are any
#   tests/spdx.sh add ROOT     insert it as line 1 where it is missing
#   tests/spdx.sh selftest ROOT  both of these on a scratch copy of ROOT's sources
# `add` moves every line of a file down by one: regenerate the reports after it
# (tests/write-reports.sh) in case one names a line of the header model.
. "$(dirname "$0")/lib.sh"
line='/* SPDX-License-Identifier: Apache-2.0 */'
mode=${1:-}
root=${2:-}
[ -n "$mode" ] && [ -d "$root" ] || { echo "usage: tests/spdx.sh check|add|selftest ROOT" >&2; exit 2; }

sources() { # the files in scope, relative to $1, one per line
	(cd "$1" && find analyzer -type f \( -name '*.c' -o -name '*.h' \) &&
		find tests -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \) &&
		find tests/fuzz tests/bench -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null) | LC_ALL=C sort
}
has_id() { head -n 3 "$1" | grep -q 'SPDX-License-Identifier: Apache-2\.0\b'; }

check() {
	local missing=0 f
	while IFS= read -r f; do
		has_id "$1/$f" || { echo "spdx: $f: no 'SPDX-License-Identifier: Apache-2.0' in its first 3 lines" >&2; missing=$((missing + 1)); }
	done < <(sources "$1")
	echo "spdx: $(sources "$1" | wc -l) files, $missing without the identifier"
	[ "$missing" = 0 ]
}

add() {
	local added=0 f
	while IFS= read -r f; do
		has_id "$1/$f" && continue
		{ printf '%s\n' "$line"; cat "$1/$f"; } >"$1/$f.spdx-tmp" && mv "$1/$f.spdx-tmp" "$1/$f" || return 1
		added=$((added + 1))
	done < <(sources "$1")
	echo "spdx: added the identifier to $added files"
}

case $mode in
check) check "$root" ;;
add) add "$root" ;;
selftest)
	# The script on a copy of the tree: add, then check passes; a second add changes
	# nothing; a file that loses its identifier makes check fail and names it.
	(cd "$root" && sources . | tar -cf - -T -) | (cd "$scratch" && tar -xf -) || exit 1
	# From sources without the identifier, as before `add` first ran on the tree.
	sources "$scratch" | (cd "$scratch" && while IFS= read -r f; do
		awk -v id="$line" 'NR == 1 && $0 == id { next } { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
	done)
	mkdir "$scratch/orig" && cp "$scratch/$(sources "$scratch" | head -n 1)" "$scratch/orig/first"
	[ "$(sources "$scratch" | wc -l)" -gt 100 ] || fail "found only $(sources "$scratch" | wc -l) sources"
	sources "$scratch" | grep -q '^tests/cfg/\|^tests/projects/' && fail "fixtures are in scope"
	add "$scratch" >/dev/null || fail "add failed"
	check "$scratch" >/dev/null 2>&1 || fail "check fails after add: $(check "$scratch" 2>&1 | head -n 3)"
	first=$(sources "$scratch" | head -n 1)
	cp "$scratch/$first" "$scratch/before"
	add "$scratch" | grep -q 'to 0 files' || fail "a second add changed files"
	cmp -s "$scratch/before" "$scratch/$first" || fail "a second add changed $first"
	[ "$(head -n 1 "$scratch/$first")" = "$line" ] || fail "$first: line 1 is not the identifier"
	# The file's own first line follows it unchanged.
	[ "$(sed -n 2p "$scratch/$first")" = "$(head -n 1 "$scratch/orig/first")" ] || fail "$first: its first line moved or changed"
	sed -i 1d "$scratch/analyzer/base/alloc.c"
	check "$scratch" 2>"$scratch/err" >/dev/null && fail "check passed with analyzer/base/alloc.c lacking the identifier"
	grep -q '^spdx: analyzer/base/alloc.c: no ' "$scratch/err" || fail "check did not name analyzer/base/alloc.c: $(cat "$scratch/err")"
	finish "spdx selftest: passed"
	;;
*) echo "usage: tests/spdx.sh check|add|selftest ROOT" >&2; exit 2 ;;
esac
