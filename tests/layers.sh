#!/usr/bin/env bash
# The pipeline's stages, earliest first: a file may include headers of its own
# stage and of earlier ones only, so data and dependencies flow one way.
# Fails naming every back edge (file, line, the header it should not include),
# and every file of analyzer/ or tests/ over 800 lines.
. "$(dirname "$0")/lib.sh"
set -e
root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
stages=(base json project front cfg facts rules findings eval kinds run emit cli)

rank() {
	local i
	for i in "${!stages[@]}"; do
		[ "${stages[$i]}" = "$1" ] && { echo "$i"; return; }
	done
	echo -1
}

status=0
cd "$root/analyzer"
for dir in */; do
	dir=${dir%/}
	[ "$dir" = wdk ] || [ "$dir" = schema ] && continue
	if [ "$(rank "$dir")" -lt 0 ]; then
		echo "analyzer/$dir: not a known stage (add it to tests/layers.sh and analyzer/README.md)"
		status=1
	fi
done
for file in */*.c */*.h; do
	stage=${file%%/*}
	from=$(rank "$stage")
	[ "$from" -lt 0 ] && continue
	while IFS=: read -r line include; do
		target=$(sed -n 's/^#include "\([a-z]*\)\/.*"/\1/p' <<<"$include")
		[ -z "$target" ] && continue
		to=$(rank "$target")
		if [ "$to" -lt 0 ] || [ "$to" -gt "$from" ]; then
			echo "analyzer/$file:$line: $stage includes a later stage: $include"
			status=1
		fi
	done < <(grep -n '^#include "' "$file" || true)
done
# Rooms stay small: no file of analyzer/ or tests/ over 800 lines (issues 28
# and 41), but the kit headers of the header model, which follow the kit's.
while IFS= read -r -d '' file; do
	lines=$(wc -l <"$root/$file")
	if [ "$lines" -gt 800 ]; then
		echo "$file: $lines lines, over 800: split it by concern"
		status=1
	fi
done < <(cd "$root" && find analyzer tests -type f ! -path 'analyzer/wdk/include/*' ! -path '*/__pycache__/*' -print0)
[ $status -eq 0 ] && echo "layers: ${#stages[@]} stages, no back edge, no file over 800 lines"
exit $status
