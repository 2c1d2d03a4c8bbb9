#!/usr/bin/env bash
# What a kernel-mode driver build gives the code, in the shapes real drivers
# rely on: MSVC's preprocessor (the comma before an empty __VA_ARGS__
# vanishes), C try/finally (the kit's force-included warning.h), _KERNEL_MODE
# (/kernel) and the mode a project's DriverType names even when the file's
# other branch includes windows.h (or, with no project, the mode the branch
# holding DriverEntry needs), a routine named __min (no stdlib.h macro
# leaks from the model), and a version string built from several generated
# macros (all assumed in one go); quoted includes found up the include stack, and
# a header found by its case keeping its declarations; a header of the
# driver's that includes windows.h only outside kernel mode; a ',' pasted
# onto a name, as MSVC's preprocessor allows; the kit's C_ASSERT of an
# interface's layout; a constexpr routine MSVC accepts and clang would not.
#   tests/kernelbuild.sh BINARY
. "$(dirname "$0")/lib.sh"
use_binary "$1"
cd "$scratch" || exit 2

# Each file must list its DriverEntry with the state given.
expect() { # FILE STATE [ENTRIES ARGS]
	local f=$1 state=$2
	shift 2
	"$bin" entries --format json "$@" "$f" >out.json 2>err.txt
	local got
	got=$(python3 -c 'import json,sys; print(" ".join(e["analyzability"] for e in json.load(open("out.json"))["entries"]))' 2>/dev/null)
	[ "$got" = "$state" ] || fail "$f: '$got', expected '$state': $(grep -v 'import not found' err.txt | head -5)"
}

# The last file expected parsed without a clang error.
parsed_clean() { # FILE
	grep -q "clang reported" err.txt && fail "$1: parsed with errors: $(grep 'clang reported' err.txt)"
}

cat >varargs.c <<'EOF'
#include <ntddk.h>
#define LOG_(fmt, ...) DbgPrint("drv: " fmt "\n", __VA_ARGS__)
#define LOG(fmt) do { LOG_(fmt); } while (0)
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	LOG("loaded");
	return STATUS_SUCCESS;
}
EOF
expect varargs.c analyzable

cat >seh.c <<'EOF'
#include <ntifs.h>
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS Status = STATUS_SUCCESS;
	UNREFERENCED_PARAMETER(RegistryPath);
	FsRtlEnterFileSystem();
	try {
		DriverObject->DriverUnload = NULL;
	} finally {
		FsRtlExitFileSystem();
	}
	return Status;
}
EOF
expect seh.c analyzable

cat >minmax.c <<'EOF'
#include <ntddk.h>
static __forceinline ULONG __min(ULONG a, ULONG b) { return a < b ? a : b; }
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	return __min(RegistryPath->Length, 2) ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
EOF
expect minmax.c analyzable

cat >version.c <<'EOF'
#include <ntddk.h>
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	DbgPrint("%s\n", MAJOR_STR "." MINOR_STR "." MICRO_STR "." BUILD_STR "." EXTRA_STR);
	return STATUS_SUCCESS;
}
EOF
expect version.c degraded
"$bin" entries --format json version.c 2>/dev/null | grep -c '"EXTRA_STR (a string macro)"' | grep -q 1 ||
	fail "version.c: EXTRA_STR not assumed a string macro: $("$bin" entries --format json version.c 2>&1)"

# MSVC's quoted-include search: the directories of the including files, up
# the include stack (decls.h sits beside the main file, included from inc/).
mkdir -p stack/inc
printf '#include "decls.h"\n' >stack/inc/a.h
printf 'DRIVER_INITIALIZE DriverEntry;\nDRIVER_UNLOAD StackUnload;\n' >stack/decls.h
cat >stack/stack.c <<'EOF'
#include <ntddk.h>
#include "inc/a.h"
VOID StackUnload(PDRIVER_OBJECT DriverObject) { UNREFERENCED_PARAMETER(DriverObject); }
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	DriverObject->DriverUnload = StackUnload;
	return STATUS_SUCCESS;
}
EOF
expect stack/stack.c analyzable
"$bin" check stack/stack.c >out.txt 2>err.txt || fail "stack.c: findings: $(cat out.txt err.txt)"

# A header found only by its case (drv.H for "drv.h") stays the driver's
# own header: its role-type declarations count (no DE002, WDM005 or WDM006).
mkdir -p case
cat >case/drv.H <<'EOF'
#include <ntddk.h>
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CaseUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH CaseCreateClose;
EOF
cat >case/drv.c <<'EOF'
#include "drv.h"
NTSTATUS CaseCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	Irp->IoStatus.Status = STATUS_SUCCESS;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return STATUS_SUCCESS;
}
VOID CaseUnload(PDRIVER_OBJECT DriverObject) { UNREFERENCED_PARAMETER(DriverObject); }
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	DriverObject->MajorFunction[IRP_MJ_CREATE] = CaseCreateClose;
	DriverObject->MajorFunction[IRP_MJ_CLOSE] = CaseCreateClose;
	DriverObject->DriverUnload = CaseUnload;
	return STATUS_SUCCESS;
}
EOF
"$bin" check --fail-on note case/drv.c >out.txt 2>err.txt || fail "case/drv.c: $(cat out.txt) $(grep -v 'import not found' err.txt)"
grep -q "differs only in case" err.txt || fail "case/drv.c: no note for the header found by case: $(cat err.txt)"

