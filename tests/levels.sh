#!/usr/bin/env bash
# What standard error carries at each level: -q errors only; the default
# errors, warnings, the run's own notes and one line per file with notes
# (the note itself when it is the only one); -v every note. A location in
# entrycheck's own header model reads "<entrycheck>/...", from any directory.
#   tests/levels.sh BINARY SRCROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
export XDG_CACHE_HOME=$scratch/cache
mkdir -p "$scratch/drv/sub"
# usbmon.c gets several notes (missing header, rules not checked through macros).
cp "$root/corpus/wdm/bad/nomacros/usbmon.c" "$scratch/drv/"
cp "$root/corpus/minifilter/bad/softfail.c" "$scratch/drv/"
cd "$scratch/drv" || exit 2
run() { "$bin" check --no-progress "$@" . >"$scratch/out" 2>"$scratch/err"; }

run
notes=$(grep -c 'usbmon.c:[0-9]*:[0-9]*: note:' "$scratch/err")
[ "$notes" = 0 ] || fail "default level listed $notes notes of usbmon.c: $(cat "$scratch/err")"
grep -Eq '^usbmon.c: [0-9]+ notes \(-v lists them\)$' "$scratch/err" || fail "no summary line for usbmon.c: $(cat "$scratch/err")"
[ "$(grep -c '^usbmon.c: ' "$scratch/err")" = 1 ] || fail "more than one summary line for usbmon.c: $(cat "$scratch/err")"
grep -q '\[FLT005\]' "$scratch/out" || fail "findings missing at the default level: $(cat "$scratch/out")"

# the count is the notes the run has for the file (its JSON report lists them)
summary=$(sed -n 's/^usbmon.c: \([0-9]*\) notes.*/\1/p' "$scratch/err")
listed=$("$bin" check --format json . 2>/dev/null | python3 -c '
import json, sys
print(sum(1 for p in json.load(sys.stdin)["problems"] if p["level"] == "note" and p.get("file") == "usbmon.c"))')
[ "$summary" = "$listed" ] || fail "the summary counts $summary notes of usbmon.c, the report lists $listed"

run -v
verbose=$(grep -c 'usbmon.c:[0-9]*:[0-9]*: note:' "$scratch/err")
[ "$verbose" -ge "$listed" ] || fail "-v lists $verbose notes of usbmon.c, fewer than $listed: $(cat "$scratch/err")"
grep -q 'lists them' "$scratch/err" && fail "-v still summarizes: $(cat "$scratch/err")"

run -q
[ -s "$scratch/err" ] && fail "-q printed on standard error: $(cat "$scratch/err")"
grep -q '\[FLT005\]' "$scratch/out" || fail "-q lost the findings: $(cat "$scratch/out")"

# A clang error inside our header model, from two directories: the same "<entrycheck>/" name.
cat >"$scratch/drv/sub/broken.c" <<'C'
#define FLT_REGISTRATION int
#include <fltKernel.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	return STATUS_SUCCESS;
}
C
for dir in "$scratch/drv/sub" /; do
	(cd "$dir" && "$bin" check --no-progress "$scratch/drv/sub/broken.c" >/dev/null 2>"$scratch/err")
	grep -Eq 'the first: <entrycheck>/fltKernel.h:[0-9]+:[0-9]+: ' "$scratch/err" ||
		fail "from $dir, the model's header is not shown as <entrycheck>/: $(cat "$scratch/err")"
	grep -q 'wdk/include' "$scratch/err" && fail "from $dir, the model's path leaks: $(cat "$scratch/err")"
done

finish "levels: all cases passed"
