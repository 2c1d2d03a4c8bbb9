#!/usr/bin/env bash
# Runs tests/badinput/table.txt: each case in a fresh directory, under a
# timeout, checking the exit code and a fragment of the messages.
#   tests/badinput.sh BINARY SRCROOT [NAME-PATTERN]
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
BIN=$bin
pattern=${3:-}
DRV=$root/corpus/other/procaudit.c
BAD=$(ls "$root"/corpus/other/bad/*.c | head -n 1)
ROOT=$root
export BIN DRV BAD ROOT
on_exit 'exec 3>&-'
# A standard input that never delivers: open for writing by us, never written.
mkfifo "$scratch/stdin"
exec 3<>"$scratch/stdin"
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
while IFS= read -r line; do
	case $line in '#'* | '') continue ;; esac
	IFS=$'\x1f' read -r name setup args want message <<<"${line// :: /$'\x1f'}"
	name=$(trim "$name") want=$(trim "$want") message=$(trim "$message")
	[ -n "$pattern" ] && [[ $name != *$pattern* ]] && continue
	dir=$scratch/$name
	mkdir -p "$dir"
	(cd "$dir" && eval "$setup") </dev/null >"$dir.setup" 2>&1
	(cd "$dir" && eval "timeout 60 \"\$BIN\" $args") <"$scratch/stdin" >"$dir.out" 2>&1
	rc=$?
	if [ "$rc" -eq 124 ]; then
		fail "$name: timed out (a hang)"
	elif [ "$rc" -ne "$want" ]; then
		fail "$name: exit $rc, want $want"
		sed 's/^/    /' "$dir.setup" "$dir.out" | head -n 20 >&2
	elif [ -n "$message" ] && ! grep -qF -- "$message" "$dir.out"; then
		fail "$name: no '$message' in the output"
		sed 's/^/    /' "$dir.out" | head -n 20 >&2
	else
		pass
	fi
	rm -rf "$dir"
done <"$root/tests/badinput/table.txt"
finish "$passed bad-input cases passed, 0 failed"
