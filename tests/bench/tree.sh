#!/usr/bin/env bash
# Figures for a whole driver tree (issue 11, item 8), never assertions, and
# not part of ctest: entrycheck against plain clang over the same files with
# the same flags.
#   tests/bench/tree.sh BINARY FILES|DIR
# FILES: generate a tree of that many sources with tests/bench/gen_tree.py
# (about 12% DriverEntry files, helpers in other files of the project, three
# headers a project); DIR: use that tree as it is. The file list (every .c,
# sorted) is the same for every row:
#   entrycheck cold      entrycheck check over the list, after $EC_COLD_SETUP
#   entrycheck warm      the same command again
#   entrycheck parse-all cold run with --parse-all (every file parsed, as clang does)
#   clang                clang -fsyntax-only, one process a file, $JOBS at once,
#                        with entrycheck's own flags (front/wdkmodel.c:
#                        header_model_base_args, _mode_args, _include_args)
#   clang PCH build      the header model's prelude (entrycheck/kernel.h) precompiled
#   clang + PCH          the same loop with -include-pch of that prelude
#   clang-tidy           clang-tidy -checks=-*,$TIDY_CHECK, one process a file, $JOBS at once
# Each row: wall seconds, CPU seconds (user + system), peak RSS of the largest
# process (/usr/bin/time -f), and its wall and CPU time over the clang + PCH loop's.
# Environment:
#   EC_FLAGS       extra flags for every entrycheck run (e.g. "-j 2"); without
#                  --cache-dir or --no-cache the runs use a cache of their own in
#                  the scratch directory, emptied before the cold and --parse-all runs
#   EC_COLD_SETUP  shell run before the cold run (e.g. "rm -rf /tmp/ec-cache" with
#                  EC_FLAGS="--cache-dir /tmp/ec-cache")
#   EC_WARM_FLAGS  extra flags for the warm run only
#   JOBS           processes at once for the clang rows (default: nproc, as entrycheck's -j)
#   CLANG, CLANG_TIDY, TIDY_CHECK (default bugprone-sizeof-expression), KEEP=1 keeps the scratch tree
#   EC_ONLY=1      the entrycheck rows only (a 10,000-file tree takes clang-tidy an hour)
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
what=$2
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] && echo "scratch: $scratch" || trap 'rm -rf "$scratch"' EXIT
jobs=${JOBS:-$(nproc)}
clang=${CLANG:-clang}
tidy=${CLANG_TIDY:-clang-tidy}
tidy_check=${TIDY_CHECK:-bugprone-sizeof-expression}

if [ -d "$what" ]; then
	tree=$(cd "$what" && pwd)
else
	tree=$scratch/tree
	python3 "$here/gen_tree.py" "$what" "$tree" >&2 || exit 2
fi
find "$tree" -type f -name '*.c' | LC_ALL=C sort >"$scratch/files"
nfiles=$(wc -l <"$scratch/files")

# The paths entrycheck loaded its header model from (entrycheck --version).
version=$("$bin" --version)
model=$(sed -n 's/^  header model *//p' <<<"$version")
mingw=$(sed -n 's/^  mingw-w64 *//p' <<<"$version")
builtins=$(sed -n 's/^  clang builtins *//p' <<<"$version")
flags=(--target=x86_64-w64-mingw32 -fgnuc-version=4.2.1 -fms-compatibility -fms-extensions -nostdlibinc
	-resource-dir "$builtins" -ferror-limit=0 -Wno-error=implicit-function-declaration -Wno-error=implicit-int
	-Wno-error=int-conversion -Wno-error=incompatible-function-pointer-types -Wno-unknown-pragmas
	-Wno-pragma-pack -D_KERNEL_MODE=1 -isystem "$model" -isystem "$mingw/ddk" -isystem "$mingw")
printf '%s\n' "${flags[@]}" >"$scratch/flags"
echo "tree: $tree ($nfiles sources); clang: $("$clang" --version | head -n 1); jobs: $jobs" >&2
echo "flags: -x c ${flags[*]}" >&2

# measure NAME COMMAND...: one row's figures into $scratch/NAME.time.
measure() {
	local name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$scratch/$name.time" "$@" >"$scratch/$name.out" 2>"$scratch/$name.err"
	local rc=$?
	[ "$rc" -le 1 ] || echo "$name: exit $rc; $(tail -n 3 "$scratch/$name.err")" >&2
}

