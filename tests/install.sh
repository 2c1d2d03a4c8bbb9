#!/usr/bin/env bash
# The installed tree is relocatable: install into a scratch DESTDIR, move the
# prefix elsewhere, and check that the moved binary loads its rules and header
# model from the moved tree (not the source tree) and reports exactly what the
# build tree's binary reports on the corpus. The manual page (compressed), the
# copyright and the changelog are installed too.
. "$(dirname "$0")/lib.sh"
build=$1
use_root "$2"
unset ENTRYCHECK_RULES_DIR ENTRYCHECK_MODEL_DIR

DESTDIR="$scratch/dest" cmake --install "$build" --prefix /opt/entrycheck >"$scratch/install.log" ||
	{ cat "$scratch/install.log" >&2; exit 1; }
mkdir -p "$scratch/elsewhere"
mv "$scratch/dest/opt/entrycheck" "$scratch/elsewhere/moved"
prefix="$scratch/elsewhere/moved"
bin="$prefix/bin/entrycheck"

"$bin" --version >"$scratch/version.txt" || fail "--version failed"
for what in "rules  *$prefix/share/entrycheck/rules\$" "header model  *$prefix/share/entrycheck/include\$" \
	"^libclang: "; do
	grep -q "$what" "$scratch/version.txt" || fail "--version lacks '$what':
$(cat "$scratch/version.txt")"
done

page="$prefix/share/man/man1/entrycheck.1.gz"
if [ ! -f "$page" ]; then
	fail "no manual page at share/man/man1/entrycheck.1.gz"
elif ! gzip -dc "$page" | cmp -s - "$root/docs/entrycheck.1"; then
	fail "share/man/man1/entrycheck.1.gz is not docs/entrycheck.1 compressed"
elif command -v man >/dev/null 2>&1 &&
	! MANPATH="$prefix/share/man" man -w entrycheck 2>/dev/null | grep -qx "$page"; then
	fail "man does not find the installed page under $prefix/share/man"
fi
for doc in copyright changelog.gz README.md; do
	[ -s "$prefix/share/doc/entrycheck/$doc" ] || fail "no share/doc/entrycheck/$doc"
done

cd "$root" || exit 1
for cmd in "check --format json corpus/kmdf corpus/minifilter" "entries corpus/wdm" "explain WDM001"; do
	# shellcheck disable=SC2086
	"$build/entrycheck" $cmd >"$scratch/built.out" 2>"$scratch/built.err"
	built=$?
	# shellcheck disable=SC2086
	"$bin" $cmd >"$scratch/installed.out" 2>"$scratch/installed.err"
	installed=$?
	[ "$built" -le 1 ] || fail "'$cmd': the build tree's binary exits $built"
	[ "$built" = "$installed" ] || fail "'$cmd': exit $installed installed, $built built"
	diff -u "$scratch/built.out" "$scratch/installed.out" >&2 || fail "'$cmd': reports differ"
	diff -u "$scratch/built.err" "$scratch/installed.err" >&2 || fail "'$cmd': messages differ"
done
finish
