#!/usr/bin/env bash
# Output cannot be injected through file names (issue 40): in every text
# format (cfg's dump too), on standard error and in a fix's diff, a name's control characters
# are escaped (\n, \x1b) and no line starts with "::", which GitHub Actions
# reads as a workflow command.
#   tests/escape.sh BINARY SRCROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
cd "$scratch" || exit 2
newline_name=$(printf 'a\n::warning file=x::pwned\n.c')
esc_name=$(printf 'e\033[31mred.c')
cp "$root/corpus/ata/bad/okalways.c" "$newline_name"
cp "$root/corpus/ata/bad/okalways.c" "$esc_name"
cp "$root/corpus/ata/bad/okalways.c" '::error file=y::line-start.c'
missing=$(printf 'gone\n::warning::x\033.c')

# Each output: no raw ESC, no line starting (after blanks) with "::", and the
# names in their escaped form.
check_output() {
	local what=$1 file=$2
	if grep -q $'\033' "$file"; then fail "$what: a raw ESC byte reached the output"; fi
	if grep -qE '^[[:space:]]*::' "$file"; then
		fail "$what: a line starts with '::': $(grep -E '^[[:space:]]*::' "$file" | head -n 1)"
	fi
	shift 2
	for want in "$@"; do
		grep -qF -- "$want" "$file" || fail "$what: no '$want' in: $(head -c 600 "$file")"
	done
}

timeout 60 "$bin" check --no-cache . >text.out 2>text.err
[ $? -eq 1 ] || fail "check (text) exited $?, want 1"
check_output "check text" text.out 'a\n::warning file=x::pwned\n.c:48:5: warning:' 'e\x1b[31mred.c:48:5:' '\::error file=y::line-start.c:48:5:'
check_output "check text stderr" text.err
timeout 60 "$bin" check --no-cache --format msvc . >msvc.out 2>&1
[ $? -eq 1 ] || fail "check --format msvc exited $?, want 1"
check_output "check msvc" msvc.out 'a\n::warning file=x::pwned\n.c(48,5): warning ATA004' 'e\x1b[31mred.c(48,5)'
timeout 60 "$bin" entries --no-cache . >entries.out 2>&1 || fail "entries exited $?"
check_output "entries" entries.out 'a\n::warning file=x::pwned\n.c:27:1: DriverEntry' 'e\x1b[31mred.c:27:1: DriverEntry'
timeout 60 "$bin" check --no-cache "$missing" >missing.out 2>&1
[ $? -eq 2 ] || fail "a missing file exited $?, want 2"
check_output "stderr" missing.out 'gone\n::warning::x\x1b.c: error: cannot analyze'
timeout 60 "$bin" fix --no-cache --diff . >diff.out 2>&1
[ $? -eq 1 ] || fail "fix --diff exited $?, want 1"
check_output "fix --diff" diff.out '--- a/a\n::warning file=x::pwned\n.c'
timeout 60 "$bin" cfg "$newline_name" >cfg.out 2>&1 || fail "cfg exited $?"
check_output "cfg" cfg.out 'function DriverEntry (a\n::warning file=x::pwned\n.c:27:1)'
# Colors are the only escape sequences, and only when asked for.
timeout 60 "$bin" check --no-cache --color always "$esc_name" >color.out 2>&1
grep -qF 'e\x1b[31mred.c' color.out || fail "--color always: the name is not escaped"

finish "escape checks passed"