export scratch clang tidy tidy_check jobs
# One clang process a file, $jobs at once; the flags are read from a file.
loop() { # loop MODE: syntax, pch or tidy
	xargs -a "$scratch/files" -d '\n' -n 1 -P "$jobs" bash -c '
		mapfile -t f <"$scratch/flags"
		case $0 in
		syntax) exec "$clang" -fsyntax-only -x c "${f[@]}" "$1" ;;
		pch) exec "$clang" -fsyntax-only -x c "${f[@]}" -include-pch "$scratch/prelude.pch" "$1" ;;
		tidy) exec "$tidy" --quiet -checks="-*,$tidy_check" "$1" -- -x c "${f[@]}" ;;
		esac' "$1"
}
export -f loop

# Cold means an empty cache: without a cache of the caller's choosing, the
# runs get one of their own (the user's ~/.cache would hold the prelude and,
# for a generated tree, the results of an earlier run of the same tree).
case " ${EC_FLAGS:-} " in
*" --cache-dir "* | *" --no-cache "*) ;;
*)
	EC_FLAGS="${EC_FLAGS:-} --cache-dir $scratch/cache"
	EC_COLD_SETUP="${EC_COLD_SETUP:-rm -rf $scratch/cache}"
	;;
esac
[ -n "${EC_COLD_SETUP:-}" ] && bash -c "$EC_COLD_SETUP"
measure ec-cold xargs -a "$scratch/files" -d '\n' -x "$bin" check --fail-on none ${EC_FLAGS:-}
measure ec-warm xargs -a "$scratch/files" -d '\n' -x "$bin" check --fail-on none ${EC_FLAGS:-} ${EC_WARM_FLAGS:-}
[ -n "${EC_COLD_SETUP:-}" ] && bash -c "$EC_COLD_SETUP"
measure ec-all xargs -a "$scratch/files" -d '\n' -x "$bin" check --fail-on none --parse-all ${EC_FLAGS:-}
if [ "${EC_ONLY:-0}" != 1 ]; then
measure clang bash -c 'loop syntax'
measure pch-build bash -c 'mapfile -t f <"$scratch/flags"; exec "$clang" -x c-header "${f[@]}" "$0" -o "$scratch/prelude.pch"' \
	"$model/entrycheck/kernel.h"
measure clang-pch bash -c 'loop pch'
measure tidy bash -c 'loop tidy'
fi
if ! cmp -s "$scratch/ec-cold.out" "$scratch/ec-warm.out"; then
	echo "note: the warm run's report differs from the cold run's" >&2
fi
[ "${EC_ONLY:-0}" = 1 ] || grep -h 'error:' "$scratch/clang-pch.err" "$scratch/clang.err" | sort | uniq -c | sort -rn | head -n 3 >&2

rows="ec-cold:entrycheck cold|ec-warm:entrycheck warm|ec-all:entrycheck --parse-all"
if [ "${EC_ONLY:-0}" = 1 ]; then
	ref_wall=0 ref_cpu=0
else
	read -r ref_wall ref_user ref_sys _ < <(tail -n 1 "$scratch/clang-pch.time")
	ref_cpu=$(echo "$ref_user + $ref_sys" | bc)
	rows="$rows|clang:clang -fsyntax-only|pch-build:clang PCH build|clang-pch:clang -fsyntax-only + PCH"
	rows="$rows|tidy:clang-tidy ($tidy_check)"
fi
printf '%-40s %8s %8s %9s %10s %10s\n' "$nfiles files" wall-s cpu-s peak-MB wall/pch cpu/pch
IFS='|' read -r -a row_list <<<"$rows"
for row in "${row_list[@]}"; do
	name=${row%%:*} label=${row#*:}
	read -r wall user sys kb < <(tail -n 1 "$scratch/$name.time")
	cpu=$(echo "$user + $sys" | bc)
	if [ "$ref_wall" = 0 ]; then
		printf '%-40s %8.2f %8.2f %9.1f %10s %10s\n' "$label" "$wall" "$cpu" "$(echo "$kb / 1024" | bc -l)" - -
	else
		printf '%-40s %8.2f %8.2f %9.1f %10.2f %10.2f\n' "$label" "$wall" "$cpu" "$(echo "$kb / 1024" | bc -l)" \
			"$(echo "$wall / $ref_wall" | bc -l)" "$(echo "$cpu / $ref_cpu" | bc -l)"
	fi
done
read -r cw _ < <(tail -n 1 "$scratch/ec-cold.time")
read -r ww _ < <(tail -n 1 "$scratch/ec-warm.time")
printf 'entrycheck warm/cold wall: %.2f\n' "$(echo "$ww / $cw" | bc -l)"
grep -h '^[0-9]* error' "$scratch/ec-cold.out" >&2 || true
