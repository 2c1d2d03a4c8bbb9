#!/usr/bin/env bash
# The cache of precompiled preludes changes nothing but the time: the corpus
# report is byte for byte the same cold, warm, with --no-cache, after the
# cached files were corrupted (they are rebuilt), from two runs sharing an
# empty cache at once, and with a cache directory that cannot be created
# (a warning, then the run goes on without it). --no-cache writes nothing.
# Entries are sealed with the cache's key: planted, edited or renamed ones are
# rejected and made again; folders others could write are refused.
#   tests/cache.sh BINARY SRCROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"

copy_corpus "$root" "$scratch/tree" || exit 2
cd "$scratch/tree" || exit 2
same() { # NAME: its report equals the reference
	cmp -s "$scratch/ref.json" "$scratch/$1.json" || fail "$1: the report differs from one made without the cache"
	[ "$(cat "$scratch/$1.rc")" = 0 ] || fail "$1: exit $(cat "$scratch/$1.rc")"
}
cached() { # NAME: how many preludes came from the cache
	sed -n 's/.*, \([0-9]*\) preludes\{0,1\} from the cache.*/\1/p' "$scratch/$1.err"
}

corpus_report ref --no-cache --cache-dir "$scratch/unused"
[ -e "$scratch/unused" ] && fail "--no-cache created the cache directory"

corpus_report cold --cache-dir "$scratch/c"
same cold
n=$(ls "$scratch/c/pch" 2>/dev/null | grep -c '\.pch$')
[ "$n" -ge 1 ] || fail "cold: no prelude was cached"
[ "$(cached cold)" = 0 ] || fail "cold: took $(cached cold) preludes from an empty cache"
ls "$scratch/c/pch" | grep -q 'tmp-' && fail "cold: a temporary file was left in the cache"

# The result cache (tests/results.sh) would spare the warm run every parse.
rm -rf "$scratch/c/results"
corpus_report warm --cache-dir "$scratch/c"
same warm
[ "$(cached warm)" = "$n" ] || fail "warm: $(cached warm) of $n preludes came from the cache"

for f in "$scratch"/c/pch/*.pch; do
	head -c 4096 /dev/urandom >"$f"
done
rm -rf "$scratch/c/results"
corpus_report corrupt --cache-dir "$scratch/c"
same corrupt
for f in "$scratch"/c/pch/*.pch; do
	[ "$(stat -c %s "$f")" -gt 4096 ] || fail "corrupt: $f was not rebuilt"
done
rm -rf "$scratch/c/results"
corpus_report again --cache-dir "$scratch/c"
same again
[ "$(cached again)" = "$n" ] || fail "after rebuilding: $(cached again) of $n preludes came from the cache"

# Two runs at once on an empty cache: each builds or reads whole files only.
corpus_report par1 --cache-dir "$scratch/p" &
corpus_report par2 --cache-dir "$scratch/p" &
wait
same par1
same par2
ls "$scratch/p/pch" | grep -q 'tmp-' && fail "parallel: a temporary file was left in the cache"

# XDG_CACHE_HOME is the default place.
XDG_CACHE_HOME="$scratch/xdg" corpus_report xdg
same xdg
ls "$scratch/xdg/entrycheck/pch" 2>/dev/null | grep -q '\.pch$' || fail "XDG_CACHE_HOME: nothing cached there"

# A cache directory that cannot exist: a warning naming it, and the same report.
: >"$scratch/file"
corpus_report blocked --cache-dir "$scratch/file/cache"
python3 - "$scratch/ref.json" "$scratch/blocked.json" <<'PY' || fail "blocked: other findings or entries than without the cache"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
sys.exit(0 if (a["findings"], a["entries"]) == (b["findings"], b["entries"]) else 1)
PY
grep -q "$scratch/file/cache: warning: cannot create or write the cache directory" "$scratch/blocked.err" ||
	fail "blocked: no warning naming the cache directory: $(grep -i cache "$scratch/blocked.err" | head -n 3)"

# The cache trusts nothing it did not seal (issue 40, point 9): its folders are
# the user's alone, its key a 32-byte file only the user reads, and an entry
# whose MAC does not hold under that key is a miss, made again, with a -v note.
# On a kernel and two user-mode drivers (two preludes), to keep it quick.
rejected() { sed -n 's/.*note: \([0-9]*\) cache entr.* failed authentication.*/\1/p' "$scratch/$1.err"; }
unchanged() { sed -n 's/.*files, \([0-9]*\) of them unchanged.*/\1/p' "$scratch/$1.err"; }
small() { # NAME ARGS...: as run, on the small tree
	local name=$1
	shift
	"$bin" check --format json --fail-on none -v "$@" corpus/umdf corpus/wdm/bad/linkstay.c \
		>"$scratch/$name.json" 2>"$scratch/$name.err"
	echo $? >"$scratch/$name.rc"
}
same_small() { # NAME: its findings and entries are the uncached ones
	python3 - "$scratch/small-ref.json" "$scratch/$1.json" <<'PY' || fail "$1: other findings or entries than without the cache"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
sys.exit(0 if (a["findings"], a["entries"]) == (b["findings"], b["entries"]) else 1)
PY
}
# The small tree is there whichever corpus folders the run copied (ENTRYCHECK_TEST_CORPUS).
[ -d corpus/umdf ] || cp -R "$root/corpus/umdf" corpus/ || exit 2
small small-ref --no-cache
small sealed --cache-dir "$scratch/s"
same_small sealed
for d in "$scratch/s" "$scratch/s/pch" "$scratch/s/results" "$scratch/s/evals"; do
	[ "$(stat -c %a "$d")" = 700 ] || fail "sealed: $d has mode $(stat -c %a "$d"), not 700"
