#!/usr/bin/env bash
# Parsing only what matters (run/select.h) changes nothing but the time: the
# corpus gives the same findings and entries with and without --parse-all,
# and in a small tree the helper a DriverEntry calls in another file is
# parsed (its finding is reported) while an unrelated file is not. Also what
# the user leaves out: --exclude (and the configuration's "exclude"),
# --select and --ignore. Progress shows on a terminal only.
#   tests/select.sh BINARY SRCROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"

cd "$root" || exit 2
for cmd in check entries; do
	"$bin" $cmd --fail-on none corpus >"$scratch/some.txt" 2>/dev/null
	"$bin" $cmd --fail-on none --parse-all corpus >"$scratch/all.txt" 2>/dev/null
	diff -u "$scratch/all.txt" "$scratch/some.txt" >&2 || fail "$cmd on corpus/ differs with --parse-all"
done

cd "$scratch" || exit 2
mkdir tree
cat >tree/entry.c <<'C'
#include <ntddk.h>
NTSTATUS StartAll(PDRIVER_OBJECT DriverObject);
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	return StartAll(DriverObject);
}
C
cat >tree/helper.c <<'C'
#include <ntddk.h>
NTSTATUS StartAll(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	return STATUS_SUCCESS;
}
C
cat >tree/unrelated.c <<'C'
#include <ntddk.h>
VOID NeverCalled(VOID)
{
}
C
"$bin" entries -v tree >out.txt 2>err.txt || fail "entries on the tree exited $?"
grep -q "analyzed 2 of 3 files" err.txt || fail "expected 2 of 3 files parsed: $(grep parsed err.txt)"
grep -q "1 not parsed" err.txt || fail "expected the unrelated file not parsed: $(grep parsed err.txt)"
"$bin" entries -v --parse-all tree >all.txt 2>err.txt || fail "entries --parse-all exited $?"
grep -q "analyzed 3 of 3 files" err.txt || fail "--parse-all did not parse every file: $(grep parsed err.txt)"
diff -u all.txt out.txt >&2 || fail "entries differ with --parse-all"

# A C++ member initializer, `) : Index(index) {`, is no definition of a
# routine or global named Index: the file that has one is not parsed for the
# entry point's own static Index (a user-mode test file of xdp cost 4 s so).
mkdir members
cat >members/entry.c <<'C'
#include <ntddk.h>
static ULONG Index;
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	Index = 1;
	return Index ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
C
cat >members/holder.cpp <<'C'
struct Holder {
	unsigned long Index, Count;
	Holder(unsigned long index) : Count(0), Index(index) {}
	explicit Holder() : Index(0) {}
};
C
"$bin" entries -v members >out.txt 2>err.txt || fail "entries on members/ exited $?"
grep -q "analyzed 1 of 2 files" err.txt || fail "a member initializer made a file worth parsing: $(grep parsed err.txt)"
"$bin" entries -v --parse-all members >all.txt 2>/dev/null || fail "entries --parse-all on members/ exited $?"
diff -u all.txt out.txt >&2 || fail "entries on members/ differ with --parse-all"

# A global the entry point uses, initialized in another file: that file is
# parsed, so the rule that judges the initializer still sees it.
mkdir flt
cat >flt/filter.c <<'C'
#include <fltKernel.h>
extern const FLT_REGISTRATION Registration;
PFLT_FILTER Filter;
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	NTSTATUS status = FltRegisterFilter(DriverObject, &Registration, &Filter);
	if (!NT_SUCCESS(status))
		return status;
	status = FltStartFiltering(Filter);
	if (!NT_SUCCESS(status))
		FltUnregisterFilter(Filter);
	return status;
}
C
cat >flt/registration.c <<'C'
#include <fltKernel.h>
const FLT_REGISTRATION Registration = {
	sizeof(FLT_REGISTRATION),
	0,
};
C
"$bin" check --fail-on none flt >some.txt 2>/dev/null
"$bin" check --fail-on none --parse-all flt >all.txt 2>/dev/null
grep -q "FLT007" all.txt || fail "the tree's FLT007 is not found even with --parse-all: $(cat all.txt)"
diff -u all.txt some.txt >&2 || fail "check on the minifilter differs with --parse-all"

