#!/usr/bin/env bash
# One program per driver (issue 38): what entrycheck says of a driver does not
# depend on what else the run holds. A generated tree holds two drivers in
# sibling folders that define the same helper names differently (one creates
# a device and leaks it on failure, the other does nothing), headers of the
# same name in each, and a kit-like inc/ folder with a storage header and a
# header that pulls it in. Each driver is checked on its own folder and from
# the root; per driver the findings, the model and the evidence must be the
# same bytes once paths are made comparable. Last, a library folder two
# drivers link: its helpers are followed when the driver defines none.
#   tests/driverscope.sh BINARY
. "$(dirname "$0")/lib.sh"
use_binary "$1"
command -v jq >/dev/null || skip "jq not found"

tree=$scratch/tree
# The top of a work tree: fingerprints are of paths relative to it, whatever
# folder the run starts in.
mkdir -p "$tree/.git" "$tree/inc" "$tree/callout/src" "$tree/callout/lib" "$tree/filter/src" "$tree/filter/lib"

# The kit: a storage header, and a header a driver may name that includes it.
cat >"$tree/inc/ntddstor.h" <<'C'
#pragma once
#define IOCTL_STORAGE_BASE 0x0000002d
typedef struct _STORAGE_KIT_MARK { int Unused; } STORAGE_KIT_MARK;
C
cat >"$tree/inc/drvkit.h" <<'C'
#pragma once
#include "ntddstor.h"
#define KIT_POOL_TAG 'tiKD'
C
# The same header name in both drivers' folders, the callout's missing.
cat >"$tree/filter/src/precomp.h" <<'C'
#pragma once
#include <ntddk.h>
#include <ntddstor.h>
NTSTATUS SetupHelper(PDRIVER_OBJECT DriverObject);
VOID FilterUnload(PDRIVER_OBJECT DriverObject);
C

# The callout: fills the whole dispatch table, its helper creates a device
# and leaks it when the second step fails.
cat >"$tree/callout/src/driver.c" <<'C'
#include <ntddk.h>
#include <drvkit.h>
#include "precomp.h"
NTSTATUS SetupHelper(PDRIVER_OBJECT DriverObject);
NTSTATUS StepTwo(VOID);
DRIVER_DISPATCH CalloutPass;
DRIVER_UNLOAD CalloutUnload;
DRIVER_INITIALIZE DriverEntry;

NTSTATUS CalloutPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	Irp->IoStatus.Status = STATUS_SUCCESS;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return STATUS_SUCCESS;
}

VOID CalloutUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	ULONG i;
	UNREFERENCED_PARAMETER(RegistryPath);
	for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
		DriverObject->MajorFunction[i] = CalloutPass;
	DriverObject->DriverUnload = CalloutUnload;
	return SetupHelper(DriverObject);
}
C
cat >"$tree/callout/lib/helper.c" <<'C'
#include <ntddk.h>
NTSTATUS StepTwo(VOID);
NTSTATUS SetupHelper(PDRIVER_OBJECT DriverObject)
{
	PDEVICE_OBJECT device;
	NTSTATUS status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
	if (!NT_SUCCESS(status))
		return status;
	status = StepTwo();
	if (!NT_SUCCESS(status))
		return status;
	return STATUS_SUCCESS;
}
C
cat >"$tree/callout/lib/step.c" <<'C'
#include <ntddk.h>
NTSTATUS StepTwo(VOID)
{
	return STATUS_UNSUCCESSFUL;
}
C

# A file that includes a source of the same name as the filter's entry file
# (a unity build written for another layout): not the callout's entry, so
# from the root as from its folder it is not parsed for it.
cat >"$tree/callout/lib/unity.c" <<'C'
#include "filter.c"
C

# The filter: the same names, a helper that acquires nothing.
cat >"$tree/filter/src/filter.c" <<'C'
#include "precomp.h"
DRIVER_INITIALIZE DriverEntry;
VOID FilterUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	DriverObject->DriverUnload = FilterUnload;
	return SetupHelper(DriverObject);
}
C
cat >"$tree/filter/lib/helper.c" <<'C'
#include <ntddk.h>
NTSTATUS StepTwo(VOID);
NTSTATUS SetupHelper(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	return StepTwo();
}
C
cat >"$tree/filter/lib/step.c" <<'C'
#include <ntddk.h>
NTSTATUS StepTwo(VOID)
{
	return STATUS_SUCCESS;
}
C

