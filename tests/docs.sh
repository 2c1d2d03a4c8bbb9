#!/usr/bin/env bash
# Docs that cannot drift from the program:
# - every "N rules" in README.md is the number of rules `entrycheck rules` lists;
#   the README's rule table covers each of them exactly once, and its ranges hold
#   no other ID than the retired ones the README names ("(WDM004 retired)"),
#   which `entrycheck explain` calls retired;
# - the table of docs/rules.md has every rule with its catalogue level, models
#   and title, and the retired ones as retired;
# - README.md's "Platforms" names as tested the libclang this entrycheck runs on
#   and the second one .ci/run tests, and names Windows only to say it is not
#   supported.
#   tests/docs.sh ENTRYCHECK SOURCE-ROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
unset ENTRYCHECK_RULES_DIR

# The catalogue, from a directory no .entrycheck.json applies to: ID|level|models|title.
(cd "$scratch" && "$bin" rules) >"$scratch/rules.txt" || die "entrycheck rules failed"
awk '{ id = $1; level = $2; models = $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); print id "|" level "|" models "|" $0 }' \
	"$scratch/rules.txt" | LC_ALL=C sort >"$scratch/catalogue"
cut -d'|' -f1 "$scratch/catalogue" >"$scratch/ids"
count=$(wc -l <"$scratch/ids")
[ "$count" -gt 40 ] || fail "entrycheck rules lists $count rules"
retired() { "$bin" explain "$1" 2>/dev/null | sed -n 3p | grep -q '^\*\*Retired\.\*\*'; }

# README: the counts.
grep -noE '\b[0-9]+ rules\b' "$root/README.md" >"$scratch/counts"
[ -s "$scratch/counts" ] || fail "README.md states no rule count"
while IFS=: read -r line claim; do
	[ "${claim% rules}" = "$count" ] || fail "README.md:$line says '$claim'; entrycheck rules lists $count"
done <"$scratch/counts"
# README: the table's ranges (DE001-DE012, WFP001), expanded.
: >"$scratch/table"
while IFS= read -r cell; do
	first=${cell%%-*} last=${cell##*-}
	prefix=${first%%[0-9]*}
	[ "${last%%[0-9]*}" = "$prefix" ] || { fail "README.md: range $cell spans two prefixes"; continue; }
	for ((n = 10#${first#"$prefix"}; n <= 10#${last#"$prefix"}; n++)); do printf '%s%03d\n' "$prefix" "$n"; done >>"$scratch/table"
done < <(sed -n 's/^| \([A-Z]\{2,\}[0-9]\{3\}\(-[A-Z]\{2,\}[0-9]\{3\}\)\{0,1\}\) |.*/\1/p' "$root/README.md")
[ -s "$scratch/table" ] || fail "README.md has no rule table"
while IFS= read -r id; do fail "README.md's table has $id in two rows"; done < <(LC_ALL=C sort "$scratch/table" | uniq -d)
LC_ALL=C sort -u "$scratch/table" >"$scratch/table.ids"
while IFS= read -r id; do fail "README.md's table lacks $id"; done < <(LC_ALL=C comm -23 "$scratch/ids" "$scratch/table.ids")
LC_ALL=C comm -13 "$scratch/ids" "$scratch/table.ids" >"$scratch/extra"
grep -oE '\([A-Z0-9, ]+ retired\)' "$root/README.md" | grep -oE '[A-Z]+[0-9]{3}' | LC_ALL=C sort -u >"$scratch/named"
while IFS= read -r id; do
	if ! retired "$id"; then
		fail "README.md's table covers $id, which is neither a rule nor retired"
	elif ! grep -qx "$id" "$scratch/named"; then
		fail "README.md's table covers $id, retired, without saying so"
	fi
done <"$scratch/extra"
while IFS= read -r id; do
	fail "README.md says $id is retired, but its table does not cover it or it is a rule"
done < <(LC_ALL=C comm -13 "$scratch/extra" "$scratch/named")

# docs/rules.md: | [ID](...) | level | models | title |, models as a set.
models_sorted() { # ID|level|models|title lines, the models sorted
	local id level models title
	while IFS='|' read -r id level models title; do
		models=$(printf '%s\n' "${models//, /,}" | tr ',' '\n' | LC_ALL=C sort | paste -sd, -)
		printf '%s|%s|%s|%s\n' "$id" "$level" "$models" "$title"
	done | LC_ALL=C sort
}
sed -n 's/^| \[\([A-Z]*[0-9]*\)\]([^)]*) | \([^|]*\) | \([^|]*\) | \(.*\) |$/\1|\2|\3|\4/p' "$root/docs/rules.md" |
	models_sorted >"$scratch/rules.md"
models_sorted <"$scratch/catalogue" >"$scratch/catalogue.sorted"
[ "$(wc -l <"$scratch/rules.md")" -gt 40 ] || fail "docs/rules.md: no rule table found"
grep -v '|retired|' "$scratch/rules.md" >"$scratch/rules.md.live"
diff "$scratch/catalogue.sorted" "$scratch/rules.md.live" >"$scratch/rules.diff" ||
	fail "docs/rules.md's table differs from entrycheck rules (< catalogue, > docs/rules.md):
$(grep '^[<>]' "$scratch/rules.diff")"
while IFS= read -r id; do
	retired "$id" || fail "docs/rules.md calls $id retired; entrycheck explain does not"
done < <(grep '|retired|' "$scratch/rules.md" | cut -d'|' -f1)

# README: the platforms.
platforms=$(awk '/^## Platforms$/ { on = 1; next } on && /^## / { exit } on' "$root/README.md")
[ -n "$platforms" ] || fail "README.md has no '## Platforms' section"
tested=$(printf '%s\n' "$platforms" | awk '/Built and tested/ { on = 1 } on && /^- / && !/Built and tested/ { exit } on' | tr '\n' ' ')
llvm=$("$bin" --version | sed -n 's/^libclang: .* version \([0-9]*\)\..*/\1/p')
second=$(sed -n 's/^second_llvm=\${ENTRYCHECK_SECOND_LLVM-\([0-9]*\)}$/\1/p' "$root/.ci/run")
[ -n "$llvm" ] && [ -n "$second" ] || fail "cannot tell the libclang versions ('$llvm' here, '$second' in .ci/run)"
for v in $llvm $second; do
	printf '%s\n' "$tested" | grep -qE "libclang $v\b|and $v\b|libclang [0-9, ]*\b$v\b" ||
		fail "README.md's 'Built and tested' does not name libclang $v: $tested"
done
printf '%s\n' "$tested" | grep -q 'Debian 12' || fail "README.md's 'Built and tested' does not name Debian 12"
while IFS= read -r line; do fail "README.md names Windows as a platform: $line"; done < <(
	grep -n 'Windows' "$root/README.md" | grep -vE 'Windows [dD]river' | grep -v 'not supported\|No Windows build')
while IFS= read -r line; do fail "a platform claim no build stands behind: $line"; done < <(
	grep -n 'Linux, macOS or Windows\|macOS and Windows' "$root/README.md" "$root/docs/building.md")

finish "docs: $count rules; README.md and docs/rules.md agree with entrycheck rules; platforms as tested"
