#!/usr/bin/env bash
# The test harness holds, and every test uses it:
# - tests/lib.sh works: a failed check fails the test (exit 1) after the
#   others ran, die stops at once, skip is exit 77, a test with no failure
#   passes, the scratch folder is gone afterwards (kept with KEEP=1), and a
#   path that is not the program is refused;
# - every shell script tests/CMakeLists.txt runs sources tests/lib.sh, and no
#   script under tests/ defines fail, pass, die, skip, finish or bad itself;
# - no C program under tests/ defines again a function, macro or structure
#   tests/testutil.h declares;
# - no source file under tests/ is over 800 lines (split it by concern).
#   tests/harness.sh SRCROOT
. "$(dirname "$0")/lib.sh"
use_root "$1"
cd "$root" || exit 2

# The harness's own checks count apart from fail, which they test.
broken=0
# lib_case NAME WANT-EXIT WANT-STDERR BODY: a script sourcing lib.sh exits
# WANT-EXIT and says WANT-STDERR (a grep -E pattern; empty: anything).
lib_case() {
	local name=$1 want=$2 said=$3 body=$4
	printf '. "%s/tests/lib.sh"\necho "scratch=$scratch" >"%s/%s.where"\n%s\n' \
		"$root" "$scratch" "$name" "$body" >"$scratch/$name.sh"
	bash "$scratch/$name.sh" >"$scratch/$name.out" 2>"$scratch/$name.err"
	local got=$?
	if [ "$got" != "$want" ]; then
		fail "lib.sh, $name: exit $got, want $want: $(cat "$scratch/$name.err")"
		broken=$((broken + 1))
	elif [ -n "$said" ] && ! grep -Eq -- "$said" "$scratch/$name.err"; then
		fail "lib.sh, $name: no '$said' in: $(cat "$scratch/$name.err")"
		broken=$((broken + 1))
	fi
}
# gone NAME: the scratch folder of lib_case NAME was removed.
gone() {
	local dir
	dir=$(sed -n 's/^scratch=//p' "$scratch/$1.where")
	if [ -z "$dir" ] || [ -e "$dir" ]; then
		fail "lib.sh, $1: the scratch folder '$dir' is left behind"
		broken=$((broken + 1))
	fi
}

lib_case passing 0 '' 'touch "$scratch/x"; pass; finish'
gone passing
lib_case failing 1 '^FAIL second$' 'fail second; echo "went on" >&2; finish "all passed"'
grep -q '^went on$' "$scratch/failing.err" || { fail "lib.sh: fail stopped the test"; broken=$((broken + 1)); }
grep -q 'all passed' "$scratch/failing.out" && { fail "lib.sh: a failing test printed its success summary"; broken=$((broken + 1)); }
gone failing
lib_case counted 1 'counted: 1 passed, 2 failed' 'pass; fail a; fail b; finish'
lib_case dying 1 'dying: no way on' 'die "no way on"; echo "went on" >&2; exit 0'
grep -q 'went on' "$scratch/dying.err" && { fail "lib.sh: die did not stop the test"; broken=$((broken + 1)); }
gone dying
lib_case skipped 77 '' 'skip "no tool"; exit 0'
CI= lib_case optional 77 '' 'skip_outside_ci "a tool" "apt-get install it"'
CI=1 lib_case required 1 'a tool is missing' 'skip_outside_ci "a tool" "apt-get install it"'
lib_case notbinary 2 'is not the entrycheck program' "use_binary '$root/tests/lib.sh'"
lib_case hooked 0 '^hook ran$' 'on_exit "echo hook ran >&2"; finish'
KEEP=1 lib_case kept 0 'scratch kept' 'finish'
kept=$(sed -n 's/^scratch=//p' "$scratch/kept.where")
if [ -d "$kept" ]; then
	rm -rf "$kept"
else
	fail "lib.sh: KEEP=1 did not keep the scratch folder"
	broken=$((broken + 1))
fi

# Every shell script ctest runs sources the harness.
scripts=$(grep COMMAND tests/CMakeLists.txt | grep -o 'tests/[a-z0-9/_-]*\.sh' | sort -u)
[ -n "$scripts" ] || fail "tests/CMakeLists.txt names no shell test"
for s in $scripts; do
	grep -Eq '^\. "\$\(dirname "\$0"\)/(\.\./)*lib\.sh"$' "$s" || fail "$s does not source tests/lib.sh"
done
# No copy of the harness's functions.
while IFS= read -r hit; do
	fail "$hit: defines a function of tests/lib.sh again"
done < <(grep -nE '^[[:space:]]*(function[[:space:]]+)?(fail|pass|die|skip|skip_outside_ci|finish|bad)[[:space:]]*\(\)' \
	$(find tests -name '*.sh' ! -path tests/lib.sh) || true)

# No copy of testutil.h's helpers in a C program of tests/.
names=$(sed -nE 's/^[a-z].*[ *]([a-z_][a-z0-9_]*)\(.*\);$/\1/p; s/^#define ([A-Z_][A-Z0-9_]*)\(.*/\1/p; s/^struct ([a-z_]+) \{$/\1/p' \
	tests/testutil.h | sort -u)
[ "$(echo "$names" | wc -w)" -ge 10 ] || fail "found only $(echo "$names" | wc -w) helpers in tests/testutil.h: $names"
for n in $names; do
	while IFS= read -r hit; do
		fail "$hit: defines testutil.h's $n again"
	done < <(grep -nE "^(static )?[a-z].*[ *]$n\([^;]*$|^#define $n\(|^struct $n \{" \
		$(find tests -name '*.c' ! -path tests/testutil.c ! -path 'tests/cfg/*' ! -path 'tests/projects/*') || true)
done

# Rooms stay small.
while IFS= read -r f; do
	lines=$(wc -l <"$f")
	[ "$lines" -le 800 ] || fail "$f: $lines lines, over 800: split it by concern"
done < <(find tests -type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' -o -name '*.js' \) \
	! -path 'tests/cfg/*' ! -path 'tests/projects/*')

[ "$broken" = 0 ] || exit 1
finish "harness: lib.sh holds; $(echo "$scripts" | wc -w) shell tests source it; $(echo "$names" | wc -w) helpers of testutil.h, none copied; no source over 800 lines"