# Each driver's build: a project for the filter, a WDK 7 sources file for the
# callout, both naming their lib/ files.
cat >"$tree/filter/src/filter.vcxproj" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<Project DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup Label="Configuration">
    <ConfigurationType>Driver</ConfigurationType>
    <DriverType>WDM</DriverType>
  </PropertyGroup>
  <ItemGroup>
    <ClCompile Include="filter.c" />
    <ClCompile Include="..\lib\helper.c" />
    <ClCompile Include="..\lib\step.c" />
  </ItemGroup>
</Project>
XML
cat >"$tree/callout/src/sources" <<'TXT'
TARGETNAME=callout
TARGETTYPE=DRIVER
SOURCES=driver.c ..\lib\helper.c ..\lib\step.c
TXT

cd "$tree" || exit 2
for d in callout filter; do
	(cd "$d" && "$bin" check --no-cache --format json --fail-on none . >"$scratch/$d.alone.json" 2>/dev/null) ||
		fail "check on $d/ exited $?"
	(cd "$d" && "$bin" entries --no-cache --format json . >"$scratch/$d.alone.entries" 2>/dev/null) ||
		fail "entries on $d/ exited $?"
done
"$bin" check --no-cache --format json --fail-on none . >"$scratch/root.json" 2>/dev/null || fail "check on the root exited $?"
"$bin" entries --no-cache --format json . >"$scratch/root.entries" 2>/dev/null || fail "entries on the root exited $?"