# A file compiled as a kernel driver and as a user program: the project's
# DriverType decides, and _KERNEL_MODE selects the DriverEntry branch.
mkdir -p dual
cat >dual/dual.c <<'EOF'
#ifdef _KERNEL_MODE
#include <ntddk.h>
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	return STATUS_SUCCESS;
}
#else
#include <windows.h>
int main(void) { return 0; }
#endif
EOF
cat >dual/dual.vcxproj <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<Project DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup Label="Configuration">
    <ConfigurationType>Driver</ConfigurationType>
    <DriverType>WDM</DriverType>
  </PropertyGroup>
  <ItemGroup>
    <ClCompile Include="dual.c" />
  </ItemGroup>
</Project>
EOF
expect dual/dual.c analyzable
# Without the project too: the DriverEntry is compiled only under _KERNEL_MODE.
expect dual/dual.c analyzable --no-project

# The #else of #ifndef _KERNEL_MODE, in C++, with an enum of flags.
cat >dual/flags.cpp <<'EOF'
#ifndef _KERNEL_MODE
#include <windows.h>
int main() { return 0; }
#else
#include <ntddk.h>
enum PROBE_FLAGS { ProbeNone = 0, ProbeRead = 1, ProbeWrite = 2 };
DEFINE_ENUM_FLAG_OPERATORS(PROBE_FLAGS)
static PROBE_FLAGS ProbeMode = ProbeRead | ProbeWrite;
extern "C" DRIVER_INITIALIZE DriverEntry;
extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	ProbeMode &= ~ProbeWrite;
	return STATUS_SUCCESS;
}
#endif
EOF
expect dual/flags.cpp analyzable --no-project

# MSVC's preprocessor keeps a ',' that ## pastes onto a name (DMF's module
# macros paste the accessor's name onto the parameter list's comma).
cat >paste.c <<'EOF'
#include <ntddk.h>
#define DECLARE_GETTER(Name) PVOID Get(PVOID Base, ##Name##Offset);
DECLARE_GETTER(Ring)
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	return STATUS_SUCCESS;
}
EOF
expect paste.c analyzable
parsed_clean paste.c

# A header of the driver's that includes windows.h only outside kernel mode
# (an API header shared with user programs): the driver that includes it
# next to the kernel's headers is kernel code, parsed with the kernel's.
mkdir -p shared
cat >shared/common.h <<'EOF'
#ifdef _KERNEL_MODE
#include <ntdef.h>
#include <ntifs.h>
#else
#define WIN32_NO_STATUS
#include <windows.h>
#endif
EOF
cat >shared/driver.c <<'EOF'
#include <ntdef.h>
#include "common.h"
#include <ntddk.h>
DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	return STATUS_SUCCESS;
}
EOF
expect shared/driver.c analyzable --no-project
parsed_clean shared/driver.c

# The kit's C_ASSERT takes FIELD_OFFSET compared with an address that a
# macro computes from NULL, as MSVC folds it (interface layouts in C and C++),
# and is not enforced on the constants assumed for a missing header.
for ext in c cpp; do
	cat >cassert.$ext <<'EOF'
#include <ntddk.h>
#include "modes_missing.h"
typedef struct _OPS { PVOID Open; PVOID Close; } OPS;
typedef struct _IFACE { OPS *Operations; PVOID Context; } IFACE;
#define IFACE_CONTEXT(p) (&((IFACE *)(p))->Context)
C_ASSERT(FIELD_OFFSET(IFACE, Context) == (ULONG_PTR)IFACE_CONTEXT(NULL));
C_ASSERT(MODE_CAPTURE == 0 && MODE_STATISTICS == 1); /* guessed for a missing header: not enforced */
EXTERN_C DRIVER_INITIALIZE DriverEntry;
EXTERN_C NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	return STATUS_SUCCESS;
}
EOF
	expect cassert.$ext analyzable --no-project
	parsed_clean cassert.$ext
done

# MSVC takes a constexpr routine that is never a constant expression
# (a handle compared with an address cast from a number).
cat >constexpr.cpp <<'EOF'
#include <ntddk.h>
constexpr bool IsDataPipe(HANDLE pipe) { return pipe == reinterpret_cast<HANDLE>(0xFFFF0081); }
extern "C" DRIVER_INITIALIZE DriverEntry;
extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	return IsDataPipe(DriverObject) ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
}
EOF
expect constexpr.cpp analyzable --no-project
parsed_clean constexpr.cpp

finish "kernelbuild: every check passed"
