#!/usr/bin/env bash
# A DriverEntry that cannot be analyzed is never skipped silently: one that
# parse errors swallowed is still listed (found from the text), and
# --unanalyzable decides whether it fails the run with exit 2 (error, the
# default) or counts as a finding of level warning or note toward --fail-on.
#   tests/unanalyzable.sh BINARY
. "$(dirname "$0")/lib.sh"
use_binary "$1"
cd "$scratch" || exit 2

cat >swallowed.c <<'C'
#include <ntddk.h>
struct broken { int x
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	return STATUS_SUCCESS;
}
C
"$bin" entries --format json swallowed.c >entries.json 2>err.txt
[ $? = 2 ] || fail "entries on a swallowed DriverEntry did not exit 2"
grep -q '"analyzability":	"not-analyzable"' entries.json || fail "swallowed DriverEntry not listed: $(cat entries.json)"
grep -q '"line":	4' entries.json || fail "swallowed DriverEntry not at its line: $(cat entries.json)"
grep -q "swallowed.c:4:10: error: DriverEntry cannot be analyzed: parse errors swallowed its definition" err.txt ||
	fail "message: $(cat err.txt)"

expect() { # expect EXIT ARGS...
	local want=$1
	shift
	"$bin" check "$@" swallowed.c >out.txt 2>err.txt
	local got=$?
	[ "$got" = "$want" ] || fail "check $* exited $got, not $want: $(cat err.txt)"
}
expect 2
expect 2 --fail-on none
expect 1 --unanalyzable warning
expect 0 --unanalyzable warning --fail-on error
expect 0 --unanalyzable note
expect 1 --unanalyzable note --fail-on note
expect 0 --unanalyzable note --fail-on none
grep -q "swallowed.c:4:10: note: DriverEntry cannot be analyzed" err.txt || fail "note level: $(cat err.txt)"
"$bin" check --unanalyzable fatal swallowed.c 2>err.txt
[ $? = 2 ] && grep -q "unknown level 'fatal' for --unanalyzable" err.txt || fail "bad level: $(cat err.txt)"

# A finding whose evidence names an assumed declaration says so, in every format.
cat >guessed.c <<'EOF'
#include <ntddk.h>
DRIVER_INITIALIZE DriverEntry;
static PDEVICE_OBJECT GaugeDevice;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	UNREFERENCED_PARAMETER(RegistryPath);
	status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_GAUGE, 0, FALSE, &GaugeDevice);
	if (!NT_SUCCESS(status))
		return status;
	DriverObject->MajorFunction[IRP_MJ_CREATE] = NULL;
	return STATUS_SUCCESS;
}
EOF
"$bin" check guessed.c >out.txt 2>/dev/null
grep -q "note: this rests on declarations entrycheck assumed: FILE_DEVICE_GAUGE (a constant)" out.txt ||
	fail "text: no assumption named: $(cat out.txt)"
"$bin" check --format json guessed.c >out.json 2>/dev/null
python3 -c '
import json, sys
f = json.load(open("out.json"))["findings"]
assert f and all(x.get("assumed") == ["FILE_DEVICE_GAUGE (a constant)"] for x in f), f' ||
	fail "json: findings without their assumption"
"$bin" check --format sarif guessed.c >out.sarif 2>/dev/null
python3 -c '
import json, sys
r = json.load(open("out.sarif"))["runs"][0]["results"]
assert r and all(x["properties"]["assumedDeclarations"] == ["FILE_DEVICE_GAUGE (a constant)"] for x in r), r' ||
	fail "sarif: results without their assumption"

finish "unanalyzable: every check passed"