mkdir -p flt/tests && cp flt/filter.c flt/tests/copy.c && cp flt/registration.c flt/tests/reg.c
count() { "$bin" entries "$@" 2>/dev/null | tail -1; }
[ "$(count flt)" = "2 DriverEntry routines in 4 files" ] || fail "tree: $(count flt)"
[ "$(count --exclude tests flt)" = "1 DriverEntry routine in 2 files" ] || fail "--exclude tests: $(count --exclude tests flt)"
[ "$(count --exclude 'flt/tests/*' flt)" = "1 DriverEntry routine in 2 files" ] || fail "--exclude path"
[ "$(count --exclude '*.c' flt)" = "0 DriverEntry routines in 0 files" ] || fail "--exclude '*.c': $(count --exclude '*.c' flt)"
echo '{ "exclude": ["tests"] }' >flt/.entrycheck.json
(cd flt && [ "$("$bin" entries . 2>/dev/null | tail -1)" = "1 DriverEntry routine in 2 files" ]) || fail "configuration's exclude"
rm flt/.entrycheck.json
"$bin" check --fail-on none --select FLT007 --exclude tests flt >sel.txt 2>&1
grep -q "FLT007" sel.txt || fail "--select FLT007 lost FLT007: $(cat sel.txt)"
"$bin" check --fail-on none --ignore flt007 flt >ign.txt 2>&1
grep -q "FLT007" ign.txt && fail "--ignore flt007 still reports it"
"$bin" check --select FLT9 flt >bad.txt 2>&1
[ $? = 2 ] && grep -q "names no rule" bad.txt || fail "--select of no rule: $(cat bad.txt)"

# A source file another input includes (`#include "entry.c"`): its DriverEntry
# is analyzed as part of the includer, once, although the included file is an
# input of its own too (and cannot be compiled alone).
mkdir inc
printf '#include <ntddk.h>\n#define DRV_TAG 1\n#include "entry.c"\n' >inc/main.c
cat >inc/entry.c <<'C'
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	UNICODE_STRING link;
	UNREFERENCED_PARAMETER(DriverObject);
	RtlInitUnicodeString(&link, L"\\DosDevices\\Inc");
	status = IoCreateSymbolicLink(&link, RegistryPath);
	return STATUS_SUCCESS;
}
C
"$bin" entries inc >out.txt 2>/dev/null
[ "$(tail -1 out.txt)" = "1 DriverEntry routine in 2 files" ] || fail "included entry: $(cat out.txt)"
grep -q "^inc/entry.c:2:10: DriverEntry \[other\]$" out.txt || fail "included entry not analyzable at its place: $(cat out.txt)"
"$bin" check inc >out.txt 2>/dev/null
grep -q "inc/entry.c:8:11: error: .*\[DE005\]" out.txt || fail "included entry not checked: $(cat out.txt)"

# A WDM DriverEntry that creates and registers nothing (an export driver) has
# nothing an unload routine would undo: no WDM003 even when its build file
# says WDM (here --model).
"$bin" check --model wdm "$root/corpus/wdm/exportlib.c" >out.txt 2>&1
grep -q "WDM003" out.txt && fail "WDM003 on a DriverEntry that creates nothing: $(cat out.txt)"

# Build files of a file named alone are looked for in the subtrees above it
# only up to the top of its source tree (README, .git, ...) when that is near:
# never the whole home directory or file system.
mkdir -p pj/a/src/drv pj/a/proj/drv
cp "$root/tests/projects/sibling/proj/drv/drv.vcxproj" pj/a/proj/drv/
cp "$root/tests/projects/sibling/src/drv/driver.c" pj/a/src/drv/
(cd pj && "$bin" projects a/src/drv/driver.c 2>/dev/null | tail -1) >out.txt
[ "$(cat out.txt)" = "0 projects, 0 files compiled" ] || fail "no tree top, yet a project was found: $(cat out.txt)"
touch pj/a/README.md
(cd pj && "$bin" projects a/src/drv/driver.c 2>/dev/null | tail -1) >out.txt
[ "$(cat out.txt)" = "1 project, 1 file compiled" ] || fail "tree top two levels up, project not found: $(cat out.txt)"

# Progress: on a pseudo-terminal (script(1)) by default, never into a pipe.
if command -v script >/dev/null; then
	script -qec "'$bin' entries flt >/dev/null" /dev/null >tty.txt 2>&1
	grep -q '\[1/4\]' tty.txt || fail "no progress on a terminal: $(od -c tty.txt | head -3)"
	script -qec "'$bin' entries --no-progress flt >/dev/null" /dev/null >tty.txt 2>&1
	grep -q '\[1/4\]' tty.txt && fail "progress despite --no-progress"
fi
"$bin" entries flt 2>pipe.txt >/dev/null
grep -q '\[1/4\]' pipe.txt && fail "progress into a pipe"

finish "select: every check passed"
