/*
 * namecopy.c (violating) - the twin of ../namecopy.c whose default target
 * is a path longer than the buffer: RtlStringCchCopyW truncates it and
 * returns STATUS_BUFFER_OVERFLOW, which the helper drops.
 * Expected: DE005, at the copy.
 */

#include <ntddk.h>
#include <ntstrsafe.h>

#define NC_MAX_NAME 32

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NcUnload;

static WCHAR NcTarget[NC_MAX_NAME];

static VOID
NcSetTarget(_In_ PCWSTR Name)
{
    RtlStringCchCopyW(NcTarget, NC_MAX_NAME, Name);    // expect: DE005
}

VOID
NcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NcSetTarget(L"\\SystemRoot\\System32\\notepad.exe");

    DriverObject->DriverUnload = NcUnload;
    return STATUS_SUCCESS;
}
