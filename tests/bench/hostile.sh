#!/usr/bin/env bash
# Scaling figures (never assertions): entrycheck check on generated DriverEntry
# routines of growing size, each shape of tests/bench/gen_hostile.py.
#   tests/bench/hostile.sh BINARY [SIZES...]   (default 100 200 500 1000 2000)
set -uo pipefail
bin=$1
shift
sizes=${*:-100 200 500 1000 2000}
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf '%-8s %6s %9s %9s %5s\n' shape n seconds max-KB exit
for shape in ${ENTRYCHECK_SHAPES:-checks allocs elseif gotos guarded devices}; do
	for n in $sizes; do
		python3 "$here/gen_hostile.py" "$shape" "$n" >"$scratch/$shape$n.c"
		/usr/bin/time -f '%e %M' -o "$scratch/time" timeout 300 "$bin" check --no-pch --cache-dir "$scratch/cache" \
			"$scratch/$shape$n.c" >/dev/null 2>&1
		rc=$?
		read -r secs kb < <(tail -n 1 "$scratch/time") || { secs=?; kb=?; }
		printf '%-8s %6s %9s %9s %5s\n' "$shape" "$n" "$secs" "$kb" "$rc"
	done
done
