#!/usr/bin/env bash
# The manual page against the program: docs/entrycheck.1 lists every command,
# option (with the argument --help gives it) and exit code of
# `entrycheck --help`, and none that --help does not; its ENVIRONMENT lists
# exactly the variables analyzer/ reads. Then the page is rendered with groff
# (else man, else mandoc), which must not warn, and has its sections.
#   tests/manpage.sh ENTRYCHECK SOURCE-ROOT
# Without groff, man or mandoc the rendering is skipped (outside CI).
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
page=$root/docs/entrycheck.1

"$bin" --help >"$scratch/help.txt" || die "entrycheck --help failed"

# The lines of a --help section ("Options:" ...) up to the blank line after it.
help_section() { awk -v head="$1" '$0 == head { on = 1; next } on && /^$/ { exit } on' "$scratch/help.txt"; }
# The tag lines (after .TP or .TQ) of a section of the page, as plain text.
page_tags() {
	awk -v sect="$1" '/^\.SH / { sub(/^\.SH +/, ""); gsub(/"/, ""); on = ($0 == sect); next }
		on && tag { print; tag = 0; next } on && /^\.T[PQ]/ { tag = 1 }' "$page" |
		sed -E 's/^\.B +//; s/\\f[BIRP]//g; s/\\-/-/g; s/\\e/\\/g'
}
# "-p, --compile-commands DIR|FILE" -> "-p DIR|FILE" and "--compile-commands DIR|FILE", one a line.
option_pairs() {
	awk '{ arg = ""; n = 0
	       for (i = 1; i <= NF; i++) if ($i ~ /^-/) { sub(/,$/, "", $i); name[++n] = $i } else arg = $i
	       for (i = 1; i <= n; i++) print (arg == "" ? name[i] : name[i] " " arg) }' | sort -u
}
# compare WHAT HELP-LIST PAGE-LIST: each line of one missing from the other fails, named.
compare() {
	local what=$1 line
	while IFS= read -r line; do
		fail "$what '$line' is in entrycheck --help but not in docs/entrycheck.1"
	done < <(comm -23 "$2" "$3")
	while IFS= read -r line; do
		fail "$what '$line' is in docs/entrycheck.1 but not in entrycheck --help"
	done < <(comm -13 "$2" "$3")
	[ -s "$2" ] || fail "no ${what}s found in entrycheck --help"
}

help_section "Options:" | grep -E '^ {2,6}-' | sed -E 's/^ +//; s/  .*$//' | option_pairs >"$scratch/help-options"
page_tags OPTIONS | option_pairs >"$scratch/page-options"
compare option "$scratch/help-options" "$scratch/page-options"

help_section "Commands:" | awk '{ print $1 }' | sort -u >"$scratch/help-commands"
page_tags COMMANDS | awk '{ print $1 }' | sort -u >"$scratch/page-commands"
compare command "$scratch/help-commands" "$scratch/page-commands"

help_section "Exit status:" | awk '$1 ~ /^[0-9]+$/ { print $1 }' | sort -u >"$scratch/help-exit"
page_tags "EXIT STATUS" | sort -u >"$scratch/page-exit"
compare "exit code" "$scratch/help-exit" "$scratch/page-exit"

# The environment: what the sources read with getenv() or name as ENTRYCHECK_*. LIBCLANG_NOTHREADS
# is not a setting: entrycheck sets it for libclang, since it runs the analysis on a thread of its own.
{
	grep -rhoE 'getenv\("[A-Za-z_]+"\)' "$root/analyzer" | sed -E 's/getenv\("(.*)"\)/\1/'
	grep -rhoE '"ENTRYCHECK_[A-Z_]+"' "$root/analyzer" | tr -d '"'
} | grep -vx LIBCLANG_NOTHREADS | sort -u >"$scratch/source-env"
page_tags ENVIRONMENT | sort -u >"$scratch/page-env"
while IFS= read -r v; do fail "analyzer/ reads \$$v, which the ENVIRONMENT of docs/entrycheck.1 does not list"; done \
	< <(comm -23 "$scratch/source-env" "$scratch/page-env")
while IFS= read -r v; do fail "docs/entrycheck.1 lists \$$v, which analyzer/ does not read"; done \
	< <(comm -13 "$scratch/source-env" "$scratch/page-env")

# Rendering: no warnings, and every section there.
render() {
	if command -v groff >/dev/null 2>&1; then
		echo "groff"
		groff -man -Tascii -ww -P-cbou "$page" >"$scratch/page.txt" 2>"$scratch/render.err"
	elif command -v man >/dev/null 2>&1; then
		echo "man"
		MANWIDTH=80 man --warnings -l "$page" >"$scratch/page.txt" 2>"$scratch/render.err"
	elif command -v mandoc >/dev/null 2>&1; then
		echo "mandoc"
		mandoc -T lint -W warning "$page" >"$scratch/render.err" 2>&1 &&
			mandoc -T ascii "$page" | col -b >"$scratch/page.txt"
	else
		return 99
	fi
}
renderer=$(render)
case $? in
0)
	[ -s "$scratch/render.err" ] && fail "$renderer warns about docs/entrycheck.1: $(cat "$scratch/render.err")"
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
		grep -qx "$s" "$scratch/page.txt" || fail "the page rendered by $renderer has no section $s"
	done
	grep -q '^ *entrycheck - check the DriverEntry routines' "$scratch/page.txt" ||
		fail "the page rendered by $renderer has no NAME line"
	;;
99)
	if [ -n "${CI:-}" ]; then
		fail "no groff, man or mandoc to render the page (.ci/setup.sh installs groff-base)"
	else
		echo "manpage: rendering skipped: no groff, man or mandoc (apt-get install groff-base)"
	fi
	;;
*) fail "$renderer cannot render docs/entrycheck.1: $(cat "$scratch/render.err")" ;;
esac

finish "manpage: $(wc -l <"$scratch/help-options") option names, $(wc -l \
	<"$scratch/help-commands") commands, $(wc -l <"$scratch/page-env") variables agree${renderer:+; rendered by $renderer}"
