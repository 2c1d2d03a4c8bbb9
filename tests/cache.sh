#!/usr/bin/env bash
# The cache of precompiled preludes changes nothing but the time: the corpus
# report is byte for byte the same cold, warm, with --no-cache, after the
# cached files were corrupted (they are rebuilt), from two runs sharing an
# empty cache at once, and with a cache directory that cannot be created
# (a warning, then the run goes on without it). --no-cache writes nothing.
#   tests/cache.sh BINARY SRCROOT
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0
fail() { echo "FAIL $*" >&2; failed=$((failed + 1)); }

. "$(dirname "$0")/copy-corpus.sh"
copy_corpus "$root" "$scratch/tree" || exit 2
cd "$scratch/tree" || exit 2
run() { # NAME ARGS...: the JSON report in $scratch/NAME.json, stderr in NAME.err
	local name=$1
	shift
	"$bin" check --format json --fail-on none -v "$@" corpus >"$scratch/$name.json" 2>"$scratch/$name.err"
	echo $? >"$scratch/$name.rc"
}
same() { # NAME: its report equals the reference
	cmp -s "$scratch/ref.json" "$scratch/$1.json" || fail "$1: the report differs from one made without the cache"
	[ "$(cat "$scratch/$1.rc")" = 0 ] || fail "$1: exit $(cat "$scratch/$1.rc")"
}
cached() { # NAME: how many preludes came from the cache
	sed -n 's/.*, \([0-9]*\) preludes\{0,1\} from the cache.*/\1/p' "$scratch/$1.err"
}

run ref --no-cache --cache-dir "$scratch/unused"
[ -e "$scratch/unused" ] && fail "--no-cache created the cache directory"

run cold --cache-dir "$scratch/c"
same cold
n=$(ls "$scratch/c/pch" 2>/dev/null | grep -c '\.pch$')
[ "$n" -ge 1 ] || fail "cold: no prelude was cached"
[ "$(cached cold)" = 0 ] || fail "cold: took $(cached cold) preludes from an empty cache"
ls "$scratch/c/pch" | grep -q 'tmp-' && fail "cold: a temporary file was left in the cache"

# The result cache (tests/results.sh) would spare the warm run every parse.
rm -rf "$scratch/c/results"
run warm --cache-dir "$scratch/c"
same warm
[ "$(cached warm)" = "$n" ] || fail "warm: $(cached warm) of $n preludes came from the cache"

for f in "$scratch"/c/pch/*.pch; do
	head -c 4096 /dev/urandom >"$f"
done
rm -rf "$scratch/c/results"
run corrupt --cache-dir "$scratch/c"
same corrupt
for f in "$scratch"/c/pch/*.pch; do
	[ "$(stat -c %s "$f")" -gt 4096 ] || fail "corrupt: $f was not rebuilt"
done
rm -rf "$scratch/c/results"
run again --cache-dir "$scratch/c"
same again
[ "$(cached again)" = "$n" ] || fail "after rebuilding: $(cached again) of $n preludes came from the cache"

# Two runs at once on an empty cache: each builds or reads whole files only.
run par1 --cache-dir "$scratch/p" &
run par2 --cache-dir "$scratch/p" &
wait
same par1
same par2
ls "$scratch/p/pch" | grep -q 'tmp-' && fail "parallel: a temporary file was left in the cache"

# XDG_CACHE_HOME is the default place.
XDG_CACHE_HOME="$scratch/xdg" run xdg
same xdg
ls "$scratch/xdg/entrycheck/pch" 2>/dev/null | grep -q '\.pch$' || fail "XDG_CACHE_HOME: nothing cached there"

# A cache directory that cannot exist: a warning naming it, and the same report.
: >"$scratch/file"
run blocked --cache-dir "$scratch/file/cache"
python3 - "$scratch/ref.json" "$scratch/blocked.json" <<'PY' || fail "blocked: other findings or entries than without the cache"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
sys.exit(0 if (a["findings"], a["entries"]) == (b["findings"], b["entries"]) else 1)
PY
grep -q "$scratch/file/cache: warning: cannot create or write the cache directory" "$scratch/blocked.err" ||
	fail "blocked: no warning naming the cache directory: $(grep -i cache "$scratch/blocked.err" | head -n 3)"

[ "$failed" = 0 ] && echo "cache: all checks passed"
exit $((failed > 0))
