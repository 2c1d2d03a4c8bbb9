#!/usr/bin/env bash
# The real-world benchmark: runs `entries` and `check` over each tree of the
# development set (repos.txt) and prints one table row per repository. It is a
# benchmark, not a CI test: the trees are fetched and unpacked by hand (tests/realworld/README.md).
#
#   tests/realworld/run.sh [-b ENTRYCHECK] [-o OUTDIR] [-r REPOS] [-t SECONDS] TREES_DIR [ENTRYCHECK_ARGS...]
#
# REPOS is the list of (repository, commit) to run: repos.txt (the development set) unless told,
# repos2.txt for the second set (precision).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../../build/entrycheck
out=/tmp/realworld-out
limit=900
repos=$here/repos.txt
while getopts "b:o:r:t:" opt; do
	case $opt in
	b) bin=$OPTARG ;;
	o) out=$OPTARG ;;
	r) repos=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) echo "usage: $0 [-b ENTRYCHECK] [-o OUTDIR] [-r REPOS] [-t SECONDS] TREES_DIR [ENTRYCHECK_ARGS...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-b ENTRYCHECK] [-o OUTDIR] [-r REPOS] [-t SECONDS] TREES_DIR [ENTRYCHECK_ARGS...]" >&2; exit 2; }
trees=$(cd "$1" && pwd)
shift
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
mkdir -p "$out"

while read -r repo commit; do
	[ -n "$repo" ] || continue
	name=${repo/\//+}
	tree=$trees/$name
	[ -d "$tree" ] || { echo "skipping $repo: no $tree" >&2; continue; }
	dir=$out/$name
	mkdir -p "$dir"
	echo "$commit" >"$dir/commit"
	python3 "$here/grep_entries.py" "$tree" >"$dir/grep.txt"
	find "$tree" -type f \( -iname '*.c' -o -iname '*.cpp' -o -iname '*.cc' -o -iname '*.cxx' \) \
		-not -path '*/.*' | wc -l >"$dir/files"
	# Run from the tree's parent so paths read owner+name/...
	for cmd in entries check; do
		set +e
		(cd "$trees" && /usr/bin/time -v -o "$dir/$cmd.time" timeout "$limit" \
			"$bin" "$cmd" --format json -o "$dir/$cmd.json" "$@" "$name" 2>"$dir/$cmd.stderr")
		echo $? >"$dir/$cmd.rc"
		set -e
	done
done <"$repos"

python3 "$here/summarize.py" "$out"
