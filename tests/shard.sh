#!/usr/bin/env bash
# --shard K/N and entrycheck merge (issue 11, item 7): corpus/ checked as one
# run and as shards 1/3, 2/3 and 3/3, the shard reports merged (in any order)
# must equal the whole run byte for byte, as JSON, as SARIF and for entries;
# every input lies in exactly one shard; merge refuses mixed formats, other
# tool versions and other rule sets with a message and exit 2.
# (The merged reports are validated against the schemas in tests/sarif.sh.)
#   tests/shard.sh BINARY SRCROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"

cd "$root" || exit 2
# run NAME ARGS...: the report to $scratch/NAME; exit 0 or 1 expected.
run() {
	local name=$1
	shift
	"$bin" "$@" -o "$scratch/$name" corpus 2>"$scratch/$name.err"
	local rc=$?
	if [ "$rc" -gt 1 ]; then
		fail "entrycheck $* corpus exited $rc"
		sed 's/^/    /' "$scratch/$name.err" | head -n 10 >&2
	fi
}

for format in json sarif; do
	run whole.$format check --fail-on none --format $format
	for k in 1 2 3; do
		run shard$k.$format check --fail-on none --format $format --shard $k/3
	done
	if "$bin" merge -o "$scratch/merged.$format" "$scratch"/shard{1,2,3}.$format; then
		if cmp -s "$scratch/whole.$format" "$scratch/merged.$format"; then
			pass
		else
			fail "$format: the merged shards differ from the whole run"
			diff -u "$scratch/whole.$format" "$scratch/merged.$format" | head -n 40 >&2
		fi
	else
		fail "$format: merge exited $?"
	fi
	# The order of the reports on the command line changes nothing.
	"$bin" merge --format $format "$scratch"/shard{3,1,2}.$format >"$scratch/reordered.$format" &&
		cmp -s "$scratch/whole.$format" "$scratch/reordered.$format" && pass ||
		fail "$format: merging in another order differs"
done

run whole.entries entries --format json
for k in 1 2 3; do
	run shard$k.entries entries --format json --shard $k/3
done
"$bin" merge "$scratch"/shard{2,3,1}.entries >"$scratch/merged.entries" &&
	cmp -s "$scratch/whole.entries" "$scratch/merged.entries" && pass ||
	fail "entries: the merged shards differ from the whole run"

# Groups inside one run (--group-size; a tree of more than 1,000 files is
# analyzed 1,000 at a time) change nothing: corpus/ 7 files at a time, also
# with a shard, equals the whole run, and its problems are the same.
for format in json sarif; do
	run grouped.$format check --fail-on none --format $format --group-size 7
	cmp -s "$scratch/whole.$format" "$scratch/grouped.$format" && pass ||
		fail "$format: analyzed 7 files at a time, the report differs from the whole run"
done
run whole.err check --fail-on none -v
run grouped.err check --fail-on none -v --group-size 7
diff <(grep -Ev 'note: (analyzed|evaluated)' "$scratch/whole.err.err") <(grep -Ev 'note: (analyzed|evaluated)' "$scratch/grouped.err.err") >/dev/null && pass ||
	fail "analyzed 7 files at a time, the problems differ from the whole run"
run sharded-group.json check --fail-on none --format json --shard 2/3 --group-size 5
cmp -s "$scratch/shard2.json" "$scratch/sharded-group.json" && pass ||
	fail "shard 2/3 analyzed 5 files at a time differs from shard 2/3"

# Each DriverEntry lies in one shard, and a shard is not empty on corpus/.
python3 - "$scratch" <<'PY' && pass || fail "shards overlap, or one is empty"
import json, sys
t = sys.argv[1]
seen = {}
for k in (1, 2, 3):
    entries = json.load(open(f"{t}/shard{k}.entries"))["entries"]
    assert entries, f"shard {k} has no DriverEntry"
    for e in entries:
        key = (e["file"], e["line"])
        assert key not in seen, f"{key} in shards {seen[key]} and {k}"
        seen[key] = k
PY

# refuse CASE FRAGMENT FILES...: merge exits 2 and says FRAGMENT.
refuse() {
	local name=$1 fragment=$2
	shift 2
	"$bin" merge "$@" >/dev/null 2>"$scratch/refuse.err"
	local rc=$?
	if [ "$rc" -ne 2 ]; then
		fail "$name: merge exited $rc, not 2"
	elif ! grep -qF -- "$fragment" "$scratch/refuse.err"; then
		fail "$name: no '$fragment' in: $(cat "$scratch/refuse.err")"
	else
		pass
	fi
}
refuse mixed "is a SARIF log, and" "$scratch/shard1.json" "$scratch/shard2.sarif"
refuse asked-format "not a SARIF log as --format asks" --format sarif "$scratch/shard1.json"
sed 's/"semanticVersion":\t"[^"]*"/"semanticVersion":\t"9.9.9"/' "$scratch/shard2.sarif" >"$scratch/other.sarif"
refuse sarif-version "written by entrycheck 9.9.9" "$scratch/shard1.sarif" "$scratch/other.sarif"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["tool"]["version"]="9.9.9"; print(json.dumps(r))' \
	"$scratch/shard2.json" >"$scratch/other.json"
refuse json-version "written by entrycheck 9.9.9" "$scratch/shard1.json" "$scratch/other.json"
"$bin" check --fail-on none --format sarif --ignore FLT --shard 2/3 -o "$scratch/fewer.sarif" corpus 2>/dev/null
refuse rule-set "ran other rules than" "$scratch/shard1.sarif" "$scratch/fewer.sarif"
"$bin" check --fail-on none --format sarif --srcroot-uri file:///elsewhere/ --shard 2/3 -o "$scratch/moved.sarif" \
	corpus 2>/dev/null
refuse srcroot "give every shard the same --srcroot-uri" "$scratch/shard1.sarif" "$scratch/moved.sarif"
echo '{"results": []}' >"$scratch/foreign.json"
refuse foreign "not an entrycheck report" "$scratch/foreign.json"
refuse missing "cannot read report" "$scratch/nosuch.json"
refuse no-input "no input" 

finish
