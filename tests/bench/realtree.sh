#!/usr/bin/env bash
# Real-tree figures (never assertions): `entrycheck check` over each tree of
# the development set (tests/realworld/repos.txt, unpacked by hand as
# tests/realworld/README.md says), one run per tree as a repository's CI
# runs it, on a copy, sharing one cache of its own:
#   cold     the cache empty
#   warm     nothing changed
#   touched  a function added to one file of one tree (TOUCH, by default the
#            first file of the first tree that defines a DriverEntry), so
#            that its facts change
# Prints, per pass, the time summed over the trees, the largest peak memory,
# the DriverEntry evaluations and how many the cache gave, whether the
# findings equal the cold pass's; then the touched tree's own times.
#   tests/bench/realtree.sh BINARY TREES_DIR [TOUCH]
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
trees=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
names=()
while read -r repo _; do
	[ -n "$repo" ] || continue
	name=${repo/\//+}
	[ -d "$trees/$name" ] || { echo "skipping $repo: no $trees/$name" >&2; continue; }
	cp -r "$trees/$name" "$scratch/$name"
	names+=("$name")
done <"$here/../realworld/repos.txt"
touch_file=${3:-$(cd "$scratch" && grep -rlE --include='*.c' --include='*.cpp' '^[[:space:]]*DriverEntry[[:space:]]*\(' \
	"${names[0]}" | sort | head -n 1)}
touched_tree=${touch_file%%/*}

# The findings of a JSON report, in a stable form.
findings() {
	python3 -c 'import json,sys
print(json.dumps(json.load(open(sys.argv[1])).get("findings"), sort_keys=True))' "$1"
}

printf '%-8s %9s %9s %10s %7s  %s\n' pass seconds max-KB evaluated cached findings
for pass in cold warm touched; do
	[ "$pass" = touched ] && printf '\n/* added by the benchmark */\nstatic int entrycheck_bench_touched(void)\n{\n    return 0;\n}\n' \
		>>"$scratch/$touch_file"
	total=0 peak=0 evaluated=0 cached=0 same=identical
	for name in "${names[@]}"; do
		(cd "$scratch" && /usr/bin/time -f '%e %M' -o "$scratch/time" "$bin" check -v \
			--cache-dir "$scratch/cache" --format json -o "$scratch/$pass-$name.json" "$name" \
			>/dev/null 2>"$scratch/$pass-$name.err")
		read -r secs kb < <(tail -n 1 "$scratch/time")
		[ "$name" = "$touched_tree" ] && echo "$secs" >"$scratch/$pass.tree"
		total=$(python3 -c "print(round($total + $secs, 2))")
		[ "$kb" -gt "$peak" ] && peak=$kb
		line=$(grep 'note: evaluated [0-9]* DriverEntry' "$scratch/$pass-$name.err")
		evaluated=$((evaluated + $(sed -E 's/.*evaluated ([0-9]+) .*/\1/' <<<"${line:-evaluated 0 }")))
		cached=$((cached + $(sed -E 's/.* s, ([0-9]+) of them.*/\1/' <<<"${line:- s, 0 of them}")))
		[ "$pass" = cold ] ||
			cmp -s <(findings "$scratch/cold-$name.json") <(findings "$scratch/$pass-$name.json") || same=DIFFERENT
	done
	[ "$pass" = cold ] && same=reference
	printf '%-8s %9s %9s %10s %7s  %s\n' "$pass" "$total" "$peak" "$evaluated" "$cached" "$same"
done
echo "touched: $touch_file ($touched_tree: cold $(cat "$scratch/cold.tree") s, warm $(cat "$scratch/warm.tree") s," \
	"touched $(cat "$scratch/touched.tree") s)"