# One driver's part of a report, its paths as a run on its folder shows them:
# findings with their evidence (related places, path, fingerprint), entries
# with their models, and the notes on its files.
part() { # FILE DRIVER ("" for a run on the driver's folder)
	jq -S --arg d "$2" '
		def mine: ($d == "" or ((.file // "") | startswith($d + "/")));
		def strip: walk(if type == "string" and $d != "" then gsub($d + "/"; "") else . end);
		{ findings: [(.findings // [])[] | select(mine)],
		  entries: [(.entries // [])[] | select(mine)],
		  problems: [(.problems // [])[] | select(.file != null and mine)] } | strip' "$1"
}
for d in callout filter; do
	for kind in json entries; do
		part "$scratch/$d.alone.$kind" "" >"$scratch/$d.alone.$kind.part"
		part "$scratch/root.$kind" "$d" >"$scratch/$d.root.$kind.part"
		diff -u "$scratch/$d.alone.$kind.part" "$scratch/$d.root.$kind.part" >&2 ||
			fail "$d: 'entrycheck ${kind/json/check}' differs between a run on its folder and on the root"
	done
done

# Nor on how the root's run is cut in groups (each input its own).
"$bin" check --no-cache --format json --fail-on none --group-size 1 . >"$scratch/groups.json" 2>/dev/null ||
	fail "check --group-size 1 on the root exited $?"
diff -u <(jq -S . "$scratch/root.json") <(jq -S . "$scratch/groups.json") >&2 ||
	fail "check on the root differs with --group-size 1"

# The checks above must be able to fail: each driver was seen for what it is.
jq -e '[.entries[] | select(.file == "callout/src/driver.c") | .models] == [["wdm"]]' \
	"$scratch/root.entries" >/dev/null || fail "the callout is not classified wdm from the root"
jq -e '[.findings[] | select(.ruleId == "DE006" and .file == "callout/src/driver.c")] | length == 1' \
	"$scratch/root.json" >/dev/null || fail "the callout's leaked device (DE006, through its lib/ helper) is not found from the root"
jq -e '[.findings[] | select(.file | startswith("filter/")) | .ruleId] | index("DE006") == null' \
	"$scratch/root.json" >/dev/null || fail "the filter took the callout's helper"
jq -e '[.findings[] | select(.ruleId | startswith("SFD"))] | length == 0' \
	"$scratch/root.json" >/dev/null || fail "storage-filter rules fired from the root"

# A library folder two drivers link (common/, no entry point under it): a
# helper defined there alone is followed from either driver; a name the
# driver's own folder also defines is the driver's own.
lib=$scratch/libtree
mkdir -p "$lib/.git" "$lib/common" "$lib/keys" "$lib/panel"
cat >"$lib/common/kitlog.c" <<'C'
#include <ntddk.h>
VOID KitLog(PCSTR Text) { DbgPrint("%s", Text); }
NTSTATUS KitCreate(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Device)
{
	return IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, Device);
}
NTSTATUS KitStart(VOID) { return STATUS_SUCCESS; }
C
for d in keys panel; do
	cat >"$lib/$d/entry.c" <<'C'
#include <ntddk.h>
VOID KitLog(PCSTR Text);
NTSTATUS KitCreate(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT *Device);
NTSTATUS KitStart(VOID);
DRIVER_INITIALIZE DriverEntry;
PDEVICE_OBJECT g_Device;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	UNREFERENCED_PARAMETER(RegistryPath);
	status = KitCreate(DriverObject, &g_Device);
	if (!NT_SUCCESS(status))
		return status;
	status = KitStart();
	if (!NT_SUCCESS(status)) {
		KitLog("start failed");
		return status;
	}
	IoDeleteDevice(g_Device);
	return STATUS_UNSUCCESSFUL;
}
C
done
# The panel's own KitStart cannot fail: its DriverEntry leaks nothing.
cat >"$lib/panel/start.c" <<'C'
#include <ntddk.h>
NTSTATUS KitStart(VOID) { return STATUS_SUCCESS; }
C
sed -i 's/return STATUS_SUCCESS; }$/return KeGetCurrentIrql() ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS; }/' "$lib/common/kitlog.c"
# A registration the library keeps behind a static flag of its own file: the
# meter's failure path stops it (the flag its start set says so); the gauge's
# forgets to (DE006).
cat >"$lib/common/kittrace.c" <<'C'
#include <ntddk.h>
static const GUID KitProvider = { 0x3b1f0c2a, 0x1d2e, 0x4f60, { 0x8a, 0x9b, 0x0c, 0x1d, 0x2e, 0x3f, 0x4a, 0x5b } };
static REGHANDLE KitTrace;
static BOOLEAN KitTraceOn;
NTSTATUS KitTraceStart(VOID)
{
	if (KitTraceOn)
		return STATUS_SUCCESS;
	NTSTATUS status = EtwRegister(&KitProvider, NULL, NULL, &KitTrace);
	if (status != 0)
		return status;
	KitTraceOn = TRUE;
	return STATUS_SUCCESS;
}
VOID KitTraceStop(VOID)
{
	if (KitTraceOn) {
		EtwUnregister(KitTrace);
		KitTraceOn = FALSE;
	}
}
C
for d in meter gauge; do
	mkdir -p "$lib/$d"
	cat >"$lib/$d/entry.c" <<'C'
#include <ntddk.h>
NTSTATUS KitTraceStart(VOID);
VOID KitTraceStop(VOID);
DRIVER_INITIALIZE DriverEntry;
PDEVICE_OBJECT g_Device;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	UNREFERENCED_PARAMETER(RegistryPath);
	status = KitTraceStart();
	if (!NT_SUCCESS(status))
		return status;
	status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Device);
	if (!NT_SUCCESS(status)) {
		KitTraceStop();
		return status;
	}
	IoDeleteDevice(g_Device);
	KitTraceStop();
	return STATUS_UNSUCCESSFUL;
}
C
done
sed -i 's/^\t\tKitTraceStop();$/\t\t;/' "$lib/gauge/entry.c"
(cd "$lib" && "$bin" check --no-cache --format json --fail-on none . >"$scratch/lib.json" 2>/dev/null) ||
	fail "check on the library tree exited $?"
jq -e '[.findings[] | select(.ruleId == "DE006") | .file] | sort == ["gauge/entry.c", "keys/entry.c"]' "$scratch/lib.json" >/dev/null ||
	fail "the library's KitCreate, KitStart and KitTraceStop were not followed from keys/, meter/ and gauge/ (its static flag as its own file's), or were taken over the panel's own KitStart: $(jq -c '[.findings[] | [.ruleId, .file, .line]]' "$scratch/lib.json")"
jq -e '[.problems[]? | select(.message | test("KitLog|KitCreate"))] | length == 0' "$scratch/lib.json" >/dev/null ||
	fail "a library helper was not followed: $(jq -c '[.problems[]? | .message]' "$scratch/lib.json")"

finish