done
[ "$(stat -c %a "$scratch/s/key")" = 600 ] && [ "$(stat -c %s "$scratch/s/key")" = 32 ] ||
	fail "sealed: the key is not a 32-byte file of mode 600: $(stat -c '%a %s' "$scratch/s/key")"
small sealed-warm --cache-dir "$scratch/s"
same_small sealed-warm
[ -z "$(rejected sealed-warm)" ] || fail "sealed-warm: $(rejected sealed-warm) entries of its own cache rejected"
total=$(unchanged sealed-warm)
[ "$total" = 3 ] || fail "sealed-warm: $total files from the cache, expected 3"

# Entries planted by someone without the key (here: sealed under another
# one) are all rejected: results, evaluations and preludes.
cp "$scratch/s/key" "$scratch/key.saved"
head -c 32 /dev/urandom >"$scratch/s/key"
rm -rf "$scratch/s/results" "$scratch/s/evals" # the preludes alone: read for a parse
small planted-pch --cache-dir "$scratch/s"
same_small planted-pch
[ "$(rejected planted-pch)" = 2 ] || fail "planted: $(rejected planted-pch) preludes rejected, expected 2"
[ "$(cached planted-pch)" = 0 ] || fail "planted: $(cached planted-pch) preludes taken from the cache"
cp "$scratch/key.saved" "$scratch/s/key"
small planted --cache-dir "$scratch/s"
same_small planted
[ "$(unchanged planted)" = 0 ] || fail "planted: $(unchanged planted) files taken from entries sealed with another key"
[ "$(rejected planted)" -ge 5 ] || fail "planted: $(rejected planted) entries rejected, expected 3 results, the evaluations and 2 preludes"

# One results entry edited (its last byte: the facts): rejected, parsed again.
f=$(ls -S "$scratch"/s/results/unit-* | head -n 1)
python3 -c 'import sys; p = sys.argv[1]; d = bytearray(open(p, "rb").read()); d[-1] ^= 1; open(p, "wb").write(d)' "$f"
small edited --cache-dir "$scratch/s"
same_small edited
[ "$(rejected edited)" = 1 ] || fail "edited: $(rejected edited) entries rejected, expected 1"
[ "$(unchanged edited)" = 2 ] || fail "edited: $(unchanged edited) files from the cache, expected 2"

# A prelude renamed to the other one's key (the name the victim's parse
# looks up): its MAC covers the key it was sealed under, so it is rejected.
rm -rf "$scratch/s/results"
preludes=("$scratch"/s/pch/prelude-*.pch)
if [ "${#preludes[@]}" = 2 ]; then
	victim=$(basename "${preludes[0]}")
	planted=$(basename "${preludes[1]}")
	rm "${preludes[0]}"
	mv "${preludes[1]}" "$scratch/s/pch/${victim:0:25}${planted:25}"
	small renamed --cache-dir "$scratch/s"
	same_small renamed
	[ "$(rejected renamed)" = 1 ] || fail "renamed: $(rejected renamed) entries rejected, expected the renamed prelude"
	[ "$(cached renamed)" = 0 ] || fail "renamed: $(cached renamed) preludes taken from the cache"
else
	fail "renamed: expected two preludes in the cache, found ${#preludes[@]}"
fi

# Folders others could write, or another user's, and a key others may read:
# refused with a warning naming them; the run goes on without the cache.
refused() { # NAME PATH: the warning names PATH, nothing came from the cache
	grep -q "^$2: warning: .*; the run goes on without the cache" "$scratch/$1.err" ||
		fail "$1: no warning naming $2: $(grep -i cache "$scratch/$1.err" | head -n 2)"
	same_small "$1"
	[ "$(unchanged "$1")" = 0 ] && [ "$(cached "$1")" = 0 ] || fail "$1: the refused cache was used"
}
mkdir -m 777 "$scratch/open"
small open --cache-dir "$scratch/open"
refused open "$scratch/open"
[ -z "$(ls -A "$scratch/open")" ] || fail "open: the run wrote into a folder others may write: $(ls -A "$scratch/open")"
chmod 770 "$scratch/s/results"
small open-kind --cache-dir "$scratch/s"
refused open-kind "$scratch/s/results"
chmod 700 "$scratch/s/results"
chmod 644 "$scratch/s/key"
small open-key --cache-dir "$scratch/s"
refused open-key "$scratch/s/key"
chmod 600 "$scratch/s/key"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody "$scratch/s"
	small foreign --cache-dir "$scratch/s"
	refused foreign "$scratch/s"
	grep -q "belongs to another user" "$scratch/foreign.err" || fail "foreign: the warning does not say who owns it"
	chown root "$scratch/s"
else
	echo "cache: not root: another user's cache folder is not tried"
fi

finish "cache: all checks passed"
