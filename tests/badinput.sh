#!/usr/bin/env bash
# Runs tests/badinput/table.txt: each case in a fresh directory, under a
# timeout, checking the exit code and a fragment of the messages.
#   tests/badinput.sh BINARY SRCROOT [NAME-PATTERN]
set -uo pipefail
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
pattern=${3:-}
DRV=$root/corpus/other/procaudit.c
BAD=$(ls "$root"/corpus/other/bad/*.c | head -n 1)
ROOT=$root
export BIN DRV BAD ROOT
scratch=$(mktemp -d)
trap 'exec 3>&-; rm -rf "$scratch"' EXIT
# A standard input that never delivers: open for writing by us, never written.
mkfifo "$scratch/stdin"
exec 3<>"$scratch/stdin"
passed=0
failed=0
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
		echo "FAIL $name: timed out (a hang)" >&2
		failed=$((failed + 1))
	elif [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: exit $rc, want $want" >&2
		sed 's/^/    /' "$dir.setup" "$dir.out" | head -n 20 >&2
		failed=$((failed + 1))
	elif [ -n "$message" ] && ! grep -qF -- "$message" "$dir.out"; then
		echo "FAIL $name: no '$message' in the output" >&2
		sed 's/^/    /' "$dir.out" | head -n 20 >&2
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
	rm -rf "$dir"
done <"$root/tests/badinput/table.txt"
echo "$passed bad-input cases passed, $failed failed"
[ "$failed" -eq 0 ]
